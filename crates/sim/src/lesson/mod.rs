//! Lessons as data: one YAML file per lesson in `lessons/`, read with
//! [`crate::yaml`] and checked here, so a teacher writes text and console
//! lines, never Rust. A lesson has an id, bilingual title and summary,
//! prerequisites, a starting world (the default account, optionally with a
//! console script run first), and ordered steps: Markdown text, goals, hints
//! revealed one by one, a reference solution, or a quiz. Goals are checks
//! over the world (`check.rs`); the generic one runs a console line and
//! compares its output, so any `aws … --query` is a check.
//!
//! A malformed file is reported with its line and the reason, never a panic.

pub mod check;

use crate::yaml::{parse_with_lines, LineMap};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt;

/// Every lesson starts from a fresh account with this seed, so its ids and
/// timings are the same for every learner (and for the solution tests).
pub const LESSON_SEED: u64 = 2026;

/// Text in both languages of the interface.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    pub ja: String,
    pub en: String,
}

impl Text {
    pub fn get(&self, japanese: bool) -> &str {
        if japanese {
            &self.ja
        } else {
            &self.en
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Lesson {
    pub id: String,
    pub title: Text,
    pub summary: Text,
    pub prerequisites: Vec<String>,
    /// Console lines run on a fresh account before the lesson starts.
    pub setup: Option<String>,
    /// Challenge mode: the goal only, and a par number of commands.
    pub par: Option<u32>,
    pub steps: Vec<Step>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Step {
    pub id: String,
    pub title: Text,
    /// Markdown (rendered without raw HTML).
    pub body: Text,
    pub goals: Vec<Goal>,
    pub hints: Vec<Text>,
    /// Console lines that reach the goals.
    pub solution: Option<String>,
    /// Plausible wrong answers that AWS accepts but that must not pass the
    /// goals (checked by `verify`, never shown as the answer).
    pub near_misses: Vec<NearMiss>,
    pub quiz: Option<Quiz>,
    /// "Predict, then watch": the learner guesses a number, then the clock runs.
    pub predict: Option<Predict>,
}

impl Step {
    /// Whether each of the step's goals is met on `console`, in order.
    pub fn goals_met(&self, console: &crate::console::Console) -> Vec<bool> {
        check::Check::met_all(self.goals.iter().map(|g| &g.check), console)
    }

    /// Whether every goal is met at once (a step without goals never is).
    pub fn all_goals_met(&self, console: &crate::console::Console) -> bool {
        !self.goals.is_empty() && self.goals_met(console).iter().all(|m| *m)
    }

    /// The near miss the learner's world looks like, seen through the step's
    /// own goal checks: each near miss's solution is run on `start` (the world
    /// as the step began), and the one whose checks see what they see in `now`
    /// is it. Nothing while the goals are met or nothing has changed yet.
    /// Worlds that differ elsewhere (other ids, extra resources) match no near
    /// miss, so a hint is only ever given for the mistake itself.
    pub fn near_miss_in(
        &self,
        start: &crate::console::Console,
        now: &crate::console::Console,
    ) -> Option<&NearMiss> {
        if self.near_misses.is_empty() || self.all_goals_met(now) {
            return None;
        }
        let observe = |console: &crate::console::Console| {
            check::Check::observe_all(self.goals.iter().map(|g| &g.check), console)
        };
        let seen = observe(now);
        if seen == observe(start) {
            return None;
        }
        self.near_misses.iter().find(|near| {
            let mut candidate = start.clone();
            candidate.run(&near.solution);
            observe(&candidate) == seen
        })
    }

    /// What the reference does at this step, line by line as "apply the
    /// solution" types them (here-documents span lines), then the prediction's
    /// clock move. Returns each refused line with its error, and whether the
    /// solution ended inside an unfinished command (then closed).
    fn apply_reference(
        &self,
        console: &mut crate::console::Console,
    ) -> (Vec<(String, String)>, bool) {
        let mut refused = Vec::new();
        for line in self.solution.iter().flat_map(|s| s.lines()) {
            if let Some(out) = console.feed_line(line).filter(|o| o.status != 0) {
                refused.push((line.to_string(), out.stderr.trim().to_string()));
            }
        }
        let unfinished = console.is_waiting();
        if unfinished {
            console.run("");
        }
        if let Some(predict) = &self.predict {
            console.feed_line(&predict.advance_line());
        }
        (refused, unfinished)
    }
}

/// A wrong solution that looks right: why it is wrong, and its console lines.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NearMiss {
    pub why: Text,
    pub solution: String,
}

/// A number the learner predicts before the model shows it: the console line
/// whose output is the number (read after the clock has run `after_seconds`),
/// how close counts as right, and what to notice.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Predict {
    pub question: Text,
    pub run: String,
    pub after_seconds: u64,
    pub tolerance: f64,
    pub explanation: Text,
}

impl Predict {
    /// The console line the "watch" button types: the clock moves on.
    pub fn advance_line(&self) -> String {
        format!("sim advance {}", self.after_seconds)
    }

    /// The number the world shows now (the `run` line's output), if it is one.
    pub fn observe(&self, console: &crate::console::Console) -> Option<f64> {
        let mut probe = console.clone();
        let out = probe.run(&self.run);
        (out.status == 0)
            .then(|| out.stdout.trim().parse::<f64>().ok())
            .flatten()
            .filter(|n| n.is_finite())
    }

    /// Whether a guess is within the tolerance of what happened.
    pub fn close_enough(&self, guess: f64, actual: f64) -> bool {
        (guess - actual).abs() <= self.tolerance
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Goal {
    pub text: Text,
    pub check: check::Check,
    /// Must still hold when the lesson ends (otherwise a goal stays ticked once met).
    pub holds_at_end: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Quiz {
    pub question: Text,
    pub choices: Vec<Choice>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    pub text: Text,
    pub correct: bool,
    pub explanation: Text,
}

/// What is wrong with a lesson file, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub line: usize,
    pub reason: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.reason)
    }
}

/// Walks the parsed document, collecting every problem with its line.
struct Reader<'a> {
    file: &'a str,
    lines: &'a LineMap,
    problems: Vec<Problem>,
}

impl Reader<'_> {
    /// The line of `pointer`, or of its nearest ancestor that has one.
    fn line(&self, pointer: &str) -> usize {
        let mut p = pointer.to_string();
        loop {
            if let Some(line) = self.lines.get(&p) {
                return *line;
            }
            match p.rfind('/') {
                Some(i) => p.truncate(i),
                None => return 1,
            }
        }
    }

