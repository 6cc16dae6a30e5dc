//! Property test over every reader: our own pages (docs-input and the fixtures), mutated at
//! random (bytes inserted, deleted or replaced; lines duplicated, dropped, swapped, cut; table
//! and markup characters sprinkled in), never make the reader panic, and every diagnostic
//! points into the input it was given.

use proptest::prelude::*;
use std::path::Path;

fn pages() -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for root in ["../../docs-input", "../../tests/fixtures"] {
        for p in docir::discover(Path::new(root)).unwrap_or_default() {
            if let Ok(b) = std::fs::read(&p) {
                out.push((p.to_string_lossy().into_owned(), b));
            }
        }
    }
    assert!(out.len() >= 8, "the pages to mutate are found");
    out
}

#[derive(Clone, Debug)]
enum Edit {
    Insert(usize, Vec<u8>),
    Delete(usize, usize),
    DuplicateLine(usize),
    DropLine(usize),
    SwapLines(usize, usize),
    Truncate(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let snippets = prop::sample::select(vec![
        b"|".to_vec(),
        b"`".to_vec(),
        b"\n".to_vec(),
        b"<a href=\"#X\">".to_vec(),
        b"</a>".to_vec(),
        b"<br>".to_vec(),
        b"\n## ".to_vec(),
        b"\n### ".to_vec(),
        b"```".to_vec(),
        b"\xE4\xB8".to_vec(),
        b"\xFF".to_vec(),
        b"\0".to_vec(),
        b"\r".to_vec(),
        "¶ ".as_bytes().to_vec(),
        "嵌套类型：".as_bytes().to_vec(),
        b"!!!include(x.md)!!!".to_vec(),
        b"[][][][]".to_vec(),
        b" | ".to_vec(),
    ]);
    prop_oneof![
        (any::<usize>(), snippets).prop_map(|(i, s)| Edit::Insert(i, s)),
        (any::<usize>(), 1usize..64).prop_map(|(i, n)| Edit::Delete(i, n)),
        any::<usize>().prop_map(Edit::DuplicateLine),
        any::<usize>().prop_map(Edit::DropLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::SwapLines(a, b)),
        any::<usize>().prop_map(Edit::Truncate),
    ]
}

fn apply(mut bytes: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for e in edits {
        let n = bytes.len().max(1);
        match e {
            Edit::Insert(i, s) => {
                let at = i % n;
                bytes.splice(at..at.min(bytes.len()), s.iter().copied());
            }
            Edit::Delete(i, len) => {
                let at = (i % n).min(bytes.len());
                let end = (at + len).min(bytes.len());
                bytes.drain(at..end);
            }
            Edit::Truncate(i) => bytes.truncate(i % n),
            Edit::DuplicateLine(i) | Edit::DropLine(i) | Edit::SwapLines(i, _) => {
                let mut lines: Vec<Vec<u8>> = bytes.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
                let k = i % lines.len();
                match e {
                    Edit::DuplicateLine(_) => lines.insert(k, lines[k].clone()),
                    Edit::DropLine(_) => {
                        lines.remove(k);
                    }
                    Edit::SwapLines(_, j) => {
                        let j = j % lines.len();
                        lines.swap(k, j);
                    }
                    _ => {}
                }
                bytes = lines.join(&b'\n');
            }
        }
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

    #[test]
    fn mutated_pages_never_panic(pick in any::<prop::sample::Index>(), edits in prop::collection::vec(edit(), 1..12)) {
        let all = pages();
        let (name, bytes) = pick.get(&all).clone();
        let mutated = apply(bytes, &edits);
        let lines = mutated.split(|&b| b == b'\n').count() as u32 + 1;
        let b = docir::build_in_memory(vec![(name.clone(), mutated)]);
        for d in &b.diagnostics {
            prop_assert_eq!(d.at.file.as_ref(), name.as_str());
            prop_assert!(d.at.line >= 1 && d.at.line <= lines, "line {} of {} in {}", d.at.line, lines, d);
        }
        // The IR always serializes.
        prop_assert!(serde_json::to_string(&b.api).is_ok());
    }
}
