//! `roam decode` on the Mobile IPv4 vectors (`testvectors/mip4/`): every
//! capture and raw file decodes in both formats, the fields equal the values
//! `make.py` recorded in the `.fields` sidecars, `--key` verifies the
//! authenticators, and damaged messages never crash the tool.

mod cli_mip_support;

use std::path::Path;

use cli_mip_support::{
    damaged, decode_json, ipv4, json_lines, roam, scratch, to_hex, udp434, vector, vectors,
    write_pcap, LINKTYPE_RAW,
};
use serde_json::Value;

const PROTOCOLS: [&str; 3] = ["mip4", "mip4-agent-adv", "mip4-agent-sol"];

/// The sidecar as `(key, values)` lines, comments skipped.
fn sidecar(path: &Path) -> Vec<(String, Vec<String>)> {
    std::fs::read_to_string(path)
        .expect("read sidecar")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut it = l.split_whitespace().map(str::to_owned);
            let key = it.next().expect("key");
            (key, it.collect())
        })
        .collect()
}

/// A JSON value as the sidecar writes it: numbers in decimal, strings bare.
fn plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The `--key` arguments the sidecar's keys give.
fn key_args(lines: &[(String, Vec<String>)]) -> Vec<String> {
    let get = |k: &str| {
        lines
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v[0].clone())
    };
    let mut keys = Vec::new();
    if let (Some(spi), Some(key)) = (get("spi"), get("key")) {
        let alg = match get("alg").as_deref() {
            Some("keyed-md5") => "keyed-md5:",
            _ => "",
        };
        keys.push(format!("{spi}={alg}{key}"));
    }
    for (k, v) in lines {
        if k == "auth" {
            keys.push(format!("{}={}", v[1], v[2]));
        }
    }
    keys
}

fn decode_with_keys(file: &Path, proto: Option<&str>, keys: &[String]) -> Value {
    let mut args: Vec<&str> = Vec::new();
    if let Some(p) = proto {
        args.extend(["--proto", p]);
    }
    for k in keys {
        args.extend(["--key", k.as_str()]);
    }
    let msgs = decode_json(&args, file);
    assert_eq!(msgs.len(), 1, "{}: one message", file.display());
    msgs.into_iter().next().expect("one message")
}

/// The first extension of `ty`.
fn ext(m: &Value, ty: u64) -> &Value {
    m["extensions"]
        .as_array()
        .expect("extensions")
        .iter()
        .find(|e| e["type"] == ty)
        .unwrap_or_else(|| panic!("no extension {ty} in {m}"))
}

#[test]
fn every_vector_decodes_in_both_formats() {
    let pcaps = vectors("mip4", "pcap");
    assert!(pcaps.len() >= 11, "vectors missing: {pcaps:?}");
    for pcap in pcaps {
        let name = pcap.file_stem().and_then(|s| s.to_str()).expect("name");
        let from_pcap = decode_json(&[], &pcap);
        assert_eq!(from_pcap.len(), 1, "{name}");
        let m = &from_pcap[0];
        assert_eq!(m["frame"], 1, "{name}");
        assert!(
            PROTOCOLS.contains(&m["protocol"].as_str().unwrap_or("")),
            "{name}: {m}"
        );
        assert_eq!(m["error"], Value::Null, "{name}");
        // The raw message decodes to the same object.
        let bin = vector("mip4", &format!("{name}.bin"));
        let from_bin = decode_json(&["--proto", "mip4"], &bin);
        assert_eq!(from_bin, from_pcap, "{name}: raw and captured differ");
        // Text: a summary line, then one indented line per extension.
        let text = roam(&["decode"], &pcap);
        assert_eq!(text.status.code(), Some(0), "{name}");
        let text = String::from_utf8(text.stdout).expect("UTF-8");
        let lines: Vec<&str> = text.lines().collect();
        let head = lines.first().copied().unwrap_or("");
        assert!(
            head.contains("MIP ") || head.contains("ICMP Agent"),
            "{name}: {text}"
        );
        let exts = m["extensions"].as_array().map_or(0, Vec::len);
        assert_eq!(lines.len(), 1 + exts, "{name}: {text}");
        assert!(lines[1..].iter().all(|l| l.starts_with("    ")), "{name}");
    }
}

