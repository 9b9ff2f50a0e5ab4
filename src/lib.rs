//! # roam — sans-IO Mobile IP and Diameter AAA
//!
//! `roam` speaks Mobile IPv4 (RFC 5944 and extensions), Mobile IPv6 with
//! Hierarchical and Proxy MIPv6 (RFC 6275, 5380, 5213), and Diameter
//! (RFC 6733) with its Mobile IP, NASREQ and Credit-Control applications.
//! It offers:
//!
//! * **wire layers** — zero-copy checked views over caller buffers and owned
//!   or builder forms that emit into caller buffers ([`diameter::wire`],
//!   [`mip4::wire`], [`mip6::wire`] for Mobile IPv6 mobility headers, options and ND);
//! * **Diameter peers** — the RFC 6733 §5.6 peer machine with the RFC 3539
//!   watchdog and request bookkeeping (`diameter::peer`, with `alloc`);
//! * **Diameter dictionaries and validation** — built-in and runtime (Wireshark XML)
//!   definitions, requests checked against them and answered with the right
//!   Result-Code and Failed-AVP ([`diameter::dict`], [`diameter::answer`]);
//! * **Diameter routing** — the RFC 6733 §2.7 realm routing table, §6.1
//!   routing decisions and a byte-for-byte relay (`diameter::router`, with
//!   `alloc`);
//! * **sans-IO state machines** driven only by events and a caller-supplied
//!   clock ([`Machine`], [`time::Instant`]), among them the Diameter
//!   authorization and accounting session machines of RFC 6733 §8
//!   (`diameter::session`, with the `alloc` feature);
//! * **service-profile classification** (seed 000 of the project): service
//!   profiles, their wire forms, the patent's profile search and a compiled
//!   multi-field classifier ([`policy`]).
//!
//! Nothing in the library opens a socket, reads a clock, spawns a thread or
//! sleeps. The caller owns I/O and time.
//!
//! ## Data flow
//!
//! ```text
//! bytes ──parse──▶ wire view (borrowed, zero-copy) ──▶ machine.handle(now, input)
//!                                                         │
//!       caller's socket/timer ◀── poll_transmit / poll_timeout / poll_event
//! bytes ◀──emit── owned repr/builder ◀────────────────────┘
//! ```
//!
//! ## Quick look: decode a Diameter message
//!
//! ```
//! use roam::diameter::wire::{Message, CommandCode};
//!
//! // A Device-Watchdog-Request with only the 20-byte header.
//! let bytes = [
//!     0x01, 0x00, 0x00, 0x14, // version 1, length 20
//!     0x80, 0x00, 0x01, 0x18, // flags R, command 280
//!     0x00, 0x00, 0x00, 0x00, // application 0
//!     0x00, 0x00, 0x00, 0x01, // hop-by-hop
//!     0x00, 0x00, 0x00, 0x02, // end-to-end
//! ];
//! let msg = Message::new_checked(&bytes[..]).unwrap();
//! assert_eq!(msg.command_code(), CommandCode::DEVICE_WATCHDOG);
//! assert!(msg.flags().is_request());
//! assert_eq!(msg.avps().count(), 0);
//! ```
//!
//! ## Features
//!
//! | feature | default | what it adds |
//! |---|---|---|
//! | `std` | yes | `std` adapters (e.g. [`time::Instant`] from `std::time::Instant`) |
//! | `alloc` | via `std` | owned forms, `to_vec()`, runtime dictionaries |
//! | `cli` | yes | the `roam` binary (clap, pcap-file, serde_json) |
//! | `arbitrary` | no | `arbitrary::Arbitrary` for owned forms and machine inputs |
//!
//! Library users who do not want the command-line dependencies should depend on
//! `roam` with `default-features = false, features = ["std"]`.
//!
//! ## Conventions
//!
//! * Views are generic over storage (`T: AsRef<[u8]>`); `new_checked` validates
//!   every length once and the getters cannot panic afterwards. Never call
//!   `new_checked` on a buffer you are about to fill: use `new_unchecked` and
//!   the emit functions.
//! * Emitting writes into a caller buffer and, when it is too short, reports the
//!   exact size needed ([`wire::BufferTooSmall`]).
//! * Code points are open newtypes with associated constants, so dictionaries
//!   and vendors can add codes.
//! * Peer misbehaviour is protocol output (answers, events); `Err` from a
//!   machine is only for caller misuse.
//!
//! The minimum supported Rust version is the `rust-version` in `Cargo.toml`;
//! it is the toolchain CI builds with, and lower versions are untested.
#![no_std]
#![forbid(unsafe_code)]
#![warn(
    missing_docs,
    unreachable_pub,
    clippy::std_instead_of_core,
    clippy::alloc_instead_of_core
)]

#[cfg(feature = "alloc")]
extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod diameter;
pub mod machine;
pub mod mip4;
pub mod mip6;
pub mod policy;
pub mod time;
pub mod wire;

// Fuzz target bodies (not a public API). Needs `alloc`: the fuzz crate
// and the corpus replay test always build with `std`.
#[doc(hidden)]
#[cfg(feature = "alloc")]
pub mod fuzzing;

pub use machine::Machine;

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
