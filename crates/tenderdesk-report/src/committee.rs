//! The committee update report: what councillors ask of a commissioning arrangement (seed 004)
//! — why it is before them, what was bought and how call-offs work, how each round went against
//! its timetable, who bid and who won, whether every zone is covered, what it costs against the
//! approved cap, what could go wrong and what the officer recommends — with the full tables in
//! appendices. Figures come from the evaluation and market crates; none is computed here.
//!
//! Bidders are named only once the award is complete as at the meeting date: an award decision
//! in force, taken on or before the meeting, whose standstill (if any) ended before the meeting.
//! Before that they are "Bidder A", "Bidder B"… in the order of their bid references.

use std::collections::BTreeMap;

use chrono::{DateTime, Days, NaiveDate, Utc};
use tenderdesk_domain::{Arrangement, AwardDecision, Lot, OptionStatus, Round};
use tenderdesk_evaluation::{RoundResult, Standing};
use tenderdesk_market::{ArrangementPosition, ContractPosition, CoverageReport, RatesReport, SpendSummary};

use crate::chart::{Bar, BarChart, Segment, SegmentKind, Timeline, TimelineRow};
use crate::format::{date, date_or_dash, pounds};
use crate::{Block, Column, Document, Meta, Orientation, Table};

/// A round of the arrangement with its result (or why there is none yet) and its decision.
#[derive(Debug, Clone)]
pub struct RoundProgress {
    pub round: Round,
    /// Err: why the result cannot be shown yet ("the bids are sealed until …").
    pub result: Result<RoundResult, String>,
    /// The award decision in force, if any.
    pub award: Option<AwardDecision>,
}

#[derive(Debug, Clone)]
pub struct CommitteeInput {
    pub council: String,
    pub directorate: String,
    pub committee: String,
    pub meeting_date: NaiveDate,
    pub agenda_item: Option<String>,
    pub report_of: String,
    pub arrangement: Arrangement,
    pub lots: Vec<Lot>,
    pub position: ArrangementPosition,
    pub rounds: Vec<RoundProgress>,
    /// Coverage of the arrangement's lots as at the meeting date.
    pub coverage: CoverageReport,
    /// Rates of the arrangement as at the meeting date.
    pub rates: RatesReport,
    pub spend: SpendSummary,
    pub contracts: Vec<ContractPosition>,
    /// Contracts from awards not yet complete at the meeting, left out so as not to name bidders.
    pub contracts_withheld: usize,
    pub created: DateTime<Utc>,
}

/// Whether bidders may be named as at `meeting`: a decision in force taken by then whose
/// standstill, if any, ended before it.
pub fn award_complete(award: Option<&AwardDecision>, meeting: NaiveDate) -> bool {
    match award {
        None => false,
        Some(a) => {
            a.withdrawn.is_none() && a.decided_on <= meeting && a.standstill_ends.is_none_or(|end| end < meeting)
        }
    }
}

/// Bidder names as the report prints them: real once the award is complete, else anonymised.
fn bidder_names(result: &RoundResult, named: bool) -> BTreeMap<String, String> {
    let mut subs: Vec<(&str, &str, &str)> = result
        .lots
        .iter()
        .flat_map(|l| l.bids.iter().map(|b| (b.submission.as_str(), b.bidder.as_str(), b.bidder_name.as_str())))
        .collect();
    subs.sort();
    let mut out = BTreeMap::new();
    for (_, bidder, name) in subs {
        if out.contains_key(bidder) {
            continue;
        }
        let label = if named { name.to_owned() } else { format!("Bidder {}", letter(out.len())) };
        out.insert(bidder.to_owned(), label);
    }
    out
}

fn letter(n: usize) -> String {
    let mut s = String::new();
    let mut n = n + 1;
    while n > 0 {
        n -= 1;
        s.insert(0, (b'A' + (n % 26) as u8) as char);
        n /= 26;
    }
    s
}

