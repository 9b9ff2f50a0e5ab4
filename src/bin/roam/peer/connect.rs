//! `roam peer connect`: one client peer over one TCP connection at a time.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::time::Duration;

use clap::{Args, ValueEnum};
use roam::diameter::answer::{ErrorAnswer, Identity};
use roam::diameter::peer::{
    CloseReason, Config, ConnId, DisconnectCause, Event, Input, Peer, PeerError, RequestId,
};
use roam::diameter::wire::{ApplicationId, AvpCode, CommandCode, Message, ResultCode};
use roam::machine::Machine;
use roam::time::{Instant, StdClock};

use super::io::{unix_secs, Conn, ReadOutcome, SeedRng};
use super::msg::{self, Ident};

pub(super) const LONG_HELP: &str = "\
Applications:
  acct  ACRs on application 3, in sessions of up to 10 records
        (START, INTERIM..., STOP; a lone record is an EVENT).
  cc    CCR EVENT_REQUEST on application 4, one session per request.
  base  no application requests: a watchdog-only run (CER/CEA, DWR/DWA
        for --duration, DPR/DPA); --count is ignored.

The run ends when every request is answered (or timed out) and --duration
has elapsed, or at --deadline. After a transport failure the machine's Tc
timer (--tc) reconnects, and requests that were pending are re-sent with the
T flag and their original End-to-End Identifier.

Output: one JSON line
  {\"cea_result_code\":N|null, \"requests_sent\":N, \"answers\":{\"<result-code>\":N},
   \"lost\":N, \"watchdogs_answered\":N, \"dpa_received\":bool}
where lost counts requests never answered; a second answer to a request
already answered is not counted again (duplicates go to stderr). A CEA with
an error ends the run (no retry). Exit status 0 when the CEA said 2001 and
nothing was lost, 1 otherwise; stderr carries one answer_sample JSON line
per distinct Result-Code (E bit, Error-Message, Failed-AVP presence).";

/// The application to exercise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum App {
    /// Watchdogs only (no application requests).
    Base,
    /// Base accounting (application 3): ACRs.
    Acct,
    /// Credit control (application 4): CCRs.
    Cc,
}

/// `roam peer connect` arguments.
#[derive(Debug, Args)]
pub(crate) struct ConnectArgs {
    /// The peer's address.
    addr: String,
    /// Our Origin-Host.
    #[arg(long)]
    origin_host: String,
    /// Our Origin-Realm.
    #[arg(long)]
    origin_realm: String,
    /// Destination-Realm of the requests (default: our realm).
    #[arg(long)]
    dest_realm: Option<String>,
    /// The application to exercise.
    #[arg(long, value_enum, default_value = "acct")]
    app: App,
    /// Requests to send.
    #[arg(long, default_value_t = 10)]
    count: u64,
    /// Tw, the watchdog interval in seconds (≥ 6, RFC 3539).
    #[arg(long, default_value_t = 30)]
    watchdog: u64,
    /// Keep the connection open at least this many seconds.
    #[arg(long, default_value_t = 0)]
    duration: u64,
    /// Tc, the reconnect timer in seconds.
    #[arg(long, default_value_t = 30)]
    tc: u64,
    /// Requests in flight at most.
    #[arg(long, default_value_t = 64)]
    window: usize,
    /// New requests per second at most (0: as fast as the window allows).
    #[arg(long, default_value_t = 0)]
    rate: u64,
    /// Give up (DPR, then exit) after this many seconds whatever the state.
    #[arg(long, default_value_t = 120)]
    deadline: u64,
    /// After each capabilities exchange, wait this many milliseconds before
    /// sending requests (0: send at once, as RFC 6733 §5.6 allows). For
    /// peers that drop requests arriving right after their CEA, such as
    /// Erlang/OTP diameter 2.2.7 (see tests/interop/README.md).
    #[arg(long, default_value_t = 0)]
    settle: u64,
}

