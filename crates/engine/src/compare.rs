//! "Compare my world with the reference", for study groups: both worlds
//! written as CloudFormation templates and diffed line by line, which names
//! resources by what they are (a CIDR, a name) rather than by random ids.

use crate::line_diff::{self, Tag};
use ecs_sim::World;

pub use ecs_protocol::lesson::{CompareLine, Comparison};

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
