//! The AWS CLI's shorthand syntax: `Key=Name,Value=web`,
//! `Name=vpc-id,Values=vpc-1,vpc-2`, `ResourceType=vpc,Tags=[{Key=Name,Value=x}]`.
//! Follows awscli's `ShorthandParser` grammar; values come out as strings,
//! lists and objects, and are converted to the parameter's type afterwards.

use serde_json::{Map, Value};

const MAX_DEPTH: usize = 32;

/// Parses a shorthand value into a JSON object of strings, lists and objects.
pub fn parse(text: &str) -> Result<Value, String> {
    let mut p = Parser {
        chars: text.chars().collect(),
        pos: 0,
        text,
    };
    let value = p.parameter(0)?;
    p.skip_ws();
    if p.pos < p.chars.len() {
        return Err(p.error("end of input"));
    }
    Ok(value)
}

struct Parser<'a> {
    chars: Vec<char>,
    pos: usize,
    text: &'a str,
}

impl Parser<'_> {
    fn error(&self, expected: &str) -> String {
        let consumed: String = self.chars.iter().take(self.pos).collect();
        let remaining: String = self.chars.iter().skip(self.pos).collect();
        format!(
            "Expected: '{expected}', received: '{}' for input:\n{}\n{}^",
            remaining
                .chars()
                .next()
                .map(String::from)
                .unwrap_or_else(|| "EOF".into()),
            self.text,
            " ".repeat(consumed.chars().count())
        )
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    fn expect(&mut self, c: char) -> Result<(), String> {
        self.skip_ws();
        if self.peek() == Some(c) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error(&c.to_string()))
        }
    }

    fn parameter(&mut self, depth: usize) -> Result<Value, String> {
        let mut map = Map::new();
        loop {
            let (key, value) = self.keyval(depth)?;
            map.insert(key, value);
            self.skip_ws();
            if self.peek() == Some(',') {
                self.pos += 1;
                continue;
            }
            break;
        }
        Ok(Value::Object(map))
    }

    fn key(&mut self) -> Result<String, String> {
        self.skip_ws();
        let start = self.pos;
        while let Some(c) = self.peek() {
            if c == '=' || c == ',' || c == '{' || c == '}' || c == '[' || c == ']' {
                break;
            }
            self.pos += 1;
        }
        let key: String = self.chars[start..self.pos]
            .iter()
            .collect::<String>()
            .trim()
            .to_string();
        if key.is_empty() {
            return Err(self.error("="));
        }
        Ok(key)
    }

    fn keyval(&mut self, depth: usize) -> Result<(String, Value), String> {
        let key = self.key()?;
        self.expect('=')?;
        let value = self.values(depth)?;
        Ok((key, value))
    }

    fn values(&mut self, depth: usize) -> Result<Value, String> {
        if depth > MAX_DEPTH {
            return Err("shorthand nested too deeply".into());
        }
        self.skip_ws();
        match self.peek() {
            Some('[') => self.explicit_list(depth + 1),
            Some('{') => self.hash(depth + 1),
            _ => self.csv_values(),
        }
    }

    /// `a,b,c` after `Key=`: a list while the next item is not itself `key=`.
    fn csv_values(&mut self) -> Result<Value, String> {
        let first = self.value(false)?;
        let mut items = vec![first];
        while self.peek() == Some(',') && !self.next_is_keyval() {
            self.pos += 1;
            items.push(self.value(false)?);
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Value::Array(items)
        })
    }

    /// Whether the text after the comma at `pos` starts a `key=` pair.
    fn next_is_keyval(&self) -> bool {
        let mut i = self.pos + 1;
        while let Some(c) = self.chars.get(i) {
            match c {
                '=' => return i > self.pos + 1,
                ',' | '[' | ']' | '{' | '}' | '\'' | '"' => return false,
                _ => i += 1,
            }
        }
        false
    }

    fn explicit_list(&mut self, depth: usize) -> Result<Value, String> {
        if depth > MAX_DEPTH {
            return Err("shorthand nested too deeply".into());
        }
        self.expect('[')?;
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(']') {
            self.pos += 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.skip_ws();
            let item = if self.peek() == Some('{') {
                self.hash(depth + 1)?
            } else {
                self.value(true)?
            };
            items.push(item);
            self.skip_ws();
            match self.peek() {
                Some(',') => self.pos += 1,
                Some(']') => {
                    self.pos += 1;
                    break;
                }
                _ => return Err(self.error("]")),
            }
        }
        Ok(Value::Array(items))
    }

    fn hash(&mut self, depth: usize) -> Result<Value, String> {
        if depth > MAX_DEPTH {
            return Err("shorthand nested too deeply".into());
        }
        self.expect('{')?;
        let mut map = Map::new();
        self.skip_ws();
        if self.peek() == Some('}') {
            self.pos += 1;
            return Ok(Value::Object(map));
        }
        loop {
            let key = self.key()?;
            self.expect('=')?;
            self.skip_ws();
            let value = match self.peek() {
                Some('[') => self.explicit_list(depth + 1)?,
                Some('{') => self.hash(depth + 1)?,
                _ => self.value(true)?,
            };
            map.insert(key, value);
            self.skip_ws();
            match self.peek() {
                Some(',') => self.pos += 1,
                Some('}') => {
                    self.pos += 1;
                    break;
                }
                _ => return Err(self.error("}")),
            }
        }
        Ok(Value::Object(map))
    }

    /// A single value: quoted, or unquoted up to a separator.
    fn value(&mut self, nested: bool) -> Result<Value, String> {
        self.skip_ws();
        match self.peek() {
            Some(q @ ('\'' | '"')) => {
                self.pos += 1;
                let mut out = String::new();
                loop {
                    match self.peek() {
                        Some('\\') if self.chars.get(self.pos + 1) == Some(&q) => {
                            out.push(q);
                            self.pos += 2;
                        }
                        Some(c) if c == q => {
                            self.pos += 1;
                            break;
                        }
                        Some(c) => {
                            out.push(c);
                            self.pos += 1;
                        }
                        None => return Err(self.error(&q.to_string())),
                    }
                }
                Ok(Value::String(out))
            }
            _ => {
                let start = self.pos;
                while let Some(c) = self.peek() {
                    if c == ',' || (nested && (c == ']' || c == '}')) {
                        break;
                    }
                    self.pos += 1;
                }
                let text: String = self.chars[start..self.pos].iter().collect();
                Ok(Value::String(text.trim().to_string()))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn key_values_and_csv_lists() {
        assert_eq!(
            parse("Key=Name,Value=web").unwrap(),
            json!({"Key": "Name", "Value": "web"})
        );
        assert_eq!(
            parse("Name=vpc-id,Values=vpc-1,vpc-2").unwrap(),
            json!({"Name": "vpc-id", "Values": ["vpc-1", "vpc-2"]})
        );
        assert_eq!(
            parse("Name=tag:Name,Values=a,b,Other=c").unwrap(),
            json!({"Name": "tag:Name", "Values": ["a", "b"], "Other": "c"})
        );
    }

    #[test]
    fn nested_lists_and_hashes() {
        assert_eq!(
            parse("ResourceType=vpc,Tags=[{Key=Name,Value=ecs-learn-vpc},{Key=env,Value=dev}]")
                .unwrap(),
            json!({"ResourceType": "vpc", "Tags": [{"Key": "Name", "Value": "ecs-learn-vpc"}, {"Key": "env", "Value": "dev"}]})
        );
        assert_eq!(
            parse("IpProtocol=tcp,FromPort=443,ToPort=443,UserIdGroupPairs=[{GroupId=sg-1}]")
                .unwrap(),
            json!({"IpProtocol": "tcp", "FromPort": "443", "ToPort": "443", "UserIdGroupPairs": [{"GroupId": "sg-1"}]})
        );
        assert_eq!(
            parse("Values=[a,b]").unwrap(),
            json!({"Values": ["a", "b"]})
        );
        assert_eq!(
            parse("Key=Name,Value='a,b'").unwrap(),
            json!({"Key": "Name", "Value": "a,b"})
        );
    }

    #[test]
    fn errors_do_not_panic() {
        for bad in [
            "",
            "=",
            "a",
            "a=[",
            "a={",
            "a={b}",
            "a=[{b=c}",
            "a='x",
            "[[[[",
            &"a=[".repeat(100),
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
