//! `roam peer listen`: a server peer, one thread and one [`Peer`] machine
//! per accepted connection, answering base accounting.

use std::collections::HashMap;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use clap::Args;
use roam::diameter::answer::{ErrorAnswer, Identity};
use roam::diameter::peer::{Config, Event, Input, Peer};
use roam::diameter::wire::{ApplicationId, AvpCode, CommandCode, Message, ResultCode};
use roam::machine::Machine;
use roam::time::StdClock;

use super::io::{unix_secs, Conn, ReadOutcome, SeedRng};
use super::msg;

/// How long a new connection may take to deliver its CER.
const CER_WAIT: Duration = Duration::from_secs(10);
/// Sessions kept in memory at most (older ones are not evicted: new ones
/// beyond the bound are answered but not recorded).
const MAX_SESSIONS: usize = 100_000;

/// `roam peer listen` arguments.
#[derive(Debug, Args)]
pub(crate) struct ListenArgs {
    /// The address to listen on, e.g. 127.0.0.1:3868.
    addr: String,
    /// Our Origin-Host.
    #[arg(long)]
    origin_host: String,
    /// Our Origin-Realm.
    #[arg(long)]
    origin_realm: String,
    /// Tw, the watchdog interval in seconds (≥ 6, RFC 3539).
    #[arg(long, default_value_t = 30)]
    watchdog: u64,
}

/// The accounting records of one session (RFC 6733 §9.8.3: records are
/// identified by Session-Id and Accounting-Record-Number).
#[derive(Debug, Default)]
struct SessionRecords {
    /// Record numbers seen, in arrival order, with their record type.
    records: Vec<(u32, u32)>,
    stopped: bool,
}

type Store = Arc<Mutex<HashMap<Vec<u8>, SessionRecords>>>;

pub(super) fn run(args: &ListenArgs) -> u8 {
    let listener = match TcpListener::bind(&args.addr) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("roam peer listen: bind {}: {e}", args.addr);
            return 2;
        }
    };
    if let Ok(a) = listener.local_addr() {
        log(&format!("{{\"event\":\"listening\",\"addr\":\"{a}\"}}"));
    }
    let store: Store = Arc::default();
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let host = args.origin_host.clone();
        let realm = args.origin_realm.clone();
        let tw = args.watchdog;
        let store = Arc::clone(&store);
        std::thread::spawn(move || serve(stream, &host, &realm, tw, &store));
    }
    0
}

/// One JSON line on stdout (println! holds the stdout lock per line).
fn log(line: &str) {
    println!("{line}");
}

fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

fn log_msg(peer: SocketAddr, dir: &str, m: &[u8], extra: &str) {
    let Ok(v) = Message::new_checked(m) else {
        log(&format!(
            "{{\"peer\":\"{peer}\",\"dir\":\"{dir}\",\"msg\":\"malformed\",\"len\":{}}}",
            m.len()
        ));
        return;
    };
    let rc = msg::result_code(m).map_or_else(|| "null".into(), |c| c.to_string());
    let origin = msg::avp(m, AvpCode::ORIGIN_HOST)
        .map_or_else(|| "null".into(), |o| q(&String::from_utf8_lossy(o)));
    log(&format!(
        "{{\"peer\":\"{peer}\",\"dir\":\"{dir}\",\"msg\":\"{}\",\"command\":{},\"request\":{},\"application\":{},\"hop_by_hop\":{},\"end_to_end\":{},\"flags\":{},\"origin_host\":{origin},\"result_code\":{rc}{extra}}}",
        msg::name(m),
        v.command_code().0,
        v.flags().is_request(),
        v.application_id().0,
        v.hop_by_hop(),
        v.end_to_end(),
        v.flags().bits(),
    ));
}