pub fn committee(i: &CommitteeInput) -> Document {
    let a = &i.arrangement;
    let title = format!("{}: update", a.title);
    let mut d = Document::new(Meta {
        council: i.council.clone(),
        title: title.clone(),
        subject: format!("Report to {} on {}", i.committee, date(i.meeting_date)),
        author: i.report_of.clone(),
        marking: "OFFICIAL".into(),
        created: i.created,
        orientation: Orientation::Portrait,
    });
    // Cover.
    d.push(Block::Spacer(40.0));
    d.push(Block::Title { title: title.clone(), subtitle: Some(format!("Report to {}", i.committee)) });
    let mut cover =
        vec![("Committee".to_owned(), i.committee.clone()), ("Date of meeting".to_owned(), date(i.meeting_date))];
    if let Some(item) = &i.agenda_item {
        cover.push(("Agenda item".to_owned(), item.clone()));
    }
    cover.push(("Report of".to_owned(), i.report_of.clone()));
    cover.push(("Arrangement".to_owned(), format!("{} ({})", a.title, a.key)));
    cover.push(("Protective marking".to_owned(), "OFFICIAL".to_owned()));
    d.push(Block::Facts(cover));
    d.push(Block::PageBreak);

    // 1. Purpose and recommendations.
    d.push(Block::Heading("1. Purpose of the report".into()));
    d.push(Block::Paragraph(a.committee_notes.purpose.clone().unwrap_or_else(|| {
        format!(
            "To update the {} on the commissioning and procurement of {}: the progress of each procurement round, its \
             outcome, coverage across the county, the rates paid and spend against the approved budget.",
            i.committee, a.title
        )
    })));
    d.push(Block::Heading("2. Recommendations".into()));
    d.push(Block::Paragraph(
        a.committee_notes.recommendations.clone().unwrap_or_else(|| "That the committee notes this update.".to_owned()),
    ));

    background(&mut d, i);
    progress(&mut d, i);
    outcome(&mut d, i);
    coverage(&mut d, i);
    rates(&mut d, i);
    timeline(&mut d, i);
    spend(&mut d, i);

    d.push(Block::Heading("10. Risks".into()));
    d.push(Block::Paragraph(
        a.committee_notes.risks.clone().unwrap_or_else(|| "No risks have been recorded for this arrangement.".into()),
    ));
    d.push(Block::Heading("11. Contingency".into()));
    d.push(Block::Paragraph(
        a.committee_notes
            .contingency
            .clone()
            .unwrap_or_else(|| "No contingency has been recorded for this arrangement.".into()),
    ));
    appendices(&mut d, i);
    d
}

fn background(d: &mut Document, i: &CommitteeInput) {
    let a = &i.arrangement;
    let t = &i.position.term;
    d.push(Block::Heading("3. Background".into()));
    d.push(Block::Paragraph(format!(
        "{} is {} {} for {}, let under the {}. It runs from {} to {}{}.",
        a.title,
        if a.kind.label().starts_with(['A', 'E', 'I', 'O', 'U']) { "an" } else { "a" },
        a.kind.label().to_lowercase(),
        a.services.iter().map(|s| s.label().to_lowercase()).collect::<Vec<_>>().join(", "),
        a.regime.label(),
        date(t.start),
        date(t.current_end),
        if t.latest_possible_end > t.current_end {
            format!(
                ", and can be extended to {} ({} extension options remain)",
                date(t.latest_possible_end),
                t.options_available
            )
        } else {
            String::new()
        }
    )));
    let how = a.call_off_description.clone().unwrap_or_else(|| a.call_off.label().to_owned());
    d.push(Block::Paragraph(format!("How call-offs work: {how}")));
    if let Some(c) = &a.capacity_note {
        d.push(Block::Paragraph(format!("Capacity expected: {c}.")));
    }
    if let Some(s) = &a.spend_approval {
        d.push(Block::Paragraph(format!(
            "Spend of up to {} from {} to {} was approved by {} on {} (decision {}).",
            pounds(s.cap),
            date(s.period_start),
            date(s.period_end),
            s.decision_maker,
            date(s.decision_date),
            s.decision_reference
        )));
    }
    if !i.lots.is_empty() {
        let mut t = Table::new(vec![
            Column::right("Lot", 0.6),
            Column::left("Title", 3.0),
            Column::left("Service", 2.4),
            Column::right("Zones", 0.9),
            Column::right("Rural zones", 1.1),
        ]);
        for l in &i.lots {
            t.row(vec![
                l.number.to_string(),
                l.title.clone(),
                l.service.label().to_owned(),
                l.zones.len().to_string(),
                l.zones.iter().filter(|z| z.setting == tenderdesk_domain::Setting::Rural).count().to_string(),
            ]);
        }
        d.push(Block::Subheading("Lots".into()));
        d.push(Block::Table(t));
    }
}

