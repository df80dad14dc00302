//! What a service is handed instead of the whole world: where the account
//! is (region, account, zones), what time it is, and the luck (the seeded
//! source of ids and chance). A service's methods take `&mut self` and
//! `&mut Env`, so they can change only their own state and draw ids; what
//! they need of another service comes as an argument, and what another
//! service should do about it goes back as a value.

use crate::clock::SimTime;
use crate::ids::Rng;

pub struct Env<'a> {
    pub region: &'a str,
    pub account_id: &'a str,
    pub availability_zones: &'a [String],
    pub now: SimTime,
    pub rng: &'a mut Rng,
}

impl Env<'_> {
    /// The account's ECR registry host.
    pub fn registry(&self) -> String {
        format!("{}.dkr.ecr.{}.amazonaws.com", self.account_id, self.region)
    }
}
