//! Embeds `faq/<lang>/*.md` into the library, so the binary answers from any folder.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    // Read at run time: a build script binary reused from another checkout
    // must not embed that checkout's (or no) articles.
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&manifest).join("faq");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    for lang in ["en", "de"] {
        let dir = root.join(lang);
        println!("cargo:rerun-if-changed={}", dir.display());
        let entries = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("cannot read the FAQ folder {}: {e}", dir.display()));
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "md") {
                println!("cargo:rerun-if-changed={}", path.display());
                let name = entry.file_name().to_string_lossy().into_owned();
                files.push((format!("{lang}/{name}"), path));
            }
        }
    }
    assert!(!files.is_empty(), "no articles in {}", root.display());
    files.sort();
    let mut out = String::from("&[\n");
    for (relative, path) in files {
        let _ = writeln!(
            out,
            "    ({relative:?}, include_str!({:?})),",
            path.display().to_string()
        );
    }
    out.push(']');
    let target = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("faq.rs");
    std::fs::write(target, out).expect("write the embedded corpus list");
}
