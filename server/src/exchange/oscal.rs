//! The assessment in NIST's Open Security Controls Assessment Language (OSCAL 1.1.2, JSON): the
//! questionnaire version an assessment is pinned to as a `catalog` (groups are domains, controls
//! are questions, the cited articles are `citation` properties and links to back-matter
//! resources, one per instrument), and the assessment as `assessment-results` that reference it
//! (one result; a finding per question the profile makes applicable and that is not answered
//! 不适用, satisfied for 符合 and not satisfied otherwise; observations from answer notes and
//! evidence, with the evidence's SHA-256; a risk for every gap, with its priority and its
//! remediation).
//!
//! Both documents are pure functions of the data: every UUID is a version 5 UUID of
//! [`NAMESPACE`] and a stable name (`catalog/{questionnaire}/{version}/{lang}`,
//! `assessment/{id}/finding/{question}`, …), and every time is one stored with the data, so
//! the same assessment gives the same bytes. Properties Ziping defines carry `ns` = [`NS`].
//! Questions the profile excludes and questions answered 不适用 have no finding; they are listed
//! under `exclude-controls` of the result's reviewed controls, with the reason in the remarks.

use questionnaires::score::{Band, Gap, Score, score};
use questionnaires::{AnswerValue, Catalog, Citation, Lang, Library, Questionnaire};
use serde::Serialize;
use uuid::Uuid;

use super::tables::scoring_answers;
use super::{ExchangeError, Pinned, answer_label, load, pick};
use crate::store::Store;
use crate::store::model::{EvidenceKind, RemediationStatus};

/// The OSCAL version both documents declare.
pub const OSCAL_VERSION: &str = "1.1.2";
/// The namespace of every UUID Ziping derives (fixed; changing it changes every id).
pub const NAMESPACE: Uuid = Uuid::from_u128(0xcd6a_e6cf_fc1e_46a3_86f2_92a6_1d70_f13c);
/// The namespace of the properties Ziping defines: a URL under `.invalid` (RFC 2606), which
/// names Ziping without pointing anywhere.
pub const NS: &str = "https://ziping.invalid/ns/oscal";
/// The media type of both documents.
pub const JSON_TYPE: &str = "application/json";

/// Which OSCAL document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Document {
    /// The assessment as `assessment-results`.
    AssessmentResults,
    /// The assessment's questionnaire version as a `catalog`.
    Catalog,
}

/// Document `document` of assessment `id` in `lang`, as [`render`] writes it.
pub async fn export(
    store: &Store,
    library: &Library,
    id: i64,
    document: Document,
    lang: Lang,
) -> Result<Vec<u8>, ExchangeError> {
    let pinned = load(store, library, id).await?;
    render(&pinned, library, document, lang)
}

/// Document `document` of `pinned` in `lang`, as pretty-printed JSON with a final line break.
pub fn render(
    pinned: &Pinned<'_>,
    library: &Library,
    document: Document,
    lang: Lang,
) -> Result<Vec<u8>, ExchangeError> {
    let written = match document {
        Document::Catalog => {
            serde_json::to_vec_pretty(&catalog(pinned.questionnaire, &library.catalog, lang))
        }
        Document::AssessmentResults => {
            serde_json::to_vec_pretty(&assessment_results(pinned, library, lang)?)
        }
    };
    let mut bytes = written.map_err(|e| ExchangeError::Oscal(e.to_string()))?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// The file name of a document: `ziping-7-oscal-ar.json`, `ziping-7-oscal-catalog.json`.
pub fn file_name(id: i64, document: Document) -> String {
    match document {
        Document::AssessmentResults => format!("ziping-{id}-oscal-ar.json"),
        Document::Catalog => format!("ziping-{id}-oscal-catalog.json"),
    }
}

/// The API path of the catalog of assessment `id`, as the results' back matter links it.
pub fn catalog_path(id: i64, lang: Lang) -> String {
    format!(
        "/api/assessments/{id}/export/oscal-catalog.json?lang={}",
        lang.tag()
    )
}

/// The name-based UUID of `name`.
pub fn uuid(name: &str) -> String {
    Uuid::new_v5(&NAMESPACE, name.as_bytes()).to_string()
}

/// The UUID of the catalog of a questionnaire version in a language.
pub fn catalog_uuid(questionnaire: &Questionnaire, lang: Lang) -> String {
    uuid(&format!(
        "catalog/{}/{}/{}",
        questionnaire.id,
        questionnaire.version,
        lang.tag()
    ))
}

/// `text` as an OSCAL token (`^(\p{L}|_)(\p{L}|\p{N}|[.\-_])*$`): other characters become `_`,
/// and a token that would not start with a letter or `_` gets a leading `_`.
pub fn token(text: &str) -> String {
    let mut out: String = text
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if !out
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
    {
        out.insert(0, '_');
    }
    out
}

/// `text` on one line, its runs of white space one space: OSCAL titles and property values
/// are single lines without leading or trailing space. `fallback` when nothing is left.
fn line(text: &str, fallback: &str) -> String {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if joined.is_empty() {
        fallback.to_owned()
    } else {
        joined
    }
}

// --- The shared parts of both models ---------------------------------------------------------

/// `metadata`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Metadata {
    pub title: String,
    pub last_modified: String,
    pub version: String,
    pub oscal_version: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Prop>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parties: Vec<Party>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remarks: Option<String>,
}

/// A property: a name, a single-line value, and the namespace and class that qualify them.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Prop {
    pub name: String,
    pub value: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ns: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub class: Option<String>,
}

impl Prop {
    /// A property Ziping defines.
    fn ziping(name: &str, value: impl AsRef<str>) -> Prop {
        Prop {
            name: name.to_owned(),
            value: line(value.as_ref(), "-"),
            ns: Some(NS.to_owned()),
            class: None,
        }
    }

    /// A property OSCAL defines (`label`, `status`, …).
    fn oscal(name: &str, value: impl AsRef<str>) -> Prop {
        Prop {
            name: name.to_owned(),
            value: line(value.as_ref(), "-"),
            ns: None,
            class: None,
        }
    }

    fn with_class(mut self, class: &str) -> Prop {
        self.class = Some(token(class));
        self
    }
}

