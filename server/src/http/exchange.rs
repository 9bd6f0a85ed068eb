//! Files in and out of an assessment: the answers and the gap and remediation plan as XLSX and
//! CSV, the assessment as OSCAL assessment results and its questionnaire version as an OSCAL
//! catalog (`…/export/oscal-ar.json`, `…/export/oscal-catalog.json`), the fill-in workbook (`GET …/workbook.xlsx`), and its upload (`POST …/workbook/preview`
//! says what it would change; `POST …/workbook/apply` applies it, all or nothing). The formats
//! are `crate::exchange`'s; this module only maps requests and errors.

use axum::extract::multipart::{MultipartError, MultipartRejection};
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use questionnaires::Lang;
use questionnaires::contract::ErrorCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::error::capitalise;
use super::extract::{Actor, PathParams, QueryParams, human_size};
use super::{ApiError, AppState};
use crate::exchange::oscal::{self, Document};
use crate::exchange::tables::{self, FileFormat, Table};
use crate::exchange::workbook::{self, Plan, UploadError, WorkbookOptions};
use crate::exchange::{CSV_TYPE, ExchangeError, XLSX_TYPE, load};
use crate::store::model::{AnswerInput, StoredAnswer};
use crate::store::{BatchAnswer, StoreError};

/// The largest workbook accepted, in bytes (a workbook of 300 questions is about 50 KiB).
pub const WORKBOOK_LIMIT: usize = 10 * 1024 * 1024;
/// The upload's body may exceed the file by this much: part headers.
const MULTIPART_OVERHEAD: usize = 16 * 1024;

pub fn router() -> Router<AppState> {
    let upload_limit = || DefaultBodyLimit::max(WORKBOOK_LIMIT + MULTIPART_OVERHEAD);
    Router::new()
        .route("/assessments/{id}/export/answers.xlsx", get(answers_xlsx))
        .route("/assessments/{id}/export/answers.csv", get(answers_csv))
        .route(
            "/assessments/{id}/export/remediation.xlsx",
            get(remediation_xlsx),
        )
        .route(
            "/assessments/{id}/export/remediation.csv",
            get(remediation_csv),
        )
        .route("/assessments/{id}/export/oscal-ar.json", get(oscal_results))
        .route(
            "/assessments/{id}/export/oscal-catalog.json",
            get(oscal_catalog),
        )
        .route("/assessments/{id}/workbook.xlsx", get(workbook_file))
        .route(
            "/assessments/{id}/workbook/preview",
            post(preview).layer(upload_limit()),
        )
        .route(
            "/assessments/{id}/workbook/apply",
            post(apply).layer(upload_limit()),
        )
}

#[derive(Deserialize)]
pub struct LangParams {
    lang: Option<String>,
}

#[derive(Deserialize)]
pub struct WorkbookParams {
    lang: Option<String>,
    domain: Option<String>,
}

#[derive(Deserialize)]
pub struct ApplyParams {
    lang: Option<String>,
    #[serde(default)]
    overwrite_conflicts: Option<bool>,
}

/// The language a request asks for with `lang`: `zh-CN` when absent.
pub(super) fn language(tag: Option<&str>) -> Result<Lang, ApiError> {
    match tag {
        None => Ok(Lang::Zh),
        // Exactly the tags the API document lists.
        Some(tag) => [Lang::Zh, Lang::En]
            .into_iter()
            .find(|l| l.tag() == tag)
            .ok_or_else(|| {
                ApiError::BadRequest(format!(
                    "`lang={tag}` is not a language of Ziping; use `zh-CN` or `en`."
                ))
            }),
    }
}

#[utoipa::path(get, path = "/api/assessments/{id}/export/answers.xlsx", tag = "exchange",
    summary = "Every question with its answer, as an Excel workbook",
    params(("id" = i64, Path), ("lang" = Option<Lang>, Query, description = "Headers and labels; `zh-CN` when absent")),
    responses(
        (status = 200, description = "The workbook, as an attachment: one sheet, frozen header with a filter", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
        (status = 400, description = "`bad_request`: `lang` is not `zh-CN` or `en`; `invalid_query`"),
        (status = 404, description = "`not_found`: no such assessment"),
        (status = 409, description = "`questionnaire_unavailable`"),
    ))]
