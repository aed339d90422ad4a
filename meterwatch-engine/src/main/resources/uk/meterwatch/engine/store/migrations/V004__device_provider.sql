-- The store, version 4: each request and alert carries its device's provider, so that the
-- measures per provider read one table instead of joining 10 million rows with the devices.
-- The devices table stays the truth: the loader sets the column when a request or alert is
-- loaded, and when a devices file adds a device or changes its provider it updates the requests
-- and alerts of that device (docs/loading.md). NULL: the device is not in the devices file.
ALTER TABLE service_requests ADD COLUMN provider VARCHAR;
ALTER TABLE alerts ADD COLUMN provider VARCHAR;
UPDATE service_requests SET provider = d.provider FROM devices d WHERE d.device_id = service_requests.device_id;
UPDATE alerts SET provider = d.provider FROM devices d WHERE d.device_id = alerts.device_id;
