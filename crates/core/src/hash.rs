//! A small, stable, dependency-free hash for ids and digests that must not change between runs
//! or versions (the standard library's hashers are randomised or unspecified).

/// The 64-bit FNV-1a hash of `bytes`.
///
/// # Examples
///
/// ```
/// use rolecall_core::hash::fnv1a_64;
/// assert_eq!(fnv1a_64(b""), 0xcbf2_9ce4_8422_2325);
/// assert_eq!(fnv1a_64(b"a"), 0xaf63_dc4c_8601_ec8c);
/// ```
#[must_use]
pub fn fnv1a_64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}
