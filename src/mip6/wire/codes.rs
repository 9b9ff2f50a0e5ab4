//! Mobile IPv6 code points as open newtypes.
//!
//! The tables come from the RFCs named on each constant and were
//! cross-checked against the IANA "Mobile IPv6 parameters" registry as
//! reproduced by Wireshark's `packet-mip6.c` and scapy's `inet6.py`.

use crate::wire::open_code;

open_code! {
    /// The Mobility Header Type (RFC 6275 §6.1.1, §6.1.2–§6.1.9).
    MhType(u8) {
        /// Binding Refresh Request (RFC 6275 §6.1.2).
        BINDING_REFRESH_REQUEST = 0, "Binding Refresh Request";
        /// Home Test Init (RFC 6275 §6.1.3).
        HOME_TEST_INIT = 1, "Home Test Init";
        /// Care-of Test Init (RFC 6275 §6.1.4).
        CARE_OF_TEST_INIT = 2, "Care-of Test Init";
        /// Home Test (RFC 6275 §6.1.5).
        HOME_TEST = 3, "Home Test";
        /// Care-of Test (RFC 6275 §6.1.6).
        CARE_OF_TEST = 4, "Care-of Test";
        /// Binding Update (RFC 6275 §6.1.7).
        BINDING_UPDATE = 5, "Binding Update";
        /// Binding Acknowledgement (RFC 6275 §6.1.8).
        BINDING_ACK = 6, "Binding Acknowledgement";
        /// Binding Error (RFC 6275 §6.1.9).
        BINDING_ERROR = 7, "Binding Error";
    }
}

