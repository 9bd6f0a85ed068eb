//! Section 6, the methodology: the declared method, the parameters of this report and the
//! instruments cited with the dates they are current to.

use questionnaires::score::display;
use questionnaires::{FactKind, FactValue, InstrumentStatus};

use crate::layout::{Block, Cell, Color, Column, Row, Span};

use super::{Ctx, bare_table, heading, markdown_blocks, muted, table};

pub(super) fn method(ctx: &Ctx, b: &mut Vec<Block>) {
    let q = &ctx.input.questionnaire;
    let s = ctx.score;
    b.push(heading(1, ctx.t("六、评估方法", "6. Methodology"), true));
    b.extend(markdown_blocks(ctx.method));

    b.push(heading(
        2,
        ctx.t("本报告采用的参数", "Parameters of this report"),
        true,
    ));
    let kv = |k: &str, v: String| Row::new(vec![Cell::bold(k), Cell::text(v)]);
    b.push(bare_table(
        vec![Column::new(0.35), Column::new(0.65)],
        vec![
            kv(ctx.t("评分方法", "Scoring method"), s.method.clone()),
            kv(
                ctx.t("就绪门槛", "Ready threshold"),
                display(s.thresholds.ready),
            ),
            kv(
                ctx.t("基本就绪门槛", "Largely ready threshold"),
                display(s.thresholds.largely_ready),
            ),
            kv(
                ctx.t("问卷", "Questionnaire"),
                format!("{} ({})", ctx.tx(&q.title), q.id),
            ),
            kv(
                ctx.t("问卷版本", "Questionnaire version"),
                q.version.clone(),
            ),
            kv(
                ctx.t("问卷生效日期", "Questionnaire effective"),
                q.effective.clone(),
            ),
        ],
    ));

    b.push(heading(2, ctx.t("单位画像", "Profile"), true));
    b.push(muted(
        ctx.t(
            "单位画像决定哪些评估项适用。",
            "The profile decides which questions apply.",
        ),
        8.5,
    ));
    let rows = q
        .profile
        .iter()
        .map(|fact| {
            let value = match (ctx.input.profile.get(&fact.id), &fact.kind) {
                (Some(FactValue::Bool(true)), _) => ctx.t("是", "Yes").to_owned(),
                (Some(FactValue::Bool(false)), _) => ctx.t("否", "No").to_owned(),
                (Some(FactValue::Choice(c)), FactKind::OneOf { options }) => options
                    .iter()
                    .find(|o| &o.id == c)
                    .map_or(c.clone(), |o| ctx.tx(&o.label).to_owned()),
                (Some(FactValue::Choice(c)), FactKind::YesNo) => c.clone(),
                (None, _) => ctx.t("未填写", "Not answered").to_owned(),
            };
            Row::new(vec![
                Cell::new(vec![
                    Span::regular(ctx.tx(&fact.text)),
                    Span::regular(format!("\n{}", fact.id)).colored(Color::MUTED),
                ]),
                Cell::bold(value),
            ])
        })
        .collect();
    b.push(table(
        &[
            (Column::new(0.7), ctx.t("画像事实", "Fact")),
            (Column::new(0.3), ctx.t("本单位", "This organization")),
        ],
        rows,
    ));

    b.push(heading(2, ctx.t("引用的法规", "Instruments cited"), true));
    b.push(muted(
        format!(
            "{} {}{}",
            ctx.t("问卷版本", "Questionnaire version"),
            q.version,
            ctx.t(
                "依据各文件自“现行文本施行日期”起施行的文本；其后施行的版本另行列出。",
                " follows the text of each instrument in force from the date under “Current to”; versions in force after it are listed.",
            ),
        ),
        8.5,
    ));
    let rows = s
        .instruments
        .iter()
        .filter_map(|i| ctx.input.catalog.instrument(&i.instrument))
        .map(|ins| {
            let status = match ins.status {
                InstrumentStatus::InForce => ctx.t("现行有效", "In force"),
                InstrumentStatus::Amended => ctx.t("已修正", "Amended"),
                InstrumentStatus::Repealed => ctx.t("已废止", "Repealed"),
                InstrumentStatus::Draft => ctx.t("草案", "Draft"),
            };
            // How current the questionnaire is with the instrument (`Library::instruments_cited`);
            // a snapshot without that says only when the instrument took effect.
            let cited = ctx
                .input
                .instruments
                .iter()
                .find(|c| c.instrument == ins.id);
            let mut current = cited.map_or(ins.effective.clone(), |c| c.current_to.clone());
            if let Some(version) = cited.and_then(|c| c.version.as_ref()) {
                current.push_str(&format!("\n{}", ctx.tx(&version.label)));
            }
            let mut title = ctx.tx(&ins.name).to_owned();
            for later in cited
                .map(|c| c.later_versions.as_slice())
                .unwrap_or_default()
            {
                title.push_str(&format!(
                    "\n{} {} {}",
                    ctx.t("其后：", "Later:"),
                    later.effective,
                    ctx.tx(&later.label)
                ));
            }
            Row::new(vec![
                Cell::bold(&ins.id),
                Cell::text(title),
                Cell::text(format!("{}\n{}", ctx.tx(&ins.issuer), ins.doc_no)),
                Cell::text(current),
                Cell::text(status),
            ])
        })
        .collect();
    b.push(table(
        &[
            (Column::new(0.1), ctx.t("简称", "Id")),
            (Column::new(0.32), ctx.t("名称", "Title")),
            (
                Column::new(0.28),
                ctx.t("发布机关 / 文号", "Issuer / number"),
            ),
            (Column::new(0.18), ctx.t("现行文本施行日期", "Current to")),
            (Column::new(0.12), ctx.t("状态", "Status")),
        ],
        rows,
    ));
}
