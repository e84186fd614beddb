//! The reducer, natively: each test dispatches named actions and checks the state.

use std::rc::Rc;

use rolecall_core::scenario::Scenario;
use rolecall_core::scenario::model::{
    AssumeHop, Expect, Expectation, HopCall, Identity, PrincipalSpec, Resource, ScenarioRequest,
    StepRef,
};
use yew::Reducible;

use super::{Action, BannerAction, Change, HopEdit, NewIdentity, RequestEdit, Source, State};
use crate::docref::{DocRef, DocView};
use crate::outcome::Outcome;

const ALICE: &str = "arn:aws:iam::111111111111:user/alice";
const DEPLOY: &str = "arn:aws:iam::222222222222:role/Deploy";

fn world() -> Scenario {
    Scenario {
        rolecall: 1,
        title: Some("world".to_owned()),
        identities: vec![
            Identity {
                arn: ALICE.to_owned(),
                ..Identity::default()
            },
            Identity {
                arn: DEPLOY.to_owned(),
                ..Identity::default()
            },
        ],
        resources: vec![Resource {
            arn: "arn:aws:s3:::bucket".to_owned(),
            ..Resource::default()
        }],
        requests: vec![ScenarioRequest {
            name: "deploy".to_owned(),
            principal: PrincipalSpec::Arn(ALICE.to_owned()),
            assume: vec![AssumeHop {
                role: DEPLOY.to_owned(),
                ..AssumeHop::default()
            }],
            action: Some("s3:PutObject".to_owned()),
            resource: Some("arn:aws:s3:::bucket/a".to_owned()),
            expect: Some(Expectation::Allowed.into()),
            ..ScenarioRequest::default()
        }],
        ..Scenario::default()
    }
}

/// The state after dispatching `actions` to a fresh state showing [`world`].
fn run(actions: impl IntoIterator<Item = Action>) -> Rc<State> {
    actions
        .into_iter()
        .fold(Rc::new(State::new(Rc::new(world()))), State::reduce)
}

fn edit(edit: Change) -> Action {
    Action::Change(edit)
}

fn load(title: &str) -> Action {
    Action::Load {
        scenario: Rc::new(Scenario {
            rolecall: 1,
            title: Some(title.to_owned()),
            ..Scenario::default()
        }),
        source: Source::Example(title.to_owned()),
    }
}

fn title(state: &State) -> &str {
    state.scenario.title.as_deref().unwrap_or_default()
}

#[test]
fn a_fresh_state_shows_the_role_the_first_request_assumes() {
    let state = run([]);
    assert_eq!((state.identity, state.request), (1, 0));
}

#[test]
fn a_new_user_or_role_becomes_the_selected_identity() {
    let state = run([edit(Change::AddIdentity(NewIdentity::Role))]);
    assert_eq!(state.scenario.identities.len(), 3);
    assert_eq!(state.identity, 2);
    assert!(state.scenario.identities[2].trust_policy.is_some());
    let state = run([
        Action::SelectIdentity(1),
        edit(Change::AddIdentity(NewIdentity::User)),
    ]);
    assert_eq!(state.identity, 2);
    assert!(state.scenario.identities[2].arn.contains(":user/"));
}

#[test]
fn a_new_resource_becomes_the_selected_document() {
    let state = run([edit(Change::AddResource)]);
    assert_eq!(state.right_doc(), Some(DocRef::Resource { resource: 1 }));
}

#[test]
fn a_new_request_copies_the_selected_one_without_its_expectation_and_is_selected() {
    let state = run([edit(Change::AddRequest)]);
    assert_eq!(state.request, 1);
    let copy = &state.scenario.requests[1];
    assert_eq!(copy.name, "request 2");
    assert_eq!(copy.action.as_deref(), Some("s3:PutObject"));
    assert_eq!(copy.expect, None);
}

