//! Figures as people read them: money as £1,234.56 (rounded half-up to the penny), dates in words.

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};
use tenderdesk_domain::Money;

/// Rounds an exact amount of pounds to the penny, halves away from zero (£20.885 → £20.89).
pub fn round_penny(pounds: Decimal) -> Decimal {
    pounds.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// Rounds a decimal to `dp` places, halves away from zero.
pub fn round_dp(d: Decimal, dp: u32) -> Decimal {
    d.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
}

/// An exact amount of pounds as Money, rounded half-up to the penny; negative amounts become zero.
pub fn to_money(pounds: Decimal) -> Money {
    use rust_decimal::prelude::ToPrimitive;
    let p = (round_penny(pounds) * Decimal::ONE_HUNDRED).to_i64().unwrap_or(0);
    Money::from_pence(p.max(0)).unwrap_or(Money::ZERO)
}

/// Writes an amount as integer pence: the one way money crosses to the window (`*_pence`).
pub fn serialize_pence<S: serde::Serializer>(m: &Money, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_i64(m.pence())
}

/// [`serialize_pence`] for an amount that may be absent.
pub fn serialize_pence_opt<S: serde::Serializer>(m: &Option<Money>, s: S) -> Result<S::Ok, S::Error> {
    match m {
        Some(m) => s.serialize_some(&m.pence()),
        None => s.serialize_none(),
    }
}

/// "£1,234.56".
pub fn pounds(m: Money) -> String {
    let p = m.pence();
    format!("£{}.{:02}", thousands(p / 100), p % 100)
}

/// An exact amount of pounds as "£1,234.56", rounded half-up to the penny.
pub fn pounds_decimal(d: Decimal) -> String {
    let r = round_penny(d);
    let neg = r.is_sign_negative() && !r.is_zero();
    let abs = r.abs();
    let whole = abs.trunc();
    let pence = ((abs - whole) * Decimal::ONE_HUNDRED).round();
    format!("{}£{}.{:02}", if neg { "-" } else { "" }, thousands_str(&whole.to_string()), pence)
}

/// 1234567 → "1,234,567".
pub fn thousands(n: i64) -> String {
    let s = n.abs().to_string();
    let t = thousands_str(&s);
    if n < 0 {
        format!("-{t}")
    } else {
        t
    }
}

fn thousands_str(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A decimal with thousands separators, keeping its scale: 18967.75 → "18,967.75".
pub fn number(d: Decimal) -> String {
    let s = d.to_string();
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_owned(), Some(f.to_owned())),
        None => (s.clone(), None),
    };
    let (neg, int) = match int.strip_prefix('-') {
        Some(i) => (true, i.to_owned()),
        None => (false, int),
    };
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    out.push_str(&thousands_str(&int));
    if let Some(f) = frac {
        out.push('.');
        out.push_str(&f);
    }
    out
}

/// "31 October 2024".
pub fn date_long(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// A percentage with two places: 75.39 → "75.39 %".
pub fn percent(d: Decimal) -> String {
    format!("{} %", round_dp(d, 2))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn money_is_shown_with_thousands_and_rounded_half_up() {
        assert_eq!(pounds(Money::parse("11672606").unwrap()), "£11,672,606.00");
        assert_eq!(pounds(Money::parse("20.44").unwrap()), "£20.44");
        assert_eq!(pounds(Money::parse("0.05").unwrap()), "£0.05");
        assert_eq!(pounds_decimal(dec("20.885")), "£20.89");
        assert_eq!(pounds_decimal(dec("20.884999")), "£20.88");
        assert_eq!(pounds_decimal(dec("1234567.004")), "£1,234,567.00");
        assert_eq!(to_money(dec("20.885")).pence(), 2089);
        assert_eq!(to_money(dec("295769.676666")).pence(), 29_576_968);
        assert_eq!(number(dec("18967.75")), "18,967.75");
        assert_eq!(number(dec("492.34")), "492.34");
        assert_eq!(date_long("2024-10-31".parse().unwrap()), "31 October 2024");
    }
}
