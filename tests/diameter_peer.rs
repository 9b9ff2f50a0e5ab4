//! The RFC 6733 §5.6 peer state machine, one test row per (state, event)
//! of the RFC table, plus capabilities exchange, DPR policy, watchdog and
//! bookkeeping behaviour on a single machine.

#[path = "diameter_peer_support.rs"]
mod support;

use std::time::Duration;

use roam::diameter::peer::{
    mark_retransmit, CloseReason, Config, ConfigError, ConnId, DisconnectCause, Event, Input, Peer,
    PeerError, State, Timer, WatchdogState,
};
use roam::diameter::wire::{ApplicationId, Message};
use roam::machine::Machine;
use roam::time::Instant;
use support::*;

/// Our identity in the table tests. Remote "a.example" loses the election
/// against us (we are lexicographically higher), "c.example" wins.
const US: &str = "b.example";
const LOWER: &str = "a.example";
const HIGHER: &str = "c.example";

struct Ctx {
    p: Peer,
    now: Instant,
    /// Our CER as transmitted on the initiator connection.
    our_cer: Option<Vec<u8>>,
    /// The remote's CER held on the responder connection.
    their_cer: Option<Vec<u8>>,
    /// Our last DWR, DPR.
    our_dwr: Option<Vec<u8>>,
    our_dpr: Option<Vec<u8>>,
}

impl Ctx {
    fn input(&mut self, i: Input<'_>) -> Vec<Event> {
        self.p.handle(self.now, i).expect("valid input");
        let ev = drain(&mut self.p);
        for e in &ev {
            if let Event::Transmit { bytes, .. } = e {
                match name(bytes).as_str() {
                    "CER" => self.our_cer = Some(bytes.clone()),
                    "DWR" => self.our_dwr = Some(bytes.clone()),
                    "DPR" => self.our_dpr = Some(bytes.clone()),
                    _ => {}
                }
            }
        }
        ev
    }
    fn timeout(&mut self, t: Timer) -> Vec<Event> {
        let at = self.p.timer(t).expect("timer armed");
        self.now = at;
        self.p.handle_timeout(at);
        let ev = drain(&mut self.p);
        for e in &ev {
            if let Event::Transmit { bytes, .. } = e {
                if name(bytes) == "DWR" {
                    self.our_dwr = Some(bytes.clone());
                }
            }
        }
        ev
    }
}

fn closed() -> Ctx {
    Ctx {
        p: peer(US, 1),
        now: Instant::from_secs(100),
        our_cer: None,
        their_cer: None,
        our_dwr: None,
        our_dpr: None,
    }
}

fn wait_conn_ack() -> Ctx {
    let mut c = closed();
    c.input(Input::Start);
    assert_eq!(c.p.state(), State::WaitConnAck);
    c
}

fn wait_i_cea() -> Ctx {
    let mut c = wait_conn_ack();
    c.input(Input::Connected);
    assert_eq!(c.p.state(), State::WaitICea);
    c
}

fn wait_conn_ack_elect(remote: &str) -> Ctx {
    let mut c = wait_conn_ack();
    let cer = cer_from(remote, 77, &[3]);
    c.input(Input::Incoming(&cer));
    c.their_cer = Some(cer);
    assert_eq!(c.p.state(), State::WaitConnAckElect);
    c
}

/// Wait-Returns needs a lost election: the remote is higher.
fn wait_returns() -> Ctx {
    let mut c = wait_i_cea();
    let cer = cer_from(HIGHER, 77, &[3]);
    c.input(Input::Incoming(&cer));
    c.their_cer = Some(cer);
    assert_eq!(c.p.state(), State::WaitReturns);
    c
}

fn r_open() -> Ctx {
    let mut c = closed();
    let cer = cer_from(LOWER, 77, &[3]);
    c.input(Input::Incoming(&cer));
    c.their_cer = Some(cer);
    assert_eq!(c.p.state(), State::ROpen);
    c
}

fn i_open() -> Ctx {
    let mut c = wait_i_cea();
    let cea = cea_from(LOWER, c.our_cer.as_ref().unwrap(), 2001, &[3]);
    c.input(Input::Received {
        conn: ConnId::Initiator,
        message: &cea,
    });
    assert_eq!(c.p.state(), State::IOpen);
    c
}

fn closing_i() -> Ctx {
    let mut c = i_open();
    c.input(Input::Stop(DisconnectCause::REBOOTING));
    assert_eq!(c.p.state(), State::Closing);
    c
}

fn closing_r() -> Ctx {
    let mut c = r_open();
    c.input(Input::Stop(DisconnectCause::REBOOTING));
    assert_eq!(c.p.state(), State::Closing);
    c
}

fn conn_of(open: State) -> ConnId {
    if open == State::IOpen {
        ConnId::Initiator
    } else {
        ConnId::Responder
    }
}

type Setup = fn() -> Ctx;
type Act = fn(&mut Ctx) -> Vec<Event>;

struct Row {
    state: &'static str,
    event: &'static str,
    setup: Setup,
    act: Act,
    next: State,
    actions: &'static [&'static str],
}

fn rcv(c: &mut Ctx, conn: ConnId, m: Vec<u8>) -> Vec<Event> {
    c.input(Input::Received { conn, message: &m })
}

fn send_req(c: &mut Ctx) -> Vec<Event> {
    let req = acr_from(US, 0, 0xabc);
    c.p.send_request(c.now, &req).expect("available");
    drain(&mut c.p)
}

fn dwa_for_our_dwr(c: &mut Ctx) -> Vec<Event> {
    // Make the watchdog send a DWR first, then answer it.
    c.timeout(Timer::Tw);
    let dwr = c.our_dwr.clone().expect("DWR sent on Tw");
    let conn = c.p.active_connection().unwrap();
    rcv(c, conn, answer_to(LOWER, &dwr, 2001))
}

