//! The architecture diagram as data: laid out from the world every time it
//! changes (never stored), so it cannot drift from the model. Region → VPC
//! (CIDR, internet gateway) → load balancers with their listeners → target
//! groups (arrows carry each listener's live traffic share) → one column per
//! Availability Zone → subnets (CIDR, public or private, free addresses, NAT
//! gateways) → tasks, each joined to the target groups it is registered in.
//! A task sits on the cell of its IP address inside its subnet, so the
//! picture stays still as tasks come and go. Every element carries the ids
//! of the resources that decide its traffic (security groups, network ACL,
//! route table), so an explanation's blocking rule can be found in the
//! picture. The component only draws this.

use ecs_sim::ecs::task::{Task, TaskStatus};
use ecs_sim::World;

pub use ecs_protocol::diagram::*;

const MAX_ROWS: u64 = 16;
const SUBNET_HEADER: f64 = 40.0;
const PAD: f64 = 12.0;
const ZONE_WIDTH: f64 = CELLS_PER_ROW as f64 * TASK_CELL + 2.0 * PAD + 8.0;
const LB_HEIGHT: f64 = 54.0;
/// Room between the load balancers and their target groups for the arrows' labels.
const ARROW_GAP: f64 = 26.0;
/// An instance row: its label, then its tasks' dots.
const INSTANCE_ROW: f64 = 18.0;
const INSTANCE_LABEL: f64 = 118.0;

/// A task's dot at (x, y); its tooltip says its service, status and `place`
/// (its address, or the instance it runs on).
fn dot(world: &World, task: &Task, x: f64, y: f64, place: &str) -> TaskDot {
    TaskDot {
        id: task.id.clone(),
        x,
        y,
        look: look(world, task),
        set: task_set(world, task),
        title: format!(
            "{} · {} · {place}",
            task.service.as_deref().unwrap_or(&task.group),
            task.last_status.name(),
        ),
        security_groups: task
            .network
            .as_ref()
            .map(|n| n.security_group_ids.clone())
            .unwrap_or_default(),
    }
}

/// `i-0abc…1234` → `i-…1234`: enough to tell instances apart in a row label.
fn short_instance(id: &str) -> String {
    let tail: String = id
        .chars()
        .rev()
        .take(6)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    format!("i-…{tail}")
}

fn name_tag(tags: &[ecs_sim::tags::Tag], fallback: &str) -> String {
    tags.iter()
        .find(|t| t.key == "Name")
        .map_or_else(|| fallback.to_string(), |t| t.value.clone())
}

fn look(world: &World, task: &Task) -> TaskLook {
    match task.last_status {
        TaskStatus::Provisioning | TaskStatus::Pending | TaskStatus::Activating => {
            TaskLook::Starting
        }
        TaskStatus::Running if task.desired_stopped => TaskLook::Stopping,
        TaskStatus::Running => {
            let unhealthy = task.health_status(world.now) == "UNHEALTHY"
                || task.targets.iter().any(|r| {
                    world
                        .elb
                        .target_group(&r.target_group_arn)
                        .ok()
                        .and_then(|g| g.target(&r.target))
                        .is_some_and(|t| t.state == ecs_sim::elb::TargetState::Unhealthy)
                });
            if unhealthy {
                TaskLook::Unhealthy
            } else {
                TaskLook::Healthy
            }
        }
        _ => TaskLook::Stopping,
    }
}

fn task_set(world: &World, task: &Task) -> Option<TaskSetColour> {
    let service =
        world
            .ecs
            .services
            .get(&format!("{}/{}", task.cluster, task.service.as_deref()?))?;
    if service.deployment_controller != "CODE_DEPLOY" {
        return None;
    }
    match &service.replacement {
        Some(set) if task.started_by.as_deref() == Some(set.id.as_str()) => {
            Some(TaskSetColour::Green)
        }
        _ => Some(TaskSetColour::Blue),
    }
}

/// Whether a VPC is worth drawing: the learner's own, or the default one once it holds something.
fn shown(world: &World, vpc: &ecs_sim::ec2::Vpc) -> bool {
    !vpc.is_default
        || world.ecs.tasks.values().any(|t| {
            t.network.as_ref().is_some_and(|n| {
                world
                    .ec2
                    .subnets
                    .get(&n.subnet_id)
                    .is_some_and(|s| s.vpc_id == vpc.id)
            })
        })
        || world
            .elb
            .load_balancers
            .values()
            .any(|lb| lb.vpc_id == vpc.id)
}

