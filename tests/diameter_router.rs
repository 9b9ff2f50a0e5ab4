//! diameter::router: routing table lookups, routing decisions and their
//! answers (3002 3003 3005 3006 3007), loop detection, and the relay
//! (byte-for-byte forwarding, Hop-by-Hop restoration, failover).

use roam::diameter::answer::Identity;
use roam::diameter::peer::{PendingRequest, RequestId};
use roam::diameter::router::{
    forward, reroute_failed_over, route_request, Action, Decision, Miss, RedirectHostUsage,
    RedirectPolicy, Relay, ReturnPath, Route, RoutingTable, TableError,
};
use roam::diameter::wire::{ApplicationId, AvpCode, CommandFlags, Message, ResultCode, VendorId};
use roam::time::Instant;

const ME: Identity<'static> = Identity {
    origin_host: "relay.mid.net",
    origin_realm: "mid.net",
};

/// An Accounting-Request (app 3) from c.ex for realm far.net carrying an
/// unknown non-M AVP and a 3GPP vendor AVP. 100 bytes.
#[rustfmt::skip]
const ACR: [u8; 100] = [
    0x01, 0x00, 0x00, 0x64,             // version 1, length 100
    0xc0, 0x00, 0x01, 0x0f,             // flags R P, command 271 (Accounting)
    0x00, 0x00, 0x00, 0x03,             // Application-Id 3 (base accounting)
    0x11, 0x11, 0x11, 0x11,             // Hop-by-Hop
    0x22, 0x22, 0x22, 0x22,             // End-to-End
    0x00, 0x00, 0x01, 0x07, 0x40, 0x00, 0x00, 0x0a, // Session-Id (263), M, len 10
    b's', b'1', 0x00, 0x00,             //   "s1" + 2 padding
    0x00, 0x00, 0x01, 0x08, 0x40, 0x00, 0x00, 0x0c, // Origin-Host (264), M, len 12
    b'c', b'.', b'e', b'x',             //   "c.ex"
    0x00, 0x00, 0x01, 0x28, 0x40, 0x00, 0x00, 0x0a, // Origin-Realm (296), M, len 10
    b'e', b'x', 0x00, 0x00,             //   "ex" + 2 padding
    0x00, 0x00, 0x01, 0x1b, 0x40, 0x00, 0x00, 0x0f, // Destination-Realm (283), M, len 15
    b'f', b'a', b'r', b'.', b'n', b'e', b't', 0x00, //   "far.net" + 1 padding
    0x00, 0x00, 0x27, 0x0f, 0x00, 0x00, 0x00, 0x0b, // AVP 9999 (unknown), no flags, len 11
    b'a', b'b', b'c', 0x00,             //   "abc" + 1 padding
    0x00, 0x00, 0x00, 0x01, 0x80, 0x00, 0x00, 0x10, // AVP 1, V, len 16
    0x00, 0x00, 0x28, 0xaf,             //   Vendor-Id 10415 (3GPP)
    0xde, 0xad, 0xbe, 0xef,             //   data
];

/// Route-Record (282), M, len 21, "relay.mid.net" + 3 padding: 24 bytes.
#[rustfmt::skip]
const RR_ME: [u8; 24] = [
    0x00, 0x00, 0x01, 0x1a, 0x40, 0x00, 0x00, 0x15,
    b'r', b'e', b'l', b'a', b'y', b'.', b'm', b'i', b'd', b'.', b'n', b'e', b't', 0, 0, 0,
];

/// Destination-Host (293), M, len 17, "srv.far.net" (11) + 1 padding: 20 bytes.
#[rustfmt::skip]
const DH_SRV: [u8; 20] = [
    0x00, 0x00, 0x01, 0x25, 0x40, 0x00, 0x00, 0x13,
    b's', b'r', b'v', b'.', b'f', b'a', b'r', b'.', b'n', b'e', b't', 0,
];

/// Appends whole padded AVPs to a message and fixes its length.
fn with_avps(msg: &[u8], avps: &[&[u8]]) -> Vec<u8> {
    let mut v = msg.to_vec();
    for a in avps {
        v.extend_from_slice(a);
    }
    let n = v.len() as u32;
    v[1..4].copy_from_slice(&n.to_be_bytes()[1..]);
    v
}