/// Every row of the RFC 6733 §5.6 table (pages 70-71 of the RFC), in
/// order. `actions` are the expected events as a subsequence.
fn table() -> Vec<Row> {
    vec![
        // ---- Closed
        Row {
            state: "Closed",
            event: "Start",
            setup: closed,
            act: |c| c.input(Input::Start),
            next: State::WaitConnAck,
            actions: &["Connect"],
        },
        Row {
            state: "Closed",
            event: "R-Conn-CER",
            setup: closed,
            act: |c| {
                let cer = cer_from(LOWER, 5, &[3]);
                c.input(Input::Incoming(&cer))
            },
            next: State::ROpen,
            actions: &["Accept", "Tx(R,CEA:2001)", "Open(R)", "Available"],
        },
        // ---- Wait-Conn-Ack
        Row {
            state: "Wait-Conn-Ack",
            event: "I-Rcv-Conn-Ack",
            setup: wait_conn_ack,
            act: |c| c.input(Input::Connected),
            next: State::WaitICea,
            actions: &["Tx(I,CER)"],
        },
        Row {
            state: "Wait-Conn-Ack",
            event: "I-Rcv-Conn-Nack",
            setup: wait_conn_ack,
            act: |c| c.input(Input::ConnectFailed),
            next: State::Closed,
            actions: &["Closed(ConnectFailed)"],
        },
        Row {
            state: "Wait-Conn-Ack",
            event: "R-Conn-CER",
            setup: wait_conn_ack,
            act: |c| {
                let cer = cer_from(LOWER, 5, &[3]);
                c.input(Input::Incoming(&cer))
            },
            next: State::WaitConnAckElect,
            actions: &["Accept"],
        },
        Row {
            state: "Wait-Conn-Ack",
            event: "Timeout",
            setup: wait_conn_ack,
            act: |c| c.timeout(Timer::Handshake),
            next: State::Closed,
            actions: &["Close(I)", "Closed(Timeout)"],
        },
        // ---- Wait-I-CEA
        Row {
            state: "Wait-I-CEA",
            event: "I-Rcv-CEA",
            setup: wait_i_cea,
            act: |c| {
                let cea = cea_from(LOWER, c.our_cer.as_ref().unwrap(), 2001, &[3]);
                rcv(c, ConnId::Initiator, cea)
            },
            next: State::IOpen,
            actions: &["Open(I)", "Available"],
        },
        Row {
            state: "Wait-I-CEA",
            event: "R-Conn-CER (election lost)",
            setup: wait_i_cea,
            act: |c| {
                let cer = cer_from(HIGHER, 5, &[3]);
                c.input(Input::Incoming(&cer))
            },
            next: State::WaitReturns,
            actions: &["Accept"],
        },
        Row {
            state: "Wait-I-CEA",
            event: "R-Conn-CER (election won)",
            setup: wait_i_cea,
            act: |c| {
                let cer = cer_from(LOWER, 5, &[3]);
                c.input(Input::Incoming(&cer))
            },
            next: State::ROpen,
            actions: &["Accept", "Close(I)", "Tx(R,CEA:2001)", "Open(R)"],
        },
        Row {
            state: "Wait-I-CEA",
            event: "I-Peer-Disc",
            setup: wait_i_cea,
            act: |c| c.input(Input::Disconnected(ConnId::Initiator)),
            next: State::Closed,
            actions: &["Close(I)", "Closed(TransportLost)"],
        },
        Row {
            state: "Wait-I-CEA",
            event: "I-Rcv-Non-CEA",
            setup: wait_i_cea,
            act: |c| rcv(c, ConnId::Initiator, dwr_from(LOWER, 9)),
            next: State::Closed,
            actions: &[
                "Fault(UnexpectedMessage",
                "Close(I)",
                "Closed(UnexpectedMessage)",
            ],
        },
        Row {
            state: "Wait-I-CEA",
            event: "Timeout",
            setup: wait_i_cea,
            act: |c| c.timeout(Timer::Handshake),
            next: State::Closed,
            actions: &["Close(I)", "Closed(Timeout)"],
        },
        // ---- Wait-Conn-Ack/Elect
        Row {
            state: "Wait-Conn-Ack/Elect",
            event: "I-Rcv-Conn-Ack (election lost)",
            setup: || wait_conn_ack_elect(HIGHER),
            act: |c| c.input(Input::Connected),
            next: State::WaitReturns,
            actions: &["Tx(I,CER)"],
        },
        Row {
            state: "Wait-Conn-Ack/Elect",
            event: "I-Rcv-Conn-Ack (election won)",
            setup: || wait_conn_ack_elect(LOWER),
            act: |c| c.input(Input::Connected),
            next: State::ROpen,
            actions: &["Tx(I,CER)", "Close(I)", "Tx(R,CEA:2001)", "Open(R)"],
        },
        Row {
            state: "Wait-Conn-Ack/Elect",
            event: "I-Rcv-Conn-Nack",
            setup: || wait_conn_ack_elect(HIGHER),
            act: |c| c.input(Input::ConnectFailed),
            next: State::ROpen,
            actions: &["Tx(R,CEA:2001)", "Open(R)"],
        },
        Row {
            state: "Wait-Conn-Ack/Elect",
            event: "R-Peer-Disc",
            setup: || wait_conn_ack_elect(HIGHER),
            act: |c| c.input(Input::Disconnected(ConnId::Responder)),
            next: State::WaitConnAck,
            actions: &["Close(R)"],
        },
        Row {
            state: "Wait-Conn-Ack/Elect",
            event: "R-Conn-CER",
            setup: || wait_conn_ack_elect(HIGHER),
            act: |c| {
                let cer = cer_from(HIGHER, 6, &[3]);
                c.input(Input::Incoming(&cer))
            },
            next: State::WaitConnAckElect,
            actions: &["Reject"],
        },
        Row {
            state: "Wait-Conn-Ack/Elect",
            event: "Timeout",
            setup: || wait_conn_ack_elect(HIGHER),
            act: |c| c.timeout(Timer::Handshake),
            next: State::Closed,
            actions: &["Close(I)", "Close(R)", "Closed(Timeout)"],
        },
        // ---- Wait-Returns
        Row {
            state: "Wait-Returns",
            event: "Win-Election",
            setup: wait_i_cea,
            act: |c| {
                let cer = cer_from(LOWER, 5, &[3]);
                c.input(Input::Incoming(&cer))
            },
            next: State::ROpen,
            actions: &["Accept", "Close(I)", "Tx(R,CEA:2001)", "Open(R)"],
        },
        Row {
            state: "Wait-Returns",
            event: "I-Peer-Disc",
            setup: wait_returns,
            act: |c| c.input(Input::Disconnected(ConnId::Initiator)),
            next: State::ROpen,
            actions: &["Close(I)", "Tx(R,CEA:2001)", "Open(R)"],
        },
        Row {
            state: "Wait-Returns",
            event: "I-Rcv-CEA",
            setup: wait_returns,
            act: |c| {
                let cea = cea_from(HIGHER, c.our_cer.as_ref().unwrap(), 2001, &[3]);
                rcv(c, ConnId::Initiator, cea)
            },
            next: State::IOpen,
            actions: &["Close(R)", "Open(I)"],
        },
        Row {
            state: "Wait-Returns",
            event: "R-Peer-Disc",
            setup: wait_returns,
            act: |c| c.input(Input::Disconnected(ConnId::Responder)),
            next: State::WaitICea,
            actions: &["Close(R)"],
        },
        Row {
            state: "Wait-Returns",
            event: "R-Conn-CER",
            setup: wait_returns,
            act: |c| {
                let cer = cer_from(HIGHER, 6, &[3]);
                c.input(Input::Incoming(&cer))
            },
            next: State::WaitReturns,
            actions: &["Reject"],
        },
        Row {
            state: "Wait-Returns",
            event: "Timeout",
            setup: wait_returns,
            act: |c| c.timeout(Timer::Handshake),
            next: State::Closed,
            actions: &["Close(I)", "Close(R)", "Closed(Timeout)"],
        },
        // ---- R-Open
        Row {
            state: "R-Open",
            event: "Send-Message",
            setup: r_open,
            act: send_req,
            next: State::ROpen,
            actions: &["Tx(R,REQ)"],
        },
        Row {
            state: "R-Open",
            event: "R-Rcv-Message",
            setup: r_open,
            act: |c| rcv(c, ConnId::Responder, acr_from(LOWER, 1, 2)),
            next: State::ROpen,
            actions: &["Request"],
        },
        Row {
            state: "R-Open",
            event: "R-Rcv-DWR",
            setup: r_open,
            act: |c| rcv(c, ConnId::Responder, dwr_from(LOWER, 3)),
            next: State::ROpen,
            actions: &["Tx(R,DWA:2001)"],
        },
        Row {
            state: "R-Open",
            event: "R-Rcv-DWA",
            setup: r_open,
            act: dwa_for_our_dwr,
            next: State::ROpen,
            actions: &[],
        },
        Row {
            state: "R-Open",
            event: "R-Conn-CER",
            setup: r_open,
            act: |c| {
                let cer = cer_from(LOWER, 6, &[3]);
                c.input(Input::Incoming(&cer))
            },
            next: State::ROpen,
            actions: &["Reject"],
        },
        Row {
            state: "R-Open",
            event: "Stop",
            setup: r_open,
            act: |c| c.input(Input::Stop(DisconnectCause::REBOOTING)),
            next: State::Closing,
            actions: &["Tx(R,DPR)", "Unavailable"],
        },
        Row {
            state: "R-Open",
            event: "R-Rcv-DPR",
            setup: r_open,
            act: |c| rcv(c, ConnId::Responder, dpr_from(LOWER, 4, 0)),
            next: State::Closing,
            actions: &["Tx(R,DPA:2001)", "Unavailable"],
        },
        Row {
            state: "R-Open",
            event: "R-Peer-Disc",
            setup: r_open,
            act: |c| c.input(Input::Disconnected(ConnId::Responder)),
            next: State::Closed,
            actions: &["Close(R)", "Unavailable", "Closed(TransportLost)"],
        },
        // ---- I-Open
        Row {
            state: "I-Open",
            event: "Send-Message",
            setup: i_open,
            act: send_req,
            next: State::IOpen,
            actions: &["Tx(I,REQ)"],
        },
        Row {
            state: "I-Open",
            event: "I-Rcv-Message",
            setup: i_open,
            act: |c| rcv(c, ConnId::Initiator, acr_from(LOWER, 1, 2)),
            next: State::IOpen,
            actions: &["Request"],
        },
        Row {
            state: "I-Open",
            event: "I-Rcv-DWR",
            setup: i_open,
            act: |c| rcv(c, ConnId::Initiator, dwr_from(LOWER, 3)),
            next: State::IOpen,
            actions: &["Tx(I,DWA:2001)"],
        },
        Row {
            state: "I-Open",
            event: "I-Rcv-DWA",
            setup: i_open,
            act: dwa_for_our_dwr,
            next: State::IOpen,
            actions: &[],
        },
        Row {
            state: "I-Open",
            event: "R-Conn-CER",
            setup: i_open,
            act: |c| {
                let cer = cer_from(LOWER, 6, &[3]);
                c.input(Input::Incoming(&cer))
            },
            next: State::IOpen,
            actions: &["Reject"],
        },
        Row {
            state: "I-Open",
            event: "Stop",
            setup: i_open,
            act: |c| c.input(Input::Stop(DisconnectCause::REBOOTING)),
            next: State::Closing,
            actions: &["Tx(I,DPR)", "Unavailable"],
        },
        Row {
            state: "I-Open",
            event: "I-Rcv-DPR",
            setup: i_open,
            act: |c| rcv(c, ConnId::Initiator, dpr_from(LOWER, 4, 0)),
            next: State::Closing,
            actions: &["Tx(I,DPA:2001)", "Unavailable"],
        },
        Row {
            state: "I-Open",
            event: "I-Peer-Disc",
            setup: i_open,
            act: |c| c.input(Input::Disconnected(ConnId::Initiator)),
            next: State::Closed,
            actions: &["Close(I)", "Unavailable", "Closed(TransportLost)"],
        },
        // ---- Closing
        Row {
            state: "Closing",
            event: "I-Rcv-DPA",
            setup: closing_i,
            act: |c| {
                let dpr = c.our_dpr.clone().unwrap();
                rcv(c, ConnId::Initiator, answer_to(LOWER, &dpr, 2001))
            },
            next: State::Closed,
            actions: &["Close(I)", "Closed(Stopped)"],
        },
        Row {
            state: "Closing",
            event: "R-Rcv-DPA",
            setup: closing_r,
            act: |c| {
                let dpr = c.our_dpr.clone().unwrap();
                rcv(c, ConnId::Responder, answer_to(LOWER, &dpr, 2001))
            },
            next: State::Closed,
            actions: &["Close(R)", "Closed(Stopped)"],
        },
        Row {
            state: "Closing",
            event: "Timeout",
            setup: closing_i,
            act: |c| c.timeout(Timer::DisconnectWait),
            next: State::Closed,
            actions: &["Close(I)", "Closed(Stopped)"],
        },
        Row {
            state: "Closing",
            event: "I-Peer-Disc",
            setup: closing_i,
            act: |c| c.input(Input::Disconnected(ConnId::Initiator)),
            next: State::Closed,
            actions: &["Close(I)", "Closed(Stopped)"],
        },
        Row {
            state: "Closing",
            event: "R-Peer-Disc",
            setup: closing_r,
            act: |c| c.input(Input::Disconnected(ConnId::Responder)),
            next: State::Closed,
            actions: &["Close(R)", "Closed(Stopped)"],
        },
    ]
}

