//! The report's font: Noto Sans CJK SC, loaded once at start-up and shared by every render.
//!
//! Debian's `fonts-noto-cjk` ships the faces as TrueType collections
//! (`NotoSansCJK-Regular.ttc`), in which Simplified Chinese is face 2; a single-face `.otf` or
//! `.ttf` (face 0) works as well. The whole file stays in memory because every render takes the
//! glyphs it draws from it (see `subset`).
//!
//! Bold text is drawn with the regular face, filled and stroked with a thin outline
//! ([`BOLD_STROKE`]): a report embeds one font program instead of two. The bold subset was an
//! eighth of a full report's bytes, and a stroked regular face looks clearly bold at screen and
//! print resolutions. The bold file is still accepted and checked (the server and the command
//! line take one); it is just not drawn from.

use std::fmt;
use std::path::{Path, PathBuf};

use printpdf::ParsedFont;

use crate::layout::{FontKind, Measure};

/// Where distributions install Noto Sans CJK, regular and bold, in order of preference.
const SYSTEM_FONTS: &[(&str, &str)] = &[
    (
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    ),
    (
        "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc",
    ),
    (
        "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Bold.ttc",
    ),
    (
        "/usr/share/fonts/opentype/noto-cjk/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/opentype/noto-cjk/NotoSansCJK-Bold.ttc",
    ),
    (
        "/usr/local/share/fonts/NotoSansCJK-Regular.ttc",
        "/usr/local/share/fonts/NotoSansCJK-Bold.ttc",
    ),
];

/// The face of Simplified Chinese in the Noto Sans CJK collections.
pub const NOTO_CJK_SC_FACE: usize = 2;

#[derive(Debug, thiserror::Error)]
pub enum FontError {
    #[error("cannot read the font file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} (face {index}) is not a font that can be read")]
    Parse { path: PathBuf, index: usize },
    #[error(
        "{path} (face {index}) has no Chinese glyphs; the report needs Noto Sans CJK SC or another \
         Simplified Chinese font"
    )]
    NotChinese { path: PathBuf, index: usize },
    #[error(
        "no Noto Sans CJK font found (looked for {}); install the fonts-noto-cjk package or give \
         the font files with --font",
        .searched.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
    )]
    NotFound { searched: Vec<PathBuf> },
}

/// The width of the outline that makes regular glyphs bold, in ems: about the difference
/// between the stems of Noto Sans CJK Regular and Medium. The same amount is added to the
/// advance of every bold character so that the thicker glyphs keep their spacing.
pub const BOLD_STROKE: f32 = 0.04;

/// The face of the report, and the bold file it was given with.
pub struct Fonts {
    pub(crate) regular: Face,
    bold_path: PathBuf,
}

impl fmt::Debug for Fonts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Fonts")
            .field("regular", &self.regular)
            .field("bold", &self.bold_path)
            .finish()
    }
}

impl Fonts {
    /// Loads the font files; from a collection (`.ttc`) the Simplified Chinese face
    /// ([`NOTO_CJK_SC_FACE`]) is taken, from a single-face file face 0. The bold file is read
    /// and checked like the regular one so that a wrong path is reported at start-up, but bold
    /// text is drawn with the regular face (see [`BOLD_STROKE`]); the same file may be given
    /// for both.
    pub fn load(regular: impl AsRef<Path>, bold: impl AsRef<Path>) -> Result<Fonts, FontError> {
        let regular = Face::load(regular.as_ref(), None)?;
        Face::load(bold.as_ref(), None)?;
        Ok(Fonts {
            regular,
            bold_path: bold.as_ref().to_owned(),
        })
    }

    /// Loads given faces of the two files.
    pub fn load_faces(
        (regular, regular_index): (&Path, usize),
        (bold, bold_index): (&Path, usize),
    ) -> Result<Fonts, FontError> {
        let regular = Face::load(regular, Some(regular_index))?;
        Face::load(bold, Some(bold_index))?;
        Ok(Fonts {
            regular,
            bold_path: bold.to_owned(),
        })
    }

    /// Finds Noto Sans CJK where Linux distributions install it.
    pub fn from_system() -> Result<Fonts, FontError> {
        match SYSTEM_FONTS
            .iter()
            .find(|(regular, _)| Path::new(regular).is_file())
        {
            Some((regular, bold)) => {
                let bold = if Path::new(bold).is_file() {
                    bold
                } else {
                    regular
                };
                Fonts::load(regular, bold)
            }
            None => Err(FontError::NotFound {
                searched: SYSTEM_FONTS.iter().map(|(r, _)| PathBuf::from(r)).collect(),
            }),
        }
    }

