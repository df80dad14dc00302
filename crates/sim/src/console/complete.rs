//! Tab completion for the console line: `aws` services, their commands and
//! a command's `--options` (from the same spec the CLI validates with), and
//! the `sim` subcommands. The terminal shows the candidates and fills in
//! what they share.

use crate::spec;

const SIM_COMMANDS: &[&str] = &[
    "advance",
    "push-image",
    "oidc-token",
    "add-instance",
    "fail",
    "recover",
    "sample",
    "reachability",
    "status",
    "cost",
    "load",
    "hooks",
    "lambda",
    "reset",
    "seed",
    "help",
];

const GLOBAL_OPTIONS: &[&str] = &[
    "--query",
    "--output",
    "--cli-input-json",
    "--cli-input-yaml",
    "--generate-cli-skeleton",
    "--region",
    "--no-cli-pager",
];

/// The completions of the line's last word, sorted; the line ends where the cursor is.
pub fn complete(line: &str) -> Vec<String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let finished = line.ends_with(char::is_whitespace) || line.is_empty();
    // The word being completed and the ones before it.
    let (before, current) = match (finished, words.split_last()) {
        (true, _) | (false, None) => (&words[..], ""),
        (false, Some((last, rest))) => (rest, *last),
    };
    let mut candidates: Vec<String> = match before {
        [] => ["aws", "sim", "echo", "cat", "ls", "rm", "clear"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        ["aws"] => spec::SERVICES.iter().map(|(s, _)| s.to_string()).collect(),
        ["aws", service] => spec::operations(service)
            .map(|o| spec::kebab(o.name))
            .chain(["help".to_string()])
            .collect(),
        ["aws", service, command, rest @ ..] if current.starts_with('-') || current.is_empty() => {
            let Some(operation) = spec::find_operation(service, command) else {
                return Vec::new();
            };
            let used: Vec<&str> = rest
                .iter()
                .filter(|w| w.starts_with("--"))
                .copied()
                .collect();
            operation
                .members
                .iter()
                .map(|m| format!("--{}", spec::kebab(m.name)))
                .chain(GLOBAL_OPTIONS.iter().map(|s| s.to_string()))
                .filter(|o| !used.contains(&o.as_str()))
                .collect()
        }
        ["sim"] => SIM_COMMANDS.iter().map(|s| s.to_string()).collect(),
        _ => Vec::new(),
    };
    candidates.retain(|c| c.starts_with(current));
    candidates.sort();
    candidates.dedup();
    candidates
}

/// What the candidates share beyond what was typed.
pub fn common_prefix(candidates: &[String]) -> String {
    let Some(first) = candidates.first() else {
        return String::new();
    };
    let mut end = first.len();
    for c in &candidates[1..] {
        end = end.min(
            first
                .char_indices()
                .zip(c.chars())
                .find(|((_, a), b)| a != b)
                .map_or(end.min(c.len()), |((i, _), _)| i),
        );
    }
    first[..end].to_string()
}

/// The line with its last word completed as far as the candidates agree
/// (and a space after a word that is complete).
pub fn apply(line: &str, candidates: &[String]) -> String {
    let finished = line.ends_with(char::is_whitespace) || line.is_empty();
    let stem = if finished {
        line
    } else {
        line.rsplit_once(char::is_whitespace)
            .map_or("", |(_, tail)| &line[..line.len() - tail.len()])
    };
    match candidates {
        [] => line.to_string(),
        [only] => format!("{stem}{only} "),
        many => {
            let prefix = common_prefix(many);
            let current = if finished {
                ""
            } else {
                line[stem.len()..].trim()
            };
            if prefix.len() > current.len() {
                format!("{stem}{prefix}")
            } else {
                line.to_string()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn services_commands_and_options_complete() {
        assert_eq!(complete("aws ec"), ["ec2", "ecr", "ecs"]);
        assert!(complete("aws ecs create-s").contains(&"create-service".to_string()));
        let options = complete("aws ecs create-service --cluster c --desired");
        assert_eq!(options, ["--desired-count"]);
        // Options already given are not offered again.
        assert!(!complete("aws ecs create-service --cluster c ").contains(&"--cluster".to_string()));
        assert!(complete("aws deploy ").contains(&"create-deployment".to_string()));
        assert_eq!(complete("sim la"), ["lambda"]);
        assert!(complete("aws nope x --").is_empty());
    }

    #[test]
    fn the_line_is_filled_as_far_as_the_candidates_agree() {
        assert_eq!(
            apply("aws ecs create-s", &complete("aws ecs create-s")),
            "aws ecs create-service "
        );
        // create-vpc and create-vpc-endpoint share "create-vpc".
        assert_eq!(
            apply("aws ec2 create-v", &complete("aws ec2 create-v")),
            "aws ec2 create-vpc"
        );
        assert_eq!(apply("sim la", &complete("sim la")), "sim lambda ");
        assert_eq!(apply("aws ec", &complete("aws ec")), "aws ec");
        assert_eq!(apply("aws dep", &complete("aws dep")), "aws deploy ");
        assert_eq!(
            common_prefix(&["create-service".into(), "create-cluster".into()]),
            "create-"
        );
    }

    proptest::proptest! {
        #[test]
        fn any_line_completes_without_panicking(line in "\\PC{0,60}") {
            let candidates = complete(&line);
            let _ = apply(&line, &candidates);
        }
    }
}
