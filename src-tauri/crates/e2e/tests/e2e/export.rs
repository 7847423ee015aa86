//! End-to-end: export.
