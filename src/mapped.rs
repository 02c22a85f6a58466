//! A large file's pages read in place (`mmap`), for the CLI: no copy of 100 MiB into new memory.
//!
//! Reading 100 MiB into a fresh buffer cost 53–88 ms on the 2-core machine (the kernel's copy
//! and a page fault per new page, on both threads); mapping the same pages and touching each
//! 5–7 ms (2026-12-06, a scratch program, 5 rounds). A file that shrinks while mapped makes
//! reading its lost pages raise SIGBUS: the CLI catches it and says so ([`on_lost_pages`]).

#![cfg(unix)]

use std::fs::File;
use std::os::fd::AsRawFd;

/// A file's bytes, mapped read-only and private.
pub struct Mapped {
    ptr: *const u8,
    len: usize,
}

// SAFETY: the mapping is read-only and owned by this value alone (unmapped on drop); reading
// it from any thread is reading immutable memory.
unsafe impl Send for Mapped {}
unsafe impl Sync for Mapped {}

impl Mapped {
    /// Maps the first `len` bytes of `file` (`len` > 0). Its pages come in as they are first read
    /// (16 a fault); asking for them all at once (`MAP_POPULATE`) measured no faster, and starts
    /// nothing until the last is in.
    pub fn map(file: &File, len: usize) -> std::io::Result<Mapped> {
        if len == 0 {
            return Err(std::io::Error::other("an empty file is not mapped"));
        }
        // SAFETY: a new private read-only mapping of an open file; the result is checked.
        let ptr = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                len,
                libc::PROT_READ,
                libc::MAP_PRIVATE,
                file.as_raw_fd(),
                0,
            )
        };
        if ptr == libc::MAP_FAILED {
            return Err(std::io::Error::last_os_error());
        }
        Ok(Mapped {
            ptr: ptr as *const u8,
            len,
        })
    }

    /// Gives back this process's copies of the whole pages inside `range` (the file's bytes
    /// there are not needed for now): they stop counting in its memory, and are read again from
    /// the file if asked for. For a private read-only file mapping `madvise(MADV_DONTNEED)` only
    /// drops the pages from the process (the kernel's page cache keeps them; reading them again
    /// gives the file's bytes): what is read does not change, only how much memory it holds.
    pub fn release(&self, range: std::ops::Range<usize>) {
        // SAFETY: sysconf has no preconditions.
        let page = match unsafe { libc::sysconf(libc::_SC_PAGESIZE) } {
            p if p > 0 => p as usize,
            _ => return,
        };
        let base = self.ptr as usize;
        // Whole pages only: those holding bytes outside the range stay.
        let start = (base + range.start.min(self.len)).next_multiple_of(page);
        let end = (base + range.end.min(self.len)) / page * page;
        if start >= end {
            return;
        }
        // SAFETY: `start..end` lies inside this mapping (made in `map`, page-aligned: `mmap`
        // returns a page-aligned address) and is whole pages. The mapping is private, read-only
        // and of a file: dropping its pages changes no byte a later read sees (see above).
        unsafe {
            libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_DONTNEED);
        }
    }

    pub fn bytes(&self) -> &[u8] {
        // SAFETY: `ptr..ptr+len` is mapped readable for as long as `self` lives (unmapped in
        // `drop`); nothing writes to a private read-only mapping. A file truncated meanwhile
        // raises SIGBUS on its lost pages, which `on_lost_pages` turns into a message and an exit.
        unsafe { std::slice::from_raw_parts(self.ptr, self.len) }
    }
}

impl Drop for Mapped {
    fn drop(&mut self) {
        // SAFETY: the mapping made in `map`, unmapped once.
        unsafe {
            libc::munmap(self.ptr as *mut libc::c_void, self.len);
        }
    }
}

/// A mapped file whose bytes were checked to be UTF-8.
pub struct MappedText(Mapped);

impl MappedText {
    /// `Ok` when `m`'s bytes are UTF-8 (the same check as `String::from_utf8`), else `m` back.
    pub fn new(m: Mapped) -> Result<MappedText, Mapped> {
        if utf8(m.bytes()) {
            Ok(MappedText(m))
        } else {
            Err(m)
        }
    }

    /// See [`Mapped::release`].
    pub fn release(&self, range: std::ops::Range<usize>) {
        self.0.release(range);
    }

