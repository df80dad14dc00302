//! Running the real commands: environment, streaming output, time limits, and
//! counting what each test suite reports.

use std::io::{BufRead, BufReader};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The repository and the environment every command runs in.
pub struct Xtask {
    pub root: PathBuf,
    /// Git-ignored folder for tools installed from npm.
    pub tools: PathBuf,
    path: String,
    commit: Option<String>,
}

impl Xtask {
    pub fn new() -> Result<Self, String> {
        // xtask lives at <root>/xtask; cargo sets CARGO_MANIFEST_DIR when it runs us.
        let manifest = std::env::var_os("CARGO_MANIFEST_DIR")
            .map(PathBuf::from)
            .ok_or("run this through cargo: `cargo xtask …`")?;
        let root = manifest
            .parent()
            .ok_or("xtask is not inside the repository")?
            .to_path_buf();
        let tools = root.join(".tools");
        let home = std::env::var("HOME").unwrap_or_default();
        let cargo_bin = std::env::var("CARGO_HOME")
            .map(|h| format!("{h}/bin"))
            .unwrap_or_else(|_| format!("{home}/.cargo/bin"));
        let path = format!(
            "{}:{}:{}:{}",
            tools.join("awscli-venv/bin").display(),
            tools.join("node_modules/.bin").display(),
            cargo_bin,
            std::env::var("PATH").unwrap_or_default()
        );
        let commit = Command::new("git")
            .args(["rev-parse", "--short", "HEAD"])
            .current_dir(&root)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .filter(|c| !c.is_empty());
        Ok(Xtask {
            root,
            tools,
            path,
            commit,
        })
    }

    /// A command in the repository root with the tools on PATH.
    pub fn command(&self, program: &str) -> Command {
        let mut cmd = Command::new(program);
        cmd.current_dir(&self.root)
            .env("PATH", &self.path)
            // trunk otherwise asks the internet whether it is up to date.
            .env("TRUNK_SKIP_VERSION_CHECK", "true");
        if let Some(commit) = &self.commit {
            cmd.env("ECS_PLAYGROUND_COMMIT", commit);
        }
        cmd
    }

    /// `cargo` for a build that runs once, as `cargo xtask test` on a clean checkout:
    /// no incremental cache, which is gigabytes of a cold run's target/ and only
    /// speeds up rebuilds of a crate that changed.
    pub fn cargo_once(&self) -> Command {
        let mut cmd = self.command("cargo");
        cmd.env("CARGO_INCREMENTAL", "0");
        cmd
    }

    /// "target/ holds N GB; M GB free on its disk", `None` if du/df are missing.
    pub fn disk_usage(&self) -> Option<String> {
        let target = self.root.join("target");
        let target = target.to_str()?;
        let used_kib: u64 = self
            .output("du", &["-sk", target])?
            .split_whitespace()
            .next()?
            .parse()
            .ok()?;
        // `df -Pk`: one header line, then "fs blocks used available capacity mount".
        let free_kib: u64 = self
            .output("df", &["-Pk", target])?
            .lines()
            .nth(1)?
            .split_whitespace()
            .nth(3)?
            .parse()
            .ok()?;
        let gib = |kib: u64| kib as f64 / (1024.0 * 1024.0);
        Some(format!(
            "target/ holds {:.1} GiB; {:.1} GiB free on its disk",
            gib(used_kib),
            gib(free_kib)
        ))
    }

    /// Whether `program` can be started (with the tools on PATH).
    pub fn has(&self, program: &str) -> bool {
        self.output(program, &["--version"]).is_some()
    }

    /// Stdout and stderr of a quick query, `None` if it could not run or failed.
    pub fn output(&self, program: &str, args: &[&str]) -> Option<String> {
        let out = self
            .command(program)
            .args(args)
            .stdin(Stdio::null())
            .output()
            .ok()?;
        out.status.success().then(|| {
            let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
            text.push_str(&String::from_utf8_lossy(&out.stderr));
            text
        })
    }

    pub fn step(&self, what: &str) {
        println!("\n==> {what}");
    }

    /// Runs to completion with the terminal attached; an error names the command.
    pub fn run_status(&self, mut cmd: Command) -> Result<(), String> {
        let shown = describe(&cmd);
        let status = cmd
            .status()
            .map_err(|e| format!("could not start `{shown}`: {e}"))?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("`{shown}` failed ({status})"))
        }
    }

    /// Like [`Xtask::run_status`]; for long-running commands such as `trunk serve`.
    pub fn run_interactive(&self, cmd: Command) -> Result<(), String> {
        self.run_status(cmd)
    }

    /// Runs a test suite, echoing its output and counting the results it reports;
    /// stops it (and everything it started) after `limit_secs`.
    pub fn run_counted(&self, mut cmd: Command, limit_secs: u64) -> Counted {
        let shown = describe(&cmd);
        cmd.stdout(Stdio::piped())
            .stdin(Stdio::null())
            .process_group(0);
        let mut child = match cmd.spawn() {
            Ok(child) => child,
            Err(e) => return Counted::broken(format!("could not start `{shown}`: {e}")),
        };
        let (lines_tx, lines_rx) = mpsc::channel::<String>();
        if let Some(stdout) = child.stdout.take() {
            std::thread::spawn(move || {
                for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                    println!("{line}");
                    if lines_tx.send(line).is_err() {
                        break;
                    }
                }
            });
        }
        let deadline = Instant::now() + Duration::from_secs(limit_secs);
        let mut counted = Counted::default();
        let status = loop {
            while let Ok(line) = lines_rx.try_recv() {
                counted.read_line(&line);
            }
            match child.try_wait() {
                Ok(Some(status)) => break Some(status),
                Ok(None) if Instant::now() >= deadline => {
                    // Kill the whole group: the runner's chromedriver and Chromium too.
                    let _ = Command::new("kill")
                        .args(["-KILL", &format!("-{}", child.id())])
                        .status();
                    let _ = child.wait();
                    break None;
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(50)),
                Err(e) => return Counted::broken(format!("lost `{shown}`: {e}")),
            }
        };
        // Drain what the reader thread still holds.
        while let Ok(line) = lines_rx.recv_timeout(Duration::from_millis(500)) {
            counted.read_line(&line);
        }
        match status {
            Some(status) if status.success() => {}
            Some(status) => counted.error = Some(format!("`{shown}` failed ({status})")),
            None => counted.error = Some(format!("`{shown}` was stopped after {limit_secs} s")),
        }
        counted
    }
}

