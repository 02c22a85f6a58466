//! Edits by span: what replaces which bytes, decoded views of escaped text with the way back to
//! the raw bytes, and applying the edits so that nothing outside them changes.

use std::borrow::Cow;
use std::ops::Range;

/// One replacement: the bytes `at` (in the text being sanitized) become `with` (a marker, possibly
/// quoted where it replaces a JSON number).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Edit {
    pub at: Range<usize>,
    pub with: Cow<'static, str>,
}

/// How a decoded view was escaped in the text around it: what a replacement must be escaped as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Layer {
    /// The content of a JSON string literal.
    JsonString,
    /// XML character data or an attribute value.
    Xml,
    /// A percent-encoded URL component or form value.
    Percent,
}

impl Layer {
    /// `with` as it must be written in the raw text of this layer. Markers are plain ASCII
    /// (`[redacted:x]`); only the quotes of a quoted marker need escaping.
    fn escape(self, with: Cow<'static, str>) -> Cow<'static, str> {
        if !with.contains(['"', '\\']) {
            return with;
        }
        let mut out = String::with_capacity(with.len() + 4);
        for c in with.chars() {
            match (self, c) {
                (Layer::JsonString, '"') => out.push_str("\\\""),
                (Layer::JsonString, '\\') => out.push_str("\\\\"),
                (Layer::Xml, '"') => out.push_str("&quot;"),
                (Layer::Percent, '"') => out.push_str("%22"),
                (Layer::Percent, '\\') => out.push_str("%5C"),
                (_, c) => out.push(c),
            }
        }
        Cow::Owned(out)
    }
}

/// How a view was decoded (to rebuild its offset map when an edit needs it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Decoder {
    Json,
    Percent { plus: bool },
    Xml,
}

/// A decoded view of a raw span: the text the sanitizer reads, and the way back from its bytes
/// to the raw ones. The offset map is built only when an edit is lifted (most strings have none).
#[derive(Debug, Clone)]
pub(crate) struct Decoded<'a> {
    pub text: Cow<'a, str>,
    raw: &'a str,
    decoder: Decoder,
    /// `map[i]`: raw offset (relative to the span) of the escape that produced decoded byte `i`;
    /// `map[text.len()]` = the raw length. Not used when `text` is the raw text itself.
    map: std::cell::OnceCell<Vec<u32>>,
    layer: Layer,
}

impl<'a> Decoded<'a> {
    /// The raw text as it is (nothing to decode).
    pub fn plain(raw: &'a str, layer: Layer) -> Self {
        Decoded {
            text: Cow::Borrowed(raw),
            raw,
            decoder: Decoder::Json,
            map: std::cell::OnceCell::new(),
            layer,
        }
    }

    fn owned(raw: &'a str, text: String, decoder: Decoder, layer: Layer) -> Self {
        Decoded {
            text: Cow::Owned(text),
            raw,
            decoder,
            map: std::cell::OnceCell::new(),
            layer,
        }
    }

    /// The raw range of decoded bytes `r` (both ends on char boundaries of the decoded text).
    pub fn raw_range(&self, r: Range<usize>) -> Range<usize> {
        if matches!(self.text, Cow::Borrowed(_)) {
            return r;
        }
        let m = self.map.get_or_init(|| {
            let mut m = Vec::with_capacity(self.text.len() + 1);
            match self.decoder {
                Decoder::Json => {
                    json_decode(self.raw, Some(&mut m));
                }
                Decoder::Percent { plus } => {
                    percent_decode(self.raw, plus, Some(&mut m));
                }
                Decoder::Xml => {
                    xml_decode(self.raw, Some(&mut m));
                }
            }
            m
        });
        let at = |i: usize| m.get(i).copied().unwrap_or(*m.last().unwrap_or(&0)) as usize;
        at(r.start)..at(r.end)
    }

    /// Moves the edits pushed since `from` (in decoded coordinates) to raw coordinates of the
    /// enclosing text, where this view's span starts at `base`.
    pub fn lift(&self, edits: &mut [Edit], base: usize) {
        for e in edits {
            let r = self.raw_range(e.at.clone());
            e.at = base + r.start..base + r.end;
            e.with = self.layer.escape(std::mem::take(&mut e.with));
        }
    }
}

/// Pushes `n` copies of `at` to the map, when there is one.
fn mark(map: &mut Option<&mut Vec<u32>>, at: usize, n: usize) {
    if let Some(m) = map {
        m.extend(std::iter::repeat_n(at as u32, n));
    }
}

