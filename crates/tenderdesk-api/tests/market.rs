//! The market's use cases on the demo data: alerts at chosen dates, option exercise through the
//! store with its audit entry, spend against the cap, rates, activity, coverage and FOI answers
//! holding the seed documents' figures; bad input refused with nothing stored.

mod support;

use chrono::NaiveDate;
use support::{audit_len, d, demo_as, m};
use tenderdesk_api::{ApiError, ErrorCode};
use tenderdesk_domain::*;
use tenderdesk_market::foi::FoiData;
use tenderdesk_market::{AlertKind, Channel, Severity, StatusAsAt};

const SA: &str = "CON-HC-SA-2021-COASTLINE-CARE-AT-HOME";

/// Who the tests act as: the name the audit entry is checked for.
const ACTOR: &str = "market tester";

fn find<'a>(alerts: &'a [tenderdesk_market::Alert], kind: AlertKind, key: &str) -> Vec<&'a tenderdesk_market::Alert> {
    alerts.iter().filter(|a| a.kind == kind && a.record_key == key).collect()
}

fn is_sorted(alerts: &[tenderdesk_market::Alert]) -> bool {
    alerts.windows(2).all(|w| w[0].due <= w[1].due && w[0].days_until <= w[1].days_until)
}

/// Seed 000's contract: initial end 31 October 2024, two 12-month options, both since exercised.
/// Before the first decision (taken 20 May 2024, due by 31 July 2024) the alert shows it due.
#[test]
fn alerts_before_the_option_decisions() {
    let (_d, api) = demo_as(ACTOR);
    let alerts = api.alerts(d("2024-05-01"), 120).unwrap();
    assert!(is_sorted(&alerts));
    let due = find(&alerts, AlertKind::ExtensionDecisionDue, SA);
    assert_eq!(due.len(), 1, "{alerts:#?}");
    assert_eq!((due[0].due, due[0].days_until, due[0].severity), (d("2024-07-31"), 91, Severity::Notice));
    assert!(due[0].message.contains("option 1 (12 months)"), "{}", due[0].message);
    // The old framework's own extension decision (due 12 July 2024) comes first.
    let fw = find(&alerts, AlertKind::ExtensionDecisionDue, "ARR-HC-FW-2017");
    assert_eq!(fw[0].due, d("2024-07-12"));
    assert!(
        alerts.iter().position(|a| a.record_key == "ARR-HC-FW-2017") < alerts.iter().position(|a| a.record_key == SA)
    );

    // A year on, after the first exercise, the second decision is due by 31 July 2025 …
    let alerts = api.alerts(d("2025-05-10"), 90).unwrap();
    let due = find(&alerts, AlertKind::ExtensionDecisionDue, SA);
    assert_eq!(due.len(), 1);
    assert_eq!((due[0].due, due[0].days_until, due[0].severity), (d("2025-07-31"), 82, Severity::Notice));
    assert!(due[0].message.contains("option 2"));
    // … and once it was taken (19 May 2025) the alert is gone.
    assert!(find(&api.alerts(d("2025-06-01"), 90).unwrap(), AlertKind::ExtensionDecisionDue, SA).is_empty());
    // Not yet decided by 1 August 2024 (as the data stood then)? It was: no overdue alert appears.
    let alerts = api.alerts(d("2024-08-01"), 30).unwrap();
    assert!(find(&alerts, AlertKind::ExtensionDecisionDue, SA).is_empty());
}

