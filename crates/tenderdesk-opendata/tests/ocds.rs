//! The OCDS release package of the demo data set: valid against the OCDS 1.1.5 schemas (core, and
//! core merged with the lots, bids and options extensions), offline; unique ocids and release ids;
//! every reference resolving; the demo's rounds and contracts mapped as docs/open-data.md says; and
//! not one price of a sealed bid anywhere.

mod support;

use std::collections::{BTreeSet, HashSet};

use chrono::{DateTime, TimeZone, Utc};
use jsonschema::{Draft, Registry, Validator};
use serde_json::{json, Value};
use support::demo;
use tenderdesk_domain::{BidOpening, Dataset, Money};
use tenderdesk_opendata::{release_package, OcdsOptions, OcidPrefix, OpenDataError, EXTENSIONS};

const CORE: &str = include_str!("../schemas/ocds-1.1.5/release-schema.json");
const PACKAGE: &str = include_str!("../schemas/ocds-1.1.5/release-package-schema.json");
const LOTS: &str = include_str!("../schemas/extensions/ocds_lots_extension/release-schema.json");
const BIDS: &str = include_str!("../schemas/extensions/ocds_bid_extension/release-schema.json");
const OPTIONS: &str = include_str!("../schemas/extensions/ocds_options_extension/release-schema.json");
const RELEASE_URI: &str = "https://standard.open-contracting.org/schema/1__1__5/release-schema.json";

fn published() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 9, 30, 0).unwrap()
}

fn package_of(ds: &Dataset) -> Value {
    let out = release_package(ds, &OcdsOptions::new(published())).expect("the package is built");
    serde_json::from_slice(&out.json).expect("the package is JSON")
}

fn parse(text: &str) -> Value {
    serde_json::from_str(text).expect("a schema is JSON")
}

/// RFC 7396 JSON merge patch, as OCDS applies an extension's release-schema.json to the core.
fn merge_patch(target: &mut Value, patch: &Value) {
    let Value::Object(p) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = json!({});
    }
    let t = target.as_object_mut().expect("an object");
    for (k, v) in p {
        if v.is_null() {
            t.remove(k);
        } else {
            merge_patch(t.entry(k.clone()).or_insert(Value::Null), v);
        }
    }
}

fn extended_release_schema() -> Value {
    let mut schema = parse(CORE);
    for ext in [LOTS, BIDS, OPTIONS] {
        merge_patch(&mut schema, &parse(ext));
    }
    schema
}

/// The package schema, with its reference to the release schema answered by `release_schema`.
fn package_validator(release_schema: Value) -> Validator {
    let registry = Registry::new()
        .add(RELEASE_URI, Draft::Draft4.create_resource(release_schema))
        .expect("the release schema registers")
        .prepare()
        .expect("the registry is ready");
    jsonschema::options()
        .with_draft(Draft::Draft4)
        .with_registry(&registry)
        .build(&parse(PACKAGE))
        .expect("the package schema compiles offline")
}

fn assert_valid(validator: &Validator, package: &Value, what: &str) {
    let errors: Vec<String> =
        validator.iter_errors(package).map(|e| format!("{} at {}", e, e.instance_path())).take(20).collect();
    assert!(errors.is_empty(), "{what}: {} errors, first ones:\n{}", errors.len(), errors.join("\n"));
}

fn releases(p: &Value) -> &Vec<Value> {
    p["releases"].as_array().expect("releases")
}

fn release<'a>(p: &'a Value, ocid: &str) -> &'a Value {
    releases(p).iter().find(|r| r["ocid"] == ocid).unwrap_or_else(|| panic!("no release {ocid}"))
}

#[test]
fn the_demo_package_validates_against_core_and_extension_schemas() {
    let package = package_of(&demo());
    assert_valid(&package_validator(parse(CORE)), &package, "core 1.1.5");
    assert_valid(&package_validator(extended_release_schema()), &package, "core + lots, bids, options");
}

#[test]
fn the_validator_is_not_a_rubber_stamp() {
    let validator = package_validator(extended_release_schema());
    let mut bad = package_of(&demo());
    bad["releases"][0]["tender"]["lots"][0]["status"] = json!("awarded");
    assert!(!validator.is_valid(&bad), "a lot status outside the codelist must be refused");
    let mut bad = package_of(&demo());
    bad["releases"][0]["bids"]["details"][0]["status"] = json!("opened");
    assert!(!validator.is_valid(&bad), "a bid status outside the codelist must be refused");
    let mut bad = package_of(&demo());
    bad["releases"][0].as_object_mut().unwrap().remove("ocid");
    assert!(!validator.is_valid(&bad), "a release without an ocid must be refused");
}

