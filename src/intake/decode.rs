//! Bytes → text: byte-order marks, UTF-16 told by its zero bytes, UTF-8 with a Windows-1252 fallback, binary refused.

use super::magic::{self, Magic};
use crate::model::Encoding;

/// A file's text and the encoding it was read in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: Encoding,
}

/// Bytes looked at to tell UTF-16 without a byte-order mark, and binary data, from text.
const SAMPLE: usize = 64 * 1024;
/// Bytes in which one NUL makes a file binary (as `git` and `diff` judge it).
const NUL_WINDOW: usize = 8 * 1024;

/// Reads `bytes` as text; why not (with the byte it is told by) when they are not text.
///
/// Order: a byte-order mark decides (UTF-8, UTF-16 LE/BE; UTF-32 is refused); then a known
/// binary signature refuses (`a PNG image`); then UTF-16 without a mark is told by its zero bytes
/// (one byte of every pair zero, the other not); then a NUL in the first 8 KiB, or control bytes
/// in more than 1 of 20 of the first 64 KiB, refuse as binary; then valid UTF-8 is UTF-8, and
/// invalid UTF-8 reads its invalid bytes as Windows-1252 (so a Latin-1/ANSI log reads as the user
/// wrote it, not as U+FFFD).
pub fn decode(bytes: Vec<u8>) -> Result<Decoded, String> {
    if let Some(d) = decode_marked(&bytes)? {
        return Ok(d);
    }
    // Valid UTF-8 is the text itself (the buffer moved, not copied).
    let (text, mixed) = utf8_or_1252(bytes);
    Ok(utf8_decoded(text, mixed))
}

/// [`decode`] of borrowed bytes (a file's mapped pages, `intake::open_mapped`): the same checks in
/// the same order, the same result, in new text (no copy of the bytes is made first).
pub fn decode_borrowed(bytes: &[u8]) -> Result<Decoded, String> {
    if let Some(d) = decode_marked(bytes)? {
        return Ok(d);
    }
    let (text, mixed) = utf8_with_1252(bytes);
    Ok(utf8_decoded(text, mixed))
}

/// What [`decode`] makes of bytes that are not [`plain`]: a byte-order mark, a known signature,
/// UTF-16 by its zeros, binary; `Ok(None)` when they are to be read as UTF-8 after all (plain
/// bytes, or none of these).
fn decode_marked(bytes: &[u8]) -> Result<Option<Decoded>, String> {
    if plain(bytes) {
        return Ok(None);
    }
    if bytes.starts_with(b"\xff\xfe\x00\x00") || bytes.starts_with(b"\x00\x00\xfe\xff") {
        return Err("this is UTF-32 text (its byte-order mark says so), which this tool does not read: save it as UTF-8 or UTF-16 and add it again".into());
    }
    if let Some(rest) = bytes.strip_prefix(b"\xef\xbb\xbf") {
        let (text, mixed) = utf8_or_1252(rest.to_vec());
        let encoding = if mixed.is_some() {
            Encoding::Utf8Windows1252
        } else {
            Encoding::Utf8Bom
        };
        return Ok(Some(Decoded { text, encoding }));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xff\xfe") {
        return Ok(Some(Decoded {
            text: utf16(rest, false),
            encoding: Encoding::Utf16LeBom,
        }));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xfe\xff") {
        return Ok(Some(Decoded {
            text: utf16(rest, true),
            encoding: Encoding::Utf16BeBom,
        }));
    }
    if let Some(Magic::NotEvidence { what, hint }) = magic::sniff(bytes) {
        return Err(format!(
            "this looks like {what} (told by its first bytes), not text: {hint}"
        ));
    }
    if let Some(big_endian) = utf16_by_zeros(bytes) {
        return Ok(Some(Decoded {
            text: utf16(bytes, big_endian),
            encoding: if big_endian {
                Encoding::Utf16Be
            } else {
                Encoding::Utf16Le
            },
        }));
    }
    if let Some(why) = binary(bytes) {
        return Err(why);
    }
    Ok(None)
}

/// The [`Decoded`] of text read as UTF-8 (`mixed`: what [`utf8_or_1252`] says).
fn utf8_decoded(text: String, mixed: Option<bool>) -> Decoded {
    let encoding = match mixed {
        None => Encoding::Utf8,
        Some(false) => Encoding::Windows1252,
        Some(true) => Encoding::Utf8Windows1252,
    };
    Decoded { text, encoding }
}

