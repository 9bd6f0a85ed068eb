//! Embedding the report font: a subset of the face holding only the glyphs the report prints,
//! numbered by how often they occur, with one- and two-byte character codes.
//!
//! A report is mostly Chinese text, and after the font its content streams are the largest
//! part of the file; every character costs its code there. The usual embedding (`Identity-H`,
//! two bytes per character, the face's own CIDs) spreads the codes over the whole 16-bit range.
//! Here the subset's glyphs are ordered by frequency and renumbered (CID = glyph index = rank),
//! the most frequent ones get a one-byte code and the rest two bytes, and an embedded CMap (the
//! font's `/Encoding`) says which is which. Compressed, the content streams are about a quarter
//! smaller. The same codes key the `/ToUnicode` map, so the text stays searchable and can be
//! copied.

use std::collections::BTreeMap;

use lopdf::{Dictionary, Object, ObjectId, Stream};

use crate::error::ReportError;
use crate::fonts::Face;

/// At most this many glyphs get a one-byte code; the lead bytes above it start two-byte codes.
/// Fewer one-byte codes leave room for more glyphs (`ONE_BYTE_MAX + (256 - k) * 256` in all);
/// 240 serves up to 4,336 distinct glyphs, and reports with more give up one-byte codes.
const ONE_BYTE_MAX: usize = 240;

/// The glyphs of one report and their codes.
pub(crate) struct Glyphs {
    /// Character → CID (1-based rank by frequency; 0 is `.notdef`).
    cids: BTreeMap<char, u16>,
    /// The face's glyph index of CID `i + 1`.
    gids: Vec<u16>,
    /// The character CID `i + 1` stands for, for `/ToUnicode`.
    chars: Vec<char>,
    /// How many CIDs have a one-byte code: CIDs `1..=one_byte` are the bytes
    /// `0..one_byte`; the others take two bytes from lead byte `one_byte` on.
    one_byte: usize,
}

