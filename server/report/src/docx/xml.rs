//! A small XML writer: elements, attributes and text, escaped, into one string. Enough for the
//! parts of a Word package, which need no namespaces beyond prefixed names and no streaming.

/// XML being written. Elements are closed in the order they were opened by the caller; the
/// writer checks nothing beyond escaping, so the caller's code mirrors the document's shape.
#[derive(Default)]
pub(crate) struct Xml {
    out: String,
}

impl Xml {
    /// A document with the XML declaration Word writes.
    pub fn document() -> Xml {
        Xml {
            out: String::from("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"),
        }
    }

    /// `<name a="v"…>`.
    pub fn open(&mut self, name: &str, attrs: &[(&str, &str)]) -> &mut Xml {
        self.start(name, attrs);
        self.out.push('>');
        self
    }

    /// `<name a="v"…/>`.
    pub fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) -> &mut Xml {
        self.start(name, attrs);
        self.out.push_str("/>");
        self
    }

    /// `</name>`.
    pub fn close(&mut self, name: &str) -> &mut Xml {
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push('>');
        self
    }

    /// Character data, escaped.
    pub fn text(&mut self, text: &str) -> &mut Xml {
        escape_into(&mut self.out, text, false);
        self
    }

    /// `<name>text</name>`.
    pub fn element(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) -> &mut Xml {
        self.open(name, attrs).text(text).close(name)
    }

    pub fn finish(self) -> String {
        self.out
    }

    fn start(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.out.push('<');
        self.out.push_str(name);
        for (key, value) in attrs {
            self.out.push(' ');
            self.out.push_str(key);
            self.out.push_str("=\"");
            escape_into(&mut self.out, value, true);
            self.out.push('"');
        }
    }
}

/// Escapes the five markup characters (quotes only in attributes) and drops what XML 1.0 cannot
/// hold at all (control characters other than tab, line feed and carriage return, and the
/// non-characters U+FFFE and U+FFFF), which a note pasted from another program may contain.
fn escape_into(out: &mut String, text: &str, attribute: bool) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\t' | '\n' | '\r' if attribute => {
                out.push_str(&format!("&#{};", u32::from(c)));
            }
            '\t' | '\n' | '\r' => out.push(c),
            c if u32::from(c) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_are_escaped_and_control_characters_dropped() {
        let mut x = Xml::default();
        x.open("a", &[("v", "\"<1 & 2>\"\n")])
            .text("x < y & z > \u{1}w\t\"q\"")
            .close("a");
        assert_eq!(
            x.finish(),
            "<a v=\"&quot;&lt;1 &amp; 2&gt;&quot;&#10;\">x &lt; y &amp; z &gt; w\t\"q\"</a>"
        );
    }
}