#[test]
fn adding_a_hop_shows_the_step_that_decides_the_request_again() {
    // The user opened a role's own editors ("+ role" selects it) after choosing a step.
    let state = then(
        example_state("cross-account"),
        [
            Action::SelectStep(1),
            edit(Change::AddIdentity(NewIdentity::Role)),
        ],
    );
    assert!(!state.follows_step());
    let state = evaluated(then(state, [edit(Change::AddHop(0))]));
    assert_eq!(state.scenario.requests[0].assume.len(), 2);
    assert_eq!((state.request, state.step), (0, None));
    assert!(state.follows_step());
    assert_eq!(
        state.shown_step(),
        state.outcome.view.requests[0].deciding_step
    );
}

#[test]
fn renaming_a_role_follows_its_hops_and_can_be_undone() {
    let renamed = "arn:aws:iam::222222222222:role/Release";
    let state = run([edit(Change::RenameIdentity {
        identity: 1,
        arn: renamed.to_owned(),
    })]);
    assert_eq!(state.scenario.requests[0].assume[0].role, renamed);
    let banner = state.banner.clone().unwrap_or_else(|| panic!("no banner"));
    assert_eq!(banner.action, Some(BannerAction::Undo));
    assert!(banner.message.contains("1 reference updated"), "{banner:?}");
    let undone = State::reduce(state, Action::Undo);
    assert_eq!(*undone.scenario, world());
    assert_eq!(undone.banner, None);
}

#[test]
fn the_undo_of_a_rename_lapses_at_the_next_edit() {
    let state = run([
        edit(Change::RemoveRequest(0)),
        edit(Change::SetTitle("after".to_owned())),
    ]);
    assert!(state.undo.is_none());
    assert_eq!(state.banner, None);
    let same = State::reduce(state.clone(), Action::Undo);
    assert!(Rc::ptr_eq(&same, &state));
}

#[test]
fn removing_the_selected_last_item_keeps_the_selection_inside_the_scenario() {
    let state = run([
        Action::SelectIdentity(1),
        edit(Change::RemoveIdentity(1)),
        edit(Change::RemoveRequest(0)),
    ]);
    assert_eq!((state.identity, state.request), (0, 0));
    assert!(state.scenario.requests.is_empty());
}

#[test]
fn an_edit_that_changes_nothing_keeps_the_revision() {
    let state = run([]);
    let same = State::reduce(state.clone(), edit(Change::SetTitle("world".to_owned())));
    assert!(Rc::ptr_eq(&same, &state));
    let same = State::reduce(state.clone(), edit(Change::RemoveIdentity(7)));
    assert!(Rc::ptr_eq(&same, &state));
}

#[test]
fn a_load_keeps_the_replaced_scenario_until_the_next_load() {
    let state = run([load("first")]);
    assert_eq!(title(&state), "first");
    assert_eq!(state.previous.as_deref(), Some(&world()));
    let banner = state.banner.clone().unwrap_or_else(|| panic!("no banner"));
    assert_eq!(banner.action, Some(BannerAction::RestorePrevious));
    let state = State::reduce(state, load("second"));
    assert_eq!(
        state.previous.as_ref().and_then(|p| p.title.as_deref()),
        Some("first")
    );
}

#[test]
fn restoring_the_previous_work_swaps_it_with_the_current_scenario() {
    let state = run([
        edit(Change::SetTitle("my work".to_owned())),
        load("example"),
    ]);
    let generation = state.generation;
    let state = State::reduce(state, Action::RestorePrevious);
    assert_eq!(title(&state), "my work");
    assert_eq!(
        state.previous.as_ref().and_then(|p| p.title.as_deref()),
        Some("example")
    );
    assert!(state.generation > generation, "the editors are recreated");
    let state = State::reduce(state, Action::RestorePrevious);
    assert_eq!(title(&state), "example");
}

#[test]
fn loading_the_same_scenario_again_keeps_the_older_previous_work() {
    let state = run([load("example"), load("example")]);
    assert_eq!(state.previous.as_deref(), Some(&world()));
}

