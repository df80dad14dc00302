//! Subnets: a CIDR inside the VPC in one Availability Zone, minus AWS's five
//! reserved addresses, shrinking as network interfaces take addresses.

use super::cidr::Cidr;
use super::vpc::{select, AttributeBooleanValue};
use super::{limits, Ec2, Ec2Error, Env};
use crate::tags::{self, Filter, Filterable, Tag, TagSpecification};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Subnet {
    pub id: String,
    pub vpc_id: String,
    pub cidr: Cidr,
    pub availability_zone: String,
    pub map_public_ip_on_launch: bool,
    pub default_for_az: bool,
    pub tags: Vec<Tag>,
}

/// The zone id AWS shows beside a zone name (`ap-northeast-1a` → `apne1-az4`,
/// this account's mapping; real accounts map names to ids differently).
pub fn availability_zone_id(az: &str) -> String {
    let split = az.char_indices().last().map(|(i, _)| i).unwrap_or(0);
    let (region, letter) = az.split_at(split);
    let short = match region {
        "ap-northeast-1" => "apne1",
        "us-east-1" => "use1",
        "us-west-2" => "usw2",
        "eu-west-1" => "euw1",
        other => other,
    };
    let number = match letter {
        "a" => 4,
        "b" => 3,
        "c" => 1,
        "d" => 2,
        _ => 5,
    };
    format!("{short}-az{number}")
}

impl Subnet {
    pub fn shape(&self, ec2: &Ec2, account_id: &str, region: &str) -> Value {
        let mut shape = json!({
            "AvailabilityZone": self.availability_zone,
            "AvailabilityZoneId": availability_zone_id(&self.availability_zone),
            "AvailableIpAddressCount": ec2.available_ip_count(self),
            "CidrBlock": self.cidr.to_string(),
            "DefaultForAz": self.default_for_az,
            "MapPublicIpOnLaunch": self.map_public_ip_on_launch,
            "State": "available",
            "SubnetId": self.id,
            "VpcId": self.vpc_id,
            "OwnerId": account_id,
            "AssignIpv6AddressOnCreation": false,
            "Ipv6CidrBlockAssociationSet": [],
            "SubnetArn": format!("arn:aws:ec2:{region}:{account_id}:subnet/{}", self.id),
        });
        if let (Some(tags), Value::Object(map)) = (tags::tags_shape(&self.tags), &mut shape) {
            map.insert("Tags".into(), tags);
        }
        shape
    }
}

