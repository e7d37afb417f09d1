//! The market's rules on small hand-made records: option exercise and its refusals, spend against
//! a cap with a hand-computed forecast, and properties that must always hold.

use chrono::NaiveDate;
use proptest::prelude::*;
use tenderdesk_domain::*;
use tenderdesk_market::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn k(s: &str) -> Key {
    Key::parse(s).unwrap()
}

fn m(s: &str) -> Money {
    Money::parse(s).unwrap()
}

fn option(months: u32, decide_by: &str) -> ExtensionOption {
    ExtensionOption {
        months,
        decide_by: d(decide_by),
        status: OptionStatus::Available,
        decided_on: None,
        decided_by: None,
    }
}

/// Seed 000's contract as it stood in August 2023: initial end 31 October 2024, two 12-month options.
fn seed_000_contract() -> Contract {
    Contract {
        key: k("CON-SA"),
        title: "Care at home".into(),
        provider: k("PRV-A"),
        arrangement: k("ARR-SA"),
        lot: None,
        award: None,
        term: Term {
            start: d("2021-11-01"),
            initial_end: d("2024-10-31"),
            extension_options: vec![option(12, "2024-07-31"), option(12, "2025-07-31")],
            maximum_end: Some(d("2026-10-31")),
        },
        estimated_value: m("14569632.00"),
        annual_value: Some(m("4856544.00")),
        irrecoverable_vat: None,
        rates: vec![ContractRate {
            name: "Standard hour".into(),
            zone: None,
            amount: m("20.44"),
            unit: RateUnit::PerHour,
        }],
        route: ProcurementRoute::InvitationToTender,
        status: ContractStatus::Active,
        status_since: None,
        status_reason: None,
        successor_round: None,
    }
}

#[test]
fn exercising_moves_the_end_and_the_value_and_records_who_and_when() {
    let c = seed_000_contract();
    let e = exercise_option(&c, 1, d("2024-05-20"), "Director of Adults and Communities").unwrap();
    assert_eq!(e.term.current_end(), d("2025-10-31"));
    // Annual value × 12 ÷ 12 added: £14,569,632.00 + £4,856,544.00.
    assert_eq!(e.estimated_value, m("19426176.00"));
    let o = &e.term.extension_options[0];
    assert_eq!(
        (o.status, o.decided_on, o.decided_by.as_deref()),
        (OptionStatus::Exercised, Some(d("2024-05-20")), Some("Director of Adults and Communities"))
    );
    assert_eq!(e.status, ContractStatus::Extended);
    assert_eq!(e.status_since, Some(d("2024-05-20")));
    let e2 = exercise_option(&e, 2, d("2025-05-19"), "Director").unwrap();
    assert_eq!(e2.term.current_end(), d("2026-10-31"));
    assert_eq!(e2.estimated_value, m("24282720.00"));
}

#[test]
fn without_an_annual_value_the_value_moves_pro_rata_by_days() {
    let mut c = seed_000_contract();
    c.annual_value = None;
    // Term so far 1 Nov 2021 – 31 Oct 2024 = 1,096 days; the option adds 365 days (to 31 Oct 2025).
    // £14,569,632.00 × 365 ÷ 1,096 = £4,852,112.85 (4,852,112.8467… rounded half-up).
    let e = exercise_option(&c, 1, d("2024-05-20"), "Director").unwrap();
    assert_eq!(e.estimated_value, m("19421744.85"));
}

