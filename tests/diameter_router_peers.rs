//! diameter::router over real `Peer` machines: requests relayed through a
//! peer are mapped back by `RequestId`, and a peer failing over hands its
//! pending requests to an alternate peer with T set, none lost.

#[path = "diameter_peer_support.rs"]
mod support;

use roam::diameter::answer::Identity;
use roam::diameter::peer::{ConnId, Event, Input, Peer, State};
use roam::diameter::router::{
    reroute_failed_over, route_request, Decision, Relay, Route, RoutingTable,
};
use roam::diameter::wire::{ApplicationId, Message};
use roam::machine::Machine;
use roam::time::Instant;
use support::*;

const ME: Identity<'static> = Identity {
    origin_host: "relay.example",
    origin_realm: "example",
};

/// A peer of ours (we are "relay.example") brought to I-Open with a remote
/// named `remote`.
fn open_peer(remote: &str, seed: u64) -> Peer {
    let mut p = peer("relay.example", seed);
    let now = Instant::ZERO;
    p.handle(now, Input::Start).unwrap();
    p.handle(now, Input::Connected).unwrap();
    let cer = first_tx(&drain(&mut p)).expect("CER sent");
    let cea = cea_from(remote, &cer, 2001, &[3]);
    p.handle(
        now,
        Input::Received {
            conn: ConnId::Initiator,
            message: &cea,
        },
    )
    .unwrap();
    drain(&mut p);
    assert_eq!(p.state(), State::IOpen);
    assert!(p.is_available());
    p
}

fn transmits(p: &mut Peer) -> Vec<Vec<u8>> {
    drain(p)
        .into_iter()
        .filter_map(|e| match e {
            Event::Transmit { bytes, .. } => Some(bytes),
            _ => None,
        })
        .collect()
}

#[test]
fn relay_through_peers_and_fail_over_without_loss() {
    let now = Instant::ZERO;
    let mut primary = open_peer("srv1.far", 1);
    let mut secondary = open_peer("srv2.far", 2);
    let mut table = RoutingTable::default();
    table
        .insert(
            Route::new(b"far", None, roam::diameter::router::Action::Relay)
                .server(b"srv1.far")
                .server(b"srv2.far"),
        )
        .unwrap();
    let mut relay = Relay::default();

    // Five ACRs from a client for realm "far".
    let mut ids = Vec::new();
    for i in 0..5u32 {
        let mut avps = vec![avp(263, b"sess;1")]; // Session-Id
        avps.extend(origin("client.example"));
        avps.push(avp(283, b"far")); // Destination-Realm
        let mut unknown = avp(9999, b"unknown, not M");
        unknown[4] = 0; // clear M: relays keep it byte for byte
        avps.push(unknown);
        avps.push(avp_u32(480, 2)); // Accounting-Record-Type START
        let req = msg(ACR, R | P, 3, 0x100 + i, 0x200 + i, &avps);
        let m = Message::new_checked(&req[..]).unwrap();
        let up = |h: &[u8], _: ApplicationId| h == b"srv1.far" || h == b"srv2.far";
        let d = route_request(&m, &ME, &table, now, &up).unwrap();
        assert!(matches!(
            d,
            Decision::Forward {
                peer: b"srv1.far",
                ..
            }
        ));
        let fwd = roam::diameter::router::forward(&req, &ME, 0).unwrap();
        let id = primary.send_request(now, &fwd).unwrap();
        relay
            .insert(
                now,
                id.0,
                roam::diameter::router::ReturnPath {
                    from_peer: b"client.example".to_vec(),
                    hop_by_hop: 0x100 + i,
                    end_to_end: 0x200 + i,
                },
            )
            .unwrap();
        ids.push(id);
    }
    let sent = transmits(&mut primary);
    assert_eq!(sent.len(), 5);

    // The first is answered by srv1: mapped back by RequestId.
    let mut ans = answer_to("srv1.far", &sent[0], 2001);
    primary
        .handle(
            now,
            Input::Received {
                conn: ConnId::Initiator,
                message: &ans,
            },
        )
        .unwrap();
    let answered = drain(&mut primary)
        .into_iter()
        .find_map(|e| match e {
            Event::Answer { id, answer } => Some((id, answer)),
            _ => None,
        })
        .expect("answer event");
    assert_eq!(answered.0, ids[0]);
    ans = answered.1;
    let path = relay.answer_for(answered.0, &mut ans).unwrap();
    assert_eq!(path.from_peer, b"client.example");
    assert_eq!(Message::new_checked(&ans[..]).unwrap().hop_by_hop(), 0x100);

    // The transport to srv1 dies: four requests fail over.
    primary
        .handle(now, Input::Disconnected(ConnId::Initiator))
        .unwrap();
    let failed = drain(&mut primary)
        .into_iter()
        .find_map(|e| match e {
            Event::FailedOver { requests } => Some(requests),
            _ => None,
        })
        .expect("FailedOver");
    assert_eq!(failed.len(), 4);
    let e2e_before: Vec<u32> = failed.iter().map(|r| r.end_to_end).collect();
    let out = reroute_failed_over(failed, |bytes| secondary.send_request(now, bytes));
    assert!(out.unsent.is_empty());
    assert_eq!(out.sent.len(), 4, "none lost");
    // Re-key the relay mappings to the secondary's handles.
    for (old, new) in &out.sent {
        let path = relay.take(old.0).expect("mapping of a failed-over request");
        relay.insert(now, new.0, path).unwrap();
    }
    let resent = transmits(&mut secondary);
    assert_eq!(resent.len(), 4);
    for (b, e2e) in resent.iter().zip(&e2e_before) {
        let m = Message::new_checked(&b[..]).unwrap();
        assert!(m.flags().is_retransmit(), "T set on failover");
        assert_eq!(m.end_to_end(), *e2e, "End-to-End kept");
        let unknown = m
            .avps()
            .map(Result::unwrap)
            .find(|a| a.code().0 == 9999)
            .expect("unknown AVP forwarded");
        assert_eq!(unknown.flags().bits(), 0);
        assert_eq!(unknown.data(), b"unknown, not M");
    }
    // srv2 answers all four; each goes back with its client Hop-by-Hop.
    let mut back = Vec::new();
    for b in &resent {
        let a = answer_to("srv2.far", b, 2001);
        secondary
            .handle(
                now,
                Input::Received {
                    conn: ConnId::Initiator,
                    message: &a,
                },
            )
            .unwrap();
        for e in drain(&mut secondary) {
            if let Event::Answer { id, mut answer } = e {
                let p = relay.answer_for(id, &mut answer).unwrap();
                back.push(p.hop_by_hop);
                assert_eq!(
                    Message::new_checked(&answer[..]).unwrap().hop_by_hop(),
                    p.hop_by_hop
                );
            }
        }
    }
    back.sort_unstable();
    assert_eq!(back, [0x101, 0x102, 0x103, 0x104]);
    assert!(relay.is_empty());
}
