//! `roam peer connect` and `roam peer listen`: thin blocking `std::net`
//! drivers over the sans-IO [`roam::diameter::peer::Peer`] machine.
//!
//! The machine decides everything (capabilities exchange, watchdogs,
//! DPR/DPA, Tc reconnects, failover); these drivers only move bytes between
//! a `TcpStream` and the machine, wait on socket read timeouts until the
//! machine's next deadline, and build the application requests/answers.

mod connect;
mod io;
mod listen;
mod msg;

use clap::{Args, Subcommand};

pub(crate) use connect::ConnectArgs;
pub(crate) use listen::ListenArgs;

/// `roam peer ...`
#[derive(Debug, Args)]
pub(crate) struct PeerArgs {
    #[command(subcommand)]
    verb: PeerVerb,
}

#[derive(Debug, Subcommand)]
enum PeerVerb {
    /// Connect to a Diameter peer, exchange capabilities, send requests and
    /// watchdogs, then disconnect with DPR; prints one JSON summary line.
    #[command(after_long_help = connect::LONG_HELP)]
    Connect(ConnectArgs),
    /// Serve CER/DWR/DPR and base accounting (ACR → ACA 2001) on ADDR; logs
    /// one JSON line per message.
    Listen(ListenArgs),
}

/// Runs `roam peer ...`; returns the process exit status.
pub(crate) fn run(args: &PeerArgs) -> u8 {
    match &args.verb {
        PeerVerb::Connect(a) => connect::run(a),
        PeerVerb::Listen(a) => listen::run(a),
    }
}
