//! Exact reading of the numbers Chinese news writes: Arabic digits with
//! thousands separators and decimals, Chinese numerals (小写 and 大写), mixed
//! forms such as `3万4000` and `1.2万亿`, shortened forms (`一万三`, `四百五`),
//! digit strings (`二〇二四`) and runs of two neighbouring digits that mean a
//! range (`八九亿` is 8e8 to 9e8).
//!
//! All arithmetic is on [`Decimal`], so `一点五七` is 1.57 and never a float
//! artefact.

use rust_decimal::Decimal;

/// A parsed number: one value, or a range when the text names two
/// neighbouring digits (`两三`, `八九`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Number {
    pub value: Decimal,
    pub value_max: Option<Decimal>,
}

impl Number {
    fn exact(value: Decimal) -> Number {
        Number { value, value_max: None }
    }

    /// Both ends multiplied by `factor`.
    pub fn scaled(self, factor: Decimal) -> Option<Number> {
        Some(Number {
            value: self.value.checked_mul(factor)?,
            value_max: match self.value_max {
                Some(max) => Some(max.checked_mul(factor)?),
                None => None,
            },
        })
    }
}

/// Why a run of numeral characters is not a number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NumberError {
    #[error("empty number")]
    Empty,
    #[error("`{0}` is not a well-formed number")]
    Malformed(String),
    #[error("`{0}` is too large")]
    Overflow(String),
}

/// Reads `text` (already folded to half-width digits) as one number; a
/// leading `负` or `-` makes it negative.
pub fn parse_number(text: &str) -> Result<Number, NumberError> {
    if let Some(rest) = text.strip_prefix(['负', '負', '-']) {
        let n = parse_unsigned(rest)?;
        return Ok(Number { value: -n.value, value_max: n.value_max.map(|m| -m) });
    }
    parse_unsigned(text)
}

fn parse_unsigned(text: &str) -> Result<Number, NumberError> {
    let malformed = || NumberError::Malformed(text.to_string());
    if text.is_empty() {
        return Err(NumberError::Empty);
    }
    let chars: Vec<char> = text.chars().filter(|&c| c != ',').map(fold_traditional).collect();
    // A separator is only allowed between digit groups: `23,876`, not `,5`.
    if text.starts_with(',') || text.ends_with(',') {
        return Err(malformed());
    }
    // A bare magnitude is a word, not a number: the `万` of `万人发明专利拥有量`.
    if matches!(chars.first(), Some('万' | '亿' | '点' | '.')) {
        return Err(malformed());
    }
    let number = parse_with_magnitudes(&chars).ok_or_else(malformed)?;
    if number.value.is_sign_negative() {
        return Err(NumberError::Overflow(text.to_string()));
    }
    Ok(number)
}

/// Traditional forms of numeral characters, read as their simplified ones.
fn fold_traditional(c: char) -> char {
    match c {
        '萬' => '万',
        '億' => '亿',
        '兩' | '倆' => '两',
        '陸' => '陆',
        '貳' => '贰',
        '參' => '叁',
        other => other,
    }
}

/// The value of one numeral digit character, `两` and 大写 included.
pub fn digit_value(c: char) -> Option<u32> {
    Some(match c {
        '零' | '〇' | '0' => 0,
        '一' | '壹' | '1' => 1,
        '二' | '两' | '贰' | '2' => 2,
        '三' | '叁' | '仨' | '3' => 3,
        '四' | '肆' | '4' => 4,
        '五' | '伍' | '5' => 5,
        '六' | '陆' | '6' => 6,
        '七' | '柒' | '7' => 7,
        '八' | '捌' | '8' => 8,
        '九' | '玖' | '9' => 9,
        _ => return None,
    })
}

fn small_unit(c: char) -> Option<u32> {
    Some(match c {
        '十' | '拾' => 10,
        '百' | '佰' => 100,
        '千' | '仟' => 1000,
        _ => return None,
    })
}

/// Splits at the last `亿`, then at the last `万`, so that `三万亿` is
/// (三万)×亿 and `一亿三千万` is 一亿 + 三千万.
fn parse_with_magnitudes(chars: &[char]) -> Option<Number> {
    for (mark, exponent) in [('亿', 8u32), ('万', 4u32)] {
        let Some(pos) = chars.iter().rposition(|&c| c == mark) else {
            continue;
        };
        // `亿` inside the left part of a `万` split would have been taken first.
        let left = &chars[..pos];
        let right = &chars[pos + 1..];
        let scale = Decimal::from(10u64.pow(exponent));
        let high = if left.is_empty() {
            return None;
        } else {
            parse_with_magnitudes(left)?
        };
        let high = high.scaled(scale)?;
        if right.is_empty() {
            return Some(high);
        }
        if high.value_max.is_some() {
            return None;
        }
        let low = parse_below_magnitude(right, scale)?;
        if low.value_max.is_some() || low.value >= scale {
            return None;
        }
        return Some(Number::exact(high.value.checked_add(low.value)?));
    }
    parse_section(chars)
}

