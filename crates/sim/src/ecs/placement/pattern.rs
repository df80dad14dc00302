//! The patterns of the cluster query language's `=~` / `!~` operators.
//!
//! AWS evaluates them as Java regular expressions. This is the subset people
//! write in placement constraints — literals, `.`, classes (`[a-z]`, `\d`,
//! `\w`, `\s`), groups with `|`, `*`, `+`, `?`, `{n,m}`, `^`, `$` — compiled to a
//! small instruction list and run as a Pike VM: every thread advances in
//! lock-step, so matching is linear in the input and a hostile pattern cannot
//! hang the page the way a backtracking engine could. Whatever is outside the
//! subset (`(?i)`, back-references, look-around) is a compile error rather than
//! a silent mismatch.
//!
//! Matching is whole-string, like Java's `String.matches`: `t3.*` matches
//! `t3.micro`, `t3` does not. (Model: AWS does not say whether it anchors.)

use std::fmt;

/// Deepest group nesting accepted; keeps the recursive parser's stack small.
const MAX_DEPTH: usize = 32;
/// Largest compiled program; `{n,m}` expands by copying, so this bounds it.
const MAX_PROGRAM: usize = 20_000;
/// Largest count in `{n,m}`.
const MAX_REPEAT: u32 = 1_000;

/// Why a pattern did not compile, with the character offset of the problem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatternError {
    pub position: usize,
    pub message: String,
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at position {}", self.message, self.position)
    }
}

impl std::error::Error for PatternError {}

/// A compiled pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    source: String,
    program: Vec<Inst>,
}

impl Pattern {
    pub fn compile(source: &str) -> Result<Pattern, PatternError> {
        let mut parser = Parser {
            chars: source.chars().collect(),
            pos: 0,
        };
        let ast = parser.alternation(0)?;
        if parser.pos < parser.chars.len() {
            // Only an unbalanced `)` stops the top-level alternation early.
            return Err(parser.error("unmatched ')'"));
        }
        let mut program = Vec::new();
        emit(&ast, &mut program)?;
        push(&mut program, Inst::Match)?;
        Ok(Pattern {
            source: source.to_string(),
            program,
        })
    }

    pub fn source(&self) -> &str {
        &self.source
    }

    /// Whether the whole of `text` matches.
    pub fn matches(&self, text: &str) -> bool {
        let chars: Vec<char> = text.chars().collect();
        let len = chars.len();
        let size = self.program.len();
        // `seen[pc] == generation` marks a pc already queued at this step, so
        // empty loops such as `(a*)*` cannot spin.
        let mut seen = vec![0usize; size];
        let mut generation = 1usize;
        let mut current = Vec::new();
        self.add_thread(&mut current, 0, 0, len, &mut seen, generation);
        for (index, ch) in chars.iter().enumerate() {
            if current.is_empty() {
                return false;
            }
            generation += 1;
            let mut next = Vec::new();
            for &pc in &current {
                if let Some(Inst::Char(class)) = self.program.get(pc) {
                    if class.matches(*ch) {
                        self.add_thread(&mut next, pc + 1, index + 1, len, &mut seen, generation);
                    }
                }
            }
            current = next;
        }
        current
            .iter()
            .any(|&pc| matches!(self.program.get(pc), Some(Inst::Match)))
    }

    /// Follows jumps, splits and assertions from `start` and queues the
    /// instructions that consume a character (or accept). Iterative, because
    /// a long chain of jumps would otherwise recurse deeply.
    fn add_thread(
        &self,
        list: &mut Vec<usize>,
        start: usize,
        pos: usize,
        len: usize,
        seen: &mut [usize],
        generation: usize,
    ) {
        let mut stack = vec![start];
        while let Some(pc) = stack.pop() {
            match seen.get_mut(pc) {
                Some(mark) if *mark == generation => continue,
                Some(mark) => *mark = generation,
                None => continue,
            }
            match self.program.get(pc) {
                Some(Inst::Jump(to)) => stack.push(*to),
                Some(Inst::Split(first, second)) => {
                    // Pushed in reverse so `first` is explored first; order does
                    // not change the answer of a whole-string match anyway.
                    stack.push(*second);
                    stack.push(*first);
                }
                Some(Inst::AssertStart) if pos == 0 => stack.push(pc + 1),
                Some(Inst::AssertEnd) if pos == len => stack.push(pc + 1),
                Some(Inst::AssertStart | Inst::AssertEnd) => {}
                Some(Inst::Char(_)) | Some(Inst::Match) => list.push(pc),
                None => {}
            }
        }
    }
}

