//! The answers and the gap and remediation plan of an assessment as one table each, written as
//! XLSX (frozen header, autofilter, column widths, wrapped text) or as CSV (UTF-8 with a byte
//! order mark, RFC 4180 quoting). Headers and labels are Chinese, or English with `Lang::En`.

use questionnaires::score::score;
use questionnaires::{Answers, Lang, Library, QuestionId};
use rust_xlsxwriter::{Format, FormatAlign, Workbook};

use super::{ExchangeError, Pinned, answer_label, csv, load, pick, sheet_name};
use crate::store::Store;
use crate::store::model::{Assessment, RemediationStatus};

/// Which table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Table {
    /// Every question with its answer, reason, note and who saved it when.
    Answers,
    /// Every gap, highest priority first, with its remediation.
    Remediation,
}

/// Which file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileFormat {
    Xlsx,
    Csv,
}

/// One cell: text, or a number Excel can sort and sum.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
}

impl Cell {
    fn text(value: impl Into<String>) -> Cell {
        Cell::Text(value.into())
    }

    fn as_string(&self) -> String {
        match self {
            Cell::Text(text) => text.clone(),
            // Whole numbers without a decimal point, as a spreadsheet shows them.
            Cell::Number(n) if n.fract() == 0.0 => format!("{n:.0}"),
            Cell::Number(n) => n.to_string(),
        }
    }
}

/// A table with its headers and column widths (in Excel's character units).
#[derive(Clone, Debug)]
pub struct Sheet {
    pub name: String,
    pub columns: Vec<(String, f64)>,
    pub rows: Vec<Vec<Cell>>,
}

/// Table `table` of assessment `id` in `format` and `lang`, as the bytes of the file.
pub async fn export(
    store: &Store,
    library: &Library,
    id: i64,
    table: Table,
    format: FileFormat,
    lang: Lang,
) -> Result<Vec<u8>, ExchangeError> {
    let pinned = load(store, library, id).await?;
    let sheet = match table {
        Table::Answers => answers(&pinned, lang),
        Table::Remediation => remediation(&pinned, library, lang)?,
    };
    match format {
        FileFormat::Xlsx => xlsx(&sheet),
        FileFormat::Csv => Ok(to_csv(&sheet)),
    }
}

/// The file name of an export: `ziping-7-answers.xlsx`.
pub fn file_name(id: i64, table: Table, format: FileFormat) -> String {
    let table = match table {
        Table::Answers => "answers",
        Table::Remediation => "remediation",
    };
    let extension = match format {
        FileFormat::Xlsx => "xlsx",
        FileFormat::Csv => "csv",
    };
    format!("ziping-{id}-{table}.{extension}")
}

/// Every question of the questionnaire, in its order, with the stored answer.
pub fn answers(pinned: &Pinned<'_>, lang: Lang) -> Sheet {
    let t = |zh, en| pick(lang, zh, en).to_owned();
    let Pinned {
        assessment,
        questionnaire,
    } = pinned;
    let columns = vec![
        (t("评估项编号", "Question"), 12.0),
        (t("领域", "Domain"), 20.0),
        (t("评估项", "Question text"), 60.0),
        (t("关键项", "Critical"), 8.0),
        (t("权重", "Weight"), 8.0),
        (t("适用性", "Applicability"), 24.0),
        (t("答案", "Answer"), 14.0),
        (t("不适用理由", "N/A reason"), 30.0),
        (t("备注", "Note"), 40.0),
        (t("修订", "Revision"), 8.0),
        (t("保存人", "Saved by"), 14.0),
        (t("保存时间", "Saved at"), 22.0),
        (t("上一周期结转", "Carried over"), 12.0),
    ];
    let yes_no = |b: bool| t(if b { "是" } else { "否" }, if b { "yes" } else { "no" });
    let rows = questionnaire
        .questions()
        .map(|(domain, q)| {
            let stored = assessment.answers.get(q.id.as_str());
            let applies = super::workbook::applicability(questionnaire, domain, q, assessment);
            vec![
                Cell::text(q.id.as_str()),
                Cell::text(domain.title.get(lang)),
                Cell::text(q.text.get(lang)),
                Cell::text(yes_no(q.critical)),
                Cell::Number(f64::from(q.weight)),
                Cell::text(applies.describe(lang)),
                Cell::text(
                    stored
                        .map(|a| answer_label(a.value, lang))
                        .unwrap_or_default(),
                ),
                Cell::text(stored.and_then(|a| a.na_reason.clone()).unwrap_or_default()),
                Cell::text(stored.map(|a| a.note.clone()).unwrap_or_default()),
                stored.map_or(Cell::text(""), |a| Cell::Number(a.revision as f64)),
                Cell::text(stored.map(|a| a.updated_by.clone()).unwrap_or_default()),
                Cell::text(stored.map(|a| a.updated_at.clone()).unwrap_or_default()),
                Cell::text(stored.map(|a| yes_no(a.carried)).unwrap_or_default()),
            ]
        })
        .collect();
    Sheet {
        name: t("答案", "Answers"),
        columns,
        rows,
    }
}

