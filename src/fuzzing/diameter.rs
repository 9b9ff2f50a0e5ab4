//! Diameter fuzz bodies.
//!
//! * [`diameter_message`]: parse, walk, build the owned form, re-emit.
//!   The walk and the owned form must agree on the first error; the owned
//!   form must be a fixed point (`parse(emit(parse(x))) == parse(x)`); when
//!   the input is canonical (every AVP padded with zeros) the re-emitted
//!   bytes must equal the input message. Every AVP is also decoded as every
//!   type, and each value that decodes must survive emit + decode.
//! * [`diameter_framer`]: the frames (and the final error) from pushing the
//!   input in one go must equal those from pushing it in pieces whose sizes
//!   are derived from the input.

use crate::diameter::wire::{
    ApplicationId, AvpCode, AvpFlags, AvpHeader, AvpType, Avps, CommandCode, CommandFlags, Message,
    MessageBuilder, Value, VendorId,
};

/// Grouped AVPs the fuzzer recurses into: the base protocol's (RFC 6733
/// §4.5: Vendor-Specific-Application-Id, Failed-AVP, Proxy-Info,
/// Experimental-Result) and those of the bench messages.
fn is_grouped(code: AvpCode, vendor: VendorId) -> bool {
    vendor == VendorId::IETF
        && matches!(
            code.0,
            260 | 279 | 284 | 297 | 322 | 331 | 437 | 443 | 446 | 456
        )
}

const TYPES: [AvpType; 16] = [
    AvpType::OctetString,
    AvpType::Integer32,
    AvpType::Integer64,
    AvpType::Unsigned32,
    AvpType::Unsigned64,
    AvpType::Float32,
    AvpType::Float64,
    AvpType::Grouped,
    AvpType::Address,
    AvpType::Time,
    AvpType::UTF8String,
    AvpType::DiameterIdentity,
    AvpType::DiameterURI,
    AvpType::Enumerated,
    AvpType::IPFilterRule,
    AvpType::QoSFilterRule,
];

#[cfg(feature = "alloc")]
/// Whether every AVP (recursively, for grouped ones) carries its full
/// padding and the padding is zero: then re-emitting must give the input.
fn canonical(avps: Avps<'_>) -> bool {
    for avp in avps {
        let Ok(avp) = avp else { return false };
        let len = avp.length() as usize;
        let padded = crate::diameter::wire::padded;
        let pad = avp.padding();
        if pad.len() != padded(len) - len || pad.iter().any(|&b| b != 0) {
            return false;
        }
        if is_grouped(avp.code(), avp.vendor_id()) && !avp.grouped().is_ok_and(canonical) {
            return false;
        }
    }
    true
}

/// Decodes every AVP as every type; a value that decodes must come back
/// equal after emit + decode.
fn values(avps: Avps<'_>) {
    let mut buf = [0u8; 1024];
    for avp in avps.take(64).flatten() {
        for ty in TYPES {
            let Ok(v) = Value::decode(ty, &avp) else {
                continue;
            };
            let skip = match v {
                Value::Grouped(_) => true,
                Value::Float32(f) => f.is_nan(),
                Value::Float64(f) => f.is_nan(),
                _ => false,
            };
            if skip || v.encoded_len() + 32 > buf.len() {
                continue;
            }
            let mut b = MessageBuilder::new(
                &mut buf,
                CommandFlags::empty(),
                CommandCode(0),
                ApplicationId(0),
                0,
                0,
            );
            b.value(
                AvpHeader::new(avp.code(), avp.flags() - AvpFlags::VENDOR),
                &v,
            );
            let n = b.finish().expect("buffer sized above");
            let m = Message::new_checked(&buf[..n]).expect("builder output parses");
            let again = m.avps().next().expect("one AVP").expect("valid AVP");
            assert_eq!(Value::decode(ty, &again).as_ref(), Ok(&v), "{ty:?}");
        }
    }
}

/// Parses a Diameter message, walks it, re-emits it; see the module docs.
pub fn diameter_message(data: &[u8]) {
    let Ok(msg) = Message::new_checked(data) else {
        return;
    };
    let walked = msg.check_avps(is_grouped);
    values(msg.avps());
    #[cfg(feature = "alloc")]
    {
        use crate::diameter::wire::OwnedMessage;
        let owned = OwnedMessage::from_message(&msg, is_grouped);
        assert_eq!(walked.err(), owned.as_ref().err().copied());
        let Ok(owned) = owned else { return };
        let bytes = owned.to_vec();
        assert_eq!(bytes.len(), owned.encoded_len());
        let back = Message::new_checked(&bytes[..]).expect("emitted message parses");
        let reparsed = OwnedMessage::from_message(&back, is_grouped);
        assert_eq!(reparsed.as_ref(), Ok(&owned));
        if canonical(msg.avps()) {
            assert_eq!(&bytes[..], msg.as_bytes());
        }
    }
    #[cfg(not(feature = "alloc"))]
    let _ = walked;
}

/// Checks that stream framing does not depend on how reads are split.
pub fn diameter_framer(data: &[u8]) {
    #[cfg(feature = "alloc")]
    framer::check(data);
    #[cfg(not(feature = "alloc"))]
    let _ = data;
}

#[cfg(feature = "alloc")]
mod framer {
    use alloc::vec::Vec;

    use crate::diameter::wire::{Framer, FramingError};

    /// A small maximum so the fuzzer reaches "too long" and a full buffer.
    const MAX: usize = 512;

    type Outcome = (Vec<Vec<u8>>, Option<FramingError>);

    fn run(data: &[u8], mut chunk: impl FnMut() -> usize) -> Outcome {
        let mut f = Framer::new(MAX);
        let mut frames = Vec::new();
        let mut rest = data;
        loop {
            let took = f.push(&rest[..chunk().min(rest.len())]);
            rest = &rest[took..];
            let mut progressed = took > 0;
            while let Some(fr) = f.next_frame() {
                match fr {
                    Ok(b) => {
                        assert!(b.len() <= MAX);
                        frames.push(b.to_vec());
                        progressed = true;
                    }
                    Err(e) => return (frames, Some(e)),
                }
            }
            assert!(f.buffered() <= MAX);
            if rest.is_empty() {
                return (frames, None);
            }
            assert!(progressed, "framer stalled");
        }
    }

    pub(super) fn check(data: &[u8]) {
        let whole = run(data, || usize::MAX);
        // Piece sizes 1..=64 from an xorshift seeded by the input.
        let mut s = data.iter().fold(0x9e37_79b9_7f4a_7c15u64, |h, &b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        }) | 1;
        let split = run(data, || {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            (s % 64) as usize + 1
        });
        assert_eq!(whole, split);
    }
}
