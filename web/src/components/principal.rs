//! The principal picker of the request panel: a scenario identity or any ARN, a service, a web
//! identity / OIDC provider with claims, a SAML provider with assertion values, or anonymous.
//!
//! It edits the `principal` field of the scenario request as the v1 format writes it; it does
//! not interpret principals.

use rolecall_core::request::ContextValue;
use rolecall_core::scenario::model::{KeyValues, PrincipalSpec};
use rolecall_core::scenario::starting::PrincipalForm;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::components::kv_table::KvTable;
use crate::components::scenario_pick::ScenarioPick;
use crate::components::{chosen, emit_changed, options};

/// The principal forms the picker offers (the core's [`PrincipalForm`]), with their form values
/// and labels.
const FORMS: [(PrincipalForm, &str, &str); 5] = [
    (PrincipalForm::Arn, "arn", "IAM principal (ARN)"),
    (PrincipalForm::Service, "service", "AWS service"),
    (PrincipalForm::WebIdentity, "oidc", "Web identity / OIDC"),
    (PrincipalForm::Saml, "saml", "SAML"),
    (PrincipalForm::Anonymous, "anonymous", "Anonymous"),
];

/// A context value as one line of text (a list as a JSON array).
#[must_use]
pub fn value_text(v: &ContextValue) -> String {
    match v {
        ContextValue::Single(s) => s.clone(),
        ContextValue::Multi(list) => serde_json::to_string(list).unwrap_or_default(),
    }
}

/// Reads text typed in a value cell: a JSON array of strings is a list, anything else a string.
#[must_use]
pub fn text_value(text: &str) -> ContextValue {
    if text.trim_start().starts_with('[')
        && let Ok(list) = serde_json::from_str::<Vec<String>>(text)
    {
        return ContextValue::Multi(list);
    }
    ContextValue::Single(text.to_owned())
}

/// Context-value pairs for a [`KvTable`].
#[must_use]
pub fn pairs(map: &KeyValues<ContextValue>) -> Vec<(String, String)> {
    map.iter()
        .map(|(k, v)| (k.to_owned(), value_text(v)))
        .collect()
}

/// [`KvTable`] pairs back to context values.
#[must_use]
pub fn to_map(pairs: &[(String, String)]) -> KeyValues<ContextValue> {
    KeyValues(
        pairs
            .iter()
            .map(|(k, v)| (k.clone(), text_value(v)))
            .collect(),
    )
}

fn text_input(
    label: &'static str,
    value: &str,
    testid: Option<&'static str>,
    on: Callback<String>,
) -> Html {
    let oninput = Callback::from(move |e: InputEvent| {
        on.emit(e.target_unchecked_into::<HtmlInputElement>().value())
    });
    html! {
        <label class="field">
            <span>{ label }</span>
            <input value={value.to_owned()} {oninput} data-testid={testid} spellcheck="false" />
        </label>
    }
}

fn optional(text: String) -> Option<String> {
    (!text.is_empty()).then_some(text)
}

/// Props of [`PrincipalPicker`].
#[derive(Properties, PartialEq, Clone)]
pub struct PrincipalPickerProps {
    /// The request's principal.
    pub principal: PrincipalSpec,
    /// ARNs of the scenario's identities, offered as suggestions.
    pub suggestions: Vec<String>,
    /// Called with the new value.
    pub on_change: Callback<PrincipalSpec>,
}

