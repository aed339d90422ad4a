-- The store, version 6: each request's distance in time to its nearest neighbour, the nearest
-- other request of the same User and device (any SRV; requests with no device_id form one
-- device), so that the BPIs find the requests alone in their retry window by reading one column
-- instead of sorting the month (docs/bpi.md, "How it runs"). Kept by the loader in each requests
-- file's transaction (RequestNeighbours); Store.migrate computes it for the requests present.
-- NULL: no other request of the same User and device within 31 days.
ALTER TABLE service_requests ADD COLUMN near_us BIGINT;

-- The load after which near_us was last known to be right for every request, and how many
-- requests there were then: the BPIs read near_us only while both still hold.
CREATE TABLE request_neighbours_state (valid_through_load BIGINT NOT NULL, requests BIGINT NOT NULL);