fn table() -> RoutingTable {
    let mut t = RoutingTable::new(8);
    t.insert(
        Route::new(
            b"far.net",
            Some(ApplicationId::BASE_ACCOUNTING),
            Action::Relay,
        )
        .server(b"down.far.net")
        .server(b"srv.far.net"),
    )
    .unwrap();
    t.insert(
        Route::new(
            b"acct.only",
            Some(ApplicationId::BASE_ACCOUNTING),
            Action::Relay,
        )
        .server(b"x"),
    )
    .unwrap();
    t.insert(
        Route::new(b"moved.org", None, Action::Redirect)
            .server(b"new1.moved.org")
            .server(b"new2.moved.org"),
    )
    .unwrap();
    t.insert(Route::new(b"mid.net", None, Action::Local))
        .unwrap();
    t
}

fn up(host: &[u8], _app: ApplicationId) -> bool {
    host == b"srv.far.net" || host == b"x" || host == b"peer.direct"
}

fn decide<'a>(req: &'a [u8], t: &'a RoutingTable) -> Decision<'a> {
    let m = Message::new_checked(req).unwrap();
    route_request(&m, &ME, t, Instant::ZERO, &up).unwrap()
}

/// A copy of `ACR` with Destination-Realm's "far.net" replaced by a
/// 7-byte realm.
fn acr_for(realm: &[u8; 7]) -> Vec<u8> {
    let mut v = ACR.to_vec();
    v[64..71].copy_from_slice(realm);
    v
}

/// The top-level AVP (IETF) with this code in a message.
fn avp_data(msg: &[u8], code: AvpCode) -> Option<Vec<u8>> {
    let m = Message::new_checked(msg).unwrap();
    let found = m
        .avps()
        .map(Result::unwrap)
        .find(|a| a.code() == code && a.vendor_id() == VendorId::IETF)
        .map(|a| a.data().to_vec());
    found
}

fn result_code(msg: &[u8]) -> u32 {
    u32::from_be_bytes(
        avp_data(msg, AvpCode::RESULT_CODE)
            .unwrap()
            .try_into()
            .unwrap(),
    )
}

/// Checks an error answer to `req`: Result-Code, E, R clear, identifiers,
/// Session-Id copied, Origin-Host and Error-Reporting-Host = us.
fn check_error_answer(req: &[u8], ans: &[u8], code: ResultCode) {
    let a = Message::new_checked(ans).unwrap();
    let r = Message::new_checked(req).unwrap();
    assert_eq!(result_code(ans), code.0);
    assert!(a.flags().is_error(), "E bit");
    assert!(!a.flags().is_request());
    assert_eq!(a.command_code(), r.command_code());
    assert_eq!(a.hop_by_hop(), r.hop_by_hop());
    assert_eq!(a.end_to_end(), r.end_to_end());
    assert_eq!(avp_data(ans, AvpCode::SESSION_ID).unwrap(), b"s1");
    assert_eq!(
        avp_data(ans, AvpCode::ORIGIN_HOST).unwrap(),
        ME.origin_host.as_bytes()
    );
    assert_eq!(
        avp_data(ans, AvpCode::ERROR_REPORTING_HOST).unwrap(),
        ME.origin_host.as_bytes()
    );
}

fn reject_answer(req: &[u8], d: Decision<'_>) -> Vec<u8> {
    d.answer_to_vec(req, &ME, &RedirectPolicy::default())
        .unwrap()
        .expect("an answer")
}

// ----- routing table ------------------------------------------------------

#[test]
fn table_lookups() {
    let mut t = table();
    t.insert(Route::new(b"far.net", None, Action::Proxy).server(b"any.far.net"))
        .unwrap();
    let acct = ApplicationId::BASE_ACCOUNTING;
    let nas = ApplicationId::NASREQ;
    let now = Instant::ZERO;
    // (realm, app, expected action or miss)
    let cases: &[(&[u8], ApplicationId, Result<Action, Miss>)] = &[
        (b"far.net", acct, Ok(Action::Relay)), // exact key
        (b"FAR.NET", acct, Ok(Action::Relay)), // realm case-insensitive
        (b"far.net", nas, Ok(Action::Proxy)),  // realm wildcard entry
        (b"acct.only", acct, Ok(Action::Relay)),
        (b"acct.only", nas, Err(Miss::ApplicationUnsupported)),
        (b"moved.org", nas, Ok(Action::Redirect)),
        (b"mid.net", acct, Ok(Action::Local)),
        (b"nowhere", acct, Err(Miss::RealmNotServed)),
        (b"far.ne", acct, Err(Miss::RealmNotServed)), // no prefix matching
    ];
    for (realm, app, want) in cases {
        let got = t.lookup(now, realm, *app).map(|r| r.action);
        assert_eq!(got, *want, "{}", String::from_utf8_lossy(realm));
    }
    // The default route catches both kinds of miss.
    t.set_default(Some(Route::new(b"", None, Action::Relay).server(b"dflt")))
        .unwrap();
    assert_eq!(t.lookup(now, b"nowhere", acct).unwrap().servers[0], b"dflt");
    assert_eq!(
        t.lookup(now, b"acct.only", nas).unwrap().servers[0],
        b"dflt"
    );
    // An exact entry still wins over the default.
    assert_eq!(
        t.lookup(now, b"far.net", acct).unwrap().action,
        Action::Relay
    );
}

