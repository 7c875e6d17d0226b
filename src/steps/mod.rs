//! One component per wizard step.

pub mod account;
pub mod token;
pub mod welcome;
