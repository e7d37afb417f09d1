//! Questions 1, 2, 3 and 5: the arrangements in place, the providers under each, when they expire
//! and how work is called off.

use tenderdesk_domain::*;

use super::{not_held, part, title_of, Ctx, FoiArrangement, FoiData, FoiEnd, FoiNote, FoiPart, FoiProviderCount, Part};
use crate::fmt::date_long;
use crate::term::term_as_at;

/// Question 1, "What current commissioning arrangements are in place?": each serving arrangement's
/// kind, title, lots and capacity note.
pub(super) fn arrangements_in_place(cx: &Ctx<'_>, _: ServiceType, serving: &[&Arrangement]) -> Part {
    let items: Vec<FoiArrangement> = serving
        .iter()
        .map(|a| FoiArrangement {
            key: a.key.to_string(),
            title: a.title.clone(),
            kind: a.kind.label().to_owned(),
            capacity_note: a.capacity_note.clone(),
            lots: cx.ds.lots.iter().filter(|l| l.arrangement == a.key).count() as u32,
        })
        .collect();
    let text = items
        .iter()
        .map(|a| {
            let lots = if a.lots > 1 { format!(" with {} lots", a.lots) } else { String::new() };
            let cap = a
                .capacity_note
                .as_ref()
                .map(|c| format!("; the specification suggests the capacity required is {c}"))
                .unwrap_or_default();
            format!("{}: {}{lots}{cap}.", a.kind, a.title)
        })
        .collect::<Vec<_>>()
        .join(" ");
    (true, text, FoiData::Arrangements { items })
}

/// Question 2, "Number of providers that you contract with and under which arrangement": per
/// arrangement, the providers holding a contract in force and those admitted and active.
pub(super) fn providers_contracted(cx: &Ctx<'_>, fam: ServiceType, serving: &[&Arrangement]) -> Part {
    let items: Vec<FoiProviderCount> = serving
        .iter()
        .map(|a| {
            let mut contracted: Vec<&Key> = cx.contracts(a, fam).iter().map(|c| &c.provider).collect();
            contracted.sort();
            contracted.dedup();
            FoiProviderCount {
                arrangement: a.key.to_string(),
                title: a.title.clone(),
                kind: a.kind.label().to_owned(),
                contracted: contracted.len() as u32,
                admitted: cx.admitted(a, fam).len() as u32,
            }
        })
        .collect();
    let text = items.iter().map(provider_count_words).collect::<Vec<_>>().join(" ");
    (true, text, FoiData::Providers { items })
}

fn provider_count_words(p: &FoiProviderCount) -> String {
    let n = |k: u32| if k == 1 { "a single provider".to_owned() } else { format!("{k} providers") };
    match (p.contracted, p.admitted) {
        (0, 0) => format!("{}: no contract with a provider is in force.", p.title),
        (0, a) => format!("{}: {} admitted ({}).", p.title, n(a), p.kind.to_lowercase()),
        (c, 0) => format!("{}: {} contracted ({}).", p.title, n(c), p.kind.to_lowercase()),
        (c, a) => format!(
            "{}: {} contracted ({}); {a} admitted to the lot{}.",
            p.title,
            n(c),
            p.kind.to_lowercase(),
            if a == 1 { "" } else { "s" }
        ),
    }
}

/// Question 3, "When do these expire?": contracts in force grouped by current end and options still
/// available; the arrangement's own term where it has no contracts.
pub(super) fn expiry(cx: &Ctx<'_>, fam: ServiceType, serving: &[&Arrangement]) -> Part {
    let mut items = Vec::new();
    for a in serving {
        let contracts = cx.contracts(a, fam);
        if contracts.is_empty() {
            let t = term_as_at(&a.term, cx.as_of);
            items.push(end_of(a, "arrangement", 1, &t));
            continue;
        }
        let mut groups: Vec<(Term, u32)> = Vec::new();
        for c in contracts {
            let t = term_as_at(&c.term, cx.as_of);
            let sig = |t: &Term| (t.current_end(), available(t));
            match groups.iter_mut().find(|(g, _)| sig(g) == sig(&t)) {
                Some((_, n)) => *n += 1,
                None => groups.push((t, 1)),
            }
        }
        groups.sort_by_key(|(t, _)| t.current_end());
        for (t, n) in groups {
            items.push(end_of(a, if n == 1 { "contract" } else { "contracts" }, n, &t));
        }
    }
    let text = items
        .iter()
        .map(|e| {
            let what = match e.what.as_str() {
                "arrangement" => format!("{} runs", e.title),
                "contract" => format!("{}: the contract runs", e.title),
                _ => format!("{}: {} contracts run", e.title, e.count),
            };
            format!("{what} until {}{}.", date_long(e.current_end), options_words(&e.options_available))
        })
        .collect::<Vec<_>>()
        .join(" ");
    (true, text, FoiData::Expiry { items })
}

/// Question 5, "What is the call off process?": each arrangement serving some family, by its
/// call-off description, else its method. One answer, not per family.
pub(super) fn call_off_process(cx: &Ctx<'_>) -> FoiPart {
    let mut items = Vec::new();
    for a in &cx.arrangements {
        if cx.families.iter().any(|f| cx.serving(*f).iter().any(|s| s.key == a.key)) {
            items.push(FoiNote {
                arrangement: a.key.to_string(),
                lot: None,
                needed: None,
                note: a.call_off_description.clone().unwrap_or_else(|| a.call_off.label().to_owned()),
            });
        }
    }
    if items.is_empty() {
        return part(None, not_held("no commissioning arrangement in scope was running on the date"));
    }
    let text =
        items.iter().map(|n| format!("{}: {}", title_of(cx.ds, &n.arrangement), n.note)).collect::<Vec<_>>().join(" ");
    FoiPart { heading: None, held: true, text, data: FoiData::CallOff { items } }
}

/// The months of each option still available, none once an option was declined.
fn available(t: &Term) -> Vec<u32> {
    if t.extension_options.iter().any(|o| o.status == OptionStatus::Declined) {
        return Vec::new();
    }
    t.extension_options.iter().filter(|o| o.status == OptionStatus::Available).map(|o| o.months).collect()
}

fn end_of(a: &Arrangement, what: &str, count: u32, t: &Term) -> FoiEnd {
    FoiEnd {
        arrangement: a.key.to_string(),
        title: a.title.clone(),
        what: what.to_owned(),
        count,
        current_end: t.current_end(),
        options_available: available(t),
        latest_possible_end: t.latest_possible_end(),
    }
}

/// ", with options to extend for two further periods of 12 months".
fn options_words(months: &[u32]) -> String {
    match months {
        [] => String::new(),
        [m] => format!(", with an option to extend for a further {m} months"),
        ms if ms.iter().all(|m| *m == ms[0]) => {
            let n = match ms.len() {
                2 => "two".to_owned(),
                3 => "three".to_owned(),
                n => n.to_string(),
            };
            format!(", with options to extend for {n} further periods of {} months", ms[0])
        }
        ms => format!(
            ", with options to extend for further periods of {} months",
            ms.iter().map(|m| m.to_string()).collect::<Vec<_>>().join(", ")
        ),
    }
}