impl Glyphs {
    /// Numbers the glyphs of every character in `texts` by frequency, most frequent first.
    /// Characters the face cannot draw are left out (the report checks its text before).
    pub(crate) fn new<'a>(face: &Face, texts: impl IntoIterator<Item = &'a str>) -> Glyphs {
        let mut counts: BTreeMap<char, usize> = BTreeMap::new();
        for text in texts {
            for c in text.chars() {
                *counts.entry(c).or_default() += 1;
            }
        }
        // Characters that share a glyph (a CJK compatibility form and its unified character)
        // share a code; the more frequent one stands for it in `/ToUnicode`.
        let mut by_glyph: BTreeMap<u16, (usize, char)> = BTreeMap::new();
        let mut glyph_of: BTreeMap<char, u16> = BTreeMap::new();
        for (&c, &n) in &counts {
            let Some(gid) = face.glyph(c) else { continue };
            glyph_of.insert(c, gid);
            let entry = by_glyph.entry(gid).or_insert((0, c));
            if n > counts.get(&entry.1).copied().unwrap_or(0) {
                entry.1 = c;
            }
            entry.0 += n;
        }
        let mut order: Vec<(u16, usize, char)> =
            by_glyph.into_iter().map(|(g, (n, c))| (g, n, c)).collect();
        // Most frequent first; the glyph index breaks ties so that the order is reproducible.
        order.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let rank: BTreeMap<u16, u16> = order
            .iter()
            .enumerate()
            .map(|(i, &(g, _, _))| (g, i as u16 + 1))
            .collect();
        let cids = glyph_of
            .into_iter()
            .filter_map(|(c, g)| rank.get(&g).map(|&cid| (c, cid)))
            .collect();
        let n = order.len();
        let one_byte = if n <= 256 {
            256
        } else {
            ONE_BYTE_MAX.min((65_536 - n) / 255)
        };
        Glyphs {
            cids,
            gids: order.iter().map(|&(g, _, _)| g).collect(),
            chars: order.iter().map(|&(_, _, c)| c).collect(),
            one_byte,
        }
    }

    /// The number of glyphs, `.notdef` not counted.
    pub(crate) fn len(&self) -> usize {
        self.gids.len()
    }

    /// Appends the codes of `text` to `out`.
    pub(crate) fn encode(&self, text: &str, out: &mut Vec<u8>) {
        for c in text.chars() {
            if let Some(&cid) = self.cids.get(&c) {
                self.push_code(cid, out);
            }
        }
    }

    fn push_code(&self, cid: u16, out: &mut Vec<u8>) {
        let index = usize::from(cid) - 1;
        if index < self.one_byte {
            out.push(index as u8);
        } else {
            let code = (self.one_byte << 8) + (index - self.one_byte);
            out.extend_from_slice(&(code as u16).to_be_bytes());
        }
    }

    /// The code of CID `cid` as a hex string for a CMap.
    fn hex_code(&self, cid: u16) -> String {
        let mut bytes = Vec::new();
        self.push_code(cid, &mut bytes);
        bytes.iter().map(|b| format!("{b:02X}")).collect()
    }

    fn codespace(&self) -> Vec<String> {
        let mut ranges = Vec::new();
        if self.one_byte > 0 {
            ranges.push(format!("<00> <{:02X}>", self.one_byte.min(256) - 1));
        }
        if self.one_byte < 256 {
            ranges.push(format!("<{:02X}00> <FFFF>", self.one_byte));
        }
        ranges
    }

    /// The `/Encoding` CMap: code → CID, one `cidrange` per lead byte.
    fn encoding_cmap(&self, name: &str) -> String {
        let mut ranges = Vec::new();
        let n = self.len();
        let one = self.one_byte.min(n);
        if one > 0 {
            ranges.push(format!("<00> <{:02X}> 1", one - 1));
        }
        // Past the one-byte codes, each lead byte starts a block of 256 consecutive CIDs.
        for (block, index) in (one..n).step_by(256).enumerate() {
            let lead = self.one_byte + block;
            ranges.push(format!("<{lead:02X}00> <{lead:02X}FF> {}", index + 1));
        }
        let mut s = cmap_header(name, "Adobe", "Identity", 1);
        push_codespace(&mut s, &self.codespace());
        for chunk in ranges.chunks(100) {
            s.push_str(&format!("{} begincidrange\n", chunk.len()));
            for r in chunk {
                s.push_str(r);
                s.push('\n');
            }
            s.push_str("endcidrange\n");
        }
        s.push_str(CMAP_FOOTER);
        s
    }

    /// The `/ToUnicode` CMap: code → the character it was made from.
    fn to_unicode_cmap(&self, name: &str) -> String {
        let entries: Vec<String> = self
            .chars
            .iter()
            .enumerate()
            .map(|(i, &c)| {
                let mut units = [0u16; 2];
                let utf16: String = c
                    .encode_utf16(&mut units)
                    .iter()
                    .map(|u| format!("{u:04X}"))
                    .collect();
                format!("<{}> <{utf16}>", self.hex_code(i as u16 + 1))
            })
            .collect();
        let mut s = cmap_header(name, "Adobe", "UCS", 2);
        push_codespace(&mut s, &self.codespace());
        for chunk in entries.chunks(100) {
            s.push_str(&format!("{} beginbfchar\n", chunk.len()));
            for e in chunk {
                s.push_str(e);
                s.push('\n');
            }
            s.push_str("endbfchar\n");
        }
        s.push_str(CMAP_FOOTER);
        s
    }
}

fn cmap_header(name: &str, registry: &str, ordering: &str, kind: u8) -> String {
    format!(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry ({registry}) /Ordering ({ordering}) /Supplement 0 >> def\n\
         /CMapName /{name} def\n/CMapType {kind} def\n"
    )
}

