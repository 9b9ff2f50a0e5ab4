//! Mobile IPv6 (RFC 6275, HMIPv6 RFC 5380, PMIPv6 RFC 5213): the Mobility
//! Header (IPv6 next header 135, reached through extension headers), and
//! the ICMPv6 messages mobility uses.
//!
//! Output (`protocol`):
//! * `"mip6"`: `mh_type`, `mh_type_name`, `payload_proto`, `header_len`,
//!   `checksum`, `checksum_valid` (null for a raw Mobility Header: no
//!   addresses), `sequence`, `flags` (integer), `lifetime_units`,
//!   `lifetime_seconds`, `status`, `status_name` (BA, BE), `home_address`
//!   (from the Home Address option); always present, null where the MH
//!   Type has no such field. Then the type's other fields (`reserved`,
//!   `cookie`, `nonce_index`, `keygen_token`, `be_home_address`), `options`
//!   and `error`. Each option has `type`, `name`, `length` (the Option
//!   Length; null for Pad1) and its fields. A wrong checksum is reported as
//!   `checksum_valid: false`, not as an error.
//! * `"nd-ra"`: Router Advertisements (RFC 4861 §4.2 with the RFC 6275 §7
//!   H and R bits and options 7, 8, and the RFC 5380 MAP option 23):
//!   `icmp_type`, `code`, `checksum`, `checksum_valid`, `cur_hop_limit`,
//!   `flags`, `home_agent`, `router_lifetime`, `reachable_time`,
//!   `retrans_timer`, `home_address`, `options` (`length` in 8-octet
//!   units, as on the wire), `error`.
//! * `"mip6-icmp"`: Home Agent Address Discovery Request/Reply and Mobile
//!   Prefix Solicitation/Advertisement (ICMPv6 144–147, RFC 6275 §6.5–§6.8):
//!   `icmp_type`, `icmp_type_name`, `code`, `checksum`, `checksum_valid`,
//!   `home_address`, `identifier`, then `reserved`, `home_agents` or
//!   `flags`, `options`, `error`.
//!
//! Other ICMPv6 messages are not printed.

use std::net::Ipv6Addr;

use roam::mip6::wire::checksum::{NEXT_HEADER_ICMPV6, NEXT_HEADER_MOBILITY};
use roam::mip6::wire::{
    Error, Icmpv6Message, Icmpv6Repr, Icmpv6Type, Ipv6Packet, Lifetime, MessageRepr, MhType,
    MobilityHeader, MobilityHeaderRepr, MobilityOption, NdOption, NdOptions, NdOptionsRepr,
    RaFlags,
};

use crate::dict::hex;
use crate::json::Json;
use crate::proto::record::{text, Child, Failure, Record};
use crate::proto::{Carrier, Decoded, Dissector, Stream, StreamStart};

/// The keys every `"mip6"` object has, in order.
const CORE_KEYS: [&str; 13] = [
    "mh_type",
    "mh_type_name",
    "payload_proto",
    "header_len",
    "checksum",
    "checksum_valid",
    "sequence",
    "flags",
    "lifetime_units",
    "lifetime_seconds",
    "status",
    "status_name",
    "home_address",
];

/// The Mobile IPv6 dissector.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Mip6;

impl Dissector for Mip6 {
    fn name(&self) -> &'static str {
        "mip6"
    }

    fn claims(&self, carrier: &Carrier) -> bool {
        matches!(
            carrier,
            Carrier::Ip { next_header } if *next_header == NEXT_HEADER_MOBILITY || *next_header == NEXT_HEADER_ICMPV6
        )
    }

    fn stream(&self, _start: StreamStart) -> Option<Box<dyn Stream + '_>> {
        None
    }

    /// A raw Mobility Header: no addresses, so the checksum is not checked.
    fn datagram(&self, payload: &[u8]) -> Vec<Box<dyn Decoded>> {
        vec![Box::new(mobility(payload, None))]
    }

    fn ip(&self, packet: &[u8], upper: &[u8]) -> Vec<Box<dyn Decoded>> {
        if packet.first().map(|b| b >> 4) != Some(6) {
            // Next header 135 inside IPv4 is not Mobile IPv6; decode the
            // header on its own.
            return self.datagram(upper);
        }
        ipv6(packet)
    }

    /// Raw files hold an IPv6 packet (version nibble 6) or a Mobility
    /// Header (whose first byte, Payload Proto, is 59 when conforming).
    fn raw(&self, bytes: &[u8]) -> Vec<Box<dyn Decoded>> {
        if bytes.first().map(|b| b >> 4) == Some(6) && Ipv6Packet::parse(bytes).is_ok() {
            ipv6(bytes)
        } else {
            self.datagram(bytes)
        }
    }
}

