//! Questions 10 and 11: whether new providers are needed, and the minimum prerequisites — the lot's
//! note where the service's lots give one, else the arrangement's.

use tenderdesk_domain::*;

use super::{not_held, title_of, Ctx, FoiData, FoiNote, Part};

/// A note found for an arrangement: the lot it is on (None: the arrangement's own), whether new
/// providers are needed (question 10 only), and its text.
type Note = (Option<String>, Option<bool>, String);

/// Question 10, "Do you have a need for new providers at present?"
pub(super) fn need_for_new_providers(cx: &Ctx<'_>, fam: ServiceType, serving: &[&Arrangement]) -> Part {
    notes(
        cx,
        fam,
        serving,
        |l| l.new_providers.as_ref().map(|n| (Some(l.key.to_string()), Some(n.needed), n.note.clone())),
        |a| a.new_providers.as_ref().map(|n| (None, Some(n.needed), n.note.clone())),
        "no arrangement in scope records whether new providers are needed",
    )
}

/// Question 11, "What, if any, are your minimum prerequisites for new providers?"
pub(super) fn minimum_prerequisites(cx: &Ctx<'_>, fam: ServiceType, serving: &[&Arrangement]) -> Part {
    notes(
        cx,
        fam,
        serving,
        |l| l.prerequisites_note.as_ref().map(|n| (Some(l.key.to_string()), None, n.clone())),
        |a| a.prerequisites_note.as_ref().map(|n| (None, None, n.clone())),
        "no arrangement in scope records its minimum prerequisites",
    )
}

/// Each serving arrangement's note: the first of its lots in the family to give one, else its own.
fn notes(
    cx: &Ctx<'_>,
    fam: ServiceType,
    serving: &[&Arrangement],
    of_lot: impl Fn(&Lot) -> Option<Note>,
    of_arrangement: impl Fn(&Arrangement) -> Option<Note>,
    none_recorded: &str,
) -> Part {
    let mut items = Vec::new();
    for a in serving {
        let note = cx.lots(a, fam).into_iter().find_map(&of_lot).or_else(|| of_arrangement(a));
        if let Some((lot, needed, note)) = note {
            items.push(FoiNote { arrangement: a.key.to_string(), lot, needed, note });
        }
    }
    if items.is_empty() {
        return not_held(none_recorded);
    }
    let text = if items.len() == 1 {
        items[0].note.clone()
    } else {
        items.iter().map(|n| format!("{}: {}", title_of(cx.ds, &n.arrangement), n.note)).collect::<Vec<_>>().join(" ")
    };
    (true, text, FoiData::Notes { items })
}
