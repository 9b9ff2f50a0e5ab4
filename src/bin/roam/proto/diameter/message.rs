//! One Diameter message decoded into a printable tree ([`super::render`]
//! prints it).

use roam::diameter::wire::{
    Avp, AvpFlags, AvpType, Avps, CommandFlags, Error, Message, MAX_AVPS_PER_MESSAGE,
};

use crate::dict::{decode_value, hex, Dict, Printable};

/// The decoded header fields.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Header {
    pub(super) version: u8,
    pub(super) length: u32,
    pub(super) flags: CommandFlags,
    pub(super) command_code: u32,
    /// tshark's spelling: `"Capabilities-Exchange Request"`.
    pub(super) command_name: Option<String>,
    pub(super) application_id: u32,
    pub(super) application_name: Option<String>,
    pub(super) hop_by_hop: u32,
    pub(super) end_to_end: u32,
}

/// A located failure: where and which Result-Code an answer would carry.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Failure {
    pub(super) kind: &'static str,
    pub(super) offset: usize,
    pub(super) result_code: u32,
    pub(super) message: String,
}

impl Failure {
    /// A failure of the given kind at `offset` with Result-Code `result_code`.
    pub(crate) fn new(
        kind: &'static str,
        offset: usize,
        result_code: u32,
        message: String,
    ) -> Failure {
        Failure {
            kind,
            offset,
            result_code,
            message,
        }
    }

    /// Describes a wire error. `at` is the offset of the AVP being handled,
    /// for errors that do not carry one.
    pub(crate) fn from_wire(err: &Error, at: usize) -> Failure {
        let (kind, offset) = match *err {
            Error::Truncated { offset, .. } => ("truncated", offset),
            Error::UnsupportedVersion { .. } => ("unsupported_version", 0),
            Error::InvalidMessageLength { .. } => ("invalid_message_length", 1),
            Error::InvalidHeaderBits { .. } => ("invalid_header_bits", 4),
            Error::InvalidAvpLength { offset, .. } => ("invalid_avp_length", offset),
            Error::TooDeep { offset, .. } => ("too_deep", offset),
            Error::TooManyAvps { .. } => ("too_many_avps", at),
            Error::InvalidAvpDataLength { offset, .. } => ("invalid_avp_data_length", offset),
            Error::InvalidAvpValue { offset, .. } => ("invalid_avp_value", offset),
            Error::InvalidAvpBits { offset, .. } => ("invalid_avp_bits", offset),
            Error::InvalidBitInHeader { .. } => ("invalid_bit_in_header", 4),
            _ => ("malformed", at),
        };
        Failure {
            kind,
            offset,
            result_code: err.result_code().0,
            message: err.to_string(),
        }
    }
}

/// An AVP's value in the tree.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Value {
    Scalar(Printable),
    Grouped(Vec<AvpNode>),
}

/// One decoded AVP.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct AvpNode {
    pub(super) code: u32,
    pub(super) vendor_id: Option<u32>,
    pub(super) vendor_name: Option<String>,
    pub(super) flags: AvpFlags,
    pub(super) length: u32,
    pub(super) name: Option<String>,
    pub(super) ty: Option<AvpType>,
    /// The Enumerated value's name, when the dictionary has one.
    pub(super) enum_name: Option<String>,
    pub(super) value: Value,
    /// A value that does not decode as its type (→ 5004); the value is then
    /// shown as hex.
    pub(super) error: Option<Failure>,
}

/// A decoded Diameter message, possibly with the error that stopped it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DiameterMessage {
    pub(super) header: Option<Header>,
    pub(super) avps: Vec<AvpNode>,
    pub(super) error: Option<Failure>,
}

impl DiameterMessage {
    /// Decodes one message (the bytes from its version byte on).
    pub(crate) fn decode(bytes: &[u8], dict: &Dict) -> DiameterMessage {
        let msg = match Message::new_checked(bytes) {
            Ok(m) => m,
            Err(e) => return DiameterMessage::failed(&e),
        };
        let flags = msg.flags();
        let suffix = if flags.is_request() {
            "Request"
        } else {
            "Answer"
        };
        let header = Header {
            version: msg.version(),
            length: msg.length(),
            flags,
            command_code: msg.command_code().0,
            command_name: dict
                .command_name(msg.command_code(), msg.application_id())
                .map(|n| format!("{n} {suffix}")),
            application_id: msg.application_id().0,
            application_name: dict
                .application_name(msg.application_id())
                .map(str::to_owned),
            hop_by_hop: msg.hop_by_hop(),
            end_to_end: msg.end_to_end(),
        };
        let mut avps = Vec::new();
        let mut count = 0;
        let error = walk(msg.avps(), dict, &mut count, &mut avps).err();
        DiameterMessage {
            header: Some(header),
            avps,
            error,
        }
    }

    /// A message whose header could not be read.
    pub(crate) fn failed(err: &Error) -> DiameterMessage {
        DiameterMessage::with_failure(Failure::from_wire(err, 0))
    }

