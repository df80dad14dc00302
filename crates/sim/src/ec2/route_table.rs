//! Route tables: the main table every VPC has, custom tables, one association
//! per subnet, and routes to gateways. The `local` routes are derived from the
//! VPC's CIDR blocks, so they can never be removed or go stale.

use super::cidr::Cidr;
use super::vpc::select;
use super::{limits, Ec2, Ec2Error, Env};
use crate::tags::{self, Filter, Filterable, Tag, TagSpecification};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::net::Ipv4Addr;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RouteTable {
    pub id: String,
    pub vpc_id: String,
    /// The VPC's main table, used by every subnet without an explicit association.
    pub main: bool,
    /// The id of the main association while this is the main table.
    pub main_association_id: Option<String>,
    /// Routes added by the learner or by gateway endpoints (not the `local` ones).
    pub routes: Vec<Route>,
    pub subnet_associations: Vec<SubnetAssociation>,
    pub tags: Vec<Tag>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubnetAssociation {
    pub id: String,
    pub subnet_id: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Route {
    pub destination: Destination,
    pub target: RouteTarget,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Destination {
    Cidr(Cidr),
    /// A managed prefix list (`pl-…`), as gateway endpoints add.
    PrefixList(String),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum RouteTarget {
    InternetGateway(String),
    NatGateway(String),
    VpcEndpoint(String),
}

/// Where a packet for an address goes, by longest prefix match.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Hop {
    Local,
    Target(RouteTarget),
}

impl RouteTable {
    pub(crate) fn new_main(ctx: &mut Env, vpc_id: &str) -> RouteTable {
        RouteTable {
            id: ctx.rng.ec2_id("rtb"),
            vpc_id: vpc_id.to_string(),
            main: true,
            main_association_id: Some(ctx.rng.ec2_id("rtbassoc")),
            routes: Vec::new(),
            subnet_associations: Vec::new(),
            tags: Vec::new(),
        }
    }

    /// Longest-prefix match over the local routes and this table's routes.
    pub fn lookup(&self, ec2: &Ec2, addr: Ipv4Addr) -> Option<(Cidr, Hop)> {
        let local = ec2
            .vpcs
            .get(&self.vpc_id)
            .into_iter()
            .flat_map(|v| v.cidrs())
            .filter(|c| c.contains_addr(addr))
            .map(|c| (c, Hop::Local));
        let routes = self.routes.iter().filter_map(|r| match &r.destination {
            Destination::Cidr(c) if c.contains_addr(addr) => {
                Some((*c, Hop::Target(r.target.clone())))
            }
            _ => None,
        });
        // On equal prefixes the local route wins (it is listed first and max_by_key keeps the last max,
        // so compare with a tiebreak that prefers Local).
        local
            .chain(routes)
            .max_by_key(|(c, hop)| (c.prefix(), matches!(hop, Hop::Local)))
    }

    /// A route is a blackhole when its target is gone or no longer connected.
    pub fn route_state(&self, ec2: &Ec2, route: &Route) -> &'static str {
        let active = match &route.target {
            RouteTarget::InternetGateway(id) => ec2
                .internet_gateways
                .get(id)
                .is_some_and(|g| g.attached_vpc.as_deref() == Some(&self.vpc_id)),
            RouteTarget::NatGateway(id) => ec2.nat_gateways.get(id).is_some_and(|n| n.is_live()),
            RouteTarget::VpcEndpoint(id) => ec2.vpc_endpoints.get(id).is_some_and(|e| e.is_live()),
        };
        if active {
            "active"
        } else {
            "blackhole"
        }
    }

    pub fn shape(&self, ec2: &Ec2, account_id: &str) -> Value {
        let mut associations = Vec::new();
        if let Some(main_id) = &self.main_association_id {
            associations.push(json!({
                "Main": true,
                "RouteTableAssociationId": main_id,
                "RouteTableId": self.id,
                "AssociationState": { "State": "associated" },
            }));
        }
        for a in &self.subnet_associations {
            associations.push(json!({
                "Main": false,
                "RouteTableAssociationId": a.id,
                "RouteTableId": self.id,
                "SubnetId": a.subnet_id,
                "AssociationState": { "State": "associated" },
            }));
        }
        let mut routes: Vec<Value> = ec2
            .vpcs
            .get(&self.vpc_id)
            .into_iter()
            .flat_map(|v| v.cidrs())
            .map(|c| {
                json!({
                    "DestinationCidrBlock": c.to_string(),
                    "GatewayId": "local",
                    "Origin": "CreateRouteTable",
                    "State": "active",
                })
            })
            .collect();
        for route in &self.routes {
            let mut shape = serde_json::Map::new();
            match &route.destination {
                Destination::Cidr(c) => {
                    shape.insert("DestinationCidrBlock".into(), json!(c.to_string()))
                }
                Destination::PrefixList(pl) => {
                    shape.insert("DestinationPrefixListId".into(), json!(pl))
                }
            };
            match &route.target {
                RouteTarget::InternetGateway(id) | RouteTarget::VpcEndpoint(id) => {
                    shape.insert("GatewayId".into(), json!(id))
                }
                RouteTarget::NatGateway(id) => shape.insert("NatGatewayId".into(), json!(id)),
            };
            shape.insert("Origin".into(), json!("CreateRoute"));
            shape.insert("State".into(), json!(self.route_state(ec2, route)));
            routes.push(Value::Object(shape));
        }
        let mut shape = json!({
            "Associations": associations,
            "PropagatingVgws": [],
            "RouteTableId": self.id,
            "Routes": routes,
            "VpcId": self.vpc_id,
            "OwnerId": account_id,
        });
        if let (Some(tags), Value::Object(map)) = (tags::tags_shape(&self.tags), &mut shape) {
            map.insert("Tags".into(), tags);
        }
        shape
    }
}

impl Filterable for RouteTable {
    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        Some(match name {
            "route-table-id" => vec![self.id.clone()],
            "vpc-id" => vec![self.vpc_id.clone()],
            "association.main" => vec![self.main.to_string()],
            "association.subnet-id" => self
                .subnet_associations
                .iter()
                .map(|a| a.subnet_id.clone())
                .collect(),
            "association.route-table-association-id" => self
                .subnet_associations
                .iter()
                .map(|a| a.id.clone())
                .chain(self.main_association_id.clone())
                .collect(),
            "route.destination-cidr-block" => self
                .routes
                .iter()
                .filter_map(|r| match &r.destination {
                    Destination::Cidr(c) => Some(c.to_string()),
                    Destination::PrefixList(_) => None,
                })
                .collect(),
            "route.gateway-id" => self
                .routes
                .iter()
                .filter_map(|r| match &r.target {
                    RouteTarget::InternetGateway(id) | RouteTarget::VpcEndpoint(id) => {
                        Some(id.clone())
                    }
                    RouteTarget::NatGateway(_) => None,
                })
                .collect(),
            "route.nat-gateway-id" => self
                .routes
                .iter()
                .filter_map(|r| match &r.target {
                    RouteTarget::NatGateway(id) => Some(id.clone()),
                    _ => None,
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
pub struct CreateRouteTableInput {
    pub vpc_id: String,
    #[serde(default)]
    pub tag_specifications: Vec<TagSpecification>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteRouteTableInput {
    pub route_table_id: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AssociateRouteTableInput {
    pub route_table_id: String,
    pub subnet_id: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DisassociateRouteTableInput {
    pub association_id: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReplaceRouteTableAssociationInput {
    pub association_id: String,
    pub route_table_id: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateRouteInput {
    pub route_table_id: String,
    pub destination_cidr_block: Option<String>,
    pub gateway_id: Option<String>,
    pub nat_gateway_id: Option<String>,
    pub vpc_endpoint_id: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteRouteInput {
    pub route_table_id: String,
    pub destination_cidr_block: Option<String>,
}

impl Ec2 {
    pub fn create_route_table(
        &mut self,
        ctx: &mut Env,
        input: CreateRouteTableInput,
    ) -> Result<Value, Ec2Error> {
        let vpc = self.vpc(&input.vpc_id)?;
        if self
            .route_tables
            .values()
            .filter(|t| t.vpc_id == vpc.id)
            .count()
            >= limits::ROUTE_TABLES_PER_VPC
        {
            return Err(Ec2Error::RouteLimitExceeded(vpc.id.clone()));
        }
        let table = RouteTable {
            id: ctx.rng.ec2_id("rtb"),
            vpc_id: vpc.id.clone(),
            main: false,
            main_association_id: None,
            routes: Vec::new(),
            subnet_associations: Vec::new(),
            tags: tags::tags_for(&input.tag_specifications, "route-table"),
        };
        let shape = table.shape(self, ctx.account_id);
        self.route_tables.insert(table.id.clone(), table);
        Ok(json!({ "RouteTable": shape }))
    }

    pub fn delete_route_table(&mut self, input: DeleteRouteTableInput) -> Result<Value, Ec2Error> {
        let table = self.route_table(&input.route_table_id)?;
        if table.main || !table.subnet_associations.is_empty() {
            return Err(Ec2Error::DependencyViolation {
                kind: "routeTable",
                id: table.id.clone(),
            });
        }
        self.route_tables.remove(&input.route_table_id);
        Ok(Value::Null)
    }

    pub fn describe_route_tables(
        &self,
        ctx: &Env,
        ids: &[String],
        filters: &[Filter],
    ) -> Result<Value, Ec2Error> {
        let found = select(&self.route_tables, ids, filters, |id| {
            Ec2Error::RouteTableNotFound(id.into())
        })?;
        Ok(
            json!({ "RouteTables": found.iter().map(|t| t.shape(self, ctx.account_id)).collect::<Vec<_>>() }),
        )
    }

    pub fn associate_route_table(
        &mut self,
        ctx: &mut Env,
        input: AssociateRouteTableInput,
    ) -> Result<Value, Ec2Error> {
        let subnet_id = input
            .subnet_id
            .ok_or(Ec2Error::MissingParameter("SubnetId"))?;
        let table = self.route_table(&input.route_table_id)?;
        let subnet = self.subnet(&subnet_id)?;
        if subnet.vpc_id != table.vpc_id {
            return Err(Ec2Error::SubnetInOtherVpc {
                subnet: subnet_id,
                table: table.id.clone(),
            });
        }
        if self.route_tables.values().any(|t| {
            t.subnet_associations
                .iter()
                .any(|a| a.subnet_id == subnet_id)
        }) {
            return Err(Ec2Error::SubnetAlreadyAssociated {
                table: table.id.clone(),
            });
        }
        let id = ctx.rng.ec2_id("rtbassoc");
        if let Some(table) = self.route_tables.get_mut(&input.route_table_id) {
            table.subnet_associations.push(SubnetAssociation {
                id: id.clone(),
                subnet_id,
            });
        }
        Ok(json!({ "AssociationId": id, "AssociationState": { "State": "associated" } }))
    }

    pub fn disassociate_route_table(
        &mut self,
        input: DisassociateRouteTableInput,
    ) -> Result<Value, Ec2Error> {
        if self
            .route_tables
            .values()
            .any(|t| t.main_association_id.as_deref() == Some(&input.association_id))
        {
            return Err(Ec2Error::MainAssociation(input.association_id));
        }
        let table = self
            .route_tables
            .values_mut()
            .find(|t| {
                t.subnet_associations
                    .iter()
                    .any(|a| a.id == input.association_id)
            })
            .ok_or_else(|| Ec2Error::AssociationNotFound(input.association_id.clone()))?;
        table
            .subnet_associations
            .retain(|a| a.id != input.association_id);
        Ok(Value::Null)
    }

    pub fn replace_route_table_association(
        &mut self,
        ctx: &mut Env,
        input: ReplaceRouteTableAssociationInput,
    ) -> Result<Value, Ec2Error> {
        let new_table = self.route_table(&input.route_table_id)?.clone();
        let new_id = ctx.rng.ec2_id("rtbassoc");
        if let Some(old) = self
            .route_tables
            .values()
            .find(|t| t.main_association_id.as_deref() == Some(&input.association_id))
            .cloned()
        {
            if old.vpc_id != new_table.vpc_id {
                return Err(Ec2Error::DifferentNetworks {
                    table: new_table.id,
                    gateway: old.id,
                });
            }
            if let Some(t) = self.route_tables.get_mut(&old.id) {
                t.main = false;
                t.main_association_id = None;
            }
            if let Some(t) = self.route_tables.get_mut(&new_table.id) {
                t.main = true;
                t.main_association_id = Some(new_id.clone());
            }
        } else {
            let (old_id, subnet_id) = self
                .route_tables
                .values()
                .find_map(|t| {
                    t.subnet_associations
                        .iter()
                        .find(|a| a.id == input.association_id)
                        .map(|a| (t.id.clone(), a.subnet_id.clone()))
                })
                .ok_or_else(|| Ec2Error::AssociationNotFound(input.association_id.clone()))?;
            let subnet_vpc = self.subnet(&subnet_id)?.vpc_id.clone();
            if subnet_vpc != new_table.vpc_id {
                return Err(Ec2Error::SubnetInOtherVpc {
                    subnet: subnet_id,
                    table: new_table.id,
                });
            }
            if let Some(t) = self.route_tables.get_mut(&old_id) {
                t.subnet_associations
                    .retain(|a| a.id != input.association_id);
            }
            if let Some(t) = self.route_tables.get_mut(&new_table.id) {
                t.subnet_associations.push(SubnetAssociation {
                    id: new_id.clone(),
                    subnet_id,
                });
            }
        }
        Ok(json!({ "NewAssociationId": new_id, "AssociationState": { "State": "associated" } }))
    }

    pub fn create_route(&mut self, input: CreateRouteInput) -> Result<Value, Ec2Error> {
        let route = self.validate_route(&input, false)?;
        if let Some(table) = self.route_tables.get_mut(&input.route_table_id) {
            table.routes.push(route);
        }
        Ok(json!({ "Return": true }))
    }

    pub fn replace_route(&mut self, input: CreateRouteInput) -> Result<Value, Ec2Error> {
        let route = self.validate_route(&input, true)?;
        if let Some(table) = self.route_tables.get_mut(&input.route_table_id) {
            if let Some(existing) = table
                .routes
                .iter_mut()
                .find(|r| r.destination == route.destination)
            {
                *existing = route;
            }
        }
        Ok(Value::Null)
    }

    fn validate_route(&self, input: &CreateRouteInput, replacing: bool) -> Result<Route, Ec2Error> {
        let table = self.route_table(&input.route_table_id)?;
        let text = input
            .destination_cidr_block
            .clone()
            .ok_or(Ec2Error::MissingParameter("DestinationCidrBlock"))?;
        let destination =
            Cidr::parse(&text).ok_or_else(|| Ec2Error::InvalidCidrBlock(text.clone()))?;
        let target = match (
            &input.gateway_id,
            &input.nat_gateway_id,
            &input.vpc_endpoint_id,
        ) {
            (Some(g), None, None) if g.starts_with("vpce-") => RouteTarget::VpcEndpoint(g.clone()),
            (Some(g), None, None) => RouteTarget::InternetGateway(g.clone()),
            (None, Some(n), None) => RouteTarget::NatGateway(n.clone()),
            (None, None, Some(e)) => RouteTarget::VpcEndpoint(e.clone()),
            _ => return Err(Ec2Error::RouteTarget),
        };
        match &target {
            RouteTarget::InternetGateway(id) => {
                let igw = self
                    .internet_gateways
                    .get(id)
                    .ok_or_else(|| Ec2Error::InternetGatewayNotFound(id.clone()))?;
                if igw.attached_vpc.as_deref() != Some(&table.vpc_id) {
                    return Err(Ec2Error::DifferentNetworks {
                        table: table.id.clone(),
                        gateway: id.clone(),
                    });
                }
            }
            RouteTarget::NatGateway(id) => {
                let nat = self
                    .nat_gateways
                    .get(id)
                    .ok_or_else(|| Ec2Error::NatGatewayNotFound(id.clone()))?;
                if nat.vpc_id != table.vpc_id {
                    return Err(Ec2Error::DifferentNetworks {
                        table: table.id.clone(),
                        gateway: id.clone(),
                    });
                }
            }
            RouteTarget::VpcEndpoint(id) => {
                let endpoint = self
                    .vpc_endpoints
                    .get(id)
                    .ok_or_else(|| Ec2Error::VpcEndpointNotFound(id.clone()))?;
                if endpoint.vpc_id != table.vpc_id {
                    return Err(Ec2Error::DifferentNetworks {
                        table: table.id.clone(),
                        gateway: id.clone(),
                    });
                }
            }
        }
        let vpc = self.vpc(&table.vpc_id)?;
        // Routes inside the VPC's own range may only split it by whole subnets towards a middlebox.
        let inside_vpc = vpc.cidrs().any(|c| c.contains(&destination));
        let whole_subnet = self
            .subnets
            .values()
            .any(|s| s.vpc_id == vpc.id && s.cidr == destination);
        if inside_vpc && !(whole_subnet && matches!(target, RouteTarget::NatGateway(_))) {
            return Err(Ec2Error::MoreSpecificThanLocal {
                cidr: destination.to_string(),
            });
        }
        let exists = table
            .routes
            .iter()
            .any(|r| r.destination == Destination::Cidr(destination));
        if exists && !replacing {
            return Err(Ec2Error::RouteAlreadyExists(destination.to_string()));
        }
        if !exists && replacing {
            return Err(Ec2Error::RouteNotFound {
                cidr: destination.to_string(),
                table: table.id.clone(),
            });
        }
        if !replacing && table.routes.len() >= limits::ROUTES_PER_TABLE {
            return Err(Ec2Error::RouteLimitExceeded(table.id.clone()));
        }
        Ok(Route {
            destination: Destination::Cidr(destination),
            target,
        })
    }

    pub fn delete_route(&mut self, input: DeleteRouteInput) -> Result<Value, Ec2Error> {
        let table = self.route_table(&input.route_table_id)?;
        let text = input
            .destination_cidr_block
            .ok_or(Ec2Error::MissingParameter("DestinationCidrBlock"))?;
        let destination =
            Cidr::parse(&text).ok_or_else(|| Ec2Error::InvalidCidrBlock(text.clone()))?;
        if self.vpc(&table.vpc_id)?.cidrs().any(|c| c == destination) {
            return Err(Ec2Error::LocalRoute {
                cidr: destination.to_string(),
                table: table.id.clone(),
            });
        }
        if !table
            .routes
            .iter()
            .any(|r| r.destination == Destination::Cidr(destination))
        {
            return Err(Ec2Error::RouteNotFound {
                cidr: destination.to_string(),
                table: table.id.clone(),
            });
        }
        if let Some(table) = self.route_tables.get_mut(&input.route_table_id) {
            table
                .routes
                .retain(|r| r.destination != Destination::Cidr(destination));
        }
        Ok(Value::Null)
    }
}
