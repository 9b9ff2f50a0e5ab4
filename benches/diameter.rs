//! Diameter wire benchmarks on the shared bench messages
//! (`../shared/bench/diameter/`, or the committed copies in
//! `testvectors/diameter/bench/` when `shared/` is absent).
//!
//! * `diameter/encode/<name>`: emit the message from its owned form
//!   ([`OwnedMessage::emit`]) into a preallocated buffer. The owned form is
//!   built outside the timed loop, and checked once to reproduce the input
//!   bytes exactly.
//! * `diameter/walk/<name>`: check the header and walk every AVP, recursing
//!   into grouped ones, without a dictionary (no typed values).
//!
//! `diameter/decode/<name>` (walk + dictionary typing) lives with the
//! dictionary.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use roam::diameter::wire::{AvpCode, Message, OwnedMessage, VendorId};

const NAMES: [&str; 9] = [
    "cer", "cea", "dwr", "dwa", "acr", "amr", "ama", "har", "ccr",
];

fn input(name: &str) -> Vec<u8> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let shared = root
        .join("../shared/bench/diameter")
        .join(format!("{name}.bin"));
    let copy = root
        .join("testvectors/diameter/bench")
        .join(format!("{name}.bin"));
    std::fs::read(&shared)
        .or_else(|_| std::fs::read(&copy))
        .unwrap_or_else(|e| panic!("{name}.bin: {e}"))
}

/// The Grouped AVPs of the bench messages (testvectors/diameter/bench/README.md).
fn is_grouped(code: AvpCode, vendor: VendorId) -> bool {
    vendor == VendorId::IETF
        && matches!(
            code.0,
            260 | 279 | 284 | 297 | 322 | 331 | 437 | 443 | 446 | 456
        )
}

fn encode(c: &mut Criterion) {
    let mut g = c.benchmark_group("diameter/encode");
    for name in NAMES {
        let bytes = input(name);
        let msg = Message::new_checked(&bytes[..]).expect("bench message parses");
        let owned = OwnedMessage::from_message(&msg, is_grouped).expect("bench message walks");
        let mut buf = vec![0u8; bytes.len()];
        assert_eq!(owned.emit(&mut buf), Ok(bytes.len()));
        assert_eq!(buf, bytes, "{name}: encode must reproduce the input");
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_function(name, |b| {
            b.iter(|| black_box(&owned).emit(black_box(&mut buf[..])))
        });
    }
    g.finish();
}

fn walk(c: &mut Criterion) {
    let mut g = c.benchmark_group("diameter/walk");
    for name in NAMES {
        let bytes = input(name);
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_function(name, |b| {
            b.iter(|| {
                Message::new_checked(black_box(&bytes[..]))
                    .and_then(|m| m.check_avps(is_grouped))
                    .expect("bench message walks")
            })
        });
    }
    g.finish();
}

criterion_group!(benches, encode, walk);
criterion_main!(benches);