/// Before its expiry on 31 October 2026, with no option left; the replacement round (the Saltmarsh
/// Coast call-off) is published on 5 October 2026, so before then it has not started.
#[test]
fn alerts_before_expiry_and_the_replacement_round() {
    let (_d, api) = demo_as(ACTOR);
    let alerts = api.alerts(d("2026-09-01"), 90).unwrap();
    assert!(is_sorted(&alerts));
    let exp = find(&alerts, AlertKind::ContractExpiring, SA);
    assert_eq!((exp[0].due, exp[0].days_until, exp[0].severity), (d("2026-10-31"), 60, Severity::Soon));
    assert!(exp[0].message.contains("no option left"), "{}", exp[0].message);
    let none = find(&alerts, AlertKind::NoReplacementRound, SA);
    assert_eq!(none.len(), 1);
    assert!(
        none[0].message.contains("RND-CSF-L1-MC-2026-02 is not published until 5 October 2026"),
        "{}",
        none[0].message
    );
    // The arrangement of seed 000 ends the same day.
    assert_eq!(find(&alerts, AlertKind::ArrangementExpiring, "ARR-HC-SA-2021")[0].due, d("2026-10-31"));

    let alerts = api.alerts(d("2026-10-10"), 90).unwrap();
    assert_eq!(find(&alerts, AlertKind::ContractExpiring, SA)[0].days_until, 21);
    assert!(find(&alerts, AlertKind::NoReplacementRound, SA).is_empty());
    // The round itself: its clarification deadline of 30 October is next.
    let r = find(&alerts, AlertKind::RoundMilestone, "RND-CSF-L1-MC-2026-02");
    assert_eq!(r[0].due, d("2026-10-30"));

    // After expiry nothing more about it.
    let alerts = api.alerts(d("2026-11-23"), 90).unwrap();
    assert!(alerts.iter().all(|a| a.record_key != SA));
    // The call-off in progress: the bids should be opened for evaluation tomorrow.
    let r = find(&alerts, AlertKind::RoundMilestone, "RND-CSF-L1-MC-2026-02");
    assert_eq!((r[0].due, r[0].days_until, r[0].severity), (d("2026-11-24"), 1, Severity::Urgent));
    assert!(r[0].message.contains("start of evaluation"), "{}", r[0].message);
    // The same round is overdue if the bids are still sealed on 1 December.
    let late = api.alerts(d("2026-12-01"), 10).unwrap();
    let r = find(&late, AlertKind::RoundMilestone, "RND-CSF-L1-MC-2026-02");
    assert_eq!((r[0].days_until, r[0].severity), (-7, Severity::Overdue));
    assert_eq!(late.first().map(|a| a.severity), Some(Severity::Overdue));
}

#[test]
fn alerts_for_standstill_spend_and_providers() {
    let (_d, api) = demo_as(ACTOR);
    let alerts = api.alerts(d("2025-07-20"), 30).unwrap();
    let s = find(&alerts, AlertKind::StandstillEnding, "AWD-CSF-L1-MC-2025-01");
    assert_eq!((s[0].due, s[0].days_until), (d("2025-07-25"), 5));

    // The DPS cap of £11,672,606 (seed 003) is forecast to be reached on 25 August 2027.
    let alerts = api.alerts(d("2026-11-23"), 300).unwrap();
    let cap = find(&alerts, AlertKind::SpendCapForecast, "ARR-DPS-HCSS-CCC");
    assert_eq!(cap[0].due, d("2027-08-25"));
    assert!(cap[0].message.contains("£11,672,606.00") && cap[0].message.contains("FEB24/CAB/78"), "{}", cap[0].message);
    assert!(find(&api.alerts(d("2026-11-23"), 90).unwrap(), AlertKind::SpendCapForecast, "ARR-DPS-HCSS-CCC").is_empty());

    // Saltings was rated Inadequate on 5 August 2026 while it still held its DPS call-off.
    let alerts = api.alerts(d("2026-08-10"), 30).unwrap();
    let p = find(&alerts, AlertKind::ProviderRatedInadequate, "PRV-SALTINGS-CARE-SERVICES");
    assert_eq!((p[0].days_until, p[0].severity), (-5, Severity::Overdue));
    // Insurance lapsing on 31 March 2027 is flagged within the horizon.
    let alerts = api.alerts(d("2027-03-01"), 45).unwrap();
    assert!(!find(&alerts, AlertKind::PrerequisiteLapsing, "PRV-BLUEWOOD").is_empty());
    assert!(
        find(&alerts, AlertKind::PrerequisiteLapsing, "PRV-WESTMINSTER").is_empty(),
        "an exited provider is not chased"
    );
}

