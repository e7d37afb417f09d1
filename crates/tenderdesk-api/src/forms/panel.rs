//! The panel forms: add an evaluator, record a declaration of interest, enter an individual mark
//! (quality, interview or social value question) with its justification, enter a moderated mark.
//! Once an award is in force the store refuses all of them (the round is locked).

use serde::{Deserialize, Serialize};
use tenderdesk_domain::*;
use tenderdesk_store::ChangeSet;

use super::rounds::stem;
use super::{refuse, FormCheck};
use crate::screens::round::{EvaluatorView, MarkView, ModeratedView};
use crate::{Api, ApiError, Coded, Result};

/// The "add an evaluator" form. Refusals name `name`, `role`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct EvaluatorForm {
    pub round: String,
    pub name: String,
    pub role: String,
}

/// The "declaration of interest" form: one evaluator about one bidder. Refusals name `bidder`,
/// `conflict`, `resolution`, `declared_on`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct DeclarationForm {
    /// The evaluator's reference.
    pub evaluator: String,
    pub bidder: String,
    pub conflict: Coded<Conflict>,
    /// How a declared conflict was resolved (required unless `none`).
    pub resolution: Option<String>,
    pub declared_on: String,
}

/// One cell of the marks grid. Refusals name `mark` (outside the question's scale),
/// `justification`, `abstained`, `evaluator` (no declaration, or a conflict), `submission` (not
/// compliant), `question`, or `round` (locked by the award).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct MarkForm {
    pub submission: String,
    pub evaluator: String,
    /// The question code ("Q1", "INT1"): interview and social value questions are marked the same way.
    pub question: String,
    /// The mark; None with `abstained` when the evaluator abstains.
    pub mark: Option<u32>,
    pub abstained: Option<String>,
    pub justification: String,
}

/// The moderated mark of one question of one bid. Refusals name `mark`, `rationale`,
/// `agreed_on`, `submission`, `question`, or `round`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct ModeratedMarkForm {
    pub submission: String,
    pub question: String,
    pub mark: u32,
    pub rationale: String,
    pub agreed_on: String,
}

/// Fields of the mark records that a locked round or a missing record are reported on.
fn mark_field(field: &str) -> Option<String> {
    Some(
        match field {
            "mark" | "justification" | "abstained" | "evaluator" | "submission" | "question" | "rationale"
            | "agreed_on" => return None,
            _ => "round",
        }
        .to_owned(),
    )
}

fn surname(name: &str) -> String {
    name.split_whitespace().last().unwrap_or(name).to_owned()
}

impl Api {
    /// Adds a member to a round's panel (declarations follow, one per bidder).
    pub fn add_evaluator(&self, form: &EvaluatorForm) -> Result<EvaluatorView> {
        let round = self.round(&form.round)?;
        let mut f = FormCheck::new(Kind::Evaluators, "");
        let name = f.required("name", &form.name, "the evaluator's name");
        let role = f.required("role", &form.role, "the evaluator's role");
        f.finish()?;
        let key = self.free_key(Kind::Evaluators, &format!("EVL-{}-{}", stem(&round.key, "RND-"), surname(&name)))?;
        let mut c = ChangeSet::new();
        c.insert(Evaluator { key: key.clone(), round: round.key.clone(), name, role, declarations: Vec::new() });
        self.apply_form(c, |f| if f == "name" || f == "role" { None } else { Some("round".into()) })?;
        self.evaluator_view(&round.key, &key)
    }

    /// Records (or replaces) an evaluator's declaration about one bidder.
    pub fn declare_interest(&self, form: &DeclarationForm) -> Result<EvaluatorView> {
        let (_, mut ev) = self.find_record::<Evaluator>(&form.evaluator)?;
        let mut f = FormCheck::new(Kind::Evaluators, ev.key.to_string());
        let bidder = match self.store.get_by_key::<Provider>(form.bidder.trim())? {
            Some((_, p)) => Some(p.key),
            None => {
                f.add("bidder", format!("there is no provider \"{}\"", form.bidder));
                None
            }
        };
        let conflict = f.choice("conflict", &form.conflict, "none, actual, perceived or potential");
        let declared_on = f.date("declared_on", &form.declared_on);
        f.finish()?;
        let (Some(bidder), Some(conflict), Some(declared_on)) = (bidder, conflict, declared_on) else {
            return Err(refuse(Kind::Evaluators, ev.key.as_str(), "bidder", "the form is incomplete"));
        };
        let declaration = Declaration {
            bidder: bidder.clone(),
            conflict,
            resolution: form.resolution.as_deref().map(str::trim).filter(|r| !r.is_empty()).map(str::to_owned),
            declared_on,
        };
        match ev.declarations.iter_mut().find(|d| d.bidder == bidder) {
            Some(d) => *d = declaration,
            None => ev.declarations.push(declaration),
        }
        let (round, key) = (ev.round.clone(), ev.key.clone());
        let mut c = ChangeSet::new();
        c.update(ev);
        self.apply_form(c, |f| {
            f.strip_prefix("declarations[").and_then(|r| r.split_once("].")).map(|(_, f)| f.to_owned()).or_else(|| {
                if f.starts_with("declarations") {
                    Some("bidder".into())
                } else {
                    Some("round".into())
                }
            })
        })?;
        self.evaluator_view(&round, &key)
    }

