//! Loading the report fonts: the system's Noto Sans CJK SC, and errors that name the file.

#![allow(clippy::unwrap_used)]

use std::path::Path;

use ziping_report::fonts::BOLD_STROKE;
use ziping_report::layout::{FontKind, Measure};
use ziping_report::{FontError, Fonts};

fn system() -> Fonts {
    Fonts::from_system().unwrap_or_else(|e| panic!("the report tests need the system fonts: {e}"))
}

#[test]
fn the_system_fonts_measure_chinese_full_width_and_latin_narrower() {
    let fonts = system();
    assert!(
        fonts
            .regular_path()
            .to_string_lossy()
            .contains("NotoSansCJK")
    );
    assert_eq!(fonts.advance(FontKind::Regular, '数'), Some(1.0));
    assert_eq!(fonts.advance(FontKind::Regular, '，'), Some(1.0));
    let a = fonts.advance(FontKind::Regular, 'a').unwrap();
    assert!(a > 0.3 && a < 0.7, "{a}");
    assert!(fonts.advance(FontKind::Bold, 'W') > fonts.advance(FontKind::Regular, 'W'));
    assert!(fonts.has_char('《') && !fonts.has_char('😀'));
    assert_eq!(fonts.advance(FontKind::Regular, '😀'), None);
}

#[test]
fn a_missing_font_file_is_an_error_naming_it() {
    let err =
        Fonts::load("/nonexistent/NotoSansCJK-Regular.ttc", "/nonexistent/b.ttc").unwrap_err();
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
    let err = Fonts::load(&not_a_font, &not_a_font).unwrap_err();
    assert!(matches!(err, FontError::Parse { .. }), "{err:?}");
    assert!(err.to_string().contains("Cargo.toml"), "{err}");
}

#[test]
fn bold_text_is_the_regular_face_with_room_for_its_outline() {
    let fonts = system();
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
fn the_same_file_may_serve_as_regular_and_bold() {
    let regular = system().regular_path().to_owned();
    let fonts = Fonts::load(&regular, &regular).unwrap();
    assert_eq!(fonts.bold_path(), regular);
    assert_eq!(fonts.advance(FontKind::Regular, '数'), Some(1.0));
}

#[test]
fn a_bold_file_that_is_not_a_font_is_refused_too() {
    let regular = system().regular_path().to_owned();
    let not_a_font = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml");
    let err = Fonts::load(&regular, &not_a_font).unwrap_err();
    assert!(matches!(err, FontError::Parse { .. }), "{err:?}");
    assert!(err.to_string().contains("Cargo.toml"), "{err}");
}

#[test]
fn fonts_can_be_shared_between_threads() {
    fn shareable<T: Send + Sync + 'static>() {}
    shareable::<Fonts>();
    let fonts = std::sync::Arc::new(system());
    let other = std::sync::Arc::clone(&fonts);
    let measured = std::thread::spawn(move || other.advance(FontKind::Regular, '数'))
        .join()
        .unwrap();
    assert_eq!(measured, Some(1.0));
}
