//! `--query`: the JMESPath language as the `aws` CLI evaluates it.
//!
//! The CLI hands `--query` to the Python `jmespath` library (1.0.x), so this
//! module follows that library rather than the bare specification wherever
//! the two differ and a user could notice: the Pratt parser has the same
//! binding powers and quirks, strings compare with `<`/`>`, functions and
//! their arity are resolved when they are called, and error messages use the
//! library's wording (`Bad jmespath expression: Unknown token $: ...`).
//!
//! Not supported: the `let`/`$variable` additions of jmespath 1.1 (the CLI
//! pins jmespath below 1.1) and custom functions.
//!
//! Hostile input cannot exhaust the stack: parser recursion and the depth of
//! the syntax tree are both capped at [`MAX_NESTING`].

use super::python::{python_number, python_str};
use std::cmp::Ordering;
use std::fmt;

use serde_json::{Map, Number, Value};

/// The deepest nesting accepted, in parser recursion and in syntax-tree depth.
/// Real queries stay far below it; the browser's wasm stack is small.
pub const MAX_NESTING: usize = 100;

/// Why an expression could not be compiled or evaluated; `message` is worded
/// as the CLI prints it (without its `Bad value for --query ...: ` prefix).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    pub message: String,
}

impl QueryError {
    fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for QueryError {}

/// Compiles `expression` and evaluates it against `data`.
pub fn search(expression: &str, data: &Value) -> Result<Value, QueryError> {
    Expression::compile(expression)?.search(data)
}

/// A compiled expression. The CLI compiles `--query` before it sends the
/// request, so a syntax error stops the command before it has any effect;
/// compiling first lets callers do the same.
#[derive(Debug, Clone)]
pub struct Expression {
    root: Ast,
}

impl Expression {
    pub fn compile(expression: &str) -> Result<Self, QueryError> {
        let tokens = tokenize(expression)?;
        let root = Parser::new(expression, tokens).parse()?;
        Ok(Self { root })
    }

    pub fn search(&self, data: &Value) -> Result<Value, QueryError> {
        eval(&self.root, data)
    }
}

// ---------------------------------------------------------------------------
// Lexer
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Eof,
    UnquotedIdentifier,
    QuotedIdentifier,
    Literal,
    Number,
    Star,
    Dot,
    Filter,
    Flatten,
    Lbracket,
    Rbracket,
    Lbrace,
    Rbrace,
    Lparen,
    Rparen,
    Comma,
    Colon,
    Current,
    Expref,
    Pipe,
    Or,
    And,
    Not,
    Eq,
    Ne,
    Lt,
    Lte,
    Gt,
    Gte,
}

impl Kind {
    /// The token type's name in jmespath.py, which its error messages show.
    fn name(self) -> &'static str {
        match self {
            Kind::Eof => "eof",
            Kind::UnquotedIdentifier => "unquoted_identifier",
            Kind::QuotedIdentifier => "quoted_identifier",
            Kind::Literal => "literal",
            Kind::Number => "number",
            Kind::Star => "star",
            Kind::Dot => "dot",
            Kind::Filter => "filter",
            Kind::Flatten => "flatten",
            Kind::Lbracket => "lbracket",
            Kind::Rbracket => "rbracket",
            Kind::Lbrace => "lbrace",
            Kind::Rbrace => "rbrace",
            Kind::Lparen => "lparen",
            Kind::Rparen => "rparen",
            Kind::Comma => "comma",
            Kind::Colon => "colon",
            Kind::Current => "current",
            Kind::Expref => "expref",
            Kind::Pipe => "pipe",
            Kind::Or => "or",
            Kind::And => "and",
            Kind::Not => "not",
            Kind::Eq => "eq",
            Kind::Ne => "ne",
            Kind::Lt => "lt",
            Kind::Lte => "lte",
            Kind::Gt => "gt",
            Kind::Gte => "gte",
        }
    }

    /// Binding powers of jmespath.py's parser; those below
    /// [`PROJECTION_STOP`] end a projection.
    fn binding_power(self) -> u8 {
        match self {
            Kind::Pipe => 1,
            Kind::Or => 2,
            Kind::And => 3,
            Kind::Eq | Kind::Ne | Kind::Lt | Kind::Lte | Kind::Gt | Kind::Gte => 5,
            Kind::Flatten => 9,
            Kind::Star => 20,
            Kind::Filter => 21,
            Kind::Dot => 40,
            Kind::Not => 45,
            Kind::Lbrace => 50,
            Kind::Lbracket => 55,
            Kind::Lparen => 60,
            _ => 0,
        }
    }
}

const PROJECTION_STOP: u8 = 10;

#[derive(Debug, Clone)]
enum TokenValue {
    Text(String),
    Number(i64),
    Json(Value),
}

#[derive(Debug, Clone)]
struct Token {
    kind: Kind,
    value: TokenValue,
    /// Position in characters, as the library reports columns.
    start: usize,
}

impl Token {
    fn text(kind: Kind, text: impl Into<String>, start: usize) -> Self {
        Self {
            kind,
            value: TokenValue::Text(text.into()),
            start,
        }
    }

    /// The token's value as Python's `%s` shows it in error messages.
    fn display_value(&self) -> String {
        match &self.value {
            TokenValue::Text(text) => text.clone(),
            TokenValue::Number(number) => number.to_string(),
            TokenValue::Json(value) => python_str(value),
        }
    }
}

struct Lexer<'a> {
    expression: &'a str,
    chars: Vec<char>,
    position: usize,
}

fn tokenize(expression: &str) -> Result<Vec<Token>, QueryError> {
    let chars: Vec<char> = expression.chars().collect();
    if chars.is_empty() {
        return Err(QueryError::new(
            "Invalid JMESPath expression: cannot be empty.",
        ));
    }
    let mut lexer = Lexer {
        expression,
        chars,
        position: 0,
    };
    let mut tokens = Vec::new();
    while let Some(current) = lexer.peek(0) {
        let start = lexer.position;
        let token = match current {
            '.' => lexer.single(Kind::Dot, current),
            '*' => lexer.single(Kind::Star, current),
            ']' => lexer.single(Kind::Rbracket, current),
            ',' => lexer.single(Kind::Comma, current),
            ':' => lexer.single(Kind::Colon, current),
            '@' => lexer.single(Kind::Current, current),
            '(' => lexer.single(Kind::Lparen, current),
            ')' => lexer.single(Kind::Rparen, current),
            '{' => lexer.single(Kind::Lbrace, current),
            '}' => lexer.single(Kind::Rbrace, current),
            c if c.is_ascii_alphabetic() || c == '_' => {
                let text = lexer.take_while(|c| c.is_ascii_alphanumeric() || c == '_');
                Token::text(Kind::UnquotedIdentifier, text, start)
            }
            ' ' | '\t' | '\n' | '\r' => {
                lexer.position += 1;
                continue;
            }
            '[' => match lexer.peek(1) {
                Some(']') => {
                    lexer.position += 2;
                    Token::text(Kind::Flatten, "[]", start)
                }
                Some('?') => {
                    lexer.position += 2;
                    Token::text(Kind::Filter, "[?", start)
                }
                _ => lexer.single(Kind::Lbracket, current),
            },
            '\'' => lexer.raw_string()?,
            '|' => lexer.one_or_two('|', Kind::Or, Kind::Pipe),
            '&' => lexer.one_or_two('&', Kind::And, Kind::Expref),
            '`' => lexer.json_literal()?,
            '0'..='9' => lexer.number(),
            '-' if lexer.peek(1).is_some_and(|c| c.is_ascii_digit()) => lexer.number(),
            '-' => return Err(lexer.error(start, "Unknown token '-'")),
            '"' => lexer.quoted_identifier()?,
            '<' => lexer.one_or_two('=', Kind::Lte, Kind::Lt),
            '>' => lexer.one_or_two('=', Kind::Gte, Kind::Gt),
            '!' => lexer.one_or_two('=', Kind::Ne, Kind::Not),
            '=' if lexer.peek(1) == Some('=') => {
                lexer.position += 2;
                Token::text(Kind::Eq, "==", start)
            }
            '=' => return Err(lexer.error(start, "Unknown token '='")),
            other => return Err(lexer.error(start, &format!("Unknown token {other}"))),
        };
        tokens.push(token);
    }
    tokens.push(Token::text(Kind::Eof, "", lexer.chars.len()));
    Ok(tokens)
}

