//! `Function - key = value, key = value`, `Function: key=value key=value`, `Key:value Key:value`:
//! the field shapes of PG traces, read into borrowed slices.

use super::rejoin::Record;
use super::{parse_i64, parse_u32, Ctx};

/// Splits `SendARMMsg -- InvokeID = 1` into (`SendARMMsg`, `InvokeID = 1`). `None` when the body does
/// not start with an identifier followed by `:`, ` -` or the end.
pub fn split_function(body: &str) -> Option<(&str, &str)> {
    let body = body.trim_start();
    let end = body
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(body.len());
    if end == 0 {
        return None;
    }
    let rest = &body[end..];
    let ok = rest.trim().is_empty()
        || rest.starts_with(':')
        || rest.starts_with(" -")
        || rest.starts_with(" :");
    if !ok {
        return None;
    }
    let rest = rest.trim_start_matches([' ', '-', ':', '\t']);
    Some((&body[..end], rest))
}

/// Whitespace-separated tokens as byte ranges; with `parens`, `(` and `)` also separate.
fn tokens(s: &str, parens: bool) -> Vec<(usize, usize)> {
    let b = s.as_bytes();
    let mut v = Vec::with_capacity(16);
    let mut i = 0;
    let sep = |c: u8| c == b' ' || c == b'\t' || (parens && (c == b'(' || c == b')'));
    while i < b.len() {
        while i < b.len() && sep(b[i]) {
            i += 1;
        }
        let st = i;
        while i < b.len() && !sep(b[i]) {
            i += 1;
        }
        if i > st {
            v.push((st, i));
        }
    }
    v
}

const NONE: usize = usize::MAX;

fn finish<'a>(s: &'a str, raw: Vec<(&'a str, usize, usize)>) -> Vec<(&'a str, &'a str)> {
    raw.into_iter()
        .map(|(k, a, b)| {
            let v = if a == NONE {
                ""
            } else {
                s[a..b].trim_end_matches(',').trim()
            };
            (k, v)
        })
        .collect()
}

/// `k = v, k = v`, `k=v k=v` (mixed is fine; a missing comma is fine; `k =` at the end gives an
/// empty value). Without any `=`: `sessionID 4` pairs of word + number, else one `text` field.
pub fn pairs_eq(s: &str) -> Vec<(&str, &str)> {
    let toks = tokens(s, false);
    let tok = |i: usize| &s[toks[i].0..toks[i].1];
    let mut raw: Vec<(&str, usize, usize)> = Vec::with_capacity(toks.len() / 2 + 1);
    let mut any_eq = false;
    let mut i = 0;
    while i < toks.len() {
        let (a, b) = toks[i];
        let t = tok(i);
        if i + 1 < toks.len() && tok(i + 1) == "=" {
            raw.push((t.trim_matches(','), NONE, 0));
            any_eq = true;
            i += 2;
            continue;
        }
        if t == "=" {
            i += 1;
            continue;
        }
        if let Some(p) = t.find('=') {
            if p > 0 {
                let key = t[..p].trim_matches(',');
                if p + 1 < t.len() {
                    raw.push((key, a + p + 1, b));
                } else {
                    raw.push((key, NONE, 0));
                }
                any_eq = true;
                i += 1;
                continue;
            }
        }
        match raw.last_mut() {
            Some(last) => {
                if last.1 == NONE {
                    last.1 = a;
                }
                last.2 = b;
            }
            None => {
                if !t.bytes().all(|c| c == b'-') {
                    raw.push(("text", a, b));
                }
            }
        }
        i += 1;
    }
    if !any_eq {
        // `sessionID 4`: word number pairs.
        if toks.len() >= 2
            && toks.len() % 2 == 0
            && (0..toks.len()).step_by(2).all(|i| {
                tok(i)
                    .bytes()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' as u8)
                    && parse_i64(tok(i + 1)).is_some()
            })
        {
            return (0..toks.len())
                .step_by(2)
                .map(|i| (tok(i), tok(i + 1)))
                .collect();
        }
        let t = s.trim();
        return if t.is_empty() {
            Vec::new()
        } else {
            vec![("text", t)]
        };
    }
    finish(s, raw)
}

/// `Key:value Key:value`, parentheses ignored; tokens without `:` extend the previous value.
pub fn pairs_colon(s: &str) -> Vec<(&str, &str)> {
    let toks = tokens(s, true);
    let mut raw: Vec<(&str, usize, usize)> = Vec::with_capacity(toks.len());
    for &(a, b) in &toks {
        let t = &s[a..b];
        match t.find(':') {
            Some(p) if p > 0 => {
                if p + 1 < t.len() {
                    raw.push((&t[..p], a + p + 1, b));
                } else {
                    raw.push((&t[..p], NONE, 0));
                }
            }
            _ => match raw.last_mut() {
                Some(last) => {
                    if last.1 == NONE {
                        last.1 = a;
                    }
                    last.2 = b;
                }
                None => raw.push(("text", a, b)),
            },
        }
    }
    finish(s, raw)
}