/// Walks an IPv6 packet to its Mobility Header or ICMPv6 message.
fn ipv6(packet: &[u8]) -> Vec<Box<dyn Decoded>> {
    let p = match Ipv6Packet::parse(packet) {
        Ok(p) => p,
        Err(e) => {
            let mut r = empty_mobility();
            r.error = Some(failure(&e));
            r.summary = "MIPv6 [malformed IPv6 packet]".to_owned();
            return vec![Box::new(r)];
        }
    };
    let record = match p.next_header {
        NEXT_HEADER_MOBILITY => Some(mobility(p.upper, Some(&p))),
        NEXT_HEADER_ICMPV6 => icmpv6(&p),
        _ => None,
    };
    record
        .map(|r| Box::new(r) as Box<dyn Decoded>)
        .into_iter()
        .collect()
}

fn empty_mobility() -> Record {
    Record {
        protocol: "mip6",
        summary: String::new(),
        fields: CORE_KEYS.iter().map(|k| (*k, Json::Null)).collect(),
        children_key: "options",
        children: Vec::new(),
        error: None,
    }
}

fn addr(a: Ipv6Addr) -> Json {
    Json::Str(a.to_string())
}

fn lifetime(r: &mut Record, l: Lifetime) {
    r.set("lifetime_units", u32::from(l.units()));
    r.set("lifetime_seconds", l.as_secs());
}

/// Decodes a Mobility Header; `packet` gives the addresses for the
/// checksum and the Home Address option.
fn mobility(bytes: &[u8], packet: Option<&Ipv6Packet<'_>>) -> Record {
    let mut r = empty_mobility();
    if let Some(h) = packet.and_then(|p| p.home_address) {
        r.set("home_address", addr(h));
    }
    let mh = match MobilityHeader::new_checked(bytes) {
        Ok(mh) => mh,
        Err(e) => {
            if let Some(&t) = bytes.get(2) {
                r.set("mh_type", u32::from(t));
                r.set("mh_type_name", MhType(t).name().unwrap_or("Unknown"));
            }
            r.error = Some(failure(&e));
            r.summary = summary(&r);
            return r;
        }
    };
    let ty = mh.mh_type();
    r.set("mh_type", u32::from(ty.0));
    r.set("mh_type_name", ty.name().unwrap_or("Unknown"));
    r.set("payload_proto", u32::from(mh.payload_proto()));
    r.set("header_len", u32::from(mh.header_len()));
    r.set("checksum", u32::from(mh.checksum()));
    if let Some(p) = packet {
        let ok = mh.verify_checksum(&p.checksum_source(), &p.checksum_destination());
        r.set("checksum_valid", ok);
    }
    // The fixed fields of every MH Type, even when an option is bad (the
    // options below report the error).
    message_fields(&mut r, &MobilityHeaderRepr::parse_fixed(&mh).message);
    for raw in mh.raw_options() {
        match raw.and_then(|o| o.decode()) {
            Ok(o) => r.children.push(option(&o)),
            Err(e) => {
                r.error = Some(failure(&e));
                break;
            }
        }
    }
    r.summary = summary(&r);
    r
}

