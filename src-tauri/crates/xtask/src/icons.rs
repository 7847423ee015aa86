//! Regenerates every icon Tauri bundles from the one source image, `icons/icon.svg`:
//! PNGs (RGBA) rendered by `rsvg-convert` and normalised by ImageMagick, and the
//! Windows `.ico` and macOS `.icns` containers, written here: both simply wrap PNGs.

use crate::{Paths, Result, status};
use std::path::Path;
use std::process::Command;

/// (file name, pixel size) of the PNGs listed in `tauri.conf.json`.
const PNGS: &[(&str, u32)] = &[
    ("32x32.png", 32),
    ("128x128.png", 128),
    ("128x128@2x.png", 256),
    ("icon.png", 512),
];
const ICO_SIZES: &[u32] = &[16, 24, 32, 48, 64, 128, 256];
/// ICNS entry types holding PNG data, by size.
const ICNS_TYPES: &[(&[u8; 4], u32)] = &[
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic10", 1024),
];

pub fn generate(paths: &Paths) -> Result {
    let dir = paths.root.join("icons");
    let source = dir.join("icon.svg");
    let scratch = paths.target.join("icons");
    std::fs::create_dir_all(&scratch).map_err(|e| format!("create {}: {e}", scratch.display()))?;
    for (name, size) in PNGS {
        render(&source, *size, &dir.join(name))?;
    }
    let mut ico = Vec::new();
    for size in ICO_SIZES {
        let file = scratch.join(format!("{size}.png"));
        render(&source, *size, &file)?;
        ico.push((*size, read(&file)?));
    }
    write(&dir.join("icon.ico"), &ico_bytes(&ico))?;
    let mut icns = Vec::new();
    for (kind, size) in ICNS_TYPES {
        let file = scratch.join(format!("{size}.png"));
        render(&source, *size, &file)?;
        icns.push((**kind, read(&file)?));
    }
    write(&dir.join("icon.icns"), &icns_bytes(&icns))?;
    println!("    icons written to {}", dir.display());
    Ok(())
}

/// SVG → RGBA PNG of `size`×`size`. Debian's ImageMagick is called by its full path:
/// another `convert` may come first on PATH.
fn render(source: &Path, size: u32, target: &Path) -> Result {
    let raw = target.with_extension("raw.png");
    status(
        Command::new("rsvg-convert")
            .args(["-w", &size.to_string(), "-h", &size.to_string(), "-o"])
            .arg(&raw)
            .arg(source),
        &format!("render {size}px icon (rsvg-convert, Debian package librsvg2-bin)"),
    )?;
    status(
        Command::new("/usr/bin/convert")
            .arg(&raw)
            .arg(format!("PNG32:{}", target.display())),
        "store it as RGBA (ImageMagick)",
    )?;
    std::fs::remove_file(&raw).map_err(|e| format!("remove {}: {e}", raw.display()))
}

fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| format!("read {}: {e}", path.display()))
}

fn write(path: &Path, bytes: &[u8]) -> Result {
    std::fs::write(path, bytes).map_err(|e| format!("write {}: {e}", path.display()))
}

/// An ICO file whose entries are PNG images (supported since Windows Vista).
fn ico_bytes(images: &[(u32, Vec<u8>)]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&0u16.to_le_bytes()); // reserved
    out.extend_from_slice(&1u16.to_le_bytes()); // type: icon
    out.extend_from_slice(&(images.len() as u16).to_le_bytes());
    let mut offset = 6 + 16 * images.len() as u32;
    for (size, png) in images {
        let dim = if *size >= 256 { 0u8 } else { *size as u8 }; // 0 means 256
        out.extend_from_slice(&[dim, dim, 0, 0]); // width, height, palette, reserved
        out.extend_from_slice(&1u16.to_le_bytes()); // colour planes
        out.extend_from_slice(&32u16.to_le_bytes()); // bits per pixel
        out.extend_from_slice(&(png.len() as u32).to_le_bytes());
        out.extend_from_slice(&offset.to_le_bytes());
        offset += png.len() as u32;
    }
    for (_, png) in images {
        out.extend_from_slice(png);
    }
    out
}

/// An ICNS file: big-endian `icns` header, then typed PNG entries.
fn icns_bytes(entries: &[([u8; 4], Vec<u8>)]) -> Vec<u8> {
    let total: usize = 8 + entries.iter().map(|(_, png)| 8 + png.len()).sum::<usize>();
    let mut out = Vec::with_capacity(total);
    out.extend_from_slice(b"icns");
    out.extend_from_slice(&(total as u32).to_be_bytes());
    for (kind, png) in entries {
        out.extend_from_slice(kind);
        out.extend_from_slice(&((8 + png.len()) as u32).to_be_bytes());
        out.extend_from_slice(png);
    }
    out
}
