//! The study-group kit's pure parts: the facilitator's link (a lesson, a
//! step and a seed in the URL fragment, so everyone starts from the same
//! world) and "compare my world with the reference" — both worlds written
//! as CloudFormation templates and diffed line by line, which names
//! resources by what they are (a CIDR, a name) rather than by random ids.

use crate::line_diff::{self, Tag};
use ecs_sim::World;

/// Where a facilitator's link starts everyone: a step (0-based here, 1-based
/// in the link, as the panel counts them) on an account of `seed`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Facilitator {
    pub step: usize,
    pub seed: u64,
}

/// The link for `lesson` at `step` (0-based): `base` is the page's address
/// without its fragment.
pub fn facilitator_link(base: &str, lesson: &str, step: usize, seed: u64) -> String {
    format!("{base}#/lessons/{lesson}?step={}&seed={seed}", step + 1)
}

/// The facilitator's parameters in a `location.hash`, if it carries a step.
/// A step past the lesson's end is clamped by the caller; a missing or
/// unreadable seed means the lesson's own.
pub fn facilitator_in_hash(hash: &str) -> Option<Facilitator> {
    let query = hash.split_once('?')?.1;
    let mut step = None;
    let mut seed = ecs_sim::lesson::LESSON_SEED;
    for pair in query.split('&') {
        match pair.split_once('=') {
            Some(("step", n)) => step = n.parse::<usize>().ok().filter(|n| *n >= 1),
            Some(("seed", n)) => seed = n.parse().unwrap_or(seed),
            _ => {}
        }
    }
    Some(Facilitator {
        step: step? - 1,
        seed,
    })
}

/// One line of the comparison.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CompareLine {
    /// Where a group of differences is, in the reference's lines (`@@ line 12`).
    Hunk(usize),
    Same(String),
    /// Only in the learner's world.
    Mine(String),
    /// Only in the reference world.
    Reference(String),
}

/// The learner's world against the reference, as templates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comparison {
    pub mine_only: usize,
    pub reference_only: usize,
    /// The differences with two lines of context around each group.
    pub lines: Vec<CompareLine>,
}

impl Comparison {
    pub fn same(&self) -> bool {
        self.mine_only == 0 && self.reference_only == 0
    }
}

/// The template with its resources in name order: the export lists them in
/// the order of their ids, which differ between accounts.
fn template_text(world: &World) -> String {
    let mut template = crate::cloudformation::template(world);
    if let Some(resources) = template["Resources"].as_object_mut() {
        let mut sorted: Vec<_> = std::mem::take(resources).into_iter().collect();
        sorted.sort_by(|a, b| a.0.cmp(&b.0));
        resources.extend(sorted);
    }
    ecs_sim::yaml::to_string(&template)
}

/// Compares two worlds' architectures (what a template would build).
pub fn compare(mine: &World, reference: &World) -> Comparison {
    let (mine, reference) = (template_text(mine), template_text(reference));
    let changes = line_diff::diff_lines(&reference, &mine);
    let mut out = Comparison {
        mine_only: 0,
        reference_only: 0,
        lines: Vec::new(),
    };
    for group in line_diff::grouped(&changes, 2) {
        if let Some(first) = group.first() {
            out.lines.push(CompareLine::Hunk(first.old_index + 1));
        }
        for change in group {
            let line = change.line.to_string();
            out.lines.push(match change.tag {
                Tag::Equal => CompareLine::Same(line),
                Tag::Delete => {
                    out.reference_only += 1;
                    CompareLine::Reference(line)
                }
                Tag::Insert => {
                    out.mine_only += 1;
                    CompareLine::Mine(line)
                }
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ecs_sim::console::Console;

    #[test]
    fn the_link_carries_lesson_step_and_seed_and_reads_back() {
        let link = facilitator_link("https://example.test/app/", "vpc-cidr", 2, 2026);
        assert_eq!(
            link,
            "https://example.test/app/#/lessons/vpc-cidr?step=3&seed=2026"
        );
        let hash = &link[link.find('#').unwrap()..];
        assert_eq!(
            facilitator_in_hash(hash),
            Some(Facilitator {
                step: 2,
                seed: 2026
            })
        );
        assert_eq!(
            crate::router::Route::from_hash(hash),
            crate::router::Route::Lesson("vpc-cidr".into())
        );
        // No step, step 0 or junk: not a facilitator's link; a bad seed is the lesson's own.
        for hash in [
            "#/lessons/x",
            "#/lessons/x?seed=3",
            "#/lessons/x?step=0",
            "#/lessons/x?step=two",
        ] {
            assert_eq!(facilitator_in_hash(hash), None, "{hash}");
        }
        assert_eq!(
            facilitator_in_hash("#/lessons/x?step=1&seed=-1"),
            Some(Facilitator {
                step: 0,
                seed: ecs_sim::lesson::LESSON_SEED
            })
        );
    }

    #[test]
    fn the_comparison_names_what_differs_not_the_ids() {
        let build = |seed: u64, zone: &str| {
            let mut c = Console::fresh(seed);
            c.run(&format!(
                "VPC=$(aws ec2 create-vpc --cidr-block 10.0.0.0/24 --query Vpc.VpcId --output text)\n\
                 aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.0.0/26 --availability-zone {zone}"
            ));
            c.world
        };
        // Other seeds, so other ids: still the same architecture.
        let same = compare(&build(1, "ap-northeast-1a"), &build(2, "ap-northeast-1a"));
        assert!(same.same(), "{:?}", same.lines);
        let wrong_zone = compare(&build(1, "ap-northeast-1c"), &build(2, "ap-northeast-1a"));
        assert_eq!((wrong_zone.mine_only, wrong_zone.reference_only), (1, 1));
        assert!(wrong_zone
            .lines
            .iter()
            .any(|l| matches!(l, CompareLine::Mine(t) if t.contains("ap-northeast-1c"))));
        assert!(wrong_zone
            .lines
            .iter()
            .any(|l| matches!(l, CompareLine::Reference(t) if t.contains("ap-northeast-1a"))));
        assert!(matches!(wrong_zone.lines[0], CompareLine::Hunk(_)));
    }
}