#[test]
fn refusals_say_what_is_wrong() {
    let c = seed_000_contract();
    let once = exercise_option(&c, 1, d("2024-05-20"), "Director").unwrap();
    let twice = exercise_option(&once, 1, d("2024-06-01"), "Director").unwrap_err();
    assert_eq!(
        twice.to_string(),
        "option 1 of contract CON-SA was already exercised on 2024-05-20 by Director; an option can be exercised only once"
    );
    let out_of_order = exercise_option(&c, 2, d("2024-05-20"), "Director").unwrap_err();
    assert!(out_of_order.to_string().contains("cannot be exercised while option 1 is undecided"), "{out_of_order}");
    let declined = decline_option(&c, 1, d("2024-05-20"), "Director").unwrap();
    let after_decline = exercise_option(&declined, 1, d("2024-06-01"), "Director").unwrap_err();
    assert!(after_decline.to_string().contains("was declined on 2024-05-20 by Director"), "{after_decline}");
    let next = exercise_option(&declined, 2, d("2024-06-01"), "Director").unwrap_err();
    assert!(next.to_string().contains("while option 1 is declined"), "{next}");
    let no_such = exercise_option(&c, 3, d("2024-05-20"), "Director").unwrap_err();
    assert_eq!(no_such.to_string(), "contract CON-SA has 2 extension options; there is no option 3");
    let late = exercise_option(&c, 1, d("2024-11-01"), "Director").unwrap_err();
    assert!(late.to_string().contains("ended on 2024-10-31"), "{late}");

    // An option past the maximum term: a record whose maximum end was brought forward.
    let mut short = c.clone();
    short.term.maximum_end = Some(d("2025-04-30"));
    let past = exercise_option(&short, 1, d("2024-05-20"), "Director").unwrap_err();
    assert_eq!(
        past.to_string(),
        "exercising option 1 of contract CON-SA would move the end to 2025-10-31, past the maximum end of 2025-04-30"
    );

    let mut ended = c.clone();
    ended.status = ContractStatus::Terminated;
    ended.status_since = Some(d("2023-01-31"));
    ended.status_reason = Some("provider ceased trading".into());
    let t = exercise_option(&ended, 1, d("2024-05-20"), "Director").unwrap_err();
    assert!(t.to_string().contains("was terminated on 2023-01-31 (provider ceased trading)"), "{t}");
    assert!(exercise_option(&c, 1, d("2024-05-20"), "  ").unwrap_err().to_string().contains("who decided"));
}

#[test]
fn position_counts_options_and_how_far_it_can_run() {
    let c = seed_000_contract();
    let p = contract_position(&c, &[], &[], d("2023-08-15"));
    assert_eq!(p.term.status, StatusAsAt::Active);
    assert_eq!((p.term.options_envisaged, p.term.options_available, p.term.options_exercised), (2, 2, 0));
    assert_eq!(p.term.current_end, d("2024-10-31"));
    assert_eq!(p.term.latest_possible_end, d("2026-10-31"));
    // 15 August 2023 to 31 October 2026: 38 months to 15 October 2026, then 16 days.
    assert_eq!((p.term.can_run_months, p.term.can_run_days), (38, 16));
    assert_eq!(contract_status_as_at(&c, d("2021-10-31")), StatusAsAt::Pending);
    assert_eq!(contract_status_as_at(&c, d("2024-11-01")), StatusAsAt::Expired);
    let e = exercise_option(&c, 1, d("2024-05-20"), "Director").unwrap();
    // As at a date before the decision, the option is still shown available.
    assert_eq!(contract_position(&e, &[], &[], d("2024-05-01")).term.options_available, 2);
    assert_eq!(contract_status_as_at(&e, d("2024-06-01")), StatusAsAt::Extended);
    assert_eq!(contract_status_as_at(&e, d("2025-06-01")), StatusAsAt::Extended);
}

fn dps(cap: &str) -> Arrangement {
    let mut ds = tenderdesk_domain::fixtures::small();
    let mut a = ds.arrangements.remove(0);
    a.term =
        Term { start: d("2024-01-01"), initial_end: d("2025-12-31"), extension_options: vec![], maximum_end: None };
    a.spend_approval = Some(SpendApproval {
        cap: m(cap),
        decision_title: None,
        decision_reference: "CAB/1".into(),
        decision_maker: "Cabinet".into(),
        decision_date: d("2023-12-01"),
        published_on: None,
        effective_from: None,
        key_decision: None,
        period_start: d("2024-01-01"),
        period_end: d("2025-12-31"),
    });
    a
}

fn entry(a: &Arrangement, n: u32, from: &str, to: &str, amount: &str) -> SpendEntry {
    SpendEntry {
        key: k(&format!("SP-{n}")),
        arrangement: a.key.clone(),
        period_start: d(from),
        period_end: d(to),
        amount: m(amount),
        note: None,
    }
}

