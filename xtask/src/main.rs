//! `cargo xtask` — the project's only entry points: set up what is missing, then
//! run the real commands.
//!
//! - `cargo xtask serve [trunk serve args…]` — the app with live reload.
//! - `cargo xtask test` — every suite: native, wasm in headless Chromium, a
//!   release build, and the end-to-end journeys on the built site.
//! - `cargo xtask dist [--public-url /sub/path/]` — the release site in `dist/`.
//! - `cargo xtask bench` — bundle figures, browser benchmarks (time to interactive,
//!   frame time with 200 tasks) and model benchmarks (reports only).
//! - `cargo xtask lesson-check` — reads every lesson in `lessons/` and runs its
//!   reference solutions; prints `file:line: reason` for each problem.
//! - `cargo xtask soak [--cases N] [--steps M]` — the model's property tests at
//!   scale, optimised with overflow checks on.
//! - `cargo xtask fuzz <target|all> [--seconds N]` — libFuzzer on the inputs a
//!   learner or a link can hand the app; the kept corpus is replayed by `test`.
//!
//! Every set-up step checks first and is skipped when what it installs is
//! already there at the right version.

mod bundle;
mod fuzz;
mod process;
mod setup;
mod site;

use process::{Tally, Xtask};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Where the e2e suite's build goes: under a sub-path, as a project page would be hosted.
const E2E_PUBLIC_URL: &str = "/ecs-playground/";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = args.split_first() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let x = match Xtask::new() {
        Ok(x) => x,
        Err(err) => {
            eprintln!("xtask: error: {err}");
            return ExitCode::FAILURE;
        }
    };
    let result = match command.as_str() {
        "serve" => serve(&x, rest),
        "test" => test(&x),
        "dist" => dist(&x, rest),
        "bench" => bench(&x),
        "lesson-check" => lesson_check(&x),
        "fuzz" => fuzz::fuzz(&x, rest),
        "soak" => soak(&x, rest),
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown command '{other}'\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("xtask: error: {err}");
            ExitCode::FAILURE
        }
    }
}

const USAGE: &str = "usage: cargo xtask <command>

commands:
  serve [ARGS…]              install what is missing, then `trunk serve` (ARGS go to trunk)
  test                       install what is missing, then run every test suite
  dist [--public-url PATH]   release build into dist/ (PATH like /my-repo/ for a sub-path host)
  bench                      print bundle figures and model benchmarks
  lesson-check               check every lesson file and run its reference solutions
  soak [--cases N] [--steps M]
                             the model's property tests with N random sequences (default 2000)
                             of up to M steps (default 300) each
  fuzz <TARGET|all> [--seconds N]
                             coverage-guided fuzzing (cargo-fuzz, nightly); keeps new coverage in fuzz/corpus/";

fn serve(x: &Xtask, trunk_args: &[String]) -> Result<(), String> {
    setup::build_tools(x)?;
    let mut cmd = x.command("trunk");
    cmd.arg("serve").args(trunk_args);
    x.run_interactive(cmd)
}

fn dist(x: &Xtask, args: &[String]) -> Result<(), String> {
    let public_url = match args {
        [] => "/".to_string(),
        [flag, url] if flag == "--public-url" => normalise_public_url(url)?,
        _ => return Err("usage: cargo xtask dist [--public-url /sub/path/]".into()),
    };
    setup::build_tools(x)?;
    let dist = x.root.join("dist");
    release_build(x, &dist, &public_url)?;
    println!(
        "\nThe site is in {} — host it as static files at {public_url}",
        dist.display()
    );
    bundle::report(&dist)?.print();
    Ok(())
}

