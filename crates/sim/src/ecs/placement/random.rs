//! `random`: one of the remaining instances (or tasks, at scale-in), uniformly,
//! drawn from the world's seeded [`Rng`] so a replay places identically.
//! It always narrows to a single choice, so strategies listed after it have
//! nothing left to decide.

use super::strategy::{Strategy, StrategyContext, TaskRef};
use crate::ids::Rng;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Random;

/// One element of `pool`, uniformly (the whole, empty, pool if it is empty).
pub(super) fn pick_one<T: Copy>(pool: &[T], rng: &mut Rng) -> Vec<T> {
    if pool.len() <= 1 {
        return pool.to_vec();
    }
    let index = usize::try_from(rng.below(pool.len() as u64)).unwrap_or(0);
    pool.get(index)
        .map(|&item| vec![item])
        .unwrap_or_else(|| pool.to_vec())
}

impl Strategy for Random {
    fn prefer_for_placement(
        &self,
        _ctx: &StrategyContext<'_>,
        pool: &[usize],
        rng: &mut Rng,
    ) -> Vec<usize> {
        pick_one(pool, rng)
    }

    fn prefer_for_stop(
        &self,
        _ctx: &StrategyContext<'_>,
        pool: &[TaskRef],
        rng: &mut Rng,
    ) -> Vec<TaskRef> {
        pick_one(pool, rng)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_one_deterministically_from_the_seed() {
        let pool = [4usize, 7, 9];
        let mut a = Rng::from_seed(42);
        let mut b = Rng::from_seed(42);
        for _ in 0..20 {
            let x = pick_one(&pool, &mut a);
            assert_eq!(x, pick_one(&pool, &mut b));
            assert_eq!(x.len(), 1);
            assert!(pool.contains(&x[0]));
        }
        assert_eq!(pick_one(&[5usize], &mut a), vec![5]);
        assert!(pick_one(&[] as &[usize], &mut a).is_empty());
    }
}