open_code! {
    /// Binding Acknowledgement Status (RFC 6275 §6.1.8; NEMO RFC 3963 §4.2;
    /// PMIPv6 RFC 5213 §8.9). Values below 128 mean the Binding Update was
    /// accepted ([`BaStatus::is_accepted`]). RFC 5380 (HMIPv6) reuses the
    /// RFC 6275 codes and defines none of its own.
    BaStatus(u8) {
        /// Binding Update accepted (RFC 6275).
        ACCEPTED = 0, "Binding Update accepted";
        /// Accepted but prefix discovery necessary (RFC 6275).
        ACCEPTED_PREFIX_DISCOVERY = 1, "Accepted but prefix discovery necessary";
        /// Reason unspecified (RFC 6275).
        REASON_UNSPECIFIED = 128, "Reason unspecified";
        /// Administratively prohibited (RFC 6275).
        ADMINISTRATIVELY_PROHIBITED = 129, "Administratively prohibited";
        /// Insufficient resources (RFC 6275).
        INSUFFICIENT_RESOURCES = 130, "Insufficient resources";
        /// Home registration not supported (RFC 6275).
        HOME_REGISTRATION_NOT_SUPPORTED = 131, "Home registration not supported";
        /// Not home subnet (RFC 6275).
        NOT_HOME_SUBNET = 132, "Not home subnet";
        /// Not home agent for this mobile node (RFC 6275).
        NOT_HOME_AGENT = 133, "Not home agent for this mobile node";
        /// Duplicate Address Detection failed (RFC 6275).
        DAD_FAILED = 134, "Duplicate Address Detection failed";
        /// Sequence number out of window (RFC 6275).
        SEQUENCE_OUT_OF_WINDOW = 135, "Sequence number out of window";
        /// Expired home nonce index (RFC 6275).
        EXPIRED_HOME_NONCE_INDEX = 136, "Expired home nonce index";
        /// Expired care-of nonce index (RFC 6275).
        EXPIRED_CARE_OF_NONCE_INDEX = 137, "Expired care-of nonce index";
        /// Expired nonces (RFC 6275).
        EXPIRED_NONCES = 138, "Expired nonces";
        /// Registration type change disallowed (RFC 6275).
        REGISTRATION_TYPE_CHANGE_DISALLOWED = 139, "Registration type change disallowed";
        /// Mobile Router Operation not permitted (NEMO, RFC 3963).
        MOBILE_ROUTER_NOT_PERMITTED = 140, "Mobile Router Operation not permitted";
        /// Invalid Prefix (NEMO, RFC 3963).
        INVALID_PREFIX = 141, "Invalid Prefix";
        /// Not Authorized for Prefix (NEMO, RFC 3963).
        NOT_AUTHORIZED_FOR_PREFIX = 142, "Not Authorized for Prefix";
        /// Forwarding Setup failed (prefixes missing) (NEMO, RFC 3963).
        FORWARDING_SETUP_FAILED = 143, "Forwarding Setup failed (prefixes missing)";
        /// PROXY_REG_NOT_ENABLED (PMIPv6, RFC 5213).
        PROXY_REG_NOT_ENABLED = 152, "PROXY_REG_NOT_ENABLED";
        /// NOT_LMA_FOR_THIS_MOBILE_NODE (PMIPv6, RFC 5213).
        NOT_LMA_FOR_THIS_MOBILE_NODE = 153, "NOT_LMA_FOR_THIS_MOBILE_NODE";
        /// MAG_NOT_AUTHORIZED_FOR_PROXY_REG (PMIPv6, RFC 5213).
        MAG_NOT_AUTHORIZED_FOR_PROXY_REG = 154, "MAG_NOT_AUTHORIZED_FOR_PROXY_REG";
        /// NOT_AUTHORIZED_FOR_HOME_NETWORK_PREFIX (PMIPv6, RFC 5213).
        NOT_AUTHORIZED_FOR_HOME_NETWORK_PREFIX = 155, "NOT_AUTHORIZED_FOR_HOME_NETWORK_PREFIX";
        /// TIMESTAMP_MISMATCH (PMIPv6, RFC 5213).
        TIMESTAMP_MISMATCH = 156, "TIMESTAMP_MISMATCH";
        /// TIMESTAMP_LOWER_THAN_PREV_ACCEPTED (PMIPv6, RFC 5213).
        TIMESTAMP_LOWER_THAN_PREV_ACCEPTED = 157, "TIMESTAMP_LOWER_THAN_PREV_ACCEPTED";
        /// MISSING_HOME_NETWORK_PREFIX_OPTION (PMIPv6, RFC 5213).
        MISSING_HOME_NETWORK_PREFIX_OPTION = 158, "MISSING_HOME_NETWORK_PREFIX_OPTION";
        /// BCE_PBU_PREFIX_SET_DO_NOT_MATCH (PMIPv6, RFC 5213).
        BCE_PBU_PREFIX_SET_DO_NOT_MATCH = 159, "BCE_PBU_PREFIX_SET_DO_NOT_MATCH";
        /// MISSING_MN_IDENTIFIER_OPTION (PMIPv6, RFC 5213).
        MISSING_MN_IDENTIFIER_OPTION = 160, "MISSING_MN_IDENTIFIER_OPTION";
        /// MISSING_HANDOFF_INDICATOR_OPTION (PMIPv6, RFC 5213).
        MISSING_HANDOFF_INDICATOR_OPTION = 161, "MISSING_HANDOFF_INDICATOR_OPTION";
        /// MISSING_ACCESS_TECH_TYPE_OPTION (PMIPv6, RFC 5213).
        MISSING_ACCESS_TECH_TYPE_OPTION = 162, "MISSING_ACCESS_TECH_TYPE_OPTION";
        /// Invalid Care-of Address (RFC 6275).
        INVALID_CARE_OF_ADDRESS = 174, "Invalid Care-of Address";
    }
}

impl BaStatus {
    /// Status values below 128 indicate that the Binding Update was
    /// accepted (RFC 6275 §6.1.8).
    #[must_use]
    pub const fn is_accepted(self) -> bool {
        self.0 < 128
    }
}

open_code! {
    /// Binding Error Status (RFC 6275 §6.1.9).
    BeStatus(u8) {
        /// Unknown binding for Home Address destination option.
        UNKNOWN_BINDING_FOR_HAO = 1, "Unknown binding for Home Address destination option";
        /// Unrecognized MH Type value.
        UNRECOGNIZED_MH_TYPE = 2, "Unrecognized MH Type value";
    }
}