/// The part after a `万` or `亿`: a lone digit is shortened (`一万三` is
/// 13000, `13万2` is 132000); a leading `零` keeps its place (`一万零三`).
fn parse_below_magnitude(chars: &[char], scale: Decimal) -> Option<Number> {
    if chars.len() == 1 {
        let d = digit_value(chars[0])?;
        if !chars[0].is_ascii_digit() || d != 0 {
            return Some(Number::exact(Decimal::from(d).checked_mul(scale)? / Decimal::from(10)));
        }
    }
    let rest = match chars.first() {
        Some('零' | '〇') => &chars[1..],
        _ => chars,
    };
    parse_with_magnitudes(rest)
}

/// A number below 万: Arabic digits, a Chinese section such as `三千零五`,
/// a digit string (`二〇二四`), a neighbouring pair (`两三`) or a decimal
/// written with `点`.
fn parse_section(chars: &[char]) -> Option<Number> {
    if chars.is_empty() {
        return None;
    }
    if chars.iter().all(|c| c.is_ascii_digit() || *c == '.') {
        let s: String = chars.iter().collect();
        return s.parse::<Decimal>().ok().map(Number::exact);
    }
    if let Some(pos) = chars.iter().position(|&c| c == '点') {
        let whole = parse_section(&chars[..pos])?;
        let digits: String = chars[pos + 1..]
            .iter()
            .map(|&c| digit_value(c).and_then(|d| char::from_digit(d, 10)))
            .collect::<Option<String>>()?;
        if digits.is_empty() || whole.value_max.is_some() {
            return None;
        }
        let fraction: Decimal = format!("0.{digits}").parse().ok()?;
        return Some(Number::exact(whole.value.checked_add(fraction)?));
    }
    if chars.iter().all(|&c| digit_value(c).is_some()) {
        return digit_run(chars);
    }
    parse_positional(chars)
}

/// Digits with no unit characters: a neighbouring pair is a range (`两三`,
/// `八九`), anything else is read digit by digit (`二〇二四`).
fn digit_run(chars: &[char]) -> Option<Number> {
    let digits: Vec<u32> = chars.iter().map(|&c| digit_value(c)).collect::<Option<_>>()?;
    // `三五` is the one common pair of digits that are not neighbours.
    if let [a, b] = digits[..]
        && a != 0
        && (b == a + 1 || (a, b) == (3, 5))
        && !chars.iter().any(char::is_ascii_digit)
    {
        return Some(Number { value: Decimal::from(a), value_max: Some(Decimal::from(b)) });
    }
    let s: String = digits.iter().filter_map(|&d| char::from_digit(d, 10)).collect();
    s.parse::<Decimal>().ok().map(Number::exact)
}

