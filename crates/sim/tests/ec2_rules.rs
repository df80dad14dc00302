//! Every EC2 validation rule the model enforces, with at least one accepted
//! and one rejected case each, driven through the console as a learner would.

use ecs_sim::console::Console;

/// Runs `setup` (which must succeed), then `line`, returning (status, stdout, stderr).
fn run(setup: &str, line: &str) -> (i32, String, String) {
    let mut console = Console::default();
    for l in setup.lines().filter(|l| !l.trim().is_empty()) {
        let out = console.run(l);
        assert_eq!(out.status, 0, "setup line failed: {l}\n{}", out.stderr);
    }
    let out = console.run(line);
    (out.status, out.stdout, out.stderr)
}

fn accepted(setup: &str, line: &str) -> String {
    let (status, stdout, stderr) = run(setup, line);
    assert_eq!(status, 0, "expected success for {line}\n{stderr}");
    stdout
}

fn rejected(setup: &str, line: &str, code: &str) {
    let (status, _, stderr) = run(setup, line);
    assert_eq!(
        status, 254,
        "expected {code} for {line}, got status {status}: {stderr}"
    );
    assert!(
        stderr.contains(&format!("An error occurred ({code}) when calling the ")),
        "expected {code} for {line}: {stderr}"
    );
}

const VPC: &str =
    "VPC=$(aws ec2 create-vpc --cidr-block 10.0.0.0/16 --query Vpc.VpcId --output text)";
const SMALL_VPC: &str =
    "VPC=$(aws ec2 create-vpc --cidr-block 10.0.0.0/24 --query Vpc.VpcId --output text)";

#[test]
fn vpc_cidr_sizes() {
    accepted("", "aws ec2 create-vpc --cidr-block 10.0.0.0/16");
    accepted("", "aws ec2 create-vpc --cidr-block 10.0.0.0/28");
    rejected(
        "",
        "aws ec2 create-vpc --cidr-block 10.0.0.0/15",
        "InvalidVpc.Range",
    );
    rejected(
        "",
        "aws ec2 create-vpc --cidr-block 10.0.0.0/29",
        "InvalidVpc.Range",
    );
    rejected(
        "",
        "aws ec2 create-vpc --cidr-block 169.254.0.0/16",
        "InvalidVpc.Range",
    );
    rejected(
        "",
        "aws ec2 create-vpc --cidr-block 1000.1.0.0/20",
        "InvalidParameterValue",
    );
    let (_, _, stderr) = run("", "aws ec2 create-vpc --cidr-block 10.0.0.0/15");
    assert!(
        stderr.contains("The CIDR '10.0.0.0/15' is invalid."),
        "{stderr}"
    );
}

#[test]
fn vpc_host_bits_are_normalised() {
    let out = accepted(
        "",
        "aws ec2 create-vpc --cidr-block 10.0.0.18/16 --query Vpc.CidrBlock --output text",
    );
    assert_eq!(out, "10.0.0.0/16\n");
}

#[test]
fn vpcs_per_region() {
    let four = "aws ec2 create-vpc --cidr-block 10.0.0.0/16\naws ec2 create-vpc --cidr-block 10.1.0.0/16\naws ec2 create-vpc --cidr-block 10.2.0.0/16";
    accepted(four, "aws ec2 create-vpc --cidr-block 10.3.0.0/16");
    let five = format!("{four}\naws ec2 create-vpc --cidr-block 10.3.0.0/16");
    rejected(
        &five,
        "aws ec2 create-vpc --cidr-block 10.4.0.0/16",
        "VpcLimitExceeded",
    );
}

