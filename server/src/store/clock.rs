//! Timestamps as stored and served: RFC 3339 in UTC with milliseconds, e.g.
//! `2026-03-01T08:30:00.123Z`. Fixed width, so text order is time order.

use time::OffsetDateTime;
use time::macros::format_description;

pub(super) fn now() -> String {
    format(OffsetDateTime::now_utc())
}

fn format(at: OffsetDateTime) -> String {
    let layout =
        format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");
    // Formatting fails only for years beyond 9999 or a description without the needed
    // components; neither can happen for the current UTC time with this fixed description.
    at.to_offset(time::UtcOffset::UTC)
        .format(layout)
        .expect("the current UTC time formats as RFC 3339")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_rfc3339_utc_with_milliseconds() {
        let at = time::macros::datetime!(2026-03-01 08:30:00.123456 UTC);
        assert_eq!(format(at), "2026-03-01T08:30:00.123Z");
        let parsed = OffsetDateTime::parse(&now(), &time::format_description::well_known::Rfc3339);
        assert!(parsed.is_ok(), "{parsed:?}");
    }
}
