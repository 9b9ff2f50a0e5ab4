//! The engine over the real built-in tables: the table contract the lookups
//! rely on, and the benchmark messages validating cleanly.

use std::path::Path;

use roam::diameter::dict::table::{Application, Position};
use roam::diameter::dict::{Dictionary, ValidationErrorKind, MAX_GRAMMAR_RULES};
use roam::diameter::wire::{ApplicationId, AvpCode, AvpType, CommandCode, Message, VendorId};

fn tables() -> &'static [&'static Application] {
    Dictionary::builtin().static_tables()
}

#[test]
fn builtin_has_the_five_applications() {
    let d = Dictionary::builtin();
    for id in [0, 1, 2, 4, 8] {
        assert!(
            d.application(ApplicationId(id)).is_some(),
            "application {id}"
        );
    }
    let cer = d
        .command(CommandCode::CAPABILITIES_EXCHANGE, ApplicationId(0))
        .unwrap();
    assert_eq!(cer.request_abbrev(), "CER");
    assert!(!cer.proxiable());
    let oh = d.avp(AvpCode::ORIGIN_HOST, VendorId::IETF).unwrap();
    assert_eq!(
        (oh.name(), oh.ty()),
        ("Origin-Host", AvpType::DiameterIdentity)
    );
    assert!(d.is_grouped(AvpCode::VENDOR_SPECIFIC_APPLICATION_ID, VendorId::IETF));
    assert!(d.avp(AvpCode(9999), VendorId::IETF).is_none());
    assert_eq!(
        d.avp_by_name("Origin-Realm").map(|a| a.code()),
        Some(AvpCode::ORIGIN_REALM)
    );
    assert!(d.avp_by_name("No-Such-AVP").is_none());
    let dbg = format!("{d:?}");
    assert!(dbg.starts_with("Dictionary") && dbg.len() < 600, "{dbg}");
    assert!(d.avp(AvpCode::ORIGIN_HOST, VendorId::TGPP).is_none());
}

#[test]
fn tables_are_sorted_as_the_lookups_require() {
    for t in tables() {
        let keys: Vec<_> = t.avps.iter().map(|a| (a.vendor, a.code)).collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]), "{} avps", t.name);
        let keys: Vec<_> = t.grouped.iter().map(|g| (g.vendor, g.code)).collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]), "{} grouped", t.name);
        let keys: Vec<_> = t.commands.iter().map(|c| (c.code, c.application)).collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]), "{} commands", t.name);
        for a in t.avps {
            assert!(
                a.enums.windows(2).all(|w| w[0].0 < w[1].0),
                "{} enums",
                a.name
            );
        }
    }
}

#[test]
fn every_static_definition_is_found() {
    let d = Dictionary::builtin();
    for t in tables() {
        for a in t.avps {
            let found = d.avp(AvpCode(a.code), VendorId(a.vendor)).unwrap();
            assert_eq!(found.name(), a.name);
            assert!(found.is_builtin());
            for &(v, n) in a.enums {
                assert_eq!(found.enum_name(v), Some(n));
            }
            assert_eq!(
                d.is_grouped(AvpCode(a.code), VendorId(a.vendor)),
                a.ty == AvpType::Grouped
            );
        }
        for g in t.grouped {
            assert!(d.grouped(AvpCode(g.code), VendorId(g.vendor)).is_some());
            assert!(g.rules.len() <= MAX_GRAMMAR_RULES);
        }
        for c in t.commands {
            let found = d
                .command(CommandCode(c.code), ApplicationId(c.application))
                .unwrap();
            assert_eq!(found.name(), c.name);
            assert!(c.request.len() <= MAX_GRAMMAR_RULES);
            assert!(c.answer.len() <= MAX_GRAMMAR_RULES);
            // Fixed rules come first (RFC 6733 §3.2).
            for rules in [c.request, c.answer] {
                let first_other = rules
                    .iter()
                    .position(|r| r.position != Position::Fixed)
                    .unwrap_or(rules.len());
                assert!(
                    rules[first_other..]
                        .iter()
                        .all(|r| r.position != Position::Fixed),
                    "{} fixed rules first",
                    c.name
                );
            }
        }
    }
}

#[test]
fn grammar_members_are_defined() {
    let d = Dictionary::builtin();
    for t in tables() {
        let all = t
            .commands
            .iter()
            .flat_map(|c| c.request.iter().chain(c.answer))
            .chain(t.grouped.iter().flat_map(|g| g.rules));
        for r in all {
            assert!(
                d.avp(AvpCode(r.code), VendorId(r.vendor)).is_some(),
                "{}: rule for undefined AVP {}/{}",
                t.name,
                r.code,
                r.vendor
            );
        }
    }
}

fn bench(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testvectors/diameter/bench")
        .join(name);
    std::fs::read(path).unwrap()
}

/// The benchmark messages against the built-in tables alone. Five are
/// valid; four break a rule of the RFC tables, each confirmed independently
/// where a tool could (tshark 4.0.17).
#[test]
fn bench_messages_validate() {
    let d = Dictionary::builtin();
    for name in ["cer.bin", "cea.bin", "dwr.bin", "dwa.bin", "amr.bin"] {
        let bytes = bench(name);
        if let Err(e) = d.validate_bytes(&bytes) {
            panic!("{name}: {e}");
        }
    }
    let code = |name: &str| {
        let bytes = bench(name);
        let e = d.validate_bytes(&bytes).unwrap_err();
        (e.result_code().0, e.kind())
    };
    // AVP 47 (RADIUS Acct-Input-Packets) with M: no RFC table here defines
    // it (RFC 7155 uses Accounting-Input-Packets, 365).
    assert_eq!(
        code("acr.bin").1,
        ValidationErrorKind::AvpUnsupported {
            code: AvpCode(47),
            vendor: VendorId::IETF
        }
    );
    // 3GPP RAT-Type with M, and no 3GPP table built in.
    assert_eq!(code("ccr.bin").0, 5001);
    // Accounting-Sub-Session-Id (Unsigned64) with 4 data bytes; tshark:
    // "Bad Unsigned64 Length (4)".
    assert_eq!(
        code("ama.bin").1,
        ValidationErrorKind::InvalidAvpLength {
            code: AvpCode::ACCOUNTING_SUB_SESSION_ID,
            length: 12
        }
    );
    // MIP-MN-to-HA-MSA without MIP-Replay-Mode (346), required by its
    // RFC 4004 grammar.
    assert_eq!(
        code("har.bin").1,
        ValidationErrorKind::MissingAvp {
            code: AvpCode(346),
            vendor: VendorId::IETF
        }
    );
}

#[test]
fn bench_decode_allocates_nothing_and_names_every_avp() {
    // Lookups are plain reads of static data: walk cer.bin and resolve every
    // AVP, recursing into grouped ones.
    let bytes = bench("cer.bin");
    let d = Dictionary::builtin();
    let msg = Message::new_checked(&bytes[..]).unwrap();
    fn walk(d: &Dictionary, avps: roam::diameter::wire::Avps<'_>, n: &mut usize) {
        for a in avps {
            let a = a.unwrap();
            let def = d.avp(a.code(), a.vendor_id()).expect("known AVP");
            *n += 1;
            if def.ty() == AvpType::Grouped {
                walk(d, a.grouped().unwrap(), n);
            }
        }
    }
    let mut n = 0;
    walk(d, msg.avps(), &mut n);
    assert!(n >= 10, "{n}");
}
