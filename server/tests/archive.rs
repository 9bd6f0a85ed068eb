//! The portable archive at the level of the library: the bytes are the same on every export and
//! read back with Python's `zipfile` (an independent reader); an archive that was tampered with,
//! truncated, of another version, for a questionnaire version this Ziping lacks, with a broken
//! audit record, or for a cycle already there is refused and changes nothing (rows counted and
//! evidence files listed before and after).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};
use std::path::Path;
use std::process::Command;

use questionnaires::{AnswerValue, Library};
use serde_json::{Value, json};
use ziping::config::ContentArgs;
use ziping::domain::{Uscc, UserName};
use ziping::exchange::archive::{self, ArchiveError};
use ziping::store::model::{
    AnswerInput, NewAssessment, OrganizationInput, RemediationInput, RemediationStatus, Status,
};
use ziping::store::{NewEvidence, Store, StoreError};

const QUESTIONNAIRE: &str = "miit-data-security";
const PDF: &[u8] = b"%PDF-1.4\n% evidence of the data classification policy\n%%EOF\n";
const TEXT: &[u8] = "数据分类分级清单\nline two\n".as_bytes();

fn library() -> Library {
    ziping::content::load(&ContentArgs::default()).unwrap()
}

fn user() -> UserName {
    UserName::parse("张三").unwrap()
}

/// An assessment with a profile, answers of every kind, notes, two files, a note, remediation
/// and a status change; returns its id.
async fn filled(store: &Store, library: &Library) -> i64 {
    let organization = store
        .create_organization(
            OrganizationInput {
                name: "示例科技有限公司".to_owned(),
                uscc: Uscc::parse("91350100M000100Y43").unwrap(),
                industry: "软件和信息技术服务业".to_owned(),
                region: "福建省福州市".to_owned(),
            },
            user(),
        )
        .await
        .unwrap();
    let questionnaire = library.questionnaire(QUESTIONNAIRE).unwrap();
    let assessment = store
        .create_assessment(
            NewAssessment {
                organization_id: organization.id,
                questionnaire_id: QUESTIONNAIRE.to_owned(),
                questionnaire_version: questionnaire.version.clone(),
                cycle: "2026 年度".to_owned(),
                subject: None,
                carry: None,
            },
            user(),
        )
        .await
        .unwrap();
    let id = assessment.id;
    let fact = questionnaire.profile.first().unwrap();
    let mut profile = questionnaires::Profile::new();
    profile.insert(fact.id.clone(), questionnaires::FactValue::Bool(true));
    store
        .set_profile(id, profile, 0, user())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let questions: Vec<String> = questionnaire
        .questions()
        .map(|(_, q)| q.id.as_str().to_owned())
        .take(6)
        .collect();
    let values = [
        AnswerValue::Compliant,
        AnswerValue::Partial,
        AnswerValue::NonCompliant,
        AnswerValue::NotApplicable,
        AnswerValue::Compliant,
    ];
    for (question, value) in questions.iter().zip(values) {
        store
            .save_answer(
                id,
                question.clone(),
                AnswerInput {
                    value,
                    na_reason: (value == AnswerValue::NotApplicable)
                        .then(|| "本单位不处理该类数据".to_owned()),
                    note: format!("关于 {question} 的说明"),
                },
                0,
                user(),
            )
            .await
            .unwrap();
    }
    // A second save: revision 2.
    store
        .save_answer(
            id,
            questions[0].clone(),
            AnswerInput {
                value: AnswerValue::Partial,
                na_reason: None,
                note: "复核后修改".to_owned(),
            },
            1,
            user(),
        )
        .await
        .unwrap();
    for (name, media_type, bytes) in [
        ("分类分级制度.pdf", "application/pdf", PDF),
        ("清单.txt", "text/plain", TEXT),
    ] {
        let mut incoming = store.receive_file(1 << 20).await.unwrap();
        incoming.write(bytes).await.unwrap();
        let blob = incoming.finish().await.unwrap();
        store
            .add_evidence(
                id,
                questions[1].clone(),
                NewEvidence::File {
                    name: name.to_owned(),
                    media_type: media_type.to_owned(),
                    blob,
                    note: "制度文件".to_owned(),
                },
                user(),
            )
            .await
            .unwrap();
    }
    store
        .add_evidence(
            id,
            questions[2].clone(),
            NewEvidence::Note("已访谈数据安全负责人".to_owned()),
            user(),
        )
        .await
        .unwrap();
    store
        .set_remediation(
            id,
            questions[2].clone(),
            RemediationInput {
                owner: "李四".to_owned(),
                due_date: Some("2026-09-30".to_owned()),
                status: RemediationStatus::InProgress,
                comment: "制定整改计划".to_owned(),
            },
            user(),
        )
        .await
        .unwrap();
    store
        .set_status(id, Status::Submitted, None, None, user())
        .await
        .unwrap();
    id
}