/// Exercising option 2 of a supported-living call-off: 30 November 2027 → 30 November 2028, the
/// value by a year of its annual value (£23,454,704.00 + £3,350,672.00), who and when recorded,
/// one audit entry; then exercising it again is refused and nothing is stored.
#[test]
fn exercising_an_option_through_the_store() {
    let (_d, api) = demo_as(ACTOR);
    let key = "CON-CSF-2019-2-HOLLYOAK-SUPPORTED-LIVING";
    let before = api.contract_position(key, d("2027-05-01")).unwrap();
    assert_eq!(before.term.current_end, d("2027-11-30"));
    assert_eq!(before.term.options_available, 1);
    let n = audit_len(&api);
    let c = api.exercise_contract_option(key, 2, d("2027-05-01"), Some("Assistant Director, Commissioning")).unwrap();
    assert_eq!(c.term.current_end(), d("2028-11-30"));
    assert_eq!(c.estimated_value, m("26805376.00"));
    assert_eq!(c.status, ContractStatus::Extended);
    let o = &c.term.extension_options[1];
    assert_eq!(
        (o.decided_on, o.decided_by.as_deref()),
        (Some(d("2027-05-01")), Some("Assistant Director, Commissioning"))
    );
    let log = api.audit_log().unwrap();
    assert_eq!(log.len(), n + 1);
    let e = log.last().unwrap();
    assert_eq!(
        (e.action, e.kind.as_deref(), e.key.as_deref(), e.actor.as_str()),
        (tenderdesk_api::Action::Update, Some("contracts"), Some(key), "market tester")
    );
    assert_eq!(e.before.as_ref().unwrap()["term"]["extension_options"][1]["status"], "available");
    assert_eq!(e.after.as_ref().unwrap()["term"]["extension_options"][1]["status"], "exercised");
    let after = api.contract_position(key, d("2027-06-01")).unwrap();
    assert_eq!((after.term.options_exercised, after.term.options_available), (2, 0));
    assert_eq!(after.term.status, StatusAsAt::Extended);

    let again = api.exercise_contract_option(key, 2, d("2027-05-02"), None).unwrap_err();
    assert_eq!(again.code(), ErrorCode::Invalid);
    assert!(
        again.to_string().contains(
            "option 2 of contract CON-CSF-2019-2-HOLLYOAK-SUPPORTED-LIVING was already exercised on 2027-05-01"
        ),
        "{again}"
    );
    assert_eq!(audit_len(&api), n + 1, "nothing stored");
    let dto = again.to_dto();
    assert_eq!(dto.field.as_deref(), Some("contracts/CON-CSF-2019-2-HOLLYOAK-SUPPORTED-LIVING/term.extension_options"));
}

#[test]
fn bad_option_decisions_are_refused_and_nothing_is_stored() {
    let (_d, api) = demo_as(ACTOR);
    let n = audit_len(&api);
    let refused = |r: Result<Contract, ApiError>| -> String {
        let e = r.unwrap_err();
        assert_eq!(e.code(), ErrorCode::Invalid, "{e}");
        e.to_string()
    };
    // Seed 000's options were both exercised in 2024 and 2025.
    let twice = refused(api.exercise_contract_option(SA, 1, d("2024-06-01"), None));
    assert!(twice.contains("already exercised on 2024-05-20 by Director of Adults and Communities"), "{twice}");
    let ended =
        refused(api.exercise_contract_option("CON-CSF-2019-2-HOLLYOAK-SUPPORTED-LIVING", 2, d("2028-01-01"), None));
    assert!(ended.contains("ended on 2027-11-30"), "{ended}");
    let declined = refused(api.exercise_contract_option("CON-CSF-2019-2-BEACONVIEW-LIVING", 1, d("2026-06-01"), None));
    assert!(declined.contains("was declined on 2026-05-14"), "{declined}");
    let order = refused(api.exercise_contract_option("CON-HC-FW-2025-1-BLUEWOOD", 2, d("2029-01-01"), None));
    assert!(order.contains("while option 1 is undecided"), "{order}");
    let terminated =
        refused(api.exercise_contract_option("CON-DPS-HCSS-SALTINGS-CARE-SERVICES", 1, d("2026-09-01"), None));
    assert!(terminated.contains("was terminated on 2026-08-14"), "{terminated}");
    let none = refused(api.decline_contract_option("CON-CSF-2019-1-BRIGHTWATER-HOME-CARE", 1, d("2026-09-01"), None));
    assert!(none.contains("has 0 extension options; there is no option 1"), "{none}");
    let missing = api.exercise_contract_option("CON-NOPE", 1, d("2026-09-01"), None).unwrap_err();
    assert_eq!(missing.code(), ErrorCode::NotFound);
    assert_eq!(audit_len(&api), n, "nothing stored");
}

