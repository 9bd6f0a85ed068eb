//! Schemas of the API document for values whose rules live in code: text fields with their
//! length limits (the same constants the handlers check), the patterns that say what
//! `crate::domain` accepts, and the content of this server (questionnaire ids, profile facts and
//! question ids are enumerated from what it loaded). A client built from the document then sends
//! what the server takes, and the server takes what the document allows.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use questionnaires::{AnswerValue, FactKind, FactValue, Library, QUESTION_ID_PATTERN};
use utoipa::openapi::extensions::Extensions;
use utoipa::openapi::schema::{
    AdditionalProperties, AnyOfBuilder, KnownFormat, ObjectBuilder, Schema, SchemaFormat,
};
use utoipa::openapi::{OpenApi, RefOr, Type};
use utoipa::{PartialSchema, ToSchema};

use super::assessments::{NA_REASON_MAX, NOTE_MAX};
use crate::domain::{CONTROL, USCC_SHAPE, WHITESPACE};
use crate::store::model::Status;

/// A one-line text that must not be blank: at most `max` characters as sent, no control
/// characters, at least one that is not white space (`crate::domain::required`).
pub fn required_line(max: usize) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .min_length(Some(1))
        .max_length(Some(max))
        .pattern(Some(format!(
            "^[^{CONTROL}]*[^{CONTROL}{WHITESPACE}][^{CONTROL}]*$"
        )))
}

/// A one-line text that may be empty: at most `max` characters, no control characters
/// (`crate::domain::line`).
pub fn line(max: usize) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .max_length(Some(max))
        .pattern(Some(format!("^[^{CONTROL}]*$")))
}

/// Free text (notes, comments, reasons): any characters, at most `max` of them.
pub fn text(max: usize) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .max_length(Some(max))
}

/// Free text that must say something: at least one character that is not white space.
pub fn required_text(max: usize) -> ObjectBuilder {
    text(max)
        .min_length(Some(1))
        .pattern(Some(format!("[^{WHITESPACE}]")))
}

/// A calendar date, `YYYY-MM-DD`.
pub fn date() -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date)))
}

/// `schema` or `null`.
pub fn nullable(schema: ObjectBuilder) -> RefOr<Schema> {
    AnyOfBuilder::new()
        .item(schema)
        .item(ObjectBuilder::new().schema_type(Type::Null))
        .into()
}

/// A string that is one of `values`.
pub fn one_of<'a>(values: impl IntoIterator<Item = &'a str>) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(values.into_iter().map(str::to_owned)))
}

/// 统一社会信用代码: the shape `Uscc::parse` accepts, with the custom format `uscc` for the check
/// character that no pattern can state.
pub fn uscc() -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .format(Some(SchemaFormat::Custom("uscc".to_owned())))
        .pattern(Some(format!(
            "^[{WHITESPACE}]*{USCC_SHAPE}[{WHITESPACE}]*$"
        )))
        .examples(["91350100M000100Y43"])
}

/// The body of `PUT /api/assessments/{id}/answers/{question}` (`AnswerBody`): a value, a note,
/// the revision last seen, and for `not_applicable` a reason that is not blank.
pub struct AnswerBodySchema;

impl PartialSchema for AnswerBodySchema {
    fn schema() -> RefOr<Schema> {
        let fields = ObjectBuilder::new()
            .schema_type(Type::Object)
            .property("value", AnswerValue::schema())
            .required("value")
            .property(
                "na_reason",
                with_description(
                    nullable(text(NA_REASON_MAX)),
                    "Why the question does not apply: required (not blank) with \
                     `not_applicable`, ignored with any other value.",
                ),
            )
            .property("note", text(NOTE_MAX))
            .property(
                "revision",
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
                    .minimum(Some(0))
                    .description(Some(
                        "The revision the client last saw; 0 for a question it saw unanswered.",
                    )),
            )
            .required("revision");
        let scored = ObjectBuilder::new()
            .schema_type(Type::Object)
            .property("value", one_of(["compliant", "partial", "non_compliant"]));
        let not_applicable = ObjectBuilder::new()
            .schema_type(Type::Object)
            .property("value", one_of(["not_applicable"]))
            .property("na_reason", required_text(NA_REASON_MAX))
            .required("na_reason");
        any_of(fields, [scored, not_applicable]).into()
    }
}

impl ToSchema for AnswerBodySchema {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("AnswerBody")
    }
}

/// The body of `POST /api/assessments/{id}/status` (`StatusBody`): the status to move to, and
/// for `draft` (reopening) a reason that is not blank.
pub struct StatusBodySchema;

