//! Horizontal bar charts in SVG, drawn here rather than by a library: one bar per domain or
//! instrument on a 0–100 scale, coloured by the readiness band the score falls in, with the two
//! thresholds marked. Each chart has a title and a description for screen readers; the same
//! figures are in the tables of the results page.

use leptos::prelude::*;
use questionnaires::Thresholds;

/// One bar.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub label: String,
    /// `None`: not scored (drawn as a note instead of a bar).
    pub value: Option<f64>,
    /// The value as printed, e.g. `82.5` or `未计分`.
    pub text: String,
}

const WIDTH: f64 = 720.0;
const LABEL_END: f64 = 250.0;
const BAR_START: f64 = 260.0;
const BAR_WIDTH: f64 = 380.0;
const ROW: f64 = 26.0;
const TOP: f64 = 22.0;
/// Labels wider than this (in half-width units: a Chinese character counts two) are cut, with the
/// whole label in the bar's tooltip.
const LABEL_UNITS: usize = 36;

#[component]
pub fn BarChart(
    id: &'static str,
    title: String,
    description: String,
    bars: Vec<Bar>,
    thresholds: Thresholds,
) -> impl IntoView {
    let height = TOP + ROW * bars.len() as f64 + 8.0;
    let x = |value: f64| BAR_START + BAR_WIDTH * value.clamp(0.0, 100.0) / 100.0;
    let title_id = format!("{id}-title");
    let desc_id = format!("{id}-desc");
    let labelled_by = format!("{title_id} {desc_id}");
    let marks = [
        (0.0, "0".to_owned()),
        (thresholds.largely_ready, fmt(thresholds.largely_ready)),
        (thresholds.ready, fmt(thresholds.ready)),
        (100.0, "100".to_owned()),
    ];
    let rows = bars
        .into_iter()
        .enumerate()
        .map(|(i, bar)| {
            let y = TOP + ROW * i as f64;
            let short = shorten(&bar.label);
            let class = match bar.value {
                Some(v) if v >= thresholds.ready => "bar ready",
                Some(v) if v >= thresholds.largely_ready => "bar largely",
                Some(_) => "bar not-ready",
                None => "bar none",
            };
            let end = bar.value.map_or(BAR_START, x);
            view! {
                <g class="chart-row">
                    <title>{format!("{}: {}", bar.label, bar.text)}</title>
                    <text x=LABEL_END y=y + ROW / 2.0 + 4.0 text-anchor="end" class="chart-label">
                        {short}
                    </text>
                    <rect
                        x=BAR_START
                        y=y + 5.0
                        width=(end - BAR_START).max(0.0)
                        height=ROW - 10.0
                        rx="2"
                        class=class
                    ></rect>
                    <text x=end + 6.0 y=y + ROW / 2.0 + 4.0 class="chart-value">
                        {bar.text}
                    </text>
                </g>
            }
        })
        .collect_view();
    let grid = marks
        .into_iter()
        .map(|(value, label)| {
            view! {
                <g class="chart-mark">
                    <line x1=x(value) x2=x(value) y1=TOP - 4.0 y2=height - 6.0></line>
                    <text x=x(value) y=TOP - 8.0 text-anchor="middle">{label}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <svg
            id=id
            class="chart"
            viewBox=format!("0 0 {WIDTH} {height}")
            role="img"
            aria-labelledby=labelled_by
        >
            <title id=title_id>{title}</title>
            <desc id=desc_id>{description}</desc>
            {grid}
            {rows}
        </svg>
    }
}

fn fmt(value: f64) -> String {
    questionnaires::score::display(value)
        .trim_end_matches(".0")
        .to_owned()
}

fn shorten(label: &str) -> String {
    let units = |c: char| if c.is_ascii() { 1 } else { 2 };
    if label.chars().map(units).sum::<usize>() <= LABEL_UNITS {
        return label.to_owned();
    }
    let mut used = 1;
    let mut short = String::new();
    for c in label.chars() {
        used += units(c);
        if used > LABEL_UNITS {
            break;
        }
        short.push(c);
    }
    short.push('…');
    short
}
