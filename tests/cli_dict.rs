//! `roam decode --dict FILE`: a Wireshark XML dictionary names the 3GPP and
//! RADIUS-derived AVPs of `testvectors/diameter/bench.pcap` that the
//! built-in tables do not know. Uses Debian's wireshark-common files when
//! present and skips (saying why) otherwise; also checks a small dictionary
//! written by the test, so the option is exercised everywhere.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const WIRESHARK_DICT: &str = "/usr/share/wireshark/diameter/dictionary.xml";

fn bench_pcap() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("testvectors/diameter/bench.pcap")
}

fn roam(args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_roam"))
        .args(args)
        .output()
        .expect("run roam");
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
    out
}

/// `(code, vendor_id) → AVP object` for every AVP, grouped ones included.
fn avps(out: &Output) -> Vec<Value> {
    fn walk(list: &Value, out: &mut Vec<Value>) {
        for a in list.as_array().into_iter().flatten() {
            out.push(a.clone());
            if a["value"].is_array() {
                walk(&a["value"], out);
            }
        }
    }
    let mut all = Vec::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let m: Value = serde_json::from_str(line).expect("JSON line");
        walk(&m["avps"], &mut all);
    }
    all
}

fn find(all: &[Value], code: u64, vendor: Value) -> &Value {
    all.iter()
        .find(|a| a["code"] == code && a["vendor_id"] == vendor)
        .unwrap_or_else(|| panic!("AVP {code}/{vendor} not in bench.pcap"))
}

fn decode(dicts: &[&Path]) -> Output {
    let pcap = bench_pcap();
    let mut args = vec!["decode", "--format", "json"];
    for d in dicts {
        args.push("--dict");
        args.push(d.to_str().expect("UTF-8 path"));
    }
    args.push(pcap.to_str().expect("UTF-8 path"));
    let out = roam(&args);
    assert_eq!(out.status.code(), Some(0));
    out
}

#[test]
fn wireshark_dictionary_names_3gpp_avps() {
    if !Path::new(WIRESHARK_DICT).is_file() {
        println!("SKIPPED: {WIRESHARK_DICT} missing (Debian package wireshark-common)");
        return;
    }
    let without = avps(&decode(&[]));
    let rat = find(&without, 1032, 10415.into());
    assert_eq!(rat["name"], Value::Null, "built-in tables lack RAT-Type");
    let with = avps(&decode(&[Path::new(WIRESHARK_DICT)]));
    let rat = find(&with, 1032, 10415.into());
    assert_eq!(rat["name"], "RAT-Type");
    assert_eq!(rat["type"], "Enumerated");
    assert_eq!(rat["value"], 1004);
    let charging = find(&with, 2, 10415.into());
    assert_eq!(charging["name"], "3GPP-Charging-Id");
    // Built-in definitions keep precedence.
    let origin = find(&with, 264, Value::Null);
    assert_eq!(origin["name"], "Origin-Host");
    // The text tree shows the enumeration's name.
    let text = roam(&[
        "decode",
        "--dict",
        WIRESHARK_DICT,
        bench_pcap().to_str().expect("path"),
    ]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("AVP: RAT-Type(1032)"), "{text}");
    assert!(text.contains("val=EUTRAN (1004)"), "{text}");
}

#[test]
fn a_small_dictionary_with_an_include() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli_dict");
    std::fs::create_dir_all(&dir).expect("dir");
    let root = dir.join("dictionary.xml");
    std::fs::write(
        &root,
        r#"<?xml version="1.0"?>
<!DOCTYPE dictionary SYSTEM "dictionary.dtd" [
  <!ENTITY acme SYSTEM "acme.xml">
]>
<dictionary>
  &acme;
  <vendor vendor-id="TGPP" code="10415" name="3GPP"/>
</dictionary>
"#,
    )
    .expect("write");
    std::fs::write(
        dir.join("acme.xml"),
        r#"<application id="16777999" name="Acme">
  <avp name="Acme-RAT" code="1032" mandatory="must" vendor-bit="must" vendor-id="TGPP">
    <type type-name="Unsigned32"/>
  </avp>
</application>
"#,
    )
    .expect("write");
    let all = avps(&decode(&[&root]));
    let rat = find(&all, 1032, 10415.into());
    assert_eq!(rat["name"], "Acme-RAT");
    assert_eq!(rat["type"], "Unsigned32");
    assert_eq!(rat["value"], 1004);

    // A broken file is a usage error that names the file.
    let bad = dir.join("broken.xml");
    std::fs::write(&bad, "<dictionary><avp name=").expect("write");
    let pcap = bench_pcap();
    for missing in [bad.as_path(), &dir.join("missing.xml")] {
        let out = roam(&[
            "decode",
            "--dict",
            missing.to_str().expect("path"),
            pcap.to_str().expect("path"),
        ]);
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("--dict"));
        assert!(out.stdout.is_empty());
    }
}
