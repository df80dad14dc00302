//! The cluster query language of `memberOf` constraints: parsing an
//! expression such as `attribute:ecs.instance-type =~ t3.* and
//! attribute:ecs.availability-zone in [ap-northeast-1a, ap-northeast-1c]` and
//! evaluating it against a [`Candidate`].
//!
//! Grammar (AWS's "Cluster query language" page): `subject operator [argument]`,
//! combined with `and`/`&&`, `or`/`||`, `not`/`!` and parentheses. `not` binds
//! tightest, then `and`, then `or`.
//!
//! Subjects: `agentConnected`, `agentVersion`, `attribute:<name>`,
//! `ec2InstanceId`, `registeredAt`, `runningTasksCount`, `task:group`.
//! Operators: `==`/`equals`, `!=`/`not_equals`, `>`/`greater_than`,
//! `>=`/`greater_than_equal`, `<`/`less_than`, `<=`/`less_than_equal`,
//! `exists`, `!exists`/`not_exists`, `in`, `!in`/`not_in`, `=~`/`matches`,
//! `!~`/`not_matches`; each subject accepts the ones AWS lists for it.
//!
//! Where AWS is silent this module chooses (model):
//! - An operator other than `exists`/`!exists` needs the subject to exist:
//!   `attribute:stack != prod` selects instances that *have* `stack` with
//!   another value, as AWS's own example reads.
//! - `task:group` is a set (one value per task on the instance): `==`, `in`,
//!   `=~` hold if some task matches; `!=`, `!in`, `!~` hold if none does, so
//!   `task:group != database` is the anti-affinity `not(task:group == database)`.
//! - `=~` matches the whole value (see [`super::pattern`]).
//! - Ordering operators compare numbers when both sides are numbers,
//!   `agentVersion` by dotted components, and anything else as text.

use super::pattern::Pattern;
use super::types::Candidate;
use std::cmp::Ordering;
use std::fmt;

/// Deepest nesting of parentheses and `not`s accepted.
const MAX_DEPTH: usize = 32;

/// Why an expression did not parse: what was expected, and where (a
/// character offset into the expression).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryError {
    pub position: usize,
    pub message: String,
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at position {}", self.message, self.position)
    }
}

impl std::error::Error for QueryError {}

/// A parsed cluster query expression. Equality is by source text.
#[derive(Clone, Debug)]
pub struct Expression {
    source: String,
    root: Node,
}

impl PartialEq for Expression {
    fn eq(&self, other: &Self) -> bool {
        self.source == other.source
    }
}

impl Eq for Expression {}

impl Expression {
    pub fn parse(source: &str) -> Result<Expression, QueryError> {
        let mut parser = Parser {
            chars: source.chars().collect(),
            pos: 0,
        };
        parser.skip_ws();
        if parser.at_end() {
            return Err(parser.error("expected an expression"));
        }
        let root = parser.or_expr(0)?;
        parser.skip_ws();
        if !parser.at_end() {
            return Err(parser.error("expected 'and', 'or' or the end of the expression"));
        }
        Ok(Expression {
            source: source.to_string(),
            root,
        })
    }

    /// The expression as written.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Whether `candidate` is selected by this expression.
    pub fn matches(&self, candidate: &Candidate) -> bool {
        self.root.eval(candidate)
    }
}

