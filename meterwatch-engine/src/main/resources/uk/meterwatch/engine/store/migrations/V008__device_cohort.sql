-- The store, version 8: a SMETS1 device's migration cohort (IOC, MOC or FOC), an optional column
-- of the devices file added to the data contract by extension (docs/data-contract.md). NULL: not
-- given (every SMETS2 device, and SMETS1 devices whose cohort the file does not say).
ALTER TABLE devices ADD COLUMN cohort VARCHAR;