/// The message's own fields.
fn message_fields(r: &mut Record, m: &MessageRepr<'_>) {
    match *m {
        MessageRepr::BindingRefreshRequest { reserved, .. } => {
            r.set("reserved", u32::from(reserved));
        }
        MessageRepr::HomeTestInit {
            reserved, cookie, ..
        }
        | MessageRepr::CareOfTestInit {
            reserved, cookie, ..
        } => {
            r.set("reserved", u32::from(reserved));
            r.set("cookie", hex(&cookie));
        }
        MessageRepr::HomeTest {
            nonce_index,
            cookie,
            keygen_token,
            ..
        }
        | MessageRepr::CareOfTest {
            nonce_index,
            cookie,
            keygen_token,
            ..
        } => {
            r.set("nonce_index", u32::from(nonce_index));
            r.set("cookie", hex(&cookie));
            r.set("keygen_token", hex(&keygen_token));
        }
        MessageRepr::BindingUpdate(bu) => {
            r.set("sequence", u32::from(bu.sequence));
            r.set("flags", u32::from(bu.flags.bits()));
            lifetime(r, bu.lifetime);
        }
        MessageRepr::BindingAck(ba) => {
            r.set("sequence", u32::from(ba.sequence));
            r.set("flags", u32::from(ba.flags.bits()));
            lifetime(r, ba.lifetime);
            r.set("status", u32::from(ba.status.0));
            r.set("status_name", Json::opt(ba.status.name()));
        }
        MessageRepr::BindingError {
            status,
            reserved,
            home_address,
            ..
        } => {
            r.set("status", u32::from(status.0));
            r.set("status_name", Json::opt(status.name()));
            r.set("reserved", u32::from(reserved));
            r.set("be_home_address", addr(home_address));
        }
        MessageRepr::Unknown { data, .. } => r.set("data", hex(data)),
    }
}

/// One mobility option: `type`, `name`, `length`, its fields.
fn option(o: &MobilityOption<'_>) -> Child {
    let ty = o.ty();
    let name = ty.name().unwrap_or("Unknown");
    let mut c = Child {
        title: match o.data_len() {
            Some(l) => format!("{name} ({}) len={l}", ty.0),
            None => format!("{name} ({})", ty.0),
        },
        fields: vec![
            ("type", u32::from(ty.0).into()),
            ("name", name.into()),
            ("length", Json::opt(o.data_len().map(u32::from))),
        ],
    };
    match *o {
        MobilityOption::Pad1 | MobilityOption::PadN { .. } => {}
        MobilityOption::BindingRefreshAdvice { interval } => {
            c.push("refresh_interval_units", u32::from(interval));
            c.push("refresh_interval_seconds", Lifetime(interval).as_secs());
        }
        MobilityOption::AlternateCareOf(a) => c.push("alternate_care_of_address", addr(a)),
        MobilityOption::NonceIndices { home, care_of } => {
            c.push("home_nonce_index", u32::from(home));
            c.push("care_of_nonce_index", u32::from(care_of));
        }
        MobilityOption::BindingAuthorizationData(d) => c.push("authenticator", hex(d)),
        MobilityOption::MobileNodeIdentifier { subtype, id } => {
            c.push("subtype", u32::from(subtype));
            match std::str::from_utf8(id) {
                Ok(s) if !s.chars().any(char::is_control) => c.push("identifier", s),
                _ => c.push("identifier", hex(id)),
            }
        }
        MobilityOption::HomeNetworkPrefix { prefix_len, prefix } => {
            c.push("prefix_length", u32::from(prefix_len));
            c.push("prefix", addr(prefix));
        }
        MobilityOption::HandoffIndicator(h) => {
            c.push("handoff_indicator", u32::from(h.0));
            c.push("handoff_indicator_name", Json::opt(h.name()));
        }
        MobilityOption::AccessTechnologyType(a) => {
            c.push("access_technology_type", u32::from(a.0));
            c.push("access_technology_type_name", Json::opt(a.name()));
        }
        MobilityOption::MobileNodeLinkLayerId(id) => c.push("link_layer_identifier", hex(id)),
        MobilityOption::LinkLocalAddress(a) => c.push("link_local_address", addr(a)),
        MobilityOption::Timestamp(t) => c.push("timestamp", t),
        MobilityOption::Unknown { data, .. } => c.push("data", hex(data)),
    }
    c
}

/// `MIPv6 Binding Update seq=… flags=0x… lifetime=…s HoA=…`.
fn summary(r: &Record) -> String {
    let name = r
        .get("mh_type_name")
        .filter(|v| **v != Json::Null)
        .map_or_else(|| "(truncated)".to_owned(), text);
    let mut s = format!("MIPv6 {name}");
    for (label, key) in [
        ("seq", "sequence"),
        ("status", "status"),
        ("lifetime", "lifetime_seconds"),
        ("HoA", "home_address"),
    ] {
        if let Some(v) = r.get(key).filter(|v| **v != Json::Null) {
            s.push_str(&format!(" {label}={}", text(v)));
        }
    }
    if let Some(Json::Unsigned(f)) = r.get("flags") {
        s.push_str(&format!(" flags=0x{f:x}"));
    }
    if r.get("checksum_valid") == Some(&Json::Bool(false)) {
        s.push_str(" [bad checksum]");
    }
    if r.error.is_some() {
        s.push_str(" [malformed]");
    }
    s
}

