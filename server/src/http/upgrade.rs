//! `/api/assessments/{id}/upgrade`: whether a newer version of the assessment's questionnaire
//! exists and what moving the assessment to it would do (`GET`, which changes nothing), and
//! doing it for a draft (`POST`). The plan is `questionnaires::upgrade::plan`, the same for both.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use questionnaires::contract::ErrorCode;
use questionnaires::upgrade::{self, Held, UpgradePlan};
use questionnaires::{Library, QuestionId, Questionnaire, Text, compare_versions};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::assessments::pinned_questionnaire;
use super::extract::{Actor, JsonBody, PathParams, integer};
use super::{ApiError, AppState};
use crate::store::StoreError;
use crate::store::model::{Assessment, Pinned, Status};

pub fn router() -> Router<AppState> {
    Router::new().route("/assessments/{id}/upgrade", get(offer).post(apply))
}

/// What upgrading an assessment to the newest version of its questionnaire would do.
#[derive(Serialize, ToSchema)]
pub struct UpgradeOffer {
    pub questionnaire_id: String,
    /// The version the assessment is pinned to.
    pub current_version: String,
    /// The newest version loaded; equal to `current_version` when there is nothing to upgrade to.
    pub latest_version: String,
    /// The assessment's status: only a draft can be upgraded.
    pub status: Status,
    /// The revision to send back with `POST`: the upgrade is refused if the assessment changed
    /// after it.
    pub revision: i64,
    /// What the upgrade to `latest_version` moves, marks, leaves behind and adds; null when the
    /// assessment is on the newest version.
    pub plan: Option<UpgradePlan>,
    /// The title (question text) of every question id the plan names: from the new version for
    /// the ids it has, from the old one for the others.
    #[schema(value_type = BTreeMap<String, Text>)]
    pub titles: BTreeMap<String, Text>,
}

#[derive(Deserialize, ToSchema)]
pub struct UpgradeBody {
    /// A version of the assessment's questionnaire newer than the one it is pinned to, usually
    /// `latest_version` of `GET`.
    #[schema(example = "2026.2")]
    pub to_version: String,
    /// `revision` from `GET /api/assessments/{id}/upgrade`.
    #[serde(deserialize_with = "integer")]
    pub revision: i64,
}

#[utoipa::path(get, path = "/api/assessments/{id}/upgrade", tag = "assessments",
    summary = "Whether a newer questionnaire version exists, and what upgrading to it does",
    params(("id" = i64, Path)),
    responses(
        (status = 200, description = "OK", body = UpgradeOffer),
        (status = 404, description = "`not_found`"),
        (status = 409, description = "`questionnaire_unavailable`: the pinned questionnaire version is not loaded"),
    ))]
pub async fn offer(
    State(state): State<AppState>,
    PathParams(id): PathParams<i64>,
) -> Result<Json<UpgradeOffer>, ApiError> {
    let (assessment, revision) = state.store.assessment_at_revision(id).await?;
    let old = pinned_questionnaire(&state.library, &pinned(&assessment))?;
    let latest = state
        .library
        .questionnaire(&old.id)
        .filter(|latest| compare_versions(&latest.version, &old.version).is_gt());
    let plan = latest.map(|new| upgrade::plan(old, new, &held(&assessment)));
    let titles = match (&plan, latest) {
        (Some(plan), Some(new)) => titles(plan, old, new),
        _ => BTreeMap::new(),
    };
    Ok(Json(UpgradeOffer {
        questionnaire_id: old.id.clone(),
        current_version: old.version.clone(),
        latest_version: latest.unwrap_or(old).version.clone(),
        status: assessment.status,
        revision,
        plan,
        titles,
    }))
}

