//! Generators of realistic large inputs for benchmarks and tests.
//!
//! Pure core (no browser dependency): the criterion benches (`benches/`) and the browser
//! benchmark (`tests/bench_web.rs`) build their inputs here, so native and browser figures are
//! measured on the same text. Every generator is deterministic (a fixed xorshift seed and
//! counters, no clock), so two runs measure the same bytes.
//!
//! Sizes are in MiB (`mb * 1024 * 1024` bytes, the unit criterion's `MiB/s` uses); the text
//! produced is at least that long and overshoots by at most one record or HAR entry.

use crate::har::fixtures;
use std::fmt::Write;

/// One mebibyte, the unit of every `*_mb` size here.
pub const MB: usize = 1024 * 1024;

/// A Chrome-shaped HAR ("Save all as HAR") of about `mb` MiB: mostly non-ECE entries with
/// large bodies (text with JSON escapes and non-ASCII, base64 images, JSON arrays), and every
/// 500th entry an ECE call from [`fixtures::full_capture`] (template, `initialize`, probes,
/// BOSH session with a system shutdown, HTTP failures), so the reader has calls to keep.
pub fn har_mb(mb: usize) -> String {
    let target = mb * MB;
    let mut rnd = xorshift(0x9E37_79B9_7F4A_7C15);
    let words = [
        "chat",
        "agent",
        "queue",
        "lorem",
        "ipsum",
        "\\\"quoted\\\"",
        "line\\nbreak",
        "é",
        "tab\\t",
        "<div>",
        "&amp;",
    ];
    let mut out = String::with_capacity(target + 100_000);
    out.push_str(r#"{"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},"pages":[],"entries":["#);
    let ece: Vec<String> = fixtures::full_capture(1)["log"]["entries"]
        .as_array()
        .map(|a| a.iter().map(|e| e.to_string()).collect())
        .unwrap_or_default();
    let mut body = String::with_capacity(64 * 1024);
    let mut i = 0usize;
    while out.len() < target {
        if i > 0 {
            out.push(',');
        }
        if i % 500 == 0 && !ece.is_empty() {
            out.push_str(&ece[(i / 500) % ece.len()]);
            i += 1;
            continue;
        }
        let size = 2_000 + (rnd() % 60_000) as usize;
        body.clear();
        let (mime, enc) = match rnd() % 3 {
            0 => {
                while body.len() < size {
                    body.push_str(words[(rnd() % words.len() as u64) as usize]);
                    body.push(' ');
                }
                ("text/html", "")
            }
            1 => {
                const T: &[u8] =
                    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
                while body.len() < size {
                    body.push(T[(rnd() % 64) as usize] as char);
                }
                ("image/png", r#","encoding":"base64""#)
            }
            _ => {
                body.push('[');
                while body.len() < size {
                    let _ = write!(
                        body,
                        r#"{{\"id\":{},\"name\":\"item {}\",\"price\":{}.99}},"#,
                        rnd() % 100000,
                        rnd() % 1000,
                        rnd() % 100
                    );
                }
                body.push_str("{}]");
                ("application/json", "")
            }
        };
        let _ = write!(
            out,
            r#"{{"_initiator":{{"type":"parser"}},"_priority":"Low","_resourceType":"other","cache":{{}},"pageref":"page_1","request":{{"method":"GET","url":"https://shop.example.com/assets/{i}/file?v={}","httpVersion":"HTTP/2","headers":[{{"name":"accept","value":"*/*"}},{{"name":"user-agent","value":"Mozilla/5.0"}}],"queryString":[{{"name":"v","value":"1"}}],"cookies":[],"headersSize":-1,"bodySize":0}},"response":{{"status":200,"statusText":"","httpVersion":"HTTP/2","headers":[{{"name":"content-type","value":"{mime}"}}],"cookies":[],"content":{{"size":{},"mimeType":"{mime}"{enc},"text":"{body}"}},"redirectURL":"","headersSize":-1,"bodySize":-1,"_transferSize":{}}},"serverIPAddress":"192.0.2.1","startedDateTime":"2024-05-06T10:00:00.000Z","time":12.5,"timings":{{"blocked":0.5,"dns":-1,"ssl":-1,"connect":-1,"send":0.1,"wait":10.0,"receive":1.9}}}}"#,
            rnd() % 100,
            body.len(),
            body.len()
        );
        i += 1;
    }
    out.push_str("]}}");
    out
}

/// About `mb` MiB of pasted logs in the seed's shapes with varying invoke and agent ids:
/// listener records (availability line and two ARM dumps), ctisvr traces, OPC traces and state
/// changes, an unrelated OPC line, an `rttest agent_status` block every 50 rounds and a line of
/// user text every 10.
pub fn log_mix_mb(mb: usize) -> String {
    log_mix_agents_mb(mb, 700)
}

/// The log mix of `log_mix_mb` with `agents` different agents (at least 1) instead of 700.
pub fn log_mix_agents_mb(mb: usize, agents: u32) -> String {
    let target = mb * MB;
    let mut s = String::with_capacity(target + 4096);
    let mut i = 0;
    while s.len() < target {
        i += 1;
        log_round(&mut s, i, Lines::All, agents.max(1));
    }
    s
}

/// About `mb` MiB of listener ARMLogger records only (`Sending MAKE_AGENT_ROUTABLE_IND -> 0 0 0 16
/// ...` and `MAKE_AGENT_READY_IND`), the text the ARM byte decoder (`cti::decode_text`) reads.
pub fn listener_arm_mb(mb: usize) -> String {
    let target = mb * MB;
    let mut s = String::with_capacity(target + 4096);
    let mut i = 0;
    while s.len() < target {
        i += 1;
        log_round(&mut s, i, Lines::ListenerArm, 700);
    }
    s
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Lines {
    All,
    ListenerArm,
}

/// One round of the log mix (round `i`, 7 ms after the previous one), for one of `agents` agents.
fn log_round(s: &mut String, i: u32, which: Lines, agents: u32) {
    let ms: u64 = 13 * 3_600_000 + 7 * u64::from(i);
    let inv = 80_000 + i * 2;
    let agent = 5000 + i % agents;
    let mrd = 5000;
    let t = hms(ms, '.');
    let pg = hms(ms + 7_200_068, ':');
    let head = format!("2019-08-19 {t} GMT+0000 <@> INFO <@> [8938:listener-event-pool-priority-arm-request-executor::-441] <@> ProcessId:5436 <@> PID:1 <@> UID:12 <@> HttpSessionId: <@>");
    let all = which == Lines::All;
    if all {
        let _ = writeln!(s, "{head} com.ipcc.listener.AgentAvailabilityStatusHandler <@> <@> AgentAvailabilityStatusHandler:agentIsAvailable() MAKE_AGENT_ROUTABLE_IND to ARM armLoginDataArraySize= ARMAgentData");
    }
    let _ = writeln!(s, "{head} com.ipcc.listener.arm.ARMLogger <@> <@> Sending MAKE_AGENT_ROUTABLE_IND -> 0 0 0 16 0 0 0 -102 {} {} {} 0 0 0 2 <@>", be(inv), be(mrd), be(agent));
    let _ = writeln!(s, "{head} com.ipcc.listener.arm.ARMLogger <@> <@> Sending MAKE_AGENT_READY_IND -> 0 0 0 14 0 0 0 -99 {} {} {} 0 1 <@>", be(inv + 1), be(mrd), be(agent));
    if !all {
        return;
    }
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
    let _ = writeln!(
        s,
        "{pg} PG1A-opc Trace: some other OPC line that nobody asked about, with words and numbers {i}"
    );
    if i % 50 == 0 {
        let _ = writeln!(s, "rttest: agent_status /agent {agent}\nAgent CUCM.Agent_test ({agent}, periph# 15003)\n  domain: ECE_Chat (5000), state = [na-0:2,RA], 383 secs\n    CL na   TEST_Chat (6928, periph# 70518)\n     L na   CUCM.ECE_Chat.default.11006 (6909, periph# 54839)");
    }
    if i % 10 == 0 {
        let _ = writeln!(s, "==================================================================\nsomething the user typed between the logs {i}\n");
    }
}

/// `hh:mm:ss<sep>mmm` of a millisecond of the day.
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

/// A big-endian u32 as the listener logs bytes: signed decimals separated by spaces.
fn be(v: u32) -> String {
    v.to_be_bytes()
        .iter()
        .map(|b| (*b as i8).to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

fn xorshift(mut seed: u64) -> impl FnMut() -> u64 {
    move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn har_is_valid_json_with_ece_calls_and_deterministic() {
        let h = har_mb(1);
        assert!(h.len() >= MB && h.len() < MB + 200_000, "{}", h.len());
        serde_json::from_str::<serde::de::IgnoredAny>(&h).expect("valid JSON");
        let cap = crate::har::read_har_str(&h).expect("reads as a HAR");
        assert!(!cap.calls.is_empty());
        assert_eq!(h, har_mb(1));
    }

    #[test]
    fn log_mix_parses_into_events_of_every_kind() {
        let t = log_mix_mb(1);
        assert!(t.len() >= MB && t.len() < MB + 4096);
        let p = crate::logs::parse_text(0, &t);
        assert!(p.events.len() > 1000, "{}", p.events.len());
        use crate::model::SourceKind::*;
        for kind in [Listener, Ctisvr, Opc, Rttest] {
            assert!(p.events.iter().any(|e| e.source == kind), "{kind:?}");
        }
        assert_eq!(t, log_mix_mb(1));
    }

    #[test]
    fn listener_arm_text_decodes_to_messages() {
        let t = listener_arm_mb(1);
        let out = crate::cti::decode_text(&t, &Default::default());
        assert!(out.messages.len() > 1000, "{}", out.messages.len());
        assert!(out.problems.is_empty(), "{:?}", out.problems.first());
    }
}