fn push_codespace(s: &mut String, ranges: &[String]) {
    s.push_str(&format!("{} begincodespacerange\n", ranges.len()));
    for r in ranges {
        s.push_str(r);
        s.push('\n');
    }
    s.push_str("endcodespacerange\n");
}

const CMAP_FOOTER: &str = "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";

/// Adds the font (Type 0 font, CIDFont, descriptor, font program, encoding and Unicode maps) to
/// `pdf` and returns the id of the Type 0 font. `tag` is the six-letter subset tag.
pub(crate) fn embed(
    pdf: &mut lopdf::Document,
    face: &Face,
    glyphs: &Glyphs,
    tag: &str,
) -> Result<ObjectId, ReportError> {
    let (program, bbox) = subset(face, &glyphs.gids)?;
    let scale = 1000.0 / face.units_per_em;
    let name = format!(
        "{tag}+{}",
        face.font
            .font_name
            .as_deref()
            .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_graphic()))
            .unwrap_or("NotoSansCJKsc-Regular")
    );
    let metrics = &face.font.font_metrics;
    let units = |v: f32| Object::Integer((v * scale).round() as i64);

    let program_id = pdf.add_object(Stream::new(
        Dictionary::from_iter(vec![("Subtype", Object::Name(b"CIDFontType0C".to_vec()))]),
        program,
    ));
    let descriptor = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"FontDescriptor".to_vec())),
        ("FontName", Object::Name(name.clone().into_bytes())),
        // Symbolic: the glyphs are reached through the CIDs, not a standard encoding.
        ("Flags", Object::Integer(4)),
        (
            "FontBBox",
            Object::Array(bbox.iter().map(|&v| units(f32::from(v))).collect()),
        ),
        ("ItalicAngle", Object::Integer(0)),
        ("Ascent", units(metrics.ascent)),
        ("Descent", units(metrics.descent)),
        (
            "CapHeight",
            units(metrics.cap_height.unwrap_or(metrics.ascent)),
        ),
        // Readers use the stem width only to imitate a missing font; this one is embedded.
        ("StemV", Object::Integer(80)),
        ("FontFile3", Object::Reference(program_id)),
    ]);
    let descriptor_id = pdf.add_object(descriptor);

    let system_info = || {
        Object::Dictionary(Dictionary::from_iter(vec![
            ("Registry", Object::string_literal("Adobe")),
            ("Ordering", Object::string_literal("Identity")),
            ("Supplement", Object::Integer(0)),
        ]))
    };
    let cid_font = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Font".to_vec())),
        ("Subtype", Object::Name(b"CIDFontType0".to_vec())),
        ("BaseFont", Object::Name(name.clone().into_bytes())),
        ("CIDSystemInfo", system_info()),
        ("FontDescriptor", Object::Reference(descriptor_id)),
        ("DW", Object::Integer(DEFAULT_WIDTH)),
        ("W", Object::Array(widths(face, &glyphs.gids))),
    ]);
    let cid_font_id = pdf.add_object(cid_font);

    let cmap_name = format!("{tag}-Ziping");
    let encoding = Stream::new(
        Dictionary::from_iter(vec![
            ("Type", Object::Name(b"CMap".to_vec())),
            ("CMapName", Object::Name(cmap_name.clone().into_bytes())),
            ("CIDSystemInfo", system_info()),
        ]),
        glyphs.encoding_cmap(&cmap_name).into_bytes(),
    );
    let encoding_id = pdf.add_object(encoding);
    let to_unicode = Stream::new(
        Dictionary::new(),
        glyphs.to_unicode_cmap(&format!("{tag}-UCS")).into_bytes(),
    );
    let to_unicode_id = pdf.add_object(to_unicode);

    Ok(pdf.add_object(Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Font".to_vec())),
        ("Subtype", Object::Name(b"Type0".to_vec())),
        ("BaseFont", Object::Name(name.into_bytes())),
        ("Encoding", Object::Reference(encoding_id)),
        (
            "DescendantFonts",
            Object::Array(vec![Object::Reference(cid_font_id)]),
        ),
        ("ToUnicode", Object::Reference(to_unicode_id)),
    ])))
}

