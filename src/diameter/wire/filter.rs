//! `IPFilterRule` (RFC 6733 §4.3.1) and `QoSFilterRule` (RFC 3588 §4.3),
//! parsed into structured rules without allocation.
//!
//! ```text
//! IPFilterRule:  action dir proto from src to dst [options]
//!   action   permit | deny
//!   dir      in (from the terminal) | out (to the terminal)
//!   proto    "ip" (any protocol) | protocol number
//!   src, dst [!]<address/mask> [ports]
//!            address: any | assigned | ipno | ipno/bits (IPv4 or IPv6)
//!            ports:   {port|port-port}[,ports[,...]]
//!   options  frag | ipoptions spec | tcpoptions spec | established |
//!            setup | tcpflags spec | icmptypes types
//!
//! QoSFilterRule: action dir proto from src to dst [options]
//!   action   tag (the DSCP option MUST be included) |
//!            meter (the metering option MUST be included)
//!   options  the IPFilterRule options, plus
//!            DSCP <color> | metering <rate> <color_under> <color_over>
//! ```
//!
//! The canonical text that [`core::fmt::Display`] writes uses single
//! spaces, protocol numbers (the names `tcp`, `udp`, `icmp`, `sctp` are
//! accepted on input), `!addr` for a negated address, an address without
//! `/bits` when the mask is the full width, and options in the order above.
//! ICMP type names are those of FreeBSD ipfw(8), which the RFC's grammar is
//! taken from; the RFC lists the types but not their spelling, so the
//! canonical form writes numbers.
//!
//! Choices where the RFC is loose (documented so the classifier can rely on
//! them): the address MUST NOT have bits set beyond the mask (RFC 6733
//! §4.3.1) and that is enforced; ports are accepted with any protocol; a
//! repeated option is an error; an option named both set and absent (`syn,!syn`)
//! is an error. For `QoSFilterRule` the DSCP color and the metering colors are
//! kept as the text given (DiffServ keywords such as `AF13` or numbers; not
//! validated further) and the rate is a decimal count of bits per second.

use core::fmt;
use core::net::IpAddr;
use core::str::FromStr;

use bitflags::bitflags;

/// The most port ranges one `src` or `dst` may list.
pub const MAX_PORT_RANGES: usize = 8;

/// Why a filter rule's text was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum FilterRuleError {
    /// The text is not valid UTF-8 / ASCII.
    #[error("filter rule is not text")]
    NotText,
    /// The rule ends before a required part.
    #[error("filter rule ends early")]
    UnexpectedEnd,
    /// The action is not one the rule type allows.
    #[error("unknown filter action")]
    BadAction,
    /// The direction is not `in` or `out`.
    #[error("unknown filter direction")]
    BadDirection,
    /// The protocol is neither `ip` nor a number 0–255.
    #[error("bad protocol")]
    BadProtocol,
    /// A keyword (`from`, `to`) was expected.
    #[error("expected keyword")]
    ExpectedKeyword,
    /// The address is not `any`, `assigned` or an IPv4/IPv6 address.
    #[error("bad address")]
    BadAddress,
    /// The mask width is not valid for the IP version.
    #[error("bad mask width")]
    BadMask,
    /// The address has bits set beyond the mask (RFC 6733 §4.3.1 MUST NOT).
    #[error("address has bits set beyond the mask")]
    HostBitsSet,
    /// A port or port range is malformed.
    #[error("bad port")]
    BadPort,
    /// More than [`MAX_PORT_RANGES`] port ranges.
    #[error("more than {max} port ranges")]
    TooManyPorts {
        /// The limit.
        max: usize,
    },
    /// An option keyword that the rule type does not define.
    #[error("unknown option")]
    UnknownOption,
    /// The same option twice.
    #[error("repeated option")]
    DuplicateOption,
    /// A malformed option argument (spec list, ICMP types, DSCP, metering).
    #[error("bad option argument")]
    BadOptionArgument,
    /// A `tag` rule without DSCP or a `meter` rule without metering.
    #[error("required QoS option missing")]
    MissingQosOption,
}

/// An `IPFilterRule` action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FilterAction {
    /// `permit`: allow packets that match.
    Permit,
    /// `deny`: drop packets that match.
    Deny,
}

/// A `QoSFilterRule` action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QosAction {
    /// `tag`: mark packets with a DSCP.
    Tag,
    /// `meter`: meter traffic.
    Meter,
}

/// The rule direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// `in`: from the terminal.
    In,
    /// `out`: to the terminal.
    Out,
}

