//! The app shell's effects, one hook each: keeping the address in step with the wizard
//! (Back and Forward), landing on a new step (scroll, focus, title), asking before leaving
//! would lose something, keeping the state for a reload, and noticing a page outside the
//! wizard in the address.

pub mod use_history_sync;
pub mod use_landing;
pub mod use_leave_guard;
pub mod use_page;
pub mod use_saved_state;
