//! Table-driven tests of the RFC 6733 §8.2 accounting session machines:
//! one row per (state, event) of the client table and both server tables,
//! plus sequencing, interim, buffering and duplicate-detection tests.

mod diameter_session_support;

use core::time::Duration;

use diameter_session_support::*;
use roam::diameter::session::*;
use roam::diameter::wire::{ApplicationId, AvpCode, CommandCode, ResultCode};
use roam::machine::Machine;
use roam::time::Instant;

use AccountingRecordType::{Event as Ev, Interim, Start, Stop};

// ---------------------------------------------------------------- client

struct A {
    c: AcctClient,
    now: Instant,
    sid: Vec<u8>,
    last: Vec<u8>,
    events: Vec<AcctClientEvent>,
}

fn aaa() -> Local {
    local(AAA, "example.com")
}

impl A {
    fn with(realtime: RealtimeRequired, buffer: usize, interval: Option<u32>) -> A {
        let mut cfg = acct_client_cfg();
        cfg.realtime = realtime;
        cfg.buffer_capacity = buffer;
        cfg.interim_interval = interval;
        cfg.interim_jitter_percent = 0;
        A {
            c: AcctClient::new(cfg),
            now: Instant::from_secs(50),
            sid: Vec::new(),
            last: Vec::new(),
            events: Vec::new(),
        }
    }
    fn collect(&mut self) {
        let ev = drain(&mut self.c);
        if let Some(o) = transmits_ac(&ev).last() {
            self.last = wire(o, &self.c.config().local);
        }
        self.events = ev;
    }
    fn state(&self) -> AcctClientState {
        self.c.state(&self.sid)
    }
    fn start(&mut self) {
        self.sid = self.c.start(self.now, None, 1).unwrap().as_bytes().to_vec();
        self.collect();
    }
    fn event(&mut self) {
        self.sid = self.c.event(self.now, None, 2).unwrap().as_bytes().to_vec();
        self.collect();
    }
    fn stop(&mut self) {
        let s = self.sid.clone();
        self.c.stop(self.now, &s, 3).unwrap();
        self.collect();
    }
    fn answer(&mut self, rc: ResultCode, extra: &[(AvpCode, u32)]) {
        let a = answer(&self.last, &aaa(), rc, extra);
        self.c
            .handle(self.now, AcctClientInput::Answer(msg(&a)))
            .unwrap();
        self.collect();
    }
    fn fail(&mut self) {
        let m = msg(&self.last);
        let a = SessionAvps::scan(&m);
        let sid = a.session_id.unwrap().to_vec();
        let n = a.accounting_record_number.unwrap();
        self.c
            .handle(
                self.now,
                AcctClientInput::SendFailed {
                    session_id: &sid,
                    record_number: n,
                },
            )
            .unwrap();
        self.collect();
    }
    fn advance(&mut self, secs: u64) {
        self.now += Duration::from_secs(secs);
        self.c.handle_timeout(self.now);
        self.collect();
    }
}

const GAS: RealtimeRequired = RealtimeRequired::GrantAndStore;
const GAL: RealtimeRequired = RealtimeRequired::GrantAndLose;
const DAG: RealtimeRequired = RealtimeRequired::DeliverAndGrant;

