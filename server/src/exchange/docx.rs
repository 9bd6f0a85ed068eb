//! The readiness report as an editable Word document: the same snapshot as the PDF
//! (`crate::report::snapshot`), printed by `ziping_report::docx`.

use questionnaires::{Lang, Library};
use ziping_report::RenderOptions;

use crate::report::{self, ReportFailure};
use crate::store::Store;

/// A Word report and what identifies it.
#[derive(Debug)]
pub struct WordReport {
    pub docx: Vec<u8>,
    /// SHA-256 of the snapshot's canonical JSON, as printed on the cover.
    pub digest: String,
    pub report_id: String,
}

/// The Word report of assessment `id` in `lang`. Writes nothing.
pub async fn report_docx(
    store: &Store,
    library: &Library,
    id: i64,
    lang: Lang,
) -> Result<WordReport, ReportFailure> {
    let assessment = store.assessment(id).await?;
    let input = report::snapshot(store, library, &assessment).await?;
    let options = RenderOptions {
        lang,
        generated_at: report::generated_at(&assessment),
        report_id: None,
    };
    let digest = input.digest();
    let docx = tokio::task::spawn_blocking(move || {
        ziping_report::docx(&input, &options).map_err(ReportFailure::from)
    })
    .await
    .map_err(|e| ReportFailure::Task(e.to_string()))??;
    Ok(WordReport {
        docx,
        report_id: ziping_report::report_id(&digest),
        digest,
    })
}