#[test]
fn dynamic_routes_expire_and_capacity_is_bounded() {
    let mut t = RoutingTable::new(2);
    let exp = Instant::from_secs(10);
    t.insert(
        Route::new(b"a", None, Action::Relay)
            .server(b"p")
            .expiring(exp),
    )
    .unwrap();
    t.insert(Route::new(b"b", None, Action::Local)).unwrap();
    assert_eq!(
        t.insert(Route::new(b"c", None, Action::Local)),
        Err(TableError::Full { capacity: 2 })
    );
    // Replacing an existing key is not an insertion.
    t.insert(Route::new(b"B", None, Action::Proxy)).unwrap();
    assert_eq!(t.len(), 2);
    let app = ApplicationId::NASREQ;
    assert!(t.lookup(Instant::from_secs(9), b"a", app).is_ok());
    assert_eq!(
        t.lookup(exp, b"a", app).unwrap_err(),
        Miss::RealmNotServed,
        "expired entries are ignored"
    );
    assert_eq!(t.expire(exp), 1);
    assert_eq!(t.len(), 1);
    let many = (0..17).fold(Route::new(b"d", None, Action::Relay), |r, _| r.server(b"s"));
    assert!(matches!(
        t.insert(many),
        Err(TableError::TooManyServers { count: 17, max: 16 })
    ));
    assert_eq!(t.remove(b"b", None).unwrap().action, Action::Proxy);
}

// ----- decisions and answers ---------------------------------------------

#[test]
fn relay_route_picks_first_available_server() {
    let t = table();
    // down.far.net is first but not up: srv.far.net is chosen.
    assert_eq!(
        decide(&ACR, &t),
        Decision::Forward {
            peer: b"srv.far.net",
            action: Action::Relay
        }
    );
}

#[test]
fn unable_to_deliver_3002() {
    let t = table();
    let m = Message::new_checked(&ACR[..]).unwrap();
    let nobody = |_: &[u8], _: ApplicationId| false;
    let d = route_request(&m, &ME, &t, Instant::ZERO, &nobody).unwrap();
    assert_eq!(
        d,
        Decision::Reject {
            result_code: ResultCode::UNABLE_TO_DELIVER
        }
    );
    check_error_answer(&ACR, &reject_answer(&ACR, d), ResultCode::UNABLE_TO_DELIVER);
}

#[test]
fn predictive_loop_avoidance_gives_3002() {
    // §6.1.7: the only live server is already in a Route-Record.
    #[rustfmt::skip]
    let rr_srv: [u8; 20] = [
        0x00, 0x00, 0x01, 0x1a, 0x40, 0x00, 0x00, 0x13, // Route-Record, M, len 19
        b's', b'r', b'v', b'.', b'f', b'a', b'r', b'.', b'n', b'e', b't', 0,
    ];
    let req = with_avps(&ACR, &[&rr_srv]);
    let t = table();
    let d = decide(&req, &t);
    assert_eq!(
        d,
        Decision::Reject {
            result_code: ResultCode::UNABLE_TO_DELIVER
        }
    );
}

#[test]
fn realm_not_served_3003() {
    let req = acr_for(b"unk.net");
    let t = table();
    let d = decide(&req, &t);
    assert_eq!(
        d,
        Decision::Reject {
            result_code: ResultCode::REALM_NOT_SERVED
        }
    );
    check_error_answer(&req, &reject_answer(&req, d), ResultCode::REALM_NOT_SERVED);
}

