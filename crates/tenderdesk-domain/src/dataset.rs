//! The dataset: one JSON document that holds everything in a store (docs/data-format.md).
//!
//! Records refer to each other by their keys. The order of each list is the order of the records
//! in the store, so that export → import → export gives the same bytes.

use std::borrow::Cow;
use std::collections::HashMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::kind::Kind;
use crate::problem::Problems;
use crate::record::{Lookup, Record};
use crate::values::Key;
use crate::*;

/// The name in a dataset's `format` field.
pub const FORMAT: &str = "tenderdesk-dataset";
/// The version of the dataset format this build writes and reads.
pub const FORMAT_VERSION: u32 = 1;

/// Everything in a store, as one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Dataset {
    /// Always "tenderdesk-dataset".
    pub format: String,
    /// The version of the format; this build reads version 1.
    pub format_version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authority: Option<AuthorityProfile>,
    #[serde(default)]
    pub providers: Vec<Provider>,
    #[serde(default)]
    pub arrangements: Vec<Arrangement>,
    #[serde(default)]
    pub lots: Vec<Lot>,
    #[serde(default)]
    pub openings: Vec<Opening>,
    #[serde(default)]
    pub admissions: Vec<Admission>,
    #[serde(default)]
    pub rounds: Vec<Round>,
    #[serde(default)]
    pub submissions: Vec<Submission>,
    #[serde(default)]
    pub evaluators: Vec<Evaluator>,
    #[serde(default)]
    pub marks: Vec<Mark>,
    #[serde(default)]
    pub moderated_marks: Vec<ModeratedMark>,
    #[serde(default)]
    pub awards: Vec<AwardDecision>,
    #[serde(default)]
    pub contracts: Vec<Contract>,
    #[serde(default)]
    pub activity: Vec<ActivitySnapshot>,
    #[serde(default)]
    pub spend: Vec<SpendEntry>,
}

impl Default for Dataset {
    fn default() -> Dataset {
        Dataset {
            format: FORMAT.to_owned(),
            format_version: FORMAT_VERSION,
            authority: None,
            providers: Vec::new(),
            arrangements: Vec::new(),
            lots: Vec::new(),
            openings: Vec::new(),
            admissions: Vec::new(),
            rounds: Vec::new(),
            submissions: Vec::new(),
            evaluators: Vec::new(),
            marks: Vec::new(),
            moderated_marks: Vec::new(),
            awards: Vec::new(),
            contracts: Vec::new(),
            activity: Vec::new(),
            spend: Vec::new(),
        }
    }
}

/// A record kind's place in the dataset.
pub trait Listed: Record {
    fn list(ds: &Dataset) -> &[Self];
    fn push(ds: &mut Dataset, record: Self);
}

macro_rules! listed {
    ($($ty:ty => $field:ident),* $(,)?) => {
        $(impl Listed for $ty {
            fn list(ds: &Dataset) -> &[Self] { &ds.$field }
            fn push(ds: &mut Dataset, record: Self) { ds.$field.push(record) }
        })*
    };
}

listed! {
    Provider => providers, Arrangement => arrangements, Lot => lots, Opening => openings,
    Admission => admissions, Round => rounds, Submission => submissions, Evaluator => evaluators,
    Mark => marks, ModeratedMark => moderated_marks, AwardDecision => awards, Contract => contracts,
    ActivitySnapshot => activity, SpendEntry => spend,
}

impl Listed for AuthorityProfile {
    fn list(ds: &Dataset) -> &[Self] {
        ds.authority.as_slice()
    }
    fn push(ds: &mut Dataset, record: Self) {
        ds.authority = Some(record);
    }
}

/// Something done once per kind of record, with the kind's type in hand.
pub trait KindVisitor {
    fn visit<T: Listed>(&mut self);
}

/// Calls the visitor once for every kind, in the order of `Kind::ALL`.
pub fn visit_kinds<V: KindVisitor>(v: &mut V) {
    v.visit::<AuthorityProfile>();
    v.visit::<Provider>();
    v.visit::<Arrangement>();
    v.visit::<Lot>();
    v.visit::<Opening>();
    v.visit::<Admission>();
    v.visit::<Round>();
    v.visit::<Submission>();
    v.visit::<Evaluator>();
    v.visit::<Mark>();
    v.visit::<ModeratedMark>();
    v.visit::<AwardDecision>();
    v.visit::<Contract>();
    v.visit::<ActivitySnapshot>();
    v.visit::<SpendEntry>();
}