/// Spend in a period before the arrangement starts (spend.rs's own check) is refused.
#[test]
fn spend_before_the_arrangement_starts_is_refused() {
    let (_d, api) = demo_as(ACTOR);
    let n = audit_len(&api);
    let mut changes = tenderdesk_api::Changes::new();
    changes.insert(SpendEntry {
        key: Key::parse("SPN-DPS-HCSS-2024-02").unwrap(),
        arrangement: Key::parse("ARR-DPS-HCSS-CCC").unwrap(),
        period_start: d("2024-02-01"),
        period_end: d("2024-02-29"),
        amount: m("1000.00"),
        note: None,
    });
    let e = api.apply(changes).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Invalid);
    assert!(
        e.to_string().contains("spend from 2024-02-01 is before arrangement ARR-DPS-HCSS-CCC starts (2024-03-02)"),
        "{e}"
    );
    assert_eq!(audit_len(&api), n);
    assert_eq!(api.spend_summary("ARR-DPS-HCSS-CCC", None).unwrap().lines.len(), 32);
}

/// Seed 003: £11,672,606 approved (FEB24/CAB/78). Recorded: 32 months, £8,799,714.04 = 75.39 %.
/// The last three months (August–October 2026, 92 days) hold £887,309.03: £295,769.68 a month.
/// £2,872,891.96 is left: 2,872,891.96 × 92 ÷ 887,309.03 = 297.87 → 298 days after 31 October 2026
/// = 25 August 2027, before the approval ends on 31 October 2027.
#[test]
fn spend_against_the_dps_cap() {
    let (_d, api) = demo_as(ACTOR);
    let s = api.spend_summary("ARR-DPS-HCSS-CCC", Some(d("2026-11-23"))).unwrap();
    assert_eq!(s.cap, Some(m("11672606")));
    assert_eq!(s.decision_reference.as_deref(), Some("FEB24/CAB/78"));
    assert_eq!(s.total, m("8799714.04"));
    assert_eq!(s.share_used_percent.unwrap().to_string(), "75.39");
    assert_eq!(s.remaining, Some(m("2872891.96")));
    let r = s.run_rate.unwrap();
    assert_eq!((r.window_start, r.window_end, r.window_days), (d("2026-08-01"), d("2026-10-31"), 92));
    assert_eq!((r.spend_in_window, r.monthly), (m("887309.03"), m("295769.68")));
    assert_eq!(s.cap_reached_on, Some(d("2027-08-25")));
    assert_eq!(s.cap_reached_before_approval_ends, Some(true));
    assert!(!s.over_cap);
}

#[test]
fn contracts_from_the_award() {
    let (_d, api) = demo_as(ACTOR);
    // The framework award already has its contracts.
    let e = api.contracts_from_award("AWD-HC-FW-2025-EST", d("2025-10-13"), d("2029-10-12")).unwrap_err();
    assert!(e.to_string().contains("already records the award"), "{e}");
    // The call-off's award has its contract too; a start inside the standstill is refused first.
    let e = api.contracts_from_award("AWD-CSF-L1-MC-2025-01", d("2025-07-20"), d("2027-03-31")).unwrap_err();
    assert!(e.to_string().contains("before the standstill period ends (2025-07-25); start it on 2025-07-26"), "{e}");
}

