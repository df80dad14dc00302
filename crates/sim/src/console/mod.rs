//! The learner's terminal: a small shell around the `aws` CLI and the `sim`
//! directives. The browser console and `ecs-sim script` both run through
//! [`Console`], so they print exactly the same thing.

pub mod cli;
pub mod complete;
pub mod docker;
pub mod output;
mod python;
pub mod query;
pub mod shorthand;

use crate::clock::Duration;
use crate::command::Command;
use crate::error::{ApiError, Fault};
use crate::shell::{self, Connector, HereDoc, Line, Part, ShellError, SimpleCommand, Word};
use crate::world::directive::Directive;
use crate::world::{World, DEFAULT_SEED};
use cli::{OutputFormat, Parsed};
use serde_json::Value;
use std::collections::BTreeMap;

/// What one command printed, and how it ended.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Output {
    pub stdout: String,
    pub stderr: String,
    pub status: i32,
    /// `clear` was run: the terminal should wipe its screen.
    pub clear: bool,
}

impl Output {
    fn push(&mut self, other: Output) {
        self.stdout.push_str(&other.stdout);
        self.stderr.push_str(&other.stderr);
        self.status = other.status;
        self.clear |= other.clear;
    }

    fn error(message: impl Into<String>, status: i32) -> Output {
        Output {
            stderr: message.into(),
            status,
            ..Default::default()
        }
    }
}

/// Input that needs more lines before it can run.
#[derive(Clone, Debug, Default)]
enum Pending {
    #[default]
    Nothing,
    /// An unfinished line (open quote, `\` continuation).
    Text(String),
    /// A here-document being collected.
    HereDoc {
        line: Line,
        doc: HereDoc,
        body: Vec<String>,
    },
}

/// Deepest `$(…)` nesting the console will run.
const MAX_SUBSTITUTION_DEPTH: usize = 8;
/// The largest file the virtual file system keeps (a task definition is a few KB).
const MAX_FILE_BYTES: usize = 256 * 1024;
const MAX_FILES: usize = 200;

/// A terminal session: the world, shell variables and a small file system.
#[derive(Clone, Debug)]
pub struct Console {
    pub world: World,
    pub vars: BTreeMap<String, String>,
    pub files: BTreeMap<String, String>,
    /// The learner's local Docker: built images and registry logins.
    pub docker: docker::Docker,
    pending: Pending,
    last_status: i32,
    /// Every line fed since a fresh account, with the simulated second it was
    /// fed at: the world is a pure function of these and the clock, so the
    /// journal recreates it ([`Console::replay`]) — what a shared link carries.
    /// `None` when the history is unknown (a world loaded from elsewhere) or
    /// grew past [`MAX_JOURNAL_LINES`].
    journal: Option<Journal>,
    /// How many `source`d scripts are running inside each other: their lines
    /// are not journaled (the `source` line is, and replays them), and the
    /// nesting is bounded (a script that sources itself).
    sourcing: u8,
    /// While replaying someone else's journal: the simulated second `sim
    /// advance` may not take the clock past (a crafted link cannot make the
    /// page simulate a year).
    clock_ceiling: Option<u64>,
}

/// What a terminal sends for Ctrl+C (ETX): fed as a line, it cancels pending input.
pub const INTERRUPT: &str = "\u{3}";

/// Deepest `source` nesting, as bash's own limit would stop a loop far later.
const MAX_SOURCE_DEPTH: u8 = 8;

/// The lines fed to a console since its account was fresh, and that account's seed.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Journal {
    pub seed: u64,
    pub entries: Vec<JournalEntry>,
}

/// One line fed to the console, and the simulated second it was fed at.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct JournalEntry {
    pub at: u64,
    pub line: String,
}

/// A journal longer than this is dropped (the world can no longer be shared
/// as its commands; snapshots still keep it).
pub const MAX_JOURNAL_LINES: usize = 20_000;
/// Replaying a journal refuses to move the clock further than this (30 days):
/// a crafted link must not freeze the page.
pub const MAX_REPLAY_SECONDS: u64 = 30 * 24 * 3600;

/// One step of a replay: the clock moves on by so many seconds, or a line is fed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReplayStep<'a> {
    Advance(u64),
    Line(&'a str),
}

/// Why a journal could not be replayed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReplayError {
    TooLong { lines: usize },
    TooFarInTime { seconds: u64 },
}

impl std::fmt::Display for ReplayError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReplayError::TooLong { lines } => write!(
                f,
                "the journal has {lines} lines; at most {MAX_JOURNAL_LINES} can be replayed"
            ),
            ReplayError::TooFarInTime { seconds } => write!(
                f,
                "the journal runs the clock {seconds} s; at most {MAX_REPLAY_SECONDS} s (30 days) can be replayed"
            ),
        }
    }
}

impl Default for Console {
    fn default() -> Self {
        Console::fresh(DEFAULT_SEED)
    }
}

impl Console {
    /// A console on `world`. Its history is unknown (no journal) unless the
    /// world is fresh: use [`Console::default`] or [`Console::set_journal`].
    pub fn new(world: World) -> Console {
        Console {
            world,
            vars: BTreeMap::new(),
            files: BTreeMap::new(),
            docker: docker::Docker::default(),
            pending: Pending::Nothing,
            last_status: 0,
            journal: None,
            sourcing: 0,
            clock_ceiling: None,
        }
    }

    /// A fresh account with `seed`, whose journal starts now.
    pub fn fresh(seed: u64) -> Console {
        let mut console = Console::new(World::new(seed));
        console.journal = Some(Journal {
            seed,
            entries: Vec::new(),
        });
        console
    }

    /// The lines that recreate this console from a fresh account, if known.
    pub fn journal(&self) -> Option<&Journal> {
        self.journal.as_ref()
    }

    /// Restores a saved journal alongside a saved world.
    pub fn set_journal(&mut self, journal: Option<Journal>) {
        self.journal = journal.filter(|j| j.entries.len() <= MAX_JOURNAL_LINES);
    }

    /// Recreates a console from a fresh account: each line fed at its second,
    /// then the clock moved on to `until`. Deterministic: the same journal
    /// gives the same world.
    pub fn replay(journal: &Journal, until: u64) -> Result<Console, ReplayError> {
        Console::replay_with_luck(journal, until, None)
    }

