import { randomUUID } from 'node:crypto';
import type { TargetRecord } from '@ddex/catalog-store';
import {
  createDeliveryRuntime,
  DSP_PROFILES,
  isDeliveryError,
  PROBE_STEPS,
  type ProbeStep,
  probeEndpoint,
  probeTarget,
} from '@ddex/delivery-transports';
import { type DeliveryTarget, parseDeliveryTarget } from '@ddex/ern-model';
import { z } from 'zod';
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

/** A built-in DSP profile a target can name in `config.deliveryProfile`, as `GET /api/delivery-profiles` lists it. */
export interface DeliveryProfileView {
  /** the profile's name, e.g. `generic-batch` */
  name: string;
  /** who it is for and where its facts come from */
  description: string;
  /** its own choreography; a target may choose the other one in `config.choreography` */
  choreography: 'batch' | 'release-by-release';
  /** ERN version the DSP expects */
  ernVersion: string;
}

/** The built-in DSP profiles, by name. */
export function deliveryProfiles(): DeliveryProfileView[] {
  return Object.values(DSP_PROFILES)
    .map(({ name, description, choreography, ernVersion }) => ({ name, description, choreography, ernVersion }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Steps of a connection test, in order: `prepare` (open the secrets, build the transport), then the probe's. */
export const TARGET_TEST_STEPS = ['prepare', ...PROBE_STEPS] as const;

/** One step of a connection test (see `probeTarget` of `@ddex/delivery-transports`). */
export interface TargetTestStep {
  /** what was tried; `resolve` and `reach` only for targets with a host */
  step: (typeof TARGET_TEST_STEPS)[number];
  /** `ok`, `failed`, or `skipped` (the transport cannot do it, or an earlier step failed) */
  outcome: ProbeStep['outcome'];
  /** milliseconds taken */
  ms: number;
  /** error code when it failed (`CONNECT`, `AUTH`, `PERMISSION`…) */
  code?: string;
  /** why it failed (never contains credentials) */
  message?: string;
  /** what a step that worked found, or why it was skipped */
  detail?: string;
}

/** {@link TargetTestResult} as a schema, for the OpenAPI document. */
export const TargetTestResultSchema = z.object({
  ok: z.boolean().describe('the target can take deliveries'),
  durationMs: z.number().int(),
  error: z.object({ code: z.string(), message: z.string() }).optional().describe('the first failed step'),
  steps: z.array(
    z.object({
      step: z.enum(TARGET_TEST_STEPS),
      outcome: z.enum(['ok', 'failed', 'skipped']),
      ms: z.number().int(),
      code: z.string().optional().describe('when failed: CONNECT, AUTH, TIMEOUT, PERMISSION, INTEGRITY…'),
      message: z.string().optional().describe('when failed: why, never with credentials'),
      detail: z.string().optional().describe('what a step that worked found, or why it was skipped'),
    }),
  ),
});

/** The outcome of testing a target's connection. */
export interface TargetTestResult {
  /** true when the target can take deliveries: connect, write, read back (where supported) and delete worked */
  ok: boolean;
  /** milliseconds taken */
  durationMs: number;
  /** the first failed step's code and message (never contains credentials) */
  error?: { code: string; message: string };
  /** every step with its outcome, time and error */
  steps: TargetTestStep[];
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
  /**
   * Checks the target step by step like `ddex-distro target test`: resolve its host, reach its port, connect and
   * log in, write a probe file under `.ddex-probe/`, read it back, list and delete it.
   */
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
      const steps: TargetTestStep[] = [];
      let ok = false;
      try {
        const config = await openConfig(ctx.box, target.config);
        const runtime = createDeliveryRuntime(ctx.transports(target, config), { retries: 0 });
        steps.push({ step: 'prepare', outcome: 'ok', ms: ctx.now() - started });
        try {
          const probe = await probeTarget(runtime, { endpoint: probeEndpoint(target.protocol, config) });
          steps.push(...probe.steps.map(stepView));
          ok = probe.ok;
        } finally {
          await runtime.dispose();
        }
      } catch (error) {
        // the config could not become a transport (a missing option, a secret that cannot be opened)
        const e = isDeliveryError(error) || isDistroError(error) ? error : undefined;
        const message = e?.message.replace(/^\[ddex-delivery\] \[[^\]]*\] /, '') ?? 'the transport could not be built';
        steps.length = 0;
        steps.push({
          step: 'prepare',
          outcome: 'failed',
          ms: ctx.now() - started,
          code: e?.code ?? 'UNKNOWN',
          message,
        });
      }
      const failed = steps.find((s) => s.outcome === 'failed');
      const result: TargetTestResult = {
        ok,
        durationMs: ctx.now() - started,
        ...(!ok ? { error: { code: failed?.code ?? 'UNKNOWN', message: failed?.message ?? 'the test failed' } } : {}),
        steps,
      };
      await ctx.audit(p, 'target.test', 'target', id, ok ? { ok } : { ok, code: result.error?.code });
      return result;
    },
  };
}

// --- Internal helpers ---

function stepView(s: ProbeStep): TargetTestStep {
  const { step, outcome, ms, code, message, detail } = s;
  if (outcome === 'failed') return { step, outcome, ms, code: code ?? 'UNKNOWN', message: message ?? detail ?? '' };
  return detail === undefined ? { step, outcome, ms } : { step, outcome, ms, detail };
}
