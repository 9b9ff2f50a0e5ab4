//! Why a Binding Update is refused, and the status the refusal is sent
//! with: STYLE item 8, one tested mapping per protocol (rustls
//! `From<InvalidMessage> for AlertDescription`).
//!
//! A home agent (RFC 6275 §10.3.1), a correspondent node (RFC 6275
//! §9.5.1), a MAP (RFC 5380 §6.1, which reuses the RFC 6275 statuses and
//! defines none of its own), a NEMO home agent (RFC 3963 §6.6) or an LMA
//! (RFC 5213 §5.3) that refuses a Binding Update names the reason as a
//! [`BuError`] and answers with `BaStatus::from(&reason)` in a Binding
//! Acknowledgement. The few cases that are answered with a Binding Error
//! instead (RFC 6275 §9.3.3) are [`BeError`], mapped to [`BeStatus`].
//!
//! Status numbers come from RFC 6275 §6.1.8, RFC 3963 §4.2, RFC 5213 §8.9,
//! checked against the IANA "Mobility IPv6 parameters" registry as
//! reproduced by Wireshark's `packet-mip6.c` (`mip6_ba_status_value`).

use super::codes::{BaStatus, BeStatus};

/// A reason to refuse a Binding Update (or a Proxy Binding Update), one
/// variant per Binding Acknowledgement status the RFCs define for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum BuError {
    /// No more specific reason applies (RFC 6275 §6.1.8, status 128).
    #[error("reason unspecified")]
    Unspecified,
    /// Local policy forbids the binding (RFC 6275 §6.1.8, status 129).
    #[error("administratively prohibited")]
    AdministrativelyProhibited,
    /// No room for another Binding Cache entry or its state (RFC 6275
    /// §9.5.2 and §10.3.1, status 130).
    #[error("insufficient resources")]
    InsufficientResources,
    /// The H bit is set but this node is not a home agent (RFC 6275
    /// §9.5.1, status 131).
    #[error("home registration not supported")]
    HomeRegistrationNotSupported,
    /// The home address is not on-link on a home subnet of this home agent
    /// (RFC 6275 §10.3.1, status 132).
    #[error("not home subnet")]
    NotHomeSubnet,
    /// This home agent does not serve the mobile node (RFC 6275 §10.3.1,
    /// status 133).
    #[error("not home agent for this mobile node")]
    NotHomeAgentForThisMobileNode,
    /// Duplicate Address Detection on the home address failed (RFC 6275
    /// §10.3.1, status 134).
    #[error("duplicate address detection failed")]
    DuplicateAddressDetectionFailed,
    /// The Sequence Number is not greater than the last accepted one
    /// (RFC 6275 §9.5.1, status 135; the BA carries the last accepted
    /// number).
    #[error("sequence number out of window")]
    SequenceNumberOutOfWindow,
    /// The home nonce index names a nonce no longer kept (RFC 6275 §9.5.1,
    /// status 136).
    #[error("expired home nonce index")]
    ExpiredHomeNonceIndex,
    /// The care-of nonce index names a nonce no longer kept (RFC 6275
    /// §9.5.1, status 137).
    #[error("expired care-of nonce index")]
    ExpiredCareOfNonceIndex,
    /// Both nonce indices name nonces no longer kept (RFC 6275 §9.5.1,
    /// status 138).
    #[error("expired nonces")]
    ExpiredNonces,
    /// The H bit differs from the existing binding's (RFC 6275 §9.5.1,
    /// status 139).
    #[error("registration type change disallowed")]
    RegistrationTypeChangeDisallowed,
    /// The R bit is set but the node may not act as a mobile router (NEMO,
    /// RFC 3963 §6.6, status 140).
    #[error("mobile router operation not permitted")]
    MobileRouterOperationNotPermitted,
    /// A Mobile Network Prefix option is invalid (NEMO, RFC 3963 §6.6,
    /// status 141).
    #[error("invalid prefix")]
    InvalidPrefix,
    /// The mobile router may not use a prefix it claims (NEMO, RFC 3963
    /// §6.6, status 142).
    #[error("not authorized for prefix")]
    NotAuthorizedForPrefix,
    /// No prefixes are known for the mobile router (NEMO, RFC 3963 §6.6,
    /// status 143).
    #[error("forwarding setup failed")]
    ForwardingSetupFailed,
    /// The LMA does not accept Proxy Binding Updates for this mobile node
    /// (PMIPv6, RFC 5213 §5.3.1, status 152).
    #[error("proxy registration not enabled")]
    ProxyRegNotEnabled,
    /// This LMA does not serve the mobile node (PMIPv6, RFC 5213 §5.3.1,
    /// status 153).
    #[error("not LMA for this mobile node")]
    NotLmaForThisMobileNode,
    /// The sending MAG may not register this mobile node (PMIPv6, RFC 5213
    /// §5.3.1, status 154).
    #[error("MAG not authorized for proxy registration")]
    MagNotAuthorizedForProxyReg,
    /// The mobile node may not use a requested home network prefix
    /// (PMIPv6, RFC 5213 §5.3.1, status 155).
    #[error("not authorized for home network prefix")]
    NotAuthorizedForHomeNetworkPrefix,
    /// The Timestamp option is outside the allowed clock skew (PMIPv6,
    /// RFC 5213 §5.5, status 156).
    #[error("timestamp mismatch")]
    TimestampMismatch,
    /// The Timestamp is older than the last accepted one (PMIPv6, RFC 5213
    /// §5.5, status 157).
    #[error("timestamp lower than previously accepted")]
    TimestampLowerThanPrevAccepted,
    /// No Home Network Prefix option (PMIPv6, RFC 5213 §5.3.1, status 158).
    #[error("missing home network prefix option")]
    MissingHomeNetworkPrefixOption,
    /// The PBU's prefixes differ from the Binding Cache entry's (PMIPv6,
    /// RFC 5213 §5.4.1, status 159).
    #[error("BCE and PBU prefix sets do not match")]
    BcePbuPrefixSetDoNotMatch,
    /// No Mobile Node Identifier option (PMIPv6, RFC 5213 §5.3.1, status
    /// 160).
    #[error("missing mobile node identifier option")]
    MissingMnIdentifierOption,
    /// No Handoff Indicator option (PMIPv6, RFC 5213 §5.3.1, status 161).
    #[error("missing handoff indicator option")]
    MissingHandoffIndicatorOption,
    /// No Access Technology Type option (PMIPv6, RFC 5213 §5.3.1, status
    /// 162).
    #[error("missing access technology type option")]
    MissingAccessTechTypeOption,
    /// The care-of address is not a usable unicast address (RFC 6275
    /// §6.1.8 and §9.5.1, status 174).
    #[error("invalid care-of address")]
    InvalidCareOfAddress,
}