/// A party: the organization assessed.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Party {
    pub uuid: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub name: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Prop>,
}

/// A link.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Link {
    pub href: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rel: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// `back-matter`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BackMatter {
    pub resources: Vec<Resource>,
}

/// A back-matter resource: an instrument, the catalog, an evidence file.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Resource {
    pub uuid: String,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Prop>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rlinks: Vec<Rlink>,
}

/// A resource's link, with the SHA-256 of what it points to where known.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Rlink {
    pub href: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub hashes: Vec<Hash>,
}

/// A hash, e.g. `SHA-256` and 64 hex digits.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Hash {
    pub algorithm: String,
    pub value: String,
}

// --- The catalog ---------------------------------------------------------------------------------

/// `{"catalog": …}`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CatalogDocument {
    pub catalog: OscalCatalog,
}

/// `catalog`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct OscalCatalog {
    pub uuid: String,
    pub metadata: Metadata,
    pub groups: Vec<Group>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub back_matter: Option<BackMatter>,
}

/// A group: one domain.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Group {
    pub id: String,
    pub title: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Prop>,
    pub controls: Vec<Control>,
}

/// A control: one question.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Control {
    pub id: String,
    pub title: String,
    pub props: Vec<Prop>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    pub parts: Vec<Part>,
}

/// A part of a control: its statement, guidance, expected evidence, remediation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Part {
    pub id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ns: Option<String>,
    pub prose: String,
}

/// The UUID of an instrument's back-matter resource in a catalog.
fn instrument_uuid(catalog_uuid: &str, instrument: &str) -> String {
    uuid(&format!("{catalog_uuid}/instrument/{instrument}"))
}

/// Questionnaire version `questionnaire` as an OSCAL catalog in `lang`, the articles it cites
/// rendered from `catalog`.
pub fn catalog(questionnaire: &Questionnaire, catalog: &Catalog, lang: Lang) -> CatalogDocument {
    let uuid = catalog_uuid(questionnaire, lang);
    let yes_no = |b: bool| if b { "true" } else { "false" };
    let mut cited: Vec<&str> = Vec::new();
    let groups = questionnaire
        .domains
        .iter()
        .map(|domain| Group {
            id: token(&domain.id),
            title: line(domain.title.get(lang), &domain.id),
            props: vec![Prop::ziping("applicability", domain.applies.to_string())],
            controls: domain
                .questions
                .iter()
                .map(|q| {
                    let id = token(q.id.as_str());
                    let mut props = vec![
                        Prop::oscal("label", q.id.as_str()),
                        Prop::ziping("weight", q.weight.to_string()),
                        Prop::ziping("critical", yes_no(q.critical)),
                        Prop::ziping("applicability", q.applies.to_string()),
                    ];
                    let mut links = Vec::new();
                    for citation in &q.citations {
                        if !cited.contains(&citation.instrument.as_str()) {
                            cited.push(citation.instrument.as_str());
                        }
                        props.push(
                            Prop::ziping("citation", citation.long_form(catalog, lang))
                                .with_class(&citation.instrument),
                        );
                        links.push(Link {
                            href: format!("#{}", instrument_uuid(&uuid, &citation.instrument)),
                            rel: Some("reference".to_owned()),
                            text: Some(citation.to_string()),
                        });
                    }
                    let mut parts = vec![Part {
                        id: format!("{id}_smt"),
                        name: "statement".to_owned(),
                        ns: None,
                        prose: q.text.get(lang).trim().to_owned(),
                    }];
                    let mut part = |suffix: &str, name: &str, ns: Option<&str>, text: &str| {
                        if !text.trim().is_empty() {
                            parts.push(Part {
                                id: format!("{id}_{suffix}"),
                                name: name.to_owned(),
                                ns: ns.map(str::to_owned),
                                prose: text.trim().to_owned(),
                            });
                        }
                    };
                    part("gdn", "guidance", None, q.guidance.get(lang));
                    part("evd", "evidence", Some(NS), q.evidence.get(lang));
                    part("chk", "check", Some(NS), q.check.get(lang));
                    part("rem", "remediation", Some(NS), q.remediation.get(lang));
                    Control {
                        title: line(q.text.get(lang), q.id.as_str()),
                        id,
                        props,
                        links,
                        parts,
                    }
                })
                .collect(),
        })
        .collect();
    let resources: Vec<Resource> = cited
        .iter()
        .map(|&instrument| {
            let found = catalog.instrument(instrument);
            let mut props = vec![Prop::ziping("instrument", instrument)];
            if let Some(i) = found {
                if !i.doc_no.trim().is_empty() {
                    props.push(Prop::ziping("doc-no", &i.doc_no));
                }
                if !i.effective.trim().is_empty() {
                    props.push(Prop::ziping("effective", &i.effective));
                }
            }
            Resource {
                uuid: instrument_uuid(&uuid, instrument),
                title: found.map_or_else(
                    || instrument.to_owned(),
                    |i| line(i.name.get(lang), instrument),
                ),
                description: found
                    .map(|i| i.issuer.get(lang).trim().to_owned())
                    .filter(|s| !s.is_empty()),
                props,
                rlinks: Vec::new(),
            }
        })
        .collect();
    CatalogDocument {
        catalog: OscalCatalog {
            metadata: Metadata {
                title: line(questionnaire.title.get(lang), &questionnaire.id),
                last_modified: day_start(&questionnaire.effective),
                version: questionnaire.version.clone(),
                oscal_version: OSCAL_VERSION.to_owned(),
                props: vec![Prop::ziping("questionnaire", &questionnaire.id)],
                parties: Vec::new(),
                remarks: Some(
                    pick(
                        lang,
                        "自评问卷：分组为领域，控制项为评估项；last-modified 为问卷生效日（北京时间零时）。",
                        "A Ziping questionnaire: groups are its domains, controls its questions; \
                         last-modified is the day it takes effect (00:00 Beijing time).",
                    )
                    .to_owned(),
                ),
            },
            uuid,
            groups,
            back_matter: (!resources.is_empty()).then_some(BackMatter { resources }),
        },
    }
}

