import { randomBytes } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import { memoryAssets } from '@ddex/catalog-store';
import { describeCatalogStore } from '@ddex/catalog-store/testing';
import pg from 'pg';
import * as vitest from 'vitest';
import { openPostgresStore, postgresStore, s3AssetStore } from '../src/index';
import { emptyPrefix, PG_URL, S3_ENV, testS3Client } from './helpers/live';
import { createTestDatabase, type TestDatabase, truncateStore } from './helpers/pg-database';

// The whole contract suite against a real PostgreSQL, with the S3 asset store on a real Ceph radosgw (when its
// variables are set; the in-memory asset store otherwise). One throwaway database per run, emptied between tests.
vitest.describe.skipIf(!PG_URL)('postgres store (live)', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let admin: pg.Pool;
  let s3: S3Client | undefined;
  let n = 0;
  const run = randomBytes(4).toString('hex');

  vitest.beforeAll(async () => {
    db = await createTestDatabase(PG_URL!);
    pool = new pg.Pool({ connectionString: db.appUrl, max: 12 });
    admin = new pg.Pool({ connectionString: db.adminUrl, max: 2 });
    const first = await openPostgresStore({ pool, assets: memoryAssets() });
    await first.close();
    if (S3_ENV) s3 = testS3Client();
  });

  vitest.afterAll(async () => {
    if (s3) await emptyPrefix(s3, S3_ENV!.bucket, `pg-contract-${run}/`);
    s3?.destroy();
    await pool?.end();
    await admin?.end();
    await db?.drop();
  });

  describeCatalogStore({
    name: S3_ENV ? 'postgres + s3' : 'postgres + memory assets',
    vitest,
    create: async ({ clock }) => {
      await truncateStore(admin);
      const assets = s3
        ? s3AssetStore({ client: s3, bucket: S3_ENV!.bucket, prefix: `pg-contract-${run}/t${++n}`, clock })
        : memoryAssets({ clock });
      return postgresStore({ pool, assets, clock });
    },
  });
});
