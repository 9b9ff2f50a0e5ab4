//! Shared helpers of the session tests: configurations, message makers and
//! a bounded two-machine driver.
#![allow(dead_code)]

use core::time::Duration;

use roam::diameter::session::*;
use roam::diameter::wire::{
    ApplicationId, AvpCode, AvpHeader, CommandCode, CommandFlags, Message, MessageBuilder,
    ResultCode,
};
use roam::machine::Machine;
use roam::time::Instant;

pub const NAS: &str = "nas.example.net";
pub const AAA: &str = "aaa.example.com";

pub fn local(host: &str, realm: &str) -> Local {
    Local::new(host, realm).expect("short names")
}

pub fn client_cfg() -> AuthClientConfig {
    let mut c = AuthClientConfig::new(
        local(NAS, "example.net"),
        IdentityBuf::new("example.com").unwrap(),
        ApplicationId::NASREQ,
        CommandCode::AA,
    );
    c.session_id_high = 1_876_543_210;
    c.end_to_end_seed = 0x1000;
    c.request_timeout = Duration::from_secs(10);
    c
}

pub fn server_cfg() -> AuthServerConfig {
    let mut c = AuthServerConfig::new(local(AAA, "example.com"), ApplicationId::NASREQ);
    c.request_timeout = Duration::from_secs(10);
    c
}

pub fn acct_client_cfg() -> AcctClientConfig {
    let mut c = AcctClientConfig::new(
        local(NAS, "example.net"),
        IdentityBuf::new("example.com").unwrap(),
    );
    c.request_timeout = Duration::from_secs(10);
    c.flush_retry_interval = Duration::from_secs(20);
    c.session_id_high = 7;
    c
}

pub fn acct_server_cfg(mode: AcctServerMode) -> AcctServerConfig {
    let mut c = AcctServerConfig::new(local(AAA, "example.com"));
    c.mode = mode;
    c
}

/// Writes an outgoing message with its sender's identity.
pub fn wire(out: &Outgoing, me: &Local) -> Vec<u8> {
    let v = out.to_vec(me);
    Message::new_checked(&v[..]).expect("emitted message parses");
    v
}

pub fn msg(b: &[u8]) -> Message<&[u8]> {
    Message::new_checked(b).expect("valid test message")
}

/// An answer to `req` (as bytes) with `rc` and extra Unsigned32 AVPs.
pub fn answer(req: &[u8], from: &Local, rc: ResultCode, extra: &[(AvpCode, u32)]) -> Vec<u8> {
    let r = msg(req);
    let sid = session_id_of(req);
    let mut buf = vec![0u8; 1024];
    let mut b = MessageBuilder::new(
        &mut buf,
        r.flags() & CommandFlags::PROXIABLE,
        r.command_code(),
        r.application_id(),
        r.hop_by_hop(),
        r.end_to_end(),
    );
    b.octets(AvpHeader::mandatory(AvpCode::SESSION_ID), &sid)
        .u32(AvpHeader::mandatory(AvpCode::RESULT_CODE), rc.0)
        .str(
            AvpHeader::mandatory(AvpCode::ORIGIN_HOST),
            from.origin_host.as_str().unwrap(),
        )
        .str(
            AvpHeader::mandatory(AvpCode::ORIGIN_REALM),
            from.origin_realm.as_str().unwrap(),
        );
    for (c, v) in extra {
        b.u32(AvpHeader::mandatory(*c), *v);
    }
    // Echo the accounting record type/number of an ACR.
    let a = SessionAvps::scan(&r);
    if r.command_code() == CommandCode::ACCOUNTING {
        if let Some(t) = a.accounting_record_type {
            b.u32(AvpHeader::mandatory(AvpCode::ACCOUNTING_RECORD_TYPE), t);
        }
        if let Some(n) = a.accounting_record_number {
            b.u32(AvpHeader::mandatory(AvpCode::ACCOUNTING_RECORD_NUMBER), n);
        }
    }
    let n = b.finish().unwrap();
    buf.truncate(n);
    buf
}

