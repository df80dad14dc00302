//! What a build's container does with the buildspec's commands: the shell
//! habits of build scripts (variables, `${VAR:0:7}`, `$(…)`, pipes, `&&`,
//! `>` into a file), and the few programs a container-image build uses —
//! `aws ecr get-login-password`, `docker login/build/tag/push`, `trivy image`
//! and `dockle` (note 001: scan images in the build), `echo`, `printf`,
//! `cat`, `cut`, `date`. Anything else is "not found": the playground does
//! not pretend to run programs it cannot model. The run is planned when the
//! build starts; its image pushes take effect when the build completes.

use crate::ids::digest_for;
use crate::image_ref::{normalise, size_for};
use crate::shell::{self, Connector, Part, Word};
use std::collections::BTreeMap;

/// What the container can see of the world when it runs.
pub struct Context<'a> {
    pub registry: String,
    pub region: String,
    pub account_id: String,
    pub build_id: String,
    pub role: Option<&'a crate::iam::Role>,
    pub role_session: String,
    pub privileged: bool,
    pub files: BTreeMap<String, String>,
    pub ecr: &'a crate::ecr::Ecr,
    /// When the build's commands start.
    pub now: crate::clock::SimTime,
}

/// The value after the first of `names` among a program's arguments.
fn flag_value(args: &[String], names: &[&str]) -> Option<String> {
    args.windows(2)
        .find(|w| names.contains(&w[0].as_str()))
        .map(|w| w[1].clone())
}

/// A scanner's `--exit-code N` (0 when not given: findings are reported, not fatal).
fn exit_code(args: &[String]) -> i32 {
    flag_value(args, &["--exit-code"])
        .and_then(|c| c.parse::<i32>().ok())
        .unwrap_or(0)
}

/// `date`'s default output (`Thu Jan  1 00:00:31 UTC 2026`).
fn date_text(at: crate::clock::SimTime) -> String {
    let unix = crate::clock::EPOCH_UNIX_SECONDS.saturating_add(at.0);
    let days = i64::try_from(unix / 86_400).unwrap_or(0);
    let (year, month, day) = crate::clock::civil_from_days(days);
    const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let weekday = WEEKDAYS[usize::try_from(days.rem_euclid(7)).unwrap_or(0) % 7];
    let month = MONTHS[(month as usize).saturating_sub(1) % 12];
    let rest = unix % 86_400;
    format!(
        "{weekday} {month} {day:>2} {:02}:{:02}:{:02} UTC {year}\n",
        rest / 3600,
        (rest % 3600) / 60,
        rest % 60
    )
}

/// An image the build pushed to ECR (applied when the build completes).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Push {
    /// Seconds into the build's commands when it finished.
    pub at: u64,
    pub repository: String,
    pub tag: String,
    pub digest: String,
    pub size_bytes: u64,
}

/// A locally built image in the build container.
#[derive(Clone, Debug)]
struct LocalImage {
    digest: String,
    size_bytes: u64,
    dockerfile: String,
}

/// The container's state while the commands run.
pub struct Runner<'a> {
    ctx: Context<'a>,
    pub env: BTreeMap<String, String>,
    images: BTreeMap<String, LocalImage>,
    logged_in: bool,
    pub pushes: Vec<Push>,
    /// Standard error of the command line being run.
    stderr: String,
    /// Seconds the commands took so far.
    pub seconds: u64,
    builds: u64,
}

/// One command's result: its output and exit status.
pub struct Outcome {
    /// Standard output (what pipes, redirects and `$(…)` take).
    pub output: String,
    /// Standard error (only the build log sees it).
    pub errors: String,
    pub status: i32,
}

fn ok(output: impl Into<String>) -> Outcome {
    Outcome {
        output: output.into(),
        errors: String::new(),
        status: 0,
    }
}

/// A failure: the message goes to standard error.
fn fail(message: impl Into<String>, status: i32) -> Outcome {
    Outcome {
        output: String::new(),
        errors: message.into(),
        status,
    }
}

/// A report on standard output with a non-zero status (scanners with `--exit-code`).
fn report(output: String, status: i32) -> Outcome {
    Outcome {
        output,
        errors: String::new(),
        status,
    }
}

/// The most a variable, a file or one command's output may hold here.
pub const MAX_TEXT: usize = 64 * 1024;
/// Files and variables a build may create.
const MAX_ENTRIES: usize = 200;

