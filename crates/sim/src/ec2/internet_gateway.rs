//! Internet gateways: at most one per VPC, attached to at most one VPC.

use super::vpc::select;
use super::{Ec2, Ec2Error, Env};
use crate::tags::{self, Filter, Filterable, Tag, TagSpecification};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InternetGateway {
    pub id: String,
    pub attached_vpc: Option<String>,
    pub tags: Vec<Tag>,
}

impl InternetGateway {
    pub fn shape(&self, account_id: &str) -> Value {
        let attachments: Vec<Value> = self
            .attached_vpc
            .iter()
            .map(|vpc| json!({ "State": "available", "VpcId": vpc }))
            .collect();
        let mut shape = json!({
            "Attachments": attachments,
            "InternetGatewayId": self.id,
            "OwnerId": account_id,
        });
        if let (Some(tags), Value::Object(map)) = (tags::tags_shape(&self.tags), &mut shape) {
            map.insert("Tags".into(), tags);
        }
        shape
    }
}

impl Filterable for InternetGateway {
    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        Some(match name {
            "internet-gateway-id" => vec![self.id.clone()],
            "attachment.vpc-id" => self.attached_vpc.iter().cloned().collect(),
            "attachment.state" => self
                .attached_vpc
                .iter()
                .map(|_| "available".to_string())
                .collect(),
            _ => return None,
        })
    }
    fn tags(&self) -> &[Tag] {
        &self.tags
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateInternetGatewayInput {
    #[serde(default)]
    pub tag_specifications: Vec<TagSpecification>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AttachInternetGatewayInput {
    pub internet_gateway_id: String,
    pub vpc_id: String,
}

pub type DetachInternetGatewayInput = AttachInternetGatewayInput;

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteInternetGatewayInput {
    pub internet_gateway_id: String,
}

impl Ec2 {
    fn internet_gateway(&self, id: &str) -> Result<&InternetGateway, Ec2Error> {
        self.internet_gateways
            .get(id)
            .ok_or_else(|| Ec2Error::InternetGatewayNotFound(id.to_string()))
    }

    pub fn create_internet_gateway(
        &mut self,
        ctx: &mut Env,
        input: CreateInternetGatewayInput,
    ) -> Result<Value, Ec2Error> {
        let igw = InternetGateway {
            id: ctx.rng.ec2_id("igw"),
            attached_vpc: None,
            tags: tags::tags_for(&input.tag_specifications, "internet-gateway"),
        };
        let shape = igw.shape(ctx.account_id);
        self.internet_gateways.insert(igw.id.clone(), igw);
        Ok(json!({ "InternetGateway": shape }))
    }

    pub fn attach_internet_gateway(
        &mut self,
        input: AttachInternetGatewayInput,
    ) -> Result<Value, Ec2Error> {
        let igw = self.internet_gateway(&input.internet_gateway_id)?;
        self.vpc(&input.vpc_id)?;
        if let Some(vpc) = &igw.attached_vpc {
            return Err(Ec2Error::GatewayAlreadyAttached {
                igw: igw.id.clone(),
                vpc: vpc.clone(),
            });
        }
        if self
            .internet_gateways
            .values()
            .any(|g| g.attached_vpc.as_deref() == Some(&input.vpc_id))
        {
            return Err(Ec2Error::VpcHasInternetGateway(input.vpc_id));
        }
        if let Some(igw) = self.internet_gateways.get_mut(&input.internet_gateway_id) {
            igw.attached_vpc = Some(input.vpc_id);
        }
        Ok(Value::Null)
    }

    pub fn detach_internet_gateway(
        &mut self,
        input: DetachInternetGatewayInput,
    ) -> Result<Value, Ec2Error> {
        let igw = self.internet_gateway(&input.internet_gateway_id)?;
        self.vpc(&input.vpc_id)?;
        if igw.attached_vpc.as_deref() != Some(&input.vpc_id) {
            return Err(Ec2Error::GatewayNotAttached {
                igw: igw.id.clone(),
                vpc: input.vpc_id,
            });
        }
        // Public addresses mapped in the VPC (a NAT gateway's Elastic IP) keep the gateway in use.
        if self
            .nat_gateways
            .values()
            .any(|n| n.vpc_id == input.vpc_id && n.is_live() && n.allocation_id.is_some())
        {
            return Err(Ec2Error::MappedPublicAddresses(input.vpc_id));
        }
        if let Some(igw) = self.internet_gateways.get_mut(&input.internet_gateway_id) {
            igw.attached_vpc = None;
        }
        Ok(Value::Null)
    }

    pub fn delete_internet_gateway(
        &mut self,
        input: DeleteInternetGatewayInput,
    ) -> Result<Value, Ec2Error> {
        let igw = self.internet_gateway(&input.internet_gateway_id)?;
        if igw.attached_vpc.is_some() {
            return Err(Ec2Error::DependencyViolation {
                kind: "internetGateway",
                id: igw.id.clone(),
            });
        }
        self.internet_gateways.remove(&input.internet_gateway_id);
        Ok(Value::Null)
    }

    pub fn describe_internet_gateways(
        &self,
        ctx: &Env,
        ids: &[String],
        filters: &[Filter],
    ) -> Result<Value, Ec2Error> {
        let found = select(&self.internet_gateways, ids, filters, |id| {
            Ec2Error::InternetGatewayNotFound(id.into())
        })?;
        Ok(
            json!({ "InternetGateways": found.iter().map(|g| g.shape(ctx.account_id)).collect::<Vec<_>>() }),
        )
    }
}
