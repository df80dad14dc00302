//! The model's structural rules (ARCHITECTURE.md, "Structural rules"), read
//! from the source: which top-level module may depend on which. A module
//! depends on another when its non-test code names `crate::other`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

type Graph = BTreeMap<String, BTreeSet<String>>;

fn source_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            source_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level modules each top-level module names, test code left out.
fn dependencies() -> Graph {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    source_files(&src, &mut files);
    let mut graph = Graph::new();
    for file in files {
        let rel = file
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let top = rel
            .split('/')
            .next()
            .unwrap()
            .trim_end_matches(".rs")
            .to_string();
        let name = rel.rsplit('/').next().unwrap();
        if top == "lib" || top == "main" || name == "tests.rs" || name.ends_with("_tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap();
        let used = graph.entry(top.clone()).or_default();
        for (at, _) in code.match_indices("crate::") {
            let rest = &code[at + "crate::".len()..];
            let names: Vec<&str> = if let Some(group) = rest.strip_prefix('{') {
                // `crate::{a::X, b}`: the first word of each item at the top level.
                let group = &group[..group.find('}').unwrap_or(group.len())];
                group.split(',').map(str::trim).collect()
            } else {
                vec![rest]
            };
            for name in names {
                let word: String = name
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                // Modules are lowercase; `crate::World` and the like are re-exports.
                if !word.is_empty() && word != top && word.chars().all(|c| !c.is_uppercase()) {
                    used.insert(word);
                }
            }
        }
    }
    graph
}

fn dependents_of<'a>(graph: &'a Graph, module: &str) -> BTreeSet<&'a str> {
    graph
        .iter()
        .filter(|(_, used)| used.contains(module))
        .map(|(m, _)| m.as_str())
        .collect()
}

#[test]
fn the_console_is_a_layer_above_the_model() {
    let graph = dependencies();
    assert!(graph.contains_key("console") && graph.contains_key("world"));
    assert_eq!(
        dependents_of(&graph, "console"),
        BTreeSet::from(["fuzzing", "lesson"]),
        "only lesson checking and the fuzz targets drive the console; the model never reaches up into it"
    );
    assert_eq!(dependents_of(&graph, "lesson"), BTreeSet::from(["fuzzing"]));
}

#[test]
fn the_building_blocks_depend_on_no_service() {
    let graph = dependencies();
    let blocks = [
        "clock",
        "ids",
        "tags",
        "error",
        "shell",
        "image_ref",
        "yaml",
    ];
    for block in blocks {
        let Some(used) = graph.get(block) else {
            continue; // a re-export (yaml) has no file here
        };
        let beyond: Vec<&String> = used
            .iter()
            .filter(|m| !blocks.contains(&m.as_str()))
            .collect();
        assert!(beyond.is_empty(), "{block} depends on {beyond:?}");
    }
}

/// The modules that reach one another through `World` (its services call
/// back into it). Giving services a narrow context (issue 21's `Env`) takes
/// modules out of this set; nothing may join it.
#[test]
fn the_cycle_through_the_world_does_not_grow() {
    let graph = dependencies();
    // Everything the world reaches that also reaches the world.
    let reaches = |from: &str, to: &str| {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.to_string()];
        while let Some(m) = stack.pop() {
            if m == to {
                return true;
            }
            if seen.insert(m.clone()) {
                stack.extend(graph.get(&m).into_iter().flatten().cloned());
            }
        }
        false
    };
    let cycle: BTreeSet<&str> = graph
        .keys()
        .map(String::as_str)
        .filter(|m| *m == "world" || (reaches("world", m) && reaches(m, "world")))
        .collect();
    let allowed = BTreeSet::from([
        "autoscaling",
        "codebuild",
        "command",
        "deploy",
        "ecs",
        "elb",
        "spec",
        "world",
    ]);
    let joined: Vec<&&str> = cycle.difference(&allowed).collect();
    assert!(
        joined.is_empty(),
        "{joined:?} joined the cycle through World"
    );
    assert!(!cycle.contains("console"));
}
