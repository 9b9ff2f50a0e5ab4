//! Independent check of what the peer machine puts on the wire: every
//! message two machines exchange (CER, CEA, DWR, DWA, DPR, DPA, refusal
//! CEAs with Failed-AVP, application answers) is written to a pcap (TCP
//! port 3868) and dissected by Wireshark's `tshark`, which must decode each
//! one as the expected Diameter command with no malformed-packet or error
//! expert info. Skips, saying why, when tshark is not installed.

#[path = "support/pcap.rs"]
mod pcap;

#[path = "diameter_peer_support.rs"]
mod support;

use std::process::Command;
use std::time::Duration;

use roam::diameter::peer::{DisconnectCause, Event, Input, Peer};
use roam::machine::Machine;
use roam::time::Instant;
use support::*;

fn transmitted(log: &[Event]) -> Vec<Vec<u8>> {
    log.iter()
        .filter_map(|e| match e {
            Event::Transmit { bytes, .. } => Some(bytes.clone()),
            Event::RejectIncoming { answer: Some(a) } => Some(a.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn tshark_decodes_everything_the_peer_sends() {
    if Command::new("tshark").arg("--version").output().is_err() {
        println!("skipped: tshark is not installed");
        return;
    }
    // A full session: CER/CEA, watchdogs, requests both ways, DPR/DPA.
    let mut net = Net::new(peer("client.example", 1), peer("server.example", 2));
    net.input(Side::A, Input::Start);
    net.settle();
    net.run_for(Duration::from_secs(70), 10_000);
    net.send_request(Side::A, &acr_from("client.example", 0, 10));
    net.send_request(Side::B, &acr_from("server.example", 0, 11));
    net.settle();
    net.input(
        Side::A,
        Input::Stop(DisconnectCause::DO_NOT_WANT_TO_TALK_TO_YOU),
    );
    net.settle();
    let mut msgs = transmitted(&net.log_a);
    msgs.extend(transmitted(&net.log_b));
    // Refusals: 5010, and 5005 with a Failed-AVP.
    let mut p: Peer = peer("server.example", 3);
    p.handle(
        Instant::ZERO,
        Input::Incoming(&cer_from("x.example", 1, &[4])),
    )
    .unwrap();
    p.handle(
        Instant::ZERO,
        Input::Incoming(&msg(
            CER,
            R,
            0,
            2,
            2,
            &[avp(296, b"example"), avp_u32(259, 3)],
        )),
    )
    .unwrap();
    msgs.extend(transmitted(&drain(&mut p)));

    let expected: Vec<String> = msgs.iter().map(|m| name(m)).collect();
    for n in [
        "CER", "CEA:2001", "DWR", "DWA:2001", "DPR", "DPA:2001", "CEA:5010", "CEA:5005", "ANS:2001",
    ] {
        assert!(
            expected.iter().any(|e| e == n),
            "scenario lacks {n}: {expected:?}"
        );
    }

    let text = pcap::tshark_fields(
        "roam-peer",
        &msgs,
        &[
            "diameter.cmd.code",
            "diameter.flags.request",
            "diameter.Result-Code",
            "_ws.malformed",
            "_ws.expert.severity",
        ],
    );
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines.len(),
        msgs.len(),
        "one dissected frame per message:\n{text}"
    );
    for (line, (m, want)) in lines.iter().zip(msgs.iter().zip(&expected)) {
        let f: Vec<&str> = line.split(';').collect();
        let cmd = u32::from_be_bytes([0, m[5], m[6], m[7]]);
        assert_eq!(f[0], cmd.to_string(), "{want}: command code in {line:?}");
        let is_req = m[4] & R != 0;
        assert!(
            matches!(f[1], "1" | "True" | "true") == is_req,
            "{want}: request flag in {line:?}"
        );
        if let Some(rc) = result_code(m) {
            assert_eq!(f[2], rc.to_string(), "{want}: Result-Code in {line:?}");
        }
        assert!(f[3].is_empty(), "{want}: malformed: {line:?}");
        // Expert info of severity error (0x800000) must not appear. Warnings
        // are fine: the 5005 CEA's Failed-AVP carries an empty Origin-Host
        // on purpose (RFC 6733 §7.5), which Wireshark flags "Data is empty".
        assert!(
            !f[4].split(',').any(|s| s == "8388608"),
            "{want}: expert error: {line:?}"
        );
    }
}