/// Router Advertisements, DHAAD and Mobile Prefix messages.
fn icmpv6(p: &Ipv6Packet<'_>) -> Option<Record> {
    let ty = Icmpv6Type(*p.upper.first()?);
    let protocol = match ty {
        Icmpv6Type::ROUTER_ADVERTISEMENT => "nd-ra",
        Icmpv6Type::HAAD_REQUEST
        | Icmpv6Type::HAAD_REPLY
        | Icmpv6Type::MOBILE_PREFIX_SOLICITATION
        | Icmpv6Type::MOBILE_PREFIX_ADVERTISEMENT => "mip6-icmp",
        _ => return None,
    };
    let name = ty.name().unwrap_or("Unknown");
    let mut r = Record {
        protocol,
        summary: format!("ICMPv6 {name}"),
        fields: vec![("icmp_type", u32::from(ty.0).into())],
        children_key: "options",
        children: Vec::new(),
        error: None,
    };
    if protocol == "mip6-icmp" {
        r.set("icmp_type_name", name);
    }
    let msg = match Icmpv6Message::new_checked(p.upper) {
        Ok(m) => m,
        Err(e) => {
            r.error = Some(failure(&e));
            r.summary.push_str(" [malformed]");
            return Some(r);
        }
    };
    r.set("code", u32::from(msg.code()));
    r.set("checksum", u32::from(msg.checksum()));
    let ok = msg.verify_checksum(&p.checksum_source(), &p.checksum_destination());
    r.set("checksum_valid", ok);
    r.set("home_address", Json::opt(p.home_address.map(addr)));
    let opts_at = |at: usize| NdOptions::new(p.upper.get(at..).unwrap_or(&[]), at);
    let options = match Icmpv6Repr::parse(&msg) {
        Ok(Some(repr)) => icmpv6_fields(&mut r, &repr),
        Ok(None) => None,
        Err(e) => {
            r.error = Some(failure(&e));
            // Show the options before the failure.
            match ty {
                Icmpv6Type::ROUTER_ADVERTISEMENT => Some(16),
                Icmpv6Type::MOBILE_PREFIX_ADVERTISEMENT => Some(8),
                _ => None,
            }
        }
    };
    if let Some(at) = options {
        for o in opts_at(at) {
            let Ok(o) = o else { break };
            r.children.push(nd_option(&o));
        }
    }
    if let Some(Json::Bool(true)) = r.get("home_agent") {
        r.summary.push_str(" (home agent)");
    }
    for (label, key) in [
        ("id", "identifier"),
        ("HAs", "home_agents"),
        ("HoA", "home_address"),
    ] {
        if let Some(v) = r.get(key).filter(|v| **v != Json::Null) {
            let v = text(v);
            r.summary.push_str(&format!(" {label}={v}"));
        }
    }
    if !ok {
        r.summary.push_str(" [bad checksum]");
    }
    if r.error.is_some() {
        r.summary.push_str(" [malformed]");
    }
    Some(r)
}

/// Sets the message fields; returns where its ND options start, if any.
fn icmpv6_fields(r: &mut Record, m: &Icmpv6Repr<'_>) -> Option<usize> {
    match *m {
        Icmpv6Repr::RouterAdvertisement {
            cur_hop_limit,
            flags,
            router_lifetime,
            reachable_time,
            retrans_timer,
            options,
        } => {
            r.set("cur_hop_limit", u32::from(cur_hop_limit));
            r.set("flags", u32::from(flags.bits()));
            r.set("home_agent", flags.contains(RaFlags::HOME_AGENT));
            r.set("router_lifetime", u32::from(router_lifetime));
            r.set("reachable_time", reachable_time);
            r.set("retrans_timer", retrans_timer);
            nd_options_start(options, 16)
        }
        Icmpv6Repr::HaadRequest {
            identifier,
            reserved,
            ..
        }
        | Icmpv6Repr::MobilePrefixSolicitation {
            identifier,
            reserved,
            ..
        } => {
            r.set("identifier", u32::from(identifier));
            r.set("reserved", u32::from(reserved));
            None
        }
        Icmpv6Repr::HaadReply {
            identifier,
            reserved,
            ..
        } => {
            r.set("identifier", u32::from(identifier));
            r.set("reserved", u32::from(reserved));
            let agents = m.home_agents().map(addr).collect();
            r.set("home_agents", Json::Array(agents));
            None
        }
        Icmpv6Repr::MobilePrefixAdvertisement {
            identifier,
            flags,
            options,
        } => {
            r.set("identifier", u32::from(identifier));
            r.set("flags", u32::from(flags));
            nd_options_start(options, 8)
        }
    }
}

