//! ASCII helpers for the parsers' per-byte loops: byte classes as 256-entry tables, quick trims (a leaf).

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

/// `s.trim()`, quicker on the usual text: blanks are taken off both ends first, and when what is
/// left starts and ends with a printable ASCII character (never white space) that is the answer;
/// otherwise `str::trim` finishes the job (other white space, non-ASCII ends).
#[inline]
pub(crate) fn trim(s: &str) -> &str {
    let b = s.as_bytes();
    let mut a = 0;
    while a < b.len() && b[a] == b' ' {
        a += 1;
    }
    let mut e = b.len();
    while e > a && b[e - 1] == b' ' {
        e -= 1;
    }
    // Cut next to ASCII spaces: character boundaries.
    let t = s.get(a..e).unwrap_or("");
    match (t.as_bytes().first(), t.as_bytes().last()) {
        (Some(f), Some(l)) if f.is_ascii_graphic() && l.is_ascii_graphic() => t,
        _ => t.trim(),
    }
}

/// `s.trim_start()`, quicker on the usual text (see [`trim`]): spaces are skipped first, and when
/// what follows is a printable ASCII character (or nothing) that is the answer.
#[inline]
pub(crate) fn trim_start(s: &str) -> &str {
    let b = s.as_bytes();
    let mut a = 0;
    while a < b.len() && b[a] == b' ' {
        a += 1;
    }
    // Cut after ASCII spaces: a character boundary.
    let t = s.get(a..).unwrap_or("");
    match t.as_bytes().first() {
        None => t,
        Some(f) if f.is_ascii_graphic() => t,
        _ => t.trim_start(),
    }
}

/// `s.trim_end()`, quicker on the usual text (see [`trim`]): spaces are taken off first, and when
/// what is left ends with a printable ASCII character (or is empty) that is the answer.
#[inline]
pub(crate) fn trim_end(s: &str) -> &str {
    let b = s.as_bytes();
    let mut e = b.len();
    while e > 0 && b[e - 1] == b' ' {
        e -= 1;
    }
    // Cut before ASCII spaces: a character boundary.
    let t = s.get(..e).unwrap_or("");
    match t.as_bytes().last() {
        None => t,
        Some(l) if l.is_ascii_graphic() => t,
        _ => t.trim_end(),
    }
}

