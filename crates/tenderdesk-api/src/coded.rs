//! A choice a form sends as one of an enum's codes ("mini_competition"). In TypeScript it is the
//! enum's union of codes, so the window's compiler checks what it sends and compares; in Rust a
//! code the enum does not know is kept as it was sent, so the form refuses it beside its field
//! ("\"wales\" is not one of …") instead of the whole request failing to read.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// One of `T`'s codes as a form sent it: the value, or the text when it is no code of `T`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Coded<T> {
    Known(T),
    Unknown(String),
}

impl<T: DeserializeOwned> Coded<T> {
    /// The value, reading a code with spaces around it as the code; the text when it is none.
    pub fn value(&self) -> Result<T, &str>
    where
        T: Clone,
    {
        match self {
            Coded::Known(v) => Ok(v.clone()),
            Coded::Unknown(text) => parse(text.trim()).ok_or(text.as_str()),
        }
    }

    /// Nothing chosen: an empty or blank text.
    pub fn is_blank(&self) -> bool {
        matches!(self, Coded::Unknown(text) if text.trim().is_empty())
    }
}

fn parse<T: DeserializeOwned>(code: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(code.to_owned())).ok()
}

/// Nothing chosen yet, as an empty select list sends it.
impl<T> Default for Coded<T> {
    fn default() -> Self {
        Coded::Unknown(String::new())
    }
}

/// A code as typed: the value when `T` knows it, else the text (for tests and the command line).
impl<T: DeserializeOwned> From<&str> for Coded<T> {
    fn from(code: &str) -> Self {
        parse(code).map_or_else(|| Coded::Unknown(code.to_owned()), Coded::Known)
    }
}

impl<T: DeserializeOwned + PartialEq> PartialEq<&str> for Coded<T> {
    fn eq(&self, code: &&str) -> bool {
        match (self, parse::<T>(code)) {
            (Coded::Known(v), Some(w)) => *v == w,
            (Coded::Unknown(text), None) => text == code,
            _ => false,
        }
    }
}

/// In TypeScript a `Coded<T>` is `T` itself: the window can send only `T`'s codes.
impl<T: ts_rs::TS + 'static> ts_rs::TS for Coded<T> {
    type WithoutGenerics = Self;
    type OptionInnerType = Self;

    fn name(cfg: &ts_rs::Config) -> String {
        T::name(cfg)
    }

    fn inline(cfg: &ts_rs::Config) -> String {
        T::inline(cfg)
    }

    fn visit_dependencies(v: &mut impl ts_rs::TypeVisitor)
    where
        Self: 'static,
    {
        T::visit_dependencies(v);
    }

    fn visit_generics(v: &mut impl ts_rs::TypeVisitor)
    where
        Self: 'static,
    {
        T::visit_generics(v);
        v.visit::<T>();
    }
}

#[cfg(test)]
mod tests {
    use tenderdesk_domain::Nation;

    use super::Coded;

    #[test]
    fn a_known_code_reads_as_the_value_and_any_other_text_is_kept() {
        let read = |json: &str| serde_json::from_str::<Coded<Nation>>(json).unwrap();
        assert_eq!(read("\"scotland\""), Coded::Known(Nation::Scotland));
        assert_eq!(read("\"wales\""), Coded::Unknown("wales".into()));
        assert_eq!(read("\" scotland \"").value(), Ok(Nation::Scotland));
        assert_eq!(read("\"wales\"").value(), Err("wales"));
        assert!(read("\"  \"").is_blank() && !read("\"scotland\"").is_blank());
        assert_eq!(serde_json::to_string(&Coded::Known(Nation::NorthernIreland)).unwrap(), "\"northern_ireland\"");
    }
}
