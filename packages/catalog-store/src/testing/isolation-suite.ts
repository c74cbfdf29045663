import { ALL_TENANTS } from '@ddex/catalog-store';
import { expectCode } from './expect-error';
import { makeRelease, makeTarget } from './fixtures';
import type { SuiteContext } from './harness';

/** Cross-tenant isolation of every method: tenant B can never read or change tenant A's data. @internal */
export function isolationTests(ctx: SuiteContext): void {
  const { expect } = ctx.vitest;
  const g = 'isolation';
  const A = ctx.tenantA;
  const B = ctx.tenantB;

  ctx.test(
    g,
    'releases: same ids live side by side; B cannot get, update, archive, delete, list, search or look up A',
    async () => {
      await ctx.store.releases.create(
        A,
        makeRelease(1, { title: 'Secret Album', catalogNumber: 'SECRET-1', isrcs: ['QZES72799999'] }),
      );
      await ctx.store.releases.create(A, makeRelease(2, { title: 'Only In A' }));
      await ctx.store.releases.create(B, makeRelease(1, { title: 'Public Album' }));
      await expectCode(ctx.store.releases.get(B, 'rel-00002'), 'NOT_FOUND');
      expect(await ctx.store.releases.find(B, 'rel-00002')).toBeNull();
      await expectCode(ctx.store.releases.update(B, 'rel-00002', makeRelease(2)), 'NOT_FOUND');
      await expectCode(ctx.store.releases.archive(B, 'rel-00002'), 'NOT_FOUND');
      await expectCode(ctx.store.releases.delete(B, 'rel-00002'), 'NOT_FOUND');
      // writing B's own rel-00001 leaves A's untouched
      await ctx.store.releases.update(B, 'rel-00001', makeRelease(1, { title: 'Public Album 2' }), {
        expectedVersion: 1,
      });
      await ctx.store.releases.archive(B, 'rel-00001');
      await ctx.store.releases.delete(B, 'rel-00001');
      const a1 = await ctx.store.releases.get(A, 'rel-00001');
      expect(a1).toMatchObject({ version: 1, release: { status: 'draft', metadata: { title: 'Secret Album' } } });
      expect((await ctx.store.releases.list(B)).items).toEqual([]);
      expect((await ctx.store.releases.list(B, { text: 'secret' })).items).toEqual([]);
      for (const q of ['secret', 'SECRET-1', 'QZES72799999', 'only'])
        expect(await ctx.store.releases.search(B, q)).toEqual([]);
      expect(await ctx.store.releases.findByCode(B, 'isrc', 'QZES72799999')).toEqual([]);
      const upc = (await ctx.store.releases.get(A, 'rel-00002')).release.metadata.barcode!;
      expect(await ctx.store.releases.findByCode(B, 'upc', upc)).toEqual([]);
      expect(await ctx.store.releases.findByCode(A, 'upc', upc)).toHaveLength(1);
      expect((await ctx.store.releases.list(A)).items).toHaveLength(2);
      // a cursor from A's listing does not open A's rows to B
      const pageA = await ctx.store.releases.list(A, { limit: 1 });
      expect((await ctx.store.releases.list(B, { cursor: pageA.nextCursor })).items).toEqual([]);
    },
  );

  ctx.test(g, 'assets: the same key holds different files per tenant', async () => {
    await ctx.store.assets.put(A, 'cover.jpg', 'A-cover');
    await ctx.store.assets.put(A, 'only-a.txt', 'A');
    expect(await ctx.store.assets.stat(B, 'only-a.txt')).toBeNull();
    await expectCode(ctx.store.assets.get(B, 'only-a.txt'), 'NOT_FOUND');
    expect(await ctx.store.assets.delete(B, 'only-a.txt')).toBe(false);
    expect((await ctx.store.assets.list(B)).items).toEqual([]);
    await ctx.store.assets.put(B, 'cover.jpg', 'B-cover!');
    expect((await ctx.store.assets.stat(A, 'cover.jpg'))?.size).toBe(7);
    expect((await ctx.store.assets.stat(B, 'cover.jpg'))?.size).toBe(8);
    expect(await ctx.store.assets.delete(B, 'cover.jpg')).toBe(true);
    expect(await ctx.store.assets.stat(A, 'cover.jpg')).not.toBeNull();
    expect(await ctx.store.assets.stat(A, 'only-a.txt')).not.toBeNull();
    if (ctx.store.assets.signedUrl) {
      const url = await ctx.store.assets.signedUrl(B, 'only-a.txt', { expiresIn: 60 });
      expect((await fetch(url)).status).not.toBe(200);
    }
  });

  ctx.test(g, 'targets and deliveries: B cannot see or use A’s, nor point a delivery at them', async () => {
    await ctx.store.releases.create(A, makeRelease(1));
    await ctx.store.targets.create(A, makeTarget('dsp'));
    await ctx.store.deliveries.create(A, { id: 'd1', releaseId: 'rel-00001', targetId: 'dsp' });
    await ctx.store.deliveries.startAttempt(A, 'd1');
    await expectCode(ctx.store.targets.get(B, 'dsp'), 'NOT_FOUND');
    await expectCode(ctx.store.targets.update(B, 'dsp', makeTarget('dsp')), 'NOT_FOUND');
    await expectCode(ctx.store.targets.delete(B, 'dsp'), 'NOT_FOUND');
    expect((await ctx.store.targets.list(B)).items).toEqual([]);
    await expectCode(ctx.store.deliveries.create(B, { releaseId: 'rel-00001', targetId: 'dsp' }), 'NOT_FOUND');
    await ctx.store.releases.create(B, makeRelease(1));
    await expectCode(ctx.store.deliveries.create(B, { releaseId: 'rel-00001', targetId: 'dsp' }), 'NOT_FOUND');
    await expectCode(ctx.store.deliveries.get(B, 'd1'), 'NOT_FOUND');
    await expectCode(ctx.store.deliveries.update(B, 'd1', { status: 'cancelled' }), 'NOT_FOUND');
    expect((await ctx.store.deliveries.list(B)).items).toEqual([]);
    await expectCode(ctx.store.deliveries.startAttempt(B, 'd1'), 'NOT_FOUND');
    await expectCode(ctx.store.deliveries.finishAttempt(B, 'd1', 1, { status: 'succeeded' }), 'NOT_FOUND');
    await expectCode(ctx.store.deliveries.listAttempts(B, 'd1'), 'NOT_FOUND');
    await expectCode(ctx.store.deliveries.appendLog(B, 'd1', { level: 'info', message: 'x' }), 'NOT_FOUND');
    await expectCode(ctx.store.deliveries.listLogs(B, 'd1'), 'NOT_FOUND');
    await expectCode(ctx.store.deliveries.addReceipt(B, 'd1', {}), 'NOT_FOUND');
    await expectCode(ctx.store.deliveries.listReceipts(B, 'd1'), 'NOT_FOUND');
    expect(await ctx.store.deliveries.get(A, 'd1')).toMatchObject({ status: 'queued', attemptCount: 1 });
    expect((await ctx.store.deliveries.listAttempts(A, 'd1'))[0]?.status).toBe('running');
  });

  ctx.test(
    g,
    'queue: B cannot claim, read, heartbeat, complete, fail or requeue A’s jobs, even with the token',
    async () => {
      const job = await ctx.store.queue.enqueue(A, { kind: 'deliver', maxAttempts: 1, dedupeKey: 'k' });
      expect(await ctx.store.queue.claim(B, { workerId: 'w', leaseMs: 1000 })).toEqual([]);
      await expectCode(ctx.store.queue.get(B, job.id), 'NOT_FOUND');
      expect((await ctx.store.queue.list(B)).items).toEqual([]);
      const [c] = await ctx.store.queue.claim(A, { workerId: 'w', leaseMs: 1000 });
      await expectCode(ctx.store.queue.heartbeat(B, job.id, c!.leaseToken, 1000), 'NOT_FOUND');
      await expectCode(ctx.store.queue.complete(B, job.id, c!.leaseToken), 'NOT_FOUND');
      await expectCode(ctx.store.queue.fail(B, job.id, c!.leaseToken, { error: 'x', permanent: true }), 'NOT_FOUND');
      await ctx.store.queue.fail(A, job.id, c!.leaseToken, { error: 'x', permanent: true });
      await expectCode(ctx.store.queue.requeue(B, job.id), 'NOT_FOUND');
      expect((await ctx.store.queue.get(A, job.id)).status).toBe('dead');
      expect((await ctx.store.queue.enqueue(B, { kind: 'deliver', dedupeKey: 'k' })).id).not.toBe(job.id);
      const all = await ctx.store.queue.claim(ALL_TENANTS, { workerId: 'w', leaseMs: 1000, limit: 10 });
      expect(all.map((j) => j.tenantId)).toEqual([B]);
    },
  );

  ctx.test(g, 'users, API keys and audit: B cannot read or change A’s', async () => {
    await ctx.store.users.create(A, { id: 'u1', email: 'ana@example.com', role: 'owner' });
    await expectCode(ctx.store.users.get(B, 'u1'), 'NOT_FOUND');
    expect(await ctx.store.users.findByEmail(B, 'ana@example.com')).toBeNull();
    await expectCode(ctx.store.users.update(B, 'u1', { role: 'viewer' }), 'NOT_FOUND');
    await expectCode(ctx.store.users.delete(B, 'u1'), 'NOT_FOUND');
    expect((await ctx.store.users.list(B)).items).toEqual([]);
    const sameEmail = await ctx.store.users.create(B, { id: 'u1', email: 'ana@example.com', role: 'viewer' });
    expect(sameEmail.tenantId).toBe(B);
    expect((await ctx.store.users.get(A, 'u1')).role).toBe('owner');

    const { key, secret } = await ctx.store.apiKeys.create(A, { name: 'a-key' });
    await expectCode(ctx.store.apiKeys.get(B, key.id), 'NOT_FOUND');
    await expectCode(ctx.store.apiKeys.revoke(B, key.id), 'NOT_FOUND');
    expect((await ctx.store.apiKeys.list(B)).items).toEqual([]);
    expect((await ctx.store.apiKeys.authenticate(secret))?.tenantId).toBe(A);

    await ctx.store.audit.append(A, { actor: 'u1', action: 'release.delete', subjectId: 'rel-1' });
    expect((await ctx.store.audit.list(B)).items).toEqual([]);
    expect((await ctx.store.audit.list(B, { subjectId: 'rel-1' })).items).toEqual([]);
  });
}
