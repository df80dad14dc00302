//! Forms that mirror the AWS console's create, edit and delete pages, as
//! data. A form lists its fields (labelled as the console labels them), where
//! each field's choices come from in the world, and how the filled-in values
//! become `aws` command lines. Those lines are what runs — through the
//! console, so they show in the terminal and its history — and what the
//! learner reads as the CLI equivalent. The model's error is placed beside
//! the field it is about (by its error code or the option it names).

mod application_autoscaling;
mod autoscaling;
mod cloudwatch;
mod codedeploy;
mod ec2;
mod ecr;
mod ecs;
mod elbv2;
mod iam;
mod logs;
mod scheduler;

use ecs_sim::tags::name_tag;
use ecs_sim::World;
use std::collections::BTreeMap;

/// A label in both languages (the AWS console's own wording in each).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Label {
    pub ja: &'static str,
    pub en: &'static str,
}

impl Label {
    pub const fn new(ja: &'static str, en: &'static str) -> Label {
        Label { ja, en }
    }

    /// The label in `lang`.
    pub fn text(self, lang: ecs_protocol::Lang) -> &'static str {
        match lang {
            ecs_protocol::Lang::Ja => self.ja,
            ecs_protocol::Lang::En => self.en,
        }
    }
}

const fn l(ja: &'static str, en: &'static str) -> Label {
    Label::new(ja, en)
}

/// Where a choice field's options come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Vpcs,
    Subnets,
    AvailabilityZones,
    InternetGateways,
    /// Internet and NAT gateways: a route's target.
    Gateways,
    RouteTables,
    SecurityGroups,
    Repositories,
    Clusters,
    /// Every ACTIVE revision, as `family:revision`.
    TaskDefinitions,
    /// Every revision, whatever its status (for deregistering).
    AllTaskDefinitions,
    /// `cluster/service`.
    Services,
    TargetGroups,
    LoadBalancers,
    /// Elastic IP allocations.
    Addresses,
    /// IAM roles, by ARN.
    Roles,
    /// EventBridge Scheduler schedules, by name.
    Schedules,
    /// IAM instance profiles, by name.
    InstanceProfiles,
    /// EC2 launch templates, by name.
    LaunchTemplates,
    /// EC2 Auto Scaling groups, by ARN (by name with `AutoScalingGroupNames`).
    AutoScalingGroups,
    AutoScalingGroupNames,
    /// Listeners, by ARN (`load balancer:port`).
    Listeners,
    CodeDeployApplications,
    /// `application/group`.
    DeploymentGroups,
    /// ECS deployment configurations: the predefined ones and the account's own.
    DeploymentConfigs,
    /// The region's endpoint services an ECS learner needs (ECR, S3, Logs, …).
    EndpointServices,
    NetworkAcls,
    /// Tasks that have not stopped, as `cluster/task-id`.
    Tasks,
    LogGroups,
    /// IAM roles, by name.
    RoleNames,
    /// CodeDeploy deployments still under way (created, in progress or waiting).
    OpenDeployments,
    NatGateways,
    VpcEndpoints,
    /// Application Auto Scaling policies, as `resource-id|policy-name`.
    ScalingPolicies,
    /// Scheduled actions, as `resource-id|action-name`.
    ScheduledActions,
    /// CloudWatch alarms the learner made (target tracking's own are not offered).
    Alarms,
    /// The account's own deployment configurations (the predefined ones cannot be deleted).
    CustomDeploymentConfigs,
    /// Lifecycle hooks waiting for their function's answer, as `deployment-id|execution-id`.
    PendingHooks,
    /// Tagged images, as `repository:tag`.
    Images,
    /// Policies attached to roles, as `role|policy-arn`.
    AttachedPolicies,
    /// A fixed list of (value, label): AWS's own values, shown as they are.
    Fixed(&'static [(&'static str, &'static str)]),
    /// A fixed list of (value, label) whose labels are words, in both languages.
    Words(&'static [(&'static str, Label)]),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Text,
    /// A whole number.
    Number,
    /// One of the source's options.
    Choice(Source),
    /// Any number of the source's options (checkboxes); the value is space-separated.
    Multi(Source),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    pub key: &'static str,
    pub label: Label,
    pub kind: Kind,
    pub required: bool,
    /// What the field holds when the form opens.
    pub default: &'static str,
    pub placeholder: &'static str,
    /// AWS error codes that are about this field.
    pub codes: &'static [&'static str],
    /// The CLI option this field becomes (errors naming it land here).
    pub option: &'static str,
}

const fn field(key: &'static str, label: Label, kind: Kind, option: &'static str) -> Field {
    Field {
        key,
        label,
        kind,
        required: true,
        default: "",
        placeholder: "",
        codes: &[],
        option,
    }
}

impl Field {
    const fn optional(mut self) -> Field {
        self.required = false;
        self
    }
    const fn default(mut self, value: &'static str) -> Field {
        self.default = value;
        self
    }
    const fn placeholder(mut self, value: &'static str) -> Field {
        self.placeholder = value;
        self
    }
    const fn codes(mut self, codes: &'static [&'static str]) -> Field {
        self.codes = codes;
        self
    }
}

/// The AWS console's service a form belongs to (the picker groups by it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Group {
    Vpc,
    Ecr,
    Ecs,
    Elb,
}

impl Group {
    pub const ALL: [Group; 4] = [Group::Vpc, Group::Ecr, Group::Ecs, Group::Elb];

    pub fn label(self) -> Label {
        match self {
            Group::Vpc => l("VPC", "VPC"),
            Group::Ecr => l("ECR", "ECR"),
            Group::Ecs => l("ECS", "ECS"),
            Group::Elb => l("EC2 ロードバランシング", "EC2 load balancing"),
        }
    }
}

/// The values a learner typed or chose, by field key.
pub type Values = BTreeMap<&'static str, String>;

pub struct Form {
    pub id: &'static str,
    pub group: Group,
    pub title: Label,
    pub fields: &'static [Field],
    /// How the values (already checked by [`check`]) become command lines.
    pub build: Build,
}

/// How a form's values become command lines.
pub enum Build {
    /// `aws <service> <operation>` (with any fixed options), then each
    /// field's option and value, in field order: a required field always, an
    /// optional one when filled, a multiple choice as one option with its
    /// values. A field whose option is `--tag-specifications` becomes the
    /// Name tag of the resource type `tag`, last.
    Options {
        command: &'static str,
        tag: Option<&'static str>,
    },
    /// Code, where the fields' options alone do not make the command (more
    /// than one command, a value split or combined, a flag, a fixed value).
    Custom(fn(&Values, &World) -> Vec<String>),
}

/// The command, then each field's option (see [`Build::Options`]).
const fn options(command: &'static str) -> Build {
    Build::Options { command, tag: None }
}

/// As [`options`], with the Name tag field for this resource type.
const fn tagged(command: &'static str, resource_type: &'static str) -> Build {
    Build::Options {
        command,
        tag: Some(resource_type),
    }
}

impl Build {
    fn lines(&self, fields: &[Field], values: &Values, world: &World) -> Vec<String> {
        match self {
            Build::Custom(build) => build(values, world),
            Build::Options { command, tag } => {
                let mut line = Line::new(command);
                let mut name = "";
                for field in fields {
                    let value = get(values, field.key);
                    line = match field.kind {
                        _ if field.option == TAG_SPECIFICATIONS => {
                            name = value;
                            line
                        }
                        Kind::Multi(_) => line.many(field.option, &list(values, field.key)),
                        _ if field.required => line.opt(field.option, value),
                        _ => line.maybe(field.option, value),
                    };
                }
                if let Some(resource_type) = tag {
                    line = line.name_tag(resource_type, name);
                }
                vec![line.done()]
            }
        }
    }
}

/// The option a Name tag field stands for.
const TAG_SPECIFICATIONS: &str = "--tag-specifications";

impl Form {
    /// The values a freshly opened form holds: each field's default, or the
    /// first choice for a required choice field.
    pub fn initial_values(&self, world: &World) -> Values {
        self.fields
            .iter()
            .map(|f| {
                let value = match f.kind {
                    Kind::Choice(source) if f.default.is_empty() && f.required => {
                        choices(world, source)
                            .into_iter()
                            .next()
                            .map(|(v, _)| v)
                            .unwrap_or_default()
                    }
                    _ => f.default.to_string(),
                };
                (f.key, value)
            })
            .collect()
    }

    pub fn field(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }
}

/// What a field's check found wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    Required,
    NotANumber,
}

impl Problem {
    pub fn label(self) -> Label {
        match self {
            Problem::Required => l("入力してください（必須）。", "Required."),
            Problem::NotANumber => l("整数を入力してください。", "Enter a whole number."),
        }
    }
}

/// The form's own checks, before anything runs: required fields and numbers.
/// (Everything else — CIDR ranges, names, limits — is the model's to say.)
pub fn check(form: &Form, values: &Values) -> Vec<(&'static str, Problem)> {
    form.fields
        .iter()
        .filter_map(|f| {
            let value = values.get(f.key).map(|v| v.trim()).unwrap_or("");
            if value.is_empty() {
                return f.required.then_some((f.key, Problem::Required));
            }
            (f.kind == Kind::Number && value.parse::<u64>().is_err())
                .then_some((f.key, Problem::NotANumber))
        })
        .collect()
}

/// The command lines for `values`, or the fields to fix first.
pub fn commands(
    form: &Form,
    values: &Values,
    world: &World,
) -> Result<Vec<String>, Vec<(&'static str, Problem)>> {
    let problems = check(form, values);
    if problems.is_empty() {
        Ok(form.build.lines(form.fields, values, world))
    } else {
        Err(problems)
    }
}

