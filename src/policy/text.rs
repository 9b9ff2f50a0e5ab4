//! The readable text form of a profile, for configuration and tests
//! (seed 000 §4.5 (a proposal)):
//!
//! ```text
//! id=mn@example.com;1;2#1 ver=3 class=dst dst=172.27.180.* dport=80 tos=0xb8 decap ctl=visitor_list#7
//! ```
//!
//! Whitespace-separated `key=value` tokens, in any order, each at most once:
//!
//! | key | value |
//! |---|---|
//! | `id` | `<session-id>#<profile number>`; in the session id, `%`, `#`, whitespace and control characters are written `%XX` |
//! | `ver` | version (decimal) |
//! | `class` | `src` (default) or `dst` |
//! | `src`, `dst` | `*`, `a.b.c.*` (octet wildcards), `a.b.c.d/len`, `a.b.c.d&m.m.m.m`, or an address |
//! | `sport`, `dport` | `p` or `lo-hi` |
//! | `proto` | protocol number |
//! | `tos` | TOS for both headers; `tos_in` / `tos_out` set one (decimal or `0x..`) |
//! | `encap` | `ipip`, `minimal`, `gre`, `esp` |
//! | `xfer` | comma-separated addresses |
//! | `decap` | a flag, no value |
//! | `ctl` | `<table>[#<link>]`, table one of `service_profile_cache`, `binding_cache`, `mobility_binding`, `visitor_list`, `routing_table`, `anycast_table` (default `routing_table`) |

use core::fmt::{self, Write as _};
use core::net::Ipv4Addr;
use core::str::FromStr;

use alloc::string::String;
use alloc::vec::Vec;

use super::filter::{AddrMatch, PortRange};
use super::profile::{
    Control, ControlTable, Direction, EncapMethod, Profile, ProfileId, MAX_SESSION_ID_LEN,
    MAX_TRANSFER,
};

/// What was wrong with a text profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TextErrorKind {
    /// A key this form does not know.
    #[error("unknown key")]
    UnknownKey,
    /// A key given twice.
    #[error("duplicate key")]
    Duplicate,
    /// A malformed address pattern.
    #[error("bad address pattern")]
    BadAddress,
    /// A malformed port or port range.
    #[error("bad port")]
    BadPort,
    /// A malformed number.
    #[error("bad number")]
    BadNumber,
    /// Unknown control table or bad link.
    #[error("bad control table")]
    BadControl,
    /// Unknown encapsulation method.
    #[error("bad encapsulation method")]
    BadEncap,
    /// Unknown class (`src`/`dst`).
    #[error("bad class")]
    BadClass,
    /// A malformed `id` (escape, UTF-8 or missing `#number`).
    #[error("bad profile id")]
    BadId,
    /// Session id longer than [`MAX_SESSION_ID_LEN`].
    #[error("session id too long")]
    SessionIdTooLong,
    /// More than [`MAX_TRANSFER`] transfer destinations.
    #[error("too many transfer destinations")]
    TooManyTransfers,
}

/// A text profile error with the 0-based token number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("token {token}: {kind}")]
pub struct TextError {
    /// 0-based index of the offending token.
    pub token: usize,
    /// What was wrong.
    pub kind: TextErrorKind,
}

/// Formats an address pattern: `*`, octet wildcards when the mask is made of
/// whole octets, CIDR for other prefixes, `addr&mask` otherwise.
pub struct AddrText(pub AddrMatch);

impl fmt::Display for AddrText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (a, m) = (self.0.addr(), self.0.mask());
        if m == 0 {
            return f.write_str("*");
        }
        let octets_whole = m.to_be_bytes().iter().all(|&b| b == 0 || b == 0xFF);
        if octets_whole {
            for (i, (ab, mb)) in a.to_be_bytes().iter().zip(m.to_be_bytes()).enumerate() {
                if i > 0 {
                    f.write_char('.')?;
                }
                if mb == 0 {
                    f.write_char('*')?;
                } else {
                    write!(f, "{ab}")?;
                }
            }
            return Ok(());
        }
        match self.0.prefix_len() {
            Some(len) => write!(f, "{}/{}", Ipv4Addr::from_bits(a), len),
            None => write!(f, "{}&{}", Ipv4Addr::from_bits(a), Ipv4Addr::from_bits(m)),
        }
    }
}

