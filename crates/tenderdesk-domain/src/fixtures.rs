//! A small, valid dataset for tests of the crates above the domain (feature `fixtures`).

use crate::Dataset;

/// The JSON of a small valid dataset: an authority, three providers, a framework with one lot of
/// two zones, an opening, two admissions and a spend entry.
pub const SMALL_JSON: &str = include_str!("../fixtures/small.json");

/// The small dataset, parsed.
pub fn small() -> Dataset {
    serde_json::from_str(SMALL_JSON).expect("the small fixture is a valid dataset")
}

/// The small dataset plus a completed mini-competition on its lot: a round with gates, quality,
/// interview and price; two compliant bids and a late one excluded; two evaluators, one with an
/// actual conflict; individual and moderated marks (one abstention); an award and its contract;
/// an activity snapshot. Every kind of record appears.
pub const ROUND_JSON: &str = include_str!("../fixtures/round.json");

pub fn with_round() -> Dataset {
    serde_json::from_str(ROUND_JSON).expect("the round fixture is a valid dataset")
}

#[cfg(test)]
mod tests {
    use crate::Nothing;

    #[test]
    fn the_small_fixture_is_valid() {
        let ds = super::small();
        ds.check_header().unwrap();
        let problems = ds.validate(&Nothing);
        assert!(problems.is_empty(), "{problems}");
        assert_eq!(ds.record_count(), 10);
    }

    #[test]
    fn the_round_fixture_is_valid_and_holds_every_kind() {
        let ds = super::with_round();
        let problems = ds.validate(&Nothing);
        assert!(problems.is_empty(), "{problems}");
        assert!(ds.counts().iter().all(|(_, n)| *n > 0), "{:?}", ds.counts());
    }
}
