//! The serde visitors that read a dataset's top-level object and its lists, passing each record
//! to the feed as soon as it is read, and noting where in the file each record starts.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use tenderdesk_domain::*;

use super::stream::Feed;

/// Why reading stopped other than for the JSON itself.
pub(super) enum Stop {
    /// The importing thread stopped taking records (the store could not be read or written).
    Closed,
    /// Not a TenderDesk dataset, or another version of the format.
    Header(String),
}

/// Notes that the importing thread stopped taking records, and stops the read.
fn closed<E: de::Error>(stop: &mut Option<Stop>) -> E {
    *stop = Some(Stop::Closed);
    E::custom("the store could not be written")
}

/// The dataset's top-level fields, as `Dataset` spells them.
const FIELDS: &[&str] = &[
    "format",
    "format_version",
    "authority",
    "providers",
    "arrangements",
    "lots",
    "openings",
    "admissions",
    "rounds",
    "submissions",
    "evaluators",
    "marks",
    "moderated_marks",
    "awards",
    "contracts",
    "activity",
    "spend",
];

/// Reads the top-level object of a dataset, passing each record to the import as it is read.
pub(super) struct DatasetSeed<'i> {
    pub(super) feed: &'i mut Feed,
    pub(super) stop: &'i mut Option<Stop>,
}

impl<'de> DeserializeSeed<'de> for DatasetSeed<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> std::result::Result<(), D::Error> {
        deserializer.deserialize_struct("Dataset", FIELDS, self)
    }
}

impl<'de> Visitor<'de> for DatasetSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("struct Dataset")
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> std::result::Result<(), A::Error> {
        let mut seen = [false; FIELDS.len()];
        while let Some(field) = map.next_key_seed(Field)? {
            if std::mem::replace(&mut seen[field], true) {
                return Err(de::Error::duplicate_field(FIELDS[field]));
            }
            match FIELDS[field] {
                "format" => {
                    let format: String = map.next_value()?;
                    self.header(Dataset { format, ..Dataset::default() }, "not a TenderDesk dataset")?;
                }
                "format_version" => {
                    let format_version: u32 = map.next_value()?;
                    let header = Dataset { format_version, ..Dataset::default() };
                    self.header(header, "another version of the dataset format")?;
                }
                "authority" => {
                    if let Some(a) = map.next_value::<Option<AuthorityProfile>>()? {
                        self.feed.add(a, None).map_err(|_| closed(self.stop))?;
                    }
                }
                list => self.records(list, &mut map)?,
            }
        }
        // The header's two fields come first in FIELDS; each was checked when it was read.
        if !seen[0] {
            return Err(de::Error::missing_field("format"));
        }
        if !seen[1] {
            return Err(de::Error::missing_field("format_version"));
        }
        Ok(())
    }
}

impl DatasetSeed<'_> {
    /// Refuses a document whose header (the format or its version, in `header`) is not this
    /// format's, noting the reason for the message.
    fn header<E: de::Error>(&mut self, header: Dataset, refusal: &'static str) -> std::result::Result<(), E> {
        header.check_header().map_err(|message| {
            *self.stop = Some(Stop::Header(message));
            E::custom(refusal)
        })
    }

    /// Reads the list of records named `list` (its kind's plural), feeding each as it is read.
    fn records<'de, A: MapAccess<'de>>(&mut self, list: &str, map: &mut A) -> std::result::Result<(), A::Error> {
        let feed = &mut *self.feed;
        let stop = &mut *self.stop;
        macro_rules! records {
            ($($ty:ty),*) => {
                $(if list == <$ty as Record>::KIND.plural() {
                    return map.next_value_seed(Records::<$ty> { feed, stop, of: PhantomData });
                })*
            };
        }
        records!(
            Provider,
            Arrangement,
            Lot,
            Opening,
            Admission,
            Round,
            Submission,
            Evaluator,
            Mark,
            ModeratedMark,
            AwardDecision,
            Contract,
            ActivitySnapshot,
            SpendEntry
        );
        Err(de::Error::unknown_field(list, FIELDS))
    }
}

/// A top-level field's name, as its place in [`FIELDS`]; an unknown name is refused while the key
/// is read, so that the error's path names it.
struct Field;

impl<'de> DeserializeSeed<'de> for Field {
    type Value = usize;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> std::result::Result<usize, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for Field {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("field identifier")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> std::result::Result<usize, E> {
        FIELDS.iter().position(|f| *f == name).ok_or_else(|| E::unknown_field(name, FIELDS))
    }
}

/// Reads one list of records, passing each to the import as soon as it is read.
struct Records<'i, T> {
    feed: &'i mut Feed,
    stop: &'i mut Option<Stop>,
    of: PhantomData<T>,
}

impl<'de, T: Listed> DeserializeSeed<'de> for Records<'_, T> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> std::result::Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, T: Listed> Visitor<'de> for Records<'_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        while let Some((record, name)) = seq.next_element_seed(Located::<T>(PhantomData))? {
            self.feed.add(record, name).map_err(|_| closed(self.stop))?;
        }
        Ok(())
    }
}

/// Reads one record as `T` would be read, and also gives its first field name when that is read
/// straight from the file (no escapes), so the name's address says where in the file the record
/// is. The record is read by `T` itself from the same deserializer, so its errors are unchanged.
struct Located<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for Located<T> {
    type Value = (T, Option<&'de str>);

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> std::result::Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for Located<T> {
    type Value = (T, Option<&'de str>);

    /// As serde's derived records say it ("struct Provider"), for a value that is not a record.
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = std::any::type_name::<T>();
        write!(f, "struct {}", name.rsplit("::").next().unwrap_or(name))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Self::Value, A::Error> {
        let first = map.next_key_seed(FieldName)?;
        let at = match &first {
            Some(FieldNameRead::InFile(name)) => Some(*name),
            _ => None,
        };
        let record = T::deserialize(de::value::MapAccessDeserializer::new(FirstKeyRead { first, map }))?;
        Ok((record, at))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> std::result::Result<Self::Value, A::Error> {
        Ok((T::deserialize(de::value::SeqAccessDeserializer::new(seq))?, None))
    }
}

/// A field name as read: borrowed from the file, or rebuilt (it had escapes).
enum FieldNameRead<'de> {
    InFile(&'de str),
    Rebuilt(String),
}

struct FieldName;

impl<'de> DeserializeSeed<'de> for FieldName {
    type Value = FieldNameRead<'de>;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> std::result::Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for FieldName {
    type Value = FieldNameRead<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> std::result::Result<Self::Value, E> {
        Ok(FieldNameRead::InFile(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Self::Value, E> {
        Ok(FieldNameRead::Rebuilt(v.to_owned()))
    }
}

/// A record's fields with the first name already read: hands that name back first, then the rest.
struct FirstKeyRead<'de, A> {
    first: Option<FieldNameRead<'de>>,
    map: A,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for FirstKeyRead<'de, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> std::result::Result<Option<K::Value>, A::Error> {
        match self.first.take() {
            Some(FieldNameRead::InFile(name)) => {
                seed.deserialize(de::value::BorrowedStrDeserializer::<A::Error>::new(name)).map(Some)
            }
            Some(FieldNameRead::Rebuilt(name)) => {
                seed.deserialize(de::value::StringDeserializer::<A::Error>::new(name)).map(Some)
            }
            None => self.map.next_key_seed(seed),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> std::result::Result<V::Value, A::Error> {
        self.map.next_value_seed(seed)
    }

    fn size_hint(&self) -> Option<usize> {
        self.map.size_hint()
    }
}