#[test]
fn contracts_made_from_a_new_decision_carry_the_rates_bid_and_an_estimated_value() {
    let (_d, api) = demo_as(ACTOR);
    api.withdraw_award("RND-HC-FW-2025-EST", "Tender re-run after a challenge", d("2025-04-30")).unwrap();
    let award = api
        .record_award(&tenderdesk_api::rounds::AwardRequest {
            round: "RND-HC-FW-2025-EST".into(),
            decided_on: d("2025-05-12"),
            decision_maker: "Director of Adults and Communities".into(),
            regime: None,
            notices_sent_on: Some(d("2025-05-13")),
            standstill: true,
        })
        .unwrap();
    // PCR 2015: ten days from Tuesday 13 May is Friday 23 May 2025, a working day.
    assert_eq!(award.standstill_ends, Some(d("2025-05-23")));
    let made = api.contracts_from_award(award.key.as_str(), d("2025-10-13"), d("2029-10-12")).unwrap();
    assert_eq!(made.len(), award.awarded.len());
    let c = made
        .iter()
        .find(|c| c.provider.as_str() == "PRV-HELP-AT-HOME" && c.lot.as_ref().unwrap().as_str() == "LOT-HC-FW-2025-1")
        .unwrap();
    assert_eq!(c.status, ContractStatus::Pending);
    // Help at Home was admitted to zones N1 and N2 of lot 1: it carries those rates, not N3's.
    let rate = |z: &str| c.rates.iter().find(|r| r.zone.as_deref() == Some(z)).map(|r| r.amount);
    assert_eq!((rate("N1"), rate("N2"), rate("N3")), (Some(m("23.16")), Some(m("24.30")), None));
    // Its share of the expected hours: N1's 1,450 shared by the 11 providers serving N1, N2's 620 by
    // the 7 serving N2, at its rates, for 52 weeks: (23.16 × 1450 ÷ 11 + 24.30 × 620 ÷ 7) × 52 =
    // £270,670.13 a year; over the 1,461 days of the term, × 1461 ÷ 365 = £1,083,422.08.
    assert_eq!(c.annual_value, Some(m("270670.13")));
    assert_eq!(c.estimated_value, m("1083422.08"));
    // Stored, each with its audit entry.
    assert!(api.show(Kind::Contracts, c.key.as_str()).unwrap().history.len() == 1);
}

#[test]
fn rates_activity_and_coverage_on_the_demo() {
    let (_d, api) = demo_as(ACTOR);
    // Seed 001 as at 30 June 2023: framework (8 × £19.44) and spot home-care contracts.
    let r = api.rates(d("2023-06-30"), &["ARR-CSF-2019".into(), "ARR-SPOT-ASC".into()]).unwrap();
    let hc = r.groups.iter().find(|g| g.source == "contract" && g.service == "Home care").unwrap();
    assert_eq!((hc.overall.count, hc.overall.lowest, hc.overall.highest), (16, m("16.79"), m("26.66")));
    assert_eq!(hc.overall.simple_average, m("20.89"));
    // Seed 002: the 2017 framework's zone rates, £20.87 to £21.95, as at October 2024.
    let r = api.rates(d("2024-10-31"), &["ARR-HC-FW-2017".into()]).unwrap();
    let card = r.groups.iter().find(|g| g.source == "rate card").unwrap();
    assert_eq!((card.overall.lowest, card.overall.highest), (m("20.87"), m("21.95")));
    // Seed 004: the new framework's rural and urban rates; the hours-weighted average of the rate
    // card by expected zone hours: (23.40 × 9,050 + 25.10 × 2,970) ÷ 12,020 = £23.82.
    let r = api.rates(d("2026-11-23"), &["ARR-HC-FW-2025".into()]).unwrap();
    let card = r.groups.iter().find(|g| g.source == "rate card").unwrap();
    let setting = |s: &str| card.by_setting.iter().find(|l| l.label == s).unwrap().stats.clone();
    assert_eq!((setting("Rural").lowest, setting("Urban").highest), (m("25.10"), m("23.40")));
    assert_eq!(card.overall.weighted_average, Some(m("23.82")));
    assert_eq!(r.enhancements.len(), 3);

    let a = api.activity(d("2023-06-30"), &[]).unwrap();
    let total = a.totals.iter().find(|t| t.service == "Home care" && t.channel == Channel::Total).unwrap();
    assert_eq!((total.packages, total.people), (Some(1976), Some(1806)));
    assert_eq!(total.hours_per_week.unwrap().to_string(), "18967.75");
    assert_eq!(total.source, "recorded");

    let c = api.coverage(d("2026-11-23"), None).unwrap();
    let weakest: Vec<&str> = c
        .lots
        .iter()
        .filter(|l| l.arrangement == "ARR-HC-FW-2025")
        .flat_map(|l| l.zones.iter().filter(|z| z.weakest).filter_map(|z| z.zone.as_deref()))
        .collect();
    assert_eq!(weakest, vec!["N3", "S3"], "seed 004's zones with the lowest levels of coverage");
    let n3 = c.lots.iter().flat_map(|l| &l.zones).find(|z| z.zone.as_deref() == Some("N3")).unwrap();
    assert_eq!((n3.active, n3.capacity_hours_per_week.unwrap().to_string()), (2, "200".to_owned()));

    let o = api.openings(Some("ARR-HC-FW-2017")).unwrap();
    let summary: Vec<(u32, NaiveDate, usize)> =
        o.iter().map(|o| (o.number, o.commencement, o.admitted.len())).collect();
    assert_eq!(summary, vec![(0, d("2017-10-09"), 24), (1, d("2019-06-10"), 8), (2, d("2021-04-01"), 6)]);
    // Each admission shows its provider's name and its lot's number, looked up from the records.
    let providers = api.store().list::<Provider>().unwrap();
    let lots = api.store().list::<Lot>().unwrap();
    for a in o.iter().flat_map(|o| &o.admitted) {
        let (_, p) = providers.iter().find(|(_, p)| p.key.as_str() == a.provider).unwrap();
        assert_eq!(a.provider_name, p.display_name());
        let (_, l) = lots.iter().find(|(_, l)| l.key.as_str() == a.lot).unwrap();
        assert_eq!(a.lot_number, l.number);
    }
    let numbers: Vec<(u32, &str)> = o[0].admitted.iter().map(|a| (a.lot_number, a.provider_name.as_str())).collect();
    assert!(numbers.is_sorted(), "by lot, then by provider name: {numbers:?}");
}

