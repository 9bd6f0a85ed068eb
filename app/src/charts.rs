//! The charts of the results page in SVG, drawn here rather than by a library: horizontal bars,
//! one per domain or instrument on a 0–100 scale, coloured by the readiness band the score falls
//! in, with the two thresholds marked; and the trend across review cycles, one line for the
//! overall score and one per domain, told apart by colour and dash, with the same values in a
//! table below it. Each chart has a title and a description for screen readers.

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

/// One line of a trend chart: a score per cycle.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub label: String,
    /// One per cycle; `None`: not scored in that cycle (the line has a break there).
    pub values: Vec<Option<f64>>,
    /// The values as printed, one per cycle.
    pub texts: Vec<String>,
    /// The overall score: drawn thicker, first in the table.
    pub overall: bool,
}

// Room on both sides for half a cycle name, centred under the first and the last point.
const TREND_LEFT: f64 = 64.0;
const TREND_RIGHT: f64 = 656.0;
const TREND_TOP: f64 = 14.0;
const TREND_HEIGHT: f64 = 220.0;
/// Distinct line styles (colour and dash) for the domains; the overall line has its own. The
/// next seven domains repeat them thinner, with hollow points, so fourteen domains look apart.
const LINE_CLASSES: usize = 7;

/// Scores across review cycles, oldest left: one line per series on a 0–100 scale with the two
/// thresholds marked, and below it the same values as a table (the chart's text alternative,
/// visible to everyone).
#[component]
pub fn TrendChart(
    id: &'static str,
    title: String,
    description: String,
    /// Cycle names, oldest first.
    cycles: Vec<String>,
    lines: Vec<Line>,
    thresholds: Thresholds,
    /// Header of the table's first column.
    cycle_header: String,
) -> impl IntoView {
    let count = cycles.len();
    let x = move |i: usize| {
        if count <= 1 {
            (TREND_LEFT + TREND_RIGHT) / 2.0
        } else {
            TREND_LEFT + (TREND_RIGHT - TREND_LEFT) * i as f64 / (count - 1) as f64
        }
    };
    let y = |value: f64| TREND_TOP + TREND_HEIGHT * (1.0 - value.clamp(0.0, 100.0) / 100.0);
    let height = TREND_TOP + TREND_HEIGHT + 30.0;
    let title_id = format!("{id}-title");
    let desc_id = format!("{id}-desc");
    let labelled_by = format!("{title_id} {desc_id}");
    let grid = [
        (0.0, "0".to_owned()),
        (thresholds.largely_ready, fmt(thresholds.largely_ready)),
        (thresholds.ready, fmt(thresholds.ready)),
        (100.0, "100".to_owned()),
    ]
    .into_iter()
    .map(|(value, label)| {
        view! {
            <g class="chart-mark">
                <line x1=TREND_LEFT - 6.0 x2=TREND_RIGHT y1=y(value) y2=y(value)></line>
                <text x=TREND_LEFT - 10.0 y=y(value) + 4.0 text-anchor="end">{label}</text>
            </g>
        }
    })
    .collect_view();
    let axis = cycles
        .iter()
        .enumerate()
        .map(|(i, cycle)| {
            view! {
                <text x=x(i) y=TREND_TOP + TREND_HEIGHT + 20.0 text-anchor="middle" class="chart-label">
                    {shorten(cycle)}
                </text>
            }
        })
        .collect_view();
    let classes = line_classes(&lines);
    let drawn = lines
        .iter()
        .zip(&classes)
        .map(|(line, class)| {
            let class = class.clone();
            // Consecutive scored cycles are joined; an unscored cycle breaks the line.
            let mut segments: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
            for (i, value) in line.values.iter().enumerate() {
                match value {
                    Some(v) => segments.last_mut().map_or((), |s| s.push((x(i), y(*v)))),
                    None => segments.push(Vec::new()),
                }
            }
            let paths = segments
                .into_iter()
                .filter(|s| s.len() > 1)
                .map(|s| {
                    let points = s
                        .iter()
                        .map(|(px, py)| format!("{px:.1},{py:.1}"))
                        .collect::<Vec<_>>()
                        .join(" ");
                    view! { <polyline points=points></polyline> }
                })
                .collect_view();
            let points = line
                .values
                .iter()
                .zip(&line.texts)
                .enumerate()
                .filter_map(|(i, (value, text))| {
                    value.map(|v| {
                        let tip = format!("{} · {}: {}", cycles[i], line.label, text);
                        view! {
                            <circle
                                cx=x(i)
                                cy=y(v)
                                r=if line.overall { "5" } else { "3.5" }
                                class="trend-point"
                                data-cycle=i.to_string()
                            >
                                <title>{tip}</title>
                            </circle>
                        }
                    })
                })
                .collect_view();
            view! {
                <g class=class data-line=line.label.clone()>
                    {paths}
                    {points}
                </g>
            }
        })
        .collect_view();
    // Which line is which: the table has the values, the legend the styles.
    let legend = lines
        .iter()
        .zip(&classes)
        .map(|(line, class)| {
            view! {
                <li>
                    <svg class=class.clone() width="32" height="12" viewBox="0 0 32 12" aria-hidden="true">
                        <polyline points="1,6 31,6"></polyline>
                        <circle cx="16" cy="6" r="3"></circle>
                    </svg>
                    {line.label.clone()}
                </li>
            }
        })
        .collect_view();
    let table_id = format!("{id}-table");
    let caption_id = format!("{id}-caption");
    let region_labelled_by = caption_id.clone();
    let header = lines
        .iter()
        .map(|line| view! { <th scope="col">{line.label.clone()}</th> })
        .collect_view();
    let rows = cycles
        .iter()
        .enumerate()
        .map(|(i, cycle)| {
            let cells = lines
                .iter()
                .map(|line| {
                    let text = line.texts.get(i).cloned().unwrap_or_default();
                    view! { <td>{text}</td> }
                })
                .collect_view();
            view! {
                <tr>
                    <th scope="row">{cycle.clone()}</th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <svg
            id=id
            class="chart trend-chart"
            viewBox=format!("0 0 {WIDTH} {height}")
            role="img"
            aria-labelledby=labelled_by
        >
            <title id=title_id>{title.clone()}</title>
            <desc id=desc_id>{description}</desc>
            {grid}
            {axis}
            {drawn}
        </svg>
        <ul class="trend-legend" id=format!("{id}-legend")>{legend}</ul>
        // Scrolls sideways when the cycles do not fit, so it takes the focus for the keyboard.
        <div class="table-scroll" tabindex="0" role="region" aria-labelledby=region_labelled_by>
            <table class="table trend-table" id=table_id>
                <caption class="small muted" id=caption_id>{title}</caption>
                <thead>
                    <tr>
                        <th scope="col">{cycle_header}</th>
                        {header}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// The style class of each line: the overall line's, then the domains' in turn.
fn line_classes(lines: &[Line]) -> Vec<String> {
    let mut domain = 0;
    lines
        .iter()
        .map(|line| {
            if line.overall {
                return "trend-line overall".to_owned();
            }
            let class = format!(
                "trend-line series-{}{}",
                domain % LINE_CLASSES,
                if (domain / LINE_CLASSES) % 2 == 1 {
                    " alt"
                } else {
                    ""
                }
            );
            domain += 1;
            class
        })
        .collect()
}