fn routes(world: &World, lb_arn: &str) -> Vec<Route> {
    let mut listeners: Vec<_> = world
        .elb
        .listeners
        .values()
        .filter(|l| l.load_balancer_arn == lb_arn)
        .collect();
    listeners.sort_by_key(|l| l.port);
    listeners
        .into_iter()
        .map(|l| {
            let weights = world.elb.forward_weights(&l.arn, "/", "");
            let total: u32 = weights.iter().map(|(_, w)| *w).sum();
            Route {
                port: l.port,
                targets: weights
                    .iter()
                    .map(|(arn, w)| RouteShare {
                        target_group_arn: arn.clone(),
                        name: world
                            .elb
                            .target_group(arn)
                            .map(|g| g.name.clone())
                            .unwrap_or_else(|_| arn.clone()),
                        share: (w * 100).checked_div(total).unwrap_or(0),
                    })
                    .collect(),
            }
        })
        .collect()
}

/// `com.amazonaws.ap-northeast-1.ecr.dkr` → `ecr.dkr`; `….s3` → `s3`.
fn endpoint_short_name(service_name: &str) -> String {
    let mut parts = service_name.splitn(4, '.');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(_), Some(_), Some(_), Some(rest)) => rest.to_string(),
        _ => service_name.to_string(),
    }
}

/// The VPC's target groups in a row across its zone columns, by name.
fn target_group_row(
    world: &World,
    vpc_id: &str,
    vpc_x: f64,
    y: f64,
    columns_width: f64,
) -> Vec<TargetGroupBox> {
    let mut groups: Vec<_> = world
        .elb
        .target_groups
        .values()
        .filter(|g| g.vpc_id == vpc_id)
        .collect();
    groups.sort_by(|a, b| (&a.name, &a.arn).cmp(&(&b.name, &b.arn)));
    if groups.is_empty() {
        return Vec::new();
    }
    let w = ((columns_width - PAD) / groups.len() as f64 - PAD).max(110.0);
    groups
        .into_iter()
        .enumerate()
        .map(|(i, g)| TargetGroupBox {
            arn: g.arn.clone(),
            name: g.name.clone(),
            healthy: g
                .targets
                .iter()
                .filter(|t| t.state == ecs_sim::elb::TargetState::Healthy)
                .count(),
            targets: g.targets.len(),
            x: vpc_x + PAD + i as f64 * (w + PAD),
            y,
            w,
        })
        .collect()
}

/// Listener → target group (labelled with the listener's port and share) and
/// target group → each task registered in it (styled by the target's state).
fn arrows(
    world: &World,
    lbs: &[LoadBalancerBox],
    groups: &[TargetGroupBox],
    subnets: &[SubnetBox],
) -> Vec<Arrow> {
    let group_box = |arn: &str| groups.iter().find(|g| g.arn == arn);
    let mut out = Vec::new();
    for lb in lbs {
        let listeners = lb.routes.len() as f64;
        for (i, route) in lb.routes.iter().enumerate() {
            let from_x = lb.x + lb.w * (i as f64 + 1.0) / (listeners + 1.0);
            for share in &route.targets {
                let Some(group) = group_box(&share.target_group_arn) else {
                    continue;
                };
                out.push(Arrow {
                    from: (from_x, lb.y + LB_HEIGHT),
                    to: (group.x + group.w / 2.0, group.y),
                    kind: ArrowKind::Listener {
                        carries_traffic: share.share > 0,
                    },
                    label: Some(format!(":{} {}%", route.port, share.share)),
                    title: format!(
                        "{}:{} → {} {}%",
                        lb.name, route.port, group.name, share.share
                    ),
                });
            }
        }
    }
    let dots = subnets.iter().flat_map(|s| {
        s.tasks
            .iter()
            .chain(s.instances.iter().flat_map(|r| &r.tasks))
    });
    for dot in dots {
        let Some(task) = world.ecs.tasks.get(&dot.id) else {
            continue;
        };
        for registered in &task.targets {
            let Some(group) = group_box(&registered.target_group_arn) else {
                continue;
            };
            let state = world
                .elb
                .target_group(&group.arn)
                .ok()
                .and_then(|g| g.target(&registered.target))
                .map(|t| t.state);
            use ecs_sim::elb::TargetState;
            let line = match state {
                Some(TargetState::Healthy) => TargetLine::Healthy,
                Some(TargetState::Initial) => TargetLine::Initial,
                Some(TargetState::Unhealthy) => TargetLine::Unhealthy,
                Some(TargetState::Draining) => TargetLine::Draining,
                _ => TargetLine::Unused,
            };
            out.push(Arrow {
                from: (group.x + group.w / 2.0, group.y + TARGET_GROUP_HEIGHT),
                to: (dot.x + TASK_CELL / 2.0, dot.y + TASK_CELL / 2.0),
                kind: ArrowKind::Target(line),
                label: None,
                title: format!(
                    "{} → {}:{}",
                    group.name, registered.target.id, registered.target.port
                ),
            });
        }
    }
    out
}

