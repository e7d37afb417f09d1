//! The "edit evaluation model" form: section weights, the questions (added, removed, each one's
//! title, weight and marks), the gates (pass/fail criteria), the quality threshold, the price
//! formula and basis, the tie-break order and how many bids are awarded. The model is fixed
//! once the bids are opened or any mark is entered (criteria cannot change after submissions are
//! seen), and the store's award lock refuses any change after an award.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use tenderdesk_domain::*;
use tenderdesk_store::ChangeSet;

use super::{refuse, FormCheck};
use crate::screens::round::RoundView;
use crate::{Api, Coded, Result};

/// One question row of the model form. `section` is `quality`, `interview` or `social_value`;
/// `weight` is its share of the whole evaluation as a percentage ("12.5").
#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct QuestionInput {
    /// The question's code ("Q1"); an existing code keeps its scale's bottom and descriptors.
    pub code: String,
    #[ts(as = "Section")]
    pub section: String,
    pub title: String,
    pub weight: String,
    #[ts(type = "number")]
    pub max_mark: i64,
    /// Empty: no minimum mark.
    #[ts(type = "number | null")]
    pub minimum_mark: Option<i64>,
}

/// One gate (pass/fail criterion) of the model form.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct GateRow {
    /// The gate's code ("CQC"), which bids' gate results name.
    pub code: String,
    pub title: String,
}

/// The "edit evaluation model" form. Field names in refusals: `round`, `quality_weight`,
/// `interview_weight`, `social_value_weight`, `price_weight`, `weights` (their sum),
/// `questions` (the list as a whole), `questions[i].code`, `questions[i].section`,
/// `questions[i].title`, `questions[i].weight`, `questions[i].max_mark`,
/// `questions[i].minimum_mark`, `quality_threshold`, `price_formula`, `award_places`, `gates`
/// (the list as a whole), `gates[i].code`, `gates[i].title`, `tie_break`, `price_basis`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct EvaluationModelForm {
    pub round: String,
    pub quality_weight: String,
    /// Empty or 0: no interview section.
    pub interview_weight: Option<String>,
    /// Empty or 0: no social value section.
    pub social_value_weight: Option<String>,
    pub price_weight: String,
    pub questions: Vec<QuestionInput>,
    /// The least quality score, as a percentage of the quality weight; empty: none.
    pub quality_threshold: Option<String>,
    pub price_formula: Coded<PriceFormula>,
    /// The top N ranked bids awarded per lot; empty: the award rule is kept as it is.
    #[ts(type = "number | null")]
    pub award_places: Option<i64>,
    /// The gates in order; None: kept as they are.
    #[serde(default)]
    pub gates: Option<Vec<GateRow>>,
    /// The tie-break rules, first applied first; the last must be a drawing of lots. None: kept
    /// as it is.
    #[serde(default)]
    pub tie_break: Option<Vec<Coded<TieBreak>>>,
    /// None: kept as it is.
    #[serde(default)]
    pub price_basis: Option<Coded<PriceBasis>>,
}

const SECTIONS: [&str; 3] = ["quality", "interview", "social_value"];

fn percent(f: &mut FormCheck, field: &str, value: &str) -> Option<Percent> {
    match Percent::parse(value) {
        Ok(p) => Some(p),
        Err(e) => {
            f.add(field, format!("{e}; give a percentage from 0 to 100, such as \"60\" or \"12.5\""));
            None
        }
    }
}

fn optional_percent(f: &mut FormCheck, field: &str, value: &Option<String>) -> Option<Option<Percent>> {
    match value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        Some(v) => percent(f, field, v).map(Some),
        None => Some(None),
    }
}