#[test]
fn rfc6733_peer_state_table() {
    let rows = table();
    // The 43 rows of the RFC table, with two of them split by election outcome.
    assert_eq!(rows.len(), 45);
    for row in rows {
        let mut c = (row.setup)();
        let ev = (row.act)(&mut c);
        let ctx = format!("{} + {}", row.state, row.event);
        assert_eq!(
            c.p.state(),
            row.next,
            "{ctx}: next state ({:?})",
            summaries(&ev)
        );
        assert_subsequence(&summaries(&ev), row.actions, &ctx);
        // Invariant: never more than one connection once open or closed.
        if matches!(row.next, State::IOpen | State::ROpen | State::Closed) {
            let n = [ConnId::Initiator, ConnId::Responder]
                .into_iter()
                .filter(|x| c.p.has_connection(*x))
                .count();
            assert!(n <= 1, "{ctx}: {n} connections");
        }
        if matches!(row.next, State::IOpen | State::ROpen) {
            assert_eq!(c.p.active_connection(), Some(conn_of(row.next)), "{ctx}");
            assert!(c.p.peer_caps().is_some(), "{ctx}: caps recorded");
        }
    }
}

#[test]
fn election_compares_case_insensitively() {
    // "B.EXAMPLE" vs local "b.example" must compare equal byte-wise after
    // case folding; a remote "B.EXAMPLF" is higher, "A.EXAMPLE" lower.
    let mut c = wait_i_cea();
    let cer = cer_from("A.EXAMPLE", 5, &[3]);
    c.input(Input::Incoming(&cer));
    assert_eq!(c.p.state(), State::ROpen, "we win against A.EXAMPLE");
    let mut c = wait_i_cea();
    let cer = cer_from("B.EXAMPLF", 5, &[3]);
    c.input(Input::Incoming(&cer));
    assert_eq!(c.p.state(), State::WaitReturns, "we lose against B.EXAMPLF");
    assert_eq!(c.p.stats().elections_lost, 1);
}

