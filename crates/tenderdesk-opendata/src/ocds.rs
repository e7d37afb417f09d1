//! An OCDS 1.1 release package of the council's contracting processes.
//!
//! - One contracting process per round, with ocid `<prefix>-<round key>`: the council as buyer and
//!   procuring entity, the tender with its lots, the bids once they have been opened, one award per
//!   provider awarded a lot, and the contracts let from those awards.
//! - One contracting process per contract let outside a round (a spot, block or standalone
//!   contract, or a call-off whose award is not recorded), with ocid `<prefix>-contract-<key>`.
//!
//! A round whose sealed bids have not been opened (`Round::bids_opened` is None) publishes no bid
//! at all: neither prices, nor bidders, nor their number.
//!
//! The output is deterministic: releases by round key then contract key, parties with the council
//! first then providers by key, bids by submission key, contracts by key; every date comes from the
//! data or from the `published` instant given in [`OcdsOptions`].

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde_json::{json, Map, Value};
use tenderdesk_domain::common::add_months_to_end;
use tenderdesk_domain::{
    Address, Arrangement, AuthorityProfile, AwardDecision, Awarded, BidPrice, Contract, ContractStatus, Dataset, Key,
    Lot, Money, OptionStatus, ProcurementRoute, Provider, Round, RoundKind, Submission, SubmissionStatus, Term,
};

use crate::index::Index;
use crate::register;
use crate::OpenDataError;

/// The extensions the package uses, as its `extensions` list names them.
pub const EXTENSIONS: [&str; 3] = [
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/v1.1.5/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/v1.1.5/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_options_extension/master/extension.json",
];

/// The Open Government Licence v3.0, under which the Transparency Code asks councils to publish.
pub const OPEN_GOVERNMENT_LICENCE: &str = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/";

/// The publisher's ocid prefix: "ocds-" and six lower-case letters or digits, registered (free of
/// charge) with the Open Contracting Partnership so that every ocid is unique in the world.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OcidPrefix(String);

impl OcidPrefix {
    /// A stand-in used until the council registers its own prefix: it is not registered to anyone,
    /// and data published with it should be re-published once a prefix is registered.
    pub const PLACEHOLDER: &'static str = "ocds-xxxxxx";

    pub fn parse(s: &str) -> Result<OcidPrefix, OpenDataError> {
        let t = s.trim();
        let ok = t
            .strip_prefix("ocds-")
            .is_some_and(|rest| rest.len() == 6 && rest.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
        if ok {
            Ok(OcidPrefix(t.to_owned()))
        } else {
            Err(OpenDataError::BadOcidPrefix(s.to_owned()))
        }
    }

    pub fn placeholder() -> OcidPrefix {
        OcidPrefix(Self::PLACEHOLDER.to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What the package needs beyond the data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OcdsOptions {
    /// When the package is published: its `publishedDate`, each release's `date`, and the instant
    /// as at which a round's status is judged.
    pub published: DateTime<Utc>,
    pub ocid_prefix: OcidPrefix,
    /// Where the package will be published; without one, a URN naming the prefix and instant.
    pub package_uri: Option<String>,
    pub license: String,
}

impl OcdsOptions {
    /// The placeholder prefix, no package address, and the Open Government Licence.
    pub fn new(published: DateTime<Utc>) -> OcdsOptions {
        OcdsOptions {
            published,
            ocid_prefix: OcidPrefix::placeholder(),
            package_uri: None,
            license: OPEN_GOVERNMENT_LICENCE.to_owned(),
        }
    }
}

/// The package as written: the JSON bytes and what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OcdsExport {
    pub json: Vec<u8>,
    /// Contracting processes (releases), one per round and one per contract let outside a round.
    pub processes: usize,
    pub rounds: usize,
    pub standalone_contracts: usize,
}

/// The release package of every round and contract in the dataset.
pub fn release_package(ds: &Dataset, options: &OcdsOptions) -> Result<OcdsExport, OpenDataError> {
    let index = Index::new(ds);
    let authority = index.authority("the OCDS release package")?;
    let b = Builder { index: &index, authority, options };

    let mut rounds: Vec<&Round> = ds.rounds.iter().collect();
    rounds.sort_by(|a, b| a.key.cmp(&b.key));
    let mut releases = Vec::new();
    let mut in_rounds: BTreeSet<&Key> = BTreeSet::new();
    for r in &rounds {
        let (release, contracts) = b.round_release(r)?;
        in_rounds.extend(contracts);
        releases.push(release);
    }
    let mut standalone: Vec<&Contract> = ds.contracts.iter().filter(|c| !in_rounds.contains(&c.key)).collect();
    standalone.sort_by(|a, b| a.key.cmp(&b.key));
    for c in &standalone {
        releases.push(b.contract_release(c)?);
    }

    let published = instant(options.published);
    let uri = options.package_uri.clone().unwrap_or_else(|| {
        format!("urn:tenderdesk:ocds:{}:{}", options.ocid_prefix.as_str(), options.published.format("%Y%m%dT%H%M%SZ"))
    });
    let package = json!({
        "uri": uri,
        "version": "1.1",
        "extensions": EXTENSIONS,
        "publishedDate": published,
        "publisher": { "name": authority.council_name },
        "license": options.license,
        "releases": releases,
    });
    let mut bytes = serde_json::to_vec_pretty(&package)?;
    bytes.push(b'\n');
    Ok(OcdsExport {
        json: bytes,
        processes: rounds.len() + standalone.len(),
        rounds: rounds.len(),
        standalone_contracts: standalone.len(),
    })
}

struct Builder<'a> {
    index: &'a Index<'a>,
    authority: &'a AuthorityProfile,
    options: &'a OcdsOptions,
}

/// The providers a release refers to, with their roles.
#[derive(Default)]
struct Parties<'a> {
    providers: BTreeMap<&'a Key, (&'a Provider, BTreeSet<Role>)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Role {
    Tenderer,
    Supplier,
}

impl Role {
    fn code(self) -> &'static str {
        match self {
            Role::Tenderer => "tenderer",
            Role::Supplier => "supplier",
        }
    }
}

