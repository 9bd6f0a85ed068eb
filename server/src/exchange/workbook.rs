//! The fill-in workbook: an assessment's questions as an Excel file that a department answers
//! offline and uploads back.
//!
//! Writing: one sheet per domain (named by its title within Excel's rules), a header row frozen,
//! the answer chosen from a drop-down of the four answers in the workbook's language, and hidden
//! columns holding the answer as it was when the workbook was made (value, revision, reason,
//! note). The sheets are protected so that only the answer, N/A-reason and note cells can be
//! edited. A hidden sheet names the assessment, the questionnaire version and the sheets.
//!
//! Reading: [`plan`] checks every row (unknown question, an answer outside the list, 不适用
//! without a reason, a question the profile excludes, text over the limits of the answer save
//! path, a missing sheet or header) and names each error by sheet and cell; it returns the
//! changes the file would make and the conflicts: rows changed in the file whose answer was also
//! changed in Ziping since the workbook was made. Nothing is written here; applying a plan is
//! the HTTP layer's call of `Store::save_answers`, all or nothing.

use std::collections::HashSet;
use std::io::Cursor;

use calamine::{Data, Range, Reader, Xlsx, open_workbook_from_rs};
use questionnaires::{AnswerValue, Domain, Lang, Library, Question, QuestionId, Questionnaire};
use rust_xlsxwriter::{DataValidation, Format, FormatAlign, Workbook};
use serde::Serialize;
use utoipa::ToSchema;

use super::{ExchangeError, Pinned, answer_label, load, pick, sheet_name};
use crate::store::Store;
use crate::store::model::{Assessment, StoredAnswer};

// The limits of the answer save path.
use crate::http::{NA_REASON_MAX, NOTE_MAX};

/// The hidden sheet that says which assessment a workbook is for.
pub const META_SHEET: &str = "_ziping";
/// Longest short guidance written into a row, in characters.
const GUIDANCE_MAX: usize = 300;

/// The columns of a domain sheet, in order.
const ID: u16 = 0;
const DOMAIN: u16 = 1;
const TEXT: u16 = 2;
const APPLICABILITY: u16 = 3;
const GUIDANCE: u16 = 4;
const ANSWER: u16 = 5;
const NA_REASON: u16 = 6;
const NOTE: u16 = 7;
const WAS_VALUE: u16 = 8;
const WAS_REVISION: u16 = 9;
const WAS_NA_REASON: u16 = 10;
const WAS_NOTE: u16 = 11;
const COLUMNS: u16 = 12;

/// Header of each column in Chinese and English, and its width.
const HEADERS: [(&str, &str, f64); COLUMNS as usize] = [
    ("评估项编号", "Question", 11.0),
    ("领域", "Domain", 16.0),
    ("评估项", "Question text", 50.0),
    ("适用性", "Applicability", 18.0),
    ("简要指引", "Guidance", 40.0),
    ("答案", "Answer", 16.0),
    ("不适用理由", "N/A reason", 28.0),
    ("备注", "Note", 36.0),
    ("下载时答案", "Answer when downloaded", 12.0),
    ("下载时修订", "Revision when downloaded", 8.0),
    ("下载时不适用理由", "N/A reason when downloaded", 12.0),
    ("下载时备注", "Note when downloaded", 12.0),
];

/// Which questions a workbook holds and in which language.
#[derive(Clone, Debug)]
pub struct WorkbookOptions {
    pub lang: Lang,
    /// One domain's questions only; all when `None`.
    pub domain: Option<String>,
}

/// The fill-in workbook of assessment `id`.
pub async fn fill_in(
    store: &Store,
    library: &Library,
    id: i64,
    options: &WorkbookOptions,
) -> Result<Vec<u8>, ExchangeError> {
    let pinned = load(store, library, id).await?;
    write(&pinned, options)
}

/// The file name of a fill-in workbook: `ziping-7-workbook.xlsx`.
pub fn file_name(id: i64) -> String {
    format!("ziping-{id}-workbook.xlsx")
}

