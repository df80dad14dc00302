//! Scenario scripts: each `tests/scenarios/NAME.sh` is run through the console
//! as `ecs-sim script` runs it, and its transcript must equal `NAME.out`.
//! After a deliberate change, regenerate with `UPDATE_SCENARIOS=1 cargo test
//! -p ecs-sim --test scenarios` and review the diff.

use std::path::Path;

#[test]
fn every_scenario_matches_its_transcript() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios");
    let update = std::env::var_os("UPDATE_SCENARIOS").is_some();
    let mut scripts: Vec<_> = std::fs::read_dir(&dir)
        .expect("scenario folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "sh"))
        .collect();
    scripts.sort();
    assert!(
        !scripts.is_empty(),
        "no scenarios found in {}",
        dir.display()
    );
    let mut failures = Vec::new();
    for script in &scripts {
        let input = std::fs::read_to_string(script).expect("script");
        let actual = ecs_sim::console::run_script(&input);
        let expected_path = script.with_extension("out");
        if update {
            std::fs::write(&expected_path, &actual).expect("write transcript");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if actual != expected {
            let line = actual
                .lines()
                .zip(expected.lines())
                .position(|(a, e)| a != e)
                .unwrap_or(0);
            failures.push(format!(
                "{}: first difference at line {}\n  expected: {:?}\n  actual:   {:?}",
                script.display(),
                line + 1,
                expected.lines().nth(line).unwrap_or("<end>"),
                actual.lines().nth(line).unwrap_or("<end>")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_runner_binary_prints_the_same_transcript() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios");
    let script = dir.join("seeds-network.sh");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_ecs-sim"))
        .arg("script")
        .arg(&script)
        .output()
        .expect("run ecs-sim");
    assert!(output.status.success());
    let expected = ecs_sim::console::run_script(&std::fs::read_to_string(&script).expect("script"));
    assert_eq!(String::from_utf8_lossy(&output.stdout), expected);
    let missing = std::process::Command::new(env!("CARGO_BIN_EXE_ecs-sim"))
        .args(["script", "/no/such/file"])
        .output()
        .expect("run ecs-sim");
    assert!(!missing.status.success());
}
