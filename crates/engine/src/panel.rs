//! The side panel's view for what is selected: its key facts, read from the
//! world, and the `aws` commands that show the same thing; "explain why"
//! (a health check's or an image pull's path hop by hop with the rule that
//! blocks it, or per container instance the requirement that ruled a task
//! out), in the learner's language; the forms that change it; a subnet's
//! address grid.

use ecs_protocol::panel::{Panel, PanelAction, PathView, Selection};
use ecs_protocol::{FormValues, Lang};
use ecs_sim::World;

/// The panel of `selection`, in `lang`; `None` when it no longer exists.
pub fn panel(world: &World, selection: &Selection, lang: Lang) -> Panel {
    let (heading, facts, commands) = describe(world, selection);
    let paths = explain(world, selection, lang);
    let blocking = paths.iter().find_map(|p| p.blocking.clone());
    let actions = form_actions(world, selection)
        .into_iter()
        .filter_map(|action| {
            let form = crate::forms::form(&action.id)?;
            Some(PanelAction {
                form_id: action.id,
                title: crate::forms::text(form.title),
                values: action.values,
            })
        })
        .collect();
    let addresses = match selection {
        Selection::Subnet(id) => Some(crate::subnet_grid::grid(world, id)),
        _ => None,
    };
    Panel {
        heading,
        facts,
        commands,
        paths,
        blocking,
        actions,
        addresses,
    }
}

/// A form to open on the selection, with the values it starts from.
struct OpenForm {
    id: String,
    values: FormValues,
}

impl OpenForm {
    fn new(id: &str) -> OpenForm {
        OpenForm {
            id: id.to_string(),
            values: FormValues::new(),
        }
    }

    fn with(mut self, key: &str, value: &str) -> OpenForm {
        self.values.insert(key.to_string(), value.to_string());
        self
    }
}

/// What a check of a trace decided, in Japanese: leads the model's detail
/// (which names the rules and addresses as AWS does, in English).
fn check_lead_ja(check: ecs_sim::ec2::Check, passed: bool) -> &'static str {
    use ecs_sim::ec2::Check;
    match (check, passed) {
        (Check::SecurityGroupEgress, true) => "セキュリティグループのアウトバウンドルールが許可",
        (Check::SecurityGroupEgress, false) => {
            "セキュリティグループのアウトバウンドルールに許可するものがない"
        }
        (Check::SecurityGroupIngress, true) => "セキュリティグループのインバウンドルールが許可",
        (Check::SecurityGroupIngress, false) => {
            "セキュリティグループのインバウンドルールに許可するものがない"
        }
        (Check::NetworkAclOutbound, true) => "ネットワーク ACL（アウトバウンド）が許可",
        (Check::NetworkAclOutbound, false) => "ネットワーク ACL（アウトバウンド）が拒否",
        (Check::NetworkAclInbound, true) => "ネットワーク ACL（インバウンド）が許可",
        (Check::NetworkAclInbound, false) => "ネットワーク ACL（インバウンド）が拒否",
        (Check::Route, true) => "ルートテーブルに経路がある",
        (Check::Route, false) => "ルートテーブルに使える経路がない",
        (Check::InternetGateway, true) => "インターネットゲートウェイを通れる",
        (Check::InternetGateway, false) => "インターネットゲートウェイを通れない",
        (Check::NatGateway, true) => "NAT ゲートウェイを通れる",
        (Check::NatGateway, false) => "NAT ゲートウェイを通れない",
        (Check::VpcEndpoint, true) => "VPC エンドポイントを通る",
        (Check::VpcEndpoint, false) => "VPC エンドポイントを使えない",
    }
}

