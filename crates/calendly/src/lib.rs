//! The Calendly V2 API as this product uses it: serde models, one typed error enum, and a
//! client that runs over any [`Transport`]. It has no web dependencies, so the same client
//! runs in the page (over `fetch`), in native tests and against the in-process simulator.

pub mod transport;

pub use transport::{Method, Request, Response, Transport, TransportError};

/// Where Calendly's V2 API lives. Every other base is a test or relay base.
pub const API_BASE: &str = "https://api.calendly.com";
