//! The ECS Playground model: a pure, deterministic simulation of an AWS account
//! (VPC networking, ECR, ECS, ELB, CodeDeploy, Application Auto Scaling).
//!
//! This crate has no web dependencies. The app drives it with commands and reads
//! its state; time moves only when the caller advances the clock. See
//! `ARCHITECTURE.md` at the repository root for the map of the whole project.

pub mod clock;

pub use clock::{Duration, ParseDurationError, SimTime};
