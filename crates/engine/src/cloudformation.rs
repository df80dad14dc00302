//! The sandbox's architecture as a CloudFormation template (YAML) a learner
//! could deploy for real: the VPCs they made (not the default one), subnets,
//! internet and NAT gateways, route tables, security groups, VPC endpoints,
//! load balancers, target groups and listeners, ECR repositories, IAM roles,
//! log groups, clusters, the task definitions services use, services, and
//! target tracking. Resources refer to each other with `Ref`/`Fn::GetAtt`, so
//! the stack builds in the right order. A resource the template does not make
//! (a default subnet, say) stays a literal id.

use ecs_sim::ec2::{Destination, Peer, RouteTarget, SgRule};
use ecs_sim::tags::name_tag;
use ecs_sim::World;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// Logical ids by the id or ARN the sandbox knows a resource by.
struct Names {
    by_id: BTreeMap<String, String>,
    taken: std::collections::BTreeSet<String>,
}

impl Names {
    /// A logical id from a kind and a readable name, unique in the template.
    fn add(&mut self, id: &str, kind: &str, readable: &str) -> String {
        let words: String = readable
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| {
                let mut chars = w.chars();
                chars
                    .next()
                    .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                    .unwrap_or_default()
            })
            .collect();
        let base = format!("{kind}{words}");
        let mut logical = base.clone();
        let mut n = 2;
        while self.taken.contains(&logical) {
            logical = format!("{base}{n}");
            n += 1;
        }
        self.taken.insert(logical.clone());
        self.by_id.insert(id.to_string(), logical.clone());
        logical
    }

    /// `{"Ref": logical}` for a resource in the template, else the id itself.
    fn reference(&self, id: &str) -> Value {
        match self.by_id.get(id) {
            Some(logical) => json!({ "Ref": logical }),
            None => Value::String(id.to_string()),
        }
    }
}

fn tags(name: Option<&str>) -> Option<Value> {
    name.map(|n| json!([{ "Key": "Name", "Value": n }]))
}

fn short(id: &str) -> &str {
    id.rsplit(['-', '/']).next().unwrap_or(id)
}

/// camelCase keys (the ECS API's) to PascalCase (CloudFormation's), except
/// inside maps whose keys are the learner's own (log driver options, labels).
fn pascal_keys(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let key = {
                        let mut c = k.chars();
                        c.next()
                            .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                            .unwrap_or_default()
                    };
                    let keep_inner = matches!(k.as_str(), "options" | "dockerLabels");
                    (
                        key,
                        if keep_inner {
                            v.clone()
                        } else {
                            pascal_keys(v)
                        },
                    )
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(pascal_keys).collect()),
        other => other.clone(),
    }
}

fn rule(rule: &SgRule, names: &Names) -> Value {
    let mut out = Map::new();
    out.insert("IpProtocol".into(), rule.protocol.clone().into());
    if let Some(from) = rule.from_port {
        out.insert("FromPort".into(), from.into());
    }
    if let Some(to) = rule.to_port {
        out.insert("ToPort".into(), to.into());
    }
    match &rule.peer {
        Peer::Cidr(cidr) => {
            out.insert("CidrIp".into(), cidr.to_string().into());
        }
        Peer::Group(group) => {
            out.insert("SourceSecurityGroupId".into(), names.reference(group));
        }
    }
    if let Some(description) = &rule.description {
        out.insert("Description".into(), description.clone().into());
    }
    Value::Object(out)
}

