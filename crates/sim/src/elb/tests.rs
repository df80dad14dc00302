//! ELBv2 scenario tests: every rule with an accepted and a rejected case
//! (reference §9 vectors 31–35 included), the target health timings, routing,
//! the one-load-balancer-per-target-group rule, deletion rules, network
//! interfaces, and a never-panics run over generated inputs.
//!
//! The network is the one of study note 003: VPC 10.0.0.0/24 with public
//! subnets in two zones (the external ALB) and private ones (the internal
//! ALB and the tasks).

use super::*;
use crate::clock::{Duration, SimTime};
use crate::command::Command;
use crate::ec2::InterfaceOwner;
use crate::error::{to_api_error, AwsErrorCode};
use crate::world::World;
use serde_json::{json, Value};

struct Env {
    world: World,
    elb: Elbv2,
    vpc: String,
    public: Vec<String>,
    private: Vec<String>,
    /// The VPC's `default` security group.
    default_sg: String,
}

fn str_of(v: &Value, key: &str) -> String {
    v.get(key)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("no {key} in {v}"))
        .to_string()
}

impl Env {
    fn new() -> Env {
        let mut world = World::new(7);
        let ec2 = |world: &mut World, op: &str, params: Value| -> Value {
            let command = Command::from_api("ec2", op, params).unwrap();
            world.apply(command).unwrap()
        };
        let vpc = ec2(
            &mut world,
            "CreateVpc",
            json!({ "CidrBlock": "10.0.0.0/24" }),
        );
        let vpc = str_of(&vpc["Vpc"], "VpcId");
        let mut subnet = |cidr: &str, az: &str| {
            let s = ec2(
                &mut world,
                "CreateSubnet",
                json!({ "VpcId": vpc, "CidrBlock": cidr, "AvailabilityZone": az }),
            );
            str_of(&s["Subnet"], "SubnetId")
        };
        let public = vec![
            subnet("10.0.0.0/26", "ap-northeast-1a"),
            subnet("10.0.0.64/26", "ap-northeast-1c"),
        ];
        let private = vec![
            subnet("10.0.0.128/26", "ap-northeast-1a"),
            subnet("10.0.0.192/26", "ap-northeast-1c"),
        ];
        let igw = ec2(&mut world, "CreateInternetGateway", json!({}));
        let igw = str_of(&igw["InternetGateway"], "InternetGatewayId");
        ec2(
            &mut world,
            "AttachInternetGateway",
            json!({ "InternetGatewayId": igw, "VpcId": vpc }),
        );
        let default_sg = world
            .ec2
            .security_groups
            .values()
            .find(|g| g.vpc_id == vpc && g.is_default())
            .map(|g| g.id.clone())
            .unwrap();
        Env {
            world,
            elb: Elbv2::default(),
            vpc,
            public,
            private,
            default_sg,
        }
    }

    fn ec2(&mut self, op: &str, params: Value) -> Value {
        let command = Command::from_api("ec2", op, params).unwrap();
        self.world.apply(command).unwrap()
    }

    fn now(&self) -> SimTime {
        self.world.now
    }

    /// Runs one ELBv2 call with a context built from the world.
    fn call<T>(
        &mut self,
        f: impl FnOnce(&mut Elbv2, &mut ElbCtx) -> Result<T, ElbError>,
    ) -> Result<T, ElbError> {
        let (ec2, env) = self.world.ec2_ctx();
        let mut ctx = ElbCtx { env, ec2 };
        f(&mut self.elb, &mut ctx)
    }

    fn create_lb(&mut self, params: Value) -> Result<Value, ElbError> {
        let input: CreateLoadBalancerInput = serde_json::from_value(params).unwrap();
        self.call(|elb, ctx| elb.create_load_balancer(ctx, input))
    }

    fn alb(&mut self, name: &str, scheme: &str, subnets: &[String]) -> String {
        let out = self
            .create_lb(json!({ "Name": name, "Scheme": scheme, "Subnets": subnets }))
            .unwrap();
        str_of(&out["LoadBalancers"][0], "LoadBalancerArn")
    }

    fn create_tg(&mut self, params: Value) -> Result<Value, ElbError> {
        let input: CreateTargetGroupInput = serde_json::from_value(params).unwrap();
        self.call(|elb, ctx| elb.create_target_group(ctx, input))
    }

    fn tg(&mut self, name: &str, port: u16) -> String {
        let vpc = self.vpc.clone();
        let out = self
            .create_tg(json!({
                "Name": name, "Protocol": "HTTP", "Port": port, "VpcId": vpc, "TargetType": "ip"
            }))
            .unwrap();
        str_of(&out["TargetGroups"][0], "TargetGroupArn")
    }

    fn create_listener(&mut self, params: Value) -> Result<Value, ElbError> {
        let input: CreateListenerInput = serde_json::from_value(params).unwrap();
        self.call(|elb, ctx| elb.create_listener(ctx, input))
    }

    fn listener(&mut self, lb: &str, port: u16, tg: &str) -> String {
        let out = self
            .create_listener(json!({
                "LoadBalancerArn": lb, "Protocol": "HTTP", "Port": port,
                "DefaultActions": [{ "Type": "forward", "TargetGroupArn": tg }]
            }))
            .unwrap();
        str_of(&out["Listeners"][0], "ListenerArn")
    }

    fn register(&mut self, tg: &str, targets: Value) -> Result<Value, ElbError> {
        let input: RegisterTargetsInput =
            serde_json::from_value(json!({ "TargetGroupArn": tg, "Targets": targets })).unwrap();
        self.call(|elb, ctx| elb.register_targets(ctx, input))
    }

    fn deregister(&mut self, tg: &str, targets: Value) -> Result<Value, ElbError> {
        let input: DeregisterTargetsInput =
            serde_json::from_value(json!({ "TargetGroupArn": tg, "Targets": targets })).unwrap();
        self.call(|elb, ctx| elb.deregister_targets(ctx, input))
    }

    fn create_rule(&mut self, params: Value) -> Result<Value, ElbError> {
        let input: CreateRuleInput = serde_json::from_value(params).unwrap();
        self.call(|elb, ctx| elb.create_rule(ctx, input))
    }

    fn modify_listener(&mut self, params: Value) -> Result<Value, ElbError> {
        let input: ModifyListenerInput = serde_json::from_value(params).unwrap();
        self.call(|elb, ctx| elb.modify_listener(ctx, input))
    }

    fn modify_tg(&mut self, input: ModifyTargetGroupInput) -> Result<Value, ElbError> {
        self.call(|elb, ctx| elb.modify_target_group(ctx, input))
    }

    fn modify_attrs(&mut self, input: ModifyTargetGroupAttributesInput) -> Result<Value, ElbError> {
        self.call(|elb, ctx| elb.modify_target_group_attributes(ctx, input))
    }

    fn delete_tg(&mut self, input: DeleteTargetGroupInput) -> Result<Value, ElbError> {
        self.call(|elb, ctx| elb.delete_target_group(ctx, input))
    }

    fn health(&self, tg: &str) -> Value {
        let input = DescribeTargetHealthInput {
            target_group_arn: tg.to_string(),
            ..Default::default()
        };
        self.elb.describe_target_health(input).unwrap()
    }

    fn state_of(&self, tg: &str, target: &TargetId) -> TargetState {
        self.elb.target_groups[tg].target(target).unwrap().state
    }

    /// Moves the clock to `until`, stopping at every ELB transition and
    /// answering each due health check with `probe` — what the owner's
    /// clock will do with real probes over the simulated network.
    fn run_until(
        &mut self,
        until: SimTime,
        mut probe: impl FnMut(&TargetId, SimTime) -> Option<CheckFailure>,
    ) {
        loop {
            let now = self.now();
            for (tg, targets) in self.elb.checks_due(now) {
                for target in targets {
                    let failure = probe(&target, now);
                    self.elb
                        .record_check(&tg, &target, failure.is_none(), failure, now);
                }
            }
            let next = self
                .elb
                .next_transition()
                .filter(|t| *t > now)
                .map_or(until, |t| t.min(until));
            if next <= now {
                break;
            }
            self.world.advance(next.since(now));
            self.elb.advance_to(self.now());
        }
    }

    fn wait(&mut self, seconds: u64) {
        let until = self.now().plus(Duration(seconds));
        self.run_until(until, |_, _| None);
    }

    /// An active external ALB, an ip target group on port 3000 and an HTTP:80 listener.
    fn frontend(&mut self) -> (String, String, String) {
        let public = self.public.clone();
        let lb = self.alb("frontend", "internet-facing", &public);
        let tg = self.tg("frontend-tasks", 3000);
        let listener = self.listener(&lb, 80, &tg);
        self.wait(PROVISIONING_SECONDS);
        (lb, tg, listener)
    }
}

fn message(result: Result<Value, ElbError>) -> (String, String) {
    let err = result.expect_err("expected an error");
    let api = to_api_error(err);
    (api.code, api.message)
}

fn assert_err(result: Result<Value, ElbError>, code: &str, text: &str) {
    let (c, m) = message(result);
    assert_eq!((c.as_str(), m.as_str()), (code, text));
}

// ── Load balancers ────────────────────────────────────────────────────────

#[test]
fn vector_31_an_alb_needs_two_subnets() {
    let mut env = Env::new();
    let one = vec![env.public[0].clone()];
    assert_err(
        env.create_lb(json!({ "Name": "one", "Subnets": one })),
        "ValidationError",
        "At least two subnets in two different Availability Zones must be specified",
    );
    assert_err(
        env.create_lb(json!({ "Name": "none" })),
        "ValidationError",
        "At least two subnets in two different Availability Zones must be specified",
    );
    // An NLB is fine with one zone.
    let out = env.create_lb(json!({ "Name": "nlb", "Type": "network", "Subnets": one }));
    assert_eq!(out.unwrap()["LoadBalancers"][0]["Type"], "network");
    let public = env.public.clone();
    assert!(env
        .create_lb(json!({ "Name": "two", "Subnets": public }))
        .is_ok());
}

