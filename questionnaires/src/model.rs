//! The questionnaire model: what the loader produces, the API serves as JSON, the browser renders
//! and the scoring method reads. Every type here serialises with serde so that the same values
//! travel from the server to the browser unchanged.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// A language of the user interface, questionnaire text and reports.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Lang {
    #[default]
    #[serde(rename = "zh-CN")]
    Zh,
    #[serde(rename = "en")]
    En,
}

impl Lang {
    /// The BCP 47 tag, as used in URLs (`?lang=zh-CN`) and in the `lang` attribute.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// Parses a language tag; `zh`, `zh-CN` and `en` (any case) are accepted.
    pub fn parse(tag: &str) -> Option<Lang> {
        match tag.to_ascii_lowercase().as_str() {
            "zh" | "zh-cn" | "zh-hans" => Some(Lang::Zh),
            "en" | "en-us" | "en-gb" => Some(Lang::En),
            _ => None,
        }
    }
}

/// Text in Chinese and English. Chinese is required; English may be empty, in which case the
/// Chinese text is shown (and the loader warns).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Text {
    pub zh: String,
    #[serde(default)]
    pub en: String,
}

impl Text {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Text {
        Text {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// Whether there is no text in either language.
    pub fn is_empty(&self) -> bool {
        self.zh.trim().is_empty() && self.en.trim().is_empty()
    }

    /// The text in `lang`, falling back to Chinese where the English text is missing.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En if !self.en.trim().is_empty() => &self.en,
            _ => &self.zh,
        }
    }
}

/// A stable question id such as `GOV-01`: an upper-case letter, then upper-case letters or
/// digits, a hyphen, and one to three digits. Ids never change once published; a reworded
/// question keeps its id, a replaced one names its predecessors in `replaces`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct QuestionId(String);

impl QuestionId {
    pub fn parse(s: &str) -> Result<QuestionId, String> {
        let valid = s.split_once('-').is_some_and(|(prefix, number)| {
            let mut chars = prefix.chars();
            chars.next().is_some_and(|c| c.is_ascii_uppercase())
                && chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
                && (1..=3).contains(&number.len())
                && number.chars().all(|c| c.is_ascii_digit())
        });
        if valid {
            Ok(QuestionId(s.to_owned()))
        } else {
            Err(format!(
                "`{s}` is not a question id: expected a prefix of capital letters, a hyphen and a number, e.g. `GOV-01`"
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What [`QuestionId::parse`] accepts, as a regular expression (for the API's schema).
pub const QUESTION_ID_PATTERN: &str = "^[A-Z][A-Z0-9]*-[0-9]{1,3}$";

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for QuestionId {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::Type::String)
            .pattern(Some(QUESTION_ID_PATTERN))
            .examples(["GOV-01"])
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for QuestionId {}

impl TryFrom<String> for QuestionId {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        QuestionId::parse(&s)
    }
}

impl From<QuestionId> for String {
    fn from(id: QuestionId) -> String {
        id.0
    }
}

impl fmt::Display for QuestionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A questionnaire, as loaded from one Markdown file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Questionnaire {
    pub id: String,
    pub version: String,
    pub title: Text,
    /// The date from which this version is meant to be used (`YYYY-MM-DD`).
    pub effective: String,
    /// What the questionnaire assesses and for whom, in a sentence or two (`scope.zh` /
    /// `scope.en`), shown where a user chooses a questionnaire; empty when none is given.
    #[serde(default, skip_serializing_if = "Text::is_empty")]
    pub scope: Text,
    /// What one assessment with this questionnaire is about (`subject:`): the whole
    /// organization, or one App of it, which the assessment then has to name.
    #[serde(default, skip_serializing_if = "SubjectKind::is_organization")]
    pub subject: SubjectKind,
    pub thresholds: Thresholds,
    /// The facts asked first; they decide which questions apply.
    pub profile: Vec<Fact>,
    pub domains: Vec<Domain>,
}

impl Questionnaire {
    pub fn questions(&self) -> impl Iterator<Item = (&Domain, &Question)> {
        self.domains
            .iter()
            .flat_map(|d| d.questions.iter().map(move |q| (d, q)))
    }

    pub fn question(&self, id: &QuestionId) -> Option<&Question> {
        self.questions().map(|(_, q)| q).find(|q| &q.id == id)
    }

    pub fn fact(&self, id: &str) -> Option<&Fact> {
        self.profile.iter().find(|f| f.id == id)
    }

    /// The question that an id of this or an earlier version stands for now: the question with
    /// that id, or the one that replaces it.
    pub fn successor(&self, id: &QuestionId) -> Option<&Question> {
        self.question(id).or_else(|| {
            self.questions()
                .map(|(_, q)| q)
                .find(|q| q.replaces.contains(id))
        })
    }
}

impl Question {
    /// The ids whose answers count for this question, in order: its own, then those it
    /// replaces. An earlier cycle's answer to the question is the first of them answered.
    pub fn answer_ids(&self) -> impl Iterator<Item = &QuestionId> {
        std::iter::once(&self.id).chain(&self.replaces)
    }
}

/// What one assessment with a questionnaire is about, as `subject:` in `questionnaire.md`
/// declares it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SubjectKind {
    /// The organization as a whole (the default); an assessment may still name an App.
    #[default]
    Organization,
    /// One App of the organization: every assessment names it (App name and platform at least),
    /// and the next cycle of an App starts from that App's previous assessment.
    App,
}

impl SubjectKind {
    /// The value of `subject:` that means this kind.
    pub fn tag(self) -> &'static str {
        match self {
            SubjectKind::Organization => "organization",
            SubjectKind::App => "app",
        }
    }

    pub fn parse(tag: &str) -> Option<SubjectKind> {
        [SubjectKind::Organization, SubjectKind::App]
            .into_iter()
            .find(|k| k.tag() == tag)
    }

    pub fn is_organization(&self) -> bool {
        *self == SubjectKind::Organization
    }
}

/// Readiness thresholds on the 0–100 score. A questionnaire may override the method's defaults.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Thresholds {
    /// Minimum score for 就绪 Ready.
    pub ready: f64,
    /// Minimum score for 基本就绪 Largely ready.
    pub largely_ready: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            ready: 85.0,
            largely_ready: 70.0,
        }
    }
}