#[test]
fn request_and_hop_edits_change_only_their_field() {
    let state = run([
        edit(Change::EditRequest {
            request: 0,
            edit: RequestEdit::Action(String::new()),
        }),
        edit(Change::SetExpectation {
            request: 0,
            expect: Some(Expect {
                decision: Expectation::ImplicitDeny,
                at: Some(StepRef::Hop(0)),
            }),
        }),
        edit(Change::EditHop {
            request: 0,
            hop: 0,
            edit: HopEdit::Duration("900".to_owned()),
        }),
    ]);
    let request = &state.scenario.requests[0];
    assert_eq!(request.action, None);
    assert_eq!(
        request.expect.map(|e| (e.decision, e.at)),
        Some((Expectation::ImplicitDeny, Some(StepRef::Hop(0))))
    );
    assert_eq!(request.assume[0].duration_seconds, Some(900));
    assert_eq!(request.resource.as_deref(), Some("arn:aws:s3:::bucket/a"));
}

#[test]
fn adding_a_session_policy_opens_it_in_the_editor() {
    let state = run([edit(Change::EditHop {
        request: 0,
        hop: 0,
        edit: HopEdit::AddSessionPolicy,
    })]);
    assert_eq!(
        state.right_doc(),
        Some(DocRef::Session { request: 0, hop: 0 })
    );
}

#[test]
fn an_older_evaluation_never_replaces_a_newer_one() {
    let newer = Rc::new(Outcome {
        revision: 5,
        ..Outcome::default()
    });
    let older = Rc::new(Outcome {
        revision: 4,
        ..Outcome::default()
    });
    let state = run([Action::Evaluated(newer.clone()), Action::Evaluated(older)]);
    assert!(Rc::ptr_eq(&state.outcome, &newer));
}

#[test]
fn suggestions_fill_the_decision_they_follow_and_older_ones_are_dropped() {
    let shown = Rc::new(Outcome {
        revision: 5,
        suggestions_pending: true,
        ..Outcome::default()
    });
    let state = run([
        Action::Evaluated(shown.clone()),
        Action::Suggested(4, Some(vec![Vec::new()])),
    ]);
    assert!(Rc::ptr_eq(&state.outcome, &shown));
    let state = run([
        Action::Evaluated(shown.clone()),
        Action::Suggested(5, Some(vec![Vec::new()])),
        // The same view again keeps the suggestions.
        Action::Evaluated(shown.clone()),
        Action::Suggested(5, None),
    ]);
    assert!(!state.outcome.suggestions_pending);
    assert_eq!(state.outcome.suggestions, Some(vec![Vec::new()]));
    assert_eq!(state.outcome.revision, 5);
}

#[test]
fn changing_a_hops_call_removes_what_the_call_does_not_take_with_an_undo() {
    let hop_edit = |edit| {
        Action::Change(Change::EditHop {
            request: 0,
            hop: 0,
            edit,
        })
    };
    let state = run([
        hop_edit(HopEdit::ExternalId("ext".to_owned())),
        hop_edit(HopEdit::Call(HopCall::GetSessionToken)),
    ]);
    let hop = &state.scenario.requests[0].assume[0];
    assert_eq!(hop.call, HopCall::GetSessionToken);
    assert_eq!((hop.role.as_str(), hop.external_id.as_deref()), ("", None));
    assert_eq!(
        state.banner.as_ref().and_then(|b| b.action),
        Some(BannerAction::Undo)
    );
    // Undo brings the role and the external id back.
    let state = State::reduce(state, Action::Undo);
    let hop = &state.scenario.requests[0].assume[0];
    assert_eq!(hop.call, HopCall::AssumeRole);
    assert_eq!(
        (hop.role.as_str(), hop.external_id.as_deref()),
        (DEPLOY, Some("ext"))
    );
    // Back to AssumeRole without the undo: the hop starts with the first role again.
    let state = run([
        hop_edit(HopEdit::Call(HopCall::GetSessionToken)),
        hop_edit(HopEdit::Call(HopCall::AssumeRole)),
    ]);
    assert_eq!(state.scenario.requests[0].assume[0].role, DEPLOY);
    // GetFederationToken gets the name it requires, and takes a new one.
    let state = run([
        hop_edit(HopEdit::Call(HopCall::GetFederationToken)),
        hop_edit(HopEdit::Name("carol".to_owned())),
    ]);
    let hop = &state.scenario.requests[0].assume[0];
    assert_eq!(
        (hop.call, hop.name.as_deref()),
        (HopCall::GetFederationToken, Some("carol"))
    );
}

