//! `cargo xtask bundle`: a Debian package of the optimized app, built with Debian's own
//! `dpkg-deb` from what the repository already holds, so nothing is downloaded.
//!
//! One source of truth: the product name, binary name, identifier, description,
//! category and icons come from the root `tauri.conf.json` (the file the app itself is
//! built from); the version is the workspace's (`[workspace.package] version`, which
//! Tauri also uses when the config names none). The icons in every size come from the
//! files the config lists: the `.ico` holds PNGs of 16–256 px, `icon.png` is 512 px.
//!
//! The Tauri CLI cannot bundle this layout (a root `tauri.conf.json` beside a virtual
//! workspace manifest stops it with "No package info in the config file"), and an
//! AppImage needs `linuxdeploy`/`appimagetool`, which are downloaded from outside the
//! package registries: neither is used.

use crate::{Paths, Result, output, status};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Runtime libraries the window needs, as Debian and Ubuntu name their packages.
const DEPENDS: &str = "libwebkit2gtk-4.1-0, libgtk-3-0";

/// What the package says about itself, read from `tauri.conf.json`.
#[derive(Debug)]
pub struct Manifest {
    pub product_name: String,
    pub binary: String,
    pub identifier: String,
    pub version: String,
    pub description: String,
    pub category: String,
    pub icons: Vec<PathBuf>,
}

impl Manifest {
    pub fn read(root: &Path) -> Result<Manifest> {
        let path = root.join("tauri.conf.json");
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("read {}: {e}", path.display()))?;
        let config: Value = serde_json::from_str(&text)
            .map_err(|e| format!("{} is not valid JSON: {e}", path.display()))?;
        let field = |pointer: &str| -> Result<String> {
            config
                .pointer(pointer)
                .and_then(Value::as_str)
                .map(str::to_string)
                .ok_or_else(|| format!("{} has no {pointer}", path.display()))
        };
        let product_name = field("/productName")?;
        let binary = field("/mainBinaryName")?;
        let identifier = field("/identifier")?;
        // The workspace version, unless the config pins its own.
        let version = field("/version").unwrap_or_else(|_| env!("CARGO_PKG_VERSION").to_string());
        let description = field("/bundle/shortDescription")?;
        let category = field("/bundle/category").unwrap_or_else(|_| "Utility".into());
        let icons = config
            .pointer("/bundle/icon")
            .and_then(Value::as_array)
            .ok_or_else(|| format!("{} lists no bundle icons", path.display()))?
            .iter()
            .filter_map(Value::as_str)
            .map(|p| root.join(p))
            .collect();
        Ok(Manifest {
            product_name,
            binary,
            identifier,
            version,
            description,
            category,
            icons,
        })
    }

    /// The package name: the binary's name, as Debian wants it (lower case).
    pub fn package(&self) -> String {
        self.binary.to_lowercase()
    }
}

