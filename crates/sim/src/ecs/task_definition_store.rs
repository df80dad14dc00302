//! The account's task definitions: every revision of every family, with the
//! RegisterTaskDefinition, DescribeTaskDefinition, DeregisterTaskDefinition,
//! ListTaskDefinitions and ListTaskDefinitionFamilies calls answering in
//! AWS's JSON shapes.
//!
//! Revisions are numbered per family from 1 and never reused: each family
//! remembers the highest revision it ever issued, so deregistering the newest
//! revision does not free its number.

use super::error::TaskDefinitionError;
use super::requires_attributes::{compatibilities, requires_attributes};
use super::task_definition::{
    EcsTag, RegisterTaskDefinitionInput, TaskDefinition, TaskDefinitionStatus,
};
use super::validate::{normalize, validate};
use crate::clock::SimTime;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// Every family of the account, keyed by family name (sorted, so listings
/// come out in AWS's lexicographic order).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskDefinitions {
    #[serde(default)]
    families: BTreeMap<String, Family>,
}

/// One family's revisions.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Family {
    /// The highest revision ever registered; never decreases.
    pub last_revision: u32,
    pub revisions: BTreeMap<u32, Revision>,
}

/// A registered revision and the tags it was registered with.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Revision {
    pub task_definition: TaskDefinition,
    #[serde(default)]
    pub tags: Vec<EcsTag>,
}

/// `describe-task-definition` parameters.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DescribeTaskDefinitionInput {
    #[serde(default)]
    pub task_definition: String,
    #[serde(default)]
    pub include: Vec<String>,
}

/// `deregister-task-definition` parameters.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeregisterTaskDefinitionInput {
    #[serde(default)]
    pub task_definition: String,
}

/// `list-task-definitions` parameters. Pagination is left to the CLI, which
/// pages through everything anyway; the whole list is returned at once.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListTaskDefinitionsInput {
    #[serde(default)]
    pub family_prefix: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub sort: Option<String>,
    #[serde(default)]
    pub next_token: Option<String>,
    #[serde(default)]
    pub max_results: Option<i64>,
}

/// `list-task-definition-families` parameters.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListTaskDefinitionFamiliesInput {
    #[serde(default)]
    pub family_prefix: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub next_token: Option<String>,
    #[serde(default)]
    pub max_results: Option<i64>,
}

/// `arn:aws:ecs:<region>:<account>:task-definition/<family>:<revision>`.
pub fn task_definition_arn(region: &str, account_id: &str, family: &str, revision: u32) -> String {
    format!("arn:aws:ecs:{region}:{account_id}:task-definition/{family}:{revision}")
}

/// A parsed `taskDefinition` parameter: `family`, `family:revision` or a full ARN.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Reference<'a> {
    family: &'a str,
    revision: Option<u32>,
    /// `arn:aws:ecs:<region>:<account>` when an ARN was given, to check the
    /// definition really is in this account and region.
    arn_prefix: Option<&'a str>,
}

fn parse_reference(text: &str) -> Result<Reference<'_>, TaskDefinitionError> {
    let (arn_prefix, name) = if text.starts_with("arn:") {
        match text.split_once(":task-definition/") {
            Some((prefix, rest)) => (Some(prefix), rest),
            // An ARN of something else names no task definition.
            None => (Some(text), ""),
        }
    } else {
        (None, text)
    };
    match name.rsplit_once(':') {
        None => Ok(Reference {
            family: name,
            revision: None,
            arn_prefix,
        }),
        Some((family, rev)) => {
            let revision = rev
                .parse::<u32>()
                .map_err(|_| TaskDefinitionError::InvalidRevision(rev.to_string()))?;
            Ok(Reference {
                family,
                revision: Some(revision),
                arn_prefix,
            })
        }
    }
}

/// Serialises a model value; these types always serialise, so the fallback
/// (JSON `null`) is never seen.
fn to_json<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or_default()
}

fn status_filter(text: Option<&str>) -> Result<TaskDefinitionStatus, TaskDefinitionError> {
    match text {
        None => Ok(TaskDefinitionStatus::Active),
        Some(s) => TaskDefinitionStatus::parse(s).ok_or(TaskDefinitionError::InvalidEnum {
            param: "status",
            valid: "ACTIVE,INACTIVE,DELETE_IN_PROGRESS",
        }),
    }
}

