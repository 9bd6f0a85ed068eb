-- Schema version 1: organizations, assessments, answers and the audit log.
-- Applied once, in a transaction, by `store::migrations`; never edited after release (add a new
-- file instead). Timestamps are RFC 3339 UTC text, JSON columns are text.

CREATE TABLE organizations (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    uscc        TEXT NOT NULL UNIQUE CHECK (length(uscc) = 18),
    industry    TEXT NOT NULL,
    region      TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE assessments (
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
    UNIQUE (organization_id, questionnaire_id, cycle)
);

CREATE TABLE answers (
    assessment_id  INTEGER NOT NULL REFERENCES assessments (id),
    question_id    TEXT NOT NULL,
    value          TEXT NOT NULL
                   CHECK (value IN ('compliant', 'partial', 'non_compliant', 'not_applicable')),
    na_reason      TEXT,
    note           TEXT NOT NULL DEFAULT '',
    revision       INTEGER NOT NULL CHECK (revision > 0),
    updated_at     TEXT NOT NULL,
    updated_by     TEXT NOT NULL,
    PRIMARY KEY (assessment_id, question_id),
    CHECK (value <> 'not_applicable' OR length(trim(coalesce(na_reason, ''))) > 0)
) WITHOUT ROWID;

-- Append-only: each event's hash covers the previous event's hash and its own fields, so an
-- edited, removed or reordered event breaks the chain at that point.
CREATE TABLE audit_events (
    id             INTEGER PRIMARY KEY,
    at             TEXT NOT NULL,
    actor          TEXT NOT NULL,
    assessment_id  INTEGER REFERENCES assessments (id),
    entity         TEXT NOT NULL,
    entity_id      TEXT NOT NULL,
    action         TEXT NOT NULL,
    before         TEXT NOT NULL,
    after          TEXT NOT NULL,
    prev_hash      TEXT NOT NULL,
    hash           TEXT NOT NULL
);

CREATE INDEX audit_events_by_assessment ON audit_events (assessment_id, id);

CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only');
END;

CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only');
END;
