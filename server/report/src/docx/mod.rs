//! The readiness report as an editable Word document (`.docx`, Office Open XML).
//!
//! [`docx`] takes the same snapshot and options as the PDF's `render` and prints the same
//! content: the layout blocks of `crate::content`, scored by the same code, with the same running
//! header (the "草稿 / DRAFT" marking unless approved) and footer (report id, page X of Y as Word
//! fields). Only the last step differs: `body` writes the blocks as WordprocessingML instead of
//! laying them out on pages, and Word paginates. No font check: Word draws with the fonts of the
//! machine that opens the file, and the styles name a Simplified Chinese face for East Asian text
//! (`w:eastAsia`), with a common substitute.
//!
//! The package is written with the `zip` crate (deflate only) and our own small XML writer
//! (`xml`). Every part is written in a fixed order with the report's generation time as its
//! timestamp and fixed permissions, so the same input gives the same bytes.

mod body;
mod xml;

use std::io::{Cursor, Write};

use questionnaires::Lang;
use zip::write::SimpleFileOptions;

use crate::input::ReportInput;
use crate::layout::Color;
use crate::{RenderOptions, ReportError, civil, content};

use xml::Xml;

/// The face named for East Asian text, the report's own, and what Word falls back to on a
/// machine without it.
const EAST_ASIAN_FONT: &str = "Noto Sans CJK SC";
const EAST_ASIAN_FALLBACK: &str = "Microsoft YaHei";
/// The face for Latin text: present on every machine that runs Word.
const LATIN_FONT: &str = "Arial";

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PACKAGE_RELS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const OFFICE_RELS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// Renders the report of `input` as the bytes of a `.docx` file.
pub fn docx(input: &ReportInput, options: &RenderOptions) -> Result<Vec<u8>, ReportError> {
    let prepared = crate::prepare(input, options)?;
    let lang = options.lang;
    let chrome = crate::chrome(input, lang, &prepared.report_id);

    let mut document = Xml::document();
    document.open("w:document", &[("xmlns:w", W), ("xmlns:r", R)]);
    document.open("w:body", &[]);
    body::blocks(&mut document, &prepared.blocks);
    section(&mut document);
    document.close("w:body").close("w:document");

    let parts: Vec<(&str, String)> = vec![
        ("[Content_Types].xml", content_types()),
        ("_rels/.rels", package_rels()),
        ("docProps/core.xml", core(input, options, &prepared)),
        ("docProps/app.xml", app()),
        ("word/_rels/document.xml.rels", document_rels()),
        ("word/document.xml", document.finish()),
        ("word/styles.xml", styles(lang)),
        ("word/settings.xml", settings(lang)),
        ("word/fontTable.xml", font_table()),
        (
            "word/header1.xml",
            header(&chrome.header_left, chrome.header_right.as_ref()),
        ),
        ("word/footer1.xml", footer(&chrome)),
        ("word/header2.xml", blank("w:hdr")),
        ("word/footer2.xml", blank("w:ftr")),
    ];
    package(&parts, options.generated_at)
}

/// The parts as a zip file, in the given order, all with the same timestamp.
fn package(parts: &[(&str, String)], generated_at: i64) -> Result<Vec<u8>, ReportError> {
    let fail = |e: zip::result::ZipError| ReportError::Docx(e.to_string());
    let t = civil(generated_at);
    // A zip timestamp holds years 1980–2107 only; a time outside them is pinned to the nearest end.
    let stamp = if t.year < 1980 {
        zip::DateTime::default()
    } else {
        let year = u16::try_from(t.year.min(2107)).unwrap_or(2107);
        let narrow = |v: i64| u8::try_from(v).unwrap_or(0);
        zip::DateTime::from_date_and_time(
            year,
            narrow(t.month),
            narrow(t.day),
            narrow(t.hour),
            narrow(t.minute),
            narrow(t.second),
        )
        .unwrap_or_default()
    };
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(6))
        .last_modified_time(stamp)
        .unix_permissions(0o644);
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, xml) in parts {
        zip.start_file(*name, options).map_err(fail)?;
        zip.write_all(xml.as_bytes())
            .map_err(|e| ReportError::Docx(format!("{name}: {e}")))?;
    }
    Ok(zip.finish().map_err(fail)?.into_inner())
}

