//! `opctest dump_agent` and procmon `dagent`: their output formats are not published, so the command
//! lines are recognised and the output lines kept as raw `Trace` events (never interpreted).

use super::detect::command_word;
use super::rejoin::Record;
use super::{Ctx, Ids, NewEvent};
use crate::cti::Label;
use crate::model::{EventKind, Fields, SourceKind};

#[derive(Debug, Clone)]
pub struct DumpMode {
    pub kind: SourceKind,
    pub command: Label,
}

pub fn command(ctx: &mut Ctx, rec: &Record, kind: SourceKind) {
    let (mut word, mut args) = command_word(&rec.text);
    // `opctest: dump_agent 5000 15003` — the tool's own prompt, then the command.
    let t = rec.text.trim_start();
    if !args.is_empty() && t.contains(&format!("{word}:")) {
        (word, args) = command_word(args);
    }
    let word = ctx.name(&word.to_ascii_lowercase());
    let fields = if args.is_empty() {
        Fields::from_pairs(&[("command", rec.text.trim())])
    } else {
        Fields::from_pairs(&[("command", rec.text.trim()), ("args", args.trim())])
    };
    ctx.push(
        rec,
        NewEvent {
            source: kind,
            time: None,
            ids: Ids::NONE,
            kind: EventKind::Trace {
                function: word.clone(),
                fields,
            },
        },
    );
    ctx.dump = Some(DumpMode {
        kind,
        command: word,
    });
}

pub fn output(ctx: &mut Ctx, rec: &Record) {
    let Some(mode) = ctx.dump.clone() else {
        ctx.unrecognised(rec);
        return;
    };
    ctx.push(
        rec,
        NewEvent {
            source: mode.kind,
            time: None,
            ids: Ids::NONE,
            kind: EventKind::Trace {
                function: mode.command,
                fields: Fields::from_pairs(&[("text", rec.text.trim_end())]),
            },
        },
    );
}
