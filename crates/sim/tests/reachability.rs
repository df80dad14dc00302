//! Reachability traces: each case builds a network through the console, asks
//! whether traffic gets through, and checks the hop that blocks it.

use ecs_sim::console::Console;
use ecs_sim::ec2::{Check, Node};

/// The seeds' network (see tests/scenarios/seeds-network.sh), with variables set.
fn seeds_network() -> Console {
    let mut console = Console::default();
    let out = console.run(
        "VPC=$(aws ec2 create-vpc --cidr-block 10.0.0.0/24 --query Vpc.VpcId --output text)
aws ec2 modify-vpc-attribute --vpc-id $VPC --enable-dns-hostnames
IGW=$(aws ec2 create-internet-gateway --query InternetGateway.InternetGatewayId --output text)
aws ec2 attach-internet-gateway --internet-gateway-id $IGW --vpc-id $VPC
PUB_A=$(aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.0.0/26 --availability-zone ap-northeast-1a --query Subnet.SubnetId --output text)
PUB_C=$(aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.0.64/26 --availability-zone ap-northeast-1c --query Subnet.SubnetId --output text)
PRIV_A=$(aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.0.128/26 --availability-zone ap-northeast-1a --query Subnet.SubnetId --output text)
PRIV_C=$(aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.0.192/26 --availability-zone ap-northeast-1c --query Subnet.SubnetId --output text)
PUB_RT=$(aws ec2 create-route-table --vpc-id $VPC --query RouteTable.RouteTableId --output text)
aws ec2 create-route --route-table-id $PUB_RT --destination-cidr-block 0.0.0.0/0 --gateway-id $IGW
aws ec2 associate-route-table --route-table-id $PUB_RT --subnet-id $PUB_A
aws ec2 associate-route-table --route-table-id $PUB_RT --subnet-id $PUB_C
PRIV_RT=$(aws ec2 create-route-table --vpc-id $VPC --query RouteTable.RouteTableId --output text)
aws ec2 associate-route-table --route-table-id $PRIV_RT --subnet-id $PRIV_A
aws ec2 associate-route-table --route-table-id $PRIV_RT --subnet-id $PRIV_C
TASK_SG=$(aws ec2 create-security-group --group-name task --description task --vpc-id $VPC --query GroupId --output text)
ALB_SG=$(aws ec2 create-security-group --group-name alb --description alb --vpc-id $VPC --query GroupId --output text)
aws ec2 authorize-security-group-ingress --group-id $ALB_SG --protocol tcp --port 80 --cidr 0.0.0.0/0
VPCE_SG=$(aws ec2 create-security-group --group-name vpce --description vpce --vpc-id $VPC --query GroupId --output text)
aws ec2 authorize-security-group-ingress --group-id $VPCE_SG --protocol tcp --port 443 --source-group $TASK_SG",
    );
    assert_eq!(out.stderr, "", "setup failed");
    console
}

fn iface(console: &Console, subnet: &str, groups: &[&str], public_ip: bool) -> Node {
    Node::Interface {
        subnet_id: console.vars[subnet].clone(),
        security_group_ids: groups.iter().map(|g| console.vars[*g].clone()).collect(),
        private_ip: None,
        public_ip,
    }
}

fn blocked_at(console: &Console, from: &Node, to: &Node, port: u16) -> Option<(Check, String)> {
    let trace = console.world.reachability(from, to, port);
    assert_eq!(trace.reachable, trace.blocking().is_none(), "{trace:?}");
    trace.blocking().map(|h| (h.check, h.detail.clone()))
}

#[test]
fn the_container_massacre_and_its_fix() {
    let mut console = seeds_network();
    let alb = iface(&console, "PUB_A", &["ALB_SG"], true);
    let task = iface(&console, "PRIV_C", &["TASK_SG"], false);
    let (check, detail) = blocked_at(&console, &alb, &task, 3000).expect("blocked");
    assert_eq!(check, Check::SecurityGroupIngress);
    assert!(
        detail.contains("tcp 3000") && detail.contains(&console.vars["ALB_SG"]),
        "{detail}"
    );
    console.run("aws ec2 authorize-security-group-ingress --group-id $TASK_SG --protocol tcp --port 3000 --source-group $ALB_SG");
    assert_eq!(blocked_at(&console, &alb, &task, 3000), None);
    // The rule is for 3000 only.
    assert_eq!(
        blocked_at(&console, &alb, &task, 8080).map(|b| b.0),
        Some(Check::SecurityGroupIngress)
    );
}