/// Parsed messages keep their options as raw bytes at a fixed offset.
fn nd_options_start(options: NdOptionsRepr<'_>, at: usize) -> Option<usize> {
    matches!(options, NdOptionsRepr::Raw(_)).then_some(at)
}

/// One ND option: `type`, `name`, `length` (8-octet units), its fields.
fn nd_option(o: &NdOption<'_>) -> Child {
    let ty = o.ty();
    let name = ty.name().unwrap_or("Unknown");
    let units = o.wire_len() / 8;
    let mut c = Child {
        title: format!("{name} ({}) len={units}", ty.0),
        fields: vec![
            ("type", u32::from(ty.0).into()),
            ("name", name.into()),
            ("length", units.into()),
        ],
    };
    match *o {
        NdOption::PrefixInformation {
            prefix_len,
            flags,
            valid_lifetime,
            preferred_lifetime,
            prefix,
            ..
        } => {
            c.push("prefix_length", u32::from(prefix_len));
            c.push("flags", u32::from(flags.bits()));
            c.push("valid_lifetime", valid_lifetime);
            c.push("preferred_lifetime", preferred_lifetime);
            c.push("prefix", addr(prefix));
        }
        NdOption::AdvertisementInterval { interval_ms, .. } => c.push("interval_ms", interval_ms),
        NdOption::HomeAgentInformation {
            preference,
            lifetime,
            ..
        } => {
            c.push("preference", Json::Signed(i64::from(preference)));
            c.push("lifetime", u32::from(lifetime));
        }
        NdOption::Map {
            distance,
            preference,
            flags,
            valid_lifetime,
            address,
        } => {
            c.push("distance", u32::from(distance));
            c.push("preference", u32::from(preference));
            c.push("flags", u32::from(flags.bits()));
            c.push("valid_lifetime", valid_lifetime);
            c.push("address", addr(address));
        }
        NdOption::Unknown { data, .. } => c.push("data", hex(data)),
    }
    c
}

