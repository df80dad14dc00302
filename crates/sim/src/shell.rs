//! The shell habits learners copy from AWS tutorials: quoting, `$VAR` and
//! `${VAR}`, `$(command)` substitution, `\` line continuation, comments,
//! `;`/`&&`/`||`, `>`/`>>` redirection and here-documents. Not a full POSIX
//! shell: just enough that pasted tutorial snippets behave as in bash.

use std::fmt;

/// A piece of a word, before expansion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    Literal(String),
    Variable(String),
    Substitution(String),
}

/// A word: parts, each remembering whether it was quoted (quoted expansions are not split).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Word {
    pub parts: Vec<(Part, bool)>,
}

impl Word {
    /// The word's text when it has no expansions (`None` otherwise).
    pub fn literal(&self) -> Option<String> {
        let mut out = String::new();
        for (part, _) in &self.parts {
            match part {
                Part::Literal(s) => out.push_str(s),
                _ => return None,
            }
        }
        Some(out)
    }

    fn is_quoted_anywhere(&self) -> bool {
        self.parts.iter().any(|(_, q)| *q)
    }
}

/// How a command joins the one after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Connector {
    Then,
    And,
    Or,
    /// `|`: this command's output is the next one's input.
    Pipe,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Redirect {
    pub target: Word,
    pub append: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HereDoc {
    pub delimiter: String,
    /// `<<EOF` expands `$VAR` in the body; `<<'EOF'` does not.
    pub expand: bool,
    /// `<<-EOF` strips leading tabs.
    pub strip_tabs: bool,
}

/// One simple command with its redirections.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SimpleCommand {
    pub words: Vec<Word>,
    pub stdout: Option<Redirect>,
    pub stdin_file: Option<Word>,
    pub heredoc: Option<HereDoc>,
}

/// A parsed line: commands and how each connects to the next.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Line {
    pub commands: Vec<(SimpleCommand, Connector)>,
}

impl Line {
    pub fn heredoc(&self) -> Option<&HereDoc> {
        self.commands.iter().find_map(|(c, _)| c.heredoc.as_ref())
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShellError {
    /// The input stops inside a quote, `$(…)` or after `\`: more lines are needed.
    Incomplete,
    Syntax(String),
}

impl fmt::Display for ShellError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShellError::Incomplete => write!(f, "unexpected end of input"),
            ShellError::Syntax(m) => write!(f, "syntax error: {m}"),
        }
    }
}

/// Longest nesting of `$(…)` the parser follows before giving up (keeps the stack safe).
const MAX_DEPTH: usize = 16;

pub fn parse(input: &str) -> Result<Line, ShellError> {
    Parser {
        chars: input.chars().collect(),
        pos: 0,
    }
    .line()
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
}

enum Token {
    Word(Word),
    Op(&'static str),
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, offset: usize) -> Option<char> {
        self.chars.get(self.pos + offset).copied()
    }

    fn line(&mut self) -> Result<Line, ShellError> {
        let mut line = Line::default();
        let mut current = SimpleCommand::default();
        loop {
            let token = self.token()?;
            match token {
                None => break,
                Some(Token::Word(w)) => current.words.push(w),
                Some(Token::Op(op)) => match op {
                    ";" | "&&" | "||" | "|" | "\n" => {
                        let connector = match op {
                            "&&" => Connector::And,
                            "||" => Connector::Or,
                            "|" => Connector::Pipe,
                            _ => Connector::Then,
                        };
                        if current.words.is_empty() {
                            if op == ";" || op == "\n" {
                                continue;
                            }
                            return Err(ShellError::Syntax(format!(
                                "near unexpected token `{op}'"
                            )));
                        }
                        line.commands
                            .push((std::mem::take(&mut current), connector));
                    }
                    ">" | ">>" => {
                        let Some(Token::Word(target)) = self.token()? else {
                            return Err(ShellError::Syntax(
                                "near unexpected token `newline'".into(),
                            ));
                        };
                        current.stdout = Some(Redirect {
                            target,
                            append: op == ">>",
                        });
                    }
                    "<" => {
                        let Some(Token::Word(target)) = self.token()? else {
                            return Err(ShellError::Syntax(
                                "near unexpected token `newline'".into(),
                            ));
                        };
                        current.stdin_file = Some(target);
                    }
                    "<<" | "<<-" => {
                        let Some(Token::Word(delim)) = self.token()? else {
                            return Err(ShellError::Syntax(
                                "near unexpected token `newline'".into(),
                            ));
                        };
                        let expand = !delim.is_quoted_anywhere();
                        let delimiter = delim
                            .parts
                            .iter()
                            .map(|(p, _)| match p {
                                Part::Literal(s) => s.clone(),
                                Part::Variable(v) => format!("${v}"),
                                Part::Substitution(s) => format!("$({s})"),
                            })
                            .collect();
                        current.heredoc = Some(HereDoc {
                            delimiter,
                            expand,
                            strip_tabs: op == "<<-",
                        });
                    }
                    _ => return Err(ShellError::Syntax(format!("near unexpected token `{op}'"))),
                },
            }
        }
        if !current.words.is_empty() {
            line.commands.push((current, Connector::Then));
        } else if current.stdout.is_some() || current.heredoc.is_some() {
            return Err(ShellError::Syntax("near unexpected token `newline'".into()));
        }
        Ok(line)
    }