/// The rule's IP protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Protocol {
    /// `ip`: any protocol.
    Any,
    /// One IP protocol number.
    Number(u8),
}

impl Protocol {
    /// The protocol number, or `None` for any.
    #[must_use]
    pub fn number(self) -> Option<u8> {
        match self {
            Protocol::Any => None,
            Protocol::Number(n) => Some(n),
        }
    }
}

/// The address part of a `src` or `dst`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AddressSpec {
    /// `any`: every IPv4 and IPv6 address.
    Any,
    /// `assigned`: the address(es) assigned to the terminal.
    Assigned,
    /// An address with a prefix length (the full width for a bare address).
    Prefix {
        /// The network address (no bits beyond the prefix).
        addr: IpAddr,
        /// The prefix length.
        bits: u8,
    },
}

impl AddressSpec {
    /// The address and prefix length, for [`AddressSpec::Prefix`].
    #[must_use]
    pub fn prefix(&self) -> Option<(IpAddr, u8)> {
        match *self {
            AddressSpec::Prefix { addr, bits } => Some((addr, bits)),
            _ => None,
        }
    }
}

/// An inclusive port range (`start == end` for one port).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct PortRange {
    /// First port.
    pub start: u16,
    /// Last port, inclusive.
    pub end: u16,
}

impl PortRange {
    /// Whether `port` is in the range.
    #[must_use]
    pub fn contains(&self, port: u16) -> bool {
        self.start <= port && port <= self.end
    }
}

/// Up to [`MAX_PORT_RANGES`] port ranges, in the order given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct PortList {
    len: u8,
    ranges: [PortRange; MAX_PORT_RANGES],
}

impl PortList {
    /// An empty list (any port).
    #[must_use]
    pub const fn new() -> PortList {
        PortList {
            len: 0,
            ranges: [PortRange { start: 0, end: 0 }; MAX_PORT_RANGES],
        }
    }

    /// Appends a range; fails past [`MAX_PORT_RANGES`] or if `start > end`.
    pub fn push(&mut self, range: PortRange) -> Result<(), FilterRuleError> {
        if range.start > range.end {
            return Err(FilterRuleError::BadPort);
        }
        let slot =
            self.ranges
                .get_mut(usize::from(self.len))
                .ok_or(FilterRuleError::TooManyPorts {
                    max: MAX_PORT_RANGES,
                })?;
        *slot = range;
        self.len += 1;
        Ok(())
    }

    /// The ranges.
    #[must_use]
    pub fn as_slice(&self) -> &[PortRange] {
        &self.ranges[..usize::from(self.len)]
    }

    /// No port restriction.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether `port` matches (an empty list matches every port).
    #[must_use]
    pub fn matches(&self, port: u16) -> bool {
        self.is_empty() || self.as_slice().iter().any(|r| r.contains(port))
    }
}

/// A `src` or `dst`: optional negation, address and ports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Endpoint {
    negated: bool,
    address: AddressSpec,
    ports: PortList,
}

impl Endpoint {
    /// An endpoint.
    #[must_use]
    pub const fn new(negated: bool, address: AddressSpec, ports: PortList) -> Endpoint {
        Endpoint {
            negated,
            address,
            ports,
        }
    }
    /// Whether the address match is inverted (`!`); ports are not affected.
    #[must_use]
    pub fn is_negated(&self) -> bool {
        self.negated
    }
    /// The address part.
    #[must_use]
    pub fn address(&self) -> AddressSpec {
        self.address
    }
    /// The address and prefix length, when the address is a prefix.
    #[must_use]
    pub fn prefix(&self) -> Option<(IpAddr, u8)> {
        self.address.prefix()
    }
    /// The port ranges (empty: any port).
    #[must_use]
    pub fn ports(&self) -> &PortList {
        &self.ports
    }
}

bitflags! {
    /// IP options named in `ipoptions` (RFC 6733 §4.3.1).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    pub struct IpOptions: u8 {
        /// `ssrr`: strict source route.
        const SSRR = 0x01;
        /// `lsrr`: loose source route.
        const LSRR = 0x02;
        /// `rr`: record route.
        const RR = 0x04;
        /// `ts`: timestamp.
        const TS = 0x08;
    }
}

bitflags! {
    /// TCP options named in `tcpoptions` (RFC 6733 §4.3.1).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    pub struct TcpOptions: u8 {
        /// `mss`: maximum segment size.
        const MSS = 0x01;
        /// `window`: window advertisement.
        const WINDOW = 0x02;
        /// `sack`: selective ack.
        const SACK = 0x04;
        /// `ts`: RFC 1323 timestamp.
        const TS = 0x08;
        /// `cc`: RFC 1644 connection count.
        const CC = 0x10;
    }
}

