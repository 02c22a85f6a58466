//! Where a JSON string ends: 64 bytes at a time (wasm simd128 in the page, u64 SWAR elsewhere), escaped quotes told from the backslash runs, and anything serde_json would reject inside a string reported as irregular.
//!
//! The cost of finding the closing quote does not depend on how many escapes the string holds:
//! which characters are escaped is computed for a whole block from the backslash runs (simdjson's
//! odd-backslash-sequence trick); only the escaped characters themselves are then checked one by
//! one (`" \ / b f n r t` or `u` and four hex digits), as serde_json checks them.

/// The closing quote of a string and what its content holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct StrEnd {
    /// Index (into the whole input) of the closing quote.
    pub end: usize,
    /// Whether the content holds a byte ≥ 0x80 (then it must still be checked as UTF-8).
    pub non_ascii: bool,
    /// Whether the content holds a backslash (then it must be decoded to be read).
    pub escapes: bool,
}

/// Given `b` and `start`, the index just after a string's opening quote: where the string ends.
///
/// `None` when the string is irregular — a raw control byte (< 0x20), an escape other than
/// `\" \\ \/ \b \f \n \r \t \uXXXX` — or does not end before the input does. A `Some` string is one
/// serde_json reads without error, except that its UTF-8 is not checked here (see `non_ascii`).
pub(crate) fn string_end(b: &[u8], start: usize) -> Option<StrEnd> {
    let mut pos = start;
    // 1 when the first byte of the next block is escaped by a backslash at the end of this one.
    let mut prev_escaped = 0u64;
    // Positions in the next block that must be hex digits (the rest of a `\uXXXX`).
    let mut hex_carry = 0u64;
    let mut non_ascii = false;
    let mut escapes = false;
    loop {
        let rest = b.get(pos..)?;
        let (m, full) = match rest.first_chunk::<64>() {
            Some(block) => (masks(block), true),
            None if rest.is_empty() => return None,
            None => {
                let mut pad = [b' '; 64];
                pad.get_mut(..rest.len())?.copy_from_slice(rest);
                (masks(&pad), false)
            }
        };
        let escaped = find_escaped(&mut prev_escaped, m.backslash);
        let quotes = m.quote & !escaped;
        // `before`: the content of the string in this block (up to, not including, the quote).
        let (before, end) = if quotes != 0 {
            let q = quotes.trailing_zeros();
            ((1u64 << q) - 1, Some(q))
        } else {
            (u64::MAX, None)
        };
        if m.control & before != 0 {
            return None;
        }
        non_ascii |= m.high & before != 0;
        escapes |= m.backslash & before != 0;
        // Escaped characters; each `\u` asks for four hex digits after it (maybe in the next block).
        let mut hex = u128::from(hex_carry);
        // `\"` and `\\` (most escapes in bodies) need no look.
        let mut e = escaped & before & !(m.quote | m.backslash);
        while e != 0 {
            let i = e.trailing_zeros();
            let c = *rest.get(i as usize)?;
            if c == b'u' {
                hex |= 0b1_1110u128 << i;
            } else if !matches!(c, b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') {
                return None;
            }
            e &= e - 1;
        }
        // The digits must come before the quote (the quote itself is no hex digit).
        let mut h = hex as u64;
        if let Some(q) = end {
            if (h >> q) & 1 != 0 {
                return None;
            }
            h &= before;
        }
        while h != 0 {
            let i = h.trailing_zeros();
            if !rest.get(i as usize)?.is_ascii_hexdigit() {
                return None;
            }
            h &= h - 1;
        }
        hex_carry = (hex >> 64) as u64;
        if let Some(q) = end {
            return Some(StrEnd {
                end: pos + q as usize,
                non_ascii,
                escapes,
            });
        }
        if !full {
            return None;
        }
        pos += 64;
    }
}

/// Which characters of a block are escaped (the character right after each escaping backslash),
/// from the backslash mask and the carry from the block before (simdjson's `find_escaped`).
#[inline]
fn find_escaped(prev_escaped: &mut u64, backslash: u64) -> u64 {
    const EVEN_BITS: u64 = 0x5555_5555_5555_5555;
    // A backslash that is itself escaped starts nothing.
    let backslash = backslash & !*prev_escaped;
    let follows_escape = (backslash << 1) | *prev_escaped;
    // Runs of backslashes starting on an odd bit: adding them to the backslash mask carries
    // past each run's end, which tells odd-length runs from even ones.
    let odd_sequence_starts = backslash & !EVEN_BITS & !follows_escape;
    let (sequences_starting_on_even_bits, overflow) =
        odd_sequence_starts.overflowing_add(backslash);
    *prev_escaped = u64::from(overflow);
    let invert_mask = sequences_starting_on_even_bits << 1;
    (EVEN_BITS ^ invert_mask) & follows_escape
}

