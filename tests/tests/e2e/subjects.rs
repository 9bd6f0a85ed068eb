//! Assessing an App: the subject of an assessment (App name, platform, version, package id),
//! required by the App questionnaire and optional for the organization-wide one, validated field
//! by field, served in the list and the detail, recorded in the audit log; and the next cycle of
//! an App, which starts from that App's previous assessment, never from another App's.

use serde_json::{Value, json};
use ziping_tests::{QUESTIONNAIRE, TestApp, spawn_app};

/// The bundled questionnaire that assesses one App at a time.
const APP_QUESTIONNAIRE: &str = "app-pi-compliance";

async fn create(app: &TestApp, body: Value) -> (u16, Value) {
    let (status, body) = app.post_json("/api/assessments", &body).await;
    (status.as_u16(), body)
}

/// A valid App subject, changed by `edit`.
fn shop(edit: impl FnOnce(&mut Value)) -> Value {
    let mut subject = json!({
        "name": "示例商城",
        "platform": "android",
        "version": "5.2.0",
        "package_id": "com.example.shop",
    });
    edit(&mut subject);
    subject
}

#[tokio::test]
async fn the_app_questionnaire_takes_an_app_and_refuses_each_bad_field_by_name_creating_nothing() {
    let app = spawn_app().await;
    let organization = app.create_organization("示例科技有限公司").await;
    let body = |subject: Value| {
        json!({
            "organization_id": organization["id"],
            "questionnaire_id": APP_QUESTIONNAIRE,
            "cycle": "2026 年度",
            "subject": subject,
        })
    };

    let long = |n: usize| "商".repeat(n);
    let refusals: Vec<(Value, &str, &str)> = vec![
        (Value::Null, "subject_required", "`subject`"),
        (shop(|s| s["name"] = json!("  ")), "blank", "`subject.name`"),
        (
            shop(|s| {
                s.as_object_mut().unwrap().remove("name");
            }),
            "blank",
            "`subject.name`",
        ),
        (
            shop(|s| s["name"] = json!(long(101))),
            "too_long",
            "`subject.name`",
        ),
        (
            shop(|s| s["name"] = json!("示例\n商城")),
            "invalid_text",
            "`subject.name`",
        ),
        (
            shop(|s| s["platform"] = json!("windows")),
            "invalid_platform",
            "`subject.platform`",
        ),
        (
            shop(|s| {
                s.as_object_mut().unwrap().remove("platform");
            }),
            "invalid_platform",
            "`subject.platform`",
        ),
        (
            shop(|s| s["version"] = json!("1".repeat(51))),
            "too_long",
            "`subject.version`",
        ),
        (
            shop(|s| s["package_id"] = json!("com.example/shop")),
            "invalid_package_id",
            "`subject.package_id`",
        ),
        (
            shop(|s| s["package_id"] = json!("a".repeat(256))),
            "too_long",
            "`subject.package_id`",
        ),
    ];
    for (subject, code, field) in refusals {
        let (status, refused) = create(&app, body(subject.clone())).await;
        assert_eq!(status, 422, "{subject}: {refused}");
        assert_eq!(refused["error"]["code"], code, "{subject}: {refused}");
        let message = refused["error"]["message"].as_str().unwrap();
        assert!(message.contains(field), "{subject}: {message}");
    }
    let (_, list) = app.get_json("/api/assessments").await;
    assert_eq!(list, json!([]), "nothing was created");
    let (_, events) = app.get_json("/api/audit/verify").await;
    assert_eq!(
        events["events"], 1,
        "only the organization's creation is logged"
    );

    // At the limits, trimmed; the version and the package id may be left out.
    let (status, created) = create(
        &app,
        body(json!({ "name": format!(" {} ", long(100)), "platform": "mini_program" })),
    )
    .await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(
        created["subject"],
        json!({ "name": long(100), "platform": "mini_program", "version": "", "package_id": "" })
    );
    let (status, created) = create(
        &app,
        json!({
            "organization_id": organization["id"],
            "questionnaire_id": APP_QUESTIONNAIRE,
            "cycle": "2026 年度",
            "subject": shop(|s| s["package_id"] = json!(format!("  {}  ", "a".repeat(255)))),
        }),
    )
    .await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["subject"]["package_id"], "a".repeat(255));
}