fn progress(d: &mut Document, i: &CommitteeInput) {
    d.push(Block::Heading("4. Progress of each round against its timetable".into()));
    if i.rounds.is_empty() {
        d.push(Block::Paragraph("No procurement round has been run under this arrangement.".into()));
        return;
    }
    for p in &i.rounds {
        let r = &p.round;
        let tt = &r.timetable;
        d.push(Block::Subheading(format!("{} ({})", r.title, r.key)));
        let mut t = Table::new(vec![
            Column::left("Milestone", 3.0),
            Column::right("Planned", 1.6),
            Column::left("Where it stands", 3.4),
        ]);
        let done = |day: NaiveDate| if day <= i.meeting_date { "Passed" } else { "Due" };
        t.row(vec!["Published".into(), date(tt.published), done(tt.published).into()]);
        if let Some(c) = tt.clarification_deadline {
            t.row(vec!["Clarification deadline".into(), date(c.date_naive()), done(c.date_naive()).into()]);
        }
        let sub = tt.submission_deadline.date_naive();
        t.row(vec![
            "Submission deadline".into(),
            date(sub),
            match &r.bids_opened {
                Some(o) => format!("Bids opened on {} by {}", date(o.at.date_naive()), o.by),
                None if sub <= i.meeting_date => "Passed; bids not yet opened".into(),
                None => "Due".into(),
            },
        ]);
        for (label, day) in
            [("Evaluation ends", tt.evaluation_end), ("Interviews", tt.interviews), ("Moderation", tt.moderation)]
        {
            if let Some(day) = day {
                t.row(vec![label.into(), date(day), done(day).into()]);
            }
        }
        let award = p.award.as_ref();
        t.row(vec![
            "Award decision".into(),
            date_or_dash(tt.decision),
            match award {
                Some(a) => format!("Taken on {} by {}", date(a.decided_on), a.decision_maker),
                None => "Not yet taken".into(),
            },
        ]);
        let ss = award.and_then(|a| a.standstill_ends);
        t.row(vec![
            "Standstill ends".into(),
            date_or_dash(tt.standstill_end),
            match ss {
                Some(e) if e < i.meeting_date => format!("Ended on {}", date(e)),
                Some(e) => format!("Ends on {}", date(e)),
                None if award.is_some() => "No standstill".into(),
                None => "–".into(),
            },
        ]);
        if let Some(c) = tt.contract_start {
            t.row(vec!["Contracts start".into(), date(c), done(c).into()]);
        }
        d.push(Block::Table(t));
    }
}

