//! The list of rounds: each with its stage as at a date, its next milestone and its bids
//! counted, kept between calls and patched when only bids change.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tenderdesk_domain::*;

use super::set_up::milestone_label;
use super::stage::RoundStage;
use crate::screens::{holds_all, search_text, search_words, Paging};
use crate::{uk_time, Api, Result};

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
}
