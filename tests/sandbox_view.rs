//! The sandbox's views mounted in a real browser (wasm-bindgen-test in
//! headless Chromium): the diagram draws every subnet and task of the saved
//! world, selecting one opens its panel, and a chart appears once the clock
//! records the data it draws.
#![cfg(target_arch = "wasm32")]

use ecs_playground::persistence::{self, LocalStorage, SandboxSave};
use ecs_sim::console::Console;
use leptos::task::tick;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

const WORLD: &str = "VPC=$(aws ec2 create-vpc --cidr-block 10.0.0.0/24 --query Vpc.VpcId --output text)
IGW=$(aws ec2 create-internet-gateway --query InternetGateway.InternetGatewayId --output text)
aws ec2 attach-internet-gateway --internet-gateway-id $IGW --vpc-id $VPC
A=$(aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.0.0/26 --availability-zone ap-northeast-1a --query Subnet.SubnetId --output text)
C=$(aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.0.64/26 --availability-zone ap-northeast-1c --query Subnet.SubnetId --output text)
P=$(aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.0.128/26 --availability-zone ap-northeast-1a --query Subnet.SubnetId --output text)
RT=$(aws ec2 create-route-table --vpc-id $VPC --query RouteTable.RouteTableId --output text)
aws ec2 create-route --route-table-id $RT --destination-cidr-block 0.0.0.0/0 --gateway-id $IGW
aws ec2 associate-route-table --route-table-id $RT --subnet-id $A
aws ec2 associate-route-table --route-table-id $RT --subnet-id $C
SG=$(aws ec2 create-security-group --group-name web --description web --vpc-id $VPC --query GroupId --output text)
aws ec2 authorize-security-group-ingress --group-id $SG --protocol tcp --port 80 --cidr 0.0.0.0/0
LB=$(aws elbv2 create-load-balancer --name web --subnets $A $C --security-groups $SG --query 'LoadBalancers[0].LoadBalancerArn' --output text)
TG=$(aws elbv2 create-target-group --name web --protocol HTTP --port 80 --vpc-id $VPC --target-type ip --query 'TargetGroups[0].TargetGroupArn' --output text)
aws elbv2 create-listener --load-balancer-arn $LB --protocol HTTP --port 80 --default-actions Type=forward,TargetGroupArn=$TG
aws ecs create-cluster --cluster-name learn
aws ecs register-task-definition --family web --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --container-definitions 'name=web,image=nginx,portMappings=[{containerPort=80}]'
sim advance 3m
aws ecs create-service --cluster learn --service-name web --task-definition web --desired-count 3 --launch-type FARGATE --network-configuration \"awsvpcConfiguration={subnets=[$A,$C],securityGroups=[$SG],assignPublicIp=ENABLED}\" --load-balancers targetGroupArn=$TG,containerName=web,containerPort=80
sim advance 150s
sim load --target web --rps 30
sim advance 20s
";

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

fn host() -> HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let host = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    host.unchecked_into()
}

fn count(host: &HtmlElement, selector: &str) -> u32 {
    host.query_selector_all(selector).unwrap().length()
}

fn click(host: &HtmlElement, selector: &str) {
    host.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
        .unchecked_into::<web_sys::Element>()
        .dispatch_event(&web_sys::MouseEvent::new("click").unwrap())
        .unwrap();
}

/// The app at `#/sandbox` with the world of `script` saved as the sandbox.
async fn mount_with(script: &str) -> (HtmlElement, Console, Box<dyn std::any::Any>) {
    storage().clear().unwrap();
    let mut console = Console::default();
    let out = console.run(script);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let save = SandboxSave {
        world: serde_json::to_value(&console.world).ok(),
        ..SandboxSave::default()
    };
    persistence::save_sandbox(&mut LocalStorage::open(), &save).unwrap();
    web_sys::window()
        .unwrap()
        .location()
        .set_hash("#/sandbox")
        .unwrap();
    let host = host();
    let app = leptos::mount::mount_to(host.clone(), ecs_playground::App);
    tick().await;
    (host, console, Box::new(app))
}

