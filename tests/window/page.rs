//! Reading and operating the window's page as a user would: find, click, type, choose, press from
//! the keyboard, follow the navigation, read text, take screenshots. Every wait for the page is
//! [`on_page`], that is [`wait_until`] with the page's text in the failure message.

use std::fmt::Display;
use std::path::Path;

use fantoccini::elements::Element;
use fantoccini::{Client, Locator};
use serde_json::{json, Value};

use crate::driver::{wait_until, PAGE_LOAD};

/// Waits (up to [`PAGE_LOAD`]) until `condition` answers; on time out, fails naming `what` it
/// waited for, with what the page says (an error summary shows up there).
pub async fn on_page<T>(client: &Client, what: impl Display, condition: impl AsyncFnMut() -> Option<T>) -> T {
    match wait_until(what, PAGE_LOAD, condition).await {
        Ok(answer) => answer,
        Err(e) => panic!("{e}; the page says:\n{}", page_text(client).await),
    }
}

/// Waits until an element matching `css` exists (`what` it is, for the failure message).
pub async fn wait_for(client: &Client, css: &str, what: &str) -> Element {
    on_page(client, format!("{what} ({css})"), async || client.find(Locator::Css(css)).await.ok()).await
}

/// Waits until the element matching `css` has a text that `accept`s; returns the text.
async fn text_when(client: &Client, css: &str, what: impl Display, accept: impl Fn(&str) -> bool) -> String {
    on_page(client, what, async || {
        let text = client.find(Locator::Css(css)).await.ok()?.text().await.ok()?;
        accept(&text).then_some(text)
    })
    .await
}

/// Waits until the element's text contains `needle`, and returns the whole text.
pub async fn wait_for_text_containing(client: &Client, css: &str, needle: &str) -> String {
    text_when(client, css, format!("{css} to say {needle:?}"), |text| text.contains(needle)).await
}

/// Waits until the element exists and has text (the header fills in after its own command returns).
pub async fn wait_for_text(client: &Client, css: &str, what: &str) -> String {
    text_when(client, css, format!("{what} ({css})"), |text| !text.trim().is_empty()).await.trim().to_owned()
}

/// Waits until the element with `id` has the focus.
pub async fn wait_for_focus(client: &Client, id: &str) {
    on_page(client, format!("the focus on #{id}"), async || {
        let focused = client.active_element().await.ok()?.attr("id").await.ok().flatten();
        (focused.as_deref() == Some(id)).then_some(())
    })
    .await
}

/// The value of a summary list's row, by its key, once `accept` takes it.
pub async fn summary_value_when(client: &Client, key: &str, what: &str, accept: impl Fn(&str) -> bool) -> String {
    let xpath = format!("//dt[normalize-space()='{key}']/following-sibling::dd");
    on_page(client, what, async || {
        let value = client.find(Locator::XPath(&xpath)).await.ok()?.text().await.ok()?;
        let value = value.trim();
        accept(value).then(|| value.to_owned())
    })
    .await
}

/// The value of a summary list's row, by its key (waiting for it).
pub async fn summary_value(client: &Client, key: &str) -> String {
    summary_value_when(client, key, &format!("{key:?} in a summary list"), |_| true).await
}

/// Waits for an element to exist, then clicks it.
pub async fn click(client: &Client, css: &str) {
    let element = wait_for(client, css, css).await;
    element.click().await.unwrap_or_else(|e| panic!("click {css}: {e}"));
}

/// Clicks the button whose text is `label` (waiting for it).
pub async fn click_button(client: &Client, label: &str) {
    let xpath = format!("//button[normalize-space()='{label}']");
    let button =
        on_page(client, format!("the button {label:?}"), async || client.find(Locator::XPath(&xpath)).await.ok()).await;
    button.click().await.unwrap_or_else(|e| panic!("click the button {label:?}: {e}"));
}

/// Waits for a button, then presses it from the keyboard (focus, Enter), as a keyboard user
/// would: independent of where the page is scrolled when it is pressed.
pub async fn press(client: &Client, css: &str) {
    let button = wait_for(client, css, css).await;
    button.send_keys(&fantoccini::key::Key::Enter.to_string()).await.unwrap_or_else(|e| panic!("press {css}: {e}"));
}

/// Replaces the text of an input with `text`, typed as a user would.
pub async fn fill(client: &Client, css: &str, text: &str) {
    let element = wait_for(client, css, css).await;
    element.clear().await.unwrap_or_else(|e| panic!("clear {css}: {e}"));
    element.send_keys(text).await.unwrap_or_else(|e| panic!("type into {css}: {e}"));
}

