//! Fuzz body of the Diameter session machines (RFC 6733 §8).
//!
//! The input is decoded byte by byte into operations (commands, message
//! delivery and loss, time advances, and raw fuzzer bytes fed as received
//! messages), so the same body runs on the committed corpus in plain
//! `cargo test` without the `arbitrary` feature. After every operation it
//! checks the invariants: timers never in the past (and none still due
//! after `handle_timeout`), every table within its
//! capacity, accounting record numbers strictly increasing per session
//! (a buffered record may be re-sent with its own number), no panic.

/// Runs one operation sequence. Without `alloc` the session machines do
/// not exist and this does nothing.
pub fn diameter_session(data: &[u8]) {
    #[cfg(feature = "alloc")]
    imp::run(data);
    #[cfg(not(feature = "alloc"))]
    let _ = data;
}

#[cfg(feature = "alloc")]
mod imp {
    use alloc::collections::{BTreeMap, BTreeSet, VecDeque};
    use alloc::vec::Vec;
    use core::time::Duration;

    use crate::diameter::session::*;
    use crate::diameter::wire::{ApplicationId, CommandCode, Message, ResultCode};
    use crate::machine::Machine;
    use crate::time::Instant;

    const CAP: usize = 4;
    const BUFFER: usize = 3;
    const MAX_QUEUE: usize = 32;