impl Lexer<'_> {
    fn peek(&self, offset: usize) -> Option<char> {
        self.chars.get(self.position + offset).copied()
    }

    fn single(&mut self, kind: Kind, current: char) -> Token {
        let token = Token::text(kind, current.to_string(), self.position);
        self.position += 1;
        token
    }

    fn take_while(&mut self, accept: impl Fn(char) -> bool) -> String {
        let mut text = String::new();
        while let Some(c) = self.peek(0).filter(|&c| accept(c)) {
            text.push(c);
            self.position += 1;
        }
        text
    }

    /// `||` vs `|`, `<=` vs `<` and the like.
    fn one_or_two(&mut self, second: char, two: Kind, one: Kind) -> Token {
        let start = self.position;
        let first = self.peek(0).unwrap_or_default();
        if self.peek(1) == Some(second) {
            self.position += 2;
            Token::text(two, format!("{first}{second}"), start)
        } else {
            self.position += 1;
            Token::text(one, first.to_string(), start)
        }
    }

    fn number(&mut self) -> Token {
        let start = self.position;
        let mut text = String::new();
        if self.peek(0) == Some('-') {
            text.push('-');
            self.position += 1;
        }
        text.push_str(&self.take_while(|c| c.is_ascii_digit()));
        // Python ints are unbounded; saturating keeps huge indices out of range.
        let number = text.parse::<i64>().unwrap_or(if text.starts_with('-') {
            i64::MIN
        } else {
            i64::MAX
        });
        Token {
            kind: Kind::Number,
            value: TokenValue::Number(number),
            start,
        }
    }

    /// Reads up to an unescaped `delimiter`, keeping each backslash and the
    /// character after it, as jmespath.py's `_consume_until` does.
    fn consume_until(&mut self, delimiter: char) -> Result<String, QueryError> {
        let start = self.position;
        let mut text = String::new();
        self.position += 1;
        loop {
            match self.peek(0) {
                Some(c) if c == delimiter => break,
                Some('\\') => {
                    text.push('\\');
                    self.position += 1;
                    match self.peek(0) {
                        Some(c) => {
                            text.push(c);
                            self.position += 1;
                        }
                        None => return Err(self.unclosed(start, delimiter)),
                    }
                }
                Some(c) => {
                    text.push(c);
                    self.position += 1;
                }
                None => return Err(self.unclosed(start, delimiter)),
            }
        }
        self.position += 1;
        Ok(text)
    }

    fn unclosed(&self, start: usize, delimiter: char) -> QueryError {
        self.error(start, &format!("Unclosed {delimiter} delimiter"))
    }

    fn raw_string(&mut self) -> Result<Token, QueryError> {
        let start = self.position;
        let text = self.consume_until('\'')?.replace("\\'", "'");
        Ok(Token {
            kind: Kind::Literal,
            value: TokenValue::Json(Value::String(text)),
            start,
        })
    }

    fn json_literal(&mut self) -> Result<Token, QueryError> {
        let start = self.position;
        let lexeme = self.consume_until('`')?.replace("\\`", "`");
        let value = match serde_json::from_str::<Value>(&lexeme) {
            Ok(value) => value,
            // The deprecated form: `foo` means the string "foo".
            Err(_) => {
                match serde_json::from_str::<Value>(&format!("\"{}\"", lexeme.trim_start())) {
                    Ok(value) => value,
                    Err(_) => return Err(self.error(start, &format!("Bad token {lexeme}"))),
                }
            }
        };
        Ok(Token {
            kind: Kind::Literal,
            value: TokenValue::Json(value),
            start,
        })
    }

    fn quoted_identifier(&mut self) -> Result<Token, QueryError> {
        let start = self.position;
        let lexeme = format!("\"{}\"", self.consume_until('"')?);
        match serde_json::from_str::<String>(&lexeme) {
            Ok(name) => Ok(Token::text(Kind::QuotedIdentifier, name, start)),
            Err(error) => {
                // Python's json module words these two failures like this.
                let message = if error.to_string().contains("control character") {
                    "Invalid control character at"
                } else {
                    "Invalid \\escape"
                };
                Err(self.error(start, message))
            }
        }
    }

    fn error(&self, position: usize, message: &str) -> QueryError {
        QueryError::new(format!(
            "Bad jmespath expression: {message}:\n{}\n{}^",
            self.expression,
            " ".repeat(position)
        ))
    }
}

// ---------------------------------------------------------------------------
// Syntax tree and parser
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Comparator {
    Eq,
    Ne,
    Lt,
    Lte,
    Gt,
    Gte,
}

#[derive(Debug, Clone)]
struct Ast {
    node: Node,
    /// 1 + the depth of the deepest child, capped at [`MAX_NESTING`] so that
    /// evaluating (and dropping) the tree recurses a bounded number of times.
    depth: usize,
}

#[derive(Debug, Clone)]
enum Node {
    Identity,
    Current,
    Field(String),
    Literal(Value),
    Subexpression(Vec<Ast>),
    IndexExpression(Box<Ast>, Box<Ast>),
    Index(i64),
    Slice {
        start: Option<i64>,
        stop: Option<i64>,
        step: Option<i64>,
    },
    Projection(Box<Ast>, Box<Ast>),
    ValueProjection(Box<Ast>, Box<Ast>),
    FilterProjection {
        left: Box<Ast>,
        right: Box<Ast>,
        condition: Box<Ast>,
    },
    Flatten(Box<Ast>),
    Pipe(Box<Ast>, Box<Ast>),
    Or(Box<Ast>, Box<Ast>),
    And(Box<Ast>, Box<Ast>),
    Not(Box<Ast>),
    Comparison(Comparator, Box<Ast>, Box<Ast>),
    MultiSelectList(Vec<Ast>),
    MultiSelectHash(Vec<(String, Ast)>),
    Function(String, Vec<Ast>),
    Expref(Box<Ast>),
}

impl Node {
    fn child_depth(&self) -> usize {
        let deepest = |children: &[Ast]| children.iter().map(|c| c.depth).max().unwrap_or(0);
        match self {
            Node::Identity
            | Node::Current
            | Node::Field(_)
            | Node::Literal(_)
            | Node::Index(_)
            | Node::Slice { .. } => 0,
            Node::Subexpression(children)
            | Node::MultiSelectList(children)
            | Node::Function(_, children) => deepest(children),
            Node::MultiSelectHash(pairs) => pairs.iter().map(|(_, c)| c.depth).max().unwrap_or(0),
            Node::IndexExpression(a, b)
            | Node::Projection(a, b)
            | Node::ValueProjection(a, b)
            | Node::Pipe(a, b)
            | Node::Or(a, b)
            | Node::And(a, b)
            | Node::Comparison(_, a, b) => a.depth.max(b.depth),
            Node::FilterProjection {
                left,
                right,
                condition,
            } => left.depth.max(right.depth).max(condition.depth),
            Node::Flatten(a) | Node::Not(a) | Node::Expref(a) => a.depth,
        }
    }
}

struct Parser<'a> {
    expression: &'a str,
    tokens: Vec<Token>,
    index: usize,
    /// Current recursion depth of `expression()`.
    nesting: usize,
    /// Returned when looking past the end, so lookahead never fails.
    eof: Token,
}

impl<'a> Parser<'a> {
    fn new(expression: &'a str, tokens: Vec<Token>) -> Self {
        let eof = Token::text(Kind::Eof, "", expression.chars().count());
        Self {
            expression,
            tokens,
            index: 0,
            nesting: 0,
            eof,
        }
    }

    fn parse(mut self) -> Result<Ast, QueryError> {
        let root = self.expression(0)?;
        if self.current() != Kind::Eof {
            let token = self.peek(0);
            let message = format!("Unexpected token: {}", token.display_value());
            return Err(self.parse_error(token, &message));
        }
        Ok(root)
    }

    fn peek(&self, offset: usize) -> &Token {
        self.tokens.get(self.index + offset).unwrap_or(&self.eof)
    }

    fn current(&self) -> Kind {
        self.peek(0).kind
    }

    fn advance(&mut self) {
        self.index += 1;
    }

    fn node(&self, node: Node) -> Result<Ast, QueryError> {
        let depth = 1 + node.child_depth();
        if depth > MAX_NESTING {
            return Err(self.too_deep());
        }
        Ok(Ast { node, depth })
    }

    fn boxed(&self, node: Node) -> Result<Box<Ast>, QueryError> {
        self.node(node).map(Box::new)
    }

    fn expression(&mut self, binding_power: u8) -> Result<Ast, QueryError> {
        if self.nesting >= MAX_NESTING {
            return Err(self.too_deep());
        }
        self.nesting += 1;
        let result = self.expression_at_this_level(binding_power);
        self.nesting -= 1;
        result
    }

    fn expression_at_this_level(&mut self, binding_power: u8) -> Result<Ast, QueryError> {
        let token = self.peek(0).clone();
        self.advance();
        let mut left = self.nud(token)?;
        while binding_power < self.current().binding_power() {
            left = self.led(left)?;
        }
        Ok(left)
    }