/// Decodes the content of a JSON string literal (without its quotes). Invalid escapes are kept
/// as written (a tolerant reader of broken bodies).
pub(crate) fn json_unescape(raw: &str) -> Decoded<'_> {
    if !raw.contains('\\') {
        return Decoded::plain(raw, Layer::JsonString);
    }
    let text = json_decode(raw, None);
    Decoded::owned(raw, text, Decoder::Json, Layer::JsonString)
}

fn json_decode(raw: &str, mut map: Option<&mut Vec<u32>>) -> String {
    let b = raw.as_bytes();
    let mut text = String::with_capacity(raw.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'\\' {
            // Copy a run of plain bytes (whole UTF-8 sequences: `raw` is a str).
            let end = b[i..]
                .iter()
                .position(|&c| c == b'\\')
                .map_or(b.len(), |p| i + p);
            text.push_str(&raw[i..end]);
            if let Some(m) = map.as_deref_mut() {
                m.extend((i..end).map(|x| x as u32));
            }
            i = end;
            continue;
        }
        let start = i;
        let (c, len) = match b.get(i + 1) {
            Some(b'"') => ('"', 2),
            Some(b'\\') => ('\\', 2),
            Some(b'/') => ('/', 2),
            Some(b'b') => ('\u{8}', 2),
            Some(b'f') => ('\u{c}', 2),
            Some(b'n') => ('\n', 2),
            Some(b'r') => ('\r', 2),
            Some(b't') => ('\t', 2),
            Some(b'u') => match hex4(b, i + 2) {
                Some(hi @ 0xD800..=0xDBFF) => match (b.get(i + 6), b.get(i + 7), hex4(b, i + 8)) {
                    (Some(b'\\'), Some(b'u'), Some(lo @ 0xDC00..=0xDFFF)) => {
                        let cp = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                        (char::from_u32(cp).unwrap_or('\u{FFFD}'), 12)
                    }
                    _ => ('\u{FFFD}', 6),
                },
                Some(cp) => (char::from_u32(cp).unwrap_or('\u{FFFD}'), 6),
                None => ('\\', 1),
            },
            _ => ('\\', 1),
        };
        let mut tmp = [0u8; 4];
        let s = c.encode_utf8(&mut tmp);
        text.push_str(s);
        mark(&mut map, start, s.len());
        i += len;
    }
    mark(&mut map, b.len(), 1);
    text
}

fn hex4(b: &[u8], i: usize) -> Option<u32> {
    let h = b.get(i..i + 4)?;
    let s = std::str::from_utf8(h).ok()?;
    u32::from_str_radix(s, 16).ok()
}

/// Decodes `%XX` (and `+` as a space when `plus`), keeping invalid sequences and bytes that do
/// not form UTF-8 as written.
pub(crate) fn percent_unescape(raw: &str, plus: bool) -> Decoded<'_> {
    if !(raw.contains('%') || plus && raw.contains('+')) {
        return Decoded::plain(raw, Layer::Percent);
    }
    match String::from_utf8(percent_decode(raw, plus, None)) {
        Ok(text) => Decoded::owned(raw, text, Decoder::Percent { plus }, Layer::Percent),
        // Not UTF-8 once decoded (Latin-1 forms): read it as written.
        Err(_) => Decoded::plain(raw, Layer::Percent),
    }
}

fn percent_decode(raw: &str, plus: bool, mut map: Option<&mut Vec<u32>>) -> Vec<u8> {
    let bytes = crate::ascii::percent_decode_with(raw.as_bytes(), plus, |i| mark(&mut map, i, 1));
    mark(&mut map, raw.len(), 1);
    bytes
}

/// Decodes XML character references and the five predefined entities; anything else as written.
pub(crate) fn xml_unescape(raw: &str) -> Decoded<'_> {
    if !raw.contains('&') {
        return Decoded::plain(raw, Layer::Xml);
    }
    let text = xml_decode(raw, None);
    Decoded::owned(raw, text, Decoder::Xml, Layer::Xml)
}