pub async fn answers_xlsx(
    state: State<AppState>,
    id: PathParams<i64>,
    params: QueryParams<LangParams>,
) -> Result<Response, ApiError> {
    table_file(state, id, params, Table::Answers, FileFormat::Xlsx).await
}

#[utoipa::path(get, path = "/api/assessments/{id}/export/answers.csv", tag = "exchange",
    summary = "Every question with its answer, as CSV (UTF-8 with BOM)",
    params(("id" = i64, Path), ("lang" = Option<Lang>, Query, description = "Headers and labels; `zh-CN` when absent")),
    responses(
        (status = 200, description = "The CSV, as an attachment", content_type = "text/csv", body = String),
        (status = 400, description = "`bad_request`: `lang` is not `zh-CN` or `en`; `invalid_query`"),
        (status = 404, description = "`not_found`: no such assessment"),
        (status = 409, description = "`questionnaire_unavailable`"),
    ))]
pub async fn answers_csv(
    state: State<AppState>,
    id: PathParams<i64>,
    params: QueryParams<LangParams>,
) -> Result<Response, ApiError> {
    table_file(state, id, params, Table::Answers, FileFormat::Csv).await
}

#[utoipa::path(get, path = "/api/assessments/{id}/export/remediation.xlsx", tag = "exchange",
    summary = "The gap and remediation plan, as an Excel workbook",
    params(("id" = i64, Path), ("lang" = Option<Lang>, Query, description = "Headers and labels; `zh-CN` when absent")),
    responses(
        (status = 200, description = "The workbook, as an attachment: every gap, highest priority first, with owner, due date, status and comment", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
        (status = 400, description = "`bad_request`: `lang` is not `zh-CN` or `en`; `invalid_query`"),
        (status = 404, description = "`not_found`: no such assessment"),
        (status = 409, description = "`questionnaire_unavailable`; `unscorable`: the stored answers cannot be scored"),
    ))]
pub async fn remediation_xlsx(
    state: State<AppState>,
    id: PathParams<i64>,
    params: QueryParams<LangParams>,
) -> Result<Response, ApiError> {
    table_file(state, id, params, Table::Remediation, FileFormat::Xlsx).await
}

#[utoipa::path(get, path = "/api/assessments/{id}/export/remediation.csv", tag = "exchange",
    summary = "The gap and remediation plan, as CSV (UTF-8 with BOM)",
    params(("id" = i64, Path), ("lang" = Option<Lang>, Query, description = "Headers and labels; `zh-CN` when absent")),
    responses(
        (status = 200, description = "The CSV, as an attachment", content_type = "text/csv", body = String),
        (status = 400, description = "`bad_request`: `lang` is not `zh-CN` or `en`; `invalid_query`"),
        (status = 404, description = "`not_found`: no such assessment"),
        (status = 409, description = "`questionnaire_unavailable`; `unscorable`: the stored answers cannot be scored"),
    ))]
pub async fn remediation_csv(
    state: State<AppState>,
    id: PathParams<i64>,
    params: QueryParams<LangParams>,
) -> Result<Response, ApiError> {
    table_file(state, id, params, Table::Remediation, FileFormat::Csv).await
}

async fn table_file(
    State(state): State<AppState>,
    PathParams(id): PathParams<i64>,
    QueryParams(params): QueryParams<LangParams>,
    table: Table,
    format: FileFormat,
) -> Result<Response, ApiError> {
    let lang = language(params.lang.as_deref())?;
    let bytes = tables::export(&state.store, &state.library, id, table, format, lang)
        .await
        .map_err(exchange_error)?;
    let media_type = match format {
        FileFormat::Xlsx => XLSX_TYPE,
        FileFormat::Csv => CSV_TYPE,
    };
    Ok(attachment(
        bytes,
        media_type,
        &tables::file_name(id, table, format),
    ))
}

