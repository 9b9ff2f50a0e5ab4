//! Writes Diameter messages into a classic pcap for tshark to dissect.
//! Shared by the tests that check roam's output with Wireshark
//! (`#[path = "support/pcap.rs"] mod pcap;`).

/// A classic pcap (version 2.4, LINKTYPE_RAW: bare IPv4 packets) with one
/// IPv4/TCP segment per message, 192.0.2.1 → 192.0.2.2 port 3868. Each
/// message has its own source port (40000 + i), so tshark needs no stream
/// reassembly, and its own second as timestamp. The IPv4 header checksum is
/// filled in; the TCP checksum is left 0 (tshark does not check it by
/// default).
pub fn diameter_tcp(messages: &[&[u8]]) -> Vec<u8> {
    let mut f = Vec::new();
    f.extend_from_slice(&0xa1b2_c3d4u32.to_le_bytes()); // magic, microseconds
    f.extend_from_slice(&2u16.to_le_bytes()); // version 2.4
    f.extend_from_slice(&4u16.to_le_bytes());
    f.extend_from_slice(&0i32.to_le_bytes()); // thiszone
    f.extend_from_slice(&0u32.to_le_bytes()); // sigfigs
    f.extend_from_slice(&65535u32.to_le_bytes()); // snaplen
    f.extend_from_slice(&101u32.to_le_bytes()); // LINKTYPE_RAW
    for (i, m) in messages.iter().enumerate() {
        let total = 20 + 20 + m.len();
        let mut p = Vec::with_capacity(total);
        // IPv4: version 4, IHL 5, length, DF, TTL 64, TCP, checksum below.
        p.extend_from_slice(&[0x45, 0]);
        p.extend_from_slice(&(total as u16).to_be_bytes());
        p.extend_from_slice(&[0, 0, 0x40, 0, 64, 6, 0, 0, 192, 0, 2, 1, 192, 0, 2, 2]);
        let sum = ipv4_checksum(&p);
        p[10..12].copy_from_slice(&sum.to_be_bytes());
        // TCP: ephemeral source port, destination 3868, PSH|ACK.
        p.extend_from_slice(&(40000 + i as u16).to_be_bytes());
        p.extend_from_slice(&3868u16.to_be_bytes());
        p.extend_from_slice(&1u32.to_be_bytes()); // seq
        p.extend_from_slice(&1u32.to_be_bytes()); // ack
        p.extend_from_slice(&[0x50, 0x18, 0xff, 0xff, 0, 0, 0, 0]); // offset 5, flags, window, csum, urg
        p.extend_from_slice(m);
        f.extend_from_slice(&(i as u32).to_le_bytes()); // ts_sec
        f.extend_from_slice(&0u32.to_le_bytes()); // ts_usec
        f.extend_from_slice(&(p.len() as u32).to_le_bytes()); // incl_len
        f.extend_from_slice(&(p.len() as u32).to_le_bytes()); // orig_len
        f.extend_from_slice(&p);
    }
    f
}

/// The RFC 791 header checksum of a 20-byte IPv4 header.
fn ipv4_checksum(h: &[u8]) -> u16 {
    let mut sum: u32 = h
        .chunks(2)
        .map(|c| u32::from(u16::from_be_bytes([c[0], c.get(1).copied().unwrap_or(0)])))
        .sum();
    while sum > 0xffff {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    !(sum as u16)
}

/// Writes `messages` with [`diameter_tcp`] to `<temp>/<name>-<pid>.pcap`,
/// dissects them with `tshark -T fields -E separator=;` (TCP port 3868 as
/// Diameter, checksums not checked), one `-e` per entry of `fields`, and
/// returns tshark's output, one line per frame. Panics if tshark fails. The
/// pcap is removed afterwards unless `ROAM_KEEP_PCAP` is set.
#[allow(dead_code)] // not every test that includes this module dissects
pub fn tshark_fields(name: &str, messages: &[Vec<u8>], fields: &[&str]) -> String {
    let path = std::env::temp_dir().join(format!("{name}-{}.pcap", std::process::id()));
    let slices: Vec<&[u8]> = messages.iter().map(Vec::as_slice).collect();
    std::fs::write(&path, diameter_tcp(&slices)).expect("write pcap");
    let mut cmd = std::process::Command::new("tshark");
    cmd.args(["-n", "-o", "tcp.check_checksum:FALSE"])
        .args(["-d", "tcp.port==3868,diameter", "-r"])
        .arg(&path)
        .args(["-T", "fields", "-E", "separator=;"]);
    for f in fields {
        cmd.args(["-e", f]);
    }
    let out = cmd.output().expect("run tshark");
    if std::env::var_os("ROAM_KEEP_PCAP").is_none() {
        let _ = std::fs::remove_file(&path);
    }
    assert!(
        out.status.success(),
        "tshark failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}
