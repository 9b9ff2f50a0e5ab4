//! Mobile IPv4 (RFC 5944): registration messages on UDP port 434 (either
//! side), the RFC 3543 revocation messages, and ICMP agent advertisements
//! (type 9, codes 0 and 16) and solicitations (type 10).
//!
//! Output (`protocol`):
//! * `"mip4"`: `type`, `type_name`, `flags` (integer), `code` (replies),
//!   `lifetime`, `home_address`, `home_agent`, `care_of_address`
//!   (requests), `identification` (16 hex digits); these keys are always
//!   present, null when the message type has no such field. Then the
//!   type's other fields (`code_name`; revocations: `home_domain_address`,
//!   `foreign_domain_address`, `revocation_id`), `extensions` and `error`.
//!   Each extension has `type`, `name`, `length` (the Length field), its
//!   fields (`spi`, `authenticator`, `nai`, `challenge`, `vendor_id`, …;
//!   bytes in lowercase hex) and, for MN-HA/MN-FA/FA-HA and MN-AAA
//!   authentication when `--key` gave the SPI's key, `valid`.
//! * `"mip4-agent-adv"`: `icmp_type`, `code`, `checksum`, `checksum_valid`,
//!   `num_addrs`, `lifetime`, `routers` [{`address`, `preference`}],
//!   `extensions` (Mobility Agent Advertisement: `sequence`,
//!   `registration_lifetime`, `flags`, `care_of_addresses`; Prefix-Lengths;
//!   Challenge; One-byte Padding), `error`.
//! * `"mip4-agent-sol"`: `icmp_type`, `code`, `checksum`,
//!   `checksum_valid`, `reserved`, `error`.
//!
//! Field names are those of [`roam::mip4::wire::describe`].

use std::str::FromStr;

use roam::mip4::wire::advert::{
    AgentAdvertisement, AgentSolicitation, ADV_HEADER_LEN, ICMP_ROUTER_ADVERTISEMENT,
    ICMP_ROUTER_SOLICITATION,
};
use roam::mip4::wire::describe::{FieldValue, Message};
use roam::mip4::wire::{
    AdvExtension, Algorithm, Error, Extension, GeneralizedAuthSubtype, MessageType,
    RegistrationReply, RegistrationRequest, Revocation, RevocationAck, SecurityAssociation,
    UDP_PORT,
};

use crate::dict::hex;
use crate::json::Json;
use crate::proto::record::{text, Child, Failure, Field, Record};
use crate::proto::{Carrier, Decoded, Dissector, Stream, StreamStart};

/// IP protocol number of ICMP (IPv4).
const IP_PROTO_ICMP: u8 = 1;

/// The keys every `"mip4"` object has, in order.
const CORE_KEYS: [&str; 9] = [
    "type",
    "type_name",
    "flags",
    "code",
    "lifetime",
    "home_address",
    "home_agent",
    "care_of_address",
    "identification",
];

/// A mobility security association given with `--key SPI=[ALG:]HEX`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Key {
    /// The SPI it is for (decimal or `0x` hex on the command line).
    pub(crate) spi: u32,
    /// HMAC-MD5 (the default) or RFC 2002 prefix+suffix keyed MD5.
    pub(crate) algorithm: Algorithm,
    /// The shared secret.
    pub(crate) secret: Vec<u8>,
}

impl FromStr for Key {
    type Err = String;

    /// `SPI=HEX`, `SPI=hmac-md5:HEX` or `SPI=keyed-md5:HEX`.
    fn from_str(s: &str) -> Result<Key, String> {
        let (spi, rest) = s
            .split_once('=')
            .ok_or_else(|| format!("{s:?}: expected SPI=HEX"))?;
        let spi = match spi.strip_prefix("0x").or_else(|| spi.strip_prefix("0X")) {
            Some(h) => u32::from_str_radix(h, 16),
            None => spi.parse(),
        }
        .map_err(|_| format!("{spi:?}: the SPI must be a 32-bit number"))?;
        let (algorithm, key) = match rest.split_once(':') {
            Some(("hmac-md5", k)) => (Algorithm::HmacMd5, k),
            Some(("keyed-md5", k)) => (Algorithm::KeyedMd5, k),
            Some((alg, _)) => {
                return Err(format!(
                    "{alg:?}: unknown algorithm (hmac-md5 or keyed-md5)"
                ))
            }
            None => (Algorithm::HmacMd5, rest),
        };
        let secret = unhex(key).ok_or_else(|| format!("{key:?}: the key must be hex"))?;
        Ok(Key {
            spi,
            algorithm,
            secret,
        })
    }
}

