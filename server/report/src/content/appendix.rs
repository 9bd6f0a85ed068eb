//! The appendix: every cited article in full, with the penalty provisions the catalog links to it.

use std::collections::{BTreeMap, BTreeSet};

use questionnaires::{Citation, Lang};

use crate::layout::{Block, Color, Heading, Paragraph, Span};

use super::{Ctx, heading, muted};

pub(super) fn appendix(ctx: &Ctx, b: &mut Vec<Block>) {
    b.push(heading(
        1,
        ctx.t("附录  引用条款", "Appendix: the cited articles"),
        true,
    ));
    b.push(muted(
        ctx.t(
            "按法规列出问卷引用的全部条款：条款要点（本系统的概括）和官方原文（目录收录原文的）。",
            "Every article the questionnaire cites, by instrument: the gist (our summary) and the official Chinese text where the catalog has it.",
        ),
        8.5,
    ));
    let mut cited: BTreeMap<&str, BTreeSet<u16>> = BTreeMap::new();
    for (_, q) in ctx.input.questionnaire.questions() {
        for c in &q.citations {
            cited
                .entry(c.instrument.as_str())
                .or_default()
                .insert(c.article);
        }
    }
    for i in &ctx.score.instruments {
        let Some(ins) = ctx.input.catalog.instrument(&i.instrument) else {
            continue;
        };
        let Some(numbers) = cited.get(ins.id.as_str()) else {
            continue;
        };
        b.push(Block::Heading(Heading {
            level: 2,
            text: ctx.tx(&ins.name).to_owned(),
            toc: false,
            new_page: false,
        }));
        for &number in numbers {
            let citation = Citation {
                instrument: ins.id.clone(),
                article: number,
                paragraph: None,
                item: None,
            };
            // A heading, so that an article's name never stays behind at the foot of a page.
            b.push(Block::Heading(Heading {
                level: 3,
                text: ctx.cite(&citation),
                toc: false,
                new_page: false,
            }));
            let Some(article) = ctx.input.catalog.article(&citation) else {
                b.push(muted(
                    ctx.t("（目录未收录本条）", "(not in the catalog)"),
                    8.5,
                ));
                continue;
            };
            b.push(Block::Paragraph(Paragraph {
                space_after: 3.0,
                ..Paragraph::text(ctx.tx(&article.summary))
            }));
            let mut penalties: Vec<String> = article
                .paragraph_penalties
                .iter()
                .map(|pp| match ctx.lang {
                    Lang::Zh => format!(
                        "第{}款：{}",
                        questionnaires::numeral::format(pp.paragraph.into()),
                        ctx.cite(&pp.penalty)
                    ),
                    Lang::En => format!("para. {}: {}", pp.paragraph, ctx.cite(&pp.penalty)),
                })
                .collect();
            if let Some(penalty) = &article.penalty {
                penalties.push(if penalties.is_empty() {
                    ctx.cite(penalty)
                } else {
                    format!(
                        "{}{}",
                        ctx.t("其他各款：", "other paragraphs: "),
                        ctx.cite(penalty)
                    )
                });
            }
            if !penalties.is_empty() {
                b.push(Block::Paragraph(Paragraph {
                    size: 8.5,
                    space_after: 3.0,
                    ..Paragraph::new(vec![
                        Span::bold(ctx.t("罚则：", "Penalty: ")),
                        Span::regular(penalties.join(ctx.sep())),
                    ])
                }));
            }
            if let Some(text) = &article.official_text {
                let label = ctx.t("原文：", "Official text (Chinese): ");
                b.push(Block::Paragraph(Paragraph {
                    size: 8.5,
                    color: Color::MUTED,
                    indent: 12.0,
                    space_after: 8.0,
                    ..Paragraph::new(vec![Span::bold(label), Span::regular(text.trim())])
                }));
            } else {
                b.push(Block::Spacer(5.0));
            }
        }
    }
}
