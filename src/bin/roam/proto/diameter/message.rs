//! One Diameter message decoded into a printable tree.

use roam::diameter::wire::{
    Avp, AvpFlags, AvpType, Avps, CommandFlags, Error, Message, MAX_AVPS_PER_MESSAGE,
};

use crate::dict::{decode_value, hex, Dict, Printable};
use crate::json::Json;
use crate::proto::Decoded;

/// The decoded header fields.
#[derive(Debug, Clone, PartialEq)]
struct Header {
    version: u8,
    length: u32,
    flags: CommandFlags,
    command_code: u32,
    /// tshark's spelling: `"Capabilities-Exchange Request"`.
    command_name: Option<String>,
    application_id: u32,
    application_name: Option<String>,
    hop_by_hop: u32,
    end_to_end: u32,
}

/// A located failure: where and which Result-Code an answer would carry.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Failure {
    kind: &'static str,
    offset: usize,
    result_code: u32,
    message: String,
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

    fn json(&self) -> Json {
        Json::Object(vec![
            ("kind", self.kind.into()),
            ("offset", self.offset.into()),
            ("result_code", self.result_code.into()),
            ("message", self.message.clone().into()),
        ])
    }

    fn text(&self) -> String {
        format!(
            "[{} at offset {} (Result-Code {}): {}]",
            self.kind, self.offset, self.result_code, self.message
        )
    }
}

/// An AVP's value in the tree.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Scalar(Printable),
    Grouped(Vec<AvpNode>),
}

/// One decoded AVP.
#[derive(Debug, Clone, PartialEq)]
struct AvpNode {
    code: u32,
    vendor_id: Option<u32>,
    vendor_name: Option<String>,
    flags: AvpFlags,
    length: u32,
    name: Option<String>,
    ty: Option<AvpType>,
    /// The Enumerated value's name, when the dictionary has one.
    enum_name: Option<String>,
    value: Value,
    /// A value that does not decode as its type (→ 5004); the value is then
    /// shown as hex.
    error: Option<Failure>,
}

/// A decoded Diameter message, possibly with the error that stopped it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DiameterMessage {
    header: Option<Header>,
    avps: Vec<AvpNode>,
    error: Option<Failure>,
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
        Err(e) => {
            node.error = Some(Failure {
                kind: e.kind,
                offset: avp.offset(),
                result_code: e.result_code,
                message: format!("{} AVP {}: {}", info.ty.name(), code.0, e.message),
            });
        }
    }
    (node, Ok(()))
}

impl Decoded for DiameterMessage {
    fn json_fields(&self) -> Vec<(&'static str, Json)> {
        let h = self.header.as_ref();
        let flags = h.map(|h| {
            Json::Object(vec![
                ("request", h.flags.is_request().into()),
                ("proxiable", h.flags.is_proxiable().into()),
                ("error", h.flags.is_error().into()),
                ("retransmit", h.flags.is_retransmit().into()),
            ])
        });
        vec![
            ("version", Json::opt(h.map(|h| u32::from(h.version)))),
            ("length", Json::opt(h.map(|h| h.length))),
            ("flags", flags.unwrap_or(Json::Null)),
            ("command_code", Json::opt(h.map(|h| h.command_code))),
            (
                "command_name",
                Json::opt(h.and_then(|h| h.command_name.clone())),
            ),
            ("application_id", Json::opt(h.map(|h| h.application_id))),
            ("hop_by_hop", Json::opt(h.map(|h| h.hop_by_hop))),
            ("end_to_end", Json::opt(h.map(|h| h.end_to_end))),
            (
                "avps",
                Json::Array(self.avps.iter().map(AvpNode::json).collect()),
            ),
            (
                "error",
                self.error.as_ref().map_or(Json::Null, Failure::json),
            ),
        ]
    }

    fn summary(&self) -> String {
        let Some(h) = &self.header else {
            return "DIAMETER [malformed]".to_owned();
        };
        let name = h.command_name.as_deref().unwrap_or("Unknown");
        let app = h.application_name.as_deref().unwrap_or("Unknown");
        format!(
            "DIAMETER cmd={name}({}) flags={} appl={app}({}) h2h={:x} e2e={:x} len={}",
            h.command_code,
            command_flags(h.flags),
            h.application_id,
            h.hop_by_hop,
            h.end_to_end,
            h.length
        )
    }

    fn detail(&self, out: &mut Vec<String>) {
        for avp in &self.avps {
            avp.text(0, out);
        }
        if let Some(e) = &self.error {
            out.push(e.text());
        }
    }

    fn failed(&self) -> bool {
        self.error.is_some()
    }
}