impl<'a> Parties<'a> {
    fn add(&mut self, p: &'a Provider, role: Role) -> Value {
        self.providers.entry(&p.key).or_insert_with(|| (p, BTreeSet::new())).1.insert(role);
        org_ref(p)
    }
}

/// A round as its release tells it.
struct RoundFacts<'a> {
    round: &'a Round,
    arrangement: &'a Arrangement,
    lots: Vec<&'a Lot>,
    /// The round's award decisions, by key.
    decisions: Vec<&'a AwardDecision>,
    /// The lots some decision in force awards.
    awarded_lots: BTreeSet<&'a Key>,
    /// The contracts let from the decisions, by key, each with its decision and award entry.
    contracts: Vec<(&'a Contract, &'a AwardDecision, &'a Awarded)>,
    /// The process's status: planned, active or complete.
    status: &'static str,
    /// The sealed bids were opened.
    opened: bool,
}

impl<'a> RoundFacts<'a> {
    /// A tender or re-opening lets the arrangement itself; a mini-competition calls off from it.
    fn arrangement_term(&self) -> Option<&'a Term> {
        (self.round.kind != RoundKind::MiniCompetition).then_some(&self.arrangement.term)
    }
}

/// A lot of the tender: complete where awarded, unsuccessful where another lot of a complete
/// process was awarded instead, with the options of the term it is let for.
fn tender_lot(facts: &RoundFacts<'_>, lot: &Lot) -> Value {
    let lot_status = if facts.awarded_lots.contains(&lot.key) {
        "complete"
    } else if facts.status == "complete" {
        "unsuccessful"
    } else {
        facts.status
    };
    let mut l = Map::new();
    l.insert("id".into(), json!(lot.key.as_str()));
    l.insert("title".into(), json!(format!("Lot {} {}", lot.number, lot.title)));
    l.insert("description".into(), json!(lot_description(lot)));
    l.insert("status".into(), json!(lot_status));
    let term = facts
        .arrangement_term()
        .or_else(|| facts.contracts.iter().find(|(c, _, _)| c.lot.as_ref() == Some(&lot.key)).map(|(c, _, _)| &c.term));
    if let Some(term) = term {
        insert_options(&mut l, term);
    }
    Value::Object(l)
}

impl<'a> Builder<'a> {
    fn ocid(&self, part: &str) -> String {
        format!("{}-{}", self.options.ocid_prefix.as_str(), encode(part))
    }

    fn release_id(&self, ocid: &str) -> String {
        format!("{ocid}-{}", self.options.published.format("%Y%m%dT%H%M%SZ"))
    }