impl Filterable for Subnet {
    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        Some(match name {
            "subnet-id" => vec![self.id.clone()],
            "vpc-id" => vec![self.vpc_id.clone()],
            "cidr" | "cidr-block" | "cidrBlock" => vec![self.cidr.to_string()],
            "availability-zone" | "availabilityZone" => vec![self.availability_zone.clone()],
            "availability-zone-id" => vec![availability_zone_id(&self.availability_zone)],
            "default-for-az" | "defaultForAz" => vec![self.default_for_az.to_string()],
            "map-public-ip-on-launch" => vec![self.map_public_ip_on_launch.to_string()],
            "state" => vec!["available".into()],
            _ => return None,
        })
    }
    fn tags(&self) -> &[Tag] {
        &self.tags
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateSubnetInput {
    pub vpc_id: String,
    pub cidr_block: Option<String>,
    pub availability_zone: Option<String>,
    pub availability_zone_id: Option<String>,
    #[serde(default)]
    pub tag_specifications: Vec<TagSpecification>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteSubnetInput {
    pub subnet_id: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ModifySubnetAttributeInput {
    pub subnet_id: String,
    pub map_public_ip_on_launch: Option<AttributeBooleanValue>,
}

impl Ec2 {
    pub fn create_subnet(
        &mut self,
        ctx: &mut Env,
        input: CreateSubnetInput,
    ) -> Result<Value, Ec2Error> {
        let text = input
            .cidr_block
            .ok_or(Ec2Error::MissingParameter("CidrBlock"))?;
        let vpc = self.vpc(&input.vpc_id)?;
        let cidr = Cidr::parse(&text).ok_or_else(|| Ec2Error::InvalidCidrBlock(text.clone()))?;
        if !(16..=28).contains(&cidr.prefix()) || !vpc.cidrs().any(|block| block.contains(&cidr)) {
            return Err(Ec2Error::SubnetRange(text));
        }
        if self
            .subnets
            .values()
            .any(|s| s.vpc_id == vpc.id && s.cidr.overlaps(&cidr))
        {
            return Err(Ec2Error::SubnetConflict(text));
        }
        if self.subnets.values().filter(|s| s.vpc_id == vpc.id).count() >= limits::SUBNETS_PER_VPC {
            return Err(Ec2Error::SubnetLimitExceeded);
        }
        let zone_from_id = input.availability_zone_id.as_ref().map(|zone_id| {
            ctx.availability_zones
                .iter()
                .find(|az| availability_zone_id(az) == *zone_id)
                .cloned()
                .ok_or_else(|| zone_id.clone())
        });
        let az = match (input.availability_zone, zone_from_id) {
            (Some(az), _) => az,
            (None, Some(Ok(az))) => az,
            (None, Some(Err(zone_id))) => zone_id,
            // AWS picks a zone when none is given.
            (None, None) => {
                let i = ctx.rng.below(ctx.availability_zones.len() as u64) as usize;
                ctx.availability_zones.get(i).cloned().unwrap_or_default()
            }
        };
        if !ctx.availability_zones.contains(&az) {
            return Err(Ec2Error::InvalidAvailabilityZone {
                az,
                valid: ctx.availability_zones.join(", "),
            });
        }
        let vpc_id = vpc.id.clone();
        let id = ctx.rng.ec2_id("subnet");
        let subnet = Subnet {
            id: id.clone(),
            vpc_id,
            cidr,
            availability_zone: az,
            map_public_ip_on_launch: false,
            default_for_az: false,
            tags: tags::tags_for(&input.tag_specifications, "subnet"),
        };
        let vpc_id = subnet.vpc_id.clone();
        self.subnets.insert(id.clone(), subnet);
        self.associate_default_acl(ctx, &vpc_id, &id);
        let subnet = self.subnet(&id)?;
        let mut shape = subnet.shape(self, ctx.account_id, ctx.region);
        if let Value::Object(map) = &mut shape {
            map.insert("State".into(), json!("pending"));
        }
        Ok(json!({ "Subnet": shape }))
    }

    pub fn delete_subnet(&mut self, input: DeleteSubnetInput) -> Result<Value, Ec2Error> {
        let subnet = self.subnet(&input.subnet_id)?;
        let id = subnet.id.clone();
        if self.used_addresses(&id).next().is_some() {
            return Err(Ec2Error::DependencyViolation { kind: "subnet", id });
        }
        self.subnets.remove(&id);
        for table in self.route_tables.values_mut() {
            table.subnet_associations.retain(|a| a.subnet_id != id);
        }
        for acl in self.network_acls.values_mut() {
            acl.associations.retain(|a| a.subnet_id != id);
        }
        Ok(Value::Null)
    }

    pub fn describe_subnets(
        &self,
        ctx: &Env,
        ids: &[String],
        filters: &[Filter],
    ) -> Result<Value, Ec2Error> {
        let found = select(&self.subnets, ids, filters, |id| {
            Ec2Error::SubnetNotFound(id.into())
        })?;
        Ok(
            json!({ "Subnets": found.iter().map(|s| s.shape(self, ctx.account_id, ctx.region)).collect::<Vec<_>>() }),
        )
    }

    pub fn modify_subnet_attribute(
        &mut self,
        input: ModifySubnetAttributeInput,
    ) -> Result<Value, Ec2Error> {
        self.subnet(&input.subnet_id)?;
        let value = input
            .map_public_ip_on_launch
            .ok_or(Ec2Error::MissingParameter("MapPublicIpOnLaunch"))?
            .value
            .unwrap_or(false);
        if let Some(subnet) = self.subnets.get_mut(&input.subnet_id) {
            subnet.map_public_ip_on_launch = value;
        }
        Ok(Value::Null)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zone_ids() {
        assert_eq!(availability_zone_id("ap-northeast-1a"), "apne1-az4");
        assert_eq!(availability_zone_id("ap-northeast-1c"), "apne1-az1");
        assert_eq!(availability_zone_id("ap-northeast-1d"), "apne1-az2");
    }
}
