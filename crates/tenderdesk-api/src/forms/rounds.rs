//! The round forms: create a round, invite providers, add a clarification, record a bid, open the
//! bids, record the award.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tenderdesk_domain::*;
use tenderdesk_store::ChangeSet;

use super::{refuse, FormCheck};
use crate::screens::round::{AwardView, BidView, RoundView};
use crate::{Api, Coded, Result};

/// The "new round" form. Field names in refusals: `title`, `lots`, `kind`, `key`, `published`,
/// `clarification_deadline`, `submission_deadline`, `evaluation_start`, `evaluation_end`,
/// `interviews`, `moderation`, `decision`, `standstill_end`, `contract_start`, `model_from`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct CreateRoundForm {
    /// The round's reference; empty: made from the lot's (`RND-<lot>-<year>`).
    pub key: Option<String>,
    pub title: String,
    /// The lots competed for (references), all of one arrangement.
    pub lots: Vec<String>,
    /// Empty: a mini-competition.
    pub kind: Option<Coded<RoundKind>>,
    /// For a re-opening, the opening it runs.
    pub opening: Option<String>,
    pub published: String,
    pub clarification_deadline: Option<String>,
    pub submission_deadline: String,
    pub evaluation_start: Option<String>,
    pub evaluation_end: Option<String>,
    pub interviews: Option<String>,
    pub moderation: Option<String>,
    pub decision: Option<String>,
    pub standstill_end: Option<String>,
    pub contract_start: Option<String>,
    /// The round whose evaluation model is copied; empty: the latest round of the same
    /// arrangement (the arrangement's model as last used).
    pub model_from: Option<String>,
}

/// Where a round's record field is shown on the new-round form.
fn round_field(field: &str) -> Option<String> {
    if let Some(t) = field.strip_prefix("timetable.") {
        return Some(t.to_owned());
    }
    if field.starts_with("model") {
        return Some("model_from".into());
    }
    if field.starts_with("lots") {
        return Some("lots".into());
    }
    if field.starts_with("invited") {
        return Some("providers".into());
    }
    if let Some(c) = field.strip_prefix("clarifications[") {
        return c.split_once("].").map(|(_, f)| f.to_owned());
    }
    None
}

/// The "invite providers" form. Refusals name `providers`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct InviteForm {
    pub round: String,
    /// Provider references to add to those invited; each must be admitted (active) to a lot of
    /// the round.
    pub providers: Vec<String>,
}

/// The "add a clarification" form. Refusals name `asked_on`, `question`, `answer`,
/// `answered_on`, `published_to_all`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct ClarificationForm {
    pub round: String,
    pub asked_on: String,
    pub question: String,
    pub answer: Option<String>,
    pub answered_on: Option<String>,
    pub published_to_all: bool,
}

/// One price of a bid, in pence.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct BidPriceInput {
    /// The zone code; empty for a single hourly rate for the whole lot.
    pub zone: Option<String>,
    #[ts(type = "number")]
    pub hourly_pence: i64,
}

/// One gate's result on a bid.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct GateInput {
    pub gate: String,
    pub passed: bool,
    pub note: Option<String>,
}

/// The "record a bid" form. Refusals name `lot`, `bidder`, `received_at`, `prices`,
/// `live_in_weekly_pence`, `gates`, `status`, `status_reason`, `late_acceptance_reason`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct BidForm {
    pub round: String,
    pub lot: String,
    pub bidder: String,
    /// When it arrived: UK local `YYYY-MM-DD HH:MM` (or `YYYY-MM-DDTHH:MM`) or RFC 3339. After the submission deadline
    /// the bid is late: refused unless excluded, or accepted with `late_acceptance_reason`.
    pub received_at: String,
    pub prices: Vec<BidPriceInput>,
    #[ts(type = "number | null")]
    pub live_in_weekly_pence: Option<i64>,
    pub gates: Vec<GateInput>,
    /// Empty: received.
    pub status: Option<Coded<SubmissionStatus>>,
    /// Why the bid was excluded or withdrawn.
    pub status_reason: Option<String>,
    /// Why a late bid is accepted (recorded with this store's actor and today's date).
    pub late_acceptance_reason: Option<String>,
}

