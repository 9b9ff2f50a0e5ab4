//! A generic, printer-friendly view of Mobile IPv4 messages: every message
//! and extension lists its fields as `(name, FieldValue)` pairs, so a text
//! or JSON printer (`roam decode`, issue 3 item 7) needs no per-type code.
//!
//! Field names follow the `roam decode --format json` schema of issue 3:
//! `type`, `type_name`, `flags` (integer), `code`, `lifetime`,
//! `home_address`, `home_agent`, `care_of_address`, `identification`
//! (16 hex digits); extensions have `type`, `length` and their decoded fields
//! (`spi`, `authenticator`, `nai`, `challenge`, …). Whether an authenticator
//! is `valid` is a separate question ([`Message::verify`]) because it needs
//! keys.
//!
//! ```
//! use roam::mip4::wire::describe::{Message, FieldValue};
//! let rrq = [1, 0x02, 0, 60, 10, 0, 0, 5, 10, 0, 0, 1, 192, 0, 2, 1,
//!            0xe8, 0x8a, 0x2b, 0x40, 0, 0, 0, 1, 131, 3, b'a', b'@', b'b'];
//! let m = Message::parse(&rrq).unwrap();
//! let mut names = Vec::new();
//! m.for_each_field(|name, value| names.push(format!("{name}={value}")));
//! assert!(names.contains(&"identification=e88a2b4000000001".to_string()));
//! for ext in m.extensions() {
//!     let ext = ext.unwrap();
//!     assert_eq!(ext.name(), "Mobile Node NAI");
//!     ext.for_each_field(|name, value| if name == "nai" {
//!         assert_eq!(value, FieldValue::Text("a@b"));
//!     });
//! }
//! ```

use super::advert::{AdvExtension, AgentAdvertisement};
use super::auth::{verify_at, verify_message, AuthError, KeyLookup};
use super::codes::{ExtensionType, KeyGenSubtype, MessageType};
use super::error::Error;
use super::ext::{Extension, Extensions, KeyGenReplyData, LocatedExtensions};
use super::registration::{
    RegistrationReply, RegistrationRequest, REPLY_HEADER_LEN, REQUEST_HEADER_LEN,
};
use super::revocation::{Revocation, RevocationAck, REVOCATION_ACK_LEN, REVOCATION_LEN};
use core::fmt;
use core::net::Ipv4Addr;

/// One field's value, typed enough for JSON (numbers, strings, hex).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldValue<'a> {
    /// An unsigned integer (JSON number).
    Uint(u64),
    /// A signed integer (JSON number), e.g. a router preference.
    Int(i64),
    /// An IPv4 address (JSON string, dotted quad).
    Addr(Ipv4Addr),
    /// Bytes (JSON string, lower-case hex).
    Bytes(&'a [u8]),
    /// Valid UTF-8 text (JSON string).
    Text(&'a str),
    /// A 64-bit identifier shown as 16 hex digits (JSON string).
    Hex64(u64),
    /// A name (JSON string), e.g. `type_name`.
    Name(&'static str),
}

impl fmt::Display for FieldValue<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldValue::Uint(v) => write!(f, "{v}"),
            FieldValue::Int(v) => write!(f, "{v}"),
            FieldValue::Addr(a) => write!(f, "{a}"),
            FieldValue::Bytes(b) => {
                for x in *b {
                    write!(f, "{x:02x}")?;
                }
                Ok(())
            }
            FieldValue::Text(t) => f.write_str(t),
            FieldValue::Hex64(v) => write!(f, "{v:016x}"),
            FieldValue::Name(n) => f.write_str(n),
        }
    }
}

impl FieldValue<'_> {
    /// Whether a JSON printer should quote this value.
    #[must_use]
    pub fn is_string(&self) -> bool {
        !matches!(self, FieldValue::Uint(_) | FieldValue::Int(_))
    }
}

fn text_or_bytes(b: &[u8]) -> FieldValue<'_> {
    match core::str::from_utf8(b) {
        Ok(s) if !s.chars().any(char::is_control) => FieldValue::Text(s),
        _ => FieldValue::Bytes(b),
    }
}

