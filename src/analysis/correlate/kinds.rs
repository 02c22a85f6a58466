//! ARM message kinds: canonical names, interned two bytes an event, and which log line announces which.

use super::*;

/// `ProcessARMMediaLoginRespMsg` → `MEDIA_LOGIN_RESP`, `MakeAgentRoutableInd` →
/// `MAKE_AGENT_ROUTABLE_IND`, `MEDIA_LOGIN_REQ` unchanged; `None` for names that are not messages.
pub fn canonical(name: &str) -> Option<String> {
    let mut f = name.trim();
    f = f.strip_prefix("Process").unwrap_or(f);
    f = f.strip_prefix("ARM").unwrap_or(f);
    f = f.strip_suffix("Msg").unwrap_or(f);
    let upper = if f
        .bytes()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == b'_')
    {
        f.to_string()
    } else {
        let b = f.as_bytes();
        let mut s = String::with_capacity(f.len() + 8);
        for (i, &c) in b.iter().enumerate() {
            if i > 0 && c.is_ascii_uppercase() {
                let prev = b[i - 1];
                let next_lower = b.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
                if prev.is_ascii_lowercase()
                    || prev.is_ascii_digit()
                    || (prev.is_ascii_uppercase() && next_lower)
                {
                    s.push('_');
                }
            }
            s.push(c.to_ascii_uppercase() as char);
        }
        s
    };
    ["_REQ", "_IND", "_RESP", "_CONF", "_EVENT"]
        .iter()
        .any(|x| upper.ends_with(x))
        .then_some(upper)
}

/// The request a response answers: `MEDIA_LOGIN_RESP` → `MEDIA_LOGIN_REQ`.
pub fn request_of(kind: &str) -> String {
    for suf in ["_RESP", "_CONF"] {
        if let Some(b) = kind.strip_suffix(suf) {
            return format!("{b}_REQ");
        }
    }
    kind.to_string()
}

/// An interned message kind: an index into [`Kinds`]' names; [`KindId::NONE`] for events that
/// are no ARM message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct KindId(pub(super) u16);

impl KindId {
    pub const NONE: KindId = KindId(0);
    pub fn is_none(self) -> bool {
        self == KindId::NONE
    }
}

/// The canonical ARM message kind of each event (`MEDIA_LOGIN_RESP` ...), interned: two bytes
/// an event, each name kept once. What correlation, the agent model, the rules and the ladder
/// ask of an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kinds {
    pub(crate) of: Vec<KindId>,
    /// Name of each id (`names[0]` is the empty name of `NONE`).
    pub(crate) names: Vec<Box<str>>,
    /// The request kind of each id (`request_of`).
    pub(crate) request: Vec<KindId>,
}

impl Default for Kinds {
    fn default() -> Self {
        Kinds {
            of: Vec::new(),
            names: vec!["".into()],
            request: vec![KindId::NONE],
        }
    }
}

impl Kinds {
    /// The kind of event `i`, if it is an ARM message.
    #[inline]
    pub fn get(&self, i: usize) -> Option<&str> {
        let id = *self.of.get(i)?;
        (!id.is_none()).then(|| self.name(id))
    }
    #[inline]
    pub fn id(&self, i: usize) -> KindId {
        self.of.get(i).copied().unwrap_or_default()
    }
    pub fn name(&self, id: KindId) -> &str {
        self.names.get(usize::from(id.0)).map_or("", |n| n)
    }
    /// The id of a kind name, if any event has it (or its request does).
    pub fn find(&self, name: &str) -> Option<KindId> {
        (1..self.names.len())
            .find(|&i| &*self.names[i] == name)
            .map(|i| KindId(i as u16))
    }
    /// The request kind of `id` (`MEDIA_LOGIN_RESP` → `MEDIA_LOGIN_REQ`).
    pub fn request(&self, id: KindId) -> KindId {
        self.request
            .get(usize::from(id.0))
            .copied()
            .unwrap_or_default()
    }
    pub fn len(&self) -> usize {
        self.of.len()
    }
    pub fn is_empty(&self) -> bool {
        self.of.is_empty()
    }
    /// Kinds in the order `order` gives (new position → old index).
    pub(crate) fn permuted(&self, order: &[u32]) -> Kinds {
        Kinds {
            of: order.iter().map(|&i| self.id(i as usize)).collect(),
            names: self.names.clone(),
            request: self.request.clone(),
        }
    }

