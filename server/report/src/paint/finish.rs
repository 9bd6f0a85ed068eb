//! What printpdf leaves to do, on the lopdf document it produces: the nested outline, the
//! document language, viewer preferences and the file identifier, glyph strings rewritten as
//! literal strings, and every stream compressed at a level chosen for speed.

use crate::error::ReportError;
use crate::layout::Laid;

use super::Meta;

/// Rewrites the strings of the page contents as literal strings.
///
/// printpdf writes every string of glyph codes in hexadecimal (`<4E2D6587>`), two characters
/// per byte; as literal strings, escaped where PDF requires it, the content streams of a full
/// report are 7 % smaller after compression. Nothing else in the streams changes.
pub(super) fn literal_strings(pdf: &mut lopdf::Document) {
    let contents: Vec<lopdf::ObjectId> = pdf
        .get_pages()
        .into_values()
        .flat_map(|page| pdf.get_page_contents(page))
        .collect();
    for id in contents {
        let Ok(lopdf::Object::Stream(stream)) = pdf.get_object_mut(id) else {
            continue;
        };
        if stream.dict.get(b"Filter").is_ok() {
            continue;
        }
        if let Some(bytes) = hex_to_literal(&stream.content) {
            stream.set_content(bytes);
        }
    }
}

/// A content stream with its hexadecimal strings written as literal strings; literal strings,
/// dictionaries and everything else are copied as they are. `None` when a string is not
/// closed (the stream is then left alone).
fn hex_to_literal(content: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(content.len());
    let mut i = 0;
    while let Some(&byte) = content.get(i) {
        match byte {
            b'(' => {
                let start = i;
                let mut depth = 0usize;
                loop {
                    let b = *content.get(i)?;
                    i += 1;
                    match b {
                        b'\\' => i += 1,
                        b'(' => depth += 1,
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                out.extend_from_slice(content.get(start..i)?);
            }
            b'<' if content.get(i + 1) == Some(&b'<') => {
                out.extend_from_slice(b"<<");
                i += 2;
            }
            b'<' => {
                let end = i + content.get(i..)?.iter().position(|&b| b == b'>')?;
                let digits: Vec<u8> = content
                    .get(i + 1..end)?
                    .iter()
                    .filter(|b| !b.is_ascii_whitespace())
                    .map(|&b| (b as char).to_digit(16).map(|d| d as u8))
                    .collect::<Option<_>>()?;
                out.push(b'(');
                // A missing final digit is 0 (ISO 32000-1, 7.3.4.3).
                for pair in digits.chunks(2) {
                    let value = pair[0] << 4 | pair.get(1).copied().unwrap_or(0);
                    match value {
                        b'(' | b')' | b'\\' => out.extend([b'\\', value]),
                        b'\r' => out.extend_from_slice(b"\\r"),
                        _ => out.push(value),
                    }
                }
                out.push(b')');
                i = end + 1;
            }
            _ => {
                out.push(byte);
                i += 1;
            }
        }
    }
    Some(out)
}

/// Deflates every stream not yet compressed. lopdf's own `compress` uses the best (slowest)
/// level, which took a quarter of the render time for under two per cent of the size; the
/// default level is the better trade for a report generated on request.
pub(super) fn compress(pdf: &mut lopdf::Document) {
    use std::io::Write;

    for object in pdf.objects.values_mut() {
        let lopdf::Object::Stream(stream) = object else {
            continue;
        };
        if stream.dict.get(b"Filter").is_ok() || stream.content.is_empty() {
            continue;
        }
        let mut encoder =
            flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(LEVEL));
        if encoder.write_all(&stream.content).is_err() {
            continue;
        }
        if let Ok(compressed) = encoder.finish()
            && compressed.len() < stream.content.len()
        {
            stream
                .dict
                .set("Filter", lopdf::Object::Name(b"FlateDecode".to_vec()));
            stream.set_content(compressed);
        }
    }
}

pub(super) const LEVEL: u32 = 6;

/// Outline, language, viewer preferences and file identifier, written into the lopdf document.
pub(super) fn finish(
    pdf: &mut lopdf::Document,
    laid: &Laid,
    meta: &Meta,
) -> Result<(), ReportError> {
    use lopdf::{Dictionary, Object, StringFormat};

    let page_ids: Vec<lopdf::ObjectId> = pdf.get_pages().into_values().collect();
    let catalog_id = pdf
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|e| ReportError::Pdf(format!("the document has no catalog: {e}")))?;

    let outline = build_outline(pdf, laid, &page_ids);

    let catalog = pdf
        .get_object_mut(catalog_id)
        .and_then(Object::as_dict_mut)
        .map_err(|e| ReportError::Pdf(format!("the catalog is not a dictionary: {e}")))?;
    catalog.set("Lang", Object::string_literal(meta.lang));
    catalog.set(
        "ViewerPreferences",
        Dictionary::from_iter(vec![("DisplayDocTitle", Object::Boolean(true))]),
    );
    if let Some(outline) = outline {
        catalog.set("Outlines", Object::Reference(outline));
        catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    }

    // Not a PDF/X file: drop the empty conformance entry printpdf always writes.
    if let Ok(info_id) = pdf.trailer.get(b"Info").and_then(Object::as_reference)
        && let Ok(info) = pdf.get_object_mut(info_id).and_then(Object::as_dict_mut)
    {
        info.remove(b"GTS_PDFXVersion");
    }

    let id = Object::String(meta.file_id.to_vec(), StringFormat::Hexadecimal);
    pdf.trailer.set("ID", Object::Array(vec![id.clone(), id]));
    Ok(())
}

