//! Types shared by the session machines.

use core::fmt;
use core::time::Duration;

use crate::diameter::wire::ResultCode;
use crate::time::Instant;

/// Longest Session-Id the machines store (RFC 6733 §8.8 sets no bound; a
/// 255-octet DiameterIdentity, two 10-digit decimals and a short optional
/// part fit). A longer received Session-Id is answered with
/// DIAMETER_UNABLE_TO_COMPLY and counted.
pub const MAX_SESSION_ID_LEN: usize = 320;
/// Longest DiameterIdentity stored (an FQDN: 255 octets, RFC 1035 §2.3.4).
pub const MAX_IDENTITY_LEN: usize = 255;

/// A byte string of at most `N` bytes stored inline (no heap), so events
/// and table keys never allocate.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BoundedStr<const N: usize> {
    len: u16,
    buf: [u8; N],
}

/// A Session-Id (RFC 6733 §8.8), stored inline.
pub type SessionId = BoundedStr<MAX_SESSION_ID_LEN>;
/// A DiameterIdentity (Origin-Host, realm), stored inline.
pub type IdentityBuf = BoundedStr<MAX_IDENTITY_LEN>;

impl<const N: usize> BoundedStr<N> {
    /// Copies `bytes`, or `None` when longer than `N`.
    #[must_use]
    pub fn from_bytes(bytes: &[u8]) -> Option<Self> {
        if bytes.len() > N || N > usize::from(u16::MAX) {
            return None;
        }
        let mut buf = [0u8; N];
        buf.get_mut(..bytes.len())?.copy_from_slice(bytes);
        Some(BoundedStr {
            len: bytes.len() as u16,
            buf,
        })
    }

    /// Copies `s`, or `None` when longer than `N` bytes.
    #[must_use]
    pub fn new(s: &str) -> Option<Self> {
        Self::from_bytes(s.as_bytes())
    }

    /// The bytes.
    #[must_use]
    pub fn as_bytes(&self) -> &[u8] {
        self.buf.get(..usize::from(self.len)).unwrap_or(&[])
    }

    /// The text, when it is valid UTF-8 (received Session-Ids may not be).
    #[must_use]
    pub fn as_str(&self) -> Option<&str> {
        core::str::from_utf8(self.as_bytes()).ok()
    }

    /// Length in bytes.
    #[must_use]
    pub fn len(&self) -> usize {
        usize::from(self.len)
    }

    /// Whether the string is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

impl<const N: usize> fmt::Debug for BoundedStr<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.as_str() {
            Some(s) => write!(f, "{s:?}"),
            None => write!(f, "{:?}", self.as_bytes()),
        }
    }
}

impl<const N: usize> fmt::Display for BoundedStr<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for chunk in self.as_bytes().utf8_chunks() {
            f.write_str(chunk.valid())?;
            if !chunk.invalid().is_empty() {
                f.write_str("\u{fffd}")?;
            }
        }
        Ok(())
    }
}

/// The local node's identity, written as Origin-Host / Origin-Realm into
/// every emitted message (RFC 6733 §6.3, §6.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Local {
    /// Origin-Host.
    pub origin_host: IdentityBuf,
    /// Origin-Realm.
    pub origin_realm: IdentityBuf,
    /// Origin-State-Id to add to requests (RFC 6733 §8.16), if any.
    pub origin_state_id: Option<u32>,
}

impl Local {
    /// An identity, or `None` when a name exceeds [`MAX_IDENTITY_LEN`].
    #[must_use]
    pub fn new(origin_host: &str, origin_realm: &str) -> Option<Local> {
        Some(Local {
            origin_host: IdentityBuf::new(origin_host)?,
            origin_realm: IdentityBuf::new(origin_realm)?,
            origin_state_id: None,
        })
    }
}

/// Who ended a session (h2's `Initiator` idea), carried in every
/// session-down event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum Initiator {
    /// The caller, through a command (logoff, administrative abort, …).
    Caller,
    /// This machine: a timer expired or a local failure.
    Local,
    /// The remote Diameter node: a failed answer, an ASR, an STR, ….
    Peer,
}