/// The width of full-width (CJK) glyphs, given once as `/DW` instead of for every glyph.
const DEFAULT_WIDTH: i64 = 1000;

/// `/W`: the widths that differ from [`DEFAULT_WIDTH`], as `first [w w …]` runs of CIDs.
fn widths(face: &Face, gids: &[u16]) -> Vec<Object> {
    let scale = 1000.0 / face.units_per_em;
    let mut out = Vec::new();
    let mut run: Option<(usize, Vec<Object>)> = None;
    for (i, &gid) in gids.iter().enumerate() {
        let w = (f32::from(face.font.get_horizontal_advance(gid)) * scale).round() as i64;
        if w == DEFAULT_WIDTH {
            if let Some((first, ws)) = run.take() {
                out.push(Object::Integer(first as i64));
                out.push(Object::Array(ws));
            }
            continue;
        }
        run.get_or_insert_with(|| (i + 1, Vec::new()))
            .1
            .push(Object::Integer(w));
    }
    if let Some((first, ws)) = run {
        out.push(Object::Integer(first as i64));
        out.push(Object::Array(ws));
    }
    out
}

/// The face's CFF program cut down to `.notdef` and `gids`, in that order, with CID = glyph
/// index; and the face's bounding box (font units: x min, y min, x max, y max).
fn subset(face: &Face, gids: &[u16]) -> Result<(Vec<u8>, [i16; 4]), ReportError> {
    use allsorts::binary::read::{ReadArrayCow, ReadScope};
    use allsorts::binary::write::{WriteBinary, WriteBuffer};
    use allsorts::cff::{CFF, Charset, CustomCharset, Range};
    use allsorts::font_data::FontData;
    use allsorts::tables::{FontTableProvider, HeadTable};
    use allsorts::tag;

    let fail = |what: &str, e: &dyn std::fmt::Display| {
        ReportError::Pdf(format!("subsetting the font ({what}): {e}"))
    };
    let bytes = face
        .font
        .source_bytes()
        .ok_or_else(|| ReportError::Pdf("the font was loaded without its bytes".to_owned()))?;
    let file = ReadScope::new(&bytes)
        .read::<FontData<'_>>()
        .map_err(|e| fail("reading the file", &e))?;
    let provider = file
        .table_provider(face.index)
        .map_err(|e| fail("finding the face", &e))?;
    let head = provider
        .read_table_data(tag::HEAD)
        .map_err(|e| fail("head table", &e))?;
    let head = ReadScope::new(&head)
        .read::<HeadTable>()
        .map_err(|e| fail("head table", &e))?;
    let data = provider
        .read_table_data(tag::CFF)
        .map_err(|_| ReportError::Pdf("the font has no CFF outlines (Noto Sans CJK has)".into()))?;
    let cff = ReadScope::new(&data)
        .read::<CFF<'_>>()
        .map_err(|e| fail("CFF table", &e))?;
    let ids: Vec<u16> = std::iter::once(0).chain(gids.iter().copied()).collect();
    let mut cff: CFF<'_> = cff
        .subset(&ids, false)
        .map_err(|e| fail("CFF table", &e))?
        .into();
    let Some(font) = cff.fonts.first_mut() else {
        return Err(ReportError::Pdf("the CFF table holds no font".to_owned()));
    };
    if !font.is_cid_keyed() {
        return Err(ReportError::Pdf(
            "the font is not CID-keyed (Noto Sans CJK is)".to_owned(),
        ));
    }
    // The subset keeps the face's own CIDs; renumber them to the glyph indices, which are the
    // ranks the content streams' codes stand for.
    if let Some(last) = gids.len().checked_sub(1) {
        font.charset = Charset::Custom(CustomCharset::Format2 {
            ranges: ReadArrayCow::Owned(vec![Range {
                first: 1,
                n_left: last as u16,
            }]),
        });
    }
    desubroutinize(&mut cff);
    let mut out = WriteBuffer::new();
    CFF::write(&mut out, &cff).map_err(|e| fail("writing", &e))?;
    Ok((
        out.into_inner(),
        [head.x_min, head.y_min, head.x_max, head.y_max],
    ))
}

