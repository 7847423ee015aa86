//! UI components, one per file.

mod about_dialog;
mod auth;
mod confirm_dialog;
mod dialog;
mod drawer;
mod field;
mod inherited_notice;
mod list_page;
mod loaded;
mod member_drawer;
mod member_picker;
mod meter;
mod sentence;
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
pub use inherited_notice::InheritedNotice;
pub use list_page::ListPage;
pub use loaded::{Loaded, or_empty};
pub use member_drawer::MemberDrawer;
pub use member_picker::MemberPicker;
pub use meter::Meter;
pub use sentence::{Sentence, user};
pub use sidebar::Sidebar;
pub use startup_error::StartupError;
pub use switcher::Switcher;
pub use tab_button::TabButton;
pub use toasts::Toasts;
