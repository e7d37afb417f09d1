//! Validation problems: what is wrong, in which record and which field, in an officer's words.

use std::fmt;

use serde::Serialize;

use crate::kind::Kind;

/// One thing wrong with one record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub kind: Kind,
    /// The record's reference ("HC-2025-03"); empty for the authority profile.
    pub key: String,
    /// The field, in the dataset's own spelling (`term.initial_end`, `model.quality.weight`).
    pub field: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.key.is_empty() {
            write!(f, "{} ({}): {}", self.kind.singular(), self.field, self.message)
        } else {
            write!(f, "{} {} ({}): {}", self.kind.singular(), self.key, self.field, self.message)
        }
    }
}

/// The problems found in one or more records. A write with any problem stores nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Problems(Vec<Problem>);

impl Problems {
    pub fn new() -> Problems {
        Problems(Vec::new())
    }

    pub fn push(&mut self, kind: Kind, key: &str, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(Problem { kind, key: key.to_owned(), field: field.into(), message: message.into() });
    }

    pub fn extend(&mut self, other: Problems) {
        self.0.extend(other.0);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Problem> {
        self.0.iter()
    }

    pub fn into_vec(self) -> Vec<Problem> {
        self.0
    }

    /// `Ok(())` when nothing is wrong.
    pub fn into_result(self) -> Result<(), Problems> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self)
        }
    }

    /// A scoped writer for one record, so checks need not repeat its kind and key.
    pub fn on<'a>(&'a mut self, kind: Kind, key: &'a str) -> On<'a> {
        On { problems: self, kind, key }
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.as_slice() {
            [] => f.write_str("no problems"),
            [one] => write!(f, "{one}"),
            [first, rest @ ..] => {
                write!(f, "{} problems: {first}", self.0.len())?;
                for p in rest.iter().take(9) {
                    write!(f, "; {p}")?;
                }
                if rest.len() > 9 {
                    write!(f, "; and {} more", rest.len() - 9)?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for Problems {}

/// Problems about one record.
pub struct On<'a> {
    problems: &'a mut Problems,
    kind: Kind,
    key: &'a str,
}

impl On<'_> {
    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.problems.push(self.kind, self.key, field, message);
    }

    /// Adds a problem unless `ok` holds.
    pub fn check(&mut self, ok: bool, field: impl Into<String>, message: impl FnOnce() -> String) {
        if !ok {
            self.add(field, message());
        }
    }

    /// A required text must hold something other than spaces.
    pub fn required(&mut self, text: &str, field: &str, what: &str) {
        if text.trim().is_empty() {
            self.add(field, format!("{what} is required"));
        }
    }
}