fn pending_s(rt: RealtimeRequired, buffer: usize) -> A {
    let mut a = A::with(rt, buffer, Some(60));
    a.start();
    a
}
fn open(rt: RealtimeRequired, buffer: usize) -> A {
    let mut a = pending_s(rt, buffer);
    a.answer(ResultCode::SUCCESS, &[]);
    a
}
fn pending_i(rt: RealtimeRequired, buffer: usize) -> A {
    let mut a = open(rt, buffer);
    a.advance(60);
    assert_eq!(a.state(), AcctClientState::PendingI);
    a
}
fn pending_l(buffer: usize) -> A {
    let mut a = open(GAS, buffer);
    a.stop();
    a
}
fn pending_e(buffer: usize) -> A {
    let mut a = A::with(GAS, buffer, None);
    a.event();
    a
}
/// An EVENT record stored, its session Idle, then the server reachable:
/// the buffered record is in flight (PendingB).
fn pending_b() -> A {
    let mut a = pending_e(4);
    a.fail();
    assert_eq!(a.c.buffered(), 1);
    a.c.handle(a.now, AcctClientInput::ServerReachable).unwrap();
    a.collect();
    assert!(a.c.flushing());
    a
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Act {
    Send(AccountingRecordType),
    Delivered,
    Stored,
    Dropped,
    Rejected,
    Down,
}

fn acts(ev: &[AcctClientEvent]) -> Vec<Act> {
    ev.iter()
        .map(|e| match e {
            AcctClientEvent::Transmit(o) => Act::Send(
                AccountingRecordType::from_value(o.avps.accounting_record_type.unwrap()).unwrap(),
            ),
            AcctClientEvent::Delivered { .. } => Act::Delivered,
            AcctClientEvent::Stored { .. } => Act::Stored,
            AcctClientEvent::Dropped { .. } => Act::Dropped,
            AcctClientEvent::Rejected { .. } => Act::Rejected,
            AcctClientEvent::SessionDown { .. } => Act::Down,
        })
        .collect()
}

struct Row {
    from: &'static str,
    event: &'static str,
    run: fn() -> A,
    to: AcctClientState,
    flushing: bool,
    acts: &'static [Act],
}

#[test]
fn client_table() {
    use AcctClientState::*;
    let rej = ResultCode::AUTHORIZATION_REJECTED;
    let _ = rej;
    let rows: &[Row] = &[
        Row {
            from: "Idle",
            event: "Client or device requests access",
            to: PendingS,
            flushing: false,
            run: || pending_s(GAS, 4),
            acts: &[Act::Send(Start)],
        },
        Row {
            from: "Idle",
            event: "Client or device requests a one-time service",
            to: PendingE,
            flushing: false,
            run: || pending_e(4),
            acts: &[Act::Send(Ev)],
        },
        Row {
            from: "Idle",
            event: "Records in storage",
            to: Idle,
            flushing: true,
            run: pending_b,
            acts: &[Act::Send(Ev)],
        },
        Row {
            from: "PendingS",
            event: "Successful accounting start answer received",
            to: Open,
            flushing: false,
            run: || open(GAS, 4),
            acts: &[Act::Delivered],
        },
        Row {
            from: "PendingS",
            event: "Failure to send, buffer space, real time != DELIVER_AND_GRANT",
            to: Open,
            flushing: false,
            run: || {
                let mut a = pending_s(GAS, 4);
                a.fail();
                a
            },
            acts: &[Act::Stored],
        },
        Row {
            from: "PendingS",
            event: "Failure to send, no buffer space, GRANT_AND_LOSE",
            to: Open,
            flushing: false,
            run: || {
                let mut a = pending_s(GAL, 0);
                a.fail();
                a
            },
            acts: &[Act::Dropped],
        },
        Row {
            from: "PendingS",
            event: "Failure to send, no buffer space, real time != GRANT_AND_LOSE",
            to: Idle,
            flushing: false,
            run: || {
                let mut a = pending_s(GAS, 0);
                a.fail();
                a
            },
            acts: &[Act::Dropped, Act::Down],
        },
        Row {
            from: "PendingS",
            event: "Failed start answer, GRANT_AND_LOSE",
            to: Open,
            flushing: false,
            run: || {
                let mut a = pending_s(GAL, 4);
                a.answer(ResultCode::AUTHORIZATION_REJECTED, &[]);
                a
            },
            acts: &[Act::Rejected],
        },
        Row {
            from: "PendingS",
            event: "Failed start answer, real time != GRANT_AND_LOSE",
            to: Idle,
            flushing: false,
            run: || {
                let mut a = pending_s(GAS, 4);
                a.answer(ResultCode::AUTHORIZATION_REJECTED, &[]);
                a
            },
            acts: &[Act::Rejected, Act::Down],
        },
        Row {
            from: "PendingS",
            event: "User service terminated",
            to: PendingS,
            flushing: false,
            run: || {
                let mut a = pending_s(GAS, 4);
                a.stop();
                a
            },
            acts: &[],
        },
        Row {
            from: "Open",
            event: "Interim interval elapses",
            to: PendingI,
            flushing: false,
            run: || {
                let mut a = open(GAS, 4);
                a.advance(60);
                a
            },
            acts: &[Act::Send(Interim)],
        },
        Row {
            from: "Open",
            event: "User service terminated",
            to: PendingL,
            flushing: false,
            run: || pending_l(4),
            acts: &[Act::Send(Stop)],
        },
        Row {
            from: "PendingI",
            event: "Successful accounting interim answer received",
            to: Open,
            flushing: false,
            run: || {
                let mut a = pending_i(GAS, 4);
                a.answer(ResultCode::SUCCESS, &[]);
                a
            },
            acts: &[Act::Delivered],
        },
        Row {
            from: "PendingI",
            event: "Failure to send, buffer space, real time != DELIVER_AND_GRANT",
            to: Open,
            flushing: false,
            run: || {
                let mut a = pending_i(GAS, 4);
                a.fail();
                a
            },
            acts: &[Act::Stored],
        },
        Row {
            from: "PendingI",
            event: "Failure to send, no buffer space, GRANT_AND_LOSE",
            to: Open,
            flushing: false,
            run: || {
                let mut a = pending_i(GAL, 0);
                a.fail();
                a
            },
            acts: &[Act::Dropped],
        },
        Row {
            from: "PendingI",
            event: "Failure to send, no buffer space, real time != GRANT_AND_LOSE",
            to: Idle,
            flushing: false,
            run: || {
                let mut a = pending_i(GAS, 0);
                a.fail();
                a
            },
            acts: &[Act::Dropped, Act::Down],
        },
        Row {
            from: "PendingI",
            event: "Failed interim answer, GRANT_AND_LOSE",
            to: Open,
            flushing: false,
            run: || {
                let mut a = pending_i(GAL, 4);
                a.answer(ResultCode::UNABLE_TO_COMPLY, &[]);
                a
            },
            acts: &[Act::Rejected],
        },
        Row {
            from: "PendingI",
            event: "Failed interim answer, real time != GRANT_AND_LOSE",
            to: Idle,
            flushing: false,
            run: || {
                let mut a = pending_i(DAG, 4);
                a.answer(ResultCode::UNABLE_TO_COMPLY, &[]);
                a
            },
            acts: &[Act::Rejected, Act::Down],
        },
        Row {
            from: "PendingI",
            event: "User service terminated",
            to: PendingI,
            flushing: false,
            run: || {
                let mut a = pending_i(GAS, 4);
                a.stop();
                a
            },
            acts: &[],
        },
        Row {
            from: "PendingE",
            event: "Successful accounting event answer received",
            to: Idle,
            flushing: false,
            run: || {
                let mut a = pending_e(4);
                a.answer(ResultCode::SUCCESS, &[]);
                a
            },
            acts: &[Act::Delivered, Act::Down],
        },
        Row {
            from: "PendingE",
            event: "Failure to send and buffer space available",
            to: Idle,
            flushing: false,
            run: || {
                let mut a = pending_e(4);
                a.fail();
                a
            },
            acts: &[Act::Stored, Act::Down],
        },
        Row {
            from: "PendingE",
            event: "Failure to send and no buffer space available",
            to: Idle,
            flushing: false,
            run: || {
                let mut a = pending_e(0);
                a.fail();
                a
            },
            acts: &[Act::Dropped, Act::Down],
        },
        Row {
            from: "PendingE",
            event: "Failed accounting event answer received",
            to: Idle,
            flushing: false,
            run: || {
                let mut a = pending_e(4);
                a.answer(ResultCode::UNABLE_TO_COMPLY, &[]);
                a
            },
            acts: &[Act::Rejected, Act::Down],
        },
        Row {
            from: "PendingB",
            event: "Successful accounting answer received",
            to: Idle,
            flushing: false,
            run: || {
                let mut a = pending_b();
                a.answer(ResultCode::SUCCESS, &[]);
                assert_eq!(a.c.buffered(), 0);
                a
            },
            acts: &[Act::Delivered],
        },
        Row {
            from: "PendingB",
            event: "Failure to send",
            to: Idle,
            flushing: false,
            run: || {
                let mut a = pending_b();
                a.fail();
                assert_eq!(a.c.buffered(), 1);
                a
            },
            acts: &[],
        },
        Row {
            from: "PendingB",
            event: "Failed accounting answer received",
            to: Idle,
            flushing: false,
            run: || {
                let mut a = pending_b();
                a.answer(ResultCode::UNABLE_TO_COMPLY, &[]);
                assert_eq!(a.c.buffered(), 0);
                a
            },
            acts: &[Act::Rejected],
        },
        Row {
            from: "PendingL",
            event: "Successful accounting stop answer received",
            to: Idle,
            flushing: false,
            run: || {
                let mut a = pending_l(4);
                a.answer(ResultCode::SUCCESS, &[]);
                a
            },
            acts: &[Act::Delivered, Act::Down],
        },
        Row {
            from: "PendingL",
            event: "Failure to send and buffer space available",
            to: Idle,
            flushing: false,
            run: || {
                let mut a = pending_l(4);
                a.fail();
                a
            },
            acts: &[Act::Stored, Act::Down],
        },
        Row {
            from: "PendingL",
            event: "Failure to send and no buffer space available",
            to: Idle,
            flushing: false,
            run: || {
                let mut a = pending_l(0);
                a.fail();
                a
            },
            acts: &[Act::Dropped, Act::Down],
        },
        Row {
            from: "PendingL",
            event: "Failed accounting stop answer received",
            to: Idle,
            flushing: false,
            run: || {
                let mut a = pending_l(4);
                a.answer(ResultCode::UNABLE_TO_COMPLY, &[]);
                a
            },
            acts: &[Act::Rejected, Act::Down],
        },
    ];
    assert_eq!(rows.len(), 30, "every row of the client accounting table");
    for r in rows {
        let a = (r.run)();
        assert_eq!(a.state(), r.to, "{} / {}", r.from, r.event);
        assert_eq!(
            a.c.flushing(),
            r.flushing,
            "{} / {}: flushing",
            r.from,
            r.event
        );
        assert_eq!(acts(&a.events), r.acts, "{} / {}: actions", r.from, r.event);
        assert!(a.c.buffered() <= a.c.config().buffer_capacity);
        assert!(
            a.c.poll_timeout().is_none_or(|t| t >= a.now),
            "timer in the past"
        );
    }
}

#[test]
fn delivery_failure_with_deliver_and_grant_disconnects() {
    // Not in the table (buffer space but DELIVER_AND_GRANT): the user is
    // disconnected, nothing stored.
    let mut a = pending_s(DAG, 4);
    a.fail();
    assert_eq!(acts(&a.events), [Act::Dropped, Act::Down]);
    assert!(matches!(
        a.events[1],
        AcctClientEvent::SessionDown {
            reason: DownReason::AccountingFailed,
            initiator: Initiator::Local,
            ..
        }
    ));
    assert_eq!(a.c.buffered(), 0);
    assert_eq!(a.c.stats().disconnects, 1);
}

#[test]
fn stop_requested_while_pending_follows_the_pending_record() {
    let mut a = pending_s(GAS, 4);
    a.stop();
    a.answer(ResultCode::SUCCESS, &[]);
    assert_eq!(acts(&a.events), [Act::Delivered, Act::Send(Stop)]);
    assert_eq!(a.state(), AcctClientState::PendingL);
    // And when the START could only be stored, the STOP is stored after it.
    let mut a = pending_s(GAS, 4);
    a.stop();
    a.fail();
    assert_eq!(acts(&a.events), [Act::Stored, Act::Stored, Act::Down]);
    let order: Vec<_> = a.c.buffered_records().map(|(_, t, n)| (t, n)).collect();
    assert_eq!(order, [(Start, 0), (Stop, 1)]);
}

#[test]
fn record_numbers_are_strictly_increasing_per_session() {
    let mut a = open(GAS, 4);
    let mut numbers = vec![SessionAvps::scan(&msg(&a.last))
        .accounting_record_number
        .unwrap()];
    assert_eq!(numbers, [0], "RFC 6733 §9.8.3: START is 0");
    for _ in 0..3 {
        a.advance(60);
        numbers.push(
            SessionAvps::scan(&msg(&a.last))
                .accounting_record_number
                .unwrap(),
        );
        a.answer(ResultCode::SUCCESS, &[]);
    }
    a.stop();
    numbers.push(
        SessionAvps::scan(&msg(&a.last))
            .accounting_record_number
            .unwrap(),
    );
    assert_eq!(
        numbers,
        [0, 1, 2, 3, 4],
        "interims 1.., STOP one more than the last INTERIM"
    );
    let t = SessionAvps::scan(&msg(&a.last)).accounting_record_type;
    assert_eq!(t, Some(4));
}

#[test]
fn interim_interval_honoured_overridden_and_jittered() {
    let mut a = open(GAS, 4);
    assert_eq!(a.c.poll_timeout(), Some(a.now + Duration::from_secs(60)));
    // The ACA of the next interim overrides the interval (RFC 6733 §9.1).
    a.advance(60);
    a.answer(
        ResultCode::SUCCESS,
        &[(AvpCode::ACCT_INTERIM_INTERVAL, 300)],
    );
    assert_eq!(a.c.poll_timeout(), Some(a.now + Duration::from_secs(300)));
    // Zero switches interim records off.
    a.advance(300);
    a.answer(ResultCode::SUCCESS, &[(AvpCode::ACCT_INTERIM_INTERVAL, 0)]);
    assert_eq!(a.c.poll_timeout(), None);
    // With jitter, the first interims come within [90%, 100%] of the
    // interval, at different times (RFC 6733 §9.8.2).
    let mut cfg = acct_client_cfg();
    cfg.interim_interval = Some(100);
    cfg.jitter_seed = 42;
    let mut c = AcctClient::new(cfg);
    for _ in 0..20 {
        c.start(Instant::ZERO, None, 0).unwrap();
        let ev = drain(&mut c);
        let req = wire(&transmits_ac(&ev)[0], &c.config().local);
        let aca = answer(&req, &aaa(), ResultCode::SUCCESS, &[]);
        c.handle(Instant::ZERO, AcctClientInput::Answer(msg(&aca)))
            .unwrap();
        let _ = drain(&mut c);
    }
    let mut times = std::collections::BTreeSet::new();
    let mut interims = 0;
    while interims < 20 {
        let t = c.poll_timeout().unwrap();
        assert!(
            t >= Instant::from_secs(90) && t <= Instant::from_secs(100),
            "{t}"
        );
        c.handle_timeout(t);
        let n = transmits_ac(&drain(&mut c)).len();
        assert!(n > 0);
        interims += n;
        times.insert(t);
    }
    assert!(times.len() > 10, "interim times are spread: {times:?}");
}

#[test]
fn buffer_is_bounded_flushes_in_order_and_counts_drops() {
    let mut a = A::with(GAS, 3, None);
    // Server unreachable: 5 sessions start, each START is stored or dropped.
    let mut sids = Vec::new();
    for _ in 0..5 {
        a.start();
        sids.push(a.sid.clone());
        a.fail();
    }
    assert_eq!(a.c.buffered(), 3);
    assert_eq!(a.c.stats().stored, 3);
    assert_eq!(a.c.stats().dropped, 2);
    assert_eq!(
        a.c.stats().disconnects,
        2,
        "GRANT_AND_STORE without space disconnects"
    );
    // The three stored sessions stop: their STOPs queue behind their STARTs
    // (no space for them: dropped, and the sessions end).
    // Reachable again: flush in order, one at a time.
    a.c.handle(a.now, AcctClientInput::ServerReachable).unwrap();
    a.collect();
    let mut delivered = Vec::new();
    for _ in 0..3 {
        assert!(a.c.flushing());
        let m = msg(&a.last);
        delivered.push(SessionAvps::scan(&m).session_id.unwrap().to_vec());
        a.answer(ResultCode::SUCCESS, &[]);
    }
    assert!(!a.c.flushing());
    assert_eq!(a.c.buffered(), 0);
    assert_eq!(delivered, sids[..3].to_vec(), "flushed oldest first");
    assert_eq!(a.c.stats().flushed, 3);
}

#[test]
fn session_records_queue_behind_buffered_ones_and_interim_is_overwritten() {
    let mut a = open(GAS, 8);
    a.advance(60); // INTERIM 1
    a.fail(); // stored
    a.advance(60); // INTERIM 2: stored behind, overwriting INTERIM 1 (RFC 6733 §9.5)
    assert_eq!(acts(&a.events), [Act::Dropped, Act::Stored]);
    assert_eq!(a.c.stats().overwritten, 1);
    a.stop(); // STOP 3 also queued (session has buffered records)
    let order: Vec<_> = a.c.buffered_records().map(|(_, t, n)| (t, n)).collect();
    assert_eq!(order, [(Interim, 2), (Stop, 3)]);
    assert_eq!(a.state(), AcctClientState::Idle);
    // Flush retry timer: the first flush attempt happens after the retry
    // interval once something failed, or at once on ServerReachable.
    a.c.handle(a.now, AcctClientInput::ServerReachable).unwrap();
    a.collect();
    assert_eq!(acts(&a.events), [Act::Send(Interim)]);
    a.fail();
    assert!(!a.c.flushing());
    assert_eq!(a.c.poll_timeout(), Some(a.now + Duration::from_secs(20)));
    a.advance(20);
    assert_eq!(acts(&a.events), [Act::Send(Interim)]);
    a.answer(ResultCode::SUCCESS, &[]);
    assert_eq!(acts(&a.events), [Act::Delivered, Act::Send(Stop)]);
    a.answer(ResultCode::SUCCESS, &[]);
    assert_eq!(a.c.buffered(), 0);
}

#[test]
fn transient_result_codes_are_failures_to_send() {
    for rc in [
        ResultCode::OUT_OF_SPACE,
        ResultCode::TOO_BUSY,
        ResultCode::LOOP_DETECTED,
    ] {
        let mut a = pending_s(GAS, 4);
        a.answer(rc, &[]);
        assert_eq!(acts(&a.events), [Act::Stored], "{rc:?}");
    }
    let mut a = pending_s(GAS, 4);
    a.advance(10); // request timeout
    assert_eq!(acts(&a.events), [Act::Stored]);
    assert_eq!(a.c.stats().timeouts, 1);
}

#[test]
fn client_misuse_is_an_error() {
    let mut a = pending_e(4);
    let sid = a.sid.clone();
    assert_eq!(a.c.stop(a.now, &sid, 0), Err(SessionError::WrongState));
    assert_eq!(
        a.c.interim(a.now, b"none", 0),
        Err(SessionError::UnknownSession)
    );
    assert_eq!(
        a.c.start(a.now, Some(&sid), 0),
        Err(SessionError::Duplicate)
    );
    let mut cfg = acct_client_cfg();
    cfg.max_sessions = 0;
    let mut c = AcctClient::new(cfg);
    assert_eq!(
        c.start(Instant::ZERO, None, 0),
        Err(SessionError::TableFull { capacity: 0 })
    );
}

// ---------------------------------------------------------------- server

const SID: &[u8] = b"nas.example.net;7;0";

struct S {
    s: AcctServer,
    now: Instant,
    events: Vec<AcctServerEvent>,
}

impl S {
    fn new(mode: AcctServerMode) -> S {
        let mut cfg = acct_server_cfg(mode);
        cfg.default_ts = Some(Duration::from_secs(100));
        S {
            s: AcctServer::new(cfg),
            now: Instant::from_secs(10),
            events: Vec::new(),
        }
    }
    fn acr_on(&mut self, sid: &[u8], ty: AccountingRecordType, n: u32, can_store: bool) {
        let r = request(
            CommandCode::ACCOUNTING,
            ApplicationId::BASE_ACCOUNTING,
            sid,
            &local(NAS, "example.net"),
            &[
                (AvpCode::ACCOUNTING_RECORD_TYPE, ty.value()),
                (AvpCode::ACCOUNTING_RECORD_NUMBER, n),
            ],
        );
        self.s
            .handle(
                self.now,
                AcctServerInput::Request {
                    msg: msg(&r),
                    can_store,
                },
            )
            .unwrap();
        self.events = drain(&mut self.s);
    }
    fn acr(&mut self, ty: AccountingRecordType, n: u32) {
        self.acr_on(SID, ty, n, true);
    }
    fn advance(&mut self, secs: u64) {
        self.now += Duration::from_secs(secs);
        self.s.handle_timeout(self.now);
        self.events = drain(&mut self.s);
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum SAct {
    Send(ResultCode),
    Record,
    Dup,
    Up,
    Down,
}

fn sacts(ev: &[AcctServerEvent]) -> Vec<SAct> {
    ev.iter()
        .map(|e| match e {
            AcctServerEvent::Transmit(o) => SAct::Send(o.result_code.unwrap()),
            AcctServerEvent::Record { .. } => SAct::Record,
            AcctServerEvent::Duplicate { .. } => SAct::Dup,
            AcctServerEvent::SessionUp { .. } => SAct::Up,
            AcctServerEvent::SessionDown { .. } => SAct::Down,
        })
        .collect()
}

struct SRow {
    table: &'static str,
    from: &'static str,
    event: &'static str,
    run: fn() -> S,
    open: bool,
    acts: &'static [SAct],
}

const OK: SAct = SAct::Send(ResultCode::SUCCESS);
const OOS: SAct = SAct::Send(ResultCode::OUT_OF_SPACE);

fn s_open() -> S {
    let mut s = S::new(AcctServerMode::Stateful);
    s.acr(Start, 0);
    s
}

#[test]
fn server_tables() {
    use AcctServerMode::{Stateful, Stateless};
    let rows: &[SRow] = &[
        SRow {
            table: "stateless",
            from: "Idle",
            event: "start request received and processed",
            open: false,
            run: || {
                let mut s = S::new(Stateless);
                s.acr(Start, 0);
                s
            },
            acts: &[OK, SAct::Record],
        },
        SRow {
            table: "stateless",
            from: "Idle",
            event: "event request received and processed",
            open: false,
            run: || {
                let mut s = S::new(Stateless);
                s.acr(Ev, 0);
                s
            },
            acts: &[OK, SAct::Record],
        },
        SRow {
            table: "stateless",
            from: "Idle",
            event: "interim record received and processed",
            open: false,
            run: || {
                let mut s = S::new(Stateless);
                s.acr(Start, 0);
                s.acr(Interim, 1);
                s
            },
            acts: &[OK, SAct::Record],
        },
        SRow {
            table: "stateless",
            from: "Idle",
            event: "stop request received and processed",
            open: false,
            run: || {
                let mut s = S::new(Stateless);
                s.acr(Start, 0);
                s.acr(Stop, 1);
                s
            },
            acts: &[OK, SAct::Record],
        },
        SRow {
            table: "stateless",
            from: "Idle",
            event: "request received; no space left",
            open: false,
            run: || {
                let mut s = S::new(Stateless);
                s.acr_on(SID, Start, 0, false);
                s
            },
            acts: &[OOS],
        },
        SRow {
            table: "stateful",
            from: "Idle",
            event: "start request received and processed",
            open: true,
            run: s_open,
            acts: &[OK, SAct::Record, SAct::Up],
        },
        SRow {
            table: "stateful",
            from: "Idle",
            event: "event request received and processed",
            open: false,
            run: || {
                let mut s = S::new(Stateful);
                s.acr(Ev, 0);
                s
            },
            acts: &[OK, SAct::Record],
        },
        SRow {
            table: "stateful",
            from: "Idle",
            event: "request received; no space left",
            open: false,
            run: || {
                let mut s = S::new(Stateful);
                s.acr_on(SID, Start, 0, false);
                s
            },
            acts: &[OOS],
        },
        SRow {
            table: "stateful",
            from: "Open",
            event: "interim record received and processed",
            open: true,
            run: || {
                let mut s = s_open();
                s.advance(60);
                s.acr(Interim, 1);
                assert_eq!(
                    s.s.poll_timeout(),
                    Some(s.now + Duration::from_secs(100)),
                    "Ts restarted"
                );
                s
            },
            acts: &[OK, SAct::Record],
        },
        SRow {
            table: "stateful",
            from: "Open",
            event: "stop request received and processed",
            open: false,
            run: || {
                let mut s = s_open();
                s.acr(Stop, 1);
                s
            },
            acts: &[OK, SAct::Record, SAct::Down],
        },
        SRow {
            table: "stateful",
            from: "Open",
            event: "request received; no space left",
            open: false,
            run: || {
                let mut s = s_open();
                s.acr_on(SID, Interim, 1, false);
                s
            },
            acts: &[OOS, SAct::Down],
        },
        SRow {
            table: "stateful",
            from: "Open",
            event: "session supervision timer Ts expired",
            open: false,
            run: || {
                let mut s = s_open();
                s.advance(99);
                assert!(s.events.is_empty());
                s.advance(1);
                s
            },
            acts: &[SAct::Down],
        },
    ];
    assert_eq!(rows.len(), 5 + 7, "every row of both server tables");
    for r in rows {
        let s = (r.run)();
        assert_eq!(
            s.s.is_open(SID),
            r.open,
            "{} {} / {}",
            r.table,
            r.from,
            r.event
        );
        assert_eq!(
            sacts(&s.events),
            r.acts,
            "{} {} / {}: actions",
            r.table,
            r.from,
            r.event
        );
        assert!(
            s.s.poll_timeout().is_none_or(|t| t >= s.now),
            "timer in the past"
        );
    }
}

#[test]
fn server_detects_duplicates_gaps_and_late_records() {
    let mut s = S::new(AcctServerMode::Stateless);
    s.acr(Start, 0);
    s.acr(Start, 0);
    assert_eq!(
        sacts(&s.events),
        [OK, SAct::Dup],
        "retransmitted START acknowledged, not stored twice"
    );
    s.acr(Interim, 3);
    assert!(matches!(
        s.events[1],
        AcctServerEvent::Record {
            gap: 2,
            late: false,
            number: 3,
            ..
        }
    ));
    s.acr(Interim, 2);
    assert!(matches!(
        s.events[1],
        AcctServerEvent::Record {
            gap: 0,
            late: true,
            number: 2,
            ..
        }
    ));
    s.acr(Interim, 2);
    assert_eq!(sacts(&s.events), [OK, SAct::Dup]);
    s.acr(Stop, 4);
    s.acr(Stop, 4);
    assert_eq!(
        sacts(&s.events),
        [OK, SAct::Dup],
        "duplicate STOP within the window"
    );
    let st = s.s.stats();
    assert_eq!((st.records, st.duplicates, st.gaps, st.late), (4, 3, 2, 1));
    // After the duplicate window the entry is forgotten.
    s.advance(301);
    assert!(s.s.is_empty());
}

#[test]
fn server_echoes_record_and_overrides_interval() {
    let mut cfg = acct_server_cfg(AcctServerMode::Stateless);
    cfg.interim_interval = Some(120);
    cfg.realtime = Some(RealtimeRequired::DeliverAndGrant);
    let mut s = S {
        s: AcctServer::new(cfg),
        now: Instant::ZERO,
        events: Vec::new(),
    };
    s.acr(Interim, 5);
    let aca = transmits_as(&s.events)[0];
    assert_eq!(aca.avps.accounting_record_type, Some(3));
    assert_eq!(aca.avps.accounting_record_number, Some(5));
    assert_eq!(aca.avps.acct_interim_interval, Some(120));
    assert_eq!(aca.avps.accounting_realtime_required, Some(1));
    assert!(!aca.is_request());
}

#[test]
fn server_table_evicts_closed_entries_then_refuses() {
    let mut cfg = acct_server_cfg(AcctServerMode::Stateful);
    cfg.max_sessions = 2;
    let mut s = S {
        s: AcctServer::new(cfg),
        now: Instant::ZERO,
        events: Vec::new(),
    };
    s.acr_on(b"a;1;1", Ev, 0, true); // closed entry
    s.acr_on(b"a;1;2", Start, 0, true); // open
    s.acr_on(b"a;1;3", Start, 0, true); // evicts a;1;1
    assert_eq!(sacts(&s.events), [OK, SAct::Record, SAct::Up]);
    assert_eq!(s.s.stats().evicted, 1);
    s.acr_on(b"a;1;4", Start, 0, true); // all open: refused
    assert_eq!(sacts(&s.events), [OOS]);
    assert_eq!(s.s.len(), 2);
    assert_eq!(s.s.stats().out_of_space, 1);
}

#[test]
fn server_answers_missing_avps_with_5005() {
    let mut s = S::new(AcctServerMode::Stateless);
    let r = request(
        CommandCode::ACCOUNTING,
        ApplicationId::BASE_ACCOUNTING,
        SID,
        &local(NAS, "example.net"),
        &[],
    );
    s.s.handle(
        s.now,
        AcctServerInput::Request {
            msg: msg(&r),
            can_store: true,
        },
    )
    .unwrap();
    assert_eq!(
        sacts(&drain(&mut s.s)),
        [SAct::Send(ResultCode::MISSING_AVP)]
    );
}

#[test]
fn late_success_for_a_stored_record_removes_it_from_the_buffer() {
    let mut a = pending_s(GAS, 4);
    let start = a.last.clone();
    a.advance(10); // no ACA in time: stored
    assert_eq!(a.c.buffered(), 1);
    let aca = answer(&start, &aaa(), ResultCode::SUCCESS, &[]);
    a.c.handle(a.now, AcctClientInput::Answer(msg(&aca)))
        .unwrap();
    a.collect();
    assert_eq!(acts(&a.events), [Act::Delivered]);
    assert_eq!(a.c.buffered(), 0);
}