/// Why a session went down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DownReason {
    /// The service-specific authorization answer failed (client), or the
    /// server refused the (re-)authorization.
    Rejected(ResultCode),
    /// The caller ended the session (client: service terminated / logoff;
    /// server: abort requested).
    Terminated,
    /// The client complied with an Abort-Session-Request.
    Aborted,
    /// Session-Timeout expired (RFC 6733 §8.13).
    SessionTimeout,
    /// Authorization-Lifetime plus Auth-Grace-Period expired without a
    /// successful re-authorization (RFC 6733 §8.9, §8.10).
    AuthorizationExpired,
    /// The client refused a server-initiated re-auth (RAR).
    ReauthRefused,
    /// An authorized session was not started (answer processed but service
    /// not provided, or an error processing the answer).
    ServiceNotProvided,
    /// The request could not be sent and no answer came.
    NoAnswer,
    /// The server received an STR.
    SessionTerminationReceived,
    /// The server's RAR was answered with a failure.
    ReauthFailed(ResultCode),
    /// The server's ASR was answered.
    AbortAnswered(ResultCode),
    /// Accounting: the record could not be delivered or stored and the
    /// Accounting-Realtime-Required policy forbids further service.
    AccountingFailed,
    /// Accounting: the STOP record was handled (sent or stored).
    AccountingStopped,
    /// Accounting server: the supervision timer Ts expired (RFC 6733 §8.2).
    SupervisionExpired,
    /// Accounting server: the accounting request could not be stored.
    OutOfSpace,
}

/// Commands used wrongly by the caller. Peer faults are never errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum SessionError {
    /// No session with that Session-Id.
    #[error("unknown session")]
    UnknownSession,
    /// The command does not apply in the session's current state.
    #[error("command not allowed in the session's current state")]
    WrongState,
    /// The session table is full (its capacity is in the config).
    #[error("session table full ({capacity} sessions)")]
    TableFull {
        /// The configured capacity.
        capacity: usize,
    },
    /// A Session-Id would exceed [`MAX_SESSION_ID_LEN`].
    #[error("session id longer than {max} bytes")]
    SessionIdTooLong {
        /// The limit.
        max: usize,
    },
    /// The session already exists.
    #[error("session already exists")]
    Duplicate,
}

/// Auth-Session-State values (RFC 6733 §8.11).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum AuthSessionState {
    /// STATE_MAINTAINED (0), the default: the client sends an STR when
    /// the service ends.
    #[default]
    StateMaintained,
    /// NO_STATE_MAINTAINED (1): no session termination messages.
    NoStateMaintained,
}

impl AuthSessionState {
    /// The Enumerated value.
    #[must_use]
    pub const fn value(self) -> u32 {
        match self {
            AuthSessionState::StateMaintained => 0,
            AuthSessionState::NoStateMaintained => 1,
        }
    }

    /// From the Enumerated value; unknown values mean the default.
    #[must_use]
    pub const fn from_value(v: u32) -> Self {
        if v == 1 {
            AuthSessionState::NoStateMaintained
        } else {
            AuthSessionState::StateMaintained
        }
    }
}

/// Accounting-Record-Type values (RFC 6733 §9.8.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum AccountingRecordType {
    /// EVENT_RECORD (1).
    Event,
    /// START_RECORD (2).
    Start,
    /// INTERIM_RECORD (3).
    Interim,
    /// STOP_RECORD (4).
    Stop,
}

impl AccountingRecordType {
    /// The Enumerated value.
    #[must_use]
    pub const fn value(self) -> u32 {
        match self {
            AccountingRecordType::Event => 1,
            AccountingRecordType::Start => 2,
            AccountingRecordType::Interim => 3,
            AccountingRecordType::Stop => 4,
        }
    }

    /// From the Enumerated value.
    #[must_use]
    pub const fn from_value(v: u32) -> Option<Self> {
        match v {
            1 => Some(AccountingRecordType::Event),
            2 => Some(AccountingRecordType::Start),
            3 => Some(AccountingRecordType::Interim),
            4 => Some(AccountingRecordType::Stop),
            _ => None,
        }
    }
}

/// Accounting-Realtime-Required values (RFC 6733 §9.8.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum RealtimeRequired {
    /// DELIVER_AND_GRANT (1): service only while an accounting server is
    /// reachable.
    DeliverAndGrant,
    /// GRANT_AND_STORE (2), the default: grant while records can be
    /// delivered or stored.
    #[default]
    GrantAndStore,
    /// GRANT_AND_LOSE (3): grant even if records are lost.
    GrantAndLose,
}

