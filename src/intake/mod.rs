//! The one way an input becomes analysable text, for the CLI, the page and the worker alike: bytes → inputs (archives opened, encodings read, binary refused), text → parts.
//!
//! [`open`] turns a file's bytes into inputs: an archive (`.zip`, `.gz`, `.tar`, `.tar.gz`)
//! into one input per member, named `bundle.zip/logs/x.log` (archives inside it opened one level
//! deep), everything else into one input whose text was decoded by [`decode::decode`]. What is not
//! evidence (an image, an executable, an archive past its [`Limits`]) stays in the list as a
//! skipped input that says why. [`same`] tells inputs that repeat an earlier one's content. [`parts`] then splits each text into its HAR, answer, log and dump
//! parts, before anything is parsed.

pub mod archive;
pub mod decode;
pub mod magic;
pub mod parts;
pub mod same;
mod scan;

pub use archive::Limits;
pub use parts::{classify, main_kind, parts, parts_exact, split_again, InputKind, Part};
pub use same::{same_content, SameContent};

use crate::model::{Encoding, Input};
use archive::{Budget, Member, Refusal};
use magic::Magic;

/// Archives inside archives are opened this deep (a zip of `.tar.gz` bundles; not deeper).
const MAX_DEPTH: usize = 1;

/// The inputs a file named `name` holds: its members when it is an archive, else itself decoded;
/// an archive past `limits` is one skipped input that says which limit.
pub fn open(name: &str, bytes: Vec<u8>, limits: &Limits) -> Vec<Input> {
    open_checked(name, bytes, limits).unwrap_or_else(|why| {
        vec![Input::skipped(
            name,
            Encoding::Binary,
            format!("not opened: {why}"),
        )]
    })
}

/// [`open`] for a file's mapped pages (the CLI, large files): plain UTF-8 ([`decode::plain`], and
/// valid) is read in place, the input's text the pages themselves; other text (UTF-16, Windows-1252,
/// a byte-order mark) is decoded from the pages into new text ([`decode::decode_borrowed`]: the
/// same checks and result as [`decode::decode`], without first copying the file into memory); not
/// text is refused as [`open`] refuses it. An archive's pages come back: the caller reads the file
/// and [`open`]s its bytes (its members are read out of them).
#[cfg(unix)]
pub fn open_mapped(
    name: &str,
    m: crate::mapped::Mapped,
) -> Result<Vec<Input>, crate::mapped::Mapped> {
    let m = if decode::plain(m.bytes()) {
        match crate::mapped::MappedText::new(m) {
            Ok(t) => return Ok(vec![Input::new(name, crate::model::Text::mapped(t))]),
            Err(m) => m,
        }
    } else {
        m
    };
    if matches!(
        magic::sniff(m.bytes()),
        Some(Magic::Zip | Magic::Gzip | Magic::Tar)
    ) {
        return Err(m);
    }
    Ok(vec![decoded_input(
        name,
        decode::decode_borrowed(m.bytes()),
    )])
}

/// The input of a file that is no archive, from what decoding it gave.
fn decoded_input(name: &str, d: Result<decode::Decoded, String>) -> Input {
    match d {
        Ok(d) => Input::new(name, d.text).with_encoding(d.encoding),
        Err(why) => Input::skipped(name, Encoding::Binary, why),
    }
}

/// [`open`], with a reached limit as `Err(why)` (the page then hands a small archive that
/// expands past what it holds to the worker, which opens it within the full limits).
pub fn open_checked(name: &str, bytes: Vec<u8>, limits: &Limits) -> Result<Vec<Input>, String> {
    let mut budget = Budget::new(*limits, bytes.len());
    let mut out = Vec::new();
    open_into(name, bytes, 0, &mut budget, &mut out)?;
    Ok(out)
}

