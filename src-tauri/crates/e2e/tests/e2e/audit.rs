//! End-to-end: audit.
