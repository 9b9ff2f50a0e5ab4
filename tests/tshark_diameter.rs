//! `roam decode --format json` against `tshark -T json` on the same
//! captures: same messages, same command codes and header fields, and the
//! same AVPs (codes, flags, lengths, vendor ids) with the same values.
//!
//! How tshark 4.0 prints each type in `-T json --no-duplicate-keys`:
//! * every field value is a string; integers in decimal, the header flags
//!   and identifiers in `0x..` hex;
//! * the parent of an AVP list has `diameter.avp` (each AVP's raw bytes,
//!   padding included, colon-separated hex; a string when there is one AVP,
//!   an array otherwise) and `diameter.avp_tree` (the dissected AVPs, an
//!   object or an array alike);
//! * the value sits under `diameter.<AVP name>`: decimal for the integer
//!   types and Enumerated, the text for UTF8String/DiameterIdentity/URI,
//!   colon-separated hex for OctetString (and for Address, whose
//!   `<key>_tree` holds `diameter.<name>.IPv4`/`.IPv6`), `Mon DD, YYYY
//!   hh:mm:ss.nnnnnnnnn UTC` for Time, and the data's hex for Grouped, whose
//!   children are in `<key>_tree`;
//! * a value whose length does not fit its type is `diameter.avp.invalid-data`
//!   (colon-separated hex) with an expert warning.
//!
//! The test skips, saying why, when tshark is not installed.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

/// Seconds from 1900-01-01 (NTP) to 1970-01-01 (Unix).
const NTP_UNIX_OFFSET: u64 = 2_208_988_800;

fn vector(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("testvectors/diameter")
        .join(name)
}

fn tshark_available() -> bool {
    match Command::new("tshark").arg("--version").output() {
        Ok(o) if o.status.success() => true,
        _ => {
            eprintln!(
                "SKIPPED: tshark is not installed (Debian package `tshark`; .ci/run installs it)"
            );
            false
        }
    }
}

/// `(frame number, diameter layer)` for every Diameter PDU tshark finds.
fn tshark_messages(name: &str) -> Vec<(u64, Value)> {
    let out = Command::new("tshark")
        .env("TZ", "UTC")
        .arg("-r")
        .arg(vector(name))
        .args(["-T", "json", "--no-duplicate-keys"])
        .output()
        .expect("run tshark");
    assert!(
        out.status.success(),
        "tshark failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let packets: Value = serde_json::from_slice(&out.stdout).expect("tshark JSON");
    let mut msgs = Vec::new();
    for p in packets.as_array().expect("array of packets") {
        let layers = &p["_source"]["layers"];
        let frame = num(&layers["frame"]["frame.number"]);
        for d in list(layers.get("diameter")) {
            msgs.push((frame, d.clone()));
        }
    }
    msgs
}

fn roam_messages(name: &str) -> Vec<Value> {
    let out = Command::new(env!("CARGO_BIN_EXE_roam"))
        .args(["decode", "--format", "json"])
        .arg(vector(name))
        .output()
        .expect("run roam");
    assert!(
        out.status.success(),
        "roam decode {name} exited with {:?}",
        out.status
    );
    String::from_utf8(out.stdout)
        .expect("UTF-8 output")
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect()
}

/// A tshark field that may be one value or an array of them.
fn list(v: Option<&Value>) -> Vec<&Value> {
    match v {
        None => Vec::new(),
        Some(Value::Array(items)) => items.iter().collect(),
        Some(other) => vec![other],
    }
}

/// A tshark number: decimal or `0x` hex, in a string.
fn num(v: &Value) -> u64 {
    let s = v
        .as_str()
        .unwrap_or_else(|| panic!("expected a string, got {v}"));
    match s.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16).expect("hex number"),
        None => s.parse().unwrap_or_else(|_| panic!("not a number: {s}")),
    }
}

/// `aa:bb:cc` → `aabbcc`.
fn colon_hex(v: &Value) -> String {
    v.as_str().expect("hex string").replace(':', "")
}