/// A request (RAR, ASR, STR, ACR, auth request) with a Session-Id.
pub fn request(
    cmd: CommandCode,
    app: ApplicationId,
    sid: &[u8],
    from: &Local,
    extra: &[(AvpCode, u32)],
) -> Vec<u8> {
    let mut buf = vec![0u8; 1024];
    let mut b = MessageBuilder::new(
        &mut buf,
        CommandFlags::REQUEST | CommandFlags::PROXIABLE,
        cmd,
        app,
        0x77,
        0x88,
    );
    b.octets(AvpHeader::mandatory(AvpCode::SESSION_ID), sid)
        .str(
            AvpHeader::mandatory(AvpCode::ORIGIN_HOST),
            from.origin_host.as_str().unwrap(),
        )
        .str(
            AvpHeader::mandatory(AvpCode::ORIGIN_REALM),
            from.origin_realm.as_str().unwrap(),
        );
    for (c, v) in extra {
        b.u32(AvpHeader::mandatory(*c), *v);
    }
    let n = b.finish().unwrap();
    buf.truncate(n);
    buf
}

pub fn session_id_of(b: &[u8]) -> Vec<u8> {
    SessionAvps::scan(&msg(b))
        .session_id
        .expect("has Session-Id")
        .to_vec()
}

pub fn result_code_of(b: &[u8]) -> Option<ResultCode> {
    SessionAvps::scan(&msg(b)).result_code
}

/// Drains a machine's events.
pub fn drain<M: Machine>(m: &mut M) -> Vec<M::Event> {
    let mut v = Vec::new();
    while let Some(e) = m.poll_event() {
        v.push(e);
        assert!(v.len() < 10_000, "event queue does not drain");
    }
    v
}

pub fn transmits_c(ev: &[AuthClientEvent]) -> Vec<Outgoing> {
    ev.iter()
        .filter_map(|e| match e {
            AuthClientEvent::Transmit(o) => Some(*o),
            _ => None,
        })
        .collect()
}

pub fn transmits_s(ev: &[AuthServerEvent]) -> Vec<Outgoing> {
    ev.iter()
        .filter_map(|e| match e {
            AuthServerEvent::Transmit(o) => Some(*o),
            _ => None,
        })
        .collect()
}

pub fn transmits_ac(ev: &[AcctClientEvent]) -> Vec<Outgoing> {
    ev.iter()
        .filter_map(|e| match e {
            AcctClientEvent::Transmit(o) => Some(*o),
            _ => None,
        })
        .collect()
}

pub fn transmits_as(ev: &[AcctServerEvent]) -> Vec<Outgoing> {
    ev.iter()
        .filter_map(|e| match e {
            AcctServerEvent::Transmit(o) => Some(*o),
            _ => None,
        })
        .collect()
}

/// Client ↔ server in memory, over a virtual clock, for both the auth and
/// the accounting machines. Messages in flight are delivered in order;
/// `link_up = false` turns every request into a "failure to send".
pub struct Pair {
    pub now: Instant,
    pub client: AuthClient,
    pub server: AuthServer,
    pub acct_client: AcctClient,
    pub acct_server: AcctServer,
    pub verdict: Verdict,
    pub link_up: bool,
    pub client_log: Vec<AuthClientEvent>,
    pub server_log: Vec<AuthServerEvent>,
    pub acct_client_log: Vec<AcctClientEvent>,
    pub acct_server_log: Vec<AcctServerEvent>,
    /// Bytes sent, in order, for inspection.
    pub wire_log: Vec<Vec<u8>>,
    to_server: Vec<Vec<u8>>,
    to_client: Vec<Vec<u8>>,
    to_acct_server: Vec<Vec<u8>>,
    to_acct_client: Vec<Vec<u8>>,
}

impl Pair {
    pub fn new(verdict: Verdict) -> Pair {
        Pair {
            now: Instant::from_secs(1000),
            client: AuthClient::new(client_cfg()),
            server: AuthServer::new(server_cfg()),
            acct_client: AcctClient::new(acct_client_cfg()),
            acct_server: AcctServer::new(acct_server_cfg(AcctServerMode::Stateful)),
            verdict,
            link_up: true,
            client_log: Vec::new(),
            server_log: Vec::new(),
            acct_client_log: Vec::new(),
            acct_server_log: Vec::new(),
            wire_log: Vec::new(),
            to_server: Vec::new(),
            to_client: Vec::new(),
            to_acct_server: Vec::new(),
            to_acct_client: Vec::new(),
        }
    }

