//! Interop with an independent Diameter implementation: the Erlang/OTP
//! `diameter` application (Debian packages erlang-base, erlang-diameter,
//! erlang-dev), run as escripts on loopback:
//! `tests/interop/erlang/acct_server.escript` serves base accounting
//! (application 3) and answers every ACR with an ACA 2001;
//! `tests/interop/erlang/acct_client.escript` is a base accounting client.
//!
//! - `roam peer connect --app acct` → Erlang: CER/CEA 2001 (diameter does
//!   the capabilities exchange itself), 100 ACRs each answered once with
//!   2001, a watchdog answered, DPR/DPA.
//! - Erlang → `roam peer listen`: CER/CEA 2001, 100 ACRs (10 sessions of
//!   START, INTERIM..., STOP) answered 2001 and kept by roam, DWR/DWA, and
//!   the DPR/DPA diameter sends when its transport is removed.
//! - The Erlang server killed and restarted in the middle of a `roam peer
//!   connect` run: roam reconnects (Tc), re-sends the outstanding requests
//!   with the T flag, and across both server incarnations every record is
//!   answered, none lost, none counted twice by roam.
//!
//! Where roam is the client it runs with `--settle 200`, which holds its
//! requests for 200 ms after each CEA: OTP diameter drops requests that
//! arrive before its service process has registered the new peer (see
//! [`SETTLE_MS`] and tests/interop/README.md).
//!
//! Skipped with a printed reason only when `escript` or the diameter
//! application is missing.

mod interop {
    pub mod common;
}

use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use interop::common::*;

const SCRIPT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/interop/erlang/acct_server.escript"
);

const CLIENT_SCRIPT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/interop/erlang/acct_client.escript"
);

macro_rules! require_erlang {
    () => {
        if let Some(why) = missing() {
            eprintln!("SKIPPED: {why}");
            return;
        }
    };
}

/// Receives lines until `done` says so; panics after `limit`. Every line
/// seen goes into `seen`.
fn wait_for(
    rx: &mpsc::Receiver<String>,
    limit: Duration,
    seen: &mut Vec<String>,
    what: &str,
    mut done: impl FnMut(&[String]) -> bool,
) {
    let end = Instant::now() + limit;
    while !done(seen) {
        let left = end.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(l) => seen.push(l),
            Err(e) => panic!("waiting for {what}: {e}; seen: {seen:?}"),
        }
    }
}

/// Starts the accounting server escript on `port` and waits for its
/// `ready` line.
fn start_server(port: u16, ready_within: Duration) -> (Guard, mpsc::Receiver<String>) {
    let mut cmd = Command::new("escript");
    cmd.arg(SCRIPT)
        .args([&port.to_string(), "erl.erlang.test", "erlang.test"])
        // The escript exits when its stdin closes, so it cannot outlive us
        // even if the kill by PID only reaches a wrapper.
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    let mut g = Guard::spawn("escript acct_server", &mut cmd);
    let rx = stdout_lines(&mut g);
    let mut seen = Vec::new();
    wait_for(&rx, ready_within, &mut seen, "ready", |s| {
        s.iter().any(|l| l.starts_with("ready "))
    });
    (g, rx)
}

/// What roam's `--settle` waits after each CEA before sending requests.
///
/// Why: OTP diameter (seen with OTP 25 / diameter 2.2.7) silently discards
/// requests that reach a *server* right after its CEA. The peer_fsm sends
/// the CEA and reports `open` to the watchdog process, which marks itself
/// OKAY, tells the service process, and then dispatches received requests
/// through `diameter_traffic:receive_message/5`; that looks the peer up in
/// the service's ETS table (`diameter_service:find_incoming_app/4`), which
/// the service process fills only when it handles the watchdog's message.
/// A request dispatched before that gets `false` and is dropped without an
/// answer or a log line. `roam peer connect` sends its first window of
/// requests as soon as the CEA arrives (RFC 6733 §5.6: I-Open follows the
/// CEA), so without the pause it sometimes sees its first 64 requests time
/// out (in about half the runs on this machine).
const SETTLE_MS: &str = "200";