#[utoipa::path(get, path = "/api/assessments/{id}/export/oscal-ar.json", tag = "exchange",
    summary = "The assessment as OSCAL 1.1.2 assessment results (JSON)",
    description = "One result with a finding per question that applies to the profile and is not answered 不适用 (`satisfied` for 符合, `not-satisfied` otherwise, the answer in a property), observations from answer notes and evidence (with the SHA-256 of each), and a risk per gap with its priority and remediation. The other questions are listed in `exclude-controls`. Control ids are those of `…/export/oscal-catalog.json` in the same language, whose UUID the metadata names (`catalog-uuid`). The same assessment gives the same bytes.",
    params(("id" = i64, Path), ("lang" = Option<Lang>, Query, description = "Titles and labels; `zh-CN` when absent")),
    responses(
        (status = 200, description = "The document, as an attachment", content_type = "application/json", body = Object),
        (status = 400, description = "`bad_request`: `lang` is not `zh-CN` or `en`; `invalid_query`"),
        (status = 404, description = "`not_found`: no such assessment"),
        (status = 409, description = "`questionnaire_unavailable`; `unscorable`: the stored answers cannot be scored"),
    ))]
pub async fn oscal_results(
    state: State<AppState>,
    id: PathParams<i64>,
    params: QueryParams<LangParams>,
) -> Result<Response, ApiError> {
    oscal_file(state, id, params, Document::AssessmentResults).await
}

#[utoipa::path(get, path = "/api/assessments/{id}/export/oscal-catalog.json", tag = "exchange",
    summary = "The questionnaire version of the assessment as an OSCAL 1.1.2 catalog (JSON)",
    description = "Groups are the domains, controls the questions (statement, guidance, expected evidence, remediation as parts; weight, critical, applicability and every cited article as properties, the instruments in the back matter). It is the version the assessment is pinned to, the one `…/export/oscal-ar.json` references.",
    params(("id" = i64, Path), ("lang" = Option<Lang>, Query, description = "Titles and texts; `zh-CN` when absent")),
    responses(
        (status = 200, description = "The document, as an attachment", content_type = "application/json", body = Object),
        (status = 400, description = "`bad_request`: `lang` is not `zh-CN` or `en`; `invalid_query`"),
        (status = 404, description = "`not_found`: no such assessment"),
        (status = 409, description = "`questionnaire_unavailable`"),
    ))]
pub async fn oscal_catalog(
    state: State<AppState>,
    id: PathParams<i64>,
    params: QueryParams<LangParams>,
) -> Result<Response, ApiError> {
    oscal_file(state, id, params, Document::Catalog).await
}

async fn oscal_file(
    State(state): State<AppState>,
    PathParams(id): PathParams<i64>,
    QueryParams(params): QueryParams<LangParams>,
    document: Document,
) -> Result<Response, ApiError> {
    let lang = language(params.lang.as_deref())?;
    let bytes = oscal::export(&state.store, &state.library, id, document, lang)
        .await
        .map_err(exchange_error)?;
    Ok(attachment(
        bytes,
        oscal::JSON_TYPE,
        &oscal::file_name(id, document),
    ))
}

#[utoipa::path(get, path = "/api/assessments/{id}/workbook.xlsx", tag = "exchange",
    summary = "The fill-in workbook: the questions to answer offline and upload back",
    params(
        ("id" = i64, Path),
        ("lang" = Option<Lang>, Query, description = "The workbook's language (headers, texts, the answers of the drop-down); `zh-CN` when absent"),
        ("domain" = Option<String>, Query, description = "One domain's questions only (a domain id of the assessment's questionnaire); every domain when absent"),
    ),
    responses(
        (status = 200, description = "The workbook, as an attachment: a protected sheet per domain in which only the answer, N/A reason and note cells can be edited", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
        (status = 400, description = "`bad_request`: `lang` is not `zh-CN` or `en`; `invalid_query`"),
        (status = 404, description = "`not_found`: no such assessment; `unknown_domain`: the questionnaire has no domain `domain`"),
        (status = 409, description = "`questionnaire_unavailable`"),
    ))]
