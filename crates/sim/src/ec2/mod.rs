//! EC2 networking: VPCs, subnets, route tables, gateways, Elastic IPs,
//! security groups, VPC endpoints and the network interfaces that take
//! addresses — with AWS's validation rules and error codes.
//!
//! State is kept in `BTreeMap`s keyed by id so that every listing comes out
//! in a stable order. Derived facts (a subnet's free addresses, whether it is
//! public, a route's blackhole state, the `local` routes) are computed when
//! asked, never stored, so they cannot drift.

mod address;
pub mod cidr;
mod error;
pub mod instance_type;
mod internet_gateway;
pub mod launch_template;
mod nat_gateway;
mod network_acl;
mod network_interface;
pub mod reachability;
pub mod route_table;
mod security_group;
mod subnet;
mod vpc;
mod vpc_endpoint;

pub use address::Address;
pub use error::Ec2Error;
pub use internet_gateway::InternetGateway;
pub use launch_template::{LaunchTemplate, LaunchTemplateInput};
pub use nat_gateway::{NatGateway, NatState};
pub use network_acl::{
    AclEntry, AclVerdict, CreateNetworkAclInput, DeleteNetworkAclInput, NetworkAcl,
    NetworkAclEntryInput, ReplaceNetworkAclAssociationInput,
};
pub use network_interface::{InterfaceOwner, NetworkInterface};
pub use reachability::{Check, Node, Trace, TraceHop};
pub use route_table::{Destination, Hop, Route, RouteTable, RouteTarget};
pub use security_group::{Peer, SecurityGroup, SgRule};
pub use subnet::Subnet;
pub use vpc::Vpc;
pub use vpc_endpoint::{EndpointType, VpcEndpoint};

use crate::clock::SimTime;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub use address::{AllocateAddressInput, ReleaseAddressInput};
pub use internet_gateway::{
    AttachInternetGatewayInput, CreateInternetGatewayInput, DeleteInternetGatewayInput,
    DetachInternetGatewayInput,
};
pub use nat_gateway::{CreateNatGatewayInput, DeleteNatGatewayInput};
pub use route_table::{
    AssociateRouteTableInput, CreateRouteInput, CreateRouteTableInput, DeleteRouteInput,
    DeleteRouteTableInput, DisassociateRouteTableInput, ReplaceRouteTableAssociationInput,
};
pub use security_group::{
    CreateSecurityGroupInput, DeleteSecurityGroupInput, SecurityGroupRulesInput,
};
pub use subnet::{
    availability_zone_id, CreateSubnetInput, DeleteSubnetInput, ModifySubnetAttributeInput,
};
pub use vpc::{
    AssociateVpcCidrBlockInput, CreateVpcInput, DeleteVpcInput, DescribeVpcAttributeInput,
    DisassociateVpcCidrBlockInput, ModifyVpcAttributeInput,
};
pub use vpc_endpoint::{CreateVpcEndpointInput, DeleteVpcEndpointsInput};

/// Every EC2 resource of the account, in one region.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Ec2 {
    /// The region's DHCP options set, shared by every VPC.
    pub dhcp_options_id: String,
    pub vpcs: BTreeMap<String, Vpc>,
    pub subnets: BTreeMap<String, Subnet>,
    pub route_tables: BTreeMap<String, RouteTable>,
    pub internet_gateways: BTreeMap<String, InternetGateway>,
    pub nat_gateways: BTreeMap<String, NatGateway>,
    pub addresses: BTreeMap<String, Address>,
    pub security_groups: BTreeMap<String, SecurityGroup>,
    pub network_acls: BTreeMap<String, NetworkAcl>,
    pub vpc_endpoints: BTreeMap<String, VpcEndpoint>,
    pub network_interfaces: BTreeMap<String, NetworkInterface>,
    /// By name.
    #[serde(default)]
    pub launch_templates: BTreeMap<String, LaunchTemplate>,
}

pub use crate::env::Env;

/// Limits from the VPC quotas page (defaults, not raised).
pub mod limits {
    pub const VPCS_PER_REGION: usize = 5;
    pub const CIDR_BLOCKS_PER_VPC: usize = 5;
    pub const SUBNETS_PER_VPC: usize = 200;
    pub const ROUTE_TABLES_PER_VPC: usize = 200;
    pub const ROUTES_PER_TABLE: usize = 50;
    pub const SECURITY_GROUPS_PER_REGION: usize = 2500;
    pub const RULES_PER_SECURITY_GROUP: usize = 60;
    pub const ELASTIC_IPS_PER_REGION: usize = 5;
    pub const NAT_GATEWAYS_PER_AZ: usize = 5;
}

