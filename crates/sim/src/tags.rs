//! Tags and `--filters`, shared by every EC2 resource.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// A resource tag (`Key`/`Value`, AWS's spelling).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Tag {
    pub key: String,
    #[serde(default)]
    pub value: String,
}

/// `--tag-specifications ResourceType=vpc,Tags=[{Key=Name,Value=web}]`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TagSpecification {
    #[serde(default)]
    pub resource_type: Option<String>,
    #[serde(default)]
    pub tags: Vec<Tag>,
}

/// The tags from the specifications that apply to `resource_type`.
pub fn tags_for(specs: &[TagSpecification], resource_type: &str) -> Vec<Tag> {
    specs
        .iter()
        .filter(|s| {
            s.resource_type
                .as_deref()
                .is_none_or(|t| t == resource_type)
        })
        .flat_map(|s| s.tags.iter().cloned())
        .collect()
}

/// Adds or replaces tags by key (CreateTags semantics).
pub fn merge_tags(existing: &mut Vec<Tag>, new: &[Tag]) {
    for tag in new {
        match existing.iter_mut().find(|t| t.key == tag.key) {
            Some(t) => t.value = tag.value.clone(),
            None => existing.push(tag.clone()),
        }
    }
}

/// The `Tags` member of a describe shape (absent when empty, as AWS omits it).
pub fn tags_shape(tags: &[Tag]) -> Option<Value> {
    (!tags.is_empty()).then(|| json!(tags))
}

/// The `Name` tag, for display.
pub fn name_tag(tags: &[Tag]) -> Option<&str> {
    tags.iter()
        .find(|t| t.key == "Name")
        .map(|t| t.value.as_str())
}

/// One `--filters Name=…,Values=…` entry.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Filter {
    pub name: String,
    #[serde(default)]
    pub values: Vec<String>,
}

/// A resource that `--filters` can select: it answers a filter name with the
/// values it has for it (`None` when the filter is unknown for this resource).
pub trait Filterable {
    fn filter_values(&self, name: &str) -> Option<Vec<String>>;
    fn tags(&self) -> &[Tag];
}

/// Whether `resource` passes every filter. Values may use `*` and `?` wildcards;
/// an unknown filter name is an error, as in EC2.
pub fn matches_filters<R: Filterable>(resource: &R, filters: &[Filter]) -> Result<bool, String> {
    for filter in filters {
        let have: Vec<String> = if let Some(key) = filter.name.strip_prefix("tag:") {
            resource
                .tags()
                .iter()
                .filter(|t| t.key == key)
                .map(|t| t.value.clone())
                .collect()
        } else if filter.name == "tag-key" {
            resource.tags().iter().map(|t| t.key.clone()).collect()
        } else if filter.name == "tag-value" {
            resource.tags().iter().map(|t| t.value.clone()).collect()
        } else {
            resource
                .filter_values(&filter.name)
                .ok_or_else(|| filter.name.clone())?
        };
        let hit = filter
            .values
            .iter()
            .any(|want| have.iter().any(|h| wildcard_match(want, h)));
        if !hit {
            return Ok(false);
        }
    }
    Ok(true)
}

/// EC2 filter wildcards: `*` any run, `?` one character.
fn wildcard_match(pattern: &str, text: &str) -> bool {
    if !pattern.contains(['*', '?']) {
        return pattern == text;
    }
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    glob(&p, &t)
}

/// Whether `t` matches the glob `p` (`*` any run, `?` one character): one
/// pass with backtracking to the last `*` only, so no pattern can make it
/// recurse or take exponential time (the shell's `${X#pattern}` uses it too).
pub(crate) fn glob(p: &[char], t: &[char]) -> bool {
    let (mut pi, mut ti) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards() {
        assert!(wildcard_match("web*", "web-public-1a"));
        assert!(wildcard_match("10.0.?.0/24", "10.0.1.0/24"));
        assert!(!wildcard_match("web", "web-1"));
        assert!(wildcard_match("*", ""));
    }

    #[test]
    fn tag_specifications_apply_by_resource_type() {
        let specs = vec![
            TagSpecification {
                resource_type: Some("vpc".into()),
                tags: vec![Tag {
                    key: "Name".into(),
                    value: "a".into(),
                }],
            },
            TagSpecification {
                resource_type: Some("subnet".into()),
                tags: vec![Tag {
                    key: "Name".into(),
                    value: "b".into(),
                }],
            },
        ];
        assert_eq!(
            tags_for(&specs, "vpc"),
            vec![Tag {
                key: "Name".into(),
                value: "a".into()
            }]
        );
    }
}
