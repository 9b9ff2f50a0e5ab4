//! Two peer machines talking over an in-memory network with a virtual
//! clock (`Net::drive_bounded`): capabilities exchange, watchdogs for
//! simulated minutes, requests both ways, DPR/DPA, the election race,
//! failover with nothing lost.

#[path = "diameter_peer_support.rs"]
mod support;

use std::time::Duration;

use roam::diameter::peer::{
    CloseReason, ConnId, DisconnectCause, Event, Input, Peer, State, WatchdogState,
};
use roam::diameter::wire::Message;
use roam::machine::Machine;
use support::*;

fn open_pair(a_host: &str, b_host: &str) -> Net {
    let mut net = Net::new(peer(a_host, 11), peer(b_host, 22));
    net.input(Side::A, Input::Start);
    net.settle();
    assert_eq!(net.a.state(), State::IOpen);
    assert_eq!(net.b.state(), State::ROpen);
    assert!(net.a.is_available() && net.b.is_available());
    net
}

fn count(log: &[Event], f: impl Fn(&Event) -> bool) -> usize {
    log.iter().filter(|e| f(e)).count()
}

#[test]
fn connect_watchdog_requests_both_ways_and_dpr() {
    let mut net = open_pair("client.example", "server.example");
    assert_eq!(net.connections(), 1);

    // Ten simulated minutes of idle: watchdogs only, nothing goes down.
    net.run_for(Duration::from_secs(600), 10_000);
    let s = net.a.stats();
    // Either side's Tw (28..32 s) fires and is answered; each DWA or DWR
    // resets the other's timer, so at least 600/32 watchdogs were answered.
    let dw = net.a.stats().dwa_received + net.b.stats().dwa_received;
    assert!(dw >= 600 / 32, "watchdogs answered: {dw}");
    assert_eq!(net.a.watchdog_state(), WatchdogState::Okay);
    assert_eq!(net.b.watchdog_state(), WatchdogState::Okay);
    assert_eq!(count(&net.log_a, |e| matches!(e, Event::Unavailable)), 0);
    assert!(s.dwr_sent >= 1 || net.b.stats().dwr_sent >= 1);

    // Requests both ways, all answered (auto-answer 2001).
    for i in 0..20u32 {
        let e2e = net.a.next_end_to_end();
        net.send_request(Side::A, &acr_from("client.example", 0, e2e));
        let e2e = net.b.next_end_to_end();
        net.send_request(Side::B, &acr_from("server.example", 0, e2e.wrapping_add(i)));
    }
    net.settle();
    for side in [Side::A, Side::B] {
        let answers = count(
            net.log(side),
            |e| matches!(e, Event::Answer { answer, .. } if result_code(answer) == Some(2001)),
        );
        assert_eq!(answers, 20, "{side:?} answers");
        assert_eq!(net.peer(side).pending_requests(), 0);
    }

    // Orderly shutdown: A sends DPR, B answers DPA, A closes.
    net.input(Side::A, Input::Stop(DisconnectCause::REBOOTING));
    net.settle();
    assert_eq!(net.a.state(), State::Closed);
    assert_eq!(net.b.state(), State::Closed);
    assert_eq!(net.connections(), 0);
    assert!(net.log_a.iter().any(|e| matches!(
        e,
        Event::Closed {
            reason: CloseReason::Stopped,
            reconnect_at: None
        }
    )));
    assert!(net.log_b.iter().any(|e| matches!(
        e,
        Event::Closed {
            reason: CloseReason::PeerDisconnected {
                cause: Some(DisconnectCause::REBOOTING)
            },
            ..
        }
    )));
    // Nobody reconnects afterwards.
    net.run_for(Duration::from_secs(120), 1_000);
    assert_eq!(net.a.state(), State::Closed);
}

fn election_race(a_host: &str, b_host: &str) {
    let mut net = Net::new(peer(a_host, 5), peer(b_host, 6));
    // Both start at the same instant; both connects succeed, both CERs
    // cross.
    let now = net.now;
    net.a.handle(now, Input::Start).unwrap();
    net.b.handle(now, Input::Start).unwrap();
    // Pump both before delivering anything, so the race is real.
    net.input(Side::A, Input::Start);
    net.input(Side::B, Input::Start);
    net.settle();
    assert!(
        net.a.is_available() && net.b.is_available(),
        "{:?} / {:?}",
        net.a.state(),
        net.b.state()
    );
    assert_eq!(net.connections(), 1, "one connection survives");
    // The higher Origin-Host keeps its responder connection (§5.6.4), the
    // lower its initiator connection: both ends of the same wire.
    let (hi, lo) = if a_host.to_ascii_lowercase() > b_host.to_ascii_lowercase() {
        (&net.a, &net.b)
    } else {
        (&net.b, &net.a)
    };
    assert_eq!(hi.active_connection(), Some(ConnId::Responder));
    assert_eq!(lo.active_connection(), Some(ConnId::Initiator));
    assert_eq!(hi.stats().elections_won, 1);
    assert!(lo.stats().elections_lost >= 1);
    for p in [&net.a, &net.b] {
        let n = [ConnId::Initiator, ConnId::Responder]
            .into_iter()
            .filter(|c| p.has_connection(*c))
            .count();
        assert_eq!(n, 1);
    }
    // And it works: a request each way.
    net.send_request(Side::A, &acr_from(a_host, 0, 1));
    net.send_request(Side::B, &acr_from(b_host, 0, 2));
    net.settle();
    assert_eq!(count(&net.log_a, |e| matches!(e, Event::Answer { .. })), 1);
    assert_eq!(count(&net.log_b, |e| matches!(e, Event::Answer { .. })), 1);
}

