//! The binary wire form of a service profile and its two containers.
//!
//! # Body (roam profile TLVs, version 1)
//!
//! Seed 000 leaves the encoding open (§4.5 (a proposal)); roam uses a versioned TLV
//! body so fields can be added without a new container:
//!
//! ```text
//!  0      u8  body version = 1
//!  1..    TLVs, in strictly ascending type order, each at most once:
//!         u8 type | u8 length (of the value) | value
//! ```
//!
//! | type | name | value | presence |
//! |---:|---|---|---|
//! | 1 | `SESSION_ID` | 1..=128 bytes UTF-8 | when the session id is not empty |
//! | 2 | `PROFILE_NUMBER` | u32 | always |
//! | 3 | `VERSION` | u32 | always |
//! | 4 | `DIRECTION` | u8: 1 source (ASPCsrc), 2 destination (ASPCdst) | always |
//! | 16 | `SRC_ADDR` | u32 address, u32 mask (no address bits outside the mask) | optional |
//! | 17 | `DST_ADDR` | u32 address, u32 mask | optional |
//! | 18 | `SRC_PORT` | u16 low, u16 high (low ≤ high) | optional |
//! | 19 | `DST_PORT` | u16 low, u16 high | optional |
//! | 20 | `PROTOCOL` | u8 | optional |
//! | 32 | `TOS_INNER` | u8 | optional |
//! | 33 | `TOS_OUTER` | u8 | optional |
//! | 34 | `ENCAP` | u8: 1 IP-in-IP, 2 minimal, 3 GRE, 4 IPsec ESP tunnel | optional |
//! | 35 | `TRANSFER` | 1..=8 × u32 address | optional |
//! | 36 | `DECAP` | empty | when set |
//! | 48 | `CONTROL` | u8: 1 service profile cache, 2 binding cache, 3 mobility binding, 4 visitor list, 5 routing table, 6 ANYCAST table | always |
//! | 49 | `LINK` | u32 control information identifier | optional |
//!
//! The body is canonical: [`emit_body`] writes exactly this order and
//! [`parse_body`] rejects anything else (unknown types, disorder,
//! duplicates, bad lengths, missing mandatory TLVs, trailing bytes), so
//! `emit(parse(b)) == b` holds for every accepted `b`. Bodies are at most
//! [`MAX_BODY_LEN`] bytes so they fit a MIPv4 NVSE.
//!
//! # Containers
//!
//! | container | code | layout |
//! |---|---|---|
//! | Diameter vendor-specific AVP (RFC 6733 §4.1) | AVP code [`SERVICE_PROFILE_AVP`] = 1, V bit set, M bit clear, Vendor-Id (default [`ROAM_VENDOR_ID`] = 32473) | `code(4) flags(1) length(3) vendor(4) body padding` |
//! | MIPv4 NVSE (RFC 3115 §3.2: type 134, 8-bit length) | Vendor-NVSE-Type [`SERVICE_PROFILE_NVSE_TYPE`] = 1 | `134(1) length(1) reserved(2) vendor(4) nvse-type(2) body` |
//!
//! The M bit is clear so a Diameter peer that does not know roam's AVP
//! ignores it (RFC 6733 §4.1); such peers get the conditions through
//! IPFilterRule AVPs instead ([`super::ipfilter`]).

use core::net::Ipv4Addr;

use alloc::string::String;
use alloc::vec::Vec;

use crate::wire::{be_u16, be_u32, BufferTooSmall, Writer};

use super::filter::{AddrMatch, PortRange};
use super::profile::{
    ControlTable, Direction, EncapMethod, Profile, MAX_SESSION_ID_LEN, MAX_TRANSFER,
};