    fn skip_blanks(&mut self) {
        while let Some(c) = self.peek() {
            if c == ' ' || c == '\t' || c == '\r' {
                self.pos += 1;
            } else if c == '\\' && self.peek_at(1) == Some('\n') {
                self.pos += 2;
            } else {
                break;
            }
        }
    }

    fn token(&mut self) -> Result<Option<Token>, ShellError> {
        self.skip_blanks();
        let Some(c) = self.peek() else {
            return Ok(None);
        };
        if c == '#' {
            while let Some(c) = self.peek() {
                if c == '\n' {
                    break;
                }
                self.pos += 1;
            }
            return self.token();
        }
        let two: String = self.chars[self.pos..].iter().take(3).collect();
        for op in ["<<-", "&&", "||", ">>", "<<", ";", "|", ">", "<", "\n"] {
            if two.starts_with(op) {
                self.pos += op.chars().count();
                return Ok(Some(Token::Op(op)));
            }
        }
        if c == '&' {
            return Err(ShellError::Syntax(
                "background jobs (&) are not supported here".into(),
            ));
        }
        self.word(0).map(|w| Some(Token::Word(w)))
    }

    fn word(&mut self, depth: usize) -> Result<Word, ShellError> {
        let mut word = Word::default();
        let mut literal = String::new();
        let flush = |literal: &mut String, word: &mut Word, quoted: bool| {
            if !literal.is_empty() {
                word.parts
                    .push((Part::Literal(std::mem::take(literal)), quoted));
            }
        };
        while let Some(c) = self.peek() {
            match c {
                ' ' | '\t' | '\r' | '\n' | ';' | '&' | '|' | '<' | '>' => break,
                '\\' => {
                    self.pos += 1;
                    match self.peek() {
                        Some('\n') => self.pos += 1,
                        Some(next) => {
                            literal.push(next);
                            self.pos += 1;
                        }
                        None => return Err(ShellError::Incomplete),
                    }
                }
                '\'' => {
                    flush(&mut literal, &mut word, false);
                    self.pos += 1;
                    let mut quoted = String::new();
                    loop {
                        match self.peek() {
                            Some('\'') => {
                                self.pos += 1;
                                break;
                            }
                            Some(ch) => {
                                quoted.push(ch);
                                self.pos += 1;
                            }
                            None => return Err(ShellError::Incomplete),
                        }
                    }
                    word.parts.push((Part::Literal(quoted), true));
                }
                '"' => {
                    flush(&mut literal, &mut word, false);
                    self.pos += 1;
                    self.double_quoted(&mut word, depth)?;
                }
                '$' => {
                    flush(&mut literal, &mut word, false);
                    match self.dollar(depth)? {
                        Some(part) => word.parts.push((part, false)),
                        None => literal.push('$'),
                    }
                }
                _ => {
                    literal.push(c);
                    self.pos += 1;
                }
            }
        }
        flush(&mut literal, &mut word, false);
        Ok(word)
    }