fn content_types() -> String {
    let mut x = Xml::document();
    x.open(
        "Types",
        &[(
            "xmlns",
            "http://schemas.openxmlformats.org/package/2006/content-types",
        )],
    );
    x.empty(
        "Default",
        &[
            ("Extension", "rels"),
            (
                "ContentType",
                "application/vnd.openxmlformats-package.relationships+xml",
            ),
        ],
    );
    x.empty(
        "Default",
        &[("Extension", "xml"), ("ContentType", "application/xml")],
    );
    let ml = "application/vnd.openxmlformats-officedocument.wordprocessingml";
    for (part, kind) in [
        ("/word/document.xml", format!("{ml}.document.main+xml")),
        ("/word/styles.xml", format!("{ml}.styles+xml")),
        ("/word/settings.xml", format!("{ml}.settings+xml")),
        ("/word/fontTable.xml", format!("{ml}.fontTable+xml")),
        ("/word/header1.xml", format!("{ml}.header+xml")),
        ("/word/header2.xml", format!("{ml}.header+xml")),
        ("/word/footer1.xml", format!("{ml}.footer+xml")),
        ("/word/footer2.xml", format!("{ml}.footer+xml")),
        (
            "/docProps/core.xml",
            "application/vnd.openxmlformats-package.core-properties+xml".to_owned(),
        ),
        (
            "/docProps/app.xml",
            "application/vnd.openxmlformats-officedocument.extended-properties+xml".to_owned(),
        ),
    ] {
        x.empty("Override", &[("PartName", part), ("ContentType", &kind)]);
    }
    x.close("Types");
    x.finish()
}

fn relationships(rels: &[(&str, &str, &str)]) -> String {
    let mut x = Xml::document();
    x.open("Relationships", &[("xmlns", PACKAGE_RELS)]);
    for (id, kind, target) in rels {
        x.empty(
            "Relationship",
            &[("Id", id), ("Type", kind), ("Target", target)],
        );
    }
    x.close("Relationships");
    x.finish()
}

fn package_rels() -> String {
    relationships(&[
        (
            "rId1",
            &format!("{OFFICE_RELS}/officeDocument"),
            "word/document.xml",
        ),
        (
            "rId2",
            "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
            "docProps/core.xml",
        ),
        (
            "rId3",
            &format!("{OFFICE_RELS}/extended-properties"),
            "docProps/app.xml",
        ),
    ])
}

fn document_rels() -> String {
    let kind = |k: &str| format!("{OFFICE_RELS}/{k}");
    relationships(&[
        ("rId1", &kind("styles"), "styles.xml"),
        ("rId2", &kind("settings"), "settings.xml"),
        ("rId3", &kind("fontTable"), "fontTable.xml"),
        ("rId4", &kind("header"), "header1.xml"),
        ("rId5", &kind("footer"), "footer1.xml"),
        ("rId6", &kind("header"), "header2.xml"),
        ("rId7", &kind("footer"), "footer2.xml"),
    ])
}

/// The document's properties, as the PDF's metadata: title, organization, identifier, language
/// and the generation time (never the time of the export).
fn core(input: &ReportInput, options: &RenderOptions, prepared: &crate::Prepared) -> String {
    let lang = options.lang;
    let t = civil(options.generated_at);
    let when = format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year, t.month, t.day, t.hour, t.minute, t.second
    );
    let title = format!(
        "{} · {} · {}",
        content::title(lang),
        input.organization.name,
        input.cycle
    );
    let mut x = Xml::document();
    x.open(
        "cp:coreProperties",
        &[
            (
                "xmlns:cp",
                "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
            ),
            ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
            ("xmlns:dcterms", "http://purl.org/dc/terms/"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        ],
    );
    x.element("dc:title", &[], &title);
    x.element(
        "dc:subject",
        &[],
        &format!(
            "{} {}",
            input.questionnaire.title.get(lang),
            input.questionnaire.version
        ),
    );
    x.element("dc:creator", &[], &input.organization.name);
    x.element(
        "cp:keywords",
        &[],
        &format!("{} sha256:{}", input.cycle, prepared.digest),
    );
    x.element("dc:identifier", &[], &prepared.report_id);
    x.element("dc:language", &[], lang.tag());
    for name in ["dcterms:created", "dcterms:modified"] {
        x.element(name, &[("xsi:type", "dcterms:W3CDTF")], &when);
    }
    x.close("cp:coreProperties");
    x.finish()
}