/// The RFC 3957 captures tshark cannot dissect (`tshark_gap/`, see the
/// vectors README) decode from the pcap exactly as from the raw message.
#[test]
fn tshark_gap_captures_decode() {
    for name in ["rrq_keygen", "rrp_keygen"] {
        let pcap = vector("mip4", &format!("tshark_gap/{name}.pcap"));
        let from_pcap = decode_json(&[], &pcap);
        assert_eq!(from_pcap.len(), 1, "{name}");
        assert_eq!(from_pcap[0]["protocol"], "mip4", "{name}");
        assert_eq!(from_pcap[0]["error"], Value::Null, "{name}");
        let from_bin = decode_json(
            &["--proto", "mip4"],
            &vector("mip4", &format!("{name}.bin")),
        );
        assert_eq!(from_bin, from_pcap, "{name}");
    }
}

#[test]
fn fields_match_the_sidecars() {
    let sidecars = vectors("mip4", "fields");
    assert!(sidecars.len() >= 11);
    for path in sidecars {
        let name = path.file_stem().and_then(|s| s.to_str()).expect("name");
        let lines = sidecar(&path);
        let keys = key_args(&lines);
        let m = decode_with_keys(&vector("mip4", &format!("{name}.bin")), Some("mip4"), &keys);
        let exts = m["extensions"].as_array().expect("extensions").clone();
        let mut ext_i = 0;
        let mut router_i = 0;
        let mut coas = Vec::new();
        for (k, v) in &lines {
            let ctx = format!("{name}: {k} {v:?}");
            let first = v.first().cloned().unwrap_or_default();
            let field = |f: &str| plain(&m[f]);
            match k.as_str() {
                "len" | "protected_len" | "key" | "alg" | "aaa_key" | "mn_ha_key" | "mn_fa_key" => {
                }
                // RFC 3957 key generation extensions.
                "keygen_request" => {
                    let e = m["extensions"]
                        .as_array()
                        .expect("extensions")
                        .iter()
                        .find(|e| plain(&e["type"]) == first)
                        .expect("keygen request");
                    assert_eq!(plain(&e["subtype"]), v[1], "{ctx}");
                    assert_eq!(plain(&e["mn_spi"]), v[2], "{ctx}");
                    assert_eq!(e.get("data"), None, "{ctx}: AAA requests carry no data");
                }
                "mn_ha_reply" | "mn_fa_reply" => {
                    let (ty, names): (u64, &[&str]) = if k == "mn_ha_reply" {
                        (
                            43,
                            &[
                                "key_lifetime",
                                "aaa_spi",
                                "ha_spi",
                                "algorithm",
                                "replay_method",
                                "nonce",
                            ],
                        )
                    } else {
                        (
                            41,
                            &["key_lifetime", "aaa_spi", "fa_spi", "algorithm", "nonce"],
                        )
                    };
                    let e = ext(&m, ty);
                    assert_eq!(plain(&e["subtype"]), "1", "{ctx}");
                    for (name, want) in names.iter().zip(v) {
                        assert_eq!(plain(&e[*name]), *want, "{ctx}: {name}");
                    }
                }
                "type" | "flags" | "lifetime" | "home_address" | "home_agent"
                | "care_of_address" | "identification" | "code" | "revocation_id" | "num_addrs"
                | "icmp_type" => assert_eq!(field(k), first, "{ctx}"),
                "rev_flags" | "ack_flags" => assert_eq!(field("flags"), first, "{ctx}"),
                "hda" => assert_eq!(field("home_domain_address"), first, "{ctx}"),
                "fda" => assert_eq!(field("foreign_domain_address"), first, "{ctx}"),
                "icmp_code" => assert_eq!(field("code"), first, "{ctx}"),
                "ext" | "adv_ext" => {
                    let e = &exts[ext_i];
                    ext_i += 1;
                    assert_eq!(plain(&e["type"]), first, "{ctx}");
                    if first == "0" {
                        assert_eq!(e.get("length"), None, "{ctx}: padding has no length");
                    } else {
                        assert_eq!(plain(&e["length"]), v[1], "{ctx}");
                    }
                }
                "nai" => {
                    let nai = ext(&m, 131)["nai"].as_str().expect("nai text");
                    assert_eq!(to_hex(nai.as_bytes()), first, "{ctx}");
                }
                "challenge" => {
                    let ty = if m["protocol"] == "mip4" { 132 } else { 24 };
                    assert_eq!(ext(&m, ty)["challenge"], first.as_str(), "{ctx}");
                }
                "auth_type" => {}
                "spi" | "authenticator" | "subtype" => {
                    // The auth_type line, else the last authentication
                    // extension listed.
                    let ty = lines
                        .iter()
                        .find(|(k, _)| k == "auth_type")
                        .or_else(|| {
                            lines.iter().rev().find(|(k, v)| {
                                k == "ext" && ["32", "33", "34", "36"].contains(&v[0].as_str())
                            })
                        })
                        .map(|(_, v)| v[0].parse::<u64>().expect("type"))
                        .expect("an authentication extension");
                    let e = ext(&m, ty);
                    assert_eq!(plain(&e[k.as_str()]), first, "{ctx}");
                    // The sidecar's key verifies the authenticator.
                    let expect = if keys.is_empty() {
                        Value::Null
                    } else {
                        Value::Bool(true)
                    };
                    assert_eq!(
                        e.get("valid").cloned().unwrap_or(Value::Null),
                        expect,
                        "{ctx}"
                    );
                }
                "auth" => {
                    let e = ext(&m, v[0].parse().expect("type"));
                    assert_eq!(plain(&e["spi"]), v[1], "{ctx}");
                    assert_eq!(plain(&e["authenticator"]), v[3], "{ctx}");
                    assert_eq!(e["valid"], true, "{ctx}");
                }
                "udp_tunnel_flags" => assert_eq!(plain(&ext(&m, 144)["flags"]), first, "{ctx}"),
                "udp_tunnel_encap" => {
                    assert_eq!(plain(&ext(&m, 144)["encapsulation"]), first, "{ctx}")
                }
                "revocation_flags" => assert_eq!(plain(&ext(&m, 137)["flags"]), first, "{ctx}"),
                "revocation_timestamp" => {
                    assert_eq!(plain(&ext(&m, 137)["timestamp"]), first, "{ctx}")
                }
                "nvse_vendor" | "cvse_vendor" | "nvse_type" | "cvse_type" | "nvse_value"
                | "cvse_value" => {
                    let ty = if k.starts_with("nvse") { 134 } else { 38 };
                    let f = match &k[5..] {
                        "vendor" => "vendor_id",
                        "type" => "vendor_type",
                        _ => "value",
                    };
                    assert_eq!(plain(&ext(&m, ty)[f]), first, "{ctx}");
                }
                "skipped" => {
                    let e = ext(&m, first.parse().expect("type"));
                    assert_eq!(plain(&e["data"]), v[1], "{ctx}");
                    assert_eq!(e["name"], "Unknown (skipped)", "{ctx}");
                }
                "router" => {
                    let r = &m["routers"][router_i];
                    router_i += 1;
                    assert_eq!(plain(&r["address"]), first, "{ctx}");
                    assert_eq!(plain(&r["preference"]), v[1], "{ctx}");
                }
                "seq" | "reg_lifetime" | "adv_flags" => {
                    let f = match k.as_str() {
                        "seq" => "sequence",
                        "reg_lifetime" => "registration_lifetime",
                        _ => "flags",
                    };
                    assert_eq!(plain(&ext(&m, 16)[f]), first, "{ctx}");
                }
                "coa" => coas.push(Value::String(first)),
                "prefix_lengths" => {
                    assert_eq!(plain(&ext(&m, 19)["prefix_lengths"]), first, "{ctx}")
                }
                other => panic!("{name}: sidecar key {other} not checked by this test"),
            }
        }
        assert_eq!(ext_i, exts.len(), "{name}: extensions beyond the sidecar's");
        if m["protocol"] == "mip4-agent-adv" {
            assert_eq!(
                router_i,
                m["routers"].as_array().map_or(0, Vec::len),
                "{name}"
            );
            assert_eq!(
                ext(&m, 16)["care_of_addresses"],
                Value::Array(coas),
                "{name}"
            );
            assert_eq!(m["checksum_valid"], true, "{name}");
        }
    }
}