/// `2027-01-01` as `2027-01-01T00:00:00+08:00` (dates in Ziping's content are Beijing dates);
/// anything that is not a date as the start of 1970 UTC.
fn day_start(date: &str) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    match time::Date::parse(date.trim(), &format) {
        Ok(_) => format!("{}T00:00:00+08:00", date.trim()),
        Err(_) => "1970-01-01T00:00:00Z".to_owned(),
    }
}

/// `2027-01-01` as the end of that Beijing day.
fn day_end(date: &str) -> Option<String> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(date.trim(), &format)
        .ok()
        .map(|_| format!("{}T23:59:59+08:00", date.trim()))
}

// --- The assessment results ----------------------------------------------------------------------

/// `{"assessment-results": …}`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct AssessmentResultsDocument {
    pub assessment_results: AssessmentResults,
}

/// `assessment-results`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct AssessmentResults {
    pub uuid: String,
    pub metadata: Metadata,
    pub import_ap: ImportAp,
    pub results: Vec<AssessmentResult>,
    pub back_matter: BackMatter,
}

/// `import-ap`: the assessment plan, here a back-matter resource that says there is none.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ImportAp {
    pub href: String,
    pub remarks: String,
}

/// One `result`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct AssessmentResult {
    pub uuid: String,
    pub title: String,
    pub description: String,
    pub start: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    pub props: Vec<Prop>,
    pub reviewed_controls: ReviewedControls,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub observations: Vec<Observation>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub risks: Vec<Risk>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<Finding>,
}

/// `reviewed-controls`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct ReviewedControls {
    pub control_selections: Vec<ControlSelection>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remarks: Option<String>,
}

/// A `control-selection`: the questions with findings, and those without.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct ControlSelection {
    pub description: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub include_controls: Vec<ControlRef>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub exclude_controls: Vec<ControlRef>,
}

/// A control by id.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct ControlRef {
    pub control_id: String,
}

/// A `finding`: one question.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Finding {
    pub uuid: String,
    pub title: String,
    pub description: String,
    pub props: Vec<Prop>,
    pub target: Target,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related_observations: Vec<ObservationRef>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related_risks: Vec<RiskRef>,
}

/// What a finding is about, and its status.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Target {
    #[serde(rename = "type")]
    pub kind: String,
    pub target_id: String,
    pub status: ObjectiveStatus,
}

/// `satisfied` or `not-satisfied`, with the answer that decided it in the remarks.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ObjectiveStatus {
    pub state: String,
    pub remarks: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct ObservationRef {
    pub observation_uuid: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct RiskRef {
    pub risk_uuid: String,
}

/// An `observation`: an answer's note, or a piece of evidence.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Observation {
    pub uuid: String,
    pub title: String,
    pub description: String,
    pub props: Vec<Prop>,
    pub methods: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub relevant_evidence: Vec<RelevantEvidence>,
    pub collected: String,
}

/// `relevant-evidence`: an evidence file or note, with its SHA-256.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RelevantEvidence {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
    pub description: String,
    pub props: Vec<Prop>,
}

/// A `risk`: one gap.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Risk {
    pub uuid: String,
    pub title: String,
    pub description: String,
    pub statement: String,
    pub props: Vec<Prop>,
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub remediations: Vec<Response>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related_observations: Vec<ObservationRef>,
}

/// A risk's `response`: the remediation recorded for the gap.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Response {
    pub uuid: String,
    pub lifecycle: String,
    pub title: String,
    pub description: String,
    pub props: Vec<Prop>,
}

/// The OSCAL risk status of a remediation status: open, remediating, closed, or (a risk
/// accepted) deviation-approved.
pub fn risk_status(status: RemediationStatus) -> &'static str {
    match status {
        RemediationStatus::Open => "open",
        RemediationStatus::InProgress => "remediating",
        RemediationStatus::Done => "closed",
        RemediationStatus::Accepted => "deviation-approved",
    }
}

/// The objective status of an answer (`None`: unanswered): only 符合 satisfies.
pub fn objective_state(answer: Option<AnswerValue>) -> &'static str {
    match answer {
        Some(AnswerValue::Compliant) => "satisfied",
        _ => "not-satisfied",
    }
}

fn answer_token(answer: Option<AnswerValue>) -> &'static str {
    answer.map_or("unanswered", AnswerValue::as_str)
}

fn band_token(band: Band) -> &'static str {
    match band {
        Band::High => "high",
        Band::Medium => "medium",
        Band::Low => "low",
    }
}