/// The field an error printed by the console is about: the one whose error
/// codes include the error's code, else the one whose CLI option it names.
pub fn field_for_error(form: &Form, stderr: &str) -> Option<&'static str> {
    let code = stderr
        .split_once("An error occurred (")
        .and_then(|(_, rest)| rest.split_once(')'))
        .map(|(code, _)| code);
    if let Some(code) = code {
        if let Some(f) = form.fields.iter().find(|f| f.codes.contains(&code)) {
            return Some(f.key);
        }
    }
    form.fields
        .iter()
        .filter(|f| !f.option.is_empty())
        .find(|f| {
            stderr.contains(f.option)
                || stderr.contains(&option_to_parameter(f.option))
                || stderr.contains(&capitalised(&option_to_parameter(f.option)))
        })
        .map(|f| f.key)
}

/// `--cidr-block` → `cidrBlock`, the name AWS's messages use.
fn option_to_parameter(option: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in option.trim_start_matches('-').chars() {
        if c == '-' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A label as the protocol carries it.
pub(crate) fn text(label: Label) -> ecs_protocol::Text {
    ecs_protocol::Text {
        ja: label.ja.to_string(),
        en: label.en.to_string(),
    }
}

/// The picker's list: every form, grouped by service.
pub fn index() -> ecs_protocol::FormIndex {
    ecs_protocol::FormIndex {
        groups: Group::ALL
            .into_iter()
            .map(|group| ecs_protocol::FormGroup {
                label: text(group.label()),
                forms: FORMS
                    .iter()
                    .filter(|f| f.group == group)
                    .map(|f| (f.id.to_string(), text(f.title)))
                    .collect(),
            })
            .collect(),
    }
}

/// The protocol's values (any keys) as this form's (its fields' keys only).
pub fn values_of(form: &Form, values: &ecs_protocol::FormValues) -> Values {
    form.fields
        .iter()
        .filter_map(|f| values.get(f.key).map(|v| (f.key, v.clone())))
        .collect()
}

/// An open form as the page draws it: fields with the world's choices, and
/// the command lines the values become.
pub fn view(
    form: &Form,
    values: &ecs_protocol::FormValues,
    world: &World,
    lang: ecs_protocol::Lang,
) -> ecs_protocol::FormView {
    let values = values_of(form, values);
    ecs_protocol::FormView {
        id: form.id.to_string(),
        title: text(form.title),
        fields: form
            .fields
            .iter()
            .map(|f| ecs_protocol::FormField {
                key: f.key.to_string(),
                label: text(f.label),
                kind: match f.kind {
                    Kind::Text => ecs_protocol::FieldKind::Text,
                    Kind::Number => ecs_protocol::FieldKind::Number,
                    Kind::Choice(_) => ecs_protocol::FieldKind::Choice,
                    Kind::Multi(_) => ecs_protocol::FieldKind::Multi,
                },
                required: f.required,
                default: f.default.to_string(),
                placeholder: f.placeholder.to_string(),
                choices: match f.kind {
                    // Words in the learner's language; everything else as AWS names it.
                    Kind::Choice(Source::Words(options)) | Kind::Multi(Source::Words(options)) => {
                        options
                            .iter()
                            .map(|(v, label)| (v.to_string(), label.text(lang).to_string()))
                            .collect()
                    }
                    Kind::Choice(source) | Kind::Multi(source) => choices(world, source),
                    Kind::Text | Kind::Number => Vec::new(),
                },
            })
            .collect(),
        preview: form.build.lines(form.fields, &values, world),
    }
}

/// A word the shell reads back as `value`: bare when it is safe, else in single quotes.
pub fn quote(value: &str) -> String {
    let safe = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:,=@+%".contains(c));
    if safe {
        value.to_string()
    } else {
        format!("'{}'", value.replace('\'', r"'\''"))
    }
}

/// The options of a choice field: (value, what the learner sees).
pub fn choices(world: &World, source: Source) -> Vec<(String, String)> {
    // The name first: a narrow dropdown cuts the end of its label, and the
    // learner looks for the name they gave.
    let named = |id: &str, name: Option<&str>, extra: &str| match name {
        Some(name) => format!("{name} ({id}{extra})"),
        None if extra.is_empty() => id.to_string(),
        None => format!("{id} ({})", extra.trim_start_matches(", ")),
    };
    match source {
        // The learner's own VPCs and subnets come first, the default ones last
        // (a form must not make the default VPC the easy choice by accident).
        Source::Vpcs => {
            let mut vpcs: Vec<_> = world.ec2.vpcs.values().collect();
            vpcs.sort_by_key(|v| v.is_default);
            vpcs.into_iter()
                .map(|v| {
                    let cidr = v
                        .cidr_blocks
                        .first()
                        .map(|b| format!(", {}", b.cidr))
                        .unwrap_or_default();
                    let extra = if v.is_default {
                        format!("{cidr}, default")
                    } else {
                        cidr
                    };
                    (v.id.clone(), named(&v.id, name_tag(&v.tags), &extra))
                })
                .collect()
        }
        Source::Subnets => {
            let mut subnets: Vec<_> = world.ec2.subnets.values().collect();
            subnets.sort_by_key(|s| s.default_for_az);
            subnets
                .into_iter()
                .map(|s| {
                    let extra = format!(
                        ", {}, {}{}",
                        s.cidr,
                        s.availability_zone,
                        if s.default_for_az { ", default" } else { "" }
                    );
                    (s.id.clone(), named(&s.id, name_tag(&s.tags), &extra))
                })
                .collect()
        }
        Source::AvailabilityZones => world
            .availability_zones
            .iter()
            .map(|z| (z.clone(), z.clone()))
            .collect(),
        Source::InternetGateways => world
            .ec2
            .internet_gateways
            .values()
            .map(|g| {
                let extra = g
                    .attached_vpc
                    .as_ref()
                    .map(|v| format!(", → {v}"))
                    .unwrap_or_default();
                (g.id.clone(), named(&g.id, name_tag(&g.tags), &extra))
            })
            .collect(),
        Source::Gateways => {
            let mut out = choices(world, Source::InternetGateways);
            out.extend(
                world
                    .ec2
                    .nat_gateways
                    .values()
                    .filter(|n| n.state != ecs_sim::ec2::NatState::Deleted)
                    .map(|n| (n.id.clone(), named(&n.id, name_tag(&n.tags), ""))),
            );
            out
        }
        // The learner's own VPCs' tables first (the add-route form must not
        // preselect the default VPC's main table).
        Source::RouteTables => {
            let default_vpcs: Vec<&str> = world
                .ec2
                .vpcs
                .values()
                .filter(|v| v.is_default)
                .map(|v| v.id.as_str())
                .collect();
            let mut tables: Vec<_> = world.ec2.route_tables.values().collect();
            // (and within a VPC the tables they made before its main table).
            tables.sort_by_key(|r| (default_vpcs.contains(&r.vpc_id.as_str()), r.main));
            tables
                .into_iter()
                .map(|r| {
                    let extra = format!(", {}{}", r.vpc_id, if r.main { ", main" } else { "" });
                    (r.id.clone(), named(&r.id, name_tag(&r.tags), &extra))
                })
                .collect()
        }
        Source::SecurityGroups => world
            .ec2
            .security_groups
            .values()
            .map(|g| (g.id.clone(), format!("{} ({}, {})", g.name, g.id, g.vpc_id)))
            .collect(),
        Source::Repositories => world
            .ecr
            .repositories
            .keys()
            .map(|name| (name.clone(), name.clone()))
            .collect(),
        Source::Schedules => world
            .scheduler
            .schedules
            .values()
            .map(|s| {
                (
                    s.name.clone(),
                    format!("{} ({})", s.name, s.schedule_expression),
                )
            })
            .collect(),
        Source::InstanceProfiles => world
            .iam
            .instance_profiles
            .keys()
            .map(|n| (n.clone(), n.clone()))
            .collect(),
        Source::LaunchTemplates => world
            .ec2
            .launch_templates
            .values()
            .map(|t| (t.name.clone(), format!("{} ({})", t.name, t.id)))
            .collect(),
        Source::AutoScalingGroups => world
            .ec2_auto_scaling
            .groups
            .values()
            .filter(|g| !g.deleting)
            .map(|g| (g.arn.clone(), g.name.clone()))
            .collect(),
        Source::AutoScalingGroupNames => world
            .ec2_auto_scaling
            .groups
            .values()
            .filter(|g| !g.deleting)
            .map(|g| {
                let label = format!(
                    "{} ({}–{}, desired {})",
                    g.name, g.min_size, g.max_size, g.desired_capacity
                );
                (g.name.clone(), label)
            })
            .collect(),
        Source::Clusters => world
            .ecs
            .clusters
            .values()
            .filter(|c| c.active)
            .map(|c| (c.name.clone(), c.name.clone()))
            .collect(),
        Source::TaskDefinitions | Source::AllTaskDefinitions => {
            let mut out: Vec<(String, String)> = world
                .ecs
                .task_definitions
                .iter()
                .filter(|td| source == Source::AllTaskDefinitions || td.is_active())
                .map(|td| {
                    let reference = format!("{}:{}", td.family, td.revision);
                    let label = if td.is_active() {
                        reference.clone()
                    } else {
                        format!("{reference} (INACTIVE)")
                    };
                    (reference, label)
                })
                .collect();
            // Newest first: the revision a learner just registered is the likely choice.
            out.reverse();
            out
        }
        Source::Services => world
            .ecs
            .services
            .iter()
            .filter(|(_, s)| s.status == ecs_sim::ecs::service::ServiceStatus::Active)
            .map(|(key, _)| (key.clone(), key.clone()))
            .collect(),
        Source::TargetGroups => world
            .elb
            .target_groups
            .values()
            .map(|g| (g.arn.clone(), format!("{} (:{})", g.name, g.port)))
            .collect(),
        Source::LoadBalancers => world
            .elb
            .load_balancers
            .values()
            .map(|lb| (lb.arn.clone(), lb.name.clone()))
            .collect(),
        Source::Addresses => world
            .ec2
            .addresses
            .values()
            .map(|a| {
                let label = format!("{} ({})", a.allocation_id, a.public_ip);
                (a.allocation_id.clone(), label)
            })
            .collect(),
        Source::Roles => world
            .iam
            .roles
            .values()
            .map(|r| (r.arn(&world.account_id), r.name.clone()))
            .collect(),
        Source::Listeners => world
            .elb
            .listeners
            .values()
            .map(|listener| {
                let lb = world
                    .elb
                    .load_balancers
                    .get(&listener.load_balancer_arn)
                    .map_or("", |lb| lb.name.as_str());
                (listener.arn.clone(), format!("{lb}:{}", listener.port))
            })
            .collect(),
        Source::CodeDeployApplications => world
            .deploy
            .applications
            .keys()
            .map(|name| (name.clone(), name.clone()))
            .collect(),
        Source::DeploymentGroups => world
            .deploy
            .deployment_groups
            .keys()
            .map(|key| (key.clone(), key.clone()))
            .collect(),
        Source::DeploymentConfigs => {
            let mut names: Vec<String> = ecs_sim::deploy::deployment_config::predefined()
                .into_iter()
                .chain(world.deploy.configs.values().cloned())
                .filter(|c| c.compute_platform == "ECS")
                .map(|c| c.name)
                .collect();
            names.dedup();
            names.into_iter().map(|n| (n.clone(), n)).collect()
        }
        Source::EndpointServices => [
            ("ecr.api", "Interface"),
            ("ecr.dkr", "Interface"),
            ("s3", "Gateway"),
            ("logs", "Interface"),
            ("secretsmanager", "Interface"),
            ("ssm", "Interface"),
            ("ssmmessages", "Interface"),
        ]
        .iter()
        .map(|(service, kind)| {
            let name = format!("com.amazonaws.{}.{service}", world.region);
            (name.clone(), format!("{name} ({kind})"))
        })
        .collect(),
        Source::NetworkAcls => world
            .ec2
            .network_acls
            .values()
            .map(|a| {
                let extra = format!(
                    ", {}{}",
                    a.vpc_id,
                    if a.is_default { ", default" } else { "" }
                );
                (a.id.clone(), named(&a.id, name_tag(&a.tags), &extra))
            })
            .collect(),
        Source::Tasks => world
            .ecs
            .tasks
            .values()
            .filter(|t| !t.is_stopped())
            .map(|t| {
                let label = format!(
                    "{} ({}, {}, {})",
                    t.id,
                    t.cluster,
                    t.service.as_deref().unwrap_or(&t.group),
                    t.last_status.name()
                );
                (format!("{}/{}", t.cluster, t.id), label)
            })
            .collect(),
        Source::LogGroups => world
            .logs
            .groups
            .keys()
            .map(|name| (name.clone(), name.clone()))
            .collect(),
        Source::RoleNames => world
            .iam
            .roles
            .values()
            .map(|r| (r.name.clone(), r.name.clone()))
            .collect(),
        Source::OpenDeployments => world
            .deploy
            .deployments
            .values()
            .filter(|d| !d.status.is_finished())
            .map(|d| {
                let label = format!(
                    "{} ({}/{}, {})",
                    d.id,
                    d.application_name,
                    d.deployment_group_name,
                    d.status.as_str()
                );
                (d.id.clone(), label)
            })
            .collect(),
        Source::NatGateways => world
            .ec2
            .nat_gateways
            .values()
            .filter(|n| {
                !matches!(
                    n.state,
                    ecs_sim::ec2::NatState::Deleting | ecs_sim::ec2::NatState::Deleted
                )
            })
            .map(|n| {
                let extra = format!(", {}, {}", n.subnet_id, n.state.name());
                (n.id.clone(), named(&n.id, None, &extra))
            })
            .collect(),
        Source::VpcEndpoints => world
            .ec2
            .vpc_endpoints
            .values()
            .filter(|e| e.is_live())
            .map(|e| (e.id.clone(), format!("{} ({})", e.id, e.service_name)))
            .collect(),
        Source::ScalingPolicies => world
            .autoscaling
            .policies
            .values()
            .map(|p| {
                let value = format!("{}|{}", p.resource_id, p.name);
                (value, format!("{} ({})", p.name, p.resource_id))
            })
            .collect(),
        Source::ScheduledActions => world
            .autoscaling
            .scheduled_actions
            .values()
            .map(|a| {
                let value = format!("{}|{}", a.resource_id, a.name);
                (
                    value,
                    format!("{} ({}, {})", a.name, a.resource_id, a.schedule),
                )
            })
            .collect(),
        Source::Alarms => world
            .alarms
            .alarms
            .keys()
            .filter(|name| !name.starts_with("TargetTracking-"))
            .map(|name| (name.clone(), name.clone()))
            .collect(),
        Source::CustomDeploymentConfigs => world
            .deploy
            .configs
            .keys()
            .map(|name| (name.clone(), name.clone()))
            .collect(),
        Source::PendingHooks => world
            .deploy
            .deployments
            .values()
            .filter(|d| !d.status.is_finished())
            .flat_map(|d| {
                d.events.iter().filter_map(move |e| {
                    let hook = e.hook.as_ref()?;
                    (e.status == ecs_sim::deploy::deployment::EventStatus::InProgress
                        && hook.result.is_none()
                        && !hook.execution_id.is_empty())
                    .then(|| {
                        (
                            format!("{}|{}", d.id, hook.execution_id),
                            format!("{} · {} · {}", d.id, e.name, hook.function),
                        )
                    })
                })
            })
            .collect(),
        Source::Images => world
            .ecr
            .repositories
            .values()
            .flat_map(|r| {
                r.images
                    .iter()
                    .flat_map(move |i| i.tags.iter().map(move |t| format!("{}:{t}", r.name)))
            })
            .map(|reference| (reference.clone(), reference))
            .collect(),
        Source::AttachedPolicies => world
            .iam
            .roles
            .values()
            .flat_map(|r| {
                r.attached_policies.iter().map(move |arn| {
                    let short = arn.rsplit('/').next().unwrap_or(arn);
                    (format!("{}|{arn}", r.name), format!("{} · {short}", r.name))
                })
            })
            .collect(),
        Source::Fixed(options) => options
            .iter()
            .map(|(v, label)| (v.to_string(), label.to_string()))
            .collect(),
        Source::Words(options) => options
            .iter()
            .map(|(v, label)| (v.to_string(), label.en.to_string()))
            .collect(),
    }
}

/// Builds one command line option by option, quoting each value.
struct Line(String);

impl Line {
    fn new(command: &str) -> Line {
        Line(command.to_string())
    }
    fn opt(mut self, option: &str, value: &str) -> Line {
        self.0
            .push_str(&format!(" {option} {}", quote(value.trim())));
        self
    }
    /// Only when the value is not empty.
    fn maybe(self, option: &str, value: &str) -> Line {
        if value.trim().is_empty() {
            self
        } else {
            self.opt(option, value)
        }
    }
    /// One option followed by several values (`--subnets a b`); left out
    /// when there are none (the CLI refuses an option without its values).
    fn many(mut self, option: &str, values: &[&str]) -> Line {
        if values.is_empty() {
            return self;
        }
        self.0.push_str(&format!(" {option}"));
        for value in values {
            self.0.push_str(&format!(" {}", quote(value)));
        }
        self
    }
    fn flag(mut self, flag: &str) -> Line {
        self.0.push_str(&format!(" {flag}"));
        self
    }
    /// `--tag-specifications` with a Name tag, when a name was given.
    fn name_tag(self, resource_type: &str, name: &str) -> Line {
        if name.trim().is_empty() {
            return self;
        }
        let name = name.trim();
        // Shorthand syntax needs a value with its own separators in double quotes.
        let name = if name.contains([',', '[', ']', '{', '}']) {
            format!("\"{name}\"")
        } else {
            name.to_string()
        };
        let spec = format!("ResourceType={resource_type},Tags=[{{Key=Name,Value={name}}}]");
        self.opt("--tag-specifications", &spec)
    }
    fn done(self) -> String {
        self.0
    }
}

fn get<'a>(values: &'a Values, key: &str) -> &'a str {
    values.get(key).map(|v| v.trim()).unwrap_or("")
}