/// `text` cut to [`MAX_TEXT`] bytes (on a character boundary).
fn capped(mut text: String) -> String {
    if text.len() > MAX_TEXT {
        let mut end = MAX_TEXT;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
    text
}

const MAX_DEPTH: usize = 4;

/// Vulnerabilities trivy reports for an image, by its Dockerfile's base image:
/// end-of-life bases carry critical ones, current slim bases almost none.
pub fn vulnerabilities(dockerfile: &str) -> BTreeMap<&'static str, u32> {
    let base = dockerfile
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("FROM ")
                .or_else(|| l.trim().strip_prefix("from "))
        })
        .map(|b| {
            b.split_whitespace()
                .next()
                .unwrap_or_default()
                .to_ascii_lowercase()
        })
        .unwrap_or_default();
    let end_of_life = [
        "node:8",
        "node:10",
        "node:12",
        "node:14",
        "node:16",
        "python:2",
        "python:3.6",
        "python:3.7",
        "python:3.8",
        "debian:stretch",
        "debian:buster",
        "ubuntu:16.04",
        "ubuntu:18.04",
        "centos",
        "nginx:1.1",
        "alpine:3.1",
    ];
    let mut counts = BTreeMap::new();
    if end_of_life.iter().any(|eol| base.starts_with(eol)) {
        counts.insert("CRITICAL", 4);
        counts.insert("HIGH", 23);
        counts.insert("MEDIUM", 41);
    } else if base.contains("alpine") || base.contains("distroless") || base.contains("slim") {
        counts.insert("LOW", 2);
    } else {
        counts.insert("HIGH", 1);
        counts.insert("MEDIUM", 6);
        counts.insert("LOW", 19);
    }
    counts
}

/// Dockle's findings for a Dockerfile: running as root, credentials in ENV.
fn dockle_findings(dockerfile: &str) -> Vec<(&'static str, &'static str)> {
    let mut findings = Vec::new();
    let upper = dockerfile.to_ascii_uppercase();
    if upper.lines().any(|l| {
        let l = l.trim();
        l.starts_with("ENV ")
            && ["PASSWORD", "SECRET", "TOKEN", "API_KEY"]
                .iter()
                .any(|k| l.contains(k))
    }) {
        findings.push((
            "FATAL",
            "CIS-DI-0010: Do not store credential in environment variables/files",
        ));
    }
    if !upper
        .lines()
        .any(|l| l.trim().starts_with("USER ") && !l.trim().ends_with(" ROOT"))
    {
        findings.push(("WARN", "CIS-DI-0001: Create a user for the container"));
    }
    if !upper.lines().any(|l| l.trim().starts_with("HEALTHCHECK ")) {
        findings.push((
            "INFO",
            "CIS-DI-0006: Add HEALTHCHECK instruction to the container image",
        ));
    }
    findings
}

impl<'a> Runner<'a> {
    pub fn new(ctx: Context<'a>, env: BTreeMap<String, String>) -> Self {
        Runner {
            ctx,
            env,
            images: BTreeMap::new(),
            logged_in: false,
            pushes: Vec::new(),
            stderr: String::new(),
            seconds: 0,
            builds: 0,
        }
    }

    /// Runs one buildspec command line; its output and status.
    pub fn run(&mut self, line: &str) -> Outcome {
        self.seconds += 1;
        let mut outcome = self.run_line(line, None, 0);
        outcome.errors = capped(std::mem::take(&mut self.stderr));
        outcome
    }

    fn run_line(&mut self, source: &str, stdin: Option<String>, depth: usize) -> Outcome {
        if depth > MAX_DEPTH {
            return fail("sh: command substitution nested too deeply\n", 2);
        }
        let line = match shell::parse(source) {
            Ok(line) => line,
            Err(e) => {
                return fail(
                    format!("/codebuild/output/tmp/script.sh: 1: Syntax error: {e}\n"),
                    2,
                )
            }
        };
        let mut output = String::new();
        let mut status = 0;
        let mut pipe: Option<String> = stdin;
        // After `a && b` with `a` failed (or `a || b` with `a` succeeded) the
        // next pipeline is skipped as a whole; the status stays.
        let mut skipping = false;
        for (command, connector) in &line.commands {
            let text = if skipping {
                String::new()
            } else {
                let result = self.run_command(command, pipe.take(), depth);
                status = result.status;
                self.stderr.push_str(&result.errors);
                if self.stderr.len() > MAX_TEXT {
                    self.stderr = capped(std::mem::take(&mut self.stderr));
                }
                result.output
            };
            match connector {
                Connector::Pipe => {
                    if !skipping {
                        pipe = Some(text);
                    }
                }
                Connector::And => {
                    output.push_str(&text);
                    skipping = status != 0;
                }
                Connector::Or => {
                    output.push_str(&text);
                    skipping = status == 0;
                }
                Connector::Then => {
                    output.push_str(&text);
                    skipping = false;
                }
            }
        }
        Outcome {
            output: capped(output),
            errors: String::new(),
            status,
        }
    }

