//! Image pulls over the task's real network path (test vector 14 among them):
//! each missing piece — role, endpoint, route, image — gives its own stoppedReason.

use ecs_sim::console::Console;
use ecs_sim::world::image_pull::{PullFailure, PullRequest};

const IMAGE: &str = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/web:v1";

fn setup() -> Console {
    let mut console = Console::default();
    let out = console.run(
        r#"VPC=$(aws ec2 create-vpc --cidr-block 10.0.0.0/24 --query Vpc.VpcId --output text)
aws ec2 modify-vpc-attribute --vpc-id $VPC --enable-dns-hostnames
PRIV=$(aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.0.128/26 --availability-zone ap-northeast-1a --query Subnet.SubnetId --output text)
RT=$(aws ec2 create-route-table --vpc-id $VPC --query RouteTable.RouteTableId --output text)
aws ec2 associate-route-table --route-table-id $RT --subnet-id $PRIV
TASK_SG=$(aws ec2 create-security-group --group-name task --description task --vpc-id $VPC --query GroupId --output text)
VPCE_SG=$(aws ec2 create-security-group --group-name vpce --description vpce --vpc-id $VPC --query GroupId --output text)
aws ec2 authorize-security-group-ingress --group-id $VPCE_SG --protocol tcp --port 443 --source-group $TASK_SG
aws ecr create-repository --repository-name web
sim push-image web:v1 --size-mb 200
aws iam create-role --role-name ecsTaskExecutionRole --assume-role-policy-document '{"Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}'
aws iam attach-role-policy --role-name ecsTaskExecutionRole --policy-arn arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"#,
    );
    assert_eq!(out.status, 0, "{}", out.stderr);
    console
}

fn pull(console: &Console, image: &str, role: Option<&str>, awslogs: bool) -> Result<u64, String> {
    let groups = vec![console.vars["TASK_SG"].clone()];
    let request = PullRequest {
        image,
        subnet_id: &console.vars["PRIV"],
        security_group_ids: &groups,
        public_ip: false,
        execution_role_arn: role,
        uses_awslogs: awslogs,
        task_id: "0123456789abcdef0123456789abcdef",
    };
    console
        .world
        .pull_image(&request)
        .map(|p| p.seconds)
        .map_err(|e: PullFailure| e.to_string())
}

const ROLE: Option<&str> = Some("arn:aws:iam::123456789012:role/ecsTaskExecutionRole");

fn endpoint(console: &mut Console, service: &str) {
    let out = console.run(&format!(
        "aws ec2 create-vpc-endpoint --vpc-id $VPC --vpc-endpoint-type Interface --service-name com.amazonaws.ap-northeast-1.{service} --subnet-ids $PRIV --security-group-ids $VPCE_SG\nsim advance 1m"
    ));
    assert_eq!(out.status, 0, "{}", out.stderr);
}

#[test]
fn each_missing_piece_has_its_own_stopped_reason() {
    let mut console = setup();
    let err = pull(&console, IMAGE, None, false).unwrap_err();
    assert!(
        err.starts_with("CannotPullContainerError:") && err.contains("no basic auth credentials"),
        "{err}"
    );

    let err = pull(
        &console,
        IMAGE,
        Some("arn:aws:iam::123456789012:role/missing"),
        false,
    )
    .unwrap_err();
    assert!(
        err.starts_with("ResourceInitializationError:")
            && err.contains("unable to assume the role"),
        "{err}"
    );

    let err = pull(&console, IMAGE, ROLE, false).unwrap_err();
    assert!(
        err.starts_with("ResourceInitializationError: unable to pull secrets or registry auth")
            && err.contains("api.ecr.ap-northeast-1.amazonaws.com")
            && err.ends_with("i/o timeout"),
        "{err}"
    );

    endpoint(&mut console, "ecr.api");
    let err = pull(&console, IMAGE, ROLE, false).unwrap_err();
    assert!(
        err.starts_with("CannotPullContainerError: pull image manifest")
            && err.contains("/v2/web/manifests/v1"),
        "{err}"
    );

    // Test vector 14: ecr.api and ecr.dkr but no S3 gateway endpoint.
    endpoint(&mut console, "ecr.dkr");
    let err = pull(&console, IMAGE, ROLE, false).unwrap_err();
    assert!(
        err.starts_with("CannotPullContainerError: ref pull has been retried")
            && err.contains("starport-layer-bucket"),
        "{err}"
    );

    console.run("aws ec2 create-vpc-endpoint --vpc-id $VPC --service-name com.amazonaws.ap-northeast-1.s3 --route-table-ids $RT");
    let seconds = pull(&console, IMAGE, ROLE, false).expect("pulls");
    assert_eq!(seconds, 5 + 200 / 40, "a 200 MB image takes 10 s");

    let err = pull(&console, &IMAGE.replace(":v1", ":v2"), ROLE, false).unwrap_err();
    assert!(err.ends_with("web:v2: not found"), "{err}");

    let err = pull(&console, IMAGE, ROLE, true).unwrap_err();
    assert!(
        err.starts_with("ResourceInitializationError: failed to validate logger args")
            && err.contains("logs.ap-northeast-1.amazonaws.com"),
        "{err}"
    );
    endpoint(&mut console, "logs");
    assert!(pull(&console, IMAGE, ROLE, true).is_ok());
}

#[test]
fn a_role_without_ecr_permissions_is_denied() {
    let mut console = setup();
    console.run(r#"aws iam create-role --role-name bare --assume-role-policy-document '{"Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}'"#);
    let err = pull(
        &console,
        IMAGE,
        Some("arn:aws:iam::123456789012:role/bare"),
        false,
    )
    .unwrap_err();
    assert!(
        err.contains("is not authorized to perform: ecr:GetAuthorizationToken"),
        "{err}"
    );
}

#[test]
fn public_images_need_the_internet() {
    let mut console = setup();
    let err = pull(&console, "nginx:latest", None, false).unwrap_err();
    assert!(err.contains("registry-1.docker.io"), "{err}");
    console.run("IGW=$(aws ec2 create-internet-gateway --query InternetGateway.InternetGatewayId --output text)
aws ec2 attach-internet-gateway --internet-gateway-id $IGW --vpc-id $VPC
PUB=$(aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.0.0/26 --availability-zone ap-northeast-1a --query Subnet.SubnetId --output text)
PUB_RT=$(aws ec2 create-route-table --vpc-id $VPC --query RouteTable.RouteTableId --output text)
aws ec2 create-route --route-table-id $PUB_RT --destination-cidr-block 0.0.0.0/0 --gateway-id $IGW
aws ec2 associate-route-table --route-table-id $PUB_RT --subnet-id $PUB
EIP=$(aws ec2 allocate-address --query AllocationId --output text)
NAT=$(aws ec2 create-nat-gateway --subnet-id $PUB --allocation-id $EIP --query NatGateway.NatGatewayId --output text)
aws ec2 create-route --route-table-id $RT --destination-cidr-block 0.0.0.0/0 --nat-gateway-id $NAT
sim advance 1m");
    assert!(pull(&console, "nginx:latest", None, false).is_ok());
}
