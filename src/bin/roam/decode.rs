//! `roam decode`: dissect captures or raw message files.
//!
//! Output, JSON Lines (`--format json`): one object per message, starting
//! with `frame` (1-based frame number; the message index for raw input) and
//! `protocol`. Mobile IPv4 (`"mip4"`, `"mip4-agent-adv"`, `"mip4-agent-sol"`)
//! and Mobile IPv6 (`"mip6"`, `"nd-ra"`, `"mip6-icmp"`) objects are
//! described in [`crate::proto::mip4`] and [`crate::proto::mip6`]; they end
//! with their `extensions` or `options` and `error` {`kind`, `offset`,
//! `message`}. Diameter objects have these keys in this
//! order: `frame`, `protocol` (`"diameter"`), `version`, `length`, `flags` {`request`,
//! `proxiable`, `error`, `retransmit`}, `command_code`, `command_name`
//! (tshark's spelling, `"Capabilities-Exchange Request"`; null when unknown),
//! `application_id`, `hop_by_hop`, `end_to_end`, `avps`, `error`. Header
//! fields are null when the header itself is malformed. Each AVP has `code`,
//! `vendor_id` (null without the V bit), `flags` {`vendor`, `mandatory`,
//! `protected`}, `length`, `name` and `type` (null when the dictionary does
//! not know the AVP), `value` and `error`. `value` is a number for the integer
//! types and Enumerated, a string for UTF8String, DiameterIdentity,
//! DiameterURI, IP/QoS filter rules and IPv4/IPv6 Address, lowercase hex for
//! OctetString, unknown AVPs and other address families, seconds since 1900
//! for Time, and an array of AVPs for Grouped. The message `error` (null when
//! fine) is {`kind`, `offset`, `result_code`, `message`}: the structure is
//! broken (header, lengths, nesting) and the exit status becomes 1; `avps`
//! then holds what was decoded before the failure. An AVP's own `error` says
//! its data does not fit its type (`invalid_avp_data_length`, 5014, for a
//! fixed-size type of the wrong size; `invalid_avp_value`, 5004, for bad
//! content); the value is then shown as hex and the message still counts as
//! decoded, as tshark treats it as a warning.
//!
//! Exit status: 0 all decoded, 1 some message malformed, 2 usage error or an
//! unreadable or damaged file.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::capture::{self, Format as FileFormat};
use crate::dict::Dict;
use crate::output::{Format, Origin, Output};
use crate::proto::mip4::Key;
use crate::proto::{Config, Dissector, ProtoChoice};
use crate::session::Session;

/// Arguments of `roam decode`.
#[derive(Debug, clap::Args)]
pub(crate) struct DecodeArgs {
    /// Output format: a tshark-like summary with an AVP, extension or option
    /// tree, or JSON Lines (one object per message).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Which protocol to decode. In captures, `auto` picks by port, SCTP
    /// PPID or next header. A file that is not a capture holds raw messages
    /// of the named protocol (`auto` takes it for Diameter when its first
    /// byte is version 1).
    #[arg(long, value_enum, default_value_t = ProtoChoice::Auto)]
    proto: ProtoChoice,
    /// A Mobile IPv4 key, `SPI=HEX` (HMAC-MD5), `SPI=hmac-md5:HEX` or
    /// `SPI=keyed-md5:HEX` (RFC 2002 prefix+suffix); SPI in decimal or
    /// 0x-hex. MN-HA, MN-FA, FA-HA and MN-AAA authenticators with a known
    /// SPI get `"valid": true/false`. Repeatable.
    #[arg(long = "key", value_name = "SPI=HEX")]
    keys: Vec<Key>,
    /// A Wireshark XML Diameter dictionary (e.g.
    /// /usr/share/wireshark/diameter/dictionary.xml); files it includes are
    /// read from its directory. Adds 3GPP and vendor AVPs to the built-in
    /// tables. Repeatable.
    #[arg(long = "dict", value_name = "FILE")]
    dicts: Vec<PathBuf>,
    /// pcap or pcapng captures, or raw message files.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
}

/// Shown after `roam decode --help`.
pub(crate) const LONG_HELP: &str = "\
Protocols: diameter (TCP/SCTP 3868, SCTP PPID 46); mip4 (UDP 434), mip4-agent-adv and
mip4-agent-sol (ICMP 9/10); mip6 (Mobility Header, next header 135), nd-ra and mip6-icmp
(ICMPv6 134, 144-147).

