//! End-to-end: billing.