#[test]
fn wrong_keys_and_flipped_bits_are_invalid() {
    let bin = vector("mip4", "rrq_nai_mnha.bin");
    let key = "256=00112233445566778899aabbccddeeff";
    let m = decode_with_keys(&bin, Some("mip4"), &[key.to_owned()]);
    assert_eq!(ext(&m, 32)["valid"], true);
    // Without a key for the SPI there is no verdict.
    let m = decode_with_keys(&bin, Some("mip4"), &["257=00".to_owned()]);
    assert_eq!(ext(&m, 32).get("valid"), None);
    let m = decode_with_keys(&bin, Some("mip4"), &[]);
    assert_eq!(ext(&m, 32).get("valid"), None);
    // A wrong key, or the keyed-MD5 algorithm, fails.
    for wrong in [
        "256=00112233445566778899aabbccddeefe",
        "256=keyed-md5:00112233445566778899aabbccddeeff",
    ] {
        let m = decode_with_keys(&bin, Some("mip4"), &[wrong.to_owned()]);
        assert_eq!(ext(&m, 32)["valid"], false, "{wrong}");
    }
    // One bit changed anywhere in the protected bytes: invalid.
    let bytes = std::fs::read(&bin).expect("vector");
    let protected = 47; // the sidecar's protected_len
    let dir = scratch("cli_mip4");
    let path = dir.join("flipped.bin");
    for i in (0..protected * 8).step_by(13) {
        let mut b = bytes.clone();
        b[i / 8] ^= 0x80 >> (i % 8);
        std::fs::write(&path, &b).expect("write");
        let out = roam(
            &[
                "decode", "--format", "json", "--proto", "mip4", "--key", key,
            ],
            &path,
        );
        let msgs = json_lines(&out);
        let Some(e) = msgs[0]["extensions"]
            .as_array()
            .and_then(|x| x.iter().find(|e| e["type"] == 32))
        else {
            continue; // the flip broke the extension walk itself
        };
        if e["spi"] == 256 {
            assert_eq!(e["valid"], false, "bit {i}");
        } else {
            // The flip hit the SPI: no key for it, so no verdict.
            assert_eq!(e.get("valid"), None, "bit {i}");
        }
    }
}

