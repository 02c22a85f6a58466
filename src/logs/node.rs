//! The PG node a trace line names (`15:34:09:841 PG1A-opc Trace: …` → `PG1A`), which events do
//! not keep: the OPC reader notes where it changes (`LogParse::opc_nodes`).

/// The PG node a trace line names (`15:34:09:841 PG1A-opc Trace: …` → `PG1A`).
pub fn node_of(line: &str, process: &str) -> Option<String> {
    node_in(line, process).map(String::from)
}

/// [`node_of`], borrowed from the line.
pub fn node_in<'l>(line: &'l str, process: &str) -> Option<&'l str> {
    let named = match words_ascii(line) {
        Some(words) => words
            .into_iter()
            .flatten()
            .find_map(|w| node_if(w, process)),
        None => line
            .split_whitespace()
            .take(3)
            .find_map(|w| node_if(w, process)),
    };
    named.filter(|n| {
        !n.is_empty() && n.len() <= 32 && n.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
    })
}

/// `PG1A` of `PG1A-opc` when what follows the last `-` is `process` (any case).
fn node_if<'l>(word: &'l str, process: &str) -> Option<&'l str> {
    let (node, p) = word.rsplit_once('-')?;
    p.eq_ignore_ascii_case(process).then_some(node)
}

/// The first three words of `line` (what `split_whitespace().take(3)` gives) when they and the
/// blanks before them are ASCII: found byte by byte, without decoding characters (every OPC
/// line is read so). `None` when a byte on the way is not ASCII (another blank may be there).
fn words_ascii(line: &str) -> Option<[Option<&str>; 3]> {
    // `char::is_whitespace` of the ASCII characters.
    let blank = |c: u8| matches!(c, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r');
    let b = line.as_bytes();
    let mut words = [None; 3];
    let mut i = 0;
    for slot in &mut words {
        while b.get(i).is_some_and(|&c| blank(c)) {
            i += 1;
        }
        let start = i;
        while let Some(&c) = b.get(i) {
            if c >= 0x80 {
                return None;
            }
            if blank(c) {
                break;
            }
            i += 1;
        }
        if i == start {
            break;
        }
        *slot = line.get(start..i);
    }
    Some(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_in_reads_the_words_split_whitespace_gives() {
        let reference = |line: &str, process: &str| -> Option<String> {
            line.split_whitespace()
                .take(3)
                .find_map(|w| node_if(w, process))
                .filter(|n| {
                    !n.is_empty()
                        && n.len() <= 32
                        && n.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
                })
                .map(String::from)
        };
        for line in [
            "15:34:09:841 PG1A-opc Trace: x",
            "15:34:09:841\tpg1b-OPC Trace",
            "  15:34:09:841   PG1A-opc",
            "15:34:09:841 a b PG1A-opc",
            "15:34:09:841\u{b}PG1A-opc",
            "15:34:09:841\u{a0}PG1A-opc Trace",
            "15:34:09:841 PG1A-opc\u{a0}x",
            "15:34:09:841 PGé-opc",
            "15:34:09:841 x-y-opc z",
            "15:34:09:841 -opc PG2-opc",
            "",
            "   ",
            "PG1A-opc",
        ] {
            assert_eq!(node_of(line, "opc"), reference(line, "opc"), "{line:?}");
        }
    }

    #[test]
    fn reads_the_node_of_a_trace_line() {
        assert_eq!(
            node_of("15:34:09:841 PG1A-opc Trace: SetAgentState", "opc").as_deref(),
            Some("PG1A")
        );
        assert_eq!(node_of("15:34:09:841 cg1A-ctisvr Trace: x", "opc"), None);
        assert_eq!(node_of("no node here", "opc"), None);
    }
}
