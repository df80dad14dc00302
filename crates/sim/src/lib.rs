//! The ECS Playground model: a pure, deterministic simulation of an AWS account
//! (VPC networking, ECR, ECS, ELB, CodeDeploy, Application Auto Scaling).
//!
//! This crate has no web dependencies. The app drives it with commands and reads
//! its state; time moves only when the caller advances the clock. See
//! `ARCHITECTURE.md` at the repository root for the map of the whole project.
//!
//! Modules (ARCHITECTURE.md has the full map and the structural rules,
//! `tests/structure.rs` holds them):
//! - [`world`]: the whole account, [`World::apply`] and [`World::advance`];
//!   [`command`]: typed API calls built from AWS's JSON parameters; [`spec`]:
//!   the operations and parameter types the CLI turns `--options` into.
//! - Services, each with its state and AWS's validation and error codes:
//!   [`ec2`] (VPC networking), [`ecr`], [`iam`], [`ecs`], [`elb`], [`deploy`]
//!   (CodeDeploy blue/green), [`autoscaling`] (Application Auto Scaling),
//!   [`auto_scaling_group`] (EC2 Auto Scaling), [`alarms`] and [`metrics`]
//!   (CloudWatch), [`logs`], [`cloud_map`], [`ssm`], [`parameter_store`],
//!   [`secrets_manager`], [`codecommit`], [`codebuild`], [`eventbridge_scheduler`].
//! - Across services, in [`world`]: [`world::image_pull`] (a task's pull over
//!   its network path, and why it fails), [`world::traffic`] (`sim load`),
//!   [`world::cost`], [`world::directive`] (the `sim` directives).
//! - [`console`]: the learner's terminal — the `aws` CLI, local Docker, `sim`
//!   directives; above the model, which never depends on it. [`lesson`]:
//!   lessons checked against the console.
//! - Building blocks that depend on no service: [`clock`], [`ids`], [`tags`],
//!   [`error`], [`shell`] (the shell language), [`image_ref`], [`yaml`].

pub mod alarms;
pub mod auto_scaling_group;
pub mod autoscaling;
pub mod clock;
pub mod cloud_map;
pub mod codebuild;
pub mod codecommit;
pub mod command;
pub mod console;
pub mod deploy;
pub mod ec2;
pub mod ecr;
pub mod ecs;
pub mod elb;
pub mod env;
pub mod error;
pub mod eventbridge_scheduler;
#[doc(hidden)]
pub mod fuzzing;
pub mod iam;
pub mod ids;
pub mod image_ref;
pub mod lesson;
pub mod logs;
pub mod metrics;
pub mod parameter_store;
pub mod schedule_expression;
pub mod secrets_manager;
pub mod shell;
pub mod spec;
pub mod ssm;
pub mod tags;
pub mod world;
/// The YAML subset lessons, AppSpecs and `--cli-input-yaml` use (shared with the lesson reader).
pub use ecs_lesson::yaml;

pub use clock::{Duration, ParseDurationError, SimTime};
pub use command::Command;
pub use error::ApiError;
pub use world::World;
