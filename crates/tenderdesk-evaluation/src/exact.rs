//! Exact scores: rational numbers, so that 21.24 ÷ 21.60 × 30 is held as 59/2 and not as a float,
//! and two bids tie only when their scores are truly equal. Rounding happens only for display.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, Div, Mul, Sub};

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{Signed, ToPrimitive, Zero};
use rust_decimal::Decimal;
use serde::Serialize;

/// An exact, non-float number.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Exact(BigRational);

impl Exact {
    pub fn zero() -> Exact {
        Exact(BigRational::zero())
    }

    pub fn int(n: i64) -> Exact {
        Exact(BigRational::from_integer(BigInt::from(n)))
    }

    pub fn ratio(n: i64, d: i64) -> Exact {
        Exact(BigRational::new(BigInt::from(n), BigInt::from(d)))
    }

    /// A decimal (a weight such as 12.5), exactly.
    pub fn decimal(d: Decimal) -> Exact {
        let mantissa = BigInt::from(d.mantissa());
        let denom = num_traits::pow(BigInt::from(10), d.scale() as usize);
        Exact(BigRational::new(mantissa, denom))
    }

    pub fn is_zero(&self) -> bool {
        self.0.is_zero()
    }

    pub fn max(self, other: Exact) -> Exact {
        if other > self {
            other
        } else {
            self
        }
    }

    /// Rounded to `places` decimal places, half away from zero: the display rule.
    pub fn rounded(&self, places: u32) -> String {
        let scale = num_traits::pow(BigInt::from(10), places as usize);
        let scaled = &self.0 * BigRational::from_integer(scale.clone());
        let half = BigRational::new(BigInt::from(1), BigInt::from(2));
        let rounded = if scaled.is_negative() { (scaled - half).ceil() } else { (scaled + half).floor() };
        let n = rounded.to_integer();
        let negative = n.is_negative();
        let digits = n.abs().to_string();
        let places = places as usize;
        let digits = format!("{digits:0>width$}", width = places + 1);
        let (int, frac) = digits.split_at(digits.len() - places);
        let sign = if negative { "-" } else { "" };
        if places == 0 {
            format!("{sign}{int}")
        } else {
            format!("{sign}{int}.{frac}")
        }
    }

    /// The exact value: a terminating decimal where it is one ("29.5"), else a fraction ("2655/89").
    pub fn exact_text(&self) -> String {
        let mut d = self.0.denom().clone();
        for p in [2u32, 5] {
            let p = BigInt::from(p);
            while (&d % &p).is_zero() {
                d /= &p;
            }
        }
        if d == BigInt::from(1) {
            // Terminating: find the places needed (at most the power of 10 covering the denominator).
            let mut places = 0u32;
            loop {
                let scale = num_traits::pow(BigInt::from(10), places as usize);
                if (self.0.clone() * BigRational::from_integer(scale)).is_integer() {
                    return self.rounded(places);
                }
                places += 1;
            }
        }
        format!("{}/{}", self.0.numer(), self.0.denom())
    }

    /// For charts only, never for ranking.
    pub fn approx(&self) -> f64 {
        self.0.to_f64().unwrap_or(0.0)
    }
}

impl fmt::Display for Exact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.rounded(2))
    }
}

macro_rules! op {
    ($tr:ident, $m:ident) => {
        impl $tr for Exact {
            type Output = Exact;
            fn $m(self, rhs: Exact) -> Exact {
                Exact(self.0.$m(rhs.0))
            }
        }
        impl<'a> $tr<&'a Exact> for &'a Exact {
            type Output = Exact;
            fn $m(self, rhs: &'a Exact) -> Exact {
                Exact((&self.0).$m(&rhs.0))
            }
        }
    };
}
op!(Add, add);
op!(Sub, sub);
op!(Mul, mul);
op!(Div, div);

impl Sum for Exact {
    fn sum<I: Iterator<Item = Exact>>(iter: I) -> Exact {
        iter.fold(Exact::zero(), |a, b| a + b)
    }
}

/// A score as it crosses to a view: rounded for display, and exact for audit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Score {
    /// Rounded half away from zero to 2 decimal places ("29.50").
    pub shown: String,
    /// The exact value ("29.5", or a fraction such as "2655/89" where it does not terminate).
    pub exact: String,
}

impl From<&Exact> for Score {
    fn from(e: &Exact) -> Score {
        Score { shown: e.rounded(2), exact: e.exact_text() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_is_half_away_from_zero_at_two_places() {
        assert_eq!(Exact::ratio(2005, 1000).rounded(2), "2.01");
        assert_eq!(Exact::ratio(2004, 1000).rounded(2), "2.00");
        assert_eq!(Exact::ratio(-2005, 1000).rounded(2), "-2.01");
        assert_eq!(Exact::ratio(1, 3).rounded(2), "0.33");
        assert_eq!(Exact::ratio(2, 3).rounded(2), "0.67");
        assert_eq!(Exact::int(81).rounded(2), "81.00");
        assert_eq!(Exact::ratio(5, 1000).rounded(2), "0.01");
    }

    #[test]
    fn exact_text_is_a_decimal_when_it_terminates_and_a_fraction_otherwise() {
        assert_eq!(Exact::ratio(59, 2).exact_text(), "29.5");
        assert_eq!(Exact::int(30).exact_text(), "30");
        assert_eq!(Exact::ratio(1, 3).exact_text(), "1/3");
        assert_eq!(Exact::decimal(Decimal::new(125, 1)).exact_text(), "12.5");
        assert_eq!(Exact::ratio(1, 8).exact_text(), "0.125");
    }

    #[test]
    fn arithmetic_is_exact() {
        let third = Exact::ratio(1, 3);
        assert_eq!(&(&third + &third) + &third, Exact::int(1));
        assert_eq!(Exact::ratio(2124, 2160) * Exact::int(30), Exact::ratio(59, 2));
    }
}
