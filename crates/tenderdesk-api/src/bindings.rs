//! The TypeScript types of everything that crosses to the window, generated from the Rust types
//! by ts-rs. Each module names the types it hands the window (its `typescript()`); the types those
//! depend on (nested views, the domain's enums as unions of their codes) are added with them, so
//! none can be left out. `cargo xtask codegen` writes them to `ui/src/bindings/` (see `codegen`),
//! and a test fails when the committed files differ.

use std::collections::{BTreeMap, HashSet};

use ts_rs::{Config, TypeVisitor, TS};

use crate::{ArrangementSummary, ErrorCode, ErrorDto, ProblemDto, RecordSummary};

/// Why the bindings could not be generated. Nothing is written then.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BindingsError {
    #[error("cannot generate the TypeScript of {type_name}: {reason}")]
    Export { type_name: String, reason: String },
    #[error("{file} would hold two types, {first} and {second}; give one another name with #[ts(rename = \"…\")]")]
    Clash { file: String, first: String, second: String },
}

/// The bindings gathered so far, by file name, with the Rust type each came from.
pub struct Bindings {
    cfg: Config,
    files: BTreeMap<String, (String, String)>,
    /// The Rust types added, by name with their generics left out.
    seen: HashSet<String>,
    error: Option<BindingsError>,
}

impl Default for Bindings {
    fn default() -> Self {
        Bindings {
            cfg: Config::new().with_large_int("number"),
            files: BTreeMap::new(),
            seen: HashSet::new(),
            error: None,
        }
    }
}

impl Bindings {
    /// Adds `T` and, in turn, every type it depends on. The first failure is kept and reported
    /// by [`Bindings::finish`].
    pub fn add<T: TS + ?Sized + 'static>(&mut self) -> &mut Self {
        let Some(path) = T::output_path() else { return self };
        let type_name = std::any::type_name::<T::WithoutGenerics>().to_owned();
        if self.error.is_some() || !self.seen.insert(type_name.clone()) {
            return self;
        }
        let file = path.display().to_string();
        match T::export_to_string(&self.cfg) {
            Err(e) => self.error = Some(BindingsError::Export { type_name, reason: e.to_string() }),
            Ok(text) => match self.files.get(&file) {
                Some((first, _)) => {
                    self.error = Some(BindingsError::Clash { file, first: first.clone(), second: type_name })
                }
                None => {
                    self.files.insert(file, (type_name, text));
                }
            },
        }
        T::visit_dependencies(&mut Dependencies(self));
        self
    }

    /// Each binding as (file name, TypeScript source), in file-name order.
    pub fn finish(self) -> Result<Vec<(String, String)>, BindingsError> {
        match self.error {
            Some(e) => Err(e),
            None => Ok(self.files.into_iter().map(|(file, (_, text))| (file, text)).collect()),
        }
    }
}

struct Dependencies<'a>(&'a mut Bindings);

impl TypeVisitor for Dependencies<'_> {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        self.0.add::<T>();
    }
}

/// Every binding as (file name, TypeScript source).
pub fn typescript() -> Result<Vec<(String, String)>, BindingsError> {
    let mut b = Bindings::default();
    b.add::<ArrangementSummary>().add::<RecordSummary>().add::<ErrorDto>().add::<ErrorCode>().add::<ProblemDto>();
    crate::market::typescript(&mut b);
    crate::lists::typescript(&mut b);
    crate::calendar::typescript(&mut b);
    crate::rounds::typescript(&mut b);
    crate::screens::typescript(&mut b);
    crate::forms::typescript(&mut b);
    b.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    mod one {
        #[allow(dead_code)]
        #[derive(ts_rs::TS)]
        pub struct Same {
            pub a: u32,
        }
    }
    mod other {
        #[allow(dead_code)]
        #[derive(ts_rs::TS)]
        pub struct Same {
            pub b: String,
        }
    }

    #[allow(dead_code)]
    #[derive(ts_rs::TS)]
    struct Outer {
        inner: Vec<one::Same>,
    }

    #[test]
    fn a_type_brings_the_types_it_depends_on() {
        let mut b = Bindings::default();
        b.add::<Outer>();
        let files: Vec<String> = b.finish().unwrap().into_iter().map(|(f, _)| f).collect();
        assert_eq!(files, ["Outer.ts", "Same.ts"]);
    }

    #[test]
    fn two_types_that_would_share_a_file_fail_the_generation() {
        let mut b = Bindings::default();
        b.add::<one::Same>().add::<other::Same>();
        match b.finish() {
            Err(BindingsError::Clash { file, .. }) => assert_eq!(file, "Same.ts"),
            other => panic!("expected a clash, got {other:?}"),
        }
    }

    #[test]
    fn the_window_bindings_generate() {
        let all = typescript().unwrap();
        assert!(all.iter().any(|(f, text)| f == "SubmissionStatus.ts" && text.contains("\"compliant\"")));
    }
}
