//! Conversion between profile target conditions and Diameter IPFilterRule
//! text (RFC 6733 §4.3.1), so that standard AVPs (NAS-Filter-Rule,
//! MIP-Filter-Rule) carry the conditions to a peer that does not know roam's
//! Service-Profile AVP.
//!
//! Grammar handled (a subset of RFC 6733 §4.3.1):
//!
//! ```text
//! action dir proto from src [ports] to dst [ports]
//!   action  permit | deny
//!   dir     in (from the terminal) | out (to the terminal)
//!   proto   a decimal protocol number, or "ip" for any protocol
//!   src/dst any | ipno | ipno/bits
//!   ports   port | port-port          (a single entry)
//! ```
//!
//! Not representable in a profile and refused with
//! [`IpFilterErrorKind::Unsupported`]: `!` negation, `assigned`, port
//! lists with several entries, options (`frag`, `ipoptions`, `tcpoptions`,
//! `established`, `setup`, `tcpflags`, `icmptypes`), IPv6 addresses. A
//! profile address pattern that is not a prefix (octet wildcards in the
//! middle) cannot be written as IPFilterRule text either.
//!
//! TODO(lead): use diameter::wire::value::IpFilterRule once it is on main;
//! this module parses the text itself meanwhile.

use core::fmt::Write as _;
use core::net::Ipv4Addr;
use core::str::FromStr;

use alloc::string::String;

use super::filter::{AddrMatch, PortRange};
use super::profile::{Direction, Target};

/// The rule's action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// `permit`.
    Permit,
    /// `deny`.
    Deny,
}

/// An IPFilterRule reduced to what a profile target can express.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FilterRule {
    /// `permit` or `deny`.
    pub action: Action,
    /// `in` (from the terminal) maps to a source profile, `out` (to the
    /// terminal) to a destination profile.
    pub direction: Direction,
    /// The conditions. Port conditions need a protocol (RFC 6733 §4.3.1
    /// allows ports only with TCP/UDP-like protocols; roam does not check
    /// which).
    pub target: Target,
}

/// Why a text could not be converted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IpFilterErrorKind {
    /// The text does not follow the grammar.
    #[error("syntax")]
    Syntax,
    /// A valid construct a profile cannot carry.
    #[error("construct not representable in a profile")]
    Unsupported,
    /// A profile condition IPFilterRule text cannot carry (non-prefix mask).
    #[error("condition not representable as IPFilterRule")]
    NotExpressible,
}

/// An IPFilterRule conversion error with the 0-based token index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("token {token}: {kind}")]
pub struct IpFilterError {
    /// Token index (0 = action).
    pub token: usize,
    /// What was wrong.
    pub kind: IpFilterErrorKind,
}

/// Writes a rule as IPFilterRule text.
///
/// # Errors
/// [`IpFilterErrorKind::NotExpressible`] for a non-prefix address mask.
pub fn to_ip_filter_rule_text(rule: &FilterRule) -> Result<String, IpFilterError> {
    let t = &rule.target;
    let mut s = String::new();
    s.push_str(match rule.action {
        Action::Permit => "permit",
        Action::Deny => "deny",
    });
    s.push_str(match rule.direction {
        Direction::Source => " in ",
        Direction::Destination => " out ",
    });
    match t.proto {
        Some(p) => {
            let _ = write!(s, "{p}");
        }
        None => s.push_str("ip"),
    }
    let side = |s: &mut String, a: Option<AddrMatch>, p: Option<PortRange>, token| {
        match a {
            None => s.push_str(" any"),
            Some(a) => match a.prefix_len() {
                Some(0) => s.push_str(" any"),
                Some(32) => {
                    let _ = write!(s, " {}", Ipv4Addr::from_bits(a.addr()));
                }
                Some(l) => {
                    let _ = write!(s, " {}/{}", Ipv4Addr::from_bits(a.addr()), l);
                }
                None => {
                    return Err(IpFilterError {
                        token,
                        kind: IpFilterErrorKind::NotExpressible,
                    })
                }
            },
        }
        if let Some(p) = p {
            if p.lo() == p.hi() {
                let _ = write!(s, " {}", p.lo());
            } else {
                let _ = write!(s, " {}-{}", p.lo(), p.hi());
            }
        }
        Ok(())
    };
    s.push_str(" from");
    side(&mut s, t.src, t.sport, 4)?;
    s.push_str(" to");
    side(&mut s, t.dst, t.dport, 6)?;
    Ok(s)
}