    /// One simple command: its assignments, expansion, input, program and redirect.
    fn run_command(
        &mut self,
        command: &shell::SimpleCommand,
        piped: Option<String>,
        depth: usize,
    ) -> Outcome {
        let mut fields = Vec::new();
        let mut assignments = Vec::new();
        for word in &command.words {
            if fields.is_empty() {
                if let Some((name, value)) = shell::assignment(word) {
                    assignments.push((name, self.expand_joined(&value, depth)));
                    continue;
                }
            }
            fields.extend(self.expand(word, depth));
        }
        let result = if fields.is_empty() {
            for (name, value) in assignments {
                if value.len() > MAX_TEXT
                    || (self.env.len() >= MAX_ENTRIES && !self.env.contains_key(&name))
                {
                    return fail(
                        format!("sh: {name}: the playground's build keeps at most {MAX_ENTRIES} variables of up to {MAX_TEXT} bytes\n"),
                        2,
                    );
                }
                self.env.insert(name, value);
            }
            ok("")
        } else {
            let input = match (piped, &command.stdin_file) {
                (Some(piped), _) => Some(piped),
                (None, Some(file)) => {
                    let path = self.expand_joined(file, depth);
                    match self.ctx.files.get(path.trim_start_matches("./")) {
                        Some(text) => Some(text.clone()),
                        None => {
                            return fail(format!("sh: 1: cannot open {path}: No such file\n"), 2)
                        }
                    }
                }
                (None, None) => None,
            };
            self.program(&fields, input, depth)
        };
        let Some(redirect) = &command.stdout else {
            return Outcome {
                output: capped(result.output),
                ..result
            };
        };
        let path = self.expand_joined(&redirect.target, depth);
        if path == "/dev/null" {
            return Outcome {
                output: String::new(),
                ..result
            };
        }
        if self.ctx.files.len() >= MAX_ENTRIES && !self.ctx.files.contains_key(&path) {
            return fail(
                format!("sh: 1: cannot create {path}: the playground's build keeps at most {MAX_ENTRIES} files\n"),
                2,
            );
        }
        let file = self.ctx.files.entry(path.clone()).or_default();
        if !redirect.append {
            file.clear();
        }
        file.push_str(&result.output);
        if file.len() > MAX_TEXT {
            *file = capped(std::mem::take(file));
            return fail(
                format!(
                    "sh: 1: {path}: File too large (the playground's limit is {MAX_TEXT} bytes)\n"
                ),
                1,
            );
        }
        Outcome {
            output: String::new(),
            ..result
        }
    }

    fn variable(&mut self, expression: &str) -> String {
        let env = &self.env;
        shell::trim_parameter(expression, |name| {
            env.get(name).cloned().unwrap_or_default()
        })
        .0
    }

    fn expand_joined(&mut self, word: &Word, depth: usize) -> String {
        let mut out = String::new();
        for (part, _) in &word.parts {
            match part {
                Part::Literal(text) => out.push_str(text),
                Part::Variable(name) => out.push_str(&self.variable(name)),
                Part::Substitution(source) => {
                    let result = self.run_line(source, None, depth + 1);
                    out.push_str(result.output.trim_end_matches('\n'));
                }
            }
        }
        out
    }

