#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| ecs_sim::fuzzing::task_definition_json(data));
