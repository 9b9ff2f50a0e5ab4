//! Client ↔ server scenarios through the in-memory driver: every message
//! is written with `Outgoing::write_to`, parsed back and fed to the other
//! machine, with a virtual clock advanced to the earliest deadline.

mod diameter_session_support;

use core::time::Duration;

use diameter_session_support::*;
use roam::diameter::session::*;
use roam::diameter::wire::{CommandCode, ResultCode};
use roam::machine::Machine;
use roam::time::Instant;

fn grant(lifetime: Option<u32>, grace: Option<u32>, timeout: Option<u32>) -> Verdict {
    Verdict::Grant(Grant {
        state: AuthSessionState::StateMaintained,
        authorization_lifetime: lifetime,
        auth_grace_period: grace,
        session_timeout: timeout,
        re_auth_request_type: 0,
    })
}

fn count<T>(log: &[T], f: impl Fn(&T) -> bool) -> usize {
    log.iter().filter(|e| f(e)).count()
}

#[test]
fn lifecycle_with_reauth_interims_and_logoff() {
    let mut p = Pair::new(grant(Some(60), Some(10), Some(600)));
    let t0 = p.now;
    let sid = p
        .client
        .request_access(p.now, None, AuthSessionState::StateMaintained)
        .unwrap();
    p.settle(20);
    assert_eq!(p.client.state(sid.as_bytes()), AuthClientState::Open);
    assert_eq!(p.server.state(sid.as_bytes()), AuthServerState::Open);
    // Accounting on the same Session-Id (RFC 6733 §8: a Session-Id MAY be
    // used for authorization and accounting), interim every 50 s.
    p.acct_client.start(p.now, Some(sid.as_bytes()), 0).unwrap();
    p.acct_client
        .set_interim_interval(p.now, sid.as_bytes(), Some(50))
        .unwrap();
    p.drive_bounded(t0 + Duration::from_secs(130), 100);
    // Lifetime 60 s: re-auth at 60 and 120, both granted.
    assert_eq!(
        count(&p.client_log, |e| matches!(
            e,
            AuthClientEvent::Reauthorized { .. }
        )),
        2
    );
    assert_eq!(
        count(&p.server_log, |e| matches!(
            e,
            AuthServerEvent::Reauthorized { .. }
        )),
        2
    );
    // Interims within (45 s, 50 s] apart: at least 2 in 130 s.
    let interims = count(&p.acct_server_log, |e| {
        matches!(
            e,
            AcctServerEvent::Record {
                record_type: AccountingRecordType::Interim,
                ..
            }
        )
    });
    assert!(interims >= 2, "{interims}");
    // Logoff: STR/STA and STOP.
    p.client
        .terminate(p.now, sid.as_bytes(), TerminationCause::LOGOUT)
        .unwrap();
    p.acct_client.stop(p.now, sid.as_bytes(), 0).unwrap();
    p.settle(20);
    assert!(p.client.is_empty() && p.server.is_empty() && p.acct_client.is_empty());
    assert!(!p.acct_server.is_open(sid.as_bytes()));
    let down = p.client_log.iter().rev().find_map(|e| match e {
        AuthClientEvent::SessionDown {
            initiator, reason, ..
        } => Some((*initiator, *reason)),
        _ => None,
    });
    assert_eq!(down, Some((Initiator::Caller, DownReason::Terminated)));
    // The server saw every record once and in sequence.
    let st = p.acct_server.stats();
    assert_eq!((st.duplicates, st.gaps, st.late), (0, 0, 0));
    assert_eq!(
        p.acct_server.highest_record_number(sid.as_bytes()),
        Some(interims as u32 + 1)
    );
}

#[test]
fn server_initiated_reauth_rar_raa_then_auth_request() {
    let mut p = Pair::new(grant(None, None, None));
    let sid = p
        .client
        .request_access(p.now, None, AuthSessionState::StateMaintained)
        .unwrap();
    p.settle(20);
    p.server.reauth(p.now, sid.as_bytes(), 1).unwrap();
    p.settle(20);
    assert_eq!(p.server.state(sid.as_bytes()), AuthServerState::Open);
    // RAR → RAA(SUCCESS) → AA → AA answer.
    let cmds: Vec<_> = p.wire_log[2..]
        .iter()
        .map(|b| (msg(b).command_code(), msg(b).flags().is_request()))
        .collect();
    assert_eq!(
        cmds,
        [
            (CommandCode::RE_AUTH, true),
            (CommandCode::RE_AUTH, false),
            (CommandCode::AA, true),
            (CommandCode::AA, false),
        ]
    );
    assert_eq!(result_code_of(&p.wire_log[3]), Some(ResultCode::SUCCESS));
}

