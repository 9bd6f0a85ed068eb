//! The cover page: the title, the organization (and the App assessed), the cycle, the
//! questionnaire, the status and the report's identity.

use questionnaires::Lang;

use crate::input::AssessmentStatus;
use crate::layout::{Block, Cell, Color, Column, Paragraph, Row, Span, Table};

use super::{Ctx, RED, muted, title};

pub(super) fn cover(ctx: &Ctx, b: &mut Vec<Block>) {
    let input = ctx.input;
    let q = &input.questionnaire;
    b.push(Block::Spacer(70.0));
    b.push(Block::Paragraph(Paragraph {
        size: 24.0,
        color: Color::ACCENT,
        space_after: 10.0,
        ..Paragraph::new(vec![Span::bold(title(ctx.lang))])
    }));
    b.push(Block::Paragraph(Paragraph {
        size: 13.0,
        color: Color::MUTED,
        space_after: 28.0,
        ..Paragraph::text(match &input.subject {
            Some(app) => format!(
                "{} · {} · {}",
                input.organization.name, app.name, input.cycle
            ),
            None => format!("{} · {}", input.organization.name, input.cycle),
        })
    }));
    if input.status != AssessmentStatus::Approved {
        b.push(Block::Stamp {
            text: crate::DRAFT_MARK.to_owned(),
            color: RED,
            size: 20.0,
        });
        b.push(Block::Spacer(16.0));
    }
    let status = status_label(ctx, input.status);
    let kv = |k: &str, v: String| Row::new(vec![Cell::bold(k), Cell::text(v)]);
    let mut rows = vec![
        kv(
            ctx.t("被评估单位", "Organization"),
            input.organization.name.clone(),
        ),
        kv(
            ctx.t("统一社会信用代码", "Unified social credit code"),
            input.organization.uscc.clone(),
        ),
        kv(
            ctx.t("行业 / 地区", "Industry / region"),
            format!(
                "{} / {}",
                input.organization.industry, input.organization.region
            ),
        ),
    ];
    if let Some(app) = &input.subject {
        let given = |value: &str| {
            if value.is_empty() {
                ctx.t("未填写", "Not given").to_owned()
            } else {
                value.to_owned()
            }
        };
        rows.extend([
            kv(ctx.t("被评估App", "App assessed"), app.name.clone()),
            kv(
                ctx.t("平台", "Platform"),
                ctx.tx(&app.platform.label()).to_owned(),
            ),
            kv(ctx.t("版本", "Version"), given(&app.version)),
            kv(
                ctx.tx(&app.platform.package_label()),
                given(&app.package_id),
            ),
        ]);
    }
    rows.push(kv(ctx.t("评估周期", "Review cycle"), input.cycle.clone()));
    if let Some(from) = &input.carried_from {
        rows.push(kv(
            ctx.t("起点", "Started from"),
            match ctx.lang {
                Lang::Zh => format!(
                    "在 {from} 评估的基础上开展：沿用其单位画像、答案、证据和未完成的整改，答案逐项复核"
                ),
                Lang::En => format!(
                    "Carried forward from the {from} assessment: its profile, answers, evidence and unfinished remediation, each answer to be confirmed"
                ),
            },
        ));
    }
    rows.extend([
        kv(
            ctx.t("问卷", "Questionnaire"),
            format!(
                "{}\n{} {} · {} {}",
                ctx.tx(&q.title),
                ctx.t("版本", "version"),
                q.version,
                ctx.t("生效", "effective"),
                q.effective
            ),
        ),
        kv(ctx.t("评估状态", "Status"), status),
        kv(ctx.t("生成时间", "Generated"), ctx.generated.to_owned()),
        kv(ctx.t("报告编号", "Report ID"), ctx.report_id.to_owned()),
        kv(
            ctx.t("数据摘要（SHA-256）", "Data digest (SHA-256)"),
            ctx.digest.to_owned(),
        ),
    ]);
    b.push(Block::Table(Table {
        columns: vec![Column::new(0.3), Column::new(0.7)],
        header: None,
        rows,
        size: 9.0,
        zebra: false,
    }));
    b.push(muted(
        ctx.t(
            "数据摘要是生成本报告所用评估快照（规范 JSON）的 SHA-256 值。以同一快照重新计算摘要，即可核对本报告与评估数据是否一致。",
            "The data digest is the SHA-256 of the assessment snapshot (canonical JSON) this report was generated from. Recomputing it from the same snapshot verifies that the report matches the data.",
        ),
        8.0,
    ));
}

pub(super) fn status_label(ctx: &Ctx, status: AssessmentStatus) -> String {
    match status {
        AssessmentStatus::Draft => ctx.t("草稿", "Draft"),
        AssessmentStatus::Submitted => ctx.t("已提交（待批准）", "Submitted (awaiting approval)"),
        AssessmentStatus::Approved => ctx.t("已批准", "Approved"),
        AssessmentStatus::Archived => ctx.t("已归档", "Archived"),
    }
    .to_owned()
}
