import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openPostgresStore, type PostgresStore } from '@ddex/adapter-postgres';
import { fsAssets, sqliteStore } from '@ddex/adapter-sqlite';
import type { CatalogStore } from '@ddex/catalog-store';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemPrincipal } from '../src/index';
import { album, harness } from './support';

// The crash-safety proof of issue 7 §4: worker processes sharing one store are SIGKILLed at random steps of the
// choreography while they deliver 50 releases to a real sshd, plus multi-release DDEX batches (several releases in one
// batch, one marker after all of them); afterwards every remote batch is checked.
const env = process.env;
const live = Boolean(env.DDEX_TEST_SFTP_HOST && env.DDEX_TEST_SFTP_KEY && env.DDEX_TEST_SFTP_DIR);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CHILD_SOURCE = fileURLToPath(new URL('./fixtures/worker-child.ts', import.meta.url));
// bundled once (workspace sources in, node_modules out): a respawned worker is up in a fraction of tsx's start time
const CHILD = join(ROOT, 'node_modules/.cache/ddex-distro-tests', `worker-child-${process.pid}.mjs`);
// 50 deliveries on the embedded default; PostgreSQL (same code path, slower to set up) runs 20 to keep CI lean
const COUNT: Record<string, number> = { sqlite: 50, postgres: 20 };
/** further releases delivered as multi-release batches of {@link PER_BATCH} */
const BATCHED: Record<string, number> = { sqlite: 10, postgres: 4 };
const PER_BATCH = 2;
const WORKERS = 3;
const MAX_KILLS = Number(process.env.CRASH_MAX_KILLS ?? 12);
const KILL_CHANCE = 0.04;

/** A valid GTIN-13 for release `i`. */
function gtin(i: number): string {
  const body = `501234${String(i).padStart(6, '0')}`;
  const sum = [...body].reduce((n, d, k) => n + Number(d) * (k % 2 ? 3 : 1), 0);
  return `${body}${(10 - (sum % 10)) % 10}`;
}

const audio = (i: number, track: number) => Buffer.alloc(96 * 1024 + i, (i * 7 + track) % 251);
const cover = (i: number) => Buffer.alloc(24 * 1024 + i, (i * 13) % 251);
const md5 = (b: Buffer | string) => createHash('md5').update(b).digest('hex');

interface Setup {
  store: CatalogStore;
  childEnv: Record<string, string>;
  cleanup(): Promise<void>;
}

const STORES: Record<string, (dataDir: string) => Promise<Setup>> = {
  sqlite: async (dataDir) => ({
    store: sqliteStore({ dataDir }),
    childEnv: { DDEX_CRASH_STORE: 'sqlite' },
    cleanup: async () => undefined,
  }),
  ...(env.DDEX_TEST_PG_URL
    ? {
        postgres: async (dataDir: string) => {
          const schema = `crash_${randomBytes(5).toString('hex')}`;
          const store: PostgresStore = await openPostgresStore({
            connectionString: env.DDEX_TEST_PG_URL!,
            schema,
            maxConnections: 4,
            allowRlsBypass: true,
            assets: fsAssets({ root: join(dataDir, 'assets') }),
          });
          return {
            store,
            childEnv: {
              DDEX_CRASH_STORE: 'postgres',
              DDEX_CRASH_PG_URL: env.DDEX_TEST_PG_URL!,
              DDEX_CRASH_PG_SCHEMA: schema,
            },
            cleanup: async () => {
              const pg = await openPostgresStore({
                connectionString: env.DDEX_TEST_PG_URL!,
                schema,
                allowRlsBypass: true,
                assets: fsAssets({ root: join(dataDir, 'assets') }),
              });
              const client = await pg.getPool().connect();
              await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).finally(() => client.release());
              await pg.close();
            },
          };
        },
      }
    : {}),
};

beforeAll(async () => {
  if (!live) return;
  await build({
    entryPoints: [CHILD_SOURCE],
    outfile: CHILD,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['@ddex/source'],
    logLevel: 'error',
    plugins: [
      {
        name: 'workspace-only',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (a) =>
            a.path.startsWith('@ddex/') ? undefined : { path: a.path, external: true },
          );
        },
      },
    ],
  });
}, 60_000);
afterAll(() => rmSync(CHILD, { force: true }));