#[test]
fn server_abort_asr_asa_str_sta() {
    let mut p = Pair::new(grant(None, None, None));
    let sid = p
        .client
        .request_access(p.now, None, AuthSessionState::StateMaintained)
        .unwrap();
    p.settle(20);
    p.server.abort(p.now, sid.as_bytes()).unwrap();
    p.settle(20);
    assert!(p.client.is_empty() && p.server.is_empty());
    let server_down = p.server_log.iter().find_map(|e| match e {
        AuthServerEvent::SessionDown {
            initiator, reason, ..
        } => Some((*initiator, *reason)),
        _ => None,
    });
    assert_eq!(
        server_down,
        Some((
            Initiator::Caller,
            DownReason::AbortAnswered(ResultCode::SUCCESS)
        ))
    );
    let client_down = p.client_log.iter().find_map(|e| match e {
        AuthClientEvent::SessionDown {
            initiator, reason, ..
        } => Some((*initiator, *reason)),
        _ => None,
    });
    assert_eq!(client_down, Some((Initiator::Peer, DownReason::Aborted)));
}

#[test]
fn accounting_survives_an_outage_and_flushes_in_order() {
    let mut p = Pair::new(grant(None, None, None));
    p.acct_client = AcctClient::new({
        let mut c = acct_client_cfg();
        c.interim_interval = Some(30);
        c.buffer_capacity = 16;
        c
    });
    let a = p.acct_client.start(p.now, None, 0).unwrap();
    p.settle(20);
    p.link_up = false;
    let b = p.acct_client.start(p.now, None, 0).unwrap();
    p.drive_bounded(p.now + Duration::from_secs(95), 100);
    p.acct_client.stop(p.now, b.as_bytes(), 0).unwrap();
    p.settle(20);
    assert!(p.acct_client.buffered() > 0);
    assert!(p.acct_client.buffered() <= 16);
    p.link_up = true;
    p.acct_client
        .handle(p.now, AcctClientInput::ServerReachable)
        .unwrap();
    p.settle(200);
    assert_eq!(p.acct_client.buffered(), 0);
    // Per session, the server saw strictly increasing record numbers.
    for sid in [a, b] {
        let numbers: Vec<u32> = p
            .acct_server_log
            .iter()
            .filter_map(|e| match e {
                AcctServerEvent::Record {
                    session_id, number, ..
                } if *session_id == sid => Some(*number),
                _ => None,
            })
            .collect();
        assert!(numbers.windows(2).all(|w| w[0] < w[1]), "{numbers:?}");
        assert!(!numbers.is_empty());
    }
    assert_eq!(p.acct_server.stats().duplicates, 0);
    assert_eq!(p.acct_server.stats().late, 0);
}

#[test]
fn vanished_client_is_cleaned_up_by_the_server_lifetime() {
    let mut p = Pair::new(grant(Some(30), Some(5), None));
    let sid = p
        .client
        .request_access(p.now, None, AuthSessionState::StateMaintained)
        .unwrap();
    p.settle(20);
    // The client's re-auth never arrives.
    p.link_up = false;
    p.client = AuthClient::new(client_cfg());
    let t = p.now;
    p.drive_bounded(t + Duration::from_secs(40), 20);
    assert_eq!(p.server.state(sid.as_bytes()), AuthServerState::Idle);
    assert!(p.server_log.iter().any(|e| matches!(
        e,
        AuthServerEvent::SessionDown {
            initiator: Initiator::Local,
            reason: DownReason::AuthorizationExpired,
            ..
        }
    )));
}

#[test]
#[should_panic(expected = "still busy")]
fn drive_bounded_fails_instead_of_hanging() {
    let mut p = Pair::new(grant(None, None, None));
    p.acct_client = AcctClient::new({
        let mut c = acct_client_cfg();
        c.interim_interval = Some(1);
        c
    });
    p.acct_client.start(p.now, None, 0).unwrap();
    let far = Instant::from_secs(1_000_000);
    p.drive_bounded(far, 5);
}
