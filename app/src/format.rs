//! Numbers, dates and sizes as the interface shows them. Scores go through
//! `questionnaires::score::display` (one decimal, rounded half up), the same as the report.

use questionnaires::score::display;
use web_sys::js_sys;

/// An RFC 3339 timestamp from the server in the browser's local time, `2026-03-01 16:05`; the
/// input unchanged if the browser cannot read it.
pub fn datetime(rfc3339: &str) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(rfc3339));
    let millis = date.get_time();
    if millis.is_nan() {
        return rfc3339.to_owned();
    }
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        date.get_full_year(),
        date.get_month() + 1,
        date.get_date(),
        date.get_hours(),
        date.get_minutes()
    )
}

/// The local time now, `16:05:09`, for "saved at".
pub fn time_now() -> String {
    let date = js_sys::Date::new_0();
    format!(
        "{:02}:{:02}:{:02}",
        date.get_hours(),
        date.get_minutes(),
        date.get_seconds()
    )
}

/// The current year in local time, for the default review cycle label.
pub fn current_year() -> u32 {
    js_sys::Date::new_0().get_full_year()
}

/// A completion or score as a percentage, `82.5%`, or an en dash when there is none.
pub fn percent(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_owned(), |v| format!("{}%", display(v)))
}

/// A file size in bytes, KB or MB (1024-based, as file managers on Windows show them).
pub fn size(bytes: u64) -> String {
    if bytes < 1024 {
        format!("{bytes} B")
    } else if bytes < 1024 * 1024 {
        format!("{:.1} KB", bytes as f64 / 1024.0)
    } else {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    }
}
