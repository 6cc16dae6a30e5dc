//! Fuzz target: any bytes, read as a page (format recognized from content) through the whole
//! pipeline (decode → read → structure → lower → merge). Nothing may panic, hang or blow up.
//! The first byte picks the file name's extension, so names play no role in the format.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (ext, body) = match data.split_first() {
        Some((b, rest)) => ([".md", ".html", ".txt", ""][(*b % 4) as usize], rest),
        None => ("", data),
    };
    let name = format!("fuzz/management/tag/page-name{ext}");
    let b = docir::build_in_memory(vec![(name, body.to_vec())]);
    for d in &b.diagnostics {
        assert!(d.at.line >= 1);
    }
});