    /// [`Console::replay`], with random choices drawn from `chance_seed` when
    /// given (ids still from the journal's seed): the same commands with other
    /// luck — how a finished lesson is re-checked on a second seed.
    pub fn replay_with_luck(
        journal: &Journal,
        until: u64,
        chance_seed: Option<u64>,
    ) -> Result<Console, ReplayError> {
        if journal.entries.len() > MAX_JOURNAL_LINES {
            return Err(ReplayError::TooLong {
                lines: journal.entries.len(),
            });
        }
        let mut moved = 0u64;
        let mut start = Console::fresh(journal.seed);
        if let Some(seed) = chance_seed {
            start.world.set_chance_seed(seed);
        }
        // Lines that move the clock themselves count against the same 30 days.
        start.clock_ceiling = Some(MAX_REPLAY_SECONDS);
        let mut replayed = Console::replay_onto(start, journal, until, |step| {
            if let ReplayStep::Advance(seconds) = step {
                moved = moved.saturating_add(seconds);
                if moved > MAX_REPLAY_SECONDS {
                    return Err(ReplayError::TooFarInTime { seconds: moved });
                }
            }
            Ok(())
        })?;
        // The learner's own clock from here on.
        replayed.clock_ceiling = None;
        Ok(replayed)
    }

    /// Replays `journal` from a fresh account, telling `visit` each step before
    /// it happens (a clock move, or a line fed); an error from `visit` stops
    /// the replay. [`Console::replay`] and the session export share it.
    pub fn replay_each(
        journal: &Journal,
        until: u64,
        visit: impl FnMut(ReplayStep<'_>) -> Result<(), ReplayError>,
    ) -> Result<Console, ReplayError> {
        Console::replay_onto(Console::fresh(journal.seed), journal, until, visit)
    }

    /// Feeds `journal` to `console` (a fresh account of the journal's seed).
    fn replay_onto(
        mut console: Console,
        journal: &Journal,
        until: u64,
        mut visit: impl FnMut(ReplayStep<'_>) -> Result<(), ReplayError>,
    ) -> Result<Console, ReplayError> {
        fn advance_to(
            console: &mut Console,
            at: u64,
            visit: &mut impl FnMut(ReplayStep<'_>) -> Result<(), ReplayError>,
        ) -> Result<(), ReplayError> {
            let now = console.world.now.0;
            if at > now {
                visit(ReplayStep::Advance(at - now))?;
                console.world.advance(crate::Duration(at - now));
            }
            Ok(())
        }
        for entry in &journal.entries {
            advance_to(&mut console, entry.at, &mut visit)?;
            visit(ReplayStep::Line(&entry.line))?;
            console.feed_line(&entry.line);
        }
        advance_to(&mut console, until, &mut visit)?;
        Ok(console)
    }

    /// Bounds `sim advance` to this simulated second (`None`: unbounded), for
    /// a replay of a journal that is not the learner's own.
    pub fn set_clock_ceiling(&mut self, ceiling: Option<u64>) {
        self.clock_ceiling = ceiling;
    }

    /// Refuses a clock move past the ceiling, if one is set.
    fn within_ceiling(&self, seconds: u64) -> Result<(), Output> {
        match self.clock_ceiling {
            Some(ceiling) if self.world.now.0.saturating_add(seconds) > ceiling => {
                Err(Output::error(
                    format!("sim advance: a replayed history may not run the clock past {ceiling} s (30 days)\n"),
                    2,
                ))
            }
            _ => Ok(()),
        }
    }

    /// For `sim reachability --to service:NAME`: when an active ECS service
    /// (`NAME` or `CLUSTER/NAME`) has that name, the network interface of one
    /// of its running tasks; an error when it has none running; `None` when
    /// no ECS service is called that (an AWS service endpoint is meant).
    fn ecs_service_task_node(&self, name: &str) -> Option<Result<crate::ec2::Node, String>> {
        use crate::ecs::service::ServiceStatus;
        let service = self.world.ecs.services.iter().find(|(key, s)| {
            s.status == ServiceStatus::Active && (s.name == name || key.as_str() == name)
        })?;
        let (key, service) = service;
        let node = self
            .world
            .ecs
            .tasks
            .values()
            .filter(|t| t.of_service(&service.cluster, &service.name))
            .filter(|t| t.last_status == crate::ecs::task::TaskStatus::Running)
            .find_map(|t| self.world.task_interface(t));
        Some(node.ok_or_else(|| {
            format!("sim reachability: the ECS service {key} has no running task to trace to\n")
        }))
    }

    /// `Load test on NAME: N requests/s now` for each running `sim load`.
    fn status_of_loads(&self) -> String {
        let mut out = String::new();
        for (arn, load) in &self.world.loads {
            let name = self
                .world
                .elb
                .load_balancers
                .values()
                .find(|lb| &lb.arn == arn)
                .map_or(arn.as_str(), |lb| lb.name.as_str());
            let elapsed = self.world.now.0.saturating_sub(load.started_at.0);
            out.push_str(&format!(
                "Load test on {name}: {:.0} requests/s now\n",
                load.profile.rps(elapsed)
            ));
        }
        out
    }

    /// Whether the last line left a command unfinished (the prompt shows `>`).
    pub fn is_waiting(&self) -> bool {
        !matches!(self.pending, Pending::Nothing)
    }

    /// Ctrl+C: drops an unfinished command (an open quote, a here-document)
    /// as a shell does, with status 130. Journaled as the byte a terminal
    /// sends for it ([`INTERRUPT`]), so a replay drops the same input.
    pub fn interrupt(&mut self) -> Output {
        self.feed_line(INTERRUPT).unwrap_or_default()
    }

    /// Feeds one typed line. Returns the output once a command is complete,
    /// `None` while it needs more lines (a here-document, an open quote).
    /// The line [`INTERRUPT`] cancels whatever is pending instead.
    pub fn feed_line(&mut self, text: &str) -> Option<Output> {
        if let Some(journal) = self.journal.as_mut().filter(|_| self.sourcing == 0) {
            if journal.entries.len() < MAX_JOURNAL_LINES {
                journal.entries.push(JournalEntry {
                    at: self.world.now.0,
                    line: text.to_string(),
                });
            } else {
                self.journal = None;
            }
        }
        if text == INTERRUPT {
            self.pending = Pending::Nothing;
            self.last_status = 130;
            return Some(Output {
                status: 130,
                ..Default::default()
            });
        }
        match std::mem::take(&mut self.pending) {
            Pending::HereDoc {
                line,
                doc,
                mut body,
            } => {
                let candidate = if doc.strip_tabs {
                    text.trim_start_matches('\t')
                } else {
                    text
                };
                if candidate == doc.delimiter {
                    let mut body_text = body.join("\n");
                    if !body.is_empty() {
                        body_text.push('\n');
                    }
                    Some(self.run_line(&line, Some((doc, body_text)), 0))
                } else {
                    body.push(candidate.to_string());
                    self.pending = Pending::HereDoc { line, doc, body };
                    None
                }
            }
            Pending::Text(mut previous) => {
                previous.push('\n');
                previous.push_str(text);
                self.start(previous)
            }
            Pending::Nothing => self.start(text.to_string()),
        }
    }

    fn start(&mut self, source: String) -> Option<Output> {
        match shell::parse(&source) {
            Err(ShellError::Incomplete) => {
                self.pending = Pending::Text(source);
                None
            }
            Err(err) => {
                self.last_status = 2;
                Some(Output::error(format!("bash: {err}\n"), 2))
            }
            Ok(line) => match line.heredoc().cloned() {
                Some(doc) => {
                    self.pending = Pending::HereDoc {
                        line,
                        doc,
                        body: Vec::new(),
                    };
                    None
                }
                None => Some(self.run_line(&line, None, 0)),
            },
        }
    }

    /// Runs a whole text (several lines, here-documents included) and returns everything it printed.
    pub fn run(&mut self, text: &str) -> Output {
        let mut all = Output::default();
        for line in text.lines() {
            if let Some(out) = self.feed_line(line) {
                all.push(out);
            }
        }
        if self.is_waiting() {
            self.pending = Pending::Nothing;
            all.push(Output::error("bash: unexpected end of file\n", 2));
        }
        all
    }

    fn run_line(
        &mut self,
        line: &Line,
        heredoc: Option<(HereDoc, String)>,
        depth: usize,
    ) -> Output {
        let mut all = Output::default();
        let mut previous_connector = Connector::Then;
        let mut piped: Option<String> = None;
        for (command, connector) in &line.commands {
            let skip = match previous_connector {
                Connector::Then | Connector::Pipe => false,
                Connector::And => self.last_status != 0,
                Connector::Or => self.last_status == 0,
            };
            previous_connector = *connector;
            if skip {
                continue;
            }
            let stdin = match (&heredoc, &command.heredoc) {
                (Some((doc, body)), Some(_)) => Some(if doc.expand {
                    self.expand_template(body, &mut all, depth)
                } else {
                    body.clone()
                }),
                _ => piped.take(),
            };
            let mut out = self.run_command(command, stdin, depth);
            self.last_status = out.status;
            if *connector == Connector::Pipe {
                piped = Some(std::mem::take(&mut out.stdout));
            }
            all.push(out);
        }
        all
    }

    fn run_command(
        &mut self,
        command: &SimpleCommand,
        heredoc: Option<String>,
        depth: usize,
    ) -> Output {
        let mut out = Output::default();
        // Leading NAME=value words are assignments.
        let mut words = command.words.as_slice();
        let mut assignments = Vec::new();
        while let Some((first, rest)) = words.split_first() {
            match shell::assignment(first) {
                Some(a) => {
                    assignments.push(a);
                    words = rest;
                }
                None => break,
            }
        }
        let mut values = Vec::new();
        for (name, value) in &assignments {
            let fields = self.expand_word(value, &mut out, depth, false);
            values.push((name.clone(), fields.join(" ")));
        }
        let mut fields = Vec::new();
        for word in words {
            fields.extend(self.expand_word(word, &mut out, depth, true));
        }
        if fields.is_empty() {
            for (name, value) in values {
                self.vars.insert(name, value);
            }
            // `X=$(cmd)` keeps the substitution's status, as bash does.
            return out;
        }
        let mut stdin = heredoc;
        if let Some(file) = &command.stdin_file {
            let path = self.expand_word(file, &mut out, depth, false).join(" ");
            match self.files.get(&path) {
                Some(text) => stdin = Some(text.clone()),
                None => {
                    return Output::error(format!("bash: {path}: No such file or directory\n"), 1)
                }
            }
        }
        let result = self.builtin(&fields, stdin, depth);
        out.stderr.push_str(&result.stderr);
        out.status = result.status;
        out.clear = result.clear;
        match &command.stdout {
            Some(redirect) => {
                let path = self
                    .expand_word(&redirect.target, &mut out, depth, false)
                    .join(" ");
                if let Err(e) = self.write_file(&path, &result.stdout, redirect.append) {
                    out.stderr.push_str(&e);
                    out.status = 1;
                }
            }
            None => out.stdout.push_str(&result.stdout),
        }
        out
    }

    fn write_file(&mut self, path: &str, text: &str, append: bool) -> Result<(), String> {
        if path.is_empty() || path.contains('\0') {
            return Err("bash: ambiguous redirect\n".into());
        }
        let mut content = if append {
            self.files.get(path).cloned().unwrap_or_default()
        } else {
            String::new()
        };
        content.push_str(text);
        if content.len() > MAX_FILE_BYTES {
            return Err(format!(
                "bash: {path}: File too large (the console keeps files up to 256 KB)\n"
            ));
        }
        if !self.files.contains_key(path) && self.files.len() >= MAX_FILES {
            return Err(format!(
                "bash: {path}: No space left on device (at most {MAX_FILES} files)\n"
            ));
        }
        self.files.insert(path.to_string(), content);
        Ok(())
    }

    /// Expands a word into fields: variables, substitutions, and word splitting of unquoted results.
    fn expand_word(
        &mut self,
        word: &Word,
        out: &mut Output,
        depth: usize,
        split: bool,
    ) -> Vec<String> {
        let mut fields = Vec::new();
        let mut current: Option<String> = None;
        for (part, quoted) in &word.parts {
            let value = match part {
                Part::Literal(text) => {
                    current.get_or_insert_with(String::new).push_str(text);
                    continue;
                }
                Part::Variable(name) => self.variable(name),
                Part::Substitution(source) => self.substitute(source, out, depth),
            };
            if *quoted || !split {
                current.get_or_insert_with(String::new).push_str(&value);
                continue;
            }
            let mut pieces = value.split_whitespace();
            if let Some(first) = pieces.next() {
                current.get_or_insert_with(String::new).push_str(first);
            }
            for piece in pieces {
                fields.extend(current.take());
                current = Some(piece.to_string());
            }
        }
        fields.extend(current);
        fields
    }

    fn variable(&self, expression: &str) -> String {
        shell::trim_parameter(expression, |name| self.plain_variable(name)).0
    }

    fn plain_variable(&self, name: &str) -> String {
        match name {
            "?" => self.last_status.to_string(),
            "AWS_REGION" | "AWS_DEFAULT_REGION" if !self.vars.contains_key(name) => {
                self.world.region.clone()
            }
            "AWS_ACCOUNT_ID" if !self.vars.contains_key(name) => self.world.account_id.clone(),
            _ => self.vars.get(name).cloned().unwrap_or_default(),
        }
    }

    /// `$(…)`: runs the command and takes its output without trailing newlines.
    fn substitute(&mut self, source: &str, out: &mut Output, depth: usize) -> String {
        if depth >= MAX_SUBSTITUTION_DEPTH {
            out.stderr
                .push_str("bash: command substitution nested too deeply\n");
            return String::new();
        }
        let result = match shell::parse(source) {
            Ok(line) if line.heredoc().is_none() => self.run_line(&line, None, depth + 1),
            Ok(_) => Output::error("bash: here-documents inside $(…) are not supported\n", 2),
            Err(e) => Output::error(format!("bash: {e}\n"), 2),
        };
        out.stderr.push_str(&result.stderr);
        self.last_status = result.status;
        out.status = result.status;
        result.stdout.trim_end_matches('\n').to_string()
    }

    fn expand_template(&mut self, body: &str, out: &mut Output, depth: usize) -> String {
        match shell::template(body) {
            Ok(parts) => parts
                .into_iter()
                .map(|part| match part {
                    Part::Literal(text) => text,
                    Part::Variable(name) => self.variable(&name),
                    Part::Substitution(source) => self.substitute(&source, out, depth),
                })
                .collect(),
            Err(_) => body.to_string(),
        }
    }

    fn builtin(&mut self, fields: &[String], stdin: Option<String>, depth: usize) -> Output {
        let Some((name, args)) = fields.split_first() else {
            return Output::default();
        };
        match name.as_str() {
            "aws" => self.aws(args),
            "sim" => self.sim(args),
            "echo" => Output {
                stdout: shell::echo(args),
                ..Default::default()
            },
            "cat" => {
                if args.is_empty() {
                    return Output {
                        stdout: stdin.unwrap_or_default(),
                        ..Default::default()
                    };
                }
                let mut out = Output::default();
                for path in args {
                    match self.files.get(path) {
                        Some(text) => out.stdout.push_str(text),
                        None => {
                            out.stderr
                                .push_str(&format!("cat: {path}: No such file or directory\n"));
                            out.status = 1;
                        }
                    }
                }
                out
            }
            // User data for a launch template is base64 (`base64 -w0 user-data.sh`).
            "base64" => {
                let decode = args.iter().any(|a| a == "-d" || a == "--decode");
                let file = args
                    .iter()
                    .enumerate()
                    .filter(|(i, a)| {
                        let value_of_w = i.checked_sub(1).is_some_and(|p| args[p] == "-w");
                        !a.starts_with('-') && !value_of_w
                    })
                    .map(|(_, a)| a)
                    .next();
                let input = match file {
                    Some(path) => match self.files.get(path) {
                        Some(text) => text.clone(),
                        None => {
                            return Output::error(
                                format!("base64: {path}: No such file or directory\n"),
                                1,
                            )
                        }
                    },
                    None => stdin.unwrap_or_default(),
                };
                if decode {
                    match crate::ec2::launch_template::decode_base64(&input) {
                        Some(bytes) => Output {
                            stdout: String::from_utf8_lossy(&bytes).into_owned(),
                            ..Default::default()
                        },
                        None => Output::error("base64: invalid input\n", 1),
                    }
                } else {
                    let wrap = !args.iter().any(|a| a == "-w0")
                        && !args.windows(2).any(|w| w[0] == "-w" && w[1] == "0");
                    let encoded = crate::ec2::launch_template::encode_base64(input.as_bytes());
                    let text = if wrap {
                        encoded
                            .as_bytes()
                            .chunks(76)
                            .map(|c| String::from_utf8_lossy(c).into_owned() + "\n")
                            .collect()
                    } else {
                        encoded
                    };
                    Output {
                        stdout: text,
                        ..Default::default()
                    }
                }
            }
            "ls" => Output {
                stdout: self.files.keys().map(|k| format!("{k}\n")).collect(),
                ..Default::default()
            },
            "rm" => {
                let mut out = Output::default();
                for path in args.iter().filter(|a| !a.starts_with('-')) {
                    if self.files.remove(path).is_none() {
                        out.stderr.push_str(&format!(
                            "rm: cannot remove '{path}': No such file or directory\n"
                        ));
                        out.status = 1;
                    }
                }
                out
            }
            "export" => {
                let mut out = Output::default();
                for arg in args {
                    if let Some((k, v)) = arg.split_once('=') {
                        self.vars.insert(k.to_string(), v.to_string());
                    }
                }
                out.status = 0;
                out
            }
            "unset" => {
                for arg in args {
                    self.vars.remove(arg);
                }
                Output::default()
            }
            "true" => Output::default(),
            "false" => Output {
                status: 1,
                ..Default::default()
            },
            "clear" => Output {
                clear: true,
                ..Default::default()
            },
            "help" => Output {
                stdout: CONSOLE_HELP.to_string(),
                ..Default::default()
            },
            "docker" => self.docker(args, stdin),
            "jq" => Output::error(
                "jq is not available here: use the CLI's --query option (JMESPath) instead\n",
                127,
            ),
            "source" | "." if depth == 0 => {
                match args.first().and_then(|p| self.files.get(p)).cloned() {
                    Some(_) if self.sourcing >= MAX_SOURCE_DEPTH => Output::error(
                        "bash: source: maximum nesting level exceeded (a script that sources itself?)\n",
                        1,
                    ),
                    Some(script) => {
                        self.sourcing += 1;
                        let out = self.run(&script);
                        self.sourcing -= 1;
                        out
                    }
                    None => Output::error("bash: source: file not found\n", 1),
                }
            }
            other => Output::error(format!("bash: {other}: command not found\n"), 127),
        }
    }

    fn aws(&mut self, args: &[String]) -> Output {
        // `aws logs tail GROUP [--since D]` takes a positional argument, a CLI customisation.
        if args.first().map(String::as_str) == Some("logs")
            && args.get(1).map(String::as_str) == Some("tail")
        {
            return self.logs_tail(&args[2..]);
        }
        let invocation = match cli::parse(args, &self.world.region, &self.files) {
            Parsed::Call(invocation) => invocation,
            Parsed::Print(text) => {
                return Output {
                    stdout: text,
                    ..Default::default()
                }
            }
            Parsed::Error(text) => return Output::error(text, cli::USAGE_ERROR),
        };
        let op = invocation.operation;
        if op.name == "GetLoginPassword" {
            return Output {
                stdout: format!(
                    "{}\n",
                    crate::ecr::login_password(&self.world.account_id, &self.world.region)
                ),
                ..Default::default()
            };
        }
        // A bad --query is refused before the call is made, as the CLI does.
        let compiled = match invocation
            .query
            .as_deref()
            .map(query::Expression::compile)
            .transpose()
        {
            Ok(compiled) => compiled,
            Err(e) => {
                let expression = invocation.query.as_deref().unwrap_or_default();
                return Output::error(
                    format!("\nBad value for --query {expression}: {e}\n"),
                    cli::USAGE_ERROR,
                );
            }
        };
        if invocation.params.get("DryRun") == Some(&Value::Bool(true)) {
            return Output::error(
                format!("\nAn error occurred (DryRunOperation) when calling the {} operation: Request would have succeeded, but DryRun flag is set.\n", op.name),
                cli::SERVICE_ERROR,
            );
        }
        let mut params = invocation.params;
        if let Value::Object(map) = &mut params {
            map.remove("DryRun");
        }
        let exec_command = (op.name == "ExecuteCommand").then(|| {
            params
                .get("command")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        });
        let result = Command::from_api(op.service, op.name, params)
            .and_then(|command| self.world.apply(command));
        if let Some(command) = exec_command {
            if result.is_ok() || matches!(&result, Err(e) if e.fault != Fault::Client) {
                return self.exec_session(&command, result);
            }
        }
        match result {
            Ok(value) => {
                let value = match &compiled {
                    Some(expression) => match expression.search(&value) {
                        Ok(v) => v,
                        Err(e) => return Output::error(format!("\n{e}\n"), 255),
                    },
                    None => value,
                };
                // An operation with an empty response prints nothing.
                if value.is_null() && invocation.query.is_none() {
                    return Output::default();
                }
                let text = match invocation.output {
                    OutputFormat::Json => output::to_json(&value),
                    OutputFormat::Text => output::to_text(&value),
                    OutputFormat::Table => output::to_table(&value, op.name),
                };
                Output {
                    stdout: text,
                    ..Default::default()
                }
            }
            Err(e) if e.fault == Fault::Client => {
                Output::error(format!("\n{}\n", e.message), cli::USAGE_ERROR)
            }
            Err(e) => Output::error(
                format!(
                    "\nAn error occurred ({}) when calling the {} operation: {}\n",
                    e.code, op.name, e.message
                ),
                cli::SERVICE_ERROR,
            ),
        }
    }

    /// What `aws ecs execute-command` prints: the Session Manager plugin
    /// starts, the session runs the command in the container and ends.
    fn exec_session(&mut self, command: &str, result: Result<Value, ApiError>) -> Output {
        const PLUGIN: &str =
            "\nThe Session Manager plugin was installed successfully. Use the AWS CLI to start a session.\n\n";
        match result {
            Ok(value) => {
                let session = value["session"]["sessionId"].as_str().unwrap_or_default();
                let task_arn = value["taskArn"].as_str().unwrap_or_default();
                let task_id = task_arn.rsplit('/').next().unwrap_or_default();
                let container = value["containerName"].as_str();
                let out = self.world.run_in_container(task_id, container, command);
                Output {
                    stdout: format!(
                        "{PLUGIN}\nStarting session with SessionId: {session}\n{out}\n\nExiting session with sessionId: {session}.\n\n"
                    ),
                    ..Default::default()
                }
            }
            Err(e) => Output {
                stdout: PLUGIN.to_string(),
                stderr: format!(
                    "\nAn error occurred ({}) when calling the ExecuteCommand operation: {}\n",
                    e.code, e.message
                ),
                status: cli::SERVICE_ERROR,
                clear: false,
            },
        }
    }

    fn sim(&mut self, args: &[String]) -> Output {
        let say = |text: String| Output {
            stdout: text,
            ..Default::default()
        };
        match args.first().map(String::as_str) {
            None | Some("help") => say(SIM_HELP.to_string()),
            Some("advance") if args.get(1).map(String::as_str) == Some("steady") => {
                if let Err(refused) = self.within_ceiling(2 * 3600) {
                    return refused;
                }
                let took = self
                    .world
                    .advance_until_steady(Duration(15), Duration(2 * 3600));
                let state = if self.world.is_steady() {
                    "everything is steady"
                } else {
                    "still settling after 2 hours (the cap)"
                };
                say(format!(
                    "Simulated time is now {} (+{}s); {state}\n",
                    self.world.now,
                    took.as_seconds()
                ))
            }
            Some("advance") => match args.get(1).map(|d| Duration::parse(d)) {
                Some(Ok(d)) => {
                    if let Err(refused) = self.within_ceiling(d.as_seconds()) {
                        return refused;
                    }
                    let before = self.world.now;
                    self.world.advance(d);
                    // What the clock moved: less than asked only at MAX_WORLD_AGE.
                    say(format!(
                        "Simulated time is now {} (+{}s)\n",
                        self.world.now,
                        self.world.now.since(before).as_seconds()
                    ))
                }
                Some(Err(e)) => Output::error(format!("sim advance: {e}\n"), 2),
                None => Output::error(
                    "sim advance: a duration is required, e.g. sim advance 5m\n",
                    2,
                ),
            },
            Some("push-image") => self.sim_push_image(&args[1..]),
            Some("oidc-token") => sim_oidc_token(&args[1..]),
            Some("sample") => match args.get(1).and_then(|name| crate::ecs::sample(name)) {
                Some(json) => say(format!("{}\n", json.trim_end())),
                None => {
                    let names: Vec<&str> = crate::ecs::samples().iter().map(|(n, _)| *n).collect();
                    Output::error(
                        format!("sim sample: choose one of: {}\n", names.join(", ")),
                        2,
                    )
                }
            },
            Some("reachability") => self.sim_reachability(&args[1..]),
            Some("cost") => say(self.world.cost_report()),
            Some("load") => {
                let value =
                    |name: &str| args.windows(2).find(|w| w[0] == name).map(|w| w[1].clone());
                let Some(target) = value("--target") else {
                    return Output::error("sim load: --target LOAD_BALANCER_NAME is required\nusage: sim load --target NAME [--port N] (--rps N | --stages \"1m:100,5m:800,2m:0\" | --daily PEAK | --stop)\n", 2);
                };
                let rate = |text: String| -> Result<f64, String> {
                    text.parse::<f64>()
                        .ok()
                        .filter(|r| (0.0..=crate::world::traffic::MAX_RPS).contains(r))
                        .ok_or_else(|| {
                            format!(
                                "'{text}' is not a rate from 0 to {}",
                                crate::world::traffic::MAX_RPS
                            )
                        })
                };
                let profile = if args.iter().any(|a| a == "--stop") {
                    Ok(None)
                } else if let Some(rps) = value("--rps") {
                    rate(rps).map(|r| Some(crate::world::traffic::Profile::Constant(r)))
                } else if let Some(stages) = value("--stages") {
                    crate::world::traffic::Profile::parse_stages(&stages).map(Some)
                } else if let Some(peak) = value("--daily") {
                    rate(peak).map(|p| Some(crate::world::traffic::Profile::Daily { peak: p }))
                } else {
                    Err(
                        "give --rps N, --stages \"1m:100,5m:800,2m:0\", --daily PEAK or --stop"
                            .into(),
                    )
                };
                let port = match value("--port").map(|p| p.parse::<u16>()) {
                    None => None,
                    Some(Ok(p)) if p > 0 => Some(p),
                    Some(_) => {
                        return Output::error(
                            "sim load: --port takes a listener port from 1 to 65535\n",
                            2,
                        )
                    }
                };
                let directive = profile.map(|profile| Directive::Load {
                    target,
                    profile,
                    port,
                });
                match directive.and_then(|d| self.world.direct(d).map_err(|e| e.0)) {
                    Ok(outcome) => say(outcome.text()),
                    Err(e) => Output::error(format!("sim load: {e}\n"), 2),
                }
            }
            Some("hooks") => say(self.world.pending_hooks()),
            Some("lambda") => {
                let name = args.get(1).cloned().unwrap_or_default();
                let behaviour = args.get(2).cloned().unwrap_or_default();
                match self.world.direct(Directive::LambdaAnswers {
                    function: name,
                    behaviour,
                }) {
                    Ok(outcome) => say(outcome.text()),
                    Err(e) => Output::error(
                        format!(
                            "sim lambda: {e}\nusage: sim lambda FUNCTION succeeds|fails|asks\n"
                        ),
                        2,
                    ),
                }
            }
            Some("fail") => {
                let target = args.get(2).cloned().unwrap_or_default();
                let directive = match args.get(1).map(String::as_str) {
                    Some("task") => Ok(Directive::FailTask { task: target }),
                    Some("az") => Ok(Directive::FailZone { zone: target }),
                    Some("image") if !target.is_empty() => Ok(Directive::BreakImage { image: target }),
                    Some("crash") if !target.is_empty() => Ok(Directive::CrashImage { image: target }),
                    Some("health") if !target.is_empty() => Ok(Directive::FailHealth { image: target }),
                    Some("spot") => match target.as_str() {
                        "" => Ok(Directive::InterruptSpot { count: 1 }),
                        n => match n.parse::<usize>() {
                            Ok(count) if count >= 1 => Ok(Directive::InterruptSpot { count }),
                            _ => Err(format!("'{n}' is not a number of tasks (1 or more)")),
                        },
                    },
                    _ => Err("usage: sim fail task TASK_ID | az ZONE | image REPOSITORY:TAG | crash REPOSITORY:TAG | health REPOSITORY:TAG | spot [COUNT]".into()),
                };
                let result =
                    directive.and_then(|d| self.world.direct(d).map(|o| o.text()).map_err(|e| e.0));
                match result {
                    Ok(text) => say(text),
                    Err(e) => Output::error(format!("sim fail: {e}\n"), 2),
                }
            }
            Some("recover") => {
                let target = args.get(2).cloned().unwrap_or_default();
                let directive = match args.get(1).map(String::as_str) {
                    Some("az") => Ok(Directive::RecoverZone { zone: target }),
                    Some("image") => Ok(Directive::RecoverImage { image: target }),
                    _ => Err("usage: sim recover az ZONE | image REPOSITORY:TAG".to_string()),
                };
                let result =
                    directive.and_then(|d| self.world.direct(d).map(|o| o.text()).map_err(|e| e.0));
                match result {
                    Ok(text) => say(text),
                    Err(e) => Output::error(format!("sim recover: {e}\n"), 2),
                }
            }
            Some("add-instance") => {
                let value =
                    |name: &str| args.windows(2).find(|w| w[0] == name).map(|w| w[1].clone());
                let count = match value("--count").map(|c| c.parse::<u32>()) {
                    None => 1,
                    Some(Ok(n)) => n,
                    Some(Err(_)) => {
                        return Output::error("sim add-instance: --count takes a whole number\n", 2)
                    }
                };
                let cluster = value("--cluster").unwrap_or_else(|| "default".into());
                let instance_type = value("--instance-type").unwrap_or_else(|| "t3.medium".into());
                match self.world.direct(Directive::AddInstances {
                    cluster,
                    instance_type,
                    subnet: value("--subnet"),
                    count,
                }) {
                    Ok(outcome) => say(outcome.text()),
                    Err(e) => Output::error(format!("sim add-instance: {e}\n"), 2),
                }
            }
            Some("status") => {
                let ec2 = &self.world.ec2;
                say(format!(
                    "Simulated time: {}\nRegion: {} ({})\nSeed: {}\nVPCs: {}  Subnets: {}  Route tables: {}  Internet gateways: {}\nNAT gateways: {}  Security groups: {}  VPC endpoints: {}  Network interfaces: {}\n",
                    self.world.now,
                    self.world.region,
                    self.world.availability_zones.join(", "),
                    self.world.seed,
                    ec2.vpcs.len(),
                    ec2.subnets.len(),
                    ec2.route_tables.len(),
                    ec2.internet_gateways.len(),
                    ec2.nat_gateways.values().filter(|n| n.is_live()).count(),
                    ec2.security_groups.len(),
                    ec2.vpc_endpoints.values().filter(|e| e.is_live()).count(),
                    ec2.network_interfaces.len(),
                ) + &self.status_of_loads()
                    + &self.status_of_services())
            }
            Some("reset") => {
                let seed = self.world.seed;
                self.world = World::new(seed);
                self.vars.clear();
                say(format!(
                    "The world was reset (seed {seed}). Files were kept; variables were cleared.\n"
                ))
            }
            Some("seed") => match args.get(1).map(|s| s.parse::<u64>()) {
                Some(Ok(seed)) => {
                    self.world = World::new(seed);
                    self.vars.clear();
                    say(format!("A new world was created with seed {seed}.\n"))
                }
                _ => Output::error(
                    "sim seed: a whole number is required, e.g. sim seed 42\n",
                    2,
                ),
            },
            Some(other) => {
                let close =
                    cli::close_matches(other, &["advance", "status", "reset", "seed", "help"]);
                let hint = close
                    .first()
                    .map(|c| format!(" Did you mean 'sim {c}'?"))
                    .unwrap_or_default();
                Output::error(
                    format!("sim: unknown directive '{other}'.{hint} Try: sim help\n"),
                    2,
                )
            }
        }
    }
}

impl Console {
    /// The second half of `sim status`: what runs on the network.
    fn status_of_services(&self) -> String {
        let w = &self.world;
        let running = w
            .ecs
            .tasks
            .values()
            .filter(|t| t.last_status == crate::ecs::task::TaskStatus::Running)
            .count();
        let starting = w
            .ecs
            .tasks
            .values()
            .filter(|t| t.last_status.is_starting())
            .count();
        format!(
            "ECR repositories: {}  IAM roles: {}  Log groups: {}\nClusters: {}  Container instances: {}  Services: {}  Tasks running: {}  starting: {}\nLoad balancers: {}  Target groups: {}  Listeners: {}\n",
            w.ecr.repositories.len(),
            w.iam.roles.len(),
            w.logs.groups.len(),
            w.ecs.clusters.values().filter(|c| c.active).count(),
            w.ecs.container_instances.len(),
            w.ecs.services.values().filter(|s| s.status == crate::ecs::service::ServiceStatus::Active).count(),
            running,
            starting,
            w.elb.load_balancers.len(),
            w.elb.target_groups.len(),
            w.elb.listeners.len(),
        )
    }

    fn logs_tail(&self, args: &[String]) -> Output {
        let Some(group) = args.first().filter(|a| !a.starts_with("--")) else {
            return Output::error(
                format!(
                    "\n{}aws: error: the following arguments are required: group_name\n",
                    "usage: aws logs tail [-h] group_name [--since SINCE] [--format FORMAT]\n"
                ),
                cli::USAGE_ERROR,
            );
        };
        let since = match args
            .windows(2)
            .find(|w| w[0] == "--since")
            .map(|w| Duration::parse(&w[1]))
        {
            Some(Ok(d)) => Some(d),
            Some(Err(e)) => {
                return Output::error(
                    format!("\naws: error: argument --since: {e}\n"),
                    cli::USAGE_ERROR,
                )
            }
            None => None,
        };
        if args.iter().any(|a| a == "--follow") {
            return Output::error("--follow is not available in this console: run the command again, or press play and watch the Logs tab\n", cli::USAGE_ERROR);
        }
        match self.world.logs.tail(group, since, self.world.now) {
            Ok(text) => Output { stdout: text, ..Default::default() },
            Err(e) => Output::error(format!("\nAn error occurred (ResourceNotFoundException) when calling the FilterLogEvents operation: {e}\n"), cli::SERVICE_ERROR),
        }
    }

    /// `sim reachability`: a learner-facing view of [`World::reachability`].
    fn sim_reachability(&mut self, args: &[String]) -> Output {
        use crate::ec2::Node;
        let usage = "sim reachability --from SUBNET[:SG,SG…] [--public-ip] --to internet|service:NAME|SUBNET[:SG,…] --port N\n(without :SG the interface has the VPC's default security group; service:NAME is an ECS service's running task if one is called NAME, else an AWS service endpoint such as ecr.api or s3)\n";
        let value = |name: &str| args.windows(2).find(|w| w[0] == name).map(|w| w[1].clone());
        let public_ip = args.iter().any(|a| a == "--public-ip");
        let ec2 = &self.world.ec2;
        let interface = |text: &str, public_ip: bool| {
            let (subnet, groups) = text.split_once(':').unwrap_or((text, ""));
            let mut security_group_ids: Vec<String> = groups
                .split(',')
                .filter(|g| !g.is_empty())
                .map(String::from)
                .collect();
            if security_group_ids.is_empty() {
                // As for a new network interface: the VPC's default security group.
                let vpc = ec2.subnets.get(subnet).map(|s| s.vpc_id.as_str());
                security_group_ids.extend(
                    ec2.security_groups
                        .values()
                        .filter(|g| Some(g.vpc_id.as_str()) == vpc && g.is_default())
                        .map(|g| g.id.clone()),
                );
            }
            Node::Interface {
                subnet_id: subnet.to_string(),
                security_group_ids,
                private_ip: None,
                public_ip,
            }
        };
        let (Some(from), Some(to), Some(port)) = (value("--from"), value("--to"), value("--port"))
        else {
            return Output::error(
                format!("sim reachability: --from, --to and --port are required\nusage: {usage}"),
                2,
            );
        };
        let Ok(port) = port.parse::<u16>() else {
            return Output::error(
                format!("sim reachability: --port takes a number from 0 to 65535, not '{port}'\n"),
                2,
            );
        };
        let from_node = if from == "internet" {
            Node::Internet
        } else {
            interface(&from, public_ip)
        };
        let to_node = match to.as_str() {
            "internet" => Node::Internet,
            t if t.starts_with("service:") => {
                let name = t.trim_start_matches("service:");
                // `service:web` where an ECS service is called `web` means its
                // tasks (a learner's reading), not an AWS endpoint called `web`.
                match self.ecs_service_task_node(name) {
                    Some(Ok(node)) => node,
                    Some(Err(message)) => return Output::error(message, 2),
                    None => Node::AwsService(name.to_string()),
                }
            }
            t => interface(t, false),
        };
        for node in [&from_node, &to_node] {
            if let Node::Interface {
                subnet_id,
                security_group_ids,
                ..
            } = node
            {
                if !self.world.ec2.subnets.contains_key(subnet_id) {
                    return Output::error(
                        format!("sim reachability: the subnet ID '{subnet_id}' does not exist\n"),
                        2,
                    );
                }
                if let Some(missing) = security_group_ids
                    .iter()
                    .find(|g| !self.world.ec2.security_groups.contains_key(*g))
                {
                    return Output::error(
                        format!(
                            "sim reachability: the security group '{missing}' does not exist\n"
                        ),
                        2,
                    );
                }
            }
        }
        let trace = self.world.reachability(&from_node, &to_node, port);
        let mut text = format!("Reachability of tcp {port} from {from} to {to}\n");
        for hop in &trace.hops {
            text.push_str(&format!(
                "  {} {}\n",
                if hop.passed { "ok     " } else { "BLOCKED" },
                hop.detail
            ));
        }
        match trace.blocking() {
            None => text.push_str("Result: reachable\n"),
            Some(hop) => text.push_str(&format!(
                "Result: not reachable — blocked at {} ({})\n",
                hop.resource,
                serde_json::to_value(hop.check)
                    .ok()
                    .and_then(|v| v.as_str().map(String::from))
                    .unwrap_or_default()
            )),
        }
        Output {
            stdout: text,
            ..Default::default()
        }
    }
}

const SIM_HELP: &str = "sim — the simulator's own commands (AWS has no API for these)\n\n  sim advance DURATION   move simulated time forward: 30s, 5m, 2h, 1h30m\n  sim advance steady     move time on until deployments and scaling settle (at most 2 hours)\n  sim push-image REPOSITORY:TAG [--size-mb N]\n                         build and push an image to ECR in one step (instead of docker build/tag/push)\n  sim add-instance --cluster NAME [--instance-type TYPE] [--subnet SUBNET_ID] [--count N]\n                         start EC2 container instances registered to a cluster (stands in for an Auto Scaling group)\n  sim fail task ID | az ZONE | image REPO:TAG | crash REPO:TAG | health REPO:TAG | spot [COUNT]\n                         inject a fault: a container exits, a zone goes down, a pull fails, containers crash,\n                         container health checks fail, Fargate Spot tasks are interrupted (2-minute notice)\n  sim recover az ZONE | image REPO:TAG\n                         undo a fault\n  sim oidc-token --repo OWNER/REPO (--branch NAME | --environment NAME | --pull-request) [--audience AUD]
                         the OIDC token GitHub Actions gives a workflow run (for sts assume-role-with-web-identity)
  sim sample NAME        print a sample task definition (web, api, worker, firelens); redirect it to a file\n  sim reachability --from SUBNET[:SG,SG…] [--public-ip] --to internet|service:NAME|SUBNET[:SG,…] --port N\n                         trace a TCP connection hop by hop and show what blocks it\n  sim status             the clock, the seed and what exists\n  sim cost               what the account would have cost so far (list prices)\n  sim load --target LB [--port N] (--rps N | --stages \"1m:100,5m:800,2m:0\" | --daily PEAK | --stop)\n                         send requests to a load balancer's listener (default: the lowest port that forwards;\n                         to a Network Load Balancer: one TCP flow each)\n  sim hooks              CodeDeploy lifecycle hooks waiting for an answer, with the command that answers them\n  sim lambda FUNCTION succeeds|fails|asks\n                         how a hook's Lambda function answers: by itself after 10 s, or you answer (asks, the default)\n  sim reset              start again with an empty account (same seed)\n  sim seed N             start again with seed N\n  sim help               this text\n";

const CONSOLE_HELP: &str = "This console runs the AWS CLI against a simulated account.\n\n  aws help                 the services and commands available\n  aws ec2 create-vpc help  the options of one command\n  sim help                 the simulator's own commands\n\nShell features: VAR=value, $VAR, $(command), 'quotes', \"quotes\", \\ line continuation,\n# comments, ;, &&, ||, > file, >> file, cat > file <<EOF … EOF, echo, cat, base64, ls, rm, clear.\n";

/// Runs a script the way `ecs-sim script` prints it: each line after a prompt
/// (`$ `, or `> ` for continuation lines), followed by what it printed.
pub fn run_script(text: &str) -> String {
    let mut console = Console::default();
    let mut transcript = String::new();
    for line in text.lines() {
        let prompt = if console.is_waiting() { "> " } else { "$ " };
        if line.trim().is_empty() && !console.is_waiting() {
            transcript.push('\n');
            continue;
        }
        transcript.push_str(prompt);
        transcript.push_str(line);
        transcript.push('\n');
        if let Some(out) = console.feed_line(line) {
            transcript.push_str(&out.stdout);
            transcript.push_str(&out.stderr);
        }
    }
    if console.is_waiting() {
        transcript.push_str("bash: unexpected end of file\n");
    }
    transcript
}

/// `sim oidc-token`: the token GitHub Actions mints for a workflow run, whose
/// `sub` names the repository and the branch, environment or pull request.
fn sim_oidc_token(args: &[String]) -> Output {
    let value = |flag: &str| args.windows(2).find(|w| w[0] == flag).map(|w| w[1].clone());
    let usage = "sim oidc-token --repo OWNER/REPO (--branch NAME | --environment NAME | --pull-request) [--audience AUD]\n";
    let Some(repo) = value("--repo").filter(|r| r.split('/').count() == 2 && !r.contains(' '))
    else {
        return Output::error(usage, 2);
    };
    let (sub, event, reference) = if let Some(branch) = value("--branch") {
        (
            format!("repo:{repo}:ref:refs/heads/{branch}"),
            "push",
            format!("refs/heads/{branch}"),
        )
    } else if let Some(environment) = value("--environment") {
        (
            format!("repo:{repo}:environment:{environment}"),
            "workflow_dispatch",
            "refs/heads/main".to_string(),
        )
    } else if args.iter().any(|a| a == "--pull-request") {
        (
            format!("repo:{repo}:pull_request"),
            "pull_request",
            "refs/pull/1/merge".to_string(),
        )
    } else {
        return Output::error(usage, 2);
    };
    let owner = repo.split('/').next().unwrap_or_default().to_string();
    let claims = std::collections::BTreeMap::from([
        (
            "iss".to_string(),
            format!("https://{}", crate::iam::oidc::GITHUB_ISSUER),
        ),
        (
            "aud".to_string(),
            value("--audience").unwrap_or_else(|| "sts.amazonaws.com".into()),
        ),
        ("sub".to_string(), sub),
        ("repository".to_string(), repo.clone()),
        ("repository_owner".to_string(), owner),
        ("ref".to_string(), reference),
        ("event_name".to_string(), event.to_string()),
    ]);
    let mut claims = claims;
    if let Some(environment) = value("--environment") {
        claims.insert("environment".to_string(), environment);
    }
    Output {
        stdout: format!("{}\n", crate::iam::oidc::github_token(&claims)),
        ..Default::default()
    }
}
