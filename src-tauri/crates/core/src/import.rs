//! Imports from identity providers' exports (R46–R51).
//!
//! The preview and the apply are one code path: both run [`Plan`] over the file inside
//! one write transaction, acting as the signed-in account with the same checks as by
//! hand (R18, R22, R28–R30). The preview rolls the transaction back (and skips the
//! per-person audit entries and the snapshot, which change nothing it shows); the apply
//! commits it with its `import.applied` entry. So the preview shows exactly what the
//! apply does, and a cancel, a refusal or a crash leaves nothing written.
//!
//! People match by the source's stable id (kept in `member_sources`), else by e-mail
//! ignoring case (R48). The Owner and the acting account are never changed: only what
//! the source says of them is recorded.

mod plan;

use crate::service::Rolecall;
use crate::{Error, Result};
use plan::{Mode, Plan};
use rolecall_import as reader;
use rolecall_types::ids::AccountId;
use rolecall_types::import::{Choice, ImportApplied, ImportPreview, ImportProgress, ImportRequest};

use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// The page cache of an apply, in KiB (negative: a size, as SQLite's pragma takes it).
const IMPORT_CACHE_KIB: i64 = -163_840;

/// The page cache of the temporary database during an apply (the staged joins), in KiB
/// (SQLite's default, 2 MiB, writes them out to a temporary file from 6,000 people or
/// so; this keeps half of 100,000 in memory, and a million stays far under the memory
/// the app may take).
const IMPORT_TEMP_CACHE_KIB: i64 = -16_384;

/// What a running preview or apply reports to and is stopped by.
pub struct ImportControl<'a> {
    /// Set from another thread to stop; the apply then writes nothing.
    pub cancel: &'a AtomicBool,
    /// Called now and then with the bytes read of the file's bytes.
    pub progress: &'a mut dyn FnMut(ImportProgress),
}

impl ImportControl<'_> {
    fn check(&self) -> Result<()> {
        if self.cancel.load(Ordering::Relaxed) {
            Err(Error::Cancelled(
                "The import was cancelled; nothing was written.".into(),
            ))
        } else {
            Ok(())
        }
    }
}

impl Rolecall {
    /// R47: the dry run of `request`: what joins, changes, is absent and cannot be read.
    /// Nothing is written.
    pub fn preview_import(
        &self,
        actor: &AccountId,
        request: &ImportRequest,
        control: &mut ImportControl<'_>,
    ) -> Result<ImportPreview> {
        let file = ChosenFile::open(&request.path, control)?;
        self.dry_run(Some(actor), |tx| {
            Plan::run(tx, request, &file, Mode::Preview, control).map(Plan::into_preview)
        })
    }

    /// R49: applies `request` in one transaction, if the file is still the one the
    /// preview read (`sha256`) and nothing blocks it.
    pub fn apply_import(
        &self,
        actor: &AccountId,
        request: &ImportRequest,
        sha256: &str,
        control: &mut ImportControl<'_>,
    ) -> Result<ImportApplied> {
        let file = ChosenFile::open(&request.path, control)?;
        if !file.sha256.eq_ignore_ascii_case(sha256.trim()) {
            return Err(Error::Conflict(format!(
                "{} changed since the preview. Preview it again before applying.",
                file.name
            )));
        }
        let applied = self.store().bulk(|| {
            self.write(Some(actor), |tx| {
                // A large apply touches every index of several tables at once: a larger
                // page cache for its duration keeps them from being written out and read
                // back (the usual size returns after).
                tx.db.pragma_update(None, "cache_size", IMPORT_CACHE_KIB)?;
                let temp_cache: i64 =
                    tx.db
                        .pragma_query_value(Some("temp"), "cache_size", |r| r.get(0))?;
                tx.db
                    .pragma_update(Some("temp"), "cache_size", IMPORT_TEMP_CACHE_KIB)?;
                // A cancel up to the commit itself writes nothing: checked again once the
                // counts, audit entry and snapshot are written, just before committing.
                let done = Plan::run(tx, request, &file, Mode::Apply, control).and_then(|plan| {
                    control.check()?;
                    let applied = plan.finish(tx)?;

                    control.check()?;
                    Ok(applied)
                });
                tx.db
                    .pragma_update(None, "cache_size", crate::store::CACHE_KIB)?;
                tx.db
                    .pragma_update(Some("temp"), "cache_size", temp_cache)?;
                done
            })
        })?;
        Ok(applied)
    }
}

/// The chosen file: its name, size, SHA-256 and first bytes.
pub(crate) struct ChosenFile {
    pub path: PathBuf,
    pub name: String,
    pub bytes: u64,
    pub sha256: String,
    /// The first bytes (up to `HEAD_LEN`), kept from the hashing pass for detection and
    /// the header.
    pub head: Vec<u8>,
}

impl ChosenFile {
    pub(crate) fn open(path: &str, control: &ImportControl<'_>) -> Result<ChosenFile> {
        let path = PathBuf::from(path.trim());
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        let meta = std::fs::metadata(&path).map_err(|e| unreadable(&path, e))?;
        if !meta.is_file() {
            return Err(Error::invalid(
                "file",
                format!(
                    "{} is not a file. Choose the file your identity provider exported.",
                    path.display()
                ),
            ));
        }
        let mut hasher = Sha256::new();
        let mut head = Vec::with_capacity(reader::HEAD_LEN);
        let mut input = std::fs::File::open(&path).map_err(|e| unreadable(&path, e))?;
        let mut buffer = vec![0_u8; 1 << 20];
        loop {
            control.check()?;
            let n = input.read(&mut buffer).map_err(|e| unreadable(&path, e))?;
            if n == 0 {
                break;
            }
            let wanted = reader::HEAD_LEN.saturating_sub(head.len()).min(n);
            head.extend_from_slice(&buffer[..wanted]);
            hasher.update(&buffer[..n]);
        }
        let sha256 = hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        Ok(ChosenFile {
            path,
            name,
            bytes: meta.len(),
            sha256,
            head,
        })
    }
}

pub(crate) fn unreadable(path: &Path, e: std::io::Error) -> Error {
    Error::invalid(
        "file",
        format!("Rolecall cannot read {}: {e}.", path.display()),
    )
}

/// A reader's refusal of the whole file (R51): its message names the line and column.
pub(crate) fn file_error(e: reader::Error) -> Error {
    Error::invalid("file", e.to_string())
}

fn source_choice(source: reader::Source) -> Choice {
    Choice {
        code: source.code().to_string(),
        label: source.label().to_string(),
    }
}
