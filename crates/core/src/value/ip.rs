//! IP addresses and CIDR blocks for `IpAddress` / `NotIpAddress`.
//!
//! Why: "IAM JSON policy elements: Condition operators", section "IP address condition
//! operators": values use the standard CIDR format (IPv4 or IPv6); a value without a prefix
//! length is a single address (`/32` or `/128`). An address only falls in a block of its own
//! family. Parsing uses `std::net` and never panics.

use std::net::IpAddr;

use super::ValueError;

/// A CIDR block: a network address and a prefix length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cidr {
    address: IpAddr,
    prefix: u8,
}

/// Parses a policy value: `203.0.113.0/24`, `2001:db8::/32` or a single address.
///
/// # Errors
///
/// [`ValueError::NotABlock`] or [`ValueError::BadPrefix`] when `text` is not an address or CIDR
/// block.
pub fn parse_cidr(text: &str) -> Result<Cidr, ValueError> {
    let t = text.trim();
    let (address, prefix) = match t.split_once('/') {
        Some((a, p)) => (a, Some(p)),
        None => (t, None),
    };
    let address: IpAddr = address
        .parse()
        .map_err(|_| ValueError::NotABlock(text.to_owned()))?;
    let max = if address.is_ipv4() { 32 } else { 128 };
    let prefix = match prefix {
        None => max,
        Some(p) => match p.parse::<u8>() {
            Ok(n) if n <= max && !p.starts_with('+') => n,
            _ => {
                return Err(ValueError::BadPrefix {
                    text: text.to_owned(),
                    max,
                });
            }
        },
    };
    Ok(Cidr { address, prefix })
}

/// Parses a request value: a single IPv4 or IPv6 address.
///
/// # Errors
///
/// [`ValueError::NotAnAddress`] when `text` is not an address.
pub fn parse_address(text: &str) -> Result<IpAddr, ValueError> {
    text.trim()
        .parse()
        .map_err(|_| ValueError::NotAnAddress(text.to_owned()))
}

impl Cidr {
    /// Whether `address` lies in this block.
    #[must_use]
    pub fn contains(&self, address: IpAddr) -> bool {
        match (self.address, address) {
            (IpAddr::V4(net), IpAddr::V4(a)) => prefix_equal(
                u128::from(u32::from(net)) << 96,
                u128::from(u32::from(a)) << 96,
                self.prefix,
            ),
            (IpAddr::V6(net), IpAddr::V6(a)) => {
                prefix_equal(u128::from(net), u128::from(a), self.prefix)
            }
            _ => false,
        }
    }
}

/// Whether the first `prefix` bits of `a` and `b` are equal.
fn prefix_equal(a: u128, b: u128, prefix: u8) -> bool {
    if prefix == 0 {
        return true;
    }
    let mask = u128::MAX << (128 - u32::from(prefix.min(128)));
    (a & mask) == (b & mask)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(cidr: &str, address: &str, expected: bool) {
        let (Ok(c), Ok(a)) = (parse_cidr(cidr), parse_address(address)) else {
            panic!("`{cidr}` or `{address}` did not parse");
        };
        assert_eq!(c.contains(a), expected, "{address} in {cidr}");
    }

    #[test]
    fn table() {
        check("203.0.113.0/24", "203.0.113.9", true);
        check("203.0.113.0/24", "198.51.100.1", false);
        check("203.0.113.7", "203.0.113.7", true);
        check("203.0.113.7/32", "203.0.113.8", false);
        check("0.0.0.0/0", "8.8.8.8", true);
        check("2001:db8::/32", "2001:db8::1", true);
        check("2001:db8::/32", "2001:db9::1", false);
        check("::/0", "2001:db8::1", true);
        check("2001:db8::1", "2001:db8::1", true);
        check("203.0.113.0/24", "::ffff:203.0.113.9", false);
        check("0.0.0.0/0", "::1", false);
        check("10.0.0.0/8", "10.255.255.255", true);
        check("10.0.0.0/9", "10.128.0.0", false);
    }

    #[test]
    fn rejects_invalid_blocks() {
        for text in [
            "",
            "ten",
            "203.0.113.0/33",
            "2001:db8::/129",
            "1.2.3/8",
            "1.2.3.4/",
            "1.2.3.4/-1",
            "1.2.3.4/+8",
            "256.0.0.1",
        ] {
            assert!(parse_cidr(text).is_err(), "{text:?} should not parse");
        }
    }

    proptest::proptest! {
        #[test]
        fn parsing_never_panics(text in "\\PC{0,40}") {
            let _ = parse_cidr(&text);
            let _ = parse_address(&text);
        }

        #[test]
        fn a_block_contains_its_own_address(a in proptest::prelude::any::<u32>(), prefix in 0u8..=32) {
            let address = std::net::Ipv4Addr::from(a);
            let cidr = parse_cidr(&format!("{address}/{prefix}"));
            proptest::prop_assert!(cidr.is_ok_and(|c| c.contains(IpAddr::V4(address))));
        }
    }
}