bitflags! {
    /// TCP flags named in `tcpflags` (RFC 6733 §4.3.1).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    pub struct TcpFlags: u8 {
        /// `fin`.
        const FIN = 0x01;
        /// `syn`.
        const SYN = 0x02;
        /// `rst`.
        const RST = 0x04;
        /// `psh`.
        const PSH = 0x08;
        /// `ack`.
        const ACK = 0x10;
        /// `urg`.
        const URG = 0x20;
    }
}

const IP_OPTION_NAMES: &[(&str, u8)] =
    &[("ssrr", 0x01), ("lsrr", 0x02), ("rr", 0x04), ("ts", 0x08)];
const TCP_OPTION_NAMES: &[(&str, u8)] = &[
    ("mss", 0x01),
    ("window", 0x02),
    ("sack", 0x04),
    ("ts", 0x08),
    ("cc", 0x10),
];
const TCP_FLAG_NAMES: &[(&str, u8)] = &[
    ("fin", 0x01),
    ("syn", 0x02),
    ("rst", 0x04),
    ("psh", 0x08),
    ("ack", 0x10),
    ("urg", 0x20),
];
/// ICMP type names (FreeBSD ipfw(8) spelling) for the types RFC 6733 lists.
const ICMP_TYPE_NAMES: &[(&str, u8)] = &[
    ("echorep", 0),
    ("unreach", 3),
    ("squench", 4),
    ("redirect", 5),
    ("echo", 8),
    ("routeradv", 9),
    ("routersol", 10),
    ("timex", 11),
    ("paramprob", 12),
    ("tstamp", 13),
    ("tstamprep", 14),
    ("inforeq", 15),
    ("inforep", 16),
    ("maskreq", 17),
    ("maskrep", 18),
];

/// A `spec` list: what must be present and what must be absent (`!name`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct OptionSpec<F> {
    /// Items that must be present.
    pub present: F,
    /// Items that must be absent.
    pub absent: F,
}

/// A set of ICMP types (0–255).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct IcmpTypes([u64; 4]);

impl IcmpTypes {
    /// Whether `ty` is in the set.
    #[must_use]
    pub fn contains(&self, ty: u8) -> bool {
        self.0[usize::from(ty >> 6)] & (1u64 << (ty & 63)) != 0
    }
    /// Adds `ty`.
    pub fn insert(&mut self, ty: u8) {
        self.0[usize::from(ty >> 6)] |= 1u64 << (ty & 63);
    }
    /// Whether the set is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0 == [0; 4]
    }
}

/// The options of a rule (each at most once).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct FilterOptions {
    /// `frag`: match non-first fragments.
    pub frag: bool,
    /// `ipoptions spec`.
    pub ipoptions: Option<OptionSpec<IpOptions>>,
    /// `tcpoptions spec`.
    pub tcpoptions: Option<OptionSpec<TcpOptions>>,
    /// `established`: TCP with RST or ACK.
    pub established: bool,
    /// `setup`: TCP with SYN and no ACK.
    pub setup: bool,
    /// `tcpflags spec`.
    pub tcpflags: Option<OptionSpec<TcpFlags>>,
    /// `icmptypes types`.
    pub icmptypes: Option<IcmpTypes>,
}

/// A parsed `IPFilterRule` (RFC 6733 §4.3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct IpFilterRule {
    action: FilterAction,
    direction: Direction,
    protocol: Protocol,
    source: Endpoint,
    destination: Endpoint,
    options: FilterOptions,
}

impl IpFilterRule {
    /// A rule from its parts.
    #[must_use]
    pub const fn new(
        action: FilterAction,
        direction: Direction,
        protocol: Protocol,
        source: Endpoint,
        destination: Endpoint,
        options: FilterOptions,
    ) -> IpFilterRule {
        IpFilterRule {
            action,
            direction,
            protocol,
            source,
            destination,
            options,
        }
    }

    /// Parses the rule text.
    pub fn parse(text: &str) -> Result<IpFilterRule, FilterRuleError> {
        let mut t = text.split_ascii_whitespace();
        let action = match t.next() {
            Some("permit") => FilterAction::Permit,
            Some("deny") => FilterAction::Deny,
            Some(_) => return Err(FilterRuleError::BadAction),
            None => return Err(FilterRuleError::UnexpectedEnd),
        };
        let (direction, protocol, source, destination, pending) = parse_core(&mut t)?;
        let mut options = FilterOptions::default();
        let mut next = pending;
        while let Some(tok) = next.or_else(|| t.next()) {
            next = None;
            if !parse_ip_option(tok, &mut t, &mut options)? {
                return Err(FilterRuleError::UnknownOption);
            }
        }
        Ok(IpFilterRule {
            action,
            direction,
            protocol,
            source,
            destination,
            options,
        })
    }

