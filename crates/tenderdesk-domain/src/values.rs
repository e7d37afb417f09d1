//! Value types that refuse bad values when they are made: keys, money, hours, percentages.
//!
//! Each is written in the dataset as a JSON string so that it stays exact ("20.44", not 20.44).

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

macro_rules! string_value {
    ($ty:ident, $expecting:expr, $pattern:expr, $description:expr) => {
        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> de::Visitor<'de> for V {
                    type Value = $ty;
                    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_str<E: de::Error>(self, v: &str) -> Result<$ty, E> {
                        $ty::parse(v).map_err(E::custom)
                    }
                }
                d.deserialize_str(V)
            }
        }
        impl JsonSchema for $ty {
            fn schema_name() -> Cow<'static, str> {
                Cow::Borrowed(stringify!($ty))
            }
            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!({ "type": "string", "pattern": $pattern, "description": $description })
            }
        }
        impl FromStr for $ty {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                $ty::parse(s)
            }
        }
    };
}

/// The stable reference of a record, chosen by the officer or the file ("HC-2025-03").
/// 1 to 80 characters; letters, digits and `- _ . / : ( ) &` and spaces inside; no leading or
/// trailing space.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key(String);

impl Key {
    pub const MAX_LEN: usize = 80;

    pub fn parse(s: &str) -> Result<Key, String> {
        if s.is_empty() {
            return Err("a reference cannot be empty".into());
        }
        if s.chars().count() > Self::MAX_LEN {
            return Err(format!(
                "the reference \"{}…\" is longer than {} characters",
                s.chars().take(20).collect::<String>(),
                Self::MAX_LEN
            ));
        }
        if s.trim() != s {
            return Err(format!("the reference \"{s}\" starts or ends with a space"));
        }
        if let Some(c) = s.chars().find(|c| !(c.is_alphanumeric() || " -_./:()&'+#".contains(*c))) {
            return Err(format!(
                "the reference \"{}\" contains the character {:?}, which references may not hold",
                s.escape_debug(),
                c
            ));
        }
        Ok(Key(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

string_value!(
    Key,
    "a reference, written as a string such as \"HC-2025-03\"",
    "^[^\\s](.{0,78}[^\\s])?$",
    "The stable reference of a record: 1 to 80 characters, letters, digits, spaces inside and - _ . / : ( ) & ' + #"
);

/// An amount of money in pence. Never negative: refunds and credits are recorded as their own
/// records, not as negative amounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(i64);

impl Money {
    pub const ZERO: Money = Money(0);

    pub fn from_pence(pence: i64) -> Result<Money, String> {
        if pence < 0 {
            Err(format!("an amount of money cannot be negative (£-{})", Money(-pence)))
        } else {
            Ok(Money(pence))
        }
    }

    pub fn pence(self) -> i64 {
        self.0
    }

    pub fn as_decimal(self) -> Decimal {
        Decimal::new(self.0, 2)
    }

    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.0.checked_add(other.0).map(Money)
    }

    /// Parses pounds and pence as written in the dataset: "20.44", "11672606", "11672606.00".
    /// A leading "£" and thousands commas are accepted, as officers copy figures from documents.
    pub fn parse(s: &str) -> Result<Money, String> {
        let t = s.trim();
        let t = t.strip_prefix('£').unwrap_or(t);
        if t.starts_with('-') {
            return Err(format!("an amount of money cannot be negative ({s})"));
        }
        let t: String = t.chars().filter(|c| *c != ',').collect();
        let (pounds, pence) = match t.split_once('.') {
            Some((p, d)) => (p, d),
            None => (t.as_str(), ""),
        };
        let bad = || format!("\"{s}\" is not an amount of money in pounds and pence, such as \"20.44\"");
        if pounds.is_empty() || !pounds.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        if pence.len() > 2 || !pence.bytes().all(|b| b.is_ascii_digit()) || (t.contains('.') && pence.is_empty()) {
            return Err(if pence.len() > 2 && pence.bytes().all(|b| b.is_ascii_digit()) {
                format!("\"{s}\" has more than two decimal places; money is held to the penny")
            } else {
                bad()
            });
        }
        let pounds: i64 = pounds.parse().map_err(|_| format!("\"{s}\" is too large an amount of money"))?;
        let pence_part: i64 = match pence.len() {
            0 => 0,
            1 => pence.parse::<i64>().map_err(|_| bad())? * 10,
            _ => pence.parse::<i64>().map_err(|_| bad())?,
        };
        pounds
            .checked_mul(100)
            .and_then(|p| p.checked_add(pence_part))
            .filter(|p| *p <= Money::MAX_PENCE)
            .map(Money)
            .ok_or_else(|| format!("\"{s}\" is too large an amount of money"))
    }

    /// A hundred thousand million pounds: far above any council budget, far below i64 overflow,
    /// so sums of many amounts cannot overflow.
    pub const MAX_PENCE: i64 = 10_000_000_000_000;
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02}", self.0 / 100, self.0 % 100)
    }
}

string_value!(
    Money,
    "an amount of money in pounds as a string, such as \"20.44\"",
    "^£?[0-9][0-9,]*(\\.[0-9]{1,2})?$",
    "An amount of money in pounds and pence, written as a string: \"20.44\". Never negative."
);

/// A quantity of hours (per week, per month, per package). Exact decimal, never negative, at most
/// four decimal places.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Hours(Decimal);

impl Hours {
    pub fn new(d: Decimal) -> Result<Hours, String> {
        if d.is_sign_negative() && !d.is_zero() {
            return Err(format!("a number of hours cannot be negative ({d})"));
        }
        if d.scale() > 4 {
            return Err(format!("\"{d}\" has more than four decimal places"));
        }
        if d > Decimal::from(1_000_000_000u64) {
            return Err(format!("{d} hours is more than this application can hold"));
        }
        Ok(Hours(d))
    }

