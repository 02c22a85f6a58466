//! The `ece-triage` command line: the same core as the page.
fn main() {
    println!("ece-triage");
}