#[test]
fn secondary_cidr_blocks() {
    accepted(
        VPC,
        "aws ec2 associate-vpc-cidr-block --vpc-id $VPC --cidr-block 10.1.0.0/16",
    );
    rejected(
        VPC,
        "aws ec2 associate-vpc-cidr-block --vpc-id $VPC --cidr-block 10.0.128.0/17",
        "InvalidVpc.Range",
    );
    rejected(
        VPC,
        "aws ec2 associate-vpc-cidr-block --vpc-id $VPC --cidr-block 172.16.0.0/16",
        "InvalidVpc.Range",
    );
    let four_more = format!(
        "{VPC}\n{}",
        (1..5)
            .map(|i| format!(
                "aws ec2 associate-vpc-cidr-block --vpc-id $VPC --cidr-block 10.{i}.0.0/16"
            ))
            .collect::<Vec<_>>()
            .join("\n")
    );
    rejected(
        &four_more,
        "aws ec2 associate-vpc-cidr-block --vpc-id $VPC --cidr-block 10.9.0.0/16",
        "CidrLimitExceeded",
    );
    let primary = format!("{VPC}\nASSOC=$(aws ec2 describe-vpcs --vpc-ids $VPC --query 'Vpcs[0].CidrBlockAssociationSet[0].AssociationId' --output text)");
    rejected(
        &primary,
        "aws ec2 disassociate-vpc-cidr-block --association-id $ASSOC",
        "OperationNotPermitted",
    );
    // A subnet may use the secondary block, but not a block the VPC lacks (test vector 8).
    let both =
        format!("{VPC}\naws ec2 associate-vpc-cidr-block --vpc-id $VPC --cidr-block 10.1.0.0/16");
    accepted(&both, "aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.1.5.0/24 --availability-zone ap-northeast-1a");
    rejected(&both, "aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.2.0.0/20 --availability-zone ap-northeast-1a", "InvalidSubnet.Range");
}

#[test]
fn subnet_ranges_and_conflicts() {
    accepted(SMALL_VPC, "aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.0.0/24 --availability-zone ap-northeast-1a");
    rejected(
        SMALL_VPC,
        "aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.1.0/24",
        "InvalidSubnet.Range",
    );
    rejected(
        VPC,
        "aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.0.0/29",
        "InvalidSubnet.Range",
    );
    rejected(
        SMALL_VPC,
        "aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.0.0/19",
        "InvalidSubnet.Range",
    );
    let with_one = format!("{VPC}\naws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.0.0/25 --availability-zone ap-northeast-1a");
    rejected(
        &with_one,
        "aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.0.64/26",
        "InvalidSubnet.Conflict",
    );
    accepted(&with_one, "aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.0.128/26 --availability-zone ap-northeast-1c");
    rejected(VPC, "aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.0.0/24 --availability-zone us-east-1a", "InvalidParameterValue");
    rejected(
        "",
        "aws ec2 create-subnet --vpc-id vpc-0000 --cidr-block 10.0.0.0/24",
        "InvalidVpcID.NotFound",
    );
}

#[test]
fn subnet_addresses() {
    let out = accepted(VPC, "aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.1.0/24 --availability-zone ap-northeast-1a --query Subnet.AvailableIpAddressCount");
    assert_eq!(out.trim(), "251");
    let out = accepted(VPC, "aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.1.0/28 --availability-zone ap-northeast-1a --query Subnet.AvailableIpAddressCount");
    assert_eq!(out.trim(), "11");
}

#[test]
fn interface_endpoints_use_addresses_until_none_are_left() {
    let setup = format!(
        "{VPC}\naws ec2 modify-vpc-attribute --vpc-id $VPC --enable-dns-hostnames\nSUB=$(aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.1.0/28 --availability-zone ap-northeast-1a --query Subnet.SubnetId --output text)"
    );
    let endpoint = "aws ec2 create-vpc-endpoint --vpc-id $VPC --vpc-endpoint-type Interface --service-name com.amazonaws.ap-northeast-1.logs --no-private-dns-enabled --subnet-ids $SUB";
    let eleven = format!("{setup}\n{}", [endpoint; 11].join("\n"));
    let out = accepted(
        &eleven,
        "aws ec2 describe-subnets --subnet-ids $SUB --query 'Subnets[0].AvailableIpAddressCount'",
    );
    assert_eq!(out.trim(), "0");
    rejected(&eleven, endpoint, "InsufficientFreeAddressesInSubnet");
    // And a subnet that holds interfaces cannot be deleted.
    rejected(
        &eleven,
        "aws ec2 delete-subnet --subnet-id $SUB",
        "DependencyViolation",
    );
}

