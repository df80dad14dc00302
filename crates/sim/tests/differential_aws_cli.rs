//! Differential test of the console's `aws` parser against the real AWS CLI.
//!
//! Each command line is split by the console's shell parser, then given both to
//! the console's CLI parser and to the real `aws` (PyPI `awscli`) pointed with
//! `--endpoint-url` at a loopback server that records the request and answers
//! an error. The operation and every parameter must agree.
//!
//! `cargo xtask test` installs `awscli` and sets `ECS_PLAYGROUND_REQUIRE_AWS_CLI=1`,
//! which makes a missing `aws` a failure; a plain `cargo test` without it skips.

use ecs_sim::console::cli::{self, Parsed};
use ecs_sim::shell;
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::process::Command;
use std::sync::mpsc;
use std::time::Duration;

/// What the real CLI sent.
#[derive(Debug)]
struct Recorded {
    target: Option<String>,
    body: String,
}

fn aws_available() -> bool {
    Command::new("aws")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Starts a one-request server, runs the real CLI against it, returns the request.
fn record(args: &[String]) -> Recorded {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let port = listener.local_addr().expect("address").port();
    let (tx, rx) = mpsc::channel();
    let server = std::thread::spawn(move || {
        let Ok((mut stream, _)) = listener.accept() else {
            return;
        };
        let _ = stream.set_read_timeout(Some(Duration::from_secs(20)));
        let mut reader = BufReader::new(stream.try_clone().expect("clone stream"));
        let mut headers = BTreeMap::new();
        let mut line = String::new();
        let _ = reader.read_line(&mut line); // request line
        loop {
            line.clear();
            if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                break;
            }
            if let Some((k, v)) = line.split_once(':') {
                headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
            }
        }
        let length: usize = headers
            .get("content-length")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let mut body = vec![0; length];
        let _ = reader.read_exact(&mut body);
        let target = headers.get("x-amz-target").cloned();
        let json = target.is_some();
        let reply = if json {
            r#"{"__type":"RecordedByTest","message":"recorded"}"#.to_string()
        } else {
            "<Response><Errors><Error><Code>RecordedByTest</Code><Message>recorded</Message></Error></Errors><RequestID>1</RequestID></Response>".to_string()
        };
        let content_type = if json {
            "application/x-amz-json-1.1"
        } else {
            "text/xml"
        };
        let _ = write!(
            stream,
            "HTTP/1.1 400 Bad Request\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{reply}",
            reply.len()
        );
        let _ = tx.send(Recorded {
            target,
            body: String::from_utf8_lossy(&body).into_owned(),
        });
    });
    let output = Command::new("aws")
        .args(args)
        .args([
            "--endpoint-url",
            &format!("http://127.0.0.1:{port}"),
            "--region",
            "ap-northeast-1",
        ])
        .env("AWS_ACCESS_KEY_ID", "AKIDTEST")
        .env("AWS_SECRET_ACCESS_KEY", "secret")
        .env("AWS_MAX_ATTEMPTS", "1")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_CONFIG_FILE", "/dev/null")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
        .output()
        .expect("run aws");
    let recorded = rx
        .recv_timeout(Duration::from_secs(30))
        .unwrap_or_else(|_| {
            panic!(
                "the real CLI sent nothing for {args:?}: {}",
                String::from_utf8_lossy(&output.stderr)
            )
        });
    let _ = server.join();
    recorded
}

fn form_decode(body: &str) -> BTreeMap<String, String> {
    fn unescape(s: &str) -> String {
        let bytes = s.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'+' => out.push(b' '),
                b'%' if i + 2 < bytes.len() => {
                    if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                        out.push(b);
                        i += 2;
                    }
                }
                b => out.push(b),
            }
            i += 1;
        }
        String::from_utf8_lossy(&out).into_owned()
    }
    body.split('&')
        .filter(|p| !p.is_empty())
        .filter_map(|p| p.split_once('='))
        .map(|(k, v)| (unescape(k), unescape(v)))
        .collect()
}

/// EC2's query names for list and structure members (its `locationName`s).
fn ec2_name(member: &str) -> &str {
    match member {
        "TagSpecifications" => "TagSpecification",
        "Tags" => "Tag",
        "Filters" | "Filter" => "Filter",
        "Values" => "Value",
        "VpcIds" => "VpcId",
        "SubnetIds" => "SubnetId",
        "RouteTableIds" => "RouteTableId",
        "SecurityGroupIds" => "SecurityGroupId",
        "GroupIds" => "GroupId",
        "GroupNames" => "GroupName",
        "UserIdGroupPairs" => "Groups",
        "Resources" => "ResourceId",
        "NatGatewayIds" => "NatGatewayId",
        "AllocationIds" => "AllocationId",
        "VpcEndpointIds" => "VpcEndpointId",
        "NetworkAclIds" => "NetworkAclId",
        "InternetGatewayIds" => "InternetGatewayId",
        "SecurityGroupRuleIds" => "SecurityGroupRuleId",
        other => other,
    }
}

