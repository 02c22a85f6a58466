//! Prints the Markdown report (with the ASCII ladder) of the files given.
fn main() {
    let inputs: Vec<ece_triage::model::Input> = std::env::args()
        .skip(1)
        .map(|f| {
            ece_triage::model::Input::new(
                f.clone(),
                std::fs::read_to_string(&f).unwrap_or_default(),
            )
        })
        .collect();
    print!("{}", ece_triage::analysis::analyze(&inputs).to_markdown());
}
