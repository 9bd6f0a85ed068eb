//! `/api/organizations`: the organizations assessed (被评估单位), with their unified social credit
//! code checked digit by digit.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use questionnaires::contract::ErrorCode;
use serde::Deserialize;
use utoipa::ToSchema;

use super::extract::{Actor, JsonBody, PathParams};
use super::{ApiError, AppState, schema};
use crate::domain::{Uscc, line, required};
use crate::store::model::{Organization, OrganizationInput};
pub use questionnaires::contract::limits::{LABEL_MAX, ORGANIZATION_NAME_MAX as NAME_MAX};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/organizations", get(list).post(create))
        .route("/organizations/{id}", get(one).put(update))
}

/// An organization to create, or the new values of one. Text is stored trimmed.
#[derive(Deserialize, ToSchema)]
pub struct OrganizationBody {
    /// Full registered name: one line, not blank.
    #[schema(schema_with = name_schema)]
    pub name: String,
    /// 统一社会信用代码 (GB 32100-2015), 18 characters; lower case is accepted and stored in
    /// upper case. The format `uscc` stands for the rule no pattern states: the 18th character
    /// is the check character of the first 17.
    #[schema(schema_with = schema::uscc)]
    pub uscc: String,
    /// Industry: one line, may be empty.
    #[serde(default)]
    #[schema(schema_with = label_schema)]
    pub industry: String,
    /// Region: one line, may be empty.
    #[serde(default)]
    #[schema(schema_with = label_schema)]
    pub region: String,
}

fn name_schema() -> utoipa::openapi::ObjectBuilder {
    schema::required_line(NAME_MAX)
}

fn label_schema() -> utoipa::openapi::ObjectBuilder {
    schema::line(LABEL_MAX)
}

impl OrganizationBody {
    fn validate(self) -> Result<OrganizationInput, ApiError> {
        let name = required("name", &self.name, NAME_MAX)?;
        let uscc = Uscc::parse(&self.uscc).map_err(|e| {
            ApiError::invalid(
                ErrorCode::InvalidUscc,
                super::error::capitalise(&e.to_string()),
            )
        })?;
        let industry = line("industry", &self.industry, LABEL_MAX)?;
        let region = line("region", &self.region, LABEL_MAX)?;
        Ok(OrganizationInput {
            name,
            uscc,
            industry,
            region,
        })
    }
}

#[utoipa::path(get, path = "/api/organizations", tag = "organizations",
    responses((status = 200, description = "OK", body = [Organization])))]
pub async fn list(State(state): State<AppState>) -> Result<Json<Vec<Organization>>, ApiError> {
    Ok(Json(state.store.organizations().await?))
}

#[utoipa::path(post, path = "/api/organizations", tag = "organizations",
    params(Actor),
    request_body = OrganizationBody,
    responses(
        (status = 201, description = "Created", body = Organization),
        (status = 409, description = "`duplicate_uscc`: the code is already registered"),
        (status = 422, description = "`invalid_uscc` (naming the wrong character or check digit), `blank`, `too_long`, `invalid_text`"),
    ))]
pub async fn create(
    State(state): State<AppState>,
    Actor(actor): Actor,
    JsonBody(body): JsonBody<OrganizationBody>,
) -> Result<(StatusCode, Json<Organization>), ApiError> {
    let input = body.validate()?;
    let created = state.store.create_organization(input, actor).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

#[utoipa::path(get, path = "/api/organizations/{id}", tag = "organizations",
    params(("id" = i64, Path)),
    responses((status = 200, description = "OK", body = Organization), (status = 404, description = "`not_found`")))]
pub async fn one(
    State(state): State<AppState>,
    PathParams(id): PathParams<i64>,
) -> Result<Json<Organization>, ApiError> {
    Ok(Json(state.store.organization(id).await?))
}

#[utoipa::path(put, path = "/api/organizations/{id}", tag = "organizations",
    params(("id" = i64, Path), Actor),
    request_body = OrganizationBody,
    responses(
        (status = 200, description = "OK", body = Organization),
        (status = 404, description = "`not_found`"),
        (status = 409, description = "`duplicate_uscc`"),
        (status = 422, description = "`invalid_uscc`, `blank`, `too_long`, `invalid_text`"),
    ))]
pub async fn update(
    State(state): State<AppState>,
    PathParams(id): PathParams<i64>,
    Actor(actor): Actor,
    JsonBody(body): JsonBody<OrganizationBody>,
) -> Result<Json<Organization>, ApiError> {
    let input = body.validate()?;
    Ok(Json(
        state.store.update_organization(id, input, actor).await?,
    ))
}
