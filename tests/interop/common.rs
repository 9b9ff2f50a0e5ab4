//! Shared helpers for the tests that run the `roam` binary as a peer: free
//! ports, child processes killed by PID on drop, bounded waits.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The `roam` binary cargo built for this test.
pub fn roam() -> Command {
    Command::new(env!("CARGO_BIN_EXE_roam"))
}

/// A loopback port that was free a moment ago.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("bind an ephemeral port")
}

/// Waits until something accepts on `port`, at most `limit`.
pub fn wait_listening(port: u16, limit: Duration) -> bool {
    let end = Instant::now() + limit;
    while Instant::now() < end {
        if TcpStream::connect_timeout(
            &format!("127.0.0.1:{port}").parse().expect("addr"),
            Duration::from_millis(200),
        )
        .is_ok()
        {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

/// A child process killed (by its PID, through `Child::kill`) and reaped
/// when dropped, also on panic.
pub struct Guard {
    pub child: Option<Child>,
    pub name: &'static str,
}

impl Guard {
    pub fn spawn(name: &'static str, cmd: &mut Command) -> Guard {
        let child = cmd.spawn().unwrap_or_else(|e| panic!("spawn {name}: {e}"));
        Guard {
            child: Some(child),
            name,
        }
    }

    /// Kills and reaps the process now.
    pub fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Forwards the child's piped stdout, line by line, to a channel (closed at
/// EOF, so after a kill the receiver drains what was written and then ends).
pub fn stdout_lines(g: &mut Guard) -> mpsc::Receiver<String> {
    let out = g
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
    rx
}

/// Runs `cmd` to completion with a time limit; returns (status ok,
/// stdout, stderr). The child is killed if it overruns.
pub fn run_bounded(cmd: &mut Command, limit: Duration) -> (bool, String, String) {
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut g = Guard::spawn("roam peer connect", cmd);
    let child = g.child.as_mut().expect("child");
    let out = child.stdout.take().expect("stdout");
    let err = child.stderr.take().expect("stderr");
    let (tx, rx) = mpsc::channel();
    let tx2 = tx.clone();
    std::thread::spawn(move || {
        let mut s = String::new();
        for l in BufReader::new(out).lines().map_while(Result::ok) {
            s.push_str(&l);
            s.push('\n');
        }
        let _ = tx.send((true, s));
    });
    std::thread::spawn(move || {
        let mut s = String::new();
        for l in BufReader::new(err).lines().map_while(Result::ok) {
            s.push_str(&l);
            s.push('\n');
        }
        let _ = tx2.send((false, s));
    });
    let end = Instant::now() + limit;
    let (mut so, mut se) = (None, None);
    while so.is_none() || se.is_none() {
        let left = end.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok((true, s)) => so = Some(s),
            Ok((false, s)) => se = Some(s),
            Err(_) => {
                g.stop();
                panic!("timed out after {limit:?}; stderr so far: {se:?}");
            }
        }
    }
    let status = g.child.as_mut().expect("child").wait().expect("wait");
    g.child = None;
    (
        status.success(),
        so.unwrap_or_default(),
        se.unwrap_or_default(),
    )
}

/// The last line of `stdout` parsed as the JSON summary of `peer connect`.
pub fn summary(stdout: &str) -> serde_json::Value {
    let line = stdout.lines().last().expect("a summary line");
    serde_json::from_str(line).unwrap_or_else(|e| panic!("bad JSON {line:?}: {e}"))
}

/// Sum of the `answers` counts.
pub fn answered(v: &serde_json::Value) -> u64 {
    v["answers"]
        .as_object()
        .expect("answers object")
        .values()
        .map(|n| n.as_u64().expect("count"))
        .sum()
}
