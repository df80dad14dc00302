//! Resource identifiers that look like AWS's and are reproducible from the seed.

use rand_core::{RngCore, SeedableRng};
use rand_pcg::Pcg32;
use serde::{Deserialize, Serialize};

/// The world's random source. Every id and every random choice draws from it,
/// and only after a command has been validated, so a rejected command leaves
/// the stream (and therefore every later id) unchanged.
///
/// Names and luck can come from two streams: ids (and the other names AWS
/// makes up) always from the world's seed, random choices ([`Rng::below`]:
/// an unnamed subnet's zone, random placement, which Spot task is reclaimed,
/// an address, scan findings) from a second seed when one is set
/// ([`Rng::set_chance_seed`]). So a lesson re-checked "on a second seed"
/// replays the learner's very commands — the ids they typed still exist —
/// while every roll of the dice comes out differently. Without a second seed
/// both come from the one stream, exactly as before it existed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "RngRepr", into = "RngRepr")]
pub struct Rng {
    ids: Pcg32,
    chance: Option<Pcg32>,
}

/// How a world stores its source: the plain stream as it always has (so
/// older saves read unchanged), both streams only when luck has its own.
#[derive(Clone, Serialize, Deserialize)]
#[serde(untagged)]
enum RngRepr {
    Split { ids: Pcg32, chance: Pcg32 },
    Plain(Pcg32),
}

impl From<RngRepr> for Rng {
    fn from(repr: RngRepr) -> Rng {
        match repr {
            RngRepr::Split { ids, chance } => Rng {
                ids,
                chance: Some(chance),
            },
            RngRepr::Plain(ids) => Rng { ids, chance: None },
        }
    }
}

impl From<Rng> for RngRepr {
    fn from(rng: Rng) -> RngRepr {
        match rng.chance {
            Some(chance) => RngRepr::Split {
                ids: rng.ids,
                chance,
            },
            None => RngRepr::Plain(rng.ids),
        }
    }
}

impl Rng {
    pub fn from_seed(seed: u64) -> Self {
        Rng {
            ids: Pcg32::seed_from_u64(seed),
            chance: None,
        }
    }

    /// From now on random choices draw from `seed`; ids still from the world's seed.
    pub fn set_chance_seed(&mut self, seed: u64) {
        self.chance = Some(Pcg32::seed_from_u64(seed));
    }

    /// The next number of the id stream.
    pub fn next_u64(&mut self) -> u64 {
        self.ids.next_u64()
    }

    /// A uniform number in `0..n` (0 when `n` is 0) for a random choice: from
    /// the second seed's stream when there is one.
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        match &mut self.chance {
            Some(chance) => chance.next_u64() % n,
            None => self.ids.next_u64() % n,
        }
    }

    /// A uniform number in `0..n` for a name (a digit of an id): always the id stream.
    pub fn id_below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.ids.next_u64() % n
        }
    }

    /// `len` lowercase hex digits.
    pub fn hex(&mut self, len: usize) -> String {
        let mut out = String::with_capacity(len);
        while out.len() < len {
            out.push_str(&format!("{:016x}", self.next_u64()));
        }
        out.truncate(len);
        out
    }

    /// A random UUID in its usual 8-4-4-4-12 form.
    pub fn uuid(&mut self) -> String {
        uuid_from_hex(&self.hex(32))
    }

    /// An EC2-style id: `vpc-` + 17 hex digits.
    pub fn ec2_id(&mut self, prefix: &str) -> String {
        format!("{prefix}-{}", self.hex(17))
    }
}

/// 32 hex digits written as a UUID (8-4-4-4-12); shorter input leaves parts empty.
pub fn uuid_from_hex(hex: &str) -> String {
    let part = |from: usize, to: usize| hex.get(from..to).unwrap_or_default();
    format!(
        "{}-{}-{}-{}-{}",
        part(0, 8),
        part(8, 12),
        part(12, 16),
        part(16, 20),
        part(20, 32)
    )
}

/// FNV-1a, stretched to a sha256-looking digest: stable across runs and machines.
pub(crate) fn digest_for(text: &str) -> String {
    let mut out = String::from("sha256:");
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for round in 0..4u8 {
        for byte in text.bytes().chain([round]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        out.push_str(&format!("{hash:016x}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_deterministic_and_shaped_like_aws() {
        let mut a = Rng::from_seed(7);
        let mut b = Rng::from_seed(7);
        let id = a.ec2_id("vpc");
        assert_eq!(id, b.ec2_id("vpc"));
        assert_eq!(id.len(), 4 + 17);
        assert!(id[4..]
            .bytes()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
        assert_ne!(Rng::from_seed(8).ec2_id("vpc"), id);
    }

    #[test]
    fn a_second_seed_changes_the_dice_but_not_the_names() {
        let mut plain = Rng::from_seed(7);
        let mut lucky = Rng::from_seed(7);
        lucky.set_chance_seed(99);
        let rolls = |r: &mut Rng| (0..8).map(|_| r.below(1000)).collect::<Vec<_>>();
        assert_ne!(rolls(&mut plain), rolls(&mut lucky));
        // Rolling on the second stream leaves the id stream where it was.
        let mut fresh = Rng::from_seed(7);
        assert_eq!(lucky.ec2_id("vpc"), fresh.ec2_id("vpc"));
        // Without a second seed, a roll is the id stream's next number, as before.
        let mut one = Rng::from_seed(7);
        let first = Rng::from_seed(7).next_u64();
        assert_eq!(one.below(1000), first % 1000);
    }

    #[test]
    fn a_plain_source_is_saved_as_it_always_was() {
        let plain = Rng::from_seed(7);
        let json = serde_json::to_value(&plain).unwrap();
        assert_eq!(json, serde_json::to_value(Pcg32::seed_from_u64(7)).unwrap());
        assert_eq!(serde_json::from_value::<Rng>(json).unwrap(), plain);
        let mut split = Rng::from_seed(7);
        split.set_chance_seed(3);
        split.below(10);
        let back: Rng = serde_json::from_str(&serde_json::to_string(&split).unwrap()).unwrap();
        assert_eq!(back, split);
    }
}
