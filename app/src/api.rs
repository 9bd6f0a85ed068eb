//! The client of the server's JSON API (the contract is the endpoint table in ARCHITECTURE.md).
//! Every request of the front end goes through here: every change carries the local user name
//! in `X-Ziping-User`, every request the access token when the server needs one, and every
//! failure becomes an `ApiError` that says whether trying again can help (network down, server
//! error) and carries the server's `current` value on a conflict.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use gloo_net::http::{Request, RequestBuilder, Response};
pub use questionnaires::compare::{Trend, TrendCycle, TrendSeries};
use questionnaires::contract::ErrorBody;
pub use questionnaires::contract::{
    AuditAction, AuditEntity, ErrorCode, RemediationStatus, Status,
};
use questionnaires::score::Score;
use questionnaires::upgrade::UpgradePlan;
use questionnaires::{
    AnswerValue, Catalog, Comparison, Profile, QuestionId, Questionnaire, Subject, SubjectKind,
    Text,
};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::local;
use wasm_bindgen::JsCast;

/// `GET /api/health`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Health {
    pub name: String,
    pub version: String,
    pub questionnaires: usize,
}

/// One entry of `GET /api/questionnaires`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct QuestionnaireSummary {
    pub id: String,
    pub version: String,
    pub title: Text,
    pub effective: String,
    /// What it assesses and for whom; empty when the content says nothing.
    #[serde(default)]
    pub scope: Text,
    /// Whether each assessment covers one App (and names it).
    #[serde(default)]
    pub subject: SubjectKind,
    pub domains: usize,
    pub questions: usize,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Organization {
    pub id: i64,
    pub name: String,
    pub uscc: String,
    #[serde(default)]
    pub industry: String,
    #[serde(default)]
    pub region: String,
    pub created_at: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NewOrganization {
    pub name: String,
    pub uscc: String,
    pub industry: String,
    pub region: String,
}

/// The organization as an assessment summary names it.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct OrganizationRef {
    pub id: i64,
    pub name: String,
}

/// The class of a status badge.
pub fn status_css(status: Status) -> &'static str {
    match status {
        Status::Draft => "status status-draft",
        Status::Submitted => "status status-submitted",
        Status::Approved => "status status-approved",
        Status::Archived => "status status-archived",
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Readiness {
    Ready,
    LargelyReady,
    NotReady,
}

/// One entry of `GET /api/assessments`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct AssessmentSummary {
    pub id: i64,
    pub organization: OrganizationRef,
    pub questionnaire_id: String,
    pub questionnaire_version: String,
    pub cycle: String,
    /// The App assessed; `None` for the whole organization.
    #[serde(default)]
    pub subject: Option<Subject>,
    pub status: Status,
    pub score: Option<f64>,
    pub readiness: Option<Readiness>,
    pub completion: Option<f64>,
    pub updated_at: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NewAssessment {
    pub organization_id: i64,
    pub questionnaire_id: String,
    pub cycle: String,
    /// The App to assess, checked here with the server's own rules.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<Subject>,
    /// An earlier assessment to start from (the next review cycle).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub carry_from: Option<i64>,
}

/// The earlier review cycle an assessment was carried forward from.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct CarriedFrom {
    pub id: i64,
    pub cycle: String,
}

/// `GET /api/assessments/{id}`: everything the wizard needs in one response.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Assessment {
    pub id: i64,
    pub organization: Organization,
    pub questionnaire_id: String,
    pub questionnaire_version: String,
    pub cycle: String,
    /// The App assessed; `None` for the whole organization.
    #[serde(default)]
    pub subject: Option<Subject>,
    pub status: Status,
    #[serde(default)]
    pub carried_from: Option<CarriedFrom>,
    #[serde(default)]
    pub profile: Profile,
    #[serde(default)]
    pub profile_revision: i64,
    #[serde(default)]
    pub answers: BTreeMap<QuestionId, StoredAnswer>,
    #[serde(default)]
    pub evidence: Vec<Evidence>,
    #[serde(default)]
    pub remediation: BTreeMap<QuestionId, Remediation>,
    pub created_at: String,
    pub updated_at: String,
}

/// One event of the audit log.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct AuditEvent {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub entity: AuditEntity,
    pub entity_id: String,
    pub action: AuditAction,
    #[serde(default)]
    pub before: serde_json::Value,
    #[serde(default)]
    pub after: serde_json::Value,
    pub hash: String,
}

/// The audit chain as the server verified it.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Verification {
    pub ok: bool,
    pub events: i64,
    pub first_broken: Option<BrokenLink>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct BrokenLink {
    pub id: i64,
    pub reason: String,
}

