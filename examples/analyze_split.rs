//! Where `analyze --json` spends its time on generated inputs: each stage timed on its own (the
//! logs read in pieces on the machine's cores, then in one pass for comparison), then the whole
//! analysis and the report written to nowhere (as the CLI writes it to a pipe).
//! `cargo run --profile bench --example analyze_split -- [log MiB] [har MiB] [agents in the logs]`
use ece_triage::analysis::{analysis_with_progress, ladder, rules, timeline};
use ece_triage::model::Input;
use ece_triage::sanitize::sanitize_for_sharing;
use ece_triage::{har, logs, synth};
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let log_mb: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(10);
    let har_mb: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(100);
    let agents: u32 = args.next().and_then(|a| a.parse().ok()).unwrap_or(700);
    let ms = |t: Instant| t.elapsed().as_secs_f64() * 1000.0;

    let input = Input::new("mix.log", synth::log_mix_agents_mb(log_mb, agents));
    let t = Instant::now();
    let parse = logs::parse(0, &input);
    println!(
        "logs {log_mb} MiB, {agents} agents: logs::parse {:.0} ms, {} events",
        ms(t),
        parse.events.len()
    );
    let t = Instant::now();
    let one = logs::parse_in_one(0, &input.text);
    println!(
        "  (logs::parse_in_one {:.0} ms: the same in one pass on one thread{})",
        ms(t),
        if one == parse {
            ""
        } else {
            ", A DIFFERENT RESULT"
        }
    );
    drop(one);
    let parses = vec![parse];
    let t = Instant::now();
    let tl = timeline::build(parses, &[]);
    println!("  timeline::build {:.0} ms", ms(t));
    let t = Instant::now();
    let facts = rules::Facts::new(&tl, &tl.kinds, &[], &[], &[]);
    let findings = rules::evaluate(&facts);
    let _ = rules::verdicts(&facts, &findings);
    println!("  rules::evaluate + verdict {:.0} ms", ms(t));
    let t = Instant::now();
    let _ = ladder::build(&tl, &[], &[], &[5000]);
    println!("  ladder::build {:.0} ms", ms(t));
    let t = Instant::now();
    drop(facts);
    drop(tl);
    println!("  drop timeline {:.0} ms", ms(t));
    let t = Instant::now();
    let a = analysis_with_progress(
        std::slice::from_ref(&input),
        &Default::default(),
        &mut |_| {},
    );
    println!(
        "  analysis (all) {:.0} ms, {} events",
        ms(t),
        a.events_len()
    );
    let t = Instant::now();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::sink());
    a.write_json(&mut out).expect("a sink takes everything");
    println!("  Analysis::write_json {:.0} ms", ms(t));
    let t = Instant::now();
    let (_, removed) = sanitize_for_sharing(&input.text, &Default::default());
    println!(
        "  (sanitize_for_sharing {:.0} ms, {} redactions)",
        ms(t),
        removed.len()
    );

    if har_mb == 0 {
        return;
    }
    let text = synth::har_mb(har_mb);
    let t = Instant::now();
    let cap = har::read_har_str(&text).expect("a generated HAR reads");
    println!(
        "har {har_mb} MiB: read_har {:.0} ms, {} calls",
        ms(t),
        cap.calls.len()
    );
    let input = Input::new("capture.har", text);
    let t = Instant::now();
    let a = analysis_with_progress(
        std::slice::from_ref(&input),
        &Default::default(),
        &mut |_| {},
    );
    println!("  analysis (all) {:.0} ms", ms(t));
    let t = Instant::now();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::sink());
    a.write_json(&mut out).expect("a sink takes everything");
    println!("  Analysis::write_json {:.0} ms", ms(t));
}
