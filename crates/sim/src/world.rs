//! The whole simulated account: region, clock, random source, every service's
//! state and the event log. Changes go through [`World::apply`]; time moves
//! only through [`World::advance`]. The world serialises to JSON and back
//! losslessly — that document is what the app saves and shares.

pub mod auto_scaling_groups;
pub mod cost;
pub mod directive;
pub mod image_pull;
pub mod schedules;
pub mod traffic;

use crate::clock::{Duration, SimTime};
use crate::command::Command;
use crate::ec2::{self, cidr::Cidr, Ec2};
use crate::ecr::Ecr;
use crate::ecs::Ecs;
use crate::env::Env;
use crate::error::ApiError;
use crate::iam::Iam;
use crate::ids::Rng;
use crate::tags::Tag;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The version of the world document; bump it (and add a migration) when the shape changes.
pub const WORLD_SCHEMA_VERSION: u32 = 1;

pub const DEFAULT_REGION: &str = "ap-northeast-1";
pub const DEFAULT_SEED: u64 = 1;
pub const ACCOUNT_ID: &str = "123456789012";

/// The world's `Env`, borrowing only the fields it names, so the caller can
/// borrow a service's state beside it (a method would borrow all of `self`).
macro_rules! env_of {
    ($world:expr) => {
        Env {
            region: &$world.region,
            account_id: &$world.account_id,
            availability_zones: &$world.availability_zones,
            now: $world.now,
            rng: &mut $world.rng,
            events: &mut $world.events,
        }
    };
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct World {
    pub schema_version: u32,
    pub region: String,
    pub account_id: String,
    pub availability_zones: Vec<String>,
    pub seed: u64,
    pub now: SimTime,
    rng: Rng,
    pub ec2: Ec2,
    #[serde(default)]
    pub ecr: Ecr,
    #[serde(default)]
    pub iam: Iam,
    #[serde(default)]
    pub ecs: Ecs,
    #[serde(default)]
    pub usage: crate::world::cost::Usage,
    #[serde(default)]
    pub logs: crate::logs::Logs,
    #[serde(default)]
    pub elb: crate::elb::Elbv2,
    #[serde(default)]
    pub metrics: crate::metrics::Metrics,
    /// Load generators by load balancer ARN.
    #[serde(default)]
    pub loads: std::collections::BTreeMap<String, crate::world::traffic::Load>,
    #[serde(default)]
    pub alarms: crate::alarms::Alarms,
    #[serde(default)]
    pub autoscaling: crate::autoscaling::ApplicationAutoScaling,
    #[serde(default)]
    pub deploy: crate::deploy::CodeDeploy,
    /// Session Manager's session history (ECS Exec).
    #[serde(default)]
    pub ssm: crate::ssm::Ssm,
    /// EventBridge Scheduler's schedules (scheduled tasks).
    #[serde(default)]
    pub scheduler: crate::eventbridge_scheduler::Scheduler,
    /// EC2 Auto Scaling groups (container instances for capacity providers).
    #[serde(default)]
    pub ec2_auto_scaling: crate::auto_scaling_group::Ec2AutoScaling,
    /// Cloud Map namespaces (Service Connect).
    #[serde(default)]
    pub cloud_map: crate::cloud_map::CloudMap,
    /// Secrets Manager's secrets (container secrets).
    #[serde(default)]
    pub secrets_manager: crate::secrets_manager::SecretsManager,
    /// CodeCommit repositories (the source of CodeBuild builds).
    #[serde(default)]
    pub codecommit: crate::codecommit::CodeCommit,
    /// CodeBuild projects and builds.
    #[serde(default)]
    pub codebuild: crate::codebuild::CodeBuild,
    pub events: Vec<Event>,
}

pub use crate::env::Event;

/// Why a saved world could not be loaded.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LoadError {
    #[error("the world document is not valid JSON: {0}")]
    Json(String),
    #[error("the world document was written by a newer version (schema {0}); this version reads up to {WORLD_SCHEMA_VERSION}")]
    FutureVersion(u64),
    #[error("the world document does not match schema {WORLD_SCHEMA_VERSION}: {0}")]
    Shape(String),
}

