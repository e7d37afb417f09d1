//! A small, valid dataset for tests of the crates above the domain (feature `fixtures`).

use crate::Dataset;

/// The JSON of a small valid dataset: an authority, three providers, a framework with one lot of
/// two zones, an opening, two admissions and a spend entry.
pub const SMALL_JSON: &str = include_str!("../fixtures/small.json");

/// The small dataset, parsed.
pub fn small() -> Dataset {
    serde_json::from_str(SMALL_JSON).expect("the small fixture is a valid dataset")
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
}
