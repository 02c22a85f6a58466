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

/// A xorshift64 generator for the randomised tests that compare a fast path with its reference.
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
