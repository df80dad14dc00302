//! Resource identifiers that look like AWS's and are reproducible from the seed.

use rand_core::{RngCore, SeedableRng};
use rand_pcg::Pcg32;
use serde::{Deserialize, Serialize};

/// The world's random source. Every id and every random choice draws from it,
/// and only after a command has been validated, so a rejected command leaves
/// the stream (and therefore every later id) unchanged.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rng(Pcg32);

impl Rng {
    pub fn from_seed(seed: u64) -> Self {
        Rng(Pcg32::seed_from_u64(seed))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// A uniform number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next_u64() % n
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
}
