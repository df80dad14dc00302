//! NAT gateways: in a public subnet with an Elastic IP, they give private
//! subnets a way out. They take a minute to become available, and fail when
//! the VPC has no internet gateway.

use super::vpc::select;
use super::{limits, Ec2, Ec2Error, Env, InterfaceOwner, PROVISIONING_SECONDS};
use crate::clock::SimTime;
use crate::tags::{self, Filter, Filterable, Tag, TagSpecification};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NatState {
    Pending,
    Available,
    Failed,
    Deleting,
    Deleted,
}

impl NatState {
    pub fn name(self) -> &'static str {
        match self {
            NatState::Pending => "pending",
            NatState::Available => "available",
            NatState::Failed => "failed",
            NatState::Deleting => "deleting",
            NatState::Deleted => "deleted",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NatGateway {
    pub id: String,
    pub subnet_id: String,
    pub vpc_id: String,
    pub allocation_id: Option<String>,
    pub connectivity_type: String,
    pub state: NatState,
    pub created_at: SimTime,
    pub state_changed_at: SimTime,
    pub network_interface_id: Option<String>,
    pub failure: Option<(String, String)>,
    pub tags: Vec<Tag>,
}

impl NatGateway {
    /// Pending or available: it routes (or soon will) and counts against limits.
    pub fn is_live(&self) -> bool {
        matches!(self.state, NatState::Pending | NatState::Available)
    }

    pub fn is_available(&self) -> bool {
        self.state == NatState::Available
    }

    /// Pending, available or being deleted: it still has its network interface
    /// (and is drawn); failed and deleted ones only stay listed.
    pub fn holds_interface(&self) -> bool {
        matches!(
            self.state,
            NatState::Pending | NatState::Available | NatState::Deleting
        )
    }

    pub(crate) fn advance_to(&mut self, now: SimTime, vpc_has_igw: impl Fn(&str) -> bool) {
        let due = now.since(self.state_changed_at).as_seconds() >= PROVISIONING_SECONDS;
        match self.state {
            NatState::Pending if due => {
                let at = self
                    .state_changed_at
                    .plus(crate::clock::Duration(PROVISIONING_SECONDS));
                if self.connectivity_type == "public" && !vpc_has_igw(&self.vpc_id) {
                    self.state = NatState::Failed;
                    self.failure = Some((
                        "Gateway.NotAttached".into(),
                        format!("Network {} has no Internet gateway attached", self.vpc_id),
                    ));
                } else {
                    self.state = NatState::Available;
                }
                self.state_changed_at = at;
            }
            NatState::Deleting if due => {
                self.state = NatState::Deleted;
                self.state_changed_at = self
                    .state_changed_at
                    .plus(crate::clock::Duration(PROVISIONING_SECONDS));
            }
            _ => {}
        }
    }

    pub fn shape(&self, ec2: &Ec2) -> Value {
        let eni = self
            .network_interface_id
            .as_ref()
            .and_then(|id| ec2.network_interfaces.get(id));
        let address = self
            .allocation_id
            .as_ref()
            .and_then(|id| ec2.addresses.get(id));
        let mut addresses = Vec::new();
        if self.holds_interface() {
            let mut entry = serde_json::Map::new();
            if let Some(a) = address {
                entry.insert("AllocationId".into(), json!(a.allocation_id));
                entry.insert("PublicIp".into(), json!(a.public_ip.to_string()));
            }
            if let Some(e) = eni {
                entry.insert("NetworkInterfaceId".into(), json!(e.id));
                entry.insert("PrivateIp".into(), json!(e.private_ip.to_string()));
            }
            entry.insert("IsPrimary".into(), json!(true));
            let status = if self.state == NatState::Pending {
                "associating"
            } else {
                "succeeded"
            };
            entry.insert("Status".into(), json!(status));
            addresses.push(Value::Object(entry));
        }
        let mut shape = json!({
            "CreateTime": self.created_at.to_iso8601(),
            "NatGatewayAddresses": addresses,
            "NatGatewayId": self.id,
            "State": self.state.name(),
            "SubnetId": self.subnet_id,
            "VpcId": self.vpc_id,
            "ConnectivityType": self.connectivity_type,
        });
        if let Value::Object(map) = &mut shape {
            if let Some((code, message)) = &self.failure {
                map.insert("FailureCode".into(), json!(code));
                map.insert("FailureMessage".into(), json!(message));
            }
            if matches!(self.state, NatState::Deleted) {
                map.insert(
                    "DeleteTime".into(),
                    json!(self.state_changed_at.to_iso8601()),
                );
            }
            if let Some(tags) = tags::tags_shape(&self.tags) {
                map.insert("Tags".into(), tags);
            }
        }
        shape
    }
}

impl Filterable for NatGateway {
    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        Some(match name {
            "nat-gateway-id" => vec![self.id.clone()],
            "state" => vec![self.state.name().to_string()],
            "subnet-id" => vec![self.subnet_id.clone()],
            "vpc-id" => vec![self.vpc_id.clone()],
            _ => return None,
        })
    }
    fn tags(&self) -> &[Tag] {
        &self.tags
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateNatGatewayInput {
    pub subnet_id: String,
    pub allocation_id: Option<String>,
    pub connectivity_type: Option<String>,
    #[serde(default)]
    pub tag_specifications: Vec<TagSpecification>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteNatGatewayInput {
    pub nat_gateway_id: String,
}

impl Ec2 {
    pub fn create_nat_gateway(
        &mut self,
        ctx: &mut Env,
        input: CreateNatGatewayInput,
    ) -> Result<Value, Ec2Error> {
        let subnet = self.subnet(&input.subnet_id)?.clone();
        let connectivity = input.connectivity_type.unwrap_or_else(|| "public".into());
        if connectivity != "public" && connectivity != "private" {
            return Err(Ec2Error::InvalidConnectivityType(connectivity));
        }
        let allocation_id = match (&connectivity[..], input.allocation_id) {
            ("public", None) => return Err(Ec2Error::MissingParameter("AllocationId")),
            (_, Some(id)) => {
                if !self.addresses.contains_key(&id) {
                    return Err(Ec2Error::AllocationNotFound(id));
                }
                if self.nat_using_address(&id).is_some() {
                    return Err(Ec2Error::AddressInUse(id));
                }
                Some(id)
            }
            (_, None) => None,
        };
        let in_az = self
            .nat_gateways
            .values()
            .filter(|n| n.is_live())
            .filter(|n| {
                self.subnets
                    .get(&n.subnet_id)
                    .is_some_and(|s| s.availability_zone == subnet.availability_zone)
            })
            .count();
        if in_az >= limits::NAT_GATEWAYS_PER_AZ {
            return Err(Ec2Error::NatGatewayLimitExceeded);
        }
        self.next_free_address(&subnet.id)?;
        let id = ctx.rng.ec2_id("nat");
        let eni = self.create_interface(
            ctx,
            &subnet.id,
            InterfaceOwner::NatGateway(id.clone()),
            Vec::new(),
            format!("Interface for NAT Gateway {id}"),
        )?;
        let nat = NatGateway {
            id: id.clone(),
            subnet_id: subnet.id.clone(),
            vpc_id: subnet.vpc_id.clone(),
            allocation_id,
            connectivity_type: connectivity,
            state: NatState::Pending,
            created_at: ctx.now,
            state_changed_at: ctx.now,
            network_interface_id: Some(eni),
            failure: None,
            tags: tags::tags_for(&input.tag_specifications, "natgateway"),
        };
        let shape = nat.shape(self);
        self.nat_gateways.insert(id, nat);
        Ok(json!({ "NatGateway": shape }))
    }

    pub fn delete_nat_gateway(
        &mut self,
        ctx: &Env,
        input: DeleteNatGatewayInput,
    ) -> Result<Value, Ec2Error> {
        let nat = self
            .nat_gateways
            .get_mut(&input.nat_gateway_id)
            .filter(|n| n.state != NatState::Deleted)
            .ok_or_else(|| Ec2Error::NatGatewayNotFound(input.nat_gateway_id.clone()))?;
        if nat.is_live() {
            nat.state = NatState::Deleting;
            nat.state_changed_at = ctx.now;
        }
        Ok(json!({ "NatGatewayId": input.nat_gateway_id }))
    }

    pub fn describe_nat_gateways(
        &self,
        ids: &[String],
        filters: &[Filter],
    ) -> Result<Value, Ec2Error> {
        let found = select(&self.nat_gateways, ids, filters, |id| {
            Ec2Error::NatGatewayNotFound(id.into())
        })?;
        Ok(json!({ "NatGateways": found.iter().map(|n| n.shape(self)).collect::<Vec<_>>() }))
    }
}
