//! Helpers shared by the `roam decode` Mobile IP tests (`cli_mip4`,
//! `cli_mip6`, `tshark_mip4`, `tshark_mip6`): running roam and tshark,
//! writing captures, reading tshark's JSON.

#![allow(dead_code)] // each test crate uses a different subset

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// Seconds from 1900-01-01 (NTP) to 1970-01-01 (Unix).
pub const NTP_UNIX_OFFSET: u64 = 2_208_988_800;
/// LINKTYPE_RAW: frames start with the IP header.
pub const LINKTYPE_RAW: u32 = 101;

/// A file under `testvectors/<area>/`.
pub fn vector(area: &str, name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("testvectors")
        .join(area)
        .join(name)
}

/// The files of `testvectors/<area>/` ending in `.ext`, sorted.
pub fn vectors(area: &str, ext: &str) -> Vec<PathBuf> {
    let dir = vector(area, "");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    v.sort();
    v
}

/// A scratch directory for this test binary.
pub fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// Runs `roam <args> FILE`, failing the test if roam panicked.
pub fn roam(args: &[&str], file: &Path) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_roam"))
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

/// One JSON object per stdout line.
pub fn json_lines(out: &Output) -> Vec<Value> {
    String::from_utf8(out.stdout.clone())
        .expect("UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// `roam decode --format json ARGS FILE`, asserting exit status 0.
pub fn decode_json(args: &[&str], file: &Path) -> Vec<Value> {
    let mut a = vec!["decode", "--format", "json"];
    a.extend_from_slice(args);
    let out = roam(&a, file);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}: {}",
        file.display(),
        String::from_utf8_lossy(&out.stdout)
    );
    json_lines(&out)
}

/// Writes a pcap (microsecond, little-endian) of `frames` with `linktype`.
pub fn write_pcap(path: &Path, linktype: u32, frames: &[Vec<u8>]) {
    let mut b = Vec::new();
    b.extend_from_slice(&0xa1b2_c3d4u32.to_le_bytes());
    b.extend_from_slice(&2u16.to_le_bytes());
    b.extend_from_slice(&4u16.to_le_bytes());
    b.extend_from_slice(&[0; 8]); // thiszone, sigfigs
    b.extend_from_slice(&65_535u32.to_le_bytes());
    b.extend_from_slice(&linktype.to_le_bytes());
    for (i, f) in frames.iter().enumerate() {
        b.extend_from_slice(&(i as u32).to_le_bytes());
        b.extend_from_slice(&0u32.to_le_bytes());
        let len = f.len() as u32;
        b.extend_from_slice(&len.to_le_bytes());
        b.extend_from_slice(&len.to_le_bytes());
        b.extend_from_slice(f);
    }
    std::fs::write(path, b).expect("write pcap");
}

/// An IPv4 packet (no options, checksum left zero) around `payload`.
pub fn ipv4(protocol: u8, payload: &[u8]) -> Vec<u8> {
    let total = (20 + payload.len()) as u16;
    let mut p = vec![0x45, 0];
    p.extend_from_slice(&total.to_be_bytes());
    p.extend_from_slice(&[0, 0, 0x40, 0, 64, protocol, 0, 0]);
    p.extend_from_slice(&[192, 0, 2, 10, 10, 1, 0, 1]);
    p.extend_from_slice(payload);
    p
}

/// A UDP datagram 434 → 434 (checksum zero: none) around `payload`.
pub fn udp434(payload: &[u8]) -> Vec<u8> {
    let len = (8 + payload.len()) as u16;
    let mut u = vec![0x01, 0xb2, 0x01, 0xb2];
    u.extend_from_slice(&len.to_be_bytes());
    u.extend_from_slice(&[0, 0]);
    u.extend_from_slice(payload);
    u
}

/// Every strict prefix and every single-bit flip of `bytes`, each passed
/// through `wrap`.
pub fn damaged(bytes: &[u8], wrap: impl Fn(&[u8]) -> Vec<u8>) -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = (0..bytes.len()).map(|n| wrap(&bytes[..n])).collect();
    for i in 0..bytes.len() * 8 {
        let mut b = bytes.to_vec();
        b[i / 8] ^= 0x80 >> (i % 8);
        out.push(wrap(&b));
    }
    out
}