#[test]
fn the_package_header_names_the_council_version_and_extensions() {
    let p = package_of(&demo());
    assert_eq!(p["version"], "1.1");
    assert_eq!(p["publishedDate"], "2026-11-02T09:30:00Z");
    assert_eq!(p["publisher"]["name"], "Eastshire County Council");
    assert_eq!(p["uri"], "urn:tenderdesk:ocds:ocds-xxxxxx:20261102T093000Z");
    assert_eq!(p["extensions"], json!(EXTENSIONS));
    assert!(p["license"].as_str().unwrap().contains("open-government-licence"));
}

#[test]
fn ocids_release_ids_and_party_ids_are_unique_and_every_reference_resolves() {
    let ds = demo();
    let p = package_of(&ds);
    let rs = releases(&p);
    // One process per round, one per contract not let from a recorded award.
    let from_awards = ds.contracts.iter().filter(|c| c.award.is_some()).count();
    assert_eq!(rs.len(), ds.rounds.len() + ds.contracts.len() - from_awards);
    let ocids: HashSet<&str> = rs.iter().map(|r| r["ocid"].as_str().unwrap()).collect();
    assert_eq!(ocids.len(), rs.len(), "ocids are unique");
    let ids: HashSet<&str> = rs.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), rs.len(), "release ids are unique");
    assert!(rs.iter().all(|r| !r["id"].as_str().unwrap().contains('#')));
    assert!(rs.iter().all(|r| r["ocid"].as_str().unwrap().starts_with("ocds-xxxxxx-")));

    let mut contracts_seen = BTreeSet::new();
    for r in rs {
        let ocid = r["ocid"].as_str().unwrap();
        let parties: Vec<&str> = r["parties"].as_array().unwrap().iter().map(|p| p["id"].as_str().unwrap()).collect();
        let party_set: HashSet<&str> = parties.iter().copied().collect();
        assert_eq!(party_set.len(), parties.len(), "{ocid}: party ids are unique");
        let mut refs = vec![&r["buyer"], &r["tender"]["procuringEntity"]];
        refs.extend(r["tender"]["tenderers"].as_array().into_iter().flatten());
        for a in r["awards"].as_array().into_iter().flatten() {
            refs.extend(a["suppliers"].as_array().unwrap());
        }
        for b in r["bids"]["details"].as_array().into_iter().flatten() {
            refs.extend(b["tenderers"].as_array().unwrap());
        }
        for o in refs {
            let id = o["id"].as_str().unwrap_or_else(|| panic!("{ocid}: a reference without an id: {o}"));
            assert!(party_set.contains(id), "{ocid}: {id} is not among the parties");
            let party = r["parties"].as_array().unwrap().iter().find(|p| p["id"] == id).unwrap();
            assert_eq!(party["name"], o["name"], "{ocid}: {id} is named alike");
        }
        let lots: HashSet<&str> =
            r["tender"]["lots"].as_array().into_iter().flatten().map(|l| l["id"].as_str().unwrap()).collect();
        let mut related = Vec::new();
        for a in r["awards"].as_array().into_iter().flatten() {
            related.extend(a["relatedLots"].as_array().into_iter().flatten());
        }
        for b in r["bids"]["details"].as_array().into_iter().flatten() {
            related.extend(b["relatedLots"].as_array().unwrap());
        }
        for l in related {
            assert!(lots.contains(l.as_str().unwrap()), "{ocid}: related lot {l} is not a lot of the tender");
        }
        let awards: HashSet<&str> =
            r["awards"].as_array().into_iter().flatten().map(|a| a["id"].as_str().unwrap()).collect();
        let bids: HashSet<&str> =
            r["bids"]["details"].as_array().into_iter().flatten().map(|b| b["id"].as_str().unwrap()).collect();
        for a in r["awards"].as_array().into_iter().flatten() {
            if let Some(b) = a["relatedBid"].as_str() {
                assert!(bids.contains(b), "{ocid}: award {} names bid {b}, which is not published", a["id"]);
            }
        }
        for c in r["contracts"].as_array().into_iter().flatten() {
            assert!(awards.contains(c["awardID"].as_str().unwrap()), "{ocid}: contract {} has no award", c["id"]);
            assert!(contracts_seen.insert(c["id"].as_str().unwrap().to_owned()), "contract {} twice", c["id"]);
        }
    }
    assert_eq!(contracts_seen.len(), ds.contracts.len(), "every contract appears once");
}