/// Whether `bytes` pass every check [`decode`] makes before reading them as UTF-8 (no byte-order
/// mark, no known signature, not UTF-16 by its zeros, not binary): then, when they are also
/// UTF-8, `decode` gives them back unchanged (`Encoding::Utf8`), and a file's pages can be read
/// in place (`intake::open_mapped`). `decode` itself goes by it, so the two cannot differ.
pub fn plain(bytes: &[u8]) -> bool {
    const MARKS: [&[u8]; 5] = [
        b"\xff\xfe\x00\x00",
        b"\x00\x00\xfe\xff",
        b"\xef\xbb\xbf",
        b"\xff\xfe",
        b"\xfe\xff",
    ];
    !MARKS.iter().any(|m| bytes.starts_with(m))
        && magic::sniff(bytes).is_none()
        && utf16_by_zeros(bytes).is_none()
        && binary(bytes).is_none()
}

/// `Some(big_endian)` when the sample reads as UTF-16 without a byte-order mark: in most pairs
/// one byte is zero (ASCII text in UTF-16), always the same one, and the other is not.
fn utf16_by_zeros(bytes: &[u8]) -> Option<bool> {
    let sample = &bytes[..bytes.len().min(SAMPLE)];
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    let (mut zero_even, mut zero_odd) = (0usize, 0usize);
    for p in sample.chunks_exact(2) {
        zero_even += (p[0] == 0) as usize;
        zero_odd += (p[1] == 0) as usize;
    }
    // Text in UTF-16 LE: the high (odd) byte is zero for every ASCII character; the low never.
    let looks = |zeros: usize, other: usize| zeros * 10 >= pairs * 4 && other * 20 <= pairs;
    if looks(zero_odd, zero_even) {
        Some(false)
    } else if looks(zero_even, zero_odd) {
        Some(true)
    } else {
        None
    }
}

/// UTF-16 code units → text; an unpaired surrogate becomes U+FFFD, an odd last byte is dropped.
/// ASCII units are copied as bytes (most of a log), eight at a time while they last; the rest
/// encoded as UTF-8 one by one.
fn utf16(bytes: &[u8], big_endian: bool) -> String {
    let units = bytes.len() / 2;
    let unit = |i: usize| {
        let p = [bytes[2 * i], bytes[2 * i + 1]];
        if big_endian {
            u16::from_be_bytes(p)
        } else {
            u16::from_le_bytes(p)
        }
    };
    // Eight units at a time while they are ASCII (nearly all of a log): the high byte of each
    // zero and the low below 0x80, checked on two little-endian words; their low bytes packed
    // into one word.
    let (ascii_mask, low) = if big_endian {
        (0x80FF_80FF_80FF_80FF_u64, 1)
    } else {
        (0xFF80_FF80_FF80_FF80_u64, 0)
    };
    let mut out = Vec::with_capacity(units + units / 8);
    let mut buf = [0u8; 4];
    let mut i = 0;
    while i < units {
        let mut ascii = 0;
        for c in bytes[2 * i..].chunks_exact(16) {
            let (Ok(a), Ok(b)) = (<[u8; 8]>::try_from(&c[..8]), <[u8; 8]>::try_from(&c[8..]))
            else {
                break;
            };
            let (a, b) = (u64::from_le_bytes(a), u64::from_le_bytes(b));
            if (a | b) & ascii_mask != 0 {
                break;
            }
            // The low byte of each unit: every other byte of each word.
            let (a, b) = if low == 0 { (a, b) } else { (a >> 8, b >> 8) };
            let pack = |w: u64| {
                let w = w & 0x00FF_00FF_00FF_00FF;
                let w = (w | (w >> 8)) & 0x0000_FFFF_0000_FFFF;
                (w | (w >> 16)) & 0xFFFF_FFFF
            };
            out.extend_from_slice(&(pack(a) | (pack(b) << 32)).to_le_bytes());
            ascii += 8;
        }
        i += ascii;
        if i >= units {
            break;
        }
        let u = unit(i);
        i += 1;
        if u < 0x80 {
            out.push(u as u8);
            continue;
        }
        let c = match u {
            0xd800..=0xdbff => match (i < units).then(|| unit(i)) {
                Some(lo @ 0xdc00..=0xdfff) => {
                    i += 1;
                    char::from_u32(
                        0x10000 + ((u32::from(u) - 0xd800) << 10) + (u32::from(lo) - 0xdc00),
                    )
                }
                _ => None,
            },
            _ => char::from_u32(u32::from(u)),
        };
        let c = c.unwrap_or(char::REPLACEMENT_CHARACTER);
        out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
    }
    // Valid by construction (every char was encoded above); checked rather than assumed.
    match simdutf8::basic::from_utf8(&out) {
        // SAFETY: simdutf8 has just validated these very bytes as UTF-8.
        Ok(_) => unsafe { String::from_utf8_unchecked(out) },
        Err(_) => String::from_utf8_lossy(&out).into_owned(),
    }
}

