//! The dataset format through the use-case API: round trips byte for byte, all-or-nothing imports
//! with messages that name the problem, and the JSON Schema kept in step with the Rust types.

mod support;

use proptest::prelude::*;
use support::open;
use tenderdesk_api::{ApiError, ErrorCode};
use tenderdesk_domain::{fixtures, Dataset, Key, Money, Provider};

fn json(ds: &Dataset) -> String {
    tenderdesk_api::dataset_io::to_json(ds)
}

/// Export → import into an empty store → export gives the same bytes.
fn assert_round_trip(first: &str) {
    let (_d1, a) = open();
    a.import_bytes(first.as_bytes(), "first").unwrap();
    let exported = a.export_json().unwrap();
    let (_d2, b) = open();
    b.import_bytes(exported.as_bytes(), "exported").unwrap();
    assert_eq!(b.export_json().unwrap(), exported);
}

#[test]
fn the_demo_round_trips_byte_for_byte() {
    let (_d, api) = open();
    api.load_demo().unwrap();
    // A full backup holds exactly the demo, sealed prices included.
    let full = api.export_json_with(tenderdesk_api::ExportScope::IncludingSealed).unwrap();
    assert!(full == json(&serde_json::from_str(tenderdesk_api::DEMO_JSON).unwrap()), "export holds exactly the demo");
    assert_round_trip(&full);
    // The ordinary export withholds the sealed round's prices, and round-trips too.
    let exported = api.export_json().unwrap();
    assert_ne!(exported, full);
    assert_round_trip(&exported);
}

/// The file written by an export is the document `export_json` gives, written as it is
/// serialised; a folder that cannot be written to is refused and leaves no part-written file.
#[test]
fn an_exported_file_holds_the_exported_document() {
    let (_d, api) = open();
    api.load_demo().unwrap();
    let out = tempfile::tempdir().unwrap();
    for sealed_kept in [false, true] {
        let path = out.path().join(format!("export-{sealed_kept}.json"));
        let written = api.export_file_with(&path, tenderdesk_api::ExportScope::including_sealed(sealed_kept)).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text, api.export_json_with(tenderdesk_api::ExportScope::including_sealed(sealed_kept)).unwrap());
        assert_eq!(written, text.len());
    }
    let missing = out.path().join("no such folder").join("export.json");
    let err = api.export_file(&missing).unwrap_err();
    assert!(err.to_string().contains("no such folder"), "{err}");
    assert!(!missing.with_extension("tmp-export").exists());
}

#[test]
fn the_demo_loads_only_into_an_empty_store() {
    let (_d, api) = open();
    assert!(api.load_demo_if_empty().unwrap());
    assert!(!api.load_demo_if_empty().unwrap());
    assert!(matches!(api.load_demo(), Err(ApiError::NotEmpty)));
}

/// A dataset with a round on the fixture's lot, so that rules about rounds can be broken.
fn with_round(mutate: impl FnOnce(&mut serde_json::Value)) -> String {
    let mut v: serde_json::Value = serde_json::from_str(fixtures::SMALL_JSON).unwrap();
    let round = serde_json::json!({
        "key": "RND-1", "title": "Home care call-off", "arrangement": "ARR-HC", "kind": "mini_competition",
        "lots": ["LOT-HC-1"], "invited": ["PRV-A", "PRV-B"],
        "timetable": { "published": "2025-05-01", "submission_deadline": "2025-05-30T12:00:00Z", "decision": "2025-06-20" },
        "model": {
            "quality": { "weight": "60", "questions": [
                { "code": "Q1", "title": "Workforce", "weight": "30", "scale": { "min": 0, "max": 5 } },
                { "code": "Q2", "title": "Outcomes", "weight": "30", "scale": { "min": 0, "max": 5 } } ] },
            "price": { "weight": "40", "formula": "relative", "basis": "hourly_rate" },
            "tie_break": ["higher_quality", "drawing_of_lots"],
            "award_rule": { "rule": "top_ranked", "places": 1 }
        }
    });
    v["rounds"] = serde_json::json!([round]);
    mutate(&mut v);
    serde_json::to_string_pretty(&v).unwrap()
}

/// Imports `text` into a store holding the fixture and checks it is refused with `needle` in the
/// message and that the store is exactly as before.
fn refused(text: &str, needle: &str) -> ApiError {
    let (_d, api) = open();
    api.import_bytes(fixtures::SMALL_JSON.as_bytes(), "fixture").unwrap();
    let before = api.export_json().unwrap();
    let audit_before = api.audit_log().unwrap().len();
    let err = api.import_bytes(text.as_bytes(), "bad.json").unwrap_err();
    assert!(err.to_string().contains(needle), "expected {needle:?} in: {err}");
    assert_eq!(api.export_json().unwrap(), before, "the store changed");
    assert_eq!(api.audit_log().unwrap().len(), audit_before);
    err
}

