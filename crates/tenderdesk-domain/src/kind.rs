//! The kinds of record TenderDesk holds, with the names the command line and the store use.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

macro_rules! kinds {
    ($($variant:ident => $plural:literal, $singular:literal, $tag:literal;)*) => {
        /// A kind of record. Each has its own tree in the store and its own list in the dataset.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum Kind { $($variant),* }

        impl Kind {
            /// Every kind, in the order the dataset lists them (referenced kinds first).
            pub const ALL: &'static [Kind] = &[$(Kind::$variant),*];

            /// The plural name used on the command line and in the dataset: `providers`.
            pub fn plural(self) -> &'static str {
                match self { $(Kind::$variant => $plural),* }
            }

            /// The name used in messages: `provider`.
            pub fn singular(self) -> &'static str {
                match self { $(Kind::$variant => $singular),* }
            }

            /// A one-byte tag, stable for ever, used in composite store keys.
            pub fn tag(self) -> u8 {
                match self { $(Kind::$variant => $tag),* }
            }

            pub fn from_tag(tag: u8) -> Option<Kind> {
                match tag { $($tag => Some(Kind::$variant),)* _ => None }
            }
        }
    };
}

kinds! {
    Authority => "authority", "authority profile", 1;
    Providers => "providers", "provider", 2;
    Arrangements => "arrangements", "arrangement", 3;
    Lots => "lots", "lot", 4;
    Openings => "openings", "opening", 5;
    Admissions => "admissions", "admission", 6;
    Rounds => "rounds", "round", 7;
    Submissions => "submissions", "submission", 8;
    Evaluators => "evaluators", "evaluator", 9;
    Marks => "marks", "mark", 10;
    ModeratedMarks => "moderated_marks", "moderated mark", 11;
    Awards => "awards", "award decision", 12;
    Contracts => "contracts", "contract", 13;
    Activity => "activity", "activity snapshot", 14;
    Spend => "spend", "spend entry", 15;
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.plural())
    }
}

impl FromStr for Kind {
    type Err = String;

    /// Accepts the plural name, and as a kindness the singular and dashed forms.
    fn from_str(s: &str) -> Result<Kind, String> {
        let t = s.trim().to_ascii_lowercase().replace('-', "_");
        Kind::ALL.iter().copied().find(|k| k.plural() == t || k.singular().replace(' ', "_") == t).ok_or_else(|| {
            let names: Vec<&str> = Kind::ALL.iter().map(|k| k.plural()).collect();
            format!("\"{s}\" is not a kind of record; the kinds are: {}", names.join(", "))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_unique_and_round_trip() {
        let mut seen = std::collections::BTreeSet::new();
        for k in Kind::ALL {
            assert!(seen.insert(k.tag()), "duplicate tag for {k}");
            assert_eq!(Kind::from_tag(k.tag()), Some(*k));
            assert_eq!(k.plural().parse::<Kind>().unwrap(), *k);
        }
        assert_eq!("moderated-marks".parse::<Kind>().unwrap(), Kind::ModeratedMarks);
        assert!("widgets".parse::<Kind>().unwrap_err().contains("arrangements"));
    }
}
