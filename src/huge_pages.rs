//! The command line's allocator on Linux: the system's, with large blocks marked for huge pages.
//!
//! A large analysis writes a few big vectors (the events, their fields, the groups, the order):
//! first touched a 4 KiB page at a time they cost one page fault each, ≈ 46,000 for 100 MiB of
//! logs (13 % of the CPU samples in `perf`). Marked `MADV_HUGEPAGE`, the kernel can give them
//! 2 MiB pages where transparent huge pages are enabled (`always` or `madvise` in
//! `/sys/kernel/mm/transparent_hugepage/enabled`): one fault for 512. Where they are `never` the
//! advice does nothing; the bytes and the results are the same either way.

use std::alloc::{GlobalAlloc, Layout, System};

/// The system allocator; blocks of [`ADVISED_FROM`] bytes or more advised `MADV_HUGEPAGE`.
pub struct HugePages;

/// Blocks this large or larger are advised: the events' and groups' vectors of a large paste,
/// not the many small strings (a huge page is 2 MiB; advising a small block would give a whole
/// 2 MiB page to a few KiB).
pub const ADVISED_FROM: usize = 4 << 20;

const HUGE_PAGE: usize = 2 << 20;

/// Advises the whole 2 MiB pages inside `ptr..ptr + len` (none when the block holds none).
fn advise(ptr: *mut u8, len: usize) {
    let start = (ptr as usize).next_multiple_of(HUGE_PAGE);
    let end = (ptr as usize).saturating_add(len) / HUGE_PAGE * HUGE_PAGE;
    if start < end {
        // SAFETY: `start..end` lies inside a block the system allocator just gave us (whole
        // pages of it); `MADV_HUGEPAGE` changes only how the kernel backs those pages, never
        // their bytes. A failure (a kernel without THP) leaves them as they were: ignored.
        unsafe {
            libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_HUGEPAGE);
        }
    }
}

// SAFETY: every call is the system allocator's, with the same layouts; `advise` only hints.
unsafe impl GlobalAlloc for HugePages {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract, passed on.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() && layout.size() >= ADVISED_FROM {
            advise(p, layout.size());
        }
        p
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract, passed on.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() && layout.size() >= ADVISED_FROM {
            advise(p, layout.size());
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract, passed on.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller's contract, passed on. A grown vector may have moved (glibc moves
        // a large block with `mremap`): its new place is advised.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() && new_size >= ADVISED_FROM {
            advise(p, new_size);
        }
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `VmFlags` of the mapping holding `addr`, from `/proc/self/smaps`.
    fn vm_flags(addr: usize) -> Option<String> {
        let smaps = std::fs::read_to_string("/proc/self/smaps").ok()?;
        let mut inside = false;
        for line in smaps.lines() {
            let head = line.split(' ').next().unwrap_or("");
            if let Some((a, b)) = head.split_once('-') {
                if let (Ok(a), Ok(b)) = (usize::from_str_radix(a, 16), usize::from_str_radix(b, 16))
                {
                    inside = (a..b).contains(&addr);
                    continue;
                }
            }
            if inside {
                if let Some(flags) = line.strip_prefix("VmFlags:") {
                    return Some(flags.trim().to_string());
                }
            }
        }
        None
    }

    #[test]
    fn large_blocks_are_advised_where_the_kernel_has_huge_pages() {
        if !std::path::Path::new("/sys/kernel/mm/transparent_hugepage/enabled").exists() {
            // A kernel built without them refuses the advice (nothing to check).
            return;
        }
        let big = Layout::from_size_align(16 << 20, 8).unwrap();
        let grown = Layout::from_size_align(48 << 20, 8).unwrap();
        let advised = |addr: usize| {
            let flags = vm_flags(addr).expect("the block's mapping is in /proc/self/smaps");
            assert!(flags.split(' ').any(|f| f == "hg"), "{flags}");
        };
        // SAFETY: allocated and freed with the same layouts; written before it is read.
        unsafe {
            let p = HugePages.alloc(big);
            assert!(!p.is_null());
            advised((p as usize).next_multiple_of(HUGE_PAGE) + 4096);
            // Grown, the (maybe moved) block is advised too, and keeps its bytes.
            p.write_bytes(7, 1 << 20);
            let q = HugePages.realloc(p, big, grown.size());
            assert!(!q.is_null());
            assert_eq!(*q.add(12345), 7);
            advised((q as usize).next_multiple_of(HUGE_PAGE) + (40 << 20));
            HugePages.dealloc(q, grown);
        }
    }
}
