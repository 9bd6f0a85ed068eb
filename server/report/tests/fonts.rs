//! Loading the report font: the face built into the binary, the system's Noto Sans CJK SC, and
//! errors that name the file.

#![allow(clippy::unwrap_used)]

use std::path::Path;

use ziping_report::fonts::{BOLD_STROKE, EMBEDDED};
use ziping_report::layout::{FontKind, Measure};
use ziping_report::{FontError, FontSource, Fonts};

fn system() -> Fonts {
    Fonts::from_system().unwrap_or_else(|e| panic!("the report tests need the system fonts: {e}"))
}

fn embedded() -> Fonts {
    Fonts::embedded().unwrap()
}

#[test]
fn the_system_fonts_measure_chinese_full_width_and_latin_narrower() {
    let fonts = system();
    let FontSource::File { path, .. } = fonts.source() else {
        panic!("the system font is a file: {:?}", fonts.source());
    };
    assert!(path.to_string_lossy().contains("NotoSansCJK"));
    assert_eq!(fonts.advance(FontKind::Regular, '数'), Some(1.0));
    assert_eq!(fonts.advance(FontKind::Regular, '，'), Some(1.0));
    let a = fonts.advance(FontKind::Regular, 'a').unwrap();
    assert!(a > 0.3 && a < 0.7, "{a}");
    assert!(fonts.advance(FontKind::Bold, 'W') > fonts.advance(FontKind::Regular, 'W'));
    assert!(fonts.has_char('《') && !fonts.has_char('😀'));
    assert_eq!(fonts.advance(FontKind::Regular, '😀'), None);
}

#[test]
fn the_built_in_face_measures_like_the_system_one() {
    let (built_in, system) = (embedded(), system());
    assert_eq!(built_in.source(), &FontSource::Embedded);
    for c in [
        '数', '，', '《', '》', 'a', 'W', '1', ' ', '—', '“', '①', '→', '≥',
    ] {
        assert_eq!(
            built_in.advance(FontKind::Regular, c),
            system.advance(FontKind::Regular, c),
            "{c}"
        );
    }
    assert!(!built_in.has_char('😀'));
}

#[test]
fn the_built_in_face_covers_the_cjk_ideographs_punctuation_and_latin() {
    let fonts = embedded();
    // U+9FF0–U+9FFF came with Unicode 13 and 14, after Noto Sans CJK 2.004: no release has them.
    let blocks = [
        (0x4E00, 0x9FEF, "CJK Unified Ideographs"),
        (0x3000, 0x303F, "CJK Symbols and Punctuation"),
        (0xFF01, 0xFF5E, "full-width forms"),
        (0x0020, 0x007E, "Basic Latin"),
    ];
    for (first, last, block) in blocks {
        let missing: Vec<String> = (first..=last)
            .filter_map(char::from_u32)
            .filter(|&c| !fonts.has_char(c))
            .map(|c| format!("U+{:04X}", u32::from(c)))
            .collect();
        assert!(missing.is_empty(), "{block}: {missing:?}");
    }
}

#[test]
fn the_built_in_face_has_every_character_of_the_bundled_content() {
    let fonts = embedded();
    let sources = questionnaires::bundled_sources();
    let method = include_str!("../../../questionnaires/METHOD.md");
    let texts = sources
        .catalog
        .iter()
        .chain(&sources.questionnaires)
        .map(|file| (file.path.as_str(), file.text.as_str()))
        .chain([("questionnaires/METHOD.md", method)]);
    let mut missing = Vec::new();
    for (path, text) in texts {
        for c in text.chars() {
            // Control characters are never drawn; the report prints sub- and superscript digits
            // as plain ones.
            let drawn = !c.is_control()
                && !('\u{2070}'..='\u{209F}').contains(&c)
                && !matches!(c, '¹' | '²' | '³');
            if drawn && !fonts.has_char(c) {
                missing.push(format!("{path}: {c} (U+{:04X})", u32::from(c)));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "run server/report/fonts/make-embedded-font.py: {missing:?}"
    );
}

#[test]
fn the_built_in_face_is_a_subset_small_enough_to_carry() {
    assert!(EMBEDDED.starts_with(b"OTTO"), "an OpenType CFF font");
    assert!(EMBEDDED.len() < 6 * 1024 * 1024, "{} bytes", EMBEDDED.len());
}

#[test]
fn without_the_system_font_the_built_in_face_is_chosen() {
    let empty = tempfile::tempdir().unwrap();
    assert_eq!(
        FontSource::find(&[empty.path().to_owned()]),
        FontSource::Embedded
    );
    let system = FontSource::find(&FontSource::system_dirs());
    assert!(matches!(system, FontSource::File { .. }), "{system:?}");
}

#[test]
fn a_missing_font_file_is_an_error_naming_it() {
    let err = Fonts::from_file("/nonexistent/NotoSansCJK-Regular.ttc").unwrap_err();
    assert!(matches!(err, FontError::Read { .. }));
    assert!(
        err.to_string()
            .contains("/nonexistent/NotoSansCJK-Regular.ttc"),
        "{err}"
    );
}

#[test]
fn a_file_that_is_not_a_font_is_refused() {
    let not_a_font = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml");
    let err = Fonts::from_file(&not_a_font).unwrap_err();
    assert!(matches!(err, FontError::Parse { .. }), "{err:?}");
    assert!(err.to_string().contains("Cargo.toml"), "{err}");
}

#[test]
fn bold_text_is_the_regular_face_with_room_for_its_outline() {
    let fonts = embedded();
    for c in ['数', '，', 'W', '1', ' '] {
        let regular = fonts.advance(FontKind::Regular, c).unwrap();
        assert_eq!(
            fonts.advance(FontKind::Bold, c),
            Some(regular + BOLD_STROKE)
        );
    }
    assert_eq!(fonts.advance(FontKind::Bold, '😀'), None);
}

#[test]
fn fonts_can_be_shared_between_threads() {
    fn shareable<T: Send + Sync + 'static>() {}
    shareable::<Fonts>();
    let fonts = std::sync::Arc::new(embedded());
    let other = std::sync::Arc::clone(&fonts);
    let measured = std::thread::spawn(move || other.advance(FontKind::Regular, '数'))
        .join()
        .unwrap();
    assert_eq!(measured, Some(1.0));
}
