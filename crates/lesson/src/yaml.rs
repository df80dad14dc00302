//! The part of YAML that AppSpec files and `--cli-input-yaml` inputs use,
//! read into JSON values: block mappings and sequences (with `- key: value`
//! items), plain, single- and double-quoted scalars, flow sequences of
//! scalars (`[a, b]`), literal blocks (`|`, `|-`) as map values, comments
//! and a leading `---`. Anchors, tags, folded scalars and flow mappings
//! (other than `{}`) get a message naming the line. A full YAML crate would
//! cost the bundle more than these inputs need. [`to_string`] writes the
//! block style this reads (for exports: AppSpecs, CloudFormation templates).

use serde_json::{Map, Number, Value};

/// One meaningful line: its indentation and text without the comment.
struct Line<'a> {
    number: usize,
    indent: usize,
    text: &'a str,
    /// Its index among the source's lines, for literal blocks (`|`), which
    /// keep blank lines, `#` and spacing.
    index: usize,
    #[allow(dead_code)]
    raw: &'a str,
}

/// The meaningful lines, and every source line for literal blocks.
struct Doc<'a> {
    lines: Vec<Line<'a>>,
    source: Vec<&'a str>,
}

fn error(line: usize, message: &str) -> String {
    format!("YAML line {line}: {message}")
}

/// Deepest nesting read (blocks, and flow lists inside each other): far past
/// any AppSpec or lesson, and short of the stack's end.
const MAX_NESTING: usize = 64;

/// Refuses a block nested deeper than [`MAX_NESTING`] (its path has a `/` a level).
fn check_nesting(path: &str, number: usize) -> Result<(), String> {
    if path.matches('/').count() > MAX_NESTING {
        return Err(error(number, "nested more than 64 levels deep"));
    }
    Ok(())
}

/// Text without a trailing `# comment` (a `#` inside quotes stays).
fn strip_comment(text: &str) -> &str {
    let mut quote = None;
    let mut previous = ' ';
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '#') if previous == ' ' || previous == '\t' => return &text[..i],
            _ => {}
        }
        previous = c;
    }
    text
}

fn lines(source: &str) -> Result<Vec<Line<'_>>, String> {
    let mut out = Vec::new();
    for (i, raw) in source.lines().enumerate() {
        let number = i + 1;
        let text = strip_comment(raw).trim_end();
        let trimmed = text.trim_start();
        if trimmed.is_empty() || (out.is_empty() && trimmed == "---") {
            continue;
        }
        if text.starts_with('\t') {
            return Err(error(number, "indent with spaces, not tabs"));
        }
        out.push(Line {
            number,
            indent: text.len() - trimmed.len(),
            text: trimmed,
            index: i,
            raw: raw.trim_end(),
        });
    }
    Ok(out)
}

/// Where each value came from: JSON pointer (`/steps/0/title`) → line number.
pub type LineMap = std::collections::BTreeMap<String, usize>;

/// Parses YAML text into a JSON value.
pub fn parse(source: &str) -> Result<Value, String> {
    parse_with_lines(source).map(|(value, _)| value)
}

/// Parses YAML text into a JSON value, with the line each key and list item is on
/// (so a check of the value can name the line to fix).
pub fn parse_with_lines(source: &str) -> Result<(Value, LineMap), String> {
    let doc = Doc {
        lines: lines(source)?,
        source: source.lines().collect(),
    };
    let lines = &doc.lines;
    if lines.is_empty() {
        return Err("The YAML document is empty.".into());
    }
    let mut pos = 0;
    let mut at = LineMap::new();
    let value = block(&doc, &mut pos, lines[0].indent, "", &mut at)?;
    if let Some(extra) = lines.get(pos) {
        return Err(error(
            extra.number,
            "this line is indented less than the document's first line, or out of place",
        ));
    }
    Ok((value, at))
}

