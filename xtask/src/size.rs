//! `cargo xtask size`: what dist/ weighs as built (it builds nothing: run `cargo xtask
//! build` first). Every wasm, JS, CSS and HTML file raw and gzip -9; each wasm's sections;
//! then the largest functions and crates, from twiggy. dist's wasm carries no names
//! (wasm-opt drops the name section), so those come from cargo's own output, before
//! wasm-bindgen and wasm-opt: the same code, larger, in roughly the same proportions.
//! `OFFLOAD_DIST` and `OFFLOAD_TARGET` point it at another dist/ and target/.

use crate::process::{output_of, root};
use std::path::{Path, PathBuf};
use std::process::Command;

const KINDS: &[&str] = &["wasm", "js", "css", "html"];
const TOP: usize = 12;
/// Where cargo leaves each build's named wasm, under target/.
const NAMED: [(&str, &str); 2] = [
    ("page", "wasm32-unknown-unknown/release/offload.wasm"),
    (
        "engine",
        "engine/wasm32-unknown-unknown/release/offload_engine.wasm",
    ),
];

pub fn report(args: &[String]) -> Result<(), String> {
    if args.iter().any(|a| a != "--") {
        return Err("usage: cargo xtask size (reports on dist/ as built; no flags)".into());
    }
    let dir = |var: &str, default| std::env::var(var).map_or(root().join(default), PathBuf::from);
    let (dist, target) = (dir("OFFLOAD_DIST", "dist"), dir("OFFLOAD_TARGET", "target"));
    let mut files = Vec::new();
    walk(&dist, &mut files)
        .map_err(|e| format!("{}: {e} (run `cargo xtask build` first)", dist.display()))?;
    files.sort();
    println!(
        "| file in {} | raw KB | gzip -9 KB |\n| --- | --: | --: |",
        dist.display()
    );
    for (file, gzip) in files.iter().zip(gzip9(&files)?) {
        let raw = std::fs::metadata(file).map_err(|e| e.to_string())?.len();
        println!(
            "| {} | {} | {} |",
            file.strip_prefix(&dist).unwrap_or(file).display(),
            kb(raw),
            kb(gzip)
        );
    }
    for wasm in files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "wasm"))
    {
        let list = sections(&std::fs::read(wasm).map_err(|e| format!("{}: {e}", wasm.display()))?)?;
        let shown: Vec<String> = list
            .iter()
            .map(|(n, s)| format!("{n} {}", kb(*s as u64)))
            .collect();
        println!("\n{}: sections (KB) {}", wasm.display(), shown.join(", "));
        if !list.iter().any(|(n, _)| n == "custom:name") {
            println!("  no name section: function names come from cargo's output below");
        }
    }
    crate::tools::ensure_twiggy()?;
    for (what, path) in NAMED {
        let wasm = target.join(path);
        match wasm.exists() {
            true => named_report(what, &wasm, &dist)?,
            false => println!("\n{what}: no {} to take names from", wasm.display()),
        }
    }
    Ok(())
}