#[test]
fn bad_icmp_checksum_is_reported() {
    let mut b = std::fs::read(vector("mip4", "agent_adv.bin")).expect("vector");
    b[7] ^= 1; // lifetime
    let path = scratch("cli_mip4").join("adv_bad_checksum.bin");
    std::fs::write(&path, &b).expect("write");
    let m = decode_with_keys(&path, Some("mip4"), &[]);
    assert_eq!(m["protocol"], "mip4-agent-adv");
    assert_eq!(m["checksum_valid"], false);
    assert_eq!(m["error"], Value::Null);
}

#[test]
fn bad_key_arguments_are_usage_errors() {
    let bin = vector("mip4", "rrq_nai_mnha.bin");
    for bad in ["256", "x=00", "1=abc", "1=sha1:00"] {
        let out = roam(&["decode", "--proto", "mip4", "--key", bad], &bin);
        assert_eq!(out.status.code(), Some(2), "{bad}");
    }
}

#[test]
fn damaged_messages_never_crash() {
    let dir = scratch("cli_mip4");
    let mut total = 0;
    for bin in vectors("mip4", "bin") {
        let bytes = std::fs::read(&bin).expect("vector");
        let icmp = matches!(bytes.first(), Some(9 | 10));
        let frames = damaged(&bytes, |b| {
            if icmp {
                ipv4(1, b)
            } else {
                ipv4(17, &udp434(b))
            }
        });
        let pcap = dir.join("damaged.pcap");
        write_pcap(&pcap, LINKTYPE_RAW, &frames);
        for format in ["json", "text"] {
            let out = roam(
                &[
                    "decode", "--format", format, "--key", "256=00", "--key", "2=00",
                ],
                &pcap,
            );
            assert!(
                matches!(out.status.code(), Some(0 | 1)),
                "{}: {:?}",
                bin.display(),
                out.status
            );
            if format == "json" {
                let msgs = json_lines(&out);
                if !icmp {
                    // Every UDP 434 datagram gives one object.
                    assert_eq!(msgs.len(), frames.len(), "{}", bin.display());
                }
                let failed = msgs.iter().filter(|m| m["error"] != Value::Null).count();
                assert_eq!(out.status.code() == Some(1), failed > 0);
                total += msgs.len();
            }
        }
        // Raw too: every prefix through --proto mip4.
        let path = dir.join("prefix.bin");
        for n in 0..bytes.len() {
            std::fs::write(&path, &bytes[..n]).expect("write");
            let out = roam(&["decode", "--format", "json", "--proto", "mip4"], &path);
            assert!(matches!(out.status.code(), Some(0 | 1)), "prefix {n}");
        }
    }
    assert!(total > 1000, "only {total} damaged messages decoded");
}

