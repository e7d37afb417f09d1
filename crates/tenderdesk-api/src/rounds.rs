//! Use cases of a round: opening the sealed bids, the result, the award decision with its
//! standstill, withdrawing a decision, and the notices each bidder must receive.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use tenderdesk_domain::*;
use tenderdesk_evaluation::{Notice, RoundRecords, RoundResult};
use tenderdesk_store::ChangeSet;

use crate::{uk_time, Api, ApiError, Result};

/// What an officer gives when recording an award decision; the providers awarded are never typed,
/// they come from the computed result.
#[derive(Debug, Clone)]
pub struct AwardRequest {
    pub round: String,
    pub decided_on: NaiveDate,
    pub decision_maker: String,
    /// The regime; None means the round's, else its arrangement's.
    pub regime: Option<Regime>,
    /// The day the notices are sent or published; None means the day of the decision.
    pub notices_sent_on: Option<NaiveDate>,
    /// Whether a standstill is observed (voluntary for light-touch contracts under the 2023 Act).
    pub standstill: bool,
}

impl Api {
    /// A round by its id or its reference.
    pub fn round(&self, id_or_key: &str) -> Result<Round> {
        if let Some((_, r)) = self.store.get_by_key::<Round>(id_or_key)? {
            return Ok(r);
        }
        if let Ok(id) = id_or_key.trim().parse::<u64>() {
            if let Some(r) = self.store.get::<Round>(id)? {
                return Ok(r);
            }
        }
        Err(ApiError::NotFound { kind: Kind::Rounds, id: id_or_key.to_owned() })
    }

    /// Everything a round's result is computed from, gathered through the reference index; the
    /// bids of a round not yet opened come without their prices.
    pub fn round_records(&self, round: &Round) -> Result<RoundRecords> {
        let key = round.key.as_str();
        let submissions: Vec<Submission> =
            self.store.referring::<Submission>(Kind::Rounds, key)?.into_iter().map(|(_, s)| s).collect();
        let mut provider_names = BTreeMap::new();
        for s in &submissions {
            if !provider_names.contains_key(&s.bidder) {
                let name = self.store.get_by_key::<Provider>(s.bidder.as_str())?.map(|(_, p)| p.title());
                provider_names.insert(s.bidder.clone(), name.unwrap_or_else(|| s.bidder.to_string()));
            }
        }
        let mut lots = Vec::new();
        for l in &round.lots {
            if let Some((_, lot)) = self.store.get_by_key::<Lot>(l.as_str())? {
                lots.push(lot);
            }
        }
        let mut records = RoundRecords {
            round: round.clone(),
            lots,
            submissions,
            evaluators: self.store.referring::<Evaluator>(Kind::Rounds, key)?.into_iter().map(|(_, e)| e).collect(),
            marks: self.store.referring::<Mark>(Kind::Rounds, key)?.into_iter().map(|(_, m)| m).collect(),
            moderated: self.store.referring::<ModeratedMark>(Kind::Rounds, key)?.into_iter().map(|(_, m)| m).collect(),
            provider_names,
        };
        // Whether the bids are opened is read from the store, not from the round handed in.
        let opened = self.store.get_by_key::<Round>(key)?.is_some_and(|(_, r)| r.bids_opened.is_some());
        crate::seal::redact_round_records(&mut records, opened);
        Ok(records)
    }

    /// The result of a round: refused while its bids are sealed.
    pub fn round_result(&self, id_or_key: &str) -> Result<RoundResult> {
        let round = self.round(id_or_key)?;
        // Kept until a record the result is computed from changes (any round's, to keep it simple).
        let reads = [
            Kind::Rounds,
            Kind::Lots,
            Kind::Providers,
            Kind::Submissions,
            Kind::Evaluators,
            Kind::Marks,
            Kind::ModeratedMarks,
        ];
        let result = self.kept(&format!("round_result/{}", round.key), &reads, || {
            Ok(tenderdesk_evaluation::evaluate(&self.round_records(&round)?))
        })?;
        Ok(result.as_ref().clone()?)
    }

    /// Records the opening of a round's sealed bids by this store's actor at `at`; from then
    /// their prices show. Refused before the submission deadline and when already opened.
    pub fn open_bids(&self, id_or_key: &str, at: DateTime<Utc>) -> Result<BidOpening> {
        let mut round = self.round(id_or_key)?;
        if let Some(o) = &round.bids_opened {
            return Err(ApiError::Refused(format!(
                "the bids of round {} were already opened by {} at {}",
                round.key,
                o.by,
                uk_time(o.at)
            )));
        }
        if at < round.timetable.submission_deadline {
            return Err(ApiError::Refused(format!(
                "the bids of round {} cannot be opened before the submission deadline of {}",
                round.key,
                uk_time(round.timetable.submission_deadline)
            )));
        }
        let opening = BidOpening { by: self.store.actor().to_owned(), at };
        round.bids_opened = Some(opening.clone());
        let mut c = ChangeSet::new();
        c.update(round);
        self.store.apply(c)?;
        Ok(opening)
    }