    /// A token at the start of an expression.
    fn nud(&mut self, token: Token) -> Result<Ast, QueryError> {
        match token.kind {
            Kind::Literal => match token.value {
                TokenValue::Json(value) => self.node(Node::Literal(value)),
                _ => self.node(Node::Literal(Value::Null)),
            },
            Kind::UnquotedIdentifier => self.node(Node::Field(token.display_value())),
            Kind::QuotedIdentifier => {
                if self.current() == Kind::Lparen {
                    let next = self.peek(0);
                    let message = "Quoted identifier not allowed for function names.";
                    return Err(self.parse_error_at(0, next, message));
                }
                self.node(Node::Field(token.display_value()))
            }
            Kind::Star => {
                let right = if self.current() == Kind::Rbracket {
                    self.node(Node::Identity)?
                } else {
                    self.projection_rhs(Kind::Star.binding_power())?
                };
                let left = self.boxed(Node::Identity)?;
                self.node(Node::ValueProjection(left, Box::new(right)))
            }
            Kind::Filter => {
                let left = self.node(Node::Identity)?;
                self.filter(left)
            }
            Kind::Lbrace => self.multi_select_hash(),
            Kind::Lparen => {
                let inner = self.expression(0)?;
                self.expect(Kind::Rparen)?;
                Ok(inner)
            }
            Kind::Flatten => {
                let identity = self.boxed(Node::Identity)?;
                let left = self.boxed(Node::Flatten(identity))?;
                let right = self.projection_rhs(Kind::Flatten.binding_power())?;
                self.node(Node::Projection(left, Box::new(right)))
            }
            Kind::Not => {
                let inner = self.expression(Kind::Not.binding_power())?;
                self.node(Node::Not(Box::new(inner)))
            }
            Kind::Lbracket => {
                if matches!(self.current(), Kind::Number | Kind::Colon) {
                    let right = self.index_expression()?;
                    let identity = self.node(Node::Identity)?;
                    self.project_if_slice(identity, right)
                } else if self.current() == Kind::Star && self.peek(1).kind == Kind::Rbracket {
                    self.advance();
                    self.advance();
                    let right = self.projection_rhs(Kind::Star.binding_power())?;
                    let identity = self.boxed(Node::Identity)?;
                    self.node(Node::Projection(identity, Box::new(right)))
                } else {
                    self.multi_select_list()
                }
            }
            Kind::Current => self.node(Node::Current),
            Kind::Expref => {
                let inner = self.expression(0)?;
                self.node(Node::Expref(Box::new(inner)))
            }
            Kind::Eof => Err(self.incomplete()),
            _ => Err(self.parse_error(&token, "invalid token")),
        }
    }

    /// A token that continues the expression `left`.
    fn led(&mut self, left: Ast) -> Result<Ast, QueryError> {
        let kind = self.current();
        let comparator = match kind {
            Kind::Eq => Some(Comparator::Eq),
            Kind::Ne => Some(Comparator::Ne),
            Kind::Lt => Some(Comparator::Lt),
            Kind::Lte => Some(Comparator::Lte),
            Kind::Gt => Some(Comparator::Gt),
            Kind::Gte => Some(Comparator::Gte),
            _ => None,
        };
        if let Some(comparator) = comparator {
            self.advance();
            let right = self.expression(kind.binding_power())?;
            return self.node(Node::Comparison(
                comparator,
                Box::new(left),
                Box::new(right),
            ));
        }
        match kind {
            Kind::Dot => {
                self.advance();
                if self.current() == Kind::Star {
                    self.advance();
                    let right = self.projection_rhs(Kind::Dot.binding_power())?;
                    return self.node(Node::ValueProjection(Box::new(left), Box::new(right)));
                }
                let right = self.dot_rhs(Kind::Dot.binding_power())?;
                match left {
                    Ast {
                        node: Node::Subexpression(mut children),
                        depth,
                    } => {
                        let depth = depth.max(right.depth + 1);
                        children.push(right);
                        Ok(Ast {
                            node: Node::Subexpression(children),
                            depth,
                        })
                    }
                    left => self.node(Node::Subexpression(vec![left, right])),
                }
            }
            Kind::Pipe | Kind::Or | Kind::And => {
                self.advance();
                let right = Box::new(self.expression(kind.binding_power())?);
                let left = Box::new(left);
                self.node(match kind {
                    Kind::Pipe => Node::Pipe(left, right),
                    Kind::Or => Node::Or(left, right),
                    _ => Node::And(left, right),
                })
            }
            Kind::Flatten => {
                self.advance();
                let left = self.boxed(Node::Flatten(Box::new(left)))?;
                let right = self.projection_rhs(Kind::Flatten.binding_power())?;
                self.node(Node::Projection(left, Box::new(right)))
            }
            Kind::Lbracket => {
                self.advance();
                if matches!(self.current(), Kind::Number | Kind::Colon) {
                    let right = self.index_expression()?;
                    if matches!(left.node, Node::IndexExpression(..)) {
                        // jmespath.py appends to an existing index expression
                        // without projecting, even for a slice: in
                        // `a[0][1:3].b`, `.b` applies to the sliced list.
                        self.node(Node::IndexExpression(Box::new(left), Box::new(right)))
                    } else {
                        self.project_if_slice(left, right)
                    }
                } else {
                    self.expect(Kind::Star)?;
                    self.expect(Kind::Rbracket)?;
                    let right = self.projection_rhs(Kind::Star.binding_power())?;
                    self.node(Node::Projection(Box::new(left), Box::new(right)))
                }
            }
            Kind::Filter => {
                self.advance();
                self.filter(left)
            }
            Kind::Lparen => {
                self.advance();
                self.function_call(left)
            }
            _ => {
                let token = self.peek(0);
                Err(self.parse_error(token, "invalid token"))
            }
        }
    }

    fn function_call(&mut self, left: Ast) -> Result<Ast, QueryError> {
        let Node::Field(name) = left.node else {
            // jmespath.py points at the token before the '('.
            let token = self
                .tokens
                .get(self.index.saturating_sub(2))
                .unwrap_or(&self.eof);
            let message = format!("Invalid function name '{}'", token.display_value());
            return Err(self.parse_error(token, &message));
        };
        let mut args = Vec::new();
        // As in jmespath.py, commas between arguments are optional.
        while self.current() != Kind::Rparen {
            let arg = self.expression(0)?;
            if self.current() == Kind::Comma {
                self.advance();
            }
            args.push(arg);
        }
        self.expect(Kind::Rparen)?;
        self.node(Node::Function(name, args))
    }

    fn filter(&mut self, left: Ast) -> Result<Ast, QueryError> {
        let condition = self.expression(0)?;
        self.expect(Kind::Rbracket)?;
        let right = if self.current() == Kind::Flatten {
            self.node(Node::Identity)?
        } else {
            self.projection_rhs(Kind::Filter.binding_power())?
        };
        self.node(Node::FilterProjection {
            left: Box::new(left),
            right: Box::new(right),
            condition: Box::new(condition),
        })
    }

    fn index_expression(&mut self) -> Result<Ast, QueryError> {
        if self.peek(0).kind == Kind::Colon || self.peek(1).kind == Kind::Colon {
            return self.slice();
        }
        let number = match self.peek(0).value {
            TokenValue::Number(number) => number,
            _ => 0,
        };
        self.advance();
        self.expect(Kind::Rbracket)?;
        self.node(Node::Index(number))
    }

    fn slice(&mut self) -> Result<Ast, QueryError> {
        let mut parts: [Option<i64>; 3] = [None; 3];
        let mut part = 0;
        while self.current() != Kind::Rbracket && part < 3 {
            match (self.current(), &self.peek(0).value) {
                (Kind::Colon, _) => {
                    part += 1;
                    if part == 3 {
                        let token = self.peek(0);
                        return Err(self.parse_error(token, "syntax error"));
                    }
                    self.advance();
                }
                (Kind::Number, TokenValue::Number(number)) => {
                    if let Some(slot) = parts.get_mut(part) {
                        *slot = Some(*number);
                    }
                    self.advance();
                }
                _ => {
                    let token = self.peek(0);
                    return Err(self.parse_error(token, "syntax error"));
                }
            }
        }
        self.expect(Kind::Rbracket)?;
        let [start, stop, step] = parts;
        self.node(Node::Slice { start, stop, step })
    }

    fn project_if_slice(&mut self, left: Ast, right: Ast) -> Result<Ast, QueryError> {
        let is_slice = matches!(right.node, Node::Slice { .. });
        let index = self.node(Node::IndexExpression(Box::new(left), Box::new(right)))?;
        if !is_slice {
            return Ok(index);
        }
        let rhs = self.projection_rhs(Kind::Star.binding_power())?;
        self.node(Node::Projection(Box::new(index), Box::new(rhs)))
    }

    /// What follows a projection: nothing (a low-binding token), `[...]`,
    /// `[?...]` or `.something`.
    fn projection_rhs(&mut self, binding_power: u8) -> Result<Ast, QueryError> {
        let kind = self.current();
        if kind.binding_power() < PROJECTION_STOP {
            self.node(Node::Identity)
        } else if matches!(kind, Kind::Lbracket | Kind::Filter) {
            self.expression(binding_power)
        } else if kind == Kind::Dot {
            self.advance();
            self.dot_rhs(binding_power)
        } else {
            let token = self.peek(0);
            Err(self.parse_error(token, "syntax error"))
        }
    }

    fn dot_rhs(&mut self, binding_power: u8) -> Result<Ast, QueryError> {
        match self.current() {
            Kind::QuotedIdentifier | Kind::UnquotedIdentifier | Kind::Star => {
                self.expression(binding_power)
            }
            Kind::Lbracket => {
                self.advance();
                self.multi_select_list()
            }
            Kind::Lbrace => {
                self.advance();
                self.multi_select_hash()
            }
            other => {
                let message = format!(
                    "Expecting: ['quoted_identifier', 'unquoted_identifier', 'lbracket', \
                     'lbrace'], got: {}",
                    other.name()
                );
                let token = self.peek(0);
                Err(self.parse_error(token, &message))
            }
        }
    }

