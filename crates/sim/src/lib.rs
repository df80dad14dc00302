//! The ECS Playground model: a pure, deterministic simulation of an AWS account
//! (VPC networking, ECR, ECS, ELB, CodeDeploy, Application Auto Scaling).
//!
//! This crate has no web dependencies. The app drives it with commands and reads
//! its state; time moves only when the caller advances the clock. See
//! `ARCHITECTURE.md` at the repository root for the map of the whole project.
//!
//! Modules:
//! - [`world`]: the whole account, [`World::apply`] and [`World::advance`].
//! - [`command`]: typed API calls built from AWS's JSON parameters.
//! - [`ec2`]: VPC networking with AWS's validation rules and error codes.
//! - [`ecr`], [`iam`]: image repositories, and the roles that may pull from them.
//! - [`image_pull`]: a task's image pull over its real network path, and why it fails.
//! - [`console`]: the learner's terminal — shell habits, the `aws` CLI, `sim` directives.
//! - [`clock`], [`ids`], [`tags`], [`error`]: shared building blocks.

pub mod alarms;
pub mod auto_scaling_group;
pub mod autoscaling;
pub mod clock;
pub mod cloud_map;
pub mod codebuild;
pub mod codecommit;
pub mod command;
pub mod console;
pub mod cost;
pub mod deploy;
pub mod ec2;
pub mod ecr;
pub mod ecs;
pub mod elb;
pub mod error;
#[doc(hidden)]
pub mod fuzzing;
pub mod iam;
pub mod ids;
pub mod image_pull;
pub mod lesson;
pub mod logs;
pub mod metrics;
pub mod parameter_store;
pub mod scheduler;
pub mod secrets_manager;
pub mod ssm;
pub mod tags;
pub mod traffic;
pub mod world;
/// The YAML subset lessons, AppSpecs and `--cli-input-yaml` use (shared with the lesson reader).
pub use ecs_lesson::yaml;

pub use clock::{Duration, ParseDurationError, SimTime};
pub use command::Command;
pub use error::ApiError;
pub use world::World;
