//! End-to-end tests in the real Rolecall window. Run them with `cargo xtask test`.

mod flows;
mod keys;
mod scale;
mod shell;
