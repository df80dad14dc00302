//! Load balancers (Application and Network): one node — one network
//! interface, one private address — in each of their subnets, provisioning
//! for a minute before they become active.

use super::{arn, in_range, limits, ElbCtx, ElbError, Elbv2};
use crate::clock::SimTime;
use crate::ec2::{self, InterfaceOwner};
use crate::tags::Tag;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::BTreeSet;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LbType {
    Application,
    Network,
}

impl LbType {
    pub fn as_str(self) -> &'static str {
        match self {
            LbType::Application => "application",
            LbType::Network => "network",
        }
    }

    /// The ARN's type segment: `app` or `net`.
    pub fn arn_kind(self) -> &'static str {
        match self {
            LbType::Application => "app",
            LbType::Network => "net",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scheme {
    InternetFacing,
    Internal,
}

impl Scheme {
    pub fn as_str(self) -> &'static str {
        match self {
            Scheme::InternetFacing => "internet-facing",
            Scheme::Internal => "internal",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LbState {
    Provisioning,
    Active,
}

impl LbState {
    pub fn as_str(self) -> &'static str {
        match self {
            LbState::Provisioning => "provisioning",
            LbState::Active => "active",
        }
    }
}

/// One enabled Availability Zone: the subnet and the node's interface there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LbZone {
    pub zone_name: String,
    pub subnet_id: String,
    pub network_interface_id: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LoadBalancer {
    pub arn: String,
    pub name: String,
    /// The 16 hex digits at the end of the ARN.
    pub id: String,
    pub lb_type: LbType,
    pub scheme: Scheme,
    pub vpc_id: String,
    pub zones: Vec<LbZone>,
    pub security_groups: Vec<String>,
    pub dns_name: String,
    pub created_at: SimTime,
    pub state: LbState,
    pub tags: Vec<Tag>,
}

/// Route 53 zone ids of the regional load balancer domains (AWS's published
/// table, "Elastic Load Balancing endpoints and quotas").
fn canonical_hosted_zone_id(region: &str, lb_type: LbType) -> &'static str {
    match (region, lb_type) {
        ("ap-northeast-1", LbType::Application) => "Z14GRHDCWA56QT",
        ("ap-northeast-1", LbType::Network) => "Z31USIVHYNEOWT",
        ("us-east-1", LbType::Application) => "Z35SXDOTRQ7X7K",
        ("us-east-1", LbType::Network) => "Z26RNL4JYFTOTI",
        ("us-west-2", LbType::Application) => "Z1H1FL5HABSF5",
        ("us-west-2", LbType::Network) => "Z18D5FSROUN65G",
        ("eu-west-1", LbType::Application) => "Z32O12XQLNTSW2",
        ("eu-west-1", LbType::Network) => "Z2IFOLAFXWLO4F",
        _ => "Z2P70J7EXAMPLE",
    }
}

impl LoadBalancer {
    /// `app/<name>/<id>`: how the interface description and metrics name it.
    pub fn full_name(&self) -> String {
        format!("{}/{}/{}", self.lb_type.arn_kind(), self.name, self.id)
    }

    /// The `LoadBalancer` shape of DescribeLoadBalancers.
    pub fn shape(&self, region: &str) -> Value {
        let zones: Vec<Value> = self
            .zones
            .iter()
            .map(|z| {
                json!({
                    "ZoneName": z.zone_name,
                    "SubnetId": z.subnet_id,
                    "LoadBalancerAddresses": [],
                })
            })
            .collect();
        let mut shape = json!({
            "LoadBalancerArn": self.arn,
            "DNSName": self.dns_name,
            "CanonicalHostedZoneId": canonical_hosted_zone_id(region, self.lb_type),
            "CreatedTime": self.created_at.to_iso8601(),
            "LoadBalancerName": self.name,
            "Scheme": self.scheme.as_str(),
            "VpcId": self.vpc_id,
            "State": { "Code": self.state.as_str() },
            "Type": self.lb_type.as_str(),
            "AvailabilityZones": zones,
        });
        if let Value::Object(map) = &mut shape {
            if !self.security_groups.is_empty() || self.lb_type == LbType::Application {
                map.insert("SecurityGroups".into(), json!(self.security_groups));
            }
            map.insert("IpAddressType".into(), json!("ipv4"));
            if self.lb_type == LbType::Network && !self.security_groups.is_empty() {
                map.insert(
                    "EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic".into(),
                    json!("on"),
                );
            }
        }
        shape
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SubnetMapping {
    pub subnet_id: Option<String>,
    pub allocation_id: Option<String>,
    #[serde(rename = "PrivateIPv4Address")]
    pub private_ipv4_address: Option<String>,
    #[serde(rename = "IPv6Address")]
    pub ipv6_address: Option<String>,
    pub source_nat_ipv6_prefix: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateLoadBalancerInput {
    pub name: String,
    #[serde(default)]
    pub subnets: Vec<String>,
    #[serde(default)]
    pub subnet_mappings: Vec<SubnetMapping>,
    /// Omitted or empty: an ALB gets the VPC's `default` group.
    #[serde(default)]
    pub security_groups: Option<Vec<String>>,
    pub scheme: Option<String>,
    #[serde(default)]
    pub tags: Vec<Tag>,
    #[serde(rename = "Type")]
    pub lb_type: Option<String>,
    pub ip_address_type: Option<String>,
    pub customer_owned_ipv4_pool: Option<String>,
    pub enable_prefix_for_ipv6_source_nat: Option<String>,
    pub ipam_pools: Option<Value>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeLoadBalancersInput {
    #[serde(default)]
    pub load_balancer_arns: Vec<String>,
    #[serde(default)]
    pub names: Vec<String>,
    pub marker: Option<String>,
    pub page_size: Option<i64>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteLoadBalancerInput {
    pub load_balancer_arn: String,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SetSecurityGroupsInput {
    pub load_balancer_arn: String,
    #[serde(default)]
    pub security_groups: Vec<String>,
    pub enforce_security_group_inbound_rules_on_private_link_traffic: Option<String>,
}

/// Name rules: ≤32 characters, alphanumerics and hyphens, no leading or
/// trailing hyphen, not starting with `internal-`.
fn check_name(name: &str) -> Result<(), ElbError> {
    if name.chars().count() > 32 {
        return Err(ElbError::LbNameTooLong(name.to_string()));
    }
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(ElbError::LbNameCharacters(name.to_string()));
    }
    if name.starts_with('-') || name.ends_with('-') {
        return Err(ElbError::LbNameHyphen(name.to_string()));
    }
    if name.starts_with("internal-") {
        return Err(ElbError::LbNameInternal(name.to_string()));
    }
    Ok(())
}

/// The security groups a load balancer in `vpc_id` may use: existing, in
/// that VPC, at most five.
fn check_security_groups(
    ec2: &ec2::Ec2,
    vpc_id: &str,
    groups: &[String],
) -> Result<Vec<String>, ElbError> {
    if groups.len() > limits::SECURITY_GROUPS_PER_LOAD_BALANCER {
        return Err(ElbError::TooManySecurityGroups);
    }
    let mut out: Vec<String> = Vec::new();
    for id in groups {
        let group = ec2
            .security_groups
            .get(id)
            .ok_or_else(|| ElbError::SecurityGroupNotFound(id.clone()))?;
        if group.vpc_id != vpc_id {
            return Err(ElbError::SecurityGroupInOtherVpc {
                group: id.clone(),
                vpc: vpc_id.to_string(),
            });
        }
        if !out.contains(id) {
            out.push(id.clone());
        }
    }
    Ok(out)
}

impl Elbv2 {
    pub fn create_load_balancer(
        &mut self,
        ctx: &mut ElbCtx,
        input: CreateLoadBalancerInput,
    ) -> Result<Value, ElbError> {
        check_name(&input.name)?;
        let lb_type = match input.lb_type.as_deref() {
            None | Some("application") => LbType::Application,
            Some("network") => LbType::Network,
            Some("gateway") => {
                return Err(ElbError::Unsupported("Load balancer type 'gateway'".into()))
            }
            Some(other) => {
                return Err(ElbError::EnumValue {
                    value: other.to_string(),
                    field: "type".into(),
                    allowed: "application, network, gateway",
                })
            }
        };
        let scheme = match input.scheme.as_deref() {
            None | Some("internet-facing") => Scheme::InternetFacing,
            Some("internal") => Scheme::Internal,
            Some(other) => {
                return Err(ElbError::EnumValue {
                    value: other.to_string(),
                    field: "scheme".into(),
                    allowed: "internet-facing, internal",
                })
            }
        };
        match input.ip_address_type.as_deref() {
            None | Some("ipv4") => {}
            Some(other @ ("dualstack" | "dualstack-without-public-ipv4")) => {
                return Err(ElbError::Unsupported(format!("IpAddressType '{other}'")))
            }
            Some(other) => {
                return Err(ElbError::EnumValue {
                    value: other.to_string(),
                    field: "ipAddressType".into(),
                    allowed: "ipv4, dualstack, dualstack-without-public-ipv4",
                })
            }
        }
        if input.customer_owned_ipv4_pool.is_some() || input.ipam_pools.is_some() {
            return Err(ElbError::Unsupported(
                "Customer-owned and IPAM address pools".into(),
            ));
        }
        if input.subnet_mappings.iter().any(|m| {
            m.allocation_id.is_some()
                || m.private_ipv4_address.is_some()
                || m.ipv6_address.is_some()
        }) {
            return Err(ElbError::Unsupported(
                "Elastic IP and fixed private addresses in subnet mappings".into(),
            ));
        }
        if !input.subnets.is_empty() && !input.subnet_mappings.is_empty() {
            return Err(ElbError::SubnetsAndMappings);
        }
        let subnet_ids: Vec<String> = if input.subnet_mappings.is_empty() {
            input.subnets.clone()
        } else {
            input
                .subnet_mappings
                .iter()
                .map(|m| m.subnet_id.clone().unwrap_or_default())
                .collect()
        };
        let mut subnets: Vec<&ec2::Subnet> = Vec::new();
        for id in &subnet_ids {
            let subnet = ctx
                .ec2
                .subnets
                .get(id)
                .ok_or_else(|| ElbError::SubnetNotFound(id.clone()))?;
            // The same subnet twice counts once.
            if !subnets.iter().any(|s| s.id == subnet.id) {
                subnets.push(subnet);
            }
        }
        match (lb_type, subnets.len()) {
            (LbType::Application, n) if n < 2 => return Err(ElbError::TwoSubnetsRequired),
            (LbType::Network, 0) => return Err(ElbError::SubnetRequired),
            _ => {}
        }
        let mut zones_seen = BTreeSet::new();
        for subnet in &subnets {
            if !zones_seen.insert(subnet.availability_zone.as_str()) {
                return Err(ElbError::SameZoneSubnets);
            }
        }
        let Some(first) = subnets.first() else {
            return Err(ElbError::SubnetRequired);
        };
        let vpc_id = first.vpc_id.clone();
        if let Some(other) = subnets.iter().find(|s| s.vpc_id != vpc_id) {
            return Err(ElbError::SubnetsInDifferentVpcs(
                first.id.clone(),
                other.id.clone(),
            ));
        }
        for subnet in &subnets {
            if ctx.ec2.available_ip_count(subnet) < limits::FREE_ADDRESSES_PER_SUBNET {
                return Err(ElbError::NotEnoughIpSpace(subnet.id.clone()));
            }
        }
        if scheme == Scheme::InternetFacing
            && !ctx
                .ec2
                .internet_gateways
                .values()
                .any(|g| g.attached_vpc.as_deref() == Some(vpc_id.as_str()))
        {
            return Err(ElbError::NoInternetGateway(vpc_id));
        }
        // An ALB given no groups (or an empty list, obs ansible-collections/
        // amazon.aws#10) gets the VPC's default group; an NLB gets none.
        let given = input.security_groups.clone().unwrap_or_default();
        let security_groups = if given.is_empty() && lb_type == LbType::Application {
            ctx.ec2
                .security_groups
                .values()
                .find(|g| g.vpc_id == vpc_id && g.is_default())
                .map(|g| vec![g.id.clone()])
                .unwrap_or_default()
        } else {
            check_security_groups(ctx.ec2, &vpc_id, &given)?
        };
        if lb_type == LbType::Application && security_groups.is_empty() {
            return Err(ElbError::SecurityGroupRequired);
        }
        let subnet_ids: Vec<(String, String)> = subnets
            .iter()
            .map(|s| (s.id.clone(), s.availability_zone.clone()))
            .collect();
        // Same name and same settings: AWS returns the existing load balancer.
        if let Some(existing) = self.load_balancers.values().find(|l| l.name == input.name) {
            let existing_subnets: BTreeSet<&str> = existing
                .zones
                .iter()
                .map(|z| z.subnet_id.as_str())
                .collect();
            let new_subnets: BTreeSet<&str> = subnet_ids.iter().map(|(s, _)| s.as_str()).collect();
            let same = existing.lb_type == lb_type
                && existing.scheme == scheme
                && existing_subnets == new_subnets
                && existing.security_groups == security_groups;
            if !same {
                return Err(ElbError::DuplicateLoadBalancerName);
            }
            return Ok(json!({ "LoadBalancers": [existing.shape(ctx.env.region)] }));
        }
        if self.load_balancers.len() >= limits::LOAD_BALANCERS_PER_REGION {
            return Err(ElbError::TooManyLoadBalancers);
        }

        let id = ctx.env.rng.hex(16);
        let arn = arn(
            ctx,
            &format!("loadbalancer/{}/{}/{id}", lb_type.arn_kind(), input.name),
        );
        let prefix = if scheme == Scheme::Internal {
            "internal-"
        } else {
            ""
        };
        let dns_name = match lb_type {
            // `<name>-<10 digits>.<region>.elb.amazonaws.com`
            LbType::Application => format!(
                "{prefix}{}-{}.{}.elb.amazonaws.com",
                input.name,
                1_000_000_000 + ctx.env.rng.id_below(9_000_000_000),
                ctx.env.region
            ),
            // NLBs carry the ARN's id: `<name>-<id>.elb.<region>.amazonaws.com`.
            LbType::Network => format!(
                "{prefix}{}-{id}.elb.{}.amazonaws.com",
                input.name, ctx.env.region
            ),
        };
        let full_name = format!("{}/{}/{id}", lb_type.arn_kind(), input.name);
        let mut zones = Vec::new();
        for (subnet_id, zone_name) in subnet_ids {
            let created = {
                let ec2_ctx = &mut ctx.env;
                ctx.ec2.create_interface(
                    ec2_ctx,
                    &subnet_id,
                    InterfaceOwner::LoadBalancer(arn.clone()),
                    security_groups.clone(),
                    format!("ELB {full_name}"),
                )
            };
            match created {
                Ok(eni) => zones.push(LbZone {
                    zone_name,
                    subnet_id,
                    network_interface_id: eni,
                }),
                Err(_) => {
                    // Checked above; should it still fail, leave nothing behind.
                    for zone in &zones {
                        ctx.ec2
                            .network_interfaces
                            .remove(&zone.network_interface_id);
                    }
                    return Err(ElbError::NotEnoughIpSpace(subnet_id));
                }
            }
        }
        let lb = LoadBalancer {
            arn: arn.clone(),
            name: input.name,
            id,
            lb_type,
            scheme,
            vpc_id,
            zones,
            security_groups,
            dns_name,
            created_at: ctx.env.now,
            state: LbState::Provisioning,
            tags: input.tags,
        };
        let shape = lb.shape(ctx.env.region);
        self.load_balancers.insert(arn, lb);
        Ok(json!({ "LoadBalancers": [shape] }))
    }

    pub fn describe_load_balancers(
        &self,
        region: &str,
        input: DescribeLoadBalancersInput,
    ) -> Result<Value, ElbError> {
        if !input.load_balancer_arns.is_empty() && !input.names.is_empty() {
            return Err(ElbError::NamesAndArns);
        }
        if let Some(size) = input.page_size {
            in_range(size, "pageSize", 1, 400)?;
        }
        let chosen: Vec<&LoadBalancer> = if !input.load_balancer_arns.is_empty() {
            input
                .load_balancer_arns
                .iter()
                .map(|arn| self.load_balancer(arn))
                .collect::<Result<_, _>>()?
        } else if !input.names.is_empty() {
            input
                .names
                .iter()
                .map(|name| {
                    self.load_balancers
                        .values()
                        .find(|l| &l.name == name)
                        .ok_or(ElbError::LoadBalancerNotFound)
                })
                .collect::<Result<_, _>>()?
        } else {
            self.load_balancers.values().collect()
        };
        Ok(json!({
            "LoadBalancers": chosen.iter().map(|l| l.shape(region)).collect::<Vec<_>>()
        }))
    }

    /// Deletes the load balancer with its listeners and rules, and frees its
    /// nodes' addresses.
    pub fn delete_load_balancer(
        &mut self,
        ctx: &mut ElbCtx,
        input: DeleteLoadBalancerInput,
    ) -> Result<Value, ElbError> {
        let arn = self.load_balancer(&input.load_balancer_arn)?.arn.clone();
        let listeners: BTreeSet<String> = self
            .listeners
            .values()
            .filter(|l| l.load_balancer_arn == arn)
            .map(|l| l.arn.clone())
            .collect();
        self.rules
            .retain(|_, r| !listeners.contains(&r.listener_arn));
        self.listeners.retain(|a, _| !listeners.contains(a));
        self.load_balancers.remove(&arn);
        let owner = InterfaceOwner::LoadBalancer(arn);
        ctx.ec2
            .network_interfaces
            .retain(|_, eni| eni.owner != owner);
        self.refresh_target_usage(ctx.env.now);
        Ok(json!({}))
    }

    pub fn set_security_groups(
        &mut self,
        ctx: &mut ElbCtx,
        input: SetSecurityGroupsInput,
    ) -> Result<Value, ElbError> {
        let lb = self.load_balancer(&input.load_balancer_arn)?;
        if lb.lb_type == LbType::Network && lb.security_groups.is_empty() {
            return Err(ElbError::NlbWithoutSecurityGroups);
        }
        let groups = check_security_groups(ctx.ec2, &lb.vpc_id, &input.security_groups)?;
        if lb.lb_type == LbType::Application && groups.is_empty() {
            return Err(ElbError::SecurityGroupRequired);
        }
        let arn = lb.arn.clone();
        let owner = InterfaceOwner::LoadBalancer(arn.clone());
        for eni in ctx.ec2.network_interfaces.values_mut() {
            if eni.owner == owner {
                eni.security_group_ids = groups.clone();
            }
        }
        if let Some(lb) = self.load_balancers.get_mut(&arn) {
            lb.security_groups = groups.clone();
        }
        let mut out = json!({ "SecurityGroupIds": groups });
        if let (Some(lb), Value::Object(map)) = (self.load_balancers.get(&arn), &mut out) {
            if lb.lb_type == LbType::Network {
                map.insert(
                    "EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic".into(),
                    json!("on"),
                );
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_rules() {
        assert!(check_name("frontend-alb").is_ok());
        assert!(check_name(&"a".repeat(32)).is_ok());
        assert_eq!(
            check_name(&"a".repeat(33)),
            Err(ElbError::LbNameTooLong("a".repeat(33)))
        );
        assert!(matches!(
            check_name("my_lb"),
            Err(ElbError::LbNameCharacters(_))
        ));
        assert!(matches!(check_name(""), Err(ElbError::LbNameCharacters(_))));
        assert!(matches!(check_name("-lb"), Err(ElbError::LbNameHyphen(_))));
        assert!(matches!(check_name("lb-"), Err(ElbError::LbNameHyphen(_))));
        assert!(matches!(
            check_name("internal-api"),
            Err(ElbError::LbNameInternal(_))
        ));
    }
}