open_code! {
    /// A mobility option type (RFC 6275 §6.2; RFC 4283 §3; RFC 5213 §8.3–§8.8).
    MobilityOptionType(u8) {
        /// Pad1 (RFC 6275 §6.2.2).
        PAD1 = 0, "Pad1";
        /// PadN (RFC 6275 §6.2.3).
        PADN = 1, "PadN";
        /// Binding Refresh Advice (RFC 6275 §6.2.4).
        BINDING_REFRESH_ADVICE = 2, "Binding Refresh Advice";
        /// Alternate Care-of Address (RFC 6275 §6.2.5).
        ALTERNATE_CARE_OF_ADDRESS = 3, "Alternate Care-of Address";
        /// Nonce Indices (RFC 6275 §6.2.6).
        NONCE_INDICES = 4, "Nonce Indices";
        /// Binding Authorization Data (RFC 6275 §6.2.7).
        BINDING_AUTHORIZATION_DATA = 5, "Binding Authorization Data";
        /// Mobile Network Prefix (NEMO, RFC 3963 §6.2).
        MOBILE_NETWORK_PREFIX = 6, "Mobile Network Prefix";
        /// Mobile Node Identifier (RFC 4283 §3).
        MOBILE_NODE_IDENTIFIER = 8, "Mobile Node Identifier";
        /// Home Network Prefix (PMIPv6, RFC 5213 §8.3).
        HOME_NETWORK_PREFIX = 22, "Home Network Prefix";
        /// Handoff Indicator (PMIPv6, RFC 5213 §8.4).
        HANDOFF_INDICATOR = 23, "Handoff Indicator";
        /// Access Technology Type (PMIPv6, RFC 5213 §8.5).
        ACCESS_TECHNOLOGY_TYPE = 24, "Access Technology Type";
        /// Mobile Node Link-layer Identifier (PMIPv6, RFC 5213 §8.6).
        MOBILE_NODE_LINK_LAYER_IDENTIFIER = 25, "Mobile Node Link-layer Identifier";
        /// Link-local Address (PMIPv6, RFC 5213 §8.7).
        LINK_LOCAL_ADDRESS = 26, "Link-local Address";
        /// Timestamp (PMIPv6, RFC 5213 §8.8).
        TIMESTAMP = 27, "Timestamp";
    }
}

open_code! {
    /// Handoff Indicator values (RFC 5213 §8.4).
    HandoffIndicator(u8) {
        /// Attachment over a new interface.
        NEW_INTERFACE = 1, "Attachment over a new interface";
        /// Handoff between two different interfaces of the mobile node.
        BETWEEN_INTERFACES = 2, "Handoff between two different interfaces of the mobile node";
        /// Handoff between mobile access gateways for the same interface.
        BETWEEN_MAGS = 3, "Handoff between mobile access gateways for the same interface";
        /// Handoff state unknown.
        UNKNOWN = 4, "Handoff state unknown";
        /// Handoff state not changed (Re-registration).
        NOT_CHANGED = 5, "Handoff state not changed (Re-registration)";
    }
}

open_code! {
    /// Access Technology Type values (RFC 5213 §8.5).
    AccessTechnologyType(u8) {
        /// Virtual.
        VIRTUAL = 1, "Virtual";
        /// PPP.
        PPP = 2, "PPP";
        /// IEEE 802.3.
        IEEE_802_3 = 3, "IEEE 802.3";
        /// IEEE 802.11a/b/g.
        IEEE_802_11 = 4, "IEEE 802.11a/b/g";
        /// IEEE 802.16e.
        IEEE_802_16E = 5, "IEEE 802.16e";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_acceptance() {
        assert_eq!(MhType(5), MhType::BINDING_UPDATE);
        assert_eq!(MhType(9).name(), None);
        assert!(BaStatus::ACCEPTED_PREFIX_DISCOVERY.is_accepted());
        assert!(!BaStatus::PROXY_REG_NOT_ENABLED.is_accepted());
        assert_eq!(MobilityOptionType::TIMESTAMP.name(), Some("Timestamp"));
    }
}
