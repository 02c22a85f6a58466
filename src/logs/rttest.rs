//! Router `rttest agent_status` output: one `RouterStatus` event per `domain:` block.
//!
//! ```text
//! Agent CUCM.Agent_test (6420, periph# 15003)
//!   domain: ECE_Chat (5000), state = [na-0:2,RA], 383 secs
//!     CL na   TEST_Chat (6928, periph# 70518)
//! ```

use super::rejoin::Record;
use super::{parse_u32, Ctx};
use crate::model::{
    AgentState, Event, EventKind, Origin, RouterDomainStatus, RouterSkillGroup, SourceKind,
};

#[derive(Debug, Default)]
pub struct State {
    agent: Option<AgentHead>,
    domain: Option<OpenDomain>,
}

#[derive(Debug, Clone)]
struct AgentHead {
    name: Option<String>,
    id: Option<u32>,
    periph: Option<u32>,
}

#[derive(Debug)]
struct OpenDomain {
    status: RouterDomainStatus,
    mrd_id: Option<u32>,
    first: u32,
    last: u32,
}

impl State {
    pub fn has_open_domain(&self) -> bool {
        self.domain.is_some()
    }

    /// Is an `Agent …` head still in force (its domain lines may follow)?
    pub fn has_agent_head(&self) -> bool {
        self.agent.is_some()
    }

    /// The state after `later`'s lines were read after this state's: the later one, with this
    /// agent head kept when `later` had no command or agent line of its own.
    pub fn follow(&mut self, mut later: State, later_saw_head: bool) {
        if !later_saw_head {
            later.agent = self.agent.take();
        }
        *self = later;
    }
}

/// `NAME (ID, periph# P)` → (name, id, periph).
fn name_id_periph(s: &str) -> Option<(&str, Option<u32>, Option<u32>)> {
    let s = s.trim();
    let inner_end = s.rfind(')')?;
    let p = s[..inner_end].rfind('(')?;
    let name = s[..p].trim();
    let inner = &s[p + 1..inner_end];
    let mut it = inner.split(',');
    let id = it.next().and_then(parse_u32);
    let periph = it
        .next()
        .map(|x| x.trim().trim_start_matches("periph#").trim())
        .and_then(parse_u32);
    Some((name, id, periph))
}

/// The confirmed two-letter codes only ([`AgentState::from_rttest_code`]).
pub fn state_from_code(code: &str) -> Option<AgentState> {
    AgentState::from_rttest_code(code)
}

pub fn line(ctx: &mut Ctx, rec: &Record) {
    use super::detect::LineKind;
    let t = rec.text.trim();
    match rec.kind {
        LineKind::RttestCommand => {
            ctx.rttest.agent = None;
        }
        LineKind::RttestAgent => {
            let body = t.strip_prefix("Agent").unwrap_or(t);
            match name_id_periph(body) {
                Some((name, id, periph)) => {
                    if id.is_none() {
                        ctx.problem(
                            rec,
                            None,
                            "rttest Agent line: expected `(SkillTargetID, periph# N)`".into(),
                        );
                    }
                    ctx.rttest.agent = Some(AgentHead {
                        name: (!name.is_empty()).then(|| name.to_string()),
                        id,
                        periph,
                    });
                }
                None => ctx.unrecognised(rec),
            }
        }
        LineKind::RttestDomain => domain(ctx, rec, t),
        LineKind::RttestSkillGroup => {
            let Some((name, id, periph)) = name_id_periph(t) else {
                ctx.unrecognised(rec);
                return;
            };
            let mut it = t.split_whitespace();
            let prefix = it.next().unwrap_or("").to_string();
            let code = it.next().unwrap_or("").to_string();
            // The name follows the two leading tokens.
            let name = name
                .trim_start()
                .strip_prefix(prefix.as_str())
                .map(str::trim_start)
                .and_then(|n| n.strip_prefix(code.as_str()))
                .map(str::trim)
                .unwrap_or(name)
                .to_string();
            match ctx.rttest.domain.as_mut() {
                Some(d) => {
                    d.status.skill_groups.push(RouterSkillGroup {
                        prefix,
                        state_code: code,
                        name,
                        skill_target_id: id,
                        peripheral_number: periph,
                    });
                    d.last = rec.last;
                }
                None => {
                    ctx.problem(
                        rec,
                        None,
                        "rttest skill-group line outside a `domain:` block".into(),
                    );
                    ctx.unrecognised(rec);
                }
            }
        }
        _ => ctx.unrecognised(rec),
    }
}

fn domain(ctx: &mut Ctx, rec: &Record, t: &str) {
    let s = t.strip_prefix("domain:").unwrap_or(t);
    let state_at = s.find("state").unwrap_or(s.len());
    let head = s[..state_at].trim().trim_end_matches(',').trim();
    let (domain_name, mrd_id) = match (head.rfind('('), head.rfind(')')) {
        (Some(a), Some(b)) if b > a => (head[..a].trim().to_string(), parse_u32(&head[a + 1..b])),
        _ => (head.to_string(), None),
    };
    let (open, close) = (s.find('['), s.find(']'));
    let (mut code, mut active, mut limit, mut flags) = (String::new(), None, None, String::new());
    if let (Some(a), Some(b)) = (open, close) {
        if b > a {
            let inner = &s[a + 1..b];
            let (c, rest) = inner.split_once('-').unwrap_or((inner, ""));
            code = c.trim().to_string();
            let (counts, fl) = rest.split_once(',').unwrap_or((rest, ""));
            flags = fl.trim().to_string();
            if let Some((x, y)) = counts.split_once(':') {
                active = parse_u32(x);
                limit = parse_u32(y);
            }
        }
    }
    if active.is_none() || limit.is_none() {
        ctx.problem(
            rec,
            None,
            "rttest domain line: expected `state = [xx-active:limit,FLAGS]`".into(),
        );
    }
    if mrd_id.is_none() {
        ctx.problem(
            rec,
            None,
            "rttest domain line: expected `NAME (MRD ID)`".into(),
        );
    }
    let secs = close.and_then(|b| {
        let r = s[b + 1..].trim_start_matches([',', ' ']);
        let end = r.find(|c: char| !c.is_ascii_digit()).unwrap_or(r.len());
        r[..end].parse().ok()
    });
    let head = ctx.rttest.agent.clone();
    ctx.rttest.domain = Some(OpenDomain {
        status: RouterDomainStatus {
            agent_name: head.as_ref().and_then(|h| h.name.clone()),
            peripheral_number: head.as_ref().and_then(|h| h.periph),
            domain_name,
            state: state_from_code(&code),
            state_code: code,
            active_tasks: active.unwrap_or(0),
            task_limit: limit.unwrap_or(0),
            flags,
            seconds_in_state: secs,
            skill_groups: Vec::new(),
        },
        mrd_id,
        first: rec.first,
        last: rec.last,
    });
}

pub fn flush(ctx: &mut Ctx) {
    let Some(d) = ctx.rttest.domain.take() else {
        return;
    };
    let agent_id = ctx.rttest.agent.as_ref().and_then(|h| h.id);
    ctx.out.events.push(Event::new(
        SourceKind::Rttest,
        None,
        Origin {
            input: u32::try_from(ctx.input).unwrap_or(u32::MAX),
            line: d.first,
            end_line: d.last,
        },
        None,
        agent_id,
        d.mrd_id,
        EventKind::RouterStatus(Box::new(d.status)),
    ));
}