// ----- capabilities exchange --------------------------------------------

fn refused(cfg: Config, cer: &[u8]) -> (State, Option<u32>, Vec<u8>) {
    let mut p = Peer::new(cfg, 0, &mut TestRng(3)).unwrap();
    p.handle(Instant::ZERO, Input::Incoming(cer)).unwrap();
    let ev = drain(&mut p);
    let answer = ev
        .iter()
        .find_map(|e| match e {
            Event::RejectIncoming { answer: Some(a) } => Some(a.clone()),
            _ => None,
        })
        .unwrap_or_default();
    (p.state(), result_code(&answer), answer)
}

#[test]
fn cer_without_common_application_gets_5010() {
    let cer = cer_from(LOWER, 1, &[4]); // credit control only
    let (state, code, cea) = refused(config(US), &cer);
    assert_eq!(state, State::Closed);
    assert_eq!(code, Some(5010));
    // CEA keeps the CER's identifiers (RFC 6733 §6.2).
    let (a, q) = (
        Message::new_checked(&cea[..]).unwrap(),
        Message::new_checked(&cer[..]).unwrap(),
    );
    assert_eq!(
        (a.hop_by_hop(), a.end_to_end()),
        (q.hop_by_hop(), q.end_to_end())
    );
    assert!(!a.flags().is_request() && !a.flags().is_error());
}