#[test]
fn internet_gateway_attachment_rules() {
    let one = format!("{VPC}\nIGW=$(aws ec2 create-internet-gateway --query InternetGateway.InternetGatewayId --output text)");
    accepted(
        &one,
        "aws ec2 attach-internet-gateway --internet-gateway-id $IGW --vpc-id $VPC",
    );
    let attached =
        format!("{one}\naws ec2 attach-internet-gateway --internet-gateway-id $IGW --vpc-id $VPC");
    rejected(
        &attached,
        "aws ec2 attach-internet-gateway --internet-gateway-id $IGW --vpc-id $VPC",
        "Resource.AlreadyAssociated",
    );
    let second = format!("{attached}\nIGW2=$(aws ec2 create-internet-gateway --query InternetGateway.InternetGatewayId --output text)");
    rejected(
        &second,
        "aws ec2 attach-internet-gateway --internet-gateway-id $IGW2 --vpc-id $VPC",
        "InvalidParameterValue",
    );
    rejected(
        &one,
        "aws ec2 detach-internet-gateway --internet-gateway-id $IGW --vpc-id $VPC",
        "Gateway.NotAttached",
    );
    rejected(
        &attached,
        "aws ec2 delete-internet-gateway --internet-gateway-id $IGW",
        "DependencyViolation",
    );
    accepted(
        &attached,
        "aws ec2 detach-internet-gateway --internet-gateway-id $IGW --vpc-id $VPC",
    );
    rejected(
        &attached,
        "aws ec2 delete-vpc --vpc-id $VPC",
        "DependencyViolation",
    );
}

const NETWORK: &str = "VPC=$(aws ec2 create-vpc --cidr-block 10.0.0.0/16 --query Vpc.VpcId --output text)
IGW=$(aws ec2 create-internet-gateway --query InternetGateway.InternetGatewayId --output text)
aws ec2 attach-internet-gateway --internet-gateway-id $IGW --vpc-id $VPC
SUB=$(aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.1.0/24 --availability-zone ap-northeast-1a --query Subnet.SubnetId --output text)
RT=$(aws ec2 create-route-table --vpc-id $VPC --query RouteTable.RouteTableId --output text)";

#[test]
fn routes() {
    accepted(NETWORK, "aws ec2 create-route --route-table-id $RT --destination-cidr-block 0.0.0.0/0 --gateway-id $IGW");
    let with_route = format!("{NETWORK}\naws ec2 create-route --route-table-id $RT --destination-cidr-block 0.0.0.0/0 --gateway-id $IGW");
    rejected(&with_route, "aws ec2 create-route --route-table-id $RT --destination-cidr-block 0.0.0.0/0 --gateway-id $IGW", "RouteAlreadyExists");
    rejected(NETWORK, "aws ec2 create-route --route-table-id $RT --destination-cidr-block 10.0.5.0/24 --gateway-id $IGW", "InvalidParameterValue");
    rejected(
        NETWORK,
        "aws ec2 delete-route --route-table-id $RT --destination-cidr-block 10.0.0.0/16",
        "InvalidParameterValue",
    );
    rejected(
        NETWORK,
        "aws ec2 delete-route --route-table-id $RT --destination-cidr-block 8.8.8.0/24",
        "InvalidRoute.NotFound",
    );
    rejected(NETWORK, "aws ec2 create-route --route-table-id rtb-00000000000000000 --destination-cidr-block 0.0.0.0/0 --gateway-id $IGW", "InvalidRouteTableID.NotFound");
    let other = format!("{NETWORK}\nVPC2=$(aws ec2 create-vpc --cidr-block 10.9.0.0/16 --query Vpc.VpcId --output text)\nRT2=$(aws ec2 create-route-table --vpc-id $VPC2 --query RouteTable.RouteTableId --output text)");
    rejected(&other, "aws ec2 create-route --route-table-id $RT2 --destination-cidr-block 0.0.0.0/0 --gateway-id $IGW", "InvalidParameterValue");
}