impl AvpNode {
    fn json(&self) -> Json {
        let value = match &self.value {
            Value::Grouped(children) => Json::Array(children.iter().map(AvpNode::json).collect()),
            Value::Scalar(p) => match p {
                Printable::Unsigned(n) | Printable::Time(n) => Json::Unsigned(*n),
                Printable::Signed(n) => Json::Signed(*n),
                Printable::Float(f) => Json::Float(*f),
                Printable::Text(s) | Printable::Hex(s) => Json::Str(s.clone()),
            },
        };
        Json::Object(vec![
            ("code", self.code.into()),
            ("vendor_id", Json::opt(self.vendor_id)),
            (
                "flags",
                Json::Object(vec![
                    ("vendor", self.flags.is_vendor().into()),
                    ("mandatory", self.flags.is_mandatory().into()),
                    ("protected", self.flags.is_protected().into()),
                ]),
            ),
            ("length", self.length.into()),
            ("name", Json::opt(self.name.clone())),
            ("type", Json::opt(self.ty.map(AvpType::name))),
            ("value", value),
            (
                "error",
                self.error.as_ref().map_or(Json::Null, Failure::json),
            ),
        ])
    }

    fn text(&self, depth: usize, out: &mut Vec<String>) {
        let indent = "    ".repeat(depth);
        let name = self.name.as_deref().unwrap_or("Unknown");
        let mut line = format!(
            "{indent}AVP: {name}({}) l={} f={}",
            self.code,
            self.length,
            avp_flags(self.flags)
        );
        match (self.vendor_id, &self.vendor_name) {
            (Some(v), Some(name)) => line.push_str(&format!(" vnd={name}({v})")),
            (Some(v), None) => line.push_str(&format!(" vnd={v}")),
            (None, _) => {}
        }
        match &self.value {
            Value::Scalar(p) => {
                line.push_str(" val=");
                line.push_str(&scalar_text(p, self.enum_name.as_deref()));
            }
            Value::Grouped(_) => {}
        }
        if let Some(e) = &self.error {
            line.push(' ');
            line.push_str(&e.text());
        }
        out.push(line);
        if let Value::Grouped(children) = &self.value {
            for c in children {
                c.text(depth + 1, out);
            }
        }
    }
}

fn scalar_text(p: &Printable, enum_name: Option<&str>) -> String {
    match (p, enum_name) {
        (Printable::Signed(n), Some(name)) => format!("{name} ({n})"),
        (Printable::Unsigned(n), _) => n.to_string(),
        (Printable::Signed(n), None) => n.to_string(),
        (Printable::Float(f), _) => f.to_string(),
        (Printable::Text(s) | Printable::Hex(s), _) => s.clone(),
        (Printable::Time(t), _) => format!("{t} ({})", ntp_to_utc(*t)),
    }
}

/// tshark's `R P E T` flag summary, `-` for a clear bit.
fn command_flags(f: CommandFlags) -> String {
    [
        (f.is_request(), 'R'),
        (f.is_proxiable(), 'P'),
        (f.is_error(), 'E'),
        (f.is_retransmit(), 'T'),
    ]
    .iter()
    .map(|&(set, c)| if set { c } else { '-' })
    .collect()
}

/// tshark's `V M P` flag summary.
fn avp_flags(f: AvpFlags) -> String {
    [
        (f.is_vendor(), 'V'),
        (f.is_mandatory(), 'M'),
        (f.is_protected(), 'P'),
    ]
    .iter()
    .map(|&(set, c)| if set { c } else { '-' })
    .collect()
}

/// Seconds since 1900-01-01 as `YYYY-MM-DD hh:mm:ss UTC`.
fn ntp_to_utc(secs: u64) -> String {
    const DAY: u64 = 86_400;
    // Days from 1900-01-01 to 1970-01-01.
    const EPOCH_DAYS: i64 = 25_567;
    let days = (secs / DAY) as i64 - EPOCH_DAYS;
    let rem = secs % DAY;
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} UTC",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Howard Hinnant's days-to-civil conversion (proleptic Gregorian).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ntp_dates() {
        assert_eq!(ntp_to_utc(0), "1900-01-01 00:00:00 UTC");
        assert_eq!(ntp_to_utc(2_208_988_800), "1970-01-01 00:00:00 UTC");
        // 0xe92c6200, the Event-Timestamp of acr.bin; tshark prints
        // "Dec 19, 2023 18:40:00.000000000 UTC".
        assert_eq!(ntp_to_utc(0xe92c_6200), "2023-12-19 18:40:00 UTC");
        assert_eq!(ntp_to_utc(1 << 32), "2036-02-07 06:28:16 UTC");
    }

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
        assert!(!m.failed());
        let a = &m.avps[0];
        assert_eq!(a.value, Value::Scalar(Printable::Hex("abcd".into())));
        assert_eq!(
            a.error.as_ref().map(|e| (e.kind, e.offset, e.result_code)),
            Some(("invalid_avp_data_length", 20, 5014))
        );
    }
}
