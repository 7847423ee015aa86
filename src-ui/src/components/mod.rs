//! UI components, one per file.

mod about_dialog;
mod auth;
mod confirm_dialog;
mod dialog;
mod drawer;
mod field;
mod loaded;
mod member_drawer;
mod member_picker;
mod member_source;
mod meter;
mod sidebar;
mod startup_error;
mod switcher;
mod tab_button;
mod toasts;

pub use about_dialog::AboutDialog;
pub use auth::AuthScreen;
pub use confirm_dialog::{Confirm, ConfirmDialog};
pub use dialog::{Dialog, DialogButtons};
pub use drawer::Drawer;
pub use field::{Errors, Field, show_in};
pub use loaded::{Loaded, or_empty};
pub use member_drawer::MemberDrawer;
pub use member_picker::MemberPicker;
pub use member_source::{SourceFacts, or_dash, source_sign_in, yes_no};
pub use meter::Meter;
pub use sidebar::Sidebar;
pub use startup_error::StartupError;
pub use switcher::Switcher;
pub use tab_button::TabButton;
pub use toasts::Toasts;