/// Decodes hex (an even number of digits, at least one byte).
fn unhex(s: &str) -> Option<Vec<u8>> {
    if s.is_empty() || !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| s.get(i..i + 2).and_then(|d| u8::from_str_radix(d, 16).ok()))
        .collect()
}

/// The Mobile IPv4 dissector.
#[derive(Debug, Clone, Default)]
pub(crate) struct Mip4 {
    keys: Vec<Key>,
}

impl Mip4 {
    /// A dissector verifying authenticators with `keys`.
    pub(crate) fn new(keys: &[Key]) -> Mip4 {
        Mip4 {
            keys: keys.to_vec(),
        }
    }

    /// Decodes one Mobile IP control message (a UDP 434 payload).
    pub(crate) fn registration(&self, bytes: &[u8]) -> Record {
        let mut r = Record {
            protocol: "mip4",
            summary: String::new(),
            fields: CORE_KEYS.iter().map(|k| (*k, Json::Null)).collect(),
            children_key: "extensions",
            children: Vec::new(),
            error: None,
        };
        let ty = bytes.first().copied().map(MessageType);
        let (msg, err) = match Message::parse(bytes) {
            Ok(m) => (Some(m), None),
            Err(e) => (partial(bytes), Some(e)),
        };
        match msg {
            Some(m) => {
                m.for_each_field(|k, v| r.set(k, value(v)));
                let sas = self.associations();
                for located in m.located_extensions() {
                    let Ok(located) = located else { break };
                    let mut child = extension(&located.extension);
                    // Every authentication extension whose SPI has a key
                    // gets a verdict (a relayed request: MN-HA, MN-FA and
                    // FA-HA, RFC 5944 §3.5.1).
                    if let Some(spi) = auth_spi(&located.extension) {
                        if sas.iter().any(|(s, _)| *s == spi) {
                            let ok = m.verify_at(located.offset, &sas[..]).is_ok();
                            child.push("valid", ok);
                        }
                    }
                    r.children.push(child);
                }
            }
            None => {
                r.set("type", Json::opt(ty.map(|t| u32::from(t.0))));
                r.set(
                    "type_name",
                    Json::opt(ty.map(|t| t.name().unwrap_or("Unknown"))),
                );
            }
        }
        r.error = err.map(|e| failure(&e));
        r.summary = registration_summary(&r, ty);
        r
    }

    /// Decodes an ICMP message: agent advertisement or solicitation, `None`
    /// for other ICMP types.
    pub(crate) fn icmp(&self, bytes: &[u8]) -> Option<Record> {
        match *bytes.first()? {
            ICMP_ROUTER_ADVERTISEMENT => Some(advertisement(bytes)),
            ICMP_ROUTER_SOLICITATION => Some(solicitation(bytes)),
            _ => None,
        }
    }

    fn associations(&self) -> Vec<(u32, SecurityAssociation<'_>)> {
        self.keys
            .iter()
            .map(|k| {
                (
                    k.spi,
                    SecurityAssociation {
                        algorithm: k.algorithm,
                        key: &k.secret,
                    },
                )
            })
            .collect()
    }
}

