//! Printed reports: the committee update, award letters, the evaluation matrix, the FOI pack and
//! the contract register, as PDF bytes.
//!
//! Each use case gathers its figures through the same functions the command line and the window
//! use (`round_result`, `notices`, `foi`, `spend_summary`, the contract register CSV…), so a
//! report always says what those say; `tenderdesk-report` only lays them out. Nothing is written
//! here: the caller saves the bytes. The creation date printed in the PDF's metadata is passed in
//! (see [`report_creation_time`]) so that the same data give the same bytes.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use tenderdesk_domain::*;
use tenderdesk_market as market;
use tenderdesk_report::committee::{award_complete, CommitteeInput, RoundProgress};
use tenderdesk_report::letters::LetterInput;
use tenderdesk_report::ReportError;

use crate::{Api, ApiError, Result};

/// The environment variable reproducible builds use for "now" (seconds since 1970, UTC).
pub const SOURCE_DATE_EPOCH: &str = "SOURCE_DATE_EPOCH";

/// What the officer asks for when producing the committee report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitteeReportRequest {
    /// The arrangement's reference or id.
    pub arrangement: String,
    pub meeting_date: NaiveDate,
    /// The committee's name ("Adults and Health Committee").
    pub committee: String,
    pub created: DateTime<Utc>,
    /// The agenda item ("Item 7"), when known.
    pub agenda_item: Option<String>,
    /// Whose report it is; None: the arrangement's committee notes, else the council's directorate.
    pub report_of: Option<String>,
}

impl CommitteeReportRequest {
    pub fn new(arrangement: &str, meeting_date: NaiveDate, committee: &str, created: DateTime<Utc>) -> Self {
        CommitteeReportRequest {
            arrangement: arrangement.to_owned(),
            meeting_date,
            committee: committee.to_owned(),
            created,
            agenda_item: None,
            report_of: None,
        }
    }
}

/// Changes to the committee notes of an arrangement: each Some replaces the note kept (an empty
/// or blank text removes it); None leaves it as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommitteeNotesChange {
    pub purpose: Option<String>,
    pub report_of: Option<String>,
    pub risks: Option<String>,
    pub contingency: Option<String>,
    pub recommendations: Option<String>,
}

/// One file of a set (a letter per bidder).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportFile {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// The creation time of a report: `SOURCE_DATE_EPOCH` when set (as reproducible builds do), else
/// now, to the second. A value that is not a whole number of seconds is refused.
pub fn report_creation_time() -> Result<DateTime<Utc>> {
    match std::env::var(SOURCE_DATE_EPOCH) {
        Ok(v) if !v.trim().is_empty() => parse_epoch(&v),
        _ => Ok(Utc.timestamp_opt(Utc::now().timestamp(), 0).single().unwrap_or_else(Utc::now)),
    }
}

/// Seconds since 1 January 1970 UTC, as `SOURCE_DATE_EPOCH` gives them.
pub fn parse_epoch(v: &str) -> Result<DateTime<Utc>> {
    v.trim()
        .parse::<i64>()
        .ok()
        .and_then(|s| Utc.timestamp_opt(s, 0).single())
        .filter(|t| t.timestamp() >= 0)
        .ok_or_else(|| {
            ApiError::Refused(format!(
                "{SOURCE_DATE_EPOCH} is \"{v}\", which is not a number of seconds since 1970 (such as 1795000000); \
                 correct it or unset it to date reports now"
            ))
        })
}

fn report_error(e: ReportError) -> ApiError {
    ApiError::Refused(e.to_string())
}

impl Api {
    fn authority(&self) -> Result<AuthorityProfile> {
        self.store
            .get_by_key::<AuthorityProfile>(AuthorityProfile::the_key().as_str())?
            .map(|(_, a)| a)
            .ok_or_else(|| ApiError::NotFound { kind: Kind::Authority, id: AuthorityProfile::the_key().to_string() })
    }

    fn by_key_or_id<T: Record>(&self, id_or_key: &str) -> Result<T> {
        if let Some((_, r)) = self.store.get_by_key::<T>(id_or_key.trim())? {
            return Ok(r);
        }
        if let Ok(id) = id_or_key.trim().parse::<u64>() {
            if let Some(r) = self.store.get::<T>(id)? {
                return Ok(r);
            }
        }
        Err(ApiError::NotFound { kind: T::KIND, id: id_or_key.to_owned() })
    }

    fn referring_to<T: Record>(&self, kind: Kind, key: &Key) -> Result<Vec<T>> {
        Ok(self.store.referring::<T>(kind, key.as_str())?.into_iter().map(|(_, r)| r).collect())
    }

