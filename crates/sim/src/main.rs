//! `ecs-sim script FILE`: runs a file of console lines in a fresh world (default
//! seed) and prints each line after its prompt, followed by its output — exactly
//! what the browser console shows. The black-box interface for scenario tests.

use std::process::ExitCode;

const USAGE: &str = "usage: ecs-sim script FILE";

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
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}