/// Parses an address pattern (see [`AddrText`] for the forms).
///
/// # Errors
/// [`TextErrorKind::BadAddress`].
pub fn parse_addr_pattern(s: &str) -> Result<AddrMatch, TextErrorKind> {
    let bad = TextErrorKind::BadAddress;
    if s == "*" {
        return Ok(AddrMatch::ANY);
    }
    if let Some((a, l)) = s.split_once('/') {
        let a = Ipv4Addr::from_str(a).map_err(|_| bad)?;
        let l: u8 = l.parse().ok().filter(|&l| l <= 32).ok_or(bad)?;
        return Ok(AddrMatch::prefix(a, l));
    }
    if let Some((a, m)) = s.split_once('&') {
        let a = Ipv4Addr::from_str(a).map_err(|_| bad)?;
        let m = Ipv4Addr::from_str(m).map_err(|_| bad)?;
        return Ok(AddrMatch::new(a.to_bits(), m.to_bits()));
    }
    let mut addr = 0u32;
    let mut mask = 0u32;
    let mut n = 0;
    for part in s.split('.') {
        n += 1;
        if n > 4 {
            return Err(bad);
        }
        addr <<= 8;
        mask <<= 8;
        if part != "*" {
            if part.is_empty() || part.len() > 3 || !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad);
            }
            addr |= u32::from(part.parse::<u8>().map_err(|_| bad)?);
            mask |= 0xFF;
        }
    }
    if n != 4 {
        return Err(bad);
    }
    Ok(AddrMatch::new(addr, mask))
}

fn parse_ports(s: &str) -> Result<PortRange, TextErrorKind> {
    let p = |x: &str| x.parse::<u16>().map_err(|_| TextErrorKind::BadPort);
    match s.split_once('-') {
        Some((lo, hi)) => PortRange::new(p(lo)?, p(hi)?).ok_or(TextErrorKind::BadPort),
        None => Ok(PortRange::exact(p(s)?)),
    }
}

fn parse_u32(s: &str) -> Result<u32, TextErrorKind> {
    match s.strip_prefix("0x") {
        Some(h) => u32::from_str_radix(h, 16),
        None => s.parse(),
    }
    .map_err(|_| TextErrorKind::BadNumber)
}

fn parse_u8(s: &str) -> Result<u8, TextErrorKind> {
    u8::try_from(parse_u32(s)?).map_err(|_| TextErrorKind::BadNumber)
}

struct Ports(PortRange);

impl fmt::Display for Ports {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.lo() == self.0.hi() {
            write!(f, "{}", self.0.lo())
        } else {
            write!(f, "{}-{}", self.0.lo(), self.0.hi())
        }
    }
}

fn escape(s: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    for c in s.chars() {
        if c == '%' || c == '#' || c.is_whitespace() || c.is_control() {
            let mut b = [0u8; 4];
            for byte in c.encode_utf8(&mut b).bytes() {
                write!(f, "%{byte:02X}")?;
            }
        } else {
            f.write_char(c)?;
        }
    }
    Ok(())
}

fn unescape(s: &str) -> Result<String, TextErrorKind> {
    let mut out = Vec::with_capacity(s.len());
    let mut bytes = s.bytes();
    while let Some(b) = bytes.next() {
        if b == b'%' {
            let hi = bytes.next().ok_or(TextErrorKind::BadId)?;
            let lo = bytes.next().ok_or(TextErrorKind::BadId)?;
            let hex = [hi, lo];
            let hex = core::str::from_utf8(&hex).map_err(|_| TextErrorKind::BadId)?;
            out.push(u8::from_str_radix(hex, 16).map_err(|_| TextErrorKind::BadId)?);
        } else {
            out.push(b);
        }
    }
    String::from_utf8(out).map_err(|_| TextErrorKind::BadId)
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut sep = "";
        let mut tok = |f: &mut fmt::Formatter<'_>| {
            let s = sep;
            sep = " ";
            f.write_str(s)
        };
        if self.id != ProfileId::default() {
            tok(f)?;
            f.write_str("id=")?;
            escape(&self.id.session_id, f)?;
            write!(f, "#{}", self.id.number)?;
        }
        if self.version != 0 {
            tok(f)?;
            write!(f, "ver={}", self.version)?;
        }
        if self.direction != Direction::Source {
            tok(f)?;
            write!(f, "class={}", self.direction.name())?;
        }
        let t = &self.target;
        if let Some(a) = t.src {
            tok(f)?;
            write!(f, "src={}", AddrText(a))?;
        }
        if let Some(a) = t.dst {
            tok(f)?;
            write!(f, "dst={}", AddrText(a))?;
        }
        if let Some(p) = t.sport {
            tok(f)?;
            write!(f, "sport={}", Ports(p))?;
        }
        if let Some(p) = t.dport {
            tok(f)?;
            write!(f, "dport={}", Ports(p))?;
        }
        if let Some(p) = t.proto {
            tok(f)?;
            write!(f, "proto={p}")?;
        }
        let e = &self.edit;
        match (e.tos_inner, e.tos_outer) {
            (Some(a), Some(b)) if a == b => {
                tok(f)?;
                write!(f, "tos={a:#04x}")?;
            }
            (i, o) => {
                if let Some(v) = i {
                    tok(f)?;
                    write!(f, "tos_in={v:#04x}")?;
                }
                if let Some(v) = o {
                    tok(f)?;
                    write!(f, "tos_out={v:#04x}")?;
                }
            }
        }
        if let Some(m) = e.encap {
            tok(f)?;
            match m.name() {
                Some(n) => write!(f, "encap={n}")?,
                None => write!(f, "encap={}", m.0)?,
            }
        }
        if !e.transfer.is_empty() {
            tok(f)?;
            f.write_str("xfer=")?;
            for (i, a) in e.transfer.iter().enumerate() {
                if i > 0 {
                    f.write_char(',')?;
                }
                write!(f, "{a}")?;
            }
        }
        if e.decap {
            tok(f)?;
            f.write_str("decap")?;
        }
        tok(f)?;
        match self.control.table.name() {
            Some(n) => write!(f, "ctl={n}")?,
            None => write!(f, "ctl={}", self.control.table.0)?,
        }
        if let Some(l) = self.control.link {
            write!(f, "#{l}")?;
        }
        Ok(())
    }
}

