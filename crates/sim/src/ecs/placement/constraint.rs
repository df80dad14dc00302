//! Task placement constraints: `distinctInstance` and `memberOf`, their ECS
//! JSON shape (`{"type":"memberOf","expression":"…"}`), their validation, and
//! whether an instance satisfies them.
//!
//! Constraints are binding: an instance that fails one is not a candidate, and
//! if none is left the task stays unplaced (unlike strategies, which only rank).

use super::error::{PlacementError, MAX_CONSTRAINTS, MAX_EXPRESSION_LEN};
use super::query::Expression;
use super::types::Candidate;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A constraint exactly as the API carries it, before validation.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawPlacementConstraint {
    #[serde(rename = "type")]
    pub constraint_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expression: Option<String>,
}

/// The two constraint types, for messages and the UI.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ConstraintType {
    DistinctInstance,
    MemberOf,
}

impl ConstraintType {
    pub fn as_str(self) -> &'static str {
        match self {
            ConstraintType::DistinctInstance => "distinctInstance",
            ConstraintType::MemberOf => "memberOf",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConstraintKind {
    /// No two tasks of the same group on one instance.
    DistinctInstance,
    /// Only instances the expression selects.
    MemberOf(Expression),
}

/// A validated placement constraint. (De)serializes as ECS's JSON; a bad one
/// fails to deserialize with AWS's message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawPlacementConstraint", into = "RawPlacementConstraint")]
pub struct PlacementConstraint {
    pub kind: ConstraintKind,
}

impl PlacementConstraint {
    pub fn distinct_instance() -> Self {
        PlacementConstraint {
            kind: ConstraintKind::DistinctInstance,
        }
    }

    /// A `memberOf` constraint; the expression is parsed now so a typo is an
    /// API error, not a task that can never be placed.
    pub fn member_of(expression: &str) -> Result<Self, PlacementError> {
        if expression.trim().is_empty() {
            return Err(PlacementError::ExpressionRequired);
        }
        if expression.chars().count() > MAX_EXPRESSION_LEN {
            return Err(PlacementError::ExpressionTooLong {
                max: MAX_EXPRESSION_LEN,
            });
        }
        let parsed =
            Expression::parse(expression).map_err(|detail| PlacementError::InvalidExpression {
                expression: expression.to_string(),
                detail,
            })?;
        Ok(PlacementConstraint {
            kind: ConstraintKind::MemberOf(parsed),
        })
    }

    pub fn from_raw(raw: &RawPlacementConstraint) -> Result<Self, PlacementError> {
        match raw.constraint_type.as_str() {
            "distinctInstance" => match raw.expression {
                // Even an empty string counts as specified (Terraform's old
                // `expression = ""` bug hit exactly this).
                Some(_) => Err(PlacementError::DistinctInstanceExpression),
                None => Ok(PlacementConstraint::distinct_instance()),
            },
            "memberOf" => match &raw.expression {
                Some(expression) => PlacementConstraint::member_of(expression),
                None => Err(PlacementError::ExpressionRequired),
            },
            other => Err(PlacementError::UnknownConstraintType(other.to_string())),
        }
    }

    pub fn to_raw(&self) -> RawPlacementConstraint {
        match &self.kind {
            ConstraintKind::DistinctInstance => RawPlacementConstraint {
                constraint_type: "distinctInstance".into(),
                expression: None,
            },
            ConstraintKind::MemberOf(expression) => RawPlacementConstraint {
                constraint_type: "memberOf".into(),
                expression: Some(expression.source().to_string()),
            },
        }
    }

    pub fn constraint_type(&self) -> ConstraintType {
        match self.kind {
            ConstraintKind::DistinctInstance => ConstraintType::DistinctInstance,
            ConstraintKind::MemberOf(_) => ConstraintType::MemberOf,
        }
    }

    /// Whether a task of `group` may go on `candidate`.
    pub fn admits(&self, candidate: &Candidate, group: &str) -> bool {
        match &self.kind {
            ConstraintKind::DistinctInstance => candidate.group_task_count(group) == 0,
            ConstraintKind::MemberOf(expression) => expression.matches(candidate),
        }
    }
}

/// `distinctInstance` or `memberOf(<expression>)`: how the UI names it.
impl fmt::Display for PlacementConstraint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ConstraintKind::DistinctInstance => f.write_str("distinctInstance"),
            ConstraintKind::MemberOf(expression) => write!(f, "memberOf({expression})"),
        }
    }
}

