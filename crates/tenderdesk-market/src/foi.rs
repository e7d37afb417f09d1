//! The thirteen standard FOI questions on commissioning (seeds 000 and 001), answered from the data
//! as at a date, each as structured data and plain text. Where the data cannot answer, the answer
//! says so rather than inventing one.

use chrono::NaiveDate;
use serde::Serialize;
use tenderdesk_domain::*;

use crate::activity::{activity_report, family, ActivityRow, ActivityTotal, Channel};
use crate::contracts::{arrangement_status_as_at, contract_status_as_at};
use crate::fmt::{date_long, number, pounds, thousands};
use crate::rates::{rates_report, EnhancementLine, LiveInRate, RatesGroup};
use crate::term::{term_as_at, StatusAsAt};

/// The questions, as asked in seeds 000 and 001.
pub const QUESTIONS: [&str; 13] = [
    "What current commissioning arrangements are in place (i.e. SPOT, framework/dynamic purchasing system)?",
    "Number of providers that you contract with and under which arrangement (i.e. SPOT, framework)",
    "When do these expire?",
    "How many hours and packages are commissioned per week and under which arrangement (i.e. SPOT, framework)?",
    "What is the call off process (i.e. how is work awarded)?",
    "Rates that you pay (please state range and average hourly rate)",
    "If there are any enhancements (i.e. extra for weekends) please specify",
    "Number of live in packages commissioned",
    "Rates that you pay for these",
    "Do you have a need for new providers at present?",
    "What, if any, are your minimum prerequisites for new providers?",
    "Where are your opportunities advertised?",
    "What is the name and contact details for the lead commissioner? If these cannot be shared, how does a provider contact Commissioners for advice and support?",
];

/// One service's answer: held, the text, the data.
type Part = (bool, String, FoiData);

pub const NOT_HELD: &str = "The council does not hold this information in TenderDesk";

