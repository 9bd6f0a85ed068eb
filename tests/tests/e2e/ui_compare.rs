//! The compare page and the trend chart in the browser, on the pair of review cycles whose
//! comparison `compare.rs` works out by hand (`TestApp::cycle_pair`): the results page charts one
//! point per cycle and links to the compare page, which shows exactly the hand-worked movement of
//! each question and the score changes, every number equal to the compare endpoint's (which the
//! report prints, see `compare.rs`); the filters narrow the list, a question opens the wizard at
//! that question, and the select chooses another cycle.

use questionnaires::compare::display_change;
use questionnaires::score::display;
use serde_json::{Value, json};
use ziping_tests::{Browser, QUESTIONNAIRE, spawn_app};

/// The rows of the page's question table: question id → (movement, before, after).
async fn page_rows(browser: &Browser) -> Value {
    browser
        .js("return Object.fromEntries([...document.querySelectorAll('#compare-questions tbody tr')]
                .map(r => [r.dataset.question, [r.dataset.movement, r.dataset.before, r.dataset.after]]))")
        .await
        .unwrap()
}

/// The same from the API's comparison.
fn api_rows(comparison: &Value) -> Value {
    let tag = |s: &Value| match s["state"].as_str().unwrap() {
        "answered" => s["answer"].clone(),
        state => json!(state),
    };
    Value::Object(
        comparison["questions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| {
                (
                    q["question"].as_str().unwrap().to_owned(),
                    json!([q["movement"], tag(&q["before"]), tag(&q["after"])]),
                )
            })
            .collect(),
    )
}

fn change(value: &Value) -> String {
    display_change(value.as_f64())
}