/// Why a container instance could not take the task, in the learner's language.
fn rejection_text(rejection: &ecs_sim::ecs::placement::Rejection, lang: Lang) -> String {
    use ecs_sim::ecs::placement::Rejection;
    if lang == Lang::En {
        return rejection.explain();
    }
    match rejection {
        Rejection::NotActive { status } => format!(
            "インスタンスは {} で、新しいタスクを受け付けません。",
            status.as_str()
        ),
        Rejection::AgentDisconnected => "インスタンスの ECS エージェントが切断されています。".into(),
        Rejection::InsufficientCpu { needed, remaining } => format!(
            "タスクには {needed} CPU ユニットが必要ですが、インスタンスの残りは {remaining} です。"
        ),
        Rejection::InsufficientMemory { needed, remaining } => format!(
            "タスクには {needed} MiB のメモリが必要ですが、インスタンスの残りは {remaining} MiB です。"
        ),
        Rejection::PortInUse { port, protocol } => format!(
            "ホストポート {port}/{} はインスタンスで使用中です。",
            protocol.as_str()
        ),
        Rejection::ConstraintNotMet { description, .. } => {
            format!("インスタンスが制約 {description} を満たしていません。")
        }
    }
}

/// A trace as the panel draws it: in Japanese each check leads with what it
/// decided; the detail keeps AWS's names for the rules and resources.
fn path_view(world: &World, title: String, trace: &ecs_sim::ec2::Trace, lang: Lang) -> PathView {
    PathView {
        title,
        reachable: trace.reachable,
        hops: trace
            .hops
            .iter()
            .map(|h| {
                let detail = with_group_names(world, &h.detail);
                let text = match lang {
                    Lang::En => detail,
                    Lang::Ja => format!("{}: {detail}", check_lead_ja(h.check, h.passed)),
                };
                (h.passed, text)
            })
            .collect(),
        blocking: trace
            .blocking()
            .map(|h| h.resource.clone())
            .filter(|r| !r.is_empty()),
    }
}

/// `sg-…` ids in a hop's detail followed by the group's name (`sg-0abc (alb-sg)`):
/// the learner named the group, and the model speaks in ids as AWS does.
fn with_group_names(world: &World, detail: &str) -> String {
    let mut out = String::with_capacity(detail.len());
    let mut rest = detail;
    while let Some(at) = rest.find("sg-") {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        let end = from[3..]
            .find(|c: char| !c.is_ascii_hexdigit())
            .map_or(from.len(), |n| n + 3);
        let id = &from[..end];
        out.push_str(id);
        if let Some(group) = world.ec2.security_groups.get(id) {
            out.push_str(&format!(" ({})", group.name));
        }
        rest = &from[end..];
    }
    out.push_str(rest);
    out
}

/// The first blocking rule among the selection's explanations: what the diagram outlines.
pub fn blocking_resource(world: &World, selection: &Selection) -> Option<String> {
    explain(world, selection, Lang::En)
        .into_iter()
        .find_map(|p| p.blocking)
}

/// The image pull's paths, when the task stopped because its image (or the
/// registry's credentials, or its log stream) could not be reached.
fn explain_pull(world: &World, task_id: &str, lang: Lang) -> Vec<PathView> {
    let failed_pull = world.ecs.tasks.get(task_id).is_some_and(|t| {
        t.stopped_reason.as_deref().is_some_and(|r| {
            r.contains("CannotPullContainerError") || r.contains("ResourceInitializationError")
        })
    });
    if !failed_pull {
        return Vec::new();
    }
    world
        .explain_image_pull(task_id)
        .into_iter()
        .map(|p| {
            let title = match lang {
                Lang::En => format!("image pull → {}", p.purpose),
                Lang::Ja => format!("イメージの取得 → {}", p.purpose),
            };
            path_view(world, title, &p.trace, lang)
        })
        .collect()
}

/// The service's tasks, in any state.
fn service_tasks<'a>(
    world: &'a World,
    service: &'a ecs_sim::ecs::service::Service,
) -> impl Iterator<Item = &'a ecs_sim::ecs::task::Task> + 'a {
    world
        .ecs
        .tasks
        .values()
        .filter(move |t| t.of_service(&service.cluster, &service.name))
}