/// IAM and EC2 query serialisation of the console's JSON parameters.
fn flatten(prefix: &str, value: &Value, ec2: bool, out: &mut BTreeMap<String, String>) {
    let join = |name: &str| {
        if prefix.is_empty() {
            name.to_string()
        } else {
            format!("{prefix}.{name}")
        }
    };
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let name = if ec2 { ec2_name(k) } else { k.as_str() };
                flatten(&join(name), v, ec2, out);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let key = if ec2 {
                    format!("{prefix}.{}", i + 1)
                } else {
                    format!("{prefix}.member.{}", i + 1)
                };
                flatten(&key, item, ec2, out);
            }
        }
        Value::String(s) => {
            out.insert(prefix.to_string(), s.clone());
        }
        Value::Bool(b) => {
            out.insert(prefix.to_string(), b.to_string());
        }
        Value::Number(n) => {
            out.insert(prefix.to_string(), n.to_string());
        }
        Value::Null => {}
    }
}

fn words(line: &str) -> Vec<String> {
    let parsed = shell::parse(line).expect("shell parse");
    let (command, _) = parsed.commands.into_iter().next().expect("a command");
    command
        .words
        .iter()
        .map(|w| w.literal().expect("no expansions in test lines"))
        .collect()
}

const CASES: &[&str] = &[
    "ec2 create-vpc --cidr-block 10.0.0.0/24 --tag-specifications 'ResourceType=vpc,Tags=[{Key=Name,Value=ecs-learn-vpc},{Key=env,Value=dev}]'",
    r#"ec2 create-vpc --cidr-block 10.0.0.0/16 --tag-specifications '[{"ResourceType":"vpc","Tags":[{"Key":"Name","Value":"json"}]}]'"#,
    "ec2 create-vpc --cidr-block 10.0.0.0/16 --dry-run",
    "ec2 describe-vpcs --vpc-ids vpc-0a1 vpc-0b2",
    "ec2 describe-subnets --filters Name=vpc-id,Values=vpc-0a1 Name=tag:Name,Values=web,api",
    "ec2 describe-subnets --filters 'Name=availability-zone,Values=[ap-northeast-1a,ap-northeast-1c]'",
    "ec2 create-subnet --vpc-id vpc-0a1 --cidr-block 10.0.0.64/26 --availability-zone ap-northeast-1c",
    r#"ec2 create-subnet --cli-input-json '{"VpcId":"vpc-0a1","CidrBlock":"10.0.0.0/26","AvailabilityZone":"ap-northeast-1a"}'"#,
    r#"ec2 create-subnet --cli-input-json '{"VpcId":"vpc-0a1","CidrBlock":"10.0.0.0/26"}' --cidr-block 10.0.0.128/26"#,
    "ec2 modify-subnet-attribute --subnet-id subnet-1 --map-public-ip-on-launch",
    "ec2 modify-subnet-attribute --subnet-id subnet-1 --no-map-public-ip-on-launch",
    r#"ec2 modify-vpc-attribute --vpc-id vpc-0a1 --enable-dns-hostnames '{"Value":true}'"#,
    "ec2 modify-vpc-attribute --vpc-id vpc-0a1 --enable-dns-support Value=false",
    "ec2 create-route --route-table-id rtb-1 --destination-cidr-block 0.0.0.0/0 --gateway-id igw-1",
    "ec2 associate-route-table --route-table-id rtb-1 --subnet-id subnet-1",
    "ec2 create-security-group --group-name ecs-task-sg --description 'ECS tasks' --vpc-id vpc-0a1",
    "ec2 authorize-security-group-ingress --group-id sg-1 --protocol tcp --port 3000 --source-group sg-2",
    "ec2 authorize-security-group-ingress --group-id sg-1 --protocol tcp --port 8000-8080 --cidr 0.0.0.0/0",
    "ec2 authorize-security-group-ingress --group-id sg-1 --ip-permissions IpProtocol=tcp,FromPort=443,ToPort=443,UserIdGroupPairs=[{GroupId=sg-2,Description=tasks}]",
    r#"ec2 authorize-security-group-ingress --group-id sg-1 --ip-permissions '[{"IpProtocol":"tcp","FromPort":80,"ToPort":80,"IpRanges":[{"CidrIp":"0.0.0.0/0","Description":"web"}]}]'"#,
    "ec2 create-vpc-endpoint --vpc-id vpc-0a1 --vpc-endpoint-type Interface --service-name com.amazonaws.ap-northeast-1.ecr.dkr --subnet-ids subnet-1 subnet-2 --security-group-ids sg-1 --no-private-dns-enabled",
    "ec2 create-nat-gateway --subnet-id subnet-1 --allocation-id eipalloc-1",
    "ec2 describe-nat-gateways --filter Name=vpc-id,Values=vpc-0a1",
    "ec2 create-network-acl-entry --network-acl-id acl-1 --ingress --rule-number 100 --protocol tcp --port-range From=443,To=443 --cidr-block 0.0.0.0/0 --rule-action allow",
    "ec2 create-network-acl-entry --network-acl-id acl-1 --egress --rule-number 110 --protocol -1 --cidr-block 10.0.0.0/16 --rule-action deny",
    "ec2 create-tags --resources vpc-0a1 subnet-1 --tags Key=Name,Value=web Key=env,Value=dev",
    r#"ecs register-task-definition --family web --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --container-definitions '[{"name":"web","image":"nginx","essential":true,"portMappings":[{"containerPort":80}]}]'"#,
    "ecs register-task-definition --family web --container-definitions name=web,image=nginx,memory=512,essential=true,portMappings=[{containerPort=80,hostPort=0,protocol=tcp}]",
    r#"ecs register-task-definition --cli-input-json '{"family":"api","networkMode":"awsvpc","cpu":"512","memory":"1024","containerDefinitions":[{"name":"api","image":"api:1","secrets":[{"name":"DB","valueFrom":"arn:aws:ssm:ap-northeast-1:123456789012:parameter/db"}],"healthCheck":{"command":["CMD-SHELL","curl -f http://localhost:8080/ || exit 1"]}}]}'"#,
    "ecs describe-task-definition --task-definition web:1 --include TAGS",
    "ecs deregister-task-definition --task-definition web:3",
    "ecs list-task-definitions --family-prefix web --status ACTIVE --sort DESC",
    "elbv2 create-load-balancer --name external-alb --type application --scheme internet-facing --subnets subnet-1 subnet-2 --security-groups sg-1",
    "elbv2 create-target-group --name fe-tasks --protocol HTTP --port 3000 --vpc-id vpc-0a1 --target-type ip --health-check-path /health --health-check-interval-seconds 10",
    "elbv2 create-listener --load-balancer-arn arn:lb --protocol HTTP --port 80 --default-actions Type=forward,TargetGroupArn=arn:tg",
    "elbv2 register-targets --target-group-arn arn:tg --targets Id=10.0.0.5,Port=3000 Id=10.0.0.6",
    "elbv2 modify-target-group-attributes --target-group-arn arn:tg --attributes Key=deregistration_delay.timeout_seconds,Value=30",
    r#"elbv2 modify-listener --listener-arn arn:l --default-actions '[{"Type":"forward","ForwardConfig":{"TargetGroups":[{"TargetGroupArn":"arn:blue","Weight":90},{"TargetGroupArn":"arn:green","Weight":10}]}}]'"#,
    "elbv2 create-rule --listener-arn arn:l --priority 10 --conditions Field=path-pattern,Values=/api/* --actions Type=forward,TargetGroupArn=arn:tg",
    "ecs create-service --cluster learn --service-name web --task-definition web:1 --desired-count 2 --launch-type FARGATE --network-configuration awsvpcConfiguration={subnets=[subnet-1,subnet-2],securityGroups=[sg-1],assignPublicIp=ENABLED} --load-balancers targetGroupArn=arn:tg,containerName=web,containerPort=80",
    "ecs run-task --cluster learn --task-definition web --count 2 --launch-type EC2 --placement-strategy type=spread,field=attribute:ecs.availability-zone type=binpack,field=memory --placement-constraints type=distinctInstance",
    "ecs create-service --cluster learn --service-name web --task-definition web --desired-count 5 --capacity-provider-strategy capacityProvider=FARGATE,base=1,weight=1 capacityProvider=FARGATE_SPOT,weight=3",
    "ecs create-cluster --cluster-name learn --capacity-providers FARGATE FARGATE_SPOT --default-capacity-provider-strategy capacityProvider=FARGATE_SPOT,weight=1",
    "ecs update-service --cluster learn --service web --desired-count 4",
    "deploy create-deployment-config --deployment-config-name canary25-45 --compute-platform ECS --traffic-routing-config type=TimeBasedCanary,timeBasedCanary={canaryPercentage=25,canaryInterval=45}",
    "deploy get-deployment-config --deployment-config-name CodeDeployDefault.ECSAllAtOnce",
    "deploy create-deployment-group --application-name web --deployment-group-name web-bg --service-role-arn arn:aws:iam::123456789012:role/r --deployment-style deploymentType=BLUE_GREEN,deploymentOption=WITH_TRAFFIC_CONTROL --ecs-services serviceName=web,clusterName=learn --auto-rollback-configuration enabled=true,events=DEPLOYMENT_FAILURE",
    "ecs create-service --cluster learn --service-name web --task-definition web --desired-count 2 --deployment-controller type=CODE_DEPLOY",
    "application-autoscaling register-scalable-target --service-namespace ecs --resource-id service/learn/web --scalable-dimension ecs:service:DesiredCount --min-capacity 1 --max-capacity 6",
    "application-autoscaling put-scaling-policy --service-namespace ecs --resource-id service/learn/web --scalable-dimension ecs:service:DesiredCount --policy-name cpu50 --policy-type TargetTrackingScaling --target-tracking-scaling-policy-configuration TargetValue=50.5,PredefinedMetricSpecification={PredefinedMetricType=ECSServiceAverageCPUUtilization},ScaleInCooldown=120",
    "ecs update-service --cluster learn --service web --task-definition web:2 --force-new-deployment --deployment-configuration minimumHealthyPercent=50,maximumPercent=200,deploymentCircuitBreaker={enable=true,rollback=true}",
    "logs create-log-group --log-group-name /ecs/web",
    "ecr create-repository --repository-name ecr-learn-app --image-scanning-configuration scanOnPush=true --image-tag-mutability IMMUTABLE",
    "ecr batch-delete-image --repository-name web --image-ids imageTag=v1 imageTag=v2",
    "ecr describe-images --repository-name web --image-ids imageTag=latest",
    "ecr delete-repository --repository-name web --force",
    r#"iam create-role --role-name ecsTaskExecutionRole --assume-role-policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}'"#,
    "iam attach-role-policy --role-name ecsTaskExecutionRole --policy-arn arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
];