#[tokio::test]
async fn the_compare_page_shows_the_hand_worked_changes_with_the_numbers_of_the_api() {
    let app = spawn_app().await;
    let (organization, before, after) = app.cycle_pair().await;
    let (status, c) = app
        .get_json(&format!("/api/assessments/{after}/compare"))
        .await;
    assert_eq!(status, 200, "{c}");
    let (_, score_after) = app
        .get_json(&format!("/api/assessments/{after}/score"))
        .await;

    let browser = Browser::start().await.expect("Chromium starts");
    browser.set_user_name(&app.url("/"), "王五").await.unwrap();

    // The start page links the later cycle, not the first, to its comparison.
    browser.client.goto(&app.url("/")).await.unwrap();
    browser.find(".org-card .assessment-table").await.unwrap();
    let links = browser
        .js("return [...document.querySelectorAll('.assessment-table tr')]
                .filter(r => r.querySelector('.compare-cycle-link'))
                .map(r => [r.dataset.assessmentId, r.querySelector('.compare-cycle-link').getAttribute('href')])")
        .await
        .unwrap();
    assert_eq!(
        links,
        json!([[after.to_string(), format!("/assessments/{after}/compare")]])
    );

    // The results page charts both cycles, one point each on the overall line, and links on.
    browser
        .client
        .goto(&app.url(&format!("/assessments/{after}/results")))
        .await
        .unwrap();
    browser
        .wait_until(
            "the trend chart has one overall point per cycle",
            "return document.querySelectorAll('#trend-chart .trend-line.overall .trend-point').length === 2",
        )
        .await
        .unwrap();
    let (_, trend) = app
        .get_json(&format!("/api/organizations/{}/trend", organization["id"]))
        .await;
    let expected: Vec<String> = trend["series"][0]["cycles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|cycle| {
            format!(
                "{} {}",
                cycle["cycle"].as_str().unwrap(),
                display(cycle["overall"].as_f64().unwrap())
            )
        })
        .collect();
    let table = browser
        .js(
            "return [...document.querySelectorAll('#trend-chart-table tbody tr')]
                .map(r => r.cells[0].textContent + ' ' + r.cells[1].textContent)",
        )
        .await
        .unwrap();
    assert_eq!(table, json!(expected));
    // Overall, then one line per domain, each with a point for every cycle scored.
    let domains = trend["series"][0]["cycles"][0]["domains"]
        .as_array()
        .unwrap()
        .len();
    let lines = browser
        .js(
            "return [...document.querySelectorAll('#trend-chart .trend-line')]
                .map(g => g.querySelectorAll('.trend-point').length)",
        )
        .await
        .unwrap();
    let scored: Vec<usize> = trend["series"][0]["cycles"][0]["domains"]
        .as_array()
        .unwrap()
        .iter()
        .zip(
            trend["series"][0]["cycles"][1]["domains"]
                .as_array()
                .unwrap(),
        )
        .map(|(a, b)| usize::from(!a["score"].is_null()) + usize::from(!b["score"].is_null()))
        .collect();
    assert_eq!(lines.as_array().unwrap().len(), 1 + domains);
    assert_eq!(lines[0], 2);
    assert_eq!(
        lines.as_array().unwrap()[1..],
        json!(scored).as_array().unwrap()[..]
    );
    // The legend names every line, the overall score first.
    let legend = browser
        .js("return [...document.querySelectorAll('#trend-chart-legend li')].map(l => l.textContent)")
        .await
        .unwrap();
    let names = browser
        .js("return [...document.querySelectorAll('#trend-chart .trend-line')].map(g => g.dataset.line)")
        .await
        .unwrap();
    assert_eq!(legend, names);
    assert_eq!(legend[0], "总分");
    browser
        .js("document.getElementById('trend').scrollIntoView()")
        .await
        .unwrap();
    browser.screenshot("results-trend").await.unwrap();
    browser.click("#compare-link").await.unwrap();

    // By default the cycle before, chosen in the select.
    browser
        .wait_for_attr("#compare-intro", "data-before-cycle", |c| c == "2026 年度")
        .await
        .unwrap();
    let path = browser.js("return location.pathname").await.unwrap();
    assert_eq!(path, json!(format!("/assessments/{after}/compare")));
    let chosen = browser
        .js("return document.getElementById('compare-with').value")
        .await
        .unwrap();
    assert_eq!(chosen, json!(before.to_string()));

    // Exactly the hand-worked movements, with both answers, in words too.
    let rows = page_rows(&browser).await;
    assert_eq!(
        rows["GOV-01"],
        json!(["improved", "non_compliant", "compliant"])
    );
    assert_eq!(rows["GOV-02"], json!(["regressed", "compliant", "partial"]));
    assert_eq!(rows["CLS-01"], json!(["unchanged", "partial", "partial"]));
    let words = browser
        .js(
            "const r = document.querySelector(\"#compare-questions tr[data-question='GOV-01']\");
             return [r.querySelector('.before').textContent, r.querySelector('.after').textContent,
                     r.cells[4].textContent]",
        )
        .await
        .unwrap();
    assert_eq!(words, json!(["不符合", "符合", "改善"]));
    // Every other question unchanged, and every row as the API has it.
    let applicable = score_after["overall"]["applicable"].as_u64().unwrap();
    assert_eq!(rows.as_object().unwrap().len() as u64, applicable);
    assert_eq!(rows, api_rows(&c));
    for (kind, count) in [
        ("improved", 1),
        ("regressed", 1),
        ("unchanged", applicable - 2),
        ("new", 0),
        ("removed", 0),
    ] {
        let shown = browser.text_of(&format!("#count-{kind}")).await.unwrap();
        assert_eq!(shown, count.to_string(), "{kind}");
        assert_eq!(c["counts"][kind], count, "{kind}");
    }

    // The overall change: +5 earned for GOV-01 and −2 for GOV-02 over the same Σ weight.
    let possible = score_after["overall"]["possible"].as_f64().unwrap();
    let overall = browser.text_of("#compare-overall-change").await.unwrap();
    assert_eq!(overall, display_change(Some(300.0 / possible)));
    assert_eq!(overall, change(&c["overall"]["change"]));
    assert_eq!(
        browser.text_of("#compare-overall").await.unwrap(),
        format!(
            "{} → {}",
            display(c["overall"]["before"].as_f64().unwrap()),
            display(c["overall"]["after"].as_f64().unwrap())
        )
    );
    // Every domain and instrument row: before, after and change as the API says.
    for (kind, list, field) in [
        ("domain", &c["domains"], "domain"),
        ("instrument", &c["instruments"], "instrument"),
    ] {
        let shown = browser
            .js(&format!(
                "return [...document.querySelectorAll(\"tr[data-kind='{kind}']\")].map(r =>
                    [r.dataset.id, r.querySelector('.before').textContent,
                     r.querySelector('.after').textContent, r.querySelector('.change').textContent])"
            ))
            .await
            .unwrap();
        let score = |v: &Value| v.as_f64().map_or_else(|| "未计分".to_owned(), display);
        let expected: Vec<Value> = list
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                json!([
                    d[field],
                    score(&d["before"]),
                    score(&d["after"]),
                    change(&d["change"])
                ])
            })
            .collect();
        assert_eq!(shown, json!(expected), "{kind}");
    }
    let gov_change = browser
        .text_of("tr[data-kind='domain'][data-id='gov'] .change")
        .await
        .unwrap();
    let gov_possible = score_after["domains"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["domain"] == "gov")
        .unwrap()["tally"]["possible"]
        .as_f64()
        .unwrap();
    assert_eq!(gov_change, display_change(Some(300.0 / gov_possible)));
    assert_eq!(
        browser
            .text_of("tr[data-kind='domain'][data-id='class'] .change")
            .await
            .unwrap(),
        "+0.0"
    );

    // Gaps closed and opened, still open, and what is overdue today.
    let listed = |id: &str| {
        format!("return [...document.querySelectorAll('#{id} li')].map(l => l.dataset.question)")
    };
    assert_eq!(
        browser.js(&listed("gaps-closed")).await.unwrap(),
        json!(["GOV-01"])
    );
    assert_eq!(
        browser.js(&listed("gaps-opened")).await.unwrap(),
        json!(["GOV-02"])
    );
    assert_eq!(
        browser
            .find("#gaps-still-open")
            .await
            .unwrap()
            .attr("data-count")
            .await
            .unwrap(),
        Some(c["gaps_still_open"].as_array().unwrap().len().to_string())
    );
    let overdue = browser
        .js("return [...document.querySelectorAll('#compare-overdue tbody tr')]
                .map(r => [r.dataset.question, r.cells[1].textContent, r.cells[2].textContent, Number(r.cells[4].textContent)])")
        .await
        .unwrap();
    let expected: Vec<Value> = c["overdue"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| json!([o["question"], o["owner"], o["due"], o["days"]]))
        .collect();
    assert!(
        expected.iter().any(|o| o[0] == "GOV-02"),
        "GOV-02 was due on 2026-03-01: {expected:?}"
    );
    assert_eq!(overdue, json!(expected));
    browser.screenshot("compare").await.unwrap();
    // It fits a 1024-pixel window: the wide tables scroll inside their cards.
    browser.client.set_window_size(1024, 768).await.unwrap();
    let overflow = browser
        .js("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        .await
        .unwrap();
    assert_eq!(overflow, json!(0), "the compare page scrolls sideways");
    browser.client.set_window_size(1280, 900).await.unwrap();

    // The kind filter narrows the list to the one regressed question, the domain filter to the
    // questions of that domain.
    let kind = browser.find("#compare-kind").await.unwrap();
    kind.select_by_value("regressed").await.unwrap();
    browser
        .wait_until(
            "only the regressed question is listed",
            "return document.querySelectorAll('#compare-questions tbody tr').length === 1",
        )
        .await
        .unwrap();
    assert_eq!(
        page_rows(&browser).await,
        json!({ "GOV-02": ["regressed", "compliant", "partial"] })
    );
    let total = rows.as_object().unwrap().len();
    assert_eq!(
        browser.text_of("#compare-shown").await.unwrap(),
        format!("显示 1 / {total} 项")
    );
    kind.select_by_value("").await.unwrap();
    let domain = browser.find("#compare-domain").await.unwrap();
    domain.select_by_value("class").await.unwrap();
    let in_class: Vec<&str> = c["questions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|q| q["domain"] == "class")
        .map(|q| q["question"].as_str().unwrap())
        .collect();
    assert!(in_class.contains(&"CLS-01") && in_class.len() < total);
    browser
        .wait_until(
            "only the classification questions are listed",
            &format!(
                "return document.querySelectorAll('#compare-questions tbody tr').length === {}",
                in_class.len()
            ),
        )
        .await
        .unwrap();
    let listed = browser
        .js("return [...document.querySelectorAll('#compare-questions tbody tr')].map(r => r.dataset.question)")
        .await
        .unwrap();
    assert_eq!(listed, json!(in_class));
    domain.select_by_value("").await.unwrap();

    // A question opens the later cycle's wizard at that question.
    browser
        .click("#compare-questions tr[data-question='GOV-02'] a.compare-link")
        .await
        .unwrap();
    browser
        .wait_for_text("#question-id", |t| t == "GOV-02")
        .await
        .unwrap();
    let path = browser.js("return location.pathname").await.unwrap();
    assert_eq!(path, json!(format!("/assessments/{after}/wizard")));

    // The first cycle compares with the one after it, the same comparison.
    browser
        .client
        .goto(&app.url(&format!("/assessments/{before}/compare")))
        .await
        .unwrap();
    browser
        .wait_for_attr("#compare-intro", "data-after-cycle", |c| c == "2027 年度")
        .await
        .unwrap();
    assert_eq!(page_rows(&browser).await, api_rows(&c));

    // A third cycle: by default compared with the second; the select takes the first instead.
    let (status, third) = app
        .post_json(
            "/api/assessments",
            &json!({
                "organization_id": organization["id"],
                "questionnaire_id": QUESTIONNAIRE,
                "cycle": "2028 年度",
                "carry_from": after,
            }),
        )
        .await;
    assert_eq!(status, 201, "{third}");
    let third = third["id"].as_i64().unwrap();
    browser
        .client
        .goto(&app.url(&format!("/assessments/{third}/compare")))
        .await
        .unwrap();
    browser
        .wait_for_attr("#compare-intro", "data-before-cycle", |c| c == "2027 年度")
        .await
        .unwrap();
    browser
        .find("#compare-with")
        .await
        .unwrap()
        .select_by_value(&before.to_string())
        .await
        .unwrap();
    browser
        .wait_for_attr("#compare-intro", "data-before-cycle", |c| c == "2026 年度")
        .await
        .unwrap();
    let search = browser.js("return location.search").await.unwrap();
    assert_eq!(search, json!(format!("?with={before}")));
    let (_, with_first) = app
        .get_json(&format!("/api/assessments/{third}/compare?with={before}"))
        .await;
    assert_eq!(page_rows(&browser).await, api_rows(&with_first));
    assert_eq!(
        browser.text_of("#compare-overall-change").await.unwrap(),
        change(&with_first["overall"]["change"])
    );

    // And its results page charts the three cycles.
    browser.click("#tab-results").await.unwrap();
    browser
        .wait_until(
            "the trend chart has one overall point per cycle",
            "return document.querySelectorAll('#trend-chart .trend-line.overall .trend-point').length === 3",
        )
        .await
        .unwrap();
    browser.close().await.unwrap();
}