/// The largest items and a sum per crate in cargo's (named) output, from twiggy's list,
/// without what wasm-bindgen removes (`metadata`).
fn named_report(what: &str, wasm: &Path, dist: &Path) -> Result<(), String> {
    let path = wasm.to_str().ok_or("path is not UTF-8")?;
    println!("\n## {what}: names from {path}, before wasm-bindgen and wasm-opt\n");
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let mut built = Vec::new();
    walk(dist, &mut built).map_err(|e| e.to_string())?;
    if built
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "wasm"))
        .filter_map(|f| modified(f))
        .max()
        < modified(wasm)
    {
        println!("(newer than dist/'s wasm: it may not be the code dist/ holds)\n");
    }
    let csv = output_of("twiggy", &["top", "-f", "csv", path]).ok_or("twiggy top failed")?;
    let items: Vec<(String, u64)> = csv
        .lines()
        .skip(1)
        .filter_map(parse_csv_row)
        .filter(|(n, _)| !metadata(n))
        .map(|(n, s)| (plain(&n), s))
        .collect();
    let total: u64 = items.iter().map(|i| i.1).sum();
    let share = |size: u64| 100.0 * size as f64 / total.max(1) as f64;
    println!(
        "| largest of {} KB (functions and data) | KB | share |\n| --- | --: | --: |",
        kb(total)
    );
    for (name, size) in items.iter().take(TOP) {
        let short: String = name.chars().take(110).collect();
        println!("| `{short}` | {} | {:.1} % |", kb(*size), share(*size));
    }
    let mut crates: Vec<(&str, u64)> = Vec::new();
    for (name, size) in &items {
        match crates.iter_mut().find(|(c, _)| *c == crate_of(name)) {
            Some((_, sum)) => *sum += size,
            None => crates.push((crate_of(name), *size)),
        }
    }
    crates.sort_by_key(|c| std::cmp::Reverse(c.1));
    println!("\n| crate (the first path an item names) | KB | share |\n| --- | --: | --: |");
    for (krate, size) in crates.iter().take(TOP) {
        println!("| {krate} | {} | {:.1} % |", kb(*size), share(*size));
    }
    Ok(())
}

/// What cargo's output holds and dist's does not: the names, wasm-bindgen's section, and
/// its describe functions and their exports (4,000 of them in the page: 230 KB).
fn metadata(name: &str) -> bool {
    name.ends_with(" subsection")
        || name.starts_with("custom section")
        || name.contains("__wbindgen_describe")
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| KINDS.contains(&e))
        {
            out.push(path);
        }
    }
    Ok(())
}

