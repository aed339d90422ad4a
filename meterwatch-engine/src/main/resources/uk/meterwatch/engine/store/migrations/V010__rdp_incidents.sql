-- The store, version 10: incidents of the Registration Data Providers (the parties that send the
-- DCC the registration data of every meter point), a kind of the data contract added by extension
-- (docs/data-contract.md). The SEC Panel's report counts those opened and closed in the month.
-- Not the DCC's incidents: they stay out of the incident register, CPM4/CPM5 and the map.
CREATE TABLE rdp_incidents (
  incident_id VARCHAR NOT NULL,
  rdp         VARCHAR NOT NULL,   -- the Registration Data Provider
  title       VARCHAR,
  opened_us   BIGINT NOT NULL,
  resolved_us BIGINT,
  load_id     BIGINT NOT NULL,
  line        BIGINT NOT NULL
);