#[test]
fn vector_32_one_subnet_per_zone() {
    let mut env = Env::new();
    let same_zone = vec![env.public[0].clone(), env.private[0].clone()];
    assert_err(
        env.create_lb(json!({ "Name": "same", "Subnets": same_zone })),
        "InvalidConfigurationRequest",
        "A load balancer cannot be attached to multiple subnets in the same Availability Zone",
    );
    let mappings = json!([{ "SubnetId": env.public[0] }, { "SubnetId": env.public[1] }]);
    let out = env.create_lb(json!({ "Name": "mapped", "SubnetMappings": mappings }));
    assert_eq!(
        out.unwrap()["LoadBalancers"][0]["AvailabilityZones"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn subnet_rules() {
    let mut env = Env::new();
    assert_err(
        env.create_lb(
            json!({ "Name": "x", "Subnets": ["subnet-0123456789abcdef0", env.public[0]] }),
        ),
        "SubnetNotFound",
        "The subnet ID 'subnet-0123456789abcdef0' does not exist",
    );
    let public = env.public.clone();
    assert_err(
        env.create_lb(json!({ "Name": "x", "Subnets": public, "SubnetMappings": [{ "SubnetId": public[0] }] })),
        "ValidationError",
        "You can specify subnets or subnet mappings, not both",
    );
    // A subnet of the default VPC with one of ours.
    let other_vpc_subnet = env
        .world
        .ec2
        .subnets
        .values()
        .find(|s| s.vpc_id != env.vpc && s.availability_zone == "ap-northeast-1d")
        .map(|s| s.id.clone())
        .unwrap();
    let (code, _) = message(
        env.create_lb(json!({ "Name": "x", "Subnets": [env.public[0], other_vpc_subnet] })),
    );
    assert_eq!(code, "InvalidConfigurationRequest");
}

#[test]
fn each_subnet_needs_eight_free_addresses() {
    let mut env = Env::new();
    let vpc = env.vpc.clone();
    // Reuse the private /26s: fill one down to 7 free addresses.
    let full = env.private[0].clone();
    let free = env
        .world
        .ec2
        .available_ip_count(&env.world.ec2.subnets[&full]);
    for i in 0..(free - 7) {
        env.call(|_, ctx| {
            let ec2_ctx = &mut ctx.env;
            ctx.ec2
                .create_interface(
                    ec2_ctx,
                    &full,
                    InterfaceOwner::Task(format!("task-{i}")),
                    vec![],
                    String::new(),
                )
                .map_err(|_| ElbError::InvalidTarget)
        })
        .unwrap();
    }
    let subnets = vec![full.clone(), env.private[1].clone()];
    assert_err(
        env.create_lb(json!({ "Name": "internal", "Scheme": "internal", "Subnets": subnets })),
        "InvalidSubnet",
        &format!(
            "Not enough IP space available in {full}. ELB requires at least 8 free IP addresses in each subnet."
        ),
    );
    assert!(!vpc.is_empty());
    // Free one address: 8 is enough.
    env.world
        .ec2
        .network_interfaces
        .retain(|_, e| e.owner != InterfaceOwner::Task("task-0".into()));
    assert!(env
        .create_lb(json!({ "Name": "internal", "Scheme": "internal", "Subnets": subnets }))
        .is_ok());
}

#[test]
fn internet_facing_needs_an_internet_gateway() {
    let mut env = Env::new();
    let vpc = env.ec2("CreateVpc", json!({ "CidrBlock": "10.1.0.0/24" }));
    let vpc = str_of(&vpc["Vpc"], "VpcId");
    let mut subnets = Vec::new();
    for (cidr, az) in [
        ("10.1.0.0/26", "ap-northeast-1a"),
        ("10.1.0.64/26", "ap-northeast-1c"),
    ] {
        let s = env.ec2(
            "CreateSubnet",
            json!({ "VpcId": vpc, "CidrBlock": cidr, "AvailabilityZone": az }),
        );
        subnets.push(str_of(&s["Subnet"], "SubnetId"));
    }
    assert_err(
        env.create_lb(json!({ "Name": "ext", "Subnets": subnets })),
        "InvalidSubnet",
        &format!("VPC {vpc} has no internet gateway"),
    );
    assert!(env
        .create_lb(json!({ "Name": "int", "Scheme": "internal", "Subnets": subnets }))
        .is_ok());
}

#[test]
fn load_balancer_name_rules() {
    let mut env = Env::new();
    let public = env.public.clone();
    let long = "a".repeat(33);
    let cases = [
        (long.as_str(), format!("The load balancer name '{long}' cannot be longer than '32' characters")),
        ("my_lb", "The load balancer name 'my_lb' can only contain characters that are alphanumeric characters and hyphens(-)".to_string()),
        ("-lb", "The load balancer name '-lb' cannot begin or end with a hyphen(-)".to_string()),
        ("lb-", "The load balancer name 'lb-' cannot begin or end with a hyphen(-)".to_string()),
        ("internal-lb", "The load balancer name 'internal-lb' cannot begin with 'internal-'".to_string()),
    ];
    for (name, text) in cases {
        assert_err(
            env.create_lb(json!({ "Name": name, "Subnets": public })),
            "ValidationError",
            &text,
        );
    }
    assert!(env
        .create_lb(json!({ "Name": "a".repeat(32), "Subnets": public }))
        .is_ok());
}

#[test]
fn enums_and_unsupported_options() {
    let mut env = Env::new();
    let public = env.public.clone();
    assert_err(
        env.create_lb(json!({ "Name": "x", "Subnets": public, "Scheme": "public" })),
        "ValidationError",
        "1 validation error detected: Value 'public' at 'scheme' failed to satisfy constraint: Member must satisfy enum value set: [internet-facing, internal]",
    );
    let (code, _) =
        message(env.create_lb(json!({ "Name": "x", "Subnets": public, "Type": "classic" })));
    assert_eq!(code, "ValidationError");
    let (code, text) =
        message(env.create_lb(json!({ "Name": "x", "Subnets": public, "Type": "gateway" })));
    assert_eq!(code, "InvalidConfigurationRequest");
    assert!(text.contains("not supported in the playground"), "{text}");
}

#[test]
fn duplicate_names_and_idempotent_create() {
    let mut env = Env::new();
    let public = env.public.clone();
    let first = env
        .create_lb(json!({ "Name": "web", "Subnets": public }))
        .unwrap();
    let enis = env.world.ec2.network_interfaces.len();
    let again = env
        .create_lb(json!({ "Name": "web", "Subnets": public }))
        .unwrap();
    assert_eq!(
        first["LoadBalancers"][0]["LoadBalancerArn"],
        again["LoadBalancers"][0]["LoadBalancerArn"]
    );
    assert_eq!(env.world.ec2.network_interfaces.len(), enis);
    assert_err(
        env.create_lb(json!({ "Name": "web", "Subnets": public, "Scheme": "internal" })),
        "DuplicateLoadBalancerName",
        "A load balancer with the specified name already exists.",
    );
}

#[test]
fn shape_dns_name_and_provisioning() {
    let mut env = Env::new();
    let public = env.public.clone();
    let private = env.private.clone();
    let out = env
        .create_lb(json!({ "Name": "frontend", "Subnets": public }))
        .unwrap();
    let lb = &out["LoadBalancers"][0];
    let arn = str_of(lb, "LoadBalancerArn");
    assert!(arn.starts_with(
        "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:loadbalancer/app/frontend/"
    ));
    assert_eq!(arn.rsplit('/').next().unwrap().len(), 16);
    let dns = str_of(lb, "DNSName");
    let rest = dns.strip_prefix("frontend-").unwrap();
    let (digits, domain) = rest.split_once('.').unwrap();
    assert_eq!(digits.len(), 10);
    assert!(digits.bytes().all(|b| b.is_ascii_digit()));
    assert_eq!(domain, "ap-northeast-1.elb.amazonaws.com");
    assert_eq!(lb["State"]["Code"], "provisioning");
    assert_eq!(lb["Scheme"], "internet-facing");
    assert_eq!(lb["Type"], "application");
    assert_eq!(lb["IpAddressType"], "ipv4");
    assert_eq!(lb["CanonicalHostedZoneId"], "Z14GRHDCWA56QT");
    assert_eq!(lb["CreatedTime"], "2026-01-01T00:00:00+00:00");
    assert_eq!(lb["SecurityGroups"], json!([env.default_sg]));
    assert_eq!(lb["VpcId"], json!(env.vpc));
    let internal = env
        .create_lb(json!({ "Name": "backend", "Scheme": "internal", "Subnets": private }))
        .unwrap();
    assert!(str_of(&internal["LoadBalancers"][0], "DNSName").starts_with("internal-backend-"));

    assert_eq!(env.elb.next_transition(), Some(SimTime(60)));
    env.wait(59);
    assert_eq!(env.elb.load_balancers[&arn].state, LbState::Provisioning);
    env.wait(1);
    assert_eq!(env.elb.load_balancers[&arn].state, LbState::Active);
    let described = env
        .elb
        .describe_load_balancers(
            "ap-northeast-1",
            DescribeLoadBalancersInput {
                names: vec!["frontend".into()],
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(described["LoadBalancers"][0]["State"]["Code"], "active");
}

#[test]
fn network_load_balancer_shape() {
    let mut env = Env::new();
    let one = vec![env.private[0].clone()];
    let out = env
        .create_lb(
            json!({ "Name": "nlb", "Type": "network", "Scheme": "internal", "Subnets": one }),
        )
        .unwrap();
    let lb = &out["LoadBalancers"][0];
    let arn = str_of(lb, "LoadBalancerArn");
    let id = arn.rsplit('/').next().unwrap();
    assert!(arn.contains(":loadbalancer/net/nlb/"));
    assert_eq!(
        str_of(lb, "DNSName"),
        format!("internal-nlb-{id}.elb.ap-northeast-1.amazonaws.com")
    );
    assert!(lb.get("SecurityGroups").is_none());
    // Security groups cannot be added to an NLB created without any.
    let input = SetSecurityGroupsInput {
        load_balancer_arn: arn,
        security_groups: vec![env.default_sg.clone()],
        ..Default::default()
    };
    let (code, _) = message(env.call(|elb, ctx| elb.set_security_groups(ctx, input)));
    assert_eq!(code, "InvalidConfigurationRequest");
}

#[test]
fn security_group_rules() {
    let mut env = Env::new();
    let public = env.public.clone();
    assert_err(
        env.create_lb(
            json!({ "Name": "x", "Subnets": public, "SecurityGroups": ["sg-00000000000000000"] }),
        ),
        "InvalidSecurityGroup",
        "The security group 'sg-00000000000000000' does not exist",
    );
    let other = env
        .world
        .ec2
        .security_groups
        .values()
        .find(|g| g.vpc_id != env.vpc)
        .map(|g| g.id.clone())
        .unwrap();
    assert_err(
        env.create_lb(json!({ "Name": "x", "Subnets": public, "SecurityGroups": [other] })),
        "InvalidConfigurationRequest",
        &format!(
            "Security group '{other}' does not belong to VPC '{}'",
            env.vpc
        ),
    );
    let sg = env.ec2(
        "CreateSecurityGroup",
        json!({ "GroupName": "alb", "Description": "alb", "VpcId": env.vpc }),
    );
    let sg = str_of(&sg, "GroupId");
    let out = env
        .create_lb(json!({ "Name": "x", "Subnets": public, "SecurityGroups": [sg] }))
        .unwrap();
    assert_eq!(out["LoadBalancers"][0]["SecurityGroups"], json!([sg]));
    // An empty list is taken as none: the VPC's default group.
    let out = env
        .create_lb(json!({ "Name": "y", "Subnets": public, "SecurityGroups": [] }))
        .unwrap();
    assert_eq!(
        out["LoadBalancers"][0]["SecurityGroups"],
        json!([env.default_sg])
    );
    let six = vec![sg.clone(); 6];
    assert_err(
        env.create_lb(json!({ "Name": "z", "Subnets": public, "SecurityGroups": six })),
        "InvalidConfigurationRequest",
        "You cannot specify more than 5 security groups for a load balancer",
    );
}

#[test]
fn nodes_take_one_interface_per_subnet_and_give_them_back() {
    let mut env = Env::new();
    let public = env.public.clone();
    let free_before: Vec<u64> = public
        .iter()
        .map(|s| env.world.ec2.available_ip_count(&env.world.ec2.subnets[s]))
        .collect();
    let lb = env.alb("frontend", "internet-facing", &public);
    let owner = InterfaceOwner::LoadBalancer(lb.clone());
    let enis: Vec<_> = env
        .world
        .ec2
        .network_interfaces
        .values()
        .filter(|e| e.owner == owner)
        .cloned()
        .collect();
    assert_eq!(enis.len(), 2);
    let full_name = env.elb.load_balancers[&lb].full_name();
    for eni in &enis {
        assert_eq!(eni.description, format!("ELB {full_name}"));
        assert_eq!(eni.security_group_ids, vec![env.default_sg.clone()]);
        let shape = eni.shape(&env.world.ec2, "123456789012");
        assert_eq!(shape["InterfaceType"], "interface");
        assert!(!env.world.ec2.subnets[&eni.subnet_id]
            .cidr
            .is_reserved(eni.private_ip));
    }
    for (s, before) in public.iter().zip(&free_before) {
        assert_eq!(
            env.world.ec2.available_ip_count(&env.world.ec2.subnets[s]),
            before - 1
        );
    }
    // SetSecurityGroups reaches the nodes' interfaces.
    let sg = env.ec2(
        "CreateSecurityGroup",
        json!({ "GroupName": "alb", "Description": "alb", "VpcId": env.vpc }),
    );
    let sg = str_of(&sg, "GroupId");
    let input = SetSecurityGroupsInput {
        load_balancer_arn: lb.clone(),
        security_groups: vec![sg.clone()],
        ..Default::default()
    };
    let out = env
        .call(|elb, ctx| elb.set_security_groups(ctx, input))
        .unwrap();
    assert_eq!(out, json!({ "SecurityGroupIds": [sg] }));
    assert!(env
        .world
        .ec2
        .network_interfaces
        .values()
        .filter(|e| e.owner == owner)
        .all(|e| e.security_group_ids == vec![sg.clone()]));
    // A node's address cannot be a target.
    let tg = env.tg("t", 80);
    let ip = enis[0].private_ip.to_string();
    env.register(&tg, json!([{ "Id": ip }])).unwrap();
    let t = &env.elb.target_groups[&tg].targets[0];
    assert_eq!(t.state, TargetState::Unused);
    assert_eq!(t.reason_code(), Some("Target.IpUnusable"));
    // Deleting the load balancer frees the addresses.
    let input = DeleteLoadBalancerInput {
        load_balancer_arn: lb.clone(),
    };
    env.call(|elb, ctx| elb.delete_load_balancer(ctx, input))
        .unwrap();
    assert!(env
        .world
        .ec2
        .network_interfaces
        .values()
        .all(|e| e.owner != owner));
    for (s, before) in public.iter().zip(&free_before) {
        assert_eq!(
            env.world.ec2.available_ip_count(&env.world.ec2.subnets[s]),
            *before
        );
    }
    let input = DeleteLoadBalancerInput {
        load_balancer_arn: lb,
    };
    assert_err(
        env.call(|elb, ctx| elb.delete_load_balancer(ctx, input)),
        "LoadBalancerNotFound",
        "One or more load balancers not found",
    );
}

#[test]
fn describe_load_balancers_selectors() {
    let mut env = Env::new();
    let public = env.public.clone();
    let lb = env.alb("web", "internet-facing", &public);
    let by_arn = env
        .elb
        .describe_load_balancers(
            "ap-northeast-1",
            DescribeLoadBalancersInput {
                load_balancer_arns: vec![lb.clone()],
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(by_arn["LoadBalancers"][0]["LoadBalancerName"], "web");
    assert_err(
        env.elb.describe_load_balancers(
            "ap-northeast-1",
            DescribeLoadBalancersInput {
                names: vec!["nope".into()],
                ..Default::default()
            },
        ),
        "LoadBalancerNotFound",
        "One or more load balancers not found",
    );
    let (code, _) = message(env.elb.describe_load_balancers(
        "ap-northeast-1",
        DescribeLoadBalancersInput {
            names: vec!["web".into()],
            load_balancer_arns: vec![lb],
            ..Default::default()
        },
    ));
    assert_eq!(code, "ValidationError");
    let all = env
        .elb
        .describe_load_balancers("ap-northeast-1", DescribeLoadBalancersInput::default())
        .unwrap();
    assert_eq!(all["LoadBalancers"].as_array().unwrap().len(), 1);
}

#[test]
fn a_rejected_call_changes_nothing() {
    let mut env = Env::new();
    let public = env.public.clone();
    env.alb("web", "internet-facing", &public);
    let (elb, ec2) = (env.elb.clone(), env.world.ec2.clone());
    assert!(env
        .create_lb(json!({ "Name": "web", "Subnets": public, "Scheme": "internal" }))
        .is_err());
    assert!(env.create_tg(json!({ "Name": "x", "Protocol": "HTTP", "Port": 80, "VpcId": env.vpc, "HealthCheckTimeoutSeconds": 30 })).is_err());
    assert_eq!(env.elb, elb);
    assert_eq!(env.world.ec2, ec2);
}

// ── Target groups ─────────────────────────────────────────────────────────

#[test]
fn vector_33_http_health_check_defaults() {
    let mut env = Env::new();
    let vpc = env.vpc.clone();
    let out = env
        .create_tg(json!({ "Name": "web", "Protocol": "HTTP", "Port": 80, "VpcId": vpc }))
        .unwrap();
    let tg = &out["TargetGroups"][0];
    assert_eq!(tg["HealthCheckProtocol"], "HTTP");
    assert_eq!(tg["HealthCheckPort"], "traffic-port");
    assert_eq!(tg["HealthCheckEnabled"], true);
    assert_eq!(tg["HealthCheckIntervalSeconds"], 30);
    assert_eq!(tg["HealthCheckTimeoutSeconds"], 5);
    assert_eq!(tg["HealthyThresholdCount"], 5);
    assert_eq!(tg["UnhealthyThresholdCount"], 2);
    assert_eq!(tg["HealthCheckPath"], "/");
    assert_eq!(tg["Matcher"], json!({ "HttpCode": "200" }));
    assert_eq!(tg["TargetType"], "instance");
    assert_eq!(tg["ProtocolVersion"], "HTTP1");
    assert!(tg.get("LoadBalancerArns").is_none());
    let arn = str_of(tg, "TargetGroupArn");
    let described = env
        .elb
        .describe_target_groups(DescribeTargetGroupsInput::default())
        .unwrap();
    assert_eq!(described["TargetGroups"][0]["LoadBalancerArns"], json!([]));
    assert!(arn
        .starts_with("arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/web/"));
    assert_eq!(
        env.elb.target_groups[&arn].deregistration_delay(),
        Duration(300)
    );
    let attrs = env
        .elb
        .describe_target_group_attributes(DescribeTargetGroupAttributesInput {
            target_group_arn: arn,
        })
        .unwrap();
    let get = |k: &str| {
        attrs["Attributes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["Key"] == k)
            .map(|a| a["Value"].clone())
            .unwrap()
    };
    assert_eq!(get("deregistration_delay.timeout_seconds"), "300");
    assert_eq!(get("slow_start.duration_seconds"), "0");
    assert_eq!(get("load_balancing.algorithm.type"), "round_robin");
    assert_eq!(get("stickiness.enabled"), "false");
    assert_eq!(get("stickiness.type"), "lb_cookie");
}

#[test]
fn health_check_defaults_per_protocol() {
    let mut env = Env::new();
    let vpc = env.vpc.clone();
    // (protocol, health check protocol given, expected: protocol, interval, timeout, path, matcher)
    let cases = [
        ("HTTPS", None, "HTTPS", 30, 5, Some("/"), Some("200")),
        ("TCP", None, "TCP", 30, 10, None, None),
        ("TLS", None, "TCP", 30, 10, None, None),
        ("UDP", None, "TCP", 30, 10, None, None),
        ("TCP_UDP", None, "TCP", 30, 10, None, None),
        (
            "TCP",
            Some("HTTP"),
            "HTTP",
            30,
            6,
            Some("/"),
            Some("200-399"),
        ),
        (
            "TCP",
            Some("HTTPS"),
            "HTTPS",
            30,
            10,
            Some("/"),
            Some("200-399"),
        ),
    ];
    for (i, (protocol, hc, want_hc, interval, timeout, path, matcher)) in
        cases.into_iter().enumerate()
    {
        let mut params =
            json!({ "Name": format!("tg{i}"), "Protocol": protocol, "Port": 80, "VpcId": vpc });
        if let Some(hc) = hc {
            params["HealthCheckProtocol"] = json!(hc);
        }
        let out = env.create_tg(params).unwrap();
        let tg = &out["TargetGroups"][0];
        assert_eq!(tg["HealthCheckProtocol"], want_hc, "{protocol}");
        assert_eq!(tg["HealthCheckIntervalSeconds"], interval, "{protocol}");
        assert_eq!(tg["HealthCheckTimeoutSeconds"], timeout, "{protocol}");
        assert_eq!(tg["HealthyThresholdCount"], 5, "{protocol}");
        assert_eq!(tg["UnhealthyThresholdCount"], 2, "{protocol}");
        assert_eq!(
            tg.get("HealthCheckPath").and_then(Value::as_str),
            path,
            "{protocol}"
        );
        assert_eq!(
            tg.get("Matcher").and_then(|m| m["HttpCode"].as_str()),
            matcher,
            "{protocol}"
        );
    }
}

#[test]
fn vector_34_timeout_below_interval() {
    let mut env = Env::new();
    let vpc = env.vpc.clone();
    assert_err(
        env.create_tg(json!({
            "Name": "web", "Protocol": "HTTP", "Port": 80, "VpcId": vpc,
            "HealthCheckTimeoutSeconds": 30, "HealthCheckIntervalSeconds": 30
        })),
        "ValidationError",
        "Health check timeout '30' must be smaller than the interval '30'",
    );
    // Only the timeout: compared with the default interval.
    assert_err(
        env.create_tg(json!({ "Name": "web", "Protocol": "HTTP", "Port": 80, "VpcId": vpc, "HealthCheckTimeoutSeconds": 45 })),
        "ValidationError",
        "Health check timeout '45' must be smaller than the interval '30'",
    );
    assert!(env
        .create_tg(json!({
            "Name": "web", "Protocol": "HTTP", "Port": 80, "VpcId": vpc,
            "HealthCheckTimeoutSeconds": 29, "HealthCheckIntervalSeconds": 30
        }))
        .is_ok());
    // TCP target groups allow an equal timeout.
    assert!(env
        .create_tg(json!({
            "Name": "tcp", "Protocol": "TCP", "Port": 80, "VpcId": vpc,
            "HealthCheckTimeoutSeconds": 30, "HealthCheckIntervalSeconds": 30
        }))
        .is_ok());
    assert_err(
        env.create_tg(json!({
            "Name": "tcp2", "Protocol": "TCP", "Port": 80, "VpcId": vpc,
            "HealthCheckTimeoutSeconds": 31, "HealthCheckIntervalSeconds": 30
        })),
        "ValidationError",
        "Health check timeout '31' must be smaller than or equal to the interval '30'",
    );
}

#[test]
fn health_check_ranges() {
    let mut env = Env::new();
    let vpc = env.vpc.clone();
    let cases = [
        (
            "HealthCheckIntervalSeconds",
            4,
            "healthCheckIntervalSeconds",
            "greater than or equal to 5",
        ),
        (
            "HealthCheckIntervalSeconds",
            301,
            "healthCheckIntervalSeconds",
            "less than or equal to 300",
        ),
        (
            "HealthCheckTimeoutSeconds",
            1,
            "healthCheckTimeoutSeconds",
            "greater than or equal to 2",
        ),
        (
            "HealthCheckTimeoutSeconds",
            121,
            "healthCheckTimeoutSeconds",
            "less than or equal to 120",
        ),
        (
            "HealthyThresholdCount",
            1,
            "healthyThresholdCount",
            "greater than or equal to 2",
        ),
        (
            "HealthyThresholdCount",
            11,
            "healthyThresholdCount",
            "less than or equal to 10",
        ),
        (
            "UnhealthyThresholdCount",
            1,
            "unhealthyThresholdCount",
            "greater than or equal to 2",
        ),
        (
            "UnhealthyThresholdCount",
            11,
            "unhealthyThresholdCount",
            "less than or equal to 10",
        ),
        ("Port", 0, "port", "greater than or equal to 1"),
        ("Port", 65536, "port", "less than or equal to 65535"),
    ];
    for (param, value, field, bound) in cases {
        let mut params = json!({ "Name": "web", "Protocol": "HTTP", "Port": 80, "VpcId": vpc, "HealthCheckIntervalSeconds": 300 });
        params[param] = json!(value);
        assert_err(
            env.create_tg(params),
            "ValidationError",
            &format!("1 validation error detected: Value '{value}' at '{field}' failed to satisfy constraint: Member must have value {bound}"),
        );
    }
    let ok = json!({
        "Name": "edges", "Protocol": "HTTP", "Port": 65535, "VpcId": vpc,
        "HealthCheckIntervalSeconds": 300, "HealthCheckTimeoutSeconds": 120,
        "HealthyThresholdCount": 10, "UnhealthyThresholdCount": 2
    });
    assert!(env.create_tg(ok).is_ok());
}

#[test]
fn health_check_setting_rules() {
    let mut env = Env::new();
    let vpc = env.vpc.clone();
    let base = |extra: Value| {
        let mut p = json!({ "Name": "web", "Protocol": "HTTP", "Port": 80, "VpcId": vpc, "TargetType": "ip" });
        for (k, v) in extra.as_object().unwrap() {
            p[k] = v.clone();
        }
        p
    };
    assert_err(
        env.create_tg(base(json!({ "HealthCheckEnabled": false }))),
        "ValidationError",
        "Health check enabled must be true for target groups with target type 'ip'",
    );
    assert_err(
        env.create_tg(base(json!({ "Matcher": { "HttpCode": "" } }))),
        "ValidationError",
        "Health check matcher HTTP code cannot be empty",
    );
    let (code, _) = message(env.create_tg(base(json!({ "Matcher": { "HttpCode": "500" } }))));
    assert_eq!(code, "ValidationError");
    let (code, _) = message(env.create_tg(base(json!({ "HealthCheckProtocol": "TCP" }))));
    assert_eq!(code, "ValidationError");
    let (code, _) = message(env.create_tg(base(json!({ "HealthCheckPath": "health" }))));
    assert_eq!(code, "ValidationError");
    let (code, _) = message(env.create_tg(base(json!({ "HealthCheckPort": "http" }))));
    assert_eq!(code, "ValidationError");
    let ok = env
        .create_tg(base(json!({ "Matcher": { "HttpCode": "200-299" }, "HealthCheckPath": "/health", "HealthCheckPort": "8080" })))
        .unwrap();
    assert_eq!(ok["TargetGroups"][0]["Matcher"]["HttpCode"], "200-299");
    assert_eq!(ok["TargetGroups"][0]["HealthCheckPort"], "8080");
    let tcp = json!({ "Name": "tcp", "Protocol": "TCP", "Port": 80, "VpcId": vpc, "HealthCheckPath": "/" });
    let (code, _) = message(env.create_tg(tcp));
    assert_eq!(code, "ValidationError");
}

#[test]
fn target_group_name_and_required_parameters() {
    let mut env = Env::new();
    let vpc = env.vpc.clone();
    let long = "t".repeat(33);
    let cases = [
        (long.clone(), format!("Target group name '{long}' cannot be longer than '32' characters")),
        ("web_tg".into(), "Target group name 'web_tg' can only contain characters that are alphanumeric characters or hyphens(-)".into()),
        ("-web".into(), "Target group name '-web' cannot begin or end with '-'".into()),
    ];
    for (name, text) in cases {
        assert_err(
            env.create_tg(json!({ "Name": name, "Protocol": "HTTP", "Port": 80, "VpcId": vpc })),
            "ValidationError",
            &text,
        );
    }
    assert_err(
        env.create_tg(json!({ "Name": "a", "Port": 80, "VpcId": vpc })),
        "ValidationError",
        "A protocol must be specified",
    );
    assert_err(
        env.create_tg(json!({ "Name": "a", "Protocol": "HTTP", "VpcId": vpc })),
        "ValidationError",
        "A port must be specified",
    );
    assert_err(
        env.create_tg(json!({ "Name": "a", "Protocol": "HTTP", "Port": 80 })),
        "ValidationError",
        "A VPC ID must be specified",
    );
    assert_err(
        env.create_tg(json!({ "Name": "a", "Protocol": "HTTP", "Port": 80, "VpcId": "vpc-00000000000000000" })),
        "ValidationError",
        "The VPC ID 'vpc-00000000000000000' is not found",
    );
    let (code, _) =
        message(env.create_tg(json!({ "Name": "a", "Protocol": "FTP", "Port": 80, "VpcId": vpc })));
    assert_eq!(code, "ValidationError");
    let (code, _) = message(env.create_tg(json!({ "Name": "a", "TargetType": "lambda" })));
    assert_eq!(code, "InvalidConfigurationRequest");
    // Same settings: the same group; other settings: a duplicate.
    let a = env.tg("same", 80);
    let b = env.tg("same", 80);
    assert_eq!(a, b);
    assert_err(
        env.create_tg(json!({ "Name": "same", "Protocol": "HTTP", "Port": 81, "VpcId": vpc, "TargetType": "ip" })),
        "DuplicateTargetGroupName",
        "A target group with the specified name already exists.",
    );
}

#[test]
fn modify_target_group() {
    let mut env = Env::new();
    let tg = env.tg("web", 80);
    let input: ModifyTargetGroupInput = serde_json::from_value(json!({
        "TargetGroupArn": tg, "HealthCheckPath": "/health", "HealthCheckIntervalSeconds": 10,
        "HealthyThresholdCount": 2
    }))
    .unwrap();
    let out = env.modify_tg(input).unwrap();
    let shape = &out["TargetGroups"][0];
    assert_eq!(shape["HealthCheckPath"], "/health");
    assert_eq!(shape["HealthCheckIntervalSeconds"], 10);
    assert_eq!(shape["HealthCheckTimeoutSeconds"], 5);
    assert_eq!(shape["HealthyThresholdCount"], 2);
    // The new interval against the current timeout.
    let input: ModifyTargetGroupInput = serde_json::from_value(json!({
        "TargetGroupArn": tg, "HealthCheckIntervalSeconds": 5
    }))
    .unwrap();
    assert_err(
        env.modify_tg(input),
        "ValidationError",
        "Health check timeout '5' must be smaller than the interval '5'",
    );
    let input = ModifyTargetGroupInput {
        target_group_arn:
            "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/x/0".into(),
        ..Default::default()
    };
    assert_err(
        env.modify_tg(input),
        "TargetGroupNotFound",
        "One or more target groups not found",
    );
}

#[test]
fn target_group_attributes() {
    let mut env = Env::new();
    let tg = env.tg("web", 80);
    let modify = |env: &mut Env, key: &str, value: &str| {
        env.modify_attrs(ModifyTargetGroupAttributesInput {
            target_group_arn: tg.clone(),
            attributes: vec![TargetGroupAttribute {
                key: key.into(),
                value: value.into(),
            }],
        })
    };
    let out = modify(&mut env, "deregistration_delay.timeout_seconds", "60").unwrap();
    assert!(out["Attributes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["Key"] == "deregistration_delay.timeout_seconds" && a["Value"] == "60"));
    assert_eq!(
        env.elb.target_groups[&tg].deregistration_delay(),
        Duration(60)
    );
    for v in ["0", "3600"] {
        assert!(modify(&mut env, "deregistration_delay.timeout_seconds", v).is_ok());
    }
    for v in ["3601", "-1", "soon"] {
        assert_err(
            modify(&mut env, "deregistration_delay.timeout_seconds", v),
            "ValidationError",
            &format!("'deregistration_delay.timeout_seconds' value '{v}' must be between '0-3600' inclusive"),
        );
    }
    assert!(modify(&mut env, "slow_start.duration_seconds", "30").is_ok());
    assert!(modify(&mut env, "slow_start.duration_seconds", "0").is_ok());
    assert!(modify(&mut env, "slow_start.duration_seconds", "10").is_err());
    assert!(modify(&mut env, "slow_start.duration_seconds", "901").is_err());
    assert!(modify(
        &mut env,
        "load_balancing.algorithm.type",
        "least_outstanding_requests"
    )
    .is_ok());
    assert_eq!(
        env.elb.target_groups[&tg].algorithm(),
        "least_outstanding_requests"
    );
    assert!(modify(&mut env, "load_balancing.algorithm.type", "random").is_err());
    assert!(modify(&mut env, "stickiness.enabled", "true").is_ok());
    assert!(modify(&mut env, "stickiness.enabled", "yes").is_err());
    assert_err(
        modify(&mut env, "stickiness.type", "source_ip"),
        "InvalidConfigurationRequest",
        "Stickiness type 'source_ip' is not supported for target groups with the HTTP protocol",
    );
    assert_err(
        modify(&mut env, "proxy_protocol_v2.enabled", "true"),
        "ValidationError",
        "Target group attribute key 'proxy_protocol_v2.enabled' is not recognized",
    );
}

// ── Targets ───────────────────────────────────────────────────────────────

#[test]
fn ip_target_rules() {
    let mut env = Env::new();
    let tg = env.tg("backend", 8080);
    // Inside a subnet of the VPC: the subnet's zone, the group's port.
    env.register(
        &tg,
        json!([{ "Id": "10.0.0.140" }, { "Id": "10.0.0.200", "Port": 32768 }]),
    )
    .unwrap();
    let targets = &env.elb.target_groups[&tg].targets;
    assert_eq!(targets[0].id, TargetId::new("10.0.0.140", 8080));
    assert_eq!(
        targets[0].availability_zone.as_deref(),
        Some("ap-northeast-1a")
    );
    assert_eq!(targets[1].id, TargetId::new("10.0.0.200", 32768));
    assert_eq!(
        targets[1].availability_zone.as_deref(),
        Some("ap-northeast-1c")
    );
    // Private but outside the VPC's subnets: only with AvailabilityZone=all.
    assert_err(
        env.register(&tg, json!([{ "Id": "10.9.0.5" }])),
        "ValidationError",
        "The Availability Zone is required for IP address '10.9.0.5' because it is not in the VPC",
    );
    env.register(
        &tg,
        json!([{ "Id": "10.9.0.5", "AvailabilityZone": "all" }]),
    )
    .unwrap();
    env.register(
        &tg,
        json!([{ "Id": "100.64.1.1", "AvailabilityZone": "all" }]),
    )
    .unwrap();
    assert_err(
        env.register(&tg, json!([{ "Id": "10.0.0.141", "AvailabilityZone": "all" }])),
        "ValidationError",
        "The IP address '10.0.0.141' is within the VPC, and cannot have its Availability Zone overridden to 'all' from 'ap-northeast-1a'",
    );
    let (code, _) =
        message(env.register(&tg, json!([{ "Id": "8.8.8.8", "AvailabilityZone": "all" }])));
    assert_eq!(code, "InvalidTarget");
    assert_err(
        env.register(&tg, json!([{ "Id": "i-0123456789abcdef0" }])),
        "ValidationError",
        "The IP address 'i-0123456789abcdef0' is not a valid IPv4 address",
    );
    let (code, _) = message(env.register(&tg, json!([{ "Id": "10.0.0.142", "Port": 0 }])));
    assert_eq!(code, "ValidationError");
    // A batch with one bad target registers none.
    let before = env.elb.target_groups[&tg].targets.len();
    assert!(env
        .register(&tg, json!([{ "Id": "10.0.0.150" }, { "Id": "8.8.8.8" }]))
        .is_err());
    assert_eq!(env.elb.target_groups[&tg].targets.len(), before);
    // Registering again changes nothing.
    env.register(&tg, json!([{ "Id": "10.0.0.140" }])).unwrap();
    assert_eq!(env.elb.target_groups[&tg].targets.len(), before);
}

#[test]
fn instance_target_rules() {
    let mut env = Env::new();
    let vpc = env.vpc.clone();
    let tg = env
        .create_tg(json!({ "Name": "inst", "Protocol": "HTTP", "Port": 80, "VpcId": vpc }))
        .unwrap();
    let tg = str_of(&tg["TargetGroups"][0], "TargetGroupArn");
    assert_err(
        env.register(&tg, json!([{ "Id": "10.0.0.140" }])),
        "ValidationError",
        "Instance ID '10.0.0.140' is not valid",
    );
    assert_err(
        env.register(&tg, json!([{ "Id": "i-0123456789abcdef0" }])),
        "InvalidTarget",
        "The specified target does not exist, is not in the same VPC as the target group, or has an unsupported instance type.",
    );
    // An instance in the VPC (its primary interface).
    let subnet = env.private[0].clone();
    env.call(|_, ctx| {
        let ec2_ctx = &mut ctx.env;
        ctx.ec2
            .create_interface(
                ec2_ctx,
                &subnet,
                InterfaceOwner::Instance("i-0123456789abcdef0".into()),
                vec![],
                String::new(),
            )
            .map_err(|_| ElbError::InvalidTarget)
    })
    .unwrap();
    env.register(&tg, json!([{ "Id": "i-0123456789abcdef0", "Port": 32768 }]))
        .unwrap();
    let t = &env.elb.target_groups[&tg].targets[0];
    assert_eq!(t.id, TargetId::new("i-0123456789abcdef0", 32768));
    assert_eq!(t.availability_zone, None);
}

#[test]
fn targets_are_unused_until_an_active_load_balancer_forwards() {
    let mut env = Env::new();
    let public = env.public.clone();
    let tg = env.tg("web", 3000);
    env.register(&tg, json!([{ "Id": "10.0.0.140" }])).unwrap();
    let id = TargetId::new("10.0.0.140", 3000);
    let h = env.health(&tg);
    assert_eq!(
        h["TargetHealthDescriptions"][0],
        json!({
            "Target": { "Id": "10.0.0.140", "Port": 3000, "AvailabilityZone": "ap-northeast-1a" },
            "HealthCheckPort": "3000",
            "TargetHealth": {
                "State": "unused",
                "Reason": "Target.NotInUse",
                "Description": "Target group is not configured to receive traffic from the load balancer"
            }
        })
    );
    let lb = env.alb("web", "internet-facing", &public);
    env.listener(&lb, 80, &tg);
    // Provisioning: still unused.
    assert_eq!(env.state_of(&tg, &id), TargetState::Unused);
    env.wait(PROVISIONING_SECONDS);
    assert_eq!(env.state_of(&tg, &id), TargetState::Initial);
    let h = env.health(&tg);
    assert_eq!(
        h["TargetHealthDescriptions"][0]["TargetHealth"],
        json!({
            "State": "initial",
            "Reason": "Elb.RegistrationInProgress",
            "Description": "Target registration is in progress"
        })
    );
    // Not registered: reported as such.
    let out = env
        .elb
        .describe_target_health(
            serde_json::from_value(
                json!({ "TargetGroupArn": tg, "Targets": [{ "Id": "10.0.0.99" }] }),
            )
            .unwrap(),
        )
        .unwrap();
    assert_eq!(
        out["TargetHealthDescriptions"][0]["TargetHealth"],
        json!({
            "State": "unused",
            "Reason": "Target.NotRegistered",
            "Description": "Target is not registered to the target group"
        })
    );
}

#[test]
fn a_new_target_is_healthy_after_one_pass() {
    let mut env = Env::new();
    let (_, tg, _) = env.frontend();
    env.register(&tg, json!([{ "Id": "10.0.0.140" }])).unwrap();
    let id = TargetId::new("10.0.0.140", 3000);
    let registered = env.now();
    env.run_until(registered.plus(Duration(29)), |_, _| None);
    assert_eq!(env.state_of(&tg, &id), TargetState::Initial);
    env.run_until(registered.plus(Duration(30)), |_, _| None);
    assert_eq!(env.state_of(&tg, &id), TargetState::Healthy);
    let h = env.health(&tg);
    assert_eq!(
        h["TargetHealthDescriptions"][0]["TargetHealth"],
        json!({ "State": "healthy" })
    );
}

#[test]
fn a_new_target_that_fails_stays_initial_then_turns_unhealthy() {
    let mut env = Env::new();
    let (_, tg, _) = env.frontend();
    env.register(&tg, json!([{ "Id": "10.0.0.140" }])).unwrap();
    let id = TargetId::new("10.0.0.140", 3000);
    let t0 = env.now();
    let fail = |_: &TargetId, _| Some(CheckFailure::ResponseCodeMismatch(502));
    env.run_until(t0.plus(Duration(30)), fail);
    let t = env.elb.target_groups[&tg].target(&id).unwrap().clone();
    assert_eq!(t.state, TargetState::Initial);
    assert_eq!(t.reason_code(), Some("Elb.InitialHealthChecking"));
    assert_eq!(
        t.description().as_deref(),
        Some("Initial health checks in progress")
    );
    env.run_until(t0.plus(Duration(60)), fail);
    let t = env.elb.target_groups[&tg].target(&id).unwrap().clone();
    assert_eq!(t.state, TargetState::Unhealthy);
    assert_eq!(t.reason_code(), Some("Target.ResponseCodeMismatch"));
    assert_eq!(
        t.description().as_deref(),
        Some("Health checks failed with these codes: [502]")
    );
    env.run_until(t0.plus(Duration(90)), |_, _| Some(CheckFailure::Timeout));
    let t = env.elb.target_groups[&tg].target(&id).unwrap().clone();
    assert_eq!(t.reason_code(), Some("Target.Timeout"));
    assert_eq!(t.description().as_deref(), Some("Request timed out"));
}

#[test]
fn vector_35_unhealthy_after_two_failures_healthy_after_five_passes() {
    // The fault and the fix land at every offset within a check interval.
    for offset in [0u64, 1, 10, 29] {
        let mut env = Env::new();
        let (_, tg, _) = env.frontend();
        env.register(&tg, json!([{ "Id": "10.0.0.140" }])).unwrap();
        let id = TargetId::new("10.0.0.140", 3000);
        env.wait(30);
        assert_eq!(env.state_of(&tg, &id), TargetState::Healthy);
        env.wait(300);

        let fault = env.now().plus(Duration(offset));
        let mut unhealthy_at = None;
        let until = fault.plus(Duration(120));
        let failing = |_: &TargetId, now: SimTime| (now >= fault).then_some(CheckFailure::Timeout);
        let mut t = env.now();
        while t < until {
            t = t.plus(Duration(1));
            env.run_until(t, failing);
            if unhealthy_at.is_none() && env.state_of(&tg, &id) == TargetState::Unhealthy {
                unhealthy_at = Some(t);
            }
        }
        let after_fault = unhealthy_at.unwrap().since(fault).as_seconds();
        assert!(
            (30..=60).contains(&after_fault),
            "offset {offset}: unhealthy {after_fault}s after the fault"
        );

        let fix = env.now().plus(Duration(offset));
        let mut healthy_at = None;
        let until = fix.plus(Duration(200));
        let fixed = |_: &TargetId, now: SimTime| (now < fix).then_some(CheckFailure::Timeout);
        let mut t = env.now();
        while t < until {
            t = t.plus(Duration(1));
            env.run_until(t, fixed);
            if healthy_at.is_none() && env.state_of(&tg, &id) == TargetState::Healthy {
                healthy_at = Some(t);
            }
        }
        let after_fix = healthy_at.unwrap().since(fix).as_seconds();
        assert!(
            (120..=150).contains(&after_fix),
            "offset {offset}: healthy {after_fix}s after the fix"
        );
    }
}

#[test]
fn thresholds_follow_the_target_group_settings() {
    let mut group_env = Env::new();
    let (_, tg, _) = group_env.frontend();
    let input: ModifyTargetGroupInput = serde_json::from_value(json!({
        "TargetGroupArn": tg, "HealthyThresholdCount": 3, "UnhealthyThresholdCount": 4
    }))
    .unwrap();
    group_env.modify_tg(input).unwrap();
    group_env
        .register(&tg, json!([{ "Id": "10.0.0.140" }]))
        .unwrap();
    let id = TargetId::new("10.0.0.140", 3000);
    let group = group_env.elb.target_groups.get_mut(&tg).unwrap();
    let at = |s: u64| SimTime(1000 + s);
    assert_eq!(
        group.record_check(&id, true, None, at(0)),
        Some(TargetState::Healthy)
    );
    for i in 1..4 {
        assert_eq!(group.record_check(&id, false, None, at(i)), None);
    }
    assert_eq!(
        group.record_check(&id, false, None, at(4)),
        Some(TargetState::Unhealthy)
    );
    assert_eq!(
        group.target(&id).unwrap().reason_code(),
        Some("Target.FailedHealthChecks")
    );
    assert_eq!(group.record_check(&id, true, None, at(5)), None);
    assert_eq!(group.record_check(&id, true, None, at(6)), None);
    assert_eq!(
        group.record_check(&id, true, None, at(7)),
        Some(TargetState::Healthy)
    );
    // A failure resets the run of passes.
    for i in 8..12 {
        group.record_check(&id, false, None, at(i));
    }
    group.record_check(&id, true, None, at(12));
    group.record_check(&id, true, None, at(13));
    group.record_check(&id, false, None, at(14));
    group.record_check(&id, true, None, at(15));
    group.record_check(&id, true, None, at(16));
    assert_eq!(group.target(&id).unwrap().state, TargetState::Unhealthy);
    // The next check is at the next instant of the group's 30 s grid (1016 → 1020).
    assert_eq!(
        group.target(&id).unwrap().next_check_at,
        Some(SimTime(1020))
    );
    // Unknown targets are ignored.
    assert_eq!(
        group.record_check(&TargetId::new("10.0.0.1", 1), true, None, at(17)),
        None
    );
}

#[test]
fn fail_open_and_503() {
    let mut env = Env::new();
    let (_, tg, _) = env.frontend();
    assert!(
        env.elb.target_groups[&tg].routable_targets().is_empty(),
        "no targets: 503"
    );
    env.register(&tg, json!([{ "Id": "10.0.0.140" }, { "Id": "10.0.0.200" }]))
        .unwrap();
    assert!(
        env.elb.target_groups[&tg].routable_targets().is_empty(),
        "only initial targets: 503"
    );
    let a = TargetId::new("10.0.0.140", 3000);
    env.wait(30);
    let routable: Vec<TargetId> = env.elb.target_groups[&tg]
        .routable_targets()
        .into_iter()
        .map(|t| t.id.clone())
        .collect();
    assert_eq!(routable.len(), 2);
    // One fails: traffic only to the healthy one.
    let t0 = env.now();
    env.run_until(t0.plus(Duration(60)), |t, _| {
        (t == &a).then_some(CheckFailure::Timeout)
    });
    let routable: Vec<TargetId> = env.elb.target_groups[&tg]
        .routable_targets()
        .into_iter()
        .map(|t| t.id.clone())
        .collect();
    assert_eq!(routable, vec![TargetId::new("10.0.0.200", 3000)]);
    // Both fail: traffic to both (fail open).
    let t1 = env.now();
    env.run_until(t1.plus(Duration(60)), |_, _| Some(CheckFailure::Timeout));
    let group = &env.elb.target_groups[&tg];
    assert!(group
        .targets
        .iter()
        .all(|t| t.state == TargetState::Unhealthy));
    assert_eq!(group.routable_targets().len(), 2);
}

#[test]
fn deregistration_drains_for_the_delay() {
    let mut env = Env::new();
    let (_, tg, _) = env.frontend();
    env.register(&tg, json!([{ "Id": "10.0.0.140" }])).unwrap();
    env.wait(30);
    let id = TargetId::new("10.0.0.140", 3000);
    env.deregister(&tg, json!([{ "Id": "10.0.0.140" }]))
        .unwrap();
    let h = env.health(&tg);
    assert_eq!(
        h["TargetHealthDescriptions"][0]["TargetHealth"],
        json!({
            "State": "draining",
            "Reason": "Target.DeregistrationInProgress",
            "Description": "Target deregistration is in progress"
        })
    );
    assert!(env.elb.target_groups[&tg].routable_targets().is_empty());
    // Draining targets are not health-checked.
    assert!(env.elb.checks_due(env.now().plus(Duration(100))).is_empty());
    let started = env.now();
    assert_eq!(env.elb.next_transition(), Some(started.plus(Duration(300))));
    env.wait(299);
    assert!(env.elb.target_groups[&tg].target(&id).is_some());
    env.wait(1);
    assert!(env.elb.target_groups[&tg].target(&id).is_none());
    // Not registered any more.
    assert_err(
        env.deregister(&tg, json!([{ "Id": "10.0.0.140" }])),
        "InvalidTarget",
        "The specified target does not exist, is not in the same VPC as the target group, or has an unsupported instance type.",
    );
    // Delay 0: gone at once.
    env.modify_attrs(ModifyTargetGroupAttributesInput {
        target_group_arn: tg.clone(),
        attributes: vec![TargetGroupAttribute {
            key: "deregistration_delay.timeout_seconds".into(),
            value: "0".into(),
        }],
    })
    .unwrap();
    env.register(&tg, json!([{ "Id": "10.0.0.140" }])).unwrap();
    env.deregister(&tg, json!([{ "Id": "10.0.0.140" }]))
        .unwrap();
    assert!(env.elb.target_groups[&tg].targets.is_empty());
}

#[test]
fn unused_targets_deregister_at_once_and_draining_ones_can_return() {
    let mut env = Env::new();
    let tg = env.tg("idle", 80);
    env.register(&tg, json!([{ "Id": "10.0.0.140" }])).unwrap();
    env.deregister(&tg, json!([{ "Id": "10.0.0.140", "Port": 80 }]))
        .unwrap();
    assert!(env.elb.target_groups[&tg].targets.is_empty());

    let (_, tg, _) = env.frontend();
    env.register(&tg, json!([{ "Id": "10.0.0.140" }])).unwrap();
    env.wait(30);
    env.deregister(&tg, json!([{ "Id": "10.0.0.140" }]))
        .unwrap();
    env.register(&tg, json!([{ "Id": "10.0.0.140" }])).unwrap();
    let t = &env.elb.target_groups[&tg].targets[0];
    assert_eq!(t.state, TargetState::Initial);
    assert_eq!(t.draining_until, None);
}

// ── Listeners ─────────────────────────────────────────────────────────────

#[test]
fn listener_rules() {
    let mut env = Env::new();
    let public = env.public.clone();
    let lb = env.alb("web", "internet-facing", &public);
    let tg = env.tg("web", 3000);
    let forward = json!([{ "Type": "forward", "TargetGroupArn": tg }]);
    assert_err(
        env.create_listener(json!({ "LoadBalancerArn": lb, "Protocol": "TCP", "Port": 80, "DefaultActions": forward })),
        "ValidationError",
        "Listener protocol 'TCP' must be one of 'HTTPS, HTTP'",
    );
    assert_err(
        env.create_listener(
            json!({ "LoadBalancerArn": lb, "Port": 80, "DefaultActions": forward }),
        ),
        "ValidationError",
        "A listener protocol must be specified",
    );
    assert_err(
        env.create_listener(
            json!({ "LoadBalancerArn": lb, "Protocol": "HTTP", "DefaultActions": forward }),
        ),
        "ValidationError",
        "A listener port must be specified",
    );
    assert_err(
        env.create_listener(json!({ "LoadBalancerArn": lb, "Protocol": "HTTPS", "Port": 443, "DefaultActions": forward })),
        "InvalidConfigurationRequest",
        "You must provide a list containing exactly one certificate if the listener protocol is HTTPS.",
    );
    assert_err(
        env.create_listener(json!({ "LoadBalancerArn": lb, "Protocol": "HTTP", "Port": 80, "SslPolicy": "ELBSecurityPolicy-2016-08", "DefaultActions": forward })),
        "ValidationError",
        "An SSL policy cannot be specifed for HTTP listeners",
    );
    let https = env
        .create_listener(json!({
            "LoadBalancerArn": lb, "Protocol": "HTTPS", "Port": 443,
            "Certificates": [{ "CertificateArn": "arn:aws:acm:ap-northeast-1:123456789012:certificate/abc" }],
            "DefaultActions": forward
        }))
        .unwrap();
    assert_eq!(
        https["Listeners"][0]["SslPolicy"],
        "ELBSecurityPolicy-2016-08"
    );
    let out = env
        .create_listener(json!({ "LoadBalancerArn": lb, "Protocol": "HTTP", "Port": 80, "DefaultActions": forward }))
        .unwrap();
    let listener = &out["Listeners"][0];
    assert_eq!(
        listener["DefaultActions"],
        json!([{
            "Type": "forward",
            "TargetGroupArn": tg,
            "ForwardConfig": {
                "TargetGroups": [{ "TargetGroupArn": tg, "Weight": 1 }],
                "TargetGroupStickinessConfig": { "Enabled": false }
            }
        }])
    );
    assert!(str_of(listener, "ListenerArn").contains(":listener/app/web/"));
    assert_err(
        env.create_listener(json!({ "LoadBalancerArn": lb, "Protocol": "HTTP", "Port": 80, "DefaultActions": forward })),
        "DuplicateListener",
        &format!("A listener already exists on this port for this load balancer '{lb}'"),
    );
    assert_err(
        env.create_listener(json!({ "LoadBalancerArn": "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:loadbalancer/app/x/0", "Protocol": "HTTP", "Port": 80, "DefaultActions": forward })),
        "LoadBalancerNotFound",
        "One or more load balancers not found",
    );
    assert_err(
        env.create_listener(json!({ "LoadBalancerArn": lb, "Protocol": "HTTP", "Port": 81, "DefaultActions": [{ "Type": "forward", "TargetGroupArn": "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/nope/0" }] })),
        "TargetGroupNotFound",
        "One or more target groups not found",
    );
    assert_err(
        env.create_listener(
            json!({ "LoadBalancerArn": lb, "Protocol": "HTTP", "Port": 81, "DefaultActions": [] }),
        ),
        "ValidationError",
        "At least one action must be specified",
    );
    let (code, _) = message(env.create_listener(json!({ "LoadBalancerArn": lb, "Protocol": "HTTP", "Port": 81, "DefaultActions": [{ "Type": "drop" }] })));
    assert_eq!(code, "ValidationError");
    // Other actions.
    let fixed = env.create_listener(json!({
        "LoadBalancerArn": lb, "Protocol": "HTTP", "Port": 8080,
        "DefaultActions": [{ "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "404", "ContentType": "text/plain", "MessageBody": "nope" } }]
    }));
    assert!(fixed.is_ok());
    let (code, _) = message(env.create_listener(json!({
        "LoadBalancerArn": lb, "Protocol": "HTTP", "Port": 8081,
        "DefaultActions": [{ "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "302" } }]
    })));
    assert_eq!(code, "ValidationError");
    let redirect = env
        .create_listener(json!({
            "LoadBalancerArn": lb, "Protocol": "HTTP", "Port": 8082,
            "DefaultActions": [{ "Type": "redirect", "RedirectConfig": { "Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301" } }]
        }))
        .unwrap();
    assert_eq!(
        redirect["Listeners"][0]["DefaultActions"][0]["RedirectConfig"],
        json!({ "Protocol": "HTTPS", "Port": "443", "Host": "#{host}", "Path": "/#{path}", "Query": "#{query}", "StatusCode": "HTTP_301" })
    );
    let (code, _) = message(env.create_listener(json!({
        "LoadBalancerArn": lb, "Protocol": "HTTP", "Port": 8083,
        "DefaultActions": [{ "Type": "authenticate-oidc", "AuthenticateOidcConfig": {} , "Order": 1 }, { "Type": "forward", "TargetGroupArn": tg, "Order": 2 }]
    })));
    assert_eq!(code, "InvalidConfigurationRequest");
}

#[test]
fn protocols_vpcs_and_weights_of_forward_actions() {
    let mut env = Env::new();
    let public = env.public.clone();
    let lb = env.alb("web", "internet-facing", &public);
    let vpc = env.vpc.clone();
    let tcp = env
        .create_tg(json!({ "Name": "tcp", "Protocol": "TCP", "Port": 80, "VpcId": vpc, "TargetType": "ip" }))
        .unwrap();
    let tcp = str_of(&tcp["TargetGroups"][0], "TargetGroupArn");
    let (code, _) = message(env.create_listener(json!({
        "LoadBalancerArn": lb, "Protocol": "HTTP", "Port": 80,
        "DefaultActions": [{ "Type": "forward", "TargetGroupArn": tcp }]
    })));
    assert_eq!(code, "IncompatibleProtocols");
    let default_vpc = env
        .world
        .ec2
        .vpcs
        .values()
        .find(|v| v.is_default)
        .map(|v| v.id.clone())
        .unwrap();
    let elsewhere = env
        .create_tg(
            json!({ "Name": "elsewhere", "Protocol": "HTTP", "Port": 80, "VpcId": default_vpc }),
        )
        .unwrap();
    let elsewhere = str_of(&elsewhere["TargetGroups"][0], "TargetGroupArn");
    let (code, _) = message(env.create_listener(json!({
        "LoadBalancerArn": lb, "Protocol": "HTTP", "Port": 80,
        "DefaultActions": [{ "Type": "forward", "TargetGroupArn": elsewhere }]
    })));
    assert_eq!(code, "InvalidConfigurationRequest");
    let blue = env.tg("blue", 80);
    let green = env.tg("green", 80);
    let weighted = |b: i64, g: i64| {
        json!([{ "Type": "forward", "ForwardConfig": { "TargetGroups": [
            { "TargetGroupArn": blue, "Weight": b }, { "TargetGroupArn": green, "Weight": g }
        ] } }])
    };
    for (b, g) in [(1000, 0), (-1, 1)] {
        assert_err(
            env.create_listener(json!({ "LoadBalancerArn": lb, "Protocol": "HTTP", "Port": 80, "DefaultActions": weighted(b, g) })),
            "ValidationError",
            "The weight for each target group must be between 0 and 999, inclusive",
        );
    }
    let six: Vec<Value> = (0..6)
        .map(|i| json!({ "TargetGroupArn": if i % 2 == 0 { &blue } else { &green } }))
        .collect();
    let (code, _) = message(env.create_listener(json!({
        "LoadBalancerArn": lb, "Protocol": "HTTP", "Port": 80,
        "DefaultActions": [{ "Type": "forward", "ForwardConfig": { "TargetGroups": six } }]
    })));
    assert_eq!(code, "InvalidConfigurationRequest");
    let out = env
        .create_listener(json!({ "LoadBalancerArn": lb, "Protocol": "HTTP", "Port": 80, "DefaultActions": weighted(999, 0) }))
        .unwrap();
    let listener = str_of(&out["Listeners"][0], "ListenerArn");
    // Two target groups: no top-level TargetGroupArn.
    assert!(out["Listeners"][0]["DefaultActions"][0]
        .get("TargetGroupArn")
        .is_none());
    assert_eq!(
        env.elb.forward_weights(&listener, "/", "example.com"),
        vec![(blue.clone(), 999), (green.clone(), 0)]
    );
    // Shifting weights is a ModifyListener call.
    for (b, g) in [(90, 10), (0, 100)] {
        env.modify_listener(json!({ "ListenerArn": listener, "DefaultActions": weighted(b, g) }))
            .unwrap();
        assert_eq!(
            env.elb.forward_weights(&listener, "/", "example.com"),
            vec![(blue.clone(), b as u32), (green.clone(), g as u32)]
        );
    }
}

#[test]
fn a_target_group_belongs_to_one_load_balancer() {
    let mut env = Env::new();
    let public = env.public.clone();
    let private = env.private.clone();
    let external = env.alb("frontend", "internet-facing", &public);
    let internal = env.alb("backend", "internal", &private);
    let tg = env.tg("shared", 80);
    env.listener(&external, 80, &tg);
    // A second listener of the same load balancer may use it.
    env.listener(&external, 8080, &tg);
    assert_err(
        env.create_listener(json!({
            "LoadBalancerArn": internal, "Protocol": "HTTP", "Port": 80,
            "DefaultActions": [{ "Type": "forward", "TargetGroupArn": tg }]
        })),
        "TargetGroupAssociationLimit",
        &format!("The following target groups cannot be associated with more than one load balancer: {tg}"),
    );
    // Rules too.
    let other = env.tg("other", 80);
    let listener = env.listener(&internal, 80, &other);
    let (code, _) = message(env.create_rule(json!({
        "ListenerArn": listener, "Priority": 1,
        "Conditions": [{ "Field": "path-pattern", "Values": ["/api/*"] }],
        "Actions": [{ "Type": "forward", "TargetGroupArn": tg }]
    })));
    assert_eq!(code, "TargetGroupAssociationLimit");
    let described = env
        .elb
        .describe_target_groups(DescribeTargetGroupsInput {
            target_group_arns: vec![tg.clone()],
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        described["TargetGroups"][0]["LoadBalancerArns"],
        json!([external])
    );
}

#[test]
fn describe_listeners_and_modify_listener() {
    let mut env = Env::new();
    let public = env.public.clone();
    let lb = env.alb("web", "internet-facing", &public);
    let tg = env.tg("web", 80);
    let l8080 = env.listener(&lb, 8080, &tg);
    let l80 = env.listener(&lb, 80, &tg);
    let out = env
        .elb
        .describe_listeners(DescribeListenersInput {
            load_balancer_arn: Some(lb.clone()),
            ..Default::default()
        })
        .unwrap();
    let ports: Vec<i64> = out["Listeners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["Port"].as_i64().unwrap())
        .collect();
    assert_eq!(ports, vec![80, 8080]);
    assert_err(
        env.elb.describe_listeners(DescribeListenersInput {
            listener_arns: vec![format!("{l80}0")],
            ..Default::default()
        }),
        "ListenerNotFound",
        "One or more listeners not found",
    );
    let (code, _) = message(
        env.elb
            .describe_listeners(DescribeListenersInput::default()),
    );
    assert_eq!(code, "ValidationError");
    // Moving onto a taken port.
    assert_err(
        env.modify_listener(json!({ "ListenerArn": l8080, "Port": 80 })),
        "DuplicateListener",
        &format!("A listener already exists on this port for this load balancer '{lb}'"),
    );
    let out = env
        .modify_listener(json!({ "ListenerArn": l8080, "Port": 81 }))
        .unwrap();
    assert_eq!(out["Listeners"][0]["Port"], 81);
    // HTTP → HTTPS needs a certificate; HTTPS → HTTP drops TLS settings.
    let (code, _) =
        message(env.modify_listener(json!({ "ListenerArn": l8080, "Protocol": "HTTPS" })));
    assert_eq!(code, "InvalidConfigurationRequest");
    env.modify_listener(json!({
        "ListenerArn": l8080, "Protocol": "HTTPS",
        "Certificates": [{ "CertificateArn": "arn:aws:acm:ap-northeast-1:123456789012:certificate/abc" }]
    }))
    .unwrap();
    let out = env
        .modify_listener(json!({ "ListenerArn": l8080, "Protocol": "HTTP" }))
        .unwrap();
    assert!(out["Listeners"][0].get("SslPolicy").is_none());
    assert!(out["Listeners"][0].get("Certificates").is_none());
}

// ── Rules ─────────────────────────────────────────────────────────────────

#[test]
fn rules_priorities_and_routing() {
    let mut env = Env::new();
    let (lb, web, listener) = env.frontend();
    let api = env.tg("api", 8080);
    let admin = env.tg("admin", 8081);
    let rule = |p: i64, conditions: Value, tg: &str| {
        json!({ "ListenerArn": listener, "Priority": p, "Conditions": conditions,
                "Actions": [{ "Type": "forward", "TargetGroupArn": tg }] })
    };
    for p in [0, 50001] {
        let (code, _) = message(env.create_rule(rule(
            p,
            json!([{ "Field": "path-pattern", "Values": ["/api/*"] }]),
            &api,
        )));
        assert_eq!(code, "ValidationError", "priority {p}");
    }
    let out = env
        .create_rule(rule(
            10,
            json!([{ "Field": "path-pattern", "Values": ["/api/*"] }]),
            &api,
        ))
        .unwrap();
    let api_rule = str_of(&out["Rules"][0], "RuleArn");
    assert_eq!(out["Rules"][0]["Priority"], "10");
    assert_eq!(out["Rules"][0]["IsDefault"], false);
    assert_eq!(
        out["Rules"][0]["Conditions"],
        json!([{ "Field": "path-pattern", "Values": ["/api/*"], "PathPatternConfig": { "Values": ["/api/*"] } }])
    );
    assert_err(
        env.create_rule(rule(
            10,
            json!([{ "Field": "path-pattern", "Values": ["/x"] }]),
            &api,
        )),
        "PriorityInUse",
        "Priority '10' is currently in use",
    );
    // Lower priority number wins: admin.example.com/api/* goes to admin.
    env.create_rule(rule(
        5,
        json!([{ "Field": "host-header", "HostHeaderConfig": { "Values": ["admin.*"] } }]),
        &admin,
    ))
    .unwrap();
    let route = |env: &Env, path: &str, host: &str| env.elb.forward_weights(&listener, path, host);
    assert_eq!(
        route(&env, "/api/users", "www.example.com"),
        vec![(api.clone(), 1)]
    );
    assert_eq!(
        route(&env, "/api/users", "ADMIN.example.com:80"),
        vec![(admin.clone(), 1)]
    );
    assert_eq!(route(&env, "/", "www.example.com"), vec![(web.clone(), 1)]);
    assert_eq!(
        route(&env, "/apix", "www.example.com"),
        vec![(web.clone(), 1)]
    );
    // Both conditions of one rule must match.
    env.create_rule(rule(
        1,
        json!([
            { "Field": "path-pattern", "Values": ["/both"] },
            { "Field": "host-header", "Values": ["both.example.com"] }
        ]),
        &web,
    ))
    .unwrap();
    assert_eq!(
        route(&env, "/both", "www.example.com"),
        vec![(web.clone(), 1)]
    );

    // DescribeRules: by priority, default last.
    let out = env
        .elb
        .describe_rules(DescribeRulesInput {
            listener_arn: Some(listener.clone()),
            ..Default::default()
        })
        .unwrap();
    let rules = out["Rules"].as_array().unwrap();
    let priorities: Vec<&str> = rules
        .iter()
        .map(|r| r["Priority"].as_str().unwrap())
        .collect();
    assert_eq!(priorities, vec!["1", "5", "10", "default"]);
    let default = rules.last().unwrap();
    assert_eq!(default["IsDefault"], true);
    assert_eq!(default["Conditions"], json!([]));
    let default_arn = str_of(default, "RuleArn");
    assert!(default_arn.contains(":listener-rule/app/frontend/"));
    assert_err(
        env.call(|elb, ctx| elb.delete_rule(ctx, DeleteRuleInput { rule_arn: default_arn.clone() })),
        "OperationNotPermitted",
        &format!("The default rule '{default_arn}' cannot be deleted; use ModifyListener to change the default actions"),
    );
    let by_arn = env
        .elb
        .describe_rules(DescribeRulesInput {
            rule_arns: vec![api_rule.clone(), default_arn.clone()],
            ..Default::default()
        })
        .unwrap();
    assert_eq!(by_arn["Rules"].as_array().unwrap().len(), 2);
    assert_err(
        env.elb.describe_rules(DescribeRulesInput {
            rule_arns: vec![format!("{api_rule}0")],
            ..Default::default()
        }),
        "RuleNotFound",
        "One or more rules not found",
    );
    let (code, _) = message(env.elb.describe_rules(DescribeRulesInput::default()));
    assert_eq!(code, "ValidationError");

    // ModifyRule changes the path; DeleteRule removes it.
    let input: ModifyRuleInput = serde_json::from_value(json!({
        "RuleArn": api_rule, "Conditions": [{ "Field": "path-pattern", "Values": ["/v2/*"] }]
    }))
    .unwrap();
    env.call(|elb, ctx| elb.modify_rule(ctx, input)).unwrap();
    assert_eq!(
        route(&env, "/api/users", "www.example.com"),
        vec![(web.clone(), 1)]
    );
    assert_eq!(
        route(&env, "/v2/users", "www.example.com"),
        vec![(api.clone(), 1)]
    );
    let input = ModifyRuleInput {
        rule_arn: api_rule.clone(),
        ..Default::default()
    };
    assert_err(
        env.call(|elb, ctx| elb.modify_rule(ctx, input)),
        "ValidationError",
        "Either conditions or actions must be specified",
    );
    env.call(|elb, ctx| {
        elb.delete_rule(
            ctx,
            DeleteRuleInput {
                rule_arn: api_rule.clone(),
            },
        )
    })
    .unwrap();
    assert_eq!(
        route(&env, "/v2/users", "www.example.com"),
        vec![(web.clone(), 1)]
    );
    assert_err(
        env.call(|elb, ctx| elb.delete_rule(ctx, DeleteRuleInput { rule_arn: api_rule })),
        "RuleNotFound",
        "One or more rules not found",
    );
    assert!(!lb.is_empty());
}

#[test]
fn rule_condition_rules() {
    let mut env = Env::new();
    let (_, web, listener) = env.frontend();
    let rule = |conditions: Value| {
        json!({ "ListenerArn": listener, "Priority": 7, "Conditions": conditions,
                "Actions": [{ "Type": "forward", "TargetGroupArn": web }] })
    };
    let cases = [
        (json!([]), "At least one condition must be specified"),
        (json!([{ "Field": "cookie", "Values": ["a"] }]), "Condition field 'cookie' must be one of '[path-pattern,host-header,http-header,http-request-method,query-string,source-ip]'"),
        (json!([{ "Field": "path-pattern", "Values": ["/a", "/b"] }]), "The 'path-pattern' field contains too many values; the limit is '1'"),
        (json!([{ "Field": "path-pattern" }]), "A condition value must be specified"),
        (json!([{ "Field": "path-pattern", "Values": ["/a"], "PathPatternConfig": { "Values": ["/b"] } }]), "You cannot provide both Values and 'PathPatternConfig' for a condition of type 'path-pattern'"),
        (json!([{ "Field": "host-header", "Values": ["a".repeat(129)] }]), "The 'host-header' value is too long; the limit is '128'"),
        (json!([{ "Field": "source-ip", "Values": ["10.0.0.0/8"] }]), "The 'Values' field is not compatible with 'source-ip'"),
        (json!([{ "Field": "http-header" }]), "A 'HttpHeaderConfig' must be specified with 'http-header'"),
        (json!([{ "Field": "path-pattern", "Values": ["/a"] }, { "Field": "path-pattern", "Values": ["/b"] }]), "A rule can include at most one 'path-pattern' condition"),
    ];
    for (conditions, text) in cases {
        let (code, m) = message(env.create_rule(rule(conditions.clone())));
        assert_eq!(
            (code.as_str(), m.as_str()),
            ("ValidationError", text),
            "{conditions}"
        );
    }
    let (code, _) = message(env.create_rule(rule(json!([{ "Field": "path-pattern", "PathPatternConfig": { "Values": ["/1", "/2", "/3", "/4", "/5", "/6"] } }]))));
    assert_eq!(code, "InvalidConfigurationRequest");
    // Multiple values through the config form, and stored-only conditions.
    let out = env
        .create_rule(rule(json!([
            { "Field": "path-pattern", "PathPatternConfig": { "Values": ["/a/*", "/b/*"] } },
            { "Field": "source-ip", "SourceIpConfig": { "Values": ["10.0.0.0/8"] } }
        ])))
        .unwrap();
    assert_eq!(
        out["Rules"][0]["Conditions"][1]["SourceIpConfig"]["Values"][0],
        "10.0.0.0/8"
    );
}

#[test]
fn rules_need_an_application_load_balancer() {
    let mut env = Env::new();
    let one = vec![env.private[0].clone()];
    let nlb = env
        .create_lb(
            json!({ "Name": "nlb", "Type": "network", "Scheme": "internal", "Subnets": one }),
        )
        .unwrap();
    let nlb = str_of(&nlb["LoadBalancers"][0], "LoadBalancerArn");
    let vpc = env.vpc.clone();
    let tg = env
        .create_tg(json!({ "Name": "tcp", "Protocol": "TCP", "Port": 80, "VpcId": vpc, "TargetType": "ip" }))
        .unwrap();
    let tg = str_of(&tg["TargetGroups"][0], "TargetGroupArn");
    assert_err(
        env.create_listener(json!({ "LoadBalancerArn": nlb, "Protocol": "HTTP", "Port": 80, "DefaultActions": [{ "Type": "forward", "TargetGroupArn": tg }] })),
        "ValidationError",
        "Listener protocol 'HTTP' must be one of 'TCP, TLS, UDP, TCP_UDP'",
    );
    let out = env
        .create_listener(json!({ "LoadBalancerArn": nlb, "Protocol": "TCP", "Port": 80, "DefaultActions": [{ "Type": "forward", "TargetGroupArn": tg }] }))
        .unwrap();
    let listener = str_of(&out["Listeners"][0], "ListenerArn");
    assert!(listener.contains(":listener/net/nlb/"));
    let (code, _) = message(env.create_rule(json!({
        "ListenerArn": listener, "Priority": 1,
        "Conditions": [{ "Field": "path-pattern", "Values": ["/"] }],
        "Actions": [{ "Type": "forward", "TargetGroupArn": tg }]
    })));
    assert_eq!(code, "InvalidConfigurationRequest");
    let (code, _) = message(env.create_listener(json!({
        "LoadBalancerArn": nlb, "Protocol": "TCP", "Port": 81,
        "DefaultActions": [{ "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "200" } }]
    })));
    assert_eq!(code, "InvalidConfigurationRequest");
}

// ── Deletion and association ──────────────────────────────────────────────

#[test]
fn describe_target_groups_and_deletion_rules() {
    let mut env = Env::new();
    let (lb, web, listener) = env.frontend();
    let api = env.tg("api", 8080);
    let idle = env.tg("idle", 80);
    let out = env
        .create_rule(json!({
            "ListenerArn": listener, "Priority": 1,
            "Conditions": [{ "Field": "path-pattern", "Values": ["/api/*"] }],
            "Actions": [{ "Type": "forward", "TargetGroupArn": api }]
        }))
        .unwrap();
    let rule = str_of(&out["Rules"][0], "RuleArn");
    let lbs = |env: &Env, tg: &str| -> Value {
        env.elb
            .describe_target_groups(DescribeTargetGroupsInput {
                target_group_arns: vec![tg.to_string()],
                ..Default::default()
            })
            .unwrap()["TargetGroups"][0]["LoadBalancerArns"]
            .clone()
    };
    assert_eq!(lbs(&env, &web), json!([lb]));
    assert_eq!(lbs(&env, &api), json!([lb]), "a rule associates too");
    assert_eq!(lbs(&env, &idle), json!([]));
    let of_lb = env
        .elb
        .describe_target_groups(DescribeTargetGroupsInput {
            load_balancer_arn: Some(lb.clone()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(of_lb["TargetGroups"].as_array().unwrap().len(), 2);
    let by_name = env
        .elb
        .describe_target_groups(DescribeTargetGroupsInput {
            names: vec!["idle".into()],
            ..Default::default()
        })
        .unwrap();
    assert_eq!(by_name["TargetGroups"][0]["TargetGroupArn"], json!(idle));
    assert_err(
        env.elb.describe_target_groups(DescribeTargetGroupsInput {
            names: vec!["nope".into()],
            ..Default::default()
        }),
        "TargetGroupNotFound",
        "One or more target groups not found",
    );
    assert_err(
        env.elb.describe_target_groups(DescribeTargetGroupsInput {
            names: vec!["idle".into()],
            load_balancer_arn: Some(lb.clone()),
            ..Default::default()
        }),
        "ValidationError",
        "Target group names, target group ARNs, and a load balancer ARN cannot be specified at the same time",
    );

    // In use by a listener or a rule: not deletable.
    for tg in [&web, &api] {
        assert_err(
            env.delete_tg(DeleteTargetGroupInput {
                target_group_arn: tg.clone(),
            }),
            "ResourceInUse",
            &format!("Target group '{tg}' is currently in use by a listener or a rule"),
        );
    }
    env.delete_tg(DeleteTargetGroupInput {
        target_group_arn: idle.clone(),
    })
    .unwrap();
    // Deleting again (or an unknown group) succeeds quietly.
    assert_eq!(
        env.delete_tg(DeleteTargetGroupInput {
            target_group_arn: idle
        })
        .unwrap(),
        json!({})
    );
    env.call(|elb, ctx| elb.delete_rule(ctx, DeleteRuleInput { rule_arn: rule }))
        .unwrap();
    env.delete_tg(DeleteTargetGroupInput {
        target_group_arn: api,
    })
    .unwrap();
    // Deleting the listener frees the default action's group and its targets go unused.
    env.register(&web, json!([{ "Id": "10.0.0.140" }])).unwrap();
    env.wait(30);
    assert_eq!(
        env.state_of(&web, &TargetId::new("10.0.0.140", 3000)),
        TargetState::Healthy
    );
    env.call(|elb, ctx| {
        elb.delete_listener(
            ctx,
            DeleteListenerInput {
                listener_arn: listener.clone(),
            },
        )
    })
    .unwrap();
    assert_eq!(
        env.state_of(&web, &TargetId::new("10.0.0.140", 3000)),
        TargetState::Unused
    );
    assert!(!env.elb.target_group_in_use(&web));
    assert_err(
        env.call(|elb, ctx| {
            elb.delete_listener(
                ctx,
                DeleteListenerInput {
                    listener_arn: listener,
                },
            )
        }),
        "ListenerNotFound",
        "One or more listeners not found",
    );
    env.delete_tg(DeleteTargetGroupInput {
        target_group_arn: web,
    })
    .unwrap();
}

#[test]
fn deleting_a_load_balancer_deletes_its_listeners_and_rules() {
    let mut env = Env::new();
    let (lb, web, listener) = env.frontend();
    let api = env.tg("api", 8080);
    env.create_rule(json!({
        "ListenerArn": listener, "Priority": 1,
        "Conditions": [{ "Field": "path-pattern", "Values": ["/api/*"] }],
        "Actions": [{ "Type": "forward", "TargetGroupArn": api }]
    }))
    .unwrap();
    env.call(|elb, ctx| {
        elb.delete_load_balancer(
            ctx,
            DeleteLoadBalancerInput {
                load_balancer_arn: lb,
            },
        )
    })
    .unwrap();
    assert!(env.elb.listeners.is_empty());
    assert!(env.elb.rules.is_empty());
    assert!(env.elb.load_balancers_of(&web).is_empty());
    // Now another load balancer may use the group.
    let private = env.private.clone();
    let internal = env.alb("backend", "internal", &private);
    env.listener(&internal, 80, &web);
}

#[test]
fn the_study_note_003_architecture() {
    // External ALB in public subnets → frontend tasks on 3000; internal ALB in
    // private subnets → backend tasks on 8080; target groups of type ip.
    let mut env = Env::new();
    let public = env.public.clone();
    let private = env.private.clone();
    let external = env.alb("fe-alb", "internet-facing", &public);
    let internal = env.alb("be-alb", "internal", &private);
    let fe = env.tg("FE-fargate-tasks", 3000);
    let be = env.tg("BE-fargate-tasks", 8080);
    let fe_listener = env.listener(&external, 80, &fe);
    let be_listener = env.listener(&internal, 80, &be);
    env.register(&fe, json!([{ "Id": "10.0.0.140" }, { "Id": "10.0.0.200" }]))
        .unwrap();
    env.register(&be, json!([{ "Id": "10.0.0.141" }, { "Id": "10.0.0.201" }]))
        .unwrap();
    env.wait(PROVISIONING_SECONDS + 30);
    for tg in [&fe, &be] {
        assert!(env.elb.target_groups[tg]
            .targets
            .iter()
            .all(|t| t.state == TargetState::Healthy));
    }
    assert_eq!(
        env.elb.forward_weights(&fe_listener, "/", "x"),
        vec![(fe.clone(), 1)]
    );
    assert_eq!(
        env.elb.forward_weights(&be_listener, "/api", "x"),
        vec![(be.clone(), 1)]
    );
    // Four node interfaces, one per subnet.
    let lb_enis = env
        .world
        .ec2
        .network_interfaces
        .values()
        .filter(|e| matches!(e.owner, InterfaceOwner::LoadBalancer(_)))
        .count();
    assert_eq!(lb_enis, 4);
    // The world survives a save and load with ELB state next to it.
    let saved = serde_json::to_string(&env.elb).unwrap();
    let loaded: Elbv2 = serde_json::from_str(&saved).unwrap();
    assert_eq!(loaded, env.elb);
}

#[test]
fn error_codes_are_elbv2_codes() {
    let cases: Vec<(ElbError, &str)> = vec![
        (ElbError::TwoSubnetsRequired, "ValidationError"),
        (ElbError::SameZoneSubnets, "InvalidConfigurationRequest"),
        (ElbError::NotEnoughIpSpace("s".into()), "InvalidSubnet"),
        (ElbError::NoInternetGateway("v".into()), "InvalidSubnet"),
        (ElbError::SubnetNotFound("s".into()), "SubnetNotFound"),
        (
            ElbError::SecurityGroupNotFound("g".into()),
            "InvalidSecurityGroup",
        ),
        (
            ElbError::DuplicateLoadBalancerName,
            "DuplicateLoadBalancerName",
        ),
        (
            ElbError::DuplicateTargetGroupName,
            "DuplicateTargetGroupName",
        ),
        (ElbError::DuplicateListener("l".into()), "DuplicateListener"),
        (ElbError::PriorityInUse(1), "PriorityInUse"),
        (ElbError::LoadBalancerNotFound, "LoadBalancerNotFound"),
        (ElbError::TargetGroupNotFound, "TargetGroupNotFound"),
        (ElbError::ListenerNotFound, "ListenerNotFound"),
        (ElbError::RuleNotFound, "RuleNotFound"),
        (ElbError::InvalidTarget, "InvalidTarget"),
        (ElbError::TargetGroupInUse("t".into()), "ResourceInUse"),
        (
            ElbError::TargetGroupAssociationLimit("t".into()),
            "TargetGroupAssociationLimit",
        ),
        (ElbError::TooManyTargets, "TooManyTargets"),
    ];
    for (err, code) in cases {
        assert_eq!(err.code(), code, "{err}");
    }
}

// ── Never panics ──────────────────────────────────────────────────────────

/// A deterministic generator of plausible and implausible parameters.
struct Gen {
    rng: crate::ids::Rng,
    arns: Vec<String>,
    names: Vec<String>,
}

impl Gen {
    fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str {
        items[self.rng.below(items.len() as u64) as usize]
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.rng.below(100) < percent
    }

    fn int(&mut self) -> Value {
        let edges = [
            -1i64,
            0,
            1,
            2,
            5,
            6,
            29,
            30,
            80,
            120,
            300,
            301,
            999,
            1000,
            3600,
            50000,
            65535,
            65536,
            i64::MAX,
        ];
        json!(edges[self.rng.below(edges.len() as u64) as usize])
    }

    fn string(&mut self) -> Value {
        if !self.arns.is_empty() && self.chance(50) {
            let i = self.rng.below(self.arns.len() as u64) as usize;
            return json!(self.arns[i]);
        }
        if !self.names.is_empty() && self.chance(30) {
            let i = self.rng.below(self.names.len() as u64) as usize;
            return json!(self.names[i]);
        }
        let words = [
            "",
            "web",
            "-x-",
            "internal-a",
            "HTTP",
            "HTTPS",
            "TCP",
            "UDP",
            "ip",
            "instance",
            "forward",
            "redirect",
            "fixed-response",
            "path-pattern",
            "host-header",
            "source-ip",
            "/api/*",
            "*",
            "?",
            "10.0.0.140",
            "10.0.0.200",
            "8.8.8.8",
            "all",
            "i-0123456789abcdef0",
            "traffic-port",
            "200-299",
            "deregistration_delay.timeout_seconds",
            "slow_start.duration_seconds",
            "stickiness.type",
            "internet-facing",
            "internal",
            "network",
            "application",
            "ap-northeast-1a",
            "é",
            "a/b",
        ];
        json!(self.pick(&words))
    }

    fn value(&mut self, depth: u32) -> Value {
        match self.rng.below(if depth > 2 { 4 } else { 7 }) {
            0 => self.int(),
            1 | 2 => self.string(),
            3 => json!(self.chance(50)),
            4 => Value::Array(
                (0..self.rng.below(3))
                    .map(|_| self.value(depth + 1))
                    .collect(),
            ),
            _ => {
                let keys = [
                    "Type",
                    "TargetGroupArn",
                    "ForwardConfig",
                    "TargetGroups",
                    "Weight",
                    "Field",
                    "Values",
                    "PathPatternConfig",
                    "HostHeaderConfig",
                    "Id",
                    "Port",
                    "AvailabilityZone",
                    "Key",
                    "Value",
                    "StatusCode",
                    "RedirectConfig",
                    "FixedResponseConfig",
                    "Order",
                    "SubnetId",
                    "HttpCode",
                ];
                let mut map = serde_json::Map::new();
                for _ in 0..self.rng.below(4) {
                    let k = self.pick(&keys).to_string();
                    map.insert(k, self.value(depth + 1));
                }
                Value::Object(map)
            }
        }
    }

    /// A known EC2 id with this prefix, or anything.
    fn named(&mut self, prefix: &str) -> Value {
        let matching: Vec<String> = self
            .names
            .iter()
            .filter(|n| n.starts_with(prefix))
            .cloned()
            .collect();
        if matching.is_empty() || self.chance(10) {
            return self.string();
        }
        let i = self.rng.below(matching.len() as u64) as usize;
        json!(matching[i])
    }

    /// A known ARN whose resource part starts with `kind`, or anything.
    fn arn(&mut self, kind: &str) -> Value {
        let matching: Vec<String> = self
            .arns
            .iter()
            .filter(|a| a.split(':').nth(5).is_some_and(|r| r.starts_with(kind)))
            .cloned()
            .collect();
        if matching.is_empty() || self.chance(10) {
            return self.string();
        }
        let i = self.rng.below(matching.len() as u64) as usize;
        json!(matching[i])
    }

    /// A value for one member: usually plausible for its name, sometimes noise.
    fn member(&mut self, member: &crate::spec::Member) -> Value {
        use crate::spec::Ty;
        if self.chance(15) {
            return match member.ty {
                Ty::Int => self.int(),
                Ty::Bool => json!(self.chance(50)),
                Ty::Str => self.string(),
                Ty::List(Ty::Str) => {
                    Value::Array((0..self.rng.below(3)).map(|_| self.string()).collect())
                }
                _ => self.value(0),
            };
        }
        let ip = |g: &mut Gen| {
            let hosts = [
                "10.0.0.140",
                "10.0.0.141",
                "10.0.0.200",
                "10.0.0.201",
                "10.0.0.10",
                "10.9.0.1",
            ];
            json!(g.pick(&hosts))
        };
        match member.name {
            "Name" => json!(format!("n{}", self.rng.below(6))),
            "Names" => json!([format!("n{}", self.rng.below(6))]),
            "Subnets" => {
                let n = self.rng.below(3) + 1;
                Value::Array((0..n).map(|_| self.named("subnet-")).collect())
            }
            "VpcId" => self.named("vpc-"),
            "SecurityGroups" => Value::Array(vec![self.named("sg-")]),
            "Scheme" => json!(self.pick(&["internal", "internet-facing"])),
            "Type" => json!(self.pick(&["application", "application", "network"])),
            "Protocol" => json!(self.pick(&["HTTP", "HTTP", "HTTPS", "TCP"])),
            "Port" => json!(self
                .pick(&["80", "3000", "8080", "443"])
                .parse::<i64>()
                .unwrap_or(80)),
            "TargetType" => json!("ip"),
            "LoadBalancerArn" => self.arn("loadbalancer"),
            "LoadBalancerArns" => Value::Array(vec![self.arn("loadbalancer")]),
            "TargetGroupArn" => self.arn("targetgroup"),
            "TargetGroupArns" => Value::Array(vec![self.arn("targetgroup")]),
            "ListenerArn" => self.arn("listener/"),
            "ListenerArns" => Value::Array(vec![self.arn("listener/")]),
            "RuleArn" => self.arn("listener-rule"),
            "RuleArns" => Value::Array(vec![self.arn("listener-rule")]),
            "Priority" => json!(self.rng.below(12) as i64),
            "HealthCheckIntervalSeconds" => json!([5, 10, 30, 300][self.rng.below(4) as usize]),
            "HealthCheckTimeoutSeconds" => json!([2, 5, 6, 30][self.rng.below(4) as usize]),
            "HealthyThresholdCount" | "UnhealthyThresholdCount" => json!(self.rng.below(12)),
            "Matcher" => json!({ "HttpCode": self.pick(&["200", "200-299", "500", ""]) }),
            "HealthCheckPath" => json!(self.pick(&["/", "/health", "health"])),
            "HealthCheckPort" => json!(self.pick(&["traffic-port", "8080", "0"])),
            "HealthCheckProtocol" => json!(self.pick(&["HTTP", "HTTPS", "TCP"])),
            "HealthCheckEnabled" => json!(self.chance(90)),
            "DefaultActions" | "Actions" => {
                let groups: Vec<Value> = (0..self.rng.below(3) + 1)
                    .map(|_| json!({ "TargetGroupArn": self.arn("targetgroup"), "Weight": self.rng.below(1001) }))
                    .collect();
                match self.rng.below(4) {
                    0 => {
                        json!([{ "Type": "forward", "ForwardConfig": { "TargetGroups": groups } }])
                    }
                    1 => {
                        json!([{ "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": self.pick(&["200", "404", "503", "302"]) } }])
                    }
                    _ => json!([{ "Type": "forward", "TargetGroupArn": self.arn("targetgroup") }]),
                }
            }
            "Conditions" => {
                let field = self.pick(&["path-pattern", "host-header", "source-ip"]);
                json!([{ "Field": field, "Values": [self.pick(&["/api/*", "*.example.com", "/"])] }])
            }
            "Targets" => Value::Array(
                (0..self.rng.below(3) + 1)
                    .map(|_| {
                        let mut t = json!({ "Id": ip(self) });
                        if self.chance(50) {
                            t["Port"] = json!(32768 + self.rng.below(3) as i64);
                        }
                        if self.chance(10) {
                            t["AvailabilityZone"] = json!("all");
                        }
                        t
                    })
                    .collect(),
            ),
            "Attributes" => {
                let keys = [
                    "deregistration_delay.timeout_seconds",
                    "slow_start.duration_seconds",
                    "stickiness.enabled",
                    "stickiness.type",
                    "load_balancing.algorithm.type",
                ];
                let values = [
                    "0",
                    "30",
                    "300",
                    "3601",
                    "true",
                    "lb_cookie",
                    "source_ip",
                    "round_robin",
                ];
                json!([{ "Key": self.pick(&keys), "Value": self.pick(&values) }])
            }
            "Tags" | "SubnetMappings" | "Certificates" => match member.ty {
                Ty::List(Ty::Str) => Value::Array(vec![self.string()]),
                _ => json!([]),
            },
            _ => match member.ty {
                Ty::Int => self.int(),
                Ty::Bool => json!(self.chance(50)),
                Ty::Str => self.string(),
                Ty::List(Ty::Str) => Value::Array(vec![self.string()]),
                _ => self.value(0),
            },
        }
    }

    fn params(&mut self, members: &[crate::spec::Member]) -> Value {
        let mut map = serde_json::Map::new();
        for member in members {
            let wanted = match member.name {
                "Marker"
                | "PageSize"
                | "IpAddressType"
                | "CustomerOwnedIpv4Pool"
                | "EnablePrefixForIpv6SourceNat"
                | "IpamPools"
                | "Transforms"
                | "MutualAuthentication"
                | "TargetControlPort"
                | "ProtocolVersion"
                | "Include"
                | "SslPolicy"
                | "Certificates"
                | "AlpnPolicy"
                | "SubnetMappings" => self.chance(5),
                "Protocol" | "Port" | "VpcId" | "TargetType" | "Subnets" | "Scheme" => {
                    self.chance(90)
                }
                n if n.starts_with("HealthCheck") || n.ends_with("ThresholdCount") => {
                    self.chance(20)
                }
                _ => member.required || self.chance(50),
            };
            if wanted {
                let v = self.member(member);
                map.insert(member.name.to_string(), v);
            }
        }
        Value::Object(map)
    }
}

fn dispatch(env: &mut Env, op: &str, params: Value) -> Option<Result<Value, ElbError>> {
    macro_rules! call {
        ($input:ty, $f:expr) => {{
            let input: $input = serde_json::from_value(params).ok()?;
            Some(env.call(|elb, ctx| $f(elb, ctx, input)))
        }};
    }
    match op {
        "CreateLoadBalancer" => call!(
            CreateLoadBalancerInput,
            |e: &mut Elbv2, c: &mut ElbCtx, i| e.create_load_balancer(c, i)
        ),
        "DescribeLoadBalancers" => call!(
            DescribeLoadBalancersInput,
            |e: &mut Elbv2, c: &mut ElbCtx, i| e.describe_load_balancers(c.env.region, i)
        ),
        "DeleteLoadBalancer" => call!(
            DeleteLoadBalancerInput,
            |e: &mut Elbv2, c: &mut ElbCtx, i| e.delete_load_balancer(c, i)
        ),
        "SetSecurityGroups" => call!(
            SetSecurityGroupsInput,
            |e: &mut Elbv2, c: &mut ElbCtx, i| e.set_security_groups(c, i)
        ),
        "CreateTargetGroup" => call!(
            CreateTargetGroupInput,
            |e: &mut Elbv2, c: &mut ElbCtx, i| e.create_target_group(c, i)
        ),
        "DescribeTargetGroups" => call!(
            DescribeTargetGroupsInput,
            |e: &mut Elbv2, _c: &mut ElbCtx, i| e.describe_target_groups(i)
        ),
        "ModifyTargetGroup" => call!(
            ModifyTargetGroupInput,
            |e: &mut Elbv2, c: &mut ElbCtx, i| e.modify_target_group(c, i)
        ),
        "DeleteTargetGroup" => call!(
            DeleteTargetGroupInput,
            |e: &mut Elbv2, c: &mut ElbCtx, i| e.delete_target_group(c, i)
        ),
        "DescribeTargetGroupAttributes" => call!(
            DescribeTargetGroupAttributesInput,
            |e: &mut Elbv2, _c: &mut ElbCtx, i| e.describe_target_group_attributes(i)
        ),
        "ModifyTargetGroupAttributes" => call!(
            ModifyTargetGroupAttributesInput,
            |e: &mut Elbv2, c: &mut ElbCtx, i| e.modify_target_group_attributes(c, i)
        ),
        "RegisterTargets" => call!(RegisterTargetsInput, |e: &mut Elbv2, c: &mut ElbCtx, i| e
            .register_targets(c, i)),
        "DeregisterTargets" => call!(
            DeregisterTargetsInput,
            |e: &mut Elbv2, c: &mut ElbCtx, i| e.deregister_targets(c, i)
        ),
        "DescribeTargetHealth" => call!(
            DescribeTargetHealthInput,
            |e: &mut Elbv2, _c: &mut ElbCtx, i| e.describe_target_health(i)
        ),
        "CreateListener" => call!(CreateListenerInput, |e: &mut Elbv2, c: &mut ElbCtx, i| e
            .create_listener(c, i)),
        "DescribeListeners" => call!(
            DescribeListenersInput,
            |e: &mut Elbv2, _c: &mut ElbCtx, i| e.describe_listeners(i)
        ),
        "ModifyListener" => call!(ModifyListenerInput, |e: &mut Elbv2, c: &mut ElbCtx, i| e
            .modify_listener(c, i)),
        "DeleteListener" => call!(DeleteListenerInput, |e: &mut Elbv2, c: &mut ElbCtx, i| e
            .delete_listener(c, i)),
        "CreateRule" => call!(CreateRuleInput, |e: &mut Elbv2, c: &mut ElbCtx, i| e
            .create_rule(c, i)),
        "DescribeRules" => call!(DescribeRulesInput, |e: &mut Elbv2, _c: &mut ElbCtx, i| e
            .describe_rules(i)),
        "ModifyRule" => call!(ModifyRuleInput, |e: &mut Elbv2, c: &mut ElbCtx, i| e
            .modify_rule(c, i)),
        "DeleteRule" => call!(DeleteRuleInput, |e: &mut Elbv2, c: &mut ElbCtx, i| e
            .delete_rule(c, i)),
        other => panic!("{other} is in the spec but not dispatched"),
    }
}

#[test]
fn never_panics_over_generated_calls() {
    for seed in [35, 36, 37] {
        fuzz(seed, 3000);
    }
}

/// `steps` generated calls (and clock moves with random probe results)
/// against the study note's network; every rejected call leaves the state
/// exactly as it was, and the invariants hold after every step.
fn fuzz(seed: u64, steps: u64) {
    let mut env = Env::new();
    let (lb, tg, listener) = env.frontend();
    let mut gen = Gen {
        rng: crate::ids::Rng::from_seed(seed),
        arns: vec![lb, tg, listener],
        names: env.public.iter().chain(&env.private).cloned().collect(),
    };
    gen.names.push(env.default_sg.clone());
    gen.names.push(env.vpc.clone());
    let mut accepted = 0;
    for step in 0..steps {
        let i = gen.rng.below(ELBV2_OPERATIONS.len() as u64) as usize;
        let op = &ELBV2_OPERATIONS[i];
        // Deletions are rarer, so that there is something to work on.
        if op.name.starts_with("Delete") && gen.chance(80) {
            continue;
        }
        let params = gen.params(op.members);
        let (elb_before, ec2_before) = (env.elb.clone(), env.world.ec2.clone());
        match dispatch(&mut env, op.name, params) {
            Some(Ok(out)) => {
                accepted += 1;
                // New ARNs feed later calls.
                let text = out.to_string();
                for part in text
                    .split('"')
                    .filter(|p| p.starts_with("arn:aws:elasticloadbalancing"))
                {
                    if !gen.arns.iter().any(|a| a == part) {
                        gen.arns.push(part.to_string());
                    }
                }
            }
            Some(Err(_)) => {
                // Handlers validate before they mutate.
                assert_eq!(
                    env.elb, elb_before,
                    "step {step}: {} changed state and failed",
                    op.name
                );
                assert_eq!(env.world.ec2, ec2_before, "step {step}: {}", op.name);
            }
            None => {}
        }
        if step % 50 == 0 {
            let until = env.now().plus(Duration(gen.rng.below(400)));
            let mut flip = crate::ids::Rng::from_seed(step);
            env.run_until(until, |_, _| {
                (flip.below(3) == 0).then_some(CheckFailure::Timeout)
            });
        }
        // Every load balancer holds exactly one interface per zone.
        for (arn, lb) in &env.elb.load_balancers {
            let owner = InterfaceOwner::LoadBalancer(arn.clone());
            let n = env
                .world
                .ec2
                .network_interfaces
                .values()
                .filter(|e| e.owner == owner)
                .count();
            assert_eq!(n, lb.zones.len());
        }
        for listener in env.elb.listeners.values() {
            assert!(env
                .elb
                .load_balancers
                .contains_key(&listener.load_balancer_arn));
        }
    }
    assert!(accepted > 100, "only {accepted} calls were accepted");
    let saved = serde_json::to_string(&env.elb).unwrap();
    assert_eq!(serde_json::from_str::<Elbv2>(&saved).unwrap(), env.elb);
}

#[test]
fn a_round_of_checks_recorded_together_matches_one_by_one() {
    let mut env = Env::new();
    let (_, tg, _) = env.frontend();
    env.register(
        &tg,
        json!([{ "Id": "10.0.0.140" }, { "Id": "10.0.0.141" }, { "Id": "10.0.0.142" }]),
    )
    .unwrap();
    let ids: Vec<TargetId> = ["10.0.0.140", "10.0.0.141", "10.0.0.142"]
        .iter()
        .map(|ip| TargetId::new(*ip, 3000))
        .collect();
    let mut one_by_one = env.elb.target_groups[&tg].clone();
    let mut together = one_by_one.clone();
    // Out of order, with an unknown target among them: each result still finds its target.
    let results = [
        (ids[2].clone(), false, Some(CheckFailure::Timeout)),
        (TargetId::new("10.9.9.9", 3000), true, None),
        (ids[0].clone(), true, None),
        (ids[1].clone(), false, None),
    ];
    for round in 0..3 {
        let at = SimTime(1000 + 30 * round);
        for (id, passed, failure) in &results {
            one_by_one.record_check(id, *passed, *failure, at);
        }
        together.record_checks(results.iter().cloned(), at);
    }
    let states = |g: &crate::elb::TargetGroup| -> Vec<(TargetState, Option<&'static str>)> {
        ids.iter()
            .map(|id| {
                let t = g.target(id).unwrap();
                (t.state, t.reason_code())
            })
            .collect()
    };
    assert_eq!(states(&together), states(&one_by_one));
    assert_eq!(states(&together)[0].0, TargetState::Healthy);
    assert_eq!(states(&together)[2].0, TargetState::Unhealthy);
}