    pub fn parse(s: &str) -> Result<Hours, String> {
        let d = decimal(s, "a number of hours, such as \"17590.0\"")?;
        Hours::new(d)
    }

    pub fn value(self) -> Decimal {
        self.0
    }
}

impl fmt::Display for Hours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

string_value!(
    Hours,
    "a number of hours as a string, such as \"17590.0\"",
    "^[0-9]+(\\.[0-9]{1,4})?$",
    "A number of hours, written as a string to stay exact: \"18967.75\". Never negative."
);

/// A percentage from 0 to 100, exact, at most four decimal places ("12.5" means 12.5 %).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Percent(Decimal);

impl Percent {
    pub fn new(d: Decimal) -> Result<Percent, String> {
        if d.is_sign_negative() && !d.is_zero() {
            return Err(format!("a percentage cannot be negative ({d} %)"));
        }
        if d > Decimal::ONE_HUNDRED {
            return Err(format!("a percentage cannot be more than 100 ({d} %)"));
        }
        if d.scale() > 4 {
            return Err(format!("\"{d}\" has more than four decimal places"));
        }
        Ok(Percent(d))
    }

    pub fn parse(s: &str) -> Result<Percent, String> {
        let t = s.trim();
        let t = t.strip_suffix('%').unwrap_or(t).trim_end();
        Percent::new(decimal(t, "a percentage, such as \"60\" or \"12.5\"")?)
    }

    pub fn value(self) -> Decimal {
        self.0
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0.normalize(), f)
    }
}

impl Serialize for Percent {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Keep the scale as written so that a file round-trips byte for byte.
        s.collect_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Percent {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> de::Visitor<'de> for V {
            type Value = Percent;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a percentage as a string, such as \"60\" or \"12.5\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Percent, E> {
                Percent::parse(v).map_err(E::custom)
            }
        }
        d.deserialize_str(V)
    }
}

impl JsonSchema for Percent {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("Percent")
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "pattern": "^[0-9]{1,3}(\\.[0-9]{1,4})?\\s*%?$", "description": "A percentage from 0 to 100, written as a string: \"12.5\"." })
    }
}

impl FromStr for Percent {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Percent::parse(s)
    }
}

fn decimal(s: &str, what: &str) -> Result<Decimal, String> {
    let t = s.trim();
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b'-') {
        return Err(format!("\"{s}\" is not {what}"));
    }
    Decimal::from_str_exact(t).map_err(|_| format!("\"{s}\" is not {what}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_parses_pounds_and_pence_exactly() {
        assert_eq!(Money::parse("20.44").unwrap().pence(), 2044);
        assert_eq!(Money::parse("£11,672,606").unwrap().pence(), 1_167_260_600);
        assert_eq!(Money::parse("17.8").unwrap().pence(), 1780);
        assert_eq!(Money::parse("0").unwrap().to_string(), "0.00");
        assert_eq!(Money::parse("11.36").unwrap().to_string(), "11.36");
    }

    #[test]
    fn money_refuses_negative_fractional_pence_and_junk() {
        assert!(Money::parse("-1.00").unwrap_err().contains("negative"));
        assert!(Money::parse("1.005").unwrap_err().contains("two decimal places"));
        assert!(Money::parse("abc").unwrap_err().contains("not an amount"));
        assert!(Money::parse("1.").is_err());
        assert!(Money::parse("99999999999999999999").unwrap_err().contains("too large"));
        assert!(serde_json::from_str::<Money>("20.44").unwrap_err().to_string().contains("as a string"));
    }

    #[test]
    fn hours_and_percent_keep_their_scale_and_refuse_out_of_range() {
        let h = Hours::parse("17590.0").unwrap();
        assert_eq!(serde_json::to_string(&h).unwrap(), "\"17590.0\"");
        assert!(
            Hours::parse("-3").unwrap_err().contains("not a number of hours")
                || Hours::parse("-3").unwrap_err().contains("negative")
        );
        assert_eq!(Percent::parse("12.5 %").unwrap().to_string(), "12.5");
        assert!(Percent::parse("101").unwrap_err().contains("more than 100"));
    }

    #[test]
    fn keys_refuse_empty_padded_and_control_characters() {
        assert!(Key::parse("HC-2025-03").is_ok());
        assert!(Key::parse("").is_err());
        assert!(Key::parse(" HC").unwrap_err().contains("space"));
        assert!(Key::parse("a\nb").is_err());
        assert!(Key::parse(&"x".repeat(81)).unwrap_err().contains("longer"));
    }
}
