//! The service profile (seed 000 §2, Fig. 12; seed 004 versioning).
//!
//! One format for every service: an identifier, target-packet conditions,
//! editing information and the individual control (which table next). The
//! same type is used for AAA-notified profiles (ASPC) and for the profiles a
//! node configures itself (NSPC, NDSP); which cache holds a profile is decided
//! when it is installed ([`super::search::CacheId`]).

use core::fmt;
use core::net::Ipv4Addr;

use alloc::string::String;
use alloc::vec::Vec;

use super::filter::{AddrMatch, PortRange};

/// Longest Session-Id a profile identifier carries, in bytes (it must fit a
/// MIPv4 NVSE, whose length is one octet).
pub const MAX_SESSION_ID_LEN: usize = 128;
/// Most transfer destinations in one profile.
pub const MAX_TRANSFER: usize = 8;

/// A profile's network-wide identity: the session identifier (Diameter
/// Session-Id, `<NAI of MN><32-bit value><option>` in the embodiment) plus a
/// profile number unique within the session (seed 000 §2.1 (1)).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct ProfileId {
    /// The session identifier (UTF-8, at most [`MAX_SESSION_ID_LEN`] bytes).
    pub session_id: String,
    /// The profile number within the session.
    pub number: u32,
}

/// Which side of the packet the AAA server keyed a profile on (SPv1 `class`):
/// it selects the AAA-notified cache (`ASPCsrc` or `ASPCdst`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Direction {
    /// A source profile (`MN-HAsrc`, `MN-FAsrc`).
    #[default]
    Source,
    /// A destination profile (`MN-HAdest`, `MN-FAdest`).
    Destination,
}

impl Direction {
    /// The wire code (1 source, 2 destination).
    #[must_use]
    pub const fn code(self) -> u8 {
        match self {
            Direction::Source => 1,
            Direction::Destination => 2,
        }
    }

    /// The direction of a wire code.
    #[must_use]
    pub const fn from_code(c: u8) -> Option<Self> {
        match c {
            1 => Some(Direction::Source),
            2 => Some(Direction::Destination),
            _ => None,
        }
    }

    /// `"src"` or `"dst"`.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Direction::Source => "src",
            Direction::Destination => "dst",
        }
    }
}

/// Target packet conditions (seed 000 §2.1 (2)): every condition that is set
/// must equal the packet's field. Protocol and port ranges are roam
/// extensions (§3.2 (a proposal)); the patent's ports are exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Target {
    /// Source address pattern (`172.27.180.*`, CIDR or any bit mask).
    pub src: Option<AddrMatch>,
    /// Destination address pattern.
    pub dst: Option<AddrMatch>,
    /// Source port (a range is an extension).
    pub sport: Option<PortRange>,
    /// Destination port (a range is an extension).
    pub dport: Option<PortRange>,
    /// IP protocol (an extension).
    pub proto: Option<u8>,
}

impl Target {
    /// Whether no condition is set. An empty target never hits in ASPC/NSPC
    /// caches and is a catch-all in NDSP (seed 000 §8 item 4).
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.src.is_none()
            && self.dst.is_none()
            && self.sport.is_none()
            && self.dport.is_none()
            && self.proto.is_none()
    }
}

/// The encapsulation (encryption) method a profile asks for (SPv1 `ENCAP`).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EncapMethod(pub u8);

impl EncapMethod {
    /// IP in IP (RFC 2003; IP protocol 4).
    pub const IP_IN_IP: Self = Self(1);
    /// Minimal encapsulation (RFC 2004; IP protocol 55).
    pub const MINIMAL: Self = Self(2);
    /// GRE (RFC 2784; IP protocol 47).
    pub const GRE: Self = Self(3);
    /// An IPsec ESP tunnel.
    pub const IPSEC_ESP_TUNNEL: Self = Self(4);

    /// The text name (`ipip`, `minimal`, `gre`, `esp`), `None` if unknown.
    #[must_use]
    pub const fn name(self) -> Option<&'static str> {
        match self.0 {
            1 => Some("ipip"),
            2 => Some("minimal"),
            3 => Some("gre"),
            4 => Some("esp"),
            _ => None,
        }
    }

    /// The method named `s` (see [`EncapMethod::name`]).
    #[must_use]
    pub fn from_name(s: &str) -> Option<Self> {
        [
            Self::IP_IN_IP,
            Self::MINIMAL,
            Self::GRE,
            Self::IPSEC_ESP_TUNNEL,
        ]
        .into_iter()
        .find(|m| m.name() == Some(s))
    }
}

impl fmt::Debug for EncapMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(n) => f.write_str(n),
            None => write!(f, "EncapMethod({})", self.0),
        }
    }
}

/// Editing information (seed 000 §2.1 (3)).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Edit {
    /// TOS written to the packet that hit (the inner header after a
    /// decapsulation).
    pub tos_inner: Option<u8>,
    /// TOS written to an outer header the node adds (tunnelling). The patent
    /// sets both from one value; the text form's `tos=` sets both.
    pub tos_outer: Option<u8>,
    /// Explicit encapsulation method.
    pub encap: Option<EncapMethod>,
    /// Explicit transfer destinations (at most [`MAX_TRANSFER`]), used in
    /// order (sequential selection).
    pub transfer: Vec<Ipv4Addr>,
    /// Decapsulate a hit packet that is encapsulated, before the control
    /// table is consulted.
    pub decap: bool,
}

