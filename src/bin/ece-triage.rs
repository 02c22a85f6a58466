//! The `ece-triage` command line: the same core as the page.
use std::io::{Read, Write};

/// Large blocks on huge pages where the kernel has them (fewer page faults; `huge_pages`).
#[cfg(target_os = "linux")]
#[global_allocator]
static ALLOCATOR: ece_triage::huge_pages::HugePages = ece_triage::huge_pages::HugePages;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // A large file is read in place: one that shrinks meanwhile is told in words, not a crash.
    #[cfg(unix)]
    ece_triage::mapped::on_lost_pages();
    let mut stdin = || {
        let mut b = Vec::new();
        let _ = std::io::stdin().read_to_end(&mut b);
        b
    };
    // Buffered and written as the output is made (`print!` would panic on a closed pipe).
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let o = ece_triage::cli::run_to(&args, &mut stdin, &mut out);
    // Flushed by `run_to`; whatever is left to say goes to stderr, which may be closed too.
    drop(out);
    let _ = std::io::stderr().write_all(o.stderr.as_bytes());
    std::process::exit(o.code);
}