/// A profile fact (单位画像): asked before the questions, it decides which of them apply.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Fact {
    /// Identifier used in applicability conditions, e.g. `important_data`.
    pub id: String,
    pub text: Text,
    /// Help text (Markdown) explaining the threshold, citing the article that sets it.
    pub help: Text,
    pub kind: FactKind,
    /// The articles that set the threshold this fact stands for.
    pub citations: Vec<Citation>,
}

impl Fact {
    /// Whether `value` answers this fact: a boolean for a yes-no fact, one of its options'
    /// ids for a one-of fact.
    pub fn accepts(&self, value: &FactValue) -> bool {
        match (&self.kind, value) {
            (FactKind::YesNo, FactValue::Bool(_)) => true,
            (FactKind::OneOf { options }, FactValue::Choice(choice)) => {
                options.iter().any(|o| &o.id == choice)
            }
            _ => false,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FactKind {
    YesNo,
    /// One of ordered brackets; conditions may compare with `<`, `<=`, `>=`, `>`.
    OneOf {
        options: Vec<FactOption>,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FactOption {
    pub id: String,
    pub label: Text,
}

/// The profile answers of an assessment: fact id → value. JSON: `{"important_data": true,
/// "pi_volume": "1m"}`.
pub type Profile = BTreeMap<String, FactValue>;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum FactValue {
    Bool(bool),
    Choice(String),
}

/// A domain (领域) groups questions; a domain may apply only under a condition (e.g. only for
/// CII operators), which is combined with each question's own condition.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Domain {
    pub id: String,
    pub title: Text,
    pub applies: Condition,
    pub questions: Vec<Question>,
}

/// A question (评估项): one obligation, answered 符合 / 部分符合 / 不符合 / 不适用.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Question {
    pub id: QuestionId,
    pub text: Text,
    /// 1 (minor) to 5 (fundamental).
    pub weight: u8,
    /// 关键项: an obligation with a direct penalty or a duty to report to a regulator.
    pub critical: bool,
    pub applies: Condition,
    pub citations: Vec<Citation>,
    /// What 符合 looks like in practice (Markdown).
    pub guidance: Text,
    /// Typical evidence (Markdown).
    pub evidence: Text,
    /// Remediation advice for a gap (Markdown).
    pub remediation: Text,
    /// How to check the answer by hand (Markdown): a short, repeatable test procedure that
    /// anyone can follow to see whether the question is met, e.g. on a device for an App
    /// ("uninstall, reinstall, first launch: is the privacy policy shown before any permission
    /// request? Keep a screenshot"). Written `### check.zh` / `### check.en`; empty where the
    /// questionnaire gives none. Meant to be shown next to the guidance in the wizard and the
    /// report.
    #[serde(default)]
    pub check: Text,
    /// Ids in earlier versions whose answers carry over to this question.
    pub replaces: Vec<QuestionId>,
}

/// An applicability condition over profile facts, e.g. `important_data or pi_volume >= 1m`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Condition {
    Always,
    /// A yes/no fact is true.
    Fact {
        fact: String,
    },
    /// A one-of fact compared with one of its options, by the options' declared order.
    Compare {
        fact: String,
        cmp: Cmp,
        value: String,
    },
    Not {
        #[cfg_attr(feature = "openapi", schema(no_recursion))]
        arg: Box<Condition>,
    },
    And {
        #[cfg_attr(feature = "openapi", schema(no_recursion))]
        args: Vec<Condition>,
    },
    Or {
        #[cfg_attr(feature = "openapi", schema(no_recursion))]
        args: Vec<Condition>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Cmp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// A reference to an article (条), optionally a paragraph (款) and an item (项) in it. Written
/// `DSL 27.1` or `《数据安全法》第二十七条第一款`.
///
/// In an instrument organised in parts ([`Divisions::Parts`]), `article` is the part and `item`
/// the item in it, and `paragraph` is always `None`: `APP-191 3.2` or `《认定方法》三、2`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Citation {
    /// Instrument id in the catalog, e.g. `DSL`.
    pub instrument: String,
    /// The article, or the part of an instrument organised in parts.
    pub article: u16,
    pub paragraph: Option<u8>,
    pub item: Option<u8>,
}

impl fmt::Display for Citation {
    /// The compact form: `DSL 27`, `DSL 27.1`, `PIPL 13.1.2`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.instrument, self.article)?;
        if let Some(p) = self.paragraph {
            write!(f, ".{p}")?;
        }
        if let Some(i) = self.item {
            write!(f, ".{i}")?;
        }
        Ok(())
    }
}

/// An answer value. 不适用 needs a written reason.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AnswerValue {
    /// 符合
    Compliant,
    /// 部分符合
    Partial,
    /// 不符合
    NonCompliant,
    /// 不适用
    NotApplicable,
}

impl AnswerValue {
    pub const ALL: [AnswerValue; 4] = [
        AnswerValue::Compliant,
        AnswerValue::Partial,
        AnswerValue::NonCompliant,
        AnswerValue::NotApplicable,
    ];

