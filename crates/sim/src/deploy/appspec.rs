//! The ECS AppSpec a blue/green deployment is created from (given inline as
//! `revisionType: AppSpecContent`): `version: 0.0`, one `TargetService` of
//! type `AWS::ECS::Service` with its task definition and the container the
//! load balancer sends traffic to, optional platform version, network
//! configuration and capacity provider strategy, and lifecycle hooks.
//! JSON or YAML (the subset `crate::yaml` reads).

use serde_json::Value;

/// The lifecycle events an ECS AppSpec may hook, in the order they run.
pub const HOOKABLE_EVENTS: [&str; 5] = [
    "BeforeInstall",
    "AfterInstall",
    "AfterAllowTestTraffic",
    "BeforeAllowTraffic",
    "AfterAllowTraffic",
];

/// A checked ECS AppSpec.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AppSpec {
    pub task_definition: String,
    pub container_name: String,
    pub container_port: u16,
    pub platform_version: Option<String>,
    /// `AwsvpcConfiguration`: subnets, security groups, assign public IP.
    pub network: Option<(Vec<String>, Vec<String>, Option<String>)>,
    /// (lifecycle event, Lambda function named for it), in the file's order.
    pub hooks: Vec<(String, String)>,
}

fn strings(value: Option<&Value>, what: &str) -> Result<Vec<String>, String> {
    match value {
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| {
                i.as_str()
                    .map(String::from)
                    .ok_or_else(|| format!("{what} must be a list of strings."))
            })
            .collect(),
        Some(_) => Err(format!("{what} must be a list of strings.")),
        None => Err(format!("{what} is required.")),
    }
}