fn outcome(d: &mut Document, i: &CommitteeInput) {
    d.push(Block::Heading("5. Outcome".into()));
    for p in &i.rounds {
        d.push(Block::Subheading(format!("{} ({})", p.round.title, p.round.key)));
        let result = match &p.result {
            Ok(r) => r,
            Err(why) => {
                d.push(Block::Paragraph(format!("No outcome can be reported yet: {why}.")));
                continue;
            }
        };
        let named = award_complete(p.award.as_ref(), i.meeting_date);
        let names = bidder_names(result, named);
        d.push(Block::Paragraph(if named {
            "The award is complete (the decision is taken and the standstill period has ended), so the bidders are named."
                .to_owned()
        } else {
            "The award is not yet complete as at the meeting, so bidders are not named: each is shown as a letter."
                .to_owned()
        }));
        let mut t = Table::new(vec![
            Column::left("Lot", 3.2),
            Column::right("Bids received", 1.2),
            Column::right("Compliant", 1.1),
            Column::right("Awarded", 1.0),
        ]);
        let lot_label = |key: &str, title: &str| match i.lots.iter().find(|l| l.key.as_str() == key) {
            Some(l) => format!("Lot {} {}", l.number, l.title),
            None => title.to_owned(),
        };
        for l in &result.lots {
            t.row(vec![
                lot_label(&l.lot, &l.lot_title),
                l.bids.len().to_string(),
                l.bids
                    .iter()
                    .filter(|b| matches!(b.standing, Standing::Ranked | Standing::BelowThreshold))
                    .count()
                    .to_string(),
                l.bids.iter().filter(|b| b.awarded).count().to_string(),
            ]);
        }
        d.push(Block::Table(t));
        let mut t = Table::new(vec![
            Column::left("Lot", 2.4),
            Column::left("Bidder", 2.8),
            Column::right("Total score", 1.1),
            Column::right("Rank", 0.7),
            Column::left("Zones awarded", 2.4),
        ]);
        for l in &result.lots {
            for b in l.bids.iter().filter(|b| b.awarded) {
                t.row(vec![
                    lot_label(&l.lot, &l.lot_title),
                    names.get(&b.bidder).cloned().unwrap_or_default(),
                    b.total.as_ref().map(|s| s.shown.clone()).unwrap_or_else(|| "–".into()),
                    b.rank.map(|r| r.to_string()).unwrap_or_else(|| "–".into()),
                    if b.awarded_zones.is_empty() { "All".into() } else { b.awarded_zones.join(", ") },
                ]);
            }
        }
        if !t.rows.is_empty() {
            d.push(Block::Note("Awarded bids, by lot:".into()));
            d.push(Block::Table(t));
        }
    }
}

fn coverage(d: &mut Document, i: &CommitteeInput) {
    d.push(Block::Heading("6. Coverage by zone".into()));
    let lots: Vec<_> = i.coverage.lots.iter().filter(|l| l.arrangement == i.arrangement.key.as_str()).collect();
    if lots.is_empty() {
        d.push(Block::Paragraph("No providers are admitted to this arrangement's lots as at the meeting date.".into()));
        return;
    }
    let weakest: Vec<&String> = i
        .coverage
        .weakest
        .iter()
        .filter(|w| lots.iter().any(|l| w.contains(&l.title) || w.starts_with(&format!("Lot {}", l.number))))
        .collect();
    if !weakest.is_empty() {
        d.push(Block::Paragraph(format!(
            "The weakest zones as at {}: {}.",
            date(i.meeting_date),
            weakest.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("; ")
        )));
    }
    for l in &lots {
        d.push(Block::Bars(BarChart {
            title: format!("Lot {} {}: active providers by zone", l.number, l.title),
            bars: l
                .zones
                .iter()
                .map(|z| Bar {
                    label: match &z.zone {
                        Some(code) => format!("{code} {}", z.name),
                        None => z.name.clone(),
                    },
                    value: f64::from(z.active),
                    value_label: format!("{} active of {} admitted", z.active, z.admitted),
                    highlight: z.weakest,
                })
                .collect(),
            reference: None,
            highlight_means: Some("Weakest zone".into()),
        }));
    }
    d.push(Block::Note(i.coverage.rule.clone()));
}

