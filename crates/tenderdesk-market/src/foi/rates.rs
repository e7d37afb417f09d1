//! Questions 6, 7 and 9: the rates paid, the enhancements and the live-in rates, from the rates
//! view.

use tenderdesk_domain::*;

use super::activity::live_in_count;
use super::{not_held, title_of, Ctx, EnhancementLine, FoiData, LiveInRate, Part, RatesGroup};
use crate::activity::family;
use crate::fmt::{date_long, pounds};

/// Question 6, "Rates that you pay (please state range and average hourly rate)": contract rates,
/// else rate cards; a single rate is given as such, otherwise the range and simple average, with
/// each single-rate arrangement named and the hours-weighted average where known.
pub(super) fn rates_paid(cx: &Ctx<'_>, fam: ServiceType, _: &[&Arrangement]) -> Part {
    let of_family = |g: &&RatesGroup| g.service == fam.label();
    let mut groups: Vec<RatesGroup> =
        cx.rates.groups.iter().filter(of_family).filter(|g| g.source == "contract").cloned().collect();
    if groups.is_empty() {
        groups = cx.rates.groups.iter().filter(of_family).cloned().collect();
    }
    if groups.is_empty() {
        return not_held(format!(
            "no hourly rate of {} is recorded on a contract or rate card in force on {}",
            fam.label().to_lowercase(),
            date_long(cx.as_of)
        ));
    }
    let lines: Vec<String> = groups.iter().flat_map(|g| group_words(cx.ds, g)).collect();
    (true, lines.join(" "), FoiData::Rates { groups })
}

/// One group of rates in words: its single rate, or each single-rate arrangement then the range and
/// average.
fn group_words(ds: &Dataset, g: &RatesGroup) -> Vec<String> {
    let s = &g.overall;
    let label = if g.name == "Standard hour" { String::new() } else { format!("{}: ", g.name) };
    if s.lowest == s.highest {
        return vec![format!("{label}{} per hour.", pounds(s.lowest))];
    }
    let mut lines = Vec::new();
    if g.by_arrangement.len() > 1 {
        for b in g.by_arrangement.iter().filter(|b| b.stats.lowest == b.stats.highest) {
            lines.push(format!("{}: {} per hour.", title_of(ds, &b.label), pounds(b.stats.lowest)));
        }
    }
    lines.push(format!(
        "{label}the range is {} – {} and the average is {} ({} rates{}).",
        pounds(s.lowest),
        pounds(s.highest),
        pounds(s.simple_average),
        s.count,
        s.weighted_average.map(|w| format!("; weighted by hours, {}", pounds(w))).unwrap_or_default()
    ));
    lines
}

/// Question 7, "If there are any enhancements please specify": the enhancements on the service's
/// rate cards; "No enhancements." when rates are recorded but none.
pub(super) fn enhancements(cx: &Ctx<'_>, fam: ServiceType, serving: &[&Arrangement]) -> Part {
    let items: Vec<EnhancementLine> = cx
        .rates
        .enhancements
        .iter()
        .filter(|e| serving.iter().any(|a| a.key.as_str() == e.arrangement))
        .filter(|e| cx.ds.lots.iter().any(|l| l.key.as_str() == e.lot && family(l.service) == fam))
        .cloned()
        .collect();
    let priced = cx.rates.groups.iter().any(|g| g.service == fam.label());
    if items.is_empty() && !priced {
        return not_held(format!("no rate of {} is recorded", fam.label().to_lowercase()));
    }
    if items.is_empty() {
        return (true, "No enhancements.".into(), FoiData::Enhancements { items });
    }
    let text = items
        .iter()
        .map(|e| format!("{} ({}): {}, {}.", title_of(cx.ds, &e.arrangement), e.lot_title, e.name, e.uplift))
        .collect::<Vec<_>>()
        .join(" ");
    (true, text, FoiData::Enhancements { items })
}

/// Question 9, "Rates that you pay for these" (live-in packages): the weekly live-in rates; "Not
/// applicable" when no live-in packages are commissioned.
pub(super) fn live_in_rates(cx: &Ctx<'_>, fam: ServiceType, serving: &[&Arrangement]) -> Part {
    let items: Vec<LiveInRate> = cx
        .rates
        .live_in
        .iter()
        .filter(|r| serving.iter().any(|a| a.key.as_str() == r.arrangement))
        .filter(|r| {
            r.lot.as_ref().is_none_or(|l| cx.ds.lots.iter().any(|x| x.key.as_str() == l && family(x.service) == fam))
        })
        .cloned()
        .collect();
    if !items.is_empty() {
        let text = items
            .iter()
            .map(|r| format!("{}: {} a week.", title_of(cx.ds, &r.arrangement), pounds(r.weekly)))
            .collect::<Vec<_>>()
            .join(" ");
        return (true, text, FoiData::LiveInRates { items });
    }
    match live_in_count(cx, fam) {
        Some((0, _)) => {
            let reason = "no live-in packages are commissioned".to_owned();
            (true, format!("Not applicable: {reason}."), FoiData::NotApplicable { reason })
        }
        _ => not_held(format!("no weekly live-in rate of {} is recorded", fam.label().to_lowercase())),
    }
}