fn serve(stream: TcpStream, host: &str, realm: &str, tw: u64, store: &Store) {
    let Ok(peer_addr) = stream.peer_addr() else {
        return;
    };
    let mut conn = Conn::new(stream);
    let start = std::time::Instant::now();
    let clock = StdClock::new(start);
    // The first message must be the CER (RFC 6733 §5.3).
    let cer = loop {
        match conn.read(CER_WAIT) {
            ReadOutcome::Frames(mut f) if !f.is_empty() => break f.remove(0),
            ReadOutcome::Frames(_) => {}
            ReadOutcome::Timeout | ReadOutcome::Closed => {
                log(&format!(
                    "{{\"peer\":\"{peer_addr}\",\"event\":\"closed_before_cer\"}}"
                ));
                conn.close();
                return;
            }
        }
    };
    log_msg(peer_addr, "in", &cer, "");
    let mut cfg = Config::new(host.as_bytes(), realm.as_bytes());
    cfg.acct_application_ids
        .push(ApplicationId::BASE_ACCOUNTING);
    cfg.tw = Duration::from_secs(tw);
    let mut peer = match Peer::new(cfg, unix_secs(), &mut SeedRng::from_time()) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("roam peer listen: {e}");
            return;
        }
    };
    let me = Identity {
        origin_host: host,
        origin_realm: realm,
    };
    let now = clock.instant(std::time::Instant::now());
    let _ = peer.handle(now, Input::Incoming(&cer));
    let mut open = true;
    let mut accepted = false;
    while open {
        while let Some(ev) = peer.poll_event() {
            match ev {
                Event::AcceptIncoming => accepted = true,
                Event::RejectIncoming { answer } => {
                    if let Some(a) = answer {
                        log_msg(peer_addr, "out", &a, "");
                        let _ = conn.send(&a);
                    }
                    open = false;
                }
                Event::Transmit { bytes, .. } => {
                    log_msg(peer_addr, "out", &bytes, "");
                    if conn.send(&bytes).is_err() {
                        let now = clock.instant(std::time::Instant::now());
                        let _ = peer.handle(
                            now,
                            Input::Disconnected(roam::diameter::peer::ConnId::Responder),
                        );
                    }
                }
                Event::Close { .. } => open = false,
                Event::Request { message } => {
                    let answer = answer_request(&message, host, realm, &me, store);
                    let now = clock.instant(std::time::Instant::now());
                    let _ = peer.send_answer(now, &answer);
                }
                Event::Closed { reason, .. } => {
                    log(&format!(
                        "{{\"peer\":\"{peer_addr}\",\"event\":\"closed\",\"reason\":{}}}",
                        q(&format!("{reason:?}"))
                    ));
                    open = false;
                }
                Event::Fault(f) => log(&format!(
                    "{{\"peer\":\"{peer_addr}\",\"event\":\"fault\",\"fault\":{}}}",
                    q(&format!("{f:?}"))
                )),
                Event::Open { .. } => {
                    log(&format!("{{\"peer\":\"{peer_addr}\",\"event\":\"open\"}}"))
                }
                _ => {}
            }
        }
        if !open || !accepted {
            break;
        }
        let now = clock.instant(std::time::Instant::now());
        let wait = peer
            .poll_timeout()
            .map_or(Duration::from_secs(1), |t| t.saturating_duration_since(now))
            .min(Duration::from_secs(1));
        match conn.read(wait) {
            ReadOutcome::Frames(frames) => {
                for f in frames {
                    log_msg(peer_addr, "in", &f, "");
                    let now = clock.instant(std::time::Instant::now());
                    let _ = peer.handle(
                        now,
                        Input::Received {
                            conn: roam::diameter::peer::ConnId::Responder,
                            message: &f,
                        },
                    );
                }
            }
            ReadOutcome::Timeout => {}
            ReadOutcome::Closed => {
                let now = clock.instant(std::time::Instant::now());
                let _ = peer.handle(
                    now,
                    Input::Disconnected(roam::diameter::peer::ConnId::Responder),
                );
            }
        }
        let now = clock.instant(std::time::Instant::now());
        peer.handle_timeout(now);
    }
    conn.close();
}

