//! Tauri's build step: reads `tauri.conf.json` and the `capabilities/` folder from the package root
//! (the build script runs there), and generates the `allow-`/`deny-` permissions of the app's own
//! commands, so each command is reachable from the window only when a capability grants it.
fn main() {
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(&["list_arrangements", "council_name"]));
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri-build failed: {error:#}");
    }
}
