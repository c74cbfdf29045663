import { CatalogStoreError } from '@ddex/catalog-store';
import { ERR } from '../db';
import type { PgPoolLike, PgQueryable } from '../pg-types';
import { MIGRATION_001 } from './001-initial';
import { MIGRATION_002 } from './002-user-passwords';
import { MIGRATION_003 } from './003-code-lookups';
import { MIGRATION_004 } from './004-delivery-series';
import { MIGRATION_005 } from './005-label-index';
import { MIGRATION_006 } from './006-release-codes';
import { MIGRATION_007 } from './007-api-key-request-counts';
import { MIGRATION_008 } from './008-delivery-idempotency-keys';
import { MIGRATION_009 } from './009-release-words';
import { MIGRATION_010 } from './010-delivery-priorities';
import { MIGRATION_011 } from './011-release-json-documents';
import { MIGRATION_012 } from './012-label-status-index';

/** One versioned schema change. */
export interface Migration {
  /** schema version it produces (1, 2, ...) */
  version: number;
  /** short name */
  name: string;
  /** the SQL, run in one transaction with the store's schema as search_path */
  sql: string;
}

/** Every migration, in order. A migration is never edited once released: add the next one instead. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial', sql: MIGRATION_001 },
  { version: 2, name: 'user passwords', sql: MIGRATION_002 },
  { version: 3, name: 'code lookups', sql: MIGRATION_003 },
  { version: 4, name: 'delivery recurrence and batches', sql: MIGRATION_004 },
  { version: 5, name: 'releases by label', sql: MIGRATION_005 },
  { version: 6, name: 'release codes under RLS', sql: MIGRATION_006 },
  { version: 7, name: 'api key request counts', sql: MIGRATION_007 },
  { version: 8, name: 'delivery idempotency keys', sql: MIGRATION_008 },
  { version: 9, name: 'release words under RLS', sql: MIGRATION_009 },
  { version: 10, name: 'delivery priorities', sql: MIGRATION_010 },
  { version: 11, name: 'release documents as json', sql: MIGRATION_011 },
  { version: 12, name: 'releases by label and status', sql: MIGRATION_012 },
];

/** The schema version this code expects. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** What {@link migrate} did. */
export interface MigrateResult {
  /** versions applied by this call (empty when the schema was current) */
  applied: number[];
  /** the schema version now */
  version: number;
}

/** Checks a schema name; it is interpolated into DDL, so only plain lower-case identifiers pass. */
export function assertSchemaName(schema: string): void {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new CatalogStoreError('INVALID_ARGUMENT', `invalid schema name ${JSON.stringify(schema)}`, ERR);
  }
}

/**
 * Brings `schema` to {@link SCHEMA_VERSION}. A session advisory lock serialises concurrent callers (many processes
 * opening the store at once): the first applies the pending migrations, each in its own transaction together with
 * its row in `ddex_migrations`; the others wait and then find nothing to do. With `apply: false` it only checks.
 * Fails with INCOMPATIBLE_SCHEMA when the database is newer than this code, or behind it and `apply` is false.
 */
export async function migrate(
  pool: PgPoolLike,
  schema: string,
  options: { apply?: boolean } = {},
): Promise<MigrateResult> {
  assertSchemaName(schema);
  const apply = options.apply ?? true;
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [`ddex-distro:migrate:${schema}`]);
    try {
      if (apply) {
        await client.query(
          `CREATE SCHEMA IF NOT EXISTS ${schema};
           CREATE TABLE IF NOT EXISTS ${schema}.ddex_migrations (
             version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
        );
      }
      const current = await currentVersion(client, schema);
      if (current > SCHEMA_VERSION) {
        throw new CatalogStoreError(
          'INCOMPATIBLE_SCHEMA',
          `schema "${schema}" is at version ${current}, newer than this code (${SCHEMA_VERSION}); upgrade the package`,
          ERR,
        );
      }
      const pending = MIGRATIONS.filter((m) => m.version > current);
      if (pending.length > 0 && !apply) {
        throw new CatalogStoreError(
          'INCOMPATIBLE_SCHEMA',
          `schema "${schema}" is at version ${current}, this code needs ${SCHEMA_VERSION}; run the migrations`,
          ERR,
        );
      }
      for (const m of pending) {
        try {
          await client.query(`BEGIN; SELECT set_config('search_path', '${schema}', true)`);
          await client.query(m.sql);
          await client.query('INSERT INTO ddex_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch((e: Error) => {
            broken = e;
          });
          throw new CatalogStoreError('INCOMPATIBLE_SCHEMA', `migration ${m.version} (${m.name}) failed`, {
            ...ERR,
            cause: error,
          });
        }
      }
      return { applied: pending.map((m) => m.version), version: SCHEMA_VERSION };
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [`ddex-distro:migrate:${schema}`]).catch((e) => {
        broken = e as Error;
      });
    }
  } finally {
    client.release(broken);
  }
}

async function currentVersion(client: PgQueryable, schema: string): Promise<number> {
  const exists = await client.query<{ t: string | null }>('SELECT to_regclass($1) AS t', [`${schema}.ddex_migrations`]);
  if (exists.rows[0]?.t === null) return 0;
  const res = await client.query<{ v: number }>(`SELECT coalesce(max(version), 0) AS v FROM ${schema}.ddex_migrations`);
  return Number(res.rows[0]?.v ?? 0);
}
