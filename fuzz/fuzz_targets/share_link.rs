#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| ecs_playground::fuzzing::share_link(data));