    /// Interns a canonical name (and its request).
    pub(crate) fn intern(
        &mut self,
        name: String,
        index: &mut HashMap<String, KindId, BuildFx>,
    ) -> KindId {
        if let Some(&id) = index.get(&name) {
            return id;
        }
        // More distinct message names than a u16 holds cannot come from real logs; the rest
        // share the last id rather than wrap.
        let id = KindId(u16::try_from(self.names.len()).unwrap_or(u16::MAX));
        if id.0 == u16::MAX {
            return id;
        }
        self.names.push(name.clone().into());
        self.request.push(id);
        index.insert(name.clone(), id);
        let req = request_of(&name);
        let rid = if req == name {
            id
        } else {
            self.intern(req, index)
        };
        self.request[usize::from(id.0)] = rid;
        id
    }
}

/// No link (see [`arm_kinds`]).
pub const NO_LINK: u32 = u32::MAX;

/// Canonical kinds by the text they are read from (a log repeats a few names over and over).
pub(crate) struct Interner {
    pub(crate) kinds: Kinds,
    /// Canonical name → id.
    pub(crate) index: HashMap<String, KindId, BuildFx>,
    /// Text as logged (`ProcessMakeAgentReadyInd`) → id of its canonical name, or `NONE`.
    pub(crate) of_text: HashMap<String, KindId, BuildFx>,
}

impl Interner {
    pub(crate) fn kind_of(&mut self, text: &str) -> KindId {
        if let Some(&id) = self.of_text.get(text) {
            return id;
        }
        let id = match canonical(text) {
            Some(c) => self.kinds.intern(c, &mut self.index),
            None => KindId::NONE,
        };
        self.of_text.insert(text.to_string(), id);
        id
    }
}

/// What the message kinds' pass finds: each event's kind, which `Process…` line announces which
/// `SendARMMsg`, and how many events are requests with an InvokeID (the matching's room).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArmKinds {
    pub kinds: Kinds,
    /// (announcing line, the `SendARMMsg` it announces), by announcing line: only the lines that
    /// announce one, not a word per event.
    pub links: Vec<(u32, u32)>,
    /// Events with a message kind and an InvokeID.
    pub requests: usize,
}

/// The ARM message each event is about, if any; and, for a ctisvr `Process…` line that only
/// announces the next `SendARMMsg`, that `SendARMMsg` ([`ArmKinds::links`]). On many events the
/// two halves are read at once (see [`arm_kinds_in`]).
pub fn arm_kinds(events: &[Event]) -> ArmKinds {
    arm_kinds_in(events, events.len() >= crate::par::AT_ONCE_FROM_EVENTS)
}