#[test]
fn the_framework_tender_is_open_with_its_lots_bids_awards_and_contracts() {
    let p = package_of(&demo());
    let r = release(&p, "ocds-xxxxxx-RND-HC-FW-2025-EST");
    assert_eq!(r["id"], "ocds-xxxxxx-RND-HC-FW-2025-EST-20261102T093000Z");
    assert_eq!(r["tag"], json!(["tender", "award", "contract"]));
    assert_eq!(r["initiationType"], "tender");
    let buyer = &r["parties"][0];
    assert_eq!(buyer["id"], "buyer-eastshire-county-council");
    assert_eq!(buyer["roles"], json!(["buyer", "procuringEntity"]));
    let t = &r["tender"];
    assert_eq!(t["procurementMethod"], "open");
    assert_eq!(t["mainProcurementCategory"], "services");
    assert_eq!(t["status"], "complete");
    assert_eq!(t["tenderPeriod"], json!({ "startDate": "2024-11-04T00:00:00Z", "endDate": "2025-01-10T12:00:00Z" }));
    assert_eq!(t["enquiryPeriod"]["endDate"], "2024-12-13T12:00:00Z");
    assert_eq!(t["hasEnquiries"], true);
    let lots = t["lots"].as_array().unwrap();
    assert_eq!(
        lots.iter().map(|l| l["id"].as_str().unwrap()).collect::<Vec<_>>(),
        ["LOT-HC-FW-2025-1", "LOT-HC-FW-2025-2", "LOT-HC-FW-2025-3"]
    );
    assert!(lots.iter().all(|l| l["status"] == "complete" && l["hasOptions"] == true));
    let options = lots[0]["options"]["description"].as_str().unwrap();
    assert!(options.starts_with("2 options to extend the term beyond its initial end of 2029-10-12"), "{options}");
    assert!(options.contains("12 months, to be decided by 2029-04-12 (available)"), "{options}");
    assert!(options.ends_with("the term can run to 2031-10-12."), "{options}");
    assert_eq!(t["contractPeriod"]["maxExtentDate"], "2031-10-12T23:59:59Z");

    let ds = demo();
    let subs: Vec<_> = ds.submissions.iter().filter(|s| s.round.as_str() == "RND-HC-FW-2025-EST").collect();
    let details = r["bids"]["details"].as_array().unwrap();
    assert_eq!(details.len(), subs.len());
    assert_eq!(
        r["bids"]["statistics"][0],
        json!({ "id": "bids", "measure": "bids", "date": "2025-01-10T14:05:00Z", "value": subs.len() })
    );
    // A bid as published: its tenderer, lot, status and zone rates.
    let bluewood = details.iter().find(|b| b["id"] == "SUB-HC-FW-2025-EST-L1-BLUEWOOD").unwrap();
    let sub = subs.iter().find(|s| s.key.as_str() == "SUB-HC-FW-2025-EST-L1-BLUEWOOD").unwrap();
    assert_eq!(bluewood["status"], "valid");
    assert_eq!(bluewood["relatedLots"], json!(["LOT-HC-FW-2025-1"]));
    assert_eq!(bluewood["tenderers"][0]["id"], "PRV-BLUEWOOD");
    let items = bluewood["items"].as_array().unwrap();
    assert_eq!(items.len(), sub.prices.len());
    for (item, price) in items.iter().zip(&sub.prices) {
        assert_eq!(item["unit"]["value"]["amount"].as_f64(), Some(price.hourly.pence() as f64 / 100.0));
        assert_eq!(item["unit"]["value"]["currency"], "GBP");
    }

    let awards = r["awards"].as_array().unwrap();
    assert_eq!(awards.len(), 35, "one award per provider and lot awarded");
    let a = awards.iter().find(|a| a["id"] == "AWD-HC-FW-2025-EST:SUB-HC-FW-2025-EST-L1-BLUEWOOD").unwrap();
    assert_eq!(a["status"], "active");
    assert_eq!(a["date"], "2025-04-22T00:00:00Z");
    assert_eq!(a["relatedLots"], json!(["LOT-HC-FW-2025-1"]));
    assert_eq!(a["relatedBid"], "SUB-HC-FW-2025-EST-L1-BLUEWOOD");
    assert_eq!(a["value"], json!({ "amount": 1443617.04, "currency": "GBP" }));

    let c = r["contracts"].as_array().unwrap().iter().find(|c| c["id"] == "CON-HC-FW-2025-1-BLUEWOOD").unwrap();
    assert_eq!(c["awardID"], "AWD-HC-FW-2025-EST:SUB-HC-FW-2025-EST-L1-BLUEWOOD");
    assert_eq!(c["status"], "active");
    assert_eq!(
        c["period"],
        json!({
            "startDate": "2025-10-13T00:00:00Z",
            "endDate": "2029-10-12T23:59:59Z",
            "maxExtentDate": "2031-10-12T23:59:59Z"
        })
    );
    assert_eq!(c["value"], json!({ "amount": 1443617.04, "currency": "GBP" }));
    let supplier = r["parties"].as_array().unwrap().iter().find(|p| p["id"] == "PRV-BLUEWOOD").unwrap();
    assert_eq!(supplier["roles"], json!(["tenderer", "supplier"]));
    assert_eq!(supplier["address"]["countryName"], "United Kingdom");
}

