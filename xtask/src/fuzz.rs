//! `cargo xtask fuzz <target|all> [--seconds N]`: coverage-guided fuzzing with
//! cargo-fuzz (libFuzzer) on nightly Rust, installed if missing. The fuzzer's
//! whole corpus lives in the git-ignored `fuzz/corpus-work/<target>`; at the
//! end the kept corpus `fuzz/corpus/<target>` (committed, replayed by `cargo
//! xtask test`) is remade as libFuzzer's minimal set covering both, capped at
//! [`KEPT_FILES`] of its smallest inputs so the repository stays small; files
//! named `seed-*` (real inputs: scenario lines, sample task definitions, the
//! lessons, saved documents) and `regression-*` (inputs that once failed) are
//! always kept.
//! `--minimize` does only that last step. Prints executions per second and
//! corpus sizes.

use crate::process::Xtask;
use std::path::Path;

pub const TARGETS: &[&str] = &[
    "console_line",
    "task_definition",
    "appspec",
    "share_link",
    "saved_state",
    "saved_world",
    "lesson_file",
];

const USAGE: &str = "usage: cargo xtask fuzz <target|all> [--seconds N | --minimize]";

/// At most this many inputs per target are kept in the repository.
const KEPT_FILES: usize = 150;

pub fn fuzz(x: &Xtask, args: &[String]) -> Result<(), String> {
    let (target, rest) = args.split_first().ok_or(USAGE)?;
    let seconds = match rest {
        [] => Some(60),
        [flag] if flag == "--minimize" => None,
        [flag, n] if flag == "--seconds" => Some(
            n.parse::<u64>()
                .map_err(|_| format!("--seconds {n}: a whole number of seconds"))?,
        ),
        _ => return Err(USAGE.into()),
    };
    let targets: Vec<&str> = if target == "all" {
        TARGETS.to_vec()
    } else if TARGETS.contains(&target.as_str()) {
        vec![target.as_str()]
    } else {
        return Err(format!(
            "unknown fuzz target '{target}': one of {}, or all",
            TARGETS.join(", ")
        ));
    };
    tools(x)?;
    let Some(seconds) = seconds else {
        for target in targets {
            let (files, bytes) = minimize(x, target)?;
            println!("{target}: {files} files, {bytes} bytes kept");
        }
        return Ok(());
    };
    let mut report = Vec::new();
    for target in targets {
        report.push(run(x, target, seconds)?);
    }
    println!("\n==> fuzzing summary ({seconds} s a target)");
    println!(
        "{:<16} {:>12} {:>10} {:>14} {:>14}",
        "target", "executions", "execs/s", "kept corpus", "kept bytes"
    );
    for r in &report {
        println!(
            "{:<16} {:>12} {:>10} {:>14} {:>14}",
            r.target, r.executions, r.per_second, r.corpus_files, r.corpus_bytes
        );
    }
    Ok(())
}

fn tools(x: &Xtask) -> Result<(), String> {
    let toolchains = x
        .output("rustup", &["toolchain", "list"])
        .unwrap_or_default();
    if !toolchains.lines().any(|l| l.starts_with("nightly")) {
        println!("  installing nightly Rust (libFuzzer needs it)");
        let mut cmd = x.command("rustup");
        cmd.args(["toolchain", "install", "nightly", "--profile", "minimal"]);
        x.run_status(cmd).map_err(|e| {
            format!(
                "{e}\nfuzzing needs nightly Rust; the corpus replay in `cargo xtask test` does not"
            )
        })?;
    }
    if x.output("cargo", &["fuzz", "--version"]).is_none() {
        println!("  installing cargo-fuzz (cargo install, about 2 minutes)");
        let mut cmd = x.command("cargo");
        cmd.args(["install", "cargo-fuzz", "--locked"]);
        x.run_status(cmd)?;
    }
    Ok(())
}

struct Figures {
    target: String,
    executions: u64,
    per_second: u64,
    corpus_files: usize,
    corpus_bytes: u64,
}

