//! Log reader throughput on a generated ~100 MB mix of the seed's line shapes with varying ids.
//! Run: `cargo bench --bench logs`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use ece_triage::logs::parse_text;
use std::fmt::Write;
use std::hint::black_box;
use std::time::Duration;

fn hms(ms: u64, sep: char) -> String {
    let ms = ms % 86_400_000;
    format!(
        "{:02}:{:02}:{:02}{sep}{:03}",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    )
}

fn be(v: u32) -> String {
    v.to_be_bytes()
        .iter()
        .map(|b| (*b as i8).to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

/// About `target` bytes of listener, ctisvr, OPC, rttest and unrelated lines.
pub fn generate(target: usize) -> String {
    let mut s = String::with_capacity(target + 4096);
    let mut i: u32 = 0;
    let mut ms: u64 = 13 * 3_600_000;
    while s.len() < target {
        i += 1;
        ms += 7;
        let inv = 80_000 + i * 2;
        let agent = 5000 + i % 700;
        let mrd = 5000;
        let t = hms(ms, '.');
        let pg = hms(ms + 7_200_068, ':');
        let head = format!("2019-08-19 {t} GMT+0000 <@> INFO <@> [8938:listener-event-pool-priority-arm-request-executor::-441] <@> ProcessId:5436 <@> PID:1 <@> UID:12 <@> HttpSessionId: <@>");
        let _ = writeln!(s, "{head} com.ipcc.listener.AgentAvailabilityStatusHandler <@> <@> AgentAvailabilityStatusHandler:agentIsAvailable() MAKE_AGENT_ROUTABLE_IND to ARM armLoginDataArraySize= ARMAgentData");
        let _ = writeln!(s, "{head} com.ipcc.listener.arm.ARMLogger <@> <@> Sending MAKE_AGENT_ROUTABLE_IND -> 0 0 0 16 0 0 0 -102 {} {} {} 0 0 0 2 <@>", be(inv), be(mrd), be(agent));
        let _ = writeln!(s, "{head} com.ipcc.listener.arm.ARMLogger <@> <@> Sending MAKE_AGENT_READY_IND -> 0 0 0 14 0 0 0 -99 {} {} {} 0 1 <@>", be(inv + 1), be(mrd), be(agent));
        let _ = writeln!(
            s,
            "{pg} cg1A-ctisvr Trace: ProcessMakeAgentRoutableInd - sessionID 6"
        );
        let _ = writeln!(s, "{pg} cg1A-ctisvr Trace: SendARMMsg -- InvokeID = {inv}, MRDID = {mrd}, ICMAgentID = {agent}, MaxTasks = 2, SessionID = 6");
        let _ = writeln!(
            s,
            "{pg} cg1A-ctisvr Trace: ProcessMakeAgentReadyInd - sessionID 6"
        );
        let _ = writeln!(s, "{pg} cg1A-ctisvr Trace: SendARMMsg -- InvokeID = {}, MRDID = {mrd}, ICMAgentID = {agent}, MakeRoutable = 1, SessionID = 6", inv + 1);
        let _ = writeln!(s, "{pg} cg1A-ctisvr Trace: SendARMMsg -- InvokeID = {inv}, MRDID = {mrd}, ICMAgentID = {agent}, AgentMode = 0 IsAvailable = 0, MaxTaskLimit = 1, AgentInfo = 1005, ApplicationPathID = 5001, PeripheralID = 0, AgentID =");
        let _ = writeln!(s, "{pg} PG1A-opc Trace: MakeAgentRoutableInd - InvokeID = {inv}, MRDID = {mrd}, ICMAgentID = {agent}, MaxTasks = 2, SessionID = 6");
        let _ = writeln!(s, "{pg} PG1A-opc Trace: SetAgentState: ASTID={agent} Periph#=15003 MRDomainID={mrd} SGSTID=6928 SG#=70518(0x11376) OldState=AS_NOT_READY NewState=AS_NOT_ACTIVE Duration=0 CurLine=-1 ReasonCode=0 AgentObj=0x44535b8");
        let _ = writeln!(s, "{pg} PG1A-opc Trace: some other OPC line that nobody asked about, with words and numbers {i}");
        if i % 50 == 0 {
            let _ = writeln!(s, "rttest: agent_status /agent {agent}\nAgent CUCM.Agent_test ({agent}, periph# 15003)\n  domain: ECE_Chat (5000), state = [na-0:2,RA], 383 secs\n    CL na   TEST_Chat (6928, periph# 70518)\n     L na   CUCM.ECE_Chat.default.11006 (6909, periph# 54839)");
        }
        if i % 10 == 0 {
            let _ = writeln!(s, "==================================================================\nsomething the user typed between the logs {i}\n");
        }
    }
    s
}

fn bench(c: &mut Criterion) {
    let text = generate(100 * 1024 * 1024);
    let mut g = c.benchmark_group("logs");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.sample_size(10);
    g.warm_up_time(Duration::from_millis(500));
    g.measurement_time(Duration::from_secs(12));
    // Parse only (the result is freed outside the timing).
    g.bench_function("parse_100MB_mix", |b| {
        b.iter_with_large_drop(|| parse_text(0, black_box(&text)))
    });
    // Parse and free the result.
    g.bench_function("parse_and_drop_100MB_mix", |b| {
        b.iter(|| drop(black_box(parse_text(0, black_box(&text)))))
    });
    g.finish();

    // Per line kind, 10 MB each: where the time goes.
    let mut g = c.benchmark_group("logs_by_kind");
    g.sample_size(10);
    g.warm_up_time(Duration::from_millis(300));
    g.measurement_time(Duration::from_secs(3));
    for (name, pick) in [("listener", "<@>"), ("ctisvr", "-ctisvr"), ("opc", "-opc")] {
        let only: String = generate(12 * 1024 * 1024)
            .lines()
            .filter(|l| l.contains(pick))
            .flat_map(|l| [l, "\n"])
            .collect();
        g.throughput(Throughput::Bytes(only.len() as u64));
        g.bench_function(name, |b| {
            b.iter_with_large_drop(|| parse_text(0, black_box(&only)))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
