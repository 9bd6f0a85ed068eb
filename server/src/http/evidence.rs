//! `/api/assessments/{id}/evidence`: attaching a note or a file to a question (multipart),
//! downloading a file, and removing a piece of evidence. Files are limited in size and to an
//! allow-list of types, checked by extension and by their first bytes; the name a file was
//! uploaded with is kept for display and the download, never used as a path.

use axum::body::Body;
use axum::extract::multipart::MultipartError;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use questionnaires::contract::ErrorCode;

use super::assessments::{NOTE_MAX, require_question};
use super::error::capitalise;
use super::extract::{Actor, PathParams, human_size};
use super::schema::{self, KnownQuestionId};
use super::{ApiError, AppState};
use crate::domain::{TextError, bounded};
use crate::store::model::Evidence;
use crate::store::{NewEvidence, UploadError};
use questionnaires::contract::limits::EVIDENCE_NAME_MAX as NAME_MAX;

/// The largest evidence file, in bytes.
pub const UPLOAD_LIMIT: usize = 20 * 1024 * 1024;
/// The upload's body may exceed the file by this much: part headers, the question id, a note.
const MULTIPART_OVERHEAD: usize = 64 * 1024;
/// Bytes of a file's start kept for the type check.
const HEAD: usize = 8192;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/assessments/{id}/evidence",
            post(upload).layer(DefaultBodyLimit::max(UPLOAD_LIMIT + MULTIPART_OVERHEAD)),
        )
        .route(
            "/assessments/{id}/evidence/{evidence}",
            get(download).delete(remove),
        )
}

/// A file type on the allow-list.
struct FileType {
    extensions: &'static [&'static str],
    media_type: &'static str,
    magic: Magic,
}

/// How a file's first bytes must look for its extension.
enum Magic {
    /// Starts with one of these.
    Prefix(&'static [&'static [u8]]),
    /// Text: no NUL byte in the first kilobytes.
    Text,
}

const ZIP: &[&[u8]] = &[b"PK\x03\x04", b"PK\x05\x06"];
const OLE: &[&[u8]] = &[b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"];

const FILE_TYPES: &[FileType] = &[
    FileType {
        extensions: &["pdf"],
        media_type: "application/pdf",
        magic: Magic::Prefix(&[b"%PDF-"]),
    },
    FileType {
        extensions: &["png"],
        media_type: "image/png",
        magic: Magic::Prefix(&[b"\x89PNG\r\n\x1a\n"]),
    },
    FileType {
        extensions: &["jpg", "jpeg"],
        media_type: "image/jpeg",
        magic: Magic::Prefix(&[b"\xFF\xD8\xFF"]),
    },
    FileType {
        extensions: &["docx"],
        media_type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        magic: Magic::Prefix(ZIP),
    },
    FileType {
        extensions: &["xlsx"],
        media_type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        magic: Magic::Prefix(ZIP),
    },
    FileType {
        extensions: &["pptx"],
        media_type: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        magic: Magic::Prefix(ZIP),
    },
    FileType {
        extensions: &["doc"],
        media_type: "application/msword",
        magic: Magic::Prefix(OLE),
    },
    FileType {
        extensions: &["xls"],
        media_type: "application/vnd.ms-excel",
        magic: Magic::Prefix(OLE),
    },
    FileType {
        // 版式文档 (GB/T 33190), common for official documents in China; a zip package.
        extensions: &["ofd"],
        media_type: "application/ofd",
        magic: Magic::Prefix(ZIP),
    },
    FileType {
        extensions: &["zip"],
        media_type: "application/zip",
        magic: Magic::Prefix(ZIP),
    },
    FileType {
        extensions: &["txt", "log"],
        media_type: "text/plain",
        magic: Magic::Text,
    },
    FileType {
        extensions: &["csv"],
        media_type: "text/csv",
        magic: Magic::Text,
    },
    FileType {
        extensions: &["md"],
        media_type: "text/markdown",
        magic: Magic::Text,
    },
];

fn allowed_extensions() -> String {
    FILE_TYPES
        .iter()
        .flat_map(|t| t.extensions.iter().copied())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The upload form in the API document: the question, and a file, a note that is not blank, or
/// both. (Written with `minProperties` rather than `anyOf`, which keeps the rule plain to
/// clients and to Schemathesis, whose negative cases mutate one `anyOf` branch as if the others
/// did not exist.)
pub struct EvidenceForm;

impl utoipa::PartialSchema for EvidenceForm {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::ToSchema;
        use utoipa::openapi::schema::{
            AdditionalProperties, KnownFormat, ObjectBuilder, SchemaFormat,
        };
        use utoipa::openapi::{Ref, Type};
        let file = ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Binary)))
            .min_length(Some(1))
            .description(Some(format!(
                "A file of at most {}, named with one of the extensions {} (any case), whose \
                 first bytes match its type (e.g. `%PDF-` for a PDF); the name is kept for the \
                 download.",
                human_size(UPLOAD_LIMIT),
                allowed_extensions()
            )));
        // Any other field is refused (400), so the form has no others.
        let fields = ObjectBuilder::new()
            .schema_type(Type::Object)
            .additional_properties(Some(AdditionalProperties::FreeForm(false)))
            .property(
                "question_id",
                Ref::from_schema_name(KnownQuestionId::name()),
            )
            .required("question_id")
            .property(
                "note",
                schema::required_text(NOTE_MAX).description(Some(
                    "A note, or a description of the file; not blank when sent, stored trimmed.",
                )),
            )
            .property("file", file)
            // `question_id` and at least one of `file` and `note`.
            .min_properties(Some(2));
        fields.into()
    }
}