    /// The name on the wire, in the database and in exported files (serde's name).
    pub fn as_str(self) -> &'static str {
        match self {
            AnswerValue::Compliant => "compliant",
            AnswerValue::Partial => "partial",
            AnswerValue::NonCompliant => "non_compliant",
            AnswerValue::NotApplicable => "not_applicable",
        }
    }

    pub fn parse(s: &str) -> Option<AnswerValue> {
        AnswerValue::ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// The value used by the scoring method; `None` for 不适用 (excluded).
    pub fn score(self) -> Option<f64> {
        match self {
            AnswerValue::Compliant => Some(1.0),
            AnswerValue::Partial => Some(0.5),
            AnswerValue::NonCompliant => Some(0.0),
            AnswerValue::NotApplicable => None,
        }
    }

    pub fn label(self) -> Text {
        match self {
            AnswerValue::Compliant => Text::new("符合", "Compliant"),
            AnswerValue::Partial => Text::new("部分符合", "Partially compliant"),
            AnswerValue::NonCompliant => Text::new("不符合", "Non-compliant"),
            AnswerValue::NotApplicable => Text::new("不适用", "Not applicable"),
        }
    }
}

/// An answer to one question.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub value: AnswerValue,
    /// Required (non-blank) when `value` is 不适用.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub na_reason: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// The answers of an assessment, by question id.
pub type Answers = BTreeMap<QuestionId, Answer>;

/// The regulation catalog: every instrument a questionnaire may cite.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Catalog {
    pub instruments: Vec<Instrument>,
}

impl Catalog {
    pub fn instrument(&self, id: &str) -> Option<&Instrument> {
        self.instruments.iter().find(|i| i.id == id)
    }

    /// The catalog entry of the article a citation points at (of the part, in an instrument
    /// organised in parts).
    pub fn article(&self, citation: &Citation) -> Option<&Article> {
        self.instrument(&citation.instrument)?
            .articles
            .iter()
            .find(|a| a.number == citation.article)
    }

