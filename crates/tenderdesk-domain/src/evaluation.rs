//! Evaluation models: gates, weighted questions on stated scales, interview, price, social value,
//! the quality threshold, the tie-break rule and how many are awarded.

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::problem::On;
use crate::values::Percent;

/// A pass/fail gate (regulator registration, insurance, financial standing).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Gate {
    pub code: String,
    pub title: String,
}

/// What a mark on a scale means ("3 — Good: meets the requirement with minor weaknesses").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Descriptor {
    pub mark: u32,
    pub label: String,
}

/// The marks a question may be given, whole numbers from `min` to `max`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    pub min: u32,
    pub max: u32,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub descriptors: Vec<Descriptor>,
}

impl Scale {
    pub fn contains(&self, mark: u32) -> bool {
        (self.min..=self.max).contains(&mark)
    }
}

/// A scored question. Its weight is its share of the whole evaluation, so the weights of a
/// section's questions add up to the section's weight.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Unique within the model ("Q1", "INT2", "SV1").
    pub code: String,
    pub title: String,
    pub weight: Percent,
    pub scale: Scale,
    /// A bid whose moderated mark is below this fails the question.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum_mark: Option<u32>,
}

/// A section of scored questions (quality, interview, social value).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScoredSection {
    pub weight: Percent,
    pub questions: Vec<Question>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum PriceFormula {
    /// Lowest compliant price ÷ bid price × weight.
    Relative,
    /// Full weight at or below the mean of compliant prices, less in proportion to the deviation
    /// above it, floored at zero.
    DeviationFromMean,
    /// Linear from the full weight at the lowest compliant price to zero at the highest.
    Linear,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum PriceBasis {
    /// A single hourly rate.
    HourlyRate,
    /// The zone rates weighted by the expected hours in each zone of the lot.
    ZoneBasket,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PriceSection {
    pub weight: Percent,
    pub formula: PriceFormula,
    pub basis: PriceBasis,
}

/// The rules applied, in order, to separate bids with equal totals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum TieBreak {
    HigherQuality,
    HigherInterview,
    LowerPrice,
    HigherSocialValue,
    /// The last resort: a recorded drawing of lots.
    DrawingOfLots,
}

impl TieBreak {
    /// How the rule reads in a result ("higher quality score").
    pub fn label(self) -> &'static str {
        match self {
            TieBreak::HigherQuality => "higher quality score",
            TieBreak::HigherInterview => "higher interview score",
            TieBreak::LowerPrice => "lower price",
            TieBreak::HigherSocialValue => "higher social value score",
            TieBreak::DrawingOfLots => "drawing of lots",
        }
    }
}

impl PriceFormula {
    pub fn label(self) -> &'static str {
        match self {
            PriceFormula::Relative => "relative to the lowest compliant price",
            PriceFormula::DeviationFromMean => "deviation from the mean of compliant prices",
            PriceFormula::Linear => "linear between the lowest and highest compliant prices",
        }
    }
}

/// Who is awarded per lot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "rule")]
pub enum AwardRule {
    /// A call-off: the top `places` ranked bids are awarded.
    TopRanked { places: u32 },
    /// A framework: every bid that passes the threshold, up to `max_per_lot` where set, and in
    /// each zone of the lot up to `max_per_zone` of the bids covering that zone where set.
    AllAboveThreshold {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_per_lot: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_per_zone: Option<u32>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EvaluationModel {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gates: Vec<Gate>,
    pub quality: ScoredSection,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interview: Option<ScoredSection>,
    pub price: PriceSection,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub social_value: Option<ScoredSection>,
    /// The least quality score, as a percentage of the quality weight, a bid must reach.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quality_threshold: Option<Percent>,
    pub tie_break: Vec<TieBreak>,
    pub award_rule: AwardRule,
}

/// The scored section a question belongs to. The model keeps each section in its own field; this
/// names them where questions of every section are listed together (views, forms, results).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Section {
    Quality,
    Interview,
    SocialValue,
}

impl Section {
    /// The section's name as forms and results spell it ("social_value"), as serde writes it.
    pub const fn code(self) -> &'static str {
        match self {
            Section::Quality => "quality",
            Section::Interview => "interview",
            Section::SocialValue => "social_value",
        }
    }

    pub const fn label(self) -> &'static str {
        match self {
            Section::Quality => "Quality",
            Section::Interview => "Interview",
            Section::SocialValue => "Social value",
        }
    }
}

impl EvaluationModel {
    /// Every scored question with its section.
    pub fn questions(&self) -> impl Iterator<Item = (Section, &Question)> {
        let q = self.quality.questions.iter().map(|q| (Section::Quality, q));
        let i = self.interview.iter().flat_map(|s| s.questions.iter().map(|q| (Section::Interview, q)));
        let s = self.social_value.iter().flat_map(|s| s.questions.iter().map(|q| (Section::SocialValue, q)));
        q.chain(i).chain(s)
    }

    pub fn question(&self, code: &str) -> Option<(Section, &Question)> {
        self.questions().find(|(_, q)| q.code == code)
    }

    pub fn gate(&self, code: &str) -> Option<&Gate> {
        self.gates.iter().find(|g| g.code == code)
    }

    pub fn check(&self, on: &mut On, field: &str) {
        self.check_weights(on, field);
        let mut scored = vec![("quality", &self.quality)];
        scored.extend(self.interview.iter().map(|s| ("interview", s)));
        scored.extend(self.social_value.iter().map(|s| ("social_value", s)));
        for (name, section) in scored {
            self.check_section(on, &format!("{field}.{name}"), name, section);
        }
        for (i, g) in self.gates.iter().enumerate() {
            on.required(&g.code, &format!("{field}.gates[{i}].code"), "a gate code");
            on.required(&g.title, &format!("{field}.gates[{i}].title"), "the gate's title");
            on.check(
                self.gates.iter().filter(|o| o.code == g.code).count() == 1,
                format!("{field}.gates[{i}].code"),
                || format!("gate code \"{}\" is used more than once", g.code),
            );
        }
        self.check_tie_break(on, field);
        self.check_award_rule(on, field);
    }

