//! Line breaking for mixed Chinese and Latin text.
//!
//! Break opportunities come from the Unicode line breaking algorithm (UAX #14, through the
//! `unicode-linebreak` crate): Latin text breaks at spaces and after hyphens, ideographs break
//! between any two characters. On top of that the Chinese kinsoku rules are enforced explicitly,
//! because they are what a reader notices first and UAX #14 leaves some of them to tailoring:
//! no line starts with closing punctuation (`，。、；：？！）》」』】…`) and none ends with opening
//! punctuation (`（《「『【`). A word wider than the line (a long URL, a SHA-256 digest) is split
//! between characters, since overflowing the column would be worse than an unusual break.
//!
//! The breaker only sees widths through a callback, so it is tested with a fixed-pitch measure
//! and used with the font's advance widths.

use std::ops::Range;

use unicode_linebreak::{BreakOpportunity, linebreaks};

/// Characters that must not begin a line (行首禁则): closing brackets and quotes, sentence and
/// clause punctuation, iteration marks, small kana, and their ASCII counterparts.
pub const NO_LINE_START: &[char] = &[
    '，', '。', '、', '；', '：', '？', '！', '）', '》', '」', '』', '】', '〕', '〉', '］', '｝',
    '〗', '〙', '”', '’', '…', '‥', '·', '・', '—', '–', '～', '〜', '％', '‰', '℃', '々', 'ー',
    '．', '!', ')', ',', '.', ':', ';', '?', ']', '}', '%', 'ぁ', 'ぃ', 'ぅ', 'ぇ', 'ぉ', 'っ',
    'ゃ', 'ゅ', 'ょ', 'ァ', 'ィ', 'ゥ', 'ェ', 'ォ', 'ッ', 'ャ', 'ュ', 'ョ',
];

/// Characters that must not end a line (行尾禁则): opening brackets and quotes and their ASCII
/// counterparts.
pub const NO_LINE_END: &[char] = &[
    '（', '《', '「', '『', '【', '〔', '〈', '［', '｛', '〖', '〘', '“', '‘', '(', '[', '{',
];

/// One line of broken text: a byte range into the text (trailing spaces and the line feed
/// excluded) and its width in the units of the width callback.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub range: Range<usize>,
    pub width: f32,
}

/// Breaks `text` into lines no wider than `max_width`, measuring each character with `width`
/// (called once per character with its byte offset, so a caller can switch fonts between
/// spans). A line feed forces a break; an empty text gives no lines. A single character wider
/// than the line gets a line of its own.
pub fn break_lines(
    text: &str,
    max_width: f32,
    mut width: impl FnMut(usize, char) -> f32,
) -> Vec<Line> {
    let chars: Vec<(usize, char, f32)> = text
        .char_indices()
        .map(|(i, c)| (i, c, width(i, c)))
        .collect();
    let n = chars.len();
    if n == 0 {
        return Vec::new();
    }

    // Break opportunities before char index k (1..n), from UAX #14 filtered by kinsoku.
    let mut allowed = vec![false; n + 1];
    let mut mandatory = vec![false; n + 1];
    let mut k = 0;
    for (byte, opportunity) in linebreaks(text) {
        while k < n && chars[k].0 < byte {
            k += 1;
        }
        if k == 0 || k >= n {
            continue;
        }
        match opportunity {
            BreakOpportunity::Mandatory => mandatory[k] = true,
            BreakOpportunity::Allowed => allowed[k] = kinsoku_allows(&chars, k),
        }
    }

    let mut lines = Vec::new();
    let mut start = 0;
    while start < n {
        let mut line_width = 0.0;
        let mut last_break: Option<usize> = None;
        let mut k = start;
        let end = loop {
            if k == n {
                break n;
            }
            if k > start && mandatory[k] {
                break k;
            }
            let (_, c, w) = chars[k];
            // Spaces may hang past the margin: they are trimmed from the line's end.
            if line_width + w > max_width && !c.is_whitespace() && k > start {
                break match last_break {
                    Some(b) => b,
                    None => emergency_break(&chars, start, k),
                };
            }
            line_width += w;
            k += 1;
            if k < n && allowed[k] {
                last_break = Some(k);
            }
        };
        lines.push(make_line(text, &chars, start, end));
        start = end;
    }
    lines
}

/// Whether the kinsoku rules allow a break before char index `k`.
fn kinsoku_allows(chars: &[(usize, char, f32)], k: usize) -> bool {
    if NO_LINE_START.contains(&chars[k].1) {
        return false;
    }
    let before = chars[..k]
        .iter()
        .rev()
        .map(|&(_, c, _)| c)
        .find(|c| !c.is_whitespace());
    !before.is_some_and(|c| NO_LINE_END.contains(&c))
}