/// An answer as the server holds it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredAnswer {
    pub question_id: QuestionId,
    pub value: AnswerValue,
    #[serde(default)]
    pub na_reason: Option<String>,
    #[serde(default)]
    pub note: String,
    pub revision: i64,
    pub updated_at: String,
    pub updated_by: String,
    /// As carried over from the previous cycle, not saved since.
    #[serde(default)]
    pub carried: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AnswerUpdate {
    pub value: AnswerValue,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub na_reason: Option<String>,
    pub note: String,
    /// The revision the change is based on; 0 for a question not answered before.
    pub revision: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProfileUpdate {
    pub profile: Profile,
    pub revision: i64,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    File,
    Note,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Evidence {
    pub id: i64,
    pub question_id: QuestionId,
    pub kind: EvidenceKind,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub media_type: Option<String>,
    #[serde(default)]
    pub size: Option<u64>,
    #[serde(default)]
    pub sha256: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    pub created_at: String,
    pub created_by: String,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Remediation {
    pub question_id: QuestionId,
    #[serde(default)]
    pub owner: String,
    #[serde(default)]
    pub due_date: Option<String>,
    #[serde(default)]
    pub status: RemediationStatus,
    #[serde(default)]
    pub comment: String,
    pub updated_at: String,
    pub updated_by: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RemediationUpdate {
    pub owner: String,
    pub due_date: Option<String>,
    pub status: RemediationStatus,
    pub comment: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
struct StatusChange<'a> {
    to: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
}

/// `GET /api/assessments/{id}/upgrade`: whether a newer version of the assessment's
/// questionnaire is loaded, and what upgrading to it would do.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct UpgradeOffer {
    pub questionnaire_id: String,
    pub current_version: String,
    /// Equal to `current_version` when there is nothing newer.
    pub latest_version: String,
    pub status: Status,
    /// To send back with the upgrade: it is refused if the assessment changed since.
    pub revision: i64,
    /// `None` when the assessment is on the newest version.
    #[serde(default)]
    pub plan: Option<UpgradePlan>,
    /// The question text of every id the plan names.
    #[serde(default)]
    pub titles: BTreeMap<String, Text>,
}

impl UpgradeOffer {
    /// The newer version, when there is one.
    pub fn newer(&self) -> Option<&str> {
        self.plan.as_ref().map(|_| self.latest_version.as_str())
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
struct UpgradeBody<'a> {
    to_version: &'a str,
    revision: i64,
}

/// What went wrong with a request, in words fit for the user.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiError {
    /// The HTTP status; `None` when no response arrived (server stopped, network down).
    pub status: Option<u16>,
    /// The server's error code; `None` when no error body arrived (no answer, or one that is
    /// not Ziping's).
    pub code: Option<ErrorCode>,
    pub message: String,
    /// The server's current value on a 409 conflict.
    pub current: Option<serde_json::Value>,
}

impl ApiError {
    /// Whether sending the same request again later may succeed: no answer at all, or a server
    /// side failure. A 4xx answer means the request itself must change.
    pub fn is_transient(&self) -> bool {
        match self.status {
            None => true,
            Some(s) => s >= 500 || s == 408 || s == 429,
        }
    }

    /// A stale revision: someone else saved first. The server sends its current value.
    pub fn is_conflict(&self) -> bool {
        self.status == Some(409) && self.code == Some(ErrorCode::Conflict)
    }

    fn network(error: gloo_net::Error) -> ApiError {
        ApiError {
            status: None,
            code: None,
            message: error.to_string(),
            current: None,
        }
    }
}

thread_local! {
    /// Called when the server asks for its access token (401), so the shell can ask the user.
    static ON_UNAUTHORIZED: RefCell<Option<Rc<dyn Fn()>>> = const { RefCell::new(None) };
}

/// Registers what to do when the server refuses a request for want of its access token.
pub fn on_unauthorized(hook: impl Fn() + 'static) {
    ON_UNAUTHORIZED.with(|h| *h.borrow_mut() = Some(Rc::new(hook)));
}

pub async fn health() -> Result<Health, ApiError> {
    get("/api/health").await
}

pub async fn questionnaires() -> Result<Vec<QuestionnaireSummary>, ApiError> {
    get("/api/questionnaires").await
}

/// The questionnaire an assessment is pinned to. The version is asked for; the caller checks
/// what came back, since a server that keeps one version answers with its latest.
pub async fn questionnaire(id: &str, version: &str) -> Result<Questionnaire, ApiError> {
    get(&format!(
        "/api/questionnaires/{}?version={}",
        encode(id),
        encode(version)
    ))
    .await
}

pub async fn regulations() -> Result<Catalog, ApiError> {
    get("/api/regulations").await
}

pub async fn organizations() -> Result<Vec<Organization>, ApiError> {
    get("/api/organizations").await
}

pub async fn create_organization(new: &NewOrganization) -> Result<Organization, ApiError> {
    send_json(Request::post("/api/organizations"), new).await
}

/// Replaces an organization's name, code, industry and region.
pub async fn update_organization(
    id: i64,
    changed: &NewOrganization,
) -> Result<Organization, ApiError> {
    send_json(Request::put(&format!("/api/organizations/{id}")), changed).await
}

pub async fn assessments() -> Result<Vec<AssessmentSummary>, ApiError> {
    get("/api/assessments").await
}

pub async fn create_assessment(new: &NewAssessment) -> Result<Assessment, ApiError> {
    send_json(Request::post("/api/assessments"), new).await
}

/// `GET /api/assessments/{id}/audit`: the assessment's audit log, oldest first.
pub async fn audit_events(id: i64) -> Result<Vec<AuditEvent>, ApiError> {
    get(&format!("/api/assessments/{id}/audit")).await
}

/// `GET /api/audit/verify`: the whole hash chain checked by the server.
pub async fn verify_audit() -> Result<Verification, ApiError> {
    get("/api/audit/verify").await
}

pub async fn assessment(id: i64) -> Result<Assessment, ApiError> {
    get(&format!("/api/assessments/{id}")).await
}

pub async fn put_profile(id: i64, update: &ProfileUpdate) -> Result<ProfileUpdate, ApiError> {
    send_json(
        Request::put(&format!("/api/assessments/{id}/profile")),
        update,
    )
    .await
}

pub async fn put_answer(
    id: i64,
    question: &QuestionId,
    update: &AnswerUpdate,
) -> Result<StoredAnswer, ApiError> {
    let url = format!(
        "/api/assessments/{id}/answers/{}",
        encode(question.as_str())
    );
    send_json(Request::put(&url), update).await
}

pub async fn score(id: i64) -> Result<Score, ApiError> {
    get(&format!("/api/assessments/{id}/score")).await
}

/// `GET /api/organizations/{id}/trend`.
pub async fn trend(organization: i64) -> Result<Trend, ApiError> {
    get(&format!("/api/organizations/{organization}/trend")).await
}

/// `GET /api/assessments/{id}/compare?with=OTHER`: what changed from the earlier of the two
/// cycles (the one created first) to the later, overdue remediation as of today.
pub async fn compare(id: i64, with: i64) -> Result<Comparison, ApiError> {
    get(&format!("/api/assessments/{id}/compare?with={with}")).await
}

pub async fn set_status(id: i64, to: Status, reason: Option<&str>) -> Result<Assessment, ApiError> {
    send_json(
        Request::post(&format!("/api/assessments/{id}/status")),
        &StatusChange { to, reason },
    )
    .await
}

/// What upgrading the assessment to the newest version of its questionnaire would do.
pub async fn upgrade_offer(id: i64) -> Result<UpgradeOffer, ApiError> {
    get(&format!("/api/assessments/{id}/upgrade")).await
}

/// Moves a draft to version `to` of its questionnaire, as seen at `revision`.
pub async fn upgrade(id: i64, to: &str, revision: i64) -> Result<Assessment, ApiError> {
    send_json(
        Request::post(&format!("/api/assessments/{id}/upgrade")),
        &UpgradeBody {
            to_version: to,
            revision,
        },
    )
    .await
}

/// Uploads a file as evidence for a question (multipart: `question_id`, `file`).
pub async fn upload_evidence(
    id: i64,
    question: &QuestionId,
    file: &web_sys::File,
) -> Result<Evidence, ApiError> {
    let form = web_sys::FormData::new().map_err(js_error)?;
    form.append_with_blob_and_filename("file", file, &file.name())
        .map_err(js_error)?;
    post_evidence(id, question, form).await
}

/// Attaches a written note to a question as evidence.
pub async fn add_evidence_note(
    id: i64,
    question: &QuestionId,
    note: &str,
) -> Result<Evidence, ApiError> {
    let form = web_sys::FormData::new().map_err(js_error)?;
    form.append_with_str("note", note).map_err(js_error)?;
    post_evidence(id, question, form).await
}

async fn post_evidence(
    id: i64,
    question: &QuestionId,
    form: web_sys::FormData,
) -> Result<Evidence, ApiError> {
    form.append_with_str("question_id", question.as_str())
        .map_err(js_error)?;
    // No Content-Type header: the browser sets multipart/form-data with its boundary.
    let request = with_user(with_token(Request::post(&format!(
        "/api/assessments/{id}/evidence"
    ))))
    .body(form)
    .map_err(ApiError::network)?;
    let response = request.send().await.map_err(ApiError::network)?;
    read(response).await
}

/// The download address of an evidence file: a plain link, unless the server needs its token
/// (see [`download_evidence`]).
pub fn evidence_url(id: i64, evidence: i64) -> String {
    format!("/api/assessments/{id}/evidence/{evidence}")
}

/// Whether requests carry an access token; links cannot, so downloads then go through
/// [`download`].
pub fn has_token() -> bool {
    !local::access_token().is_empty()
}

/// The address of a file of the assessment under `/api/assessments/{id}/`: `path` and, when
/// given, the query (already encoded).
pub fn assessment_file_url(id: i64, path: &str, query: &str) -> String {
    if query.is_empty() {
        format!("/api/assessments/{id}/{path}")
    } else {
        format!("/api/assessments/{id}/{path}?{query}")
    }
}

/// An answer as a row of the fill-in workbook gives it.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct RowAnswer {
    pub value: AnswerValue,
    #[serde(default)]
    pub na_reason: Option<String>,
    #[serde(default)]
    pub note: String,
}

/// A row of the workbook that changes an answer.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct RowChange {
    /// `Sheet!F12`: the row's answer cell.
    pub cell: String,
    pub question_id: QuestionId,
    /// The answer stored now; `None` when unanswered.
    #[serde(default)]
    pub before: Option<StoredAnswer>,
    pub after: RowAnswer,
}

/// A row changed in the workbook whose answer was also changed in Ziping after the download.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct RowConflict {
    pub cell: String,
    pub question_id: QuestionId,
    pub downloaded_revision: i64,
    /// The answer stored now.
    #[serde(default)]
    pub current: Option<StoredAnswer>,
    /// The answer in the workbook.
    pub file: RowAnswer,
}

