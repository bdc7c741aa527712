//! Text in markup: escaping scenario strings for XML and HTML (the SVG map, the HTML preview's
//! title) and for JSON embedded in an HTML `<script>` data block. Every string that comes from a
//! scenario passes through one of these before it reaches a page.

/// Text escaped for XML and HTML, in element content and in quoted attributes alike. Control
/// characters other than tab and newline (not allowed in XML 1.0) are dropped.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// JSON text made safe inside an HTML `<script type="application/json">` element: `<`, `>` and
/// `&` become `\u003c`, `\u003e` and `\u0026`, so no `</script>` or `<!--` can end or bend the
/// element, and U+2028 and U+2029 become escapes too. JSON allows these characters only inside
/// strings, where the escapes mean the same characters, so `JSON.parse` reads the same value.
pub fn json_in_script(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + json.len() / 64);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape("<img src=x onerror=alert(1)> & \"'"),
            "&lt;img src=x onerror=alert(1)&gt; &amp; &quot;&apos;"
        );
    }

    #[test]
    fn json_cannot_close_its_script() {
        let json = serde_json::to_string("</script><!-- a&b \u{2028}").unwrap();
        let safe = json_in_script(&json);
        assert_eq!(safe, r#""\u003c/script\u003e\u003c!-- a\u0026b \u2028""#);
        let back: String = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, "</script><!-- a&b \u{2028}");
    }
}
