//! Points Tauri at the root `tauri.conf.json` and opts the app's commands into the
//! permission system; `capabilities/main.json` grants them to the main window only.
//! The commands are the contract's list, `rolecall_types::cmd::NAMES`: a command missing
//! there cannot be granted, so the window cannot call it.

fn main() {
    let attributes = tauri_build::Attributes::new()
        .config_path("../tauri.conf.json")
        .app_manifest(tauri_build::AppManifest::new().commands(rolecall_types::cmd::NAMES));
    if let Err(error) = tauri_build::try_build(attributes) {
        eprintln!("tauri build step failed: {error:#}");
        std::process::exit(1);
    }
}