fn rates(d: &mut Document, i: &CommitteeInput) {
    d.push(Block::Heading("7. Rates".into()));
    if i.rates.groups.is_empty() {
        d.push(Block::Paragraph("No rates are in force under this arrangement as at the meeting date.".into()));
        return;
    }
    d.push(Block::Paragraph(format!(
        "Hourly rates in force on {}: the range, the simple average and the average weighted by hours, for the \
         county as a whole and for rural against urban zones.",
        date(i.meeting_date)
    )));
    let mut t = Table::new(vec![
        Column::left("Rate", 3.2),
        Column::left("Area", 1.3),
        Column::right("Rates", 0.8),
        Column::right("Lowest", 1.1),
        Column::right("Highest", 1.1),
        Column::right("Average", 1.1),
        Column::right("Weighted average", 1.4),
    ]);
    for g in &i.rates.groups {
        let name = format!("{} – {} ({})", g.service, g.name, g.source);
        let mut rows = vec![("All".to_owned(), &g.overall)];
        rows.extend(g.by_setting.iter().map(|s| (capitalise(&s.label), &s.stats)));
        for (area, s) in rows {
            t.row(vec![
                name.clone(),
                area,
                s.count.to_string(),
                pounds(s.lowest),
                pounds(s.highest),
                pounds(s.simple_average),
                s.weighted_average.map(pounds).unwrap_or_else(|| "–".into()),
            ]);
        }
    }
    d.push(Block::Table(t));
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

const TIMELINE_ROWS: usize = 24;

fn timeline(d: &mut Document, i: &CommitteeInput) {
    let mut rows = vec![term_row(i.arrangement.kind.label(), &i.position.term)];
    let mut contracts: Vec<&ContractPosition> = i.contracts.iter().collect();
    contracts.sort_by(|a, b| a.term.current_end.cmp(&b.term.current_end).then(a.key.cmp(&b.key)));
    rows.extend(contracts.iter().take(TIMELINE_ROWS).map(|c| term_row(&c.provider_name, &c.term)));
    d.push(Block::NeedSpace(130.0 + rows.len() as f32 * 15.0));
    d.push(Block::Heading("8. Contracts and extension options".into()));
    d.push(Block::Paragraph(format!(
        "The arrangement and its {} contracts, each with its initial term, the extensions taken and the options still \
         available, against the date of the meeting.{}",
        i.contracts.len(),
        if i.contracts.len() > TIMELINE_ROWS {
            format!(" The {TIMELINE_ROWS} ending soonest are drawn; Appendix C lists them all.")
        } else {
            String::new()
        }
    )));
    if i.contracts_withheld > 0 {
        d.push(Block::Note(format!(
            "{} contracts from an award not yet complete at the meeting are not shown, so that no bidder is named before \
             the standstill period ends.",
            i.contracts_withheld
        )));
    }
    d.push(Block::Timeline(Timeline {
        title: "Terms and extension options".into(),
        today: i.meeting_date,
        today_label: format!("Meeting {}", date(i.meeting_date)),
        rows,
    }));
}

fn term_row(label: &str, t: &tenderdesk_market::TermPosition) -> TimelineRow {
    let mut segments = vec![Segment { from: t.start, to: t.initial_end, kind: SegmentKind::Initial }];
    let mut from = t.initial_end;
    for o in &t.options {
        let start = from.checked_add_days(Days::new(1)).unwrap_or(from);
        let kind = match o.status {
            OptionStatus::Exercised => SegmentKind::Exercised,
            OptionStatus::Available => SegmentKind::Available,
            OptionStatus::Declined => continue,
        };
        segments.push(Segment { from: start, to: o.period_end, kind });
        from = o.period_end;
    }
    TimelineRow { label: label.to_owned(), segments }
}

fn spend(d: &mut Document, i: &CommitteeInput) {
    let s = &i.spend;
    d.push(Block::NeedSpace(200.0 + s.lines.len() as f32 * 15.0));
    d.push(Block::Heading("9. Spend against the approved cap".into()));
    let Some(cap) = s.cap else {
        d.push(Block::Paragraph(format!(
            "No spend cap is recorded for this arrangement. Spend recorded: {}.",
            pounds(s.total)
        )));
        return;
    };
    let mut facts = vec![("Approved cap".to_owned(), pounds(cap)), ("Spent to date".to_owned(), pounds(s.total))];
    if let Some(p) = s.share_used_percent {
        facts.push(("Share of the cap used".to_owned(), format!("{p} %")));
    }
    if let Some(r) = s.remaining {
        facts.push(("Remaining".to_owned(), pounds(r)));
    }
    if let Some(o) = s.over_cap_by {
        facts.push(("Over the cap by".to_owned(), pounds(o)));
    }
    if let Some(rr) = &s.run_rate {
        facts.push(("Monthly run rate".to_owned(), pounds(rr.monthly)));
    }
    if let Some(day) = s.cap_reached_on {
        facts.push((
            "Cap reached at that rate on".to_owned(),
            format!(
                "{}{}",
                date(day),
                match s.cap_reached_before_approval_ends {
                    Some(true) => " – before the approval period ends",
                    Some(false) => " – after the approval period ends",
                    None => "",
                }
            ),
        ));
    }
    d.push(Block::Facts(facts));
    if !s.lines.is_empty() {
        d.push(Block::Bars(BarChart {
            title: "Cumulative spend by period against the approved cap".into(),
            bars: s
                .lines
                .iter()
                .map(|l| Bar {
                    label: format!("{} – {}", l.period_start.format("%-d %b %Y"), l.period_end.format("%-d %b %Y")),
                    value: l.cumulative.pence() as f64,
                    value_label: pounds(l.cumulative),
                    highlight: l.over_cap,
                })
                .collect(),
            reference: Some((cap.pence() as f64, format!("Approved cap {}", pounds(cap)))),
            highlight_means: Some("Running total above the cap".into()),
        }));
    }
}

fn appendices(d: &mut Document, i: &CommitteeInput) {
    d.push(Block::PageBreak);
    d.push(Block::Heading("Appendix A. Coverage by zone".into()));
    let mut t = Table::new(vec![
        Column::left("Lot", 2.4),
        Column::left("Zone", 2.6),
        Column::left("Setting", 1.0),
        Column::right("Admitted", 1.0),
        Column::right("Active", 0.9),
        Column::right("Capacity (hours a week)", 1.6),
        Column::left("Weakest", 0.9),
    ]);
    for l in i.coverage.lots.iter().filter(|l| l.arrangement == i.arrangement.key.as_str()) {
        for z in &l.zones {
            t.row(vec![
                format!("Lot {} {}", l.number, l.title),
                match &z.zone {
                    Some(code) => format!("{code} {}", z.name),
                    None => z.name.clone(),
                },
                z.setting.map(|s| capitalise(&format!("{s:?}").to_lowercase())).unwrap_or_else(|| "–".into()),
                z.admitted.to_string(),
                z.active.to_string(),
                z.capacity_hours_per_week.map(tenderdesk_market::fmt::number).unwrap_or_else(|| "–".into()),
                if z.weakest { "Yes".into() } else { String::new() },
            ]);
        }
    }
    d.push(Block::Table(t));

    d.push(Block::Heading("Appendix B. Spend by period".into()));
    let mut t = Table::new(vec![
        Column::left("Period", 2.6),
        Column::right("Spend", 1.4),
        Column::right("Running total", 1.4),
        Column::left("Note", 2.6),
    ]);
    for l in &i.spend.lines {
        t.row(vec![
            format!("{} – {}", date(l.period_start), date(l.period_end)),
            pounds(l.amount),
            pounds(l.cumulative),
            l.note.clone().unwrap_or_default(),
        ]);
    }
    t.row(vec!["Total".into(), pounds(i.spend.total), String::new(), String::new()]);
    t.bold_rows.push(t.rows.len() - 1);
    d.push(Block::Table(t));

    d.push(Block::Heading("Appendix C. Contracts".into()));
    let mut t = Table::new(vec![
        Column::left("Contract", 2.8),
        Column::left("Provider", 2.6),
        Column::right("Estimated value", 1.4),
        Column::right("Current end", 1.4),
        Column::right("Latest end", 1.4),
        Column::left("Status", 1.0),
    ]);
    t.size = 7.5;
    let mut contracts: Vec<&ContractPosition> = i.contracts.iter().collect();
    contracts.sort_by(|a, b| a.key.cmp(&b.key));
    for c in contracts {
        t.row(vec![
            c.key.clone(),
            c.provider_name.clone(),
            pounds(c.estimated_value),
            date(c.term.current_end),
            date(c.term.latest_possible_end),
            c.recorded_status.clone(),
        ]);
    }
    d.push(Block::Table(t));
}
