//! Fuzz body for the Diameter router: a routing table and a peer set
//! decoded from the first bytes, then a request (the rest) routed,
//! answered, relayed and its answer mapped back.
//!
//! Layout: byte 0 = number of routes (mod 8); per route 4 bytes (realm
//! length mod 8, then that many realm bytes follow the 4; action; app;
//! server bitmap over the 4 fixed peer names); byte = up-peer bitmap; the
//! rest is the request.
//!
//! Invariants:
//! * no panic;
//! * a forwarded request re-parses, keeps every original byte except the
//!   Message Length and the Hop-by-Hop Identifier, and ends with one
//!   Route-Record holding our identity;
//! * every Reject/Redirect answer re-parses with E set and the request's
//!   identifiers;
//! * a relayed request's answer gets the original Hop-by-Hop back.

use crate::diameter::answer::Identity;
use crate::diameter::router::{
    forward, route_request, Action, Decision, RedirectPolicy, Relay, Route, RoutingTable,
};
use crate::diameter::wire::{ApplicationId, AvpCode, Message, HEADER_LEN};
use crate::time::Instant;

const PEERS: [&[u8]; 4] = [b"a.x", b"b.x", b"relay.mid.net", b"c.y"];
const ME: Identity<'static> = Identity {
    origin_host: "relay.mid.net",
    origin_realm: "mid.net",
};

/// The `diameter_router` fuzz body.
pub fn diameter_router(data: &[u8]) {
    let (table, up, request) = decode(data);
    let is_up = |h: &[u8], _: ApplicationId| {
        PEERS
            .iter()
            .enumerate()
            .any(|(i, p)| up & (1 << i) != 0 && p.eq_ignore_ascii_case(h))
    };
    let Ok(m) = Message::new_checked(request) else {
        return;
    };
    let Ok(decision) = route_request(&m, &ME, &table, Instant::ZERO, &is_up) else {
        return;
    };
    let bytes = m.as_bytes();
    match decision {
        Decision::Local => {}
        Decision::Forward { .. } => check_forward(bytes),
        Decision::Reject { .. } | Decision::Redirect { .. } => {
            let ans = decision
                .answer_to_vec(bytes, &ME, &RedirectPolicy::default())
                .ok()
                .flatten()
                .expect("an answer to a checked request");
            let a = Message::new_checked(&ans[..]).expect("answer re-parses");
            assert!(a.flags().is_error() && !a.flags().is_request());
            assert_eq!(a.hop_by_hop(), m.hop_by_hop());
            assert_eq!(a.end_to_end(), m.end_to_end());
            assert!(a.avps().all(|x| x.is_ok()));
        }
    }
    // Whatever the decision, a relayed request must keep its bytes.
    if m.flags().is_request() {
        check_forward(bytes);
    }
}

fn check_forward(req: &[u8]) {
    let Ok(out) = forward(req, &ME, 0x5a5a_5a5a) else {
        return;
    };
    let f = Message::new_checked(&out[..]).expect("forwarded message re-parses");
    assert_eq!(f.length() as usize, out.len());
    assert_eq!(out[..1], req[..1]);
    assert_eq!(out[4..12], req[4..12]);
    assert_eq!(out[16..req.len()], req[16..]);
    assert_eq!(f.hop_by_hop(), 0x5a5a_5a5a);
    // The appended AVP is the only new one, and it is our Route-Record.
    let tail = crate::diameter::wire::Avps::new(&out[req.len()..], req.len(), 0)
        .map(|a| a.expect("Route-Record parses"))
        .collect::<alloc::vec::Vec<_>>();
    assert_eq!(tail.len(), 1);
    assert_eq!(tail[0].code(), AvpCode::ROUTE_RECORD);
    assert_eq!(tail[0].data(), ME.origin_host.as_bytes());
    // Relay round trip: the answer's Hop-by-Hop is restored.
    let mut relay = Relay::default();
    let Ok(out) = relay.forward(Instant::ZERO, b"peer", req, &ME) else {
        return;
    };
    let mut ans = out[..HEADER_LEN].to_vec();
    ans[1..4].copy_from_slice(&[0, 0, HEADER_LEN as u8]);
    ans[4] &= !0x80;
    let path = relay.answer(&mut ans).expect("mapping found");
    assert_eq!(ans[12..16], req[12..16]);
    assert_eq!(path.from_peer, b"peer");
}

fn decode(data: &[u8]) -> (RoutingTable, u8, &[u8]) {
    let mut t = RoutingTable::new(8);
    let Some((&n, mut rest)) = data.split_first() else {
        return (t, 0, &[]);
    };
    for _ in 0..(n % 8) {
        let Some((hdr, r)) = rest.split_first_chunk::<4>() else {
            break;
        };
        let rlen = usize::from(hdr[0] % 8).min(r.len());
        let (realm, r) = r.split_at(rlen);
        rest = r;
        let action = match hdr[1] % 4 {
            0 => Action::Local,
            1 => Action::Relay,
            2 => Action::Proxy,
            _ => Action::Redirect,
        };
        let app = (hdr[2] != 0xff).then_some(ApplicationId(u32::from(hdr[2] % 8)));
        let mut route = Route::new(realm, app, action);
        for (i, p) in PEERS.iter().enumerate() {
            if hdr[3] & (1 << i) != 0 {
                route = route.server(p);
            }
        }
        if hdr[3] & 0x80 != 0 {
            let _ = t.set_default(Some(route));
        } else {
            let _ = t.insert(route);
        }
    }
    let Some((&up, rest)) = rest.split_first() else {
        return (t, 0, &[]);
    };
    (t, up, rest)
}
