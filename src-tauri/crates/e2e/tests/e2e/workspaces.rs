//! End-to-end: workspaces.