    fn pump_events(&mut self) -> bool {
        let mut any = false;
        let cl = self.client.config().local;
        let sl = self.server.config().local;
        let al = self.acct_client.config().local;
        let asl = self.acct_server.config().local;
        for e in drain(&mut self.client) {
            any = true;
            if let AuthClientEvent::Transmit(o) = &e {
                let b = wire(o, &cl);
                self.wire_log.push(b.clone());
                if o.is_request() && !self.link_up {
                    self.client
                        .handle(
                            self.now,
                            AuthClientInput::SendFailed {
                                session_id: o.session_id.as_bytes(),
                                command: o.command,
                            },
                        )
                        .unwrap();
                } else {
                    self.to_server.push(b);
                }
            }
            self.client_log.push(e);
        }
        for e in drain(&mut self.server) {
            any = true;
            if let AuthServerEvent::Transmit(o) = &e {
                let b = wire(o, &sl);
                self.wire_log.push(b.clone());
                if o.is_request() && !self.link_up {
                    self.server
                        .handle(
                            self.now,
                            AuthServerInput::SendFailed {
                                session_id: o.session_id.as_bytes(),
                                command: o.command,
                            },
                        )
                        .unwrap();
                } else {
                    self.to_client.push(b);
                }
            }
            self.server_log.push(e);
        }
        for e in drain(&mut self.acct_client) {
            any = true;
            if let AcctClientEvent::Transmit(o) = &e {
                let b = wire(o, &al);
                self.wire_log.push(b.clone());
                if !self.link_up {
                    self.acct_client
                        .handle(
                            self.now,
                            AcctClientInput::SendFailed {
                                session_id: o.session_id.as_bytes(),
                                record_number: o.avps.accounting_record_number.unwrap(),
                            },
                        )
                        .unwrap();
                } else {
                    self.to_acct_server.push(b);
                }
            }
            self.acct_client_log.push(e);
        }
        for e in drain(&mut self.acct_server) {
            any = true;
            if let AcctServerEvent::Transmit(o) = &e {
                let b = wire(o, &asl);
                self.wire_log.push(b.clone());
                self.to_acct_client.push(b);
            }
            self.acct_server_log.push(e);
        }
        any
    }

    fn deliver(&mut self) -> bool {
        let mut any = false;
        for b in core::mem::take(&mut self.to_server) {
            any = true;
            let m = msg(&b);
            let input = if m.command_code() == CommandCode::AA {
                AuthServerInput::AuthRequest {
                    msg: m,
                    verdict: self.verdict,
                }
            } else if m.flags().is_request() {
                AuthServerInput::Request(m)
            } else {
                AuthServerInput::Answer(m)
            };
            self.server.handle(self.now, input).unwrap();
        }
        for b in core::mem::take(&mut self.to_client) {
            any = true;
            let m = msg(&b);
            let input = if m.flags().is_request() {
                AuthClientInput::Request(m)
            } else {
                AuthClientInput::Answer {
                    msg: m,
                    disposition: Disposition::Provide,
                }
            };
            self.client.handle(self.now, input).unwrap();
        }
        for b in core::mem::take(&mut self.to_acct_server) {
            any = true;
            self.acct_server
                .handle(
                    self.now,
                    AcctServerInput::Request {
                        msg: msg(&b),
                        can_store: true,
                    },
                )
                .unwrap();
        }
        for b in core::mem::take(&mut self.to_acct_client) {
            any = true;
            self.acct_client
                .handle(self.now, AcctClientInput::Answer(msg(&b)))
                .unwrap();
        }
        any
    }

    fn next_deadline(&self) -> Option<Instant> {
        [
            self.client.poll_timeout(),
            self.server.poll_timeout(),
            self.acct_client.poll_timeout(),
            self.acct_server.poll_timeout(),
        ]
        .into_iter()
        .flatten()
        .min()
    }

    /// Exchanges messages until quiet, without advancing time. Fails after
    /// `max_steps` rounds instead of hanging.
    pub fn settle(&mut self, max_steps: usize) {
        for _ in 0..max_steps {
            let a = self.pump_events();
            let b = self.deliver();
            if !a && !b {
                return;
            }
        }
        panic!("pair did not settle within {max_steps} steps");
    }

    /// Settles, then advances the clock to each deadline up to `until`,
    /// settling after each. Fails after `max_steps` timer firings.
    pub fn drive_bounded(&mut self, until: Instant, max_steps: usize) {
        self.settle(100);
        for _ in 0..max_steps {
            let Some(t) = self.next_deadline() else { break };
            assert!(t >= self.now, "deadline {t} before now {}", self.now);
            if t > until {
                break;
            }
            self.now = t;
            self.client.handle_timeout(t);
            self.server.handle_timeout(t);
            self.acct_client.handle_timeout(t);
            self.acct_server.handle_timeout(t);
            self.settle(100);
        }
        if self.next_deadline().is_some_and(|t| t <= until) {
            panic!("drive_bounded: still busy after {max_steps} steps");
        }
        self.now = self.now.max(until);
    }
}
