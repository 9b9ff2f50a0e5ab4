//! Interop with a real freeDiameter (`freeDiameterd`, Debian packages
//! freediameterd + freediameter-extensions) on loopback:
//!
//! (a) `roam peer connect` → freeDiameter: CER/CEA 2001, 1000 ACRs each
//!     answered exactly once, watchdogs answered, DPR/DPA. freeDiameter
//!     serves no accounting application (none ships in
//!     freediameter-extensions), so it answers every ACR with 3002
//!     DIAMETER_UNABLE_TO_DELIVER, E bit set (RFC 6733 §7.1.3: "no host
//!     within the realm supporting the required application was
//!     available"); the test checks that answer's fields.
//! (b) freeDiameter → `roam peer listen` (ConnectPeer): CER/CEA and
//!     DWR/DWA seen in roam's log.
//! (c) freeDiameter killed and restarted in the middle of a run: the
//!     client reconnects (Tc), re-sends the failed-over requests with the
//!     T flag, and loses or duplicates none.
//! (d) a client freeDiameter does not whitelist gets a CEA 3010
//!     DIAMETER_UNKNOWN_PEER and gives up.
//!
//! Skipped with a printed reason only when freeDiameterd (or openssl) is
//! missing.

mod interop {
    pub mod common;
    pub mod freediameter;
}

use std::process::Stdio;
use std::time::{Duration, Instant};

use interop::common::*;
use interop::freediameter as fd;

macro_rules! require_freediameter {
    () => {
        if let Some(why) = fd::missing() {
            eprintln!("SKIPPED: {why}");
            return;
        }
    };
}

fn samples(stderr: &str) -> Vec<serde_json::Value> {
    stderr
        .lines()
        .filter(|l| l.starts_with("{\"answer_sample\""))
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).expect("sample JSON")["answer_sample"]
                .clone()
        })
        .collect()
}

#[test]
fn a_roam_connects_to_freediameter() {
    require_freediameter!();
    let t0 = Instant::now();
    let conf = fd::configure("a", "fd.fd.test", "fd.test", "");
    let _daemon = fd::start(&conf);
    let (ok, stdout, stderr) = run_bounded(
        roam()
            .args(["peer", "connect", &format!("127.0.0.1:{}", conf.port)])
            .args([
                "--origin-host",
                "client.roam.test",
                "--origin-realm",
                "roam.test",
            ])
            .args([
                "--dest-realm",
                "fd.test",
                "--app",
                "acct",
                "--count",
                "1000",
            ])
            // Tw 6 s (±2 s jitter): at least one DWR within 9 s.
            .args(["--watchdog", "6", "--duration", "9", "--deadline", "40"]),
        Duration::from_secs(50),
    );
    println!("(a) {}", stdout.trim());
    assert!(ok, "exit status; stderr: {stderr}");
    let v = summary(&stdout);
    assert_eq!(v["cea_result_code"], 2001, "stderr: {stderr}");
    assert_eq!(v["requests_sent"], 1000);
    assert_eq!(answered(&v), 1000, "every request answered once: {v}");
    assert_eq!(v["lost"], 0);
    assert!(v["watchdogs_answered"].as_u64().expect("n") >= 1, "{v}");
    assert_eq!(v["dpa_received"], true);
    assert!(stderr.contains("duplicates=0"), "{stderr}");
    // freeDiameter's answer to an application it does not serve: one
    // sample line per distinct Result-Code.
    let samples = samples(&stderr);
    assert_eq!(
        samples.len(),
        v["answers"].as_object().expect("answers").len(),
        "{stderr}"
    );
    for s in samples {
        println!("(a) sample {s}");
        let rc = s["result_code"].as_u64().expect("Result-Code");
        assert_eq!(s["command"], 271, "answers the ACR's command");
        assert_eq!(s["application"], 3);
        assert_eq!(s["origin_host"], "fd.fd.test");
        assert_eq!(
            s["session_id"]
                .as_str()
                .map(|x| x.starts_with("client.roam.test;")),
            Some(true)
        );
        // RFC 6733 §7.1: 3xxx are protocol errors, sent with the E bit;
        // other classes are not.
        assert_eq!(s["e_bit"], (3000..4000).contains(&rc), "E bit for {rc}");
        // Origin-Host is the reporter, so no Error-Reporting-Host (§7.4).
        assert!(s["error_reporting_host"].is_null());
        if rc == 3002 {
            assert_eq!(s["failed_avp"], false);
        }
    }
    assert!(t0.elapsed() < Duration::from_secs(60));
}

