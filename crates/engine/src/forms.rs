//! Forms that mirror the AWS console's create, edit and delete pages, as
//! data. A form lists its fields (labelled as the console labels them), where
//! each field's choices come from in the world, and how the filled-in values
//! become `aws` command lines. Those lines are what runs — through the
//! console, so they show in the terminal and its history — and what the
//! learner reads as the CLI equivalent. The model's error is placed beside
//! the field it is about (by its error code or the option it names).

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
    /// The command lines for these values (already checked by [`check`]).
    pub build: fn(&Values, &World) -> Vec<String>,
}

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
        Ok((form.build)(values, world))
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
        preview: (form.build)(&values, world),
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
const PROTOCOLS: &[(&str, Label)] = &[
    ("tcp", l("TCP", "TCP")),
    ("udp", l("UDP", "UDP")),
    ("icmp", l("ICMP", "ICMP")),
    ("-1", l("すべてのトラフィック", "All traffic")),
];
/// The AWS managed policies an ECS learner attaches.
const MANAGED_POLICIES: &[(&str, &str)] = &[
    (
        "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
        "AmazonECSTaskExecutionRolePolicy",
    ),
    (
        "arn:aws:iam::aws:policy/AWSCodeDeployRoleForECS",
        "AWSCodeDeployRoleForECS",
    ),
    (
        "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role",
        "AmazonEC2ContainerServiceforEC2Role",
    ),
    (
        "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
        "AmazonSSMManagedInstanceCore",
    ),
];

/// An inbound rule's command (authorize or revoke): protocol, port unless
/// all traffic, and a CIDR or a source group.
/// A security group rule's line. The source may be a CIDR, a group's id, or
/// a group's name (the learner knows "alb-sg", not its id): a name is the
/// group of that name in the rule's group's VPC.
fn rule_line(command: &str, v: &Values, world: &World) -> String {
    let typed = get(v, "source").trim();
    let vpc = world
        .ec2
        .security_groups
        .get(get(v, "sg"))
        .map(|g| g.vpc_id.as_str());
    let by_name = world
        .ec2
        .security_groups
        .values()
        .find(|g| g.name == typed && Some(g.vpc_id.as_str()) == vpc)
        .map(|g| g.id.as_str());
    let source = by_name.unwrap_or(typed);
    let line = Line::new(command)
        .opt("--group-id", get(v, "sg"))
        .opt("--protocol", get(v, "protocol"));
    let line = if get(v, "protocol") == "-1" {
        line
    } else {
        line.maybe("--port", get(v, "port"))
    };
    let line = if source.starts_with("sg-") {
        line.opt("--source-group", source)
    } else {
        line.opt("--cidr", source)
    };
    line.done()
}