/// Where to split a run that has no break opportunity but does not fit: the last position at
/// or before the overflowing char `k` that keeps closing punctuation off the next line's start
/// and opening punctuation off this line's end, or `k` itself when there is none. Always makes
/// progress.
fn emergency_break(chars: &[(usize, char, f32)], start: usize, k: usize) -> usize {
    let fine =
        |p: usize| !NO_LINE_START.contains(&chars[p].1) && !NO_LINE_END.contains(&chars[p - 1].1);
    (start + 1..=k)
        .rev()
        .find(|&p| fine(p))
        .unwrap_or(k)
        .max(start + 1)
}

fn make_line(text: &str, chars: &[(usize, char, f32)], start: usize, end: usize) -> Line {
    let mut visible_end = end;
    while visible_end > start && chars[visible_end - 1].1.is_whitespace() {
        visible_end -= 1;
    }
    let from = chars[start].0;
    let to = chars.get(visible_end).map_or(text.len(), |c| c.0);
    let width = chars[start..visible_end].iter().map(|c| c.2).sum();
    Line {
        range: from..to,
        width,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    /// Fixed pitch: ideographs and fullwidth punctuation 2 units, everything else 1.
    fn pitch(_: usize, c: char) -> f32 {
        if c.len_utf8() > 1 { 2.0 } else { 1.0 }
    }

    fn lines(text: &str, max: f32) -> Vec<&str> {
        break_lines(text, max, pitch)
            .into_iter()
            .map(|l| &text[l.range])
            .collect()
    }

    #[test]
    fn latin_text_breaks_at_spaces_and_drops_them() {
        assert_eq!(
            lines("the quick brown fox", 10.0),
            ["the quick", "brown fox"]
        );
    }

    #[test]
    fn chinese_text_breaks_between_ideographs() {
        assert_eq!(lines("数据安全管理制度", 6.0), ["数据安", "全管理", "制度"]);
    }

    #[test]
    fn no_line_starts_with_closing_punctuation() {
        // The break would fall before "，"; the preceding character moves down with it.
        let got = lines("数据安全，管理制度。", 8.0);
        assert_eq!(got, ["数据安", "全，管理", "制度。"]);
        // Realistic text: runs of at most two closing marks, so a rule-abiding break always exists.
        let text = "应当建立健全全流程数据安全管理制度，组织开展数据安全教育培训。采取相应的技术措施！\
                    保障数据安全（一）、依照《规定》；「附件」』所列：是否？另见【表】…";
        {
            for max in [8.0, 10.0, 12.0, 14.0, 16.0, 20.0] {
                for line in lines(text, max).iter().skip(1) {
                    let first = line.chars().next().unwrap();
                    assert!(
                        !NO_LINE_START.contains(&first),
                        "{line:?} starts with {first} at {max}"
                    );
                }
            }
        }
    }

    #[test]
    fn no_line_ends_with_opening_punctuation() {
        let text = "依据《数据安全法》（二〇二一年）和「个人信息保护法」『规定』【要求】的规定";
        for max in [4.0, 6.0, 8.0, 10.0, 12.0, 14.0, 16.0] {
            for line in lines(text, max) {
                let last = line.chars().last().unwrap();
                assert!(
                    !NO_LINE_END.contains(&last),
                    "{line:?} ends with {last} at {max}"
                );
            }
        }
    }

    #[test]
    fn a_word_wider_than_the_line_is_split_between_characters() {
        let digest = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        let got = lines(digest, 20.0);
        assert_eq!(got.len(), 4);
        assert!(got.iter().all(|l| l.len() <= 20));
        assert_eq!(got.concat(), digest);
        let url = "see https://example.com/a/very/long/path ok";
        let got = lines(url, 12.0);
        assert!(got.iter().all(|l| l.len() <= 12), "{got:?}");
        assert_eq!(got.concat().replace(' ', ""), url.replace(' ', ""));
    }

    #[test]
    fn mixed_text_breaks_between_scripts_and_keeps_words_whole() {
        let got = lines("依据Data Security Law第二十七条", 12.0);
        assert_eq!(got, ["依据Data", "Security Law", "第二十七条"]);
    }

    #[test]
    fn line_feeds_force_breaks_and_keep_blank_lines() {
        assert_eq!(lines("第一行\n\n第三行\n", 40.0), ["第一行", "", "第三行"]);
    }

    #[test]
    fn empty_text_gives_no_lines_and_widths_exclude_trailing_spaces() {
        assert!(break_lines("", 10.0, pitch).is_empty());
        let got = break_lines("ab cd", 3.0, pitch);
        assert_eq!(
            got[0],
            Line {
                range: 0..2,
                width: 2.0
            }
        );
        assert_eq!(
            got[1],
            Line {
                range: 3..5,
                width: 2.0
            }
        );
    }

    #[test]
    fn a_character_wider_than_the_line_still_makes_progress() {
        assert_eq!(lines("数据", 1.0), ["数", "据"]);
    }
}
