import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPostgresStore, type PostgresStore } from '@ddex/adapter-postgres';
import { sqliteStore } from '@ddex/adapter-sqlite';
import { type CatalogStore, memoryAssets, memoryStore } from '@ddex/catalog-store';
import { afterEach } from 'vitest';
import { createApp } from '../src/http/index';
import {
  createDistroServices,
  type DistroServices,
  localKeyProvider,
  type Role,
  scopesFor,
  type TransportResolver,
  type WebhookOptions,
} from '../src/index';

/** The canonical album (a copy of shared/examples/release-album.json). */
export function album(overrides: Record<string, unknown> = {}): Record<string, any> {
  const doc = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures/release-album.json'), 'utf8'));
  delete doc.tenantId;
  return { ...doc, ...overrides };
}

const PG_URL = process.env.DDEX_TEST_PG_URL;
const opened: { store: PostgresStore; schema: string }[] = [];

/**
 * The stores every API suite runs on: the memory reference, the embedded SQLite default and, when
 * `DDEX_TEST_PG_URL` is set (`.ci/servers/postgres.sh`), PostgreSQL in a fresh schema per test.
 */
export const STORES: Record<string, () => Promise<CatalogStore>> = {
  memory: async () => memoryStore(),
  sqlite: async () => sqliteStore({ filename: ':memory:', assetsDir: mkdtempSync(join(tmpdir(), 'distro-assets-')) }),
  ...(PG_URL
    ? {
        postgres: async () => {
          const schema = `distro_${randomBytes(6).toString('hex')}`;
          const store = await openPostgresStore({
            connectionString: PG_URL,
            schema,
            maxConnections: 4,
            allowRlsBypass: true,
            assets: memoryAssets(),
          });
          opened.push({ store, schema });
          return store;
        },
      }
    : {}),
};

afterEach(async () => {
  for (const { store, schema } of opened.splice(0)) {
    const client = await store.getPool().connect();
    try {
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    } finally {
      client.release();
    }
    await store.close();
  }
});

/** Store names, for `describe.each`. */
export const STORE_NAMES = Object.keys(STORES);

/** A master key for tests. */
export const TEST_MASTER_KEY = Buffer.alloc(32, 7);

/** Keys of one tenant by role. */
export type Keys = Record<Role, string>;

/** A response whose JSON is untyped (tests assert on it). */
export type TestResponse = Omit<Response, 'json'> & { json(): Promise<any> };

/** A running app on a memory store with two tenants and a key per role in each. */
export interface Harness {
  store: CatalogStore;
  services: DistroServices;
  app: ReturnType<typeof createApp>;
  /** tenant A keys */
  a: Keys;
  /** tenant B keys */
  b: Keys;
  /** FILESYSTEM targets root */
  fsRoot: string;
  /** calls the app */
  call(
    method: string,
    path: string,
    init?: { key?: string; body?: unknown; raw?: string; headers?: Record<string, string> },
  ): Promise<TestResponse>;
}

async function keysFor(store: CatalogStore, tenantId: string): Promise<Keys> {
  const out = {} as Keys;
  for (const role of ['admin', 'manager', 'viewer'] as const) {
    out[role] = (await store.apiKeys.create(tenantId, { name: role, scopes: scopesFor(role) })).secret;
  }
  return out;
}

/** Builds a {@link Harness}. */
export async function harness(
  options: {
    store?: CatalogStore;
    logger?: any;
    transports?: TransportResolver;
    deliveryAttempts?: number;
    webhooks?: WebhookOptions;
  } = {},
): Promise<Harness> {
  const store = options.store ?? memoryStore();
  const fsRoot = mkdtempSync(join(tmpdir(), 'distro-fs-'));
  const services = createDistroServices({
    store,
    keys: localKeyProvider({ key: TEST_MASTER_KEY }),
    filesystemRoot: fsRoot,
    sender: { dpid: 'PADPIDA20270101016', name: 'Polar Records' },
    logger: options.logger,
    transports: options.transports,
    deliveryAttempts: options.deliveryAttempts,
    webhooks: options.webhooks,
    passwordHashCost: { N: 1024, r: 8, p: 1 }, // sign-in tests hash many passwords
  });
  // the failed-auth limiter has its own test (ops-http); here many 401s come from one test client
  const app = createApp(services, { authRateLimit: false });
  for (const id of ['tenant-a', 'tenant-b']) await store.tenants.create({ id, name: id, type: 'label' } as any);
  const a = await keysFor(store, 'tenant-a');
  const b = await keysFor(store, 'tenant-b');
  const call: Harness['call'] = (method, path, init = {}) => {
    const headers: Record<string, string> = { ...init.headers };
    if (init.key) headers.authorization = `Bearer ${init.key}`;
    let body: string | undefined = init.raw;
    if (init.body !== undefined) {
      body = JSON.stringify(init.body);
      headers['content-type'] = 'application/json';
    }
    return Promise.resolve(app.request(path, { method, headers, body })) as Promise<TestResponse>;
  };
  return { store, services, app, a, b, fsRoot, call };
}
