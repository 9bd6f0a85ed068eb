//! The font program of one report: the glyphs it draws and nothing else, prepared before
//! printpdf embeds it.
//!
//! Noto Sans CJK is a CID-keyed CFF font. printpdf's own subsetting keeps the face's glyph
//! numbers, its 18 font dictionaries with every subroutine slot, and the hints; the glyph
//! programs of a full report were half of its bytes. From the face's `CFF ` table this module
//! writes a new CID-keyed CFF table with:
//!
//! - only the glyphs the report draws, numbered by how often they are drawn (CID = glyph id =
//!   rank, `.notdef` first), so the two-byte codes in the content streams mostly begin with
//!   the same few bytes and compress better;
//! - each glyph's outline written out in full: subroutine calls are followed and inlined, so
//!   no subroutine index is needed;
//! - no hints: stems and hint masks only help rasterisers that grid-fit glyphs at small pixel
//!   sizes (printers and zoomed pages do not need them; poppler and MuPDF draw these pages as
//!   before at 150 dpi), and they are about a sixth of the glyph data;
//! - one font dictionary and one Private dictionary with only the default and nominal widths.
//!
//! The advance widths are the face's `hmtx` widths, which the layout measured with. printpdf
//! embeds such a table as it is (`/FontFile3 /CIDFontType0C`), takes the widths from the
//! glyphs and the character codes from the character map set here. A face that is not a
//! CID-keyed CFF font (a TrueType font given with `--font`) is left to printpdf's subsetting.

use std::collections::BTreeMap;

use allsorts::binary::read::ReadScope;
use allsorts::cff::charstring::{
    ArgumentsStack, CharStringVisitor, CharStringVisitorContext, SeacChar, VisitOp,
};
use allsorts::cff::{CFF, CFFError, CFFFont, CFFVariant, MAX_OPERANDS, Operand, Operator};
use allsorts::font_data::FontData;
use allsorts::tables::FontTableProvider;
use allsorts::tables::cmap::owned::CmapSubtable;
use printpdf::ParsedFont;

/// The face's font program reduced to `chars` (each with how often the report draws it), as a
/// face printpdf can embed without subsetting it again; its PostScript name carries the subset
/// tag (`ABCDEF+NotoSansCJKsc-Regular`). `None` when the face is not a CID-keyed CFF font or
/// one of its glyphs cannot be rewritten; the caller then lets printpdf subset the face.
pub(crate) fn prepare(
    face: &ParsedFont,
    chars: &BTreeMap<char, usize>,
    tag: &str,
) -> Option<ParsedFont> {
    let source = face.source_bytes()?;
    let file = ReadScope::new(source.as_slice())
        .read::<FontData<'_>>()
        .ok()?;
    let provider = file.table_provider(face.original_index).ok()?;
    let table = provider.read_table_data(allsorts::tag::CFF).ok()?;
    let cff = ReadScope::new(&table).read::<CFF<'_>>().ok()?;
    let font = cff.fonts.first()?;
    // Widths are written in font units, which the default font matrix takes as thousandths.
    if !matches!(font.data, CFFVariant::CID(_)) || face.font_metrics.units_per_em != 1000 {
        return None;
    }

    // Glyphs by how often they are drawn, then by their number in the face: the order is a
    // function of the text alone, so the same report gives the same font.
    let mut uses: BTreeMap<u16, usize> = BTreeMap::new();
    for (&c, &n) in chars {
        let gid = face.lookup_glyph_index(u32::from(c)).filter(|&g| g != 0)?;
        *uses.entry(gid).or_default() += n;
    }
    let mut order: Vec<(u16, usize)> = uses.into_iter().collect();
    order.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let glyphs: Vec<u16> = std::iter::once(0)
        .chain(order.iter().map(|&(gid, _)| gid))
        .collect();
    let new_gid: BTreeMap<u16, u16> = glyphs
        .iter()
        .enumerate()
        .map(|(new, &old)| Some((old, u16::try_from(new).ok()?)))
        .collect::<Option<_>>()?;

    let widths: Vec<u16> = glyphs
        .iter()
        .map(|&g| face.get_horizontal_advance(g))
        .collect();
    let default_width = most_common(&widths);
    let mut charstrings = Vec::with_capacity(glyphs.len());
    for (&gid, &width) in glyphs.iter().zip(&widths) {
        let width = (width != default_width).then_some(i32::from(width));
        charstrings.push(flatten(&cff, font, gid, width)?);
    }
    let bbox = font
        .top_dict
        .get(Operator::FontBBox)
        .map(<[Operand]>::to_vec)
        .unwrap_or_default();
    let name = format!(
        "{}+{}",
        tag,
        face.font_name.as_deref().unwrap_or("NotoSansCJKsc-Regular")
    );
    let bytes = write_cff(&name, &bbox, default_width, &charstrings)?;

    let mut warnings = Vec::new();
    let mut prepared = ParsedFont::from_bytes(&bytes, 0, &mut warnings)?;
    prepared.font_name = Some(name);
    // Character codes for printpdf: a table indexed by code point, like the face's own
    // (see `fonts::index_cmap`), pointing at the new glyph numbers.
    let last = chars
        .keys()
        .next_back()
        .map_or(0, |&c| u32::from(c) as usize);
    let mut table = vec![0u16; last + 1];
    for &c in chars.keys() {
        let old = face.lookup_glyph_index(u32::from(c))?;
        table[u32::from(c) as usize] = *new_gid.get(&old)?;
    }
    prepared.cmap_subtable = Some(CmapSubtable::Format10 {
        language: 0,
        start_char_code: 0,
        glyph_id_array: table,
    });
    Some(prepared)
}

