//! UI components, one per file.

mod about_dialog;
mod sidebar;
mod startup_error;
mod welcome;

pub use about_dialog::AboutDialog;
pub use sidebar::Sidebar;
pub use startup_error::StartupError;
pub use welcome::Welcome;