    struct Bytes<'a>(&'a [u8]);

    impl Bytes<'_> {
        fn u8(&mut self) -> Option<u8> {
            let (b, rest) = self.0.split_first()?;
            self.0 = rest;
            Some(*b)
        }
        fn take(&mut self, n: usize) -> &[u8] {
            let n = n.min(self.0.len());
            let (a, b) = self.0.split_at(n);
            self.0 = b;
            a
        }
    }

    /// Which machine a queued message goes to.
    #[derive(Clone, Copy, PartialEq, Eq)]
    enum To {
        Client,
        Server,
        AcctClient,
        AcctServer,
    }

    struct World {
        now: Instant,
        client: AuthClient,
        server: AuthServer,
        acct_client: AcctClient,
        acct_server: AcctServer,
        queue: VecDeque<(To, Vec<u8>)>,
        client_sids: Vec<SessionId>,
        server_sids: Vec<SessionId>,
        acct_sids: Vec<SessionId>,
        /// Per session: record numbers emitted, and the highest.
        numbers: BTreeMap<SessionId, (u32, BTreeSet<u32>)>,
    }

    fn local(h: &str, r: &str) -> Local {
        // Constant names, far below the limit: cannot fail.
        Local::new(h, r).expect("constant identity fits")
    }

    impl World {
        fn new() -> World {
            let nas = local("nas.example.net", "example.net");
            let aaa = local("aaa.example.com", "example.com");
            let realm = aaa.origin_realm;
            let mut cc = AuthClientConfig::new(nas, realm, ApplicationId::NASREQ, CommandCode::AA);
            cc.max_sessions = CAP;
            cc.request_timeout = Duration::from_secs(10);
            let mut sc = AuthServerConfig::new(aaa, ApplicationId::NASREQ);
            sc.max_sessions = CAP;
            let mut ac = AcctClientConfig::new(nas, realm);
            ac.max_sessions = CAP;
            ac.buffer_capacity = BUFFER;
            ac.interim_interval = Some(20);
            ac.session_id_high = 9;
            let mut asc = AcctServerConfig::new(aaa);
            asc.max_sessions = CAP;
            asc.mode = AcctServerMode::Stateful;
            asc.default_ts = Some(Duration::from_secs(50));
            World {
                now: Instant::from_secs(1),
                client: AuthClient::new(cc),
                server: AuthServer::new(sc),
                acct_client: AcctClient::new(ac),
                acct_server: AcctServer::new(asc),
                queue: VecDeque::new(),
                client_sids: Vec::new(),
                server_sids: Vec::new(),
                acct_sids: Vec::new(),
                numbers: BTreeMap::new(),
            }
        }

        fn push(&mut self, to: To, out: &Outgoing, me: &Local) {
            if self.queue.len() < MAX_QUEUE {
                self.queue.push_back((to, out.to_vec(me)));
            }
        }

        fn record(&mut self, sid: SessionId, n: u32) {
            let e = self.numbers.entry(sid).or_insert((n, BTreeSet::new()));
            if e.1.contains(&n) {
                return; // a buffered record re-sent
            }
            assert!(
                e.1.is_empty() || n > e.0,
                "accounting record numbers must increase per session"
            );
            e.0 = n;
            e.1.insert(n);
        }

        fn pump(&mut self) {
            let cl = self.client.config().local;
            while let Some(e) = self.client.poll_event() {
                match e {
                    AuthClientEvent::Transmit(o) => self.push(To::Server, &o, &cl),
                    AuthClientEvent::SessionUp { session_id, .. }
                        if self.server_sids.len() < 16 =>
                    {
                        self.server_sids.push(session_id);
                    }
                    _ => {}
                }
            }
            let sl = self.server.config().local;
            while let Some(e) = self.server.poll_event() {
                if let AuthServerEvent::Transmit(o) = e {
                    self.push(To::Client, &o, &sl);
                }
            }
            let al = self.acct_client.config().local;
            while let Some(e) = self.acct_client.poll_event() {
                match e {
                    AcctClientEvent::Transmit(o) => {
                        if let Some(n) = o.avps.accounting_record_number {
                            self.record(o.session_id, n);
                        }
                        self.push(To::AcctServer, &o, &al);
                    }
                    AcctClientEvent::Stored {
                        session_id, number, ..
                    } => self.record(session_id, number),
                    _ => {}
                }
            }
            let asl = self.acct_server.config().local;
            while let Some(e) = self.acct_server.poll_event() {
                if let AcctServerEvent::Transmit(o) = e {
                    self.push(To::AcctClient, &o, &asl);
                }
            }
        }

        fn check(&self) {
            for t in [
                self.client.poll_timeout(),
                self.server.poll_timeout(),
                self.acct_client.poll_timeout(),
                self.acct_server.poll_timeout(),
            ]
            .into_iter()
            .flatten()
            {
                assert!(t >= self.now, "timer in the past");
            }
            assert!(self.client.len() <= CAP);
            assert!(self.server.len() <= CAP);
            assert!(self.acct_client.len() <= CAP);
            assert!(self.acct_client.buffered() <= BUFFER);
            assert!(self.acct_server.len() <= CAP);
        }

        fn deliver(&mut self, to: To, bytes: &[u8], verdict: Verdict, can_store: bool) {
            let Ok(msg) = Message::new_checked(bytes) else {
                return;
            };
            let now = self.now;
            let is_req = msg.flags().is_request();
            let _ = match to {
                To::Client => {
                    let input = if is_req {
                        AuthClientInput::Request(msg)
                    } else {
                        AuthClientInput::Answer {
                            msg,
                            disposition: Disposition::Provide,
                        }
                    };
                    self.client.handle(now, input)
                }
                To::Server => {
                    let input = if is_req && msg.command_code() == CommandCode::AA {
                        AuthServerInput::AuthRequest { msg, verdict }
                    } else if is_req {
                        AuthServerInput::Request(msg)
                    } else {
                        AuthServerInput::Answer(msg)
                    };
                    self.server.handle(now, input)
                }
                To::AcctClient => self.acct_client.handle(now, AcctClientInput::Answer(msg)),
                To::AcctServer => self
                    .acct_server
                    .handle(now, AcctServerInput::Request { msg, can_store }),
            };
        }

        fn send_failed(&mut self, to: To, bytes: &[u8]) {
            let Ok(msg) = Message::new_checked(bytes) else {
                return;
            };
            let a = SessionAvps::scan(&msg);
            let Some(sid) = a.session_id else { return };
            let now = self.now;
            let _ = match to {
                To::Server => self.client.handle(
                    now,
                    AuthClientInput::SendFailed {
                        session_id: sid,
                        command: msg.command_code(),
                    },
                ),
                To::Client => self.server.handle(
                    now,
                    AuthServerInput::SendFailed {
                        session_id: sid,
                        command: msg.command_code(),
                    },
                ),
                To::AcctServer => self.acct_client.handle(
                    now,
                    AcctClientInput::SendFailed {
                        session_id: sid,
                        record_number: a.accounting_record_number.unwrap_or(0),
                    },
                ),
                To::AcctClient => Ok(()),
            };
        }
    }

    fn pick<T: Copy>(v: &[T], b: u8) -> Option<T> {
        if v.is_empty() {
            None
        } else {
            v.get(usize::from(b) % v.len()).copied()
        }
    }

    fn verdict(b: u8, c: u8) -> Verdict {
        let opt = |x: u8| {
            if x & 0x80 != 0 {
                None
            } else {
                Some(u32::from(x & 0x3f))
            }
        };
        match b % 4 {
            0 => Verdict::Reject(ResultCode(u32::from(c) * 17 + 2000)),
            1 => Verdict::Grant(Grant {
                state: AuthSessionState::NoStateMaintained,
                ..Grant::default()
            }),
            _ => Verdict::Grant(Grant {
                state: AuthSessionState::StateMaintained,
                authorization_lifetime: opt(c),
                auth_grace_period: opt(c.rotate_left(3)),
                session_timeout: opt(c.rotate_left(5)),
                re_auth_request_type: u32::from(c & 1),
            }),
        }
    }

    pub(super) fn run(data: &[u8]) {
        let _ = run_world(data);
    }

    fn run_world(data: &[u8]) -> World {
        let mut w = World::new();
        let mut input = Bytes(data);
        let mut steps = 0;
        while let Some(op) = input.u8() {
            steps += 1;
            if steps > 2000 {
                break;
            }
            let a = input.u8().unwrap_or(0);
            let now = w.now;
            match op % 16 {
                0 => {
                    let hint = if a & 1 == 0 {
                        AuthSessionState::StateMaintained
                    } else {
                        AuthSessionState::NoStateMaintained
                    };
                    if let Ok(s) = w.client.request_access(now, None, hint) {
                        if w.client_sids.len() < 16 {
                            w.client_sids.push(s);
                        }
                    }
                }
                1 => {
                    if let Some(s) = pick(&w.client_sids, a) {
                        let _ =
                            w.client
                                .terminate(now, s.as_bytes(), TerminationCause(u32::from(a)));
                    }
                }
                2 => {
                    if let Some(s) = pick(&w.client_sids, a) {
                        let _ = w.client.send_auth_request(now, s.as_bytes());
                    }
                }
                3 => {
                    if let Some(s) = pick(&w.server_sids, a) {
                        let _ = w.server.reauth(now, s.as_bytes(), u32::from(a & 1));
                    }
                }
                4 => {
                    if let Some(s) = pick(&w.server_sids, a) {
                        let _ = w.server.abort(now, s.as_bytes());
                    }
                }
                5 => {
                    if let Ok(s) = w.acct_client.start(now, None, u64::from(a)) {
                        if w.acct_sids.len() < 16 {
                            w.acct_sids.push(s);
                        }
                    }
                }
                6 => {
                    if let Some(s) = pick(&w.acct_sids, a) {
                        let _ = w.acct_client.stop(now, s.as_bytes(), 0);
                    }
                }
                7 => {
                    if let Some(s) = pick(&w.acct_sids, a) {
                        let _ = w.acct_client.interim(now, s.as_bytes(), 0);
                    }
                }
                8 => {
                    if let Ok(s) = w.acct_client.event(now, None, 0) {
                        if w.acct_sids.len() < 16 {
                            w.acct_sids.push(s);
                        }
                    }
                }
                9..=11 => {
                    // Deliver the next message (most common operation).
                    let b = input.u8().unwrap_or(0);
                    if let Some((to, bytes)) = w.queue.pop_front() {
                        w.deliver(to, &bytes, verdict(a, b), a & 0x40 == 0);
                    }
                }
                12 => {
                    // Lose the next message; sometimes the peer layer says so.
                    if let Some((to, bytes)) = w.queue.pop_front() {
                        if a & 1 == 0 {
                            w.send_failed(to, &bytes);
                        }
                    }
                }
                13 => {
                    // Advance time: by a few seconds, or to the next deadline.
                    let next = [
                        w.client.poll_timeout(),
                        w.server.poll_timeout(),
                        w.acct_client.poll_timeout(),
                        w.acct_server.poll_timeout(),
                    ]
                    .into_iter()
                    .flatten()
                    .min();
                    w.now = match (a & 0x80 != 0, next) {
                        (true, Some(t)) => t.max(w.now),
                        _ => w.now + Duration::from_secs(u64::from(a & 0x7f)),
                    };
                    let t = w.now;
                    w.client.handle_timeout(t);
                    w.server.handle_timeout(t);
                    w.acct_client.handle_timeout(t);
                    w.acct_server.handle_timeout(t);
                    // Nothing is left due: a deadline at `t` after
                    // handle_timeout(t) would make the caller spin.
                    for d in [
                        w.client.poll_timeout(),
                        w.server.poll_timeout(),
                        w.acct_client.poll_timeout(),
                        w.acct_server.poll_timeout(),
                    ]
                    .into_iter()
                    .flatten()
                    {
                        assert!(d > t, "a timer is still due after handle_timeout");
                    }
                }
                14 => {
                    // Raw fuzzer bytes as a received message.
                    let len = usize::from(input.u8().unwrap_or(0)) * 4;
                    let raw = input.take(len).to_vec();
                    let to = match a % 4 {
                        0 => To::Client,
                        1 => To::Server,
                        2 => To::AcctClient,
                        _ => To::AcctServer,
                    };
                    w.deliver(to, &raw, verdict(a >> 2, a), true);
                }
                _ => {
                    let _ = w.acct_client.handle(now, AcctClientInput::ServerReachable);
                }
            }
            w.pump();
            w.check();
        }
        w
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        /// The seeds do what their names say (so the corpus reaches the
        /// machines' interesting states, not just the parser).
        #[test]
        fn seeds_reach_their_scenarios() {
            let w = run_world(&[0, 0, 9, 2, 0x80, 9, 2, 0x80, 1, 0, 9, 2, 0x80, 9, 2, 0x80]);
            let (c, s) = (w.client.stats(), w.server.stats());
            assert_eq!((c.sessions_up, c.sessions_down, c.str_sent), (1, 1, 1));
            assert_eq!((s.sessions_up, s.str_received), (1, 1));
            let mut ops = alloc::vec![0, 0, 9, 2, 0x80, 9, 2, 0x80, 3, 0];
            for _ in 0..4 {
                ops.extend_from_slice(&[9, 2, 0x80]);
            }
            ops.extend_from_slice(&[4, 0]);
            for _ in 0..6 {
                ops.extend_from_slice(&[9, 2, 0x80]);
            }
            let w = run_world(&ops);
            let (c, s) = (w.client.stats(), w.server.stats());
            assert_eq!(
                (c.rar_received, c.asr_received, s.rar_sent, s.asr_sent),
                (1, 1, 1, 1)
            );
            assert!(
                w.client.is_empty() && w.server.is_empty(),
                "{c:?} {s:?} {}",
                w.queue.len()
            );
            let mut ops = alloc::vec![
                5, 0, 12, 0, 5, 1, 12, 0, 13, 0x80, 12, 0, 13, 0x80, 12, 0, 6, 0, 15, 0
            ];
            for _ in 0..10 {
                ops.extend_from_slice(&[9, 0, 0]);
            }
            let w = run_world(&ops);
            let a = w.acct_client.stats();
            assert!(a.stored >= 2 && a.flushed >= 1, "{a:?}");
        }
    }
}
