//! The link to an evidence file, used by the wizard's evidence list and the results page's
//! evidence index.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::workspace::Workspace;

/// A link that downloads an evidence file; when the server needs its access token (which a link
/// cannot carry) the file is fetched with it instead.
#[component]
pub fn EvidenceLink(evidence: i64, name: String, class: &'static str) -> impl IntoView {
    let ws = expect_context::<Workspace>();
    let error = RwSignal::new(None::<String>);
    let file = name.clone();
    let download = name.clone();
    view! {
        <a
            class=class
            href=api::evidence_url(ws.id, evidence)
            download=download
            on:click=move |ev| {
                if api::has_token() {
                    ev.prevent_default();
                    let file = file.clone();
                    spawn_local(async move {
                        let url = api::evidence_url(ws.id, evidence);
                        if let Err(e) = api::download(&url, &file).await {
                            error.set(Some(e.message));
                        }
                    });
                }
            }
        >
            {name}
        </a>
        {move || error.get().map(|e| view! { <span class="error small" role="alert">{e}</span> })}
    }
}