/// Where a field of the round's model record is shown on the form, given which form row each
/// question of each section came from.
fn model_field(field: &str, rows: &[(&str, Vec<usize>)]) -> Option<String> {
    let Some(rest) = field.strip_prefix("model.") else {
        return Some("round".into());
    };
    if rest == "weights" {
        return Some("weights".into());
    }
    if rest.starts_with("price.basis") {
        return Some("price_basis".into());
    }
    if rest.starts_with("price") {
        return Some("price_formula".into());
    }
    if rest.starts_with("tie_break") {
        return Some("tie_break".into());
    }
    if let Some(g) = rest.strip_prefix("gates") {
        // "gates[2].code" is the form's own spelling: the form's gate rows are the model's.
        return Some(if g.is_empty() { "gates".into() } else { format!("gates{g}") });
    }
    if rest.starts_with("quality_threshold") {
        return Some("quality_threshold".into());
    }
    if rest.starts_with("award_rule") {
        return Some("award_places".into());
    }
    for (section, indices) in rows {
        if let Some(q) = rest.strip_prefix(section).and_then(|r| r.strip_prefix(".questions")) {
            let Some(inner) = q.strip_prefix('[') else { return Some("questions".into()) };
            let Some((n, after)) = inner.split_once(']') else { return Some("questions".into()) };
            let Some(row) = n.parse::<usize>().ok().and_then(|n| indices.get(n)) else {
                return Some("questions".into());
            };
            let sub = match after.trim_start_matches('.') {
                s if s.starts_with("scale") => "max_mark",
                "" => return Some("questions".into()),
                s => s,
            };
            return Some(format!("questions[{row}].{sub}"));
        }
    }
    Some("questions".into())
}

impl Api {
    /// Changes a round's evaluation model from the model form. Refused, naming the form field
    /// and storing nothing, when a value is out of range, the section weights do not add up to
    /// 100 %, or the round's bids are opened, any mark is entered or an award is in force.
    pub fn update_evaluation_model(&self, form: &EvaluationModelForm) -> Result<RoundView> {
        let mut round = self.round(form.round.trim())?;
        let key = round.key.to_string();
        self.check_model_open(&round)?;
        let mut f = FormCheck::new(Kind::Rounds, key.clone());
        let weights = section_weights(&mut f, form);
        let rules = model_rules(&mut f, form, &round.model);
        if let Some(gates) = &rules.gates {
            self.check_gates_against_bids(&mut f, &key, gates)?;
        }
        let sections = question_sections(&mut f, form, &round.model);
        check_sections_weighted(&mut f, &weights, &sections);
        f.finish()?;
        let rows: Vec<(&str, Vec<usize>)> = sections.iter().map(|(s, _, r)| (*s, r.clone())).collect();
        if set_model(&mut round.model, weights, rules, sections).is_none() {
            return Err(refuse(Kind::Rounds, &key, "questions", "the form is incomplete"));
        }
        let mut c = ChangeSet::new();
        c.update(round);
        self.apply_form(c, |field| model_field(field, &rows))?;
        self.round_view(&key, None)
    }

    /// The model is fixed once the bids are opened or any mark is entered.
    fn check_model_open(&self, round: &Round) -> Result<()> {
        let key = round.key.to_string();
        if let Some(o) = &round.bids_opened {
            return Err(refuse(
                Kind::Rounds,
                &key,
                "round",
                format!(
                    "the evaluation model of round {key} is fixed: its bids were opened by {} on {}, and the criteria \
                     cannot change once submissions are seen",
                    o.by,
                    o.at.format("%Y-%m-%d")
                ),
            ));
        }
        let marks = self.store.referring::<Mark>(Kind::Rounds, &key)?.len()
            + self.store.referring::<ModeratedMark>(Kind::Rounds, &key)?.len();
        if marks > 0 {
            return Err(refuse(
                Kind::Rounds,
                &key,
                "round",
                format!(
                    "the evaluation model of round {key} is fixed: {marks} mark(s) are already entered against it, \
                     and the criteria cannot change once marking has begun"
                ),
            ));
        }
        Ok(())
    }
}

/// The section weights as read from the form; None where a value was refused (an optional
/// section's weight is Some(None) when left empty).
struct Weights {
    quality: Option<Percent>,
    interview: Option<Option<Percent>>,
    social: Option<Option<Percent>>,
    price: Option<Percent>,
}

/// The section weights, which must add up to 100 %.
fn section_weights(f: &mut FormCheck, form: &EvaluationModelForm) -> Weights {
    let quality = percent(f, "quality_weight", &form.quality_weight);
    let interview = optional_percent(f, "interview_weight", &form.interview_weight);
    let social = optional_percent(f, "social_value_weight", &form.social_value_weight);
    let price = percent(f, "price_weight", &form.price_weight);
    if let (Some(q), Some(i), Some(s), Some(p)) = (quality, interview, social, price) {
        let total = q.value()
            + i.map(Percent::value).unwrap_or_default()
            + s.map(Percent::value).unwrap_or_default()
            + p.value();
        if total != Decimal::ONE_HUNDRED {
            f.add(
                "weights",
                format!(
                    "the weights add up to {} %; change them so that quality, interview, social value and price \
                     add up to 100 %",
                    total.normalize()
                ),
            );
        }
    }
    Weights { quality, interview, social, price }
}