#[test]
fn relay_has_everything_in_common() {
    // The peer advertises only Relay (0xffffffff): accepted (§5.3).
    let cer = cer_from(LOWER, 1, &[0xffff_ffff]);
    let mut p = peer(US, 1);
    p.handle(Instant::ZERO, Input::Incoming(&cer)).unwrap();
    assert_eq!(p.state(), State::ROpen);
    assert!(p.peer_caps().unwrap().peer_is_relay);
    assert!(p
        .peer_caps()
        .unwrap()
        .supports(ApplicationId::CREDIT_CONTROL));
    // We are a relay: anything the peer advertises is common.
    let mut cfg = Config::new(US.as_bytes(), b"example");
    cfg.auth_application_ids.push(ApplicationId::RELAY);
    let mut p = Peer::new(cfg, 0, &mut TestRng(1)).unwrap();
    let cer = cer_from(LOWER, 1, &[4]);
    p.handle(Instant::ZERO, Input::Incoming(&cer)).unwrap();
    assert_eq!(p.state(), State::ROpen);
    assert_eq!(
        p.peer_caps().unwrap().common,
        vec![ApplicationId::CREDIT_CONTROL]
    );
}

#[test]
fn vendor_specific_application_counts_without_vendor_id() {
    // Vendor-Specific-Application-Id { Vendor-Id 10415, Acct-Application-Id 3 }.
    let vsa = avp(260, &[avp_u32(266, 10415), avp_u32(259, 3)].concat());
    let mut avps = origin(LOWER);
    avps.push(avp(257, &[0, 1, 192, 0, 2, 1]));
    avps.push(avp_u32(266, 0));
    avps.push(avp(269, b"x"));
    avps.push(vsa);
    let cer = msg(CER, R, 0, 1, 1, &avps);
    let mut p = peer(US, 1);
    p.handle(Instant::ZERO, Input::Incoming(&cer)).unwrap();
    assert_eq!(p.state(), State::ROpen);
    assert_eq!(
        p.peer_caps().unwrap().common,
        vec![ApplicationId::BASE_ACCOUNTING]
    );
}

#[test]
fn cer_without_common_security_gets_5017() {
    let mut avps = origin(LOWER);
    avps.push(avp(257, &[0, 1, 192, 0, 2, 1]));
    avps.push(avp_u32(266, 0));
    avps.push(avp(269, b"x"));
    avps.push(avp_u32(259, 3));
    avps.push(avp_u32(299, 1)); // Inband-Security-Id TLS only
    let cer = msg(CER, R, 0, 1, 1, &avps);
    let (_, code, _) = refused(config(US), &cer);
    assert_eq!(code, Some(5017));
}

#[test]
fn cer_from_unknown_peer_gets_3010() {
    let mut cfg = config(US);
    cfg.allowed_peers.push(b"friend.example".to_vec());
    let (state, code, cea) = refused(cfg.clone(), &cer_from(LOWER, 1, &[3]));
    assert_eq!((state, code), (State::Closed, Some(3010)));
    // 3010 is a protocol error: E set (RFC 6733 §7.1.3).
    assert!(Message::new_checked(&cea[..]).unwrap().flags().is_error());
    // The listed peer (any case) is accepted.
    let mut p = Peer::new(cfg, 0, &mut TestRng(1)).unwrap();
    p.handle(
        Instant::ZERO,
        Input::Incoming(&cer_from("FRIEND.example", 1, &[3])),
    )
    .unwrap();
    assert_eq!(p.state(), State::ROpen);
}

#[test]
fn cer_missing_origin_host_gets_5005_with_failed_avp() {
    let cer = msg(CER, R, 0, 1, 1, &[avp(296, b"example"), avp_u32(259, 3)]);
    let (_, code, cea) = refused(config(US), &cer);
    assert_eq!(code, Some(5005));
    let m = Message::new_checked(&cea[..]).unwrap();
    let failed = m
        .avps()
        .flatten()
        .find(|a| a.code().0 == 279)
        .expect("Failed-AVP");
    // Inside: an empty Origin-Host (264) AVP header.
    assert_eq!(&failed.data()[..8], &[0, 0, 1, 8, 0x40, 0, 0, 8]);
}

#[test]
fn cer_with_bad_avp_length_gets_5014() {
    let mut cer = cer_from(LOWER, 1, &[3]);
    // Corrupt the Acct-Application-Id (last AVP, 12 bytes) to length 10.
    let n = cer.len();
    cer[n - 12 + 7] = 10;
    let (_, code, _) = refused(config(US), &cer);
    assert_eq!(code, Some(5014));
}

#[test]
fn non_cer_on_new_connection_is_rejected() {
    let mut p = peer(US, 1);
    p.handle(Instant::ZERO, Input::Incoming(&dwr_from(LOWER, 1)))
        .unwrap();
    let s = summaries(&drain(&mut p));
    assert_subsequence(&s, &["Fault(UnexpectedMessage", "Reject"], "non-CER");
    p.handle(Instant::ZERO, Input::Incoming(&[1, 2, 3]))
        .unwrap();
    assert_subsequence(
        &summaries(&drain(&mut p)),
        &["Fault(Malformed", "Reject"],
        "garbage",
    );
    assert_eq!(p.state(), State::Closed);
}

#[test]
fn cea_with_error_closes() {
    let mut c = wait_i_cea();
    let cea = cea_from(LOWER, c.our_cer.as_ref().unwrap(), 5010, &[]);
    let ev = rcv(&mut c, ConnId::Initiator, cea);
    assert_eq!(c.p.state(), State::Closed);
    assert!(ev.iter().any(|e| matches!(
        e,
        Event::Closed { reason: CloseReason::CapabilitiesRejected { result_code }, .. } if result_code.0 == 5010
    )));
}