fn most_common(values: &[u16]) -> u16 {
    let mut counts: BTreeMap<u16, usize> = BTreeMap::new();
    for &v in values {
        *counts.entry(v).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map_or(0, |(v, _)| v)
}

/// The glyph's outline as one charstring without subroutine calls or hints; `width` (when it
/// is not the default) goes before the first operator, as a difference from a nominal width
/// of 0.
fn flatten<'a>(
    cff: &CFF<'a>,
    font: &allsorts::cff::Font<'a>,
    gid: u16,
    width: Option<i32>,
) -> Option<Vec<u8>> {
    let mut ctx = CharStringVisitorContext::new(
        gid,
        &font.char_strings_index,
        None,
        &cff.global_subr_index,
        None,
    );
    let mut data = [0.0f32; MAX_OPERANDS];
    let mut stack = ArgumentsStack {
        data: &mut data,
        len: 0,
        max_len: MAX_OPERANDS,
    };
    let mut out = Outline {
        bytes: Vec::new(),
        width,
    };
    ctx.visit(CFFFont::CFF(font), &mut stack, &mut out).ok()?;
    if out.bytes.last() != Some(&ENDCHAR) {
        return None;
    }
    Some(out.bytes)
}

const ENDCHAR: u8 = 14;
const ESCAPE: u8 = 12;

/// Collects the path operators of a charstring as the interpreter meets them, inside
/// subroutines or not.
struct Outline {
    bytes: Vec<u8>,
    /// Written before the first operator, then `None`.
    width: Option<i32>,
}

impl Outline {
    fn operator(&mut self, op: VisitOp, stack: &ArgumentsStack<'_, f32>) {
        if let Some(width) = self.width.take() {
            charstring_number(&mut self.bytes, width as f32);
        }
        for i in 0..stack.len() {
            charstring_number(&mut self.bytes, stack.at(i));
        }
        let code = u8::from(op);
        if matches!(
            op,
            VisitOp::Hflex | VisitOp::Flex | VisitOp::Hflex1 | VisitOp::Flex1
        ) {
            self.bytes.push(ESCAPE);
        }
        self.bytes.push(code);
    }
}

