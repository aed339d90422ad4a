-- The store, version 12: the register of approved exceptions (docs/registers.md), what the DCC may
-- leave out of measures: listed items (request, alert or incident ids) or a period (availability).
-- One row per exception; a withdrawn one stays, with the day it was withdrawn, so a report as of an
-- earlier day still applies it.
CREATE TABLE approved_exceptions (
  exception_id     VARCHAR NOT NULL,
  measures         VARCHAR[] NOT NULL,  -- measure ids, as the rule set writes them
  scope            VARCHAR NOT NULL,    -- ALL or a line of the measures (a provider)
  items            VARCHAR[] NOT NULL,  -- request, alert or incident ids; empty for a period
  period_from_us   BIGINT,              -- the period covered, [from, to), for availability
  period_to_us     BIGINT,
  reason           VARCHAR NOT NULL,
  approved_by      VARCHAR NOT NULL,
  approved_on      DATE NOT NULL,       -- UK date
  withdrawn_on     DATE,                -- null while in force
  withdrawn_reason VARCHAR
);
