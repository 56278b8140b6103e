//! A cap on how much heap one thread may take while it runs text from the notebook.
//!
//! Templates arrive with a `git pull`. minijinja's fuel bounds their time, and charges for
//! the bytes of the strings they build, but a few instructions can still build values of
//! gigabytes (a list doubled forty times is lazy until it is not; a string doubled reaches
//! gigabytes within the fuel). So the allocator counts what the capped thread takes, and past
//! the cap the process stops at once with exit 2 and a message prepared beforehand: an
//! allocator may neither unwind nor allocate, and nothing has been written yet, since
//! cascade writes a rendering only once it is complete.

use std::alloc::{GlobalAlloc, Layout};

/// The allocator underneath: mimalloc. Under glibc's, lint spent a fifth more instructions
/// (callgrind) and much of its time in `malloc_consolidate` and `_int_malloc` (perf) while
/// many threads allocated and freed the small strings of parsed notes.
use mimalloc::MiMalloc as System;
use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The allocator, counting the heap growth of a capped thread.
pub struct Counting;

thread_local! {
    /// Bytes taken (less bytes given back) by this thread since its cap was set.
    static GROWTH: Cell<isize> = const { Cell::new(0) };
    /// The cap of this thread and the message to print when it is passed.
    static CAP: Cell<Option<(isize, &'static [u8])>> = const { Cell::new(None) };
}

/// How many threads have a cap set: while none has, an allocation costs one relaxed load
/// more than the system allocator's, not two thread-local lookups (lint allocates millions
/// of times).
static CAPPED: AtomicUsize = AtomicUsize::new(0);

fn track(delta: isize) {
    if CAPPED.load(Ordering::Relaxed) == 0 {
        return;
    }
    // `try_with`: the thread's locals may be gone while it exits; nothing is capped then.
    let _ = CAP.try_with(|cap| {
        let Some((limit, message)) = cap.get() else {
            return;
        };
        let _ = GROWTH.try_with(|g| {
            let now = g.get().saturating_add(delta);
            g.set(now);
            if now > limit {
                stop(message);
            }
        });
    });
}

/// Print `message` and end the process with exit 2, allocating nothing.
fn stop(message: &[u8]) -> ! {
    #[cfg(unix)]
    // SAFETY: write(2) and _exit(2) are async-signal-safe and take a valid buffer.
    unsafe {
        libc::write(2, message.as_ptr().cast(), message.len());
        libc::_exit(i32::from(crate::error::EXIT_FAILURE));
    }
    #[cfg(not(unix))]
    std::process::abort();
}

/// The alignment every mimalloc block has without asking: its size classes are whole machine
/// words (on x86-64 even double words up to 64 bytes), and its pages start aligned to more.
const WORD: usize = std::mem::size_of::<usize>();

// SAFETY: every call goes to mimalloc with the caller's size (through its plain API for a
// word's alignment, which its blocks all have, else through the crate with the layout); only a
// counter is updated around it.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        track(layout.size() as isize);
        // The mimalloc crate asks for every block with `mi_malloc_aligned`. When the page of a
        // size class that is not a power of two runs out, that call over-allocates from a
        // larger class and searches the page queues each time, and the class's own page is
        // not refilled, so it keeps doing so (13 times per note in lint; lint ran 3% more
        // instructions). A word-aligned block is what plain `mi_malloc` gives anyway.
        if layout.align() <= WORD {
            // SAFETY: mimalloc returns a block of at least `size` bytes aligned to a word, or null.
            return unsafe { libmimalloc_sys::mi_malloc(layout.size()).cast() };
        }
        // SAFETY: the caller's contract is passed on.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        track(layout.size() as isize);
        if layout.align() <= WORD {
            // SAFETY: as in `alloc`, zeroed.
            return unsafe { libmimalloc_sys::mi_zalloc(layout.size()).cast() };
        }
        // SAFETY: the caller's contract is passed on.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        track(-(layout.size() as isize));
        // SAFETY: the caller's contract is passed on.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        track(new_size as isize - layout.size() as isize);
        if layout.align() <= WORD {
            // SAFETY: `ptr` came from mimalloc (every path above); the new block is
            // word-aligned as in `alloc`.
            return unsafe { libmimalloc_sys::mi_realloc(ptr.cast(), new_size).cast() };
        }
        // SAFETY: the caller's contract is passed on.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

/// Give back to the system the memory this thread's heap holds free for reuse. mimalloc
/// keeps freed pages for a while before returning them (its purge delay, a second), so a
/// run that frees as much as it takes, chunk after chunk, peaks at what it holds plus what
/// waits to be purged, and how much waits depends on timing, not on the input (lint of the
/// same 100,000 notes peaked at 54 MiB at one path and 72-82 MiB at another). Forced: an
/// unforced collect left the peak where it was. Called between chunks on each thread that
/// allocated.
pub fn give_back() {
    // SAFETY: `mi_collect` releases free pages only (this thread's, and the arenas' free
    // ranges); it takes no pointer and may be called at any time.
    unsafe { libmimalloc_sys::mi_collect(true) }
}

/// Turn transparent huge pages off for the rest of this process, before lint reads its notes.
/// mimalloc asks for them, and the kernel then backs any touched 2 MiB of the heap with a
/// whole zeroed huge page: lint of 10,000 notes held 50-57 MiB of which its heap was about
/// 10, spent 8% of its samples zeroing pages (`clear_page_erms`), and gave memory back
/// between chunks only to fault it in again. Without them it peaks at 25-31 MiB, and its
/// system time fell from 0.195 to 0.150 s (medians of 10 runs each, docs/performance.md).
/// Lint only: the digest, which reads its indexes whole, was slower without them (121 against
/// 99 ms). Children (git) inherit it; they hold far less.
pub fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: prctl(PR_SET_THP_DISABLE) takes no pointer; it only sets a flag of the process.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

/// The memory the process holds from the system, in bytes: its resident set where the
/// system tells it (`/proc/self/statm`), else what the allocator has committed by its own
/// count. mimalloc's count does not go down when [`give_back`] returns pages, so past a
/// bound it stayed past it, and lint gave memory back after every chunk: 1.4 GiB of pages
/// returned and faulted in again on 20,000 notes.
pub fn held() -> usize {
    #[cfg(target_os = "linux")]
    if let Some(rss) = resident() {
        return rss;
    }
    committed()
}

/// The resident set, from `/proc/self/statm` (its second field, in pages).
#[cfg(target_os = "linux")]
fn resident() -> Option<usize> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: usize = statm.split_whitespace().nth(1)?.parse().ok()?;
    // SAFETY: sysconf takes no pointer and has no precondition.
    let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    Some(pages.saturating_mul(usize::try_from(page).ok().filter(|&p| p > 0)?))
}

