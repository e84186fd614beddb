//! The principal picker of the request panel: a scenario identity or any ARN, a service, a web
//! identity / OIDC provider with claims, a SAML provider with assertion values, or anonymous.
//!
//! It edits the `principal` field of the scenario request as the v1 format writes it; it does
//! not interpret principals.

use serde_json::{Map, Value};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::components::kv_table::KvTable;

/// The kinds offered by the picker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Arn,
    Service,
    WebIdentity,
    Saml,
    Anonymous,
}

impl Kind {
    const ALL: [(Self, &'static str, &'static str); 5] = [
        (Self::Arn, "arn", "IAM principal (ARN)"),
        (Self::Service, "service", "AWS service"),
        (Self::WebIdentity, "oidc", "Web identity / OIDC"),
        (Self::Saml, "saml", "SAML"),
        (Self::Anonymous, "anonymous", "Anonymous"),
    ];

    fn of(principal: &Value) -> Self {
        match principal {
            Value::String(s) if s == "anonymous" => Self::Anonymous,
            Value::Object(o) if o.contains_key("service") => Self::Service,
            Value::Object(o) if o.contains_key("saml") => Self::Saml,
            Value::Object(o) if o.contains_key("federated") => Self::WebIdentity,
            _ => Self::Arn,
        }
    }

    fn from_value(v: &str) -> Self {
        Self::ALL.iter().find(|(_, id, _)| *id == v).map_or(Self::Arn, |(k, _, _)| *k)
    }

    fn default_principal(self) -> Value {
        let object = |pairs: &[(&str, Value)]| {
            Value::Object(pairs.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect())
        };
        match self {
            Self::Arn => Value::String(String::new()),
            Self::Service => object(&[("service", Value::from("lambda.amazonaws.com"))]),
            Self::WebIdentity => object(&[
                ("federated", Value::from("arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com")),
                ("claims", Value::Object(Map::new())),
            ]),
            Self::Saml => object(&[
                ("federated", Value::from("arn:aws:iam::111111111111:saml-provider/Corp")),
                ("saml", Value::Object(Map::new())),
            ]),
            Self::Anonymous => Value::from("anonymous"),
        }
    }
}

/// A JSON value as one line of text (strings without quotes).
#[must_use]
pub fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Reads text typed in a value cell: a JSON array stays a list, anything else is a string.
#[must_use]
pub fn text_value(text: &str) -> Value {
    if text.trim_start().starts_with('[')
        && let Ok(v @ Value::Array(_)) = serde_json::from_str::<Value>(text)
    {
        return v;
    }
    Value::String(text.to_owned())
}

fn pairs(map: Option<&Value>) -> Vec<(String, String)> {
    match map {
        Some(Value::Object(o)) => o.iter().map(|(k, v)| (k.clone(), value_text(v))).collect(),
        _ => Vec::new(),
    }
}

fn to_map(pairs: Vec<(String, String)>) -> Value {
    Value::Object(pairs.into_iter().map(|(k, v)| (k, text_value(&v))).collect())
}

/// Props of [`PrincipalPicker`].
#[derive(Properties, PartialEq, Clone)]
pub struct PrincipalPickerProps {
    /// The request's `principal` value.
    pub principal: Value,
    /// ARNs of the scenario's identities, offered as suggestions.
    pub suggestions: Vec<String>,
    /// Called with the new value.
    pub on_change: Callback<Value>,
}

/// The picker.
#[component]
pub fn PrincipalPicker(props: &PrincipalPickerProps) -> Html {
    let kind = Kind::of(&props.principal);
    let on_kind = {
        let cb = props.on_change.clone();
        Callback::from(move |e: Event| {
            let kind = Kind::from_value(&e.target_unchecked_into::<HtmlSelectElement>().value());
            cb.emit(kind.default_principal());
        })
    };
    let field = |name: &'static str| -> Value {
        match &props.principal {
            Value::Object(o) => o.get(name).cloned().unwrap_or(Value::Null),
            other => other.clone(),
        }
    };
    let set_field = |name: &'static str| {
        let principal = props.principal.clone();
        let cb = props.on_change.clone();
        move |value: Value| {
            let mut object = match &principal {
                Value::Object(o) => o.clone(),
                _ => Map::new(),
            };
            if value.as_str().is_some_and(str::is_empty) && name != "service" && name != "federated" {
                object.remove(name);
            } else {
                object.insert(name.to_owned(), value);
            }
            cb.emit(Value::Object(object));
        }
    };
    let text_input = |name: &'static str, label: &'static str, testid: Option<&'static str>, list: Option<&'static str>| {
        let set = set_field(name);
        let oninput = Callback::from(move |e: InputEvent| {
            set(Value::String(e.target_unchecked_into::<HtmlInputElement>().value()));
        });
        html! {
            <label class="field">
                <span>{ label }</span>
                <input value={value_text(&field(name))} {oninput} data-testid={testid} list={list} spellcheck="false" />
            </label>
        }
    };

    let body = match kind {
        Kind::Arn => {
            let cb = props.on_change.clone();
            let oninput = Callback::from(move |e: InputEvent| {
                cb.emit(Value::String(e.target_unchecked_into::<HtmlInputElement>().value()));
            });
            html! {
                <label class="field">
                    <span>{ "Principal ARN" }</span>
                    <input value={value_text(&props.principal)} {oninput} data-testid="request-principal"
                        list="rc-identities" spellcheck="false" placeholder="arn:aws:iam::111111111111:user/alice" />
                </label>
            }
        }
        Kind::Anonymous => html! {
            <p class="hint" data-testid="request-principal">{ "An unauthenticated caller (Principal \"*\" matches it)." }</p>
        },
        Kind::Service => html! {
            <>
                { text_input("service", "Service principal", Some("request-principal"), None) }
                { text_input("sourceArn", "aws:SourceArn", None, None) }
                { text_input("sourceAccount", "aws:SourceAccount", None, None) }
            </>
        },
        Kind::WebIdentity | Kind::Saml => {
            let map_name = if kind == Kind::Saml { "saml" } else { "claims" };
            let set = set_field(map_name);
            let on_map = Callback::from(move |p: Vec<(String, String)>| set(to_map(p)));
            let label = if kind == Kind::Saml { "SAML attributes" } else { "Token claims" };
            html! {
                <>
                    { text_input("federated", "Identity provider", Some("request-principal"), None) }
                    <KvTable label={label} entries={pairs(props.principal.get(map_name))} on_change={on_map}
                        key_hint={if kind == Kind::Saml { "saml:aud" } else { "sub" }} />
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
                    { for Kind::ALL.iter().map(|(k, id, name)| html! {
                        <option value={*id} selected={*k == kind}>{ *name }</option>
                    }) }
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
    fn kinds_follow_the_scenario_format() {
        assert_eq!(Kind::of(&Value::from("anonymous")), Kind::Anonymous);
        assert_eq!(Kind::of(&Value::from("arn:aws:iam::1:user/a")), Kind::Arn);
        assert_eq!(Kind::of(&serde_json::json!({"service": "x"})), Kind::Service);
        assert_eq!(Kind::of(&serde_json::json!({"federated": "x", "saml": {}})), Kind::Saml);
        assert_eq!(Kind::of(&serde_json::json!({"federated": "x", "claims": {}})), Kind::WebIdentity);
    }

    #[test]
    fn value_cells_keep_lists() {
        assert_eq!(text_value("[\"a\",\"b\"]"), serde_json::json!(["a", "b"]));
        assert_eq!(text_value("true"), Value::from("true"));
        assert_eq!(value_text(&serde_json::json!(["a"])), "[\"a\"]");
    }
}