/// The assessment of `pinned` as OSCAL assessment results in `lang`, scored as the API scores
/// it, referencing [`catalog`] of its questionnaire version.
pub fn assessment_results(
    pinned: &Pinned<'_>,
    library: &Library,
    lang: Lang,
) -> Result<AssessmentResultsDocument, ExchangeError> {
    let Pinned {
        assessment,
        questionnaire,
    } = pinned;
    let scored: Score = score(
        questionnaire,
        &library.catalog,
        &assessment.profile,
        &scoring_answers(assessment),
    )
    .map_err(|e| ExchangeError::Unscorable(e.to_string()))?;
    let t = |zh: &'static str, en: &'static str| pick(lang, zh, en);
    let id = assessment.id;
    let base = format!("assessment/{id}");
    let catalog_id = catalog_uuid(questionnaire, lang);

    // Observations: each answer's note, then each piece of evidence, by question.
    let mut observations: Vec<(String, Observation)> = Vec::new();
    for (question, answer) in &assessment.answers {
        if answer.note.trim().is_empty() {
            continue;
        }
        observations.push((
            question.clone(),
            Observation {
                uuid: uuid(&format!("{base}/answer-note/{question}")),
                title: format!("{question} {}", t("答案备注", "answer note")),
                description: answer.note.trim().to_owned(),
                props: vec![
                    Prop::ziping("question", question),
                    Prop::ziping("answer", answer_token(Some(answer.value))),
                    Prop::ziping("revision", answer.revision.to_string()),
                    Prop::ziping("saved-by", &answer.updated_by),
                ],
                methods: vec!["INTERVIEW".to_owned()],
                relevant_evidence: Vec::new(),
                collected: answer.updated_at.clone(),
            },
        ));
    }
    let mut resources = Vec::new();
    for evidence in &assessment.evidence {
        let resource = uuid(&format!("{base}/evidence/{}/resource", evidence.id));
        let sha = Prop::ziping("sha256", &evidence.sha256).with_class("SHA-256");
        let (title, description, href) = match evidence.kind {
            EvidenceKind::File => {
                let name = evidence.name.clone().unwrap_or_default();
                resources.push(Resource {
                    uuid: resource.clone(),
                    title: line(&name, &format!("evidence {}", evidence.id)),
                    description: Some(format!(
                        "{} {}",
                        evidence.question_id,
                        t("证据文件", "evidence file")
                    )),
                    props: vec![
                        Prop::ziping("evidence-id", evidence.id.to_string()),
                        Prop::ziping("size", evidence.size.to_string()),
                    ],
                    rlinks: vec![Rlink {
                        href: format!("/api/assessments/{id}/evidence/{}", evidence.id),
                        media_type: evidence.media_type.clone(),
                        hashes: vec![Hash {
                            algorithm: "SHA-256".to_owned(),
                            value: evidence.sha256.clone(),
                        }],
                    }],
                });
                let description = if evidence.note.trim().is_empty() {
                    name.clone()
                } else {
                    format!("{name}: {}", evidence.note.trim())
                };
                (
                    format!(
                        "{} {}: {}",
                        evidence.question_id,
                        t("证据文件", "evidence file"),
                        line(&name, "-")
                    ),
                    line(&description, &name),
                    Some(format!("#{resource}")),
                )
            }
            EvidenceKind::Note => (
                format!(
                    "{} {}",
                    evidence.question_id,
                    t("证据说明", "evidence note")
                ),
                evidence.note.trim().to_owned(),
                None,
            ),
        };
        // OSCAL descriptions are never empty.
        let description = if description.is_empty() {
            "-".to_owned()
        } else {
            description
        };
        let mut props = vec![sha.clone()];
        if let Some(name) = evidence.name.as_deref().filter(|n| !n.trim().is_empty()) {
            props.push(Prop::ziping("filename", name));
        }
        observations.push((
            evidence.question_id.clone(),
            Observation {
                uuid: uuid(&format!("{base}/evidence/{}", evidence.id)),
                title: line(&title, "evidence"),
                description: description.clone(),
                props: vec![
                    Prop::ziping("question", &evidence.question_id),
                    Prop::ziping("evidence-id", evidence.id.to_string()),
                    sha,
                    Prop::ziping("uploaded-by", &evidence.created_by),
                ],
                methods: vec!["EXAMINE".to_owned()],
                relevant_evidence: vec![RelevantEvidence {
                    href,
                    description,
                    props,
                }],
                collected: evidence.created_at.clone(),
            },
        ));
    }
    let observed = |question: &str| -> Vec<ObservationRef> {
        observations
            .iter()
            .filter(|(q, _)| q == question)
            .map(|(_, o)| ObservationRef {
                observation_uuid: o.uuid.clone(),
            })
            .collect()
    };

    // Risks: one per gap, highest priority first (the score's order).
    let risk_uuid = |question: &str| uuid(&format!("{base}/risk/{question}"));
    let risks: Vec<Risk> = scored
        .gaps
        .iter()
        .map(|gap| {
            risk(
                gap,
                pinned,
                library,
                lang,
                &base,
                risk_uuid(gap.question.as_str()),
                observed(gap.question.as_str()),
            )
        })
        .collect();

    // Findings: every applicable question not answered 不适用, in questionnaire order.
    let excluded: Vec<&str> = scored
        .excluded
        .iter()
        .map(|e| e.question.as_str())
        .collect();
    let not_applicable: Vec<&str> = scored
        .not_applicable
        .iter()
        .map(|n| n.question.as_str())
        .collect();
    let mut findings = Vec::new();
    for (domain, question) in questionnaire.questions() {
        let qid = question.id.as_str();
        if excluded.contains(&qid) || not_applicable.contains(&qid) {
            continue;
        }
        let answer = assessment.answers.get(qid).map(|a| a.value);
        let gap = scored.gaps.iter().find(|g| g.question == question.id);
        let label = match answer {
            Some(value) => answer_label(value, lang),
            None => t("未作答", "Unanswered").to_owned(),
        };
        let mut props = vec![
            Prop::ziping("answer", answer_token(answer)),
            Prop::ziping("domain", &domain.id),
        ];
        if let Some(gap) = gap {
            props.push(Prop::ziping("priority", band_token(gap.band)));
        }
        findings.push(Finding {
            uuid: uuid(&format!("{base}/finding/{qid}")),
            title: format!("{qid} {}", line(question.text.get(lang), qid)),
            description: format!("{}{label}", t("自评答案：", "Self-assessment answer: ")),
            props,
            target: Target {
                kind: "objective-id".to_owned(),
                target_id: token(qid),
                status: ObjectiveStatus {
                    state: objective_state(answer).to_owned(),
                    remarks: label,
                },
            },
            related_observations: observed(qid),
            related_risks: gap
                .map(|g| {
                    vec![RiskRef {
                        risk_uuid: risk_uuid(g.question.as_str()),
                    }]
                })
                .unwrap_or_default(),
        });
    }

    let include: Vec<ControlRef> = findings
        .iter()
        .map(|f| ControlRef {
            control_id: f.target.target_id.clone(),
        })
        .collect();
    let exclude: Vec<ControlRef> = questionnaire
        .questions()
        .map(|(_, q)| q.id.as_str())
        .filter(|q| excluded.contains(q) || not_applicable.contains(q))
        .map(|q| ControlRef {
            control_id: token(q),
        })
        .collect();

    let organization = &assessment.organization;
    let org_party = uuid(&format!("organization/{}", organization.uscc));
    let plan_resource = uuid(&format!("{base}/plan"));
    let catalog_resource = uuid(&format!("{base}/catalog"));
    let subject = assessment
        .subject
        .as_ref()
        .map(|s| format!(" · {}", line(&s.name, "App")))
        .unwrap_or_default();
    let title = format!(
        "{} {} {}{subject}",
        line(&organization.name, "-"),
        line(&assessment.cycle, "-"),
        t("数据安全自评结果", "data security self-assessment results")
    );
    let overall = &scored.overall;
    let mut result_props = vec![
        Prop::ziping("status", assessment.status.as_str()),
        Prop::ziping(
            "readiness",
            serde_json::to_value(scored.readiness.level)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default(),
        ),
        Prop::ziping("method", &scored.method),
        Prop::ziping("applicable", overall.applicable.to_string()),
        Prop::ziping("answered", overall.answered.to_string()),
    ];
    if let Some(score) = overall.score {
        result_props.insert(1, Prop::ziping("score", format!("{score:.1}")));
    }

    let mut back = vec![
        Resource {
            uuid: plan_resource.clone(),
            title: t("评估计划：问卷自评", "Assessment plan: questionnaire self-assessment").to_owned(),
            description: Some(format!(
                "{} {} {}",
                t(
                    "本次评估没有单独的 OSCAL 评估计划；评估范围为问卷",
                    "This assessment has no separate OSCAL assessment plan; its scope is questionnaire"
                ),
                questionnaire.id,
                questionnaire.version
            )),
            props: Vec::new(),
            rlinks: vec![Rlink {
                href: catalog_path(id, lang),
                media_type: Some(JSON_TYPE.to_owned()),
                hashes: Vec::new(),
            }],
        },
        Resource {
            uuid: catalog_resource,
            title: line(questionnaire.title.get(lang), &questionnaire.id),
            description: Some(
                t(
                    "评估所依据的问卷版本（OSCAL catalog）；控制项编号即评估项编号。",
                    "The questionnaire version assessed, as an OSCAL catalog; its control ids are the question ids.",
                )
                .to_owned(),
            ),
            props: vec![
                Prop::ziping("catalog-uuid", &catalog_id),
                Prop::ziping("questionnaire", &questionnaire.id),
                Prop::ziping("questionnaire-version", &questionnaire.version),
            ],
            rlinks: vec![Rlink {
                href: catalog_path(id, lang),
                media_type: Some(JSON_TYPE.to_owned()),
                hashes: Vec::new(),
            }],
        },
    ];
    back.extend(resources);

    Ok(AssessmentResultsDocument {
        assessment_results: AssessmentResults {
            uuid: uuid(&format!(
                "{base}/results/{}/{}",
                assessment.updated_at,
                lang.tag()
            )),
            metadata: Metadata {
                title: title.clone(),
                last_modified: assessment.updated_at.clone(),
                version: assessment.updated_at.clone(),
                oscal_version: OSCAL_VERSION.to_owned(),
                props: vec![
                    Prop::ziping("assessment-id", id.to_string()),
                    Prop::ziping("questionnaire", &questionnaire.id),
                    Prop::ziping("questionnaire-version", &questionnaire.version),
                    Prop::ziping("catalog-uuid", &catalog_id),
                ],
                parties: vec![Party {
                    uuid: org_party,
                    kind: "organization".to_owned(),
                    name: line(&organization.name, "-"),
                    props: vec![Prop::ziping("uscc", &organization.uscc)],
                }],
                remarks: None,
            },
            import_ap: ImportAp {
                href: format!("#{plan_resource}"),
                remarks: t(
                    "自评没有单独的评估计划；此引用指向说明这一点的附录资源。",
                    "A self-assessment has no separate assessment plan; this points to the back-matter resource that says so.",
                )
                .to_owned(),
            },
            results: vec![AssessmentResult {
                uuid: uuid(&format!("{base}/result")),
                title,
                description: format!(
                    "{} {} {}",
                    t("按问卷自评", "Self-assessment by questionnaire"),
                    questionnaire.id,
                    questionnaire.version
                ),
                start: assessment.created_at.clone(),
                end: assessment
                    .status
                    .is_read_only()
                    .then(|| assessment.updated_at.clone()),
                props: result_props,
                reviewed_controls: ReviewedControls {
                    control_selections: vec![ControlSelection {
                        description: t(
                            "适用于本单位画像且未答“不适用”的评估项有发现；其余评估项列为排除项。",
                            "Questions that apply to the profile and are not answered Not applicable have findings; the others are excluded.",
                        )
                        .to_owned(),
                        include_controls: include,
                        exclude_controls: exclude,
                    }],
                    remarks: Some(format!(
                        "{} {}; {} {}",
                        t("画像排除：", "Excluded by the profile:"),
                        excluded.len(),
                        t("答为不适用：", "answered Not applicable:"),
                        not_applicable.len()
                    )),
                },
                observations: observations.into_iter().map(|(_, o)| o).collect(),
                risks,
                findings,
            }],
            back_matter: BackMatter { resources: back },
        },
    })
}