    fn problem(&mut self, pointer: &str, reason: impl Into<String>) {
        let line = self.line(pointer);
        self.problems.push(Problem {
            file: self.file.to_string(),
            line,
            reason: reason.into(),
        });
    }

    fn string(&mut self, value: &Value, pointer: &str, key: &str) -> Option<String> {
        match value.get(key) {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            Some(Value::Bool(b)) => Some(b.to_string()),
            Some(_) => {
                self.problem(&format!("{pointer}/{key}"), format!("{key} must be text"));
                None
            }
            None => {
                self.problem(pointer, format!("{key} is missing"));
                None
            }
        }
    }

    fn text(&mut self, value: &Value, pointer: &str, key: &str) -> Option<Text> {
        let here = format!("{pointer}/{key}");
        let Some(inner) = value.get(key) else {
            self.problem(pointer, format!("{key} is missing (it needs ja: and en:)"));
            return None;
        };
        if !inner.is_object() {
            self.problem(&here, format!("{key} needs ja: and en: lines under it"));
            return None;
        }
        self.known_keys(inner, &here, &["ja", "en"]);
        let ja = self.string(inner, &here, "ja");
        let en = self.string(inner, &here, "en");
        Some(Text { ja: ja?, en: en? })
    }

    fn list<'v>(&mut self, value: &'v Value, pointer: &str, key: &str) -> &'v [Value] {
        match value.get(key) {
            None | Some(Value::Null) => &[],
            Some(Value::Array(items)) => items,
            Some(_) => {
                self.problem(
                    &format!("{pointer}/{key}"),
                    format!("{key} must be a list (lines starting with '- ')"),
                );
                &[]
            }
        }
    }

    fn known_keys(&mut self, value: &Value, pointer: &str, known: &[&str]) {
        if let Value::Object(map) = value {
            for key in map.keys() {
                if !known.contains(&key.as_str()) {
                    self.problem(
                        &format!("{pointer}/{key}"),
                        format!("unknown key {key}: use {}", known.join(", ")),
                    );
                }
            }
        }
    }

    fn step(&mut self, value: &Value, pointer: &str) -> Option<Step> {
        self.known_keys(
            value,
            pointer,
            &[
                "id",
                "title",
                "body",
                "goals",
                "hints",
                "solution",
                "near_misses",
                "quiz",
                "predict",
            ],
        );
        let id = self.string(value, pointer, "id");
        let title = self.text(value, pointer, "title");
        let body = self.text(value, pointer, "body");
        let mut goals = Vec::new();
        for (i, goal) in self.list(value, pointer, "goals").iter().enumerate() {
            let here = format!("{pointer}/goals/{i}");
            self.known_keys(goal, &here, &["text", "check", "holds_at_end"]);
            let holds_at_end = match goal.get("holds_at_end") {
                None => false,
                Some(Value::Bool(b)) => *b,
                Some(_) => {
                    self.problem(
                        &format!("{here}/holds_at_end"),
                        "holds_at_end is true or false",
                    );
                    false
                }
            };
            let text = self.text(goal, &here, "text");
            let check = match goal.get("check") {
                Some(c) => check::Check::read(c)
                    .map_err(|reason| self.problem(&format!("{here}/check"), reason))
                    .ok(),
                None => {
                    self.problem(&here, "check is missing");
                    None
                }
            };
            if let (Some(text), Some(check)) = (text, check) {
                goals.push(Goal {
                    text,
                    check,
                    holds_at_end,
                });
            }
        }
        let mut hints = Vec::new();
        for (i, hint) in self.list(value, pointer, "hints").iter().enumerate() {
            let here = format!("{pointer}/hints/{i}");
            if !hint.is_object() {
                self.problem(&here, "a hint needs ja: and en: lines under it");
                continue;
            }
            let ja = self.string(hint, &here, "ja");
            let en = self.string(hint, &here, "en");
            if let (Some(ja), Some(en)) = (ja, en) {
                hints.push(Text { ja, en });
            }
        }
        let solution = value
            .get("solution")
            .and_then(Value::as_str)
            .map(String::from);
        let mut near_misses = Vec::new();
        for (i, miss) in self.list(value, pointer, "near_misses").iter().enumerate() {
            let here = format!("{pointer}/near_misses/{i}");
            self.known_keys(miss, &here, &["why", "solution"]);
            let why = self.text(miss, &here, "why");
            let solution = self.string(miss, &here, "solution");
            if let (Some(why), Some(solution)) = (why, solution) {
                near_misses.push(NearMiss { why, solution });
            }
        }
        let quiz = value
            .get("quiz")
            .and_then(|q| self.quiz(q, &format!("{pointer}/quiz")));
        let predict = value
            .get("predict")
            .and_then(|p| self.predict(p, &format!("{pointer}/predict")));
        if goals.is_empty() && quiz.is_none() && predict.is_none() {
            self.problem(
                pointer,
                "a step needs goals (hands-on), a quiz or a prediction",
            );
        }
        if !goals.is_empty() && solution.is_none() {
            self.problem(
                pointer,
                "a hands-on step needs a solution (the console lines that reach its goals)",
            );
        }
        Some(Step {
            id: id?,
            title: title?,
            body: body?,
            goals,
            hints,
            solution,
            near_misses,
            quiz,
            predict,
        })
    }

    fn predict(&mut self, value: &Value, pointer: &str) -> Option<Predict> {
        self.known_keys(
            value,
            pointer,
            &[
                "question",
                "run",
                "after_seconds",
                "tolerance",
                "explanation",
            ],
        );
        let question = self.text(value, pointer, "question");
        let run = self.string(value, pointer, "run");
        let explanation = self.text(value, pointer, "explanation");
        let after_seconds = match value.get("after_seconds").map(Value::as_u64) {
            // At most a day: the watch button runs the learner's own clock.
            Some(Some(n)) if n <= 86_400 => Some(n),
            _ => {
                self.problem(
                    &format!("{pointer}/after_seconds"),
                    "after_seconds is a whole number of seconds, at most 86400",
                );
                None
            }
        };
        let tolerance = match value.get("tolerance") {
            None => Some(0.0),
            Some(v) => match v.as_f64().filter(|t| t.is_finite() && *t >= 0.0) {
                Some(t) => Some(t),
                None => {
                    self.problem(
                        &format!("{pointer}/tolerance"),
                        "tolerance is a number, 0 or more",
                    );
                    None
                }
            },
        };
        Some(Predict {
            question: question?,
            run: run?,
            after_seconds: after_seconds?,
            tolerance: tolerance?,
            explanation: explanation?,
        })
    }

    fn quiz(&mut self, value: &Value, pointer: &str) -> Option<Quiz> {
        let question = self.text(value, pointer, "question");
        let mut choices = Vec::new();
        for (i, choice) in self.list(value, pointer, "choices").iter().enumerate() {
            let here = format!("{pointer}/choices/{i}");
            let text = self.text(choice, &here, "text");
            let explanation = self.text(choice, &here, "explanation");
            let correct = choice
                .get("correct")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            if let (Some(text), Some(explanation)) = (text, explanation) {
                choices.push(Choice {
                    text,
                    correct,
                    explanation,
                });
            }
        }
        if choices.len() < 2 {
            self.problem(pointer, "a quiz needs at least two choices");
        }
        if !choices.iter().any(|c| c.correct) {
            self.problem(pointer, "a quiz needs a choice with correct: true");
        }
        Some(Quiz {
            question: question?,
            choices,
        })
    }
}

