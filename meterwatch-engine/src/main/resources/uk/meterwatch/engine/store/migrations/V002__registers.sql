-- The store, version 2: what the registers need beyond the contract's tables (issue 6).
-- Incidents, risks and actions stay in the V001 tables, one row per key (incident_id, risk_id,
-- ref); a record entered in Meterwatch (CLI or import) has load_id 0 and line 0.

-- Major Incident Reviews: every version kept; a version's content never changes once written,
-- publishing only stamps the latest draft.
CREATE TABLE incident_reviews (
  incident_id               VARCHAR NOT NULL,
  version                   INTEGER NOT NULL,
  status                    VARCHAR NOT NULL,  -- DRAFT or PUBLISHED
  identification_rag        VARCHAR,           -- RED, AMBER or GREEN
  identification_reasoning  VARCHAR,
  classification_rag        VARCHAR,           -- Classification/Prioritisation
  classification_reasoning  VARCHAR,
  investigation_rag         VARCHAR,           -- Investigation/Diagnosis
  investigation_reasoning   VARCHAR,
  resolution_rag            VARCHAR,           -- Resolution/Closure
  resolution_reasoning      VARCHAR,
  communications_rag        VARCHAR,           -- Customer Communications
  communications_reasoning  VARCHAR,
  root_cause                VARCHAR,
  symptoms                  VARCHAR,
  detected_us               BIGINT,
  users_told_us             BIGINT,
  restored_us               BIGINT,
  action_refs               VARCHAR[] NOT NULL, -- follow-up actions in the action log
  summary                   VARCHAR,
  author                    VARCHAR NOT NULL,
  created_us                BIGINT NOT NULL,
  published_by              VARCHAR,
  published_us              BIGINT,
  PRIMARY KEY (incident_id, version)
);

-- Every rating of a risk, the first included: when, who, why, and the rating given.
CREATE TABLE risk_ratings (
  risk_id     VARCHAR NOT NULL,
  seq         INTEGER NOT NULL,   -- 1 for the first rating of the risk
  rated_on    DATE NOT NULL,
  rated_by    VARCHAR NOT NULL,
  reason      VARCHAR NOT NULL,
  likelihood  INTEGER NOT NULL,
  impact      INTEGER NOT NULL,
  recorded_us BIGINT NOT NULL,
  PRIMARY KEY (risk_id, seq)
);

-- Every change to a register: who, when, what (the record before and after, as JSON).
CREATE SEQUENCE audit_id_seq START 1;

CREATE TABLE audit_trail (
  audit_id    BIGINT PRIMARY KEY,
  at_us       BIGINT NOT NULL,
  who         VARCHAR NOT NULL,
  register    VARCHAR NOT NULL,   -- incidents, reviews, risks, actions
  record_key  VARCHAR NOT NULL,   -- incident_id, incident_id#version, risk_id, ref
  operation   VARCHAR NOT NULL,   -- ADD, UPDATE, CLOSE, RATE, EDIT, PUBLISH
  source      VARCHAR NOT NULL,   -- cli, import:<file>, load:<file>
  before_json VARCHAR,            -- null when the record is new
  after_json  VARCHAR
);