/// The model's rules as read from the form; None where a value was refused. A rule the form
/// leaves out is kept as it is.
struct Rules {
    threshold: Option<Option<Percent>>,
    formula: Option<PriceFormula>,
    award_rule: Option<AwardRule>,
    basis: Option<PriceBasis>,
    tie_break: Option<Vec<TieBreak>>,
    gates: Option<Vec<Gate>>,
}

/// The quality threshold, the price formula and basis, the award rule, the tie-break order and
/// the gates.
fn model_rules(f: &mut FormCheck, form: &EvaluationModelForm, model: &EvaluationModel) -> Rules {
    let threshold = optional_percent(f, "quality_threshold", &form.quality_threshold);
    let formula = f.choice("price_formula", &form.price_formula, "relative, deviation_from_mean or linear");
    let award_rule = match form.award_places {
        None => Some(model.award_rule.clone()),
        Some(n) if (1..=1000).contains(&n) => Some(AwardRule::TopRanked { places: n as u32 }),
        Some(n) => {
            f.add(
                "award_places",
                format!("{n} cannot be the number of bids awarded; give a whole number from 1 to 1000"),
            );
            None
        }
    };
    let basis = match &form.price_basis {
        None => Some(model.price.basis),
        Some(b) => f.choice("price_basis", b, "hourly_rate or zone_basket"),
    };
    let tie_break = match &form.tie_break {
        None => Some(model.tie_break.clone()),
        Some(codes) => tie_break_rule(f, codes),
    };
    let gates = match &form.gates {
        None => Some(model.gates.clone()),
        Some(rows) => Some(gate_rows(f, rows)),
    };
    Rules { threshold, formula, award_rule, basis, tie_break, gates }
}

