//! The architecture diagram as data: what the engine lays out from the world
//! and the page draws as SVG.

use serde::{Deserialize, Serialize};

/// A task's cell: one address of its subnet.
pub const TASK_CELL: f64 = 14.0;
/// Task cells per subnet row (a /24's 256 addresses make 16 rows).
pub const CELLS_PER_ROW: u64 = 16;
pub const TARGET_GROUP_HEIGHT: f64 = 30.0;

/// What a task looks like: its life-cycle stage and health, drawn with both a
/// colour and a shape so colour is never the only signal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TaskLook {
    Starting,
    Healthy,
    Unhealthy,
    Stopping,
}

impl TaskLook {
    pub fn class(self) -> &'static str {
        match self {
            TaskLook::Starting => "task starting",
            TaskLook::Healthy => "task healthy",
            TaskLook::Unhealthy => "task unhealthy",
            TaskLook::Stopping => "task stopping",
        }
    }
}

/// Which task set of a blue/green deployment a task belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TaskSetColour {
    Blue,
    Green,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskDot {
    pub id: String,
    pub x: f64,
    pub y: f64,
    pub look: TaskLook,
    pub set: Option<TaskSetColour>,
    /// Tooltip: service, status, address.
    pub title: String,
    /// The security groups of its interface (none for bridge and host mode).
    pub security_groups: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SubnetBox {
    pub id: String,
    pub label: String,
    pub cidr: String,
    pub public: bool,
    pub free: u64,
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    pub nat_gateways: Vec<String>,
    pub tasks: Vec<TaskDot>,
    /// Tasks whose address lies beyond the drawn cells.
    pub more: usize,
    /// EC2 container instances in the subnet, each a row below the address cells.
    pub instances: Vec<InstanceRow>,
    /// The network ACL and route table that decide its traffic (explicit or the VPC's main/default).
    pub network_acl: Option<String>,
    pub route_table: Option<String>,
}

/// A container instance and the tasks it runs without an interface of their
/// own (bridge and host network modes), drawn on the instance.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InstanceRow {
    pub ec2_instance_id: String,
    pub label: String,
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub tasks: Vec<TaskDot>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ZoneColumn {
    pub name: String,
    pub x: f64,
    /// Where its name is written.
    pub y: f64,
    pub w: f64,
}

/// A listener's route: `:80 → web 90 % · web-green 10 %`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Route {
    pub port: u16,
    pub targets: Vec<RouteShare>,
}

/// One target group a listener forwards to, and its share of the requests in percent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RouteShare {
    pub target_group_arn: String,
    pub name: String,
    pub share: u32,
}

/// A target group, drawn between its load balancers and its targets.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TargetGroupBox {
    pub arn: String,
    pub name: String,
    pub healthy: usize,
    pub targets: usize,
    pub x: f64,
    pub y: f64,
    pub w: f64,
}

/// What an arrow joins, which says how it is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ArrowKind {
    /// Listener → target group; a weight of 0 is drawn faint.
    Listener { carries_traffic: bool },
    /// Target group → a registered target, by the target's health state.
    Target(TargetLine),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TargetLine {
    Healthy,
    Initial,
    Unhealthy,
    Draining,
    Unused,
}

impl TargetLine {
    pub fn class(self) -> &'static str {
        match self {
            TargetLine::Healthy => "arrow target healthy",
            TargetLine::Initial => "arrow target initial",
            TargetLine::Unhealthy => "arrow target unhealthy",
            TargetLine::Draining => "arrow target draining",
            TargetLine::Unused => "arrow target unused",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Arrow {
    pub from: (f64, f64),
    pub to: (f64, f64),
    pub kind: ArrowKind,
    /// `:80 90%` on a listener's arrow.
    pub label: Option<String>,
    /// What it joins, for tooltips and tests: `app-lb:80 → web`, `web → 10.0.0.7:80`.
    pub title: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LoadBalancerBox {
    pub arn: String,
    pub name: String,
    pub kind: String,
    pub internal: bool,
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub routes: Vec<Route>,
    pub security_groups: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VpcBox {
    pub id: String,
    pub label: String,
    pub cidr: String,
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    pub internet_gateway: Option<String>,
    /// (endpoint id, service short name: `ecr.api`, `s3`, …).
    pub endpoints: Vec<(String, String)>,
    pub load_balancers: Vec<LoadBalancerBox>,
    pub target_groups: Vec<TargetGroupBox>,
    pub zones: Vec<ZoneColumn>,
    pub subnets: Vec<SubnetBox>,
    /// Listener → target group → task, drawn over the subnets.
    pub arrows: Vec<Arrow>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Diagram {
    pub region: String,
    pub width: f64,
    pub height: f64,
    pub vpcs: Vec<VpcBox>,
}
