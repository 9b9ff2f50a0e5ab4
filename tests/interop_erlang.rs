//! Interop with an independent Diameter implementation: the Erlang/OTP
//! `diameter` application (Debian packages erlang-base, erlang-diameter,
//! erlang-dev), run as an escript (`tests/interop/erlang/acct_server.escript`)
//! that serves base accounting (application 3) on loopback and answers every
//! ACR with an ACA 2001.
//!
//! `roam peer connect --app acct` → Erlang: CER/CEA 2001 (diameter does the
//! capabilities exchange itself), 100 ACRs each answered once with 2001,
//! a watchdog answered, DPR/DPA.
//!
//! Skipped with a printed reason only when `escript` or the diameter
//! application is missing.

mod interop {
    pub mod common;
}

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use interop::common::*;

const SCRIPT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/interop/erlang/acct_server.escript"
);

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
    let mut cmd = Command::new("escript");
    cmd.arg(SCRIPT)
        .args([&port.to_string(), "erl.erlang.test", "erlang.test"])
        // The escript exits when its stdin closes, so it cannot outlive us
        // even if the kill by PID only reaches a wrapper.
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    let mut server = Guard::spawn("escript acct_server", &mut cmd);
    let out = server
        .child
        .as_mut()
        .and_then(|c| c.stdout.take())
        .expect("stdout");
    let (tx, rx) = mpsc::channel::<String>();
    std::thread::spawn(move || {
        for l in BufReader::new(out).lines().map_while(Result::ok) {
            if tx.send(l).is_err() {
                break;
            }
        }
    });
    // Compiling the escript and starting diameter takes a few seconds.
    let ready_by = Instant::now() + Duration::from_secs(60);
    loop {
        let left = ready_by.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(l) if l.starts_with("ready ") => break,
            Ok(_) => continue,
            Err(e) => panic!("escript never printed ready: {e}"),
        }
    }
    let (ok, stdout, stderr) = run_bounded(
        roam()
            .args(["peer", "connect", &format!("127.0.0.1:{port}")])
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
