//! `ece-triage decode`: CTI/ARM dumps → field tables or JSON.
//!
//! `ece-triage decode [--json] [--pv N] <dump | ->`: arguments are joined with spaces; `-` or no
//! argument reads stdin. Exit code 0 when everything decoded cleanly, 1 if any problem was found
//! (or no dump at all), 2 for a usage error.
use super::Outcome;
use crate::cti::decode::hex;
use crate::cti::{decode_text, DecodeOptions, DecodeOutput, FramingChoice, Message};

const DECODE_USAGE: &str = "\
USAGE:
    ece-triage decode [--json] [--pv N] <dump ...>
    ece-triage decode [--json] [--pv N] -          (read the dump(s) from stdin)

Decodes CTI/ARM byte dumps: ECE listener records (`Sending X -> 0 0 0 16 …`) or bare bytes in
signed/unsigned decimal or hex (spaced, 0x, run together), wrapped over lines or not.
    --json    print {\"messages\":[…]} instead of tables
    --pv N    protocol version: N ≤ 19 reads floating fields with 1-byte tag/length, N ≥ 20 with 2+2
              (default: detect from the bytes)
";

fn usage_error(msg: &str) -> Outcome {
    Outcome {
        stderr: format!("ece-triage decode: {msg}\n\n{DECODE_USAGE}"),
        code: 2,
        ..Default::default()
    }
}

/// Runs `decode` with the arguments after the subcommand name.
pub fn run(args: &[String], stdin: &mut dyn FnMut() -> Vec<u8>) -> Outcome {
    let mut json = false;
    let mut pv: Option<u32> = None;
    let mut words: Vec<&str> = Vec::new();
    let mut i = 0;
    while let Some(a) = args.get(i) {
        let a = a.as_str();
        i += 1;
        let is_number = a
            .strip_prefix('-')
            .is_some_and(|r| r.bytes().next().is_some_and(|c| c.is_ascii_digit()));
        match a {
            "--json" => json = true,
            "-h" | "--help" => {
                return Outcome {
                    stdout: DECODE_USAGE.to_string(),
                    ..Default::default()
                }
            }
            "--pv" => {
                let Some(v) = args.get(i) else {
                    return usage_error("--pv needs a protocol version number");
                };
                i += 1;
                match v.parse() {
                    Ok(n) => pv = Some(n),
                    Err(_) => return usage_error(&format!("--pv: '{v}' is not a number")),
                }
            }
            _ if a.starts_with("--pv=") => match a["--pv=".len()..].parse() {
                Ok(n) => pv = Some(n),
                Err(_) => return usage_error(&format!("--pv: '{}' is not a number", &a[5..])),
            },
            "-" | "->" => words.push(a),
            _ if a.starts_with('-') && !is_number => {
                return usage_error(&format!("unknown option '{a}'"))
            }
            _ => words.push(a),
        }
    }
    let text = if words.is_empty() || words == ["-"] {
        // Read as every input is (UTF-16 and Windows-1252 too); binary is refused.
        match crate::intake::decode::decode(stdin()) {
            Ok(d) => d.text,
            Err(why) => {
                return Outcome {
                    stderr: format!("ece-triage decode: stdin: {why}\n"),
                    code: 2,
                    ..Default::default()
                }
            }
        }
    } else {
        words.join(" ")
    };
    let opts = DecodeOptions {
        framing: pv.map(FramingChoice::Version).unwrap_or_default(),
    };
    let out = decode_text(&text, &opts);
    let any_problem =
        !out.problems.is_empty() || out.messages.iter().any(|m| !m.problems.is_empty());
    let mut res = Outcome {
        stdout: if json {
            let mut s = serde_json::to_string(&out)
                .unwrap_or_else(|e| format!("{{\"messages\":[],\"error\":{:?}}}", e.to_string()));
            s.push('\n');
            s
        } else {
            render_text(&text, &out)
        },
        code: i32::from(any_problem),
        ..Default::default()
    };
    if out.messages.is_empty() {
        res.stderr = "ece-triage decode: no byte dump found in the input\n".into();
        res.code = 1;
    }
    res
}

/// Tables for people: per message a header line, the fields, floating fields and problems.
pub fn render_text(text: &str, out: &DecodeOutput) -> String {
    let mut s = String::new();
    for (n, m) in out.messages.iter().enumerate() {
        if n > 0 {
            s.push('\n');
        }
        render_message(&mut s, n + 1, m);
    }
    if !out.problems.is_empty() {
        s.push_str("\ntext problems:\n");
        for p in &out.problems {
            let (line, col) = crate::model::line_col(text, p.offset);
            s.push_str(&format!(
                "  at text offset {} (line {line}, column {col}): {}\n",
                p.offset, p.message
            ));
        }
    }
    s
}

fn render_message(s: &mut String, n: usize, m: &Message) {
    let h = crate::render::heading::heading(m);
    s.push_str(&format!("#{n} {} — {}\n", h.title, h.detail));
    if let Some(logged) = &h.logged_as {
        s.push_str(&format!("   logged as {logged}\n"));
    }
    if let Some(note) = &m.framing_note {
        s.push_str(&format!("   {note}\n"));
    }
    let all: Vec<crate::cti::Field> = m
        .header_fields()
        .into_iter()
        .chain(m.fields.clone())
        .collect();
    let rows: Vec<[String; 7]> = all
        .iter()
        .map(|f| {
            [
                f.offset.to_string(),
                f.size.to_string(),
                f.name.to_string(),
                f.ty.to_string(),
                hex(&f.raw),
                f.display.to_string(),
                f.confidence.word().to_string(),
            ]
        })
        .collect();
    let head = [
        "offset",
        "size",
        "name",
        "type",
        "raw",
        "value",
        "confidence",
    ];
    table(s, &head, &rows, |i| {
        all.get(i)
            .map(|f| {
                f.alternatives
                    .iter()
                    .map(|a| format!("or {}: {}", a.reading, a.values))
                    .collect()
            })
            .unwrap_or_default()
    });
    if !m.floating.is_empty() {
        s.push_str("   floating fields:\n");
        let rows: Vec<[String; 7]> = m
            .floating
            .iter()
            .map(|f| {
                [
                    f.offset.to_string(),
                    f.tag.to_string(),
                    f.name.as_deref().unwrap_or("(unknown tag)").to_string(),
                    f.length.to_string(),
                    hex(&f.raw),
                    f.display.to_string(),
                    f.confidence.word().to_string(),
                ]
            })
            .collect();
        let head = [
            "offset",
            "tag",
            "name",
            "length",
            "raw",
            "value",
            "confidence",
        ];
        table(s, &head, &rows, |_| Vec::new());
    }
    if m.problems.is_empty() {
        s.push_str("   no problems\n");
    } else {
        s.push_str("   problems:\n");
        for p in &m.problems {
            s.push_str(&format!("     at byte {}: {}\n", p.offset, p.message));
        }
    }
}

/// An aligned table; `extra(i)` gives lines printed under row `i` (alternatives).
fn table(
    s: &mut String,
    head: &[&str; 7],
    rows: &[[String; 7]],
    extra: impl Fn(usize) -> Vec<String>,
) {
    let mut w = head.map(|h| h.chars().count());
    for r in rows {
        for (k, c) in r.iter().enumerate() {
            w[k] = w[k].max(c.chars().count());
        }
    }
    let line = |cells: [&str; 7]| {
        let mut l = String::from("  ");
        for (k, c) in cells.iter().enumerate() {
            let pad = w[k].saturating_sub(c.chars().count());
            l.push(' ');
            if k < 2 {
                l.push_str(&" ".repeat(pad));
                l.push_str(c);
            } else if k == 6 {
                l.push_str(c);
            } else {
                l.push_str(c);
                l.push_str(&" ".repeat(pad));
            }
            l.push(' ');
        }
        l.truncate(l.trim_end().len());
        l.push('\n');
        l
    };
    s.push_str(&line(*head));
    for (i, r) in rows.iter().enumerate() {
        s.push_str(&line([
            r[0].as_str(),
            r[1].as_str(),
            r[2].as_str(),
            r[3].as_str(),
            r[4].as_str(),
            r[5].as_str(),
            r[6].as_str(),
        ]));
        for x in extra(i) {
            s.push_str(&format!("{}↳ {x}\n", " ".repeat(w[0] + w[1] + 7)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_args(args: &[&str], input: &str) -> Outcome {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        let input = input.as_bytes().to_vec();
        let mut stdin = move || input.clone();
        run(&args, &mut stdin)
    }

    const ROUTABLE: &str = "0 0 0 16 0 0 0 -102 0 1 57 43 0 0 19 -120 0 0 25 20 0 0 0 2";
    const LOGIN: &str = "Sending MEDIA_LOGIN_REQ  -> 0 0 0 27 0 0 0 -105 0 2 8 1 0 0 19 -120 0 0 19 -87 0 0 0 0 0 0 0 1 107 5 49 48 48 53 0   <@>";

    #[test]
    fn args_are_joined_and_negative_numbers_are_bytes() {
        let args: Vec<&str> = ROUTABLE.split(' ').collect();
        let o = run_args(&args, "");
        assert_eq!(o.code, 0, "{}", o.stderr);
        assert!(o
            .stdout
            .starts_with("#1 MAKE_AGENT_ROUTABLE_IND (154) — bare bytes, length 16, 24 bytes\n"));
        assert!(o.stdout.contains("MaxTasks"));
        assert!(o.stdout.contains("no problems"));
    }

    #[test]
    fn table_rows_are_aligned() {
        let o = run_args(&[ROUTABLE], "");
        let lines: Vec<&str> = o.stdout.lines().collect();
        let head = lines.iter().find(|l| l.contains("offset")).unwrap();
        let inv = lines.iter().find(|l| l.contains("InvokeID")).unwrap();
        assert_eq!(head.find("name"), inv.find("InvokeID"));
        assert_eq!(head.find("raw"), inv.find("00 01 39 2B"));
        assert!(
            inv.ends_with("80171 inferred") || inv.contains("80171"),
            "{inv}"
        );
        assert!(inv.trim_end().ends_with("inferred"));
    }

    #[test]
    fn stdin_when_no_argument_or_dash() {
        for args in [&[][..], &["-"][..], &["--json", "-"][..]] {
            let o = run_args(args, LOGIN);
            assert_eq!(o.code, 0, "{args:?}: {}", o.stderr);
            assert!(o.stdout.contains("MEDIA_LOGIN_REQ"));
        }
    }

    #[test]
    fn json_has_the_agreed_keys() {
        let o = run_args(&["--json", LOGIN], "");
        assert_eq!(o.code, 0);
        let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
        let m = &v["messages"][0];
        assert_eq!(m["direction"], "sent");
        assert_eq!(m["type"], 151);
        assert_eq!(m["name"], "MEDIA_LOGIN_REQ");
        assert_eq!(m["length"], 27);
        assert_eq!(m["problems"], serde_json::json!([]));
        let inv = &m["fields"][0];
        assert_eq!(inv["name"], "InvokeID");
        assert_eq!(inv["offset"], 8);
        assert_eq!(inv["size"], 4);
        assert_eq!(inv["value"], 133121);
        assert_eq!(inv["confidence"], "inferred");
        let fl = &m["floating"][0];
        assert_eq!(fl["tag"], 107);
        assert_eq!(fl["name"], "AgentInfo");
        assert_eq!(fl["value"], "1005");

        let o = run_args(&["--json", ROUTABLE], "");
        let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
        assert_eq!(v["messages"][0]["direction"], serde_json::Value::Null);
    }

    #[test]
    fn problems_give_exit_code_1_and_are_listed() {
        let o = run_args(&["0 0 0 16 0 0 0 -102 0 1"], "");
        assert_eq!(o.code, 1);
        assert!(o.stdout.contains("problems:"));
        assert!(o.stdout.contains("at byte 0: declared length 16"));
        let o = run_args(&["--json", "0 0 0 16 0 0 0 -102 0 1 300"], "");
        assert_eq!(o.code, 1);
        let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
        assert_eq!(v["messages"][0]["problems"][0]["offset"], 0);
        assert!(v["problems"][0]["message"]
            .as_str()
            .unwrap()
            .contains("out of the byte range"));
        let o = run_args(&["hello"], "");
        assert_eq!(o.code, 1);
        assert!(o.stderr.contains("no byte dump found"));
    }

    #[test]
    fn text_problems_name_line_and_column() {
        let o = run_args(&[], "0 0 0 4 0 0 0 5\n0 0 0 400");
        assert_eq!(o.code, 1);
        assert!(
            o.stdout
                .contains("at text offset 22 (line 2, column 7): 400 is out of the byte range"),
            "{}",
            o.stdout
        );
    }

    #[test]
    fn pv_option_sets_the_framing() {
        let o = run_args(&["--pv", "24", LOGIN], "");
        assert_eq!(o.code, 1, "the 1-byte login does not fit 2-byte framing");
        assert!(o.stdout.contains("set by the user: protocol version 24"));
        let o = run_args(&["--pv=19", LOGIN], "");
        assert_eq!(o.code, 0);
        assert!(o.stdout.contains("protocol version 19"));
    }

    #[test]
    fn usage_errors_exit_2() {
        for args in [
            &["--pv"][..],
            &["--pv", "x"][..],
            &["--bogus", "1"][..],
            &["--pv=y"][..],
        ] {
            let o = run_args(args, "");
            assert_eq!(o.code, 2, "{args:?}");
            assert!(o.stderr.contains("USAGE"));
        }
        let o = run_args(&["--help"], "");
        assert_eq!(o.code, 0);
        assert!(o.stdout.contains("--pv N"));
    }

    #[test]
    fn alternatives_are_listed_under_their_field() {
        let o = run_args(&[LOGIN], "");
        assert!(
            o.stdout.contains(
                "↳ or (B) AgentMode UINT + MaxTaskLimit UINT: AgentMode = 0, MaxTaskLimit = 1"
            ),
            "{}",
            o.stdout
        );
        assert!(o.stdout.contains("AgentInfo"));
    }
}