fn describe(cmd: &Command) -> String {
    let mut text = cmd.get_program().to_string_lossy().into_owned();
    for arg in cmd.get_args() {
        text.push(' ');
        text.push_str(&arg.to_string_lossy());
    }
    text
}

/// What one suite reported.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Counted {
    pub passed: u64,
    pub failed: u64,
    pub error: Option<String>,
}

impl Counted {
    fn broken(error: String) -> Self {
        Counted {
            error: Some(error),
            ..Default::default()
        }
    }

    /// Reads libtest's (`test result: ok. 3 passed; 1 failed; …`, also printed by
    /// wasm-bindgen-test-runner) and TAP's (`# pass 3`, `# fail 1`) summary lines.
    pub fn read_line(&mut self, line: &str) {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("test result: ") {
            for part in rest.split([';', '.']) {
                let mut words = part.split_whitespace();
                match (
                    words.next().and_then(|n| n.parse::<u64>().ok()),
                    words.next(),
                ) {
                    (Some(n), Some("passed")) => self.passed += n,
                    (Some(n), Some("failed")) => self.failed += n,
                    _ => {}
                }
            }
        } else if let Some(n) = line
            .strip_prefix("# pass ")
            .and_then(|n| n.trim().parse::<u64>().ok())
        {
            self.passed += n;
        } else if let Some(n) = line
            .strip_prefix("# fail ")
            .and_then(|n| n.trim().parse::<u64>().ok())
        {
            self.failed += n;
        }
    }
}

/// Totals over every suite and check of a `cargo xtask test` run.
#[derive(Default)]
pub struct Tally {
    pub passed: u64,
    pub failed: u64,
    pub errors: Vec<String>,
    rows: Vec<(String, u64, u64)>,
}

impl Tally {
    /// Adds a suite's counts. A suite that failed without reporting a failed
    /// test (it did not compile, it hung) counts as one failure.
    pub fn suite(&mut self, name: &str, counted: Counted) {
        let mut failed = counted.failed;
        if let Some(error) = counted.error {
            if failed == 0 {
                failed = 1;
            }
            self.errors.push(format!("{name}: {error}"));
        }
        self.add(name, counted.passed, failed);
    }

    /// A check that passes or fails as a whole (lint, build) counts as one test.
    pub fn check(&mut self, name: &str, result: Result<(), String>) {
        match result {
            Ok(()) => self.add(name, 1, 0),
            Err(error) => {
                self.errors.push(format!("{name}: {error}"));
                self.add(name, 0, 1);
            }
        }
    }

    fn add(&mut self, name: &str, passed: u64, failed: u64) {
        self.passed += passed;
        self.failed += failed;
        self.rows.push((name.to_string(), passed, failed));
    }

    pub fn print_suites(&self) {
        for (name, passed, failed) in &self.rows {
            println!("  {name:<16} {passed:>5} passed {failed:>3} failed");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(lines: &[&str]) -> Counted {
        let mut counted = Counted::default();
        for line in lines {
            counted.read_line(line);
        }
        counted
    }

    #[test]
    fn reads_libtest_summaries() {
        let c = count(&[
            "test result: ok. 19 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s",
            "test result: FAILED. 3 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out",
            "test foo ... ok",
        ]);
        assert_eq!((c.passed, c.failed), (22, 2));
    }

    #[test]
    fn reads_tap_summaries() {
        let c = count(&[
            "# tests 4",
            "# pass 3",
            "# fail 1",
            "# cancelled 0",
            "ok 1 - # pass 9",
        ]);
        assert_eq!((c.passed, c.failed), (3, 1));
    }

    #[test]
    fn a_suite_that_broke_without_failures_still_fails() {
        let mut tally = Tally::default();
        tally.suite(
            "wasm",
            Counted {
                passed: 0,
                failed: 0,
                error: Some("did not compile".into()),
            },
        );
        tally.suite(
            "native",
            Counted {
                passed: 5,
                failed: 0,
                error: None,
            },
        );
        assert_eq!((tally.passed, tally.failed), (5, 1));
        assert_eq!(tally.errors.len(), 1);
    }
}
