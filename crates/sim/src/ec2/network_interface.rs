//! Network interfaces (ENIs): each takes one private address from its subnet.
//! NAT gateways, interface endpoints and load balancer nodes hold them now;
//! tasks and instances will too.

use super::vpc::select;
use super::{Ec2, Ec2Error, Env};
use crate::tags::{Filter, Filterable, Tag};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::net::Ipv4Addr;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum InterfaceOwner {
    NatGateway(String),
    VpcEndpoint(String),
    /// An awsvpc task's interface (by task ARN).
    Task(String),
    /// An EC2 instance's primary interface (by instance id).
    Instance(String),
    /// An Application or Network Load Balancer node (by load balancer ARN).
    LoadBalancer(String),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NetworkInterface {
    pub id: String,
    pub subnet_id: String,
    pub vpc_id: String,
    pub availability_zone: String,
    pub private_ip: Ipv4Addr,
    pub security_group_ids: Vec<String>,
    pub owner: InterfaceOwner,
    pub description: String,
}

impl NetworkInterface {
    pub fn shape(&self, ec2: &Ec2, account_id: &str) -> Value {
        let groups: Vec<Value> = self
            .security_group_ids
            .iter()
            .map(|id| {
                let name = ec2
                    .security_groups
                    .get(id)
                    .map(|g| g.name.clone())
                    .unwrap_or_default();
                json!({ "GroupId": id, "GroupName": name })
            })
            .collect();
        let interface_type = match self.owner {
            InterfaceOwner::NatGateway(_) => "nat_gateway",
            InterfaceOwner::VpcEndpoint(_) => "vpc_endpoint",
            InterfaceOwner::Task(_)
            | InterfaceOwner::Instance(_)
            | InterfaceOwner::LoadBalancer(_) => "interface",
        };
        json!({
            "AvailabilityZone": self.availability_zone,
            "Description": self.description,
            "Groups": groups,
            "InterfaceType": interface_type,
            "NetworkInterfaceId": self.id,
            "OwnerId": account_id,
            "PrivateIpAddress": self.private_ip.to_string(),
            "RequesterManaged": true,
            "Status": "in-use",
            "SubnetId": self.subnet_id,
            "VpcId": self.vpc_id,
        })
    }
}

impl Filterable for NetworkInterface {
    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        Some(match name {
            "network-interface-id" => vec![self.id.clone()],
            "subnet-id" => vec![self.subnet_id.clone()],
            "vpc-id" => vec![self.vpc_id.clone()],
            "availability-zone" => vec![self.availability_zone.clone()],
            "private-ip-address" | "addresses.private-ip-address" => {
                vec![self.private_ip.to_string()]
            }
            "group-id" => self.security_group_ids.clone(),
            _ => return None,
        })
    }
    fn tags(&self) -> &[Tag] {
        &[]
    }
}

impl Ec2 {
    /// The lowest free, unreserved address of the subnet.
    pub fn next_free_address(&self, subnet_id: &str) -> Result<Ipv4Addr, Ec2Error> {
        let subnet = self.subnet(subnet_id)?;
        let used: std::collections::BTreeSet<Ipv4Addr> = self
            .used_addresses(subnet_id)
            .map(|e| e.private_ip)
            .collect();
        (4..subnet.cidr.size().saturating_sub(1))
            .filter_map(|offset| subnet.cidr.nth(offset))
            .find(|addr| !used.contains(addr))
            .ok_or_else(|| Ec2Error::InsufficientFreeAddresses(subnet_id.to_string()))
    }

    /// Creates an interface in `subnet_id`, taking one address.
    pub fn create_interface(
        &mut self,
        ctx: &mut Env,
        subnet_id: &str,
        owner: InterfaceOwner,
        security_group_ids: Vec<String>,
        description: String,
    ) -> Result<String, Ec2Error> {
        let private_ip = self.next_free_address(subnet_id)?;
        let subnet = self.subnet(subnet_id)?;
        let eni = NetworkInterface {
            id: ctx.rng.ec2_id("eni"),
            subnet_id: subnet.id.clone(),
            vpc_id: subnet.vpc_id.clone(),
            availability_zone: subnet.availability_zone.clone(),
            private_ip,
            security_group_ids,
            owner,
            description,
        };
        let id = eni.id.clone();
        self.network_interfaces.insert(id.clone(), eni);
        Ok(id)
    }

    pub fn describe_network_interfaces(
        &self,
        ctx: &Env,
        ids: &[String],
        filters: &[Filter],
    ) -> Result<Value, Ec2Error> {
        let found = select(&self.network_interfaces, ids, filters, |id| {
            Ec2Error::InvalidId(id.into())
        })?;
        Ok(
            json!({ "NetworkInterfaces": found.iter().map(|e| e.shape(self, ctx.account_id)).collect::<Vec<_>>() }),
        )
    }
}