impl RealtimeRequired {
    /// The Enumerated value.
    #[must_use]
    pub const fn value(self) -> u32 {
        match self {
            RealtimeRequired::DeliverAndGrant => 1,
            RealtimeRequired::GrantAndStore => 2,
            RealtimeRequired::GrantAndLose => 3,
        }
    }

    /// From the Enumerated value.
    #[must_use]
    pub const fn from_value(v: u32) -> Option<Self> {
        match v {
            1 => Some(RealtimeRequired::DeliverAndGrant),
            2 => Some(RealtimeRequired::GrantAndStore),
            3 => Some(RealtimeRequired::GrantAndLose),
            _ => None,
        }
    }
}

/// A Termination-Cause value (RFC 6733 §8.15; the values are those RFC 3588
/// §8.15 assigned, kept by the IANA registry).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct TerminationCause(pub u32);

impl TerminationCause {
    /// DIAMETER_LOGOUT (1).
    pub const LOGOUT: Self = Self(1);
    /// DIAMETER_SERVICE_NOT_PROVIDED (2).
    pub const SERVICE_NOT_PROVIDED: Self = Self(2);
    /// DIAMETER_BAD_ANSWER (3).
    pub const BAD_ANSWER: Self = Self(3);
    /// DIAMETER_ADMINISTRATIVE (4).
    pub const ADMINISTRATIVE: Self = Self(4);
    /// DIAMETER_LINK_BROKEN (5).
    pub const LINK_BROKEN: Self = Self(5);
    /// DIAMETER_AUTH_EXPIRED (6).
    pub const AUTH_EXPIRED: Self = Self(6);
    /// DIAMETER_USER_MOVED (7).
    pub const USER_MOVED: Self = Self(7);
    /// DIAMETER_SESSION_TIMEOUT (8).
    pub const SESSION_TIMEOUT: Self = Self(8);
}

/// Result-Codes that mean "failure to send" (RFC 6733 §8.1: a transient
/// failure or temporary protocol error DIAMETER_TOO_BUSY or
/// DIAMETER_LOOP_DETECTED).
pub(crate) fn is_auth_send_failure(rc: ResultCode) -> bool {
    rc == ResultCode::TOO_BUSY || rc == ResultCode::LOOP_DETECTED
}

/// Result-Codes that mean "failure to send" for accounting (RFC 6733 §8.2:
/// DIAMETER_OUT_OF_SPACE, DIAMETER_TOO_BUSY, DIAMETER_LOOP_DETECTED).
pub(crate) fn is_acct_send_failure(rc: ResultCode) -> bool {
    rc == ResultCode::OUT_OF_SPACE || is_auth_send_failure(rc)
}

/// Success class (2xxx, RFC 6733 §7.1.2).
pub(crate) fn is_success(rc: ResultCode) -> bool {
    (2000..3000).contains(&rc.0)
}

/// Seconds as a duration (Diameter timers are Unsigned32 seconds).
pub(crate) fn secs(s: u32) -> Duration {
    Duration::from_secs(u64::from(s))
}

/// `max(t, floor)`: deadlines are never before the latest `now`.
pub(crate) fn not_before(t: Instant, floor: Instant) -> Instant {
    if t < floor {
        floor
    } else {
        t
    }
}

/// A small deterministic PRNG (SplitMix64) seeded by the caller, used only
/// for interim-record jitter (RFC 6733 §9.8.2 requires randomized interim
/// times). Not cryptographic.
#[derive(Debug, Clone)]
pub(crate) struct Jitter(u64);

impl Jitter {
    pub(crate) fn new(seed: u64) -> Self {
        Jitter(seed)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A duration uniformly in `[0, max]` (microsecond resolution).
    pub(crate) fn upto(&mut self, max: Duration) -> Duration {
        let m = u64::try_from(max.as_micros()).unwrap_or(u64::MAX);
        if m == 0 {
            return Duration::ZERO;
        }
        Duration::from_micros(self.next_u64() % m.saturating_add(1).max(1))
    }
}