/// The body version this module reads and writes.
pub const BODY_VERSION: u8 = 1;
/// Longest body: what fits an NVSE (255 − 8 bytes of NVSE fields).
pub const MAX_BODY_LEN: usize = 247;
/// IANA Private Enterprise Number used by default as the vendor id
/// (configurable per container call).
pub const ROAM_VENDOR_ID: u32 = 32473;
/// The vendor-specific AVP code of the Service-Profile AVP (vendor space).
pub const SERVICE_PROFILE_AVP: u32 = 1;
/// The Vendor-NVSE-Type of the service profile NVSE (vendor space).
pub const SERVICE_PROFILE_NVSE_TYPE: u16 = 1;
/// MIPv4 Normal Vendor/Organization Specific Extension type (RFC 3115 §3.2).
pub const NVSE_TYPE: u8 = 134;

/// TLV type codes of the body (see the module table).
pub mod tlv {
    /// Session-Id bytes.
    pub const SESSION_ID: u8 = 1;
    /// Profile number.
    pub const PROFILE_NUMBER: u8 = 2;
    /// Version (seed 004).
    pub const VERSION: u8 = 3;
    /// Source/destination class.
    pub const DIRECTION: u8 = 4;
    /// Source address and mask.
    pub const SRC_ADDR: u8 = 16;
    /// Destination address and mask.
    pub const DST_ADDR: u8 = 17;
    /// Source port range.
    pub const SRC_PORT: u8 = 18;
    /// Destination port range.
    pub const DST_PORT: u8 = 19;
    /// IP protocol.
    pub const PROTOCOL: u8 = 20;
    /// TOS of the hit (inner) packet.
    pub const TOS_INNER: u8 = 32;
    /// TOS of an added outer header.
    pub const TOS_OUTER: u8 = 33;
    /// Encapsulation method.
    pub const ENCAP: u8 = 34;
    /// Transfer destinations.
    pub const TRANSFER: u8 = 35;
    /// Decapsulate flag.
    pub const DECAP: u8 = 36;
    /// Control table.
    pub const CONTROL: u8 = 48;
    /// Control information identifier.
    pub const LINK: u8 = 49;
}

/// A profile body or container was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BodyError {
    /// The input ends inside a field.
    #[error("truncated: need {required} bytes at offset {offset}, have {available}")]
    Truncated {
        /// Where the field starts.
        offset: usize,
        /// Bytes the field needs from the start of the input.
        required: usize,
        /// Bytes available.
        available: usize,
    },
    /// The body version is not [`BODY_VERSION`].
    #[error("unsupported body version {version}")]
    BadVersion {
        /// The version byte.
        version: u8,
    },
    /// A TLV type this version does not define.
    #[error("unknown TLV type {code} at offset {offset}")]
    UnknownType {
        /// Offset of the TLV.
        offset: usize,
        /// Its type.
        code: u8,
    },
    /// A TLV out of ascending order, or repeated.
    #[error("TLV type {code} out of order at offset {offset}")]
    OutOfOrder {
        /// Offset of the TLV.
        offset: usize,
        /// Its type.
        code: u8,
    },
    /// A TLV length not allowed for its type.
    #[error("TLV type {code} with bad length {len} at offset {offset}")]
    BadLength {
        /// Offset of the TLV.
        offset: usize,
        /// Its type.
        code: u8,
        /// Its length.
        len: u8,
    },
    /// A TLV value that is not allowed (bad UTF-8, address bits outside the
    /// mask, low port above high, unknown code).
    #[error("TLV type {code} with bad value at offset {offset}")]
    BadValue {
        /// Offset of the TLV.
        offset: usize,
        /// Its type.
        code: u8,
    },
    /// A mandatory TLV is absent.
    #[error("mandatory TLV type {code} missing")]
    Missing {
        /// The missing type.
        code: u8,
    },
    /// The profile does not fit the bounds (body longer than
    /// [`MAX_BODY_LEN`], too long a session id, too many transfers).
    #[error("profile exceeds the body bounds")]
    TooLong,
    /// A container with another code, vendor or type.
    #[error("not a roam service profile container")]
    NotProfile,
    /// The caller's buffer is too small.
    #[error(transparent)]
    Buffer(#[from] BufferTooSmall),
}

