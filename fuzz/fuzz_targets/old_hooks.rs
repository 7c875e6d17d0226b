#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzzing::old_hooks(data));