pub async fn workbook_file(
    State(state): State<AppState>,
    PathParams(id): PathParams<i64>,
    QueryParams(params): QueryParams<WorkbookParams>,
) -> Result<Response, ApiError> {
    let options = WorkbookOptions {
        lang: language(params.lang.as_deref())?,
        domain: params.domain,
    };
    let bytes = workbook::fill_in(&state.store, &state.library, id, &options)
        .await
        .map_err(exchange_error)?;
    Ok(attachment(bytes, XLSX_TYPE, &workbook::file_name(id)))
}

/// The upload form in the API document: one field, `file`, the workbook.
pub struct WorkbookForm;

impl utoipa::PartialSchema for WorkbookForm {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::Type;
        use utoipa::openapi::schema::{
            AdditionalProperties, KnownFormat, ObjectBuilder, SchemaFormat,
        };
        let file = ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Binary)))
            .description(Some(format!(
                "The fill-in workbook of this assessment (`GET …/workbook.xlsx`), answered; at \
                 most {}.",
                human_size(WORKBOOK_LIMIT)
            )));
        ObjectBuilder::new()
            .schema_type(Type::Object)
            .additional_properties(Some(AdditionalProperties::FreeForm(false)))
            .property("file", file)
            .required("file")
            .into()
    }
}

impl utoipa::ToSchema for WorkbookForm {}

#[utoipa::path(post, path = "/api/assessments/{id}/workbook/preview", tag = "exchange",
    summary = "What an answered fill-in workbook would change; changes nothing",
    params(("id" = i64, Path), ("lang" = Option<Lang>, Query, description = "The language of the error messages; `zh-CN` when absent"), Actor),
    request_body(content = WorkbookForm, content_type = "multipart/form-data"),
    responses(
        (status = 200, description = "The changes, the conflicts (rows also changed in Ziping since the download, with both values) and every error, named by sheet and cell", body = Plan),
        (status = 400, description = "`bad_request`: `lang` is not `zh-CN` or `en`, or a field other than `file`; `invalid_query`"),
        (status = 404, description = "`not_found`: no such assessment"),
        (status = 409, description = "`read_only` when approved or archived; `questionnaire_unavailable`"),
        (status = 413, description = "`too_large`: the file exceeds the limit"),
        (status = 422, description = "`file_required`; `invalid_workbook`: not an XLSX file, or not this assessment's fill-in workbook"),
    ))]