/// Reads and checks AppSpec content the way CodeDeploy does before it starts
/// a deployment; the message says what to fix.
pub fn parse(content: &str) -> Result<AppSpec, String> {
    let trimmed = content.trim_start();
    let doc: Value = if trimmed.starts_with('{') {
        serde_json::from_str(trimmed)
            .map_err(|e| format!("The AppSpec content is not valid JSON: {e}"))?
    } else {
        crate::yaml::parse(content)?
    };
    let version = doc.get("version").or_else(|| doc.get("Version"));
    let version_ok = match version {
        Some(Value::String(v)) => v == "0.0",
        Some(Value::Number(n)) => n.as_f64() == Some(0.0),
        _ => false,
    };
    if !version_ok {
        return Err("The AppSpec version must be 0.0.".into());
    }
    let resources = doc
        .get("Resources")
        .and_then(Value::as_array)
        .ok_or("The AppSpec needs a Resources list with one TargetService.")?;
    let [resource] = resources.as_slice() else {
        return Err("An ECS AppSpec has exactly one resource, the TargetService.".into());
    };
    let target = resource
        .get("TargetService")
        .ok_or("The AppSpec resource must be named TargetService.")?;
    if target.get("Type").and_then(Value::as_str) != Some("AWS::ECS::Service") {
        return Err("TargetService Type must be AWS::ECS::Service.".into());
    }
    let properties = target
        .get("Properties")
        .ok_or("TargetService needs Properties.")?;
    let task_definition = properties
        .get("TaskDefinition")
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty())
        .ok_or("Properties.TaskDefinition (the task definition ARN) is required.")?
        .to_string();
    let lb = properties
        .get("LoadBalancerInfo")
        .ok_or("Properties.LoadBalancerInfo with ContainerName and ContainerPort is required.")?;
    let container_name = lb
        .get("ContainerName")
        .and_then(Value::as_str)
        .ok_or("LoadBalancerInfo.ContainerName is required.")?
        .to_string();
    let container_port = match lb.get("ContainerPort") {
        Some(Value::Number(n)) => n
            .as_u64()
            .and_then(|p| u16::try_from(p).ok())
            .filter(|p| *p > 0)
            .ok_or("LoadBalancerInfo.ContainerPort must be a port from 1 to 65535.")?,
        Some(Value::String(_)) => {
            return Err("LoadBalancerInfo.ContainerPort must be a number, not a string.".into())
        }
        _ => return Err("LoadBalancerInfo.ContainerPort is required.".into()),
    };
    let platform_version = properties
        .get("PlatformVersion")
        .and_then(Value::as_str)
        .map(String::from);
    let network = match properties.get("NetworkConfiguration").map(|n| {
        n.get("AwsvpcConfiguration")
            .or_else(|| n.get("awsvpcConfiguration"))
    }) {
        None => None,
        Some(None) => {
            return Err("NetworkConfiguration needs AwsvpcConfiguration.".into());
        }
        Some(Some(awsvpc)) => Some((
            strings(awsvpc.get("Subnets"), "AwsvpcConfiguration.Subnets")?,
            strings(
                awsvpc.get("SecurityGroups"),
                "AwsvpcConfiguration.SecurityGroups",
            )?,
            awsvpc
                .get("AssignPublicIp")
                .and_then(Value::as_str)
                .map(String::from),
        )),
    };
    if let Some((_, _, Some(assign))) = &network {
        if assign != "ENABLED" && assign != "DISABLED" {
            return Err("AwsvpcConfiguration.AssignPublicIp must be ENABLED or DISABLED.".into());
        }
    }
    let mut hooks = Vec::new();
    if let Some(list) = doc.get("Hooks") {
        let list = list
            .as_array()
            .ok_or("Hooks must be a list of {event: function} entries.")?;
        for entry in list {
            let map = entry
                .as_object()
                .filter(|m| m.len() == 1)
                .ok_or("Each hook is one {event: function} entry.")?;
            for (event, function) in map {
                if !HOOKABLE_EVENTS.contains(&event.as_str()) {
                    return Err(format!(
                        "{event} is not a lifecycle event an ECS deployment can hook: use {}.",
                        HOOKABLE_EVENTS.join(", ")
                    ));
                }
                let function = function
                    .as_str()
                    .filter(|f| !f.is_empty())
                    .ok_or(format!("The hook for {event} must name a Lambda function."))?;
                hooks.push((event.clone(), function.to_string()));
            }
        }
    }
    Ok(AppSpec {
        task_definition,
        container_name,
        container_port,
        platform_version,
        network,
        hooks,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"{
        "version": 0.0,
        "Resources": [{ "TargetService": { "Type": "AWS::ECS::Service", "Properties": {
            "TaskDefinition": "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/web:2",
            "LoadBalancerInfo": { "ContainerName": "web", "ContainerPort": 80 },
            "PlatformVersion": "LATEST",
            "NetworkConfiguration": { "AwsvpcConfiguration": {
                "Subnets": ["subnet-1", "subnet-2"], "SecurityGroups": ["sg-1"], "AssignPublicIp": "ENABLED" } } } } }],
        "Hooks": [{ "BeforeInstall": "CheckBefore" }, { "AfterAllowTestTraffic": "SmokeTest" }]
    }"#;

    #[test]
    fn a_complete_appspec_is_read() {
        let spec = parse(GOOD).unwrap();
        assert_eq!(spec.container_name, "web");
        assert_eq!(spec.container_port, 80);
        assert_eq!(spec.platform_version.as_deref(), Some("LATEST"));
        assert_eq!(spec.network.as_ref().map(|n| n.0.len()), Some(2));
        assert_eq!(
            spec.hooks,
            [
                ("BeforeInstall".to_string(), "CheckBefore".to_string()),
                ("AfterAllowTestTraffic".to_string(), "SmokeTest".to_string())
            ]
        );
    }

    #[test]
    fn yaml_and_json_appspecs_read_the_same() {
        let yaml = r#"version: 0.0
Resources:
  - TargetService:
      Type: AWS::ECS::Service
      Properties:
        TaskDefinition: "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/web:2"
        LoadBalancerInfo:
          ContainerName: "web"
          ContainerPort: 80
        PlatformVersion: "LATEST"
        NetworkConfiguration:
          AwsvpcConfiguration:
            Subnets: ["subnet-1", "subnet-2"]
            SecurityGroups: ["sg-1"]
            AssignPublicIp: "ENABLED"
Hooks:
  - BeforeInstall: "CheckBefore"
  - AfterAllowTestTraffic: "SmokeTest"
"#;
        assert_eq!(parse(yaml).unwrap(), parse(GOOD).unwrap());
    }

    #[test]
    fn common_mistakes_get_a_clear_message() {
        let cases = [
            (GOOD.replace("0.0,", "1.0,"), "version must be 0.0"),
            (
                GOOD.replace("\"ContainerPort\": 80", "\"ContainerPort\": \"80\""),
                "not a string",
            ),
            (
                GOOD.replace("AWS::ECS::Service", "AWS::Lambda::Function"),
                "AWS::ECS::Service",
            ),
            (
                GOOD.replace("\"BeforeInstall\"", "\"Install\""),
                "not a lifecycle event",
            ),
            (
                GOOD.replace("\"ContainerName\": \"web\", ", ""),
                "ContainerName is required",
            ),
            (
                "version: 0.0\nResources: []".to_string(),
                "exactly one resource",
            ),
            (
                "version: 0.0\nResources: &r []".to_string(),
                "YAML line 2: anchors",
            ),
            ("{ not json".to_string(), "not valid JSON"),
        ];
        for (content, expected) in cases {
            let error = parse(&content).unwrap_err();
            assert!(error.contains(expected), "{expected}: got {error}");
        }
    }

    proptest::proptest! {
        /// Whatever the learner pastes, the answer is an AppSpec or a message.
        #[test]
        fn any_content_is_read_or_refused_without_panicking(content in "\\PC{0,300}") {
            let _ = parse(&content);
            let _ = parse(&format!("{{\"version\": 0.0, \"Resources\": [{content}]}}"));
        }
    }
}
