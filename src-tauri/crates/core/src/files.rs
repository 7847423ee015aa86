//! Files Rolecall writes for the user (exports): [`AtomicFile`] writes under a temporary
//! name in the target's folder and renames the file into place only once it is complete
//! and on disk, so the target's name holds either what it held before or the whole new
//! file, never a part of one — even when the app is killed or the power fails.
//!
//! The temporary file is created exclusively (an existing file or symbolic link of that
//! name is never opened, let alone followed) under a name nobody can guess, and is
//! removed again when writing fails or is abandoned. Only a process killed mid-write
//! leaves one behind, named `<target name>.<random>.part`, which never passes for the
//! finished file.

use crate::{Error, Result};
use std::ffi::OsString;
use std::fs::{File, OpenOptions};
use std::hash::{BuildHasher, RandomState};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Temporary names tried before giving up: each one taken means a file of that exact
/// random name already exists, so more than one failure is all but impossible.
const ATTEMPTS: usize = 8;

/// A file being written to `target`; it appears there only through [`AtomicFile::commit`].
/// Dropping it uncommitted removes the temporary file.
#[derive(Debug)]
pub struct AtomicFile {
    target: PathBuf,
    temp: PathBuf,
    /// `None` only while committing or dropping.
    out: Option<BufWriter<File>>,
    bytes: u64,
    /// Set once the temporary file has been renamed to the target.
    renamed: bool,
}

impl AtomicFile {
    /// Starts writing the file `target` (its folder must exist).
    pub fn create(target: &Path) -> Result<AtomicFile> {
        AtomicFile::create_with(target, std::iter::repeat_with(random_suffix).take(ATTEMPTS))
    }

