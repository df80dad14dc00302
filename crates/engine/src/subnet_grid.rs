//! A subnet's addresses as a grid for its panel: the five AWS reserves
//! (network, VPC router, DNS, future use, broadcast), the ones free, and the
//! ones taken — by which network interface and for what (a task, a load
//! balancer node, a NAT gateway, an endpoint, an instance). The grid shrinks
//! visibly as tasks start: what "no free IP in the subnet" means, drawn.

use ecs_sim::ec2::InterfaceOwner;
use ecs_sim::World;
use std::collections::BTreeMap;
use std::net::Ipv4Addr;

/// At most this many cells are drawn (a /23); a bigger subnet shows its start.
pub const MAX_CELLS: u64 = 512;

pub use ecs_protocol::panel::{AddressCell as Cell, AddressUse as Use};

/// The grid of `subnet_id`, and whether it was cut at [`MAX_CELLS`].
pub fn grid(world: &World, subnet_id: &str) -> (Vec<Cell>, bool) {
    let Some(subnet) = world.ec2.subnets.get(subnet_id) else {
        return (Vec::new(), false);
    };
    let taken: BTreeMap<Ipv4Addr, (&str, String)> = world
        .ec2
        .network_interfaces
        .values()
        .filter(|n| n.subnet_id == subnet_id)
        .map(|n| {
            let owner = match &n.owner {
                InterfaceOwner::Task(arn) => {
                    format!("task {}", arn.rsplit('/').next().unwrap_or(arn))
                }
                InterfaceOwner::LoadBalancer(arn) => {
                    format!("load balancer {}", arn.split('/').nth(2).unwrap_or(arn))
                }
                InterfaceOwner::NatGateway(id) => format!("NAT gateway {id}"),
                InterfaceOwner::VpcEndpoint(id) => format!("VPC endpoint {id}"),
                InterfaceOwner::Instance(id) => format!("instance {id}"),
            };
            (n.private_ip, (n.id.as_str(), owner))
        })
        .collect();
    let size = subnet.cidr.size();
    let cells = (0..size.min(MAX_CELLS))
        .filter_map(|offset| subnet.cidr.nth(offset).map(|ip| (offset, ip)))
        .map(|(offset, ip)| {
            let used_as = match offset {
                0 => Use::Reserved("network address".into()),
                1 => Use::Reserved("VPC router".into()),
                2 => Use::Reserved("Amazon-provided DNS".into()),
                3 => Use::Reserved("reserved for future use".into()),
                o if o + 1 == size => Use::Reserved("broadcast address".into()),
                _ => match taken.get(&ip) {
                    Some((eni, owner)) => Use::Taken {
                        eni: eni.to_string(),
                        owner: owner.clone(),
                    },
                    None => Use::Free,
                },
            };
            Cell { ip, used_as }
        })
        .collect();
    (cells, size > MAX_CELLS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ecs_sim::console::Console;

    #[test]
    fn a_subnet_grid_shows_the_five_reserves_and_who_takes_each_address() {
        let mut console = Console::default();
        let out = console.run(
            "VPC=$(aws ec2 create-vpc --cidr-block 10.0.0.0/16 --query Vpc.VpcId --output text)
S=$(aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.1.0/28 --availability-zone ap-northeast-1a --query Subnet.SubnetId --output text)
IGW=$(aws ec2 create-internet-gateway --query InternetGateway.InternetGatewayId --output text)
aws ec2 attach-internet-gateway --internet-gateway-id $IGW --vpc-id $VPC
RT=$(aws ec2 create-route-table --vpc-id $VPC --query RouteTable.RouteTableId --output text)
aws ec2 create-route --route-table-id $RT --destination-cidr-block 0.0.0.0/0 --gateway-id $IGW
aws ec2 associate-route-table --route-table-id $RT --subnet-id $S
aws ecs create-cluster --cluster-name learn
aws ecs register-task-definition --family web --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --container-definitions 'name=web,image=nginx'
aws ecs run-task --cluster learn --task-definition web --count 3 --launch-type FARGATE --network-configuration \"awsvpcConfiguration={subnets=[$S],assignPublicIp=ENABLED}\"
sim advance 30s",
        );
        assert_eq!(out.status, 0, "{}", out.stderr);
        let subnet = console.vars["S"].clone();
        let (cells, cut) = grid(&console.world, &subnet);
        assert!(!cut);
        assert_eq!(cells.len(), 16);
        let reserved: Vec<_> = cells
            .iter()
            .filter(|c| matches!(c.used_as, Use::Reserved(_)))
            .map(|c| c.ip.to_string())
            .collect();
        assert_eq!(
            reserved,
            ["10.0.1.0", "10.0.1.1", "10.0.1.2", "10.0.1.3", "10.0.1.15"]
        );
        let tasks = cells
            .iter()
            .filter(
                |c| matches!(&c.used_as, Use::Taken { owner, .. } if owner.starts_with("task ")),
            )
            .count();
        assert_eq!(tasks, 3);
        let free = cells.iter().filter(|c| c.used_as == Use::Free).count() as u64;
        let the_subnet = &console.world.ec2.subnets[&subnet];
        assert_eq!(free, console.world.ec2.available_ip_count(the_subnet));
        // A large subnet is cut at MAX_CELLS.
        let big = console
            .world
            .ec2
            .subnets
            .values()
            .find(|s| s.cidr.prefix() == 20)
            .unwrap()
            .id
            .clone();
        let (cells, cut) = grid(&console.world, &big);
        assert!(cut);
        assert_eq!(cells.len() as u64, MAX_CELLS);
    }
}
