//! Section 4, the gaps and remediation plan, and the gap row the summary's top ten shares.

use questionnaires::score::{Gap, display};

use crate::input::RemediationStatus;
use crate::layout::{Block, Cell, Color, Column, Row, Span};

use super::{AMBER, Ctx, GREEN, RED, band_color, heading, muted, para, table};

/// A row of the top-10 table (`plan` false) or of the remediation plan (`plan` true).
pub(super) fn gap_row(ctx: &Ctx, i: usize, g: &Gap, plan: bool) -> Row {
    let text = ctx.question(&g.question).map_or("", |q| ctx.tx(&q.text));
    let mut question = vec![Span::bold(format!("{} ", g.question))];
    if g.critical {
        question.push(Span::bold(format!("{} ", ctx.t("关键项", "critical"))).colored(RED));
    }
    question.push(Span::regular(text));
    let (answer, color) = ctx.answer_label(g.answer);
    let priority = Cell::new(vec![
        Span::bold(ctx.tx(&g.band.label())).colored(band_color(g.band)),
        Span::regular(format!(" {}", display(g.priority))).colored(Color::MUTED),
    ]);
    if !plan {
        return Row::new(vec![
            Cell::text((i + 1).to_string()),
            Cell::new(question),
            Cell::new(vec![Span::bold(answer).colored(color)]),
            priority,
            Cell::text(ctx.cites(&g.citations)),
        ]);
    }
    question.push(
        Span::regular(format!("\n{}{}", ctx.t("结论：", "Answer: "), answer)).colored(Color::MUTED),
    );
    let plan_entry = ctx
        .input
        .remediation
        .iter()
        .find(|r| r.question == g.question);
    if let Some(r) = plan_entry.filter(|r| !r.comment.trim().is_empty()) {
        question.push(Span::regular(format!(
            "\n{}{}",
            ctx.t("整改说明：", "Remediation note: "),
            r.comment
        )));
    }
    let mut law = vec![Span::regular(ctx.cites(&g.citations))];
    if !g.penalties.is_empty() {
        law.push(Span::bold(format!("\n{}", ctx.t("罚则：", "Penalty: "))));
        law.push(Span::regular(ctx.cites(&g.penalties)));
    }
    let (owner, due, status) = match plan_entry {
        Some(r) => {
            let color = match r.status {
                RemediationStatus::Open => RED,
                RemediationStatus::InProgress | RemediationStatus::Accepted => AMBER,
                RemediationStatus::Done => GREEN,
            };
            (
                Cell::text(&r.owner),
                Cell::text(&r.due),
                Cell::new(vec![Span::bold(ctx.tx(&r.status.label())).colored(color)]),
            )
        }
        None => {
            let none = || {
                Cell::new(vec![
                    Span::regular(ctx.t("未指定", "not set")).colored(Color::MUTED),
                ])
            };
            (none(), none(), none())
        }
    };
    Row::new(vec![
        Cell::text((i + 1).to_string()),
        Cell::new(question),
        priority,
        Cell::new(law),
        owner,
        due,
        status,
    ])
}

pub(super) fn gaps(ctx: &Ctx, b: &mut Vec<Block>) {
    b.push(heading(
        1,
        ctx.t("四、差距与整改计划", "4. Gaps and remediation plan"),
        true,
    ));
    if ctx.score.gaps.is_empty() {
        b.push(para(ctx.t(
            "没有差距：所有适用评估项均为符合或不适用。",
            "No gaps: every applicable question is Compliant or not applicable.",
        )));
        return;
    }
    b.push(muted(
        ctx.t(
            "差距按优先级从高到低排列；同一优先级按问卷顺序。每项列出所依据的条款和该法规规定的罚则条款，以及整改责任人、期限和状态。",
            "Gaps are listed from the highest priority down, in questionnaire order within a priority. Each shows the articles it checks and the penalty article of the instrument, with the remediation owner, due date and status.",
        ),
        8.5,
    ));
    let rows = ctx
        .score
        .gaps
        .iter()
        .enumerate()
        .map(|(i, g)| gap_row(ctx, i, g, true))
        .collect();
    b.push(table(
        &[
            (Column::new(0.05), "#"),
            (Column::new(0.32), ctx.t("评估项", "Question")),
            (Column::new(0.1), ctx.t("优先级", "Priority")),
            (
                Column::new(0.22),
                ctx.t("依据与罚则", "Citations and penalty"),
            ),
            (Column::new(0.09), ctx.t("责任人", "Owner")),
            (Column::new(0.12), ctx.t("期限", "Due")),
            (Column::new(0.1), ctx.t("状态", "Status")),
        ],
        rows,
    ));
}
