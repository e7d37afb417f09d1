//! Hostile and broken input to the dataset import: never a panic, always a clear error naming
//! where the problem is, and nothing stored. `docs/bad-input.md` catalogues these cases with the
//! message each gets; each row there names the test here that proves it.

mod support;

use proptest::prelude::*;
use support::open;
use tenderdesk_api::{Api, ApiError, ErrorCode, DEMO_JSON};
use tenderdesk_domain::fixtures;

/// The store holds nothing: no record and no audit entry.
fn assert_untouched(api: &Api) {
    assert!(api.is_empty().unwrap(), "a refused import stored records");
    assert!(api.audit_log().unwrap().is_empty(), "a refused import wrote to the audit log");
}

/// The small fixture, changed by `mutate`, as JSON text.
fn fixture(mutate: impl FnOnce(&mut serde_json::Value)) -> Vec<u8> {
    let mut v: serde_json::Value = serde_json::from_str(fixtures::SMALL_JSON).unwrap();
    mutate(&mut v);
    serde_json::to_vec_pretty(&v).unwrap()
}

/// The small fixture with one piece of its text replaced (for what a JSON value cannot hold).
fn fixture_text(from: &str, to: &str) -> Vec<u8> {
    assert!(fixtures::SMALL_JSON.contains(from), "{from:?} is not in the fixture");
    fixtures::SMALL_JSON.replacen(from, to, 1).into_bytes()
}

/// Imports `bytes` into an empty store: it must be refused with `code` and every `needle` in
/// the message, and leave the store empty.
fn refused(bytes: &[u8], code: ErrorCode, needles: &[&str]) -> ApiError {
    let (_d, api) = open();
    let err = api.import_bytes(bytes, "bad.json").unwrap_err();
    let message = err.to_string();
    for needle in needles {
        assert!(message.contains(needle), "expected {needle:?} in: {message}");
    }
    assert_eq!(err.code(), code, "{message}");
    assert!(!message.contains('\n'), "one line: {message}");
    assert_untouched(&api);
    err
}

// --- The catalogue (docs/bad-input.md) -------------------------------------------------------

#[test]
fn empty_file() {
    refused(b"", ErrorCode::Malformed, &["bad.json: line 1, column 0: the file ends before the JSON document does"]);
}

#[test]
fn not_json_at_all() {
    refused(
        b"hello, council",
        ErrorCode::Malformed,
        &["bad.json: line 1, column 1: a dataset is a JSON object, starting with {, but this file starts with \"h\""],
    );
    refused(b"{\"format\": }", ErrorCode::Malformed, &[
        "bad.json: line 1, column 12, at format: a JSON value (text in quotes, a number, true, false, null, a list or an object) should be here",
    ]);
}

#[test]
fn not_utf8() {
    refused(
        b"{\"format\": \"tenderdesk-dataset\xff\"}",
        ErrorCode::Malformed,
        &["bad.json: the file is not UTF-8 text (bad byte at offset 30)"],
    );
    let latin1: Vec<u8> = fixtures::SMALL_JSON.replacen("Alpha Care", "Alph\u{e9} Care", 1).bytes().collect();
    let latin1: Vec<u8> = String::from_utf8(latin1).unwrap().chars().map(|c| c as u32 as u8).collect();
    refused(&latin1, ErrorCode::Malformed, &["the file is not UTF-8 text (bad byte at offset"]);
}

#[test]
fn utf8_byte_order_mark_is_accepted() {
    let (_d, api) = open();
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend_from_slice(fixtures::SMALL_JSON.as_bytes());
    let s = api.import_bytes(&bytes, "bom.json").unwrap();
    assert_eq!(s.records, fixtures::small().record_count());
}

#[test]
fn cut_short() {
    let cut = &DEMO_JSON.as_bytes()[..DEMO_JSON.len() / 2];
    let cut_at_a_char = match std::str::from_utf8(cut) {
        Ok(_) => cut,
        Err(e) => &cut[..e.valid_up_to()],
    };
    refused(cut_at_a_char, ErrorCode::Malformed, &["the file ends before the JSON document does (is it cut short?)"]);
}

