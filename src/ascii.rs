//! ASCII byte classes as 256-entry tables, for the parsers' per-byte loops (one load per byte).

/// A table that is true for ASCII letters and digits and for each byte of `extra`.
pub(crate) const fn alnum_and(extra: &[u8]) -> [bool; 256] {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 256 {
        t[c] = (c as u8).is_ascii_alphanumeric();
        c += 1;
    }
    let mut i = 0;
    while i < extra.len() {
        t[extra[i] as usize] = true;
        i += 1;
    }
    t
}

/// Bytes of an identifier (`[A-Za-z0-9_]`): PG trace function names, logged ARM message names.
pub(crate) static IDENT_BYTE: [bool; 256] = alnum_and(b"_");

/// A xorshift64 generator for the randomised tests that compare a fast path with its reference.
#[cfg(test)]
pub(crate) struct TestRng(pub u64);

#[cfg(test)]
impl TestRng {
    /// The next state, which is also the value.
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_match_their_definition() {
        for b in 0..=255u8 {
            let i = usize::from(b);
            assert_eq!(IDENT_BYTE[i], b.is_ascii_alphanumeric() || b == b'_', "{b}");
            assert_eq!(
                alnum_and(b"._$")[i],
                b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'$'),
                "{b}"
            );
        }
    }
}