/// An arrangement as FOI answers name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FoiArrangement {
    pub key: String,
    pub title: String,
    pub kind: String,
    pub capacity_note: Option<String>,
    pub lots: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FoiProviderCount {
    pub arrangement: String,
    pub title: String,
    pub kind: String,
    /// Providers holding a contract in force on the date.
    pub contracted: u32,
    /// Providers admitted and active on the lots of the service.
    pub admitted: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FoiEnd {
    pub arrangement: String,
    pub title: String,
    /// What ends: "arrangement" or "N contracts".
    pub what: String,
    pub count: u32,
    pub current_end: NaiveDate,
    /// Months of each option still available on the date.
    pub options_available: Vec<u32>,
    pub latest_possible_end: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FoiNote {
    pub arrangement: String,
    pub lot: Option<String>,
    pub needed: Option<bool>,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FoiChannel {
    pub name: String,
    pub url: Option<String>,
    pub note: Option<String>,
}

/// The structured answer to one question (or one service's part of it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FoiData {
    Arrangements { items: Vec<FoiArrangement> },
    Providers { items: Vec<FoiProviderCount> },
    Expiry { items: Vec<FoiEnd> },
    Activity { rows: Vec<ActivityRow>, totals: Vec<ActivityTotal> },
    CallOff { items: Vec<FoiNote> },
    Rates { groups: Vec<RatesGroup> },
    Enhancements { items: Vec<EnhancementLine> },
    LiveInPackages { packages: u32, as_at: NaiveDate },
    LiveInRates { items: Vec<LiveInRate> },
    NotApplicable { reason: String },
    Notes { items: Vec<FoiNote> },
    Advertising { channels: Vec<FoiChannel> },
    Contact { name: String, role: Option<String>, email: Option<String>, phone: Option<String>, route: Option<String> },
    NotHeld { reason: String },
}

/// One service's part of an answer ("Home care", "Supported living"), or the whole answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FoiPart {
    pub heading: Option<String>,
    pub held: bool,
    pub text: String,
    pub data: FoiData,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FoiAnswer {
    pub number: u32,
    pub question: String,
    /// Whether every part could be answered from the data.
    pub held: bool,
    pub parts: Vec<FoiPart>,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FoiPack {
    pub as_of: NaiveDate,
    pub council: Option<String>,
    /// The arrangements answered for (all running on the date, or those asked for).
    pub arrangements: Vec<String>,
    /// The service families answered for.
    pub services: Vec<String>,
    pub answers: Vec<FoiAnswer>,
    pub text: String,
}

fn not_held(reason: impl Into<String>) -> (bool, String, FoiData) {
    let reason = reason.into();
    (false, format!("{NOT_HELD}: {reason}."), FoiData::NotHeld { reason })
}

fn live(s: StatusAsAt) -> bool {
    matches!(s, StatusAsAt::Active | StatusAsAt::Extended)
}

struct Ctx<'a> {
    ds: &'a Dataset,
    as_of: NaiveDate,
    arrangements: Vec<&'a Arrangement>,
}

impl<'a> Ctx<'a> {
    fn lot(&self, k: &Key) -> Option<&'a Lot> {
        self.ds.lots.iter().find(|l| &l.key == k)
    }

    fn contract_family(&self, c: &Contract) -> Option<ServiceType> {
        c.lot.as_ref().and_then(|k| self.lot(k)).map(|l| family(l.service)).or_else(|| {
            self.arrangements
                .iter()
                .find(|a| a.key == c.arrangement)
                .and_then(|a| a.services.first().map(|s| family(*s)))
        })
    }

    fn contracts(&self, a: &Arrangement, fam: ServiceType) -> Vec<&'a Contract> {
        self.ds
            .contracts
            .iter()
            .filter(|c| c.arrangement == a.key && live(contract_status_as_at(c, self.as_of)))
            .filter(|c| self.contract_family(c) == Some(fam))
            .collect()
    }

    fn lots(&self, a: &Arrangement, fam: ServiceType) -> Vec<&'a Lot> {
        self.ds.lots.iter().filter(|l| l.arrangement == a.key && family(l.service) == fam).collect()
    }

    fn admitted(&self, a: &Arrangement, fam: ServiceType) -> Vec<&'a Key> {
        let lots = self.lots(a, fam);
        let mut p: Vec<&Key> = self
            .ds
            .admissions
            .iter()
            .filter(|ad| lots.iter().any(|l| l.key == ad.lot))
            .filter(|ad| {
                ad.status == AdmissionStatus::Active
                    && ad.admitted_on <= self.as_of
                    && ad.ends.is_none_or(|e| e >= self.as_of)
            })
            .map(|ad| &ad.provider)
            .collect();
        p.sort();
        p.dedup();
        p
    }

    fn has_activity(&self, a: &Arrangement, fam: ServiceType) -> bool {
        self.ds
            .activity
            .iter()
            .any(|s| s.arrangement.as_ref() == Some(&a.key) && family(s.service) == fam && s.as_at <= self.as_of)
    }

    /// The arrangements serving a family: covering it, with contracts, admissions or activity in it.
    fn serving(&self, fam: ServiceType) -> Vec<&'a Arrangement> {
        self.arrangements
            .iter()
            .copied()
            .filter(|a| a.services.iter().any(|s| family(*s) == fam))
            .filter(|a| {
                !self.contracts(a, fam).is_empty() || !self.admitted(a, fam).is_empty() || self.has_activity(a, fam)
            })
            .collect()
    }
}

