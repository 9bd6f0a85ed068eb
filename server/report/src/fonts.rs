//! The report's font: Noto Sans CJK SC, from a file or the copy built into the binary, parsed
//! once and shared by every render.
//!
//! The binary carries a subset of Noto Sans CJK SC Regular ([`EMBEDDED`], made by
//! `fonts/make-embedded-font.py`: all CJK Unified Ideographs, CJK and full-width punctuation,
//! Latin, and every character of the bundled content), so reports work on a machine with no
//! Chinese font. A system Noto Sans CJK or a file given on the command line takes its place.
//! Debian's `fonts-noto-cjk` ships the faces as TrueType collections
//! (`NotoSansCJK-Regular.ttc`), in which Simplified Chinese is face 2; a single-face `.otf` or
//! `.ttf` (face 0) works as well. The whole file stays in memory because every render takes the
//! glyphs it draws from it (see `subset`).
//!
//! Bold text is drawn with the regular face, filled and stroked with a thin outline
//! ([`BOLD_STROKE`]): a report embeds one font program instead of two. The bold subset was an
//! eighth of a full report's bytes, and a stroked regular face looks clearly bold at screen and
//! print resolutions.

use std::fmt;
use std::path::{Path, PathBuf};

use printpdf::ParsedFont;

use crate::layout::{FontKind, Measure};

/// The face built into the binary: Noto Sans CJK SC Regular 2.004, subset (licence:
/// `fonts/OFL.txt`).
pub static EMBEDDED: &[u8] = include_bytes!("../fonts/NotoSansCJKsc-Regular-subset.otf");

/// Where distributions install Noto Sans CJK.
pub const SYSTEM_FONT_DIRS: &[&str] = &[
    "/usr/share/fonts/opentype/noto",
    "/usr/share/fonts/noto-cjk",
    "/usr/share/fonts/google-noto-cjk",
    "/usr/share/fonts/opentype/noto-cjk",
    "/usr/local/share/fonts",
];

/// The collection looked for in those directories.
pub const SYSTEM_FONT_FILE: &str = "NotoSansCJK-Regular.ttc";

/// The face of Simplified Chinese in the Noto Sans CJK collections.
pub const NOTO_CJK_SC_FACE: usize = 2;

/// Where the report's face comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FontSource {
    /// The subset of Noto Sans CJK SC built into the binary.
    Embedded,
    /// A font file: from a collection the given face, or [`NOTO_CJK_SC_FACE`] when none is
    /// given; from a single-face file face 0.
    File { path: PathBuf, face: Option<usize> },
}

impl FontSource {
    /// The system's Noto Sans CJK, in the first of `dirs` that has it; the embedded face when
    /// none does.
    pub fn find(dirs: &[PathBuf]) -> FontSource {
        dirs.iter()
            .map(|dir| dir.join(SYSTEM_FONT_FILE))
            .find(|path| path.is_file())
            .map_or(FontSource::Embedded, |path| FontSource::File {
                path,
                face: None,
            })
    }

    /// [`SYSTEM_FONT_DIRS`] as paths.
    pub fn system_dirs() -> Vec<PathBuf> {
        SYSTEM_FONT_DIRS.iter().map(PathBuf::from).collect()
    }
}

impl fmt::Display for FontSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FontSource::Embedded => f.write_str("the built-in Noto Sans CJK SC"),
            FontSource::File { path, face: None } => write!(f, "{}", path.display()),
            FontSource::File {
                path,
                face: Some(face),
            } => write!(f, "{} (face {face})", path.display()),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum FontError {
    #[error("cannot read the font file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{font} is not a font that can be read")]
    Parse { font: FontSource },
    #[error(
        "{font} has no Chinese glyphs; the report needs Noto Sans CJK SC or another \
         Simplified Chinese font"
    )]
    NotChinese { font: FontSource },
    #[error(
        "no Noto Sans CJK font found (looked for {SYSTEM_FONT_FILE} in {}); install the \
         fonts-noto-cjk package or give the font file with --font",
        .searched.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
    )]
    NotFound { searched: Vec<PathBuf> },
}

/// The width of the outline that makes regular glyphs bold, in ems: about the difference
/// between the stems of Noto Sans CJK Regular and Medium. The same amount is added to the
/// advance of every bold character so that the thicker glyphs keep their spacing.
pub const BOLD_STROKE: f32 = 0.04;

/// The face of the report.
#[derive(Debug)]
pub struct Fonts {
    pub(crate) regular: Face,
}

impl Fonts {
    /// Loads the face from `source`.
    pub fn load(source: &FontSource) -> Result<Fonts, FontError> {
        let regular = match source {
            FontSource::Embedded => Face::parse(EMBEDDED, 0, source)?,
            FontSource::File { path, face } => {
                let bytes = std::fs::read(path).map_err(|error| FontError::Read {
                    path: path.to_owned(),
                    source: error,
                })?;
                let index = face.unwrap_or(if bytes.starts_with(b"ttcf") {
                    NOTO_CJK_SC_FACE
                } else {
                    0
                });
                Face::parse(&bytes, index, source)?
            }
        };
        Ok(Fonts { regular })
    }

    /// Loads a font file: from a collection (`.ttc`) the Simplified Chinese face
    /// ([`NOTO_CJK_SC_FACE`]), from a single-face file face 0.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Fonts, FontError> {
        Fonts::load(&FontSource::File {
            path: path.as_ref().to_owned(),
            face: None,
        })
    }

    /// The face built into the binary.
    pub fn embedded() -> Result<Fonts, FontError> {
        Fonts::load(&FontSource::Embedded)
    }

    /// Noto Sans CJK where Linux distributions install it; an error when it is not there.
    pub fn from_system() -> Result<Fonts, FontError> {
        let dirs = FontSource::system_dirs();
        match FontSource::find(&dirs) {
            FontSource::Embedded => Err(FontError::NotFound { searched: dirs }),
            source => Fonts::load(&source),
        }
    }

    /// Where the face came from.
    pub fn source(&self) -> &FontSource {
        &self.regular.source
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
    source: FontSource,
    units_per_em: f32,
}

impl fmt::Debug for Face {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.source)
    }
}

impl Face {
    fn parse(bytes: &[u8], index: usize, source: &FontSource) -> Result<Face, FontError> {
        let parse_error = || FontError::Parse {
            font: source.clone(),
        };
        let mut font =
            ParsedFont::from_bytes(bytes, index, &mut Vec::new()).ok_or_else(parse_error)?;
        index_cmap(&mut font, bytes, index).ok_or_else(parse_error)?;
        let units_per_em = f32::from(font.font_metrics.units_per_em);
        if units_per_em <= 0.0 {
            return Err(parse_error());
        }
        let face = Face {
            font,
            source: source.clone(),
            units_per_em,
        };
        // "数据安全" must be drawable: a Latin-only font would print boxes for every Chinese word.
        if "数据安全".chars().any(|c| face.advance(c).is_none()) {
            return Err(FontError::NotChinese {
                font: source.clone(),
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