/// The template as a JSON value (see [`yaml`] for the text).
pub fn template(world: &World) -> Value {
    let mut names = Names {
        by_id: BTreeMap::new(),
        taken: Default::default(),
    };
    let mut resources = Map::new();
    let mut put = |logical: String, kind: &str, properties: Value, depends: Option<Value>| {
        let mut resource = json!({ "Type": kind, "Properties": properties });
        if let Some(depends) = depends {
            resource["DependsOn"] = depends;
        }
        resources.insert(logical, resource);
    };
    let ec2 = &world.ec2;
    let own_vpcs: Vec<_> = ec2.vpcs.values().filter(|v| !v.is_default).collect();
    let in_own_vpc = |vpc_id: &str| own_vpcs.iter().any(|v| v.id == vpc_id);

    // Names first, so any resource can refer to any other. An unnamed one is
    // named by what it is (its CIDR, its subnet's) rather than its random id,
    // so the same architecture gives the same template on any account.
    let cidr_of_vpc = |id: &str| {
        ec2.vpcs
            .get(id)
            .and_then(|v| v.primary_cidr())
            .map(|c| c.to_string())
            .unwrap_or_default()
    };
    let cidr_of_subnet = |id: &str| {
        ec2.subnets
            .get(id)
            .map(|s| s.cidr.to_string())
            .unwrap_or_default()
    };
    for vpc in &own_vpcs {
        let readable = name_tag(&vpc.tags).map_or_else(|| cidr_of_vpc(&vpc.id), String::from);
        names.add(&vpc.id, "Vpc", &readable);
    }
    for s in ec2.subnets.values().filter(|s| in_own_vpc(&s.vpc_id)) {
        let readable = name_tag(&s.tags).map_or_else(|| s.cidr.to_string(), String::from);
        names.add(&s.id, "Subnet", &readable);
    }
    // The default VPC's gateway is AWS's, not the learner's.
    let own_gateways: Vec<_> = ec2
        .internet_gateways
        .values()
        .filter(|g| g.attached_vpc.as_deref().is_none_or(&in_own_vpc))
        .collect();
    for g in &own_gateways {
        let readable = name_tag(&g.tags).map_or_else(
            || {
                g.attached_vpc
                    .as_deref()
                    .map(cidr_of_vpc)
                    .unwrap_or_default()
            },
            String::from,
        );
        names.add(&g.id, "InternetGateway", &readable);
    }
    for n in ec2
        .nat_gateways
        .values()
        .filter(|n| in_own_vpc(&n.vpc_id) && live_nat(n))
    {
        let readable = name_tag(&n.tags).map_or_else(|| cidr_of_subnet(&n.subnet_id), String::from);
        names.add(&n.id, "NatGateway", &readable);
    }
    for r in ec2
        .route_tables
        .values()
        .filter(|r| in_own_vpc(&r.vpc_id) && !r.main)
    {
        let readable = name_tag(&r.tags).map_or_else(
            || {
                let mut subnets: Vec<String> = r
                    .subnet_associations
                    .iter()
                    .map(|a| cidr_of_subnet(&a.subnet_id))
                    .collect();
                subnets.sort();
                subnets.join(" ")
            },
            String::from,
        );
        names.add(&r.id, "RouteTable", &readable);
    }
    for g in ec2
        .security_groups
        .values()
        .filter(|g| in_own_vpc(&g.vpc_id) && g.name != "default")
    {
        names.add(&g.id, "SecurityGroup", &g.name);
    }
    for lb in world.elb.load_balancers.values() {
        names.add(&lb.arn, "LoadBalancer", &lb.name);
    }
    for tg in world.elb.target_groups.values() {
        names.add(&tg.arn, "TargetGroup", &tg.name);
    }

    for vpc in &own_vpcs {
        let mut props = json!({
            "CidrBlock": vpc.cidr_blocks.first().map(|b| b.cidr.to_string()).unwrap_or_default(),
            "EnableDnsSupport": vpc.enable_dns_support,
            "EnableDnsHostnames": vpc.enable_dns_hostnames,
        });
        if let Some(t) = tags(name_tag(&vpc.tags)) {
            props["Tags"] = t;
        }
        put(names.by_id[&vpc.id].clone(), "AWS::EC2::VPC", props, None);
    }
    for s in ec2.subnets.values().filter(|s| in_own_vpc(&s.vpc_id)) {
        let mut props = json!({
            "VpcId": names.reference(&s.vpc_id),
            "CidrBlock": s.cidr.to_string(),
            "AvailabilityZone": s.availability_zone,
            "MapPublicIpOnLaunch": s.map_public_ip_on_launch,
        });
        if let Some(t) = tags(name_tag(&s.tags)) {
            props["Tags"] = t;
        }
        put(names.by_id[&s.id].clone(), "AWS::EC2::Subnet", props, None);
    }
    let mut attachments: BTreeMap<String, String> = BTreeMap::new();
    for g in &own_gateways {
        let logical = names.by_id[&g.id].clone();
        let mut props = json!({});
        if let Some(t) = tags(name_tag(&g.tags)) {
            props["Tags"] = t;
        }
        put(logical.clone(), "AWS::EC2::InternetGateway", props, None);
        if let Some(vpc) = g.attached_vpc.as_deref().filter(|v| in_own_vpc(v)) {
            let attachment = format!("{logical}Attachment");
            put(
                attachment.clone(),
                "AWS::EC2::VPCGatewayAttachment",
                json!({ "VpcId": names.reference(vpc), "InternetGatewayId": { "Ref": logical } }),
                None,
            );
            attachments.insert(g.id.clone(), attachment);
        }
    }
    for n in ec2
        .nat_gateways
        .values()
        .filter(|n| in_own_vpc(&n.vpc_id) && live_nat(n))
    {
        let logical = names.by_id[&n.id].clone();
        let eip = format!("{logical}Eip");
        put(
            eip.clone(),
            "AWS::EC2::EIP",
            json!({ "Domain": "vpc" }),
            None,
        );
        put(
            logical,
            "AWS::EC2::NatGateway",
            json!({
                "SubnetId": names.reference(&n.subnet_id),
                "AllocationId": { "Fn::GetAtt": [eip, "AllocationId"] },
            }),
            None,
        );
    }
    for r in ec2
        .route_tables
        .values()
        .filter(|r| in_own_vpc(&r.vpc_id) && !r.main)
    {
        let logical = names.by_id[&r.id].clone();
        let mut props = json!({ "VpcId": names.reference(&r.vpc_id) });
        if let Some(t) = tags(name_tag(&r.tags)) {
            props["Tags"] = t;
        }
        put(logical.clone(), "AWS::EC2::RouteTable", props, None);
        for (i, route) in r.routes.iter().enumerate() {
            let Destination::Cidr(cidr) = &route.destination else {
                continue; // prefix-list routes come with the gateway endpoint
            };
            let (key, id, depends) = match &route.target {
                RouteTarget::InternetGateway(id) => (
                    "GatewayId",
                    id,
                    attachments.get(id).cloned().map(Value::from),
                ),
                RouteTarget::NatGateway(id) => ("NatGatewayId", id, None),
                RouteTarget::VpcEndpoint(_) => continue,
            };
            let mut props = json!({
                "RouteTableId": { "Ref": logical },
                "DestinationCidrBlock": cidr.to_string(),
            });
            props[key] = names.reference(id);
            put(
                format!("{logical}Route{}", i + 1),
                "AWS::EC2::Route",
                props,
                depends,
            );
        }
        for (i, association) in r.subnet_associations.iter().enumerate() {
            put(
                format!("{logical}Association{}", i + 1),
                "AWS::EC2::SubnetRouteTableAssociation",
                json!({
                    "RouteTableId": { "Ref": logical },
                    "SubnetId": names.reference(&association.subnet_id),
                }),
                None,
            );
        }
    }
    for g in ec2
        .security_groups
        .values()
        .filter(|g| in_own_vpc(&g.vpc_id) && g.name != "default")
    {
        let mut props = json!({
            "GroupName": g.name,
            "GroupDescription": g.description,
            "VpcId": names.reference(&g.vpc_id),
        });
        let ingress: Vec<Value> = g.ingress.iter().map(|r| rule(r, &names)).collect();
        if !ingress.is_empty() {
            props["SecurityGroupIngress"] = Value::Array(ingress);
        }
        let egress: Vec<Value> = g.egress.iter().map(|r| rule(r, &names)).collect();
        if !egress.is_empty() {
            props["SecurityGroupEgress"] = Value::Array(egress);
        }
        put(
            names.by_id[&g.id].clone(),
            "AWS::EC2::SecurityGroup",
            props,
            None,
        );
    }
    for e in ec2
        .vpc_endpoints
        .values()
        .filter(|e| in_own_vpc(&e.vpc_id) && e.is_live())
    {
        let mut props = json!({
            "VpcId": names.reference(&e.vpc_id),
            "ServiceName": e.service_name,
            "VpcEndpointType": format!("{:?}", e.endpoint_type),
        });
        let refs = |ids: &[String]| Value::Array(ids.iter().map(|i| names.reference(i)).collect());
        if !e.subnet_ids.is_empty() {
            props["SubnetIds"] = refs(&e.subnet_ids);
            props["PrivateDnsEnabled"] = e.private_dns_enabled.into();
        }
        if !e.security_group_ids.is_empty() {
            props["SecurityGroupIds"] = refs(&e.security_group_ids);
        }
        if !e.route_table_ids.is_empty() {
            props["RouteTableIds"] = refs(&e.route_table_ids);
        }
        let logical = names.add(&e.id, "VpcEndpoint", short(&e.service_name));
        put(logical, "AWS::EC2::VPCEndpoint", props, None);
    }

    for lb in world.elb.load_balancers.values() {
        let subnets: Vec<Value> = lb
            .zones
            .iter()
            .map(|z| names.reference(&z.subnet_id))
            .collect();
        let mut props = json!({
            "Name": lb.name,
            "Type": format!("{:?}", lb.lb_type).to_lowercase(),
            "Scheme": lb.scheme.as_str(),
            "Subnets": subnets,
        });
        if !lb.security_groups.is_empty() {
            props["SecurityGroups"] = Value::Array(
                lb.security_groups
                    .iter()
                    .map(|g| names.reference(g))
                    .collect(),
            );
        }
        put(
            names.by_id[&lb.arn].clone(),
            "AWS::ElasticLoadBalancingV2::LoadBalancer",
            props,
            None,
        );
    }
    for tg in world.elb.target_groups.values() {
        let hc = &tg.health_check;
        let mut props = json!({
            "Name": tg.name,
            "Protocol": tg.protocol.as_str(),
            "Port": tg.port,
            "VpcId": names.reference(&tg.vpc_id),
            "TargetType": tg.target_type.as_str(),
            "HealthCheckIntervalSeconds": hc.interval_seconds,
            "HealthCheckTimeoutSeconds": hc.timeout_seconds,
            "HealthyThresholdCount": hc.healthy_threshold,
            "UnhealthyThresholdCount": hc.unhealthy_threshold,
        });
        if let Some(path) = &hc.path {
            props["HealthCheckPath"] = path.clone().into();
        }
        put(
            names.by_id[&tg.arn].clone(),
            "AWS::ElasticLoadBalancingV2::TargetGroup",
            props,
            None,
        );
    }
    let mut listeners_of_group: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for l in world.elb.listeners.values() {
        let lb_name = world
            .elb
            .load_balancers
            .get(&l.load_balancer_arn)
            .map_or("", |lb| lb.name.as_str());
        let logical = names.add(&l.arn, "Listener", &format!("{lb_name} {}", l.port));
        let actions: Vec<Value> = l
            .default_actions
            .iter()
            .map(|a| {
                let mut action = json!({ "Type": a.action_type });
                if let Some(tg) = &a.target_group_arn {
                    action["TargetGroupArn"] = names.reference(tg);
                    listeners_of_group.entry(tg.clone()).or_default().push(logical.clone());
                }
                if let Some(forward) = &a.forward_config {
                    let groups: Vec<Value> = forward
                        .target_groups
                        .iter()
                        .filter_map(|t| {
                            let arn = t.target_group_arn.as_deref()?;
                            listeners_of_group.entry(arn.to_string()).or_default().push(logical.clone());
                            Some(json!({ "TargetGroupArn": names.reference(arn), "Weight": t.weight.unwrap_or(1) }))
                        })
                        .collect();
                    action["ForwardConfig"] = json!({ "TargetGroups": groups });
                }
                action
            })
            .collect();
        put(
            logical,
            "AWS::ElasticLoadBalancingV2::Listener",
            json!({
                "LoadBalancerArn": names.reference(&l.load_balancer_arn),
                "Port": l.port,
                "Protocol": l.protocol,
                "DefaultActions": actions,
            }),
            None,
        );
    }

    for name in world.ecr.repositories.keys() {
        let logical = names.add(&format!("ecr:{name}"), "Repository", name);
        put(
            logical,
            "AWS::ECR::Repository",
            json!({ "RepositoryName": name }),
            None,
        );
    }
    for role in world.iam.roles.values() {
        let logical = names.add(&format!("iam:{}", role.name), "Role", &role.name);
        let mut props = json!({
            "RoleName": role.name,
            "AssumeRolePolicyDocument": role.assume_role_policy,
        });
        if !role.attached_policies.is_empty() {
            props["ManagedPolicyArns"] = json!(role.attached_policies);
        }
        if !role.inline_policies.is_empty() {
            props["Policies"] = Value::Array(
                role.inline_policies
                    .iter()
                    .map(|(name, doc)| json!({ "PolicyName": name, "PolicyDocument": doc }))
                    .collect(),
            );
        }
        put(logical, "AWS::IAM::Role", props, None);
    }
    for (name, group) in &world.logs.groups {
        let logical = names.add(&format!("logs:{name}"), "LogGroup", name);
        let mut props = json!({ "LogGroupName": name });
        if let Some(days) = group.retention_days {
            props["RetentionInDays"] = days.into();
        }
        put(logical, "AWS::Logs::LogGroup", props, None);
    }
    for cluster in world.ecs.clusters.values().filter(|c| c.active) {
        let logical = names.add(
            &format!("cluster:{}", cluster.name),
            "Cluster",
            &cluster.name,
        );
        let mut props = json!({ "ClusterName": cluster.name });
        if cluster.container_insights {
            props["ClusterSettings"] = json!([{ "Name": "containerInsights", "Value": "enabled" }]);
        }
        put(logical, "AWS::ECS::Cluster", props, None);
    }
    let services: Vec<_> = world
        .ecs
        .services
        .values()
        .filter(|s| s.status == ecs_sim::ecs::service::ServiceStatus::Active)
        .collect();
    for service in &services {
        let Some(td) = world.ecs.task_definitions.get(&service.task_definition_arn) else {
            continue;
        };
        if names.by_id.contains_key(&td.task_definition_arn) {
            continue;
        }
        let logical = names.add(&td.task_definition_arn, "TaskDefinition", &td.family);
        put(
            logical,
            "AWS::ECS::TaskDefinition",
            pascal_keys(&td.as_register_input()),
            None,
        );
    }
    for service in &services {
        let logical = names.add(
            &format!("service:{}/{}", service.cluster, service.name),
            "Service",
            &service.name,
        );
        let mut props = json!({
            "ServiceName": service.name,
            "Cluster": names.reference(&format!("cluster:{}", service.cluster)),
            "TaskDefinition": names.reference(&service.task_definition_arn),
            "DesiredCount": service.desired_count,
            "DeploymentController": { "Type": service.deployment_controller },
        });
        if service.capacity_provider_strategy.is_empty() {
            props["LaunchType"] = serde_json::to_value(service.launch_type).unwrap_or_default();
        }
        if let Some(network) = &service.network {
            let mut awsvpc = json!({
                "Subnets": network.subnets.iter().map(|s| names.reference(s)).collect::<Vec<_>>(),
            });
            if !network.security_groups.is_empty() {
                awsvpc["SecurityGroups"] = Value::Array(
                    network
                        .security_groups
                        .iter()
                        .map(|g| names.reference(g))
                        .collect(),
                );
            }
            if let Some(public) = &network.assign_public_ip {
                awsvpc["AssignPublicIp"] = public.clone().into();
            }
            props["NetworkConfiguration"] = json!({ "AwsvpcConfiguration": awsvpc });
        }
        let mut depends = Vec::new();
        if !service.load_balancers.is_empty() {
            props["LoadBalancers"] = Value::Array(
                service
                    .load_balancers
                    .iter()
                    .map(|lb| {
                        depends.extend(
                            listeners_of_group
                                .get(&lb.target_group_arn)
                                .cloned()
                                .unwrap_or_default(),
                        );
                        json!({
                            "TargetGroupArn": names.reference(&lb.target_group_arn),
                            "ContainerName": lb.container_name,
                            "ContainerPort": lb.container_port,
                        })
                    })
                    .collect(),
            );
        }
        // A service behind a target group needs the group on a listener first.
        depends.sort();
        depends.dedup();
        put(
            logical,
            "AWS::ECS::Service",
            props,
            (!depends.is_empty()).then(|| json!(depends)),
        );
    }
    for target in world.autoscaling.targets.values() {
        let Some(rest) = target.resource_id.strip_prefix("service/") else {
            continue;
        };
        let Some(service) = names.by_id.get(&format!("service:{rest}")).cloned() else {
            continue;
        };
        let logical = format!("{service}ScalableTarget");
        put(
            logical.clone(),
            "AWS::ApplicationAutoScaling::ScalableTarget",
            json!({
                "ServiceNamespace": "ecs",
                "ScalableDimension": "ecs:service:DesiredCount",
                "ResourceId": target.resource_id,
                "MinCapacity": target.min_capacity,
                "MaxCapacity": target.max_capacity,
            }),
            Some(json!(service)),
        );
        for policy in world
            .autoscaling
            .policies
            .values()
            .filter(|p| p.resource_id == target.resource_id)
        {
            let (policy_type, key, config) = policy.configuration.api_shape();
            let policy_logical = names.add(&policy.arn, "ScalingPolicy", &policy.name);
            let mut props = json!({
                "PolicyName": policy.name,
                "PolicyType": policy_type,
                "ScalingTargetId": { "Ref": logical },
            });
            props[key] = config;
            put(
                policy_logical,
                "AWS::ApplicationAutoScaling::ScalingPolicy",
                props,
                None,
            );
        }
    }

    json!({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": "Exported from ECS Playground: the architecture built in the sandbox. Review it (names, CIDRs, images, roles) before deploying it to a real account.",
        "Resources": resources,
    })
}