#[wasm_bindgen_test]
async fn the_diagram_draws_every_subnet_and_task_and_opens_a_panel() {
    let (host, console, _app) = mount_with(WORLD).await;
    let running = console
        .world
        .ecs
        .tasks
        .values()
        .filter(|t| !t.is_stopped())
        .count();
    assert_eq!(running, 3);
    assert_eq!(
        count(&host, "[data-testid=diagram] .vpc"),
        1,
        "only the learner's VPC"
    );
    assert_eq!(count(&host, "[data-subnet]"), 3);
    assert_eq!(count(&host, "[data-task]"), running as u32);
    assert_eq!(count(&host, ".subnet.public"), 2);
    assert_eq!(count(&host, ".subnet.private"), 1);

    click(&host, "[data-task]");
    tick().await;
    let panel = host
        .query_selector("[data-testid=resource-panel]")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert!(
        panel.contains("aws ecs describe-tasks --cluster learn"),
        "{panel}"
    );
    assert!(panel.contains("RUNNING"), "{panel}");
    // Explain why: the health check's path from the load balancer, open here.
    assert!(panel.contains("The path is open."), "{panel}");
    assert!(count(&host, "[data-testid=why] .hops li") >= 2);
    assert_eq!(
        count(&host, "[data-testid=diagram] .blocking"),
        0,
        "nothing blocks"
    );
    // Listener → target group → each task.
    assert_eq!(count(&host, "[data-target-group=web]"), 1);
    assert_eq!(count(&host, "[data-testid=diagram] line.arrow.listener"), 1);
    assert_eq!(
        count(&host, "[data-testid=diagram] line.arrow.target"),
        running as u32
    );
}

#[wasm_bindgen_test]
async fn a_chart_appears_when_the_clock_records_its_data() {
    let (host, _, _app) = mount_with(WORLD).await;
    click(&host, "[data-testid=tab-charts]");
    tick().await;
    // Load started 20 s ago: no minute of requests yet (only the service's CPU so far).
    let text = |host: &HtmlElement| host.text_content().unwrap_or_default();
    assert!(
        !text(&host).contains("Load and errors: web"),
        "{}",
        text(&host)
    );
    let before = count(&host, "[data-testid=chart]");
    click(&host, "[data-testid=time-step-minute]");
    tick().await;
    assert!(
        text(&host).contains("Load and errors: web"),
        "a chart after a recorded minute"
    );
    // Load, latency and healthy targets all start with that minute.
    assert!(count(&host, "[data-testid=chart]") > before);
    assert!(text(&host).contains("Response time (p50, p95): web"));
    assert!(text(&host).contains("Healthy targets: web"));
    assert!(count(&host, "[data-testid=chart] path.line") >= 2);
}

/// Types `value` into the input, select or textarea `selector` and fires `event` on it.
fn fill(host: &HtmlElement, selector: &str, value: &str, event: &str) {
    let element = host
        .query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing matches {selector}"));
    js_sys::Reflect::set(&element, &"value".into(), &value.into()).unwrap();
    element
        .dispatch_event(&web_sys::Event::new(event).unwrap())
        .unwrap();
}

/// Lets effects settle until `selector` matches (answers that take a few
/// reactive hops, as an engine's do), for at most a few dozen ticks.
async fn wait_for(host: &HtmlElement, selector: &str) {
    for _ in 0..40 {
        if host.query_selector(selector).unwrap().is_some() {
            return;
        }
        tick().await;
    }
}

fn text_of(host: &HtmlElement, selector: &str) -> String {
    host.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
        .text_content()
        .unwrap_or_default()
}

fn press(host: &HtmlElement, selector: &str) {
    host.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
        .unchecked_into::<HtmlElement>()
        .click();
}

#[wasm_bindgen_test]
async fn a_form_shows_the_models_error_beside_its_field_and_changes_nothing() {
    let (host, _, _app) = mount_with("aws ec2 create-vpc --cidr-block 10.0.0.0/16").await;
    fill(
        &host,
        "[data-testid=form-picker]",
        "create-subnet",
        "change",
    );
    tick().await;
    assert!(count(&host, "[data-testid=form-create-subnet]") == 1);
    // The CLI equivalent follows what is typed.
    fill(&host, "[data-testid=field-cidr]", "10.1.0.0/24", "input");
    tick().await;
    let cli = text_of(&host, "[data-testid=form-cli]");
    assert!(
        cli.starts_with("aws ec2 create-subnet --vpc-id vpc-"),
        "{cli}"
    );
    assert!(cli.contains("--cidr-block 10.1.0.0/24"), "{cli}");
    press(&host, "[data-testid=form-run]");
    tick().await;
    let error = text_of(&host, "[data-testid=error-cidr]");
    assert!(error.contains("InvalidSubnet.Range"), "{error}");
    assert_eq!(
        count(&host, "[data-testid=field-cidr][aria-invalid=true]"),
        1
    );
    // The subnet list (the diagram) is as it was: nothing was created.
    assert_eq!(count(&host, "[data-subnet]"), 0);

    // Fixed, it runs, and the diagram draws the new subnet.
    fill(&host, "[data-testid=field-cidr]", "10.0.1.0/24", "input");
    press(&host, "[data-testid=form-run]");
    tick().await;
    assert_eq!(
        count(&host, "[data-testid=form-done]"),
        1,
        "{}",
        text_of(&host, "[data-testid=form-create-subnet]")
    );
    assert!(host
        .query_selector("[data-testid=error-cidr]")
        .unwrap()
        .unwrap()
        .has_attribute("hidden"));
    assert_eq!(count(&host, "[data-subnet]"), 1);
}