/// Why: for a task, each target's health check path and a failed pull's
/// paths; for a service, why its last task could not be placed (per container
/// instance, the requirement that ruled it out) and why its latest stopped
/// task could not pull.
pub fn explain(world: &World, selection: &Selection, lang: Lang) -> Vec<PathView> {
    match selection {
        Selection::Task(id) => {
            let mut out: Vec<PathView> = world
                .explain_task_targets(id)
                .into_iter()
                .map(|e| {
                    path_view(
                        world,
                        format!("{} → :{} ({}: {})", e.from, e.port, e.target_group, e.state),
                        &e.trace,
                        lang,
                    )
                })
                .collect();
            out.extend(explain_pull(world, id, lang));
            out
        }
        Selection::TargetGroup(arn) => {
            let Ok(group) = world.elb.target_group(arn) else {
                return Vec::new();
            };
            // Each task registered in the group: the health check's path to it,
            // the unhealthy ones first (that is what the learner came to see).
            let mut paths: Vec<PathView> = world
                .ecs
                .tasks
                .values()
                .filter(|t| t.targets.iter().any(|r| &r.target_group_arn == arn))
                .flat_map(|t| {
                    world
                        .explain_task_targets(&t.id)
                        .into_iter()
                        .filter(|e| e.target_group == group.name)
                        .map(|e| {
                            path_view(
                                world,
                                format!(
                                    "{} → :{} ({}: {})",
                                    e.from, e.port, e.target_group, e.state
                                ),
                                &e.trace,
                                lang,
                            )
                        })
                        .collect::<Vec<_>>()
                })
                .collect();
            paths.sort_by_key(|p| p.reachable);
            paths.truncate(6);
            paths
        }
        Selection::Service(key) => {
            let Some(service) = world.ecs.services.get(key) else {
                return Vec::new();
            };
            let mut out = Vec::new();
            if let Some(unplaceable) = &service.last_unplaceable {
                let hops = if unplaceable.rejections.is_empty() {
                    let text = match lang {
                        Lang::En => "No container instance is registered in the cluster.",
                        Lang::Ja => "クラスターにコンテナインスタンスが登録されていません。",
                    };
                    vec![(false, text.to_string())]
                } else {
                    unplaceable
                        .rejections
                        .iter()
                        .map(|r| {
                            (
                                false,
                                format!(
                                    "{} ({}): {}",
                                    r.container_instance_id(),
                                    r.ec2_instance_id,
                                    rejection_text(&r.rejection, lang)
                                ),
                            )
                        })
                        .collect()
                };
                out.push(PathView {
                    title: match lang {
                        Lang::En => {
                            "placement: no container instance met all of the task's requirements"
                        }
                        Lang::Ja => {
                            "配置: タスクの要件をすべて満たすコンテナインスタンスがありません"
                        }
                    }
                    .into(),
                    reachable: false,
                    hops,
                    blocking: None,
                });
            }
            let latest_stopped = service_tasks(world, service)
                .filter(|t| t.is_stopped())
                .max_by_key(|t| (t.stopped_at, t.id.clone()));
            if let Some(task) = latest_stopped {
                out.extend(explain_pull(world, &task.id, lang));
            }
            out
        }
        _ => Vec::new(),
    }
}

