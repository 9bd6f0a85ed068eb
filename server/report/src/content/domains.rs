//! Section 3, results by domain: each domain's score and every question with its answer, note,
//! evidence and citations; questions the profile excludes are listed with the reason.

use std::collections::BTreeMap;

use questionnaires::score::{Excluded, ExcludedBy, display_score};
use questionnaires::{Lang, QuestionId};

use crate::layout::{Block, Cell, Color, Column, Heading, Paragraph, Row, Span};

use super::{Ctx, RED, date_of, heading, markdown_spans, muted, para, percent, score_color, table};

pub(super) fn domains(ctx: &Ctx, b: &mut Vec<Block>) {
    let s = ctx.score;
    b.push(heading(
        1,
        ctx.t("三、分领域评估结果", "3. Results by domain"),
        true,
    ));
    let has_checks = ctx
        .input
        .questionnaire
        .questions()
        .any(|(_, q)| !q.check.is_empty());
    b.push(muted(
        match has_checks {
            false => ctx.t(
                "每个领域列出全部评估项：结论、说明（含不适用理由、最近修改人）和所依据的条款。按单位画像排除的评估项不计分。",
                "Each domain lists all its questions: the answer, the note (with the reason for N/A and who changed it last) and the articles it checks. Questions excluded by the profile are not scored.",
            ),
            true => ctx.t(
                "每个领域列出全部评估项：结论、说明（含不适用理由、最近修改人）和所依据的条款；评估项下方写明在设备上如何检查。按单位画像排除的评估项不计分。",
                "Each domain lists all its questions: the answer, the note (with the reason for N/A and who changed it last) and the articles it checks; beneath each question, how to check it on a device. Questions excluded by the profile are not scored.",
            ),
        },
        8.5,
    ));
    let excluded: BTreeMap<&QuestionId, &Excluded> =
        s.excluded.iter().map(|e| (&e.question, e)).collect();
    let evidence_count = |id: &QuestionId| {
        ctx.input
            .evidence
            .iter()
            .filter(|e| &e.question == id)
            .count()
    };
    for (n, domain) in ctx.input.questionnaire.domains.iter().enumerate() {
        let ds = s.domain(&domain.id);
        b.push(Block::Heading(Heading {
            level: 2,
            text: format!("{}.{} {}", 3, n + 1, ctx.tx(&domain.title)),
            toc: true,
            new_page: false,
        }));
        match ds {
            Some(ds) if ds.applies => {
                let t = &ds.tally;
                let c = &t.counts;
                b.push(Block::Paragraph(Paragraph {
                    size: 8.5,
                    color: Color::MUTED,
                    ..Paragraph::new(vec![
                        Span::bold(format!("{} {}", ctx.t("得分", "Score"), display_score(t.score, ctx.lang))).colored(score_color(ctx, t.score)),
                        Span::regular(match ctx.lang {
                            Lang::Zh => format!(
                                " · 完成度 {} · 符合 {} · 部分符合 {} · 不符合 {} · 不适用 {} · 未作答 {}",
                                percent(t.completion), c.compliant, c.partial, c.non_compliant, c.not_applicable, c.unanswered
                            ),
                            Lang::En => format!(
                                " | completion {} | compliant {} | partial {} | non-compliant {} | N/A {} | unanswered {}",
                                percent(t.completion), c.compliant, c.partial, c.non_compliant, c.not_applicable, c.unanswered
                            ),
                        }),
                    ])
                }));
            }
            _ => b.push(muted(
                ctx.t(
                    "本领域的适用条件对本单位画像不成立，其评估项均按画像排除，不计分。",
                    "This domain's condition does not hold for the profile: all its questions are excluded and not scored.",
                ),
                8.5,
            )),
        }
        let rows = domain
            .questions
            .iter()
            .map(|q| {
                let mut id = vec![Span::bold(q.id.to_string())];
                id.push(
                    Span::regular(format!("\n{} {}", ctx.t("权重", "weight"), q.weight))
                        .colored(Color::MUTED),
                );
                if q.critical {
                    id.push(Span::bold(format!("\n{}", ctx.t("关键项", "critical"))).colored(RED));
                }
                let answer = ctx.input.answers.get(&q.id);
                let (label, color) = if excluded.contains_key(&q.id) {
                    (
                        ctx.t("按画像排除", "Excluded by profile").to_owned(),
                        Color::MUTED,
                    )
                } else {
                    ctx.answer_label(answer.map(|a| a.value))
                };
                let mut note: Vec<Span> = Vec::new();
                // The method requires an excluded question to show the condition that excludes
                // it; the fact ids are those of the profile table in the methodology.
                if let Some(e) = excluded.get(&q.id) {
                    note.push(Span::bold(match e.by {
                        ExcludedBy::Domain => {
                            ctx.t("领域适用条件不成立：", "Domain condition not met: ")
                        }
                        ExcludedBy::Question => ctx.t("适用条件不成立：", "Condition not met: "),
                    }));
                    note.push(Span::regular(format!("{}\n", e.condition)));
                }
                if let Some(a) = answer {
                    if let Some(reason) = a.na_reason.as_deref().filter(|r| !r.trim().is_empty()) {
                        note.push(Span::bold(ctx.t("不适用理由：", "Reason for N/A: ")));
                        note.push(Span::regular(format!("{reason}\n")));
                    }
                    if !a.note.trim().is_empty() {
                        note.push(Span::regular(format!("{}\n", a.note.trim_end())));
                    }
                }
                let files = evidence_count(&q.id);
                if files > 0 {
                    note.push(
                        Span::regular(match ctx.lang {
                            Lang::Zh => format!("证据 {files} 份\n"),
                            Lang::En => format!(
                                "{files} evidence file{}\n",
                                if files == 1 { "" } else { "s" }
                            ),
                        })
                        .colored(Color::MUTED),
                    );
                }
                if let Some(meta) = ctx.input.answer_meta.get(&q.id) {
                    if meta.carried {
                        note.push(Span::bold(
                            ctx.t("沿用上一周期，未经复核：", "Carried over, not confirmed: "),
                        ));
                    } else {
                        note.push(
                            Span::regular(ctx.t("修改：", "Changed: ")).colored(Color::MUTED),
                        );
                    }
                    note.push(
                        Span::regular(format!("{} {}", meta.updated_by, date_of(&meta.updated_at)))
                            .colored(Color::MUTED),
                    );
                }
                let mut question = vec![Span::regular(ctx.tx(&q.text))];
                let check = ctx.tx(&q.check).trim();
                if !check.is_empty() {
                    question.push(
                        Span::bold(format!(
                            "\n{}",
                            ctx.t("设备上如何检查：", "How to check on a device: ")
                        ))
                        .colored(Color::MUTED),
                    );
                    question.extend(
                        markdown_spans(check)
                            .into_iter()
                            .map(|span| span.colored(Color::MUTED)),
                    );
                }
                Row::new(vec![
                    Cell::new(id),
                    Cell::new(question),
                    Cell::new(vec![Span::bold(label).colored(color)]),
                    Cell::new(note),
                    Cell::text(ctx.cites(&q.citations)),
                ])
            })
            .collect();
        b.push(table(
            &[
                (Column::new(0.1), ctx.t("编号", "ID")),
                (Column::new(0.36), ctx.t("评估项", "Question")),
                (Column::new(0.11), ctx.t("结论", "Answer")),
                (Column::new(0.24), ctx.t("说明", "Note")),
                (Column::new(0.19), ctx.t("依据", "Citations")),
            ],
            rows,
        ));
    }
    if !s.ignored_answers.is_empty() {
        b.push(heading(2, ctx.t("已忽略的答案", "Ignored answers"), true));
        let ids: Vec<String> = s.ignored_answers.iter().map(ToString::to_string).collect();
        b.push(para(match ctx.lang {
            Lang::Zh => format!(
                "以下答案所对应的评估项编号不在本问卷中（例如来自旧版问卷、且未被新版评估项承接），不参与计分：{}。请复核人确认没有遗漏需要承接的答案。",
                ids.join("、")
            ),
            Lang::En => format!(
                "These answers are to question ids this questionnaire does not have (e.g. from an earlier version, not carried over) and take no part in the score: {}. The reviewer should confirm that no answer needed carrying over.",
                ids.join(", ")
            ),
        }));
    }
}
