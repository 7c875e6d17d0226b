//! Reusable pieces of the screens.

pub mod banner;
pub mod error_panel;
pub mod progress;