    fn buyer_id(&self) -> String {
        let slug: String = self
            .authority
            .council_name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
            .collect();
        let slug = slug.split('-').filter(|s| !s.is_empty()).collect::<Vec<_>>().join("-");
        format!("buyer-{slug}")
    }

    fn buyer_ref(&self) -> Value {
        json!({ "id": self.buyer_id(), "name": self.authority.council_name })
    }

    fn parties(&self, parties: Parties<'a>) -> Vec<Value> {
        let mut out = vec![json!({
            "name": self.authority.council_name,
            "id": self.buyer_id(),
            "identifier": { "legalName": self.authority.council_name },
            "roles": ["buyer", "procuringEntity"],
        })];
        for (p, roles) in parties.providers.into_values() {
            let mut org = Map::new();
            org.insert("name".into(), json!(p.legal_name));
            org.insert("id".into(), json!(p.key.as_str()));
            if let Some(n) = &p.companies_house_number {
                org.insert("identifier".into(), json!({ "scheme": "GB-COH", "id": n, "legalName": p.legal_name }));
            }
            org.insert("address".into(), address(&p.address));
            org.insert("roles".into(), json!(roles.iter().map(|r| r.code()).collect::<Vec<_>>()));
            out.push(Value::Object(org));
        }
        out
    }

    /// A round's release, and the keys of the contracts it carries.
    fn round_release(&self, round: &'a Round) -> Result<(Value, Vec<&'a Key>), OpenDataError> {
        let facts = self.round_facts(round)?;
        let mut parties = Parties::default();
        let tender = self.tender(&facts, &mut parties)?;
        let mut release = Map::new();
        let ocid = self.ocid(round.key.as_str());
        release.insert("ocid".into(), json!(ocid));
        release.insert("id".into(), json!(self.release_id(&ocid)));
        release.insert("date".into(), json!(instant(self.options.published)));
        let mut tags = vec!["tender"];
        release.insert("initiationType".into(), json!("tender"));
        // `parties` goes here; filled in once every reference is known.
        release.insert("parties".into(), Value::Null);
        release.insert("buyer".into(), self.buyer_ref());
        release.insert("tender".into(), Value::Object(tender));
        if facts.opened {
            release.insert("bids".into(), self.bids(round, &facts.lots, &mut parties)?);
        }
        let awards = self.awards(&facts, &mut parties)?;
        if !awards.is_empty() {
            tags.push("award");
            release.insert("awards".into(), json!(awards));
        }
        let mut contract_values = Vec::new();
        for (c, d, entry) in &facts.contracts {
            let provider = self.index.provider(&c.provider, || format!("contract {}", c.key))?;
            parties.add(provider, Role::Supplier);
            contract_values.push(contract(c, &award_id(d, entry)));
        }
        if !contract_values.is_empty() {
            tags.push("contract");
            release.insert("contracts".into(), json!(contract_values));
        }
        release.insert("language".into(), json!("en"));
        release.insert("tag".into(), json!(tags));
        release.insert("parties".into(), json!(self.parties(parties)));
        Ok((reorder(release), facts.contracts.iter().map(|(c, _, _)| &c.key).collect()))
    }

