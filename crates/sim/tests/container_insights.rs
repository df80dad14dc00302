//! Container Insights: turned on at creation or later with
//! UpdateClusterSettings, it publishes the services' task counts each minute
//! (ECS/ContainerInsights), and only then.

use ecs_sim::console::Console;

#[test]
fn task_counts_are_published_once_container_insights_is_on() {
    let mut console = Console::default();
    let setup = "aws ecs create-cluster --cluster-name learn
aws ecs register-task-definition --family web --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --container-definitions 'name=web,image=nginx'
S=$(aws ec2 describe-subnets --filters Name=default-for-az,Values=true --query 'Subnets[0].SubnetId' --output text)
aws ecs create-service --cluster learn --service-name web --task-definition web --desired-count 2 --launch-type FARGATE --network-configuration \"awsvpcConfiguration={subnets=[$S],assignPublicIp=ENABLED}\"
sim advance 3m";
    assert_eq!(console.run(setup).status, 0);
    let count =
        "aws cloudwatch list-metrics --namespace ECS/ContainerInsights --query 'length(Metrics)'";
    assert_eq!(
        console.run(count).stdout.trim(),
        "0",
        "off: nothing published"
    );

    let on = console.run("aws ecs update-cluster-settings --cluster learn --settings name=containerInsights,value=enabled --query 'cluster.settings[0].value' --output text");
    assert_eq!(on.stdout.trim(), "enabled", "{}", on.stderr);
    console.run("sim advance 2m");
    assert_eq!(console.run(count).stdout.trim(), "3");
    let running = console.run("aws cloudwatch get-metric-statistics --namespace ECS/ContainerInsights --metric-name RunningTaskCount --dimensions Name=ClusterName,Value=learn Name=ServiceName,Value=web --start-time 2026-01-01T00:00:00Z --end-time 2026-01-02T00:00:00Z --period 60 --statistics Maximum --query 'Datapoints[-1].Maximum'");
    assert_eq!(running.stdout.trim(), "2.0");

    // Enhanced observability publishes the same metrics here; AWS reports the setting as `enhanced`.
    let enhanced = console.run("aws ecs update-cluster-settings --cluster learn --settings name=containerInsights,value=enhanced --query 'cluster.settings[0].value' --output text");
    assert_eq!(enhanced.stdout.trim(), "enhanced", "{}", enhanced.stderr);
    console.run("sim advance 1m");
    assert_eq!(console.run(count).stdout.trim(), "3");

    let bad = console.run("aws ecs update-cluster-settings --cluster learn --settings name=containerInsights,value=maybe");
    assert!(
        bad.stderr.contains("InvalidParameterException"),
        "{}",
        bad.stderr
    );
    let missing = console.run("aws ecs update-cluster-settings --cluster nope --settings name=containerInsights,value=enabled");
    assert!(
        missing.stderr.contains("ClusterNotFoundException"),
        "{}",
        missing.stderr
    );
}