#[test]
fn cea_with_unknown_hop_by_hop_is_discarded() {
    let mut c = wait_i_cea();
    let mut cea = cea_from(LOWER, c.our_cer.as_ref().unwrap(), 2001, &[3]);
    cea[15] ^= 0xff; // change the Hop-by-Hop Identifier
    rcv(&mut c, ConnId::Initiator, cea);
    assert_eq!(c.p.state(), State::WaitICea);
    assert_eq!(c.p.stats().unknown_hop_by_hop, 1);
}

// ----- DPR / reconnect policy --------------------------------------------

fn reconnect_after(cause: u32) -> Option<Instant> {
    let mut c = i_open();
    rcv(&mut c, ConnId::Initiator, dpr_from(LOWER, 4, cause));
    let ev = c.input(Input::Disconnected(ConnId::Initiator));
    ev.iter()
        .find_map(|e| match e {
            Event::Closed {
                reason,
                reconnect_at,
            } => {
                assert_eq!(
                    *reason,
                    CloseReason::PeerDisconnected {
                        cause: Some(DisconnectCause(cause))
                    }
                );
                Some(*reconnect_at)
            }
            _ => None,
        })
        .expect("Closed event")
}

#[test]
fn disconnect_cause_reconnect_policy() {
    let now = Instant::from_secs(100);
    // REBOOTING: reconnect after Tc (30 s default).
    assert_eq!(reconnect_after(0), Some(now + Duration::from_secs(30)));
    // BUSY: back off (default 300 s).
    assert_eq!(reconnect_after(1), Some(now + Duration::from_secs(300)));
    // DO_NOT_WANT_TO_TALK_TO_YOU: do not reconnect.
    assert_eq!(reconnect_after(2), None);
}

#[test]
fn tc_reconnects_after_transport_loss() {
    let mut c = i_open();
    c.input(Input::Disconnected(ConnId::Initiator));
    assert_eq!(c.p.timer(Timer::Tc), Some(c.now + Duration::from_secs(30)));
    let ev = c.timeout(Timer::Tc);
    assert_subsequence(&summaries(&ev), &["Connect"], "Tc");
    assert_eq!(c.p.state(), State::WaitConnAck);
    // A responder-only peer (never started) does not reconnect.
    let mut c = r_open();
    c.input(Input::Disconnected(ConnId::Responder));
    assert_eq!(c.p.timer(Timer::Tc), None);
}

#[test]
fn stop_sends_dpr_with_cause_and_does_not_reconnect() {
    let mut c = i_open();
    c.input(Input::Stop(DisconnectCause::DO_NOT_WANT_TO_TALK_TO_YOU));
    assert_eq!(disconnect_cause(c.our_dpr.as_ref().unwrap()), Some(2));
    c.input(Input::Disconnected(ConnId::Initiator));
    assert_eq!(c.p.state(), State::Closed);
    assert_eq!(c.p.timer(Timer::Tc), None);
}

// ----- watchdog -----------------------------------------------------------

#[test]
fn watchdog_okay_suspect_down_reopen_okay() {
    let mut c = i_open();
    assert_eq!(c.p.watchdog_state(), WatchdogState::Okay);
    // Tw is Twinit ± 2 s.
    let tw = c.p.timer(Timer::Tw).unwrap() - c.now;
    assert!((28..=32).contains(&tw.as_secs()), "jittered Tw {tw:?}");
    // Timer expires & !Pending: DWR sent.
    let ev = c.timeout(Timer::Tw);
    assert_subsequence(&summaries(&ev), &["Tx(I,DWR)"], "OKAY expiry");
    assert_eq!(c.p.watchdog_state(), WatchdogState::Okay);
    // A pending request is failed over when the watchdog goes SUSPECT.
    c.p.send_request(c.now, &acr_from(US, 0, 1)).unwrap();
    drain(&mut c.p);
    let ev = c.timeout(Timer::Tw);
    assert_subsequence(
        &summaries(&ev),
        &["Unavailable", "FailedOver(1)"],
        "SUSPECT",
    );
    assert_eq!(c.p.watchdog_state(), WatchdogState::Suspect);
    assert_eq!(
        c.p.send_request(c.now, &acr_from(US, 0, 2)),
        Err(PeerError::NotAvailable)
    );
    // SUSPECT & Timer expires: CloseConnection → DOWN, Tc armed.
    let ev = c.timeout(Timer::Tw);
    assert_subsequence(
        &summaries(&ev),
        &["Close(I)", "Closed(WatchdogExpired)"],
        "DOWN",
    );
    assert_eq!(c.p.watchdog_state(), WatchdogState::Down);
    // Reconnect: DOWN & Connection up → REOPEN with a DWR, not available.
    c.timeout(Timer::Tc);
    c.input(Input::Connected);
    let cea = cea_from(LOWER, c.our_cer.as_ref().unwrap(), 2001, &[3]);
    let ev = rcv(&mut c, ConnId::Initiator, cea);
    assert_subsequence(&summaries(&ev), &["Open(I)", "Tx(I,DWR)"], "REOPEN");
    assert!(!ev.iter().any(|e| matches!(e, Event::Available)));
    assert_eq!(c.p.watchdog_state(), WatchdogState::Reopen);
    // REOPEN: non-DWA messages are thrown away.
    let ev = rcv(&mut c, ConnId::Initiator, acr_from(LOWER, 50, 50));
    assert!(ev.is_empty());
    assert_eq!(c.p.stats().thrown_away, 1);
    // Three DWAs bring it back to OKAY (Failback).
    for i in 0..3 {
        if i > 0 {
            c.timeout(Timer::Tw); // Timer expires & !Pending: next DWR
        }
        let dwr = c.our_dwr.clone().unwrap();
        let ev = rcv(&mut c, ConnId::Initiator, answer_to(LOWER, &dwr, 2001));
        if i < 2 {
            assert_eq!(
                c.p.watchdog_state(),
                WatchdogState::Reopen,
                "after DWA {}",
                i + 1
            );
        } else {
            assert_subsequence(&summaries(&ev), &["Available"], "failback");
        }
    }
    assert_eq!(c.p.watchdog_state(), WatchdogState::Okay);
    assert!(c.p.is_available());
}