#[test]
fn more_after_the_document() {
    let mut bytes = fixtures::SMALL_JSON.as_bytes().to_vec();
    bytes.extend_from_slice(b"\n{}");
    refused(&bytes, ErrorCode::Malformed, &["there is more after the end of the document"]);
}

#[test]
fn deep_nesting() {
    // 100,000 brackets where a dataset, a list of providers or a provider's field belong.
    let deep = "[".repeat(100_000);
    refused(
        deep.as_bytes(),
        ErrorCode::Malformed,
        &["bad.json: line 1, column 1: a dataset is a JSON object, starting with {, but this file starts with \"[\""],
    );
    let in_list = format!("{{\"format\": \"tenderdesk-dataset\", \"format_version\": 1, \"providers\": [{deep}");
    refused(in_list.as_bytes(), ErrorCode::Malformed, &[
        "line 1, column 69, at providers[0][0]: invalid type: sequence, expected a reference, written as a string such as \"HC-2025-03\"",
    ]);
    let objects = format!(
        "{{\"format\": \"tenderdesk-dataset\", \"format_version\": 1, \"authority\": {}",
        "{\"council_name\": ".repeat(100_000)
    );
    refused(
        objects.as_bytes(),
        ErrorCode::Malformed,
        &["at authority.council_name: invalid type: map, expected a string"],
    );
}

#[test]
fn huge_numbers() {
    refused(
        &fixture(|v| v["format_version"] = serde_json::json!(1e300)),
        ErrorCode::Malformed,
        &["at format_version: invalid type: floating point `1e+300`, expected u32"],
    );
    refused(
        &fixture_text("\"format_version\": 1", "\"format_version\": 1e999"),
        ErrorCode::Malformed,
        &["line 3, column 25, at format_version: number out of range"],
    );
    refused(
        &fixture(|v| v["lots"][0]["number"] = serde_json::json!(4_294_967_296u64)),
        ErrorCode::Malformed,
        &["at lots[0].number: invalid value: integer `4294967296`, expected u32"],
    );
    refused(
        &fixture(|v| v["spend"][0]["amount"] = "99999999999999999999.00".into()),
        ErrorCode::Malformed,
        &["at spend[0].amount: \"99999999999999999999.00\" is too large an amount of money"],
    );
    refused(
        &fixture(|v| v["lots"][0]["zones"][0]["expected_hours_per_week"] = "1".repeat(40).into()),
        ErrorCode::Malformed,
        &["at lots[0].zones[0].expected_hours_per_week: \"1111111111111111111111111111111111111111\" is not a number of hours"],
    );
}

#[test]
fn wrong_types() {
    refused(&fixture(|v| v["spend"][0]["amount"] = serde_json::json!(250000.0)), ErrorCode::Malformed, &[
        "at spend[0].amount: invalid type: floating point `250000.0`, expected an amount of money in pounds as a string, such as \"20.44\"",
    ]);
    refused(
        &fixture(|v| v["providers"][0]["sme"] = "yes".into()),
        ErrorCode::Malformed,
        &["at providers[0].sme: invalid type: string \"yes\", expected a boolean"],
    );
    refused(
        &fixture(|v| v["providers"][0]["legal_name"] = serde_json::Value::Null),
        ErrorCode::Malformed,
        &["at providers[0].legal_name: invalid type: null, expected a string"],
    );
    refused(
        &fixture(|v| v["providers"] = serde_json::json!({"PRV-A": {}})),
        ErrorCode::Malformed,
        &["at providers: invalid type: map, expected a sequence"],
    );
    refused(
        &fixture(|v| v["arrangements"][0]["kind"] = "framework".into()),
        ErrorCode::Malformed,
        &["at arrangements[0].kind: unknown variant `framework`, expected one of `closed_framework`"],
    );
    refused(b" \n [] ", ErrorCode::Malformed, &["line 2, column 2: a dataset is a JSON object, starting with {"]);
    refused(
        &[0u8, b'{'],
        ErrorCode::Malformed,
        &["line 1, column 1: a dataset is a JSON object, starting with {, but this file starts with the byte 0x00"],
    );
}

