//! Charts drawn with vector operations: a horizontal bar chart (scores per domain or per
//! instrument, 0–100, with the readiness thresholds as dashed lines) and a line chart (the
//! overall score across review cycles). A bar chart longer than a page continues on the next
//! one with its own axis.

use super::page::{Layouter, Slot};
use super::{Align, Color, FontKind, Item, Span, Stroke};

#[derive(Clone, Debug, PartialEq)]
pub struct BarChart {
    pub bars: Vec<Bar>,
    /// Vertical dashed lines across the bars, e.g. the readiness thresholds.
    pub markers: Vec<Marker>,
    /// Label shown instead of a bar when the value is `None` (nothing applicable).
    pub none_label: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub label: String,
    /// 0–100; `None` draws no bar.
    pub value: Option<f64>,
    pub color: Color,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Marker {
    pub value: f64,
    pub label: String,
    pub color: Color,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LineChart {
    /// (x label, value 0–100), in order along the x axis.
    pub points: Vec<(String, f64)>,
    pub markers: Vec<Marker>,
    pub color: Color,
}

const LABEL_SIZE: f32 = 8.5;
const TICK_SIZE: f32 = 7.0;
const BAR_THICKNESS: f32 = 9.0;
const AXIS_HEIGHT: f32 = 36.0;
/// The plot of a line chart, and what it needs on a page with the space around it.
const LINE_CHART_HEIGHT: f32 = 170.0;
pub(super) const LINE_CHART_NEEDS: f32 = LINE_CHART_HEIGHT + 10.0;
/// The least a bar chart needs on a page: one bar of one line and the axis.
pub(super) const BAR_CHART_NEEDS: f32 = BAR_THICKNESS + 7.0 + AXIS_HEIGHT + 6.0;

impl Layouter<'_> {
    pub(super) fn bar_chart(&mut self, chart: &BarChart) {
        let width = self.geo.content_width();
        let label_w = width * 0.36;
        let value_w = 34.0;
        let plot_x = self.geo.left + label_w + 8.0;
        let plot_w = width - label_w - 8.0 - value_w;
        let lh = LABEL_SIZE * 1.35;

        let rows: Vec<_> = chart
            .bars
            .iter()
            .map(|bar| {
                let lines = self.lay_spans(
                    &[Span::regular(&bar.label)],
                    LABEL_SIZE,
                    label_w,
                    Color::TEXT,
                );
                let h = (lines.len().max(1) as f32 * lh).max(BAR_THICKNESS) + 7.0;
                (bar, lines, h)
            })
            .collect();

        let mut i = 0;
        while i < rows.len() {
            self.ensure(rows[i].2 + AXIS_HEIGHT + 6.0);
            let top = self.y + 4.0;
            let mut y = top;
            let start = i;
            // The grid goes under the bars: remember where this chunk's items begin.
            let first_item = self.pages.last().map_or(0, |p| p.items.len());
            while i < rows.len()
                && (i == start || y + rows[i].2 + AXIS_HEIGHT <= self.geo.content_bottom())
            {
                let (bar, lines, h) = &rows[i];
                let text_top = y + (h - lines.len() as f32 * lh) / 2.0;
                for (k, line) in lines.iter().enumerate() {
                    self.place_line(
                        line,
                        Slot {
                            x: self.geo.left,
                            top: text_top + k as f32 * lh,
                            width: label_w,
                        },
                        LABEL_SIZE,
                        lh,
                        Align::Right,
                    );
                }
                let bar_top = y + (h - BAR_THICKNESS) / 2.0;
                // The track shows the full 0–100 range behind the bar.
                self.push(Item::Rect {
                    x: plot_x,
                    y: bar_top,
                    w: plot_w,
                    h: BAR_THICKNESS,
                    fill: Some(Color::ZEBRA),
                    stroke: None,
                });
                let value_text = match bar.value {
                    Some(v) => {
                        let w = plot_w * (v.clamp(0.0, 100.0) / 100.0) as f32;
                        if w > 0.0 {
                            self.push(Item::Rect {
                                x: plot_x,
                                y: bar_top,
                                w,
                                h: BAR_THICKNESS,
                                fill: Some(bar.color),
                                stroke: None,
                            });
                        }
                        format!("{v:.1}")
                    }
                    None => chart.none_label.clone(),
                };
                let size = self.fit_size(FontKind::Bold, &value_text, LABEL_SIZE, value_w - 4.0);
                let line = super::page::LineRuns {
                    runs: vec![(0.0, FontKind::Bold, Color::TEXT, value_text.clone())],
                    width: self.text_width(FontKind::Bold, size, &value_text),
                };
                self.place_line(
                    &line,
                    Slot {
                        x: plot_x + plot_w,
                        top: bar_top + (BAR_THICKNESS - size * 1.2) / 2.0,
                        width: value_w,
                    },
                    size,
                    size * 1.2,
                    Align::Right,
                );
                y += h;
                i += 1;
            }
            let page = self.page_index();
            let before = self.pages[page].items.len();
            self.grid(plot_x, plot_w, top, y);
            let grid: Vec<Item> = self.pages[page].items.drain(before..).collect();
            self.pages[page].items.splice(first_item..first_item, grid);
            self.markers(plot_x, plot_w, top, y, &chart.markers);
            self.y = y + AXIS_HEIGHT + 6.0;
        }
    }

    /// Grid lines at 0, 20, … 100 from `top` to `bottom`, with tick labels below.
    fn grid(&mut self, plot_x: f32, plot_w: f32, top: f32, bottom: f32) {
        for t in (0..=100).step_by(20) {
            let x = plot_x + plot_w * t as f32 / 100.0;
            self.push(Item::Path {
                points: vec![(x, top), (x, bottom)],
                stroke: Some(Stroke::solid(Color::RULE, if t == 0 { 0.8 } else { 0.4 })),
                fill: None,
                closed: false,
            });
            self.centered(
                &t.to_string(),
                FontKind::Regular,
                TICK_SIZE,
                Color::MUTED,
                Slot {
                    x: x - 10.0,
                    top: bottom + 2.0,
                    width: 20.0,
                },
            );
        }
    }

    /// Dashed lines for the markers, labelled under the tick labels; a label that would touch
    /// the previous one goes a line lower.
    fn markers(&mut self, plot_x: f32, plot_w: f32, top: f32, bottom: f32, markers: &[Marker]) {
        let mut sorted: Vec<&Marker> = markers.iter().collect();
        sorted.sort_by(|a, b| a.value.total_cmp(&b.value));
        let mut last_end = f32::MIN;
        let mut row = 0;
        for m in sorted {
            let x = plot_x + plot_w * (m.value.clamp(0.0, 100.0) / 100.0) as f32;
            self.push(Item::Path {
                points: vec![(x, top - 2.0), (x, bottom + 1.0)],
                stroke: Some(Stroke {
                    color: m.color,
                    width: 0.9,
                    dash: Some((3.0, 2.0)),
                }),
                fill: None,
                closed: false,
            });
            let w = self.text_width(FontKind::Regular, TICK_SIZE, &m.label) + 4.0;
            let start = x - w / 2.0;
            row = if start < last_end + 2.0 { row + 1 } else { 0 };
            last_end = start + w;
            let line_top = bottom + 11.0 + row as f32 * TICK_SIZE * 1.3;
            self.centered(
                &m.label,
                FontKind::Regular,
                TICK_SIZE,
                m.color,
                Slot {
                    x: start,
                    top: line_top,
                    width: w,
                },
            );
        }
    }

    pub(super) fn line_chart(&mut self, chart: &LineChart) {
        if chart.points.is_empty() {
            return;
        }
        let height = LINE_CHART_HEIGHT;
        self.ensure(LINE_CHART_NEEDS);
        let top = self.y + 6.0;
        let axis_w = 26.0;
        let plot_x = self.geo.left + axis_w;
        // The marker labels go in a gutter right of the plot, clear of the points and values.
        let gutter = chart
            .markers
            .iter()
            .map(|m| self.text_width(FontKind::Regular, TICK_SIZE, &m.label))
            .fold(0.0, f32::max)
            + 6.0;
        let plot_w = self.geo.content_width() - axis_w - gutter;
        let plot_top = top + 8.0;
        let plot_h = height - 40.0;
        let y_of = |v: f64| plot_top + plot_h * (1.0 - (v.clamp(0.0, 100.0) / 100.0) as f32);

        for t in (0..=100).step_by(25) {
            let y = y_of(f64::from(t));
            self.push(Item::Path {
                points: vec![(plot_x, y), (plot_x + plot_w, y)],
                stroke: Some(Stroke::solid(Color::RULE, if t == 0 { 0.8 } else { 0.4 })),
                fill: None,
                closed: false,
            });
            let line = super::page::LineRuns {
                runs: vec![(0.0, FontKind::Regular, Color::MUTED, t.to_string())],
                width: self.text_width(FontKind::Regular, TICK_SIZE, &t.to_string()),
            };
            self.place_line(
                &line,
                Slot {
                    x: self.geo.left,
                    top: y - TICK_SIZE * 0.6,
                    width: axis_w - 5.0,
                },
                TICK_SIZE,
                TICK_SIZE * 1.2,
                Align::Right,
            );
        }
        let mut markers: Vec<&Marker> = chart.markers.iter().collect();
        markers.sort_by(|a, b| b.value.total_cmp(&a.value));
        let mut next_free = f32::MIN;
        for m in markers {
            let y = y_of(m.value);
            self.push(Item::Path {
                points: vec![(plot_x, y), (plot_x + plot_w, y)],
                stroke: Some(Stroke {
                    color: m.color,
                    width: 0.8,
                    dash: Some((3.0, 2.0)),
                }),
                fill: None,
                closed: false,
            });
            // Labels of close thresholds are stacked instead of printed over each other.
            let top = (y - TICK_SIZE * 0.6).max(next_free);
            next_free = top + TICK_SIZE * 1.2;
            let w = self.text_width(FontKind::Regular, TICK_SIZE, &m.label);
            let line = super::page::LineRuns {
                runs: vec![(0.0, FontKind::Regular, m.color, m.label.clone())],
                width: w,
            };
            let slot = Slot {
                x: plot_x + plot_w + 4.0,
                top,
                width: w,
            };
            self.place_line(&line, slot, TICK_SIZE, TICK_SIZE * 1.2, Align::Left);
        }

        let n = chart.points.len() as f32;
        let step = plot_w / n;
        let coords: Vec<(f32, f32)> = chart
            .points
            .iter()
            .enumerate()
            .map(|(i, (_, v))| (plot_x + step * (i as f32 + 0.5), y_of(*v)))
            .collect();
        if coords.len() > 1 {
            self.push(Item::Path {
                points: coords.clone(),
                stroke: Some(Stroke::solid(chart.color, 1.6)),
                fill: None,
                closed: false,
            });
        }
        for ((label, v), (x, y)) in chart.points.iter().zip(&coords) {
            let r = 3.2;
            self.push(Item::Path {
                points: vec![(*x, y - r), (x + r, *y), (*x, y + r), (x - r, *y)],
                stroke: Some(Stroke::solid(Color::WHITE, 0.8)),
                fill: Some(chart.color),
                closed: true,
            });
            let value = format!("{v:.1}");
            // A white ground keeps the value readable where the line or a threshold crosses it.
            let w = self.text_width(FontKind::Bold, LABEL_SIZE, &value) + 4.0;
            self.push(Item::Rect {
                x: x - w / 2.0,
                y: y - r - LABEL_SIZE * 1.5 + 1.0,
                w,
                h: LABEL_SIZE * 1.2 - 1.0,
                fill: Some(Color::WHITE),
                stroke: None,
            });
            self.centered(
                &value,
                FontKind::Bold,
                LABEL_SIZE,
                Color::TEXT,
                Slot {
                    x: x - 30.0,
                    top: y - r - LABEL_SIZE * 1.5,
                    width: 60.0,
                },
            );
            let size = self.fit_size(FontKind::Regular, label, LABEL_SIZE, step - 4.0);
            self.centered(
                label,
                FontKind::Regular,
                size,
                Color::MUTED,
                Slot {
                    x: x - step / 2.0,
                    top: plot_top + plot_h + 5.0,
                    width: step,
                },
            );
        }
        self.y = top + height;
    }
}