/// The risk of one gap.
fn risk(
    gap: &Gap,
    pinned: &Pinned<'_>,
    library: &Library,
    lang: Lang,
    base: &str,
    uuid_of_risk: String,
    related_observations: Vec<ObservationRef>,
) -> Risk {
    let t = |zh: &'static str, en: &'static str| pick(lang, zh, en);
    let qid = gap.question.as_str();
    let question = pinned.questionnaire.question(&gap.question);
    let text = question.map(|q| q.text.get(lang)).unwrap_or_default();
    let plan = pinned.assessment.remediation.get(qid);
    let status = plan.map_or(RemediationStatus::Open, |p| p.status);
    let answer = match gap.answer {
        Some(value) => answer_label(value, lang),
        None => t("未作答", "Unanswered").to_owned(),
    };
    let citations: Vec<String> = gap
        .citations
        .iter()
        .map(|c: &Citation| c.long_form(&library.catalog, lang))
        .collect();
    let mut props = vec![
        Prop::ziping("question", qid),
        Prop::ziping("priority", band_token(gap.band)),
        Prop::ziping("priority-score", format!("{}", gap.priority)),
        Prop::ziping("critical", if gap.critical { "true" } else { "false" }),
        Prop::ziping("remediation-status", status.as_str()),
    ];
    for citation in &gap.citations {
        props.push(
            Prop::ziping("citation", citation.long_form(&library.catalog, lang))
                .with_class(&citation.instrument),
        );
    }
    let remediations = plan
        .map(|p| {
            let mut props = Vec::new();
            if !p.owner.trim().is_empty() {
                props.push(Prop::ziping("owner", &p.owner));
            }
            if let Some(due) = p.due_date.as_deref() {
                props.push(Prop::ziping("due-date", due));
            }
            props.push(Prop::ziping("status", p.status.label().get(lang)));
            vec![Response {
                uuid: uuid(&format!("{base}/remediation/{qid}")),
                lifecycle: if p.status == RemediationStatus::Done {
                    "completed"
                } else {
                    "planned"
                }
                .to_owned(),
                title: format!("{qid} {}", t("整改", "remediation")),
                description: if p.comment.trim().is_empty() {
                    p.status.label().get(lang).to_owned()
                } else {
                    p.comment.trim().to_owned()
                },
                props,
            }]
        })
        .unwrap_or_default();
    Risk {
        uuid: uuid_of_risk,
        title: format!("{qid} {}", line(text, qid)),
        description: format!(
            "{}{answer}{}{}{}",
            t("答案：", "Answer: "),
            t("；", "; "),
            t("优先级：", "priority: "),
            gap.band.label().get(lang)
        ),
        statement: if citations.is_empty() {
            line(text, qid)
        } else {
            format!(
                "{}\n\n{}{}",
                text.trim(),
                t("依据：", "Cited: "),
                citations.join(t("；", "; "))
            )
        },
        props,
        status: risk_status(status).to_owned(),
        deadline: plan.and_then(|p| p.due_date.as_deref()).and_then(day_end),
        remediations,
        related_observations,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::collections::BTreeMap;

    use questionnaires::{FactValue, load_bundled};
    use serde_json::Value;

    use super::*;
    use crate::store::model::{
        Assessment, Evidence, Organization, Remediation, Status, StoredAnswer,
    };

    fn answer(question: &str, value: AnswerValue, note: &str) -> (String, StoredAnswer) {
        (
            question.to_owned(),
            StoredAnswer {
                question_id: question.to_owned(),
                value,
                na_reason: (value == AnswerValue::NotApplicable).then(|| "不涉及".to_owned()),
                note: note.to_owned(),
                revision: 1,
                updated_at: "2026-12-01T08:00:00.000Z".to_owned(),
                updated_by: "张三".to_owned(),
                carried: false,
            },
        )
    }

    /// An assessment of the bundled questionnaire with important data: GOV-01 符合 with a note
    /// and a file, GOV-02 部分符合 with a remediation in progress, GOV-03 不符合 with a written
    /// piece of evidence, GOV-04 不适用; the rest unanswered.
    fn assessment(questionnaire: &Questionnaire) -> Assessment {
        let evidence = |id: i64, question: &str, kind, name: Option<&str>, note: &str| Evidence {
            id,
            question_id: question.to_owned(),
            kind,
            name: name.map(str::to_owned),
            media_type: name.map(|_| "application/pdf".to_owned()),
            size: 42,
            sha256: format!("{id:064x}"),
            note: note.to_owned(),
            created_at: "2026-12-01T09:00:00.000Z".to_owned(),
            created_by: "李四".to_owned(),
        };
        Assessment {
            id: 7,
            organization: Organization {
                id: 1,
                name: "示例科技有限公司".to_owned(),
                uscc: "91350100M000100Y43".to_owned(),
                industry: "软件和信息技术服务业".to_owned(),
                region: "北京市".to_owned(),
                created_at: "2026-12-01T08:00:00.000Z".to_owned(),
            },
            questionnaire_id: questionnaire.id.clone(),
            questionnaire_version: questionnaire.version.clone(),
            cycle: "2026 年度".to_owned(),
            subject: None,
            status: Status::Draft,
            carried_from: None,
            profile: [("important_data".to_owned(), FactValue::Bool(true))]
                .into_iter()
                .collect(),
            profile_revision: 1,
            answers: BTreeMap::from([
                answer("GOV-01", AnswerValue::Compliant, "任命文件\n见附件一"),
                answer("GOV-02", AnswerValue::Partial, ""),
                answer("GOV-03", AnswerValue::NonCompliant, ""),
                answer("GOV-04", AnswerValue::NotApplicable, ""),
            ]),
            evidence: vec![
                evidence(1, "GOV-01", EvidenceKind::File, Some("任命 文件.pdf"), ""),
                evidence(
                    2,
                    "GOV-03",
                    EvidenceKind::Note,
                    None,
                    "口头说明：尚未建立制度",
                ),
            ],
            remediation: BTreeMap::from([(
                "GOV-02".to_owned(),
                Remediation {
                    question_id: "GOV-02".to_owned(),
                    owner: "王五".to_owned(),
                    due_date: Some("2027-03-31".to_owned()),
                    status: RemediationStatus::InProgress,
                    comment: "制度起草中".to_owned(),
                    updated_at: "2026-12-02T08:00:00.000Z".to_owned(),
                    updated_by: "王五".to_owned(),
                },
            )]),
            assessors: vec!["张三".to_owned()],
            created_at: "2026-12-01T08:00:00.000Z".to_owned(),
            updated_at: "2026-12-02T08:00:00.000Z".to_owned(),
        }
    }

    fn library() -> Library {
        load_bundled().library
    }

    fn questionnaire(library: &Library) -> &Questionnaire {
        library.questionnaire("miit-data-security").unwrap()
    }

    fn json(bytes: &[u8]) -> Value {
        serde_json::from_slice(bytes).unwrap()
    }

    /// OSCAL's token: `^(\p{L}|_)(\p{L}|\p{N}|[.\-_])*$`.
    fn is_token(s: &str) -> bool {
        let mut chars = s.chars();
        chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
            && chars.all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_'))
    }

    /// Every value under a key in `keys`, anywhere in `value`.
    fn values_of<'a>(value: &'a Value, keys: &[&str], out: &mut Vec<(String, &'a Value)>) {
        match value {
            Value::Object(map) => {
                for (k, v) in map {
                    if keys.contains(&k.as_str()) {
                        out.push((k.clone(), v));
                    }
                    values_of(v, keys, out);
                }
            }
            Value::Array(items) => items.iter().for_each(|v| values_of(v, keys, out)),
            _ => {}
        }
    }

    /// What OSCAL's JSON schema asks of every document: no empty arrays, ids that are tokens,
    /// UUIDs that are UUIDs, single-line titles and property values without outer space.
    fn assert_well_formed(document: &Value) {
        let mut found = Vec::new();
        values_of(
            document,
            &[
                "id",
                "control-id",
                "target-id",
                "name",
                "class",
                "uuid",
                "observation-uuid",
                "risk-uuid",
                "title",
                "value",
                "state",
                "status",
                "lifecycle",
            ],
            &mut found,
        );
        assert!(found.len() > 10);
        // Ids and UUIDs each name one thing in the document.
        for unique in ["id", "uuid"] {
            let mut seen: Vec<&str> = found
                .iter()
                .filter(|(k, _)| k == unique)
                .filter_map(|(_, v)| v.as_str())
                .collect();
            let all = seen.len();
            seen.sort_unstable();
            seen.dedup();
            assert_eq!(seen.len(), all, "a repeated {unique}");
        }
        for (key, value) in found {
            let Some(text) = value.as_str() else {
                // `status` of a risk is a string; elsewhere (target) it is an object.
                assert_eq!(key, "status", "{key}: {value}");
                continue;
            };
            match key.as_str() {
                "uuid" | "observation-uuid" | "risk-uuid" => {
                    let parsed = Uuid::parse_str(text).unwrap();
                    assert_eq!(parsed.get_version_num(), 5, "{text}");
                }
                "title" | "value" => {
                    assert!(!text.is_empty() && !text.contains('\n'), "{key}: {text:?}");
                    assert_eq!(text, text.trim(), "{key}: {text:?}");
                }
                _ => assert!(is_token(text), "{key}: {text:?} is not a token"),
            }
        }
        fn no_empty_arrays(value: &Value) {
            match value {
                Value::Array(items) => {
                    assert!(!items.is_empty());
                    items.iter().for_each(no_empty_arrays);
                }
                Value::Object(map) => map.values().for_each(no_empty_arrays),
                _ => {}
            }
        }
        no_empty_arrays(document);
    }

    #[test]
    fn the_same_assessment_gives_the_same_bytes() {
        let library = library();
        let q = questionnaire(&library);
        let pinned = Pinned {
            assessment: assessment(q),
            questionnaire: q,
        };
        for document in [Document::AssessmentResults, Document::Catalog] {
            for lang in [Lang::Zh, Lang::En] {
                let first = render(&pinned, &library, document, lang).unwrap();
                let second = render(&pinned, &library, document, lang).unwrap();
                assert_eq!(first, second, "{document:?} {lang:?}");
                assert!(first.ends_with(b"}\n"));
            }
        }
        // A change to the assessment is a new document, with the same ids inside.
        let mut changed = assessment(q);
        changed.updated_at = "2026-12-03T08:00:00.000Z".to_owned();
        let before =
            json(&render(&pinned, &library, Document::AssessmentResults, Lang::Zh).unwrap());
        let pinned = Pinned {
            assessment: changed,
            questionnaire: q,
        };
        let after =
            json(&render(&pinned, &library, Document::AssessmentResults, Lang::Zh).unwrap());
        let ar = |v: &Value, path: &str| v["assessment-results"].pointer(path).cloned();
        assert_ne!(ar(&before, "/uuid"), ar(&after, "/uuid"));
        assert_eq!(
            ar(&before, "/results/0/findings/0/uuid"),
            ar(&after, "/results/0/findings/0/uuid")
        );
    }

    #[test]
    fn uuids_are_name_based() {
        assert_eq!(uuid("catalog/x/1/en"), uuid("catalog/x/1/en"));
        assert_ne!(uuid("catalog/x/1/en"), uuid("catalog/x/1/zh-CN"));
        assert_eq!(Uuid::parse_str(&uuid("a")).unwrap().get_version_num(), 5);
    }

    #[test]
    fn tokens_are_valid_oscal_tokens() {
        assert_eq!(token("GOV-01"), "GOV-01");
        assert_eq!(token("pi-duties"), "pi-duties");
        assert_eq!(token("1st domain"), "_1st_domain");
        assert_eq!(token(""), "_");
        assert_eq!(token("领域.一"), "领域.一");
        for s in ["GOV-01", "1st domain", "", "a b/c", "-x", "领域"] {
            assert!(is_token(&token(s)), "{s}");
        }
    }

    #[test]
    fn the_catalog_has_a_group_per_domain_and_a_control_per_question() {
        let library = library();
        let q = questionnaire(&library);
        for lang in [Lang::Zh, Lang::En] {
            let document = serde_json::to_value(catalog(q, &library.catalog, lang)).unwrap();
            assert_well_formed(&document);
            let cat = &document["catalog"];
            assert_eq!(cat["metadata"]["version"], q.version.as_str());
            assert_eq!(cat["metadata"]["oscal-version"], "1.1.2");
            assert_eq!(cat["uuid"], catalog_uuid(q, lang).as_str());
            let groups = cat["groups"].as_array().unwrap();
            assert_eq!(groups.len(), q.domains.len());
            let controls: Vec<&Value> = groups
                .iter()
                .flat_map(|g| g["controls"].as_array().unwrap())
                .collect();
            assert_eq!(controls.len(), q.questions().count());
            let gov01 = controls.iter().find(|c| c["id"] == "GOV-01").unwrap();
            let first = q.questions().next().unwrap().1;
            assert_eq!(gov01["parts"][0]["name"], "statement");
            assert_eq!(gov01["parts"][0]["prose"], first.text.get(lang));
            let citations: Vec<&Value> = gov01["props"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|p| p["name"] == "citation")
                .collect();
            assert_eq!(citations.len(), first.citations.len());
            assert_eq!(
                citations[0]["value"],
                first.citations[0]
                    .long_form(&library.catalog, lang)
                    .as_str()
            );
            assert_eq!(
                citations[0]["class"],
                first.citations[0].instrument.as_str()
            );
            // Every link points at an instrument in the back matter.
            let resources: Vec<String> = cat["back-matter"]["resources"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| format!("#{}", r["uuid"].as_str().unwrap()))
                .collect();
            for control in &controls {
                for link in control["links"].as_array().into_iter().flatten() {
                    assert!(resources.contains(&link["href"].as_str().unwrap().to_owned()));
                }
            }
        }
    }

    #[test]
    fn every_bundled_questionnaire_version_is_a_well_formed_catalog() {
        let library = library();
        assert!(library.questionnaires.len() > 1);
        for q in &library.questionnaires {
            for lang in [Lang::Zh, Lang::En] {
                let document = serde_json::to_value(catalog(q, &library.catalog, lang)).unwrap();
                assert_well_formed(&document);
            }
        }
    }

    #[test]
    fn a_finding_per_applicable_question_with_its_status() {
        let library = library();
        let q = questionnaire(&library);
        let pinned = Pinned {
            assessment: assessment(q),
            questionnaire: q,
        };
        let scored = score(
            q,
            &library.catalog,
            &pinned.assessment.profile,
            &scoring_answers(&pinned.assessment),
        )
        .unwrap();
        let document =
            json(&render(&pinned, &library, Document::AssessmentResults, Lang::En).unwrap());
        assert_well_formed(&document);
        let result = &document["assessment-results"]["results"][0];
        let findings = result["findings"].as_array().unwrap();
        let counts = scored.overall.counts;
        assert_eq!(
            findings.len() as u32,
            scored.overall.applicable - counts.not_applicable
        );
        assert_eq!(
            findings.len() as u32,
            counts.compliant + counts.partial + counts.non_compliant + counts.unanswered
        );
        let state = |id: &str| {
            findings
                .iter()
                .find(|f| f["target"]["target-id"] == id)
                .map(|f| f["target"]["status"]["state"].as_str().unwrap().to_owned())
        };
        assert_eq!(state("GOV-01").as_deref(), Some("satisfied"));
        assert_eq!(state("GOV-02").as_deref(), Some("not-satisfied"));
        assert_eq!(state("GOV-03").as_deref(), Some("not-satisfied"));
        assert_eq!(state("GOV-04"), None, "answered 不适用: no finding");
        let satisfied = findings
            .iter()
            .filter(|f| f["target"]["status"]["state"] == "satisfied")
            .count();
        assert_eq!(satisfied as u32, counts.compliant);
        // Partial says so; the excluded questions are listed.
        let gov02 = findings
            .iter()
            .find(|f| f["target"]["target-id"] == "GOV-02")
            .unwrap();
        assert_eq!(gov02["target"]["status"]["remarks"], "Partially compliant");
        assert!(
            gov02["props"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p["name"] == "answer" && p["value"] == "partial")
        );
        let excluded = result["reviewed-controls"]["control-selections"][0]["exclude-controls"]
            .as_array()
            .unwrap();
        assert_eq!(
            excluded.len(),
            scored.excluded.len() + scored.not_applicable.len()
        );
        assert!(excluded.iter().any(|c| c["control-id"] == "GOV-04"));

        // A risk per gap, linked from its finding, with its priority and remediation.
        let risks = result["risks"].as_array().unwrap();
        assert_eq!(risks.len(), scored.gaps.len());
        let risk = risks
            .iter()
            .find(|r| r["title"].as_str().unwrap().starts_with("GOV-02 "))
            .unwrap();
        assert_eq!(gov02["related-risks"][0]["risk-uuid"], risk["uuid"]);
        assert_eq!(risk["status"], "remediating");
        assert_eq!(risk["deadline"], "2027-03-31T23:59:59+08:00");
        let gap = scored
            .gaps
            .iter()
            .find(|g| g.question.as_str() == "GOV-02")
            .unwrap();
        assert!(
            risk["props"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p["name"] == "priority" && p["value"] == band_token(gap.band))
        );
        assert_eq!(risk["remediations"][0]["props"][0]["value"], "王五");
        assert!(risks.iter().filter(|r| r["status"] == "open").count() == risks.len() - 1);

        // Observations: the note of GOV-01 and both pieces of evidence, with their hashes.
        let observations = result["observations"].as_array().unwrap();
        assert_eq!(observations.len(), 3);
        let gov01 = findings
            .iter()
            .find(|f| f["target"]["target-id"] == "GOV-01")
            .unwrap();
        assert_eq!(gov01["related-observations"].as_array().unwrap().len(), 2);
        let file = observations
            .iter()
            .find(|o| o["methods"][0] == "EXAMINE" && o["relevant-evidence"][0]["href"].is_string())
            .unwrap();
        let sha = format!("{:064x}", 1);
        assert!(
            file["props"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p["name"] == "sha256" && p["value"] == sha.as_str())
        );
        let href = file["relevant-evidence"][0]["href"].as_str().unwrap();
        let resource = document["assessment-results"]["back-matter"]["resources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| format!("#{}", r["uuid"].as_str().unwrap()) == href)
            .unwrap();
        assert_eq!(resource["rlinks"][0]["hashes"][0]["algorithm"], "SHA-256");
        assert_eq!(resource["rlinks"][0]["hashes"][0]["value"], sha.as_str());
        assert_eq!(resource["title"], "任命 文件.pdf");

        // The results name the catalog they use.
        let catalog_id = catalog_uuid(q, Lang::En);
        assert!(
            document["assessment-results"]["metadata"]["props"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p["name"] == "catalog-uuid" && p["value"] == catalog_id.as_str())
        );
    }

    #[test]
    fn status_mapping() {
        assert_eq!(objective_state(Some(AnswerValue::Compliant)), "satisfied");
        for other in [
            Some(AnswerValue::Partial),
            Some(AnswerValue::NonCompliant),
            None,
        ] {
            assert_eq!(objective_state(other), "not-satisfied");
        }
        assert_eq!(risk_status(RemediationStatus::Open), "open");
        assert_eq!(risk_status(RemediationStatus::Done), "closed");
        assert_eq!(
            risk_status(RemediationStatus::Accepted),
            "deviation-approved"
        );
        assert_eq!(day_start("2027-01-01"), "2027-01-01T00:00:00+08:00");
        assert_eq!(day_end("2027-13-01"), None);
    }
}