#[test]
fn watchdog_suspect_recovers_on_any_message() {
    let mut c = i_open();
    c.timeout(Timer::Tw); // DWR
    c.timeout(Timer::Tw); // SUSPECT
    assert_eq!(c.p.watchdog_state(), WatchdogState::Suspect);
    let ev = rcv(&mut c, ConnId::Initiator, acr_from(LOWER, 9, 9));
    assert_subsequence(&summaries(&ev), &["Available", "Request"], "failback");
    assert_eq!(c.p.watchdog_state(), WatchdogState::Okay);
}

#[test]
fn watchdog_reopen_timeout_closes() {
    // REOPEN & Timer expires & Pending: NumDWA = -1, then close.
    let mut c = i_open();
    c.timeout(Timer::Tw);
    c.timeout(Timer::Tw);
    c.timeout(Timer::Tw);
    c.timeout(Timer::Tc);
    c.input(Input::Connected);
    let cea = cea_from(LOWER, c.our_cer.as_ref().unwrap(), 2001, &[3]);
    rcv(&mut c, ConnId::Initiator, cea);
    assert_eq!(c.p.watchdog_state(), WatchdogState::Reopen);
    c.timeout(Timer::Tw);
    assert_eq!(c.p.watchdog_state(), WatchdogState::Reopen);
    let ev = c.timeout(Timer::Tw);
    assert_eq!(c.p.watchdog_state(), WatchdogState::Down);
    assert_subsequence(
        &summaries(&ev),
        &["Close(I)", "Closed(WatchdogExpired)"],
        "reopen timeout",
    );
}

#[test]
fn tw_below_six_seconds_is_refused() {
    let mut cfg = config(US);
    cfg.tw = Duration::from_secs(5);
    assert_eq!(
        Peer::new(cfg, 0, &mut TestRng(1)).err(),
        Some(ConfigError::TwTooSmall)
    );
}

// ----- bookkeeping ----------------------------------------------------------

#[test]
fn answers_match_by_hop_by_hop_and_unknown_are_discarded() {
    let mut c = i_open();
    let id = c.p.send_request(c.now, &acr_from(US, 0, 0x55)).unwrap();
    let sent = first_tx(&drain(&mut c.p)).unwrap();
    // An answer with another Hop-by-Hop: discarded and counted.
    let mut wrong = answer_to(LOWER, &sent, 2001);
    wrong[12] ^= 0x80;
    let ev = rcv(&mut c, ConnId::Initiator, wrong);
    assert!(ev.is_empty());
    assert_eq!(c.p.stats().unknown_hop_by_hop, 1);
    assert_eq!(c.p.pending_requests(), 1);
    // The right one is matched.
    let ev = rcv(&mut c, ConnId::Initiator, answer_to(LOWER, &sent, 2001));
    assert!(matches!(&ev[..], [Event::Answer { id: got, .. }] if *got == id));
    assert_eq!(c.p.pending_requests(), 0);
    // The End-to-End Identifier is kept, the Hop-by-Hop assigned.
    assert_eq!(Message::new_checked(&sent[..]).unwrap().end_to_end(), 0x55);
}

#[test]
fn hop_by_hop_ids_increment_per_connection() {
    let mut c = i_open();
    let mut ids = Vec::new();
    for i in 0..3 {
        c.p.send_request(c.now, &acr_from(US, 0, i)).unwrap();
        let b = first_tx(&drain(&mut c.p)).unwrap();
        ids.push(Message::new_checked(&b[..]).unwrap().hop_by_hop());
    }
    assert_eq!(ids[1], ids[0].wrapping_add(1));
    assert_eq!(ids[2], ids[1].wrapping_add(1));
}

#[test]
fn pending_table_full_is_a_typed_error() {
    let mut cfg = config(US);
    cfg.max_pending_requests = 2;
    let mut p = Peer::new(cfg, 0, &mut TestRng(1)).unwrap();
    p.handle(Instant::ZERO, Input::Incoming(&cer_from(LOWER, 1, &[3])))
        .unwrap();
    drain(&mut p);
    p.send_request(Instant::ZERO, &acr_from(US, 0, 1)).unwrap();
    p.send_request(Instant::ZERO, &acr_from(US, 0, 2)).unwrap();
    assert_eq!(
        p.send_request(Instant::ZERO, &acr_from(US, 0, 3)),
        Err(PeerError::PendingFull { capacity: 2 })
    );
    assert_eq!(p.stats().requests_refused, 1);
    assert_eq!(
        p.send_request(Instant::ZERO, &answer_to(US, &acr_from(US, 0, 3), 2001)),
        Err(PeerError::NotARequest)
    );
}

#[test]
fn requests_time_out_and_are_reported() {
    let mut c = i_open();
    c.p.send_request(c.now, &acr_from(US, 0, 1)).unwrap();
    drain(&mut c.p);
    let deadline = c.now + Duration::from_secs(10);
    // Answer DWRs so the watchdog does not interfere; only the request
    // timer matters here (10 s < Tw).
    assert_eq!(c.p.poll_timeout(), Some(deadline));
    c.now = deadline;
    c.p.handle_timeout(deadline);
    let ev = drain(&mut c.p);
    assert!(matches!(&ev[..], [Event::TimedOut { request }] if request.end_to_end == 1));
    assert_eq!(c.p.stats().timed_out, 1);
}

