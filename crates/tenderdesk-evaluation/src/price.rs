//! Price: the price a bid is compared on (its basis) and the score each formula gives it.
//! The worked examples are in `docs/scoring.md`; the tests below are those examples.

use tenderdesk_domain::{Lot, PriceBasis, PriceFormula, Submission};

use crate::exact::Exact;

/// Why a bid has no comparable price.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PriceProblem {
    #[error("the bid gives no single hourly rate (a price with no zone)")]
    NoHourlyRate,
    #[error("the bid gives no rate for zone \"{0}\"")]
    NoZoneRate(String),
    #[error("lot {0} has no zone with expected hours, so a basket cannot be weighted")]
    NoBasket(String),
}

/// The price a bid is compared on, in pence per hour: its single hourly rate, or the average of
/// its zone rates weighted by the expected hours of each zone of the lot.
pub fn basis_price(sub: &Submission, basis: PriceBasis, lot: &Lot) -> Result<Exact, PriceProblem> {
    match basis {
        PriceBasis::HourlyRate => sub
            .prices
            .iter()
            .find(|p| p.zone.is_none())
            .map(|p| Exact::int(p.hourly.pence()))
            .ok_or(PriceProblem::NoHourlyRate),
        PriceBasis::ZoneBasket => {
            let mut cost = Exact::zero();
            let mut hours = Exact::zero();
            for zone in &lot.zones {
                let Some(h) = zone.expected_hours_per_week else { continue };
                let rate = sub
                    .prices
                    .iter()
                    .find(|p| p.zone.as_deref() == Some(zone.code.as_str()))
                    .ok_or_else(|| PriceProblem::NoZoneRate(zone.code.clone()))?;
                let h = Exact::decimal(h.value());
                cost = cost + Exact::int(rate.hourly.pence()) * h.clone();
                hours = hours + h;
            }
            if hours.is_zero() {
                return Err(PriceProblem::NoBasket(lot.key.to_string()));
            }
            Ok(cost / hours)
        }
    }
}

/// The compliant prices a formula compares against.
#[derive(Debug, Clone)]
pub struct PricePool {
    pub lowest: Exact,
    pub highest: Exact,
    pub mean: Exact,
    pub count: usize,
}

impl PricePool {
    /// None when there is no price to compare.
    pub fn of(prices: &[Exact]) -> Option<PricePool> {
        let lowest = prices.iter().min()?.clone();
        let highest = prices.iter().max()?.clone();
        let sum: Exact = prices.iter().cloned().sum();
        let mean = sum / Exact::int(prices.len() as i64);
        Some(PricePool { lowest, highest, mean, count: prices.len() })
    }
}

/// The price score of `price` out of `weight`.
///
/// - Relative: lowest ÷ price × weight.
/// - Deviation from the mean: the full weight at or below the mean; above it, the weight less the
///   same share of the weight as the price's excess over the mean is of the mean, floored at zero.
/// - Linear: the full weight at the lowest price, nothing at the highest, in proportion between;
///   when every price is the same, each scores the full weight.
pub fn price_score(formula: PriceFormula, price: &Exact, pool: &PricePool, weight: &Exact) -> Exact {
    if price.is_zero() {
        return weight.clone();
    }
    match formula {
        PriceFormula::Relative => &(&pool.lowest / price) * weight,
        PriceFormula::DeviationFromMean => {
            if price <= &pool.mean {
                weight.clone()
            } else {
                let excess = &(price - &pool.mean) / &pool.mean;
                (&(&Exact::int(1) - &excess) * weight).max(Exact::zero())
            }
        }
        PriceFormula::Linear => {
            let range = &pool.highest - &pool.lowest;
            if range.is_zero() {
                weight.clone()
            } else {
                &(&(&pool.highest - price) / &range) * weight
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pence(v: &[i64]) -> Vec<Exact> {
        v.iter().map(|p| Exact::int(*p)).collect()
    }

    /// docs/scoring.md, "Relative": 30 % for price; bids of £20.00, £21.50 and £25.00.
    #[test]
    fn relative_worked_example() {
        let prices = pence(&[2000, 2150, 2500]);
        let pool = PricePool::of(&prices).unwrap();
        let w = Exact::int(30);
        let s: Vec<String> =
            prices.iter().map(|p| price_score(PriceFormula::Relative, p, &pool, &w).exact_text()).collect();
        // 20.00/20.00×30 = 30; 20.00/21.50×30 = 1200/43 = 27.906…; 20.00/25.00×30 = 24.
        assert_eq!(s, ["30", "1200/43", "24"]);
        assert_eq!(price_score(PriceFormula::Relative, &prices[1], &pool, &w).rounded(2), "27.91");
    }

    /// docs/scoring.md, "Deviation from the mean": bids of £20.00, £22.00 and £26.00, mean £22.666….
    #[test]
    fn deviation_from_mean_worked_example() {
        let prices = pence(&[2000, 2200, 2600]);
        let pool = PricePool::of(&prices).unwrap();
        assert_eq!(pool.mean, Exact::ratio(6800, 3));
        let w = Exact::int(30);
        let s: Vec<String> =
            prices.iter().map(|p| price_score(PriceFormula::DeviationFromMean, p, &pool, &w).exact_text()).collect();
        // 26.00 is 10/68 above the mean: 30 × (1 − 10/68) = 30 × 58/68 = 435/17 = 25.588…
        assert_eq!(s, ["30", "30", "435/17"]);
        // A price twice the mean or more scores nothing, never less.
        let far = Exact::int(5000);
        assert_eq!(price_score(PriceFormula::DeviationFromMean, &far, &pool, &w), Exact::zero());
    }

    /// docs/scoring.md, "Linear": bids of £20.00, £22.00 and £26.00.
    #[test]
    fn linear_worked_example() {
        let prices = pence(&[2000, 2200, 2600]);
        let pool = PricePool::of(&prices).unwrap();
        let w = Exact::int(30);
        let s: Vec<String> =
            prices.iter().map(|p| price_score(PriceFormula::Linear, p, &pool, &w).exact_text()).collect();
        // (26 − 22) / (26 − 20) × 30 = 20.
        assert_eq!(s, ["30", "20", "0"]);
        let same = pence(&[2100, 2100]);
        let pool = PricePool::of(&same).unwrap();
        assert_eq!(price_score(PriceFormula::Linear, &same[0], &pool, &w), w);
    }
}
