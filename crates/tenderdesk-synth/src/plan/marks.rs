//! Each evaluator's marks and the panel's moderated marks.

use std::io;

use tenderdesk_domain::*;

use super::Plan;
use crate::rng::S_MARK;
use crate::sink::Sink;
use crate::values::key;
use crate::words::JUSTIFICATIONS;

impl Plan {
    /// Each evaluator's mark for each question of each bid: near the bid's underlying quality.
    pub(super) fn mark_values(&self, r: usize) -> Vec<Vec<Vec<u32>>> {
        let (bids, evals, qs) = (self.shape.bids_per_round, self.shape.evaluators_per_round, self.shape.questions);
        (0..bids)
            .map(|b| {
                let mut rng = self.rng(S_MARK, (r * 1000 + b) as u64);
                let quality = rng.range(1, 5);
                (0..evals).map(|_| (0..qs).map(|_| (quality + rng.range(-1, 1)).clamp(1, 5) as u32).collect()).collect()
            })
            .collect()
    }

    pub(super) fn moderated_values(&self, marks: &[Vec<Vec<u32>>]) -> Vec<Vec<u32>> {
        marks
            .iter()
            .map(|by_eval| {
                (0..self.shape.questions)
                    .map(|q| {
                        let sum: u32 = by_eval.iter().map(|m| m[q]).sum();
                        (sum * 2 + by_eval.len() as u32) / (2 * by_eval.len() as u32)
                    })
                    .collect()
            })
            .collect()
    }

    pub(super) fn marks<S: Sink>(&self, r: usize, s: &mut S) -> io::Result<()> {
        let qs = self.questions();
        for (b, by_eval) in self.mark_values(r).into_iter().enumerate() {
            for (e, by_q) in by_eval.into_iter().enumerate() {
                for (q, m) in by_q.into_iter().enumerate() {
                    s.put(Mark {
                        key: key(format!("MRK-{r:04}-{b:03}-{e:02}-{:02}", q + 1)),
                        round: self.round_key(r),
                        submission: self.bid_key(r, b),
                        evaluator: self.evaluator_key(r, e),
                        question: qs[q].0.clone(),
                        mark: Some(m),
                        abstained: None,
                        justification: JUSTIFICATIONS[m as usize].to_owned(),
                    })?;
                }
            }
        }
        Ok(())
    }

    pub(super) fn moderated<S: Sink>(&self, r: usize, s: &mut S) -> io::Result<()> {
        let qs = self.questions();
        let agreed = self.timetable(r).moderation.unwrap_or(self.rounds[r].published);
        for (b, by_q) in self.moderated_values(&self.mark_values(r)).into_iter().enumerate() {
            for (q, m) in by_q.into_iter().enumerate() {
                s.put(ModeratedMark {
                    key: key(format!("MOD-{r:04}-{b:03}-{:02}", q + 1)),
                    round: self.round_key(r),
                    submission: self.bid_key(r, b),
                    question: qs[q].0.clone(),
                    mark: m,
                    rationale: format!("Panel agreed {m}: {}", JUSTIFICATIONS[m as usize]),
                    agreed_on: agreed,
                })?;
            }
        }
        Ok(())
    }
}
