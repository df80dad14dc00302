//! `ecs-sim script FILE`: runs a file of console lines in a fresh world (default
//! seed) and prints each line after its prompt, followed by its output — exactly
//! what the browser console shows. The black-box interface for scenario tests.
//!
//! `ecs-sim lesson-check DIR`: reads every lesson in DIR with its index and
//! runs each reference solution; prints `file:line: reason` for each problem.

use std::process::ExitCode;

const USAGE: &str = "usage: ecs-sim script FILE | ecs-sim lesson-check DIR";

fn lesson_check(dir: &str) -> ExitCode {
    let read = |name: &str| std::fs::read_to_string(std::path::Path::new(dir).join(name));
    let Ok(index) = read("index.yaml") else {
        eprintln!("ecs-sim: {dir}/index.yaml cannot be read");
        return ExitCode::FAILURE;
    };
    let mut files = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        eprintln!("ecs-sim: cannot read the folder {dir}");
        return ExitCode::FAILURE;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        if name.ends_with(".yaml") && name != "index.yaml" {
            match read(&name) {
                Ok(text) => files.push((name, text)),
                Err(err) => eprintln!("ecs-sim: cannot read {name}: {err}"),
            }
        }
    }
    files.sort();
    let (lessons, problems) = ecs_sim::lesson::check_curriculum(&index, &files);
    let mut failed = !problems.is_empty();
    for problem in &problems {
        println!("{dir}/{problem}");
    }
    for lesson in &lessons {
        let found = ecs_sim::lesson::verify(lesson);
        failed |= !found.is_empty();
        for problem in found {
            println!("{dir}/{}.yaml: {problem}", lesson.id);
        }
    }
    println!(
        "{} lessons, {} steps checked: {}",
        lessons.len(),
        lessons.iter().map(|l| l.steps.len()).sum::<usize>(),
        if failed { "problems found" } else { "all good" }
    );
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [command, file] if command == "script" => match std::fs::read_to_string(file) {
            Ok(text) => {
                print!("{}", ecs_sim::console::run_script(&text));
                ExitCode::SUCCESS
            }
            Err(err) => {
                eprintln!("ecs-sim: cannot read {file}: {err}");
                ExitCode::FAILURE
            }
        },
        [command, dir] if command == "lesson-check" => lesson_check(dir),
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}