#[test]
fn duplicate_request_gets_the_cached_answer() {
    let mut c = r_open();
    let req = acr_from(LOWER, 0x100, 0x7777);
    let ev = rcv(&mut c, ConnId::Responder, req.clone());
    assert!(matches!(&ev[..], [Event::Request { .. }]));
    let ans = answer_to(US, &req, 2001);
    c.p.send_answer(c.now, &ans).unwrap();
    drain(&mut c.p);
    // The same request retransmitted after failover: T set, new Hop-by-Hop.
    let mut again = req.clone();
    mark_retransmit(&mut again, 0x200).unwrap();
    assert_eq!(again[4] & T, T);
    let ev = rcv(&mut c, ConnId::Responder, again);
    let tx = match &ev[..] {
        [Event::Transmit {
            conn: ConnId::Responder,
            bytes,
        }] => bytes.clone(),
        other => panic!("expected the cached answer, got {:?}", summaries(other)),
    };
    let m = Message::new_checked(&tx[..]).unwrap();
    assert_eq!(
        m.hop_by_hop(),
        0x200,
        "answer carries the retransmission's Hop-by-Hop"
    );
    assert_eq!(m.end_to_end(), 0x7777);
    assert_eq!(&tx[20..], &ans[20..], "same answer body");
    assert_eq!(c.p.stats().duplicates_answered, 1);
    // Same End-to-End from another Origin-Host is not a duplicate.
    let ev = rcv(
        &mut c,
        ConnId::Responder,
        acr_from("other.example", 0x300, 0x7777),
    );
    assert!(matches!(&ev[..], [Event::Request { .. }]));
    // A duplicate whose original is still unanswered is dropped.
    let ev = rcv(
        &mut c,
        ConnId::Responder,
        acr_from("other.example", 0x301, 0x7777),
    );
    assert!(ev.is_empty());
    assert_eq!(c.p.stats().duplicates_dropped, 1);
}

#[test]
fn request_with_e_bit_gets_3008() {
    let mut c = r_open();
    let mut req = acr_from(LOWER, 1, 1);
    req[4] |= E;
    let ev = rcv(&mut c, ConnId::Responder, req);
    let tx = first_tx(&ev).unwrap();
    assert_eq!(result_code(&tx), Some(3008));
    assert_eq!(tx[4] & E, E);
}

#[test]
fn caller_misuse_is_an_error() {
    let mut p = peer(US, 1);
    assert_eq!(
        p.handle(Instant::ZERO, Input::Connected),
        Err(PeerError::NoConnectPending)
    );
    assert_eq!(
        p.handle(
            Instant::ZERO,
            Input::Received {
                conn: ConnId::Responder,
                message: &dwr_from(LOWER, 1)
            }
        ),
        Err(PeerError::NoSuchConnection(ConnId::Responder))
    );
    assert_eq!(
        p.send_request(Instant::ZERO, &acr_from(US, 0, 1)),
        Err(PeerError::NotAvailable)
    );
    assert_eq!(
        p.send_answer(Instant::ZERO, &answer_to(US, &acr_from(US, 0, 1), 2001)),
        Err(PeerError::NotOpen)
    );
}

#[test]
fn malformed_bytes_on_open_connection_close_it() {
    let mut c = i_open();
    let ev = rcv(
        &mut c,
        ConnId::Initiator,
        vec![2, 0, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    );
    assert_subsequence(
        &summaries(&ev),
        &["Fault(Malformed", "Close(I)", "Closed(Malformed)"],
        "malformed",
    );
}

#[test]
fn timers_never_in_the_past_when_clock_regresses() {
    let mut c = i_open();
    let later = c.now + Duration::from_secs(1000);
    c.p.handle_timeout(later);
    drain(&mut c.p);
    // The clock goes backwards: nothing scheduled before the latest now.
    c.p.handle(
        Instant::from_secs(1),
        Input::Received {
            conn: ConnId::Initiator,
            message: &dwr_from(LOWER, 1),
        },
    )
    .unwrap_or(());
    if let Some(t) = c.p.poll_timeout() {
        assert!(t >= later);
    }
}

#[test]
fn busy_without_backoff_does_not_reconnect() {
    let mut cfg = config(US);
    cfg.busy_backoff = None;
    let mut c = Ctx {
        p: Peer::new(cfg, 0, &mut TestRng(9)).unwrap(),
        ..closed()
    };
    c.input(Input::Start);
    c.input(Input::Connected);
    let cea = cea_from(LOWER, c.our_cer.as_ref().unwrap(), 2001, &[3]);
    rcv(&mut c, ConnId::Initiator, cea);
    rcv(&mut c, ConnId::Initiator, dpr_from(LOWER, 4, 1));
    let ev = c.input(Input::Disconnected(ConnId::Initiator));
    assert!(ev.iter().any(|e| matches!(
        e,
        Event::Closed {
            reconnect_at: None,
            ..
        }
    )));
    assert_eq!(c.p.timer(Timer::Tc), None);
}

#[test]
fn inbound_open_cancels_a_pending_reconnect() {
    let mut c = i_open();
    c.input(Input::Disconnected(ConnId::Initiator));
    assert!(c.p.timer(Timer::Tc).is_some());
    // The peer connects to us first: R-Conn-CER from Closed → R-Open.
    let cer = cer_from(LOWER, 5, &[3]);
    c.input(Input::Incoming(&cer));
    assert_eq!(c.p.state(), State::ROpen);
    assert_eq!(c.p.timer(Timer::Tc), None);
    // After a failure the watchdog revalidates the new connection (REOPEN).
    assert_eq!(c.p.watchdog_state(), WatchdogState::Reopen);
}
