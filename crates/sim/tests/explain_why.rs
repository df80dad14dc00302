//! "Explain why" in the model: a service that cannot place a task keeps, per
//! container instance, the requirement that ruled it out; a task's image pull
//! is explained path by path, with the hop that blocks it.

use ecs_sim::console::Console;

fn scenario(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/scenarios/{name}.sh",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

#[test]
fn an_unplaceable_service_keeps_each_instances_reason_until_it_places_again() {
    let mut console = Console::default();
    console.run(&scenario("ec2-placement"));
    let service = &console.world.ecs.services["ec2-learn/dyn"];
    let unplaceable = service
        .last_unplaceable
        .as_ref()
        .expect("the scenario's dyn service runs out of memory");
    assert!(!unplaceable.rejections.is_empty());
    assert!(unplaceable
        .rejections
        .iter()
        .any(|r| r.rejection.explain().contains("MiB of memory")));
    // Fewer tasks fit: the reason goes once every wanted task is placed.
    console.run("aws ecs update-service --cluster ec2-learn --service dyn --desired-count 1\nsim advance 2m");
    assert!(console.world.ecs.services["ec2-learn/dyn"]
        .last_unplaceable
        .is_none());
}

#[test]
fn a_failed_pull_is_explained_hop_by_hop() {
    let mut console = Console::default();
    let out = console.run(
        "VPC=$(aws ec2 create-vpc --cidr-block 10.0.0.0/16 --query Vpc.VpcId --output text)
S=$(aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.1.0/24 --availability-zone ap-northeast-1a --query Subnet.SubnetId --output text)
aws ecs create-cluster --cluster-name learn
aws ecs register-task-definition --family web --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --container-definitions 'name=web,image=nginx'
T=$(aws ecs run-task --cluster learn --task-definition web --launch-type FARGATE --network-configuration \"awsvpcConfiguration={subnets=[$S],assignPublicIp=DISABLED}\" --query 'tasks[0].taskArn' --output text)
sim advance 2m
aws ecs describe-tasks --cluster learn --tasks $T --query 'tasks[0].stoppedReason' --output text",
    );
    assert!(
        out.stdout.contains("CannotPullContainerError"),
        "{}",
        out.stdout
    );
    let task = console.vars["T"].rsplit('/').next().unwrap().to_string();
    let paths = console.world.explain_image_pull(&task);
    assert_eq!(paths.len(), 1);
    assert!(paths[0].purpose.starts_with("internet"));
    assert!(!paths[0].trace.reachable);
    assert!(
        paths[0].trace.hops.iter().any(|h| !h.passed),
        "the blocking hop is named"
    );
}
