//! Reading the session-relevant base AVPs out of a received message.

use crate::diameter::wire::{AvpCode, Message, ResultCode, VendorId};
use crate::wire::be_u32;

/// Session-Timeout (RFC 6733 §8.13; RADIUS attribute 27).
pub(crate) const SESSION_TIMEOUT: AvpCode = AvpCode(27);

/// The base-protocol AVPs the session machines read from a message
/// (top level, IETF vendor only). Scanning stops at the first malformed
/// AVP; an Unsigned32 or Enumerated AVP whose data is not 4 bytes is
/// treated as absent (validating lengths is the dictionary's job,
/// `diameter::dict`, which answers 5014 before a message gets here).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SessionAvps<'a> {
    /// Session-Id (263), the first one.
    pub session_id: Option<&'a [u8]>,
    /// Origin-Host (264).
    pub origin_host: Option<&'a [u8]>,
    /// Origin-Realm (296).
    pub origin_realm: Option<&'a [u8]>,
    /// Result-Code (268), or the Experimental-Result-Code (298) inside an
    /// Experimental-Result (297) when there is no Result-Code.
    pub result_code: Option<ResultCode>,
    /// Auth-Application-Id (258).
    pub auth_application_id: Option<u32>,
    /// Acct-Application-Id (259).
    pub acct_application_id: Option<u32>,
    /// Auth-Session-State (277).
    pub auth_session_state: Option<u32>,
    /// Authorization-Lifetime (291).
    pub authorization_lifetime: Option<u32>,
    /// Auth-Grace-Period (276).
    pub auth_grace_period: Option<u32>,
    /// Session-Timeout (27).
    pub session_timeout: Option<u32>,
    /// Re-Auth-Request-Type (285).
    pub re_auth_request_type: Option<u32>,
    /// Termination-Cause (295).
    pub termination_cause: Option<u32>,
    /// Accounting-Record-Type (480).
    pub accounting_record_type: Option<u32>,
    /// Accounting-Record-Number (485).
    pub accounting_record_number: Option<u32>,
    /// Acct-Interim-Interval (85).
    pub acct_interim_interval: Option<u32>,
    /// Accounting-Realtime-Required (483).
    pub accounting_realtime_required: Option<u32>,
}

impl<'a> SessionAvps<'a> {
    /// Scans the top-level AVPs of `msg`.
    #[must_use]
    pub fn scan(msg: &Message<&'a [u8]>) -> SessionAvps<'a> {
        let mut s = SessionAvps::default();
        let mut experimental = None;
        let bytes: &'a [u8] = msg_bytes(msg);
        let body = bytes
            .get(crate::diameter::wire::HEADER_LEN..)
            .unwrap_or(&[]);
        for avp in crate::diameter::wire::Avps::new(body, crate::diameter::wire::HEADER_LEN, 0) {
            let Ok(avp) = avp else { break };
            if avp.vendor_id() != VendorId::IETF {
                continue;
            }
            let data = avp.data_ref();
            let u = || {
                if data.len() == 4 {
                    be_u32(data, 0)
                } else {
                    None
                }
            };
            match avp.code() {
                AvpCode::SESSION_ID if s.session_id.is_none() => s.session_id = Some(data),
                AvpCode::ORIGIN_HOST => s.origin_host = Some(data),
                AvpCode::ORIGIN_REALM => s.origin_realm = Some(data),
                AvpCode::RESULT_CODE => s.result_code = u().map(ResultCode),
                AvpCode::EXPERIMENTAL_RESULT => {
                    if let Ok(inner) = avp.grouped() {
                        for a in inner.map_while(Result::ok) {
                            if a.code() == AvpCode::EXPERIMENTAL_RESULT_CODE
                                && a.data_ref().len() == 4
                            {
                                experimental = be_u32(a.data_ref(), 0).map(ResultCode);
                            }
                        }
                    }
                }
                AvpCode::AUTH_APPLICATION_ID => s.auth_application_id = u(),
                AvpCode::ACCT_APPLICATION_ID => s.acct_application_id = u(),
                AvpCode::AUTH_SESSION_STATE => s.auth_session_state = u(),
                AvpCode::AUTHORIZATION_LIFETIME => s.authorization_lifetime = u(),
                AvpCode::AUTH_GRACE_PERIOD => s.auth_grace_period = u(),
                SESSION_TIMEOUT => s.session_timeout = u(),
                AvpCode::RE_AUTH_REQUEST_TYPE => s.re_auth_request_type = u(),
                AvpCode::TERMINATION_CAUSE => s.termination_cause = u(),
                AvpCode::ACCOUNTING_RECORD_TYPE => s.accounting_record_type = u(),
                AvpCode::ACCOUNTING_RECORD_NUMBER => s.accounting_record_number = u(),
                AvpCode::ACCT_INTERIM_INTERVAL => s.acct_interim_interval = u(),
                AvpCode::ACCOUNTING_REALTIME_REQUIRED => s.accounting_realtime_required = u(),
                _ => {}
            }
        }
        if s.result_code.is_none() {
            s.result_code = experimental;
        }
        s
    }
}

/// The message bytes with the buffer's lifetime.
fn msg_bytes<'a>(msg: &Message<&'a [u8]>) -> &'a [u8] {
    let buf: &'a [u8] = (*msg).into_inner();
    let len = msg.length() as usize;
    buf.get(..len).unwrap_or(buf)
}
