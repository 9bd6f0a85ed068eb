-- Schema version 2: evidence (notes and content-addressed files) and remediation of gaps.

CREATE TABLE evidence (
    id             INTEGER PRIMARY KEY,
    assessment_id  INTEGER NOT NULL REFERENCES assessments (id),
    question_id    TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('file', 'note')),
    -- The uploaded file's original name; only ever shown, never used as a path.
    name           TEXT,
    media_type     TEXT,
    size           INTEGER NOT NULL CHECK (size >= 0),
    -- Hex SHA-256 of the file, or of the note's UTF-8 text; files live at
    -- evidence/<first two hex digits>/<the other 62>.
    sha256         TEXT NOT NULL CHECK (length(sha256) = 64),
    note           TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    created_by     TEXT NOT NULL,
    CHECK (kind = 'note' OR (name IS NOT NULL AND media_type IS NOT NULL)),
    CHECK (kind = 'file' OR length(trim(note)) > 0)
);

CREATE INDEX evidence_by_assessment ON evidence (assessment_id, id);
CREATE INDEX evidence_by_sha256 ON evidence (sha256);

CREATE TABLE remediation (
    assessment_id  INTEGER NOT NULL REFERENCES assessments (id),
    question_id    TEXT NOT NULL,
    owner          TEXT NOT NULL,
    due_date       TEXT,
    status         TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'done', 'accepted')),
    comment        TEXT NOT NULL DEFAULT '',
    updated_at     TEXT NOT NULL,
    updated_by     TEXT NOT NULL,
    PRIMARY KEY (assessment_id, question_id)
) WITHOUT ROWID;