#[test]
fn unknown_fields() {
    refused(
        &fixture(|v| v["providers"][0]["colour"] = "blue".into()),
        ErrorCode::Malformed,
        &["at providers[0].colour: unknown field `colour`, expected one of `key`, `legal_name`"],
    );
    refused(
        &fixture(|v| v["widgets"] = serde_json::json!([])),
        ErrorCode::Malformed,
        &["at widgets: unknown field `widgets`"],
    );
}

#[test]
fn the_same_key_twice_in_the_file() {
    let err = refused(
        &fixture(|v| {
            let first = v["providers"][0].clone();
            v["providers"].as_array_mut().unwrap().push(first);
        }),
        ErrorCode::Invalid,
        &["provider PRV-A (key): the reference \"PRV-A\" is used by provider number 1 and number 4 in the file; references must be unique"],
    );
    assert_eq!(err.to_dto().field.as_deref(), Some("providers/PRV-A/key"));
}

#[test]
fn the_same_field_twice_in_an_object() {
    refused(
        &fixture_text(
            "\"legal_name\": \"Alpha Care Ltd\"",
            "\"legal_name\": \"Alpha Care Ltd\", \"legal_name\": \"Other Ltd\"",
        ),
        ErrorCode::Malformed,
        &["line 14, column 66, at providers[0]: the field `legal_name` is given twice in the same record"],
    );
}

#[test]
fn a_key_already_taken_in_the_store() {
    let (_d, api) = open();
    api.import_bytes(fixtures::SMALL_JSON.as_bytes(), "first.json").unwrap();
    let before = api.export_json().unwrap();
    let audit = api.audit_log().unwrap().len();
    let again = fixture(|v| {
        v.as_object_mut().unwrap().remove("authority");
    });
    let err = api.import_bytes(&again, "again.json").unwrap_err();
    assert!(
        err.to_string()
            .contains("provider PRV-A (key): the reference \"PRV-A\" is already taken by provider id 1 in the store"),
        "{err}"
    );
    assert_eq!(api.export_json().unwrap(), before);
    assert_eq!(api.audit_log().unwrap().len(), audit);
}

#[test]
fn a_dangling_reference() {
    refused(
        &fixture(|v| v["admissions"][0]["provider"] = "PRV-NOBODY".into()),
        ErrorCode::Invalid,
        &["admission ADM-A-1 (provider): refers to provider \"PRV-NOBODY\", which does not exist"],
    );
}

#[test]
fn a_date_that_does_not_exist() {
    refused(
        &fixture(|v| v["spend"][0]["period_end"] = "2024-02-30".into()),
        ErrorCode::Malformed,
        &["at spend[0].period_end: this date does not exist in the calendar (check the day and the month)"],
    );
    refused(
        &fixture(|v| v["spend"][0]["period_end"] = "30/04/2025".into()),
        ErrorCode::Malformed,
        &["at spend[0].period_end: this is not a date written as YYYY-MM-DD"],
    );
}

#[test]
fn a_bad_reference_text() {
    refused(&fixture(|v| v["providers"][0]["key"] = "PRV A\u{0}".into()), ErrorCode::Malformed, &[
        "at providers[0].key: the reference \"PRV A\\0\" contains the character '\\0', which references may not hold",
    ]);
    refused(
        &fixture(|v| v["providers"][0]["key"] = "P".repeat(81).into()),
        ErrorCode::Malformed,
        &["at providers[0].key: the reference \"PPPPPPPPPPPPPPPPPPPP…\" is longer than 80 characters"],
    );
}

#[test]
fn not_a_tenderdesk_dataset() {
    refused(
        &fixture(|v| v["format"] = "spreadsheet".into()),
        ErrorCode::Malformed,
        &["bad.json: this is not a TenderDesk dataset: its \"format\" is \"spreadsheet\", not \"tenderdesk-dataset\""],
    );
    refused(
        &fixture(|v| v["format_version"] = 2.into()),
        ErrorCode::Malformed,
        &["bad.json: this dataset is in format version 2; this version of TenderDesk reads version 1"],
    );
}

