//! The data folder and the database's files are the user's alone (0700 and 0600 on
//! Unix): they hold password hashes and every member's personal data. Permissions
//! are only ever taken away from group and others, never added, so a folder or file
//! the user made read-only stays read-only.

use std::io;
use std::path::Path;

/// `EROFS`: the file system is mounted read-only.
pub(super) const EROFS: i32 = 30;

/// Creates the folder (and its parents) as 0700 when it does not exist.
pub(super) fn create_folder(folder: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(folder)
}

/// Creates the empty file as 0600 when it does not exist (SQLite would create it as
/// 0644); an existing file is left as it is.
pub(super) fn create_file(path: &Path) -> io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

/// Takes group and other permissions away from the data folder.
pub(super) fn restrict_folder(folder: &Path) {
    restrict(folder);
}

/// Takes group and other permissions away from the database, its journal and its
/// backup copies.
pub(super) fn restrict_files(folder: &Path) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(super::DATABASE_FILE) {
            restrict(&entry.path());
        }
    }
}

#[cfg(unix)]
fn restrict(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return;
    };
    if meta.file_type().is_symlink() {
        return;
    }
    let mode = meta.permissions().mode();
    if mode & 0o077 == 0 {
        return;
    }
    let private = std::fs::Permissions::from_mode(mode & !0o077);
    if let Err(e) = std::fs::set_permissions(path, private) {
        tracing::warn!(path = %path.display(), error = %e, "could not make the file private to the user");
    }
}

#[cfg(not(unix))]
fn restrict(_path: &Path) {}
