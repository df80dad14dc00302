//! Replays the kept fuzz corpus (`fuzz/corpus/<target>/`) through the model's
//! fuzz targets on every test run, so an input that once crashed — kept there
//! as a regression — can never crash again. `cargo xtask fuzz <target>` adds
//! to it.

use std::path::PathBuf;

fn corpus(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/corpus")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("a corpus entry").path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{} is empty", dir.display());
    files
        .into_iter()
        .map(|path| {
            let data = std::fs::read(&path).expect("a corpus file");
            (path, data)
        })
        .collect()
}

fn replay(target: &str, run: fn(&[u8])) {
    for (path, data) in corpus(target) {
        let outcome = std::panic::catch_unwind(|| run(&data));
        assert!(outcome.is_ok(), "{target}: {} panics", path.display());
    }
}

#[test]
fn console_lines() {
    replay("console_line", ecs_sim::fuzzing::console_line);
}

#[test]
fn task_definitions() {
    replay("task_definition", ecs_sim::fuzzing::task_definition_json);
}

#[test]
fn appspecs() {
    replay("appspec", ecs_sim::fuzzing::appspec);
}

#[test]
fn saved_worlds() {
    replay("saved_world", ecs_sim::fuzzing::saved_world);
}

#[test]
fn lesson_files() {
    replay("lesson_file", ecs_sim::fuzzing::lesson_file);
}