/// Python's `zipfile` and `hashlib` describe the archive: entries in order with their time,
/// compression and SHA-256, and the two JSON files parsed.
fn read_with_python(path: &Path) -> Value {
    let script = r#"
import hashlib, json, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    assert z.testzip() is None
    entries = []
    for info in z.infolist():
        data = z.read(info)
        entries.append({"name": info.filename, "date_time": list(info.date_time),
                        "compress_type": info.compress_type, "size": len(data),
                        "sha256": hashlib.sha256(data).hexdigest(),
                        "bytes": data.hex() if info.filename.startswith("evidence/") else None})
    print(json.dumps({"entries": entries,
                      "manifest": json.loads(z.read("manifest.json")),
                      "document": json.loads(z.read("assessment.json"))}))
"#;
    let output = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(path)
        .output()
        .expect("python3 runs (the tests need it, as tests/run.sh does)");
    assert!(
        output.status.success(),
        "python3 could not read the archive: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// Rows of every table and the evidence files, to check that a refused import wrote nothing.
fn footprint(data_dir: &Path) -> (BTreeMap<String, i64>, Vec<String>) {
    let conn = rusqlite::Connection::open_with_flags(
        data_dir.join("ziping.db"),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap();
    let mut rows = BTreeMap::new();
    for table in [
        "organizations",
        "assessments",
        "answers",
        "evidence",
        "remediation",
        "audit_events",
        "imported_audit_events",
    ] {
        let n: i64 = conn
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap();
        rows.insert(table.to_owned(), n);
    }
    let mut files = Vec::new();
    list_files(&data_dir.join("evidence"), &mut files);
    files.sort();
    (rows, files)
}

fn list_files(dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            list_files(&path, out);
        } else {
            out.push(path.display().to_string());
        }
    }
}

/// The archive's entries, in order.
fn entries(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut entry = zip.by_index(i).unwrap();
            let mut content = Vec::new();
            entry.read_to_end(&mut content).unwrap();
            (entry.name().unwrap().into_owned(), content)
        })
        .collect()
}

