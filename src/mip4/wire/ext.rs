//! Registration extensions (RFC 5944 §3.5): the walker and the typed forms.
//!
//! Three header layouts exist (RFC 5944 §1.9–1.11):
//!
//! | layout | types | header |
//! |---|---|---|
//! | short | all others | `Type(1) Length(1)`; Length counts the bytes after it |
//! | long with subtype | 36 (RFC 4721 §5), 40–43 (RFC 3957 §6.1–6.4) | `Type(1) Sub-Type(1) Length(2)`; Length counts the bytes after it |
//! | long with reserved | 38 CVSE (RFC 3115 §2) | `Type(1) Reserved(1) Length(2)` |
//!
//! Unknown types 0–127 are an [`Error::UnknownNonSkippable`] (RFC 5944 §1.9);
//! unknown types 128–255 are skipped and kept byte for byte
//! ([`Extension::Skipped`]), so a relay re-emits them unchanged.
//!
//! # RFC 3957 key generation extensions
//!
//! RFC 3957 §8 assigns exactly four types, all "not skippable": 40
//! MN-FA-KeyGen Request, 41 MN-FA-KeyGen Reply, 42 MN-HA-KeyGen Request,
//! 43 MN-HA-KeyGen Reply (the IANA "Extensions to Mobile IP Registration
//! Messages" registry lists the same; it has no type 39, so neither does this
//! module: 39 is an unknown non-skippable type). Their layouts (RFC 3957
//! §6.1–6.4) are not symmetric:
//!
//! | type | after `Type Subtype Length(2)` | subtype 1 (AAA) data |
//! |---|---|---|
//! | 40, 42 request | Mobile Node SPI(4), subtype data | empty |
//! | 41 MN-FA reply | subtype data | Lifetime(4) AAA SPI(4) FA SPI(4) Algorithm Identifier(2) Key Generation Nonce |
//! | 43 MN-HA reply | Lifetime(4), subtype data | AAA SPI(4) HA SPI(4) Algorithm Identifier(2) Replay Method(2) Key Generation Nonce |
//!
//! The MN-FA reply's Lifetime is part of the AAA subtype data (RFC 3957 §6.2
//! Figure 3, Length "equal to the number of bytes in the ... Subtype Data"),
//! while the MN-HA reply carries it before the subtype data (§6.4 Figure 5,
//! Length "Subtype Data plus 4 (for the Lifetime field)"). Subtype 1 data is
//! checked on parse: an AAA request with subtype data, or an AAA reply shorter
//! than its fixed fields plus a [`MIN_KEY_GENERATION_NONCE_LEN`]-byte nonce
//! ("A random value of at least 128 bits"), is an
//! [`Error::BadExtensionLength`]. Other subtypes are kept raw. The key the
//! mobile node derives from a nonce is [`super::keygen::derive_key`].

use super::codes::{
    ExtensionType, GeneralizedAuthSubtype, KeyGenAlgorithm, KeyGenSubtype, ReplayMethod,
    RevocationSupportFlags, UdpTunnelRequestFlags,
};
use super::error::{EmitError, Error, Layer};
use crate::wire::{be_u16, be_u32, Writer};
use core::net::Ipv4Addr;

/// The most extensions one message may carry; more is
/// [`Error::TooManyExtensions`]. A registration with NAI, challenge, key
/// requests, vendor extensions and three authenticators has about ten.
pub const MAX_EXTENSIONS: usize = 32;

/// Bytes of an MN-HA/MN-FA/FA-HA extension before the authenticator
/// (type, length, SPI): the authenticator covers everything up to here
/// (RFC 5944 §3.5.1).
pub const AUTH_HEADER_LEN: usize = 6;
/// Bytes of a Generalized Authentication extension before the authenticator
/// (type, subtype, 16-bit length, SPI; RFC 4721 §5).
pub const GENERALIZED_AUTH_HEADER_LEN: usize = 8;
/// The smallest Length of a Generalized Authentication extension: "4 plus
/// the number of octets in the Authenticator; MUST be at least 20" (RFC 4721
/// §5), so the authenticator has at least 16 bytes. Shorter is
/// [`Error::BadExtensionLength`] on parse and [`EmitError::Invalid`] on emit.
pub const GENERALIZED_AUTH_MIN_LENGTH: usize = 20;

/// MN-HA (32), MN-FA (33) or FA-HA (34) authentication (RFC 5944 §3.5.2–4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AuthExtension<'a> {
    /// 32, 33 or 34.
    pub ty: ExtensionType,
    /// Security Parameter Index.
    pub spi: u32,
    /// The authenticator (16 bytes for HMAC-MD5 and keyed MD5).
    pub authenticator: &'a [u8],
}

/// Generalized Mobile IP Authentication (type 36, RFC 4721 §5), e.g. MN-AAA.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct GeneralizedAuth<'a> {
    /// The subtype (1 = MN-AAA).
    pub subtype: GeneralizedAuthSubtype,
    /// Security Parameter Index.
    pub spi: u32,
    /// The authenticator.
    pub authenticator: &'a [u8],
}

/// Shortest Key Generation Nonce in an AAA key generation reply: "A random
/// value of at least 128 bits" (RFC 3957 §6.2, §6.4).
pub const MIN_KEY_GENERATION_NONCE_LEN: usize = 16;
/// Bytes of MN-FA AAA KeyGen Reply data before the nonce: Lifetime, AAA SPI,
/// FA SPI, Algorithm Identifier (RFC 3957 §6.2 Figure 3).
pub const MN_FA_AAA_FIXED_LEN: usize = 14;
/// Bytes of MN-HA AAA KeyGen Reply subtype data before the nonce: AAA SPI,
/// HA SPI, Algorithm Identifier, Replay Method (RFC 3957 §6.4 Figure 6).
pub const MN_HA_AAA_FIXED_LEN: usize = 12;