impl Dissector for Mip4 {
    fn name(&self) -> &'static str {
        "mip4"
    }

    fn claims(&self, carrier: &Carrier) -> bool {
        match *carrier {
            Carrier::Udp { .. } => carrier.has_port(UDP_PORT),
            Carrier::Ip { next_header } => next_header == IP_PROTO_ICMP,
            Carrier::Tcp { .. } | Carrier::Sctp { .. } => false,
        }
    }

    fn stream(&self, _start: StreamStart) -> Option<Box<dyn Stream + '_>> {
        None
    }

    fn datagram(&self, payload: &[u8]) -> Vec<Box<dyn Decoded>> {
        vec![Box::new(self.registration(payload))]
    }

    fn ip(&self, _packet: &[u8], upper: &[u8]) -> Vec<Box<dyn Decoded>> {
        self.icmp(upper)
            .map(|r| Box::new(r) as Box<dyn Decoded>)
            .into_iter()
            .collect()
    }

    /// Raw files: an ICMP message when the first byte is 9 or 10 (no Mobile
    /// IP control message has these types), a control message otherwise.
    fn raw(&self, bytes: &[u8]) -> Vec<Box<dyn Decoded>> {
        let r = self.icmp(bytes).unwrap_or_else(|| self.registration(bytes));
        vec![Box::new(r)]
    }
}

/// A message whose checks failed, as an unchecked view when its fixed part
/// is whole, so the header and the extensions before the failure can be
/// shown (the getters of unchecked views never panic).
fn partial(bytes: &[u8]) -> Option<Message<'_>> {
    let m = match MessageType(*bytes.first()?) {
        MessageType::REGISTRATION_REQUEST => {
            Message::Request(RegistrationRequest::new_unchecked(bytes))
        }
        MessageType::REGISTRATION_REPLY => Message::Reply(RegistrationReply::new_unchecked(bytes)),
        MessageType::REGISTRATION_REVOCATION => {
            Message::Revocation(Revocation::new_unchecked(bytes))
        }
        MessageType::REVOCATION_ACKNOWLEDGMENT => {
            Message::RevocationAck(RevocationAck::new_unchecked(bytes))
        }
        _ => return None,
    };
    (bytes.len() >= m.header_len()).then_some(m)
}

/// The SPI of an authentication extension `valid` is computed for.
fn auth_spi(ext: &Extension<'_>) -> Option<u32> {
    match ext {
        Extension::Auth(a) => Some(a.spi),
        Extension::GeneralizedAuth(g) if g.subtype == GeneralizedAuthSubtype::MN_AAA => Some(g.spi),
        _ => None,
    }
}

/// A describe value as JSON: numbers stay numbers, the rest are strings.
fn value(v: FieldValue<'_>) -> Json {
    match v {
        FieldValue::Uint(n) => Json::Unsigned(n),
        FieldValue::Int(n) => Json::Signed(n),
        FieldValue::Bytes(b) => Json::Str(hex(b)),
        other => Json::Str(other.to_string()),
    }
}

/// `type`, `name`, then the extension's own fields.
fn extension(ext: &Extension<'_>) -> Child {
    let mut fields: Vec<Field> = Vec::new();
    ext.for_each_field(|k, v| {
        fields.push((k, value(v)));
        if k == "type" {
            fields.push(("name", ext.name().into()));
        }
    });
    Child {
        title: format!("{} ({}) len={}", ext.name(), ext.ty().0, ext.body_len()),
        fields,
    }
}

fn failure(e: &Error) -> Failure {
    let (kind, offset) = match *e {
        Error::Truncated { offset, .. } => ("truncated", Some(offset)),
        Error::WrongType { .. } => ("unknown_type", Some(0)),
        Error::BadExtensionLength { offset, .. } => ("bad_extension_length", Some(offset)),
        Error::UnknownNonSkippable { offset, .. } => ("unknown_non_skippable", Some(offset)),
        Error::TooManyExtensions { .. } => ("too_many_extensions", None),
        Error::TooLong { .. } => ("too_long", None),
        Error::BadChecksum { .. } => ("bad_checksum", None),
        Error::InvalidField { offset, .. } => ("invalid_field", Some(offset)),
        _ => ("malformed", None),
    };
    Failure {
        kind,
        offset,
        message: e.to_string(),
    }
}

