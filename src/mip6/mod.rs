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

//! A restarted home agent asking a mobile node to re-register (seed 003):
//! a Binding Refresh Request sent to the care-of address with a type 2
//! Routing Header carrying the home address (RFC 6275 §6.1.2, §6.4).
//!
//! ```
//! use core::net::Ipv6Addr;
//! use roam::mip6::wire::{Ipv6Packet, MessageRepr, MobilityHeaderRepr,
//!     MobilityPacketRepr, Options, check_mobility_header, MhVerdict};
//!
//! let ha: Ipv6Addr = "2001:db8:1::1".parse().unwrap();
//! let coa: Ipv6Addr = "2001:db8:77::100".parse().unwrap();
//! let hoa: Ipv6Addr = "2001:db8:1::100".parse().unwrap();
//! let brr = MobilityPacketRepr {
//!     src: ha,
//!     dst: coa,
//!     hop_limit: 64,
//!     home_address: None,
//!     routing_address: Some(hoa),
//!     mobility: MobilityHeaderRepr::new(MessageRepr::BindingRefreshRequest {
//!         reserved: 0,
//!         options: Options::EMPTY,
//!     }),
//! };
//! let mut buf = [0u8; 128];
//! let n = brr.emit(&mut buf).unwrap();
//! let p = Ipv6Packet::parse(&buf[..n]).unwrap();
//! assert_eq!(p.checksum_destination(), hoa); // the final destination
//! assert_eq!(check_mobility_header(&p), MhVerdict::Accept);
//! ```

pub mod rr;
pub mod wire;
