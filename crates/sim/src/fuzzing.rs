//! The bodies of the model's fuzz targets (`fuzz/fuzz_targets/*.rs` call
//! these; `tests/fuzz_corpus.rs` replays the kept corpus through them on
//! every test run). Each takes arbitrary bytes, must never panic, and checks
//! the promise that goes with its input: a refused call leaves the world
//! exactly as it was.
//!
//! The `assert!`s and `expect`s here are deliberate: a fuzz target reports a
//! broken promise by panicking. This module is only run by the fuzzers and by
//! the corpus replay test, never by the app.

use crate::console::Console;

/// Inputs longer than this are cut: the targets are about shapes, not size
/// (the console's own limits are tested elsewhere). A console line is
/// shorter: a long one only runs more commands.
const MAX_INPUT: usize = 1 << 16;
const MAX_LINE: usize = 4096;

fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(&data[..data.len().min(MAX_INPUT)]).into_owned()
}

/// One console line (or a few): the shell-word splitter, the AWS CLI parser,
/// shorthand and JSON parameters, `--query`, pipes. `sim` lines are left out
/// (moving time is another matter: a fuzzer would only find slow inputs).
pub fn console_line(data: &[u8]) {
    let line = text(&data[..data.len().min(MAX_LINE)]);
    if line.contains("sim") {
        return;
    }
    let mut console = Console::default();
    let before = console.world.clone();
    let out = console.run(&line);
    // A single `aws` call that fails changes nothing (no shell plumbing that
    // could run a second command; no `--query`, which is applied to the
    // answer after the call has been made, as the AWS CLI does).
    let single = line.trim_start().starts_with("aws ")
        && !line.contains(['\n', ';', '|', '&', '$', '`', '>', '<'])
        && !line.contains("--query");
    if single && out.status != 0 {
        assert!(
            console.world == before,
            "a refused call changed the world: {line:?}"
        );
    }
}

/// A task definition given as `--cli-input-json`: registered, or refused with
/// the world untouched; a registered one reads back through describe.
pub fn task_definition_json(data: &[u8]) {
    let json = text(data);
    let mut console = Console::default();
    console.files.insert("taskdef.json".into(), json);
    let before = console.world.clone();
    let out = console.run("aws ecs register-task-definition --cli-input-json file://taskdef.json");
    if out.status != 0 {
        assert!(
            console.world == before,
            "a refused task definition changed the world"
        );
        return;
    }
    let described = console.run("aws ecs describe-task-definition --task-definition $(aws ecs list-task-definitions --query 'taskDefinitionArns[-1]' --output text)");
    assert_eq!(described.status, 0, "{}", described.stderr);
}

/// An AppSpec, as YAML or JSON.
pub fn appspec(data: &[u8]) {
    let _ = crate::deploy::appspec::parse(&text(data));
}

/// A lesson file: parsed, or refused with problems that name a line.
pub fn lesson_file(data: &[u8]) {
    if let Err(problems) = crate::lesson::parse("fuzz.yaml", &text(data)) {
        assert!(!problems.is_empty(), "a refusal says why");
    }
}

/// A saved world document: loaded, or refused with a reason.
pub fn saved_world(data: &[u8]) {
    if let Ok(world) = crate::World::from_json(&text(data)) {
        // What loads can be saved and loaded again, unchanged.
        // invariant: a World is plain data (no maps with non-string keys), so it serialises.
        let again = serde_json::to_string(&world).expect("a loaded world serialises"); // invariant: a fuzz body panics to report a bug
                                                                                       // A finding if not: what was loaded once must load again.
        let reloaded = crate::World::from_json(&again).expect("a saved world loads"); // invariant: a fuzz body panics to report a bug
        assert!(reloaded == world, "save → load changed the world");
    }
}

/// Runs every file of a kept corpus folder through `target`; the files that
/// panic, by path (the corpus replay tests of both crates use this).
pub fn replay_corpus(dir: &std::path::Path, target: fn(&[u8])) -> Result<Vec<String>, String> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!("{} is empty", dir.display()));
    }
    let mut panicked = Vec::new();
    for path in files {
        let data = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        if std::panic::catch_unwind(|| target(&data)).is_err() {
            panicked.push(path.display().to_string());
        }
    }
    Ok(panicked)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_targets_take_ordinary_inputs() {
        console_line(b"aws ec2 create-vpc --cidr-block 10.0.0.0/33");
        console_line(b"aws ecs create-cluster --cluster-name ok");
        task_definition_json(br#"{"family":"web","containerDefinitions":[{"name":"web","image":"nginx","memory":128}]}"#);
        task_definition_json(b"{not json");
        appspec(b"version: 0.0\nResources: []\n");
        lesson_file(b"id: x\n");
        saved_world(b"{}");
    }
}