/// One `rec T TYPE NUMBER SESSION-ID` line of the server escript.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Rec {
    t_flag: bool,
    rtype: u32,
    number: u32,
    session: String,
}

fn parse_rec(l: &str) -> Option<Rec> {
    let mut it = l.strip_prefix("rec ")?.splitn(4, ' ');
    Some(Rec {
        t_flag: it.next()? == "1",
        rtype: it.next()?.parse().ok()?,
        number: it.next()?.parse().ok()?,
        session: it.next()?.to_string(),
    })
}

/// Why the test cannot run here, if it cannot.
fn missing() -> Option<String> {
    let probe = Command::new("erl")
        .args([
            "-noshell",
            "-eval",
            "case code:lib_dir(diameter) of {error, _} -> halt(1); _ -> halt(0) end",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    if Command::new("escript")
        .arg("-h")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_err()
    {
        return Some("escript not found (Debian package erlang-base)".into());
    }
    match probe {
        Ok(s) if s.success() => {}
        _ => return Some("Erlang diameter application missing (erlang-diameter)".into()),
    }
    if !std::path::Path::new("/usr/lib/erlang/lib")
        .read_dir()
        .map(|d| {
            d.map_while(Result::ok).any(|e| {
                e.file_name().to_string_lossy().starts_with("diameter-")
                    && e.path().join("include/diameter.hrl").exists()
            })
        })
        .unwrap_or(false)
    {
        return Some("diameter/include/*.hrl missing (Debian package erlang-dev)".into());
    }
    None
}

#[test]
fn roam_connects_to_erlang_diameter() {
    if let Some(why) = missing() {
        eprintln!("SKIPPED: {why}");
        return;
    }
    let t0 = Instant::now();
    let port = free_port();
    // Compiling the escript and starting diameter takes a few seconds.
    let (mut server, rx) = start_server(port, Duration::from_secs(60));
    let (ok, stdout, stderr) = run_bounded(
        roam()
            .args(["peer", "connect", &format!("127.0.0.1:{port}")])
            .args(["--settle", SETTLE_MS])
            .args([
                "--origin-host",
                "client.roam.test",
                "--origin-realm",
                "roam.test",
                "--dest-realm",
                "erlang.test",
            ])
            .args(["--app", "acct", "--count", "100"])
            // Tw 6 s (±2 s jitter): at least one DWR within 9 s.
            .args(["--watchdog", "6", "--duration", "9", "--deadline", "30"]),
        Duration::from_secs(45),
    );
    println!("erlang: {}", stdout.trim());
    assert!(ok, "exit status; stderr: {stderr}");
    let v = summary(&stdout);
    assert_eq!(v["cea_result_code"], 2001, "stderr: {stderr}");
    assert_eq!(v["requests_sent"], 100, "{v}");
    assert_eq!(v["answers"], serde_json::json!({"2001": 100}), "{v}");
    assert_eq!(v["lost"], 0, "{v}");
    assert!(v["watchdogs_answered"].as_u64().expect("n") >= 1, "{v}");
    assert_eq!(v["dpa_received"], true, "{v}");
    assert!(stderr.contains("duplicates=0"), "{stderr}");
    // The ACA sample: answered by the Erlang peer, for our session.
    for l in stderr
        .lines()
        .filter(|l| l.starts_with("{\"answer_sample\""))
    {
        let s =
            &serde_json::from_str::<serde_json::Value>(l).expect("sample JSON")["answer_sample"];
        println!("erlang sample {s}");
        assert_eq!(s["command"], 271);
        assert_eq!(s["application"], 3);
        assert_eq!(s["result_code"], 2001);
        assert_eq!(s["e_bit"], false);
        assert_eq!(s["origin_host"], "erl.erlang.test");
        assert_eq!(
            s["session_id"]
                .as_str()
                .map(|x| x.starts_with("client.roam.test;")),
            Some(true)
        );
    }
    // The escript counted the ACRs it answered.
    let mut acrs = 0;
    while let Ok(l) = rx.try_recv() {
        if let Some(n) = l.strip_prefix("acr ") {
            acrs = n.parse().expect("count");
        }
    }
    assert_eq!(acrs, 100, "the Erlang peer answered every ACR");
    server.stop();
    assert!(t0.elapsed() < Duration::from_secs(120));
}

fn json_lines(lines: &[String]) -> Vec<serde_json::Value> {
    lines
        .iter()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("log line {l:?}: {e}")))
        .collect()
}