    /// `permit` or `deny`.
    #[must_use]
    pub fn action(&self) -> FilterAction {
        self.action
    }
    /// `in` or `out`.
    #[must_use]
    pub fn direction(&self) -> Direction {
        self.direction
    }
    /// The protocol.
    #[must_use]
    pub fn protocol(&self) -> Protocol {
        self.protocol
    }
    /// The source.
    #[must_use]
    pub fn source(&self) -> &Endpoint {
        &self.source
    }
    /// The destination.
    #[must_use]
    pub fn destination(&self) -> &Endpoint {
        &self.destination
    }
    /// The options.
    #[must_use]
    pub fn options(&self) -> &FilterOptions {
        &self.options
    }
}

impl FromStr for IpFilterRule {
    type Err = FilterRuleError;
    fn from_str(s: &str) -> Result<IpFilterRule, FilterRuleError> {
        IpFilterRule::parse(s)
    }
}

impl fmt::Display for IpFilterRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.action {
            FilterAction::Permit => "permit",
            FilterAction::Deny => "deny",
        })?;
        write_core(
            f,
            self.direction,
            self.protocol,
            &self.source,
            &self.destination,
        )?;
        write_options(f, &self.options)
    }
}

/// The metering option of a `QoSFilterRule`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Metering<'a> {
    /// Throughput in bits per second.
    pub rate: u64,
    /// Color (drop preference) for traffic under the rate.
    pub color_under: &'a str,
    /// Color for traffic over the rate, or `drop`.
    pub color_over: &'a str,
}

/// A parsed `QoSFilterRule` (grammar of RFC 3588 §4.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct QosFilterRule<'a> {
    action: QosAction,
    direction: Direction,
    protocol: Protocol,
    source: Endpoint,
    destination: Endpoint,
    options: FilterOptions,
    dscp: Option<&'a str>,
    metering: Option<Metering<'a>>,
}

impl<'a> QosFilterRule<'a> {
    /// Parses the rule text. `tag` requires `DSCP`, `meter` requires
    /// `metering` (RFC 3588 §4.3 MUSTs).
    pub fn parse(text: &'a str) -> Result<QosFilterRule<'a>, FilterRuleError> {
        let mut t = text.split_ascii_whitespace();
        let action = match t.next() {
            Some("tag") => QosAction::Tag,
            Some("meter") => QosAction::Meter,
            Some(_) => return Err(FilterRuleError::BadAction),
            None => return Err(FilterRuleError::UnexpectedEnd),
        };
        let (direction, protocol, source, destination, pending) = parse_core(&mut t)?;
        let mut options = FilterOptions::default();
        let mut dscp = None;
        let mut metering = None;
        let mut next = pending;
        while let Some(tok) = next.or_else(|| t.next()) {
            next = None;
            if parse_ip_option(tok, &mut t, &mut options)? {
                continue;
            }
            match tok {
                "DSCP" => {
                    if dscp.is_some() {
                        return Err(FilterRuleError::DuplicateOption);
                    }
                    dscp = Some(t.next().ok_or(FilterRuleError::BadOptionArgument)?);
                }
                "metering" => {
                    if metering.is_some() {
                        return Err(FilterRuleError::DuplicateOption);
                    }
                    let rate = t
                        .next()
                        .and_then(parse_decimal::<u64>)
                        .ok_or(FilterRuleError::BadOptionArgument)?;
                    let color_under = t.next().ok_or(FilterRuleError::BadOptionArgument)?;
                    let color_over = t.next().ok_or(FilterRuleError::BadOptionArgument)?;
                    metering = Some(Metering {
                        rate,
                        color_under,
                        color_over,
                    });
                }
                _ => return Err(FilterRuleError::UnknownOption),
            }
        }
        let ok = match action {
            QosAction::Tag => dscp.is_some(),
            QosAction::Meter => metering.is_some(),
        };
        if !ok {
            return Err(FilterRuleError::MissingQosOption);
        }
        Ok(QosFilterRule {
            action,
            direction,
            protocol,
            source,
            destination,
            options,
            dscp,
            metering,
        })
    }

    /// `tag` or `meter`.
    #[must_use]
    pub fn action(&self) -> QosAction {
        self.action
    }
    /// `in` or `out`.
    #[must_use]
    pub fn direction(&self) -> Direction {
        self.direction
    }
    /// The protocol.
    #[must_use]
    pub fn protocol(&self) -> Protocol {
        self.protocol
    }
    /// The source.
    #[must_use]
    pub fn source(&self) -> &Endpoint {
        &self.source
    }
    /// The destination.
    #[must_use]
    pub fn destination(&self) -> &Endpoint {
        &self.destination
    }
    /// The IPFilterRule-style options.
    #[must_use]
    pub fn options(&self) -> &FilterOptions {
        &self.options
    }
    /// The DSCP color, as written.
    #[must_use]
    pub fn dscp(&self) -> Option<&'a str> {
        self.dscp
    }
    /// The metering option.
    #[must_use]
    pub fn metering(&self) -> Option<Metering<'a>> {
        self.metering
    }
}