/// What recording a bid did.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct BidRecorded {
    pub key: String,
    /// Received after the submission deadline.
    pub late: bool,
    /// As the round screen shows it (prices withheld while the round is sealed).
    pub bid: BidView,
}

/// The "record the award" form. Refusals name `decided_on`, `decision_maker`, `regime`,
/// `notices_sent_on`, or `round` (not complete, already awarded).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct AwardForm {
    pub round: String,
    pub decided_on: String,
    pub decision_maker: String,
    /// Empty: the round's, else its arrangement's.
    pub regime: Option<Coded<Regime>>,
    /// Empty: the day of the decision.
    pub notices_sent_on: Option<String>,
    pub standstill: bool,
}

/// The stem of a round's reference without its `RND-` prefix.
pub(crate) fn stem(key: &Key, prefix: &str) -> String {
    key.as_str().strip_prefix(prefix).unwrap_or(key.as_str()).to_owned()
}

/// The new round's timetable; None when the publication date or the submission deadline is
/// refused.
fn round_timetable(f: &mut FormCheck, form: &CreateRoundForm) -> Option<Timetable> {
    let published = f.date("published", &form.published);
    let clarification_deadline = f.optional_instant("clarification_deadline", &form.clarification_deadline);
    let submission_deadline = f.instant("submission_deadline", &form.submission_deadline);
    let evaluation_start = f.optional_date("evaluation_start", &form.evaluation_start);
    let evaluation_end = f.optional_date("evaluation_end", &form.evaluation_end);
    let interviews = f.optional_date("interviews", &form.interviews);
    let moderation = f.optional_date("moderation", &form.moderation);
    let decision = f.optional_date("decision", &form.decision);
    let standstill_end = f.optional_date("standstill_end", &form.standstill_end);
    let contract_start = f.optional_date("contract_start", &form.contract_start);
    Some(Timetable {
        published: published?,
        clarification_deadline,
        submission_deadline: submission_deadline?,
        evaluation_start,
        evaluation_end,
        interviews,
        moderation,
        decision,
        standstill_end,
        contract_start,
    })
}