/// tshark's Info column: `MIP Reg Request: HoA=… HA=… CoA=…`.
fn registration_summary(r: &Record, ty: Option<MessageType>) -> String {
    let labels: &[(&str, &str)] = match ty {
        Some(MessageType::REGISTRATION_REQUEST) => &[
            ("HoA", "home_address"),
            ("HA", "home_agent"),
            ("CoA", "care_of_address"),
            ("lifetime", "lifetime"),
            ("flags", "flags"),
            ("id", "identification"),
        ],
        Some(MessageType::REGISTRATION_REPLY) => &[
            ("HoA", "home_address"),
            ("HA", "home_agent"),
            ("Code", "code"),
            ("lifetime", "lifetime"),
            ("id", "identification"),
        ],
        Some(MessageType::REGISTRATION_REVOCATION) => &[
            ("HoA", "home_address"),
            ("HDA", "home_domain_address"),
            ("FDA", "foreign_domain_address"),
            ("id", "revocation_id"),
        ],
        Some(MessageType::REVOCATION_ACKNOWLEDGMENT) => {
            &[("HoA", "home_address"), ("id", "revocation_id")]
        }
        _ => &[],
    };
    let name = ty.map_or("(empty)".to_owned(), |t| {
        t.name()
            .map_or_else(|| format!("type {}", t.0), str::to_owned)
    });
    let mut s = format!("MIP {name}");
    let mut sep = ": ";
    for (label, key) in labels {
        if let Some(v) = r.get(key).filter(|v| **v != Json::Null) {
            s.push_str(sep);
            sep = " ";
            s.push_str(label);
            s.push('=');
            match (key, v) {
                (&"flags", Json::Unsigned(f)) => s.push_str(&format!("0x{f:02x}")),
                _ => s.push_str(&text(v)),
            }
        }
    }
    if let Some(n) = r.get("code_name").filter(|v| **v != Json::Null) {
        s.push_str(&format!(" ({})", text(n)));
    }
    if r.error.is_some() {
        s.push_str(" [malformed]");
    }
    s
}

/// An ICMP Router (Agent) Advertisement.
fn advertisement(bytes: &[u8]) -> Record {
    let err = AgentAdvertisement::new_checked(bytes).err();
    let adv = AgentAdvertisement::new_unchecked(bytes);
    let mut r = Record {
        protocol: "mip4-agent-adv",
        summary: String::new(),
        fields: Vec::new(),
        children_key: "extensions",
        children: Vec::new(),
        error: err.map(|e| failure(&e)),
    };
    if bytes.len() >= ADV_HEADER_LEN {
        r.set("icmp_type", u32::from(adv.icmp_type()));
        r.set("code", u32::from(adv.code()));
        r.set("checksum", u32::from(adv.checksum_field()));
        r.set("checksum_valid", adv.verify_checksum());
        r.set("num_addrs", u32::from(adv.num_addrs()));
        r.set("lifetime", u32::from(adv.lifetime()));
        let routers = adv
            .routers()
            .map(|e| {
                Json::Object(vec![
                    ("address", e.address.to_string().into()),
                    ("preference", Json::Signed(i64::from(e.preference))),
                ])
            })
            .collect();
        r.set("routers", Json::Array(routers));
        for ext in adv.extensions() {
            let Ok(ext) = ext else { break };
            r.children.push(adv_extension(&ext));
        }
    }
    let coas: Vec<String> = adv
        .mobility_agent()
        .map(|m| m.care_of_addresses().map(|a| a.to_string()).collect())
        .unwrap_or_default();
    r.summary = format!(
        "ICMP Agent Advertisement code={} lifetime={} routers={} CoA=[{}]{}",
        adv.code(),
        adv.lifetime(),
        adv.num_addrs(),
        coas.join(", "),
        if r.error.is_some() {
            " [malformed]"
        } else {
            ""
        }
    );
    r
}