/// Writes the fill-in workbook of an assessment.
pub fn write(pinned: &Pinned<'_>, options: &WorkbookOptions) -> Result<Vec<u8>, ExchangeError> {
    let Pinned {
        assessment,
        questionnaire,
    } = pinned;
    let lang = options.lang;
    let domains: Vec<&Domain> = match &options.domain {
        None => questionnaire.domains.iter().collect(),
        Some(id) => vec![
            questionnaire
                .domains
                .iter()
                .find(|d| &d.id == id)
                .ok_or_else(|| ExchangeError::UnknownDomain {
                    questionnaire: questionnaire.id.clone(),
                    domain: id.clone(),
                })?,
        ],
    };
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color("#DDE6F0");
    let fixed = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color("#F3F3F3");
    let editable = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_unlocked();
    let labels: Vec<String> = AnswerValue::ALL
        .iter()
        .map(|&v| answer_label(v, lang))
        .collect();
    let mut workbook = Workbook::new();
    let mut taken = vec![META_SHEET.to_owned()];
    let mut sheets = Vec::new();
    for domain in domains {
        let name = sheet_name(domain.title.get(lang), &mut taken);
        let sheet = workbook.add_worksheet();
        sheet.set_name(&name)?;
        for (col, (zh, en, width)) in (0u16..).zip(HEADERS) {
            sheet.write_string_with_format(0, col, pick(lang, zh, en), &header)?;
            sheet.set_column_width(col, width)?;
        }
        let mut row = 0u32;
        for question in &domain.questions {
            row += 1;
            let stored = assessment.answers.get(question.id.as_str());
            let applies = applicability(questionnaire, domain, question, assessment);
            let cells = [
                (ID, question.id.as_str().to_owned()),
                (DOMAIN, domain.title.get(lang).to_owned()),
                (TEXT, question.text.get(lang).to_owned()),
                (APPLICABILITY, applies.describe(lang)),
                (GUIDANCE, short_guidance(question.guidance.get(lang))),
            ];
            for (col, text) in cells {
                sheet.write_string_with_format(row, col, text, &fixed)?;
            }
            let answer = stored
                .map(|a| answer_label(a.value, lang))
                .unwrap_or_default();
            let reason = stored.and_then(|a| a.na_reason.clone()).unwrap_or_default();
            let note = stored.map(|a| a.note.clone()).unwrap_or_default();
            sheet.write_string_with_format(row, ANSWER, &answer, &editable)?;
            sheet.write_string_with_format(row, NA_REASON, &reason, &editable)?;
            sheet.write_string_with_format(row, NOTE, &note, &editable)?;
            let was = stored.map(|a| a.value.as_str()).unwrap_or_default();
            sheet.write_string(row, WAS_VALUE, was)?;
            sheet.write_number(row, WAS_REVISION, stored.map_or(0.0, |a| a.revision as f64))?;
            sheet.write_string(row, WAS_NA_REASON, &reason)?;
            sheet.write_string(row, WAS_NOTE, &note)?;
        }
        if row > 0 {
            let validation = DataValidation::new()
                .allow_list_strings(&labels)?
                .set_error_title(pick(lang, "不是可选答案", "Not an answer"))?
                .set_error_message(format!(
                    "{} {}",
                    pick(lang, "请从列表中选择：", "Choose from the list:"),
                    labels.join(pick(lang, "、", ", "))
                ))?;
            sheet.add_data_validation(1, ANSWER, row, ANSWER, &validation)?;
        }
        for col in [WAS_VALUE, WAS_REVISION, WAS_NA_REASON, WAS_NOTE] {
            sheet.set_column_hidden(col)?;
        }
        sheet.set_freeze_panes(1, 1)?;
        sheet.protect();
        sheets.push((domain.id.clone(), name));
    }
    let meta = workbook.add_worksheet();
    meta.set_name(META_SHEET)?;
    let facts = [
        ("assessment", assessment.id.to_string()),
        ("questionnaire", questionnaire.id.clone()),
        ("version", questionnaire.version.clone()),
        ("lang", lang.tag().to_owned()),
    ];
    let mut row = 0u32;
    for (key, value) in facts {
        meta.write_string(row, 0, key)?;
        meta.write_string(row, 1, value)?;
        row += 1;
    }
    for (domain, name) in &sheets {
        meta.write_string(row, 0, "sheet")?;
        meta.write_string(row, 1, domain)?;
        meta.write_string(row, 2, name)?;
        row += 1;
    }
    meta.set_hidden(true);
    meta.protect();
    Ok(workbook.save_to_buffer()?)
}

/// Whether a question applies to the assessment's profile, and if not, by which condition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Applicability {
    /// The condition that is false for the profile; `None` when the question applies.
    pub excluded_by: Option<String>,
}

impl Applicability {
    pub fn applies(&self) -> bool {
        self.excluded_by.is_none()
    }

