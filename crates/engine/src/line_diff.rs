//! Line diffs for the task definition editor (old revision → new JSON) and the
//! study group's "compare with the reference" (two CloudFormation templates).
//!
//! Myers' O(ND) algorithm, the default of `diff` and git, after trimming the
//! common head and tail. It is written out here because the general-purpose diff
//! crate it replaces brought three algorithms and their generic copies into the
//! bundle for these two small uses. Past `MAX_EDITS` differing lines it stops
//! searching for the shortest script and reports the rest as removed then added:
//! still a correct diff, and memory stays bounded whatever the input.

/// What a line of the diff is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tag {
    /// In both texts.
    Equal,
    /// Only in the old text.
    Delete,
    /// Only in the new text.
    Insert,
}

/// One line of the diff.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Change<'a> {
    pub tag: Tag,
    pub line: &'a str,
    /// Where this line is (Equal, Delete) or would go (Insert) in the old text, from 0.
    pub old_index: usize,
}

/// Edits beyond which the search for the shortest script stops (its memory
/// grows with the square of this).
const MAX_EDITS: usize = 1000;

/// Every line of both texts in order: equal lines once, removed before added.
pub fn diff_lines<'a>(old: &'a str, new: &'a str) -> Vec<Change<'a>> {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let head = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let tail = a[head..]
        .iter()
        .rev()
        .zip(b[head..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a_mid, b_mid) = (&a[head..a.len() - tail], &b[head..b.len() - tail]);

    let mut tags = Vec::with_capacity(a.len() + b.len());
    tags.extend(std::iter::repeat_n(Tag::Equal, head));
    tags.extend(middle(a_mid, b_mid));
    tags.extend(std::iter::repeat_n(Tag::Equal, tail));

    let (mut i, mut j) = (0, 0);
    tags.into_iter()
        .map(|tag| {
            let change = Change {
                tag,
                line: if tag == Tag::Insert { b[j] } else { a[i] },
                old_index: i,
            };
            match tag {
                Tag::Equal => (i, j) = (i + 1, j + 1),
                Tag::Delete => i += 1,
                Tag::Insert => j += 1,
            }
            change
        })
        .collect()
}

/// The shortest edit script from `a` to `b` (Myers), or all of `a` removed and
/// all of `b` added when they differ in more than `MAX_EDITS` lines.
fn middle(a: &[&str], b: &[&str]) -> Vec<Tag> {
    let (n, m) = (a.len() as isize, b.len() as isize);
    let limit = (a.len() + b.len()).min(MAX_EDITS) as isize;
    // v[k + limit + 1]: the furthest x reached on diagonal k = x - y.
    let width = 2 * limit as usize + 3;
    let at = |k: isize| (k + limit + 1) as usize;
    let mut v = vec![0isize; width];
    // trace[d]: v for diagonals -d..=d as round d began, to walk back the path.
    let mut trace: Vec<Vec<isize>> = Vec::new();
    for d in 0..=limit {
        trace.push(v[at(-d)..=at(d)].to_vec());
        let mut k = -d;
        while k <= d {
            let down = k == -d || (k != d && v[at(k - 1)] < v[at(k + 1)]);
            let mut x = if down { v[at(k + 1)] } else { v[at(k - 1)] + 1 };
            let mut y = x - k;
            while x < n && y < m && a[x as usize] == b[y as usize] {
                x += 1;
                y += 1;
            }
            v[at(k)] = x;
            if x >= n && y >= m {
                return walk_back(&trace, n, m);
            }
            k += 2;
        }
    }
    let mut tags = vec![Tag::Delete; a.len()];
    tags.extend(std::iter::repeat_n(Tag::Insert, b.len()));
    tags
}

/// The path found by `middle`, from its end back to the start, in forward order.
fn walk_back(trace: &[Vec<isize>], n: isize, m: isize) -> Vec<Tag> {
    let mut tags = Vec::new();
    let (mut x, mut y) = (n, m);
    for d in (1..trace.len() as isize).rev() {
        let v = &trace[d as usize];
        let get = |k: isize| v[(k + d) as usize];
        let k = x - y;
        let down = k == -d || (k != d && get(k - 1) < get(k + 1));
        let prev_k = if down { k + 1 } else { k - 1 };
        let prev_x = get(prev_k);
        let prev_y = prev_x - prev_k;
        while x > prev_x && y > prev_y {
            tags.push(Tag::Equal);
            x -= 1;
            y -= 1;
        }
        if down {
            tags.push(Tag::Insert);
            y -= 1;
        } else {
            tags.push(Tag::Delete);
            x -= 1;
        }
    }
    while x > 0 && y > 0 {
        tags.push(Tag::Equal);
        x -= 1;
        y -= 1;
    }
    tags.reverse();
    tags
}

/// The changes in groups, each with up to `context` equal lines around it;
/// groups closer than twice the context are merged (as `diff -U` does).
pub fn grouped<'a>(changes: &[Change<'a>], context: usize) -> Vec<Vec<Change<'a>>> {
    let mut groups: Vec<(usize, usize)> = Vec::new();
    for (i, change) in changes.iter().enumerate() {
        if change.tag == Tag::Equal {
            continue;
        }
        let start = i.saturating_sub(context);
        let end = (i + context + 1).min(changes.len());
        match groups.last_mut() {
            Some(last) if start <= last.1 => last.1 = end,
            _ => groups.push((start, end)),
        }
    }
    groups
        .into_iter()
        .map(|(start, end)| changes[start..end].to_vec())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn side(changes: &[Change], keep: Tag) -> Vec<String> {
        changes
            .iter()
            .filter(|c| c.tag == Tag::Equal || c.tag == keep)
            .map(|c| c.line.to_string())
            .collect()
    }

    /// Length of the longest common subsequence, by the textbook table.
    fn lcs(a: &[&str], b: &[&str]) -> usize {
        let mut row = vec![0usize; b.len() + 1];
        for x in a {
            let mut diagonal = 0;
            for (j, y) in b.iter().enumerate() {
                let above = row[j + 1];
                row[j + 1] = if x == y {
                    diagonal + 1
                } else {
                    above.max(row[j])
                };
                diagonal = above;
            }
        }
        row[b.len()]
    }

    #[test]
    fn a_changed_line_is_removed_then_added_between_equal_lines() {
        let changes = diff_lines("a\nb\nc\n", "a\nB\nc\n");
        let tags: Vec<_> = changes.iter().map(|c| (c.tag, c.line)).collect();
        assert_eq!(
            tags,
            [
                (Tag::Equal, "a"),
                (Tag::Delete, "b"),
                (Tag::Insert, "B"),
                (Tag::Equal, "c")
            ]
        );
        assert_eq!(changes[2].old_index, 2, "B goes where c is");
    }

    #[test]
    fn groups_keep_context_and_merge_when_close() {
        let old = (0..20).map(|i| format!("L{i}\n")).collect::<String>();
        let new = old.replace("L3\n", "three\n").replace("L6\n", "six\n");
        let new = new.replace("L17\n", "");
        let changes = diff_lines(&old, &new);
        let groups = grouped(&changes, 2);
        assert_eq!(groups.len(), 2, "3 and 6 are 3 lines apart: one group");
        assert_eq!(groups[0].first().unwrap().line, "L1");
        assert_eq!(groups[0].last().unwrap().line, "L8");
        assert_eq!(groups[1].first().unwrap().old_index, 15);
    }

    #[test]
    fn texts_differing_everywhere_still_diff_correctly() {
        let old = (0..3000).map(|i| format!("a{i}\n")).collect::<String>();
        let new = (0..3000).map(|i| format!("b{i}\n")).collect::<String>();
        let changes = diff_lines(&old, &new);
        assert_eq!(side(&changes, Tag::Delete).len(), 3000);
        assert_eq!(side(&changes, Tag::Insert).len(), 3000);
    }

    proptest! {
        #[test]
        fn the_diff_rebuilds_both_texts_and_keeps_the_most_lines(
            old in prop::collection::vec("[abc]", 0..30),
            new in prop::collection::vec("[abc]", 0..30),
        ) {
            let (old_text, new_text) = (old.join("\n"), new.join("\n"));
            let changes = diff_lines(&old_text, &new_text);
            prop_assert_eq!(side(&changes, Tag::Delete), old.clone());
            prop_assert_eq!(side(&changes, Tag::Insert), new.clone());
            let a: Vec<&str> = old.iter().map(String::as_str).collect();
            let b: Vec<&str> = new.iter().map(String::as_str).collect();
            let kept = changes.iter().filter(|c| c.tag == Tag::Equal).count();
            prop_assert_eq!(kept, lcs(&a, &b), "a shortest edit script");
            for change in changes.iter().filter(|c| c.tag != Tag::Insert) {
                prop_assert_eq!(change.line, a[change.old_index]);
            }
        }
    }
}
