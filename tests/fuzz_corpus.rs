//! Replays every committed fuzz corpus file and crash reproducer through the
//! same `roam::fuzzing` bodies the cargo-fuzz targets call, on the stable
//! toolchain, in plain `cargo test`.

use std::fs;
use std::path::Path;

#[test]
fn replay_corpora() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    for (name, body) in roam::fuzzing::TARGETS {
        let mut n = 0;
        for sub in ["corpus", "regressions"] {
            let dir = root.join(sub).join(name);
            let Ok(entries) = fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries {
                let path = entry.expect("readable corpus directory").path();
                let data = fs::read(&path).expect("readable corpus file");
                body(&data);
                n += 1;
            }
        }
        assert!(n > 0, "no corpus for fuzz target {name}");
    }
}