    pub fn regular_path(&self) -> &Path {
        &self.regular.path
    }

    pub fn bold_path(&self) -> &Path {
        &self.bold_path
    }

    /// Whether the report can draw `c`.
    pub fn has_char(&self, c: char) -> bool {
        self.regular.advance(c).is_some()
    }
}

impl Measure for Fonts {
    fn advance(&self, font: FontKind, c: char) -> Option<f32> {
        let advance = self.regular.advance(c)?;
        Some(match font {
            FontKind::Regular => advance,
            FontKind::Bold => advance + BOLD_STROKE,
        })
    }
}

/// Replaces the face's character map with a table indexed by code point (a cmap format 10
/// "trimmed array" starting at U+0000).
///
/// Noto Sans CJK maps its characters with tens of thousands of format 12 groups, which the parsed
/// face searches one by one; every character of a report is looked up there by the layout and
/// again by printpdf, and those searches took most of the render time. The table costs about
/// 400 KB per face and makes each lookup one array access. `None` when the font has no usable
/// Unicode cmap.
fn index_cmap(font: &mut ParsedFont, bytes: &[u8], index: usize) -> Option<()> {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::tables::FontTableProvider;
    use allsorts::tables::cmap::Cmap;
    use allsorts::tables::cmap::owned::CmapSubtable;

    let file = ReadScope::new(bytes).read::<FontData<'_>>().ok()?;
    let provider = file.table_provider(index).ok()?;
    let data = provider.read_table_data(allsorts::tag::CMAP).ok()?;
    let cmap = ReadScope::new(&data).read::<Cmap<'_>>().ok()?;
    let (_, subtable) = allsorts::font::read_cmap_subtable(&cmap).ok()??;
    let mut table: Vec<u16> = Vec::new();
    subtable
        .mappings_fn(|ch, gid| {
            // Unicode ends at U+10FFFF; anything beyond is not a character.
            if ch <= 0x10FFFF && gid != 0 {
                let ch = ch as usize;
                if table.len() <= ch {
                    table.resize(ch + 1, 0);
                }
                table[ch] = gid;
            }
        })
        .ok()?;
    font.cmap_subtable = Some(CmapSubtable::Format10 {
        language: 0,
        start_char_code: 0,
        glyph_id_array: table,
    });
    Some(())
}

/// One parsed face and where it came from.
pub(crate) struct Face {
    pub(crate) font: ParsedFont,
    path: PathBuf,
    index: usize,
    units_per_em: f32,
}

impl fmt::Debug for Face {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (face {})", self.path.display(), self.index)
    }
}

impl Face {
    fn load(path: &Path, index: Option<usize>) -> Result<Face, FontError> {
        let bytes = std::fs::read(path).map_err(|source| FontError::Read {
            path: path.to_owned(),
            source,
        })?;
        let index = index.unwrap_or(if bytes.starts_with(b"ttcf") {
            NOTO_CJK_SC_FACE
        } else {
            0
        });
        let parse_error = || FontError::Parse {
            path: path.to_owned(),
            index,
        };
        let mut font =
            ParsedFont::from_bytes(&bytes, index, &mut Vec::new()).ok_or_else(parse_error)?;
        index_cmap(&mut font, &bytes, index).ok_or_else(parse_error)?;
        let units_per_em = f32::from(font.font_metrics.units_per_em);
        if units_per_em <= 0.0 {
            return Err(parse_error());
        }
        let face = Face {
            font,
            path: path.to_owned(),
            index,
            units_per_em,
        };
        // "数据安全" must be drawable: a Latin-only font would print boxes for every Chinese word.
        if "数据安全".chars().any(|c| face.advance(c).is_none()) {
            return Err(FontError::NotChinese {
                path: path.to_owned(),
                index,
            });
        }
        Ok(face)
    }

    /// The advance of `c` in ems, `None` when the face has no glyph for it.
    pub(crate) fn advance(&self, c: char) -> Option<f32> {
        let gid = self
            .font
            .lookup_glyph_index(u32::from(c))
            .filter(|&g| g != 0)?;
        Some(f32::from(self.font.get_horizontal_advance(gid)) / self.units_per_em)
    }
}