fn app() -> String {
    let mut x = Xml::document();
    x.open(
        "Properties",
        &[(
            "xmlns",
            "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
        )],
    );
    x.element("Application", &[], "Ziping");
    x.close("Properties");
    x.finish()
}

/// A4 portrait with the PDF's margins; the cover page has no header or footer, as in the PDF.
fn section(x: &mut Xml) {
    x.open("w:sectPr", &[]);
    for (kind, part, id) in [
        ("w:headerReference", "default", "rId4"),
        ("w:footerReference", "default", "rId5"),
        ("w:headerReference", "first", "rId6"),
        ("w:footerReference", "first", "rId7"),
    ] {
        x.empty(kind, &[("w:type", part), ("r:id", id)]);
    }
    x.empty("w:pgSz", &[("w:w", "11906"), ("w:h", "16838")]);
    x.empty(
        "w:pgMar",
        &[
            ("w:top", "1361"),
            ("w:right", "1134"),
            ("w:bottom", "1247"),
            ("w:left", "1134"),
            ("w:header", "567"),
            ("w:footer", "567"),
            ("w:gutter", "0"),
        ],
    );
    x.empty("w:titlePg", &[]);
    x.close("w:sectPr");
}

/// Run properties naming the fonts, for the document defaults.
fn fonts(x: &mut Xml) {
    x.empty(
        "w:rFonts",
        &[
            ("w:ascii", LATIN_FONT),
            ("w:hAnsi", LATIN_FONT),
            ("w:eastAsia", EAST_ASIAN_FONT),
            ("w:cs", LATIN_FONT),
        ],
    );
}

fn styles(lang: Lang) -> String {
    let hex = body::hex;
    let mut x = Xml::document();
    x.open("w:styles", &[("xmlns:w", W)]);
    x.open("w:docDefaults", &[]).open("w:rPrDefault", &[]);
    x.open("w:rPr", &[]);
    fonts(&mut x);
    x.empty("w:color", &[("w:val", &hex(Color::TEXT))]);
    x.empty("w:sz", &[("w:val", "19")])
        .empty("w:szCs", &[("w:val", "19")]);
    x.empty(
        "w:lang",
        &[
            ("w:val", if lang == Lang::Zh { "zh-CN" } else { "en-US" }),
            ("w:eastAsia", "zh-CN"),
            ("w:bidi", "ar-SA"),
        ],
    );
    x.close("w:rPr").close("w:rPrDefault");
    x.open("w:pPrDefault", &[]).open("w:pPr", &[]);
    // The PDF's leading, 1.55 lines.
    x.empty(
        "w:spacing",
        &[
            ("w:after", "120"),
            ("w:line", "372"),
            ("w:lineRule", "auto"),
        ],
    );
    x.close("w:pPr")
        .close("w:pPrDefault")
        .close("w:docDefaults");

    paragraph_style(&mut x, "Normal", "Normal", None, true, |_| {});
    for (level, size, before) in [(1u8, "32", "0"), (2, "25", "240"), (3, "21", "180")] {
        let id = format!("Heading{level}");
        let name = format!("heading {level}");
        paragraph_style(&mut x, &id, &name, Some("Normal"), true, |x| {
            x.open("w:pPr", &[]);
            x.empty("w:keepNext", &[]).empty("w:keepLines", &[]);
            x.empty(
                "w:spacing",
                &[
                    ("w:before", before),
                    ("w:after", "120"),
                    ("w:line", "300"),
                    ("w:lineRule", "auto"),
                ],
            );
            x.empty("w:outlineLvl", &[("w:val", &(level - 1).to_string())]);
            x.close("w:pPr");
            x.open("w:rPr", &[]);
            x.empty("w:b", &[]).empty("w:bCs", &[]);
            x.empty("w:color", &[("w:val", &hex(Color::ACCENT))]);
            x.empty("w:sz", &[("w:val", size)])
                .empty("w:szCs", &[("w:val", size)]);
            x.close("w:rPr");
        });
    }
    paragraph_style(
        &mut x,
        "TOCHeading",
        "TOC Heading",
        Some("Heading1"),
        true,
        |x| {
            x.open("w:pPr", &[]);
            x.empty("w:outlineLvl", &[("w:val", "9")]);
            x.close("w:pPr");
        },
    );
    for (level, indent) in [(1u8, "0"), (2, "420"), (3, "840")] {
        let id = format!("TOC{level}");
        let name = format!("toc {level}");
        paragraph_style(&mut x, &id, &name, Some("Normal"), false, |x| {
            x.open("w:pPr", &[]);
            x.open("w:tabs", &[]);
            x.empty(
                "w:tab",
                &[
                    ("w:val", "right"),
                    ("w:leader", "dot"),
                    ("w:pos", &body::TEXT_WIDTH.to_string()),
                ],
            );
            x.close("w:tabs");
            x.empty("w:spacing", &[("w:after", "60")]);
            x.empty("w:ind", &[("w:left", indent)]);
            x.close("w:pPr");
        });
    }
    for (id, name) in [("Header", "header"), ("Footer", "footer")] {
        paragraph_style(&mut x, id, name, Some("Normal"), false, |x| {
            x.open("w:pPr", &[]);
            x.open("w:tabs", &[]);
            x.empty(
                "w:tab",
                &[("w:val", "right"), ("w:pos", &body::TEXT_WIDTH.to_string())],
            );
            x.close("w:tabs");
            x.empty("w:spacing", &[("w:after", "0")]);
            x.close("w:pPr");
            x.open("w:rPr", &[]);
            x.empty("w:color", &[("w:val", &hex(Color::MUTED))]);
            x.empty("w:sz", &[("w:val", "15")])
                .empty("w:szCs", &[("w:val", "15")]);
            x.close("w:rPr");
        });
    }
    table_style(&mut x);
    x.close("w:styles");
    x.finish()
}

