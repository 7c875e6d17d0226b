//! Where the page is, as a fragment route (`#/old-webhooks`), so that every step has its
//! own entry in the browser's history: Back and Forward move between steps inside the
//! assistant, and a reload lands on the same step. Fragments work on any static host and
//! sub-path, because the server never sees them. Nothing secret ever enters the address.
//!
//! This module only translates between places and fragments; whether the user may go to a
//! place is the wizard's rule ([`crate::state::State::can_visit`]).

use crate::state::Step;

/// A place the page can show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// A step of the wizard.
    Step(Step),
    /// "Check a webhook signature": a page outside the wizard, no token needed.
    CheckSignature,
    /// "See a delivery the old way": a page outside the wizard, no token needed.
    OldFormat,
}

/// Every place with its fragment, the one table both directions read.
const FRAGMENTS: [(Place, &str); 10] = [
    (Place::Step(Step::Welcome), "#/"),
    (Place::Step(Step::Token), "#/connect"),
    (Place::Step(Step::Account), "#/account"),
    (Place::Step(Step::Existing), "#/existing-webhooks"),
    (Place::Step(Step::OldHooks), "#/old-webhooks"),
    (Place::Step(Step::Plan), "#/plan"),
    (Place::Step(Step::Run), "#/create"),
    (Place::Step(Step::Done), "#/report"),
    (Place::CheckSignature, "#/check-signature"),
    (Place::OldFormat, "#/old-format"),
];

impl Place {
    /// The place a fragment (`location.hash`, with or without `#`) names. An empty
    /// fragment is the welcome screen; an unknown one is `None`.
    ///
    /// ```
    /// use webhook_assistant::route::Place;
    /// use webhook_assistant::state::Step;
    /// assert_eq!(Place::from_fragment("#/plan"), Some(Place::Step(Step::Plan)));
    /// assert_eq!(Place::from_fragment(""), Some(Place::Step(Step::Welcome)));
    /// assert_eq!(Place::from_fragment("#/nowhere"), None);
    /// ```
    pub fn from_fragment(fragment: &str) -> Option<Place> {
        let path = fragment.strip_prefix('#').unwrap_or(fragment);
        let path = path.strip_prefix('/').unwrap_or(path);
        // A trailing slash or a query-like tail (`#/plan?x`) names the same place.
        let path = path.split(['?', '&']).next().unwrap_or_default();
        let path = path.trim_end_matches('/');
        FRAGMENTS
            .iter()
            .find(|(_, f)| f.trim_start_matches("#/") == path)
            .map(|(place, _)| *place)
    }

    /// The browser tab's title on a page outside the wizard (the wizard names its own
    /// steps: [`Step::page_title`]); `None` for a step.
    pub fn page_title(self) -> Option<&'static str> {
        match self {
            Place::Step(_) => None,
            Place::CheckSignature => {
                Some("Check a webhook signature \u{2014} Calendly webhook assistant")
            }
            Place::OldFormat => {
                Some("See a delivery the old way \u{2014} Calendly webhook assistant")
            }
        }
    }

    /// The fragment to put in the address for this place, `#` included.
    pub fn fragment(self) -> &'static str {
        FRAGMENTS
            .iter()
            .find(|(place, _)| *place == self)
            .map(|(_, f)| *f)
            .unwrap_or("#/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_step_has_its_own_fragment_and_reads_back_from_it() {
        let steps = [
            Step::Welcome,
            Step::Token,
            Step::Account,
            Step::Existing,
            Step::OldHooks,
            Step::Plan,
            Step::Run,
            Step::Done,
        ];
        let mut seen = Vec::new();
        for step in steps {
            let fragment = Place::Step(step).fragment();
            assert!(!seen.contains(&fragment), "{fragment} is used twice");
            seen.push(fragment);
            assert_eq!(Place::from_fragment(fragment), Some(Place::Step(step)));
        }
    }

    #[test]
    fn an_empty_or_bare_fragment_is_the_welcome_screen() {
        for fragment in ["", "#", "#/", "/"] {
            assert_eq!(
                Place::from_fragment(fragment),
                Some(Place::Step(Step::Welcome)),
                "{fragment:?}"
            );
        }
    }

    #[test]
    fn a_trailing_slash_or_tail_names_the_same_place() {
        assert_eq!(
            Place::from_fragment("#/old-webhooks/"),
            Some(Place::Step(Step::OldHooks))
        );
        assert_eq!(
            Place::from_fragment("#/plan?utm=x"),
            Some(Place::Step(Step::Plan))
        );
    }

    #[test]
    fn the_pages_outside_the_wizard_have_their_own_fragments_and_titles() {
        for (place, fragment) in [
            (Place::CheckSignature, "#/check-signature"),
            (Place::OldFormat, "#/old-format"),
        ] {
            assert_eq!(place.fragment(), fragment);
            assert_eq!(Place::from_fragment(fragment), Some(place));
            assert!(place.page_title().is_some());
        }
        assert_eq!(Place::Step(Step::Plan).page_title(), None);
    }

    #[test]
    fn an_unknown_fragment_names_no_place() {
        assert_eq!(Place::from_fragment("#/admin"), None);
        assert_eq!(Place::from_fragment("#section-2"), None);
    }
}