impl TryFrom<RawPlacementConstraint> for PlacementConstraint {
    type Error = PlacementError;

    fn try_from(raw: RawPlacementConstraint) -> Result<Self, Self::Error> {
        PlacementConstraint::from_raw(&raw)
    }
}

impl From<PlacementConstraint> for RawPlacementConstraint {
    fn from(constraint: PlacementConstraint) -> Self {
        constraint.to_raw()
    }
}

/// Validates a request's `placementConstraints` list: the count first, then
/// each entry in order (the first bad one is the error).
pub fn validate_constraints(
    raw: &[RawPlacementConstraint],
) -> Result<Vec<PlacementConstraint>, PlacementError> {
    if raw.len() > MAX_CONSTRAINTS {
        return Err(PlacementError::TooManyConstraints {
            max: MAX_CONSTRAINTS,
        });
    }
    raw.iter().map(PlacementConstraint::from_raw).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ecs::placement::types::PlacedTask;
    use serde_json::json;

    fn raw(t: &str, expression: Option<&str>) -> RawPlacementConstraint {
        RawPlacementConstraint {
            constraint_type: t.into(),
            expression: expression.map(str::to_string),
        }
    }

    #[test]
    fn json_shapes_round_trip() {
        let value = json!([
            {"type": "distinctInstance"},
            {"type": "memberOf", "expression": "attribute:ecs.instance-type =~ t3.*"}
        ]);
        let parsed: Vec<PlacementConstraint> =
            serde_json::from_value(value.clone()).expect("valid constraints");
        assert_eq!(parsed[0], PlacementConstraint::distinct_instance());
        assert_eq!(parsed[1].constraint_type(), ConstraintType::MemberOf);
        assert_eq!(
            parsed[1].to_string(),
            "memberOf(attribute:ecs.instance-type =~ t3.*)"
        );
        assert_eq!(serde_json::to_value(&parsed).expect("serializes"), value);
    }

    #[test]
    fn bad_json_fails_with_aws_wording() {
        let err = serde_json::from_value::<PlacementConstraint>(
            json!({"type": "distinctInstance", "expression": ""}),
        )
        .expect_err("expression not allowed");
        assert_eq!(
            err.to_string(),
            "distinctInstance expression should not be specified."
        );
    }

    #[test]
    fn validation_table() {
        let too_many = vec![raw("distinctInstance", None); 11];
        let cases: Vec<(Vec<RawPlacementConstraint>, Result<usize, &str>)> = vec![
            (vec![], Ok(0)),
            (vec![raw("distinctInstance", None)], Ok(1)),
            (vec![raw("distinctInstance", None); 10], Ok(10)),
            (too_many, Err("Maximum number of constraints is 10.")),
            (
                vec![raw("distinctInstance", Some("attribute:x == y"))],
                Err("distinctInstance expression should not be specified."),
            ),
            (
                vec![raw("memberOf", None)],
                Err("memberOf expression must be specified."),
            ),
            (
                vec![raw("memberOf", Some("  "))],
                Err("memberOf expression must be specified."),
            ),
            (
                vec![raw("memberOf", Some("attribute:x ="))],
                Err("memberOf expression 'attribute:x =' is invalid."),
            ),
            (
                vec![raw("sameInstance", None)],
                Err("placementConstraints.type should be one of [distinctInstance,memberOf]"),
            ),
            (
                vec![raw(
                    "memberOf",
                    Some(&format!("attribute:x == {}", "y".repeat(2000))),
                )],
                Err("memberOf expression is too long. The maximum length is 2000 characters."),
            ),
        ];
        for (input, expected) in cases {
            let got = validate_constraints(&input)
                .map(|v| v.len())
                .map_err(|e| e.to_string());
            assert_eq!(got, expected.map_err(str::to_string), "{input:?}");
        }
    }

    #[test]
    fn distinct_instance_looks_only_at_the_same_group() {
        let mut c = Candidate::new("arn/1", "i-1", "az-a", "t3.micro", 1024, 1024);
        c.tasks.push(PlacedTask::new("service:other"));
        let distinct = PlacementConstraint::distinct_instance();
        assert!(distinct.admits(&c, "service:web"));
        c.tasks.push(PlacedTask::new("service:web"));
        assert!(!distinct.admits(&c, "service:web"));
    }
}
