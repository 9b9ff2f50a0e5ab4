//! `roam decode` end to end: exit status, the JSON error object on
//! malformed input, no panic on damaged files, and the text format.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn vector(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("testvectors/diameter")
        .join(name)
}

fn roam(args: &[&str], file: &Path) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_roam"))
        .arg("decode")
        .args(args)
        .arg(file)
        .output()
        .expect("run roam");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("panicked"),
        "roam panicked on {}: {stderr}",
        file.display()
    );
    out
}

fn json_lines(out: &Output) -> Vec<Value> {
    String::from_utf8(out.stdout.clone())
        .expect("UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect()
}

#[test]
fn malformed_raw_messages_give_an_error_object_and_exit_1() {
    // (file, kind, offset, Result-Code)
    let cases = [
        ("malformed_truncated.bin", "truncated", 0, 5015),
        ("malformed_bad_version.bin", "unsupported_version", 0, 5011),
        (
            "malformed_short_length.bin",
            "invalid_message_length",
            1,
            5015,
        ),
        ("malformed_avp_length.bin", "invalid_avp_length", 20, 5014),
        ("malformed_avp_overrun.bin", "invalid_avp_length", 20, 5014),
    ];
    for (file, kind, offset, rc) in cases {
        let out = roam(&["--format", "json", "--proto", "diameter"], &vector(file));
        assert_eq!(out.status.code(), Some(1), "{file}: exit status");
        let msgs = json_lines(&out);
        assert_eq!(msgs.len(), 1, "{file}");
        let e = &msgs[0]["error"];
        assert_eq!(e["kind"], kind, "{file}");
        assert_eq!(e["offset"], offset, "{file}");
        assert_eq!(e["result_code"], rc, "{file}");
        assert_eq!(msgs[0]["frame"], 1, "{file}");
        assert_eq!(msgs[0]["protocol"], "diameter", "{file}");
    }
}

#[test]
fn malformed_capture_reports_the_bad_message_only() {
    let out = roam(&["--format", "json"], &vector("malformed.pcap"));
    assert_eq!(out.status.code(), Some(1));
    let msgs = json_lines(&out);
    assert_eq!(msgs.len(), 2);
    assert_eq!(msgs[0]["error"], Value::Null);
    assert_eq!(msgs[1]["frame"], 2);
    assert_eq!(msgs[1]["command_code"], 280);
    assert_eq!(msgs[1]["error"]["kind"], "invalid_avp_length");
    assert_eq!(msgs[1]["error"]["result_code"], 5014);
}

#[test]
fn capture_ending_inside_a_message_reports_it() {
    let out = roam(&["--format", "json"], &vector("malformed_cut.pcap"));
    assert_eq!(out.status.code(), Some(1));
    let msgs = json_lines(&out);
    assert_eq!(msgs.len(), 2);
    assert_eq!(msgs[0]["error"], Value::Null);
    assert_eq!(msgs[1]["frame"], 2, "the last frame that brought bytes");
    assert_eq!(msgs[1]["error"]["kind"], "truncated");
    assert_eq!(msgs[1]["error"]["result_code"], 5015);
}

#[test]
fn json_keys_in_documented_order() {
    let out = roam(&["--format", "json"], &vector("bench.pcap"));
    let first = String::from_utf8(out.stdout).unwrap();
    let line = first.lines().next().unwrap();
    let keys = [
        "\"frame\":1,",
        "\"protocol\":\"diameter\",",
        "\"version\":1,",
        "\"length\":208,",
        "\"flags\":{\"request\":true,\"proxiable\":false,\"error\":false,\"retransmit\":false},",
        "\"command_code\":257,",
        "\"command_name\":\"Capabilities-Exchange Request\",",
        "\"application_id\":0,",
        "\"hop_by_hop\":287454020,",
        "\"end_to_end\":1432778632,",
        "\"avps\":[{\"code\":264,\"vendor_id\":null,\"flags\":{\"vendor\":false,\"mandatory\":true,\"protected\":false},\"length\":27,\"name\":\"Origin-Host\",\"type\":\"DiameterIdentity\",\"value\":\"fa1.visited.example\",\"error\":null}",
    ];
    let mut at = 0;
    for k in keys {
        let pos = line[at..]
            .find(k)
            .unwrap_or_else(|| panic!("{k} not after offset {at} in {line}"));
        at += pos + k.len();
    }
    assert!(line.ends_with(",\"error\":null}"), "{line}");
}

#[test]
fn good_vectors_exit_0() {
    for name in [
        "bench.pcap",
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
        "two_messages.bin",
    ] {
        for format in ["text", "json"] {
            let out = roam(&["--format", format], &vector(name));
            assert_eq!(out.status.code(), Some(0), "{name} --format {format}");
            assert!(!out.stdout.is_empty(), "{name}: no output");
        }
    }
}

#[test]
fn split_coalesced_and_raw_message_numbering() {
    let split = json_lines(&roam(&["--format", "json"], &vector("split.pcap")));
    assert_eq!(split.len(), 1);
    assert_eq!(
        split[0]["frame"], 2,
        "a split message belongs to the frame that completes it"
    );
    assert_eq!(split[0]["command_code"], 272);

    let coalesced = json_lines(&roam(&["--format", "json"], &vector("coalesced.pcap")));
    let codes: Vec<_> = coalesced
        .iter()
        .map(|m| (m["frame"].clone(), m["command_code"].clone()))
        .collect();
    assert_eq!(codes, [(1.into(), 280.into()), (1.into(), 271.into())]);

    // Joined mid-message: the tail of a CCR is skipped, the next DWR decoded.
    let mid = json_lines(&roam(&["--format", "json"], &vector("midstream.pcap")));
    let codes: Vec<_> = mid
        .iter()
        .map(|m| (m["frame"].clone(), m["command_code"].clone()))
        .collect();
    assert_eq!(codes, [(2.into(), 280.into())]);

    // From the SYN on: sequence numbers count from the SYN.
    let hs = json_lines(&roam(&["--format", "json"], &vector("handshake.pcap")));
    let codes: Vec<_> = hs
        .iter()
        .map(|m| (m["frame"].clone(), m["command_code"].clone()))
        .collect();
    assert_eq!(codes, [(4.into(), 257.into()), (5.into(), 257.into())]);

    let raw = json_lines(&roam(
        &["--format", "json", "--proto", "diameter"],
        &vector("two_messages.bin"),
    ));
    let frames: Vec<_> = raw.iter().map(|m| m["frame"].as_u64()).collect();
    assert_eq!(frames, [Some(1), Some(2)]);
}

#[test]
fn json_value_shapes() {
    let msgs = json_lines(&roam(&["--format", "json"], &vector("bench.pcap")));
    let cer = &msgs[0];
    assert_eq!(cer["command_name"], "Capabilities-Exchange Request");
    assert_eq!(msgs[1]["command_name"], "Capabilities-Exchange Answer");
    assert_eq!(cer["hop_by_hop"], 0x1122_3344);
    let avps = cer["avps"].as_array().unwrap();
    let by_code = |code: u64| avps.iter().find(|a| a["code"] == code).unwrap();
    let host = by_code(264);
    assert_eq!(host["name"], "Origin-Host");
    assert_eq!(host["type"], "DiameterIdentity");
    assert_eq!(host["value"], "fa1.visited.example");
    assert_eq!(host["vendor_id"], Value::Null);
    assert_eq!(host["flags"]["mandatory"], true);
    assert_eq!(by_code(257)["value"], "127.0.0.1"); // Address
    let vsai = by_code(260)["value"].as_array().unwrap().clone(); // Grouped
    assert_eq!(vsai[0]["value"], 10415);

    // ccr: a 3GPP vendor AVP the built-in dictionary does not know.
    let ccr = &msgs[8];
    let unknown = ccr["avps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["code"] == 2)
        .unwrap();
    assert_eq!(unknown["vendor_id"], 10415);
    assert_eq!(unknown["name"], Value::Null);
    assert_eq!(unknown["type"], Value::Null);
    assert_eq!(unknown["value"], "010203");

    // acr: Event-Timestamp (Time) as seconds since 1900.
    let acr = &msgs[4];
    let ts = acr["avps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["code"] == 55)
        .unwrap();
    assert_eq!(ts["value"], 0xe92c_6200_u64);
}

#[test]
fn text_format_smoke() {
    let out = roam(&[], &vector("bench.pcap"));
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let first = text.lines().next().unwrap();
    assert!(
        first.contains("192.0.2.1:40000 → 192.0.2.2:3868"),
        "{first}"
    );
    assert!(
        first.contains("DIAMETER cmd=Capabilities-Exchange Request(257) flags=R---"),
        "{first}"
    );
    assert!(text.contains("\n    AVP: Origin-Host(264) l=27 f=-M- val=fa1.visited.example\n"));
    assert!(
        text.contains("\n        AVP: Vendor-Id(266) l=12 f=-M- val=10415\n"),
        "grouped child indented"
    );
    assert!(text.contains("vnd=3GPP(10415)"));
    assert!(text.contains("val=3912000000 (2023-12-19 18:40:00 UTC)"));

    let bad = roam(
        &["--proto", "diameter"],
        &vector("malformed_avp_length.bin"),
    );
    assert_eq!(bad.status.code(), Some(1));
    let text = String::from_utf8(bad.stdout).unwrap();
    assert!(
        text.contains("[invalid_avp_length at offset 20 (Result-Code 5014)"),
        "{text}"
    );
}

#[test]
fn other_protocols_see_nothing_and_bad_files_exit_2() {
    // A Diameter capture holds no Mobile IP: nothing printed, status 0.
    for proto in ["mip4", "mip6"] {
        let out = roam(&["--proto", proto], &vector("bench.pcap"));
        assert_eq!(out.status.code(), Some(0), "{proto}");
        assert!(out.stdout.is_empty(), "{proto}");
    }
    let missing = roam(&[], &vector("does-not-exist.pcap"));
    assert_eq!(missing.status.code(), Some(2));
    // Not a capture and not Diameter-looking: needs --proto.
    let out = roam(&[], &vector("make.py"));
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn damaged_inputs_never_panic() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli_decode");
    std::fs::create_dir_all(&dir).unwrap();
    // Every strict prefix of a message, as raw input: an error, never a panic.
    let two = std::fs::read(vector("two_messages.bin")).unwrap();
    let path = dir.join("prefix.bin");
    let first_len = usize::from(two[2]) << 8 | usize::from(two[3]);
    for n in 1..two.len() {
        std::fs::write(&path, &two[..n]).unwrap();
        let out = roam(&["--format", "json", "--proto", "diameter"], &path);
        // Cut right after the first message, the file holds one whole message.
        let expected = if n == first_len { 0 } else { 1 };
        assert_eq!(out.status.code(), Some(expected), "prefix {n}");
    }
    // Truncated and bit-flipped captures: any status but a crash.
    for name in ["bench.pcap", "apps.pcapng", "sctp.pcap", "ipv6.pcap"] {
        let bytes = std::fs::read(vector(name)).unwrap();
        let path = dir.join(name);
        for n in (0..bytes.len()).step_by(97) {
            std::fs::write(&path, &bytes[..n]).unwrap();
            let out = roam(&["--format", "json"], &path);
            assert!(
                matches!(out.status.code(), Some(0..=2)),
                "{name} cut at {n}: {:?}",
                out.status
            );
            let mut flipped = bytes.clone();
            flipped[n] ^= 0x5a;
            std::fs::write(&path, &flipped).unwrap();
            let out = roam(&["--format", "json"], &path);
            assert!(
                matches!(out.status.code(), Some(0..=2)),
                "{name} flipped at {n}: {:?}",
                out.status
            );
        }
    }
}
