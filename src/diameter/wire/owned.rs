//! Owned Diameter messages (feature `alloc`): a tree of AVPs whose data is
//! kept raw or, for Grouped AVPs, as children.
//!
//! The owned form is the repr side of the round-trip laws: for canonical
//! bytes (zero padding, every AVP padded, no bytes after the message),
//! `OwnedMessage::from_message(parse(b)).to_vec() == b`, and
//! `from_message(parse(x.to_vec())) == x` for every owned message whose
//! AVPs have lengths that fit. Unknown AVPs stay raw, so they come back byte
//! for byte (RFC 6733 §4.1).

use alloc::vec::Vec;

use super::avp::{padded, Avp, AvpFlags, Avps};
use super::builder::{AvpHeader, MessageBuilder};
use super::codes::{ApplicationId, AvpCode, CommandCode, VendorId};
use super::error::Error;
use super::header::{CommandFlags, Message, HEADER_LEN};
use super::MAX_AVPS_PER_MESSAGE;
use crate::wire::BufferTooSmall;

/// The data of an owned AVP.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum AvpData {
    /// The data bytes, without padding.
    Raw(Vec<u8>),
    /// The children of a Grouped AVP.
    Grouped(Vec<OwnedAvp>),
}

/// An owned AVP.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OwnedAvp {
    /// AVP Code.
    pub code: AvpCode,
    /// AVP Flags (V decides whether the Vendor-ID is emitted).
    pub flags: AvpFlags,
    /// Vendor-ID (ignored on emit when V is clear; [`VendorId::IETF`] after
    /// parsing an AVP without V).
    pub vendor_id: VendorId,
    /// The data.
    pub data: AvpData,
}

impl OwnedAvp {
    /// The header used to emit this AVP.
    #[inline]
    #[must_use]
    pub fn header(&self) -> AvpHeader {
        AvpHeader {
            code: self.code,
            flags: self.flags,
            vendor_id: self.vendor_id,
        }
    }

    /// The AVP Length (header + data, no trailing padding).
    #[must_use]
    pub fn len(&self) -> usize {
        self.header().header_len()
            + match &self.data {
                AvpData::Raw(d) => d.len(),
                AvpData::Grouped(c) => c.iter().map(OwnedAvp::encoded_len).sum(),
            }
    }

    /// Always false: an AVP has at least a header. (Present for clippy's
    /// `len_without_is_empty`.)
    #[must_use]
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Bytes on the wire including padding.
    #[must_use]
    pub fn encoded_len(&self) -> usize {
        padded(self.len())
    }

    /// Builds the owned form of `avp`, recursing into it (and its children)
    /// when `is_grouped` says so. `count` is the running AVP count.
    fn from_avp<F>(avp: &Avp<&[u8]>, is_grouped: &F, count: &mut usize) -> Result<OwnedAvp, Error>
    where
        F: Fn(AvpCode, VendorId) -> bool,
    {
        *count += 1;
        if *count > MAX_AVPS_PER_MESSAGE {
            return Err(Error::TooManyAvps {
                max: MAX_AVPS_PER_MESSAGE,
            });
        }
        let data = if is_grouped(avp.code(), avp.vendor_id()) {
            AvpData::Grouped(children(avp.grouped()?, is_grouped, count)?)
        } else {
            AvpData::Raw(avp.data_ref().to_vec())
        };
        Ok(OwnedAvp {
            code: avp.code(),
            flags: avp.flags(),
            vendor_id: avp.vendor_id(),
            data,
        })
    }

    /// The owned form of one AVP view (children recursed per `is_grouped`).
    pub fn from_view<F>(avp: &Avp<&[u8]>, is_grouped: F) -> Result<OwnedAvp, Error>
    where
        F: Fn(AvpCode, VendorId) -> bool,
    {
        OwnedAvp::from_avp(avp, &is_grouped, &mut 0)
    }

    /// Emits this AVP (and its padding) through a builder.
    pub fn emit_into(&self, b: &mut MessageBuilder<'_>) {
        emit_list(core::slice::from_ref(self), b);
    }
}

/// Emits a list of AVPs: raw ones inline in the loop, grouped ones by
/// recursion (bounded by the depth of the tree the caller built).
fn emit_list(avps: &[OwnedAvp], b: &mut MessageBuilder<'_>) {
    for a in avps {
        match &a.data {
            AvpData::Raw(d) => {
                b.octets(a.header(), d);
            }
            AvpData::Grouped(c) => {
                let g = b.begin_grouped(a.header());
                emit_list(c, b);
                b.end_grouped(g);
            }
        }
    }
}

fn children<F>(avps: Avps<'_>, is_grouped: &F, count: &mut usize) -> Result<Vec<OwnedAvp>, Error>
where
    F: Fn(AvpCode, VendorId) -> bool,
{
    let mut out = Vec::new();
    for avp in avps {
        out.push(OwnedAvp::from_avp(&avp?, is_grouped, count)?);
    }
    Ok(out)
}

/// An owned Diameter message.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OwnedMessage {
    /// Command Flags.
    pub flags: CommandFlags,
    /// Command Code (24 bits on the wire).
    pub command_code: CommandCode,
    /// Application-ID.
    pub application_id: ApplicationId,
    /// Hop-by-Hop Identifier.
    pub hop_by_hop: u32,
    /// End-to-End Identifier.
    pub end_to_end: u32,
    /// The top-level AVPs.
    pub avps: Vec<OwnedAvp>,
}

impl OwnedMessage {
    /// The owned form of a checked message. `is_grouped` names the AVPs to
    /// recurse into (the wire cannot tell Grouped from OctetString); the
    /// others stay raw. Fails on the first malformed AVP, past
    /// [`super::MAX_AVP_DEPTH`] or past [`MAX_AVPS_PER_MESSAGE`].
    pub fn from_message<T, F>(msg: &Message<T>, is_grouped: F) -> Result<OwnedMessage, Error>
    where
        T: AsRef<[u8]>,
        F: Fn(AvpCode, VendorId) -> bool,
    {
        let mut count = 0;
        Ok(OwnedMessage {
            flags: msg.flags(),
            command_code: msg.command_code(),
            application_id: msg.application_id(),
            hop_by_hop: msg.hop_by_hop(),
            end_to_end: msg.end_to_end(),
            avps: children(msg.avps(), &is_grouped, &mut count)?,
        })
    }

    /// The message size on the wire.
    #[must_use]
    pub fn encoded_len(&self) -> usize {
        HEADER_LEN + self.avps.iter().map(OwnedAvp::encoded_len).sum::<usize>()
    }

    /// Emits the message into `buf`; returns its size or the exact size
    /// needed. The Command Code is written as its low 24 bits.
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize, BufferTooSmall> {
        let mut b = MessageBuilder::new(
            buf,
            self.flags,
            self.command_code,
            self.application_id,
            self.hop_by_hop,
            self.end_to_end,
        );
        emit_list(&self.avps, &mut b);
        b.finish()
    }

    /// Emits into a new vector of exactly [`OwnedMessage::encoded_len`]
    /// bytes. A message past the 24-bit length limit yields the bytes with
    /// an unpatched (zero) length; check `encoded_len` first for such sizes.
    #[must_use]
    pub fn to_vec(&self) -> Vec<u8> {
        let mut v = alloc::vec![0u8; self.encoded_len()];
        let _ = self.emit(&mut v);
        v
    }
}