impl fmt::Display for QosFilterRule<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.action {
            QosAction::Tag => "tag",
            QosAction::Meter => "meter",
        })?;
        write_core(
            f,
            self.direction,
            self.protocol,
            &self.source,
            &self.destination,
        )?;
        write_options(f, &self.options)?;
        if let Some(d) = self.dscp {
            write!(f, " DSCP {d}")?;
        }
        if let Some(m) = self.metering {
            write!(f, " metering {} {} {}", m.rate, m.color_under, m.color_over)?;
        }
        Ok(())
    }
}

type Core<'t> = (Direction, Protocol, Endpoint, Endpoint, Option<&'t str>);

/// Parses `dir proto from src to dst`, returning the token after `dst`
/// (already consumed from the iterator) when it is not a port list.
fn parse_core<'t, I: Iterator<Item = &'t str>>(t: &mut I) -> Result<Core<'t>, FilterRuleError> {
    let direction = match t.next() {
        Some("in") => Direction::In,
        Some("out") => Direction::Out,
        Some(_) => return Err(FilterRuleError::BadDirection),
        None => return Err(FilterRuleError::UnexpectedEnd),
    };
    let protocol = match t.next().ok_or(FilterRuleError::UnexpectedEnd)? {
        "ip" => Protocol::Any,
        "icmp" => Protocol::Number(1),
        "tcp" => Protocol::Number(6),
        "udp" => Protocol::Number(17),
        "sctp" => Protocol::Number(132),
        n => Protocol::Number(parse_decimal::<u8>(n).ok_or(FilterRuleError::BadProtocol)?),
    };
    expect(t, "from")?;
    let (source, after) = parse_endpoint(t)?;
    if after != Some("to") {
        return Err(match after {
            None => FilterRuleError::UnexpectedEnd,
            Some(_) => FilterRuleError::ExpectedKeyword,
        });
    }
    let (destination, after) = parse_endpoint(t)?;
    Ok((direction, protocol, source, destination, after))
}

fn expect<'t, I: Iterator<Item = &'t str>>(t: &mut I, kw: &str) -> Result<(), FilterRuleError> {
    match t.next() {
        Some(x) if x == kw => Ok(()),
        Some(_) => Err(FilterRuleError::ExpectedKeyword),
        None => Err(FilterRuleError::UnexpectedEnd),
    }
}

/// Parses `[!]address [ports]`, returning the token that follows.
fn parse_endpoint<'t, I: Iterator<Item = &'t str>>(
    t: &mut I,
) -> Result<(Endpoint, Option<&'t str>), FilterRuleError> {
    let mut tok = t.next().ok_or(FilterRuleError::UnexpectedEnd)?;
    let mut negated = false;
    if tok == "!" {
        negated = true;
        tok = t.next().ok_or(FilterRuleError::UnexpectedEnd)?;
    } else if let Some(rest) = tok.strip_prefix('!') {
        negated = true;
        tok = rest;
    }
    let address = parse_address(tok)?;
    let mut ports = PortList::new();
    let mut after = t.next();
    if let Some(p) = after {
        if p.as_bytes().first().is_some_and(u8::is_ascii_digit) {
            for item in p.split(',') {
                let range = match item.split_once('-') {
                    Some((a, b)) => PortRange {
                        start: parse_decimal(a).ok_or(FilterRuleError::BadPort)?,
                        end: parse_decimal(b).ok_or(FilterRuleError::BadPort)?,
                    },
                    None => {
                        let p = parse_decimal(item).ok_or(FilterRuleError::BadPort)?;
                        PortRange { start: p, end: p }
                    }
                };
                ports.push(range)?;
            }
            after = t.next();
        }
    }
    Ok((Endpoint::new(negated, address, ports), after))
}