/// The same file, with every key made new, so that only the deliberate problem stands in its way.
fn renamed(text: &str) -> String {
    let mut v: serde_json::Value = serde_json::from_str(text).unwrap();
    v.as_object_mut().unwrap().remove("authority");
    let mut s = serde_json::to_string(&v).unwrap();
    for k in ["PRV-A", "PRV-B", "PRV-C", "ARR-HC", "LOT-HC-1", "OPN-HC-0", "ADM-A-1", "ADM-B-1", "SPD-2025-04", "RND-1"]
    {
        s = s.replace(&format!("\"{k}\""), &format!("\"{k}-2\""));
    }
    s
}

#[test]
fn a_well_formed_round_imports() {
    let (_d, api) = open();
    api.import_bytes(with_round(|_| {}).as_bytes(), "ok.json").unwrap();
    assert_eq!(api.list(tenderdesk_domain::Kind::Rounds).unwrap().len(), 1);
    assert_round_trip(&with_round(|_| {}));
}

#[test]
fn a_weight_total_of_90_is_refused() {
    let text = renamed(&with_round(|v| v["rounds"][0]["model"]["price"]["weight"] = "30".into()));
    let err = refused(&text, "round RND-1-2 (model.weights): the section weights add up to 90 % (quality 60 %, price 30 %); they must add up to 100 %");
    assert_eq!(err.code(), ErrorCode::Invalid);
    assert_eq!(err.to_dto().field.as_deref(), Some("rounds/RND-1-2/model.weights"));
}

#[test]
fn a_broken_reference_is_refused() {
    let text = renamed(&with_round(|v| v["admissions"][0]["provider"] = "PRV-NOBODY".into()));
    refused(&text, "admission ADM-A-1-2 (provider): refers to provider \"PRV-NOBODY\", which does not exist");
}

#[test]
fn a_date_that_does_not_exist_is_refused_with_its_place() {
    let text = renamed(&with_round(|v| v["spend"][0]["period_end"] = "2024-02-30".into()));
    let err = refused(&text, "at spend[0].period_end");
    assert!(err.to_string().contains("bad.json: line "), "{err}");
    assert_eq!(err.code(), ErrorCode::Malformed);
}

#[test]
fn malformed_json_is_refused_with_line_and_column() {
    let err = refused("{\n  \"format\": \"tenderdesk-dataset\",\n  \"providers\": [ {,\n", "line 3, column");
    assert_eq!(err.code(), ErrorCode::Malformed);
    refused("{\"format\": \"tenderdesk-dataset\", \"format_version\": 1, \"providers\": [", "cut short");
    refused("{\"format\": \"something-else\", \"format_version\": 1}", "not a TenderDesk dataset");
    refused("{\"format\": \"tenderdesk-dataset\", \"format_version\": 1, \"colour\": 1}", "unknown field `colour`");
    refused("\u{feff}\u{0}", "line 1");
}

#[test]
fn negative_money_is_refused() {
    let text = renamed(&with_round(|v| v["spend"][0]["amount"] = "-5.00".into()));
    refused(&text, "cannot be negative");
}

#[test]
fn importing_into_a_store_with_records_adds_new_ones_and_names_every_taken_key() {
    let (_d, api) = open();
    api.import_bytes(fixtures::SMALL_JSON.as_bytes(), "fixture").unwrap();
    // Taken keys are named, and nothing is added.
    let mut again: serde_json::Value = serde_json::from_str(fixtures::SMALL_JSON).unwrap();
    again.as_object_mut().unwrap().remove("authority");
    let err = refused(&serde_json::to_string(&again).unwrap(), "already taken").to_string();
    for k in ["PRV-A", "PRV-B", "PRV-C", "ARR-HC", "SPD-2025-04"] {
        assert!(err.contains(&format!("\"{k}\" is already taken")), "{k} not named in {err}");
    }
    // New records that refer to existing ones are added.
    let mut extra = Dataset::default();
    let mut p: Provider = fixtures::small().providers[0].clone();
    p.key = Key::parse("PRV-NEW").unwrap();
    extra.providers.push(p);
    let mut s = fixtures::small().spend[0].clone();
    s.key = Key::parse("SPD-2025-05").unwrap();
    s.period_start = "2025-05-01".parse().unwrap();
    s.period_end = "2025-05-31".parse().unwrap();
    s.amount = Money::parse("261000.50").unwrap();
    extra.spend.push(s);
    let summary = api.import_bytes(json(&extra).as_bytes(), "extra.json").unwrap();
    assert_eq!(summary.records, 2);
    let ds = api.export_dataset(tenderdesk_api::ExportScope::IncludingSealed).unwrap();
    assert_eq!(ds.providers.len(), 4);
    assert_eq!(ds.spend.last().unwrap().amount.pence(), 26_100_050);
}