#[test]
fn b_freediameter_connects_to_roam_listen() {
    require_freediameter!();
    let t0 = Instant::now();
    let port = free_port();
    let mut listen = roam();
    listen
        .args(["peer", "listen", &format!("127.0.0.1:{port}")])
        .args([
            "--origin-host",
            "server.roam.test",
            "--origin-realm",
            "roam.test",
        ])
        .args(["--watchdog", "6"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let mut server = Guard::spawn("roam peer listen", &mut listen);
    let rx = stdout_lines(&mut server);
    assert!(wait_listening(port, Duration::from_secs(10)), "listener up");
    let extra = format!(
        "TwTimer = 6;\nConnectPeer = \"server.roam.test\" {{ ConnectTo = \"127.0.0.1\"; Port = {port}; No_TLS; }};\n"
    );
    let conf = fd::configure("b", "fd.fd.test", "fd.test", &extra);
    let mut daemon = fd::start(&conf);

    // Wait (≤ 25 s) for CER/CEA and one DWR/DWA pair in either direction.
    let mut lines = Vec::new();
    let end = Instant::now() + Duration::from_secs(25);
    let seen = |lines: &[serde_json::Value], dir: &str, m: &str| {
        lines.iter().any(|l| l["dir"] == dir && l["msg"] == m)
    };
    while Instant::now() < end {
        if let Ok(l) = rx.recv_timeout(Duration::from_millis(200)) {
            println!("(b) {l}");
            lines.push(serde_json::from_str::<serde_json::Value>(&l).expect("JSON log line"));
        }
        let dw = (seen(&lines, "in", "DWR") && seen(&lines, "out", "DWA"))
            || (seen(&lines, "out", "DWR") && seen(&lines, "in", "DWA"));
        if seen(&lines, "out", "CEA") && dw {
            break;
        }
    }
    daemon.stop();
    server.stop();
    let cer = lines
        .iter()
        .find(|l| l["dir"] == "in" && l["msg"] == "CER")
        .expect("CER logged");
    assert_eq!(cer["origin_host"], "fd.fd.test");
    let cea = lines
        .iter()
        .find(|l| l["dir"] == "out" && l["msg"] == "CEA")
        .expect("CEA logged");
    assert_eq!(cea["result_code"], 2001);
    assert_eq!(cea["hop_by_hop"], cer["hop_by_hop"]);
    assert!(lines.iter().any(|l| l["event"] == "open"));
    let dw_in = seen(&lines, "in", "DWR") && seen(&lines, "out", "DWA");
    let dw_out = seen(&lines, "out", "DWR") && seen(&lines, "in", "DWA");
    assert!(dw_in || dw_out, "a watchdog exchange: {lines:?}");
    for l in lines.iter().filter(|l| l["msg"] == "DWA") {
        assert_eq!(l["result_code"], 2001);
    }
    assert!(t0.elapsed() < Duration::from_secs(60));
}

#[test]
fn c_freediameter_restarts_mid_run() {
    require_freediameter!();
    let t0 = Instant::now();
    let conf = fd::configure("c", "fd.fd.test", "fd.test", "");
    let mut daemon = fd::start(&conf);
    let mut cmd = roam();
    cmd.args(["peer", "connect", &format!("127.0.0.1:{}", conf.port)])
        .args([
            "--origin-host",
            "client.roam.test",
            "--origin-realm",
            "roam.test",
        ])
        .args([
            "--dest-realm",
            "fd.test",
            "--app",
            "acct",
            "--count",
            "3000",
        ])
        // 1000 requests/s for 3 s, a window of 64 in flight, Tc 1 s.
        .args(["--rate", "1000", "--window", "64", "--tc", "1"])
        .args(["--watchdog", "6", "--deadline", "40"]);
    let client = std::thread::spawn(move || run_bounded(&mut cmd, Duration::from_secs(50)));
    std::thread::sleep(Duration::from_millis(1200));
    daemon.stop(); // SIGKILL: whatever was in flight is unanswered.
    std::thread::sleep(Duration::from_millis(700));
    let _daemon2 = fd::start(&conf);
    let (ok, stdout, stderr) = client.join().expect("client thread");
    println!("(c) {}", stdout.trim());
    assert!(ok, "exit status; stderr: {stderr}");
    let v = summary(&stdout);
    assert_eq!(v["cea_result_code"], 2001, "stderr: {stderr}");
    assert_eq!(v["requests_sent"], 3000);
    assert_eq!(v["lost"], 0, "{v} {stderr}");
    assert_eq!(answered(&v), 3000, "each answered once: {v}");
    assert!(stderr.contains("duplicates=0"), "{stderr}");
    assert_eq!(v["dpa_received"], true);
    // It really reconnected.
    let conns = stderr
        .split("connections=")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse::<u32>().ok())
        .expect("connections count");
    assert!(conns >= 2, "reconnected: {stderr}");
    println!(
        "(c) {}",
        stderr
            .lines()
            .find(|l| l.contains("connections="))
            .unwrap_or("")
    );
    // The restarted daemon's log dumps every request it could not route;
    // the re-sent ones carry the T flag (RFC 6733 §3), the others do not.
    let retransmitted = stderr
        .split("retransmitted=")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse::<usize>().ok())
        .expect("retransmitted count");
    let log = fd::log_text(&conf);
    let t_flagged = log
        .lines()
        .filter(|l| l.contains("Flags: 0xD0 (RP-T)"))
        .count();
    println!("(c) re-sent with T: {retransmitted}, seen by freeDiameter with T: {t_flagged}");
    assert_eq!(
        t_flagged, retransmitted,
        "T-flagged requests in freeDiameter's log"
    );
    assert!(t0.elapsed() < Duration::from_secs(60));
}

