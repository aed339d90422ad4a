-- The store, version 7: a request's first RESPONSE is its earliest RESPONSE by sent_at, as the
-- PMR issue defines it ("first response" is the earliest one by sent_at), even one sent before
-- received_at. Until version 6 such a response was taken for a clock error and ignored, so a
-- request whose only RESPONSE came before its receipt counted as having none. The earliest
-- RESPONSE and the earliest I0 RESPONSE of every request were kept already (final_us, i0_us).
--
-- The response-time cube is rebuilt (on the next report) only if some request changed.
DELETE FROM response_time_cube_state WHERE EXISTS (SELECT 1 FROM service_requests
  WHERE first_response_us IS DISTINCT FROM final_us OR first_i0_us IS DISTINCT FROM i0_us);
UPDATE service_requests SET first_response_us = final_us, first_i0_us = i0_us
  WHERE first_response_us IS DISTINCT FROM final_us OR first_i0_us IS DISTINCT FROM i0_us;