#[test]
fn private_subnets_reach_ecr_through_interface_endpoints() {
    let mut console = seeds_network();
    let task = iface(&console, "PRIV_A", &["TASK_SG"], false);
    let ecr = Node::AwsService("ecr.api".into());
    // No endpoint and no NAT: the public endpoint is out of reach.
    let (check, detail) = blocked_at(&console, &task, &ecr, 443).expect("blocked");
    assert_eq!(check, Check::Route);
    assert!(detail.contains("no route to 0.0.0.0/0"), "{detail}");
    console.run("aws ec2 create-vpc-endpoint --vpc-id $VPC --vpc-endpoint-type Interface --service-name com.amazonaws.ap-northeast-1.ecr.api --subnet-ids $PRIV_A $PRIV_C --security-group-ids $VPCE_SG");
    assert_eq!(
        blocked_at(&console, &task, &ecr, 443).map(|b| b.0),
        Some(Check::VpcEndpoint),
        "pending at first"
    );
    console.run("sim advance 1m");
    assert_eq!(blocked_at(&console, &task, &ecr, 443), None);
    // A task without the task security group is not let in by the endpoint's group.
    let other = iface(&console, "PRIV_A", &["ALB_SG"], false);
    assert_eq!(
        blocked_at(&console, &other, &ecr, 443).map(|b| b.0),
        Some(Check::SecurityGroupIngress)
    );
}

#[test]
fn s3_through_a_gateway_endpoint_route() {
    let mut console = seeds_network();
    let task = iface(&console, "PRIV_A", &["TASK_SG"], false);
    let s3 = Node::AwsService("s3".into());
    assert!(blocked_at(&console, &task, &s3, 443).is_some());
    console.run("aws ec2 create-vpc-endpoint --vpc-id $VPC --service-name com.amazonaws.ap-northeast-1.s3 --route-table-ids $PRIV_RT");
    assert_eq!(blocked_at(&console, &task, &s3, 443), None);
}

#[test]
fn internet_access_needs_a_public_address_or_a_nat_gateway() {
    let mut console = seeds_network();
    let internet = Node::Internet;
    let no_ip = iface(&console, "PUB_A", &["TASK_SG"], false);
    assert_eq!(
        blocked_at(&console, &no_ip, &internet, 443).map(|b| b.0),
        Some(Check::InternetGateway)
    );
    let with_ip = iface(&console, "PUB_A", &["TASK_SG"], true);
    assert_eq!(blocked_at(&console, &with_ip, &internet, 443), None);

    let private = iface(&console, "PRIV_A", &["TASK_SG"], false);
    // A NAT gateway placed in a private subnet provides no way out.
    console.run("EIP=$(aws ec2 allocate-address --query AllocationId --output text)\nNAT=$(aws ec2 create-nat-gateway --subnet-id $PRIV_C --allocation-id $EIP --query NatGateway.NatGatewayId --output text)\naws ec2 create-route --route-table-id $PRIV_RT --destination-cidr-block 0.0.0.0/0 --nat-gateway-id $NAT\nsim advance 1m");
    let (check, detail) = blocked_at(&console, &private, &internet, 443).expect("blocked");
    assert_eq!(check, Check::NatGateway);
    assert!(detail.contains("must be in a public subnet"), "{detail}");
    // Moved to a public subnet, it works.
    console.run("aws ec2 delete-nat-gateway --nat-gateway-id $NAT\nsim advance 1m\nNAT2=$(aws ec2 create-nat-gateway --subnet-id $PUB_A --allocation-id $EIP --query NatGateway.NatGatewayId --output text)\naws ec2 replace-route --route-table-id $PRIV_RT --destination-cidr-block 0.0.0.0/0 --nat-gateway-id $NAT2");
    assert_eq!(
        blocked_at(&console, &private, &internet, 443).map(|b| b.0),
        Some(Check::NatGateway),
        "pending"
    );
    console.run("sim advance 1m");
    assert_eq!(blocked_at(&console, &private, &internet, 443), None);
}

