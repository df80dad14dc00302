//! VPCs: CIDR blocks (primary and secondary), DNS attributes, and the resources
//! every VPC is born with (main route table, `default` security group).

use super::cidr::Cidr;
use super::{limits, Ec2, Ec2Error, Env, RouteTable, SecurityGroup};
use crate::tags::{self, Filterable, Tag, TagSpecification};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Vpc {
    pub id: String,
    /// The first block is the primary one.
    pub cidr_blocks: Vec<CidrBlockAssociation>,
    pub is_default: bool,
    pub enable_dns_support: bool,
    pub enable_dns_hostnames: bool,
    pub tags: Vec<Tag>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CidrBlockAssociation {
    pub association_id: String,
    pub cidr: Cidr,
}

impl Vpc {
    pub fn primary_cidr(&self) -> Option<Cidr> {
        self.cidr_blocks.first().map(|b| b.cidr)
    }

    pub fn cidrs(&self) -> impl Iterator<Item = Cidr> + '_ {
        self.cidr_blocks.iter().map(|b| b.cidr)
    }

    /// The `Vpc` shape of DescribeVpcs.
    pub fn shape(&self, ctx_owner: &str, dhcp_options_id: &str, state: &str) -> Value {
        let mut shape = json!({
            "CidrBlock": self.primary_cidr().map(|c| c.to_string()),
            "DhcpOptionsId": dhcp_options_id,
            "State": state,
            "VpcId": self.id,
            "OwnerId": ctx_owner,
            "InstanceTenancy": "default",
            "CidrBlockAssociationSet": self.cidr_blocks.iter().map(|b| json!({
                "AssociationId": b.association_id,
                "CidrBlock": b.cidr.to_string(),
                "CidrBlockState": { "State": "associated" },
            })).collect::<Vec<_>>(),
            "IsDefault": self.is_default,
        });
        if let (Some(tags), Value::Object(map)) = (tags::tags_shape(&self.tags), &mut shape) {
            map.insert("Tags".into(), tags);
        }
        shape
    }
}

