//! `roam decode` on the Mobile IPv6 vectors (`testvectors/mip6/`): every
//! raw packet and the capture decode in both formats, checksum verdicts equal
//! `manifest.txt` (scapy's deliberately wrong checksums are reported as
//! invalid, not as errors), return-routability values equal `rr.txt`, the
//! fields the manifest describes are there, and damaged packets never crash
//! the tool.

mod cli_mip_support;

use cli_mip_support::{
    damaged, decode_json, json_lines, roam, scratch, vector, vectors, write_pcap, LINKTYPE_RAW,
};
use serde_json::Value;

/// `(name, checksum valid)` in capture order.
fn manifest() -> Vec<(String, bool)> {
    std::fs::read_to_string(vector("mip6", "manifest.txt"))
        .expect("manifest")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.split('|').map(str::trim).collect();
            let valid = match cols[1] {
                "valid" => true,
                "invalid" => false,
                other => panic!("manifest checksum column: {other}"),
            };
            (cols[0].to_owned(), valid)
        })
        .collect()
}

fn rr(key: &str) -> String {
    std::fs::read_to_string(vector("mip6", "rr.txt"))
        .expect("rr.txt")
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once('=')?;
            (k.trim() == key).then(|| v.trim().to_owned())
        })
        .unwrap_or_else(|| panic!("rr.txt has no {key}"))
}

fn one(name: &str) -> Value {
    let msgs = decode_json(
        &["--proto", "mip6"],
        &vector("mip6", &format!("{name}.bin")),
    );
    assert_eq!(msgs.len(), 1, "{name}");
    msgs.into_iter().next().expect("one message")
}

fn option_types(m: &Value) -> Vec<u64> {
    m["options"]
        .as_array()
        .expect("options")
        .iter()
        .map(|o| o["type"].as_u64().expect("type"))
        .filter(|t| *t > 1) // padding
        .collect()
}

#[test]
fn every_vector_decodes_and_checksums_match_the_manifest() {
    let manifest = manifest();
    assert_eq!(
        manifest.len(),
        vectors("mip6", "bin").len(),
        "manifest vs .bin files"
    );
    let capture = decode_json(&[], &vector("mip6", "mip6.pcap"));
    assert_eq!(capture.len(), manifest.len(), "one object per frame");
    let mut invalid = 0;
    for (i, (name, valid)) in manifest.iter().enumerate() {
        let m = one(name);
        assert_eq!(m["error"], Value::Null, "{name}: {m}");
        assert_eq!(m["checksum_valid"], *valid, "{name}");
        invalid += usize::from(!valid);
        let protocol = m["protocol"].as_str().expect("protocol");
        assert!(["mip6", "nd-ra", "mip6-icmp"].contains(&protocol), "{name}");
        // The capture's frame i+1 is the same packet.
        let mut from_pcap = capture[i].clone();
        assert_eq!(from_pcap["frame"], i as u64 + 1);
        from_pcap["frame"] = Value::from(1);
        assert_eq!(from_pcap, m, "{name}: capture and raw differ");
        // Text: summary plus one line per option.
        let path = vector("mip6", &format!("{name}.bin"));
        let out = roam(&["decode", "--proto", "mip6"], &path);
        assert_eq!(out.status.code(), Some(0), "{name}");
        let text = String::from_utf8(out.stdout).expect("UTF-8");
        let lines: Vec<&str> = text.lines().collect();
        let opts = m["options"].as_array().map_or(0, Vec::len);
        assert_eq!(lines.len(), 1 + opts, "{name}: {text}");
        assert!(
            lines[0].contains("MIPv6") || lines[0].contains("ICMPv6"),
            "{name}"
        );
        assert_eq!(
            lines[0].contains("[bad checksum]"),
            !valid,
            "{name}: {text}"
        );
    }
    assert_eq!(invalid, 4, "scapy's four wrong checksums");
}

