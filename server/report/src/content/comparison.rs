//! The change since the previous cycle, inside the executive summary: score changes overall,
//! by domain and by instrument, and the questions whose answers moved (from `compare`).

use questionnaires::Lang;
use questionnaires::compare::{Movement, Standing, display_change};
use questionnaires::score::display_score;

use crate::layout::{Block, Cell, Color, Column, Row, Span};

use super::{AMBER, Ctx, GREEN, RED, answer_color, heading, para, table};

/// An answer (or its absence) in the comparison table.
pub(super) fn standing_span(ctx: &Ctx, standing: Standing, bold: bool) -> Span {
    let (text, color) = match standing {
        Standing::Answered(v) => (ctx.tx(&v.label()).to_owned(), answer_color(v)),
        Standing::Unanswered => (ctx.t("未作答", "Unanswered").to_owned(), RED),
        Standing::Excluded => (
            ctx.t("不适用（画像排除）", "Excluded by the profile")
                .to_owned(),
            Color::MUTED,
        ),
        Standing::Absent => (
            ctx.t("（无此项）", "(not in that version)").to_owned(),
            Color::MUTED,
        ),
    };
    let span = if bold {
        Span::bold(text)
    } else {
        Span::regular(text)
    };
    span.colored(color)
}

pub(super) fn movement_span(ctx: &Ctx, movement: Movement) -> Span {
    let (text, color) = match movement {
        Movement::Improved => (ctx.t("改善", "Improved"), GREEN),
        Movement::Regressed => (ctx.t("退步", "Regressed"), RED),
        Movement::Unchanged => (ctx.t("不变", "Unchanged"), Color::MUTED),
        Movement::New => (ctx.t("新增", "New"), AMBER),
        Movement::Removed => (ctx.t("移除", "Removed"), AMBER),
    };
    Span::bold(text).colored(color)
}

