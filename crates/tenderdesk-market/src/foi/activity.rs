//! Questions 4 and 8: the hours and packages commissioned, and the live-in packages, from the
//! activity view.

use chrono::NaiveDate;
use tenderdesk_domain::*;

use super::{not_held, ActivityRow, ActivityTotal, Ctx, FoiData, Part};
use crate::activity::Channel;
use crate::fmt::{date_long, number, thousands};

/// Question 4, "How many hours and packages are commissioned per week and under which
/// arrangement?": the activity view's totals per channel, and the brokerage averages where
/// recorded.
pub(super) fn hours_and_packages(cx: &Ctx<'_>, fam: ServiceType, _: &[&Arrangement]) -> Part {
    let rows: Vec<ActivityRow> = cx.activity.rows.iter().filter(|r| r.service == fam.label()).cloned().collect();
    let totals: Vec<ActivityTotal> = cx.activity.totals.iter().filter(|t| t.service == fam.label()).cloned().collect();
    let counted =
        |t: &ActivityTotal| t.packages.is_some() || t.hours_per_week.is_some() || t.brokerage_hours_per_week.is_some();
    if !totals.iter().any(counted) {
        return not_held(format!(
            "no activity snapshot of {} was recorded on or before {}",
            fam.label().to_lowercase(),
            date_long(cx.as_of)
        ));
    }
    let mut lines = Vec::new();
    let several = totals.iter().filter(|t| t.channel != Channel::Total).count() > 1;
    for t in totals.iter().filter(|t| counted(t) && (several || t.channel != Channel::Total || totals.len() == 1)) {
        let when = if t.from == t.to {
            format!("as at {}", date_long(t.to))
        } else {
            format!("{} to {}", date_long(t.from), date_long(t.to))
        };
        lines.push(format!(
            "{} ({when}): {}.",
            t.channel.label(),
            activity_words(t.packages, t.people, t.hours_per_week, t.brokerage_hours_per_week)
        ));
    }
    lines.extend(rows.iter().filter_map(brokerage_words));
    (true, lines.join(" "), FoiData::Activity { rows, totals })
}

/// A row's hours commissioned through brokerage over its period, where both are recorded.
fn brokerage_words(r: &ActivityRow) -> Option<String> {
    let (Some(b), Some(p)) = (r.brokerage_hours_per_week, r.period_start) else { return None };
    Some(format!(
        "{}: from {} to {} an average of {} hours a week were commissioned through brokerage{}.",
        r.arrangement_title.clone().unwrap_or_default(),
        date_long(p),
        date_long(r.as_at),
        number(b),
        r.average_package_hours.map(|h| format!("; the average package was {} hours", number(h))).unwrap_or_default()
    ))
}

/// Question 8, "Number of live in packages commissioned": from the service's total activity row.
pub(super) fn live_in_packages(cx: &Ctx<'_>, fam: ServiceType, _: &[&Arrangement]) -> Part {
    match live_in_count(cx, fam) {
        Some((0, at)) => {
            (true, format!("None (as at {}).", date_long(at)), FoiData::LiveInPackages { packages: 0, as_at: at })
        }
        Some((n, at)) => (
            true,
            format!("{} (as at {}).", thousands(i64::from(n)), date_long(at)),
            FoiData::LiveInPackages { packages: n, as_at: at },
        ),
        None => not_held(format!(
            "no count of live-in packages of {} was recorded on or before {}",
            fam.label().to_lowercase(),
            date_long(cx.as_of)
        )),
    }
}

/// The live-in packages of a family's total activity row, and the date it counts them at.
pub(super) fn live_in_count(cx: &Ctx<'_>, fam: ServiceType) -> Option<(u32, NaiveDate)> {
    let t = cx.activity.totals.iter().find(|t| t.service == fam.label() && t.channel == Channel::Total)?;
    t.live_in_packages.map(|n| (n, t.to))
}

fn activity_words(
    packages: Option<u32>,
    people: Option<u32>,
    hours: Option<rust_decimal::Decimal>,
    brokerage: Option<rust_decimal::Decimal>,
) -> String {
    let mut parts = Vec::new();
    if let Some(p) = packages {
        parts.push(format!("{} packages", thousands(i64::from(p))));
    }
    if let Some(p) = people {
        parts.push(format!("{} people receiving a package of care", thousands(i64::from(p))));
    }
    if let Some(h) = hours {
        parts.push(format!("{} hours per week", number(h)));
    }
    if let Some(b) = brokerage {
        parts.push(format!("{} brokerage hours per week", number(b)));
    }
    parts.join(", ")
}
