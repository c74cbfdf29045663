/**
 * Schema version 4: a delivery's recurrence (the series of catalog re-sends it is a run of) and its batch (the
 * deliveries sent with it in one DDEX batch), both JSON kept as given. @internal
 */
export const MIGRATION_004 = `
ALTER TABLE deliveries ADD COLUMN recurrence jsonb, ADD COLUMN batch jsonb;
`;
