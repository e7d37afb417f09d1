//! The thirteen standard FOI questions on commissioning (seeds 000 and 001), answered from the data
//! as at a date, each as structured data and plain text. Where the data cannot answer, the answer
//! says so rather than inventing one.

use chrono::NaiveDate;
use serde::Serialize;
use tenderdesk_domain::*;

use crate::activity::{activity_report, family, ActivityReport, ActivityRow, ActivityTotal};
use crate::contracts::{arrangement_status_as_at, contract_status_as_at};
use crate::fmt::date_long;
use crate::rates::{rates_report, EnhancementLine, LiveInRate, RatesGroup, RatesReport};
use crate::term::StatusAsAt;

mod activity;
mod arrangements;
mod authority;
mod market_entry;
mod rates;

use activity::{hours_and_packages, live_in_packages};
use arrangements::{arrangements_in_place, call_off_process, expiry, providers_contracted};
use authority::{advertising, lead_commissioner};
use market_entry::{minimum_prerequisites, need_for_new_providers};
use rates::{enhancements, live_in_rates, rates_paid};

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

/// What every answer reads: the data set, the date, the arrangements in scope and the service
/// families they serve, with the activity and rates views of those arrangements.
struct Ctx<'a> {
    ds: &'a Dataset,
    as_of: NaiveDate,
    arrangements: Vec<&'a Arrangement>,
    /// The keys of `arrangements`.
    keys: Vec<Key>,
    /// The service families some arrangement in scope serves, in order.
    families: Vec<ServiceType>,
    activity: ActivityReport,
    rates: RatesReport,
}

impl<'a> Ctx<'a> {
    fn new(ds: &'a Dataset, as_of: NaiveDate, scope: Option<&[Key]>) -> Ctx<'a> {
        let arrangements: Vec<&Arrangement> = ds
            .arrangements
            .iter()
            .filter(|a| scope.is_none_or(|s| s.contains(&a.key)))
            .filter(|a| live(arrangement_status_as_at(a, as_of)))
            .collect();
        let keys: Vec<Key> = arrangements.iter().map(|a| a.key.clone()).collect();
        let activity = activity_report(ds, as_of, Some(&keys));
        let rates = rates_report(ds, as_of, Some(&keys));
        let mut cx = Ctx { ds, as_of, arrangements, keys, families: Vec::new(), activity, rates };
        cx.families = cx.families_served();
        cx
    }

    /// The service families of the arrangements in scope that some arrangement serves.
    fn families_served(&self) -> Vec<ServiceType> {
        let mut families: Vec<ServiceType> =
            self.arrangements.iter().flat_map(|a| a.services.iter().map(|s| family(*s))).collect();
        families.sort();
        families.dedup();
        families.retain(|f| !self.serving(*f).is_empty());
        families
    }

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

    /// An answer given per service family, headed by the family's name; when no family is served,
    /// one part saying that nothing was running.
    fn per_family(&self, answer: impl Fn(&Ctx<'a>, ServiceType, &[&'a Arrangement]) -> Part) -> Vec<FoiPart> {
        if self.families.is_empty() {
            let reason = format!("no commissioning arrangement in scope was running on {}", date_long(self.as_of));
            return vec![part(None, not_held(reason))];
        }
        self.families
            .iter()
            .map(|fam| part(Some(fam.label().to_owned()), answer(self, *fam, &self.serving(*fam))))
            .collect()
    }
}

fn part(heading: Option<String>, (held, text, data): Part) -> FoiPart {
    FoiPart { heading, held, text, data }
}

/// Answers the thirteen questions as at `as_of` for the arrangements in `scope` (None: every
/// arrangement running on the date), per service family (home care, supported living, …).
pub fn foi(ds: &Dataset, as_of: NaiveDate, scope: Option<&[Key]>) -> FoiPack {
    let cx = Ctx::new(ds, as_of, scope);
    let answers: [Vec<FoiPart>; 13] = [
        cx.per_family(arrangements_in_place),
        cx.per_family(providers_contracted),
        cx.per_family(expiry),
        cx.per_family(hours_and_packages),
        vec![call_off_process(&cx)],
        cx.per_family(rates_paid),
        cx.per_family(enhancements),
        cx.per_family(live_in_packages),
        cx.per_family(live_in_rates),
        cx.per_family(need_for_new_providers),
        cx.per_family(minimum_prerequisites),
        vec![advertising(ds)],
        vec![lead_commissioner(ds)],
    ];
    let answers: Vec<FoiAnswer> = answers.into_iter().zip(1..).map(|(parts, number)| answer(number, parts)).collect();
    pack(&cx, answers)
}

/// Question `number` (from 1) answered by its parts; the text heads each part with its service
/// family where there are several.
fn answer(number: u32, parts: Vec<FoiPart>) -> FoiAnswer {
    let text = parts
        .iter()
        .map(|p| match &p.heading {
            Some(h) if parts.len() > 1 => format!("{h}: {}", p.text),
            _ => p.text.clone(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    FoiAnswer {
        number,
        question: QUESTIONS[number as usize - 1].to_owned(),
        held: parts.iter().all(|p| p.held),
        parts,
        text,
    }
}

/// The answers as one pack, with the text of the whole reply.
fn pack(cx: &Ctx<'_>, answers: Vec<FoiAnswer>) -> FoiPack {
    let council = cx.ds.authority.as_ref().map(|a| a.council_name.clone());
    let mut text = format!(
        "Freedom of Information: commissioning arrangements{}\nAnswered from TenderDesk as at {}.\n",
        council.as_ref().map(|c| format!(" — {c}")).unwrap_or_default(),
        date_long(cx.as_of)
    );
    for a in &answers {
        text.push_str(&format!("\n{}. {}\n", a.number, a.question));
        for line in a.text.lines() {
            text.push_str(&format!("   {line}\n"));
        }
    }
    FoiPack {
        as_of: cx.as_of,
        council,
        arrangements: cx.keys.iter().map(|k| k.to_string()).collect(),
        services: cx.families.iter().map(|f| f.label().to_owned()).collect(),
        answers,
        text,
    }
}

fn title_of(ds: &Dataset, key: &str) -> String {
    ds.arrangements.iter().find(|a| a.key.as_str() == key).map(|a| a.title.clone()).unwrap_or_else(|| key.to_owned())
}