impl<'a> Extension<'a> {
    /// A human name for the extension ("Mobile-Home Authentication", …).
    #[must_use]
    pub fn name(&self) -> &'static str {
        match self {
            Extension::GeneralizedAuth(g) => g
                .subtype
                .name()
                .unwrap_or("Generalized Mobile IP Authentication"),
            Extension::Skipped(_) => "Unknown (skipped)",
            _ => self.ty().name().unwrap_or("Unknown"),
        }
    }

    /// Calls `f` for `type`, `length` and every decoded field, in wire order.
    pub fn for_each_field(&self, mut f: impl FnMut(&'static str, FieldValue<'a>)) {
        use FieldValue::{Addr, Bytes, Uint};
        f("type", Uint(self.ty().0.into()));
        f("length", Uint(self.body_len() as u64));
        match *self {
            Extension::Auth(a) => {
                f("spi", Uint(a.spi.into()));
                f("authenticator", Bytes(a.authenticator));
            }
            Extension::GeneralizedAuth(g) => {
                f("subtype", Uint(g.subtype.0.into()));
                f("spi", Uint(g.spi.into()));
                f("authenticator", Bytes(g.authenticator));
            }
            Extension::KeyGenRequest(k) => {
                f("subtype", Uint(k.subtype.0.into()));
                f("mn_spi", Uint(k.mn_spi.into()));
                if k.subtype != KeyGenSubtype::AAA {
                    f("data", Bytes(k.data));
                }
            }
            Extension::MnFaKeyGenReply(k) => {
                f("subtype", Uint(k.data.subtype().0.into()));
                match k.data {
                    KeyGenReplyData::Aaa(a) => {
                        f("key_lifetime", Uint(a.lifetime.into()));
                        f("aaa_spi", Uint(a.aaa_spi.into()));
                        f("fa_spi", Uint(a.fa_spi.into()));
                        f("algorithm", Uint(a.algorithm.0.into()));
                        f("nonce", Bytes(a.nonce));
                    }
                    KeyGenReplyData::Other { data, .. } => f("data", Bytes(data)),
                }
            }
            Extension::MnHaKeyGenReply(k) => {
                f("subtype", Uint(k.data.subtype().0.into()));
                f("key_lifetime", Uint(k.lifetime.into()));
                match k.data {
                    KeyGenReplyData::Aaa(a) => {
                        f("aaa_spi", Uint(a.aaa_spi.into()));
                        f("ha_spi", Uint(a.ha_spi.into()));
                        f("algorithm", Uint(a.algorithm.0.into()));
                        f("replay_method", Uint(a.replay_method.0.into()));
                        f("nonce", Bytes(a.nonce));
                    }
                    KeyGenReplyData::Other { data, .. } => f("data", Bytes(data)),
                }
            }
            Extension::Cvse(v) | Extension::Nvse(v) => {
                f("vendor_id", Uint(v.vendor_id.into()));
                f("vendor_type", Uint(v.vendor_type.into()));
                f("value", Bytes(v.value));
            }
            Extension::UdpTunnelReply(r) => {
                f("subtype", Uint(r.subtype.into()));
                f("code", Uint(r.code.into()));
                f("flags", Uint(r.flags.into()));
                f("keepalive_interval", Uint(r.keepalive_interval.into()));
            }
            Extension::EncapsulatingDeliveryStyle => {}
            Extension::MnNai(n) => f("nai", text_or_bytes(n)),
            Extension::MnFaChallenge(c) => f("challenge", Bytes(c)),
            Extension::RevocationSupport(r) => {
                f("flags", Uint(r.flags.bits().into()));
                f("timestamp", Uint(r.timestamp.into()));
            }
            Extension::DynamicHa(d) => {
                f("subtype", Uint(d.subtype.into()));
                f("home_agent", Addr(d.home_agent));
            }
            Extension::UdpTunnelRequest(r) => {
                f("subtype", Uint(r.subtype.into()));
                f("flags", Uint(r.flags.bits().into()));
                f("encapsulation", Uint(r.encapsulation.into()));
            }
            Extension::Skipped(r) => f("data", Bytes(r.data)),
        }
    }
}