fn hex_bytes(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

fn to_hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// tshark's absolute time `Dec 19, 2023 18:40:00.000000000 UTC` → seconds
/// since 1900.
fn tshark_time(s: &str) -> u64 {
    let parts: Vec<&str> = s.split_whitespace().collect();
    assert_eq!(parts.len(), 5, "time format: {s}");
    assert_eq!(parts[4], "UTC", "time zone: {s}");
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let m = MONTHS.iter().position(|&x| x == parts[0]).expect("month") as i64 + 1;
    let d: i64 = parts[1].trim_end_matches(',').parse().expect("day");
    let y: i64 = parts[2].parse().expect("year");
    let hms: Vec<u64> = parts[3]
        .split('.')
        .next()
        .expect("seconds")
        .split(':')
        .map(|x| x.parse().expect("h:m:s"))
        .collect();
    // Howard Hinnant's days-from-civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let unix = days as u64 * 86_400 + hms[0] * 3600 + hms[1] * 60 + hms[2];
    unix + NTP_UNIX_OFFSET
}

/// Keys of a tshark AVP object that are not its value.
const AVP_META: &[&str] = &[
    "diameter.avp.code",
    "diameter.avp.flags",
    "diameter.avp.flags_tree",
    "diameter.avp.len",
    "diameter.avp.vendorId",
    "diameter.avp.pad",
    "diameter.vendorId",
    "diameter.avp",
    "diameter.avp_tree",
];

#[derive(Default)]
struct Stats {
    avps: usize,
    typed: usize,
}

fn compare_header(t: &Value, r: &Value, ctx: &str) {
    assert_eq!(r["protocol"], "diameter", "{ctx}");
    assert_eq!(r["error"], Value::Null, "{ctx}: roam reports an error");
    assert_eq!(
        num(&t["diameter.version"]),
        r["version"].as_u64().unwrap(),
        "{ctx} version"
    );
    assert_eq!(
        num(&t["diameter.length"]),
        r["length"].as_u64().unwrap(),
        "{ctx} length"
    );
    assert_eq!(
        num(&t["diameter.cmd.code"]),
        r["command_code"].as_u64().unwrap(),
        "{ctx} command"
    );
    assert_eq!(
        num(&t["diameter.applicationId"]),
        r["application_id"].as_u64().unwrap(),
        "{ctx} app"
    );
    assert_eq!(
        num(&t["diameter.hopbyhopid"]),
        r["hop_by_hop"].as_u64().unwrap(),
        "{ctx} h2h"
    );
    assert_eq!(
        num(&t["diameter.endtoendid"]),
        r["end_to_end"].as_u64().unwrap(),
        "{ctx} e2e"
    );
    let flags = num(&t["diameter.flags"]);
    for (bit, key) in [
        (0x80, "request"),
        (0x40, "proxiable"),
        (0x20, "error"),
        (0x10, "retransmit"),
    ] {
        assert_eq!(
            flags & bit != 0,
            r["flags"][key].as_bool().unwrap(),
            "{ctx} flag {key}"
        );
    }
}

/// Compares the AVPs under a tshark parent (message or grouped `_tree`)
/// with roam's array.
fn compare_avps(parent: &Value, roam: &[Value], ctx: &str, stats: &mut Stats) {
    let raws = list(parent.get("diameter.avp"));
    let trees = list(parent.get("diameter.avp_tree"));
    assert_eq!(trees.len(), roam.len(), "{ctx}: AVP count");
    assert_eq!(raws.len(), roam.len(), "{ctx}: raw AVP count");
    for (i, ((t, raw), r)) in trees.iter().zip(&raws).zip(roam).enumerate() {
        stats.avps += 1;
        let code = num(&t["diameter.avp.code"]);
        let ctx = format!("{ctx} / AVP #{i} (code {code})");
        assert_eq!(code, r["code"].as_u64().unwrap(), "{ctx}: code");
        let len = num(&t["diameter.avp.len"]);
        assert_eq!(len, r["length"].as_u64().unwrap(), "{ctx}: length");
        let flags = num(&t["diameter.avp.flags"]);
        for (bit, key) in [(0x80, "vendor"), (0x40, "mandatory"), (0x20, "protected")] {
            assert_eq!(
                flags & bit != 0,
                r["flags"][key].as_bool().unwrap(),
                "{ctx}: flag {key}"
            );
        }
        let vendor = t.get("diameter.avp.vendorId").map(num);
        assert_eq!(vendor, r["vendor_id"].as_u64(), "{ctx}: vendor id");

        // The data, from tshark's raw bytes of the AVP.
        let raw = hex_bytes(&colon_hex(raw));
        let hlen = if flags & 0x80 != 0 { 12 } else { 8 };
        let data = raw
            .get(hlen..len as usize)
            .expect("raw AVP holds its length");

        let value_key = t
            .as_object()
            .expect("AVP object")
            .keys()
            .find(|k| {
                k.starts_with("diameter.")
                    && !k.ends_with("_tree")
                    && !AVP_META.contains(&k.as_str())
            })
            .cloned();
        let Some(key) = value_key else {
            panic!("{ctx}: tshark shows no value");
        };
        let tv = &t[&key];
        if key == "diameter.avp.invalid-data" {
            // tshark: the length does not fit the type. roam must say so too
            // and show the bytes.
            // A fixed-size type of the wrong size: 5014 (RFC 6733 §7.1.5).
            assert_eq!(
                r["error"]["kind"], "invalid_avp_data_length",
                "{ctx}: roam should flag the value"
            );
            assert_eq!(r["error"]["result_code"], 5014, "{ctx}");
            assert_eq!(
                r["value"].as_str(),
                Some(colon_hex(tv).as_str()),
                "{ctx}: value hex"
            );
            continue;
        }
        assert_eq!(
            r["error"],
            Value::Null,
            "{ctx}: roam flags a value tshark accepts"
        );
        let tname = key.trim_start_matches("diameter.");
        if let Some(name) = r["name"].as_str() {
            assert_eq!(name, tname, "{ctx}: name");
        }
        let ty = r["type"].as_str();
        match ty {
            None | Some("OctetString") => {
                assert_eq!(
                    r["value"].as_str(),
                    Some(to_hex(data).as_str()),
                    "{ctx}: hex value"
                );
                continue;
            }
            Some("Grouped") => {
                let inner = &t[&format!("{key}_tree")];
                let children = r["value"].as_array().expect("grouped value is an array");
                compare_avps(inner, children, &ctx, stats);
            }
            Some("Unsigned32" | "Unsigned64") => {
                assert_eq!(
                    num(tv),
                    r["value"].as_u64().expect("unsigned"),
                    "{ctx}: value"
                );
            }
            Some("Integer32" | "Integer64" | "Enumerated") => {
                let tn: i64 = tv.as_str().unwrap().parse().expect("signed");
                assert_eq!(tn, r["value"].as_i64().expect("signed"), "{ctx}: value");
            }
            Some("Float32" | "Float64") => {
                let tf: f64 = tv.as_str().unwrap().parse().expect("float");
                assert_eq!(tf, r["value"].as_f64().expect("float"), "{ctx}: value");
            }
            Some("UTF8String" | "DiameterIdentity" | "DiameterURI") => {
                assert_eq!(tv, &r["value"], "{ctx}: value");
            }
            Some("Address") => {
                let tree = &t[&format!("{key}_tree")];
                let ip = tree
                    .get(format!("{key}.IPv4"))
                    .or_else(|| tree.get(format!("{key}.IPv6")))
                    .expect("tshark shows the address");
                assert_eq!(ip, &r["value"], "{ctx}: address");
            }
            Some("Time") => {
                let secs = tshark_time(tv.as_str().expect("time string"));
                assert_eq!(secs, r["value"].as_u64().expect("seconds"), "{ctx}: time");
            }
            Some(other) => panic!("{ctx}: no comparison for type {other}"),
        }
        stats.typed += 1;
    }
}

fn compare_capture(name: &str) -> Stats {
    let t = tshark_messages(name);
    let r = roam_messages(name);
    assert_eq!(
        t.len(),
        r.len(),
        "{name}: tshark saw {} messages, roam {}",
        t.len(),
        r.len()
    );
    let mut stats = Stats::default();
    for (i, ((frame, tm), rm)) in t.iter().zip(&r).enumerate() {
        let ctx = format!("{name} message #{i} (frame {frame})");
        assert_eq!(*frame, rm["frame"].as_u64().unwrap(), "{ctx}: frame");
        compare_header(tm, rm, &ctx);
        compare_avps(tm, rm["avps"].as_array().expect("avps"), &ctx, &mut stats);
    }
    stats
}

#[test]
fn bench_messages_match_tshark() {
    if !tshark_available() {
        return;
    }
    let r = roam_messages("bench.pcap");
    let commands: Vec<u64> = r
        .iter()
        .map(|m| m["command_code"].as_u64().unwrap())
        .collect();
    // cer cea dwr dwa acr amr ama har ccr
    assert_eq!(commands, [257, 257, 280, 280, 271, 260, 260, 262, 272]);
    let stats = compare_capture("bench.pcap");
    eprintln!(
        "compared {} AVPs, {} of them typed",
        stats.avps, stats.typed
    );
    // Every AVP, grouped children included: 103. All but 10 have a type the
    // dictionary knows (two 3GPP AVPs, the bench's 4-byte
    // Accounting-Sub-Session-Id, and OctetStrings compared as hex).
    assert!(stats.avps >= 103, "compared only {} AVPs", stats.avps);
    assert!(
        stats.typed >= 90,
        "compared only {} typed values",
        stats.typed
    );
}

#[test]
fn scapy_vectors_match_tshark() {
    if !tshark_available() {
        return;
    }
    for name in [
        "apps.pcap",
        "apps.pcapng",
        "split.pcap",
        "coalesced.pcap",
        "vlan.pcap",
        "sctp.pcap",
        "sll.pcap",
        "sll2.pcap",
        "ipv6.pcap",
        "rawip.pcap",
        "handshake.pcap",
        "midstream.pcap",
        "sctp_fragments.pcap",
    ] {
        let stats = compare_capture(name);
        assert!(stats.avps > 0, "{name}: nothing compared");
    }
}

#[test]
fn tshark_time_format() {
    assert_eq!(
        tshark_time("Jan  1, 1970 00:00:00.000000000 UTC"),
        NTP_UNIX_OFFSET
    );
    assert_eq!(
        tshark_time("Dec 19, 2023 18:40:00.000000000 UTC"),
        0xe92c_6200
    );
}

#[test]
fn comparison_catches_a_wrong_value() {
    if !tshark_available() {
        return;
    }
    // The comparison must be able to fail: alter one value, one code and one
    // grouped child in roam's output and expect each to be caught.
    let t = tshark_messages("bench.pcap");
    let r = roam_messages("bench.pcap");
    let (_, cer_t) = &t[0];
    let cer_r = &r[0];
    let tamper: [fn(&mut Value); 3] = [
        |m| m["avps"][0]["value"] = "fa2.visited.example".into(), // Origin-Host
        |m| m["avps"][1]["code"] = 297.into(),                    // Origin-Realm
        |m| m["avps"][9]["value"][0]["value"] = 10416.into(),     // VSAI / Vendor-Id
    ];
    for (i, f) in tamper.iter().enumerate() {
        let mut bad = cer_r.clone();
        f(&mut bad);
        let caught = std::panic::catch_unwind(|| {
            let mut stats = Stats::default();
            compare_avps(
                cer_t,
                bad["avps"].as_array().unwrap(),
                "tampered",
                &mut stats,
            );
        });
        assert!(caught.is_err(), "tampering #{i} went unnoticed");
    }
}