impl CharStringVisitor<f32, CFFError> for Outline {
    fn visit(&mut self, op: VisitOp, stack: &ArgumentsStack<'_, f32>) -> Result<(), CFFError> {
        match op {
            // Hints: dropped with their arguments (and the hint mask bytes, which the
            // interpreter hands to `hint_data`).
            VisitOp::HorizontalStem
            | VisitOp::VerticalStem
            | VisitOp::HorizontalStemHintMask
            | VisitOp::VerticalStemHintMask
            | VisitOp::HintMask
            | VisitOp::CounterMask
            | VisitOp::Return => Ok(()),
            VisitOp::VsIndex | VisitOp::Blend => Err(CFFError::InvalidOperator),
            VisitOp::Endchar => {
                // The interpreter took the width off the stack already; anything left would
                // be an accented-character composition, which CJK faces do not use.
                if !stack.is_empty() {
                    return Err(CFFError::InvalidOperator);
                }
                self.operator(op, stack);
                Ok(())
            }
            _ => {
                self.operator(op, stack);
                Ok(())
            }
        }
    }

    fn enter_seac(&mut self, _seac: SeacChar, _dx: f32, _dy: f32) -> Result<(), CFFError> {
        Err(CFFError::InvalidOperator)
    }
}

/// The one- and two-byte integers that charstrings and DICTs encode alike (-1131..=1131);
/// `false` for any other value.
fn short_int(out: &mut Vec<u8>, v: i32) -> bool {
    match v {
        -107..=107 => out.push((v + 139) as u8),
        108..=1131 => {
            let v = v - 108;
            out.extend([(v >> 8) as u8 + 247, v as u8]);
        }
        -1131..=-108 => {
            let v = -v - 108;
            out.extend([(v >> 8) as u8 + 251, v as u8]);
        }
        _ => return false,
    }
    true
}

/// A number in a Type 2 charstring (Adobe TN 5177, 3.2).
fn charstring_number(out: &mut Vec<u8>, v: f32) {
    let whole = v.fract() == 0.0 && (-32768.0..=32767.0).contains(&v);
    if whole && short_int(out, v as i32) {
        return;
    }
    if whole {
        out.push(28);
        out.extend((v as i16).to_be_bytes());
    } else {
        // 16.16 fixed point.
        out.push(255);
        out.extend(((f64::from(v) * 65536.0).round() as i32).to_be_bytes());
    }
}

/// A number in a CFF DICT (Adobe TN 5176, table 3); offsets always take five bytes so that
/// the Top DICT's length does not depend on them.
fn dict_int(out: &mut Vec<u8>, v: i32) {
    if !short_int(out, v) {
        dict_offset(out, v);
    }
}

fn dict_offset(out: &mut Vec<u8>, v: i32) {
    out.push(29);
    out.extend(v.to_be_bytes());
}

fn dict_operand(out: &mut Vec<u8>, operand: &Operand) -> Option<()> {
    match operand {
        Operand::Integer(i) | Operand::Offset(i) => dict_int(out, *i),
        Operand::Real(r) => {
            let v = f64::try_from(r).ok()?;
            dict_int(out, v.round() as i32);
        }
    }
    Some(())
}

/// A CFF INDEX with four-byte offsets.
fn index(out: &mut Vec<u8>, items: &[&[u8]]) -> Option<()> {
    out.extend(u16::try_from(items.len()).ok()?.to_be_bytes());
    if items.is_empty() {
        return Some(());
    }
    out.push(4);
    let mut offset: u32 = 1;
    out.extend(offset.to_be_bytes());
    for item in items {
        offset = offset.checked_add(u32::try_from(item.len()).ok()?)?;
        out.extend(offset.to_be_bytes());
    }
    for item in items {
        out.extend_from_slice(item);
    }
    Some(())
}

/// Standard strings end at SID 390; ours follow.
const FIRST_SID: i32 = 391;