/// The state showing the example `id`, evaluated by the page engine.
fn example_state(id: &str) -> Rc<State> {
    let text = crate::examples::EXAMPLES
        .iter()
        .find(|e| e.id == id)
        .map(|e| e.text)
        .unwrap_or_default();
    let scenario = crate::engine::load_scenario(text).unwrap();
    evaluated(Rc::new(State::new(Rc::new(scenario))))
}

fn evaluated(state: Rc<State>) -> Rc<State> {
    let aws = rolecall_core::managed::ManagedPolicies::new();
    let outcome = crate::engine::evaluate(state.scenario.clone(), state.revision, None, &aws);
    state.reduce(Action::Evaluated(Rc::new(outcome)))
}

fn then(state: Rc<State>, actions: impl IntoIterator<Item = Action>) -> Rc<State> {
    actions.into_iter().fold(state, State::reduce)
}

const ALICE_POLICY: DocRef = DocRef::Identity {
    identity: 0,
    policy: 0,
};
const DEPLOYER_POLICY: DocRef = DocRef::Identity {
    identity: 2,
    policy: 0,
};
const DEPLOYER_TRUST: DocRef = DocRef::Trust { identity: 2 };

#[test]
fn the_editors_follow_the_step_that_decided_the_selected_request() {
    let state = example_state("cross-account");
    assert!(state.follows_step());
    // Alice is allowed: the last step (the action) decided, on the role's policy.
    assert_eq!(state.shown_step(), Some(1));
    assert_eq!(state.step_documents(), [DEPLOYER_POLICY]);
    // Bob is denied at the hop: the editors go there with the request.
    let bob = then(state, [Action::SelectRequest(1)]);
    assert!(bob.follows_step());
    assert_eq!(bob.shown_step(), Some(0));
}

#[test]
fn an_assume_hop_shows_the_roles_trust_policy_beside_the_callers_policy() {
    let state = then(example_state("cross-account"), [Action::SelectStep(0)]);
    assert_eq!(state.shown_step(), Some(0));
    assert_eq!(state.step_documents(), [DEPLOYER_TRUST, ALICE_POLICY]);
}

#[test]
fn the_selected_identitys_editors_are_one_click_away_and_back() {
    let state = then(example_state("cross-account"), [Action::SelectIdentity(0)]);
    assert!(!state.follows_step());
    assert_eq!(state.identity, 0);
    let back = then(state, [Action::SelectStep(1)]);
    assert!(back.follows_step());
    assert_eq!(back.shown_step(), Some(1));
}

#[test]
fn a_document_the_shown_step_does_not_rest_on_opens_with_its_identity() {
    let state = example_state("cross-account");
    let same = then(state.clone(), [Action::SelectDoc(DEPLOYER_POLICY)]);
    assert!(same.follows_step());
    let other = then(state, [Action::SelectDoc(ALICE_POLICY)]);
    assert!(!other.follows_step());
    assert_eq!(other.identity, 0);
    assert_eq!(other.right_doc(), Some(ALICE_POLICY));
}

#[test]
fn a_click_in_the_explanation_of_another_step_shows_that_step() {
    let span = rolecall_core::Span::new(0, 1);
    let state = then(
        example_state("cross-account"),
        [
            Action::SelectStep(0),
            Action::Focus(Some((DEPLOYER_TRUST, span))),
        ],
    );
    assert!(state.follows_step());
    assert_eq!(state.shown_step(), Some(0));
    assert_eq!(state.focus, Some((DEPLOYER_TRUST, span)));
}

/// A gallery challenge, loaded as the page loads it.
fn challenge(id: &str) -> Rc<Scenario> {
    let text = rolecall_core::scenario::challenge::GALLERY
        .iter()
        .find(|c| c.id == id)
        .map(|c| c.text)
        .unwrap_or_default();
    Rc::new(crate::engine::load_scenario(text).unwrap())
}

