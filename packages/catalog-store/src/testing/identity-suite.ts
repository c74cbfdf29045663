import { collectPages, expectCode } from './expect-error';
import { makeTenant } from './fixtures';
import type { SuiteContext } from './harness';

/** Tenant, user, API key and audit log tests. @internal */
export function identityTests(ctx: SuiteContext): void {
  const { expect } = ctx.vitest;
  const A = ctx.tenantA;

  ctx.test('tenants', 'create, get, update with versions, list', async () => {
    const t = await ctx.store.tenants.create(makeTenant('tenant-c', 'Polar Records'));
    expect(t).toMatchObject({ id: 'tenant-c', version: 1, tenant: { name: 'Polar Records' } });
    await expectCode(ctx.store.tenants.create(makeTenant('tenant-c')), 'ALREADY_EXISTS');
    await expectCode(ctx.store.tenants.create(makeTenant('bad/id')), 'INVALID_ARGUMENT');
    expect(await ctx.store.tenants.get('tenant-c')).toEqual(t);
    await expectCode(ctx.store.tenants.get('tenant-z'), 'NOT_FOUND');
    const u = await ctx.store.tenants.update('tenant-c', makeTenant('tenant-c', 'Polar Music'), { expectedVersion: 1 });
    expect(u).toMatchObject({ version: 2, tenant: { name: 'Polar Music' } });
    await expectCode(ctx.store.tenants.update('tenant-c', makeTenant('tenant-c'), { expectedVersion: 1 }), 'CONFLICT');
    await expectCode(ctx.store.tenants.update('tenant-c', makeTenant('tenant-d')), 'INVALID_ARGUMENT');
    await expectCode(ctx.store.tenants.update('tenant-z', makeTenant('tenant-z')), 'NOT_FOUND');
    const all = await collectPages((cursor) => ctx.store.tenants.list({ limit: 1, cursor }));
    expect(all.map((x) => x.id)).toEqual([A, ctx.tenantB, 'tenant-c']);
  });

  ctx.test('users', 'create, get, find by e-mail, update, list, delete', async () => {
    const u = await ctx.store.users.create(A, { id: 'u1', email: 'Ana@Example.com', name: 'Ana', role: 'admin' });
    expect(u).toMatchObject({
      tenantId: A,
      id: 'u1',
      email: 'ana@example.com',
      name: 'Ana',
      role: 'admin',
      disabled: false,
    });
    await expectCode(ctx.store.users.create(A, { id: 'u1', email: 'x@example.com', role: 'viewer' }), 'ALREADY_EXISTS');
    await expectCode(ctx.store.users.create(A, { email: 'ANA@example.com', role: 'viewer' }), 'ALREADY_EXISTS');
    await expectCode(ctx.store.users.create(A, { email: 'not-an-email', role: 'viewer' }), 'INVALID_ARGUMENT');
    await expectCode(ctx.store.users.create(A, { email: 'b@example.com', role: 'god' as 'admin' }), 'INVALID_ARGUMENT');
    expect(await ctx.store.users.get(A, 'u1')).toEqual(u);
    expect(await ctx.store.users.findByEmail(A, 'ANA@EXAMPLE.COM')).toEqual(u);
    expect(await ctx.store.users.findByEmail(A, 'nobody@example.com')).toBeNull();
    const up = await ctx.store.users.update(A, 'u1', { role: 'viewer', disabled: true }, { expectedVersion: 1 });
    expect(up).toMatchObject({ role: 'viewer', disabled: true, name: 'Ana', version: 2 });
    await expectCode(ctx.store.users.update(A, 'u1', { name: 'x' }, { expectedVersion: 1 }), 'CONFLICT');
    const u2 = await ctx.store.users.create(A, { email: 'bo@example.com', role: 'editor' });
    const all = await collectPages((cursor) => ctx.store.users.list(A, { limit: 1, cursor }));
    expect(all.map((x) => x.id)).toEqual(['u1', u2.id]);
    await ctx.store.users.delete(A, 'u1');
    await expectCode(ctx.store.users.get(A, 'u1'), 'NOT_FOUND');
    await expectCode(ctx.store.users.delete(A, 'u1'), 'NOT_FOUND');
    expect((await ctx.store.users.create(A, { email: 'ana@example.com', role: 'viewer' })).email).toBe(
      'ana@example.com',
    );
  });

  ctx.test('users', 'password hashes: set, clear, found by e-mail across tenants, never in a record', async () => {
    const B = ctx.tenantB;
    const a = await ctx.store.users.create(A, { id: 'ua', email: 'Sam@Example.com', role: 'admin' });
    const b = await ctx.store.users.create(B, { id: 'ub', email: 'sam@example.com', role: 'viewer' });
    await ctx.store.users.create(A, { id: 'uc', email: 'nopass@example.com', role: 'viewer' });
    expect(await ctx.store.users.findCredentials('sam@example.com')).toEqual([]);
    const set = await ctx.store.users.setPasswordHash(A, 'ua', 'scrypt$hash-a');
    expect(set).toMatchObject({ id: 'ua', version: a.version + 1 });
    expect(JSON.stringify(set)).not.toContain('hash-a');
    expect(JSON.stringify(await ctx.store.users.get(A, 'ua'))).not.toContain('hash-a');
    await ctx.store.users.setPasswordHash(B, 'ub', 'scrypt$hash-b');
    const found = await ctx.store.users.findCredentials('SAM@example.COM');
    expect(found.map((c) => [c.user.tenantId, c.user.id, c.passwordHash])).toEqual([
      [A, 'ua', 'scrypt$hash-a'],
      [B, 'ub', 'scrypt$hash-b'],
    ]);
    expect(await ctx.store.users.findCredentials('nopass@example.com')).toEqual([]);
    await ctx.store.users.setPasswordHash(B, 'ub', null);
    expect((await ctx.store.users.findCredentials('sam@example.com')).map((c) => c.user.id)).toEqual(['ua']);
    expect((await ctx.store.users.get(B, 'ub')).version).toBe(b.version + 2);
    await expectCode(ctx.store.users.setPasswordHash(B, 'ua', 'x'), 'NOT_FOUND');
    await expectCode(ctx.store.users.setPasswordHash(A, 'ua', ''), 'INVALID_ARGUMENT');
    await ctx.store.users.delete(A, 'ua');
    expect(await ctx.store.users.findCredentials('sam@example.com')).toEqual([]);
  });

  ctx.test('apiKeys', 'the secret is shown once, stored hashed, and authenticates', async () => {
    const { key, secret } = await ctx.store.apiKeys.create(A, { name: 'ci', scopes: ['releases:read'], userId: 'u1' });
    expect(key).toMatchObject({ tenantId: A, name: 'ci', scopes: ['releases:read'], userId: 'u1', revokedAt: null });
    expect(secret.startsWith(key.prefix)).toBe(true);
    expect(JSON.stringify(key)).not.toContain(secret);
    expect(JSON.stringify(await ctx.store.apiKeys.get(A, key.id))).not.toContain(secret.slice(20));
    ctx.clock.advance(1000);
    const auth = await ctx.store.apiKeys.authenticate(secret);
    expect(auth).toMatchObject({ id: key.id, tenantId: A, lastUsedAt: new Date(ctx.clock.now).toISOString() });
    expect(
      await ctx.store.apiKeys.authenticate(`${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`),
    ).toBeNull();
    expect(await ctx.store.apiKeys.authenticate('garbage')).toBeNull();
    expect(await ctx.store.apiKeys.authenticate('')).toBeNull();
    await expectCode(ctx.store.apiKeys.create(A, { name: '' }), 'INVALID_ARGUMENT');
  });

  ctx.test('apiKeys', 'requestCount counts every authentication, also between lastUsedAt writes', async () => {
    const { key, secret } = await ctx.store.apiKeys.create(A, { name: 'counted' });
    expect(key.requestCount).toBe(0);
    for (let i = 0; i < 3; i++) expect(await ctx.store.apiKeys.authenticate(secret)).not.toBeNull();
    expect((await ctx.store.apiKeys.get(A, key.id)).requestCount).toBe(3);
    ctx.clock.advance(61_000); // the next authentication writes lastUsedAt, and the count with it
    expect((await ctx.store.apiKeys.authenticate(secret))?.requestCount).toBe(4);
    expect((await ctx.store.apiKeys.list(A)).items.find((k) => k.id === key.id)?.requestCount).toBe(4);
    await ctx.store.apiKeys.authenticate(`${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`);
    expect((await ctx.store.apiKeys.get(A, key.id)).requestCount).toBe(4);
  });

  ctx.test('apiKeys', 'list, revoke (idempotent) and expiry', async () => {
    const k1 = await ctx.store.apiKeys.create(A, { name: 'one' });
    const k2 = await ctx.store.apiKeys.create(A, {
      name: 'two',
      expiresAt: new Date(ctx.clock.now + 60_000).toISOString(),
    });
    const all = await collectPages((cursor) => ctx.store.apiKeys.list(A, { limit: 1, cursor }));
    expect(all.map((k) => k.name)).toEqual(['one', 'two']);
    const revoked = await ctx.store.apiKeys.revoke(A, k1.key.id);
    expect(revoked.revokedAt).not.toBeNull();
    ctx.clock.advance(5);
    expect((await ctx.store.apiKeys.revoke(A, k1.key.id)).revokedAt).toBe(revoked.revokedAt);
    expect(await ctx.store.apiKeys.authenticate(k1.secret)).toBeNull();
    expect(await ctx.store.apiKeys.authenticate(k2.secret)).not.toBeNull();
    ctx.clock.advance(60_000);
    expect(await ctx.store.apiKeys.authenticate(k2.secret)).toBeNull();
    await expectCode(ctx.store.apiKeys.revoke(A, 'nope'), 'NOT_FOUND');
    await expectCode(ctx.store.apiKeys.get(A, 'nope'), 'NOT_FOUND');
  });

  ctx.test('audit', 'append-only log, newest first, filters and pagination', async () => {
    const e1 = await ctx.store.audit.append(A, {
      actor: 'u1',
      action: 'release.create',
      subjectType: 'release',
      subjectId: 'rel-1',
      data: { title: 'X' },
    });
    expect(e1).toMatchObject({
      tenantId: A,
      actor: 'u1',
      action: 'release.create',
      subjectId: 'rel-1',
      data: { title: 'X' },
    });
    expect(e1.at).toBe(new Date(ctx.clock.now).toISOString());
    await ctx.store.audit.append(A, {
      actor: 'u1',
      action: 'release.update',
      subjectType: 'release',
      subjectId: 'rel-1',
    });
    await ctx.store.audit.append(A, { actor: 'system', action: 'delivery.complete', subjectId: 'd1' });
    const all = await collectPages((cursor) => ctx.store.audit.list(A, { limit: 2, cursor }));
    expect(all.map((e) => e.action)).toEqual(['delivery.complete', 'release.update', 'release.create']);
    expect(all[0]!.seq).toBeGreaterThan(all[1]!.seq);
    expect((await ctx.store.audit.list(A, { subjectId: 'rel-1' })).items).toHaveLength(2);
    expect((await ctx.store.audit.list(A, { action: 'release.create' })).items.map((e) => e.seq)).toEqual([e1.seq]);
    expect('update' in ctx.store.audit || 'delete' in ctx.store.audit).toBe(false);
    await expectCode(ctx.store.audit.append(A, { actor: '', action: 'x' }), 'INVALID_ARGUMENT');
    await expectCode(ctx.store.audit.append('no-such-tenant', { actor: 'a', action: 'x' }), 'NOT_FOUND');
  });

  ctx.test('store', 'close is idempotent and later calls fail with CLOSED', async () => {
    await ctx.store.close();
    await ctx.store.close();
    await expectCode(ctx.store.releases.list(A), 'CLOSED');
  });
}