fn answer(pack: &tenderdesk_market::FoiPack, n: u32) -> &tenderdesk_market::FoiAnswer {
    pack.answers.iter().find(|a| a.number == n).unwrap()
}

/// Seed 001, as at 30 June 2023, for the framework and its spot contracts.
#[test]
fn foi_answers_seed_001() {
    let (_d, api) = demo_as(ACTOR);
    let pack = api.foi(d("2023-06-30"), &["ARR-CSF-2019".into(), "ARR-SPOT-ASC".into()]).unwrap();
    assert_eq!(pack.answers.len(), 13);
    assert_eq!(pack.services, vec!["Home care", "Supported living"]);
    let q2 = answer(&pack, 2);
    let FoiData::Providers { items } = &q2.parts[0].data else { panic!("{q2:?}") };
    assert_eq!(
        items.iter().map(|p| p.contracted).collect::<Vec<_>>(),
        vec![8, 8],
        "8 contracted providers, 8 spot providers"
    );
    let FoiData::Providers { items } = &q2.parts[1].data else { panic!() };
    assert_eq!(items[0].contracted, 9, "nine framework call-offs in supported living");
    let q3 = answer(&pack, 3);
    assert!(q3.parts[0].text.contains("until 31 March 2029"), "{}", q3.text);
    assert!(
        q3.parts[1].text.contains(
            "9 contracts run until 30 November 2026, with options to extend for two further periods of 12 months"
        ),
        "{}",
        q3.text
    );
    let q4 = answer(&pack, 4);
    let FoiData::Activity { totals, .. } = &q4.parts[0].data else { panic!() };
    let t = |ch: Channel| totals.iter().find(|t| t.channel == ch).unwrap();
    assert_eq!((t(Channel::Total).packages, t(Channel::Total).people), (Some(1976), Some(1806)));
    assert_eq!((t(Channel::Framework).packages, t(Channel::Framework).people), (Some(1843), Some(1715)));
    assert_eq!(t(Channel::Framework).hours_per_week.unwrap().to_string(), "17590.0");
    assert_eq!(t(Channel::OffFramework).hours_per_week.unwrap().to_string(), "1377.75");
    assert!(
        q4.parts[0].text.contains("1,976 packages, 1,806 people receiving a package of care, 18,967.75 hours per week"),
        "{}",
        q4.text
    );
    assert!(
        q4.parts[1].text.contains("1,054 packages, 415 people receiving a package of care, 31,537.21 hours per week"),
        "{}",
        q4.text
    );
    let q6 = answer(&pack, 6);
    assert!(q6.parts[0].text.contains("Eastshire Care and Support Framework: £19.44 per hour."), "{}", q6.text);
    assert!(q6.parts[0].text.contains("the range is £16.79 – £26.66 and the average is £20.89"), "{}", q6.text);
    assert!(
        q6.parts[1].text.contains("Waking support: £17.80 per hour")
            && q6.parts[1].text.contains("Sleep-in: £11.36 per hour"),
        "{}",
        q6.text
    );
    assert_eq!(answer(&pack, 7).parts[0].text, "No enhancements.");
    assert!(answer(&pack, 8).parts[0].text.starts_with("None"));
    assert!(answer(&pack, 9).parts[0].text.starts_with("Not applicable"));
    assert_eq!(answer(&pack, 10).parts[0].text, "Not at present");
    assert_eq!(answer(&pack, 10).parts[1].text, "Framework is not opening for new entrants.");
    assert_eq!(
        answer(&pack, 11).parts[0].text,
        "Must be on the Framework and CQC registered and accept the agreed cost"
    );
    assert!(answer(&pack, 12).text.contains("The Chest (https://www.the-chest.org.uk)"));
    assert!(answer(&pack, 13)
        .text
        .contains("Harriet Okafor, Head of Strategic Commissioning — harriet.okafor@eastshire.gov.uk"));
    assert!(pack.answers.iter().all(|a| a.held), "{}", pack.text);
    assert!(pack.text.contains("\n6. Rates that you pay (please state range and average hourly rate)\n"));
}