#[test]
fn a_loaded_challenge_opens_challenge_mode_and_its_locked_documents_refuse_edits() {
    let start = challenge("wildcard-trust");
    let state = Rc::new(State::new(Rc::new(world())));
    assert!(state.challenge.is_none());
    let state = state.reduce(Action::Load {
        scenario: start.clone(),
        source: Source::Challenge("A role anyone can assume".to_owned()),
    });
    assert_eq!(
        state.banner.as_ref().map(|b| b.message.as_str()),
        Some(
            "Opened the challenge `A role anyone can assume`: make every goal check pass. Your previous work is kept: \"Restore previous work\" brings it back."
        )
    );
    let run = state.challenge.clone().expect("challenge mode");
    assert!(Rc::ptr_eq(&run.start, &start));
    // identities[0].policies[0] is locked: the edit is refused, the scenario unchanged.
    let locked = DocRef::Identity {
        identity: 0,
        policy: 0,
    };
    let after = state
        .clone()
        .reduce(Action::EditDoc(locked, "{}".to_owned()));
    assert!(Rc::ptr_eq(&after.scenario, &state.scenario));
    // The trust policy of Auditor is editable.
    let editable = DocRef::Trust { identity: 2 };
    let after = state
        .clone()
        .reduce(Action::EditDoc(editable, "{}".to_owned()));
    assert_eq!(editable.text(&after.scenario), Some("{}"));
    // Leaving challenge mode keeps the scenario; then every document is editable again.
    let left = after.reduce(Action::LeaveChallenge);
    assert!(left.challenge.is_none());
    let edited = left.reduce(Action::EditDoc(locked, "{}".to_owned()));
    assert_eq!(locked.text(&edited.scenario), Some("{}"));
}

#[test]
fn hints_are_shown_one_at_a_time_up_to_the_last() {
    let mut state = Rc::new(State::new(challenge("wildcard-trust")));
    let total = state
        .challenge
        .as_ref()
        .and_then(|c| c.start.challenge.as_ref())
        .map_or(0, |c| c.hints.len());
    assert_eq!(total, 3);
    for shown in 1..=total {
        state = state.reduce(Action::NextHint);
        assert_eq!(state.challenge.as_ref().map(|c| c.hints), Some(shown));
    }
    let after = state.clone().reduce(Action::NextHint);
    assert!(Rc::ptr_eq(&after, &state), "no hint past the last");
}

#[test]
fn the_baseline_is_the_version_before_the_edit_of_a_document_began() {
    let trust = DocRef::Trust { identity: 1 };
    let policy = DocRef::Identity {
        identity: 0,
        policy: 0,
    };
    let mut scenario = world();
    scenario.identities[1].trust_policy = Some(rolecall_core::scenario::model::PolicyDocument {
        text: "{}".to_owned(),
        ..Default::default()
    });
    scenario.identities[0]
        .policies
        .push(rolecall_core::scenario::model::NamedDocument {
            name: "p".to_owned(),
            document: rolecall_core::scenario::model::PolicyDocument {
                text: "{}".to_owned(),
                ..Default::default()
            },
        });
    let scenario = Rc::new(scenario);
    let state = evaluated(Rc::new(State::new(scenario.clone())));
    assert!(state.review.baseline.is_none(), "nothing edited yet");
    let before = state.outcome.clone();
    // Typing in one document: the baseline is the evaluation before its first keystroke.
    let state = evaluated(state.reduce(Action::EditDoc(trust, "{ }".to_owned())));
    let state = evaluated(state.reduce(Action::EditDoc(trust, "{  }".to_owned())));
    assert!(Rc::ptr_eq(state.review.baseline.as_ref().unwrap(), &before));
    // Another document: the baseline moves to the last evaluation.
    let latest = state.outcome.clone();
    let state = evaluated(state.reduce(Action::EditDoc(policy, "{ }".to_owned())));
    assert!(Rc::ptr_eq(state.review.baseline.as_ref().unwrap(), &latest));
    // Pinned: it stays across edits of any document and across a load, until unpinned.
    let pinned_at = state.outcome.clone();
    let state = state.reduce(Action::PinBaseline);
    let state = evaluated(state.reduce(Action::EditDoc(trust, "{}".to_owned())));
    let state = state.reduce(Action::Load {
        scenario: Rc::new(world()),
        source: Source::New,
    });
    assert!(state.review.pinned);
    let state = state.reduce(Action::RestorePrevious);
    assert!(Rc::ptr_eq(
        state.review.baseline.as_ref().unwrap(),
        &pinned_at
    ));
    let state = state.reduce(Action::UnpinBaseline);
    assert!(state.review.baseline.is_none() && !state.review.pinned);
    // Unpinned, a load starts afresh.
    let state = evaluated(state.reduce(Action::EditDoc(trust, "{ }".to_owned())));
    assert!(state.review.baseline.is_some());
    let state = state.reduce(Action::Load {
        scenario: Rc::new(world()),
        source: Source::New,
    });
    assert!(state.review.baseline.is_none());
}

