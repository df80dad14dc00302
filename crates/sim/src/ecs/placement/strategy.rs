//! Task placement strategies: the [`Strategy`] trait each kind implements
//! (`binpack.rs`, `spread.rs`, `random.rs`), the ECS JSON shape
//! (`{"type":"spread","field":"attribute:ecs.availability-zone"}`), its
//! validation, and the service default.
//!
//! Strategies never rule an instance out; each one narrows the instances (or,
//! at scale-in, the tasks) the previous ones left, so a list of strategies is a
//! chain of tie-breakers applied in the order given.

use super::binpack::Binpack;
use super::error::{PlacementError, MAX_STRATEGIES};
use super::query::valid_attribute_name;
use super::random::Random;
use super::spread::Spread;
use super::types::Candidate;
use crate::ids::Rng;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A strategy exactly as the API carries it, before validation.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawPlacementStrategy {
    #[serde(rename = "type")]
    pub strategy_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// What the scheduler knows while ranking: every instance of the cluster (not
/// only the ones still in the running), and the group of the task at hand.
/// Spread counts tasks on all of them, so a full instance still weighs on its
/// Availability Zone's count.
#[derive(Clone, Copy, Debug)]
pub struct StrategyContext<'a> {
    pub candidates: &'a [Candidate],
    pub group: &'a str,
}

/// A task on an instance, by position: `candidates[candidate].tasks[task]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TaskRef {
    pub candidate: usize,
    pub task: usize,
}

/// One placement strategy kind. Both methods get a non-empty pool and must
/// return a non-empty subset of it (the ones this strategy prefers); indices
/// that do not resolve are treated as the least preferred, never as a panic.
pub trait Strategy {
    /// For placing a task: which of the `pool` instances (indices into
    /// `ctx.candidates`) this strategy prefers.
    fn prefer_for_placement(
        &self,
        ctx: &StrategyContext<'_>,
        pool: &[usize],
        rng: &mut Rng,
    ) -> Vec<usize>;

    /// For scale-in: which of the `pool` tasks this strategy prefers to stop.
    fn prefer_for_stop(
        &self,
        ctx: &StrategyContext<'_>,
        pool: &[TaskRef],
        rng: &mut Rng,
    ) -> Vec<TaskRef>;
}

/// `binpack`'s field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinpackField {
    Cpu,
    Memory,
}

impl BinpackField {
    pub fn as_str(self) -> &'static str {
        match self {
            BinpackField::Cpu => "cpu",
            BinpackField::Memory => "memory",
        }
    }
}

/// `spread`'s field: the instance itself, or the value of an attribute.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum SpreadField {
    InstanceId,
    /// `host`: the same as `instanceId`, kept apart so it serializes back as
    /// written.
    Host,
    /// `attribute:<name>`, e.g. `ecs.availability-zone`.
    Attribute(String),
}

