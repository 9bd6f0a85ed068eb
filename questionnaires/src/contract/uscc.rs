//! 统一社会信用代码 (unified social credit code) per GB 32100-2015: 18 characters from a 31-character
//! alphabet (digits and capitals without I, O, S, V, Z); the last one is a check character over
//! the first 17 with weights 3^(i-1) mod 31.

use std::fmt;

use super::limits::USCC_LEN;

/// The code alphabet; a character's value is its index.
const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
/// Weights of positions 1–17: 3^(i-1) mod 31.
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// What [`Uscc::parse`] accepts before it checks the check character, as a regular expression
/// (ECMA 262, for the API's schema) without the white space it trims: 18 characters of the
/// alphabet in either case, the 3rd to the 8th digits.
pub const USCC_SHAPE: &str =
    "[0-9A-HJ-NP-RTUW-Ya-hj-np-rtuw-y]{2}[0-9]{6}[0-9A-HJ-NP-RTUW-Ya-hj-np-rtuw-y]{10}";

/// A unified social credit code whose characters and check digit are valid.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Uscc(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UsccError {
    #[error("a unified social credit code has 18 characters; `{code}` has {len}")]
    Length { code: String, len: usize },
    #[error(
        "character {position} of `{code}` is `{found}`, which a unified social credit code never \
         contains (only digits and capital letters except I, O, S, V and Z)"
    )]
    Character {
        code: String,
        position: usize,
        found: char,
    },
    #[error(
        "characters 3 to 8 of `{code}` are the administrative division code and must be digits; \
         character {position} is `{found}`"
    )]
    Division {
        code: String,
        position: usize,
        found: char,
    },
    #[error(
        "the check character (the 18th) of `{code}` is `{found}`, but the first 17 characters \
         give `{expected}`; check the code for a typing mistake"
    )]
    CheckDigit {
        code: String,
        found: char,
        expected: char,
    },
}

impl Uscc {
    /// Parses a code. Surrounding spaces are ignored and lower-case letters accepted, because
    /// people copy codes from documents; the stored form is upper case.
    pub fn parse(input: &str) -> Result<Uscc, UsccError> {
        let code = normalize(input);
        let mut values = Vec::with_capacity(USCC_LEN);
        // Characters first, then the length: while a code is being typed, a wrong character is
        // reported as soon as it is there.
        for (i, c) in code.chars().enumerate() {
            let Some(value) = value_of(c) else {
                return Err(UsccError::Character {
                    code: code.clone(),
                    position: i + 1,
                    found: c,
                });
            };
            if (2..8).contains(&i) && !c.is_ascii_digit() {
                return Err(UsccError::Division {
                    code: code.clone(),
                    position: i + 1,
                    found: c,
                });
            }
            values.push(value);
        }
        if values.len() != USCC_LEN {
            let len = values.len();
            return Err(UsccError::Length { code, len });
        }
        let sum: u32 = WEIGHTS.iter().zip(&values).map(|(w, v)| w * v).sum();
        let check = (31 - sum % 31) % 31;
        let expected = char::from(ALPHABET[check as usize]);
        let found = code.chars().last().unwrap_or(' ');
        if found != expected {
            return Err(UsccError::CheckDigit {
                code,
                found,
                expected,
            });
        }
        Ok(Uscc(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Uscc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A code as the user means it: surrounding space removed, letters in capitals.
pub fn normalize(input: &str) -> String {
    input.trim().to_ascii_uppercase()
}

fn value_of(c: char) -> Option<u32> {
    let byte = u8::try_from(c).ok()?;
    ALPHABET
        .iter()
        .position(|&a| a == byte)
        .and_then(|i| u32::try_from(i).ok())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn published_codes_are_valid() {
        // Codes printed on public business licences.
        for code in [
            "91350100M000100Y43",
            "91440300708461136T",
            "91110108551385082Q",
        ] {
            assert_eq!(Uscc::parse(code).map(|c| c.0), Ok(code.to_owned()));
        }
    }

    #[test]
    fn lower_case_and_spaces_are_normalised() {
        assert_eq!(
            Uscc::parse(" 91350100m000100y43 ").map(|c| c.0),
            Ok("91350100M000100Y43".to_owned())
        );
    }

    #[test]
    fn a_wrong_check_character_names_the_expected_one() {
        let error = Uscc::parse("91350100M000100Y44").unwrap_err();
        assert_eq!(
            error,
            UsccError::CheckDigit {
                code: "91350100M000100Y44".to_owned(),
                found: '4',
                expected: '3'
            }
        );
        assert!(error.to_string().contains("`3`"), "{error}");
    }

    #[test]
    fn letters_the_alphabet_leaves_out_are_refused_with_their_position() {
        let error = Uscc::parse("91350100I000100Y43").unwrap_err();
        assert!(matches!(
            error,
            UsccError::Character {
                position: 9,
                found: 'I',
                ..
            }
        ));
    }

    #[test]
    fn the_division_code_must_be_digits() {
        assert!(matches!(
            Uscc::parse("913A0100M000100Y43"),
            Err(UsccError::Division { position: 4, .. })
        ));
    }

    #[test]
    fn the_length_is_checked_in_characters() {
        assert!(matches!(
            Uscc::parse("9135010"),
            Err(UsccError::Length { len: 7, .. })
        ));
        assert!(matches!(
            Uscc::parse("统一社会信用代码统一社会信用代码统一"),
            Err(UsccError::Character { position: 1, .. })
        ));
        assert!(matches!(
            Uscc::parse(""),
            Err(UsccError::Length { len: 0, .. })
        ));
    }

    #[test]
    fn a_wrong_character_is_named_before_the_code_is_complete() {
        assert!(matches!(
            Uscc::parse("913A"),
            Err(UsccError::Division { position: 4, .. })
        ));
        assert!(matches!(
            Uscc::parse("9135"),
            Err(UsccError::Length { len: 4, .. })
        ));
    }

    #[test]
    fn every_single_character_change_is_detected() {
        // The check character catches every substitution of one character.
        let code: Vec<u8> = b"91350100M000100Y43".to_vec();
        for position in 0..17 {
            for &replacement in ALPHABET {
                if replacement == code[position]
                    || (2..8).contains(&position) && !replacement.is_ascii_digit()
                {
                    continue;
                }
                let mut changed = code.clone();
                changed[position] = replacement;
                let changed = String::from_utf8(changed).unwrap();
                assert!(
                    matches!(Uscc::parse(&changed), Err(UsccError::CheckDigit { .. })),
                    "{changed}"
                );
            }
        }
    }
}
