//! Messages the session machines ask the caller to send.

use super::avps::SESSION_TIMEOUT;
use super::common::{IdentityBuf, Local, SessionId};
use crate::diameter::wire::{
    ApplicationId, AvpCode, AvpHeader, CommandCode, CommandFlags, MessageBuilder, ResultCode,
};
use crate::wire::BufferTooSmall;

/// The optional base AVPs of an [`Outgoing`] message, written in this
/// order after Session-Id, Result-Code, Origin-Host, Origin-Realm,
/// Destination-Realm and Destination-Host. All are IETF AVPs with the M
/// bit, as the RFC 6733 §4.5 table requires.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutgoingAvps {
    /// Auth-Application-Id (258).
    pub auth_application_id: Option<ApplicationId>,
    /// Acct-Application-Id (259).
    pub acct_application_id: Option<ApplicationId>,
    /// Auth-Request-Type (274).
    pub auth_request_type: Option<u32>,
    /// Re-Auth-Request-Type (285).
    pub re_auth_request_type: Option<u32>,
    /// Termination-Cause (295).
    pub termination_cause: Option<u32>,
    /// Accounting-Record-Type (480).
    pub accounting_record_type: Option<u32>,
    /// Accounting-Record-Number (485).
    pub accounting_record_number: Option<u32>,
    /// Auth-Session-State (277).
    pub auth_session_state: Option<u32>,
    /// Authorization-Lifetime (291).
    pub authorization_lifetime: Option<u32>,
    /// Auth-Grace-Period (276).
    pub auth_grace_period: Option<u32>,
    /// Session-Timeout (27).
    pub session_timeout: Option<u32>,
    /// Acct-Interim-Interval (85).
    pub acct_interim_interval: Option<u32>,
    /// Accounting-Realtime-Required (483).
    pub accounting_realtime_required: Option<u32>,
    /// Origin-State-Id (278).
    pub origin_state_id: Option<u32>,
}

/// A message to send, described without heap storage: the caller writes
/// it with [`Outgoing::write_to`] (or [`Outgoing::begin`] to add its own
/// AVPs). See the [module docs](super) for the design.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use = "an outgoing message must be written and sent"]
pub struct Outgoing {
    /// Command Code.
    pub command: CommandCode,
    /// Application-Id of the header.
    pub application_id: ApplicationId,
    /// Command Flags (R for requests, P, E for protocol errors).
    pub flags: CommandFlags,
    /// Hop-by-Hop Identifier: 0 in requests (the peer layer assigns it),
    /// the request's in answers.
    pub hop_by_hop: u32,
    /// End-to-End Identifier.
    pub end_to_end: u32,
    /// Session-Id, written first (RFC 6733 §8.8).
    pub session_id: SessionId,
    /// Result-Code, in answers.
    pub result_code: Option<ResultCode>,
    /// Destination-Realm, in requests.
    pub destination_realm: Option<IdentityBuf>,
    /// Destination-Host, in requests that target one host.
    pub destination_host: Option<IdentityBuf>,
    /// The other base AVPs.
    pub avps: OutgoingAvps,
    /// Opaque caller data attached to the message (accounting: the `tag`
    /// given when the record was created, so the caller can add the
    /// matching usage AVPs even when the record was buffered).
    pub tag: u64,
}

impl Outgoing {
    /// Whether this is a request (R bit).
    #[must_use]
    pub fn is_request(&self) -> bool {
        self.flags.is_request()
    }