#[test]
fn a_suggestion_is_applied_by_the_core_and_becomes_an_edit_of_its_document() {
    let state = example_state("cross-account");
    let state = evaluated(state.reduce(Action::SelectRequest(2)));
    let found = state.outcome.suggestions.as_ref().unwrap()[2].clone();
    let change = found[0].change.clone().expect("a change to apply");
    let applied = evaluated(state.clone().reduce(Action::ApplySuggestion(change)));
    assert_eq!(
        applied.outcome.view.requests[2].decision, found[0].then,
        "the decision the suggestion announced"
    );
    assert!(matches!(
        applied.review.editing,
        Some(super::Edited::Doc(DocRef::Identity { identity: 2, .. }))
    ));
}

#[test]
fn typing_in_a_document_keeps_the_shape_and_any_other_change_moves_it() {
    let mut scenario = world();
    scenario.identities[1].trust_policy = Some(rolecall_core::scenario::model::PolicyDocument {
        text: "{}".to_owned(),
        ..Default::default()
    });
    let trust = DocRef::Trust { identity: 1 };
    let state = Rc::new(State::new(Rc::new(scenario)));
    let typed = state
        .clone()
        .reduce(Action::EditDoc(trust, "{ }".to_owned()));
    // A new revision for the evaluation and the editors, the same shape for the rest.
    assert_eq!(typed.revision, state.revision + 1);
    assert_eq!(typed.shape, state.shape);
    assert!(typed.same_shape(&state) && *typed != *state);
    // A form's change, an undo, a load: the shape moves.
    let titled = typed
        .clone()
        .reduce(edit(Change::SetTitle("renamed".to_owned())));
    assert!(titled.shape > typed.shape && !titled.same_shape(&typed));
    let loaded = titled.clone().reduce(load("other"));
    assert!(loaded.shape > titled.shape);
}

#[test]
fn typing_is_recorded_for_the_worker_once_a_decision_was_shown_and_only_by_that_change() {
    let trust = DocRef::Trust { identity: 1 };
    let mut scenario = world();
    scenario.identities[1].trust_policy = Some(rolecall_core::scenario::model::PolicyDocument {
        text: "{}".to_owned(),
        ..Default::default()
    });
    let fresh = Rc::new(State::new(Rc::new(scenario)));
    // Before the first decision, the app evaluates the revision itself.
    let typed = fresh
        .clone()
        .reduce(Action::EditDoc(trust, "{ }".to_owned()));
    assert!(typed.typed.is_none());
    let shown = evaluated(fresh);
    let typed = shown
        .clone()
        .reduce(Action::EditDoc(trust, "{ }".to_owned()));
    let record = typed.typed.as_ref().expect("the keystroke is recorded");
    assert_eq!(record.doc, trust);
    assert!(Rc::ptr_eq(&record.before, &shown.scenario));
    // The next change, whatever it is, records nothing of the keystroke before it.
    let next = typed.reduce(edit(Change::SetTitle("another".to_owned())));
    assert!(next.typed.is_none());
}
