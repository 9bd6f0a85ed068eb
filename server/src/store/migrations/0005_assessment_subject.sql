-- Schema version 5: the subject of an assessment, the App it assesses (name, platform, version,
-- package name or bundle id), since one organization publishes several Apps. An assessment
-- without a subject covers the whole organization, as before.
--
-- One cycle per organization, questionnaire and App: the uniqueness of (organization,
-- questionnaire, cycle) of version 1 becomes three partial unique indexes, one for assessments
-- without a subject and one for each way two subjects are the same App (the same name on the
-- same platform, the same package id). SQLite cannot drop a table constraint, so the table is
-- rebuilt (https://sqlite.org/lang_altertable.html#otheralter); `migrations.rs` runs every
-- migration with foreign key enforcement off and checks all foreign keys before committing.
-- `subject_name_key` and `subject_package_key` are the forms compared (`Subject::name_key`,
-- `Subject::package_key`), written by the store with the subject.

CREATE TABLE assessments_new (
    id                     INTEGER PRIMARY KEY,
    organization_id        INTEGER NOT NULL REFERENCES organizations (id),
    questionnaire_id       TEXT NOT NULL,
    questionnaire_version  TEXT NOT NULL,
    cycle                  TEXT NOT NULL CHECK (length(trim(cycle)) > 0),
    status                 TEXT NOT NULL DEFAULT 'draft'
                           CHECK (status IN ('draft', 'submitted', 'approved', 'archived')),
    profile                TEXT NOT NULL DEFAULT '{}',
    profile_revision       INTEGER NOT NULL DEFAULT 0,
    created_at             TEXT NOT NULL,
    updated_at             TEXT NOT NULL,
    carried_from           INTEGER REFERENCES assessments (id),
    approval_record        TEXT,
    subject_name           TEXT CHECK (length(trim(subject_name)) > 0),
    subject_platform       TEXT
                           CHECK (subject_platform IN ('android', 'ios', 'harmonyos', 'mini_program')),
    subject_version        TEXT,
    subject_package_id     TEXT,
    subject_name_key       TEXT,
    subject_package_key    TEXT,
    -- A subject has a name and a platform, or the assessment has no subject at all.
    CHECK ((subject_name IS NULL) = (subject_platform IS NULL)),
    CHECK ((subject_name IS NULL) = (subject_name_key IS NULL)),
    CHECK ((subject_name IS NULL) = (subject_version IS NULL)),
    CHECK ((subject_name IS NULL) = (subject_package_id IS NULL)),
    CHECK (subject_package_key IS NULL OR length(subject_package_key) > 0),
    CHECK (subject_package_key IS NULL OR subject_name IS NOT NULL)
);

INSERT INTO assessments_new (id, organization_id, questionnaire_id, questionnaire_version, cycle,
    status, profile, profile_revision, created_at, updated_at, carried_from, approval_record)
SELECT id, organization_id, questionnaire_id, questionnaire_version, cycle, status, profile,
    profile_revision, created_at, updated_at, carried_from, approval_record
FROM assessments;

DROP TABLE assessments;

ALTER TABLE assessments_new RENAME TO assessments;

CREATE UNIQUE INDEX assessments_one_cycle
    ON assessments (organization_id, questionnaire_id, cycle)
    WHERE subject_platform IS NULL;

CREATE UNIQUE INDEX assessments_one_cycle_per_app_name
    ON assessments (organization_id, questionnaire_id, cycle, subject_platform, subject_name_key)
    WHERE subject_platform IS NOT NULL;

CREATE UNIQUE INDEX assessments_one_cycle_per_app_package
    ON assessments (organization_id, questionnaire_id, cycle, subject_package_key)
    WHERE subject_package_key IS NOT NULL;
