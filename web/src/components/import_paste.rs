//! Import by paste or drop: a "Paste…" dialog takes the text of an AWS CLI output, a template,
//! a plan or a scenario; files dropped anywhere on the page (outside an editor) are imported
//! like files chosen with "Import…". Both go through `import::import_many` (in the evaluation worker), so the review says
//! exactly what `rolecall import` says.

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::components::import::{import_file_list, import_texts};
use crate::state::{Action, Banner, StateContext, use_app_state_shape};

/// Installs the page-wide drop target once: dropped files are imported, unless an editor took
/// the drop (it calls `preventDefault` first).
fn install_drop(state: StateContext) -> Option<impl FnOnce()> {
    let window = web_sys::window()?;
    let has_files = |e: &web_sys::DragEvent| {
        e.data_transfer().is_some_and(|d| {
            d.types()
                .iter()
                .any(|t| t.as_string().as_deref() == Some("Files"))
        })
    };
    let over = Closure::<dyn FnMut(web_sys::DragEvent)>::new(move |e: web_sys::DragEvent| {
        if has_files(&e) {
            e.prevent_default();
        }
    });
    let drop = Closure::<dyn FnMut(web_sys::DragEvent)>::new(move |e: web_sys::DragEvent| {
        if e.default_prevented() || !has_files(&e) {
            return;
        }
        e.prevent_default();
        import_file_list(&state, e.data_transfer().and_then(|d| d.files()));
    });
    window
        .add_event_listener_with_callback("dragover", over.as_ref().unchecked_ref())
        .ok()?;
    window
        .add_event_listener_with_callback("drop", drop.as_ref().unchecked_ref())
        .ok()?;
    Some(move || {
        let _ =
            window.remove_event_listener_with_callback("dragover", over.as_ref().unchecked_ref());
        let _ = window.remove_event_listener_with_callback("drop", drop.as_ref().unchecked_ref());
    })
}

/// The "Paste…" button and its dialog, and the page-wide drop target.
#[component]
pub fn ImportPaste() -> Html {
    let state = use_app_state_shape();
    let open = use_state(|| false);
    let area = use_node_ref();
    {
        let state = state.clone();
        use_effect_with((), move |()| {
            let cleanup = install_drop(state);
            move || {
                if let Some(cleanup) = cleanup {
                    cleanup();
                }
            }
        });
    }
    {
        let area = area.clone();
        use_effect_with(*open, move |open| {
            if *open && let Some(area) = area.cast::<HtmlTextAreaElement>() {
                let _ = area.focus();
            }
        });
    }
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let close = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(false))
    };
    let import = {
        let open = open.clone();
        let area = area.clone();
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(text) = area.cast::<HtmlTextAreaElement>().map(|a| a.value()) else {
                return;
            };
            if text.trim().is_empty() {
                state.dispatch(Action::ShowBanner(Banner::error(
                    "Nothing was pasted: paste the output of an AWS CLI command, a CloudFormation template or a Terraform plan.",
                )));
                return;
            }
            open.set(false);
            import_texts(&state, vec![("pasted text".to_owned(), text)]);
        })
    };
    let onkeydown = {
        let open = open.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                open.set(false);
            }
        })
    };
    html! {
        <>
            <button data-testid="paste-button" onclick={toggle} aria-expanded={open.to_string()}>{ "Paste…" }</button>
            if *open {
                <div class="import-review paste-import" data-testid="paste-dialog" role="dialog"
                    aria-modal="true" aria-labelledby="paste-title" {onkeydown}>
                    <h2 id="paste-title">{ "Import pasted text" }</h2>
                    <p>{ "Paste what AWS gives: the output of " }<code>{ "aws iam get-account-authorization-details" }</code>
                        { ", get-role, get-policy-version, s3api get-bucket-policy, organizations describe-policy…, a CloudFormation template (JSON or YAML) or a Terraform plan (" }
                        <code>{ "terraform show -json" }</code>{ "). Files can also be dropped anywhere on the page. Nothing leaves your browser." }</p>
                    <textarea ref={area} data-testid="paste-text" rows="12" spellcheck="false"
                        aria-label="Text to import" />
                    <div class="row">
                        <button class="primary" data-testid="paste-import" onclick={import}>{ "Import" }</button>
                        <button onclick={close}>{ "Cancel" }</button>
                    </div>
                </div>
            }
        </>
    }
}
