//! Network ACLs: stateless, numbered allow/deny rules on a subnet's border,
//! evaluated lowest number first. Every VPC has a default ACL that allows
//! everything; a new custom ACL denies everything until rules are added.

use super::cidr::Cidr;
use super::vpc::select;
use super::{Ec2, Ec2Error, Env};
use crate::tags::{self, Filter, Filterable, Tag, TagSpecification};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::net::Ipv4Addr;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NetworkAcl {
    pub id: String,
    pub vpc_id: String,
    pub is_default: bool,
    pub entries: Vec<AclEntry>,
    pub associations: Vec<AclAssociation>,
    pub tags: Vec<Tag>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AclAssociation {
    pub id: String,
    pub subnet_id: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AclEntry {
    pub rule_number: u16,
    pub egress: bool,
    /// Protocol number as AWS stores it: `-1` (all), `6` (tcp), `17` (udp), `1` (icmp).
    pub protocol: String,
    pub allow: bool,
    pub cidr: Cidr,
    pub port_range: Option<(u16, u16)>,
}

/// The highest number a learner may use; 32767 is the fixed `*` rule.
pub const MAX_RULE_NUMBER: i64 = 32766;

impl AclEntry {
    fn matches(&self, protocol: &str, port: u16, peer: Ipv4Addr) -> bool {
        let protocol_ok = self.protocol == "-1" || self.protocol == protocol;
        let port_ok = match (self.protocol.as_str(), self.port_range) {
            ("6" | "17", Some((from, to))) => (from..=to).contains(&port),
            _ => true,
        };
        protocol_ok && port_ok && self.cidr.contains_addr(peer)
    }
}

/// The verdict of an ACL for one packet, and the rule that decided it (`None` = the `*` rule).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AclVerdict {
    pub allowed: bool,
    pub rule_number: Option<u16>,
}

impl NetworkAcl {
    pub(crate) fn new(ctx: &mut Env, vpc_id: &str, is_default: bool) -> NetworkAcl {
        let all = Cidr::new(Ipv4Addr::UNSPECIFIED, 0);
        let entries = if is_default {
            [false, true]
                .into_iter()
                .map(|egress| AclEntry {
                    rule_number: 100,
                    egress,
                    protocol: "-1".into(),
                    allow: true,
                    cidr: all,
                    port_range: None,
                })
                .collect()
        } else {
            Vec::new()
        };
        NetworkAcl {
            id: ctx.rng.ec2_id("acl"),
            vpc_id: vpc_id.into(),
            is_default,
            entries,
            associations: Vec::new(),
            tags: Vec::new(),
        }
    }

    /// First matching rule by number wins; nothing matching means the `*` deny.
    /// `protocol` is `6`, `17` or `1`; `peer` is the address on the other side.
    pub fn evaluate(&self, egress: bool, protocol: &str, port: u16, peer: Ipv4Addr) -> AclVerdict {
        let mut rules: Vec<&AclEntry> =
            self.entries.iter().filter(|e| e.egress == egress).collect();
        rules.sort_by_key(|e| e.rule_number);
        match rules.into_iter().find(|e| e.matches(protocol, port, peer)) {
            Some(rule) => AclVerdict {
                allowed: rule.allow,
                rule_number: Some(rule.rule_number),
            },
            None => AclVerdict {
                allowed: false,
                rule_number: None,
            },
        }
    }

    pub fn shape(&self, account_id: &str) -> Value {
        let mut entries: Vec<&AclEntry> = self.entries.iter().collect();
        entries.sort_by_key(|e| (e.egress, e.rule_number));
        let mut shaped: Vec<Value> = entries
            .into_iter()
            .map(|e| {
                let mut entry = json!({
                    "CidrBlock": e.cidr.to_string(),
                    "Egress": e.egress,
                    "Protocol": e.protocol,
                    "RuleAction": if e.allow { "allow" } else { "deny" },
                    "RuleNumber": e.rule_number,
                });
                if let (Some((from, to)), Value::Object(map)) = (e.port_range, &mut entry) {
                    map.insert("PortRange".into(), json!({ "From": from, "To": to }));
                }
                entry
            })
            .collect();
        for egress in [false, true] {
            shaped.push(json!({ "CidrBlock": "0.0.0.0/0", "Egress": egress, "Protocol": "-1", "RuleAction": "deny", "RuleNumber": 32767 }));
        }
        let mut shape = json!({
            "Associations": self.associations.iter().map(|a| json!({
                "NetworkAclAssociationId": a.id, "NetworkAclId": self.id, "SubnetId": a.subnet_id,
            })).collect::<Vec<_>>(),
            "Entries": shaped,
            "IsDefault": self.is_default,
            "NetworkAclId": self.id,
            "VpcId": self.vpc_id,
            "OwnerId": account_id,
        });
        if let (Some(tags), Value::Object(map)) = (tags::tags_shape(&self.tags), &mut shape) {
            map.insert("Tags".into(), tags);
        }
        shape
    }
}

impl Filterable for NetworkAcl {
    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        Some(match name {
            "network-acl-id" => vec![self.id.clone()],
            "vpc-id" => vec![self.vpc_id.clone()],
            "default" => vec![self.is_default.to_string()],
            "association.subnet-id" => self
                .associations
                .iter()
                .map(|a| a.subnet_id.clone())
                .collect(),
            "association.association-id" => {
                self.associations.iter().map(|a| a.id.clone()).collect()
            }
            _ => return None,
        })
    }
    fn tags(&self) -> &[Tag] {
        &self.tags
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateNetworkAclInput {
    pub vpc_id: String,
    #[serde(default)]
    pub tag_specifications: Vec<TagSpecification>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteNetworkAclInput {
    pub network_acl_id: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PortRange {
    pub from: Option<i64>,
    pub to: Option<i64>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct NetworkAclEntryInput {
    pub network_acl_id: String,
    pub rule_number: i64,
    #[serde(default)]
    pub egress: bool,
    pub protocol: Option<String>,
    pub rule_action: Option<String>,
    pub cidr_block: Option<String>,
    pub port_range: Option<PortRange>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReplaceNetworkAclAssociationInput {
    pub association_id: String,
    pub network_acl_id: String,
}

fn acl_protocol(text: &str) -> Result<String, Ec2Error> {
    Ok(match text.to_ascii_lowercase().as_str() {
        "-1" | "all" => "-1",
        "tcp" | "6" => "6",
        "udp" | "17" => "17",
        "icmp" | "1" => "1",
        _ => return Err(Ec2Error::InvalidProtocol(text.to_string())),
    }
    .to_string())
}

impl Ec2 {
    fn network_acl(&self, id: &str) -> Result<&NetworkAcl, Ec2Error> {
        self.network_acls
            .get(id)
            .ok_or_else(|| Ec2Error::NetworkAclNotFound(id.to_string()))
    }

    /// The ACL guarding a subnet: its association, else the VPC's default ACL.
    pub fn effective_network_acl(&self, subnet_id: &str) -> Option<&NetworkAcl> {
        let subnet = self.subnets.get(subnet_id)?;
        self.network_acls
            .values()
            .find(|a| a.associations.iter().any(|x| x.subnet_id == subnet_id))
            .or_else(|| {
                self.network_acls
                    .values()
                    .find(|a| a.vpc_id == subnet.vpc_id && a.is_default)
            })
    }

    /// A new subnet is associated with its VPC's default ACL (AWS gives it an association id).
    pub(crate) fn associate_default_acl(&mut self, ctx: &mut Env, vpc_id: &str, subnet_id: &str) {
        let id = ctx.rng.ec2_id("aclassoc");
        if let Some(acl) = self
            .network_acls
            .values_mut()
            .find(|a| a.vpc_id == vpc_id && a.is_default)
        {
            acl.associations.push(AclAssociation {
                id,
                subnet_id: subnet_id.to_string(),
            });
        }
    }

    pub fn create_network_acl(
        &mut self,
        ctx: &mut Env,
        input: CreateNetworkAclInput,
    ) -> Result<Value, Ec2Error> {
        self.vpc(&input.vpc_id)?;
        let mut acl = NetworkAcl::new(ctx, &input.vpc_id, false);
        acl.tags = tags::tags_for(&input.tag_specifications, "network-acl");
        let shape = acl.shape(ctx.account_id);
        self.network_acls.insert(acl.id.clone(), acl);
        Ok(json!({ "NetworkAcl": shape }))
    }

    pub fn delete_network_acl(&mut self, input: DeleteNetworkAclInput) -> Result<Value, Ec2Error> {
        let acl = self.network_acl(&input.network_acl_id)?;
        if acl.is_default {
            return Err(Ec2Error::DefaultNetworkAcl(acl.id.clone()));
        }
        if !acl.associations.is_empty() {
            return Err(Ec2Error::DependencyViolation {
                kind: "networkAcl",
                id: acl.id.clone(),
            });
        }
        self.network_acls.remove(&input.network_acl_id);
        Ok(Value::Null)
    }

    fn entry_from(&self, input: &NetworkAclEntryInput) -> Result<AclEntry, Ec2Error> {
        self.network_acl(&input.network_acl_id)?;
        if !(1..=MAX_RULE_NUMBER).contains(&input.rule_number) {
            return Err(Ec2Error::InvalidRuleNumber(input.rule_number));
        }
        let protocol = acl_protocol(
            input
                .protocol
                .as_deref()
                .ok_or(Ec2Error::MissingParameter("Protocol"))?,
        )?;
        let allow = match input
            .rule_action
            .as_deref()
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("allow") => true,
            Some("deny") => false,
            Some(other) => return Err(Ec2Error::InvalidRuleAction(other.to_string())),
            None => return Err(Ec2Error::MissingParameter("RuleAction")),
        };
        let text = input
            .cidr_block
            .clone()
            .ok_or(Ec2Error::MissingParameter("CidrBlock"))?;
        let cidr = Cidr::parse(&text).ok_or(Ec2Error::InvalidCidrBlock(text))?;
        let port_range = match (protocol.as_str(), &input.port_range) {
            (
                "6" | "17",
                Some(PortRange {
                    from: Some(from),
                    to: Some(to),
                }),
            ) => {
                let valid = |p: i64| u16::try_from(p).ok();
                match (valid(*from), valid(*to)) {
                    (Some(f), Some(t)) if f <= t => Some((f, t)),
                    _ => {
                        return Err(Ec2Error::InvalidPortRange {
                            from: *from,
                            to: *to,
                        })
                    }
                }
            }
            ("6" | "17", _) => return Err(Ec2Error::PortRangeRequired),
            _ => None,
        };
        let rule_number = u16::try_from(input.rule_number)
            .map_err(|_| Ec2Error::InvalidRuleNumber(input.rule_number))?;
        Ok(AclEntry {
            rule_number,
            egress: input.egress,
            protocol,
            allow,
            cidr,
            port_range,
        })
    }

    pub fn create_network_acl_entry(
        &mut self,
        input: NetworkAclEntryInput,
    ) -> Result<Value, Ec2Error> {
        let entry = self.entry_from(&input)?;
        let acl = self.network_acl(&input.network_acl_id)?;
        if acl
            .entries
            .iter()
            .any(|e| e.egress == entry.egress && e.rule_number == entry.rule_number)
        {
            return Err(Ec2Error::NetworkAclEntryExists(entry.rule_number));
        }
        if acl
            .entries
            .iter()
            .filter(|e| e.egress == entry.egress)
            .count()
            >= 20
        {
            return Err(Ec2Error::NetworkAclEntryLimitExceeded);
        }
        if let Some(acl) = self.network_acls.get_mut(&input.network_acl_id) {
            acl.entries.push(entry);
        }
        Ok(Value::Null)
    }

    pub fn replace_network_acl_entry(
        &mut self,
        input: NetworkAclEntryInput,
    ) -> Result<Value, Ec2Error> {
        let entry = self.entry_from(&input)?;
        let acl = self
            .network_acls
            .get_mut(&input.network_acl_id)
            .ok_or_else(|| Ec2Error::NetworkAclNotFound(input.network_acl_id.clone()))?;
        match acl
            .entries
            .iter_mut()
            .find(|e| e.egress == entry.egress && e.rule_number == entry.rule_number)
        {
            Some(existing) => *existing = entry,
            None => return Err(Ec2Error::NetworkAclEntryNotFound(entry.rule_number)),
        }
        Ok(Value::Null)
    }

    pub fn delete_network_acl_entry(
        &mut self,
        input: NetworkAclEntryInput,
    ) -> Result<Value, Ec2Error> {
        let acl = self
            .network_acls
            .get_mut(&input.network_acl_id)
            .ok_or_else(|| Ec2Error::NetworkAclNotFound(input.network_acl_id.clone()))?;
        let before = acl.entries.len();
        acl.entries.retain(|e| {
            !(e.egress == input.egress && i64::from(e.rule_number) == input.rule_number)
        });
        if acl.entries.len() == before {
            return Err(Ec2Error::NetworkAclEntryNotFound(
                u16::try_from(input.rule_number).unwrap_or(0),
            ));
        }
        Ok(Value::Null)
    }

    pub fn replace_network_acl_association(
        &mut self,
        ctx: &mut Env,
        input: ReplaceNetworkAclAssociationInput,
    ) -> Result<Value, Ec2Error> {
        let target_vpc = self.network_acl(&input.network_acl_id)?.vpc_id.clone();
        let (old_id, subnet_id) = self
            .network_acls
            .values()
            .find_map(|a| {
                a.associations
                    .iter()
                    .find(|x| x.id == input.association_id)
                    .map(|x| (a.id.clone(), x.subnet_id.clone()))
            })
            .ok_or_else(|| Ec2Error::AssociationNotFound(input.association_id.clone()))?;
        if self.subnet(&subnet_id)?.vpc_id != target_vpc {
            return Err(Ec2Error::SubnetInOtherVpc {
                subnet: subnet_id,
                table: input.network_acl_id,
            });
        }
        let new_id = ctx.rng.ec2_id("aclassoc");
        if let Some(old) = self.network_acls.get_mut(&old_id) {
            old.associations.retain(|x| x.id != input.association_id);
        }
        if let Some(acl) = self.network_acls.get_mut(&input.network_acl_id) {
            acl.associations.push(AclAssociation {
                id: new_id.clone(),
                subnet_id,
            });
        }
        Ok(json!({ "NewAssociationId": new_id }))
    }

    pub fn describe_network_acls(
        &self,
        ctx: &Env,
        ids: &[String],
        filters: &[Filter],
    ) -> Result<Value, Ec2Error> {
        let found = select(&self.network_acls, ids, filters, |id| {
            Ec2Error::NetworkAclNotFound(id.into())
        })?;
        Ok(
            json!({ "NetworkAcls": found.iter().map(|a| a.shape(ctx.account_id)).collect::<Vec<_>>() }),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(
        rule_number: u16,
        allow: bool,
        protocol: &str,
        cidr: &str,
        ports: Option<(u16, u16)>,
    ) -> AclEntry {
        AclEntry {
            rule_number,
            egress: false,
            protocol: protocol.into(),
            allow,
            cidr: Cidr::parse(cidr).unwrap(),
            port_range: ports,
        }
    }

    #[test]
    fn lowest_matching_rule_wins_and_nothing_matching_is_denied() {
        let acl = NetworkAcl {
            id: "acl-1".into(),
            vpc_id: "vpc-1".into(),
            is_default: false,
            entries: vec![
                entry(200, true, "-1", "0.0.0.0/0", None),
                entry(100, false, "6", "10.0.0.0/16", Some((22, 22))),
            ],
            associations: Vec::new(),
            tags: Vec::new(),
        };
        let ip = |s: &str| s.parse().unwrap();
        assert_eq!(
            acl.evaluate(false, "6", 22, ip("10.0.1.5")),
            AclVerdict {
                allowed: false,
                rule_number: Some(100)
            }
        );
        assert_eq!(
            acl.evaluate(false, "6", 80, ip("10.0.1.5")),
            AclVerdict {
                allowed: true,
                rule_number: Some(200)
            }
        );
        assert_eq!(
            acl.evaluate(true, "6", 80, ip("10.0.1.5")),
            AclVerdict {
                allowed: false,
                rule_number: None
            }
        );
    }
}
