//! The walker's state: the user's options, the edits and the redactions found so far, the
//! learned secret values, and where in the document the walk is (a path built only when a
//! redaction is recorded).

use std::borrow::Cow;
use std::ops::Range;

use super::echo::Echoes;
use super::edit::{Decoded, Edit};
use super::{marker, Redaction, SanitizeOptions};

/// One step of a path: `.key`, `[3]`, raw text (`?`, `:JSESSIONID`, `<body>`), or a log line.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Seg<'a> {
    Key(&'a str),
    Index(usize),
    Text(&'a str),
    Line(usize),
}

/// Where the walk is: a chain of steps on the stack, rendered only when needed.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    seg: Seg<'a>,
}

impl<'a> Path<'a> {
    pub fn root(seg: Seg<'a>) -> Path<'a> {
        Path { parent: None, seg }
    }

    pub fn then(&'a self, seg: Seg<'a>) -> Path<'a> {
        Path {
            parent: Some(self),
            seg,
        }
    }

    pub fn key(&'a self, k: &'a str) -> Path<'a> {
        self.then(Seg::Key(k))
    }

    pub fn index(&'a self, i: usize) -> Path<'a> {
        self.then(Seg::Index(i))
    }

    pub fn text(&'a self, t: &'a str) -> Path<'a> {
        self.then(Seg::Text(t))
    }

    /// `log.entries[3].request.headers[1]`, `url?access_token`, `line 12`.
    pub fn render(&self) -> String {
        let mut segs = Vec::new();
        let mut p = Some(self);
        while let Some(x) = p {
            segs.push(x.seg);
            p = x.parent;
        }
        let mut out = String::new();
        for s in segs.into_iter().rev() {
            match s {
                Seg::Key(k) if out.is_empty() => out.push_str(k),
                Seg::Key(k) => {
                    out.push('.');
                    out.push_str(k);
                }
                Seg::Index(i) => out.push_str(&format!("[{i}]")),
                Seg::Text(t) => out.push_str(t),
                Seg::Line(n) => out.push_str(&format!("line {n}")),
            }
        }
        out
    }
}

/// The marker of a reason, without an allocation for the usual ones.
fn marker_of(reason: &'static str) -> Cow<'static, str> {
    macro_rules! known {
        ($($r:literal),*) => {
            match reason {
                $($r => Cow::Borrowed(concat!("[redacted:", $r, "]")),)*
                _ => Cow::Owned(marker(reason)),
            }
        };
    }
    known!(
        "cookie",
        "credential",
        "session",
        "token",
        "secret",
        "api-key",
        "signature",
        "email",
        "phone",
        "name",
        "password",
        "chat-text",
        "customer-data",
        "jwt-signature",
        "url-password",
        "base64-body",
        "extra"
    )
}

/// The walk's state.
pub(crate) struct Redactor<'o> {
    pub opts: &'o SanitizeOptions,
    pub found: Vec<Redaction>,
    pub edits: Vec<Edit>,
    pub echoes: Echoes,
    /// Walking the body of an ECE chat call: free-text keys (`body`, `message`, `subject` ...)
    /// hold what the customer or agent typed.
    pub ece_body: bool,
    /// How many decoded layers deep the walk is (JSON in a JSON string in a HAR ...): bounded.
    pub depth: usize,
}

/// Deepest nesting of decoded layers followed (a body's JSON string holding JSON ...).
pub(crate) const MAX_LAYERS: usize = 10;

impl<'o> Redactor<'o> {
    pub fn new(opts: &'o SanitizeOptions) -> Self {
        Redactor {
            opts,
            found: Vec::new(),
            edits: Vec::new(),
            echoes: Echoes::default(),
            ece_body: false,
            depth: 0,
        }
    }

    /// Is this item kept by the user (by its exact path or, case-insensitively, its name)?
    fn kept(&self, path: &str, name: &str) -> bool {
        self.opts
            .keep
            .iter()
            .any(|k| k == path || k.trim().eq_ignore_ascii_case(name.trim()))
    }

    /// Records a redaction unless the user keeps it; returns whether to redact.
    pub fn take(&mut self, path: &Path, name: &str, reason: &str) -> bool {
        let p = path.render();
        if self.kept(&p, name) {
            return false;
        }
        self.found.push(Redaction {
            path: p,
            name: name.to_string(),
            reason: reason.to_string(),
        });
        true
    }

    /// Replaces `at` by the marker of `reason` (unless kept, empty, or a marker already).
    pub fn redact(
        &mut self,
        text: &str,
        at: Range<usize>,
        path: &Path,
        name: &str,
        reason: &'static str,
    ) -> bool {
        self.redact_with(text, at, path, name, reason, marker_of(reason))
    }

    /// As [`Self::redact`], with a replacement of one's own (a quoted marker for a JSON number).
    pub fn redact_with(
        &mut self,
        text: &str,
        at: Range<usize>,
        path: &Path,
        name: &str,
        reason: &'static str,
        with: Cow<'static, str>,
    ) -> bool {
        let Some(v) = text.get(at.clone()) else {
            return false;
        };
        if v.trim().is_empty() || super::find::is_marker(v.trim()) || !self.take(path, name, reason)
        {
            return false;
        }
        self.edits.push(Edit { at, with });
        true
    }

    /// Runs `f` on a decoded view of `raw[span]`; its edits are lifted to raw coordinates. A view
    /// nested deeper than [`MAX_LAYERS`] is not read: it is withheld whole.
    pub fn within(&mut self, span_start: usize, d: &Decoded, f: impl FnOnce(&mut Self, &str)) {
        if self.depth >= MAX_LAYERS {
            let raw = d.raw_range(0..d.text.len());
            let at = span_start + raw.start..span_start + raw.end;
            if !d.text.trim().is_empty() && !super::find::is_marker(d.text.trim()) {
                let p = Path::root(Seg::Text("(a value nested too deep to read)"));
                if self.take(&p, "nested value", "too-deep") {
                    self.edits.push(Edit {
                        at,
                        with: marker("too-deep").into(),
                    });
                }
            }
            return;
        }
        let from = self.edits.len();
        self.depth += 1;
        f(self, &d.text);
        self.depth -= 1;
        d.lift(&mut self.edits[from..], span_start);
    }

    /// Does an edit pushed since `from` overlap `r`?
    pub fn covered(&self, from: usize, r: &Range<usize>) -> bool {
        self.edits[from.min(self.edits.len())..]
            .iter()
            .any(|e| e.at.start < r.end && r.start < e.at.end)
    }
}
