//! Reusable pieces of the screens.

pub mod banner;
pub mod code_block;
pub mod copy_button;
pub mod countdown;
pub mod error_panel;
pub mod event_picker;
pub mod example_message;
pub mod progress;
pub mod rich_text;
pub mod signing_key;
