// The server side of the service bench, run in its own process (forked by service.bench.ts) so that the load
// generator does not share the server's event loop: loads a seeded catalog into the SQLite default store, starts
// the real HTTP server and reports `{ url, key, releases, loadSeconds }` over IPC; exits on "stop".
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sqliteStore } from '@ddex/adapter-sqlite';
import { writeReleases } from '@ddex/catalog-store';
import type { Release } from '@ddex/ern-model';
import { generateCatalog } from '../../../bench/catalog-generator';
import { createDistroServices, localKeyProvider } from '../src/index';
import { bootstrapTenant, startServer } from '../src/node/index';
import { systemPrincipal } from '../src/principal';

/** What the server process reports once it is listening. */
export interface ServiceBenchReady {
  url: string;
  /** a generated admin API key (stored hashed, as a label's client key would be) */
  key: string;
  releases: number;
  /** seconds the bulk load took; absent when the catalog was reused (DDEX_BENCH_SERVICE_DIR) */
  loadSeconds?: number;
  /** id of the filesystem target `generate` is asked for */
  targetId: string;
}

const BATCH = 1000;
const TENANT = 'bench';
const releaseId = (n: number) => `rel-${String(n).padStart(7, '0')}`;

async function main(): Promise<void> {
  const releases = Number(process.env.DDEX_BENCH_SERVICE_RELEASES ?? 100_000);
  if (!Number.isInteger(releases) || releases < 1) throw new Error('DDEX_BENCH_SERVICE_RELEASES must be >= 1');
  // DDEX_BENCH_SERVICE_DIR keeps the loaded store between runs (loading 100,000 releases takes minutes)
  const keep = process.env.DDEX_BENCH_SERVICE_DIR;
  const dir = keep ? resolve(keep) : mkdtempSync(join(tmpdir(), 'ddex-service-bench-'));
  const cleanUp = () => {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  };
  const store = sqliteStore({ dataDir: dir });
  const services = createDistroServices({
    store,
    keys: localKeyProvider({ key: randomBytes(32) }),
    sender: { dpid: 'PADPIDA20270101016', name: 'Bench Label' },
    filesystemRoot: join(dir, 'dsp'),
  });
  await bootstrapTenant(services, { tenantId: TENANT });
  const system = systemPrincipal(TENANT);
  // the key a label's client would use: a manager's, stored hashed
  const { secret } = await services.apiKeys.create(system, { name: 'bench client', role: 'manager' });
  const targetId = 'bench-dsp';
  // reused only when it holds exactly this catalog: releases 1..N of the seeded generator
  const loadedBefore =
    (await store.releases.find(TENANT, releaseId(releases))) !== null &&
    (await store.releases.find(TENANT, releaseId(releases + 1))) === null;
  if (!loadedBefore && (await store.releases.list(TENANT, { limit: 1 })).items.length > 0) {
    throw new Error(`${dir} holds another catalog: empty it or pick another DDEX_BENCH_SERVICE_DIR`);
  }
  if (!(await store.targets.list(TENANT)).items.some((t) => t.id === targetId)) {
    await services.targets.create(system, {
      id: targetId,
      name: 'Bench DSP (folder)',
      type: 'DSP',
      protocol: 'FILESYSTEM',
      config: { directory: 'bench-dsp' },
      recipient: { dpid: 'PADPIDA20270101024', name: 'Bench DSP' },
      requirements: { ernVersion: '4.3' },
    });
  }

  // bulk load through writeMany (one transaction per batch), as `ddex-distro import` does
  const started = performance.now();
  let batch: Release[] = [];
  let loaded = 0;
  let lastReport = 0;
  const flush = async () => {
    const results = await writeReleases(store.releases, TENANT, batch);
    const failed = results.find((r) => !r.ok);
    if (failed && !failed.ok) throw failed.error;
    loaded += batch.length;
    batch = [];
    const now = performance.now();
    if (now - lastReport > 2000 || loaded === releases) {
      lastReport = now;
      const seconds = (now - started) / 1000;
      const rate = Math.round(loaded / seconds);
      const eta = loaded < releases ? `, ~${Math.ceil((releases - loaded) / Math.max(rate, 1))} s left` : '';
      process.stderr.write(`bench: service: loaded ${loaded}/${releases} releases (${rate}/s${eta})\n`);
    }
  };
  if (loadedBefore) {
    process.stderr.write(`bench: service: reusing the ${releases} releases in ${dir}\n`);
  } else {
    for (const release of generateCatalog({ releases })) {
      batch.push(release);
      if (batch.length === BATCH) await flush();
    }
    if (batch.length > 0) await flush();
    await store.optimize(); // as `ddex-distro import` ends
  }
  const loadSeconds = loadedBefore ? undefined : Math.round((performance.now() - started) / 100) / 10;

  const server = await startServer({ services, port: 0, workers: 0 });
  const ready: ServiceBenchReady = {
    url: server.url,
    key: secret,
    releases,
    loadSeconds,
    targetId,
  };
  process.send?.({ type: 'ready', ...ready });
  process.on('message', async (message: { type?: string }) => {
    // the server's CPU time so far: per request, it is what p95 is made of on a shared machine
    if (message?.type === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.send?.({ type: 'cpu', micros: user + system });
      return;
    }
    if (message?.type !== 'stop') return;
    await server.close();
    cleanUp();
    process.exit(0);
  });
  process.on('disconnect', () => {
    cleanUp();
    process.exit(1);
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: service server failed: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