#[test]
fn the_committed_json_schema_is_the_one_the_types_generate() {
    let committed = include_str!("../../../docs/dataset.schema.json");
    assert!(
        committed == tenderdesk_api::dataset_io::json_schema().unwrap(),
        "docs/dataset.schema.json is stale: run `cargo xtask codegen` and commit the result"
    );
}

#[test]
fn the_demo_and_an_export_are_valid_against_the_json_schema() {
    let schema: serde_json::Value = serde_json::from_str(&tenderdesk_api::dataset_io::json_schema().unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let demo: serde_json::Value = serde_json::from_str(tenderdesk_api::DEMO_JSON).unwrap();
    let errors: Vec<String> = validator.iter_errors(&demo).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:?}");
    // And the schema does refuse what the types refuse.
    let bad: serde_json::Value =
        serde_json::from_str(&with_round(|v| v["spend"][0]["amount"] = serde_json::json!(12.5))).unwrap();
    assert!(!validator.is_valid(&bad));
}

// Generated datasets: the fixture with any number of providers, spend entries and zones of
// random content. Whatever they hold, export → import → export gives the same bytes.
fn generated() -> impl Strategy<Value = Dataset> {
    let provider =
        ("[A-Z][a-z]{2,12}( [A-Z][a-z]{2,10})?", any::<bool>(), 1u32..99, proptest::option::of("[A-Z][a-z]{3,8}"));
    let spend = (0u32..48, 0i64..50_000_000_000, proptest::option::of("[ -~]{0,40}"));
    let zone = ("[A-Z]{1,3}", "[A-Z][a-z ]{2,20}", any::<bool>(), 1u32..90_000);
    (
        proptest::collection::vec(provider, 0..12),
        proptest::collection::vec(spend, 0..12),
        proptest::collection::btree_map("[A-Z]{1,3}", zone, 1..6),
    )
        .prop_map(|(providers, spends, zones)| {
            let mut ds = fixtures::small();
            for (i, (name, sme, n, trading)) in providers.into_iter().enumerate() {
                let mut p = ds.providers[0].clone();
                p.key = Key::parse(&format!("PRV-G{i}")).unwrap();
                p.legal_name = format!("{name} Ltd");
                p.trading_name = trading;
                p.sme = sme;
                p.address.lines = vec![format!("{n} Station Road")];
                ds.providers.push(p);
            }
            for (i, (month, pence, note)) in spends.into_iter().enumerate() {
                let mut s = ds.spend[0].clone();
                s.key = Key::parse(&format!("SPD-G{i}")).unwrap();
                let start = chrono::NaiveDate::from_ymd_opt(2025, 4, 1)
                    .unwrap()
                    .checked_add_months(chrono::Months::new(month))
                    .unwrap();
                s.period_start = start;
                s.period_end = start.checked_add_months(chrono::Months::new(1)).unwrap().pred_opt().unwrap();
                s.amount = Money::from_pence(pence).unwrap();
                s.note = note;
                ds.spend.push(s);
            }
            let lot = &mut ds.lots[0];
            lot.zones = zones
                .into_iter()
                .map(|(code, (_, name, rural, hours))| tenderdesk_domain::Zone {
                    code,
                    name,
                    setting: if rural { tenderdesk_domain::Setting::Rural } else { tenderdesk_domain::Setting::Urban },
                    expected_hours_per_week: Some(
                        tenderdesk_domain::Hours::new(rust_decimal::Decimal::new(hours as i64, 1)).unwrap(),
                    ),
                })
                .collect();
            lot.rate_card.zone_rates = lot
                .zones
                .iter()
                .map(|z| tenderdesk_domain::ZoneRate { zone: z.code.clone(), hourly: Money::parse("21.40").unwrap() })
                .collect();
            // Admission B covered zone "S", which may not exist any more.
            ds.admissions[1].zones.clear();
            ds
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]
    #[test]
    fn any_generated_dataset_round_trips(ds in generated()) {
        let text = json(&ds);
        let (_d, api) = open();
        api.import_bytes(text.as_bytes(), "generated").unwrap();
        let exported = api.export_json().unwrap();
        prop_assert_eq!(&exported, &text);
        let (_d2, again) = open();
        again.import_bytes(exported.as_bytes(), "exported").unwrap();
        prop_assert_eq!(again.export_json().unwrap(), exported);
    }
}