impl World {
    /// A fresh account in the default region, with the default VPC AWS gives every account.
    pub fn new(seed: u64) -> World {
        let region = DEFAULT_REGION.to_string();
        let availability_zones = ["a", "c", "d"]
            .iter()
            .map(|z| format!("{region}{z}"))
            .collect();
        let mut world = World {
            schema_version: WORLD_SCHEMA_VERSION,
            region,
            account_id: ACCOUNT_ID.to_string(),
            availability_zones,
            seed,
            now: SimTime::ZERO,
            rng: Rng::from_seed(seed),
            ec2: Ec2::default(),
            ecr: Ecr::default(),
            iam: Iam::default(),
            ecs: Ecs::default(),
            usage: crate::world::cost::Usage::default(),
            logs: crate::logs::Logs::default(),
            elb: crate::elb::Elbv2::default(),
            metrics: crate::metrics::Metrics::default(),
            loads: std::collections::BTreeMap::new(),
            alarms: crate::alarms::Alarms::default(),
            autoscaling: crate::autoscaling::ApplicationAutoScaling::default(),
            deploy: crate::deploy::CodeDeploy::default(),
            ssm: crate::ssm::Ssm::default(),
            scheduler: crate::eventbridge_scheduler::Scheduler::default(),
            ec2_auto_scaling: crate::auto_scaling_group::Ec2AutoScaling::default(),
            cloud_map: crate::cloud_map::CloudMap::default(),
            secrets_manager: crate::secrets_manager::SecretsManager::default(),
            codecommit: crate::codecommit::CodeCommit::default(),
            codebuild: crate::codebuild::CodeBuild::default(),
            events: Vec::new(),
        };
        world.create_default_vpc();
        world
    }

    /// The EC2 context for a call: everything a handler needs besides EC2's state.
    pub(crate) fn ec2_ctx(&mut self) -> (&mut Ec2, Env<'_>) {
        (&mut self.ec2, env_of!(self))
    }

    /// 172.31.0.0/16 with a /20 default subnet per zone, public through an internet gateway.
    fn create_default_vpc(&mut self) {
        let (ec2, mut ctx) = self.ec2_ctx();
        ec2.dhcp_options_id = ctx.rng.ec2_id("dopt");
        let Some(cidr) = Cidr::parse("172.31.0.0/16") else {
            return;
        };
        let vpc_id = ec2.insert_vpc(&mut ctx, cidr, true, Vec::<Tag>::new());
        let igw = ctx.rng.ec2_id("igw");
        ec2.internet_gateways.insert(
            igw.clone(),
            ec2::InternetGateway {
                id: igw.clone(),
                attached_vpc: Some(vpc_id.clone()),
                tags: Vec::new(),
            },
        );
        if let Some(main) = ec2
            .route_tables
            .values_mut()
            .find(|t| t.vpc_id == vpc_id && t.main)
        {
            main.routes.push(ec2::Route {
                destination: ec2::Destination::Cidr(Cidr::new(std::net::Ipv4Addr::UNSPECIFIED, 0)),
                target: ec2::RouteTarget::InternetGateway(igw),
            });
        }
        for (i, az) in ctx.availability_zones.iter().enumerate() {
            let Some(block) = cidr.nth(i as u64 * 4096).map(|base| Cidr::new(base, 20)) else {
                continue;
            };
            let id = ctx.rng.ec2_id("subnet");
            ec2.associate_default_acl(&mut ctx, &vpc_id, &id);
            ec2.subnets.insert(
                id.clone(),
                ec2::Subnet {
                    id,
                    vpc_id: vpc_id.clone(),
                    cidr: block,
                    availability_zone: az.clone(),
                    map_public_ip_on_launch: true,
                    default_for_az: true,
                    tags: Vec::new(),
                },
            );
        }
    }

    /// Applies one API call. On error the world is exactly as it was before.
    pub fn apply(&mut self, command: Command) -> Result<Value, ApiError> {
        // Handlers validate before they mutate; ids drawn before a late
        // rejection are given back by restoring the random source.
        let rng_before = self.rng.clone();
        let result = crate::command::execute(self, command);
        if result.is_err() {
            self.rng = rng_before;
        }
        result
    }

    pub(crate) fn ec2_call<T>(
        &mut self,
        call: impl FnOnce(&mut Ec2, &mut Env) -> Result<T, ec2::Ec2Error>,
    ) -> Result<T, ApiError> {
        let (ec2, mut ctx) = self.ec2_ctx();
        call(ec2, &mut ctx).map_err(crate::error::to_api_error)
    }

    pub(crate) fn ecr_call<T>(
        &mut self,
        call: impl FnOnce(&mut Ecr, &mut Env) -> Result<T, crate::ecr::EcrError>,
    ) -> Result<T, ApiError> {
        let mut ctx = env_of!(self);
        call(&mut self.ecr, &mut ctx).map_err(crate::error::to_api_error)
    }

