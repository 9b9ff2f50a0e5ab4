//! Starting a real `freeDiameterd` on loopback for the interop tests:
//! configuration in a temp dir, a self-signed TLS pair made with openssl
//! (freeDiameter wants one even when no TLS is used), the acl_wl
//! whitelist, and a guard that kills the daemon by PID.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use super::common::{free_port, wait_listening, Guard};

/// Where Debian's freediameter-extensions installs the extensions.
const EXT_DIR: &str = "/usr/lib/freeDiameter";

/// Why the interop tests cannot run here, or `None` when they can.
pub fn missing() -> Option<String> {
    let ok = |bin: &str| {
        Command::new(bin)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok()
    };
    if !ok("freeDiameterd") {
        return Some("freeDiameterd not found (Debian package freediameterd)".into());
    }
    if !Path::new(EXT_DIR).join("acl_wl.fdx").exists() {
        return Some(format!(
            "{EXT_DIR}/acl_wl.fdx missing (freediameter-extensions)"
        ));
    }
    if !ok("openssl") {
        return Some("openssl CLI not found (needed for freeDiameter's TLS_Cred)".into());
    }
    None
}

/// A temp directory removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        let p = std::env::temp_dir().join(format!(
            "roam-interop-{tag}-{}-{}",
            std::process::id(),
            free_port()
        ));
        std::fs::create_dir_all(&p).expect("temp dir");
        TempDir(p)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// One freeDiameter instance's configuration.
pub struct FdConf {
    pub dir: TempDir,
    pub port: u16,
    pub conf: PathBuf,
    pub identity: String,
}

/// Writes the certificate, the acl and `fd.conf`. `extra` is appended to
/// the configuration (ConnectPeer entries, TwTimer and the like).
pub fn configure(tag: &str, identity: &str, realm: &str, extra: &str) -> FdConf {
    let dir = TempDir::new(tag);
    let d = &dir.0;
    let st = Command::new("openssl")
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        ])
        .args(["-subj", &format!("/CN={identity}")])
        .arg("-keyout")
        .arg(d.join("key.pem"))
        .arg("-out")
        .arg(d.join("cert.pem"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("run openssl");
    assert!(st.success(), "openssl req failed");
    // Clients whose Origin-Host is in roam.test may connect without TLS.
    std::fs::write(d.join("acl.conf"), "ALLOW_IPSEC *.roam.test\n").expect("acl");
    let port = free_port();
    let sec = free_port();
    let conf = format!(
        "Identity = \"{identity}\";\nRealm = \"{realm}\";\nPort = {port};\nSecPort = {sec};\n\
         No_SCTP;\nNo_IPv6;\nListenOn = \"127.0.0.1\";\nTcTimer = 1;\n\
         TLS_Cred = \"{c}\", \"{k}\";\nTLS_CA = \"{c}\";\n\
         LoadExtension = \"{EXT_DIR}/acl_wl.fdx\" : \"{a}\";\n{extra}",
        c = d.join("cert.pem").display(),
        k = d.join("key.pem").display(),
        a = d.join("acl.conf").display(),
    );
    let path = d.join("fd.conf");
    std::fs::write(&path, conf).expect("fd.conf");
    FdConf {
        dir,
        port,
        conf: path,
        identity: identity.into(),
    }
}

/// Starts `freeDiameterd -c conf` (output to a log file in the temp dir)
/// and waits for its listener.
pub fn start(c: &FdConf) -> Guard {
    let log = std::fs::File::create(c.dir.0.join("fd.log")).expect("log");
    let log2 = log.try_clone().expect("log");
    let g = Guard::spawn(
        "freeDiameterd",
        Command::new("freeDiameterd")
            .arg("-c")
            .arg(&c.conf)
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(log2),
    );
    assert!(
        wait_listening(c.port, Duration::from_secs(10)),
        "freeDiameterd did not listen on {}; log:\n{}",
        c.port,
        log_text(c)
    );
    g
}

/// The daemon's log so far.
pub fn log_text(c: &FdConf) -> String {
    std::fs::read_to_string(c.dir.0.join("fd.log")).unwrap_or_default()
}