/// Why `bytes` are binary data, with the byte that says so; `None` for text.
fn binary(bytes: &[u8]) -> Option<String> {
    let window = &bytes[..bytes.len().min(NUL_WINDOW)];
    if let Some(at) = memchr::memchr(0, window) {
        let (line, column) = line_col(bytes, at);
        return Some(format!(
            "this is binary data, not text: byte {at} (line {line}, column {column}) is a NUL (0x00), which no log, HAR or answer contains. If it is a log, it was saved in an encoding this tool does not know; save it as UTF-8 or UTF-16 and add it again"
        ));
    }
    let sample = &bytes[..bytes.len().min(SAMPLE)];
    let control = |b: &u8| matches!(b, 0x01..=0x08 | 0x0e..=0x1a | 0x1c..=0x1f | 0x7f);
    let n = sample.iter().filter(|b| control(b)).count();
    if sample.len() >= 16 && n * 20 > sample.len() {
        let at = sample.iter().position(control).unwrap_or(0);
        let (line, column) = line_col(bytes, at);
        return Some(format!(
            "this is binary data, not text: {n} of its first {} bytes are control characters (the first at byte {at}, line {line}, column {column})",
            sample.len()
        ));
    }
    None
}

fn line_col(bytes: &[u8], at: usize) -> (usize, usize) {
    let before = &bytes[..at];
    let line = memchr::memchr_iter(b'\n', before).count() + 1;
    let column = at - memchr::memrchr(b'\n', before).map_or(0, |p| p + 1) + 1;
    (line, column)
}

/// Valid UTF-8 as is (no copy); otherwise every byte that is not part of a valid UTF-8 sequence
/// read as Windows-1252. The flag is `None` for valid UTF-8, `Some(true)` when the text also
/// held multi-byte UTF-8 characters.
fn utf8_or_1252(bytes: Vec<u8>) -> (String, Option<bool>) {
    if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: simdutf8 has just validated these very bytes as UTF-8 (the same check as
        // `String::from_utf8`, with SIMD); the buffer is moved, not copied.
        return (unsafe { String::from_utf8_unchecked(bytes) }, None);
    }
    utf8_with_1252(&bytes)
}

/// [`utf8_or_1252`] in new text: each valid run found and copied at SIMD speed (simdutf8's
/// `compat` check stops at the first invalid byte and says where), each invalid byte read as
/// Windows-1252; bytes that are all UTF-8 are checked and copied in one pass. The flag as
/// [`utf8_or_1252`]'s.
fn utf8_with_1252(bytes: &[u8]) -> (String, Option<bool>) {
    if let Ok(s) = simdutf8::compat::from_utf8(bytes) {
        return (s.to_owned(), None);
    }
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 8);
    let mut multibyte = false;
    let mut rest = bytes;
    while !rest.is_empty() {
        match simdutf8::compat::from_utf8(rest) {
            Ok(s) => {
                multibyte |= !s.is_ascii();
                out.push_str(s);
                break;
            }
            Err(e) => {
                let (good, bad) = rest.split_at(e.valid_up_to().min(rest.len()));
                // Valid by construction; checked again rather than assumed.
                let good = simdutf8::basic::from_utf8(good).unwrap_or_default();
                multibyte |= !good.is_ascii();
                out.push_str(good);
                let n = e
                    .error_len()
                    .unwrap_or(bad.len())
                    .clamp(1, bad.len().max(1));
                out.extend(bad.iter().take(n).map(|&b| windows_1252(b)));
                rest = bad.get(n..).unwrap_or(&[]);
            }
        }
    }
    (out, Some(multibyte))
}