/// The `valid` verdicts of the authentication extensions, in wire order.
fn verdicts(m: &Value) -> Vec<Value> {
    m["extensions"]
        .as_array()
        .expect("extensions")
        .iter()
        .filter(|e| [32, 33, 34, 36].contains(&e["type"].as_u64().unwrap_or(0)))
        .map(|e| e.get("valid").cloned().unwrap_or(Value::Null))
        .collect()
}

/// RFC 5944 §3.5.1: in a relayed request the FA-HA authenticator covers the
/// MN-HA and MN-FA extensions before it. Each extension gets its own
/// verdict, and a changed bit fails exactly the authenticators covering it.
#[test]
fn every_authenticator_of_a_relayed_request_gets_its_own_verdict() {
    let bin = vector("mip4", "rrq_full.bin");
    let keys = key_args(&sidecar(&vector("mip4", "rrq_full.fields")));
    assert_eq!(keys.len(), 3, "MN-HA, MN-FA, FA-HA keys");
    let m = decode_with_keys(&bin, Some("mip4"), &keys);
    assert_eq!(verdicts(&m), [true, true, true]);
    // Only the FA-HA key: only FA-HA gets a verdict.
    let m = decode_with_keys(&bin, Some("mip4"), &keys[2..]);
    assert_eq!(verdicts(&m), [Value::Null, Value::Null, true.into()]);
    let bytes = std::fs::read(&bin).expect("vector");
    let len = bytes.len();
    // FA-HA is the last 22 bytes, MN-FA the 22 before, then the 10-byte
    // challenge, then MN-HA.
    let (faha, mnfa) = (len - 22, len - 44);
    let (challenge, mnha) = (mnfa - 10, mnfa - 32);
    let path = scratch("cli_mip4").join("relayed_flipped.bin");
    for (at, expect) in [
        (16, [false, false, false]),           // Identification
        (mnha + 10, [false, false, false]),    // MN-HA authenticator
        (challenge + 3, [true, false, false]), // challenge value
        (mnfa + 10, [true, false, false]),     // MN-FA authenticator
        (faha + 10, [true, true, false]),      // FA-HA authenticator
    ] {
        let mut b = bytes.clone();
        b[at] ^= 0x01;
        std::fs::write(&path, &b).expect("write");
        let m = decode_with_keys(&path, Some("mip4"), &keys);
        let want: Vec<Value> = expect.iter().map(|&v| v.into()).collect();
        assert_eq!(verdicts(&m), want, "flip at byte {at}");
    }
}

/// Two MN-HA extensions (the second covering the first): both get a
/// verdict, each for its own authenticator.
#[test]
fn repeated_authentication_extensions_each_get_a_verdict() {
    use roam::mip4::wire::{auth, Algorithm, ExtensionType, SecurityAssociation};
    let key = [
        0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee,
        0xff,
    ];
    let sa = SecurityAssociation {
        algorithm: Algorithm::HmacMd5,
        key: &key,
    };
    let mut b = std::fs::read(vector("mip4", "rrq_nai_mnha.bin")).expect("vector");
    let first = b.len() - 22;
    let second = b.len();
    b.resize(second + 22, 0);
    assert_eq!(
        auth::append_auth(&mut b, second, ExtensionType::MN_HA_AUTH, 256, sa),
        Ok(second + 22)
    );
    let keys = [format!("256={}", to_hex(&key))];
    let path = scratch("cli_mip4").join("two_mnha.bin");
    for (flip, expect) in [
        (None, [true, true]),
        (Some(first + 10), [false, false]),
        (Some(second + 10), [true, false]),
    ] {
        let mut m = b.clone();
        if let Some(at) = flip {
            m[at] ^= 0x01;
        }
        std::fs::write(&path, &m).expect("write");
        let d = decode_with_keys(&path, Some("mip4"), &keys);
        let want: Vec<Value> = expect.iter().map(|&v| v.into()).collect();
        assert_eq!(verdicts(&d), want, "flip {flip:?}");
    }
}