#[test]
fn a_mini_competition_is_selective_and_a_sealed_one_publishes_no_bids() {
    let p = package_of(&demo());
    let r = release(&p, "ocds-xxxxxx-RND-CSF-L1-MC-2025-01");
    assert_eq!(r["tender"]["procurementMethod"], "selective");
    assert!(r["bids"]["details"].as_array().is_some_and(|d| !d.is_empty()));

    let sealed = release(&p, "ocds-xxxxxx-RND-CSF-L1-MC-2026-02");
    assert_eq!(sealed["tender"]["procurementMethod"], "selective");
    assert!(sealed.get("bids").is_none(), "a sealed round has no bids section: {}", sealed["bids"]);
    assert!(sealed["tender"].get("tenderers").is_none());
    assert!(sealed["tender"].get("numberOfTenderers").is_none());
    assert_eq!(sealed["parties"].as_array().unwrap().len(), 1, "only the council");
    assert_eq!(sealed["tag"], json!(["tender"]));
}

#[test]
fn contracts_let_outside_a_round_are_their_own_processes_with_their_extensions() {
    let p = package_of(&demo());
    let r = release(&p, "ocds-xxxxxx-contract-CON-HC-SA-2021-COASTLINE-CARE-AT-HOME");
    assert_eq!(r["tender"]["procurementMethod"], "open");
    assert_eq!(r["tender"]["procurementMethodDetails"], "Published invitation to tender");
    assert_eq!(r["awards"][0]["suppliers"][0]["id"], "PRV-COASTLINE-CARE-AT-HOME");
    let c = &r["contracts"][0];
    assert_eq!(c["awardID"], r["awards"][0]["id"]);
    assert_eq!(c["status"], "terminated", "an expired contract has come to a close");
    assert_eq!(c["period"]["endDate"], "2026-10-31T23:59:59Z");
    assert_eq!(c["value"]["amount"], json!(24282720.0));
    let amendments = c["amendments"].as_array().unwrap();
    assert_eq!(amendments.len(), 2, "both 12-month options were exercised");
    assert_eq!(amendments[0]["date"], "2024-05-20T00:00:00Z");
    assert!(amendments[0]["description"].as_str().unwrap().ends_with("now runs to 2025-10-31."));
    assert!(amendments[1]["description"].as_str().unwrap().ends_with("now runs to 2026-10-31."));
    assert_eq!(r["tender"]["hasOptions"], true);

    let dps = release(&p, "ocds-xxxxxx-contract-CON-DPS-HCSS-FENMOOR-CARE");
    assert_eq!(dps["tender"]["procurementMethod"], "selective");
    assert_eq!(dps["tender"]["lots"][0]["id"], "LOT-DPS-HCSS-1");
    assert_eq!(dps["tender"]["lots"][0]["hasOptions"], false);
    assert_eq!(dps["awards"][0]["relatedLots"], json!(["LOT-DPS-HCSS-1"]));
}

#[test]
fn the_output_is_deterministic_given_the_publication_instant() {
    let ds = demo();
    let a = release_package(&ds, &OcdsOptions::new(published())).unwrap();
    let b = release_package(&ds, &OcdsOptions::new(published())).unwrap();
    assert_eq!(a.json, b.json);
    let later = release_package(&ds, &OcdsOptions::new(published() + chrono::Duration::days(1))).unwrap();
    assert_ne!(a.json, later.json);
    assert_eq!(a.processes, ds.rounds.len() + a.standalone_contracts);
    assert_eq!(a.rounds, 3);
}

