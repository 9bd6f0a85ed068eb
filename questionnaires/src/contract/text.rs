//! Free text from requests: the local user name that every change carries, and the length
//! limits on names, labels and notes. Lengths count characters, not bytes, so a Chinese note has
//! the same limit as an English one.

use std::fmt;

/// Why a text field was refused. `field` names it the way the API does (`note`, `cycle`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("`{field}` must not be blank")]
    Blank { field: &'static str },
    #[error("`{field}` has {len} characters; at most {max} are allowed")]
    TooLong {
        field: &'static str,
        len: usize,
        max: usize,
    },
    #[error("`{field}` contains a control character (such as a line break) where none is allowed")]
    Control { field: &'static str },
}

/// The characters `char::is_control` is true of, as the inside of a regular-expression
/// character class (ECMA 262, for the API's schemas).
pub const CONTROL: &str = r"\x00-\x1F\x7F-\x9F";
/// The characters `char::is_whitespace` is true of (Unicode `White_Space`), which `str::trim`
/// removes, as the inside of a character class.
pub const WHITESPACE: &str =
    r"\x09-\x0D\x20\x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000";

/// Checks that `value` has at most `max` characters.
pub fn bounded(field: &'static str, value: &str, max: usize) -> Result<(), TextError> {
    let len = value.chars().count();
    if len > max {
        return Err(TextError::TooLong { field, len, max });
    }
    Ok(())
}

/// A one-line text of at most `max` characters as sent (surrounding spaces count, so that the
/// limit is the one a client can check), without control characters; returned trimmed, and
/// possibly empty.
pub fn line(field: &'static str, value: &str, max: usize) -> Result<String, TextError> {
    bounded(field, value, max)?;
    if value.chars().any(char::is_control) {
        return Err(TextError::Control { field });
    }
    Ok(value.trim().to_owned())
}

/// A one-line text like [`line`] that must not be blank.
pub fn required(field: &'static str, value: &str, max: usize) -> Result<String, TextError> {
    let value = line(field, value, max)?;
    if value.is_empty() {
        return Err(TextError::Blank { field });
    }
    Ok(value)
}

/// The local user name (chosen once in the interface) recorded with every change.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct UserName(String);

impl UserName {
    pub const MAX: usize = super::limits::USER_NAME_MAX;

    pub fn parse(value: &str) -> Result<UserName, TextError> {
        required("user", value, Self::MAX).map(UserName)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UserName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_names_are_trimmed_and_bounded_in_characters() {
        assert_eq!(
            UserName::parse("  张三 ").map(|u| u.0),
            Ok("张三".to_owned())
        );
        assert!(UserName::parse(&"张".repeat(64)).is_ok());
        assert_eq!(
            UserName::parse(&"张".repeat(65)),
            Err(TextError::TooLong {
                field: "user",
                len: 65,
                max: 64
            })
        );
        assert_eq!(
            UserName::parse("  \u{3000}"),
            Err(TextError::Blank { field: "user" })
        );
        assert_eq!(
            UserName::parse(" \t"),
            Err(TextError::Control { field: "user" })
        );
        assert_eq!(
            UserName::parse("a\nb"),
            Err(TextError::Control { field: "user" })
        );
    }
}