/// Lays the world out. Pure: the same world gives the same picture.
pub fn layout(world: &World) -> Diagram {
    let mut diagram = Diagram {
        region: world.region.clone(),
        ..Diagram::default()
    };
    let mut y = PAD;
    let mut width: f64 = 0.0;
    for vpc in world.ec2.vpcs.values().filter(|v| shown(world, v)) {
        let vpc_x = PAD;
        let mut inner_y = y + 34.0;
        let mut subnets: Vec<_> = world
            .ec2
            .subnets
            .values()
            .filter(|s| s.vpc_id == vpc.id)
            .collect();
        subnets.sort_by_key(|s| (s.availability_zone.clone(), s.cidr.network()));
        let mut zone_names: Vec<String> = subnets
            .iter()
            .map(|s| s.availability_zone.clone())
            .collect();
        zone_names.dedup();
        let load_balancers: Vec<_> = world
            .elb
            .load_balancers
            .values()
            .filter(|lb| lb.vpc_id == vpc.id)
            .collect();
        let lb_count = load_balancers.len();
        let columns_width = (zone_names.len().max(1) as f64) * (ZONE_WIDTH + PAD);
        let lb_width = if lb_count == 0 {
            0.0
        } else {
            ((columns_width - PAD) / lb_count as f64 - PAD).max(120.0)
        };
        let lbs: Vec<LoadBalancerBox> = load_balancers
            .iter()
            .enumerate()
            .map(|(i, lb)| LoadBalancerBox {
                arn: lb.arn.clone(),
                name: lb.name.clone(),
                kind: match lb.lb_type {
                    ecs_sim::elb::LbType::Network => "NLB",
                    _ => "ALB",
                }
                .to_string(),
                internal: lb.scheme == ecs_sim::elb::Scheme::Internal,
                x: vpc_x + PAD + i as f64 * (lb_width + PAD),
                y: inner_y,
                w: lb_width,
                routes: routes(world, &lb.arn),
                security_groups: lb.security_groups.clone(),
            })
            .collect();
        if lb_count > 0 {
            inner_y += LB_HEIGHT + ARROW_GAP;
        }
        let target_groups = target_group_row(world, &vpc.id, vpc_x, inner_y, columns_width);
        if !target_groups.is_empty() {
            inner_y += TARGET_GROUP_HEIGHT + PAD;
        } else if lb_count > 0 {
            inner_y += PAD - ARROW_GAP;
        }
        let zones_top = inner_y + 22.0;
        let mut zones = Vec::new();
        let mut boxes = Vec::new();
        let mut bottom = zones_top;
        for (column, zone) in zone_names.iter().enumerate() {
            let x = vpc_x + PAD + column as f64 * (ZONE_WIDTH + PAD);
            zones.push(ZoneColumn {
                name: zone.clone(),
                x,
                y: zones_top - 6.0,
                w: ZONE_WIDTH,
            });
            let mut sy = zones_top + 8.0;
            for subnet in subnets.iter().filter(|s| &s.availability_zone == zone) {
                let base = u32::from(subnet.cidr.network());
                let mut tasks = Vec::new();
                let mut more = 0;
                let mut rows_needed = 1;
                let mut in_subnet: Vec<&Task> = world
                    .ecs
                    .tasks
                    .values()
                    .filter(|t| !t.is_stopped())
                    .filter(|t| t.network.as_ref().is_some_and(|n| n.subnet_id == subnet.id))
                    .collect();
                in_subnet.sort_by(|a, b| a.id.cmp(&b.id));
                for task in in_subnet {
                    let Some(ip) = task.network.as_ref().and_then(|n| n.private_ip) else {
                        continue;
                    };
                    let offset = u64::from(u32::from(ip).saturating_sub(base));
                    if offset >= CELLS_PER_ROW * MAX_ROWS {
                        more += 1;
                        continue;
                    }
                    rows_needed = rows_needed.max(offset / CELLS_PER_ROW + 1);
                    tasks.push((offset, task));
                }
                let top = sy + SUBNET_HEADER;
                let dots = tasks
                    .into_iter()
                    .map(|(offset, task)| {
                        let address = task
                            .network
                            .as_ref()
                            .and_then(|n| n.private_ip)
                            .map(|ip| ip.to_string())
                            .unwrap_or_default();
                        dot(
                            world,
                            task,
                            x + PAD + (offset % CELLS_PER_ROW) as f64 * TASK_CELL,
                            top + (offset / CELLS_PER_ROW) as f64 * TASK_CELL,
                            &address,
                        )
                    })
                    .collect();
                let mut instances = Vec::new();
                let mut row_y = top + rows_needed as f64 * TASK_CELL + 4.0;
                let mut on_subnet: Vec<_> = world
                    .ecs
                    .container_instances
                    .values()
                    .filter(|ci| ci.subnet_id == subnet.id)
                    .collect();
                on_subnet.sort_by(|a, b| a.arn.cmp(&b.arn));
                // At least one dot a row, however narrow the column.
                let per_row =
                    (((ZONE_WIDTH - 8.0 - 2.0 * PAD - INSTANCE_LABEL) / TASK_CELL) as usize).max(1);
                for ci in on_subnet {
                    let mut on_instance: Vec<&Task> = world
                        .ecs
                        .tasks
                        .values()
                        .filter(|t| !t.is_stopped() && t.network.is_none())
                        .filter(|t| t.container_instance_arn.as_deref() == Some(ci.arn.as_str()))
                        .collect();
                    on_instance.sort_by(|a, b| a.id.cmp(&b.id));
                    let rows = on_instance.len().div_ceil(per_row).max(1);
                    let dots = on_instance
                        .into_iter()
                        .enumerate()
                        .map(|(i, task)| {
                            dot(
                                world,
                                task,
                                x + PAD + INSTANCE_LABEL + (i % per_row) as f64 * TASK_CELL,
                                row_y + 2.0 + (i / per_row) as f64 * TASK_CELL,
                                &format!("on {}", ci.ec2_instance_id),
                            )
                        })
                        .collect();
                    let height = INSTANCE_ROW.max(rows as f64 * TASK_CELL + 4.0);
                    instances.push(InstanceRow {
                        ec2_instance_id: ci.ec2_instance_id.clone(),
                        label: format!(
                            "{} {}",
                            ci.instance_type,
                            short_instance(&ci.ec2_instance_id)
                        ),
                        x: x + PAD,
                        y: row_y,
                        w: ZONE_WIDTH - 8.0 - 2.0 * PAD,
                        tasks: dots,
                    });
                    row_y += height + 2.0;
                }
                let instances_height = row_y - (top + rows_needed as f64 * TASK_CELL + 4.0);
                let h = SUBNET_HEADER + rows_needed as f64 * TASK_CELL + PAD + instances_height;
                boxes.push(SubnetBox {
                    id: subnet.id.clone(),
                    label: name_tag(&subnet.tags, &subnet.id),
                    cidr: subnet.cidr.to_string(),
                    public: world.ec2.is_public_subnet(&subnet.id),
                    free: world.ec2.available_ip_count(subnet),
                    x: x + 4.0,
                    y: sy,
                    w: ZONE_WIDTH - 8.0,
                    h,
                    nat_gateways: world
                        .ec2
                        .nat_gateways
                        .values()
                        .filter(|n| n.subnet_id == subnet.id && n.holds_interface())
                        .map(|n| n.id.clone())
                        .collect(),
                    tasks: dots,
                    more,
                    instances,
                    network_acl: world
                        .ec2
                        .effective_network_acl(&subnet.id)
                        .map(|a| a.id.clone()),
                    route_table: world
                        .ec2
                        .effective_route_table(&subnet.id)
                        .map(|r| r.id.clone()),
                });
                sy += h + 8.0;
            }
            bottom = bottom.max(sy);
        }
        let w = columns_width + PAD;
        let h = bottom - y + PAD;
        diagram.vpcs.push(VpcBox {
            id: vpc.id.clone(),
            label: name_tag(&vpc.tags, &vpc.id),
            cidr: vpc
                .cidr_blocks
                .first()
                .map(|b| b.cidr.to_string())
                .unwrap_or_default(),
            x: vpc_x,
            y,
            w,
            h,
            internet_gateway: world
                .ec2
                .internet_gateways
                .values()
                .find(|g| g.attached_vpc.as_deref() == Some(&vpc.id))
                .map(|g| g.id.clone()),
            endpoints: world
                .ec2
                .vpc_endpoints
                .values()
                .filter(|e| e.vpc_id == vpc.id && e.is_live())
                .map(|e| (e.id.clone(), endpoint_short_name(&e.service_name)))
                .collect(),
            arrows: arrows(world, &lbs, &target_groups, &boxes),
            load_balancers: lbs,
            target_groups,
            zones,
            subnets: boxes,
        });
        width = width.max(vpc_x + w + PAD);
        y += h + PAD * 2.0;
    }
    diagram.width = width.max(320.0);
    diagram.height = y.max(120.0);
    diagram
}