fn list<'a>(values: &'a Values, key: &str) -> Vec<&'a str> {
    get(values, key).split_whitespace().collect()
}

/// `cluster/service` (or `cluster/task-id`) → (cluster, service).
fn split_service(key: &str) -> (&str, &str) {
    key.split_once('/').unwrap_or(("default", key))
}

const NAME_TAG: Label = l("名前タグ", "Name tag");
const VPC: Label = l("VPC", "VPC");
const SUBNET: Label = l("サブネット", "Subnet");
const SECURITY_GROUPS: Label = l("セキュリティグループ", "Security groups");
const CLUSTER: Label = l("クラスター", "Cluster");
const ROUTE_TABLE: Label = l("ルートテーブル", "Route table");
const INTERNET_GATEWAY: Label = l("インターネットゲートウェイ", "Internet gateway");
const LOAD_BALANCER: Label = l("ロードバランサー", "Load balancer");
const TARGET_GROUP: Label = l("ターゲットグループ", "Target group");
const TASK_DEFINITION: Label = l("タスク定義", "Task definition");
const SERVICE: Label = l("サービス", "Service");

const YES_NO: &[(&str, Label)] = &[("no", l("いいえ", "no")), ("yes", l("はい", "yes"))];

/// Every form, in the order a VPC-to-service build goes (the picker's order
/// within each console group); each is defined with its AWS service.
pub static FORMS: &[&Form] = &[
    &ec2::CREATE_VPC,
    &ec2::MODIFY_VPC_ATTRIBUTE,
    &ec2::CREATE_SUBNET,
    &ec2::MODIFY_SUBNET_ATTRIBUTE,
    &ec2::CREATE_INTERNET_GATEWAY,
    &ec2::ATTACH_INTERNET_GATEWAY,
    &ec2::CREATE_ROUTE_TABLE,
    &ec2::CREATE_ROUTE,
    &ec2::ASSOCIATE_ROUTE_TABLE,
    &ec2::CREATE_SECURITY_GROUP,
    &ec2::AUTHORIZE_SECURITY_GROUP_INGRESS,
    &ec2::ALLOCATE_ADDRESS,
    &ec2::CREATE_NAT_GATEWAY,
    &ec2::CREATE_VPC_ENDPOINT,
    &logs::CREATE_LOG_GROUP,
    &ecr::CREATE_REPOSITORY,
    &iam::CREATE_ROLE,
    &ecs::CREATE_CLUSTER,
    &ecs::CREATE_SERVICE,
    &ecs::UPDATE_SERVICE,
    &ecs::DELETE_SERVICE,
    &ecs::DEREGISTER_TASK_DEFINITION,
    &ecs::DELETE_CLUSTER,
    &codedeploy::CREATE_APPLICATION,
    &codedeploy::CREATE_DEPLOYMENT_GROUP,
    &codedeploy::CREATE_DEPLOYMENT,
    &application_autoscaling::REGISTER_SCALABLE_TARGET,
    &application_autoscaling::PUT_SCALING_POLICY,
    &elbv2::CREATE_TARGET_GROUP,
    &elbv2::MODIFY_TARGET_GROUP,
    &elbv2::CREATE_LOAD_BALANCER,
    &elbv2::CREATE_LISTENER,
    &elbv2::DELETE_LOAD_BALANCER,
    &elbv2::DELETE_TARGET_GROUP,
    &ec2::DELETE_SECURITY_GROUP,
    &ec2::DELETE_SUBNET,
    &ec2::DELETE_INTERNET_GATEWAY,
    &ec2::DELETE_VPC,
    &ec2::REVOKE_SECURITY_GROUP_INGRESS,
    &ec2::CREATE_NETWORK_ACL,
    &ec2::CREATE_NETWORK_ACL_ENTRY,
    &ec2::REPLACE_NETWORK_ACL_ASSOCIATION,
    &ecr::PUSH_IMAGE,
    &ecs::UPDATE_CLUSTER_SETTINGS,
    &ecs::RUN_TASK,
    &ecs::STOP_TASK,
    &ecs::EXECUTE_COMMAND,
    &scheduler::CREATE_SCHEDULE,
    &scheduler::DELETE_SCHEDULE,
    &iam::CREATE_INSTANCE_PROFILE,
    &ec2::CREATE_LAUNCH_TEMPLATE,
    &autoscaling::CREATE_AUTO_SCALING_GROUP,
    &autoscaling::SET_DESIRED_CAPACITY,
    &ecs::CREATE_CAPACITY_PROVIDER,
    &logs::PUT_RETENTION_POLICY,
    &iam::ATTACH_ROLE_POLICY,
    &iam::PUT_ROLE_POLICY,
    &codedeploy::CREATE_DEPLOYMENT_CONFIG,
    &codedeploy::CONTINUE_DEPLOYMENT,
    &codedeploy::STOP_DEPLOYMENT,
    &application_autoscaling::PUT_SCHEDULED_ACTION,
    &application_autoscaling::PUT_STEP_SCALING_POLICY,
    &ec2::DELETE_ROUTE,
    &ec2::DELETE_ROUTE_TABLE,
    &ec2::DELETE_NAT_GATEWAY,
    &ec2::RELEASE_ADDRESS,
    &ec2::DELETE_VPC_ENDPOINTS,
    &ec2::DELETE_NETWORK_ACL,
    &ecr::DELETE_REPOSITORY,
    &logs::DELETE_LOG_GROUP,
    &iam::DELETE_ROLE,
    &application_autoscaling::DELETE_SCALING_POLICY,
    &application_autoscaling::DELETE_SCHEDULED_ACTION,
    &application_autoscaling::DEREGISTER_SCALABLE_TARGET,
    &cloudwatch::DELETE_ALARMS,
    &codedeploy::DELETE_DEPLOYMENT_GROUP,
    &codedeploy::DELETE_APPLICATION,
    &codedeploy::DELETE_DEPLOYMENT_CONFIG,
    &ec2::AUTHORIZE_SECURITY_GROUP_EGRESS,
    &ec2::REVOKE_SECURITY_GROUP_EGRESS,
    &ecs::PUT_CLUSTER_CAPACITY_PROVIDERS,
    &codedeploy::PUT_LIFECYCLE_EVENT_HOOK_EXECUTION_STATUS,
    &ecr::BATCH_DELETE_IMAGE,
    &iam::DETACH_ROLE_POLICY,
];