    /// `适用`, or `不适用于本单位画像（条件：…）`.
    pub fn describe(&self, lang: Lang) -> String {
        match &self.excluded_by {
            None => pick(lang, "适用", "Applies").to_owned(),
            Some(condition) => match lang {
                Lang::Zh => format!("不适用于本单位画像（条件：{condition}）"),
                Lang::En => format!("Does not apply to this profile (condition: {condition})"),
            },
        }
    }
}

/// Whether `question` of `domain` applies to the assessment's profile (its domain's condition
/// is checked first, as the scoring method does).
pub fn applicability(
    questionnaire: &Questionnaire,
    domain: &Domain,
    question: &Question,
    assessment: &Assessment,
) -> Applicability {
    let facts = &questionnaire.profile;
    let profile = &assessment.profile;
    let excluded_by = if !domain.applies.eval(facts, profile) {
        Some(domain.applies.to_string())
    } else if !question.applies.eval(facts, profile) {
        Some(question.applies.to_string())
    } else {
        None
    };
    Applicability { excluded_by }
}

/// The first paragraph of the guidance as plain text, at most [`GUIDANCE_MAX`] characters.
fn short_guidance(markdown: &str) -> String {
    // The first paragraph that is not a heading.
    let paragraph = markdown
        .split("\n\n")
        .map(str::trim)
        .find(|p| !p.is_empty() && !p.starts_with('#'))
        .unwrap_or_default();
    let plain: String = paragraph
        .lines()
        .map(|line| line.trim_start_matches(['#', '>', '-', '*', ' ']))
        .collect::<Vec<_>>()
        .join(" ")
        .replace(['*', '`'], "");
    let plain = plain.split_whitespace().collect::<Vec<_>>().join(" ");
    if plain.chars().count() > GUIDANCE_MAX {
        let mut short: String = plain.chars().take(GUIDANCE_MAX - 1).collect();
        short.push('…');
        short
    } else {
        plain
    }
}

/// An answer as a row of the workbook gives it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct RowAnswer {
    pub value: AnswerValue,
    /// Present exactly when `value` is `not_applicable`.
    pub na_reason: Option<String>,
    pub note: String,
}

impl RowAnswer {
    fn of(stored: &StoredAnswer) -> RowAnswer {
        RowAnswer {
            value: stored.value,
            na_reason: stored.na_reason.clone(),
            note: stored.note.clone(),
        }
    }
}

/// A row whose answer the file changes.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct RowChange {
    /// Where the row is: `组织与责任!F12` names its answer cell.
    pub cell: String,
    pub question_id: String,
    /// The answer stored now; null when the question is unanswered.
    pub before: Option<StoredAnswer>,
    pub after: RowAnswer,
}

/// A row changed in the file whose answer was also changed in Ziping after the workbook was
/// made: applying it would overwrite that change.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct RowConflict {
    pub cell: String,
    pub question_id: String,
    /// The revision the workbook was made from (0: unanswered then).
    pub downloaded_revision: i64,
    /// The answer stored now.
    pub current: Option<StoredAnswer>,
    /// The answer in the file.
    pub file: RowAnswer,
}

/// A cell that cannot be taken, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct CellError {
    /// `Sheet!A1`.
    pub cell: String,
    /// In the request's language, starting with the cell.
    pub message: String,
}

/// What an uploaded workbook would do.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Plan {
    /// True when there are no errors: the file can be applied (conflicts resolved).
    pub valid: bool,
    pub changes: Vec<RowChange>,
    pub conflicts: Vec<RowConflict>,
    pub errors: Vec<CellError>,
    /// Rows that change nothing.
    pub unchanged: usize,
}

/// Why an uploaded file cannot be read as this assessment's workbook at all.
#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    #[error("{0}")]
    NotAWorkbook(String),
    #[error(transparent)]
    Exchange(#[from] ExchangeError),
}

/// Reads an uploaded workbook against the stored assessment `id` and says what it would do.
pub async fn preview(
    store: &Store,
    library: &Library,
    id: i64,
    bytes: &[u8],
    lang: Lang,
) -> Result<Plan, UploadError> {
    let pinned = load(store, library, id).await?;
    plan(&pinned, bytes, lang)
}

