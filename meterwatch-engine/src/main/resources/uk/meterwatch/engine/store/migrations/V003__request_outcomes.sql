-- The store, version 3: each request's outcome, kept up to date by the loader, so that the PMR
-- and the BPIs read one row per request instead of joining its responses at report time.
-- RESPONSE rows only (an ACK is never a response). NULL when the request has no such response.
-- Store.migrate fills them from the rows already loaded (RequestOutcomes.rebuild).

-- PMR (docs/measures.md): the first RESPONSE sent at or after received_us (an earlier one is a
-- clock error), and the earliest I0 RESPONSE at or after received_us: the request succeeded when
-- both are equal (an I0 at the first instant).
ALTER TABLE service_requests ADD COLUMN first_response_us BIGINT;
ALTER TABLE service_requests ADD COLUMN first_i0_us BIGINT;
-- BPI (docs/bpi.md): the final response is the first RESPONSE row by sent_us, ties broken by the
-- row loaded first (load_id, line); i0_us is the earliest I0 RESPONSE, whenever sent.
ALTER TABLE service_requests ADD COLUMN final_us BIGINT;
ALTER TABLE service_requests ADD COLUMN final_code VARCHAR;
ALTER TABLE service_requests ADD COLUMN i0_us BIGINT;

-- request_ids of loaded RESPONSE rows whose request is not (yet) in the store: when such a
-- request arrives, its outcome is computed from its responses (usually this table is empty).
CREATE TABLE response_orphans (
  request_id VARCHAR NOT NULL
);
