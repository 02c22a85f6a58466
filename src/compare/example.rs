//! The compare examples (`tests/compare/`), compiled in: the page loads them with their sides.

use super::{Side, Sides, Words};
use crate::model::Input;

/// One pair of captures: an id (`#compare=<id>` opens it), a title, and its files by side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PairExample {
    pub id: &'static str,
    pub title: &'static str,
    pub words: Words,
    pub before: &'static [(&'static str, &'static str)],
    pub after: &'static [(&'static str, &'static str)],
}

macro_rules! pair_file {
    ($dir:literal, $side:literal, $file:literal) => {
        (
            concat!($side, "/", $file),
            include_str!(concat!(
                "../../tests/compare/",
                $dir,
                "/",
                $side,
                "/",
                $file
            )),
        )
    };
}

pub const PAIRS: &[PairExample] = &[
    PairExample {
        id: "worked-at-0900",
        title: "It worked at 09:00, not at 14:00",
        words: Words::BeforeAfter,
        before: &[
            pair_file!("worked-at-0900-not-at-1400", "before", "capture.har"),
            pair_file!("worked-at-0900-not-at-1400", "before", "listener.log"),
            pair_file!("worked-at-0900-not-at-1400", "before", "ctisvr.log"),
            pair_file!("worked-at-0900-not-at-1400", "before", "opc.log"),
            pair_file!("worked-at-0900-not-at-1400", "before", "rttest.txt"),
        ],
        after: &[
            pair_file!("worked-at-0900-not-at-1400", "after", "capture.har"),
            pair_file!("worked-at-0900-not-at-1400", "after", "listener.log"),
            pair_file!("worked-at-0900-not-at-1400", "after", "ctisvr.log"),
            pair_file!("worked-at-0900-not-at-1400", "after", "opc.log"),
            pair_file!("worked-at-0900-not-at-1400", "after", "rttest.txt"),
        ],
    },
    PairExample {
        id: "agent-a-agent-b",
        title: "Agent A gets chats, agent B does not",
        words: Words::WorksFails,
        before: &[
            pair_file!(
                "agent-a-gets-chats-agent-b-does-not",
                "works",
                "listener-7301.log"
            ),
            pair_file!(
                "agent-a-gets-chats-agent-b-does-not",
                "works",
                "opc-7301.log"
            ),
            pair_file!(
                "agent-a-gets-chats-agent-b-does-not",
                "works",
                "rttest-7301.txt"
            ),
        ],
        after: &[
            pair_file!(
                "agent-a-gets-chats-agent-b-does-not",
                "fails",
                "listener-7302.log"
            ),
            pair_file!(
                "agent-a-gets-chats-agent-b-does-not",
                "fails",
                "opc-7302.log"
            ),
            pair_file!(
                "agent-a-gets-chats-agent-b-does-not",
                "fails",
                "rttest-7302.txt"
            ),
        ],
    },
];

/// The example with this id.
pub fn pair(id: &str) -> Option<&'static PairExample> {
    PAIRS.iter().find(|p| p.id == id)
}

impl PairExample {
    /// Its inputs (named `example: before/capture.har` ...) and their sides.
    pub fn inputs(&self) -> (Vec<Input>, Sides) {
        let mut sides = Sides {
            words: self.words,
            of: Vec::new(),
        };
        let mut inputs = Vec::new();
        for (files, side) in [(self.before, Side::Before), (self.after, Side::After)] {
            for (name, text) in files {
                sides.set(inputs.len(), Some(side));
                inputs.push(Input::new(format!("example: {name}"), *text));
            }
        }
        (inputs, sides)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_of_each_pair_is_compiled_in_on_its_side() {
        for p in PAIRS {
            let (inputs, sides) = p.inputs();
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/compare");
            let on_disk = |side: &str| {
                std::fs::read_dir(
                    dir.join(match p.id {
                        "worked-at-0900" => "worked-at-0900-not-at-1400",
                        _ => "agent-a-gets-chats-agent-b-does-not",
                    })
                    .join(side),
                )
                .unwrap()
                .count()
            };
            let (w1, w2) = p.words.pair();
            assert_eq!(
                sides.counts(inputs.len()),
                (on_disk(w1), on_disk(w2)),
                "{}",
                p.id
            );
            let c = super::super::compare(
                &inputs[..sides.counts(inputs.len()).0],
                &inputs[sides.counts(inputs.len()).0..],
                p.words,
                &Default::default(),
            );
            assert!(!c.differences.is_empty(), "{}", p.id);
        }
    }
}
