//! Applicability conditions (`applies:`): a small expression language over profile facts.
//!
//! ```text
//! expr  := and ("or" and)*
//! and   := unary ("and" unary)*
//! unary := "not" unary | "(" expr ")" | atom
//! atom  := "always" | FACT | FACT OP OPTION        OP := == != < <= > >=
//! ```
//!
//! [`Condition::parse`] checks the syntax only; the loader also checks every fact and option
//! against the questionnaire's profile, pointing at the offending token.

use std::fmt;

use crate::model::{Cmp, Condition, Fact, FactKind};
use crate::source::Span;

/// A mistake in a condition, with the byte span of the offending token in the condition text.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ConditionError {
    pub at: Span,
    pub message: String,
    pub hint: String,
}

/// Conditions nested deeper than this are refused rather than risking the stack.
const MAX_DEPTH: usize = 64;

impl Condition {
    /// Parses a condition, checking its syntax only.
    pub fn parse(src: &str) -> Result<Condition, ConditionError> {
        let (condition, mut errors) = parse_checked(src, None);
        match condition {
            Some(c) if errors.is_empty() => Ok(c),
            _ => Err(errors.swap_remove(0)),
        }
    }
}

/// Parses a condition and, given the profile facts, checks that every fact exists and is used
/// as its kind allows. A syntax error stops parsing (no condition is returned); fact errors are
/// all collected.
pub(crate) fn parse_checked(
    src: &str,
    facts: Option<&[Fact]>,
) -> (Option<Condition>, Vec<ConditionError>) {
    let mut p = ConditionParser {
        tokens: Vec::new(),
        pos: 0,
        facts,
        errors: Vec::new(),
        src,
    };
    if let Err(e) = p.tokenize() {
        return (None, vec![e]);
    }
    let result = p.expr(0).and_then(|c| match p.peek() {
        (Token::End, _) => Ok(c),
        (token, at) => Err(ConditionError {
            message: format!("unexpected {}", token.describe()),
            hint: "join conditions with `and` or `or`".to_owned(),
            at,
        }),
    });
    match result {
        Ok(c) => (Some(c), p.errors),
        Err(e) => {
            let mut errors = vec![e];
            errors.extend(p.errors);
            (None, errors)
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Token<'a> {
    Ident(&'a str),
    Op(Cmp),
    Open,
    Close,
    End,
}

impl Token<'_> {
    fn describe(&self) -> String {
        match self {
            Token::Ident(s) => format!("`{s}`"),
            Token::Op(c) => format!("`{}`", cmp_str(*c)),
            Token::Open => "`(`".to_owned(),
            Token::Close => "`)`".to_owned(),
            Token::End => "end of the condition".to_owned(),
        }
    }
}

struct ConditionParser<'a, 'f> {
    src: &'a str,
    tokens: Vec<(Token<'a>, Span)>,
    pos: usize,
    facts: Option<&'f [Fact]>,
    errors: Vec<ConditionError>,
}

fn error(at: Span, message: impl Into<String>, hint: impl Into<String>) -> ConditionError {
    ConditionError {
        at,
        message: message.into(),
        hint: hint.into(),
    }
}

impl<'a> ConditionParser<'a, '_> {
    fn tokenize(&mut self) -> Result<(), ConditionError> {
        let src = self.src;
        let mut chars = src.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let next = chars.peek().map(|&(_, c)| c);
            let two_char = match (c, next) {
                ('=', Some('=')) => Some(Cmp::Eq),
                ('!', Some('=')) => Some(Cmp::Ne),
                ('<', Some('=')) => Some(Cmp::Le),
                ('>', Some('=')) => Some(Cmp::Ge),
                _ => None,
            };
            if let Some(cmp) = two_char {
                chars.next();
                self.tokens.push((Token::Op(cmp), i..i + 2));
                continue;
            }
            let token = match c {
                _ if c.is_whitespace() => continue,
                '(' => (Token::Open, i..i + 1),
                ')' => (Token::Close, i..i + 1),
                '<' => (Token::Op(Cmp::Lt), i..i + 1),
                '>' => (Token::Op(Cmp::Gt), i..i + 1),
                '=' => {
                    return Err(error(
                        i..i + 1,
                        "`=` is not an operator",
                        "compare with `==`",
                    ));
                }
                '&' | '|' | '!' => {
                    return Err(error(
                        i..i + 1,
                        format!("`{c}` is not an operator"),
                        "write `and`, `or` and `not` as words",
                    ));
                }
                _ if is_ident_char(c) => {
                    let mut end = i + 1;
                    while let Some(&(j, c)) = chars.peek() {
                        if !is_ident_char(c) {
                            break;
                        }
                        end = j + 1;
                        chars.next();
                    }
                    (Token::Ident(&src[i..end]), i..end)
                }
                _ => {
                    return Err(error(
                        i..i + c.len_utf8(),
                        format!("unexpected character `{c}`"),
                        "conditions use fact and option ids ([A-Za-z0-9_]), `and`, `or`, `not`, parentheses and == != < <= > >=",
                    ));
                }
            };
            self.tokens.push(token);
        }
        self.tokens.push((Token::End, src.len()..src.len()));
        Ok(())
    }

    fn peek(&self) -> (Token<'a>, Span) {
        self.tokens
            .get(self.pos)
            .cloned()
            .unwrap_or((Token::End, self.src.len()..self.src.len()))
    }

    fn bump(&mut self) -> (Token<'a>, Span) {
        let t = self.peek();
        self.pos += 1;
        t
    }

    fn keyword(&self, word: &str) -> bool {
        matches!(self.peek().0, Token::Ident(s) if s == word)
    }

    fn expr(&mut self, depth: usize) -> Result<Condition, ConditionError> {
        let mut args = vec![self.and(depth)?];
        while self.keyword("or") {
            self.bump();
            args.push(self.and(depth)?);
        }
        Ok(if args.len() == 1 {
            args.swap_remove(0)
        } else {
            Condition::Or { args }
        })
    }

    fn and(&mut self, depth: usize) -> Result<Condition, ConditionError> {
        let mut args = vec![self.unary(depth)?];
        while self.keyword("and") {
            self.bump();
            args.push(self.unary(depth)?);
        }
        Ok(if args.len() == 1 {
            args.swap_remove(0)
        } else {
            Condition::And { args }
        })
    }

    fn unary(&mut self, depth: usize) -> Result<Condition, ConditionError> {
        let (token, at) = self.bump();
        if depth > MAX_DEPTH {
            return Err(error(
                at,
                "the condition is nested too deeply",
                "simplify it",
            ));
        }
        match token {
            Token::Ident("not") => Ok(Condition::Not {
                arg: Box::new(self.unary(depth + 1)?),
            }),
            Token::Open => {
                let inner = self.expr(depth + 1)?;
                match self.bump() {
                    (Token::Close, _) => Ok(inner),
                    (token, close_at) => Err(error(
                        close_at,
                        format!("expected `)` but found {}", token.describe()),
                        "every `(` needs a matching `)`",
                    )),
                }
            }
            Token::Ident("always") => Ok(Condition::Always),
            Token::Ident(word @ ("and" | "or")) => Err(error(
                at,
                format!("expected a fact before `{word}`"),
                "e.g. `important_data and pi_volume >= 1m`",
            )),
            Token::Ident(fact) => self.atom(fact, at),
            token => Err(error(
                at,
                format!("expected a fact but found {}", token.describe()),
                "e.g. `important_data`, `not minors` or `pi_volume >= 1m`",
            )),
        }
    }

    fn atom(&mut self, fact: &str, fact_at: Span) -> Result<Condition, ConditionError> {
        let Token::Op(cmp) = self.peek().0 else {
            self.check(fact, &fact_at, None);
            return Ok(Condition::Fact {
                fact: fact.to_owned(),
            });
        };
        let (_, op_at) = self.bump();
        match self.bump() {
            (Token::Ident(value), value_at)
                if !matches!(value, "and" | "or" | "not" | "always") =>
            {
                self.check(fact, &fact_at, Some((&op_at, value, &value_at)));
                Ok(Condition::Compare {
                    fact: fact.to_owned(),
                    cmp,
                    value: value.to_owned(),
                })
            }
            (token, at) => Err(error(
                at,
                format!(
                    "expected an option of `{fact}` but found {}",
                    token.describe()
                ),
                "compare a one-of fact with one of its options, e.g. `pi_volume >= 1m`",
            )),
        }
    }

    /// Checks an atom against the profile facts, if the parser was given them.
    fn check(&mut self, fact: &str, fact_at: &Span, compare: Option<(&Span, &str, &Span)>) {
        let Some(facts) = self.facts else { return };
        let Some(found) = facts.iter().find(|f| f.id == fact) else {
            let known: Vec<&str> = facts.iter().map(|f| f.id.as_str()).collect();
            let hint = if known.is_empty() {
                "the profile declares no facts".to_owned()
            } else {
                format!("the profile facts are: {}", known.join(", "))
            };
            self.errors.push(error(
                fact_at.clone(),
                format!("unknown profile fact `{fact}`"),
                hint,
            ));
            return;
        };
        match (&found.kind, compare) {
            (FactKind::YesNo, None) => {}
            (FactKind::YesNo, Some((op_at, _, _))) => self.errors.push(error(
                op_at.clone(),
                format!("`{fact}` is a yes-no fact and cannot be compared"),
                format!("use it bare: `{fact}` or `not {fact}`"),
            )),
            (FactKind::OneOf { options }, None) => self.errors.push(error(
                fact_at.clone(),
                format!("`{fact}` is a one-of fact and must be compared with one of its options"),
                format!(
                    "e.g. `{fact} == {}`",
                    options.first().map_or("…", |o| o.id.as_str())
                ),
            )),
            (FactKind::OneOf { options }, Some((_, value, value_at))) => {
                if !options.iter().any(|o| o.id == value) {
                    let ids: Vec<&str> = options.iter().map(|o| o.id.as_str()).collect();
                    self.errors.push(error(
                        value_at.clone(),
                        format!("`{fact}` has no option `{value}`"),
                        format!("the options of `{fact}` are: {}", ids.join(", ")),
                    ));
                }
            }
        }
    }
}

fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

fn cmp_str(cmp: Cmp) -> &'static str {
    match cmp {
        Cmp::Eq => "==",
        Cmp::Ne => "!=",
        Cmp::Lt => "<",
        Cmp::Le => "<=",
        Cmp::Gt => ">",
        Cmp::Ge => ">=",
    }
}