#[test]
fn a_sealed_round_leaks_no_bid_price_anywhere() {
    // The demo's mini-competition of 2026 has bids but has not been opened. Give its bids prices
    // found nowhere else in the data, then look for them in the package and the register.
    let mut ds = demo();
    let sealed = "RND-CSF-L1-MC-2026-02";
    let mut prices = Vec::new();
    for (i, s) in ds.submissions.iter_mut().filter(|s| s.round.as_str() == sealed).enumerate() {
        let m = Money::parse(&format!("31.{:02}", 11 + i)).unwrap();
        s.prices = vec![tenderdesk_domain::BidPrice { zone: None, hourly: m }];
        s.live_in_weekly = Some(Money::parse(&format!("1987.{:02}", 11 + i)).unwrap());
        prices.push(format!("31.{:02}", 11 + i));
        prices.push(format!("1987.{:02}", 11 + i));
    }
    assert!(prices.len() >= 2, "the sealed round has bids to hide");
    let text = String::from_utf8(release_package(&ds, &OcdsOptions::new(published())).unwrap().json).unwrap();
    let csv = String::from_utf8(tenderdesk_opendata::contracts_csv(&ds).unwrap().csv).unwrap();
    for p in &prices {
        assert!(!text.contains(p.as_str()), "sealed price {p} appears in the OCDS package");
        assert!(!csv.contains(p.as_str()), "sealed price {p} appears in the contract register");
    }
    let bidders: Vec<String> =
        ds.submissions.iter().filter(|s| s.round.as_str() == sealed).map(|s| s.key.to_string()).collect();
    for b in &bidders {
        assert!(!text.contains(&format!("\"{b}\"")), "sealed bid {b} appears in the OCDS package");
    }

    // Once the bids are opened, the same prices are published: the search above can find them.
    let round = ds.rounds.iter_mut().find(|r| r.key.as_str() == sealed).unwrap();
    round.bids_opened = Some(BidOpening { by: "Procurement Officer".into(), at: round.timetable.submission_deadline });
    let text = String::from_utf8(release_package(&ds, &OcdsOptions::new(published())).unwrap().json).unwrap();
    for p in &prices {
        assert!(text.contains(p.as_str()), "opened price {p} should be published");
    }
}

#[test]
fn an_ocid_prefix_is_checked_and_used() {
    assert_eq!(OcidPrefix::parse("ocds-213czf").unwrap().as_str(), "ocds-213czf");
    for bad in ["213czf", "ocds-213CZF", "ocds-213cz", "ocds-213czf-", "ocds_213czf", ""] {
        let e = OcidPrefix::parse(bad).unwrap_err();
        assert!(matches!(e, OpenDataError::BadOcidPrefix(_)));
        assert!(e.to_string().contains("registered with the Open Contracting Partnership"), "{e}");
    }
    let mut options = OcdsOptions::new(published());
    options.ocid_prefix = OcidPrefix::parse("ocds-213czf").unwrap();
    options.package_uri = Some("https://data.eastshire.gov.uk/ocds/2026-11.json".into());
    let p: Value = serde_json::from_slice(&release_package(&demo(), &options).unwrap().json).unwrap();
    assert_eq!(p["uri"], "https://data.eastshire.gov.uk/ocds/2026-11.json");
    assert!(releases(&p).iter().all(|r| r["ocid"].as_str().unwrap().starts_with("ocds-213czf-")));
}

#[test]
fn keys_with_awkward_characters_make_safe_ocids() {
    let mut ds = demo();
    let r = ds.rounds.iter_mut().find(|r| r.key.as_str() == "RND-CSF-L1-MC-2026-02").unwrap();
    r.key = tenderdesk_domain::Key::parse("RND 2026/02 #3").unwrap();
    let p = package_of(&ds);
    let rel = release(&p, "ocds-xxxxxx-RND%202026%2F02%20%233");
    assert!(!rel["id"].as_str().unwrap().contains('#'));
    assert_eq!(rel["tender"]["id"], "RND 2026/02 #3", "the tender keeps the round's own reference");
}

#[test]
fn without_the_council_profile_there_is_no_publisher() {
    let mut ds = demo();
    ds.authority = None;
    let e = release_package(&ds, &OcdsOptions::new(published())).unwrap_err();
    assert!(matches!(e, OpenDataError::NoAuthority { .. }));
    assert!(e.to_string().contains("the OCDS release package needs the council's name"), "{e}");
}
