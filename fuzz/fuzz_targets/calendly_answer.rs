#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzzing::calendly_answer(data));