impl Filterable for Vpc {
    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        Some(match name {
            "vpc-id" => vec![self.id.clone()],
            "cidr" | "cidr-block" => self
                .primary_cidr()
                .map(|c| c.to_string())
                .into_iter()
                .collect(),
            "cidr-block-association.cidr-block" => self.cidrs().map(|c| c.to_string()).collect(),
            "cidr-block-association.association-id" => self
                .cidr_blocks
                .iter()
                .map(|b| b.association_id.clone())
                .collect(),
            "is-default" => vec![self.is_default.to_string()],
            "state" => vec!["available".into()],
            _ => return None,
        })
    }
    fn tags(&self) -> &[Tag] {
        &self.tags
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateVpcInput {
    pub cidr_block: Option<String>,
    #[serde(default)]
    pub tag_specifications: Vec<TagSpecification>,
    pub instance_tenancy: Option<String>,
    pub amazon_provided_ipv6_cidr_block: Option<bool>,
    pub dry_run: Option<bool>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteVpcInput {
    pub vpc_id: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AttributeBooleanValue {
    pub value: Option<bool>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ModifyVpcAttributeInput {
    pub vpc_id: String,
    pub enable_dns_support: Option<AttributeBooleanValue>,
    pub enable_dns_hostnames: Option<AttributeBooleanValue>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeVpcAttributeInput {
    pub vpc_id: String,
    pub attribute: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AssociateVpcCidrBlockInput {
    pub vpc_id: String,
    pub cidr_block: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DisassociateVpcCidrBlockInput {
    pub association_id: String,
}

/// The CIDR a caller gave, checked as VPC blocks are: a valid block, /16–/28, not link-local.
fn vpc_cidr(text: &str) -> Result<Cidr, Ec2Error> {
    let cidr = Cidr::parse(text).ok_or_else(|| Ec2Error::InvalidCidrBlock(text.to_string()))?;
    let link_local = Cidr::parse("169.254.0.0/16").is_some_and(|ll| ll.overlaps(&cidr));
    if !(16..=28).contains(&cidr.prefix()) || link_local {
        return Err(Ec2Error::VpcRange(text.to_string()));
    }
    Ok(cidr)
}

impl Ec2 {
    pub fn create_vpc(&mut self, ctx: &mut Env, input: CreateVpcInput) -> Result<Value, Ec2Error> {
        let text = input
            .cidr_block
            .ok_or(Ec2Error::MissingParameter("CidrBlock"))?;
        let cidr = vpc_cidr(&text)?;
        if self.vpcs.len() >= limits::VPCS_PER_REGION {
            return Err(Ec2Error::VpcLimitExceeded);
        }
        let tags = tags::tags_for(&input.tag_specifications, "vpc");
        let vpc_id = self.insert_vpc(ctx, cidr, false, tags);
        let vpc = self.vpc(&vpc_id)?;
        Ok(json!({ "Vpc": vpc.shape(ctx.account_id, &self.dhcp_options_id, "pending") }))
    }

    /// Creates a VPC with its main route table and default security group.
    pub(crate) fn insert_vpc(
        &mut self,
        ctx: &mut Env,
        cidr: Cidr,
        is_default: bool,
        tags: Vec<Tag>,
    ) -> String {
        let vpc_id = ctx.rng.ec2_id("vpc");
        let association_id = ctx.rng.ec2_id("vpc-cidr-assoc");
        self.vpcs.insert(
            vpc_id.clone(),
            Vpc {
                id: vpc_id.clone(),
                cidr_blocks: vec![CidrBlockAssociation {
                    association_id,
                    cidr,
                }],
                is_default,
                enable_dns_support: true,
                // Non-default VPCs start without DNS hostnames (AWS default).
                enable_dns_hostnames: is_default,
                tags,
            },
        );
        let table = RouteTable::new_main(ctx, &vpc_id);
        self.route_tables.insert(table.id.clone(), table);
        let group = SecurityGroup::new_default(ctx, &vpc_id);
        self.security_groups.insert(group.id.clone(), group);
        let acl = super::NetworkAcl::new(ctx, &vpc_id, true);
        self.network_acls.insert(acl.id.clone(), acl);
        vpc_id
    }

    pub fn delete_vpc(&mut self, input: DeleteVpcInput) -> Result<Value, Ec2Error> {
        let vpc = self.vpc(&input.vpc_id)?;
        let id = vpc.id.clone();
        let depends = self.subnets.values().any(|s| s.vpc_id == id)
            || self
                .internet_gateways
                .values()
                .any(|g| g.attached_vpc.as_deref() == Some(&id))
            || self
                .route_tables
                .values()
                .any(|t| t.vpc_id == id && !t.main)
            || self
                .security_groups
                .values()
                .any(|g| g.vpc_id == id && !g.is_default())
            || self
                .vpc_endpoints
                .values()
                .any(|e| e.vpc_id == id && e.is_live())
            || self
                .nat_gateways
                .values()
                .any(|n| n.vpc_id == id && n.is_live());
        if depends {
            return Err(Ec2Error::DependencyViolation { kind: "vpc", id });
        }
        self.vpcs.remove(&id);
        self.route_tables.retain(|_, t| t.vpc_id != id);
        self.security_groups.retain(|_, g| g.vpc_id != id);
        self.vpc_endpoints.retain(|_, e| e.vpc_id != id);
        self.nat_gateways.retain(|_, n| n.vpc_id != id);
        self.network_acls.retain(|_, a| a.vpc_id != id);
        Ok(Value::Null)
    }

    pub fn describe_vpcs(
        &self,
        ctx: &Env,
        ids: &[String],
        filters: &[tags::Filter],
    ) -> Result<Value, Ec2Error> {
        let found = select(&self.vpcs, ids, filters, |id| {
            Ec2Error::VpcNotFound(id.into())
        })?;
        Ok(json!({
            "Vpcs": found.iter().map(|v| v.shape(ctx.account_id, &self.dhcp_options_id, "available")).collect::<Vec<_>>()
        }))
    }

    pub fn modify_vpc_attribute(
        &mut self,
        input: ModifyVpcAttributeInput,
    ) -> Result<Value, Ec2Error> {
        self.vpc(&input.vpc_id)?;
        let change = match (input.enable_dns_support, input.enable_dns_hostnames) {
            (Some(_), Some(_)) => return Err(Ec2Error::MultipleVpcAttributes),
            (None, None) => return Err(Ec2Error::NoVpcAttribute),
            (Some(v), None) => (true, v.value.unwrap_or(false)),
            (None, Some(v)) => (false, v.value.unwrap_or(false)),
        };
        if let Some(vpc) = self.vpcs.get_mut(&input.vpc_id) {
            match change {
                (true, value) => vpc.enable_dns_support = value,
                (false, value) => vpc.enable_dns_hostnames = value,
            }
        }
        Ok(Value::Null)
    }

    pub fn describe_vpc_attribute(
        &self,
        input: DescribeVpcAttributeInput,
    ) -> Result<Value, Ec2Error> {
        let vpc = self.vpc(&input.vpc_id)?;
        match input.attribute.as_str() {
            "enableDnsSupport" => Ok(
                json!({ "VpcId": vpc.id, "EnableDnsSupport": { "Value": vpc.enable_dns_support } }),
            ),
            "enableDnsHostnames" => Ok(
                json!({ "VpcId": vpc.id, "EnableDnsHostnames": { "Value": vpc.enable_dns_hostnames } }),
            ),
            other => Err(Ec2Error::UnknownVpcAttribute(other.to_string())),
        }
    }

    pub fn associate_vpc_cidr_block(
        &mut self,
        ctx: &mut Env,
        input: AssociateVpcCidrBlockInput,
    ) -> Result<Value, Ec2Error> {
        let text = input
            .cidr_block
            .ok_or(Ec2Error::MissingParameter("CidrBlock"))?;
        let vpc = self.vpc(&input.vpc_id)?;
        let cidr = vpc_cidr(&text)?;
        if vpc.cidr_blocks.len() >= limits::CIDR_BLOCKS_PER_VPC {
            return Err(Ec2Error::CidrLimitExceeded(vpc.id.clone()));
        }
        if vpc.cidrs().any(|existing| existing.overlaps(&cidr)) {
            return Err(Ec2Error::CidrConflict(text));
        }
        // A block from one RFC 1918 range may not join a VPC that uses another
        // (the VPC guide's association table; its conservative reading).
        let primary_range = vpc.primary_cidr().and_then(|c| c.rfc1918_range());
        let new_range = cidr.rfc1918_range();
        let restricted = match (primary_range, new_range) {
            (Some(a), Some(b)) => a != b,
            (None, Some(_)) => true,
            _ => false,
        };
        if restricted {
            return Err(Ec2Error::CidrRestricted { cidr: text });
        }
        let association_id = ctx.rng.ec2_id("vpc-cidr-assoc");
        let vpc_id = vpc.id.clone();
        if let Some(vpc) = self.vpcs.get_mut(&vpc_id) {
            vpc.cidr_blocks.push(CidrBlockAssociation {
                association_id: association_id.clone(),
                cidr,
            });
        }
        Ok(json!({
            "CidrBlockAssociation": {
                "AssociationId": association_id,
                "CidrBlock": cidr.to_string(),
                "CidrBlockState": { "State": "associating" },
            },
            "VpcId": vpc_id,
        }))
    }

    pub fn disassociate_vpc_cidr_block(
        &mut self,
        input: DisassociateVpcCidrBlockInput,
    ) -> Result<Value, Ec2Error> {
        let (vpc, index) = self
            .vpcs
            .values()
            .find_map(|v| {
                v.cidr_blocks
                    .iter()
                    .position(|b| b.association_id == input.association_id)
                    .map(|i| (v, i))
            })
            .ok_or_else(|| Ec2Error::CidrAssociationNotFound(input.association_id.clone()))?;
        let block = vpc.cidr_blocks[index].clone();
        if index == 0 {
            return Err(Ec2Error::PrimaryCidrNotDisassociable {
                vpc: vpc.id.clone(),
                cidr: block.cidr.to_string(),
            });
        }
        if self
            .subnets
            .values()
            .any(|s| s.vpc_id == vpc.id && block.cidr.contains(&s.cidr))
        {
            return Err(Ec2Error::CidrInUse(input.association_id));
        }
        let vpc_id = vpc.id.clone();
        if let Some(vpc) = self.vpcs.get_mut(&vpc_id) {
            vpc.cidr_blocks.remove(index);
        }
        Ok(json!({
            "CidrBlockAssociation": {
                "AssociationId": block.association_id,
                "CidrBlock": block.cidr.to_string(),
                "CidrBlockState": { "State": "disassociating" },
            },
            "VpcId": vpc_id,
        }))
    }
}

/// The resources a describe call returns: the ids asked for (each must exist)
/// or all of them, then narrowed by the filters.
pub(crate) fn select<'a, R: Filterable>(
    all: &'a std::collections::BTreeMap<String, R>,
    ids: &[String],
    filters: &[tags::Filter],
    not_found: impl Fn(&str) -> Ec2Error,
) -> Result<Vec<&'a R>, Ec2Error> {
    let chosen: Vec<&R> = if ids.is_empty() {
        all.values().collect()
    } else {
        let mut chosen = Vec::new();
        for id in ids {
            match all.get(id) {
                Some(r) => chosen.push(r),
                None => return Err(not_found(id)),
            }
        }
        chosen
    };
    let mut out = Vec::new();
    for r in chosen {
        match tags::matches_filters(r, filters) {
            Ok(true) => out.push(r),
            Ok(false) => {}
            Err(name) => return Err(Ec2Error::InvalidFilter(name)),
        }
    }
    Ok(out)
}
