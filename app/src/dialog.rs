//! Keyboard behaviour shared by the modal dialogs: Tab and Shift+Tab cycle through the dialog's
//! own controls instead of wandering into the page behind the overlay.

use wasm_bindgen::JsCast;

const FOCUSABLE: &str = "button:not([disabled]), input:not([disabled]), select:not([disabled]), \
     textarea:not([disabled]), a[href], [tabindex]:not([tabindex='-1'])";

/// Keeps the focus inside the dialog the key event was heard on (its `keydown` handler).
pub fn trap_focus(ev: &web_sys::KeyboardEvent) {
    if ev.key() != "Tab" {
        return;
    }
    let Some(dialog) = ev
        .current_target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return;
    };
    let Ok(controls) = dialog.query_selector_all(FOCUSABLE) else {
        return;
    };
    let count = controls.length();
    if count == 0 {
        return;
    }
    let as_element = |index: u32| {
        controls
            .get(index)
            .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
    };
    let (Some(first), Some(last)) = (as_element(0), as_element(count - 1)) else {
        return;
    };
    let active = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element());
    let inside = active.as_ref().is_some_and(|a| dialog.contains(Some(a)));
    let at = |element: &web_sys::HtmlElement| {
        active
            .as_ref()
            .is_some_and(|a| a == element.unchecked_ref::<web_sys::Element>())
    };
    let target = if ev.shift_key() {
        (at(&first) || !inside).then_some(last)
    } else {
        (at(&last) || !inside).then_some(first)
    };
    if let Some(target) = target {
        ev.prevent_default();
        let _ = target.focus();
    }
}

/// Focuses the element with this id after the current render, when it exists (a dialog that
/// has just opened, a field that has just appeared).
pub fn focus_soon(id: &'static str) {
    leptos::prelude::request_animation_frame(move || {
        if let Some(element) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(id))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = element.focus();
        }
    });
}