/// A Generalized MN-FA (type 40) or MN-HA (type 42) Key Generation Nonce
/// Request (RFC 3957 §6.1, §6.3): Length is 4 plus the subtype data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyGenRequest<'a> {
    /// 40 (MN-FA) or 42 (MN-HA).
    pub ty: ExtensionType,
    /// The subtype ([`KeyGenSubtype::AAA`] = 1).
    pub subtype: KeyGenSubtype,
    /// Mobile Node SPI: the SPI the mobile node will assign to the new
    /// mobility security association.
    pub mn_spi: u32,
    /// Subtype data; empty for the AAA subtype ("a zero-length Subtype Data
    /// field", RFC 3957 §6.1, §6.3).
    pub data: &'a [u8],
}

/// The AAA subtype data of a Generalized MN-FA Key Generation Nonce Reply,
/// "MN-FA Key Generation Nonce From AAA" (RFC 3957 §6.2 Figure 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MnFaAaaKeyReply<'a> {
    /// Seconds for which the keying material is valid.
    pub lifetime: u32,
    /// AAA SPI: selects the mobile node's AAA security association, whose
    /// transform derives the key.
    pub aaa_spi: u32,
    /// FA SPI: the SPI of the new MN-FA mobility security association.
    pub fa_spi: u32,
    /// The transform for future MN-FA authenticators.
    pub algorithm: KeyGenAlgorithm,
    /// The Key Generation Nonce (at least 16 bytes).
    pub nonce: &'a [u8],
}

/// The AAA subtype data of a Generalized MN-HA Key Generation Nonce Reply,
/// "MN-HA Key Generation Nonce From AAA" (RFC 3957 §6.4 Figure 6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MnHaAaaKeyReply<'a> {
    /// AAA SPI: selects the mobile node's AAA security association.
    pub aaa_spi: u32,
    /// HA SPI: the SPI of the new MN-HA mobility security association.
    pub ha_spi: u32,
    /// The transform for future MN-HA authenticators.
    pub algorithm: KeyGenAlgorithm,
    /// The replay method for future registrations.
    pub replay_method: ReplayMethod,
    /// The Key Generation Nonce (at least 16 bytes).
    pub nonce: &'a [u8],
}

/// The subtype data of a key generation reply: decoded for the AAA subtype,
/// raw for any other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyGenReplyData<'a, A> {
    /// Subtype 1, [`KeyGenSubtype::AAA`].
    Aaa(A),
    /// Another subtype, its data kept verbatim. Emitting this with subtype
    /// [`KeyGenSubtype::AAA`] is an error (the AAA form has its own variant).
    Other {
        /// The subtype.
        subtype: KeyGenSubtype,
        /// The subtype data.
        data: &'a [u8],
    },
}

impl<A> KeyGenReplyData<'_, A> {
    /// The subtype on the wire.
    #[must_use]
    pub fn subtype(&self) -> KeyGenSubtype {
        match self {
            KeyGenReplyData::Aaa(_) => KeyGenSubtype::AAA,
            KeyGenReplyData::Other { subtype, .. } => *subtype,
        }
    }
}

/// A Generalized MN-FA Key Generation Nonce Reply (type 41, RFC 3957 §6.2).
/// Its Length counts the subtype data only; the AAA subtype starts with the
/// Lifetime.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MnFaKeyGenReply<'a> {
    /// The subtype and its data.
    pub data: KeyGenReplyData<'a, MnFaAaaKeyReply<'a>>,
}

/// A Generalized MN-HA Key Generation Nonce Reply (type 43, RFC 3957 §6.4).
/// Its Length is the subtype data plus 4 for the Lifetime.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MnHaKeyGenReply<'a> {
    /// Seconds for which the MN-HA key is valid.
    pub lifetime: u32,
    /// The subtype and its data.
    pub data: KeyGenReplyData<'a, MnHaAaaKeyReply<'a>>,
}

/// A Vendor/Organization Specific Extension: CVSE (38) or NVSE (134),
/// RFC 3115 §2–3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct VendorExtension<'a> {
    /// The reserved field: one byte for CVSE (after the type), two bytes for
    /// NVSE (after the length). Kept for the round trip.
    pub reserved: u16,
    /// Vendor/Org-ID: high byte zero, low three bytes the SMI Network
    /// Management Private Enterprise Code.
    pub vendor_id: u32,
    /// Vendor-CVSE-Type / Vendor-NVSE-Type.
    pub vendor_type: u16,
    /// Vendor-specific value.
    pub value: &'a [u8],
}

/// UDP Tunnel Request (type 144, RFC 3519 §3.1); Length is 6.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct UdpTunnelRequest {
    /// Sub-Type (0).
    pub subtype: u8,
    /// Reserved 1.
    pub reserved1: u8,
    /// Flags F R (other bits reserved, kept).
    pub flags: UdpTunnelRequestFlags,
    /// Encapsulation: the IP protocol number of the tunnelled header (4 IP in
    /// IP, 47 GRE, 55 minimal).
    pub encapsulation: u8,
    /// Reserved 2.
    pub reserved2: u16,
}

/// UDP Tunnel Reply (type 44, RFC 3519 §3.2); Length is 6.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct UdpTunnelReply {
    /// Sub-Type (0).
    pub subtype: u8,
    /// Reply Code: 0 will do tunnelling, 64 declined.
    pub code: u8,
    /// F flag (0x8000) and reserved bits, kept.
    pub flags: u16,
    /// Keepalive interval, seconds.
    pub keepalive_interval: u16,
}

/// Revocation Support (type 137, RFC 3543 §3.3); Length is 6.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RevocationSupport {
    /// Flags (`I`) and reserved bits, kept.
    pub flags: RevocationSupportFlags,
    /// Timestamp: the sender's time of the most recent revocation it knows.
    pub timestamp: u32,
}

