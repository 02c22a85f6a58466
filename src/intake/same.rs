//! Inputs with the same content (a file dropped twice, a file and its text pasted, one member in two bundles): told by a content hash, so each is analysed once.
//!
//! Content is the text with every `\r` removed and surrounding whitespace trimmed: a browser's
//! text box turns CRLF into LF and a paste may lose the final newline, yet it is the same
//! evidence. Only inputs whose content lengths match are hashed (a vectorised count per input
//! up front), so inputs that differ cost no hashing. Names are never compared.

use crate::model::Input;

/// Finds, input by input, an earlier one with the same content.
#[derive(Debug, Clone)]
pub struct SameContent {
    /// Each input's content length when another input's is the same (`None`: unique length,
    /// skipped or blank, never a duplicate).
    lengths: Vec<Option<usize>>,
    /// The fingerprints of inputs seen so far that another input's length matches.
    seen: Vec<(usize, Fingerprint)>,
}

/// Length and a 128-bit hash of an input's content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Fingerprint {
    len: usize,
    hash: (u64, u64),
}

impl SameContent {
    /// Measures every input (before any is read: the CLI frees each text once read).
    pub fn new(inputs: &[Input]) -> Self {
        // One input with content cannot repeat another: nothing to count (the count is a pass
        // over the whole text, 12 % of reading a 100 MiB HAR).
        let with_content = inputs
            .iter()
            .filter(|i| i.skipped.is_none() && !content(&i.text).is_empty())
            .count();
        if with_content < 2 {
            return SameContent {
                lengths: vec![None; inputs.len()],
                seen: Vec::new(),
            };
        }
        let lengths: Vec<Option<usize>> = inputs
            .iter()
            .map(|i| {
                if i.skipped.is_some() {
                    return None;
                }
                let c = content(&i.text);
                let len = c.len() - memchr::memchr_iter(b'\r', c.as_bytes()).count();
                (len > 0).then_some(len)
            })
            .collect();
        let mut count = std::collections::HashMap::<usize, usize>::new();
        for l in lengths.iter().flatten() {
            *count.entry(*l).or_default() += 1;
        }
        let lengths = lengths
            .into_iter()
            .map(|l| l.filter(|l| count.get(l).is_some_and(|&n| n > 1)))
            .collect();
        SameContent {
            lengths,
            seen: Vec::new(),
        }
    }

    /// Input `i` (whose text is `text`) is read next: the earlier input with the same content,
    /// if there is one. Call in input order.
    pub fn check(&mut self, i: usize, text: &str) -> Option<usize> {
        let len = (*self.lengths.get(i)?)?;
        let f = Fingerprint {
            len,
            hash: hash(content(text)),
        };
        if let Some((k, _)) = self.seen.iter().find(|(_, g)| *g == f) {
            return Some(*k);
        }
        self.seen.push((i, f));
        None
    }
}

/// Which earlier input each input repeats (`None`: first of its content), in one call.
pub fn same_content(inputs: &[Input]) -> Vec<Option<usize>> {
    let mut s = SameContent::new(inputs);
    inputs
        .iter()
        .enumerate()
        .map(|(i, input)| s.check(i, &input.text))
        .collect()
}

fn content(text: &str) -> &str {
    text.trim_matches(|c: char| c.is_ascii_whitespace() || c == '\u{feff}')
}

/// Two independent 64-bit FNV-1a-style lanes over the bytes, `\r` left out.
fn hash(text: &str) -> (u64, u64) {
    let mut a: u64 = 0xcbf2_9ce4_8422_2325;
    let mut b: u64 = 0x9e37_79b9_7f4a_7c15;
    for &byte in text.as_bytes() {
        if byte == b'\r' {
            continue;
        }
        a = (a ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
        b = (b ^ u64::from(byte))
            .wrapping_mul(0xff51_afd7_ed55_8ccd)
            .rotate_left(29);
    }
    (a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOG: &str = "15:34:09:841 PG1A-opc Trace: SetAgentState: ASTID=6420 OldState=AS_NOT_READY NewState=AS_NOT_ACTIVE\n15:34:10:002 PG1A-opc Trace: SetAgentState: ASTID=6420 OldState=AS_NOT_ACTIVE NewState=AS_AVAILABLE\n";

    #[test]
    fn the_same_text_under_other_names_is_told() {
        let inputs = vec![
            Input::new("opc.log", LOG),
            Input::new("other.log", LOG.replace("6420", "6421")),
            Input::new("paste 1", LOG.replace('\n', "\r\n")),
            Input::new(
                "bundle.zip/logs/opc.log",
                format!("\u{feff}{}", LOG.trim_end()),
            ),
        ];
        assert_eq!(same_content(&inputs), vec![None, None, Some(0), Some(0)]);
    }

    #[test]
    fn one_changed_byte_or_blank_and_skipped_inputs_are_not_the_same() {
        let mut one_off = LOG.to_string();
        one_off.replace_range(0..1, "2");
        let inputs = vec![
            Input::new("a", LOG),
            Input::new("b", one_off),
            Input::new("c", "  \n"),
            Input::new("d", "\n"),
            Input::skipped("x.png", crate::model::Encoding::Binary, "a PNG image"),
            Input::skipped("y.png", crate::model::Encoding::Binary, "a PNG image"),
        ];
        assert_eq!(same_content(&inputs), vec![None; 6]);
    }

    #[test]
    fn the_first_of_three_copies_is_the_one_named() {
        let inputs = vec![
            Input::new("a", "x"),
            Input::new("b", LOG),
            Input::new("c", LOG),
            Input::new("d", LOG),
        ];
        assert_eq!(same_content(&inputs), vec![None, None, Some(1), Some(1)]);
    }
}
