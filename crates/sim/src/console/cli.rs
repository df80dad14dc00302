//! The `aws` command line: global options, service and operation names (with
//! "maybe you meant"), `--option` values in shorthand, JSON or `file://`,
//! `--cli-input-json`, the CLI's own parameter validation, and help — with
//! the CLI's wording and exit statuses.

use super::shorthand;
use crate::spec::{self, Member, Operation, Ty};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Exit status for bad syntax or parameters (AWS CLI v2).
pub const USAGE_ERROR: i32 = 252;
/// Exit status for an error the service returned.
pub const SERVICE_ERROR: i32 = 254;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    Json,
    Text,
    Table,
}

/// A fully parsed call, ready for the model.
#[derive(Debug)]
pub struct Invocation {
    pub operation: &'static Operation,
    pub params: Value,
    pub output: OutputFormat,
    pub query: Option<String>,
}

#[derive(Debug)]
pub enum Parsed {
    Call(Invocation),
    /// Text to print on stdout (help, a skeleton).
    Print(String),
    /// A usage error: text for stderr, exit status 252.
    Error(String),
}

const USAGE: &str = "usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\nTo see help text, you can run:\n\n  aws help\n  aws <command> help\n  aws <command> <subcommand> help\n";

fn usage_error(message: &str) -> Parsed {
    Parsed::Error(format!("\n{USAGE}\naws: error: {message}\n"))
}

/// Parses the words after `aws`.
pub fn parse(args: &[String], region: &str, files: &BTreeMap<String, String>) -> Parsed {
    let mut output = OutputFormat::Json;
    let mut query = None;
    let mut rest = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let arg = &args[i];
        let takes_value = [
            "--output",
            "--query",
            "--region",
            "--profile",
            "--endpoint-url",
            "--color",
            "--cli-read-timeout",
            "--cli-connect-timeout",
            "--ca-bundle",
        ];
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n, Some(v.to_string())),
            _ => (arg.as_str(), None),
        };
        if takes_value.contains(&name) {
            let value = match inline {
                Some(v) => v,
                None => match args.get(i + 1) {
                    Some(v) => {
                        i += 1;
                        v.clone()
                    }
                    None => return usage_error(&format!("argument {name}: expected one argument")),
                },
            };
            match name {
                "--output" => {
                    output = match value.as_str() {
                        "json" => OutputFormat::Json,
                        "text" => OutputFormat::Text,
                        "table" => OutputFormat::Table,
                        other => {
                            return usage_error(&format!(
                                "argument --output: Invalid choice, valid choices are:\n\njson                                     | text\ntable                                    | yaml\nyaml-stream\n\n('{other}' is not available in this playground's console: use json, text or table)"
                            ))
                        }
                    }
                }
                "--query" => query = Some(value),
                "--region" if value != region => {
                    return Parsed::Error(format!(
                        "\nThis playground simulates one region, {region}; --region {value} is not available.\n"
                    ))
                }
                _ => {}
            }
        } else if [
            "--no-cli-pager",
            "--no-paginate",
            "--debug",
            "--no-verify-ssl",
            "--no-sign-request",
            "--cli-auto-prompt",
            "--no-cli-auto-prompt",
        ]
        .contains(&name)
        {
        } else {
            rest.push(arg.clone());
        }
        i += 1;
    }

    let Some(service) = rest.first() else {
        return usage_error("the following arguments are required: command");
    };
    if service == "help" {
        return Parsed::Print(top_help());
    }
    if !spec::SERVICES.iter().any(|(s, _)| s == service) {
        let names: Vec<&str> = spec::SERVICES.iter().map(|(s, _)| *s).collect();
        return invalid_choice("command", service, &names);
    }
    let Some(op_name) = rest.get(1) else {
        return usage_error("the following arguments are required: operation");
    };
    if op_name == "help" {
        return Parsed::Print(service_help(service));
    }
    let Some(operation) = spec::find_operation(service, op_name) else {
        let names: Vec<String> = spec::operations(service)
            .map(|o| spec::kebab(o.name))
            .collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        return invalid_choice("operation", op_name, &names);
    };
    let options = &rest[2..];
    if options.first().map(String::as_str) == Some("help") {
        return Parsed::Print(operation_help(operation));
    }
    match parse_options(operation, options, files) {
        Ok(Some(params)) => Parsed::Call(Invocation {
            operation,
            params,
            output,
            query,
        }),
        Ok(None) => Parsed::Print(skeleton(operation)),
        Err(e) => e,
    }
}

