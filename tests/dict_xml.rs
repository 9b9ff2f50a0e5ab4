//! The Wireshark XML dictionary loader: the scanner on small crafted inputs,
//! and the real dictionaries Debian's wireshark-common installs.

mod dict_support;

use std::collections::HashMap;
use std::path::Path;

use dict_support::{avp, with_avps, CER, DICT};
use proptest::prelude::*;
use roam::diameter::dict::xml::{LoadErrorKind, LoadOptions};
use roam::diameter::dict::{Dictionary, Precedence, ValidationErrorKind};
use roam::diameter::wire::{ApplicationId, AvpCode, AvpType, CommandCode, ResultCode, VendorId};

const WIRESHARK_DIR: &str = "/usr/share/wireshark/diameter";

fn load(
    files: &[(&str, &str)],
    root: &str,
) -> Result<(Dictionary, roam::diameter::dict::xml::LoadReport), roam::diameter::dict::xml::LoadError>
{
    let map: HashMap<String, String> = files
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    let mut d = DICT.clone();
    let r = d.load_wireshark_xml(root, |f| map.get(f).cloned(), &LoadOptions::default())?;
    Ok((d, r))
}

const SMALL: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<?type-proto key="MIPRegistrationRequest" value="mip" ?>
<!DOCTYPE dictionary SYSTEM "dictionary.dtd" [
    <!-- the vendor file -->
    <!ENTITY acme SYSTEM "acme.xml">
]>
<dictionary>
  <base uri='http://example.org/'>
    <typedefn type-name="Unsigned32"/>
    <typedefn type-name="AppId" type-parent="Unsigned32"/>
    <avp name="Origin-Host" code="264" mandatory="must" vendor-bit="mustnot">
      <type type-name="DiameterIdentity"/>
    </avp>
  </base>
  <![CDATA[ <ignored> & stuff ]]>
  &acme;
  <vendor vendor-id="ACME" code="99999" name="ACME &amp; Sons"/>
</dictionary>
"#;

const ACME: &str = r#"<?xml version="1.0"?>
<application id="16777000" name="ACME app">
  <command name="ACME-Thing" code="8388999" vendor-id="ACME">
    <request>
      <fixed><avp name="Session-Id"/></fixed>
      <required><avp name="Origin-Host"/><avp name="ACME-Info" max="*"/></required>
      <optional><avp name="ACME-Kind" max="2"/></optional>
    </request>
  </command>
  <avp name="ACME-Kind" code="1" mandatory="must" vendor-bit="must" vendor-id="ACME">
    <type type-name="Enumerated"/>
    <enum name="red" code="0"/>
    <enum name="minus" code="-1"/>
  </avp>
  <avp name="ACME-Id" code="2" mandatory="mustnot" vendor-id="ACME">
    <type type-name="AppId"/>
  </avp>
  <avp name="ACME-Info" code="3" mandatory="must" vendor-id="ACME">
    <grouped>
      <gavp name="ACME-Kind"/>
      <gavp name="ACME-Id"/>
    </grouped>
  </avp>
</application>
"#;

#[test]
fn small_dictionary_with_include() {
    let (d, r) = load(&[("acme.xml", ACME)], SMALL).unwrap();
    assert_eq!(r.files, 2);
    assert_eq!(r.vendors, 1);
    assert_eq!(r.applications, 1);
    assert_eq!(r.commands, 1);
    assert_eq!(r.grouped, 1);
    assert_eq!(r.avps, 3);
    assert_eq!(r.skipped_builtin, 1, "Origin-Host is in the static tables");
    assert_eq!(r.unresolved_names, 0);
    let acme = VendorId(99999);
    assert_eq!(d.vendor_name(acme), Some("ACME & Sons"));
    let kind = d.avp(AvpCode(1), acme).unwrap();
    assert_eq!(kind.name(), "ACME-Kind");
    assert_eq!(kind.ty(), AvpType::Enumerated);
    assert_eq!(kind.enum_name(-1), Some("minus"));
    assert_eq!(
        kind.enums().collect::<Vec<_>>(),
        vec![(-1, "minus"), (0, "red")]
    );
    assert_eq!(d.avp(AvpCode(2), acme).unwrap().ty(), AvpType::Unsigned32);
    assert!(d.is_grouped(AvpCode(3), acme));
    let g = d.grouped(AvpCode(3), acme).unwrap();
    assert!(g.extensible());
    assert_eq!(g.rules().len(), 2);
    let app = d.application(ApplicationId(16777000)).unwrap();
    assert_eq!(app.name(), "ACME app");
    let cmd = d
        .command(CommandCode(8388999), ApplicationId(16777000))
        .unwrap();
    assert_eq!(cmd.name(), "ACME-Thing");
    assert!(cmd.proxiable());
    assert!(!cmd.extensible(true));
    let rules = cmd.rules(true);
    assert_eq!(rules.len(), 4);
    assert_eq!((rules[0].code, rules[0].min, rules[0].max), (263, 1, 1));
    assert_eq!(
        (rules[2].code, rules[2].vendor, rules[2].max),
        (3, 99999, u16::MAX)
    );
    assert_eq!((rules[3].min, rules[3].max), (0, 2));
}