#[tokio::test]
async fn the_app_is_in_the_detail_the_list_and_the_audit_event_and_one_cycle_per_app_is_allowed() {
    let app = spawn_app().await;
    let organization = app.create_organization("示例科技有限公司").await;
    let new = |subject: Value, cycle: &str| {
        json!({
            "organization_id": organization["id"],
            "questionnaire_id": APP_QUESTIONNAIRE,
            "cycle": cycle,
            "subject": subject,
        })
    };
    let (status, created) = create(&app, new(shop(|_| {}), "2026 年度")).await;
    assert_eq!(status, 201, "{created}");
    let expected = shop(|_| {});
    assert_eq!(created["subject"], expected);
    assert_eq!(created["questionnaire_id"], APP_QUESTIONNAIRE);

    let (_, detail) = app
        .get_json(&format!("/api/assessments/{}", created["id"]))
        .await;
    assert_eq!(detail["subject"], expected);
    let (_, list) = app.get_json("/api/assessments").await;
    assert_eq!(list[0]["subject"], expected);
    let (_, events) = app
        .get_json(&format!("/api/assessments/{}/audit", created["id"]))
        .await;
    assert_eq!(events[0]["action"], "create");
    assert_eq!(events[0]["after"]["subject"], expected);

    // Another App of the organization has a 2026 cycle of its own …
    let ride = json!({ "name": "示例出行", "platform": "ios", "package_id": "com.example.ride" });
    let (status, body) = create(&app, new(ride, "2026 年度")).await;
    assert_eq!(status, 201, "{body}");
    // … so has the same App on another platform …
    let (status, body) = create(
        &app,
        new(
            json!({ "name": "示例商城", "platform": "ios" }),
            "2026 年度",
        ),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    // … but the same App, by its name and platform or by its package id, has one.
    for same in [
        json!({ "name": "示例商城", "platform": "android", "version": "6.0.0" }),
        json!({ "name": "示例商城 Lite", "platform": "harmonyos", "package_id": "COM.EXAMPLE.SHOP" }),
    ] {
        let (status, body) = create(&app, new(same.clone(), "2026 年度")).await;
        assert_eq!(status, 409, "{same}: {body}");
        assert_eq!(body["error"]["code"], "duplicate_assessment");
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("示例商城"),
            "{body}"
        );
    }
    let (_, list) = app.get_json("/api/assessments").await;
    assert_eq!(list.as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn the_organization_questionnaire_works_as_before_without_an_app_and_may_name_one() {
    let app = spawn_app().await;
    let earlier = app.create_assessment().await;
    assert_eq!(earlier["questionnaire_id"], QUESTIONNAIRE);
    assert_eq!(earlier["subject"], Value::Null);
    let (_, events) = app
        .get_json(&format!("/api/assessments/{}/audit", earlier["id"]))
        .await;
    assert_eq!(
        events[0]["after"]
            .as_object()
            .unwrap()
            .keys()
            .collect::<Vec<_>>(),
        [
            "cycle",
            "organization_id",
            "questionnaire_id",
            "questionnaire_version",
            "status"
        ],
        "the creation is recorded as before"
    );
    let (_, list) = app.get_json("/api/assessments").await;
    assert_eq!(list[0]["subject"], Value::Null);

    // The next cycle, without a subject, exactly as before.
    let (status, next) = create(
        &app,
        json!({
            "organization_id": earlier["organization"]["id"],
            "questionnaire_id": QUESTIONNAIRE,
            "cycle": "2027 年度",
            "carry_from": earlier["id"],
        }),
    )
    .await;
    assert_eq!(status, 201, "{next}");
    assert_eq!(next["subject"], Value::Null);
    assert_eq!(next["carried_from"]["id"], earlier["id"]);
    // One organization-wide assessment a cycle, still.
    let (status, body) = create(
        &app,
        json!({
            "organization_id": earlier["organization"]["id"],
            "questionnaire_id": QUESTIONNAIRE,
            "cycle": "2027 年度",
        }),
    )
    .await;
    assert_eq!(status, 409, "{body}");

    // It may name an App, which is then checked like any other.
    let (status, named) = create(
        &app,
        json!({
            "organization_id": earlier["organization"]["id"],
            "questionnaire_id": QUESTIONNAIRE,
            "cycle": "2027 年度",
            "subject": { "name": "示例商城", "platform": "ios" },
        }),
    )
    .await;
    assert_eq!(status, 201, "{named}");
    assert_eq!(named["subject"]["platform"], "ios");
    let (status, body) = create(
        &app,
        json!({
            "organization_id": earlier["organization"]["id"],
            "questionnaire_id": QUESTIONNAIRE,
            "cycle": "2028 年度",
            "subject": { "name": "示例商城", "platform": "symbian" },
        }),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["code"], "invalid_platform");
}

/// An App assessment of `organization` with one answer, for the cycle and App given.
async fn app_cycle(app: &TestApp, organization: &Value, subject: Value, cycle: &str) -> Value {
    let (status, created) = create(
        app,
        json!({
            "organization_id": organization["id"],
            "questionnaire_id": APP_QUESTIONNAIRE,
            "cycle": cycle,
            "subject": subject,
        }),
    )
    .await;
    assert_eq!(status, 201, "{created}");
    created
}

#[tokio::test]
async fn each_app_of_an_organization_keeps_its_own_cycles_and_never_carries_another_apps() {
    let app = spawn_app().await;
    let organization = app.create_organization("示例科技有限公司").await;
    let shop_2026 = app_cycle(&app, &organization, shop(|_| {}), "2026 年度").await;
    let ride = json!({ "name": "示例出行", "platform": "android", "version": "3.1", "package_id": "com.example.ride" });
    let ride_2026 = app_cycle(&app, &organization, ride.clone(), "2026 年度").await;
    let shop_id = shop_2026["id"].as_i64().unwrap();
    let ride_id = ride_2026["id"].as_i64().unwrap();
    app.save_answers(shop_id, &[("PRV-01", "compliant", "商城隐私政策 v5")])
        .await;
    app.save_answers(
        ride_id,
        &[("PRV-01", "non_compliant", "出行无隐私政策入口")],
    )
    .await;
    let (_, before) = app.get_json("/api/assessments").await;

    // The shop's next release, carried from the ride's assessment: refused, naming both Apps.
    let carry = |from: &Value, subject: Option<Value>| {
        let mut body = json!({
            "organization_id": organization["id"],
            "questionnaire_id": APP_QUESTIONNAIRE,
            "cycle": "2027 年度",
            "carry_from": from["id"],
        });
        if let Some(subject) = subject {
            body["subject"] = subject;
        }
        body
    };
    let next_release = shop(|s| s["version"] = json!("6.0.0"));
    let (status, body) = create(&app, carry(&ride_2026, Some(next_release.clone()))).await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error"]["code"], "carry_mismatch");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("示例出行") && message.contains("示例商城"),
        "{message}"
    );
    let (_, after) = app.get_json("/api/assessments").await;
    assert_eq!(after, before, "nothing was created");

    // Carried from its own, the shop's 2027 cycle takes the new version and the shop's answers.
    let (status, shop_2027) = create(&app, carry(&shop_2026, Some(next_release.clone()))).await;
    assert_eq!(status, 201, "{shop_2027}");
    assert_eq!(shop_2027["subject"], next_release);
    assert_eq!(shop_2027["carried_from"]["id"], shop_2026["id"]);
    assert_eq!(shop_2027["answers"]["PRV-01"]["value"], "compliant");
    assert_eq!(shop_2027["answers"]["PRV-01"]["carried"], true);

    // Without a subject, the ride's next cycle takes over the ride's App as it was.
    let (status, ride_2027) = create(&app, carry(&ride_2026, None)).await;
    assert_eq!(status, 201, "{ride_2027}");
    assert_eq!(ride_2027["subject"], ride);
    assert_eq!(ride_2027["answers"]["PRV-01"]["value"], "non_compliant");

    // A new release that leaves the package id out keeps the App's.
    let mut body = carry(
        &ride_2027,
        Some(json!({ "name": "示例出行", "platform": "android", "version": "4.0" })),
    );
    body["cycle"] = json!("2028 年度");
    let (status, ride_2028) = create(&app, body).await;
    assert_eq!(status, 201, "{ride_2028}");
    assert_eq!(
        ride_2028["subject"],
        json!({ "name": "示例出行", "platform": "android", "version": "4.0", "package_id": "com.example.ride" })
    );

    // A renamed App with the same package id is still the same App.
    let renamed = shop(|s| {
        s["name"] = json!("示例商城 Pro");
        s["version"] = json!("7.0.0");
    });
    let mut body = carry(&shop_2027, Some(renamed.clone()));
    body["cycle"] = json!("2028 年度");
    let (status, shop_2028) = create(&app, body).await;
    assert_eq!(status, 201, "{shop_2028}");
    assert_eq!(shop_2028["subject"], renamed);

    // The list keeps each App's cycles apart.
    let (_, list) = app.get_json("/api/assessments").await;
    let cycles_of = |name: &str| -> Vec<String> {
        let mut cycles: Vec<String> = list
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| {
                a["subject"]["package_id"]
                    .as_str()
                    .is_some_and(|p| p.contains(name))
            })
            .map(|a| a["cycle"].as_str().unwrap().to_owned())
            .collect();
        cycles.sort();
        cycles
    };
    assert_eq!(cycles_of("shop"), ["2026 年度", "2027 年度", "2028 年度"]);
    assert_eq!(cycles_of("ride"), ["2026 年度", "2027 年度", "2028 年度"]);
}
