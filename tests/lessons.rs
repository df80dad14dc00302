//! Every lesson in `lessons/`: the files read and agree with the index, and
//! each step's reference solution, run in order on the lesson's starting
//! world, reaches exactly that step's goals — which were not met before it
//! (a goal that holds from the start teaches nothing and could not fail).
#![cfg(not(target_arch = "wasm32"))]

use ecs_sim::lesson::{check_curriculum, Lesson};
use std::path::Path;

fn curriculum() -> Vec<Lesson> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons");
    let index = std::fs::read_to_string(dir.join("index.yaml")).expect("lessons/index.yaml");
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("lessons/") {
        let path = entry.expect("entry").path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if name.ends_with(".yaml") && name != "index.yaml" {
            files.push((name, std::fs::read_to_string(&path).expect("lesson file")));
        }
    }
    let (lessons, problems) = check_curriculum(&index, &files);
    let report: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    assert!(report.is_empty(), "lesson problems:\n{}", report.join("\n"));
    assert!(!lessons.is_empty());
    lessons
}

#[test]
fn every_reference_solution_reaches_its_goals_and_only_then() {
    let problems: Vec<String> = curriculum()
        .iter()
        .flat_map(ecs_sim::lesson::verify)
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_lesson_map_lists_the_curriculum_in_order() {
    let ids: Vec<String> = curriculum().into_iter().map(|l| l.id).collect();
    assert_eq!(ids.first().map(String::as_str), Some("ecs-basics"));
}