#[cfg(test)]
mod tests {
    use super::*;
    use ecs_sim::console::Console;

    fn world(script: &str) -> World {
        let mut console = Console::default();
        let out = console.run(script);
        assert_eq!(out.status, 0, "{}", out.stderr);
        console.world
    }

    const NETWORK: &str = "VPC=$(aws ec2 create-vpc --cidr-block 10.0.0.0/24 --query Vpc.VpcId --output text)
IGW=$(aws ec2 create-internet-gateway --query InternetGateway.InternetGatewayId --output text)
aws ec2 attach-internet-gateway --internet-gateway-id $IGW --vpc-id $VPC
A=$(aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.0.0/26 --availability-zone ap-northeast-1a --query Subnet.SubnetId --output text)
C=$(aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.0.64/26 --availability-zone ap-northeast-1c --query Subnet.SubnetId --output text)
P=$(aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.0.128/26 --availability-zone ap-northeast-1a --query Subnet.SubnetId --output text)
RT=$(aws ec2 create-route-table --vpc-id $VPC --query RouteTable.RouteTableId --output text)
aws ec2 create-route --route-table-id $RT --destination-cidr-block 0.0.0.0/0 --gateway-id $IGW
aws ec2 associate-route-table --route-table-id $RT --subnet-id $A
aws ec2 associate-route-table --route-table-id $RT --subnet-id $C
";