/// One bit per byte of a 64-byte block, bit i for byte i.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Masks {
    quote: u64,
    backslash: u64,
    /// Bytes below 0x20.
    control: u64,
    /// Bytes at or above 0x80.
    high: u64,
}

/// The masks with wasm's 128-bit vectors, 16 bytes at a time (the page's build enables simd128).
/// Written without iterators or `copy_from_slice`: the page is built for size (opt-level "z"),
/// which would leave those as calls; this way each 16 bytes is one `v128.load`.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[inline(always)]
fn masks(block: &[u8; 64]) -> Masks {
    use std::arch::wasm32::*;
    let mut m = Masks::default();
    let mut k = 0;
    while k < 4 {
        let off = k * 16;
        let Some(lane) = block
            .get(off..off + 16)
            .and_then(|s| <&[u8; 16]>::try_from(s).ok())
        else {
            break;
        };
        let x = u128::from_le_bytes(*lane);
        let v = u64x2(x as u64, (x >> 64) as u64);
        let bits = |x: v128| u64::from(i8x16_bitmask(x)) << off;
        m.quote |= bits(i8x16_eq(v, u8x16_splat(b'"')));
        m.backslash |= bits(i8x16_eq(v, u8x16_splat(b'\\')));
        m.control |= bits(u8x16_lt(v, u8x16_splat(0x20)));
        m.high |= bits(v);
        k += 1;
    }
    m
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
#[inline(always)]
fn masks(block: &[u8; 64]) -> Masks {
    masks_swar(block)
}

/// The masks with plain u64 arithmetic, 8 bytes at a time (any target; the reference for the
/// vector versions in the tests).
#[cfg_attr(
    all(target_arch = "wasm32", target_feature = "simd128"),
    allow(dead_code)
)]
#[inline(always)]
fn masks_swar(block: &[u8; 64]) -> Masks {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const ONES: u64 = 0x0101_0101_0101_0101;
    // 0x80 in each byte of `x` that is zero, exactly (no borrow between bytes).
    let zeros = |x: u64| !(((x & LOW7) + LOW7) | x | LOW7);
    // 0x80 per byte → one bit per byte, byte i → bit i.
    let pack = |x: u64| ((x >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) & 0xFF;
    // A byte below 0x20: its low 7 bits plus 0x60 stay below 0x80, and its top bit is clear.
    let control = |x: u64| !(((x & LOW7) + ONES * 0x60) | x) & HIGH;
    let mut m = Masks::default();
    let mut rare = 0;
    for (k, chunk) in block.chunks_exact(8).enumerate() {
        let mut w = [0u8; 8];
        w.copy_from_slice(chunk);
        let x = u64::from_le_bytes(w);
        let off = k * 8;
        m.quote |= pack(zeros(x ^ (ONES * u64::from(b'"')))) << off;
        m.backslash |= pack(zeros(x ^ (ONES * u64::from(b'\\')))) << off;
        rare |= control(x) | (x & HIGH);
    }
    // Control and non-ASCII bytes are rare in bodies: packed only when there are some.
    if rare != 0 {
        for (k, chunk) in block.chunks_exact(8).enumerate() {
            let mut w = [0u8; 8];
            w.copy_from_slice(chunk);
            let x = u64::from_le_bytes(w);
            let off = k * 8;
            m.control |= pack(control(x)) << off;
            m.high |= pack(x & HIGH) << off;
        }
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// serde_json's rules, one byte at a time.
    fn naive(b: &[u8], start: usize) -> Option<StrEnd> {
        let mut i = start;
        let (mut non_ascii, mut escapes) = (false, false);
        loop {
            let c = *b.get(i)?;
            match c {
                b'"' => {
                    return Some(StrEnd {
                        end: i,
                        non_ascii,
                        escapes,
                    })
                }
                b'\\' => {
                    escapes = true;
                    match *b.get(i + 1)? {
                        b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => i += 2,
                        b'u' => {
                            let d = b.get(i + 2..i + 6)?;
                            if !d.iter().all(u8::is_ascii_hexdigit) {
                                return None;
                            }
                            i += 6;
                        }
                        _ => return None,
                    }
                }
                0..=0x1F => return None,
                0x80.. => {
                    non_ascii = true;
                    i += 1;
                }
                _ => i += 1,
            }
        }
    }

    fn check(b: &[u8]) {
        for start in [0, 1, 7] {
            if start > b.len() {
                continue;
            }
            let fast = string_end(b, start);
            assert_eq!(fast, naive(b, start), "{:?} from {start}", b);
            // What we accept, serde_json accepts (a string read and skipped).
            if let (Some(f), Some(open)) = (fast, start.checked_sub(1)) {
                let mut s = b.get(open..=f.end).unwrap().to_vec();
                s[0] = b'"';
                assert!(
                    serde_json::from_slice::<serde::de::IgnoredAny>(&s).is_ok(),
                    "{:?}",
                    String::from_utf8_lossy(&s)
                );
            }
        }
    }

    #[test]
    fn plain_and_escaped_ends() {
        assert_eq!(string_end(b"abc\"", 0).map(|s| s.end), Some(3));
        assert_eq!(string_end(b"a\\\"c\"", 0).map(|s| s.end), Some(4));
        assert_eq!(string_end(b"a\\\\\"c\"", 0).map(|s| s.end), Some(3));
        assert_eq!(string_end(b"\\u00e9\"", 0).map(|s| s.end), Some(6));
        assert_eq!(string_end(b"no end", 0), None);
        assert_eq!(string_end(b"", 0), None);
        assert_eq!(string_end(b"x", 5), None);
        // Irregular: a raw tab, an unknown escape, `\u` without four hex digits.
        assert_eq!(string_end(b"a\tb\"", 0), None);
        assert_eq!(string_end(b"a\\xb\"", 0), None);
        assert_eq!(string_end(b"\\u12\"", 0), None);
        assert_eq!(string_end(b"\\u12g4\"", 0), None);
        let s = string_end("é\"".as_bytes(), 0).unwrap();
        assert!(s.non_ascii && !s.escapes);
    }

    /// Runs of backslashes, `\u` escapes and quotes across block boundaries, at every offset.
    #[test]
    fn escapes_across_blocks() {
        for run in 0..70 {
            for lead in 0..70 {
                let mut b = vec![b'a'; lead];
                b.extend(std::iter::repeat_n(b'\\', run));
                b.extend_from_slice(b"\"xy\\u0041\"z");
                check(&b);
            }
        }
        for lead in 55..70 {
            let mut b = vec![b'a'; lead];
            b.extend_from_slice(b"\\u00");
            b.extend_from_slice(b"4\"");
            check(&b);
            b.push(b'"');
            check(&b);
        }
        for pos in 0..140 {
            let mut b = vec![b'a'; 140];
            b[pos] = 0x1F;
            b.push(b'"');
            check(&b);
        }
    }

    #[test]
    fn masks_match_byte_by_byte() {
        let mut x = 0x1234_5678_9ABC_DEF1u64;
        for _ in 0..2000 {
            let mut block = [0u8; 64];
            for b in block.iter_mut() {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                *b = match x % 5 {
                    0 => b'"',
                    1 => b'\\',
                    _ => (x >> 8) as u8,
                };
            }
            assert_eq!(masks_swar(&block), masks(&block));
            let naive = |f: fn(u8) -> bool| {
                block
                    .iter()
                    .enumerate()
                    .fold(0u64, |m, (i, &c)| m | (u64::from(f(c)) << i))
            };
            let m = masks_swar(&block);
            assert_eq!(m.quote, naive(|c| c == b'"'));
            assert_eq!(m.backslash, naive(|c| c == b'\\'));
            assert_eq!(m.control, naive(|c| c < 0x20));
            assert_eq!(m.high, naive(|c| c >= 0x80));
        }
    }

    fn bytes_with_escapes() -> impl Strategy<Value = Vec<u8>> {
        let byte = prop_oneof![
            6 => Just(b'\\'),
            3 => Just(b'"'),
            2 => Just(b'u'),
            3 => prop::sample::select(b"0123456789abcdefABCDEF".to_vec()),
            3 => prop::sample::select(b"/bfnrtxz ".to_vec()),
            1 => any::<u8>(),
        ];
        prop::collection::vec(byte, 0..300)
    }

    /// Long strings: quotes rare, backslash runs, some non-ASCII and control bytes.
    fn long_bytes() -> impl Strategy<Value = Vec<u8>> {
        let byte = prop_oneof![
            150 => Just(b'a'),
            8 => Just(b'\\'),
            1 => Just(b'"'),
            2 => Just(b'u'),
            3 => prop::sample::select(b"0123456789abcdef/nt".to_vec()),
            1 => any::<u8>(),
        ];
        prop::collection::vec(byte, 0..700)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn agrees_with_the_byte_by_byte_reading(b in bytes_with_escapes()) {
            check(&b);
        }

        #[test]
        fn agrees_on_long_strings(b in long_bytes()) {
            check(&b);
        }
    }
}
