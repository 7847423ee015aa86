//! The readers on vendor-shaped fixtures (R46), bad input (R51), and a short fuzz run.

#[path = "readers/bad_input.rs"]
mod bad_input;
#[path = "readers/common.rs"]
mod common;
#[path = "readers/fuzz.rs"]
mod fuzz;
#[path = "readers/google.rs"]
mod google;
#[path = "readers/mutate.rs"]
mod mutate;
#[path = "readers/sources.rs"]
mod sources;