/// Any Mobile IP control message on UDP port 434 that the crate decodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Message<'a> {
    /// Registration Request.
    Request(RegistrationRequest<&'a [u8]>),
    /// Registration Reply.
    Reply(RegistrationReply<&'a [u8]>),
    /// Registration Revocation.
    Revocation(Revocation<&'a [u8]>),
    /// Revocation Acknowledgment.
    RevocationAck(RevocationAck<&'a [u8]>),
}

impl<'a> Message<'a> {
    /// Dispatches on the type byte and checks the message.
    pub fn parse(bytes: &'a [u8]) -> Result<Message<'a>, Error> {
        match bytes.first().copied().map(MessageType) {
            Some(MessageType::REGISTRATION_REQUEST) => {
                RegistrationRequest::new_checked(bytes).map(Message::Request)
            }
            Some(MessageType::REGISTRATION_REPLY) => {
                RegistrationReply::new_checked(bytes).map(Message::Reply)
            }
            Some(MessageType::REGISTRATION_REVOCATION) => {
                Revocation::new_checked(bytes).map(Message::Revocation)
            }
            Some(MessageType::REVOCATION_ACKNOWLEDGMENT) => {
                RevocationAck::new_checked(bytes).map(Message::RevocationAck)
            }
            Some(t) => Err(Error::WrongType {
                layer: super::Layer::RegistrationRequest,
                found: t.0,
            }),
            None => Err(Error::Truncated {
                layer: super::Layer::RegistrationRequest,
                offset: 0,
                required: 1,
                available: 0,
            }),
        }
    }

    /// The whole message.
    #[must_use]
    pub fn as_bytes(&self) -> &'a [u8] {
        match *self {
            Message::Request(r) => r.into_inner(),
            Message::Reply(r) => r.into_inner(),
            Message::Revocation(r) => r.into_inner(),
            Message::RevocationAck(r) => r.into_inner(),
        }
    }

    /// The message type.
    #[must_use]
    pub fn msg_type(&self) -> MessageType {
        MessageType(self.as_bytes().first().copied().unwrap_or(0))
    }

    /// Length of the fixed part (where extensions start).
    #[must_use]
    pub fn header_len(&self) -> usize {
        match self {
            Message::Request(_) => REQUEST_HEADER_LEN,
            Message::Reply(_) => REPLY_HEADER_LEN,
            Message::Revocation(_) => REVOCATION_LEN,
            Message::RevocationAck(_) => REVOCATION_ACK_LEN,
        }
    }

    /// Walks the extensions.
    #[must_use]
    pub fn extensions(&self) -> Extensions<'a> {
        let h = self.header_len();
        Extensions::new(self.as_bytes().get(h..).unwrap_or(&[]), h)
    }

    /// Walks the extensions with their offsets in the message.
    #[must_use]
    pub fn located_extensions(&self) -> LocatedExtensions<'a> {
        let h = self.header_len();
        LocatedExtensions::new(self.as_bytes().get(h..).unwrap_or(&[]), h)
    }

    /// Calls `f` for every fixed field, in wire order, starting with `type`
    /// and `type_name`.
    pub fn for_each_field(&self, mut f: impl FnMut(&'static str, FieldValue<'a>)) {
        use FieldValue::{Addr, Hex64, Name, Uint};
        let t = self.msg_type();
        f("type", Uint(t.0.into()));
        f("type_name", Name(t.name().unwrap_or("Unknown")));
        match self {
            Message::Request(r) => {
                f("flags", Uint(r.flags().bits().into()));
                f("lifetime", Uint(r.lifetime().into()));
                f("home_address", Addr(r.home_address()));
                f("home_agent", Addr(r.home_agent()));
                f("care_of_address", Addr(r.care_of_address()));
                f("identification", Hex64(r.identification().0));
            }
            Message::Reply(r) => {
                f("code", Uint(r.code().0.into()));
                f("code_name", Name(r.code().name().unwrap_or("unknown")));
                f("lifetime", Uint(r.lifetime().into()));
                f("home_address", Addr(r.home_address()));
                f("home_agent", Addr(r.home_agent()));
                f("identification", Hex64(r.identification().0));
            }
            Message::Revocation(r) => {
                f("flags", Uint(r.flags().bits().into()));
                f("home_address", Addr(r.home_address()));
                f("home_domain_address", Addr(r.home_domain_address()));
                f("foreign_domain_address", Addr(r.foreign_domain_address()));
                f("revocation_id", Uint(r.revocation_id().into()));
            }
            Message::RevocationAck(r) => {
                f("flags", Uint(r.flags().bits().into()));
                f("home_address", Addr(r.home_address()));
                f("revocation_id", Uint(r.revocation_id().into()));
            }
        }
    }

    /// Verifies the authentication extension of type `ty` with the caller's
    /// keys (`valid` in `roam decode`): `Ok(spi)` or why not.
    pub fn verify<'k, K: KeyLookup<'k> + ?Sized>(
        &self,
        ty: ExtensionType,
        keys: &K,
    ) -> Result<u32, AuthError> {
        verify_message(self.as_bytes(), self.header_len(), ty, keys)
    }

    /// Verifies the authentication extension whose type byte is at
    /// `ext_offset` (from [`Message::located_extensions`]), so every
    /// authenticator of a relayed request gets a verdict (see
    /// [`verify_at`]).
    pub fn verify_at<'k, K: KeyLookup<'k> + ?Sized>(
        &self,
        ext_offset: usize,
        keys: &K,
    ) -> Result<u32, AuthError> {
        verify_at(self.as_bytes(), self.header_len(), ext_offset, keys)
    }
}

impl<'a> AdvExtension<'a> {
    /// A human name for the advertisement extension.
    #[must_use]
    pub fn name(&self) -> &'static str {
        match self {
            AdvExtension::Skipped { .. } => "Unknown (skipped)",
            _ => self.ty().name().unwrap_or("Unknown"),
        }
    }

    /// Calls `f` for `type`, `length` (absent for padding) and every decoded
    /// field. Care-of addresses are reported one `care_of_address` each.
    pub fn for_each_field(&self, mut f: impl FnMut(&'static str, FieldValue<'a>)) {
        use FieldValue::{Addr, Bytes, Uint};
        f("type", Uint(self.ty().0.into()));
        match *self {
            AdvExtension::Pad => {}
            AdvExtension::MobilityAgent(m) => {
                f("length", Uint((self.encoded_len() - 2) as u64));
                f("sequence", Uint(m.sequence.into()));
                f(
                    "registration_lifetime",
                    Uint(m.registration_lifetime.into()),
                );
                f("flags", Uint(m.flags.bits().into()));
                for c in m.care_of_addresses() {
                    f("care_of_address", Addr(c));
                }
            }
            AdvExtension::PrefixLengths(p) => {
                f("length", Uint(p.len() as u64));
                f("prefix_lengths", Bytes(p));
            }
            AdvExtension::Challenge(c) => {
                f("length", Uint(c.len() as u64));
                f("challenge", Bytes(c));
            }
            AdvExtension::Skipped { data, .. } => {
                f("length", Uint(data.len() as u64));
                f("data", Bytes(data));
            }
        }
    }
}

impl<T: AsRef<[u8]>> AgentAdvertisement<T> {
    /// Calls `f` for the ICMP fields (`icmp_type`, `code`, `checksum`,
    /// `lifetime`) and one `router_address`/`preference` pair per router.
    /// `roam decode` reports these under `protocol` "mip4-agent-adv".
    pub fn for_each_field<'s>(&'s self, mut f: impl FnMut(&'static str, FieldValue<'s>)) {
        use FieldValue::{Addr, Uint};
        f("icmp_type", Uint(self.icmp_type().into()));
        f("code", Uint(self.code().into()));
        f("checksum", Uint(self.checksum_field().into()));
        f("num_addrs", Uint(self.num_addrs().into()));
        f("lifetime", Uint(self.lifetime().into()));
        for r in self.routers() {
            f("router_address", Addr(r.address));
            f("preference", FieldValue::Int(r.preference.into()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_type_and_empty() {
        assert!(matches!(
            Message::parse(&[99, 0]),
            Err(Error::WrongType { found: 99, .. })
        ));
        assert!(Message::parse(&[]).is_err());
        assert_eq!(format!("{}", FieldValue::Bytes(&[0xab, 1])), "ab01");
    }

    extern crate std;
    use std::format;
}