/// The picker.
#[component]
pub fn PrincipalPicker(props: &PrincipalPickerProps) -> Html {
    let kind = PrincipalForm::of(&props.principal);
    let on_kind = {
        let cb = props.on_change.clone();
        Callback::from(move |e: Event| {
            let form = e.target_unchecked_into::<HtmlSelectElement>().value();
            let kind = chosen(&FORMS, &form, PrincipalForm::Arn);
            cb.emit(kind.template());
        })
    };
    // Emits the principal changed by `edit`.
    let change = |edit: fn(&mut PrincipalSpec, String)| {
        emit_changed(&props.principal, &props.on_change, edit)
    };

    let body = match &props.principal {
        PrincipalSpec::Arn(arn) => {
            let cb = props.on_change.clone();
            let oninput = Callback::from(move |e: InputEvent| {
                cb.emit(PrincipalSpec::Arn(
                    e.target_unchecked_into::<HtmlInputElement>().value(),
                ));
            });
            let cb = props.on_change.clone();
            let on_pick = Callback::from(move |arn: String| cb.emit(PrincipalSpec::Arn(arn)));
            html! {
                <>
                    <label class="field">
                        <span>{ "Principal ARN" }</span>
                        <input value={arn.clone()} {oninput} data-testid="request-principal"
                            list="rc-identities" spellcheck="false" placeholder="arn:aws:iam::111111111111:user/alice" />
                    </label>
                    <ScenarioPick options={props.suggestions.clone()} prompt="Pick an identity of the scenario…"
                        label="principal from the scenario" test_id="principal-pick" {on_pick} />
                </>
            }
        }
        PrincipalSpec::Anonymous => html! {
            <p class="hint" data-testid="request-principal">{ "An unauthenticated caller (Principal \"*\" matches it)." }</p>
        },
        PrincipalSpec::Service {
            service,
            source_arn,
            source_account,
        } => html! {
            <>
                { text_input("Service principal", service, Some("request-principal"), change(|p, t| {
                    if let PrincipalSpec::Service { service, .. } = p { *service = t; }
                })) }
                { text_input("aws:SourceArn", source_arn.as_deref().unwrap_or_default(), None, change(|p, t| {
                    if let PrincipalSpec::Service { source_arn, .. } = p { *source_arn = optional(t); }
                })) }
                { text_input("aws:SourceAccount", source_account.as_deref().unwrap_or_default(), None, change(|p, t| {
                    if let PrincipalSpec::Service { source_account, .. } = p { *source_account = optional(t); }
                })) }
            </>
        },
        PrincipalSpec::WebIdentity {
            provider, claims, ..
        }
        | PrincipalSpec::Saml {
            provider,
            attributes: claims,
        } => {
            let saml = kind == PrincipalForm::Saml;
            let on_map = {
                let principal = props.principal.clone();
                let cb = props.on_change.clone();
                Callback::from(move |p: Vec<(String, String)>| {
                    let mut next = principal.clone();
                    match &mut next {
                        PrincipalSpec::WebIdentity { claims, .. }
                        | PrincipalSpec::Saml {
                            attributes: claims, ..
                        } => {
                            *claims = to_map(&p);
                        }
                        _ => {}
                    }
                    cb.emit(next);
                })
            };
            html! {
                <>
                    { text_input("Identity provider", provider, Some("request-principal"), change(|p, t| {
                        if let PrincipalSpec::WebIdentity { provider, .. } | PrincipalSpec::Saml { provider, .. } = p { *provider = t; }
                    })) }
                    <KvTable label={if saml { "SAML attributes" } else { "Token claims" }} entries={pairs(claims)}
                        on_change={on_map} key_hint={if saml { "aud" } else { "sub" }} />
                </>
            }
        }
    };

    html! {
        <fieldset class="principal">
            <legend>{ "Principal" }</legend>
            <label class="field">
                <span>{ "Type" }</span>
                <select onchange={on_kind} aria-label="Principal type">
                    { options(&FORMS, kind) }
                </select>
            </label>
            { body }
            <datalist id="rc-identities">
                { for props.suggestions.iter().map(|arn| html! { <option value={arn.clone()} /> }) }
            </datalist>
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_cells_keep_lists() {
        assert_eq!(
            text_value("[\"a\",\"b\"]"),
            ContextValue::Multi(vec!["a".into(), "b".into()])
        );
        assert_eq!(text_value("true"), ContextValue::Single("true".into()));
        assert_eq!(
            value_text(&ContextValue::Multi(vec!["a".into()])),
            "[\"a\"]"
        );
    }
}