    fn double_quoted(&mut self, word: &mut Word, depth: usize) -> Result<(), ShellError> {
        let mut literal = String::new();
        // An empty "" still makes a (quoted, empty) word.
        let mut any = false;
        loop {
            match self.peek() {
                None => return Err(ShellError::Incomplete),
                Some('"') => {
                    self.pos += 1;
                    break;
                }
                Some('\\') => {
                    self.pos += 1;
                    match self.peek() {
                        Some(c @ ('"' | '\\' | '$' | '`')) => {
                            literal.push(c);
                            self.pos += 1;
                        }
                        Some('\n') => self.pos += 1,
                        Some(_) => literal.push('\\'),
                        None => return Err(ShellError::Incomplete),
                    }
                }
                Some('$') => match self.dollar(depth)? {
                    Some(part) => {
                        if !literal.is_empty() {
                            word.parts
                                .push((Part::Literal(std::mem::take(&mut literal)), true));
                        }
                        word.parts.push((part, true));
                        any = true;
                    }
                    None => literal.push('$'),
                },
                Some(c) => {
                    literal.push(c);
                    self.pos += 1;
                }
            }
        }
        if !literal.is_empty() || !any {
            word.parts.push((Part::Literal(literal), true));
        }
        Ok(())
    }

    /// After a `$`: a variable, `${…}`, `$(…)`, or `None` for a lone dollar sign.
    fn dollar(&mut self, depth: usize) -> Result<Option<Part>, ShellError> {
        self.pos += 1;
        match self.peek() {
            Some('(') => {
                if depth >= MAX_DEPTH {
                    return Err(ShellError::Syntax(
                        "command substitution nested too deeply".into(),
                    ));
                }
                self.pos += 1;
                let start = self.pos;
                let mut level = 1usize;
                let mut quote: Option<char> = None;
                while let Some(c) = self.peek() {
                    self.pos += 1;
                    match (quote, c) {
                        (Some(q), ch) if ch == q => quote = None,
                        (Some('"'), '\\') => self.pos += 1,
                        (Some(_), _) => {}
                        (None, '\'' | '"') => quote = Some(c),
                        (None, '\\') => self.pos += 1,
                        (None, '(') => level += 1,
                        (None, ')') => {
                            level -= 1;
                            if level == 0 {
                                let end = self.pos - 1;
                                let inner: String = self.chars[start..end].iter().collect();
                                return Ok(Some(Part::Substitution(inner)));
                            }
                        }
                        _ => {}
                    }
                }
                Err(ShellError::Incomplete)
            }
            Some('{') => {
                self.pos += 1;
                let mut name = String::new();
                loop {
                    match self.peek() {
                        Some('}') => {
                            self.pos += 1;
                            break;
                        }
                        Some(c) if c.is_ascii_alphanumeric() || c == '_' => {
                            name.push(c);
                            self.pos += 1;
                        }
                        // `${VAR#pattern}`, `##`, `%`, `%%`, `${VAR:0:7}`, `${VAR:-default}`:
                        // kept in the name, applied on expansion.
                        Some('#' | '%' | ':') if !name.is_empty() => {
                            while let Some(c) = self.peek() {
                                self.pos += 1;
                                if c == '}' {
                                    return Ok(Some(Part::Variable(name)));
                                }
                                name.push(c);
                            }
                            return Err(ShellError::Incomplete);
                        }
                        Some(_) => return Err(ShellError::Syntax("bad substitution".into())),
                        None => return Err(ShellError::Incomplete),
                    }
                }
                Ok(Some(Part::Variable(name)))
            }
            Some('?') => {
                self.pos += 1;
                Ok(Some(Part::Variable("?".into())))
            }
            Some(c) if c.is_ascii_alphabetic() || c == '_' => {
                let mut name = String::new();
                while let Some(c) = self.peek() {
                    if c.is_ascii_alphanumeric() || c == '_' {
                        name.push(c);
                        self.pos += 1;
                    } else {
                        break;
                    }
                }
                Ok(Some(Part::Variable(name)))
            }
            _ => Ok(None),
        }
    }
}

