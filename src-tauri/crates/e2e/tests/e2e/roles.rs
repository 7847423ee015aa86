//! End-to-end: roles.
