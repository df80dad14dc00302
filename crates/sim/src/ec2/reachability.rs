//! Reachability: can a packet get from here to there on this port, and if not,
//! which hop stops it? Follows what AWS evaluates — the source's security group
//! egress, the source subnet's network ACL, the route table (local, internet
//! gateway with a public address, NAT gateway, VPC endpoints), the destination
//! subnet's network ACL and the destination's security group ingress — plus the
//! return path that stateless ACLs must allow. This is what later explains
//! "why is my target unhealthy" and "why can't my task pull its image".

use super::{Ec2, Hop, RouteTarget};
use serde::Serialize;
use std::net::Ipv4Addr;

/// One end of a connection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    /// Something with an interface in a subnet: a task, an instance, a load balancer node.
    Interface {
        subnet_id: String,
        security_group_ids: Vec<String>,
        /// Its address, when it has one; otherwise the subnet's first usable address stands in.
        private_ip: Option<Ipv4Addr>,
        public_ip: bool,
    },
    /// A client on the internet.
    Internet,
    /// An AWS service by its endpoint name: `ecr.api`, `ecr.dkr`, `s3`, `logs`, `secretsmanager`, `ssm`.
    AwsService(String),
}

/// The verdict, with every check made along the way.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Trace {
    pub reachable: bool,
    pub hops: Vec<TraceHop>,
    /// Whether passing hops are recorded too (for the learner), or only the verdict matters.
    #[serde(skip)]
    pub explain: bool,
}

