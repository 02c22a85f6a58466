//! The built-in example (the seed samples) and the gallery of faults (from the scenario corpus),
//! compiled in.

/// (file name, contents) of every seed sample, in the order a user would paste them.
pub const SEED: &[(&str, &str)] = &[
    (
        "listener-login.log",
        include_str!("../samples/seed/listener-login.log"),
    ),
    (
        "ctisvr-login.log",
        include_str!("../samples/seed/ctisvr-login.log"),
    ),
    (
        "listener-ready.log",
        include_str!("../samples/seed/listener-ready.log"),
    ),
    (
        "ctisvr-ready.log",
        include_str!("../samples/seed/ctisvr-ready.log"),
    ),
    (
        "opc-ready.log",
        include_str!("../samples/seed/opc-ready.log"),
    ),
    (
        "rttest-agent-status.txt",
        include_str!("../samples/seed/rttest-agent-status.txt"),
    ),
    (
        "initialize-response.json",
        include_str!("../samples/seed/initialize-response.json"),
    ),
];

/// One example of the gallery: a fault's evidence from the scenario corpus (`tests/scenarios/`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Example {
    /// `#example=<id>` opens it.
    pub id: &'static str,
    pub title: &'static str,
    /// What it shows, in one line.
    pub blurb: &'static str,
    pub files: &'static [(&'static str, &'static str)],
}

macro_rules! scenario_file {
    ($dir:literal, $file:literal) => {
        (
            $file,
            include_str!(concat!("../tests/scenarios/", $dir, "/", $file)),
        )
    };
}

/// A few faults an engineer meets, next to "Load example" (each a few KB: the wasm stays small).
pub const GALLERY: &[Example] = &[
    Example {
        id: "d-flag",
        title: "A D flag",
        blurb: "rttest shows the chat domain [na-0:3,RD]; the entry point answers 1.",
        files: &[
            scenario_file!("d-flag-with-type1", "rttest.txt"),
            scenario_file!("d-flag-with-type1", "initialize.json"),
        ],
    },
    Example {
        id: "full-agent",
        title: "A full agent",
        blurb: "The only agent is at its task limit [ac-3:3,R]; a HAR with the answer 1.",
        files: &[
            scenario_file!("full-agent-at-task-limit", "rttest.txt"),
            scenario_file!("full-agent-at-task-limit", "capture.har"),
        ],
    },
    Example {
        id: "cors",
        title: "A CORS block",
        blurb: "The initialize call fails with status 0, net::ERR_FAILED.",
        files: &[scenario_file!("cors-blocked", "capture.har")],
    },
    Example {
        id: "rejected-login",
        title: "A rejected login",
        blurb: "MEDIA_LOGIN_RESP status 27: the MRD is not in the listener's application path.",
        files: &[
            scenario_file!("login-rejected-app-path-27", "listener.log"),
            scenario_file!("login-rejected-app-path-27", "ctisvr.log"),
            scenario_file!("login-rejected-app-path-27", "answer.json"),
        ],
    },
    Example {
        id: "multi-entry-point",
        title: "Several entry points",
        blurb: "One HAR, three entry points: 1 (no agent), 0 (open), blocked by CORS.",
        files: &[scenario_file!("multi-entry-point-har", "capture.har")],
    },
];

/// The Decode tab's example: the seed listener log's two ARMLogger lines (MEDIA_LOGIN_REQ sent,
/// MEDIA_LOGIN_RESP received), as the listener writes them.
pub const DUMP_EXAMPLE: (&str, &str) = (
    "listener-login.log",
    include_str!("../samples/seed/listener-login.log"),
);

/// A gallery example by id.
pub fn example(id: &str) -> Option<&'static Example> {
    GALLERY.iter().find(|e| e.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Input;
    use crate::report::Severity;

    #[test]
    fn the_dump_example_decodes_to_its_two_messages() {
        let out = crate::cti::decode_text(DUMP_EXAMPLE.1, &Default::default());
        let names: Vec<String> = out
            .messages
            .iter()
            .map(|m| m.name.as_ref().map_or("?", |n| n.as_str()).to_string())
            .collect();
        assert_eq!(names, ["MEDIA_LOGIN_REQ", "MEDIA_LOGIN_RESP"]);
        assert!(out.problems.is_empty(), "{:?}", out.problems);
        assert!(out.messages.iter().all(|m| m.problems.is_empty()));
    }

    #[test]
    fn every_gallery_example_shows_a_failure() {
        for e in GALLERY {
            let inputs: Vec<Input> = e.files.iter().map(|(n, t)| Input::new(*n, *t)).collect();
            let r = crate::analysis::analyze(&inputs);
            assert!(
                r.findings.iter().any(|f| f.severity == Severity::Error),
                "{}: {:?}",
                e.id,
                r.findings.iter().map(|f| &f.id).collect::<Vec<_>>()
            );
            assert!(example(e.id).is_some());
        }
    }
}
