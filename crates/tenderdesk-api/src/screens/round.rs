//! A round's whole working view: timetable, model, invited, clarifications, bids (sealed until
//! opened, late ones flagged), the panel with its declarations, every mark, the moderated marks,
//! the computed result and the award decision. Also the list of rounds with their stage.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use tenderdesk_domain::*;
use tenderdesk_evaluation::RoundResult;

use super::{code_of, holds_all, search_text, search_words, Paging};
use crate::{uk_time, Api, Result};

/// Where a round is, as at a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum RoundStage {
    /// Not yet published.
    Planned,
    /// Published; bids may still arrive.
    OpenForBids,
    /// The deadline has passed and the bids are still sealed.
    BidsSealed,
    /// The bids are opened; marking and moderation.
    Evaluation,
    /// An award decision is in force and its standstill is running.
    Standstill,
    /// Awarded, with the standstill over (or none observed).
    Awarded,
}

impl RoundStage {
    pub fn label(self) -> &'static str {
        match self {
            RoundStage::Planned => "Planned",
            RoundStage::OpenForBids => "Open for bids",
            RoundStage::BidsSealed => "Bids sealed",
            RoundStage::Evaluation => "Evaluation",
            RoundStage::Standstill => "Standstill",
            RoundStage::Awarded => "Awarded",
        }
    }

    /// Whether the round still needs the officer (everything before the end of standstill).
    pub fn in_progress(self) -> bool {
        self != RoundStage::Awarded
    }

    pub fn of(round: &Round, award: Option<&AwardDecision>, as_of: NaiveDate) -> RoundStage {
        if let Some(a) = award {
            return match a.standstill_ends {
                Some(end) if end >= as_of => RoundStage::Standstill,
                _ => RoundStage::Awarded,
            };
        }
        if as_of < round.timetable.published {
            RoundStage::Planned
        } else if as_of <= round.timetable.submission_deadline.date_naive() {
            RoundStage::OpenForBids
        } else if round.bids_opened.is_none() {
            RoundStage::BidsSealed
        } else {
            RoundStage::Evaluation
        }
    }
}

/// One line of the list of rounds.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct RoundRow {
    pub key: String,
    pub title: String,
    pub arrangement: String,
    /// e.g. "Mini-competition"
    pub kind: String,
    pub lots: Vec<String>,
    pub stage: RoundStage,
    pub stage_label: String,
    pub published: NaiveDate,
    /// RFC 3339, UTC.
    pub submission_deadline: String,
    pub submission_deadline_uk: String,
    /// The next milestone on or after the date asked, as (field name, date).
    pub next_milestone: Option<String>,
    pub next_milestone_on: Option<NaiveDate>,
    pub bids: u32,
}

/// What to list of the rounds.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct RoundQuery {
    /// Words to find in the reference or title.
    pub search: Option<String>,
    /// Only the rounds of this arrangement (reference).
    pub arrangement: Option<String>,
    /// Only the rounds still in progress as at `as_of`.
    pub in_progress_only: bool,
    /// The date stages are judged at; None means today.
    pub as_of: Option<NaiveDate>,
    pub paging: Paging,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct RoundPage {
    pub total: u32,
    pub offset: u32,
    pub rows: Vec<RoundRow>,
}

