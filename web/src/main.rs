//! The Rolecall playground.
//!
//! OWNER: helper "infra".

use yew::prelude::*;

#[component]
fn App() -> Html {
    html! { <main>{ "Rolecall" }</main> }
}

fn main() {
    yew::Renderer::<App>::new().render();
}
