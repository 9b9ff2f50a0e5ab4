//! Conversion between profile target conditions and Diameter IPFilterRule
//! text (RFC 6733 §4.3.1), so that standard AVPs (NAS-Filter-Rule,
//! MIP-Filter-Rule) carry the conditions to a peer that does not know roam's
//! Service-Profile AVP.
//!
//! The text is parsed and written by the Diameter wire layer's
//! [`IpFilterRule`] (its full grammar, its bounds and its canonical
//! [`Display`](core::fmt::Display) form); this module only maps the
//! structured rule onto a profile [`Target`] and back:
//!
//! ```text
//! action dir proto from src [ports] to dst [ports]
//!   action  permit | deny              -> FilterRule::action
//!   dir     in | out                   -> Direction::Source | Destination
//!   proto   ip | number (or tcp, udp…) -> Target::proto None | Some(n)
//!   src/dst any | ipv4 | ipv4/bits     -> None (also for /0) | a prefix
//!   ports   port | port-port           -> one PortRange
//! ```
//!
//! Valid IPFilterRule constructs a profile cannot represent are refused with
//! [`IpFilterErrorKind::Unsupported`]: `!` negation, `assigned`, port lists
//! with several entries, options (`frag`, `ipoptions`, `tcpoptions`,
//! `established`, `setup`, `tcpflags`, `icmptypes`), IPv6 addresses. Text
//! the wire parser rejects is [`IpFilterErrorKind::Syntax`]; that includes
//! an address with bits set beyond its mask (`10.0.0.1/8`), which RFC 6733
//! §4.3.1 forbids. A profile address pattern that is not a prefix (octet
//! wildcards in the middle) cannot be written as IPFilterRule text
//! ([`IpFilterErrorKind::NotExpressible`]).

use core::net::IpAddr;

use alloc::string::{String, ToString};

use super::filter::{AddrMatch, PortRange};
use super::profile::{Direction, Target};
use crate::diameter::wire::filter::{
    self as wire, AddressSpec, Endpoint, FilterAction, FilterOptions, FilterRuleError,
    IpFilterRule, PortList, Protocol,
};

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
    /// Index of the whitespace-separated token at fault (0 = action). For a
    /// rule that ends early it is the number of tokens (where the missing
    /// one belongs). The wire parser reports no position, so for other
    /// syntax errors this is the last token of the shortest prefix from
    /// which every longer prefix fails the same way as the whole text.
    pub token: usize,
    /// What was wrong.
    pub kind: IpFilterErrorKind,
}

/// Writes a rule as IPFilterRule text: the canonical form of
/// [`IpFilterRule`]'s `Display` (an absent or `/0` address is `any`, a `/32`
/// address has no mask, an absent protocol is `ip`).
///
/// # Errors
/// [`IpFilterErrorKind::NotExpressible`] for a non-prefix address mask.
pub fn to_ip_filter_rule_text(rule: &FilterRule) -> Result<String, IpFilterError> {
    let t = &rule.target;
    // Token positions: action dir proto from src [sport] to dst [dport].
    let dst_token = 6 + usize::from(t.sport.is_some());
    let source = endpoint(t.src, t.sport, 4)?;
    let destination = endpoint(t.dst, t.dport, dst_token)?;
    let wire_rule = IpFilterRule::new(
        match rule.action {
            Action::Permit => FilterAction::Permit,
            Action::Deny => FilterAction::Deny,
        },
        match rule.direction {
            Direction::Source => wire::Direction::In,
            Direction::Destination => wire::Direction::Out,
        },
        t.proto.map_or(Protocol::Any, Protocol::Number),
        source,
        destination,
        FilterOptions::default(),
    );
    Ok(wire_rule.to_string())
}

/// A profile address and port condition as an IPFilterRule `src`/`dst`.
fn endpoint(
    addr: Option<AddrMatch>,
    port: Option<PortRange>,
    token: usize,
) -> Result<Endpoint, IpFilterError> {
    let not_expressible = |token| IpFilterError {
        token,
        kind: IpFilterErrorKind::NotExpressible,
    };
    let address = match addr.map(|a| (a, a.prefix_len())) {
        None | Some((_, Some(0))) => AddressSpec::Any,
        Some((a, Some(bits))) => AddressSpec::Prefix {
            addr: IpAddr::V4(a.addr().into()),
            bits,
        },
        Some((_, None)) => return Err(not_expressible(token)),
    };
    let mut ports = PortList::new();
    if let Some(p) = port {
        ports
            .push(wire::PortRange {
                start: p.lo(),
                end: p.hi(),
            })
            .map_err(|_| not_expressible(token + 1))?;
    }
    Ok(Endpoint::new(false, address, ports))
}

