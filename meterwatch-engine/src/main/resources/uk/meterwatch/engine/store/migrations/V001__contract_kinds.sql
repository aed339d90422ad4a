-- The store, version 1: one table per kind of the data contract, plus loads and quarantine.
-- Instants are BIGINT epoch microseconds (UTC): comparing and subtracting them is about ten
-- times cheaper than TIMESTAMPTZ arithmetic. Columns named *_us hold such instants.
-- Every loaded row keeps its load_id and the line (or row number) it came from.

CREATE SEQUENCE load_id_seq START 1;

CREATE TABLE loads (
  load_id      BIGINT PRIMARY KEY,
  file_name    VARCHAR NOT NULL,   -- name within the drop
  file_path    VARCHAR NOT NULL,   -- absolute path when loaded
  kind         VARCHAR NOT NULL,
  format       VARCHAR NOT NULL,   -- csv, csv.gz, jsonl, jsonl.gz, parquet, duis
  sha256       VARCHAR NOT NULL,
  size_bytes   BIGINT NOT NULL,
  loaded_at_us BIGINT NOT NULL,
  rows_read    BIGINT NOT NULL,
  rows_loaded  BIGINT NOT NULL,
  rows_duplicate BIGINT NOT NULL,
  rows_quarantined BIGINT NOT NULL,
  min_time_us  BIGINT,             -- earliest instant of the file's main time column
  max_time_us  BIGINT
);

CREATE TABLE quarantine (
  load_id  BIGINT NOT NULL,
  file     VARCHAR NOT NULL,
  kind     VARCHAR NOT NULL,
  line     BIGINT NOT NULL,        -- line in a CSV/JSONL file (header = line 1 in CSV), row number in Parquet
  reason   VARCHAR NOT NULL,
  row_json VARCHAR NOT NULL        -- the row as read, every value as text
);

CREATE TABLE service_requests (
  request_id  VARCHAR NOT NULL,
  user_id     VARCHAR NOT NULL,
  user_role   VARCHAR,
  srv         VARCHAR NOT NULL,
  device_id   VARCHAR,
  received_us BIGINT NOT NULL,
  execute_us  BIGINT,
  load_id     BIGINT NOT NULL,
  line        BIGINT NOT NULL
);

CREATE TABLE service_responses (
  request_id VARCHAR NOT NULL,
  sent_us    BIGINT NOT NULL,
  code       VARCHAR NOT NULL,
  kind       VARCHAR NOT NULL,     -- ACK or RESPONSE (derived from the code when absent)
  load_id    BIGINT NOT NULL,
  line       BIGINT NOT NULL
);

CREATE TABLE alerts (
  alert_id     VARCHAR NOT NULL,
  device_id    VARCHAR,
  user_id      VARCHAR NOT NULL,
  alert_code   VARCHAR NOT NULL,
  raised_us    BIGINT NOT NULL,
  delivered_us BIGINT,
  load_id      BIGINT NOT NULL,
  line         BIGINT NOT NULL
);

CREATE TABLE devices (
  device_id         VARCHAR NOT NULL,
  device_type       VARCHAR NOT NULL,
  smets             INTEGER NOT NULL,
  provider          VARCHAR NOT NULL,
  comms_hub_id      VARCHAR,
  area              VARCHAR,
  certificate_owner VARCHAR,
  load_id           BIGINT NOT NULL,
  line              BIGINT NOT NULL
);

CREATE TABLE users (
  user_id      VARCHAR NOT NULL,
  organisation VARCHAR NOT NULL,
  role         VARCHAR,
  load_id      BIGINT NOT NULL,
  line         BIGINT NOT NULL
);

CREATE TABLE area_events (
  area         VARCHAR NOT NULL,
  event        VARCHAR NOT NULL,
  effective_on DATE NOT NULL,
  load_id      BIGINT NOT NULL,
  line         BIGINT NOT NULL
);

CREATE TABLE incidents (
  incident_id     VARCHAR NOT NULL,
  category        INTEGER NOT NULL,
  title           VARCHAR NOT NULL,
  opened_us       BIGINT NOT NULL,
  resolved_us     BIGINT,
  components      VARCHAR[] NOT NULL,
  services        VARCHAR[] NOT NULL,
  cause_class     VARCHAR,
  root_cause      VARCHAR,
  major           BOOLEAN NOT NULL,
  dcc_responsible BOOLEAN NOT NULL,
  load_id         BIGINT NOT NULL,
  line            BIGINT NOT NULL
);

CREATE TABLE outages (
  service     VARCHAR NOT NULL,
  start_us    BIGINT NOT NULL,
  end_us      BIGINT NOT NULL,
  planned     BOOLEAN NOT NULL,
  incident_id VARCHAR,
  load_id     BIGINT NOT NULL,
  line        BIGINT NOT NULL
);

CREATE TABLE risks (
  risk_id    VARCHAR NOT NULL,
  title      VARCHAR NOT NULL,
  likelihood INTEGER NOT NULL,
  impact     INTEGER NOT NULL,
  owner      VARCHAR,
  status     VARCHAR NOT NULL,
  load_id    BIGINT NOT NULL,
  line       BIGINT NOT NULL
);

CREATE TABLE actions (
  ref               VARCHAR NOT NULL,
  text              VARCHAR NOT NULL,
  owner             VARCHAR NOT NULL,
  raised_on         DATE NOT NULL,
  target_on         DATE,
  revised_target_on DATE,
  status            VARCHAR NOT NULL,
  closed_on         DATE,
  load_id           BIGINT NOT NULL,
  line              BIGINT NOT NULL
);