fn invalid_choice(what: &str, given: &str, choices: &[&str]) -> Parsed {
    let mut text =
        format!("\n{USAGE}\naws: error: argument {what}: Invalid choice, valid choices are:\n\n");
    for pair in choices.chunks(2) {
        match pair {
            [a, b] => text.push_str(&format!("{a:<40} | {b}\n")),
            [a] => text.push_str(&format!("{a}\n")),
            _ => {}
        }
    }
    let close = close_matches(given, choices);
    if !close.is_empty() {
        text.push_str(&format!(
            "\n\nInvalid choice: '{given}', maybe you meant:\n\n"
        ));
        for c in close {
            text.push_str(&format!("  * {c}\n"));
        }
    }
    Parsed::Error(text)
}

/// Up to three choices similar to `given` (difflib's ratio ≥ 0.6, like the CLI).
pub fn close_matches<'a>(given: &str, choices: &[&'a str]) -> Vec<&'a str> {
    let mut scored: Vec<(f64, &str)> = choices
        .iter()
        .map(|c| (similarity(given, c), *c))
        .filter(|(score, _)| *score >= 0.6)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored.into_iter().take(3).map(|(_, c)| c).collect()
}

fn similarity(a: &str, b: &str) -> f64 {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut row = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let v = (prev[j] + cost).min(prev[j + 1] + 1).min(row[j] + 1);
            row.push(v);
        }
        prev = row;
    }
    let distance = prev[b.len()] as f64;
    1.0 - distance / (a.len().max(b.len()) as f64)
}

/// `--x-y` → the member `XY`.
fn member_for<'a>(operation: &'a Operation, option: &str) -> Option<(&'a Member, bool)> {
    let name = option.strip_prefix("--")?;
    if let Some(m) = operation
        .members
        .iter()
        .find(|m| spec::kebab(m.name) == name)
    {
        return Some((m, true));
    }
    // The negation is `--no-x`, except where the CLI spells it otherwise.
    operation
        .members
        .iter()
        .filter(|m| matches!(m.ty, Ty::Bool | Ty::AttrBool))
        .find(|m| negation(operation.name, m.name) == option)
        .map(|m| (m, false))
}

/// The security-group shortcuts the CLI adds (`--protocol tcp --port 80 --cidr 0.0.0.0/0`).
fn is_security_group_rule_op(operation: &Operation) -> bool {
    matches!(
        operation.name,
        "AuthorizeSecurityGroupIngress"
            | "AuthorizeSecurityGroupEgress"
            | "RevokeSecurityGroupIngress"
            | "RevokeSecurityGroupEgress"
    )
}

