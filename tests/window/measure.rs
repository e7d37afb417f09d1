//! Measurements of the page for the accessibility checks: target sizes, contrast ratios (WCAG's
//! relative luminance, computed in the page from the computed colours) and horizontal overflow.

use fantoccini::Client;
use serde::Deserialize;
use serde_json::{json, Value};

/// WCAG 2.x contrast between two CSS colours as `getComputedStyle` gives them, and the colour of
/// the nearest box behind an element that paints a background; prefixed to the scripts below.
const CONTRAST: &str = "
const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
const lum = (c) => { const [r, g, b] = rgb(c).slice(0, 3).map((v) => { v /= 255;
  return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
const contrast = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
const opaque = (c) => { const v = rgb(c); return v.length === 3 || (v.length === 4 && v[3] > 0); };
const behind = (el) => { for (let e = el.parentElement; e; e = e.parentElement) {
  const bg = getComputedStyle(e).backgroundColor; if (opaque(bg)) return bg; } return 'rgb(255, 255, 255)'; };
";

/// A control's label and its rendered size in CSS px.
#[derive(Debug, Deserialize)]
pub struct Size {
    pub label: String,
    pub width: f64,
    pub height: f64,
}

/// The rendered size of every button of the page's pager.
pub async fn pager_button_sizes(client: &Client) -> Vec<Size> {
    let script = "return [...document.querySelectorAll('nav.pagination button')].map((b) => { \
                  const r = b.getBoundingClientRect(); \
                  return { label: b.textContent.trim(), width: r.width, height: r.height }; });";
    from_page(client, script, vec![], "the pager's buttons").await
}

/// How wide the page is, against how wide the window is: (`scrollWidth`, `innerWidth`).
pub async fn page_and_window_width(client: &Client) -> (f64, f64) {
    let script = "return [document.documentElement.scrollWidth, window.innerWidth];";
    from_page(client, script, vec![], "the page's width").await
}

/// Each header of the table `css` with its rendered width, to say in a failure which column is wide.
pub async fn column_widths(client: &Client, css: &str) -> Vec<(String, f64)> {
    let script = "return [...document.querySelectorAll(arguments[0] + ' thead th')].map((th) => \
                  [th.textContent.trim(), th.getBoundingClientRect().width]);";
    from_page(client, script, vec![json!(css)], &format!("the columns of {css}")).await
}

/// A colour measured against what is behind it, and their contrast ratio.
#[derive(Debug, Deserialize)]
pub struct Contrast {
    pub colour: String,
    pub against: String,
    pub ratio: f64,
}

/// The contrast of the placeholder text of the input `css` against the input's background. The
/// colour is the one the page's style sheets give `::placeholder` for that input (the last rule
/// that matches it), resolved by the page: WebKitGTK's `getComputedStyle(el, '::placeholder')`
/// answers with the input's own colour, not the placeholder's. With no such rule the browser's
/// own grey applies, and this answers `none` with a ratio of 0.
pub async fn placeholder_contrast(client: &Client, css: &str) -> Contrast {
    let script = format!(
        "{CONTRAST} const el = document.querySelector(arguments[0]); let given = null; \
         for (const sheet of document.styleSheets) for (const rule of sheet.cssRules) \
           for (const sel of (rule.selectorText || '').split(',')) {{ \
             const m = sel.trim().match(/^(.*?)::?(-webkit-input-)?placeholder$/); \
             const colour = rule.style && rule.style.getPropertyValue('color'); \
             if (m && colour && el.matches(m[1] || '*')) given = colour; }} \
         const own = getComputedStyle(el).backgroundColor; const against = opaque(own) ? own : behind(el); \
         if (!given) return {{ colour: 'none', against, ratio: 0 }}; \
         const probe = document.createElement('span'); probe.style.color = given; el.parentElement.appendChild(probe); \
         const colour = getComputedStyle(probe).color; probe.remove(); \
         return {{ colour, against, ratio: contrast(colour, against) }};"
    );
    from_page(client, &script, vec![json!(css)], &format!("the placeholder of {css}")).await
}

/// A checkbox's boundary as drawn: its own appearance (`none` when the page draws it), the width
/// of its border, and the border's contrast against what is behind the box.
#[derive(Debug, Deserialize)]
pub struct Boundary {
    pub appearance: String,
    pub border_width: f64,
    pub contrast: Contrast,
}

/// The boundary of the first checkbox matching `css`.
pub async fn checkbox_boundary(client: &Client, css: &str) -> Boundary {
    let script = format!(
        "{CONTRAST} const el = document.querySelector(arguments[0]); const s = getComputedStyle(el); \
         const colour = s.borderTopColor; const against = behind(el); \
         return {{ appearance: s.webkitAppearance || s.appearance, border_width: parseFloat(s.borderTopWidth), \
                   contrast: {{ colour, against, ratio: contrast(colour, against) }} }};"
    );
    from_page(client, &script, vec![json!(css)], &format!("the checkbox {css}")).await
}

async fn from_page<T: for<'de> Deserialize<'de>>(client: &Client, script: &str, args: Vec<Value>, what: &str) -> T {
    let value = client.execute(script, args).await.unwrap_or_else(|e| panic!("measure {what}: {e}"));
    serde_json::from_value(value.clone()).unwrap_or_else(|e| panic!("read the measure of {what} ({value}): {e}"))
}
