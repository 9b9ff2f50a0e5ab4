//! The `roam` command-line tool.
//!
//! `roam decode [--format text|json] [--proto auto|diameter|mip4|mip6] FILE...`
//! dissects pcap/pcapng captures (Ethernet with 802.1Q, Linux cooked v1/v2,
//! raw IP, BSD loopback; IPv4 and IPv6) or raw message files.
//!
//! Layout: [`capture`] reads files, [`net`] walks link/IP/transport headers,
//! [`reassembly`] orders TCP bytes and joins SCTP fragments, [`session`]
//! routes payloads to the [`proto`] dissectors (one module per protocol),
//! [`dict`] is the single adapter to the dictionary and typed values, and
//! [`output`] prints text or JSON Lines.

mod capture;
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
    /// 3868 and SCTP PPID 46).
    #[command(after_long_help = decode::LONG_HELP)]
    Decode(decode::DecodeArgs),
    /// Drive a Diameter peer over TCP (`connect`) or serve one (`listen`).
    Peer(peer::PeerArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let status = match &cli.command {
        Command::Decode(args) => decode::run(args),
        Command::Peer(args) => peer::run(args),
    };
    ExitCode::from(status)
}
