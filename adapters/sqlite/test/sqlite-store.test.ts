import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sqliteStore } from '@ddex/adapter-sqlite';
import { describeCatalogStore } from '@ddex/catalog-store/testing';
import * as vitest from 'vitest';

const base = mkdtempSync(join(tmpdir(), 'ddex-sqlite-contract-'));
vitest.afterAll(() => rmSync(base, { recursive: true, force: true }));

let n = 0;
describeCatalogStore({
  name: 'sqlite',
  vitest,
  create: ({ clock }) => sqliteStore({ dataDir: join(base, String(n++)), clock, synchronous: 'NORMAL' }),
});