/// The form with this id.
pub fn form(id: &str) -> Option<&'static Form> {
    FORMS.iter().find(|f| f.id == id).copied()
}

#[cfg(test)]
mod tests {

    /// A Japanese form reads as the Japanese console does: no English
    /// "yes", "no" or "Rolling update" among its fixed choices.
    #[test]
    fn fixed_choices_are_shown_in_the_learners_language() {
        let world = Console::default().world;
        let shown = |lang| {
            FORMS
                .iter()
                .flat_map(|form| view(form, &Default::default(), &world, lang).fields)
                .flat_map(|f| f.choices.into_iter().map(|(_, shown)| shown))
                .collect::<Vec<_>>()
        };
        let ja = shown(ecs_protocol::Lang::Ja);
        for english in ["yes", "no", "Rolling update", "turn on", "Inbound rules"] {
            assert!(!ja.iter().any(|s| s == english), "{english} in Japanese");
        }
        assert!(ja.iter().any(|s| s == "ローリングアップデート"));
        assert!(ja.iter().any(|s| s == "はい"));
        let en = shown(ecs_protocol::Lang::En);
        assert!(en.iter().any(|s| s == "Rolling update"));
    }
    use super::*;
    use ecs_sim::console::Console;

    /// Fills `id` with the initial values overridden by `set`, runs its
    /// commands in `console`, and returns what the last one printed.
    fn submit(console: &mut Console, id: &str, set: &[(&'static str, &str)]) -> (String, String) {
        let form = form(id).unwrap();
        let mut values = form.initial_values(&console.world);
        for (key, value) in set {
            assert!(form.field(key).is_some(), "{id} has no field {key}");
            values.insert(key, value.to_string());
        }
        let lines = commands(form, &values, &console.world).unwrap();
        let out = console.run(&lines.join("\n"));
        (out.stdout, out.stderr)
    }

    fn ok(console: &mut Console, id: &str, set: &[(&'static str, &str)]) -> serde_json::Value {
        let (stdout, stderr) = submit(console, id, set);
        assert!(stderr.is_empty(), "{id}: {stderr}");
        serde_json::from_str(&stdout).unwrap_or(serde_json::Value::Null)
    }

    /// The first-hour fixes: a rule's source may be a group's name, the
    /// add-route form does not preselect the default VPC's main table, and a
    /// named resource's choice shows its name first.
    #[test]
    fn a_rule_source_by_name_and_the_learners_own_tables_and_names_first() {
        let mut c = Console::default();
        c.run("VPC=$(aws ec2 create-vpc --cidr-block 10.0.0.0/16 --tag-specifications 'ResourceType=vpc,Tags=[{Key=Name,Value=study}]' --query Vpc.VpcId --output text)\nALB=$(aws ec2 create-security-group --group-name alb-sg --description alb --vpc-id $VPC --query GroupId --output text)\nTASK=$(aws ec2 create-security-group --group-name task-sg --description task --vpc-id $VPC --query GroupId --output text)\naws ec2 create-route-table --vpc-id $VPC --tag-specifications 'ResourceType=route-table,Tags=[{Key=Name,Value=public}]'");
        let alb = c.vars["ALB"].clone();
        let task = c.vars["TASK"].clone();
        let form = form("authorize-security-group-ingress").unwrap();
        let mut values = form.initial_values(&c.world);
        values.insert("sg", task.clone());
        values.insert("source", "alb-sg".into());
        let lines = commands(form, &values, &c.world).unwrap();
        assert!(
            lines[0].contains(&format!("--source-group {alb}")),
            "{lines:?}"
        );
        let out = c.run(&lines.join("\n"));
        assert_eq!(out.status, 0, "{}", out.stderr);
        // The learner's table first, by its name; the default VPC's main table last.
        let tables = choices(&c.world, Source::RouteTables);
        assert!(tables[0].1.starts_with("public (rtb-"), "{tables:?}");
        let default_vpc = c
            .world
            .ec2
            .vpcs
            .values()
            .find(|v| v.is_default)
            .unwrap()
            .id
            .clone();
        assert!(
            tables.last().unwrap().1.contains(&default_vpc),
            "{tables:?}"
        );
        let route = form_initial(&c, "create-route", "rt");
        assert_eq!(route, tables[0].0);
        let groups = choices(&c.world, Source::SecurityGroups);
        assert!(
            groups
                .iter()
                .any(|(_, label)| label.starts_with("alb-sg (sg-")),
            "{groups:?}"
        );
    }

    fn form_initial(c: &Console, id: &str, key: &str) -> String {
        form(id).unwrap().initial_values(&c.world)[key].clone()
    }

    #[test]
    fn every_form_has_a_unique_id_and_labels_in_both_languages() {
        let mut ids = std::collections::BTreeSet::new();
        for form in FORMS {
            assert!(ids.insert(form.id), "{} twice", form.id);
            assert!(!form.title.ja.is_empty() && !form.title.en.is_empty());
            let mut keys = std::collections::BTreeSet::new();
            for f in form.fields {
                assert!(keys.insert(f.key), "{}: {} twice", form.id, f.key);
                assert!(!f.label.ja.is_empty() && !f.label.en.is_empty());
            }
        }
    }

    #[test]
    fn the_seeds_vpc_and_a_service_behind_an_alb_can_be_built_with_forms_alone() {
        let mut c = Console::default();
        let vpc = ok(
            &mut c,
            "create-vpc",
            &[("name", "study"), ("cidr", "10.0.0.0/16")],
        );
        let vpc = vpc["Vpc"]["VpcId"].as_str().unwrap().to_string();
        let mut subnets = Vec::new();
        for (name, az, cidr) in [
            ("public-a", "ap-northeast-1a", "10.0.0.0/24"),
            ("public-c", "ap-northeast-1c", "10.0.1.0/24"),
            ("private-a", "ap-northeast-1a", "10.0.10.0/24"),
            ("private-c", "ap-northeast-1c", "10.0.11.0/24"),
        ] {
            let out = ok(
                &mut c,
                "create-subnet",
                &[("vpc", &vpc), ("name", name), ("az", az), ("cidr", cidr)],
            );
            subnets.push(out["Subnet"]["SubnetId"].as_str().unwrap().to_string());
        }
        let igw = ok(&mut c, "create-internet-gateway", &[("name", "study-igw")]);
        let igw = igw["InternetGateway"]["InternetGatewayId"]
            .as_str()
            .unwrap()
            .to_string();
        ok(
            &mut c,
            "attach-internet-gateway",
            &[("igw", &igw), ("vpc", &vpc)],
        );
        let rt = ok(
            &mut c,
            "create-route-table",
            &[("vpc", &vpc), ("name", "public")],
        );
        let rt = rt["RouteTable"]["RouteTableId"]
            .as_str()
            .unwrap()
            .to_string();
        ok(&mut c, "create-route", &[("rt", &rt), ("target", &igw)]);
        for subnet in &subnets[..2] {
            ok(
                &mut c,
                "associate-route-table",
                &[("rt", &rt), ("subnet", subnet)],
            );
        }
        let sg = ok(
            &mut c,
            "create-security-group",
            &[("name", "web"), ("description", "web's own"), ("vpc", &vpc)],
        );
        let sg = sg["GroupId"].as_str().unwrap().to_string();
        ok(&mut c, "authorize-security-group-ingress", &[("sg", &sg)]);
        ok(&mut c, "create-cluster", &[("name", "learn")]);
        c.run("aws ecs register-task-definition --family web --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --container-definitions 'name=app,image=nginx,portMappings=[{containerPort=80}]'");
        let tg = ok(
            &mut c,
            "create-target-group",
            &[("name", "web"), ("vpc", &vpc)],
        );
        let tg = tg["TargetGroups"][0]["TargetGroupArn"]
            .as_str()
            .unwrap()
            .to_string();
        let public = format!("{} {}", subnets[0], subnets[1]);
        let lb = ok(
            &mut c,
            "create-load-balancer",
            &[
                ("name", "web"),
                ("subnets", &public),
                ("security_groups", &sg),
            ],
        );
        let lb = lb["LoadBalancers"][0]["LoadBalancerArn"]
            .as_str()
            .unwrap()
            .to_string();
        ok(
            &mut c,
            "create-listener",
            &[("lb", &lb), ("target_group", &tg)],
        );
        let private = format!("{} {}", subnets[2], subnets[3]);
        let service = ok(
            &mut c,
            "create-service",
            &[
                ("cluster", "learn"),
                ("name", "web"),
                ("subnets", &private),
                ("security_groups", &sg),
                ("target_group", &tg),
            ],
        );
        // The container came from the task definition, not a guess.
        assert_eq!(
            service["service"]["loadBalancers"][0]["containerName"],
            "app"
        );
        ok(
            &mut c,
            "update-service",
            &[("service", "learn/web"), ("desired", "3")],
        );
        let names =
            c.run("aws ec2 describe-subnets --query 'Subnets[].Tags[0].Value' --output text");
        assert!(names.stdout.contains("private-c"), "{}", names.stdout);
    }

    #[test]
    fn a_nat_gateway_and_vpc_endpoints_can_be_made_with_forms() {
        let mut c = Console::default();
        let vpc = ok(&mut c, "create-vpc", &[("cidr", "10.0.0.0/16")]);
        let vpc = vpc["Vpc"]["VpcId"].as_str().unwrap().to_string();
        let subnet = ok(
            &mut c,
            "create-subnet",
            &[("vpc", &vpc), ("cidr", "10.0.1.0/24")],
        );
        let subnet = subnet["Subnet"]["SubnetId"].as_str().unwrap().to_string();
        let eip = ok(&mut c, "allocate-address", &[("name", "nat")]);
        let allocation = eip["AllocationId"].as_str().unwrap().to_string();
        ok(
            &mut c,
            "create-nat-gateway",
            &[("subnet", &subnet), ("allocation", &allocation)],
        );
        let rt = ok(&mut c, "create-route-table", &[("vpc", &vpc)]);
        let rt = rt["RouteTable"]["RouteTableId"]
            .as_str()
            .unwrap()
            .to_string();
        let region = c.world.region.clone();
        // Private DNS needs DNS hostnames on the VPC: refused first, beside its field.
        let (_, stderr) = submit(
            &mut c,
            "create-vpc-endpoint",
            &[
                ("vpc", &vpc),
                ("service", &format!("com.amazonaws.{region}.ecr.dkr")),
                ("subnets", &subnet),
            ],
        );
        assert_eq!(
            field_for_error(form("create-vpc-endpoint").unwrap(), &stderr),
            Some("private_dns"),
            "{stderr}"
        );
        ok(&mut c, "modify-vpc-attribute", &[("vpc", &vpc)]);
        assert!(c.world.ec2.vpcs[&vpc].enable_dns_hostnames);
        ok(
            &mut c,
            "create-vpc-endpoint",
            &[
                ("vpc", &vpc),
                ("service", &format!("com.amazonaws.{region}.s3")),
                ("route_tables", &rt),
            ],
        );
        let endpoint = ok(
            &mut c,
            "create-vpc-endpoint",
            &[
                ("vpc", &vpc),
                ("service", &format!("com.amazonaws.{region}.ecr.dkr")),
                ("subnets", &subnet),
            ],
        );
        assert_eq!(endpoint["VpcEndpoint"]["VpcEndpointType"], "Interface");
        ok(&mut c, "create-log-group", &[("name", "/ecs/web")]);
        ok(
            &mut c,
            "create-role",
            &[
                ("name", "ecsTaskExecutionRole"),
                (
                    "policy",
                    "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
                ),
            ],
        );
        let role = &c.world.iam.roles["ecsTaskExecutionRole"];
        assert!(role.trusts("ecs-tasks.amazonaws.com"));
        assert!(role.allows("ecr:GetAuthorizationToken"));
        assert_eq!(c.world.ec2.nat_gateways.len(), 1);
        assert_eq!(c.world.ec2.vpc_endpoints.len(), 2);
        assert!(c.world.logs.groups.contains_key("/ecs/web"));
    }

    #[test]
    fn a_blue_green_deployment_can_be_set_up_and_run_with_forms() {
        let mut c = Console::default();
        // The network, ALB, target groups, listeners and the CODE_DEPLOY service
        // from the canary scenario (up to the service), then CodeDeploy by forms.
        let script = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../sim/tests/scenarios/bluegreen-canary.sh"
        ))
        .unwrap();
        let setup: String = script
            .lines()
            .take_while(|l| !l.starts_with("aws deploy create-application"))
            .filter(|l| !l.starts_with("aws iam create-role"))
            .map(|l| format!("{l}\n"))
            .collect();
        assert_eq!(c.run(&setup).status, 0);
        ok(
            &mut c,
            "create-role",
            &[
                ("name", "ecsCodeDeployRole"),
                ("trusted", "codedeploy.amazonaws.com"),
                ("policy", "arn:aws:iam::aws:policy/AWSCodeDeployRoleForECS"),
            ],
        );
        ok(&mut c, "create-application", &[("name", "web")]);
        let arn_of = |c: &Console, name: &str| {
            c.world
                .elb
                .target_groups
                .values()
                .find(|g| g.name == name)
                .unwrap()
                .arn
                .clone()
        };
        let listener = |c: &Console, port: u16| {
            c.world
                .elb
                .listeners
                .values()
                .find(|l| l.port == port)
                .unwrap()
                .arn
                .clone()
        };
        let (blue, green) = (arn_of(&c, "web"), arn_of(&c, "web-green"));
        let (prod, test) = (listener(&c, 80), listener(&c, 8080));
        ok(
            &mut c,
            "create-deployment-group",
            &[
                ("application", "web"),
                ("name", "web-bg"),
                ("service", "learn/web"),
                ("blue", &blue),
                ("green", &green),
                ("production", &prod),
                ("test", &test),
                (
                    "config",
                    "CodeDeployDefault.ECSLinear10PercentEvery1Minutes",
                ),
            ],
        );
        c.run("aws ecs register-task-definition --family web --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --container-definitions 'name=web,image=nginx:1.27,portMappings=[{containerPort=80}]'");
        let deployment = ok(
            &mut c,
            "create-deployment",
            &[("group", "web/web-bg"), ("task_definition", "web:2")],
        );
        let id = deployment["deploymentId"].as_str().unwrap().to_string();
        c.run("sim advance steady");
        let status = |c: &mut Console, id: &str| {
            c.run(&format!(
                "aws deploy get-deployment --deployment-id {id} --query deploymentInfo.status --output text"
            ))
            .stdout
            .trim()
            .to_string()
        };
        assert_eq!(status(&mut c, &id), "Succeeded");
        assert!(c.world.ecs.services["learn/web"]
            .task_definition_arn
            .ends_with("web:2"));
        // A custom canary, then stopped part-way with a rollback.
        ok(
            &mut c,
            "create-deployment-config",
            &[
                ("name", "Canary25Percent3Minutes"),
                ("type", "TimeBasedCanary"),
                ("percentage", "25"),
                ("interval", "3"),
            ],
        );
        let deployment = ok(
            &mut c,
            "create-deployment",
            &[("group", "web/web-bg"), ("task_definition", "web:1")],
        );
        let second = deployment["deploymentId"].as_str().unwrap().to_string();
        c.run("sim advance 30s");
        assert_eq!(
            choices(&c.world, Source::OpenDeployments)
                .into_iter()
                .map(|(id, _)| id)
                .collect::<Vec<_>>(),
            std::slice::from_ref(&second),
            "only the deployment under way is offered"
        );
        ok(
            &mut c,
            "stop-deployment",
            &[("deployment", &second), ("rollback", "yes")],
        );
        assert_eq!(status(&mut c, &second), "Stopped");
        c.run("sim advance steady");
        assert!(
            c.world.ecs.services["learn/web"]
                .task_definition_arn
                .ends_with("web:2"),
            "rolled back to what ran before"
        );
        // A smoke test on the test listener: the hook waits for its answer, given here.
        let deployment = ok(
            &mut c,
            "create-deployment",
            &[
                ("group", "web/web-bg"),
                ("task_definition", "web:1"),
                ("hook", "SmokeTest"),
                ("config", "CodeDeployDefault.ECSAllAtOnce"),
            ],
        );
        let third = deployment["deploymentId"].as_str().unwrap().to_string();
        for _ in 0..20 {
            if !choices(&c.world, Source::PendingHooks).is_empty() {
                break;
            }
            c.run("sim advance 30s");
        }
        let hooks = choices(&c.world, Source::PendingHooks);
        assert_eq!(hooks.len(), 1, "the hook waits");
        assert!(hooks[0].1.contains("AfterAllowTestTraffic"), "{hooks:?}");
        ok(
            &mut c,
            "put-lifecycle-event-hook-execution-status",
            &[("hook", &hooks[0].0), ("status", "Succeeded")],
        );
        c.run("sim advance steady");
        assert_eq!(status(&mut c, &third), "Succeeded");
        // The configuration is the account's own, with AWS's shape.
        let config = c.run("aws deploy get-deployment-config --deployment-config-name Canary25Percent3Minutes --query deploymentConfigInfo.trafficRoutingConfig.timeBasedCanary --output json");
        let config: serde_json::Value = serde_json::from_str(&config.stdout).unwrap();
        assert_eq!(config["canaryPercentage"], 25);
        assert_eq!(config["canaryInterval"], 3);
    }

    #[test]
    fn network_acls_rules_and_their_subnets_can_be_edited_with_forms() {
        let mut c = Console::default();
        let vpc = ok(&mut c, "create-vpc", &[("cidr", "10.0.0.0/16")]);
        let vpc = vpc["Vpc"]["VpcId"].as_str().unwrap().to_string();
        let subnet = ok(
            &mut c,
            "create-subnet",
            &[("vpc", &vpc), ("cidr", "10.0.1.0/24")],
        );
        let subnet = subnet["Subnet"]["SubnetId"].as_str().unwrap().to_string();
        let acl = ok(
            &mut c,
            "create-network-acl",
            &[("vpc", &vpc), ("name", "private-acl")],
        );
        let acl = acl["NetworkAcl"]["NetworkAclId"]
            .as_str()
            .unwrap()
            .to_string();
        ok(
            &mut c,
            "create-network-acl-entry",
            &[
                ("acl", &acl),
                ("rule_number", "100"),
                ("ports", "1024-65535"),
                ("cidr", "10.0.0.0/16"),
            ],
        );
        ok(
            &mut c,
            "create-network-acl-entry",
            &[("acl", &acl), ("direction", "egress"), ("action", "deny")],
        );
        let entries = &c.world.ec2.network_acls[&acl].entries;
        assert!(entries.iter().any(|e| e.rule_number == 100 && !e.egress));
        assert!(entries.iter().any(|e| e.rule_number == 100 && e.egress));
        // The same rule number twice in one direction is refused beside its field.
        let (_, stderr) = submit(&mut c, "create-network-acl-entry", &[("acl", &acl)]);
        assert_eq!(
            field_for_error(form("create-network-acl-entry").unwrap(), &stderr),
            Some("rule_number"),
            "{stderr}"
        );
        ok(
            &mut c,
            "replace-network-acl-association",
            &[("acl", &acl), ("subnet", &subnet)],
        );
        assert_eq!(
            c.world
                .ec2
                .effective_network_acl(&subnet)
                .map(|a| a.id.as_str()),
            Some(acl.as_str())
        );
        // An inbound rule added and taken away again.
        let sg = ok(
            &mut c,
            "create-security-group",
            &[("name", "web"), ("description", "web"), ("vpc", &vpc)],
        );
        let sg = sg["GroupId"].as_str().unwrap().to_string();
        ok(&mut c, "authorize-security-group-ingress", &[("sg", &sg)]);
        assert_eq!(c.world.ec2.security_groups[&sg].ingress.len(), 1);
        ok(&mut c, "revoke-security-group-ingress", &[("sg", &sg)]);
        assert!(c.world.ec2.security_groups[&sg].ingress.is_empty());
        let (_, stderr) = submit(&mut c, "revoke-security-group-ingress", &[("sg", &sg)]);
        assert!(stderr.contains("InvalidPermission.NotFound"), "{stderr}");
        // Outbound: the default allow-all goes, HTTPS only comes back.
        ok(&mut c, "revoke-security-group-egress", &[("sg", &sg)]);
        assert!(c.world.ec2.security_groups[&sg].egress.is_empty());
        ok(&mut c, "authorize-security-group-egress", &[("sg", &sg)]);
        let egress = c.run(&format!(
            "aws ec2 describe-security-groups --group-ids {sg} --query 'SecurityGroups[0].IpPermissionsEgress[0].[IpProtocol,FromPort]' --output text"
        ));
        assert_eq!(egress.stdout.trim(), "tcp\t443");
    }

    #[test]
    fn images_tasks_logs_roles_and_scaling_actions_can_be_handled_with_forms() {
        let mut c = Console::default();
        ok(&mut c, "create-repository", &[("name", "web")]);
        let pushed = submit(
            &mut c,
            "push-image",
            &[("repository", "web"), ("tag", "v1")],
        );
        assert!(!pushed.1.contains("error"), "{pushed:?}");
        let tags = c.run(
            "aws ecr list-images --repository-name web --query 'imageIds[].imageTag' --output text",
        );
        assert_eq!(tags.stdout.trim(), "v1");
        submit(
            &mut c,
            "push-image",
            &[("repository", "web"), ("tag", "v2")],
        );
        ok(&mut c, "batch-delete-image", &[("image", "web:v1")]);
        let tags = c.run(
            "aws ecr list-images --repository-name web --query 'imageIds[].imageTag' --output text",
        );
        assert_eq!(tags.stdout.trim(), "v2");

        ok(&mut c, "create-cluster", &[("name", "learn")]);
        ok(
            &mut c,
            "update-cluster-settings",
            &[("cluster", "learn"), ("insights", "enhanced")],
        );
        let insights = c.run("aws ecs describe-clusters --clusters learn --query 'clusters[0].settings[0].value' --output text");
        assert_eq!(insights.stdout.trim(), "enhanced");
        ok(
            &mut c,
            "put-cluster-capacity-providers",
            &[("cluster", "learn")],
        );
        let strategy = c.run("aws ecs describe-clusters --clusters learn --query 'clusters[0].defaultCapacityProviderStrategy[].[capacityProvider,weight]' --output text");
        assert_eq!(strategy.stdout.trim(), "FARGATE\t1\nFARGATE_SPOT\t3");

        c.run("aws ecs register-task-definition --family web --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --container-definitions 'name=web,image=nginx,portMappings=[{containerPort=80}]'");
        let subnet = choices(&c.world, Source::Subnets)[0].0.clone();
        ok(
            &mut c,
            "run-task",
            &[
                ("cluster", "learn"),
                ("count", "2"),
                ("subnets", &subnet),
                ("public_ip", "ENABLED"),
            ],
        );
        assert_eq!(choices(&c.world, Source::Tasks).len(), 2);
        let chosen = choices(&c.world, Source::Tasks)[0].0.clone();
        ok(
            &mut c,
            "stop-task",
            &[("task", &chosen), ("reason", "done with it")],
        );
        let task = chosen.rsplit('/').next().unwrap();
        c.run("sim advance 2m");
        assert_eq!(choices(&c.world, Source::Tasks).len(), 1, "one task left");
        let stopped = c.run(&format!(
            "aws ecs describe-tasks --cluster learn --tasks {task} --query 'tasks[0].stoppedReason' --output text"
        ));
        assert_eq!(stopped.stdout.trim(), "done with it");

        // ECS Exec: a task started with it, a task role allowed the ssmmessages
        // channels (a new revision), a public IP as the path to Session Manager.
        c.run(r#"aws iam create-role --role-name execRole --assume-role-policy-document '{"Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}'"#);
        c.run(r#"aws iam put-role-policy --role-name execRole --policy-name exec --policy-document '{"Statement":[{"Effect":"Allow","Action":"ssmmessages:*","Resource":"*"}]}'"#);
        c.run("aws ecs register-task-definition --family web --task-role-arn arn:aws:iam::123456789012:role/execRole --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --container-definitions 'name=web,image=nginx,portMappings=[{containerPort=80}]'");
        ok(
            &mut c,
            "run-task",
            &[
                ("cluster", "learn"),
                ("task_definition", "web:2"),
                ("count", "1"),
                ("subnets", &subnet),
                ("public_ip", "ENABLED"),
                ("exec", "yes"),
            ],
        );
        c.run("sim advance 2m");
        let exec_task = c
            .world
            .ecs
            .tasks
            .values()
            .find(|t| t.enable_execute_command)
            .map(|t| format!("{}/{}", t.cluster, t.id))
            .expect("a task started with ECS Exec");
        let (stdout, stderr) = submit(
            &mut c,
            "execute-command",
            &[("task", &exec_task), ("command", "printenv AWS_REGION")],
        );
        assert!(stderr.is_empty(), "{stderr}");
        assert!(
            stdout.contains("Starting session with SessionId: ecs-execute-command-"),
            "{stdout}"
        );
        assert!(stdout.contains("\nap-northeast-1\n"), "{stdout}");
        let (_, refused) = submit(
            &mut c,
            "execute-command",
            &[("task", &format!("learn/{task}")), ("command", "env")],
        );
        assert!(refused.contains("InvalidParameterException"), "{refused}");

        // EventBridge Scheduler: a job that sleeps 30 s, run every 5 minutes by a role the scheduler may assume.
        c.run("aws ecs register-task-definition --family job --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --container-definitions '[{\"name\":\"job\",\"image\":\"busybox\",\"command\":[\"sleep\",\"30\"]}]'");
        c.run(r#"aws iam create-role --role-name sched --assume-role-policy-document '{"Statement":[{"Effect":"Allow","Principal":{"Service":"scheduler.amazonaws.com"},"Action":"sts:AssumeRole"}]}'"#);
        c.run(r#"aws iam put-role-policy --role-name sched --policy-name run --policy-document '{"Statement":[{"Effect":"Allow","Action":"ecs:RunTask","Resource":"*"}]}'"#);
        ok(
            &mut c,
            "create-schedule",
            &[
                ("name", "job-every-5"),
                ("expression", "rate(5 minutes)"),
                ("cluster", "learn"),
                ("task_definition", "job:1"),
                ("role", "arn:aws:iam::123456789012:role/sched"),
                ("subnets", &subnet),
                ("public_ip", "ENABLED"),
            ],
        );
        c.run("sim advance 6m");
        let started = c.run("aws ecs list-tasks --cluster learn --started-by chronos-schedule/job-every-5 --desired-status STOPPED --query 'length(taskArns)'");
        assert_eq!(started.stdout.trim(), "1", "{}", started.stderr);
        assert_eq!(choices(&c.world, Source::Schedules).len(), 1);
        ok(&mut c, "delete-schedule", &[("name", "job-every-5")]);
        assert!(choices(&c.world, Source::Schedules).is_empty());

        // Way 2 through forms: instance profile, launch template, Auto Scaling
        // group, capacity provider associated with the cluster.
        c.run(r#"aws iam create-role --role-name ecsInstanceRole --assume-role-policy-document '{"Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}'"#);
        c.run("aws iam attach-role-policy --role-name ecsInstanceRole --policy-arn arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role");
        ok(
            &mut c,
            "create-instance-profile",
            &[("name", "ecsInstanceRole"), ("role", "ecsInstanceRole")],
        );
        ok(
            &mut c,
            "create-launch-template",
            &[
                ("name", "ecs-learn"),
                ("instance_type", "t3.small"),
                ("profile", "ecsInstanceRole"),
                ("cluster", "learn"),
            ],
        );
        ok(
            &mut c,
            "create-auto-scaling-group",
            &[
                ("name", "ecs-learn"),
                ("template", "ecs-learn"),
                ("min", "0"),
                ("max", "2"),
                ("desired", "0"),
                ("subnets", &subnet),
            ],
        );
        let group = choices(&c.world, Source::AutoScalingGroups)[0].0.clone();
        ok(
            &mut c,
            "create-capacity-provider",
            &[
                ("name", "asg-learn"),
                ("group", &group),
                ("scaling", "ENABLED"),
                ("target", "100"),
                ("cluster", "learn"),
            ],
        );
        let providers = c.run("aws ecs describe-clusters --clusters learn --query 'clusters[0].capacityProviders' --output text");
        assert_eq!(
            providers.stdout.trim(),
            "FARGATE\tFARGATE_SPOT\tasg-learn",
            "{}",
            providers.stderr
        );
        c.run("aws ecs register-task-definition --family onec2 --network-mode bridge --requires-compatibilities EC2 --container-definitions 'name=web,image=nginx,memory=256,portMappings=[{containerPort=80,hostPort=0}]'");
        c.run("aws ecs create-service --cluster learn --service-name grow --task-definition onec2 --desired-count 2 --capacity-provider-strategy capacityProvider=asg-learn,weight=1");
        c.run("sim advance 5m");
        let running = c.run("aws ecs describe-services --cluster learn --services grow --query 'services[0].runningCount'");
        assert_eq!(running.stdout.trim(), "2", "{}", running.stderr);
        ok(
            &mut c,
            "set-desired-capacity",
            &[("group", "ecs-learn"), ("desired", "2")],
        );
        assert_eq!(
            c.world.ec2_auto_scaling.groups["ecs-learn"].desired_capacity,
            2
        );

        ok(&mut c, "create-log-group", &[("name", "/ecs/web")]);
        ok(
            &mut c,
            "put-retention-policy",
            &[("group", "/ecs/web"), ("days", "14")],
        );
        let retention =
            c.run("aws logs describe-log-groups --query 'logGroups[0].retentionInDays'");
        assert_eq!(retention.stdout.trim(), "14");

        ok(
            &mut c,
            "create-role",
            &[("name", "ecsTaskExecutionRole"), ("policy", "")],
        );
        assert!(!c.world.iam.roles["ecsTaskExecutionRole"].allows("ecr:GetAuthorizationToken"));
        ok(
            &mut c,
            "attach-role-policy",
            &[("role", "ecsTaskExecutionRole")],
        );
        assert!(c.world.iam.roles["ecsTaskExecutionRole"].allows("ecr:GetAuthorizationToken"));
        ok(
            &mut c,
            "put-role-policy",
            &[("role", "ecsTaskExecutionRole")],
        );
        assert!(c.world.iam.roles["ecsTaskExecutionRole"].allows("secretsmanager:GetSecretValue"));
        ok(
            &mut c,
            "detach-role-policy",
            &[(
                "attached",
                "ecsTaskExecutionRole|arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
            )],
        );
        assert!(c.world.iam.roles["ecsTaskExecutionRole"]
            .attached_policies
            .is_empty());

        let network = format!("awsvpcConfiguration={{subnets=[{subnet}],assignPublicIp=ENABLED}}");
        let out = c.run(&format!("aws ecs create-service --cluster learn --service-name web --task-definition web --desired-count 1 --launch-type FARGATE --network-configuration '{network}'"));
        assert_eq!(out.status, 0, "{}", out.stderr);
        ok(
            &mut c,
            "register-scalable-target",
            &[("service", "learn/web")],
        );
        ok(
            &mut c,
            "put-scheduled-action",
            &[("service", "learn/web"), ("name", "weekday-morning")],
        );
        ok(
            &mut c,
            "put-step-scaling-policy",
            &[("service", "learn/web"), ("name", "cpu-steps")],
        );
        let scheduled = c.run("aws application-autoscaling describe-scheduled-actions --service-namespace ecs --query 'ScheduledActions[0].[Schedule,Timezone]' --output text");
        assert_eq!(
            scheduled.stdout.trim(),
            "cron(0 9 ? * MON-FRI *)\tAsia/Tokyo"
        );
        let alarm = c.run("aws cloudwatch describe-alarms --query 'MetricAlarms[0].[AlarmName,length(AlarmActions)]' --output text");
        assert_eq!(
            alarm.stdout.trim(),
            "web-cpu-steps-high\t1",
            "the alarm triggers the policy"
        );
        let policy = c.run("aws application-autoscaling describe-scaling-policies --service-namespace ecs --query 'ScalingPolicies[0].[PolicyType,length(Alarms)]' --output text");
        assert_eq!(policy.stdout.trim(), "StepScaling\t1");
    }

    #[test]
    fn a_models_error_lands_beside_the_field_it_is_about() {
        let mut c = Console::default();
        let vpc = ok(&mut c, "create-vpc", &[("cidr", "10.0.0.0/16")]);
        let vpc = vpc["Vpc"]["VpcId"].as_str().unwrap().to_string();
        let before = c.world.clone();
        let (_, stderr) = submit(
            &mut c,
            "create-subnet",
            &[("vpc", &vpc), ("cidr", "10.1.0.0/24")],
        );
        assert!(stderr.contains("InvalidSubnet.Range"), "{stderr}");
        assert_eq!(
            field_for_error(form("create-subnet").unwrap(), &stderr),
            Some("cidr")
        );
        assert_eq!(c.world, before, "a refused form changes nothing");
        let (_, stderr) = submit(&mut c, "create-vpc", &[("cidr", "10.0.0.0/8")]);
        assert_eq!(
            field_for_error(form("create-vpc").unwrap(), &stderr),
            Some("cidr"),
            "{stderr}"
        );
    }

    #[test]
    fn the_learners_own_vpc_is_offered_before_the_default_one() {
        let mut c = Console::default();
        let vpc = ok(&mut c, "create-vpc", &[("cidr", "10.0.0.0/16")]);
        let vpc = vpc["Vpc"]["VpcId"].as_str().unwrap();
        let offered = choices(&c.world, Source::Vpcs);
        assert_eq!(offered[0].0, vpc);
        assert!(offered[1].1.ends_with(", default)"), "{:?}", offered[1]);
        let values = form("create-subnet").unwrap().initial_values(&c.world);
        assert_eq!(values["vpc"], vpc);
    }

    #[test]
    fn the_forms_own_checks_stop_empty_and_non_numeric_fields_before_anything_runs() {
        let world = World::default();
        let form = form("create-service").unwrap();
        let mut values = form.initial_values(&world);
        values.insert("desired", "two".into());
        let problems = commands(form, &values, &world).unwrap_err();
        assert!(problems.contains(&("name", Problem::Required)));
        assert!(problems.contains(&("cluster", Problem::Required)));
        assert!(problems.contains(&("desired", Problem::NotANumber)));
        assert!(!problems.iter().any(|(k, _)| *k == "security_groups"));
    }

    #[test]
    fn a_form_built_from_its_fields_options_takes_each_field_as_the_cli_does() {
        const FIELDS: &[Field] = &[
            field("name", NAME_TAG, Kind::Text, "--tag-specifications").optional(),
            field("vpc", VPC, Kind::Choice(Source::Vpcs), "--vpc-id"),
            field(
                "groups",
                SECURITY_GROUPS,
                Kind::Multi(Source::SecurityGroups),
                "--groups",
            ),
            field("note", l("メモ", "Note"), Kind::Text, "--description").optional(),
        ];
        let build = tagged("aws ec2 create-thing --dry-run", "thing");
        let world = Console::default().world;
        let values = |pairs: &[(&'static str, &str)]| -> Values {
            pairs.iter().map(|(k, v)| (*k, v.to_string())).collect()
        };
        // Every field: in field order, the multiple choice as one option, the Name tag last.
        let full = values(&[
            ("name", "web"),
            ("vpc", "vpc-1"),
            ("groups", "sg-1 sg-2"),
            ("note", "two words"),
        ]);
        assert_eq!(
            build.lines(FIELDS, &full, &world),
            ["aws ec2 create-thing --dry-run --vpc-id vpc-1 --groups sg-1 sg-2 --description 'two words' \
              --tag-specifications 'ResourceType=thing,Tags=[{Key=Name,Value=web}]'"]
        );
        // Optional fields left empty, and an empty multiple choice, are left out.
        let sparse = values(&[("vpc", "vpc-1")]);
        assert_eq!(
            build.lines(FIELDS, &sparse, &world),
            ["aws ec2 create-thing --dry-run --vpc-id vpc-1"]
        );
    }

    #[test]
    fn values_are_quoted_so_the_shell_reads_them_back_unchanged() {
        assert_eq!(quote("10.0.0.0/16"), "10.0.0.0/16");
        assert_eq!(quote("web's own"), r"'web'\''s own'");
        assert_eq!(quote("a b"), "'a b'");
        assert_eq!(quote(""), "''");
        let mut c = Console::default();
        for name in ["it's $HOME; rm -rf /", "a, b [c]"] {
            let vpc = ok(
                &mut c,
                "create-vpc",
                &[("name", name), ("cidr", "10.0.0.0/16")],
            );
            assert_eq!(vpc["Vpc"]["Tags"][0]["Value"], name);
        }
    }

    #[test]
    fn what_the_forms_create_the_delete_forms_take_away() {
        let mut c = Console::default();
        let vpc = ok(&mut c, "create-vpc", &[("cidr", "10.0.0.0/16")]);
        let vpc = vpc["Vpc"]["VpcId"].as_str().unwrap().to_string();
        let subnet = ok(
            &mut c,
            "create-subnet",
            &[("vpc", &vpc), ("cidr", "10.0.1.0/24")],
        );
        let subnet = subnet["Subnet"]["SubnetId"].as_str().unwrap().to_string();
        let igw = ok(&mut c, "create-internet-gateway", &[]);
        let igw = igw["InternetGateway"]["InternetGatewayId"]
            .as_str()
            .unwrap()
            .to_string();
        ok(
            &mut c,
            "attach-internet-gateway",
            &[("igw", &igw), ("vpc", &vpc)],
        );
        let rt = ok(&mut c, "create-route-table", &[("vpc", &vpc)]);
        let rt = rt["RouteTable"]["RouteTableId"]
            .as_str()
            .unwrap()
            .to_string();
        ok(&mut c, "create-route", &[("rt", &rt), ("target", &igw)]);
        ok(&mut c, "delete-route", &[("rt", &rt)]);
        assert!(
            c.world.ec2.route_tables[&rt].routes.is_empty(),
            "only the implicit local route is left"
        );
        ok(&mut c, "delete-route-table", &[("rt", &rt)]);
        assert!(!c.world.ec2.route_tables.contains_key(&rt));

        let eip = ok(&mut c, "allocate-address", &[]);
        let allocation = eip["AllocationId"].as_str().unwrap().to_string();
        let nat = ok(
            &mut c,
            "create-nat-gateway",
            &[("subnet", &subnet), ("allocation", &allocation)],
        );
        let nat = nat["NatGateway"]["NatGatewayId"]
            .as_str()
            .unwrap()
            .to_string();
        let (_, stderr) = submit(&mut c, "release-address", &[("allocation", &allocation)]);
        assert!(!stderr.is_empty(), "a NAT gateway still holds the address");
        ok(&mut c, "delete-nat-gateway", &[("nat", &nat)]);
        c.run("sim advance 5m");
        ok(&mut c, "release-address", &[("allocation", &allocation)]);
        assert!(c.world.ec2.addresses.is_empty());

        let region = c.world.region.clone();
        let endpoint = ok(
            &mut c,
            "create-vpc-endpoint",
            &[
                ("vpc", &vpc),
                ("service", &format!("com.amazonaws.{region}.s3")),
            ],
        );
        let endpoint = endpoint["VpcEndpoint"]["VpcEndpointId"]
            .as_str()
            .unwrap()
            .to_string();
        ok(&mut c, "delete-vpc-endpoints", &[("endpoint", &endpoint)]);
        assert!(!c.world.ec2.vpc_endpoints[&endpoint].is_live());
        assert!(choices(&c.world, Source::VpcEndpoints).is_empty());
        let acl = ok(&mut c, "create-network-acl", &[("vpc", &vpc)]);
        let acl = acl["NetworkAcl"]["NetworkAclId"]
            .as_str()
            .unwrap()
            .to_string();
        ok(&mut c, "delete-network-acl", &[("acl", &acl)]);
        assert!(!c.world.ec2.network_acls.contains_key(&acl));

        ok(&mut c, "create-repository", &[("name", "web")]);
        submit(&mut c, "push-image", &[("repository", "web")]);
        let (_, stderr) = submit(&mut c, "delete-repository", &[("repository", "web")]);
        assert_eq!(
            field_for_error(form("delete-repository").unwrap(), &stderr),
            Some("repository"),
            "not empty: {stderr}"
        );
        ok(
            &mut c,
            "delete-repository",
            &[("repository", "web"), ("force", "yes")],
        );
        assert!(c.world.ecr.repositories.is_empty());
        ok(&mut c, "create-log-group", &[("name", "/ecs/web")]);
        ok(&mut c, "delete-log-group", &[("group", "/ecs/web")]);
        assert!(c.world.logs.groups.is_empty());
        ok(&mut c, "create-role", &[("name", "spare"), ("policy", "")]);
        ok(&mut c, "delete-role", &[("role", "spare")]);
        assert!(!c.world.iam.roles.contains_key("spare"));

        ok(&mut c, "create-cluster", &[("name", "learn")]);
        c.run("aws ecs register-task-definition --family web --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --container-definitions 'name=web,image=nginx'");
        let out = c.run(&format!("aws ecs create-service --cluster learn --service-name web --task-definition web --desired-count 1 --launch-type FARGATE --network-configuration 'awsvpcConfiguration={{subnets=[{subnet}]}}'"));
        assert_eq!(out.status, 0, "{}", out.stderr);
        ok(
            &mut c,
            "register-scalable-target",
            &[("service", "learn/web")],
        );
        ok(
            &mut c,
            "put-scaling-policy",
            &[("service", "learn/web"), ("name", "cpu50")],
        );
        ok(
            &mut c,
            "put-step-scaling-policy",
            &[("service", "learn/web"), ("name", "steps")],
        );
        ok(
            &mut c,
            "put-scheduled-action",
            &[("service", "learn/web"), ("name", "morning")],
        );
        assert_eq!(
            choices(&c.world, Source::Alarms).len(),
            1,
            "target tracking's own alarms are not offered"
        );
        ok(&mut c, "delete-alarms", &[("alarm", "web-steps-high")]);
        ok(
            &mut c,
            "delete-scaling-policy",
            &[("policy", "service/learn/web|steps")],
        );
        ok(
            &mut c,
            "delete-scheduled-action",
            &[("action", "service/learn/web|morning")],
        );
        assert_eq!(c.world.autoscaling.policies.len(), 1);
        assert!(c.world.autoscaling.scheduled_actions.is_empty());
        ok(
            &mut c,
            "deregister-scalable-target",
            &[("service", "learn/web")],
        );
        assert!(c.world.autoscaling.targets.is_empty());
        assert!(
            c.world.autoscaling.policies.is_empty(),
            "its policies go with it"
        );

        ok(&mut c, "create-application", &[("name", "web")]);
        ok(
            &mut c,
            "create-deployment-config",
            &[("name", "Mine"), ("type", "TimeBasedLinear")],
        );
        ok(&mut c, "delete-deployment-config", &[("config", "Mine")]);
        assert!(c.world.deploy.configs.is_empty());
        ok(&mut c, "delete-application", &[("application", "web")]);
        assert!(c.world.deploy.applications.is_empty());
    }
}
