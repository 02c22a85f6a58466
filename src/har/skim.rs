//! A structural walk over a HAR that finds the long body texts of entries that cannot be ECE calls, so serde reads a copy without them.
//!
//! The walk lexes JSON as serde_json does (strings with [`string_end`], which also checks them as
//! serde_json would) and follows only the path `log.entries[i].request.{url, postData.text}` /
//! `.response.content.text`. A `text` string of an entry none of whose `request.url` strings is an
//! ECE call is "cut": the copy holds `""` in its place. Such a text is never read for a non-ECE
//! entry, and the copy has the same tokens as the input (only some strings' contents differ), so
//! serde_json reads the copy as it reads the input: the same result, or an error on both.

use super::calls;
use super::scan::{string_end, StrEnd};

/// Texts shorter than this are kept: cutting them saves less than it costs.
const MIN_CUT: usize = 64;

/// Deeper than serde_json goes (its recursion limit is 128): give up and let it say so.
const MAX_DEPTH: usize = 130;

/// What a value is, on the path the walk follows.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Ctx {
    Root,
    Log,
    Entries,
    Entry,
    Request,
    Response,
    PostData,
    Content,
    Url,
    Text,
    Other,
}

impl Ctx {
    /// The meaning of member `key` of an object that means `self`.
    fn member(self, key: &[u8]) -> Ctx {
        match (self, key) {
            (Ctx::Root, b"log") => Ctx::Log,
            (Ctx::Log, b"entries") => Ctx::Entries,
            (Ctx::Entry, b"request") => Ctx::Request,
            (Ctx::Entry, b"response") => Ctx::Response,
            (Ctx::Request, b"url") => Ctx::Url,
            (Ctx::Request, b"postData") => Ctx::PostData,
            (Ctx::Response, b"content") => Ctx::Content,
            (Ctx::PostData | Ctx::Content, b"text") => Ctx::Text,
            _ => Ctx::Other,
        }
    }

    /// The meaning of an element of an array that means `self`.
    fn element(self) -> Ctx {
        if self == Ctx::Entries {
            Ctx::Entry
        } else {
            Ctx::Other
        }
    }

    /// Whether the keys of an object meaning `self` need reading.
    fn reads_keys(self) -> bool {
        !matches!(self, Ctx::Other | Ctx::Entries | Ctx::Url | Ctx::Text)
    }
}

/// An open object or array.
#[derive(Clone, Copy)]
struct Frame {
    ctx: Ctx,
    object: bool,
}

/// What the walk over a HAR found: the texts to cut, and where each element of `log.entries`
/// stands.
pub(crate) struct Walk {
    /// The content ranges (after the opening quote, up to the closing one) of the texts to cut,
    /// in order.
    pub(crate) cuts: Vec<(usize, usize)>,
    /// Each element of `log.entries`, from its first byte to just after its last, in order (as
    /// `requests::span::entry_spans` finds them).
    pub(crate) entries: Vec<std::ops::Range<usize>>,
}

/// The HAR text `b` (no BOM) with the long texts of non-ECE entries emptied, as its [`walk`]
/// found them, when that leaves out at least `1 / share` of it; `None` when it would not (then
/// serde_json reads `b` itself).
pub(crate) fn shortened_by(b: &[u8], walk: &Walk, share: usize) -> Option<Vec<u8>> {
    let cuts = walk.cuts.iter().copied();
    let cut: usize = cuts.clone().map(|(s, e)| e - s).sum();
    if cut == 0 || cut < b.len() / share.max(1) {
        return None;
    }
    let mut out = Vec::with_capacity(b.len() - cut);
    let mut at = 0;
    for (s, e) in cuts {
        out.extend_from_slice(b.get(at..s)?);
        at = e;
    }
    out.extend_from_slice(b.get(at..)?);
    Some(out)
}

/// JSON white space, as serde_json reads it.
fn ws(b: &[u8], mut i: usize) -> usize {
    while let Some(b' ' | b'\t' | b'\n' | b'\r') = b.get(i) {
        i += 1;
    }
    i
}

