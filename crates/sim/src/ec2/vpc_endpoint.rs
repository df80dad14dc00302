//! VPC endpoints: private paths to AWS services. Interface endpoints put an
//! interface (and an address) in each chosen subnet behind security groups;
//! gateway endpoints (S3, DynamoDB) add a prefix-list route to route tables.

use super::route_table::{Destination, Route, RouteTarget};
use super::vpc::select;
use super::{Ec2, Ec2Error, Env, InterfaceOwner, PROVISIONING_SECONDS};
use crate::clock::SimTime;
use crate::tags::{self, Filter, Filterable, Tag, TagSpecification};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EndpointType {
    Interface,
    Gateway,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EndpointState {
    Pending,
    Available,
    Deleted,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VpcEndpoint {
    pub id: String,
    pub vpc_id: String,
    pub service_name: String,
    pub endpoint_type: EndpointType,
    pub subnet_ids: Vec<String>,
    pub security_group_ids: Vec<String>,
    pub route_table_ids: Vec<String>,
    pub private_dns_enabled: bool,
    pub state: EndpointState,
    pub created_at: SimTime,
    pub network_interface_ids: Vec<String>,
    pub tags: Vec<Tag>,
}

/// The short service names offered as endpoints, and whether they are gateway services.
const SERVICES: &[(&str, bool)] = &[
    ("s3", true),
    ("dynamodb", true),
    ("ecr.api", false),
    ("ecr.dkr", false),
    ("logs", false),
    ("ssm", false),
    ("ssmmessages", false),
    ("ec2messages", false),
    ("secretsmanager", false),
    ("kms", false),
    ("sts", false),
    ("ecs", false),
    ("ecs-agent", false),
    ("ecs-telemetry", false),
    ("monitoring", false),
    ("xray", false),
    ("elasticloadbalancing", false),
];

/// The AWS-managed prefix list of a gateway service.
fn prefix_list_id(short: &str) -> String {
    match short {
        "s3" => "pl-61a54008".into(),
        _ => "pl-78a54011".into(),
    }
}

impl VpcEndpoint {
    /// Pending or available (it exists and holds its resources).
    pub fn is_live(&self) -> bool {
        self.state != EndpointState::Deleted
    }

    pub fn is_available(&self) -> bool {
        self.state == EndpointState::Available
    }

    /// The service's short name: `com.amazonaws.ap-northeast-1.ecr.dkr` → `ecr.dkr`.
    pub fn short_service(&self) -> &str {
        short_service_name(&self.service_name)
    }

    pub(crate) fn advance_to(&mut self, now: SimTime) {
        if self.state == EndpointState::Pending
            && now.since(self.created_at).as_seconds() >= PROVISIONING_SECONDS
        {
            self.state = EndpointState::Available;
        }
    }

    pub fn shape(&self, ec2: &Ec2, account_id: &str) -> Value {
        let groups: Vec<Value> = self
            .security_group_ids
            .iter()
            .map(|id| json!({ "GroupId": id, "GroupName": ec2.security_groups.get(id).map(|g| g.name.clone()).unwrap_or_default() }))
            .collect();
        let state = match self.state {
            EndpointState::Pending => "pending",
            EndpointState::Available => "available",
            EndpointState::Deleted => "deleted",
        };
        let mut shape = json!({
            "VpcEndpointId": self.id,
            "VpcEndpointType": match self.endpoint_type { EndpointType::Interface => "Interface", EndpointType::Gateway => "Gateway" },
            "VpcId": self.vpc_id,
            "ServiceName": self.service_name,
            "State": state,
            "RouteTableIds": self.route_table_ids,
            "SubnetIds": self.subnet_ids,
            "Groups": groups,
            "PrivateDnsEnabled": self.private_dns_enabled,
            "RequesterManaged": false,
            "NetworkInterfaceIds": self.network_interface_ids,
            "CreationTimestamp": self.created_at.to_iso8601(),
            "OwnerId": account_id,
        });
        if let (Some(tags), Value::Object(map)) = (tags::tags_shape(&self.tags), &mut shape) {
            map.insert("Tags".into(), tags);
        }
        shape
    }
}

fn short_service_name(full: &str) -> &str {
    // com.amazonaws.<region>.<service…>
    full.splitn(4, '.').nth(3).unwrap_or(full)
}

impl Filterable for VpcEndpoint {
    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        Some(match name {
            "vpc-endpoint-id" => vec![self.id.clone()],
            "vpc-id" => vec![self.vpc_id.clone()],
            "service-name" => vec![self.service_name.clone()],
            "vpc-endpoint-state" => vec![if self.is_available() {
                "available"
            } else {
                "pending"
            }
            .to_string()],
            "vpc-endpoint-type" => vec![format!("{:?}", self.endpoint_type)],
            _ => return None,
        })
    }
    fn tags(&self) -> &[Tag] {
        &self.tags
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateVpcEndpointInput {
    pub vpc_id: String,
    pub service_name: String,
    pub vpc_endpoint_type: Option<String>,
    #[serde(default)]
    pub subnet_ids: Vec<String>,
    #[serde(default)]
    pub security_group_ids: Vec<String>,
    #[serde(default)]
    pub route_table_ids: Vec<String>,
    pub private_dns_enabled: Option<bool>,
    #[serde(default)]
    pub tag_specifications: Vec<TagSpecification>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteVpcEndpointsInput {
    pub vpc_endpoint_ids: Vec<String>,
}

impl Ec2 {
    pub fn create_vpc_endpoint(
        &mut self,
        ctx: &mut Env,
        input: CreateVpcEndpointInput,
    ) -> Result<Value, Ec2Error> {
        let vpc = self.vpc(&input.vpc_id)?.clone();
        let prefix = format!("com.amazonaws.{}.", ctx.region);
        let short = input.service_name.strip_prefix(&prefix).unwrap_or("");
        let is_gateway_service = SERVICES
            .iter()
            .find(|(name, _)| *name == short)
            .map(|(_, gateway)| *gateway)
            .ok_or_else(|| Ec2Error::EndpointServiceNotFound(input.service_name.clone()))?;
        let endpoint_type = match input.vpc_endpoint_type.as_deref().unwrap_or("Gateway") {
            "Interface" => EndpointType::Interface,
            "Gateway" => EndpointType::Gateway,
            other => return Err(Ec2Error::InvalidEndpointType(other.to_string())),
        };
        // S3 offers both kinds; every other service here offers only one.
        let supported = match endpoint_type {
            EndpointType::Gateway => is_gateway_service,
            EndpointType::Interface => !is_gateway_service || short == "s3",
        };
        if !supported {
            return Err(Ec2Error::EndpointTypeNotSupported {
                service: input.service_name.clone(),
                kind: format!("{endpoint_type:?}"),
            });
        }
        let id = ctx.rng.ec2_id("vpce");
        let mut endpoint = VpcEndpoint {
            id: id.clone(),
            vpc_id: vpc.id.clone(),
            service_name: input.service_name.clone(),
            endpoint_type,
            subnet_ids: Vec::new(),
            security_group_ids: Vec::new(),
            route_table_ids: Vec::new(),
            private_dns_enabled: false,
            state: EndpointState::Available,
            created_at: ctx.now,
            network_interface_ids: Vec::new(),
            tags: tags::tags_for(&input.tag_specifications, "vpc-endpoint"),
        };
        match endpoint_type {
            EndpointType::Gateway => {
                for table_id in &input.route_table_ids {
                    let table = self.route_table(table_id)?;
                    if table.vpc_id != vpc.id {
                        return Err(Ec2Error::DifferentNetworks {
                            table: table_id.clone(),
                            gateway: id,
                        });
                    }
                }
                endpoint.route_table_ids = input.route_table_ids.clone();
                let pl = prefix_list_id(short);
                for table_id in &input.route_table_ids {
                    if let Some(table) = self.route_tables.get_mut(table_id) {
                        table.routes.push(Route {
                            destination: Destination::PrefixList(pl.clone()),
                            target: RouteTarget::VpcEndpoint(id.clone()),
                        });
                    }
                }
            }
            EndpointType::Interface => {
                let private_dns = input.private_dns_enabled.unwrap_or(true);
                if private_dns && !(vpc.enable_dns_support && vpc.enable_dns_hostnames) {
                    return Err(Ec2Error::PrivateDnsNeedsVpcDns(vpc.id.clone()));
                }
                if private_dns
                    && self.vpc_endpoints.values().any(|e| {
                        e.is_live()
                            && e.vpc_id == vpc.id
                            && e.service_name == input.service_name
                            && e.private_dns_enabled
                    })
                {
                    return Err(Ec2Error::ConflictingEndpointDns(
                        input.service_name.clone(),
                        vpc.id.clone(),
                    ));
                }
                let mut zones = Vec::new();
                for subnet_id in &input.subnet_ids {
                    let subnet = self.subnet(subnet_id)?;
                    if subnet.vpc_id != vpc.id {
                        return Err(Ec2Error::SubnetInOtherVpc {
                            subnet: subnet_id.clone(),
                            table: id,
                        });
                    }
                    if zones.contains(&subnet.availability_zone) {
                        return Err(Ec2Error::EndpointSubnetsSameAz(subnet_id.clone()));
                    }
                    zones.push(subnet.availability_zone.clone());
                    self.next_free_address(subnet_id)?;
                }
                let groups = if input.security_group_ids.is_empty() {
                    self.security_groups
                        .values()
                        .filter(|g| g.vpc_id == vpc.id && g.is_default())
                        .map(|g| g.id.clone())
                        .collect()
                } else {
                    for group_id in &input.security_group_ids {
                        if self.security_group(group_id)?.vpc_id != vpc.id {
                            return Err(Ec2Error::GroupInOtherVpc(group_id.clone()));
                        }
                    }
                    input.security_group_ids.clone()
                };
                for subnet_id in &input.subnet_ids {
                    let eni = self.create_interface(
                        ctx,
                        subnet_id,
                        InterfaceOwner::VpcEndpoint(id.clone()),
                        groups.clone(),
                        format!("VPC Endpoint Interface {id}"),
                    )?;
                    endpoint.network_interface_ids.push(eni);
                }
                endpoint.subnet_ids = input.subnet_ids.clone();
                endpoint.security_group_ids = groups;
                endpoint.private_dns_enabled = private_dns;
                endpoint.state = EndpointState::Pending;
            }
        }
        let shape = endpoint.shape(self, ctx.account_id);
        self.vpc_endpoints.insert(id, endpoint);
        Ok(json!({ "VpcEndpoint": shape }))
    }

    pub fn delete_vpc_endpoints(
        &mut self,
        input: DeleteVpcEndpointsInput,
    ) -> Result<Value, Ec2Error> {
        for id in &input.vpc_endpoint_ids {
            if !self.vpc_endpoints.get(id).is_some_and(|e| e.is_live()) {
                return Err(Ec2Error::VpcEndpointNotFound(id.clone()));
            }
        }
        for id in &input.vpc_endpoint_ids {
            if let Some(endpoint) = self.vpc_endpoints.get_mut(id) {
                endpoint.state = EndpointState::Deleted;
                for eni in std::mem::take(&mut endpoint.network_interface_ids) {
                    self.network_interfaces.remove(&eni);
                }
            }
            for table in self.route_tables.values_mut() {
                table
                    .routes
                    .retain(|r| r.target != RouteTarget::VpcEndpoint(id.clone()));
            }
        }
        Ok(json!({ "Unsuccessful": [] }))
    }

    pub fn describe_vpc_endpoints(
        &self,
        ctx: &Env,
        ids: &[String],
        filters: &[Filter],
    ) -> Result<Value, Ec2Error> {
        let live: std::collections::BTreeMap<String, VpcEndpoint> = self
            .vpc_endpoints
            .iter()
            .filter(|(_, e)| e.is_live())
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let found = select(&live, ids, filters, |id| {
            Ec2Error::VpcEndpointNotFound(id.into())
        })?;
        Ok(
            json!({ "VpcEndpoints": found.iter().map(|e| e.shape(self, ctx.account_id)).collect::<Vec<_>>() }),
        )
    }

    pub fn describe_vpc_endpoint_services(&self, ctx: &Env) -> Value {
        let names: Vec<String> = SERVICES
            .iter()
            .map(|(s, _)| format!("com.amazonaws.{}.{s}", ctx.region))
            .collect();
        json!({ "ServiceNames": names })
    }
}