pub async fn preview(
    State(state): State<AppState>,
    PathParams(id): PathParams<i64>,
    QueryParams(params): QueryParams<LangParams>,
    Actor(_actor): Actor,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Json<Plan>, ApiError> {
    let lang = language(params.lang.as_deref())?;
    let bytes = workbook_upload(multipart).await?;
    let pinned = load(&state.store, &state.library, id)
        .await
        .map_err(exchange_error)?;
    refuse_read_only(&pinned.assessment)?;
    let plan = workbook::plan(&pinned, &bytes, lang).map_err(upload_error)?;
    Ok(Json(plan))
}

/// What applying a workbook did.
#[derive(Serialize, ToSchema)]
pub struct Applied {
    /// Every answer saved, with its new revision.
    pub saved: Vec<StoredAnswer>,
    /// How many of them overwrote a change made in Ziping after the download.
    pub overwritten: usize,
    /// Rows that changed nothing.
    pub unchanged: usize,
}

#[utoipa::path(post, path = "/api/assessments/{id}/workbook/apply", tag = "exchange",
    summary = "Applies an answered fill-in workbook, all or nothing",
    description = "Every row is checked as for the preview; the file is applied only when it has no error and, unless `overwrite_conflicts` is true, no conflict. The answers are saved in one transaction through the answer save path: each revision goes up by one, each change is an audit event of the uploader, carried-over marks are cleared.",
    params(
        ("id" = i64, Path),
        ("lang" = Option<Lang>, Query, description = "The language of the error messages; `zh-CN` when absent"),
        ("overwrite_conflicts" = Option<bool>, Query, description = "Save the file's answer also where the answer was changed in Ziping after the download; without it such rows refuse the whole file"),
        Actor,
    ),
    request_body(content = WorkbookForm, content_type = "multipart/form-data"),
    responses(
        (status = 200, description = "Applied", body = Applied),
        (status = 400, description = "`bad_request`: `lang` is not `zh-CN` or `en`, or a field other than `file`; `invalid_query`"),
        (status = 404, description = "`not_found`: no such assessment"),
        (status = 409, description = "`read_only` when approved or archived; `workbook_conflicts` (with the conflicts in `current`) when rows were changed in Ziping after the download and `overwrite_conflicts` is not true; `conflict` when an answer changed while the file was being applied; `questionnaire_unavailable`"),
        (status = 413, description = "`too_large`: the file exceeds the limit"),
        (status = 422, description = "`file_required`; `invalid_workbook`: not an XLSX file, not this assessment's fill-in workbook, or rows with errors (named by sheet and cell, all listed in `current`)"),
    ))]
