//! The forms against the model: every form builds, runs and lands its errors
//! beside the right field; the journeys the lessons take can be made with forms alone.

use super::*;
use ecs_sim::console::Console;

/// A Japanese form reads as the Japanese console does: no English
/// "yes", "no" or "Rolling update" among its fixed choices.
#[test]
fn fixed_choices_are_shown_in_the_learners_language() {
    let world = Console::default().world;
    let shown = |lang| {
        FORMS
            .iter()
            .flat_map(|form| view(form, &Default::default(), &world, lang).fields)
            .flat_map(|f| f.choices.into_iter().map(|(_, shown)| shown))
            .collect::<Vec<_>>()
    };
    let ja = shown(ecs_protocol::Lang::Ja);
    for english in ["yes", "no", "Rolling update", "turn on", "Inbound rules"] {
        assert!(!ja.iter().any(|s| s == english), "{english} in Japanese");
    }
    assert!(ja.iter().any(|s| s == "ローリングアップデート"));
    assert!(ja.iter().any(|s| s == "はい"));
    let en = shown(ecs_protocol::Lang::En);
    assert!(en.iter().any(|s| s == "Rolling update"));
}

/// Fills `id` with the initial values overridden by `set`, runs its
/// commands in `console`, and returns what the last one printed.
fn submit(console: &mut Console, id: &str, set: &[(&'static str, &str)]) -> (String, String) {
    let form = form(id).unwrap();
    let mut values = form.initial_values(&console.world);
    for (key, value) in set {
        assert!(form.field(key).is_some(), "{id} has no field {key}");
        values.insert(key, value.to_string());
    }
    let lines = commands(form, &values, &console.world).unwrap();
    let out = console.run(&lines.join("\n"));
    (out.stdout, out.stderr)
}

fn ok(console: &mut Console, id: &str, set: &[(&'static str, &str)]) -> serde_json::Value {
    let (stdout, stderr) = submit(console, id, set);
    assert!(stderr.is_empty(), "{id}: {stderr}");
    serde_json::from_str(&stdout).unwrap_or(serde_json::Value::Null)
}

/// The first-hour fixes: a rule's source may be a group's name, the
/// add-route form does not preselect the default VPC's main table, and a
/// named resource's choice shows its name first.
#[test]
fn a_rule_source_by_name_and_the_learners_own_tables_and_names_first() {
    let mut c = Console::default();
    c.run("VPC=$(aws ec2 create-vpc --cidr-block 10.0.0.0/16 --tag-specifications 'ResourceType=vpc,Tags=[{Key=Name,Value=study}]' --query Vpc.VpcId --output text)\nALB=$(aws ec2 create-security-group --group-name alb-sg --description alb --vpc-id $VPC --query GroupId --output text)\nTASK=$(aws ec2 create-security-group --group-name task-sg --description task --vpc-id $VPC --query GroupId --output text)\naws ec2 create-route-table --vpc-id $VPC --tag-specifications 'ResourceType=route-table,Tags=[{Key=Name,Value=public}]'");
    let alb = c.vars["ALB"].clone();
    let task = c.vars["TASK"].clone();
    let form = form("authorize-security-group-ingress").unwrap();
    let mut values = form.initial_values(&c.world);
    values.insert("sg", task.clone());
    values.insert("source", "alb-sg".into());
    let lines = commands(form, &values, &c.world).unwrap();
    assert!(
        lines[0].contains(&format!("--source-group {alb}")),
        "{lines:?}"
    );
    let out = c.run(&lines.join("\n"));
    assert_eq!(out.status, 0, "{}", out.stderr);
    // The learner's table first, by its name; the default VPC's main table last.
    let tables = choices(&c.world, Source::RouteTables);
    assert!(tables[0].1.starts_with("public (rtb-"), "{tables:?}");
    let default_vpc = c
        .world
        .ec2
        .vpcs
        .values()
        .find(|v| v.is_default)
        .unwrap()
        .id
        .clone();
    assert!(
        tables.last().unwrap().1.contains(&default_vpc),
        "{tables:?}"
    );
    let route = form_initial(&c, "create-route", "rt");
    assert_eq!(route, tables[0].0);
    let groups = choices(&c.world, Source::SecurityGroups);
    assert!(
        groups
            .iter()
            .any(|(_, label)| label.starts_with("alb-sg (sg-")),
        "{groups:?}"
    );
}

fn form_initial(c: &Console, id: &str, key: &str) -> String {
    form(id).unwrap().initial_values(&c.world)[key].clone()
}

#[test]
fn every_form_has_a_unique_id_and_labels_in_both_languages() {
    let mut ids = std::collections::BTreeSet::new();
    for form in FORMS {
        assert!(ids.insert(form.id), "{} twice", form.id);
        assert!(!form.title.ja.is_empty() && !form.title.en.is_empty());
        let mut keys = std::collections::BTreeSet::new();
        for f in form.fields {
            assert!(keys.insert(f.key), "{}: {} twice", form.id, f.key);
            assert!(!f.label.ja.is_empty() && !f.label.en.is_empty());
        }
    }
}

#[test]
fn the_seeds_vpc_and_a_service_behind_an_alb_can_be_built_with_forms_alone() {
    let mut c = Console::default();
    let vpc = ok(
        &mut c,
        "create-vpc",
        &[("name", "study"), ("cidr", "10.0.0.0/16")],
    );
    let vpc = vpc["Vpc"]["VpcId"].as_str().unwrap().to_string();
    let mut subnets = Vec::new();
    for (name, az, cidr) in [
        ("public-a", "ap-northeast-1a", "10.0.0.0/24"),
        ("public-c", "ap-northeast-1c", "10.0.1.0/24"),
        ("private-a", "ap-northeast-1a", "10.0.10.0/24"),
        ("private-c", "ap-northeast-1c", "10.0.11.0/24"),
    ] {
        let out = ok(
            &mut c,
            "create-subnet",
            &[("vpc", &vpc), ("name", name), ("az", az), ("cidr", cidr)],
        );
        subnets.push(out["Subnet"]["SubnetId"].as_str().unwrap().to_string());
    }
    let igw = ok(&mut c, "create-internet-gateway", &[("name", "study-igw")]);
    let igw = igw["InternetGateway"]["InternetGatewayId"]
        .as_str()
        .unwrap()
        .to_string();
    ok(
        &mut c,
        "attach-internet-gateway",
        &[("igw", &igw), ("vpc", &vpc)],
    );
    let rt = ok(
        &mut c,
        "create-route-table",
        &[("vpc", &vpc), ("name", "public")],
    );
    let rt = rt["RouteTable"]["RouteTableId"]
        .as_str()
        .unwrap()
        .to_string();
    ok(&mut c, "create-route", &[("rt", &rt), ("target", &igw)]);
    for subnet in &subnets[..2] {
        ok(
            &mut c,
            "associate-route-table",
            &[("rt", &rt), ("subnet", subnet)],
        );
    }
    let sg = ok(
        &mut c,
        "create-security-group",
        &[("name", "web"), ("description", "web's own"), ("vpc", &vpc)],
    );
    let sg = sg["GroupId"].as_str().unwrap().to_string();
    ok(&mut c, "authorize-security-group-ingress", &[("sg", &sg)]);
    ok(&mut c, "create-cluster", &[("name", "learn")]);
    c.run("aws ecs register-task-definition --family web --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --container-definitions 'name=app,image=nginx,portMappings=[{containerPort=80}]'");
    let tg = ok(
        &mut c,
        "create-target-group",
        &[("name", "web"), ("vpc", &vpc)],
    );
    let tg = tg["TargetGroups"][0]["TargetGroupArn"]
        .as_str()
        .unwrap()
        .to_string();
    let public = format!("{} {}", subnets[0], subnets[1]);
    let lb = ok(
        &mut c,
        "create-load-balancer",
        &[
            ("name", "web"),
            ("subnets", &public),
            ("security_groups", &sg),
        ],
    );
    let lb = lb["LoadBalancers"][0]["LoadBalancerArn"]
        .as_str()
        .unwrap()
        .to_string();
    ok(
        &mut c,
        "create-listener",
        &[("lb", &lb), ("target_group", &tg)],
    );
    let private = format!("{} {}", subnets[2], subnets[3]);
    let service = ok(
        &mut c,
        "create-service",
        &[
            ("cluster", "learn"),
            ("name", "web"),
            ("subnets", &private),
            ("security_groups", &sg),
            ("target_group", &tg),
        ],
    );
    // The container came from the task definition, not a guess.
    assert_eq!(
        service["service"]["loadBalancers"][0]["containerName"],
        "app"
    );
    ok(
        &mut c,
        "update-service",
        &[("service", "learn/web"), ("desired", "3")],
    );
    let names = c.run("aws ec2 describe-subnets --query 'Subnets[].Tags[0].Value' --output text");
    assert!(names.stdout.contains("private-c"), "{}", names.stdout);
}

#[test]
fn a_nat_gateway_and_vpc_endpoints_can_be_made_with_forms() {
    let mut c = Console::default();
    let vpc = ok(&mut c, "create-vpc", &[("cidr", "10.0.0.0/16")]);
    let vpc = vpc["Vpc"]["VpcId"].as_str().unwrap().to_string();
    let subnet = ok(
        &mut c,
        "create-subnet",
        &[("vpc", &vpc), ("cidr", "10.0.1.0/24")],
    );
    let subnet = subnet["Subnet"]["SubnetId"].as_str().unwrap().to_string();
    let eip = ok(&mut c, "allocate-address", &[("name", "nat")]);
    let allocation = eip["AllocationId"].as_str().unwrap().to_string();
    ok(
        &mut c,
        "create-nat-gateway",
        &[("subnet", &subnet), ("allocation", &allocation)],
    );
    let rt = ok(&mut c, "create-route-table", &[("vpc", &vpc)]);
    let rt = rt["RouteTable"]["RouteTableId"]
        .as_str()
        .unwrap()
        .to_string();
    let region = c.world.region.clone();
    // Private DNS needs DNS hostnames on the VPC: refused first, beside its field.
    let (_, stderr) = submit(
        &mut c,
        "create-vpc-endpoint",
        &[
            ("vpc", &vpc),
            ("service", &format!("com.amazonaws.{region}.ecr.dkr")),
            ("subnets", &subnet),
        ],
    );
    assert_eq!(
        field_for_error(form("create-vpc-endpoint").unwrap(), &stderr),
        Some("private_dns"),
        "{stderr}"
    );
    ok(&mut c, "modify-vpc-attribute", &[("vpc", &vpc)]);
    assert!(c.world.ec2.vpcs[&vpc].enable_dns_hostnames);
    ok(
        &mut c,
        "create-vpc-endpoint",
        &[
            ("vpc", &vpc),
            ("service", &format!("com.amazonaws.{region}.s3")),
            ("route_tables", &rt),
        ],
    );
    let endpoint = ok(
        &mut c,
        "create-vpc-endpoint",
        &[
            ("vpc", &vpc),
            ("service", &format!("com.amazonaws.{region}.ecr.dkr")),
            ("subnets", &subnet),
        ],
    );
    assert_eq!(endpoint["VpcEndpoint"]["VpcEndpointType"], "Interface");
    ok(&mut c, "create-log-group", &[("name", "/ecs/web")]);
    ok(
        &mut c,
        "create-role",
        &[
            ("name", "ecsTaskExecutionRole"),
            (
                "policy",
                "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
            ),
        ],
    );
    let role = &c.world.iam.roles["ecsTaskExecutionRole"];
    assert!(role.trusts("ecs-tasks.amazonaws.com"));
    assert!(role.allows("ecr:GetAuthorizationToken"));
    assert_eq!(c.world.ec2.nat_gateways.len(), 1);
    assert_eq!(c.world.ec2.vpc_endpoints.len(), 2);
    assert!(c.world.logs.groups.contains_key("/ecs/web"));
}

#[test]
fn a_blue_green_deployment_can_be_set_up_and_run_with_forms() {
    let mut c = Console::default();
    // The network, ALB, target groups, listeners and the CODE_DEPLOY service
    // from the canary scenario (up to the service), then CodeDeploy by forms.
    let script = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../sim/tests/scenarios/bluegreen-canary.sh"
    ))
    .unwrap();
    let setup: String = script
        .lines()
        .take_while(|l| !l.starts_with("aws deploy create-application"))
        .filter(|l| !l.starts_with("aws iam create-role"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(c.run(&setup).status, 0);
    ok(
        &mut c,
        "create-role",
        &[
            ("name", "ecsCodeDeployRole"),
            ("trusted", "codedeploy.amazonaws.com"),
            ("policy", "arn:aws:iam::aws:policy/AWSCodeDeployRoleForECS"),
        ],
    );
    ok(&mut c, "create-application", &[("name", "web")]);
    let arn_of = |c: &Console, name: &str| {
        c.world
            .elb
            .target_groups
            .values()
            .find(|g| g.name == name)
            .unwrap()
            .arn
            .clone()
    };
    let listener = |c: &Console, port: u16| {
        c.world
            .elb
            .listeners
            .values()
            .find(|l| l.port == port)
            .unwrap()
            .arn
            .clone()
    };
    let (blue, green) = (arn_of(&c, "web"), arn_of(&c, "web-green"));
    let (prod, test) = (listener(&c, 80), listener(&c, 8080));
    ok(
        &mut c,
        "create-deployment-group",
        &[
            ("application", "web"),
            ("name", "web-bg"),
            ("service", "learn/web"),
            ("blue", &blue),
            ("green", &green),
            ("production", &prod),
            ("test", &test),
            (
                "config",
                "CodeDeployDefault.ECSLinear10PercentEvery1Minutes",
            ),
        ],
    );
    c.run("aws ecs register-task-definition --family web --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --container-definitions 'name=web,image=nginx:1.27,portMappings=[{containerPort=80}]'");
    let deployment = ok(
        &mut c,
        "create-deployment",
        &[("group", "web/web-bg"), ("task_definition", "web:2")],
    );
    let id = deployment["deploymentId"].as_str().unwrap().to_string();
    c.run("sim advance steady");
    let status = |c: &mut Console, id: &str| {
        c.run(&format!(
            "aws deploy get-deployment --deployment-id {id} --query deploymentInfo.status --output text"
        ))
        .stdout
        .trim()
        .to_string()
    };
    assert_eq!(status(&mut c, &id), "Succeeded");
    assert!(c.world.ecs.services["learn/web"]
        .task_definition_arn
        .ends_with("web:2"));
    // A custom canary, then stopped part-way with a rollback.
    ok(
        &mut c,
        "create-deployment-config",
        &[
            ("name", "Canary25Percent3Minutes"),
            ("type", "TimeBasedCanary"),
            ("percentage", "25"),
            ("interval", "3"),
        ],
    );
    let deployment = ok(
        &mut c,
        "create-deployment",
        &[("group", "web/web-bg"), ("task_definition", "web:1")],
    );
    let second = deployment["deploymentId"].as_str().unwrap().to_string();
    c.run("sim advance 30s");
    assert_eq!(
        choices(&c.world, Source::OpenDeployments)
            .into_iter()
            .map(|(id, _)| id)
            .collect::<Vec<_>>(),
        std::slice::from_ref(&second),
        "only the deployment under way is offered"
    );
    ok(
        &mut c,
        "stop-deployment",
        &[("deployment", &second), ("rollback", "yes")],
    );
    assert_eq!(status(&mut c, &second), "Stopped");
    c.run("sim advance steady");
    assert!(
        c.world.ecs.services["learn/web"]
            .task_definition_arn
            .ends_with("web:2"),
        "rolled back to what ran before"
    );
    // A smoke test on the test listener: the hook waits for its answer, given here.
    let deployment = ok(
        &mut c,
        "create-deployment",
        &[
            ("group", "web/web-bg"),
            ("task_definition", "web:1"),
            ("hook", "SmokeTest"),
            ("config", "CodeDeployDefault.ECSAllAtOnce"),
        ],
    );
    let third = deployment["deploymentId"].as_str().unwrap().to_string();
    for _ in 0..20 {
        if !choices(&c.world, Source::PendingHooks).is_empty() {
            break;
        }
        c.run("sim advance 30s");
    }
    let hooks = choices(&c.world, Source::PendingHooks);
    assert_eq!(hooks.len(), 1, "the hook waits");
    assert!(hooks[0].1.contains("AfterAllowTestTraffic"), "{hooks:?}");
    ok(
        &mut c,
        "put-lifecycle-event-hook-execution-status",
        &[("hook", &hooks[0].0), ("status", "Succeeded")],
    );
    c.run("sim advance steady");
    assert_eq!(status(&mut c, &third), "Succeeded");
    // The configuration is the account's own, with AWS's shape.
    let config = c.run("aws deploy get-deployment-config --deployment-config-name Canary25Percent3Minutes --query deploymentConfigInfo.trafficRoutingConfig.timeBasedCanary --output json");
    let config: serde_json::Value = serde_json::from_str(&config.stdout).unwrap();
    assert_eq!(config["canaryPercentage"], 25);
    assert_eq!(config["canaryInterval"], 3);
}

#[test]
fn network_acls_rules_and_their_subnets_can_be_edited_with_forms() {
    let mut c = Console::default();
    let vpc = ok(&mut c, "create-vpc", &[("cidr", "10.0.0.0/16")]);
    let vpc = vpc["Vpc"]["VpcId"].as_str().unwrap().to_string();
    let subnet = ok(
        &mut c,
        "create-subnet",
        &[("vpc", &vpc), ("cidr", "10.0.1.0/24")],
    );
    let subnet = subnet["Subnet"]["SubnetId"].as_str().unwrap().to_string();
    let acl = ok(
        &mut c,
        "create-network-acl",
        &[("vpc", &vpc), ("name", "private-acl")],
    );
    let acl = acl["NetworkAcl"]["NetworkAclId"]
        .as_str()
        .unwrap()
        .to_string();
    ok(
        &mut c,
        "create-network-acl-entry",
        &[
            ("acl", &acl),
            ("rule_number", "100"),
            ("ports", "1024-65535"),
            ("cidr", "10.0.0.0/16"),
        ],
    );
    ok(
        &mut c,
        "create-network-acl-entry",
        &[("acl", &acl), ("direction", "egress"), ("action", "deny")],
    );
    let entries = &c.world.ec2.network_acls[&acl].entries;
    assert!(entries.iter().any(|e| e.rule_number == 100 && !e.egress));
    assert!(entries.iter().any(|e| e.rule_number == 100 && e.egress));
    // The same rule number twice in one direction is refused beside its field.
    let (_, stderr) = submit(&mut c, "create-network-acl-entry", &[("acl", &acl)]);
    assert_eq!(
        field_for_error(form("create-network-acl-entry").unwrap(), &stderr),
        Some("rule_number"),
        "{stderr}"
    );
    ok(
        &mut c,
        "replace-network-acl-association",
        &[("acl", &acl), ("subnet", &subnet)],
    );
    assert_eq!(
        c.world
            .ec2
            .effective_network_acl(&subnet)
            .map(|a| a.id.as_str()),
        Some(acl.as_str())
    );
    // An inbound rule added and taken away again.
    let sg = ok(
        &mut c,
        "create-security-group",
        &[("name", "web"), ("description", "web"), ("vpc", &vpc)],
    );
    let sg = sg["GroupId"].as_str().unwrap().to_string();
    ok(&mut c, "authorize-security-group-ingress", &[("sg", &sg)]);
    assert_eq!(c.world.ec2.security_groups[&sg].ingress.len(), 1);
    ok(&mut c, "revoke-security-group-ingress", &[("sg", &sg)]);
    assert!(c.world.ec2.security_groups[&sg].ingress.is_empty());
    let (_, stderr) = submit(&mut c, "revoke-security-group-ingress", &[("sg", &sg)]);
    assert!(stderr.contains("InvalidPermission.NotFound"), "{stderr}");
    // Outbound: the default allow-all goes, HTTPS only comes back.
    ok(&mut c, "revoke-security-group-egress", &[("sg", &sg)]);
    assert!(c.world.ec2.security_groups[&sg].egress.is_empty());
    ok(&mut c, "authorize-security-group-egress", &[("sg", &sg)]);
    let egress = c.run(&format!(
        "aws ec2 describe-security-groups --group-ids {sg} --query 'SecurityGroups[0].IpPermissionsEgress[0].[IpProtocol,FromPort]' --output text"
    ));
    assert_eq!(egress.stdout.trim(), "tcp\t443");
}

#[test]
fn images_tasks_logs_roles_and_scaling_actions_can_be_handled_with_forms() {
    let mut c = Console::default();
    ok(&mut c, "create-repository", &[("name", "web")]);
    let pushed = submit(
        &mut c,
        "push-image",
        &[("repository", "web"), ("tag", "v1")],
    );
    assert!(!pushed.1.contains("error"), "{pushed:?}");
    let tags = c.run(
        "aws ecr list-images --repository-name web --query 'imageIds[].imageTag' --output text",
    );
    assert_eq!(tags.stdout.trim(), "v1");
    submit(
        &mut c,
        "push-image",
        &[("repository", "web"), ("tag", "v2")],
    );
    ok(&mut c, "batch-delete-image", &[("image", "web:v1")]);
    let tags = c.run(
        "aws ecr list-images --repository-name web --query 'imageIds[].imageTag' --output text",
    );
    assert_eq!(tags.stdout.trim(), "v2");

    ok(&mut c, "create-cluster", &[("name", "learn")]);
    ok(
        &mut c,
        "update-cluster-settings",
        &[("cluster", "learn"), ("insights", "enhanced")],
    );
    let insights = c.run("aws ecs describe-clusters --clusters learn --query 'clusters[0].settings[0].value' --output text");
    assert_eq!(insights.stdout.trim(), "enhanced");
    ok(
        &mut c,
        "put-cluster-capacity-providers",
        &[("cluster", "learn")],
    );
    let strategy = c.run("aws ecs describe-clusters --clusters learn --query 'clusters[0].defaultCapacityProviderStrategy[].[capacityProvider,weight]' --output text");
    assert_eq!(strategy.stdout.trim(), "FARGATE\t1\nFARGATE_SPOT\t3");

    c.run("aws ecs register-task-definition --family web --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --container-definitions 'name=web,image=nginx,portMappings=[{containerPort=80}]'");
    let subnet = choices(&c.world, Source::Subnets)[0].0.clone();
    ok(
        &mut c,
        "run-task",
        &[
            ("cluster", "learn"),
            ("count", "2"),
            ("subnets", &subnet),
            ("public_ip", "ENABLED"),
        ],
    );
    assert_eq!(choices(&c.world, Source::Tasks).len(), 2);
    let chosen = choices(&c.world, Source::Tasks)[0].0.clone();
    ok(
        &mut c,
        "stop-task",
        &[("task", &chosen), ("reason", "done with it")],
    );
    let task = chosen.rsplit('/').next().unwrap();
    c.run("sim advance 2m");
    assert_eq!(choices(&c.world, Source::Tasks).len(), 1, "one task left");
    let stopped = c.run(&format!(
        "aws ecs describe-tasks --cluster learn --tasks {task} --query 'tasks[0].stoppedReason' --output text"
    ));
    assert_eq!(stopped.stdout.trim(), "done with it");

    // ECS Exec: a task started with it, a task role allowed the ssmmessages
    // channels (a new revision), a public IP as the path to Session Manager.
    c.run(r#"aws iam create-role --role-name execRole --assume-role-policy-document '{"Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}'"#);
    c.run(r#"aws iam put-role-policy --role-name execRole --policy-name exec --policy-document '{"Statement":[{"Effect":"Allow","Action":"ssmmessages:*","Resource":"*"}]}'"#);
    c.run("aws ecs register-task-definition --family web --task-role-arn arn:aws:iam::123456789012:role/execRole --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --container-definitions 'name=web,image=nginx,portMappings=[{containerPort=80}]'");
    ok(
        &mut c,
        "run-task",
        &[
            ("cluster", "learn"),
            ("task_definition", "web:2"),
            ("count", "1"),
            ("subnets", &subnet),
            ("public_ip", "ENABLED"),
            ("exec", "yes"),
        ],
    );
    c.run("sim advance 2m");
    let exec_task = c
        .world
        .ecs
        .tasks
        .values()
        .find(|t| t.enable_execute_command)
        .map(|t| format!("{}/{}", t.cluster, t.id))
        .expect("a task started with ECS Exec");
    let (stdout, stderr) = submit(
        &mut c,
        "execute-command",
        &[("task", &exec_task), ("command", "printenv AWS_REGION")],
    );
    assert!(stderr.is_empty(), "{stderr}");
    assert!(
        stdout.contains("Starting session with SessionId: ecs-execute-command-"),
        "{stdout}"
    );
    assert!(stdout.contains("\nap-northeast-1\n"), "{stdout}");
    let (_, refused) = submit(
        &mut c,
        "execute-command",
        &[("task", &format!("learn/{task}")), ("command", "env")],
    );
    assert!(refused.contains("InvalidParameterException"), "{refused}");

    // EventBridge Scheduler: a job that sleeps 30 s, run every 5 minutes by a role the scheduler may assume.
    c.run("aws ecs register-task-definition --family job --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --container-definitions '[{\"name\":\"job\",\"image\":\"busybox\",\"command\":[\"sleep\",\"30\"]}]'");
    c.run(r#"aws iam create-role --role-name sched --assume-role-policy-document '{"Statement":[{"Effect":"Allow","Principal":{"Service":"scheduler.amazonaws.com"},"Action":"sts:AssumeRole"}]}'"#);
    c.run(r#"aws iam put-role-policy --role-name sched --policy-name run --policy-document '{"Statement":[{"Effect":"Allow","Action":"ecs:RunTask","Resource":"*"}]}'"#);
    ok(
        &mut c,
        "create-schedule",
        &[
            ("name", "job-every-5"),
            ("expression", "rate(5 minutes)"),
            ("cluster", "learn"),
            ("task_definition", "job:1"),
            ("role", "arn:aws:iam::123456789012:role/sched"),
            ("subnets", &subnet),
            ("public_ip", "ENABLED"),
        ],
    );
    c.run("sim advance 6m");
    let started = c.run("aws ecs list-tasks --cluster learn --started-by chronos-schedule/job-every-5 --desired-status STOPPED --query 'length(taskArns)'");
    assert_eq!(started.stdout.trim(), "1", "{}", started.stderr);
    assert_eq!(choices(&c.world, Source::Schedules).len(), 1);
    ok(&mut c, "delete-schedule", &[("name", "job-every-5")]);
    assert!(choices(&c.world, Source::Schedules).is_empty());

    // Way 2 through forms: instance profile, launch template, Auto Scaling
    // group, capacity provider associated with the cluster.
    c.run(r#"aws iam create-role --role-name ecsInstanceRole --assume-role-policy-document '{"Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}'"#);
    c.run("aws iam attach-role-policy --role-name ecsInstanceRole --policy-arn arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role");
    ok(
        &mut c,
        "create-instance-profile",
        &[("name", "ecsInstanceRole"), ("role", "ecsInstanceRole")],
    );
    ok(
        &mut c,
        "create-launch-template",
        &[
            ("name", "ecs-learn"),
            ("instance_type", "t3.small"),
            ("profile", "ecsInstanceRole"),
            ("cluster", "learn"),
        ],
    );
    ok(
        &mut c,
        "create-auto-scaling-group",
        &[
            ("name", "ecs-learn"),
            ("template", "ecs-learn"),
            ("min", "0"),
            ("max", "2"),
            ("desired", "0"),
            ("subnets", &subnet),
        ],
    );
    let group = choices(&c.world, Source::AutoScalingGroups)[0].0.clone();
    ok(
        &mut c,
        "create-capacity-provider",
        &[
            ("name", "asg-learn"),
            ("group", &group),
            ("scaling", "ENABLED"),
            ("target", "100"),
            ("cluster", "learn"),
        ],
    );
    let providers = c.run("aws ecs describe-clusters --clusters learn --query 'clusters[0].capacityProviders' --output text");
    assert_eq!(
        providers.stdout.trim(),
        "FARGATE\tFARGATE_SPOT\tasg-learn",
        "{}",
        providers.stderr
    );
    c.run("aws ecs register-task-definition --family onec2 --network-mode bridge --requires-compatibilities EC2 --container-definitions 'name=web,image=nginx,memory=256,portMappings=[{containerPort=80,hostPort=0}]'");
    c.run("aws ecs create-service --cluster learn --service-name grow --task-definition onec2 --desired-count 2 --capacity-provider-strategy capacityProvider=asg-learn,weight=1");
    c.run("sim advance 5m");
    let running = c.run("aws ecs describe-services --cluster learn --services grow --query 'services[0].runningCount'");
    assert_eq!(running.stdout.trim(), "2", "{}", running.stderr);
    ok(
        &mut c,
        "set-desired-capacity",
        &[("group", "ecs-learn"), ("desired", "2")],
    );
    assert_eq!(
        c.world.ec2_auto_scaling.groups["ecs-learn"].desired_capacity,
        2
    );

    ok(&mut c, "create-log-group", &[("name", "/ecs/web")]);
    ok(
        &mut c,
        "put-retention-policy",
        &[("group", "/ecs/web"), ("days", "14")],
    );
    let retention = c.run("aws logs describe-log-groups --query 'logGroups[0].retentionInDays'");
    assert_eq!(retention.stdout.trim(), "14");

    ok(
        &mut c,
        "create-role",
        &[("name", "ecsTaskExecutionRole"), ("policy", "")],
    );
    assert!(!c.world.iam.roles["ecsTaskExecutionRole"].allows("ecr:GetAuthorizationToken"));
    ok(
        &mut c,
        "attach-role-policy",
        &[("role", "ecsTaskExecutionRole")],
    );
    assert!(c.world.iam.roles["ecsTaskExecutionRole"].allows("ecr:GetAuthorizationToken"));
    ok(
        &mut c,
        "put-role-policy",
        &[("role", "ecsTaskExecutionRole")],
    );
    assert!(c.world.iam.roles["ecsTaskExecutionRole"].allows("secretsmanager:GetSecretValue"));
    ok(
        &mut c,
        "detach-role-policy",
        &[(
            "attached",
            "ecsTaskExecutionRole|arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
        )],
    );
    assert!(c.world.iam.roles["ecsTaskExecutionRole"]
        .attached_policies
        .is_empty());

    let network = format!("awsvpcConfiguration={{subnets=[{subnet}],assignPublicIp=ENABLED}}");
    let out = c.run(&format!("aws ecs create-service --cluster learn --service-name web --task-definition web --desired-count 1 --launch-type FARGATE --network-configuration '{network}'"));
    assert_eq!(out.status, 0, "{}", out.stderr);
    ok(
        &mut c,
        "register-scalable-target",
        &[("service", "learn/web")],
    );
    ok(
        &mut c,
        "put-scheduled-action",
        &[("service", "learn/web"), ("name", "weekday-morning")],
    );
    ok(
        &mut c,
        "put-step-scaling-policy",
        &[("service", "learn/web"), ("name", "cpu-steps")],
    );
    let scheduled = c.run("aws application-autoscaling describe-scheduled-actions --service-namespace ecs --query 'ScheduledActions[0].[Schedule,Timezone]' --output text");
    assert_eq!(
        scheduled.stdout.trim(),
        "cron(0 9 ? * MON-FRI *)\tAsia/Tokyo"
    );
    let alarm = c.run("aws cloudwatch describe-alarms --query 'MetricAlarms[0].[AlarmName,length(AlarmActions)]' --output text");
    assert_eq!(
        alarm.stdout.trim(),
        "web-cpu-steps-high\t1",
        "the alarm triggers the policy"
    );
    let policy = c.run("aws application-autoscaling describe-scaling-policies --service-namespace ecs --query 'ScalingPolicies[0].[PolicyType,length(Alarms)]' --output text");
    assert_eq!(policy.stdout.trim(), "StepScaling\t1");
}

#[test]
fn a_models_error_lands_beside_the_field_it_is_about() {
    let mut c = Console::default();
    let vpc = ok(&mut c, "create-vpc", &[("cidr", "10.0.0.0/16")]);
    let vpc = vpc["Vpc"]["VpcId"].as_str().unwrap().to_string();
    let before = c.world.clone();
    let (_, stderr) = submit(
        &mut c,
        "create-subnet",
        &[("vpc", &vpc), ("cidr", "10.1.0.0/24")],
    );
    assert!(stderr.contains("InvalidSubnet.Range"), "{stderr}");
    assert_eq!(
        field_for_error(form("create-subnet").unwrap(), &stderr),
        Some("cidr")
    );
    assert_eq!(c.world, before, "a refused form changes nothing");
    let (_, stderr) = submit(&mut c, "create-vpc", &[("cidr", "10.0.0.0/8")]);
    assert_eq!(
        field_for_error(form("create-vpc").unwrap(), &stderr),
        Some("cidr"),
        "{stderr}"
    );
}

#[test]
fn the_learners_own_vpc_is_offered_before_the_default_one() {
    let mut c = Console::default();
    let vpc = ok(&mut c, "create-vpc", &[("cidr", "10.0.0.0/16")]);
    let vpc = vpc["Vpc"]["VpcId"].as_str().unwrap();
    let offered = choices(&c.world, Source::Vpcs);
    assert_eq!(offered[0].0, vpc);
    assert!(offered[1].1.ends_with(", default)"), "{:?}", offered[1]);
    let values = form("create-subnet").unwrap().initial_values(&c.world);
    assert_eq!(values["vpc"], vpc);
}

#[test]
fn the_forms_own_checks_stop_empty_and_non_numeric_fields_before_anything_runs() {
    let world = World::default();
    let form = form("create-service").unwrap();
    let mut values = form.initial_values(&world);
    values.insert("desired", "two".into());
    let problems = commands(form, &values, &world).unwrap_err();
    assert!(problems.contains(&("name", Problem::Required)));
    assert!(problems.contains(&("cluster", Problem::Required)));
    assert!(problems.contains(&("desired", Problem::NotANumber)));
    assert!(!problems.iter().any(|(k, _)| *k == "security_groups"));
}

#[test]
fn a_form_built_from_its_fields_options_takes_each_field_as_the_cli_does() {
    const FIELDS: &[Field] = &[
        field("name", NAME_TAG, Kind::Text, "--tag-specifications").optional(),
        field("vpc", VPC, Kind::Choice(Source::Vpcs), "--vpc-id"),
        field(
            "groups",
            SECURITY_GROUPS,
            Kind::Multi(Source::SecurityGroups),
            "--groups",
        ),
        field("note", l("メモ", "Note"), Kind::Text, "--description").optional(),
    ];
    let build = tagged("aws ec2 create-thing --dry-run", "thing");
    let world = Console::default().world;
    let values = |pairs: &[(&'static str, &str)]| -> Values {
        pairs.iter().map(|(k, v)| (*k, v.to_string())).collect()
    };
    // Every field: in field order, the multiple choice as one option, the Name tag last.
    let full = values(&[
        ("name", "web"),
        ("vpc", "vpc-1"),
        ("groups", "sg-1 sg-2"),
        ("note", "two words"),
    ]);
    assert_eq!(
        build.lines(FIELDS, &full, &world),
        ["aws ec2 create-thing --dry-run --vpc-id vpc-1 --groups sg-1 sg-2 --description 'two words' \
          --tag-specifications 'ResourceType=thing,Tags=[{Key=Name,Value=web}]'"]
    );
    // Optional fields left empty, and an empty multiple choice, are left out.
    let sparse = values(&[("vpc", "vpc-1")]);
    assert_eq!(
        build.lines(FIELDS, &sparse, &world),
        ["aws ec2 create-thing --dry-run --vpc-id vpc-1"]
    );
}

#[test]
fn values_are_quoted_so_the_shell_reads_them_back_unchanged() {
    assert_eq!(quote("10.0.0.0/16"), "10.0.0.0/16");
    assert_eq!(quote("web's own"), r"'web'\''s own'");
    assert_eq!(quote("a b"), "'a b'");
    assert_eq!(quote(""), "''");
    let mut c = Console::default();
    for name in ["it's $HOME; rm -rf /", "a, b [c]"] {
        let vpc = ok(
            &mut c,
            "create-vpc",
            &[("name", name), ("cidr", "10.0.0.0/16")],
        );
        assert_eq!(vpc["Vpc"]["Tags"][0]["Value"], name);
    }
}

#[test]
fn what_the_forms_create_the_delete_forms_take_away() {
    let mut c = Console::default();
    let vpc = ok(&mut c, "create-vpc", &[("cidr", "10.0.0.0/16")]);
    let vpc = vpc["Vpc"]["VpcId"].as_str().unwrap().to_string();
    let subnet = ok(
        &mut c,
        "create-subnet",
        &[("vpc", &vpc), ("cidr", "10.0.1.0/24")],
    );
    let subnet = subnet["Subnet"]["SubnetId"].as_str().unwrap().to_string();
    let igw = ok(&mut c, "create-internet-gateway", &[]);
    let igw = igw["InternetGateway"]["InternetGatewayId"]
        .as_str()
        .unwrap()
        .to_string();
    ok(
        &mut c,
        "attach-internet-gateway",
        &[("igw", &igw), ("vpc", &vpc)],
    );
    let rt = ok(&mut c, "create-route-table", &[("vpc", &vpc)]);
    let rt = rt["RouteTable"]["RouteTableId"]
        .as_str()
        .unwrap()
        .to_string();
    ok(&mut c, "create-route", &[("rt", &rt), ("target", &igw)]);
    ok(&mut c, "delete-route", &[("rt", &rt)]);
    assert!(
        c.world.ec2.route_tables[&rt].routes.is_empty(),
        "only the implicit local route is left"
    );
    ok(&mut c, "delete-route-table", &[("rt", &rt)]);
    assert!(!c.world.ec2.route_tables.contains_key(&rt));

    let eip = ok(&mut c, "allocate-address", &[]);
    let allocation = eip["AllocationId"].as_str().unwrap().to_string();
    let nat = ok(
        &mut c,
        "create-nat-gateway",
        &[("subnet", &subnet), ("allocation", &allocation)],
    );
    let nat = nat["NatGateway"]["NatGatewayId"]
        .as_str()
        .unwrap()
        .to_string();
    let (_, stderr) = submit(&mut c, "release-address", &[("allocation", &allocation)]);
    assert!(!stderr.is_empty(), "a NAT gateway still holds the address");
    ok(&mut c, "delete-nat-gateway", &[("nat", &nat)]);
    c.run("sim advance 5m");
    ok(&mut c, "release-address", &[("allocation", &allocation)]);
    assert!(c.world.ec2.addresses.is_empty());

    let region = c.world.region.clone();
    let endpoint = ok(
        &mut c,
        "create-vpc-endpoint",
        &[
            ("vpc", &vpc),
            ("service", &format!("com.amazonaws.{region}.s3")),
        ],
    );
    let endpoint = endpoint["VpcEndpoint"]["VpcEndpointId"]
        .as_str()
        .unwrap()
        .to_string();
    ok(&mut c, "delete-vpc-endpoints", &[("endpoint", &endpoint)]);
    assert!(!c.world.ec2.vpc_endpoints[&endpoint].is_live());
    assert!(choices(&c.world, Source::VpcEndpoints).is_empty());
    let acl = ok(&mut c, "create-network-acl", &[("vpc", &vpc)]);
    let acl = acl["NetworkAcl"]["NetworkAclId"]
        .as_str()
        .unwrap()
        .to_string();
    ok(&mut c, "delete-network-acl", &[("acl", &acl)]);
    assert!(!c.world.ec2.network_acls.contains_key(&acl));

    ok(&mut c, "create-repository", &[("name", "web")]);
    submit(&mut c, "push-image", &[("repository", "web")]);
    let (_, stderr) = submit(&mut c, "delete-repository", &[("repository", "web")]);
    assert_eq!(
        field_for_error(form("delete-repository").unwrap(), &stderr),
        Some("repository"),
        "not empty: {stderr}"
    );
    ok(
        &mut c,
        "delete-repository",
        &[("repository", "web"), ("force", "yes")],
    );
    assert!(c.world.ecr.repositories.is_empty());
    ok(&mut c, "create-log-group", &[("name", "/ecs/web")]);
    ok(&mut c, "delete-log-group", &[("group", "/ecs/web")]);
    assert!(c.world.logs.groups.is_empty());
    ok(&mut c, "create-role", &[("name", "spare"), ("policy", "")]);
    ok(&mut c, "delete-role", &[("role", "spare")]);
    assert!(!c.world.iam.roles.contains_key("spare"));

    ok(&mut c, "create-cluster", &[("name", "learn")]);
    c.run("aws ecs register-task-definition --family web --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --container-definitions 'name=web,image=nginx'");
    let out = c.run(&format!("aws ecs create-service --cluster learn --service-name web --task-definition web --desired-count 1 --launch-type FARGATE --network-configuration 'awsvpcConfiguration={{subnets=[{subnet}]}}'"));
    assert_eq!(out.status, 0, "{}", out.stderr);
    ok(
        &mut c,
        "register-scalable-target",
        &[("service", "learn/web")],
    );
    ok(
        &mut c,
        "put-scaling-policy",
        &[("service", "learn/web"), ("name", "cpu50")],
    );
    ok(
        &mut c,
        "put-step-scaling-policy",
        &[("service", "learn/web"), ("name", "steps")],
    );
    ok(
        &mut c,
        "put-scheduled-action",
        &[("service", "learn/web"), ("name", "morning")],
    );
    assert_eq!(
        choices(&c.world, Source::Alarms).len(),
        1,
        "target tracking's own alarms are not offered"
    );
    ok(&mut c, "delete-alarms", &[("alarm", "web-steps-high")]);
    ok(
        &mut c,
        "delete-scaling-policy",
        &[("policy", "service/learn/web|steps")],
    );
    ok(
        &mut c,
        "delete-scheduled-action",
        &[("action", "service/learn/web|morning")],
    );
    assert_eq!(c.world.autoscaling.policies.len(), 1);
    assert!(c.world.autoscaling.scheduled_actions.is_empty());
    ok(
        &mut c,
        "deregister-scalable-target",
        &[("service", "learn/web")],
    );
    assert!(c.world.autoscaling.targets.is_empty());
    assert!(
        c.world.autoscaling.policies.is_empty(),
        "its policies go with it"
    );

    ok(&mut c, "create-application", &[("name", "web")]);
    ok(
        &mut c,
        "create-deployment-config",
        &[("name", "Mine"), ("type", "TimeBasedLinear")],
    );
    ok(&mut c, "delete-deployment-config", &[("config", "Mine")]);
    assert!(c.world.deploy.configs.is_empty());
    ok(&mut c, "delete-application", &[("application", "web")]);
    assert!(c.world.deploy.applications.is_empty());
}