#[test]
fn return_routability_values_match_rr_txt() {
    let hot = one("sc_hot_rr");
    assert_eq!(hot["mh_type_name"], "Home Test");
    assert_eq!(hot["nonce_index"], 3);
    assert_eq!(hot["keygen_token"], rr("home_keygen_token").as_str());
    let cot = one("sc_cot_rr");
    assert_eq!(cot["nonce_index"], 4);
    assert_eq!(cot["keygen_token"], rr("care_of_keygen_token").as_str());
    let bu = one("sc_bu_rr");
    assert_eq!(bu["sequence"], 100);
    assert_eq!(bu["flags"], 0x8000); // A
    let opts = bu["options"].as_array().expect("options");
    let bad = opts.iter().find(|o| o["type"] == 5).expect("BAD option");
    assert_eq!(bad["authenticator"], rr("authenticator").as_str());
    assert_eq!(bad["length"], 12);
    let ni = opts.iter().find(|o| o["type"] == 4).expect("Nonce Indices");
    assert_eq!(
        (&ni["home_nonce_index"], &ni["care_of_nonce_index"]),
        (&3.into(), &4.into())
    );
    let hoa: std::net::Ipv6Addr = bu["home_address"]
        .as_str()
        .expect("HAO")
        .parse()
        .expect("v6");
    assert_eq!(hex(&hoa.octets()), rr("home_address"));
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

#[test]
fn fields_the_manifest_describes() {
    let m = one("sc_bu_home");
    assert_eq!(m["mh_type"], 5);
    assert_eq!(m["mh_type_name"], "Binding Update");
    assert_eq!(m["sequence"], 4242);
    assert_eq!(m["flags"], 0xd000); // A H K
    assert_eq!(
        (&m["lifetime_units"], &m["lifetime_seconds"]),
        (&150.into(), &600.into())
    );
    assert_eq!(m["home_address"], "2001:db8:1::100");
    assert_eq!(m["status"], Value::Null);

    let m = one("sc_ba_home");
    assert_eq!((&m["status"], &m["flags"]), (&0.into(), &0x80.into())); // accepted, K
    let bra = &m["options"][0];
    assert_eq!(
        (&bra["type"], &bra["refresh_interval_seconds"]),
        (&2.into(), &120.into())
    );

    let m = one("sc_ba_reject");
    assert_eq!(
        (&m["status"], &m["sequence"], &m["lifetime_seconds"]),
        (&135.into(), &4000.into(), &0.into())
    );

    let m = one("sc_bu_map");
    assert_eq!(m["flags"], 0x8800); // A M
    assert_eq!(m["home_address"], "2001:db8:aa::100");

    let m = one("sc_bu_altcoa");
    let acoa = m["options"]
        .as_array()
        .expect("options")
        .iter()
        .find(|o| o["type"] == 3)
        .cloned();
    assert_eq!(
        acoa.expect("Alt-CoA")["alternate_care_of_address"],
        "2001:db8:77::100"
    );

    let m = one("scapy_be");
    assert_eq!(
        (&m["status"], &m["be_home_address"]),
        (&2.into(), &"1::2".into())
    );

    let m = one("pmip_pbu");
    assert_eq!(m["flags"], 0xc200); // A H P
    assert_eq!(
        (&m["sequence"], &m["lifetime_seconds"]),
        (&11.into(), &3600.into())
    );
    assert_eq!(option_types(&m), [8, 22, 23, 24, 25, 26, 27]);
    let o = &m["options"][0];
    assert_eq!(
        (&o["subtype"], &o["identifier"]),
        (&1.into(), &"mn1@example.org".into())
    );

    let m = one("pmip_pba");
    assert_eq!(option_types(&m), [8, 22, 23, 24, 27]);
    let m = one("pmip_pba_reject");
    assert_eq!(m["status"], 154);

    let m = one("sc_ra_mobility");
    assert_eq!(m["protocol"], "nd-ra");
    assert_eq!(m["home_agent"], true);
    assert_eq!(option_types(&m), [3, 7, 8, 23]);
    let prefix = &m["options"][0];
    assert_eq!(prefix["flags"].as_u64().map(|f| f & 0x20), Some(0x20)); // R

    let m = one("sc_haad_reply");
    assert_eq!(m["protocol"], "mip6-icmp");
    assert_eq!(m["identifier"], 42);
    assert_eq!(m["home_agents"].as_array().map(Vec::len), Some(2));

    let m = one("sc_mpa");
    assert_eq!((&m["identifier"], &m["flags"]), (&7.into(), &0x8000.into())); // M
}

#[test]
fn raw_mobility_header_has_no_checksum_verdict() {
    // scapy_ba: IPv6 header (40 bytes) then the Mobility Header.
    let packet = std::fs::read(vector("mip6", "scapy_ba.bin")).expect("vector");
    let path = scratch("cli_mip6").join("ba_mh.bin");
    std::fs::write(&path, &packet[40..]).expect("write");
    let msgs = decode_json(&["--proto", "mip6"], &path);
    let mut with_packet = one("scapy_ba");
    assert_eq!(with_packet["checksum_valid"], true);
    with_packet["checksum_valid"] = Value::Null;
    assert_eq!(msgs, [with_packet]);
}

#[test]
fn damaged_packets_never_crash() {
    let dir = scratch("cli_mip6");
    let mut total = 0;
    for bin in vectors("mip6", "bin") {
        let bytes = std::fs::read(&bin).expect("vector");
        let frames = damaged(&bytes, <[u8]>::to_vec);
        let pcap = dir.join("damaged.pcap");
        write_pcap(&pcap, LINKTYPE_RAW, &frames);
        for format in ["json", "text"] {
            let out = roam(&["decode", "--format", format], &pcap);
            assert!(
                matches!(out.status.code(), Some(0 | 1)),
                "{}: {:?}",
                bin.display(),
                out.status
            );
            if format == "json" {
                let msgs = json_lines(&out);
                let failed = msgs.iter().filter(|m| m["error"] != Value::Null).count();
                assert_eq!(
                    out.status.code() == Some(1),
                    failed > 0,
                    "{}",
                    bin.display()
                );
                total += msgs.len();
            }
        }
        // Raw prefixes through --proto mip6 (IPv6 packet or bare MH).
        let path = dir.join("prefix.bin");
        for n in (0..bytes.len()).step_by(3) {
            std::fs::write(&path, &bytes[..n]).expect("write");
            let out = roam(&["decode", "--format", "json", "--proto", "mip6"], &path);
            assert!(matches!(out.status.code(), Some(0 | 1)), "prefix {n}");
        }
    }
    assert!(total > 5000, "only {total} damaged packets decoded");
}

#[test]
fn bad_option_keeps_the_fixed_fields_of_hoti_coti_hot_cot_be() {
    let dir = scratch("cli_mip6");
    for name in [
        "scapy_hoti_default",
        "scapy_coti_default",
        "scapy_hot_default",
        "scapy_cot_default",
        "scapy_be",
    ] {
        let packet = std::fs::read(vector("mip6", &format!("{name}.bin"))).expect("vector");
        assert_eq!(packet[6], 135, "{name}: Mobility Header right after IPv6");
        let mh = packet[40..].to_vec();
        let good = dir.join(format!("{name}_mh.bin"));
        std::fs::write(&good, &mh).expect("write");
        // Append a Nonce Indices option with Length 2 (must be 4) and a PadN,
        // and grow Header Len by one 8-octet unit.
        let mut bad_mh = mh.clone();
        let opt_at = bad_mh.len();
        bad_mh.extend_from_slice(&[4, 2, 0, 0, 1, 2, 0, 0]);
        bad_mh[1] += 1;
        let bad = dir.join(format!("{name}_bad.bin"));
        std::fs::write(&bad, &bad_mh).expect("write");
        let good = decode_json(&["--proto", "mip6"], &good);
        let out = roam(&["decode", "--format", "json", "--proto", "mip6"], &bad);
        let bad = json_lines(&out);
        assert_eq!((good.len(), bad.len()), (1, 1), "{name}");
        let (good, bad) = (&good[0], &bad[0]);
        assert_eq!(good["error"], Value::Null, "{name}");
        assert_eq!(bad["error"]["offset"], opt_at, "{name}: {}", bad["error"]);
        let fields = good.as_object().expect("object");
        let mut compared = 0;
        for (k, v) in fields {
            if ["options", "error", "header_len", "checksum", "summary"].contains(&k.as_str()) {
                continue;
            }
            assert_eq!(&bad[k], v, "{name}: field {k}");
            compared += usize::from(!v.is_null());
        }
        assert!(
            compared >= 4,
            "{name}: only {compared} fixed fields compared"
        );
    }
}
