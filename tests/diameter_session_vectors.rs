//! The session machines' emitted messages against vectors built by an
//! independent encoder (scapy, checked with tshark; see
//! testvectors/diameter_session/README.md), an annotated ACR, and property
//! laws of `Outgoing`.

mod diameter_session_support;

use diameter_session_support::*;
use proptest::prelude::*;
use roam::diameter::session::*;
use roam::diameter::wire::{ApplicationId, CommandCode, CommandFlags, Message, ResultCode};
use roam::machine::Machine;
use roam::time::Instant;

fn vector(name: &str) -> Vec<u8> {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testvectors/diameter_session")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn open_client() -> (AuthClient, SessionId) {
    let mut c = AuthClient::new(client_cfg());
    let sid = c
        .request_access(Instant::ZERO, None, AuthSessionState::StateMaintained)
        .unwrap();
    let aa = wire(&transmits_c(&drain(&mut c))[0], &c.config().local);
    let ans = answer(&aa, &local(AAA, "example.com"), ResultCode::SUCCESS, &[]);
    c.handle(
        Instant::ZERO,
        AuthClientInput::Answer {
            msg: msg(&ans),
            disposition: Disposition::Provide,
        },
    )
    .unwrap();
    let _ = drain(&mut c);
    (c, sid)
}

#[test]
fn str_on_logoff_matches_scapy() {
    let (mut c, sid) = open_client();
    c.terminate(Instant::ZERO, sid.as_bytes(), TerminationCause::LOGOUT)
        .unwrap();
    let out = transmits_c(&drain(&mut c))[0];
    assert_eq!(wire(&out, &c.config().local), vector("str_logoff.bin"));
}

#[test]
fn raa_matches_scapy() {
    let (mut c, sid) = open_client();
    let rar = request(
        CommandCode::RE_AUTH,
        ApplicationId::NASREQ,
        sid.as_bytes(),
        &local(AAA, "example.com"),
        &[],
    );
    c.handle(Instant::ZERO, AuthClientInput::Request(msg(&rar)))
        .unwrap();
    let raa = transmits_c(&drain(&mut c))[0];
    assert_eq!(wire(&raa, &c.config().local), vector("raa_success.bin"));
}

/// ACR START (RFC 6733 §9.7.1), field by field.
#[rustfmt::skip]
const ACR_START: [u8; 148] = [
    0x01, 0x00, 0x00, 0x94,             // version 1, length 148
    0xc0, 0x00, 0x01, 0x0f,             // flags R P, command 271 (Accounting)
    0x00, 0x00, 0x00, 0x03,             // Application-Id 3 (base accounting)
    0x00, 0x00, 0x00, 0x00,             // Hop-by-Hop 0 (assigned by the peer layer)
    0x00, 0x00, 0x00, 0x00,             // End-to-End 0 (the configured seed)
    0x00, 0x00, 0x01, 0x07, 0x40, 0x00, 0x00, 0x1b, // Session-Id (263), M, length 27
    b'n', b'a', b's', b'.', b'e', b'x', b'a', b'm', b'p', b'l', b'e', b'.', b'n', b'e', b't',
    b';', b'7', b';', b'0', 0x00,       // "nas.example.net;7;0" + 1 byte padding
    0x00, 0x00, 0x01, 0x08, 0x40, 0x00, 0x00, 0x17, // Origin-Host (264), M, length 23
    b'n', b'a', b's', b'.', b'e', b'x', b'a', b'm', b'p', b'l', b'e', b'.', b'n', b'e', b't', 0x00,
    0x00, 0x00, 0x01, 0x28, 0x40, 0x00, 0x00, 0x13, // Origin-Realm (296), M, length 19
    b'e', b'x', b'a', b'm', b'p', b'l', b'e', b'.', b'n', b'e', b't', 0x00,
    0x00, 0x00, 0x01, 0x1b, 0x40, 0x00, 0x00, 0x13, // Destination-Realm (283), M, length 19
    b'e', b'x', b'a', b'm', b'p', b'l', b'e', b'.', b'c', b'o', b'm', 0x00,
    0x00, 0x00, 0x01, 0x03, 0x40, 0x00, 0x00, 0x0c, 0x00, 0x00, 0x00, 0x03, // Acct-Application-Id (259) = 3
    0x00, 0x00, 0x01, 0xe0, 0x40, 0x00, 0x00, 0x0c, 0x00, 0x00, 0x00, 0x02, // Accounting-Record-Type (480) = START_RECORD
    0x00, 0x00, 0x01, 0xe5, 0x40, 0x00, 0x00, 0x0c, 0x00, 0x00, 0x00, 0x00, // Accounting-Record-Number (485) = 0
];

#[test]
fn acr_start_matches_annotated_bytes_and_scapy() {
    let mut c = AcctClient::new(acct_client_cfg());
    c.start(Instant::ZERO, None, 0).unwrap();
    let out = transmits_ac(&drain(&mut c))[0];
    let bytes = wire(&out, &c.config().local);
    assert_eq!(bytes, ACR_START);
    assert_eq!(bytes, vector("acr_start.bin"));
    // Deconstruct: what the accounting server reads from it.
    let a = SessionAvps::scan(&Message::new_checked(&ACR_START[..]).unwrap());
    assert_eq!(a.session_id, Some(&b"nas.example.net;7;0"[..]));
    assert_eq!(
        (a.accounting_record_type, a.accounting_record_number),
        (Some(2), Some(0))
    );
}