/// `type`, `name`, `length`, then the fields; care-of addresses as one
/// `care_of_addresses` array.
fn adv_extension(ext: &AdvExtension<'_>) -> Child {
    let mut fields: Vec<Field> = Vec::new();
    let mut coas = Vec::new();
    ext.for_each_field(|k, v| match k {
        "care_of_address" => coas.push(value(v)),
        _ => {
            fields.push((k, value(v)));
            if k == "type" {
                fields.push(("name", ext.name().into()));
            }
        }
    });
    if let AdvExtension::MobilityAgent(_) = ext {
        fields.push(("care_of_addresses", Json::Array(coas)));
    }
    let len = fields
        .iter()
        .find(|(k, _)| *k == "length")
        .map(|(_, v)| format!(" len={}", text(v)))
        .unwrap_or_default();
    Child {
        title: format!("{} ({}){len}", ext.name(), ext.ty().0),
        fields,
    }
}

/// An ICMP Router (Agent) Solicitation.
fn solicitation(bytes: &[u8]) -> Record {
    let mut r = Record {
        protocol: "mip4-agent-sol",
        summary: "ICMP Agent Solicitation".to_owned(),
        fields: Vec::new(),
        children_key: "extensions",
        children: Vec::new(),
        error: None,
    };
    match AgentSolicitation::new_checked(bytes) {
        Ok(s) => {
            r.set("icmp_type", u32::from(ICMP_ROUTER_SOLICITATION));
            r.set("code", u32::from(s.code()));
            r.set(
                "checksum",
                u32::from(roam::wire::be_u16(bytes, 2).unwrap_or(0)),
            );
            r.set("checksum_valid", s.verify_checksum());
            r.set("reserved", s.reserved());
        }
        Err(e) => {
            r.set("icmp_type", u32::from(ICMP_ROUTER_SOLICITATION));
            r.error = Some(failure(&e));
            r.summary.push_str(" [malformed]");
        }
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_syntax() {
        let k: Key = "256=00ff".parse().unwrap();
        assert_eq!(
            (k.spi, k.algorithm, k.secret),
            (256, Algorithm::HmacMd5, vec![0, 0xff])
        );
        let k: Key = "0x1234=keyed-md5:0a".parse().unwrap();
        assert_eq!((k.spi, k.algorithm), (0x1234, Algorithm::KeyedMd5));
        for bad in [
            "256",
            "x=00",
            "1=0",
            "1=zz",
            "1=sha1:00",
            "1=",
            "4294967296=00",
        ] {
            assert!(bad.parse::<Key>().is_err(), "{bad}");
        }
    }

    #[test]
    fn truncated_header_keeps_the_type() {
        let r = Mip4::default().registration(&[1, 0, 0]);
        assert_eq!(r.get("type"), Some(&Json::Unsigned(1)));
        assert_eq!(r.get("lifetime"), Some(&Json::Null));
        assert_eq!(r.error.as_ref().map(|e| e.kind), Some("truncated"));
        let r = Mip4::default().registration(&[]);
        assert_eq!(r.get("type"), Some(&Json::Null));
        assert!(r.failed());
    }

    proptest::proptest! {
        /// Any bytes, as a UDP 434 payload, an ICMP message or a raw file,
        /// decode without panicking and render in both formats; messages
        /// starting with a known type keep it.
        #[test]
        fn any_bytes_decode(
            ty in proptest::sample::select(vec![1u8, 3, 7, 9, 10, 15, 99]),
            rest in proptest::collection::vec(proptest::num::u8::ANY, 0..120),
        ) {
            let mut b = vec![ty];
            b.extend_from_slice(&rest);
            let keys: Vec<Key> = ["256=00", "2=0102"].iter().filter_map(|k| k.parse().ok()).collect();
            let d = Mip4::new(&keys);
            let mut records = vec![d.registration(&b)];
            records.extend(d.icmp(&b));
            for r in &records {
                let mut s = String::new();
                Json::Object(r.json_fields()).write(&mut s);
                let mut lines = Vec::new();
                r.detail(&mut lines);
                proptest::prop_assert!(!r.summary().is_empty());
            }
            if matches!(ty, 1 | 3 | 7 | 15) {
                proptest::prop_assert_eq!(records[0].get("type"), Some(&Json::Unsigned(u64::from(ty))));
            }
            let _ = d.raw(&b);
        }
    }
}