fn xml_decode(raw: &str, mut map: Option<&mut Vec<u32>>) -> String {
    let mut text = String::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let rest = &raw[i..];
        if !rest.starts_with('&') {
            let end = rest.find('&').map_or(raw.len(), |p| i + p);
            text.push_str(&raw[i..end]);
            if let Some(m) = map.as_deref_mut() {
                m.extend((i..end).map(|x| x as u32));
            }
            i = end;
            continue;
        }
        let decoded = rest
            .find(';')
            .filter(|&e| e <= 12)
            .and_then(|e| xml_entity(&rest[1..e]).map(|c| (c, e + 1)));
        let (c, len) = decoded.unwrap_or(('&', 1));
        let mut tmp = [0u8; 4];
        let s = c.encode_utf8(&mut tmp);
        text.push_str(s);
        mark(&mut map, i, s.len());
        i += len;
    }
    mark(&mut map, raw.len(), 1);
    text
}

fn xml_entity(ent: &str) -> Option<char> {
    match ent {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => {
            let n = if let Some(h) = ent.strip_prefix("#x").or_else(|| ent.strip_prefix("#X")) {
                u32::from_str_radix(h, 16).ok()
            } else {
                ent.strip_prefix('#').and_then(|d| d.parse().ok())
            };
            n.and_then(char::from_u32)
        }
    }
}

/// The text with every edit applied. Edits are sorted; overlapping ones are merged into one
/// span (the first one's replacement), so no byte of either survives. A span that does not fall
/// on character boundaries is widened to them (never narrowed: nothing it covered may survive).
pub(crate) fn apply(text: &str, mut edits: Vec<Edit>) -> String {
    if edits.is_empty() {
        return text.to_string();
    }
    for e in &mut edits {
        let mut s = e.at.start.min(text.len());
        while !text.is_char_boundary(s) {
            s -= 1;
        }
        let mut t = e.at.end.clamp(s, text.len());
        while !text.is_char_boundary(t) {
            t += 1;
        }
        e.at = s..t;
    }
    edits.sort_by(|a, b| a.at.start.cmp(&b.at.start).then(b.at.end.cmp(&a.at.end)));
    let mut out = String::with_capacity(text.len() + edits.len() * 8);
    let mut last = 0;
    let mut i = 0;
    while i < edits.len() {
        let start = edits[i].at.start.max(last);
        let mut end = edits[i].at.end.max(start);
        let mut j = i + 1;
        while j < edits.len() && edits[j].at.start < end {
            end = end.max(edits[j].at.end);
            j += 1;
        }
        out.push_str(&text[last..start]);
        out.push_str(&edits[i].with);
        last = end;
        i = j;
    }
    out.push_str(&text[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_escapes_map_back_to_their_raw_bytes() {
        let raw = r#"a\"b\u00e9c\ud83d\ude00d\\"#;
        let d = json_unescape(raw);
        assert_eq!(d.text, "a\"béc😀d\\");
        let b = d.text.find('b').unwrap();
        assert_eq!(&raw[d.raw_range(b..b + 1)], "b");
        let e = d.text.find('é').unwrap();
        assert_eq!(&raw[d.raw_range(e..e + 2)], "\\u00e9");
        let s = d.text.find('😀').unwrap();
        assert_eq!(&raw[d.raw_range(s..s + 4)], "\\ud83d\\ude00");
        assert_eq!(&raw[d.raw_range(0..d.text.len())], raw);
    }

    #[test]
    fn percent_and_xml_escapes_map_back() {
        let raw = "jane.doe%40example.org+x";
        let d = percent_unescape(raw, true);
        assert_eq!(d.text, "jane.doe@example.org x");
        assert_eq!(&raw[d.raw_range(0..20)], "jane.doe%40example.org");
        let raw = "a &amp; b&#64;c.com";
        let d = xml_unescape(raw);
        assert_eq!(d.text, "a & b@c.com");
        assert_eq!(&raw[d.raw_range(4..11)], "b&#64;c.com");
    }

    #[test]
    fn edits_apply_in_place_and_overlaps_merge() {
        let e = |a: usize, b: usize, w: &'static str| Edit {
            at: a..b,
            with: w.into(),
        };
        assert_eq!(
            apply("0123456789", vec![e(6, 8, "Y"), e(1, 3, "X")]),
            "0X345Y89"
        );
        assert_eq!(
            apply("0123456789", vec![e(1, 5, "X"), e(3, 7, "Y")]),
            "0X789"
        );
        let d = json_unescape(r#"x\"y"#);
        let mut edits = vec![Edit {
            at: 0..3,
            with: "\"[redacted:a]\"".into(),
        }];
        d.lift(&mut edits, 10);
        assert_eq!(edits[0].at, 10..14);
        assert_eq!(edits[0].with, "\\\"[redacted:a]\\\"");
    }
}
