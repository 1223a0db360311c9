//! Hostile address books cost memory in proportion to the 10 MB cap, not to
//! how many fields, lines or addresses they pretend to hold. A counting
//! allocator measures the peak while each file is parsed (one test in this
//! binary, so that nothing else allocates meanwhile).

use desk::address_book::{AddressBook, MAX_BYTES};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The system allocator, counting live bytes and live blocks and their peaks.
struct Counting;

static BYTES: AtomicUsize = AtomicUsize::new(0);
static PEAK_BYTES: AtomicUsize = AtomicUsize::new(0);
static BLOCKS: AtomicUsize = AtomicUsize::new(0);
static PEAK_BLOCKS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded unchanged to the system allocator.
        let block = unsafe { System.alloc(layout) };
        if !block.is_null() {
            grew(layout.size(), 1);
        }
        block
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.dealloc(block, layout) };
        BYTES.fetch_sub(layout.size(), Ordering::Relaxed);
        BLOCKS.fetch_sub(1, Ordering::Relaxed);
    }

    unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded unchanged to the system allocator.
        let moved = unsafe { System.realloc(block, layout, new_size) };
        if !moved.is_null() {
            BYTES.fetch_sub(layout.size(), Ordering::Relaxed);
            grew(new_size, 0);
        }
        moved
    }
}

fn grew(bytes: usize, blocks: usize) {
    let now = BYTES.fetch_add(bytes, Ordering::Relaxed) + bytes;
    PEAK_BYTES.fetch_max(now, Ordering::Relaxed);
    let now = BLOCKS.fetch_add(blocks, Ordering::Relaxed) + blocks;
    PEAK_BLOCKS.fetch_max(now, Ordering::Relaxed);
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// A file of `head`, then `body` repeated up to just under the cap, then `tail`.
fn hostile(head: &str, body: &[u8], tail: &str) -> Vec<u8> {
    let room = MAX_BYTES as usize - head.len() - tail.len();
    let mut file = Vec::with_capacity(MAX_BYTES as usize);
    file.extend_from_slice(head.as_bytes());
    // `repeat` runs in the optimised standard library, not in this debug build.
    file.extend_from_slice(&body.repeat(room / body.len()));
    file.extend_from_slice(tail.as_bytes());
    file
}

/// Parses `file` and returns what parsing added at its peak: (bytes, blocks).
fn peak_of(file: &[u8]) -> (usize, usize, String) {
    let (bytes, blocks) = (
        BYTES.load(Ordering::Relaxed),
        BLOCKS.load(Ordering::Relaxed),
    );
    PEAK_BYTES.store(bytes, Ordering::Relaxed);
    PEAK_BLOCKS.store(blocks, Ordering::Relaxed);
    let outcome = match AddressBook::parse(file) {
        Ok(book) => format!("read {} entries", book.entries.len()),
        Err(e) => e.to_string(),
    };
    (
        PEAK_BYTES.load(Ordering::Relaxed) - bytes,
        PEAK_BLOCKS.load(Ordering::Relaxed) - blocks,
        outcome,
    )
}

#[test]
fn hostile_address_books_stay_within_a_few_times_the_cap() {
    let google = "Name,E-mail 1 - Value\n";
    let outlook = "Name,E-mail Address\n";
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("ten million commas", hostile("", b",", "")),
        (
            "a header, then endless blank records",
            hostile(outlook, b",\n", ""),
        ),
        ("endless people", hostile(outlook, b"x,a@example.org\n", "")),
        (
            "one cell of endless Google addresses",
            hostile(&format!("{google}x,\""), b"a@example.org:::", "\"\n"),
        ),
        ("one huge quoted field", hostile(outlook, b"a", "")),
        (
            "an unclosed quote",
            hostile(&format!("{outlook}\""), b"a,\n", ""),
        ),
        ("endless quotes", hostile("", b"\"", "")),
        (
            "Windows-1252 umlauts (two bytes each in UTF-8)",
            hostile(&format!("{outlook}x,\""), b"\xe4", "\"\n"),
        ),
        (
            "a vCard with endless addresses",
            hostile(
                "BEGIN:VCARD\nVERSION:3.0\n",
                b"EMAIL:a@example.org\n",
                "END:VCARD\n",
            ),
        ),
        (
            "a vCard line folded forever",
            hostile("BEGIN:VCARD\nFN:x", b"\n y", "\nEND:VCARD\n"),
        ),
        (
            "a quoted-printable soft break forever",
            hostile(
                "BEGIN:VCARD\nFN;QUOTED-PRINTABLE:x",
                b"=\n=C3=A4",
                "\nEND:VCARD\n",
            ),
        ),
    ];
    let cap = MAX_BYTES as usize;
    for (what, file) in cases {
        assert!(
            file.len() as u64 <= MAX_BYTES && file.len() > cap - 64,
            "{what}"
        );
        let (bytes, blocks, outcome) = peak_of(&file);
        eprintln!("{what}: peak {bytes} bytes in {blocks} blocks; {outcome}");
        assert!(
            bytes <= 4 * cap,
            "{what}: parsing a {} byte file peaked at {bytes} more bytes ({outcome})",
            file.len()
        );
        assert!(
            blocks <= 1_000_000,
            "{what}: parsing held {blocks} allocations at once ({outcome})"
        );
    }
}