/// The CFF table: header, Name, Top DICT, String and (empty) Global Subr INDEXes, then the
/// charset, FDSelect, FDArray, Private DICT and CharStrings.
fn write_cff(
    name: &str,
    bbox: &[Operand],
    default_width: u16,
    charstrings: &[Vec<u8>],
) -> Option<Vec<u8>> {
    let count = u16::try_from(charstrings.len()).ok()?;
    let strings: [&[u8]; 2] = [b"Adobe", b"Identity"];

    let top = |offsets: [i32; 4]| -> Option<Vec<u8>> {
        let [charset, fd_select, fd_array, char_strings] = offsets;
        let mut d = Vec::new();
        // ROS: Adobe-Identity-0.
        dict_int(&mut d, FIRST_SID);
        dict_int(&mut d, FIRST_SID + 1);
        dict_int(&mut d, 0);
        d.extend([ESCAPE, 30]);
        if bbox.len() == 4 {
            for v in bbox {
                dict_operand(&mut d, v)?;
            }
            d.push(5);
        }
        dict_int(&mut d, i32::from(count));
        d.extend([ESCAPE, 34]); // CIDCount
        dict_offset(&mut d, charset);
        d.push(15);
        dict_offset(&mut d, fd_select);
        d.extend([ESCAPE, 37]);
        dict_offset(&mut d, fd_array);
        d.extend([ESCAPE, 36]);
        dict_offset(&mut d, char_strings);
        d.push(17);
        Some(d)
    };

    let mut head = vec![1, 0, 4, 4];
    index(&mut head, &[name.as_bytes()])?;
    let top_len = top([0; 4])?.len();
    let mut rest = Vec::new();
    index(&mut rest, &strings)?;
    index(&mut rest, &[])?; // no global subroutines
    // Top DICT INDEX: count, offSize, two offsets, the dict.
    let charset_at = head.len() + 2 + 1 + 8 + top_len + rest.len();

    let mut tail = Vec::new();
    // charset, format 2: glyphs 1.. are CIDs 1.. (glyph 0 is .notdef, CID 0).
    tail.push(2);
    if count > 1 {
        tail.extend(1u16.to_be_bytes());
        tail.extend((count - 2).to_be_bytes());
    }
    let fd_select_at = charset_at + tail.len();
    // FDSelect, format 3: one range, every glyph in font dict 0.
    tail.push(3);
    tail.extend(1u16.to_be_bytes());
    tail.extend(0u16.to_be_bytes());
    tail.push(0);
    tail.extend(count.to_be_bytes());
    let fd_array_at = charset_at + tail.len();
    let mut private = Vec::new();
    dict_int(&mut private, i32::from(default_width));
    private.push(20); // defaultWidthX
    dict_int(&mut private, 0);
    private.push(21); // nominalWidthX
    let mut font_dict = Vec::new();
    let private_len = i32::try_from(private.len()).ok()?;
    // The Private DICT follows the FDArray INDEX, whose length is fixed: count, offSize, two
    // offsets and a dict of two five-byte numbers and the operator.
    let private_at = fd_array_at + 2 + 1 + 8 + 11;
    dict_offset(&mut font_dict, private_len);
    dict_offset(&mut font_dict, i32::try_from(private_at).ok()?);
    font_dict.push(18);
    index(&mut tail, &[&font_dict])?;
    debug_assert_eq!(charset_at + tail.len(), private_at);
    tail.extend(&private);
    let char_strings_at = charset_at + tail.len();
    let items: Vec<&[u8]> = charstrings.iter().map(Vec::as_slice).collect();
    index(&mut tail, &items)?;

    let offset = |at: usize| i32::try_from(at).ok();
    let top = top([
        offset(charset_at)?,
        offset(fd_select_at)?,
        offset(fd_array_at)?,
        offset(char_strings_at)?,
    ])?;
    let mut out = head;
    index(&mut out, &[&top])?;
    out.extend(rest);
    out.extend(tail);
    Some(out)
}
