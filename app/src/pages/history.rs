//! The history page: the assessment's audit log, newest first, each change said in words (what
//! was answered, confirmed, attached, planned, approved, and by whom), with the start of each
//! event's hash, and the state of the whole hash chain as the server verified it.

use leptos::prelude::*;
use questionnaires::{AnswerValue, FactKind, FactValue, Lang, Questionnaire, Subject};
use serde_json::Value;

use crate::api::{self, AuditAction, AuditEntity, AuditEvent, RemediationStatus, Status};
use crate::format;
use crate::i18n::{self, Key, history, t, use_lang};
use crate::workspace::Workspace;

#[component]
pub fn HistoryPage() -> impl IntoView {
    let ws = expect_context::<Workspace>();
    let lang = use_lang();
    let events = LocalResource::new(move || api::audit_events(ws.id));
    let chain = LocalResource::new(api::verify_audit);

    let chain_status = move || {
        let lang = lang.get();
        chain.get().map(|result| match result {
            Ok(v) if v.ok => view! {
                <p class="chain ok" id="chain-status" data-ok="true">{history::chain_ok(lang, v.events)}</p>
            }
            .into_any(),
            Ok(v) => {
                let (id, reason) = v.first_broken.map(|b| (b.id, b.reason)).unwrap_or_default();
                view! {
                    <p class="chain broken" id="chain-status" data-ok="false" role="alert">
                        {history::chain_broken(lang, id, &reason)}
                    </p>
                }
                .into_any()
            }
            Err(e) => view! { <p class="error" role="alert">{e.message}</p> }.into_any(),
        })
    };

    let rows = move || {
        let lang = lang.get();
        let list = match events.get() {
            None => return view! { <p class="muted">{t(Key::Loading)}</p> }.into_any(),
            Some(Err(e)) => {
                return view! { <p class="error" role="alert">{e.message}</p> }.into_any();
            }
            Some(Ok(list)) => list,
        };
        let rows = ws.questionnaire.with_value(|q| {
            list.iter()
                .rev()
                .map(|e| {
                    let change = describe(e, q, lang);
                    let hash = e.hash.get(..12).unwrap_or(&e.hash).to_owned();
                    view! {
                        <tr data-event-id=e.id.to_string() data-entity=e.entity.as_str()>
                            <td class="nowrap">{format::datetime(&e.at)}</td>
                            <td>{e.actor.clone()}</td>
                            <td class="change">{change}</td>
                            <td class="mono small" title=e.hash.clone()>{hash}"…"</td>
                        </tr>
                    }
                })
                .collect_view()
        });
        view! {
            <table class="table history-table" id="history-table">
                <thead>
                    <tr>
                        <th scope="col">{t(Key::HistoryTime)}</th>
                        <th scope="col">{t(Key::HistoryActor)}</th>
                        <th scope="col">{t(Key::HistoryChange)}</th>
                        <th scope="col">"SHA-256"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any()
    };

    view! {
        <section class="card history" id="history" aria-labelledby="history-title">
            <h2 id="history-title">{t(Key::TabHistory)}</h2>
            <p class="muted small">{t(Key::HistoryHelp)}</p>
            {chain_status}
            {rows}
        </section>
    }
}

/// One event in words.
pub fn describe(e: &AuditEvent, q: &Questionnaire, lang: Lang) -> String {
    let (before, after) = (&e.before, &e.after);
    let question = e.entity_id.as_str();
    match (e.entity, e.action) {
        (AuditEntity::Assessment, AuditAction::Create) => {
            let mut cycle = after["cycle"].as_str().unwrap_or_default().to_owned();
            if let Ok(app) = serde_json::from_value::<Subject>(after["subject"].clone()) {
                cycle.push_str(" · ");
                cycle.push_str(&i18n::subject_line(&app, lang));
            }
            let mut text = history::created(lang, &cycle);
            if let Some(from) = after["carried_from"].as_i64() {
                let answers = after["carried"]["answers"].as_array().map_or(0, Vec::len);
                let evidence = after["carried"]["evidence"].as_u64().unwrap_or(0);
                let plans = after["carried"]["remediation"].as_u64().unwrap_or(0);
                text.push_str(&history::carried_forward(
                    lang, from, answers, evidence, plans,
                ));
            }
            text
        }
        (AuditEntity::Assessment, action) => {
            let reason = after["reason"].as_str().unwrap_or_default();
            let status = serde_json::from_value::<Status>(after["status"].clone())
                .map(|s| s.label().get(lang).to_owned())
                .unwrap_or_default();
            history::status_changed(lang, action, reason, &status)
        }
        (AuditEntity::Profile, _) => {
            let changes: Vec<String> = q
                .profile
                .iter()
                .filter_map(|fact| {
                    let (old, new) = (
                        &before["profile"][fact.id.as_str()],
                        &after["profile"][fact.id.as_str()],
                    );
                    (old != new).then(|| {
                        history::fact_changed(
                            lang,
                            fact.text.get(lang),
                            &fact_value(&fact.kind, old, lang),
                            &fact_value(&fact.kind, new, lang),
                        )
                    })
                })
                .collect();
            let label = history::profile(lang);
            if changes.is_empty() {
                label.to_owned()
            } else {
                format!("{label} · {}", changes.join(history::separator(lang)))
            }
        }
        (AuditEntity::Answer, _) => {
            let value = |v: &Value| {
                serde_json::from_value::<AnswerValue>(v["value"].clone())
                    .map(|a| a.label().get(lang).to_owned())
                    .unwrap_or_else(|_| history::unanswered(lang).to_owned())
            };
            let mut text =
                if before["carried"] == Value::Bool(true) && before["value"] == after["value"] {
                    history::answer_confirmed(lang, question, &value(after))
                } else {
                    history::answer_changed(lang, question, &value(before), &value(after))
                };
            if let Some(reason) = after["na_reason"].as_str().filter(|r| !r.is_empty()) {
                text.push_str(&history::na_reason(lang, reason));
            }
            if before["note"] != after["note"] && !(before.is_null() && after["note"] == "") {
                text.push_str(history::note_changed(lang));
            }
            text
        }
        (AuditEntity::Evidence, action) => {
            let removed = action == AuditAction::Delete;
            let shown = if removed { before } else { after };
            let question = shown["question_id"].as_str().unwrap_or_default();
            let what = shown["name"]
                .as_str()
                .map(str::to_owned)
                .unwrap_or_else(|| shorten(shown["note"].as_str().unwrap_or_default(), 40));
            history::evidence(lang, removed, question, &what)
        }
        (AuditEntity::Remediation, _) => {
            let status = after["status"]
                .as_str()
                .and_then(RemediationStatus::parse)
                .map(|s| s.label().get(lang).to_owned())
                .unwrap_or_default();
            let parts: Vec<String> = [
                Some(status),
                after["owner"]
                    .as_str()
                    .filter(|o| !o.is_empty())
                    .map(str::to_owned),
                after["due_date"].as_str().map(str::to_owned),
            ]
            .into_iter()
            .flatten()
            .collect();
            history::remediation(lang, question, &parts.join(" · "))
        }
        (AuditEntity::Report, _) => {
            let sha = after["sha256"].as_str().unwrap_or_default();
            let sha = sha.get(..16).unwrap_or(sha);
            let report_lang = after["lang"].as_str().unwrap_or_default();
            history::report(lang, report_lang, sha)
        }
        (entity, action) => format!("{} {}", entity.as_str(), action.as_str()),
    }
}

fn fact_value(kind: &FactKind, value: &Value, lang: Lang) -> String {
    match serde_json::from_value::<FactValue>(value.clone()) {
        Ok(FactValue::Bool(b)) => history::yes_no(lang, Some(b)).to_owned(),
        Ok(FactValue::Choice(id)) => match kind {
            FactKind::OneOf { options } => options
                .iter()
                .find(|o| o.id == id)
                .map_or(id, |o| o.label.get(lang).to_owned()),
            FactKind::YesNo => id,
        },
        Err(_) => history::yes_no(lang, None).to_owned(),
    }
}

/// The first `n` characters, with an ellipsis when there were more.
fn shorten(text: &str, n: usize) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(n).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use questionnaires::{Fact, FactOption, Text, Thresholds};
    use serde_json::json;

    fn questionnaire() -> Questionnaire {
        Questionnaire {
            id: "q".to_owned(),
            version: "1".to_owned(),
            title: Text::new("问卷", "Questionnaire"),
            effective: "2026-01-01".to_owned(),
            scope: questionnaires::Text::default(),
            subject: questionnaires::SubjectKind::default(),
            thresholds: Thresholds {
                ready: 85.0,
                largely_ready: 70.0,
            },
            profile: vec![
                Fact {
                    id: "important_data".to_owned(),
                    text: Text::new("处理重要数据？", "Important data?"),
                    help: Text::default(),
                    kind: FactKind::YesNo,
                    citations: Vec::new(),
                },
                Fact {
                    id: "pi_volume".to_owned(),
                    text: Text::new("个人信息规模", "PI volume"),
                    help: Text::default(),
                    kind: FactKind::OneOf {
                        options: vec![FactOption {
                            id: "1m".to_owned(),
                            label: Text::new("100万人以上", "1 million or more"),
                        }],
                    },
                    citations: Vec::new(),
                },
            ],
            domains: Vec::new(),
        }
    }

    fn event(entity: &str, action: &str, id: &str, before: Value, after: Value) -> AuditEvent {
        AuditEvent {
            id: 1,
            at: "2026-03-01T08:00:00Z".to_owned(),
            actor: "张三".to_owned(),
            entity: AuditEntity::parse(entity).unwrap_or_else(|| panic!("{entity}")),
            entity_id: id.to_owned(),
            action: AuditAction::parse(action).unwrap_or_else(|| panic!("{action}")),
            before,
            after,
            hash: "0".repeat(64),
        }
    }

    #[test]
    fn answers_say_what_changed_and_a_confirmation_says_so() {
        let q = questionnaire();
        let first = event(
            "answer",
            "create",
            "GOV-01",
            Value::Null,
            json!({ "value": "partial", "na_reason": null, "note": "", "revision": 1 }),
        );
        assert_eq!(describe(&first, &q, Lang::Zh), "GOV-01：未作答 → 部分符合");
        let changed = event(
            "answer",
            "update",
            "GOV-01",
            json!({ "value": "partial", "note": "", "revision": 1 }),
            json!({ "value": "not_applicable", "na_reason": "无此业务", "note": "见说明", "revision": 2 }),
        );
        assert_eq!(
            describe(&changed, &q, Lang::En),
            "GOV-01: Partially compliant → Not applicable (reason: 无此业务), note changed"
        );
        let confirmed = event(
            "answer",
            "update",
            "GOV-02",
            json!({ "value": "compliant", "note": "", "revision": 1, "carried": true }),
            json!({ "value": "compliant", "note": "", "revision": 2 }),
        );
        assert_eq!(
            describe(&confirmed, &q, Lang::Zh),
            "GOV-02：确认沿用的答案“符合”"
        );
    }

    #[test]
    fn profile_changes_name_the_facts_and_their_values() {
        let q = questionnaire();
        let e = event(
            "profile",
            "update",
            "7",
            json!({ "profile": { "important_data": false }, "revision": 1 }),
            json!({ "profile": { "important_data": true, "pi_volume": "1m" }, "revision": 2 }),
        );
        assert_eq!(
            describe(&e, &q, Lang::Zh),
            "单位画像 · 处理重要数据？：否 → 是；个人信息规模：未填 → 100万人以上"
        );
    }

    #[test]
    fn status_changes_carry_forward_evidence_and_reports_are_said_in_words() {
        let q = questionnaire();
        let created = event(
            "assessment",
            "create",
            "9",
            Value::Null,
            json!({ "cycle": "2027 年度", "carried_from": 4,
                    "carried": { "answers": ["GOV-01", "GOV-02"], "evidence": 3, "remediation": 1 } }),
        );
        assert_eq!(
            describe(&created, &q, Lang::Zh),
            "创建评估（2027 年度），沿用评估 #4 的单位画像、2 个答案、3 份证据和 1 项整改"
        );
        let app = event(
            "assessment",
            "create",
            "10",
            Value::Null,
            json!({ "cycle": "2026 年度",
                    "subject": { "name": "示例商城", "platform": "ios", "version": "5.2.0", "package_id": "" } }),
        );
        assert_eq!(
            describe(&app, &q, Lang::En),
            "Created the assessment (2026 年度 · 示例商城 · iOS · version 5.2.0)"
        );
        let reopened = event(
            "assessment",
            "reopen",
            "9",
            json!({ "status": "approved" }),
            json!({ "status": "draft", "reason": "审计发现问题" }),
        );
        assert_eq!(
            describe(&reopened, &q, Lang::En),
            "Reopened as a draft: 审计发现问题"
        );
        let removed = event(
            "evidence",
            "delete",
            "12",
            json!({ "question_id": "GOV-03", "kind": "note", "name": null,
                    "note": "制度文号 ZP-2026-01，存放于 OA 系统制度库，2026 年 3 月修订版本" }),
            Value::Null,
        );
        assert_eq!(
            describe(&removed, &q, Lang::Zh),
            "GOV-03：删除证据“制度文号 ZP-2026-01，存放于 OA 系统制度库，2026 年 3 月修…”"
        );
        let report = event(
            "report",
            "generate",
            "ZP-1",
            Value::Null,
            json!({ "sha256": "ab".repeat(32), "lang": "zh-CN" }),
        );
        assert_eq!(
            describe(&report, &q, Lang::Zh),
            "生成已批准评估的报告（zh-CN），PDF 的 SHA-256 abababababababab…"
        );
    }
}