impl PartialSchema for StatusBodySchema {
    fn schema() -> RefOr<Schema> {
        let fields = ObjectBuilder::new()
            .schema_type(Type::Object)
            .property("to", Status::schema())
            .required("to")
            .property(
                "reason",
                with_description(
                    nullable(text(NA_REASON_MAX)),
                    "Why the assessment is reopened: required (not blank) with `draft`, \
                     recorded in the audit log.",
                ),
            );
        let forward = ObjectBuilder::new()
            .schema_type(Type::Object)
            .property("to", one_of(["submitted", "approved", "archived"]));
        let reopen = ObjectBuilder::new()
            .schema_type(Type::Object)
            .property("to", one_of(["draft"]))
            .property("reason", required_text(NA_REASON_MAX))
            .required("reason");
        any_of(fields, [forward, reopen]).into()
    }
}

impl ToSchema for StatusBodySchema {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("StatusBody")
    }
}

/// A questionnaire id this server has loaded; `describe_content` lists them.
pub struct KnownQuestionnaire;

impl PartialSchema for KnownQuestionnaire {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new().schema_type(Type::String).into()
    }
}

impl ToSchema for KnownQuestionnaire {}

/// A question id of the loaded questionnaires; `describe_content` lists them.
pub struct KnownQuestionId;

impl PartialSchema for KnownQuestionId {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some(QUESTION_ID_PATTERN))
            .into()
    }
}

impl ToSchema for KnownQuestionId {}

/// A profile of the loaded questionnaires' facts; `describe_content` names them.
pub struct KnownProfile;

impl PartialSchema for KnownProfile {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::Object)
            .additional_properties(Some(FactValue::schema()))
            .into()
    }
}

impl ToSchema for KnownProfile {}

/// Fills in the schemas that depend on the content this server loaded: the questionnaire ids,
/// the question ids (of every version loaded; an assessment takes those of its own version) and
/// the profile facts with the values each takes.
pub fn describe_content(openapi: &mut OpenApi, library: &Library) {
    let Some(components) = openapi.components.as_mut() else {
        return;
    };
    let questionnaires: BTreeSet<&str> = library
        .questionnaires
        .iter()
        .map(|q| q.id.as_str())
        .collect();
    let questions: BTreeSet<&str> = library
        .questionnaires
        .iter()
        .flat_map(|q| q.questions().map(|(_, question)| question.id.as_str()))
        .collect();
    // Fact id → the values it takes in any loaded version (a fact kept across versions has the
    // same kind in each; if one changed kind, either kind is documented).
    let mut facts: BTreeMap<&str, (bool, BTreeSet<&str>)> = BTreeMap::new();
    for fact in library.questionnaires.iter().flat_map(|q| &q.profile) {
        let entry = facts.entry(fact.id.as_str()).or_default();
        match &fact.kind {
            FactKind::YesNo => entry.0 = true,
            FactKind::OneOf { options } => entry.1.extend(options.iter().map(|o| o.id.as_str())),
        }
    }
    let mut profile = ObjectBuilder::new()
        .schema_type(Type::Object)
        .additional_properties(Some(AdditionalProperties::FreeForm(false)))
        .description(Some(
            "Fact id → `true`/`false` (yes/no facts) or an option id (one-of facts); the facts \
             are those of the questionnaire version the assessment is pinned to.",
        ));
    for (id, (yes_no, options)) in &facts {
        let mut kinds = Vec::new();
        if *yes_no {
            kinds.push(ObjectBuilder::new().schema_type(Type::Boolean));
        }
        if !options.is_empty() {
            kinds.push(one_of(options.iter().copied()));
        }
        let value: RefOr<Schema> = match kinds.len() {
            1 => kinds.remove(0).into(),
            _ => kinds
                .into_iter()
                .fold(AnyOfBuilder::new(), AnyOfBuilder::item)
                .into(),
        };
        profile = profile.property(*id, value);
    }
    components.schemas.insert(
        KnownQuestionnaire::name().into_owned(),
        one_of(questionnaires).into(),
    );
    components.schemas.insert(
        KnownQuestionId::name().into_owned(),
        one_of(questions).into(),
    );
    components
        .schemas
        .insert(KnownProfile::name().into_owned(), profile.into());
}

/// `object` with an `anyOf` of `alternatives` beside its properties, so that the properties
/// stay where clients (and Schemathesis, which reads a form's part types there) look for them.
/// utoipa's `Object` has no field for applicators; the keyword goes through its extensions,
/// which are serialised flat into the object.
pub fn any_of(
    object: ObjectBuilder,
    alternatives: impl IntoIterator<Item = ObjectBuilder>,
) -> ObjectBuilder {
    let alternatives: Vec<serde_json::Value> = alternatives
        .into_iter()
        .map(|a| serde_json::to_value(a.build()).unwrap_or_default())
        .collect();
    let mut extensions = Extensions::default();
    extensions.insert("anyOf".to_owned(), alternatives.into());
    object.extensions(Some(extensions))
}

fn with_description(schema: RefOr<Schema>, description: &str) -> RefOr<Schema> {
    match schema {
        RefOr::T(Schema::AnyOf(mut any)) => {
            any.description = Some(description.to_owned());
            RefOr::T(Schema::AnyOf(any))
        }
        other => other,
    }
}