/// A key as a JSON pointer segment.
fn segment(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// A block (mapping or sequence) whose lines start at `indent`.
fn block(
    doc: &Doc,
    pos: &mut usize,
    indent: usize,
    path: &str,
    at: &mut LineMap,
) -> Result<Value, String> {
    let Some(first) = doc.lines.get(*pos) else {
        return Ok(Value::Null);
    };
    check_nesting(path, first.number)?;
    if first.text == "-" || first.text.starts_with("- ") {
        sequence(doc, pos, indent, path, at)
    } else {
        mapping(doc, pos, indent, None, path, at)
    }
}

fn sequence(
    doc: &Doc,
    pos: &mut usize,
    indent: usize,
    path: &str,
    at: &mut LineMap,
) -> Result<Value, String> {
    let lines = &doc.lines;
    let mut items = Vec::new();
    while let Some(line) = lines.get(*pos) {
        if line.indent < indent {
            break;
        }
        if line.indent > indent {
            return Err(error(line.number, "unexpected indentation inside a list"));
        }
        let Some(rest) = line.text.strip_prefix('-') else {
            return Err(error(
                line.number,
                "expected a list item starting with '- '",
            ));
        };
        if !rest.is_empty() && !rest.starts_with(' ') {
            return Err(error(line.number, "put a space after '-'"));
        }
        let rest = rest.trim_start();
        *pos += 1;
        let item = format!("{path}/{}", items.len());
        at.insert(item.clone(), line.number);
        if rest.is_empty() {
            // The item's content is the nested block on the following lines.
            match lines.get(*pos) {
                Some(next) if next.indent > indent => {
                    let inner = next.indent;
                    items.push(block(doc, pos, inner, &item, at)?);
                }
                _ => items.push(Value::Null),
            }
        } else if key_value(rest).is_some() {
            // `- key: value` opens a mapping whose further keys line up with `key`.
            let inner = indent + (line.text.len() - rest.len());
            items.push(mapping(
                doc,
                pos,
                inner,
                Some((line.number, rest)),
                &item,
                at,
            )?);
        } else {
            items.push(scalar(rest, line.number)?);
        }
    }
    Ok(Value::Array(items))
}

/// `key: value` or `key:`; the key may be quoted.
fn key_value(text: &str) -> Option<(String, &str)> {
    if text.starts_with('[') || text.starts_with('{') {
        return None;
    }
    let (key, rest) = if let Some(quote @ ('"' | '\'')) = text.chars().next() {
        let end = text[1..].find(quote)? + 1;
        let rest = text[end + 1..].strip_prefix(':')?;
        (text[1..end].to_string(), rest)
    } else {
        let at = text
            .find(": ")
            .or_else(|| text.ends_with(':').then(|| text.len() - 1))?;
        (text[..at].trim_end().to_string(), &text[at + 1..])
    };
    if !rest.is_empty() && !rest.starts_with(' ') {
        return None;
    }
    Some((key, rest.trim()))
}

fn mapping(
    doc: &Doc,
    pos: &mut usize,
    indent: usize,
    first: Option<(usize, &str)>,
    path: &str,
    at: &mut LineMap,
) -> Result<Value, String> {
    let lines = &doc.lines;
    let mut map = Map::new();
    let mut pending = first;
    loop {
        let (number, text) = match pending.take() {
            Some(entry) => entry,
            None => {
                let Some(line) = lines.get(*pos) else { break };
                if line.indent < indent {
                    break;
                }
                if line.indent > indent {
                    return Err(error(line.number, "unexpected indentation"));
                }
                *pos += 1;
                (line.number, line.text)
            }
        };
        let (key, rest) = key_value(text).ok_or_else(|| error(number, "expected 'key: value'"))?;
        if map.contains_key(&key) {
            return Err(error(number, &format!("the key {key} appears twice")));
        }
        let here = format!("{path}/{}", segment(&key));
        at.insert(here.clone(), number);
        let value = if rest == "|" || rest == "|-" {
            // A literal block: the source lines that follow, blank ones included,
            // up to the first that is indented no deeper than the key.
            let inner = lines
                .get(*pos)
                .filter(|l| l.indent > indent)
                .map_or(0, |l| l.indent);
            let end_line = lines
                .get(*pos..)
                .unwrap_or_default()
                .iter()
                .find(|l| l.indent <= indent)
                .map_or(doc.source.len(), |l| l.index);
            let start_line = lines
                .get(pos.saturating_sub(1))
                .map_or(end_line, |l| l.index + 1);
            let mut block: Vec<&str> = doc
                .source
                .get(start_line..end_line)
                .unwrap_or_default()
                .iter()
                .map(|raw| raw.trim_end().get(inner..).unwrap_or_default())
                .collect();
            while block.last().is_some_and(|l| l.is_empty()) {
                block.pop();
            }
            while lines.get(*pos).is_some_and(|l| l.index < end_line) {
                *pos += 1;
            }
            let mut text = block.join("\n");
            if rest == "|" && !text.is_empty() {
                text.push('\n');
            }
            Value::String(text)
        } else if rest.is_empty() {
            match lines.get(*pos) {
                Some(next) if next.indent > indent => {
                    let inner = next.indent;
                    block(doc, pos, inner, &here, at)?
                }
                // A list may sit at the same indentation as its key.
                Some(next) if next.indent == indent && next.text.starts_with("- ") => {
                    sequence(doc, pos, indent, &here, at)?
                }
                _ => Value::Null,
            }
        } else {
            scalar(rest, number)?
        };
        map.insert(key, value);
    }
    Ok(Value::Object(map))
}

fn scalar(text: &str, number: usize) -> Result<Value, String> {
    flow_scalar(text, number, 0)
}

/// A scalar, or a flow list `depth` lists deep.
fn flow_scalar(text: &str, number: usize, depth: usize) -> Result<Value, String> {
    if depth > MAX_NESTING {
        return Err(error(number, "flow lists nested more than 64 levels deep"));
    }
    let text = text.trim();
    // The empty flow mapping is read (a writer's way to say "no keys").
    if text == "{}" {
        return Ok(Value::Object(serde_json::Map::new()));
    }
    match text.chars().next() {
        Some('&' | '*') => {
            return Err(error(
                number,
                "anchors and aliases (& and *) are not read here",
            ))
        }
        Some('!') => return Err(error(number, "tags (!) are not read here")),
        Some('|' | '>') => {
            return Err(error(
                number,
                "multi-line scalars (| and >) are not read here; write the value on one line",
            ))
        }
        Some('{') => {
            return Err(error(
                number,
                "flow mappings ({ … }) are not read here; write the keys on their own lines",
            ))
        }
        Some('[') => {
            let inner = text
                .strip_prefix('[')
                .and_then(|t| t.strip_suffix(']'))
                .ok_or_else(|| error(number, "a flow list must end with ']' on the same line"))?;
            if inner.trim().is_empty() {
                return Ok(Value::Array(Vec::new()));
            }
            return inner
                .split(',')
                .map(|item| flow_scalar(item, number, depth + 1))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array);
        }
        Some('"') => {
            let inner = text
                .strip_prefix('"')
                .and_then(|t| t.strip_suffix('"'))
                .filter(|_| text.len() >= 2)
                .ok_or_else(|| error(number, "a double-quoted string must end on the same line"))?;
            return serde_json::from_str(&format!("\"{inner}\""))
                .map_err(|_| error(number, "bad escape in a double-quoted string"));
        }
        Some('\'') => {
            let inner = text
                .strip_prefix('\'')
                .and_then(|t| t.strip_suffix('\''))
                .filter(|_| text.len() >= 2)
                .ok_or_else(|| error(number, "a single-quoted string must end on the same line"))?;
            return Ok(Value::String(inner.replace("''", "'")));
        }
        _ => {}
    }
    Ok(match text {
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        _ => {
            if let Ok(i) = text.parse::<i64>() {
                Value::Number(i.into())
            } else if let Some(n) = text
                .parse::<f64>()
                .ok()
                .filter(|f| {
                    f.is_finite()
                        && text
                            .chars()
                            .all(|c| c.is_ascii_digit() || ".-+eE".contains(c))
                })
                .and_then(Number::from_f64)
            {
                Value::Number(n)
            } else {
                Value::String(text.to_string())
            }
        }
    })
}