/// A cell the server cannot take, with why (in the request's language, starting with the cell).
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct CellError {
    pub cell: String,
    pub message: String,
}

/// `POST /api/assessments/{id}/workbook/preview`: what an uploaded workbook would change.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct WorkbookPlan {
    /// No errors: the file can be applied.
    pub valid: bool,
    pub changes: Vec<RowChange>,
    pub conflicts: Vec<RowConflict>,
    pub errors: Vec<CellError>,
    /// Rows that change nothing.
    pub unchanged: usize,
}

/// `POST /api/assessments/{id}/workbook/apply`: what applying the workbook saved.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct WorkbookApplied {
    pub saved: Vec<StoredAnswer>,
    /// How many of them overwrote a change made in Ziping after the download.
    pub overwritten: usize,
    pub unchanged: usize,
}

/// Sends an answered fill-in workbook to be checked; the server changes nothing.
pub async fn preview_workbook(
    id: i64,
    file: &web_sys::File,
    lang: questionnaires::Lang,
) -> Result<WorkbookPlan, ApiError> {
    let url = format!("/api/assessments/{id}/workbook/preview?lang={}", lang.tag());
    post_workbook(&url, file).await
}

/// Applies an answered fill-in workbook, all or nothing; with `overwrite`, also the rows
/// changed in Ziping since the download.
pub async fn apply_workbook(
    id: i64,
    file: &web_sys::File,
    lang: questionnaires::Lang,
    overwrite: bool,
) -> Result<WorkbookApplied, ApiError> {
    let mut url = format!("/api/assessments/{id}/workbook/apply?lang={}", lang.tag());
    if overwrite {
        url.push_str("&overwrite_conflicts=true");
    }
    post_workbook(&url, file).await
}

