//! Section 2, the scores in charts: by domain and by instrument, against the readiness
//! thresholds.

use questionnaires::score::display;

use crate::layout::{Bar, BarChart, Block, Color, LineChart, Marker};

use super::{AMBER, Ctx, GREEN, heading, muted, para, score_color};

pub(super) fn markers(ctx: &Ctx) -> Vec<Marker> {
    let t = ctx.score.thresholds;
    vec![
        Marker {
            value: t.largely_ready,
            label: format!(
                "{} {}",
                ctx.t("基本就绪", "Largely ready"),
                display(t.largely_ready)
            ),
            color: AMBER,
        },
        Marker {
            value: t.ready,
            label: format!("{} {}", ctx.t("就绪", "Ready"), display(t.ready)),
            color: GREEN,
        },
    ]
}

pub(super) fn charts(ctx: &Ctx, b: &mut Vec<Block>) {
    let s = ctx.score;
    b.push(heading(
        1,
        ctx.t("二、评分图表", "2. Scores in charts"),
        true,
    ));
    b.push(heading(2, ctx.t("各领域得分", "Score by domain"), false));
    let bars = ctx
        .input
        .questionnaire
        .domains
        .iter()
        .filter_map(|d| {
            let ds = s.domain(&d.id)?;
            Some(Bar {
                label: ctx.tx(&d.title).to_owned(),
                value: ds.tally.score,
                color: score_color(ctx, ds.tally.score),
            })
        })
        .collect();
    b.push(Block::BarChart(BarChart {
        bars,
        markers: markers(ctx),
        none_label: ctx.t("不适用", "n/a").to_owned(),
    }));

    b.push(heading(
        2,
        ctx.t("各法规得分", "Score by instrument"),
        false,
    ));
    b.push(muted(
        ctx.t(
            "每部法规的得分按引用该法规的适用评估项计算。",
            "Each instrument's score is computed over the applicable questions that cite it.",
        ),
        8.5,
    ));
    let bars = s
        .instruments
        .iter()
        .map(|i| {
            let label = ctx
                .input
                .catalog
                .instrument(&i.instrument)
                .map_or(i.instrument.clone(), |ins| ctx.tx(&ins.short).to_owned());
            Bar {
                label,
                value: i.tally.score,
                color: score_color(ctx, i.tally.score),
            }
        })
        .collect();
    b.push(Block::BarChart(BarChart {
        bars,
        markers: markers(ctx),
        none_label: ctx.t("不适用", "n/a").to_owned(),
    }));

    b.push(heading(
        2,
        ctx.t("历次评估总分趋势", "Overall score across review cycles"),
        false,
    ));
    let mut points: Vec<(String, f64)> = ctx
        .input
        .trend
        .iter()
        // A score that is not a number (possible only through the Rust API) cannot be drawn.
        .filter(|p| p.score.is_finite())
        .map(|p| (p.cycle.clone(), p.score))
        .collect();
    if let Some(now) = s.overall.score
        && points.last().is_none_or(|(c, _)| *c != ctx.input.cycle)
    {
        points.push((ctx.input.cycle.clone(), now));
    }
    if points.len() < 2 {
        b.push(para(ctx.t(
            "只有本周期的评估结果，趋势将在下一周期评估后显示。",
            "Only this cycle has a score so far; the trend appears after the next cycle.",
        )));
    }
    b.push(Block::LineChart(LineChart {
        points,
        markers: markers(ctx),
        color: Color::ACCENT,
    }));
}
