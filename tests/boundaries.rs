//! The structural rules of ARCHITECTURE.md, checked: the protocol is serde
//! types only, the engine, the lesson reader and the model carry no web
//! crates, the page's wasm links no model (the engine is a Web Worker), and
//! page code reads the world only through the engine's view models — except
//! in the modules listed here. The list may only shrink.
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;

/// Page modules that name the model, each with why; none of it is in the shipped page.
const STILL_READING_THE_MODEL: &[&str] = &[
    // Its tests write saved documents with a real console.
    "src/persistence.rs",
    // Its tests register the editor's JSON with a real console.
    "src/task_definition_text.rs",
    // The wasm-bindgen tests' `in-process-engine` feature runs the engine in the page.
    "src/engine_link.rs",
];

const MODEL_READS: &[&str] = &[
    "ecs_sim::",
    "ecs_engine::",
    "with_world",
    "console_untracked",
    "with_console",
];

fn rust_files(dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path.to_string_lossy().replace('\\', "/"));
        }
    }
}

#[test]
fn the_page_reads_the_world_only_through_the_engine() {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut files = Vec::new();
    rust_files(&Path::new(root).join("src"), &mut files);
    let mut offenders = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(&format!("{root}/")).unwrap_or(file);
        let text = std::fs::read_to_string(file).unwrap();
        let reads = MODEL_READS.iter().any(|word| text.contains(word));
        if reads && !STILL_READING_THE_MODEL.contains(&relative) {
            offenders.push(relative.to_string());
        }
    }
    assert!(
        offenders.is_empty(),
        "these page modules read the model directly; send a Request and draw the View instead: {offenders:?}"
    );
    // The list stays honest: every module on it exists and still needs to be there.
    for listed in STILL_READING_THE_MODEL {
        let text = std::fs::read_to_string(Path::new(root).join(listed))
            .unwrap_or_else(|_| panic!("{listed} is listed but does not exist"));
        assert!(
            MODEL_READS.iter().any(|word| text.contains(word)),
            "{listed} no longer reads the model: take it off the list"
        );
    }
}

/// The `[dependencies]` section's crate names of a manifest.
fn dependencies(manifest: &str) -> Vec<String> {
    let text = std::fs::read_to_string(manifest).unwrap();
    let mut in_dependencies = false;
    let mut names = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_dependencies = line == "[dependencies]";
        } else if in_dependencies && !line.is_empty() && !line.starts_with('#') {
            if let Some((name, _)) = line.split_once('=') {
                names.push(name.trim().split('.').next().unwrap_or("").to_string());
            }
        }
    }
    names
}

#[test]
fn the_protocol_is_serde_types_only_and_the_engine_has_no_web_crates() {
    let root = env!("CARGO_MANIFEST_DIR");
    assert_eq!(
        dependencies(&format!("{root}/crates/protocol/Cargo.toml")),
        ["serde"]
    );
    const WEB: &[&str] = &[
        "leptos",
        "web-sys",
        "js-sys",
        "wasm-bindgen",
        "wasm-bindgen-futures",
        "gloo-timers",
    ];
    for crate_dir in [
        "crates/engine",
        "crates/sim",
        "crates/protocol",
        "crates/lesson",
    ] {
        let deps = dependencies(&format!("{root}/{crate_dir}/Cargo.toml"));
        let web: Vec<&String> = deps.iter().filter(|d| WEB.contains(&d.as_str())).collect();
        assert!(web.is_empty(), "{crate_dir} depends on {web:?}");
    }
}

#[test]
fn the_page_links_no_model_the_engine_is_a_worker() {
    let root = env!("CARGO_MANIFEST_DIR");
    let manifest = std::fs::read_to_string(format!("{root}/Cargo.toml")).unwrap();
    let deps = dependencies(&format!("{root}/Cargo.toml"));
    assert!(
        !deps.contains(&"ecs-sim".to_string()),
        "the page depends on the model"
    );
    let engine_line = manifest
        .lines()
        .find(|l| l.starts_with("ecs-engine") && l.contains("crates/engine"))
        .expect("the engine is an optional dependency (the in-process tests)");
    assert!(engine_line.contains("optional = true"), "{engine_line}");
    let worker = dependencies(&format!("{root}/crates/worker/Cargo.toml"));
    assert!(worker.contains(&"ecs-engine".to_string()));
    let index = std::fs::read_to_string(format!("{root}/index.html")).unwrap();
    assert!(
        index.contains(r#"data-type="worker""#),
        "index.html builds the engine worker"
    );
}

#[test]
fn a_first_visit_loads_the_shell_and_the_workspace_is_a_second_module() {
    let root = env!("CARGO_MANIFEST_DIR");
    let index = std::fs::read_to_string(format!("{root}/index.html")).unwrap();
    let link = |bin: &str| {
        index
            .lines()
            .find(|l| l.contains("rel=\"rust\"") && l.contains(&format!("data-bin=\"{bin}\"")))
            .unwrap_or_else(|| panic!("index.html builds {bin}"))
            .to_string()
    };
    let shell = link("ecs-playground");
    assert!(
        shell.contains("data-cargo-no-default-features") && !shell.contains("data-type"),
        "the page's main module is the shell, without the workspace: {shell}"
    );
    let workspace = link("ecs-workspace");
    assert!(workspace.contains(r#"data-type="worker""#), "{workspace}");
    let manifest = std::fs::read_to_string(format!("{root}/Cargo.toml")).unwrap();
    assert!(manifest.contains("default = [\"workspace\"]"));
}