async fn post_workbook<T: DeserializeOwned>(
    url: &str,
    file: &web_sys::File,
) -> Result<T, ApiError> {
    let form = web_sys::FormData::new().map_err(js_error)?;
    form.append_with_blob_and_filename("file", file, &file.name())
        .map_err(js_error)?;
    // No Content-Type header: the browser sets multipart/form-data with its boundary.
    let request = with_user(with_token(Request::post(url)))
        .body(form)
        .map_err(ApiError::network)?;
    let response = request.send().await.map_err(ApiError::network)?;
    read(response).await
}

/// What importing an archive created.
#[derive(Clone, Debug, Deserialize)]
pub struct ImportedArchive {
    pub assessment_id: i64,
}

/// Sends an archive file to be imported as a new assessment.
pub async fn import_archive(file: &web_sys::File) -> Result<ImportedArchive, ApiError> {
    let request = with_user(with_token(Request::post("/api/archives")))
        .header("Content-Type", "application/octet-stream")
        .body(wasm_bindgen::JsValue::from(file.clone()))
        .map_err(ApiError::network)?;
    let response = request.send().await.map_err(ApiError::network)?;
    read(response).await
}

/// Downloads a file with the access token and hands it to the browser under `name`.
pub async fn download(url: &str, name: &str) -> Result<(), ApiError> {
    let response = with_token(Request::get(url))
        .send()
        .await
        .map_err(ApiError::network)?;
    if !response.ok() {
        return Err(error_of(response).await);
    }
    let bytes = response.binary().await.map_err(ApiError::network)?;
    let parts = web_sys::js_sys::Array::of1(&web_sys::js_sys::Uint8Array::from(&bytes[..]));
    let blob = web_sys::Blob::new_with_u8_array_sequence(&parts).map_err(js_error)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(js_error)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| js_error(wasm_bindgen::JsValue::from_str("no document")))?;
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(js_error)?
        .dyn_into()
        .map_err(|_| js_error(wasm_bindgen::JsValue::from_str("not an anchor")))?;
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