#[test]
fn loop_detected_3005() {
    let req = with_avps(&ACR, &[&RR_ME]);
    let t = table();
    let d = decide(&req, &t);
    assert_eq!(
        d,
        Decision::Reject {
            result_code: ResultCode::LOOP_DETECTED
        }
    );
    check_error_answer(&req, &reject_answer(&req, d), ResultCode::LOOP_DETECTED);
    // Case-insensitive, and a loop even with a Destination-Host for us.
    let mut upper = RR_ME;
    upper[8..13].copy_from_slice(b"RELAY");
    assert_eq!(
        decide(&with_avps(&ACR, &[&upper]), &t),
        Decision::Reject {
            result_code: ResultCode::LOOP_DETECTED
        }
    );
}

#[test]
fn application_unsupported_3007() {
    // acct.only has a route for application 3 only: change the request's
    // application to NASREQ (1).
    let mut req = acr_for(b"acct.on");
    let t = {
        let mut t = table();
        t.insert(
            Route::new(
                b"acct.on",
                Some(ApplicationId::BASE_ACCOUNTING),
                Action::Relay,
            )
            .server(b"x"),
        )
        .unwrap();
        t
    };
    assert!(matches!(
        decide(&req, &t),
        Decision::Forward { peer: b"x", .. }
    ));
    req[8..12].copy_from_slice(&[0, 0, 0, 1]); // Application-Id 1
    let d = decide(&req, &t);
    assert_eq!(
        d,
        Decision::Reject {
            result_code: ResultCode::APPLICATION_UNSUPPORTED
        }
    );
    check_error_answer(
        &req,
        &reject_answer(&req, d),
        ResultCode::APPLICATION_UNSUPPORTED,
    );
}

#[test]
fn redirect_3006_carries_redirect_hosts() {
    let req = acr_for(b"moved.o");
    let mut t = table();
    t.insert(
        Route::new(b"moved.o", None, Action::Redirect)
            .server(b"new1.moved.org")
            .server(b"n2"),
    )
    .unwrap();
    let d = decide(&req, &t);
    assert!(matches!(d, Decision::Redirect { servers } if servers.len() == 2));
    let policy = RedirectPolicy {
        usage: RedirectHostUsage::ALL_REALM,
        max_cache_time: 600,
    };
    let ans = d.answer_to_vec(&req, &ME, &policy).unwrap().unwrap();
    check_error_answer(&req, &ans, ResultCode::REDIRECT_INDICATION);
    let m = Message::new_checked(&ans[..]).unwrap();
    let hosts: Vec<Vec<u8>> = m
        .avps()
        .map(Result::unwrap)
        .filter(|a| a.code() == AvpCode::REDIRECT_HOST)
        .inspect(|a| assert!(a.flags().is_mandatory()))
        .map(|a| a.data().to_vec())
        .collect();
    assert_eq!(
        hosts,
        [b"aaa://new1.moved.org".to_vec(), b"aaa://n2".to_vec()]
    );
    assert_eq!(
        avp_data(&ans, AvpCode::REDIRECT_HOST_USAGE).unwrap(),
        [0, 0, 0, 2]
    );
    assert_eq!(
        avp_data(&ans, AvpCode::REDIRECT_MAX_CACHE_TIME).unwrap(),
        600u32.to_be_bytes()
    );
}

#[test]
fn local_cases() {
    let t = table();
    // Destination-Realm is ours (table LOCAL entry).
    assert_eq!(decide(&acr_for(b"mid.net"), &t), Decision::Local);
    // Our realm without any entry is still local.
    let empty = RoutingTable::default();
    assert_eq!(decide(&acr_for(b"mid.net"), &empty), Decision::Local);
    // Destination-Host names us (case-insensitive), whatever the realm.
    #[rustfmt::skip]
    let dh_me: [u8; 24] = [
        0x00, 0x00, 0x01, 0x25, 0x40, 0x00, 0x00, 0x15, // Destination-Host, M, len 21
        b'R', b'e', b'l', b'a', b'y', b'.', b'm', b'i', b'd', b'.', b'n', b'e', b't', 0, 0, 0,
    ];
    assert_eq!(decide(&with_avps(&ACR, &[&dh_me]), &t), Decision::Local);
    // P bit clear: MUST be processed locally (§3).
    let mut np = ACR;
    np[4] = 0x80;
    assert_eq!(decide(&np, &t), Decision::Local);
    // No Destination-Realm at all.
    let mut no_dr = ACR[..56].to_vec();
    no_dr.extend_from_slice(&ACR[72..]);
    let n = no_dr.len() as u32;
    no_dr[1..4].copy_from_slice(&n.to_be_bytes()[1..]);
    assert_eq!(decide(&no_dr, &t), Decision::Local);
    // Local decisions have no answer.
    assert_eq!(
        Decision::Local
            .answer_to_vec(&ACR, &ME, &RedirectPolicy::default())
            .unwrap(),
        None
    );
}