#[wasm_bindgen_test]
async fn a_form_stops_an_empty_required_field_before_anything_runs() {
    let (host, _, _app) = mount_with("echo ready").await;
    fill(
        &host,
        "[data-testid=form-picker]",
        "create-security-group",
        "change",
    );
    tick().await;
    press(&host, "[data-testid=form-run]");
    tick().await;
    assert_eq!(text_of(&host, "[data-testid=error-name]"), "Required.");
    assert_eq!(
        text_of(&host, "[data-testid=error-description]"),
        "Required."
    );
    assert_eq!(count(&host, "[data-testid=form-done]"), 0);
}

#[wasm_bindgen_test]
async fn the_task_definition_editor_checks_json_as_it_is_typed_and_registers_it() {
    let (host, _, _app) = mount_with("echo ready").await;
    fill(
        &host,
        "[data-testid=form-picker]",
        "register-task-definition",
        "change",
    );
    tick().await;
    fill(
        &host,
        "[data-testid=td-json]",
        "{\"family\": \"web\",, }",
        "input",
    );
    tick().await;
    let status = text_of(&host, "[data-testid=td-json-status]");
    assert!(status.starts_with("line 1, column 18"), "{status}");
    assert_eq!(count(&host, "[data-testid=form-run][disabled]"), 1);

    // The form view writes valid JSON; registering it makes revision 1.
    press(&host, "[data-testid=td-mode-form]");
    tick().await;
    fill(&host, "[data-testid=td-image]", "nginx:1.27", "input");
    tick().await;
    assert_eq!(count(&host, "[data-testid=form-run][disabled]"), 0);
    press(&host, "[data-testid=form-run]");
    tick().await;
    let form = text_of(&host, "[data-testid=form-register-task-definition]");
    assert!(form.contains("task-definition/web:1"), "{form}");
    // A second revision with another image: the diff shows the one changed line.
    fill(&host, "[data-testid=td-image]", "nginx:1.28", "input");
    press(&host, "[data-testid=form-run]");
    tick().await;
    wait_for(&host, "[data-testid=td-diff-lines]").await;
    let diff = text_of(&host, "[data-testid=td-diff-lines]");
    assert!(diff.contains("- ") && diff.contains("nginx:1.27"), "{diff}");
    assert!(diff.contains("+ ") && diff.contains("nginx:1.28"), "{diff}");
    assert_eq!(count(&host, "[data-testid=td-diff-lines] ins"), 1);
}

/// The page's side of the time warp (the engine's own tests cover its budget).
#[wasm_bindgen_test]
fn the_time_warp_moves_the_clock_the_toolbar_shows() {
    storage().clear().unwrap();
    let owner = leptos::prelude::Owner::new();
    owner.with(|| {
        use leptos::prelude::*;
        let sandbox = ecs_playground::sandbox::Sandbox::open(
            "ecs-playground.test-warp",
            RwSignal::new(None),
            None,
        );
        let now = || sandbox.status.get_untracked().now;
        assert!(sandbox.opened.get_untracked());
        let start = now();
        // Paused: nothing moves.
        sandbox.tick(1_000);
        assert_eq!(now(), start);
        // 1x for a second: one simulated second.
        sandbox.set_speed(1);
        sandbox.tick(1_000);
        assert_eq!(now(), start + 1);
        assert_eq!(sandbox.speed(), 1);
        // Fractions of a simulated second carry over between frames.
        sandbox.tick(600);
        sandbox.tick(600);
        assert_eq!(now(), start + 2);
        // The clock the toolbar shows follows.
        assert_eq!(sandbox.status.get_untracked().clock, "00:00:02");
    });
}

