//! Policy fuzz bodies: profile wire forms and the compiled classifier.

use alloc::string::ToString;
use alloc::vec::Vec;

use crate::policy::classbench;
use crate::policy::compiled::{BuildConfig, CompiledMatcher};
use crate::policy::ipfilter;
use crate::policy::linear::LinearMatcher;
use crate::policy::profile::Profile;
use crate::policy::wire;
use crate::policy::{AddrMatch, Filter, FiveTuple, PortRange, ProtoMatch, Rule, RuleId};

/// The first byte picks a parser: 0 profile body, 1 text form, 2
/// IPFilterRule text, 3 Diameter AVP, 4 NVSE, 5 ClassBench filter line, 6 the
/// search's raw IPv4 reader (keys and nested decapsulation).
/// Whatever parses must re-emit to something that parses to the same value,
/// and a canonical body must re-emit byte for byte.
pub fn policy_profile(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    match mode % 7 {
        0 => {
            if let Ok(p) = wire::parse_body(rest) {
                let again = wire::body_to_vec(&p).ok();
                assert_eq!(again.as_deref(), Some(rest), "body re-emit differs");
            }
        }
        1 => {
            if let Ok(Ok(p)) = core::str::from_utf8(rest).map(str::parse::<Profile>) {
                let q: Result<Profile, _> = p.to_string().parse();
                assert_eq!(q.as_ref().ok(), Some(&p), "text round trip");
                if let Ok(b) = wire::body_to_vec(&p) {
                    assert_eq!(wire::parse_body(&b).ok().as_ref(), Some(&p));
                }
            }
        }
        2 => {
            if let Ok(Ok(r)) = core::str::from_utf8(rest).map(ipfilter::from_ip_filter_rule_text) {
                let text = ipfilter::to_ip_filter_rule_text(&r);
                let again = text.as_deref().map(ipfilter::from_ip_filter_rule_text);
                assert!(
                    matches!(again, Ok(Ok(q)) if q == r),
                    "IPFilterRule round trip"
                );
            }
        }
        3 => {
            if let Ok(p) = wire::parse_diameter_avp(rest, wire::ROAM_VENDOR_ID) {
                let mut buf = [0u8; 512];
                let n = wire::emit_diameter_avp(&p, wire::ROAM_VENDOR_ID, &mut buf);
                let n = n.unwrap_or(0);
                assert_eq!(
                    wire::parse_diameter_avp(buf.get(..n).unwrap_or(&[]), wire::ROAM_VENDOR_ID)
                        .ok(),
                    Some(p)
                );
            }
        }
        4 => {
            if let Ok(p) = wire::parse_nvse(rest, wire::ROAM_VENDOR_ID) {
                let mut buf = [0u8; 512];
                let n = wire::emit_nvse(&p, wire::ROAM_VENDOR_ID, &mut buf).unwrap_or(0);
                // The reserved octets are ignored on receipt and sent as zero.
                let mut expect = rest.to_vec();
                if let Some(r) = expect.get_mut(2..4) {
                    r.fill(0);
                }
                assert_eq!(buf.get(..n), Some(&expect[..]), "NVSE re-emit differs");
            }
        }
        6 => {
            use crate::policy::search::{Headers, RawIpv4};
            let mut pkt = RawIpv4::new(rest);
            let mut depth = 0;
            while let Some(p) = pkt {
                let _ = p.key();
                depth += 1;
                assert!(depth <= rest.len() / 20 + 1, "decapsulation must shrink");
                pkt = p.decapsulate();
            }
        }
        _ => {
            if let Ok(Ok(f)) = core::str::from_utf8(rest).map(classbench::parse_filter) {
                let line = classbench::format_filter(&f).unwrap_or_default();
                assert_eq!(classbench::parse_filter(&line).ok(), Some(f));
            }
        }
    }
}

/// Most rules the equivalence target builds from one input.
const FUZZ_MAX_RULES: usize = 64;
const RULE_BYTES: usize = 20;
const PACKET_BYTES: usize = 13;