    /// A word's fields: unquoted expansions split on whitespace.
    fn expand(&mut self, word: &Word, depth: usize) -> Vec<String> {
        let mut fields: Vec<String> = Vec::new();
        let mut current = String::new();
        let mut has_current = false;
        for (part, quoted) in &word.parts {
            let text = match part {
                Part::Literal(text) => {
                    current.push_str(text);
                    has_current = true;
                    continue;
                }
                Part::Variable(name) => self.variable(name),
                Part::Substitution(source) => {
                    let result = self.run_line(source, None, depth + 1);
                    result.output.trim_end_matches('\n').to_string()
                }
            };
            if *quoted {
                current.push_str(&text);
                has_current = true;
            } else {
                let mut pieces = text.split_whitespace().peekable();
                if let Some(first) = pieces.next() {
                    current.push_str(first);
                    has_current = true;
                    while let Some(next) = pieces.next() {
                        fields.push(std::mem::take(&mut current));
                        current.push_str(next);
                        let _ = pieces.peek();
                    }
                }
            }
        }
        if has_current || word.parts.iter().any(|(_, q)| *q) {
            fields.push(current);
        }
        fields
    }

    fn program(&mut self, fields: &[String], stdin: Option<String>, _depth: usize) -> Outcome {
        let (name, args) = match fields.split_first() {
            Some(split) => split,
            None => return ok(""),
        };
        match name.as_str() {
            "echo" => ok(shell::echo(args)),
            "printf" => {
                let Some((format, values)) = args.split_first() else {
                    return fail("printf: usage: printf format [arguments]\n", 2);
                };
                let mut values = values.iter();
                let mut out = String::new();
                let mut chars = format.chars().peekable();
                while let Some(c) = chars.next() {
                    match (c, chars.peek()) {
                        ('%', Some('s')) => {
                            chars.next();
                            out.push_str(values.next().map(String::as_str).unwrap_or_default());
                        }
                        ('%', Some('%')) => {
                            chars.next();
                            out.push('%');
                        }
                        ('\\', Some('n')) => {
                            chars.next();
                            out.push('\n');
                        }
                        _ => out.push(c),
                    }
                }
                ok(out)
            }
            "cat" => {
                if args.is_empty() {
                    return ok(stdin.unwrap_or_default());
                }
                let mut out = String::new();
                for path in args {
                    match self.ctx.files.get(path.trim_start_matches("./")) {
                        Some(text) => out.push_str(text),
                        None => return fail(format!("cat: {path}: No such file or directory\n"), 1),
                    }
                }
                ok(out)
            }
            "cut" => {
                // cut -c A-B (1-based, inclusive), the usual way to shorten a commit id.
                let spec = args
                    .iter()
                    .position(|a| a == "-c")
                    .and_then(|i| args.get(i + 1))
                    .cloned()
                    .or_else(|| args.iter().find_map(|a| a.strip_prefix("-c").map(String::from)));
                let Some(spec) = spec.filter(|s| !s.is_empty()) else {
                    return fail("cut: you must specify a list of bytes, characters, or fields\n", 1);
                };
                let (from, to) = spec.split_once('-').unwrap_or((&spec, &spec));
                let from = from.parse::<usize>().unwrap_or(1).max(1);
                let to = to.parse::<usize>().unwrap_or(usize::MAX);
                let text: String = stdin
                    .unwrap_or_default()
                    .lines()
                    .map(|l| {
                        let chars: Vec<char> = l.chars().collect();
                        let end = to.min(chars.len());
                        let start = (from - 1).min(end);
                        chars[start..end].iter().collect::<String>() + "\n"
                    })
                    .collect();
                ok(text)
            }
            "date" => ok(date_text(
                self.ctx
                    .now
                    .plus(crate::clock::Duration::seconds(self.seconds)),
            )),
            "true" | ":" | "cd" | "set" => ok(""),
            "false" => fail("", 1),
            "pwd" => ok(format!(
                "{}\n",
                self.env.get("CODEBUILD_SRC_DIR").cloned().unwrap_or_default()
            )),
            "ls" => ok(self.ctx.files.keys().map(|k| format!("{k}\n")).collect::<String>()),
            "export" => {
                for arg in args {
                    if let Some((name, value)) = arg.split_once('=') {
                        self.env.insert(name.to_string(), value.to_string());
                    }
                }
                ok("")
            }
            "env" | "printenv" => ok(self
                .env
                .iter()
                .map(|(k, v)| format!("{k}={v}\n"))
                .collect::<String>()),
            "aws" => self.aws(args),
            "docker" => self.docker(args, stdin),
            "trivy" => self.trivy(args),
            "dockle" => self.dockle(args),
            other => fail(
                format!("/codebuild/output/tmp/script.sh: 1: {other}: not found\n(The playground's build container has echo, printf, cat, cut, date, env, export, aws ecr get-login-password, docker, trivy and dockle.)\n"),
                127,
            ),
        }
    }

