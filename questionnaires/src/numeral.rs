//! Chinese numerals as laws number their articles and paragraphs: 一 … 九十九, 一百, 一百零五,
//! 一百二十. Arabic digits are accepted too, since some official texts number articles 第21条.

/// Parses a numeral up to 9999: Chinese (`二十七`, `十一`, `一百零五`, `一百〇五`, `两百`) or
/// ASCII digits. `None` for anything else, including an empty string and overflow.
pub fn parse(s: &str) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    if s.bytes().all(|b| b.is_ascii_digit()) {
        return if s.len() <= 9 { s.parse().ok() } else { None };
    }
    let mut total = 0u32;
    // The digit waiting for its unit; `None` right after a unit or a zero.
    let mut pending: Option<u32> = None;
    // The last unit used, so that units come in decreasing order (一百二十, not 二十一百).
    let mut last_unit = u32::MAX;
    for c in s.chars() {
        if let Some(d) = digit(c) {
            if pending.is_some() {
                return None;
            }
            if d != 0 {
                pending = Some(d);
            }
            continue;
        }
        let unit = match c {
            '十' | '拾' => 10,
            '百' | '佰' => 100,
            '千' | '仟' => 1000,
            _ => return None,
        };
        if unit >= last_unit {
            return None;
        }
        // A bare 十 at the start means 一十 (十一 = 11); elsewhere a unit needs its digit.
        let d = match pending.take() {
            Some(d) => d,
            None if unit == 10 && total == 0 => 1,
            None => return None,
        };
        total += d * unit;
        last_unit = unit;
    }
    let total = total + pending.unwrap_or(0);
    (total > 0).then_some(total)
}

fn digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' => 0,
        '一' | '壹' => 1,
        '二' | '两' | '贰' => 2,
        '三' | '叁' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

/// Formats a number the way laws number articles: 1 → 一, 10 → 十, 27 → 二十七, 105 → 一百零五,
/// 120 → 一百二十. Numbers above 9999 and zero are written with digits.
pub fn format(n: u32) -> String {
    const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    if n == 0 || n > 9999 {
        return n.to_string();
    }
    if (10..20).contains(&n) {
        // 十一, not 一十一, at the start of a numeral.
        let mut s = String::from('十');
        if n > 10 {
            s.push(DIGITS[(n - 10) as usize]);
        }
        return s;
    }
    let mut s = String::new();
    let mut zero = false;
    for (unit, name) in [
        (1000, Some('千')),
        (100, Some('百')),
        (10, Some('十')),
        (1, None),
    ] {
        let d = (n / unit) % 10;
        if d == 0 {
            zero = !s.is_empty();
            continue;
        }
        if zero {
            s.push('零');
            zero = false;
        }
        s.push(DIGITS[d as usize]);
        if let Some(name) = name {
            s.push(name);
        }
    }
    s
}

/// Roman numerals, as English texts number the parts of a document: 3 → III, 14 → XIV. Zero and
/// numbers above 3999 are written with digits.
pub fn roman(n: u32) -> String {
    const VALUES: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    if n == 0 || n > 3999 {
        return n.to_string();
    }
    let mut rest = n;
    let mut s = String::new();
    for (value, letters) in VALUES {
        while rest >= value {
            s.push_str(letters);
            rest -= value;
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_numerals_laws_use() {
        for (s, n) in [
            ("一", 1),
            ("十", 10),
            ("十一", 11),
            ("二十", 20),
            ("二十七", 27),
            ("九十九", 99),
            ("一百", 100),
            ("一百零五", 105),
            ("一百〇五", 105),
            ("一百一十", 110),
            ("一百二十", 120),
            ("两百", 200),
            ("一千零一", 1001),
            ("21", 21),
        ] {
            assert_eq!(parse(s), Some(n), "{s}");
        }
        for s in [
            "",
            "零",
            "二二",
            "十十",
            "百",
            "二十一百",
            "第一",
            "1a",
            "一千百",
        ] {
            assert_eq!(parse(s), None, "{s}");
        }
    }

    #[test]
    fn roman_numerals_number_parts() {
        for (n, s) in [
            (1, "I"),
            (3, "III"),
            (4, "IV"),
            (6, "VI"),
            (9, "IX"),
            (14, "XIV"),
            (40, "XL"),
            (1994, "MCMXCIV"),
            (0, "0"),
            (4000, "4000"),
        ] {
            assert_eq!(roman(n), s, "{n}");
        }
    }

    #[test]
    fn formats_and_parses_back_every_number_up_to_9999() {
        assert_eq!(format(27), "二十七");
        assert_eq!(format(105), "一百零五");
        assert_eq!(format(110), "一百一十");
        assert_eq!(format(1001), "一千零一");
        for n in 1..=9999 {
            assert_eq!(parse(&format(n)), Some(n), "{n} {}", format(n));
        }
    }
}
