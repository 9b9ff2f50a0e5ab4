//! Peer configuration with the RFC defaults, and the small code points the
//! peer machine uses (Disconnect-Cause, Inband-Security-Id).

use alloc::vec;
use alloc::vec::Vec;
use core::fmt;
use core::net::{IpAddr, Ipv4Addr};
use core::time::Duration;

use crate::diameter::wire::{ApplicationId, VendorId};

/// Disconnect-Cause values (RFC 6733 §5.4.3, AVP 273, Enumerated).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct DisconnectCause(pub u32);

impl DisconnectCause {
    /// REBOOTING (0): a scheduled reboot is imminent; the receiver MAY
    /// reconnect (we do, after Tc).
    pub const REBOOTING: Self = Self(0);
    /// BUSY (1): resources constrained; the receiver SHOULD NOT reconnect
    /// (we back off by [`Config::busy_backoff`], or never when `None`).
    pub const BUSY: Self = Self(1);
    /// DO_NOT_WANT_TO_TALK_TO_YOU (2): the receiver SHOULD NOT reconnect
    /// (we do not, until the caller issues `Start` again).
    pub const DO_NOT_WANT_TO_TALK_TO_YOU: Self = Self(2);

    /// The RFC name, when known.
    #[must_use]
    pub const fn name(self) -> Option<&'static str> {
        match self.0 {
            0 => Some("REBOOTING"),
            1 => Some("BUSY"),
            2 => Some("DO_NOT_WANT_TO_TALK_TO_YOU"),
            _ => None,
        }
    }
}

impl fmt::Debug for DisconnectCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(n) => write!(f, "DisconnectCause({} {n})", self.0),
            None => write!(f, "DisconnectCause({})", self.0),
        }
    }
}

/// Inband-Security-Id values (RFC 6733 §6.10, AVP 299, Unsigned32).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct InbandSecurityId(pub u32);

impl InbandSecurityId {
    /// NO_INBAND_SECURITY (0); also what an absent AVP means.
    pub const NO_INBAND_SECURITY: Self = Self(0);
    /// TLS (1).
    pub const TLS: Self = Self(1);

    /// The RFC name, when known.
    #[must_use]
    pub const fn name(self) -> Option<&'static str> {
        match self.0 {
            0 => Some("NO_INBAND_SECURITY"),
            1 => Some("TLS"),
            _ => None,
        }
    }
}

/// Whether a vendor-specific application is an auth or an acct one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AppKind {
    /// Carried as Auth-Application-Id.
    Auth(ApplicationId),
    /// Carried as Acct-Application-Id.
    Acct(ApplicationId),
}

impl AppKind {
    /// The application id, whichever kind.
    #[must_use]
    pub fn id(self) -> ApplicationId {
        match self {
            AppKind::Auth(a) | AppKind::Acct(a) => a,
        }
    }
}

/// A Vendor-Specific-Application-Id to advertise (RFC 6733 §6.11).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct VendorSpecificApp {
    /// The Vendor-Id inside the group.
    pub vendor_id: VendorId,
    /// The application (exactly one of auth/acct, per §6.11).
    pub application: AppKind,
}

/// Twinit may not be set below 6 s (RFC 3539 §3.4.1 item 1).
pub const MIN_TW: Duration = Duration::from_secs(6);
/// The watchdog jitter bound: ±2 s (RFC 3539 §3.4.1 item 1).
pub const TW_JITTER: Duration = Duration::from_secs(2);