/// By hand: January–April 2024 spend £10,000, £12,000, £9,000, £11,000 = £42,000 of a £100,000 cap
/// (42 %). The run-rate window is the last three months, 1 February – 30 April 2024: 29 + 31 + 30
/// = 90 days and £32,000, so £10,666.67 a month and £355.555… a day. £58,000 is left:
/// 58,000 ÷ 355.555… = 163.125 days → 164 days after 30 April 2024 = 11 October 2024.
#[test]
fn the_cap_date_is_forecast_from_the_run_rate() {
    let a = dps("100000");
    let es = [
        entry(&a, 1, "2024-01-01", "2024-01-31", "10000"),
        entry(&a, 2, "2024-02-01", "2024-02-29", "12000"),
        entry(&a, 3, "2024-03-01", "2024-03-31", "9000"),
        entry(&a, 4, "2024-04-01", "2024-04-30", "11000"),
    ];
    let s = spend_summary(&a, &es, None);
    assert_eq!(s.total, m("42000"));
    assert_eq!(s.share_used_percent.unwrap().to_string(), "42.00");
    assert_eq!(s.remaining, Some(m("58000")));
    let r = s.run_rate.as_ref().unwrap();
    assert_eq!((r.window_start, r.window_end, r.window_days), (d("2024-02-01"), d("2024-04-30"), 90));
    assert_eq!(r.spend_in_window, m("32000"));
    assert_eq!(r.monthly, m("10666.67"));
    assert_eq!(s.cap_reached_on, Some(d("2024-10-11")));
    assert_eq!(s.cap_reached_before_approval_ends, Some(true));
    assert!(!s.over_cap);
    // As at 31 March only three entries count.
    assert_eq!(spend_summary(&a, &es, Some(d("2024-03-31"))).total, m("31000"));
}

#[test]
fn spend_over_the_cap_is_flagged() {
    let a = dps("30000");
    let es = [
        entry(&a, 1, "2024-01-01", "2024-01-31", "10000"),
        entry(&a, 2, "2024-02-01", "2024-02-29", "12000"),
        entry(&a, 3, "2024-03-01", "2024-03-31", "9000"),
    ];
    let s = spend_summary(&a, &es, None);
    assert!(s.over_cap);
    assert_eq!(s.over_cap_by, Some(m("1000")));
    assert_eq!(s.cap_passed_in.as_deref(), Some("2024-03-01 to 2024-03-31"));
    assert_eq!(s.lines.iter().map(|l| l.over_cap).collect::<Vec<_>>(), vec![false, false, true]);
    assert_eq!(s.cap_reached_on, None);
    let mut ds = Dataset::default();
    ds.arrangements.push(a);
    ds.spend.extend(es);
    let alerts = alerts(&ds, d("2024-04-15"), 30);
    let over: Vec<_> = alerts.iter().filter(|x| x.kind == AlertKind::SpendCapExceeded).collect();
    assert_eq!(over.len(), 1);
    assert_eq!((over[0].due, over[0].severity), (d("2024-03-31"), Severity::Overdue));
    assert!(over[0].message.contains("over the cap of £30,000.00"), "{}", over[0].message);
}

proptest! {
    /// Exercising options in any order of attempts never moves the end backwards.
    #[test]
    fn exercising_never_moves_the_end_backwards(
        months in proptest::collection::vec(1u32..=24, 1..5),
        attempts in proptest::collection::vec((1usize..6, 0i64..2000), 1..8),
    ) {
        let mut c = seed_000_contract();
        c.term.maximum_end = None;
        c.term.extension_options = months.iter().map(|mo| option(*mo, "2024-07-31")).collect();
        for (n, day) in attempts {
            let on = d("2021-11-01") + chrono::Duration::days(day);
            let before = c.term.current_end();
            let value = c.estimated_value;
            if let Ok(next) = exercise_option(&c, n, on, "Officer") {
                prop_assert!(next.term.current_end() > before);
                prop_assert!(next.estimated_value >= value);
                c = next;
            }
            prop_assert!(c.term.current_end() >= before);
        }
    }
}
