//! Why a `placementStrategy` / `placementConstraints` parameter is rejected,
//! worded as CreateService / UpdateService / RunTask word it.
//!
//! All of them are `InvalidParameterException`. Messages marked (obs) were
//! returned by real ECS (CloudFormation rollbacks benched in us-east-1 by the
//! cdk-preflight project, and Terraform issue reports); the others are model
//! wordings that follow those observed patterns, because AWS documents none.

use super::query::QueryError;
use crate::error::AwsErrorCode;
use thiserror::Error;

/// At most 5 strategies per service or task (API reference).
pub const MAX_STRATEGIES: usize = 5;
/// At most 10 constraints per service or task (API reference).
pub const MAX_CONSTRAINTS: usize = 10;
/// A `memberOf` expression may be at most 2000 characters (API reference).
pub const MAX_EXPRESSION_LEN: usize = 2000;

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum PlacementError {
    /// (obs) `Maximum number of strategies is 5.`
    #[error("Maximum number of strategies is {max}.")]
    TooManyStrategies { max: usize },
    /// (model, mirrors the strategies message)
    #[error("Maximum number of constraints is {max}.")]
    TooManyConstraints { max: usize },
    /// (model; follows the `<param> should be one of [...]` enum message ECS
    /// uses elsewhere)
    #[error("placementStrategy.type should be one of [random,spread,binpack]")]
    UnknownStrategyType(String),
    /// (model, as above)
    #[error("placementConstraints.type should be one of [distinctInstance,memberOf]")]
    UnknownConstraintType(String),
    /// (obs) e.g. `binpack field 'instanceId' is invalid.`
    #[error("binpack field '{0}' is invalid.")]
    InvalidBinpackField(String),
    /// (model, mirrors the binpack message)
    #[error("spread field '{0}' is invalid.")]
    InvalidSpreadField(String),
    /// (model) a `binpack` or `spread` strategy without `field`.
    #[error("{0} field must be specified.")]
    FieldRequired(&'static str),
    /// (obs)
    #[error("random field should not be specified.")]
    RandomFieldNotAllowed,
    /// (obs)
    #[error("distinctInstance expression should not be specified.")]
    DistinctInstanceExpression,
    /// (model)
    #[error("memberOf expression must be specified.")]
    ExpressionRequired,
    /// (model)
    #[error("memberOf expression is too long. The maximum length is {max} characters.")]
    ExpressionTooLong { max: usize },
    /// (model) The parse error itself (what was expected, and where) is kept
    /// in `detail` for the UI; the message stays short like AWS's.
    #[error("memberOf expression '{expression}' is invalid.")]
    InvalidExpression {
        expression: String,
        detail: QueryError,
    },
}

impl PlacementError {
    /// AWS's error code: every placement parameter problem is a bad parameter.
    pub fn code(&self) -> &'static str {
        "InvalidParameterException"
    }

    /// Whether the message was seen in real AWS output (the rest are model
    /// wordings).
    pub fn is_observed_wording(&self) -> bool {
        matches!(
            self,
            PlacementError::TooManyStrategies { .. }
                | PlacementError::InvalidBinpackField(_)
                | PlacementError::RandomFieldNotAllowed
                | PlacementError::DistinctInstanceExpression
        )
    }
}

impl AwsErrorCode for PlacementError {
    fn code(&self) -> &'static str {
        PlacementError::code(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::to_api_error;

    #[test]
    fn observed_messages_are_verbatim() {
        let cases = [
            (
                PlacementError::TooManyStrategies { max: 5 },
                "Maximum number of strategies is 5.",
            ),
            (
                PlacementError::InvalidBinpackField("instanceId".into()),
                "binpack field 'instanceId' is invalid.",
            ),
            (
                PlacementError::RandomFieldNotAllowed,
                "random field should not be specified.",
            ),
            (
                PlacementError::DistinctInstanceExpression,
                "distinctInstance expression should not be specified.",
            ),
        ];
        for (err, message) in cases {
            assert!(err.is_observed_wording());
            let api = to_api_error(err);
            assert_eq!(api.code, "InvalidParameterException");
            assert_eq!(api.message, message);
        }
    }
}
