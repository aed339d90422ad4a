-- The store, version 6: what the BPIs read with each request instead of joining or sorting the
-- month (docs/bpi.md, "How it runs").
--
-- The certificate owner of the request's device, kept like its provider (V004): the loader sets
-- it when a request is loaded, and a devices file that adds a device or changes its owner updates
-- that device's requests. NULL: the device is not in the devices file, or has no owner recorded.
ALTER TABLE service_requests ADD COLUMN certificate_owner VARCHAR;
UPDATE service_requests SET certificate_owner = d.certificate_owner FROM devices d WHERE d.device_id = service_requests.device_id;

-- Each request's distance in time to its nearest neighbour, the nearest
-- other request of the same User and device (any SRV; requests with no device_id form one
-- device), so that the BPIs find the requests alone in their retry window by reading one column
-- instead of sorting the month. Kept by the loader in each requests
-- file's transaction (RequestNeighbours); Store.migrate computes it for the requests present.
-- NULL: no other request of the same User and device within 31 days.
ALTER TABLE service_requests ADD COLUMN near_us BIGINT;

-- The load after which near_us was last known to be right for every request, and how many
-- requests there were then: the BPIs read near_us only while both still hold.
CREATE TABLE request_neighbours_state (valid_through_load BIGINT NOT NULL, requests BIGINT NOT NULL);
