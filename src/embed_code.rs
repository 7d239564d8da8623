//! The code a blog pastes to embed a set-up: an iframe, and the host page's script that
//! sizes it from the frame's height messages. Pure: tested natively.

/// The host page's script (www/embed-host.js, also in the README): it must follow the
/// iframe, which it finds as its previous sibling.
pub const HOST_SCRIPT: &str = include_str!("../www/embed-host.js");

/// Escapes text for an HTML attribute (or text): the snippet becomes markup on the blog.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The iframe for `src` (this page's absolute URL with `embed=1`) and the script.
/// `cross-origin-isolated` lets a frame be isolated where the blog page itself is.
pub fn snippet(src: &str, title: &str) -> String {
    format!(
        "<iframe src=\"{}\" width=\"100%\" height=\"520\" style=\"border:0\" loading=\"lazy\" \
         title=\"{}\" allow=\"cross-origin-isolated\"></iframe>\n<script>\n{}</script>\n",
        escape(src),
        escape(title),
        HOST_SCRIPT
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_snippet_escapes_what_it_quotes() {
        let code = snippet("https://x.test/?embed=1&n=\"><b>", "Offload: fib <i>");
        assert!(
            code.starts_with("<iframe src=\"https://x.test/?embed=1&amp;n=&quot;&gt;&lt;b&gt;\"")
        );
        assert!(code.contains("title=\"Offload: fib &lt;i&gt;\""));
        assert!(code.contains("allow=\"cross-origin-isolated\""));
        assert!(code.contains("offload:height") && code.ends_with("</script>\n"));
    }
}