/// The control table consulted after a hit (seed 000 §2.1 (4), SPv1
/// `control_type`).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ControlTable(pub u8);

impl ControlTable {
    /// Re-search the service profile cache (after decapsulation).
    pub const SERVICE_PROFILE_CACHE: Self = Self(1);
    /// The binding cache (FA, CN): tunnel to the cached care-of address.
    pub const BINDING_CACHE: Self = Self(2);
    /// The mobility binding (HA): tunnel to the care-of address.
    pub const MOBILITY_BINDING: Self = Self(3);
    /// The visitor list (FA): deliver on the link.
    pub const VISITOR_LIST: Self = Self(4);
    /// The routing table: next hop by destination.
    pub const ROUTING_TABLE: Self = Self(5);
    /// The ANYCAST table (FA): deliver to the selected server's link address.
    pub const ANYCAST_TABLE: Self = Self(6);

    const NAMES: [(Self, &'static str); 6] = [
        (Self::SERVICE_PROFILE_CACHE, "service_profile_cache"),
        (Self::BINDING_CACHE, "binding_cache"),
        (Self::MOBILITY_BINDING, "mobility_binding"),
        (Self::VISITOR_LIST, "visitor_list"),
        (Self::ROUTING_TABLE, "routing_table"),
        (Self::ANYCAST_TABLE, "anycast_table"),
    ];

    /// The text name, `None` if unknown.
    #[must_use]
    pub fn name(self) -> Option<&'static str> {
        Self::NAMES
            .iter()
            .find(|(t, _)| *t == self)
            .map(|(_, n)| *n)
    }

    /// The table named `s`.
    #[must_use]
    pub fn from_name(s: &str) -> Option<Self> {
        Self::NAMES.iter().find(|(_, n)| *n == s).map(|(t, _)| *t)
    }
}

impl fmt::Debug for ControlTable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(n) => f.write_str(n),
            None => write!(f, "ControlTable({})", self.0),
        }
    }
}

impl Default for ControlTable {
    fn default() -> Self {
        Self::ROUTING_TABLE
    }
}

/// Individual control information (seed 000 §2.1 (4)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Control {
    /// Which table comes next.
    pub table: ControlTable,
    /// The control information identifier: a direct link to the table entry
    /// (e.g. the mobility-binding entry the HA created). A receiver
    /// overwrites the AAA server's value with its own link.
    pub link: Option<u32>,
}

/// A service profile.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Profile {
    /// Session-Id plus profile number.
    pub id: ProfileId,
    /// Version for seed 004's replace semantics: an install with a lower
    /// version than the stored profile of the same id is refused.
    pub version: u32,
    /// Source or destination profile (selects ASPCsrc or ASPCdst).
    pub direction: Direction,
    /// Target packet conditions.
    pub target: Target,
    /// Editing information.
    pub edit: Edit,
    /// The next table.
    pub control: Control,
}

/// A profile that breaks the model's rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ProfileError {
    /// The Session-Id is longer than [`MAX_SESSION_ID_LEN`].
    #[error("session id longer than {max} bytes")]
    SessionIdTooLong {
        /// The limit.
        max: usize,
    },
    /// More than [`MAX_TRANSFER`] transfer destinations.
    #[error("more than {max} transfer destinations")]
    TooManyTransfers {
        /// The limit.
        max: usize,
    },
    /// A source profile with neither a source address nor a source port, or
    /// a destination profile with neither a destination address nor port
    /// (seed 000 §2.2 constraint).
    #[error("a {0} profile must set its {0} address or port")]
    MissingKey(&'static str),
}

impl Profile {
    /// Checks the model's bounds and the §2.2 constraint.
    ///
    /// # Errors
    /// The first broken rule.
    pub fn validate(&self) -> Result<(), ProfileError> {
        if self.id.session_id.len() > MAX_SESSION_ID_LEN {
            return Err(ProfileError::SessionIdTooLong {
                max: MAX_SESSION_ID_LEN,
            });
        }
        if self.edit.transfer.len() > MAX_TRANSFER {
            return Err(ProfileError::TooManyTransfers { max: MAX_TRANSFER });
        }
        Ok(())
    }

    /// [`Profile::validate`] plus the §2.2 rule that an AAA-notified source
    /// (destination) profile sets a source (destination) address or port.
    ///
    /// # Errors
    /// The first broken rule.
    pub fn validate_aaa(&self) -> Result<(), ProfileError> {
        self.validate()?;
        let t = &self.target;
        let keyed = match self.direction {
            Direction::Source => t.src.is_some() || t.sport.is_some(),
            Direction::Destination => t.dst.is_some() || t.dport.is_some(),
        };
        if keyed {
            Ok(())
        } else {
            Err(ProfileError::MissingKey(self.direction.name()))
        }
    }
}