#[test]
fn route_table_associations() {
    accepted(
        NETWORK,
        "aws ec2 associate-route-table --route-table-id $RT --subnet-id $SUB",
    );
    let associated = format!("{NETWORK}\nASSOC=$(aws ec2 associate-route-table --route-table-id $RT --subnet-id $SUB --query AssociationId --output text)");
    rejected(
        &associated,
        "aws ec2 associate-route-table --route-table-id $RT --subnet-id $SUB",
        "Resource.AlreadyAssociated",
    );
    rejected(
        &associated,
        "aws ec2 delete-route-table --route-table-id $RT",
        "DependencyViolation",
    );
    accepted(
        &associated,
        "aws ec2 disassociate-route-table --association-id $ASSOC",
    );
    let main = format!("{NETWORK}\nMAIN=$(aws ec2 describe-route-tables --filters Name=vpc-id,Values=$VPC Name=association.main,Values=true --query 'RouteTables[0].Associations[0].RouteTableAssociationId' --output text)\nMAIN_RT=$(aws ec2 describe-route-tables --filters Name=vpc-id,Values=$VPC Name=association.main,Values=true --query 'RouteTables[0].RouteTableId' --output text)");
    rejected(
        &main,
        "aws ec2 disassociate-route-table --association-id $MAIN",
        "InvalidParameterValue",
    );
    rejected(
        &main,
        "aws ec2 delete-route-table --route-table-id $MAIN_RT",
        "DependencyViolation",
    );
    accepted(
        &main,
        "aws ec2 replace-route-table-association --association-id $MAIN --route-table-id $RT",
    );
}

#[test]
fn public_is_derived_from_the_route_to_an_attached_gateway() {
    use ecs_sim::console::Console;
    let mut console = Console::default();
    console.run(NETWORK);
    console.run("aws ec2 associate-route-table --route-table-id $RT --subnet-id $SUB");
    let subnet = console.vars["SUB"].clone();
    assert!(!console.world.ec2.is_public_subnet(&subnet));
    console.run("aws ec2 create-route --route-table-id $RT --destination-cidr-block 0.0.0.0/0 --gateway-id $IGW");
    assert!(console.world.ec2.is_public_subnet(&subnet));
    // Longest prefix match (test vector 12).
    let table = console
        .world
        .ec2
        .effective_route_table(&subnet)
        .unwrap()
        .clone();
    let hop = |ip: &str| {
        table
            .lookup(&console.world.ec2, ip.parse().unwrap())
            .map(|(_, hop)| hop)
    };
    assert_eq!(hop("10.0.9.9"), Some(ecs_sim::ec2::Hop::Local));
    assert_eq!(
        hop("8.8.8.8"),
        Some(ecs_sim::ec2::Hop::Target(
            ecs_sim::ec2::RouteTarget::InternetGateway(console.vars["IGW"].clone())
        ))
    );
}