    #[test]
    fn every_subnet_is_drawn_in_its_zone_with_what_it_is() {
        let diagram = layout(&world(NETWORK));
        // The empty default VPC stays out of the way; the learner's VPC is drawn.
        assert_eq!(diagram.vpcs.len(), 1);
        let vpc = &diagram.vpcs[0];
        assert_eq!(vpc.cidr, "10.0.0.0/24");
        assert!(vpc.internet_gateway.is_some());
        assert_eq!(
            vpc.zones
                .iter()
                .map(|z| z.name.as_str())
                .collect::<Vec<_>>(),
            ["ap-northeast-1a", "ap-northeast-1c"]
        );
        let by_cidr = |c: &str| vpc.subnets.iter().find(|s| s.cidr == c).unwrap();
        assert!(by_cidr("10.0.0.0/26").public);
        assert!(
            !by_cidr("10.0.0.128/26").public,
            "no route to the IGW: private"
        );
        assert_eq!(by_cidr("10.0.0.0/26").free, 59, "64 − 5 reserved");
        // Subnets of one zone share its column; zones do not overlap.
        assert_eq!(by_cidr("10.0.0.0/26").x, by_cidr("10.0.0.128/26").x);
        assert!(by_cidr("10.0.0.64/26").x > by_cidr("10.0.0.0/26").x + by_cidr("10.0.0.0/26").w);
    }

