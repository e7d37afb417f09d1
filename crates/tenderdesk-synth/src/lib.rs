//! Synthetic data sets in the dataset format (docs/data-format.md), deterministic from a seed: a
//! decade of a large county for benchmarks, and the same shape at about a hundredth for tests.
//!
//! Every record passes the domain's checks: evaluators declare their interests before marking,
//! compliant bids carry a result for every gate and prices on the round's basis, marks lie within
//! their scale with a justification, timetables run in order, keys and natural keys are unique.
//! Names of people, places and companies are invented.
//!
//! The large set holds 1.5 million marks, so [`write`] streams it straight to a writer in the
//! exact bytes `tenderdesk export` would write for the same records (pretty JSON, two-space
//! indent): generate → import → export gives the file back unchanged. Each record's random
//! choices come from a generator seeded by (seed, kind, record number), so records need not be
//! held in memory to stay consistent with one another, and the same seed always gives the same
//! bytes. The generator is a SplitMix64 written here rather than a crate's, so that the bytes do
//! not change when a dependency does.

use std::io::{self, Write};
use std::str::FromStr;

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, TimeZone, Utc};
use rust_decimal::Decimal;
use tenderdesk_domain::dataset::{FORMAT, FORMAT_VERSION};
use tenderdesk_domain::*;

/// How big a data set to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// About a hundredth of `Large`, for tests: quick to make and import.
    Small,
    /// A decade of a large county: 3,000 providers, 40 arrangements of 15 lots with 10 zones,
    /// 1,000 rounds of 25 bids marked by 5 evaluators on 12 questions (1.5 million marks).
    Large,
}

impl FromStr for Scale {
    type Err = String;
    fn from_str(s: &str) -> Result<Scale, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "small" => Ok(Scale::Small),
            "large" => Ok(Scale::Large),
            _ => Err(format!("\"{s}\" is not a scale; the scales are: small, large")),
        }
    }
}

/// The numbers that make a data set's size. Rounds are mini-competitions on one lot among the
/// providers admitted to it, so `admitted_per_lot` must be at least `bids_per_round`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shape {
    pub providers: usize,
    pub arrangements: usize,
    pub lots_per_arrangement: usize,
    pub zones_per_lot: usize,
    pub admitted_per_lot: usize,
    pub rounds: usize,
    pub bids_per_round: usize,
    pub evaluators_per_round: usize,
    /// Scored questions per round: all but two are quality questions, two are interview ones.
    pub questions: usize,
    /// Contracts in all: one per award place, the rest called off without a competition.
    pub contracts: usize,
    /// Weekly activity snapshots for each arrangement and for the whole service, and monthly
    /// spend, over this many years from 1 April 2016.
    pub years: u32,
}

impl Shape {
    pub fn of(scale: Scale) -> Shape {
        match scale {
            Scale::Large => Shape {
                providers: 3_000,
                arrangements: 40,
                lots_per_arrangement: 15,
                zones_per_lot: 10,
                admitted_per_lot: 30,
                rounds: 1_000,
                bids_per_round: 25,
                evaluators_per_round: 5,
                questions: 12,
                contracts: 20_000,
                years: 10,
            },
            Scale::Small => Shape {
                providers: 40,
                arrangements: 2,
                lots_per_arrangement: 3,
                zones_per_lot: 4,
                admitted_per_lot: 30,
                rounds: 10,
                bids_per_round: 25,
                evaluators_per_round: 5,
                questions: 12,
                contracts: 200,
                years: 2,
            },
        }
    }

    /// The marks the shape makes: every evaluator marks every question of every bid.
    pub fn marks(&self) -> usize {
        self.rounds * self.bids_per_round * self.evaluators_per_round * self.questions
    }

    fn check(&self) -> Result<(), String> {
        let positive = [
            self.providers,
            self.arrangements,
            self.lots_per_arrangement,
            self.zones_per_lot,
            self.admitted_per_lot,
            self.bids_per_round,
            self.evaluators_per_round,
        ];
        if positive.contains(&0) || self.years == 0 {
            return Err("every number of the shape but rounds and contracts must be at least 1".into());
        }
        if self.admitted_per_lot > self.providers || self.bids_per_round > self.admitted_per_lot {
            return Err("bids per round ≤ providers admitted per lot ≤ providers".into());
        }
        if !(3..=99).contains(&self.questions) || self.evaluators_per_round > 99 || self.bids_per_round > 999 {
            return Err("questions 3 to 99, at most 99 evaluators and 999 bids per round".into());
        }
        if self.arrangements > 999 || self.lots_per_arrangement > 99 || self.zones_per_lot > 99 {
            return Err("at most 999 arrangements of 99 lots of 99 zones".into());
        }
        if self.contracts < self.rounds * 3 {
            return Err("contracts must be at least three times the rounds (one per award place)".into());
        }
        Ok(())
    }
}

/// The whole data set in memory (fine for `Small`; `Large` is better streamed with [`write`]).
pub fn generate(scale: Scale, seed: u64) -> Dataset {
    generate_shape(&Shape::of(scale), seed).expect("the built-in shapes are consistent")
}

/// A data set of any consistent shape, in memory.
pub fn generate_shape(shape: &Shape, seed: u64) -> Result<Dataset, String> {
    let plan = Plan::new(shape, seed)?;
    let mut sink = Collect(Dataset::default());
    plan.emit(&mut sink).map_err(|e| e.to_string())?;
    Ok(sink.0)
}

/// Writes a data set of the shape to `out`, record by record, as the dataset document; returns
/// how many records of each kind it wrote.
pub fn write(shape: &Shape, seed: u64, out: impl Write) -> io::Result<Vec<(Kind, usize)>> {
    let plan = Plan::new(shape, seed).map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
    let mut sink = JsonSink { out: io::BufWriter::with_capacity(1 << 20, out), count: 0, counts: Vec::new() };
    sink.out
        .write_all(format!("{{\n  \"format\": \"{FORMAT}\",\n  \"format_version\": {FORMAT_VERSION}").as_bytes())?;
    plan.emit(&mut sink)?;
    sink.out.write_all(b"\n}\n")?;
    sink.out.flush()?;
    Ok(sink.counts)
}

/// Where generated records go.
trait Sink {
    fn begin(&mut self, kind: Kind) -> io::Result<()>;
    fn put<T: Listed>(&mut self, record: T) -> io::Result<()>;
    fn end(&mut self) -> io::Result<()>;
}

struct Collect(Dataset);