#[test]
fn security_groups() {
    let sg = format!("{VPC}\nSG=$(aws ec2 create-security-group --group-name web --description web --vpc-id $VPC --query GroupId --output text)");
    let out = accepted(&sg, "aws ec2 describe-security-groups --group-ids $SG --query 'SecurityGroups[0].[length(IpPermissions), length(IpPermissionsEgress)]' --output text");
    assert_eq!(out.trim(), "0\t1");
    rejected(
        &sg,
        "aws ec2 create-security-group --group-name WEB --description again --vpc-id $VPC",
        "InvalidGroup.Duplicate",
    );
    rejected(
        VPC,
        "aws ec2 create-security-group --group-name sg-web --description x --vpc-id $VPC",
        "InvalidParameterValue",
    );
    accepted(&sg, "aws ec2 authorize-security-group-ingress --group-id $SG --protocol tcp --port 80 --cidr 0.0.0.0/0");
    let with_rule = format!("{sg}\naws ec2 authorize-security-group-ingress --group-id $SG --protocol tcp --port 80 --cidr 0.0.0.0/0");
    rejected(&with_rule, "aws ec2 authorize-security-group-ingress --group-id $SG --protocol tcp --port 80 --cidr 0.0.0.0/0", "InvalidPermission.Duplicate");
    rejected(&sg, "aws ec2 authorize-security-group-ingress --group-id $SG --protocol tcp --port 70000 --cidr 0.0.0.0/0", "InvalidParameterValue");
    rejected(&sg, "aws ec2 authorize-security-group-ingress --group-id $SG --protocol gre --port 80 --cidr 0.0.0.0/0", "InvalidParameterValue");
    rejected(&sg, "aws ec2 authorize-security-group-ingress --group-id sg-00000000000000000 --protocol tcp --port 80 --cidr 0.0.0.0/0", "InvalidGroup.NotFound");
    rejected(&sg, "aws ec2 revoke-security-group-ingress --group-id $SG --protocol tcp --port 80 --cidr 0.0.0.0/0", "InvalidPermission.NotFound");
    accepted(&with_rule, "aws ec2 revoke-security-group-ingress --group-id $SG --protocol tcp --port 80 --cidr 0.0.0.0/0");
    let default = format!("{VPC}\nDEF=$(aws ec2 describe-security-groups --filters Name=vpc-id,Values=$VPC Name=group-name,Values=default --query 'SecurityGroups[0].GroupId' --output text)");
    rejected(
        &default,
        "aws ec2 delete-security-group --group-id $DEF",
        "CannotDelete",
    );
    let referenced = format!("{sg}\nALB=$(aws ec2 create-security-group --group-name alb --description alb --vpc-id $VPC --query GroupId --output text)\naws ec2 authorize-security-group-ingress --group-id $SG --protocol tcp --port 3000 --source-group $ALB");
    rejected(
        &referenced,
        "aws ec2 delete-security-group --group-id $ALB",
        "DependencyViolation",
    );
    accepted(&referenced, "aws ec2 delete-security-group --group-id $SG");
}

#[test]
fn nat_gateways_and_elastic_ips() {
    rejected(
        NETWORK,
        "aws ec2 create-nat-gateway --subnet-id $SUB",
        "MissingParameter",
    );
    rejected(
        NETWORK,
        "aws ec2 create-nat-gateway --subnet-id $SUB --allocation-id eipalloc-00000000000000000",
        "InvalidAllocationID.NotFound",
    );
    let eip = format!("{NETWORK}\nEIP=$(aws ec2 allocate-address --domain vpc --query AllocationId --output text)");
    let out = accepted(&eip, "aws ec2 create-nat-gateway --subnet-id $SUB --allocation-id $EIP --query NatGateway.State --output text");
    assert_eq!(out, "pending\n");
    let nat = format!("{eip}\nNAT=$(aws ec2 create-nat-gateway --subnet-id $SUB --allocation-id $EIP --query NatGateway.NatGatewayId --output text)");
    rejected(
        &nat,
        "aws ec2 release-address --allocation-id $EIP",
        "InvalidIPAddress.InUse",
    );
    rejected(
        &nat,
        "aws ec2 create-nat-gateway --subnet-id $SUB --allocation-id $EIP",
        "Resource.AlreadyAssociated",
    );
    rejected(
        &nat,
        "aws ec2 detach-internet-gateway --internet-gateway-id $IGW --vpc-id $VPC",
        "DependencyViolation",
    );
    let out = accepted(&format!("{nat}\nsim advance 1m"), "aws ec2 describe-nat-gateways --nat-gateway-ids $NAT --query 'NatGateways[0].State' --output text");
    assert_eq!(out, "available\n");
    // Without an internet gateway a public NAT gateway fails.
    let no_igw = format!("{VPC}\nS=$(aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.1.0/24 --availability-zone ap-northeast-1a --query Subnet.SubnetId --output text)\nE=$(aws ec2 allocate-address --query AllocationId --output text)\nN=$(aws ec2 create-nat-gateway --subnet-id $S --allocation-id $E --query NatGateway.NatGatewayId --output text)\nsim advance 2m");
    let out = accepted(&no_igw, "aws ec2 describe-nat-gateways --nat-gateway-ids $N --query 'NatGateways[0].[State,FailureCode]' --output text");
    assert_eq!(out, "failed\tGateway.NotAttached\n");
}

