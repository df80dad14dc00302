//! Replays the kept fuzz corpus (`fuzz/corpus/<target>/`) through the model's
//! fuzz targets on every test run, so an input that once crashed — kept there
//! as a regression — can never crash again. `cargo xtask fuzz <target>` adds
//! to it.

use ecs_sim::fuzzing::{self, replay_corpus};

fn replay(target: &str, run: fn(&[u8])) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/corpus")
        .join(target);
    let panicked = replay_corpus(&dir, run).unwrap_or_else(|e| panic!("{e}"));
    assert!(panicked.is_empty(), "{target}: {panicked:?} panic");
}

#[test]
fn console_lines() {
    replay("console_line", fuzzing::console_line);
}

#[test]
fn task_definitions() {
    replay("task_definition", fuzzing::task_definition_json);
}

#[test]
fn appspecs() {
    replay("appspec", fuzzing::appspec);
}

#[test]
fn saved_worlds() {
    replay("saved_world", fuzzing::saved_world);
}

#[test]
fn lesson_files() {
    replay("lesson_file", fuzzing::lesson_file);
}
