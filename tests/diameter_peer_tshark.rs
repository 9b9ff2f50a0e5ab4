//! Independent check of what the peer machine puts on the wire: every
//! message two machines exchange (CER, CEA, DWR, DWA, DPR, DPA, refusal
//! CEAs with Failed-AVP, application answers) is written to a pcap (TCP
//! port 3868) and dissected by Wireshark's `tshark`, which must decode each
//! one as the expected Diameter command with no malformed-packet or error
//! expert info. Skips, saying why, when tshark is not installed.

#[path = "diameter_peer_support.rs"]
mod support;

use std::io::Write;
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use roam::diameter::peer::{DisconnectCause, Event, Input, Peer};
use roam::machine::Machine;
use roam::time::Instant;
use support::*;

/// A classic pcap (LINKTYPE_RAW: IPv4 packets) with one TCP segment per
/// message, each on its own source port so no reassembly is involved.
fn pcap(messages: &[Vec<u8>]) -> Vec<u8> {
    let mut f = Vec::new();
    f.extend_from_slice(&0xa1b2_c3d4u32.to_le_bytes()); // magic
    f.extend_from_slice(&2u16.to_le_bytes()); // version 2.4
    f.extend_from_slice(&4u16.to_le_bytes());
    f.extend_from_slice(&0i32.to_le_bytes()); // thiszone
    f.extend_from_slice(&0u32.to_le_bytes()); // sigfigs
    f.extend_from_slice(&65535u32.to_le_bytes()); // snaplen
    f.extend_from_slice(&101u32.to_le_bytes()); // LINKTYPE_RAW
    for (i, m) in messages.iter().enumerate() {
        let total = 20 + 20 + m.len();
        let mut p = Vec::with_capacity(total);
        // IPv4 header: 192.0.2.1 → 192.0.2.2, TCP, checksum left 0.
        p.extend_from_slice(&[0x45, 0]);
        p.extend_from_slice(&(total as u16).to_be_bytes());
        p.extend_from_slice(&[0, 0, 0x40, 0, 64, 6, 0, 0, 192, 0, 2, 1, 192, 0, 2, 2]);
        // TCP header: ephemeral source port, destination 3868, PSH|ACK.
        p.extend_from_slice(&(40000 + i as u16).to_be_bytes());
        p.extend_from_slice(&3868u16.to_be_bytes());
        p.extend_from_slice(&1u32.to_be_bytes()); // seq
        p.extend_from_slice(&1u32.to_be_bytes()); // ack
        p.extend_from_slice(&[0x50, 0x18, 0xff, 0xff, 0, 0, 0, 0]);
        p.extend_from_slice(m);
        f.extend_from_slice(&(i as u32).to_le_bytes()); // ts_sec
        f.extend_from_slice(&0u32.to_le_bytes()); // ts_usec
        f.extend_from_slice(&(p.len() as u32).to_le_bytes());
        f.extend_from_slice(&(p.len() as u32).to_le_bytes());
        f.extend_from_slice(&p);
    }
    f
}

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

    let path: PathBuf = std::env::temp_dir().join(format!("roam-peer-{}.pcap", std::process::id()));
    std::fs::File::create(&path)
        .and_then(|mut f| f.write_all(&pcap(&msgs)))
        .expect("write pcap");
    let out = Command::new("tshark")
        .args([
            "-n",
            "-o",
            "tcp.check_checksum:FALSE",
            "-d",
            "tcp.port==3868,diameter",
            "-r",
        ])
        .arg(&path)
        .args([
            "-T",
            "fields",
            "-E",
            "separator=;",
            "-e",
            "diameter.cmd.code",
            "-e",
            "diameter.flags.request",
            "-e",
            "diameter.Result-Code",
            "-e",
            "_ws.malformed",
            "-e",
            "_ws.expert.severity",
        ])
        .output()
        .expect("run tshark");
    if std::env::var_os("ROAM_KEEP_PCAP").is_none() {
        let _ = std::fs::remove_file(&path);
    }
    assert!(
        out.status.success(),
        "tshark failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
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