/// Per-request bookkeeping of the driver, by End-to-End Identifier.
#[derive(Default)]
struct Tally {
    /// Requests created (each once, whatever its retransmissions).
    sent: u64,
    /// Request handles currently pending in the machine → End-to-End.
    in_flight: HashMap<RequestId, u32>,
    /// End-to-End Identifiers already answered.
    answered: HashMap<u32, u32>,
    /// Answers by Result-Code (first answer per request).
    by_code: BTreeMap<String, u64>,
    duplicates: u64,
    timed_out: u64,
    retransmitted: u64,
}

/// Which stage the run is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Running,
    Stopping,
    Done,
}

struct Run<'a> {
    args: &'a ConnectArgs,
    ident: Ident<'a>,
    clock: StdClock,
    peer: Peer,
    conn: Option<Conn>,
    addr: SocketAddr,
    tally: Tally,
    /// Failed-over requests to re-send, oldest first.
    resend: VecDeque<Vec<u8>>,
    session_high: u32,
    next_session: u32,
    /// The open accounting session: (Session-Id, next record number).
    acct_session: Option<(String, u32)>,
    cea_result_code: Option<u32>,
    dpa_received: bool,
    stage: Stage,
    start: std::time::Instant,
    connections: u32,
    /// Until when `--settle` holds requests back after the last CEA.
    settle_until: Option<std::time::Instant>,
}

/// Records per accounting session.
const RECORDS_PER_SESSION: u32 = 10;

pub(super) fn run(args: &ConnectArgs) -> u8 {
    let addr = match args.addr.to_socket_addrs().map(|mut a| a.next()) {
        Ok(Some(a)) => a,
        _ => {
            eprintln!("roam peer connect: cannot resolve {}", args.addr);
            return 2;
        }
    };
    let mut cfg = Config::new(args.origin_host.as_bytes(), args.origin_realm.as_bytes());
    cfg.host_ip_addresses = vec![std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST)];
    match args.app {
        App::Base | App::Acct => cfg
            .acct_application_ids
            .push(ApplicationId::BASE_ACCOUNTING),
        App::Cc => cfg.auth_application_ids.push(ApplicationId::CREDIT_CONTROL),
    }
    cfg.tw = Duration::from_secs(args.watchdog);
    cfg.tc = Duration::from_secs(args.tc.max(1));
    cfg.request_timeout = Duration::from_secs(20);
    cfg.max_pending_requests = args.window.max(1) * 2;
    let now_unix = unix_secs();
    let peer = match Peer::new(cfg, now_unix, &mut SeedRng::from_time()) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("roam peer connect: {e}");
            return 2;
        }
    };
    let start = std::time::Instant::now();
    let dest = args.dest_realm.as_deref().unwrap_or(&args.origin_realm);
    let mut run = Run {
        args,
        ident: Ident {
            host: &args.origin_host,
            realm: &args.origin_realm,
            dest_realm: dest,
        },
        clock: StdClock::new(start),
        peer,
        conn: None,
        addr,
        tally: Tally::default(),
        resend: VecDeque::new(),
        session_high: now_unix as u32,
        next_session: 0,
        acct_session: None,
        cea_result_code: None,
        dpa_received: false,
        stage: Stage::Running,
        start,
        connections: 0,
        settle_until: None,
    };
    // The Session-Id low word starts at a random value so runs within the
    // same second do not collide (RFC 6733 §8.8: globally unique).
    run.next_session = run.peer.next_end_to_end();
    run.main_loop();
    run.report()
}