    /// A message that could not be delimited or read at all.
    pub(crate) fn with_failure(failure: Failure) -> DiameterMessage {
        DiameterMessage {
            header: None,
            avps: Vec::new(),
            error: Some(failure),
        }
    }
}

/// Decodes a sequence of AVPs into `out`, recursing into Grouped ones. On
/// error, `out` keeps what was decoded before it.
fn walk(
    avps: Avps<'_>,
    dict: &Dict,
    count: &mut usize,
    out: &mut Vec<AvpNode>,
) -> Result<(), Failure> {
    for item in avps {
        let avp = item.map_err(|e| Failure::from_wire(&e, 0))?;
        *count += 1;
        if *count > MAX_AVPS_PER_MESSAGE {
            let err = Error::TooManyAvps {
                max: MAX_AVPS_PER_MESSAGE,
            };
            return Err(Failure::from_wire(&err, avp.offset()));
        }
        let (node, inner) = node(&avp, dict, count);
        out.push(node);
        inner?;
    }
    Ok(())
}

/// Decodes one AVP. A failure inside a Grouped AVP comes back next to the
/// partial node so the tree up to the failure can still be shown.
fn node(avp: &Avp<&[u8]>, dict: &Dict, count: &mut usize) -> (AvpNode, Result<(), Failure>) {
    let code = avp.code();
    let vendor = avp.vendor_id();
    let info = dict.avp(code, vendor);
    let mut node = AvpNode {
        code: code.0,
        vendor_id: avp.flags().is_vendor().then_some(vendor.0),
        vendor_name: avp
            .flags()
            .is_vendor()
            .then(|| dict.vendor_name(vendor).map(str::to_owned))
            .flatten(),
        flags: avp.flags(),
        length: avp.length(),
        name: info.map(|i| i.name.to_owned()),
        ty: info.map(|i| i.ty),
        enum_name: None,
        value: Value::Scalar(Printable::Hex(hex(avp.data_ref()))),
        error: None,
    };
    let Some(info) = info else {
        return (node, Ok(()));
    };
    if info.ty == AvpType::Grouped {
        let mut children = Vec::new();
        let res = avp
            .grouped()
            .map_err(|e| Failure::from_wire(&e, avp.offset()))
            .and_then(|inner| walk(inner, dict, count, &mut children));
        node.value = Value::Grouped(children);
        return (node, res);
    }
    match decode_value(info.ty, avp) {
        Ok(v) => {
            if let (AvpType::Enumerated, Printable::Signed(n)) = (info.ty, &v) {
                node.enum_name = i32::try_from(*n)
                    .ok()
                    .and_then(|n| dict.enum_name(code, vendor, n))
                    .map(str::to_owned);
            }
            node.value = Value::Scalar(v);
        }
        // The value stays as hex; the AVP carries the error.
        Err(e) => node.error = Some(Failure::from_wire(&e, avp.offset())),
    }
    (node, Ok(()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouped_overrun_is_a_message_error_with_the_partial_tree() {
        let bytes = [
            1, 0, 0, 40, // version 1, length 40
            0x80, 0, 1, 1, // R, Capabilities-Exchange (257)
            0, 0, 0, 0, // application 0
            0, 0, 0, 1, // hop-by-hop
            0, 0, 0, 2, // end-to-end
            0, 0, 1, 4, // AVP 260 Vendor-Specific-Application-Id (Grouped)
            0x40, 0, 0, 20, // M, length 20
            0, 0, 1, 10, // inner AVP 266 Vendor-Id
            0x40, 0, 0, 40, // M, length 40: runs past the parent
            0, 0, 0, 0, // data
        ];
        let m = DiameterMessage::decode(&bytes, &Dict::new());
        let e = m.error.as_ref().unwrap();
        assert_eq!(
            (e.kind, e.offset, e.result_code),
            ("invalid_avp_length", 28, 5014)
        );
        assert_eq!(m.avps.len(), 1);
        assert_eq!(m.avps[0].value, Value::Grouped(Vec::new()));
    }

    #[test]
    fn bad_value_is_an_avp_error_not_a_message_error() {
        let bytes = [
            1, 0, 0, 32, // version 1, length 32
            0x80, 0, 1, 0x18, // R, Device-Watchdog (280)
            0, 0, 0, 0, // application 0
            0, 0, 0, 1, // hop-by-hop
            0, 0, 0, 2, // end-to-end
            0, 0, 1, 22, // AVP 278 Origin-State-Id (Unsigned32)
            0x40, 0, 0, 10, // M, length 10: 2 bytes of data
            0xab, 0xcd, 0, 0, // data + padding
        ];
        let m = DiameterMessage::decode(&bytes, &Dict::new());
        assert!(m.error.is_none());
        let a = &m.avps[0];
        assert_eq!(a.value, Value::Scalar(Printable::Hex("abcd".into())));
        assert_eq!(
            a.error.as_ref().map(|e| (e.kind, e.offset, e.result_code)),
            Some(("invalid_avp_data_length", 20, 5014))
        );
    }
}