/// Inlines the subroutines into the glyphs' charstrings and empties the subroutine indices.
///
/// Noto Sans CJK shares outline pieces between glyphs through tens of thousands of subroutines.
/// A subset keeps every index entry (the unused ones empty) and the subroutines its glyphs call;
/// compressed, that bookkeeping costs more than the repeated pieces do when written out in
/// each glyph. Left as it was when a charstring does something this does not follow (a
/// computed subroutine number, too deep a nesting): the subset is valid either way.
fn desubroutinize(cff: &mut allsorts::cff::CFF<'_>) {
    use allsorts::cff::CFFVariant;

    let allsorts::cff::CFF {
        global_subr_index,
        fonts,
        ..
    } = cff;
    let Some(font) = fonts.first_mut() else {
        return;
    };
    let CFFVariant::CID(cid) = &mut font.data else {
        return;
    };
    let mut glyphs = Vec::with_capacity(font.char_strings_index.len());
    for gid in 0..font.char_strings_index.len() {
        let local = u16::try_from(gid)
            .ok()
            .and_then(|g| cid.fd_select.font_dict_index(g))
            .and_then(|fd| cid.local_subr_indices.get(usize::from(fd)))
            .and_then(Option::as_ref);
        let Some(charstring) = font.char_strings_index.read_object(gid) else {
            return;
        };
        let mut inliner = Inliner {
            global: global_subr_index,
            local,
            out: Vec::with_capacity(charstring.len() * 2),
            operands: Vec::new(),
            stems: 0,
        };
        if inliner.run(charstring, 0) != Some(Flow::End) {
            return;
        }
        glyphs.push(inliner.out);
    }
    for (gid, glyph) in glyphs.into_iter().enumerate() {
        font.char_strings_index.replace(gid, glyph);
    }
    // Nothing calls the subroutines any more. Their indices stay, empty, because the Private
    // DICTs still point at them.
    for index in cid.local_subr_indices.iter_mut().flatten() {
        for i in 0..index.len() {
            index.replace(i, Vec::new());
        }
    }
    for i in 0..global_subr_index.len() {
        global_subr_index.replace(i, Vec::new());
    }
}

/// How a charstring or subroutine ended.
#[derive(PartialEq, Eq)]
enum Flow {
    /// `return`: the caller goes on.
    Return,
    /// `endchar`: the glyph is complete.
    End,
}

/// Copies a Type 2 charstring with every `callsubr`/`callgsubr` replaced by the subroutine's
/// body. It follows the operand stack only as far as it must: the subroutine number pushed
/// last, and the number of stem hints, which fixes the length of `hintmask` data.
struct Inliner<'a, 'data> {
    global: &'a allsorts::cff::MaybeOwnedIndex<'data>,
    local: Option<&'a allsorts::cff::MaybeOwnedIndex<'data>>,
    out: Vec<u8>,
    /// The operands on the stack: their value (when an integer) and where they start in `out`.
    operands: Vec<(Option<i32>, usize)>,
    stems: usize,
}

/// The Type 2 limit on nested subroutine calls.
const MAX_NESTING: usize = 10;