    fn multi_select_list(&mut self) -> Result<Ast, QueryError> {
        let mut items = Vec::new();
        loop {
            items.push(self.expression(0)?);
            if self.current() == Kind::Rbracket {
                break;
            }
            self.expect(Kind::Comma)?;
        }
        self.expect(Kind::Rbracket)?;
        self.node(Node::MultiSelectList(items))
    }

    fn multi_select_hash(&mut self) -> Result<Ast, QueryError> {
        let mut pairs = Vec::new();
        loop {
            let key_token = self.peek(0).clone();
            if !matches!(
                key_token.kind,
                Kind::QuotedIdentifier | Kind::UnquotedIdentifier
            ) {
                return Err(
                    self.unexpected("['quoted_identifier', 'unquoted_identifier']", &key_token)
                );
            }
            self.advance();
            self.expect(Kind::Colon)?;
            let value = self.expression(0)?;
            pairs.push((key_token.display_value(), value));
            // Like jmespath.py, anything else simply starts the next pair.
            if self.current() == Kind::Comma {
                self.advance();
            } else if self.current() == Kind::Rbrace {
                self.advance();
                break;
            }
        }
        self.node(Node::MultiSelectHash(pairs))
    }

    fn expect(&mut self, kind: Kind) -> Result<(), QueryError> {
        if self.current() == kind {
            self.advance();
            return Ok(());
        }
        let token = self.peek(0).clone();
        Err(self.unexpected(kind.name(), &token))
    }

    fn unexpected(&self, expected: &str, token: &Token) -> QueryError {
        if token.kind == Kind::Eof {
            return self.incomplete();
        }
        let message = format!("Expecting: {expected}, got: {}", token.kind.name());
        self.parse_error(token, &message)
    }

    fn parse_error(&self, token: &Token, message: &str) -> QueryError {
        self.parse_error_at(token.start, token, message)
    }

    fn parse_error_at(&self, column: usize, token: &Token, message: &str) -> QueryError {
        QueryError::new(format!(
            "{message}: Parse error at column {column}, token \"{}\" ({}), for expression:\n\
             \"{}\"\n{}^",
            token.display_value(),
            token.kind.name().to_uppercase(),
            self.expression,
            " ".repeat(column + 1)
        ))
    }

    fn incomplete(&self) -> QueryError {
        QueryError::new(format!(
            "Invalid jmespath expression: Incomplete expression:\n\"{}\"\n{}^",
            self.expression,
            " ".repeat(self.expression.chars().count() + 1)
        ))
    }

    fn too_deep(&self) -> QueryError {
        QueryError::new(format!(
            "Invalid jmespath expression: nested more than {MAX_NESTING} levels deep:\n\"{}\"",
            self.expression
        ))
    }
}

// ---------------------------------------------------------------------------
// Interpreter
// ---------------------------------------------------------------------------

static NULL: Value = Value::Null;

fn eval(ast: &Ast, value: &Value) -> Result<Value, QueryError> {
    match &ast.node {
        Node::Identity | Node::Current => Ok(value.clone()),
        Node::Field(name) => Ok(match value {
            Value::Object(map) => map.get(name).cloned().unwrap_or(Value::Null),
            _ => Value::Null,
        }),
        Node::Literal(literal) => Ok(literal.clone()),
        Node::Subexpression(children) => {
            let mut children = children.iter();
            let mut result = match children.next() {
                Some(first) => eval(first, value)?,
                None => value.clone(),
            };
            for child in children {
                result = eval(child, &result)?;
            }
            Ok(result)
        }
        Node::IndexExpression(left, right) | Node::Pipe(left, right) => {
            eval(right, &eval(left, value)?)
        }
        Node::Index(index) => Ok(match value {
            Value::Array(items) => resolve_index(items.len(), *index)
                .and_then(|i| items.get(i))
                .cloned()
                .unwrap_or(Value::Null),
            _ => Value::Null,
        }),
        Node::Slice { start, stop, step } => match value {
            Value::Array(items) => slice(items, *start, *stop, *step).map(Value::Array),
            _ => Ok(Value::Null),
        },
        Node::Projection(left, right) => match eval(left, value)? {
            Value::Array(items) => project(items.iter(), right),
            _ => Ok(Value::Null),
        },
        Node::ValueProjection(left, right) => match eval(left, value)? {
            Value::Object(map) => project(map.values(), right),
            _ => Ok(Value::Null),
        },
        Node::FilterProjection {
            left,
            right,
            condition,
        } => {
            let Value::Array(items) = eval(left, value)? else {
                return Ok(Value::Null);
            };
            let mut collected = Vec::new();
            for item in &items {
                if is_truthy(&eval(condition, item)?) {
                    let projected = eval(right, item)?;
                    if !projected.is_null() {
                        collected.push(projected);
                    }
                }
            }
            Ok(Value::Array(collected))
        }
        Node::Flatten(inner) => match eval(inner, value)? {
            Value::Array(items) => {
                let mut merged = Vec::with_capacity(items.len());
                for item in items {
                    match item {
                        Value::Array(nested) => merged.extend(nested),
                        other => merged.push(other),
                    }
                }
                Ok(Value::Array(merged))
            }
            _ => Ok(Value::Null),
        },
        Node::Or(left, right) => {
            let matched = eval(left, value)?;
            if is_truthy(&matched) {
                Ok(matched)
            } else {
                eval(right, value)
            }
        }
        Node::And(left, right) => {
            let matched = eval(left, value)?;
            if is_truthy(&matched) {
                eval(right, value)
            } else {
                Ok(matched)
            }
        }
        Node::Not(inner) => Ok(Value::Bool(!is_truthy(&eval(inner, value)?))),
        Node::Comparison(comparator, left, right) => {
            let left = eval(left, value)?;
            let right = eval(right, value)?;
            Ok(compare(*comparator, &left, &right))
        }
        Node::MultiSelectList(items) => {
            if value.is_null() {
                return Ok(Value::Null);
            }
            items
                .iter()
                .map(|item| eval(item, value))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array)
        }
        Node::MultiSelectHash(pairs) => {
            if value.is_null() {
                return Ok(Value::Null);
            }
            let mut map = Map::new();
            for (key, item) in pairs {
                map.insert(key.clone(), eval(item, value)?);
            }
            Ok(Value::Object(map))
        }
        Node::Function(name, args) => call_function(name, args, value),
        // Only meaningful as a function argument; Python would return an
        // object the CLI cannot print.
        Node::Expref(_) => Ok(Value::Null),
    }
}

/// Applies `right` to each element, dropping null results, as every
/// projection does.
fn project<'v>(items: impl Iterator<Item = &'v Value>, right: &Ast) -> Result<Value, QueryError> {
    let mut collected = Vec::new();
    for item in items {
        let projected = eval(right, item)?;
        if !projected.is_null() {
            collected.push(projected);
        }
    }
    Ok(Value::Array(collected))
}

fn resolve_index(len: usize, index: i64) -> Option<usize> {
    let len = i64::try_from(len).ok()?;
    let index = if index < 0 {
        index.checked_add(len)?
    } else {
        index
    };
    if (0..len).contains(&index) {
        usize::try_from(index).ok()
    } else {
        None
    }
}

/// Python's `list[start:stop:step]`.
fn slice(
    items: &[Value],
    start: Option<i64>,
    stop: Option<i64>,
    step: Option<i64>,
) -> Result<Vec<Value>, QueryError> {
    let step = step.unwrap_or(1);
    if step == 0 {
        return Err(QueryError::new("slice step cannot be zero"));
    }
    let len = i64::try_from(items.len()).unwrap_or(i64::MAX);
    let (lower, upper) = if step < 0 { (-1, len - 1) } else { (0, len) };
    let clamp = |bound: i64| {
        let bound = if bound < 0 {
            bound.saturating_add(len)
        } else {
            bound
        };
        bound.clamp(lower, upper)
    };
    let start = start.map_or(if step < 0 { upper } else { lower }, clamp);
    let stop = stop.map_or(if step < 0 { lower } else { upper }, clamp);
    let mut result = Vec::new();
    let mut i = start;
    while (step > 0 && i < stop) || (step < 0 && i > stop) {
        if let Some(item) = usize::try_from(i).ok().and_then(|i| items.get(i)) {
            result.push(item.clone());
        }
        match i.checked_add(step) {
            Some(next) => i = next,
            None => break,
        }
    }
    Ok(result)
}

/// JMESPath truthiness: false, null, "", [] and {} are false; numbers,
/// even 0, are true.
fn is_truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::String(s) => !s.is_empty(),
        Value::Array(items) => !items.is_empty(),
        Value::Object(map) => !map.is_empty(),
        Value::Number(_) => true,
    }
}

