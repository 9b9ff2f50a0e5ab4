//! Printing a decoded Diameter message: JSON fields, tshark-like summary
//! and AVP tree.

use roam::diameter::wire::{AvpFlags, AvpType, CommandFlags};

use super::message::{AvpNode, DiameterMessage, Failure, Value};
use crate::dict::Printable;
use crate::json::Json;
use crate::proto::Decoded;

impl Failure {
    pub(super) fn json(&self) -> Json {
        Json::Object(vec![
            ("kind", self.kind.into()),
            ("offset", self.offset.into()),
            ("result_code", self.result_code.into()),
            ("message", self.message.clone().into()),
        ])
    }

    pub(super) fn text(&self) -> String {
        format!(
            "[{} at offset {} (Result-Code {}): {}]",
            self.kind, self.offset, self.result_code, self.message
        )
    }
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
}