/// Each file's bytes after gzip at level 9 with node's zlib, as the size budget test and
/// the bench's server compress (GNU gzip -9 comes out about 1 % smaller).
fn gzip9(files: &[PathBuf]) -> Result<Vec<u64>, String> {
    const SCRIPT: &str = "const z = require('zlib'), fs = require('fs'); \
        for (const f of process.argv.slice(1)) console.log(z.gzipSync(fs.readFileSync(f), { level: 9 }).length)";
    let out = Command::new("node")
        .arg("-e")
        .arg(SCRIPT)
        .args(files)
        .output();
    let out = out.map_err(|e| format!("cannot run node: {e}"))?;
    let sizes: Vec<u64> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.parse().ok())
        .collect();
    if !out.status.success() || sizes.len() != files.len() {
        return Err(format!(
            "node could not gzip the files: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(sizes)
}

/// Kilobytes of 1,000 bytes, as the issue and the click-to-load button count them.
fn kb(bytes: u64) -> String {
    format!("{:.1}", bytes as f64 / 1000.0)
}

/// A wasm module's sections in order, each with its size; custom sections by their name.
pub fn sections(bytes: &[u8]) -> Result<Vec<(String, usize)>, String> {
    const IDS: [&str; 14] = [
        "custom",
        "type",
        "import",
        "function",
        "table",
        "memory",
        "global",
        "export",
        "start",
        "element",
        "code",
        "data",
        "datacount",
        "tag",
    ];
    if bytes.get(..4) != Some(b"\0asm") {
        return Err("not a wasm module".into());
    }
    let (mut at, mut out) = (8, Vec::new());
    while at < bytes.len() {
        let id = bytes[at] as usize;
        let (size, len) = leb128(&bytes[at + 1..]).ok_or("truncated section header")?;
        let body = at + 1 + len;
        let name = match IDS.get(id) {
            Some(&"custom") => {
                let (n, l) = leb128(&bytes[body..]).ok_or("truncated custom section")?;
                let raw = bytes
                    .get(body + l..body + l + n)
                    .ok_or("truncated custom name")?;
                format!("custom:{}", String::from_utf8_lossy(raw))
            }
            Some(name) => name.to_string(),
            None => format!("unknown {id}"),
        };
        out.push((name, size));
        at = body + size;
    }
    Ok(out)
}

/// An unsigned LEB128 number and how many bytes it took.
fn leb128(bytes: &[u8]) -> Option<(usize, usize)> {
    let mut value = 0usize;
    for (i, b) in bytes.iter().take(5).enumerate() {
        value |= ((b & 0x7f) as usize) << (7 * i);
        if b & 0x80 == 0 {
            return Some((value, i + 1));
        }
    }
    None
}

/// twiggy's CSV row: a name (quoted when it holds a comma or a quote), then four figures
/// of which the first is the item's own size.
fn parse_csv_row(line: &str) -> Option<(String, u64)> {
    let mut fields = line.rsplitn(5, ',');
    let size = fields.nth(3)?.parse().ok()?;
    let name = fields.next()?;
    let name = match name.strip_prefix('"').and_then(|n| n.strip_suffix('"')) {
        Some(quoted) => quoted.replace("\"\"", "\""),
        None => name.to_string(),
    };
    Some((name, size))
}

/// A demangled name without its crates' disambiguators: `core[a377585fb64a80ef]::fmt` is `core::fmt`.
fn plain(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut rest = name;
    while let Some(open) = rest.find('[') {
        let close = rest[open..].find(']').map(|c| open + c);
        match close
            .filter(|&c| c > open + 1 && rest[open + 1..c].chars().all(|ch| ch.is_ascii_hexdigit()))
        {
            Some(c) => {
                out.push_str(&rest[..open]);
                rest = &rest[c + 1..];
            }
            None => {
                out.push_str(&rest[..=open]);
                rest = &rest[open + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The crate an item's name names first: `<alloc::vec::Vec<T> as Clone>::clone` is alloc's,
/// `<&mut T as core::fmt::Write>::write_str` core's; data segments, imports and unnamed
/// items (`code[12]`) are `(no crate)`.
pub fn crate_of(name: &str) -> &str {
    let Some(end) = name.find("::") else {
        return "(no crate)";
    };
    let start = name[..end]
        .rfind(|c: char| !(c.is_alphanumeric() || c == '_'))
        .map_or(0, |i| i + 1);
    if start == end {
        "(no crate)"
    } else {
        &name[start..end]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_are_listed_with_sizes_and_custom_names() {
        // Header, a 3-byte type section, a custom "name" section of 6 bytes (1 + "name" + 1).
        let module = [
            b"\0asm".as_slice(),
            &[1, 0, 0, 0],
            &[1, 3, 1, 0x60, 0],
            &[0, 6, 4],
            b"name",
            &[0],
        ]
        .concat();
        assert_eq!(
            sections(&module).unwrap(),
            [("type".to_string(), 3), ("custom:name".to_string(), 6)]
        );
        assert!(sections(b"nope").is_err());
        assert_eq!(leb128(&[0xe5, 0x8e, 0x26]), Some((624_485, 3)));
    }

    #[test]
    fn crates_come_from_the_first_path() {
        assert_eq!(crate_of("serde_json::de::from_str::h1234"), "serde_json");
        assert_eq!(
            crate_of("<alloc::vec::Vec<T> as core::clone::Clone>::clone"),
            "alloc"
        );
        assert_eq!(crate_of("data[3]"), "(no crate)");
        assert_eq!(crate_of("code[12]"), "(no crate)");
        assert_eq!(crate_of("<&mut T as core::fmt::Write>::write_str"), "core");
        let plain_name =
            plain("<offload[111f3a1ac489268a]::App as yew[5a]::Component>::view::<[u8; 4]>");
        assert_eq!(
            plain_name,
            "<offload::App as yew::Component>::view::<[u8; 4]>"
        );
        assert_eq!(crate_of(&plain_name), "offload");
        let row = parse_csv_row(r#""f<A, ""b"">",120,1.5,,"#);
        assert_eq!(row, Some((r#"f<A, "b">"#.to_string(), 120)));
        assert_eq!(
            parse_csv_row("offload::x,7,0.1,,"),
            Some(("offload::x".to_string(), 7))
        );
        assert!(
            metadata(r#""function names" subsection"#) && !metadata(r#"data segment ".rodata""#)
        );
    }
}