fn failure(e: &Error) -> Failure {
    let (kind, offset) = match *e {
        Error::Truncated { offset, .. } => ("truncated", Some(offset)),
        Error::HeaderLenTooSmall { .. } => ("header_len_too_small", Some(1)),
        Error::InvalidOptionLength { offset, .. } => ("invalid_option_length", Some(offset)),
        Error::TooManyOptions { .. } => ("too_many_options", None),
        Error::TooLong { .. } => ("too_long", None),
        Error::NotIpv6 { .. } => ("not_ipv6", Some(0)),
        Error::TooManyExtensionHeaders { .. } => ("too_many_extension_headers", None),
        Error::Fragmented { offset } => ("fragmented", Some(offset)),
        Error::NotMobility { offset, .. } => ("not_mobility", Some(offset)),
        Error::Malformed { offset, .. } => ("malformed", Some(offset)),
        _ => ("malformed", None),
    };
    Failure {
        kind,
        offset,
        message: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_mobility_header_has_no_checksum_status() {
        // BRR: Payload Proto 59, Header Len 0, MH Type 0, checksum, reserved.
        let r = mobility(&[59, 0, 0, 0, 0x12, 0x34, 0, 0], None);
        assert_eq!(r.get("checksum_valid"), Some(&Json::Null));
        assert_eq!(r.get("checksum"), Some(&Json::Unsigned(0x1234)));
        assert!(r.error.is_none());
        // Header Len 1 but 8 bytes: truncated, the type still shown.
        let r = mobility(&[59, 1, 5, 0, 0, 0, 0, 0], None);
        assert_eq!(r.get("mh_type"), Some(&Json::Unsigned(5)));
        assert_eq!(r.error.as_ref().map(|e| e.kind), Some("truncated"));
    }

    #[test]
    fn bad_option_keeps_the_binding_update_fields() {
        // BU seq 7, A, lifetime 2 units, then Nonce Indices with length 2 (not 4).
        let b = [59, 1, 5, 0, 0, 0, 0, 7, 0x80, 0, 0, 2, 4, 2, 0, 0];
        let r = mobility(&b, None);
        assert_eq!(r.get("sequence"), Some(&Json::Unsigned(7)));
        assert_eq!(r.get("lifetime_seconds"), Some(&Json::Unsigned(8)));
        assert_eq!(
            r.error.as_ref().map(|e| (e.kind, e.offset)),
            Some(("invalid_option_length", Some(12)))
        );
    }

    #[test]
    fn bad_option_keeps_the_fixed_fields_of_every_mh_type() {
        // A Nonce Indices option (4) with length 2 (not 4), then 2 zero bytes,
        // appended after each type's fixed fields; Header Len counts it.
        let bad = [4u8, 2, 0, 0];
        let cookie = [1u8, 2, 3, 4, 5, 6, 7, 8];
        let token = [9u8, 10, 11, 12, 13, 14, 15, 16];
        let ha = [0x20u8, 1, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9];
        let mut hoti = vec![0, 0x00, 0x77]; // HoTI/CoTI: Reserved 0x0077, cookie
        hoti.extend_from_slice(&cookie);
        let mut hot = vec![0x12, 0x34]; // HoT/CoT: nonce index 0x1234, cookie, token
        hot.extend_from_slice(&cookie);
        hot.extend_from_slice(&token);
        let mut be = vec![1, 0]; // BE: status 1, reserved 0, home address
        be.extend_from_slice(&ha);
        let ba = vec![135, 0, 0, 9, 0, 3]; // BA: status 135, flags, seq 9, lifetime 3
        type Case<'a> = (u8, &'a [u8], &'a [(&'a str, Json)]);
        let cases: [Case<'_>; 6] = [
            (
                1,
                &hoti[1..],
                &[
                    ("reserved", Json::Unsigned(0x77)),
                    ("cookie", Json::Str(hex(&cookie))),
                ],
            ),
            (2, &hoti[1..], &[("cookie", Json::Str(hex(&cookie)))]),
            (
                3,
                &hot,
                &[
                    ("nonce_index", Json::Unsigned(0x1234)),
                    ("keygen_token", Json::Str(hex(&token))),
                ],
            ),
            (4, &hot, &[("cookie", Json::Str(hex(&cookie)))]),
            (
                6,
                &ba,
                &[
                    ("status", Json::Unsigned(135)),
                    ("sequence", Json::Unsigned(9)),
                    ("lifetime_units", Json::Unsigned(3)),
                ],
            ),
            (
                7,
                &be,
                &[
                    ("status", Json::Unsigned(1)),
                    ("be_home_address", Json::Str("2001:db8::9".into())),
                ],
            ),
        ];
        for (ty, data, expect) in cases {
            let mut b = vec![59, 0, ty, 0, 0, 0];
            b.extend_from_slice(data);
            let opt_at = b.len();
            b.extend_from_slice(&bad);
            while b.len() % 8 != 0 {
                b.push(0);
            }
            b[1] = u8::try_from(b.len() / 8 - 1).unwrap();
            let r = mobility(&b, None);
            for (k, v) in expect {
                assert_eq!(r.get(k), Some(v), "MH type {ty} field {k}");
            }
            assert_eq!(
                r.error.as_ref().map(|e| (e.kind, e.offset)),
                Some(("invalid_option_length", Some(opt_at))),
                "MH type {ty}"
            );
        }
    }

    proptest::proptest! {
        /// Any IPv6 packet ending in a Mobility Header or ICMPv6, and any
        /// bare Mobility Header, decode without panicking.
        #[test]
        fn any_packet_decodes(
            next in proptest::sample::select(vec![135u8, 58, 60, 43, 0]),
            body in proptest::collection::vec(proptest::num::u8::ANY, 0..160),
        ) {
            let mut p = vec![0x60, 0, 0, 0];
            p.extend_from_slice(&(body.len() as u16).to_be_bytes());
            p.extend_from_slice(&[next, 64]);
            p.extend_from_slice(&[0x20, 1, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
            p.extend_from_slice(&[0x20, 1, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2]);
            p.extend_from_slice(&body);
            for m in Mip6.raw(&p).iter().chain(Mip6.datagram(&body).iter()) {
                let mut s = String::new();
                Json::Object(m.json_fields()).write(&mut s);
                let mut lines = Vec::new();
                m.detail(&mut lines);
                proptest::prop_assert!(!m.summary().is_empty());
            }
        }
    }
}