/// The template as YAML text.
pub fn yaml(world: &World) -> Option<crate::export::Export> {
    let value = template(world);
    if value["Resources"].as_object().is_none_or(|r| r.is_empty()) {
        return None;
    }
    Some(crate::export::Export {
        file_name: "template.yaml".into(),
        media_type: "application/yaml".into(),
        text: ecs_sim::yaml::to_string(&value),
    })
}

/// A NAT gateway that exists (failed and deleted ones stay listed for a while, as in AWS).
fn live_nat(n: &ecs_sim::ec2::NatGateway) -> bool {
    n.is_live()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ecs_sim::console::Console;

    fn world_of(scenario: &str) -> World {
        let script = std::fs::read_to_string(format!(
            "{}/../sim/tests/scenarios/{scenario}.sh",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        let mut console = Console::default();
        console.run(&script);
        console.world
    }

    /// Every `Ref` and `Fn::GetAtt` in `value`.
    fn references(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                for (k, v) in map {
                    match (k.as_str(), v) {
                        ("Ref", Value::String(r)) => out.push(r.clone()),
                        ("Fn::GetAtt", Value::Array(a)) => {
                            out.push(a[0].as_str().unwrap_or_default().to_string())
                        }
                        ("DependsOn", Value::Array(a)) => {
                            out.extend(a.iter().filter_map(|d| d.as_str().map(str::to_string)))
                        }
                        ("DependsOn", Value::String(d)) => out.push(d.clone()),
                        _ => references(v, out),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|i| references(i, out)),
            _ => {}
        }
    }

    #[test]
    fn the_template_has_every_piece_of_the_architecture_and_no_dangling_reference() {
        let world = world_of("bluegreen-canary");
        let template = template(&world);
        let resources = template["Resources"].as_object().unwrap();
        let count = |kind: &str| resources.values().filter(|r| r["Type"] == kind).count();
        assert_eq!(
            count("AWS::EC2::VPC"),
            1,
            "the learner's VPC, not the default one"
        );
        assert_eq!(count("AWS::EC2::Subnet"), 2);
        assert_eq!(count("AWS::EC2::VPCGatewayAttachment"), 1);
        assert_eq!(count("AWS::EC2::SecurityGroup"), 2);
        assert_eq!(count("AWS::ElasticLoadBalancingV2::Listener"), 2);
        assert_eq!(count("AWS::ElasticLoadBalancingV2::TargetGroup"), 2);
        assert_eq!(count("AWS::ECS::Service"), 1);
        assert_eq!(count("AWS::IAM::Role"), 1);
        let mut refs = Vec::new();
        references(&template, &mut refs);
        for r in refs {
            assert!(
                resources.contains_key(&r),
                "{r} is referred to but not defined"
            );
        }
        // The task security group admits the ALB's group by reference.
        let task_sg = resources
            .values()
            .find(|r| r["Properties"]["GroupName"] == "task")
            .unwrap();
        assert!(
            task_sg["Properties"]["SecurityGroupIngress"][0]["SourceSecurityGroupId"]["Ref"]
                .is_string()
        );
        // The service waits for its target group's listener.
        let service = resources
            .values()
            .find(|r| r["Type"] == "AWS::ECS::Service")
            .unwrap();
        assert!(service["DependsOn"]
            .as_array()
            .is_some_and(|d| !d.is_empty()));
        assert_eq!(
            service["Properties"]["DeploymentController"]["Type"],
            "CODE_DEPLOY"
        );
        // The task definition in CloudFormation's spelling; log options as written.
        let td = resources
            .values()
            .find(|r| r["Type"] == "AWS::ECS::TaskDefinition")
            .unwrap();
        assert!(
            td["Properties"]["ContainerDefinitions"][0]["PortMappings"][0]["ContainerPort"]
                .is_number()
        );
        assert_eq!(td["Properties"]["Family"], "web");
    }

    #[test]
    fn the_template_text_is_yaml_that_reads_back_as_the_template() {
        let world = world_of("bluegreen-canary");
        let text = yaml(&world).unwrap().text;
        assert!(
            text.starts_with("AWSTemplateFormatVersion: 2010-09-09\n")
                || text.starts_with("AWSTemplateFormatVersion: \"2010-09-09\"\n"),
            "{}",
            &text[..80]
        );
        assert_eq!(ecs_sim::yaml::parse(&text).unwrap(), template(&world));
        assert!(
            yaml(&World::new(1)).is_none(),
            "an empty account has nothing to export"
        );
    }

    #[test]
    fn deleted_nat_gateways_and_endpoints_are_not_exported() {
        let mut console = ecs_sim::console::Console::default();
        let out = console.run(
            "VPC=$(aws ec2 create-vpc --cidr-block 10.0.0.0/16 --query Vpc.VpcId --output text)
S=$(aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.1.0/24 --query Subnet.SubnetId --output text)
IGW=$(aws ec2 create-internet-gateway --query InternetGateway.InternetGatewayId --output text)
aws ec2 attach-internet-gateway --internet-gateway-id $IGW --vpc-id $VPC
EIP=$(aws ec2 allocate-address --query AllocationId --output text)
NAT=$(aws ec2 create-nat-gateway --subnet-id $S --allocation-id $EIP --query NatGateway.NatGatewayId --output text)
E=$(aws ec2 create-vpc-endpoint --vpc-id $VPC --service-name com.amazonaws.ap-northeast-1.s3 --query VpcEndpoint.VpcEndpointId --output text)
sim advance 3m",
        );
        assert_eq!(out.status, 0, "{}", out.stderr);
        let count = |world: &World, kind: &str| {
            let template = template(world);
            template["Resources"]
                .as_object()
                .unwrap()
                .values()
                .filter(|r| r["Type"] == kind)
                .count()
        };
        assert_eq!(count(&console.world, "AWS::EC2::NatGateway"), 1);
        assert_eq!(count(&console.world, "AWS::EC2::VPCEndpoint"), 1);
        let out = console.run("aws ec2 delete-nat-gateway --nat-gateway-id $NAT\naws ec2 delete-vpc-endpoints --vpc-endpoint-ids $E\nsim advance 5m");
        assert_eq!(out.status, 0, "{}", out.stderr);
        assert_eq!(count(&console.world, "AWS::EC2::NatGateway"), 0);
        assert_eq!(count(&console.world, "AWS::EC2::VPCEndpoint"), 0);
    }
}
