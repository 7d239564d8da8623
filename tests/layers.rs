//! The page's rooms import only downwards: each module of `src/` may name (`crate::x`) only
//! rooms below it in [`ROOMS`], so that a room can be read, tested and changed knowing only
//! what is under it. ARCHITECTURE.md draws the same order.

use std::collections::BTreeSet;
use std::path::Path;

/// Bottom first. `jobs` (the offload-jobs crate) is below them all and imports none of
/// them; `inside_worker` and `ui` are the two entry points: the worker's and the page's.
const ROOMS: &[&str] = &[
    "form",
    "traffic",
    "presentation",
    "peers",
    "browser",
    "instruments",
    "workers",
    "modes",
    "runs",
    "chart",
    "lesson",
    "embed_code",
    "inside_worker",
    "ui",
];

fn rank(room: &str) -> usize {
    ROOMS
        .iter()
        .position(|r| *r == room)
        .unwrap_or_else(|| panic!("src/{room} is in no room: add it to ROOMS in tests/layers.rs"))
}

/// The rooms a source file names: `crate::room` anywhere outside comments, and each
/// top-level name in a `use crate::{a::…, b}` group (over as many lines as it takes).
fn rooms_named(source: &str) -> BTreeSet<String> {
    let code: String = source
        .lines()
        .map(|line| line.split("//").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n");
    let ident = |s: &str| -> String {
        s.trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let mut named = BTreeSet::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        let Some(group) = rest.strip_prefix('{') else {
            named.insert(ident(rest));
            continue;
        };
        // Split the group at its own commas, not those of nested groups.
        let (mut depth, mut part_start) = (0, 0);
        for (i, c) in group.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => {
                    named.insert(ident(&group[part_start..i]));
                    break;
                }
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    named.insert(ident(&group[part_start..i]));
                    part_start = i + 1;
                }
                _ => {}
            }
        }
    }
    named.remove("");
    named
}

/// Adds `room`'s arrows from `path`: a Rust file, or every one under a directory.
fn visit(path: &Path, room: &str, arrows: &mut BTreeSet<(String, String)>) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).unwrap() {
            visit(&entry.unwrap().path(), room, arrows);
        }
    } else if path.extension().is_some_and(|e| e == "rs") {
        let source = std::fs::read_to_string(path).unwrap();
        for named in rooms_named(&source) {
            if named != room && ROOMS.contains(&named.as_str()) {
                arrows.insert((room.to_string(), named));
            }
        }
    }
}

#[test]
fn rooms_import_only_downwards() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut arrows = BTreeSet::new();
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_str().unwrap().to_string();
        // lib.rs is the house itself; the engine and the jobs are crates of their own.
        if ["lib", "engine", "jobs"].contains(&name.as_str()) {
            continue;
        }
        rank(&name);
        visit(&path, &name, &mut arrows);
    }
    let back: BTreeSet<(String, String)> = arrows
        .into_iter()
        .filter(|(from, to)| rank(to) > rank(from))
        .collect();
    assert!(
        back.is_empty(),
        "arrows pointing up (from, to), ROOMS being bottom first: {back:?}"
    );
}

#[test]
fn names_are_found_in_paths_and_groups_but_not_comments() {
    let source = "use crate::form::Mode;\nuse crate::{\n    runs::{Run, history},\n    chart,\n};\n// crate::ui\nlet x = crate::modes::f();";
    let found: Vec<String> = rooms_named(source).into_iter().collect();
    assert_eq!(found, ["chart", "form", "modes", "runs"]);
}