impl fmt::Display for Cmp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(cmp_str(*self))
    }
}

impl fmt::Display for Condition {
    /// The canonical source form, with only the parentheses the grammar needs:
    /// `important_data or pi_volume >= 1m and not (minors or ciio)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Binding strength: or < and < not/atoms.
        fn strength(c: &Condition) -> u8 {
            match c {
                Condition::Or { .. } => 0,
                Condition::And { .. } => 1,
                _ => 2,
            }
        }
        fn write_part(f: &mut fmt::Formatter<'_>, c: &Condition, min: u8) -> fmt::Result {
            if strength(c) < min {
                write!(f, "({c})")
            } else {
                write!(f, "{c}")
            }
        }
        fn join(
            f: &mut fmt::Formatter<'_>,
            args: &[Condition],
            word: &str,
            min: u8,
        ) -> fmt::Result {
            for (i, arg) in args.iter().enumerate() {
                if i > 0 {
                    write!(f, " {word} ")?;
                }
                write_part(f, arg, min)?;
            }
            Ok(())
        }
        match self {
            Condition::Always => f.write_str("always"),
            Condition::Fact { fact } => f.write_str(fact),
            Condition::Compare { fact, cmp, value } => write!(f, "{fact} {cmp} {value}"),
            Condition::Not { arg } => {
                f.write_str("not ")?;
                write_part(f, arg, 2)
            }
            // An argument of the same kind is bracketed, so that nesting survives a round trip.
            Condition::And { args } => join(f, args, "and", 2),
            Condition::Or { args } => join(f, args, "or", 1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FactOption, Text};

    fn facts() -> Vec<Fact> {
        let fact = |id: &str, kind| Fact {
            id: id.to_owned(),
            text: Text::default(),
            help: Text::default(),
            kind,
            citations: Vec::new(),
        };
        let option = |id: &str| FactOption {
            id: id.to_owned(),
            label: Text::default(),
        };
        vec![
            fact("important_data", FactKind::YesNo),
            fact("minors", FactKind::YesNo),
            fact(
                "pi_volume",
                FactKind::OneOf {
                    options: vec![option("lt100k"), option("1m"), option("10m")],
                },
            ),
        ]
    }

    #[test]
    fn precedence_is_not_then_and_then_or() {
        let c = Condition::parse("a or not b and (c or d) and e").expect("valid");
        assert_eq!(c.to_string(), "a or not b and (c or d) and e");
        let Condition::Or { args } = &c else {
            panic!("an or: {c:?}")
        };
        assert!(matches!(&args[1], Condition::And { args } if args.len() == 3));
    }

    #[test]
    fn display_prints_the_canonical_form() {
        for (src, canonical) in [
            ("always", "always"),
            ("(a)", "a"),
            ("pi_volume>=1m", "pi_volume >= 1m"),
            ("not (a and b)", "not (a and b)"),
            ("not not a", "not not a"),
            ("(a or b) or c", "(a or b) or c"),
            ("a  and(b or c)", "a and (b or c)"),
            (
                "x != y and x < y or x <= y and x > y or x == y",
                "x != y and x < y or x <= y and x > y or x == y",
            ),
        ] {
            let c = Condition::parse(src).expect(src);
            assert_eq!(c.to_string(), canonical, "{src}");
            assert_eq!(Condition::parse(canonical).as_ref(), Ok(&c), "{src}");
        }
    }

    #[test]
    fn syntax_errors_point_at_the_token() {
        for (src, bad, message) in [
            ("", "", "expected a fact but found end of the condition"),
            (
                "a and",
                "",
                "expected a fact but found end of the condition",
            ),
            ("a b", "b", "unexpected `b`"),
            ("(a or b", "", "expected `)` but found end of the condition"),
            ("a && b", "&", "`&` is not an operator"),
            ("x = y", "=", "`=` is not an operator"),
            (
                "x >= and",
                "and",
                "expected an option of `x` but found `and`",
            ),
            ("and a", "and", "expected a fact before `and`"),
            ("重要数据", "重", "unexpected character `重`"),
        ] {
            let e = Condition::parse(src).expect_err(src);
            assert_eq!(
                (&src[e.at.clone()], e.message.as_str()),
                (bad, message),
                "{src}"
            );
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let src = format!("{}a{}", "(".repeat(10_000), ")".repeat(10_000));
        assert!(Condition::parse(&src).is_err());
        let src = format!("{}a", "not ".repeat(10_000));
        assert!(Condition::parse(&src).is_err());
    }

    #[test]
    fn facts_are_checked_against_the_profile_and_all_errors_are_kept() {
        let facts = facts();
        let src = "important_data >= 1m or pi_volume or unknown or pi_volume == 2m or minors";
        let (c, errors) = parse_checked(src, Some(&facts));
        assert!(c.is_some());
        let found: Vec<_> = errors
            .iter()
            .map(|e| (&src[e.at.clone()], e.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    ">=",
                    "`important_data` is a yes-no fact and cannot be compared"
                ),
                (
                    "pi_volume",
                    "`pi_volume` is a one-of fact and must be compared with one of its options"
                ),
                ("unknown", "unknown profile fact `unknown`"),
                ("2m", "`pi_volume` has no option `2m`"),
            ]
        );
        assert_eq!(
            errors[3].hint,
            "the options of `pi_volume` are: lt100k, 1m, 10m"
        );
    }
}