/// Every gap (an applicable question below 符合, or unanswered), highest priority first, with
/// the remediation recorded for it.
pub fn remediation(
    pinned: &Pinned<'_>,
    library: &Library,
    lang: Lang,
) -> Result<Sheet, ExchangeError> {
    let t = |zh, en| pick(lang, zh, en).to_owned();
    let Pinned {
        assessment,
        questionnaire,
    } = pinned;
    let scored = score(
        questionnaire,
        &library.catalog,
        &assessment.profile,
        &scoring_answers(assessment),
    )
    .map_err(|e| ExchangeError::Unscorable(e.to_string()))?;
    let columns = vec![
        (t("评估项编号", "Question"), 12.0),
        (t("领域", "Domain"), 20.0),
        (t("评估项", "Question text"), 60.0),
        (t("优先级", "Priority"), 10.0),
        (t("优先级分值", "Priority score"), 12.0),
        (t("答案", "Answer"), 14.0),
        (t("依据", "Citations"), 24.0),
        (t("责任人", "Owner"), 16.0),
        (t("完成期限", "Due date"), 14.0),
        (t("整改状态", "Status"), 12.0),
        (t("说明", "Comment"), 40.0),
    ];
    let rows = scored
        .gaps
        .iter()
        .map(|gap| {
            let question = questionnaire.question(&gap.question);
            let domain = questionnaire
                .domains
                .iter()
                .find(|d| d.id == gap.domain)
                .map(|d| d.title.get(lang).to_owned())
                .unwrap_or_else(|| gap.domain.clone());
            let plan = assessment.remediation.get(gap.question.as_str());
            let citations: Vec<String> = gap.citations.iter().map(ToString::to_string).collect();
            vec![
                Cell::text(gap.question.as_str()),
                Cell::text(domain),
                Cell::text(question.map(|q| q.text.get(lang)).unwrap_or_default()),
                Cell::text(gap.band.label().get(lang)),
                Cell::Number(gap.priority),
                Cell::text(match gap.answer {
                    Some(value) => answer_label(value, lang),
                    None => t("未作答", "Unanswered"),
                }),
                Cell::text(citations.join("; ")),
                Cell::text(plan.map(|p| p.owner.clone()).unwrap_or_default()),
                Cell::text(plan.and_then(|p| p.due_date.clone()).unwrap_or_default()),
                Cell::text(
                    plan.map_or(RemediationStatus::Open, |p| p.status)
                        .label()
                        .get(lang),
                ),
                Cell::text(plan.map(|p| p.comment.clone()).unwrap_or_default()),
            ]
        })
        .collect();
    Ok(Sheet {
        name: t("差距与整改", "Gaps and remediation"),
        columns,
        rows,
    })
}

/// The stored answers in the form the scoring method takes.
pub(crate) fn scoring_answers(assessment: &Assessment) -> Answers {
    assessment
        .answers
        .iter()
        .filter_map(|(id, a)| {
            Some((
                QuestionId::parse(id).ok()?,
                questionnaires::Answer {
                    value: a.value,
                    na_reason: a.na_reason.clone(),
                    note: a.note.clone(),
                },
            ))
        })
        .collect()
}

/// The sheet as an XLSX workbook: bold frozen header with an autofilter, the widths given,
/// wrapped text aligned to the top.
pub fn xlsx(sheet: &Sheet) -> Result<Vec<u8>, ExchangeError> {
    let mut workbook = Workbook::new();
    let worksheet = workbook.add_worksheet();
    worksheet.set_name(sheet_name(&sheet.name, &mut Vec::new()))?;
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color("#DDE6F0");
    let body = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    for (col, (title, width)) in (0u16..).zip(&sheet.columns) {
        worksheet.write_string_with_format(0, col, title, &header)?;
        worksheet.set_column_width(col, *width)?;
    }
    for (row, cells) in (1u32..).zip(&sheet.rows) {
        for (col, cell) in (0u16..).zip(cells) {
            match cell {
                Cell::Text(text) if text.is_empty() => {}
                Cell::Text(text) => {
                    worksheet.write_string_with_format(row, col, text, &body)?;
                }
                Cell::Number(n) => {
                    worksheet.write_number_with_format(row, col, *n, &body)?;
                }
            }
        }
    }
    worksheet.set_freeze_panes(1, 0)?;
    let last_row = u32::try_from(sheet.rows.len()).unwrap_or(u32::MAX - 1);
    let last_col = u16::try_from(sheet.columns.len().saturating_sub(1)).unwrap_or(0);
    worksheet.autofilter(0, 0, last_row, last_col)?;
    Ok(workbook.save_to_buffer()?)
}

/// The sheet as CSV.
pub fn to_csv(sheet: &Sheet) -> Vec<u8> {
    let header = sheet
        .columns
        .iter()
        .map(|(title, _)| title.clone())
        .collect();
    let rows = sheet
        .rows
        .iter()
        .map(|cells| cells.iter().map(Cell::as_string).collect());
    csv(std::iter::once(header).chain(rows))
}