#[utoipa::path(post, path = "/api/assessments/{id}/upgrade", tag = "assessments",
    summary = "Move a draft to a newer version of its questionnaire",
    params(("id" = i64, Path), Actor),
    request_body = UpgradeBody,
    responses(
        (status = 200, description = "The upgraded assessment; answers to confirm again are marked `carried`", body = Assessment),
        (status = 404, description = "`not_found`"),
        (status = 409, description = "`not_draft` when submitted; `read_only` when approved or archived; `conflict` with `current: {revision}` when the assessment changed after `revision`; `questionnaire_unavailable` when the pinned version is not loaded"),
        (status = 422, description = "`unknown_version`: the questionnaire has no such version loaded; `not_newer`: the version is not newer than the pinned one"),
    ))]
pub async fn apply(
    State(state): State<AppState>,
    PathParams(id): PathParams<i64>,
    Actor(actor): Actor,
    JsonBody(body): JsonBody<UpgradeBody>,
) -> Result<Json<Assessment>, ApiError> {
    let (assessment, revision) = state.store.assessment_at_revision(id).await?;
    let old = pinned_questionnaire(&state.library, &pinned(&assessment))?;
    let new = target(&state.library, old, &body.to_version)?;
    // The plan is made from what was read, so it must be what the caller saw. The write checks
    // the status first and the revision again; one that is not a draft is refused for that.
    if revision != body.revision && assessment.status == Status::Draft {
        return Err(StoreError::RevisionConflict { revision }.into());
    }
    let plan = upgrade::plan(old, new, &held(&assessment));
    let (profile, _) = upgrade::profile(new, &assessment.profile);
    let upgraded = state
        .store
        .upgrade_assessment(id, plan, profile, body.revision, actor)
        .await?;
    Ok(Json(upgraded))
}

/// The loaded version `to` of `old`'s questionnaire, if it is newer than `old`.
fn target<'a>(
    library: &'a Library,
    old: &Questionnaire,
    to: &str,
) -> Result<&'a Questionnaire, ApiError> {
    let new = library.version(&old.id, to).ok_or_else(|| {
        let versions: Vec<&str> = library
            .versions(&old.id)
            .iter()
            .map(|q| q.version.as_str())
            .collect();
        ApiError::invalid(
            ErrorCode::UnknownVersion,
            format!(
                "Questionnaire `{}` has no version `{to}` here; the versions loaded are {}.",
                old.id,
                versions.join(", ")
            ),
        )
    })?;
    if !compare_versions(&new.version, &old.version).is_gt() {
        return Err(ApiError::invalid(
            ErrorCode::NotNewer,
            format!(
                "Version {} is not newer than {}, the version the assessment uses; an assessment \
                 only moves forward.",
                new.version, old.version
            ),
        ));
    }
    Ok(new)
}

fn pinned(assessment: &Assessment) -> Pinned {
    Pinned {
        questionnaire_id: assessment.questionnaire_id.clone(),
        questionnaire_version: assessment.questionnaire_version.clone(),
    }
}

/// What the assessment holds, by question id. Stored ids were checked when saved; one that is
/// no longer a valid id cannot be placed anywhere and is left out.
fn held(assessment: &Assessment) -> Held {
    let ids = |keys: &mut dyn Iterator<Item = &String>| {
        keys.filter_map(|k| QuestionId::parse(k).ok()).collect()
    };
    Held {
        answers: ids(&mut assessment.answers.keys()),
        evidence: ids(&mut assessment.evidence.iter().map(|e| &e.question_id)),
        remediation: ids(&mut assessment.remediation.keys()),
        profile: assessment.profile.clone(),
    }
}

fn titles(plan: &UpgradePlan, old: &Questionnaire, new: &Questionnaire) -> BTreeMap<String, Text> {
    let named = plan
        .answers
        .iter()
        .flat_map(|p| [&p.to, &p.from])
        .chain(plan.evidence.iter().flat_map(|m| [&m.from, &m.to]))
        .chain(plan.remediation.iter().flat_map(|m| [&m.from, &m.to]))
        .chain(plan.removed.iter().map(|r| &r.id))
        .chain(&plan.added);
    let mut titles = BTreeMap::new();
    for id in named {
        if let Some(q) = new.question(id).or_else(|| old.question(id)) {
            titles.insert(id.as_str().to_owned(), q.text.clone());
        }
    }
    titles
}
