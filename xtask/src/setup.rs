//! Installing what the build and the tests need, each step only when missing.
//!
//! The versions and traps come from `shared/toolchain.md`: trunk 0.21.14 (0.22
//! needs a newer rustc); wasm-bindgen-cli at exactly the Cargo.lock version and
//! without `--locked`; wasm-opt from npm's `binaryen` (Debian's crashes pages);
//! Chromium and ChromeDriver from Debian; playwright-core without its browser.

use crate::process::Xtask;
use std::path::Path;

pub const TRUNK_VERSION: &str = "0.21.14";
pub const BINARYEN_VERSION: &str = "132.0.0";
pub const AWS_CLI_VERSION: &str = "1.45.11";
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Everything `trunk build` needs.
pub fn build_tools(x: &Xtask) -> Result<(), String> {
    x.step("checking build tools");
    require(x, "cargo", "Rust (install it with rustup)")?;
    require(
        x,
        "rustup",
        "rustup (the wasm32 target is added through it)",
    )?;
    require(
        x,
        "npm",
        "Node.js with npm (Debian: apt-get install nodejs npm), for wasm-opt",
    )?;
    wasm_target(x)?;
    trunk(x)?;
    wasm_bindgen_cli(x)?;
    wasm_opt(x)
}

/// What the browser and end-to-end suites need on top of the build tools.
pub fn test_tools(x: &Xtask) -> Result<(), String> {
    x.step("checking test tools");
    require(
        x,
        "node",
        "Node.js (Debian: apt-get install nodejs), for the end-to-end suite",
    )?;
    require(x, "python3", "Python 3 (Debian: apt-get install python3 python3-venv), for the real AWS CLI the parser is checked against")?;
    aws_cli(x)?;
    chromium(x)?;
    e2e_packages(x)
}

/// The real AWS CLI (PyPI `awscli`) in a virtual environment under `.tools/`,
/// for the differential test of the console's parser.
fn aws_cli(x: &Xtask) -> Result<(), String> {
    let venv = x.tools.join("awscli-venv");
    let aws = venv.join("bin/aws");
    let found = x
        .output(&aws.to_string_lossy(), &["--version"])
        .unwrap_or_default();
    if found.contains(&format!("aws-cli/{AWS_CLI_VERSION}")) {
        present(&format!(
            "aws-cli {AWS_CLI_VERSION} (PyPI awscli, in .tools/awscli-venv)"
        ));
        return Ok(());
    }
    installing(
        &format!("aws-cli {AWS_CLI_VERSION}"),
        "PyPI awscli into .tools/awscli-venv",
    );
    std::fs::create_dir_all(&x.tools).map_err(|e| format!("cannot create .tools/: {e}"))?;
    let mut venv_cmd = x.command("python3");
    venv_cmd.args(["-m", "venv"]).arg(&venv);
    x.run_status(venv_cmd)?;
    let mut pip = x.command(&venv.join("bin/pip").to_string_lossy());
    pip.args([
        "install",
        "--quiet",
        "--disable-pip-version-check",
        &format!("awscli=={AWS_CLI_VERSION}"),
    ]);
    x.run_status(pip)
}

fn require(x: &Xtask, program: &str, what: &str) -> Result<(), String> {
    if x.has(program) {
        Ok(())
    } else {
        Err(format!(
            "`{program}` was not found on PATH. Install {what}, then run this again."
        ))
    }
}

fn present(what: &str) {
    println!("  ok      {what}");
}

fn installing(what: &str, how: &str) {
    println!("  install {what} ({how})");
}

fn wasm_target(x: &Xtask) -> Result<(), String> {
    let installed = x
        .output("rustup", &["target", "list", "--installed"])
        .unwrap_or_default();
    if installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        present("rust target wasm32-unknown-unknown");
        return Ok(());
    }
    installing("rust target wasm32-unknown-unknown", "rustup target add");
    let mut cmd = x.command("rustup");
    cmd.args(["target", "add", "wasm32-unknown-unknown"]);
    x.run_status(cmd)
}

fn trunk(x: &Xtask) -> Result<(), String> {
    let found = x.output("trunk", &["--version"]).unwrap_or_default();
    if found.split_whitespace().any(|w| w == TRUNK_VERSION) {
        present(&format!("trunk {TRUNK_VERSION}"));
        return Ok(());
    }
    installing(
        &format!("trunk {TRUNK_VERSION}"),
        "cargo install, about 8 minutes on 2 cores",
    );
    let mut cmd = x.command("cargo");
    cmd.args([
        "install",
        "trunk",
        "--version",
        TRUNK_VERSION,
        "--locked",
        "--force",
    ]);
    x.run_status(cmd)
}

