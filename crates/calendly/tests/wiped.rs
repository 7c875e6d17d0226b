//! Secrets are wiped when dropped: the memory that held the token or the signing key is
//! overwritten before it goes back to the allocator, so Start over leaves no copy behind
//! in the page's WebAssembly heap. This binary stands alone because it replaces the global
//! allocator with one that looks at every block freed while a check is armed.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use calendly::{AccessToken, SigningKey};

const TOKEN: &str = "eyJraWQiOiJ3aXBlLXRlc3QifQ.eyJ3aXBlIjoidGVzdCJ9.c2lnLXdpcGUtdGVzdA";
const KEY: &str = "wipe-test-signing-key-5f2c81e0d4b7";

/// The system allocator, counting freed blocks that still hold `TOKEN` or `KEY`.
struct Watching;

static ARMED: AtomicBool = AtomicBool::new(false);
static FREED_WITH_SECRET: AtomicUsize = AtomicUsize::new(0);

fn holds(block: &[u8], secret: &str) -> bool {
    block.windows(secret.len()).any(|w| w == secret.as_bytes())
}

unsafe impl GlobalAlloc for Watching {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        System.alloc(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if ARMED.load(Ordering::SeqCst) {
            let block = std::slice::from_raw_parts(ptr, layout.size());
            if holds(block, TOKEN) || holds(block, KEY) {
                FREED_WITH_SECRET.fetch_add(1, Ordering::SeqCst);
            }
        }
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static ALLOCATOR: Watching = Watching;

/// How many freed blocks still held a secret while `work` ran.
fn freed_with_secret(work: impl FnOnce()) -> usize {
    FREED_WITH_SECRET.store(0, Ordering::SeqCst);
    ARMED.store(true, Ordering::SeqCst);
    work();
    ARMED.store(false, Ordering::SeqCst);
    FREED_WITH_SECRET.load(Ordering::SeqCst)
}

// One test, so no other test's frees mix into the counts.
#[test]
fn token_and_signing_key_are_wiped_when_dropped() {
    // The check sees a secret that is not wiped: a plain String copy.
    assert_eq!(freed_with_secret(|| drop(TOKEN.to_owned())), 1);

    let dropped = freed_with_secret(|| {
        let token = AccessToken::parse(TOKEN).unwrap();
        let copy = token.clone();
        assert_eq!(copy.expose(), TOKEN);
        drop(token);
        drop(copy);
    });
    assert_eq!(dropped, 0, "a dropped token left its text in freed memory");

    let dropped = freed_with_secret(|| {
        let key = SigningKey::parse(KEY).unwrap();
        let copy = key.clone();
        assert_eq!(copy.expose(), KEY);
        drop((key, copy));
    });
    assert_eq!(
        dropped, 0,
        "a dropped signing key left its text in freed memory"
    );
}
