import type { DeliveryTarget, Release, Tenant } from '@ddex/ern-model';
import { invalidArgument } from './errors';
import { assertTenantId } from './keys';

/** Checks an entity id: a non-empty string of at most 256 characters without control characters. */
export function assertId(entity: string, id: unknown): asserts id is string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we reject
  if (typeof id !== 'string' || id === '' || id.length > 256 || /[\u0000-\u001f]/.test(id)) {
    throw invalidArgument(`invalid ${entity} id ${JSON.stringify(id)}`);
  }
}

function ownedDocument<T extends { id?: unknown; tenantId?: unknown }>(
  entity: string,
  tenantId: string,
  doc: T,
  id?: string,
): T {
  assertTenantId(tenantId);
  if (typeof doc !== 'object' || doc === null) throw invalidArgument(`${entity} must be an object`);
  assertId(entity, doc.id);
  if (id !== undefined && doc.id !== id)
    throw invalidArgument(`${entity} id "${String(doc.id)}" does not match "${id}"`);
  if (doc.tenantId !== undefined && doc.tenantId !== tenantId) {
    throw invalidArgument(`${entity} belongs to tenant "${String(doc.tenantId)}", not "${tenantId}"`);
  }
  // a JSON round trip: stores persist JSON, so every store hands back the same shapes (and it is faster than
  // structuredClone on large documents)
  const copy = JSON.parse(JSON.stringify(doc)) as T;
  copy.tenantId = tenantId;
  return copy;
}

/** Validates ownership of a release and returns a deep copy whose `tenantId` is the calling tenant. */
export function prepareRelease(tenantId: string, release: Release, id?: string): Release {
  return ownedDocument('release', tenantId, release, id);
}

/**
 * {@link prepareRelease} for bulk writes: the same checks, but the copy is returned as JSON text (what a store
 * persists) from one `JSON.stringify`, with no deep copy built; `tenantId` is spliced into the text.
 */
export function prepareReleaseJson(tenantId: string, release: Release): { id: string; json: string } {
  assertTenantId(tenantId);
  if (typeof release !== 'object' || release === null) throw invalidArgument('release must be an object');
  const doc = release as { id?: unknown; tenantId?: unknown };
  assertId('release', doc.id);
  if (doc.tenantId !== undefined && doc.tenantId !== tenantId) {
    throw invalidArgument(`release belongs to tenant "${String(doc.tenantId)}", not "${tenantId}"`);
  }
  const text = JSON.stringify(release);
  // a present tenantId already equals tenantId (checked above); an absent one goes last, as the copy's would
  if (doc.tenantId !== undefined) return { id: doc.id, json: text };
  if (Array.isArray(release) || !text.startsWith('{')) {
    return { id: doc.id, json: JSON.stringify(prepareRelease(tenantId, release)) };
  }
  const tenant = `"tenantId":${JSON.stringify(tenantId)}`;
  return { id: doc.id, json: text === '{}' ? `{${tenant}}` : `${text.slice(0, -1)},${tenant}}` };
}

/** Validates ownership of a delivery target and returns a deep copy whose `tenantId` is the calling tenant. */
export function prepareTarget(tenantId: string, target: DeliveryTarget, id?: string): DeliveryTarget {
  return ownedDocument('target', tenantId, target, id);
}

/** Validates a tenant document and returns a deep copy. */
export function prepareTenant(tenant: Tenant, id?: string): Tenant {
  if (typeof tenant !== 'object' || tenant === null) throw invalidArgument('tenant must be an object');
  assertTenantId(tenant.id);
  if (id !== undefined && tenant.id !== id) throw invalidArgument(`tenant id "${tenant.id}" does not match "${id}"`);
  return JSON.parse(JSON.stringify(tenant)) as Tenant;
}

/** An ISO instant from an optional Date/ISO string, defaulting to `nowMs`. */
export function isoInstant(value: string | Date | undefined, nowMs: number): string {
  if (value === undefined) return new Date(nowMs).toISOString();
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  if (Number.isNaN(ms)) throw invalidArgument(`invalid instant ${JSON.stringify(String(value))}`);
  return new Date(ms).toISOString();
}

/** Normalises a one-or-many filter to a list (undefined when absent or empty). */
export function manyOf<T>(value: T | T[] | undefined): T[] | undefined {
  if (value === undefined) return undefined;
  const list = Array.isArray(value) ? value : [value];
  return list.length === 0 ? undefined : list;
}