    /// Writes the header and every base AVP into `buf` and returns the
    /// builder, so the caller can append service-specific AVPs before
    /// [`MessageBuilder::finish`].
    pub fn begin<'b>(&self, local: &Local, buf: &'b mut [u8]) -> MessageBuilder<'b> {
        let mut b = MessageBuilder::new(
            buf,
            self.flags,
            self.command,
            self.application_id,
            self.hop_by_hop,
            self.end_to_end,
        );
        let m = AvpHeader::mandatory;
        b.octets(m(AvpCode::SESSION_ID), self.session_id.as_bytes());
        if let Some(rc) = self.result_code {
            b.u32(m(AvpCode::RESULT_CODE), rc.0);
        }
        b.octets(m(AvpCode::ORIGIN_HOST), local.origin_host.as_bytes());
        b.octets(m(AvpCode::ORIGIN_REALM), local.origin_realm.as_bytes());
        if let Some(r) = &self.destination_realm {
            b.octets(m(AvpCode::DESTINATION_REALM), r.as_bytes());
        }
        if let Some(h) = &self.destination_host {
            b.octets(m(AvpCode::DESTINATION_HOST), h.as_bytes());
        }
        let a = &self.avps;
        let fields: [(AvpCode, Option<u32>); 14] = [
            (
                AvpCode::AUTH_APPLICATION_ID,
                a.auth_application_id.map(|x| x.0),
            ),
            (
                AvpCode::ACCT_APPLICATION_ID,
                a.acct_application_id.map(|x| x.0),
            ),
            (AvpCode::AUTH_REQUEST_TYPE, a.auth_request_type),
            (AvpCode::RE_AUTH_REQUEST_TYPE, a.re_auth_request_type),
            (AvpCode::TERMINATION_CAUSE, a.termination_cause),
            (AvpCode::ACCOUNTING_RECORD_TYPE, a.accounting_record_type),
            (
                AvpCode::ACCOUNTING_RECORD_NUMBER,
                a.accounting_record_number,
            ),
            (AvpCode::AUTH_SESSION_STATE, a.auth_session_state),
            (AvpCode::AUTHORIZATION_LIFETIME, a.authorization_lifetime),
            (AvpCode::AUTH_GRACE_PERIOD, a.auth_grace_period),
            (SESSION_TIMEOUT, a.session_timeout),
            (AvpCode::ACCT_INTERIM_INTERVAL, a.acct_interim_interval),
            (
                AvpCode::ACCOUNTING_REALTIME_REQUIRED,
                a.accounting_realtime_required,
            ),
            (AvpCode::ORIGIN_STATE_ID, a.origin_state_id),
        ];
        for (code, v) in fields {
            if let Some(v) = v {
                b.u32(m(code), v);
            }
        }
        b
    }

    /// Writes the complete message into `buf`; returns its length or the
    /// exact size needed.
    pub fn write_to(&self, local: &Local, buf: &mut [u8]) -> Result<usize, BufferTooSmall> {
        self.begin(local, buf).finish()
    }

    /// The message as a new vector.
    pub fn to_vec(&self, local: &Local) -> alloc::vec::Vec<u8> {
        let need = match self.write_to(local, &mut []) {
            Ok(n) => n,
            Err(e) => e.required,
        };
        let mut v = alloc::vec![0u8; need];
        let n = self.write_to(local, &mut v).unwrap_or(0);
        v.truncate(n);
        v
    }
}

/// The answer to `req` (RFC 6733 §6.2: same Command Code, Application-Id
/// and identifiers; R cleared, P copied; E set for protocol errors).
pub(crate) fn answer_to(
    req: &crate::diameter::wire::Message<&[u8]>,
    session_id: SessionId,
    rc: ResultCode,
) -> Outgoing {
    let mut flags = req.flags() & CommandFlags::PROXIABLE;
    if (3000..4000).contains(&rc.0) {
        flags |= CommandFlags::ERROR;
    }
    Outgoing {
        command: req.command_code(),
        application_id: req.application_id(),
        flags,
        hop_by_hop: req.hop_by_hop(),
        end_to_end: req.end_to_end(),
        session_id,
        result_code: Some(rc),
        destination_realm: None,
        destination_host: None,
        avps: OutgoingAvps::default(),
        tag: 0,
    }
}

/// A proxiable request with Hop-by-Hop 0 (the peer layer assigns it).
pub(crate) fn request(
    command: CommandCode,
    application_id: ApplicationId,
    end_to_end: u32,
    session_id: SessionId,
    destination_realm: Option<IdentityBuf>,
    destination_host: Option<IdentityBuf>,
) -> Outgoing {
    Outgoing {
        command,
        application_id,
        flags: CommandFlags::REQUEST | CommandFlags::PROXIABLE,
        hop_by_hop: 0,
        end_to_end,
        session_id,
        result_code: None,
        destination_realm,
        destination_host,
        avps: OutgoingAvps::default(),
        tag: 0,
    }
}