/// `三千零五`, `十五`, `四百五` (shortened: 450), `廿三`, `3千2百`, and a
/// neighbouring pair in the leading place (`三四百` is 300 to 400).
fn parse_positional(chars: &[char]) -> Option<Number> {
    let mut total = Decimal::ZERO;
    // Width of a leading range (`三四百`: 100), added to get the upper end.
    let mut range_width: Option<Decimal> = None;
    let mut pending: Option<Number> = None;
    let mut last_unit: Option<u32> = None;
    let mut after_zero = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '廿' {
            // 廿 is 二十 and can only lead.
            if i != 0 {
                return None;
            }
            total = Decimal::from(20);
            last_unit = Some(10);
            i += 1;
            continue;
        }
        if let Some(unit) = small_unit(c) {
            // Places must fall: `十十` and `百千` are not numbers.
            if last_unit.is_some_and(|prev| unit >= prev) {
                return None;
            }
            let unit_dec = Decimal::from(unit);
            let multiplier = match pending.take() {
                Some(n) => n,
                // `十五` leads with an implied one, and `百万` with an implied one hundred.
                None if i == 0 => Number::exact(Decimal::ONE),
                // `一百十` is 110.
                None if unit == 10 => Number::exact(Decimal::ONE),
                None => return None,
            };
            total = total.checked_add(multiplier.value.checked_mul(unit_dec)?)?;
            if let Some(max) = multiplier.value_max {
                range_width = Some((max - multiplier.value).checked_mul(unit_dec)?);
            }
            last_unit = Some(unit);
            after_zero = false;
            i += 1;
            continue;
        }
        if matches!(c, '零' | '〇') {
            if pending.is_some() {
                return None;
            }
            after_zero = true;
            i += 1;
            continue;
        }
        if pending.is_some() {
            return None;
        }
        let start = i;
        if c.is_ascii_digit() {
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            let s: String = chars[start..i].iter().collect();
            // `1百01`: a written leading zero keeps the place, like 零.
            after_zero |= c == '0' && last_unit.is_some();
            pending = Some(Number::exact(s.parse::<Decimal>().ok()?));
            continue;
        }
        digit_value(c)?;
        // A neighbouring pair may only lead (`三四百`), never follow a place.
        let pair_end = (i + 2).min(chars.len());
        if i == 0
            && pair_end == i + 2
            && let Some(pair) = digit_run(&chars[i..pair_end]).filter(|n| n.value_max.is_some())
        {
            pending = Some(pair);
            i = pair_end;
            continue;
        }
        pending = Some(Number::exact(Decimal::from(digit_value(c)?)));
        i += 1;
    }
    if let Some(n) = pending {
        // A trailing lone digit after 百/千 is shortened (`四百五` = 450),
        // unless a 零 stood before it (`一百零五` = 105).
        let place = match last_unit {
            Some(unit) if unit >= 100 && !after_zero => Decimal::from(unit / 10),
            _ => Decimal::ONE,
        };
        if n.value_max.is_some() {
            return None;
        }
        total = total.checked_add(n.value.checked_mul(place)?)?;
    }
    let value_max = match range_width {
        Some(w) => Some(total.checked_add(w)?),
        None => None,
    };
    Some(Number { value: total, value_max })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(text: &str) -> String {
        let n = parse_number(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        match n.value_max {
            Some(max) => format!("{}..{}", n.value.normalize(), max.normalize()),
            None => n.value.normalize().to_string(),
        }
    }

    #[test]
    fn arabic_forms() {
        assert_eq!(value("23,876"), "23876");
        assert_eq!(value("1,100.9"), "1100.9");
        assert_eq!(value("16.07"), "16.07");
        assert_eq!(value("0.5"), "0.5");
    }

    #[test]
    fn chinese_forms() {
        for (text, expected) in [
            ("十", "10"),
            ("十五", "15"),
            ("二十", "20"),
            ("一百零五", "105"),
            ("一百一十", "110"),
            ("三千零五", "3005"),
            ("四百五", "450"),
            ("一万三", "13000"),
            ("一万零三", "10003"),
            ("一万零一十二", "10012"),
            ("一万零十二", "10012"),
            ("两百", "200"),
            ("廿三", "23"),
            ("壹拾万零叁仟肆佰伍拾叁", "103453"),
            ("一百九十万零三千九百七十一", "1903971"),
            ("一万五千亿", "1500000000000"),
            ("二十万亿", "20000000000000"),
            ("三万亿", "3000000000000"),
            ("一亿三千万", "130000000"),
            ("二〇二四", "2024"),
            ("一七二零", "1720"),
            ("一点五七", "1.57"),
            ("百万", "1000000"),
            ("千亿", "100000000000"),
        ] {
            assert_eq!(value(text), expected, "{text}");
        }
    }

    #[test]
    fn mixed_forms() {
        assert_eq!(value("3万4000"), "34000");
        assert_eq!(value("13万2"), "132000");
        assert_eq!(value("1.2万亿"), "1200000000000");
        assert_eq!(value("16.07万"), "160700");
        assert_eq!(value("630.5亿"), "63050000000");
        assert_eq!(value("25万6千"), "256000");
        assert_eq!(value("2千零30万"), "20300000");
    }

    #[test]
    fn neighbouring_digits_are_ranges() {
        assert_eq!(value("八九亿"), "800000000..900000000");
        assert_eq!(value("两三"), "2..3");
        assert_eq!(value("三四百"), "300..400");
        assert_eq!(value("三五百"), "300..500");
    }

    #[test]
    fn overflow_is_an_error_not_a_panic() {
        // Found by fuzzing: a long Arabic run before a place character.
        assert!(parse_number("2067999999277000000000000000佰").is_err());
        assert!(parse_number("99999999999999999999999999亿亿").is_err());
    }

    #[test]
    fn rejects_words_and_junk() {
        assert_eq!(value("1百01"), "101");
        assert_eq!(value("负一七二零点一"), "-1720.1");
        assert_eq!(value("-10.1万"), "-101000");
        for text in ["万", "亿", "万人", "", ",5", "5,", "点五", "十十", "一二三十", "负"] {
            assert!(parse_number(text).is_err(), "{text} should not parse");
        }
    }
}