/// `${VAR#pattern}` and friends: the variable's name, then its value with the
/// shortest (`#`, `%`) or longest (`##`, `%%`) prefix or suffix matching the
/// glob `pattern` (`*` and `?`) removed.
pub fn trim_parameter(expression: &str, value: impl Fn(&str) -> String) -> (String, &str) {
    if let Some((name, rest)) = expression.split_once(':') {
        if !name.contains(['#', '%']) {
            let text = value(name);
            // `${VAR:-default}` / `${VAR:=default}`: the default when the variable is
            // empty or unset (`:=` would also assign it); `${VAR:+alt}`: alt when set;
            // `${VAR:?message}`: the value (an unset one would stop the shell).
            if let Some(default) = rest.strip_prefix('-').or_else(|| rest.strip_prefix('=')) {
                let chosen = if text.is_empty() {
                    default.to_string()
                } else {
                    text
                };
                return (chosen, name);
            }
            if let Some(alternative) = rest.strip_prefix('+') {
                let chosen = if text.is_empty() {
                    String::new()
                } else {
                    alternative.to_string()
                };
                return (chosen, name);
            }
            if rest.starts_with('?') {
                return (text, name);
            }
            // `${VAR:offset}` and `${VAR:offset:length}`, in characters; a negative
            // offset (written `${VAR: -7}`) counts from the end.
            let chars: Vec<char> = text.chars().collect();
            let count = i64::try_from(chars.len()).unwrap_or(i64::MAX);
            let mut numbers = rest.split(':').map(|n| n.trim().parse::<i64>().ok());
            let offset = numbers.next().flatten().unwrap_or(0);
            let start = if offset < 0 {
                (count + offset).max(0)
            } else {
                offset.min(count)
            };
            let end = match numbers.next() {
                Some(Some(length)) if length < 0 => (count + length).max(start),
                Some(Some(length)) => start.saturating_add(length).min(count),
                _ => count,
            };
            let (start, end) = (
                usize::try_from(start).unwrap_or(0),
                usize::try_from(end).unwrap_or(0),
            );
            return (chars[start..end].iter().collect(), name);
        }
    }
    let Some(at) = expression.find(['#', '%']) else {
        return (value(expression), expression);
    };
    let (name, op) = expression.split_at(at);
    let text = value(name);
    let (longest, from_start, pattern) = if let Some(p) = op.strip_prefix("##") {
        (true, true, p)
    } else if let Some(p) = op.strip_prefix('#') {
        (false, true, p)
    } else if let Some(p) = op.strip_prefix("%%") {
        (true, false, p)
    } else {
        (false, false, op.strip_prefix('%').unwrap_or(op))
    };
    let pattern: Vec<char> = pattern.chars().collect();
    let chars: Vec<char> = text.chars().collect();
    let cuts: Vec<usize> = (0..=chars.len()).collect();
    let matching = |cut: &usize| {
        if from_start {
            glob(&pattern, &chars[..*cut])
        } else {
            glob(&pattern, &chars[*cut..])
        }
    };
    // Shortest prefix = smallest cut; shortest suffix = largest cut.
    let found = match (from_start, longest) {
        (true, false) | (false, true) => cuts.iter().find(|c| matching(c)),
        (true, true) | (false, false) => cuts.iter().rev().find(|c| matching(c)),
    };
    let result = match found {
        Some(&cut) if from_start => chars[cut..].iter().collect(),
        Some(&cut) => chars[..cut].iter().collect(),
        None => text,
    };
    (result, name)
}

use crate::tags::glob;

/// What `echo [-n] WORDS…` prints.
pub fn echo(args: &[String]) -> String {
    let (newline, args) = match args.split_first() {
        Some((flag, rest)) if flag == "-n" => (false, rest),
        _ => (true, args),
    };
    let mut text = args.join(" ");
    if newline {
        text.push('\n');
    }
    text
}

/// Whether `word` is a `NAME=value` assignment (the name unquoted and valid).
pub fn assignment(word: &Word) -> Option<(String, Word)> {
    let (Part::Literal(first), false) = word.parts.first()? else {
        return None;
    };
    let (name, rest) = first.split_once('=')?;
    let valid = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !valid {
        return None;
    }
    let mut value = Word::default();
    if !rest.is_empty() {
        value.parts.push((Part::Literal(rest.to_string()), false));
    }
    value.parts.extend(word.parts.iter().skip(1).cloned());
    Some((name.to_string(), value))
}

