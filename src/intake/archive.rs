//! Archives → their members: zip (stored and deflate), gzip, tar and .tar.gz, bounded against bombs.

use super::magic::Magic;
use std::io::{Cursor, Read};

/// Bounds on what one file may expand to, nested archives included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes all members together may expand to.
    pub max_expanded: u64,
    /// Members (files, links, nested members) one file may hold.
    pub max_members: usize,
    /// Expanded bytes per byte of the file, once more than `RATIO_FLOOR` bytes came out.
    pub max_ratio: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_expanded: 512 * 1024 * 1024,
            max_members: 10_000,
            max_ratio: 200,
        }
    }
}

/// Below this many expanded bytes the ratio is not judged (a 2 KB zip of a 1 MB log is fine).
pub const RATIO_FLOOR: u64 = 16 * 1024 * 1024;

/// Why an archive (or one member) was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// A limit was reached: the whole file is refused (what was read so far is dropped).
    Limit(String),
    /// This archive cannot be read (damaged, not really an archive): skipped, the rest goes on.
    Unreadable(String),
}

/// What counts against the limits while one file is opened.
#[derive(Debug)]
pub struct Budget {
    pub limits: Limits,
    /// Size of the file as given.
    pub compressed: u64,
    pub expanded: u64,
    pub members: usize,
}

impl Budget {
    pub fn new(limits: Limits, compressed: usize) -> Self {
        Budget {
            limits,
            compressed: compressed as u64,
            expanded: 0,
            members: 0,
        }
    }

    fn count_member(&mut self) -> Result<(), Refusal> {
        self.members += 1;
        if self.members > self.limits.max_members {
            return Err(Refusal::Limit(format!(
                "it holds more than {} files (a limit against zip bombs): extract it and add the logs you need",
                self.limits.max_members
            )));
        }
        Ok(())
    }

    /// Reads a member to its end, within what is left of the budget. The limits are checked
    /// after each [`READ_STEP`] bytes, not once the member is whole: a 200 KiB gzip of 200 MiB
    /// of zeros is refused after about 40 MiB (its ratio), never held whole (in the page's wasm
    /// memory that allocation was itself the attack). The first allocation is bounded the same
    /// way, whatever size the member's header declares.
    fn read(&mut self, r: &mut dyn Read, size_hint: u64) -> Result<Vec<u8>, ReadError> {
        let left = self.limits.max_expanded.saturating_sub(self.expanded);
        let by_ratio = RATIO_FLOOR
            .max(self.compressed.saturating_mul(self.limits.max_ratio))
            .saturating_sub(self.expanded);
        let mut out =
            Vec::with_capacity(size_hint.min(left).min(by_ratio).min(64 * 1024 * 1024) as usize);
        let mut r = r.take(left + 1);
        loop {
            let n = (&mut r)
                .take(READ_STEP)
                .read_to_end(&mut out)
                .map_err(|e| ReadError::Damaged(e.to_string()))?;
            if out.len() as u64 > left {
                return Err(ReadError::Refused(Refusal::Limit(format!(
                    "it expands to more than {} MiB (a limit against zip bombs, and more than this page can analyse at once): extract it and add the logs of the minutes you need",
                    self.limits.max_expanded / (1024 * 1024)
                ))));
            }
            let expanded = self.expanded + out.len() as u64;
            if expanded > RATIO_FLOOR
                && expanded > self.compressed.saturating_mul(self.limits.max_ratio)
            {
                return Err(ReadError::Refused(Refusal::Limit(format!(
                    "it expands more than {} times ({} MiB out of {} KiB) before its end, as zip bombs do: extract it and add the files you need",
                    self.limits.max_ratio,
                    expanded / (1024 * 1024),
                    self.compressed.div_ceil(1024)
                ))));
            }
            if n == 0 {
                break;
            }
        }
        self.expanded += out.len() as u64;
        Ok(out)
    }
}

/// Bytes read from a member between two checks of the limits.
pub const READ_STEP: u64 = 1024 * 1024;

/// Reading one member failed: the member is damaged (skipped), or a limit was reached.
enum ReadError {
    Damaged(String),
    Refused(Refusal),
}

/// One member of an archive: its path inside the archive and its bytes, or why it was skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Member {
    File { path: String, bytes: Vec<u8> },
    Skipped { path: String, why: String },
}

/// The members of an archive of kind `kind` named `name` (for a single gzip member's name).
pub fn members(
    kind: Magic,
    name: &str,
    bytes: &[u8],
    budget: &mut Budget,
) -> Result<Vec<Member>, Refusal> {
    match kind {
        Magic::Zip => zip_members(bytes, budget),
        Magic::Tar => tar_members(bytes, budget),
        Magic::Gzip => gzip_members(name, bytes, budget),
        Magic::NotEvidence { .. } => Ok(vec![]),
    }
}

