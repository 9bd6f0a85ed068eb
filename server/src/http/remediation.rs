//! `PUT /api/assessments/{id}/remediation/{question}`: who fixes a gap, by when, and how far it
//! is (整改).

use axum::extract::State;
use axum::routing::put;
use axum::{Json, Router};
use questionnaires::contract::ErrorCode;
use serde::Deserialize;
use time::Date;
use time::macros::format_description;
use utoipa::ToSchema;

use super::assessments::{NOTE_MAX, require_question};
use super::extract::{Actor, JsonBody, PathParams};
use super::schema::{self, KnownQuestionId};
use super::{ApiError, AppState};
use crate::domain::{bounded, line};
use crate::store::model::{Remediation, RemediationInput, RemediationStatus};
pub use questionnaires::contract::limits::OWNER_MAX;

pub fn router() -> Router<AppState> {
    Router::new().route("/assessments/{id}/remediation/{question}", put(set))
}

#[derive(Deserialize, ToSchema)]
pub struct RemediationBody {
    /// Who is responsible: one line, may be empty; stored trimmed.
    #[serde(default)]
    #[schema(schema_with = owner_schema)]
    pub owner: String,
    /// A calendar date, or null for none.
    #[serde(default)]
    #[schema(schema_with = due_date_schema)]
    pub due_date: Option<String>,
    pub status: RemediationStatus,
    #[serde(default)]
    #[schema(schema_with = comment_schema)]
    pub comment: String,
}

fn owner_schema() -> utoipa::openapi::ObjectBuilder {
    schema::line(OWNER_MAX)
}

fn due_date_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    schema::nullable(schema::date())
}

fn comment_schema() -> utoipa::openapi::ObjectBuilder {
    schema::text(NOTE_MAX)
}

#[utoipa::path(put, path = "/api/assessments/{id}/remediation/{question}", tag = "remediation",
    params(("id" = i64, Path), ("question" = KnownQuestionId, Path), Actor),
    request_body = RemediationBody,
    responses(
        (status = 200, description = "OK", body = Remediation),
        (status = 404, description = "no such assessment, or the question is not in its questionnaire"),
        (status = 409, description = "`read_only` when approved or archived"),
        (status = 422, description = "`invalid_date`, `too_long`, `invalid_text`"),
    ))]
pub async fn set(
    State(state): State<AppState>,
    PathParams((id, question)): PathParams<(i64, String)>,
    Actor(actor): Actor,
    JsonBody(body): JsonBody<RemediationBody>,
) -> Result<Json<Remediation>, ApiError> {
    let pinned = state.store.pinned(id).await?;
    require_question(&state.library, &pinned, &question, ApiError::NotFound)?;
    let owner = line("owner", &body.owner, OWNER_MAX)?;
    bounded("comment", &body.comment, NOTE_MAX)?;
    let due_date = body.due_date.as_deref().map(parse_date).transpose()?;
    let input = RemediationInput {
        owner,
        due_date,
        status: body.status,
        comment: body.comment,
    };
    Ok(Json(
        state
            .store
            .set_remediation(id, question, input, actor)
            .await?,
    ))
}

/// A calendar date written `YYYY-MM-DD`, returned in that form.
fn parse_date(text: &str) -> Result<String, ApiError> {
    let layout = format_description!("[year]-[month]-[day]");
    Date::parse(text, layout)
        .ok()
        .and_then(|d| d.format(layout).ok())
        .ok_or_else(|| {
            ApiError::invalid(
                ErrorCode::InvalidDate,
                format!("`due_date` is “{text}”; write a date as YYYY-MM-DD, e.g. 2026-06-30."),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_dates_are_real_calendar_dates() {
        assert_eq!(parse_date("2026-06-30").ok().as_deref(), Some("2026-06-30"));
        assert_eq!(parse_date("2028-02-29").ok().as_deref(), Some("2028-02-29"));
        for bad in [
            "2026-02-30",
            "2026-6-30",
            "30/06/2026",
            "2026-06-30T00:00:00Z",
            "",
        ] {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
    }
}
