#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| roam::fuzzing::diameter_router(data));