    /// Creates the temporary file under the first free name made from `suffixes`.
    fn create_with(
        target: &Path,
        suffixes: impl IntoIterator<Item = String>,
    ) -> Result<AtomicFile> {
        let name = target.file_name().ok_or_else(|| Error::Invalid {
            field: None,
            message: format!("{} is not a file name; choose a file.", target.display()),
        })?;
        let folder = folder_of(target);
        let mut taken = None;
        for suffix in suffixes {
            let mut temp_name = OsString::from(name);
            temp_name.push(format!(".{suffix}.part"));
            let temp = folder.join(temp_name);
            // `create_new` is O_CREAT | O_EXCL: it fails on any existing entry, a
            // symbolic link included, instead of opening or following it.
            match OpenOptions::new().write(true).create_new(true).open(&temp) {
                Ok(file) => {
                    return Ok(AtomicFile {
                        target: target.to_path_buf(),
                        temp,
                        out: Some(BufWriter::new(file)),
                        bytes: 0,
                        renamed: false,
                    });
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => taken = Some(e),
                Err(e) => return Err(cannot_save(target, e)),
            }
        }
        Err(cannot_save(
            target,
            taken.unwrap_or_else(|| io::Error::from(io::ErrorKind::AlreadyExists)),
        ))
    }

    /// The file being written until [`AtomicFile::commit`] renames it.
    #[cfg(test)]
    fn temp_path(&self) -> &Path {
        &self.temp
    }

    /// Finishes the file: writes out the buffer, makes the content durable, renames it
    /// to the target (replacing a file there) and makes the rename durable. Returns the
    /// file's size in bytes.
    pub fn commit(mut self) -> Result<u64> {
        let out = self
            .out
            .take()
            .ok_or_else(|| cannot_save(&self.target, io::Error::other("already finished")))?;
        let file = out
            .into_inner()
            .map_err(|e| cannot_save(&self.target, e.into_error()))?;
        file.sync_all().map_err(|e| cannot_save(&self.target, e))?;
        drop(file);
        std::fs::rename(&self.temp, &self.target).map_err(|e| cannot_save(&self.target, e))?;
        self.renamed = true;
        // The content is complete under its name; syncing the folder makes the rename
        // itself survive a power cut. A file system that cannot sync folders still has
        // a complete file, so that is a warning, not a failed export.
        if let Err(e) = sync_folder(&folder_of(&self.target)) {
            tracing::warn!(path = %self.target.display(), error = %e, "could not sync the folder after saving");
        }
        Ok(self.bytes)
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let out = self
            .out
            .as_mut()
            .ok_or_else(|| io::Error::other("the file is already finished"))?;
        let n = out.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        match self.out.as_mut() {
            Some(out) => out.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.renamed {
            return;
        }
        // Close without writing out the buffer (the file is going), then remove it:
        // some systems refuse to remove a file that is still open.
        if let Some(out) = self.out.take() {
            drop(out.into_parts());
        }
        if let Err(e) = std::fs::remove_file(&self.temp)
            && e.kind() != io::ErrorKind::NotFound
        {
            tracing::warn!(path = %self.temp.display(), error = %e, "could not remove an unfinished file");
        }
    }
}

/// The folder `target` goes in (the current folder for a bare file name).
fn folder_of(target: &Path) -> PathBuf {
    match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// 64 unpredictable bits as hex. `RandomState` is keyed from the operating system's
/// random source, and SipHash under a secret key gives nothing of the key away, so the
/// names cannot be guessed without another crate.
fn random_suffix() -> String {
    format!("{:016x}", RandomState::new().hash_one(std::process::id()))
}

#[cfg(unix)]
fn sync_folder(folder: &Path) -> io::Result<()> {
    File::open(folder)?.sync_all()
}

/// Windows cannot open a folder as a file; NTFS journals the rename itself.
#[cfg(not(unix))]
fn sync_folder(_folder: &Path) -> io::Result<()> {
    Ok(())
}

fn cannot_save(target: &Path, e: io::Error) -> Error {
    Error::io(format!("Could not create {}", target.display()), e)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files_in(folder: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(folder)
            .expect("read folder")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn r45_export_file_appears_under_its_name_only_when_complete() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("acme-members.csv");
        let line = b"Ann,Lee,ann@example.com\r\n";
        let mut file = AtomicFile::create(&target).expect("create");
        for _ in 0..1000 {
            file.write_all(line).expect("write");
        }
        file.flush().expect("flush");
        assert!(!target.exists(), "the target exists before the commit");
        let temp = file.temp_path().to_path_buf();
        assert!(temp.exists());
        let size = 1000 * line.len();
        assert_eq!(file.commit().expect("commit"), size as u64);
        assert_eq!(std::fs::read(&target).expect("read").len(), size);
        assert!(!temp.exists());
        assert_eq!(files_in(dir.path()), ["acme-members.csv"]);
    }

    #[test]
    fn r45_an_existing_export_keeps_its_content_until_the_new_one_is_complete() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("acme.json");
        std::fs::write(&target, b"{\"old\":true}\n").expect("old file");
        let mut file = AtomicFile::create(&target).expect("create");
        file.write_all(b"{\"new\":").expect("write");
        file.flush().expect("flush");
        assert_eq!(
            std::fs::read(&target).expect("read"),
            b"{\"old\":true}\n",
            "partial content under the final name"
        );
        file.write_all(b"true}\n").expect("write");
        file.commit().expect("commit");
        assert_eq!(std::fs::read(&target).expect("read"), b"{\"new\":true}\n");
    }

    #[test]
    fn r45_an_abandoned_export_leaves_no_file_and_the_old_one_intact() {
        let dir = tempfile::tempdir().expect("tempdir");
        let fresh = dir.path().join("fresh.csv");
        let existing = dir.path().join("existing.csv");
        std::fs::write(&existing, b"complete\r\n").expect("old file");
        for target in [&fresh, &existing] {
            let mut file = AtomicFile::create(target).expect("create");
            file.write_all(&[b'x'; 100_000]).expect("write");
            drop(file);
        }
        // A panic in the middle of writing (unwinding drops the file the same way).
        let panicked = std::panic::catch_unwind(|| {
            let mut file = AtomicFile::create(&fresh).expect("create");
            file.write_all(b"half").expect("write");
            panic!("export failed");
        });
        assert!(panicked.is_err());
        assert_eq!(files_in(dir.path()), ["existing.csv"]);
        assert_eq!(std::fs::read(&existing).expect("read"), b"complete\r\n");
    }

    #[cfg(unix)]
    #[test]
    fn r45_export_temp_file_is_created_exclusively_and_never_follows_a_symlink() {
        let dir = tempfile::tempdir().expect("tempdir");
        let victim = dir.path().join("victim.txt");
        std::fs::write(&victim, b"precious").expect("victim");
        let target = dir.path().join("acme.csv");
        // Someone who guessed the first temporary name planted a link there.
        let planted = dir.path().join("acme.csv.guessed.part");
        std::os::unix::fs::symlink(&victim, &planted).expect("symlink");
        let mut file =
            AtomicFile::create_with(&target, ["guessed".to_string(), "second".to_string()])
                .expect("create under the next name");
        assert_eq!(file.temp_path(), dir.path().join("acme.csv.second.part"));
        file.write_all(b"export").expect("write");
        file.commit().expect("commit");
        assert_eq!(std::fs::read(&victim).expect("victim"), b"precious");
        assert!(
            std::fs::symlink_metadata(&planted)
                .expect("link still there")
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read(&target).expect("target"), b"export");

        // Every name taken: an error, and the link's target is still untouched.
        let refused = AtomicFile::create_with(&target, ["guessed".to_string()]);
        assert!(refused.is_err());
        assert_eq!(std::fs::read(&victim).expect("victim"), b"precious");
    }

    #[cfg(unix)]
    #[test]
    fn r45_a_symlink_at_the_target_is_replaced_not_written_through() {
        let dir = tempfile::tempdir().expect("tempdir");
        let victim = dir.path().join("victim.txt");
        std::fs::write(&victim, b"precious").expect("victim");
        let target = dir.path().join("acme.csv");
        std::os::unix::fs::symlink(&victim, &target).expect("symlink");
        let mut file = AtomicFile::create(&target).expect("create");
        file.write_all(b"export").expect("write");
        file.commit().expect("commit");
        assert_eq!(std::fs::read(&victim).expect("victim"), b"precious");
        let meta = std::fs::symlink_metadata(&target).expect("target");
        assert!(meta.file_type().is_file());
        assert_eq!(std::fs::read(&target).expect("target"), b"export");
    }

    #[test]
    fn r45_export_temp_names_are_unpredictable_and_say_what_they_are() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("acme.csv");
        let a = AtomicFile::create(&target).expect("first");
        let b = AtomicFile::create(&target).expect("second");
        assert_ne!(a.temp_path(), b.temp_path());
        for file in [&a, &b] {
            let name = file
                .temp_path()
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            let random = name
                .strip_prefix("acme.csv.")
                .and_then(|rest| rest.strip_suffix(".part"))
                .unwrap_or_else(|| panic!("unexpected temporary name {name}"));
            assert_eq!(random.len(), 16);
            assert!(random.chars().all(|c| c.is_ascii_hexdigit()));
        }
    }

    #[test]
    fn r45_an_export_to_a_missing_folder_or_a_folder_name_fails_cleanly() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert!(AtomicFile::create(&dir.path().join("missing").join("a.csv")).is_err());
        std::fs::create_dir(dir.path().join("taken.csv")).expect("folder");
        let mut file = AtomicFile::create(&dir.path().join("taken.csv")).expect("create");
        file.write_all(b"x").expect("write");
        assert!(file.commit().is_err(), "a folder was replaced by a file");
        assert_eq!(files_in(dir.path()), ["taken.csv"]);
        assert!(dir.path().join("taken.csv").is_dir());
    }
}
