//! Invented words: names of people, places and companies, titles and the marks' wording.

use crate::rng::Rng;

pub(crate) const FIRST: &[&str] = &[
    "Alys", "Bethan", "Callum", "Delyth", "Eamon", "Farah", "Gethin", "Hollis", "Imani", "Jory", "Keziah", "Lowen",
    "Mared", "Nell", "Orrin", "Perrin", "Quilla", "Rhodri", "Saoirse", "Tamsin", "Ulric", "Verity", "Wenna", "Xander",
    "Yestin", "Zelie", "Anouk", "Bram", "Cerys", "Dorian", "Elowen", "Fenn", "Gwilym", "Hester", "Idris", "Juno",
    "Kit", "Linnea", "Merrin", "Niamh",
];
pub(crate) const LAST: &[&str] = &[
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
pub(crate) const PLACE_A: &[&str] = &[
    "Ash", "Brock", "Cold", "Dun", "Elm", "Fern", "Gold", "Hart", "Iver", "Kings", "Long", "Mill", "North", "Oak",
    "Pen", "Red", "Stan", "Thorn", "Upper", "Wold",
];
pub(crate) const PLACE_B: &[&str] =
    &["by", "ford", "ham", "ley", "wick", "bridge", "combe", "field", "stow", "thorpe", "well", "den", "mere", "worth"];
pub(crate) const COMPANY_A: &[&str] = &[
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
pub(crate) const COMPANY_B: &[&str] = &[
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
pub(crate) const STREETS: &[&str] =
    &["High Street", "Station Road", "Church Lane", "Mill Road", "Victoria Street", "Park Avenue", "The Green"];
pub(crate) const ROLES: &[&str] = &[
    "Commissioning Officer",
    "Commissioning Manager",
    "Contracts Officer",
    "Quality Assurance Officer",
    "Service Manager, Adult Social Care",
    "Finance Business Partner",
];
pub(crate) const LOT_TITLES: &[&str] = &[
    "Home care",
    "Supported living — learning and physical disabilities",
    "Supported living — mental health",
    "Live-in care",
    "Extra care",
    "Reablement",
];
pub(crate) const QUESTION_TITLES: &[&str] = &[
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
pub(crate) const JUSTIFICATIONS: [&str; 6] = [
    "No response, or the response does not address the requirement.",
    "The response has significant gaps and raises serious concerns.",
    "The response addresses the requirement with notable weaknesses.",
    "Meets the requirement with minor weaknesses; some points needed more evidence.",
    "Meets the requirement in full, with clear local evidence and some added value.",
    "Exceeds the requirement, with strong and specific evidence throughout.",
];
pub(crate) const DESCRIPTORS: [&str; 6] = ["Unacceptable", "Poor", "Weak", "Satisfactory", "Good", "Excellent"];

pub(crate) fn person(rng: &mut Rng) -> String {
    format!("{} {}", rng.pick(FIRST), rng.pick(LAST))
}

pub(crate) fn place(i: u64) -> String {
    let a = PLACE_A[(i % PLACE_A.len() as u64) as usize];
    let b = PLACE_B[((i / PLACE_A.len() as u64) % PLACE_B.len() as u64) as usize];
    format!("{a}{b}")
}