fn paragraph_style(
    x: &mut Xml,
    id: &str,
    name: &str,
    based_on: Option<&str>,
    quick: bool,
    properties: impl FnOnce(&mut Xml),
) {
    let mut attrs = vec![("w:type", "paragraph"), ("w:styleId", id)];
    if id == "Normal" {
        attrs.push(("w:default", "1"));
    }
    x.open("w:style", &attrs);
    x.empty("w:name", &[("w:val", name)]);
    if let Some(base) = based_on {
        x.empty("w:basedOn", &[("w:val", base)]);
        x.empty("w:next", &[("w:val", "Normal")]);
    }
    if quick {
        x.empty("w:qFormat", &[]);
    }
    properties(x);
    x.close("w:style");
}

/// The tables' look: rules between rows, a ruled header, cell padding as in the PDF.
fn table_style(x: &mut Xml) {
    let hex = body::hex;
    x.open(
        "w:style",
        &[("w:type", "table"), ("w:styleId", "ReportTable")],
    );
    x.empty("w:name", &[("w:val", "Ziping Report Table")]);
    x.open("w:pPr", &[]);
    x.empty(
        "w:spacing",
        &[("w:after", "0"), ("w:line", "276"), ("w:lineRule", "auto")],
    );
    x.close("w:pPr");
    x.open("w:tblPr", &[]).open("w:tblBorders", &[]);
    let rule = hex(Color::RULE);
    let accent = hex(Color::ACCENT);
    for (side, color, size) in [
        ("w:top", &accent, "8"),
        ("w:bottom", &accent, "8"),
        ("w:insideH", &rule, "4"),
    ] {
        x.empty(
            side,
            &[
                ("w:val", "single"),
                ("w:sz", size),
                ("w:space", "0"),
                ("w:color", color),
            ],
        );
    }
    x.close("w:tblBorders");
    x.open("w:tblCellMar", &[]);
    for (side, w) in [
        ("w:top", "64"),
        ("w:left", "80"),
        ("w:bottom", "64"),
        ("w:right", "80"),
    ] {
        x.empty(side, &[("w:w", w), ("w:type", "dxa")]);
    }
    x.close("w:tblCellMar").close("w:tblPr");
    x.close("w:style");
}