/// Answers one application request: ACRs get an ACA 2001 and are
/// recorded; anything else gets 3001 COMMAND_UNSUPPORTED (RFC 6733 §7.1.3).
fn answer_request(
    req: &[u8],
    host: &str,
    realm: &str,
    me: &Identity<'_>,
    store: &Store,
) -> Vec<u8> {
    let is_acr = Message::new_checked(req).is_ok_and(|m| {
        m.command_code() == CommandCode::ACCOUNTING
            && m.application_id() == ApplicationId::BASE_ACCOUNTING
    });
    if !is_acr {
        return ErrorAnswer::new(ResultCode::COMMAND_UNSUPPORTED)
            .to_vec(req, me)
            .unwrap_or_default();
    }
    let sid = msg::avp(req, AvpCode::SESSION_ID);
    let rtype = msg::avp_u32(req, AvpCode::ACCOUNTING_RECORD_TYPE);
    let rnum = msg::avp_u32(req, AvpCode::ACCOUNTING_RECORD_NUMBER);
    let (Some(sid), Some(rtype), Some(rnum)) = (sid, rtype, rnum) else {
        // RFC 6733 §7.1.5: 5005 DIAMETER_MISSING_AVP, with a Failed-AVP
        // holding an example of the missing AVP (zero data).
        let missing = if sid.is_none() {
            AvpCode::SESSION_ID
        } else if rtype.is_none() {
            AvpCode::ACCOUNTING_RECORD_TYPE
        } else {
            AvpCode::ACCOUNTING_RECORD_NUMBER
        };
        let mut example = Vec::with_capacity(12);
        example.extend_from_slice(&missing.0.to_be_bytes());
        example.extend_from_slice(&[0x40, 0, 0, 12, 0, 0, 0, 0]);
        return ErrorAnswer {
            failed_avp: Some(&example),
            ..ErrorAnswer::new(ResultCode::MISSING_AVP)
        }
        .to_vec(req, me)
        .unwrap_or_default();
    };
    let (duplicate, in_order) = {
        let mut s = store
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let full = s.len() >= MAX_SESSIONS;
        match s.get_mut(sid) {
            Some(rec) => {
                let dup = rec.records.iter().any(|&(n, _)| n == rnum);
                let in_order = rec.records.last().is_some_and(|&(n, _)| rnum > n);
                if !dup {
                    rec.records.push((rnum, rtype));
                    rec.stopped |= rtype == msg::STOP_RECORD;
                }
                (dup, in_order)
            }
            None if !full => {
                s.insert(
                    sid.to_vec(),
                    SessionRecords {
                        records: vec![(rnum, rtype)],
                        stopped: rtype == msg::STOP_RECORD || rtype == msg::EVENT_RECORD,
                    },
                );
                (
                    false,
                    rtype == msg::EVENT_RECORD || rtype == msg::START_RECORD,
                )
            }
            None => (false, false),
        }
    };
    let extra = format!(
        ",\"session_id\":{},\"record_type\":{rtype},\"record_number\":{rnum},\"duplicate\":{duplicate},\"in_order\":{in_order}",
        q(&String::from_utf8_lossy(sid))
    );
    log(&format!("{{\"event\":\"accounting\"{extra}}}"));
    msg::aca(host, realm, req, ResultCode::SUCCESS.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::peer::msg::{acr, Ident};

    const ID: Ident<'static> = Ident {
        host: "c.roam.test",
        realm: "roam.test",
        dest_realm: "roam.test",
    };

    fn answer(req: &[u8], store: &Store) -> Vec<u8> {
        let me = Identity {
            origin_host: "s.roam.test",
            origin_realm: "roam.test",
        };
        answer_request(req, "s.roam.test", "roam.test", &me, store)
    }

    #[test]
    fn records_are_kept_per_session_and_duplicates_not_recorded_twice() {
        let store: Store = Arc::default();
        for (t, n) in [(2, 0), (3, 1), (3, 1), (4, 2)] {
            let a = answer(&acr(&ID, "c.roam.test;1;1", n + 10, t, n), &store);
            assert_eq!(msg::result_code(&a), Some(2001));
        }
        let s = store.lock().expect("lock");
        let rec = s.get(&b"c.roam.test;1;1"[..]).expect("session");
        assert_eq!(rec.records, vec![(0, 2), (1, 3), (2, 4)]);
        assert!(rec.stopped);
    }

    #[test]
    fn other_requests_get_3001_with_the_e_bit() {
        let store: Store = Arc::default();
        let ccr = msg::ccr(&ID, "c.roam.test;1;2", 5);
        let a = answer(&ccr, &store);
        assert_eq!(msg::result_code(&a), Some(3001));
        let v = Message::new_checked(&a[..]).expect("valid");
        assert!(v.flags().is_error());
        assert!(store.lock().expect("lock").is_empty());
    }

    #[test]
    fn an_acr_without_record_number_gets_5005() {
        let store: Store = Arc::default();
        let full = acr(&ID, "c.roam.test;1;3", 5, 1, 0);
        // Drop the Accounting-Record-Number and Acct-Application-Id AVPs
        // (the last two, 12 bytes each) and fix the length.
        let mut cut = full[..full.len() - 24].to_vec();
        let len = cut.len() as u32;
        cut[1..4].copy_from_slice(&len.to_be_bytes()[1..]);
        let a = answer(&cut, &store);
        assert_eq!(msg::result_code(&a), Some(5005));
        // Failed-AVP (279) holds an example Accounting-Record-Number (485).
        let failed = msg::avp(&a, AvpCode::FAILED_AVP).expect("Failed-AVP");
        assert_eq!(&failed[..8], &[0, 0, 1, 229, 0x40, 0, 0, 12]);
    }
}
