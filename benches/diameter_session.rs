//! Session machine benchmarks (ids `machines/diameter_session/<case>`):
//! whole exchanges through two machines in memory, every message written
//! into a reused buffer with `Outgoing::write_to` and parsed back.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use roam::diameter::session::*;
use roam::diameter::wire::{ApplicationId, CommandCode, Message};
use roam::machine::Machine;
use roam::time::Instant;

fn local(h: &str, r: &str) -> Local {
    Local::new(h, r).expect("short names")
}

fn auth_pair(max: usize) -> (AuthClient, AuthServer) {
    let mut cc = AuthClientConfig::new(
        local("nas.example.net", "example.net"),
        IdentityBuf::new("example.com").unwrap(),
        ApplicationId::NASREQ,
        CommandCode::AA,
    );
    cc.max_sessions = max;
    let mut sc = AuthServerConfig::new(
        local("aaa.example.com", "example.com"),
        ApplicationId::NASREQ,
    );
    sc.max_sessions = max;
    (AuthClient::new(cc), AuthServer::new(sc))
}

const GRANT: Verdict = Verdict::Grant(Grant {
    state: AuthSessionState::StateMaintained,
    authorization_lifetime: Some(3600),
    auth_grace_period: Some(60),
    session_timeout: None,
    re_auth_request_type: 0,
});

/// Moves every queued message across until both machines are quiet.
fn exchange(c: &mut AuthClient, s: &mut AuthServer, buf: &mut [u8], now: Instant) -> usize {
    let cl = c.config().local;
    let sl = s.config().local;
    let mut n = 0;
    loop {
        let mut any = false;
        while let Some(e) = c.poll_event() {
            if let AuthClientEvent::Transmit(o) = e {
                let len = o.write_to(&cl, buf).unwrap();
                let m = Message::new_checked(&buf[..len]).unwrap();
                let input = if m.command_code() == CommandCode::AA {
                    AuthServerInput::AuthRequest {
                        msg: m,
                        verdict: GRANT,
                    }
                } else {
                    AuthServerInput::Request(m)
                };
                s.handle(now, input).unwrap();
                n += 1;
                any = true;
            }
        }
        while let Some(e) = s.poll_event() {
            if let AuthServerEvent::Transmit(o) = e {
                let len = o.write_to(&sl, buf).unwrap();
                let m = Message::new_checked(&buf[..len]).unwrap();
                let input = if m.flags().is_request() {
                    AuthClientInput::Request(m)
                } else {
                    AuthClientInput::Answer {
                        msg: m,
                        disposition: Disposition::Provide,
                    }
                };
                c.handle(now, input).unwrap();
                n += 1;
                any = true;
            }
        }
        if !any {
            return n;
        }
    }
}

fn auth(c: &mut Criterion) {
    let mut g = c.benchmark_group("machines/diameter_session");
    g.throughput(Throughput::Elements(4));
    // One session: request/answer, then logoff STR/STA (4 messages).
    g.bench_function("auth_lifecycle", |b| {
        let mut buf = vec![0u8; 4096];
        b.iter_batched_ref(
            || auth_pair(16),
            |(c, s)| {
                let now = Instant::from_secs(1);
                let sid = c
                    .request_access(now, None, AuthSessionState::StateMaintained)
                    .unwrap();
                exchange(c, s, &mut buf, now);
                c.terminate(now, sid.as_bytes(), TerminationCause::LOGOUT)
                    .unwrap();
                black_box(exchange(c, s, &mut buf, now));
            },
            BatchSize::SmallInput,
        );
    });
    // The same lifecycle with 1000 other sessions open on both sides.
    g.bench_function("auth_lifecycle_1000_open", |b| {
        let mut buf = vec![0u8; 4096];
        let (mut c, mut s) = auth_pair(2000);
        let now = Instant::from_secs(1);
        for _ in 0..1000 {
            c.request_access(now, None, AuthSessionState::StateMaintained)
                .unwrap();
        }
        exchange(&mut c, &mut s, &mut buf, now);
        b.iter(|| {
            let sid = c
                .request_access(now, None, AuthSessionState::StateMaintained)
                .unwrap();
            exchange(&mut c, &mut s, &mut buf, now);
            c.terminate(now, sid.as_bytes(), TerminationCause::LOGOUT)
                .unwrap();
            black_box(exchange(&mut c, &mut s, &mut buf, now));
            black_box(c.poll_timeout());
        });
    });
    g.finish();
}

fn acct(c: &mut Criterion) {
    let mut g = c.benchmark_group("machines/diameter_session");
    g.throughput(Throughput::Elements(2));
    // One INTERIM record: timer → ACR → ACA (2 messages).
    g.bench_function("acct_interim", |b| {
        let mut ac = AcctClientConfig::new(
            local("nas.example.net", "example.net"),
            IdentityBuf::new("example.com").unwrap(),
        );
        ac.interim_interval = Some(60);
        ac.interim_jitter_percent = 0;
        let mut client = AcctClient::new(ac);
        let mut server = AcctServer::new(AcctServerConfig::new(local(
            "aaa.example.com",
            "example.com",
        )));
        let (cl, sl) = (client.config().local, server.config().local);
        let mut buf = vec![0u8; 4096];
        let mut now = Instant::from_secs(1);
        client.start(now, None, 0).unwrap();
        let mut pump = |client: &mut AcctClient, server: &mut AcctServer, now: Instant| {
            while let Some(e) = client.poll_event() {
                if let AcctClientEvent::Transmit(o) = e {
                    let len = o.write_to(&cl, &mut buf).unwrap();
                    let m = Message::new_checked(&buf[..len]).unwrap();
                    server
                        .handle(
                            now,
                            AcctServerInput::Request {
                                msg: m,
                                can_store: true,
                            },
                        )
                        .unwrap();
                    while let Some(e) = server.poll_event() {
                        if let AcctServerEvent::Transmit(o) = e {
                            let mut abuf = [0u8; 512];
                            let len = o.write_to(&sl, &mut abuf).unwrap();
                            let m = Message::new_checked(&abuf[..len]).unwrap();
                            client.handle(now, AcctClientInput::Answer(m)).unwrap();
                        }
                    }
                }
            }
        };
        pump(&mut client, &mut server, now);
        b.iter(|| {
            now = client.poll_timeout().unwrap();
            client.handle_timeout(now);
            pump(&mut client, &mut server, now);
        });
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().measurement_time(Duration::from_secs(3));
    targets = auth, acct
}
criterion_main!(benches);