    /// The records of one arrangement that its coverage and rates read, as a dataset (so a
    /// large store is not read whole for one arrangement's report).
    fn arrangement_data(&self, a: &Arrangement) -> Result<Dataset> {
        let mut lots: Vec<Lot> = self.referring_to(Kind::Arrangements, &a.key)?;
        lots.sort_by_key(|l| l.number);
        let mut admissions = Vec::new();
        for l in &lots {
            admissions.extend(self.referring_to::<Admission>(Kind::Lots, &l.key)?);
        }
        let contracts: Vec<Contract> = self.referring_to(Kind::Arrangements, &a.key)?;
        let mut provider_keys: Vec<&Key> =
            admissions.iter().map(|ad| &ad.provider).chain(contracts.iter().map(|c| &c.provider)).collect();
        provider_keys.sort();
        provider_keys.dedup();
        let mut providers = Vec::new();
        for k in provider_keys {
            if let Some((_, p)) = self.store.get_by_key::<Provider>(k.as_str())? {
                providers.push(p);
            }
        }
        let rounds: Vec<Round> = self.referring_to(Kind::Arrangements, &a.key)?;
        let mut awards = Vec::new();
        for r in &rounds {
            awards.extend(self.referring_to::<AwardDecision>(Kind::Rounds, &r.key)?);
        }
        Ok(Dataset {
            authority: self.store.get_by_key::<AuthorityProfile>(AuthorityProfile::the_key().as_str())?.map(|(_, a)| a),
            providers,
            arrangements: vec![a.clone()],
            openings: self.referring_to(Kind::Arrangements, &a.key)?,
            lots,
            admissions,
            rounds,
            awards,
            contracts,
            activity: self.referring_to(Kind::Arrangements, &a.key)?,
            spend: self.referring_to(Kind::Arrangements, &a.key)?,
            ..Dataset::default()
        })
    }

    /// Sets the words the committee report carries for an arrangement, through the store's checks
    /// and audit log like every change.
    pub fn set_committee_notes(&self, arrangement: &str, change: &CommitteeNotesChange) -> Result<Arrangement> {
        let mut a: Arrangement = self.by_key_or_id(arrangement)?;
        let n = &mut a.committee_notes;
        for (slot, new) in [
            (&mut n.purpose, &change.purpose),
            (&mut n.report_of, &change.report_of),
            (&mut n.risks, &change.risks),
            (&mut n.contingency, &change.contingency),
            (&mut n.recommendations, &change.recommendations),
        ] {
            if let Some(text) = new {
                *slot = Some(text.trim().to_owned()).filter(|t| !t.is_empty());
            }
        }
        let mut c = tenderdesk_store::ChangeSet::new();
        c.update(a.clone());
        self.store.apply(c)?;
        Ok(a)
    }

    /// The committee update report on one arrangement as at the meeting date.
    pub fn report_committee(&self, req: &CommitteeReportRequest) -> Result<Vec<u8>> {
        if req.committee.trim().is_empty() {
            return Err(ApiError::Refused("name the committee the report goes to (--committee)".into()));
        }
        let authority = self.authority()?;
        let a: Arrangement = self.by_key_or_id(&req.arrangement)?;
        let as_of = req.meeting_date;
        let ds = self.arrangement_data(&a)?;
        let position = self.arrangement_position(a.key.as_str(), as_of)?;
        let mut rounds = Vec::new();
        let mut sorted = ds.rounds.clone();
        sorted.sort_by(|x, y| x.timetable.published.cmp(&y.timetable.published).then(x.key.cmp(&y.key)));
        for r in sorted {
            let result = self.round_result(r.key.as_str()).map_err(|e| e.to_string());
            let award = self.store.live_award(r.key.as_str())?;
            rounds.push(RoundProgress { round: r, result, award });
        }
        let all_rounds: Vec<Round> = self.store.list::<Round>()?.into_iter().map(|(_, r)| r).collect();
        // Contracts from an award not yet complete would name its bidders: leave them out.
        let (shown, withheld): (Vec<&Contract>, Vec<&Contract>) = ds.contracts.iter().partition(|c| {
            c.award.as_ref().is_none_or(|k| {
                let award = ds.awards.iter().find(|w| &w.key == k);
                award_complete(award, as_of) || award.is_some_and(|w| w.withdrawn.is_some())
            })
        });
        let contracts = shown.iter().map(|c| market::contract_position(c, &ds.providers, &all_rounds, as_of)).collect();
        let input = CommitteeInput {
            council: authority.council_name.clone(),
            directorate: authority.directorate.clone(),
            committee: req.committee.trim().to_owned(),
            meeting_date: as_of,
            agenda_item: req.agenda_item.clone().filter(|s| !s.trim().is_empty()),
            report_of: req
                .report_of
                .clone()
                .filter(|s| !s.trim().is_empty())
                .or_else(|| a.committee_notes.report_of.clone())
                .unwrap_or_else(|| authority.directorate.clone()),
            lots: ds.lots.clone(),
            position,
            rounds,
            coverage: market::coverage(&ds, as_of, None),
            rates: market::rates_report(&ds, as_of, Some(std::slice::from_ref(&a.key))),
            spend: self.spend_summary(a.key.as_str(), Some(as_of))?,
            contracts,
            contracts_withheld: withheld.len(),
            created: req.created,
            arrangement: a,
        };
        tenderdesk_report::committee::committee(&input).render().map_err(report_error)
    }