impl SpreadField {
    pub fn as_field(&self) -> String {
        match self {
            SpreadField::InstanceId => "instanceId".to_string(),
            SpreadField::Host => "host".to_string(),
            SpreadField::Attribute(name) => format!("attribute:{name}"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StrategyKind {
    Binpack(Binpack),
    Spread(Spread),
    Random(Random),
}

/// A validated placement strategy. (De)serializes as ECS's JSON; a bad one
/// fails to deserialize with AWS's message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawPlacementStrategy", into = "RawPlacementStrategy")]
pub struct PlacementStrategy {
    pub kind: StrategyKind,
}

impl PlacementStrategy {
    pub fn binpack(field: BinpackField) -> Self {
        PlacementStrategy {
            kind: StrategyKind::Binpack(Binpack { field }),
        }
    }

    pub fn spread(field: SpreadField) -> Self {
        PlacementStrategy {
            kind: StrategyKind::Spread(Spread { field }),
        }
    }

    /// `spread` over `attribute:<name>`.
    pub fn spread_attribute(name: &str) -> Self {
        PlacementStrategy::spread(SpreadField::Attribute(name.to_string()))
    }

    pub fn random() -> Self {
        PlacementStrategy {
            kind: StrategyKind::Random(Random),
        }
    }

    pub fn from_raw(raw: &RawPlacementStrategy) -> Result<Self, PlacementError> {
        let field = raw.field.as_deref();
        match raw.strategy_type.as_str() {
            "random" => match field {
                Some(_) => Err(PlacementError::RandomFieldNotAllowed),
                None => Ok(PlacementStrategy::random()),
            },
            "binpack" => {
                let field = field.ok_or(PlacementError::FieldRequired("binpack"))?;
                // AWS has been seen accepting `MEMORY`; case is not significant.
                match field.to_ascii_lowercase().as_str() {
                    "cpu" => Ok(PlacementStrategy::binpack(BinpackField::Cpu)),
                    "memory" => Ok(PlacementStrategy::binpack(BinpackField::Memory)),
                    _ => Err(PlacementError::InvalidBinpackField(field.to_string())),
                }
            }
            "spread" => {
                let field = field.ok_or(PlacementError::FieldRequired("spread"))?;
                match field {
                    "instanceId" => Ok(PlacementStrategy::spread(SpreadField::InstanceId)),
                    "host" => Ok(PlacementStrategy::spread(SpreadField::Host)),
                    other => match other.strip_prefix("attribute:") {
                        Some(name) if valid_attribute_name(name) => {
                            Ok(PlacementStrategy::spread_attribute(name))
                        }
                        _ => Err(PlacementError::InvalidSpreadField(other.to_string())),
                    },
                }
            }
            other => Err(PlacementError::UnknownStrategyType(other.to_string())),
        }
    }

    pub fn to_raw(&self) -> RawPlacementStrategy {
        let (strategy_type, field) = match &self.kind {
            StrategyKind::Binpack(b) => ("binpack", Some(b.field.as_str().to_string())),
            StrategyKind::Spread(s) => ("spread", Some(s.field.as_field())),
            StrategyKind::Random(_) => ("random", None),
        };
        RawPlacementStrategy {
            strategy_type: strategy_type.to_string(),
            field,
        }
    }

    /// The implementation behind this kind.
    pub fn strategy(&self) -> &dyn Strategy {
        match &self.kind {
            StrategyKind::Binpack(b) => b,
            StrategyKind::Spread(s) => s,
            StrategyKind::Random(r) => r,
        }
    }
}

/// `binpack(memory)`, `spread(attribute:ecs.availability-zone)`, `random`.
impl fmt::Display for PlacementStrategy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let raw = self.to_raw();
        match raw.field {
            Some(field) => write!(f, "{}({field})", raw.strategy_type),
            None => f.write_str(&raw.strategy_type),
        }
    }
}

impl TryFrom<RawPlacementStrategy> for PlacementStrategy {
    type Error = PlacementError;

    fn try_from(raw: RawPlacementStrategy) -> Result<Self, Self::Error> {
        PlacementStrategy::from_raw(&raw)
    }
}

impl From<PlacementStrategy> for RawPlacementStrategy {
    fn from(strategy: PlacementStrategy) -> Self {
        strategy.to_raw()
    }
}

/// Validates a request's `placementStrategy` list: the count first, then each
/// entry in order.
pub fn validate_strategies(
    raw: &[RawPlacementStrategy],
) -> Result<Vec<PlacementStrategy>, PlacementError> {
    if raw.len() > MAX_STRATEGIES {
        return Err(PlacementError::TooManyStrategies {
            max: MAX_STRATEGIES,
        });
    }
    raw.iter().map(PlacementStrategy::from_raw).collect()
}

/// What ECS uses for a service created without `placementStrategy`: spread
/// over `attribute:ecs.availability-zone` (AWS docs, "Use strategies to define
/// Amazon ECS task placement"). Standalone tasks (RunTask) have no default;
/// [`super::place()`] never injects one, so the caller passes this for services.
pub fn default_service_strategies() -> Vec<PlacementStrategy> {
    vec![PlacementStrategy::spread_attribute("ecs.availability-zone")]
}

// ── Helpers shared by the strategy kinds ─────────────────────────────────────

/// The items of `pool` whose key is the smallest. A `None` key (unresolvable
/// index) loses to every real key; if all are `None` the pool is kept.
pub(super) fn keep_min_by_key<T: Copy, K: Ord>(pool: &[T], key: impl Fn(T) -> Option<K>) -> Vec<T> {
    keep_best(pool, key, |a, b| a < b)
}

/// The items of `pool` whose key is the largest (same `None` rule).
pub(super) fn keep_max_by_key<T: Copy, K: Ord>(pool: &[T], key: impl Fn(T) -> Option<K>) -> Vec<T> {
    keep_best(pool, key, |a, b| a > b)
}

fn keep_best<T: Copy, K: Ord>(
    pool: &[T],
    key: impl Fn(T) -> Option<K>,
    better: impl Fn(&K, &K) -> bool,
) -> Vec<T> {
    let keyed: Vec<(T, Option<K>)> = pool.iter().map(|&item| (item, key(item))).collect();
    let mut best: Option<&K> = None;
    for (_, k) in &keyed {
        if let Some(k) = k {
            if best.is_none_or(|b| better(k, b)) {
                best = Some(k);
            }
        }
    }
    match best {
        None => pool.to_vec(),
        Some(best) => keyed
            .iter()
            .filter(|(_, k)| k.as_ref() == Some(best))
            .map(|(item, _)| *item)
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn raw(t: &str, field: Option<&str>) -> RawPlacementStrategy {
        RawPlacementStrategy {
            strategy_type: t.into(),
            field: field.map(str::to_string),
        }
    }

    #[test]
    fn json_shapes_round_trip() {
        let value = json!([
            {"type": "spread", "field": "attribute:ecs.availability-zone"},
            {"type": "spread", "field": "instanceId"},
            {"type": "spread", "field": "host"},
            {"type": "binpack", "field": "memory"},
            {"type": "random"}
        ]);
        let parsed: Vec<PlacementStrategy> =
            serde_json::from_value(value.clone()).expect("valid strategies");
        assert_eq!(parsed[0], default_service_strategies()[0]);
        assert_eq!(parsed[3], PlacementStrategy::binpack(BinpackField::Memory));
        assert_eq!(parsed[4].to_string(), "random");
        assert_eq!(
            parsed[0].to_string(),
            "spread(attribute:ecs.availability-zone)"
        );
        assert_eq!(serde_json::to_value(&parsed).expect("serializes"), value);
    }

    #[test]
    fn validation_table() {
        let cases: Vec<(Vec<RawPlacementStrategy>, Result<usize, &str>)> = vec![
            (vec![], Ok(0)),
            (vec![raw("binpack", Some("cpu"))], Ok(1)),
            (vec![raw("binpack", Some("MEMORY"))], Ok(1)),
            (vec![raw("spread", Some("attribute:stack"))], Ok(1)),
            (vec![raw("random", None); 5], Ok(5)),
            (
                vec![raw("random", None); 6],
                Err("Maximum number of strategies is 5."),
            ),
            (
                vec![raw("binpack", Some("instanceId"))],
                Err("binpack field 'instanceId' is invalid."),
            ),
            (
                vec![raw("binpack", None)],
                Err("binpack field must be specified."),
            ),
            (
                vec![raw("spread", None)],
                Err("spread field must be specified."),
            ),
            (
                vec![raw("spread", Some("cpu"))],
                Err("spread field 'cpu' is invalid."),
            ),
            (
                vec![raw("spread", Some("attribute:"))],
                Err("spread field 'attribute:' is invalid."),
            ),
            (
                vec![raw("spread", Some("attribute:bad name"))],
                Err("spread field 'attribute:bad name' is invalid."),
            ),
            (
                vec![raw("random", Some("cpu"))],
                Err("random field should not be specified."),
            ),
            (
                vec![raw("Spread", Some("instanceId"))],
                Err("placementStrategy.type should be one of [random,spread,binpack]"),
            ),
        ];
        for (input, expected) in cases {
            let got = validate_strategies(&input)
                .map(|v| v.len())
                .map_err(|e| e.to_string());
            assert_eq!(got, expected.map_err(str::to_string), "{input:?}");
        }
    }

    #[test]
    fn keep_helpers_ignore_unresolvable_items() {
        let key = |i: usize| [Some(3), None, Some(1), Some(1)].get(i).copied().flatten();
        assert_eq!(keep_min_by_key(&[0, 1, 2, 3], key), vec![2, 3]);
        assert_eq!(keep_max_by_key(&[0, 1, 2, 3], key), vec![0]);
        assert_eq!(keep_min_by_key(&[1, 9], key), vec![1, 9]);
        assert!(keep_min_by_key(&[] as &[usize], key).is_empty());
    }
}
