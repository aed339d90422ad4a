-- The store, version 5: the response-time cube, a summary of each month's requests that the PMR
-- reads instead of scanning the month (CPM1, CPM1-S, CPM2 and their per-provider lines). Kept by
-- the loader in each file's transaction (ResponseTimeCube); Store.migrate builds it for every
-- month present. Exact for any Target Response Time in whole seconds up to a day: a request is
-- within a target of T seconds when its delay in microseconds is at most T x 1,000,000, which is
-- when delay_s (the delay rounded up to whole seconds) is at most T.
CREATE TABLE response_time_cube (
  month      VARCHAR NOT NULL,   -- YYYY-MM, the reporting month (Europe/London)
  population VARCHAR NOT NULL,   -- ON_DEMAND: received in the month, no execute_at; FUTURE_DATED: execute_at in the month
  srv        VARCHAR NOT NULL,
  provider   VARCHAR,            -- the device's provider (NULL: ALL only)
  delay_s    BIGINT,             -- first RESPONSE - received_at (or execute_at), rounded up to seconds, at least 0, at most 86401 (= more than a day); NULL: no response
  i0_first   BOOLEAN NOT NULL,   -- the first RESPONSE is an I0
  requests   BIGINT NOT NULL
);

-- The months the cube holds, and the load after which it was last known to be complete: the PMR
-- reads the cube only while no load has come since without keeping it.
CREATE TABLE response_time_cube_months (month VARCHAR PRIMARY KEY);
CREATE TABLE response_time_cube_state (valid_through_load BIGINT NOT NULL);
