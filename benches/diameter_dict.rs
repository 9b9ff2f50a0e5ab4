//! Dictionary benchmarks on the `../shared/bench/diameter` messages
//! (committed as `testvectors/diameter/bench/`):
//!
//! * `diameter/decode/<name>`: the decode of the bench README — check
//!   the header, walk every AVP recursing into grouped ones, resolve each
//!   against the built-in dictionary and decode its typed value;
//! * `diameter/validate/<name>`: [`Dictionary::validate`] (flags, values,
//!   grammars, occurrence counts);
//! * `diameter/dict_lookup/<case>`: one AVP lookup.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use roam::diameter::dict::Dictionary;
use roam::diameter::wire::value::Value;
use roam::diameter::wire::{AvpCode, AvpType, Avps, Message, VendorId};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/testvectors/diameter/bench/");
const NAMES: [&str; 9] = [
    "cer", "cea", "dwr", "dwa", "acr", "amr", "ama", "har", "ccr",
];

/// Walks, resolves and types every AVP; returns a checksum so nothing is
/// optimised away.
fn walk(d: &Dictionary, avps: Avps<'_>) -> Option<u64> {
    let mut acc = 0u64;
    for a in avps {
        let a = a.ok()?;
        match d.avp(a.code(), a.vendor_id()) {
            Some(def) if def.ty() == AvpType::Grouped => acc += walk(d, a.grouped().ok()?)?,
            Some(def) => {
                let v = Value::decode(def.ty(), &a).ok()?;
                acc = acc.wrapping_add(u64::from(matches!(v, Value::Unsigned32(_))) + 1);
            }
            None => acc = acc.wrapping_add(a.data().len() as u64),
        }
    }
    Some(acc)
}

fn decode(d: &Dictionary, bytes: &[u8]) -> Option<u64> {
    let msg = Message::new_checked(bytes).ok()?;
    walk(d, msg.avps())
}

fn benches(c: &mut Criterion) {
    let d = Dictionary::builtin();
    let mut g = c.benchmark_group("diameter");
    for name in NAMES {
        let Ok(bytes) = std::fs::read(format!("{DIR}{name}.bin")) else {
            eprintln!("skipping {name}: vector missing");
            continue;
        };
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_function(format!("decode/{name}"), |b| {
            b.iter(|| decode(d, black_box(&bytes)))
        });
        g.bench_function(format!("validate/{name}"), |b| {
            b.iter(|| d.validate_bytes(black_box(&bytes)).is_ok())
        });
    }
    g.throughput(Throughput::Elements(1));
    g.bench_function("dict_lookup/origin_host", |b| {
        b.iter(|| d.avp(black_box(AvpCode::ORIGIN_HOST), black_box(VendorId::IETF)))
    });
    g.bench_function("dict_lookup/unknown_vendor", |b| {
        b.iter(|| d.avp(black_box(AvpCode(1032)), black_box(VendorId::TGPP)))
    });
    g.finish();
}

criterion_group! {
    name = dict;
    config = Criterion::default().measurement_time(Duration::from_secs(3)).warm_up_time(Duration::from_secs(1));
    targets = benches
}
criterion_main!(dict);