fn check_bounds(p: &Profile) -> Result<(), BodyError> {
    if p.id.session_id.len() > MAX_SESSION_ID_LEN || p.edit.transfer.len() > MAX_TRANSFER {
        return Err(BodyError::TooLong);
    }
    if p.control.table.name().is_none() || p.edit.encap.is_some_and(|m| m.name().is_none()) {
        return Err(BodyError::BadValue {
            offset: 0,
            code: if p.control.table.name().is_none() {
                tlv::CONTROL
            } else {
                tlv::ENCAP
            },
        });
    }
    Ok(())
}

/// The exact body length of `p`.
#[must_use]
pub fn body_len(p: &Profile) -> usize {
    let t = &p.target;
    let e = &p.edit;
    let opt = |present: bool, len: usize| if present { 2 + len } else { 0 };
    1 + opt(!p.id.session_id.is_empty(), p.id.session_id.len())
        + 6
        + 6
        + 3
        + opt(t.src.is_some(), 8)
        + opt(t.dst.is_some(), 8)
        + opt(t.sport.is_some(), 4)
        + opt(t.dport.is_some(), 4)
        + opt(t.proto.is_some(), 1)
        + opt(e.tos_inner.is_some(), 1)
        + opt(e.tos_outer.is_some(), 1)
        + opt(e.encap.is_some(), 1)
        + opt(!e.transfer.is_empty(), 4 * e.transfer.len())
        + opt(e.decap, 0)
        + 3
        + opt(p.control.link.is_some(), 4)
}

fn write_body(p: &Profile, w: &mut Writer<'_>) {
    let t = &p.target;
    let e = &p.edit;
    let tlv_head = |w: &mut Writer<'_>, code: u8, len: usize| {
        w.u8(code);
        w.u8(len as u8);
    };
    w.u8(BODY_VERSION);
    if !p.id.session_id.is_empty() {
        tlv_head(w, tlv::SESSION_ID, p.id.session_id.len());
        w.bytes(p.id.session_id.as_bytes());
    }
    tlv_head(w, tlv::PROFILE_NUMBER, 4);
    w.u32(p.id.number);
    tlv_head(w, tlv::VERSION, 4);
    w.u32(p.version);
    tlv_head(w, tlv::DIRECTION, 1);
    w.u8(p.direction.code());
    for (code, a) in [(tlv::SRC_ADDR, t.src), (tlv::DST_ADDR, t.dst)] {
        if let Some(a) = a {
            tlv_head(w, code, 8);
            w.u32(a.addr());
            w.u32(a.mask());
        }
    }
    for (code, r) in [(tlv::SRC_PORT, t.sport), (tlv::DST_PORT, t.dport)] {
        if let Some(r) = r {
            tlv_head(w, code, 4);
            w.u16(r.lo());
            w.u16(r.hi());
        }
    }
    for (code, v) in [
        (tlv::PROTOCOL, t.proto),
        (tlv::TOS_INNER, e.tos_inner),
        (tlv::TOS_OUTER, e.tos_outer),
        (tlv::ENCAP, e.encap.map(|m| m.0)),
    ] {
        if let Some(v) = v {
            tlv_head(w, code, 1);
            w.u8(v);
        }
    }
    if !e.transfer.is_empty() {
        tlv_head(w, tlv::TRANSFER, 4 * e.transfer.len());
        for a in &e.transfer {
            w.u32(a.to_bits());
        }
    }
    if e.decap {
        tlv_head(w, tlv::DECAP, 0);
    }
    tlv_head(w, tlv::CONTROL, 1);
    w.u8(p.control.table.0);
    if let Some(l) = p.control.link {
        tlv_head(w, tlv::LINK, 4);
        w.u32(l);
    }
}

/// Writes the body of `p` into `buf`; returns its length.
///
/// # Errors
/// [`BodyError::TooLong`] / [`BodyError::BadValue`] for a profile outside
/// the bounds, [`BodyError::Buffer`] with the exact size needed.
pub fn emit_body(p: &Profile, buf: &mut [u8]) -> Result<usize, BodyError> {
    check_bounds(p)?;
    if body_len(p) > MAX_BODY_LEN {
        return Err(BodyError::TooLong);
    }
    let mut w = Writer::new(buf);
    write_body(p, &mut w);
    Ok(w.finish()?)
}

