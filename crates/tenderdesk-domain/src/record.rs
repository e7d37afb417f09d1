//! What every record has in common, and how checks reach the records a record refers to.

use std::borrow::Cow;
use std::fmt::Debug;

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::kind::Kind;
use crate::problem::Problems;
use crate::values::Key;
use crate::{
    Admission, Arrangement, AuthorityProfile, AwardDecision, Evaluator, Lot, Opening, Provider, Round, Submission,
};

/// A reference from one record to another, by key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// The field holding it, in the dataset's spelling.
    pub field: String,
    pub kind: Kind,
    pub key: Key,
}

impl Reference {
    pub fn new(field: impl Into<String>, kind: Kind, key: &Key) -> Reference {
        Reference { field: field.into(), kind, key: key.clone() }
    }
}

/// A record TenderDesk stores: it has a kind, a stable key, the references it holds and the
/// checks it must pass before it is written.
pub trait Record: Serialize + DeserializeOwned + Clone + Debug + PartialEq + Send + Sync + 'static {
    const KIND: Kind;

    /// The stable reference of the record.
    fn key(&self) -> &Key;

    /// A short human label for lists ("Lot 1 Home care").
    fn title(&self) -> String;

    /// The records this one refers to. Each must exist; none may be deleted from under it.
    fn references(&self) -> Vec<Reference>;

    /// A second identity that must be unique among records of the kind (one bid per bidder per
    /// lot per round), with the message given when it is not.
    fn natural_key(&self) -> Option<(String, String)> {
        None
    }

    /// Checks that need only the record itself.
    fn check(&self, problems: &mut Problems);

    /// Checks that need the records it refers to (which are known to exist when this runs).
    fn check_against(&self, _lookup: &dyn Lookup, _problems: &mut Problems) {}

    /// Every check: the record's own, that its references exist, and those against other records.
    fn validate(&self, lookup: &dyn Lookup) -> Problems {
        let mut problems = Problems::new();
        self.check(&mut problems);
        let mut dangling = false;
        for r in self.references() {
            if !lookup.exists(r.kind, &r.key) {
                dangling = true;
                problems.push(
                    Self::KIND,
                    self.key().as_str(),
                    r.field.clone(),
                    format!("refers to {} \"{}\", which does not exist", r.kind.singular(), r.key),
                );
            }
        }
        if !dangling {
            self.check_against(lookup, &mut problems);
        }
        problems
    }
}

/// Read access to the other records, for checks. Implemented by the store, by a dataset in memory,
/// and by the two layered during an import.
pub trait Lookup {
    fn exists(&self, kind: Kind, key: &Key) -> bool;
    fn authority(&self) -> Option<Cow<'_, AuthorityProfile>>;
    fn provider(&self, key: &Key) -> Option<Cow<'_, Provider>>;
    fn arrangement(&self, key: &Key) -> Option<Cow<'_, Arrangement>>;
    fn lot(&self, key: &Key) -> Option<Cow<'_, Lot>>;
    fn opening(&self, key: &Key) -> Option<Cow<'_, Opening>>;
    fn admission(&self, key: &Key) -> Option<Cow<'_, Admission>>;
    fn round(&self, key: &Key) -> Option<Cow<'_, Round>>;
    fn submission(&self, key: &Key) -> Option<Cow<'_, Submission>>;
    fn evaluator(&self, key: &Key) -> Option<Cow<'_, Evaluator>>;
    fn award(&self, key: &Key) -> Option<Cow<'_, AwardDecision>>;
}

/// Writes the typed getters of [`Lookup`] for a type with a generic
/// `fn get<T: Listed>(&self, key: &Key) -> Option<Cow<'_, T>>`, so each implementation says only
/// how to find one record.
#[macro_export]
macro_rules! lookup_getters {
    () => {
        fn authority(&self) -> Option<::std::borrow::Cow<'_, $crate::AuthorityProfile>> {
            self.get($crate::AuthorityProfile::the_key())
        }
        fn provider(&self, key: &$crate::Key) -> Option<::std::borrow::Cow<'_, $crate::Provider>> {
            self.get(key)
        }
        fn arrangement(&self, key: &$crate::Key) -> Option<::std::borrow::Cow<'_, $crate::Arrangement>> {
            self.get(key)
        }
        fn lot(&self, key: &$crate::Key) -> Option<::std::borrow::Cow<'_, $crate::Lot>> {
            self.get(key)
        }
        fn opening(&self, key: &$crate::Key) -> Option<::std::borrow::Cow<'_, $crate::Opening>> {
            self.get(key)
        }
        fn admission(&self, key: &$crate::Key) -> Option<::std::borrow::Cow<'_, $crate::Admission>> {
            self.get(key)
        }
        fn round(&self, key: &$crate::Key) -> Option<::std::borrow::Cow<'_, $crate::Round>> {
            self.get(key)
        }
        fn submission(&self, key: &$crate::Key) -> Option<::std::borrow::Cow<'_, $crate::Submission>> {
            self.get(key)
        }
        fn evaluator(&self, key: &$crate::Key) -> Option<::std::borrow::Cow<'_, $crate::Evaluator>> {
            self.get(key)
        }
        fn award(&self, key: &$crate::Key) -> Option<::std::borrow::Cow<'_, $crate::AwardDecision>> {
            self.get(key)
        }
    };
}
