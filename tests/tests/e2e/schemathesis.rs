//! Schemathesis against the real server: every operation of `/api/openapi.json` with every
//! check (status codes, content types, response schemas, schema-valid data accepted and invalid
//! data refused, missing headers, methods, resources created and removed), in a seeded run of a
//! bounded number of cases, so that an independent client built from the document is never
//! surprised. `tests/schemathesis/` holds the pinned versions (installed by `tests/run.sh`), the
//! hook that generates valid unified social credit codes and the configuration.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use ziping_tests::{USER_ENCODED, USER_HEADER, spawn_app, target_dir};

/// Fixed, so that a failure found once is found again.
const SEED: &str = "20261203";
/// Cases per operation and phase: enough for every operation's branches, and under two minutes
/// on two cores.
const MAX_EXAMPLES: &str = "25";

#[tokio::test]
async fn schemathesis_finds_the_server_true_to_its_openapi_document() {
    let st = target_dir().join("schemathesis/bin/st");
    assert!(
        st.exists(),
        "Schemathesis is not installed at {}; run `bash tests/run.sh`, which installs it",
        st.display()
    );
    let config = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemathesis");
    let app = spawn_app().await;
    let schema = app.url("/api/openapi.json");
    // Hypothesis keeps no database of earlier failures here, so every run is the seeded one.
    let work = tempfile::tempdir().unwrap();
    let started = Instant::now();

    let output = tokio::task::spawn_blocking(move || {
        Command::new(&st)
            .arg("--config-file")
            .arg(config.join("schemathesis.toml"))
            .args(["run", &schema, "--checks", "all"])
            .args(["--seed", SEED, "--max-examples", MAX_EXAMPLES])
            .args(["--workers", "1", "--generation-database", "none"])
            .args(["--header", &format!("{USER_HEADER}: {USER_ENCODED}")])
            .arg("--no-color")
            .env("SCHEMATHESIS_HOOKS", config.join("hooks.py"))
            .current_dir(work.path())
            .output()
            .expect("Schemathesis runs")
    })
    .await
    .unwrap();

    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.status.success(),
        "Schemathesis found failures ({}):\n{report}",
        output.status
    );
    let summary = report
        .lines()
        .rev()
        .find(|l| l.contains(" in "))
        .unwrap_or("");
    eprintln!("Schemathesis: {summary} ({:.0?})", started.elapsed());
}