    fn allows(&self, action: &str) -> bool {
        self.ctx.role.is_some_and(|r| r.allows(action))
    }

    fn denied(&self, action: &str, resource: &str) -> String {
        format!(
            "User: arn:aws:sts::{}:assumed-role/{} is not authorized to perform: {action} on resource: {resource} because no identity-based policy allows the {action} action",
            self.ctx.account_id, self.ctx.role_session
        )
    }

    fn aws(&mut self, args: &[String]) -> Outcome {
        let words: Vec<&str> = args.iter().map(String::as_str).collect();
        match words.as_slice() {
            ["ecr", "get-login-password", ..] => {
                self.seconds += 1;
                if !self.allows("ecr:GetAuthorizationToken") {
                    return fail(
                        format!(
                            "\nAn error occurred (AccessDeniedException) when calling the GetAuthorizationToken operation: {}\n",
                            self.denied("ecr:GetAuthorizationToken", "*")
                        ),
                        254,
                    );
                }
                ok(crate::ecr::login_password(&self.ctx.account_id, &self.ctx.region) + "\n")
            }
            ["--version"] => ok("aws-cli/2.15.30 Python/3.11.8 Linux/5.10 exec-env/AWS_ECS_EC2 exe/x86_64.amzn.2023\n"),
            _ => fail(
                format!(
                    "aws {}: the playground's build container runs only `aws ecr get-login-password`; run other AWS CLI commands from the console\n",
                    words.iter().take(2).copied().collect::<Vec<_>>().join(" ")
                ),
                252,
            ),
        }
    }

    fn docker(&mut self, args: &[String], stdin: Option<String>) -> Outcome {
        if !self.ctx.privileged {
            return fail(
                "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n(A CodeBuild project that builds Docker images needs \"privilegedMode\": true in its environment.)\n",
                1,
            );
        }
        let option = |names: &[&str]| flag_value(args, names);
        match args.first().map(String::as_str) {
            Some("login") => {
                let (server, password) = crate::image_ref::login_request(args, stdin);
                let expected = crate::ecr::login_password(&self.ctx.account_id, &self.ctx.region);
                if server.trim_start_matches("https://") == self.ctx.registry
                    && password.trim() == expected
                {
                    self.logged_in = true;
                    ok("WARNING! Your password will be stored unencrypted in /root/.docker/config.json.\nLogin Succeeded\n")
                } else if password.trim().is_empty() {
                    fail(
                        "Error: Cannot perform an interactive login from a non TTY device\n",
                        1,
                    )
                } else {
                    fail(
                        format!("Error response from daemon: login attempt to https://{server}/v2/ failed with status: 400 Bad Request\n"),
                        1,
                    )
                }
            }
            Some("build") | Some("buildx") => {
                let Some(tag) = option(&["-t", "--tag"]) else {
                    return fail(
                        "docker build: give the image a name with -t NAME[:TAG]\n",
                        1,
                    );
                };
                let path = option(&["-f", "--file"]).unwrap_or_else(|| "Dockerfile".into());
                let Some(dockerfile) = self.ctx.files.get(path.trim_start_matches("./")).cloned()
                else {
                    return fail(
                        format!("unable to prepare context: unable to evaluate symlinks in Dockerfile path: lstat /codebuild/output/src/{path}: no such file or directory\n"),
                        1,
                    );
                };
                let reference = normalise(&tag);
                self.builds += 1;
                let digest = digest_for(&format!(
                    "{reference}#{}#{}#{dockerfile}",
                    self.ctx.build_id, self.builds
                ));
                let base = dockerfile
                    .lines()
                    .find_map(|l| l.trim().strip_prefix("FROM "))
                    .unwrap_or(&reference)
                    .to_string();
                let size_bytes = size_for(&base, &digest);
                self.seconds += 45 + size_bytes / (8 * 1024 * 1024);
                let short = digest.get(7..19).unwrap_or_default().to_string();
                self.images.insert(
                    reference.clone(),
                    LocalImage {
                        digest,
                        size_bytes,
                        dockerfile,
                    },
                );
                ok(format!("Step 1/1 : FROM {base}\nSuccessfully built {short}\nSuccessfully tagged {reference}\n"))
            }
            Some("tag") => match (args.get(1), args.get(2)) {
                (Some(source), Some(target)) => {
                    match self.images.get(&normalise(source)).cloned() {
                        Some(image) => {
                            self.images.insert(normalise(target), image);
                            ok("")
                        }
                        None => fail(
                            format!("Error response from daemon: No such image: {source}\n"),
                            1,
                        ),
                    }
                }
                _ => fail("\"docker tag\" requires exactly 2 arguments.\n", 1),
            },
            Some("pull") => {
                let Some(reference) = args.get(1).map(|r| normalise(r)) else {
                    return fail("\"docker pull\" requires exactly 1 argument.\n", 1);
                };
                self.pull(&reference)
            }
            Some("images") => ok(self
                .images
                .iter()
                .map(|(r, i)| format!("{r} {}\n", i.digest.get(7..19).unwrap_or_default()))
                .collect::<String>()),
            Some("push") => {
                let Some(reference) = args.get(1).map(|r| normalise(r)) else {
                    return fail("\"docker push\" requires exactly 1 argument.\n", 1);
                };
                self.push(&reference)
            }
            _ => fail(
                "docker: this build container knows login, build, pull, tag, images and push\n",
                1,
            ),
        }
    }