    /// What a round's release is made from: its arrangement and lots, its award decisions, the
    /// contracts let from them and the status of the process.
    fn round_facts(&self, round: &'a Round) -> Result<RoundFacts<'a>, OpenDataError> {
        let index = self.index;
        let from = || format!("round {}", round.key);
        let arrangement = index.arrangement(&round.arrangement, from)?;
        let lots: Vec<&Lot> = round.lots.iter().map(|l| index.lot(l, from)).collect::<Result<_, _>>()?;
        let mut decisions: Vec<&AwardDecision> = index.ds.awards.iter().filter(|a| a.round == round.key).collect();
        decisions.sort_by(|a, b| a.key.cmp(&b.key));
        let awarded_lots: BTreeSet<&Key> =
            decisions.iter().filter(|d| d.withdrawn.is_none()).flat_map(|d| d.awarded.iter().map(|a| &a.lot)).collect();
        // Contracts let from this round's awards, each with the award entry it comes from.
        let mut contracts: Vec<(&Contract, &AwardDecision, &Awarded)> = Vec::new();
        for c in &index.ds.contracts {
            let Some(award_key) = &c.award else { continue };
            let Some(d) = decisions.iter().find(|d| &d.key == award_key) else { continue };
            if let Some(entry) = awarded_entry(d, c) {
                contracts.push((c, d, entry));
            }
        }
        contracts.sort_by(|a, b| a.0.key.cmp(&b.0.key));
        let status = if !awarded_lots.is_empty() {
            "complete"
        } else if self.options.published.date_naive() < round.timetable.published {
            "planned"
        } else {
            "active"
        };
        let opened = round.bids_opened.is_some();
        Ok(RoundFacts { round, arrangement, lots, decisions, awarded_lots, contracts, status, opened })
    }

    /// The tender: the round, its periods, the arrangement's term where the round lets the
    /// arrangement itself, the tenderers once the bids are opened, and the lots.
    fn tender(&self, facts: &RoundFacts<'a>, parties: &mut Parties<'a>) -> Result<Map<String, Value>, OpenDataError> {
        let (round, arrangement) = (facts.round, facts.arrangement);
        let mut tender = Map::new();
        tender.insert("id".into(), json!(round.key.as_str()));
        tender.insert("title".into(), json!(round.title));
        let regime = round.regime.unwrap_or(arrangement.regime);
        tender.insert(
            "description".into(),
            json!(format!(
                "{} under {} ({}), {}",
                round.kind.label(),
                arrangement.title,
                arrangement.key,
                regime.label()
            )),
        );
        tender.insert("status".into(), json!(facts.status));
        tender.insert("procuringEntity".into(), self.buyer_ref());
        let method = if round.kind == RoundKind::MiniCompetition { "selective" } else { "open" };
        tender.insert("procurementMethod".into(), json!(method));
        tender.insert("procurementMethodDetails".into(), json!(format!("{}; {}", round.kind.label(), regime.label())));
        tender.insert("mainProcurementCategory".into(), json!("services"));
        let tt = &round.timetable;
        tender.insert(
            "tenderPeriod".into(),
            json!({ "startDate": day_start(tt.published), "endDate": instant(tt.submission_deadline) }),
        );
        if let Some(c) = tt.clarification_deadline {
            tender
                .insert("enquiryPeriod".into(), json!({ "startDate": day_start(tt.published), "endDate": instant(c) }));
        }
        tender.insert("hasEnquiries".into(), json!(!round.clarifications.is_empty()));
        if let Some(term) = facts.arrangement_term() {
            tender.insert("contractPeriod".into(), period(term.start, term.current_end(), term.latest_possible_end()));
            insert_options(&mut tender, term);
        }
        if facts.opened {
            let refs = self.tenderers(round, parties)?;
            tender.insert("numberOfTenderers".into(), json!(refs.len()));
            tender.insert("tenderers".into(), json!(refs));
        }
        tender.insert("lots".into(), json!(facts.lots.iter().map(|lot| tender_lot(facts, lot)).collect::<Vec<_>>()));
        Ok(tender)
    }

    /// The providers that bid, each once, by key.
    fn tenderers(&self, round: &Round, parties: &mut Parties<'a>) -> Result<Vec<Value>, OpenDataError> {
        let mut bidders: Vec<&Key> = self.submissions(round).iter().map(|s| &s.bidder).collect();
        bidders.sort();
        bidders.dedup();
        let mut refs = Vec::new();
        for k in bidders {
            refs.push(parties.add(self.index.provider(k, || format!("round {}", round.key))?, Role::Tenderer));
        }
        Ok(refs)
    }

    /// One award per provider awarded a lot by each decision, cancelled where the decision was
    /// withdrawn, with its value where one contract was let from it.
    fn awards(&self, facts: &RoundFacts<'a>, parties: &mut Parties<'a>) -> Result<Vec<Value>, OpenDataError> {
        let mut awards = Vec::new();
        for d in &facts.decisions {
            for entry in &d.awarded {
                let from = || format!("award {}", d.key);
                let provider = self.index.provider(&entry.provider, from)?;
                let lot = self.index.lot(&entry.lot, from)?;
                let mut a = Map::new();
                a.insert("id".into(), json!(award_id(d, entry)));
                a.insert("title".into(), json!(format!("Lot {} {} — {}", lot.number, lot.title, provider.legal_name)));
                if let Some(w) = &d.withdrawn {
                    a.insert("description".into(), json!(format!("The award decision was withdrawn on {}.", w.on)));
                }
                a.insert("status".into(), json!(if d.withdrawn.is_some() { "cancelled" } else { "active" }));
                a.insert("date".into(), json!(day_start(d.decided_on)));
                let mine: Vec<&Contract> = facts
                    .contracts
                    .iter()
                    .filter(|(_, cd, ce)| cd.key == d.key && ce.submission == entry.submission)
                    .map(|(c, _, _)| *c)
                    .collect();
                if let [c] = mine.as_slice() {
                    a.insert("value".into(), value(c.estimated_value));
                }
                a.insert("suppliers".into(), json!([parties.add(provider, Role::Supplier)]));
                a.insert("relatedLots".into(), json!([entry.lot.as_str()]));
                if facts.opened {
                    a.insert("relatedBid".into(), json!(entry.submission.as_str()));
                }
                awards.push(Value::Object(a));
            }
        }
        Ok(awards)
    }

    fn submissions(&self, round: &Round) -> Vec<&'a Submission> {
        let mut subs: Vec<&Submission> = self.index.ds.submissions.iter().filter(|s| s.round == round.key).collect();
        subs.sort_by(|a, b| a.key.cmp(&b.key));
        subs
    }