/// Seed 000, as at 15 August 2023, for the standalone contract.
#[test]
fn foi_answers_seed_000() {
    let (_d, api) = demo_as(ACTOR);
    let pack = api.foi(d("2023-08-15"), &["ARR-HC-SA-2021".into()]).unwrap();
    assert!(
        answer(&pack, 1).text.contains("Standalone contract: Care at Home Standalone Contract 2021"),
        "{}",
        pack.text
    );
    assert!(answer(&pack, 1).text.contains("19,800 hours per month"));
    assert!(answer(&pack, 2).text.contains("a single provider"), "{}", answer(&pack, 2).text);
    assert!(
        answer(&pack, 3).text.contains(
            "the contract runs until 31 October 2024, with options to extend for two further periods of 12 months"
        ),
        "{}",
        answer(&pack, 3).text
    );
    assert!(answer(&pack, 4).text.contains("as at 3 August 2023): 18,268 hours per week"), "{}", answer(&pack, 4).text);
    assert!(answer(&pack, 5).text.contains("twice weekly operational hub meeting"));
    assert_eq!(answer(&pack, 6).text, "£20.44 per hour.");
    assert_eq!(answer(&pack, 8).text, "None (as at 3 August 2023).");
    assert!(answer(&pack, 10).text.starts_with("There is a limited choice"));
    assert!(answer(&pack, 11).text.contains("register with the CQC and have appropriate training and induction"));
}

#[test]
fn foi_says_what_it_does_not_hold() {
    let (_d, api) = demo_as(ACTOR);
    let pack = api.foi(d("2024-06-30"), &["ARR-DPS-HCSS-CCC".into()]).unwrap();
    let q4 = answer(&pack, 4);
    assert!(!q4.held);
    assert_eq!(
        q4.text,
        "The council does not hold this information in TenderDesk: no activity snapshot of home care was recorded on or before 30 June 2024."
    );
    assert!(matches!(q4.parts[0].data, FoiData::NotHeld { .. }));
    assert!(answer(&pack, 8).text.starts_with("The council does not hold this information in TenderDesk"));
    // Nothing running at all: every per-service answer says so.
    let empty = api.foi(d("2010-01-01"), &[]).unwrap();
    assert!(answer(&empty, 1).text.starts_with("The council does not hold this information in TenderDesk"));
}

mod properties {
    use proptest::prelude::*;
    use tenderdesk_domain::Dataset;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        /// On any date and horizon, alerts come soonest first, overdue ones before the rest, and
        /// each one's days match its due date.
        #[test]
        fn alerts_are_sorted_soonest_first(day in 0i64..4_000, within in 0u32..400) {
            let ds: Dataset = serde_json::from_str(tenderdesk_api::DEMO_JSON).unwrap();
            let as_of = super::d("2017-01-01") + chrono::Duration::days(day);
            let alerts = tenderdesk_market::alerts(&ds, as_of, within);
            let horizon = as_of + chrono::Duration::days(i64::from(within));
            for w in alerts.windows(2) {
                prop_assert!(w[0].due <= w[1].due);
                prop_assert!(w[0].days_until <= w[1].days_until);
            }
            let first_not_overdue = alerts.iter().position(|a| a.days_until >= 0).unwrap_or(alerts.len());
            prop_assert!(alerts[first_not_overdue..].iter().all(|a| a.days_until >= 0));
            for a in &alerts {
                prop_assert_eq!(i64::from(a.days_until), (a.due - as_of).num_days());
                prop_assert!(a.due <= horizon);
            }
        }
    }
}
