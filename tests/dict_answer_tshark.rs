//! Error answers checked by an independent dissector: each answer is wrapped
//! in a one-packet pcap (IPv4/TCP port 3868) and read back with
//! tshark. Skips, saying so, when tshark is not installed.

#[path = "support/pcap.rs"]
mod pcap;

use std::process::Command;

use roam::diameter::answer::{ErrorAnswer, Identity};
use roam::diameter::dict::Dictionary;

const ME: Identity<'static> = Identity {
    origin_host: "aaa.example.net",
    origin_realm: "example.net",
};

fn tshark_fields(msg: &[u8], name: &str) -> Option<Vec<String>> {
    let path = std::env::temp_dir().join(format!(
        "roam_dict_answer_{name}_{}.pcap",
        std::process::id()
    ));
    std::fs::write(&path, pcap::diameter_tcp(&[msg])).unwrap();
    let out = Command::new("tshark")
        .arg("-r")
        .arg(&path)
        .args(["-T", "fields", "-E", "separator=|"])
        .args(["-e", "diameter.Result-Code"])
        .args(["-e", "diameter.flags.error"])
        .args(["-e", "diameter.flags.request"])
        .args(["-e", "diameter.Origin-Host"])
        .args(["-e", "diameter.Failed-AVP"])
        .args(["-e", "diameter.Session-Id"])
        .args(["-e", "_ws.expert.message"])
        .output()
        .ok()?;
    let _ = std::fs::remove_file(&path);
    let text = String::from_utf8(out.stdout).unwrap();
    Some(text.trim_end().split('|').map(str::to_string).collect())
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

#[test]
fn tshark_reads_error_answers() {
    if Command::new("tshark").arg("-v").output().is_err() {
        println!("skipping: tshark not installed");
        return;
    }
    let d = Dictionary::builtin();
    let cer = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/testvectors/diameter/bench/cer.bin"
    ))
    .unwrap();
    let mut cases: Vec<(&str, Vec<u8>)> = Vec::new();
    let mut e_bit = cer.clone();
    e_bit[4] |= 0x20; // E on a request: 3008
    cases.push(("e_bit", e_bit));
    let mut short = cer.clone();
    short.truncate(20); // header only: 5005 Origin-Host
    short[1..4].copy_from_slice(&[0, 0, 20]);
    cases.push(("missing", short));
    let mut many = cer.clone();
    let oh = {
        let m = roam::diameter::wire::Message::new_checked(&cer[..]).unwrap();
        let a = m
            .avps()
            .map(Result::unwrap)
            .find(|a| a.code().0 == 264)
            .unwrap();
        let end = (a.offset() + a.length() as usize + 3) & !3;
        cer[a.offset()..end].to_vec()
    };
    many.extend_from_slice(&oh); // a second Origin-Host: 5009
    let len = many.len() as u32;
    many[1..4].copy_from_slice(&len.to_be_bytes()[1..]);
    cases.push(("twice", many));

    for (name, req) in &cases {
        let err = d.validate_bytes(req).unwrap_err();
        let ans = ErrorAnswer::from_validation(&err).to_vec(req, &ME).unwrap();
        let f = tshark_fields(&ans, name).expect("tshark runs");
        assert_eq!(f[0], err.result_code().0.to_string(), "{name}: {f:?}");
        let e = if err.is_protocol_error() { "1" } else { "0" };
        // tshark prints booleans as 1/0 or True/False depending on version.
        assert!(
            f[1] == e || f[1] == (if e == "1" { "True" } else { "False" }),
            "{name}: {f:?}"
        );
        assert!(f[2] == "0" || f[2] == "False", "{name}: {f:?}");
        // The first Origin-Host is ours; one inside Failed-AVP may follow.
        assert_eq!(f[3].split(',').next(), Some(ME.origin_host), "{name}");
        // tshark shows Failed-AVP's data: the offending AVP and its padding.
        let padded = err.failed_avp().map(|b| {
            let mut v = b.to_vec();
            v.resize((b.len() + 3) & !3, 0);
            hex(&v)
        });
        assert_eq!(f[4], padded.unwrap_or_default(), "{name}");
        // The request had no Session-Id, so neither has the answer.
        assert_eq!(f[5], "", "{name}");
        // No expert complaint, except tshark's note on the zero-length
        // payload RFC 6733 §7.5 prescribes for a missing DiameterIdentity.
        let expert = f.get(6).map(String::as_str).unwrap_or("");
        assert!(
            expert.is_empty() || expert == "Data is empty",
            "{name}: expert info {f:?}"
        );
    }
}
