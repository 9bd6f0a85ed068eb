-- Schema version 4: what an approved assessment's report prints beyond the assessment's own
-- data (the organization's details, the earlier cycles it is compared with), fixed at approval
-- so that the report of record renders to the same bytes however those change later. Cleared
-- when the assessment is reopened.

ALTER TABLE assessments ADD COLUMN approval_record TEXT;