impl Sink for Collect {
    fn begin(&mut self, _: Kind) -> io::Result<()> {
        Ok(())
    }
    fn put<T: Listed>(&mut self, record: T) -> io::Result<()> {
        T::push(&mut self.0, record);
        Ok(())
    }
    fn end(&mut self) -> io::Result<()> {
        Ok(())
    }
}

struct JsonSink<W: Write> {
    out: io::BufWriter<W>,
    count: usize,
    counts: Vec<(Kind, usize)>,
}

impl<W: Write> Sink for JsonSink<W> {
    fn begin(&mut self, kind: Kind) -> io::Result<()> {
        self.count = 0;
        self.counts.push((kind, 0));
        if kind == Kind::Authority {
            self.out.write_all(b",\n  \"authority\": ")
        } else {
            write!(self.out, ",\n  \"{}\": [", kind.plural())
        }
    }

    fn put<T: Listed>(&mut self, record: T) -> io::Result<()> {
        let text = serde_json::to_string_pretty(&record).map_err(io::Error::other)?;
        let indent: &[u8] = if T::KIND == Kind::Authority { b"\n  " } else { b"\n    " };
        if T::KIND != Kind::Authority {
            self.out.write_all(if self.count == 0 { b"\n    " } else { b",\n    " })?;
        }
        let mut lines = text.split('\n');
        if let Some(first) = lines.next() {
            self.out.write_all(first.as_bytes())?;
        }
        for line in lines {
            self.out.write_all(indent)?;
            self.out.write_all(line.as_bytes())?;
        }
        self.count += 1;
        if let Some(last) = self.counts.last_mut() {
            last.1 = self.count;
        }
        Ok(())
    }