impl utoipa::ToSchema for EvidenceForm {}

fn file_type(name: &str) -> Result<&'static FileType, ApiError> {
    let extension = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    FILE_TYPES
        .iter()
        .find(|t| t.extensions.contains(&extension.as_str()))
        .ok_or_else(|| {
            ApiError::coded(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                ErrorCode::UnsupportedType,
                format!(
                    "“{name}” is not a type Ziping keeps as evidence. Allowed: {}.",
                    allowed_extensions()
                ),
            )
        })
}

fn check_content(name: &str, kind: &FileType, head: &[u8]) -> Result<(), ApiError> {
    let ok = match kind.magic {
        Magic::Prefix(prefixes) => prefixes.iter().any(|p| head.starts_with(p)),
        Magic::Text => !head.contains(&0),
    };
    if ok {
        Ok(())
    } else {
        Err(ApiError::coded(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::UnsupportedType,
            format!(
                "“{name}” does not contain what its extension says ({}); export it again or \
                 give it its real extension.",
                kind.media_type
            ),
        ))
    }
}

/// The last component of an uploaded file's name, without control characters.
fn clean_name(raw: &str) -> Result<String, ApiError> {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let name: String = last.chars().filter(|c| !c.is_control()).collect();
    let name = name.trim().to_owned();
    if name.is_empty() || name == "." || name == ".." {
        return Err(ApiError::invalid(
            ErrorCode::FileNameRequired,
            "The file part needs a file name, e.g. `filename=\"制度.pdf\"`.",
        ));
    }
    bounded("file name", &name, NAME_MAX)?;
    Ok(name)
}

fn multipart_error(error: MultipartError) -> ApiError {
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return file_too_large();
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

fn file_too_large() -> ApiError {
    ApiError::coded(
        StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::TooLarge,
        format!(
            "The file is larger than the limit of {}; split it or attach a smaller export.",
            human_size(UPLOAD_LIMIT)
        ),
    )
}

#[utoipa::path(post, path = "/api/assessments/{id}/evidence", tag = "evidence",
    params(("id" = i64, Path), Actor),
    request_body(content = EvidenceForm, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "Created", body = Evidence),
        (status = 400, description = "`bad_request`: a second file, or a field other than `question_id`, `note` and `file`"),
        (status = 404, description = "no such assessment"),
        (status = 409, description = "`read_only` when approved or archived; `questionnaire_unavailable`"),
        (status = 413, description = "`too_large`: the file exceeds the upload limit"),
        (status = 415, description = "`unsupported_type`: the file's extension is not on the allow-list, or its content does not match the extension"),
        (status = 422, description = "`question_required`, `unknown_question`, `evidence_required`, `file_name_required`, `empty_file`, `blank` (a note field with nothing in it), `too_long`"),
    ))]
