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

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

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
