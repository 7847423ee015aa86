//! UI components, one per file.

mod about_dialog;
mod auth;
mod confirm_dialog;
mod dialog;
mod field;
mod member_drawer;
mod member_picker;
mod sidebar;
mod startup_error;
mod switcher;
mod toasts;

pub use about_dialog::AboutDialog;
pub use auth::AuthScreen;
pub use confirm_dialog::{Confirm, ConfirmDialog};
pub use dialog::Dialog;
pub use field::Field;
pub use member_drawer::MemberDrawer;
pub use member_picker::MemberPicker;
pub use sidebar::Sidebar;
pub use startup_error::StartupError;
pub use switcher::Switcher;
pub use toasts::Toasts;
