//! Once a round's award decision is recorded, its bids, panel, marks and evaluation model are
//! locked: a change to them is refused until the decision is withdrawn with a recorded reason.
//! A recorded decision itself can only be withdrawn, never edited, and a round holds at most one
//! decision in force.

use std::collections::HashMap;

use tenderdesk_domain::{AwardDecision, Key, Kind, Problems};

use crate::{Result, Store};

/// What a change does to one record, as the lock sees it.
pub(crate) struct Touch<'a> {
    pub kind: Kind,
    pub key: &'a Key,
    pub before: Option<&'a [u8]>,
    pub after: Option<&'a [u8]>,
}

fn json(bytes: Option<&[u8]>) -> Option<serde_json::Value> {
    bytes.and_then(|b| serde_json::from_slice(b).ok())
}

fn round_of(v: &Option<serde_json::Value>) -> Option<String> {
    v.as_ref()?.get("round")?.as_str().map(str::to_owned)
}

impl Store {
    /// The decision in force for a round, as the store holds it now.
    pub fn live_award(&self, round: &str) -> Result<Option<AwardDecision>> {
        Ok(self
            .referring::<AwardDecision>(Kind::Rounds, round)?
            .into_iter()
            .map(|(_, a)| a)
            .find(|a| a.withdrawn.is_none()))
    }

    pub(crate) fn check_locks(&self, touches: &[Touch<'_>], problems: &mut Problems) -> Result<()> {
        // The store does not change while a change is checked, so each round's decision in force
        // is looked up once (an import touches thousands of bids and marks per round).
        let mut live: HashMap<String, Option<AwardDecision>> = HashMap::new();
        for t in touches {
            match t.kind {
                Kind::Submissions | Kind::Evaluators | Kind::Marks | Kind::ModeratedMarks => {
                    self.check_round_part(t, &mut live, problems)?
                }
                Kind::Rounds => self.check_round(t, problems)?,
                Kind::Awards => self.check_award(t, problems)?,
                _ => {}
            }
        }
        Ok(())
    }

    /// A bid, panel member or mark of a round with a decision in force is locked.
    fn check_round_part(
        &self,
        t: &Touch<'_>,
        live: &mut HashMap<String, Option<AwardDecision>>,
        problems: &mut Problems,
    ) -> Result<()> {
        let mut rounds: Vec<String> =
            [round_of(&json(t.before)), round_of(&json(t.after))].into_iter().flatten().collect();
        rounds.dedup();
        for round in rounds {
            let award = match live.get(&round) {
                Some(a) => a.clone(),
                None => {
                    let a = self.live_award(&round)?;
                    live.insert(round.clone(), a.clone());
                    a
                }
            };
            if let Some(award) = award {
                problems.push(
                    t.kind,
                    t.key.as_str(),
                    "round",
                    format!(
                        "round {round} is locked by award decision {} of {}: withdraw the decision, with the \
                         reason, before changing its {}",
                        award.key,
                        award.decided_on,
                        t.kind.plural().replace('_', " ")
                    ),
                );
            }
        }
        Ok(())
    }

    /// A round with a decision in force keeps its model, lots, drawings and opening of the bids.
    fn check_round(&self, t: &Touch<'_>, problems: &mut Problems) -> Result<()> {
        let (Some(b), Some(a)) = (json(t.before), json(t.after)) else { return Ok(()) };
        let changed: Vec<&str> =
            ["model", "lots", "drawings", "bids_opened"].into_iter().filter(|f| b.get(*f) != a.get(*f)).collect();
        if changed.is_empty() {
            return Ok(());
        }
        if let Some(award) = self.live_award(t.key.as_str())? {
            problems.push(
                Kind::Rounds,
                t.key.as_str(),
                changed[0],
                format!(
                    "round {} is locked by award decision {}: its {} cannot change until the decision is withdrawn \
                     with a reason",
                    t.key,
                    award.key,
                    changed.join(", ").replace('_', " ")
                ),
            );
        }
        Ok(())
    }

    /// A new decision needs none other in force for its round; a recorded one can only be
    /// withdrawn, and a withdrawn one stays withdrawn.
    fn check_award(&self, t: &Touch<'_>, problems: &mut Problems) -> Result<()> {
        let after = json(t.after);
        let Some(a) = &after else { return Ok(()) };
        let withdrawn_after = a.get("withdrawn").is_some_and(|w| !w.is_null());
        let Some(b) = json(t.before) else {
            let Some(round) = round_of(&after) else { return Ok(()) };
            if withdrawn_after {
                return Ok(());
            }
            if let Some(live) = self.live_award(&round)? {
                problems.push(
                    Kind::Awards,
                    t.key.as_str(),
                    "round",
                    format!(
                        "round {round} already has award decision {} in force; withdraw it, with the reason, before \
                         recording another",
                        live.key
                    ),
                );
            }
            return Ok(());
        };
        let withdrawn_before = b.get("withdrawn").is_some_and(|w| !w.is_null());
        let mut b2 = b.clone();
        let mut a2 = a.clone();
        if let (Some(bo), Some(ao)) = (b2.as_object_mut(), a2.as_object_mut()) {
            bo.remove("withdrawn");
            ao.remove("withdrawn");
        }
        if withdrawn_before && b.get("withdrawn") != a.get("withdrawn") {
            problems.push(
                Kind::Awards,
                t.key.as_str(),
                "withdrawn",
                "a withdrawn decision stays withdrawn; record a new decision instead",
            );
        } else if b2 != a2 {
            problems.push(
                Kind::Awards,
                t.key.as_str(),
                "awarded",
                "a recorded award decision cannot be edited; withdraw it with the reason and record a new one",
            );
        }
        Ok(())
    }
}