    /// One letter per bidder of a round with an award decision in force, from its notices.
    pub fn report_letters(&self, round: &str, created: DateTime<Utc>) -> Result<Vec<ReportFile>> {
        let authority = self.authority()?;
        let notices = self.notices(round)?;
        let mut by_bidder: BTreeMap<String, Vec<tenderdesk_evaluation::Notice>> = BTreeMap::new();
        for n in notices {
            by_bidder.entry(n.bidder.clone()).or_default().push(n);
        }
        let mut files = Vec::new();
        for (bidder, notices) in by_bidder {
            let provider = self.store.get_by_key::<Provider>(&bidder)?.map(|(_, p)| p);
            let (name, address) = match &provider {
                Some(p) => {
                    let mut lines = p.address.lines.clone();
                    lines.push(p.address.town.clone());
                    lines.push(p.address.postcode.clone());
                    (p.legal_name.clone(), lines)
                }
                None => (notices[0].bidder_name.clone(), Vec::new()),
            };
            let round_key = notices[0].round.clone();
            let input = LetterInput {
                council: authority.council_name.clone(),
                directorate: authority.directorate.clone(),
                contact: authority.lead_commissioner.clone(),
                bidder_name: name,
                bidder_address: address,
                notices,
                created,
            };
            let bytes = tenderdesk_report::letters::letter(&input).render().map_err(report_error)?;
            files.push(ReportFile { file_name: safe_file_name(&format!("{round_key}-{bidder}.pdf")), bytes });
        }
        Ok(files)
    }

    /// The evaluation matrix of a round: every mark, justification and the result, for audit.
    pub fn report_matrix(&self, round: &str, created: DateTime<Utc>) -> Result<Vec<u8>> {
        let authority = self.authority()?;
        let result = self.round_result(round)?;
        tenderdesk_report::matrix::matrix(&authority.council_name, &authority.directorate, &result, created)
            .render()
            .map_err(report_error)
    }

    /// The evaluation matrix as CSV: one row per individual mark.
    pub fn report_matrix_csv(&self, round: &str) -> Result<String> {
        Ok(tenderdesk_report::matrix::matrix_csv(&self.round_result(round)?))
    }

    /// The FOI response pack: the thirteen answers as at a date, for every arrangement running.
    pub fn report_foi(&self, as_of: NaiveDate, created: DateTime<Utc>) -> Result<Vec<u8>> {
        let authority = self.authority()?;
        let pack = self.foi(as_of, &[])?;
        tenderdesk_report::foi::foi(&authority.council_name, &authority.directorate, &pack, created)
            .render()
            .map_err(report_error)
    }

    /// The contract register's rows (as the CSV export writes them) of the contracts started by
    /// `as_of`: the header and the rows.
    pub fn register_rows(&self, as_of: NaiveDate) -> Result<(Vec<String>, Vec<Vec<String>>)> {
        let out = self.contracts_csv()?;
        let text = String::from_utf8_lossy(&out.csv);
        let mut records = parse_csv(&text).into_iter();
        let header = records.next().unwrap_or_default();
        let start = header.iter().position(|h| h == "Contract start date");
        let rows = records
            .filter(|r| {
                start
                    .and_then(|i| r.get(i))
                    .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                    .is_none_or(|d| d <= as_of)
            })
            .collect();
        Ok((header, rows))
    }

    /// The Transparency Code contract register as a landscape table, as at a date.
    pub fn report_register(&self, as_of: NaiveDate, created: DateTime<Utc>) -> Result<Vec<u8>> {
        let authority = self.authority()?;
        let (header, rows) = self.register_rows(as_of)?;
        tenderdesk_report::register::register(
            &authority.council_name,
            &authority.directorate,
            as_of,
            &header,
            &rows,
            created,
        )
        .render()
        .map_err(report_error)
    }
}

/// A file name of letters, digits, '-', '_' and '.', nothing else.
fn safe_file_name(s: &str) -> String {
    s.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') { c } else { '_' }).collect()
}

/// RFC 4180 records (quoted fields with doubled quotes, CRLF or LF line ends).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push(record);
    }
    records
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_with_quotes_commas_and_line_breaks_are_read_whole() {
        let rows = parse_csv("a,b\r\n\"x, \"\"y\"\"\",\"two\nlines\"\r\n");
        assert_eq!(rows, vec![vec!["a", "b"], vec!["x, \"y\"", "two\nlines"]]);
    }

    #[test]
    fn source_date_epoch_must_be_whole_seconds() {
        assert_eq!(parse_epoch("1795000000").unwrap().timestamp(), 1_795_000_000);
        for bad in ["yesterday", "1.5", "-3", ""] {
            let e = parse_epoch(bad).unwrap_err().to_string();
            assert!(e.contains("SOURCE_DATE_EPOCH") && e.contains("seconds since 1970"), "{e}");
        }
    }

    #[test]
    fn file_names_keep_only_safe_characters() {
        assert_eq!(safe_file_name("RND-1/../x y.pdf"), "RND-1_.._x_y.pdf");
    }
}
