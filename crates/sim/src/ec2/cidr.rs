//! IPv4 CIDR blocks as AWS reads them: `a.b.c.d/n`, host bits silently cleared.

use ipnet::Ipv4Net;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::net::Ipv4Addr;
use std::str::FromStr;

/// A canonical IPv4 CIDR block (host bits zero).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cidr(Ipv4Net);

impl Cidr {
    /// The block `addr/prefix` in canonical form (prefix clamped to 32).
    pub fn new(addr: Ipv4Addr, prefix: u8) -> Cidr {
        let net = Ipv4Net::new(addr, prefix.min(32)).unwrap_or_default();
        Cidr(net.trunc())
    }

    /// Parses `10.0.0.18/16` as `10.0.0.0/16`. A missing prefix, a prefix over
    /// 32 or a malformed address is `None`.
    pub fn parse(text: &str) -> Option<Cidr> {
        let (addr, prefix) = text.trim().split_once('/')?;
        if prefix.is_empty() || prefix.len() > 2 || !prefix.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let prefix: u8 = prefix.parse().ok()?;
        let addr = Ipv4Addr::from_str(addr).ok()?;
        let net = Ipv4Net::new(addr, prefix).ok()?;
        Some(Cidr(net.trunc()))
    }

    pub fn prefix(&self) -> u8 {
        self.0.prefix_len()
    }

    pub fn network(&self) -> Ipv4Addr {
        self.0.network()
    }

    pub fn broadcast(&self) -> Ipv4Addr {
        self.0.broadcast()
    }

    /// Number of addresses in the block.
    pub fn size(&self) -> u64 {
        1u64 << (32 - u32::from(self.prefix()))
    }

    /// Addresses a subnet of this size offers: all but AWS's 5 reserved ones.
    pub fn usable_count(&self) -> u64 {
        self.size().saturating_sub(5)
    }

    pub fn contains_addr(&self, addr: Ipv4Addr) -> bool {
        self.0.contains(&addr)
    }

    /// Whether `other` lies entirely inside this block.
    pub fn contains(&self, other: &Cidr) -> bool {
        self.0.contains(&other.0)
    }

    pub fn overlaps(&self, other: &Cidr) -> bool {
        self.0.contains(&other.0.network()) || other.0.contains(&self.0.network())
    }

    /// The address at `offset` from the network address, if inside the block.
    pub fn nth(&self, offset: u64) -> Option<Ipv4Addr> {
        if offset >= self.size() {
            return None;
        }
        let base = u32::from(self.network()) as u64;
        u32::try_from(base + offset).ok().map(Ipv4Addr::from)
    }

    /// AWS reserves the first four addresses and the last one of every subnet.
    pub fn is_reserved(&self, addr: Ipv4Addr) -> bool {
        let offset = u64::from(u32::from(addr)).wrapping_sub(u64::from(u32::from(self.network())));
        offset < 4 || addr == self.broadcast()
    }

    /// Whether the block is inside one of the RFC 1918 private ranges.
    pub fn rfc1918_range(&self) -> Option<Cidr> {
        ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]
            .into_iter()
            .filter_map(Cidr::parse)
            .find(|range| range.contains(self))
    }
}

impl fmt::Display for Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.network(), self.prefix())
    }
}

impl Serialize for Cidr {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Cidr {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Cidr::parse(&text).ok_or_else(|| serde::de::Error::custom(format!("invalid CIDR {text}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_normalises_like_aws() {
        assert_eq!(
            Cidr::parse("10.0.0.18/16").unwrap().to_string(),
            "10.0.0.0/16"
        );
        assert_eq!(
            Cidr::parse("100.68.0.18/18").unwrap().to_string(),
            "100.68.0.0/18"
        );
        assert!(Cidr::parse("1000.1.0.0/20").is_none());
        assert!(Cidr::parse("10.0.0.0").is_none());
        assert!(Cidr::parse("10.0.0.0/33").is_none());
        assert!(Cidr::parse("10.0.0.0/-1").is_none());
        assert!(Cidr::parse("10.0.0/24").is_none());
        assert!(Cidr::parse("10.0.0.0/024").is_none());
    }

    #[test]
    fn usable_addresses_leave_out_the_reserved_five() {
        for (cidr, usable) in [
            ("10.0.1.0/28", 11),
            ("10.0.1.0/27", 27),
            ("10.0.1.0/26", 59),
            ("10.0.1.0/24", 251),
            ("10.0.0.0/20", 4091),
            ("10.0.0.0/16", 65531),
        ] {
            assert_eq!(Cidr::parse(cidr).unwrap().usable_count(), usable, "{cidr}");
        }
        let subnet = Cidr::parse("10.0.1.0/24").unwrap();
        for reserved in ["10.0.1.0", "10.0.1.1", "10.0.1.2", "10.0.1.3", "10.0.1.255"] {
            assert!(subnet.is_reserved(reserved.parse().unwrap()), "{reserved}");
        }
        assert!(!subnet.is_reserved("10.0.1.4".parse().unwrap()));
    }

    #[test]
    fn containment_and_overlap() {
        let vpc = Cidr::parse("10.0.0.0/24").unwrap();
        let a = Cidr::parse("10.0.0.0/26").unwrap();
        let b = Cidr::parse("10.0.0.64/26").unwrap();
        assert!(vpc.contains(&a) && vpc.contains(&b));
        assert!(!a.overlaps(&b));
        assert!(vpc.overlaps(&a) && a.overlaps(&vpc));
        assert!(!a.contains(&vpc));
        assert_eq!(
            Cidr::parse("172.31.0.0/16")
                .unwrap()
                .rfc1918_range()
                .unwrap()
                .to_string(),
            "172.16.0.0/12"
        );
        assert_eq!(Cidr::parse("100.64.0.0/16").unwrap().rfc1918_range(), None);
    }
}