impl TaskDefinitions {
    /// RegisterTaskDefinition → `{"taskDefinition": {…}, "tags": […]}`.
    pub fn register(
        &mut self,
        input: RegisterTaskDefinitionInput,
        region: &str,
        account_id: &str,
        now: SimTime,
    ) -> Result<Value, TaskDefinitionError> {
        let checked = validate(&input)?;
        let mut td = normalize(&input, &checked);
        td.compatibilities = compatibilities(&input, &checked);
        let family = self.families.entry(input.family.clone()).or_default();
        let revision = family.last_revision.saturating_add(1);
        family.last_revision = revision;
        td.revision = revision;
        td.task_definition_arn = task_definition_arn(region, account_id, &td.family, revision);
        td.registered_at = now.to_iso8601();
        td.registered_by = format!("arn:aws:iam::{account_id}:root");
        td.requires_attributes = requires_attributes(&td);
        let tags = input.tags.unwrap_or_default();
        let response = json!({ "taskDefinition": to_json(&td), "tags": to_json(&tags) });
        family.revisions.insert(
            revision,
            Revision {
                task_definition: td,
                tags,
            },
        );
        Ok(response)
    }

    /// DescribeTaskDefinition → `{"taskDefinition": {…}}`, plus `"tags"` when
    /// `include` has `TAGS`. A bare family means its latest ACTIVE revision;
    /// a specific revision is found whatever its status.
    pub fn describe(
        &self,
        task_definition: &str,
        include: &[String],
    ) -> Result<Value, TaskDefinitionError> {
        if include.iter().any(|i| i != "TAGS") {
            return Err(TaskDefinitionError::InvalidEnum {
                param: "include",
                valid: "TAGS",
            });
        }
        let revision = self.resolve_revision(task_definition)?;
        let td = to_json(&revision.task_definition);
        Ok(if include.is_empty() {
            json!({ "taskDefinition": td })
        } else {
            json!({ "taskDefinition": td, "tags": to_json(&revision.tags) })
        })
    }

    /// DeregisterTaskDefinition → `{"taskDefinition": {…}}` now INACTIVE with
    /// `deregisteredAt`. A revision is required. Deregistering an INACTIVE
    /// revision again changes nothing and returns it.
    pub fn deregister(
        &mut self,
        task_definition: &str,
        now: SimTime,
    ) -> Result<Value, TaskDefinitionError> {
        let r = parse_reference(task_definition)?;
        let revision = r.revision.ok_or(TaskDefinitionError::RevisionMissing)?;
        let found = self
            .families
            .get_mut(r.family)
            .and_then(|f| f.revisions.get_mut(&revision))
            .filter(|rev| arn_matches(&rev.task_definition, r.arn_prefix))
            .ok_or(TaskDefinitionError::DeregisterNotFound)?;
        let td = &mut found.task_definition;
        if td.status == TaskDefinitionStatus::Active {
            td.status = TaskDefinitionStatus::Inactive;
            td.deregistered_at = Some(now.to_iso8601());
        }
        Ok(json!({ "taskDefinition": to_json(td) }))
    }

    /// ListTaskDefinitions → `{"taskDefinitionArns": […]}`. `family_prefix` is
    /// a whole family name (despite its name); `status` defaults to ACTIVE;
    /// `sort` ASC (default) lists families alphabetically and revisions
    /// oldest first, DESC the reverse.
    pub fn list(
        &self,
        family_prefix: Option<&str>,
        status: Option<&str>,
        sort: Option<&str>,
    ) -> Result<Value, TaskDefinitionError> {
        let status = status_filter(status)?;
        let descending = match sort {
            None | Some("ASC") => false,
            Some("DESC") => true,
            Some(_) => {
                return Err(TaskDefinitionError::InvalidEnum {
                    param: "sort",
                    valid: "ASC,DESC",
                })
            }
        };
        let mut arns: Vec<&str> = self
            .families
            .iter()
            .filter(|(name, _)| family_prefix.is_none_or(|f| f == name.as_str()))
            .flat_map(|(_, f)| f.revisions.values())
            .map(|r| &r.task_definition)
            .filter(|td| td.status == status)
            .map(|td| td.task_definition_arn.as_str())
            .collect();
        if descending {
            arns.reverse();
        }
        Ok(json!({ "taskDefinitionArns": arns }))
    }