/// Checks every row of an uploaded workbook against the assessment as stored now.
pub fn plan(pinned: &Pinned<'_>, bytes: &[u8], lang: Lang) -> Result<Plan, UploadError> {
    let Pinned {
        assessment,
        questionnaire,
    } = pinned;
    let not_a_workbook = |zh: String, en: String| {
        UploadError::NotAWorkbook(match lang {
            Lang::Zh => zh,
            Lang::En => en,
        })
    };
    let mut workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| {
        not_a_workbook(
            format!("该文件不是可读取的 Excel 工作簿（.xlsx）：{e}。"),
            format!("The file is not an Excel workbook (.xlsx) that can be read: {e}."),
        )
    })?;
    let meta = workbook.worksheet_range(META_SHEET).map_err(|_| {
        not_a_workbook(
            format!(
                "该工作簿没有隐藏工作表 {META_SHEET}，不是从自评下载的填报工作簿；请先下载本评估的填报工作簿。"
            ),
            format!(
                "The workbook has no hidden sheet {META_SHEET}, so it is not a fill-in workbook downloaded from Ziping; download this assessment's workbook first."
            ),
        )
    })?;
    let meta_value = |key: &str| -> Option<String> {
        meta.rows()
            .find(|r| r.first().map(cell_text).as_deref() == Some(key))
            .and_then(|r| r.get(1).map(cell_text))
    };
    let for_assessment = meta_value("assessment").unwrap_or_default();
    if for_assessment != assessment.id.to_string() {
        return Err(not_a_workbook(
            format!(
                "该工作簿属于评估 {for_assessment}，不是评估 {}；请上传本评估的填报工作簿。",
                assessment.id
            ),
            format!(
                "The workbook is for assessment {for_assessment}, not {}; upload this assessment's workbook.",
                assessment.id
            ),
        ));
    }
    let version = meta_value("version").unwrap_or_default();
    if meta_value("questionnaire").as_deref() != Some(questionnaire.id.as_str())
        || version != questionnaire.version
    {
        return Err(not_a_workbook(
            format!(
                "该工作簿是按问卷版本 {version} 制作的，本评估使用 {} 版本 {}；请重新下载填报工作簿。",
                questionnaire.id, questionnaire.version
            ),
            format!(
                "The workbook was made for questionnaire version {version}; this assessment uses {} version {}. Download the workbook again.",
                questionnaire.id, questionnaire.version
            ),
        ));
    }
    let sheets: Vec<String> = meta
        .rows()
        .filter(|r| r.first().map(cell_text).as_deref() == Some("sheet"))
        .filter_map(|r| r.get(2).map(cell_text))
        .collect();
    let workbook_lang = meta_value("lang")
        .as_deref()
        .and_then(Lang::parse)
        .unwrap_or(lang);
    let mut check = Check {
        lang,
        workbook_lang,
        assessment,
        questionnaire,
        plan: Plan {
            valid: true,
            changes: Vec::new(),
            conflicts: Vec::new(),
            errors: Vec::new(),
            unchanged: 0,
        },
        seen: HashSet::new(),
    };
    for name in &sheets {
        match workbook.worksheet_range(name) {
            Ok(range) => check.sheet(name, &range),
            Err(_) => check.error(
                format!("{}!A1", quoted(name)),
                format!("工作表“{name}”不见了；不要删除或重命名工作表。"),
                format!("Sheet “{name}” is missing; do not delete or rename the sheets."),
            ),
        }
    }
    let mut plan = check.plan;
    plan.valid = plan.errors.is_empty();
    Ok(plan)
}

/// A sheet name as a cell reference writes it: quoted when it has spaces or punctuation.
fn quoted(name: &str) -> String {
    if name.chars().all(|c| c.is_alphanumeric() || c == '_') {
        name.to_owned()
    } else {
        format!("'{}'", name.replace('\'', "''"))
    }
}

/// A cell's content as text: numbers as they read, an empty cell as "".
fn cell_text(data: &Data) -> String {
    match data {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
        other => other.to_string(),
    }
}

/// `F12` for row 11 (0-based) of column F.
fn cell_name(sheet: &str, row: u32, col: u16) -> String {
    let letter = char::from(b'A' + u8::try_from(col).unwrap_or(25).min(25));
    format!("{}!{letter}{}", quoted(sheet), row + 1)
}

struct Check<'a> {
    /// The language of the messages.
    lang: Lang,
    /// The language the workbook was made in.
    workbook_lang: Lang,
    assessment: &'a Assessment,
    questionnaire: &'a Questionnaire,
    plan: Plan,
    seen: HashSet<String>,
}