    #[test]
    fn tasks_sit_on_their_address_and_stay_put_as_others_come_and_go() {
        let script = format!("{NETWORK}
aws ecs create-cluster --cluster-name c
aws ecs register-task-definition --family web --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --container-definitions 'name=web,image=nginx,portMappings=[{{containerPort=80}}]'
aws ecs create-service --cluster c --service-name web --task-definition web --desired-count 3 --launch-type FARGATE --network-configuration \"awsvpcConfiguration={{subnets=[$A],assignPublicIp=ENABLED}}\"
sim advance 2m
");
        let mut console = Console::default();
        assert_eq!(console.run(&script).status, 0);
        let before = layout(&console.world);
        let subnet = |d: &Diagram| {
            d.vpcs[0]
                .subnets
                .iter()
                .find(|s| s.cidr == "10.0.0.0/26")
                .unwrap()
                .clone()
        };
        let tasks = subnet(&before).tasks;
        assert_eq!(tasks.len(), 3);
        assert!(tasks.iter().all(|t| t.look == TaskLook::Healthy));
        assert_eq!(subnet(&before).free, 56);
        // One task stops: the others keep their place.
        let first = tasks[0].id.clone();
        assert_eq!(
            console
                .run(&format!("aws ecs stop-task --cluster c --task {first}"))
                .status,
            0
        );
        console.run("sim advance 10s");
        let after = subnet(&layout(&console.world));
        for dot in after.tasks.iter().filter(|t| t.id != first) {
            let was = tasks.iter().find(|t| t.id == dot.id).map(|t| (t.x, t.y));
            assert!(
                was.is_none() || was == Some((dot.x, dot.y)),
                "{} moved",
                dot.id
            );
        }
        // Same world, same picture.
        assert_eq!(layout(&console.world), layout(&console.world));
    }

    #[test]
    fn container_instances_are_drawn_with_the_bridge_tasks_they_run() {
        let script = format!(
            "{NETWORK}
aws ecs create-cluster --cluster-name ec2
aws ec2 modify-subnet-attribute --subnet-id $A --map-public-ip-on-launch
sim add-instance --cluster ec2 --instance-type t3.small --subnet $A --count 2
aws ecs register-task-definition --family web --network-mode bridge --container-definitions 'name=web,image=nginx,memory=128,portMappings=[{{containerPort=80,hostPort=0}}]'
aws ecs create-service --cluster ec2 --service-name web --task-definition web --desired-count 5 --launch-type EC2
sim advance 2m"
        );
        let world = world(&script);
        let diagram = layout(&world);
        let rows: Vec<&InstanceRow> = diagram
            .vpcs
            .iter()
            .flat_map(|v| &v.subnets)
            .flat_map(|s| &s.instances)
            .collect();
        assert_eq!(rows.len(), world.ecs.container_instances.len());
        let on_instances: usize = rows.iter().map(|r| r.tasks.len()).sum();
        let bridge = world
            .ecs
            .tasks
            .values()
            .filter(|t| !t.is_stopped() && t.network.is_none())
            .count();
        assert_eq!(bridge, 5, "the service's bridge-mode tasks run");
        assert_eq!(
            on_instances, bridge,
            "every bridge task is drawn on its instance"
        );
        // Each row and its dots lie inside their subnet's box.
        for subnet in diagram.vpcs.iter().flat_map(|v| &v.subnets) {
            for row in &subnet.instances {
                assert!(
                    row.y >= subnet.y && row.y + 16.0 <= subnet.y + subnet.h,
                    "{row:?}"
                );
                for dot in &row.tasks {
                    assert!(dot.y + TASK_CELL <= subnet.y + subnet.h + 0.5);
                    assert!(dot.x + TASK_CELL <= subnet.x + subnet.w + 0.5);
                }
            }
        }
    }

    const BEHIND_ALB: &str = "ALB_SG=$(aws ec2 create-security-group --group-name alb --description alb --vpc-id $VPC --query GroupId --output text)
aws ec2 authorize-security-group-ingress --group-id $ALB_SG --protocol tcp --port 80 --cidr 0.0.0.0/0
TASK_SG=$(aws ec2 create-security-group --group-name task --description task --vpc-id $VPC --query GroupId --output text)
LB=$(aws elbv2 create-load-balancer --name web --subnets $A $C --security-groups $ALB_SG --query 'LoadBalancers[0].LoadBalancerArn' --output text)
TG=$(aws elbv2 create-target-group --name web --protocol HTTP --port 80 --vpc-id $VPC --target-type ip --query 'TargetGroups[0].TargetGroupArn' --output text)
aws elbv2 create-listener --load-balancer-arn $LB --protocol HTTP --port 80 --default-actions Type=forward,TargetGroupArn=$TG
aws ecs create-cluster --cluster-name c
aws ecs register-task-definition --family web --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --container-definitions 'name=web,image=nginx,portMappings=[{containerPort=80}]'
aws ecs create-service --cluster c --service-name web --task-definition web --desired-count 2 --launch-type FARGATE --network-configuration \"awsvpcConfiguration={subnets=[$A,$C],securityGroups=[$TASK_SG],assignPublicIp=ENABLED}\" --load-balancers targetGroupArn=$TG,containerName=web,containerPort=80
sim advance 120s
";

    #[test]
    fn arrows_join_each_listener_to_its_target_group_and_the_group_to_its_tasks() {
        let mut console = Console::default();
        let out = console.run(&format!("{NETWORK}{BEHIND_ALB}"));
        assert_eq!(out.status, 0, "{}", out.stderr);
        // No ingress rule from the ALB's group yet: the targets fail their checks.
        let vpc = &layout(&console.world).vpcs[0];
        assert_eq!(vpc.target_groups.len(), 1);
        let group = &vpc.target_groups[0];
        assert_eq!(group.name, "web");
        assert_eq!(group.healthy, 0);
        let listener: Vec<_> = vpc
            .arrows
            .iter()
            .filter(|a| matches!(a.kind, ArrowKind::Listener { .. }))
            .collect();
        assert_eq!(listener.len(), 1);
        assert_eq!(listener[0].label.as_deref(), Some(":80 100%"));
        assert_eq!(listener[0].to, (group.x + group.w / 2.0, group.y));
        let lb = &vpc.load_balancers[0];
        assert!(
            lb.y + LB_HEIGHT <= group.y,
            "the group sits below its load balancer"
        );
        let to_tasks: Vec<_> = vpc
            .arrows
            .iter()
            .filter_map(|a| match a.kind {
                ArrowKind::Target(line) => Some((line, a.to)),
                _ => None,
            })
            .collect();
        // ECS replaces a task whose target fails: its line drains.
        assert_eq!(
            to_tasks.len(),
            group.targets,
            "one line per registered target"
        );
        assert!(to_tasks
            .iter()
            .all(|(line, _)| *line != TargetLine::Healthy));
        let dots: Vec<(f64, f64)> = vpc
            .subnets
            .iter()
            .flat_map(|s| &s.tasks)
            .map(|d| (d.x + TASK_CELL / 2.0, d.y + TASK_CELL / 2.0))
            .collect();
        assert!(
            to_tasks.iter().all(|(_, to)| dots.contains(to)),
            "each line ends on a task"
        );
        // The task's security group is what the explanation will name; the dots carry it.
        let task_sg = console.run("echo $TASK_SG").stdout.trim().to_string();
        assert!(vpc
            .subnets
            .iter()
            .flat_map(|s| &s.tasks)
            .all(|d| d.security_groups == [task_sg.clone()]));
        // Allow the ALB in: the lines turn healthy.
        let fix = console.run(
            "aws ec2 authorize-security-group-ingress --group-id $TASK_SG --protocol tcp --port 80 --source-group $ALB_SG\nsim advance 10m",
        );
        assert_eq!(fix.status, 0, "{}", fix.stderr);
        let vpc = &layout(&console.world).vpcs[0];
        assert_eq!(vpc.target_groups[0].healthy, 2);
        let healthy_lines = vpc
            .arrows
            .iter()
            .filter(|a| a.kind == ArrowKind::Target(TargetLine::Healthy))
            .count();
        assert_eq!(healthy_lines, 2);
        // Every subnet knows the route table and network ACL that govern it.
        assert!(vpc
            .subnets
            .iter()
            .all(|s| s.route_table.is_some() && s.network_acl.is_some()));
    }
}