impl Api {
    /// Creates a round on one or more lots of an arrangement, copying an evaluation model.
    pub fn create_round(&self, form: &CreateRoundForm) -> Result<RoundView> {
        let mut f = FormCheck::new(Kind::Rounds, form.key.clone().unwrap_or_default());
        let title = f.required("title", &form.title, "the round's title");
        let lots = self.round_lots(&mut f, form)?;
        let kind = match form.kind.as_ref().filter(|k| !k.is_blank()) {
            Some(k) => f.choice("kind", k, "mini_competition, reopening or establishment"),
            None => Some(RoundKind::MiniCompetition),
        };
        let opening = match form.opening.as_deref().map(str::trim).filter(|o| !o.is_empty()) {
            Some(o) => f.key("opening", o),
            None => None,
        };
        let timetable = round_timetable(&mut f, form);
        let model = self.model_to_copy(&mut f, form, lots.first())?;
        let given_key = match form.key.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
            Some(k) => f.key("key", k),
            None => None,
        };
        f.finish()?;
        let (Some(kind), Some(timetable), Some(model), Some(first)) = (kind, timetable, model, lots.first()) else {
            return Err(refuse(Kind::Rounds, "", "title", "the form is incomplete"));
        };
        let key = match given_key {
            Some(k) => {
                if self.store.id_of(Kind::Rounds, k.as_str())?.is_some() {
                    return Err(refuse(Kind::Rounds, k.as_str(), "key", format!("round {k} already exists")));
                }
                k
            }
            None => self.free_key(
                Kind::Rounds,
                &format!("RND-{}-{}", stem(&first.key, "LOT-"), timetable.published.format("%Y")),
            )?,
        };
        let round = Round {
            key: key.clone(),
            title,
            arrangement: first.arrangement.clone(),
            kind,
            lots: lots.iter().map(|l| l.key.clone()).collect(),
            opening,
            regime: None,
            timetable,
            clarifications: Vec::new(),
            invited: Vec::new(),
            model,
            bids_opened: None,
            drawings: Vec::new(),
        };
        let mut c = ChangeSet::new();
        c.insert(round);
        self.apply_form(c, round_field)?;
        self.round_view(key.as_str(), None)
    }

    /// The lots a new round competes for: at least one, each in the store, all of one arrangement.
    fn round_lots(&self, f: &mut FormCheck, form: &CreateRoundForm) -> Result<Vec<Lot>> {
        let mut lots = Vec::new();
        if form.lots.iter().all(|l| l.trim().is_empty()) {
            f.add("lots", "choose at least one lot");
        }
        for l in form.lots.iter().filter(|l| !l.trim().is_empty()) {
            match self.store.get_by_key::<Lot>(l.trim())? {
                Some((_, lot)) => lots.push(lot),
                None => f.add("lots", format!("there is no lot \"{l}\"")),
            }
        }
        if let Some(first) = lots.first() {
            if lots.iter().any(|l| l.arrangement != first.arrangement) {
                f.add("lots", "the lots of one round must belong to one arrangement");
            }
        }
        Ok(lots)
    }

    /// The evaluation model a new round starts from: the round named, else the latest round of the
    /// first lot's arrangement.
    fn model_to_copy(
        &self,
        f: &mut FormCheck,
        form: &CreateRoundForm,
        first: Option<&Lot>,
    ) -> Result<Option<EvaluationModel>> {
        let model = match (form.model_from.as_deref().map(str::trim).filter(|m| !m.is_empty()), first) {
            (Some(from), _) => match self.round(from) {
                Ok(r) => Some(r.model),
                Err(_) => {
                    f.add("model_from", format!("there is no round \"{from}\" to copy the evaluation model from"));
                    None
                }
            },
            (None, Some(lot)) => {
                let latest = self
                    .store
                    .list::<Round>()?
                    .into_iter()
                    .map(|(_, r)| r)
                    .filter(|r| r.arrangement == lot.arrangement)
                    .max_by_key(|r| r.timetable.published);
                if latest.is_none() {
                    f.add(
                        "model_from",
                        format!(
                            "arrangement {} has no round yet to take an evaluation model from; choose a round to copy",
                            lot.arrangement
                        ),
                    );
                }
                latest.map(|r| r.model)
            }
            (None, None) => None,
        };
        Ok(model)
    }

    /// Adds providers to those invited to a round; each must be admitted (active) to one of its
    /// lots. Refused once the round is awarded.
    pub fn invite_providers(&self, form: &InviteForm) -> Result<RoundView> {
        let mut round = self.round(&form.round)?;
        let key = round.key.to_string();
        if let Some(a) = self.store.live_award(&key)? {
            return Err(refuse(
                Kind::Rounds,
                &key,
                "providers",
                format!("round {key} is awarded ({}); its invitations are closed", a.key),
            ));
        }
        let mut f = FormCheck::new(Kind::Rounds, key.clone());
        if form.providers.iter().all(|p| p.trim().is_empty()) {
            f.add("providers", "choose at least one provider to invite");
        }
        for p in form.providers.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
            let Some((_, provider)) = self.store.get_by_key::<Provider>(p)? else {
                f.add("providers", format!("there is no provider \"{p}\""));
                continue;
            };
            let admitted = self
                .store
                .referring::<Admission>(Kind::Providers, p)?
                .iter()
                .any(|(_, a)| a.status == AdmissionStatus::Active && round.lots.contains(&a.lot));
            if !admitted {
                f.add(
                    "providers",
                    format!(
                        "{} is not admitted to {}, so it cannot be invited",
                        provider.display_name(),
                        lots_text(&round.lots)
                    ),
                );
            } else if round.invited.contains(&provider.key) {
                f.add("providers", format!("{} is already invited", provider.display_name()));
            } else {
                round.invited.push(provider.key);
            }
        }
        f.finish()?;
        let mut c = ChangeSet::new();
        c.update(round);
        self.apply_form(c, round_field)?;
        self.round_view(&key, None)
    }

    /// Adds a clarification (numbered after the last) to a round's log.
    pub fn add_clarification(&self, form: &ClarificationForm) -> Result<RoundView> {
        let mut round = self.round(&form.round)?;
        let key = round.key.to_string();
        let mut f = FormCheck::new(Kind::Rounds, key.clone());
        let asked_on = f.date("asked_on", &form.asked_on);
        let question = f.required("question", &form.question, "the question asked");
        let answered_on = f.optional_date("answered_on", &form.answered_on);
        f.finish()?;
        let Some(asked_on) = asked_on else { return Err(refuse(Kind::Rounds, &key, "asked_on", "give the date")) };
        let number = round.clarifications.iter().map(|c| c.number).max().unwrap_or(0) + 1;
        round.clarifications.push(Clarification {
            number,
            asked_on,
            question,
            answer: form.answer.as_deref().map(str::trim).filter(|a| !a.is_empty()).map(str::to_owned),
            answered_on,
            published_to_all: form.published_to_all,
        });
        let mut c = ChangeSet::new();
        c.update(round);
        self.apply_form(c, round_field)?;
        self.round_view(&key, None)
    }

    /// Records a bid as received. Its prices stay sealed in every view until the bids are opened.
    pub fn record_bid(&self, form: &BidForm) -> Result<BidRecorded> {
        let round = self.round(&form.round)?;
        let rkey = round.key.to_string();
        let mut f = FormCheck::new(Kind::Submissions, "");
        let lot = match self.store.get_by_key::<Lot>(form.lot.trim())? {
            Some((_, l)) => Some(l),
            None => {
                f.add("lot", format!("there is no lot \"{}\"", form.lot));
                None
            }
        };
        let bidder = match self.store.get_by_key::<Provider>(form.bidder.trim())? {
            Some((_, p)) => Some(p),
            None => {
                f.add("bidder", format!("there is no provider \"{}\"", form.bidder));
                None
            }
        };
        let received_at = f.instant("received_at", &form.received_at);
        let status = match form.status.as_ref().filter(|s| !s.is_blank()) {
            Some(s) => f.choice("status", s, "received, compliant, excluded or withdrawn"),
            None => Some(SubmissionStatus::Received),
        };
        let mut prices = Vec::new();
        for p in &form.prices {
            match Money::from_pence(p.hourly_pence) {
                Ok(m) => prices.push(BidPrice {
                    zone: p.zone.as_deref().map(str::trim).filter(|z| !z.is_empty()).map(str::to_owned),
                    hourly: m,
                }),
                Err(e) => f.add("prices", e),
            }
        }
        let live_in_weekly = match form.live_in_weekly_pence.map(Money::from_pence) {
            Some(Ok(m)) => Some(m),
            Some(Err(e)) => {
                f.add("live_in_weekly_pence", e);
                None
            }
            None => None,
        };
        f.finish()?;
        let (Some(lot), Some(bidder), Some(received_at), Some(status)) = (lot, bidder, received_at, status) else {
            return Err(refuse(Kind::Submissions, "", "bidder", "the form is incomplete"));
        };
        let late_acceptance =
            form.late_acceptance_reason.as_deref().map(str::trim).filter(|r| !r.is_empty()).map(|reason| {
                LateAcceptance {
                    reason: reason.to_owned(),
                    by: self.store.actor().to_owned(),
                    on: crate::market::today(),
                }
            });
        let key = self.free_key(
            Kind::Submissions,
            &format!("SUB-{}-L{}-{}", stem(&round.key, "RND-"), lot.number, stem(&bidder.key, "PRV-")),
        )?;
        let sub = Submission {
            key: key.clone(),
            round: round.key.clone(),
            lot: lot.key.clone(),
            bidder: bidder.key.clone(),
            received_at,
            late_acceptance,
            prices,
            live_in_weekly,
            gate_results: form
                .gates
                .iter()
                .map(|g| GateResult {
                    gate: g.gate.trim().to_owned(),
                    passed: g.passed,
                    note: g.note.as_deref().map(str::trim).filter(|n| !n.is_empty()).map(str::to_owned),
                })
                .collect(),
            status,
            status_reason: form.status_reason.as_deref().map(str::trim).filter(|r| !r.is_empty()).map(str::to_owned),
        };
        let mut c = ChangeSet::new();
        c.insert(sub);
        self.apply_form(c, |field| {
            Some(
                match field {
                    f if f.starts_with("prices") => "prices",
                    f if f.starts_with("gate_results") => "gates",
                    f if f.starts_with("late_acceptance") => "late_acceptance_reason",
                    "live_in_weekly" => "live_in_weekly_pence",
                    "round" => "round",
                    // The natural key ("already has a bid") is about the bidder.
                    f if f.is_empty() || f == "key" => "bidder",
                    _ => return None,
                }
                .to_owned(),
            )
        })?;
        let late = received_at > round.timetable.submission_deadline;
        let view = self.round_view(&rkey, None)?;
        let bid = view
            .bids
            .into_iter()
            .find(|b| b.key == key.as_str())
            .ok_or_else(|| crate::ApiError::NotFound { kind: Kind::Submissions, id: key.to_string() })?;
        Ok(BidRecorded { key: key.to_string(), late, bid })
    }

    /// Opens a round's sealed bids now, in this store's actor's name.
    pub fn open_bids_now(&self, round: &str) -> Result<RoundView> {
        self.open_bids_at(round, Utc::now())
    }

    /// Opens a round's sealed bids at `at` (refused before the deadline or when already open).
    pub fn open_bids_at(&self, round: &str, at: DateTime<Utc>) -> Result<RoundView> {
        let key = self.round(round)?.key.to_string();
        self.open_bids(&key, at).map_err(|e| match e {
            crate::ApiError::Refused(m) => refuse(Kind::Rounds, &key, "round", m),
            e => e,
        })?;
        self.round_view(&key, None)
    }

    /// Records the award decision from the computed result (see [`Api::record_award`]).
    pub fn award_round(&self, form: &AwardForm) -> Result<AwardView> {
        let round = self.round(&form.round)?;
        let key = round.key.to_string();
        let mut f = FormCheck::new(Kind::Awards, "");
        let decided_on = f.date("decided_on", &form.decided_on);
        let decision_maker = f.required("decision_maker", &form.decision_maker, "who made the decision");
        let regime = match form.regime.as_ref().filter(|r| !r.is_blank()) {
            Some(r) => f.choice("regime", r, "the regimes listed").map(Some),
            None => Some(None),
        };
        let notices_sent_on = f.optional_date("notices_sent_on", &form.notices_sent_on);
        f.finish()?;
        let (Some(decided_on), Some(regime)) = (decided_on, regime) else {
            return Err(refuse(Kind::Awards, "", "decided_on", "the form is incomplete"));
        };
        let req = crate::rounds::AwardRequest {
            round: key.clone(),
            decided_on,
            decision_maker,
            regime,
            notices_sent_on,
            standstill: form.standstill,
        };
        let decision = match self.record_award(&req) {
            Ok(d) => d,
            Err(crate::ApiError::Refused(m)) => return Err(refuse(Kind::Rounds, &key, "round", m)),
            Err(e @ crate::ApiError::Evaluation(_)) => return Err(refuse(Kind::Rounds, &key, "round", e.to_string())),
            Err(crate::ApiError::Store(tenderdesk_store::StoreError::Invalid(ps))) => {
                let mut out = Problems::new();
                for p in ps.into_vec() {
                    let field = match p.field.as_str() {
                        "decided_on" | "decision_maker" | "regime" | "notices_sent_on" => p.field.clone(),
                        _ => "round".to_owned(),
                    };
                    out.push(p.kind, &p.key, field, p.message);
                }
                return Err(crate::ApiError::Store(tenderdesk_store::StoreError::Invalid(out)));
            }
            Err(e) => return Err(e),
        };
        AwardView::of(self, &decision)
    }
}

fn lots_text(lots: &[Key]) -> String {
    let names: Vec<&str> = lots.iter().map(|l| l.as_str()).collect();
    format!("lot {}", names.join(" or "))
}

pub fn typescript(b: &mut crate::bindings::Bindings) {
    b.add::<CreateRoundForm>();
    b.add::<InviteForm>();
    b.add::<ClarificationForm>();
    b.add::<BidPriceInput>();
    b.add::<GateInput>();
    b.add::<BidForm>();
    b.add::<BidRecorded>();
    b.add::<AwardForm>();
}