describe.each(Object.keys(STORES))('SIGKILLed delivery workers on %s (live sshd)', (storeName) => {
  it.skipIf(!live)(
    `${COUNT[storeName]} deliveries and ${BATCHED[storeName]! / PER_BATCH} multi-release batches land exactly once, each batch whole, every job completed`,
    { timeout: Number(process.env.CRASH_DEADLINE_MS ?? 90_000) + 15_000 },
    async () => {
      const SINGLES = COUNT[storeName]!;
      const RELEASES = SINGLES + BATCHED[storeName]!;
      // a multi-release batch is one job and one remote batch, but a delivery record per release
      const JOBS = SINGLES + BATCHED[storeName]! / PER_BATCH;
      const dataDir = mkdtempSync(join(tmpdir(), 'distro-crash-'));
      const setup = await STORES[storeName]!(dataDir);
      const h = await harness({ store: setup.store, deliveryAttempts: 30 });
      const remote = join(env.DDEX_TEST_SFTP_DIR!, `crash-${storeName}-${process.pid}-${Date.now().toString(36)}`);
      const children = new Set<ChildProcess>();
      try {
        // the releases, each with a stored track and a cover, and one SFTP target
        for (let i = 1; i <= RELEASES; i++) {
          const release = album({ id: `rel-crash-${i}` });
          release.metadata.barcode = gtin(i);
          for (const t of [0]) {
            await h.store.assets.put('tenant-a', `up/${i}/${t}.flac`, audio(i, t));
            release.assets.audio[t].storageKey = `up/${i}/${t}.flac`;
          }
          await h.store.assets.put('tenant-a', `up/${i}/cover.jpg`, cover(i));
          release.assets.images[0].storageKey = `up/${i}/cover.jpg`;
          await h.services.releases.create(systemPrincipal('tenant-a'), release);
        }
        const target = await h.call('POST', '/api/targets', {
          key: h.a.manager,
          body: {
            id: 'sshd',
            name: 'sshd',
            type: 'DSP',
            protocol: 'SFTP',
            config: {
              host: env.DDEX_TEST_SFTP_HOST,
              port: Number(env.DDEX_TEST_SFTP_PORT ?? 22),
              username: env.DDEX_TEST_SFTP_USER ?? 'root',
              privateKey: readFileSync(env.DDEX_TEST_SFTP_KEY!, 'utf8'),
              hostFingerprint: env.DDEX_TEST_SFTP_HOST_FINGERPRINT,
              directory: remote,
            },
            recipient: { dpid: 'PADPIDA20270101024', name: 'SFTP DSP' },
          },
        });
        expect(target.status).toBe(201);
        const ids: string[] = [];
        for (let i = 1; i <= SINGLES; i++) {
          const res = await h.call('POST', '/api/deliveries', {
            key: h.a.manager,
            body: { releaseId: `rel-crash-${i}`, targetId: 'sshd' },
          });
          expect(res.status).toBe(201);
          ids.push((await res.json()).id);
        }
        for (let i = SINGLES + 1; i <= RELEASES; i += PER_BATCH) {
          const releaseIds = Array.from({ length: PER_BATCH }, (_, k) => `rel-crash-${i + k}`);
          const res = await h.call('POST', '/api/deliveries', {
            key: h.a.manager,
            body: { releaseIds, targetId: 'sshd' },
          });
          expect(res.status).toBe(201);
          const batch = (await res.json()) as { batch: { deliveryIds: string[] } };
          expect(batch.batch.deliveryIds).toHaveLength(PER_BATCH);
          ids.push(...batch.batch.deliveryIds);
        }

        // worker processes, killed at random remote operations and replaced
        let kills = 0;
        let stderr = '';
        const spawnWorker = () => {
          const child = spawn(process.execPath, [CHILD], {
            cwd: ROOT,
            stdio: ['ignore', 'pipe', 'pipe'],
            env: { ...process.env, ...setup.childEnv, DDEX_CRASH_DATA: dataDir, DDEX_CRASH_LEASE_MS: '3000' },
          });
          children.add(child);
          child.stderr!.on('data', (d: Buffer) => {
            stderr += d.toString();
          });
          child.stdout!.on('data', (d: Buffer) => {
            if (kills >= MAX_KILLS || child.killed || !d.toString().includes('op ')) return;
            if (Math.random() < KILL_CHANCE) {
              kills++;
              child.kill('SIGKILL');
            }
          });
          child.on('exit', (_code, signal) => {
            children.delete(child);
            if (signal === 'SIGKILL' && kills <= MAX_KILLS) spawnWorker();
          });
        };
        for (let w = 0; w < WORKERS; w++) spawnWorker();

        const deadline = Date.now() + Number(process.env.CRASH_DEADLINE_MS ?? 90_000);
        let open = ids.length;
        while (open > 0 && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 250));
          const page = await h.store.deliveries.list('tenant-a', { status: ['completed'], limit: 200 });
          open = ids.length - page.items.filter((d) => ids.includes(d.id)).length;
        }
        // a worker slowed past its lease loses the job to another one: expected, and harmless
        expect(stderr.split('\n').filter((l) => l && !l.includes('LEASE_LOST'))).toEqual([]);
        if (open > 0) {
          // say why: the log of one delivery that did not complete
          const stuck = (await h.store.deliveries.list('tenant-a', { limit: 200 })).items.find(
            (d) => d.status !== 'completed',
          )!;
          const logs = await h.store.deliveries.listLogs('tenant-a', stuck.id, { limit: 50 });
          expect.fail(
            `${open} deliveries open; ${stuck.id} ${stuck.status}: ${logs.items.map((l) => l.message).join(' | ')}`,
          );
        }
        expect(kills).toBeGreaterThanOrEqual(MAX_KILLS / 2);

        // the store: every delivery completed, every job completed, killed attempts recorded as interrupted
        let interrupted = 0;
        for (const id of ids) {
          const d = await h.store.deliveries.get('tenant-a', id);
          expect(d.status).toBe('completed');
          const attempts = await h.store.deliveries.listAttempts('tenant-a', id);
          expect(attempts.at(-1)?.status).toBe('succeeded');
          expect(attempts.filter((a) => a.status === 'running')).toEqual([]);
          interrupted += attempts.filter((a) => a.error?.code === 'INTERRUPTED').length;
        }
        expect(interrupted).toBeGreaterThan(0);
        const jobs = await h.store.queue.list('tenant-a', { limit: 100 });
        expect(jobs.items).toHaveLength(JOBS);
        expect(jobs.items.every((j) => j.status === 'completed')).toBe(true);

        // the remote: one complete batch per delivery (one release, or PER_BATCH of them), nothing else
        const batches = readdirSync(remote);
        expect(batches).toHaveLength(JOBS);
        const seen = new Map<string, string>();
        let multi = 0;
        for (const batch of batches) {
          expect(batch).toMatch(/^\d{17}$/);
          const folder = join(remote, batch);
          const entries = readdirSync(folder).sort();
          expect(entries).toContain(`BatchComplete_${batch}.xml`);
          const upcs = entries.filter((e) => !e.startsWith('BatchComplete'));
          expect(upcs.length === 1 || upcs.length === PER_BATCH, `batch ${batch}: ${entries.join(', ')}`).toBe(true);
          const batchIndexes = upcs.map((upc) => Number(upc.slice(6, 12)));
          if (upcs.length > 1) {
            multi++;
            // a multi-release batch holds exactly the releases queued together, all of them
            expect(batchIndexes.every((i) => i > SINGLES)).toBe(true);
            expect(Math.min(...batchIndexes) % PER_BATCH).toBe((SINGLES + 1) % PER_BATCH);
            expect(Math.max(...batchIndexes) - Math.min(...batchIndexes)).toBe(PER_BATCH - 1);
          } else expect(batchIndexes[0]).toBeLessThanOrEqual(SINGLES);
          const manifest = readFileSync(join(folder, `BatchComplete_${batch}.xml`), 'utf8');
          for (const upc of upcs) checkRelease(folder, batch, upc, manifest);
        }
        expect(multi).toBe(BATCHED[storeName]! / PER_BATCH);
        expect([...seen.keys()].sort()).toEqual(Array.from({ length: RELEASES }, (_, k) => gtin(k + 1)).sort());
        expect(existsSync(remote) && statSync(remote).isDirectory()).toBe(true);

        /** One release's folder in a batch: its files byte for byte, named in the batch's manifest with its MD5. */
        function checkRelease(folder: string, batch: string, upc: string, manifest: string): void {
          expect(seen.has(upc), `${upc} delivered twice (${seen.get(upc)} and ${batch})`).toBe(false);
          seen.set(upc, batch);
          const i = Number(upc.slice(6, 12));
          const files = readdirSync(join(folder, upc), { recursive: true }).map(String).sort();
          expect(files).toEqual([`${upc}.xml`, 'resources', `resources/${upc}.jpg`, `resources/${upc}_01_001.flac`]);
          expect(readFileSync(join(folder, upc, `resources/${upc}_01_001.flac`)).equals(audio(i, 0))).toBe(true);
          expect(readFileSync(join(folder, upc, `resources/${upc}.jpg`)).equals(cover(i))).toBe(true);
          const ern = readFileSync(join(folder, upc, `${upc}.xml`));
          expect(manifest).toContain(`<URL>${upc}/${upc}.xml</URL>`);
          expect(manifest).toContain(`<HashSum>${md5(ern)}</HashSum>`);
          expect(ern.toString()).toContain(`${upc}_01_001.flac`);
        }
      } finally {
        for (const child of children) child.kill('SIGKILL');
        await h.store.close();
        await setup.cleanup();
        rmSync(dataDir, { recursive: true, force: true });
        rmSync(remote, { recursive: true, force: true });
      }
    },
  );
});