fn run(x: &Xtask, target: &str, seconds: u64) -> Result<Figures, String> {
    let fuzz_dir = x.root.join("fuzz");
    let kept = fuzz_dir.join("corpus").join(target);
    let work = fuzz_dir.join("corpus-work").join(target);
    std::fs::create_dir_all(&kept).map_err(|e| format!("{}: {e}", kept.display()))?;
    std::fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;
    x.step(&format!("fuzz {target} for {seconds} s"));
    let mut cmd = x.command("cargo");
    cmd.current_dir(&fuzz_dir)
        .args(["+nightly", "fuzz", "run", "-O", target])
        .arg(&work)
        .arg(&kept)
        .arg("--")
        .arg(format!("-max_total_time={seconds}"))
        .args(["-print_final_stats=1", "-timeout=20", "-rss_limit_mb=4096"]);
    let out = cmd
        .output()
        .map_err(|e| format!("could not start cargo fuzz: {e}"))?;
    let log = String::from_utf8_lossy(&out.stderr).into_owned();
    let stat = |name: &str| -> u64 {
        log.lines()
            .find_map(|l| l.strip_prefix(&format!("stat::{name}:")))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0)
    };
    if !out.status.success() {
        let tail: Vec<&str> = log.lines().rev().take(40).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        return Err(format!(
            "fuzz target {target} failed: a crash or timeout (the input is in fuzz/artifacts/{target}/; \
             once fixed, copy it into fuzz/corpus/{target}/ as a regression)\n{}",
            tail.join("\n")
        ));
    }
    let figures_executed = stat("number_of_executed_units");
    let figures_rate = stat("average_exec_per_sec");
    let (corpus_files, corpus_bytes) = minimize(x, target)?;
    Ok(Figures {
        target: target.to_string(),
        executions: figures_executed,
        per_second: figures_rate,
        corpus_files,
        corpus_bytes,
    })
}

/// Remakes the kept corpus as the minimal set covering kept + working corpus,
/// capped at [`KEPT_FILES`] smallest inputs; `seed-*` and `regression-*` files stay.
fn minimize(x: &Xtask, target: &str) -> Result<(usize, u64), String> {
    let fuzz_dir = x.root.join("fuzz");
    let kept = fuzz_dir.join("corpus").join(target);
    let work = fuzz_dir.join("corpus-work").join(target);
    let fresh = fuzz_dir.join("corpus-work").join(format!("{target}.min"));
    let _ = std::fs::remove_dir_all(&fresh);
    for dir in [&work, &fresh] {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let mut merge = x.command("cargo");
    merge
        .current_dir(&fuzz_dir)
        .args(["+nightly", "fuzz", "run", "-O", target])
        .arg(&fresh)
        .arg(&kept)
        .arg(&work)
        .args(["--", "-merge=1"]);
    let merged = merge
        .output()
        .map_err(|e| format!("could not start cargo fuzz: {e}"))?;
    if !merged.status.success() {
        return Err(format!(
            "minimizing the {target} corpus failed:\n{}",
            String::from_utf8_lossy(&merged.stderr)
        ));
    }
    let listing = |dir: &Path| -> Vec<(u64, std::path::PathBuf)> {
        std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .filter_map(|e| Some((e.metadata().ok()?.len(), e.path())))
                    .collect()
            })
            .unwrap_or_default()
    };
    let always_kept = |p: &Path| {
        p.file_name().is_some_and(|n| {
            let n = n.to_string_lossy();
            n.starts_with("regression-") || n.starts_with("seed-")
        })
    };
    for (_, path) in listing(&kept) {
        if !always_kept(&path) {
            std::fs::remove_file(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    let mut chosen = listing(&fresh);
    chosen.sort();
    for (_, path) in chosen.into_iter().take(KEPT_FILES) {
        let name = path.file_name().ok_or("a corpus file without a name")?;
        std::fs::copy(&path, kept.join(name)).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    let _ = std::fs::remove_dir_all(&fresh);
    Ok(size_of(&kept))
}

fn size_of(dir: &Path) -> (usize, u64) {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|e| e.metadata().ok())
                .fold((0, 0), |(n, bytes), m| (n + 1, bytes + m.len()))
        })
        .unwrap_or((0, 0))
}