    /// The section weights add up to 100 %.
    fn check_weights(&self, on: &mut On, field: &str) {
        let mut sections: Vec<(&str, Decimal)> =
            vec![("quality", self.quality.weight.value()), ("price", self.price.weight.value())];
        if let Some(s) = &self.interview {
            sections.push(("interview", s.weight.value()));
        }
        if let Some(s) = &self.social_value {
            sections.push(("social value", s.weight.value()));
        }
        let total: Decimal = sections.iter().map(|(_, w)| *w).sum();
        on.check(total == Decimal::ONE_HUNDRED, format!("{field}.weights"), || {
            let parts: Vec<String> = sections.iter().map(|(n, w)| format!("{n} {} %", w.normalize())).collect();
            format!(
                "the section weights add up to {} % ({}); they must add up to 100 %",
                total.normalize(),
                parts.join(", ")
            )
        });
    }

    /// A scored section (at `f`) with weight has questions whose weights add up to its own.
    fn check_section(&self, on: &mut On, f: &str, name: &str, section: &ScoredSection) {
        on.check(!section.questions.is_empty() || section.weight.value().is_zero(), format!("{f}.questions"), || {
            format!("the {} section carries weight but has no questions", name.replace('_', " "))
        });
        let sum: Decimal = section.questions.iter().map(|q| q.weight.value()).sum();
        if !section.questions.is_empty() {
            on.check(sum == section.weight.value(), format!("{f}.questions"), || {
                format!(
                    "the {} questions' weights add up to {} %; they must add up to the section's weight of {} %",
                    name.replace('_', " "),
                    sum.normalize(),
                    section.weight
                )
            });
        }
        for (i, q) in section.questions.iter().enumerate() {
            self.check_question(on, &format!("{f}.questions[{i}]"), q);
        }
    }

    /// A question (at `qf`) has a code used once, a title, and marks within a scale of at most 100.
    fn check_question(&self, on: &mut On, qf: &str, q: &Question) {
        on.required(&q.code, &format!("{qf}.code"), "a question code");
        on.required(&q.title, &format!("{qf}.title"), "the question's title");
        on.check(q.scale.max > q.scale.min, format!("{qf}.scale"), || {
            format!(
                "the scale of {} runs from {} to {}; its top must be above its bottom",
                q.code, q.scale.min, q.scale.max
            )
        });
        on.check(q.scale.max <= 100, format!("{qf}.scale.max"), || "a scale cannot go above 100".into());
        if let Some(m) = q.minimum_mark {
            on.check(q.scale.contains(m), format!("{qf}.minimum_mark"), || {
                format!("the minimum mark {m} is outside the scale {}–{}", q.scale.min, q.scale.max)
            });
        }
        for d in &q.scale.descriptors {
            on.check(q.scale.contains(d.mark), format!("{qf}.scale.descriptors"), || {
                format!("a descriptor is given for mark {}, outside the scale {}–{}", d.mark, q.scale.min, q.scale.max)
            });
        }
        on.check(self.questions().filter(|(_, o)| o.code == q.code).count() == 1, format!("{qf}.code"), || {
            format!("question code \"{}\" is used more than once", q.code)
        });
    }

    /// The tie-break rule ends with a drawing of lots, names each rule once, and uses only the
    /// sections there are.
    fn check_tie_break(&self, on: &mut On, field: &str) {
        on.check(self.tie_break.last() == Some(&TieBreak::DrawingOfLots), format!("{field}.tie_break"), || {
            "the tie-break rule must end with a drawing of lots, so that every tie can be broken".into()
        });
        let mut seen = Vec::new();
        for t in &self.tie_break {
            on.check(!seen.contains(t), format!("{field}.tie_break"), || {
                format!("\"{}\" appears twice in the tie-break rule", t.label())
            });
            seen.push(*t);
        }
        if self.tie_break.contains(&TieBreak::HigherInterview) {
            on.check(self.interview.is_some(), format!("{field}.tie_break"), || {
                "the tie-break uses the interview, but there is no interview section".into()
            });
        }
        if self.tie_break.contains(&TieBreak::HigherSocialValue) {
            on.check(self.social_value.is_some(), format!("{field}.tie_break"), || {
                "the tie-break uses social value, but there is no social value section".into()
            });
        }
    }

    /// The award rule awards at least one place, and any most per lot or zone is at least 1.
    fn check_award_rule(&self, on: &mut On, field: &str) {
        match &self.award_rule {
            AwardRule::TopRanked { places } => on.check(*places >= 1, format!("{field}.award_rule.places"), || {
                "at least one place must be awarded".into()
            }),
            AwardRule::AllAboveThreshold { max_per_lot, max_per_zone } => {
                on.check(max_per_lot.is_none_or(|m| m >= 1), format!("{field}.award_rule.max_per_lot"), || {
                    "the most per lot must be at least 1".into()
                });
                on.check(max_per_zone.is_none_or(|m| m >= 1), format!("{field}.award_rule.max_per_zone"), || {
                    "the most per zone must be at least 1".into()
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Section;

    #[test]
    fn a_sections_code_is_how_serde_writes_it() {
        for s in [Section::Quality, Section::Interview, Section::SocialValue] {
            assert_eq!(serde_json::to_value(s).unwrap(), s.code(), "{s:?}");
        }
    }
}