/// A milestone of the timetable, with the name its form field has.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct Milestone {
    /// `published`, `clarification_deadline`, `submission_deadline`, `evaluation_start`…
    pub field: String,
    pub label: String,
    pub date: NaiveDate,
    /// For the two deadlines: the instant, RFC 3339 UTC, and as read in the UK.
    pub at: Option<String>,
    pub at_uk: Option<String>,
    pub passed: bool,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct QuestionView {
    pub code: String,
    pub title: String,
    /// `quality`, `interview` or `social_value`.
    pub section: String,
    /// Share of the whole evaluation, as a decimal string ("12.5").
    pub weight: String,
    pub min: u32,
    pub max: u32,
    pub minimum_mark: Option<u32>,
    /// What each mark means, as (mark, label).
    pub descriptors: Vec<(u32, String)>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ModelView {
    /// The gates as (code, title).
    pub gates: Vec<(String, String)>,
    pub quality_weight: String,
    pub interview_weight: Option<String>,
    pub social_value_weight: Option<String>,
    pub price_weight: String,
    /// `relative`, `deviation_from_mean` or `linear`, and its reading.
    pub price_formula: String,
    pub price_formula_label: String,
    /// `hourly_rate` or `zone_basket`.
    pub price_basis: String,
    pub quality_threshold: Option<String>,
    pub tie_break: Vec<String>,
    /// e.g. "Top 1 ranked bid per lot" or "Every bid above the threshold".
    pub award_rule: String,
    pub questions: Vec<QuestionView>,
}

impl ModelView {
    pub fn of(m: &EvaluationModel) -> ModelView {
        let award_rule = match &m.award_rule {
            AwardRule::TopRanked { places } => format!("Top {places} ranked bid(s) per lot"),
            AwardRule::AllAboveThreshold { max_per_lot, max_per_zone } => {
                let mut s = "Every bid above the threshold".to_owned();
                if let Some(n) = max_per_lot {
                    s.push_str(&format!(", at most {n} per lot"));
                }
                if let Some(n) = max_per_zone {
                    s.push_str(&format!(", at most {n} per zone"));
                }
                s
            }
        };
        ModelView {
            gates: m.gates.iter().map(|g| (g.code.clone(), g.title.clone())).collect(),
            quality_weight: m.quality.weight.to_string(),
            interview_weight: m.interview.as_ref().map(|s| s.weight.to_string()),
            social_value_weight: m.social_value.as_ref().map(|s| s.weight.to_string()),
            price_weight: m.price.weight.to_string(),
            price_formula: code_of(&m.price.formula),
            price_formula_label: m.price.formula.label().to_owned(),
            price_basis: code_of(&m.price.basis),
            quality_threshold: m.quality_threshold.map(|p| p.to_string()),
            tie_break: m.tie_break.iter().map(|t| t.label().to_owned()).collect(),
            award_rule,
            questions: m
                .questions()
                .map(|(section, q)| QuestionView {
                    code: q.code.clone(),
                    title: q.title.clone(),
                    section: section.to_owned(),
                    weight: q.weight.to_string(),
                    min: q.scale.min,
                    max: q.scale.max,
                    minimum_mark: q.minimum_mark,
                    descriptors: q.scale.descriptors.iter().map(|d| (d.mark, d.label.clone())).collect(),
                })
                .collect(),
        }
    }
}

/// A provider named by reference and display name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct ProviderRef {
    pub key: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ClarificationView {
    pub number: u32,
    pub asked_on: NaiveDate,
    pub question: String,
    pub answer: Option<String>,
    pub answered_on: Option<NaiveDate>,
    pub published_to_all: bool,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct BidPriceView {
    pub zone: Option<String>,
    #[ts(type = "number")]
    pub hourly_pence: i64,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct BidView {
    pub key: String,
    pub lot: String,
    pub bidder: String,
    pub bidder_name: String,
    /// RFC 3339, UTC, and as read in the UK.
    pub received_at: String,
    pub received_uk: String,
    /// Received after the submission deadline.
    pub late: bool,
    /// Why a late bid was accepted, when it was.
    pub late_accepted: Option<String>,
    /// `received`, `compliant`, `excluded` or `withdrawn`.
    pub status: String,
    pub status_reason: Option<String>,
    /// True while the round's bids are sealed: then `prices` is empty whatever was bid.
    pub sealed: bool,
    pub prices: Vec<BidPriceView>,
    #[ts(type = "number | null")]
    pub live_in_weekly_pence: Option<i64>,
    /// Gate results as (gate code, passed, note).
    pub gates: Vec<(String, bool, Option<String>)>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct DeclarationView {
    pub bidder: String,
    pub bidder_name: String,
    /// `none`, `actual`, `perceived` or `potential`.
    pub conflict: String,
    pub resolution: Option<String>,
    pub declared_on: NaiveDate,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct EvaluatorView {
    pub key: String,
    pub name: String,
    pub role: String,
    pub declarations: Vec<DeclarationView>,
    /// Bidders in the round this evaluator has not yet declared about (cannot mark them yet).
    pub undeclared: Vec<String>,
    /// Bidders this evaluator declared a conflict with (cannot mark them).
    pub conflicted: Vec<String>,
}

/// One cell of the marks grid: one evaluator's mark on one question of one bid.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct MarkView {
    pub key: String,
    pub submission: String,
    pub evaluator: String,
    pub question: String,
    pub mark: Option<u32>,
    pub abstained: Option<String>,
    pub justification: String,
}

/// The panel's agreed mark on one question of one bid, with the spread of individual marks.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ModeratedView {
    pub key: String,
    pub submission: String,
    pub question: String,
    pub mark: u32,
    pub rationale: String,
    pub agreed_on: NaiveDate,
}

/// The spread of the individual marks on one question of one bid.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct Spread {
    pub submission: String,
    pub question: String,
    pub marks: Vec<u32>,
    pub lowest: u32,
    pub highest: u32,
    /// `highest - lowest`; the moderation screen highlights a wide spread.
    pub range: u32,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct AwardedView {
    pub lot: String,
    pub provider: String,
    pub provider_name: String,
    pub submission: String,
    pub zones: Vec<String>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct AwardView {
    pub key: String,
    pub decided_on: NaiveDate,
    pub decision_maker: String,
    pub regime: String,
    pub awarded: Vec<AwardedView>,
    pub notices_sent_on: NaiveDate,
    pub standstill: bool,
    pub standstill_ends: Option<NaiveDate>,
    /// Why it was withdrawn, by whom and when, once it was.
    pub withdrawn: Option<String>,
}

impl AwardView {
    pub(crate) fn of(api: &Api, a: &AwardDecision) -> Result<AwardView> {
        let mut awarded = Vec::new();
        for w in &a.awarded {
            awarded.push(AwardedView {
                lot: w.lot.to_string(),
                provider: w.provider.to_string(),
                provider_name: api.provider_name(&w.provider)?,
                submission: w.submission.to_string(),
                zones: w.zones.clone(),
            });
        }
        Ok(AwardView {
            key: a.key.to_string(),
            decided_on: a.decided_on,
            decision_maker: a.decision_maker.clone(),
            regime: a.regime.label().to_owned(),
            awarded,
            notices_sent_on: a.notices_sent_on,
            standstill: a.standstill,
            standstill_ends: a.standstill_ends,
            withdrawn: a.withdrawn.as_ref().map(|w| format!("{} (by {} on {})", w.reason, w.by, w.on)),
        })
    }
}

/// Everything the round screen shows.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct RoundView {
    pub key: String,
    pub title: String,
    pub arrangement: String,
    pub arrangement_title: String,
    /// `establishment`, `reopening` or `mini_competition`, and its reading.
    pub kind: String,
    pub kind_label: String,
    pub regime: String,
    /// The lots competed for, as (reference, title).
    pub lots: Vec<(String, String)>,
    pub stage: RoundStage,
    pub stage_label: String,
    pub timetable: Vec<Milestone>,
    pub model: ModelView,
    pub invited: Vec<ProviderRef>,
    /// Providers admitted (active) to the round's lots and not yet invited.
    pub invitable: Vec<ProviderRef>,
    pub clarifications: Vec<ClarificationView>,
    pub sealed: bool,
    /// Who opened the bids and when (UK reading).
    pub bids_opened: Option<String>,
    pub bids: Vec<BidView>,
    pub panel: Vec<EvaluatorView>,
    pub marks: Vec<MarkView>,
    pub moderated: Vec<ModeratedView>,
    pub spreads: Vec<Spread>,
    /// The computed result, once the bids are opened.
    pub result: Option<RoundResult>,
    /// Why there is no result yet, when there is none.
    pub result_unavailable: Option<String>,
    pub award: Option<AwardView>,
    /// Earlier decisions, withdrawn.
    pub withdrawn_awards: Vec<AwardView>,
    /// True while an award is in force: bids, panel, marks and model cannot change.
    pub locked: bool,
    /// Ties in the result that no tie-break rule broke: each needs a drawing of lots.
    pub ties_to_draw: Vec<crate::forms::drawing::TieToDraw>,
    /// The drawings of lots recorded for the round.
    pub drawings: Vec<crate::forms::drawing::DrawingView>,
}

fn milestone_label(field: &str) -> String {
    let s = field.replace('_', " ");
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => s,
    }
}

fn milestones(t: &Timetable, as_of: NaiveDate) -> Vec<Milestone> {
    let instant = |field: &str| -> Option<DateTime<Utc>> {
        match field {
            "clarification_deadline" => t.clarification_deadline,
            "submission_deadline" => Some(t.submission_deadline),
            _ => None,
        }
    };
    t.milestones()
        .into_iter()
        .map(|(field, date)| {
            let at = instant(field);
            Milestone {
                field: field.to_owned(),
                label: milestone_label(field),
                date,
                at: at.map(|a| a.to_rfc3339()),
                at_uk: at.map(uk_time),
                passed: date < as_of,
            }
        })
        .collect()
}

/// What the list of rounds keeps of one round: where it stands in the kept list of rounds, its
/// bids counted, its decision in force and the lower-case text the search looks in.
#[derive(Clone)]
struct RoundLine {
    at: usize,
    bids: u32,
    award: Option<AwardDecision>,
    hay: String,
}

/// Every round as the list of rounds needs it, latest published first, kept until a round, an
/// award decision or a bid changes: the stage is the only thing worked out per call (it depends
/// on the date asked).
#[derive(Clone)]
pub(crate) struct RoundLines {
    rounds: Arc<Vec<(u64, Round)>>,
    lines: Vec<RoundLine>,
    /// Each bid's round (ids), so a bid written or deleted says which rounds to count again.
    bid_round: HashMap<u64, u64>,
}

/// The kinds a round's view reads (all but the kinds that come after a round: contracts, activity
/// and spend), so that a field added to the view from any of them is never shown stale.
const ROUND_VIEW_KINDS: [Kind; 12] = [
    Kind::Authority,
    Kind::Providers,
    Kind::Arrangements,
    Kind::Lots,
    Kind::Openings,
    Kind::Admissions,
    Kind::Rounds,
    Kind::Submissions,
    Kind::Evaluators,
    Kind::Marks,
    Kind::ModeratedMarks,
    Kind::Awards,
];

/// The kinds the list of rounds reads.
pub(crate) const ROUND_LINE_KINDS: [Kind; 3] = [Kind::Rounds, Kind::Awards, Kind::Submissions];

impl RoundLines {
    fn read(store: &tenderdesk_store::Store) -> tenderdesk_store::Result<RoundLines> {
        let rounds = store.list_shared::<Round>()?;
        // The decision in force of each round: the first not withdrawn, in id order (as
        // `Store::live_award` finds it).
        let mut live: HashMap<&Key, &AwardDecision> = HashMap::new();
        let awards = store.list_shared::<AwardDecision>()?;
        for (_, a) in awards.iter() {
            if a.withdrawn.is_none() {
                live.entry(&a.round).or_insert(a);
            }
        }
        let mut lines = Vec::with_capacity(rounds.len());
        let mut bid_round = HashMap::new();
        for (at, (id, r)) in rounds.iter().enumerate() {
            let bids = store.referring_ids(Kind::Rounds, *id, Kind::Submissions)?;
            bid_round.extend(bids.iter().map(|bid| (*bid, *id)));
            lines.push(RoundLine {
                at,
                bids: u32::try_from(bids.len()).unwrap_or(u32::MAX),
                award: live.get(&r.key).map(|a| (*a).clone()),
                hay: search_text(&[r.key.as_str(), r.title.as_str()]),
            });
        }
        lines.sort_by(|a, b| {
            let (ra, rb) = (&rounds[a.at].1, &rounds[b.at].1);
            rb.timetable.published.cmp(&ra.timetable.published).then(ra.key.cmp(&rb.key))
        });
        Ok(RoundLines { rounds, lines, bid_round })
    }

    /// After bids alone changed: counts again only the rounds a written or deleted bid was counted
    /// under or names now, so recording a bid does not recount every round's. Anything else
    /// changed means reading the list again.
    fn patch(
        store: &tenderdesk_store::Store,
        mut kept: RoundLines,
        changed: &[(Kind, Vec<u64>)],
    ) -> tenderdesk_store::Result<RoundLines> {
        if changed.iter().any(|(kind, _)| *kind != Kind::Submissions) {
            return RoundLines::read(store);
        }
        let mut touched: HashSet<u64> = HashSet::new();
        for id in changed.iter().flat_map(|(_, ids)| ids) {
            touched.extend(kept.bid_round.remove(id));
            if let Some(bid) = store.get::<Submission>(*id)? {
                let Some(round) = store.id_of(Kind::Rounds, bid.round.as_str())? else {
                    return RoundLines::read(store);
                };
                kept.bid_round.insert(*id, round);
                touched.insert(round);
            }
        }
        let rounds = &kept.rounds;
        for line in kept.lines.iter_mut() {
            let id = rounds[line.at].0;
            if touched.contains(&id) {
                let bids = store.count_referring(Kind::Rounds, id, Kind::Submissions)?;
                line.bids = u32::try_from(bids).unwrap_or(u32::MAX);
            }
        }
        Ok(kept)
    }

    fn round(&self, line: &RoundLine) -> &Round {
        &self.rounds[line.at].1
    }

    fn stage(&self, line: &RoundLine, as_of: NaiveDate) -> RoundStage {
        RoundStage::of(self.round(line), line.award.as_ref(), as_of)
    }

    fn row(&self, line: &RoundLine, as_of: NaiveDate) -> RoundRow {
        row_of(self.round(line), self.stage(line, as_of), line.bids, as_of)
    }

    /// The rows of the rounds in progress as at `as_of`, in the list's order.
    pub(crate) fn in_progress(&self, as_of: NaiveDate) -> Vec<RoundRow> {
        self.lines.iter().filter(|l| self.stage(l, as_of).in_progress()).map(|l| self.row(l, as_of)).collect()
    }
}

fn row_of(r: &Round, stage: RoundStage, bids: u32, as_of: NaiveDate) -> RoundRow {
    let next = r.timetable.milestones().into_iter().find(|(_, d)| *d >= as_of);
    RoundRow {
        key: r.key.to_string(),
        title: r.title.clone(),
        arrangement: r.arrangement.to_string(),
        kind: r.kind.label().to_owned(),
        lots: r.lots.iter().map(|l| l.to_string()).collect(),
        stage,
        stage_label: stage.label().to_owned(),
        published: r.timetable.published,
        submission_deadline: r.timetable.submission_deadline.to_rfc3339(),
        submission_deadline_uk: uk_time(r.timetable.submission_deadline),
        next_milestone: next.map(|(f, _)| milestone_label(f)),
        next_milestone_on: next.map(|(_, d)| d),
        bids,
    }
}

impl Api {
    /// The list of rounds, kept until a round, award decision or bid changes.
    pub(crate) fn round_lines(&self) -> Result<Arc<RoundLines>> {
        Ok(self.store.view_patched("screens/round_lines", &ROUND_LINE_KINDS, RoundLines::read, RoundLines::patch)?)
    }

    /// The rounds matching the query, latest published first, with their stage as at the date.
    pub fn round_rows(&self, q: &RoundQuery) -> Result<RoundPage> {
        let as_of = q.as_of.unwrap_or_else(crate::market::today);
        let arrangement = q.arrangement.as_deref().map(str::trim).filter(|a| !a.is_empty());
        let words = search_words(q.search.as_deref());
        let kept = self.round_lines()?;
        let chosen: Vec<&RoundLine> = kept
            .lines
            .iter()
            .filter(|l| arrangement.is_none_or(|a| kept.round(l).arrangement.as_str() == a))
            .filter(|l| holds_all(&l.hay, &words))
            .filter(|l| !q.in_progress_only || kept.stage(l, as_of).in_progress())
            .collect();
        let total = chosen.len() as u32;
        let rows = q.paging.window(chosen).into_iter().map(|l| kept.row(l, as_of)).collect();
        Ok(RoundPage { total, offset: q.paging.offset, rows })
    }

    /// Everything the round screen shows, as at `as_of` (None: today). Kept, per round and date,
    /// until a record of a kind it reads changes.
    pub fn round_view(&self, id_or_key: &str, as_of: Option<NaiveDate>) -> Result<RoundView> {
        let as_of = as_of.unwrap_or_else(crate::market::today);
        let name = format!("screens/round_view/{as_of}/{id_or_key}");
        let view = self.kept(&name, &ROUND_VIEW_KINDS, || self.build_round_view(id_or_key, as_of))?;
        Ok(view.as_ref().clone())
    }

    fn build_round_view(&self, id_or_key: &str, as_of: NaiveDate) -> Result<RoundView> {
        let round = self.round(id_or_key)?;
        let key = round.key.as_str();
        let records = self.round_records(&round)?;
        let (_, arrangement) = self.find_record::<Arrangement>(round.arrangement.as_str())?;
        let awards: Vec<AwardDecision> =
            self.store.referring::<AwardDecision>(Kind::Rounds, key)?.into_iter().map(|(_, a)| a).collect();
        let live = awards.iter().find(|a| a.withdrawn.is_none());
        let stage = RoundStage::of(&round, live, as_of);
        let sealed = round.bids_opened.is_none();

        let mut invited = Vec::new();
        for p in &round.invited {
            invited.push(ProviderRef { key: p.to_string(), name: self.provider_name(p)? });
        }
        let mut admitted = BTreeSet::new();
        for lot in &round.lots {
            for (_, a) in self.store.referring::<Admission>(Kind::Lots, lot.as_str())? {
                if a.status == AdmissionStatus::Active && !round.invited.contains(&a.provider) {
                    admitted.insert(a.provider);
                }
            }
        }
        let mut invitable = Vec::new();
        for p in &admitted {
            invitable.push(ProviderRef { key: p.to_string(), name: self.provider_name(p)? });
        }

        let deadline = round.timetable.submission_deadline;
        let bids: Vec<BidView> = records
            .submissions
            .iter()
            .map(|s| BidView {
                key: s.key.to_string(),
                lot: s.lot.to_string(),
                bidder: s.bidder.to_string(),
                bidder_name: records.provider_names.get(&s.bidder).cloned().unwrap_or_else(|| s.bidder.to_string()),
                received_at: s.received_at.to_rfc3339(),
                received_uk: uk_time(s.received_at),
                late: s.received_at > deadline,
                late_accepted: s.late_acceptance.as_ref().map(|l| format!("{} ({} on {})", l.reason, l.by, l.on)),
                status: code_of(&s.status),
                status_reason: s.status_reason.clone(),
                sealed,
                prices: if sealed {
                    Vec::new()
                } else {
                    s.prices
                        .iter()
                        .map(|p| BidPriceView { zone: p.zone.clone(), hourly_pence: p.hourly.pence() })
                        .collect()
                },
                live_in_weekly_pence: if sealed { None } else { s.live_in_weekly.map(|m| m.pence()) },
                gates: s.gate_results.iter().map(|g| (g.gate.clone(), g.passed, g.note.clone())).collect(),
            })
            .collect();

        let bidders: BTreeSet<&Key> = records.submissions.iter().map(|s| &s.bidder).collect();
        let mut names: BTreeMap<&Key, String> = BTreeMap::new();
        for b in &bidders {
            names.insert(b, records.provider_names.get(*b).cloned().unwrap_or_else(|| b.to_string()));
        }
        let panel = records
            .evaluators
            .iter()
            .map(|e| EvaluatorView {
                key: e.key.to_string(),
                name: e.name.clone(),
                role: e.role.clone(),
                declarations: e
                    .declarations
                    .iter()
                    .map(|d| DeclarationView {
                        bidder: d.bidder.to_string(),
                        bidder_name: names.get(&d.bidder).cloned().unwrap_or_else(|| d.bidder.to_string()),
                        conflict: code_of(&d.conflict),
                        resolution: d.resolution.clone(),
                        declared_on: d.declared_on,
                    })
                    .collect(),
                undeclared: bidders.iter().filter(|b| e.declaration(b).is_none()).map(|b| b.to_string()).collect(),
                conflicted: e
                    .declarations
                    .iter()
                    .filter(|d| d.conflict != Conflict::None)
                    .map(|d| d.bidder.to_string())
                    .collect(),
            })
            .collect();

        let marks: Vec<MarkView> = records
            .marks
            .iter()
            .map(|m| MarkView {
                key: m.key.to_string(),
                submission: m.submission.to_string(),
                evaluator: m.evaluator.to_string(),
                question: m.question.clone(),
                mark: m.mark,
                abstained: m.abstained.clone(),
                justification: m.justification.clone(),
            })
            .collect();
        let mut by_cell: BTreeMap<(String, String), Vec<u32>> = BTreeMap::new();
        for m in &records.marks {
            if let Some(v) = m.mark {
                by_cell.entry((m.submission.to_string(), m.question.clone())).or_default().push(v);
            }
        }
        let spreads = by_cell
            .into_iter()
            .map(|((submission, question), mut marks)| {
                marks.sort_unstable();
                let lowest = marks.first().copied().unwrap_or(0);
                let highest = marks.last().copied().unwrap_or(0);
                Spread { submission, question, marks, lowest, highest, range: highest - lowest }
            })
            .collect();
        let moderated = records
            .moderated
            .iter()
            .map(|m| ModeratedView {
                key: m.key.to_string(),
                submission: m.submission.to_string(),
                question: m.question.clone(),
                mark: m.mark,
                rationale: m.rationale.clone(),
                agreed_on: m.agreed_on,
            })
            .collect();

        let (result, result_unavailable) = match tenderdesk_evaluation::evaluate(&records) {
            Ok(r) => (Some(r), None),
            Err(e) => (None, Some(e.to_string())),
        };
        let award = live.map(|a| AwardView::of(self, a)).transpose()?;
        let withdrawn_awards = awards
            .iter()
            .filter(|a| a.withdrawn.is_some())
            .map(|a| AwardView::of(self, a))
            .collect::<Result<Vec<_>>>()?;
        let mut lots = Vec::new();
        for l in &round.lots {
            let title = records.lots.iter().find(|x| &x.key == l).map(|x| x.title.clone()).unwrap_or_default();
            lots.push((l.to_string(), title));
        }
        let ties_to_draw = crate::forms::drawing::ties_to_draw(result.as_ref());
        let drawings = crate::forms::drawing::drawing_views(&round, |s| {
            let bidder = records.submissions.iter().find(|b| &b.key == s).map(|b| &b.bidder);
            bidder.and_then(|b| records.provider_names.get(b).cloned()).unwrap_or_else(|| s.to_string())
        });
        Ok(RoundView {
            key: round.key.to_string(),
            title: round.title.clone(),
            arrangement: arrangement.key.to_string(),
            arrangement_title: arrangement.title.clone(),
            kind: code_of(&round.kind),
            kind_label: round.kind.label().to_owned(),
            regime: round.regime.unwrap_or(arrangement.regime).label().to_owned(),
            lots,
            stage,
            stage_label: stage.label().to_owned(),
            timetable: milestones(&round.timetable, as_of),
            model: ModelView::of(&round.model),
            invited,
            invitable,
            clarifications: round
                .clarifications
                .iter()
                .map(|c| ClarificationView {
                    number: c.number,
                    asked_on: c.asked_on,
                    question: c.question.clone(),
                    answer: c.answer.clone(),
                    answered_on: c.answered_on,
                    published_to_all: c.published_to_all,
                })
                .collect(),
            sealed,
            bids_opened: round.bids_opened.as_ref().map(|o| format!("{} at {}", o.by, uk_time(o.at))),
            bids,
            panel,
            marks,
            moderated,
            spreads,
            result,
            result_unavailable,
            locked: live.is_some(),
            award,
            withdrawn_awards,
            ties_to_draw,
            drawings,
        })
    }
}

pub fn typescript(cfg: &ts_rs::Config) -> Vec<(String, String)> {
    use crate::bindings::one;
    vec![
        one::<RoundStage>(cfg),
        one::<RoundRow>(cfg),
        one::<RoundQuery>(cfg),
        one::<RoundPage>(cfg),
        one::<Milestone>(cfg),
        one::<QuestionView>(cfg),
        one::<ModelView>(cfg),
        one::<ProviderRef>(cfg),
        one::<ClarificationView>(cfg),
        one::<BidPriceView>(cfg),
        one::<BidView>(cfg),
        one::<DeclarationView>(cfg),
        one::<EvaluatorView>(cfg),
        one::<MarkView>(cfg),
        one::<ModeratedView>(cfg),
        one::<Spread>(cfg),
        one::<AwardedView>(cfg),
        one::<AwardView>(cfg),
        one::<RoundView>(cfg),
    ]
}