/// Bytes of a number or `true`/`false`/`null` (and of nonsense serde_json will reject).
static SCALAR: [bool; 256] = crate::ascii::alnum_and(b"+-.");

/// The text of a string from its opening quote `open` to its end `s`; `None` when it does not
/// decode (serde_json would then fail on it, or read it as absent).
fn text(b: &[u8], open: usize, s: StrEnd) -> Option<std::borrow::Cow<'_, str>> {
    if s.escapes {
        serde_json::from_slice::<String>(b.get(open..=s.end)?)
            .ok()
            .map(Into::into)
    } else {
        simdutf8::basic::from_utf8(b.get(open + 1..s.end)?)
            .ok()
            .map(Into::into)
    }
}

/// The walk over the HAR text `b` (no BOM): the texts to cut and the entries' places; `None`
/// when it meets anything it does not read as serde_json would (then serde_json reads `b` itself
/// and reports what is wrong). `utf8`: `b` is known to be UTF-8, so a text to cut needs no check
/// (serde would check some).
pub(crate) fn walk(b: &[u8], utf8: bool) -> Option<Walk> {
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    let mut entries: Vec<std::ops::Range<usize>> = Vec::new();
    // Where the element of `log.entries` being read starts.
    let mut entry_start = 0;
    let mut stack: Vec<Frame> = Vec::new();
    // The entry being read: where its cuts start, and whether it may be an ECE call.
    let mut entry_cuts = 0;
    let mut entry_ece = false;
    let mut ctx = Ctx::Root;
    let mut i = ws(b, 0);
    loop {
        // A value meaning `ctx` starts at `i`.
        let mut opened = false;
        if ctx == Ctx::Entry {
            entry_start = i;
        }
        match *b.get(i)? {
            c @ (b'{' | b'[') => {
                if stack.len() >= MAX_DEPTH {
                    return None;
                }
                let object = c == b'{';
                if ctx == Ctx::Entry {
                    entry_cuts = cuts.len();
                    entry_ece = false;
                }
                stack.push(Frame { ctx, object });
                i = ws(b, i + 1);
                opened = true;
            }
            b'"' => {
                let s = string_end(b, i + 1)?;
                match ctx {
                    Ctx::Url => {
                        let ece = text(b, i, s).is_none_or(|u| calls::classify(&u).is_some());
                        entry_ece |= ece;
                    }
                    Ctx::Text if s.end - (i + 1) >= MIN_CUT => {
                        let ok = utf8
                            || !s.non_ascii
                            || simdutf8::basic::from_utf8(b.get(i + 1..s.end)?).is_ok();
                        if ok {
                            cuts.push((i + 1, s.end));
                        }
                    }
                    _ => {}
                }
                i = s.end + 1;
                if ctx == Ctx::Entry {
                    entries.push(entry_start..i);
                }
            }
            _ => {
                let start = i;
                while b.get(i).is_some_and(|&c| SCALAR[c as usize]) {
                    i += 1;
                }
                if i == start {
                    return None;
                }
                if ctx == Ctx::Entry {
                    entries.push(entry_start..i);
                }
            }
        }
        // After `[`/`{` (a first element or member, or the close) or after a value (`,` or a close).
        loop {
            i = ws(b, i);
            let Some(top) = stack.last().copied() else {
                return Some(Walk { cuts, entries });
            };
            let c = *b.get(i)?;
            let close = if top.object { b'}' } else { b']' };
            if c == close {
                stack.pop();
                if top.ctx == Ctx::Entry && top.object && entry_ece {
                    cuts.truncate(entry_cuts);
                }
                i += 1;
                if top.ctx == Ctx::Entry {
                    entries.push(entry_start..i);
                }
                opened = false;
                continue;
            }
            if !opened {
                if c != b',' {
                    return None;
                }
                i = ws(b, i + 1);
            }
            if top.object {
                if b.get(i) != Some(&b'"') {
                    return None;
                }
                let k = string_end(b, i + 1)?;
                ctx = if !top.ctx.reads_keys() {
                    Ctx::Other
                } else if k.escapes {
                    top.ctx.member(text(b, i, k)?.as_bytes())
                } else {
                    top.ctx.member(b.get(i + 1..k.end)?)
                };
                i = ws(b, k.end + 1);
                if b.get(i) != Some(&b':') {
                    return None;
                }
                i = ws(b, i + 1);
            } else {
                ctx = top.ctx.element();
            }
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut_texts(json: &str) -> Vec<&str> {
        walk(json.as_bytes(), false)
            .unwrap()
            .cuts
            .into_iter()
            .map(|(s, e)| &json[s..e])
            .collect()
    }

    const LONG: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    #[test]
    fn cuts_the_texts_of_non_ece_entries_only() {
        let other = format!(
            r#"{{"request":{{"url":"https://shop.example.com/a.js","postData":{{"text":"{LONG}"}}}},"response":{{"content":{{"text":"{LONG}x"}}}}}}"#
        );
        let ece = format!(
            r#"{{"response":{{"content":{{"text":"{LONG}y"}}}},"request":{{"url":"https://ece.example.com/system/egain/chat/entrypoint/initialize/1001"}}}}"#
        );
        let json = format!(r#"{{"log":{{"entries":[{other}, {ece}, {other}]}}}}"#);
        let long_x = format!("{LONG}x");
        assert_eq!(
            cut_texts(&json),
            vec![LONG, long_x.as_str(), LONG, long_x.as_str()]
        );
        let w = walk(json.as_bytes(), false).unwrap();
        let short = shortened_by(json.as_bytes(), &w, 4).unwrap();
        assert_eq!(short.len(), json.len() - 4 * LONG.len() - 2);
    }

    #[test]
    fn keeps_what_it_does_not_follow() {
        // Short texts, texts elsewhere, a `text` under an escaped key that still reads "text".
        let json = format!(
            r#"{{"log":{{"entries":[{{"request":{{"url":"x"}},"response":{{"content":{{"text":"short","t\u0065xt":"{LONG}"}},"text":"{LONG}"}}}}],"text":"{LONG}"}}}}"#
        );
        assert_eq!(cut_texts(&json), vec![LONG]);
        // An entry URL written with escapes is decoded before it is classified.
        let json = format!(
            r#"{{"log":{{"entries":[{{"request":{{"url":"https:\/\/e\/system\/egain\/chat\/entrypoint\/initialize\/1"}},"response":{{"content":{{"text":"{LONG}"}}}}}}]}}}}"#
        );
        assert!(cut_texts(&json).is_empty());
    }

    #[test]
    fn gives_up_on_what_serde_would_reject() {
        for bad in [
            "",
            "{",
            r#"{"log":}"#,
            r#"{"log":{"entries":[1 2]}}"#,
            r#"{"log" {"entries":[]}}"#,
            r#"{"log":{"entries":["a\x"]}}"#,
            r#"[1,]x"#,
        ] {
            assert!(walk(bad.as_bytes(), false).is_none(), "{bad}");
        }
        let w = walk(br#"  {"log":{"entries":[]}}  "#, false).unwrap();
        assert!(w.cuts.is_empty() && w.entries.is_empty());
    }

    /// The walk places every element of `log.entries` as `entry_spans` does: objects, arrays,
    /// strings and scalars (which the HAR reader counts and skips), with white space around.
    #[test]
    fn places_every_entry_as_entry_spans_does() {
        let url = r#""url":"https://ece.example.com/system/egain/chat/entrypoint/initialize/1""#;
        for json in [
            format!(r#"{{"log":{{"entries":[ 1 , "x\"y" ,{{"request":{{{url}}}}},[2,{{}}],null,true,-0.5e3 ]}}}}"#),
            format!("{{\n \"log\": {{\"entries\": [\n  {{\"request\": {{{url}}}}}\n ]\n }}\n}}"),
            r#"{"log":{"pages":[{"id":"p"}],"entries":[{"a":[1,[2]]},{"response":{"content":{"text":"t"}}}]}}"#.to_string(),
        ] {
            let w = walk(json.as_bytes(), true).unwrap();
            let want = crate::requests::span::entry_spans(&json).unwrap();
            assert!(!want.is_empty(), "{json}");
            assert_eq!(w.entries, want, "{json}");
        }
    }
}
