//! Section 7, the sign-off: assessor, reviewer and approver with names, dates and a space
//! to sign.

use crate::layout::{Block, Cell, Color, Column, Row, Span, Table};

use super::{Ctx, date_of, heading, para};

pub(super) fn sign_off(ctx: &Ctx, b: &mut Vec<Block>) {
    b.push(heading(1, ctx.t("七、签署", "7. Sign-off"), true));
    b.push(para(ctx.t(
        "评估人确认已按问卷逐项评估并如实填写；复核人确认已核对答案与证据；批准人确认本报告的结论。签署后的报告以封面所列数据摘要与评估数据对应。",
        "The assessor confirms that every question was assessed and answered truthfully; the reviewer confirms that answers and evidence were checked; the approver accepts the findings of this report. A signed report corresponds to the assessment data through the digest on its cover.",
    )));
    let so = &ctx.input.sign_off;
    let row = |role: &str, sig: &Option<crate::input::Signature>| match sig {
        Some(s) => Row::new(vec![
            Cell::bold(role),
            Cell::text(&s.name),
            Cell::text(date_of(&s.date)),
            Cell::text("\n\n"),
        ]),
        None => Row::new(vec![
            Cell::bold(role),
            Cell::new(vec![
                Span::regular(ctx.t("（未签署）", "(not signed)")).colored(Color::MUTED),
            ]),
            Cell::text(""),
            Cell::text("\n\n"),
        ]),
    };
    b.push(Block::Table(Table {
        columns: vec![
            Column::new(0.2),
            Column::new(0.25),
            Column::new(0.2),
            Column::new(0.35),
        ],
        header: Some(
            [
                ctx.t("角色", "Role"),
                ctx.t("姓名", "Name"),
                ctx.t("日期", "Date"),
                ctx.t("签字", "Signature"),
            ]
            .into_iter()
            .map(Cell::text)
            .collect(),
        ),
        rows: vec![
            row(ctx.t("评估人", "Assessor"), &so.assessor),
            row(ctx.t("复核人", "Reviewer"), &so.reviewer),
            row(ctx.t("批准人", "Approver"), &so.approver),
        ],
        size: 9.5,
        zebra: false,
    }));
}