impl Inliner<'_, '_> {
    fn run(&mut self, code: &[u8], depth: usize) -> Option<Flow> {
        let mut i = 0;
        while let Some(&b0) = code.get(i) {
            let start = self.out.len();
            match b0 {
                // Operands: copied as they are.
                28 | 32..=255 => {
                    let (len, value) = match b0 {
                        28 => {
                            let v = i16::from_be_bytes([*code.get(i + 1)?, *code.get(i + 2)?]);
                            (3, Some(i32::from(v)))
                        }
                        32..=246 => (1, Some(i32::from(b0) - 139)),
                        247..=250 => (
                            2,
                            Some((i32::from(b0) - 247) * 256 + i32::from(*code.get(i + 1)?) + 108),
                        ),
                        251..=254 => (
                            2,
                            Some(-(i32::from(b0) - 251) * 256 - i32::from(*code.get(i + 1)?) - 108),
                        ),
                        _ => (5, None),
                    };
                    self.out.extend_from_slice(code.get(i..i + len)?);
                    self.operands.push((value, start));
                    i += len;
                }
                10 | 29 => {
                    let (number, at) = self.operands.pop()?;
                    self.out.truncate(at);
                    let index = if b0 == 10 { self.local? } else { self.global };
                    let bias = match index.len() {
                        n if n < 1240 => 107,
                        n if n < 33_900 => 1131,
                        _ => 32_768,
                    };
                    let subr = usize::try_from(number? + bias).ok()?;
                    if depth >= MAX_NESTING {
                        return None;
                    }
                    let body = index.read_object(subr)?;
                    if self.run(body, depth + 1)? == Flow::End {
                        return Some(Flow::End);
                    }
                    i += 1;
                }
                11 => return Some(Flow::Return),
                14 => {
                    self.out.push(b0);
                    return Some(Flow::End);
                }
                // hstem, vstem, hstemhm, vstemhm: pairs of operands, one stem each.
                1 | 3 | 18 | 23 => {
                    self.stems += self.operands.len() / 2;
                    self.operands.clear();
                    self.out.push(b0);
                    i += 1;
                }
                // hintmask, cntrmask: operands before them are vertical stems; a bit per stem
                // follows.
                19 | 20 => {
                    self.stems += self.operands.len() / 2;
                    self.operands.clear();
                    let len = 1 + self.stems.div_ceil(8);
                    self.out.extend_from_slice(code.get(i..i + len)?);
                    i += len;
                }
                12 => {
                    self.out.extend_from_slice(code.get(i..i + 2)?);
                    self.operands.clear();
                    i += 2;
                }
                _ => {
                    self.out.push(b0);
                    self.operands.clear();
                    i += 1;
                }
            }
        }
        // The end of a subroutine without `return` (allowed since CFF2) or of a glyph without
        // `endchar` (not allowed).
        (depth > 0).then_some(Flow::Return)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyphs(n: usize, one_byte: usize) -> Glyphs {
        Glyphs {
            cids: BTreeMap::new(),
            gids: (1..=n as u16).collect(),
            chars: (0..n)
                .map(|i| char::from_u32(0x4e00 + i as u32).unwrap_or('x'))
                .collect(),
            one_byte,
        }
    }

    /// A CFF INDEX (16-bit count, 1-byte offsets) of `objects`.
    fn index(objects: &[&[u8]]) -> Vec<u8> {
        let mut bytes = (objects.len() as u16).to_be_bytes().to_vec();
        bytes.push(1);
        let mut offset = 1u8;
        bytes.push(offset);
        for o in objects {
            offset += o.len() as u8;
            bytes.push(offset);
        }
        objects.iter().for_each(|o| bytes.extend_from_slice(o));
        bytes
    }

    fn inline(glyph: &[u8], global: &[&[u8]], local: &[&[u8]]) -> Option<Vec<u8>> {
        use allsorts::binary::read::ReadScope;
        use allsorts::cff::{IndexU16, MaybeOwnedIndex};

        let (global, local) = (index(global), index(local));
        let global = MaybeOwnedIndex::Borrowed(ReadScope::new(&global).read::<IndexU16>().ok()?);
        let local = MaybeOwnedIndex::Borrowed(ReadScope::new(&local).read::<IndexU16>().ok()?);
        let mut inliner = Inliner {
            global: &global,
            local: Some(&local),
            out: Vec::new(),
            operands: Vec::new(),
            stems: 0,
        };
        (inliner.run(glyph, 0)? == Flow::End).then_some(inliner.out)
    }

    #[test]
    fn subroutine_calls_are_replaced_by_their_bodies() {
        // A one-byte number b stands for b - 139. With fewer than 1240 subroutines the bias is
        // 107, so subroutine 0 is called with -107.
        let minus_107 = 139 - 107;
        // local 0: "10 20 rlineto return"; global 0: "30 40 rmoveto, then callsubr local 0, return"
        let local: &[&[u8]] = &[&[149, 159, 5, 11]];
        let global: &[&[u8]] = &[&[169, 179, 21, minus_107, 10, 11]];
        // glyph: width and a stem pair (3 operands, one stem), hintmask with one mask byte, a
        // call of global 0 and endchar.
        let glyph = [139, 140, 141, 1, 19, 0x80, minus_107, 29, 14];
        let out = inline(&glyph, global, local).expect("inlines");
        assert_eq!(
            out,
            [139, 140, 141, 1, 19, 0x80, 169, 179, 21, 149, 159, 5, 14]
        );
    }

    #[test]
    fn hint_masks_are_as_long_as_the_stems_need() {
        // Nine stems (18 operands before hstemhm) take two mask bytes, which may look like
        // operators (10 = callsubr, 14 = endchar) and must be copied, not followed.
        let mut glyph = vec![139; 18];
        glyph.extend_from_slice(&[18, 19, 10, 14, 14]);
        let out = inline(&glyph, &[], &[]).expect("inlines");
        assert_eq!(out, glyph);
    }

    #[test]
    fn a_computed_or_missing_subroutine_leaves_the_font_as_it_is() {
        // Subroutine 5 of an empty index.
        assert_eq!(inline(&[144, 10, 14], &[], &[]), None);
        // A fixed-point operand is not a subroutine number.
        assert_eq!(inline(&[255, 0, 1, 0, 0, 10, 14], &[], &[]), None);
        // Without endchar the glyph is incomplete.
        assert_eq!(inline(&[139, 139, 5], &[], &[]), None);
    }

    #[test]
    fn frequent_glyphs_take_one_byte_and_the_rest_two() {
        let g = glyphs(1000, 240);
        let code = |cid: u16| {
            let mut v = Vec::new();
            g.push_code(cid, &mut v);
            v
        };
        assert_eq!(code(1), [0x00]);
        assert_eq!(code(240), [0xEF]);
        assert_eq!(code(241), [0xF0, 0x00]);
        assert_eq!(code(497), [0xF1, 0x00]);
        assert_eq!(code(1000), [0xF2, 0xF7]);
        assert_eq!(g.codespace(), ["<00> <EF>", "<F000> <FFFF>"]);
        let cmap = g.encoding_cmap("X");
        assert!(cmap.contains("4 begincidrange\n<00> <EF> 1\n<F000> <F0FF> 241\n<F100> <F1FF> 497\n<F200> <F2FF> 753\n"), "{cmap}");
    }

    #[test]
    fn a_small_report_uses_one_byte_codes_only() {
        let g = glyphs(200, 256);
        assert_eq!(g.codespace(), ["<00> <FF>"]);
        assert!(
            g.encoding_cmap("X")
                .contains("1 begincidrange\n<00> <C7> 1\n")
        );
        assert!(g.to_unicode_cmap("X").contains("<C7> <4EC7>"));
    }

    #[test]
    fn many_glyphs_give_up_one_byte_codes_to_make_room() {
        // 240 + 16 × 256 = 4,336 codes; one more glyph takes a lead byte from the single bytes.
        let n = 4_337;
        let one_byte = ONE_BYTE_MAX.min((65_536 - n) / 255);
        assert_eq!(one_byte, 239);
        let g = glyphs(n, one_byte);
        let mut last = Vec::new();
        g.push_code(n as u16, &mut last);
        assert_eq!(last, [0xFF, 0x01]);
    }
}
