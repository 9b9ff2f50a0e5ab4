//! Typed AVP values (RFC 6733 §4.2 basic types, §4.3 derived types).

/// The data format of an AVP (RFC 6733 §4.2, §4.3).
///
/// The wire cannot tell these apart: a dictionary says which one an AVP has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AvpType {
    /// Arbitrary bytes.
    OctetString,
    /// 32-bit signed.
    Integer32,
    /// 64-bit signed.
    Integer64,
    /// 32-bit unsigned.
    Unsigned32,
    /// 64-bit unsigned.
    Unsigned64,
    /// IEEE 754 single.
    Float32,
    /// IEEE 754 double.
    Float64,
    /// A sequence of AVPs.
    Grouped,
    /// Address family + address (derived from OctetString).
    Address,
    /// NTP seconds (derived from OctetString, 4 bytes).
    Time,
    /// UTF-8 text.
    UTF8String,
    /// A Diameter node's FQDN or realm (ASCII).
    DiameterIdentity,
    /// `aaa://` or `aaas://` URI.
    DiameterURI,
    /// Integer32 with named values.
    Enumerated,
    /// An IPFilterRule (RFC 6733 §4.3.1).
    IPFilterRule,
    /// A QoSFilterRule (RFC 6733 §4.3.1, formerly RFC 3588).
    QoSFilterRule,
}

impl AvpType {
    /// The RFC name of the type, as dictionaries spell it.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            AvpType::OctetString => "OctetString",
            AvpType::Integer32 => "Integer32",
            AvpType::Integer64 => "Integer64",
            AvpType::Unsigned32 => "Unsigned32",
            AvpType::Unsigned64 => "Unsigned64",
            AvpType::Float32 => "Float32",
            AvpType::Float64 => "Float64",
            AvpType::Grouped => "Grouped",
            AvpType::Address => "Address",
            AvpType::Time => "Time",
            AvpType::UTF8String => "UTF8String",
            AvpType::DiameterIdentity => "DiameterIdentity",
            AvpType::DiameterURI => "DiameterURI",
            AvpType::Enumerated => "Enumerated",
            AvpType::IPFilterRule => "IPFilterRule",
            AvpType::QoSFilterRule => "QoSFilterRule",
        }
    }
}
