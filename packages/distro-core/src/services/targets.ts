import { randomUUID } from 'node:crypto';
import type { TargetRecord } from '@ddex/catalog-store';
import { createDeliveryRuntime, isDeliveryError } from '@ddex/delivery-transports';
import { type DeliveryTarget, parseDeliveryTarget } from '@ddex/ern-model';
import { isDistroError, validationError } from '../errors';
import { invalid, ownedBy } from '../input';
import { authorize, type Principal } from '../principal';
import { openConfig, redactConfig, sealConfig } from '../secrets/config-secrets';
import { filesystemDirectory } from '../transports';
import { profileOf } from '../worker/build-package';
import type { PageView, RecordView, ServiceContext } from './context';

/** A delivery target as the API returns it: secrets in `config` are redacted. */
export interface TargetView extends RecordView {
  /** the target, its config redacted */
  target: DeliveryTarget;
}

/** The outcome of testing a target's connection. */
export interface TargetTestResult {
  /** true when the connection opened and the root folder is reachable */
  ok: boolean;
  /** milliseconds taken */
  durationMs: number;
  /** why it failed (never contains credentials) */
  error?: { code: string; message: string };
}

/** Delivery targets CRUD; secrets are encrypted at rest and never returned. */
export interface TargetService {
  /** Lists targets. */
  list(
    principal: Principal,
    input?: { active?: boolean; cursor?: string; limit?: number },
  ): Promise<PageView<TargetView>>;
  /** Reads a target. */
  get(principal: Principal, id: string): Promise<TargetView>;
  /** Creates a target (an id is generated when absent). */
  create(principal: Principal, input: unknown): Promise<TargetView>;
  /** Replaces a target; a secret sent back as `[redacted]` keeps the stored one. */
  update(principal: Principal, id: string, input: unknown, expectedVersion?: number): Promise<TargetView>;
  /** Deletes a target. */
  delete(principal: Principal, id: string, expectedVersion?: number): Promise<void>;
  /** Opens a connection to the target and checks its root folder. */
  test(principal: Principal, id: string): Promise<TargetTestResult>;
}

/** The view of a stored target, secrets redacted. */
export function targetView(record: TargetRecord): TargetView {
  const { id, version, createdAt, updatedAt, target } = record;
  return { id, version, createdAt, updatedAt, target: { ...target, config: redactConfig(target.config) } };
}

/** @internal */
export function targetService(ctx: ServiceContext): TargetService {
  const { store } = ctx;

  const parse = (input: unknown, tenantId: string): DeliveryTarget => {
    const result = parseDeliveryTarget(ownedBy(input, tenantId));
    if (!result.success) throw validationError(result.issues, 'the delivery target is invalid');
    const target = result.data;
    if (target.protocol === 'FILESYSTEM') filesystemDirectory(ctx.options.filesystemRoot, target.config.directory);
    profileOf(target);
    return target;
  };

  return {
    async list(p, input = {}) {
      authorize(p, 'catalog:read');
      const page = await store.targets.list(p.tenantId, input);
      return { items: page.items.map(targetView), nextCursor: page.nextCursor };
    },
    async get(p, id) {
      authorize(p, 'catalog:read');
      return targetView(await store.targets.get(p.tenantId, id));
    },
    async create(p, input) {
      authorize(p, 'delivery:write');
      const withId =
        input !== null && typeof input === 'object' && !Array.isArray(input) && !('id' in input)
          ? { id: randomUUID(), ...input }
          : input;
      const target = parse(withId, p.tenantId);
      const sealed = { ...target, config: await sealConfig(ctx.box, target.config) };
      const record = await store.targets.create(p.tenantId, sealed);
      await ctx.audit(p, 'target.create', 'target', record.id);
      return targetView(record);
    },
    async update(p, id, input, expectedVersion) {
      authorize(p, 'delivery:write');
      const body = input !== null && typeof input === 'object' && !Array.isArray(input) ? { id, ...input } : input;
      if ((body as { id?: unknown })?.id !== id) invalid('id_mismatch', 'id', `id must be "${id}", as in the URL.`);
      const target = parse(body, p.tenantId);
      const before = await store.targets.get(p.tenantId, id);
      const config = await sealConfig(ctx.box, target.config, before.target.config);
      const record = await store.targets.update(p.tenantId, id, { ...target, config }, { expectedVersion });
      await ctx.audit(p, 'target.update', 'target', id, { version: record.version });
      return targetView(record);
    },
    async delete(p, id, expectedVersion) {
      authorize(p, 'delivery:write');
      await store.targets.delete(p.tenantId, id, { expectedVersion });
      await ctx.audit(p, 'target.delete', 'target', id);
    },
    async test(p, id) {
      authorize(p, 'delivery:write');
      const { target } = await store.targets.get(p.tenantId, id);
      const started = ctx.now();
      try {
        const transport = ctx.transports(target, await openConfig(ctx.box, target.config));
        const runtime = createDeliveryRuntime(transport, { retries: 0 });
        try {
          await runtime.connect();
          await runtime.exists('');
        } finally {
          await runtime.dispose();
        }
        await ctx.audit(p, 'target.test', 'target', id, { ok: true });
        return { ok: true, durationMs: ctx.now() - started };
      } catch (error) {
        const e = isDeliveryError(error) || isDistroError(error) ? error : undefined;
        const result = {
          ok: false,
          durationMs: ctx.now() - started,
          error: { code: e?.code ?? 'UNKNOWN', message: e?.message ?? 'the connection test failed' },
        };
        await ctx.audit(p, 'target.test', 'target', id, { ok: false, code: result.error.code });
        return result;
      }
    },
  };
}
