//! Security groups: stateful allow-lists of inbound and outbound rules whose
//! peer is a CIDR or another security group.

use super::cidr::Cidr;
use super::vpc::select;
use super::{limits, Ec2, Ec2Error, Env};
use crate::tags::{self, Filter, Filterable, Tag, TagSpecification};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SecurityGroup {
    pub id: String,
    pub name: String,
    pub description: String,
    pub vpc_id: String,
    pub ingress: Vec<SgRule>,
    pub egress: Vec<SgRule>,
    pub tags: Vec<Tag>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SgRule {
    pub id: String,
    /// `-1` (all), `tcp`, `udp` or `icmp`, as AWS normalises them.
    pub protocol: String,
    /// For tcp/udp the port range; for icmp type and code; `None` for all traffic.
    pub from_port: Option<i64>,
    pub to_port: Option<i64>,
    pub peer: Peer,
    pub description: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Peer {
    Cidr(Cidr),
    Group(String),
}

impl SgRule {
    /// Whether the rule lets `protocol` traffic to `port` through.
    pub fn allows(&self, protocol: &str, port: u16) -> bool {
        if self.protocol == "-1" {
            return true;
        }
        if self.protocol != protocol {
            return false;
        }
        match (self.from_port, self.to_port) {
            (Some(from), Some(to)) if from >= 0 => (from..=to).contains(&i64::from(port)),
            _ => true,
        }
    }

    fn same_permission(&self, other: &SgRule) -> bool {
        self.protocol == other.protocol
            && self.from_port == other.from_port
            && self.to_port == other.to_port
            && self.peer == other.peer
    }

    /// How EC2 names a rule in its duplicate error.
    fn describe(&self) -> String {
        let peer = match &self.peer {
            Peer::Cidr(c) => c.to_string(),
            Peer::Group(g) => g.clone(),
        };
        let protocol = match self.protocol.as_str() {
            "-1" => "ALL".to_string(),
            other => other.to_uppercase(),
        };
        match (self.from_port, self.to_port) {
            (Some(from), Some(to)) => {
                format!("peer: {peer}, {protocol}, from port: {from}, to port: {to}, ALLOW")
            }
            _ => format!("peer: {peer}, {protocol}, ALLOW"),
        }
    }
}

impl SecurityGroup {
    pub(crate) fn new_default(ctx: &mut Env, vpc_id: &str) -> SecurityGroup {
        let id = ctx.rng.ec2_id("sg");
        let ingress = vec![SgRule {
            id: ctx.rng.ec2_id("sgr"),
            protocol: "-1".into(),
            from_port: None,
            to_port: None,
            peer: Peer::Group(id.clone()),
            description: None,
        }];
        let egress = vec![allow_all_egress(ctx)];
        SecurityGroup {
            id,
            name: "default".into(),
            description: "default VPC security group".into(),
            vpc_id: vpc_id.into(),
            ingress,
            egress,
            tags: Vec::new(),
        }
    }

    pub fn is_default(&self) -> bool {
        self.name == "default"
    }

    pub fn shape(&self, account_id: &str) -> Value {
        let mut shape = json!({
            "Description": self.description,
            "GroupName": self.name,
            "IpPermissions": permissions_shape(&self.ingress, account_id),
            "OwnerId": account_id,
            "GroupId": self.id,
            "IpPermissionsEgress": permissions_shape(&self.egress, account_id),
            "VpcId": self.vpc_id,
        });
        if let (Some(tags), Value::Object(map)) = (tags::tags_shape(&self.tags), &mut shape) {
            map.insert("Tags".into(), tags);
        }
        shape
    }
}

fn allow_all_egress(ctx: &mut Env) -> SgRule {
    SgRule {
        id: ctx.rng.ec2_id("sgr"),
        protocol: "-1".into(),
        from_port: None,
        to_port: None,
        peer: Peer::Cidr(Cidr::new(std::net::Ipv4Addr::UNSPECIFIED, 0)),
        description: None,
    }
}

/// A permission's identity: protocol and port range.
type PermissionKey = (String, Option<i64>, Option<i64>);
/// The CIDR ranges and group pairs of one permission.
type PermissionPeers = (Vec<Value>, Vec<Value>);

/// Rules grouped into EC2's `IpPermissions` shape: one entry per protocol and port range.
fn permissions_shape(rules: &[SgRule], account_id: &str) -> Vec<Value> {
    let mut grouped: BTreeMap<PermissionKey, PermissionPeers> = BTreeMap::new();
    let mut order = Vec::new();
    for rule in rules {
        let key = (rule.protocol.clone(), rule.from_port, rule.to_port);
        if !grouped.contains_key(&key) {
            order.push(key.clone());
        }
        let entry = grouped.entry(key).or_default();
        match &rule.peer {
            Peer::Cidr(c) => {
                let mut range = json!({ "CidrIp": c.to_string() });
                if let (Some(d), Value::Object(m)) = (&rule.description, &mut range) {
                    m.insert("Description".into(), json!(d));
                }
                entry.0.push(range);
            }
            Peer::Group(g) => {
                let mut pair = json!({ "GroupId": g, "UserId": account_id });
                if let (Some(d), Value::Object(m)) = (&rule.description, &mut pair) {
                    m.insert("Description".into(), json!(d));
                }
                entry.1.push(pair);
            }
        }
    }
    order
        .into_iter()
        .filter_map(|key| {
            let (ranges, pairs) = grouped.remove(&key)?;
            let mut permission = serde_json::Map::new();
            if let Some(from) = key.1 {
                permission.insert("FromPort".into(), json!(from));
            }
            permission.insert("IpProtocol".into(), json!(key.0));
            permission.insert("IpRanges".into(), json!(ranges));
            permission.insert("Ipv6Ranges".into(), json!([]));
            permission.insert("PrefixListIds".into(), json!([]));
            if let Some(to) = key.2 {
                permission.insert("ToPort".into(), json!(to));
            }
            permission.insert("UserIdGroupPairs".into(), json!(pairs));
            Some(Value::Object(permission))
        })
        .collect()
}

impl Filterable for SecurityGroup {
    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        Some(match name {
            "group-id" => vec![self.id.clone()],
            "group-name" => vec![self.name.clone()],
            "vpc-id" => vec![self.vpc_id.clone()],
            "description" => vec![self.description.clone()],
            "ip-permission.group-id" => self
                .ingress
                .iter()
                .filter_map(|r| match &r.peer {
                    Peer::Group(g) => Some(g.clone()),
                    Peer::Cidr(_) => None,
                })
                .collect(),
            "ip-permission.cidr" => self
                .ingress
                .iter()
                .filter_map(|r| match &r.peer {
                    Peer::Cidr(c) => Some(c.to_string()),
                    Peer::Group(_) => None,
                })
                .collect(),
            _ => return None,
        })
    }
    fn tags(&self) -> &[Tag] {
        &self.tags
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateSecurityGroupInput {
    pub group_name: String,
    pub description: String,
    pub vpc_id: Option<String>,
    #[serde(default)]
    pub tag_specifications: Vec<TagSpecification>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteSecurityGroupInput {
    pub group_id: Option<String>,
    pub group_name: Option<String>,
}

/// The input of AuthorizeSecurityGroupIngress/Egress and RevokeSecurityGroupIngress/Egress.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SecurityGroupRulesInput {
    pub group_id: Option<String>,
    pub group_name: Option<String>,
    #[serde(default)]
    pub ip_permissions: Vec<IpPermission>,
    #[serde(default)]
    pub security_group_rule_ids: Vec<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct IpPermission {
    pub ip_protocol: Option<String>,
    pub from_port: Option<i64>,
    pub to_port: Option<i64>,
    #[serde(default)]
    pub ip_ranges: Vec<IpRange>,
    #[serde(default)]
    pub user_id_group_pairs: Vec<UserIdGroupPair>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct IpRange {
    pub cidr_ip: Option<String>,
    pub description: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserIdGroupPair {
    pub group_id: Option<String>,
    pub description: Option<String>,
}

/// `tcp`, `6` → `tcp`; `-1`, `all` → `-1`.
fn normalise_protocol(text: &str) -> Result<String, Ec2Error> {
    Ok(match text.to_ascii_lowercase().as_str() {
        "-1" | "all" => "-1",
        "tcp" | "6" => "tcp",
        "udp" | "17" => "udp",
        "icmp" | "1" => "icmp",
        _ => return Err(Ec2Error::InvalidProtocol(text.to_string())),
    }
    .to_string())
}

impl Ec2 {
    /// The group named by id, or by name in the default VPC (EC2-Classic habit kept by the API).
    fn group_id_from(
        &self,
        id: &Option<String>,
        name: &Option<String>,
    ) -> Result<String, Ec2Error> {
        match (id, name) {
            (Some(id), _) => Ok(self.security_group(id)?.id.clone()),
            (None, Some(name)) => {
                let default_vpc = self
                    .vpcs
                    .values()
                    .find(|v| v.is_default)
                    .map(|v| v.id.clone());
                self.security_groups
                    .values()
                    .find(|g| &g.name == name && Some(&g.vpc_id) == default_vpc.as_ref())
                    .map(|g| g.id.clone())
                    .ok_or_else(|| Ec2Error::SecurityGroupNotFound(name.clone()))
            }
            (None, None) => Err(Ec2Error::MissingParameter("GroupId")),
        }
    }

    pub fn create_security_group(
        &mut self,
        ctx: &mut Env,
        input: CreateSecurityGroupInput,
    ) -> Result<Value, Ec2Error> {
        let vpc_id = match input.vpc_id {
            Some(id) => self.vpc(&id)?.id.clone(),
            None => self
                .vpcs
                .values()
                .find(|v| v.is_default)
                .map(|v| v.id.clone())
                .ok_or(Ec2Error::MissingParameter("VpcId"))?,
        };
        if input.group_name.to_ascii_lowercase().starts_with("sg-") {
            return Err(Ec2Error::SecurityGroupNameFormat);
        }
        if input.group_name.is_empty() || input.group_name.len() > 255 {
            return Err(Ec2Error::SecurityGroupNameLength(input.group_name));
        }
        let duplicate = self
            .security_groups
            .values()
            .any(|g| g.vpc_id == vpc_id && g.name.eq_ignore_ascii_case(&input.group_name));
        if duplicate {
            return Err(Ec2Error::SecurityGroupDuplicate {
                name: input.group_name,
                vpc: vpc_id,
            });
        }
        if self.security_groups.len() >= limits::SECURITY_GROUPS_PER_REGION {
            return Err(Ec2Error::RulesLimitExceeded);
        }
        let id = ctx.rng.ec2_id("sg");
        let egress = vec![allow_all_egress(ctx)];
        let tags = tags::tags_for(&input.tag_specifications, "security-group");
        let group = SecurityGroup {
            id: id.clone(),
            name: input.group_name,
            description: input.description,
            vpc_id,
            ingress: Vec::new(),
            egress,
            tags: tags.clone(),
        };
        self.security_groups.insert(id.clone(), group);
        let mut out = json!({ "GroupId": id });
        if let (Some(tags), Value::Object(map)) = (tags::tags_shape(&tags), &mut out) {
            map.insert("Tags".into(), tags);
        }
        Ok(out)
    }

    pub fn delete_security_group(
        &mut self,
        input: DeleteSecurityGroupInput,
    ) -> Result<Value, Ec2Error> {
        let id = self.group_id_from(&input.group_id, &input.group_name)?;
        let group = self.security_group(&id)?;
        if group.is_default() {
            return Err(Ec2Error::DefaultGroupNotDeletable(id));
        }
        let referenced = self.security_groups.values().any(|g| {
            g.id != id
                && g.ingress
                    .iter()
                    .chain(&g.egress)
                    .any(|r| r.peer == Peer::Group(id.clone()))
        });
        let in_use = self
            .network_interfaces
            .values()
            .any(|e| e.security_group_ids.contains(&id))
            || self
                .vpc_endpoints
                .values()
                .any(|e| e.is_live() && e.security_group_ids.contains(&id));
        if referenced || in_use {
            return Err(Ec2Error::GroupInUse { id });
        }
        self.security_groups.remove(&id);
        Ok(json!({ "Return": true, "GroupId": id }))
    }

    pub fn describe_security_groups(
        &self,
        ctx: &Env,
        ids: &[String],
        names: &[String],
        filters: &[Filter],
    ) -> Result<Value, Ec2Error> {
        let mut ids = ids.to_vec();
        for name in names {
            ids.push(self.group_id_from(&None, &Some(name.clone()))?);
        }
        let found = select(&self.security_groups, &ids, filters, |id| {
            Ec2Error::SecurityGroupNotFound(id.into())
        })?;
        Ok(
            json!({ "SecurityGroups": found.iter().map(|g| g.shape(ctx.account_id)).collect::<Vec<_>>() }),
        )
    }

    /// The rules an IpPermissions list describes, validated.
    fn rules_from(
        &self,
        ctx: &mut Env,
        group_vpc: &str,
        permissions: &[IpPermission],
    ) -> Result<Vec<SgRule>, Ec2Error> {
        let mut rules = Vec::new();
        for p in permissions {
            let protocol = normalise_protocol(
                p.ip_protocol
                    .as_deref()
                    .ok_or(Ec2Error::MissingParameter("IpProtocol"))?,
            )?;
            let (from, to) = match protocol.as_str() {
                "-1" => (None, None),
                "icmp" => (
                    Some(p.from_port.unwrap_or(-1)),
                    Some(p.to_port.unwrap_or(-1)),
                ),
                _ => {
                    let (Some(from), Some(to)) = (p.from_port, p.to_port) else {
                        return Err(Ec2Error::PortRangeRequired);
                    };
                    if !(0..=65535).contains(&from) || !(0..=65535).contains(&to) || from > to {
                        return Err(Ec2Error::InvalidPortRange { from, to });
                    }
                    (Some(from), Some(to))
                }
            };
            for range in &p.ip_ranges {
                let text = range
                    .cidr_ip
                    .clone()
                    .ok_or(Ec2Error::MissingParameter("CidrIp"))?;
                let cidr = Cidr::parse(&text).ok_or(Ec2Error::InvalidIpRange(text))?;
                rules.push(SgRule {
                    id: String::new(),
                    protocol: protocol.clone(),
                    from_port: from,
                    to_port: to,
                    peer: Peer::Cidr(cidr),
                    description: range.description.clone(),
                });
            }
            for pair in &p.user_id_group_pairs {
                let peer_id = pair
                    .group_id
                    .clone()
                    .ok_or(Ec2Error::MissingParameter("GroupId"))?;
                let peer = self.security_group(&peer_id)?;
                if peer.vpc_id != group_vpc {
                    return Err(Ec2Error::GroupInOtherVpc(peer_id));
                }
                rules.push(SgRule {
                    id: String::new(),
                    protocol: protocol.clone(),
                    from_port: from,
                    to_port: to,
                    peer: Peer::Group(peer_id),
                    description: pair.description.clone(),
                });
            }
        }
        if rules.is_empty() {
            return Err(Ec2Error::NoPermissions);
        }
        for rule in &mut rules {
            rule.id = ctx.rng.ec2_id("sgr");
        }
        Ok(rules)
    }

    pub fn authorize_security_group(
        &mut self,
        ctx: &mut Env,
        input: SecurityGroupRulesInput,
        egress: bool,
    ) -> Result<Value, Ec2Error> {
        let id = self.group_id_from(&input.group_id, &input.group_name)?;
        let group = self.security_group(&id)?;
        let existing = if egress {
            &group.egress
        } else {
            &group.ingress
        };
        // Validate on a scratch RNG first so a rejected call draws no ids.
        let mut probe_rng = ctx.rng.clone();
        let mut probe_events = Vec::new();
        let mut probe = Env {
            rng: &mut probe_rng,
            events: &mut probe_events,
            ..*ctx
        };
        let new_rules =
            self.rules_from(&mut probe, &group.vpc_id.clone(), &input.ip_permissions)?;
        for (i, rule) in new_rules.iter().enumerate() {
            if existing
                .iter()
                .chain(&new_rules[..i])
                .any(|r| r.same_permission(rule))
            {
                return Err(Ec2Error::PermissionDuplicate(rule.describe()));
            }
        }
        if existing.len() + new_rules.len() > limits::RULES_PER_SECURITY_GROUP {
            return Err(Ec2Error::RulesLimitExceeded);
        }
        *ctx.rng = probe_rng;
        let account_id = ctx.account_id;
        let shapes: Vec<Value> = new_rules
            .iter()
            .map(|r| {
                let mut shape = json!({
                    "SecurityGroupRuleId": r.id,
                    "GroupId": id,
                    "GroupOwnerId": account_id,
                    "IsEgress": egress,
                    "IpProtocol": r.protocol,
                    "FromPort": r.from_port.unwrap_or(-1),
                    "ToPort": r.to_port.unwrap_or(-1),
                });
                if let Value::Object(m) = &mut shape {
                    match &r.peer {
                        Peer::Cidr(c) => m.insert("CidrIpv4".into(), json!(c.to_string())),
                        Peer::Group(g) => m.insert(
                            "ReferencedGroupInfo".into(),
                            json!({ "GroupId": g, "UserId": account_id }),
                        ),
                    };
                    if let Some(d) = &r.description {
                        m.insert("Description".into(), json!(d));
                    }
                }
                shape
            })
            .collect();
        if let Some(group) = self.security_groups.get_mut(&id) {
            let list = if egress {
                &mut group.egress
            } else {
                &mut group.ingress
            };
            list.extend(new_rules);
        }
        Ok(json!({ "Return": true, "SecurityGroupRules": shapes }))
    }

    pub fn revoke_security_group(
        &mut self,
        ctx: &mut Env,
        input: SecurityGroupRulesInput,
        egress: bool,
    ) -> Result<Value, Ec2Error> {
        let id = self.group_id_from(&input.group_id, &input.group_name)?;
        let group = self.security_group(&id)?.clone();
        let existing = if egress {
            &group.egress
        } else {
            &group.ingress
        };
        let mut remove_ids: Vec<String> = Vec::new();
        for rule_id in &input.security_group_rule_ids {
            if !existing.iter().any(|r| &r.id == rule_id) {
                return Err(Ec2Error::PermissionNotFound);
            }
            remove_ids.push(rule_id.clone());
        }
        if !input.ip_permissions.is_empty() {
            let mut scratch = ctx.rng.clone();
            let mut scratch_events = Vec::new();
            let mut probe = Env {
                rng: &mut scratch,
                events: &mut scratch_events,
                ..*ctx
            };
            for wanted in self.rules_from(&mut probe, &group.vpc_id, &input.ip_permissions)? {
                match existing.iter().find(|r| r.same_permission(&wanted)) {
                    Some(r) => remove_ids.push(r.id.clone()),
                    None => return Err(Ec2Error::PermissionNotFound),
                }
            }
        }
        if remove_ids.is_empty() {
            return Err(Ec2Error::NoPermissions);
        }
        if let Some(group) = self.security_groups.get_mut(&id) {
            let list = if egress {
                &mut group.egress
            } else {
                &mut group.ingress
            };
            list.retain(|r| !remove_ids.contains(&r.id));
        }
        Ok(json!({ "Return": true }))
    }
}
