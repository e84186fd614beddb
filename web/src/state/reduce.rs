//! The reducer: how each [`Action`] changes the [`State`] (tested natively in `state/tests.rs`).

use std::rc::Rc;

use rolecall_core::scenario::Scenario;
use rolecall_core::suggest::Change as SuggestedChange;
use yew::prelude::*;

use super::edits::{self, Select};
use super::{
    Action, Banner, BannerAction, ChallengeRun, Edited, Review, Source, State, Typed, doc_identity,
};
use crate::docref::{DocRef, DocView};
use crate::outcome::Outcome;

/// The banner after a load from `source`.
pub(crate) fn loaded_banner(source: &Source, kept: bool) -> Banner {
    let what = match source {
        Source::New => "Started a new scenario.".to_owned(),
        Source::Example(title) => format!("Opened the example `{title}`."),
        Source::Challenge(title) => {
            format!("Opened the challenge `{title}`: make every goal check pass.")
        }
        Source::File(name) => format!("Imported `{name}`."),
        Source::Link => "Opened the scenario from the link.".to_owned(),
    };
    if kept {
        Banner {
            error: false,
            message: format!(
                "{what} Your previous work is kept: \"Restore previous work\" brings it back."
            ),
            action: Some(BannerAction::RestorePrevious),
        }
    } else {
        Banner::notice(what)
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        next.typed = None;
        match action {
            Action::EditDoc(doc, text) => {
                if doc.text(&self.scenario) == Some(text.as_str()) {
                    return self;
                }
                // A locked document of a challenge is not edited.
                let locked = self
                    .challenge
                    .as_ref()
                    .and_then(|c| c.start.challenge.as_ref());
                if locked.is_some_and(|c| !c.is_editable(doc)) {
                    return self;
                }
                let mut scenario = (*self.scenario).clone();
                if !doc.set_text(&mut scenario, text) {
                    return self;
                }
                next.changed(scenario);
                // Only the document's text changed: the shape stays.
                next.shape = self.shape;
                next.review.edited(Edited::Doc(doc), &self.outcome);
                // Typing: to the worker as the app renders this state, before the components
                // draw the edit (the first revisions go through the app's evaluation: the first
                // decision may be made on the page).
                if self.outcome.revision > 0 {
                    next.typed = Some(Typed {
                        doc,
                        before: self.scenario.clone(),
                    });
                }
            }
            Action::Change(edit) => {
                let mut scenario = (*self.scenario).clone();
                let applied = edits::apply(&mut scenario, edit, self.request);
                if scenario == *self.scenario {
                    return self;
                }
                next.changed(scenario);
                next.review.edited(Edited::Form, &self.outcome);
                next.clamp();
                if let Some(select) = applied.select {
                    next.select(select);
                }
                if let Some(message) = applied.undoable {
                    next.undo = Some(self.scenario.clone());
                    next.banner = Some(Banner {
                        error: false,
                        message,
                        action: Some(BannerAction::Undo),
                    });
                }
            }
            Action::Undo => {
                let Some(before) = self.undo.clone() else {
                    return self;
                };
                let (identity, request) = (self.identity, self.request);
                next.review.edited(Edited::Form, &self.outcome);
                next.replace(before);
                next.identity = identity;
                next.request = request;
                next.clamp();
                next.banner = None;
            }
            Action::Load { scenario, source } => {
                let kept = *scenario != *self.scenario;
                if kept {
                    next.previous = Some(self.scenario.clone());
                }
                next.challenge = ChallengeRun::of(&scenario);
                next.replace(scenario);
                next.review.loaded();
                next.import = None;
                next.examples_open = false;
                next.banner = Some(loaded_banner(&source, next.previous.is_some()));
            }
            Action::RestorePrevious => {
                let Some(previous) = self.previous.clone() else {
                    return self;
                };
                next.previous = Some(self.scenario.clone());
                next.challenge = ChallengeRun::of(&previous);
                next.replace(previous);
                next.review.loaded();
                next.banner = Some(Banner {
                    error: false,
                    message: "Restored your previous work. The scenario it replaced is kept: \"Restore previous work\" switches back.".to_owned(),
                    action: Some(BannerAction::RestorePrevious),
                });
            }
            Action::ReviewImport(pending) => next.import = Some(pending),
            Action::CancelImport => next.import = None,
            Action::SelectIdentity(i) => next.select(Select::Identity(i)),
            Action::SelectRequest(q) => next.select(Select::Request(q)),
            Action::SelectStep(i) => {
                next.step = Some(i);
                next.follow = true;
                next.right_doc = None;
                next.focus = None;
            }
            Action::SelectDoc(doc) => next.select(Select::Doc(doc)),
            Action::Evaluated(outcome) => {
                // The same view again (the worker's answer after the page's own first decision)
                // is not drawn again, and keeps the suggestions the shown one has.
                if outcome.revision < self.outcome.revision
                    || (outcome.revision == self.outcome.revision
                        && outcome.view == self.outcome.view
                        && outcome.scenario == self.outcome.scenario)
                {
                    return self;
                }
                next.outcome = outcome;
            }
            Action::Suggested(revision, suggestions) => {
                // Only for the decision shown: suggestions of an older revision are dropped.
                if revision != self.outcome.revision || !self.outcome.suggestions_pending {
                    return self;
                }
                next.outcome = Rc::new(self.outcome.with_suggestions(suggestions));
            }
            Action::Focus(focus) => {
                if let Some((doc, _)) = focus {
                    // A document the shown step does not rest on opens with its identity.
                    if !self.step_documents().contains(&doc) {
                        next.follow = false;
                    }
                    if !matches!(doc, DocRef::Trust { .. }) {
                        next.right_doc = Some(doc);
                    }
                    if let Some(identity) = doc_identity(doc) {
                        next.identity = identity;
                    }
                }
                next.focus = focus;
            }
            Action::ShowBanner(banner) => next.banner = Some(banner),
            Action::DismissBanner => next.banner = None,
            Action::Catalog(status) => next.catalog = status,
            Action::Managed(status) => next.managed = status,
            Action::ToggleExamples(open) => next.examples_open = open,
            Action::NextHint => {
                let Some(run) = &self.challenge else {
                    return self;
                };
                let total = run.start.challenge.as_ref().map_or(0, |c| c.hints.len());
                if run.hints >= total {
                    return self;
                }
                next.challenge = Some(Rc::new(ChallengeRun {
                    start: run.start.clone(),
                    hints: run.hints + 1,
                }));
            }
            Action::LeaveChallenge => next.challenge = None,
            Action::PinBaseline => {
                if self.outcome.revision == 0 {
                    return self;
                }
                next.review = Review {
                    baseline: Some(self.outcome.clone()),
                    pinned: true,
                    editing: None,
                };
            }
            Action::UnpinBaseline => next.review = Review::default(),
            Action::ApplySuggestion(change) => {
                let locked = self
                    .challenge
                    .as_ref()
                    .and_then(|c| c.start.challenge.as_ref());
                if let SuggestedChange::Document { path, .. } = &change
                    && locked.is_some_and(|c| !c.is_editable(*path))
                {
                    return self;
                }
                let mut scenario = (*self.scenario).clone();
                if change.apply(&mut scenario, self.request).is_none() || scenario == *self.scenario
                {
                    return self;
                }
                next.changed(scenario);
                let edited = match change {
                    SuggestedChange::Document { path, .. } => Edited::Doc(path),
                    SuggestedChange::Context { .. } => Edited::Form,
                };
                next.review.edited(edited, &self.outcome);
            }
            Action::Unelided(texts) => {
                // Each text replaces its marker where the marker still is, in the scenario and
                // in the evaluated copy (whose spans the editors draw): no revision, no edit.
                let unelide = |scenario: &Rc<Scenario>| {
                    let mut copy: Option<Scenario> = None;
                    for (doc, marker, text) in &texts {
                        if doc.text(scenario) == Some(marker.as_str()) {
                            doc.set_text(
                                copy.get_or_insert_with(|| (**scenario).clone()),
                                text.clone(),
                            );
                        }
                    }
                    copy.map(Rc::new)
                };
                let scenario = unelide(&self.scenario);
                let evaluated = unelide(&self.outcome.scenario);
                if scenario.is_none() && evaluated.is_none() {
                    return self;
                }
                if let Some(scenario) = scenario {
                    next.scenario = scenario;
                }
                if let Some(evaluated) = evaluated {
                    next.outcome = Rc::new(Outcome {
                        scenario: evaluated,
                        ..(*self.outcome).clone()
                    });
                }
            }
        }
        Rc::new(next)
    }
}