#[test]
fn runtime_command_grammar_validates() {
    let (d, _) = load(&[("acme.xml", ACME)], SMALL).unwrap();
    #[rustfmt::skip]
    let mut req = vec![
        0x01, 0x00, 0x00, 0x00, // version, length (patched)
        0xc0, 0x7f, 0xff, 0x67, // R P, Command Code 8388967? no: patched below
        0x00, 0xfe, 0x4f, 0xe8, // Application-Id 16777192? patched below
        0x00, 0x00, 0x00, 0x01,
        0x00, 0x00, 0x00, 0x02,
    ];
    req[5..8].copy_from_slice(&8388999u32.to_be_bytes()[1..]);
    req[8..12].copy_from_slice(&16777000u32.to_be_bytes());
    let mut body = avp(263, 0x40, None, b"s;1");
    body.extend(avp(264, 0x40, None, b"h.example"));
    let info = avp(
        3,
        0xc0,
        Some(99999),
        &avp(1, 0xc0, Some(99999), &[0, 0, 0, 0]),
    );
    body.extend(info);
    let ok = with_avps(&req, &body);
    d.validate_bytes(&ok).unwrap();
    // Without ACME-Info: 5005 with a vendor-specific synthesized AVP.
    let mut body2 = avp(263, 0x40, None, b"s;1");
    body2.extend(avp(264, 0x40, None, b"h.example"));
    let missing = with_avps(&req, &body2);
    let err = d.validate_bytes(&missing).unwrap_err();
    assert_eq!(err.result_code(), ResultCode::MISSING_AVP);
    assert_eq!(
        err.failed_avp(),
        Some(&[0, 0, 0, 3, 0xc0, 0, 0, 12, 0, 0x01, 0x86, 0x9f][..])
    );
    // An unknown vendor AVP in the closed grammar is refused (known: 5008).
    let extra = avp(2, 0x80, Some(99999), &[0, 0, 0, 1]);
    let bad = with_avps(&ok, &extra);
    let err = d.validate_bytes(&bad).unwrap_err();
    assert!(matches!(
        err.kind(),
        ValidationErrorKind::AvpNotAllowed { .. }
    ));
}

#[test]
fn avps_inside_vendor_inherit_it() {
    let x = r#"<dictionary><vendor vendor-id="V" code="4242" name="Vee">
        <avp name="Vee-One" code="1" mandatory="mustnot"><type type-name="Unsigned32"/></avp>
        <avp name="Vee-Two" code="2" vendor-id="None"><type type-name="Unsigned32"/></avp>
        </vendor>
        <base><avp name="Plain" code="65000"><type type-name="Unsigned32"/></avp></base>
        </dictionary>"#;
    let (d, _) = load(&[], x).unwrap();
    let one = d.avp(AvpCode(1), VendorId(4242)).unwrap();
    assert_eq!(one.name(), "Vee-One");
    assert_eq!(one.v_rule(), roam::diameter::dict::table::FlagRule::Must);
    assert_eq!(d.avp(AvpCode(2), VendorId::IETF).unwrap().name(), "Vee-Two");
    assert_eq!(
        d.avp(AvpCode(65000), VendorId::IETF).unwrap().name(),
        "Plain"
    );
}