/// What the allocator has committed, by its own count.
fn committed() -> usize {
    let mut commit = 0usize;
    let none = std::ptr::null_mut();
    // SAFETY: every out-parameter is either null (not asked) or a valid `usize`.
    unsafe {
        libmimalloc_sys::mi_process_info(none, none, none, none, none, &raw mut commit, none, none);
    }
    commit
}

/// Run `f` on this thread with its heap growth capped at `bytes`; past it, `message` is
/// printed on stderr and the process exits with code 2.
pub fn with_cap<T>(bytes: usize, message: String, f: impl FnOnce() -> T) -> T {
    let mut message = message.into_bytes();
    if !message.ends_with(b"\n") {
        message.push(b'\n');
    }
    // Leaked once per capped call (one per command), so the allocator can print it.
    let message: &'static [u8] = Box::leak(message.into_boxed_slice());
    struct Reset(Option<(isize, &'static [u8])>);
    impl Drop for Reset {
        fn drop(&mut self) {
            CAP.set(self.0);
            CAPPED.fetch_sub(1, Ordering::Relaxed);
        }
    }
    CAPPED.fetch_add(1, Ordering::Relaxed);
    let _reset = Reset(CAP.get());
    GROWTH.set(0);
    CAP.set(Some((
        isize::try_from(bytes).unwrap_or(isize::MAX),
        message,
    )));
    f()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether the counting allocator is the one in use (it is in cascade's binaries).
    fn active() -> bool {
        let before = GROWTH.get();
        let probe = CAP.get();
        CAP.set(Some((isize::MAX, b"")));
        CAPPED.fetch_add(1, Ordering::Relaxed);
        let v = std::hint::black_box(vec![0u8; 64]);
        let counted = GROWTH.get() != before;
        drop(v);
        CAPPED.fetch_sub(1, Ordering::Relaxed);
        CAP.set(probe);
        GROWTH.set(before);
        counted
    }

    #[test]
    fn the_counting_allocator_is_installed() {
        assert!(active());
    }

    #[test]
    fn every_block_has_the_alignment_its_layout_asks() {
        // Word-aligned layouts go to plain `mi_malloc`; the rest to the aligned call. Sizes
        // cover every small class, a page run out (many blocks of one class), growth by
        // `realloc` and zeroing.
        for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
            for size in (1..=520).chain([4095, 4096, 70_000]) {
                let layout = Layout::from_size_align(size, align).unwrap();
                let blocks: Vec<*mut u8> = (0..40)
                    .map(|i| {
                        // SAFETY: `layout` has a non-zero size.
                        let p = unsafe {
                            if i % 2 == 0 {
                                Counting.alloc(layout)
                            } else {
                                Counting.alloc_zeroed(layout)
                            }
                        };
                        assert!(!p.is_null());
                        assert_eq!(p as usize % align, 0, "size {size}, align {align}");
                        if i % 2 == 1 {
                            // SAFETY: `p` holds `size` bytes just allocated.
                            let bytes = unsafe { std::slice::from_raw_parts(p, size) };
                            assert!(bytes.iter().all(|&b| b == 0));
                        }
                        p
                    })
                    .collect();
                for p in blocks {
                    // SAFETY: `p` came from `alloc` with `layout`; it grows and is then freed
                    // with the layout of its new size.
                    unsafe {
                        let q = Counting.realloc(p, layout, size * 3 + 1);
                        assert!(!q.is_null());
                        assert_eq!(q as usize % align, 0, "realloc {size}, align {align}");
                        Counting.dealloc(q, Layout::from_size_align(size * 3 + 1, align).unwrap());
                    }
                }
            }
        }
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn memory_freed_between_chunks_leaves_the_process_once_given_back() {
        // On a thread of its own, as lint's chunks are: 96 MiB in blocks of a note's size.
        let (held, after) = std::thread::spawn(|| {
            let blocks: Vec<Vec<u8>> = (0..96 * 256).map(|i| vec![i as u8; 4096]).collect();
            let held = resident().unwrap();
            drop(std::hint::black_box(blocks));
            give_back();
            (held, resident().unwrap())
        })
        .join()
        .unwrap();
        // Other tests allocate meanwhile: a margin of half the blocks.
        assert!(
            after + (48 << 20) < held,
            "{} MiB resident with the blocks, {} MiB after giving them back",
            held >> 20,
            after >> 20
        );
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn what_lint_measures_as_held_goes_down_once_given_back() {
        // mimalloc's own count of committed memory stayed up after `give_back`: lint, which
        // gives back past a bound, then gave back after every chunk.
        let (with, after) = std::thread::spawn(|| {
            let blocks: Vec<Vec<u8>> = (0..96 * 256).map(|i| vec![i as u8; 4096]).collect();
            let with = held();
            drop(std::hint::black_box(blocks));
            give_back();
            (with, held())
        })
        .join()
        .unwrap();
        assert!(
            with >= 96 << 20,
            "{} MiB held with 96 MiB of blocks",
            with >> 20
        );
        assert!(
            after + (48 << 20) < with,
            "{} MiB held with the blocks, {} MiB after giving them back",
            with >> 20,
            after >> 20
        );
    }

    #[test]
    fn growth_under_the_cap_runs_to_the_end() {
        let v = with_cap(1 << 20, "never printed".into(), || vec![1u8; 1 << 19]);
        assert_eq!(v.len(), 1 << 19);
    }
}