#[test]
fn a_rule_broken_deep_inside_a_valid_file() {
    refused(&fixture(|v| v["spend"][0]["amount"] = "-5.00".into()), ErrorCode::Malformed, &["cannot be negative"]);
    refused(
        &fixture(|v| v["admissions"][1]["zones"] = serde_json::json!(["EAST"])),
        ErrorCode::Invalid,
        &["admission ADM-B-1 (zones[0]): lot LOT-HC-1 has no zone \"EAST\""],
    );
}

// --- Properties --------------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    /// Random bytes: refused, as malformed, and nothing stored.
    #[test]
    fn random_bytes_are_refused(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let (_d, api) = open();
        let err = api.import_bytes(&bytes, "random.bin").unwrap_err();
        prop_assert_eq!(err.code(), ErrorCode::Malformed, "{}", err);
        assert_untouched(&api);
    }

    /// Every prefix of the demo at a random cut: refused as cut short (or, cut inside a
    /// character, as not UTF-8), and nothing stored.
    #[test]
    fn truncated_demo_is_refused(cut in 0..DEMO_JSON.len() - 1) {
        let (_d, api) = open();
        let err = api.import_bytes(&DEMO_JSON.as_bytes()[..cut], "demo-cut.json").unwrap_err();
        let message = err.to_string();
        prop_assert_eq!(err.code(), ErrorCode::Malformed, "{}", message);
        prop_assert!(
            message.contains("the file ends before the JSON document does") || message.contains("not UTF-8"),
            "{}", message
        );
        assert_untouched(&api);
    }

    /// Random JSON-ish text made of the dataset's own pieces: refused or imported whole.
    #[test]
    fn random_json_is_refused_or_imported_whole(text in json_like()) {
        let (_d, api) = open();
        match api.import_bytes(text.as_bytes(), "fuzz.json") {
            Ok(s) => prop_assert_eq!(s.records, api.export_dataset(tenderdesk_api::ExportScope::IncludingSealed).unwrap().record_count()),
            Err(_) => assert_untouched(&api),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

    /// One byte of the small fixture changed: all or nothing. Either the whole file is stored
    /// (the change left it valid) or nothing is.
    #[test]
    fn one_byte_changed_is_all_or_nothing(at in 0..fixtures::SMALL_JSON.len(), byte in any::<u8>()) {
        let mut bytes = fixtures::SMALL_JSON.as_bytes().to_vec();
        bytes[at] = byte;
        let (_d, api) = open();
        match api.import_bytes(&bytes, "changed.json") {
            Ok(s) => prop_assert_eq!(s.records, fixtures::small().record_count()),
            Err(_) => assert_untouched(&api),
        }
    }
}

/// Text built from the pieces a dataset is made of, in random order and nesting.
fn json_like() -> impl Strategy<Value = String> {
    let atom = prop_oneof![
        Just("\"format\"".to_owned()),
        Just("\"tenderdesk-dataset\"".to_owned()),
        Just("\"format_version\"".to_owned()),
        Just("\"providers\"".to_owned()),
        Just("\"key\"".to_owned()),
        Just("\"2024-02-30\"".to_owned()),
        Just("\"20.44\"".to_owned()),
        Just("1".to_owned()),
        Just("-1e999".to_owned()),
        Just("null".to_owned()),
        Just("true".to_owned()),
        Just(":".to_owned()),
        Just(",".to_owned()),
        Just("\"\\ud800\"".to_owned()),
    ];
    let tree = atom.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(|v| format!("[{}]", v.join(","))),
            proptest::collection::vec((inner.clone(), inner), 0..6).prop_map(|v| {
                format!("{{{}}}", v.into_iter().map(|(k, v)| format!("{k}:{v}")).collect::<Vec<_>>().join(","))
            }),
        ]
    });
    tree.prop_map(|t| format!("{{\"format\":\"tenderdesk-dataset\",\"format_version\":1,\"providers\":[{t}]}}"))
}