/// Level 1 headings at the top of the outline, level 2 under the level 1 before them; level 1
/// entries start closed so that the panel stays short.
fn build_outline(
    pdf: &mut lopdf::Document,
    laid: &Laid,
    page_ids: &[lopdf::ObjectId],
) -> Option<lopdf::ObjectId> {
    use lopdf::{Dictionary, Object};

    struct Node {
        id: lopdf::ObjectId,
        heading: usize,
        children: Vec<(lopdf::ObjectId, usize)>,
    }

    let mut top: Vec<Node> = Vec::new();
    for (i, h) in laid.headings.iter().enumerate() {
        match h.level {
            1 => top.push(Node {
                id: pdf.new_object_id(),
                heading: i,
                children: Vec::new(),
            }),
            2 => {
                if let Some(parent) = top.last_mut() {
                    parent.children.push((pdf.new_object_id(), i));
                }
            }
            _ => {}
        }
    }
    if top.is_empty() {
        return None;
    }
    let root = pdf.new_object_id();
    let height = laid.geometry.height;
    let entry =
        |parent, heading: usize, prev: Option<lopdf::ObjectId>, next: Option<lopdf::ObjectId>| {
            let h = &laid.headings[heading];
            let mut d = Dictionary::new();
            d.set("Title", utf16_string(&h.text));
            d.set("Parent", Object::Reference(parent));
            if let Some(page) = page_ids.get(h.page) {
                d.set(
                    "Dest",
                    Object::Array(vec![
                        Object::Reference(*page),
                        Object::Name(b"XYZ".to_vec()),
                        Object::Null,
                        Object::Real(height - h.y + 8.0),
                        Object::Null,
                    ]),
                );
            }
            if let Some(prev) = prev {
                d.set("Prev", Object::Reference(prev));
            }
            if let Some(next) = next {
                d.set("Next", Object::Reference(next));
            }
            d
        };
    for (k, node) in top.iter().enumerate() {
        let prev = k.checked_sub(1).map(|p| top[p].id);
        let next = top.get(k + 1).map(|n| n.id);
        let mut d = entry(root, node.heading, prev, next);
        if let (Some(first), Some(last)) = (node.children.first(), node.children.last()) {
            d.set("First", Object::Reference(first.0));
            d.set("Last", Object::Reference(last.0));
            d.set("Count", Object::Integer(-(node.children.len() as i64)));
        }
        for (c, (child_id, heading)) in node.children.iter().enumerate() {
            let prev = c.checked_sub(1).map(|p| node.children[p].0);
            let next = node.children.get(c + 1).map(|n| n.0);
            pdf.objects.insert(
                *child_id,
                Object::Dictionary(entry(node.id, *heading, prev, next)),
            );
        }
        pdf.objects.insert(node.id, Object::Dictionary(d));
    }
    let mut outlines = Dictionary::new();
    outlines.set("Type", Object::Name(b"Outlines".to_vec()));
    outlines.set("First", Object::Reference(top[0].id));
    outlines.set("Last", Object::Reference(top[top.len() - 1].id));
    outlines.set("Count", Object::Integer(top.len() as i64));
    pdf.objects.insert(root, Object::Dictionary(outlines));
    Some(root)
}

/// A PDF text string in UTF-16BE with its byte order mark, as outline titles need for Chinese.
fn utf16_string(text: &str) -> lopdf::Object {
    let mut bytes = vec![0xfe, 0xff];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    lopdf::Object::String(bytes, lopdf::StringFormat::Hexadecimal)
}

#[cfg(test)]
mod tests {
    use super::hex_to_literal;
    use lopdf::content::Content;
    use lopdf::{Object, StringFormat};

    /// The operations of a content stream, with every string's format set aside.
    fn operations(content: &[u8]) -> Vec<(String, Vec<Object>)> {
        fn plain(object: &Object) -> Object {
            match object {
                Object::String(bytes, _) => Object::String(bytes.clone(), StringFormat::Literal),
                Object::Array(items) => Object::Array(items.iter().map(plain).collect()),
                other => other.clone(),
            }
        }
        Content::decode(content)
            .expect("decodes")
            .operations
            .iter()
            .map(|op| (op.operator.clone(), op.operands.iter().map(plain).collect()))
            .collect()
    }

    #[test]
    fn hexadecimal_strings_become_literal_strings_with_the_same_bytes() {
        // Glyph codes that are a backslash, parentheses, a carriage return and a line feed;
        // an odd number of digits; spaces between digits; a literal string with nested and
        // escaped parentheses; a dictionary operand; an array of strings and numbers.
        let content: &[u8] = b"BT\n/F1 9 Tf\n<4E2D5C28290D0A00> Tj\n<4E2 D 5> Tj\n\
            (a (b) \\) c) Tj\n/Span <</MCID 3>> BDC\n[<0012> -250 <0029>] TJ\nEMC\nET\n";
        let out = hex_to_literal(content).expect("converts");
        let text = String::from_utf8_lossy(&out);
        assert!(!text.contains("<4E") && !text.contains("<00"), "{text}");
        assert!(text.contains("<</MCID 3>>"), "{text}");
        assert!(out.windows(6).any(|w| w == b"\\(\\)\\r"), "{text}");
        assert_eq!(operations(&out), operations(content));
        assert!(out.len() < content.len());
    }

    #[test]
    fn a_stream_with_an_unclosed_string_is_left_alone() {
        assert_eq!(hex_to_literal(b"BT <4E2D Tj ET"), None);
        assert_eq!(hex_to_literal(b"BT (open Tj ET"), None);
        assert_eq!(hex_to_literal(b"BT <4X> Tj ET"), None);
    }
}
