//! Memory that bulk work freed, handed back to the system.
//!
//! glibc keeps what a thread frees in that thread's arena and returns pages to the
//! system only from the top of a heap. Loading the 1,000,000-member demo leaves about
//! 80 MB freed but resident in the app process (measured: 84 MB anonymous memory after
//! the load, 2.5 MB after `malloc_trim`), so the window would weigh more for having
//! once loaded a large organization. The commands that do bulk work (the demo, import
//! preview and apply) call [`give_back`] when they are done.
//!
//! Large blocks are a second leak of the same kind. glibc serves a block above its
//! mmap threshold (128 KiB at first) from a mapping of its own, unmapped when freed, but
//! after freeing one it raises the threshold to that block's size: from then on blocks
//! up to 32 MiB (the search index's 16 MiB buffer while a demo or an import writes it,
//! large sorts) come from the heap, where what is freed stays resident between live
//! allocations, out of `malloc_trim`'s reach. [`set_up`] fixes the threshold at its
//! first value. Measured with the 1,000,000-member demo open on the members screen: the
//! app's anonymous memory 60 → 36 MB (33 MB with 100 members), PSS of the app and its
//! WebKit processes 308 → 282 MB (277 MB with 100 members).

/// Keeps large blocks in mappings of their own, returned to the system when freed
/// (see the module's note). Called once, first thing in `main`.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
pub fn set_up() {
    // SAFETY: `mallopt` takes no pointer and changes only the allocator's own settings,
    // under its lock; it runs before any other thread exists.
    let fixed = unsafe { libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD) } == 1;
    if !fixed {
        tracing::debug!("the allocator kept its own mmap threshold");
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn set_up() {}

/// glibc's initial mmap threshold, kept from then on.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const MMAP_THRESHOLD: libc::c_int = 128 * 1024;

/// Asks the C allocator to return the free pages of every arena to the system. Does
/// nothing where the allocator is not glibc's (their allocators return memory
/// themselves or have no such call).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
pub fn give_back() {
    // SAFETY: `malloc_trim` takes no pointer and touches only the allocator's own state,
    // which glibc locks against every other allocator call (MT-Safe per its manual).
    let released = unsafe { libc::malloc_trim(0) } == 1;
    tracing::debug!(released, "freed memory handed back to the system");
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn give_back() {}
