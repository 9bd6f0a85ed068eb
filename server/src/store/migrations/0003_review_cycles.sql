-- Schema version 3: review cycles. An assessment may start from an earlier one of the same
-- organization and questionnaire (its profile, answers, evidence and unfinished remediation
-- are copied); each copied answer stays marked as carried over until somebody saves it again.

ALTER TABLE assessments ADD COLUMN carried_from INTEGER REFERENCES assessments (id);

ALTER TABLE answers ADD COLUMN carried INTEGER NOT NULL DEFAULT 0 CHECK (carried IN (0, 1));
