import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** A throwaway database owned by a throwaway plain role (no superuser, no BYPASSRLS), so RLS applies to it. */
export interface TestDatabase {
  /** database (and role) name, `ddex_test_<random>` */
  name: string;
  /** URL connecting as the plain role: what the store uses */
  appUrl: string;
  /** URL connecting to the same database as the admin (superuser) */
  adminUrl: string;
  /** drops the database and the role */
  drop(): Promise<void>;
}

const withDb = (base: string, db: string, user?: { name: string; password: string }): string => {
  const url = new URL(base);
  url.pathname = `/${db}`;
  if (user) {
    url.username = user.name;
    url.password = user.password;
  }
  return url.toString();
};

async function asAdmin<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates `ddex_test_<random>` on the server of `adminUrl`, so parallel runs never share a database. */
export async function createTestDatabase(adminUrl: string): Promise<TestDatabase> {
  const name = `ddex_test_${randomBytes(6).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  await asAdmin(adminUrl, async (c) => {
    await c.query(`CREATE ROLE ${name} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD '${password}'`);
    await c.query(`CREATE DATABASE ${name} OWNER ${name}`);
    // a throwaway database needs no durability: commits skip the WAL flush wait
    await c.query(`ALTER DATABASE ${name} SET synchronous_commit = off`);
  });
  return {
    name,
    appUrl: withDb(adminUrl, name, { name, password }),
    adminUrl: withDb(adminUrl, name),
    async drop() {
      await asAdmin(adminUrl, async (c) => {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.query(`DROP ROLE IF EXISTS ${name}`);
      });
    },
  };
}

/** Every table of the store, for TRUNCATE between tests. */
export const STORE_TABLES = [
  'audit_log',
  'api_keys',
  'users',
  'jobs',
  'delivery_receipts',
  'delivery_logs',
  'delivery_attempts',
  'deliveries',
  'targets',
  'release_codes',
  'release_words',
  'releases',
  'tenants',
];

/** Empties every table of `schema` (TRUNCATE skips RLS and row triggers, so it runs as the admin). */
export async function truncateStore(admin: pg.Pool, schema = 'ddex'): Promise<void> {
  await admin.query(`TRUNCATE ${STORE_TABLES.map((t) => `${schema}.${t}`).join(', ')} RESTART IDENTITY CASCADE`);
}
