#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| roam::fuzzing::policy_profile(data));
