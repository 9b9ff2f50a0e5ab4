//! A flat, serialisation-friendly view of decoded messages, for `roam
//! decode --format json` and other dissectors (no serde dependency here:
//! the caller maps [`FieldValue`] to its own output).
//!
//! * [`MessageRepr::sequence`], [`MessageRepr::flags_bits`],
//!   [`MessageRepr::lifetime`], [`MessageRepr::status`] give the header
//!   fields the JSON object names (`sequence`, `flags`, `lifetime_units` /
//!   `lifetime_seconds`, `status`);
//! * [`MobilityOption::for_each_field`] and [`NdOption::for_each_field`]
//!   visit each option's fields as `(name, value)` pairs, with the option's
//!   `type` and `length` available from [`MobilityOption::ty`] and
//!   [`MobilityOption::data_len`];
//! * [`super::Ipv6Packet`] carries `home_address` (from the Home Address
//!   option) and the checksum verdict ([`super::Ipv6Packet::verify_checksum`]).

use core::net::Ipv6Addr;

use super::header::{Lifetime, MessageRepr};
use super::nd::NdOption;
use super::option::MobilityOption;

/// One field value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldValue<'a> {
    /// An unsigned integer (flags are given as their integer value).
    Uint(u64),
    /// A signed integer.
    Int(i64),
    /// An IPv6 address.
    Address(Ipv6Addr),
    /// Raw bytes (identifiers, authenticators, unknown data); a NAI is
    /// usually UTF-8, which the caller may try.
    Bytes(&'a [u8]),
}

impl MessageRepr<'_> {
    /// Sequence # (BU, BA).
    #[must_use]
    pub fn sequence(&self) -> Option<u16> {
        match self {
            MessageRepr::BindingUpdate(bu) => Some(bu.sequence),
            MessageRepr::BindingAck(ba) => Some(ba.sequence),
            _ => None,
        }
    }

    /// The flags as an integer, reserved bits included (BU: 16 bits; BA:
    /// 8 bits).
    #[must_use]
    pub fn flags_bits(&self) -> Option<u16> {
        match self {
            MessageRepr::BindingUpdate(bu) => Some(bu.flags.bits()),
            MessageRepr::BindingAck(ba) => Some(u16::from(ba.flags.bits())),
            _ => None,
        }
    }

    /// Lifetime (BU, BA).
    #[must_use]
    pub fn lifetime(&self) -> Option<Lifetime> {
        match self {
            MessageRepr::BindingUpdate(bu) => Some(bu.lifetime),
            MessageRepr::BindingAck(ba) => Some(ba.lifetime),
            _ => None,
        }
    }

    /// Status (BA, BE).
    #[must_use]
    pub fn status(&self) -> Option<u8> {
        match self {
            MessageRepr::BindingAck(ba) => Some(ba.status.0),
            MessageRepr::BindingError { status, .. } => Some(status.0),
            _ => None,
        }
    }
}

impl<'a> MobilityOption<'a> {
    /// Visits the option's fields as `(name, value)` pairs.
    pub fn for_each_field(&self, mut f: impl FnMut(&'static str, FieldValue<'a>)) {
        use FieldValue::{Address, Bytes, Uint};
        match *self {
            MobilityOption::Pad1 | MobilityOption::PadN { .. } => {}
            MobilityOption::BindingRefreshAdvice { interval } => {
                f("refresh_interval_units", Uint(interval.into()));
                f("refresh_interval_seconds", Uint(u64::from(interval) * 4));
            }
            MobilityOption::AlternateCareOf(a) => f("care_of_address", Address(a)),
            MobilityOption::NonceIndices { home, care_of } => {
                f("home_nonce_index", Uint(home.into()));
                f("care_of_nonce_index", Uint(care_of.into()));
            }
            MobilityOption::BindingAuthorizationData(d) => f("authenticator", Bytes(d)),
            MobilityOption::MobileNodeIdentifier { subtype, id } => {
                f("subtype", Uint(subtype.into()));
                f("identifier", Bytes(id));
            }
            MobilityOption::HomeNetworkPrefix { prefix_len, prefix } => {
                f("prefix_length", Uint(prefix_len.into()));
                f("prefix", Address(prefix));
            }
            MobilityOption::HandoffIndicator(v) => f("handoff_indicator", Uint(v.0.into())),
            MobilityOption::AccessTechnologyType(v) => {
                f("access_technology_type", Uint(v.0.into()));
            }
            MobilityOption::MobileNodeLinkLayerId(d) => f("link_layer_identifier", Bytes(d)),
            MobilityOption::LinkLocalAddress(a) => f("link_local_address", Address(a)),
            MobilityOption::Timestamp(t) => {
                f("timestamp", Uint(t));
                f("timestamp_seconds", Uint(t >> 16));
            }
            MobilityOption::Unknown { data, .. } => f("data", Bytes(data)),
        }
    }
}

impl<'a> NdOption<'a> {
    /// Visits the option's fields as `(name, value)` pairs.
    pub fn for_each_field(&self, mut f: impl FnMut(&'static str, FieldValue<'a>)) {
        use FieldValue::{Address, Bytes, Int, Uint};
        match *self {
            NdOption::PrefixInformation {
                prefix_len,
                flags,
                valid_lifetime,
                preferred_lifetime,
                prefix,
                ..
            } => {
                f("prefix_length", Uint(prefix_len.into()));
                f("flags", Uint(flags.bits().into()));
                f("valid_lifetime", Uint(valid_lifetime.into()));
                f("preferred_lifetime", Uint(preferred_lifetime.into()));
                f("prefix", Address(prefix));
            }
            NdOption::AdvertisementInterval { interval_ms, .. } => {
                f("advertisement_interval_ms", Uint(interval_ms.into()));
            }
            NdOption::HomeAgentInformation {
                preference,
                lifetime,
                ..
            } => {
                f("home_agent_preference", Int(preference.into()));
                f("home_agent_lifetime", Uint(lifetime.into()));
            }
            NdOption::Map {
                distance,
                preference,
                flags,
                valid_lifetime,
                address,
            } => {
                f("distance", Uint(distance.into()));
                f("preference", Uint(preference.into()));
                f("flags", Uint(flags.bits().into()));
                f("valid_lifetime", Uint(valid_lifetime.into()));
                f("address", Address(address));
            }
            NdOption::Unknown { data, .. } => f("data", Bytes(data)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_of_a_home_network_prefix() {
        let o = MobilityOption::HomeNetworkPrefix {
            prefix_len: 64,
            prefix: Ipv6Addr::LOCALHOST,
        };
        let mut n = 0;
        o.for_each_field(|name, v| {
            n += 1;
            match name {
                "prefix_length" => assert_eq!(v, FieldValue::Uint(64)),
                "prefix" => assert_eq!(v, FieldValue::Address(Ipv6Addr::LOCALHOST)),
                other => panic!("{other}"),
            }
        });
        assert_eq!(n, 2);
    }
}