/// The parameters from the options; `Ok(None)` for `--generate-cli-skeleton`.
fn parse_options(
    operation: &Operation,
    args: &[String],
    files: &BTreeMap<String, String>,
) -> Result<Option<Value>, Parsed> {
    let mut params = Map::new();
    let mut unknown = Vec::new();
    let mut input_json: Option<(bool, String)> = None;
    let mut shortcut = BTreeMap::new();
    let mut i = 0;
    while i < args.len() {
        let arg = &args[i];
        i += 1;
        if !arg.starts_with("--") {
            unknown.push(arg.clone());
            continue;
        }
        let (option, inline) = match arg.split_once('=') {
            Some((o, v)) => (o.to_string(), Some(v.to_string())),
            None => (arg.clone(), None),
        };
        // The values that follow: the inline one, else words up to the next option.
        let mut following: Vec<String> = Vec::new();
        if let Some(v) = inline {
            following.push(v);
        } else {
            while let Some(next) = args.get(i) {
                if next.starts_with("--") {
                    break;
                }
                following.push(next.clone());
                i += 1;
            }
        }
        let one = |following: &Vec<String>, unknown: &mut Vec<String>| -> Result<String, Parsed> {
            match following.split_first() {
                Some((first, extra)) => {
                    unknown.extend(extra.iter().cloned());
                    Ok(first.clone())
                }
                None => Err(usage_error(&format!(
                    "argument {option}: expected one argument"
                ))),
            }
        };
        if option == "--cli-input-json" || option == "--cli-input-yaml" {
            let yaml = option == "--cli-input-yaml";
            let name = if yaml {
                "cli-input-yaml"
            } else {
                "cli-input-json"
            };
            let text = load_param(&one(&following, &mut unknown)?, name, files)?;
            input_json = Some((yaml, text));
            continue;
        }
        if option == "--generate-cli-skeleton" {
            return Ok(None);
        }
        if is_security_group_rule_op(operation)
            && [
                "--protocol",
                "--port",
                "--cidr",
                "--source-group",
                "--group-owner",
            ]
            .contains(&option.as_str())
        {
            shortcut.insert(option.clone(), one(&following, &mut unknown)?);
            continue;
        }
        // The network ACL commands take `--ingress` as the opposite of `--egress`.
        if option == "--ingress" && operation.members.iter().any(|m| m.name == "Egress") {
            unknown.extend(following);
            params.insert("Egress".into(), Value::Bool(false));
            continue;
        }
        let Some((member, positive)) = member_for(operation, &option) else {
            unknown.push(option.clone());
            unknown.extend(following);
            continue;
        };
        let value = match member.ty {
            Ty::Bool => {
                unknown.extend(following);
                Value::Bool(positive)
            }
            Ty::AttrBool if following.is_empty() || !positive => {
                unknown.extend(following);
                serde_json::json!({ "Value": positive })
            }
            Ty::List(inner) => {
                if following.is_empty() {
                    return Err(usage_error(&format!(
                        "argument {option}: expected at least one argument"
                    )));
                }
                let mut loaded = Vec::new();
                for raw in &following {
                    loaded.push(load_param(raw, &option[2..], files)?);
                }
                list_value(inner, &loaded, &option, member)?
            }
            _ => {
                let raw = load_param(&one(&following, &mut unknown)?, &option[2..], files)?;
                scalar_value(member.ty, &raw, &option, member)?
            }
        };
        params.insert(member.name.to_string(), value);
    }
    if !unknown.is_empty() {
        return Err(usage_error(&format!(
            "Unknown options: {}",
            unknown.join(", ")
        )));
    }
    if !shortcut.is_empty() {
        if params.contains_key("IpPermissions") {
            return Err(Parsed::Error("\nThe --ip-permissions option is not allowed with the --protocol, --port, --cidr and --source-group options.\n".into()));
        }
        params.insert("IpPermissions".into(), security_group_shortcut(&shortcut)?);
    }
    // The CLI turns protocol names into numbers for network ACL entries.
    if operation.name.ends_with("NetworkAclEntry") {
        if let Some(Value::String(protocol)) = params.get_mut("Protocol") {
            let number = match protocol.to_ascii_lowercase().as_str() {
                "tcp" => Some("6"),
                "udp" => Some("17"),
                "icmp" => Some("1"),
                "all" => Some("-1"),
                _ => None,
            };
            if let Some(n) = number {
                *protocol = n.to_string();
            }
        }
    }
    let mut merged = Map::new();
    if let Some((false, text)) = &input_json {
        let value: Value = serde_json::from_str(text).map_err(|e| {
            Parsed::Error(format!("\nError parsing parameter 'cli-input-json': Invalid JSON: {e}\nJSON received: {text}\n"))
        })?;
        let Value::Object(map) = value else {
            return Err(Parsed::Error(format!("\nError parsing parameter 'cli-input-json': Invalid JSON: expected an object\nJSON received: {text}\n")));
        };
        merged = map;
    }
    if let Some((true, text)) = &input_json {
        let value = crate::yaml::parse(text).map_err(|e| {
            Parsed::Error(format!("\nError parsing parameter 'cli-input-yaml': {e}\n"))
        })?;
        let Value::Object(map) = value else {
            return Err(Parsed::Error("\nError parsing parameter 'cli-input-yaml': expected a mapping of parameter names to values\n".to_string()));
        };
        merged = map;
    }
    // Options given on the command line win over the same keys in --cli-input-json/yaml.
    for (k, v) in params {
        merged.insert(k, v);
    }
    let missing: Vec<String> = operation
        .members
        .iter()
        .filter(|m| m.required && !merged.contains_key(m.name))
        .map(|m| format!("--{}", spec::kebab(m.name)))
        .collect();
    if !missing.is_empty() {
        return Err(usage_error(&format!(
            "the following arguments are required: {}",
            missing.join(", ")
        )));
    }
    let value = Value::Object(merged);
    let mut problems = Vec::new();
    validate_struct(operation.members, &value, "", &mut problems);
    if !problems.is_empty() {
        return Err(Parsed::Error(format!(
            "\nParameter validation failed:\n{}\n",
            problems.join("\n")
        )));
    }
    Ok(Some(value))
}