impl Run<'_> {
    fn now(&self) -> Instant {
        self.clock.instant(std::time::Instant::now())
    }

    fn main_loop(&mut self) {
        let now = self.now();
        let _ = self.peer.handle(now, Input::Start);
        let deadline = self.start + Duration::from_secs(self.args.deadline);
        while self.stage != Stage::Done {
            self.drain();
            if self.stage == Stage::Done {
                break;
            }
            self.send_more();
            self.drain();
            self.maybe_stop(deadline);
            self.drain();
            if self.stage == Stage::Done {
                break;
            }
            // After the hard deadline plus the machine's disconnect wait,
            // leave whatever the state.
            if std::time::Instant::now() > deadline + Duration::from_secs(10) {
                break;
            }
            self.wait();
        }
        if let Some(c) = self.conn.take() {
            c.close();
        }
    }

    /// Waits for input until the machine's next deadline (at most 200 ms,
    /// so stage changes are noticed), then feeds what arrived.
    fn wait(&mut self) {
        let now = self.now();
        let wait = match self.peer.poll_timeout() {
            Some(t) => t.saturating_duration_since(now),
            None => Duration::from_millis(200),
        }
        .min(
            if self.settling() || self.args.rate > 0 && self.tally.sent < self.args.count {
                Duration::from_millis(5)
            } else {
                Duration::from_millis(200)
            },
        );
        let outcome = match self.conn.as_mut() {
            Some(c) => c.read(wait),
            None => {
                std::thread::sleep(wait.max(Duration::from_millis(1)));
                ReadOutcome::Timeout
            }
        };
        match outcome {
            ReadOutcome::Frames(frames) => {
                for f in frames {
                    self.observe(&f);
                    let now = self.now();
                    let _ = self.peer.handle(
                        now,
                        Input::Received {
                            conn: ConnId::Initiator,
                            message: &f,
                        },
                    );
                    self.drain();
                }
            }
            ReadOutcome::Timeout => {}
            ReadOutcome::Closed => self.lost_transport(),
        }
        let now = self.now();
        self.peer.handle_timeout(now);
    }

    fn lost_transport(&mut self) {
        if let Some(c) = self.conn.take() {
            c.close();
            let now = self.now();
            let _ = self
                .peer
                .handle(now, Input::Disconnected(ConnId::Initiator));
        }
    }

    /// Notes what the machine itself consumes: the CEA's and DPA's arrival.
    fn observe(&mut self, m: &[u8]) {
        let Ok(v) = Message::new_checked(m) else {
            return;
        };
        if v.flags().is_request() {
            return;
        }
        if v.command_code() == CommandCode::CAPABILITIES_EXCHANGE {
            self.cea_result_code = msg::result_code(m);
        } else if v.command_code() == CommandCode::DISCONNECT_PEER {
            self.dpa_received = true;
        }
    }

    fn drain(&mut self) {
        while let Some(ev) = self.peer.poll_event() {
            self.on_event(ev);
        }
    }

    fn on_event(&mut self, ev: Event) {
        match ev {
            Event::Connect => {
                self.connections += 1;
                let now_input = match TcpStream::connect_timeout(&self.addr, Duration::from_secs(3))
                {
                    Ok(s) => {
                        self.conn = Some(Conn::new(s));
                        Input::Connected
                    }
                    Err(e) => {
                        eprintln!("roam peer connect: connect {}: {e}", self.addr);
                        Input::ConnectFailed
                    }
                };
                let now = self.now();
                let _ = self.peer.handle(now, now_input);
            }
            Event::Transmit { bytes, .. } => {
                let failed = match self.conn.as_mut() {
                    Some(c) => c.send(&bytes).is_err(),
                    None => false,
                };
                if failed {
                    self.lost_transport();
                }
            }
            Event::Close { .. } => {
                if let Some(c) = self.conn.take() {
                    c.close();
                }
            }
            Event::FailedOver { requests } => {
                for r in requests {
                    self.tally.in_flight.remove(&r.id);
                    self.resend.push_back(r.into_retransmit());
                }
            }
            Event::Answer { id, answer } => {
                let e2e = self.tally.in_flight.remove(&id);
                let e2e = e2e.unwrap_or_else(|| Message::new_unchecked(&answer[..]).end_to_end());
                let count = self.tally.answered.entry(e2e).or_insert(0);
                *count += 1;
                if *count > 1 {
                    self.tally.duplicates += 1;
                } else {
                    let code = msg::result_code(&answer)
                        .map_or_else(|| "none".to_string(), |c| c.to_string());
                    if !self.tally.by_code.contains_key(&code) {
                        sample(&answer);
                    }
                    *self.tally.by_code.entry(code).or_insert(0) += 1;
                }
            }
            Event::TimedOut { request } => {
                self.tally.in_flight.remove(&request.id);
                self.tally.timed_out += 1;
            }
            Event::Request { message } => {
                // A client serves nothing: 3001 COMMAND_UNSUPPORTED
                // (RFC 6733 §7.1.3), E bit set.
                let me = Identity {
                    origin_host: &self.args.origin_host,
                    origin_realm: &self.args.origin_realm,
                };
                if let Ok(a) =
                    ErrorAnswer::new(ResultCode::COMMAND_UNSUPPORTED).to_vec(&message, &me)
                {
                    let now = self.now();
                    let _ = self.peer.send_answer(now, &a);
                }
            }
            Event::Closed {
                reason,
                reconnect_at,
            } => {
                eprintln!("roam peer connect: closed: {reason:?}, reconnect at {reconnect_at:?}");
                // A refused capabilities exchange will be refused again:
                // give up instead of retrying every Tc.
                let refused = matches!(reason, CloseReason::CapabilitiesRejected { .. });
                if self.stage == Stage::Stopping || reconnect_at.is_none() || refused {
                    self.stage = Stage::Done;
                }
            }
            Event::Fault(f) => eprintln!("roam peer connect: fault: {f:?}"),
            Event::Open { .. } => {
                if self.args.settle > 0 {
                    self.settle_until =
                        Some(std::time::Instant::now() + Duration::from_millis(self.args.settle));
                }
            }
            Event::Available
            | Event::Unavailable
            | Event::AcceptIncoming
            | Event::RejectIncoming { .. } => {}
        }
    }

    /// Re-sends failed-over requests, then new ones, while the peer is
    /// available and the window has room.
    fn send_more(&mut self) {
        if self.stage != Stage::Running || self.settling() {
            return;
        }
        while self.peer.is_available() && self.tally.in_flight.len() < self.args.window {
            let (bytes, is_new) = if let Some(r) = self.resend.pop_front() {
                self.tally.retransmitted += 1;
                (r, false)
            } else if self.args.app != App::Base
                && self.tally.sent < self.args.count
                && !self.rate_limited()
            {
                (self.next_request(), true)
            } else {
                break;
            };
            let e2e = Message::new_unchecked(&bytes[..]).end_to_end();
            let now = self.now();
            match self.peer.send_request(now, &bytes) {
                Ok(id) => {
                    if is_new {
                        self.tally.sent += 1;
                    }
                    self.tally.in_flight.insert(id, e2e);
                }
                Err(PeerError::PendingFull { .. } | PeerError::NotAvailable) => {
                    if is_new {
                        // Not sent: count it as created and queue it (the
                        // next request builder must not skip a record).
                        self.tally.sent += 1;
                    }
                    self.resend.push_front(bytes);
                    break;
                }
                Err(e) => {
                    eprintln!("roam peer connect: send_request: {e}");
                    if is_new {
                        self.tally.sent += 1;
                    }
                    break;
                }
            }
            self.drain();
        }
    }

    /// Whether `--settle` still holds requests back after a CEA.
    fn settling(&self) -> bool {
        self.settle_until
            .is_some_and(|t| std::time::Instant::now() < t)
    }

    /// Whether `--rate` forbids another new request now.
    fn rate_limited(&self) -> bool {
        if self.args.rate == 0 {
            return false;
        }
        let elapsed = self.start.elapsed().as_millis() as u64;
        self.tally.sent > self.args.rate.saturating_mul(elapsed) / 1000
    }

    fn next_request(&mut self) -> Vec<u8> {
        let e2e = self.peer.next_end_to_end();
        match self.args.app {
            App::Cc => {
                let sid = msg::session_id(self.ident.host, self.session_high, self.next_session);
                self.next_session = self.next_session.wrapping_add(1);
                msg::ccr(&self.ident, &sid, e2e)
            }
            App::Acct | App::Base => {
                let remaining = self.args.count - self.tally.sent;
                let (sid, rnum) = match self.acct_session.take() {
                    Some(s) => s,
                    None => {
                        let sid =
                            msg::session_id(self.ident.host, self.session_high, self.next_session);
                        self.next_session = self.next_session.wrapping_add(1);
                        (sid, 0)
                    }
                };
                let rtype = if rnum == 0 && remaining == 1 {
                    msg::EVENT_RECORD
                } else if rnum == 0 {
                    msg::START_RECORD
                } else if rnum + 1 == RECORDS_PER_SESSION || remaining == 1 {
                    msg::STOP_RECORD
                } else {
                    msg::INTERIM_RECORD
                };
                let m = msg::acr(&self.ident, &sid, e2e, rtype, rnum);
                if rtype == msg::START_RECORD || rtype == msg::INTERIM_RECORD {
                    self.acct_session = Some((sid, rnum + 1));
                }
                m
            }
        }
    }

    /// Sends the DPR once the work is done (or the deadline passed).
    fn maybe_stop(&mut self, deadline: std::time::Instant) {
        if self.stage != Stage::Running {
            return;
        }
        let wall = std::time::Instant::now();
        let all_sent = self.args.app == App::Base || self.tally.sent >= self.args.count;
        let work_done = all_sent && self.tally.in_flight.is_empty() && self.resend.is_empty();
        let min_elapsed = wall >= self.start + Duration::from_secs(self.args.duration);
        if (work_done && min_elapsed && self.peer.is_available()) || wall >= deadline {
            self.stage = Stage::Stopping;
            let now = self.now();
            let _ = self
                .peer
                .handle(now, Input::Stop(DisconnectCause::REBOOTING));
            if self.conn.is_none() && !self.peer.is_available() {
                // Nothing to disconnect.
                self.stage = Stage::Done;
            }
        }
    }

    /// Prints the summary; returns the exit status: 0 when the CEA said
    /// 2001 and nothing was lost, 1 otherwise.
    fn report(&self) -> u8 {
        let t = &self.tally;
        let answered = t.answered.len() as u64;
        let lost = t.sent.saturating_sub(answered);
        let answers = t
            .by_code
            .iter()
            .map(|(k, v)| format!("\"{k}\":{v}"))
            .collect::<Vec<_>>()
            .join(",");
        let cea = self
            .cea_result_code
            .map_or_else(|| "null".to_string(), |c| c.to_string());
        eprintln!(
            "roam peer connect: connections={} retransmitted={} duplicates={} timed_out={} stats={:?}",
            self.connections,
            t.retransmitted,
            t.duplicates,
            t.timed_out,
            self.peer.stats()
        );
        println!(
            "{{\"cea_result_code\":{cea},\"requests_sent\":{},\"answers\":{{{answers}}},\"lost\":{lost},\"watchdogs_answered\":{},\"dpa_received\":{}}}",
            t.sent,
            self.peer.stats().dwa_received,
            self.dpa_received
        );
        u8::from(self.cea_result_code != Some(2001) || lost > 0)
    }
}

