//! Section 5, the evidence index: every file with the question it supports, its size and its
//! SHA-256.

use std::collections::BTreeMap;

use questionnaires::QuestionId;

use crate::layout::{Block, Cell, Color, Column, Row, Span, Table};

use super::{Ctx, file_size, heading, muted, para};

pub(super) fn evidence(ctx: &Ctx, b: &mut Vec<Block>) {
    b.push(heading(1, ctx.t("五、证据索引", "5. Evidence index"), true));
    if ctx.input.evidence.is_empty() {
        b.push(para(ctx.t(
            "本次评估未附证据文件。",
            "No evidence files are attached to this assessment.",
        )));
        return;
    }
    b.push(muted(
        ctx.t(
            "每个证据文件的 SHA-256 值可用于核对所存文件未被改动。",
            "The SHA-256 of each evidence file verifies that the stored file is unchanged.",
        ),
        8.5,
    ));
    let order: BTreeMap<&QuestionId, usize> = ctx
        .input
        .questionnaire
        .questions()
        .enumerate()
        .map(|(i, (_, q))| (&q.id, i))
        .collect();
    let mut files: Vec<_> = ctx.input.evidence.iter().collect();
    files.sort_by(|a, b| {
        let key = |e: &crate::input::Evidence| {
            (
                order.get(&e.question).copied().unwrap_or(usize::MAX),
                e.question.clone(),
            )
        };
        key(a).cmp(&key(b)).then_with(|| a.name.cmp(&b.name))
    });
    let rows = files
        .iter()
        .enumerate()
        .map(|(i, e)| {
            Row::new(vec![
                Cell::text((i + 1).to_string()),
                Cell::bold(e.question.to_string()),
                Cell::new(vec![
                    Span::regular(&e.name),
                    Span::regular(format!("\n{}", e.media_type)).colored(Color::MUTED),
                ]),
                Cell::text(file_size(e.size)),
                Cell::text(&e.sha256),
            ])
        })
        .collect();
    b.push(Block::Table(Table {
        columns: vec![
            Column::new(0.05),
            Column::new(0.1),
            Column::new(0.33),
            Column::right(0.1),
            Column::new(0.42),
        ],
        header: Some(
            [
                "#",
                ctx.t("评估项", "Question"),
                ctx.t("文件", "File"),
                ctx.t("大小", "Size"),
                "SHA-256",
            ]
            .into_iter()
            .map(Cell::text)
            .collect(),
        ),
        rows,
        size: 7.5,
        zebra: true,
    }));
}
