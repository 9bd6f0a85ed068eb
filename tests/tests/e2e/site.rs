//! The embedded front end: HTML, assets with their content types, compression and caching, and
//! the fallback to `index.html` for front-end routes.

use ziping_tests::spawn_app;

/// The `/pkg/...` URLs that `index.html` refers to.
fn asset_urls(html: &str) -> Vec<String> {
    html.split('"')
        .filter(|part| part.starts_with("/pkg/"))
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn the_start_page_is_html_that_loads_the_wasm_module() {
    let app = spawn_app().await;

    let response = app.get("/").await;

    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "text/html; charset=utf-8"
    );
    assert_eq!(response.headers()["cache-control"], "no-cache");
    let html = response.text().await.unwrap();
    let assets = asset_urls(&html);
    assert!(
        assets.iter().any(|a| a.ends_with(".wasm")),
        "no wasm in {html}"
    );
    assert!(
        assets.iter().any(|a| a.ends_with(".js")),
        "no script in {html}"
    );
    assert!(
        assets.iter().any(|a| a.ends_with(".css")),
        "no stylesheet in {html}"
    );
}

#[tokio::test]
async fn the_wasm_module_is_served_as_application_wasm_compressed_and_cached_for_long() {
    let app = spawn_app().await;
    let html = app.get("/").await.text().await.unwrap();
    let wasm = asset_urls(&html)
        .into_iter()
        .find(|a| a.ends_with(".wasm"))
        .unwrap();

    let plain = app.http.get(app.url(&wasm)).send().await.unwrap();
    assert_eq!(plain.status(), 200);
    assert_eq!(plain.headers()["content-type"], "application/wasm");
    assert_eq!(
        plain.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert!(plain.headers().get("content-encoding").is_none());
    let plain = plain.bytes().await.unwrap();
    assert_eq!(&plain[..4], b"\0asm", "not a WebAssembly module");

    for coding in ["br", "gzip"] {
        let compressed = app
            .http
            .get(app.url(&wasm))
            .header("accept-encoding", coding)
            .send()
            .await
            .unwrap();
        assert_eq!(compressed.headers()["content-encoding"], coding);
        assert_eq!(compressed.headers()["vary"], "accept-encoding");
        let size = compressed.bytes().await.unwrap().len();
        assert!(
            size < plain.len() / 2,
            "{coding}: {size} bytes of {}",
            plain.len()
        );
    }
}

#[tokio::test]
async fn the_script_and_stylesheet_have_their_content_types() {
    let app = spawn_app().await;
    let html = app.get("/").await.text().await.unwrap();

    for url in asset_urls(&html)
        .into_iter()
        .filter(|u| !u.ends_with(".wasm"))
    {
        let response = app.get(&url).await;
        let expected = if url.ends_with(".js") {
            "text/javascript; charset=utf-8"
        } else {
            "text/css; charset=utf-8"
        };
        assert_eq!(response.status(), 200, "{url}");
        assert_eq!(response.headers()["content-type"], expected, "{url}");
    }
}

#[tokio::test]
async fn a_front_end_route_falls_back_to_the_start_page() {
    let app = spawn_app().await;
    let start = app.get("/").await.text().await.unwrap();

    let response = app.get("/assessments/42/wizard").await;

    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap(), start);
}

#[tokio::test]
async fn a_missing_asset_is_404_not_the_start_page() {
    let app = spawn_app().await;

    let response = app.get("/pkg/ziping_app-0000000000000000.js").await;

    assert_eq!(response.status(), 404);
}