    /// The catalog entry of the item a citation points at, in an instrument organised in parts.
    /// `None` for an article's item (articles' items are not catalogued on their own), for a
    /// citation of a whole part, and for an item the catalog does not hold.
    pub fn item(&self, citation: &Citation) -> Option<&Item> {
        let number = citation.item?;
        self.instrument(&citation.instrument)?
            .items()
            .iter()
            .find(|i| i.part == citation.article && i.number == number)
    }

    /// The article that sets the penalty for breaching what a citation points at: the cited
    /// paragraph's own penalty where the catalog gives one, else the article's. `None` where the
    /// catalog names none, or does not hold the cited article.
    pub fn penalty_for(&self, citation: &Citation) -> Option<&Citation> {
        self.article(citation)?.penalty_for(citation.paragraph)
    }
}

/// A law, regulation or rule (法律、行政法规、部门规章、规范性文件).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Instrument {
    /// Short id used in citations, e.g. `DSL`, `PIPL`, `NDSR`, `CSL`, `MIIT-DSM`.
    pub id: String,
    /// Full official name, e.g. 中华人民共和国数据安全法.
    pub name: Text,
    /// Short name used in citations, e.g. 数据安全法.
    pub short: Text,
    pub issuer: Text,
    /// Document number (文号) as the official text shows it, e.g. 国家互联网信息办公室令第16号;
    /// `—` where the text obtained gives none.
    pub doc_no: String,
    /// `YYYY-MM-DD`
    pub promulgated: String,
    /// `YYYY-MM-DD`
    pub effective: String,
    pub status: InstrumentStatus,
    /// Number of articles in the instrument (of parts, for an instrument organised in parts); a
    /// citation beyond it is an error. 0 where the total is not known.
    pub article_count: u16,
    /// The articles that questionnaires cite, with our summaries; the parts, for an instrument
    /// organised in parts.
    pub articles: Vec<Article>,
    /// How the instrument is divided: articles (the default), or parts and items.
    #[serde(default, skip_serializing_if = "Divisions::is_articles")]
    pub divisions: Divisions,
}

impl Instrument {
    /// The items the catalog holds, for an instrument organised in parts; none otherwise.
    pub fn items(&self) -> &[Item] {
        match &self.divisions {
            Divisions::Articles => &[],
            Divisions::Parts { items, .. } => items,
        }
    }
}

/// How an instrument is divided, which decides how its citations are written, checked and shown.
/// Laws, regulations and rules have articles (第二十七条第一款第（二）项); normative documents and
/// notices are often written in numbered parts with items (三、2 or 二、（一）) and have no articles.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Divisions {
    /// 第X条 articles, with 款 paragraphs and （X） items.
    #[default]
    Articles,
    /// Parts 一、二、… (catalogued in [`Instrument::articles`], `number` being the part) with
    /// items, each catalogued on its own: only an item listed here can be cited.
    Parts {
        /// How the items are numbered in the official text, and so in citations shown.
        numbering: ItemNumbering,
        /// The catalogued items, by part and number.
        items: Vec<Item>,
    },
}

impl Divisions {
    pub fn is_articles(&self) -> bool {
        *self == Divisions::Articles
    }
}

/// How the items of a part are numbered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ItemNumbering {
    /// 1. 2. 3. — shown `三、2` and `III.2`.
    Arabic,
    /// （一）（二）（三） — shown `二、（一）` and `II(1)`.
    #[default]
    Chinese,
}

/// An item of a part, in an instrument organised in parts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Item {
    /// The part the item belongs to.
    pub part: u16,
    /// The item's number in its part, from 1.
    pub number: u8,
    /// Summary in our own words.
    pub summary: Text,
    /// The official Chinese text of the item (without its number), where the catalog carries it.
    pub official_text: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum InstrumentStatus {
    InForce,
    Amended,
    Repealed,
    Draft,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Article {
    pub number: u16,
    /// Number of paragraphs (款); a citation of a paragraph beyond it is an error.
    pub paragraphs: u8,
    /// Summary in our own words.
    pub summary: Text,
    /// The article that sets the penalty for breaching this one, if any. It applies to the article
    /// as a whole and to every paragraph without its own entry in `paragraph_penalties`.
    pub penalty: Option<Citation>,
    /// Penalties of single paragraphs, where the law penalises the paragraphs of an article
    /// differently (e.g. only one of them, or each under another article); in paragraph order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub paragraph_penalties: Vec<ParagraphPenalty>,
    /// The official Chinese text, quoted exactly, where the catalog carries it.
    pub official_text: Option<String>,
}

impl Article {
    /// The penalty for breaching the given paragraph (`None`: the article as a whole): the
    /// paragraph's own penalty if it has one, else the article's.
    pub fn penalty_for(&self, paragraph: Option<u8>) -> Option<&Citation> {
        paragraph
            .and_then(|p| self.paragraph_penalties.iter().find(|pp| pp.paragraph == p))
            .map(|pp| &pp.penalty)
            .or(self.penalty.as_ref())
    }
}

/// The penalty for breaching one paragraph (款) of an article, declared `penalty.N: <citation>`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ParagraphPenalty {
    /// The paragraph, from 1.
    pub paragraph: u8,
    /// The article (paragraph, item) that sets the penalty.
    pub penalty: Citation,
}