#[test]
fn the_console_parses_command_lines_as_the_real_cli_does() {
    if !aws_available() {
        assert!(
            std::env::var_os("ECS_PLAYGROUND_REQUIRE_AWS_CLI").is_none(),
            "the aws CLI is required here but was not found on PATH"
        );
        eprintln!("skipped: the real aws CLI is not installed (cargo xtask test installs it)");
        return;
    }
    let mut mismatches = Vec::new();
    for case in CASES {
        let args = words(case);
        let Parsed::Call(invocation) = cli::parse(&args, "ap-northeast-1", &BTreeMap::new()) else {
            mismatches.push(format!("{case}\n  the console did not parse it"));
            continue;
        };
        let recorded = record(&args);
        let op = invocation.operation;
        let (theirs_op, theirs, ours): (
            String,
            BTreeMap<String, String>,
            BTreeMap<String, String>,
        ) = match &recorded.target {
            Some(target) => {
                let op_name = target.rsplit('.').next().unwrap_or_default().to_string();
                let mut body: Value = serde_json::from_str(&recorded.body).unwrap_or(Value::Null);
                // An idempotency token the CLI fills in by itself.
                if let Value::Object(map) = &mut body {
                    map.remove("clientToken");
                }
                let mut theirs = BTreeMap::new();
                flatten("", &body, false, &mut theirs);
                let mut ours = BTreeMap::new();
                flatten("", &invocation.params, false, &mut ours);
                (op_name, theirs, ours)
            }
            None => {
                let mut theirs = form_decode(&recorded.body);
                let op_name = theirs.remove("Action").unwrap_or_default();
                theirs.remove("Version");
                // An idempotency token the CLI fills in by itself.
                theirs.remove("ClientToken");
                // CreateSecurityGroup's `Description` travels as `GroupDescription` on the wire.
                if let Some(description) = theirs.remove("GroupDescription") {
                    theirs.insert("Description".into(), description);
                }
                let mut ours = BTreeMap::new();
                flatten("", &invocation.params, op.service == "ec2", &mut ours);
                (op_name, theirs, ours)
            }
        };
        if theirs_op != op.name || theirs != ours {
            mismatches.push(format!(
                "{case}\n  real CLI: {theirs_op} {theirs:?}\n  console:  {} {ours:?}",
                op.name
            ));
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} of {} lines differ:\n{}",
        mismatches.len(),
        CASES.len(),
        mismatches.join("\n")
    );
}
