//! The contract register read back by a CSV parser: every column the Transparency Code asks for,
//! one row per contract, values that round-trip, and RFC 4180 quoting of awkward titles.

mod support;

use std::collections::HashMap;

use support::demo;
use tenderdesk_domain::Money;
use tenderdesk_opendata::{contracts_csv, OpenDataError, COLUMNS};

/// The register parsed back: the header and each row by contract reference, as column → value.
fn read_back(bytes: &[u8]) -> (Vec<String>, Vec<HashMap<String, String>>) {
    let mut r = csv::ReaderBuilder::new().has_headers(true).from_reader(bytes);
    let header: Vec<String> = r.headers().expect("a header").iter().map(str::to_owned).collect();
    let rows = r
        .records()
        .map(|rec| {
            let rec = rec.expect("a well-formed record");
            assert_eq!(rec.len(), header.len(), "every row has every column");
            header.iter().cloned().zip(rec.iter().map(str::to_owned)).collect()
        })
        .collect();
    (header, rows)
}

fn row<'a>(rows: &'a [HashMap<String, String>], key: &str) -> &'a HashMap<String, String> {
    rows.iter().find(|r| r["Contract reference number"] == key).unwrap_or_else(|| panic!("no row for {key}"))
}

#[test]
fn the_header_has_every_column_the_transparency_code_asks_for() {
    let (header, _) = read_back(&contracts_csv(&demo()).unwrap().csv);
    assert_eq!(header, COLUMNS);
    // The Code's list for contracts over £5,000, each with the column that answers it.
    for required in [
        "Contract reference number",                               // reference number
        "Title of agreement",                                      // title of agreement
        "Local authority department responsible",                  // department responsible
        "Description of the goods and/or services being provided", // description
        "Supplier name",                                           // supplier name and details
        "Supplier address",                                        //
        "Supplier registered company number",                      //
        "Supplier registered charity number",                      //
        "Sum to be paid over the length of the contract",          // value over the life …
        "Estimated annual spending",                               // … or the annual estimate
        "Value Added Tax that cannot be recovered",                // irrecoverable VAT
        "Contract start date",                                     // start, end and review dates
        "Contract end date",                                       //
        "Review date",                                             //
        "Invitation to quote or published invitation to tender",   // ITQ or published ITT
        "SME",                                                     // SME status
        "Voluntary or community sector organisation",              // VCSE status
    ] {
        assert!(header.iter().any(|h| h == required), "the register has no column \"{required}\"");
    }
}

#[test]
fn one_row_per_contract_in_reference_order_with_crlf_line_ends() {
    let ds = demo();
    let out = contracts_csv(&ds).unwrap();
    assert_eq!(out.contracts, ds.contracts.len());
    let (_, rows) = read_back(&out.csv);
    assert_eq!(rows.len(), ds.contracts.len());
    let keys: Vec<&str> = rows.iter().map(|r| r["Contract reference number"].as_str()).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    let text = String::from_utf8(out.csv).expect("UTF-8");
    assert!(!text.starts_with('\u{feff}'), "no byte-order mark");
    assert_eq!(text.matches("\r\n").count(), ds.contracts.len() + 1, "every record ends CRLF, and no other line");
    assert_eq!(text.matches('\n').count(), text.matches("\r\n").count(), "no bare LF");
}

