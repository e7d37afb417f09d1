//! The contract register of the Local Government Transparency Code 2015 ("details of any contract,
//! commissioned activity, purchase order, framework agreement and any other legally enforceable
//! agreement with a value that exceeds £5,000"), one row per contract, as RFC 4180 CSV.
//!
//! Columns are named as the Code (and, where it has a name, the LGA's contracts schema) words
//! them; docs/open-data.md says where each comes from. Money is plain decimal pounds ("1234.56"),
//! dates are ISO 8601 ("2025-10-13"), lines end CRLF, the text is UTF-8 without a byte-order mark.

use tenderdesk_domain::{
    Address, Arrangement, Contract, ContractStatus, Lot, Money, OptionStatus, ProcurementRoute, Provider,
};

use crate::index::Index;
use crate::OpenDataError;

/// The header of the register, in order.
pub const COLUMNS: [&str; 21] = [
    "Contract reference number",
    "Title of agreement",
    "Local authority department responsible",
    "Description of the goods and/or services being provided",
    "Framework or arrangement reference",
    "Supplier name",
    "Supplier trading name",
    "Supplier address",
    "Supplier registered company number",
    "Supplier registered charity number",
    "Sum to be paid over the length of the contract",
    "Estimated annual spending",
    "Value Added Tax that cannot be recovered",
    "Contract start date",
    "Contract end date",
    "Review date",
    "Latest end date with all extensions",
    "Contract status",
    "Invitation to quote or published invitation to tender",
    "SME",
    "Voluntary or community sector organisation",
];

/// The register as written: the CSV bytes and the number of contracts (rows after the header).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvExport {
    pub csv: Vec<u8>,
    pub contracts: usize,
}

/// The contract register of every contract in the dataset, ordered by contract reference.
pub fn contracts_csv(ds: &tenderdesk_domain::Dataset) -> Result<CsvExport, OpenDataError> {
    let index = Index::new(ds);
    let authority = index.authority("the contract register")?;
    let mut contracts: Vec<&Contract> = ds.contracts.iter().collect();
    contracts.sort_by(|a, b| a.key.cmp(&b.key));

    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    w.write_record(COLUMNS)?;
    for c in &contracts {
        let from = || format!("contract {}", c.key);
        let provider = index.provider(&c.provider, from)?;
        let arrangement = index.arrangement(&c.arrangement, from)?;
        let lot = c.lot.as_ref().map(|l| index.lot(l, from)).transpose()?;
        let row: [String; COLUMNS.len()] = [
            c.key.to_string(),
            c.title.clone(),
            authority.directorate.clone(),
            description(arrangement, lot),
            arrangement.key.to_string(),
            provider.legal_name.clone(),
            provider.trading_name.clone().unwrap_or_default(),
            address(&provider.address),
            provider.companies_house_number.clone().unwrap_or_default(),
            String::new(),
            money(c.estimated_value),
            c.annual_value.map(money).unwrap_or_default(),
            c.irrecoverable_vat.map(money).unwrap_or_default(),
            c.term.start.to_string(),
            end_date(c).to_string(),
            review_date(c).map(|d| d.to_string()).unwrap_or_default(),
            latest_end(c).to_string(),
            c.status.label().to_owned(),
            route(c.route).to_owned(),
            yes_no(provider.sme),
            yes_no(vcse(provider)),
        ];
        w.write_record(&row)?;
    }
    let csv = w.into_inner().map_err(|e| OpenDataError::Csv(csv::Error::from(e.into_error())))?;
    Ok(CsvExport { csv, contracts: contracts.len() })
}

/// What is bought: the service, the arrangement it is bought under, and the lot.
fn description(arrangement: &Arrangement, lot: Option<&Lot>) -> String {
    let services = match lot {
        Some(l) => l.service.label().to_owned(),
        None => arrangement.services.iter().map(|s| s.label()).collect::<Vec<_>>().join(", "),
    };
    let mut s = format!(
        "{services} under {} ({}, {})",
        arrangement.title,
        arrangement.kind.label().to_lowercase(),
        arrangement.key
    );
    if let Some(host) = &arrangement.hosted_by {
        s.push_str(&format!(", hosted by {host}"));
    }
    if let Some(l) = lot {
        s.push_str(&format!(", lot {} {}", l.number, l.title));
    }
    s
}

fn address(a: &Address) -> String {
    let mut parts: Vec<&str> = a.lines.iter().map(String::as_str).collect();
    parts.push(&a.town);
    parts.push(&a.postcode);
    parts.join(", ")
}

/// Plain decimal pounds, as the register's readers' spreadsheets expect: "1234.56".
pub(crate) fn money(m: Money) -> String {
    m.to_string()
}

fn ended(c: &Contract) -> bool {
    matches!(c.status, ContractStatus::Expired | ContractStatus::Terminated)
}

/// The end as it stands: the day a terminated contract ended, else the end after exercised options.
pub(crate) fn end_date(c: &Contract) -> chrono::NaiveDate {
    match (c.status, c.status_since) {
        (ContractStatus::Terminated, Some(d)) => d,
        _ => c.term.current_end(),
    }
}

/// The date by which the next extension decision must be taken, while the contract runs.
pub(crate) fn review_date(c: &Contract) -> Option<chrono::NaiveDate> {
    if ended(c) {
        return None;
    }
    c.term.extension_options.iter().find(|o| o.status == OptionStatus::Available).map(|o| o.decide_by)
}

/// How far the contract can run if every option still open is taken; its end once it has ended.
pub(crate) fn latest_end(c: &Contract) -> chrono::NaiveDate {
    if ended(c) {
        end_date(c)
    } else {
        c.term.latest_possible_end()
    }
}

pub(crate) fn route(r: ProcurementRoute) -> &'static str {
    match r {
        ProcurementRoute::InvitationToQuote => "Invitation to quote",
        ProcurementRoute::InvitationToTender => "Published invitation to tender",
        ProcurementRoute::CallOffFromFramework => "Call-off from a framework or dynamic purchasing system",
        ProcurementRoute::DirectAward => "Direct award",
    }
}

fn vcse(p: &Provider) -> bool {
    p.voluntary_sector
}

fn yes_no(b: bool) -> String {
    if b { "Yes" } else { "No" }.to_owned()
}