pub(super) fn previous_cycle(ctx: &Ctx, b: &mut Vec<Block>) {
    b.push(heading(
        2,
        ctx.t("与上一周期相比", "Change since the previous cycle"),
        false,
    ));
    let Some(prev) = &ctx.input.previous else {
        b.push(para(match ctx.input.subject {
            Some(_) => ctx.t(
                "没有上一周期的评估数据；本报告为该App的首次评估，无法比较变化。",
                "There is no previous cycle to compare with; this is the App's first assessment.",
            ),
            None => ctx.t(
                "没有上一周期的评估数据；本报告为该单位的首次评估，无法比较变化。",
                "There is no previous cycle to compare with; this is the organization's first assessment.",
            ),
        }));
        return;
    };
    let Some(c) = &prev.comparison else {
        // A report of record approved before comparisons were recorded: only the scores.
        let now = ctx.score.overall.score;
        let change = prev.overall.zip(now).map(|(p, n)| n - p);
        b.push(para(match ctx.lang {
            Lang::Zh => format!(
                "上一周期（{}）总分 {}，本周期 {}（{}）。",
                prev.cycle,
                display_score(prev.overall, ctx.lang),
                display_score(now, ctx.lang),
                display_change(change)
            ),
            Lang::En => format!(
                "The previous cycle ({}) scored {}, this cycle {} ({}).",
                prev.cycle,
                display_score(prev.overall, ctx.lang),
                display_score(now, ctx.lang),
                display_change(change)
            ),
        }));
        return;
    };
    let n = &c.counts;
    b.push(para(match ctx.lang {
        Lang::Zh => format!(
            "上一周期（{}）总分 {}，本周期 {}（{}）。与上一周期相比，{} 个评估项改善，{} 个退步，{} 个不变，{} 个新增，{} 个移除；关闭差距 {} 个，新增差距 {} 个，{} 个差距仍未解决；截至 {} 逾期的整改项 {} 个。",
            c.before.cycle,
            display_score(c.overall.before, ctx.lang),
            display_score(c.overall.after, ctx.lang),
            display_change(c.overall.change),
            n.improved, n.regressed, n.unchanged, n.new, n.removed,
            c.gaps_closed.len(), c.gaps_opened.len(), c.gaps_still_open.len(),
            c.as_of, c.overdue.len()
        ),
        Lang::En => format!(
            "The previous cycle ({}) scored {}, this cycle {} ({}). Compared with it: improved {}, regressed {}, unchanged {}, new {}, removed {}; gaps closed {}, gaps opened {}, gaps still open {}; remediation items overdue as of {}: {}.",
            c.before.cycle,
            display_score(c.overall.before, ctx.lang),
            display_score(c.overall.after, ctx.lang),
            display_change(c.overall.change),
            n.improved, n.regressed, n.unchanged, n.new, n.removed,
            c.gaps_closed.len(), c.gaps_opened.len(), c.gaps_still_open.len(),
            c.as_of, c.overdue.len()
        ),
    }));
    let score_row = |label: String, s: &questionnaires::compare::ScoreChange| {
        Row::new(vec![
            Cell::text(label),
            Cell::text(display_score(s.before, ctx.lang)),
            Cell::text(display_score(s.after, ctx.lang)),
            Cell::text(display_change(s.change)),
        ])
    };
    let rows = std::iter::once(score_row(ctx.t("总分", "Overall").to_owned(), &c.overall))
        .chain(
            c.domains
                .iter()
                .map(|d| score_row(ctx.tx(&d.title).to_owned(), &d.score)),
        )
        .collect();
    b.push(table(
        &[
            (Column::new(0.55), ctx.t("领域", "Domain")),
            (Column::new(0.15), ctx.t("上一周期", "Previous")),
            (Column::new(0.15), ctx.t("本周期", "Now")),
            (Column::new(0.15), ctx.t("变化", "Change")),
        ],
        rows,
    ));
    let changed: Vec<&questionnaires::compare::QuestionChange> = [
        Movement::Regressed,
        Movement::Improved,
        Movement::New,
        Movement::Removed,
    ]
    .iter()
    .flat_map(|m| c.questions.iter().filter(move |q| q.movement == *m))
    .collect();
    if !changed.is_empty() {
        let rows = changed
            .iter()
            .map(|q| {
                Row::new(vec![
                    Cell::new(vec![
                        Span::bold(format!("{} ", q.question)),
                        Span::regular(ctx.tx(&q.text)),
                    ]),
                    Cell::new(vec![standing_span(ctx, q.before, false)]),
                    Cell::new(vec![standing_span(ctx, q.after, true)]),
                    Cell::new(vec![movement_span(ctx, q.movement)]),
                ])
            })
            .collect();
        b.push(table(
            &[
                (Column::new(0.55), ctx.t("评估项", "Question")),
                (Column::new(0.15), ctx.t("上一周期", "Previous")),
                (Column::new(0.15), ctx.t("本周期", "Now")),
                (Column::new(0.15), ctx.t("变化", "Change")),
            ],
            rows,
        ));
    }
    if !c.overdue.is_empty() {
        b.push(para(ctx.t("逾期的整改项：", "Remediation items overdue:")));
        let rows = c
            .overdue
            .iter()
            .map(|o| {
                Row::new(vec![
                    Cell::text(o.question.to_string()),
                    Cell::text(&o.owner),
                    Cell::text(&o.due),
                    Cell::new(vec![
                        Span::bold(match ctx.lang {
                            Lang::Zh => format!("{} 天", o.days),
                            Lang::En => format!("{} days", o.days),
                        })
                        .colored(RED),
                    ]),
                ])
            })
            .collect();
        b.push(table(
            &[
                (Column::new(0.25), ctx.t("评估项", "Question")),
                (Column::new(0.35), ctx.t("负责人", "Owner")),
                (Column::new(0.2), ctx.t("完成期限", "Due")),
                (Column::new(0.2), ctx.t("已逾期", "Overdue by")),
            ],
            rows,
        ));
    }
}
