//! A tiny tolerant XML scanner: enough for ECE answers (`<checkEligibility responseType="1"/>`,
//! `<availableSlots><ns2:count>0</ns2:count></availableSlots>`) and BOSH bodies.
//!
//! Not a validating parser: it never fails, never panics, and keeps byte spans so the sanitizer
//! can replace text and attribute values in place without touching the rest of the document.

use std::ops::Range;

/// An attribute with the byte span of its (raw, still escaped) value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attr {
    pub name: String,
    pub value: String,
    pub value_span: Range<usize>,
}

/// One lexical piece of an XML text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    Start {
        name: String,
        attrs: Vec<Attr>,
        self_closing: bool,
    },
    End {
        name: String,
    },
    /// Character data (entities decoded) or a CDATA section; `span` covers the raw text
    /// (for CDATA, the whole `<![CDATA[...]]>`).
    Text {
        text: String,
        span: Range<usize>,
    },
}

/// The part after a namespace prefix: `ns2:count` → `count`.
pub fn local_name(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

/// Decodes the five predefined entities and numeric character references; leaves anything
/// else as written.
pub fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let end = after.find(';').filter(|&e| e <= 12);
        let decoded = end.and_then(|e| {
            let ent = &after[1..e];
            let c = match ent {
                "lt" => Some('<'),
                "gt" => Some('>'),
                "amp" => Some('&'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => {
                    let num = if let Some(h) =
                        ent.strip_prefix("#x").or_else(|| ent.strip_prefix("#X"))
                    {
                        u32::from_str_radix(h, 16).ok()
                    } else if let Some(d) = ent.strip_prefix('#') {
                        d.parse().ok()
                    } else {
                        None
                    };
                    num.and_then(char::from_u32)
                }
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Escapes text for use in XML character data or a quoted attribute value.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

fn find_from(s: &str, from: usize, pat: &str) -> Option<usize> {
    s.get(from..)?.find(pat).map(|i| i + from)
}

fn is_name_end(b: u8) -> bool {
    b.is_ascii_whitespace() || b == b'/' || b == b'>' || b == b'='
}

/// Splits an XML text into tokens. Comments, processing instructions and DOCTYPEs are skipped;
/// anything malformed ends the scan early (what was read so far is kept).
pub fn tokens(s: &str) -> Vec<Token> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < b.len() {
        if b[pos] != b'<' {
            let end = find_from(s, pos, "<").unwrap_or(b.len());
            let raw = &s[pos..end];
            if !raw.trim().is_empty() {
                out.push(Token::Text {
                    text: unescape(raw),
                    span: pos..end,
                });
            }
            pos = end;
            continue;
        }
        let rest = &s[pos..];
        if rest.starts_with("<!--") {
            pos = find_from(s, pos + 4, "-->").map_or(b.len(), |e| e + 3);
        } else if rest.starts_with("<![CDATA[") {
            let start = pos + 9;
            let end = find_from(s, start, "]]>").unwrap_or(b.len());
            out.push(Token::Text {
                text: s[start..end].to_string(),
                span: pos..(end + 3).min(b.len()),
            });
            pos = (end + 3).min(b.len());
        } else if rest.starts_with("<?") {
            pos = find_from(s, pos + 2, "?>").map_or(b.len(), |e| e + 2);
        } else if rest.starts_with("<!") {
            pos = find_from(s, pos + 2, ">").map_or(b.len(), |e| e + 1);
        } else if rest.starts_with("</") {
            let end = match find_from(s, pos + 2, ">") {
                Some(e) => e,
                None => break,
            };
            out.push(Token::End {
                name: s[pos + 2..end].trim().to_string(),
            });
            pos = end + 1;
        } else {
            // Start tag.
            let mut p = pos + 1;
            while p < b.len() && !is_name_end(b[p]) {
                p += 1;
            }
            if p == pos + 1 {
                // A lone '<' in text: treat it as text.
                out.push(Token::Text {
                    text: "<".into(),
                    span: pos..pos + 1,
                });
                pos += 1;
                continue;
            }
            let name = s[pos + 1..p].to_string();
            let mut attrs = Vec::new();
            let mut self_closing = false;
            let mut closed = false;
            while p < b.len() {
                while p < b.len() && b[p].is_ascii_whitespace() {
                    p += 1;
                }
                if p >= b.len() {
                    break;
                }
                if b[p] == b'>' {
                    p += 1;
                    closed = true;
                    break;
                }
                if b[p] == b'/' {
                    p += 1;
                    if p < b.len() && b[p] == b'>' {
                        p += 1;
                        self_closing = true;
                        closed = true;
                        break;
                    }
                    continue;
                }
                let ns = p;
                while p < b.len() && !is_name_end(b[p]) {
                    p += 1;
                }
                if p == ns {
                    // A stray '='.
                    p += 1;
                    continue;
                }
                let aname = s[ns..p].to_string();
                while p < b.len() && b[p].is_ascii_whitespace() {
                    p += 1;
                }
                if p < b.len() && b[p] == b'=' {
                    p += 1;
                    while p < b.len() && b[p].is_ascii_whitespace() {
                        p += 1;
                    }
                    if p < b.len() && (b[p] == b'"' || b[p] == b'\'') {
                        let q = if b[p] == b'"' { "\"" } else { "'" };
                        let vs = p + 1;
                        let ve = find_from(s, vs, q).unwrap_or(b.len());
                        attrs.push(Attr {
                            name: aname,
                            value: unescape(&s[vs..ve]),
                            value_span: vs..ve,
                        });
                        p = (ve + 1).min(b.len());
                    } else {
                        let vs = p;
                        while p < b.len() && !b[p].is_ascii_whitespace() && b[p] != b'>' {
                            p += 1;
                        }
                        attrs.push(Attr {
                            name: aname,
                            value: unescape(&s[vs..p]),
                            value_span: vs..p,
                        });
                    }
                } else {
                    attrs.push(Attr {
                        name: aname,
                        value: String::new(),
                        value_span: p..p,
                    });
                }
            }
            out.push(Token::Start {
                name,
                attrs,
                self_closing,
            });
            if !closed {
                break;
            }
            pos = p;
        }
    }
    out
}

/// An element of the tolerant tree.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Element {
    /// As written, with any prefix (`ns2:count`).
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Element>,
    /// Direct character data, entities decoded, CDATA included.
    pub text: String,
}

impl Element {
    pub fn local_name(&self) -> &str {
        local_name(&self.name)
    }

    /// An attribute by local name, case-insensitive (`responseType`, `xml:lang` → `lang`).
    pub fn attr(&self, local: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| local_name(n).eq_ignore_ascii_case(local))
            .map(|(_, v)| v.as_str())
    }

    /// The first direct child with this local name (case-insensitive).
    pub fn child(&self, local: &str) -> Option<&Element> {
        self.children
            .iter()
            .find(|c| c.local_name().eq_ignore_ascii_case(local))
    }

    /// This element and every element below it with this local name, in document order.
    pub fn find_all<'a>(&'a self, local: &str, out: &mut Vec<&'a Element>) {
        if self.local_name().eq_ignore_ascii_case(local) {
            out.push(self);
        }
        for c in &self.children {
            c.find_all(local, out);
        }
    }

    /// The first element (this one or below) with this local name.
    pub fn find(&self, local: &str) -> Option<&Element> {
        if self.local_name().eq_ignore_ascii_case(local) {
            return Some(self);
        }
        self.children.iter().find_map(|c| c.find(local))
    }

    /// All character data of this element and its descendants.
    pub fn text_content(&self) -> String {
        let mut s = self.text.clone();
        for c in &self.children {
            s.push_str(&c.text_content());
        }
        s
    }

    /// A value given either as an attribute or as a child element's text (`count="0"` or
    /// `<ns2:count>0</ns2:count>`), searched in this element and below.
    pub fn value_of(&self, local: &str) -> Option<String> {
        if let Some(v) = self.attr(local) {
            return Some(v.trim().to_string());
        }
        for c in &self.children {
            if c.local_name().eq_ignore_ascii_case(local) {
                return Some(c.text_content().trim().to_string());
            }
        }
        self.children.iter().find_map(|c| c.value_of(local))
    }
}

/// Deepest element nesting [`parse`] builds. ECE answers and BOSH bodies nest a few levels; the
/// tree's readers (`find`, `value_of`, drop) recurse, so a hostile `<a><a><a>…` must not reach
/// them a hundred thousand levels deep (the page's wasm stack is 1 MB).
pub const MAX_DEPTH: usize = 256;

/// Builds the tree of the first root element; `None` when the text holds no element.
/// Unbalanced end tags close up to the matching open element or are ignored. Nesting deeper than
/// [`MAX_DEPTH`] ends the scan, like any other malformation (what was read so far is kept).
pub fn parse(s: &str) -> Option<Element> {
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    for t in tokens(s) {
        match t {
            Token::Start { self_closing, .. } if !self_closing && stack.len() >= MAX_DEPTH => {
                break;
            }
            Token::Start {
                name,
                attrs,
                self_closing,
            } => {
                let el = Element {
                    name,
                    attrs: attrs.into_iter().map(|a| (a.name, a.value)).collect(),
                    ..Default::default()
                };
                if self_closing {
                    match stack.last_mut() {
                        Some(parent) => parent.children.push(el),
                        None => {
                            if root.is_none() {
                                root = Some(el);
                            }
                        }
                    }
                } else {
                    stack.push(el);
                }
            }
            Token::End { name } => {
                if let Some(i) = stack.iter().rposition(|e| e.name == name) {
                    while stack.len() > i {
                        let el = stack.pop().expect("non-empty");
                        match stack.last_mut() {
                            Some(parent) => parent.children.push(el),
                            None => {
                                if root.is_none() {
                                    root = Some(el);
                                }
                            }
                        }
                    }
                }
            }
            Token::Text { text, .. } => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&text);
                }
            }
        }
        if root.is_some() {
            break;
        }
    }
    // Unclosed elements: fold them up.
    while let Some(el) = stack.pop() {
        match stack.last_mut() {
            Some(parent) => parent.children.push(el),
            None => {
                if root.is_none() {
                    root = Some(el);
                }
            }
        }
    }
    root
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_attributes_and_prefixed_children() {
        let e = parse(r#"<?xml version="1.0"?><checkEligibility responseType="1" xmlns:ns2="http://bindings.egain.com/chat"/>"#).unwrap();
        assert_eq!(e.local_name(), "checkEligibility");
        assert_eq!(e.attr("responsetype"), Some("1"));
        let e = parse("<availableSlots><ns2:count>0</ns2:count></availableSlots>").unwrap();
        assert_eq!(e.value_of("count").as_deref(), Some("0"));
    }

    #[test]
    fn nested_bodies_cdata_and_entities() {
        let x = "<body xmlns='http://jabber.org/protocol/httpbind' sid='12_x'><message type='chat'><body>a &lt;b&gt; &amp; c&#33;</body></message><message><body><![CDATA[<p>hi</p>]]></body></message></body>";
        let e = parse(x).unwrap();
        let mut msgs = Vec::new();
        e.find_all("message", &mut msgs);
        assert_eq!(msgs.len(), 2);
        assert_eq!(msgs[0].child("body").unwrap().text, "a <b> & c!");
        assert_eq!(msgs[1].child("body").unwrap().text, "<p>hi</p>");
        assert_eq!(e.attr("sid"), Some("12_x"));
    }

    #[test]
    fn never_panics_on_junk() {
        for s in [
            "<",
            "<a",
            "<a b",
            "<a b=",
            "<a b='",
            "</",
            "<![CDATA[",
            "<!--",
            "&#xFFFFFFFF;",
            "<é a='é'>é</é>",
            "<a/><b/>",
            "a<>b",
            "<a =x>",
        ] {
            let _ = parse(s);
            let _ = tokens(s);
            let _ = unescape(s);
        }
        assert_eq!(unescape("&bogus; &#xD800; &"), "&bogus; &#xD800; &");
    }

    /// Found by fuzzing (`answer`): 100 000 nested elements overflowed the stack in the tree's
    /// recursive readers and drop.
    #[test]
    fn deep_nesting_is_cut_at_max_depth() {
        let deep = format!(
            "<checkEligibility responseType='1'>{}",
            "<a>".repeat(100_000)
        );
        let e = parse(&deep).unwrap();
        assert_eq!(e.attr("responseType"), Some("1"));
        assert_eq!(e.value_of("missing"), None);
        let mut depth = 0;
        let mut at = &e;
        while let Some(c) = at.children.first() {
            depth += 1;
            at = c;
        }
        assert_eq!(depth, MAX_DEPTH - 1);
        let x = crate::ece::explain_answer(200, Some("text/xml"), &deep);
        assert_eq!(x.response_type, Some(1));
    }
}
