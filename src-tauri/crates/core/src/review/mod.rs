//! review: what is wrong (findings, R52), who was there when (snapshots and their
//! differences, R56), and access review campaigns with their evidence (R53–R55, R57).

mod campaigns;
mod evidence;
pub(crate) mod findings;
mod roster;
pub(crate) mod snapshots;