#[test]
fn precedence_runtime_overrides_builtin() {
    let mut d = DICT.clone();
    let over = r#"<dictionary><base>
        <avp name="Product-Name-Override" code="269" mandatory="may"><type type-name="OctetString"/></avp>
        </base></dictionary>"#;
    let r = d
        .load_wireshark_xml(
            over,
            |_| None,
            &LoadOptions {
                replace_builtin: true,
            },
        )
        .unwrap();
    assert_eq!(r.avps, 1);
    let def = d.avp(AvpCode::PRODUCT_NAME, VendorId::IETF).unwrap();
    assert_eq!(def.name(), "Product-Name-Override");
    assert!(!def.is_builtin());
    d.set_precedence(Precedence::BuiltinFirst);
    assert_eq!(
        d.avp(AvpCode::PRODUCT_NAME, VendorId::IETF).unwrap().name(),
        "Product-Name"
    );
    // Default options skip what the built-ins define.
    let mut d2 = DICT.clone();
    let r = d2
        .load_wireshark_xml(over, |_| None, &LoadOptions::default())
        .unwrap();
    assert_eq!((r.avps, r.skipped_builtin), (0, 1));
    assert_eq!(
        d2.avp(AvpCode::PRODUCT_NAME, VendorId::IETF)
            .unwrap()
            .name(),
        "Product-Name"
    );
    // Runtime definitions are visible to validation: the CER still passes.
    d2.validate_bytes(&CER).unwrap();
}

fn err_of(root: &str, files: &[(&str, &str)]) -> roam::diameter::dict::xml::LoadError {
    load(files, root).map(|_| ()).unwrap_err()
}

#[test]
fn typed_errors_with_lines() {
    let e = err_of("<dictionary>\n<base>\n</dictionary>", &[]);
    assert_eq!((e.line, e.kind), (3, LoadErrorKind::MismatchedEndTag));
    let e = err_of("<dictionary>\n\n&nope;</dictionary>", &[]);
    assert_eq!((e.line, e.kind), (3, LoadErrorKind::UnknownEntity));
    let e = err_of("<!DOCTYPE d [ <!ELEMENT d ANY> ]><dictionary/>", &[]);
    assert_eq!(e.kind, LoadErrorKind::UnsupportedDeclaration);
    let e = err_of(
        "<!DOCTYPE d [ <!ENTITY x SYSTEM \"x.xml\"> ]><dictionary>&x;</dictionary>",
        &[],
    );
    assert_eq!(e.kind, LoadErrorKind::IncludeNotFound);
    let e = err_of("<dictionary><base><avp name=\"A\" code=\"x1\"><type type-name=\"Unsigned32\"/></avp></base></dictionary>", &[]);
    assert_eq!(e.kind, LoadErrorKind::InvalidAttribute { attr: "code" });
    let e = err_of("<dictionary><base><avp name=\"A\" code=\"1\"><type type-name=\"Nope\"/></avp></base></dictionary>", &[]);
    assert_eq!(e.kind, LoadErrorKind::UnknownType);
    let e = err_of("<dictionary><base><avp name=\"A\" code=\"1\" vendor-id=\"X\"><type type-name=\"Time\"/></avp></base></dictionary>", &[]);
    assert_eq!(e.kind, LoadErrorKind::UnknownVendor);
    let e = err_of("<dictionary><bogus/></dictionary>", &[]);
    assert_eq!(e.kind, LoadErrorKind::UnexpectedElement);
    let e = err_of("<dictionary a='1' a='2'></dictionary>", &[]);
    assert_eq!(e.kind, LoadErrorKind::DuplicateAttribute);
    let e = err_of("<dictionary><!-- open", &[]);
    assert_eq!(e.kind, LoadErrorKind::UnexpectedEof);
    // A file including itself hits the include bound.
    let me = "<!DOCTYPE d [ <!ENTITY me SYSTEM \"me.xml\"> ]>&me;";
    let e = err_of(me, &[("me.xml", me)]);
    assert_eq!(e.kind, LoadErrorKind::TooManyIncludes);
    // Deep nesting is bounded.
    let deep = "<dictionary>".to_string() + &"<base>".repeat(40);
    let e = err_of(&deep, &[]);
    assert!(matches!(
        e.kind,
        LoadErrorKind::TooDeep | LoadErrorKind::UnexpectedElement
    ));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]
    #[test]
    fn scanner_never_panics(s in "[<>/!?&;=\"' a-z\\[\\]-]{0,80}") {
        let mut d = DICT.clone();
        let _ = d.load_wireshark_xml(&s, |_| Some(s.clone()), &LoadOptions::default());
    }

    #[test]
    fn truncated_small_never_panics(n in 0usize..SMALL.len()) {
        let cut = &SMALL[..SMALL.floor_char_boundary(n)];
        let mut d = DICT.clone();
        let _ = d.load_wireshark_xml(cut, |_| Some(ACME.to_string()), &LoadOptions::default());
    }
}

