/**
 * Schema version 8: the `Idempotency-Key` a delivery was queued with, so a repeated `POST /api/deliveries` finds the
 * deliveries of the first request. @internal
 */
export const MIGRATION_008 = `
ALTER TABLE deliveries ADD COLUMN idempotency_key text;
CREATE INDEX deliveries_tenant_idempotency_key ON deliveries (tenant_id, idempotency_key)
  WHERE idempotency_key IS NOT NULL;
`;