/// Chooses the option with `value` in a select list (waiting for the option to be there). Set as
/// the list itself does on a choice (value, then `change`): WebKitWebDriver's option click opens
/// GTK's popup menu, which without a window manager keeps the keyboard afterwards.
pub async fn select(client: &Client, css: &str, value: &str) {
    wait_for(client, &format!("{css} option[value='{value}']"), &format!("the choice {value} in {css}")).await;
    let script = "const [css, value] = arguments; const list = document.querySelector(css); list.value = value; \
                  list.dispatchEvent(new Event('input', { bubbles: true })); \
                  list.dispatchEvent(new Event('change', { bubbles: true })); return list.value;";
    let chosen = client
        .execute(script, vec![json!(css), json!(value)])
        .await
        .unwrap_or_else(|e| panic!("choose {value} in {css}: {e}"));
    assert_eq!(chosen, json!(value), "{css} did not take the choice {value}");
}

/// Types into whatever has the focus.
pub async fn keys(client: &Client, text: &str) {
    let active = client.active_element().await.expect("find the focused element");
    active.send_keys(text).await.unwrap_or_else(|e| panic!("type {text:?}: {e}"));
}

/// Follows the side navigation's link to a screen (`data-screen` on the link) and waits until the
/// main area says it shows that screen.
pub async fn open_screen(client: &Client, screen: &str) {
    click(client, &format!(".side-nav a[data-screen='{screen}']")).await;
    wait_for(client, &format!("main[data-screen='{screen}']"), &format!("the {screen} screen")).await;
}

/// Moves to a route of the window, as following a link would.
pub async fn go_to(client: &Client, route: &str) {
    client
        .execute("location.hash = arguments[0];", vec![json!(route)])
        .await
        .unwrap_or_else(|e| panic!("go to {route}: {e}"));
}

/// The text of the element matching `css` now, trimmed.
pub async fn text_of(client: &Client, css: &str) -> String {
    let element = client.find(Locator::Css(css)).await.unwrap_or_else(|e| panic!("find {css}: {e}"));
    element.text().await.unwrap_or_else(|e| panic!("read the text of {css}: {e}")).trim().to_owned()
}

/// The values of one attribute over every element matching `css`, in page order.
pub async fn attributes(client: &Client, css: &str, name: &str) -> Vec<String> {
    let mut out = Vec::new();
    for element in client.find_all(Locator::Css(css)).await.unwrap_or_else(|e| panic!("find {css}: {e}")) {
        if let Some(v) = element.attr(name).await.unwrap_or_else(|e| panic!("read {name} of {css}: {e}")) {
            out.push(v);
        }
    }
    out
}

/// The visible text of the page, for failure messages (an error summary shows up here).
pub async fn page_text(client: &Client) -> String {
    match client.find(Locator::Css("body")).await {
        Ok(body) => body.text().await.unwrap_or_else(|e| format!("(could not read the page: {e})")),
        Err(e) => format!("(could not find the page body: {e})"),
    }
}

/// With TENDERDESK_SCREENSHOTS set, saves what the window shows as docs/screenshots/<name>.png.
/// The page is scrolled to the top first, and the pending paint awaited (a frame), not a time.
pub async fn screenshot(client: &Client, name: &str) {
    let script = "const done = arguments[0]; window.scrollTo(0, 0); \
                  requestAnimationFrame(() => requestAnimationFrame(() => done(true)));";
    save_screenshot(client, name, script, vec![]).await;
}

/// As [`screenshot`], scrolled so that the element `css` (a form further down the page) is in view.
pub async fn screenshot_of(client: &Client, name: &str, css: &str) {
    let script = "const [css, done] = arguments; document.querySelector(css).scrollIntoView({ block: 'center' }); \
                  requestAnimationFrame(() => requestAnimationFrame(() => done(true)));";
    save_screenshot(client, name, script, vec![json!(css)]).await;
}

/// Runs `scroll` (which calls back after the next paint), then saves the screenshot, if asked for.
async fn save_screenshot(client: &Client, name: &str, scroll: &str, args: Vec<Value>) {
    if std::env::var_os("TENDERDESK_SCREENSHOTS").is_none() {
        return;
    }
    client
        .execute_async(scroll, args)
        .await
        .unwrap_or_else(|e| panic!("scroll and wait for a paint before the screenshot {name}: {e}"));
    let png = client.screenshot().await.unwrap_or_else(|e| panic!("take the screenshot {name}: {e}"));
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots").join(format!("{name}.png"));
    std::fs::create_dir_all(file.parent().expect("the screenshot has a folder")).expect("create docs/screenshots");
    std::fs::write(&file, png).unwrap_or_else(|e| panic!("write {}: {e}", file.display()));
}