/// `file://path` reads the console's virtual file system; `fileb://path` reads
/// it as bytes for a blob parameter (sent base64-encoded, as the CLI does);
/// anything else is the value itself.
fn load_param(raw: &str, name: &str, files: &BTreeMap<String, String>) -> Result<String, Parsed> {
    if let Some(path) = raw.strip_prefix("fileb://") {
        use base64::Engine;
        return files
            .get(path)
            .map(|text| base64::engine::general_purpose::STANDARD.encode(text.as_bytes()))
            .ok_or_else(|| {
                Parsed::Error(format!(
                    "\nError parsing parameter '{name}': Unable to load paramfile {raw}: [Errno 2] No such file or directory: '{path}'\n"
                ))
            });
    }
    match raw.strip_prefix("file://") {
        Some(path) => files.get(path).cloned().ok_or_else(|| {
            Parsed::Error(format!(
                "\nError parsing parameter '{name}': Unable to load paramfile {raw}: [Errno 2] No such file or directory: '{path}'\n"
            ))
        }),
        None => Ok(raw.to_string()),
    }
}

/// A double as Python's `float()` reads it (finite values only: JSON has no NaN).
fn float_value(raw: &str) -> Option<Value> {
    let number: f64 = raw.trim().parse().ok()?;
    serde_json::Number::from_f64(number).map(Value::Number)
}

fn parse_error(option: &str, message: &str) -> Parsed {
    Parsed::Error(format!("\nError parsing parameter '{option}': {message}\n"))
}

fn scalar_value(ty: &Ty, raw: &str, option: &str, member: &Member) -> Result<Value, Parsed> {
    match ty {
        Ty::Str => Ok(Value::String(raw.to_string())),
        Ty::Int => raw.trim().parse::<i64>().map(Value::from).map_err(|_| {
            Parsed::Error(format!(
                "\ninvalid literal for int() with base 10: '{raw}'\n"
            ))
        }),
        Ty::Float => float_value(raw).ok_or_else(|| {
            Parsed::Error(format!("\ncould not convert string to float: '{raw}'\n"))
        }),
        Ty::Bool => Ok(Value::Bool(raw.eq_ignore_ascii_case("true"))),
        Ty::Any => Ok(serde_json::from_str(raw).unwrap_or_else(|_| Value::String(raw.to_string()))),
        Ty::AttrBool => {
            let trimmed = raw.trim();
            if trimmed.eq_ignore_ascii_case("true") || trimmed.eq_ignore_ascii_case("false") {
                return Ok(serde_json::json!({ "Value": trimmed.eq_ignore_ascii_case("true") }));
            }
            structured(ty, raw, option, member)
        }
        Ty::Struct(_) | Ty::List(_) => structured(ty, raw, option, member),
    }
}

/// A struct value from JSON (`{…}`) or shorthand (`Key=…`).
fn structured(ty: &Ty, raw: &str, option: &str, member: &Member) -> Result<Value, Parsed> {
    let trimmed = raw.trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        return serde_json::from_str(raw).map_err(|e| {
            parse_error(
                &option[2..],
                &format!("Invalid JSON: {e}\nJSON received: {raw}"),
            )
        });
    }
    let parsed = shorthand::parse(raw).map_err(|e| parse_error(&option[2..], &e))?;
    coerce(ty, parsed, member.name).map_err(|e| parse_error(&option[2..], &e))
}