/// The body of `p` as a new vector.
///
/// # Errors
/// As [`emit_body`] (never [`BodyError::Buffer`]).
pub fn body_to_vec(p: &Profile) -> Result<Vec<u8>, BodyError> {
    let mut v = alloc::vec![0; body_len(p)];
    let n = emit_body(p, &mut v)?;
    v.truncate(n);
    Ok(v)
}

/// One TLV of a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tlv<'a> {
    /// Offset of the TLV in the body.
    pub offset: usize,
    /// Type code.
    pub code: u8,
    /// Value bytes.
    pub value: &'a [u8],
}

/// Iterates the TLVs of a body after its version byte, without allocating.
/// Checks framing only (lengths, order); stops after the first error.
#[derive(Debug, Clone)]
pub struct Tlvs<'a> {
    body: &'a [u8],
    at: usize,
    last: Option<u8>,
}

impl<'a> Tlvs<'a> {
    /// Checks the version byte and starts the iteration.
    ///
    /// # Errors
    /// [`BodyError::Truncated`] for an empty body, [`BodyError::BadVersion`].
    pub fn new(body: &'a [u8]) -> Result<Self, BodyError> {
        match body.first() {
            None => Err(BodyError::Truncated {
                offset: 0,
                required: 1,
                available: 0,
            }),
            Some(&BODY_VERSION) => Ok(Tlvs {
                body,
                at: 1,
                last: None,
            }),
            Some(&version) => Err(BodyError::BadVersion { version }),
        }
    }
}

impl<'a> Iterator for Tlvs<'a> {
    type Item = Result<Tlv<'a>, BodyError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.at >= self.body.len() {
            return None;
        }
        let offset = self.at;
        let fail = |s: &mut Self, e| {
            s.at = s.body.len();
            Some(Err(e))
        };
        let (Some(&code), Some(&len)) = (self.body.get(offset), self.body.get(offset + 1)) else {
            return fail(
                self,
                BodyError::Truncated {
                    offset,
                    required: offset + 2,
                    available: self.body.len(),
                },
            );
        };
        if self.last.is_some_and(|l| code <= l) {
            return fail(self, BodyError::OutOfOrder { offset, code });
        }
        let end = offset + 2 + usize::from(len);
        let Some(value) = self.body.get(offset + 2..end) else {
            return fail(
                self,
                BodyError::Truncated {
                    offset,
                    required: end,
                    available: self.body.len(),
                },
            );
        };
        self.last = Some(code);
        self.at = end;
        Some(Ok(Tlv {
            offset,
            code,
            value,
        }))
    }
}