/// Fields whose value must be a number.
const NUMERIC: &[&str] = &[
    "InvokeID",
    "MRDID",
    "ICMAgentID",
    "MRDomainID",
    "ASTID",
    "Periph#",
    "SGSTID",
    "SG#",
    "MaxTasks",
    "MaxTaskLimit",
    "NumTasks",
    "SessionID",
    "Status",
    "AgentSkillTargetID",
    "ReasonCode",
    "Duration",
    "AgentMode",
    "IsAvailable",
    "ApplicationPathID",
    "PeripheralID",
    "SkillGroupNumber",
    "SkillGroupID",
    "SkillGroupPriority",
    "EventReasonCode",
    "CurLine",
];

fn offset_in(outer: &str, inner: &str) -> Option<usize> {
    let o = outer.as_ptr() as usize;
    let i = inner.as_ptr() as usize;
    (i >= o && i <= o + outer.len()).then(|| i - o)
}

/// Reports every numeric field whose value is not a number (`InvokeID = 12x`), positioned.
pub fn check_numbers(ctx: &mut Ctx, rec: &Record, pairs: &[(&str, &str)]) {
    for (k, v) in pairs {
        if NUMERIC.iter().any(|n| n.eq_ignore_ascii_case(k)) && parse_i64(v).is_none() {
            let at = offset_in(rec.text.as_ref(), v);
            let msg = if v.is_empty() {
                format!("{k}: expected a number, found nothing")
            } else {
                format!("{k}: expected a number, found `{v}`")
            };
            ctx.problem(rec, at, msg);
        }
    }
}

fn get<'a>(pairs: &[(&str, &'a str)], names: &[&str]) -> Option<&'a str> {
    names.iter().find_map(|n| {
        pairs
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(n))
            .map(|(_, v)| *v)
    })
}

/// (InvokeID, agent id, MRD id) from the usual field names.
pub fn ids(pairs: &[(&str, &str)]) -> (Option<u32>, Option<u32>, Option<u32>) {
    (
        get(pairs, &["InvokeID"]).and_then(parse_u32),
        get(
            pairs,
            &["ICMAgentID", "AgentSkillTargetID", "ASTID", "SkillTargetID"],
        )
        .and_then(parse_u32),
        get(pairs, &["MRDID", "MRDomainID"]).and_then(parse_u32),
    )
}

pub fn owned(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ctisvr_send_arm_msg_with_missing_comma_and_empty_value() {
        let s = "InvokeID = 591309094, MRDID = 5000, ICMAgentID = 5033, AgentMode = 0 IsAvailable = 0, MaxTaskLimit = 1, AgentInfo = 1005, ApplicationPathID = 5001, PeripheralID = 0, AgentID =";
        let p = pairs_eq(s);
        assert_eq!(
            p,
            vec![
                ("InvokeID", "591309094"),
                ("MRDID", "5000"),
                ("ICMAgentID", "5033"),
                ("AgentMode", "0"),
                ("IsAvailable", "0"),
                ("MaxTaskLimit", "1"),
                ("AgentInfo", "1005"),
                ("ApplicationPathID", "5001"),
                ("PeripheralID", "0"),
                ("AgentID", ""),
            ]
        );
        assert_eq!(ids(&p), (Some(591309094), Some(5033), Some(5000)));
    }

    #[test]
    fn opc_style_and_session_style() {
        let p = pairs_eq("ASTID=6420 Periph#=15003 SG#=70518(0x11376) CurLine=-1");
        assert_eq!(p[1], ("Periph#", "15003"));
        assert_eq!(p[2], ("SG#", "70518(0x11376)"));
        assert_eq!(pairs_eq("sessionID 4"), vec![("sessionID", "4")]);
        assert_eq!(pairs_eq("hello there"), vec![("text", "hello there")]);
        let c = pairs_colon("(InvokeID:0x1392b MRDID:5000 MakeRoutable:True )");
        assert_eq!(
            c,
            vec![
                ("InvokeID", "0x1392b"),
                ("MRDID", "5000"),
                ("MakeRoutable", "True")
            ]
        );
        assert_eq!(
            split_function("SetAgentState: ASTID=1"),
            Some(("SetAgentState", "ASTID=1"))
        );
        assert_eq!(
            split_function("SendARMMsg -- InvokeID = 1"),
            Some(("SendARMMsg", "InvokeID = 1"))
        );
        assert_eq!(split_function("Agent 6420 logged out"), None);
    }
}