impl Trace {
    /// The first check that failed.
    pub fn blocking(&self) -> Option<&TraceHop> {
        self.hops.iter().find(|h| !h.passed)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TraceHop {
    /// The resource that decided (`sg-…`, `acl-…`, `rtb-…`, `igw-…`, `nat-…`, `vpce-…`).
    pub resource: String,
    pub check: Check,
    pub passed: bool,
    pub detail: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Check {
    SecurityGroupEgress,
    SecurityGroupIngress,
    NetworkAclOutbound,
    NetworkAclInbound,
    Route,
    InternetGateway,
    NatGateway,
    VpcEndpoint,
}

/// Any address on the internet stands for "the internet" in rule checks.
const INTERNET_ADDRESS: Ipv4Addr = Ipv4Addr::new(198, 51, 100, 10);
/// Replies go to an ephemeral port; stateless ACLs must allow it.
const EPHEMERAL_PORT: u16 = 49152;
const TCP: &str = "tcp";

/// The address and groups of one end, as rules see it.
struct Peer<'a> {
    ip: Ipv4Addr,
    groups: &'a [String],
}

impl Ec2 {
    /// Whether TCP traffic from `from` reaches `to` on `port`, hop by hop.
    pub fn reachability(&self, from: &Node, to: &Node, port: u16) -> Trace {
        self.trace(from, to, port, true)
    }

    /// The verdict alone, without the explanation (cheap enough for every health check).
    pub fn reachable(&self, from: &Node, to: &Node, port: u16) -> bool {
        self.trace(from, to, port, false).reachable
    }

    fn trace(&self, from: &Node, to: &Node, port: u16, explain: bool) -> Trace {
        let mut trace = Trace {
            reachable: false,
            hops: Vec::new(),
            explain,
        };
        let ok = match (from, to) {
            (Node::Interface { .. }, Node::Interface { .. }) => {
                self.interface_to_interface(from, to, port, &mut trace)
            }
            (Node::Interface { .. }, Node::Internet) => {
                self.outbound_to_internet(from, port, &mut trace)
            }
            (Node::Internet, Node::Interface { .. }) => {
                self.inbound_from_internet(to, port, &mut trace)
            }
            (Node::Interface { .. }, Node::AwsService(service)) => {
                self.outbound_to_service(from, service, port, &mut trace)
            }
            _ => {
                trace.hops.push(TraceHop {
                    resource: String::new(),
                    check: Check::Route,
                    passed: false,
                    detail: "only traffic to or from an interface in a VPC can be traced".into(),
                });
                false
            }
        };
        trace.reachable = ok;
        trace
    }

    fn address_of(&self, node: &Node) -> Option<Ipv4Addr> {
        match node {
            Node::Interface {
                private_ip: Some(ip),
                ..
            } => Some(*ip),
            Node::Interface { subnet_id, .. } => {
                self.subnets.get(subnet_id).and_then(|s| s.cidr.nth(4))
            }
            Node::Internet => Some(INTERNET_ADDRESS),
            Node::AwsService(_) => None,
        }
    }

    /// Records one check. The detail is only written when the trace is to be
    /// read: health checks ask thousands of times a day and need only the verdict.
    fn push(
        trace: &mut Trace,
        resource: &str,
        check: Check,
        passed: bool,
        detail: impl FnOnce() -> String,
    ) -> bool {
        if passed && !trace.explain {
            return passed;
        }
        trace.hops.push(TraceHop {
            resource: resource.to_string(),
            check,
            passed,
            detail: detail(),
        });
        passed
    }

    /// Security group check in one direction: some rule of some group lets the peer through.
    fn groups_allow(
        &self,
        groups: &[String],
        egress: bool,
        port: u16,
        peer: &Peer,
        trace: &mut Trace,
    ) -> bool {
        let check = if egress {
            Check::SecurityGroupEgress
        } else {
            Check::SecurityGroupIngress
        };
        if groups.is_empty() {
            // Only a Network Load Balancer's nodes go without security groups
            // (every other interface gets at least the VPC's default group).
            return Self::push(trace, "", check, true, || {
                "no security groups: traffic is not filtered here (a Network Load Balancer without security groups)".to_string()
            });
        }
        for id in groups {
            let Some(group) = self.security_groups.get(id) else {
                continue;
            };
            let rules = if egress {
                &group.egress
            } else {
                &group.ingress
            };
            let rule = rules.iter().find(|r| {
                r.allows(TCP, port)
                    && match &r.peer {
                        super::Peer::Cidr(c) => c.contains_addr(peer.ip),
                        super::Peer::Group(g) => peer.groups.contains(g),
                    }
            });
            if let Some(rule) = rule {
                return Self::push(trace, id, check, true, || {
                    let what = match &rule.peer {
                        super::Peer::Cidr(c) => c.to_string(),
                        super::Peer::Group(g) => g.clone(),
                    };
                    format!(
                        "{id} allows tcp {port} {} {what} (rule {})",
                        if egress { "to" } else { "from" },
                        rule.id
                    )
                });
            }
        }
        let who = if peer.groups.is_empty() {
            peer.ip.to_string()
        } else {
            format!("{} ({})", peer.ip, peer.groups.join(", "))
        };
        let resource = groups.first().cloned().unwrap_or_default();
        Self::push(trace, &resource, check, false, || {
            format!(
                "no {} rule of {} allows tcp {port} {} {who}",
                if egress { "outbound" } else { "inbound" },
                if groups.is_empty() {
                    "(no security groups)".to_string()
                } else {
                    groups.join(", ")
                },
                if egress { "to" } else { "from" },
            )
        })
    }

    /// The subnet's ACL, in one direction, for a port and the address on the other side.
    fn acl_allows(
        &self,
        subnet_id: &str,
        egress: bool,
        port: u16,
        peer: Ipv4Addr,
        trace: &mut Trace,
    ) -> bool {
        let Some(acl) = self.effective_network_acl(subnet_id) else {
            return true;
        };
        let verdict = acl.evaluate(egress, "6", port, peer);
        let check = if egress {
            Check::NetworkAclOutbound
        } else {
            Check::NetworkAclInbound
        };
        Self::push(trace, &acl.id, check, verdict.allowed, || {
            let rule = verdict
                .rule_number
                .map_or("*".to_string(), |n| n.to_string());
            format!(
                "{} {} tcp {port} {} {peer}: rule {rule} {}",
                acl.id,
                if egress { "outbound" } else { "inbound" },
                if egress { "to" } else { "from" },
                if verdict.allowed { "allows" } else { "denies" }
            )
        })
    }

    /// Both ACL crossings of a flow between two subnets, with the stateless return path.
    fn acls_between(
        &self,
        from_subnet: &str,
        from_ip: Ipv4Addr,
        to_subnet: &str,
        to_ip: Ipv4Addr,
        port: u16,
        trace: &mut Trace,
    ) -> bool {
        if from_subnet == to_subnet {
            // ACLs guard the subnet boundary; traffic inside a subnet never crosses it.
            return true;
        }
        self.acl_allows(from_subnet, true, port, to_ip, trace)
            && self.acl_allows(to_subnet, false, port, from_ip, trace)
            && self.acl_allows(to_subnet, true, EPHEMERAL_PORT, from_ip, trace)
            && self.acl_allows(from_subnet, false, EPHEMERAL_PORT, to_ip, trace)
    }

    fn interface_to_interface(&self, from: &Node, to: &Node, port: u16, trace: &mut Trace) -> bool {
        let (
            Node::Interface {
                subnet_id: fs,
                security_group_ids: fg,
                ..
            },
            Node::Interface {
                subnet_id: ts,
                security_group_ids: tg,
                ..
            },
        ) = (from, to)
        else {
            return false;
        };
        let (Some(from_ip), Some(to_ip)) = (self.address_of(from), self.address_of(to)) else {
            return false;
        };
        let same_vpc = self
            .subnets
            .get(fs)
            .zip(self.subnets.get(ts))
            .is_some_and(|(a, b)| a.vpc_id == b.vpc_id);
        if !same_vpc {
            return Self::push(trace, fs, Check::Route, false, || {
                format!("{fs} and {ts} are in different VPCs: there is no route between them")
            });
        }
        self.groups_allow(
            fg,
            true,
            port,
            &Peer {
                ip: to_ip,
                groups: tg,
            },
            trace,
        ) && self.acls_between(fs, from_ip, ts, to_ip, port, trace)
            && Self::push(trace, fs, Check::Route, true, || {
                format!("{to_ip} is inside the VPC: local route")
            })
            && self.groups_allow(
                tg,
                false,
                port,
                &Peer {
                    ip: from_ip,
                    groups: fg,
                },
                trace,
            )
    }

    fn outbound_to_internet(&self, from: &Node, port: u16, trace: &mut Trace) -> bool {
        let Node::Interface {
            subnet_id,
            security_group_ids,
            public_ip,
            ..
        } = from
        else {
            return false;
        };
        if !self.groups_allow(
            security_group_ids,
            true,
            port,
            &Peer {
                ip: INTERNET_ADDRESS,
                groups: &[],
            },
            trace,
        ) {
            return false;
        }
        if !(self.acl_allows(subnet_id, true, port, INTERNET_ADDRESS, trace)
            && self.acl_allows(subnet_id, false, EPHEMERAL_PORT, INTERNET_ADDRESS, trace))
        {
            return false;
        }
        self.egress_route(subnet_id, *public_ip, trace)
    }

    /// The way out of a subnet to the internet: an internet gateway (with a public
    /// address) or a NAT gateway that itself sits in a public subnet.
    fn egress_route(&self, subnet_id: &str, public_ip: bool, trace: &mut Trace) -> bool {
        let Some(table) = self.effective_route_table(subnet_id) else {
            return Self::push(trace, subnet_id, Check::Route, false, || {
                format!("{subnet_id} has no route table")
            });
        };
        match table.lookup(self, INTERNET_ADDRESS) {
            Some((_, Hop::Target(RouteTarget::InternetGateway(igw)))) => {
                let attached = self
                    .internet_gateways
                    .get(&igw)
                    .is_some_and(|g| g.attached_vpc.as_deref() == Some(&table.vpc_id));
                if !attached {
                    return Self::push(trace, &table.id, Check::Route, false, || {
                        format!("{} sends 0.0.0.0/0 to {igw}, which is not attached to the VPC (blackhole)", table.id)
                    });
                }
                Self::push(trace, &table.id, Check::Route, true, || {
                    format!("{} sends 0.0.0.0/0 to {igw}", table.id)
                });
                if public_ip {
                    Self::push(trace, &igw, Check::InternetGateway, true, || {
                        format!("{igw} translates the interface's public IPv4 address")
                    })
                } else {
                    Self::push(trace, &igw, Check::InternetGateway, false, || {
                        format!("the interface has no public IPv4 address, so {igw} cannot carry its traffic (a public subnet alone is not enough: assign a public IP, or route through a NAT gateway)")
                    })
                }
            }
            Some((_, Hop::Target(RouteTarget::NatGateway(nat_id)))) => {
                let Some(nat) = self.nat_gateways.get(&nat_id) else {
                    return Self::push(trace, &table.id, Check::Route, false, || {
                        format!(
                            "{} sends 0.0.0.0/0 to {nat_id}, which no longer exists (blackhole)",
                            table.id
                        )
                    });
                };
                Self::push(trace, &table.id, Check::Route, true, || {
                    format!("{} sends 0.0.0.0/0 to {nat_id}", table.id)
                });
                if !nat.is_available() {
                    return Self::push(trace, &nat_id, Check::NatGateway, false, || {
                        format!("{nat_id} is not available")
                    });
                }
                // The NAT gateway's own subnet must lead to an internet gateway.
                let nat_public =
                    self.is_public_subnet(&nat.subnet_id) && nat.connectivity_type == "public";
                Self::push(trace, &nat_id, Check::NatGateway, nat_public, || {
                    if nat_public {
                        format!(
                            "{nat_id} in {} forwards to the internet gateway",
                            nat.subnet_id
                        )
                    } else {
                        format!("{nat_id} sits in {}, which has no route to an internet gateway: a NAT gateway must be in a public subnet", nat.subnet_id)
                    }
                })
            }
            _ => Self::push(trace, &table.id, Check::Route, false, || {
                format!(
                    "{} has no route to 0.0.0.0/0 (no internet gateway or NAT gateway)",
                    table.id
                )
            }),
        }
    }

    fn inbound_from_internet(&self, to: &Node, port: u16, trace: &mut Trace) -> bool {
        let Node::Interface {
            subnet_id,
            security_group_ids,
            public_ip,
            ..
        } = to
        else {
            return false;
        };
        let Some(table) = self.effective_route_table(subnet_id) else {
            return false;
        };
        if !self.is_public_subnet(subnet_id) {
            return Self::push(trace, &table.id, Check::Route, false, || {
                format!("{subnet_id} is private: its route table {} has no route to an internet gateway", table.id)
            });
        }
        Self::push(trace, &table.id, Check::Route, true, || {
            format!("{subnet_id} is public (route to an internet gateway)")
        });
        if !public_ip {
            return Self::push(trace, subnet_id, Check::InternetGateway, false, || {
                "the interface has no public IPv4 address, so it cannot be reached from the internet".into()
            });
        }
        self.acl_allows(subnet_id, false, port, INTERNET_ADDRESS, trace)
            && self.acl_allows(subnet_id, true, EPHEMERAL_PORT, INTERNET_ADDRESS, trace)
            && self.groups_allow(
                security_group_ids,
                false,
                port,
                &Peer {
                    ip: INTERNET_ADDRESS,
                    groups: &[],
                },
                trace,
            )
    }

    fn outbound_to_service(
        &self,
        from: &Node,
        service: &str,
        port: u16,
        trace: &mut Trace,
    ) -> bool {
        let Node::Interface {
            subnet_id,
            security_group_ids,
            ..
        } = from
        else {
            return false;
        };
        let Some(from_ip) = self.address_of(from) else {
            return false;
        };
        let Some(vpc_id) = self.subnets.get(subnet_id).map(|s| s.vpc_id.clone()) else {
            return false;
        };
        let from_az = self
            .subnets
            .get(subnet_id)
            .map(|s| s.availability_zone.clone());
        // An interface endpoint with private DNS captures the service's name inside the VPC.
        let endpoint = self.vpc_endpoints.values().find(|e| {
            e.is_live()
                && e.vpc_id == vpc_id
                && e.short_service() == service
                && e.private_dns_enabled
                && e.endpoint_type == super::EndpointType::Interface
        });
        if let Some(endpoint) = endpoint {
            if !endpoint.is_available() {
                return Self::push(trace, &endpoint.id, Check::VpcEndpoint, false, || {
                    format!("{} for {service} is still pending", endpoint.id)
                });
            }
            let enis: Vec<_> = endpoint
                .network_interface_ids
                .iter()
                .filter_map(|id| self.network_interfaces.get(id))
                .collect();
            let Some(eni) = enis
                .iter()
                .find(|e| Some(&e.availability_zone) == from_az.as_ref())
                .or(enis.first())
            else {
                return Self::push(trace, &endpoint.id, Check::VpcEndpoint, false, || {
                    format!("{} has no interface in any subnet", endpoint.id)
                });
            };
            Self::push(trace, &endpoint.id, Check::VpcEndpoint, true, || {
                format!(
                    "{service} resolves to {} ({}) through {}",
                    eni.private_ip, eni.id, endpoint.id
                )
            });
            return self.groups_allow(
                security_group_ids,
                true,
                port,
                &Peer {
                    ip: eni.private_ip,
                    groups: &eni.security_group_ids,
                },
                trace,
            ) && self.acls_between(
                subnet_id,
                from_ip,
                &eni.subnet_id,
                eni.private_ip,
                port,
                trace,
            ) && self.groups_allow(
                &eni.security_group_ids,
                false,
                port,
                &Peer {
                    ip: from_ip,
                    groups: security_group_ids,
                },
                trace,
            );
        }
        // S3 (and DynamoDB) through a gateway endpoint: a prefix-list route in the subnet's table.
        if let Some(table) = self.effective_route_table(subnet_id) {
            let gateway = table
                .routes
                .iter()
                .find_map(|r| match (&r.destination, &r.target) {
                    (super::Destination::PrefixList(_), RouteTarget::VpcEndpoint(id)) => self
                        .vpc_endpoints
                        .get(id)
                        .filter(|e| e.is_live() && e.short_service() == service),
                    _ => None,
                });
            if let Some(endpoint) = gateway {
                Self::push(trace, &table.id, Check::Route, true, || {
                    format!(
                        "{} sends {service} traffic to gateway endpoint {}",
                        table.id, endpoint.id
                    )
                });
                return self.groups_allow(
                    security_group_ids,
                    true,
                    port,
                    &Peer {
                        ip: INTERNET_ADDRESS,
                        groups: &[],
                    },
                    trace,
                ) && self.acl_allows(subnet_id, true, port, INTERNET_ADDRESS, trace)
                    && self.acl_allows(subnet_id, false, EPHEMERAL_PORT, INTERNET_ADDRESS, trace);
            }
        }
        // Otherwise the service's public endpoint, over the internet path.
        Self::push(trace, subnet_id, Check::VpcEndpoint, true, || {
            format!("no VPC endpoint for {service} in {vpc_id}: using its public endpoint over the internet")
        });
        self.outbound_to_internet(from, port, trace)
    }
}