fn parse_address(tok: &str) -> Result<AddressSpec, FilterRuleError> {
    match tok {
        "any" => return Ok(AddressSpec::Any),
        "assigned" => return Ok(AddressSpec::Assigned),
        _ => {}
    }
    let (ip, bits) = match tok.split_once('/') {
        Some((ip, bits)) => (ip, Some(bits)),
        None => (tok, None),
    };
    let addr = IpAddr::from_str(ip).map_err(|_| FilterRuleError::BadAddress)?;
    let width = match addr {
        IpAddr::V4(_) => 32u8,
        IpAddr::V6(_) => 128u8,
    };
    let bits = match bits {
        Some(b) => parse_decimal::<u8>(b).ok_or(FilterRuleError::BadMask)?,
        None => width,
    };
    if bits > width {
        return Err(FilterRuleError::BadMask);
    }
    let host_bits_set = match addr {
        IpAddr::V4(a) => {
            let v = u32::from(a);
            let mask = u32::MAX.checked_shl(32 - u32::from(bits)).unwrap_or(0);
            v & !mask != 0
        }
        IpAddr::V6(a) => {
            let v = u128::from(a);
            let mask = u128::MAX.checked_shl(128 - u32::from(bits)).unwrap_or(0);
            v & !mask != 0
        }
    };
    if host_bits_set {
        return Err(FilterRuleError::HostBitsSet);
    }
    Ok(AddressSpec::Prefix { addr, bits })
}

/// Parses a plain decimal number (digits only, no sign, no leading `+`).
fn parse_decimal<T: FromStr>(s: &str) -> Option<T> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Handles one IPFilterRule option. Returns `Ok(false)` when `tok` is not
/// one (so QoSFilterRule can try its own).
fn parse_ip_option<'t, I: Iterator<Item = &'t str>>(
    tok: &str,
    t: &mut I,
    o: &mut FilterOptions,
) -> Result<bool, FilterRuleError> {
    fn once(flag: bool) -> Result<(), FilterRuleError> {
        if flag {
            Err(FilterRuleError::DuplicateOption)
        } else {
            Ok(())
        }
    }
    let arg = |t: &mut I| t.next().ok_or(FilterRuleError::BadOptionArgument);
    match tok {
        "frag" => {
            once(o.frag)?;
            o.frag = true;
        }
        "established" => {
            once(o.established)?;
            o.established = true;
        }
        "setup" => {
            once(o.setup)?;
            o.setup = true;
        }
        "ipoptions" => {
            once(o.ipoptions.is_some())?;
            let (p, a) = parse_spec(arg(t)?, IP_OPTION_NAMES)?;
            o.ipoptions = Some(OptionSpec {
                present: IpOptions::from_bits_retain(p),
                absent: IpOptions::from_bits_retain(a),
            });
        }
        "tcpoptions" => {
            once(o.tcpoptions.is_some())?;
            let (p, a) = parse_spec(arg(t)?, TCP_OPTION_NAMES)?;
            o.tcpoptions = Some(OptionSpec {
                present: TcpOptions::from_bits_retain(p),
                absent: TcpOptions::from_bits_retain(a),
            });
        }
        "tcpflags" => {
            once(o.tcpflags.is_some())?;
            let (p, a) = parse_spec(arg(t)?, TCP_FLAG_NAMES)?;
            o.tcpflags = Some(OptionSpec {
                present: TcpFlags::from_bits_retain(p),
                absent: TcpFlags::from_bits_retain(a),
            });
        }
        "icmptypes" => {
            once(o.icmptypes.is_some())?;
            o.icmptypes = Some(parse_icmp_types(arg(t)?)?);
        }
        _ => return Ok(false),
    }
    Ok(true)
}

fn lookup(names: &[(&str, u8)], name: &str) -> Option<u8> {
    names.iter().find(|(n, _)| *n == name).map(|&(_, v)| v)
}

fn parse_spec(spec: &str, names: &[(&str, u8)]) -> Result<(u8, u8), FilterRuleError> {
    let (mut present, mut absent) = (0u8, 0u8);
    for item in spec.split(',') {
        let (neg, name) = match item.strip_prefix('!') {
            Some(n) => (true, n),
            None => (false, item),
        };
        let bit = lookup(names, name).ok_or(FilterRuleError::BadOptionArgument)?;
        if neg {
            absent |= bit;
        } else {
            present |= bit;
        }
    }
    if present & absent != 0 {
        return Err(FilterRuleError::BadOptionArgument);
    }
    Ok((present, absent))
}