fn bench(x: &Xtask) -> Result<(), String> {
    setup::build_tools(x)?;
    let out = x.root.join("target/bench-dist");
    release_build(x, &out, "/")?;
    bundle::report(&out)?.print();
    setup::test_tools(x)?;
    x.step("browser benchmarks: time to interactive, frame time at 60x/600x with 200 tasks");
    let mut browser = x.command("node");
    browser
        .arg(x.root.join("tests/e2e/bench.mjs"))
        .env("E2E_SITE_DIR", &out)
        .env("E2E_PUBLIC_URL", "/")
        .env("E2E_CHROMIUM", setup::CHROMIUM);
    x.run_status(browser)?;
    x.step("model benchmarks");
    let mut model = x.command("cargo");
    model.args([
        "run",
        "--quiet",
        "--profile",
        "bench",
        "-p",
        "ecs-sim",
        "--example",
        "model_bench",
    ]);
    x.run_status(model)?;
    x.step("protocol benchmarks: view computation, update sizes, JSON vs postcard");
    let mut protocol = x.command("cargo");
    protocol.args([
        "run",
        "--quiet",
        "--profile",
        "bench",
        "-p",
        "ecs-engine",
        "--example",
        "protocol_bench",
    ]);
    x.run_status(protocol)?;
    x.step("model benchmark in wasm (headless Chromium, the shipped release profile)");
    x.run_status(wasm_test(
        x,
        "wasm_bench",
        // The shipped profile (size-optimised), as the page runs it.
        &["--release", "--", "--nocapture"],
    ))
}

/// `cargo test` of one wasm-bindgen-test file of the app in headless Chromium.
fn wasm_test(x: &Xtask, test: &str, extra: &[&str]) -> std::process::Command {
    let mut wasm = x.cargo_once();
    wasm.args([
        "test",
        "-p",
        "ecs-playground",
        "--target",
        "wasm32-unknown-unknown",
        // The engine in the page's thread: a test page has no worker files.
        "--features",
        "in-process-engine",
        "--test",
        test,
    ])
    .args(extra)
    .env(
        "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
        "wasm-bindgen-test-runner",
    )
    .env("CHROMEDRIVER", setup::CHROMEDRIVER)
    .env("WASM_BINDGEN_TEST_TIMEOUT", "300")
    .env("WASM_BINDGEN_TEST_DRIVER_TIMEOUT", "60");
    wasm
}

/// The property suites whose sequence count and length `soak` raises.
const SOAK_SUITES: [&str; 2] = ["properties", "blue_green"];

fn soak(x: &Xtask, args: &[String]) -> Result<(), String> {
    let mut cases = 2000u32;
    let mut steps = 300usize;
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        let value = rest.next().ok_or(format!("{flag} needs a number"))?;
        let bad = |_| format!("{flag} takes a whole number, not '{value}'");
        match flag.as_str() {
            "--cases" => cases = value.parse().map_err(bad)?,
            "--steps" => steps = value.parse().map_err(bad)?,
            _ => return Err("usage: cargo xtask soak [--cases N] [--steps M]".into()),
        }
    }
    if cases == 0 || steps < 2 {
        return Err("soak needs at least 1 case of at least 2 steps".into());
    }
    let started = Instant::now();
    let mut soak = x.cargo_once();
    soak.args(["test", "--profile", "soak", "-p", "ecs-sim"]);
    for suite in SOAK_SUITES {
        soak.args(["--test", suite]);
    }
    soak.args(["--", "keeps_the_invariants"])
        .env("ECS_SOAK_CASES", cases.to_string())
        .env("ECS_SOAK_STEPS", steps.to_string());
    x.run_status(soak)?;
    println!(
        "\n==> soak: {} suites x {cases} random sequences of up to {steps} steps, invariants checked after every step: passed in {:.0?}",
        SOAK_SUITES.len(),
        started.elapsed()
    );
    Ok(())
}

fn lesson_check(x: &Xtask) -> Result<(), String> {
    let mut check = x.command("cargo");
    check.args([
        "run",
        "--quiet",
        "-p",
        "ecs-sim",
        "--",
        "lesson-check",
        "lessons",
    ]);
    x.run_status(check)
}