/// Builds `<target>/release/bundle/deb/<package>_<version>_<arch>.deb` from `binary`
/// and returns its path.
pub fn deb(paths: &Paths, binary: &Path) -> Result<PathBuf> {
    let manifest = Manifest::read(&paths.root)?;
    let arch = output(Command::new("dpkg").arg("--print-architecture"))
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .ok_or("dpkg --print-architecture failed: building a .deb needs Debian's dpkg")?;
    let package = manifest.package();
    let out_dir = paths.target.join("release").join("bundle").join("deb");
    let stage = out_dir.join(format!("{package}_{}_{arch}", manifest.version));
    let _ = std::fs::remove_dir_all(&stage);

    let bin_dir = stage.join("usr/bin");
    mkdir(&bin_dir)?;
    let installed = bin_dir.join(&manifest.binary);
    std::fs::copy(binary, &installed)
        .map_err(|e| format!("copy {} into the package: {e}", binary.display()))?;
    set_mode(&installed, 0o755)?;

    let apps = stage.join("usr/share/applications");
    mkdir(&apps)?;
    write(
        &apps.join(format!("{}.desktop", manifest.binary)),
        &desktop_entry(&manifest),
    )?;

    let icons = icon_sizes(&manifest.icons)?;
    for (size, png) in &icons {
        let dir = stage.join(format!("usr/share/icons/hicolor/{size}x{size}/apps"));
        mkdir(&dir)?;
        let file = dir.join(format!("{}.png", manifest.binary));
        std::fs::write(&file, png).map_err(|e| format!("write {}: {e}", file.display()))?;
    }

    let debian = stage.join("DEBIAN");
    mkdir(&debian)?;
    let installed_kib = dir_size(&stage.join("usr"))?.div_ceil(1024);
    write(
        &debian.join("control"),
        &control(&manifest, &arch, installed_kib),
    )?;

    let deb = out_dir.join(format!("{package}_{}_{arch}.deb", manifest.version));
    status(
        Command::new("dpkg-deb")
            .args(["--build", "--root-owner-group", "-Zxz"])
            .arg(&stage)
            .arg(&deb),
        "build the Debian package (dpkg-deb)",
    )?;
    let sizes: Vec<String> = icons.keys().map(|s| format!("{s}px")).collect();
    println!(
        "    package: {} ({} KiB; icons {})",
        deb.display(),
        std::fs::metadata(&deb).map(|m| m.len() / 1024).unwrap_or(0),
        sizes.join(", ")
    );
    Ok(deb)
}

/// The freedesktop.org desktop entry: the launcher's name, icon and category.
pub fn desktop_entry(m: &Manifest) -> String {
    // Desktop categories: the Tauri category names mapped to freedesktop.org's.
    let categories = match m.category.as_str() {
        "Business" => "Office;ProjectManagement;",
        "DeveloperTool" => "Development;",
        "Productivity" => "Office;",
        "Utility" => "Utility;",
        _ => "Utility;",
    };
    format!(
        "[Desktop Entry]\nType=Application\nVersion=1.5\nName={name}\nComment={comment}\n\
         Exec={bin}\nIcon={bin}\nTerminal=false\nCategories={categories}\n\
         StartupWMClass={bin}\nStartupNotify=true\nX-GNOME-UsesNotifications=false\n",
        name = m.product_name,
        comment = m.description,
        bin = m.binary,
    )
}

/// The package's control file.
pub fn control(m: &Manifest, arch: &str, installed_kib: u64) -> String {
    format!(
        "Package: {package}\nVersion: {version}\nArchitecture: {arch}\n\
         Maintainer: Rolecall <{identifier}@users.noreply>\nInstalled-Size: {installed_kib}\n\
         Depends: {DEPENDS}\nSection: utils\nPriority: optional\n\
         Description: {description}\n {product} keeps your organizations, their members, roles,\n \
         invitations, billing balance and API keys on your own machine and lets you review\n \
         and change team structure offline. API-key secrets live in the OS keyring.\n",
        package = m.package(),
        version = m.version,
        identifier = m.identifier,
        description = m.description,
        product = m.product_name,
    )
}

/// Every icon size the configured files hold: PNGs by their own size, and each PNG
/// inside a Windows `.ico`. The largest file wins where two give one size.
pub fn icon_sizes(files: &[PathBuf]) -> Result<BTreeMap<u32, Vec<u8>>> {
    let mut sizes = BTreeMap::new();
    for file in files {
        let bytes = std::fs::read(file).map_err(|e| format!("read {}: {e}", file.display()))?;
        match file.extension().and_then(|e| e.to_str()) {
            Some("png") => {
                let size = png_size(&bytes)
                    .ok_or_else(|| format!("{} is not a square PNG", file.display()))?;
                sizes.insert(size, bytes);
            }
            Some("ico") => {
                for png in ico_pngs(&bytes)
                    .ok_or_else(|| format!("{} is not a readable .ico", file.display()))?
                {
                    if let Some(size) = png_size(&png) {
                        sizes.entry(size).or_insert(png);
                    }
                }
            }
            _ => {} // .icns is macOS's; its sizes are among the others.
        }
    }
    if sizes.is_empty() {
        return Err("tauri.conf.json lists no PNG or .ico icons".into());
    }
    Ok(sizes)
}

