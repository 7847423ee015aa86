//! End-to-end: overview.