impl Dataset {
    /// How many records of each kind it holds.
    pub fn counts(&self) -> Vec<(Kind, usize)> {
        struct C<'a>(&'a Dataset, Vec<(Kind, usize)>);
        impl KindVisitor for C<'_> {
            fn visit<T: Listed>(&mut self) {
                self.1.push((T::KIND, T::list(self.0).len()));
            }
        }
        let mut c = C(self, Vec::new());
        visit_kinds(&mut c);
        c.1
    }

    pub fn record_count(&self) -> usize {
        self.counts().iter().map(|(_, n)| n).sum()
    }

    /// Checks the format header.
    pub fn check_header(&self) -> Result<(), String> {
        if self.format != FORMAT {
            return Err(format!(
                "this is not a TenderDesk dataset: its \"format\" is \"{}\", not \"{FORMAT}\"",
                self.format
            ));
        }
        if self.format_version != FORMAT_VERSION {
            return Err(format!(
                "this dataset is in format version {}; this version of TenderDesk reads version {FORMAT_VERSION}",
                self.format_version
            ));
        }
        Ok(())
    }

    /// Checks every record: its own checks, that every reference resolves (in the file or in
    /// `base`, the store it is to be added to), that keys and natural keys are unique in the file.
    pub fn validate(&self, base: &dyn Lookup) -> Problems {
        let index = DatasetIndex::new(self);
        let layered = Layered { file: &index, base };
        let mut v = ValidateAll { ds: self, lookup: &layered, problems: Problems::new() };
        visit_kinds(&mut v);
        v.problems
    }
}

struct ValidateAll<'a> {
    ds: &'a Dataset,
    lookup: &'a dyn Lookup,
    problems: Problems,
}

impl KindVisitor for ValidateAll<'_> {
    fn visit<T: Listed>(&mut self) {
        let records = T::list(self.ds);
        let mut keys: HashMap<&str, usize> = HashMap::with_capacity(records.len());
        let mut naturals: HashMap<String, usize> = HashMap::new();
        for (i, r) in records.iter().enumerate() {
            if let Some(first) = keys.insert(r.key().as_str(), i) {
                self.problems.push(
                    T::KIND,
                    r.key().as_str(),
                    "key",
                    format!(
                    "the reference \"{}\" is used by {} number {} and number {} in the file; references must be unique",
                    r.key(), T::KIND.singular(), first + 1, i + 1
                ),
                );
            }
            if let Some((nk, message)) = r.natural_key() {
                if naturals.insert(nk, i).is_some() {
                    self.problems.push(T::KIND, r.key().as_str(), "key", message);
                }
            }
            self.problems.extend(r.validate(self.lookup));
        }
    }
}

/// Where each record of a dataset is, by kind and key.
pub struct DatasetIndex<'a> {
    ds: &'a Dataset,
    at: HashMap<(Kind, &'a str), usize>,
}

impl<'a> DatasetIndex<'a> {
    pub fn new(ds: &'a Dataset) -> DatasetIndex<'a> {
        struct I<'a>(&'a Dataset, HashMap<(Kind, &'a str), usize>);
        impl<'a> KindVisitor for I<'a> {
            fn visit<T: Listed>(&mut self) {
                for (i, r) in T::list(self.0).iter().enumerate() {
                    self.1.entry((T::KIND, r.key().as_str())).or_insert(i);
                }
            }
        }
        let mut i = I(ds, HashMap::with_capacity(ds.record_count()));
        visit_kinds(&mut i);
        DatasetIndex { ds, at: i.1 }
    }

    fn get<T: Listed>(&self, key: &Key) -> Option<Cow<'a, T>> {
        self.at.get(&(T::KIND, key.as_str())).and_then(|i| T::list(self.ds).get(*i)).map(Cow::Borrowed)
    }
}

impl Lookup for DatasetIndex<'_> {
    fn exists(&self, kind: Kind, key: &Key) -> bool {
        self.at.contains_key(&(kind, key.as_str()))
    }
    crate::lookup_getters!();
}

/// Nothing: the lookup of an empty store.
pub struct Nothing;

impl Nothing {
    fn get<T: Listed>(&self, _: &Key) -> Option<Cow<'_, T>> {
        None
    }
}

impl Lookup for Nothing {
    fn exists(&self, _: Kind, _: &Key) -> bool {
        false
    }
    crate::lookup_getters!();
}

/// The records of a file laid over those of a store: the file's are found first.
struct Layered<'a> {
    file: &'a DatasetIndex<'a>,
    base: &'a dyn Lookup,
}

macro_rules! layered {
    ($($name:ident -> $ty:ty),* $(,)?) => {
        impl Lookup for Layered<'_> {
            fn exists(&self, kind: Kind, key: &Key) -> bool {
                self.file.exists(kind, key) || self.base.exists(kind, key)
            }
            fn authority(&self) -> Option<Cow<'_, AuthorityProfile>> {
                self.file.authority().or_else(|| self.base.authority())
            }
            $(fn $name(&self, key: &Key) -> Option<Cow<'_, $ty>> {
                self.file.$name(key).or_else(|| self.base.$name(key))
            })*
        }
    };
}

layered! {
    provider -> Provider, arrangement -> Arrangement, lot -> Lot, opening -> Opening,
    admission -> Admission, round -> Round, submission -> Submission, evaluator -> Evaluator,
    award -> AwardDecision,
}