fn compare(comparator: Comparator, left: &Value, right: &Value) -> Value {
    let ordering = match comparator {
        Comparator::Eq => return Value::Bool(json_equal(left, right)),
        Comparator::Ne => return Value::Bool(!json_equal(left, right)),
        _ => match (left, right) {
            (Value::Number(a), Value::Number(b)) => compare_numbers(a, b),
            // jmespath.py orders strings too, and AWS users rely on it
            // (e.g. comparing ISO dates).
            (Value::String(a), Value::String(b)) => Some(a.cmp(b)),
            _ => None,
        },
    };
    let Some(ordering) = ordering else {
        return Value::Null;
    };
    Value::Bool(match comparator {
        Comparator::Lt => ordering == Ordering::Less,
        Comparator::Lte => ordering != Ordering::Greater,
        Comparator::Gt => ordering == Ordering::Greater,
        _ => ordering != Ordering::Less,
    })
}

/// Equality with numbers compared by value (`1 == 1.0`) and objects
/// compared regardless of key order.
fn json_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => compare_numbers(x, y) == Some(Ordering::Equal),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| json_equal(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(key, p)| y.get(key).is_some_and(|q| json_equal(p, q)))
        }
        _ => a == b,
    }
}

fn compare_numbers(a: &Number, b: &Number) -> Option<Ordering> {
    if let (Some(x), Some(y)) = (a.as_i64(), b.as_i64()) {
        return Some(x.cmp(&y));
    }
    if let (Some(x), Some(y)) = (a.as_u64(), b.as_u64()) {
        return Some(x.cmp(&y));
    }
    a.as_f64()?.partial_cmp(&b.as_f64()?)
}

// ---------------------------------------------------------------------------
// Functions
// ---------------------------------------------------------------------------

enum Arg<'a> {
    Value(Value),
    Expref(&'a Ast),
}

/// A function's parameter types (jmespath.py's signature notation; an
/// empty list accepts anything) and whether the last one repeats.
struct Signature {
    params: &'static [&'static [&'static str]],
    variadic: bool,
}

const ANY: &[&str] = &[];

fn signature(name: &str) -> Option<Signature> {
    let fixed = |params| {
        Some(Signature {
            params,
            variadic: false,
        })
    };
    match name {
        "abs" | "ceil" | "floor" => fixed(&[&["number"]]),
        "avg" | "sum" => fixed(&[&["array-number"]]),
        "contains" => fixed(&[&["array", "string"], ANY]),
        "ends_with" | "starts_with" => fixed(&[&["string"], &["string"]]),
        "join" => fixed(&[&["string"], &["array-string"]]),
        "keys" | "values" => fixed(&[&["object"]]),
        "length" => fixed(&[&["string", "array", "object"]]),
        "map" => fixed(&[&["expref"], &["array"]]),
        "max" | "min" => fixed(&[&["array-number", "array-string"]]),
        "sort" => fixed(&[&["array-string", "array-number"]]),
        "max_by" | "min_by" | "sort_by" => fixed(&[&["array"], &["expref"]]),
        "merge" => Some(Signature {
            params: &[&["object"]],
            variadic: true,
        }),
        "not_null" => Some(Signature {
            params: &[ANY],
            variadic: true,
        }),
        "reverse" => fixed(&[&["array", "string"]]),
        "to_array" | "to_number" | "to_string" | "type" => fixed(&[ANY]),
        _ => None,
    }
}

fn call_function(name: &str, arg_nodes: &[Ast], current: &Value) -> Result<Value, QueryError> {
    // Like jmespath.py: arguments first, then the function lookup.
    let mut args = Vec::with_capacity(arg_nodes.len());
    for node in arg_nodes {
        args.push(match &node.node {
            Node::Expref(inner) => Arg::Expref(inner),
            _ => Arg::Value(eval(node, current)?),
        });
    }
    let signature =
        signature(name).ok_or_else(|| QueryError::new(format!("Unknown function: {name}()")))?;
    check_arguments(name, &signature, &args)?;
    apply_function(name, &args)
}

fn check_arguments(name: &str, signature: &Signature, args: &[Arg]) -> Result<(), QueryError> {
    let expected = signature.params.len();
    let plural = if expected == 1 { "" } else { "s" };
    if signature.variadic && args.len() < expected {
        return Err(QueryError::new(format!(
            "Expected at least {expected} argument{plural} for function {name}(), received {}",
            args.len()
        )));
    }
    if !signature.variadic && args.len() != expected {
        return Err(QueryError::new(format!(
            "Expected {expected} argument{plural} for function {name}(), received {}",
            args.len()
        )));
    }
    for (arg, types) in args.iter().zip(signature.params) {
        if !types.is_empty() {
            check_type(name, arg, types)?;
        }
    }
    Ok(())
}

/// jmespath.py's `_type_check_single`: checks the argument's own type, then,
/// for `array-<type>`, its elements.
fn check_type(function: &str, arg: &Arg, types: &[&str]) -> Result<(), QueryError> {
    let mut allowed: Vec<&str> = Vec::new();
    let mut element_types: Vec<&[&str]> = Vec::new();
    for spec in types {
        let (outer, inner) = match spec.split_once('-') {
            Some((outer, inner)) => (outer, Some(inner)),
            None => (*spec, None),
        };
        allowed.extend_from_slice(python_types_of(outer));
        if let Some(inner) = inner {
            element_types.push(python_types_of(inner));
        }
    }
    let actual = python_type_of_arg(arg);
    if !allowed.contains(&actual) {
        return Err(type_error(
            function,
            &arg_display(arg),
            jmespath_type_name(actual),
            types,
        ));
    }
    let Arg::Value(Value::Array(items)) = arg else {
        return Ok(());
    };
    let wanted: &[&str] = match element_types.as_slice() {
        [] => return Ok(()),
        [only] => only,
        several => {
            // The first element decides which element type the rest must share.
            let Some(first) = items.first() else {
                return Ok(());
            };
            let first_type = python_type_of(first);
            match several.iter().find(|set| set.contains(&first_type)) {
                Some(set) => set,
                None => return Err(type_error(function, &python_str(first), first_type, types)),
            }
        }
    };
    for item in items {
        let item_type = python_type_of(item);
        if !wanted.contains(&item_type) {
            // jmespath.py reports the Python type name here.
            return Err(type_error(function, &python_str(item), item_type, types));
        }
    }
    Ok(())
}

fn type_error(function: &str, value: &str, actual: &str, expected: &[&str]) -> QueryError {
    let expected: Vec<String> = expected.iter().map(|t| format!("'{t}'")).collect();
    QueryError::new(format!(
        "In function {function}(), invalid type for value: {value}, expected one of: [{}], \
         received: \"{actual}\"",
        expected.join(", ")
    ))
}

fn python_types_of(jmespath_type: &str) -> &'static [&'static str] {
    match jmespath_type {
        "boolean" => &["bool"],
        "array" => &["list"],
        "object" => &["dict"],
        "null" => &["NoneType"],
        "string" => &["str"],
        "number" => &["float", "int"],
        "expref" => &["_Expression"],
        _ => &[],
    }
}

fn python_type_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "NoneType",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_f64() => "float",
        Value::Number(_) => "int",
        Value::String(_) => "str",
        Value::Array(_) => "list",
        Value::Object(_) => "dict",
    }
}

fn python_type_of_arg(arg: &Arg) -> &'static str {
    match arg {
        Arg::Value(value) => python_type_of(value),
        Arg::Expref(_) => "_Expression",
    }
}

fn jmespath_type_name(python_type: &str) -> &'static str {
    match python_type {
        "bool" => "boolean",
        "list" => "array",
        "dict" => "object",
        "NoneType" => "null",
        "str" => "string",
        "float" | "int" => "number",
        "_Expression" => "expref",
        _ => "unknown",
    }
}

fn jmespath_type_of(value: &Value) -> &'static str {
    jmespath_type_name(python_type_of(value))
}

fn arg_display(arg: &Arg) -> String {
    match arg {
        Arg::Value(value) => python_str(value),
        Arg::Expref(_) => "<expression>".to_string(),
    }
}

fn value_arg<'v>(args: &'v [Arg], index: usize) -> &'v Value {
    match args.get(index) {
        Some(Arg::Value(value)) => value,
        _ => &NULL,
    }
}

fn array_arg<'v>(args: &'v [Arg], index: usize) -> &'v [Value] {
    match value_arg(args, index) {
        Value::Array(items) => items,
        _ => &[],
    }
}

fn string_arg<'v>(args: &'v [Arg], index: usize) -> &'v str {
    match value_arg(args, index) {
        Value::String(s) => s,
        _ => "",
    }
}

fn expref_arg<'v>(args: &'v [Arg], index: usize) -> Option<&'v Ast> {
    match args.get(index) {
        Some(Arg::Expref(ast)) => Some(ast),
        _ => None,
    }
}

