import { createHash } from 'node:crypto';
import { z } from 'zod';
import { parseInput } from '../input';
import type { Principal } from '../principal';
import type { ServiceContext } from './context';

/** A caller's display preferences, kept on the server so they follow the user to every browser. */
export const PreferencesSchema = z.object({
  /** colour scheme; `system` follows the device's prefers-color-scheme */
  theme: z.enum(['system', 'light', 'dark']),
  /** contrast; `system` follows prefers-contrast, `more` always uses the high-contrast tokens */
  contrast: z.enum(['system', 'more']),
});

/** Body of `PATCH /api/me/preferences`: any subset of the fields. */
export const PreferencesPatchSchema = PreferencesSchema.partial().strict();

/** The preferences as the API returns them. */
export type Preferences = z.output<typeof PreferencesSchema> & {
  /** ISO instant of the last change; null while the caller never saved any (the values are the defaults) */
  updatedAt: string | null;
};

/** {@link Preferences} as a schema, for the OpenAPI document. */
export const PreferencesViewSchema = PreferencesSchema.extend({
  updatedAt: z.string().nullable().describe('null while never saved: a client may keep its local choice'),
});

/** Preferences of a caller who never saved any. */
export const DEFAULT_PREFERENCES: Readonly<Preferences> = Object.freeze({
  theme: 'system',
  contrast: 'system',
  updatedAt: null,
});

/** The caller's own preferences (any role: they change nothing but the caller's own view). */
export interface PreferenceService {
  /** The caller's preferences, or the defaults. */
  get(principal: Principal): Promise<Preferences>;
  /** Merges a patch into the caller's preferences and returns the result. */
  update(principal: Principal, input: unknown): Promise<Preferences>;
}

/**
 * Where a caller's preferences live: one small JSON document in the tenant's asset store (as webhooks do), so every
 * catalog store keeps them without a schema change. Keyed by a hash of the actor (`user:<id>` or `apikey:<id>`).
 */
const keyOf = (p: Principal) =>
  `_distro/preferences/${createHash('sha256').update(p.actor).digest('hex').slice(0, 32)}.json`;

/** @internal */
export function preferenceService(ctx: ServiceContext): PreferenceService {
  const { assets } = ctx.store;
  const read = async (p: Principal): Promise<Preferences> => {
    const key = keyOf(p);
    if (!(await assets.stat(p.tenantId, key))) return { ...DEFAULT_PREFERENCES };
    const chunks: Buffer[] = [];
    for await (const c of await assets.get(p.tenantId, key)) chunks.push(Buffer.from(c as Uint8Array));
    const doc = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { updatedAt?: unknown };
    const stored = PreferencesSchema.partial().safeParse({ ...doc, updatedAt: undefined });
    const updatedAt = typeof doc.updatedAt === 'string' ? doc.updatedAt : null;
    return { ...DEFAULT_PREFERENCES, ...(stored.success ? stored.data : {}), updatedAt };
  };
  return {
    get: read,
    async update(p, raw) {
      const patch = parseInput(PreferencesPatchSchema, raw);
      const next: Preferences = { ...(await read(p)), ...patch, updatedAt: new Date(ctx.now()).toISOString() };
      await assets.put(p.tenantId, keyOf(p), JSON.stringify(next), { contentType: 'application/json' });
      return next;
    },
  };
}
