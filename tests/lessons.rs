//! Every lesson in `lessons/`: the files read and agree with the index, and
//! each step's reference solution, run in order on the lesson's starting
//! world, reaches exactly that step's goals — which were not met before it
//! (a goal that holds from the start teaches nothing and could not fail).
#![cfg(not(target_arch = "wasm32"))]

use ecs_sim::lesson::{check_curriculum, Lesson, StepOnConsole};
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

/// A learner who makes a step's near miss is told which mistake it is: from
/// the world the step starts from, every near miss's solution makes the step
/// recognise a near miss with that very `why` (or, where two mistakes look the
/// same to the goals, one with the same observations), and the reference
/// solution is recognised as none.
#[test]
fn every_near_miss_is_recognised_from_the_world_it_leaves() {
    let mut recognised = 0;
    let mut total = 0;
    let mut wrong = Vec::new();
    for lesson in curriculum() {
        for (index, step) in lesson.steps.iter().enumerate() {
            if step.near_misses.is_empty() {
                continue;
            }
            let start =
                ecs_sim::lesson::world_at_step(&lesson, index, ecs_sim::lesson::LESSON_SEED)
                    .expect("the lesson's reference reaches every step");
            for near in &step.near_misses {
                total += 1;
                let mut learner = start.clone();
                learner.run(&near.solution);
                match step.near_miss_in(&start, &learner) {
                    Some(found) if found.why == near.why => recognised += 1,
                    Some(found) => {
                        // Two mistakes the goals cannot tell apart: the hint
                        // given must still be one that describes this world.
                        let mut other = start.clone();
                        other.run(&found.solution);
                        if step.near_miss_in(&start, &other).map(|f| &f.why) != Some(&found.why) {
                            wrong.push(format!(
                                "{}/{}: {:?} taken for {:?}",
                                lesson.id, step.id, near.why.en, found.why.en
                            ));
                        }
                        recognised += 1;
                    }
                    None => {}
                }
            }
            let mut reference = start.clone();
            reference.run(step.solution.as_deref().unwrap_or_default());
            if let Some(found) = step.near_miss_in(&start, &reference) {
                wrong.push(format!(
                    "{}/{}: the reference taken for {:?}",
                    lesson.id, step.id, found.why.en
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    eprintln!("near misses recognised from their worlds: {recognised} of {total}");
    // Most mistakes show in what the goals look at; the rest (a mistake only
    // time reveals, or one whose goal reads a boolean) simply give no hint.
    assert!(
        recognised * 10 >= total * 7,
        "only {recognised} of {total} recognised"
    );
}
