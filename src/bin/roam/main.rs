//! The `roam` command-line tool.
//!
//! `roam decode [--format text|json] [--proto auto|diameter|mip4|mip6]
//! [--key SPI=HEX]... [--dict FILE]... FILE...` dissects pcap/pcapng captures
//! (Ethernet with 802.1Q, Linux cooked v1/v2, raw IP, BSD loopback; IPv4 and
//! IPv6) or raw message files.
//!
//! `roam classify --rules FILE --trace FILE [--engine compiled|linear]`
//! classifies a ClassBench trace ([`classify`]).
//!
//! Layout: [`capture`] reads files, [`net`] walks link/IP/transport headers,
//! [`reassembly`] orders TCP bytes and joins SCTP fragments, [`session`]
//! routes payloads to the [`proto`] dissectors (one module per protocol),
//! [`dict`] is the single adapter to the dictionary and typed values, and
//! [`output`] prints text or JSON Lines.

mod capture;
mod classify;
mod decode;
mod dict;
mod json;
mod net;
mod output;
mod peer;
mod proto;
mod reassembly;
mod session;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Sans-IO Mobile IP and Diameter toolkit.
#[derive(Debug, Parser)]
#[command(name = "roam", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Dissect pcap/pcapng captures or raw messages (Diameter on TCP/SCTP
    /// 3868 and SCTP PPID 46, Mobile IPv4 on UDP 434 and ICMP, Mobile IPv6
    /// mobility headers and ICMPv6).
    #[command(after_long_help = decode::LONG_HELP)]
    Decode(decode::DecodeArgs),
    /// Classify a ClassBench trace against a ClassBench rule set and print
    /// one JSON line of results.
    Classify(classify::ClassifyArgs),
    /// Drive a Diameter peer over TCP (`connect`) or serve one (`listen`).
    Peer(peer::PeerArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let status = match &cli.command {
        Command::Decode(args) => decode::run(args),
        Command::Classify(args) => classify::run(args),
        Command::Peer(args) => peer::run(args),
    };
    ExitCode::from(status)
}