    fn end(&mut self) -> io::Result<()> {
        match self.counts.last() {
            Some((Kind::Authority, _)) => Ok(()),
            _ if self.count == 0 => self.out.write_all(b"]"),
            _ => self.out.write_all(b"\n  ]"),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Randomness: SplitMix64, one stream per (seed, kind, record number).

struct Rng(u64);

impl Rng {
    fn new(seed: u64, stream: u64, index: u64) -> Rng {
        let mut r = Rng(seed ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        r.0 = r.next() ^ index.wrapping_mul(0xD1B5_4A32_D192_ED03);
        r.next();
        r
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    fn below(&mut self, n: u64) -> u64 {
        (((self.next() >> 11) as u128 * n as u128) >> 53) as u64
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

// Streams, one per kind of choice.
const S_PROVIDER: u64 = 1;
const S_ARRANGEMENT: u64 = 2;
const S_LOT: u64 = 3;
const S_ROUND: u64 = 4;
const S_BID: u64 = 5;
const S_EVALUATOR: u64 = 6;
const S_MARK: u64 = 7;
const S_CONTRACT: u64 = 8;
const S_ACTIVITY: u64 = 9;
const S_SPEND: u64 = 10;
const S_ADMIT: u64 = 11;

// ---------------------------------------------------------------------------------------------
// Invented words.

const FIRST: &[&str] = &[
    "Alys", "Bethan", "Callum", "Delyth", "Eamon", "Farah", "Gethin", "Hollis", "Imani", "Jory", "Keziah", "Lowen",
    "Mared", "Nell", "Orrin", "Perrin", "Quilla", "Rhodri", "Saoirse", "Tamsin", "Ulric", "Verity", "Wenna", "Xander",
    "Yestin", "Zelie", "Anouk", "Bram", "Cerys", "Dorian", "Elowen", "Fenn", "Gwilym", "Hester", "Idris", "Juno",
    "Kit", "Linnea", "Merrin", "Niamh",
];
const LAST: &[&str] = &[
    "Ashdown",
    "Blakemore",
    "Corrigan",
    "Dunmore",
    "Everleigh",
    "Fairweather",
    "Gorringe",
    "Halloran",
    "Ingleby",
    "Jessop",
    "Kettleborough",
    "Lathbury",
    "Marwood",
    "Norcott",
    "Oakridge",
    "Pennycott",
    "Quarrell",
    "Redfearn",
    "Stainthorpe",
    "Treloar",
    "Underhill",
    "Vosper",
    "Wickenden",
    "Yarwood",
    "Amberton",
    "Brackley",
    "Colebrook",
    "Dewhirst",
    "Eldridge",
    "Fothergill",
    "Greatorex",
    "Hebblethwaite",
    "Illingworth",
    "Kinsella",
    "Loxley",
    "Mossop",
    "Nettleship",
    "Pendlebury",
    "Rowntree",
    "Summerbee",
];
const PLACE_A: &[&str] = &[
    "Ash", "Brock", "Cold", "Dun", "Elm", "Fern", "Gold", "Hart", "Iver", "Kings", "Long", "Mill", "North", "Oak",
    "Pen", "Red", "Stan", "Thorn", "Upper", "Wold",
];
const PLACE_B: &[&str] =
    &["by", "ford", "ham", "ley", "wick", "bridge", "combe", "field", "stow", "thorpe", "well", "den", "mere", "worth"];
const COMPANY_A: &[&str] = &[
    "Amber",
    "Beacon",
    "Bramble",
    "Cedar",
    "Compass",
    "Dovecote",
    "Evergreen",
    "Foxglove",
    "Harbour",
    "Heartwood",
    "Juniper",
    "Kindred",
    "Lantern",
    "Meadow",
    "Orchard",
    "Primrose",
    "Quayside",
    "Rowan",
    "Saffron",
    "Silverbirch",
    "Starling",
    "Thistle",
    "Willow",
    "Wren",
];
const COMPANY_B: &[&str] = &[
    "Home Care",
    "Homecare",
    "Care Services",
    "Community Care",
    "Support Services",
    "Care Partnership",
    "Living",
    "Care at Home",
    "Healthcare",
    "Care Group",
];
const STREETS: &[&str] =
    &["High Street", "Station Road", "Church Lane", "Mill Road", "Victoria Street", "Park Avenue", "The Green"];
const ROLES: &[&str] = &[
    "Commissioning Officer",
    "Commissioning Manager",
    "Contracts Officer",
    "Quality Assurance Officer",
    "Service Manager, Adult Social Care",
    "Finance Business Partner",
];
const LOT_TITLES: &[&str] = &[
    "Home care",
    "Supported living — learning and physical disabilities",
    "Supported living — mental health",
    "Live-in care",
    "Extra care",
    "Reablement",
];
const QUESTION_TITLES: &[&str] = &[
    "Service delivery and coverage",
    "Workforce recruitment and retention",
    "Safeguarding",
    "Quality assurance and continuous improvement",
    "Mobilisation",
    "Outcomes for the people supported",
    "Working with carers and families",
    "Medication management",
    "Electronic call monitoring and rostering",
    "Business continuity",
    "Social value in the locality",
    "Equality, diversity and inclusion",
];
const JUSTIFICATIONS: [&str; 6] = [
    "No response, or the response does not address the requirement.",
    "The response has significant gaps and raises serious concerns.",
    "The response addresses the requirement with notable weaknesses.",
    "Meets the requirement with minor weaknesses; some points needed more evidence.",
    "Meets the requirement in full, with clear local evidence and some added value.",
    "Exceeds the requirement, with strong and specific evidence throughout.",
];
const DESCRIPTORS: [&str; 6] = ["Unacceptable", "Poor", "Weak", "Satisfactory", "Good", "Excellent"];

fn person(rng: &mut Rng) -> String {
    format!("{} {}", rng.pick(FIRST), rng.pick(LAST))
}

fn place(i: u64) -> String {
    let a = PLACE_A[(i % PLACE_A.len() as u64) as usize];
    let b = PLACE_B[((i / PLACE_A.len() as u64) % PLACE_B.len() as u64) as usize];
    format!("{a}{b}")
}

// ---------------------------------------------------------------------------------------------
// Dates.

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a real date")
}

fn plus(d: NaiveDate, days: i64) -> NaiveDate {
    if days >= 0 {
        d + Days::new(days as u64)
    } else {
        d - Days::new(days.unsigned_abs())
    }
}

fn at(d: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
    Utc.from_utc_datetime(&d.and_time(NaiveTime::from_hms_opt(hour, minute, 0).expect("a real time")))
}

fn month_end(d: NaiveDate) -> NaiveDate {
    let (y, m) = if d.month() == 12 { (d.year() + 1, 1) } else { (d.year(), d.month() + 1) };
    plus(date(y, m, 1), -1)
}

fn money(pence: i64) -> Money {
    Money::from_pence(pence).expect("generated amounts are positive")
}

fn key(s: String) -> Key {
    Key::parse(&s).expect("generated keys are valid")
}

fn pct(n: i64) -> Percent {
    Percent::new(Decimal::from(n)).expect("a percentage from 0 to 100")
}

fn hours(d: Decimal) -> Hours {
    Hours::new(d).expect("a number of hours")
}

// ---------------------------------------------------------------------------------------------
// The plan: what must agree between kinds, computed once; everything else comes from the RNG.

const FIRST_DAY: (i32, u32, u32) = (2016, 4, 1);

struct ArrPlan {
    kind: ArrangementKind,
    service: ServiceType,
    regime: Regime,
    term: Term,
    /// The days of the initial term.
    initial_days: i64,
}

struct RoundPlan {
    arrangement: usize,
    /// Global lot number (arrangement × lots per arrangement + lot).
    lot: usize,
    published: NaiveDate,
    zone_basket: bool,
    places: usize,
}

struct Plan {
    shape: Shape,
    seed: u64,
    first_day: NaiveDate,
    last_day: NaiveDate,
    arrangements: Vec<ArrPlan>,
    /// The providers admitted to each lot (by global lot number), in admission order.
    admitted: Vec<Vec<usize>>,
    rounds: Vec<RoundPlan>,
}

impl Plan {
    fn new(shape: &Shape, seed: u64) -> Result<Plan, String> {
        shape.check()?;
        let first_day = date(FIRST_DAY.0, FIRST_DAY.1, FIRST_DAY.2);
        let last_day = plus(date(FIRST_DAY.0 + shape.years as i32, FIRST_DAY.1, FIRST_DAY.2), -1);
        let span = (last_day - first_day).num_days();
        let a_count = shape.arrangements;
        let mut arrangements = Vec::with_capacity(a_count);
        for a in 0..a_count {
            let mut rng = Rng::new(seed, S_ARRANGEMENT, a as u64);
            // Starts spread over the first half of the period; four years, then two options of a year.
            let start = plus(first_day, (span / 2) * a as i64 / a_count as i64);
            let initial_end = plus(date(start.year() + 4, start.month(), start.day()), -1);
            let mut period_end = initial_end;
            let mut options = Vec::new();
            let mut open = false;
            for _ in 0..2 {
                let decide_by = plus(period_end, -180);
                let exercised = !open && decide_by < last_day;
                open |= !exercised;
                options.push(ExtensionOption {
                    months: 12,
                    decide_by,
                    status: if exercised { OptionStatus::Exercised } else { OptionStatus::Available },
                    decided_on: exercised.then(|| plus(decide_by, -21)),
                    decided_by: exercised.then(|| "Director of Adult Social Care".to_owned()),
                });
                period_end = common::add_months_to_end(period_end, 12);
            }
            let term = Term { start, initial_end, extension_options: options, maximum_end: Some(period_end) };
            let kind = *rng.pick(&[
                ArrangementKind::ClosedFramework,
                ArrangementKind::OpenFramework,
                ArrangementKind::DynamicPurchasingSystem,
            ]);
            let service = *rng.pick(&[
                ServiceType::HomeCare,
                ServiceType::HomeCare,
                ServiceType::SupportedLivingLearningAndPhysicalDisabilities,
                ServiceType::SupportedLivingMentalHealth,
                ServiceType::LiveInCare,
            ]);
            let regime =
                if start >= date(2025, 2, 24) { Regime::ProcurementAct2023 } else { Regime::Pcr2015LightTouch };
            arrangements.push(ArrPlan { kind, service, regime, initial_days: (initial_end - start).num_days(), term });
        }

        // Admissions: a run of providers through the pool with a stride coprime to its size, so
        // that the providers of a lot are distinct.
        let n = shape.providers;
        let stride = [7usize, 11, 13, 17, 19, 23, 1].into_iter().find(|s| gcd(*s, n) == 1).unwrap_or(1);
        let lots = a_count * shape.lots_per_arrangement;
        let admitted = (0..lots)
            .map(|l| {
                let offset = Rng::new(seed, S_ADMIT, l as u64).below(n as u64) as usize;
                (0..shape.admitted_per_lot).map(|j| (offset + j * stride) % n).collect()
            })
            .collect();

        let per_arrangement = shape.rounds.div_ceil(a_count).max(1);
        let rounds = (0..shape.rounds)
            .map(|r| {
                let (a, k) = (r % a_count, r / a_count);
                let ap = &arrangements[a];
                let mut rng = Rng::new(seed, S_ROUND, r as u64);
                let spacing = (ap.initial_days - 250).max(per_arrangement as i64) / per_arrangement as i64;
                RoundPlan {
                    arrangement: a,
                    lot: a * shape.lots_per_arrangement + k % shape.lots_per_arrangement,
                    published: plus(ap.term.start, 60 + k as i64 * spacing + rng.range(0, spacing / 3)),
                    zone_basket: rng.chance(25),
                    places: rng.range(1, 3) as usize,
                }
            })
            .collect();
        Ok(Plan { shape: shape.clone(), seed, first_day, last_day, arrangements, admitted, rounds })
    }

    fn rng(&self, stream: u64, index: u64) -> Rng {
        Rng::new(self.seed, stream, index)
    }

    fn emit<S: Sink>(&self, s: &mut S) -> io::Result<()> {
        s.begin(Kind::Authority)?;
        s.put(self.authority())?;
        s.end()?;
        self.list(s, Kind::Providers, |p, s| (0..p.shape.providers).try_for_each(|i| s.put(p.provider(i))))?;
        self.list(s, Kind::Arrangements, |p, s| (0..p.arrangements.len()).try_for_each(|a| s.put(p.arrangement(a))))?;
        self.list(s, Kind::Lots, |p, s| (0..p.admitted.len()).try_for_each(|l| s.put(p.lot(l))))?;
        self.list(s, Kind::Openings, |p, s| p.openings(s))?;
        self.list(s, Kind::Admissions, |p, s| p.admissions(s))?;
        self.list(s, Kind::Rounds, |p, s| (0..p.rounds.len()).try_for_each(|r| s.put(p.round(r))))?;
        self.list(s, Kind::Submissions, |p, s| {
            (0..p.rounds.len()).try_for_each(|r| p.bids(r).into_iter().try_for_each(|b| s.put(b)))
        })?;
        self.list(s, Kind::Evaluators, |p, s| {
            (0..p.rounds.len())
                .try_for_each(|r| (0..p.shape.evaluators_per_round).try_for_each(|e| s.put(p.evaluator(r, e))))
        })?;
        self.list(s, Kind::Marks, |p, s| (0..p.rounds.len()).try_for_each(|r| p.marks(r, s)))?;
        self.list(s, Kind::ModeratedMarks, |p, s| (0..p.rounds.len()).try_for_each(|r| p.moderated(r, s)))?;
        self.list(s, Kind::Awards, |p, s| (0..p.rounds.len()).try_for_each(|r| s.put(p.award(r))))?;
        self.list(s, Kind::Contracts, |p, s| p.contracts(s))?;
        self.list(s, Kind::Activity, |p, s| p.activity(s))?;
        self.list(s, Kind::Spend, |p, s| p.spend(s))?;
        Ok(())
    }

    fn list<S: Sink>(&self, s: &mut S, kind: Kind, f: impl FnOnce(&Plan, &mut S) -> io::Result<()>) -> io::Result<()> {
        s.begin(kind)?;
        f(self, s)?;
        s.end()
    }

    // --- Records -------------------------------------------------------------------------

    fn authority(&self) -> AuthorityProfile {
        AuthorityProfile {
            council_name: "Westmoor County Council".into(),
            directorate: "Adult Social Care and Health".into(),
            lead_commissioner: Contact {
                name: "Morwenna Treloar".into(),
                role: Some("Head of Commissioning".into()),
                email: Some("commissioning@westmoor.example".into()),
                phone: Some("01632 960000".into()),
            },
            provider_contact_route: Some("Providers contact the commissioning team mailbox.".into()),
            advertising: vec![AdvertisingChannel {
                name: "Westmoor Supplier Portal".into(),
                url: Some("https://suppliers.westmoor.example".into()),
                note: None,
            }],
            regulator: Regulator::Cqc,
            calendar: Nation::EnglandAndWales,
            calendar_adjustments: CalendarAdjustments::default(),
            default_regime: Regime::ProcurementAct2023,
        }
    }

    fn provider_key(&self, i: usize) -> Key {
        key(format!("PRV-{i:05}"))
    }

    fn provider_name(&self, i: usize) -> String {
        let mut rng = self.rng(S_PROVIDER, i as u64);
        format!("{} {}", rng.pick(COMPANY_A), rng.pick(COMPANY_B))
    }

    fn provider(&self, i: usize) -> Provider {
        let name = self.provider_name(i);
        let mut rng = self.rng(S_PROVIDER, i as u64);
        rng.next();
        rng.next();
        let manager = person(&mut rng);
        let rated = plus(self.first_day, rng.range(0, 1500));
        let grade = *rng.pick(&[
            RatingGrade::Good,
            RatingGrade::Good,
            RatingGrade::Good,
            RatingGrade::Outstanding,
            RatingGrade::RequiresImprovement,
        ]);
        let district = rng.range(1, 29);
        let evidence = plus(self.first_day, rng.range(-200, 0));
        Provider {
            key: self.provider_key(i),
            legal_name: format!("{name} Ltd"),
            trading_name: rng.chance(30).then(|| name.clone()),
            companies_house_number: Some(format!("{:08}", 7_000_000 + i * 13)),
            registration: Some(Registration {
                regulator: Regulator::Cqc,
                registration_id: format!("1-{:09}", 100_000_000 + i * 7),
                rating: Some(Rating { grade, date: rated }),
            }),
            address: Address {
                lines: vec![format!("{} {}", rng.range(1, 240), rng.pick(STREETS))],
                town: place(rng.below(280)),
                postcode: format!(
                    "WM{district} {}{}{}",
                    rng.range(1, 9),
                    (b'A' + rng.below(26) as u8) as char,
                    (b'A' + rng.below(26) as u8) as char
                ),
            },
            contacts: vec![Contact {
                name: manager,
                role: Some("Registered Manager".into()),
                email: Some(format!("manager@p{i:05}.example")),
                phone: Some(format!("01632 {:06}", 960_000 + i % 40_000)),
            }],
            sme: rng.chance(80),
            voluntary_sector: rng.chance(10),
            status: ProviderStatus::Active,
            status_since: None,
            prerequisites: vec![
                Prerequisite {
                    requirement: Requirement::RegulatorRegistration,
                    description: Some("Registered with the CQC for personal care".into()),
                    evidence_date: evidence,
                    expires: None,
                },
                Prerequisite {
                    requirement: Requirement::Insurance,
                    description: Some("Employer's liability £10m, public liability £5m".into()),
                    evidence_date: evidence,
                    expires: Some(plus(evidence, 364)),
                },
            ],
        }
    }

    fn arrangement_key(&self, a: usize) -> Key {
        key(format!("ARR-{a:03}"))
    }

    fn arrangement(&self, a: usize) -> Arrangement {
        let ap = &self.arrangements[a];
        let mut rng = self.rng(S_ARRANGEMENT, 1_000_000 + a as u64);
        let start = ap.term.start;
        let end = ap.term.maximum_end.unwrap_or(ap.term.initial_end);
        let decision = plus(start, -90);
        Arrangement {
            key: self.arrangement_key(a),
            title: format!("{} {} {}", place(a as u64 * 7 + 3), ap.service.label(), start.year()),
            kind: ap.kind,
            regime: ap.regime,
            services: vec![ap.service],
            term: ap.term.clone(),
            spend_approval: Some(SpendApproval {
                cap: money(rng.range(20, 90) * 1_000_000 * 100),
                decision_title: Some(format!("Approval of spend through arrangement ARR-{a:03}")),
                decision_reference: format!("CAB/{}/{:03}", decision.year(), a + 1),
                decision_maker: "Cabinet".into(),
                decision_date: decision,
                published_on: Some(plus(decision, 2)),
                effective_from: Some(plus(decision, 10)),
                key_decision: Some(true),
                period_start: start,
                period_end: end,
            }),
            hosted_by: None,
            call_off: CallOffMethod::MiniCompetition,
            call_off_description: None,
            capacity_note: Some(format!("{} hours per week across the lots", rng.range(20, 90) * 100)),
            new_providers: None,
            prerequisites_note: None,
            committee_notes: CommitteeNotes::default(),
        }
    }

    fn lot_key(&self, l: usize) -> Key {
        let per = self.shape.lots_per_arrangement;
        key(format!("LOT-{:03}-{:02}", l / per, l % per + 1))
    }

    fn zone_hours(&self, l: usize, z: usize) -> i64 {
        100 + (Rng::new(self.seed, S_LOT, (l * 100 + z) as u64).below(900) as i64)
    }

    fn lot(&self, l: usize) -> Lot {
        let per = self.shape.lots_per_arrangement;
        let a = l / per;
        let mut rng = self.rng(S_LOT, 1_000_000 + l as u64);
        let zones: Vec<Zone> = (0..self.shape.zones_per_lot)
            .map(|z| Zone {
                code: format!("Z{:02}", z + 1),
                name: place((l * 13 + z) as u64),
                setting: if z % 3 == 2 { Setting::Rural } else { Setting::Urban },
                expected_hours_per_week: Some(hours(Decimal::from(self.zone_hours(l, z)))),
            })
            .collect();
        let base = rng.range(1900, 2300);
        Lot {
            key: self.lot_key(l),
            arrangement: self.arrangement_key(a),
            number: (l % per + 1) as u32,
            title: format!("{} — area {}", LOT_TITLES[l % LOT_TITLES.len()], l % per + 1),
            service: self.arrangements[a].service,
            rate_card: RateCard {
                zone_rates: zones
                    .iter()
                    .enumerate()
                    .map(|(z, zone)| ZoneRate {
                        zone: zone.code.clone(),
                        hourly: money(base + if zone.setting == Setting::Rural { 120 } else { 0 } + z as i64 * 3),
                    })
                    .collect(),
                enhancements: vec![Enhancement { name: "Bank holidays".into(), uplift: Uplift::Percent(pct(50)) }],
                ..RateCard::default()
            },
            zones,
            max_providers: None,
            new_providers: None,
            prerequisites_note: None,
        }
    }

    fn opening_key(&self, a: usize, n: usize) -> Key {
        key(format!("OPN-{a:03}-{n}"))
    }

    fn openings<S: Sink>(&self, s: &mut S) -> io::Result<()> {
        for (a, ap) in self.arrangements.iter().enumerate() {
            s.put(Opening {
                key: self.opening_key(a, 0),
                arrangement: self.arrangement_key(a),
                number: 0,
                title: format!("Establishment of arrangement ARR-{a:03}"),
                lots: Vec::new(),
                commencement: ap.term.start,
            })?;
            if ap.kind != ArrangementKind::ClosedFramework {
                for n in 1..=2 {
                    s.put(Opening {
                        key: self.opening_key(a, n),
                        arrangement: self.arrangement_key(a),
                        number: n as u32,
                        title: format!("Re-opening {n} of arrangement ARR-{a:03}"),
                        lots: Vec::new(),
                        commencement: plus(ap.term.start, 365 * n as i64),
                    })?;
                }
            }
        }
        Ok(())
    }

    fn admissions<S: Sink>(&self, s: &mut S) -> io::Result<()> {
        let per = self.shape.lots_per_arrangement;
        for (l, providers) in self.admitted.iter().enumerate() {
            let a = l / per;
            for (j, p) in providers.iter().enumerate() {
                s.put(Admission {
                    key: key(format!("ADM-{:03}-{:02}-{j:03}", a, l % per + 1)),
                    provider: self.provider_key(*p),
                    lot: self.lot_key(l),
                    opening: self.opening_key(a, 0),
                    admitted_on: self.arrangements[a].term.start,
                    zones: Vec::new(),
                    status: AdmissionStatus::Active,
                    ends: None,
                    capacity_hours_per_week: Some(hours(Decimal::from(50 + (j as i64 * 37) % 400))),
                })?;
            }
        }
        Ok(())
    }

    fn round_key(&self, r: usize) -> Key {
        key(format!("RND-{r:04}"))
    }

    fn timetable(&self, r: usize) -> Timetable {
        let p = self.rounds[r].published;
        Timetable {
            published: p,
            clarification_deadline: Some(at(plus(p, 14), 12, 0)),
            submission_deadline: at(plus(p, 28), 12, 0),
            evaluation_start: Some(plus(p, 31)),
            evaluation_end: Some(plus(p, 45)),
            interviews: Some(plus(p, 48)),
            moderation: Some(plus(p, 52)),
            decision: Some(plus(p, 60)),
            standstill_end: Some(plus(p, 72)),
            contract_start: Some(plus(p, 90)),
        }
    }

    /// Question codes and weights: all but two are quality (their weights add up to 60), two are
    /// interview (10); price is 30.
    fn questions(&self) -> Vec<(String, i64, bool)> {
        let n = self.shape.questions;
        let quality = n - 2;
        // Spread 60 over the quality questions in whole per cents where it divides, else in
        // hundredths (at most four decimal places are allowed).
        (0..n)
            .map(|q| {
                if q < quality {
                    (format!("Q{:02}", q + 1), 6000 / quality as i64 + i64::from(q < 6000 % quality), false)
                } else {
                    (format!("INT{}", q - quality + 1), 500, true)
                }
            })
            .collect()
    }

    fn round(&self, r: usize) -> Round {
        let rp = &self.rounds[r];
        let tt = self.timetable(r);
        let scale = tenderdesk_domain::Scale {
            min: 0,
            max: 5,
            descriptors: DESCRIPTORS
                .iter()
                .enumerate()
                .map(|(m, label)| Descriptor { mark: m as u32, label: (*label).to_owned() })
                .collect(),
        };
        let question = |(code, weight, _): &(String, i64, bool), i: usize| Question {
            code: code.clone(),
            title: QUESTION_TITLES[i % QUESTION_TITLES.len()].to_owned(),
            weight: Percent::new(Decimal::new(*weight, 2).normalize()).expect("a weight"),
            scale: scale.clone(),
            minimum_mark: Some(1),
        };
        let qs = self.questions();
        let quality: Vec<Question> = qs.iter().enumerate().filter(|(_, q)| !q.2).map(|(i, q)| question(q, i)).collect();
        let interview: Vec<Question> =
            qs.iter().enumerate().filter(|(_, q)| q.2).map(|(i, q)| question(q, i)).collect();
        let lot = &self.admitted[rp.lot];
        Round {
            key: self.round_key(r),
            title: format!("Call-off {} on lot {}", r + 1, self.lot_key(rp.lot)),
            arrangement: self.arrangement_key(rp.arrangement),
            kind: RoundKind::MiniCompetition,
            lots: vec![self.lot_key(rp.lot)],
            opening: None,
            regime: None,
            clarifications: vec![Clarification {
                number: 1,
                asked_on: plus(tt.published, 5),
                question: "Is TUPE expected to apply to the packages in this call-off?".into(),
                answer: Some("No transfer of staff is expected; see the specification.".into()),
                answered_on: Some(plus(tt.published, 8)),
                published_to_all: true,
            }],
            invited: lot.iter().map(|p| self.provider_key(*p)).collect(),
            model: EvaluationModel {
                gates: vec![
                    Gate { code: "CQC".into(), title: "Registered with the CQC and not rated Inadequate".into() },
                    Gate { code: "INS".into(), title: "Insurance in place".into() },
                ],
                quality: ScoredSection { weight: pct(60), questions: quality },
                interview: Some(ScoredSection { weight: pct(10), questions: interview }),
                price: PriceSection {
                    weight: pct(30),
                    formula: PriceFormula::Relative,
                    basis: if rp.zone_basket { PriceBasis::ZoneBasket } else { PriceBasis::HourlyRate },
                },
                social_value: None,
                quality_threshold: Some(pct(50)),
                tie_break: vec![TieBreak::HigherQuality, TieBreak::LowerPrice, TieBreak::DrawingOfLots],
                award_rule: AwardRule::TopRanked { places: rp.places as u32 },
            },
            drawings: Vec::new(),
            bids_opened: Some(BidOpening {
                by: "Procurement Officer".into(),
                at: tt.submission_deadline + chrono::Duration::hours(2),
            }),
            timetable: tt,
        }
    }

    /// The bidders of a round (indices into the pool) and their hourly prices per zone (one
    /// price when the round is priced on a single rate).
    fn bidders(&self, r: usize) -> Vec<(usize, Vec<i64>)> {
        let rp = &self.rounds[r];
        (0..self.shape.bids_per_round)
            .map(|b| {
                let mut rng = self.rng(S_BID, (r * 1000 + b) as u64);
                let base = rng.range(1900, 2600);
                let prices = if rp.zone_basket {
                    (0..self.shape.zones_per_lot).map(|z| base + (z as i64 % 3) * 25 + rng.range(0, 40)).collect()
                } else {
                    vec![base]
                };
                (self.admitted[rp.lot][b], prices)
            })
            .collect()
    }

    fn bid_key(&self, r: usize, b: usize) -> Key {
        key(format!("SUB-{r:04}-{b:03}"))
    }

    fn bids(&self, r: usize) -> Vec<Submission> {
        let rp = &self.rounds[r];
        let deadline = self.timetable(r).submission_deadline;
        self.bidders(r)
            .into_iter()
            .enumerate()
            .map(|(b, (p, prices))| {
                let mut rng = self.rng(S_BID, (r * 1000 + b) as u64 + 500);
                Submission {
                    key: self.bid_key(r, b),
                    round: self.round_key(r),
                    lot: self.lot_key(rp.lot),
                    bidder: self.provider_key(p),
                    received_at: deadline - chrono::Duration::minutes(rng.range(10, 60 * 24 * 6)),
                    late_acceptance: None,
                    prices: if rp.zone_basket {
                        prices
                            .iter()
                            .enumerate()
                            .map(|(z, h)| BidPrice { zone: Some(format!("Z{:02}", z + 1)), hourly: money(*h) })
                            .collect()
                    } else {
                        vec![BidPrice { zone: None, hourly: money(prices[0]) }]
                    },
                    live_in_weekly: None,
                    gate_results: ["CQC", "INS"]
                        .iter()
                        .map(|g| GateResult { gate: (*g).into(), passed: true, note: None })
                        .collect(),
                    status: SubmissionStatus::Compliant,
                    status_reason: None,
                }
            })
            .collect()
    }

    fn evaluator_key(&self, r: usize, e: usize) -> Key {
        key(format!("EVL-{r:04}-{e:02}"))
    }

    fn evaluator(&self, r: usize, e: usize) -> Evaluator {
        let mut rng = self.rng(S_EVALUATOR, (r * 100 + e) as u64);
        let declared = self.timetable(r).evaluation_start.unwrap_or(self.rounds[r].published);
        Evaluator {
            key: self.evaluator_key(r, e),
            round: self.round_key(r),
            name: person(&mut rng),
            role: rng.pick(ROLES).to_string(),
            declarations: self
                .bidders(r)
                .into_iter()
                .map(|(p, _)| Declaration {
                    bidder: self.provider_key(p),
                    conflict: Conflict::None,
                    resolution: None,
                    declared_on: declared,
                })
                .collect(),
        }
    }

    /// Each evaluator's mark for each question of each bid: near the bid's underlying quality.
    fn mark_values(&self, r: usize) -> Vec<Vec<Vec<u32>>> {
        let (bids, evals, qs) = (self.shape.bids_per_round, self.shape.evaluators_per_round, self.shape.questions);
        (0..bids)
            .map(|b| {
                let mut rng = self.rng(S_MARK, (r * 1000 + b) as u64);
                let quality = rng.range(1, 5);
                (0..evals).map(|_| (0..qs).map(|_| (quality + rng.range(-1, 1)).clamp(1, 5) as u32).collect()).collect()
            })
            .collect()
    }

    fn moderated_values(&self, marks: &[Vec<Vec<u32>>]) -> Vec<Vec<u32>> {
        marks
            .iter()
            .map(|by_eval| {
                (0..self.shape.questions)
                    .map(|q| {
                        let sum: u32 = by_eval.iter().map(|m| m[q]).sum();
                        (sum * 2 + by_eval.len() as u32) / (2 * by_eval.len() as u32)
                    })
                    .collect()
            })
            .collect()
    }

    fn marks<S: Sink>(&self, r: usize, s: &mut S) -> io::Result<()> {
        let qs = self.questions();
        for (b, by_eval) in self.mark_values(r).into_iter().enumerate() {
            for (e, by_q) in by_eval.into_iter().enumerate() {
                for (q, m) in by_q.into_iter().enumerate() {
                    s.put(Mark {
                        key: key(format!("MRK-{r:04}-{b:03}-{e:02}-{:02}", q + 1)),
                        round: self.round_key(r),
                        submission: self.bid_key(r, b),
                        evaluator: self.evaluator_key(r, e),
                        question: qs[q].0.clone(),
                        mark: Some(m),
                        abstained: None,
                        justification: JUSTIFICATIONS[m as usize].to_owned(),
                    })?;
                }
            }
        }
        Ok(())
    }

    fn moderated<S: Sink>(&self, r: usize, s: &mut S) -> io::Result<()> {
        let qs = self.questions();
        let agreed = self.timetable(r).moderation.unwrap_or(self.rounds[r].published);
        for (b, by_q) in self.moderated_values(&self.mark_values(r)).into_iter().enumerate() {
            for (q, m) in by_q.into_iter().enumerate() {
                s.put(ModeratedMark {
                    key: key(format!("MOD-{r:04}-{b:03}-{:02}", q + 1)),
                    round: self.round_key(r),
                    submission: self.bid_key(r, b),
                    question: qs[q].0.clone(),
                    mark: m,
                    rationale: format!("Panel agreed {m}: {}", JUSTIFICATIONS[m as usize]),
                    agreed_on: agreed,
                })?;
            }
        }
        Ok(())
    }

    /// The bids of a round from best to worst: moderated quality and interview, plus relative
    /// price on the round's basis; ties go to the earlier bid.
    fn ranking(&self, r: usize) -> Vec<usize> {
        let rp = &self.rounds[r];
        let qs = self.questions();
        let moderated = self.moderated_values(&self.mark_values(r));
        let zone_hours: Vec<i64> = (0..self.shape.zones_per_lot).map(|z| self.zone_hours(rp.lot, z)).collect();
        let basis: Vec<i64> = self
            .bidders(r)
            .iter()
            .map(|(_, prices)| {
                if rp.zone_basket {
                    prices.iter().zip(&zone_hours).map(|(p, h)| p * h).sum::<i64>() / zone_hours.iter().sum::<i64>()
                } else {
                    prices[0]
                }
            })
            .collect();
        let lowest = basis.iter().copied().min().unwrap_or(1).max(1);
        let mut scored: Vec<(i64, usize)> = moderated
            .iter()
            .enumerate()
            .map(|(b, by_q)| {
                let quality: i64 = by_q.iter().zip(&qs).map(|(m, q)| *m as i64 * q.1 * 10_000 / 5).sum();
                let price = 30 * 1_000_000 * lowest / basis[b].max(1);
                (quality + price, b)
            })
            .collect();
        scored.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
        scored.into_iter().map(|(_, b)| b).collect()
    }

    fn award_key(&self, r: usize) -> Key {
        key(format!("AWD-{r:04}"))
    }

    fn award(&self, r: usize) -> AwardDecision {
        let rp = &self.rounds[r];
        let tt = self.timetable(r);
        let decided = tt.decision.unwrap_or(rp.published);
        let bidders = self.bidders(r);
        AwardDecision {
            key: self.award_key(r),
            round: self.round_key(r),
            decided_on: decided,
            decision_maker: "Head of Commissioning".into(),
            regime: self.arrangements[rp.arrangement].regime,
            awarded: self
                .ranking(r)
                .into_iter()
                .take(rp.places)
                .map(|b| Awarded {
                    lot: self.lot_key(rp.lot),
                    provider: self.provider_key(bidders[b].0),
                    submission: self.bid_key(r, b),
                    zones: Vec::new(),
                })
                .collect(),
            notices_sent_on: plus(decided, 1),
            standstill: true,
            standstill_ends: tt.standstill_end,
            withdrawn: None,
        }
    }

    fn contract_status(&self, term: &Term, rng: &mut Rng) -> (ContractStatus, Option<NaiveDate>, Option<String>) {
        let end = term.current_end();
        if term.start > self.last_day {
            (ContractStatus::Pending, None, None)
        } else if end < self.last_day {
            if rng.chance(4) {
                let on = plus(term.start, (end - term.start).num_days() / 2);
                (
                    ContractStatus::Terminated,
                    Some(on),
                    Some("Ended by agreement: the packages moved to another provider.".into()),
                )
            } else {
                (ContractStatus::Expired, Some(plus(end, 1)), None)
            }
        } else if term.extension_options.iter().any(|o| o.status == OptionStatus::Exercised) {
            (ContractStatus::Extended, None, None)
        } else {
            (ContractStatus::Active, None, None)
        }
    }

    fn contract_term(&self, start: NaiveDate, years: i32, option_months: u32) -> Term {
        let initial_end = plus(date(start.year() + years, start.month(), start.day().min(28)), -1);
        let decide_by = plus(initial_end, -90);
        let exercised = decide_by < self.last_day;
        let option = ExtensionOption {
            months: option_months,
            decide_by,
            status: if exercised { OptionStatus::Exercised } else { OptionStatus::Available },
            decided_on: exercised.then(|| plus(decide_by, -14)),
            decided_by: exercised.then(|| "Head of Commissioning".to_owned()),
        };
        let maximum_end = common::add_months_to_end(initial_end, option_months);
        Term { start, initial_end, extension_options: vec![option], maximum_end: Some(maximum_end) }
    }

    fn contracts<S: Sink>(&self, s: &mut S) -> io::Result<()> {
        let mut n = 0usize;
        // One per award place.
        for r in 0..self.rounds.len() {
            let rp = &self.rounds[r];
            let award = self.award(r);
            let start = self.timetable(r).contract_start.unwrap_or(rp.published);
            let bidders = self.bidders(r);
            for w in &award.awarded {
                let mut rng = self.rng(S_CONTRACT, n as u64);
                let b = bidders.iter().position(|(p, _)| self.provider_key(*p) == w.provider).unwrap_or(0);
                let term = self.contract_term(start, 2, 12);
                let (status, since, reason) = self.contract_status(&term, &mut rng);
                let hourly = bidders[b].1[0];
                let weekly_hours = rng.range(100, 900);
                s.put(Contract {
                    key: key(format!("CON-{n:05}")),
                    title: format!(
                        "{} — call-off {} — {}",
                        self.lot_key(rp.lot),
                        r + 1,
                        self.provider_name(bidders[b].0)
                    ),
                    provider: w.provider.clone(),
                    arrangement: self.arrangement_key(rp.arrangement),
                    lot: Some(w.lot.clone()),
                    award: Some(award.key.clone()),
                    estimated_value: money(hourly * weekly_hours * 52 * 3),
                    annual_value: Some(money(hourly * weekly_hours * 52)),
                    irrecoverable_vat: None,
                    rates: vec![ContractRate {
                        name: "Standard hour".into(),
                        zone: None,
                        amount: money(hourly),
                        unit: RateUnit::PerHour,
                    }],
                    route: ProcurementRoute::CallOffFromFramework,
                    status,
                    status_since: since,
                    status_reason: reason,
                    successor_round: None,
                    term,
                })?;
                n += 1;
            }
        }
        // The rest: packages called off from a lot by brokerage, without a competition.
        let per = self.shape.lots_per_arrangement;
        let lots = self.admitted.len();
        let mut c = 0usize;
        while n < self.shape.contracts {
            let mut rng = self.rng(S_CONTRACT, n as u64);
            let l = c % lots;
            let a = l / per;
            let p = self.admitted[l][(c / lots) % self.admitted[l].len()];
            let ap = &self.arrangements[a];
            let start = plus(ap.term.start, 30 + rng.range(0, ap.initial_days - 400));
            let term = self.contract_term(start, 1, 6);
            let (status, since, reason) = self.contract_status(&term, &mut rng);
            let hourly = rng.range(1900, 2600);
            let weekly_hours = rng.range(5, 60);
            s.put(Contract {
                key: key(format!("CON-{n:05}")),
                title: format!("Care package {} — {}", c + 1, self.provider_name(p)),
                provider: self.provider_key(p),
                arrangement: self.arrangement_key(a),
                lot: Some(self.lot_key(l)),
                award: None,
                estimated_value: money(hourly * weekly_hours * 78),
                annual_value: Some(money(hourly * weekly_hours * 52)),
                irrecoverable_vat: None,
                rates: vec![ContractRate {
                    name: "Standard hour".into(),
                    zone: Some(format!("Z{:02}", rng.below(self.shape.zones_per_lot as u64) + 1)),
                    amount: money(hourly),
                    unit: RateUnit::PerHour,
                }],
                route: ProcurementRoute::CallOffFromFramework,
                status,
                status_since: since,
                status_reason: reason,
                successor_round: None,
                term,
            })?;
            n += 1;
            c += 1;
        }
        Ok(())
    }

    /// Weekly snapshots: the whole service, then each arrangement over its term (within the period).
    fn activity<S: Sink>(&self, s: &mut S) -> io::Result<()> {
        let mut week = 0u64;
        let snapshot =
            |k: Key, arrangement: Option<Key>, service: ServiceType, as_at: NaiveDate, size: i64, idx: u64| {
                let mut rng = self.rng(S_ACTIVITY, idx);
                let packages = (size + rng.range(-size / 20, size / 20)).max(1);
                let people = packages - rng.range(0, packages / 10);
                let per_package = Decimal::new(rng.range(80, 220), 1);
                ActivitySnapshot {
                    key: k,
                    arrangement,
                    lot: None,
                    service,
                    as_at,
                    period_start: None,
                    packages: Some(packages as u32),
                    people: Some(people as u32),
                    hours_per_week: Some(hours(per_package * Decimal::from(packages))),
                    brokerage_hours_per_week: Some(hours(Decimal::new(rng.range(500, 9000), 1))),
                    average_package_hours: Some(hours(per_package)),
                    live_in_packages: None,
                    visits: None,
                }
            };
        let mut d = self.first_day;
        while d <= self.last_day {
            s.put(snapshot(key(format!("ACT-ALL-{d}")), None, ServiceType::HomeCare, d, 4000, week))?;
            d = plus(d, 7);
            week += 1;
        }
        for (a, ap) in self.arrangements.iter().enumerate() {
            let end = ap.term.current_end().min(self.last_day);
            let mut d = ap.term.start;
            while d <= end {
                let idx = 1_000_000 * (a as u64 + 1) + week;
                s.put(snapshot(
                    key(format!("ACT-{a:03}-{d}")),
                    Some(self.arrangement_key(a)),
                    ap.service,
                    d,
                    300,
                    idx,
                ))?;
                d = plus(d, 7);
                week += 1;
            }
        }
        Ok(())
    }

    /// Monthly spend for each arrangement over its term (within the period).
    fn spend<S: Sink>(&self, s: &mut S) -> io::Result<()> {
        for (a, ap) in self.arrangements.iter().enumerate() {
            let end = ap.term.current_end().min(self.last_day);
            let mut start = ap.term.start;
            let mut m = 0u64;
            while start <= end {
                let period_end = month_end(start).min(end);
                let mut rng = self.rng(S_SPEND, a as u64 * 1000 + m);
                s.put(SpendEntry {
                    key: key(format!("SPN-{a:03}-{}-{:02}", start.year(), start.month())),
                    arrangement: self.arrangement_key(a),
                    period_start: start,
                    period_end,
                    amount: money(rng.range(150_000, 900_000) * 100 + rng.range(0, 99)),
                    note: (start.day() != 1 || period_end != month_end(start)).then(|| "Part month.".to_owned()),
                })?;
                start = plus(period_end, 1);
                m += 1;
            }
        }
        Ok(())
    }
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}