#[test]
fn election_race_higher_origin_host_keeps_responder() {
    election_race("alpha.example", "beta.example");
    election_race("beta.example", "alpha.example");
    election_race("Zeta.example", "yak.example");
}

#[test]
fn failover_hands_back_every_pending_request() {
    const N: u32 = 25;
    let mut net = open_pair("client.example", "server.example");
    net.auto_answer[1] = false; // B swallows requests
    let mut sent = Vec::new();
    for i in 0..N {
        let id = net.send_request(Side::A, &acr_from("client.example", 0, 1000 + i));
        sent.push(id);
    }
    net.settle();
    // B's host dies silently: nothing reaches it any more.
    net.blackhole[1] = true;
    net.run_for(Duration::from_secs(120), 10_000);

    // Every request ends exactly once as answered, failed over or timed
    // out. Request timeout (10 s) is shorter than the watchdog (2 Tw), so
    // here they time out.
    let mut ended: Vec<_> = Vec::new();
    for e in &net.log_a {
        match e {
            Event::Answer { id, .. } => ended.push(*id),
            Event::TimedOut { request } => ended.push(request.id),
            Event::FailedOver { requests } => ended.extend(requests.iter().map(|r| r.id)),
            _ => {}
        }
    }
    ended.sort();
    assert_eq!(ended, sent, "none lost, none duplicated");
    assert!(net.log_a.iter().any(|e| matches!(e, Event::Unavailable)));
}

#[test]
fn failover_then_retransmit_to_alternate_peer() {
    const N: u32 = 10;
    // Request timeout longer than the watchdog, so the watchdog fails over.
    let mut cfg = config("client.example");
    cfg.request_timeout = Duration::from_secs(600);
    let a = Peer::new(cfg.clone(), 1, &mut TestRng(1)).unwrap();
    let mut net = Net::new(a, peer("server.example", 2));
    net.input(Side::A, Input::Start);
    net.settle();
    net.auto_answer[1] = false;
    let mut sent = Vec::new();
    for i in 0..N {
        sent.push(net.send_request(Side::A, &acr_from("client.example", 0, 500 + i)));
    }
    net.settle();
    net.blackhole[1] = true;
    net.run_for(Duration::from_secs(90), 10_000);
    let handed: Vec<_> = net
        .log_a
        .iter()
        .filter_map(|e| match e {
            Event::FailedOver { requests } => Some(requests.clone()),
            _ => None,
        })
        .flatten()
        .collect();
    assert_eq!(handed.iter().map(|r| r.id).collect::<Vec<_>>(), sent);
    assert_eq!(net.a.pending_requests(), 0);

    // The owner re-sends them to an alternate peer, T set.
    let mut alt = open_pair("client.example", "backup.example");
    for r in handed {
        let e2e = r.end_to_end;
        let bytes = r.into_retransmit();
        assert_eq!(Message::new_checked(&bytes[..]).unwrap().end_to_end(), e2e);
        alt.send_request(Side::A, &bytes);
    }
    alt.settle();
    let reqs: Vec<_> = alt
        .log_b
        .iter()
        .filter_map(|e| match e {
            Event::Request { message } => Some(message.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(reqs.len(), N as usize);
    assert!(
        reqs.iter().all(|m| m[4] & T == T),
        "T flag set on retransmissions"
    );
    assert_eq!(
        count(&alt.log_a, |e| matches!(e, Event::Answer { .. })),
        N as usize
    );
}

#[test]
fn reconnect_after_failure_goes_through_reopen() {
    let mut net = open_pair("client.example", "server.example");
    // The link is cut both ways (any message from B would reset A's Tw).
    net.blackhole = [true, true];
    // OKAY → DWR → SUSPECT → DOWN: three Tw expiries (≤ 3 × 32 s).
    net.run_for(Duration::from_secs(100), 10_000);
    assert_eq!(net.a.watchdog_state(), WatchdogState::Down);
    // Whichever watchdog fired first closed the connection.
    let closed_by_watchdog = |log: &[Event]| {
        log.iter().any(|e| {
            matches!(
                e,
                Event::Closed {
                    reason: CloseReason::WatchdogExpired,
                    ..
                }
            )
        })
    };
    assert!(closed_by_watchdog(&net.log_a) || closed_by_watchdog(&net.log_b));
    net.blackhole = [false, false];
    // Tc brings A back; REOPEN validates the connection with three DWAs.
    net.run_for(Duration::from_secs(240), 20_000);
    assert_eq!(
        net.a.watchdog_state(),
        WatchdogState::Okay,
        "A state {:?}",
        net.a.state()
    );
    assert!(net.a.is_available());
    assert_eq!(net.connections(), 1);
    let opens = count(&net.log_a, |e| matches!(e, Event::Open { .. }));
    assert!(opens >= 2);
    // Failback announced once REOPEN passed.
    let last_avail = net
        .log_a
        .iter()
        .rposition(|e| matches!(e, Event::Available));
    let last_open = net
        .log_a
        .iter()
        .rposition(|e| matches!(e, Event::Open { .. }));
    assert!(last_avail > last_open);
    assert!(net.a.stats().dwa_received >= 3);
}

#[test]
fn unreachable_peer_retries_every_tc() {
    let mut net = Net::new(peer("client.example", 1), peer("server.example", 2));
    net.reachable[0] = false;
    net.input(Side::A, Input::Start);
    net.run_for(Duration::from_secs(95), 1_000);
    // t = 0, 30, 60, 90.
    assert_eq!(net.a.stats().connects, 4);
    assert_eq!(net.a.state(), State::Closed);
}