/// Dynamic HA (type 139, RFC 4433 §3.1); Length is 5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DynamicHa {
    /// 1 requested HA, 2 redirected HA.
    pub subtype: u8,
    /// The home agent address.
    pub home_agent: Ipv4Addr,
}

/// A skippable extension (type 128–255) the crate does not decode, kept
/// verbatim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RawExtension<'a> {
    /// The type (≥ 128).
    pub ty: ExtensionType,
    /// The bytes after the type and length.
    pub data: &'a [u8],
}

/// One registration extension, decoded. Borrowed fields point into the
/// message; the same value emits back to the same bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Extension<'a> {
    /// MN-HA, MN-FA or FA-HA authentication (32–34).
    Auth(AuthExtension<'a>),
    /// Generalized authentication, e.g. MN-AAA (36).
    GeneralizedAuth(GeneralizedAuth<'a>),
    /// Key Generation Nonce Request (40, 42).
    KeyGenRequest(KeyGenRequest<'a>),
    /// MN-FA Key Generation Nonce Reply (41).
    MnFaKeyGenReply(MnFaKeyGenReply<'a>),
    /// MN-HA Key Generation Nonce Reply (43).
    MnHaKeyGenReply(MnHaKeyGenReply<'a>),
    /// Critical vendor extension (38).
    Cvse(VendorExtension<'a>),
    /// Normal vendor extension (134).
    Nvse(VendorExtension<'a>),
    /// UDP Tunnel Reply (44).
    UdpTunnelReply(UdpTunnelReply),
    /// Encapsulating Delivery Style (130), no data.
    EncapsulatingDeliveryStyle,
    /// Mobile Node NAI (131): the NAI bytes (RFC 2794: UTF-8, no NUL).
    MnNai(&'a [u8]),
    /// MN-FA Challenge (132): the challenge.
    MnFaChallenge(&'a [u8]),
    /// Revocation Support (137).
    RevocationSupport(RevocationSupport),
    /// Dynamic HA (139).
    DynamicHa(DynamicHa),
    /// UDP Tunnel Request (144).
    UdpTunnelRequest(UdpTunnelRequest),
    /// An unrecognised skippable extension (≥ 128), preserved.
    Skipped(RawExtension<'a>),
}

enum Layout {
    Short,
    LongSubtype,
    LongReserved,
}

/// RFC 3957 §6.2 Figure 3, with the nonce minimum.
fn parse_mn_fa_aaa(d: &[u8]) -> Option<MnFaAaaKeyReply<'_>> {
    let nonce = d.get(MN_FA_AAA_FIXED_LEN..)?;
    if nonce.len() < MIN_KEY_GENERATION_NONCE_LEN {
        return None;
    }
    Some(MnFaAaaKeyReply {
        lifetime: be_u32(d, 0)?,
        aaa_spi: be_u32(d, 4)?,
        fa_spi: be_u32(d, 8)?,
        algorithm: KeyGenAlgorithm(be_u16(d, 12)?),
        nonce,
    })
}

/// RFC 3957 §6.4 Figure 6 (the data after the Lifetime), with the nonce
/// minimum.
fn parse_mn_ha_aaa(d: &[u8]) -> Option<MnHaAaaKeyReply<'_>> {
    let nonce = d.get(MN_HA_AAA_FIXED_LEN..)?;
    if nonce.len() < MIN_KEY_GENERATION_NONCE_LEN {
        return None;
    }
    Some(MnHaAaaKeyReply {
        aaa_spi: be_u32(d, 0)?,
        ha_spi: be_u32(d, 4)?,
        algorithm: KeyGenAlgorithm(be_u16(d, 8)?),
        replay_method: ReplayMethod(be_u16(d, 10)?),
        nonce,
    })
}

fn layout(ty: u8) -> Layout {
    match ty {
        36 | 40..=43 => Layout::LongSubtype,
        38 => Layout::LongReserved,
        _ => Layout::Short,
    }
}

fn trunc(offset: usize, required: usize, available: usize) -> Error {
    Error::Truncated {
        layer: Layer::Extension,
        offset,
        required,
        available,
    }
}

impl<'a> Extension<'a> {
    /// Parses the extension at the start of `buf`. `offset` is where `buf`
    /// starts in the message (for error locations). Returns the extension
    /// and its total length on the wire.
    #[inline]
    pub fn parse(buf: &'a [u8], offset: usize) -> Result<(Extension<'a>, usize), Error> {
        let ty = *buf.first().ok_or(trunc(offset, 1, 0))?;
        let (hdr, sub, len) = match layout(ty) {
            Layout::Short => {
                let l = *buf.get(1).ok_or(trunc(offset, 2, buf.len()))?;
                (2usize, 0u8, usize::from(l))
            }
            Layout::LongSubtype | Layout::LongReserved => {
                let l = be_u16(buf, 2).ok_or(trunc(offset, 4, buf.len()))?;
                (4usize, buf.get(1).copied().unwrap_or(0), usize::from(l))
            }
        };
        let total = hdr + len;
        let body = buf.get(hdr..total).ok_or(trunc(offset, total, buf.len()))?;
        let bad = Error::BadExtensionLength {
            offset,
            ty,
            length: len,
        };
        let u32_at = |at: usize| be_u32(body, at).ok_or(bad);
        let u16_at = |at: usize| be_u16(body, at).ok_or(bad);
        let exact = |n: usize| if len == n { Ok(()) } else { Err(bad) };
        let ext = match ty {
            32..=34 => Extension::Auth(AuthExtension {
                ty: ExtensionType(ty),
                spi: u32_at(0)?,
                authenticator: body.get(4..).ok_or(bad)?,
            }),
            36 => {
                // RFC 4721 §5: Length "MUST be at least 20".
                if len < GENERALIZED_AUTH_MIN_LENGTH {
                    return Err(bad);
                }
                Extension::GeneralizedAuth(GeneralizedAuth {
                    subtype: GeneralizedAuthSubtype(sub),
                    spi: u32_at(0)?,
                    authenticator: body.get(4..).ok_or(bad)?,
                })
            }
            40 | 42 => {
                let data = body.get(4..).ok_or(bad)?;
                let subtype = KeyGenSubtype(sub);
                // RFC 3957 §6.1, §6.3: the AAA request has no subtype data.
                if subtype == KeyGenSubtype::AAA && !data.is_empty() {
                    return Err(bad);
                }
                Extension::KeyGenRequest(KeyGenRequest {
                    ty: ExtensionType(ty),
                    subtype,
                    mn_spi: u32_at(0)?,
                    data,
                })
            }
            41 => Extension::MnFaKeyGenReply(MnFaKeyGenReply {
                data: match KeyGenSubtype(sub) {
                    KeyGenSubtype::AAA => KeyGenReplyData::Aaa(parse_mn_fa_aaa(body).ok_or(bad)?),
                    subtype => KeyGenReplyData::Other {
                        subtype,
                        data: body,
                    },
                },
            }),
            43 => {
                let data = body.get(4..).ok_or(bad)?;
                Extension::MnHaKeyGenReply(MnHaKeyGenReply {
                    lifetime: u32_at(0)?,
                    data: match KeyGenSubtype(sub) {
                        KeyGenSubtype::AAA => {
                            KeyGenReplyData::Aaa(parse_mn_ha_aaa(data).ok_or(bad)?)
                        }
                        subtype => KeyGenReplyData::Other { subtype, data },
                    },
                })
            }
            38 => Extension::Cvse(VendorExtension {
                reserved: u16::from(sub),
                vendor_id: u32_at(0)?,
                vendor_type: u16_at(4)?,
                value: body.get(6..).ok_or(bad)?,
            }),
            44 => {
                exact(6)?;
                Extension::UdpTunnelReply(UdpTunnelReply {
                    subtype: body.first().copied().ok_or(bad)?,
                    code: body.get(1).copied().ok_or(bad)?,
                    flags: u16_at(2)?,
                    keepalive_interval: u16_at(4)?,
                })
            }
            130 => {
                exact(0)?;
                Extension::EncapsulatingDeliveryStyle
            }
            131 => Extension::MnNai(body),
            132 => Extension::MnFaChallenge(body),
            134 => Extension::Nvse(VendorExtension {
                reserved: u16_at(0)?,
                vendor_id: u32_at(2)?,
                vendor_type: u16_at(6)?,
                value: body.get(8..).ok_or(bad)?,
            }),
            137 => {
                exact(6)?;
                Extension::RevocationSupport(RevocationSupport {
                    flags: RevocationSupportFlags::from_bits_retain(u16_at(0)?),
                    timestamp: u32_at(2)?,
                })
            }
            139 => {
                exact(5)?;
                let a = u32_at(1)?;
                Extension::DynamicHa(DynamicHa {
                    subtype: body.first().copied().ok_or(bad)?,
                    home_agent: Ipv4Addr::from(a),
                })
            }
            144 => {
                exact(6)?;
                Extension::UdpTunnelRequest(UdpTunnelRequest {
                    subtype: body.first().copied().ok_or(bad)?,
                    reserved1: body.get(1).copied().ok_or(bad)?,
                    flags: UdpTunnelRequestFlags::from_bits_retain(
                        body.get(2).copied().ok_or(bad)?,
                    ),
                    encapsulation: body.get(3).copied().ok_or(bad)?,
                    reserved2: u16_at(4)?,
                })
            }
            t if t >= 128 => Extension::Skipped(RawExtension {
                ty: ExtensionType(t),
                data: body,
            }),
            t => return Err(Error::UnknownNonSkippable { offset, ty: t }),
        };
        Ok((ext, total))
    }

    /// Reserved bits or fields this extension sets ([`super::Anomalies`]).
    #[must_use]
    pub fn anomalies(&self) -> super::Anomalies {
        use super::Anomalies as A;
        match self {
            Extension::Cvse(v) | Extension::Nvse(v) if v.reserved != 0 => A::RESERVED_FIELD,
            Extension::UdpTunnelRequest(r) => {
                let mut a = A::empty();
                if r.reserved1 != 0 || r.reserved2 != 0 {
                    a |= A::RESERVED_FIELD;
                }
                if r.flags.bits() & !UdpTunnelRequestFlags::all().bits() != 0 {
                    a |= A::RESERVED_FLAGS;
                }
                a
            }
            Extension::UdpTunnelReply(r) if r.flags & 0x7fff != 0 => A::RESERVED_FLAGS,
            Extension::RevocationSupport(r)
                if r.flags.bits() & !RevocationSupportFlags::all().bits() != 0 =>
            {
                A::RESERVED_FLAGS
            }
            _ => A::empty(),
        }
    }

    /// The extension type.
    #[must_use]
    pub fn ty(&self) -> ExtensionType {
        match self {
            Extension::Auth(a) => a.ty,
            Extension::GeneralizedAuth(_) => ExtensionType::GENERALIZED_AUTH,
            Extension::KeyGenRequest(k) => k.ty,
            Extension::MnFaKeyGenReply(_) => ExtensionType::MN_FA_KEYGEN_REPLY,
            Extension::MnHaKeyGenReply(_) => ExtensionType::MN_HA_KEYGEN_REPLY,
            Extension::Cvse(_) => ExtensionType::CVSE,
            Extension::Nvse(_) => ExtensionType::NVSE,
            Extension::UdpTunnelReply(_) => ExtensionType::UDP_TUNNEL_REPLY,
            Extension::EncapsulatingDeliveryStyle => ExtensionType::ENCAPSULATING_DELIVERY_STYLE,
            Extension::MnNai(_) => ExtensionType::MN_NAI,
            Extension::MnFaChallenge(_) => ExtensionType::MN_FA_CHALLENGE,
            Extension::RevocationSupport(_) => ExtensionType::REVOCATION_SUPPORT,
            Extension::DynamicHa(_) => ExtensionType::DYNAMIC_HA,
            Extension::UdpTunnelRequest(_) => ExtensionType::UDP_TUNNEL_REQUEST,
            Extension::Skipped(r) => r.ty,
        }
    }

    /// The value of the Length field (bytes after the header).
    #[must_use]
    pub fn body_len(&self) -> usize {
        match self {
            Extension::Auth(a) => 4 + a.authenticator.len(),
            Extension::GeneralizedAuth(g) => 4 + g.authenticator.len(),
            Extension::KeyGenRequest(k) => 4 + k.data.len(),
            Extension::MnFaKeyGenReply(k) => match k.data {
                KeyGenReplyData::Aaa(a) => MN_FA_AAA_FIXED_LEN + a.nonce.len(),
                KeyGenReplyData::Other { data, .. } => data.len(),
            },
            Extension::MnHaKeyGenReply(k) => {
                4 + match k.data {
                    KeyGenReplyData::Aaa(a) => MN_HA_AAA_FIXED_LEN + a.nonce.len(),
                    KeyGenReplyData::Other { data, .. } => data.len(),
                }
            }
            Extension::Cvse(v) => 6 + v.value.len(),
            Extension::Nvse(v) => 8 + v.value.len(),
            Extension::UdpTunnelReply(_)
            | Extension::RevocationSupport(_)
            | Extension::UdpTunnelRequest(_) => 6,
            Extension::EncapsulatingDeliveryStyle => 0,
            Extension::MnNai(b) | Extension::MnFaChallenge(b) => b.len(),
            Extension::DynamicHa(_) => 5,
            Extension::Skipped(r) => r.data.len(),
        }
    }

    fn header_len(&self) -> usize {
        match layout(self.ty().0) {
            Layout::Short => 2,
            _ => 4,
        }
    }

    /// Bytes this extension takes on the wire.
    #[must_use]
    pub fn encoded_len(&self) -> usize {
        self.header_len() + self.body_len()
    }

    /// Writes the extension at the writer's position.
    pub fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EmitError> {
        let ty = self.ty().0;
        let len = self.body_len();
        // Refuse what parse would refuse, so emit(x) always parses back to x.
        let invalid = EmitError::Invalid(Error::BadExtensionLength {
            offset: 0,
            ty,
            length: len,
        });
        let short_nonce = |n: &[u8]| n.len() < MIN_KEY_GENERATION_NONCE_LEN;
        match self {
            // A type field that names another layout would not parse back.
            Extension::Auth(a) if !matches!(a.ty.0, 32..=34) => return Err(invalid),
            Extension::KeyGenRequest(k) if !matches!(k.ty.0, 40 | 42) => return Err(invalid),
            Extension::GeneralizedAuth(_) if len < GENERALIZED_AUTH_MIN_LENGTH => {
                return Err(invalid)
            }
            Extension::KeyGenRequest(k)
                if k.subtype == KeyGenSubtype::AAA && !k.data.is_empty() =>
            {
                return Err(invalid)
            }
            Extension::MnFaKeyGenReply(MnFaKeyGenReply { data })
                if matches!(data, KeyGenReplyData::Aaa(a) if short_nonce(a.nonce))
                    || matches!(data, KeyGenReplyData::Other { subtype, .. } if *subtype == KeyGenSubtype::AAA) =>
            {
                return Err(invalid)
            }
            Extension::MnHaKeyGenReply(MnHaKeyGenReply { data, .. })
                if matches!(data, KeyGenReplyData::Aaa(a) if short_nonce(a.nonce))
                    || matches!(data, KeyGenReplyData::Other { subtype, .. } if *subtype == KeyGenSubtype::AAA) =>
            {
                return Err(invalid)
            }
            _ => {}
        }
        if let Extension::Cvse(v) = self {
            // The CVSE Reserved field is one byte on the wire.
            if v.reserved > 0xff {
                return Err(EmitError::ValueTooLong {
                    length: usize::from(v.reserved),
                    max: 0xff,
                });
            }
        }
        match layout(ty) {
            Layout::Short => {
                let l = u8::try_from(len).map_err(|_| EmitError::ValueTooLong {
                    length: len,
                    max: 255,
                })?;
                w.u8(ty);
                w.u8(l);
            }
            Layout::LongSubtype | Layout::LongReserved => {
                let l = u16::try_from(len).map_err(|_| EmitError::ValueTooLong {
                    length: len,
                    max: 65535,
                })?;
                w.u8(ty);
                w.u8(match self {
                    Extension::GeneralizedAuth(g) => g.subtype.0,
                    Extension::KeyGenRequest(k) => k.subtype.0,
                    Extension::MnFaKeyGenReply(k) => k.data.subtype().0,
                    Extension::MnHaKeyGenReply(k) => k.data.subtype().0,
                    Extension::Cvse(v) => v.reserved as u8,
                    _ => 0,
                });
                w.u16(l);
            }
        }
        match self {
            Extension::Auth(a) => {
                w.u32(a.spi);
                w.bytes(a.authenticator);
            }
            Extension::GeneralizedAuth(g) => {
                w.u32(g.spi);
                w.bytes(g.authenticator);
            }
            Extension::KeyGenRequest(k) => {
                w.u32(k.mn_spi);
                w.bytes(k.data);
            }
            Extension::MnFaKeyGenReply(k) => match k.data {
                KeyGenReplyData::Aaa(a) => {
                    w.u32(a.lifetime);
                    w.u32(a.aaa_spi);
                    w.u32(a.fa_spi);
                    w.u16(a.algorithm.0);
                    w.bytes(a.nonce);
                }
                KeyGenReplyData::Other { data, .. } => w.bytes(data),
            },
            Extension::MnHaKeyGenReply(k) => {
                w.u32(k.lifetime);
                match k.data {
                    KeyGenReplyData::Aaa(a) => {
                        w.u32(a.aaa_spi);
                        w.u32(a.ha_spi);
                        w.u16(a.algorithm.0);
                        w.u16(a.replay_method.0);
                        w.bytes(a.nonce);
                    }
                    KeyGenReplyData::Other { data, .. } => w.bytes(data),
                }
            }
            Extension::Cvse(v) => {
                w.u32(v.vendor_id);
                w.u16(v.vendor_type);
                w.bytes(v.value);
            }
            Extension::Nvse(v) => {
                w.u16(v.reserved);
                w.u32(v.vendor_id);
                w.u16(v.vendor_type);
                w.bytes(v.value);
            }
            Extension::UdpTunnelReply(r) => {
                w.u8(r.subtype);
                w.u8(r.code);
                w.u16(r.flags);
                w.u16(r.keepalive_interval);
            }
            Extension::EncapsulatingDeliveryStyle => {}
            Extension::MnNai(b) | Extension::MnFaChallenge(b) => w.bytes(b),
            Extension::RevocationSupport(r) => {
                w.u16(r.flags.bits());
                w.u32(r.timestamp);
            }
            Extension::DynamicHa(d) => {
                w.u8(d.subtype);
                w.bytes(&d.home_agent.octets());
            }
            Extension::UdpTunnelRequest(r) => {
                w.u8(r.subtype);
                w.u8(r.reserved1);
                w.u8(r.flags.bits());
                w.u8(r.encapsulation);
                w.u16(r.reserved2);
            }
            Extension::Skipped(r) => w.bytes(r.data),
        }
        Ok(())
    }

    /// Writes the extension into `buf`; returns the bytes written or the exact
    /// size needed.
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize, EmitError> {
        let mut w = Writer::new(buf);
        self.emit_to(&mut w)?;
        Ok(w.finish()?)
    }
}

/// An extension with its place in the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LocatedExtension<'a> {
    /// Offset of the extension's type byte from the start of the message.
    pub offset: usize,
    /// The extension's bytes on the wire, header included.
    pub raw: &'a [u8],
    /// The decoded extension.
    pub extension: Extension<'a>,
}

/// Walks the extensions of a message with their offsets. Yields `Err` once
/// and then stops. At most [`MAX_EXTENSIONS`] are yielded.
#[derive(Debug, Clone)]
pub struct LocatedExtensions<'a> {
    rest: &'a [u8],
    offset: usize,
    count: usize,
}

impl<'a> LocatedExtensions<'a> {
    /// Walks `bytes`, which start at `offset` in the message.
    #[must_use]
    pub fn new(bytes: &'a [u8], offset: usize) -> LocatedExtensions<'a> {
        LocatedExtensions {
            rest: bytes,
            offset,
            count: 0,
        }
    }
}

impl<'a> Iterator for LocatedExtensions<'a> {
    type Item = Result<LocatedExtension<'a>, Error>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        if self.rest.is_empty() {
            return None;
        }
        if self.count >= MAX_EXTENSIONS {
            self.rest = &[];
            return Some(Err(Error::TooManyExtensions {
                max: MAX_EXTENSIONS,
            }));
        }
        match Extension::parse(self.rest, self.offset) {
            Ok((extension, len)) => {
                let (raw, rest) = self.rest.split_at_checked(len).unwrap_or((self.rest, &[]));
                let item = LocatedExtension {
                    offset: self.offset,
                    raw,
                    extension,
                };
                self.rest = rest;
                self.offset += len;
                self.count += 1;
                Some(Ok(item))
            }
            Err(e) => {
                self.rest = &[];
                Some(Err(e))
            }
        }
    }
}

/// Walks the extensions of a message. Yields `Err` once and then stops.
#[derive(Debug, Clone)]
pub struct Extensions<'a> {
    inner: LocatedExtensions<'a>,
}

impl<'a> Extensions<'a> {
    /// Walks `bytes`, which start at `offset` in the message.
    #[must_use]
    pub fn new(bytes: &'a [u8], offset: usize) -> Extensions<'a> {
        Extensions {
            inner: LocatedExtensions::new(bytes, offset),
        }
    }

    /// The same walk, with each extension's offset and raw bytes.
    #[must_use]
    pub fn located(self) -> LocatedExtensions<'a> {
        self.inner
    }
}

impl<'a> Iterator for Extensions<'a> {
    type Item = Result<Extension<'a>, Error>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        self.inner.next().map(|r| r.map(|l| l.extension))
    }
}

/// Checks every extension in `bytes` once (lengths, known layouts, the
/// [`MAX_EXTENSIONS`] bound).
pub fn check_extensions(bytes: &[u8], offset: usize) -> Result<(), Error> {
    for e in LocatedExtensions::new(bytes, offset) {
        e?;
    }
    Ok(())
}

/// Writes a sequence of extensions; returns the bytes written.
pub fn emit_extensions(exts: &[Extension<'_>], buf: &mut [u8]) -> Result<usize, EmitError> {
    let mut w = Writer::new(buf);
    for e in exts {
        e.emit_to(&mut w)?;
    }
    Ok(w.finish()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_long_and_skipped() {
        let bytes = [
            131, 3, b'a', b'@', b'b', // MN-NAI "a@b"
            36, 1, 0, 20, 0, 0, 0, 2, // MN-AAA, Length 20 (the minimum), SPI 2
            0xaa, 0xbb, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // authenticator
            38, 0, 0, 7, 0, 0, 0x15, 0x9f, 0, 1, 9, // CVSE 3GPP2 type 1 value 09
            200, 1, 7, // skipped type 200
        ];
        let v: Result<alloc_free::V, _> = alloc_free::collect(&bytes);
        let v = v.unwrap();
        assert_eq!(v.n, 4);
        assert_eq!(v.items[0], Some(Extension::MnNai(b"a@b")));
        assert_eq!(
            v.items[1],
            Some(Extension::GeneralizedAuth(GeneralizedAuth {
                subtype: GeneralizedAuthSubtype::MN_AAA,
                spi: 2,
                authenticator: &[0xaa, 0xbb, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
            }))
        );
        assert_eq!(
            v.items[2],
            Some(Extension::Cvse(VendorExtension {
                reserved: 0,
                vendor_id: 0x159f,
                vendor_type: 1,
                value: &[9]
            }))
        );
        assert_eq!(
            v.items[3],
            Some(Extension::Skipped(RawExtension {
                ty: ExtensionType(200),
                data: &[7]
            }))
        );
        let mut out = [0u8; 80];
        let mut w = Writer::new(&mut out);
        for e in v.items.iter().flatten() {
            e.emit_to(&mut w).unwrap();
        }
        assert_eq!(w.finish().unwrap(), bytes.len());
        assert_eq!(&out[..bytes.len()], &bytes[..]);
    }

    #[test]
    fn unknown_non_skippable_is_an_error() {
        let bytes = [131, 1, b'x', 99, 0];
        let mut it = Extensions::new(&bytes, 24);
        assert!(it.next().unwrap().is_ok());
        assert_eq!(
            it.next(),
            Some(Err(Error::UnknownNonSkippable { offset: 27, ty: 99 }))
        );
        assert_eq!(it.next(), None);
    }

    #[test]
    fn too_many() {
        let bytes = [130u8, 0].repeat(MAX_EXTENSIONS + 1);
        assert_eq!(
            check_extensions(&bytes, 0),
            Err(Error::TooManyExtensions {
                max: MAX_EXTENSIONS
            })
        );
        assert!(check_extensions(&bytes[..2 * MAX_EXTENSIONS], 0).is_ok());
    }

    #[test]
    fn bad_fixed_lengths() {
        assert!(matches!(
            Extension::parse(&[32, 3, 0, 0, 0], 0),
            Err(Error::BadExtensionLength { ty: 32, .. })
        ));
        assert!(matches!(
            Extension::parse(&[144, 5, 0, 0, 0, 0, 0], 0),
            Err(Error::BadExtensionLength { ty: 144, .. })
        ));
        assert_eq!(
            Extension::parse(&[131, 5, 1], 10),
            Err(Error::Truncated {
                layer: Layer::Extension,
                offset: 10,
                required: 7,
                available: 3
            })
        );
    }

    const NONCE: [u8; 16] = [
        0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e,
        0x1f,
    ];

    fn round_trip(bytes: &[u8], expect: Extension<'_>) {
        let (e, n) = Extension::parse(bytes, 0).unwrap();
        assert_eq!(n, bytes.len());
        assert_eq!(e, expect);
        let mut out = [0u8; 64];
        assert_eq!(e.emit(&mut out).unwrap(), bytes.len());
        assert_eq!(&out[..bytes.len()], bytes);
    }

    #[test]
    fn rfc3957_requests() {
        // RFC 3957 §6.3 Figure 4, AAA subtype: no subtype data.
        let mn_ha = [
            42, 1, 0, 4, // Type 42, Subtype 1 (AAA), Length 4 (the SPI only)
            0, 0, 0x10, 0x01, // Mobile Node SPI 0x1001
        ];
        round_trip(
            &mn_ha,
            Extension::KeyGenRequest(KeyGenRequest {
                ty: ExtensionType::MN_HA_KEYGEN_REQUEST,
                subtype: KeyGenSubtype::AAA,
                mn_spi: 0x1001,
                data: &[],
            }),
        );
        // RFC 3957 §6.1 Figure 1, another subtype: data kept.
        let other = [40, 9, 0, 6, 0, 0, 0, 5, 0xab, 0xcd];
        round_trip(
            &other,
            Extension::KeyGenRequest(KeyGenRequest {
                ty: ExtensionType::MN_FA_KEYGEN_REQUEST,
                subtype: KeyGenSubtype(9),
                mn_spi: 5,
                data: &[0xab, 0xcd],
            }),
        );
        // The AAA request "has a zero-length Subtype Data field".
        let bad = [40, 1, 0, 5, 0, 0, 0, 5, 0];
        assert!(matches!(
            Extension::parse(&bad, 0),
            Err(Error::BadExtensionLength { ty: 40, .. })
        ));
        let e = Extension::KeyGenRequest(KeyGenRequest {
            ty: ExtensionType::MN_FA_KEYGEN_REQUEST,
            subtype: KeyGenSubtype::AAA,
            mn_spi: 5,
            data: &[0],
        });
        assert!(matches!(e.emit(&mut [0u8; 16]), Err(EmitError::Invalid(_))));
        // No room for the SPI.
        assert!(matches!(
            Extension::parse(&[42, 1, 0, 2, 0, 0], 0),
            Err(Error::BadExtensionLength { ty: 42, .. })
        ));
        // A request form carrying a reply's type would not parse back.
        let e = Extension::KeyGenRequest(KeyGenRequest {
            ty: ExtensionType::MN_HA_KEYGEN_REPLY,
            subtype: KeyGenSubtype::AAA,
            mn_spi: 5,
            data: &[],
        });
        assert!(matches!(e.emit(&mut [0u8; 16]), Err(EmitError::Invalid(_))));
    }

    #[test]
    fn rfc3957_mn_fa_reply() {
        let mut b = [0u8; 4 + MN_FA_AAA_FIXED_LEN + 16];
        b[..16].copy_from_slice(&[
            41, 1, 0, 30, // Type 41, Subtype 1 (AAA), Length 30 = subtype data only
            0, 0, 0x0e, 0x10, // Lifetime 3600 (inside the AAA data, §6.2 Figure 3)
            0, 0, 0, 0x2a, // AAA SPI 42
            0, 0, 0x20, 0x02, // FA SPI 0x2002
        ]);
        b[16..18].copy_from_slice(&[0, 1]); // Algorithm Identifier 1 (HMAC-MD5)
        b[18..].copy_from_slice(&NONCE); // Key Generation Nonce, 128 bits
        round_trip(
            &b,
            Extension::MnFaKeyGenReply(MnFaKeyGenReply {
                data: KeyGenReplyData::Aaa(MnFaAaaKeyReply {
                    lifetime: 3600,
                    aaa_spi: 42,
                    fa_spi: 0x2002,
                    algorithm: KeyGenAlgorithm::HMAC_MD5,
                    nonce: &NONCE,
                }),
            }),
        );
        // A 15-byte nonce is short of "at least 128 bits".
        let mut short = b;
        short[3] = 29;
        assert!(matches!(
            Extension::parse(&short[..33], 0),
            Err(Error::BadExtensionLength { ty: 41, .. })
        ));
        // Another subtype: no Lifetime in the generic form, data raw.
        round_trip(
            &[41, 2, 0, 1, 7],
            Extension::MnFaKeyGenReply(MnFaKeyGenReply {
                data: KeyGenReplyData::Other {
                    subtype: KeyGenSubtype(2),
                    data: &[7],
                },
            }),
        );
        let inconsistent = Extension::MnFaKeyGenReply(MnFaKeyGenReply {
            data: KeyGenReplyData::Other {
                subtype: KeyGenSubtype::AAA,
                data: &[7],
            },
        });
        assert!(matches!(
            inconsistent.emit(&mut [0u8; 16]),
            Err(EmitError::Invalid(_))
        ));
    }

    #[test]
    fn rfc3957_mn_ha_reply() {
        let mut b = [0u8; 8 + MN_HA_AAA_FIXED_LEN + 16];
        b[..20].copy_from_slice(&[
            43, 1, 0, 32, // Type 43, Subtype 1 (AAA), Length 32 = 4 (Lifetime) + 28
            0, 0, 0x0e, 0x10, // Lifetime 3600 (before the subtype data, §6.4 Figure 5)
            0, 0, 0, 0x2a, // AAA SPI 42
            0, 0, 0x10, 0x01, // HA SPI 0x1001
            0, 2, // Algorithm Identifier 2 (HMAC-SHA)
            0, 2, // Replay Method 2 (Timestamps)
        ]);
        b[20..].copy_from_slice(&NONCE);
        round_trip(
            &b,
            Extension::MnHaKeyGenReply(MnHaKeyGenReply {
                lifetime: 3600,
                data: KeyGenReplyData::Aaa(MnHaAaaKeyReply {
                    aaa_spi: 42,
                    ha_spi: 0x1001,
                    algorithm: KeyGenAlgorithm::HMAC_SHA,
                    replay_method: ReplayMethod::TIMESTAMPS,
                    nonce: &NONCE,
                }),
            }),
        );
        let mut short = b;
        short[3] = 31;
        assert!(matches!(
            Extension::parse(&short[..35], 0),
            Err(Error::BadExtensionLength { ty: 43, .. })
        ));
        // Another subtype keeps the Lifetime, data raw; Length below 4 is bad.
        round_trip(
            &[43, 3, 0, 5, 0, 0, 0, 9, 1],
            Extension::MnHaKeyGenReply(MnHaKeyGenReply {
                lifetime: 9,
                data: KeyGenReplyData::Other {
                    subtype: KeyGenSubtype(3),
                    data: &[1],
                },
            }),
        );
        assert!(matches!(
            Extension::parse(&[43, 3, 0, 3, 0, 0, 0], 0),
            Err(Error::BadExtensionLength { ty: 43, .. })
        ));
    }

    #[test]
    fn type_39_is_not_defined() {
        // IANA and RFC 3957 §8 assign 40–43 only: 39 is unknown, not skippable.
        assert_eq!(
            Extension::parse(&[39, 1, 0, 4, 0, 0, 0, 0], 7),
            Err(Error::UnknownNonSkippable { offset: 7, ty: 39 })
        );
    }

    #[test]
    fn generalized_auth_length_at_least_20() {
        let mut b = [0u8; 23];
        b[..4].copy_from_slice(&[36, 1, 0, 19]);
        assert!(matches!(
            Extension::parse(&b, 0),
            Err(Error::BadExtensionLength { ty: 36, .. })
        ));
        let g = Extension::GeneralizedAuth(GeneralizedAuth {
            subtype: GeneralizedAuthSubtype::MN_AAA,
            spi: 2,
            authenticator: &[0; 15],
        });
        assert!(matches!(g.emit(&mut [0u8; 32]), Err(EmitError::Invalid(_))));
    }

    /// A tiny fixed-size collector so these tests need no allocator.
    mod alloc_free {
        use super::*;
        pub(super) struct V<'a> {
            pub(super) items: [Option<Extension<'a>>; 8],
            pub(super) n: usize,
        }
        pub(super) fn collect(b: &[u8]) -> Result<V<'_>, Error> {
            let mut v = V {
                items: [None; 8],
                n: 0,
            };
            for e in Extensions::new(b, 0) {
                v.items[v.n] = Some(e?);
                v.n += 1;
            }
            Ok(v)
        }
    }
}