/// Configuration of one peer machine. Build with [`Config::new`] and adjust
/// fields; every default is documented with its source.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Config {
    /// Our Origin-Host (DiameterIdentity).
    pub origin_host: Vec<u8>,
    /// Our Origin-Realm.
    pub origin_realm: Vec<u8>,
    /// Host-IP-Address values for CER/CEA (at least one is required by the
    /// CCF, RFC 6733 §5.3.1). Default: 127.0.0.1 — set the real addresses.
    pub host_ip_addresses: Vec<IpAddr>,
    /// Vendor-Id of this implementation (0 = ignored, §5.3.3). Default 0.
    pub vendor_id: VendorId,
    /// Product-Name. Default `roam`.
    pub product_name: Vec<u8>,
    /// Firmware-Revision, if any.
    pub firmware_revision: Option<u32>,
    /// Origin-State-Id, if any (RFC 6733 §8.16).
    pub origin_state_id: Option<u32>,
    /// Supported-Vendor-Id values.
    pub supported_vendor_ids: Vec<VendorId>,
    /// Auth-Application-Id values we support. Default: none. Put
    /// [`ApplicationId::RELAY`] here for a relay agent (§2.4).
    pub auth_application_ids: Vec<ApplicationId>,
    /// Acct-Application-Id values we support. Default: none.
    pub acct_application_ids: Vec<ApplicationId>,
    /// Vendor-Specific-Application-Id values we support.
    pub vendor_specific_application_ids: Vec<VendorSpecificApp>,
    /// Inband-Security-Id values we accept. Default
    /// `[NO_INBAND_SECURITY]` (TLS, if any, is the caller's transport).
    pub inband_security_ids: Vec<InbandSecurityId>,
    /// The peer's expected Origin-Host. A CER or CEA from another identity
    /// is refused (CER: 3010 DIAMETER_UNKNOWN_PEER). `None`: any identity
    /// allowed by `allowed_peers`.
    pub peer_host: Option<Vec<u8>>,
    /// When non-empty, CERs whose Origin-Host is not listed (compared
    /// case-insensitively) get a CEA with 3010 DIAMETER_UNKNOWN_PEER
    /// (RFC 6733 §5.3). Default empty (anyone).
    pub allowed_peers: Vec<Vec<u8>>,
    /// Tc, the reconnect timer (RFC 6733 §2.1: "recommended ... 30
    /// seconds"). Default 30 s.
    pub tc: Duration,
    /// Twinit, the watchdog interval before jitter (RFC 3539 §3.4.1 item 1:
    /// default 30 s, never below [`MIN_TW`]). Default 30 s.
    pub tw: Duration,
    /// The "application-defined timer" of the intermediate states of the
    /// RFC 6733 §5.6 table (connect, CEA and election waits). Default 10 s.
    pub handshake_timeout: Duration,
    /// How long Closing waits for a DPA or the peer's disconnect before
    /// tearing the connection down (the §5.6 Closing/Timeout row).
    /// Default 5 s.
    pub disconnect_timeout: Duration,
    /// How long a request may stay pending before it is reported timed
    /// out. Default 10 s.
    pub request_timeout: Duration,
    /// Capacity of the pending-request table. When full, `send_request`
    /// refuses with [`super::PeerError::PendingFull`]. Default 4096.
    pub max_pending_requests: usize,
    /// Capacity of the duplicate-detection cache (received requests by
    /// End-to-End Identifier + Origin-Host, RFC 6733 §3). 0 disables
    /// duplicate detection. Default 4096.
    pub duplicate_cache_capacity: usize,
    /// How long a received request is remembered for duplicate detection.
    /// Default 240 s: End-to-End Identifiers are unique for at least 4
    /// minutes (RFC 6733 §3).
    pub duplicate_cache_ttl: Duration,
    /// Reconnect delay after the peer's DPR said BUSY. RFC 6733 §5.4.3
    /// says the receiver SHOULD NOT reconnect; `None` follows that to the
    /// letter. Default `Some(300 s)`: back off well beyond Tc.
    pub busy_backoff: Option<Duration>,
}

impl Config {
    /// A configuration with our identity and every other field at its
    /// default.
    #[must_use]
    pub fn new(origin_host: &[u8], origin_realm: &[u8]) -> Config {
        Config {
            origin_host: origin_host.to_vec(),
            origin_realm: origin_realm.to_vec(),
            host_ip_addresses: vec![IpAddr::V4(Ipv4Addr::LOCALHOST)],
            vendor_id: VendorId(0),
            product_name: b"roam".to_vec(),
            firmware_revision: None,
            origin_state_id: None,
            supported_vendor_ids: Vec::new(),
            auth_application_ids: Vec::new(),
            acct_application_ids: Vec::new(),
            vendor_specific_application_ids: Vec::new(),
            inband_security_ids: vec![InbandSecurityId::NO_INBAND_SECURITY],
            peer_host: None,
            allowed_peers: Vec::new(),
            tc: Duration::from_secs(30),
            tw: Duration::from_secs(30),
            handshake_timeout: Duration::from_secs(10),
            disconnect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(10),
            max_pending_requests: 4096,
            duplicate_cache_capacity: 4096,
            duplicate_cache_ttl: Duration::from_secs(240),
            busy_backoff: Some(Duration::from_secs(300)),
        }
    }

    /// Every application id we advertise (auth, acct, vendor-specific).
    pub(crate) fn local_applications(&self) -> impl Iterator<Item = ApplicationId> + '_ {
        self.auth_application_ids
            .iter()
            .chain(self.acct_application_ids.iter())
            .copied()
            .chain(
                self.vendor_specific_application_ids
                    .iter()
                    .map(|v| v.application.id()),
            )
    }

    /// Checks the bounds the machine relies on.
    pub(crate) fn validate(&self) -> Result<(), ConfigError> {
        if self.tw < MIN_TW {
            return Err(ConfigError::TwTooSmall);
        }
        if self.max_pending_requests == 0 {
            return Err(ConfigError::ZeroCapacity);
        }
        if self.origin_host.is_empty() || self.origin_realm.is_empty() {
            return Err(ConfigError::MissingIdentity);
        }
        if self.tc.is_zero()
            || self.handshake_timeout.is_zero()
            || self.disconnect_timeout.is_zero()
            || self.request_timeout.is_zero()
        {
            return Err(ConfigError::ZeroTimer);
        }
        Ok(())
    }
}

/// A configuration the machine cannot run with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// Tw below 6 s (RFC 3539 §3.4.1 item 1: "MUST NOT be set lower").
    #[error("Tw below the 6 s minimum of RFC 3539")]
    TwTooSmall,
    /// `max_pending_requests` is 0.
    #[error("pending-request table capacity is 0")]
    ZeroCapacity,
    /// Origin-Host or Origin-Realm is empty.
    #[error("Origin-Host and Origin-Realm are required")]
    MissingIdentity,
    /// A timer duration is zero.
    #[error("a timer is configured as zero")]
    ZeroTimer,
}