fn list_value(inner: &Ty, raws: &[String], option: &str, member: &Member) -> Result<Value, Parsed> {
    // A single JSON list stands for the whole list.
    if let [only] = raws {
        if only.trim_start().starts_with('[') {
            return serde_json::from_str(only).map_err(|e| {
                parse_error(
                    &option[2..],
                    &format!("Invalid JSON: {e}\nJSON received: {only}"),
                )
            });
        }
    }
    let mut items = Vec::new();
    for raw in raws {
        let item = match inner {
            Ty::Str => Value::String(raw.clone()),
            Ty::Int | Ty::Float | Ty::Bool => scalar_value(inner, raw, option, member)?,
            _ => structured(inner, raw, option, member)?,
        };
        items.push(item);
    }
    Ok(Value::Array(items))
}

/// Shorthand yields strings, lists and objects; the model's types say what they become.
fn coerce(ty: &Ty, value: Value, path: &str) -> Result<Value, String> {
    match (ty, value) {
        (Ty::Str, Value::String(s)) => Ok(Value::String(s)),
        (Ty::Int, Value::String(s)) => s
            .trim()
            .parse::<i64>()
            .map(Value::from)
            .map_err(|_| format!("invalid literal for int() with base 10: '{s}'")),
        (Ty::Float, Value::String(s)) => {
            float_value(&s).ok_or_else(|| format!("could not convert string to float: '{s}'"))
        }
        (Ty::Bool, Value::String(s)) => Ok(Value::Bool(s.eq_ignore_ascii_case("true"))),
        (Ty::AttrBool, Value::String(s)) => {
            Ok(serde_json::json!({ "Value": s.eq_ignore_ascii_case("true") }))
        }
        (Ty::AttrBool, Value::Object(map)) => {
            let v = map
                .get("Value")
                .and_then(Value::as_str)
                .is_some_and(|s| s.eq_ignore_ascii_case("true"));
            Ok(serde_json::json!({ "Value": v }))
        }
        (Ty::List(inner), Value::Array(items)) => items
            .into_iter()
            .map(|v| coerce(inner, v, path))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array),
        (Ty::List(inner), single) => Ok(Value::Array(vec![coerce(inner, single, path)?])),
        (Ty::Struct(members), Value::Object(map)) => {
            let mut out = Map::new();
            for (key, v) in map {
                let Some(member) = members.iter().find(|m| m.name == key) else {
                    let valid: Vec<&str> = members.iter().map(|m| m.name).collect();
                    return Err(format!(
                        "Unknown key '{key}', valid choices are: {}",
                        valid.join(", ")
                    ));
                };
                out.insert(key, coerce(member.ty, v, member.name)?);
            }
            Ok(Value::Object(out))
        }
        (Ty::Any, v) => Ok(v),
        (_, v) => Err(format!("Invalid value for {path}: {v}")),
    }
}

fn python_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "<class 'NoneType'>",
        Value::Bool(_) => "<class 'bool'>",
        Value::Number(n) if n.is_i64() || n.is_u64() => "<class 'int'>",
        Value::Number(_) => "<class 'float'>",
        Value::String(_) => "<class 'str'>",
        Value::Array(_) => "<class 'list'>",
        Value::Object(_) => "<class 'dict'>",
    }
}

