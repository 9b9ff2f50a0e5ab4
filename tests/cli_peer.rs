//! `roam peer connect` against `roam peer listen`, both our binary, over
//! loopback: capabilities exchange, 100 ACRs answered 2001, DPR/DPA, and
//! the listener's JSON log.

#[path = "interop/common.rs"]
mod common;

use std::process::Stdio;
use std::time::Duration;

use common::*;

#[test]
fn connect_to_listen_100_acrs() {
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
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let mut server = Guard::spawn("roam peer listen", &mut listen);
    let rx = stdout_lines(&mut server);
    assert!(wait_listening(port, Duration::from_secs(10)), "listener up");

    let (ok, stdout, stderr) = run_bounded(
        roam()
            .args(["peer", "connect", &format!("127.0.0.1:{port}")])
            .args([
                "--origin-host",
                "client.roam.test",
                "--origin-realm",
                "roam.test",
            ])
            .args(["--app", "acct", "--count", "100", "--deadline", "30"]),
        Duration::from_secs(40),
    );
    assert!(ok, "exit status; stderr: {stderr}");
    assert_eq!(stdout.lines().count(), 1, "exactly one line: {stdout}");
    let v = summary(&stdout);
    let keys: Vec<&str> = v
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    let mut want = vec![
        "cea_result_code",
        "requests_sent",
        "answers",
        "lost",
        "watchdogs_answered",
        "dpa_received",
    ];
    want.sort_unstable();
    let mut got = keys.clone();
    got.sort_unstable();
    assert_eq!(got, want, "exact keys");
    assert_eq!(v["cea_result_code"], 2001);
    assert_eq!(v["requests_sent"], 100);
    assert_eq!(v["answers"], serde_json::json!({"2001": 100}));
    assert_eq!(v["lost"], 0);
    assert_eq!(v["dpa_received"], true);
    // The raw line keeps the documented key order.
    assert!(stdout.starts_with("{\"cea_result_code\":2001,\"requests_sent\":100,"));

    // The listener logged the CER, 100 ACRs in sequence, and the DPR.
    let mut lines = Vec::new();
    while let Ok(l) = rx.recv_timeout(Duration::from_secs(2)) {
        let done = l.contains("\"event\":\"closed\"");
        lines.push(serde_json::from_str::<serde_json::Value>(&l).expect("JSON log line"));
        if done {
            break;
        }
    }
    server.stop();
    let msgs = |name: &str| lines.iter().filter(|l| l["msg"] == name).count();
    assert_eq!(msgs("CER"), 1);
    assert_eq!(msgs("CEA"), 1);
    assert_eq!(msgs("ACR"), 100);
    assert_eq!(msgs("ACA"), 100);
    assert_eq!(msgs("DPR"), 1);
    assert_eq!(msgs("DPA"), 1);
    let acct: Vec<_> = lines
        .iter()
        .filter(|l| l["event"] == "accounting")
        .collect();
    assert_eq!(acct.len(), 100);
    assert!(acct
        .iter()
        .all(|l| l["duplicate"] == false && l["in_order"] == true));
    // Sessions of ten records: START, eight INTERIM, STOP.
    let starts = acct.iter().filter(|l| l["record_type"] == 2).count();
    let stops = acct.iter().filter(|l| l["record_type"] == 4).count();
    assert_eq!((starts, stops), (10, 10));
    // Every ACA carries 2001 and answers an ACR's Hop-by-Hop.
    assert!(lines
        .iter()
        .filter(|l| l["msg"] == "ACA")
        .all(|l| l["result_code"] == 2001 && l["flags"] == 0x40));
}

/// `--settle MS` holds the requests back for MS milliseconds after the CEA:
/// one ACR with `--settle 1000` cannot finish sooner than a second, where
/// the same run without it takes a few milliseconds of loopback traffic.
#[test]
fn settle_holds_requests_after_the_cea() {
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
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let mut server = Guard::spawn("roam peer listen", &mut listen);
    assert!(wait_listening(port, Duration::from_secs(10)), "listener up");
    let run = |settle: &str| {
        let t0 = std::time::Instant::now();
        let (ok, stdout, stderr) = run_bounded(
            roam()
                .args(["peer", "connect", &format!("127.0.0.1:{port}")])
                .args([
                    "--origin-host",
                    "client.roam.test",
                    "--origin-realm",
                    "roam.test",
                ])
                .args(["--app", "acct", "--count", "1", "--deadline", "30"])
                .args(["--settle", settle]),
            Duration::from_secs(40),
        );
        assert!(ok, "exit status; stderr: {stderr}");
        let v = summary(&stdout);
        assert_eq!(v["answers"], serde_json::json!({"2001": 1}), "{v}");
        assert_eq!(v["lost"], 0, "{v}");
        t0.elapsed()
    };
    let held = run("1000");
    let prompt = run("0");
    server.stop();
    println!("--settle 1000: {held:?}; --settle 0: {prompt:?}");
    assert!(held >= Duration::from_millis(1000), "{held:?}");
}