    /// The bids of an opened round: who bid for which lot, the status, and the rates offered.
    fn bids(&self, round: &Round, lots: &[&Lot], parties: &mut Parties<'a>) -> Result<Value, OpenDataError> {
        let subs = self.submissions(round);
        let mut details = Vec::new();
        for s in &subs {
            let provider = self.index.provider(&s.bidder, || format!("bid {}", s.key))?;
            let lot = lots.iter().find(|l| l.key == s.lot).copied();
            let mut b = Map::new();
            b.insert("id".into(), json!(s.key.as_str()));
            b.insert("date".into(), json!(instant(s.received_at)));
            b.insert("status".into(), json!(bid_status(s.status)));
            let mut items: Vec<Value> = s.prices.iter().map(|p| price_item(p, lot, &s.lot)).collect();
            if let Some(w) = s.live_in_weekly {
                items.push(json!({
                    "id": "live-in",
                    "description": "Live-in care, weekly rate",
                    "unit": { "name": "week", "value": value(w) },
                    "relatedLot": s.lot.as_str(),
                }));
            }
            if !items.is_empty() {
                b.insert("items".into(), json!(items));
            }
            b.insert("tenderers".into(), json!([parties.add(provider, Role::Tenderer)]));
            b.insert("relatedLots".into(), json!([s.lot.as_str()]));
            details.push(Value::Object(b));
        }
        let date = round.bids_opened.as_ref().map(|o| instant(o.at));
        let mut statistics = vec![statistic("bids", "bids", subs.len(), None, date.as_deref())];
        let valid = subs.iter().filter(|s| s.status == SubmissionStatus::Compliant).count();
        statistics.push(statistic("validBids", "validBids", valid, None, date.as_deref()));
        for lot in lots {
            let n = subs.iter().filter(|s| s.lot == lot.key).count();
            statistics.push(statistic(&format!("bids-{}", lot.key), "bids", n, Some(&lot.key), date.as_deref()));
        }
        Ok(json!({ "statistics": statistics, "details": details }))
    }

    /// A contract let outside a round, as its own contracting process.
    fn contract_release(&self, c: &Contract) -> Result<Value, OpenDataError> {
        let from = || format!("contract {}", c.key);
        let provider = self.index.provider(&c.provider, from)?;
        let arrangement = self.index.arrangement(&c.arrangement, from)?;
        let lot = c.lot.as_ref().map(|l| self.index.lot(l, from)).transpose()?;
        let mut parties = Parties::default();
        let supplier = parties.add(provider, Role::Supplier);
        let ocid = self.ocid(&format!("contract-{}", c.key));
        let award_id = format!("{}-award", c.key);

        let mut tender = Map::new();
        tender.insert("id".into(), json!(format!("{}-tender", c.key)));
        tender.insert("title".into(), json!(c.title));
        tender.insert(
            "description".into(),
            json!(format!("{} under {} ({})", arrangement.kind.label(), arrangement.title, arrangement.key)),
        );
        tender.insert("status".into(), json!("complete"));
        tender.insert("procuringEntity".into(), self.buyer_ref());
        tender.insert("procurementMethod".into(), json!(route_method(c.route)));
        tender.insert("procurementMethodDetails".into(), json!(register::route(c.route)));
        tender.insert("mainProcurementCategory".into(), json!("services"));
        match lot {
            Some(l) => {
                let mut lm = Map::new();
                lm.insert("id".into(), json!(l.key.as_str()));
                lm.insert("title".into(), json!(format!("Lot {} {}", l.number, l.title)));
                lm.insert("description".into(), json!(lot_description(l)));
                lm.insert("status".into(), json!("complete"));
                insert_options(&mut lm, &c.term);
                tender.insert("lots".into(), json!([Value::Object(lm)]));
            }
            None => insert_options(&mut tender, &c.term),
        }

        let mut award = Map::new();
        award.insert("id".into(), json!(award_id));
        award.insert("title".into(), json!(c.title));
        award.insert("status".into(), json!("active"));
        award.insert("value".into(), value(c.estimated_value));
        award.insert("suppliers".into(), json!([supplier]));
        if let Some(l) = lot {
            award.insert("relatedLots".into(), json!([l.key.as_str()]));
        }

        let release = json!({
            "ocid": ocid,
            "id": self.release_id(&ocid),
            "date": instant(self.options.published),
            "tag": ["tender", "award", "contract"],
            "initiationType": "tender",
            "parties": self.parties(parties),
            "buyer": self.buyer_ref(),
            "tender": tender,
            "awards": [award],
            "contracts": [contract(c, &award_id)],
            "language": "en",
        });
        Ok(release)
    }
}

