//! The task definition editor's text: the JSON a learner edits (checked as
//! they type), the commands that register it — written to a file with a
//! here-document and passed with `--cli-input-json file://`, as one does with
//! the real CLI — and the form view's JSON. Pure text work, so it runs on the
//! page as the learner types; revisions and diffs come from the engine.

use serde_json::{json, Value};

/// The file the editor writes its JSON to in the console.
pub const FILE: &str = "taskdef.json";

/// The JSON text, or where it stops being JSON ("line 3, column 7: …").
pub fn parse(text: &str) -> Result<Value, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        // serde_json ends its message with the position; put it first instead.
        let message = e.to_string();
        let message = message
            .rsplit_once(" at line ")
            .map_or(message.as_str(), |(m, _)| m)
            .to_string();
        format!("line {}, column {}: {message}", e.line(), e.column())
    })?;
    if !value.is_object() {
        return Err("a task definition is a JSON object ({ … })".into());
    }
    Ok(value)
}

/// Pretty JSON with AWS's key order kept (serde_json preserves insertion order
/// only with its feature; the model's shapes serialise in field order anyway).
pub fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

/// The commands that register `json`: write the file, then register it.
pub fn register_lines(json: &str) -> Vec<String> {
    vec![
        format!("cat > {FILE} <<'EOF'\n{}\nEOF", json.trim_end()),
        format!("aws ecs register-task-definition --cli-input-json file://{FILE}"),
    ]
}

/// The form view's fields (the console's "Create new task definition" page, its essentials).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Essentials {
    pub family: String,
    /// FARGATE or EC2.
    pub launch_type: String,
    /// awsvpc, bridge or host.
    pub network_mode: String,
    pub cpu: String,
    pub memory: String,
    pub container_name: String,
    pub image: String,
    pub container_port: String,
    pub execution_role_arn: String,
    pub log_group: String,
}

impl Default for Essentials {
    fn default() -> Self {
        Essentials {
            family: "web".into(),
            launch_type: "FARGATE".into(),
            network_mode: "awsvpc".into(),
            cpu: "256".into(),
            memory: "512".into(),
            container_name: "web".into(),
            image: "nginx:latest".into(),
            container_port: "80".into(),
            execution_role_arn: String::new(),
            log_group: String::new(),
        }
    }
}

impl Essentials {
    /// The register-task-definition input these fields describe. What the
    /// fields leave empty is left out (AWS's defaults then apply).
    pub fn to_json(&self, region: &str) -> Value {
        let mut container = json!({
            "name": self.container_name.trim(),
            "image": self.image.trim(),
            "essential": true,
        });
        if let Ok(port) = self.container_port.trim().parse::<u16>() {
            container["portMappings"] = json!([{ "containerPort": port, "protocol": "tcp" }]);
        }
        if !self.log_group.trim().is_empty() {
            container["logConfiguration"] = json!({
                "logDriver": "awslogs",
                "options": {
                    "awslogs-group": self.log_group.trim(),
                    "awslogs-region": region,
                    "awslogs-stream-prefix": self.container_name.trim(),
                }
            });
        }
        let mut doc = json!({
            "family": self.family.trim(),
            "requiresCompatibilities": [self.launch_type],
            "networkMode": self.network_mode,
            "cpu": self.cpu.trim(),
            "memory": self.memory.trim(),
            "containerDefinitions": [container],
        });
        if !self.execution_role_arn.trim().is_empty() {
            doc["executionRoleArn"] = self.execution_role_arn.trim().into();
        }
        doc
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ecs_sim::console::Console;

    const REGION: &str = "ap-northeast-1";

    #[test]
    fn a_json_mistake_is_reported_with_its_line_and_column() {
        let err = parse("{\n  \"family\": \"web\",\n  \"cpu\": 256,,\n}").unwrap_err();
        assert_eq!(err, "line 3, column 14: key must be a string");
        assert!(parse("[1]").unwrap_err().contains("JSON object"));
        assert!(parse(r#"{"family":"web"}"#).is_ok());
    }

    #[test]
    fn the_form_views_json_registers_through_the_written_file() {
        let mut console = Console::default();
        let json = pretty(&Essentials::default().to_json(REGION));
        let out = console.run(&register_lines(&json).join("\n"));
        assert_eq!(out.status, 0, "{}", out.stderr);
        assert_eq!(console.files.get(FILE).map(|f| f.trim()), Some(json.trim()));
        assert_eq!(
            console
                .world
                .ecs
                .task_definitions
                .iter()
                .map(|td| td.family_revision())
                .collect::<Vec<_>>(),
            ["web:1"]
        );
    }

    #[test]
    fn a_refused_definition_registers_nothing() {
        let mut console = Console::default();
        let mut doc = Essentials::default().to_json(REGION);
        doc["memory"] = "3072".into(); // not a Fargate size with 256 CPU units
        let out = console.run(&register_lines(&pretty(&doc)).join("\n"));
        assert_ne!(out.status, 0);
        assert!(out.stderr.contains("ClientException"), "{}", out.stderr);
        assert!(console.world.ecs.task_definitions.iter().next().is_none());
    }
}