mip4 keys: frame, protocol, type, type_name, flags, code, lifetime, home_address, home_agent,
care_of_address, identification (16 hex digits), [code_name, revocation fields], extensions
[{type, name, length, spi, authenticator, nai, challenge, ..., valid}], error.
mip6 keys: frame, protocol, mh_type, mh_type_name, payload_proto, header_len, checksum,
checksum_valid, sequence, flags, lifetime_units, lifetime_seconds, status, status_name,
home_address, [cookie, nonce_index, keygen_token, ...], options [{type, name, length, ...}], error.

Diameter JSON Lines keys: frame, protocol, version, length, flags{request,proxiable,error,retransmit},
command_code, command_name, application_id, hop_by_hop, end_to_end, avps, error.
AVP keys: code, vendor_id, flags{vendor,mandatory,protected}, length, name, type, value, error.
A malformed message has error {kind, offset, result_code, message}.

Exit status: 0 all decoded, 1 some message malformed, 2 usage error or unreadable file.";

/// Exit status: every message decoded.
pub(crate) const EXIT_OK: u8 = 0;
/// Exit status: some message failed to parse.
pub(crate) const EXIT_MALFORMED: u8 = 1;
/// Exit status: bad usage, or a file that could not be read.
pub(crate) const EXIT_USAGE: u8 = 2;

/// Runs the verb and returns the exit status.
pub(crate) fn run(args: &DecodeArgs) -> u8 {
    let mut dict = Dict::new();
    for path in &args.dicts {
        if let Err(msg) = dict.load_xml(path) {
            eprintln!("roam: --dict {}: {msg}", path.display());
            return EXIT_USAGE;
        }
    }
    let config = Config {
        dict,
        mip4_keys: args.keys.clone(),
    };
    let dissectors = args.proto.dissectors(&config);
    let stdout = io::stdout().lock();
    let mut out = Output::new(args.format, io::BufWriter::new(stdout));
    let mut input_failed = false;
    for path in &args.files {
        let shown = path.display().to_string();
        let res = if args.files.len() > 1 {
            out.heading(&format!("== {shown}"))
        } else {
            Ok(())
        };
        let res = res.and_then(|()| file(path, &dissectors, args.proto, &mut out));
        match res {
            Ok(Ok(())) => {}
            Ok(Err(msg)) => {
                eprintln!("roam: {shown}: {msg}");
                input_failed = true;
            }
            // stdout closed (e.g. piped into `head`): stop quietly.
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return EXIT_OK,
            Err(e) => {
                eprintln!("roam: writing output: {e}");
                return EXIT_USAGE;
            }
        }
    }
    if let Err(e) = out.flush() {
        if e.kind() != io::ErrorKind::BrokenPipe {
            eprintln!("roam: writing output: {e}");
            return EXIT_USAGE;
        }
    }
    if input_failed {
        EXIT_USAGE
    } else if out.any_failed() {
        EXIT_MALFORMED
    } else {
        EXIT_OK
    }
}

/// Decodes one file. The outer error is an output failure; the inner one
/// a problem with the input, reported on stderr.
fn file<W: Write>(
    path: &Path,
    dissectors: &[Box<dyn Dissector>],
    proto: ProtoChoice,
    out: &mut Output<W>,
) -> io::Result<Result<(), String>> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => return Ok(Err(e.to_string())),
    };
    let format = capture::detect(&bytes);
    if format == FileFormat::Raw {
        return raw(&bytes, dissectors, proto, out);
    }
    let mut session = Session::new(dissectors);
    let mut write_err = None;
    let read = capture::for_each_frame(&bytes, format, |frame| {
        if write_err.is_none() {
            write_err = session.frame(frame, out).err();
        }
    });
    if let Some(e) = write_err {
        return Err(e);
    }
    // Report incomplete messages even when the capture is damaged.
    session.finish(out)?;
    Ok(read)
}

/// Decodes a file of raw messages; "frame" is the message index.
fn raw<W: Write>(
    bytes: &[u8],
    dissectors: &[Box<dyn Dissector>],
    proto: ProtoChoice,
    out: &mut Output<W>,
) -> io::Result<Result<(), String>> {
    let looks_like_diameter = bytes.first() == Some(&roam::diameter::wire::VERSION);
    let chosen = match proto {
        ProtoChoice::Auto if looks_like_diameter => {
            dissectors.iter().find(|d| d.name() == "diameter")
        }
        ProtoChoice::Auto => None,
        _ => dissectors.first(),
    };
    let Some(d) = chosen else {
        return Ok(Err(
            "not a pcap or pcapng capture; give --proto to decode raw messages".to_owned(),
        ));
    };
    let messages = d.raw(bytes);
    for (i, m) in messages.iter().enumerate() {
        let origin = Origin {
            frame: i as u64 + 1,
            endpoints: None,
        };
        out.message(origin, d.name(), m.as_ref())?;
    }
    Ok(Ok(()))
}
