//! No inline script in the built page, so that the Content-Security-Policy needs neither
//! `'unsafe-inline'` nor a hash (docs/deploy-and-embed.md, "Content-Security-Policy"). Trunk writes its
//! loader (and, under `trunk serve`, its autoreload client) inline into index.html; the
//! post_build hook moves each into a file beside it, named by its content's hash so that a
//! cached loader never points at an older build's files.

use std::path::Path;

/// The page's policy, as the headers send it (`www/_headers`, Trunk.toml); index.html's
/// meta tag holds the same minus `frame-ancestors`, which a meta tag cannot carry. The
/// tests below hold the three to this one.
#[cfg(test)]
const POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
    worker-src 'self' blob:; style-src 'self'; img-src 'self' data:; connect-src 'self'; \
    object-src 'none'; base-uri 'self'; form-action 'self'; \
    require-trusted-types-for 'script'; trusted-types offload-isolation offload-loader offload-workers offload-pool; \
    frame-ancestors *";

/// Rewrites `<staging>/index.html`: every inline script becomes a file and a `src`.
pub fn externalize_inline_scripts(staging: &Path) -> Result<(), String> {
    let index = staging.join("index.html");
    let html = std::fs::read_to_string(&index).map_err(|e| format!("{}: {e}", index.display()))?;
    let (html, files) = externalize(&html)?;
    for (name, body) in &files {
        std::fs::write(staging.join(name), body).map_err(|e| format!("{name}: {e}"))?;
    }
    std::fs::write(&index, html).map_err(|e| format!("{}: {e}", index.display()))
}

/// The page without inline scripts, and the files that now hold them (name, content).
fn externalize(html: &str) -> Result<(String, Vec<(String, String)>), String> {
    let mut out = String::with_capacity(html.len());
    let mut files = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        out.push_str(&rest[..start]);
        let tag_end = rest[start..]
            .find('>')
            .map(|i| start + i + 1)
            .ok_or("index.html: a <script tag is not closed")?;
        let close = rest[tag_end..]
            .find("</script>")
            .map(|i| tag_end + i)
            .ok_or("index.html: a <script> has no </script>")?;
        let open_tag = &rest[start..tag_end];
        let body = &rest[tag_end..close];
        if open_tag.contains(" src=") || body.trim().is_empty() {
            out.push_str(&rest[start..close]);
        } else {
            let body = fill_serve_placeholders(body);
            let name = format!("inline-script-{:016x}.js", fnv1a(body.as_bytes()));
            let attributes = open_tag.trim_start_matches("<script").trim_end_matches('>');
            out.push_str(&format!("<script{attributes} src=\"./{name}\">"));
            files.push((name, body));
        }
        out.push_str("</script>");
        rest = &rest[close + "</script>".len()..];
    }
    out.push_str(rest);
    Ok((out, files))
}

/// `trunk serve` fills these into its autoreload client as it serves the HTML; in a file
/// they would stay as they are, so they get what trunk would pick without a Host header
/// (the page's own host) and the socket's base for this site (served at the root).
/// The client's build-failure overlay sets its icon with `innerHTML`, which the policy's
/// Trusted Types refuse (a TypeError, and no overlay at all): the icon is left out.
fn fill_serve_placeholders(body: &str) -> String {
    let body = body
        .replace("'{{__TRUNK_ADDRESS__}}'", "window.location.host")
        .replace("'{{__TRUNK_WS_BASE__}}'", "'/'");
    match body.find("icon.innerHTML = '").and_then(|start| {
        let end = start + body[start..].find("';")? + "';".len();
        Some((start, end))
    }) {
        Some((start, end)) => format!("{}{}", &body[..start], &body[end..]),
        None => body,
    }
}

/// A stable 64-bit hash for file names (std's hasher may change between releases).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::process::root;

    #[test]
    fn moves_inline_scripts_to_files_and_keeps_the_others() {
        let html = "<head><script src=\"isolation.js\"></script>\n<script type=\"module\">\nimport init from './x.js';\n</script></head>\
            <body><script>const address = '{{__TRUNK_ADDRESS__}}'; const base = '{{__TRUNK_WS_BASE__}}';</script></body>";
        let (out, files) = externalize(html).unwrap();
        assert_eq!(files.len(), 2);
        assert!(out.contains("<script src=\"isolation.js\"></script>"));
        let (loader, body) = &files[0];
        assert_eq!(body, "\nimport init from './x.js';\n");
        assert!(out.contains(&format!(
            "<script type=\"module\" src=\"./{loader}\"></script>"
        )));
        assert!(files[1].1.contains("const address = window.location.host;"));
        assert!(files[1].1.contains("const base = '/';"));
        assert!(
            !out.contains("import init"),
            "no script text left inline: {out}"
        );
        // Idempotent: a page without inline scripts is left as it is.
        assert_eq!(externalize(&out).unwrap(), (out.clone(), vec![]));
    }

    #[test]
    fn leaves_out_the_overlay_icon_the_policy_would_refuse() {
        let client = "const icon = document.createElement('div');\n            \
            icon.innerHTML = '<svg viewBox=\"0 0 16 16\"><path d=\"M8 5z\"/></svg>';\n            \
            this._title.prepend(icon);";
        let (_, files) = externalize(&format!("<script>{client}</script>")).unwrap();
        assert!(!files[0].1.contains("innerHTML"), "{}", files[0].1);
        assert!(files[0].1.contains("this._title.prepend(icon);"));
    }

    #[test]
    fn refuses_a_script_it_cannot_read() {
        assert!(externalize("<script type=\"module\">never closed").is_err());
    }

    #[test]
    fn file_names_follow_the_content() {
        let (_, a) = externalize("<script>a()</script>").unwrap();
        let (_, b) = externalize("<script>b()</script>").unwrap();
        assert_ne!(a[0].0, b[0].0);
    }

    fn read(path: &str) -> String {
        std::fs::read_to_string(root().join(path)).unwrap()
    }

    #[test]
    fn headers_and_meta_tag_send_one_policy() {
        let headers = read("www/_headers");
        assert!(
            headers.contains(&format!("  Content-Security-Policy: {POLICY}\n")),
            "www/_headers"
        );
        let trunk = read("Trunk.toml");
        assert!(
            trunk.contains(&format!("Content-Security-Policy = \"{POLICY}\"")),
            "Trunk.toml"
        );
        let meta = POLICY.trim_end_matches("; frame-ancestors *");
        let index = read("index.html");
        assert!(
            index.contains(&format!(
                "<meta http-equiv=\"Content-Security-Policy\" content=\"{meta}\" />"
            )),
            "index.html"
        );
        let harness = read("tests/e2e/harness.mjs");
        assert!(harness.contains(&format!("\"{POLICY}\"")), "harness.mjs");
    }

    #[test]
    fn index_html_has_no_inline_script_or_style() {
        let index = read("index.html");
        assert!(
            !index.contains(" style="),
            "a style attribute in index.html"
        );
        assert!(!index.contains("<style"), "a <style> in index.html");
        let (_, files) = externalize(&index).unwrap();
        assert!(files.is_empty(), "an inline script in index.html");
    }
}