/// (label, value) facts and the equivalent commands.
pub fn describe(
    world: &World,
    selection: &Selection,
) -> (String, Vec<(String, String)>, Vec<String>) {
    match selection {
        Selection::Vpc(id) => {
            let Some(vpc) = world.ec2.vpcs.get(id) else {
                return (id.clone(), Vec::new(), Vec::new());
            };
            let subnets = world
                .ec2
                .subnets
                .values()
                .filter(|s| &s.vpc_id == id)
                .count();
            let facts = vec![
                ("VpcId".into(), vpc.id.clone()),
                (
                    "CidrBlock".into(),
                    vpc.cidr_blocks
                        .first()
                        .map(|b| b.cidr.to_string())
                        .unwrap_or_default(),
                ),
                ("IsDefault".into(), vpc.is_default.to_string()),
                ("Subnets".into(), subnets.to_string()),
            ];
            (
                format!("VPC {id}"),
                facts,
                vec![
                    format!("aws ec2 describe-vpcs --vpc-ids {id}"),
                    format!("aws ec2 describe-subnets --filters Name=vpc-id,Values={id} --query 'Subnets[].[SubnetId,CidrBlock,AvailabilityZone,AvailableIpAddressCount]' --output table"),
                ],
            )
        }
        Selection::Subnet(id) => {
            let Some(subnet) = world.ec2.subnets.get(id) else {
                return (id.clone(), Vec::new(), Vec::new());
            };
            let tasks = world
                .ecs
                .tasks
                .values()
                .filter(|t| {
                    !t.is_stopped() && t.network.as_ref().is_some_and(|n| &n.subnet_id == id)
                })
                .count();
            let facts = vec![
                ("SubnetId".into(), subnet.id.clone()),
                ("CidrBlock".into(), subnet.cidr.to_string()),
                ("AvailabilityZone".into(), subnet.availability_zone.clone()),
                (
                    "Route to the internet".into(),
                    if world.ec2.is_public_subnet(id) {
                        "internet gateway (public)"
                    } else {
                        "none (private)"
                    }
                    .into(),
                ),
                (
                    "AvailableIpAddressCount".into(),
                    world.ec2.available_ip_count(subnet).to_string(),
                ),
                ("Tasks".into(), tasks.to_string()),
            ];
            (
                format!("Subnet {id}"),
                facts,
                vec![
                    format!("aws ec2 describe-subnets --subnet-ids {id}"),
                    format!("aws ec2 describe-route-tables --filters Name=association.subnet-id,Values={id} --query 'RouteTables[].Routes'"),
                ],
            )
        }
        Selection::TargetGroup(arn) => {
            let Ok(group) = world.elb.target_group(arn) else {
                return (arn.clone(), Vec::new(), Vec::new());
            };
            let healthy = group
                .targets
                .iter()
                .filter(|t| t.state == ecs_sim::elb::TargetState::Healthy)
                .count();
            let facts = vec![
                ("TargetGroupName".into(), group.name.clone()),
                (
                    "Protocol:Port".into(),
                    format!("{}:{}", group.protocol.as_str(), group.port),
                ),
                ("TargetType".into(), group.target_type.as_str().to_string()),
                (
                    "HealthCheckPath".into(),
                    group
                        .health_check
                        .path
                        .clone()
                        .unwrap_or_else(|| "—".into()),
                ),
                (
                    "healthy targets".into(),
                    format!("{healthy} of {}", group.targets.len()),
                ),
            ];
            (
                format!("Target group {}", group.name),
                facts,
                vec![
                    format!("aws elbv2 describe-target-health --target-group-arn {arn}"),
                    format!("aws elbv2 describe-target-groups --target-group-arns {arn}"),
                ],
            )
        }
        Selection::LoadBalancer(arn) => {
            let Ok(lb) = world.elb.load_balancer(arn) else {
                return (arn.clone(), Vec::new(), Vec::new());
            };
            let mut facts = vec![
                ("LoadBalancerName".into(), lb.name.clone()),
                ("DNSName".into(), lb.dns_name.clone()),
                ("Type".into(), format!("{:?}", lb.lb_type).to_lowercase()),
            ];
            for listener in world
                .elb
                .listeners
                .values()
                .filter(|l| &l.load_balancer_arn == arn)
            {
                let weights = world.elb.forward_weights(&listener.arn, "/", "");
                let total: u32 = weights.iter().map(|(_, w)| *w).sum();
                let to: Vec<String> = weights
                    .iter()
                    .map(|(g, w)| {
                        let name = world
                            .elb
                            .target_group(g)
                            .map(|g| g.name.clone())
                            .unwrap_or_default();
                        format!("{name} {}%", (w * 100).checked_div(total).unwrap_or(0))
                    })
                    .collect();
                facts.push((
                    format!("Listener {} :{}", listener.protocol, listener.port),
                    to.join(" · "),
                ));
            }
            (
                format!("Load balancer {}", lb.name),
                facts,
                vec![
                    format!("aws elbv2 describe-listeners --load-balancer-arn {arn}"),
                    format!("aws elbv2 describe-target-groups --load-balancer-arn {arn} --query 'TargetGroups[].[TargetGroupName,TargetType,HealthCheckPath]' --output table"),
                ],
            )
        }
        Selection::Task(id) => {
            let Some(task) = world.ecs.tasks.get(id) else {
                return (
                    format!("Task {id}"),
                    vec![(
                        "lastStatus".into(),
                        "gone (stopped over an hour ago)".into(),
                    )],
                    Vec::new(),
                );
            };
            let mut facts = vec![
                ("taskArn".into(), task.id.clone()),
                ("group".into(), task.group.clone()),
                (
                    "taskDefinition".into(),
                    task.task_definition_arn
                        .rsplit('/')
                        .next()
                        .unwrap_or_default()
                        .to_string(),
                ),
                ("lastStatus".into(), task.last_status.name().to_string()),
                (
                    "healthStatus".into(),
                    task.health_status(world.now).to_string(),
                ),
                ("availabilityZone".into(), task.availability_zone.clone()),
            ];
            if let Some(ip) = task.network.as_ref().and_then(|n| n.private_ip) {
                facts.push(("privateIPv4Address".into(), ip.to_string()));
            }
            if let Some(by) = &task.started_by {
                facts.push(("startedBy".into(), by.clone()));
            }
            for target in &task.targets {
                let state = world
                    .elb
                    .target_group(&target.target_group_arn)
                    .ok()
                    .and_then(|g| {
                        g.target(&target.target)
                            .map(|t| (g.name.clone(), t.state.as_str()))
                    });
                if let Some((group, state)) = state {
                    facts.push((format!("target in {group}"), state.to_string()));
                }
            }
            if let Some(reason) = &task.stopped_reason {
                facts.push(("stoppedReason".into(), reason.clone()));
            }
            (
                format!("Task {id}"),
                facts,
                vec![
                    format!("aws ecs describe-tasks --cluster {} --tasks {id}", task.cluster),
                    format!("aws ecs describe-tasks --cluster {} --tasks {id} --query 'tasks[0].[lastStatus,healthStatus,stoppedReason]'", task.cluster),
                ],
            )
        }
        Selection::Service(key) => {
            let Some(service) = world.ecs.services.get(key) else {
                return (key.clone(), Vec::new(), Vec::new());
            };
            let tasks: Vec<_> = service_tasks(world, service)
                .filter(|t| !t.is_stopped())
                .collect();
            let running = tasks
                .iter()
                .filter(|t| t.last_status == ecs_sim::ecs::task::TaskStatus::Running)
                .count();
            let mut facts = vec![
                ("desiredCount".into(), service.desired_count.to_string()),
                ("runningCount".into(), running.to_string()),
                ("pendingCount".into(), (tasks.len() - running).to_string()),
                (
                    "taskDefinition".into(),
                    service
                        .task_definition_arn
                        .rsplit('/')
                        .next()
                        .unwrap_or_default()
                        .to_string(),
                ),
                (
                    "launchType".into(),
                    format!("{:?}", service.launch_type).to_uppercase(),
                ),
                (
                    "deploymentController".into(),
                    service.deployment_controller.clone(),
                ),
            ];
            if let Some(event) = service.events.first() {
                facts.push(("latest event".into(), event.message.clone()));
            }
            let (cluster, name) = (&service.cluster, &service.name);
            (
                format!("Service {key}"),
                facts,
                vec![
                    format!("aws ecs describe-services --cluster {cluster} --services {name} --query 'services[0].[status,desiredCount,runningCount,pendingCount]'"),
                    format!("aws ecs describe-services --cluster {cluster} --services {name} --query 'services[0].events[:5].message'"),
                    format!("aws ecs list-tasks --cluster {cluster} --service-name {name} --desired-status STOPPED"),
                ],
            )
        }
    }
}