impl fmt::Display for Expression {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

// ── Syntax tree ──────────────────────────────────────────────────────────────

/// `And`/`Or` are n-ary so a long chain of terms does not make a deep tree.
#[derive(Clone, Debug)]
enum Node {
    And(Vec<Node>),
    Or(Vec<Node>),
    Not(Box<Node>),
    Compare(Comparison),
}

impl Node {
    fn eval(&self, c: &Candidate) -> bool {
        match self {
            Node::And(terms) => terms.iter().all(|t| t.eval(c)),
            Node::Or(terms) => terms.iter().any(|t| t.eval(c)),
            Node::Not(inner) => !inner.eval(c),
            Node::Compare(cmp) => cmp.eval(c),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Subject {
    AgentConnected,
    AgentVersion,
    Attribute,
    Ec2InstanceId,
    RegisteredAt,
    RunningTasksCount,
    TaskGroup,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
    Exists,
    NotExists,
    In,
    NotIn,
    Matches,
    NotMatches,
}

impl Op {
    fn from_symbol(text: &str) -> Option<Op> {
        Some(match text {
            "==" => Op::Eq,
            "!=" => Op::Ne,
            ">" => Op::Gt,
            ">=" => Op::Ge,
            "<" => Op::Lt,
            "<=" => Op::Le,
            "=~" => Op::Matches,
            "!~" => Op::NotMatches,
            _ => return None,
        })
    }

    fn from_word(text: &str) -> Option<Op> {
        Some(match text.to_ascii_lowercase().as_str() {
            "equals" => Op::Eq,
            "not_equals" => Op::Ne,
            "greater_than" => Op::Gt,
            "greater_than_equal" => Op::Ge,
            "less_than" => Op::Lt,
            "less_than_equal" => Op::Le,
            "exists" => Op::Exists,
            "not_exists" => Op::NotExists,
            "in" => Op::In,
            "not_in" => Op::NotIn,
            "matches" => Op::Matches,
            "not_matches" => Op::NotMatches,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            Op::Eq => "==",
            Op::Ne => "!=",
            Op::Gt => ">",
            Op::Ge => ">=",
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Exists => "exists",
            Op::NotExists => "!exists",
            Op::In => "in",
            Op::NotIn => "!in",
            Op::Matches => "=~",
            Op::NotMatches => "!~",
        }
    }

    /// `!=`, `!in`, `!~`: the negation of a positive test on an existing subject.
    fn negative(self) -> Option<Op> {
        match self {
            Op::Ne => Some(Op::Eq),
            Op::NotIn => Some(Op::In),
            Op::NotMatches => Some(Op::Matches),
            _ => None,
        }
    }
}

impl Subject {
    /// The operators AWS lists for the subject. AWS lists none for
    /// `attribute:` and `task:group`; all are accepted there.
    fn allows(self, op: Op) -> bool {
        use Op::*;
        match self {
            Subject::AgentConnected | Subject::Ec2InstanceId => {
                matches!(op, Eq | Ne | In | NotIn | Matches | NotMatches)
            }
            Subject::AgentVersion | Subject::RegisteredAt | Subject::RunningTasksCount => {
                matches!(op, Eq | Ne | Gt | Ge | Lt | Le)
            }
            Subject::Attribute | Subject::TaskGroup => true,
        }
    }
}

#[derive(Clone, Debug)]
enum Argument {
    None,
    Value(String),
    List(Vec<String>),
    Pattern(Pattern),
}

#[derive(Clone, Debug)]
struct Comparison {
    subject: Subject,
    /// The attribute name for `attribute:<name>`; empty otherwise.
    attribute: String,
    op: Op,
    argument: Argument,
}

impl Comparison {
    /// The subject's values on this instance: none (absent), one, or — for
    /// `task:group` — one per task.
    fn values(&self, c: &Candidate) -> Vec<String> {
        let non_empty = |s: &str| {
            if s.is_empty() {
                Vec::new()
            } else {
                vec![s.to_string()]
            }
        };
        match self.subject {
            Subject::AgentConnected => vec![c.agent_connected.to_string()],
            Subject::AgentVersion => non_empty(&c.agent_version),
            Subject::Attribute => c
                .attribute(&self.attribute)
                .map(|v| vec![v.to_string()])
                .unwrap_or_default(),
            Subject::Ec2InstanceId => non_empty(&c.ec2_instance_id),
            Subject::RegisteredAt => non_empty(&c.registered_at),
            Subject::RunningTasksCount => vec![c.running_tasks.to_string()],
            Subject::TaskGroup => c.tasks.iter().map(|t| t.group.clone()).collect(),
        }
    }

    fn eval(&self, c: &Candidate) -> bool {
        let values = self.values(c);
        match self.op {
            Op::Exists => !values.is_empty(),
            Op::NotExists => values.is_empty(),
            op => match op.negative() {
                Some(positive) => {
                    // A set-valued subject holds when no value matches; a
                    // single-valued one must exist and not match.
                    let any = values.iter().any(|v| self.test(positive, v));
                    if self.subject == Subject::TaskGroup {
                        !any
                    } else {
                        !values.is_empty() && !any
                    }
                }
                None => values.iter().any(|v| self.test(op, v)),
            },
        }
    }

    /// A positive operator against one value of the subject.
    fn test(&self, op: Op, value: &str) -> bool {
        match (&self.argument, op) {
            (Argument::Value(arg), Op::Eq) => self.equal(value, arg),
            (Argument::List(list), Op::In) => list.iter().any(|arg| self.equal(value, arg)),
            (Argument::Pattern(pattern), Op::Matches) => pattern.matches(value),
            (Argument::Value(arg), Op::Gt) => self.order(value, arg) == Some(Ordering::Greater),
            (Argument::Value(arg), Op::Ge) => matches!(
                self.order(value, arg),
                Some(Ordering::Greater | Ordering::Equal)
            ),
            (Argument::Value(arg), Op::Lt) => self.order(value, arg) == Some(Ordering::Less),
            (Argument::Value(arg), Op::Le) => {
                matches!(
                    self.order(value, arg),
                    Some(Ordering::Less | Ordering::Equal)
                )
            }
            _ => false,
        }
    }

    fn equal(&self, value: &str, arg: &str) -> bool {
        match self.subject {
            // `true`/`TRUE` both mean true; the parser already lower-cased it.
            Subject::AgentConnected => value.eq_ignore_ascii_case(arg),
            Subject::RunningTasksCount => {
                matches!((value.parse::<u64>(), arg.parse::<u64>()), (Ok(a), Ok(b)) if a == b)
            }
            Subject::AgentVersion => compare_versions(value, arg) == Some(Ordering::Equal),
            _ => value == arg,
        }
    }

    fn order(&self, value: &str, arg: &str) -> Option<Ordering> {
        match self.subject {
            Subject::AgentVersion => compare_versions(value, arg),
            Subject::RunningTasksCount => match (value.parse::<u64>(), arg.parse::<u64>()) {
                (Ok(a), Ok(b)) => Some(a.cmp(&b)),
                _ => None,
            },
            // ISO 8601 text orders chronologically when the offsets agree.
            Subject::RegisteredAt => Some(value.cmp(arg)),
            _ => match (value.parse::<f64>(), arg.parse::<f64>()) {
                (Ok(a), Ok(b)) => a.partial_cmp(&b),
                _ => Some(value.cmp(arg)),
            },
        }
    }
}

/// `1.14.5` vs `1.9`: component by component, numerically.
fn compare_versions(a: &str, b: &str) -> Option<Ordering> {
    let parse = |s: &str| -> Option<Vec<u64>> {
        s.split('.').map(|part| part.parse::<u64>().ok()).collect()
    };
    let (mut a, mut b) = (parse(a)?, parse(b)?);
    let len = a.len().max(b.len());
    a.resize(len, 0);
    b.resize(len, 0);
    Some(a.cmp(&b))
}

// ── Parser ───────────────────────────────────────────────────────────────────

struct Parser {
    chars: Vec<char>,
    pos: usize,
}

/// Characters that end a bare word (besides whitespace).
fn is_delimiter(ch: char) -> bool {
    matches!(ch, '(' | ')' | '[' | ']' | ',' | '\'' | '"')
}

fn is_operator_char(ch: char) -> bool {
    matches!(ch, '=' | '!' | '<' | '>' | '~')
}

impl Parser {
    fn error(&self, message: &str) -> QueryError {
        QueryError {
            position: self.pos,
            message: message.to_string(),
        }
    }

    fn error_at(&self, position: usize, message: String) -> QueryError {
        QueryError { position, message }
    }

    fn at_end(&self) -> bool {
        self.pos >= self.chars.len()
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, offset: usize) -> Option<char> {
        self.chars.get(self.pos + offset).copied()
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    fn starts_with(&self, text: &str) -> bool {
        text.chars()
            .enumerate()
            .all(|(i, ch)| self.peek_at(i) == Some(ch))
    }

    /// The bare word at the cursor (not consumed), ending at whitespace, a
    /// delimiter, or — if `stop_at_operators` — an operator character.
    fn word_at_cursor(&self, stop_at_operators: bool) -> String {
        self.chars
            .iter()
            .skip(self.pos)
            .take_while(|&&ch| {
                !(ch.is_whitespace()
                    || is_delimiter(ch)
                    || (stop_at_operators && is_operator_char(ch)))
            })
            .collect()
    }

    /// Consumes the keyword `word` (case-insensitive) if it stands alone here.
    fn eat_keyword(&mut self, word: &str) -> bool {
        let found = self.word_at_cursor(true);
        if found.eq_ignore_ascii_case(word) {
            self.pos += found.chars().count();
            true
        } else {
            false
        }
    }

    fn or_expr(&mut self, depth: usize) -> Result<Node, QueryError> {
        let mut terms = vec![self.and_expr(depth)?];
        loop {
            self.skip_ws();
            if self.starts_with("||") {
                self.pos += 2;
            } else if !self.eat_keyword("or") {
                break;
            }
            terms.push(self.and_expr(depth)?);
        }
        Ok(match terms.pop() {
            Some(only) if terms.is_empty() => only,
            Some(last) => {
                terms.push(last);
                Node::Or(terms)
            }
            None => Node::Or(terms),
        })
    }

    fn and_expr(&mut self, depth: usize) -> Result<Node, QueryError> {
        let mut terms = vec![self.unary(depth)?];
        loop {
            self.skip_ws();
            if self.starts_with("&&") {
                self.pos += 2;
            } else if !self.eat_keyword("and") {
                break;
            }
            terms.push(self.unary(depth)?);
        }
        Ok(match terms.pop() {
            Some(only) if terms.is_empty() => only,
            Some(last) => {
                terms.push(last);
                Node::And(terms)
            }
            None => Node::And(terms),
        })
    }

    fn unary(&mut self, depth: usize) -> Result<Node, QueryError> {
        self.skip_ws();
        if depth > MAX_DEPTH {
            return Err(self.error("expression is nested too deeply"));
        }
        match self.peek() {
            None => Err(self.error("expected an expression")),
            Some('!') => {
                self.pos += 1;
                Ok(Node::Not(Box::new(self.unary(depth + 1)?)))
            }
            Some('(') => {
                self.pos += 1;
                let inner = self.or_expr(depth + 1)?;
                self.skip_ws();
                if self.peek() != Some(')') {
                    return Err(self.error("expected ')'"));
                }
                self.pos += 1;
                Ok(inner)
            }
            Some(_) => {
                if self.eat_keyword("not") {
                    Ok(Node::Not(Box::new(self.unary(depth + 1)?)))
                } else {
                    self.comparison().map(Node::Compare)
                }
            }
        }
    }

    fn comparison(&mut self) -> Result<Comparison, QueryError> {
        let word = self.word_at_cursor(true);
        if word.is_empty() {
            return Err(self.error("expected a subject such as attribute:<name>"));
        }
        let (subject, attribute) = match word.as_str() {
            "agentConnected" => (Subject::AgentConnected, String::new()),
            "agentVersion" => (Subject::AgentVersion, String::new()),
            "ec2InstanceId" => (Subject::Ec2InstanceId, String::new()),
            "registeredAt" => (Subject::RegisteredAt, String::new()),
            "runningTasksCount" => (Subject::RunningTasksCount, String::new()),
            "task:group" => (Subject::TaskGroup, String::new()),
            other => match other.strip_prefix("attribute:") {
                Some(name) if valid_attribute_name(name) => (Subject::Attribute, name.to_string()),
                Some(_) => {
                    return Err(self.error("invalid attribute name after 'attribute:'"));
                }
                None => return Err(self.error(&format!("unknown subject '{other}'"))),
            },
        };
        self.pos += word.chars().count();
        self.skip_ws();
        let op_pos = self.pos;
        let op = self.operator()?;
        if !subject.allows(op) {
            return Err(self.error_at(
                op_pos,
                format!("operator '{}' is not valid for '{}'", op.name(), word),
            ));
        }
        let argument = self.argument(subject, op)?;
        Ok(Comparison {
            subject,
            attribute,
            op,
            argument,
        })
    }

    fn operator(&mut self) -> Result<Op, QueryError> {
        let Some(first) = self.peek() else {
            return Err(self.error("expected an operator"));
        };
        if is_operator_char(first) {
            // `!in` / `!exists` are a bang followed by a word operator.
            if first == '!' && self.peek_at(1).is_some_and(|c| c.is_ascii_alphabetic()) {
                self.pos += 1;
                let word = self.word_at_cursor(true);
                let op = match word.to_ascii_lowercase().as_str() {
                    "in" => Op::NotIn,
                    "exists" => Op::NotExists,
                    _ => return Err(self.error("expected 'in' or 'exists' after '!'")),
                };
                self.pos += word.chars().count();
                return Ok(op);
            }
            let symbol: String = self
                .chars
                .iter()
                .skip(self.pos)
                .take_while(|&&c| is_operator_char(c))
                .collect();
            return match Op::from_symbol(&symbol) {
                Some(op) => {
                    self.pos += symbol.chars().count();
                    Ok(op)
                }
                None => Err(self.error(&format!("unknown operator '{symbol}'"))),
            };
        }
        let word = self.word_at_cursor(true);
        match Op::from_word(&word) {
            Some(op) => {
                self.pos += word.chars().count();
                Ok(op)
            }
            None if word.is_empty() => Err(self.error("expected an operator")),
            None => Err(self.error(&format!("unknown operator '{word}'"))),
        }
    }

    fn argument(&mut self, subject: Subject, op: Op) -> Result<Argument, QueryError> {
        match op {
            Op::Exists | Op::NotExists => Ok(Argument::None),
            Op::In | Op::NotIn => {
                self.skip_ws();
                if self.peek() != Some('[') {
                    return Err(self.error("expected '[' to start an argument list"));
                }
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_ws();
                    let at = self.pos;
                    let item = self.value(false)?;
                    items.push(check_value(subject, item, at)?);
                    self.skip_ws();
                    match self.peek() {
                        Some(',') => self.pos += 1,
                        Some(']') => {
                            self.pos += 1;
                            break;
                        }
                        _ => return Err(self.error("expected ',' or ']' in the argument list")),
                    }
                }
                Ok(Argument::List(items))
            }
            Op::Matches | Op::NotMatches => {
                self.skip_ws();
                let at = self.pos;
                let text = self.value(true)?;
                Pattern::compile(&text).map(Argument::Pattern).map_err(|e| {
                    self.error_at(at + e.position, format!("invalid pattern: {}", e.message))
                })
            }
            _ => {
                self.skip_ws();
                let at = self.pos;
                let text = self.value(false)?;
                check_value(subject, text, at).map(Argument::Value)
            }
        }
    }

    /// A literal: quoted (`'…'` or `"…"`) or bare. A bare pattern may contain
    /// balanced parentheses and brackets (`(t2|t3).*`, `[ab]`).
    fn value(&mut self, pattern: bool) -> Result<String, QueryError> {
        match self.peek() {
            Some(quote @ ('\'' | '"')) => {
                let start = self.pos;
                self.pos += 1;
                let mut out = String::new();
                loop {
                    match self.peek() {
                        None => {
                            return Err(self.error_at(start, "unterminated quoted value".into()))
                        }
                        Some(c) if c == quote => {
                            self.pos += 1;
                            return Ok(out);
                        }
                        Some(c) => {
                            out.push(c);
                            self.pos += 1;
                        }
                    }
                }
            }
            _ if pattern => {
                let mut out = String::new();
                let (mut parens, mut brackets) = (0usize, 0usize);
                while let Some(c) = self.peek() {
                    if brackets == 0 && parens == 0 && (c.is_whitespace() || c == ')') {
                        break;
                    }
                    match c {
                        '\\' => {
                            // Keep an escape and its character together.
                            out.push(c);
                            self.pos += 1;
                            if let Some(next) = self.peek() {
                                out.push(next);
                                self.pos += 1;
                            }
                            continue;
                        }
                        '[' => brackets += 1,
                        ']' => brackets = brackets.saturating_sub(1),
                        '(' if brackets == 0 => parens += 1,
                        ')' if brackets == 0 => parens = parens.saturating_sub(1),
                        _ => {}
                    }
                    out.push(c);
                    self.pos += 1;
                }
                if out.is_empty() {
                    return Err(self.error("expected a pattern"));
                }
                Ok(out)
            }
            _ => {
                let word = self.word_at_cursor(false);
                if word.is_empty() {
                    return Err(self.error("expected a value"));
                }
                self.pos += word.chars().count();
                Ok(word)
            }
        }
    }
}

/// `attribute:` names: 1–128 of letters, digits, `-`, `_`, `/`, `\`, `.` (AWS's
/// rule for custom attribute names; built-in `ecs.*` names fit it too).
pub(super) fn valid_attribute_name(name: &str) -> bool {
    let len = name.chars().count();
    (1..=128).contains(&len)
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '/' | '\\' | '.'))
}

/// Values some subjects constrain: counts are integers, `agentConnected` is a
/// boolean, versions are dotted numbers, dates start `YYYY-MM-DD`.
fn check_value(subject: Subject, value: String, at: usize) -> Result<String, QueryError> {
    let bad = |what: &str| QueryError {
        position: at,
        message: format!("'{value}' is not {what}"),
    };
    match subject {
        Subject::RunningTasksCount if value.parse::<u64>().is_err() => Err(bad("a whole number")),
        Subject::AgentConnected => match value.to_ascii_lowercase().as_str() {
            "true" | "false" => Ok(value.to_ascii_lowercase()),
            _ => Err(bad("true or false")),
        },
        Subject::AgentVersion if compare_versions(&value, "0").is_none() => {
            Err(bad("a version such as 1.14.5"))
        }
        Subject::RegisteredAt if !looks_like_date(&value) => {
            Err(bad("a date such as 2018-06-18 or 2018-06-18T22:28:28Z"))
        }
        _ => Ok(value),
    }
}

fn looks_like_date(text: &str) -> bool {
    let bytes: Vec<char> = text.chars().collect();
    let digit = |i: usize| bytes.get(i).is_some_and(|c| c.is_ascii_digit());
    (0..4).all(digit)
        && bytes.get(4) == Some(&'-')
        && (5..7).all(digit)
        && bytes.get(7) == Some(&'-')
        && (8..10).all(digit)
        && (bytes.len() == 10 || bytes.get(10) == Some(&'T'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ecs::placement::types::PlacedTask;

    fn instance() -> Candidate {
        let mut c = Candidate::new(
            "arn:aws:ecs:ap-northeast-1:123456789012:container-instance/demo/aaa",
            "i-0aaa",
            "ap-northeast-1a",
            "t3.micro",
            2048,
            1900,
        );
        c.attributes.insert("stack".into(), "prod".into());
        c.attributes
            .insert("ecs.capability.task-eni".into(), String::new());
        c.agent_version = "1.14.5".into();
        c.registered_at = "2018-06-18T22:28:28Z".into();
        c.running_tasks = 1;
        c.tasks.push(PlacedTask::new("service:web"));
        c
    }

    fn eval(expr: &str, c: &Candidate) -> bool {
        match Expression::parse(expr) {
            Ok(e) => e.matches(c),
            Err(err) => panic!("{expr}: {err}"),
        }
    }

    #[test]
    fn evaluation_table() {
        let c = instance();
        let cases: &[(&str, bool)] = &[
            ("attribute:ecs.instance-type == t3.micro", true),
            ("attribute:ecs.instance-type equals t3.micro", true),
            ("attribute:ecs.instance-type == t2.micro", false),
            ("attribute:ecs.instance-type=~t3.*", true),
            ("attribute:ecs.instance-type =~ t3.*", true),
            ("attribute:ecs.instance-type matches t2.*", false),
            ("attribute:ecs.instance-type !~ t2.*", true),
            ("attribute:ecs.instance-type =~ (t2|t3).micro", true),
            ("attribute:ecs.instance-type =~ 't3\\..*'", true),
            ("attribute:ecs.availability-zone in [ap-northeast-1a, ap-northeast-1c]", true),
            ("attribute:ecs.availability-zone in [ap-northeast-1c]", false),
            ("attribute:ecs.availability-zone not_in [ap-northeast-1c]", true),
            ("attribute:ecs.availability-zone !in [ap-northeast-1a]", false),
            ("attribute:ecs.os-type == linux", true),
            ("attribute:ecs.cpu-architecture == arm64", false),
            ("attribute:stack != prod", false),
            ("attribute:stack != dev", true),
            ("attribute:missing != dev", false),
            ("attribute:missing exists", false),
            ("attribute:missing !exists", true),
            ("attribute:missing not_exists", true),
            ("attribute:ecs.capability.task-eni exists", true),
            ("agentConnected == true", true),
            ("agentConnected == TRUE", true),
            ("agentConnected != true", false),
            ("runningTasksCount == 1", true),
            ("runningTasksCount > 0", true),
            ("runningTasksCount < 1", false),
            ("runningTasksCount >= 1 and runningTasksCount <= 1", true),
            ("ec2InstanceId == i-0aaa", true),
            ("ec2InstanceId in ['i-abcd1234', 'i-0aaa']", true),
            ("ec2InstanceId =~ i-0.*", true),
            ("task:group == service:web", true),
            ("task:group == database", false),
            ("not(task:group == database)", true),
            ("task:group != database", true),
            ("task:group != service:web", false),
            ("not task:group == service:web", false),
            ("!(task:group == service:web)", false),
            ("agentVersion < 1.14.6", true),
            ("agentVersion < 1.9", false),
            ("agentVersion >= 1.14.5", true),
            ("registeredAt < 2018-06-19", true),
            ("registeredAt > 2019-01-01", false),
            (
                "attribute:ecs.instance-type =~ t3.* and attribute:ecs.availability-zone != ap-northeast-1d",
                true,
            ),
            ("attribute:stack == dev or attribute:stack == prod", true),
            ("attribute:stack == dev || attribute:stack == qa", false),
            ("attribute:stack == prod && runningTasksCount == 1", true),
            ("(attribute:stack == dev or attribute:stack == prod) and runningTasksCount == 2", false),
            ("attribute:stack == dev or attribute:stack == prod and runningTasksCount == 2", false),
            ("attribute:stack == prod or attribute:stack == dev and runningTasksCount == 2", true),
        ];
        for (expr, expected) in cases {
            assert_eq!(eval(expr, &c), *expected, "{expr}");
        }
    }

    #[test]
    fn disconnected_agent_and_empty_instance() {
        let mut c = instance();
        c.agent_connected = false;
        c.tasks.clear();
        c.running_tasks = 0;
        assert!(!eval("agentConnected == true", &c));
        assert!(eval("agentConnected == false", &c));
        assert!(eval("task:group != service:web", &c));
        assert!(!eval("task:group exists", &c));
        assert!(eval("runningTasksCount == 0", &c));
    }

    #[test]
    fn parse_errors_table() {
        let cases: &[(&str, &str)] = &[
            ("", "expected an expression"),
            ("   ", "expected an expression"),
            ("attribute:ecs.instance-type", "expected an operator"),
            ("attribute:ecs.instance-type ==", "expected a value"),
            (
                "attribute:ecs.instance-type == t3.micro and",
                "expected an expression",
            ),
            (
                "attribute:ecs.instance-type == t3.micro t3.small",
                "expected 'and', 'or'",
            ),
            ("attribute: == x", "invalid attribute name"),
            ("instance-type == t3.micro", "unknown subject"),
            ("attribute:x === y", "unknown operator"),
            ("attribute:x like y", "unknown operator"),
            ("attribute:x in a, b", "expected '['"),
            ("attribute:x in [a, b", "expected ',' or ']'"),
            ("attribute:x in []", "expected a value"),
            ("attribute:x =~ (t2", "invalid pattern"),
            ("attribute:x =~ 't2", "unterminated quoted value"),
            ("(attribute:x == y", "expected ')'"),
            ("attribute:x == y)", "expected 'and', 'or'"),
            ("runningTasksCount == many", "is not a whole number"),
            (
                "runningTasksCount =~ 1.*",
                "not valid for 'runningTasksCount'",
            ),
            ("agentConnected > true", "not valid for 'agentConnected'"),
            ("agentConnected == maybe", "is not true or false"),
            ("agentVersion < latest", "is not a version"),
            ("registeredAt < yesterday", "is not a date"),
            ("ec2InstanceId > i-1", "not valid for 'ec2InstanceId'"),
            ("attribute:x !foo", "expected 'in' or 'exists'"),
            ("not", "expected an expression"),
        ];
        for (expr, fragment) in cases {
            match Expression::parse(expr) {
                Ok(_) => panic!("{expr} should not parse"),
                Err(e) => assert!(e.message.contains(fragment), "{expr}: got '{e}'"),
            }
        }
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = format!("{}attribute:x == y{}", "(".repeat(100), ")".repeat(100));
        assert!(Expression::parse(&deep).is_err());
        let nots = format!("{}attribute:x == y", "not ".repeat(100));
        assert!(Expression::parse(&nots).is_err());
        let long_chain = vec!["attribute:x == y"; 200].join(" and ");
        assert!(
            Expression::parse(&long_chain).is_ok(),
            "long flat chains are fine"
        );
    }

    #[test]
    fn error_positions_point_into_the_expression() {
        let e = Expression::parse("attribute:x == y and bogus == 1").expect_err("unknown subject");
        assert_eq!(e.position, 21);
        let e = Expression::parse("attribute:x =~ ab(").expect_err("bad pattern");
        assert!(e.position >= 15, "{e}");
    }
}