#[test]
fn destination_host_of_a_connected_peer_is_forwarded_directly() {
    #[rustfmt::skip]
    let dh_direct: [u8; 20] = [
        0x00, 0x00, 0x01, 0x25, 0x40, 0x00, 0x00, 0x13, // Destination-Host, M, len 19
        b'p', b'e', b'e', b'r', b'.', b'd', b'i', b'r', b'e', b'c', b't', 0,
    ];
    let t = table();
    let req = with_avps(&acr_for(b"unk.net"), &[&dh_direct]);
    assert_eq!(
        decide(&req, &t),
        Decision::Forward {
            peer: b"peer.direct",
            action: Action::Relay
        }
    );
    // A Destination-Host that is not connected falls back to the realm.
    let req = with_avps(&ACR, &[&DH_SRV]);
    assert_eq!(
        decide(&req, &t),
        Decision::Forward {
            peer: b"srv.far.net",
            action: Action::Relay
        }
    );
}

#[test]
fn answers_are_not_routed() {
    let mut ans = ACR;
    ans[4] = 0x40;
    let t = table();
    let m = Message::new_checked(&ans[..]).unwrap();
    assert!(route_request(&m, &ME, &t, Instant::ZERO, &up).is_err());
}

// ----- relay ----------------------------------------------------------------

#[test]
fn relay_forwards_byte_for_byte_and_restores_hop_by_hop() {
    let mut relay = Relay::new(4, core::time::Duration::from_secs(5), 0xabcd_0000);
    let out = relay.forward(Instant::ZERO, b"c.ex", &ACR, &ME).unwrap();
    assert_eq!(out.len(), 100 + 24);
    // Header: only the length and the Hop-by-Hop differ.
    assert_eq!(&out[..1], &ACR[..1]);
    assert_eq!(&out[1..4], &[0x00, 0x00, 0x7c]); // 124
    assert_eq!(&out[4..12], &ACR[4..12]);
    assert_eq!(&out[12..16], &[0xab, 0xcd, 0x00, 0x00]);
    assert_eq!(&out[16..20], &ACR[16..20]);
    // Every original AVP, the unknown one and the vendor one included.
    assert_eq!(&out[20..100], &ACR[20..100]);
    assert_eq!(&out[76..88], &ACR[76..88], "unknown non-M AVP 9999");
    assert_eq!(&out[88..100], &ACR[88..100], "3GPP vendor AVP");
    // Then the Route-Record with our identity.
    assert_eq!(&out[100..], &RR_ME);
    let fwd = Message::new_checked(&out[..]).unwrap();
    assert_eq!(fwd.avps().count(), 7);

    // The answer comes back with the relay's Hop-by-Hop.
    #[rustfmt::skip]
    let mut answer: [u8; 32] = [
        0x01, 0x00, 0x00, 0x20, 0x40, 0x00, 0x01, 0x0f, // v1 len 32, P, ACA
        0x00, 0x00, 0x00, 0x03, 0xab, 0xcd, 0x00, 0x00, // app 3, Hop-by-Hop of the relay
        0x22, 0x22, 0x22, 0x22,                         // End-to-End
        0x00, 0x00, 0x01, 0x0c, 0x40, 0x00, 0x00, 0x0c, // Result-Code, M, len 12
        0x00, 0x00, 0x07, 0xd1,                         // 2001
    ];
    let before = answer;
    let path = relay.answer(&mut answer).unwrap();
    assert_eq!(
        path,
        ReturnPath {
            from_peer: b"c.ex".to_vec(),
            hop_by_hop: 0x1111_1111,
            end_to_end: 0x2222_2222
        }
    );
    assert_eq!(&answer[12..16], &[0x11; 4]);
    assert_eq!(&answer[..12], &before[..12]);
    assert_eq!(&answer[16..], &before[16..]);
    // A second copy is unknown.
    answer[12..16].copy_from_slice(&[0xab, 0xcd, 0, 0]);
    assert!(relay.answer(&mut answer).is_none());
    assert_eq!(relay.stats().unknown_answers, 1);
    assert!(relay.is_empty());
}

