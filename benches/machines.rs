//! Criterion benches of the sans-IO machines.
//!
//! `machines/diameter_peer/request_answer`: one request/answer round trip
//! through two open Diameter peer machines in memory — A's `send_request`,
//! B receiving it (duplicate-detection cache included), B's `send_answer`,
//! A matching the answer to its pending request. No I/O, no clock reads.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use roam::diameter::peer::{Config, ConnId, Event, Input, Peer};
use roam::diameter::wire::{ApplicationId, Message};
use roam::machine::Machine;
use roam::time::Instant;

struct Seed(u64);

impl rand_core::TryRng for Seed {
    type Error = core::convert::Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        Ok((self.try_next_u64()? >> 32) as u32)
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1442695040888963407);
        Ok(self.0)
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        dst.fill(0x5a);
        Ok(())
    }
}

fn peer(host: &str, seed: u64) -> Peer {
    let mut c = Config::new(host.as_bytes(), b"example");
    c.acct_application_ids.push(ApplicationId::BASE_ACCOUNTING);
    Peer::new(c, 1_700_000_000, &mut Seed(seed)).expect("valid config")
}

/// Shuttles events between A (initiator) and B until both are open.
fn open_pair() -> (Peer, Peer) {
    let now = Instant::ZERO;
    let mut a = peer("client.example", 1);
    let mut b = peer("server.example", 2);
    a.handle(now, Input::Start).unwrap();
    let mut accepted = false;
    for _ in 0..16 {
        while let Some(e) = a.poll_event() {
            match e {
                Event::Connect => a.handle(now, Input::Connected).unwrap(),
                Event::Transmit { bytes, .. } if !accepted => {
                    accepted = true;
                    b.handle(now, Input::Incoming(&bytes)).unwrap();
                }
                Event::Transmit { bytes, .. } => b
                    .handle(
                        now,
                        Input::Received {
                            conn: ConnId::Responder,
                            message: &bytes,
                        },
                    )
                    .unwrap(),
                _ => {}
            }
        }
        while let Some(e) = b.poll_event() {
            if let Event::Transmit { bytes, .. } = e {
                a.handle(
                    now,
                    Input::Received {
                        conn: ConnId::Initiator,
                        message: &bytes,
                    },
                )
                .unwrap();
            }
        }
    }
    assert!(a.is_available() && b.is_available());
    (a, b)
}

fn avp(v: &mut Vec<u8>, code: u32, data: &[u8]) {
    v.extend_from_slice(&code.to_be_bytes()); // AVP Code
    v.push(0x40); // flags: M
    v.extend_from_slice(&((8 + data.len()) as u32).to_be_bytes()[1..]); // AVP Length
    v.extend_from_slice(data);
    while !v.len().is_multiple_of(4) {
        v.push(0); // padding
    }
}

/// An accounting message (271, app 3), hand laid out (RFC 6733 §3, §4.1).
fn accounting(flags: u8, body: &[u8]) -> Vec<u8> {
    let mut m = vec![1]; // version
    m.extend_from_slice(&((20 + body.len()) as u32).to_be_bytes()[1..]); // length
    m.push(flags);
    m.extend_from_slice(&[0, 1, 15]); // command 271
    m.extend_from_slice(&3u32.to_be_bytes()); // application 3
    m.extend_from_slice(&[0; 8]); // hop-by-hop, end-to-end (set per request)
    m.extend_from_slice(body);
    m
}

/// Accounting-Request (RFC 6733 §9.7.1): Session-Id, Origin-Host,
/// Origin-Realm, Destination-Realm, Accounting-Record-Type,
/// Accounting-Record-Number.
fn acr() -> Vec<u8> {
    let mut body = Vec::new();
    avp(&mut body, 263, b"client.example;1;1");
    avp(&mut body, 264, b"client.example");
    avp(&mut body, 296, b"example");
    avp(&mut body, 283, b"example");
    avp(&mut body, 480, &2u32.to_be_bytes());
    avp(&mut body, 485, &0u32.to_be_bytes());
    accounting(0xc0, &body) // R P
}

/// Accounting-Answer (RFC 6733 §9.7.2): Session-Id, Result-Code 2001,
/// Origin-Host, Origin-Realm, Accounting-Record-Type,
/// Accounting-Record-Number.
fn aca() -> Vec<u8> {
    let mut body = Vec::new();
    avp(&mut body, 263, b"client.example;1;1");
    avp(&mut body, 268, &2001u32.to_be_bytes());
    avp(&mut body, 264, b"server.example");
    avp(&mut body, 296, b"example");
    avp(&mut body, 480, &2u32.to_be_bytes());
    avp(&mut body, 485, &0u32.to_be_bytes());
    accounting(0x40, &body) // P
}

fn request_answer(c: &mut Criterion) {
    let mut g = c.benchmark_group("machines/diameter_peer");
    g.throughput(Throughput::Elements(1));
    g.bench_function("request_answer", |bench| {
        let (mut a, mut b) = open_pair();
        let now = Instant::ZERO;
        let mut req = acr();
        let mut ans = aca();
        bench.iter(|| {
            let e2e = a.next_end_to_end();
            Message::new_unchecked(&mut req[..]).set_end_to_end(e2e);
            a.send_request(now, &req).unwrap();
            let Some(Event::Transmit { bytes, .. }) = a.poll_event() else {
                unreachable!()
            };
            b.handle(
                now,
                Input::Received {
                    conn: ConnId::Responder,
                    message: &bytes,
                },
            )
            .unwrap();
            let Some(Event::Request { message }) = b.poll_event() else {
                unreachable!()
            };
            let q = Message::new_checked(&message[..]).unwrap();
            {
                let mut m = Message::new_unchecked(&mut ans[..]);
                m.set_hop_by_hop(q.hop_by_hop());
                m.set_end_to_end(q.end_to_end());
            }
            b.send_answer(now, &ans).unwrap();
            let Some(Event::Transmit { bytes, .. }) = b.poll_event() else {
                unreachable!()
            };
            a.handle(
                now,
                Input::Received {
                    conn: ConnId::Initiator,
                    message: &bytes,
                },
            )
            .unwrap();
            let Some(Event::Answer { id, .. }) = a.poll_event() else {
                unreachable!()
            };
            black_box(id);
        });
    });
    g.finish();
}

criterion_group!(benches, request_answer);
criterion_main!(benches);