/// Windows-1252 (as the WHATWG Encoding Standard defines it): Latin-1 except 0x80–0x9F.
pub fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '\u{20ac}', '\u{81}', '\u{201a}', '\u{192}', '\u{201e}', '\u{2026}', '\u{2020}',
        '\u{2021}', '\u{2c6}', '\u{2030}', '\u{160}', '\u{2039}', '\u{152}', '\u{8d}', '\u{17d}',
        '\u{8f}', '\u{90}', '\u{2018}', '\u{2019}', '\u{201c}', '\u{201d}', '\u{2022}', '\u{2013}',
        '\u{2014}', '\u{2dc}', '\u{2122}', '\u{161}', '\u{203a}', '\u{153}', '\u{9d}', '\u{17e}',
        '\u{178}',
    ];
    match b {
        0x80..=0x9f => HIGH[(b - 0x80) as usize],
        _ => b as char,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOG: &str =
        "15:34:09:841 PG1A-opc Trace: SetAgentState: ASTID=6420 NewState=AS_NOT_ACTIVE\r\n";

    fn utf16le(s: &str) -> Vec<u8> {
        s.encode_utf16().flat_map(u16::to_le_bytes).collect()
    }
    fn utf16be(s: &str) -> Vec<u8> {
        s.encode_utf16().flat_map(u16::to_be_bytes).collect()
    }

    #[test]
    fn byte_order_marks_decide() {
        let d = decode([b"\xef\xbb\xbf".as_slice(), LOG.as_bytes()].concat()).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (LOG, Encoding::Utf8Bom));
        let d = decode([b"\xff\xfe".to_vec(), utf16le(LOG)].concat()).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (LOG, Encoding::Utf16LeBom));
        let d = decode([b"\xfe\xff".to_vec(), utf16be(LOG)].concat()).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (LOG, Encoding::Utf16BeBom));
        let e = decode(b"\xff\xfe\x00\x00a\x00\x00\x00".to_vec()).unwrap_err();
        assert!(e.contains("UTF-32"), "{e}");
    }

    #[test]
    fn utf16_without_a_mark_is_told_by_its_zero_bytes() {
        let text = format!("{LOG}Größe café ✓\n{LOG}");
        let d = decode(utf16le(&text)).unwrap();
        assert_eq!(
            (d.text.as_str(), d.encoding),
            (text.as_str(), Encoding::Utf16Le)
        );
        let d = decode(utf16be(&text)).unwrap();
        assert_eq!(
            (d.text.as_str(), d.encoding),
            (text.as_str(), Encoding::Utf16Be)
        );
        // Two characters are enough.
        assert_eq!(decode(utf16le("{}")).unwrap().text, "{}");
        // Surrogate pairs read as one character; an unpaired one as U+FFFD.
        let d = decode([b"\xff\xfe".to_vec(), utf16le("a😀b")].concat()).unwrap();
        assert_eq!(d.text, "a😀b");
        let lone: Vec<u8> = [0xff, 0xfe, b'a', 0, 0x3d, 0xd8, b'b', 0].to_vec();
        assert_eq!(decode(lone).unwrap().text, "a\u{fffd}b");
    }

    #[test]
    fn invalid_utf8_reads_as_windows_1252_not_replacement_characters() {
        // "Café – 5 €" as Windows-1252.
        let d = decode(b"Caf\xe9 \x96 5 \x80\n".to_vec()).unwrap();
        assert_eq!(d.text, "Café – 5 €\n");
        assert_eq!(d.encoding, Encoding::Windows1252);
        // Mixed: the valid UTF-8 stays UTF-8, the stray byte is Windows-1252.
        let d = decode("naïve ".bytes().chain([0xe9, b'!']).collect()).unwrap();
        assert_eq!(d.text, "naïve é!");
        assert_eq!(d.encoding, Encoding::Utf8Windows1252);
        assert!(!d.text.contains('\u{fffd}'));
        let d = decode(LOG.as_bytes().to_vec()).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (LOG, Encoding::Utf8));
        // A lone lead byte at the very end.
        assert_eq!(decode(b"ok\xc3".to_vec()).unwrap().text, "okÃ");
    }

    #[test]
    fn binary_is_refused_with_the_byte_that_tells() {
        let e = decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec()).unwrap_err();
        assert!(e.starts_with("this looks like a PNG image"), "{e}");
        let mut b = b"line one\nline two has a NUL here:".to_vec();
        b.push(0);
        b.extend_from_slice(b"\x01\x02\xff more");
        let e = decode(b).unwrap_err();
        assert!(e.contains("byte 33 (line 2, column 25) is a NUL"), "{e}");
        let noise: Vec<u8> = (0..400u32).map(|i| (i * 7 % 31 + 1) as u8).collect();
        let e = decode(noise).unwrap_err();
        assert!(e.contains("control characters"), "{e}");
        // A tab-separated, ANSI-coloured log is text.
        assert!(decode(b"a\tb\x1b[31mred\x1b[0m\x0c\n".to_vec()).is_ok());
    }

    #[test]
    fn empty_bytes_are_empty_utf8_text() {
        assert_eq!(
            decode(vec![]).unwrap(),
            Decoded {
                text: String::new(),
                encoding: Encoding::Utf8
            }
        );
    }

    /// What `utf16` must give: the standard library's lossy decoding of the same units.
    fn reference(units: &[u16]) -> String {
        String::from_utf16_lossy(units)
    }

    fn le(units: &[u16]) -> Vec<u8> {
        units.iter().flat_map(|u| u.to_le_bytes()).collect()
    }

    fn be(units: &[u16]) -> Vec<u8> {
        units.iter().flat_map(|u| u.to_be_bytes()).collect()
    }

    #[test]
    fn utf16_eight_at_a_time_reads_as_the_standard_library() {
        // ASCII runs of every length around the eight-unit step, broken by a non-ASCII unit, a
        // pair, a lone surrogate, a unit whose high byte alone is set (0x0100) and 0x0080.
        let breaks: [&[u16]; 6] = [
            &[0xe9],
            &[0xd83d, 0xde00],
            &[0xd800],
            &[0x0100],
            &[0x80],
            &[0xdc00],
        ];
        for n in 0..40 {
            for b in breaks {
                let mut units: Vec<u16> =
                    (0..n).map(|k| u16::from(b'a') + (k % 26) as u16).collect();
                units.extend_from_slice(b);
                units.extend((0..n).map(|k| u16::from(b'0') + (k % 10) as u16));
                let want = reference(&units);
                assert_eq!(utf16(&le(&units), false), want, "LE, {n} then {b:x?}");
                assert_eq!(utf16(&be(&units), true), want, "BE, {n} then {b:x?}");
                // An odd last byte is dropped.
                let mut odd = le(&units);
                odd.push(b'x');
                assert_eq!(utf16(&odd, false), want);
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn utf16_reads_any_units_as_the_standard_library(
            units in proptest::collection::vec(
                proptest::prop_oneof![8 => 0x20u16..0x7f, 1 => proptest::num::u16::ANY],
                0..200,
            )
        ) {
            let want = reference(&units);
            proptest::prop_assert_eq!(utf16(&le(&units), false), want.clone());
            proptest::prop_assert_eq!(utf16(&be(&units), true), want);
        }

        #[test]
        fn borrowed_bytes_decode_as_owned_ones(
            bytes in proptest::collection::vec(
                proptest::prop_oneof![8 => 0x20u8..0x7f, 1 => proptest::num::u8::ANY],
                0..300,
            ),
            mark in 0usize..6,
        ) {
            let marks: [&[u8]; 6] = [b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\0\0", b"\x89PNG\r\n\x1a\n"];
            let bytes = [marks[mark], &bytes].concat();
            proptest::prop_assert_eq!(decode_borrowed(&bytes), decode(bytes.clone()));
        }
    }

    #[test]
    fn borrowed_bytes_decode_as_owned_ones_in_every_encoding() {
        let text =
            "15:34:09:841 PG1A-opc Trace: SetAgentState: ASTID=6420 agent Zoé 😀\r\n".repeat(20);
        let mut latin = text.replace('😀', "").into_bytes();
        latin.extend_from_slice(b"Zo\xe9\r\n");
        let shapes: Vec<Vec<u8>> = vec![
            text.clone().into_bytes(),
            [b"\xef\xbb\xbf".as_slice(), text.as_bytes()].concat(),
            [b"\xff\xfe".as_slice(), &utf16le(&text)].concat(),
            [b"\xfe\xff".as_slice(), &utf16be(&text)].concat(),
            utf16le(&text),
            utf16be(&text),
            latin,
            b"\xff\xfe\0\0abc".to_vec(),
            b"a\0b".to_vec(),
            vec![],
        ];
        for bytes in shapes {
            let owned = decode(bytes.clone());
            assert_eq!(
                decode_borrowed(&bytes),
                owned,
                "{:?}",
                &bytes[..bytes.len().min(8)]
            );
        }
    }
}