/// How long a new NAT gateway or VPC endpoint stays `pending` (model: AWS takes
/// one to a few minutes; one minute keeps lessons brisk).
pub const PROVISIONING_SECONDS: u64 = 60;

impl Ec2 {
    /// The next instant at which a time-driven state changes, if any.
    pub fn next_transition(&self) -> Option<SimTime> {
        let nat = self
            .nat_gateways
            .values()
            .filter(|n| n.is_live() || n.holds_interface())
            .filter(|n| !n.is_available())
            .map(|n| n.state_changed_at);
        let endpoints = self
            .vpc_endpoints
            .values()
            .filter(|e| e.is_live() && !e.is_available())
            .map(|e| e.created_at);
        nat.chain(endpoints)
            .min()
            .map(|t| t.plus(crate::clock::Duration(PROVISIONING_SECONDS)))
    }

    /// Moves time-driven states along (pending gateways and endpoints become available).
    pub fn advance_to(&mut self, now: SimTime) {
        let igw_vpcs: Vec<String> = self
            .internet_gateways
            .values()
            .filter_map(|g| g.attached_vpc.clone())
            .collect();
        for nat in self.nat_gateways.values_mut() {
            nat.advance_to(now, |vpc| igw_vpcs.iter().any(|v| v == vpc));
        }
        for endpoint in self.vpc_endpoints.values_mut() {
            endpoint.advance_to(now);
        }
        // Failed and deleted NAT gateways release their interface.
        let released: Vec<String> = self
            .nat_gateways
            .values()
            .filter(|n| !n.holds_interface())
            .filter_map(|n| n.network_interface_id.clone())
            .collect();
        for eni in released {
            self.network_interfaces.remove(&eni);
        }
        for nat in self.nat_gateways.values_mut() {
            if !nat.holds_interface() {
                nat.network_interface_id = None;
            }
        }
    }

    pub fn vpc(&self, id: &str) -> Result<&Vpc, Ec2Error> {
        self.vpcs
            .get(id)
            .ok_or_else(|| Ec2Error::VpcNotFound(id.to_string()))
    }

    pub fn subnet(&self, id: &str) -> Result<&Subnet, Ec2Error> {
        self.subnets
            .get(id)
            .ok_or_else(|| Ec2Error::SubnetNotFound(id.to_string()))
    }

    pub fn route_table(&self, id: &str) -> Result<&RouteTable, Ec2Error> {
        self.route_tables
            .get(id)
            .ok_or_else(|| Ec2Error::RouteTableNotFound(id.to_string()))
    }

    pub fn security_group(&self, id: &str) -> Result<&SecurityGroup, Ec2Error> {
        self.security_groups
            .get(id)
            .ok_or_else(|| Ec2Error::SecurityGroupNotFound(id.to_string()))
    }

    /// The route table a subnet uses: its explicit association, else the VPC's main table.
    pub fn effective_route_table(&self, subnet_id: &str) -> Option<&RouteTable> {
        let subnet = self.subnets.get(subnet_id)?;
        self.route_tables
            .values()
            .find(|t| {
                t.subnet_associations
                    .iter()
                    .any(|a| a.subnet_id == subnet_id)
            })
            .or_else(|| {
                self.route_tables
                    .values()
                    .find(|t| t.vpc_id == subnet.vpc_id && t.main)
            })
    }

    /// Public means: the subnet's route table sends 0.0.0.0/0 to an attached internet gateway.
    pub fn is_public_subnet(&self, subnet_id: &str) -> bool {
        let Some(table) = self.effective_route_table(subnet_id) else {
            return false;
        };
        let default = std::net::Ipv4Addr::new(0, 0, 0, 0);
        table.routes.iter().any(|r| {
            r.destination == route_table::Destination::Cidr(cidr::Cidr::new(default, 0))
                && matches!(&r.target, RouteTarget::InternetGateway(igw)
                    if self.internet_gateways.get(igw).is_some_and(|g| g.attached_vpc.as_deref() == Some(&table.vpc_id)))
        })
    }

    /// Addresses in use in a subnet, by interface.
    pub fn used_addresses<'a>(
        &'a self,
        subnet_id: &'a str,
    ) -> impl Iterator<Item = &'a NetworkInterface> + 'a {
        self.network_interfaces
            .values()
            .filter(move |eni| eni.subnet_id == subnet_id)
    }

    /// `AvailableIpAddressCount`: size − 5 reserved − interfaces.
    pub fn available_ip_count(&self, subnet: &Subnet) -> u64 {
        subnet
            .cidr
            .usable_count()
            .saturating_sub(self.used_addresses(&subnet.id).count() as u64)
    }
}
