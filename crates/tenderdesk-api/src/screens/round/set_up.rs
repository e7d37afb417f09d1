//! The set-up tab: the timetable's milestones and the evaluation model as the officer reads them.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use tenderdesk_domain::*;

use crate::uk_time;

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
    pub section: Section,
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
    /// The price formula, and its reading.
    pub price_formula: PriceFormula,
    pub price_formula_label: String,
    pub price_basis: PriceBasis,
    pub quality_threshold: Option<String>,
    pub tie_break: Vec<String>,
    /// e.g. "Top 1 ranked bid per lot" or "Every bid above the threshold".
    pub award_rule: String,
    pub questions: Vec<QuestionView>,
}

impl ModelView {
    pub fn of(m: &EvaluationModel) -> ModelView {
        ModelView {
            gates: m.gates.iter().map(|g| (g.code.clone(), g.title.clone())).collect(),
            quality_weight: m.quality.weight.to_string(),
            interview_weight: m.interview.as_ref().map(|s| s.weight.to_string()),
            social_value_weight: m.social_value.as_ref().map(|s| s.weight.to_string()),
            price_weight: m.price.weight.to_string(),
            price_formula: m.price.formula,
            price_formula_label: m.price.formula.label().to_owned(),
            price_basis: m.price.basis,
            quality_threshold: m.quality_threshold.map(|p| p.to_string()),
            tie_break: m.tie_break.iter().map(|t| t.label().to_owned()).collect(),
            award_rule: award_rule(&m.award_rule),
            questions: m.questions().map(|(section, q)| question(section, q)).collect(),
        }
    }
}

fn award_rule(rule: &AwardRule) -> String {
    match rule {
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
    }
}

fn question(section: Section, q: &Question) -> QuestionView {
    QuestionView {
        code: q.code.clone(),
        title: q.title.clone(),
        section,
        weight: q.weight.to_string(),
        min: q.scale.min,
        max: q.scale.max,
        minimum_mark: q.minimum_mark,
        descriptors: q.scale.descriptors.iter().map(|d| (d.mark, d.label.clone())).collect(),
    }
}

/// "clarification_deadline" → "Clarification deadline".
pub(crate) fn milestone_label(field: &str) -> String {
    let s = field.replace('_', " ");
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => s,
    }
}

pub(super) fn milestones(t: &Timetable, as_of: NaiveDate) -> Vec<Milestone> {
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