/// Every form, in the order a VPC-to-service build goes.
pub static FORMS: &[Form] = &[
    Form {
        id: "create-vpc",
        group: Group::Vpc,
        title: l("VPC を作成", "Create VPC"),
        fields: &[
            field("name", NAME_TAG, Kind::Text, "--tag-specifications")
                .optional()
                .placeholder("my-vpc"),
            field(
                "cidr",
                l("IPv4 CIDR", "IPv4 CIDR"),
                Kind::Text,
                "--cidr-block",
            )
            .default("10.0.0.0/16")
            .codes(&["InvalidVpc.Range", "InvalidParameterValue"]),
        ],
        build: |v, _| {
            vec![Line::new("aws ec2 create-vpc")
                .opt("--cidr-block", get(v, "cidr"))
                .name_tag("vpc", get(v, "name"))
                .done()]
        },
    },
    Form {
        id: "modify-vpc-attribute",
        group: Group::Vpc,
        title: l("VPC の設定を編集", "Edit VPC settings"),
        fields: &[
            field("vpc", VPC, Kind::Choice(Source::Vpcs), "--vpc-id"),
            field(
                "attribute",
                l("設定", "Setting"),
                Kind::Choice(Source::Words(&[
                    ("enable-dns-hostnames", l("DNS ホスト名を有効化", "Enable DNS hostnames")),
                    ("enable-dns-support", l("DNS 解決を有効化", "Enable DNS resolution")),
                ])),
                "--enable-dns-hostnames",
            ),
            field(
                "value",
                l("有効にする", "Enabled"),
                Kind::Choice(Source::Words(&[("true", l("はい", "yes")), ("false", l("いいえ", "no"))])),
                "Value",
            ),
        ],
        build: |v, _| {
            // One attribute per call, as the API takes them.
            vec![Line::new("aws ec2 modify-vpc-attribute")
                .opt("--vpc-id", get(v, "vpc"))
                .opt(
                    &format!("--{}", get(v, "attribute")),
                    &format!("{{\"Value\":{}}}", get(v, "value")),
                )
                .done()]
        },
    },
    Form {
        id: "create-subnet",
        group: Group::Vpc,
        title: l("サブネットを作成", "Create subnet"),
        fields: &[
            field(
                "vpc",
                l("VPC ID", "VPC ID"),
                Kind::Choice(Source::Vpcs),
                "--vpc-id",
            )
            .codes(&["InvalidVpcID.NotFound"]),
            field(
                "name",
                l("サブネット名", "Subnet name"),
                Kind::Text,
                "--tag-specifications",
            )
            .optional()
            .placeholder("public-a"),
            field(
                "az",
                l("アベイラビリティーゾーン", "Availability Zone"),
                Kind::Choice(Source::AvailabilityZones),
                "--availability-zone",
            ),
            field(
                "cidr",
                l("IPv4 サブネット CIDR ブロック", "IPv4 subnet CIDR block"),
                Kind::Text,
                "--cidr-block",
            )
            .placeholder("10.0.0.0/24")
            .codes(&[
                "InvalidSubnet.Range",
                "InvalidSubnet.Conflict",
                "InvalidParameterValue",
            ]),
        ],
        build: |v, _| {
            vec![Line::new("aws ec2 create-subnet")
                .opt("--vpc-id", get(v, "vpc"))
                .opt("--availability-zone", get(v, "az"))
                .opt("--cidr-block", get(v, "cidr"))
                .name_tag("subnet", get(v, "name"))
                .done()]
        },
    },
    Form {
        id: "modify-subnet-attribute",
        group: Group::Vpc,
        title: l("サブネットの設定を編集", "Edit subnet settings"),
        fields: &[
            field(
                "subnet",
                SUBNET,
                Kind::Choice(Source::Subnets),
                "--subnet-id",
            ),
            field(
                "public_ip",
                l(
                    "パブリック IPv4 アドレスの自動割り当てを有効化",
                    "Enable auto-assign public IPv4 address",
                ),
                Kind::Choice(Source::Words(YES_NO)),
                "--map-public-ip-on-launch",
            ),
        ],
        build: |v, _| {
            let flag = if get(v, "public_ip") == "yes" {
                "--map-public-ip-on-launch"
            } else {
                "--no-map-public-ip-on-launch"
            };
            vec![Line::new("aws ec2 modify-subnet-attribute")
                .opt("--subnet-id", get(v, "subnet"))
                .flag(flag)
                .done()]
        },
    },
    Form {
        id: "create-internet-gateway",
        group: Group::Vpc,
        title: l(
            "インターネットゲートウェイを作成",
            "Create internet gateway",
        ),
        fields: &[field("name", NAME_TAG, Kind::Text, "--tag-specifications")
            .optional()
            .placeholder("my-igw")],
        build: |v, _| {
            vec![Line::new("aws ec2 create-internet-gateway")
                .name_tag("internet-gateway", get(v, "name"))
                .done()]
        },
    },
    Form {
        id: "attach-internet-gateway",
        group: Group::Vpc,
        title: l("VPC にアタッチ", "Attach to VPC"),
        fields: &[
            field(
                "igw",
                INTERNET_GATEWAY,
                Kind::Choice(Source::InternetGateways),
                "--internet-gateway-id",
            )
            .codes(&[
                "Resource.AlreadyAssociated",
                "InvalidInternetGatewayID.NotFound",
            ]),
            field("vpc", VPC, Kind::Choice(Source::Vpcs), "--vpc-id")
                .codes(&["InvalidVpcID.NotFound"]),
        ],
        build: |v, _| {
            vec![Line::new("aws ec2 attach-internet-gateway")
                .opt("--internet-gateway-id", get(v, "igw"))
                .opt("--vpc-id", get(v, "vpc"))
                .done()]
        },
    },
    Form {
        id: "create-route-table",
        group: Group::Vpc,
        title: l("ルートテーブルを作成", "Create route table"),
        fields: &[
            field("name", NAME_TAG, Kind::Text, "--tag-specifications")
                .optional()
                .placeholder("public-rt"),
            field("vpc", VPC, Kind::Choice(Source::Vpcs), "--vpc-id"),
        ],
        build: |v, _| {
            vec![Line::new("aws ec2 create-route-table")
                .opt("--vpc-id", get(v, "vpc"))
                .name_tag("route-table", get(v, "name"))
                .done()]
        },
    },
    Form {
        id: "create-route",
        group: Group::Vpc,
        title: l("ルートを追加", "Add route"),
        fields: &[
            field(
                "rt",
                ROUTE_TABLE,
                Kind::Choice(Source::RouteTables),
                "--route-table-id",
            ),
            field(
                "destination",
                l("送信先", "Destination"),
                Kind::Text,
                "--destination-cidr-block",
            )
            .default("0.0.0.0/0")
            .codes(&["RouteAlreadyExists", "InvalidParameterValue"]),
            field(
                "target",
                l("ターゲット", "Target"),
                Kind::Choice(Source::Gateways),
                "--gateway-id",
            )
            .codes(&[
                "InvalidGatewayID.NotFound",
                "InvalidNatGatewayID.NotFound",
                "Gateway.NotAttached",
            ]),
        ],
        build: |v, _| {
            let target = get(v, "target");
            let option = if target.starts_with("nat-") {
                "--nat-gateway-id"
            } else {
                "--gateway-id"
            };
            vec![Line::new("aws ec2 create-route")
                .opt("--route-table-id", get(v, "rt"))
                .opt("--destination-cidr-block", get(v, "destination"))
                .opt(option, target)
                .done()]
        },
    },
    Form {
        id: "associate-route-table",
        group: Group::Vpc,
        title: l("サブネットの関連付けを編集", "Edit subnet associations"),
        fields: &[
            field(
                "rt",
                ROUTE_TABLE,
                Kind::Choice(Source::RouteTables),
                "--route-table-id",
            ),
            field(
                "subnet",
                SUBNET,
                Kind::Choice(Source::Subnets),
                "--subnet-id",
            )
            .codes(&["Resource.AlreadyAssociated", "InvalidSubnetID.NotFound"]),
        ],
        build: |v, _| {
            vec![Line::new("aws ec2 associate-route-table")
                .opt("--route-table-id", get(v, "rt"))
                .opt("--subnet-id", get(v, "subnet"))
                .done()]
        },
    },
    Form {
        id: "create-security-group",
        group: Group::Vpc,
        title: l("セキュリティグループを作成", "Create security group"),
        fields: &[
            field(
                "name",
                l("セキュリティグループ名", "Security group name"),
                Kind::Text,
                "--group-name",
            )
            .placeholder("web-sg")
            .codes(&["InvalidGroup.Duplicate"]),
            field(
                "description",
                l("説明", "Description"),
                Kind::Text,
                "--description",
            )
            .placeholder("Allow HTTP"),
            field("vpc", VPC, Kind::Choice(Source::Vpcs), "--vpc-id"),
        ],
        build: |v, _| {
            vec![Line::new("aws ec2 create-security-group")
                .opt("--group-name", get(v, "name"))
                .opt("--description", get(v, "description"))
                .opt("--vpc-id", get(v, "vpc"))
                .done()]
        },
    },
    Form {
        id: "authorize-security-group-ingress",
        group: Group::Vpc,
        title: l("インバウンドルールを追加", "Add inbound rule"),
        fields: &[
            field(
                "sg",
                l("セキュリティグループ", "Security group"),
                Kind::Choice(Source::SecurityGroups),
                "--group-id",
            ),
            field(
                "protocol",
                l("プロトコル", "Protocol"),
                Kind::Choice(Source::Words(PROTOCOLS)),
                "--protocol",
            ),
            field("port", l("ポート範囲", "Port range"), Kind::Text, "--port")
                .optional()
                .default("80")
                .codes(&["InvalidPermission.Duplicate"]),
            field(
                "source",
                l(
                    "ソース（CIDR、またはセキュリティグループの名前か ID）",
                    "Source (a CIDR, or a security group's name or ID)",
                ),
                Kind::Text,
                "--cidr",
            )
            .default("0.0.0.0/0")
            .codes(&["InvalidGroup.NotFound"]),
        ],
        build: |v, w| vec![rule_line("aws ec2 authorize-security-group-ingress", v, w)],
    },
    Form {
        id: "allocate-address",
        group: Group::Vpc,
        title: l(
            "Elastic IP アドレスを割り当てる",
            "Allocate Elastic IP address",
        ),
        fields: &[field("name", NAME_TAG, Kind::Text, "--tag-specifications")
            .optional()
            .placeholder("nat-eip")],
        build: |v, _| {
            vec![Line::new("aws ec2 allocate-address")
                .opt("--domain", "vpc")
                .name_tag("elastic-ip", get(v, "name"))
                .done()]
        },
    },
    Form {
        id: "create-nat-gateway",
        group: Group::Vpc,
        title: l("NAT ゲートウェイを作成", "Create NAT gateway"),
        fields: &[
            field("name", NAME_TAG, Kind::Text, "--tag-specifications")
                .optional()
                .placeholder("nat-a"),
            field(
                "subnet",
                l("サブネット（パブリック）", "Subnet (a public one)"),
                Kind::Choice(Source::Subnets),
                "--subnet-id",
            )
            .codes(&["InvalidSubnetID.NotFound"]),
            field(
                "allocation",
                l("Elastic IP 割り当て ID", "Elastic IP allocation ID"),
                Kind::Choice(Source::Addresses),
                "--allocation-id",
            )
            .codes(&["InvalidAllocationID.NotFound", "Resource.AlreadyAssociated"]),
        ],
        build: |v, _| {
            vec![Line::new("aws ec2 create-nat-gateway")
                .opt("--subnet-id", get(v, "subnet"))
                .opt("--allocation-id", get(v, "allocation"))
                .name_tag("natgateway", get(v, "name"))
                .done()]
        },
    },
    Form {
        id: "create-vpc-endpoint",
        group: Group::Vpc,
        title: l("エンドポイントを作成", "Create endpoint"),
        fields: &[
            field("vpc", VPC, Kind::Choice(Source::Vpcs), "--vpc-id"),
            field(
                "service",
                l("サービス名", "Service name"),
                Kind::Choice(Source::EndpointServices),
                "--service-name",
            )
            .codes(&["InvalidServiceName"]),
            field(
                "subnets",
                l(
                    "サブネット（インターフェイス型）",
                    "Subnets (interface endpoints)",
                ),
                Kind::Multi(Source::Subnets),
                "--subnet-ids",
            )
            .optional(),
            field(
                "security_groups",
                l(
                    "セキュリティグループ（インターフェイス型）",
                    "Security groups (interface endpoints)",
                ),
                Kind::Multi(Source::SecurityGroups),
                "--security-group-ids",
            )
            .optional(),
            field(
                "route_tables",
                l(
                    "ルートテーブル（ゲートウェイ型）",
                    "Route tables (gateway endpoints)",
                ),
                Kind::Multi(Source::RouteTables),
                "--route-table-ids",
            )
            .optional(),
            field(
                "private_dns",
                l(
                    "DNS 名を有効化（インターフェイス型）",
                    "Enable DNS name (interface endpoints)",
                ),
                Kind::Choice(Source::Words(&[("yes", l("はい", "yes")), ("no", l("いいえ", "no"))])),
                "--private-dns-enabled",
            )
            .codes(&["InvalidParameter"]),
        ],
        build: |v, _| {
            let service = get(v, "service");
            // S3 is a gateway endpoint (routes); the others are interfaces in subnets.
            let gateway = service.ends_with(".s3") || service.ends_with(".dynamodb");
            let mut line = Line::new("aws ec2 create-vpc-endpoint")
                .opt("--vpc-id", get(v, "vpc"))
                .opt(
                    "--vpc-endpoint-type",
                    if gateway { "Gateway" } else { "Interface" },
                )
                .opt("--service-name", service);
            if gateway {
                line = line.many("--route-table-ids", &list(v, "route_tables"));
            } else {
                line = line.many("--subnet-ids", &list(v, "subnets"));
                let groups = list(v, "security_groups");
                if !groups.is_empty() {
                    line = line.many("--security-group-ids", &groups);
                }
                line = line.flag(if get(v, "private_dns") == "no" {
                    "--no-private-dns-enabled"
                } else {
                    "--private-dns-enabled"
                });
            }
            vec![line.done()]
        },
    },
    Form {
        id: "create-log-group",
        group: Group::Ecs,
        title: l(
            "ロググループを作成（CloudWatch Logs）",
            "Create log group (CloudWatch Logs)",
        ),
        fields: &[field(
            "name",
            l("ロググループ名", "Log group name"),
            Kind::Text,
            "--log-group-name",
        )
        .placeholder("/ecs/web")
        .codes(&[
            "ResourceAlreadyExistsException",
            "InvalidParameterException",
        ])],
        build: |v, _| {
            vec![Line::new("aws logs create-log-group")
                .opt("--log-group-name", get(v, "name"))
                .done()]
        },
    },
    Form {
        id: "create-repository",
        group: Group::Ecr,
        title: l("リポジトリを作成", "Create repository"),
        fields: &[field(
            "name",
            l("リポジトリ名", "Repository name"),
            Kind::Text,
            "--repository-name",
        )
        .placeholder("web")
        .codes(&[
            "RepositoryAlreadyExistsException",
            "InvalidParameterException",
        ])],
        build: |v, _| {
            vec![Line::new("aws ecr create-repository")
                .opt("--repository-name", get(v, "name"))
                .done()]
        },
    },
    Form {
        id: "create-role",
        group: Group::Ecs,
        title: l("IAM ロールを作成（ECS 用）", "Create IAM role (for ECS)"),
        fields: &[
            field(
                "name",
                l("ロール名", "Role name"),
                Kind::Text,
                "--role-name",
            )
            .placeholder("ecsTaskExecutionRole")
            .codes(&["EntityAlreadyExists", "ValidationError"]),
            field(
                "trusted",
                l(
                    "信頼されたエンティティ（サービス）",
                    "Trusted entity (service)",
                ),
                Kind::Choice(Source::Fixed(&[
                    (
                        "ecs-tasks.amazonaws.com",
                        "Elastic Container Service Task (ecs-tasks)",
                    ),
                    ("codedeploy.amazonaws.com", "CodeDeploy (codedeploy)"),
                    ("ec2.amazonaws.com", "EC2 (container instances)"),
                ])),
                "--assume-role-policy-document",
            ),
            field(
                "policy",
                l("許可ポリシー", "Permissions policy"),
                Kind::Choice(Source::Fixed(MANAGED_POLICIES)),
                "--policy-arn",
            )
            .optional(),
        ],
        build: |v, _| {
            let trust = format!(
                r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"Service":"{}"}},"Action":"sts:AssumeRole"}}]}}"#,
                get(v, "trusted")
            );
            let mut lines = vec![Line::new("aws iam create-role")
                .opt("--role-name", get(v, "name"))
                .opt("--assume-role-policy-document", &trust)
                .done()];
            if !get(v, "policy").is_empty() {
                lines.push(
                    Line::new("aws iam attach-role-policy")
                        .opt("--role-name", get(v, "name"))
                        .opt("--policy-arn", get(v, "policy"))
                        .done(),
                );
            }
            lines
        },
    },
    Form {
        id: "create-cluster",
        group: Group::Ecs,
        title: l("クラスターの作成", "Create cluster"),
        fields: &[field(
            "name",
            l("クラスター名", "Cluster name"),
            Kind::Text,
            "--cluster-name",
        )
        .placeholder("learn")
        .codes(&["InvalidParameterException"])],
        build: |v, _| {
            vec![Line::new("aws ecs create-cluster")
                .opt("--cluster-name", get(v, "name"))
                .done()]
        },
    },
    Form {
        id: "create-service",
        group: Group::Ecs,
        title: l("サービスを作成", "Create service"),
        fields: &[
            field(
                "cluster",
                CLUSTER,
                Kind::Choice(Source::Clusters),
                "--cluster",
            )
            .codes(&["ClusterNotFoundException"]),
            field(
                "task_definition",
                l(
                    "タスク定義ファミリー:リビジョン",
                    "Task definition family:revision",
                ),
                Kind::Choice(Source::TaskDefinitions),
                "--task-definition",
            ),
            field(
                "name",
                l("サービス名", "Service name"),
                Kind::Text,
                "--service-name",
            )
            .placeholder("web"),
            field(
                "desired",
                l("必要なタスク", "Desired tasks"),
                Kind::Number,
                "--desired-count",
            )
            .default("2"),
            field(
                "launch_type",
                l("起動タイプ", "Launch type"),
                Kind::Choice(Source::Fixed(&[("FARGATE", "FARGATE"), ("EC2", "EC2")])),
                "--launch-type",
            ),
            field(
                "deployment_type",
                l("デプロイタイプ", "Deployment type"),
                Kind::Choice(Source::Words(&[
                    ("ECS", l("ローリングアップデート", "Rolling update")),
                    (
                        "CODE_DEPLOY",
                        l(
                            "Blue/Green デプロイ（AWS CodeDeploy を使用）",
                            "Blue/green deployment (powered by AWS CodeDeploy)",
                        ),
                    ),
                ])),
                "--deployment-controller",
            ),
            field(
                "subnets",
                l("サブネット", "Subnets"),
                Kind::Multi(Source::Subnets),
                "subnets",
            )
            .codes(&["InvalidSubnet"]),
            field(
                "security_groups",
                SECURITY_GROUPS,
                Kind::Multi(Source::SecurityGroups),
                "securityGroups",
            )
            .optional(),
            field(
                "public_ip",
                l("パブリック IP", "Public IP"),
                Kind::Choice(Source::Fixed(&[
                    ("DISABLED", "DISABLED"),
                    ("ENABLED", "ENABLED"),
                ])),
                "assignPublicIp",
            ),
            field(
                "target_group",
                l(
                    "ロードバランサーのターゲットグループ",
                    "Load balancer target group",
                ),
                Kind::Choice(Source::TargetGroups),
                "--load-balancers",
            )
            .optional(),
            field(
                "container_port",
                l("コンテナポート", "Container port"),
                Kind::Number,
                "containerPort",
            )
            .optional()
            .default("80"),
            field(
                "exec",
                l(
                    "ECS Exec（execute-command）を有効にする",
                    "Turn on ECS Exec (execute-command)",
                ),
                Kind::Choice(Source::Words(YES_NO)),
                "--enable-execute-command",
            ),
        ],
        build: |v, world| {
            let network = format!(
                "awsvpcConfiguration={{subnets=[{}],securityGroups=[{}],assignPublicIp={}}}",
                list(v, "subnets").join(","),
                list(v, "security_groups").join(","),
                get(v, "public_ip"),
            );
            let mut line = Line::new("aws ecs create-service")
                .opt("--cluster", get(v, "cluster"))
                .opt("--service-name", get(v, "name"))
                .opt("--task-definition", get(v, "task_definition"))
                .opt("--desired-count", get(v, "desired"))
                .opt("--launch-type", get(v, "launch_type"))
                .opt("--network-configuration", &network);
            if get(v, "deployment_type") == "CODE_DEPLOY" {
                line = line.opt("--deployment-controller", "type=CODE_DEPLOY");
            }
            let target_group = get(v, "target_group");
            if !target_group.is_empty() {
                // The container to register is the task definition's first
                // container with a port mapping (the console preselects it too).
                let container = world
                    .ecs
                    .task_definitions
                    .get(get(v, "task_definition"))
                    .and_then(|td| td.load_balanced_container())
                    .and_then(|c| c.name.clone())
                    .unwrap_or_else(|| "web".into());
                let port = match get(v, "container_port") {
                    "" => "80",
                    port => port,
                };
                line = line.opt(
                    "--load-balancers",
                    &format!(
                        "targetGroupArn={target_group},containerName={container},containerPort={port}"
                    ),
                );
            }
            if get(v, "exec") == "yes" {
                line = line.flag("--enable-execute-command");
            }
            vec![line.done()]
        },
    },
    Form {
        id: "update-service",
        group: Group::Ecs,
        title: l("サービスを更新", "Update service"),
        fields: &[
            field(
                "service",
                SERVICE,
                Kind::Choice(Source::Services),
                "--service",
            )
            .codes(&["ServiceNotFoundException", "ServiceNotActiveException"]),
            field(
                "desired",
                l("必要なタスク", "Desired tasks"),
                Kind::Number,
                "--desired-count",
            )
            .optional(),
            field(
                "task_definition",
                TASK_DEFINITION,
                Kind::Choice(Source::TaskDefinitions),
                "--task-definition",
            )
            .optional(),
            field(
                "force",
                l("新しいデプロイを強制", "Force new deployment"),
                Kind::Choice(Source::Words(YES_NO)),
                "--force-new-deployment",
            ),
            field(
                "exec",
                l(
                    "ECS Exec（これから起動するタスク）",
                    "ECS Exec (for tasks started from now on)",
                ),
                Kind::Choice(Source::Words(&[
                    ("keep", l("変更しない", "unchanged")),
                    ("enable", l("オンにする", "turn on")),
                    ("disable", l("オフにする", "turn off")),
                ])),
                "--enable-execute-command",
            ),
        ],
        build: |v, _| {
            let (cluster, service) = split_service(get(v, "service"));
            let line = Line::new("aws ecs update-service")
                .opt("--cluster", cluster)
                .opt("--service", service)
                .maybe("--desired-count", get(v, "desired"))
                .maybe("--task-definition", get(v, "task_definition"));
            let line = if get(v, "force") == "yes" {
                line.flag("--force-new-deployment")
            } else {
                line
            };
            let line = match get(v, "exec") {
                "enable" => line.flag("--enable-execute-command"),
                "disable" => line.flag("--disable-execute-command"),
                _ => line,
            };
            vec![line.done()]
        },
    },
    Form {
        id: "delete-service",
        group: Group::Ecs,
        title: l("サービスを削除", "Delete service"),
        fields: &[field(
            "service",
            SERVICE,
            Kind::Choice(Source::Services),
            "--service",
        )],
        build: |v, _| {
            let (cluster, service) = split_service(get(v, "service"));
            // --force: the console deletes a service with running tasks too (scaling it to 0).
            vec![Line::new("aws ecs delete-service")
                .opt("--cluster", cluster)
                .opt("--service", service)
                .flag("--force")
                .done()]
        },
    },
    Form {
        id: "deregister-task-definition",
        group: Group::Ecs,
        title: l("タスク定義の登録を解除", "Deregister task definition"),
        fields: &[field(
            "task_definition",
            TASK_DEFINITION,
            Kind::Choice(Source::TaskDefinitions),
            "--task-definition",
        )],
        build: |v, _| {
            vec![Line::new("aws ecs deregister-task-definition")
                .opt("--task-definition", get(v, "task_definition"))
                .done()]
        },
    },
    Form {
        id: "delete-cluster",
        group: Group::Ecs,
        title: l("クラスターの削除", "Delete cluster"),
        fields: &[field(
            "cluster",
            CLUSTER,
            Kind::Choice(Source::Clusters),
            "--cluster",
        )
        .codes(&[
            "ClusterContainsServicesException",
            "ClusterContainsTasksException",
        ])],
        build: |v, _| {
            vec![Line::new("aws ecs delete-cluster")
                .opt("--cluster", get(v, "cluster"))
                .done()]
        },
    },
    Form {
        id: "create-application",
        group: Group::Ecs,
        title: l(
            "CodeDeploy アプリケーションを作成（ECS）",
            "Create CodeDeploy application (ECS)",
        ),
        fields: &[field(
            "name",
            l("アプリケーション名", "Application name"),
            Kind::Text,
            "--application-name",
        )
        .placeholder("web")
        .codes(&["ApplicationAlreadyExistsException"])],
        build: |v, _| {
            vec![Line::new("aws deploy create-application")
                .opt("--application-name", get(v, "name"))
                .opt("--compute-platform", "ECS")
                .done()]
        },
    },
    Form {
        id: "create-deployment-group",
        group: Group::Ecs,
        title: l(
            "デプロイグループを作成（ECS ブルー/グリーン）",
            "Create deployment group (ECS blue/green)",
        ),
        fields: &[
            field(
                "application",
                l("アプリケーション", "Application"),
                Kind::Choice(Source::CodeDeployApplications),
                "--application-name",
            ),
            field(
                "name",
                l("デプロイグループ名", "Deployment group name"),
                Kind::Text,
                "--deployment-group-name",
            )
            .placeholder("web-bg")
            .codes(&["DeploymentGroupAlreadyExistsException"]),
            field(
                "role",
                l("サービスロール", "Service role"),
                Kind::Choice(Source::Roles),
                "--service-role-arn",
            )
            .codes(&["InvalidRoleException"]),
            field(
                "service",
                SERVICE,
                Kind::Choice(Source::Services),
                "--ecs-services",
            )
            .codes(&[
                "ECSServiceMappingLimitExceededException",
                "InvalidECSServiceException",
            ]),
            field(
                "blue",
                l("ターゲットグループ 1（現行）", "Target group 1 (blue)"),
                Kind::Choice(Source::TargetGroups),
                "targetGroups",
            )
            .codes(&["InvalidTargetGroupPairException"]),
            field(
                "green",
                l("ターゲットグループ 2（置き換え）", "Target group 2 (green)"),
                Kind::Choice(Source::TargetGroups),
                "targetGroups",
            ),
            field(
                "production",
                l("本番リスナー", "Production listener"),
                Kind::Choice(Source::Listeners),
                "prodTrafficRoute",
            ),
            field(
                "test",
                l("テストリスナー", "Test listener"),
                Kind::Choice(Source::Listeners),
                "testTrafficRoute",
            )
            .optional(),
            field(
                "config",
                l("デプロイ設定", "Deployment configuration"),
                Kind::Choice(Source::DeploymentConfigs),
                "--deployment-config-name",
            )
            .default("CodeDeployDefault.ECSAllAtOnce"),
            field(
                "wait",
                l(
                    "元のタスクセットを終了するまで（分）",
                    "Terminate the original task set after (minutes)",
                ),
                Kind::Number,
                "terminationWaitTimeInMinutes",
            )
            .default("5"),
        ],
        build: |v, world| {
            let (cluster, service) = split_service(get(v, "service"));
            let group_name = |arn: &str| {
                world
                    .elb
                    .target_groups
                    .get(arn)
                    .map_or(String::new(), |g| g.name.clone())
            };
            let mut pair = serde_json::json!({
                "targetGroups": [{ "name": group_name(get(v, "blue")) }, { "name": group_name(get(v, "green")) }],
                "prodTrafficRoute": { "listenerArns": [get(v, "production")] },
            });
            if !get(v, "test").is_empty() {
                pair["testTrafficRoute"] = serde_json::json!({ "listenerArns": [get(v, "test")] });
            }
            let load_balancer_info = serde_json::json!({ "targetGroupPairInfoList": [pair] });
            let blue_green = serde_json::json!({
                "terminateBlueInstancesOnDeploymentSuccess": {
                    "action": "TERMINATE",
                    "terminationWaitTimeInMinutes": get(v, "wait").parse::<u64>().unwrap_or(5),
                },
                "deploymentReadyOption": { "actionOnTimeout": "CONTINUE_DEPLOYMENT" },
            });
            vec![Line::new("aws deploy create-deployment-group")
                .opt("--application-name", get(v, "application"))
                .opt("--deployment-group-name", get(v, "name"))
                .opt("--service-role-arn", get(v, "role"))
                .opt("--deployment-config-name", get(v, "config"))
                .opt(
                    "--deployment-style",
                    "deploymentType=BLUE_GREEN,deploymentOption=WITH_TRAFFIC_CONTROL",
                )
                .opt(
                    "--ecs-services",
                    &format!("serviceName={service},clusterName={cluster}"),
                )
                .opt("--load-balancer-info", &load_balancer_info.to_string())
                .opt(
                    "--blue-green-deployment-configuration",
                    &blue_green.to_string(),
                )
                .done()]
        },
    },
    Form {
        id: "create-deployment",
        group: Group::Ecs,
        title: l("デプロイを作成（AppSpec）", "Create deployment (AppSpec)"),
        fields: &[
            field(
                "group",
                l("デプロイグループ", "Deployment group"),
                Kind::Choice(Source::DeploymentGroups),
                "--deployment-group-name",
            )
            .codes(&[
                "DeploymentLimitExceededException",
                "DeploymentGroupDoesNotExistException",
            ]),
            field(
                "task_definition",
                l("新しいタスク定義", "New task definition"),
                Kind::Choice(Source::TaskDefinitions),
                "TaskDefinition",
            ),
            field(
                "container_port",
                l("コンテナポート", "Container port"),
                Kind::Number,
                "ContainerPort",
            )
            .default("80"),
            field(
                "config",
                l(
                    "デプロイ設定（グループの設定を上書き）",
                    "Deployment configuration (overrides the group's)",
                ),
                Kind::Choice(Source::DeploymentConfigs),
                "--deployment-config-name",
            )
            .optional(),
            field(
                "hook",
                l(
                    "AfterAllowTestTraffic フック（Lambda 関数名）",
                    "AfterAllowTestTraffic hook (Lambda function name)",
                ),
                Kind::Text,
                "Hooks",
            )
            .optional()
            .placeholder("SmokeTest"),
        ],
        build: |v, world| {
            let (application, group) = get(v, "group").split_once('/').unwrap_or(("", ""));
            let td = world.ecs.task_definitions.get(get(v, "task_definition"));
            let arn = td.map_or(get(v, "task_definition").to_string(), |td| {
                td.task_definition_arn.clone()
            });
            let container = td
                .and_then(|td| td.load_balanced_container())
                .and_then(|c| c.name.clone())
                .unwrap_or_else(|| "web".into());
            let appspec = serde_json::json!({
                "version": 0.0,
                "Resources": [{ "TargetService": {
                    "Type": "AWS::ECS::Service",
                    "Properties": {
                        "TaskDefinition": arn,
                        "LoadBalancerInfo": {
                            "ContainerName": container,
                            "ContainerPort": get(v, "container_port").parse::<u64>().unwrap_or(80),
                        },
                    },
                }}],
            });
            let mut appspec = appspec;
            if !get(v, "hook").is_empty() {
                // A test on the test listener before production traffic moves.
                appspec["Hooks"] = serde_json::json!([{ "AfterAllowTestTraffic": get(v, "hook") }]);
            }
            let revision = serde_json::json!({
                "revisionType": "AppSpecContent",
                "appSpecContent": { "content": appspec.to_string() },
            });
            vec![Line::new("aws deploy create-deployment")
                .opt("--application-name", application)
                .opt("--deployment-group-name", group)
                .maybe("--deployment-config-name", get(v, "config"))
                .opt("--revision", &revision.to_string())
                .done()]
        },
    },
    Form {
        id: "register-scalable-target",
        group: Group::Ecs,
        title: l(
            "サービスの自動スケーリング: タスク数の範囲",
            "Service auto scaling: task count range",
        ),
        fields: &[
            field(
                "service",
                SERVICE,
                Kind::Choice(Source::Services),
                "--resource-id",
            )
            .codes(&["ObjectNotFoundException"]),
            field(
                "min",
                l("タスクの最小数", "Minimum number of tasks"),
                Kind::Number,
                "--min-capacity",
            )
            .default("1"),
            field(
                "max",
                l("タスクの最大数", "Maximum number of tasks"),
                Kind::Number,
                "--max-capacity",
            )
            .default("4")
            .codes(&["ValidationException"]),
        ],
        build: |v, _| {
            vec![
                Line::new("aws application-autoscaling register-scalable-target")
                    .opt("--service-namespace", "ecs")
                    .opt("--scalable-dimension", "ecs:service:DesiredCount")
                    .opt("--resource-id", &format!("service/{}", get(v, "service")))
                    .opt("--min-capacity", get(v, "min"))
                    .opt("--max-capacity", get(v, "max"))
                    .done(),
            ]
        },
    },
    Form {
        id: "put-scaling-policy",
        group: Group::Ecs,
        title: l(
            "サービスの自動スケーリング: ターゲット追跡ポリシー",
            "Service auto scaling: target tracking policy",
        ),
        fields: &[
            field(
                "service",
                SERVICE,
                Kind::Choice(Source::Services),
                "--resource-id",
            )
            .codes(&["ObjectNotFoundException"]),
            field(
                "name",
                l("ポリシー名", "Policy name"),
                Kind::Text,
                "--policy-name",
            )
            .placeholder("cpu50"),
            field(
                "metric",
                l("ECS サービスメトリクス", "ECS service metric"),
                Kind::Choice(Source::Fixed(&[
                    (
                        "ECSServiceAverageCPUUtilization",
                        "ECSServiceAverageCPUUtilization",
                    ),
                    (
                        "ECSServiceAverageMemoryUtilization",
                        "ECSServiceAverageMemoryUtilization",
                    ),
                    ("ALBRequestCountPerTarget", "ALBRequestCountPerTarget"),
                ])),
                "PredefinedMetricType",
            ),
            field(
                "target",
                l("ターゲット値", "Target value"),
                Kind::Number,
                "TargetValue",
            )
            .default("50")
            .codes(&["ValidationException", "FailedResourceAccessException"]),
            field(
                "scale_in_cooldown",
                l(
                    "スケールインのクールダウン期間（秒）",
                    "Scale-in cooldown period (seconds)",
                ),
                Kind::Number,
                "ScaleInCooldown",
            )
            .optional(),
            field(
                "scale_out_cooldown",
                l(
                    "スケールアウトのクールダウン期間（秒）",
                    "Scale-out cooldown period (seconds)",
                ),
                Kind::Number,
                "ScaleOutCooldown",
            )
            .optional(),
        ],
        build: |v, world| {
            let metric = get(v, "metric");
            let mut spec = serde_json::json!({ "PredefinedMetricType": metric });
            if metric == "ALBRequestCountPerTarget" {
                // The resource label names the service's load balancer and target group.
                let label = world.ecs.services.get(get(v, "service")).and_then(|s| {
                    let group = world
                        .elb
                        .target_groups
                        .get(&s.load_balancers.first()?.target_group_arn)?;
                    let lb_arn = world.elb.load_balancers_of(&group.arn).into_iter().next()?;
                    let lb = world.elb.load_balancers.get(&lb_arn)?;
                    Some(format!(
                        "{}/{}",
                        lb.full_name(),
                        ecs_sim::elb::target_group_dimension(&group.arn)
                    ))
                });
                spec["ResourceLabel"] = label.unwrap_or_default().into();
            }
            let mut config = serde_json::json!({
                "TargetValue": get(v, "target").parse::<u64>().unwrap_or(50),
                "PredefinedMetricSpecification": spec,
            });
            for (key, field) in [
                ("ScaleInCooldown", "scale_in_cooldown"),
                ("ScaleOutCooldown", "scale_out_cooldown"),
            ] {
                if let Ok(seconds) = get(v, field).parse::<u64>() {
                    config[key] = seconds.into();
                }
            }
            vec![Line::new("aws application-autoscaling put-scaling-policy")
                .opt("--service-namespace", "ecs")
                .opt("--scalable-dimension", "ecs:service:DesiredCount")
                .opt("--resource-id", &format!("service/{}", get(v, "service")))
                .opt("--policy-name", get(v, "name"))
                .opt("--policy-type", "TargetTrackingScaling")
                .opt(
                    "--target-tracking-scaling-policy-configuration",
                    &config.to_string(),
                )
                .done()]
        },
    },
    Form {
        id: "create-target-group",
        group: Group::Elb,
        title: l("ターゲットグループの作成", "Create target group"),
        fields: &[
            field(
                "target_type",
                l("ターゲットタイプ", "Target type"),
                Kind::Choice(Source::Words(&[
                    ("ip", l("IP アドレス", "IP addresses")),
                    ("instance", l("インスタンス", "Instances")),
                ])),
                "--target-type",
            ),
            field(
                "name",
                l("ターゲットグループ名", "Target group name"),
                Kind::Text,
                "--name",
            )
            .placeholder("web")
            .codes(&["DuplicateTargetGroupName", "ValidationError"]),
            field(
                "protocol",
                l("プロトコル", "Protocol"),
                Kind::Choice(Source::Fixed(&[
                    ("HTTP", "HTTP"),
                    ("HTTPS", "HTTPS"),
                    ("TCP", "TCP"),
                ])),
                "--protocol",
            ),
            field("port", l("ポート", "Port"), Kind::Number, "--port").default("80"),
            field("vpc", VPC, Kind::Choice(Source::Vpcs), "--vpc-id"),
            field(
                "health_path",
                l("ヘルスチェックパス", "Health check path"),
                Kind::Text,
                "--health-check-path",
            )
            .optional()
            .default("/"),
        ],
        build: |v, _| {
            let tcp = get(v, "protocol") == "TCP";
            let line = Line::new("aws elbv2 create-target-group")
                .opt("--name", get(v, "name"))
                .opt("--protocol", get(v, "protocol"))
                .opt("--port", get(v, "port"))
                .opt("--vpc-id", get(v, "vpc"))
                .opt("--target-type", get(v, "target_type"));
            // A TCP group's health check has no path.
            let line = if tcp {
                line
            } else {
                line.maybe("--health-check-path", get(v, "health_path"))
            };
            vec![line.done()]
        },
    },
    Form {
        id: "modify-target-group",
        group: Group::Elb,
        title: l("ヘルスチェック設定を編集", "Edit health check settings"),
        fields: &[
            field(
                "target_group",
                TARGET_GROUP,
                Kind::Choice(Source::TargetGroups),
                "--target-group-arn",
            ),
            field(
                "health_path",
                l("ヘルスチェックパス", "Health check path"),
                Kind::Text,
                "--health-check-path",
            )
            .default("/"),
            field(
                "interval",
                l("間隔（秒）", "Interval (seconds)"),
                Kind::Number,
                "--health-check-interval-seconds",
            )
            .optional(),
            field(
                "healthy",
                l("正常のしきい値", "Healthy threshold"),
                Kind::Number,
                "--healthy-threshold-count",
            )
            .optional(),
            field(
                "unhealthy",
                l("非正常のしきい値", "Unhealthy threshold"),
                Kind::Number,
                "--unhealthy-threshold-count",
            )
            .optional(),
        ],
        build: |v, _| {
            vec![Line::new("aws elbv2 modify-target-group")
                .opt("--target-group-arn", get(v, "target_group"))
                .opt("--health-check-path", get(v, "health_path"))
                .maybe("--health-check-interval-seconds", get(v, "interval"))
                .maybe("--healthy-threshold-count", get(v, "healthy"))
                .maybe("--unhealthy-threshold-count", get(v, "unhealthy"))
                .done()]
        },
    },
    Form {
        id: "create-load-balancer",
        group: Group::Elb,
        title: l(
            "Application Load Balancer の作成",
            "Create Application Load Balancer",
        ),
        fields: &[
            field(
                "name",
                l("ロードバランサー名", "Load balancer name"),
                Kind::Text,
                "--name",
            )
            .placeholder("web-alb")
            .codes(&["DuplicateLoadBalancerName", "ValidationError"]),
            field(
                "scheme",
                l("スキーム", "Scheme"),
                Kind::Choice(Source::Words(&[
                    ("internet-facing", l("インターネット向け", "Internet-facing")),
                    ("internal", l("内部", "Internal")),
                ])),
                "--scheme",
            ),
            field(
                "subnets",
                l("マッピング（サブネット）", "Mappings (subnets)"),
                Kind::Multi(Source::Subnets),
                "--subnets",
            )
            .codes(&["InvalidConfigurationRequest", "SubnetNotFound"]),
            field(
                "security_groups",
                SECURITY_GROUPS,
                Kind::Multi(Source::SecurityGroups),
                "--security-groups",
            )
            .optional()
            .codes(&["InvalidSecurityGroup"]),
        ],
        build: |v, _| {
            let line = Line::new("aws elbv2 create-load-balancer")
                .opt("--name", get(v, "name"))
                .opt("--scheme", get(v, "scheme"))
                .many("--subnets", &list(v, "subnets"));
            let groups = list(v, "security_groups");
            let line = if groups.is_empty() {
                line
            } else {
                line.many("--security-groups", &groups)
            };
            vec![line.done()]
        },
    },
    Form {
        id: "create-listener",
        group: Group::Elb,
        title: l("リスナーの追加", "Add listener"),
        fields: &[
            field(
                "lb",
                LOAD_BALANCER,
                Kind::Choice(Source::LoadBalancers),
                "--load-balancer-arn",
            ),
            field(
                "protocol",
                l("プロトコル", "Protocol"),
                Kind::Choice(Source::Fixed(&[("HTTP", "HTTP"), ("TCP", "TCP")])),
                "--protocol",
            ),
            field("port", l("ポート", "Port"), Kind::Number, "--port")
                .default("80")
                .codes(&["DuplicateListener"]),
            field(
                "target_group",
                l("デフォルトアクション: 転送先", "Default action: forward to"),
                Kind::Choice(Source::TargetGroups),
                "--default-actions",
            )
            .codes(&["TargetGroupAssociationLimit", "TargetGroupNotFound"]),
        ],
        build: |v, _| {
            vec![Line::new("aws elbv2 create-listener")
                .opt("--load-balancer-arn", get(v, "lb"))
                .opt("--protocol", get(v, "protocol"))
                .opt("--port", get(v, "port"))
                .opt(
                    "--default-actions",
                    &format!("Type=forward,TargetGroupArn={}", get(v, "target_group")),
                )
                .done()]
        },
    },
    Form {
        id: "delete-load-balancer",
        group: Group::Elb,
        title: l("ロードバランサーを削除", "Delete load balancer"),
        fields: &[field(
            "lb",
            LOAD_BALANCER,
            Kind::Choice(Source::LoadBalancers),
            "--load-balancer-arn",
        )],
        build: |v, _| {
            vec![Line::new("aws elbv2 delete-load-balancer")
                .opt("--load-balancer-arn", get(v, "lb"))
                .done()]
        },
    },
    Form {
        id: "delete-target-group",
        group: Group::Elb,
        title: l("ターゲットグループを削除", "Delete target group"),
        fields: &[field(
            "target_group",
            TARGET_GROUP,
            Kind::Choice(Source::TargetGroups),
            "--target-group-arn",
        )
        .codes(&["ResourceInUse"])],
        build: |v, _| {
            vec![Line::new("aws elbv2 delete-target-group")
                .opt("--target-group-arn", get(v, "target_group"))
                .done()]
        },
    },
    Form {
        id: "delete-security-group",
        group: Group::Vpc,
        title: l("セキュリティグループを削除", "Delete security group"),
        fields: &[field(
            "sg",
            l("セキュリティグループ", "Security group"),
            Kind::Choice(Source::SecurityGroups),
            "--group-id",
        )
        .codes(&["DependencyViolation", "CannotDelete"])],
        build: |v, _| {
            vec![Line::new("aws ec2 delete-security-group")
                .opt("--group-id", get(v, "sg"))
                .done()]
        },
    },
    Form {
        id: "delete-subnet",
        group: Group::Vpc,
        title: l("サブネットを削除", "Delete subnet"),
        fields: &[field(
            "subnet",
            SUBNET,
            Kind::Choice(Source::Subnets),
            "--subnet-id",
        )
        .codes(&["DependencyViolation"])],
        build: |v, _| {
            vec![Line::new("aws ec2 delete-subnet")
                .opt("--subnet-id", get(v, "subnet"))
                .done()]
        },
    },
    Form {
        id: "delete-internet-gateway",
        group: Group::Vpc,
        title: l(
            "インターネットゲートウェイを削除",
            "Delete internet gateway",
        ),
        fields: &[field(
            "igw",
            INTERNET_GATEWAY,
            Kind::Choice(Source::InternetGateways),
            "--internet-gateway-id",
        )
        .codes(&["DependencyViolation"])],
        build: |v, world| {
            let id = get(v, "igw");
            let mut lines = Vec::new();
            // The console detaches first, as AWS requires.
            if let Some(vpc) = world
                .ec2
                .internet_gateways
                .get(id)
                .and_then(|g| g.attached_vpc.as_deref())
            {
                lines.push(
                    Line::new("aws ec2 detach-internet-gateway")
                        .opt("--internet-gateway-id", id)
                        .opt("--vpc-id", vpc)
                        .done(),
                );
            }
            lines.push(
                Line::new("aws ec2 delete-internet-gateway")
                    .opt("--internet-gateway-id", id)
                    .done(),
            );
            lines
        },
    },
    Form {
        id: "delete-vpc",
        group: Group::Vpc,
        title: l("VPC を削除", "Delete VPC"),
        fields: &[field("vpc", VPC, Kind::Choice(Source::Vpcs), "--vpc-id")
            .codes(&["DependencyViolation"])],
        build: |v, _| {
            vec![Line::new("aws ec2 delete-vpc")
                .opt("--vpc-id", get(v, "vpc"))
                .done()]
        },
    },
    // ---- Added with the network ACL, task, operations and deployment-control forms.
    Form {
        id: "revoke-security-group-ingress",
        group: Group::Vpc,
        title: l("インバウンドルールを削除", "Delete inbound rule"),
        fields: &[
            field(
                "sg",
                l("セキュリティグループ", "Security group"),
                Kind::Choice(Source::SecurityGroups),
                "--group-id",
            ),
            field(
                "protocol",
                l("プロトコル", "Protocol"),
                Kind::Choice(Source::Words(PROTOCOLS)),
                "--protocol",
            ),
            field("port", l("ポート範囲", "Port range"), Kind::Text, "--port")
                .optional()
                .default("80")
                .codes(&["InvalidPermission.NotFound"]),
            field(
                "source",
                l(
                    "ソース（CIDR、またはセキュリティグループの名前か ID）",
                    "Source (a CIDR, or a security group's name or ID)",
                ),
                Kind::Text,
                "--cidr",
            )
            .default("0.0.0.0/0"),
        ],
        build: |v, w| vec![rule_line("aws ec2 revoke-security-group-ingress", v, w)],
    },
    Form {
        id: "create-network-acl",
        group: Group::Vpc,
        title: l("ネットワーク ACL を作成", "Create network ACL"),
        fields: &[
            field("name", NAME_TAG, Kind::Text, "--tag-specifications")
                .optional()
                .placeholder("private-acl"),
            field("vpc", VPC, Kind::Choice(Source::Vpcs), "--vpc-id"),
        ],
        build: |v, _| {
            vec![Line::new("aws ec2 create-network-acl")
                .opt("--vpc-id", get(v, "vpc"))
                .name_tag("network-acl", get(v, "name"))
                .done()]
        },
    },
    Form {
        id: "create-network-acl-entry",
        group: Group::Vpc,
        title: l("ネットワーク ACL のルールを追加", "Add network ACL rule"),
        fields: &[
            field(
                "acl",
                l("ネットワーク ACL", "Network ACL"),
                Kind::Choice(Source::NetworkAcls),
                "--network-acl-id",
            ),
            field(
                "direction",
                l("方向", "Direction"),
                Kind::Choice(Source::Words(&[
                    ("ingress", l("インバウンドルール", "Inbound rules")),
                    ("egress", l("アウトバウンドルール", "Outbound rules")),
                ])),
                "--egress",
            ),
            field(
                "rule_number",
                l("ルール番号", "Rule number"),
                Kind::Number,
                "--rule-number",
            )
            .default("100")
            .codes(&[
                "NetworkAclEntryAlreadyExists",
                "InvalidNetworkAclEntry.RuleNumber",
            ]),
            field(
                "protocol",
                l("プロトコル", "Protocol"),
                Kind::Choice(Source::Words(PROTOCOLS)),
                "--protocol",
            ),
            field(
                "ports",
                l(
                    "ポート範囲（例: 80 または 1024-65535）",
                    "Port range (80 or 1024-65535)",
                ),
                Kind::Text,
                "--port-range",
            )
            .optional()
            .default("80"),
            field(
                "cidr",
                l("送信元/送信先 CIDR", "Source/destination CIDR"),
                Kind::Text,
                "--cidr-block",
            )
            .default("0.0.0.0/0"),
            field(
                "action",
                l("許可/拒否", "Allow/Deny"),
                Kind::Choice(Source::Words(&[("allow", l("許可", "Allow")), ("deny", l("拒否", "Deny"))])),
                "--rule-action",
            ),
        ],
        build: |v, _| {
            let mut line = Line::new("aws ec2 create-network-acl-entry")
                .opt("--network-acl-id", get(v, "acl"))
                .opt("--rule-number", get(v, "rule_number"))
                .opt("--protocol", get(v, "protocol"));
            if get(v, "protocol") != "-1" && !get(v, "ports").is_empty() {
                let (from, to) = get(v, "ports")
                    .split_once('-')
                    .unwrap_or((get(v, "ports"), get(v, "ports")));
                line = line.opt(
                    "--port-range",
                    &format!("From={},To={}", from.trim(), to.trim()),
                );
            }
            line = line
                .opt("--cidr-block", get(v, "cidr"))
                .opt("--rule-action", get(v, "action"));
            line = if get(v, "direction") == "egress" {
                line.flag("--egress")
            } else {
                line.flag("--ingress")
            };
            vec![line.done()]
        },
    },
    Form {
        id: "replace-network-acl-association",
        group: Group::Vpc,
        title: l(
            "サブネットの関連付けを編集（ネットワーク ACL）",
            "Edit subnet associations (network ACL)",
        ),
        fields: &[
            field(
                "acl",
                l("ネットワーク ACL", "Network ACL"),
                Kind::Choice(Source::NetworkAcls),
                "--network-acl-id",
            ),
            field(
                "subnet",
                SUBNET,
                Kind::Choice(Source::Subnets),
                "--association-id",
            ),
        ],
        build: |v, world| {
            // The API takes the subnet's current association, not the subnet.
            let association = world
                .ec2
                .effective_network_acl(get(v, "subnet"))
                .and_then(|acl| {
                    acl.associations
                        .iter()
                        .find(|a| a.subnet_id == get(v, "subnet"))
                })
                .map_or_else(|| get(v, "subnet").to_string(), |a| a.id.clone());
            vec![Line::new("aws ec2 replace-network-acl-association")
                .opt("--association-id", &association)
                .opt("--network-acl-id", get(v, "acl"))
                .done()]
        },
    },
    Form {
        id: "push-image",
        group: Group::Ecr,
        title: l(
            "プッシュコマンドでイメージをプッシュ",
            "Push an image (view push commands)",
        ),
        fields: &[
            field(
                "repository",
                l("リポジトリ", "Repository"),
                Kind::Choice(Source::Repositories),
                "docker push",
            ),
            field(
                "tag",
                l("イメージタグ", "Image tag"),
                Kind::Text,
                "docker tag",
            )
            .default("latest")
            .codes(&["ImageTagAlreadyExistsException"]),
        ],
        build: |v, world| {
            let registry = format!(
                "{}.dkr.ecr.{}.amazonaws.com",
                world.account_id, world.region
            );
            let local = format!("{}:{}", get(v, "repository"), get(v, "tag"));
            let remote = format!("{registry}/{local}");
            vec![
                format!(
                    "aws ecr get-login-password --region {} | docker login --username AWS --password-stdin {registry}",
                    world.region
                ),
                format!("docker build -t {} .", quote(&local)),
                format!("docker tag {} {}", quote(&local), quote(&remote)),
                format!("docker push {}", quote(&remote)),
            ]
        },
    },
    Form {
        id: "update-cluster-settings",
        group: Group::Ecs,
        title: l(
            "クラスターを更新: モニタリング（Container Insights）",
            "Update cluster: monitoring (Container Insights)",
        ),
        fields: &[
            field(
                "cluster",
                CLUSTER,
                Kind::Choice(Source::Clusters),
                "--cluster",
            )
            .codes(&["ClusterNotFoundException"]),
            field(
                "insights",
                l("Container Insights", "Container Insights"),
                Kind::Choice(Source::Words(&[
                    ("enabled", l("有効", "enabled")),
                    ("enhanced", l("拡張（オブザーバビリティ強化）", "enhanced (observability)")),
                    ("disabled", l("無効", "disabled")),
                ])),
                "--settings",
            ),
        ],
        build: |v, _| {
            vec![Line::new("aws ecs update-cluster-settings")
                .opt("--cluster", get(v, "cluster"))
                .opt(
                    "--settings",
                    &format!("name=containerInsights,value={}", get(v, "insights")),
                )
                .done()]
        },
    },
    Form {
        id: "run-task",
        group: Group::Ecs,
        title: l("タスクを実行", "Run task"),
        fields: &[
            field(
                "cluster",
                CLUSTER,
                Kind::Choice(Source::Clusters),
                "--cluster",
            )
            .codes(&["ClusterNotFoundException"]),
            field(
                "task_definition",
                TASK_DEFINITION,
                Kind::Choice(Source::TaskDefinitions),
                "--task-definition",
            ),
            field(
                "count",
                l("タスク数", "Number of tasks"),
                Kind::Number,
                "--count",
            )
            .default("1"),
            field(
                "launch_type",
                l("起動タイプ", "Launch type"),
                Kind::Choice(Source::Fixed(&[("FARGATE", "FARGATE"), ("EC2", "EC2")])),
                "--launch-type",
            ),
            field(
                "subnets",
                l("サブネット（awsvpc）", "Subnets (awsvpc)"),
                Kind::Multi(Source::Subnets),
                "subnets",
            )
            .optional()
            .codes(&["InvalidSubnet"]),
            field(
                "security_groups",
                SECURITY_GROUPS,
                Kind::Multi(Source::SecurityGroups),
                "securityGroups",
            )
            .optional(),
            field(
                "public_ip",
                l("パブリック IP", "Public IP"),
                Kind::Choice(Source::Fixed(&[
                    ("DISABLED", "DISABLED"),
                    ("ENABLED", "ENABLED"),
                ])),
                "assignPublicIp",
            ),
            field(
                "exec",
                l(
                    "ECS Exec（execute-command）を有効にする",
                    "Turn on ECS Exec (execute-command)",
                ),
                Kind::Choice(Source::Words(YES_NO)),
                "--enable-execute-command",
            ),
        ],
        build: |v, _| {
            let mut line = Line::new("aws ecs run-task")
                .opt("--cluster", get(v, "cluster"))
                .opt("--task-definition", get(v, "task_definition"))
                .opt("--count", get(v, "count"))
                .opt("--launch-type", get(v, "launch_type"));
            // Tasks in bridge or host mode (EC2) take no network configuration.
            if !list(v, "subnets").is_empty() {
                line = line.opt(
                    "--network-configuration",
                    &format!(
                        "awsvpcConfiguration={{subnets=[{}],securityGroups=[{}],assignPublicIp={}}}",
                        list(v, "subnets").join(","),
                        list(v, "security_groups").join(","),
                        get(v, "public_ip"),
                    ),
                );
            }
            if get(v, "exec") == "yes" {
                line = line.flag("--enable-execute-command");
            }
            vec![line.done()]
        },
    },
    Form {
        id: "stop-task",
        group: Group::Ecs,
        title: l("タスクを停止", "Stop task"),
        fields: &[
            field(
                "task",
                l("タスク", "Task"),
                Kind::Choice(Source::Tasks),
                "--task",
            )
            .codes(&["InvalidParameterException"]),
            field(
                "reason",
                l("停止の理由", "Reason for stopping"),
                Kind::Text,
                "--reason",
            )
            .optional()
            .placeholder("Stopped from the sandbox"),
        ],
        build: |v, _| {
            let (cluster, task) = split_service(get(v, "task"));
            vec![Line::new("aws ecs stop-task")
                .opt("--cluster", cluster)
                .opt("--task", task)
                .maybe("--reason", get(v, "reason"))
                .done()]
        },
    },
    Form {
        id: "execute-command",
        group: Group::Ecs,
        title: l(
            "コンテナでコマンドを実行（ECS Exec）",
            "Run a command in a container (ECS Exec)",
        ),
        fields: &[
            field(
                "task",
                l("タスク", "Task"),
                Kind::Choice(Source::Tasks),
                "--task",
            )
            .codes(&["InvalidParameterException", "TargetNotConnectedException"]),
            field(
                "container",
                l(
                    "コンテナ名（コンテナが 1 つなら省略可）",
                    "Container (may be left out when the task has one)",
                ),
                Kind::Text,
                "--container",
            )
            .optional(),
            field("command", l("コマンド", "Command"), Kind::Text, "--command")
                .default("env")
                .placeholder("curl http://internal-backend-alb-…/"),
        ],
        build: |v, _| {
            let (cluster, task) = split_service(get(v, "task"));
            vec![Line::new("aws ecs execute-command")
                .opt("--cluster", cluster)
                .opt("--task", task)
                .maybe("--container", get(v, "container"))
                .flag("--interactive")
                .opt("--command", get(v, "command"))
                .done()]
        },
    },
    Form {
        id: "create-schedule",
        group: Group::Ecs,
        title: l(
            "タスクを定期実行（EventBridge Scheduler）",
            "Run a task on a schedule (EventBridge Scheduler)",
        ),
        fields: &[
            field(
                "name",
                l("スケジュール名", "Schedule name"),
                Kind::Text,
                "--name",
            )
            .placeholder("nightly-report")
            .codes(&["ConflictException"]),
            field(
                "expression",
                l("スケジュール式", "Schedule expression"),
                Kind::Text,
                "--schedule-expression",
            )
            .default("rate(10 minutes)")
            .placeholder("cron(0 9 * * ? *)"),
            field(
                "timezone",
                l("タイムゾーン", "Time zone"),
                Kind::Text,
                "--schedule-expression-timezone",
            )
            .optional()
            .placeholder("Asia/Tokyo"),
            field(
                "cluster",
                CLUSTER,
                Kind::Choice(Source::Clusters),
                "--target",
            ),
            field(
                "task_definition",
                TASK_DEFINITION,
                Kind::Choice(Source::TaskDefinitions),
                "--target",
            ),
            field(
                "role",
                l(
                    "スケジュールのロール（scheduler.amazonaws.com を信頼）",
                    "The schedule's role (trusting scheduler.amazonaws.com)",
                ),
                Kind::Choice(Source::Roles),
                "--target",
            ),
            field(
                "subnets",
                l("サブネット（awsvpc）", "Subnets (awsvpc)"),
                Kind::Multi(Source::Subnets),
                "--target",
            ),
            field(
                "public_ip",
                l("パブリック IP", "Public IP"),
                Kind::Choice(Source::Fixed(&[
                    ("DISABLED", "DISABLED"),
                    ("ENABLED", "ENABLED"),
                ])),
                "--target",
            ),
        ],
        build: |v, world| {
            let task_definition = format!(
                "arn:aws:ecs:{}:{}:task-definition/{}",
                world.region,
                world.account_id,
                get(v, "task_definition")
            );
            let target = serde_json::json!({
                "Arn": format!("arn:aws:ecs:{}:{}:cluster/{}", world.region, world.account_id, get(v, "cluster")),
                "RoleArn": get(v, "role"),
                "EcsParameters": {
                    "TaskDefinitionArn": task_definition,
                    "LaunchType": "FARGATE",
                    "NetworkConfiguration": { "awsvpcConfiguration": {
                        "Subnets": list(v, "subnets"),
                        "AssignPublicIp": get(v, "public_ip"),
                    } },
                },
            });
            vec![Line::new("aws scheduler create-schedule")
                .opt("--name", get(v, "name"))
                .opt("--schedule-expression", get(v, "expression"))
                .maybe("--schedule-expression-timezone", get(v, "timezone"))
                .opt("--flexible-time-window", "Mode=OFF")
                .opt("--target", &target.to_string())
                .done()]
        },
    },
    Form {
        id: "delete-schedule",
        group: Group::Ecs,
        title: l(
            "スケジュールを削除（EventBridge Scheduler）",
            "Delete schedule (EventBridge Scheduler)",
        ),
        fields: &[field(
            "name",
            l("スケジュール", "Schedule"),
            Kind::Choice(Source::Schedules),
            "--name",
        )
        .codes(&["ResourceNotFoundException"])],
        build: |v, _| {
            vec![Line::new("aws scheduler delete-schedule")
                .opt("--name", get(v, "name"))
                .done()]
        },
    },
    Form {
        id: "create-instance-profile",
        group: Group::Ecs,
        title: l(
            "インスタンスプロファイルを作成（IAM）",
            "Create instance profile (IAM)",
        ),
        fields: &[
            field(
                "name",
                l("インスタンスプロファイル名", "Instance profile name"),
                Kind::Text,
                "--instance-profile-name",
            )
            .default("ecsInstanceRole")
            .codes(&["EntityAlreadyExists"]),
            field(
                "role",
                l(
                    "ロール（ec2.amazonaws.com を信頼し、AmazonEC2ContainerServiceforEC2Role 付き）",
                    "Role (trusting ec2.amazonaws.com, with AmazonEC2ContainerServiceforEC2Role)",
                ),
                Kind::Choice(Source::RoleNames),
                "--role-name",
            ),
        ],
        build: |v, _| {
            vec![
                Line::new("aws iam create-instance-profile")
                    .opt("--instance-profile-name", get(v, "name"))
                    .done(),
                Line::new("aws iam add-role-to-instance-profile")
                    .opt("--instance-profile-name", get(v, "name"))
                    .opt("--role-name", get(v, "role"))
                    .done(),
            ]
        },
    },
    Form {
        id: "create-launch-template",
        group: Group::Ecs,
        title: l(
            "起動テンプレートを作成（ECS のコンテナインスタンス用）",
            "Create launch template (for ECS container instances)",
        ),
        fields: &[
            field(
                "name",
                l("起動テンプレート名", "Launch template name"),
                Kind::Text,
                "--launch-template-name",
            )
            .placeholder("ecs-learn")
            .codes(&[
                "InvalidLaunchTemplateName.AlreadyExistsException",
                "InvalidLaunchTemplateName.MalformedException",
            ]),
            field(
                "instance_type",
                l("インスタンスタイプ", "Instance type"),
                Kind::Choice(Source::Fixed(&[
                    ("t3.small", "t3.small (2 vCPU, 2 GiB)"),
                    ("t3.medium", "t3.medium (2 vCPU, 4 GiB)"),
                    ("t3.large", "t3.large (2 vCPU, 8 GiB)"),
                    ("m5.large", "m5.large (2 vCPU, 8 GiB)"),
                    ("c5.large", "c5.large (2 vCPU, 4 GiB)"),
                ])),
                "--launch-template-data",
            ),
            field(
                "profile",
                l("インスタンスプロファイル", "Instance profile"),
                Kind::Choice(Source::InstanceProfiles),
                "--launch-template-data",
            ),
            field(
                "cluster",
                l(
                    "参加するクラスター（ユーザーデータの ECS_CLUSTER）",
                    "Cluster to join (ECS_CLUSTER in the user data)",
                ),
                Kind::Choice(Source::Clusters),
                "--launch-template-data",
            ),
            field(
                "security_groups",
                SECURITY_GROUPS,
                Kind::Multi(Source::SecurityGroups),
                "--launch-template-data",
            )
            .optional(),
        ],
        build: |v, _| {
            let user_data = format!(
                "#!/bin/bash\necho ECS_CLUSTER={} >> /etc/ecs/ecs.config\n",
                get(v, "cluster")
            );
            let mut data = serde_json::json!({
                "ImageId": ecs_sim::ec2::launch_template::ECS_OPTIMIZED_AMI,
                "InstanceType": get(v, "instance_type"),
                "IamInstanceProfile": { "Name": get(v, "profile") },
                "UserData": ecs_sim::ec2::launch_template::encode_base64(user_data.as_bytes()),
            });
            let groups = list(v, "security_groups");
            if !groups.is_empty() {
                data["SecurityGroupIds"] = serde_json::json!(groups);
            }
            vec![Line::new("aws ec2 create-launch-template")
                .opt("--launch-template-name", get(v, "name"))
                .opt("--launch-template-data", &data.to_string())
                .done()]
        },
    },
    Form {
        id: "create-auto-scaling-group",
        group: Group::Ecs,
        title: l(
            "Auto Scaling グループを作成（EC2 Auto Scaling）",
            "Create Auto Scaling group (EC2 Auto Scaling)",
        ),
        fields: &[
            field(
                "name",
                l("Auto Scaling グループ名", "Auto Scaling group name"),
                Kind::Text,
                "--auto-scaling-group-name",
            )
            .placeholder("ecs-learn")
            .codes(&["AlreadyExists"]),
            field(
                "template",
                l("起動テンプレート", "Launch template"),
                Kind::Choice(Source::LaunchTemplates),
                "--launch-template",
            ),
            field("min", l("最小", "Minimum"), Kind::Number, "--min-size").default("0"),
            field("max", l("最大", "Maximum"), Kind::Number, "--max-size").default("4"),
            field(
                "desired",
                l("希望する容量", "Desired capacity"),
                Kind::Number,
                "--desired-capacity",
            )
            .default("0"),
            field(
                "subnets",
                l("サブネット（AZ ごとに 1 つ）", "Subnets (one per AZ)"),
                Kind::Multi(Source::Subnets),
                "--vpc-zone-identifier",
            ),
        ],
        build: |v, _| {
            vec![Line::new("aws autoscaling create-auto-scaling-group")
                .opt("--auto-scaling-group-name", get(v, "name"))
                .opt(
                    "--launch-template",
                    &format!("LaunchTemplateName={}", get(v, "template")),
                )
                .opt("--min-size", get(v, "min"))
                .opt("--max-size", get(v, "max"))
                .opt("--desired-capacity", get(v, "desired"))
                .opt("--vpc-zone-identifier", &list(v, "subnets").join(","))
                .done()]
        },
    },
    Form {
        id: "set-desired-capacity",
        group: Group::Ecs,
        title: l(
            "Auto Scaling グループの希望する容量を設定",
            "Set an Auto Scaling group's desired capacity",
        ),
        fields: &[
            field(
                "group",
                l("Auto Scaling グループ", "Auto Scaling group"),
                Kind::Choice(Source::AutoScalingGroupNames),
                "--auto-scaling-group-name",
            ),
            field(
                "desired",
                l("希望する容量", "Desired capacity"),
                Kind::Number,
                "--desired-capacity",
            ),
        ],
        build: |v, _| {
            vec![Line::new("aws autoscaling set-desired-capacity")
                .opt("--auto-scaling-group-name", get(v, "group"))
                .opt("--desired-capacity", get(v, "desired"))
                .done()]
        },
    },
    Form {
        id: "create-capacity-provider",
        group: Group::Ecs,
        title: l(
            "キャパシティプロバイダーを作成（Auto Scaling グループ）",
            "Create capacity provider (Auto Scaling group)",
        ),
        fields: &[
            field(
                "name",
                l("キャパシティプロバイダー名", "Capacity provider name"),
                Kind::Text,
                "--name",
            )
            .placeholder("asg-learn")
            .codes(&["ClientException"]),
            field(
                "group",
                l("Auto Scaling グループ", "Auto Scaling group"),
                Kind::Choice(Source::AutoScalingGroups),
                "--auto-scaling-group-provider",
            ),
            field(
                "scaling",
                l("マネージドスケーリング", "Managed scaling"),
                Kind::Choice(Source::Fixed(&[("ENABLED", "ENABLED"), ("DISABLED", "DISABLED")])),
                "--auto-scaling-group-provider",
            ),
            field(
                "target",
                l("ターゲット容量 %", "Target capacity %"),
                Kind::Number,
                "--auto-scaling-group-provider",
            )
            .default("100"),
            field(
                "cluster",
                l(
                    "関連付けるクラスター（今のプロバイダーに追加）",
                    "Cluster to associate it with (added to its providers)",
                ),
                Kind::Choice(Source::Clusters),
                "--cluster",
            )
            .optional(),
        ],
        build: |v, world| {
            let mut lines = vec![Line::new("aws ecs create-capacity-provider")
                .opt("--name", get(v, "name"))
                .opt(
                    "--auto-scaling-group-provider",
                    &format!(
                        "autoScalingGroupArn={},managedScaling={{status={},targetCapacity={}}}",
                        get(v, "group"),
                        get(v, "scaling"),
                        get(v, "target")
                    ),
                )
                .done()];
            let cluster = get(v, "cluster");
            if let Some(c) = world.ecs.clusters.get(cluster).filter(|c| c.active) {
                // PutClusterCapacityProviders replaces the list: keep what the cluster has.
                let mut providers = c.capacity_providers.clone();
                providers.push(get(v, "name").to_string());
                let strategy: Vec<String> = c
                    .default_strategy
                    .iter()
                    .map(|i| format!("capacityProvider={},weight={},base={}", i.capacity_provider, i.weight, i.base))
                    .collect();
                let mut line = Line::new("aws ecs put-cluster-capacity-providers")
                    .opt("--cluster", cluster)
                    .many("--capacity-providers", &providers.iter().map(String::as_str).collect::<Vec<_>>());
                line = if strategy.is_empty() {
                    line.opt("--default-capacity-provider-strategy", "[]")
                } else {
                    line.many("--default-capacity-provider-strategy", &strategy.iter().map(String::as_str).collect::<Vec<_>>())
                };
                lines.push(line.done());
            }
            lines
        },
    },
    Form {
        id: "put-retention-policy",
        group: Group::Ecs,
        title: l(
            "ロググループの保持期間を編集（CloudWatch Logs）",
            "Edit log group retention (CloudWatch Logs)",
        ),
        fields: &[
            field(
                "group",
                l("ロググループ", "Log group"),
                Kind::Choice(Source::LogGroups),
                "--log-group-name",
            )
            .codes(&["ResourceNotFoundException"]),
            field(
                "days",
                l("保持期間（日）", "Retention (days)"),
                Kind::Choice(Source::Fixed(&[
                    ("1", "1"),
                    ("3", "3"),
                    ("7", "7"),
                    ("14", "14"),
                    ("30", "30"),
                    ("90", "90"),
                    ("365", "365"),
                ])),
                "--retention-in-days",
            ),
        ],
        build: |v, _| {
            vec![Line::new("aws logs put-retention-policy")
                .opt("--log-group-name", get(v, "group"))
                .opt("--retention-in-days", get(v, "days"))
                .done()]
        },
    },
    Form {
        id: "attach-role-policy",
        group: Group::Ecs,
        title: l(
            "IAM ロールに許可を追加（ポリシーをアタッチ）",
            "IAM role: add permissions (attach policy)",
        ),
        fields: &[
            field(
                "role",
                l("ロール名", "Role name"),
                Kind::Choice(Source::RoleNames),
                "--role-name",
            )
            .codes(&["NoSuchEntity"]),
            field(
                "policy",
                l("許可ポリシー", "Permissions policy"),
                Kind::Choice(Source::Fixed(MANAGED_POLICIES)),
                "--policy-arn",
            ),
        ],
        build: |v, _| {
            vec![Line::new("aws iam attach-role-policy")
                .opt("--role-name", get(v, "role"))
                .opt("--policy-arn", get(v, "policy"))
                .done()]
        },
    },
    Form {
        id: "put-role-policy",
        group: Group::Ecs,
        title: l(
            "IAM ロールにインラインポリシーを作成",
            "IAM role: create inline policy",
        ),
        fields: &[
            field(
                "role",
                l("ロール名", "Role name"),
                Kind::Choice(Source::RoleNames),
                "--role-name",
            )
            .codes(&["NoSuchEntity"]),
            field(
                "name",
                l("ポリシー名", "Policy name"),
                Kind::Text,
                "--policy-name",
            )
            .default("read-secrets"),
            field(
                "action",
                l("アクション", "Action"),
                Kind::Text,
                "--policy-document",
            )
            .default("secretsmanager:GetSecretValue")
            .codes(&["MalformedPolicyDocument"]),
            field(
                "resource",
                l("リソース（ARN）", "Resource (ARN)"),
                Kind::Text,
                "Resource",
            )
            .default("*"),
        ],
        build: |v, _| {
            let actions: Vec<&str> = get(v, "action")
                .split([',', ' '])
                .filter(|a| !a.is_empty())
                .collect();
            let document = serde_json::json!({
                "Version": "2012-10-17",
                "Statement": [{
                    "Effect": "Allow",
                    "Action": actions,
                    "Resource": get(v, "resource"),
                }],
            });
            vec![Line::new("aws iam put-role-policy")
                .opt("--role-name", get(v, "role"))
                .opt("--policy-name", get(v, "name"))
                .opt("--policy-document", &document.to_string())
                .done()]
        },
    },
    Form {
        id: "create-deployment-config",
        group: Group::Ecs,
        title: l(
            "CodeDeploy: デプロイ設定を作成",
            "CodeDeploy: create deployment configuration",
        ),
        fields: &[
            field(
                "name",
                l("デプロイ設定名", "Deployment configuration name"),
                Kind::Text,
                "--deployment-config-name",
            )
            .placeholder("Canary25Percent3Minutes")
            .codes(&[
                "DeploymentConfigAlreadyExistsException",
                "InvalidDeploymentConfigNameException",
            ]),
            field(
                "type",
                l("タイプ", "Type"),
                Kind::Choice(Source::Words(&[
                    ("TimeBasedCanary", l("カナリア", "Canary")),
                    ("TimeBasedLinear", l("線形", "Linear")),
                    ("AllAtOnce", l("一度にすべて", "All at once")),
                ])),
                "--traffic-routing-config",
            ),
            field(
                "percentage",
                l("ステップ（%）", "Step (percentage)"),
                Kind::Number,
                "Percentage",
            )
            .default("10")
            .codes(&[
                "InvalidDeploymentConfigException",
                "InvalidTrafficRoutingConfigurationException",
            ]),
            field(
                "interval",
                l("間隔（分）", "Interval (minutes)"),
                Kind::Number,
                "Interval",
            )
            .default("5"),
        ],
        build: |v, _| {
            let config = match get(v, "type") {
                "TimeBasedCanary" => format!(
                    "type=TimeBasedCanary,timeBasedCanary={{canaryPercentage={},canaryInterval={}}}",
                    get(v, "percentage"),
                    get(v, "interval")
                ),
                "TimeBasedLinear" => format!(
                    "type=TimeBasedLinear,timeBasedLinear={{linearPercentage={},linearInterval={}}}",
                    get(v, "percentage"),
                    get(v, "interval")
                ),
                _ => "type=AllAtOnce".to_string(),
            };
            vec![Line::new("aws deploy create-deployment-config")
                .opt("--deployment-config-name", get(v, "name"))
                .opt("--compute-platform", "ECS")
                .opt("--traffic-routing-config", &config)
                .done()]
        },
    },
    Form {
        id: "continue-deployment",
        group: Group::Ecs,
        title: l(
            "CodeDeploy: トラフィックを再ルーティング / 元のタスクセットを終了",
            "CodeDeploy: reroute traffic / terminate the original task set",
        ),
        fields: &[
            field(
                "deployment",
                l("デプロイ", "Deployment"),
                Kind::Choice(Source::OpenDeployments),
                "--deployment-id",
            )
            .codes(&[
                "DeploymentIsNotInReadyStateException",
                "DeploymentDoesNotExistException",
            ]),
            field(
                "wait",
                l("待機", "Wait"),
                Kind::Choice(Source::Words(&[
                    ("READY_WAIT", l("READY_WAIT（今すぐ本番トラフィックを切り替える）", "READY_WAIT (reroute production traffic now)")),
                    (
                        "TERMINATION_WAIT",
                        l(
                            "TERMINATION_WAIT（今すぐ元のタスクを終了する）",
                            "TERMINATION_WAIT (end the original tasks now)",
                        ),
                    ),
                ])),
                "--deployment-wait-type",
            ),
        ],
        build: |v, _| {
            vec![Line::new("aws deploy continue-deployment")
                .opt("--deployment-id", get(v, "deployment"))
                .opt("--deployment-wait-type", get(v, "wait"))
                .done()]
        },
    },
    Form {
        id: "stop-deployment",
        group: Group::Ecs,
        title: l("CodeDeploy: デプロイを停止", "CodeDeploy: stop deployment"),
        fields: &[
            field(
                "deployment",
                l("デプロイ", "Deployment"),
                Kind::Choice(Source::OpenDeployments),
                "--deployment-id",
            )
            .codes(&[
                "DeploymentAlreadyCompletedException",
                "DeploymentDoesNotExistException",
            ]),
            field(
                "rollback",
                l("停止してロールバック", "Stop and roll back"),
                Kind::Choice(Source::Words(&[("yes", l("はい", "yes")), ("no", l("いいえ", "no"))])),
                "--auto-rollback-enabled",
            ),
        ],
        build: |v, _| {
            let line = Line::new("aws deploy stop-deployment")
                .opt("--deployment-id", get(v, "deployment"));
            let line = if get(v, "rollback") == "yes" {
                line.flag("--auto-rollback-enabled")
            } else {
                line.flag("--no-auto-rollback-enabled")
            };
            vec![line.done()]
        },
    },
    Form {
        id: "put-scheduled-action",
        group: Group::Ecs,
        title: l(
            "サービスの自動スケーリング: スケジュールされたアクション",
            "Service auto scaling: scheduled action",
        ),
        fields: &[
            field(
                "service",
                SERVICE,
                Kind::Choice(Source::Services),
                "--resource-id",
            )
            .codes(&["ObjectNotFoundException"]),
            field(
                "name",
                l("スケジュールされたアクション名", "Scheduled action name"),
                Kind::Text,
                "--scheduled-action-name",
            )
            .placeholder("weekday-morning"),
            field(
                "schedule",
                l("スケジュール", "Schedule"),
                Kind::Text,
                "--schedule",
            )
            .default("cron(0 9 ? * MON-FRI *)")
            .codes(&["ValidationException"]),
            field(
                "timezone",
                l("タイムゾーン", "Time zone"),
                Kind::Text,
                "--timezone",
            )
            .optional()
            .default("Asia/Tokyo"),
            field(
                "min",
                l("タスクの最小数", "Minimum number of tasks"),
                Kind::Number,
                "MinCapacity",
            )
            .optional()
            .default("2"),
            field(
                "max",
                l("タスクの最大数", "Maximum number of tasks"),
                Kind::Number,
                "MaxCapacity",
            )
            .optional()
            .default("6"),
        ],
        build: |v, _| {
            let mut action = Vec::new();
            if !get(v, "min").is_empty() {
                action.push(format!("MinCapacity={}", get(v, "min")));
            }
            if !get(v, "max").is_empty() {
                action.push(format!("MaxCapacity={}", get(v, "max")));
            }
            vec![
                Line::new("aws application-autoscaling put-scheduled-action")
                    .opt("--service-namespace", "ecs")
                    .opt("--scalable-dimension", "ecs:service:DesiredCount")
                    .opt("--resource-id", &format!("service/{}", get(v, "service")))
                    .opt("--scheduled-action-name", get(v, "name"))
                    .opt("--schedule", get(v, "schedule"))
                    .maybe("--timezone", get(v, "timezone"))
                    .opt("--scalable-target-action", &action.join(","))
                    .done(),
            ]
        },
    },
    Form {
        id: "put-step-scaling-policy",
        group: Group::Ecs,
        title: l(
            "サービスの自動スケーリング: ステップスケーリングポリシーと CloudWatch アラーム",
            "Service auto scaling: step scaling policy and its CloudWatch alarm",
        ),
        fields: &[
            field(
                "service",
                SERVICE,
                Kind::Choice(Source::Services),
                "--resource-id",
            )
            .codes(&["ObjectNotFoundException"]),
            field(
                "name",
                l("ポリシー名", "Policy name"),
                Kind::Text,
                "--policy-name",
            )
            .placeholder("cpu-steps"),
            field(
                "metric",
                l("メトリクス（AWS/ECS）", "Metric (AWS/ECS)"),
                Kind::Choice(Source::Fixed(&[
                    ("CPUUtilization", "CPUUtilization"),
                    ("MemoryUtilization", "MemoryUtilization"),
                ])),
                "--metric-name",
            ),
            field(
                "threshold",
                l(
                    "アラームのしきい値（%、より大きい）",
                    "Alarm threshold (%, greater than)",
                ),
                Kind::Number,
                "--threshold",
            )
            .default("70")
            .codes(&["ValidationError"]),
            field(
                "adjustment",
                l("追加するタスク数", "Tasks to add"),
                Kind::Number,
                "ScalingAdjustment",
            )
            .default("2")
            .codes(&["ValidationException"]),
            field(
                "cooldown",
                l("クールダウン（秒）", "Cooldown (seconds)"),
                Kind::Number,
                "Cooldown",
            )
            .default("120"),
        ],
        build: |v, _| {
            let (cluster, service) = split_service(get(v, "service"));
            let config = serde_json::json!({
                "AdjustmentType": "ChangeInCapacity",
                "Cooldown": get(v, "cooldown").parse::<u64>().unwrap_or(120),
                "MetricAggregationType": "Average",
                "StepAdjustments": [{
                    "MetricIntervalLowerBound": 0,
                    "ScalingAdjustment": get(v, "adjustment").parse::<i64>().unwrap_or(1),
                }],
            });
            // The alarm triggers the policy: its ARN goes in the alarm's actions.
            let policy = Line::new("aws application-autoscaling put-scaling-policy")
                .opt("--service-namespace", "ecs")
                .opt("--scalable-dimension", "ecs:service:DesiredCount")
                .opt("--resource-id", &format!("service/{}", get(v, "service")))
                .opt("--policy-name", get(v, "name"))
                .opt("--policy-type", "StepScaling")
                .opt("--step-scaling-policy-configuration", &config.to_string())
                .opt("--query", "PolicyARN")
                .opt("--output", "text")
                .done();
            let alarm = Line::new("aws cloudwatch put-metric-alarm")
                .opt(
                    "--alarm-name",
                    &format!("{service}-{}-high", get(v, "name")),
                )
                .opt("--namespace", "AWS/ECS")
                .opt("--metric-name", get(v, "metric"))
                .many(
                    "--dimensions",
                    &[
                        &format!("Name=ClusterName,Value={cluster}"),
                        &format!("Name=ServiceName,Value={service}"),
                    ],
                )
                .opt("--statistic", "Average")
                .opt("--period", "60")
                .opt("--evaluation-periods", "2")
                .opt("--threshold", get(v, "threshold"))
                .opt("--comparison-operator", "GreaterThanThreshold")
                .done();
            vec![
                format!("POLICY_ARN=$({policy})"),
                format!("{alarm} --alarm-actions \"$POLICY_ARN\""),
            ]
        },
    },
    // ---- Delete forms for the rest of what the model can create.
    Form {
        id: "delete-route",
        group: Group::Vpc,
        title: l("ルートを削除", "Delete route"),
        fields: &[
            field(
                "rt",
                ROUTE_TABLE,
                Kind::Choice(Source::RouteTables),
                "--route-table-id",
            ),
            field(
                "destination",
                l("送信先", "Destination"),
                Kind::Text,
                "--destination-cidr-block",
            )
            .default("0.0.0.0/0")
            .codes(&["InvalidRoute.NotFound"]),
        ],
        build: |v, _| {
            vec![Line::new("aws ec2 delete-route")
                .opt("--route-table-id", get(v, "rt"))
                .opt("--destination-cidr-block", get(v, "destination"))
                .done()]
        },
    },
    Form {
        id: "delete-route-table",
        group: Group::Vpc,
        title: l("ルートテーブルを削除", "Delete route table"),
        fields: &[field(
            "rt",
            ROUTE_TABLE,
            Kind::Choice(Source::RouteTables),
            "--route-table-id",
        )
        .codes(&["DependencyViolation"])],
        build: |v, _| {
            vec![Line::new("aws ec2 delete-route-table")
                .opt("--route-table-id", get(v, "rt"))
                .done()]
        },
    },
    Form {
        id: "delete-nat-gateway",
        group: Group::Vpc,
        title: l("NAT ゲートウェイを削除", "Delete NAT gateway"),
        fields: &[field(
            "nat",
            l("NAT ゲートウェイ", "NAT gateway"),
            Kind::Choice(Source::NatGateways),
            "--nat-gateway-id",
        )],
        build: |v, _| {
            vec![Line::new("aws ec2 delete-nat-gateway")
                .opt("--nat-gateway-id", get(v, "nat"))
                .done()]
        },
    },
    Form {
        id: "release-address",
        group: Group::Vpc,
        title: l("Elastic IP アドレスを解放", "Release Elastic IP address"),
        fields: &[field(
            "allocation",
            l("Elastic IP", "Elastic IP"),
            Kind::Choice(Source::Addresses),
            "--allocation-id",
        )
        .codes(&["InvalidIPAddress.InUse"])],
        build: |v, _| {
            vec![Line::new("aws ec2 release-address")
                .opt("--allocation-id", get(v, "allocation"))
                .done()]
        },
    },
    Form {
        id: "delete-vpc-endpoints",
        group: Group::Vpc,
        title: l("VPC エンドポイントを削除", "Delete VPC endpoint"),
        fields: &[field(
            "endpoint",
            l("VPC エンドポイント", "VPC endpoint"),
            Kind::Choice(Source::VpcEndpoints),
            "--vpc-endpoint-ids",
        )],
        build: |v, _| {
            vec![Line::new("aws ec2 delete-vpc-endpoints")
                .opt("--vpc-endpoint-ids", get(v, "endpoint"))
                .done()]
        },
    },
    Form {
        id: "delete-network-acl",
        group: Group::Vpc,
        title: l("ネットワーク ACL を削除", "Delete network ACL"),
        fields: &[field(
            "acl",
            l("ネットワーク ACL", "Network ACL"),
            Kind::Choice(Source::NetworkAcls),
            "--network-acl-id",
        )
        .codes(&["DependencyViolation", "InvalidParameterValue"])],
        build: |v, _| {
            vec![Line::new("aws ec2 delete-network-acl")
                .opt("--network-acl-id", get(v, "acl"))
                .done()]
        },
    },
    Form {
        id: "delete-repository",
        group: Group::Ecr,
        title: l("リポジトリを削除", "Delete repository"),
        fields: &[
            field(
                "repository",
                l("リポジトリ", "Repository"),
                Kind::Choice(Source::Repositories),
                "--repository-name",
            )
            .codes(&["RepositoryNotEmptyException"]),
            field(
                "force",
                l(
                    "イメージごと削除（--force）",
                    "Delete with its images (--force)",
                ),
                Kind::Choice(Source::Words(YES_NO)),
                "--force",
            ),
        ],
        build: |v, _| {
            let line = Line::new("aws ecr delete-repository")
                .opt("--repository-name", get(v, "repository"));
            let line = if get(v, "force") == "yes" {
                line.flag("--force")
            } else {
                line
            };
            vec![line.done()]
        },
    },
    Form {
        id: "delete-log-group",
        group: Group::Ecs,
        title: l(
            "ロググループを削除（CloudWatch Logs）",
            "Delete log group (CloudWatch Logs)",
        ),
        fields: &[field(
            "group",
            l("ロググループ", "Log group"),
            Kind::Choice(Source::LogGroups),
            "--log-group-name",
        )],
        build: |v, _| {
            vec![Line::new("aws logs delete-log-group")
                .opt("--log-group-name", get(v, "group"))
                .done()]
        },
    },
    Form {
        id: "delete-role",
        group: Group::Ecs,
        title: l("IAM ロールを削除", "Delete IAM role"),
        fields: &[field(
            "role",
            l("ロール名", "Role name"),
            Kind::Choice(Source::RoleNames),
            "--role-name",
        )
        .codes(&["DeleteConflict", "NoSuchEntity"])],
        build: |v, _| {
            vec![Line::new("aws iam delete-role")
                .opt("--role-name", get(v, "role"))
                .done()]
        },
    },
    Form {
        id: "delete-scaling-policy",
        group: Group::Ecs,
        title: l(
            "サービスの自動スケーリング: ポリシーを削除",
            "Service auto scaling: delete policy",
        ),
        fields: &[field(
            "policy",
            l("スケーリングポリシー", "Scaling policy"),
            Kind::Choice(Source::ScalingPolicies),
            "--policy-name",
        )
        .codes(&["ObjectNotFoundException"])],
        build: |v, _| {
            let (resource, name) = get(v, "policy")
                .split_once('|')
                .unwrap_or(("", get(v, "policy")));
            vec![
                Line::new("aws application-autoscaling delete-scaling-policy")
                    .opt("--service-namespace", "ecs")
                    .opt("--scalable-dimension", "ecs:service:DesiredCount")
                    .opt("--resource-id", resource)
                    .opt("--policy-name", name)
                    .done(),
            ]
        },
    },
    Form {
        id: "delete-scheduled-action",
        group: Group::Ecs,
        title: l(
            "サービスの自動スケーリング: スケジュールされたアクションを削除",
            "Service auto scaling: delete scheduled action",
        ),
        fields: &[field(
            "action",
            l("スケジュールされたアクション", "Scheduled action"),
            Kind::Choice(Source::ScheduledActions),
            "--scheduled-action-name",
        )
        .codes(&["ObjectNotFoundException"])],
        build: |v, _| {
            let (resource, name) = get(v, "action")
                .split_once('|')
                .unwrap_or(("", get(v, "action")));
            vec![
                Line::new("aws application-autoscaling delete-scheduled-action")
                    .opt("--service-namespace", "ecs")
                    .opt("--scalable-dimension", "ecs:service:DesiredCount")
                    .opt("--resource-id", resource)
                    .opt("--scheduled-action-name", name)
                    .done(),
            ]
        },
    },
    Form {
        id: "deregister-scalable-target",
        group: Group::Ecs,
        title: l(
            "サービスの自動スケーリングをオフにする",
            "Turn off service auto scaling",
        ),
        fields: &[field(
            "service",
            SERVICE,
            Kind::Choice(Source::Services),
            "--resource-id",
        )
        .codes(&["ObjectNotFoundException"])],
        build: |v, _| {
            vec![
                Line::new("aws application-autoscaling deregister-scalable-target")
                    .opt("--service-namespace", "ecs")
                    .opt("--scalable-dimension", "ecs:service:DesiredCount")
                    .opt("--resource-id", &format!("service/{}", get(v, "service")))
                    .done(),
            ]
        },
    },
    Form {
        id: "delete-alarms",
        group: Group::Ecs,
        title: l("CloudWatch アラームを削除", "Delete CloudWatch alarm"),
        fields: &[field(
            "alarm",
            l("アラーム", "Alarm"),
            Kind::Choice(Source::Alarms),
            "--alarm-names",
        )],
        build: |v, _| {
            vec![Line::new("aws cloudwatch delete-alarms")
                .opt("--alarm-names", get(v, "alarm"))
                .done()]
        },
    },
    Form {
        id: "delete-deployment-group",
        group: Group::Ecs,
        title: l(
            "CodeDeploy: デプロイグループを削除",
            "CodeDeploy: delete deployment group",
        ),
        fields: &[field(
            "group",
            l("デプロイグループ", "Deployment group"),
            Kind::Choice(Source::DeploymentGroups),
            "--deployment-group-name",
        )],
        build: |v, _| {
            let (application, group) = split_service(get(v, "group"));
            vec![Line::new("aws deploy delete-deployment-group")
                .opt("--application-name", application)
                .opt("--deployment-group-name", group)
                .done()]
        },
    },
    Form {
        id: "delete-application",
        group: Group::Ecs,
        title: l(
            "CodeDeploy: アプリケーションを削除",
            "CodeDeploy: delete application",
        ),
        fields: &[field(
            "application",
            l("アプリケーション", "Application"),
            Kind::Choice(Source::CodeDeployApplications),
            "--application-name",
        )],
        build: |v, _| {
            vec![Line::new("aws deploy delete-application")
                .opt("--application-name", get(v, "application"))
                .done()]
        },
    },
    Form {
        id: "delete-deployment-config",
        group: Group::Ecs,
        title: l(
            "CodeDeploy: デプロイ設定を削除",
            "CodeDeploy: delete deployment configuration",
        ),
        fields: &[field(
            "config",
            l("デプロイ設定", "Deployment configuration"),
            Kind::Choice(Source::CustomDeploymentConfigs),
            "--deployment-config-name",
        )
        .codes(&["DeploymentConfigInUseException"])],
        build: |v, _| {
            vec![Line::new("aws deploy delete-deployment-config")
                .opt("--deployment-config-name", get(v, "config"))
                .done()]
        },
    },
    // ---- Outbound rules, capacity providers, hook answers, images and policies.
    Form {
        id: "authorize-security-group-egress",
        group: Group::Vpc,
        title: l("アウトバウンドルールを追加", "Add outbound rule"),
        fields: &[
            field(
                "sg",
                l("セキュリティグループ", "Security group"),
                Kind::Choice(Source::SecurityGroups),
                "--group-id",
            ),
            field(
                "protocol",
                l("プロトコル", "Protocol"),
                Kind::Choice(Source::Words(PROTOCOLS)),
                "--protocol",
            ),
            field("port", l("ポート範囲", "Port range"), Kind::Text, "--port")
                .optional()
                .default("443")
                .codes(&["InvalidPermission.Duplicate"]),
            field(
                "source",
                l(
                    "送信先（CIDR またはセキュリティグループ ID）",
                    "Destination (CIDR or security group ID)",
                ),
                Kind::Text,
                "--cidr",
            )
            .default("0.0.0.0/0")
            .codes(&["InvalidGroup.NotFound"]),
        ],
        build: |v, w| vec![rule_line("aws ec2 authorize-security-group-egress", v, w)],
    },
    Form {
        id: "revoke-security-group-egress",
        group: Group::Vpc,
        title: l("アウトバウンドルールを削除", "Delete outbound rule"),
        fields: &[
            field(
                "sg",
                l("セキュリティグループ", "Security group"),
                Kind::Choice(Source::SecurityGroups),
                "--group-id",
            ),
            field(
                "protocol",
                l("プロトコル", "Protocol"),
                Kind::Choice(Source::Words(PROTOCOLS)),
                "--protocol",
            )
            .default("-1"),
            field("port", l("ポート範囲", "Port range"), Kind::Text, "--port").optional(),
            field(
                "source",
                l(
                    "送信先（CIDR またはセキュリティグループ ID）",
                    "Destination (CIDR or security group ID)",
                ),
                Kind::Text,
                "--cidr",
            )
            .default("0.0.0.0/0")
            .codes(&["InvalidPermission.NotFound"]),
        ],
        build: |v, w| vec![rule_line("aws ec2 revoke-security-group-egress", v, w)],
    },
    Form {
        id: "put-cluster-capacity-providers",
        group: Group::Ecs,
        title: l(
            "クラスターを更新: キャパシティプロバイダー（Fargate / Fargate Spot）",
            "Update cluster: capacity providers (Fargate / Fargate Spot)",
        ),
        fields: &[
            field(
                "cluster",
                CLUSTER,
                Kind::Choice(Source::Clusters),
                "--cluster",
            )
            .codes(&["ClusterNotFoundException"]),
            field(
                "base",
                l("FARGATE のベース", "FARGATE base"),
                Kind::Number,
                "base",
            )
            .default("1"),
            field(
                "fargate_weight",
                l("FARGATE のウェイト", "FARGATE weight"),
                Kind::Number,
                "weight",
            )
            .default("1"),
            field(
                "spot_weight",
                l("FARGATE_SPOT のウェイト", "FARGATE_SPOT weight"),
                Kind::Number,
                "--default-capacity-provider-strategy",
            )
            .default("3")
            .codes(&["InvalidParameterException"]),
        ],
        build: |v, _| {
            vec![Line::new("aws ecs put-cluster-capacity-providers")
                .opt("--cluster", get(v, "cluster"))
                .many("--capacity-providers", &["FARGATE", "FARGATE_SPOT"])
                .many(
                    "--default-capacity-provider-strategy",
                    &[
                        &format!(
                            "capacityProvider=FARGATE,base={},weight={}",
                            get(v, "base"),
                            get(v, "fargate_weight")
                        ),
                        &format!(
                            "capacityProvider=FARGATE_SPOT,weight={}",
                            get(v, "spot_weight")
                        ),
                    ],
                )
                .done()]
        },
    },
    Form {
        id: "put-lifecycle-event-hook-execution-status",
        group: Group::Ecs,
        title: l(
            "CodeDeploy: フックの結果を報告（Lambda 関数の代わりに）",
            "CodeDeploy: report a hook's result (as its Lambda function would)",
        ),
        fields: &[
            field(
                "hook",
                l("待機中のフック", "Waiting hook"),
                Kind::Choice(Source::PendingHooks),
                "--lifecycle-event-hook-execution-id",
            )
            .codes(&[
                "InvalidLifecycleEventHookExecutionIdException",
                "LifecycleEventAlreadyCompletedException",
            ]),
            field(
                "status",
                l("結果", "Status"),
                Kind::Choice(Source::Fixed(&[
                    ("Succeeded", "Succeeded"),
                    ("Failed", "Failed"),
                ])),
                "--status",
            ),
        ],
        build: |v, _| {
            let (deployment, execution) = get(v, "hook")
                .split_once('|')
                .unwrap_or(("", get(v, "hook")));
            vec![
                Line::new("aws deploy put-lifecycle-event-hook-execution-status")
                    .opt("--deployment-id", deployment)
                    .opt("--lifecycle-event-hook-execution-id", execution)
                    .opt("--status", get(v, "status"))
                    .done(),
            ]
        },
    },
    Form {
        id: "batch-delete-image",
        group: Group::Ecr,
        title: l("イメージを削除", "Delete image"),
        fields: &[field(
            "image",
            l("イメージ", "Image"),
            Kind::Choice(Source::Images),
            "--image-ids",
        )],
        build: |v, _| {
            let (repository, tag) = get(v, "image")
                .rsplit_once(':')
                .unwrap_or((get(v, "image"), "latest"));
            vec![Line::new("aws ecr batch-delete-image")
                .opt("--repository-name", repository)
                .opt("--image-ids", &format!("imageTag={tag}"))
                .done()]
        },
    },
    Form {
        id: "detach-role-policy",
        group: Group::Ecs,
        title: l(
            "IAM ロールの許可を削除（ポリシーをデタッチ）",
            "IAM role: remove permissions (detach policy)",
        ),
        fields: &[field(
            "attached",
            l("アタッチされたポリシー", "Attached policy"),
            Kind::Choice(Source::AttachedPolicies),
            "--policy-arn",
        )
        .codes(&["NoSuchEntity"])],
        build: |v, _| {
            let (role, arn) = get(v, "attached")
                .split_once('|')
                .unwrap_or(("", get(v, "attached")));
            vec![Line::new("aws iam detach-role-policy")
                .opt("--role-name", role)
                .opt("--policy-arn", arn)
                .done()]
        },
    },
];

/// The form with this id.
pub fn form(id: &str) -> Option<&'static Form> {
    FORMS.iter().find(|f| f.id == id)
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