pub async fn apply(
    State(state): State<AppState>,
    PathParams(id): PathParams<i64>,
    QueryParams(params): QueryParams<ApplyParams>,
    Actor(actor): Actor,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Json<Applied>, ApiError> {
    let lang = language(params.lang.as_deref())?;
    let bytes = workbook_upload(multipart).await?;
    let pinned = load(&state.store, &state.library, id)
        .await
        .map_err(exchange_error)?;
    refuse_read_only(&pinned.assessment)?;
    let plan = workbook::plan(&pinned, &bytes, lang).map_err(upload_error)?;
    if !plan.valid {
        let listed: Vec<&str> = plan.errors.iter().map(|e| e.message.as_str()).collect();
        return Err(ApiError::Coded {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: ErrorCode::InvalidWorkbook,
            message: match lang {
                Lang::Zh => format!(
                    "工作簿有 {} 处错误，未作任何更改：{}",
                    listed.len(),
                    listed.join("；")
                ),
                Lang::En => format!(
                    "The workbook has {} errors; nothing was changed: {}",
                    listed.len(),
                    listed.join("; ")
                ),
            },
            current: serde_json::to_value(&plan.errors).ok(),
        });
    }
    let overwrite = params.overwrite_conflicts.unwrap_or(false);
    if !plan.conflicts.is_empty() && !overwrite {
        let cells: Vec<&str> = plan.conflicts.iter().map(|c| c.cell.as_str()).collect();
        return Err(ApiError::Coded {
            status: StatusCode::CONFLICT,
            code: ErrorCode::WorkbookConflicts,
            message: match lang {
                Lang::Zh => format!(
                    "下载后有 {} 个答案在自评中被修改（{}），未作任何更改；确认覆盖后再应用，或重新下载工作簿。",
                    cells.len(),
                    cells.join("、")
                ),
                Lang::En => format!(
                    "{} answers were changed in Ziping after the download ({}); nothing was changed. Apply with `overwrite_conflicts=true` to overwrite them, or download the workbook again.",
                    cells.len(),
                    cells.join(", ")
                ),
            },
            current: serde_json::to_value(&plan.conflicts).ok(),
        });
    }
    let input = |value, na_reason, note| AnswerInput {
        value,
        na_reason,
        note,
    };
    let mut batch: Vec<BatchAnswer> = plan
        .changes
        .iter()
        .map(|c| BatchAnswer {
            question: c.question_id.clone(),
            input: input(
                c.after.value,
                c.after.na_reason.clone(),
                c.after.note.clone(),
            ),
            revision: c.before.as_ref().map_or(0, |a| a.revision),
        })
        .collect();
    batch.extend(plan.conflicts.iter().map(|c| BatchAnswer {
        question: c.question_id.clone(),
        input: input(c.file.value, c.file.na_reason.clone(), c.file.note.clone()),
        revision: c.current.as_ref().map_or(0, |a| a.revision),
    }));
    let saved = state.store.save_answers(id, batch, actor).await?;
    Ok(Json(Applied {
        saved,
        overwritten: plan.conflicts.len(),
        unchanged: plan.unchanged,
    }))
}

fn refuse_read_only(assessment: &crate::store::model::Assessment) -> Result<(), ApiError> {
    if assessment.status.is_read_only() {
        return Err(StoreError::ReadOnly {
            id: assessment.id,
            status: assessment.status,
        }
        .into());
    }
    Ok(())
}

/// The bytes of the one `file` field of an upload.
async fn workbook_upload(
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Vec<u8>, ApiError> {
    let mut multipart = multipart.map_err(|_| {
        ApiError::coded(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::UnsupportedMediaType,
            "Send the workbook as `multipart/form-data` in the field `file`.",
        )
    })?;
    let mut file: Option<Vec<u8>> = None;
    while let Some(field) = multipart.next_field().await.map_err(multipart_error)? {
        match field.name() {
            Some("file") if file.is_none() => {
                file = Some(field.bytes().await.map_err(multipart_error)?.to_vec());
            }
            Some("file") => {
                return Err(ApiError::BadRequest(
                    "Send one workbook per upload.".to_owned(),
                ));
            }
            other => {
                return Err(ApiError::BadRequest(format!(
                    "The upload has a field `{}` Ziping does not know; send the workbook in \
                     the field `file`.",
                    other.unwrap_or_default()
                )));
            }
        }
    }
    match file {
        Some(bytes) if bytes.len() > WORKBOOK_LIMIT => Err(too_large()),
        Some(bytes) => Ok(bytes),
        None => Err(ApiError::invalid(
            ErrorCode::FileRequired,
            "Send the workbook in the field `file`.",
        )),
    }
}

fn multipart_error(error: MultipartError) -> ApiError {
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return too_large();
    }
    ApiError::coded(
        StatusCode::BAD_REQUEST,
        ErrorCode::MalformedMultipart,
        format!(
            "The upload could not be read: {}",
            capitalise(&error.body_text())
        ),
    )
}

fn too_large() -> ApiError {
    ApiError::coded(
        StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::TooLarge,
        format!(
            "The workbook is larger than the limit of {}.",
            human_size(WORKBOOK_LIMIT)
        ),
    )
}

fn exchange_error(error: ExchangeError) -> ApiError {
    match error {
        ExchangeError::Store(e) => e.into(),
        e @ ExchangeError::QuestionnaireUnavailable { .. } => ApiError::coded(
            StatusCode::CONFLICT,
            ErrorCode::QuestionnaireUnavailable,
            capitalise(&e.to_string()),
        ),
        e @ ExchangeError::Unscorable(_) => ApiError::coded(
            StatusCode::CONFLICT,
            ErrorCode::Unscorable,
            capitalise(&e.to_string()),
        ),
        e @ ExchangeError::UnknownDomain { .. } => ApiError::coded(
            StatusCode::NOT_FOUND,
            ErrorCode::UnknownDomain,
            capitalise(&e.to_string()),
        ),
        e @ (ExchangeError::Xlsx(_) | ExchangeError::Oscal(_)) => {
            ApiError::Internal(anyhow::Error::new(e))
        }
    }
}

fn upload_error(error: UploadError) -> ApiError {
    match error {
        UploadError::NotAWorkbook(message) => {
            ApiError::invalid(ErrorCode::InvalidWorkbook, message)
        }
        UploadError::Exchange(e) => exchange_error(e),
    }
}

/// A file download.
fn attachment(bytes: Vec<u8>, media_type: &'static str, file_name: &str) -> Response {
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(media_type));
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}