impl Condition {
    /// Whether the condition holds for a profile. `facts` gives the order of one-of options. A
    /// fact the profile has not answered yet counts as false (and matches no comparison).
    pub fn eval(&self, facts: &[Fact], profile: &Profile) -> bool {
        match self {
            Condition::Always => true,
            Condition::Fact { fact } => matches!(profile.get(fact), Some(FactValue::Bool(true))),
            Condition::Compare { fact, cmp, value } => {
                let Some(FactValue::Choice(chosen)) = profile.get(fact) else {
                    return false;
                };
                let Some(FactKind::OneOf { options }) =
                    facts.iter().find(|f| &f.id == fact).map(|f| &f.kind)
                else {
                    return false;
                };
                let rank = |id: &str| options.iter().position(|o| o.id == id);
                let (Some(a), Some(b)) = (rank(chosen), rank(value)) else {
                    return false;
                };
                match cmp {
                    Cmp::Eq => a == b,
                    Cmp::Ne => a != b,
                    Cmp::Lt => a < b,
                    Cmp::Le => a <= b,
                    Cmp::Gt => a > b,
                    Cmp::Ge => a >= b,
                }
            }
            Condition::Not { arg } => !arg.eval(facts, profile),
            Condition::And { args } => args.iter().all(|c| c.eval(facts, profile)),
            Condition::Or { args } => args.iter().any(|c| c.eval(facts, profile)),
        }
    }
}

/// Everything the loader produces: the regulation catalog and every questionnaire version, with
/// the versions of the instruments that record them and the changes each questionnaire version
/// declares against the one before it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Library {
    pub catalog: Catalog,
    pub questionnaires: Vec<Questionnaire>,
    /// The recorded versions (amendments, renumbering) of the instruments whose catalog files
    /// declare them, in catalog order: see [`Library::history`] and
    /// [`Library::instruments_cited`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub histories: Vec<crate::history::History>,
    /// What each questionnaire version declares it changed (its `changes.md`), as checked by the
    /// loader against [`crate::diff::diff`] of it and the version before: see
    /// [`Library::changes`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<crate::diff::ChangeLog>,
}

impl Library {
    /// The latest version of a questionnaire (by version number, `2026.10` after `2026.9`).
    pub fn questionnaire(&self, id: &str) -> Option<&Questionnaire> {
        self.questionnaires
            .iter()
            .filter(|q| q.id == id)
            .max_by(|a, b| compare_versions(&a.version, &b.version))
    }

    /// A given version of a questionnaire.
    pub fn version(&self, id: &str, version: &str) -> Option<&Questionnaire> {
        self.questionnaires
            .iter()
            .find(|q| q.id == id && q.version == version)
    }

    /// The versions of a questionnaire, oldest first.
    pub fn versions(&self, id: &str) -> Vec<&Questionnaire> {
        let mut versions: Vec<&Questionnaire> =
            self.questionnaires.iter().filter(|q| q.id == id).collect();
        versions.sort_by(|a, b| compare_versions(&a.version, &b.version));
        versions
    }

    /// The version of the same questionnaire just before `questionnaire`; `None` for its first.
    pub fn previous(&self, questionnaire: &Questionnaire) -> Option<&Questionnaire> {
        self.versions(&questionnaire.id)
            .into_iter()
            .rev()
            .find(|q| compare_versions(&q.version, &questionnaire.version).is_lt())
    }
}

/// Compares versions such as `2026.1` number by number; a part that is not a number compares as
/// text after the numbers.
pub fn compare_versions(a: &str, b: &str) -> std::cmp::Ordering {
    let key = |v: &str| -> Vec<(u64, String)> {
        v.split('.')
            .map(|p| {
                p.parse::<u64>()
                    .map_or((u64::MAX, p.to_owned()), |n| (n, String::new()))
            })
            .collect()
    };
    key(a).cmp(&key(b))
}