impl FromStr for Profile {
    type Err = TextError;

    fn from_str(s: &str) -> Result<Self, TextError> {
        let mut p = Profile::default();
        let mut seen: u32 = 0;
        for (i, token) in s.split_whitespace().enumerate() {
            let err = |kind| TextError { token: i, kind };
            let (key, value) = token.split_once('=').unwrap_or((token, ""));
            const KEYS: [&str; 16] = [
                "id", "ver", "class", "src", "dst", "sport", "dport", "proto", "tos", "tos_in",
                "tos_out", "encap", "xfer", "decap", "ctl", "",
            ];
            let k = KEYS
                .iter()
                .position(|k| *k == key && !k.is_empty())
                .ok_or(err(TextErrorKind::UnknownKey))?;
            let bit = 1u32 << k;
            // `tos` conflicts with `tos_in`/`tos_out`.
            let conflict = match key {
                "tos" => (1 << 9) | (1 << 10),
                "tos_in" | "tos_out" => 1 << 8,
                _ => 0,
            };
            if seen & (bit | conflict) != 0 {
                return Err(err(TextErrorKind::Duplicate));
            }
            seen |= bit;
            match key {
                "id" => {
                    let (sid, num) = value.rsplit_once('#').ok_or(err(TextErrorKind::BadId))?;
                    let session_id = unescape(sid).map_err(err)?;
                    if session_id.len() > MAX_SESSION_ID_LEN {
                        return Err(err(TextErrorKind::SessionIdTooLong));
                    }
                    let number = parse_u32(num).map_err(|_| err(TextErrorKind::BadId))?;
                    p.id = ProfileId { session_id, number };
                }
                "ver" => p.version = parse_u32(value).map_err(err)?,
                "class" => {
                    p.direction = match value {
                        "src" => Direction::Source,
                        "dst" => Direction::Destination,
                        _ => return Err(err(TextErrorKind::BadClass)),
                    }
                }
                "src" => p.target.src = Some(parse_addr_pattern(value).map_err(err)?),
                "dst" => p.target.dst = Some(parse_addr_pattern(value).map_err(err)?),
                "sport" => p.target.sport = Some(parse_ports(value).map_err(err)?),
                "dport" => p.target.dport = Some(parse_ports(value).map_err(err)?),
                "proto" => p.target.proto = Some(parse_u8(value).map_err(err)?),
                "tos" => {
                    let v = parse_u8(value).map_err(err)?;
                    p.edit.tos_inner = Some(v);
                    p.edit.tos_outer = Some(v);
                }
                "tos_in" => p.edit.tos_inner = Some(parse_u8(value).map_err(err)?),
                "tos_out" => p.edit.tos_outer = Some(parse_u8(value).map_err(err)?),
                "encap" => {
                    p.edit.encap = Some(
                        EncapMethod::from_name(value)
                            .or_else(|| parse_u8(value).ok().map(EncapMethod))
                            .ok_or(err(TextErrorKind::BadEncap))?,
                    );
                }
                "xfer" => {
                    for a in value.split(',') {
                        if p.edit.transfer.len() >= MAX_TRANSFER {
                            return Err(err(TextErrorKind::TooManyTransfers));
                        }
                        let a =
                            Ipv4Addr::from_str(a).map_err(|_| err(TextErrorKind::BadAddress))?;
                        p.edit.transfer.push(a);
                    }
                }
                "decap" => {
                    if !value.is_empty() || token.contains('=') {
                        return Err(err(TextErrorKind::UnknownKey));
                    }
                    p.edit.decap = true;
                }
                _ => {
                    // "ctl"
                    let (table, link) = match value.split_once('#') {
                        Some((t, l)) => (
                            t,
                            Some(parse_u32(l).map_err(|_| err(TextErrorKind::BadControl))?),
                        ),
                        None => (value, None),
                    };
                    let table = ControlTable::from_name(table)
                        .or_else(|| parse_u8(table).ok().map(ControlTable))
                        .ok_or(err(TextErrorKind::BadControl))?;
                    p.control = Control { table, link };
                }
            }
        }
        Ok(p)
    }
}
