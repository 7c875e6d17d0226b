//! One component per wizard step, in the order the user meets them.

pub mod account;
pub mod done;
pub mod existing;
pub mod old_hooks;
pub mod plan;
pub mod run;
pub mod token;
pub mod welcome;