#[test]
fn short_buffer_reports_the_exact_size() {
    let mut c = AcctClient::new(acct_client_cfg());
    c.start(Instant::ZERO, None, 0).unwrap();
    let out = transmits_ac(&drain(&mut c))[0];
    let me = c.config().local;
    for n in 0..ACR_START.len() {
        let mut buf = vec![0u8; n];
        let e = out.write_to(&me, &mut buf).unwrap_err();
        assert_eq!((e.required, e.available), (ACR_START.len(), n));
    }
    let mut buf = [0u8; 200];
    assert_eq!(out.write_to(&me, &mut buf), Ok(ACR_START.len()));
}

fn opt_u32() -> impl Strategy<Value = Option<u32>> {
    proptest::option::of(any::<u32>())
}

prop_compose! {
    fn outgoing()(
        req in any::<bool>(),
        sid in "[a-z.]{1,40};[0-9]{1,10};[0-9]{1,10}",
        rc in opt_u32(),
        dh in proptest::option::of("[a-z]{1,30}"),
        a in (opt_u32(), opt_u32(), opt_u32(), opt_u32(), opt_u32(), opt_u32(), opt_u32()),
        b in (opt_u32(), opt_u32(), opt_u32(), opt_u32(), opt_u32()),
        ids in (any::<u32>(), any::<u32>()),
    ) -> Outgoing {
        Outgoing {
            command: CommandCode::ACCOUNTING,
            application_id: ApplicationId::BASE_ACCOUNTING,
            flags: if req { CommandFlags::REQUEST | CommandFlags::PROXIABLE } else { CommandFlags::PROXIABLE },
            hop_by_hop: ids.0,
            end_to_end: ids.1,
            session_id: SessionId::new(&sid).unwrap(),
            result_code: rc.map(ResultCode),
            destination_realm: Some(IdentityBuf::new("example.com").unwrap()),
            destination_host: dh.map(|h| IdentityBuf::new(&h).unwrap()),
            avps: OutgoingAvps {
                auth_application_id: a.0.map(ApplicationId),
                acct_application_id: a.1.map(ApplicationId),
                auth_request_type: a.2,
                re_auth_request_type: a.3,
                termination_cause: a.4,
                accounting_record_type: a.5,
                accounting_record_number: a.6,
                auth_session_state: b.0,
                authorization_lifetime: b.1,
                auth_grace_period: b.2,
                session_timeout: b.3,
                acct_interim_interval: b.4,
                accounting_realtime_required: None,
                origin_state_id: None,
            },
            tag: 0,
        }
    }
}

proptest! {
    /// parse(emit(x)) == x for every field the machines read back.
    #[test]
    fn outgoing_round_trips(o in outgoing()) {
        let me = local(NAS, "example.net");
        let bytes = o.to_vec(&me);
        let m = Message::new_checked(&bytes[..]).unwrap();
        prop_assert_eq!(m.check_avps(|_, _| false).is_ok(), true);
        prop_assert_eq!(m.flags(), o.flags);
        prop_assert_eq!((m.hop_by_hop(), m.end_to_end()), (o.hop_by_hop, o.end_to_end));
        let a = SessionAvps::scan(&m);
        prop_assert_eq!(a.session_id, Some(o.session_id.as_bytes()));
        prop_assert_eq!(a.origin_host, Some(NAS.as_bytes()));
        prop_assert_eq!(a.result_code, o.result_code);
        prop_assert_eq!(a.auth_application_id, o.avps.auth_application_id.map(|x| x.0));
        prop_assert_eq!(a.acct_application_id, o.avps.acct_application_id.map(|x| x.0));
        prop_assert_eq!(a.re_auth_request_type, o.avps.re_auth_request_type);
        prop_assert_eq!(a.termination_cause, o.avps.termination_cause);
        prop_assert_eq!(a.accounting_record_type, o.avps.accounting_record_type);
        prop_assert_eq!(a.accounting_record_number, o.avps.accounting_record_number);
        prop_assert_eq!(a.auth_session_state, o.avps.auth_session_state);
        prop_assert_eq!(a.authorization_lifetime, o.avps.authorization_lifetime);
        prop_assert_eq!(a.auth_grace_period, o.avps.auth_grace_period);
        prop_assert_eq!(a.session_timeout, o.avps.session_timeout);
        prop_assert_eq!(a.acct_interim_interval, o.avps.acct_interim_interval);
        // Session-Id first (RFC 6733 §8.8: SHOULD immediately follow the header).
        let first = m.avps().next().unwrap().unwrap();
        prop_assert_eq!(first.code(), roam::diameter::wire::AvpCode::SESSION_ID);
    }

    /// Every strict prefix of an emitted message is refused by the parser.
    #[test]
    fn prefixes_of_emitted_messages_are_truncated(o in outgoing()) {
        let bytes = o.to_vec(&local(NAS, "example.net"));
        for n in 0..bytes.len() {
            let is_truncated = matches!(
                Message::new_checked(&bytes[..n]),
                Err(roam::diameter::wire::Error::Truncated { .. })
            );
            prop_assert!(is_truncated);
        }
    }
}
