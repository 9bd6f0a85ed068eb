//! What the browser remembers between visits, in local storage: the local user name (asked once,
//! sent with every change), the access token of a server that requires one, and the answers typed but not yet acknowledged by the server, so that
//! a crash or a closed tab during an outage loses nothing.

use std::collections::BTreeMap;

use leptos::prelude::*;
use questionnaires::{AnswerValue, QuestionId};
use serde::{Deserialize, Serialize};

const USER_KEY: &str = "ziping.user";
const TOKEN_KEY: &str = "ziping.token";

pub use questionnaires::contract::limits::USER_NAME_MAX;

/// The local user name, provided as context by the shell; empty until the user gives one.
pub type UserSignal = RwSignal<String>;

pub fn use_user() -> UserSignal {
    use_context::<UserSignal>().unwrap_or_else(|| RwSignal::new(user_name()))
}

/// The stored user name, or an empty string.
pub fn user_name() -> String {
    storage()
        .and_then(|s| s.get_item(USER_KEY).ok().flatten())
        .map(|s| s.trim().to_owned())
        .unwrap_or_default()
}

pub fn set_user_name(name: &str) {
    if let Some(storage) = storage() {
        // Private browsing may refuse storage; the name then lasts for this visit only.
        let _ = storage.set_item(USER_KEY, name.trim());
    }
}

/// Whether a user name is acceptable: not blank and at most [`USER_NAME_MAX`] characters.
pub fn valid_user_name(name: &str) -> bool {
    let name = name.trim();
    !name.is_empty() && name.chars().count() <= USER_NAME_MAX
}

/// The access token of a server started with one (`--token`), or an empty string.
pub fn access_token() -> String {
    storage()
        .and_then(|s| s.get_item(TOKEN_KEY).ok().flatten())
        .map(|s| s.trim().to_owned())
        .unwrap_or_default()
}

pub fn set_access_token(token: &str) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(TOKEN_KEY, token.trim());
    }
}

/// An answer typed in this browser and not yet acknowledged, with the server revision it was
/// based on (so that a stale one comes back as a conflict, not as a silent overwrite).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnsavedAnswer {
    pub value: Option<AnswerValue>,
    pub na_reason: String,
    pub note: String,
    pub base: i64,
}

fn unsaved_key(assessment: i64) -> String {
    format!("ziping.unsaved.{assessment}")
}

/// The unsaved answers of an assessment left by an earlier visit.
pub fn unsaved_answers(assessment: i64) -> BTreeMap<QuestionId, UnsavedAnswer> {
    storage()
        .and_then(|s| s.get_item(&unsaved_key(assessment)).ok().flatten())
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default()
}

/// Replaces the unsaved answers of an assessment; an empty map removes the entry.
pub fn store_unsaved_answers(assessment: i64, answers: &BTreeMap<QuestionId, UnsavedAnswer>) {
    let Some(storage) = storage() else {
        return;
    };
    let key = unsaved_key(assessment);
    if answers.is_empty() {
        let _ = storage.remove_item(&key);
    } else if let Ok(json) = serde_json::to_string(answers) {
        let _ = storage.set_item(&key, &json);
    }
}

pub fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}