/// The entry of a decision a contract comes from: its provider, on its lot where it has one.
fn awarded_entry<'d>(d: &'d AwardDecision, c: &Contract) -> Option<&'d Awarded> {
    d.awarded.iter().find(|a| a.provider == c.provider && c.lot.as_ref().is_none_or(|l| *l == a.lot))
}

fn award_id(d: &AwardDecision, entry: &Awarded) -> String {
    format!("{}:{}", d.key, entry.submission)
}

fn contract(c: &Contract, award_id: &str) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), json!(c.key.as_str()));
    m.insert("awardID".into(), json!(award_id));
    m.insert("title".into(), json!(c.title));
    m.insert("status".into(), json!(contract_status(c.status)));
    let end = register::end_date(c);
    m.insert("period".into(), period(c.term.start, end, register::latest_end(c)));
    m.insert("value".into(), value(c.estimated_value));
    let amendments = exercised_options(&c.term);
    if !amendments.is_empty() {
        m.insert("amendments".into(), json!(amendments));
    }
    Value::Object(m)
}

/// Each exercised extension option, as an amendment of the contract.
fn exercised_options(term: &Term) -> Vec<Value> {
    let n = term.extension_options.len();
    let mut months = 0;
    let mut out = Vec::new();
    for (i, o) in term.extension_options.iter().enumerate() {
        if o.status != OptionStatus::Exercised {
            continue;
        }
        months += o.months;
        let mut a = Map::new();
        a.insert("id".into(), json!(format!("extension-{}", i + 1)));
        if let Some(d) = o.decided_on {
            a.insert("date".into(), json!(day_start(d)));
        }
        a.insert("rationale".into(), json!("An extension option of the contract was exercised."));
        a.insert(
            "description".into(),
            json!(format!(
                "Extension option {} of {n} ({} months) exercised; the contract now runs to {}.",
                i + 1,
                o.months,
                add_months_to_end(term.initial_end, months)
            )),
        );
        out.push(Value::Object(a));
    }
    out
}

/// The options extension's `hasOptions` and `options.description`, from a term's extension options.
fn insert_options(m: &mut Map<String, Value>, term: &Term) {
    m.insert("hasOptions".into(), json!(!term.extension_options.is_empty()));
    if let Some(text) = options_text(term) {
        m.insert("options".into(), json!({ "description": text }));
    }
}

fn options_text(term: &Term) -> Option<String> {
    if term.extension_options.is_empty() {
        return None;
    }
    let each: Vec<String> = term
        .extension_options
        .iter()
        .map(|o| {
            let status = match (o.status, o.decided_on) {
                (OptionStatus::Available, _) => "available".to_owned(),
                (OptionStatus::Exercised, Some(d)) => format!("exercised on {d}"),
                (OptionStatus::Declined, Some(d)) => format!("declined on {d}"),
                (OptionStatus::Exercised, None) => "exercised".to_owned(),
                (OptionStatus::Declined, None) => "declined".to_owned(),
            };
            format!("{} months, to be decided by {} ({status})", o.months, o.decide_by)
        })
        .collect();
    let n = each.len();
    Some(format!(
        "{} option{} to extend the term beyond its initial end of {}: {}. With every option still open, the \
         term can run to {}.",
        n,
        if n == 1 { "" } else { "s" },
        term.initial_end,
        each.join("; "),
        term.latest_possible_end()
    ))
}