const LOGGING_WORLD: &str = "aws logs create-log-group --log-group-name /ecs/web
aws iam create-role --role-name ecsTaskExecutionRole --assume-role-policy-document '{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ecs-tasks.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}' --query Role.Arn --output text
aws iam attach-role-policy --role-name ecsTaskExecutionRole --policy-arn arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy
aws ecs create-cluster --cluster-name learn --query cluster.status --output text
aws ecs register-task-definition --family web --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --execution-role-arn arn:aws:iam::123456789012:role/ecsTaskExecutionRole --container-definitions '[{\"name\":\"web\",\"image\":\"nginx\",\"logConfiguration\":{\"logDriver\":\"awslogs\",\"options\":{\"awslogs-group\":\"/ecs/web\",\"awslogs-region\":\"ap-northeast-1\",\"awslogs-stream-prefix\":\"web\"}}}]' --query taskDefinition.revision
S=$(aws ec2 describe-subnets --filters Name=default-for-az,Values=true --query 'Subnets[0].SubnetId' --output text)
aws ecs run-task --cluster learn --task-definition web --launch-type FARGATE --network-configuration \"awsvpcConfiguration={subnets=[$S],assignPublicIp=ENABLED}\" --query 'tasks[0].lastStatus'
sim advance 2m
";

#[wasm_bindgen_test]
async fn the_logs_tab_tails_a_log_group_and_narrows_to_one_task() {
    let (host, console, _app) = mount_with(LOGGING_WORLD).await;
    let task = console.world.ecs.tasks.keys().next().unwrap().clone();
    click(&host, "[data-testid=tab-logs]");
    tick().await;
    assert_eq!(
        text_of(&host, "[data-testid=logs-cli]"),
        "aws logs tail /ecs/web --since 10m"
    );
    let lines = text_of(&host, "[data-testid=log-lines]");
    assert!(lines.contains(&format!("web/web/{task}")), "{lines}");
    assert!(lines.contains("start worker processes"), "{lines}");
    fill(&host, "[data-testid=logs-stream]", "no-such-task", "input");
    tick().await;
    assert_eq!(count(&host, "[data-testid=logs-empty]"), 1);
}

#[wasm_bindgen_test]
async fn a_subnets_panel_draws_its_addresses_reserved_free_and_taken() {
    let (host, console, _app) = mount_with(WORLD).await;
    let first = host
        .query_selector("[data-subnet]")
        .unwrap()
        .unwrap()
        .get_attribute("data-subnet")
        .unwrap();
    click(&host, &format!("[data-subnet='{first}']"));
    tick().await;
    // A /26: 64 addresses, five of them AWS's.
    assert_eq!(count(&host, "[data-testid=address-grid] li"), 64);
    assert_eq!(count(&host, "[data-testid=address-grid] li.reserved"), 5);
    let subnet = &console.world.ec2.subnets[&first];
    let free = console.world.ec2.available_ip_count(subnet) as u32;
    assert_eq!(count(&host, "[data-testid=address-grid] li.free"), free);
    assert!(count(&host, "[data-testid=address-grid] li.taken") >= 1);
    assert!(text_of(&host, "[data-testid=address-summary]").contains(&format!("{free} free")));
}

#[wasm_bindgen_test]
async fn a_services_panel_explains_why_its_tasks_cannot_pull_their_image() {
    let (host, _, _app) = mount_with(
        "VPC=$(aws ec2 create-vpc --cidr-block 10.0.0.0/16 --query Vpc.VpcId --output text)
P=$(aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.1.0/24 --availability-zone ap-northeast-1a --query Subnet.SubnetId --output text)
aws ecs create-cluster --cluster-name learn
aws ecs register-task-definition --family web --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --container-definitions 'name=web,image=nginx'
aws ecs create-service --cluster learn --service-name web --task-definition web --desired-count 1 --launch-type FARGATE --network-configuration \"awsvpcConfiguration={subnets=[$P],assignPublicIp=DISABLED}\"
sim advance 3m",
    )
    .await;
    click(&host, "[data-testid=summary-service]");
    tick().await;
    let panel = text_of(&host, "[data-testid=resource-panel]");
    assert!(panel.contains("Service learn/web"), "{panel}");
    assert!(panel.contains("desiredCount"), "{panel}");
    // The private subnet has no route out: the pull's path is blocked, and where.
    let why = text_of(&host, "[data-testid=why]");
    assert!(why.contains("image pull → internet"), "{why}");
    assert!(
        count(&host, "[data-testid=why] .hops li.blocked") >= 1,
        "{why}"
    );
    // The blocking rule (the subnet's route table, with no way out) is outlined on the subnet.
    assert_eq!(
        count(&host, "[data-testid=diagram] [data-subnet].blocking"),
        1,
        "{why}"
    );
    assert!(count(&host, "[data-testid=outlined]") >= 1);
    assert_eq!(count(&host, "[data-testid=panel-form-update-service]"), 1);
}