    /// `docker pull` from the account's registry: the same image (digest)
    /// comes down, so tagging and pushing it again promotes it without a rebuild.
    fn pull(&mut self, reference: &str) -> Outcome {
        let registry = self.ctx.registry.clone();
        let Some(path) = reference
            .strip_prefix(&registry)
            .and_then(|p| p.strip_prefix('/'))
        else {
            return fail(
                format!("Error response from daemon: the playground's builds pull from the account's ECR registry ({registry}) only\n"),
                1,
            );
        };
        if !self.logged_in {
            return fail(
                format!("Error response from daemon: Head \"https://{registry}/v2/{path}\": no basic auth credentials\n"),
                1,
            );
        }
        let (repository, tag) = path.rsplit_once(':').unwrap_or((path, "latest"));
        let repository_arn = format!(
            "arn:aws:ecr:{}:{}:repository/{repository}",
            self.ctx.region, self.ctx.account_id
        );
        for action in ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"] {
            if !self.allows(action) {
                return fail(
                    format!(
                        "Error response from daemon: pull access denied for {registry}/{repository}, repository does not exist or may require 'docker login': denied: {}\n",
                        self.denied(action, &repository_arn)
                    ),
                    1,
                );
            }
        }
        let Some(image) = self
            .ctx
            .ecr
            .repositories
            .get(repository)
            .and_then(|r| r.find(tag))
        else {
            return fail(
                format!("Error response from daemon: manifest for {reference} not found: manifest unknown: Requested image not found\n"),
                1,
            );
        };
        self.seconds += 5 + image.size_bytes / (40 * 1024 * 1024);
        let digest = image.digest.clone();
        self.images.insert(
            reference.to_string(),
            LocalImage {
                digest: digest.clone(),
                size_bytes: image.size_bytes,
                dockerfile: String::new(),
            },
        );
        ok(format!(
            "{tag}: Pulling from {repository}\nDigest: {digest}\nStatus: Downloaded newer image for {reference}\n"
        ))
    }

    fn push(&mut self, reference: &str) -> Outcome {
        let Some(image) = self.images.get(reference).cloned() else {
            return fail(
                format!("An image does not exist locally with the tag: {reference}\n"),
                1,
            );
        };
        let registry = self.ctx.registry.clone();
        let Some(path) = reference
            .strip_prefix(&registry)
            .and_then(|p| p.strip_prefix('/'))
        else {
            return fail(
                format!("denied: the playground's builds push to the account's ECR registry ({registry}) only\n"),
                1,
            );
        };
        let (repository, tag) = path.rsplit_once(':').unwrap_or((path, "latest"));
        let header = format!("The push refers to repository [{registry}/{repository}]\n");
        if !self.logged_in {
            return fail(format!("{header}no basic auth credentials\n"), 1);
        }
        let repository_arn = format!(
            "arn:aws:ecr:{}:{}:repository/{repository}",
            self.ctx.region, self.ctx.account_id
        );
        for action in ["ecr:InitiateLayerUpload", "ecr:PutImage"] {
            if !self.allows(action) {
                return fail(
                    format!("{header}denied: {}\n", self.denied(action, &repository_arn)),
                    1,
                );
            }
        }
        let Some(target) = self.ctx.ecr.repositories.get(repository) else {
            return fail(
                format!(
                    "{header}name unknown: The repository with name '{repository}' does not exist in the registry with id '{}'\n",
                    self.ctx.account_id
                ),
                1,
            );
        };
        let taken = target
            .images
            .iter()
            .any(|i| i.tags.iter().any(|t| t == tag) && i.digest != image.digest);
        let pushed_here = self
            .pushes
            .iter()
            .any(|p| p.repository == repository && p.tag == tag);
        if target.immutable_tags && (taken || pushed_here) {
            return fail(
                format!("{header}tag invalid: The image tag '{tag}' already exists in the '{repository}' repository and cannot be overwritten because the repository is immutable.\n"),
                1,
            );
        }
        self.seconds += 10 + image.size_bytes / (40 * 1024 * 1024);
        self.pushes.push(Push {
            at: self.seconds,
            repository: repository.to_string(),
            tag: tag.to_string(),
            digest: image.digest.clone(),
            size_bytes: image.size_bytes,
        });
        ok(format!(
            "{header}{}: Pushed\n{tag}: digest: {} size: {}\n",
            image.digest.get(7..19).unwrap_or_default(),
            image.digest,
            1024 + image.size_bytes % 4096
        ))
    }

    fn image_for_scan(&self, args: &[String]) -> Result<LocalImage, Outcome> {
        let reference = args
            .iter()
            .rev()
            .find(|a| !a.starts_with('-') && a.as_str() != "image")
            .cloned()
            .unwrap_or_default();
        self.images.get(&normalise(&reference)).cloned().ok_or_else(|| {
            fail(
                format!("FATAL\tscan error: unable to initialize a scanner: unable to find the specified image \"{reference}\"\n"),
                1,
            )
        })
    }

    /// `trivy image [--exit-code N] [--severity LIST] IMAGE`.
    fn trivy(&mut self, args: &[String]) -> Outcome {
        if args.first().map(String::as_str) != Some("image") {
            return fail("trivy: this build container runs `trivy image IMAGE`\n", 1);
        }
        let image = match self.image_for_scan(args) {
            Ok(image) => image,
            Err(outcome) => return outcome,
        };
        self.seconds += 20;
        let value = |flag: &str| flag_value(args, &[flag]);
        let exit_code = exit_code(args);
        let severities: Vec<String> = value("--severity")
            .map(|s| {
                s.split(',')
                    .map(|x| x.trim().to_ascii_uppercase())
                    .collect()
            })
            .unwrap_or_else(|| {
                ["UNKNOWN", "LOW", "MEDIUM", "HIGH", "CRITICAL"]
                    .iter()
                    .map(|s| s.to_string())
                    .collect()
            });
        let counts = vulnerabilities(&image.dockerfile);
        let selected: Vec<(&str, u32)> = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "UNKNOWN"]
            .into_iter()
            .filter(|s| severities.iter().any(|x| x == s))
            .map(|s| (s, counts.get(s).copied().unwrap_or(0)))
            .collect();
        let total: u32 = selected.iter().map(|(_, n)| n).sum();
        let detail = selected
            .iter()
            .map(|(s, n)| format!("{s}: {n}"))
            .collect::<Vec<_>>()
            .join(", ");
        let out = format!("\nTotal: {total} ({detail})\n");
        if total > 0 && exit_code != 0 {
            report(out, exit_code)
        } else {
            ok(out)
        }
    }

    /// `dockle [--exit-code N] [--exit-level warn|fatal] IMAGE`.
    fn dockle(&mut self, args: &[String]) -> Outcome {
        let image = match self.image_for_scan(args) {
            Ok(image) => image,
            Err(outcome) => return outcome,
        };
        self.seconds += 10;
        let value = |flag: &str| flag_value(args, &[flag]);
        let exit_code = exit_code(args);
        let level = value("--exit-level")
            .unwrap_or_else(|| "warn".into())
            .to_ascii_lowercase();
        let findings = dockle_findings(&image.dockerfile);
        let out: String = findings
            .iter()
            .map(|(severity, text)| format!("{severity}\t- {text}\n"))
            .collect();
        let counts = findings.iter().any(|(severity, _)| match level.as_str() {
            "fatal" => *severity == "FATAL",
            "info" => true,
            _ => *severity == "FATAL" || *severity == "WARN",
        });
        if counts && exit_code != 0 {
            report(out, exit_code)
        } else {
            ok(out)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runner<'a>(ecr: &'a crate::ecr::Ecr, privileged: bool, dockerfile: &str) -> Runner<'a> {
        let ctx = Context {
            registry: "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com".into(),
            region: "ap-northeast-1".into(),
            account_id: "123456789012".into(),
            build_id: "p:1".into(),
            role: None,
            role_session: "r/AWSCodeBuild-1".into(),
            privileged,
            files: BTreeMap::from([("Dockerfile".to_string(), dockerfile.to_string())]),
            ecr,
            now: crate::clock::SimTime::ZERO,
        };
        let env = BTreeMap::from([(
            "CODEBUILD_RESOLVED_SOURCE_VERSION".to_string(),
            "0123456789abcdef".to_string(),
        )]);
        Runner::new(ctx, env)
    }

    #[test]
    fn the_shell_habits_of_build_scripts_expand() {
        let ecr = crate::ecr::Ecr::default();
        let mut r = runner(&ecr, true, "FROM nginx");
        assert_eq!(
            r.run("echo ${CODEBUILD_RESOLVED_SOURCE_VERSION:0:7}")
                .output,
            "0123456\n"
        );
        r.run("TAG=$(echo $CODEBUILD_RESOLVED_SOURCE_VERSION | cut -c 1-4)");
        assert_eq!(r.env.get("TAG").map(String::as_str), Some("0123"));
        assert_eq!(r.run("false && echo no").output, "");
        assert_eq!(r.run("false || echo yes").output, "yes\n");
        r.run("printf '[{\"imageUri\":\"%s\"}]' web:$TAG > imagedefinitions.json");
        assert_eq!(
            r.run("cat imagedefinitions.json").output,
            "[{\"imageUri\":\"web:0123\"}]"
        );
        let missing = r.run("make image");
        assert_eq!(missing.status, 127);
        // A skipped pipeline is skipped whole, and errors do not flow into pipes.
        let skipped = r.run("false && echo a | cat");
        assert_eq!((skipped.output.as_str(), skipped.status), ("", 1));
        let piped = r.run("cat missing.txt | cat");
        assert_eq!(piped.output, "");
        assert!(piped.errors.contains("No such file"));
        assert_eq!(
            r.run("echo ${NOPE:-fallback} ${TAG:+set}").output,
            "fallback set\n"
        );
        assert_eq!(
            r.run("echo ${CODEBUILD_RESOLVED_SOURCE_VERSION: -3}")
                .output,
            "def\n"
        );
        // Doubling a variable stops at the cap instead of exhausting memory.
        r.run("X=0123456789abcdef");
        let mut status = 0;
        for _ in 0..20 {
            status = r.run("X=$X$X").status;
        }
        assert_ne!(status, 0);
        assert!(r.env["X"].len() <= MAX_TEXT);
    }

    #[test]
    fn docker_needs_privileged_mode_and_a_login_to_push() {
        let ecr = crate::ecr::Ecr::default();
        let mut r = runner(&ecr, false, "FROM nginx");
        assert_eq!(r.run("docker build -t web .").status, 1);
        let mut r = runner(&ecr, true, "FROM nginx");
        let image = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/web:1";
        assert_eq!(r.run(&format!("docker build -t {image} .")).status, 0);
        let push = r.run(&format!("docker push {image}"));
        assert!(
            push.errors.contains("no basic auth credentials"),
            "{}",
            push.errors
        );
        // No role: the login password is refused.
        assert_eq!(r.run("aws ecr get-login-password").status, 254);
        assert!(r.pushes.is_empty());
    }

    #[test]
    fn trivy_and_dockle_judge_the_dockerfile() {
        let ecr = crate::ecr::Ecr::default();
        let mut old = runner(&ecr, true, "FROM node:14\nCOPY . /app");
        old.run("docker build -t web .");
        assert_eq!(
            old.run("trivy image --exit-code 1 --severity CRITICAL web")
                .status,
            1
        );
        assert_eq!(old.run("trivy image --severity CRITICAL web").status, 0);
        assert_eq!(old.run("dockle --exit-code 1 web").status, 1);
        let mut new = runner(
            &ecr,
            true,
            "FROM node:20-slim\nUSER node\nHEALTHCHECK CMD true",
        );
        new.run("docker build -t web .");
        assert_eq!(
            new.run("trivy image --exit-code 1 --severity CRITICAL web")
                .status,
            0
        );
        assert_eq!(new.run("dockle --exit-code 1 web").status, 0);
    }
}
