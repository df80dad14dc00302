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

    /// The command lines for these values (already checked by [`check`]).
    pub fn lines(&self, values: &Values, world: &World) -> Vec<String> {
        self.build.lines(self.fields, values, world)
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
        Ok(form.lines(values, world))
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
        preview: form.lines(&values, world),
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
mod tests;
