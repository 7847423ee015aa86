//! Choosing the file and running the dry run (R47): a new file starts from the settings
//! it suggests; every change of a setting runs the preview again.

use super::{Import, Running};
use crate::api;
use leptos::prelude::*;
use leptos::task::spawn_local;
use rolecall_types::cmd;
use rolecall_types::import::ImportProgress;

impl Import {
    /// Asks for a file, then previews it with the settings the file suggests.
    pub(super) fn choose_file(self) {
        if !self.name_ok() {
            return;
        }
        spawn_local(async move {
            match api::call(cmd::PickImportFile {}).await {
                Ok(Some(path)) => {
                    if self.path.try_set(Some(path)).is_some() {
                        return;
                    }
                    self.source.set(None);
                    self.mapping.set(Vec::new());
                    self.roles.set(Vec::new());
                    self.skip.set(false);
                    self.preview.set(None);
                    self.preview_again();
                }
                // The dialog was closed: nothing changes.
                Ok(None) => {}
                Err(e) => {
                    self.error.try_set(Some((Running::Preview, e)));
                }
            }
        });
    }

    /// Runs the dry run with the settings as they are now.
    pub(super) fn preview_again(self) {
        if self.path.with_untracked(Option::is_none) {
            return;
        }
        // A new organization's preview needs its name; the one on screen no longer
        // matches meanwhile.
        if !self.name_ok() {
            if self.preview.with_untracked(Option::is_some) {
                self.stale.set(true);
            }
            return;
        }
        let Some(request) = self.request() else {
            return;
        };
        let generation = self.begin(Running::Preview);
        let progress = self.progress;
        spawn_local(async move {
            let report = move |p: ImportProgress| {
                progress.try_set(Some(p));
            };
            let answer = api::with_progress(cmd::PreviewImport { import: request }, report).await;
            if !self.current(generation) {
                return;
            }
            self.finish();
            match answer {
                Ok(preview) => {
                    self.stale.set(false);
                    self.preview.set(Some(preview));
                }
                Err(e) => self.failed(Running::Preview, e),
            }
        });
    }
}
