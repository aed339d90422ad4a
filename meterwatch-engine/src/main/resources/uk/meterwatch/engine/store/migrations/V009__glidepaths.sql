-- The store, version 9: saved glidepaths (docs/analysis.md). A glidepath is kept as it was
-- forecast (its fitted line and what its prediction intervals need), so later months are judged
-- against that forecast, never a refit. Month indexes count from fit_from (0).
CREATE TABLE glidepaths (
  name          VARCHAR PRIMARY KEY,
  subject_kind  VARCHAR NOT NULL,  -- PROCESS or MEASURE
  subject       VARCHAR NOT NULL,
  scope_level   VARCHAR NOT NULL,  -- NATIONAL, AREA, REGION or PROVIDER
  scope_key     VARCHAR,
  target        DOUBLE NOT NULL,   -- percent
  by_month      VARCHAR NOT NULL,  -- YYYY-MM
  fit_from      VARCHAR NOT NULL,  -- YYYY-MM, month index 0
  fit_to        VARCHAR NOT NULL,  -- YYYY-MM, the last month fitted
  n             INTEGER NOT NULL,
  intercept     DOUBLE NOT NULL,
  slope         DOUBLE NOT NULL,   -- points a month
  mean_x        DOUBLE NOT NULL,
  sxx           DOUBLE NOT NULL,
  residual_sd   DOUBLE NOT NULL,
  slope_p       DOUBLE NOT NULL,
  saved_us      BIGINT NOT NULL
);
