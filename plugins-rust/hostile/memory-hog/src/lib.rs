//! HOSTILE: takes all the memory it can. The sandbox must cap linear memory (policy
//! `max-memory`), fail the call, and keep serving. No capabilities.
//!
//! | export | what it does |
//! |---|---|
//! | `quote` | allocates and touches 1 MiB chunks until allocation fails (the allocator then aborts: a trap) |
//! | `grow` | calls `memory.grow` one page at a time until it fails; returns `{"pages": n, "bytes": n}` (no trap) |
//! | `alloc` | input: JSON number of MiB; allocates and touches that much; returns the MiB count |
//! | `leak` | keeps 1 MiB more in a static on every call; returns how many MiB are held (1 when each call gets a pristine instance) |

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use serde_json::{json, Value};
use wasmbox_pdk::{plugin_fn, Error};

const MIB: usize = 1 << 20;

/// Every chunk's address escapes here, so the optimizer cannot elide the allocations.
static SINK: AtomicUsize = AtomicUsize::new(0);

fn touched_chunk() -> Vec<u8> {
    let mut chunk = vec![0u8; MIB];
    for i in (0..MIB).step_by(4096) {
        chunk[i] = 0xAA;
    }
    SINK.store(chunk.as_ptr() as usize, Ordering::SeqCst);
    chunk
}

/// Allocates until the allocator gives up.
#[plugin_fn]
pub fn quote(_order: Vec<u8>) -> Vec<u8> {
    let mut hoard: Vec<Vec<u8>> = Vec::new();
    loop {
        hoard.push(touched_chunk());
        SINK.store(hoard.as_ptr() as usize, Ordering::SeqCst);
    }
}

/// Grows linear memory page by page until `memory.grow` fails.
#[plugin_fn]
pub fn grow() -> Value {
    #[allow(unused_mut)]
    let mut pages = 0usize;
    #[cfg(target_arch = "wasm32")]
    while core::arch::wasm32::memory_grow(0, 1) != usize::MAX {
        pages += 1;
    }
    let total = core_pages() * 65536;
    json!({"pages": pages, "bytes": pages * 65536, "memoryBytes": total})
}

fn core_pages() -> usize {
    #[cfg(target_arch = "wasm32")]
    {
        core::arch::wasm32::memory_size(0)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0
    }
}

/// Allocates and touches the given number of MiB.
#[plugin_fn]
pub fn alloc(mib: usize) -> Result<usize, Error> {
    let mut hoard = Vec::with_capacity(mib);
    for _ in 0..mib {
        hoard.push(touched_chunk());
    }
    Ok(hoard.len())
}

static LEAKED: Mutex<Vec<Vec<u8>>> = Mutex::new(Vec::new());

/// Leaks 1 MiB per call into a static.
#[plugin_fn]
pub fn leak() -> usize {
    let mut leaked = LEAKED.lock().unwrap_or_else(|e| e.into_inner());
    leaked.push(touched_chunk());
    leaked.len()
}

wasmbox_pdk::manifest! {
    exports = [quote, grow, alloc, leak],
    capabilities = [],
}