    pub fn as_str(&self) -> &str {
        // SAFETY: checked to be UTF-8 in `new`, and this process never writes to the mapping.
        // The one case this does not cover, as for every tool that maps files (ripgrep's
        // `--mmap`): another program rewriting the file's bytes in place while it is read (a
        // private mapping still shows the file's later writes to pages not copied). Logs grow
        // at their end (unmapped, not read) or are rotated by renaming or truncation (SIGBUS,
        // told by `on_lost_pages`); README says so.
        unsafe { std::str::from_utf8_unchecked(self.0.bytes()) }
    }
}

/// Whether `b` is UTF-8; a large text checked in two halves at once, split before an ASCII byte
/// (which no character's bytes straddle: then the whole is UTF-8 exactly when both halves are).
fn utf8(b: &[u8]) -> bool {
    utf8_halved_from(b, crate::par::AT_ONCE_FROM)
}

/// [`utf8`], in halves from `from` bytes.
fn utf8_halved_from(b: &[u8], from: usize) -> bool {
    let valid = |h: &[u8]| simdutf8::basic::from_utf8(h).is_ok();
    let mid = b.len() / 2;
    let ascii = b
        .get(mid..)
        .and_then(|r| r.iter().take(64).position(|&c| c < 0x80));
    match ascii {
        Some(k) if b.len() >= from => {
            let (x, y) = b.split_at(mid + k);
            let (a, b) = crate::par::both(true, || valid(y), || valid(x));
            a && b
        }
        _ => valid(b),
    }
}

/// What the CLI says, and exits with (74, EX_IOERR), when a mapped file shrank under it.
const LOST_PAGES: &[u8] = b"ece-triage: a file being read changed size (it shrank, as a log rotated by truncation does) while it was read in place; nothing was written for it. Read it again once nothing writes to it, or read a copy.\n";

/// Turns SIGBUS (a mapped file's lost pages) into [`LOST_PAGES`] on stderr and exit code 74,
/// instead of a crash without a word. For the CLI's process; called once, before reading.
pub fn on_lost_pages() {
    extern "C" fn lost(_: libc::c_int) {
        // SAFETY: write(2) and _exit(2) are async-signal-safe; the message is a static.
        unsafe {
            libc::write(
                2,
                LOST_PAGES.as_ptr() as *const libc::c_void,
                LOST_PAGES.len(),
            );
            libc::_exit(74);
        }
    }
    // SAFETY: a zeroed sigaction with a plain handler and an empty mask is a valid argument.
    unsafe {
        let mut sa: libc::sigaction = std::mem::zeroed();
        sa.sa_sigaction = lost as extern "C" fn(libc::c_int) as libc::sighandler_t;
        libc::sigemptyset(&mut sa.sa_mask);
        libc::sigaction(libc::SIGBUS, &sa, std::ptr::null_mut());
    }
}

