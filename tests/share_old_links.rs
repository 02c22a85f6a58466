//! Share links made by an earlier build still open, with the same state and the same analysis.
use ece_triage::analysis::{self, Overrides};
use ece_triage::model::SourceKind;
use ece_triage::share;

/// Made by main at c382854 (before clock overrides were typed): `share::sanitized_state` of the
/// seed with clock offsets listener→ctisvr 7260 s and listener→opc 7200 s and ECE 12.5, encoded.
const LINK_C382854: &str = include_str!("golden/share-link-main-c382854.txt");

#[test]
fn a_link_made_before_typed_clock_overrides_opens_unchanged() {
    let state = share::decode(LINK_C382854).expect("the old link opens");
    assert_eq!(state.inputs.len(), ece_triage::sample::SEED.len());
    assert_eq!(
        state.overrides,
        Overrides {
            clock_offsets: vec![
                (SourceKind::Listener, SourceKind::Ctisvr, 7260),
                (SourceKind::Listener, SourceKind::Opc, 7200),
            ],
            ece_version: Some("12.5".into()),
            ..Default::default()
        }
    );
    // Written back, it is the same link byte for byte: the JSON shape did not change.
    assert_eq!(share::encode(&state), LINK_C382854.trim());
    // And the offsets still apply, as set by hand.
    let r = analysis::analyze_with(&state.inputs, &state.overrides);
    let set: Vec<(SourceKind, SourceKind, i64, bool)> = r
        .clock_offsets
        .iter()
        .map(|c| (c.from, c.to, c.seconds, c.inferred))
        .collect();
    assert_eq!(
        set,
        vec![
            (SourceKind::Listener, SourceKind::Ctisvr, 7260, false),
            (SourceKind::Listener, SourceKind::Opc, 7200, false),
        ]
    );
}
