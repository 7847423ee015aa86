//! End-to-end: agents.