pub async fn upload(
    State(state): State<AppState>,
    PathParams(id): PathParams<i64>,
    Actor(actor): Actor,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<(StatusCode, Json<Evidence>), ApiError> {
    let mut multipart = multipart.map_err(|_| {
        ApiError::coded(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::UnsupportedMediaType,
            "Send evidence as `multipart/form-data` with the fields `question_id` and `file` or \
             `note`.",
        )
    })?;
    let pinned = state.store.pinned(id).await?;
    let mut question = None;
    let mut note = None;
    let mut file = None;
    while let Some(mut field) = multipart.next_field().await.map_err(multipart_error)? {
        match field.name() {
            Some("question_id") => question = Some(field.text().await.map_err(multipart_error)?),
            Some("note") => note = Some(field.text().await.map_err(multipart_error)?),
            Some("file") => {
                if file.is_some() {
                    return Err(ApiError::BadRequest("Send one file per upload.".to_owned()));
                }
                let name = clean_name(field.file_name().unwrap_or_default())?;
                let kind = file_type(&name)?;
                let mut incoming = state.store.receive_file(UPLOAD_LIMIT as u64).await?;
                let mut head = Vec::with_capacity(HEAD);
                while let Some(chunk) = field.chunk().await.map_err(multipart_error)? {
                    if head.len() < HEAD {
                        let take = (HEAD - head.len()).min(chunk.len());
                        head.extend_from_slice(&chunk[..take]);
                    }
                    incoming.write(&chunk).await.map_err(|e| match e {
                        UploadError::TooLarge { .. } => file_too_large(),
                        UploadError::Io(e) => ApiError::Internal(
                            anyhow::Error::new(e).context("receiving an evidence file"),
                        ),
                    })?;
                }
                if head.is_empty() {
                    return Err(ApiError::invalid(
                        ErrorCode::EmptyFile,
                        format!("“{name}” is empty."),
                    ));
                }
                check_content(&name, kind, &head)?;
                let blob = incoming.finish().await.map_err(|e| {
                    ApiError::Internal(anyhow::Error::new(e).context("saving an evidence file"))
                })?;
                file = Some((name, kind.media_type, blob));
            }
            other => {
                return Err(ApiError::BadRequest(format!(
                    "The upload has a field `{}` Ziping does not know; send `question_id` and \
                     `file` or `note`.",
                    other.unwrap_or_default()
                )));
            }
        }
    }
    let question = question.map(|q| q.trim().to_owned()).unwrap_or_default();
    if question.is_empty() {
        return Err(ApiError::invalid(
            ErrorCode::QuestionRequired,
            "Name the question the evidence belongs to in the field `question_id`.",
        ));
    }
    // The question comes in the form, not the path: an unknown one is invalid input, not a 404.
    require_question(&state.library, &pinned, &question, |message| {
        ApiError::invalid(ErrorCode::UnknownQuestion, message)
    })?;
    if let Some(note) = &note {
        bounded("note", note, NOTE_MAX)?;
    }
    // A note field says something when it is sent; a file without one leaves the field out.
    let blank_note = note.as_deref().is_some_and(|n| n.trim().is_empty());
    let note = note.map(|n| n.trim().to_owned()).unwrap_or_default();
    let new = match file {
        Some(_) if blank_note => return Err(TextError::Blank { field: "note" }.into()),
        Some((name, media_type, blob)) => NewEvidence::File {
            name,
            media_type: media_type.to_owned(),
            blob,
            note,
        },
        None if !note.is_empty() => NewEvidence::Note(note),
        None => {
            return Err(ApiError::invalid(
                ErrorCode::EvidenceRequired,
                "Attach a file in the field `file` or write a note in the field `note`.",
            ));
        }
    };
    let created = state.store.add_evidence(id, question, new, actor).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

#[utoipa::path(get, path = "/api/assessments/{id}/evidence/{evidence}", tag = "evidence",
    params(("id" = i64, Path), ("evidence" = i64, Path)),
    responses(
        (status = 200, description = "The file, with the media type decided at upload and `Content-Disposition: attachment; filename*=UTF-8''…`; for a note, its text (`text/plain; charset=utf-8`, the bytes its `sha256` is of)",
            content_type = "*/*", body = Vec<u8>),
        (status = 404, description = "no such assessment or evidence"),
        (status = 500, description = "`evidence_missing`: the file cannot be read from the data directory"),
    ))]