    pub(crate) fn elb_call<T>(
        &mut self,
        call: impl FnOnce(
            &mut crate::elb::Elbv2,
            &mut crate::elb::ElbCtx,
        ) -> Result<T, crate::elb::ElbError>,
    ) -> Result<T, ApiError> {
        let mut ctx = crate::elb::ElbCtx {
            env: env_of!(self),
            ec2: &mut self.ec2,
        };
        call(&mut self.elb, &mut ctx).map_err(crate::error::to_api_error)
    }

    /// EventBridge Scheduler's state and the `Env`, for its API.
    pub(crate) fn with_scheduler<T>(
        &mut self,
        call: impl FnOnce(&mut crate::eventbridge_scheduler::Scheduler, &Env) -> T,
    ) -> T {
        let env = env_of!(self);
        call(&mut self.scheduler, &env)
    }

    /// EC2 Auto Scaling's groups, the EC2 it reads (launch templates,
    /// subnets) and the `Env`, for its API.
    pub(crate) fn with_auto_scaling_groups<T>(
        &mut self,
        call: impl FnOnce(&mut crate::auto_scaling_group::Ec2AutoScaling, &Ec2, &mut Env) -> T,
    ) -> T {
        let mut env = env_of!(self);
        call(&mut self.ec2_auto_scaling, &self.ec2, &mut env)
    }

    /// Whether an ECS capacity provider names the Auto Scaling group (which
    /// may then not be deleted).
    pub(crate) fn capacity_provider_uses_group(
        &self,
        input: &crate::auto_scaling_group::AutoScalingGroupInput,
    ) -> bool {
        input
            .auto_scaling_group_name
            .as_ref()
            .and_then(|name| self.ec2_auto_scaling.groups.get(name))
            .is_some_and(|group| self.ecs_capacity_provider_of_group(&group.arn).is_some())
    }

    /// Secrets Manager's state and the `Env`, for its API.
    pub(crate) fn with_secrets<T>(
        &mut self,
        call: impl FnOnce(&mut crate::secrets_manager::SecretsManager, &mut Env) -> T,
    ) -> T {
        let mut env = env_of!(self);
        call(&mut self.secrets_manager, &mut env)
    }

    /// CodeCommit's state and the `Env`, for its API.
    pub(crate) fn with_codecommit<T>(
        &mut self,
        call: impl FnOnce(&mut crate::codecommit::CodeCommit, &mut Env) -> T,
    ) -> T {
        let mut env = env_of!(self);
        call(&mut self.codecommit, &mut env)
    }

    /// Cloud Map's state and the `Env`, for its API.
    pub(crate) fn with_cloud_map<T>(
        &mut self,
        call: impl FnOnce(&mut crate::cloud_map::CloudMap, &mut Env) -> T,
    ) -> T {
        let mut env = env_of!(self);
        call(&mut self.cloud_map, &mut env)
    }

    pub(crate) fn iam_and_rng(&mut self) -> (&mut Iam, &mut Rng) {
        (&mut self.iam, &mut self.rng)
    }

    /// The registry host of this account and region (`123456789012.dkr.ecr.ap-northeast-1.amazonaws.com`).
    pub fn registry(&self) -> String {
        format!("{}.dkr.ecr.{}.amazonaws.com", self.account_id, self.region)
    }

    /// Whether TCP traffic from `from` reaches `to` on `port`, and the hop that blocks it if not.
    pub fn reachability(&self, from: &ec2::Node, to: &ec2::Node, port: u16) -> ec2::Trace {
        self.ec2.reachability(from, to, port)
    }

    /// Moves the clock forward by `dt`, letting every time-driven change happen in order:
    /// the clock jumps from one due change to the next, so quiet stretches cost nothing.
    pub fn advance(&mut self, dt: Duration) {
        let target = self
            .now
            .plus(dt)
            .min(SimTime(crate::clock::MAX_WORLD_AGE.0));
        // Whatever is due now (a service created a moment ago) happens first.
        self.run_auto_scaling_groups();
        self.place_waiting_tasks();
        self.process_ecs();
        self.process_deployments();
        while self.now < target {
            let next = [
                self.ec2.next_transition(),
                self.next_ecs_transition(),
                self.next_deployment_transition(),
                self.elb.next_transition(),
                self.next_metrics_minute(),
                self.scheduler.next_event(self.now),
                self.ec2_auto_scaling.next_event(self.now),
                self.next_build_event(),
                // Managed scaling looks once a minute.
                (!self.ecs.asg_capacity_providers.is_empty())
                    .then(|| SimTime((self.now.0 / 60 + 1).saturating_mul(60))),
            ]
            .into_iter()
            .flatten()
            .filter(|t| *t > self.now)
            .min()
            .map_or(target, |t| t.min(target));
            self.accrue_usage(next.since(self.now).as_seconds());
            self.now = next;
            self.ec2.advance_to(self.now);
            self.elb.advance_to(self.now);
            self.run_health_checks();
            // Metrics and alarms first, so the scheduler acts on a scaling change at once.
            self.record_minute();
            self.run_scheduled_actions();
            self.run_schedules();
            self.run_builds();
            self.evaluate_alarms();
            self.run_managed_scaling();
            self.run_auto_scaling_groups();
            self.place_waiting_tasks();
            self.process_ecs();
            // Room freed by tasks that just stopped goes to waiting tasks at once.
            self.place_waiting_tasks();
            self.process_deployments();
        }
    }

