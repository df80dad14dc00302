//! Elastic IP addresses: public IPv4 addresses that a NAT gateway needs.

use super::vpc::select;
use super::{limits, Ec2, Ec2Error, Env};
use crate::tags::{self, Filter, Filterable, Tag, TagSpecification};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::net::Ipv4Addr;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Address {
    pub allocation_id: String,
    pub public_ip: Ipv4Addr,
    pub tags: Vec<Tag>,
}

impl Address {
    pub fn shape(&self, ec2: &Ec2, region: &str) -> Value {
        let mut shape = json!({
            "AllocationId": self.allocation_id,
            "PublicIp": self.public_ip.to_string(),
            "Domain": "vpc",
            "PublicIpv4Pool": "amazon",
            "NetworkBorderGroup": region,
        });
        if let Value::Object(map) = &mut shape {
            if let Some(nat) = ec2.nat_using_address(&self.allocation_id) {
                map.insert(
                    "AssociationId".into(),
                    json!(format!("eipassoc-{}", nat.id.trim_start_matches("nat-"))),
                );
                if let Some(eni_id) = &nat.network_interface_id {
                    map.insert("NetworkInterfaceId".into(), json!(eni_id));
                    if let Some(eni) = ec2.network_interfaces.get(eni_id) {
                        map.insert("PrivateIpAddress".into(), json!(eni.private_ip.to_string()));
                    }
                }
            }
            if let Some(tags) = tags::tags_shape(&self.tags) {
                map.insert("Tags".into(), tags);
            }
        }
        shape
    }
}

impl Filterable for Address {
    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        Some(match name {
            "allocation-id" => vec![self.allocation_id.clone()],
            "public-ip" => vec![self.public_ip.to_string()],
            "domain" => vec!["vpc".into()],
            _ => return None,
        })
    }
    fn tags(&self) -> &[Tag] {
        &self.tags
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AllocateAddressInput {
    pub domain: Option<String>,
    #[serde(default)]
    pub tag_specifications: Vec<TagSpecification>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReleaseAddressInput {
    pub allocation_id: Option<String>,
}

impl Ec2 {
    pub(crate) fn nat_using_address(&self, allocation_id: &str) -> Option<&super::NatGateway> {
        self.nat_gateways
            .values()
            .find(|n| n.is_live() && n.allocation_id.as_deref() == Some(allocation_id))
    }

    pub fn allocate_address(
        &mut self,
        ctx: &mut Env,
        input: AllocateAddressInput,
    ) -> Result<Value, Ec2Error> {
        if self.addresses.len() >= limits::ELASTIC_IPS_PER_REGION {
            return Err(Ec2Error::AddressLimitExceeded);
        }
        // Addresses come from a fixed documentation-like public block, distinct per allocation.
        let public_ip = loop {
            let candidate = Ipv4Addr::new(203, 0, 113, 10 + ctx.rng.below(240) as u8);
            if !self.addresses.values().any(|a| a.public_ip == candidate) {
                break candidate;
            }
        };
        let address = Address {
            allocation_id: ctx.rng.ec2_id("eipalloc"),
            public_ip,
            tags: tags::tags_for(&input.tag_specifications, "elastic-ip"),
        };
        let shape = json!({
            "PublicIp": address.public_ip.to_string(),
            "AllocationId": address.allocation_id,
            "PublicIpv4Pool": "amazon",
            "NetworkBorderGroup": ctx.region,
            "Domain": "vpc",
        });
        self.addresses
            .insert(address.allocation_id.clone(), address);
        Ok(shape)
    }

    pub fn release_address(&mut self, input: ReleaseAddressInput) -> Result<Value, Ec2Error> {
        let id = input
            .allocation_id
            .ok_or(Ec2Error::MissingParameter("AllocationId"))?;
        if !self.addresses.contains_key(&id) {
            return Err(Ec2Error::AllocationNotFound(id));
        }
        if self.nat_using_address(&id).is_some() {
            let ip = self
                .addresses
                .get(&id)
                .map(|a| a.public_ip.to_string())
                .unwrap_or_default();
            return Err(Ec2Error::AddressReleaseInUse(ip));
        }
        self.addresses.remove(&id);
        Ok(Value::Null)
    }

    pub fn describe_addresses(
        &self,
        ctx: &Env,
        ids: &[String],
        filters: &[Filter],
    ) -> Result<Value, Ec2Error> {
        let found = select(&self.addresses, ids, filters, |id| {
            Ec2Error::AllocationNotFound(id.into())
        })?;
        Ok(
            json!({ "Addresses": found.iter().map(|a| a.shape(self, ctx.region)).collect::<Vec<_>>() }),
        )
    }
}
