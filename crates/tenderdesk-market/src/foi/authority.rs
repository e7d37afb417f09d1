//! Questions 12 and 13: where opportunities are advertised and who the lead commissioner is, from
//! the authority profile. One answer each, not per service.

use tenderdesk_domain::*;

use super::{not_held, part, FoiChannel, FoiData, FoiPart};

/// Question 12, "Where are your opportunities advertised?": the authority's advertising channels.
pub(super) fn advertising(ds: &Dataset) -> FoiPart {
    let Some(a) = ds.authority.as_ref().filter(|a| !a.advertising.is_empty()) else {
        return part(None, not_held("the authority profile names no advertising portal"));
    };
    let channels: Vec<FoiChannel> = a
        .advertising
        .iter()
        .map(|c| FoiChannel { name: c.name.clone(), url: c.url.clone(), note: c.note.clone() })
        .collect();
    let text = channels
        .iter()
        .map(|c| {
            let url = c.url.as_ref().map(|u| format!(" ({u})")).unwrap_or_default();
            match &c.note {
                Some(n) => format!("{}{url}: {n}", c.name),
                None => format!("{}{url}.", c.name),
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    FoiPart { heading: None, held: true, text, data: FoiData::Advertising { channels } }
}

/// Question 13, "What is the name and contact details for the lead commissioner?": the lead
/// commissioner and the route for providers to reach commissioners.
pub(super) fn lead_commissioner(ds: &Dataset) -> FoiPart {
    let Some(a) = ds.authority.as_ref() else {
        return part(None, not_held("no authority profile is recorded"));
    };
    let c = &a.lead_commissioner;
    let mut text = format!("The lead commissioner is {}", c.name);
    if let Some(r) = &c.role {
        text.push_str(&format!(", {r}"));
    }
    if let Some(e) = &c.email {
        text.push_str(&format!(" — {e}"));
    }
    if let Some(p) = &c.phone {
        text.push_str(&format!(", {p}"));
    }
    text.push('.');
    if let Some(r) = &a.provider_contact_route {
        text.push(' ');
        text.push_str(r);
    }
    let data = FoiData::Contact {
        name: c.name.clone(),
        role: c.role.clone(),
        email: c.email.clone(),
        phone: c.phone.clone(),
        route: a.provider_contact_route.clone(),
    };
    FoiPart { heading: None, held: true, text, data }
}