/// Parses and validates a body (strict: see the module docs).
///
/// # Errors
/// The first [`BodyError`] found.
pub fn parse_body(body: &[u8]) -> Result<Profile, BodyError> {
    if body.len() > MAX_BODY_LEN {
        return Err(BodyError::TooLong);
    }
    let mut p = Profile::default();
    let (mut number, mut version, mut direction, mut control) = (None, None, None, None);
    for t in Tlvs::new(body)? {
        let t = t?;
        let (offset, code, v) = (t.offset, t.code, t.value);
        let bad_len = BodyError::BadLength {
            offset,
            code,
            len: v.len() as u8,
        };
        let bad_value = BodyError::BadValue { offset, code };
        let fixed = |n: usize| if v.len() == n { Ok(()) } else { Err(bad_len) };
        let u32_at = |i| be_u32(v, i).ok_or(bad_len);
        match code {
            tlv::SESSION_ID => {
                if v.is_empty() || v.len() > MAX_SESSION_ID_LEN {
                    return Err(bad_len);
                }
                let s = core::str::from_utf8(v).map_err(|_| bad_value)?;
                p.id.session_id = String::from(s);
            }
            tlv::PROFILE_NUMBER => {
                fixed(4)?;
                number = Some(u32_at(0)?);
            }
            tlv::VERSION => {
                fixed(4)?;
                version = Some(u32_at(0)?);
            }
            tlv::DIRECTION => {
                fixed(1)?;
                direction = Some(
                    v.first()
                        .and_then(|&c| Direction::from_code(c))
                        .ok_or(bad_value)?,
                );
            }
            tlv::SRC_ADDR | tlv::DST_ADDR => {
                fixed(8)?;
                let (a, m) = (u32_at(0)?, u32_at(4)?);
                if a & !m != 0 {
                    return Err(bad_value);
                }
                let am = Some(AddrMatch::new(a, m));
                if code == tlv::SRC_ADDR {
                    p.target.src = am;
                } else {
                    p.target.dst = am;
                }
            }
            tlv::SRC_PORT | tlv::DST_PORT => {
                fixed(4)?;
                let (lo, hi) = (be_u16(v, 0).ok_or(bad_len)?, be_u16(v, 2).ok_or(bad_len)?);
                let r = Some(PortRange::new(lo, hi).ok_or(bad_value)?);
                if code == tlv::SRC_PORT {
                    p.target.sport = r;
                } else {
                    p.target.dport = r;
                }
            }
            tlv::PROTOCOL | tlv::TOS_INNER | tlv::TOS_OUTER | tlv::ENCAP | tlv::CONTROL => {
                fixed(1)?;
                let b = v.first().copied().ok_or(bad_len)?;
                match code {
                    tlv::PROTOCOL => p.target.proto = Some(b),
                    tlv::TOS_INNER => p.edit.tos_inner = Some(b),
                    tlv::TOS_OUTER => p.edit.tos_outer = Some(b),
                    tlv::ENCAP => {
                        let m = EncapMethod(b);
                        m.name().ok_or(bad_value)?;
                        p.edit.encap = Some(m);
                    }
                    _ => {
                        let c = ControlTable(b);
                        c.name().ok_or(bad_value)?;
                        control = Some(c);
                    }
                }
            }
            tlv::TRANSFER => {
                if v.is_empty() || v.len() % 4 != 0 || v.len() > 4 * MAX_TRANSFER {
                    return Err(bad_len);
                }
                p.edit.transfer = v
                    .chunks_exact(4)
                    .filter_map(|c| be_u32(c, 0))
                    .map(Ipv4Addr::from_bits)
                    .collect();
            }
            tlv::DECAP => {
                fixed(0)?;
                p.edit.decap = true;
            }
            tlv::LINK => {
                fixed(4)?;
                p.control.link = Some(u32_at(0)?);
            }
            _ => return Err(BodyError::UnknownType { offset, code }),
        }
    }
    p.id.number = number.ok_or(BodyError::Missing {
        code: tlv::PROFILE_NUMBER,
    })?;
    p.version = version.ok_or(BodyError::Missing { code: tlv::VERSION })?;
    p.direction = direction.ok_or(BodyError::Missing {
        code: tlv::DIRECTION,
    })?;
    p.control.table = control.ok_or(BodyError::Missing { code: tlv::CONTROL })?;
    Ok(p)
}

/// Writes `p` as a Diameter vendor-specific Service-Profile AVP (V bit,
/// vendor `vendor_id`, padded to 4 octets as RFC 6733 §4.1 requires);
/// returns the bytes written including padding.
///
/// # Errors
/// As [`emit_body`].
pub fn emit_diameter_avp(p: &Profile, vendor_id: u32, buf: &mut [u8]) -> Result<usize, BodyError> {
    check_bounds(p)?;
    let n = body_len(p);
    if n > MAX_BODY_LEN {
        return Err(BodyError::TooLong);
    }
    let mut w = Writer::new(buf);
    w.u32(SERVICE_PROFILE_AVP);
    w.u8(0x80); // V
    w.u24((12 + n) as u32);
    w.u32(vendor_id);
    write_body(p, &mut w);
    w.zeros((4 - n % 4) % 4);
    Ok(w.finish()?)
}