#[test]
fn vpc_endpoints() {
    let setup = format!("{NETWORK}\nSUB2=$(aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.2.0/24 --availability-zone ap-northeast-1a --query Subnet.SubnetId --output text)");
    rejected(&setup, "aws ec2 create-vpc-endpoint --vpc-id $VPC --service-name com.amazonaws.ap-northeast-1.nope", "InvalidServiceName");
    rejected(&setup, "aws ec2 create-vpc-endpoint --vpc-id $VPC --vpc-endpoint-type Interface --service-name com.amazonaws.ap-northeast-1.ecr.api --subnet-ids $SUB", "InvalidParameter");
    let dns = format!("{setup}\naws ec2 modify-vpc-attribute --vpc-id $VPC --enable-dns-hostnames");
    accepted(&dns, "aws ec2 create-vpc-endpoint --vpc-id $VPC --vpc-endpoint-type Interface --service-name com.amazonaws.ap-northeast-1.ecr.api --subnet-ids $SUB");
    rejected(&dns, "aws ec2 create-vpc-endpoint --vpc-id $VPC --vpc-endpoint-type Interface --service-name com.amazonaws.ap-northeast-1.ecr.api --subnet-ids $SUB $SUB2", "DuplicateSubnetsInSameZone");
    rejected(&dns, "aws ec2 create-vpc-endpoint --vpc-id $VPC --service-name com.amazonaws.ap-northeast-1.ecr.api --route-table-ids $RT", "InvalidParameter");
    let out = accepted(&dns, "aws ec2 create-vpc-endpoint --vpc-id $VPC --service-name com.amazonaws.ap-northeast-1.s3 --route-table-ids $RT --query VpcEndpoint.VpcEndpointType --output text");
    assert_eq!(out, "Gateway\n");
}

#[test]
fn dry_run_and_unknown_operations() {
    rejected(
        "",
        "aws ec2 create-vpc --cidr-block 10.0.0.0/16 --dry-run",
        "DryRunOperation",
    );
    let (status, _, stderr) = run("", "aws ec2 create-vpcx --cidr-block 10.0.0.0/16");
    assert_eq!(status, 252);
    assert!(stderr.contains("maybe you meant:"), "{stderr}");
}