/// Reads one lesson file (`file` names it in problems).
pub fn parse(file: &str, text: &str) -> Result<Lesson, Vec<Problem>> {
    let (doc, lines) = parse_with_lines(text).map_err(|reason| {
        let line = reason
            .strip_prefix("YAML line ")
            .and_then(|r| r.split(':').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(1);
        vec![Problem {
            file: file.to_string(),
            line,
            reason,
        }]
    })?;
    let mut r = Reader {
        file,
        lines: &lines,
        problems: Vec::new(),
    };
    if !doc.is_object() {
        r.problem(
            "",
            "a lesson file is a mapping: id:, title:, summary:, steps: …",
        );
        return Err(r.problems);
    }
    r.known_keys(
        &doc,
        "",
        &[
            "id",
            "title",
            "summary",
            "prerequisites",
            "setup",
            "par",
            "steps",
        ],
    );
    let id = r.string(&doc, "", "id");
    if let Some(id) = &id {
        if !id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            r.problem("/id", "the id uses lowercase letters, digits and '-' only");
        }
    }
    let title = r.text(&doc, "", "title");
    let summary = r.text(&doc, "", "summary");
    let prerequisites: Vec<String> = r
        .list(&doc, "", "prerequisites")
        .iter()
        .filter_map(|p| p.as_str().map(String::from))
        .collect();
    let setup = doc.get("setup").and_then(Value::as_str).map(String::from);
    let par = doc
        .get("par")
        .and_then(Value::as_u64)
        .and_then(|p| u32::try_from(p).ok());
    let mut steps = Vec::new();
    let step_values = r.list(&doc, "", "steps").to_vec();
    if step_values.is_empty() {
        r.problem("", "a lesson needs at least one step");
    }
    for (i, step) in step_values.iter().enumerate() {
        if let Some(step) = r.step(step, &format!("/steps/{i}")) {
            steps.push(step);
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    for (i, step) in steps.iter().enumerate() {
        if !seen.insert(step.id.clone()) {
            r.problem(
                &format!("/steps/{i}/id"),
                format!("the step id {} is used twice", step.id),
            );
        }
    }
    if !r.problems.is_empty() {
        return Err(r.problems);
    }
    match (id, title, summary) {
        (Some(id), Some(title), Some(summary)) => Ok(Lesson {
            id,
            title,
            summary,
            prerequisites,
            setup,
            par,
            steps,
        }),
        _ => Err(vec![Problem {
            file: file.to_string(),
            line: 1,
            reason: "the lesson's id, title or summary is missing".into(),
        }]),
    }
}

/// A fresh account with the lesson's setup run in its console.
pub fn start(lesson: &Lesson) -> Result<crate::console::Console, String> {
    start_on(lesson, LESSON_SEED, None)
}

/// [`start`] on an account of `seed`, with random choices drawn from
/// `chance_seed` when given.
fn start_on(
    lesson: &Lesson,
    seed: u64,
    chance_seed: Option<u64>,
) -> Result<crate::console::Console, String> {
    let mut console = crate::console::Console::fresh(seed);
    if let Some(seed) = chance_seed {
        console.world.set_chance_seed(seed);
    }
    if let Some(setup) = &lesson.setup {
        let out = console.run(setup);
        if out.status != 0 {
            return Err(format!(
                "{}: the setup script failed: {}",
                lesson.id,
                out.stderr.trim()
            ));
        }
    }
    Ok(console)
}

/// The lesson's world as it is when a learner arrives at step `step` (0 is
/// the start) having followed the reference solutions, on an account of
/// `seed`: what a facilitator's link opens everyone at, and the reference a
/// learner's world is compared with (`step` one past their current step).
pub fn world_at_step(
    lesson: &Lesson,
    step: usize,
    seed: u64,
) -> Result<crate::console::Console, String> {
    let mut console = start_on(lesson, seed, None)?;
    for earlier in lesson.steps.iter().take(step) {
        earlier.apply_reference(&mut console);
    }
    Ok(console)
}

/// The second seed: a finished lesson is replayed with its random choices
/// drawn from this instead (ids unchanged), so a lucky roll cannot pass it.
pub const SECOND_SEED: u64 = 7_919;

/// Runs each step's reference solution in order on the lesson's starting
/// world: every goal must be unmet before its step's solution (a goal that
/// already holds teaches nothing) and met after it; every near miss must
/// leave the goals unmet; a prediction's line must read a number; the goals
/// marked `holds_at_end` must hold at the end. Then the same on the second
/// seed, and the first run's journal re-checked as a finished learner's is.
/// Returns what is wrong.
pub fn verify(lesson: &Lesson) -> Vec<String> {
    let (mut problems, finished) = verify_with_luck(lesson, None);
    let (second, _) = verify_with_luck(lesson, Some(SECOND_SEED));
    problems.extend(
        second
            .into_iter()
            .map(|p| format!("on the second seed: {p}")),
    );
    if let Some(console) = finished {
        match console.journal() {
            Some(journal) => match recheck(lesson, journal, console.world.now.0) {
                Ok(missed) => problems.extend(missed.iter().map(|m| {
                    format!(
                        "{}/{}: re-checking the finished lesson on the second seed misses \"{}\"",
                        lesson.id, m.step, m.goal.en
                    )
                })),
                Err(e) => problems.push(format!("{}: cannot re-check: {e}", lesson.id)),
            },
            None => problems.push(format!("{}: the solutions leave no journal", lesson.id)),
        }
    }
    problems
}

fn verify_with_luck(
    lesson: &Lesson,
    chance_seed: Option<u64>,
) -> (Vec<String>, Option<crate::console::Console>) {
    let mut console = match start_on(lesson, LESSON_SEED, chance_seed) {
        Ok(c) => c,
        Err(e) => return (vec![e], None),
    };
    let mut problems = Vec::new();
    for step in &lesson.steps {
        let at = format!("{}/{}", lesson.id, step.id);
        for (goal, _) in step
            .goals
            .iter()
            .zip(step.goals_met(&console))
            .filter(|(_, met)| *met)
        {
            problems.push(format!(
                "{at}: the goal \"{}\" is met before the solution",
                goal.text.en
            ));
        }
        if !step.goals.is_empty() && step.near_misses.is_empty() {
            problems.push(format!(
                "{at}: a hands-on step needs at least one near miss (a wrong solution that must not pass)"
            ));
        }
        for miss in &step.near_misses {
            let mut wrong = console.clone();
            for line in miss.solution.lines() {
                if let Some(out) = wrong.feed_line(line).filter(|o| o.status != 0) {
                    problems.push(format!(
                        "{at}: the near miss \"{}\" fails at `{line}` ({}) — a near miss is a mistake AWS accepts",
                        miss.why.en,
                        out.stderr.trim()
                    ));
                }
            }
            if !wrong.is_waiting() && step.all_goals_met(&wrong) {
                problems.push(format!(
                    "{at}: the near miss \"{}\" passes the goals",
                    miss.why.en
                ));
            }
        }
        let (refused, unfinished) = step.apply_reference(&mut console);
        for (line, error) in refused {
            problems.push(format!("{at}: the solution line `{line}` failed: {error}"));
        }
        if unfinished {
            problems.push(format!(
                "{at}: the solution ends inside an unfinished command (a here-document without its end line?)"
            ));
        }
        if let Some(predict) = &step.predict {
            // After what the watch button does (the clock has run), the number is read.
            if predict.observe(&console).is_none() {
                problems.push(format!(
                    "{at}: the prediction's line `{}` does not print a number",
                    predict.run
                ));
            }
        }
        for (goal, _) in step
            .goals
            .iter()
            .zip(step.goals_met(&console))
            .filter(|(_, met)| !*met)
        {
            problems.push(format!(
                "{at}: the solution does not reach \"{}\"",
                goal.text.en
            ));
        }
    }
    for missed in unmet_at_end(lesson, &console) {
        problems.push(format!(
            "{}/{}: \"{}\" must hold at the end of the lesson but does not",
            lesson.id, missed.step, missed.goal.en
        ));
    }
    (problems, Some(console))
}

/// A goal a re-check did not see met: its step and its text.
#[derive(Clone, Debug, PartialEq)]
pub struct Missed {
    pub step: String,
    pub goal: Text,
}

/// The goals marked `holds_at_end` that do not hold on `console`.
fn unmet_at_end(lesson: &Lesson, console: &crate::console::Console) -> Vec<Missed> {
    let at_end: Vec<(&Step, &Goal)> = lesson
        .steps
        .iter()
        .flat_map(|s| s.goals.iter().map(move |g| (s, g)))
        .filter(|(_, g)| g.holds_at_end)
        .collect();
    let met = check::Check::met_all(at_end.iter().map(|(_, g)| &g.check), console);
    at_end
        .iter()
        .zip(met)
        .filter(|(_, met)| !*met)
        .map(|((step, goal), _)| Missed {
            step: step.id.clone(),
            goal: goal.text.clone(),
        })
        .collect()
}

/// How often a re-check looks at the world while the clock runs: the
/// lesson panel looks at every frame, so a state that lasts a minute is seen.
const RECHECK_EVERY_SECONDS: u64 = 30;

/// Re-checks a finished lesson on the second seed: the learner's journal is
/// replayed with other luck (the ids they typed are the same), looking at
/// the world after every command and every half minute of clock. Each step
/// with goals must have had all of them met at one moment, as the panel
/// saw them; a goal marked `holds_at_end` must hold at the end. Returns the
/// goals missed (empty: the lesson passes on the second seed too).
pub fn recheck(
    lesson: &Lesson,
    journal: &crate::console::Journal,
    until: u64,
) -> Result<Vec<Missed>, String> {
    use crate::console::Console;
    if journal.entries.len() > crate::console::MAX_JOURNAL_LINES {
        return Err("the history is too long to replay".into());
    }
    if until > crate::console::MAX_REPLAY_SECONDS {
        return Err("the clock ran too long to replay".into());
    }
    let mut console = Console::fresh(journal.seed);
    console.world.set_chance_seed(SECOND_SEED);
    console.set_clock_ceiling(Some(crate::console::MAX_REPLAY_SECONDS));
    // Steps whose goals have not yet all been met at once.
    let mut waiting: Vec<&Step> = lesson
        .steps
        .iter()
        .filter(|s| !s.goals.is_empty())
        .collect();
    let look = |console: &Console, waiting: &mut Vec<&Step>| {
        waiting.retain(|step| !step.all_goals_met(console));
    };
    let run_clock_to = |console: &mut Console, to: u64, waiting: &mut Vec<&Step>| {
        while console.world.now.0 < to && !waiting.is_empty() {
            let step = (to - console.world.now.0).min(RECHECK_EVERY_SECONDS);
            console.world.advance(crate::Duration(step));
            look(console, waiting);
        }
        if console.world.now.0 < to {
            let rest = to - console.world.now.0;
            console.world.advance(crate::Duration(rest));
        }
    };
    for entry in &journal.entries {
        if entry.at > crate::console::MAX_REPLAY_SECONDS {
            return Err("the clock ran too long to replay".into());
        }
        run_clock_to(&mut console, entry.at, &mut waiting);
        if console.feed_line(&entry.line).is_some() && !waiting.is_empty() {
            look(&console, &mut waiting);
        }
    }
    run_clock_to(&mut console, until, &mut waiting);
    let mut missed: Vec<Missed> = waiting
        .iter()
        .flat_map(|step| {
            step.goals
                .iter()
                .zip(step.goals_met(&console))
                .filter(|(_, met)| !*met)
                .map(|(g, _)| Missed {
                    step: step.id.clone(),
                    goal: g.text.clone(),
                })
                .collect::<Vec<_>>()
        })
        .collect();
    for miss in unmet_at_end(lesson, &console) {
        if !missed.contains(&miss) {
            missed.push(miss);
        }
    }
    Ok(missed)
}

/// Reads `index.yaml`: the lesson ids in the order of the lesson map.
pub fn parse_index(text: &str) -> Result<Vec<String>, Problem> {
    let problem = |line, reason: String| Problem {
        file: "index.yaml".into(),
        line,
        reason,
    };
    let (doc, lines) = parse_with_lines(text).map_err(|e| problem(1, e))?;
    let items = doc
        .get("lessons")
        .and_then(Value::as_array)
        .ok_or_else(|| {
            problem(
                1,
                "index.yaml lists the lessons in order under lessons:".into(),
            )
        })?;
    items
        .iter()
        .enumerate()
        .map(|(i, v)| {
            v.as_str().map(String::from).ok_or_else(|| {
                problem(
                    lines.get(&format!("/lessons/{i}")).copied().unwrap_or(1),
                    "each entry is a lesson id".into(),
                )
            })
        })
        .collect()
}

/// Checks a whole curriculum: every file reads, ids match file names, the
/// index lists each lesson once, prerequisites exist and come earlier.
pub fn check_curriculum(index: &str, files: &[(String, String)]) -> (Vec<Lesson>, Vec<Problem>) {
    let mut problems = Vec::new();
    let mut lessons = Vec::new();
    for (name, text) in files {
        match parse(name, text) {
            Ok(lesson) => {
                let stem = name
                    .rsplit('/')
                    .next()
                    .unwrap_or(name)
                    .trim_end_matches(".yaml");
                if lesson.id != stem {
                    problems.push(Problem {
                        file: name.clone(),
                        line: 1,
                        reason: format!(
                            "the id {} differs from the file name {stem}.yaml",
                            lesson.id
                        ),
                    });
                }
                lessons.push(lesson);
            }
            Err(found) => problems.extend(found),
        }
    }
    match parse_index(index) {
        Err(p) => problems.push(p),
        Ok(order) => {
            for lesson in &lessons {
                match order.iter().position(|id| *id == lesson.id) {
                    None => problems.push(Problem {
                        file: "index.yaml".into(),
                        line: 1,
                        reason: format!("the lesson {} is not listed", lesson.id),
                    }),
                    Some(at) => {
                        for before in &lesson.prerequisites {
                            let ok = order
                                .iter()
                                .position(|id| id == before)
                                .is_some_and(|p| p < at);
                            if !ok {
                                problems.push(Problem {
                                    file: format!("{}.yaml", lesson.id),
                                    line: 1,
                                    reason: format!("the prerequisite {before} is not a lesson listed before it"),
                                });
                            }
                        }
                    }
                }
            }
            for id in &order {
                let has_file = files.iter().any(|(name, _)| {
                    name.rsplit('/').next().unwrap_or(name) == format!("{id}.yaml")
                });
                if !has_file {
                    problems.push(Problem {
                        file: "index.yaml".into(),
                        line: 1,
                        reason: format!("{id} is listed but has no file {id}.yaml"),
                    });
                }
            }
            lessons.sort_by_key(|l| {
                order
                    .iter()
                    .position(|id| *id == l.id)
                    .unwrap_or(usize::MAX)
            });
        }
    }
    (lessons, problems)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::console::Console;

    const GOOD: &str = r#"id: sample
title:
  ja: 見本
  en: Sample
summary:
  ja: 見本のレッスン
  en: A sample lesson
steps:
  - id: vpc
    title:
      ja: VPC を作る
      en: Create a VPC
    body:
      ja: |
        `aws ec2 create-vpc` で作ります。
      en: |
        Use `aws ec2 create-vpc`.
    goals:
      - text:
          ja: 10.0.0.0/24 の VPC がある
          en: A VPC with 10.0.0.0/24 exists
        check:
          run: aws ec2 describe-vpcs --filters Name=cidr-block,Values=10.0.0.0/24 --query 'length(Vpcs)'
          equals: 1
    hints:
      - ja: --cidr-block を指定します
        en: Give --cidr-block
    solution: |
      aws ec2 create-vpc --cidr-block 10.0.0.0/24
  - id: quiz
    title:
      ja: 確認
      en: Check
    body:
      ja: 予約アドレスはいくつ？
      en: How many addresses are reserved?
    quiz:
      question:
        ja: サブネットごとの予約アドレス数は？
        en: How many addresses does AWS reserve in each subnet?
      choices:
        - text:
            ja: "5"
            en: "5"
          correct: true
          explanation:
            ja: 先頭4つと最後の1つです。
            en: The first four and the last one.
        - text:
            ja: "2"
            en: "2"
          explanation:
            ja: それは一般的なネットワークの話です。
            en: That is classic networking, not AWS.
"#;

    #[test]
    fn a_well_formed_lesson_reads() {
        let lesson = parse("sample.yaml", GOOD).unwrap();
        assert_eq!(lesson.steps.len(), 2);
        assert_eq!(lesson.steps[0].goals.len(), 1);
        assert_eq!(lesson.steps[0].hints.len(), 1);
        assert!(lesson.steps[1].quiz.as_ref().unwrap().choices[0].correct);
    }

    #[test]
    fn mistakes_are_reported_with_their_line() {
        let cases = [
            // The title that lacks en:, the check, the key, the step, the quiz, the id.
            (
                GOOD.replace("      en: Create a VPC\n", ""),
                10,
                "en is missing",
            ),
            (
                GOOD.replace("          run: aws", "          runs: aws"),
                22,
                "unknown check",
            ),
            (
                GOOD.replace("    hints:", "    hint:"),
                25,
                "unknown key hint",
            ),
            (
                GOOD.replace(
                    "    solution: |\n      aws ec2 create-vpc --cidr-block 10.0.0.0/24\n",
                    "",
                ),
                9,
                "needs a solution",
            ),
            (
                GOOD.replace("          correct: true\n", ""),
                37,
                "correct: true",
            ),
            (
                GOOD.replace("  - id: quiz", "  - id: vpc"),
                30,
                "used twice",
            ),
            ("id: x\ntitle: &a\n".to_string(), 2, "anchors"),
        ];
        for (text, line, reason) in cases {
            let problems = parse("sample.yaml", &text).unwrap_err();
            assert!(
                problems
                    .iter()
                    .any(|p| p.line == line && p.reason.contains(reason)),
                "{reason} at line {line}: got {problems:?}"
            );
        }
    }

    /// GOOD with a near miss under its hands-on step.
    fn with_near_miss(cidr: &str) -> String {
        GOOD.replace(
            "      aws ec2 create-vpc --cidr-block 10.0.0.0/24\n",
            &format!(
                "      aws ec2 create-vpc --cidr-block 10.0.0.0/24\n    near_misses:\n      - why:\n          ja: 違う範囲\n          en: Another range\n        solution: |\n          aws ec2 create-vpc --cidr-block {cidr}\n"
            ),
        )
    }

    #[test]
    fn a_near_miss_must_miss_and_every_hands_on_step_needs_one() {
        let missing = verify(&parse("sample.yaml", GOOD).unwrap());
        assert!(
            missing
                .iter()
                .any(|p| p.contains("needs at least one near miss")),
            "{missing:?}"
        );
        let lesson = parse("sample.yaml", &with_near_miss("10.0.0.0/16")).unwrap();
        assert_eq!(lesson.steps[0].near_misses[0].why.en, "Another range");
        assert_eq!(verify(&lesson), Vec::<String>::new());
        // A "near miss" that is in fact the answer is caught…
        let passes = verify(&parse("sample.yaml", &with_near_miss("10.0.0.0/24")).unwrap());
        assert!(
            passes
                .iter()
                .any(|p| p.contains("near miss \"Another range\" passes")),
            "{passes:?}"
        );
        // …and so is one AWS would refuse (it teaches nothing about the goal).
        let refused = verify(&parse("sample.yaml", &with_near_miss("10.0.0.0/8")).unwrap());
        assert!(
            refused.iter().any(|p| p.contains("fails at")),
            "{refused:?}"
        );
    }

    #[test]
    fn a_prediction_reads_and_its_line_must_print_a_number() {
        let predict = |run: &str, after: &str| {
            with_near_miss("10.0.0.0/16").replace(
                "    quiz:\n",
                &format!(
                    "    predict:\n      question:\n        ja: 何秒？\n        en: How many seconds?\n      after_seconds: {after}\n      run: {run}\n      tolerance: 5\n      explanation:\n        ja: 時計\n        en: The clock\n    quiz:\n"
                ),
            )
        };
        let lesson = parse(
            "sample.yaml",
            &predict("aws ec2 describe-vpcs --query 'length(Vpcs)'", "300"),
        )
        .unwrap();
        let p = lesson.steps[1].predict.clone().unwrap();
        assert_eq!((p.after_seconds, p.tolerance), (300, 5.0));
        assert_eq!(p.advance_line(), "sim advance 300");
        assert!(p.close_enough(296.0, 300.0) && !p.close_enough(294.0, 300.0));
        let mut console = Console::default();
        assert_eq!(p.observe(&console), Some(1.0), "the default VPC");
        let words = parse(
            "sample.yaml",
            &predict("aws ec2 describe-vpcs --query 'Vpcs[0].VpcId'", "300"),
        )
        .unwrap();
        console.run("sim advance 60");
        assert_eq!(
            words.steps[1].predict.as_ref().unwrap().observe(&console),
            None
        );
        assert!(verify(&words)
            .iter()
            .any(|p| p.contains("does not print a number")));
        for (bad, reason) in [("-3", "after_seconds"), ("999999", "at most 86400")] {
            let problems = parse(
                "sample.yaml",
                &predict("aws ec2 describe-vpcs --query 'length(Vpcs)'", bad),
            )
            .unwrap_err();
            assert!(
                problems.iter().any(|p| p.reason.contains(reason)),
                "{bad}: {problems:?}"
            );
        }
    }

    /// A lesson whose goal is the zones AWS happened to pick for four
    /// subnets created without one: on the lesson's own seed the solution
    /// passes, but only by luck.
    fn lucky_lesson() -> Lesson {
        let lines =
            "VPC=$(aws ec2 create-vpc --cidr-block 10.0.0.0/24 --query Vpc.VpcId --output text)\n\
            aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.0.0/26\n\
            aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.0.64/26\n\
            aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.0.128/26\n\
            aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.0.192/26";
        let zones_query = "aws ec2 describe-subnets --filters Name=vpc-id,Values=$VPC --query 'Subnets[].AvailabilityZone' --output text";
        let mut console = Console::fresh(LESSON_SEED);
        console.run(lines);
        let zones = console.run(zones_query).stdout.trim().to_string();
        let mut lesson = parse("sample.yaml", &with_near_miss("10.0.0.0/16")).unwrap();
        lesson.steps.truncate(1);
        lesson.steps[0].solution = Some(lines.to_string());
        lesson.steps[0].near_misses.clear();
        lesson.steps[0].goals[0].check = check::Check::Run {
            line: zones_query.to_string(),
            equals: Some(zones),
            contains: None,
            at_least: None,
        };
        lesson
    }

    #[test]
    fn a_lucky_solution_fails_on_the_second_seed() {
        let lesson = lucky_lesson();
        let (first, console) = verify_with_luck(&lesson, None);
        assert!(
            first.iter().all(|p| p.contains("near miss")),
            "passes on its own seed: {first:?}"
        );
        let problems = verify(&lesson);
        assert!(
            problems.iter().any(|p| p.starts_with("on the second seed")),
            "{problems:?}"
        );
        // The learner's finished lesson, replayed: same ids, other zones.
        let console = console.unwrap();
        let missed = recheck(&lesson, console.journal().unwrap(), console.world.now.0).unwrap();
        assert_eq!(missed.len(), 1);
        assert_eq!(missed[0].step, "vpc");
        // An honest solution (zones named) passes the re-check.
        let mut honest = parse("sample.yaml", &with_near_miss("10.0.0.0/16")).unwrap();
        honest.steps.truncate(1);
        let mut console = start(&honest).unwrap();
        console.run("aws ec2 create-vpc --cidr-block 10.0.0.0/24");
        let journal = console.journal().unwrap().clone();
        assert_eq!(recheck(&honest, &journal, 600).unwrap(), Vec::new());
    }

    #[test]
    fn a_goal_that_must_hold_at_the_end_is_checked_there() {
        let text = with_near_miss("10.0.0.0/16").replace(
            "          equals: 1\n",
            "          equals: 1\n        holds_at_end: true\n",
        );
        let mut lesson = parse("sample.yaml", &text).unwrap();
        assert!(lesson.steps[0].goals[0].holds_at_end);
        assert_eq!(verify(&lesson), Vec::<String>::new());
        // A later step that undoes it: the lesson no longer ends with it true.
        let mut undo = lesson.steps[0].clone();
        undo.id = "undo".into();
        undo.goals[0].holds_at_end = false;
        undo.goals[0].check = check::Check::Run {
            line: "aws ec2 describe-vpcs --filters Name=cidr-block,Values=10.0.0.0/24 --query 'length(Vpcs)'".into(),
            equals: Some("0".into()),
            contains: None,
            at_least: None,
        };
        undo.solution = Some(
            "aws ec2 delete-vpc --vpc-id $(aws ec2 describe-vpcs --filters Name=cidr-block,Values=10.0.0.0/24 --query 'Vpcs[0].VpcId' --output text)".into(),
        );
        undo.near_misses[0].solution = "aws ec2 describe-vpcs".into();
        lesson.steps.push(undo);
        let problems = verify(&lesson);
        assert!(
            problems.iter().any(|p| p.contains("must hold at the end")),
            "{problems:?}"
        );
        let bad = with_near_miss("10.0.0.0/16").replace(
            "          equals: 1\n",
            "          equals: 1\n        holds_at_end: yes please\n",
        );
        assert!(parse("sample.yaml", &bad)
            .unwrap_err()
            .iter()
            .any(|p| p.reason.contains("true or false")));
    }

    #[test]
    fn the_world_at_a_step_is_the_reference_solutions_so_far() {
        let lesson = parse("sample.yaml", &with_near_miss("10.0.0.0/16")).unwrap();
        let vpcs = |c: &Console| c.world.ec2.vpcs.len();
        let at_start = world_at_step(&lesson, 0, LESSON_SEED).unwrap();
        let after_first = world_at_step(&lesson, 1, LESSON_SEED).unwrap();
        assert_eq!((vpcs(&at_start), vpcs(&after_first)), (1, 2));
        // Past the end is the finished lesson; another seed, other ids, same shape.
        let other = world_at_step(&lesson, 99, 5).unwrap();
        assert_eq!(vpcs(&other), 2);
        assert_ne!(
            other.world.ec2.vpcs.keys().collect::<Vec<_>>(),
            after_first.world.ec2.vpcs.keys().collect::<Vec<_>>()
        );
    }

    #[test]
    fn the_curriculum_checks_ids_order_and_prerequisites() {
        let second = GOOD
            .replace("id: sample", "id: second")
            .replace("steps:", "prerequisites:\n  - sample\nsteps:");
        let files = vec![
            ("sample.yaml".to_string(), GOOD.to_string()),
            ("second.yaml".to_string(), second),
        ];
        let (lessons, problems) = check_curriculum("lessons:\n  - sample\n  - second\n", &files);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            lessons.iter().map(|l| l.id.as_str()).collect::<Vec<_>>(),
            ["sample", "second"]
        );
        let (_, problems) =
            check_curriculum("lessons:\n  - second\n  - sample\n  - third\n", &files);
        let reasons: Vec<&str> = problems.iter().map(|p| p.reason.as_str()).collect();
        assert!(
            reasons.iter().any(|r| r.contains("prerequisite sample")),
            "{reasons:?}"
        );
        assert!(
            reasons.iter().any(|r| r.contains("third is listed")),
            "{reasons:?}"
        );
    }

    proptest::proptest! {
        #[test]
        fn any_file_is_read_or_reported_without_panicking(text in "[-a-z: \n|'\"]{0,300}") {
            let _ = parse("any.yaml", &text);
        }
    }
}