/// This process's resident KiB of the mapping that holds `addr`, from `/proc/self/smaps`
/// (Linux; `None` where there is none): how the tests see [`Mapped::release`] at work.
pub fn resident_kib(addr: usize) -> Option<usize> {
    let smaps = std::fs::read_to_string("/proc/self/smaps").ok()?;
    let mut lines = smaps.lines();
    while let Some(l) = lines.next() {
        let range = l.split(' ').next()?;
        let Some((a, b)) = range.split_once('-') else {
            continue;
        };
        let (Ok(a), Ok(b)) = (usize::from_str_radix(a, 16), usize::from_str_radix(b, 16)) else {
            continue;
        };
        if (a..b).contains(&addr) {
            let rss = lines.find(|l| l.starts_with("Rss:"))?;
            return rss.split_whitespace().nth(1)?.parse().ok();
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// Released pages stop counting in the process's memory, and read the same afterwards; the
    /// pages at the range's ends that hold bytes outside it stay.
    #[test]
    fn released_pages_leave_the_process_and_read_the_same() {
        let dir = std::env::temp_dir().join(format!("ece-release-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("a.log");
        let text: String = (0..20_000)
            .map(|i| format!("{i:05} line of the log\n"))
            .collect();
        std::fs::write(&p, &text).unwrap();
        let f = File::open(&p).unwrap();
        let m = MappedText::new(Mapped::map(&f, text.len()).unwrap())
            .ok()
            .unwrap();
        let addr = m.as_str().as_ptr() as usize;
        // Every page read: all resident.
        assert_eq!(m.as_str(), text);
        let all = resident_kib(addr).expect("the mapping is listed in /proc/self/smaps");
        assert!(all * 1024 >= text.len() - 4096, "{all} KiB resident");
        // No whole page inside 100..8000 (4 KiB pages: the first and second each hold bytes
        // outside it): nothing leaves.
        m.release(100..8000);
        assert_eq!(resident_kib(addr), Some(all));
        m.release(1000..text.len() - 1000);
        let after = resident_kib(addr).unwrap();
        // SAFETY: sysconf has no preconditions.
        let page_kib = unsafe { libc::sysconf(libc::_SC_PAGESIZE) } as usize / 1024;
        // At most the two pages at the ends stay (each holds bytes outside the range).
        assert!(
            after <= 2 * page_kib,
            "{after} KiB resident of {all} after the release"
        );
        // Read again from the file: the same bytes (and the pages are back).
        assert_eq!(m.as_str(), text);
        assert_eq!(resident_kib(addr), Some(all));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_mapped_file_reads_as_its_bytes_and_utf8_is_checked() {
        let dir = std::env::temp_dir().join(format!("ece-mapped-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("a.log");
        std::fs::File::create(&p)
            .unwrap()
            .write_all("é line\nzwei\n".as_bytes())
            .unwrap();
        let f = File::open(&p).unwrap();
        let m = Mapped::map(&f, 13).unwrap();
        assert_eq!(m.bytes(), "é line\nzwei\n".as_bytes());
        assert_eq!(MappedText::new(m).ok().unwrap().as_str(), "é line\nzwei\n");
        // Cut inside the two bytes of é: not UTF-8.
        let m = Mapped::map(&f, 1).unwrap();
        assert!(MappedText::new(m).is_err());
        assert!(Mapped::map(&f, 0).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// The check in halves agrees with one check: split next to a multi-byte character, with
    /// a bad byte in either half, and without an ASCII byte near the middle.
    #[test]
    fn utf8_in_halves_is_utf8_of_the_whole() {
        let utf8 = |b: &[u8]| utf8_halved_from(b, 100);
        let n = 1000;
        let mut b = "é".repeat(n / 2).into_bytes();
        assert!(utf8(&b), "no ASCII byte near the middle: checked whole");
        b[n / 2 + 1] = b'x';
        assert_eq!(utf8(&b), simdutf8::basic::from_utf8(&b).is_ok());
        let mut b = "aé".repeat(n / 3).into_bytes();
        assert!(utf8(&b));
        for at in [
            10,
            b.len() / 2 - 1,
            b.len() / 2,
            b.len() / 2 + 1,
            b.len() - 3,
        ] {
            let keep = b[at];
            b[at] = 0xff;
            assert!(!utf8(&b), "a bad byte at {at} is seen");
            b[at] = 0xc3;
            assert_eq!(
                utf8(&b),
                simdutf8::basic::from_utf8(&b).is_ok(),
                "a lead byte at {at}"
            );
            b[at] = keep;
        }
    }

    /// Run by `a_file_that_shrinks_while_read_is_told_in_words` in a process of its own: maps a
    /// file, cuts it, reads the lost page.
    #[test]
    #[ignore = "run in a child process by the test below"]
    fn child_reads_a_page_it_lost() {
        let Ok(p) = std::env::var("ECE_MAPPED_CHILD") else {
            return;
        };
        on_lost_pages();
        let f = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(&p)
            .unwrap();
        let m = Mapped::map(&f, 1 << 16).unwrap();
        f.set_len(0).unwrap();
        let last = m.bytes()[(1 << 16) - 1];
        panic!("read {last} from a page the file no longer has");
    }

    #[test]
    fn a_file_that_shrinks_while_read_is_told_in_words() {
        let dir = std::env::temp_dir().join(format!("ece-mapped-cut-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("cut.log");
        std::fs::write(&p, vec![b'x'; 1 << 16]).unwrap();
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--ignored",
                "--exact",
                "mapped::tests::child_reads_a_page_it_lost",
            ])
            .env("ECE_MAPPED_CHILD", &p)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(74), "stderr: {stderr}");
        assert!(
            stderr.contains("changed size (it shrank"),
            "stderr: {stderr}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
