-- Schema version 6: the audit record an imported archive brought with it. An assessment imported
-- from another installation (`exchange::archive`) keeps that installation's audit events of the
-- assessment as they were, verified on import, beside this installation's own log: they belong to
-- another hash chain, so they are not events of this one. Between two events of the assessment,
-- the source's chain may hold events of its other assessments; those are kept as links, their
-- hashes only (the content columns are NULL), so that the record's chain can be checked again.

CREATE TABLE imported_audit_events (
    assessment_id         INTEGER NOT NULL REFERENCES assessments (id),
    -- SHA-256 (hex) of the archive file the record came in.
    archive_sha256        TEXT NOT NULL CHECK (length(archive_sha256) = 64),
    -- The record's place among the assessment's records: 0 for the one of the archive it was
    -- imported from, 1, 2, … for the records of earlier imports that archive carried.
    position              INTEGER NOT NULL CHECK (position >= 0),
    -- The event's id in the source's log.
    source_id             INTEGER NOT NULL CHECK (source_id > 0),
    at                    TEXT,
    actor                 TEXT,
    source_assessment_id  INTEGER,
    entity                TEXT,
    entity_id             TEXT,
    action                TEXT,
    before                TEXT,
    after                 TEXT,
    prev_hash             TEXT NOT NULL CHECK (length(prev_hash) = 64),
    hash                  TEXT NOT NULL CHECK (length(hash) = 64),
    PRIMARY KEY (assessment_id, archive_sha256, source_id),
    -- An event has all its fields, a link none of them.
    CHECK ((at IS NULL) = (actor IS NULL) AND (at IS NULL) = (entity IS NULL)
           AND (at IS NULL) = (entity_id IS NULL) AND (at IS NULL) = (action IS NULL)
           AND (at IS NULL) = (before IS NULL) AND (at IS NULL) = (after IS NULL))
) WITHOUT ROWID;

CREATE TRIGGER imported_audit_events_no_update BEFORE UPDATE ON imported_audit_events
BEGIN
    SELECT RAISE(ABORT, 'imported audit events are append-only');
END;

CREATE TRIGGER imported_audit_events_no_delete BEFORE DELETE ON imported_audit_events
BEGIN
    SELECT RAISE(ABORT, 'imported audit events are append-only');
END;