pub async fn delete_evidence(id: i64, evidence: i64) -> Result<(), ApiError> {
    let response = with_user(with_token(Request::delete(&evidence_url(id, evidence))))
        .send()
        .await
        .map_err(ApiError::network)?;
    if response.ok() {
        Ok(())
    } else {
        Err(error_of(response).await)
    }
}

pub async fn put_remediation(
    id: i64,
    question: &QuestionId,
    update: &RemediationUpdate,
) -> Result<Remediation, ApiError> {
    let url = format!(
        "/api/assessments/{id}/remediation/{}",
        encode(question.as_str())
    );
    send_json(Request::put(&url), update).await
}

async fn get<T: DeserializeOwned>(url: &str) -> Result<T, ApiError> {
    let response = with_token(Request::get(url))
        .send()
        .await
        .map_err(ApiError::network)?;
    read(response).await
}

async fn send_json<B: Serialize, T: DeserializeOwned>(
    builder: RequestBuilder,
    body: &B,
) -> Result<T, ApiError> {
    let request = with_user(with_token(builder))
        .json(body)
        .map_err(ApiError::network)?;
    let response = request.send().await.map_err(ApiError::network)?;
    read(response).await
}

/// Adds the local user name. Header values must be ISO-8859-1, so a name with other characters
/// (a Chinese name) is sent percent-encoded as UTF-8; the server decodes a value containing `%`.
fn with_user(builder: RequestBuilder) -> RequestBuilder {
    builder.header("X-Ziping-User", &header_value(&local::user_name()))
}

/// Adds the access token, when the user has given one.
fn with_token(builder: RequestBuilder) -> RequestBuilder {
    let token = local::access_token();
    if token.is_empty() {
        builder
    } else {
        builder.header("Authorization", &format!("Bearer {token}"))
    }
}

async fn read<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    if response.ok() {
        let status = response.status();
        response.json::<T>().await.map_err(|e| ApiError {
            status: Some(status),
            code: None,
            message: e.to_string(),
            current: None,
        })
    } else {
        Err(error_of(response).await)
    }
}

async fn error_of(response: Response) -> ApiError {
    let status = response.status();
    if status == 401 {
        let hook = ON_UNAUTHORIZED.with(|h| h.borrow().clone());
        if let Some(hook) = hook {
            hook();
        }
    }
    match response.json::<ErrorBody>().await {
        Ok(body) => ApiError {
            status: Some(status),
            code: Some(body.error.code),
            message: body.error.message,
            current: body.error.current,
        },
        Err(_) => ApiError {
            status: Some(status),
            code: None,
            message: format!("HTTP {status} {}", response.status_text()),
            current: None,
        },
    }
}

fn js_error(value: wasm_bindgen::JsValue) -> ApiError {
    ApiError {
        status: None,
        code: None,
        message: value.as_string().unwrap_or_else(|| format!("{value:?}")),
        current: None,
    }
}

/// Percent-encodes everything but unreserved URL characters (RFC 3986).
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for byte in s.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The user name as a header value: unchanged when it is printable ASCII without `%`,
/// otherwise percent-encoded.
pub fn header_value(name: &str) -> String {
    if name.bytes().all(|b| (0x20..0x7f).contains(&b) && b != b'%') {
        name.to_owned()
    } else {
        encode(name)
    }
}