    /// ListTaskDefinitionFamilies → `{"families": […]}`. `family_prefix` is a
    /// real prefix here; `status` ACTIVE keeps families with an ACTIVE
    /// revision, INACTIVE those without one, ALL (default) both.
    pub fn list_families(
        &self,
        family_prefix: Option<&str>,
        status: Option<&str>,
    ) -> Result<Value, TaskDefinitionError> {
        let want_active = match status {
            None | Some("ALL") => None,
            Some("ACTIVE") => Some(true),
            Some("INACTIVE") => Some(false),
            Some(_) => {
                return Err(TaskDefinitionError::InvalidEnum {
                    param: "status",
                    valid: "ACTIVE,INACTIVE,ALL",
                })
            }
        };
        let families: Vec<&str> = self
            .families
            .iter()
            .filter(|(name, _)| family_prefix.is_none_or(|p| name.starts_with(p)))
            .filter(|(_, f)| {
                want_active.is_none_or(|want| {
                    f.revisions.values().any(|r| r.task_definition.is_active()) == want
                })
            })
            .map(|(name, _)| name.as_str())
            .collect();
        Ok(json!({ "families": families }))
    }

    /// The newest ACTIVE revision of `family`.
    pub fn latest_active(&self, family: &str) -> Option<&TaskDefinition> {
        self.families
            .get(family)?
            .revisions
            .values()
            .rev()
            .map(|r| &r.task_definition)
            .find(|td| td.is_active())
    }

    /// The definition a `taskDefinition` parameter names (`family` = latest
    /// ACTIVE, `family:revision` or ARN = that revision, whatever its status).
    pub fn get(&self, reference: &str) -> Option<&TaskDefinition> {
        self.resolve_revision(reference)
            .ok()
            .map(|r| &r.task_definition)
    }

    /// Like [`get`](Self::get) but with DescribeTaskDefinition's errors, for
    /// callers (RunTask, CreateService) that report them.
    pub fn resolve(&self, reference: &str) -> Result<&TaskDefinition, TaskDefinitionError> {
        self.resolve_revision(reference).map(|r| &r.task_definition)
    }

    /// The tags a revision was registered with.
    pub fn tags(&self, reference: &str) -> Option<&[EcsTag]> {
        self.resolve_revision(reference)
            .ok()
            .map(|r| r.tags.as_slice())
    }

    /// Every revision of every family, families alphabetically, revisions ascending.
    pub fn iter(&self) -> impl Iterator<Item = &TaskDefinition> {
        self.families
            .values()
            .flat_map(|f| f.revisions.values())
            .map(|r| &r.task_definition)
    }

    /// The highest revision `family` has ever had (0 if never registered).
    pub fn last_revision(&self, family: &str) -> u32 {
        self.families.get(family).map_or(0, |f| f.last_revision)
    }

    fn resolve_revision(&self, reference: &str) -> Result<&Revision, TaskDefinitionError> {
        let r = parse_reference(reference)?;
        let family = self
            .families
            .get(r.family)
            .ok_or(TaskDefinitionError::TaskDefinitionNotFound)?;
        let found = match r.revision {
            Some(rev) => family.revisions.get(&rev),
            None => family
                .revisions
                .values()
                .rev()
                .find(|rev| rev.task_definition.is_active()),
        };
        found
            .filter(|rev| arn_matches(&rev.task_definition, r.arn_prefix))
            .ok_or(TaskDefinitionError::TaskDefinitionNotFound)
    }
}

/// A definition named by ARN must be in the ARN's account and region.
fn arn_matches(td: &TaskDefinition, arn_prefix: Option<&str>) -> bool {
    arn_prefix.is_none_or(|prefix| {
        td.task_definition_arn
            .split_once(":task-definition/")
            .is_some_and(|(own, _)| own == prefix)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_parse_family_revision_and_arn() {
        assert_eq!(
            parse_reference("web"),
            Ok(Reference {
                family: "web",
                revision: None,
                arn_prefix: None
            })
        );
        assert_eq!(
            parse_reference("web:3"),
            Ok(Reference {
                family: "web",
                revision: Some(3),
                arn_prefix: None
            })
        );
        assert_eq!(
            parse_reference("arn:aws:ecs:ap-northeast-1:123456789012:task-definition/web:3"),
            Ok(Reference {
                family: "web",
                revision: Some(3),
                arn_prefix: Some("arn:aws:ecs:ap-northeast-1:123456789012"),
            })
        );
        assert_eq!(
            parse_reference("web:latest"),
            Err(TaskDefinitionError::InvalidRevision("latest".into()))
        );
        assert_eq!(
            parse_reference("web:-1"),
            Err(TaskDefinitionError::InvalidRevision("-1".into()))
        );
    }

    #[test]
    fn arns_are_built_from_region_account_family_revision() {
        assert_eq!(
            task_definition_arn("ap-northeast-1", "123456789012", "web", 4),
            "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/web:4"
        );
    }
}
