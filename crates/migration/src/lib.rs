//! The heart of the product, pure Rust over data: token triage, parsing the old webhooks a
//! user pastes, the plan (a diff against the subscriptions that exist), signing keys, the
//! executor that runs a plan safely twice, and the report. The web app only displays what
//! it decides. No web dependencies: it compiles natively (where every rule is tested) and
//! to `wasm32-unknown-unknown` (where the page runs it). It reads no clock and spawns no
//! thread; waiting goes through `calendly::Transport::sleep`.
//!
//! Every word a user reads for a scope, an event, a plan feature or a paste format comes
//! from [`words`]; every list of events is put in Calendly's order by
//! [`events::calendly_order`].
//!
//! What the wizard calls, step by step:
//!
//! | Step | Call | Gives |
//! |---|---|---|
//! | Token | [`token::triage`]`(pasted, now_unix)` | kind, silent repairs, JWT claims, the usable [`calendly::AccessToken`]; [`token::Triage::message`] and [`token::Triage::advice_for_events`]; later, [`token::advice_for`]`(&error, &kind)` words any refusal for that kind of token |
//! | Events | [`events::catalogue`], [`events::families`], [`events::eligibility`], [`events::required_token_scopes`] | the picker's rows in plain words, each allowed, uncertain or ruled out with the reason; the permissions to tick |
//! | Account | [`account::discover`]`(&client, triage.claims())` | user, role, organization name and plan, allowed scopes, every visible subscription, [`account::Discovery::name_of`] a creator; [`account::Health`] per subscription |
//! | Old webhooks | [`old_hooks::OldHookList`]: `add_form`, `add_pasted`, `remove`, `hooks` | the list with its rules (one entry per address, look-alikes flagged, Calendly's order) and a sentence per change; refusals with reasons and a mended address to offer |
//! | Addresses | [`callback::PublicUrl::parse`] | a checked address in its serialised form with warnings, or why not ([`callback::UrlRefusal::suggestion`]) |
//! | Signing key | [`signing::generate`], [`signing::own`] | a [`calendly::SigningKey`] (never serialized) |
//! | Plan | [`plan::make_plan`], [`plan::Choices::decide`], [`plan::Plan::summary`] | one entry per subscription with what and why; decisions kept in the choices, so a plan made again keeps them |
//! | Run | [`executor::RunState::new`], [`executor::run`], [`executor::Cancel`] | progress per entry, a [`executor::Remedy`] per failure ([`executor::RunState::drop_events`]); `RunState::to_json` to save, `from_json` to resume |
//! | Preview | [`payload::as_v1`]`(&sample)` | a V2 sample delivery in the old v1 shape, for a before/after view |
//! | Report | [`report::Report::from_run`]`(&run, key, include_key, &ReportContext { generated_at, practice, discovery })` | `to_json`, `to_markdown` (user text escaped): results and the receiving server's next steps as [`rich`] text |
//!
//! And for the receiving side (pages outside the wizard, and the practice receiver):
//!
//! | Page | Call | Gives |
//! |---|---|---|
//! | Check a signature | [`signature::check`]`(key, header, body, now_unix, tolerance)` | a [`signature::Verdict`] with the likely cause |
//! | See a delivery the old way | [`payload::v1_view_of`]`(pasted)` | the v1 shape and what V2 no longer fills, or why not |
//! | Code to copy | [`snippets`] | the checks in six languages and the v1 adapters, as tested |
//! | Old webhooks, test mode | [`practice::from_form`]`(url, events, receiver)` | also accepts the live simulator's practice receiver |

pub mod account;
pub mod callback;
pub mod events;
pub mod executor;
pub mod old_hooks;
pub mod payload;
pub mod plan;
pub mod practice;
pub mod report;
pub mod rich;
pub mod signature;
pub mod signing;
pub mod snippets;
pub mod token;
pub mod words;