/// Parses IPFilterRule text into a rule.
///
/// `any` and `/0` give no address condition; `ip` gives no protocol
/// condition.
///
/// # Errors
/// [`IpFilterErrorKind::Syntax`] or [`IpFilterErrorKind::Unsupported`].
pub fn from_ip_filter_rule_text(text: &str) -> Result<FilterRule, IpFilterError> {
    let mut toks = text.split_ascii_whitespace().enumerate().peekable();
    let err = |token, kind| IpFilterError { token, kind };
    let mut next = |want: &'static str| {
        toks.next()
            .ok_or(err(usize::MAX, IpFilterErrorKind::Syntax))
            .and_then(|(i, t)| {
                if want.is_empty() || t == want {
                    Ok((i, t))
                } else {
                    Err(err(i, IpFilterErrorKind::Syntax))
                }
            })
    };
    let (i, a) = next("")?;
    let action = match a {
        "permit" => Action::Permit,
        "deny" => Action::Deny,
        _ => return Err(err(i, IpFilterErrorKind::Syntax)),
    };
    let (i, d) = next("")?;
    let direction = match d {
        "in" => Direction::Source,
        "out" => Direction::Destination,
        _ => return Err(err(i, IpFilterErrorKind::Syntax)),
    };
    let (i, p) = next("")?;
    let proto = if p == "ip" {
        None
    } else {
        Some(
            p.parse::<u8>()
                .map_err(|_| err(i, IpFilterErrorKind::Syntax))?,
        )
    };
    next("from")?;
    let (i, s) = next("")?;
    let src = parse_addr(s).map_err(|k| err(i, k))?;
    // Optional ports, then "to".
    let (i, t) = next("")?;
    let sport = if t == "to" {
        None
    } else {
        let p = parse_ports(t).map_err(|k| err(i, k))?;
        next("to")?;
        Some(p)
    };
    let (i, d) = next("")?;
    let dst = parse_addr(d).map_err(|k| err(i, k))?;
    let mut dport = None;
    if let Some((i, t)) = toks.next() {
        dport = Some(parse_ports(t).map_err(|k| err(i, k))?);
    }
    if let Some((i, _)) = toks.next() {
        return Err(err(i, IpFilterErrorKind::Unsupported));
    }
    Ok(FilterRule {
        action,
        direction,
        target: Target {
            src,
            dst,
            sport,
            dport,
            proto,
        },
    })
}

fn parse_addr(s: &str) -> Result<Option<AddrMatch>, IpFilterErrorKind> {
    if s == "any" {
        return Ok(None);
    }
    if s.starts_with('!') || s == "assigned" || s.contains(':') {
        return Err(IpFilterErrorKind::Unsupported);
    }
    let (a, len) = match s.split_once('/') {
        Some((a, l)) => (
            a,
            l.parse::<u8>()
                .ok()
                .filter(|&l| l <= 32)
                .ok_or(IpFilterErrorKind::Syntax)?,
        ),
        None => (s, 32),
    };
    let a = Ipv4Addr::from_str(a).map_err(|_| IpFilterErrorKind::Syntax)?;
    Ok((len != 0).then(|| AddrMatch::prefix(a, len)))
}

fn parse_ports(s: &str) -> Result<PortRange, IpFilterErrorKind> {
    if s.contains(',') {
        return Err(IpFilterErrorKind::Unsupported);
    }
    let p = |x: &str| {
        if x.is_empty() || !x.bytes().all(|b| b.is_ascii_digit()) {
            // Options such as "frag" or "established" land here.
            return Err(if x.bytes().all(|b| b.is_ascii_alphabetic()) {
                IpFilterErrorKind::Unsupported
            } else {
                IpFilterErrorKind::Syntax
            });
        }
        x.parse::<u16>().map_err(|_| IpFilterErrorKind::Syntax)
    };
    match s.split_once('-') {
        Some((lo, hi)) => PortRange::new(p(lo)?, p(hi)?).ok_or(IpFilterErrorKind::Syntax),
        None => Ok(PortRange::exact(p(s)?)),
    }
}
