//! Independent check of what the router puts on the wire: the hand-laid
//! ACR, its relayed form (Route-Record appended, Hop-by-Hop rewritten) and
//! every routing answer (3002, 3003, 3005, 3006 with Redirect-Host, 3007)
//! are written to a pcap (TCP port 3868) and dissected by Wireshark's
//! `tshark`, which must decode each with the expected command, Result-Code
//! and Route-Record and no malformed-packet or error expert info. Skips,
//! saying why, when tshark is not installed.

#[path = "support/pcap.rs"]
mod pcap;

use std::process::Command;

use roam::diameter::answer::Identity;
use roam::diameter::router::{Decision, RedirectHostUsage, RedirectPolicy, Relay};
use roam::diameter::wire::ResultCode;
use roam::time::Instant;

const ME: Identity<'static> = Identity {
    origin_host: "relay.mid.net",
    origin_realm: "mid.net",
};

/// An Accounting-Request (app 3) from c.ex for realm far.net carrying an
/// unknown non-M AVP and a 3GPP vendor AVP. 100 bytes.
#[rustfmt::skip]
const ACR: [u8; 100] = [
    0x01, 0x00, 0x00, 0x64,             // version 1, length 100
    0xc0, 0x00, 0x01, 0x0f,             // flags R P, command 271 (Accounting)
    0x00, 0x00, 0x00, 0x03,             // Application-Id 3 (base accounting)
    0x11, 0x11, 0x11, 0x11,             // Hop-by-Hop
    0x22, 0x22, 0x22, 0x22,             // End-to-End
    0x00, 0x00, 0x01, 0x07, 0x40, 0x00, 0x00, 0x0a, // Session-Id (263), M, len 10
    b's', b'1', 0x00, 0x00,             //   "s1" + 2 padding
    0x00, 0x00, 0x01, 0x08, 0x40, 0x00, 0x00, 0x0c, // Origin-Host (264), M, len 12
    b'c', b'.', b'e', b'x',             //   "c.ex"
    0x00, 0x00, 0x01, 0x28, 0x40, 0x00, 0x00, 0x0a, // Origin-Realm (296), M, len 10
    b'e', b'x', 0x00, 0x00,             //   "ex" + 2 padding
    0x00, 0x00, 0x01, 0x1b, 0x40, 0x00, 0x00, 0x0f, // Destination-Realm (283), M, len 15
    b'f', b'a', b'r', b'.', b'n', b'e', b't', 0x00, //   "far.net" + 1 padding
    0x00, 0x00, 0x27, 0x0f, 0x00, 0x00, 0x00, 0x0b, // AVP 9999 (unknown), no flags, len 11
    b'a', b'b', b'c', 0x00,             //   "abc" + 1 padding
    0x00, 0x00, 0x00, 0x01, 0x80, 0x00, 0x00, 0x10, // AVP 1, V, len 16
    0x00, 0x00, 0x28, 0xaf,             //   Vendor-Id 10415 (3GPP)
    0xde, 0xad, 0xbe, 0xef,             //   data
];

#[test]
fn tshark_decodes_router_output() {
    if Command::new("tshark").arg("--version").output().is_err() {
        println!("skipped: tshark is not installed");
        return;
    }
    let mut relay = Relay::default();
    let fwd = relay.forward(Instant::ZERO, b"c.ex", &ACR, &ME).unwrap();
    let servers = [b"new.far.net".to_vec()];
    let policy = RedirectPolicy {
        usage: RedirectHostUsage::ALL_REALM,
        max_cache_time: 60,
    };
    let mut msgs = vec![ACR.to_vec(), fwd];
    let mut codes = vec![None, None];
    for code in [
        ResultCode::UNABLE_TO_DELIVER,
        ResultCode::REALM_NOT_SERVED,
        ResultCode::LOOP_DETECTED,
        ResultCode::APPLICATION_UNSUPPORTED,
    ] {
        let d = Decision::Reject { result_code: code };
        msgs.push(d.answer_to_vec(&ACR, &ME, &policy).unwrap().unwrap());
        codes.push(Some(code.0));
    }
    let d = Decision::Redirect { servers: &servers };
    msgs.push(d.answer_to_vec(&ACR, &ME, &policy).unwrap().unwrap());
    codes.push(Some(3006));

    let text = pcap::tshark_fields(
        "roam-router",
        &msgs,
        &[
            "diameter.cmd.code",
            "diameter.hopbyhopid",
            "diameter.Result-Code",
            "diameter.Route-Record",
            "diameter.Redirect-Host",
            "_ws.malformed",
            "_ws.expert.severity",
        ],
    );
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), msgs.len(), "one frame per message:\n{text}");
    for (i, (line, code)) in lines.iter().zip(&codes).enumerate() {
        let f: Vec<&str> = line.split(';').collect();
        assert_eq!(f[0], "271", "frame {i}: command in {line:?}");
        match code {
            Some(c) => assert_eq!(f[2], c.to_string(), "frame {i}: Result-Code in {line:?}"),
            None => assert!(f[2].is_empty()),
        }
        assert!(f[5].is_empty(), "frame {i}: malformed: {line:?}");
        assert!(
            !f[6].split(',').any(|s| s == "8388608"),
            "frame {i}: expert error: {line:?}"
        );
    }
    // The relayed ACR: new Hop-by-Hop, our Route-Record.
    assert_eq!(
        lines[1].split(';').nth(3),
        Some("relay.mid.net"),
        "{}",
        lines[1]
    );
    assert_ne!(lines[1].split(';').nth(1), lines[0].split(';').nth(1));
    assert!(lines[0].split(';').nth(3).unwrap().is_empty());
    // The redirect names the server as a DiameterURI.
    assert!(
        lines[6].split(';').nth(4).unwrap().contains("new.far.net"),
        "{}",
        lines[6]
    );
}
