//! The task definition editor's logic: the JSON a learner edits (checked as
//! they type), the commands that register it — written to a file with a
//! here-document and passed with `--cli-input-json file://`, as one does with
//! the real CLI — the form view's JSON, and the line diff between two revisions.

use crate::line_diff::{self, Tag};
use ecs_sim::ecs::task_size::{fargate_memory_options, FARGATE_SIZES};
use ecs_sim::World;
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
    pub fn to_json(&self, world: &World) -> Value {
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
                    "awslogs-region": world.region,
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

/// The CPU units the form offers: Fargate's sizes.
pub fn cpu_options() -> Vec<u32> {
    FARGATE_SIZES.iter().map(|s| s.cpu).collect()
}

/// The memory sizes Fargate allows with `cpu` (MiB).
pub fn memory_options(cpu: &str) -> Vec<u32> {
    cpu.trim()
        .parse()
        .map(fargate_memory_options)
        .unwrap_or_default()
}

/// One line of a diff.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DiffLine {
    Same(String),
    Removed(String),
    Added(String),
}

/// The line diff from `old` to `new`.
pub fn diff(old: &str, new: &str) -> Vec<DiffLine> {
    line_diff::diff_lines(old, new)
        .into_iter()
        .map(|change| {
            let line = change.line.to_string();
            match change.tag {
                Tag::Equal => DiffLine::Same(line),
                Tag::Delete => DiffLine::Removed(line),
                Tag::Insert => DiffLine::Added(line),
            }
        })
        .collect()
}

/// The families' revisions, newest first: (family:revision, is active).
pub fn revisions(world: &World, family: &str) -> Vec<(u32, bool)> {
    let mut out: Vec<(u32, bool)> = world
        .ecs
        .task_definitions
        .iter()
        .filter(|td| td.family == family)
        .map(|td| (td.revision, td.is_active()))
        .collect();
    out.reverse();
    out
}

/// Every family with at least one revision.
pub fn families(world: &World) -> Vec<String> {
    let mut out: Vec<String> = world
        .ecs
        .task_definitions
        .iter()
        .map(|td| td.family.clone())
        .collect();
    out.dedup();
    out
}

/// The register input of `family:revision`, pretty.
pub fn revision_json(world: &World, reference: &str) -> Option<String> {
    world
        .ecs
        .task_definitions
        .get(reference)
        .map(|td| pretty(&td.as_register_input()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ecs_sim::console::Console;

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
        let json = pretty(&Essentials::default().to_json(&console.world));
        let out = console.run(&register_lines(&json).join("\n"));
        assert_eq!(out.status, 0, "{}", out.stderr);
        assert_eq!(revisions(&console.world, "web"), vec![(1, true)]);
        assert_eq!(console.files.get(FILE).map(|f| f.trim()), Some(json.trim()));
    }

    #[test]
    fn a_refused_definition_registers_nothing() {
        let mut console = Console::default();
        let mut doc = Essentials::default().to_json(&console.world);
        doc["memory"] = "3072".into(); // not a Fargate size with 256 CPU units
        let out = console.run(&register_lines(&pretty(&doc)).join("\n"));
        assert_ne!(out.status, 0);
        assert!(out.stderr.contains("ClientException"), "{}", out.stderr);
        assert!(families(&console.world).is_empty());
    }

    #[test]
    fn the_diff_between_two_revisions_shows_what_changed() {
        let mut console = Console::default();
        let mut essentials = Essentials::default();
        for image in ["nginx:1.26", "nginx:1.27"] {
            essentials.image = image.into();
            let json = pretty(&essentials.to_json(&console.world));
            assert_eq!(console.run(&register_lines(&json).join("\n")).status, 0);
        }
        let old = revision_json(&console.world, "web:1").unwrap();
        let new = revision_json(&console.world, "web:2").unwrap();
        let changed: Vec<DiffLine> = diff(&old, &new)
            .into_iter()
            .filter(|l| !matches!(l, DiffLine::Same(_)))
            .collect();
        assert_eq!(
            changed,
            vec![
                DiffLine::Removed(r#"      "image": "nginx:1.26","#.into()),
                DiffLine::Added(r#"      "image": "nginx:1.27","#.into()),
            ]
        );
        assert_eq!(revisions(&console.world, "web"), vec![(2, true), (1, true)]);
    }

    #[test]
    fn memory_follows_the_fargate_table() {
        assert_eq!(memory_options("256"), vec![512, 1024, 2048]);
        assert!(memory_options("4096").contains(&30720));
        assert!(memory_options("nonsense").is_empty());
        assert!(cpu_options().starts_with(&[256, 512, 1024]));
    }
}