fn logged(lines: &[String], dir: &str, m: &str) -> usize {
    json_lines(lines)
        .iter()
        .filter(|l| l["dir"] == dir && l["msg"] == m)
        .count()
}

#[test]
fn erlang_connects_to_roam_listen() {
    require_erlang!();
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
        .stderr(Stdio::inherit());
    let mut server = Guard::spawn("roam peer listen", &mut listen);
    let log_rx = stdout_lines(&mut server);
    assert!(wait_listening(port, Duration::from_secs(10)), "listener up");

    let mut cmd = Command::new("escript");
    cmd.arg(CLIENT_SCRIPT)
        .args([&port.to_string(), "100"])
        .args(["client.erlang.test", "erlang.test", "roam.test"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    let mut client = Guard::spawn("escript acct_client", &mut cmd);
    let client_rx = stdout_lines(&mut client);

    // CER/CEA, then the 100 ACRs, each answered.
    let mut out = Vec::new();
    wait_for(
        &client_rx,
        Duration::from_secs(30),
        &mut out,
        "acrs_done",
        |s| s.iter().any(|l| l == "acrs_done" || l == "cea_failed"),
    );
    for l in &out {
        println!("erlang client: {l}");
    }
    assert!(out.iter().any(|l| l == "cea 2001"), "CEA 2001: {out:?}");
    let sum = out
        .iter()
        .find(|l| l.starts_with("{\"erlang_client\""))
        .expect("summary line");
    let sum = &serde_json::from_str::<serde_json::Value>(sum).expect("JSON")["erlang_client"];
    assert_eq!(sum["cea_result_code"], 2001);
    assert_eq!(sum["requests_sent"], 100);
    assert_eq!(sum["answers"], serde_json::json!({"2001": 100}), "{sum}");
    assert_eq!(sum["errors"], 0);

    // The client's Tw is 1.5 s: wait for a DWR/DWA in roam's log, then ask
    // the client to remove its transport (DPR).
    let mut log = Vec::new();
    wait_for(&log_rx, Duration::from_secs(15), &mut log, "DWR/DWA", |s| {
        logged(s, "in", "DWR") >= 1 && logged(s, "out", "DWA") >= 1
    });
    {
        use std::io::Write;
        let stdin = client
            .child
            .as_mut()
            .and_then(|c| c.stdin.as_mut())
            .expect("stdin");
        stdin.write_all(b"dpr\n").expect("write dpr");
        stdin.flush().expect("flush");
    }
    wait_for(&client_rx, Duration::from_secs(15), &mut out, "down", |s| {
        s.iter().any(|l| l == "down" || l == "no down event")
    });
    assert!(out.iter().any(|l| l == "down"), "{out:?}");
    wait_for(&log_rx, Duration::from_secs(10), &mut log, "closed", |s| {
        json_lines(s).iter().any(|l| l["event"] == "closed")
    });
    client.stop();
    server.stop();

    let lines = json_lines(&log);
    for l in lines
        .iter()
        .filter(|l| l["event"].is_null() && l["msg"] != "ACR" && l["msg"] != "ACA")
    {
        println!("roam listen: {l}");
    }
    let cer = lines
        .iter()
        .find(|l| l["dir"] == "in" && l["msg"] == "CER")
        .expect("CER logged");
    assert_eq!(cer["origin_host"], "client.erlang.test");
    let cea = lines
        .iter()
        .find(|l| l["dir"] == "out" && l["msg"] == "CEA")
        .expect("CEA logged");
    assert_eq!(cea["result_code"], 2001);
    assert_eq!(cea["hop_by_hop"], cer["hop_by_hop"]);
    assert_eq!(cea["end_to_end"], cer["end_to_end"]);
    assert!(lines.iter().any(|l| l["event"] == "open"));

    // 100 ACRs in, 100 ACAs 2001 out, each pairing by hop-by-hop.
    let acrs: Vec<_> = lines
        .iter()
        .filter(|l| l["dir"] == "in" && l["msg"] == "ACR")
        .collect();
    let acas: Vec<_> = lines
        .iter()
        .filter(|l| l["dir"] == "out" && l["msg"] == "ACA")
        .collect();
    assert_eq!(acrs.len(), 100);
    assert_eq!(acas.len(), 100);
    for a in &acas {
        assert_eq!(a["result_code"], 2001, "{a}");
        assert!(acrs
            .iter()
            .any(|r| r["hop_by_hop"] == a["hop_by_hop"] && r["end_to_end"] == a["end_to_end"]));
    }
    // The records roam kept: 10 sessions of START 0, INTERIM 1..8, STOP 9,
    // none duplicated, each in order.
    let mut sessions: std::collections::BTreeMap<String, Vec<(u64, u64)>> = Default::default();
    for r in lines.iter().filter(|l| l["event"] == "accounting") {
        assert_eq!(r["duplicate"], false, "{r}");
        assert_eq!(r["in_order"], true, "{r}");
        let sid = r["session_id"].as_str().expect("sid").to_string();
        assert!(sid.starts_with("client.erlang.test;"), "{sid}");
        sessions.entry(sid).or_default().push((
            r["record_number"].as_u64().expect("n"),
            r["record_type"].as_u64().expect("t"),
        ));
    }
    assert_eq!(sessions.len(), 10);
    for recs in sessions.values() {
        let want: Vec<(u64, u64)> = (0..10)
            .map(|n| {
                (
                    n,
                    if n == 0 {
                        2
                    } else if n == 9 {
                        4
                    } else {
                        3
                    },
                )
            })
            .collect();
        assert_eq!(recs, &want);
    }
    // Watchdog and disconnect, both answered 2001 (RFC 6733 §5.5, §5.4).
    assert!(logged(&log, "in", "DWR") >= 1);
    for l in lines
        .iter()
        .filter(|l| l["msg"] == "DWA" || l["msg"] == "DPA")
    {
        assert_eq!(l["result_code"], 2001, "{l}");
    }
    assert_eq!(logged(&log, "in", "DPR"), 1, "DPR from diameter");
    assert_eq!(logged(&log, "out", "DPA"), 1, "DPA from roam");
    let closed = lines
        .iter()
        .find(|l| l["event"] == "closed")
        .expect("closed");
    println!("roam listen: {closed}");
    assert!(t0.elapsed() < Duration::from_secs(60));
}

/// Requests in the restart test (sessions of 10 records).
const RESTART_COUNT: usize = 2000;

#[test]
fn erlang_server_restarts_mid_run() {
    require_erlang!();
    let t0 = Instant::now();
    let port = free_port();
    let (mut first, rx1) = start_server(port, Duration::from_secs(30));
    let mut cmd = roam();
    cmd.args(["peer", "connect", &format!("127.0.0.1:{port}")])
        .args(["--settle", SETTLE_MS])
        .args([
            "--origin-host",
            "client.roam.test",
            "--origin-realm",
            "roam.test",
            "--dest-realm",
            "erlang.test",
        ])
        .args(["--app", "acct", "--count", &RESTART_COUNT.to_string()])
        // As fast as a window of 64 in flight allows, so the window is
        // full when the server dies; Tc 1 s.
        .args(["--window", "64", "--tc", "1"])
        .args(["--watchdog", "6", "--deadline", "40"]);
    let runner = std::thread::spawn(move || run_bounded(&mut cmd, Duration::from_secs(50)));
    // Kill the first server (SIGKILL) once it has answered 200 records.
    let mut seen1 = Vec::new();
    wait_for(
        &rx1,
        Duration::from_secs(20),
        &mut seen1,
        "200 records",
        |s| s.iter().filter(|l| l.starts_with("rec ")).count() >= 200,
    );
    first.stop();
    seen1.extend(rx1.iter());
    let (mut second, rx2) = start_server(port, Duration::from_secs(30));
    let (ok, stdout, stderr) = runner.join().expect("client thread");
    second.stop();
    let seen2: Vec<String> = rx2.iter().collect();
    println!("restart: {}", stdout.trim());
    let stats = stderr
        .lines()
        .find(|l| l.contains("connections="))
        .unwrap_or("");
    println!("restart: {stats}");
    assert!(ok, "exit status; stderr: {stderr}");
    let v = summary(&stdout);
    assert_eq!(v["cea_result_code"], 2001, "stderr: {stderr}");
    assert_eq!(v["requests_sent"], RESTART_COUNT);
    assert_eq!(
        v["answers"],
        serde_json::json!({"2001": RESTART_COUNT}),
        "{v}"
    );
    assert_eq!(v["lost"], 0, "{v} {stderr}");
    assert!(stderr.contains("duplicates=0"), "{stderr}");
    assert_eq!(v["dpa_received"], true);
    let field = |name: &str| {
        stats
            .split(&format!("{name}="))
            .nth(1)
            .and_then(|s| s.split(' ').next())
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or_else(|| panic!("{name} in {stats:?}"))
    };
    assert!(field("connections") >= 2, "reconnected: {stats}");

    // What the two server incarnations answered.
    let recs1: Vec<Rec> = seen1.iter().filter_map(|l| parse_rec(l)).collect();
    let recs2: Vec<Rec> = seen2.iter().filter_map(|l| parse_rec(l)).collect();
    let t2 = recs2.iter().filter(|r| r.t_flag).count();
    println!(
        "restart: first server answered {}, second {} ({} with the T flag), roam re-sent {}",
        recs1.len(),
        recs2.len(),
        t2,
        field("retransmitted")
    );
    assert!(
        recs1.len() >= 200 && recs1.len() < RESTART_COUNT,
        "killed mid-run"
    );
    assert!(recs1.iter().all(|r| !r.t_flag), "no T flag before the kill");
    // Every request re-sent after the reconnect carried the T flag (RFC
    // 6733 §3), and the second server saw exactly those.
    assert!(t2 >= 1, "something was outstanding at the kill");
    assert_eq!(t2, field("retransmitted"), "T-flagged records");
    // Across both incarnations: sessions × records 0..9, none missing.
    let mut all: std::collections::BTreeMap<(String, u32), u32> = Default::default();
    for r in recs1.iter().chain(&recs2) {
        let want = match r.number {
            0 => 2,
            9 => 4,
            _ => 3,
        };
        assert_eq!(r.rtype, want, "{r:?}");
        *all.entry((r.session.clone(), r.number)).or_insert(0) += 1;
    }
    assert_eq!(all.len(), RESTART_COUNT, "every record reached a server");
    // A record answered twice was answered by the first server but its ACA
    // died with it; its second copy is T-flagged.
    for ((sid, n), k) in &all {
        if *k > 1 {
            assert_eq!(*k, 2, "{sid} {n}");
            assert!(recs1.iter().any(|r| &r.session == sid && r.number == *n));
            assert!(recs2
                .iter()
                .any(|r| &r.session == sid && r.number == *n && r.t_flag));
        }
    }
    assert!(t0.elapsed() < Duration::from_secs(60));
}