impl Check<'_> {
    fn error(&mut self, cell: String, zh: String, en: String) {
        let text = match self.lang {
            Lang::Zh => zh,
            Lang::En => en,
        };
        self.plan.errors.push(CellError {
            message: format!("{cell}: {text}"),
            cell,
        });
    }

    fn sheet(&mut self, name: &str, range: &Range<Data>) {
        let at = |row: u32, col: u16| -> String {
            range
                .get_value((row, u32::from(col)))
                .map(cell_text)
                .unwrap_or_default()
        };
        // The header in either language: a workbook made in English is read the same.
        for (col, (zh, en, _)) in (0u16..).zip(HEADERS) {
            let found = at(0, col);
            if found.trim() != zh && found.trim() != en {
                self.error(
                    cell_name(name, 0, col),
                    format!("表头应为“{zh}”，现为“{found}”；不要移动、删除或插入列。"),
                    format!(
                        "the header should be “{en}”, not “{found}”; do not move, delete or insert columns."
                    ),
                );
                return;
            }
        }
        let last = range.end().map_or(0, |(row, _)| row);
        for row in 1..=last {
            let cells: Vec<String> = (0..COLUMNS).map(|col| at(row, col)).collect();
            self.row(name, row, &cells);
        }
    }

    fn row(&mut self, sheet: &str, row: u32, cells: &[String]) {
        let cell = |col: u16| cell_name(sheet, row, col);
        let get = |col: u16| cells.get(usize::from(col)).cloned().unwrap_or_default();
        let id_text = get(ID).trim().to_owned();
        let (answer, reason, note) = (get(ANSWER), get(NA_REASON), get(NOTE));
        if id_text.is_empty() {
            if !(answer.trim().is_empty() && reason.trim().is_empty() && note.trim().is_empty()) {
                self.error(
                    cell(ID),
                    "这一行没有评估项编号；答案只能填在已有评估项的行中。".to_owned(),
                    "this row has no question id; answers go in the rows of the questions."
                        .to_owned(),
                );
            }
            return;
        }
        let question = QuestionId::parse(&id_text)
            .ok()
            .and_then(|id| self.questionnaire.question(&id).map(|q| (id, q)));
        let Some((question_id, question)) = question else {
            self.error(
                cell(ID),
                format!(
                    "“{id_text}”不是问卷 {} 版本 {} 的评估项。",
                    self.questionnaire.id, self.questionnaire.version
                ),
                format!(
                    "“{id_text}” is not a question of questionnaire {} version {}.",
                    self.questionnaire.id, self.questionnaire.version
                ),
            );
            return;
        };
        if !self.seen.insert(id_text.clone()) {
            self.error(
                cell(ID),
                format!("评估项 {id_text} 在工作簿中出现了不止一次。"),
                format!("question {id_text} appears more than once in the workbook."),
            );
            return;
        }
        // The answer as downloaded, from the hidden columns.
        let was_value = get(WAS_VALUE);
        let was_revision = get(WAS_REVISION).trim().parse::<i64>().ok();
        let (was_value, was_revision) = match (was_value.as_str(), was_revision) {
            ("", Some(r)) if r >= 0 => (None, r),
            (token, Some(r)) if r >= 0 && AnswerValue::parse(token).is_some() => {
                (AnswerValue::parse(token), r)
            }
            _ => {
                self.error(
                    cell(WAS_VALUE),
                    "隐藏列中下载时的答案或修订号被改动了；请重新下载填报工作簿。".to_owned(),
                    "the hidden columns with the answer as downloaded were altered; download the workbook again."
                        .to_owned(),
                );
                return;
            }
        };
        let downloaded = was_value.map(|value| RowAnswer {
            value,
            na_reason: (value == AnswerValue::NotApplicable).then(|| get(WAS_NA_REASON)),
            note: get(WAS_NOTE),
        });
        let Some(file) = self.row_answer(&cell, &answer, &reason, &note, downloaded.is_some())
        else {
            return;
        };
        let Some(file) = file else {
            // Left empty and unanswered when downloaded: nothing to do.
            self.plan.unchanged += 1;
            return;
        };
        if downloaded.as_ref() == Some(&file) {
            self.plan.unchanged += 1;
            return;
        }
        let domain = self
            .questionnaire
            .questions()
            .find(|(_, q)| q.id == question_id)
            .map(|(d, _)| d);
        if let Some(domain) = domain {
            let applies = applicability(self.questionnaire, domain, question, self.assessment);
            if let Some(condition) = applies.excluded_by {
                self.error(
                    cell(ANSWER),
                    format!(
                        "评估项 {id_text} 不适用于本单位画像（条件：{condition}），不能作答；请清空该行的答案。"
                    ),
                    format!(
                        "question {id_text} does not apply to this organization's profile (condition: {condition}); leave its answer empty."
                    ),
                );
                return;
            }
        }
        let current = self.assessment.answers.get(id_text.as_str());
        if current.map(RowAnswer::of).as_ref() == Some(&file) {
            self.plan.unchanged += 1;
            return;
        }
        let current_revision = current.map_or(0, |a| a.revision);
        if current_revision != was_revision {
            self.plan.conflicts.push(RowConflict {
                cell: cell(ANSWER),
                question_id: id_text,
                downloaded_revision: was_revision,
                current: current.cloned(),
                file,
            });
        } else {
            self.plan.changes.push(RowChange {
                cell: cell(ANSWER),
                question_id: id_text,
                before: current.cloned(),
                after: file,
            });
        }
    }

    /// The answer a row gives: `Some(None)` for none, `None` when a cell is in error (reported).
    fn row_answer(
        &mut self,
        cell: &dyn Fn(u16) -> String,
        answer: &str,
        reason: &str,
        note: &str,
        was_answered: bool,
    ) -> Option<Option<RowAnswer>> {
        // The answers as the workbook's drop-down lists them, in the request's way of listing.
        let labels: Vec<String> = AnswerValue::ALL
            .iter()
            .map(|&v| answer_label(v, self.workbook_lang))
            .collect();
        let list = match self.lang {
            Lang::Zh => labels.join("、"),
            Lang::En => {
                let (last, rest) = labels.split_last()?;
                format!("{} or {last}", rest.join(", "))
            }
        };
        let answer = answer.trim();
        if answer.is_empty() {
            if was_answered {
                self.error(
                    cell(ANSWER),
                    format!("答案被清空了；已有的答案不能删除，请选择 {list}。"),
                    format!("the answer was cleared; an answer cannot be removed: choose {list}."),
                );
                return None;
            }
            if !reason.trim().is_empty() || !note.trim().is_empty() {
                self.error(
                    cell(ANSWER),
                    format!("填写了理由或备注但没有选择答案；请选择 {list}。"),
                    format!("a reason or note is given but no answer; choose {list}."),
                );
                return None;
            }
            return Some(None);
        }
        let value = AnswerValue::ALL.into_iter().find(|&v| {
            let label = v.label();
            answer == label.zh || answer.eq_ignore_ascii_case(&label.en)
        });
        let Some(value) = value else {
            self.error(
                cell(ANSWER),
                format!("“{answer}”不是可选答案；请使用 {list}。"),
                format!("\"{answer}\" is not an answer; use {list}."),
            );
            return None;
        };
        let mut ok = true;
        for (col, text, max, zh, en) in [
            (
                NA_REASON,
                reason,
                NA_REASON_MAX,
                "不适用理由",
                "the N/A reason",
            ),
            (NOTE, note, NOTE_MAX, "备注", "the note"),
        ] {
            let len = text.chars().count();
            if len > max {
                self.error(
                    cell(col),
                    format!("{zh}有 {len} 个字符，最多允许 {max} 个。"),
                    format!("{en} has {len} characters; at most {max} are allowed."),
                );
                ok = false;
            }
        }
        let na_reason = if value == AnswerValue::NotApplicable {
            let reason = reason.trim();
            if reason.is_empty() {
                self.error(
                    cell(NA_REASON),
                    "选择“不适用”时必须写明理由。".to_owned(),
                    "an answer of Not applicable needs a reason.".to_owned(),
                );
                ok = false;
            }
            Some(reason.to_owned())
        } else {
            None
        };
        ok.then(|| {
            Some(RowAnswer {
                value,
                na_reason,
                note: note.to_owned(),
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_guidance_is_the_first_paragraph_in_plain_text() {
        let text = "## 要点\n\n**制度** 应当 `经审批`，并且\n公布。\n\n第二段。";
        assert_eq!(short_guidance(text), "制度 应当 经审批，并且 公布。");
        let long = "字".repeat(400);
        assert_eq!(short_guidance(&long).chars().count(), GUIDANCE_MAX);
    }

    #[test]
    fn cells_are_named_as_excel_names_them() {
        assert_eq!(cell_name("组织与责任", 11, ANSWER), "组织与责任!F12");
        assert_eq!(cell_name("Data and roles", 0, ID), "'Data and roles'!A1");
    }
}
