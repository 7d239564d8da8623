//! The query string's own format, `application/x-www-form-urlencoded`, parsed and written
//! as the URL Standard (and so `URLSearchParams`) does it, in plain Rust: the page's only
//! reading of its address is then fuzzed natively (tests/fuzz), not trusted to the browser.
//! Pure logic: no browser types.

/// The pairs of `query` (with or without its leading `?`), decoded, in order, repeats kept.
/// Never fails: a `%` not followed by two hex digits stays a `%`, bytes that are not UTF-8
/// become U+FFFD, and a pair without `=` has an empty value.
pub fn parse(query: &str) -> Vec<(String, String)> {
    let query = query.strip_prefix('?').unwrap_or(query);
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(name), decode(value))
        })
        .collect()
}

/// `pairs` as a query string (without the `?`) that [`parse`] reads back unchanged.
pub fn serialize<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = String::new();
    for (name, value) in pairs {
        if !out.is_empty() {
            out.push('&');
        }
        encode_into(name, &mut out);
        out.push('=');
        encode_into(value, &mut out);
    }
    out
}

/// `+` is a space; `%` and two hex digits are a byte; then the bytes are read as UTF-8.
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        let byte = match bytes[at] {
            b'+' => b' ',
            b'%' => match (hex(bytes.get(at + 1)), hex(bytes.get(at + 2))) {
                (Some(high), Some(low)) => {
                    at += 2;
                    high << 4 | low
                }
                _ => b'%',
            },
            other => other,
        };
        out.push(byte);
        at += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(byte: Option<&u8>) -> Option<u8> {
    char::from(*byte?).to_digit(16).map(|digit| digit as u8)
}

/// Leaves ASCII letters, digits and `*-._` as they are, writes a space as `+`, and every
/// other byte of the UTF-8 as `%XX`: the URL Standard's urlencoded serializer.
fn encode_into(text: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &byte in text.as_bytes() {
        match byte {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => {
                out.push(char::from(byte))
            }
            b' ' => out.push('+'),
            _ => {
                out.push('%');
                out.push(char::from(HEX[usize::from(byte >> 4)]));
                out.push(char::from(HEX[usize::from(byte & 0xF)]));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(query: &str) -> Vec<(String, String)> {
        parse(query)
    }

    fn owned(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|&(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    /// What `new URLSearchParams(q)` gives in a browser, for the cases the standard spells out.
    #[test]
    fn reads_like_url_search_params() {
        assert_eq!(pairs(""), owned(&[]));
        assert_eq!(pairs("?"), owned(&[]));
        assert_eq!(
            pairs("?job=fib&n=30"),
            owned(&[("job", "fib"), ("n", "30")])
        );
        assert_eq!(
            pairs("&&a&=b&c=d=e&"),
            owned(&[("a", ""), ("", "b"), ("c", "d=e")])
        );
        assert_eq!(pairs("a=1&a=2"), owned(&[("a", "1"), ("a", "2")]));
        assert_eq!(pairs("a+b=c+%2B+d"), owned(&[("a b", "c + d")]));
        assert_eq!(pairs("x=%zz%4%41%"), owned(&[("x", "%zz%4A%")]));
        assert_eq!(pairs("x=%c3%A9%E2%82%AC"), owned(&[("x", "é€")]));
        assert_eq!(pairs("x=%FF%C3"), owned(&[("x", "\u{FFFD}\u{FFFD}")]));
        assert_eq!(
            pairs("??a=1"),
            owned(&[("?a", "1")]),
            "one `?` is the separator"
        );
    }

    /// What `URLSearchParams.toString()` writes.
    #[test]
    fn writes_like_url_search_params() {
        let query = serialize([("mode", "message-pool"), ("n", "4 2"), ("t", "<é&=+%>*_.~")]);
        assert_eq!(
            query,
            "mode=message-pool&n=4+2&t=%3C%C3%A9%26%3D%2B%25%3E*_.%7E"
        );
        assert_eq!(parse(&query)[2].1, "<é&=+%>*_.~");
        assert_eq!(serialize([]), "");
    }
}