impl From<&BuError> for BaStatus {
    fn from(e: &BuError) -> Self {
        match e {
            BuError::Unspecified => BaStatus::REASON_UNSPECIFIED,
            BuError::AdministrativelyProhibited => BaStatus::ADMINISTRATIVELY_PROHIBITED,
            BuError::InsufficientResources => BaStatus::INSUFFICIENT_RESOURCES,
            BuError::HomeRegistrationNotSupported => BaStatus::HOME_REGISTRATION_NOT_SUPPORTED,
            BuError::NotHomeSubnet => BaStatus::NOT_HOME_SUBNET,
            BuError::NotHomeAgentForThisMobileNode => BaStatus::NOT_HOME_AGENT,
            BuError::DuplicateAddressDetectionFailed => BaStatus::DAD_FAILED,
            BuError::SequenceNumberOutOfWindow => BaStatus::SEQUENCE_OUT_OF_WINDOW,
            BuError::ExpiredHomeNonceIndex => BaStatus::EXPIRED_HOME_NONCE_INDEX,
            BuError::ExpiredCareOfNonceIndex => BaStatus::EXPIRED_CARE_OF_NONCE_INDEX,
            BuError::ExpiredNonces => BaStatus::EXPIRED_NONCES,
            BuError::RegistrationTypeChangeDisallowed => {
                BaStatus::REGISTRATION_TYPE_CHANGE_DISALLOWED
            }
            BuError::MobileRouterOperationNotPermitted => BaStatus::MOBILE_ROUTER_NOT_PERMITTED,
            BuError::InvalidPrefix => BaStatus::INVALID_PREFIX,
            BuError::NotAuthorizedForPrefix => BaStatus::NOT_AUTHORIZED_FOR_PREFIX,
            BuError::ForwardingSetupFailed => BaStatus::FORWARDING_SETUP_FAILED,
            BuError::ProxyRegNotEnabled => BaStatus::PROXY_REG_NOT_ENABLED,
            BuError::NotLmaForThisMobileNode => BaStatus::NOT_LMA_FOR_THIS_MOBILE_NODE,
            BuError::MagNotAuthorizedForProxyReg => BaStatus::MAG_NOT_AUTHORIZED_FOR_PROXY_REG,
            BuError::NotAuthorizedForHomeNetworkPrefix => {
                BaStatus::NOT_AUTHORIZED_FOR_HOME_NETWORK_PREFIX
            }
            BuError::TimestampMismatch => BaStatus::TIMESTAMP_MISMATCH,
            BuError::TimestampLowerThanPrevAccepted => BaStatus::TIMESTAMP_LOWER_THAN_PREV_ACCEPTED,
            BuError::MissingHomeNetworkPrefixOption => BaStatus::MISSING_HOME_NETWORK_PREFIX_OPTION,
            BuError::BcePbuPrefixSetDoNotMatch => BaStatus::BCE_PBU_PREFIX_SET_DO_NOT_MATCH,
            BuError::MissingMnIdentifierOption => BaStatus::MISSING_MN_IDENTIFIER_OPTION,
            BuError::MissingHandoffIndicatorOption => BaStatus::MISSING_HANDOFF_INDICATOR_OPTION,
            BuError::MissingAccessTechTypeOption => BaStatus::MISSING_ACCESS_TECH_TYPE_OPTION,
            BuError::InvalidCareOfAddress => BaStatus::INVALID_CARE_OF_ADDRESS,
        }
    }
}