// ── Syntax tree ──────────────────────────────────────────────────────────────

#[derive(Clone, Debug, PartialEq, Eq)]
enum Node {
    Empty,
    Char(CharClass),
    Concat(Vec<Node>),
    Alternate(Vec<Node>),
    Repeat {
        node: Box<Node>,
        min: u32,
        max: Option<u32>,
    },
    Start,
    End,
}

/// What a single-character instruction accepts.
#[derive(Clone, Debug, PartialEq, Eq)]
enum CharClass {
    Any,
    Literal(char),
    Set { negated: bool, items: Vec<SetItem> },
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum SetItem {
    Range(char, char),
    Digit(bool),
    Word(bool),
    Space(bool),
}

impl SetItem {
    fn matches(&self, ch: char) -> bool {
        match *self {
            SetItem::Range(low, high) => low <= ch && ch <= high,
            SetItem::Digit(negated) => ch.is_ascii_digit() != negated,
            SetItem::Word(negated) => (ch.is_ascii_alphanumeric() || ch == '_') != negated,
            SetItem::Space(negated) => {
                matches!(ch, ' ' | '\t' | '\n' | '\r' | '\u{b}' | '\u{c}') != negated
            }
        }
    }
}

impl CharClass {
    fn matches(&self, ch: char) -> bool {
        match self {
            // Java's `.` excludes line terminators by default.
            CharClass::Any => !matches!(ch, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}'),
            CharClass::Literal(c) => *c == ch,
            CharClass::Set { negated, items } => items.iter().any(|i| i.matches(ch)) != *negated,
        }
    }
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
}

impl Parser {
    fn error(&self, message: &str) -> PatternError {
        PatternError {
            position: self.pos,
            message: message.to_string(),
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let ch = self.peek();
        if ch.is_some() {
            self.pos += 1;
        }
        ch
    }

    fn alternation(&mut self, depth: usize) -> Result<Node, PatternError> {
        if depth > MAX_DEPTH {
            return Err(self.error("pattern is nested too deeply"));
        }
        let mut branches = vec![self.concatenation(depth)?];
        while self.peek() == Some('|') {
            self.pos += 1;
            branches.push(self.concatenation(depth)?);
        }
        Ok(if branches.len() == 1 {
            branches.pop().unwrap_or(Node::Empty)
        } else {
            Node::Alternate(branches)
        })
    }

    fn concatenation(&mut self, depth: usize) -> Result<Node, PatternError> {
        let mut items = Vec::new();
        while let Some(ch) = self.peek() {
            if ch == '|' || ch == ')' {
                break;
            }
            let atom = self.atom(depth)?;
            let repeated = self.repetitions(atom)?;
            items.push(repeated);
        }
        Ok(match items.len() {
            0 => Node::Empty,
            1 => items.pop().unwrap_or(Node::Empty),
            _ => Node::Concat(items),
        })
    }

    fn atom(&mut self, depth: usize) -> Result<Node, PatternError> {
        let start = self.pos;
        let Some(ch) = self.bump() else {
            return Err(self.error("pattern ends unexpectedly"));
        };
        match ch {
            '(' => {
                if self.peek() == Some('?') {
                    self.pos += 1;
                    if self.bump() != Some(':') {
                        self.pos = start;
                        return Err(self.error("unsupported group construct"));
                    }
                }
                let inner = self.alternation(depth + 1)?;
                if self.bump() != Some(')') {
                    return Err(self.error("missing ')'"));
                }
                Ok(inner)
            }
            '[' => self.class(),
            '.' => Ok(Node::Char(CharClass::Any)),
            '^' => Ok(Node::Start),
            '$' => Ok(Node::End),
            '\\' => self.escape(false).map(|item| match item {
                Escaped::Char(c) => Node::Char(CharClass::Literal(c)),
                Escaped::Item(item) => Node::Char(CharClass::Set {
                    negated: false,
                    items: vec![item],
                }),
            }),
            '*' | '+' | '?' => {
                self.pos = start;
                Err(self.error("dangling repetition operator"))
            }
            '{' => {
                self.pos = start;
                Err(self.error("dangling repetition operator"))
            }
            other => Ok(Node::Char(CharClass::Literal(other))),
        }
    }

    /// At most one quantifier per atom, as in Java (`a**` is an error there
    /// too); this also keeps the tree shallow whatever the input.
    fn repetitions(&mut self, node: Node) -> Result<Node, PatternError> {
        let (min, max) = match self.peek() {
            Some('*') => {
                self.pos += 1;
                (0, None)
            }
            Some('+') => {
                self.pos += 1;
                (1, None)
            }
            Some('?') => {
                self.pos += 1;
                (0, Some(1))
            }
            Some('{') => self.braces()?,
            _ => return Ok(node),
        };
        // A trailing `?` (lazy) changes which match a search finds, not
        // whether the whole string matches, so it is dropped. A trailing `+`
        // (possessive) can change the answer and is refused.
        match self.peek() {
            Some('?') => self.pos += 1,
            Some('+') => return Err(self.error("possessive quantifiers are not supported")),
            _ => {}
        }
        if matches!(self.peek(), Some('*' | '+' | '?' | '{')) {
            return Err(self.error("dangling repetition operator"));
        }
        if matches!(node, Node::Start | Node::End) {
            return Err(self.error("an anchor cannot be repeated"));
        }
        Ok(Node::Repeat {
            node: Box::new(node),
            min,
            max,
        })
    }

    fn braces(&mut self) -> Result<(u32, Option<u32>), PatternError> {
        let start = self.pos;
        self.pos += 1; // '{'
        let min = self.number()?;
        let max = if self.peek() == Some(',') {
            self.pos += 1;
            if self.peek() == Some('}') {
                None
            } else {
                Some(self.number()?)
            }
        } else {
            Some(min)
        };
        if self.bump() != Some('}') {
            self.pos = start;
            return Err(self.error("malformed repetition {n,m}"));
        }
        if let Some(max) = max {
            if max < min {
                self.pos = start;
                return Err(self.error("repetition {n,m} with m < n"));
            }
        }
        Ok((min, max))
    }

    fn number(&mut self) -> Result<u32, PatternError> {
        let mut value: u32 = 0;
        let mut digits = 0;
        while let Some(d) = self.peek().and_then(|c| c.to_digit(10)) {
            value = value.saturating_mul(10).saturating_add(d);
            digits += 1;
            self.pos += 1;
        }
        if digits == 0 {
            return Err(self.error("expected a number in {n,m}"));
        }
        if value > MAX_REPEAT {
            return Err(self.error("repetition count is too large"));
        }
        Ok(value)
    }

    /// After a `\`: a literal character or a shorthand class.
    fn escape(&mut self, in_class: bool) -> Result<Escaped, PatternError> {
        let Some(ch) = self.bump() else {
            return Err(self.error("pattern ends with '\\'"));
        };
        Ok(match ch {
            'd' => Escaped::Item(SetItem::Digit(false)),
            'D' => Escaped::Item(SetItem::Digit(true)),
            'w' => Escaped::Item(SetItem::Word(false)),
            'W' => Escaped::Item(SetItem::Word(true)),
            's' => Escaped::Item(SetItem::Space(false)),
            'S' => Escaped::Item(SetItem::Space(true)),
            't' => Escaped::Char('\t'),
            'n' => Escaped::Char('\n'),
            'r' => Escaped::Char('\r'),
            'f' => Escaped::Char('\u{c}'),
            // Java rejects unknown letter escapes too; digits would be
            // back-references, which a linear matcher cannot do.
            c if c.is_ascii_alphanumeric() => {
                self.pos = self.pos.saturating_sub(1);
                let what = if in_class {
                    "unsupported escape in character class"
                } else {
                    "unsupported escape"
                };
                return Err(self.error(what));
            }
            c => Escaped::Char(c),
        })
    }

    /// After `[`: a character class up to the closing `]`.
    fn class(&mut self) -> Result<Node, PatternError> {
        let start = self.pos.saturating_sub(1);
        let negated = if self.peek() == Some('^') {
            self.pos += 1;
            true
        } else {
            false
        };
        let mut items = Vec::new();
        let mut first = true;
        loop {
            let Some(ch) = self.bump() else {
                self.pos = start;
                return Err(self.error("unclosed character class"));
            };
            let low = match ch {
                ']' if !first => break,
                '[' => {
                    self.pos = self.pos.saturating_sub(1);
                    return Err(self.error("nested character classes are not supported"));
                }
                '\\' => match self.escape(true)? {
                    Escaped::Char(c) => c,
                    Escaped::Item(item) => {
                        items.push(item);
                        first = false;
                        continue;
                    }
                },
                c => c,
            };
            first = false;
            // `a-z` is a range unless the `-` is last (`[a-]`).
            let is_range =
                self.peek() == Some('-') && self.chars.get(self.pos + 1).is_some_and(|c| *c != ']');
            if is_range {
                self.pos += 1; // '-'
                let high = match self.bump() {
                    Some('\\') => match self.escape(true)? {
                        Escaped::Char(c) => c,
                        Escaped::Item(_) => {
                            return Err(self.error("a class shorthand cannot end a range"))
                        }
                    },
                    Some(c) => c,
                    None => return Err(self.error("unclosed character class")),
                };
                if high < low {
                    return Err(self.error("character range is out of order"));
                }
                items.push(SetItem::Range(low, high));
            } else {
                items.push(SetItem::Range(low, low));
            }
        }
        Ok(Node::Char(CharClass::Set { negated, items }))
    }
}

enum Escaped {
    Char(char),
    Item(SetItem),
}

// ── Program ──────────────────────────────────────────────────────────────────

#[derive(Clone, Debug, PartialEq, Eq)]
enum Inst {
    Char(CharClass),
    /// Try both targets.
    Split(usize, usize),
    Jump(usize),
    AssertStart,
    AssertEnd,
    Match,
}

fn push(program: &mut Vec<Inst>, inst: Inst) -> Result<usize, PatternError> {
    if program.len() >= MAX_PROGRAM {
        return Err(PatternError {
            position: 0,
            message: "pattern is too large".to_string(),
        });
    }
    program.push(inst);
    Ok(program.len() - 1)
}

/// Rewrites the placeholder at `at` (a jump or split emitted before its target
/// was known).
fn patch(program: &mut [Inst], at: usize, inst: Inst) {
    if let Some(slot) = program.get_mut(at) {
        *slot = inst;
    }
}

fn emit(node: &Node, program: &mut Vec<Inst>) -> Result<(), PatternError> {
    match node {
        Node::Empty => {}
        Node::Char(class) => {
            push(program, Inst::Char(class.clone()))?;
        }
        Node::Start => {
            push(program, Inst::AssertStart)?;
        }
        Node::End => {
            push(program, Inst::AssertEnd)?;
        }
        Node::Concat(items) => {
            for item in items {
                emit(item, program)?;
            }
        }
        Node::Alternate(branches) => {
            // split L1, next; L1: branch; jump end; next: split …
            let mut jumps_to_end = Vec::new();
            let count = branches.len();
            for (index, branch) in branches.iter().enumerate() {
                if index + 1 < count {
                    let split = push(program, Inst::Split(0, 0))?;
                    emit(branch, program)?;
                    jumps_to_end.push(push(program, Inst::Jump(0))?);
                    let next = program.len();
                    patch(program, split, Inst::Split(split + 1, next));
                } else {
                    emit(branch, program)?;
                }
            }
            let end = program.len();
            for at in jumps_to_end {
                patch(program, at, Inst::Jump(end));
            }
        }
        Node::Repeat { node, min, max } => {
            for _ in 0..*min {
                emit(node, program)?;
            }
            match max {
                None => {
                    // loop: split body, end; body; jump loop
                    let split = push(program, Inst::Split(0, 0))?;
                    emit(node, program)?;
                    push(program, Inst::Jump(split))?;
                    let end = program.len();
                    patch(program, split, Inst::Split(split + 1, end));
                }
                Some(max) => {
                    // Each optional copy may be skipped straight to the end.
                    let mut splits = Vec::new();
                    for _ in *min..*max {
                        splits.push(push(program, Inst::Split(0, 0))?);
                        emit(node, program)?;
                    }
                    let end = program.len();
                    for at in splits {
                        patch(program, at, Inst::Split(at + 1, end));
                    }
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(pattern: &str, text: &str) -> bool {
        match Pattern::compile(pattern) {
            Ok(p) => p.matches(text),
            Err(e) => panic!("{pattern}: {e}"),
        }
    }

    #[test]
    fn whole_string_matching_table() {
        let cases: &[(&str, &str, bool)] = &[
            ("t3.*", "t3.micro", true),
            ("t3.*", "t3", true),
            ("t3.*", "m5.large", false),
            ("t3", "t3.micro", false),
            ("t3\\..*", "t3x", false),
            ("t3\\..*", "t3.nano", true),
            ("(t2|t3)\\.(micro|small)", "t2.small", true),
            ("(t2|t3)\\.(micro|small)", "t3.large", false),
            ("g2.*", "g2.2xlarge", true),
            ("[a-c]+\\d?", "abc7", true),
            ("[a-c]+\\d?", "abcd", false),
            ("[^a-c]x", "dx", true),
            ("[^a-c]x", "ax", false),
            ("us-east-1[ab]", "us-east-1b", true),
            ("us-east-1[ab]", "us-east-1c", false),
            ("a{2,3}", "aaa", true),
            ("a{2,3}", "aaaa", false),
            ("a{2}", "aa", true),
            ("a{2,}", "aaaaa", true),
            ("^i-.*$", "i-0abc", true),
            ("(a*)*b", "aaab", true),
            ("", "", true),
            ("", "x", false),
            ("a|", "", true),
            ("\\w+-\\w+", "ap-northeast", true),
            ("\\s", " ", true),
            ("[a-]", "-", true),
            ("x.*?", "xyz", true),
            ("(?:ab)+", "abab", true),
        ];
        for (pattern, text, expected) in cases {
            assert_eq!(m(pattern, text), *expected, "{pattern} vs {text}");
        }
    }

    #[test]
    fn compile_errors_table() {
        let cases: &[&str] = &[
            "(", "(a", "a)", "[a", "[", "*a", "+", "a{", "a{x}", "a{3,2}", "\\", "\\q", "(?i)a",
            "a++", "[z-a]", "\\1", "a{1001}", "^*", "a**", "a*?*", "a{2}{3}",
        ];
        for pattern in cases {
            assert!(
                Pattern::compile(pattern).is_err(),
                "{pattern} should not compile"
            );
        }
    }

    #[test]
    fn pathological_patterns_stay_fast_and_bounded() {
        let evil = Pattern::compile("(a*)*(a*)*(a*)*b").expect("compiles");
        let text = "a".repeat(5_000);
        assert!(!evil.matches(&text));
        assert!(Pattern::compile("((a{1000}){1000})").is_err(), "too large");
        let deep = format!("{}a{}", "(".repeat(40), ")".repeat(40));
        assert!(Pattern::compile(&deep).is_err(), "too deep");
    }
}