#[test]
fn network_acls() {
    let acl = format!("{NETWORK}\nACL=$(aws ec2 create-network-acl --vpc-id $VPC --query NetworkAcl.NetworkAclId --output text)");
    accepted(&acl, "aws ec2 create-network-acl-entry --network-acl-id $ACL --ingress --rule-number 100 --protocol tcp --port-range From=443,To=443 --cidr-block 0.0.0.0/0 --rule-action allow");
    let with_entry = format!("{acl}\naws ec2 create-network-acl-entry --network-acl-id $ACL --ingress --rule-number 100 --protocol tcp --port-range From=443,To=443 --cidr-block 0.0.0.0/0 --rule-action allow");
    rejected(&with_entry, "aws ec2 create-network-acl-entry --network-acl-id $ACL --ingress --rule-number 100 --protocol tcp --port-range From=80,To=80 --cidr-block 0.0.0.0/0 --rule-action allow", "NetworkAclEntryAlreadyExists");
    // The same number in the other direction is a different rule.
    accepted(&with_entry, "aws ec2 create-network-acl-entry --network-acl-id $ACL --egress --rule-number 100 --protocol -1 --cidr-block 0.0.0.0/0 --rule-action allow");
    rejected(&acl, "aws ec2 create-network-acl-entry --network-acl-id $ACL --ingress --rule-number 40000 --protocol -1 --cidr-block 0.0.0.0/0 --rule-action allow", "InvalidParameterValue");
    rejected(&acl, "aws ec2 create-network-acl-entry --network-acl-id $ACL --ingress --rule-number 10 --protocol tcp --cidr-block 0.0.0.0/0 --rule-action allow", "InvalidParameterValue");
    let default = format!("{NETWORK}\nDEF=$(aws ec2 describe-network-acls --filters Name=vpc-id,Values=$VPC Name=default,Values=true --query 'NetworkAcls[0].NetworkAclId' --output text)");
    rejected(
        &default,
        "aws ec2 delete-network-acl --network-acl-id $DEF",
        "InvalidParameterValue",
    );
    // Moving the subnet to the custom ACL, then the ACL cannot be deleted.
    let moved = format!("{acl}\nASSOC=$(aws ec2 describe-network-acls --filters Name=association.subnet-id,Values=$SUB --query 'NetworkAcls[0].Associations[?SubnetId==`'$SUB'`].NetworkAclAssociationId | [0]' --output text)\naws ec2 replace-network-acl-association --association-id $ASSOC --network-acl-id $ACL");
    rejected(
        &moved,
        "aws ec2 delete-network-acl --network-acl-id $ACL",
        "DependencyViolation",
    );
    accepted(&acl, "aws ec2 delete-network-acl --network-acl-id $ACL");
}

#[test]
fn vpc_dns_attributes() {
    let out = accepted(VPC, "aws ec2 describe-vpc-attribute --vpc-id $VPC --attribute enableDnsHostnames --query EnableDnsHostnames.Value");
    assert_eq!(
        out.trim(),
        "false",
        "a new VPC starts without DNS hostnames"
    );
    let out = accepted(VPC, "aws ec2 describe-vpc-attribute --vpc-id $VPC --attribute enableDnsSupport --query EnableDnsSupport.Value");
    assert_eq!(out.trim(), "true");
    accepted(
        VPC,
        "aws ec2 modify-vpc-attribute --vpc-id $VPC --enable-dns-hostnames",
    );
    rejected(
        VPC,
        r#"aws ec2 modify-vpc-attribute --vpc-id $VPC --cli-input-json '{"EnableDnsSupport":{"Value":true},"EnableDnsHostnames":{"Value":true}}'"#,
        "InvalidParameterCombination",
    );
    rejected(
        VPC,
        "aws ec2 describe-vpc-attribute --vpc-id $VPC --attribute enableDnsMagic",
        "InvalidParameterValue",
    );
    let out = accepted("", "aws ec2 describe-vpcs --filters Name=is-default,Values=true --query 'Vpcs[0].[CidrBlock,IsDefault]' --output text");
    assert_eq!(out, "172.31.0.0/16\tTrue\n");
    let out = accepted("", "aws ec2 describe-subnets --filters Name=default-for-az,Values=true --query 'sort(Subnets[*].CidrBlock)' --output text");
    assert_eq!(
        out, "172.31.0.0/20\t172.31.16.0/20\t172.31.32.0/20\n",
        "one /20 per zone in the default VPC"
    );
}