/// Runs a function whose arguments have passed [`check_arguments`].
fn apply_function(name: &str, args: &[Arg]) -> Result<Value, QueryError> {
    let first = value_arg(args, 0);
    Ok(match name {
        "abs" => match first {
            Value::Number(n) => match n.as_i64() {
                Some(i) => i
                    .checked_abs()
                    .map_or_else(|| float(-(i as f64)), Value::from),
                None if n.is_u64() => Value::Number(n.clone()),
                None => float(n.as_f64().unwrap_or(0.0).abs()),
            },
            _ => Value::Null,
        },
        "avg" => {
            let items = array_arg(args, 0);
            if items.is_empty() {
                Value::Null
            } else {
                let total: f64 = items.iter().filter_map(Value::as_f64).sum();
                float(total / items.len() as f64)
            }
        }
        "ceil" | "floor" => match first {
            Value::Number(n) if n.is_f64() => {
                let x = n.as_f64().unwrap_or(0.0);
                let rounded = if name == "ceil" { x.ceil() } else { x.floor() };
                whole_number(rounded)
            }
            other => other.clone(),
        },
        "contains" => {
            let search = value_arg(args, 1);
            Value::Bool(match first {
                Value::Array(items) => items.iter().any(|item| json_equal(item, search)),
                Value::String(s) => match search {
                    Value::String(needle) => s.contains(needle.as_str()),
                    _ => false,
                },
                _ => false,
            })
        }
        "ends_with" => Value::Bool(string_arg(args, 0).ends_with(string_arg(args, 1))),
        "starts_with" => Value::Bool(string_arg(args, 0).starts_with(string_arg(args, 1))),
        "join" => {
            let parts: Vec<&str> = array_arg(args, 1)
                .iter()
                .filter_map(Value::as_str)
                .collect();
            Value::String(parts.join(string_arg(args, 0)))
        }
        "keys" => match first {
            Value::Object(map) => Value::Array(map.keys().cloned().map(Value::String).collect()),
            _ => Value::Null,
        },
        "values" => match first {
            Value::Object(map) => Value::Array(map.values().cloned().collect()),
            _ => Value::Null,
        },
        "length" => Value::from(match first {
            Value::String(s) => s.chars().count(),
            Value::Array(items) => items.len(),
            Value::Object(map) => map.len(),
            _ => 0,
        }),
        "map" => {
            let Some(expression) = expref_arg(args, 0) else {
                return Ok(Value::Null);
            };
            let mut mapped = Vec::new();
            for item in array_arg(args, 1) {
                mapped.push(eval(expression, item)?);
            }
            Value::Array(mapped)
        }
        "max" | "min" => {
            let wanted = if name == "max" {
                Ordering::Greater
            } else {
                Ordering::Less
            };
            let mut best: Option<&Value> = None;
            for item in array_arg(args, 0) {
                // The first of equal extremes wins, as with Python's max().
                if best.is_none_or(|b| order_values(item, b) == wanted) {
                    best = Some(item);
                }
            }
            best.cloned().unwrap_or(Value::Null)
        }
        "max_by" | "min_by" => extreme_by(name, args)?,
        "merge" => {
            let mut merged = Map::new();
            for index in 0..args.len() {
                if let Value::Object(map) = value_arg(args, index) {
                    for (key, value) in map {
                        merged.insert(key.clone(), value.clone());
                    }
                }
            }
            Value::Object(merged)
        }
        "not_null" => (0..args.len())
            .map(|index| value_arg(args, index))
            .find(|value| !value.is_null())
            .cloned()
            .unwrap_or(Value::Null),
        "reverse" => match first {
            Value::String(s) => Value::String(s.chars().rev().collect()),
            Value::Array(items) => Value::Array(items.iter().rev().cloned().collect()),
            _ => Value::Null,
        },
        "sort" => {
            let mut items = array_arg(args, 0).to_vec();
            items.sort_by(order_values);
            Value::Array(items)
        }
        "sort_by" => sort_by(args)?,
        "sum" => sum(array_arg(args, 0)),
        "to_array" => match first {
            Value::Array(_) => first.clone(),
            other => Value::Array(vec![other.clone()]),
        },
        "to_number" => to_number(first),
        "to_string" => match first {
            Value::String(_) => first.clone(),
            other => {
                let mut out = String::new();
                write_compact_json(other, &mut out);
                Value::String(out)
            }
        },
        "type" => match args.first() {
            Some(Arg::Value(value)) => Value::from(jmespath_type_of(value)),
            _ => Value::Null,
        },
        _ => return Err(QueryError::new(format!("Unknown function: {name}()"))),
    })
}

fn float(x: f64) -> Value {
    Number::from_f64(x).map_or(Value::Null, Value::Number)
}

/// Python's `math.ceil`/`math.floor` return ints.
fn whole_number(x: f64) -> Value {
    if x.abs() < 9.0e18 {
        Value::from(x as i64)
    } else {
        float(x)
    }
}

/// Orders two numbers or two strings; mixed pairs (rejected by the type
/// checks before this is called) count as equal.
fn order_values(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        // A total order (sorting needs one, and may panic without it): by the
        // float value, then — for integers too large for a float to tell apart —
        // by the exact integer.
        (Value::Number(x), Value::Number(y)) => {
            let key = |n: &Number| {
                let exact = n
                    .as_i64()
                    .map(i128::from)
                    .or_else(|| n.as_u64().map(i128::from));
                (n.as_f64().unwrap_or(0.0), exact)
            };
            let ((fx, ix), (fy, iy)) = (key(x), key(y));
            fx.total_cmp(&fy).then(ix.cmp(&iy))
        }
        (Value::String(x), Value::String(y)) => x.cmp(y),
        _ => Ordering::Equal,
    }
}

fn sum(items: &[Value]) -> Value {
    let mut integer_total: Option<i64> = Some(0);
    let mut float_total = 0.0;
    for item in items {
        let Value::Number(n) = item else { continue };
        float_total += n.as_f64().unwrap_or(0.0);
        integer_total = match (integer_total, n.as_i64()) {
            (Some(total), Some(i)) => total.checked_add(i),
            _ => None,
        };
    }
    match integer_total {
        Some(total) => Value::from(total),
        None => float(float_total),
    }
}

/// Evaluates `expression` on `item` and checks the key is one of `allowed`.
fn sort_key(
    function: &str,
    expression: &Ast,
    item: &Value,
    allowed: &[&str],
) -> Result<Value, QueryError> {
    let key = eval(expression, item)?;
    let key_type = jmespath_type_of(&key);
    if !allowed.contains(&key_type) {
        return Err(type_error(function, &python_str(&key), key_type, allowed));
    }
    Ok(key)
}

fn sort_by(args: &[Arg]) -> Result<Value, QueryError> {
    let items = array_arg(args, 0);
    let (Some(first), Some(expression)) = (items.first(), expref_arg(args, 1)) else {
        return Ok(Value::Array(items.to_vec()));
    };
    // The first key fixes the type every other key must have.
    let required = jmespath_type_of(&eval(expression, first)?);
    if required != "number" && required != "string" {
        return Err(type_error(
            "sort_by",
            &python_str(first),
            required,
            &["string", "number"],
        ));
    }
    let mut keyed = Vec::with_capacity(items.len());
    for item in items {
        keyed.push((sort_key("sort_by", expression, item, &[required])?, item));
    }
    keyed.sort_by(|(a, _), (b, _)| order_values(a, b));
    Ok(Value::Array(
        keyed.into_iter().map(|(_, item)| item.clone()).collect(),
    ))
}

fn extreme_by(name: &str, args: &[Arg]) -> Result<Value, QueryError> {
    let Some(expression) = expref_arg(args, 1) else {
        return Ok(Value::Null);
    };
    let wanted = if name == "max_by" {
        Ordering::Greater
    } else {
        Ordering::Less
    };
    let mut best: Option<(Value, &Value)> = None;
    for item in array_arg(args, 0) {
        let key = sort_key(name, expression, item, &["number", "string"])?;
        let better = match &best {
            None => true,
            Some((best_key, _)) => {
                if jmespath_type_of(&key) != jmespath_type_of(best_key) {
                    // Python cannot compare a number with a string either.
                    return Err(type_error(
                        name,
                        &python_str(&key),
                        jmespath_type_of(&key),
                        &[jmespath_type_of(best_key)],
                    ));
                }
                order_values(&key, best_key) == wanted
            }
        };
        if better {
            best = Some((key, item));
        }
    }
    Ok(best.map_or(Value::Null, |(_, item)| item.clone()))
}

/// Python's `int(s)`, falling back to `float(s)`; null when neither parses.
fn to_number(value: &Value) -> Value {
    match value {
        Value::Number(_) => value.clone(),
        Value::String(s) => {
            let text = s.trim();
            let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
            if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                if let Ok(i) = text.parse::<i64>() {
                    return Value::from(i);
                }
            }
            match text.parse::<f64>() {
                Ok(x) if x.is_finite() => float(x),
                _ => Value::Null,
            }
        }
        _ => Value::Null,
    }
}

// ---------------------------------------------------------------------------
// Python-compatible renderings (to_string and error messages)
// ---------------------------------------------------------------------------

/// `json.dumps(value, separators=(',', ':'))`: compact and ASCII-only.
fn write_compact_json(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&python_number(n)),
        Value::String(s) => write_ascii_json_string(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_compact_json(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (key, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_ascii_json_string(key, out);
                out.push(':');
                write_compact_json(item, out);
            }
            out.push('}');
        }
    }
}