/// Reads a Service-Profile AVP (header, vendor id, body; padding, if present,
/// must be zero).
///
/// # Errors
/// [`BodyError::NotProfile`] for another AVP code, vendor or flags without V,
/// framing errors as [`BodyError::Truncated`] / [`BodyError::BadLength`],
/// and body errors.
pub fn parse_diameter_avp(avp: &[u8], vendor_id: u32) -> Result<Profile, BodyError> {
    let truncated = |required| BodyError::Truncated {
        offset: 0,
        required,
        available: avp.len(),
    };
    let code = be_u32(avp, 0).ok_or(truncated(12))?;
    let flags = avp.get(4).copied().ok_or(truncated(12))?;
    let len = crate::wire::be_u24(avp, 5).ok_or(truncated(12))? as usize;
    let vendor = be_u32(avp, 8).ok_or(truncated(12))?;
    if code != SERVICE_PROFILE_AVP || flags & 0x80 == 0 || vendor != vendor_id {
        return Err(BodyError::NotProfile);
    }
    if len < 12 {
        return Err(BodyError::BadLength {
            offset: 0,
            code: 0,
            len: len.min(255) as u8,
        });
    }
    let body = avp.get(12..len).ok_or(truncated(len))?;
    let padded = len + (4 - len % 4) % 4;
    match avp.get(len..padded) {
        Some(pad) if pad.iter().all(|&b| b == 0) => {}
        Some(_) => {
            return Err(BodyError::BadValue {
                offset: len,
                code: 0,
            })
        }
        None if avp.len() == len => {}
        None => return Err(truncated(padded)),
    }
    parse_body(body)
}

/// Writes `p` as a MIPv4 NVSE (RFC 3115 §3.2): type 134, length, 2 reserved
/// octets, vendor id, Vendor-NVSE-Type [`SERVICE_PROFILE_NVSE_TYPE`], body.
///
/// # Errors
/// As [`emit_body`].
pub fn emit_nvse(p: &Profile, vendor_id: u32, buf: &mut [u8]) -> Result<usize, BodyError> {
    check_bounds(p)?;
    let n = body_len(p);
    if n > MAX_BODY_LEN {
        return Err(BodyError::TooLong);
    }
    let mut w = Writer::new(buf);
    w.u8(NVSE_TYPE);
    w.u8((8 + n) as u8);
    w.u16(0);
    w.u32(vendor_id);
    w.u16(SERVICE_PROFILE_NVSE_TYPE);
    write_body(p, &mut w);
    Ok(w.finish()?)
}

/// Reads a service-profile NVSE (the whole extension, type byte first). The
/// two reserved octets are ignored (they are sent as zero).
///
/// # Errors
/// [`BodyError::NotProfile`] for another type, vendor or NVSE type; framing
/// and body errors.
pub fn parse_nvse(ext: &[u8], vendor_id: u32) -> Result<Profile, BodyError> {
    let truncated = |required| BodyError::Truncated {
        offset: 0,
        required,
        available: ext.len(),
    };
    let ty = ext.first().copied().ok_or(truncated(10))?;
    let len = usize::from(ext.get(1).copied().ok_or(truncated(10))?);
    let vendor = be_u32(ext, 4).ok_or(truncated(10))?;
    let nvse_type = be_u16(ext, 8).ok_or(truncated(10))?;
    if ty != NVSE_TYPE || vendor != vendor_id || nvse_type != SERVICE_PROFILE_NVSE_TYPE {
        return Err(BodyError::NotProfile);
    }
    if len < 8 {
        return Err(BodyError::BadLength {
            offset: 1,
            code: NVSE_TYPE,
            len: len as u8,
        });
    }
    let body = ext.get(10..2 + len).ok_or(truncated(2 + len))?;
    if ext.len() != 2 + len {
        return Err(BodyError::BadLength {
            offset: 1,
            code: NVSE_TYPE,
            len: len as u8,
        });
    }
    parse_body(body)
}
