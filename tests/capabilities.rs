//! The window's security surface, checked from the files themselves: the capability grants exactly
//! the app's own commands (each by its generated `allow-…` permission) and no core or plugin
//! permission; every command is registered with Tauri and listed for `build.rs`; every command
//! the page calls (`ui/src/api.ts`, the only place that calls `invoke`) is granted; the content
//! security policy stays strict and the prototype frozen.

use std::collections::BTreeSet;
use std::path::Path;

include!("../src-tauri/command_list.rs");

fn read(path: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
}

fn listed() -> BTreeSet<String> {
    COMMANDS.iter().map(|c| c.to_string()).collect()
}

/// The quoted names after `marker` in `text`, e.g. every `call<…>("name"`.
fn quoted_after(text: &str, marker: &str) -> BTreeSet<String> {
    text.match_indices(marker)
        .filter_map(|(i, _)| {
            let rest = &text[i + marker.len()..];
            let start = rest.find('"')? + 1;
            let end = rest[start..].find('"')? + start;
            Some(rest[start..end].to_owned())
        })
        .collect()
}

#[test]
fn the_capability_grants_exactly_the_apps_commands_and_no_plugin() {
    let cap: serde_json::Value = serde_json::from_str(&read("capabilities/main-window.json")).unwrap();
    assert_eq!(cap["windows"], serde_json::json!(["main"]));
    let granted: BTreeSet<String> =
        cap["permissions"].as_array().unwrap().iter().map(|p| p.as_str().unwrap().to_owned()).collect();
    for p in &granted {
        assert!(!p.contains(':'), "{p}: no core or plugin permission is granted to the page");
        assert!(p.starts_with("allow-"), "{p}: only allow- permissions of the app's commands");
    }
    let expected: BTreeSet<String> = listed().iter().map(|c| format!("allow-{}", c.replace('_', "-"))).collect();
    assert_eq!(granted, expected, "granted permissions and COMMANDS differ");
    assert_eq!(COMMANDS.len(), listed().len(), "a command is listed twice");
}

#[test]
fn every_listed_command_is_registered_and_every_registered_one_listed() {
    let lib = read("src-tauri/lib.rs");
    let start = lib.find("generate_handler![").expect("lib.rs registers the commands");
    let end = lib[start..].find(']').unwrap() + start;
    let registered: BTreeSet<String> = lib[start..end]
        .split(',')
        .filter_map(|p| p.trim().rsplit("::").next().map(str::to_owned))
        .filter(|n| !n.is_empty() && !n.contains('['))
        .collect();
    assert_eq!(registered, listed());
}

#[test]
fn every_command_the_page_calls_is_granted_and_only_api_ts_invokes() {
    let api = read("ui/src/api.ts");
    let called = quoted_after(&api, "call<");
    assert!(called.len() >= 40, "api.ts wraps the commands ({} found)", called.len());
    for c in &called {
        assert!(listed().contains(c), "api.ts calls {c}, which is not a granted command");
    }
    // Any other file of the page calling invoke would bypass this check.
    fn walk(dir: &Path, found: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                if p.file_name().is_some_and(|n| n != "bindings") {
                    walk(&p, found);
                }
            } else if p.extension().is_some_and(|x| x == "ts" || x == "svelte")
                && !p.to_string_lossy().ends_with(".test.ts")
                && std::fs::read_to_string(&p).unwrap_or_default().contains("invoke(")
            {
                found.push(p.display().to_string());
            }
        }
    }
    let mut found = Vec::new();
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src"), &mut found);
    found.retain(|f| !f.ends_with("api.ts"));
    assert!(found.is_empty(), "only ui/src/api.ts may call invoke: {found:?}");
}

#[test]
fn the_content_security_policy_is_strict_and_there_is_no_remote_content() {
    let conf: serde_json::Value = serde_json::from_str(&read("tauri.conf.json")).unwrap();
    let sec = &conf["app"]["security"];
    assert_eq!(sec["freezePrototype"], true);
    let csp = sec["csp"].as_object().expect("a CSP is set");
    assert_eq!(csp["default-src"], "'self'");
    assert_eq!(csp["script-src"], "'self'", "no inline or remote scripts");
    assert_eq!(csp["object-src"], "'none'");
    for (directive, value) in csp {
        let v = value.as_str().unwrap();
        assert!(!v.contains("http://") || v == "ipc: http://ipc.localhost", "{directive}: {v}");
        assert!(!v.contains("https:") && !v.contains('*') && !v.contains("unsafe"), "{directive}: {v}");
    }
    assert_eq!(conf["app"]["withGlobalTauri"], false);
    for w in conf["app"]["windows"].as_array().unwrap() {
        assert!(w.get("url").is_none_or(|u| !u.as_str().unwrap_or("").starts_with("http")), "no remote page");
    }
}
