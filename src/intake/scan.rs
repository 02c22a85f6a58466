//! Where a JSON or XML value starting at a given byte ends: brackets, strings and escapes counted, nothing parsed.

/// The end (exclusive) of the JSON object or array that starts at `start` (a `{` or `[`), or
/// `None` when the text ends first (a capture cut short). Strings are skipped with their escapes,
/// so brackets inside bodies and headers do not count; nothing else is checked (the reader does).
pub fn json_end(b: &[u8], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut in_string = false;
    // Start of the stretch outside strings not yet looked at.
    let mut outside = start;
    // One pass over the quotes (vectorised); brackets are counted only between strings, and a
    // quote inside a string ends it unless an odd run of backslashes escapes it.
    for q in memchr::memchr_iter(b'"', &b[start..]).map(|q| q + start) {
        if in_string {
            let backslashes = b[outside..q]
                .iter()
                .rev()
                .take_while(|&&c| c == b'\\')
                .count();
            if backslashes % 2 == 0 {
                in_string = false;
                outside = q + 1;
            }
            continue;
        }
        if let Some(end) = brackets(b, outside, q, &mut depth) {
            return Some(end);
        }
        in_string = true;
        outside = q + 1;
    }
    if in_string {
        return None;
    }
    brackets(b, outside, b.len(), &mut depth)
}

/// Counts the brackets of `b[from..to]` (outside strings); where the value closes, if it does.
fn brackets(b: &[u8], from: usize, to: usize, depth: &mut usize) -> Option<usize> {
    for (i, &c) in b[from..to].iter().enumerate() {
        match c {
            b'{' | b'[' => *depth += 1,
            b'}' | b']' => {
                *depth = depth.saturating_sub(1);
                if *depth == 0 {
                    return Some(from + i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

/// The end (exclusive) of the XML document that starts at `start` (its `<?xml` or root `<`): past
/// the prolog (`<?…?>`, comments, a doctype), the root element's closing tag or its `/>`; `None`
/// when the text ends first.
pub fn xml_end(text: &str, start: usize) -> Option<usize> {
    let b = text.as_bytes();
    let mut i = start;
    loop {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let rest = text.get(i..)?;
        if rest.starts_with("<?") {
            i += rest.find("?>")? + 2;
        } else if rest.starts_with("<!--") {
            i += rest.find("-->")? + 3;
        } else if rest.starts_with("<!") {
            i += rest.find('>')? + 1;
        } else {
            break;
        }
    }
    if b.get(i) != Some(&b'<') {
        return None;
    }
    let name_len = b[i + 1..]
        .iter()
        .position(|c| c.is_ascii_whitespace() || matches!(c, b'/' | b'>'))?;
    let name = &text[i + 1..i + 1 + name_len];
    if name.is_empty() {
        return None;
    }
    let tag_end = i + memchr::memchr(b'>', &b[i..])?;
    if b[tag_end - 1] == b'/' {
        return Some(tag_end + 1);
    }
    let close = format!("</{name}");
    let mut from = tag_end + 1;
    loop {
        let at = from + text[from..].find(&close)?;
        let after = at + close.len();
        match b.get(after) {
            Some(b'>') => return Some(after + 1),
            Some(c) if c.is_ascii_whitespace() => {
                return Some(after + memchr::memchr(b'>', &b[after..])? + 1)
            }
            // `</checkEligibilityX`: another element; look further.
            _ => from = after,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ends_where_its_brackets_close_whatever_the_strings_hold() {
        let t = r#"{"a":"}]\"{","b":[1,{"c":"\\"}]} tail"#;
        assert_eq!(json_end(t.as_bytes(), 0), Some(t.len() - 5));
        assert_eq!(json_end(b"[{}, {}]\n", 0), Some(8));
        assert_eq!(json_end(br#"{"log":{"entries":[{"x":"cut"#, 0), None);
        assert_eq!(json_end(br#"{"a":"\"#, 0), None);
        assert_eq!(json_end(b"xx{}", 2), Some(4));
    }

    #[test]
    fn xml_ends_with_its_root_element() {
        let t = "<?xml version=\"1.0\"?>\n<!-- c -->\n<checkEligibility responseType=\"1\"/>\nlog";
        assert_eq!(&t[..xml_end(t, 0).unwrap()], &t[..t.len() - 4]);
        let t = "<agentAvailability><a>1</a></agentAvailability >\nnext";
        assert_eq!(xml_end(t, 0), Some(t.len() - 5));
        let t = "<checkEligibility><checkEligibilityX/></checkEligibility>";
        assert_eq!(xml_end(t, 0), Some(t.len()));
        assert_eq!(xml_end("<checkEligibility><x>", 0), None);
    }
}