/// Describes the first answer of each Result-Code on stderr, one JSON line:
/// flags (E bit), Error-Reporting-Host, Failed-AVP presence, Error-Message.
fn sample(answer: &[u8]) {
    let Ok(m) = Message::new_checked(answer) else {
        return;
    };
    let text = |code| {
        msg::avp(answer, code).map_or_else(
            || "null".to_string(),
            |d| serde_json::to_string(&String::from_utf8_lossy(d)).unwrap_or_default(),
        )
    };
    eprintln!(
        "{{\"answer_sample\":{{\"result_code\":{},\"command\":{},\"application\":{},\"e_bit\":{},\"t_bit\":{},\"origin_host\":{},\"error_reporting_host\":{},\"error_message\":{},\"failed_avp\":{},\"session_id\":{}}}}}",
        msg::result_code(answer).map_or_else(|| "null".to_string(), |c| c.to_string()),
        m.command_code().0,
        m.application_id().0,
        m.flags().is_error(),
        m.flags().is_retransmit(),
        text(AvpCode::ORIGIN_HOST),
        text(AvpCode::ERROR_REPORTING_HOST),
        text(AvpCode::ERROR_MESSAGE),
        msg::avp(answer, AvpCode::FAILED_AVP).is_some(),
        text(AvpCode::SESSION_ID),
    );
}