pub async fn download(
    State(state): State<AppState>,
    PathParams((id, evidence)): PathParams<(i64, i64)>,
) -> Result<Response, ApiError> {
    let (row, path) = state.store.evidence_file(id, evidence).await?;
    // A note is evidence too: what is downloaded is its text, whose SHA-256 the row gives.
    let Some(path) = path else {
        let name = format!("evidence-{evidence}.txt");
        return Ok(attachment(
            row.note.into_bytes(),
            "text/plain; charset=utf-8",
            &name,
        ));
    };
    let bytes = tokio::fs::read(&path).await.map_err(|error| {
        tracing::error!(%error, path = %path.display(), "an evidence file cannot be read");
        ApiError::coded(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::EvidenceMissing,
            format!(
                "The file of evidence {evidence} cannot be read from the data directory; run \
                 `ziping verify` to check the data."
            ),
        )
    })?;
    let media_type = row
        .media_type
        .as_deref()
        .unwrap_or("application/octet-stream");
    let name = row.name.as_deref().unwrap_or("evidence");
    Ok(attachment(bytes, media_type, name))
}

/// A download: the bytes with their media type, to be saved under `name`, never rendered.
fn attachment(bytes: Vec<u8>, media_type: &str, name: &str) -> Response {
    let mut response = Body::from(bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(media_type)
            .unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    if let Ok(value) = HeaderValue::from_str(&content_disposition(name)) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

#[utoipa::path(delete, path = "/api/assessments/{id}/evidence/{evidence}", tag = "evidence",
    params(("id" = i64, Path), ("evidence" = i64, Path), Actor),
    responses(
        (status = 204, description = "Removed; the file goes when no other evidence has the same content"),
        (status = 404, description = "`not_found`"),
        (status = 409, description = "`read_only` when approved or archived"),
    ))]
pub async fn remove(
    State(state): State<AppState>,
    PathParams((id, evidence)): PathParams<(i64, i64)>,
    Actor(actor): Actor,
) -> Result<StatusCode, ApiError> {
    state.store.delete_evidence(id, evidence, actor).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `attachment` with the name twice: an ASCII stand-in for old clients and the exact name
/// percent-encoded per RFC 6266 / RFC 8187.
fn content_disposition(name: &str) -> String {
    let fallback: String = name
        .chars()
        .map(|c| {
            if c == ' ' || (c.is_ascii_graphic() && !matches!(c, '"' | '\\' | '%')) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::new();
    for byte in name.bytes() {
        if byte.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_download_name_is_encoded_for_old_and_new_clients() {
        assert_eq!(
            content_disposition("数据安全制度 v2.pdf"),
            "attachment; filename=\"______ v2.pdf\"; \
             filename*=UTF-8''%E6%95%B0%E6%8D%AE%E5%AE%89%E5%85%A8%E5%88%B6%E5%BA%A6%20v2.pdf"
        );
        assert_eq!(
            content_disposition("a\"b%.txt"),
            "attachment; filename=\"a_b_.txt\"; filename*=UTF-8''a%22b%25.txt"
        );
    }

    #[test]
    fn upload_names_lose_their_directories_and_control_characters() {
        assert_eq!(
            clean_name("../../etc/passwd.txt").ok().as_deref(),
            Some("passwd.txt")
        );
        assert_eq!(
            clean_name("C:\\Users\\张三\\制度.pdf").ok().as_deref(),
            Some("制度.pdf")
        );
        assert_eq!(clean_name("a\nb.pdf").ok().as_deref(), Some("ab.pdf"));
        assert!(clean_name("dir/").is_err());
        assert!(clean_name("..").is_err());
    }

    #[test]
    fn types_are_decided_by_extension_and_confirmed_by_content() {
        let pdf = file_type("报告.PDF").ok().map(|t| t.media_type);
        assert_eq!(pdf, Some("application/pdf"));
        assert!(file_type("run.exe").is_err());
        assert!(file_type("noextension").is_err());
        let Ok(kind) = file_type("x.pdf") else {
            panic!("pdf is allowed")
        };
        assert!(check_content("x.pdf", kind, b"%PDF-1.7\n").is_ok());
        assert!(check_content("x.pdf", kind, b"MZ\x90\0").is_err());
        let Ok(kind) = file_type("x.csv") else {
            panic!("csv is allowed")
        };
        assert!(check_content("x.csv", kind, "名称,值\n".as_bytes()).is_ok());
        assert!(check_content("x.csv", kind, b"a\0b").is_err());
    }
}
