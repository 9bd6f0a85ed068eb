//! Section 1, the executive summary: readiness, completion, the answers counted, the critical
//! gaps and the top ten, and the change since the previous cycle.

use questionnaires::Lang;
use questionnaires::score::{Band, display, display_score};

use crate::layout::{Align, Block, Cell, Color, Column, Figure, Paragraph, Row, Span};

use super::{
    AMBER, Ctx, RED, TINT, band_color, heading, muted, para, percent, readiness_color, score_color,
    table,
};
use super::{comparison::previous_cycle, gaps::gap_row};

pub(super) fn summary(ctx: &Ctx, b: &mut Vec<Block>) {
    let s = ctx.score;
    let o = &s.overall;
    b.push(heading(
        1,
        ctx.t("一、执行摘要", "1. Executive summary"),
        true,
    ));

    let by_band = |band: Band| s.gaps.iter().filter(|g| g.band == band).count();
    let (high, medium, low) = (
        by_band(Band::High),
        by_band(Band::Medium),
        by_band(Band::Low),
    );
    b.push(Block::Figures(vec![
        Figure {
            value: display_score(o.score, ctx.lang),
            label: ctx
                .t("总分（满分 100）", "Overall score (of 100)")
                .to_owned(),
            color: score_color(ctx, o.score),
        },
        Figure {
            value: ctx.tx(&s.readiness.level.label()).to_owned(),
            label: ctx.t("就绪度", "Readiness").to_owned(),
            color: readiness_color(s.readiness.level),
        },
        Figure {
            value: percent(o.completion),
            label: format!(
                "{} {} / {}",
                ctx.t("完成度", "Completion"),
                o.answered,
                o.applicable
            ),
            color: Color::ACCENT,
        },
        Figure {
            value: s.gaps.len().to_string(),
            label: match ctx.lang {
                Lang::Zh => format!("差距项（高 {high} · 中 {medium} · 低 {low}）"),
                Lang::En => format!("Gaps (high {high}, medium {medium}, low {low})"),
            },
            color: if high > 0 { RED } else { Color::ACCENT },
        },
    ]));

    // The verdict in a line, then the reasons as a list grouped by rule, each with the
    // questions it concerns (the results page shows the same groups).
    b.push(Block::Paragraph(Paragraph {
        boxed: Some((TINT, Color::ACCENT)),
        space_after: 4.0,
        ..Paragraph::new(vec![
            Span::bold(ctx.t("就绪度判定：", "Readiness: ")),
            Span::bold(ctx.tx(&s.readiness.verdict())).colored(readiness_color(s.readiness.level)),
        ])
    }));
    let groups = s.readiness.groups();
    let last = groups.len().saturating_sub(1);
    for (i, group) in groups.iter().enumerate() {
        let mut spans = vec![Span::bold(ctx.tx(&group.title))];
        if !group.questions.is_empty() {
            let ids: Vec<&str> = group.questions.iter().map(|q| q.as_str()).collect();
            spans.push(Span::regular(format!(
                "{}{}",
                ctx.t("：", ": "),
                ids.join(", ")
            )));
        }
        b.push(Block::Paragraph(Paragraph {
            indent: 14.0,
            marker: Some("•".to_owned()),
            space_after: if i == last { 10.0 } else { 2.0 },
            ..Paragraph::new(spans)
        }));
    }

    // Answers copied from the previous cycle that nobody has confirmed are the reader's first
    // question about a new cycle's figures.
    let carried = ctx.input.answer_meta.values().filter(|m| m.carried).count();
    if carried > 0 {
        b.push(Block::Paragraph(Paragraph {
            boxed: Some((TINT, AMBER)),
            space_after: 10.0,
            ..Paragraph::new(vec![Span::bold(match ctx.lang {
                Lang::Zh => format!(
                    "有 {carried} 个答案沿用自上一周期，尚未经本周期复核；它们计入上述得分，在分领域评估结果中标为“沿用上一周期，未经复核”。"
                ),
                Lang::En => format!(
                    "{carried} answer{} carried over from the previous cycle {} not been confirmed in this cycle; {} counted in the figures above and marked “Carried over, not confirmed” in the results by domain.",
                    if carried == 1 { " was" } else { "s were" },
                    if carried == 1 { "and has" } else { "and have" },
                    if carried == 1 { "it is" } else { "they are" }
                ),
            })])
        }));
    }

    b.push(para(match ctx.lang {
        Lang::Zh => format!(
            "本次评估依据问卷《{}》（版本 {}），按单位画像适用 {} 个评估项，已作答 {} 个；另有 {} 个评估项按单位画像排除。就绪门槛为 {} 分，基本就绪门槛为 {} 分。",
            ctx.tx(&ctx.input.questionnaire.title),
            ctx.input.questionnaire.version,
            o.applicable,
            o.answered,
            s.excluded.len(),
            display(s.thresholds.ready),
            display(s.thresholds.largely_ready)
        ),
        Lang::En => format!(
            "This assessment uses the questionnaire “{}” (version {}). The profile makes {} questions applicable, of which {} are answered; {} more are excluded by the profile. The Ready threshold is {} and the Largely ready threshold {}.",
            ctx.tx(&ctx.input.questionnaire.title),
            ctx.input.questionnaire.version,
            o.applicable,
            o.answered,
            s.excluded.len(),
            display(s.thresholds.ready),
            display(s.thresholds.largely_ready)
        ),
    }));

    b.push(heading(2, ctx.t("答题情况", "Answers"), false));
    let c = &o.counts;
    let center = |w| Column {
        weight: w,
        align: Align::Center,
    };
    b.push(table(
        &[
            (center(1.0), ctx.t("符合", "Compliant")),
            (center(1.0), ctx.t("部分符合", "Partial")),
            (center(1.0), ctx.t("不符合", "Non-compliant")),
            (center(1.0), ctx.t("不适用", "N/A")),
            (center(1.0), ctx.t("未作答", "Unanswered")),
            (center(1.0), ctx.t("按画像排除", "Excluded")),
            (center(1.0), ctx.t("合计", "Total")),
        ],
        vec![Row::new(
            [
                c.compliant,
                c.partial,
                c.non_compliant,
                c.not_applicable,
                c.unanswered,
                s.excluded.len() as u32,
                o.applicable + s.excluded.len() as u32,
            ]
            .iter()
            .map(|n| Cell::text(n.to_string()))
            .collect(),
        )],
    ));

    b.push(heading(2, ctx.t("差距分布", "Gaps by priority"), false));
    let critical = |band: Band| {
        s.gaps
            .iter()
            .filter(|g| g.band == band && g.critical)
            .count()
    };
    b.push(table(
        &[
            (Column::new(2.0), ctx.t("优先级", "Priority")),
            (Column::right(1.0), ctx.t("差距项", "Gaps")),
            (Column::right(1.0), ctx.t("其中关键项", "Of which critical")),
        ],
        [Band::High, Band::Medium, Band::Low]
            .iter()
            .map(|&band| {
                Row::new(vec![
                    Cell::new(vec![
                        Span::bold(ctx.tx(&band.label())).colored(band_color(band)),
                    ]),
                    Cell::text(by_band(band).to_string()),
                    Cell::text(critical(band).to_string()),
                ])
            })
            .collect(),
    ));
    b.push(muted(
        ctx.t(
            "优先级 = 权重 ×（1 − 得分值）×（关键项为 2，否则为 1）；≥ 6 为高，≥ 3 为中，其余为低。",
            "Priority = weight × (1 − value) × (2 for a critical question, else 1); 6 or more is high, 3 or more medium, the rest low.",
        ),
        8.0,
    ));

    b.push(heading(
        2,
        ctx.t("优先整改的前 10 项差距", "Top 10 gaps"),
        false,
    ));
    if s.gaps.is_empty() {
        b.push(para(ctx.t(
            "没有差距：所有适用评估项均为符合或不适用。",
            "No gaps: every applicable question is Compliant or not applicable.",
        )));
    } else {
        let rows = s
            .gaps
            .iter()
            .take(10)
            .enumerate()
            .map(|(i, g)| gap_row(ctx, i, g, false))
            .collect();
        b.push(table(
            &[
                (Column::new(0.05), "#"),
                (Column::new(0.42), ctx.t("评估项", "Question")),
                (Column::new(0.15), ctx.t("结论", "Answer")),
                (Column::new(0.13), ctx.t("优先级", "Priority")),
                (Column::new(0.25), ctx.t("依据", "Citations")),
            ],
            rows,
        ));
    }

    previous_cycle(ctx, b);
}
