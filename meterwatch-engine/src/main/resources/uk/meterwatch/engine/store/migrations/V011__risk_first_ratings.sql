-- The store, version 11: every rating of a risk is kept, the first included (docs/registers.md).
-- Until now a risk loaded from a drop had none: each such risk gets its first rating, as the
-- loader now gives one, dated the day (UK) of the load that brought it, by "loader", reason
-- "loaded from FILE".
INSERT INTO risk_ratings (risk_id, seq, rated_on, rated_by, reason, likelihood, impact, recorded_us)
SELECT r.risk_id, 1,
       CAST(timezone('Europe/London', make_timestamptz(l.loaded_at_us)) AS DATE),
       'loader', 'loaded from ' || l.file_name, r.likelihood, r.impact, l.loaded_at_us
FROM risks r JOIN loads l ON l.load_id = r.load_id
WHERE NOT EXISTS (SELECT 1 FROM risk_ratings x WHERE x.risk_id = r.risk_id);