/// A valid zip of these entries, as a tool other than Ziping would write it.
fn rezip(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, content) in entries {
        zip.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(content).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// The archive with its document changed by `edit`, and the manifest updated to match, so that
/// only the checks after the manifest's can catch the change.
fn with_document(bytes: &[u8], edit: impl FnOnce(&mut Value)) -> Vec<u8> {
    let mut all = entries(bytes);
    let mut document: Value = serde_json::from_slice(&all[1].1).unwrap();
    edit(&mut document);
    all[1].1 = serde_json::to_vec_pretty(&document).unwrap();
    let mut manifest: Value = serde_json::from_slice(&all[0].1).unwrap();
    manifest["files"][0]["size"] = json!(all[1].1.len());
    manifest["files"][0]["sha256"] = json!(hex_sha256(&all[1].1));
    all[0].1 = serde_json::to_vec_pretty(&manifest).unwrap();
    rezip(&all)
}

fn hex_sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[tokio::test]
async fn an_archive_has_the_same_bytes_each_time_and_reads_back_with_an_independent_reader() {
    let library = library();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let id = filled(&store, &library).await;

    let first = archive::export(&store, id).await.unwrap();
    let second = archive::export(&store, id).await.unwrap();
    assert!(first.bytes == second.bytes, "two exports differ");
    assert_eq!(first.sha256, hex_sha256(&first.bytes));

    let path = dir.path().join("archive.zip");
    std::fs::write(&path, &first.bytes).unwrap();
    let read = read_with_python(&path);
    let names: Vec<&str> = read["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    let (pdf, text) = (hex_sha256(PDF), hex_sha256(TEXT));
    let mut evidence_names = [format!("evidence/{pdf}"), format!("evidence/{text}")];
    evidence_names.sort();
    assert_eq!(
        names,
        [
            "manifest.json",
            "assessment.json",
            &evidence_names[0],
            &evidence_names[1]
        ]
    );
    for entry in read["entries"].as_array().unwrap() {
        assert_eq!(entry["date_time"], json!([1980, 1, 1, 0, 0, 0]), "{entry}");
    }
    // The manifest lists every other entry with the size and SHA-256 Python computes.
    let manifest = &read["manifest"];
    assert_eq!(manifest["format"], "ziping-archive");
    assert_eq!(manifest["version"], 1);
    let listed: Vec<(String, u64, String)> = manifest["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_owned(),
                f["size"].as_u64().unwrap(),
                f["sha256"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let actual: Vec<(String, u64, String)> = read["entries"].as_array().unwrap()[1..]
        .iter()
        .map(|e| {
            (
                e["name"].as_str().unwrap().to_owned(),
                e["size"].as_u64().unwrap(),
                e["sha256"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(listed, actual);
    // The evidence bytes are the uploaded ones.
    let bytes_of = |sha: &str| -> Vec<u8> {
        let entry = read["entries"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["name"] == format!("evidence/{sha}"))
            .unwrap();
        let hex = entry["bytes"].as_str().unwrap();
        (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
            .collect()
    };
    assert_eq!(bytes_of(&pdf), PDF);
    assert_eq!(bytes_of(&text), TEXT);
    // The document holds the assessment.
    let document = &read["document"];
    let stored = store.assessment(id).await.unwrap();
    assert_eq!(document["format"], "ziping-archive");
    assert_eq!(document["version"], 1);
    assert_eq!(document["organization"]["uscc"], "91350100M000100Y43");
    assert_eq!(document["organization"]["region"], "福建省福州市");
    assert_eq!(document["questionnaire"]["id"], QUESTIONNAIRE);
    assert_eq!(document["cycle"], "2026 年度");
    assert_eq!(document["status"], "submitted");
    assert_eq!(document["profile"], json!(stored.profile));
    assert_eq!(
        document["answers"],
        json!(stored.answers.values().collect::<Vec<_>>())
    );
    assert_eq!(document["answers"][0]["revision"], 2);
    assert_eq!(document["evidence"], json!(stored.evidence));
    assert_eq!(
        document["remediation"],
        json!(stored.remediation.values().collect::<Vec<_>>())
    );
    assert_eq!(document["comments"], json!([]));
    let history: Vec<(&str, &str)> = document["status_history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["action"].as_str().unwrap(), s["status"].as_str().unwrap()))
        .collect();
    assert_eq!(history, [("create", "draft"), ("submit", "submitted")]);
    // Every audit event of the assessment, with the hashes of the log.
    let events = store.audit_events(id).await.unwrap();
    let archived: Vec<(i64, &str)> = document["audit"]["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["id"].as_i64().unwrap(), e["hash"].as_str().unwrap()))
        .collect();
    let logged: Vec<(i64, &str)> = events.iter().map(|e| (e.id, e.hash.as_str())).collect();
    assert_eq!(archived, logged);
}

/// Imports `bytes` into `target`, expecting a refusal; checks that nothing was written.
async fn refused(target: &Store, dir: &Path, library: &Library, bytes: &[u8]) -> ArchiveError {
    let before = footprint(dir);
    let error = archive::import(target, library, bytes, user())
        .await
        .expect_err("the archive is refused");
    assert_eq!(footprint(dir), before, "a refused import wrote something");
    error
}

#[tokio::test]
async fn a_tampered_truncated_foreign_or_duplicate_archive_is_refused_and_writes_nothing() {
    let library = library();
    let source_dir = tempfile::tempdir().unwrap();
    let source = Store::open(source_dir.path()).unwrap();
    let id = filled(&source, &library).await;
    let exported = archive::export(&source, id).await.unwrap();
    let target_dir = tempfile::tempdir().unwrap();
    let target = Store::open(target_dir.path()).unwrap();
    let (target, dir) = (&target, target_dir.path());

    // One byte of assessment.json changed, in a valid zip: the manifest's hash catches it.
    let mut all = entries(&exported.bytes);
    let at = all[1].1.iter().position(|&b| b == b'2').unwrap();
    all[1].1[at] = b'3';
    let error = refused(target, dir, &library, &rezip(&all)).await;
    assert!(
        matches!(&error, ArchiveError::Tampered(m) if m.contains("`assessment.json`")),
        "{error}"
    );

    // One byte of an evidence file changed where it is stored: the zip's CRC or the manifest
    // catches it, and the message names the file.
    let pdf = hex_sha256(PDF);
    let mut bytes = exported.bytes.clone();
    let at = bytes
        .windows(PDF.len())
        .position(|w| w == PDF)
        .expect("the PDF is stored as it is");
    bytes[at + 12] ^= 0x01;
    let error = refused(target, dir, &library, &bytes).await;
    assert!(
        error.to_string().contains(&format!("evidence/{pdf}")),
        "{error}"
    );
    // ...and in a valid zip, only the manifest can tell.
    let mut all = entries(&exported.bytes);
    let file = all.iter_mut().find(|(n, _)| n.ends_with(&pdf)).unwrap();
    file.1[12] ^= 0x01;
    let error = refused(target, dir, &library, &rezip(&all)).await;
    assert!(
        matches!(&error, ArchiveError::Tampered(m) if m.contains(&format!("`evidence/{pdf}`"))),
        "{error}"
    );

    // Truncated.
    let half = &exported.bytes[..exported.bytes.len() / 2];
    let error = refused(target, dir, &library, half).await;
    assert!(matches!(error, ArchiveError::Unreadable(_)), "{error}");
    let error = refused(target, dir, &library, b"not a zip at all").await;
    assert!(matches!(error, ArchiveError::Unreadable(_)), "{error}");

    // Another version of the format.
    let mut all = entries(&exported.bytes);
    let mut manifest: Value = serde_json::from_slice(&all[0].1).unwrap();
    manifest["version"] = json!(2);
    all[0].1 = serde_json::to_vec(&manifest).unwrap();
    let error = refused(target, dir, &library, &rezip(&all)).await;
    assert!(
        matches!(&error, ArchiveError::UnsupportedVersion(m) if m.contains("version 2")),
        "{error}"
    );

    // A questionnaire version this Ziping does not have.
    let bytes = with_document(&exported.bytes, |d| {
        d["questionnaire"]["version"] = json!("1999.1");
    });
    let error = refused(target, dir, &library, &bytes).await;
    assert!(
        matches!(&error, ArchiveError::UnknownQuestionnaire(m) if m.contains("1999.1")),
        "{error}"
    );

    // An audit event edited (and the manifest made to match): the record's hash chain breaks.
    let bytes = with_document(&exported.bytes, |d| {
        d["audit"]["events"][1]["actor"] = json!("王五");
    });
    let error = refused(target, dir, &library, &bytes).await;
    assert!(
        matches!(&error, ArchiveError::BrokenRecord(m) if m.contains("do not match its hash")),
        "{error}"
    );
    // An event removed.
    let bytes = with_document(&exported.bytes, |d| {
        d["audit"]["events"].as_array_mut().unwrap().remove(1);
    });
    let error = refused(target, dir, &library, &bytes).await;
    assert!(
        matches!(&error, ArchiveError::BrokenRecord(m) if m.contains("missing")),
        "{error}"
    );
    // An answer for a question the questionnaire does not have.
    let bytes = with_document(&exported.bytes, |d| {
        d["answers"][0]["question_id"] = json!("NO-SUCH-1");
    });
    let error = refused(target, dir, &library, &bytes).await;
    assert!(
        matches!(&error, ArchiveError::Invalid(m) if m.contains("answers[0].question_id")),
        "{error}"
    );

    // The archive as exported imports; the same archive again collides with its cycle.
    let imported = archive::import(target, &library, &exported.bytes, user())
        .await
        .unwrap();
    assert!(imported.organization_created);
    let error = refused(target, dir, &library, &exported.bytes).await;
    assert!(
        matches!(
            &error,
            ArchiveError::Store(StoreError::DuplicateAssessment { .. })
        ),
        "{error}"
    );
    // So does importing it back where it came from.
    let error = refused(&source, source_dir.path(), &library, &exported.bytes).await;
    assert!(
        matches!(
            error,
            ArchiveError::Store(StoreError::DuplicateAssessment { .. })
        ),
        "{error}"
    );
}

#[tokio::test]
async fn an_imported_assessment_is_equal_with_new_ids_and_keeps_the_verified_record() {
    let library = library();
    let source_dir = tempfile::tempdir().unwrap();
    let source = Store::open(source_dir.path()).unwrap();
    // Another organization's assessment first, so that ids differ between the two sides.
    let target_dir = tempfile::tempdir().unwrap();
    let target = Store::open(target_dir.path()).unwrap();
    target
        .create_organization(
            OrganizationInput {
                name: "另一家公司".to_owned(),
                uscc: Uscc::parse("91110108000000001A").unwrap(),
                industry: String::new(),
                region: String::new(),
            },
            user(),
        )
        .await
        .unwrap();
    let id = filled(&source, &library).await;
    let exported = archive::export(&source, id).await.unwrap();

    let imported = archive::import(&target, &library, &exported.bytes, user())
        .await
        .unwrap();
    assert_eq!(imported.archive_sha256, exported.sha256);
    let (a, b) = (
        source.assessment(id).await.unwrap(),
        target.assessment(imported.assessment_id).await.unwrap(),
    );
    assert_ne!(a.organization.id, b.organization.id);
    assert_eq!(
        (
            &a.organization.name,
            &a.organization.uscc,
            &a.organization.region
        ),
        (
            &b.organization.name,
            &b.organization.uscc,
            &b.organization.region
        )
    );
    assert_eq!(
        (&a.cycle, a.status, &a.profile, &a.answers, &a.remediation),
        (&b.cycle, b.status, &b.profile, &b.answers, &b.remediation)
    );
    let content = |e: &ziping::store::model::Evidence| {
        (
            e.question_id.clone(),
            e.kind,
            e.name.clone(),
            e.sha256.clone(),
            e.note.clone(),
        )
    };
    assert_eq!(
        a.evidence.iter().map(content).collect::<Vec<_>>(),
        b.evidence.iter().map(content).collect::<Vec<_>>()
    );
    for e in b.evidence.iter().filter(|e| e.name.is_some()) {
        let (_, path) = target
            .evidence_file(imported.assessment_id, e.id)
            .await
            .unwrap();
        let expected: &[u8] = if e.sha256 == hex_sha256(PDF) {
            PDF
        } else {
            TEXT
        };
        assert_eq!(std::fs::read(path.unwrap()).unwrap(), expected);
    }
    // The target's own chain holds one import event naming the archive, and is intact.
    let events = target.audit_events(imported.assessment_id).await.unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].action, ziping::store::model::AuditAction::Import);
    assert_eq!(events[0].after["archive_sha256"], exported.sha256);
    assert!(target.verify_audit().await.unwrap().ok);
    // Exported again, the archive carries the source's record, verified again on the way, and
    // the same status history.
    let again = archive::export(&target, imported.assessment_id)
        .await
        .unwrap();
    let document: Value = serde_json::from_slice(&entries(&again.bytes)[1].1).unwrap();
    let original: Value = serde_json::from_slice(&entries(&exported.bytes)[1].1).unwrap();
    assert_eq!(document["status_history"], original["status_history"]);
    assert_eq!(document["imported"][0]["archive_sha256"], exported.sha256);
    assert_eq!(
        document["imported"][0]["events"],
        original["audit"]["events"]
    );
    assert_eq!(document["audit"]["events"][0]["action"], "import");
    let third_dir = tempfile::tempdir().unwrap();
    let third = Store::open(third_dir.path()).unwrap();
    let carried = archive::import(&third, &library, &again.bytes, user())
        .await
        .unwrap();
    assert_eq!(
        third
            .assessment(carried.assessment_id)
            .await
            .unwrap()
            .answers,
        a.answers
    );
    assert_eq!(
        carried.audit_events,
        events.len() + original["audit"]["events"].as_array().unwrap().len()
    );
}

fn ziping(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_ziping"))
        .args(args)
        .env("RUST_LOG", "warn")
        .env_remove("ZIPING_DATA_DIR")
        .output()
        .expect("ziping runs")
}

fn text(output: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[tokio::test]
async fn the_export_and_import_commands_carry_an_assessment_to_another_data_directory() {
    let library = library();
    let source_dir = tempfile::tempdir().unwrap();
    let (id, organization, expected) = {
        let store = Store::open(source_dir.path()).unwrap();
        let id = filled(&store, &library).await;
        let assessment = store.assessment(id).await.unwrap();
        (id, assessment.organization.id, assessment)
    };
    let source = source_dir.path().to_str().unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let file = out_dir.path().join("a.zip");
    let file_arg = file.to_str().unwrap();
    let id_arg = id.to_string();

    let output = ziping(&[
        "export",
        "--assessment",
        &id_arg,
        "--out",
        file_arg,
        "--data-dir",
        source,
    ]);
    assert!(output.status.success(), "{}", text(&output));
    let bytes = std::fs::read(&file).unwrap();
    assert_eq!(read_with_python(&file)["document"]["cycle"], "2026 年度");

    // An existing file is never overwritten without --force.
    std::fs::write(&file, b"keep me").unwrap();
    let output = ziping(&[
        "export",
        "--assessment",
        &id_arg,
        "--out",
        file_arg,
        "--data-dir",
        source,
    ]);
    assert!(!output.status.success());
    assert!(text(&output).contains("--force"), "{}", text(&output));
    assert_eq!(std::fs::read(&file).unwrap(), b"keep me");
    let output = ziping(&[
        "export",
        "--assessment",
        &id_arg,
        "--out",
        file_arg,
        "--data-dir",
        source,
        "--force",
    ]);
    assert!(output.status.success(), "{}", text(&output));
    assert!(
        std::fs::read(&file).unwrap() == bytes,
        "the export is not the same bytes"
    );

    let target_dir = tempfile::tempdir().unwrap();
    let target = target_dir.path().to_str().unwrap();
    let output = ziping(&["import", file_arg, "--data-dir", target, "--user", "王五"]);
    assert!(output.status.success(), "{}", text(&output));
    assert!(text(&output).contains("Imported"), "{}", text(&output));
    let output = ziping(&["verify", "--data-dir", target]);
    assert!(output.status.success(), "{}", text(&output));
    assert!(
        text(&output).contains("evidence   2 files"),
        "{}",
        text(&output)
    );
    {
        let store = Store::open(target_dir.path()).unwrap();
        let list = store.assessments().await.unwrap();
        assert_eq!(list.len(), 1);
        let imported = store.assessment(list[0].id).await.unwrap();
        assert_eq!(imported.answers, expected.answers);
        assert_eq!(imported.remediation, expected.remediation);
        let events = store.audit_events(imported.id).await.unwrap();
        assert_eq!(events.last().unwrap().actor, "王五");
    }
    // Again: the cycle exists now, the command fails and says why.
    let before = footprint(target_dir.path());
    let output = ziping(&["import", file_arg, "--data-dir", target]);
    assert!(!output.status.success());
    assert!(
        text(&output).contains("already has an assessment"),
        "{}",
        text(&output)
    );
    assert_eq!(footprint(target_dir.path()), before);
    // A truncated file fails with the reason.
    let truncated = out_dir.path().join("truncated.zip");
    std::fs::write(&truncated, &bytes[..bytes.len() - 40]).unwrap();
    let output = ziping(&["import", truncated.to_str().unwrap(), "--data-dir", target]);
    assert!(!output.status.success());
    assert!(text(&output).contains("truncated"), "{}", text(&output));
    assert_eq!(footprint(target_dir.path()), before);

    // --all writes one file per assessment of the organization, with plain progress lines when
    // stderr is not a terminal.
    let all_dir = out_dir.path().join("all");
    let organization_arg = organization.to_string();
    let output = ziping(&[
        "export",
        "--all",
        "--organization",
        &organization_arg,
        "--out",
        all_dir.to_str().unwrap(),
        "--data-dir",
        source,
    ]);
    assert!(output.status.success(), "{}", text(&output));
    let written = all_dir.join(format!("ziping-assessment-{id}.zip"));
    assert!(std::fs::read(&written).unwrap() == bytes);
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains(&format!("exported 1/1: {}", written.display())),
        "{}",
        text(&output)
    );
    let output = ziping(&[
        "export",
        "--all",
        "--organization",
        &organization_arg,
        "--out",
        all_dir.to_str().unwrap(),
        "--data-dir",
        source,
    ]);
    assert!(!output.status.success(), "an existing file was overwritten");
}

/// Every sheet of an XLSX file as rows of text, read with calamine.
fn xlsx_rows(bytes: &[u8]) -> Vec<(String, Vec<Vec<String>>)> {
    use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
    let mut workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap();
    let names = workbook.sheet_names();
    names
        .into_iter()
        .map(|name| {
            let range = workbook.worksheet_range(&name).unwrap();
            let rows = range
                .rows()
                .map(|row| {
                    row.iter()
                        .map(|cell| match cell {
                            Data::Empty => String::new(),
                            Data::String(s) => s.clone(),
                            Data::Float(f) if f.fract() == 0.0 => format!("{f:.0}"),
                            other => other.to_string(),
                        })
                        .collect()
                })
                .collect();
            (name, rows)
        })
        .collect()
}

#[tokio::test]
async fn the_export_command_writes_the_tables_and_the_fill_in_workbook() {
    let library = library();
    let source_dir = tempfile::tempdir().unwrap();
    let id = {
        let store = Store::open(source_dir.path()).unwrap();
        filled(&store, &library).await
    };
    let first = library
        .questionnaire(QUESTIONNAIRE)
        .unwrap()
        .questions()
        .next()
        .map(|(_, q)| q.id.as_str().to_owned())
        .unwrap();
    let source = source_dir.path().to_str().unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let id_arg = id.to_string();
    let export = |format: &str, lang: &str, name: &str| {
        let file = out_dir.path().join(name);
        let output = ziping(&[
            "export",
            "--assessment",
            &id_arg,
            "--format",
            format,
            "--lang",
            lang,
            "--out",
            file.to_str().unwrap(),
            "--data-dir",
            source,
        ]);
        assert!(output.status.success(), "{format}: {}", text(&output));
        std::fs::read(&file).unwrap()
    };

    // The answers as XLSX, in English: the header, and the first question with its second save.
    let sheets = xlsx_rows(&export("xlsx", "en", "answers.xlsx"));
    assert_eq!(sheets.len(), 1);
    let (name, rows) = &sheets[0];
    assert_eq!(name, "Answers");
    assert_eq!(rows[0][0], "Question");
    assert_eq!(rows[0][6], "Answer");
    let row = rows.iter().find(|r| r[0] == first).expect("first question");
    assert_eq!(
        row[6],
        AnswerValue::Partial.label().get(questionnaires::Lang::En)
    );
    assert_eq!(row[8], "复核后修改");
    assert_eq!(row[9], "2", "revision");
    assert_eq!(row[10], "张三");

    // The answers as CSV, in Chinese: a BOM, the Chinese header, the same row.
    let csv = export("csv", "zh-CN", "answers.csv");
    assert!(csv.starts_with("\u{feff}".as_bytes()));
    let csv = String::from_utf8(csv).unwrap();
    assert!(csv.lines().next().unwrap().contains("评估项编号"), "{csv}");
    assert!(
        csv.lines()
            .any(|l| l.starts_with(&first) && l.contains("复核后修改")),
        "{csv}"
    );

    // The remediation plan as XLSX: every gap, the partial first question among them.
    let sheets = xlsx_rows(&export("remediation-xlsx", "zh-CN", "remediation.xlsx"));
    let (name, rows) = &sheets[0];
    assert_eq!(name, "差距与整改");
    assert_eq!(rows[0][3], "优先级");
    assert!(rows.iter().skip(1).any(|r| r[0] == first), "{rows:?}");
    let csv = String::from_utf8(export("remediation-csv", "en", "remediation.csv")).unwrap();
    assert!(csv.contains("Priority"), "{csv}");
    assert!(csv.lines().skip(1).any(|l| l.starts_with(&first)), "{csv}");

    // The fill-in workbook: one sheet per domain and the first question's current answer.
    let sheets = xlsx_rows(&export("workbook", "zh-CN", "workbook.xlsx"));
    assert!(
        sheets.len() > 1,
        "{:?}",
        sheets.iter().map(|s| &s.0).collect::<Vec<_>>()
    );
    assert!(
        sheets
            .iter()
            .flat_map(|(_, rows)| rows)
            .any(|r| r.first() == Some(&first) && r.iter().any(|c| c == "复核后修改")),
        "the workbook lacks the first question's note"
    );

    // --all names each file after its format.
    let all_dir = out_dir.path().join("all");
    let organization = {
        let store = Store::open(source_dir.path()).unwrap();
        store
            .assessment(id)
            .await
            .unwrap()
            .organization
            .id
            .to_string()
    };
    let output = ziping(&[
        "export",
        "--all",
        "--organization",
        &organization,
        "--format",
        "remediation-csv",
        "--out",
        all_dir.to_str().unwrap(),
        "--data-dir",
        source,
    ]);
    assert!(output.status.success(), "{}", text(&output));
    assert!(
        all_dir
            .join(format!("ziping-{id}-remediation.csv"))
            .exists()
    );

    // An unknown format is refused with the list of formats.
    let output = ziping(&[
        "export",
        "--assessment",
        &id_arg,
        "--format",
        "odt",
        "--out",
        out_dir.path().join("x").to_str().unwrap(),
        "--data-dir",
        source,
    ]);
    assert!(!output.status.success());
    assert!(
        text(&output).contains("remediation-xlsx"),
        "{}",
        text(&output)
    );
    assert!(!out_dir.path().join("x").exists());
}

#[tokio::test]
async fn the_export_command_writes_the_word_report_and_both_oscal_documents() {
    let library = library();
    let source_dir = tempfile::tempdir().unwrap();
    let (id, organization, expected) = {
        let store = Store::open(source_dir.path()).unwrap();
        let id = filled(&store, &library).await;
        let assessment = store.assessment(id).await.unwrap();
        (id, assessment.organization.id, assessment)
    };
    let source = source_dir.path().to_str().unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let id_arg = id.to_string();
    let export = |format: &str, name: &str| {
        let file = out_dir.path().join(name);
        let output = ziping(&[
            "export",
            "--assessment",
            &id_arg,
            "--format",
            format,
            "--lang",
            "en",
            "--out",
            file.to_str().unwrap(),
            "--data-dir",
            source,
        ]);
        assert!(output.status.success(), "{format}: {}", text(&output));
        std::fs::read(&file).unwrap()
    };

    // The Word report: a zip package with the document part.
    let docx = export("docx", "report.docx");
    let names: Vec<String> = entries(&docx).into_iter().map(|(n, _)| n).collect();
    assert!(names.iter().any(|n| n == "word/document.xml"), "{names:?}");

    // The OSCAL results: a finding per scored question, every file's SHA-256, the catalog's
    // uuid; the catalog: the pinned version, a control per question.
    let results: Value = serde_json::from_slice(&export("oscal", "ar.json")).unwrap();
    let results = &results["assessment-results"];
    assert_eq!(results["metadata"]["oscal-version"], "1.1.2");
    let findings = results["results"][0]["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    let mut hashes: Vec<&str> = results["back-matter"]["resources"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["rlinks"][0]["hashes"][0]["value"].as_str())
        .collect();
    hashes.sort_unstable();
    let mut files: Vec<&str> = expected
        .evidence
        .iter()
        .filter(|e| e.kind == ziping::store::model::EvidenceKind::File)
        .map(|e| e.sha256.as_str())
        .collect();
    files.sort_unstable();
    assert!(!files.is_empty());
    assert_eq!(hashes, files);
    let catalog: Value = serde_json::from_slice(&export("oscal-catalog", "catalog.json")).unwrap();
    let catalog = &catalog["catalog"];
    assert_eq!(
        catalog["metadata"]["version"],
        expected.questionnaire_version.as_str()
    );
    let uuid_prop = results["metadata"]["props"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "catalog-uuid")
        .unwrap();
    assert_eq!(uuid_prop["value"], catalog["uuid"]);
    let controls: usize = catalog["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["controls"].as_array().unwrap().len())
        .sum();
    let questionnaire = library
        .version(&expected.questionnaire_id, &expected.questionnaire_version)
        .unwrap();
    assert_eq!(controls, questionnaire.questions().count());
    // The same data, the same bytes.
    assert_eq!(export("oscal", "ar2.json"), export("oscal", "ar3.json"));

    // --all in OSCAL: one file per assessment, a progress line per file on stderr.
    let all_dir = out_dir.path().join("all");
    let output = ziping(&[
        "export",
        "--all",
        "--organization",
        &organization.to_string(),
        "--format",
        "oscal",
        "--out",
        all_dir.to_str().unwrap(),
        "--data-dir",
        source,
    ]);
    assert!(output.status.success(), "{}", text(&output));
    let written = all_dir.join(format!("ziping-{id}-oscal-ar.json"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("exported 1/1: {}", written.display())),
        "{stderr}"
    );
    let document: Value = serde_json::from_slice(&std::fs::read(&written).unwrap()).unwrap();
    assert!(document["assessment-results"]["uuid"].is_string());
}