#[test]
fn relay_table_is_bounded_and_expires() {
    let life = core::time::Duration::from_secs(5);
    let mut relay = Relay::new(2, life, 1);
    relay.forward(Instant::ZERO, b"a", &ACR, &ME).unwrap();
    relay.forward(Instant::ZERO, b"a", &ACR, &ME).unwrap();
    assert!(matches!(
        relay.forward(Instant::ZERO, b"a", &ACR, &ME),
        Err(roam::diameter::router::RelayError::Full { capacity: 2 })
    ));
    assert_eq!(relay.poll_timeout(), Some(Instant::from_secs(5)));
    // After the lifetime the mappings are gone and room is back.
    relay
        .forward(Instant::from_secs(5), b"a", &ACR, &ME)
        .unwrap();
    assert_eq!(relay.len(), 1);
    assert_eq!(relay.stats().expired, 2);
    assert_eq!(relay.stats().refused, 1);
}

#[test]
fn three_nodes_client_relay_server() {
    // client → relay (mid.net) → server (far.net) and back.
    let t = table();
    let mut relay = Relay::default();
    let req = ACR;
    let m = Message::new_checked(&req[..]).unwrap();
    let Decision::Forward { peer, .. } = route_request(&m, &ME, &t, Instant::ZERO, &up).unwrap()
    else {
        panic!("forward expected")
    };
    assert_eq!(peer, b"srv.far.net");
    let on_wire = relay.forward(Instant::ZERO, b"c.ex", &req, &ME).unwrap();
    // The server (far.net) sees a request for its own realm: local.
    let server = Identity {
        origin_host: "srv.far.net",
        origin_realm: "far.net",
    };
    let sm = Message::new_checked(&on_wire[..]).unwrap();
    let empty = RoutingTable::default();
    let d = route_request(&sm, &server, &empty, Instant::ZERO, &up).unwrap();
    assert_eq!(d, Decision::Local);
    assert_eq!(
        roam::diameter::router::route_records(&sm).collect::<Vec<_>>(),
        [b"relay.mid.net".as_slice()]
    );
    // It answers (an error answer is enough to carry the identifiers).
    let mut ans = roam::diameter::answer::ErrorAnswer::new(ResultCode::SUCCESS)
        .to_vec(&on_wire, &server)
        .unwrap();
    let path = relay.answer(&mut ans).unwrap();
    assert_eq!(path.from_peer, b"c.ex");
    let back = Message::new_checked(&ans[..]).unwrap();
    assert_eq!(back.hop_by_hop(), 0x1111_1111);
    assert_eq!(back.end_to_end(), 0x2222_2222);
    assert_eq!(result_code(&ans), 2001);
    // The forwarded request back at the relay is a loop.
    let looped = Message::new_checked(&on_wire[..]).unwrap();
    assert_eq!(
        route_request(&looped, &ME, &t, Instant::ZERO, &up).unwrap(),
        Decision::Reject {
            result_code: ResultCode::LOOP_DETECTED
        }
    );
}

#[test]
fn failover_resends_every_request_with_t_flag() {
    let reqs: Vec<PendingRequest> = (0..5)
        .map(|i| {
            let mut message = ACR.to_vec();
            message[12..16].copy_from_slice(&(100 + i as u32).to_be_bytes());
            PendingRequest {
                id: RequestId(i),
                hop_by_hop: 100 + i as u32,
                end_to_end: 0x2222_2222,
                message,
            }
        })
        .collect();
    let mut got = Vec::new();
    let out = reroute_failed_over(reqs, |bytes: &[u8]| {
        let m = Message::new_checked(bytes).unwrap();
        assert!(m.flags().contains(CommandFlags::RETRANSMIT));
        // The AVPs are untouched.
        assert_eq!(&bytes[20..], &ACR[20..]);
        got.push(m.end_to_end());
        if got.len() == 3 {
            Err("alternate full")
        } else {
            Ok(RequestId(1000 + got.len() as u64))
        }
    });
    assert_eq!(out.sent.len() + out.unsent.len(), 5, "none lost");
    assert_eq!(out.unsent.len(), 1);
    assert_eq!(out.unsent[0].0, RequestId(2));
    assert_eq!(out.unsent[0].1[4] & 0x10, 0x10);
    assert_eq!(
        out.sent.iter().map(|s| s.0 .0).collect::<Vec<_>>(),
        [0, 1, 3, 4]
    );
}

#[test]
fn forward_rejects_answers_and_garbage() {
    let mut ans = ACR;
    ans[4] = 0x40;
    assert!(forward(&ans, &ME, 1).is_err());
    assert!(forward(&ACR[..50], &ME, 1).is_err());
}