fn python_repr(v: &Value) -> String {
    match v {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn valid_types(ty: &Ty) -> &'static str {
    match ty {
        Ty::Str => "<class 'str'>",
        Ty::Int => "<class 'int'>",
        Ty::Float => "<class 'float'>, <class 'decimal.Decimal'>, <class 'int'>",
        Ty::Bool => "<class 'bool'>",
        Ty::List(_) => "<class 'list'>, <class 'tuple'>",
        Ty::Struct(_) | Ty::AttrBool => "<class 'dict'>",
        Ty::Any => "any",
    }
}

/// botocore's validation: missing required keys, then unknown keys, then wrong types.
fn validate_struct(members: &[Member], value: &Value, path: &str, problems: &mut Vec<String>) {
    let Value::Object(map) = value else { return };
    let join = |key: &str| {
        if path.is_empty() {
            key.to_string()
        } else {
            format!("{path}.{key}")
        }
    };
    for m in members
        .iter()
        .filter(|m| m.required && !map.contains_key(m.name))
    {
        problems.push(format!(
            "Missing required parameter in {}: \"{}\"",
            if path.is_empty() { "input" } else { path },
            m.name
        ));
    }
    let names: Vec<&str> = members.iter().map(|m| m.name).collect();
    for key in map.keys().filter(|k| !names.contains(&k.as_str())) {
        problems.push(format!(
            "Unknown parameter in {}: \"{key}\", must be one of: {}",
            if path.is_empty() { "input" } else { path },
            names.join(", ")
        ));
    }
    for (key, v) in map {
        if let Some(m) = members.iter().find(|m| m.name == key) {
            validate_value(m.ty, v, &join(key), problems);
        }
    }
}

fn validate_value(ty: &Ty, value: &Value, path: &str, problems: &mut Vec<String>) {
    let ok = match (ty, value) {
        (Ty::Any, _) => true,
        (Ty::Str, Value::String(_)) => true,
        (Ty::Int, Value::Number(n)) => n.is_i64() || n.is_u64(),
        (Ty::Float, Value::Number(_)) => true,
        (Ty::Bool, Value::Bool(_)) => true,
        (Ty::List(inner), Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                validate_value(inner, item, &format!("{path}[{i}]"), problems);
            }
            true
        }
        (Ty::Struct(members), Value::Object(_)) => {
            validate_struct(members, value, path, problems);
            true
        }
        (Ty::AttrBool, Value::Object(map)) => map.get("Value").is_none_or(Value::is_boolean),
        _ => false,
    };
    if !ok {
        problems.push(format!(
            "Invalid type for parameter {path}, value: {}, type: {}, valid types: {}",
            python_repr(value),
            python_type(value),
            valid_types(ty)
        ));
    }
}

/// `--protocol tcp --port 80-90 --cidr 0.0.0.0/0` or `--source-group sg-…` as IpPermissions.
fn security_group_shortcut(options: &BTreeMap<String, String>) -> Result<Value, Parsed> {
    let protocol = options
        .get("--protocol")
        .cloned()
        .unwrap_or_else(|| "tcp".into());
    let mut permission = Map::new();
    permission.insert("IpProtocol".into(), Value::String(protocol.clone()));
    if let Some(port) = options.get("--port") {
        let (from, to) = match port.split_once('-') {
            Some((a, b)) if !a.is_empty() => (a.to_string(), b.to_string()),
            _ => (port.clone(), port.clone()),
        };
        let parse = |p: &str| {
            p.trim().parse::<i64>().map_err(|_| {
                Parsed::Error(format!(
                    "\nError parsing parameter 'port': invalid port range '{port}'\n"
                ))
            })
        };
        if protocol != "-1" && protocol != "all" {
            permission.insert("FromPort".into(), Value::from(parse(&from)?));
            permission.insert("ToPort".into(), Value::from(parse(&to)?));
        }
    }
    if let Some(cidr) = options.get("--cidr") {
        permission.insert("IpRanges".into(), serde_json::json!([{ "CidrIp": cidr }]));
    }
    if let Some(group) = options.get("--source-group") {
        permission.insert(
            "UserIdGroupPairs".into(),
            serde_json::json!([{ "GroupId": group }]),
        );
    }
    Ok(Value::Array(vec![Value::Object(permission)]))
}

fn skeleton(operation: &Operation) -> String {
    fn sample(ty: &Ty, depth: usize) -> Value {
        match ty {
            Ty::Str => Value::String(String::new()),
            Ty::Int => Value::from(0),
            Ty::Float => Value::from(0.0),
            Ty::Bool => Value::Bool(true),
            Ty::AttrBool => serde_json::json!({ "Value": true }),
            Ty::Any => Value::String(String::new()),
            Ty::List(inner) => Value::Array(vec![sample(inner, depth + 1)]),
            Ty::Struct(members) if depth < 6 => Value::Object(
                members
                    .iter()
                    .map(|m| (m.name.to_string(), sample(m.ty, depth + 1)))
                    .collect(),
            ),
            Ty::Struct(_) => Value::Object(Map::new()),
        }
    }
    let value = Value::Object(
        operation
            .members
            .iter()
            .map(|m| (m.name.to_string(), sample(m.ty, 0)))
            .collect(),
    );
    super::output::to_json(&value)
}

