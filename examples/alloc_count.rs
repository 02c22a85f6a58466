//! Heap allocations made by `logs::parse_text` per event, on the generated log mix or one line kind
//! of it, and the bytes the result keeps. `cargo run --profile bench --example alloc_count -- [MiB]`
use ece_triage::{logs, synth};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

struct Counting;
static ALLOCS: AtomicUsize = AtomicUsize::new(0);
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Relaxed);
        let now = LIVE.fetch_add(l.size(), Relaxed) + l.size();
        PEAK.fetch_max(now, Relaxed);
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size(), Relaxed);
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, n: usize) -> *mut u8 {
        ALLOCS.fetch_add(1, Relaxed);
        let now = LIVE.fetch_add(n, Relaxed) + n;
        LIVE.fetch_sub(l.size(), Relaxed);
        PEAK.fetch_max(now, Relaxed);
        unsafe { System.realloc(p, l, n) }
    }
}

#[global_allocator]
static A: Counting = Counting;

fn main() {
    let mb: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10);
    let mix = synth::log_mix_mb(mb);
    for (name, pick) in [
        ("all", None),
        ("listener", Some("<@>")),
        ("ctisvr", Some("-ctisvr")),
        ("opc", Some("-opc")),
    ] {
        let text: String = match pick {
            None => mix.clone(),
            Some(p) => mix
                .lines()
                .filter(|l| l.contains(p))
                .flat_map(|l| [l, "\n"])
                .collect(),
        };
        let (a0, l0) = (ALLOCS.load(Relaxed), LIVE.load(Relaxed));
        PEAK.store(l0, Relaxed);
        let p = logs::parse_text(0, &text);
        let (a1, l1) = (ALLOCS.load(Relaxed), LIVE.load(Relaxed));
        let used: usize = p.events.len() * std::mem::size_of::<ece_triage::model::Event>();
        println!(
            "{name:9} {:6.1} MiB in, {:7} events: {:5.1} allocations/event; result {:6.1} MiB live ({:.2}x input; events vector {:.1} MiB used), peak {:.1} MiB",
            text.len() as f64 / 1048576.0,
            p.events.len(),
            (a1 - a0) as f64 / p.events.len().max(1) as f64,
            (l1 - l0) as f64 / 1048576.0,
            (l1 - l0) as f64 / text.len() as f64,
            used as f64 / 1048576.0,
            (PEAK.load(Relaxed) - l0) as f64 / 1048576.0,
        );
    }
    use ece_triage::{cti, model};
    use std::mem::size_of;
    // `Timestamp` as the stamp readers return it; an `Event` keeps it packed in 16 bytes.
    println!("size_of Event {} EventKind {} Timestamp {} Origin {} Message {} Field {} Fields {} Value {} RawBytes {} Alternatives {} FloatingField {}", size_of::<model::Event>(), size_of::<model::EventKind>(), size_of::<Option<model::Timestamp>>(), size_of::<model::Origin>(), size_of::<cti::Message>(), size_of::<cti::Field>(), size_of::<model::Fields>(), size_of::<cti::Value>(), size_of::<cti::RawBytes>(), size_of::<cti::Alternatives>(), size_of::<cti::FloatingField>());
}
#[allow(dead_code)]
fn sizes() {}