/// The side of a square PNG, from its IHDR chunk.
fn png_size(bytes: &[u8]) -> Option<u32> {
    if bytes.len() < 24 || &bytes[..8] != b"\x89PNG\r\n\x1a\n" || &bytes[12..16] != b"IHDR" {
        return None;
    }
    let width = u32::from_be_bytes(bytes[16..20].try_into().ok()?);
    let height = u32::from_be_bytes(bytes[20..24].try_into().ok()?);
    (width == height && width > 0).then_some(width)
}

/// The PNG images inside an `.ico` (entries in other formats are skipped).
fn ico_pngs(bytes: &[u8]) -> Option<Vec<Vec<u8>>> {
    let u16_at = |at: usize| {
        bytes
            .get(at..at + 2)
            .map(|b| u16::from_le_bytes([b[0], b[1]]))
    };
    let u32_at = |at: usize| {
        bytes
            .get(at..at + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    if u16_at(0)? != 0 || u16_at(2)? != 1 {
        return None;
    }
    let count = usize::from(u16_at(4)?);
    let mut pngs = Vec::new();
    for i in 0..count {
        let entry = 6 + i * 16;
        let size = usize::try_from(u32_at(entry + 8)?).ok()?;
        let offset = usize::try_from(u32_at(entry + 12)?).ok()?;
        let data = bytes.get(offset..offset.checked_add(size)?)?;
        if data.starts_with(b"\x89PNG") {
            pngs.push(data.to_vec());
        }
    }
    Some(pngs)
}

fn mkdir(dir: &Path) -> Result {
    std::fs::create_dir_all(dir).map_err(|e| format!("create {}: {e}", dir.display()))
}

fn write(file: &Path, text: &str) -> Result {
    std::fs::write(file, text).map_err(|e| format!("write {}: {e}", file.display()))
}

fn set_mode(file: &Path, mode: u32) -> Result {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(file, std::fs::Permissions::from_mode(mode))
        .map_err(|e| format!("chmod {}: {e}", file.display()))
}

fn dir_size(dir: &Path) -> Result<u64> {
    let mut total = 0;
    for entry in std::fs::read_dir(dir).map_err(|e| format!("read {}: {e}", dir.display()))? {
        let entry = entry.map_err(|e| format!("read {}: {e}", dir.display()))?;
        let meta = entry
            .metadata()
            .map_err(|e| format!("read {}: {e}", entry.path().display()))?;
        total += if meta.is_dir() {
            dir_size(&entry.path())?
        } else {
            meta.len()
        };
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .ancestors()
            .nth(3)
            .map(Path::to_path_buf)
            .unwrap_or_default()
    }

    #[test]
    fn the_package_is_described_by_tauri_conf_json() {
        let m = Manifest::read(&root()).expect("read tauri.conf.json");
        assert_eq!(m.package(), "rolecall");
        assert_eq!(m.identifier, "io.rolecall.desktop");
        assert_eq!(m.version, env!("CARGO_PKG_VERSION"));
        let entry = desktop_entry(&m);
        assert!(entry.contains("Name=Rolecall\n") && entry.contains("Exec=rolecall\n"));
        let control = control(&m, "amd64", 1234);
        assert!(control.contains("Depends: libwebkit2gtk-4.1-0, libgtk-3-0\n"));
        assert!(control.contains("Installed-Size: 1234\n"));
        // Every continuation line of the description starts with a space.
        let description = control.split("Description: ").nth(1).unwrap_or_default();
        assert!(description.lines().skip(1).all(|l| l.starts_with(' ')));
    }

    #[test]
    fn icons_come_in_every_size_from_the_configured_files() {
        let m = Manifest::read(&root()).expect("read tauri.conf.json");
        let sizes: Vec<u32> = icon_sizes(&m.icons).expect("icons").into_keys().collect();
        assert_eq!(sizes, vec![16, 24, 32, 48, 64, 128, 256, 512]);
    }
}