/// Writes a JSON value as block-style YAML that [`parse`] (and any YAML 1.2
/// reader) reads back as the same value: for exports a learner reads or
/// deploys (AppSpecs, CloudFormation templates).
pub fn to_string(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Object(map) if !map.is_empty() => write_map(map, 0, &mut out),
        Value::Array(items) if !items.is_empty() => write_list(items, 0, &mut out),
        other => {
            out.push_str(&write_scalar(other));
            out.push('\n');
        }
    }
    out
}

fn write_map(map: &serde_json::Map<String, Value>, indent: usize, out: &mut String) {
    for (key, value) in map {
        out.push_str(&" ".repeat(indent));
        out.push_str(&write_string(key));
        write_after_key(value, indent, out);
    }
}

/// The value after `key:` — on the same line when it is a scalar or empty.
fn write_after_key(value: &Value, indent: usize, out: &mut String) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push_str(":\n");
            write_map(map, indent + 2, out);
        }
        Value::Array(items) if !items.is_empty() => {
            out.push_str(":\n");
            write_list(items, indent + 2, out);
        }
        other => {
            out.push_str(": ");
            out.push_str(&write_scalar(other));
            out.push('\n');
        }
    }
}

fn write_list(items: &[Value], indent: usize, out: &mut String) {
    for item in items {
        out.push_str(&" ".repeat(indent));
        match item {
            Value::Object(map) if !map.is_empty() => {
                // The first key shares the dash's line; the rest line up under it.
                out.push_str("- ");
                let mut entries = map.iter();
                if let Some((key, value)) = entries.next() {
                    out.push_str(&write_string(key));
                    write_after_key(value, indent + 2, out);
                }
                for (key, value) in entries {
                    out.push_str(&" ".repeat(indent + 2));
                    out.push_str(&write_string(key));
                    write_after_key(value, indent + 2, out);
                }
            }
            Value::Array(inner) if !inner.is_empty() => {
                out.push_str("-\n");
                write_list(inner, indent + 2, out);
            }
            other => {
                out.push_str("- ");
                out.push_str(&write_scalar(other));
                out.push('\n');
            }
        }
    }
}