/// Answers the thirteen questions as at `as_of` for the arrangements in `scope` (None: every
/// arrangement running on the date), per service family (home care, supported living, …).
pub fn foi(ds: &Dataset, as_of: NaiveDate, scope: Option<&[Key]>) -> FoiPack {
    let arrangements: Vec<&Arrangement> = ds
        .arrangements
        .iter()
        .filter(|a| scope.is_none_or(|s| s.contains(&a.key)))
        .filter(|a| live(arrangement_status_as_at(a, as_of)))
        .collect();
    let cx = Ctx { ds, as_of, arrangements };
    let mut families: Vec<ServiceType> =
        cx.arrangements.iter().flat_map(|a| a.services.iter().map(|s| family(*s))).collect();
    families.sort();
    families.dedup();
    families.retain(|f| !cx.serving(*f).is_empty());
    let keys: Vec<Key> = cx.arrangements.iter().map(|a| a.key.clone()).collect();
    let activity = activity_report(ds, as_of, Some(&keys));
    let rates = rates_report(ds, as_of, Some(&keys));

    let per_family = |f: &dyn Fn(ServiceType, &[&Arrangement]) -> Part| -> Vec<FoiPart> {
        if families.is_empty() {
            let (held, text, data) =
                not_held(format!("no commissioning arrangement in scope was running on {}", date_long(as_of)));
            return vec![FoiPart { heading: None, held, text, data }];
        }
        families
            .iter()
            .map(|fam| {
                let serving = cx.serving(*fam);
                let (held, text, data) = f(*fam, &serving);
                FoiPart { heading: Some(fam.label().to_owned()), held, text, data }
            })
            .collect()
    };

    let mut answers: Vec<Vec<FoiPart>> = Vec::new();

    // 1. Arrangements in place.
    answers.push(per_family(&|_, serving| {
        let items: Vec<FoiArrangement> = serving
            .iter()
            .map(|a| FoiArrangement {
                key: a.key.to_string(),
                title: a.title.clone(),
                kind: a.kind.label().to_owned(),
                capacity_note: a.capacity_note.clone(),
                lots: ds.lots.iter().filter(|l| l.arrangement == a.key).count() as u32,
            })
            .collect();
        let text = items
            .iter()
            .map(|a| {
                let lots = if a.lots > 1 { format!(" with {} lots", a.lots) } else { String::new() };
                let cap = a
                    .capacity_note
                    .as_ref()
                    .map(|c| format!("; the specification suggests the capacity required is {c}"))
                    .unwrap_or_default();
                format!("{}: {}{lots}{cap}.", a.kind, a.title)
            })
            .collect::<Vec<_>>()
            .join(" ");
        (true, text, FoiData::Arrangements { items })
    }));

    // 2. Providers.
    answers.push(per_family(&|fam, serving| {
        let items: Vec<FoiProviderCount> = serving
            .iter()
            .map(|a| {
                let mut contracted: Vec<&Key> = cx.contracts(a, fam).iter().map(|c| &c.provider).collect();
                contracted.sort();
                contracted.dedup();
                FoiProviderCount {
                    arrangement: a.key.to_string(),
                    title: a.title.clone(),
                    kind: a.kind.label().to_owned(),
                    contracted: contracted.len() as u32,
                    admitted: cx.admitted(a, fam).len() as u32,
                }
            })
            .collect();
        let text = items
            .iter()
            .map(|p| {
                let n = |k: u32| if k == 1 { "a single provider".to_owned() } else { format!("{k} providers") };
                match (p.contracted, p.admitted) {
                    (0, 0) => format!("{}: no contract with a provider is in force.", p.title),
                    (0, a) => format!("{}: {} admitted ({}).", p.title, n(a), p.kind.to_lowercase()),
                    (c, 0) => format!("{}: {} contracted ({}).", p.title, n(c), p.kind.to_lowercase()),
                    (c, a) => format!(
                        "{}: {} contracted ({}); {a} admitted to the lot{}.",
                        p.title,
                        n(c),
                        p.kind.to_lowercase(),
                        if a == 1 { "" } else { "s" }
                    ),
                }
            })
            .collect::<Vec<_>>()
            .join(" ");
        (true, text, FoiData::Providers { items })
    }));

    // 3. Expiry.
    answers.push(per_family(&|fam, serving| {
        let mut items = Vec::new();
        for a in serving {
            let contracts = cx.contracts(a, fam);
            if contracts.is_empty() {
                let t = term_as_at(&a.term, as_of);
                items.push(end_of(a, "arrangement", 1, &t));
                continue;
            }
            let mut groups: Vec<(Term, u32)> = Vec::new();
            for c in contracts {
                let t = term_as_at(&c.term, as_of);
                let sig = |t: &Term| (t.current_end(), available(t));
                match groups.iter_mut().find(|(g, _)| sig(g) == sig(&t)) {
                    Some((_, n)) => *n += 1,
                    None => groups.push((t, 1)),
                }
            }
            groups.sort_by_key(|(t, _)| t.current_end());
            for (t, n) in groups {
                items.push(end_of(a, if n == 1 { "contract" } else { "contracts" }, n, &t));
            }
        }
        let text = items
            .iter()
            .map(|e| {
                let what = match e.what.as_str() {
                    "arrangement" => format!("{} runs", e.title),
                    "contract" => format!("{}: the contract runs", e.title),
                    _ => format!("{}: {} contracts run", e.title, e.count),
                };
                format!("{what} until {}{}.", date_long(e.current_end), options_words(&e.options_available))
            })
            .collect::<Vec<_>>()
            .join(" ");
        (true, text, FoiData::Expiry { items })
    }));

    // 4. Hours and packages.
    answers.push(per_family(&|fam, _| {
        let rows: Vec<ActivityRow> = activity.rows.iter().filter(|r| r.service == fam.label()).cloned().collect();
        let totals: Vec<ActivityTotal> = activity.totals.iter().filter(|t| t.service == fam.label()).cloned().collect();
        let counted = |t: &ActivityTotal| {
            t.packages.is_some() || t.hours_per_week.is_some() || t.brokerage_hours_per_week.is_some()
        };
        if !totals.iter().any(counted) {
            return not_held(format!(
                "no activity snapshot of {} was recorded on or before {}",
                fam.label().to_lowercase(),
                date_long(as_of)
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
        for r in rows.iter().filter(|r| r.average_package_hours.is_some() || r.period_start.is_some()) {
            if let (Some(b), Some(p)) = (r.brokerage_hours_per_week, r.period_start) {
                lines.push(format!(
                    "{}: from {} to {} an average of {} hours a week were commissioned through brokerage{}.",
                    r.arrangement_title.clone().unwrap_or_default(),
                    date_long(p),
                    date_long(r.as_at),
                    number(b),
                    r.average_package_hours
                        .map(|h| format!("; the average package was {} hours", number(h)))
                        .unwrap_or_default()
                ));
            }
        }
        (true, lines.join(" "), FoiData::Activity { rows, totals })
    }));

    // 5. Call-off process (per arrangement).
    {
        let mut items = Vec::new();
        for a in &cx.arrangements {
            if families.iter().any(|f| cx.serving(*f).iter().any(|s| s.key == a.key)) {
                items.push(FoiNote {
                    arrangement: a.key.to_string(),
                    lot: None,
                    needed: None,
                    note: a.call_off_description.clone().unwrap_or_else(|| a.call_off.label().to_owned()),
                });
            }
        }
        let part = if items.is_empty() {
            let (held, text, data) = not_held("no commissioning arrangement in scope was running on the date");
            FoiPart { heading: None, held, text, data }
        } else {
            let text = items
                .iter()
                .map(|n| format!("{}: {}", title_of(ds, &n.arrangement), n.note))
                .collect::<Vec<_>>()
                .join(" ");
            FoiPart { heading: None, held: true, text, data: FoiData::CallOff { items } }
        };
        answers.push(vec![part]);
    }

    // 6. Rates.
    answers.push(per_family(&|fam, _| {
        let mut groups: Vec<RatesGroup> =
            rates.groups.iter().filter(|g| g.service == fam.label() && g.source == "contract").cloned().collect();
        if groups.is_empty() {
            groups = rates.groups.iter().filter(|g| g.service == fam.label()).cloned().collect();
        }
        if groups.is_empty() {
            return not_held(format!(
                "no hourly rate of {} is recorded on a contract or rate card in force on {}",
                fam.label().to_lowercase(),
                date_long(as_of)
            ));
        }
        let mut lines = Vec::new();
        for g in &groups {
            let s = &g.overall;
            let label = if g.name == "Standard hour" { String::new() } else { format!("{}: ", g.name) };
            if s.lowest == s.highest {
                lines.push(format!("{label}{} per hour.", pounds(s.lowest)));
            } else {
                if g.by_arrangement.len() > 1 {
                    for b in &g.by_arrangement {
                        if b.stats.lowest == b.stats.highest {
                            lines.push(format!("{}: {} per hour.", title_of(ds, &b.label), pounds(b.stats.lowest)));
                        }
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
            }
        }
        (true, lines.join(" "), FoiData::Rates { groups })
    }));

    // 7. Enhancements.
    answers.push(per_family(&|fam, serving| {
        let items: Vec<EnhancementLine> = rates
            .enhancements
            .iter()
            .filter(|e| serving.iter().any(|a| a.key.as_str() == e.arrangement))
            .filter(|e| ds.lots.iter().any(|l| l.key.as_str() == e.lot && family(l.service) == fam))
            .cloned()
            .collect();
        let priced = rates.groups.iter().any(|g| g.service == fam.label());
        if items.is_empty() && !priced {
            return not_held(format!("no rate of {} is recorded", fam.label().to_lowercase()));
        }
        if items.is_empty() {
            return (true, "No enhancements.".into(), FoiData::Enhancements { items });
        }
        let text = items
            .iter()
            .map(|e| format!("{} ({}): {}, {}.", title_of(ds, &e.arrangement), e.lot_title, e.name, e.uplift))
            .collect::<Vec<_>>()
            .join(" ");
        (true, text, FoiData::Enhancements { items })
    }));

    // 8. Live-in packages.
    let live_in_of = |fam: ServiceType| -> Option<(u32, NaiveDate)> {
        let t = activity.totals.iter().find(|t| t.service == fam.label() && t.channel == Channel::Total)?;
        t.live_in_packages.map(|n| (n, t.to))
    };
    answers.push(per_family(&|fam, _| match live_in_of(fam) {
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
            date_long(as_of)
        )),
    }));

    // 9. Live-in rates.
    answers.push(per_family(&|fam, serving| {
        let items: Vec<LiveInRate> = rates
            .live_in
            .iter()
            .filter(|r| serving.iter().any(|a| a.key.as_str() == r.arrangement))
            .filter(|r| {
                r.lot.as_ref().is_none_or(|l| ds.lots.iter().any(|x| x.key.as_str() == l && family(x.service) == fam))
            })
            .cloned()
            .collect();
        if !items.is_empty() {
            let text = items
                .iter()
                .map(|r| format!("{}: {} a week.", title_of(ds, &r.arrangement), pounds(r.weekly)))
                .collect::<Vec<_>>()
                .join(" ");
            return (true, text, FoiData::LiveInRates { items });
        }
        match live_in_of(fam) {
            Some((0, _)) => {
                let reason = "no live-in packages are commissioned".to_owned();
                (true, format!("Not applicable: {reason}."), FoiData::NotApplicable { reason })
            }
            _ => not_held(format!("no weekly live-in rate of {} is recorded", fam.label().to_lowercase())),
        }
    }));

    // 10 and 11. New providers, prerequisites: the lot's note where the service's lots give one,
    // else the arrangement's.
    for q in [10, 11] {
        answers.push(per_family(&|fam, serving| {
            let mut items = Vec::new();
            for a in serving {
                let lot_note = cx.lots(a, fam).into_iter().find_map(|l| {
                    if q == 10 {
                        l.new_providers.as_ref().map(|n| (Some(l.key.to_string()), Some(n.needed), n.note.clone()))
                    } else {
                        l.prerequisites_note.as_ref().map(|n| (Some(l.key.to_string()), None, n.clone()))
                    }
                });
                let note = lot_note.or_else(|| {
                    if q == 10 {
                        a.new_providers.as_ref().map(|n| (None, Some(n.needed), n.note.clone()))
                    } else {
                        a.prerequisites_note.as_ref().map(|n| (None, None, n.clone()))
                    }
                });
                if let Some((lot, needed, note)) = note {
                    items.push(FoiNote { arrangement: a.key.to_string(), lot, needed, note });
                }
            }
            if items.is_empty() {
                return not_held(if q == 10 {
                    "no arrangement in scope records whether new providers are needed"
                } else {
                    "no arrangement in scope records its minimum prerequisites"
                });
            }
            let text = if items.len() == 1 {
                items[0].note.clone()
            } else {
                items
                    .iter()
                    .map(|n| format!("{}: {}", title_of(ds, &n.arrangement), n.note))
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            (true, text, FoiData::Notes { items })
        }));
    }

    // 12. Advertising.
    answers.push(vec![match ds.authority.as_ref().filter(|a| !a.advertising.is_empty()) {
        Some(a) => {
            let channels: Vec<FoiChannel> = a
                .advertising
                .iter()
                .map(|c| FoiChannel { name: c.name.clone(), url: c.url.clone(), note: c.note.clone() })
                .collect();
            let text = channels
                .iter()
                .map(|c| {
                    let url = c.url.as_ref().map(|u| format!(" ({u})")).unwrap_or_default();
                    match &c.note {
                        Some(n) => format!("{}{url}: {n}", c.name),
                        None => format!("{}{url}.", c.name),
                    }
                })
                .collect::<Vec<_>>()
                .join(" ");
            FoiPart { heading: None, held: true, text, data: FoiData::Advertising { channels } }
        }
        None => {
            let (held, text, data) = not_held("the authority profile names no advertising portal");
            FoiPart { heading: None, held, text, data }
        }
    }]);

    // 13. Lead commissioner.
    answers.push(vec![match ds.authority.as_ref() {
        Some(a) => {
            let c = &a.lead_commissioner;
            let mut text = format!("The lead commissioner is {}", c.name);
            if let Some(r) = &c.role {
                text.push_str(&format!(", {r}"));
            }
            if let Some(e) = &c.email {
                text.push_str(&format!(" — {e}"));
            }
            if let Some(p) = &c.phone {
                text.push_str(&format!(", {p}"));
            }
            text.push('.');
            if let Some(r) = &a.provider_contact_route {
                text.push(' ');
                text.push_str(r);
            }
            FoiPart {
                heading: None,
                held: true,
                text,
                data: FoiData::Contact {
                    name: c.name.clone(),
                    role: c.role.clone(),
                    email: c.email.clone(),
                    phone: c.phone.clone(),
                    route: a.provider_contact_route.clone(),
                },
            }
        }
        None => {
            let (held, text, data) = not_held("no authority profile is recorded");
            FoiPart { heading: None, held, text, data }
        }
    }]);

    let answers: Vec<FoiAnswer> = answers
        .into_iter()
        .enumerate()
        .map(|(i, parts)| {
            let text = parts
                .iter()
                .map(|p| match &p.heading {
                    Some(h) if parts.len() > 1 => format!("{h}: {}", p.text),
                    _ => p.text.clone(),
                })
                .collect::<Vec<_>>()
                .join("\n");
            FoiAnswer {
                number: i as u32 + 1,
                question: QUESTIONS[i].to_owned(),
                held: parts.iter().all(|p| p.held),
                parts,
                text,
            }
        })
        .collect();
    let council = ds.authority.as_ref().map(|a| a.council_name.clone());
    let mut text = format!(
        "Freedom of Information: commissioning arrangements{}\nAnswered from TenderDesk as at {}.\n",
        council.as_ref().map(|c| format!(" — {c}")).unwrap_or_default(),
        date_long(as_of)
    );
    for a in &answers {
        text.push_str(&format!("\n{}. {}\n", a.number, a.question));
        for line in a.text.lines() {
            text.push_str(&format!("   {line}\n"));
        }
    }
    FoiPack {
        as_of,
        council,
        arrangements: keys.iter().map(|k| k.to_string()).collect(),
        services: families.iter().map(|f| f.label().to_owned()).collect(),
        answers,
        text,
    }
}

fn title_of(ds: &Dataset, key: &str) -> String {
    ds.arrangements.iter().find(|a| a.key.as_str() == key).map(|a| a.title.clone()).unwrap_or_else(|| key.to_owned())
}

fn available(t: &Term) -> Vec<u32> {
    if t.extension_options.iter().any(|o| o.status == OptionStatus::Declined) {
        return Vec::new();
    }
    t.extension_options.iter().filter(|o| o.status == OptionStatus::Available).map(|o| o.months).collect()
}

fn end_of(a: &Arrangement, what: &str, count: u32, t: &Term) -> FoiEnd {
    FoiEnd {
        arrangement: a.key.to_string(),
        title: a.title.clone(),
        what: what.to_owned(),
        count,
        current_end: t.current_end(),
        options_available: available(t),
        latest_possible_end: t.latest_possible_end(),
    }
}

/// ", with options to extend for two further periods of 12 months".
fn options_words(months: &[u32]) -> String {
    match months {
        [] => String::new(),
        [m] => format!(", with an option to extend for a further {m} months"),
        ms if ms.iter().all(|m| *m == ms[0]) => {
            let n = match ms.len() {
                2 => "two".to_owned(),
                3 => "three".to_owned(),
                n => n.to_string(),
            };
            format!(", with options to extend for {n} further periods of {} months", ms[0])
        }
        ms => format!(
            ", with options to extend for further periods of {} months",
            ms.iter().map(|m| m.to_string()).collect::<Vec<_>>().join(", ")
        ),
    }
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
