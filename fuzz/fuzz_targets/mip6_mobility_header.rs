#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| roam::fuzzing::mip6_mobility_header(data));