fn top_help() -> String {
    let mut text = String::from("AWS CLI (ECS Playground console)\n\nUsage: aws [options] <command> <subcommand> [parameters]\n\nAvailable services:\n");
    for (name, about) in spec::SERVICES {
        text.push_str(&format!("  o {name:<10} {about}\n"));
    }
    text.push_str("\nGlobal options: --output json|text|table, --query <JMESPath>, --region\nType `aws <command> help` for a service's commands, `sim help` for the simulator's own commands.\n");
    text
}

fn service_help(service: &str) -> String {
    let mut text = format!("{service}\n\nAvailable commands:\n");
    for op in spec::operations(service) {
        text.push_str(&format!(
            "  o {:<36} {}\n",
            spec::kebab(op.name),
            op.summary
        ));
    }
    text
}

fn type_hint(ty: &Ty) -> &'static str {
    match ty {
        Ty::Str => "<value>",
        Ty::Int => "<integer>",
        Ty::Float => "<double>",
        Ty::Bool => "",
        Ty::AttrBool => "| --no-…",
        Ty::List(Ty::Str) => "<value> [<value>...]",
        Ty::List(_) => "<value> [<value>...] (shorthand or JSON)",
        Ty::Struct(_) => "<value> (shorthand or JSON)",
        Ty::Any => "<value>",
    }
}

/// How the CLI spells a boolean option's negation (`--no-x`, with its own exceptions).
fn negation(operation: &str, member: &str) -> String {
    match (operation, member) {
        ("ExecuteCommand", "interactive") => "--non-interactive".into(),
        (_, "enableExecuteCommand") => "--disable-execute-command".into(),
        _ => format!("--no-{}", spec::kebab(member)),
    }
}