#[test]
fn d_unknown_peer_is_refused_with_3010() {
    require_freediameter!();
    let t0 = Instant::now();
    let conf = fd::configure("d", "fd.fd.test", "fd.test", "");
    // Whitelist another realm only: roam's client is an unknown peer.
    std::fs::write(conf.dir.0.join("acl.conf"), "ALLOW_IPSEC *.other.test\n").expect("acl");
    let _daemon = fd::start(&conf);
    let (ok, stdout, stderr) = run_bounded(
        roam()
            .args(["peer", "connect", &format!("127.0.0.1:{}", conf.port)])
            .args([
                "--origin-host",
                "client.roam.test",
                "--origin-realm",
                "roam.test",
            ])
            .args([
                "--dest-realm",
                "fd.test",
                "--count",
                "5",
                "--deadline",
                "20",
            ]),
        Duration::from_secs(30),
    );
    println!("(d) {}", stdout.trim());
    // RFC 6733 §5.3: a CER from an unknown peer gets 3010
    // DIAMETER_UNKNOWN_PEER; the client gives up at once, exit status 1.
    assert!(!ok, "exit status 1 on a refused CER");
    let v = summary(&stdout);
    assert_eq!(v["cea_result_code"], 3010, "{stderr}");
    assert_eq!(v["requests_sent"], 0);
    assert_eq!(v["lost"], 0);
    assert_eq!(v["dpa_received"], false);
    assert!(t0.elapsed() < Duration::from_secs(15), "no retry loop");
}