fn wasm_bindgen_cli(x: &Xtask) -> Result<(), String> {
    let lock = std::fs::read_to_string(x.root.join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let version = locked_version(&lock, "wasm-bindgen")
        .ok_or("Cargo.lock has no wasm-bindgen entry: run `cargo generate-lockfile`")?;
    let found = x.output("wasm-bindgen", &["--version"]).unwrap_or_default();
    if found.split_whitespace().any(|w| w == version) {
        present(&format!("wasm-bindgen-cli {version}"));
        return Ok(());
    }
    installing(
        &format!("wasm-bindgen-cli {version}"),
        "cargo install, about 3 minutes",
    );
    // No `--locked`: its lock file wants a crate version the registry here lacks.
    let mut cmd = x.command("cargo");
    cmd.args([
        "install",
        "wasm-bindgen-cli",
        "--version",
        &version,
        "--force",
    ]);
    x.run_status(cmd)
}

fn wasm_opt(x: &Xtask) -> Result<(), String> {
    let major = BINARYEN_VERSION
        .split('.')
        .next()
        .unwrap_or(BINARYEN_VERSION);
    let wasm_opt = x.tools.join("node_modules/.bin/wasm-opt");
    let found = x
        .output(&wasm_opt.to_string_lossy(), &["--version"])
        .unwrap_or_default();
    if found.contains(&format!("version_{major}")) {
        present(&format!("wasm-opt {major} (npm binaryen, in .tools/)"));
        return Ok(());
    }
    installing(&format!("wasm-opt {major}"), "npm binaryen into .tools/");
    std::fs::create_dir_all(&x.tools).map_err(|e| format!("cannot create .tools/: {e}"))?;
    let mut cmd = x.command("npm");
    cmd.args(["install", "--no-audit", "--no-fund", "--prefix"])
        .arg(&x.tools)
        .arg(format!("binaryen@{BINARYEN_VERSION}"));
    x.run_status(cmd)
}

fn chromium(x: &Xtask) -> Result<(), String> {
    let browser = x.output(CHROMIUM, &["--version"]).unwrap_or_default();
    let driver = x.output(CHROMEDRIVER, &["--version"]).unwrap_or_default();
    let major = |text: &str| {
        text.split_whitespace()
            .find_map(|w| {
                w.split('.')
                    .next()
                    .filter(|m| m.len() >= 2 && m.bytes().all(|b| b.is_ascii_digit()))
            })
            .map(str::to_string)
    };
    if let (Some(b), Some(d)) = (major(&browser), major(&driver)) {
        if b == d {
            present(&format!("chromium and chromedriver {b}"));
            return Ok(());
        }
    }
    installing("chromium and chromium-driver", "Debian packages, apt-get");
    let root = x.output("id", &["-u"]).is_some_and(|uid| uid.trim() == "0");
    let sudo = !root && x.output("sudo", &["-n", "true"]).is_some();
    if !root && !sudo {
        return Err(
            "the browser tests need Debian's chromium and chromium-driver packages; \
                    install them (apt-get install chromium chromium-driver) and run again"
                .into(),
        );
    }
    for args in [
        vec!["update"],
        vec![
            "install",
            "-y",
            "--no-install-recommends",
            "chromium",
            "chromium-driver",
        ],
    ] {
        let mut cmd = x.command(if root { "apt-get" } else { "sudo" });
        if !root {
            cmd.arg("apt-get");
        }
        cmd.args(&args).env("DEBIAN_FRONTEND", "noninteractive");
        x.run_status(cmd)?;
    }
    Ok(())
}

/// The end-to-end suite's npm packages, as pinned in `tests/e2e/package-lock.json`.
fn e2e_packages(x: &Xtask) -> Result<(), String> {
    let dir = x.root.join("tests/e2e");
    let manifest = std::fs::read_to_string(dir.join("package.json"))
        .map_err(|e| format!("cannot read tests/e2e/package.json: {e}"))?;
    let manifest: serde_json::Value =
        serde_json::from_str(&manifest).map_err(|e| format!("tests/e2e/package.json: {e}"))?;
    let wanted = manifest
        .get("devDependencies")
        .and_then(|d| d.as_object())
        .cloned()
        .unwrap_or_default();
    let all_present = wanted
        .iter()
        .all(|(name, version)| installed_npm_version(&dir, name).as_deref() == version.as_str());
    if all_present {
        present(&format!(
            "e2e packages ({})",
            wanted.keys().cloned().collect::<Vec<_>>().join(", ")
        ));
        return Ok(());
    }
    installing("e2e packages", "npm ci in tests/e2e, no browser download");
    let mut cmd = x.command("npm");
    cmd.args(["ci", "--no-audit", "--no-fund", "--prefix"])
        .arg(&dir)
        .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
    x.run_status(cmd)
}

fn installed_npm_version(dir: &Path, name: &str) -> Option<String> {
    let text =
        std::fs::read_to_string(dir.join("node_modules").join(name).join("package.json")).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    json.get("version")?.as_str().map(str::to_string)
}

/// The version Cargo.lock records for `package`.
pub fn locked_version(lock: &str, package: &str) -> Option<String> {
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == format!("name = \"{package}\"") {
            let version = lines
                .next()?
                .trim()
                .strip_prefix("version = \"")?
                .strip_suffix('"')?;
            return Some(version.to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_locked_version() {
        let lock = "[[package]]\nname = \"wasm-bindgen-macro\"\nversion = \"0.2.1\"\n\n[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\n";
        assert_eq!(
            locked_version(lock, "wasm-bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(locked_version(lock, "leptos"), None);
    }
}
