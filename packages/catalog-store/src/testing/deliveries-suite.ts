import { collectPages, expectCode } from './expect-error';
import { makeRelease, makeTarget } from './fixtures';
import type { SuiteContext } from './harness';

/** Delivery target and delivery tests. @internal */
export function deliveryTests(ctx: SuiteContext): void {
  const { expect } = ctx.vitest;
  const A = ctx.tenantA;

  ctx.test('targets', 'create, get, update with versions, list with active filter, delete', async () => {
    const t = await ctx.store.targets.create(A, makeTarget('spotify'));
    expect(t).toMatchObject({ tenantId: A, id: 'spotify', version: 1 });
    expect(t.target.tenantId).toBe(A);
    await expectCode(ctx.store.targets.create(A, makeTarget('spotify')), 'ALREADY_EXISTS');
    expect((await ctx.store.targets.get(A, 'spotify')).target.config).toEqual({ host: 'dsp.example', port: 22 });
    const u = await ctx.store.targets.update(A, 'spotify', makeTarget('spotify', { active: false }), {
      expectedVersion: 1,
    });
    expect(u.version).toBe(2);
    await expectCode(ctx.store.targets.update(A, 'spotify', makeTarget('spotify'), { expectedVersion: 1 }), 'CONFLICT');
    await expectCode(ctx.store.targets.update(A, 'spotify', makeTarget('other')), 'INVALID_ARGUMENT');
    await ctx.store.targets.create(A, makeTarget('deezer'));
    await ctx.store.targets.create(A, makeTarget('apple'));
    const all = await collectPages((cursor) => ctx.store.targets.list(A, { limit: 2, cursor }));
    expect(all.map((x) => x.id)).toEqual(['spotify', 'deezer', 'apple']);
    expect((await ctx.store.targets.list(A, { active: true })).items.map((x) => x.id)).toEqual(['deezer', 'apple']);
    expect((await ctx.store.targets.list(A, { active: false })).items.map((x) => x.id)).toEqual(['spotify']);
    await expectCode(ctx.store.targets.delete(A, 'deezer', { expectedVersion: 9 }), 'CONFLICT');
    await ctx.store.targets.delete(A, 'deezer');
    await expectCode(ctx.store.targets.get(A, 'deezer'), 'NOT_FOUND');
    await expectCode(ctx.store.targets.delete(A, 'deezer'), 'NOT_FOUND');
    await expectCode(ctx.store.targets.create('no-such-tenant', makeTarget('x')), 'NOT_FOUND');
  });

  const setup = async () => {
    await ctx.store.releases.create(A, makeRelease(1));
    await ctx.store.targets.create(A, makeTarget('dsp'));
  };

  ctx.test('deliveries', 'create needs the release and target of the same tenant', async () => {
    await setup();
    await expectCode(ctx.store.deliveries.create(A, { releaseId: 'nope', targetId: 'dsp' }), 'NOT_FOUND');
    await expectCode(ctx.store.deliveries.create(A, { releaseId: 'rel-00001', targetId: 'nope' }), 'NOT_FOUND');
    const d = await ctx.store.deliveries.create(A, {
      id: 'd1',
      releaseId: 'rel-00001',
      targetId: 'dsp',
      kind: 'Update',
    });
    expect(d).toMatchObject({
      tenantId: A,
      id: 'd1',
      releaseId: 'rel-00001',
      targetId: 'dsp',
      kind: 'Update',
      status: 'queued',
      package: null,
      attemptCount: 0,
      version: 1,
      error: null,
    });
    await expectCode(
      ctx.store.deliveries.create(A, { id: 'd1', releaseId: 'rel-00001', targetId: 'dsp' }),
      'ALREADY_EXISTS',
    );
    const generated = await ctx.store.deliveries.create(A, { releaseId: 'rel-00001', targetId: 'dsp' });
    expect(generated.id).toMatch(/./);
    expect(generated.kind).toBe('NewRelease');
    expect(await ctx.store.deliveries.get(A, 'd1')).toEqual(d);
  });

  ctx.test('deliveries', 'keep the priority they were queued with (normal by default)', async () => {
    await setup();
    const high = await ctx.store.deliveries.create(A, {
      id: 'p1',
      releaseId: 'rel-00001',
      targetId: 'dsp',
      priority: 'high',
    });
    expect(high.priority).toBe('high');
    const plain = await ctx.store.deliveries.create(A, { id: 'p2', releaseId: 'rel-00001', targetId: 'dsp' });
    expect(plain.priority).toBe('normal');
    expect((await ctx.store.deliveries.update(A, 'p1', { status: 'failed' })).priority).toBe('high');
    expect((await ctx.store.deliveries.get(A, 'p1')).priority).toBe('high');
    expect((await ctx.store.deliveries.list(A)).items.map((d) => d.priority)).toEqual(['normal', 'high']);
    await expectCode(
      ctx.store.deliveries.create(A, {
        releaseId: 'rel-00001',
        targetId: 'dsp',
        priority: 'asap' as unknown as 'high',
      }),
      'INVALID_ARGUMENT',
    );
  });

  ctx.test('deliveries', 'keep the idempotency key they were queued with and list by it', async () => {
    await setup();
    const key = 'req-7f3a';
    const first = await ctx.store.deliveries.create(A, {
      id: 'k1',
      releaseId: 'rel-00001',
      targetId: 'dsp',
      idempotencyKey: key,
    });
    expect(first.idempotencyKey).toBe(key);
    await ctx.store.deliveries.create(A, { id: 'k2', releaseId: 'rel-00001', targetId: 'dsp', idempotencyKey: key });
    const plain = await ctx.store.deliveries.create(A, { id: 'k3', releaseId: 'rel-00001', targetId: 'dsp' });
    expect(plain.idempotencyKey).toBeNull();
    const updated = await ctx.store.deliveries.update(A, 'k1', { status: 'failed' });
    expect(updated.idempotencyKey).toBe(key);
    expect((await ctx.store.deliveries.get(A, 'k2')).idempotencyKey).toBe(key);
    const listed = await ctx.store.deliveries.list(A, { idempotencyKey: key });
    expect(listed.items.map((d) => d.id)).toEqual(['k2', 'k1']);
    expect((await ctx.store.deliveries.list(A, { idempotencyKey: 'other' })).items).toEqual([]);
    await expectCode(
      ctx.store.deliveries.create(A, { releaseId: 'rel-00001', targetId: 'dsp', idempotencyKey: '' }),
      'INVALID_ARGUMENT',
    );
  });

  ctx.test('deliveries', 'update changes status and package with optimistic concurrency', async () => {
    await setup();
    await ctx.store.deliveries.create(A, { id: 'd1', releaseId: 'rel-00001', targetId: 'dsp' });
    const pkg = { ernFile: 'pkg/d1/ern.xml', audioFiles: ['pkg/d1/1.flac'], imageFiles: [], totalSize: 1234 };
    const u = await ctx.store.deliveries.update(
      A,
      'd1',
      { status: 'delivering', package: pkg, started: '2027-01-01T00:00:00.000Z' },
      { expectedVersion: 1 },
    );
    expect(u).toMatchObject({ status: 'delivering', package: pkg, version: 2, started: '2027-01-01T00:00:00.000Z' });
    await expectCode(ctx.store.deliveries.update(A, 'd1', { status: 'failed' }, { expectedVersion: 1 }), 'CONFLICT');
    const f = await ctx.store.deliveries.update(A, 'd1', {
      status: 'failed',
      error: { code: 'AUTH', message: 'denied' },
    });
    expect(f).toMatchObject({ status: 'failed', error: { code: 'AUTH', message: 'denied' }, package: pkg, version: 3 });
    await expectCode(ctx.store.deliveries.update(A, 'nope', { status: 'failed' }), 'NOT_FOUND');
  });

  ctx.test('deliveries', 'keep the progress reading of a running package, then the final package', async () => {
    await setup();
    await ctx.store.deliveries.create(A, { id: 'd1', releaseId: 'rel-00001', targetId: 'dsp' });
    const progress = {
      files: 2,
      totalFiles: 5,
      bytes: 600_000,
      totalBytes: 1_500_000,
      currentFile: '20270101000000000/0000/resources/0000_01_003.flac',
      at: '2027-01-01T00:00:01.000Z',
    };
    const running = { ernFile: 'pkg/d1/ern.xml', audioFiles: [], imageFiles: [], totalSize: 1_500_000, progress };
    await ctx.store.deliveries.update(A, 'd1', { status: 'delivering', package: running });
    expect((await ctx.store.deliveries.get(A, 'd1')).package).toEqual(running);
    expect((await ctx.store.deliveries.list(A, { status: 'delivering' })).items[0]!.package).toEqual(running);
    const { currentFile: _, ...last } = { ...progress, files: 5, bytes: 1_500_000 };
    const done = { ...running, audioFiles: ['a.flac'], progress: last };
    await ctx.store.deliveries.update(A, 'd1', { status: 'completed', package: done });
    const got = await ctx.store.deliveries.get(A, 'd1');
    expect(got.package).toEqual(done);
    expect(got.package!.progress).not.toHaveProperty('currentFile');
    await ctx.store.deliveries.update(A, 'd1', { status: 'failed', package: null });
    expect((await ctx.store.deliveries.get(A, 'd1')).package).toBeNull();
  });

  ctx.test('deliveries', 'list newest first with release, target and status filters', async () => {
    await setup();
    await ctx.store.releases.create(A, makeRelease(2));
    await ctx.store.targets.create(A, makeTarget('dsp2'));
    await ctx.store.deliveries.create(A, { id: 'd1', releaseId: 'rel-00001', targetId: 'dsp' });
    await ctx.store.deliveries.create(A, { id: 'd2', releaseId: 'rel-00002', targetId: 'dsp' });
    await ctx.store.deliveries.create(A, { id: 'd3', releaseId: 'rel-00001', targetId: 'dsp2' });
    await ctx.store.deliveries.update(A, 'd2', { status: 'completed' });
    const ids = async (q: Parameters<typeof ctx.store.deliveries.list>[1]) =>
      (await ctx.store.deliveries.list(A, q)).items.map((d) => d.id);
    expect(await ids({})).toEqual(['d3', 'd2', 'd1']);
    expect(await ids({ releaseId: 'rel-00001' })).toEqual(['d3', 'd1']);
    expect(await ids({ targetId: 'dsp' })).toEqual(['d2', 'd1']);
    expect(await ids({ status: 'completed' })).toEqual(['d2']);
    expect(await ids({ status: ['queued', 'failed'] })).toEqual(['d3', 'd1']);
    const paged = await collectPages((cursor) => ctx.store.deliveries.list(A, { limit: 1, cursor }));
    expect(paged.map((d) => d.id)).toEqual(['d3', 'd2', 'd1']);
  });

  ctx.test(
    'deliveries',
    'recurrence and batch are kept, default to null, and the recurrence can be ended',
    async () => {
      await setup();
      await ctx.store.releases.create(A, makeRelease(2));
      const plain = await ctx.store.deliveries.create(A, { id: 'd0', releaseId: 'rel-00001', targetId: 'dsp' });
      expect(plain).toMatchObject({ recurrence: null, batch: null });
      const recurrence = {
        frequency: 'weekly' as const,
        interval: 2,
        until: '2028-01-01T00:00:00.000Z',
        seriesId: 'd1',
        run: 1,
      };
      const batch = { deliveryIds: ['d1', 'd2'] };
      const d1 = await ctx.store.deliveries.create(A, {
        id: 'd1',
        releaseId: 'rel-00001',
        targetId: 'dsp',
        recurrence,
        batch,
      });
      await ctx.store.deliveries.create(A, { id: 'd2', releaseId: 'rel-00002', targetId: 'dsp', recurrence, batch });
      expect(d1).toMatchObject({ recurrence, batch });
      expect(await ctx.store.deliveries.get(A, 'd2')).toMatchObject({ recurrence, batch });
      // a patch without the field keeps it; another run number replaces it; null ends the series
      const kept = await ctx.store.deliveries.update(A, 'd1', { status: 'processing' });
      expect(kept).toMatchObject({ recurrence, batch, version: 2 });
      const next = await ctx.store.deliveries.update(A, 'd1', { recurrence: { ...recurrence, until: null, run: 3 } });
      expect(next.recurrence).toEqual({ ...recurrence, until: null, run: 3 });
      const ended = await ctx.store.deliveries.update(A, 'd1', { recurrence: null }, { expectedVersion: 3 });
      expect(ended).toMatchObject({ recurrence: null, batch, status: 'processing', version: 4 });
      expect((await ctx.store.deliveries.list(A, { releaseId: 'rel-00002' })).items[0]).toMatchObject({ batch });
      await expectCode(
        ctx.store.deliveries.update(A, 'd1', { recurrence: { ...recurrence, frequency: 'yearly' as 'daily' } }),
        'INVALID_ARGUMENT',
      );
      await expectCode(
        ctx.store.deliveries.create(A, { releaseId: 'rel-00001', targetId: 'dsp', batch: { deliveryIds: [] } }),
        'INVALID_ARGUMENT',
      );
      await expectCode(
        ctx.store.deliveries.create(A, {
          releaseId: 'rel-00001',
          targetId: 'dsp',
          recurrence: { ...recurrence, run: 0 },
        }),
        'INVALID_ARGUMENT',
      );
    },
  );

  ctx.test('deliveries', 'acknowledged and rejected are states of their own', async () => {
    await setup();
    await ctx.store.deliveries.create(A, { id: 'd1', releaseId: 'rel-00001', targetId: 'dsp' });
    await ctx.store.deliveries.create(A, { id: 'd2', releaseId: 'rel-00001', targetId: 'dsp' });
    await ctx.store.deliveries.update(A, 'd1', { status: 'acknowledged' });
    await ctx.store.deliveries.update(A, 'd2', {
      status: 'rejected',
      error: { code: 'DSP_REJECTED', message: 'cover art too small' },
    });
    expect((await ctx.store.deliveries.get(A, 'd2')).status).toBe('rejected');
    const ids = async (status: 'acknowledged' | 'rejected') =>
      (await ctx.store.deliveries.list(A, { status })).items.map((d) => d.id);
    expect(await ids('acknowledged')).toEqual(['d1']);
    expect(await ids('rejected')).toEqual(['d2']);
  });

  ctx.test('deliveries', 'attempts are numbered, finished once, and counted', async () => {
    await setup();
    await ctx.store.deliveries.create(A, { id: 'd1', releaseId: 'rel-00001', targetId: 'dsp' });
    const a1 = await ctx.store.deliveries.startAttempt(A, 'd1');
    expect(a1).toMatchObject({ number: 1, status: 'running', finishedAt: null, error: null });
    const f1 = await ctx.store.deliveries.finishAttempt(A, 'd1', 1, {
      status: 'failed',
      error: { code: 'CONNECT', message: 'refused' },
    });
    expect(f1).toMatchObject({ number: 1, status: 'failed', error: { code: 'CONNECT', message: 'refused' } });
    expect(f1.finishedAt).not.toBeNull();
    await expectCode(ctx.store.deliveries.finishAttempt(A, 'd1', 1, { status: 'succeeded' }), 'CONFLICT');
    await expectCode(ctx.store.deliveries.finishAttempt(A, 'd1', 5, { status: 'succeeded' }), 'NOT_FOUND');
    const a2 = await ctx.store.deliveries.startAttempt(A, 'd1', { startedAt: '2027-01-02T00:00:00.000Z' });
    expect(a2).toMatchObject({ number: 2, startedAt: '2027-01-02T00:00:00.000Z' });
    await ctx.store.deliveries.finishAttempt(A, 'd1', 2, { status: 'succeeded' });
    const attempts = await ctx.store.deliveries.listAttempts(A, 'd1');
    expect(attempts.map((a) => [a.number, a.status])).toEqual([
      [1, 'failed'],
      [2, 'succeeded'],
    ]);
    expect((await ctx.store.deliveries.get(A, 'd1')).attemptCount).toBe(2);
    await expectCode(ctx.store.deliveries.startAttempt(A, 'nope'), 'NOT_FOUND');
  });

  ctx.test('deliveries', 'logs append in order and paginate', async () => {
    await setup();
    await ctx.store.deliveries.create(A, { id: 'd1', releaseId: 'rel-00001', targetId: 'dsp' });
    for (let i = 0; i < 5; i++) {
      await ctx.store.deliveries.appendLog(A, 'd1', {
        level: i === 4 ? 'error' : 'info',
        message: `line ${i}`,
        data: { i },
      });
    }
    const logs = await collectPages((cursor) => ctx.store.deliveries.listLogs(A, 'd1', { limit: 2, cursor }));
    expect(logs.map((l) => l.message)).toEqual(['line 0', 'line 1', 'line 2', 'line 3', 'line 4']);
    expect(logs[4]).toMatchObject({ level: 'error', data: { i: 4 } });
    await expectCode(ctx.store.deliveries.appendLog(A, 'nope', { level: 'info', message: 'x' }), 'NOT_FOUND');
  });

  ctx.test('deliveries', 'receipts are stored and listed', async () => {
    await setup();
    await ctx.store.deliveries.create(A, { id: 'd1', releaseId: 'rel-00001', targetId: 'dsp' });
    const r = await ctx.store.deliveries.addReceipt(A, 'd1', {
      id: 'ack-1',
      dspMessageId: 'MSG-1',
      acknowledgment: 'FileOK',
      body: '<Ack/>',
    });
    expect(r).toMatchObject({ id: 'ack-1', dspMessageId: 'MSG-1', acknowledgment: 'FileOK', body: '<Ack/>' });
    await ctx.store.deliveries.addReceipt(A, 'd1', { acknowledgment: 'ReleaseOK' });
    await expectCode(ctx.store.deliveries.addReceipt(A, 'd1', { id: 'ack-1' }), 'ALREADY_EXISTS');
    const list = await ctx.store.deliveries.listReceipts(A, 'd1');
    expect(list.map((x) => x.acknowledgment)).toEqual(['FileOK', 'ReleaseOK']);
  });
}
