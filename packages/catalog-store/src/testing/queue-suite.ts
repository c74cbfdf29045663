import { ALL_TENANTS, type ClaimedJob } from '@ddex/catalog-store';
import { collectPages, expectCode } from './expect-error';
import type { SuiteContext } from './harness';

/** Delivery queue tests. @internal */
export function queueTests(ctx: SuiteContext): void {
  const { expect } = ctx.vitest;
  const g = 'queue';
  const A = ctx.tenantA;
  const B = ctx.tenantB;
  const claim1 = async (worker = 'w1', leaseMs = 30_000, scope: string | typeof ALL_TENANTS = A) =>
    (await ctx.store.queue.claim(scope, { workerId: worker, leaseMs }))[0];

  ctx.test(g, 'enqueue stores a queued job with defaults; get and list read it', async () => {
    const job = await ctx.store.queue.enqueue(A, { kind: 'deliver', payload: { deliveryId: 'd1' } });
    expect(job).toMatchObject({
      tenantId: A,
      kind: 'deliver',
      payload: { deliveryId: 'd1' },
      status: 'queued',
      attempts: 0,
      maxAttempts: 5,
      runAt: new Date(ctx.clock.now).toISOString(),
      priority: 'normal',
      leaseExpiresAt: null,
      lockedBy: null,
    });
    expect(await ctx.store.queue.get(A, job.id)).toEqual(job);
    expect((await ctx.store.queue.list(A)).items).toEqual([job]);
    await expectCode(ctx.store.queue.get(A, 'nope'), 'NOT_FOUND');
    await expectCode(ctx.store.queue.enqueue(A, { kind: '' }), 'INVALID_ARGUMENT');
    await expectCode(ctx.store.queue.enqueue(A, { kind: 'x', maxAttempts: 0 }), 'INVALID_ARGUMENT');
    await expectCode(ctx.store.queue.enqueue('no-such-tenant', { kind: 'x' }), 'NOT_FOUND');
  });

  ctx.test(g, 'enqueue with a dedupe key returns the existing job', async () => {
    const a = await ctx.store.queue.enqueue(A, { kind: 'deliver', dedupeKey: 'rel-1:dsp' });
    const b = await ctx.store.queue.enqueue(A, { kind: 'deliver', dedupeKey: 'rel-1:dsp', payload: 2 });
    expect(b.id).toBe(a.id);
    const c = await ctx.store.queue.enqueue(B, { kind: 'deliver', dedupeKey: 'rel-1:dsp' });
    expect(c.id).not.toBe(a.id);
    expect((await ctx.store.queue.list(A)).items).toHaveLength(1);
  });

  ctx.test(g, 'a job scheduled in the future is claimed only when due', async () => {
    const job = await ctx.store.queue.enqueue(A, { kind: 'deliver', runAt: new Date(ctx.clock.now + 60_000) });
    expect(await ctx.store.queue.claim(A, { workerId: 'w', leaseMs: 1000 })).toEqual([]);
    ctx.clock.advance(60_000);
    const claimed = await claim1();
    expect(claimed?.id).toBe(job.id);
  });

  ctx.test(g, 'claim leases the oldest due job; it is invisible to others until the lease expires', async () => {
    const first = await ctx.store.queue.enqueue(A, { kind: 'deliver', payload: 1 });
    ctx.clock.advance(10);
    const second = await ctx.store.queue.enqueue(A, { kind: 'deliver', payload: 2 });
    const c1 = await claim1('w1', 30_000);
    expect(c1).toMatchObject({ id: first.id, status: 'running', attempts: 1, lockedBy: 'w1' });
    expect(c1!.leaseToken).toMatch(/./);
    expect(c1!.leaseExpiresAt).toBe(new Date(ctx.clock.now + 30_000).toISOString());
    const c2 = await claim1('w2');
    expect(c2?.id).toBe(second.id);
    expect(await ctx.store.queue.claim(A, { workerId: 'w3', leaseMs: 1000 })).toEqual([]);
    ctx.clock.advance(29_999);
    expect(await ctx.store.queue.claim(A, { workerId: 'w3', leaseMs: 1000 })).toEqual([]);
    ctx.clock.advance(1);
    const reclaimed = await ctx.store.queue.claim(A, { workerId: 'w3', leaseMs: 1000, limit: 5 });
    expect(reclaimed.map((j) => j.id)).toEqual([first.id, second.id]);
    expect(reclaimed[0]).toMatchObject({ attempts: 2, lockedBy: 'w3' });
    expect(reclaimed[0]!.leaseToken).not.toBe(c1!.leaseToken);
    // the first worker lost its lease
    await expectCode(ctx.store.queue.complete(A, first.id, c1!.leaseToken), 'LEASE_LOST');
    await expectCode(ctx.store.queue.heartbeat(A, first.id, c1!.leaseToken, 1000), 'LEASE_LOST');
    await expectCode(ctx.store.queue.fail(A, first.id, c1!.leaseToken, { error: 'x' }), 'LEASE_LOST');
    const done = await ctx.store.queue.complete(A, first.id, reclaimed[0]!.leaseToken, { ok: true });
    expect(done).toMatchObject({ status: 'completed', result: { ok: true } });
  });

  ctx.test(g, 'heartbeat extends the lease', async () => {
    const job = await ctx.store.queue.enqueue(A, { kind: 'deliver' });
    const c = (await claim1('w1', 10_000))!;
    ctx.clock.advance(9_000);
    const hb = await ctx.store.queue.heartbeat(A, job.id, c.leaseToken, 10_000);
    expect(hb.leaseExpiresAt).toBe(new Date(ctx.clock.now + 10_000).toISOString());
    ctx.clock.advance(9_000);
    expect(await ctx.store.queue.claim(A, { workerId: 'w2', leaseMs: 1000 })).toEqual([]);
    await expectCode(ctx.store.queue.heartbeat(A, job.id, 'wrong-token', 1000), 'LEASE_LOST');
    await ctx.store.queue.complete(A, job.id, c.leaseToken);
  });

  ctx.test(g, 'complete is idempotent for the lease holder and refuses a wrong token', async () => {
    const job = await ctx.store.queue.enqueue(A, { kind: 'deliver' });
    const c = (await claim1())!;
    await expectCode(ctx.store.queue.complete(A, job.id, 'wrong-token'), 'LEASE_LOST');
    const done1 = await ctx.store.queue.complete(A, job.id, c.leaseToken, { receipt: 'r1' });
    ctx.clock.advance(1000);
    const done2 = await ctx.store.queue.complete(A, job.id, c.leaseToken, { receipt: 'r2' });
    expect(done2).toEqual(done1);
    expect(done1).toMatchObject({ status: 'completed', result: { receipt: 'r1' }, leaseExpiresAt: null });
    expect(done1.finishedAt).not.toBeNull();
    ctx.clock.advance(10 * 60_000);
    expect(await ctx.store.queue.claim(A, { workerId: 'w2', leaseMs: 1000 })).toEqual([]);
    await expectCode(ctx.store.queue.complete(A, job.id, 'wrong-token'), 'LEASE_LOST');
  });

  ctx.test(g, 'fail backs off exponentially, then dead-letters after maxAttempts', async () => {
    const job = await ctx.store.queue.enqueue(A, { kind: 'deliver', maxAttempts: 3 });
    let c = (await claim1())!;
    const f1 = await ctx.store.queue.fail(A, job.id, c.leaseToken, { error: 'timeout' });
    expect(f1).toMatchObject({ status: 'queued', attempts: 1, lastError: 'timeout', lockedBy: null });
    expect(f1.runAt).toBe(new Date(ctx.clock.now + 1000).toISOString());
    await expectCode(ctx.store.queue.complete(A, job.id, c.leaseToken), 'LEASE_LOST');
    expect(await ctx.store.queue.claim(A, { workerId: 'w', leaseMs: 1000 })).toEqual([]);
    ctx.clock.advance(1000);
    c = (await claim1())!;
    expect(c.attempts).toBe(2);
    const f2 = await ctx.store.queue.fail(A, job.id, c.leaseToken, { error: 'timeout again' });
    expect(f2.runAt).toBe(new Date(ctx.clock.now + 2000).toISOString());
    ctx.clock.advance(2000);
    c = (await claim1())!;
    const f3 = await ctx.store.queue.fail(A, job.id, c.leaseToken, { error: 'still failing' });
    expect(f3).toMatchObject({ status: 'dead', attempts: 3, lastError: 'still failing' });
    ctx.clock.advance(3_600_000);
    expect(await ctx.store.queue.claim(A, { workerId: 'w', leaseMs: 1000 })).toEqual([]);
    expect((await ctx.store.queue.list(A, { status: 'dead' })).items.map((j) => j.id)).toEqual([job.id]);
  });

  ctx.test(g, 'fail with retryInMs or permanent; requeue revives a dead job', async () => {
    const job = await ctx.store.queue.enqueue(A, { kind: 'deliver' });
    let c = (await claim1())!;
    const f = await ctx.store.queue.fail(A, job.id, c.leaseToken, { error: 'rate limited', retryInMs: 5 * 60_000 });
    expect(f.runAt).toBe(new Date(ctx.clock.now + 5 * 60_000).toISOString());
    ctx.clock.advance(5 * 60_000);
    c = (await claim1())!;
    const dead = await ctx.store.queue.fail(A, job.id, c.leaseToken, { error: 'bad credentials', permanent: true });
    expect(dead.status).toBe('dead');
    await expectCode(ctx.store.queue.requeue(A, 'nope'), 'NOT_FOUND');
    const again = await ctx.store.queue.requeue(A, job.id);
    expect(again).toMatchObject({ status: 'queued', attempts: 0 });
    await expectCode(ctx.store.queue.requeue(A, job.id), 'INVALID_ARGUMENT');
    expect((await claim1())?.id).toBe(job.id);
  });

  ctx.test(g, 'a job whose lease expires on its last attempt is dead-lettered, not run again', async () => {
    const job = await ctx.store.queue.enqueue(A, { kind: 'deliver', maxAttempts: 2 });
    await claim1('w1', 1000);
    ctx.clock.advance(1000);
    expect((await claim1('w2', 1000))?.attempts).toBe(2);
    ctx.clock.advance(1000);
    expect(await ctx.store.queue.claim(A, { workerId: 'w3', leaseMs: 1000 })).toEqual([]);
    const got = await ctx.store.queue.get(A, job.id);
    expect(got.status).toBe('dead');
    expect(got.lastError).toMatch(/lease/);
  });

  ctx.test(g, 'priority: due high jobs are claimed first, then normal, then low, each oldest first', async () => {
    const enqueue = async (payload: string, priority?: 'high' | 'normal' | 'low') => {
      const job = await ctx.store.queue.enqueue(A, { kind: 'deliver', payload, priority });
      ctx.clock.advance(10);
      return job;
    };
    expect((await enqueue('n1')).priority).toBe('normal');
    expect((await enqueue('low', 'low')).priority).toBe('low');
    await enqueue('n2', 'normal');
    const high = await enqueue('high', 'high');
    expect(high.priority).toBe('high');
    expect(await ctx.store.queue.get(A, high.id)).toMatchObject({ priority: 'high' });
    await enqueue('high2', 'high');
    expect((await claim1())?.payload).toBe('high');
    const rest = await ctx.store.queue.claim(A, { workerId: 'w', leaseMs: 1000, limit: 10 });
    expect(rest.map((j) => j.payload)).toEqual(['high2', 'n1', 'n2', 'low']);
    expect(rest.map((j) => j.priority)).toEqual(['high', 'normal', 'normal', 'low']);
    await expectCode(
      ctx.store.queue.enqueue(A, { kind: 'x', priority: 'urgent' as unknown as 'high' }),
      'INVALID_ARGUMENT',
    );
  });

  ctx.test(g, 'priority: an ALL_TENANTS claim takes a high job of any tenant before older normal ones', async () => {
    const a = await ctx.store.queue.enqueue(A, { kind: 'deliver', payload: 'a-normal' });
    ctx.clock.advance(10);
    await ctx.store.queue.enqueue(A, { kind: 'validate', payload: 'a-high-validate', priority: 'high' });
    await ctx.store.queue.enqueue(B, { kind: 'deliver', payload: 'b-high', priority: 'high' });
    const got = await ctx.store.queue.claim(ALL_TENANTS, {
      workerId: 'w',
      leaseMs: 1000,
      limit: 2,
      kinds: ['deliver'],
    });
    expect(got.map((j) => j.payload)).toEqual(['b-high', 'a-normal']);
    expect(got[1]!.id).toBe(a.id);
  });

  ctx.test(g, 'priority never makes a job run before it is due', async () => {
    const later = await ctx.store.queue.enqueue(A, {
      kind: 'deliver',
      priority: 'high',
      runAt: new Date(ctx.clock.now + 60_000),
    });
    const now = await ctx.store.queue.enqueue(A, { kind: 'deliver', priority: 'low' });
    const first = await ctx.store.queue.claim(A, { workerId: 'w', leaseMs: 120_000, limit: 5 });
    expect(first.map((j) => j.id)).toEqual([now.id]);
    ctx.clock.advance(59_999);
    expect(await ctx.store.queue.claim(A, { workerId: 'w', leaseMs: 1000 })).toEqual([]);
    ctx.clock.advance(1);
    expect((await claim1())?.id).toBe(later.id);
  });

  ctx.test(g, 'priority: retries and requeues keep it, and a due retry goes ahead of older normal jobs', async () => {
    const job = await ctx.store.queue.enqueue(A, { kind: 'deliver', priority: 'high', maxAttempts: 3 });
    let c = (await claim1())!;
    const failed = await ctx.store.queue.fail(A, job.id, c.leaseToken, { error: 'timeout', retryInMs: 1000 });
    expect(failed).toMatchObject({ status: 'queued', priority: 'high' });
    const normal = await ctx.store.queue.enqueue(A, { kind: 'deliver' });
    ctx.clock.advance(1000);
    c = (await claim1())!;
    expect(c).toMatchObject({ id: job.id, priority: 'high', attempts: 2 });
    // an expired lease is reclaimed in priority order too
    ctx.clock.advance(30_000);
    const reclaimed = (await claim1('w2'))!;
    expect(reclaimed).toMatchObject({ id: job.id, attempts: 3 });
    const dead = await ctx.store.queue.fail(A, job.id, reclaimed.leaseToken, { error: 'bad', permanent: true });
    expect(dead).toMatchObject({ status: 'dead', priority: 'high' });
    expect(await ctx.store.queue.requeue(A, job.id)).toMatchObject({ status: 'queued', priority: 'high' });
    const next = await ctx.store.queue.claim(A, { workerId: 'w3', leaseMs: 1000, limit: 5 });
    expect(next.map((j) => j.id)).toEqual([job.id, normal.id]);
  });

  ctx.test(g, 'claim filters by kind and honours limit; list filters by status and kind and paginates', async () => {
    for (let i = 0; i < 3; i++) await ctx.store.queue.enqueue(A, { kind: 'deliver', payload: i });
    await ctx.store.queue.enqueue(A, { kind: 'validate' });
    const v = await ctx.store.queue.claim(A, { workerId: 'w', leaseMs: 1000, kinds: ['validate'], limit: 10 });
    expect(v.map((j) => j.kind)).toEqual(['validate']);
    const d = await ctx.store.queue.claim(A, { workerId: 'w', leaseMs: 1000, limit: 2 });
    expect(d.map((j) => j.payload)).toEqual([0, 1]);
    expect((await ctx.store.queue.list(A, { status: 'running' })).items).toHaveLength(3);
    expect((await ctx.store.queue.list(A, { status: 'queued', kind: 'deliver' })).items.map((j) => j.payload)).toEqual([
      2,
    ]);
    const all = await collectPages((cursor) => ctx.store.queue.list(A, { limit: 3, cursor }));
    expect(all).toHaveLength(4);
    expect(new Set(all.map((j) => j.id)).size).toBe(4);
    await expectCode(ctx.store.queue.claim(A, { workerId: '', leaseMs: 1000 }), 'INVALID_ARGUMENT');
    await expectCode(ctx.store.queue.claim(A, { workerId: 'w', leaseMs: 0 }), 'INVALID_ARGUMENT');
  });

  ctx.test(g, 'claim scope: one tenant or ALL_TENANTS', async () => {
    const a = await ctx.store.queue.enqueue(A, { kind: 'deliver' });
    ctx.clock.advance(1);
    const b = await ctx.store.queue.enqueue(B, { kind: 'deliver' });
    expect((await claim1('w', 1000, B))?.id).toBe(b.id);
    expect(await ctx.store.queue.claim(B, { workerId: 'w', leaseMs: 1000 })).toEqual([]);
    const any = await claim1('w', 1000, ALL_TENANTS);
    expect(any).toMatchObject({ id: a.id, tenantId: A });
  });

  ctx.test(g, 'concurrent claimers: every job runs exactly once, nothing is lost', async () => {
    const total = 60;
    const ids = new Set<string>();
    for (let i = 0; i < total; i++)
      ids.add((await ctx.store.queue.enqueue(i % 2 ? A : B, { kind: 'deliver', payload: i })).id);
    const claimedBy = new Map<string, string>();
    const duplicates: string[] = [];
    const worker = async (name: string) => {
      for (let round = 0; ; round++) {
        if (round > total) throw new Error(`worker ${name} is still claiming after ${round} rounds`);
        const jobs = await ctx.store.queue.claim(ALL_TENANTS, { workerId: name, leaseMs: 60_000, limit: 3 });
        if (jobs.length === 0) return;
        for (const job of jobs) {
          if (claimedBy.has(job.id)) duplicates.push(job.id);
          claimedBy.set(job.id, name);
          await new Promise((r) => setImmediate(r));
          await ctx.store.queue.complete(job.tenantId, job.id, job.leaseToken);
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, (_, i) => worker(`w${i}`)));
    expect(duplicates).toEqual([]);
    expect(new Set(claimedBy.keys())).toEqual(ids);
    const done = [
      ...(await collectPages((cursor) => ctx.store.queue.list(A, { status: 'completed', limit: 500, cursor }))),
      ...(await collectPages((cursor) => ctx.store.queue.list(B, { status: 'completed', limit: 500, cursor }))),
    ];
    expect(done).toHaveLength(total);
  });

  ctx.test(
    g,
    'concurrent claimers with crashing workers: expired leases are reclaimed, each job completes once',
    async () => {
      const total = 30;
      for (let i = 0; i < total; i++) await ctx.store.queue.enqueue(A, { kind: 'deliver', payload: i });
      // round 1: every claimer crashes (never completes)
      const crashed = (
        await Promise.all(
          Array.from({ length: 5 }, (_, i) =>
            ctx.store.queue.claim(A, { workerId: `crash${i}`, leaseMs: 5000, limit: 4 }),
          ),
        )
      ).flat();
      expect(new Set(crashed.map((j) => j.id)).size).toBe(crashed.length);
      expect(crashed).toHaveLength(20);
      ctx.clock.advance(5000);
      const completions = new Map<string, number>();
      const worker = async (name: string) => {
        for (let round = 0; ; round++) {
          if (round > total) throw new Error(`worker ${name} is still claiming after ${round} rounds`);
          const jobs: ClaimedJob[] = await ctx.store.queue.claim(A, { workerId: name, leaseMs: 60_000, limit: 2 });
          if (jobs.length === 0) return;
          for (const job of jobs) {
            await ctx.store.queue.complete(A, job.id, job.leaseToken);
            completions.set(job.id, (completions.get(job.id) ?? 0) + 1);
          }
        }
      };
      await Promise.all(Array.from({ length: 6 }, (_, i) => worker(`ok${i}`)));
      expect(completions.size).toBe(total);
      expect([...completions.values()].every((n) => n === 1)).toBe(true);
      for (const job of crashed) await expectCode(ctx.store.queue.complete(A, job.id, job.leaseToken), 'LEASE_LOST');
    },
  );
}