/// Parses IPFilterRule text into a rule.
///
/// `any` and `/0` give no address condition; `ip` gives no protocol
/// condition.
///
/// # Errors
/// [`IpFilterErrorKind::Syntax`] for text [`IpFilterRule::parse`] rejects,
/// [`IpFilterErrorKind::Unsupported`] for a valid rule a profile cannot
/// carry (see the module docs).
pub fn from_ip_filter_rule_text(text: &str) -> Result<FilterRule, IpFilterError> {
    let rule = IpFilterRule::parse(text).map_err(|e| syntax_error(text, e))?;
    let unsupported = |token| IpFilterError {
        token,
        kind: IpFilterErrorKind::Unsupported,
    };
    // The text is a valid rule, so the positions follow from its structure:
    // action dir proto from src [sport] to dst [dport] [options]. A negated
    // endpoint may take two tokens (`! addr`) but is refused at its first.
    let (src, sport) = target_side(rule.source(), 4).map_err(unsupported)?;
    let dst_token = 6 + usize::from(sport.is_some());
    let (dst, dport) = target_side(rule.destination(), dst_token).map_err(unsupported)?;
    if *rule.options() != FilterOptions::default() {
        return Err(unsupported(dst_token + 1 + usize::from(dport.is_some())));
    }
    Ok(FilterRule {
        action: match rule.action() {
            FilterAction::Permit => Action::Permit,
            FilterAction::Deny => Action::Deny,
        },
        direction: match rule.direction() {
            wire::Direction::In => Direction::Source,
            wire::Direction::Out => Direction::Destination,
        },
        target: Target {
            src,
            dst,
            sport,
            dport,
            proto: rule.protocol().number(),
        },
    })
}

/// Maps a parsed `src`/`dst` whose address is token `token`; the error is
/// the index of the unsupported token.
fn target_side(
    e: &Endpoint,
    token: usize,
) -> Result<(Option<AddrMatch>, Option<PortRange>), usize> {
    if e.is_negated() {
        return Err(token);
    }
    let addr = match e.address() {
        AddressSpec::Any | AddressSpec::Prefix { bits: 0, .. } => None,
        AddressSpec::Prefix {
            addr: IpAddr::V4(a),
            bits,
        } => Some(AddrMatch::prefix(a, bits)),
        AddressSpec::Assigned | AddressSpec::Prefix { .. } => return Err(token),
    };
    let port = match e.ports().as_slice() {
        [] => None,
        // The wire parser guarantees start <= end.
        [r] => Some(PortRange::new(r.start, r.end).ok_or(token + 1)?),
        _ => return Err(token + 1),
    };
    Ok((addr, port))
}

/// Maps a wire parser error, locating it (see [`IpFilterError::token`]).
fn syntax_error(text: &str, e: FilterRuleError) -> IpFilterError {
    let kind = match e {
        // Several port ranges are valid text a profile cannot carry.
        FilterRuleError::TooManyPorts { .. } => IpFilterErrorKind::Unsupported,
        _ => IpFilterErrorKind::Syntax,
    };
    let count = text.split_ascii_whitespace().count();
    let token = if e == FilterRuleError::UnexpectedEnd {
        count
    } else {
        // Shorten the text while it keeps failing the same way; the last
        // token of the shortest such prefix is at fault. Only on the error
        // path, at most one parse per token after the fault.
        let mut n = count;
        while n > 1 && IpFilterRule::parse(prefix_tokens(text, n - 1)) == Err(e) {
            n -= 1;
        }
        n.saturating_sub(1)
    };
    IpFilterError { token, kind }
}

/// The text up to the end of its `n`th whitespace-separated token.
fn prefix_tokens(text: &str, n: usize) -> &str {
    let mut seen = 0;
    let mut in_token = false;
    for (i, b) in text.bytes().enumerate() {
        let ws = b.is_ascii_whitespace();
        if in_token && ws {
            seen += 1;
            if seen == n {
                return text.get(..i).unwrap_or(text);
            }
        }
        in_token = !ws;
    }
    text
}