    /// Records the award decision from the computed result, with its standstill end date.
    pub fn record_award(&self, req: &AwardRequest) -> Result<AwardDecision> {
        let round = self.round(&req.round)?;
        if let Some(live) = self.store.live_award(round.key.as_str())? {
            return Err(ApiError::Refused(format!(
                "round {} already has award decision {} of {}; withdraw it, with the reason, before recording another",
                round.key, live.key, live.decided_on
            )));
        }
        let result = tenderdesk_evaluation::evaluate(&self.round_records(&round)?)?;
        if !result.complete {
            let blockers: Vec<String> = result
                .lots
                .iter()
                .flat_map(|l| l.blockers.iter().map(move |b| format!("lot {}: {b}", l.lot)))
                .collect();
            return Err(ApiError::Refused(format!(
                "round {} cannot be awarded yet: {}",
                round.key,
                blockers.join("; ")
            )));
        }
        let mut awarded = Vec::new();
        for lot in &result.lots {
            for b in lot.bids.iter().filter(|b| b.awarded) {
                awarded.push(Awarded {
                    lot: Key::parse(&lot.lot).map_err(ApiError::Refused)?,
                    provider: Key::parse(&b.bidder).map_err(ApiError::Refused)?,
                    submission: Key::parse(&b.submission).map_err(ApiError::Refused)?,
                    zones: b.awarded_zones.clone(),
                });
            }
        }
        if awarded.is_empty() {
            return Err(ApiError::Refused(format!("no bid in round {} can be awarded", round.key)));
        }
        let regime = match (req.regime, round.regime) {
            (Some(r), _) | (None, Some(r)) => r,
            (None, None) => {
                self.store
                    .get_by_key::<Arrangement>(round.arrangement.as_str())?
                    .ok_or_else(|| ApiError::NotFound { kind: Kind::Arrangements, id: round.arrangement.to_string() })?
                    .1
                    .regime
            }
        };
        let notices_sent_on = req.notices_sent_on.unwrap_or(req.decided_on);
        let standstill_ends =
            if req.standstill { Some(self.standstill_for(Some(regime), notices_sent_on)?.ends) } else { None };
        let key = self.free_award_key(&round.key)?;
        let decision = AwardDecision {
            key,
            round: round.key.clone(),
            decided_on: req.decided_on,
            decision_maker: req.decision_maker.trim().to_owned(),
            regime,
            awarded,
            notices_sent_on,
            standstill: req.standstill,
            standstill_ends,
            withdrawn: None,
        };
        let mut c = ChangeSet::new();
        c.insert(decision.clone());
        self.store.apply(c)?;
        Ok(decision)
    }

    fn free_award_key(&self, round: &Key) -> Result<Key> {
        let stem = round.as_str().strip_prefix("RND-").unwrap_or(round.as_str());
        for n in 1..1000 {
            let text = if n == 1 { format!("AWD-{stem}") } else { format!("AWD-{stem}-{n}") };
            let key = Key::parse(&text).map_err(ApiError::Refused)?;
            if self.store.id_of(Kind::Awards, key.as_str())?.is_none() {
                return Ok(key);
            }
        }
        Err(ApiError::Refused(format!("round {round} has too many award decisions")))
    }

    /// Withdraws the decision in force for a round (named by the decision or by the round), with
    /// the reason; the round's marks unlock.
    pub fn withdraw_award(&self, id_or_key: &str, reason: &str, on: NaiveDate) -> Result<AwardDecision> {
        let award = match self.store.get_by_key::<AwardDecision>(id_or_key)? {
            Some((_, a)) => a,
            None => {
                let round = self.round(id_or_key)?;
                self.store.live_award(round.key.as_str())?.ok_or_else(|| {
                    ApiError::Refused(format!("round {} has no award decision in force to withdraw", round.key))
                })?
            }
        };
        if award.withdrawn.is_some() {
            return Err(ApiError::Refused(format!("award decision {} is already withdrawn", award.key)));
        }
        let mut updated = award.clone();
        updated.withdrawn =
            Some(Withdrawal { reason: reason.trim().to_owned(), by: self.store.actor().to_owned(), on });
        let mut c = ChangeSet::new();
        c.update(updated.clone());
        self.store.apply(c)?;
        Ok(updated)
    }

    /// What each bidder's letter must say, from the decision in force and the result.
    pub fn notices(&self, id_or_key: &str) -> Result<Vec<Notice>> {
        let round = self.round(id_or_key)?;
        let award = self.store.live_award(round.key.as_str())?.ok_or_else(|| {
            ApiError::Refused(format!("round {} has no award decision in force, so no notices are due", round.key))
        })?;
        let result = tenderdesk_evaluation::evaluate(&self.round_records(&round)?)?;
        Ok(tenderdesk_evaluation::notices(&result, &award))
    }
}

/// The TypeScript bindings of a round's result and notices.
pub fn typescript(b: &mut crate::bindings::Bindings) {
    use tenderdesk_evaluation::*;
    b.add::<Score>();
    b.add::<Standing>();
    b.add::<IndividualMark>();
    b.add::<CriterionResult>();
    b.add::<BidResult>();
    b.add::<TieBreakApplied>();
    b.add::<PriceComparison>();
    b.add::<LotResult>();
    b.add::<RoundResult>();
    b.add::<Outcome>();
    b.add::<NoticeCriterion>();
    b.add::<NoticeTotals>();
    b.add::<Notice>();
}
