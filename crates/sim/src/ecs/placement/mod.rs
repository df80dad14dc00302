//! ECS task placement for the EC2 launch type: which container instance a new
//! task goes to, why none could take it, and which task a scale-in stops.
//!
//! Pure functions over snapshots: the caller describes its instances as
//! [`Candidate`]s and the task as [`TaskRequirements`], and gets a
//! [`Placement`] or an [`Unplaceable`] that explains, per instance, the first
//! requirement it failed. Randomness comes only from the world's seeded
//! [`crate::ids::Rng`], so a replay places every task identically.
//!
//! Files, one concern each (modelled on DSLab IaaS's placement policies: one
//! type per policy behind a common trait):
//! - `types`: the inputs and the [`Placement`] output.
//! - `strategy`: the [`Strategy`] trait, the API shape and validation of
//!   `placementStrategy`, [`default_service_strategies`].
//! - `binpack`, `spread`, `random`: the three strategy kinds.
//! - `constraint`: `distinctInstance` / `memberOf` and their validation.
//! - `query`: the cluster query language `memberOf` expressions use;
//!   `pattern`: the regular expressions of its `=~` operator.
//! - `place`: the four steps of placement, [`place()`] and [`place_many`].
//! - `scale_in`: [`choose_task_to_stop`].
//! - `rejection`: [`Unplaceable`] and AWS's service-event / RunTask texts.
//! - `error`: [`PlacementError`], the API's parameter errors.
//!
//! Fargate ignores all of this (tasks spread over the service's subnets' AZs);
//! the caller only uses it for EC2 capacity.

mod binpack;
mod constraint;
mod error;
mod pattern;
mod place;
mod query;
mod random;
mod rejection;
mod scale_in;
mod spread;
mod strategy;
mod types;

#[cfg(test)]
mod tests;

pub use binpack::Binpack;
pub use constraint::{
    validate_constraints, ConstraintKind, ConstraintType, PlacementConstraint,
    RawPlacementConstraint,
};
pub use error::{PlacementError, MAX_CONSTRAINTS, MAX_EXPRESSION_LEN, MAX_STRATEGIES};
pub use pattern::{Pattern, PatternError};
pub use place::{apply_placement, check_candidate, place, place_many, PlaceMany};
pub use query::{Expression, QueryError};
pub use random::Random;
pub use rejection::{
    CandidateRejection, Rejection, RunTaskFailure, Unplaceable, NO_CONTAINER_INSTANCES,
    TROUBLESHOOTING,
};
pub use scale_in::{apply_stop, choose_task_to_stop, TaskToStop};
pub use spread::Spread;
pub use strategy::{
    default_service_strategies, validate_strategies, BinpackField, PlacementStrategy,
    RawPlacementStrategy, SpreadField, Strategy, StrategyContext, StrategyKind, TaskRef,
};
pub use types::{
    container_instance_id, Candidate, HostProtocol, InstanceStatus, PlacedTask, Placement,
    TaskNetworkMode, TaskRequirements, AGENT_RESERVED_PORTS,
};
