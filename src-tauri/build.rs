//! Tauri's build step: reads `tauri.conf.json` and the `capabilities/` folder from the package root
//! (the build script runs there), and generates the `allow-`/`deny-` permissions of the app's own
//! commands, so each command is reachable from the window only when a capability grants it.

include!("command_list.rs");

fn main() {
    println!("cargo:rerun-if-changed=src-tauri/command_list.rs");
    let attributes = tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri-build failed: {error:#}");
    }
}