fn test(x: &Xtask) -> Result<(), String> {
    let started = Instant::now();
    setup::build_tools(x)?;
    setup::test_tools(x)?;
    println!("==> set-up done in {:.0?}", started.elapsed());

    let mut tally = Tally::default();

    x.step("lint: rustfmt");
    let mut fmt = x.command("cargo");
    fmt.args(["fmt", "--all", "--", "--check"]);
    tally.check("rustfmt", x.run_status(fmt));

    x.step("lint: clippy");
    let mut clippy = x.cargo_once();
    clippy.args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]);
    tally.check("clippy", x.run_status(clippy));

    // The shell (the page without the workspace, src/shell.rs) is its own build.
    x.step("lint: clippy of the shell");
    let mut shell = x.cargo_once();
    shell.args([
        "clippy",
        "-p",
        "ecs-playground",
        "--no-default-features",
        "--lib",
        "--bins",
        "--",
        "-D",
        "warnings",
    ]);
    tally.check("clippy (shell)", x.run_status(shell));

    x.step("native tests: cargo test --workspace");
    let mut native = x.cargo_once();
    native
        .args(["test", "--workspace"])
        .env("ECS_PLAYGROUND_REQUIRE_AWS_CLI", "1");
    tally.suite("native", x.run_counted(native, 30 * 60));

    for suite in ["shell", "sandbox_view"] {
        x.step(&format!("wasm tests in headless Chromium: {suite}"));
        let wasm = wasm_test(x, suite, &[]);
        tally.suite(&format!("wasm {suite}"), x.run_counted(wasm, 30 * 60));
    }

    x.step("release build for the end-to-end suite");
    let site = x.root.join("target/e2e-dist");
    match release_build(x, &site, E2E_PUBLIC_URL) {
        Ok(()) => {
            tally.check("release build", Ok(()));
            x.step("end-to-end tests: the built site in Chromium");
            let e2e_dir = x.root.join("tests/e2e");
            let mut files: Vec<PathBuf> = std::fs::read_dir(&e2e_dir)
                .map_err(|e| format!("cannot read {}: {e}", e2e_dir.display()))?
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|p| p.to_string_lossy().ends_with(".test.mjs"))
                .collect();
            files.sort();
            let mut e2e = x.command("node");
            e2e.args(["--test", "--test-reporter=tap", "--test-concurrency=1"])
                .args(&files)
                .env("E2E_SITE_DIR", &site)
                .env("E2E_PUBLIC_URL", E2E_PUBLIC_URL)
                .env("E2E_CHROMIUM", setup::CHROMIUM)
                .env("E2E_ARTIFACTS", x.root.join("target/e2e-artifacts"));
            tally.suite("e2e", x.run_counted(e2e, 15 * 60));
        }
        Err(err) => tally.check("release build", Err(err)),
    }

    println!("\n==> summary ({:.0?} in all)", started.elapsed());
    // A CI disk that fills up fails every suite at once; say how close this run came.
    if let Some(usage) = x.disk_usage() {
        println!("  {usage}");
    }
    tally.print_suites();
    // The closing line CI reads.
    println!("{} passed, {} failed", tally.passed, tally.failed);
    if tally.failed == 0 && tally.errors.is_empty() {
        Ok(())
    } else {
        for error in &tally.errors {
            eprintln!("xtask: {error}");
        }
        Err("some tests failed".into())
    }
}

/// `trunk build --release` into `out`, for a site hosted at `public_url`.
fn release_build(x: &Xtask, out: &Path, public_url: &str) -> Result<(), String> {
    x.step(&format!("trunk build --release --public-url {public_url}"));
    let mut cmd = x.command("trunk");
    cmd.args(["build", "--release", "--public-url", public_url, "--dist"])
        .arg(out);
    x.run_status(cmd)?;
    // No inline script, a strict Content-Security-Policy, and the offline cache.
    site::harden(out, public_url)
}

fn normalise_public_url(url: &str) -> Result<String, String> {
    if url.is_empty() || url.contains(char::is_whitespace) || url.contains("..") {
        return Err(format!("--public-url '{url}' is not a path like /my-repo/"));
    }
    let mut url = url.to_string();
    if !url.starts_with('/') {
        url.insert(0, '/');
    }
    if !url.ends_with('/') {
        url.push('/');
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_urls_get_both_slashes() {
        assert_eq!(normalise_public_url("repo").unwrap(), "/repo/");
        assert_eq!(normalise_public_url("/a/b/").unwrap(), "/a/b/");
        assert!(normalise_public_url("").is_err());
        assert!(normalise_public_url("/a/../b").is_err());
    }
}