pub fn to_hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

pub fn hex_bytes(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

/// Whether tshark can run; prints why a test skips otherwise.
pub fn tshark_available() -> bool {
    match Command::new("tshark").arg("--version").output() {
        Ok(o) if o.status.success() => true,
        _ => {
            println!(
                "SKIPPED: tshark is not installed (Debian package `tshark`; .ci/run installs it)"
            );
            false
        }
    }
}

/// tshark's `-T json --no-duplicate-keys` layers, one per frame.
pub fn tshark_layers(pcap: &Path) -> Vec<Value> {
    let out = Command::new("tshark")
        .env("TZ", "UTC")
        .arg("-r")
        .arg(pcap)
        .args(["-T", "json", "--no-duplicate-keys"])
        .output()
        .expect("run tshark");
    assert!(
        out.status.success(),
        "tshark failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let packets: Value = serde_json::from_slice(&out.stdout).expect("tshark JSON");
    packets
        .as_array()
        .expect("array of packets")
        .iter()
        .map(|p| p["_source"]["layers"].clone())
        .collect()
}

/// The frames (1-based) where `tshark -V` reports a malformed packet or an
/// expert warning or error (checksum checks of IP, UDP and ICMP on).
pub fn tshark_complaints(pcap: &Path) -> Vec<u64> {
    let out = Command::new("tshark")
        .arg("-r")
        .arg(pcap)
        .args(["-V", "-o", "ip.check_checksum:TRUE"])
        .args(["-o", "udp.check_checksum:TRUE"])
        .output()
        .expect("run tshark");
    let text = String::from_utf8_lossy(&out.stdout);
    let mut frame = 0;
    let mut bad = Vec::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("Frame ") {
            frame = rest
                .split(':')
                .next()
                .and_then(|n| n.trim().parse().ok())
                .unwrap_or(frame);
        }
        let complaint = line.contains("Malformed")
            || line.contains("Expert Info (Warning")
            || line.contains("Expert Info (Error");
        if complaint && bad.last() != Some(&frame) {
            bad.push(frame);
        }
    }
    bad
}

/// A tshark field that may be one value or an array of them.
pub fn list(v: Option<&Value>) -> Vec<&Value> {
    match v {
        None => Vec::new(),
        Some(Value::Array(items)) => items.iter().collect(),
        Some(other) => vec![other],
    }
}

/// A tshark number: decimal or `0x` hex, in a string.
pub fn num(v: &Value) -> u64 {
    let s = v
        .as_str()
        .unwrap_or_else(|| panic!("expected a string, got {v}"));
    match s.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16).expect("hex number"),
        None => s.parse().unwrap_or_else(|_| panic!("not a number: {s}")),
    }
}

/// `aa:bb:cc` → `aabbcc`; tshark's `0xaabb` → `aabb`.
pub fn colon_hex(v: &Value) -> String {
    let s = v.as_str().expect("hex string");
    s.strip_prefix("0x").unwrap_or(s).replace(':', "")
}

/// tshark's absolute time `Aug 18, 2023 17:39:15.000000015 UTC` →
/// (seconds since 1970, nanoseconds).
pub fn tshark_time(s: &str) -> (u64, u64) {
    let parts: Vec<&str> = s.split_whitespace().collect();
    assert_eq!(parts.len(), 5, "time format: {s}");
    assert_eq!(parts[4], "UTC", "time zone: {s}");
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let m = MONTHS.iter().position(|&x| x == parts[0]).expect("month") as i64 + 1;
    let d: i64 = parts[1].trim_end_matches(',').parse().expect("day");
    let y: i64 = parts[2].parse().expect("year");
    let (hms, frac) = parts[3].split_once('.').unwrap_or((parts[3], "0"));
    let hms: Vec<u64> = hms.split(':').map(|x| x.parse().expect("h:m:s")).collect();
    let ns: u64 = format!("{frac:0<9}")[..9].parse().expect("fraction");
    // Howard Hinnant's days-from-civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    (
        days as u64 * 86_400 + hms[0] * 3600 + hms[1] * 60 + hms[2],
        ns,
    )
}