/// Splits here-document text into literal text and `$VAR` / `${VAR}` / `$(…)`
/// expansions (quotes are plain characters there, as in bash).
pub fn template(text: &str) -> Result<Vec<Part>, ShellError> {
    let mut parser = Parser {
        chars: text.chars().collect(),
        pos: 0,
    };
    let mut parts = Vec::new();
    let mut literal = String::new();
    while let Some(c) = parser.peek() {
        match c {
            '\\' if matches!(parser.peek_at(1), Some('$' | '\\' | '`')) => {
                literal.extend(parser.peek_at(1));
                parser.pos += 2;
            }
            '$' => match parser.dollar(0)? {
                Some(part) => {
                    if !literal.is_empty() {
                        parts.push(Part::Literal(std::mem::take(&mut literal)));
                    }
                    parts.push(part);
                }
                None => literal.push('$'),
            },
            _ => {
                literal.push(c);
                parser.pos += 1;
            }
        }
    }
    if !literal.is_empty() {
        parts.push(Part::Literal(literal));
    }
    Ok(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(input: &str) -> Vec<Word> {
        let line = parse(input).unwrap();
        line.commands
            .into_iter()
            .next()
            .map(|(c, _)| c.words)
            .unwrap_or_default()
    }

    fn lit(s: &str, quoted: bool) -> (Part, bool) {
        (Part::Literal(s.into()), quoted)
    }

    #[test]
    fn quoting() {
        let w = words(r#"aws ec2 x --a 'b c' --d "e $F" g\ h"#);
        assert_eq!(w.len(), 8);
        assert_eq!(w[4].parts, vec![lit("b c", true)]);
        assert_eq!(
            w[6].parts,
            vec![lit("e ", true), (Part::Variable("F".into()), true)]
        );
        assert_eq!(w[7].literal().as_deref(), Some("g h"));
    }

    #[test]
    fn substitutions_and_assignments() {
        let w = words("VPC_ID=$(aws ec2 create-vpc --cidr-block 10.0.0.0/24 --query 'Vpc.VpcId' --output text)");
        let (name, value) = assignment(&w[0]).unwrap();
        assert_eq!(name, "VPC_ID");
        assert!(
            matches!(&value.parts[0].0, Part::Substitution(s) if s.starts_with("aws ec2 create-vpc") && s.ends_with("text"))
        );
        let w = words("echo ${A}b $?");
        assert_eq!(w[1].parts[0].0, Part::Variable("A".into()));
        assert_eq!(w[2].parts[0].0, Part::Variable("?".into()));
    }

    #[test]
    fn incomplete_input_asks_for_more() {
        assert_eq!(parse("echo 'abc"), Err(ShellError::Incomplete));
        assert_eq!(parse("echo \"abc"), Err(ShellError::Incomplete));
        assert_eq!(parse("echo $(aws ec2"), Err(ShellError::Incomplete));
        assert_eq!(parse("echo abc \\"), Err(ShellError::Incomplete));
    }

    #[test]
    fn continuation_comments_connectors_redirects() {
        let line = parse("aws ec2 a \\\n  --b c # trailing comment\n").unwrap();
        assert_eq!(line.commands[0].0.words.len(), 5);
        let line = parse("a && b || c; d").unwrap();
        let connectors: Vec<Connector> = line.commands.iter().map(|(_, c)| *c).collect();
        assert_eq!(
            connectors,
            vec![
                Connector::And,
                Connector::Or,
                Connector::Then,
                Connector::Then
            ]
        );
        let line = parse("cat > td.json <<'EOF'").unwrap();
        let cmd = &line.commands[0].0;
        assert_eq!(
            cmd.stdout.as_ref().unwrap().target.literal().as_deref(),
            Some("td.json")
        );
        assert_eq!(
            cmd.heredoc,
            Some(HereDoc {
                delimiter: "EOF".into(),
                expand: false,
                strip_tabs: false
            })
        );
    }

    #[test]
    fn hostile_input_never_panics() {
        let nested = "$(".repeat(1000);
        assert!(parse(&nested).is_err());
        for input in [
            "", "\\", "'", "\"", "$", "${", "${a", "$((", ">", "<<", "&", "|", ";;", "a >", "ü$ü'ü",
        ] {
            let _ = parse(input);
        }
    }

    #[test]
    fn parameters_are_trimmed_like_bash() {
        let arn = "arn:aws:elasticloadbalancing:ap-northeast-1:1:targetgroup/web/abc";
        let value = |name: &str| {
            if name == "A" {
                arn.to_string()
            } else {
                String::new()
            }
        };
        assert_eq!(trim_parameter("A##*/", value).0, "abc");
        assert_eq!(trim_parameter("A#*/", value).0, "web/abc");
        assert_eq!(
            trim_parameter("A%/*", value).0,
            &arn[..arn.rfind('/').unwrap()]
        );
        assert_eq!(
            trim_parameter("A%%/*", value).0,
            &arn[..arn.find('/').unwrap()]
        );
        assert_eq!(trim_parameter("A#nomatch", value).0, arn);
        assert_eq!(trim_parameter("A", value), (arn.to_string(), "A"));
        let w = words("echo ${A##*/} ${B%.json}");
        assert_eq!(w[1].parts[0].0, Part::Variable("A##*/".into()));
        assert_eq!(w[2].parts[0].0, Part::Variable("B%.json".into()));
    }
}