fn operation_help(operation: &Operation) -> String {
    let mut text = format!(
        "{}\n\n{}\n\nSynopsis:\n  {} {}\n",
        spec::kebab(operation.name),
        operation.summary,
        operation.service,
        spec::kebab(operation.name)
    );
    for m in operation.members {
        let option = format!("--{}", spec::kebab(m.name));
        let shown = match m.ty {
            Ty::Bool => format!("[{option} | {}]", negation(operation.name, m.name)),
            _ if m.required => format!("{option} {}", type_hint(m.ty)),
            _ => format!("[{option} {}]", type_hint(m.ty)),
        };
        text.push_str(&format!("    {shown}\n"));
    }
    text.push_str(
        "    [--cli-input-json | --cli-input-yaml <value>]\n    [--generate-cli-skeleton]\n",
    );
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn call(line: &str) -> Result<Invocation, String> {
        let args: Vec<String> = line.split_whitespace().map(String::from).collect();
        let mut files = BTreeMap::new();
        files.insert(
            "in.json".to_string(),
            r#"{"VpcId":"vpc-1","CidrBlock":"10.0.0.0/26"}"#.to_string(),
        );
        match parse(&args, "ap-northeast-1", &files) {
            Parsed::Call(i) => Ok(i),
            Parsed::Print(t) | Parsed::Error(t) => Err(t),
        }
    }

    #[test]
    fn options_become_api_parameters() {
        let i = call("ec2 create-subnet --vpc-id vpc-1 --cidr-block 10.0.0.0/26 --availability-zone ap-northeast-1a").unwrap();
        assert_eq!(i.operation.name, "CreateSubnet");
        assert_eq!(
            i.params,
            json!({"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/26", "AvailabilityZone": "ap-northeast-1a"})
        );
    }

    #[test]
    fn shorthand_lists_and_filters() {
        let i = call("ec2 describe-subnets --filters Name=vpc-id,Values=vpc-1 Name=tag:Name,Values=a,b --output text").unwrap();
        assert_eq!(
            i.params,
            json!({"Filters": [{"Name": "vpc-id", "Values": ["vpc-1"]}, {"Name": "tag:Name", "Values": ["a", "b"]}]})
        );
        assert_eq!(i.output, OutputFormat::Text);
        let i = call("ec2 describe-vpcs --vpc-ids vpc-1 vpc-2").unwrap();
        assert_eq!(i.params, json!({"VpcIds": ["vpc-1", "vpc-2"]}));
    }

    #[test]
    fn flags_and_attribute_booleans() {
        let i =
            call("ec2 modify-subnet-attribute --subnet-id s --map-public-ip-on-launch").unwrap();
        assert_eq!(i.params["MapPublicIpOnLaunch"], json!({"Value": true}));
        let i =
            call("ec2 modify-subnet-attribute --subnet-id s --no-map-public-ip-on-launch").unwrap();
        assert_eq!(i.params["MapPublicIpOnLaunch"], json!({"Value": false}));
        let i =
            call(r#"ec2 modify-vpc-attribute --vpc-id v --enable-dns-hostnames {"Value":true}"#)
                .unwrap();
        assert_eq!(i.params["EnableDnsHostnames"], json!({"Value": true}));
        let i =
            call("ec2 modify-vpc-attribute --vpc-id v --enable-dns-support Value=false").unwrap();
        assert_eq!(i.params["EnableDnsSupport"], json!({"Value": false}));
        let i = call("ec2 create-vpc --cidr-block 10.0.0.0/16 --dry-run").unwrap();
        assert_eq!(i.params["DryRun"], json!(true));
    }

    #[test]
    fn security_group_shortcuts() {
        let i = call("ec2 authorize-security-group-ingress --group-id sg-1 --protocol tcp --port 3000 --source-group sg-2").unwrap();
        assert_eq!(
            i.params["IpPermissions"],
            json!([{"IpProtocol": "tcp", "FromPort": 3000, "ToPort": 3000, "UserIdGroupPairs": [{"GroupId": "sg-2"}]}])
        );
    }

    #[test]
    fn cli_input_json_and_files() {
        let i = call("ec2 create-subnet --cli-input-json file://in.json --cidr-block 10.0.0.64/26")
            .unwrap();
        assert_eq!(
            i.params,
            json!({"VpcId": "vpc-1", "CidrBlock": "10.0.0.64/26"})
        );
        let err = call("ec2 create-subnet --cli-input-json file://missing.json").unwrap_err();
        assert!(
            err.contains("No such file or directory: 'missing.json'"),
            "{err}"
        );
    }

    #[test]
    fn argument_errors_read_like_the_cli() {
        let err = call("ec2 create-vpc --cidr-block").unwrap_err();
        assert!(
            err.contains("aws: error: argument --cidr-block: expected one argument"),
            "{err}"
        );
        let err = call("ec2 create-subnet --cidr-block 10.0.0.0/24").unwrap_err();
        assert!(
            err.contains("the following arguments are required: --vpc-id"),
            "{err}"
        );
        let err = call("ec2 create-vpcx").unwrap_err();
        assert!(
            err.contains("Invalid choice: 'create-vpcx', maybe you meant:")
                && err.contains("* create-vpc"),
            "{err}"
        );
        let err = call("ec3 describe-vpcs").unwrap_err();
        assert!(err.contains("* ec2"), "{err}");
        let err = call("ec2 create-vpc --cidr 10.0.0.0/16").unwrap_err();
        assert!(
            err.contains("Unknown options: --cidr, 10.0.0.0/16"),
            "{err}"
        );
        let err = call(r#"ec2 create-vpc --cli-input-json {"CidrBlock":1,"Foo":2}"#).unwrap_err();
        assert!(err.contains("Unknown parameter in input: \"Foo\""), "{err}");
        assert!(err.contains("Invalid type for parameter CidrBlock, value: 1, type: <class 'int'>, valid types: <class 'str'>"), "{err}");
    }

    #[test]
    fn help_is_printed() {
        assert!(matches!(
            parse(&["help".into()], "r", &BTreeMap::new()),
            Parsed::Print(_)
        ));
        let Parsed::Print(text) = parse(
            &["ec2".into(), "create-subnet".into(), "help".into()],
            "r",
            &BTreeMap::new(),
        ) else {
            panic!()
        };
        assert!(text.contains("--vpc-id <value>"));
    }
}