fn settings(lang: Lang) -> String {
    let mut x = Xml::document();
    x.open("w:settings", &[("xmlns:w", W)]);
    // The contents' page numbers are Word's to compute: it refreshes the TOC field on opening.
    x.empty("w:updateFields", &[("w:val", "true")]);
    x.empty("w:defaultTabStop", &[("w:val", "420")]);
    x.empty(
        "w:characterSpacingControl",
        &[("w:val", "compressPunctuation")],
    );
    x.open("w:compat", &[]);
    x.empty(
        "w:compatSetting",
        &[
            ("w:name", "compatibilityMode"),
            ("w:uri", "http://schemas.microsoft.com/office/word"),
            ("w:val", "15"),
        ],
    );
    x.close("w:compat");
    x.empty(
        "w:themeFontLang",
        &[
            ("w:val", if lang == Lang::Zh { "zh-CN" } else { "en-US" }),
            ("w:eastAsia", "zh-CN"),
        ],
    );
    x.close("w:settings");
    x.finish()
}

fn font_table() -> String {
    let mut x = Xml::document();
    x.open("w:fonts", &[("xmlns:w", W)]);
    // GB 2312 character set (0x86) and a sans-serif family, so that Word substitutes a Chinese
    // sans face where the named one is missing.
    for (name, alt, charset) in [
        (EAST_ASIAN_FONT, Some(EAST_ASIAN_FALLBACK), "86"),
        (LATIN_FONT, None, "00"),
    ] {
        x.open("w:font", &[("w:name", name)]);
        if let Some(alt) = alt {
            x.empty("w:altName", &[("w:val", alt)]);
        }
        x.empty("w:charset", &[("w:val", charset)]);
        x.empty("w:family", &[("w:val", "swiss")]);
        x.empty("w:pitch", &[("w:val", "variable")]);
        x.close("w:font");
    }
    x.close("w:fonts");
    x.finish()
}

/// The running header: organization · title · cycle on the left, the draft marking on the right.
fn header(left: &str, right: Option<&(String, Color)>) -> String {
    let mut x = Xml::document();
    x.open("w:hdr", &[("xmlns:w", W), ("xmlns:r", R)]);
    x.open("w:p", &[]).open("w:pPr", &[]);
    x.empty("w:pStyle", &[("w:val", "Header")]);
    x.open("w:pBdr", &[]);
    x.empty(
        "w:bottom",
        &[
            ("w:val", "single"),
            ("w:sz", "4"),
            ("w:space", "4"),
            ("w:color", &body::hex(Color::RULE)),
        ],
    );
    x.close("w:pBdr").close("w:pPr");
    plain_run(&mut x, left, None);
    if let Some((marking, color)) = right {
        x.open("w:r", &[]).empty("w:tab", &[]).close("w:r");
        plain_run(&mut x, marking, Some(*color));
    }
    x.close("w:p").close("w:hdr");
    x.finish()
}

/// The running footer: the report id on the left, "第 X 页 / 共 Y 页" on the right, with the two
/// numbers as Word's PAGE and NUMPAGES fields.
fn footer(chrome: &crate::paint::Chrome) -> String {
    let [before, between, after] = chrome.page_label;
    let mut x = Xml::document();
    x.open("w:ftr", &[("xmlns:w", W), ("xmlns:r", R)]);
    x.open("w:p", &[]).open("w:pPr", &[]);
    x.empty("w:pStyle", &[("w:val", "Footer")]);
    x.close("w:pPr");
    plain_run(&mut x, &chrome.footer_left, None);
    x.open("w:r", &[]).empty("w:tab", &[]).close("w:r");
    plain_run(&mut x, before, None);
    for (i, field) in ["PAGE", "NUMPAGES"].into_iter().enumerate() {
        if i == 1 {
            plain_run(&mut x, between, None);
        }
        x.open("w:fldSimple", &[("w:instr", &format!(" {field} "))]);
        plain_run(&mut x, "1", None);
        x.close("w:fldSimple");
    }
    plain_run(&mut x, after, None);
    x.close("w:p").close("w:ftr");
    x.finish()
}

fn blank(root: &str) -> String {
    let mut x = Xml::document();
    x.open(root, &[("xmlns:w", W), ("xmlns:r", R)]);
    x.open("w:p", &[]).close("w:p");
    x.close(root);
    x.finish()
}

fn plain_run(x: &mut Xml, text: &str, color: Option<Color>) {
    if text.is_empty() {
        return;
    }
    x.open("w:r", &[]);
    if let Some(c) = color {
        x.open("w:rPr", &[]);
        x.empty("w:b", &[]);
        x.empty("w:color", &[("w:val", &body::hex(c))]);
        x.close("w:rPr");
    }
    x.element("w:t", &[("xml:space", "preserve")], text);
    x.close("w:r");
}