    fn evaluator_view(&self, round: &Key, key: &Key) -> Result<EvaluatorView> {
        self.round_view(round.as_str(), None)?
            .panel
            .into_iter()
            .find(|e| e.key == key.as_str())
            .ok_or_else(|| ApiError::NotFound { kind: Kind::Evaluators, id: key.to_string() })
    }

    /// Enters (or changes) one evaluator's mark on one question of one bid.
    pub fn enter_mark(&self, form: &MarkForm) -> Result<MarkView> {
        let (_, sub) = self.find_record::<Submission>(&form.submission)?;
        let (_, ev) = self.find_record::<Evaluator>(&form.evaluator)?;
        let question = form.question.trim().to_owned();
        let existing = self
            .store
            .referring::<Mark>(Kind::Submissions, sub.key.as_str())?
            .into_iter()
            .map(|(_, m)| m)
            .find(|m| m.evaluator == ev.key && m.question == question);
        let key = match &existing {
            Some(m) => m.key.clone(),
            None => self
                .free_key(Kind::Marks, &format!("MRK-{}-{}-{}", stem(&sub.key, "SUB-"), question, surname(&ev.name)))?,
        };
        let abstained = form.abstained.as_deref().map(str::trim).filter(|a| !a.is_empty()).map(str::to_owned);
        let mark = Mark {
            key: key.clone(),
            round: sub.round.clone(),
            submission: sub.key.clone(),
            evaluator: ev.key.clone(),
            question,
            mark: form.mark,
            abstained,
            justification: form.justification.trim().to_owned(),
        };
        let mut c = ChangeSet::new();
        if existing.is_some() {
            c.update(mark.clone());
        } else {
            c.insert(mark.clone());
        }
        self.apply_form(c, mark_field)?;
        Ok(MarkView {
            key: key.to_string(),
            submission: mark.submission.to_string(),
            evaluator: mark.evaluator.to_string(),
            question: mark.question,
            mark: mark.mark,
            abstained: mark.abstained,
            justification: mark.justification,
        })
    }

    /// Enters (or changes) the panel's moderated mark on one question of one bid.
    pub fn enter_moderated_mark(&self, form: &ModeratedMarkForm) -> Result<ModeratedView> {
        let (_, sub) = self.find_record::<Submission>(&form.submission)?;
        let mut f = FormCheck::new(Kind::ModeratedMarks, "");
        let agreed_on = f.date("agreed_on", &form.agreed_on);
        f.finish()?;
        let Some(agreed_on) = agreed_on else {
            return Err(refuse(Kind::ModeratedMarks, "", "agreed_on", "give the date the mark was agreed"));
        };
        let question = form.question.trim().to_owned();
        let existing = self
            .store
            .referring::<ModeratedMark>(Kind::Submissions, sub.key.as_str())?
            .into_iter()
            .map(|(_, m)| m)
            .find(|m| m.question == question);
        let key = match &existing {
            Some(m) => m.key.clone(),
            None => self.free_key(Kind::ModeratedMarks, &format!("MOD-{}-{}", stem(&sub.key, "SUB-"), question))?,
        };
        let moderated = ModeratedMark {
            key: key.clone(),
            round: sub.round.clone(),
            submission: sub.key.clone(),
            question,
            mark: form.mark,
            rationale: form.rationale.trim().to_owned(),
            agreed_on,
        };
        let mut c = ChangeSet::new();
        if existing.is_some() {
            c.update(moderated.clone());
        } else {
            c.insert(moderated.clone());
        }
        self.apply_form(c, mark_field)?;
        Ok(ModeratedView {
            key: key.to_string(),
            submission: moderated.submission.to_string(),
            question: moderated.question,
            mark: moderated.mark,
            rationale: moderated.rationale,
            agreed_on,
        })
    }
}

pub fn typescript(b: &mut crate::bindings::Bindings) {
    b.add::<EvaluatorForm>();
    b.add::<DeclarationForm>();
    b.add::<MarkForm>();
    b.add::<ModeratedMarkForm>();
}
