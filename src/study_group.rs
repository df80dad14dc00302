//! The study-group kit's link: a lesson, a step and a seed in the URL
//! fragment, so everyone starts from the same world. (Comparing a world with
//! the reference is the engine's: the engine's `compare`.)

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
    let mut seed = ecs_protocol::LESSON_SEED;
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

#[cfg(test)]
mod tests {
    use super::*;

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
                seed: ecs_protocol::LESSON_SEED
            })
        );
    }
}
