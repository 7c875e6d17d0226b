//! Pages outside the wizard: tools for whoever maintains the server that receives the
//! webhooks. They need no token and no account, and nothing typed in them leaves the
//! page. One component per file, without props.

pub mod check_signature;
pub mod old_format;