#[test]
fn wireshark_dictionaries_load() {
    let dir = Path::new(WIRESHARK_DIR);
    if !dir.join("dictionary.xml").exists() {
        println!("skipping: {WIRESHARK_DIR} missing (install wireshark-common)");
        return;
    }
    let mut d = DICT.clone();
    let r = d.load_wireshark_dir(dir, &LoadOptions::default()).unwrap();
    println!("{r:?}");
    // dictionary.xml and every file its DOCTYPE includes.
    let includes = std::fs::read_to_string(dir.join("dictionary.xml"))
        .unwrap()
        .matches("<!ENTITY")
        .count();
    assert_eq!(r.files, includes + 1);
    assert!(r.avps > 2000, "{r:?}");
    assert!(r.commands > 50, "{r:?}");
    assert!(r.vendors > 25, "{r:?}");
    assert!(r.applications > 50, "{r:?}");
    assert!(r.grouped > 400, "{r:?}");
    // Every <gavp> resolves (names are trimmed: Wireshark writes "BSSID ").
    assert_eq!(r.unresolved_names, 0, "{r:?}");
    // 3GPP RAT-Type (TS 29.212 §5.3.31), from dictionary.xml.
    let rat = d.avp(AvpCode(1032), VendorId::TGPP).unwrap();
    assert_eq!(rat.name(), "RAT-Type");
    assert_eq!(rat.ty(), AvpType::Enumerated);
    assert_eq!(rat.enum_name(1004), Some("EUTRAN"));
    assert_eq!(d.vendor_name(VendorId::TGPP), Some("3GPP"));
    // From TGPP.xml (an include): 3GPP-SGSN-Address, an IPAddress.
    let sgsn = d.avp(AvpCode(6), VendorId::TGPP).unwrap();
    assert_eq!(sgsn.name(), "3GPP-SGSN-Address");
    assert_eq!(sgsn.ty(), AvpType::Address);
    // From mobileipv4.xml: MIP-Home-Agent-Address (334).
    assert_eq!(
        d.avp(AvpCode(334), VendorId::IETF).unwrap().name(),
        "MIP-Home-Agent-Address"
    );
    // Built-ins stay in charge of what they define.
    assert!(d
        .avp(AvpCode::ORIGIN_HOST, VendorId::IETF)
        .unwrap()
        .is_builtin());
    // A 3GPP AVP validates inside a CER once loaded.
    let rat_avp = avp(1032, 0x80, Some(10415), &1004u32.to_be_bytes());
    d.validate_bytes(&with_avps(&CER, &rat_avp)).unwrap();
    // Everything loads when replacing built-ins too.
    let mut all = DICT.clone();
    let r2 = all
        .load_wireshark_dir(
            dir,
            &LoadOptions {
                replace_builtin: true,
            },
        )
        .unwrap();
    assert_eq!(r2.skipped_builtin, 0);
    assert!(r2.avps > r.avps);
    assert_eq!(
        all.avp(AvpCode::HOST_IP_ADDRESS, VendorId::IETF)
            .unwrap()
            .ty(),
        AvpType::Address
    );
}

#[test]
fn wireshark_over_builtin_validates_bench() {
    let dir = Path::new(WIRESHARK_DIR);
    if !dir.join("dictionary.xml").exists() {
        println!("skipping: {WIRESHARK_DIR} missing (install wireshark-common)");
        return;
    }
    let mut d = Dictionary::new();
    let r = d.load_wireshark_dir(dir, &LoadOptions::default()).unwrap();
    assert!(r.skipped_builtin > 100, "{r:?}");
    let bench = Path::new(env!("CARGO_MANIFEST_DIR")).join("testvectors/diameter/bench");
    // acr.bin's AVP 47 (Acct-Input-Packets) is defined in dictionary.xml.
    let acr = std::fs::read(bench.join("acr.bin")).unwrap();
    d.validate_bytes(&acr).unwrap();
    // ccr.bin sends 3GPP RAT-Type with M; TS 29.212 (and Wireshark) say
    // M MUST NOT: 3009 when strict, accepted when flag rules are relaxed.
    let ccr = std::fs::read(bench.join("ccr.bin")).unwrap();
    let e = d.validate_bytes(&ccr).unwrap_err();
    assert_eq!(e.result_code(), ResultCode::INVALID_AVP_BITS);
    assert_eq!(e.failed_avp().map(|b| &b[..4]), Some(&[0, 0, 4, 8][..]));
    let lax = roam::diameter::dict::ValidationOptions {
        check_flag_rules: false,
        ..Default::default()
    };
    d.validate_bytes_with(&ccr, &lax).unwrap();
}
