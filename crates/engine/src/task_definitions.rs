//! The task definition editor's engine side: the families and revisions in
//! the account, a revision's register input as JSON, the line diff between
//! two revisions, and Fargate's sizes for the form view. (The JSON text the
//! learner edits is the page's: `src/task_definition_text.rs`.)

use crate::line_diff::{self, Tag};
use ecs_protocol::DiffLine;
use ecs_sim::ecs::task_size::{fargate_memory_options, FARGATE_SIZES};
use ecs_sim::World;

/// Fargate's sizes: CPU units and the memory sizes (MiB) each allows.
pub fn fargate_sizes() -> Vec<(u32, Vec<u32>)> {
    FARGATE_SIZES
        .iter()
        .map(|s| (s.cpu, fargate_memory_options(s.cpu)))
        .collect()
}

/// The editor's view: the account's revisions, `family`'s, and the diff
/// from revision `from` to `to` of it.
pub fn view(world: &World, family: &str, from: u32, to: u32) -> ecs_protocol::TaskDefinitions {
    let families = families(world);
    let family = if families.iter().any(|f| f == family) {
        family.to_string()
    } else {
        families.first().cloned().unwrap_or_default()
    };
    let json =
        |revision: u32| revision_json(world, &format!("{family}:{revision}")).unwrap_or_default();
    let mut references: Vec<String> = world
        .ecs
        .task_definitions
        .iter()
        .map(|td| td.family_revision())
        .collect();
    references.reverse();
    ecs_protocol::TaskDefinitions {
        region: world.region.clone(),
        references,
        revisions: revisions(world, &family),
        diff: diff(&json(from), &json(to)),
        families,
        family,
        fargate_sizes: fargate_sizes(),
    }
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
        .map(|td| serde_json::to_string_pretty(&td.as_register_input()).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ecs_sim::console::Console;

    #[test]
    fn the_diff_between_two_revisions_shows_what_changed() {
        let mut console = Console::default();
        for image in ["nginx:1.26", "nginx:1.27"] {
            let out = console.run(&format!(
                "aws ecs register-task-definition --family web --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 --container-definitions name=web,image={image},essential=true"
            ));
            assert_eq!(out.status, 0, "{}", out.stderr);
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
        assert_eq!(families(&console.world), ["web"]);
    }

    #[test]
    fn memory_follows_the_fargate_table() {
        let sizes = fargate_sizes();
        let memory = |cpu: u32| {
            sizes
                .iter()
                .find(|(c, _)| *c == cpu)
                .map(|(_, m)| m.clone())
                .unwrap_or_default()
        };
        assert_eq!(memory(256), vec![512, 1024, 2048]);
        assert!(memory(4096).contains(&30720));
        assert!(sizes
            .iter()
            .map(|(c, _)| *c)
            .collect::<Vec<_>>()
            .starts_with(&[256, 512, 1024]));
    }
}
