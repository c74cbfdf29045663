// The contract suite must fail for broken stores: run it, through a fake vitest API, against deliberately broken
// wrappers of the memory store, and check that the expected tests fail.
import { type CatalogStore, isCatalogStoreError, memoryStore } from '@ddex/catalog-store';
import { describeCatalogStore, type VitestApi } from '@ddex/catalog-store/testing';
import { describe, expect, it } from 'vitest';

type Fn = () => unknown;

async function runSuite(create: (clock: () => number) => CatalogStore): Promise<Map<string, boolean>> {
  const tests: { name: string; fn: Fn }[] = [];
  const before: Fn[] = [];
  const after: Fn[] = [];
  const fakeIt = Object.assign((name: string, fn: Fn) => void tests.push({ name, fn }), { skip: () => undefined });
  const fake = {
    describe: (_: string, fn: Fn) => fn(),
    it: fakeIt,
    expect,
    beforeEach: (fn: Fn) => void before.push(fn),
    afterEach: (fn: Fn) => void after.push(fn),
  } as unknown as VitestApi;
  describeCatalogStore({ name: 'mutant', vitest: fake, create: ({ clock }) => create(clock) });
  const passed = new Map<string, boolean>();
  for (const t of tests) {
    let ok = true;
    try {
      for (const b of before) await b();
      await t.fn();
    } catch {
      ok = false;
    } finally {
      for (const a of after) await a();
    }
    passed.set(t.name, ok);
  }
  return passed;
}

const failing = (results: Map<string, boolean>) => [...results].filter(([, ok]) => !ok).map(([name]) => name);

describe('the contract suite catches broken stores', () => {
  it('passes the reference store', async () => {
    expect(failing(await runSuite((clock) => memoryStore({ clock })))).toEqual([]);
  });

  it('catches a release read that leaks across tenants', async () => {
    const results = await runSuite((clock) => {
      const s = memoryStore({ clock });
      const get = s.releases.get.bind(s.releases);
      s.releases.get = (t, id) =>
        get(t, id).catch((e) => (isCatalogStoreError(e, 'NOT_FOUND') ? get('tenant-a', id) : Promise.reject(e)));
      return s;
    });
    expect(failing(results)).toContain(
      'isolation > releases: same ids live side by side; B cannot get, update, archive, delete, list, search or look up A',
    );
  });

  it('catches a code lookup that ignores padding or leaks across tenants', async () => {
    const results = await runSuite((clock) => {
      const s = memoryStore({ clock });
      const find = s.releases.findByCode.bind(s.releases);
      // upc: searches every tenant; grid: only finds codes written exactly as stored
      s.releases.findByCode = async (t, kind, code) => {
        if (kind === 'upc') return [...(await find('tenant-a', kind, code)), ...(await find('tenant-b', kind, code))];
        if (kind === 'grid') return /^[A-Z0-9]+$/.test(code) ? find(t, kind, code) : [];
        return find(t, kind, code);
      };
      return s;
    });
    expect(failing(results)).toEqual(
      expect.arrayContaining([
        'isolation > releases: same ids live side by side; B cannot get, update, archive, delete, list, search or look up A',
        'releases > findByCode finds releases by UPC/EAN whatever the padding, GRid and track ISRC',
      ]),
    );
  });

  it('catches a store without optimistic concurrency', async () => {
    const results = await runSuite((clock) => {
      const s = memoryStore({ clock });
      const update = s.releases.update.bind(s.releases);
      s.releases.update = (t, id, r) => update(t, id, r);
      return s;
    });
    expect(failing(results)).toEqual(
      expect.arrayContaining([
        'releases > update with a stale version fails with CONFLICT and changes nothing',
        'releases > concurrent updates from the same version: exactly one wins',
      ]),
    );
  });

  it('catches a queue that lets a stale lease holder complete', async () => {
    const results = await runSuite((clock) => {
      const s = memoryStore({ clock });
      const complete = s.queue.complete.bind(s.queue);
      s.queue.complete = (t, id, token, result) =>
        complete(t, id, token, result).catch((e) =>
          isCatalogStoreError(e, 'LEASE_LOST') ? s.queue.get(t, id) : Promise.reject(e),
        );
      return s;
    });
    expect(failing(results)).toEqual(
      expect.arrayContaining([
        'queue > claim leases the oldest due job; it is invisible to others until the lease expires',
        'queue > concurrent claimers with crashing workers: expired leases are reclaimed, each job completes once',
      ]),
    );
  });

  it('catches a queue that hands a leased job to a second claimer', async () => {
    const results = await runSuite((clock) => {
      const s = memoryStore({ clock });
      const claim = s.queue.claim.bind(s.queue);
      let last: Awaited<ReturnType<typeof claim>> = [];
      s.queue.claim = async (scope, o) => {
        const jobs = await claim(scope, o);
        if (jobs.length === 0 && last.length > 0) return last;
        last = jobs;
        return jobs;
      };
      return s;
    });
    expect(failing(results)).toContain('queue > concurrent claimers: every job runs exactly once, nothing is lost');
  });

  it('catches lost pages and unchecked asset keys', async () => {
    const results = await runSuite((clock) => {
      const s = memoryStore({ clock });
      const list = s.releases.list.bind(s.releases);
      s.releases.list = async (t, q) => ({ ...(await list(t, q)), nextCursor: null });
      const put = s.assets.put.bind(s.assets);
      s.assets.put = (t, k, b, o) => (k.startsWith('../') ? put(t, k.slice(3), b, o) : put(t, k, b, o));
      return s;
    });
    expect(failing(results)).toEqual(
      expect.arrayContaining([
        'releases > list pages newest first by default and oldest first with order asc',
        'releases > pagination is stable under concurrent inserts',
        'assets > keys with .., absolute paths, NUL or nothing are rejected with INVALID_KEY',
      ]),
    );
  });
});
