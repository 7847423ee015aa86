//! What the crate's unit tests share: a core on a fresh data folder with Ann Lee
//! registered (her personal account and main company).

use crate::clock::ManualClock;
use crate::{PasswordHashing, Registered, Rolecall, Store};
use rolecall_types::model::RegisterRequest;
use std::path::Path;
use std::sync::Arc;

/// A core on `dir` at a fixed moment (15 January 2026), with Ann Lee registered.
pub(crate) fn core_with_ann(dir: &Path) -> (Rolecall, Registered) {
    let core = Rolecall::new(
        Store::open(dir).expect("store"),
        Arc::new(ManualClock::new(1_768_471_200_000)),
        PasswordHashing::Fast,
    );
    let ann = core
        .register(&RegisterRequest {
            first_name: "Ann".into(),
            last_name: "Lee".into(),
            email: "ann@example.com".into(),
            password: "correct horse battery".into(),
            password_confirmation: "correct horse battery".into(),
        })
        .expect("register");
    (core, ann)
}
