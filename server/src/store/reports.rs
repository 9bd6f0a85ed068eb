//! Reports of record: the audit event that ties an approved assessment's PDF to its data.

use serde_json::json;

use super::audit::{self, Change};
use super::{Store, StoreError};

impl Store {
    /// Records that the report of an approved assessment was generated: the PDF's SHA-256, the
    /// digest of the snapshot it was rendered from, its id and language.
    pub async fn record_report(
        &self,
        assessment: i64,
        actor: &str,
        sha256: &str,
        digest: &str,
        report_id: &str,
        lang: &str,
    ) -> Result<(), StoreError> {
        let actor = actor.to_owned();
        let after = json!({
            "sha256": sha256,
            "digest": digest,
            "report_id": report_id,
            "lang": lang,
        });
        let entity_id = report_id.to_owned();
        self.write(move |conn| {
            audit::append(
                conn,
                Change {
                    actor: &actor,
                    assessment_id: Some(assessment),
                    entity: "report",
                    entity_id,
                    action: "generate",
                    before: serde_json::Value::Null,
                    after,
                },
            )?;
            Ok(())
        })
        .await
    }
}
