//! Lessons as data: one YAML file per lesson in `lessons/`, read with
//! [`yaml`] and checked here, so a teacher writes text and console lines,
//! never Rust. A lesson has an id, bilingual title and summary,
//! prerequisites, a starting world (the default account, optionally with a
//! console script run first), and ordered steps: Markdown text, goals, hints
//! revealed one by one, a reference solution, or a quiz. Goals are checks
//! (`check.rs`); whether the world meets them is the model's business
//! (`ecs_sim::lesson`), so the page can read and show a lesson without the model.
//!
//! A malformed file is reported with its line and the reason, never a panic.

pub mod check;
pub mod yaml;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt;
use yaml::{parse_with_lines, LineMap};

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

/// A small well-formed lesson (a hands-on step with a goal and a hint, then
/// a quiz), for the reader's tests and the model's.
#[doc(hidden)]
pub const SAMPLE_LESSON: &str = r#"id: sample
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

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = crate::SAMPLE_LESSON;

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
