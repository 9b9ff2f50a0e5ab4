//! Mobile IPv6 (RFC 6275) with Hierarchical MIPv6 (RFC 5380), NEMO
//! (RFC 3963) and Proxy MIPv6 (RFC 5213): the wire layer and the
//! return-routability crypto.
//!
//! * [`wire`] — the Mobility Header and its messages, mobility options,
//!   the IPv6 extension headers Mobile IPv6 uses (Home Address option,
//!   type 2 Routing Header) with a walker from the IPv6 header to the
//!   Mobility Header, the pseudo-header checksum, and the Neighbour
//!   Discovery options and ICMPv6 messages for mobility.
//! * [`rr`] — return routability (RFC 6275 §5.2.5): keygen tokens, Kbm and
//!   the Binding Authorization Data authenticator.
//!
//! ```
//! use core::net::Ipv6Addr;
//! use roam::mip6::wire::{BindingUpdateRepr, BuFlags, Lifetime, MessageRepr,
//!     MobilityHeader, MobilityHeaderRepr, Options};
//!
//! let src: Ipv6Addr = "2001:db8:1::100".parse().unwrap();
//! let dst: Ipv6Addr = "2001:db8:2::1".parse().unwrap();
//! let bu = MobilityHeaderRepr::new(MessageRepr::BindingUpdate(BindingUpdateRepr {
//!     sequence: 7,
//!     flags: BuFlags::ACK | BuFlags::HOME,
//!     lifetime: Lifetime::from_secs_floor(600),
//!     options: Options::EMPTY,
//! }));
//! let mut buf = [0u8; 64];
//! let n = bu.emit(&mut buf, &src, &dst).unwrap();
//! let mh = MobilityHeader::new_checked(&buf[..n]).unwrap();
//! assert!(mh.verify_checksum(&src, &dst));
//! assert_eq!(MobilityHeaderRepr::parse(&mh).unwrap(), bu);
//! ```

pub mod rr;
pub mod wire;