/// The forms that change or delete the selected resource, opened on it.
fn form_actions(world: &World, selection: &Selection) -> Vec<OpenForm> {
    match selection {
        Selection::Vpc(id) => vec![
            OpenForm::new("create-subnet").with("vpc", id),
            OpenForm::new("create-security-group").with("vpc", id),
            OpenForm::new("modify-vpc-attribute").with("vpc", id),
            OpenForm::new("create-vpc-endpoint").with("vpc", id),
            OpenForm::new("delete-vpc").with("vpc", id),
        ],
        Selection::Subnet(id) => vec![
            OpenForm::new("modify-subnet-attribute").with("subnet", id),
            OpenForm::new("associate-route-table").with("subnet", id),
            OpenForm::new("replace-network-acl-association").with("subnet", id),
            OpenForm::new("delete-subnet").with("subnet", id),
        ],
        Selection::TargetGroup(arn) => vec![
            OpenForm::new("modify-target-group").with("target_group", arn),
            OpenForm::new("delete-target-group").with("target_group", arn),
        ],
        Selection::LoadBalancer(arn) => vec![
            OpenForm::new("create-listener").with("lb", arn),
            OpenForm::new("delete-load-balancer").with("lb", arn),
        ],
        Selection::Service(key) => vec![
            OpenForm::new("update-service").with("service", key),
            OpenForm::new("register-scalable-target").with("service", key),
            OpenForm::new("put-scaling-policy").with("service", key),
            OpenForm::new("put-step-scaling-policy").with("service", key),
            OpenForm::new("put-scheduled-action").with("service", key),
            OpenForm::new("delete-service").with("service", key),
        ],
        Selection::Task(id) => world
            .ecs
            .tasks
            .get(id)
            .filter(|t| !t.is_stopped())
            .map(|t| {
                let task = format!("{}/{}", t.cluster, t.id);
                vec![
                    OpenForm::new("execute-command").with("task", &task),
                    OpenForm::new("stop-task").with("task", &task),
                ]
            })
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ecs_sim::console::Console;

    const NO_WAY_OUT: &str = "VPC=$(aws ec2 create-vpc --cidr-block 10.0.0.0/16 --query Vpc.VpcId --output text)
P=$(aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.1.0/24 --availability-zone ap-northeast-1a --query Subnet.SubnetId --output text)
aws ecs create-cluster --cluster-name learn
aws ecs register-task-definition --family web --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --container-definitions 'name=web,image=nginx'
aws ecs create-service --cluster learn --service-name web --task-definition web --desired-count 1 --launch-type FARGATE --network-configuration \"awsvpcConfiguration={subnets=[$P],assignPublicIp=DISABLED}\"
sim advance 3m";

    /// The issue a learner hit: "0/1 healthy", and why is one click on the
    /// target group away, naming the group that lacks the rule by its name.
    #[test]
    fn a_target_groups_panel_explains_its_unhealthy_targets() {
        let mut console = Console::default();
        let out = console.run("A=$(aws ec2 describe-subnets --filters Name=default-for-az,Values=true Name=availability-zone,Values=ap-northeast-1a --query 'Subnets[0].SubnetId' --output text)
C=$(aws ec2 describe-subnets --filters Name=default-for-az,Values=true Name=availability-zone,Values=ap-northeast-1c --query 'Subnets[0].SubnetId' --output text)
VPC=$(aws ec2 describe-subnets --subnet-ids $A --query 'Subnets[0].VpcId' --output text)
ALB_SG=$(aws ec2 create-security-group --group-name alb-sg --description alb --vpc-id $VPC --query GroupId --output text)
aws ec2 authorize-security-group-ingress --group-id $ALB_SG --protocol tcp --port 80 --cidr 0.0.0.0/0
TASK_SG=$(aws ec2 create-security-group --group-name task-sg --description task --vpc-id $VPC --query GroupId --output text)
LB=$(aws elbv2 create-load-balancer --name web --subnets $A $C --security-groups $ALB_SG --query 'LoadBalancers[0].LoadBalancerArn' --output text)
TG=$(aws elbv2 create-target-group --name web --protocol HTTP --port 80 --vpc-id $VPC --target-type ip --query 'TargetGroups[0].TargetGroupArn' --output text)
aws elbv2 create-listener --load-balancer-arn $LB --protocol HTTP --port 80 --default-actions Type=forward,TargetGroupArn=$TG
aws ecs create-cluster --cluster-name learn
aws ecs register-task-definition --family web --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --container-definitions 'name=web,image=nginx,portMappings=[{containerPort=80}]'
aws ecs create-service --cluster learn --service-name web --task-definition web --desired-count 1 --launch-type FARGATE --network-configuration \"awsvpcConfiguration={subnets=[$A,$C],securityGroups=[$TASK_SG],assignPublicIp=ENABLED}\" --load-balancers targetGroupArn=$TG,containerName=web,containerPort=80
sim advance 2m");
        assert_eq!(out.status, 0, "{}", out.stderr);
        let tg = console.vars["TG"].clone();
        let view = panel(&console.world, &Selection::TargetGroup(tg), Lang::En);
        assert_eq!(view.heading, "Target group web");
        let path = view.paths.first().expect("the target's health check path");
        assert!(!path.reachable);
        let blocked = path.hops.iter().find(|(ok, _)| !ok).expect("a blocked hop");
        assert!(blocked.1.contains("(task-sg)"), "{}", blocked.1);
        assert_eq!(
            view.blocking.as_deref(),
            Some(console.vars["TASK_SG"].as_str())
        );
        assert!(view
            .actions
            .iter()
            .any(|a| a.form_id == "modify-target-group"));
    }

    #[test]
    fn security_groups_are_named_beside_their_ids() {
        let mut console = Console::default();
        let out = console.run("VPC=$(aws ec2 create-vpc --cidr-block 10.0.0.0/24 --query Vpc.VpcId --output text)\nSG=$(aws ec2 create-security-group --group-name alb-sg --description alb --vpc-id $VPC --query GroupId --output text)");
        assert_eq!(out.status, 0, "{}", out.stderr);
        let id = console.vars["SG"].clone();
        let detail =
            format!("no inbound rule of {id} allows tcp 80 from sg-0123456789abcdef0, {id}.");
        assert_eq!(
            with_group_names(&console.world, &detail),
            format!("no inbound rule of {id} (alb-sg) allows tcp 80 from sg-0123456789abcdef0, {id} (alb-sg).")
        );
        assert_eq!(with_group_names(&console.world, "sg-"), "sg-");
    }

    #[test]
    fn a_failed_pull_is_explained_in_both_languages_and_names_the_blocking_rule() {
        let mut console = Console::default();
        assert_eq!(console.run(NO_WAY_OUT).status, 0);
        let service = Selection::Service("learn/web".into());
        let en = explain(&console.world, &service, Lang::En);
        let ja = explain(&console.world, &service, Lang::Ja);
        assert!(!en.is_empty());
        assert_eq!(en.len(), ja.len());
        assert!(en[0].title.starts_with("image pull → "), "{}", en[0].title);
        assert!(
            ja[0].title.starts_with("イメージの取得 → "),
            "{}",
            ja[0].title
        );
        let blocked_ja = ja[0].hops.iter().find(|(ok, _)| !ok).unwrap();
        assert!(
            blocked_ja
                .1
                .starts_with("ルートテーブルに使える経路がない: "),
            "{}",
            blocked_ja.1
        );
        // The Japanese lead is followed by the same detail the English shows.
        let blocked_en = en[0].hops.iter().find(|(ok, _)| !ok).unwrap();
        assert!(blocked_ja.1.ends_with(&blocked_en.1));
        // The VPC's main route table is the rule, and the diagram outlines it.
        let rule = blocking_resource(&console.world, &service).unwrap();
        let main = console
            .world
            .ec2
            .effective_route_table(
                &console
                    .world
                    .ec2
                    .subnets
                    .keys()
                    .find(|id| console.world.ec2.subnets[*id].cidr.to_string() == "10.0.1.0/24")
                    .unwrap()
                    .clone(),
            )
            .unwrap()
            .id
            .clone();
        assert_eq!(rule, main);
    }

    #[test]
    fn every_placement_rejection_reads_in_japanese_too() {
        use ecs_sim::ecs::placement::Rejection;
        let rejection = Rejection::InsufficientMemory {
            needed: 512,
            remaining: 256,
        };
        assert!(rejection_text(&rejection, Lang::En).contains("512 MiB"));
        let ja = rejection_text(&rejection, Lang::Ja);
        assert!(ja.contains("512 MiB") && ja.contains("メモリ"), "{ja}");
    }
}
