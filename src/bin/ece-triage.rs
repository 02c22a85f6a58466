//! The `ece-triage` command line: the same core as the page.
use std::io::Read;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut stdin = || {
        let mut b = Vec::new();
        let _ = std::io::stdin().read_to_end(&mut b);
        b
    };
    let out = ece_triage::cli::run(&args, &mut stdin);
    print!("{}", out.stdout);
    eprint!("{}", out.stderr);
    std::process::exit(out.code);
}
