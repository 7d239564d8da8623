//! Click to load (`?embed=1&load=click`): a post that embeds several demos must not fetch
//! several playgrounds. Trunk's page starts its module from `<link rel="preload">` and
//! `modulepreload` tags, which the browser's preload scanner fetches as soon as it reads
//! them, before any script could object. So the post_build hook (after `csp.rs`) moves
//! them and the page's module script into an inert `<template>`, followed by
//! `www/click-to-load.js`, which starts them at once, or only after a click with
//! `load=click`. The button's size is what the click fetches, gzip-compressed, measured here
//! and written into the script's `data-load-kb` (the page's module) and `data-engine-kb`
//! (the pool's engine, added when the pool is the mode and can start).

use std::path::Path;
use std::process::Command;

/// Rewrites `<staging>/index.html` as above.
pub fn defer_start(staging: &Path) -> Result<(), String> {
    let index = staging.join("index.html");
    let html = std::fs::read_to_string(&index).map_err(|e| format!("{}: {e}", index.display()))?;
    let (html, fetched) = defer(&html)?;
    let mut bytes = 0;
    for href in &fetched {
        bytes += gzip_size(&staging.join(href.trim_start_matches("./")))?;
    }
    // The pool's engine comes on top when the pool is the mode (engine.rs built it first).
    let mut engine = gzip_size(&staging.join("engine-worker.js"))?;
    for file in files_under(&staging.join("engine"))? {
        engine += gzip_size(&file)?;
    }
    // Kilobytes of 1000 bytes, as the and the bench's figures.
    let kb = |bytes: u64| (bytes as f64 / 1000.0).round().to_string();
    let html = html
        .replace(KB_PLACEHOLDER, &kb(bytes))
        .replace(ENGINE_KB_PLACEHOLDER, &kb(engine));
    std::fs::write(&index, html).map_err(|e| format!("{}: {e}", index.display()))
}

const KB_PLACEHOLDER: &str = "{load-kb}";
const ENGINE_KB_PLACEHOLDER: &str = "{engine-kb}";

/// Every file under `dir`, at any depth.
fn files_under(dir: &Path) -> Result<Vec<std::path::PathBuf>, String> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            files.extend(files_under(&path)?);
        } else {
            files.push(path);
        }
    }
    Ok(files)
}

/// The page with its preloads and module script in `<template id="offload-start">` where
/// the module script was, then the script that starts them; and the files they fetch.
fn defer(html: &str) -> Result<(String, Vec<String>), String> {
    if html.contains("<template id=\"offload-start\">") {
        return Err("index.html: its start is deferred already".into());
    }
    let mut out = html.to_string();
    let mut moved = String::new();
    let mut fetched = Vec::new();
    while let Some((start, end)) = find_tag(&out, |tag| {
        tag.starts_with("<link")
            && (tag.contains("rel=\"preload\"") || tag.contains("rel=\"modulepreload\""))
    }) {
        let tag = out[start..end].to_string();
        fetched.push(attribute(&tag, "href").ok_or("a preload link has no href")?);
        moved.push_str(&tag);
        out.replace_range(start..end, "");
    }
    let (start, tag_end) = find_tag(&out, |tag| {
        tag.starts_with("<script") && tag.contains("type=\"module\"")
    })
    .ok_or("index.html: no module script (the page's loader): was csp.rs run first?")?;
    let close = out[tag_end..]
        .find("</script>")
        .map(|i| tag_end + i + "</script>".len())
        .ok_or("index.html: the module script is not closed")?;
    let module = out[start..close].to_string();
    fetched.push(attribute(&module, "src").ok_or("the module script has no src: still inline?")?);
    let started = format!(
        "<template id=\"offload-start\">{moved}{module}</template>\
         <script src=\"./click-to-load.js\" data-load-kb=\"{KB_PLACEHOLDER}\" \
         data-engine-kb=\"{ENGINE_KB_PLACEHOLDER}\"></script>"
    );
    out.replace_range(start..close, &started);
    Ok((out, fetched))
}

/// The first tag (from `<` to its `>`) that `wanted` accepts, as a byte range.
fn find_tag(html: &str, wanted: impl Fn(&str) -> bool) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(i) = html[from..].find('<') {
        let start = from + i;
        let end = start + html[start..].find('>')? + 1;
        if wanted(&html[start..end]) {
            return Some((start, end));
        }
        from = end;
    }
    None
}

/// A double-quoted attribute's value.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let len = tag[start..].find('"')?;
    Some(tag[start..start + len].to_string())
}

/// The file's size after `gzip -9`, as a static host would serve it.
fn gzip_size(path: &Path) -> Result<u64, String> {
    let output = Command::new("gzip")
        .args(["-9", "-n", "-c"])
        .arg(path)
        .output()
        .map_err(|e| format!("cannot run gzip: {e}"))?;
    if !output.status.success() {
        return Err(format!("gzip {} failed", path.display()));
    }
    Ok(output.stdout.len() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What trunk writes (the loader already moved to a file by csp.rs), shortened.
    const TRUNK: &str = "<head><script src=\"isolation.js\"></script>\
        <script type=\"module\" src=\"./inline-script-1.js\"></script>\
        <link rel=\"stylesheet\" href=\"./style-2.css\" integrity=\"sha384-a\"/>\
        <link rel=\"modulepreload\" href=\"./offload-3.js\" crossorigin=\"anonymous\" integrity=\"sha384-b\">\
        <link rel=\"preload\" href=\"./offload-3_bg.wasm\" crossorigin=\"anonymous\" integrity=\"sha384-c\" as=\"fetch\" type=\"application/wasm\">\
        </head><body><p id=\"loading\">Loading</p></body>";

    #[test]
    fn preloads_and_module_go_into_the_template_before_the_starter() {
        let (out, fetched) = defer(TRUNK).unwrap();
        assert_eq!(
            fetched,
            [
                "./offload-3.js",
                "./offload-3_bg.wasm",
                "./inline-script-1.js"
            ]
        );
        let template = &out[out.find("<template").unwrap()..out.find("</template>").unwrap()];
        assert!(template.contains("rel=\"preload\" href=\"./offload-3_bg.wasm\""));
        assert!(template.contains("rel=\"modulepreload\" href=\"./offload-3.js\""));
        assert!(
            template.contains("<script type=\"module\" src=\"./inline-script-1.js\"></script>")
        );
        let outside = out.replace(template, "");
        assert!(
            !outside.contains("preload"),
            "a preload left outside: {outside}"
        );
        assert!(!outside.contains("type=\"module\""), "{outside}");
        assert!(
            outside.contains("<link rel=\"stylesheet\""),
            "the stylesheet stays"
        );
        assert!(
            out.contains(
                "</template><script src=\"./click-to-load.js\" data-load-kb=\"{load-kb}\" \
                 data-engine-kb=\"{engine-kb}\"></script>"
            ),
            "{out}"
        );
        assert!(
            out.find("isolation.js") < out.find("<template"),
            "isolation.js still first"
        );
    }

    #[test]
    fn a_page_without_its_module_or_done_already_is_refused() {
        assert!(defer("<head><link rel=\"preload\" href=\"./a.wasm\"></head>").is_err());
        assert!(defer(&defer(TRUNK).unwrap().0).is_err());
    }
}