    /// Whether nothing is settling: every active service runs its desired count
    /// with its deployment completed, no task is starting or stopping, and no
    /// CodeDeploy deployment is under way ("advance until steady" stops here).
    pub fn is_steady(&self) -> bool {
        use crate::ecs::service::ServiceStatus;
        use crate::ecs::task::TaskStatus;
        let services_settled = self.ecs.services.values().all(|s| {
            if s.status != ServiceStatus::Active {
                return s.status == ServiceStatus::Inactive;
            }
            let active = self
                .ecs
                .tasks
                .values()
                .filter(|t| t.of_service(&s.cluster, &s.name) && t.is_active())
                .count();
            (s.rollout_completed || s.rollout_failed)
                && s.older_deployments.is_empty()
                && s.replacement.is_none()
                && active == s.desired_count as usize
        });
        let tasks_settled = self.ecs.tasks.values().all(|t| {
            t.is_stopped() || (t.last_status == TaskStatus::Running && !t.desired_stopped)
        });
        let deployments_settled = self
            .deploy
            .deployments
            .values()
            .all(|d| d.status.is_finished());
        let builds_settled = self.codebuild.builds.values().all(|b| b.finished);
        services_settled && tasks_settled && deployments_settled && builds_settled
    }

    /// Advances in steps of `step` until the world [`is_steady`](Self::is_steady),
    /// at most `cap`; returns how long it advanced.
    pub fn advance_until_steady(&mut self, step: Duration, cap: Duration) -> Duration {
        let start = self.now;
        let step = Duration(step.0.max(1));
        while self.now.since(start) < cap {
            let before = self.now;
            self.advance(step);
            // At the end of time (MAX_WORLD_AGE) the clock stops: so does the wait.
            if self.is_steady() || self.now == before {
                break;
            }
        }
        self.now.since(start)
    }

    pub(crate) fn rng_hex(&mut self, len: usize) -> String {
        self.rng.hex(len)
    }

    pub(crate) fn rng_uuid(&mut self) -> String {
        self.rng.uuid()
    }

    pub(crate) fn rng_mut(&mut self) -> &mut Rng {
        &mut self.rng
    }

    pub(crate) fn rng_below(&mut self, n: u64) -> u64 {
        self.rng.below(n)
    }

    /// Random choices from now on come from `seed` (ids still from the
    /// world's own): the same commands, other luck. See [`Rng`].
    pub fn set_chance_seed(&mut self, seed: u64) {
        self.rng.set_chance_seed(seed);
    }

    /// The world as the JSON document the app saves.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads a saved world, refusing documents from a newer schema.
    pub fn from_json(text: &str) -> Result<World, LoadError> {
        let value: Value =
            serde_json::from_str(text).map_err(|e| LoadError::Json(e.to_string()))?;
        let version = value
            .get("schemaVersion")
            .and_then(Value::as_u64)
            .unwrap_or(0);
        if version > u64::from(WORLD_SCHEMA_VERSION) {
            return Err(LoadError::FutureVersion(version));
        }
        let world: World =
            serde_json::from_value(value).map_err(|e| LoadError::Shape(e.to_string()))?;
        if world.now.0 > crate::clock::MAX_WORLD_AGE.0 {
            return Err(LoadError::Shape(format!(
                "the clock reads {} seconds, past the {} a world can run",
                world.now.0,
                crate::clock::MAX_WORLD_AGE.0
            )));
        }
        Ok(world)
    }

    pub fn log(&mut self, source: &str, message: String) {
        self.events.push(Event {
            at: self.now,
            source: source.to_string(),
            message,
        });
    }
}

impl Default for World {
    fn default() -> Self {
        World::new(DEFAULT_SEED)
    }
}