/// Percent-decodes `raw` (`%41` → `A`; `+` → space when `plus`; a `%` without two hex digits
/// stays as written), calling `from(i)` with the input offset of each output byte.
pub(crate) fn percent_decode_with(raw: &[u8], plus: bool, mut from: impl FnMut(usize)) -> Vec<u8> {
    let hex = |c: u8| (c as char).to_digit(16);
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        from(i);
        match raw[i] {
            b'%' if i + 2 < raw.len() => match (hex(raw[i + 1]), hex(raw[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 3;
                }
                _ => {
                    out.push(b'%');
                    i += 1;
                }
            },
            b'+' if plus => {
                out.push(b' ');
                i += 1;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// The decimal digits of 0..1000, left-aligned, and how many there are (`(2, *b"42\0")`).
pub(crate) static SMALL_DECIMAL: [(u8, [u8; 3]); 1000] = {
    let mut t = [(0u8, [0u8; 3]); 1000];
    let mut n = 0;
    while n < 1000 {
        t[n] = if n < 10 {
            (1, [b'0' + n as u8, 0, 0])
        } else if n < 100 {
            (2, [b'0' + (n / 10) as u8, b'0' + (n % 10) as u8, 0])
        } else {
            (
                3,
                [
                    b'0' + (n / 100) as u8,
                    b'0' + (n / 10 % 10) as u8,
                    b'0' + (n % 10) as u8,
                ],
            )
        };
        n += 1;
    }
    t
};

/// 0..1000 in three digits (`007`): the groups of a larger number.
pub(crate) static PADDED_DECIMAL: [[u8; 3]; 1000] = {
    let mut t = [[0u8; 3]; 1000];
    let mut n = 0;
    while n < 1000 {
        t[n] = [
            b'0' + (n / 100) as u8,
            b'0' + (n / 10 % 10) as u8,
            b'0' + (n % 10) as u8,
        ];
        n += 1;
    }
    t
};

/// 10⁰ … 10¹⁹.
const POWERS_OF_TEN: [u64; 20] = {
    let mut t = [1u64; 20];
    let mut k = 1;
    while k < 20 {
        t[k] = t[k - 1] * 10;
        k += 1;
    }
    t
};

/// `n` in decimal (what `n.to_string()` gives) without the formatting machinery: the digits
/// left-aligned in a fixed buffer, and how many there are. A writer can copy the whole buffer
/// (a fixed-size copy, no call) and keep the first `len` bytes.
#[inline]
pub(crate) fn decimal(n: u64) -> ([u8; 20], usize) {
    // How many digits: ⌊log10⌋ from the bit length (Bit Twiddling Hacks' IntegerLog10), without
    // `ilog10`'s slower general path.
    let bits = 64 - (n | 1).leading_zeros() as usize;
    let t = (bits * 1233) >> 12;
    let len = t + usize::from(POWERS_OF_TEN.get(t).is_some_and(|&p| n >= p));
    let len = len.max(1);
    let mut b = [b'0'; 20];
    // Three digits at a time from the right, then the one to three that lead.
    let mut at = len;
    let mut n = n;
    while n >= 1000 {
        at = at.saturating_sub(3);
        if let Some(slot) = b.get_mut(at..at + 3) {
            slot.copy_from_slice(&PADDED_DECIMAL[(n % 1000) as usize]);
        }
        n /= 1000;
    }
    let (lead, d) = SMALL_DECIMAL[n as usize];
    let lead = usize::from(lead);
    if let (Some(slot), Some(d)) = (b.get_mut(..lead), d.get(..lead)) {
        slot.copy_from_slice(d);
    }
    (b, len)
}

/// A xorshift64 generator for the randomised tests that compare a fast path with its reference.
/// `x` (below 10⁸) as exactly eight ASCII digits packed in a word, the first digit in the
/// lowest byte (`to_le_bytes` gives them in order), and how many of them are significant (1 for
/// 0). Computed lane-wise in the word (divisions by 10⁴, 100 and 10 as multiplications), without
/// a loop or a table; a writer copies the word at once.
#[inline]
pub(crate) fn eight_digits(x: u32) -> (u64, usize) {
    let x = u64::from(x);
    // Two 32-bit lanes: the first four digits, the last four.
    let v = (x / 10_000) | ((x % 10_000) << 32);
    // Each lane (< 10⁴) into its hundreds and the rest, as 16-bit lanes: x / 100 = x * 5243 >> 19
    // for x < 43 699.
    let q = ((v * 5243) >> 19) & 0x0000_007F_0000_007F;
    let v = q | ((v - 100 * q) << 16);
    // Each 16-bit lane (< 100) into its tens and units, as bytes: x / 10 = x * 103 >> 10 for
    // x < 1029.
    let t = ((v * 103) >> 10) & 0x000F_000F_000F_000F;
    let digits = t | ((v - 10 * t) << 8);
    // Leading zero digits are the low zero bytes.
    let leading = (digits.trailing_zeros() / 8).min(7) as usize;
    (digits + 0x3030_3030_3030_3030, 8 - leading)
}

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
    fn decimal_is_to_string() {
        let mut rng = TestRng(0x2545_F491_4F6C_DD1D);
        let mut cases: Vec<u64> = vec![0, 9, 10, 99, 100, 999, 1000, 1001, 999_999, 1_000_000];
        cases.extend([u64::MAX, u64::MAX - 1]);
        cases.extend((0..20).flat_map(|k| [10u64.pow(k), 10u64.pow(k) - 1, 10u64.pow(k) + 1]));
        cases.extend((0..5000).map(|_| rng.next() >> (rng.next() % 64)));
        for n in cases {
            let (b, len) = decimal(n);
            assert_eq!(std::str::from_utf8(&b[..len]).unwrap(), n.to_string());
        }
    }

    #[test]
    fn eight_digits_are_the_padded_number() {
        let mut rng = TestRng(0x9E37_79B9_7F4A_7C15);
        let mut cases: Vec<u32> = (0..20_000).collect();
        cases.extend((1..=8).flat_map(|k| [10u32.pow(k) - 1, 10u32.pow(k - 1)]));
        cases.extend((0..20_000).map(|_| (rng.next() % 100_000_000) as u32));
        for x in cases.into_iter().filter(|&x| x < 100_000_000) {
            let (word, len) = eight_digits(x);
            let padded = format!("{x:08}");
            assert_eq!(word.to_le_bytes(), padded.as_bytes(), "{x}");
            assert_eq!(len, x.to_string().len(), "{x}");
        }
    }

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
