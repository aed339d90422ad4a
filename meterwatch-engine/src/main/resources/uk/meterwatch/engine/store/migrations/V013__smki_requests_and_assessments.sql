-- The store, version 13: two kinds of the data contract added by extension (docs/data-contract.md)
-- for the Code Performance Measures of Sections L8 and D11: requests to the SMKI (Certificate
-- Signing Requests and documents from the SMKI Repository; CPM7, CPM8) and the DCC's Preliminary
-- and Impact Assessments of modification proposals (CPM-D11.1, CPM-D11.2). One row per id: a
-- later load of an id replaces it (a request completed, an assessment delivered).
CREATE TABLE smki_requests (
  request_id   VARCHAR NOT NULL,
  kind         VARCHAR NOT NULL,   -- CSR or REPOSITORY
  user_id      VARCHAR,
  received_us  BIGINT NOT NULL,
  completed_us BIGINT,             -- NULL: not completed
  outcome      VARCHAR,            -- SUCCESS, FAILURE or NULL
  load_id      BIGINT NOT NULL,
  line         BIGINT NOT NULL
);
CREATE TABLE modification_assessments (
  assessment_id VARCHAR NOT NULL,
  modification  VARCHAR NOT NULL,  -- the modification proposal, e.g. MP242
  kind          VARCHAR NOT NULL,  -- PRELIMINARY or IMPACT
  requested_us  BIGINT NOT NULL,
  due_on        DATE NOT NULL,     -- the UK day by whose end it is due
  delivered_us  BIGINT,            -- NULL: not delivered
  load_id       BIGINT NOT NULL,
  line          BIGINT NOT NULL
);
