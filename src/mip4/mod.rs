//! Mobile IPv4 (RFC 5944 and its extensions).
//!
//! [`wire`] holds the codecs: registration messages, extensions,
//! authenticators, replay protection, agent discovery, RFC 3543 revocation,
//! and the tunnelling helpers (IP in IP, minimal encapsulation, GRE, and an
//! IPv4 header view the classifier shares). The agents and the mobile node
//! are built on it.
//!
//! # Design decisions (left open by DESIGN.md)
//!
//! * **Owned forms borrow.** [`wire::Extension`] is one enum that is both the
//!   parsed form (fields point into the message) and the emit form, like
//!   smoltcp's `Repr`s with `&'a [u8]` payloads. Round trip is then exact,
//!   including unknown skippable extensions, without allocation. The fixed
//!   parts have plain owned forms ([`wire::RequestHeader`],
//!   [`wire::ReplyHeader`]).
//! * **Authenticators are appended, not planned.** Instead of a builder that
//!   knows which extensions to protect, [`wire::append_auth`] and
//!   [`wire::append_mn_aaa`] add an authentication extension over whatever
//!   is already in the buffer, which is exactly RFC 5944 §3.5.1's rule
//!   ("all prior Extensions in their entirety"). A relaying foreign agent
//!   truncates at the MN-FA extension's offset and appends FA-HA.
//! * **No message length field.** A Mobile IP message ends where its UDP
//!   payload ends, so a prefix that stops between two extensions is a valid
//!   shorter message; every other strict prefix is `Truncated`.
//! * **Strict structure, lenient reserved bits.** Unknown non-skippable
//!   extensions and bad lengths are errors ([`wire::Denial`] gives the reply
//!   code); reserved bits and fields are kept and reported as
//!   [`wire::Anomalies`].
//! * **Checksums are separate from structure.** `new_checked` on ICMP and
//!   IPv4 views checks lengths and types; `verify_checksum` is its own call,
//!   as in smoltcp, so a relay or a decoder can still look at a packet with a
//!   bad checksum.
//! * **Printer surface.** [`wire::describe`] lists every field as
//!   `(name, value)` pairs with the `roam decode --format json` names, so the
//!   CLI needs no per-extension code.

pub mod wire;