fn write_ascii_json_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            ' '..='~' => out.push(c),
            _ => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::console::python::python_float_repr;
    use serde_json::json;

    fn vpcs() -> Value {
        json!({
            "Vpcs": [
                {"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16", "IsDefault": true,
                 "Tags": [{"Key": "Name", "Value": "default"}]},
                {"VpcId": "vpc-2", "CidrBlock": "10.1.0.0/16", "IsDefault": false,
                 "Tags": [{"Key": "Name", "Value": "main"}, {"Key": "env", "Value": "prod"}]},
                {"VpcId": "vpc-3", "CidrBlock": "172.16.0.0/12", "IsDefault": false}
            ],
            "Subnets": [
                {"SubnetId": "subnet-a", "AvailabilityZone": "ap-northeast-1a", "Free": 250},
                {"SubnetId": "subnet-b", "AvailabilityZone": "ap-northeast-1c", "Free": 10},
                {"SubnetId": "subnet-c", "AvailabilityZone": "ap-northeast-1a", "Free": 0}
            ],
            "Reservations": [
                {"Instances": [{"InstanceId": "i-1", "State": {"Name": "running"}},
                               {"InstanceId": "i-2", "State": {"Name": "stopped"}}]},
                {"Instances": [{"InstanceId": "i-3", "State": {"Name": "running"}}]}
            ],
            "foo-bar": "quoted",
            "Numbers": [3, 1.5, -2, 10],
            "Words": ["b", "a", "c"]
        })
    }

    fn query(expression: &str) -> Value {
        match search(expression, &vpcs()) {
            Ok(value) => value,
            Err(error) => panic!("{expression}: {error}"),
        }
    }

    fn error(expression: &str) -> String {
        match search(expression, &vpcs()) {
            Ok(value) => panic!("{expression}: expected an error, got {value}"),
            Err(error) => error.message,
        }
    }

    #[test]
    fn identifiers_and_subexpressions() {
        assert_eq!(query("Vpcs[0].VpcId"), json!("vpc-1"));
        assert_eq!(query("\"foo-bar\""), json!("quoted"));
        assert_eq!(query("Vpcs[0].Tags[0].Value"), json!("default"));
        assert_eq!(query("Missing.Deeper.Still"), Value::Null);
        assert_eq!(query("Vpcs.VpcId"), Value::Null);
        assert_eq!(search("a.b", &json!({"a": {"b": [1]}})), Ok(json!([1])));
    }

    #[test]
    fn indexes_and_slices() {
        assert_eq!(query("Vpcs[-1].VpcId"), json!("vpc-3"));
        assert_eq!(query("Vpcs[5]"), Value::Null);
        assert_eq!(query("Subnets[0].SubnetId[0]"), Value::Null);
        assert_eq!(query("Vpcs[0:2].VpcId"), json!(["vpc-1", "vpc-2"]));
        assert_eq!(
            query("Vpcs[::-1].VpcId"),
            json!(["vpc-3", "vpc-2", "vpc-1"])
        );
        assert_eq!(query("Words[1:]"), json!(["a", "c"]));
        assert_eq!(query("Words[-2::-1]"), json!(["a", "b"]));
        assert_eq!(query("Words[10:]"), json!([]));
        assert_eq!(error("Words[::0]"), "slice step cannot be zero".to_string());
    }

    #[test]
    fn projections() {
        assert_eq!(query("Vpcs[*].VpcId"), json!(["vpc-1", "vpc-2", "vpc-3"]));
        assert_eq!(
            query("Reservations[].Instances[].InstanceId"),
            json!(["i-1", "i-2", "i-3"])
        );
        assert_eq!(
            query("Reservations[*].Instances[*].InstanceId"),
            json!([["i-1", "i-2"], ["i-3"]])
        );
        // Null results are dropped from projections.
        assert_eq!(query("Vpcs[*].Tags[0].Value"), json!(["default", "main"]));
        assert_eq!(
            query("Vpcs[0].*"),
            json!(["vpc-1", "10.0.0.0/16", true, [{"Key": "Name", "Value": "default"}]])
        );
        assert_eq!(query("Vpcs[0].Tags[0].*"), json!(["Name", "default"]));
        assert_eq!(query("Subnets.*"), Value::Null);
        assert_eq!(query("Missing[*].x"), Value::Null);
    }

    #[test]
    fn filters() {
        assert_eq!(
            query("Subnets[?AvailabilityZone=='ap-northeast-1a'].SubnetId"),
            json!(["subnet-a", "subnet-c"])
        );
        assert_eq!(query("Vpcs[?IsDefault].VpcId"), json!(["vpc-1"]));
        assert_eq!(query("Vpcs[?!IsDefault].VpcId"), json!(["vpc-2", "vpc-3"]));
        assert_eq!(
            query("Subnets[?Free > `5`].SubnetId"),
            json!(["subnet-a", "subnet-b"])
        );
        assert_eq!(
            query("Subnets[?Free <= `10`].SubnetId"),
            json!(["subnet-b", "subnet-c"])
        );
        assert_eq!(
            query("Subnets[?Free >= `250`].SubnetId"),
            json!(["subnet-a"])
        );
        assert_eq!(query("Subnets[?Free < `1`].SubnetId"), json!(["subnet-c"]));
        assert_eq!(query("Subnets[?Free != `0`] | length(@)"), json!(2));
        assert_eq!(
            query("Subnets[?AvailabilityZone=='ap-northeast-1a' && Free > `0`].SubnetId"),
            json!(["subnet-a"])
        );
        assert_eq!(
            query("Subnets[?(Free == `0` || Free == `10`)].SubnetId"),
            json!(["subnet-b", "subnet-c"])
        );
        assert_eq!(query("Vpcs[?Tags[?Key=='env']].VpcId"), json!(["vpc-2"]));
        // 0 is truthy in JMESPath; ordering a string against a number is null.
        assert_eq!(
            query("Subnets[?Free].SubnetId"),
            json!(["subnet-a", "subnet-b", "subnet-c"])
        );
        assert_eq!(query("Subnets[?SubnetId > `1`]"), json!([]));
        // jmespath.py (and so the CLI) orders strings.
        assert_eq!(query("Words[?@ > 'a']"), json!(["b", "c"]));
        assert_eq!(query("Numbers[?@ == `1.5`]"), json!([1.5]));
        assert_eq!(
            search("[?@ == `1`]", &json!([1.0, 1, true])),
            Ok(json!([1.0, 1]))
        );
    }

    #[test]
    fn multiselect_pipe_and_current() {
        assert_eq!(
            query("Vpcs[0].[VpcId, CidrBlock]"),
            json!(["vpc-1", "10.0.0.0/16"])
        );
        assert_eq!(
            query("Subnets[*].{id: SubnetId, az: AvailabilityZone}[0]"),
            json!({"id": "subnet-a", "az": "ap-northeast-1a"})
        );
        assert_eq!(
            query("Vpcs[:2].{id: VpcId, \"cidr block\": CidrBlock}"),
            json!([{"id": "vpc-1", "cidr block": "10.0.0.0/16"},
                   {"id": "vpc-2", "cidr block": "10.1.0.0/16"}])
        );
        assert_eq!(query("Subnets[*].SubnetId | [0]"), json!("subnet-a"));
        assert_eq!(query("Subnets[*].SubnetId[0]"), json!([]));
        assert_eq!(query("Words | @[1]"), json!("a"));
        assert_eq!(query("Missing.[a, b]"), Value::Null);
        assert_eq!(query("[`1`, 'two', `null`]"), json!([1, "two", null]));
        assert_eq!(query("Vpcs[0].VpcId || 'none'"), json!("vpc-1"));
        assert_eq!(query("Missing || 'none'"), json!("none"));
        assert_eq!(query("Words && `false`"), json!(false));
    }

    #[test]
    fn slice_after_index_is_not_a_projection_as_in_jmespath_py() {
        let data = json!({"a": [[{"b": 1}, {"b": 2}, {"b": 3}]]});
        assert_eq!(search("a[0][0:2].b", &data), Ok(Value::Null));
        assert_eq!(search("a[0] | [0:2].b", &data), Ok(json!([1, 2])));
    }

    #[test]
    fn functions() {
        assert_eq!(query("length(Vpcs)"), json!(3));
        assert_eq!(query("length('日本')"), json!(2));
        assert_eq!(query("sort(Words)"), json!(["a", "b", "c"]));
        assert_eq!(query("sort(Numbers)"), json!([-2, 1.5, 3, 10]));
        assert_eq!(
            query("sort_by(Subnets, &Free)[*].SubnetId"),
            json!(["subnet-c", "subnet-b", "subnet-a"])
        );
        assert_eq!(query("max_by(Subnets, &Free).SubnetId"), json!("subnet-a"));
        assert_eq!(query("min_by(Subnets, &Free).SubnetId"), json!("subnet-c"));
        assert_eq!(query("contains(Words, 'a')"), json!(true));
        assert_eq!(query("contains('vpc-1', 'pc')"), json!(true));
        assert_eq!(
            query("Vpcs[?starts_with(CidrBlock, '10.')].VpcId"),
            json!(["vpc-1", "vpc-2"])
        );
        assert_eq!(query("ends_with('abc', 'bc')"), json!(true));
        assert_eq!(
            query("join(', ', Vpcs[*].VpcId)"),
            json!("vpc-1, vpc-2, vpc-3")
        );
        assert_eq!(query("keys(Vpcs[0].Tags[0])"), json!(["Key", "Value"]));
        assert_eq!(query("values(Vpcs[0].Tags[0])"), json!(["Name", "default"]));
        assert_eq!(
            query("to_string(Vpcs[0].Tags[0])"),
            json!("{\"Key\":\"Name\",\"Value\":\"default\"}")
        );
        assert_eq!(
            query("to_string(`[\"é\", 1.0]`)"),
            json!("[\"\\u00e9\",1.0]")
        );
        assert_eq!(query("to_string('x')"), json!("x"));
        assert_eq!(query("to_number('42')"), json!(42));
        assert_eq!(query("to_number('1.5')"), json!(1.5));
        assert_eq!(query("to_number('abc')"), Value::Null);
        assert_eq!(query("reverse(Words)"), json!(["c", "a", "b"]));
        assert_eq!(query("reverse('abc')"), json!("cba"));
        assert_eq!(query("max(Numbers)"), json!(10));
        assert_eq!(query("min(Words)"), json!("a"));
        assert_eq!(query("max(`[]`)"), Value::Null);
        assert_eq!(query("sum(Subnets[*].Free)"), json!(260));
        assert_eq!(query("sum(Numbers)"), json!(12.5));
        assert_eq!(query("avg(`[1, 2]`)"), json!(1.5));
        assert_eq!(query("type(Vpcs)"), json!("array"));
        assert_eq!(
            query("[type(`1`), type('a'), type(`true`), type(`null`), type(@)]"),
            json!(["number", "string", "boolean", "null", "object"])
        );
        assert_eq!(query("not_null(Missing, Vpcs[0].VpcId)"), json!("vpc-1"));
        assert_eq!(query("abs(`-3`)"), json!(3));
        assert_eq!(query("[ceil(`1.2`), floor(`1.8`)]"), json!([2, 1]));
        assert_eq!(query("to_array('x')"), json!(["x"]));
        assert_eq!(query("map(&Free, Subnets)"), json!([250, 10, 0]));
        assert_eq!(
            query("merge(`{\"a\": 1}`, `{\"a\": 2, \"b\": 3}`)"),
            json!({"a": 2, "b": 3})
        );
    }

    #[test]
    fn error_messages_match_the_cli() {
        assert_eq!(
            error("Vpcs[$]"),
            "Bad jmespath expression: Unknown token $:\nVpcs[$]\n     ^"
        );
        assert_eq!(
            error("foo("),
            "Invalid jmespath expression: Incomplete expression:\n\"foo(\"\n     ^"
        );
        assert_eq!(
            error("foo]"),
            "Unexpected token: ]: Parse error at column 3, token \"]\" (RBRACKET), for \
             expression:\n\"foo]\"\n    ^"
        );
        assert_eq!(
            error("a.b."),
            "Expecting: ['quoted_identifier', 'unquoted_identifier', 'lbracket', 'lbrace'], \
             got: eof: Parse error at column 4, token \"\" (EOF), for expression:\n\"a.b.\"\n     ^"
        );
        assert_eq!(
            error("Vpcs[?VpcId = 'x']"),
            "Bad jmespath expression: Unknown token '=':\nVpcs[?VpcId = 'x']\n            ^"
        );
        assert_eq!(
            error("\"foo"),
            "Bad jmespath expression: Unclosed \" delimiter:\n\"foo\n^"
        );
        assert_eq!(error("foo(@)"), "Unknown function: foo()");
        assert_eq!(
            error("length(@, @)"),
            "Expected 1 argument for function length(), received 2"
        );
        assert_eq!(
            error("not_null()"),
            "Expected at least 1 argument for function not_null(), received 0"
        );
        assert_eq!(
            error("length(`1`)"),
            "In function length(), invalid type for value: 1, expected one of: ['string', \
             'array', 'object'], received: \"number\""
        );
        assert_eq!(
            error("sort(`[1, \"a\"]`)"),
            "In function sort(), invalid type for value: a, expected one of: ['array-string', \
             'array-number'], received: \"str\""
        );
        assert_eq!(
            error("sort_by(Vpcs, &Tags)"),
            "In function sort_by(), invalid type for value: {'VpcId': 'vpc-1', 'CidrBlock': \
             '10.0.0.0/16', 'IsDefault': True, 'Tags': [{'Key': 'Name', 'Value': 'default'}]}, \
             expected one of: ['string', 'number'], received: \"array\""
        );
        assert_eq!(
            error("sort_by(Vpcs, &Tags[0].Key)"),
            "In function sort_by(), invalid type for value: None, expected one of: ['string'], \
             received: \"null\""
        );
        assert_eq!(error(""), "Invalid JMESPath expression: cannot be empty.");
        assert_eq!(
            error("Vpcs[a]"),
            "Expecting: star, got: unquoted_identifier: Parse error at column 5, token \"a\" \
             (UNQUOTED_IDENTIFIER), for expression:\n\"Vpcs[a]\"\n      ^"
        );
        // As in jmespath.py, an unknown function is only noticed when called.
        assert_eq!(query("Missing[*].nope(@)"), Value::Null);
    }

    #[test]
    fn errors_display_their_message() {
        let error = QueryError::new("boom");
        assert_eq!(error.to_string(), "boom");
        let boxed: Box<dyn std::error::Error> = Box::new(error);
        assert_eq!(boxed.to_string(), "boom");
    }

    #[test]
    fn python_float_repr_matches_python() {
        let cases = [
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (1.0, "1.0"),
            (1.5, "1.5"),
            (0.1, "0.1"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1e15, "1000000000000000.0"),
            (1e16, "1e+16"),
            (1.5e16, "1.5e+16"),
            (123456.789, "123456.789"),
            (-2.5e-7, "-2.5e-07"),
            (1e100, "1e+100"),
        ];
        for (x, expected) in cases {
            assert_eq!(python_float_repr(x), expected);
        }
    }

    #[test]
    fn nesting_up_to_the_limit_evaluates() {
        let depth = MAX_NESTING - 1;
        let nested = format!("{}@{}", "[".repeat(depth), "]".repeat(depth));
        let mut expected = json!(1);
        for _ in 0..depth {
            expected = json!([expected]);
        }
        assert_eq!(search(&nested, &json!(1)), Ok(expected));
        let ors = vec!["Missing"; depth].join(" || ") + " || 'x'";
        assert_eq!(query(&ors), json!("x"));
        let chain = vec!["a"; 5000].join(".");
        assert_eq!(search(&chain, &json!({"a": 1})), Ok(Value::Null));
    }

    #[test]
    fn hostile_nesting_is_an_error_not_a_stack_overflow() {
        let hostile = [
            "[".repeat(10_000),
            "(".repeat(10_000) + "a",
            "!".repeat(10_000) + "a",
            "&".repeat(10_001) + "a",
            "{a:".repeat(10_000),
            "a".to_string() + &"[*]".repeat(10_000),
            "a".to_string() + &"[0]".repeat(10_000),
            "a".to_string() + &"[]".repeat(10_000),
            vec!["a"; 10_000].join(" || "),
            vec!["a"; 10_000].join(" | "),
            vec!["a"; 10_000].join(" == "),
            "length(".repeat(10_000),
            format!("a[?{}]", "b[?".repeat(5_000)),
        ];
        for expression in &hostile {
            assert!(
                search(expression, &vpcs()).is_err(),
                "{}",
                &expression[..20]
            );
        }
        // Too deep for JSON, so (as in jmespath.py's fallback) a string.
        let literal = format!("`{}`", "[".repeat(10_000));
        assert_eq!(
            search(&literal, &Value::Null),
            Ok(json!("[".repeat(10_000)))
        );
    }

    /// A deterministic linear congruential generator: no crates needed.
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            self.0 >> 33
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    #[test]
    fn garbage_never_panics() {
        const PIECES: &[&str] = &[
            "[",
            "]",
            "{",
            "}",
            "(",
            ")",
            ".",
            ",",
            ":",
            "*",
            "?",
            "@",
            "&",
            "&&",
            "|",
            "||",
            "!",
            "!=",
            "==",
            "<",
            "<=",
            ">",
            ">=",
            "=",
            "'",
            "\"",
            "`",
            "\\",
            "-",
            "0",
            "1",
            "-1",
            "9999999999999999999999",
            " ",
            "a",
            "Vpcs",
            "VpcId",
            "Subnets",
            "Free",
            "[?",
            "[]",
            "[*]",
            "[:",
            "::",
            "length(",
            "sort_by(",
            "&Free",
            "max_by(",
            "to_number(",
            "join(",
            "'x'",
            "`1`",
            "`[1,2]`",
            "`{\"a\":1}`",
            "é",
            "日本",
            "\u{0}",
            "$",
            "#",
        ];
        let mut rng = Lcg(0x5eed);
        let data = vpcs();
        let mut outcomes = [0usize; 2];
        for _ in 0..5_000 {
            let mut expression = String::new();
            for _ in 0..rng.below(16) {
                expression.push_str(PIECES[rng.below(PIECES.len())]);
            }
            let result = search(&expression, &data);
            outcomes[usize::from(result.is_ok())] += 1;
        }
        // Both paths were exercised.
        assert!(outcomes[0] > 0 && outcomes[1] > 0, "{outcomes:?}");
    }
}