/// Adds what `bytes` hold to `out`; a reached limit refuses the whole file (`Err`).
fn open_into(
    name: &str,
    bytes: Vec<u8>,
    depth: usize,
    budget: &mut Budget,
    out: &mut Vec<Input>,
) -> Result<(), String> {
    let kind = match magic::sniff(&bytes) {
        Some(k @ (Magic::Zip | Magic::Gzip | Magic::Tar)) => k,
        _ => {
            out.push(decoded_input(name, decode::decode(bytes)));
            return Ok(());
        }
    };
    if depth > MAX_DEPTH {
        out.push(Input::skipped(
            name,
            Encoding::Binary,
            "an archive inside an archive inside an archive: only one level of nesting is opened; extract it and add its files",
        ));
        return Ok(());
    }
    let members = match archive::members(kind, name, &bytes, budget) {
        Ok(m) => m,
        Err(Refusal::Limit(why)) => return Err(why),
        Err(Refusal::Unreadable(why)) => {
            out.push(Input::skipped(name, Encoding::Binary, why));
            return Ok(());
        }
    };
    drop(bytes);
    if members.is_empty() {
        out.push(Input::skipped(
            name,
            Encoding::Binary,
            "this archive holds no files (only folders, or nothing): nothing to analyse in it",
        ));
    }
    for m in members {
        match m {
            Member::File { path, bytes } => {
                open_into(&format!("{name}/{path}"), bytes, depth + 1, budget, out)?
            }
            Member::Skipped { path, why } => out.push(Input::skipped(
                format!("{name}/{path}"),
                Encoding::Binary,
                why,
            )),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    const LOG: &str = "15:34:09:841 PG1A-opc Trace: SetAgentState: ASTID=6420 OldState=AS_NOT_READY NewState=AS_NOT_ACTIVE\n";

    fn zip(files: &[(&str, &[u8])], method: zip::CompressionMethod) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default().compression_method(method);
        for (name, data) in files {
            if name.ends_with('/') {
                w.add_directory(*name, opts).unwrap();
            } else {
                w.start_file(*name, opts).unwrap();
                w.write_all(data).unwrap();
            }
        }
        w.finish().unwrap().into_inner()
    }

    fn gz(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn tar(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut b = tar::Builder::new(Vec::new());
        for (name, data) in files {
            let mut h = tar::Header::new_gnu();
            h.set_size(data.len() as u64);
            h.set_mode(0o644);
            h.set_cksum();
            b.append_data(&mut h, name, *data).unwrap();
        }
        b.into_inner().unwrap()
    }

    fn names(inputs: &[Input]) -> Vec<(&str, Option<&str>)> {
        inputs
            .iter()
            .map(|i| (i.name.as_str(), i.skipped.as_deref()))
            .collect()
    }

    #[test]
    fn a_plain_file_is_one_decoded_input() {
        let utf16: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain(LOG.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let i = open("opc.log", utf16, &Limits::default());
        assert_eq!(
            i,
            vec![Input::new("opc.log", LOG).with_encoding(Encoding::Utf16LeBom)]
        );
        let i = open(
            "x.png",
            b"\x89PNG\r\n\x1a\n\0\0".to_vec(),
            &Limits::default(),
        );
        let why = i[0].skipped.as_deref().unwrap();
        assert!(why.starts_with("this looks like a PNG image"), "{why}");
        assert_eq!(i[0].encoding, Encoding::Binary);
    }

    #[test]
    fn zip_members_become_inputs_named_inside_the_archive() {
        for method in [
            zip::CompressionMethod::Stored,
            zip::CompressionMethod::Deflated,
        ] {
            let z = zip(
                &[
                    ("logs/", b""),
                    ("logs/opc.log", LOG.as_bytes()),
                    ("logs/shot.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
                    ("inner.tar.gz", &gz(&tar(&[("ctisvr.log", LOG.as_bytes())]))),
                ],
                method,
            );
            let i = open("bundle.zip", z, &Limits::default());
            let n = names(&i);
            assert_eq!(n[0], ("bundle.zip/logs/opc.log", None));
            assert_eq!(n[1].0, "bundle.zip/logs/shot.png");
            assert!(n[1].1.unwrap().contains("PNG image"), "{n:?}");
            assert_eq!(n[2], ("bundle.zip/inner.tar.gz/ctisvr.log", None));
            assert_eq!(n.len(), 3);
            assert_eq!(i[0].text, LOG);
            assert_eq!(i[2].text, LOG);
        }
    }

    #[test]
    fn gzip_and_tar_gz_are_opened() {
        let i = open("opc.log.gz", gz(LOG.as_bytes()), &Limits::default());
        assert_eq!(names(&i), vec![("opc.log.gz/opc.log", None)]);
        assert_eq!(i[0].text, LOG);
        let t = tar(&[("a/opc.log", LOG.as_bytes()), ("a/b.log", b"x\n")]);
        let i = open("logs.tgz", gz(&t), &Limits::default());
        assert_eq!(
            names(&i),
            vec![("logs.tgz/a/opc.log", None), ("logs.tgz/a/b.log", None)]
        );
        let i = open("logs.tar", t, &Limits::default());
        assert_eq!(names(&i)[0], ("logs.tar/a/opc.log", None));
    }

    #[test]
    fn nesting_is_opened_one_level_deep() {
        let inner = zip(
            &[("x.log", LOG.as_bytes())],
            zip::CompressionMethod::Deflated,
        );
        let middle = zip(&[("inner.zip", &inner)], zip::CompressionMethod::Stored);
        let outer = zip(&[("middle.zip", &middle)], zip::CompressionMethod::Stored);
        let i = open("outer.zip", middle.clone(), &Limits::default());
        assert_eq!(names(&i), vec![("outer.zip/inner.zip/x.log", None)]);
        let i = open("outer.zip", outer, &Limits::default());
        assert_eq!(i.len(), 1);
        assert_eq!(i[0].name, "outer.zip/middle.zip/inner.zip");
        assert!(i[0].skipped.as_deref().unwrap().contains("only one level"));
    }

    #[test]
    fn bombs_are_refused_whole_with_the_limit_they_hit() {
        let big = vec![b'a'; 2 * 1024 * 1024];
        let z = zip(
            &[("a.log", &big), ("b.log", &big)],
            zip::CompressionMethod::Deflated,
        );
        let small = Limits {
            max_expanded: 3 * 1024 * 1024,
            ..Limits::default()
        };
        let i = open("bomb.zip", z.clone(), &small);
        assert_eq!(i.len(), 1);
        assert_eq!(i[0].name, "bomb.zip");
        let why = i[0].skipped.as_deref().unwrap();
        assert!(
            why.starts_with("not opened: it expands to more than 3 MiB"),
            "{why}"
        );
        // Ratio: 4 MiB out of a few KiB, with the floor lowered to let it bite.
        let tight = Limits {
            max_ratio: 100,
            ..Limits::default()
        };
        let big = vec![b'a'; (archive::RATIO_FLOOR + 1024 * 1024) as usize];
        let i = open("ratio.gz", gz(&big), &tight);
        let why = i[0].skipped.as_deref().unwrap();
        assert!(why.contains("expands more than 100 times"), "{why}");
        let few = Limits {
            max_members: 1,
            ..Limits::default()
        };
        let i = open("many.zip", z, &few);
        assert!(
            i[0].skipped.as_deref().unwrap().contains("more than 1"),
            "{i:?}"
        );
    }

    #[test]
    fn an_archive_without_files_says_so() {
        let z = zip(&[("logs/", b"")], zip::CompressionMethod::Stored);
        let i = open("empty.zip", z, &Limits::default());
        assert_eq!(names(&i).len(), 1);
        assert!(
            i[0].skipped.as_deref().unwrap().contains("holds no files"),
            "{i:?}"
        );
    }

    #[test]
    fn damaged_archives_say_so() {
        let z = zip(
            &[("a.log", LOG.as_bytes())],
            zip::CompressionMethod::Deflated,
        );
        let i = open("cut.zip", z[..z.len() / 2].to_vec(), &Limits::default());
        assert_eq!(i.len(), 1);
        assert!(
            i[0].skipped
                .as_deref()
                .unwrap()
                .contains("not a readable zip"),
            "{i:?}"
        );
        let g = gz(LOG.repeat(50).as_bytes());
        let i = open("cut.log.gz", g[..g.len() / 2].to_vec(), &Limits::default());
        assert!(
            i[0].skipped.as_deref().unwrap().contains("cut short"),
            "{i:?}"
        );
    }
}