#[test]
fn from_the_internet_only_into_public_subnets() {
    let console = seeds_network();
    let alb_public = iface(&console, "PUB_A", &["ALB_SG"], true);
    assert_eq!(blocked_at(&console, &Node::Internet, &alb_public, 80), None);
    assert_eq!(
        blocked_at(&console, &Node::Internet, &alb_public, 22).map(|b| b.0),
        Some(Check::SecurityGroupIngress)
    );
    let alb_private = iface(&console, "PRIV_A", &["ALB_SG"], false);
    assert_eq!(
        blocked_at(&console, &Node::Internet, &alb_private, 80).map(|b| b.0),
        Some(Check::Route)
    );
}

#[test]
fn stateless_acls_must_allow_the_return_path() {
    let mut console = seeds_network();
    console.run("aws ec2 authorize-security-group-ingress --group-id $TASK_SG --protocol tcp --port 3000 --source-group $ALB_SG");
    console.run("ACL=$(aws ec2 create-network-acl --vpc-id $VPC --query NetworkAcl.NetworkAclId --output text)
aws ec2 create-network-acl-entry --network-acl-id $ACL --ingress --rule-number 100 --protocol tcp --port-range From=3000,To=3000 --cidr-block 10.0.0.0/24 --rule-action allow
ASSOC=$(aws ec2 describe-network-acls --filters Name=association.subnet-id,Values=$PRIV_C --query 'NetworkAcls[0].Associations[?SubnetId==`'$PRIV_C'`].NetworkAclAssociationId | [0]' --output text)
aws ec2 replace-network-acl-association --association-id $ASSOC --network-acl-id $ACL");
    let alb = iface(&console, "PUB_A", &["ALB_SG"], true);
    let task = iface(&console, "PRIV_C", &["TASK_SG"], false);
    let (check, detail) = blocked_at(&console, &alb, &task, 3000).expect("blocked");
    assert_eq!(check, Check::NetworkAclOutbound);
    assert!(detail.contains("rule * denies"), "{detail}");
    console.run("aws ec2 create-network-acl-entry --network-acl-id $ACL --egress --rule-number 100 --protocol tcp --port-range From=1024,To=65535 --cidr-block 10.0.0.0/24 --rule-action allow");
    assert_eq!(blocked_at(&console, &alb, &task, 3000), None);
}

/// "Explain why" for an unhealthy target: the health check's path from the
/// load balancer's node to the task, blocked at the task's security group
/// until it lets the load balancer's group in.
#[test]
fn an_unhealthy_target_is_explained_hop_by_hop() {
    let mut console = ecs_sim::console::Console::default();
    let setup = "VPC=$(aws ec2 create-vpc --cidr-block 10.0.0.0/24 --query Vpc.VpcId --output text)
IGW=$(aws ec2 create-internet-gateway --query InternetGateway.InternetGatewayId --output text)
aws ec2 attach-internet-gateway --internet-gateway-id $IGW --vpc-id $VPC
A=$(aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.0.0/26 --availability-zone ap-northeast-1a --query Subnet.SubnetId --output text)
C=$(aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.0.64/26 --availability-zone ap-northeast-1c --query Subnet.SubnetId --output text)
RT=$(aws ec2 create-route-table --vpc-id $VPC --query RouteTable.RouteTableId --output text)
aws ec2 create-route --route-table-id $RT --destination-cidr-block 0.0.0.0/0 --gateway-id $IGW
aws ec2 associate-route-table --route-table-id $RT --subnet-id $A
aws ec2 associate-route-table --route-table-id $RT --subnet-id $C
ALB_SG=$(aws ec2 create-security-group --group-name alb --description alb --vpc-id $VPC --query GroupId --output text)
aws ec2 authorize-security-group-ingress --group-id $ALB_SG --protocol tcp --port 80 --cidr 0.0.0.0/0
TASK_SG=$(aws ec2 create-security-group --group-name task --description task --vpc-id $VPC --query GroupId --output text)
LB=$(aws elbv2 create-load-balancer --name web --subnets $A $C --security-groups $ALB_SG --query 'LoadBalancers[0].LoadBalancerArn' --output text)
TG=$(aws elbv2 create-target-group --name web --protocol HTTP --port 80 --vpc-id $VPC --target-type ip --query 'TargetGroups[0].TargetGroupArn' --output text)
aws elbv2 create-listener --load-balancer-arn $LB --protocol HTTP --port 80 --default-actions Type=forward,TargetGroupArn=$TG
aws ecs create-cluster --cluster-name learn
aws ecs register-task-definition --family web --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --container-definitions 'name=web,image=nginx,portMappings=[{containerPort=80}]'
sim advance 3m
aws ecs create-service --cluster learn --service-name web --task-definition web --desired-count 1 --launch-type FARGATE --network-configuration \"awsvpcConfiguration={subnets=[$A],securityGroups=[$TASK_SG],assignPublicIp=ENABLED}\" --load-balancers targetGroupArn=$TG,containerName=web,containerPort=80
sim advance 2m
";
    assert_eq!(console.run(setup).status, 0);
    // Tasks come and go while they fail their checks: wait for one that is registered.
    let task = |c: &mut ecs_sim::console::Console| {
        for _ in 0..120 {
            let found = c
                .world
                .ecs
                .tasks
                .values()
                .find(|t| t.is_active() && !t.targets.is_empty())
                .map(|t| t.id.clone());
            if let Some(id) = found {
                return id;
            }
            c.run("sim advance 5s");
        }
        panic!("no task registered a target");
    };
    let id = task(&mut console);
    let explained = console.world.explain_task_targets(&id);
    assert_eq!(explained.len(), 1);
    let blocked = explained[0].trace.blocking().expect("blocked");
    assert!(blocked.resource.starts_with("sg-"), "{blocked:?}");
    assert_eq!(explained[0].port, 80);
    assert!(explained[0].from.starts_with("web in subnet-"));
    // Let the load balancer in: the same path is open.
    console.run("aws ec2 authorize-security-group-ingress --group-id $TASK_SG --protocol tcp --port 80 --source-group $ALB_SG");
    let id = task(&mut console);
    let explained = console.world.explain_task_targets(&id);
    assert!(explained[0].trace.reachable, "{:?}", explained[0].trace);
}

/// `--to service:web` where an ECS service is called `web` traces to one of
/// its running tasks (a learner's reading of it), and says so when none runs;
/// an AWS endpoint name such as `ecr.api` still means the endpoint.
#[test]
fn service_names_an_ecs_service_when_one_is_called_that() {
    let mut console = Console::default();
    let out = console.run(
        "S=$(aws ec2 describe-subnets --filters Name=default-for-az,Values=true --query 'Subnets[0].SubnetId' --output text)
SG=$(aws ec2 describe-security-groups --filters Name=group-name,Values=default --query 'SecurityGroups[0].GroupId' --output text)
WEB_SG=$(aws ec2 create-security-group --group-name web --description web --vpc-id $(aws ec2 describe-subnets --subnet-ids $S --query 'Subnets[0].VpcId' --output text) --query GroupId --output text)
aws ecs create-cluster --cluster-name learn
aws ecs register-task-definition --family web --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --container-definitions 'name=web,image=nginx'
aws ecs create-service --cluster learn --service-name web --task-definition web --desired-count 1 --launch-type FARGATE --network-configuration \"awsvpcConfiguration={subnets=[$S],securityGroups=[$WEB_SG],assignPublicIp=ENABLED}\"
aws ecs create-service --cluster learn --service-name idle --task-definition web --desired-count 0 --launch-type FARGATE --network-configuration \"awsvpcConfiguration={subnets=[$S],securityGroups=[$WEB_SG],assignPublicIp=ENABLED}\"
sim advance 3m",
    );
    assert_eq!(out.status, 0, "{}", out.stderr);
    let traced = console.run("sim reachability --from $S:$SG --to service:web --port 80");
    assert_eq!(traced.status, 0, "{}", traced.stderr);
    // The web tasks' group has no inbound rule: the trace stops there, naming it.
    let web_sg = console.vars["WEB_SG"].clone();
    assert!(traced.stdout.contains(&web_sg), "{}", traced.stdout);
    assert!(!traced.stdout.contains("endpoint"), "{}", traced.stdout);
    let idle = console.run("sim reachability --from $S:$SG --to service:learn/idle --port 80");
    assert_eq!(idle.status, 2);
    assert!(
        idle.stderr.contains("learn/idle has no running task"),
        "{}",
        idle.stderr
    );
    let endpoint = console.run("sim reachability --from $S:$SG --to service:ecr.api --port 443");
    assert_eq!(endpoint.status, 0, "{}", endpoint.stderr);
}