/// A reason to answer with a Binding Error rather than a Binding
/// Acknowledgement (RFC 6275 §9.3.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum BeError {
    /// A packet carries a Home Address destination option for which the
    /// receiver has no binding (RFC 6275 §9.3.1, status 1).
    #[error("unknown binding for home address destination option")]
    UnknownBindingForHomeAddressOption,
    /// The Mobility Header's MH Type is not known (RFC 6275 §9.2, status
    /// 2).
    #[error("unrecognized MH type value")]
    UnrecognizedMhType,
}

impl From<&BeError> for BeStatus {
    fn from(e: &BeError) -> Self {
        match e {
            BeError::UnknownBindingForHomeAddressOption => BeStatus::UNKNOWN_BINDING_FOR_HAO,
            BeError::UnrecognizedMhType => BeStatus::UNRECOGNIZED_MH_TYPE,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One row per refusal status: RFC 6275 §6.1.8 (128–139, 174), RFC 3963
    /// §4.2 (140–143), RFC 5213 §8.9 (152–162). The numbers are written out
    /// rather than taken from the constants, so a wrong constant fails too.
    const BA_TABLE: &[(BuError, u8, &str)] = &[
        (BuError::Unspecified, 128, "Reason unspecified"),
        (
            BuError::AdministrativelyProhibited,
            129,
            "Administratively prohibited",
        ),
        (
            BuError::InsufficientResources,
            130,
            "Insufficient resources",
        ),
        (
            BuError::HomeRegistrationNotSupported,
            131,
            "Home registration not supported",
        ),
        (BuError::NotHomeSubnet, 132, "Not home subnet"),
        (
            BuError::NotHomeAgentForThisMobileNode,
            133,
            "Not home agent for this mobile node",
        ),
        (
            BuError::DuplicateAddressDetectionFailed,
            134,
            "Duplicate Address Detection failed",
        ),
        (
            BuError::SequenceNumberOutOfWindow,
            135,
            "Sequence number out of window",
        ),
        (
            BuError::ExpiredHomeNonceIndex,
            136,
            "Expired home nonce index",
        ),
        (
            BuError::ExpiredCareOfNonceIndex,
            137,
            "Expired care-of nonce index",
        ),
        (BuError::ExpiredNonces, 138, "Expired nonces"),
        (
            BuError::RegistrationTypeChangeDisallowed,
            139,
            "Registration type change disallowed",
        ),
        (
            BuError::MobileRouterOperationNotPermitted,
            140,
            "Mobile Router Operation not permitted",
        ),
        (BuError::InvalidPrefix, 141, "Invalid Prefix"),
        (
            BuError::NotAuthorizedForPrefix,
            142,
            "Not Authorized for Prefix",
        ),
        (
            BuError::ForwardingSetupFailed,
            143,
            "Forwarding Setup failed (prefixes missing)",
        ),
        (BuError::ProxyRegNotEnabled, 152, "PROXY_REG_NOT_ENABLED"),
        (
            BuError::NotLmaForThisMobileNode,
            153,
            "NOT_LMA_FOR_THIS_MOBILE_NODE",
        ),
        (
            BuError::MagNotAuthorizedForProxyReg,
            154,
            "MAG_NOT_AUTHORIZED_FOR_PROXY_REG",
        ),
        (
            BuError::NotAuthorizedForHomeNetworkPrefix,
            155,
            "NOT_AUTHORIZED_FOR_HOME_NETWORK_PREFIX",
        ),
        (BuError::TimestampMismatch, 156, "TIMESTAMP_MISMATCH"),
        (
            BuError::TimestampLowerThanPrevAccepted,
            157,
            "TIMESTAMP_LOWER_THAN_PREV_ACCEPTED",
        ),
        (
            BuError::MissingHomeNetworkPrefixOption,
            158,
            "MISSING_HOME_NETWORK_PREFIX_OPTION",
        ),
        (
            BuError::BcePbuPrefixSetDoNotMatch,
            159,
            "BCE_PBU_PREFIX_SET_DO_NOT_MATCH",
        ),
        (
            BuError::MissingMnIdentifierOption,
            160,
            "MISSING_MN_IDENTIFIER_OPTION",
        ),
        (
            BuError::MissingHandoffIndicatorOption,
            161,
            "MISSING_HANDOFF_INDICATOR_OPTION",
        ),
        (
            BuError::MissingAccessTechTypeOption,
            162,
            "MISSING_ACCESS_TECH_TYPE_OPTION",
        ),
        (
            BuError::InvalidCareOfAddress,
            174,
            "Invalid Care-of Address",
        ),
    ];

    #[test]
    fn bu_error_to_ba_status_table() {
        for &(err, code, name) in BA_TABLE {
            let status = BaStatus::from(&err);
            assert_eq!(status, BaStatus(code), "{err:?}");
            assert_eq!(status.name(), Some(name), "{err:?}");
            assert!(
                !status.is_accepted(),
                "{err:?} must refuse (RFC 6275 §6.1.8: >= 128)"
            );
        }
    }

    #[test]
    fn table_covers_every_refusal_status_once() {
        // Every named BaStatus >= 128 appears exactly once in the table.
        for code in 128..=255u8 {
            let named = BaStatus(code).name().is_some();
            let rows = BA_TABLE.iter().filter(|r| r.1 == code).count();
            assert_eq!(rows, usize::from(named), "status {code}");
        }
        // And every variant is in the table (the match forces an update
        // here when a variant is added).
        for &(err, _, _) in BA_TABLE {
            match err {
                BuError::Unspecified
                | BuError::AdministrativelyProhibited
                | BuError::InsufficientResources
                | BuError::HomeRegistrationNotSupported
                | BuError::NotHomeSubnet
                | BuError::NotHomeAgentForThisMobileNode
                | BuError::DuplicateAddressDetectionFailed
                | BuError::SequenceNumberOutOfWindow
                | BuError::ExpiredHomeNonceIndex
                | BuError::ExpiredCareOfNonceIndex
                | BuError::ExpiredNonces
                | BuError::RegistrationTypeChangeDisallowed
                | BuError::MobileRouterOperationNotPermitted
                | BuError::InvalidPrefix
                | BuError::NotAuthorizedForPrefix
                | BuError::ForwardingSetupFailed
                | BuError::ProxyRegNotEnabled
                | BuError::NotLmaForThisMobileNode
                | BuError::MagNotAuthorizedForProxyReg
                | BuError::NotAuthorizedForHomeNetworkPrefix
                | BuError::TimestampMismatch
                | BuError::TimestampLowerThanPrevAccepted
                | BuError::MissingHomeNetworkPrefixOption
                | BuError::BcePbuPrefixSetDoNotMatch
                | BuError::MissingMnIdentifierOption
                | BuError::MissingHandoffIndicatorOption
                | BuError::MissingAccessTechTypeOption
                | BuError::InvalidCareOfAddress => {}
            }
        }
        assert_eq!(BA_TABLE.len(), 28);
    }

    #[test]
    fn be_error_to_be_status_table() {
        for (err, code) in [
            (BeError::UnknownBindingForHomeAddressOption, 1u8),
            (BeError::UnrecognizedMhType, 2),
        ] {
            assert_eq!(BeStatus::from(&err), BeStatus(code), "{err:?}");
        }
    }
}