fn be32(b: &[u8], at: usize) -> u32 {
    crate::wire::be_u32(b, at).unwrap_or(0)
}

fn be16(b: &[u8], at: usize) -> u16 {
    crate::wire::be_u16(b, at).unwrap_or(0)
}

fn addr(a: u32, len: u8) -> AddrMatch {
    if len <= 32 {
        AddrMatch::new(a, crate::policy::filter::prefix_mask(len))
    } else {
        // Octet-wildcard style masks (seed 000 §3.2).
        AddrMatch::new(a, u32::from(len).wrapping_mul(0x0101_0101))
    }
}

fn ports(lo: u16, hi: u16) -> PortRange {
    PortRange::new(lo.min(hi), lo.max(hi)).unwrap_or(PortRange::ANY)
}

/// Decodes rules and packets from the bytes, builds the compiled and the
/// linear matcher and asserts identical verdicts, also after removing and
/// re-inserting rules.
pub fn classifier_equivalence(data: &[u8]) {
    let Some((&head, rest)) = data.split_first() else {
        return;
    };
    let n = usize::from(head) % (FUZZ_MAX_RULES + 1);
    let rule_bytes = rest.get(..n * RULE_BYTES).unwrap_or(rest);
    let rules: Vec<Rule> = rule_bytes
        .chunks_exact(RULE_BYTES)
        .enumerate()
        .map(|(i, b)| Rule {
            id: RuleId(i as u32 * 2 + 1),
            filter: Filter {
                src: addr(be32(b, 0), b.get(4).copied().unwrap_or(0)),
                dst: addr(be32(b, 5), b.get(9).copied().unwrap_or(0)),
                sport: ports(be16(b, 10), be16(b, 12)),
                dport: ports(be16(b, 14), be16(b, 16)),
                proto: ProtoMatch::new(
                    b.get(18).copied().unwrap_or(0),
                    b.get(19).copied().unwrap_or(0),
                ),
            },
        })
        .collect();
    let packets: Vec<FiveTuple> = rest
        .get(rule_bytes.len()..)
        .unwrap_or(&[])
        .chunks_exact(PACKET_BYTES)
        .map(|b| FiveTuple {
            src: be32(b, 0),
            dst: be32(b, 4),
            sport: be16(b, 8),
            dport: be16(b, 10),
            proto: b.get(12).copied().unwrap_or(0),
        })
        // Also probe the corners of every rule.
        .chain(rules.iter().map(|r| FiveTuple {
            src: r.filter.src.addr(),
            dst: r.filter.dst.hull().1,
            sport: r.filter.sport.lo(),
            dport: r.filter.dport.hi(),
            proto: r.filter.proto.value(),
        }))
        .collect();
    let cfg = BuildConfig {
        leaf_size: 1 + usize::from(head >> 6),
        spfac: 2,
        max_cut_bits: 1 + (head >> 5) % 8,
        overlay_max: 3,
        separate: head & 1 == 0,
        single_tree_budget: usize::from(head & 2) * 2,
        ..BuildConfig::default()
    };
    let (Ok(mut lin), Ok(mut comp)) = (
        LinearMatcher::new(&rules),
        CompiledMatcher::with_config(&rules, cfg),
    ) else {
        return;
    };
    let check = |lin: &LinearMatcher, comp: &CompiledMatcher| {
        for k in &packets {
            assert_eq!(comp.classify(k), lin.classify(k), "{k:?}");
        }
    };
    check(&lin, &comp);
    for r in rules.iter().step_by(3) {
        assert_eq!(comp.remove(r.id), lin.remove(r.id));
    }
    check(&lin, &comp);
    for r in rules.iter().step_by(3) {
        let moved = Rule {
            id: RuleId(r.id.0 + 1),
            filter: r.filter,
        };
        assert_eq!(comp.insert(moved).is_ok(), lin.insert(moved).is_ok());
    }
    check(&lin, &comp);
}