fn zip_members(bytes: &[u8], budget: &mut Budget) -> Result<Vec<Member>, Refusal> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        Refusal::Unreadable(format!(
            "this is not a readable zip archive ({e}): was it cut short while downloading or copying? Get it again, or extract it and add the files"
        ))
    })?;
    if zip.len() > budget.limits.max_members {
        return Err(Refusal::Limit(format!(
            "it holds {} files, more than {} (a limit against zip bombs): extract it and add the logs you need",
            zip.len(),
            budget.limits.max_members
        )));
    }
    if zip.index_for_name("[Content_Types].xml").is_some() {
        return Err(Refusal::Unreadable(
            "this is an Office document (Word, Excel or PowerPoint), not a bundle of logs: copy the log text out of it and paste it".into(),
        ));
    }
    let mut out = Vec::new();
    for i in 0..zip.len() {
        let (path, skip, size) = {
            let f = zip.by_index_raw(i).map_err(|e| {
                Refusal::Unreadable(format!(
                    "this zip archive is damaged at its file {} ({e}): get it again, or extract what you can and add the files",
                    i + 1
                ))
            })?;
            let path = String::from_utf8_lossy(f.name_raw()).into_owned();
            if f.is_dir() {
                continue;
            }
            let skip = if f.encrypted() {
                Some("encrypted: extract it with its password and add the file".to_string())
            } else if f.is_symlink() {
                Some("a symbolic link: links are not followed".to_string())
            } else if !matches!(
                f.compression(),
                zip::CompressionMethod::Stored | zip::CompressionMethod::Deflated
            ) {
                Some(format!(
                    "compressed with {}, which this tool does not read (only stored and deflate): extract it and add the file",
                    f.compression()
                ))
            } else {
                None
            };
            (path, skip, f.size())
        };
        budget.count_member()?;
        if let Some(why) = skip {
            out.push(Member::Skipped { path, why });
            continue;
        }
        let read = match zip.by_index(i) {
            Ok(mut f) => budget.read(&mut f, size),
            Err(e) => Err(ReadError::Damaged(e.to_string())),
        };
        out.push(member(path, read)?);
    }
    Ok(out)
}

fn member(path: String, read: Result<Vec<u8>, ReadError>) -> Result<Member, Refusal> {
    match read {
        Ok(bytes) => Ok(Member::File { path, bytes }),
        Err(ReadError::Damaged(e)) => Ok(Member::Skipped {
            path,
            why: format!("damaged, could not be read ({e}): extract it and add the file, or get the archive again"),
        }),
        Err(ReadError::Refused(r)) => Err(r),
    }
}

fn tar_members(bytes: &[u8], budget: &mut Budget) -> Result<Vec<Member>, Refusal> {
    let unreadable = |e: std::io::Error| {
        Refusal::Unreadable(format!(
            "this tar archive cannot be read ({e}): was it cut short? Get it again, or extract it and add the files"
        ))
    };
    let mut ar = tar::Archive::new(Cursor::new(bytes));
    let mut out = Vec::new();
    for entry in ar.entries().map_err(unreadable)? {
        let mut e = entry.map_err(unreadable)?;
        let path = String::from_utf8_lossy(&e.path_bytes()).into_owned();
        let kind = e.header().entry_type();
        if kind.is_dir() || kind.is_pax_global_extensions() {
            continue;
        }
        budget.count_member()?;
        if kind.is_symlink() || kind.is_hard_link() {
            out.push(Member::Skipped {
                path,
                why: "a link: links are not followed".into(),
            });
        } else if kind.is_file() || kind.is_contiguous() || kind.is_gnu_sparse() {
            let size = e.size();
            let read = budget.read(&mut e, size);
            out.push(member(path, read)?);
        } else {
            out.push(Member::Skipped {
                path,
                why: "not a file (a device, a pipe or a tar extension entry)".into(),
            });
        }
    }
    Ok(out)
}

/// A gzip file's one member: a tar (`.tar.gz`, `.tgz`) is opened in the same step; otherwise the
/// member is named after the file without `.gz`.
fn gzip_members(name: &str, bytes: &[u8], budget: &mut Budget) -> Result<Vec<Member>, Refusal> {
    let mut gz = flate2::read::MultiGzDecoder::new(bytes);
    let inner = match budget.read(&mut gz, bytes.len() as u64 * 4) {
        Ok(b) => b,
        Err(ReadError::Damaged(e)) => {
            return Err(Refusal::Unreadable(format!(
                "this gzip file cannot be read ({e}): was it cut short while downloading or copying? Get it again"
            )))
        }
        Err(ReadError::Refused(r)) => return Err(r),
    };
    if super::magic::sniff(&inner) == Some(Magic::Tar) {
        return tar_members(&inner, budget);
    }
    budget.count_member()?;
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let lower = base.to_ascii_lowercase();
    let path = if lower.ends_with(".tgz") {
        format!("{}.tar", &base[..base.len() - 4])
    } else if lower.ends_with(".gz") && base.len() > 3 {
        base[..base.len() - 3].to_string()
    } else {
        gz.header()
            .and_then(|h| h.filename())
            .map(|f| String::from_utf8_lossy(f).into_owned())
            .unwrap_or_else(|| "content".into())
    };
    Ok(vec![Member::File { path, bytes: inner }])
}
