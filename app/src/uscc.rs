//! The unified social credit code (统一社会信用代码) of GB 32100-2015, checked as the user types:
//! 18 characters from a 31-character alphabet (digits and capital letters without I, O, Z, S,
//! V), the administrative division code in positions 3–8 as digits, and the check digit in
//! position 18. The server checks again; this check only spares a round trip and says at once
//! which character is wrong.

/// The code's alphabet; a character's value is its index.
const ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/// Weight of positions 1–17: 3^(i−1) mod 31.
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// Why a code is not valid. Positions count from 1.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UsccError {
    Empty,
    /// Not 18 characters long.
    Length(usize),
    /// A character outside the alphabet.
    Character {
        position: usize,
        found: char,
    },
    /// Positions 3–8 are the administrative division code and must be digits.
    Division {
        position: usize,
        found: char,
    },
    /// The check digit does not match the first 17 characters.
    CheckDigit {
        expected: char,
        found: char,
    },
}

/// The code as the user means it: surrounding space removed, letters in capitals.
pub fn normalize(input: &str) -> String {
    input.trim().to_ascii_uppercase()
}

/// Checks a (normalized) code.
pub fn check(code: &str) -> Result<(), UsccError> {
    let chars: Vec<char> = code.chars().collect();
    if chars.is_empty() {
        return Err(UsccError::Empty);
    }
    let mut values = Vec::with_capacity(chars.len());
    for (index, &c) in chars.iter().enumerate() {
        let Some(value) = value_of(c) else {
            return Err(UsccError::Character {
                position: index + 1,
                found: c,
            });
        };
        if (2..8).contains(&index) && !c.is_ascii_digit() {
            return Err(UsccError::Division {
                position: index + 1,
                found: c,
            });
        }
        values.push(value);
    }
    if chars.len() != 18 {
        return Err(UsccError::Length(chars.len()));
    }
    let expected = check_digit(&values[..17]);
    if chars[17] != expected {
        return Err(UsccError::CheckDigit {
            expected,
            found: chars[17],
        });
    }
    Ok(())
}

fn value_of(c: char) -> Option<u32> {
    ALPHABET
        .chars()
        .position(|a| a == c)
        .and_then(|p| u32::try_from(p).ok())
}

/// The check digit of the first 17 character values: 31 − (Σ value·weight mod 31), with 31 → 0.
fn check_digit(values: &[u32]) -> char {
    let sum: u32 = values.iter().zip(WEIGHTS).map(|(v, w)| v * w).sum();
    let digit = (31 - sum % 31) % 31;
    ALPHABET.chars().nth(digit as usize).unwrap_or('0')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_codes_are_valid() {
        for code in [
            "91350100M000100Y43",
            "911100001000044477",
            "91110000600037341L",
        ] {
            assert_eq!(check(code), Ok(()), "{code}");
        }
    }

    #[test]
    fn a_wrong_check_digit_names_the_expected_one() {
        assert_eq!(
            check("91350100M000100Y44"),
            Err(UsccError::CheckDigit {
                expected: '3',
                found: '4'
            })
        );
    }

    #[test]
    fn letters_outside_the_alphabet_are_named_with_their_position() {
        assert_eq!(
            check("91350100I000100Y43"),
            Err(UsccError::Character {
                position: 9,
                found: 'I'
            })
        );
    }

    #[test]
    fn the_division_code_must_be_digits_and_length_is_checked_last() {
        assert_eq!(
            check("913A"),
            Err(UsccError::Division {
                position: 4,
                found: 'A'
            })
        );
        assert_eq!(check("9135"), Err(UsccError::Length(4)));
        assert_eq!(normalize(" 91350100m000100y43 "), "91350100M000100Y43");
    }
}