fn parse_icmp_types(list: &str) -> Result<IcmpTypes, FilterRuleError> {
    let one = |s: &str| {
        lookup(ICMP_TYPE_NAMES, s)
            .or_else(|| parse_decimal::<u8>(s))
            .ok_or(FilterRuleError::BadOptionArgument)
    };
    let mut set = IcmpTypes::default();
    for item in list.split(',') {
        let (a, b) = match item.split_once('-') {
            Some((a, b)) => (one(a)?, one(b)?),
            None => {
                let v = one(item)?;
                (v, v)
            }
        };
        if a > b {
            return Err(FilterRuleError::BadOptionArgument);
        }
        for ty in a..=b {
            set.insert(ty);
        }
    }
    Ok(set)
}

fn write_core(
    f: &mut fmt::Formatter<'_>,
    direction: Direction,
    protocol: Protocol,
    src: &Endpoint,
    dst: &Endpoint,
) -> fmt::Result {
    f.write_str(match direction {
        Direction::In => " in",
        Direction::Out => " out",
    })?;
    match protocol {
        Protocol::Any => f.write_str(" ip")?,
        Protocol::Number(n) => write!(f, " {n}")?,
    }
    f.write_str(" from ")?;
    write_endpoint(f, src)?;
    f.write_str(" to ")?;
    write_endpoint(f, dst)
}

fn write_endpoint(f: &mut fmt::Formatter<'_>, e: &Endpoint) -> fmt::Result {
    if e.negated {
        f.write_str("!")?;
    }
    match e.address {
        AddressSpec::Any => f.write_str("any")?,
        AddressSpec::Assigned => f.write_str("assigned")?,
        AddressSpec::Prefix { addr, bits } => {
            let full = match addr {
                IpAddr::V4(_) => 32,
                IpAddr::V6(_) => 128,
            };
            if bits == full {
                write!(f, "{addr}")?;
            } else {
                write!(f, "{addr}/{bits}")?;
            }
        }
    }
    for (i, r) in e.ports.as_slice().iter().enumerate() {
        f.write_str(if i == 0 { " " } else { "," })?;
        if r.start == r.end {
            write!(f, "{}", r.start)?;
        } else {
            write!(f, "{}-{}", r.start, r.end)?;
        }
    }
    Ok(())
}

fn write_spec(
    f: &mut fmt::Formatter<'_>,
    kw: &str,
    names: &[(&str, u8)],
    present: u8,
    absent: u8,
) -> fmt::Result {
    write!(f, " {kw} ")?;
    let mut first = true;
    for (neg, bits) in [(false, present), (true, absent)] {
        for &(name, bit) in names {
            if bits & bit != 0 {
                if !first {
                    f.write_str(",")?;
                }
                first = false;
                if neg {
                    f.write_str("!")?;
                }
                f.write_str(name)?;
            }
        }
    }
    Ok(())
}