/// [`arm_kinds`], in two halves at once when `at_once` (each with its own names, the second's
/// then taken into the first's in the order it met them: the ids are those of one pass, which
/// meets names in the same order), or in one pass: the result is the same.
pub fn arm_kinds_in(events: &[Event], at_once: bool) -> ArmKinds {
    let mid = events.len() / 2;
    if !at_once || mid == 0 {
        let (n, links, requests) = kinds_of_range(events, 0..events.len());
        return ArmKinds {
            kinds: n.kinds,
            links: sorted_links(links),
            requests,
        };
    }
    let ((mut a, mut links, ra), (b, lb, rb)) = crate::par::both(
        true,
        || kinds_of_range(events, 0..mid),
        || kinds_of_range(events, mid..events.len()),
    );
    if a.kinds.names.len() + b.kinds.names.len() >= usize::from(u16::MAX) {
        // So many names that ids could run out (not from real logs): one pass decides.
        return arm_kinds_in(events, false);
    }
    let map: Vec<KindId> = b
        .kinds
        .names
        .iter()
        .enumerate()
        .map(|(id, name)| match id {
            0 => KindId::NONE,
            _ => a.kinds.intern(name.to_string(), &mut a.index),
        })
        .collect();
    a.kinds.of.extend(
        b.kinds
            .of
            .iter()
            .map(|id| map.get(usize::from(id.0)).copied().unwrap_or_default()),
    );
    links.extend(lb);
    ArmKinds {
        kinds: a.kinds,
        links: sorted_links(links),
        requests: ra + rb,
    }
}

/// Links by announcing line; where two `SendARMMsg` took the same line, the later one (as one
/// pass that writes each found link over the last leaves it).
fn sorted_links(mut links: Vec<(u32, u32)>) -> Vec<(u32, u32)> {
    links.sort_unstable();
    let mut out: Vec<(u32, u32)> = Vec::with_capacity(links.len());
    for l in links {
        match out.last_mut() {
            Some(last) if last.0 == l.0 => *last = l,
            _ => out.push(l),
        }
    }
    out
}

/// The kinds of `events[range]` (an event may look back before `range.start` for its
/// announcement), the links found there, unsorted, and the requests with an InvokeID.
fn kinds_of_range(
    events: &[Event],
    range: std::ops::Range<usize>,
) -> (Interner, Vec<(u32, u32)>, usize) {
    let mut n = Interner {
        kinds: Kinds {
            of: Vec::with_capacity(range.len()),
            ..Kinds::default()
        },
        index: HashMap::default(),
        of_text: HashMap::default(),
    };
    let mut links: Vec<(u32, u32)> = Vec::new();
    let mut requests = 0;
    for i in range {
        let Some(e) = events.get(i) else { break };
        let k = match &e.kind {
            EventKind::Arm { message, .. } => match message.name_str() {
                Some(name) => n.kind_of(name),
                None => n.kind_of(&message.label()),
            },
            EventKind::Trace { function, .. } if function == "SendARMMsg" => {
                // The ctisvr line just before says which request this is.
                let mut found = None;
                for j in (i.saturating_sub(3)..i).rev() {
                    let p = &events[j];
                    if p.origin.input != e.origin.input || p.source != e.source {
                        continue;
                    }
                    if let (EventKind::Trace { function: pf, .. }, None) = (&p.kind, p.invoke_id) {
                        if pf.starts_with("Process") {
                            let k = n.kind_of(pf);
                            if !k.is_none() {
                                let close = match (p.stamp(), e.stamp()) {
                                    (Some(a), Some(b)) => stamp_diff(&a, &b).abs() <= 2000,
                                    _ => true,
                                };
                                if close {
                                    found = Some((j, k));
                                    break;
                                }
                            }
                        }
                    }
                }
                match found {
                    Some((j, k)) => {
                        links.push((j as u32, i as u32));
                        k
                    }
                    None if e.field("MakeRoutable").is_some() => n.kind_of("MAKE_AGENT_READY_IND"),
                    None if e.field("MaxTasks").is_some() => n.kind_of("MAKE_AGENT_ROUTABLE_IND"),
                    None if e.field("AgentInfo").is_some()
                        || e.field("ApplicationPathID").is_some() =>
                    {
                        n.kind_of("MEDIA_LOGIN_REQ")
                    }
                    None => KindId::NONE,
                }
            }
            EventKind::Trace { function, .. } => n.kind_of(function),
            _ => KindId::NONE,
        };
        requests += usize::from(!k.is_none() && e.invoke_id.is_some());
        n.kinds.of.push(k);
    }
    (n, links, requests)
}