fn lot_description(lot: &Lot) -> String {
    let mut s = lot.service.label().to_owned();
    if !lot.zones.is_empty() {
        let zones: Vec<String> =
            lot.zones.iter().map(|z| format!("{} {} ({})", z.code, z.name, z.setting.label().to_lowercase())).collect();
        s.push_str(&format!(". Zones: {}", zones.join(", ")));
    }
    s
}

fn price_item(p: &BidPrice, lot: Option<&Lot>, lot_key: &Key) -> Value {
    let (id, description) = match &p.zone {
        Some(code) => {
            let name = lot.and_then(|l| l.zone(code)).map(|z| format!(" {}", z.name)).unwrap_or_default();
            (format!("zone-{code}"), format!("Hourly rate in zone {code}{name}"))
        }
        None => ("hourly".to_owned(), "Hourly rate".to_owned()),
    };
    json!({
        "id": id,
        "description": description,
        "unit": { "name": "hour", "value": value(p.hourly) },
        "relatedLot": lot_key.as_str(),
    })
}

fn statistic(id: &str, measure: &str, n: usize, lot: Option<&Key>, date: Option<&str>) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), json!(id));
    m.insert("measure".into(), json!(measure));
    if let Some(d) = date {
        m.insert("date".into(), json!(d));
    }
    m.insert("value".into(), json!(n));
    if let Some(l) = lot {
        m.insert("relatedLot".into(), json!(l.as_str()));
    }
    Value::Object(m)
}

fn bid_status(s: SubmissionStatus) -> &'static str {
    match s {
        SubmissionStatus::Received => "pending",
        SubmissionStatus::Compliant => "valid",
        SubmissionStatus::Excluded => "disqualified",
        SubmissionStatus::Withdrawn => "withdrawn",
    }
}

fn contract_status(s: ContractStatus) -> &'static str {
    match s {
        ContractStatus::Pending => "pending",
        ContractStatus::Active | ContractStatus::Extended => "active",
        ContractStatus::Expired | ContractStatus::Terminated => "terminated",
    }
}

fn route_method(r: ProcurementRoute) -> &'static str {
    match r {
        ProcurementRoute::InvitationToTender => "open",
        ProcurementRoute::InvitationToQuote => "limited",
        ProcurementRoute::CallOffFromFramework => "selective",
        ProcurementRoute::DirectAward => "direct",
    }
}

fn org_ref(p: &Provider) -> Value {
    json!({ "id": p.key.as_str(), "name": p.legal_name })
}

fn address(a: &Address) -> Value {
    json!({
        "streetAddress": a.lines.join(", "),
        "locality": a.town,
        "postalCode": a.postcode,
        "countryName": "United Kingdom",
    })
}

/// An amount in pounds, as OCDS's number. Pence below 2^53 convert exactly enough that the
/// shortest form printed is the amount to the penny ("22.44").
fn value(m: Money) -> Value {
    json!({ "amount": m.pence() as f64 / 100.0, "currency": "GBP" })
}

fn period(start: NaiveDate, end: NaiveDate, max: NaiveDate) -> Value {
    json!({ "startDate": day_start(start), "endDate": day_end(end), "maxExtentDate": day_end(max) })
}

fn day_start(d: NaiveDate) -> String {
    format!("{d}T00:00:00Z")
}

fn day_end(d: NaiveDate) -> String {
    format!("{d}T23:59:59Z")
}

fn instant(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A key as part of an ocid: letters, digits, '-', '_' and '.' as they are, anything else
/// percent-encoded (a key may hold spaces, '/' or '#', and a release id must not hold '#').
fn encode(key: &str) -> String {
    let mut s = String::with_capacity(key.len());
    for b in key.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.') {
            s.push(b as char);
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    s
}

/// The release's fields in the order the standard lists them.
fn reorder(mut m: Map<String, Value>) -> Value {
    let order = [
        "ocid",
        "id",
        "date",
        "tag",
        "initiationType",
        "parties",
        "buyer",
        "tender",
        "bids",
        "awards",
        "contracts",
        "language",
    ];
    let mut out = Map::new();
    for k in order {
        if let Some(v) = m.remove(k) {
            out.insert(k.to_owned(), v);
        }
    }
    out.extend(m);
    Value::Object(out)
}