fn write_scalar(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => write_string(s),
        Value::Array(_) => "[]".into(),
        Value::Object(_) => "{}".into(),
    }
}

/// A string plain when YAML reads it back as that same string, else double-quoted
/// (JSON's escapes are YAML's).
fn write_string(s: &str) -> String {
    let plain = !s.is_empty()
        && s.trim() == s
        && !s.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`".contains(c))
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(':')
        && !s.chars().any(|c| c.is_control())
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "null" | "~" | "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n"
        )
        && s.parse::<f64>().is_err()
        // YAML 1.1 readers take 2010-09-09 for a date: keep dates strings.
        && !(s.len() >= 10
            && s.as_bytes()[..10]
                .iter()
                .enumerate()
                .all(|(i, b)| if i == 4 || i == 7 { *b == b'-' } else { b.is_ascii_digit() }))
        && !s.starts_with("0x")
        && !s.starts_with("0o")
        && !s.contains(['\'', '"']);
    if plain {
        s.to_string()
    } else {
        serde_json::to_string(s).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_appspec_of_the_aws_docs_is_read() {
        let text = r#"
version: 0.0
Resources:
  - TargetService:
      Type: AWS::ECS::Service
      Properties:
        TaskDefinition: "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/web:2"
        LoadBalancerInfo:
          ContainerName: "web"   # the container the ALB sends to
          ContainerPort: 80
        PlatformVersion: "LATEST"
        NetworkConfiguration:
          AwsvpcConfiguration:
            Subnets: ["subnet-1", "subnet-2"]
            SecurityGroups:
              - "sg-1"
            AssignPublicIp: "ENABLED"
Hooks:
- BeforeInstall: "CheckBefore"
- AfterAllowTestTraffic: 'Smoke''Test'
"#;
        let value = parse(text).unwrap();
        assert_eq!(value["version"], json!(0.0));
        let props = &value["Resources"][0]["TargetService"]["Properties"];
        assert_eq!(props["LoadBalancerInfo"]["ContainerPort"], json!(80));
        assert_eq!(props["LoadBalancerInfo"]["ContainerName"], json!("web"));
        assert_eq!(
            props["NetworkConfiguration"]["AwsvpcConfiguration"]["Subnets"],
            json!(["subnet-1", "subnet-2"])
        );
        assert_eq!(
            props["NetworkConfiguration"]["AwsvpcConfiguration"]["SecurityGroups"],
            json!(["sg-1"])
        );
        assert_eq!(
            value["Hooks"],
            json!([{ "BeforeInstall": "CheckBefore" }, { "AfterAllowTestTraffic": "Smoke'Test" }])
        );
    }

    #[test]
    fn what_is_not_read_is_named_with_its_line() {
        for (text, expected) in [
            ("a: &x 1", "line 1: anchors"),
            ("a:\n  b: 1\n   c: 2", "line 3"),
            ("a: >\n  text", "multi-line"),
            ("a: {b: 1}", "flow mappings"),
            ("a: 1\na: 2", "appears twice"),
            ("a: \"open", "double-quoted"),
            ("", "empty"),
            ("\ta: 1", "tabs"),
        ] {
            let message = parse(text).unwrap_err();
            assert!(message.contains(expected), "{text:?}: {message}");
        }
    }

    #[test]
    fn every_key_and_item_knows_its_line() {
        let (_, at) =
            parse_with_lines("a: 1\nsteps:\n  - id: x\n    title:\n      en: X\n  - id: y\n")
                .unwrap();
        assert_eq!(at["/a"], 1);
        assert_eq!(at["/steps"], 2);
        assert_eq!(at["/steps/0"], 3);
        assert_eq!(at["/steps/0/id"], 3);
        assert_eq!(at["/steps/0/title/en"], 5);
        assert_eq!(at["/steps/1/id"], 6);
    }

    #[test]
    fn a_literal_block_keeps_its_lines() {
        let value = parse("revision:\n  content: |\n    version: 0.0\n    Hooks:   # kept\n      - A: b\n  after: 1\n").unwrap();
        assert_eq!(
            value["revision"]["content"],
            json!("version: 0.0\nHooks:   # kept\n  - A: b\n")
        );
        assert_eq!(value["revision"]["after"], json!(1));
        assert_eq!(parse("a: |-\n  x\n  y").unwrap()["a"], json!("x\ny"));
        // Blank lines and Markdown headings stay; trailing blank lines go.
        let value = parse("body: |\n  # Title\n\n  Text.\n\n\nnext: 1\n").unwrap();
        assert_eq!(value["body"], json!("# Title\n\nText.\n"));
        assert_eq!(value["next"], json!(1));
    }

    proptest::proptest! {
        #[test]
        fn any_text_is_read_or_refused_without_panicking(text in "[-a-z:#'\"\\[\\], \n]{0,200}") {
            let _ = parse(&text);
        }
    }

    #[test]
    fn written_yaml_reads_back_as_the_same_value() {
        let value = serde_json::json!({
            "version": 0.0,
            "Resources": [{"TargetService": {"Type": "AWS::ECS::Service", "Properties": {
                "TaskDefinition": "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/web:2",
                "LoadBalancerInfo": {"ContainerName": "web", "ContainerPort": 80}}}}],
            "Hooks": [{"AfterAllowTestTraffic": "SmokeTest"}],
            "tricky": ["yes", "no", "null", "", " padded ", "a: b", "# not a comment", "-1", "1e3",
                       "line\nbreak", "quote's", "2010-09-09", "say \"hi\"", "{not a map}", "*alias", "ok/path:80"],
            "nested": [[1, 2], [], {}, {"a": []}],
            "n": null, "t": true, "f": 1.5
        });
        let text = to_string(&value);
        assert_eq!(parse(&text).unwrap(), value, "{text}");
    }

    proptest::proptest! {
        // Exports are documents: a mapping at the top, anything inside.
        #[test]
        fn any_json_round_trips_through_written_yaml(
            value in proptest::strategy::Strategy::prop_map(
                proptest::collection::btree_map("[a-zA-Z][a-zA-Z0-9_-]{0,8}", arbitrary_json(), 1..5),
                |m| Value::Object(m.into_iter().collect()),
            )
        ) {
            let text = to_string(&value);
            let back = parse(&text);
            proptest::prop_assert_eq!(back.as_ref().ok(), Some(&value), "{}", text);
        }
    }

    fn arbitrary_json() -> impl proptest::strategy::Strategy<Value = Value> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i32>().prop_map(Value::from),
            "[ -~]{0,12}".prop_map(Value::String),
        ];
        leaf.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 1..4).prop_map(Value::Array),
                proptest::collection::btree_map("[a-zA-Z][a-zA-Z0-9_-]{0,8}", inner, 1..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }
}
