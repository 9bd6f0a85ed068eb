//! The wizard's keyboard: 1–4 answer, j/k or arrows next/previous, n the note, Esc leaves a
//! text field, ? the list of shortcuts; and that list as a dialog.

use leptos::prelude::*;
use questionnaires::AnswerValue;
use wasm_bindgen::JsCast;

use crate::i18n::{Key, t};

use super::{Nav, VALUES};

pub(super) fn on_key(ev: &web_sys::KeyboardEvent, nav: &Nav, shortcuts: RwSignal<bool>) {
    if ev.ctrl_key() || ev.alt_key() || ev.meta_key() || ev.default_prevented() {
        return;
    }
    let key = ev.key();
    if in_text_field(ev) {
        if key == "Escape"
            && let Some(element) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = element.blur();
        }
        return;
    }
    // Another dialog (conflict, citation, status) takes the keys while it is open.
    if document()
        .query_selector(".overlay [role=dialog], .overlay [role=alertdialog]")
        .ok()
        .flatten()
        .is_some()
        && !shortcuts.get_untracked()
    {
        return;
    }
    let ws = nav.ws;
    let current = nav.current.get_untracked();
    let handled = match key.as_str() {
        "1" | "2" | "3" | "4" => {
            let index = key.parse::<usize>().unwrap_or(1) - 1;
            if let Some(id) = current {
                ws.set_value(&id, VALUES[index]);
                if VALUES[index] == AnswerValue::NotApplicable {
                    crate::dialog::focus_soon("na-reason");
                }
            }
            true
        }
        "j" | "ArrowDown" | "ArrowRight" => {
            nav.next();
            true
        }
        "k" | "ArrowUp" | "ArrowLeft" => {
            nav.previous();
            true
        }
        "n" => {
            crate::dialog::focus_soon("note");
            true
        }
        "?" => {
            shortcuts.update(|s| *s = !*s);
            true
        }
        "Escape" if shortcuts.get_untracked() => {
            shortcuts.set(false);
            true
        }
        _ => false,
    };
    if handled {
        ev.prevent_default();
    }
}

fn in_text_field(ev: &web_sys::KeyboardEvent) -> bool {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| {
            let tag = el.tag_name().to_ascii_lowercase();
            let input_type = el.get_attribute("type").unwrap_or_default();
            tag == "textarea"
                || tag == "select"
                || (tag == "input"
                    && !matches!(input_type.as_str(), "radio" | "checkbox" | "button"))
                || el.has_attribute("contenteditable")
        })
}

#[component]
pub(super) fn ShortcutHelp(close: Callback<()>) -> impl IntoView {
    let rows = [
        ("1 – 4", Key::ShortcutAnswer),
        ("j  ↓  →", Key::ShortcutNext),
        ("k  ↑  ←", Key::ShortcutPrevious),
        ("n", Key::ShortcutNote),
        ("Esc", Key::ShortcutLeaveField),
        ("?", Key::ShortcutHelp),
    ];
    let button = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if let Some(b) = button.get() {
            let _ = b.focus();
        }
    });
    view! {
        <div class="overlay" on:click=move |_| close.run(())>
            <div
                class="dialog"
                role="dialog"
                aria-modal="true"
                aria-labelledby="shortcuts-title"
                id="shortcuts-dialog"
                on:click=|ev| ev.stop_propagation()
                on:keydown=|ev| crate::dialog::trap_focus(&ev)
            >
                <h2 id="shortcuts-title">{t(Key::KeyboardShortcuts)}</h2>
                <table class="table shortcuts">
                    <tbody>
                        {rows
                            .into_iter()
                            .map(|(keys, what)| view! {
                                <tr>
                                    <th scope="row"><kbd>{keys}</kbd></th>
                                    <td>{t(what)}</td>
                                </tr>
                            })
                            .collect_view()}
                    </tbody>
                </table>
                <div class="dialog-actions">
                    <button type="button" class="button primary" node_ref=button on:click=move |_| close.run(())>
                        {t(Key::Close)}
                    </button>
                </div>
            </div>
        </div>
    }
}