/// The questions of each section in form order, with the form row each came from.
type Sections = Vec<(&'static str, Vec<Question>, Vec<usize>)>;

/// The form's question rows sorted into their sections; a row with a refused value is left out.
fn question_sections(f: &mut FormCheck, form: &EvaluationModelForm, model: &EvaluationModel) -> Sections {
    if form.questions.is_empty() {
        f.add("questions", "give at least one question");
    }
    let mut sections: Sections = SECTIONS.iter().map(|s| (*s, Vec::new(), Vec::new())).collect();
    for (i, q) in form.questions.iter().enumerate() {
        if let Some((s, question)) = question_row(f, form, model, i, q) {
            sections[s].1.push(question);
            sections[s].2.push(i);
        }
    }
    sections
}

/// One question row: its section's place in [`SECTIONS`] and the question, or None with the
/// row's problems noted. An existing code keeps its scale's bottom and descriptors.
fn question_row(
    f: &mut FormCheck,
    form: &EvaluationModelForm,
    model: &EvaluationModel,
    i: usize,
    q: &QuestionInput,
) -> Option<(usize, Question)> {
    let field = |name: &str| format!("questions[{i}].{name}");
    // Messages name the question, so the error summary says which row they concern.
    let label = if q.code.trim().is_empty() { format!("question {}", i + 1) } else { q.code.trim().to_owned() };
    let code = f.required(&field("code"), &q.code, &format!("a code for question {}", i + 1));
    let title = f.required(&field("title"), &q.title, &format!("the title of {label}"));
    let weight = question_weight(f, &field("weight"), &label, &q.weight);
    let existing = model.question(code.as_str()).map(|(_, q)| q.clone());
    let bottom = existing.as_ref().map(|e| e.scale.min).unwrap_or(0);
    let (max, minimum) = question_marks(f, &field, &label, bottom, q);
    let section = SECTIONS.iter().position(|s| *s == q.section.trim());
    if section.is_none() {
        f.add(
            &field("section"),
            format!("{label}: \"{}\" is not one of quality, interview or social_value", q.section),
        );
    }
    if form.questions.iter().filter(|o| o.code.trim() == code).count() > 1 && !code.is_empty() {
        f.add(&field("code"), format!("question code \"{code}\" is used more than once"));
    }
    let (Some(s), Some(weight), Some(max), Some(minimum_mark)) = (section, weight, max, minimum) else { return None };
    let descriptors =
        existing.map(|e| e.scale.descriptors.into_iter().filter(|d| d.mark <= max).collect()).unwrap_or_default();
    Some((s, Question { code, title, weight, scale: Scale { min: bottom, max, descriptors }, minimum_mark }))
}

/// A question's weight: its share of the whole evaluation, more than 0 %.
fn question_weight(f: &mut FormCheck, field: &str, label: &str, weight: &str) -> Option<Percent> {
    match Percent::parse(weight) {
        Ok(w) if w.value() > Decimal::ZERO => Some(w),
        Ok(_) => {
            f.add(field, format!("{label}: a question's weight must be more than 0 %; remove the question instead"));
            None
        }
        Err(e) => {
            f.add(field, format!("{label}: {e}; give its share of the whole evaluation, such as \"12.5\""));
            None
        }
    }
}

/// A question's top mark (above the bottom mark, at most 100) and its minimum mark (within the
/// scale, or none).
fn question_marks(
    f: &mut FormCheck,
    field: &dyn Fn(&str) -> String,
    label: &str,
    bottom: u32,
    q: &QuestionInput,
) -> (Option<u32>, Option<Option<u32>>) {
    let max = if q.max_mark <= i64::from(bottom) || q.max_mark > 100 {
        f.add(
            &field("max_mark"),
            format!(
                "{label}: the top mark must be above the bottom mark of {bottom} and at most 100 (given {})",
                q.max_mark
            ),
        );
        None
    } else {
        u32::try_from(q.max_mark).ok()
    };
    let minimum = match (q.minimum_mark, max) {
        (None, _) => Some(None),
        (Some(m), Some(top)) if m >= i64::from(bottom) && m <= i64::from(top) => u32::try_from(m).ok().map(Some),
        (Some(m), Some(top)) => {
            f.add(&field("minimum_mark"), format!("{label}: the minimum mark {m} is outside the scale {bottom}–{top}"));
            None
        }
        (Some(_), None) => None,
    };
    (max, minimum)
}

/// A section with questions needs a weight.
fn check_sections_weighted(f: &mut FormCheck, weights: &Weights, sections: &Sections) {
    for (name, weight) in [("interview", weights.interview), ("social_value", weights.social)] {
        let given = weight.flatten().is_some_and(|w| !w.value().is_zero());
        let has_questions = sections.iter().any(|(s, qs, _)| *s == name && !qs.is_empty());
        if has_questions && !given {
            f.add(
                &format!("{name}_weight"),
                format!("the {} section has questions, so give it a weight", name.replace('_', " ")),
            );
        }
    }
}

/// Puts the form's weights, rules and questions into the model; None (the model unchanged) when a
/// value was refused.
fn set_model(model: &mut EvaluationModel, weights: Weights, rules: Rules, mut sections: Sections) -> Option<()> {
    let (Some(quality), Some(interview), Some(social), Some(price)) =
        (weights.quality, weights.interview, weights.social, weights.price)
    else {
        return None;
    };
    let Rules { threshold, formula, award_rule, basis, tie_break, gates } = rules;
    let (Some(threshold), Some(formula), Some(award_rule), Some(basis), Some(tie_break), Some(gates)) =
        (threshold, formula, award_rule, basis, tie_break, gates)
    else {
        return None;
    };
    let mut questions_of = |name: &str| {
        sections.iter_mut().find(|(s, _, _)| *s == name).map(|s| std::mem::take(&mut s.1)).unwrap_or_default()
    };
    let quality_questions = questions_of("quality");
    let interview_questions = questions_of("interview");
    let social_questions = questions_of("social_value");
    let optional = |w: Option<Percent>, questions: Vec<Question>| {
        w.filter(|w| !w.value().is_zero()).map(|weight| ScoredSection { weight, questions })
    };
    model.quality = ScoredSection { weight: quality, questions: quality_questions };
    model.interview = optional(interview, interview_questions);
    model.social_value = optional(social, social_questions);
    model.price.weight = price;
    model.price.formula = formula;
    model.quality_threshold = threshold;
    model.award_rule = award_rule;
    model.price.basis = basis;
    model.tie_break = tie_break;
    model.gates = gates;
    Some(())
}

/// The tie-break rule from its codes, in order.
fn tie_break_rule(f: &mut FormCheck, codes: &[Coded<TieBreak>]) -> Option<Vec<TieBreak>> {
    let choices = "higher_quality, higher_interview, lower_price, higher_social_value or drawing_of_lots";
    let rules: Vec<Option<TieBreak>> = codes.iter().map(|c| f.choice("tie_break", c, choices)).collect();
    let rules: Option<Vec<TieBreak>> = rules.into_iter().collect();
    if let Some(r) = &rules {
        if r.last() != Some(&TieBreak::DrawingOfLots) {
            f.add("tie_break", "the tie-break order must end with a drawing of lots, so that every tie can be broken");
        }
        for (i, t) in r.iter().enumerate() {
            if r[..i].contains(t) {
                f.add("tie_break", format!("\"{}\" is in the tie-break order twice; keep it once", t.label()));
            }
        }
    }
    rules
}

/// The gates from the form's rows: each needs a code and a title, and codes are unique.
fn gate_rows(f: &mut FormCheck, rows: &[GateRow]) -> Vec<Gate> {
    let mut gates = Vec::new();
    for (i, g) in rows.iter().enumerate() {
        let code = f.required(&format!("gates[{i}].code"), &g.code, &format!("a code for gate {}", i + 1));
        let label = if code.is_empty() { format!("gate {}", i + 1) } else { code.clone() };
        let title = f.required(&format!("gates[{i}].title"), &g.title, &format!("the title of {label}"));
        if !code.is_empty() && rows.iter().filter(|o| o.code.trim() == code).count() > 1 {
            f.add(&format!("gates[{i}].code"), format!("gate code \"{code}\" is used more than once"));
        }
        gates.push(Gate { code, title });
    }
    gates
}

impl Api {
    /// A gate cannot be removed while a bid holds a result for it, nor added while a bid is
    /// marked compliant (a compliant bid needs a result for every gate).
    fn check_gates_against_bids(&self, f: &mut FormCheck, round: &str, gates: &[Gate]) -> Result<()> {
        for (_, bid) in self.store.referring::<Submission>(Kind::Rounds, round)? {
            for g in &bid.gate_results {
                if !gates.iter().any(|x| x.code == g.gate) {
                    f.add(
                        "gates",
                        format!(
                            "gate \"{}\" cannot be removed: bid {} holds a result for it; change that bid's gate \
                             results first",
                            g.gate, bid.key
                        ),
                    );
                }
            }
            if bid.status == SubmissionStatus::Compliant {
                for gate in gates.iter().filter(|x| !bid.gate_results.iter().any(|g| g.gate == x.code)) {
                    f.add(
                        "gates",
                        format!(
                            "gate \"{}\" cannot be added: bid {} is marked compliant without a result for it; set \
                             that bid back to received first",
                            gate.code, bid.key
                        ),
                    );
                }
            }
        }
        Ok(())
    }

    /// The model form filled in from a round's current model, as the window opens it.
    pub fn evaluation_model_form(&self, round: &str) -> Result<EvaluationModelForm> {
        let round = self.round(round.trim())?;
        let m = &round.model;
        let weight = |s: &Option<ScoredSection>| s.as_ref().map(|s| s.weight.to_string());
        Ok(EvaluationModelForm {
            round: round.key.to_string(),
            quality_weight: m.quality.weight.to_string(),
            interview_weight: weight(&m.interview),
            social_value_weight: weight(&m.social_value),
            price_weight: m.price.weight.to_string(),
            questions: m
                .questions()
                .map(|(section, q)| QuestionInput {
                    code: q.code.clone(),
                    section: section.code().to_owned(),
                    title: q.title.clone(),
                    weight: q.weight.to_string(),
                    max_mark: q.scale.max.into(),
                    minimum_mark: q.minimum_mark.map(i64::from),
                })
                .collect(),
            quality_threshold: m.quality_threshold.map(|p| p.to_string()),
            price_formula: Coded::Known(m.price.formula),
            award_places: match m.award_rule {
                AwardRule::TopRanked { places } => Some(places.into()),
                AwardRule::AllAboveThreshold { .. } => None,
            },
            gates: Some(m.gates.iter().map(|g| GateRow { code: g.code.clone(), title: g.title.clone() }).collect()),
            tie_break: Some(m.tie_break.iter().map(|&t| Coded::Known(t)).collect()),
            price_basis: Some(Coded::Known(m.price.basis)),
        })
    }
}

pub fn typescript(b: &mut crate::bindings::Bindings) {
    b.add::<QuestionInput>();
    b.add::<GateRow>();
    b.add::<EvaluationModelForm>();
}