fn write_options(f: &mut fmt::Formatter<'_>, o: &FilterOptions) -> fmt::Result {
    if o.frag {
        f.write_str(" frag")?;
    }
    if let Some(s) = o.ipoptions {
        write_spec(
            f,
            "ipoptions",
            IP_OPTION_NAMES,
            s.present.bits(),
            s.absent.bits(),
        )?;
    }
    if let Some(s) = o.tcpoptions {
        write_spec(
            f,
            "tcpoptions",
            TCP_OPTION_NAMES,
            s.present.bits(),
            s.absent.bits(),
        )?;
    }
    if o.established {
        f.write_str(" established")?;
    }
    if o.setup {
        f.write_str(" setup")?;
    }
    if let Some(s) = o.tcpflags {
        write_spec(
            f,
            "tcpflags",
            TCP_FLAG_NAMES,
            s.present.bits(),
            s.absent.bits(),
        )?;
    }
    if let Some(types) = o.icmptypes {
        f.write_str(" icmptypes ")?;
        let mut first = true;
        let mut ty: u16 = 0;
        while ty < 256 {
            if types.contains(ty as u8) {
                let start = ty;
                while ty + 1 < 256 && types.contains((ty + 1) as u8) {
                    ty += 1;
                }
                if !first {
                    f.write_str(",")?;
                }
                first = false;
                if start == ty {
                    write!(f, "{start}")?;
                } else {
                    write!(f, "{start}-{ty}")?;
                }
            }
            ty += 1;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    extern crate std;
    use core::net::Ipv4Addr;
    use std::string::ToString;

    #[test]
    fn rfc_examples() {
        let r = IpFilterRule::parse(
            "permit out ip from 192.0.2.0/24 5000 to 192.0.2.20 6000-8000,9000",
        )
        .unwrap();
        assert_eq!(r.action(), FilterAction::Permit);
        assert_eq!(r.direction(), Direction::Out);
        assert_eq!(r.protocol(), Protocol::Any);
        assert_eq!(
            r.source().prefix(),
            Some((IpAddr::V4(Ipv4Addr::new(192, 0, 2, 0)), 24))
        );
        assert!(r.source().ports().matches(5000));
        assert!(!r.source().ports().matches(5001));
        assert_eq!(r.destination().ports().as_slice().len(), 2);
        assert!(r.destination().ports().matches(7000));
        assert_eq!(
            r.to_string(),
            "permit out ip from 192.0.2.0/24 5000 to 192.0.2.20 6000-8000,9000"
        );

        let r = IpFilterRule::parse("deny in ip from ! assigned to any").unwrap();
        assert!(r.source().is_negated());
        assert_eq!(r.source().address(), AddressSpec::Assigned);
        assert_eq!(r.to_string(), "deny in ip from !assigned to any");
    }

    #[test]
    fn options_round_trip() {
        let text = "deny in 6 from 2001:db8::/32 to any 80 frag ipoptions ssrr,!ts tcpoptions mss \
                    established setup tcpflags syn,!ack icmptypes 0,3-5,8";
        let r = IpFilterRule::parse(text).unwrap();
        assert!(r.options().frag);
        assert_eq!(
            r.options().tcpflags,
            Some(OptionSpec {
                present: TcpFlags::SYN,
                absent: TcpFlags::ACK
            })
        );
        let icmp = r.options().icmptypes.unwrap();
        assert!(icmp.contains(4) && !icmp.contains(6));
        assert_eq!(
            r.to_string(),
            text.split_ascii_whitespace()
                .collect::<std::vec::Vec<_>>()
                .join(" ")
        );
        let names =
            IpFilterRule::parse("permit in 1 from any to any icmptypes echo,echorep").unwrap();
        assert_eq!(
            names.to_string(),
            "permit in 1 from any to any icmptypes 0,8"
        );
    }

    #[test]
    fn rejects() {
        use FilterRuleError as E;
        let cases: &[(&str, FilterRuleError)] = &[
            ("", E::UnexpectedEnd),
            ("allow in ip from any to any", E::BadAction),
            ("permit up ip from any to any", E::BadDirection),
            ("permit in 256 from any to any", E::BadProtocol),
            ("permit in ip to any to any", E::ExpectedKeyword),
            ("permit in ip from any", E::UnexpectedEnd),
            ("permit in ip from host to any", E::BadAddress),
            ("permit in ip from 10.0.0.0/33 to any", E::BadMask),
            ("permit in ip from 10.0.0.1/8 to any", E::HostBitsSet),
            ("permit in ip from any 80-70 to any", E::BadPort),
            (
                "permit in ip from any 1,2,3,4,5,6,7,8,9 to any",
                E::TooManyPorts { max: 8 },
            ),
            ("permit in ip from any to any bogus", E::UnknownOption),
            ("permit in ip from any to any frag frag", E::DuplicateOption),
            (
                "permit in ip from any to any tcpflags syn,!syn",
                E::BadOptionArgument,
            ),
            (
                "permit in ip from any to any icmptypes",
                E::BadOptionArgument,
            ),
        ];
        for (text, err) in cases {
            assert_eq!(IpFilterRule::parse(text), Err(*err), "{text}");
        }
    }

    #[test]
    fn qos() {
        let r = QosFilterRule::parse("tag out 17 from any to 10.0.0.0/8 5060 DSCP AF11").unwrap();
        assert_eq!(r.action(), QosAction::Tag);
        assert_eq!(r.dscp(), Some("AF11"));
        assert_eq!(
            r.to_string(),
            "tag out 17 from any to 10.0.0.0/8 5060 DSCP AF11"
        );
        let m =
            QosFilterRule::parse("meter in ip from any to any metering 64000 AF11 drop").unwrap();
        assert_eq!(m.metering().unwrap().rate, 64000);
        assert_eq!(m.metering().unwrap().color_over, "drop");
        assert_eq!(
            QosFilterRule::parse("tag in ip from any to any"),
            Err(FilterRuleError::MissingQosOption)
        );
        assert_eq!(
            QosFilterRule::parse("permit in ip from any to any"),
            Err(FilterRuleError::BadAction)
        );
    }
}
