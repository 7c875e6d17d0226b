#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzzing::callback_url(data));