#[test]
fn a_framework_contract_round_trips() {
    let (_, rows) = read_back(&contracts_csv(&demo()).unwrap().csv);
    let r = row(&rows, "CON-HC-FW-2025-1-BLUEWOOD");
    assert_eq!(r["Title of agreement"], "Home Care for Eastshire — Lot 1 North Eastshire — Bluewood");
    assert_eq!(r["Local authority department responsible"], "Adults and Communities");
    assert_eq!(
        r["Description of the goods and/or services being provided"],
        "Home care under Home Care for Eastshire Framework (open framework, ARR-HC-FW-2025), lot 1 North Eastshire"
    );
    assert_eq!(r["Framework or arrangement reference"], "ARR-HC-FW-2025");
    assert_eq!(r["Sum to be paid over the length of the contract"], "1443617.04");
    assert_eq!(Money::parse(&r["Sum to be paid over the length of the contract"]).unwrap().pence(), 144_361_704);
    assert_eq!(r["Estimated annual spending"], "240602.84");
    assert_eq!(r["Contract start date"], "2025-10-13");
    assert_eq!(r["Contract end date"], "2029-10-12");
    assert_eq!(r["Review date"], "2029-04-12", "the first extension decision still open");
    assert_eq!(r["Latest end date with all extensions"], "2031-10-12");
    assert_eq!(r["Contract status"], "Active");
    assert_eq!(r["Invitation to quote or published invitation to tender"], "Published invitation to tender");

    let ds = demo();
    let p = ds.providers.iter().find(|p| p.key.as_str() == "PRV-BLUEWOOD").unwrap();
    assert_eq!(r["Supplier name"], p.legal_name);
    assert_eq!(r["Supplier registered company number"], p.companies_house_number.clone().unwrap_or_default());
    assert_eq!(r["SME"], if p.sme { "Yes" } else { "No" });
    assert_eq!(r["Voluntary or community sector organisation"], if p.voluntary_sector { "Yes" } else { "No" });
    assert!(r["Supplier address"].ends_with(&format!("{}, {}", p.address.town, p.address.postcode)));
}

#[test]
fn an_extended_then_expired_contract_shows_its_real_end_and_no_review() {
    let (_, rows) = read_back(&contracts_csv(&demo()).unwrap().csv);
    let r = row(&rows, "CON-HC-SA-2021-COASTLINE-CARE-AT-HOME");
    assert_eq!(r["Sum to be paid over the length of the contract"], "24282720.00");
    assert_eq!(r["Contract start date"], "2021-11-01");
    assert_eq!(r["Contract end date"], "2026-10-31", "initial end 2024-10-31 and two 12-month options exercised");
    assert_eq!(r["Review date"], "", "no decision is left once the contract has ended");
    assert_eq!(r["Contract status"], "Expired");

    let t = row(&rows, "CON-DPS-HCSS-SALTINGS-CARE-SERVICES");
    assert_eq!(t["Contract status"], "Terminated");
    assert_eq!(t["Contract end date"], "2026-08-14", "a terminated contract ends the day it was terminated");
    assert_eq!(
        t["Invitation to quote or published invitation to tender"],
        "Call-off from a framework or dynamic purchasing system"
    );
}

#[test]
fn commas_quotes_and_newlines_in_titles_are_quoted() {
    let mut ds = demo();
    let title = "Care at home, \"enhanced\" package\nsecond line";
    let c = ds.contracts.iter_mut().find(|c| c.key.as_str() == "CON-HC-FW-2025-1-BLUEWOOD").unwrap();
    c.title = title.to_owned();
    c.irrecoverable_vat = Some(Money::parse("1234.5").unwrap());
    let out = contracts_csv(&ds).unwrap();
    let text = String::from_utf8(out.csv.clone()).unwrap();
    assert!(text.contains("\"Care at home, \"\"enhanced\"\" package\nsecond line\""), "RFC 4180 quoting:\n{text}");
    let (_, rows) = read_back(&out.csv);
    assert_eq!(rows.len(), ds.contracts.len(), "the embedded newline does not split the row");
    let r = row(&rows, "CON-HC-FW-2025-1-BLUEWOOD");
    assert_eq!(r["Title of agreement"], title);
    assert_eq!(r["Value Added Tax that cannot be recovered"], "1234.50");
}

#[test]
fn without_the_council_profile_there_is_no_department() {
    let mut ds = demo();
    ds.authority = None;
    let e = contracts_csv(&ds).unwrap_err();
    assert!(matches!(e, OpenDataError::NoAuthority { .. }));
    assert!(e.to_string().contains("the contract register needs the council's name and directorate"), "{e}");
}

#[test]
fn a_contract_naming_a_missing_provider_is_reported_not_skipped() {
    let mut ds = demo();
    ds.providers.retain(|p| p.key.as_str() != "PRV-BLUEWOOD");
    let e = contracts_csv(&ds).unwrap_err();
    assert_eq!(
        e.to_string(),
        "contract CON-HC-FW-2025-1-BLUEWOOD refers to provider PRV-BLUEWOOD, which is not in the data"
    );
}
