import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { DistroError, notFound } from '../errors';
import { invalid, parseInput } from '../input';
import { authorize, type Principal } from '../principal';
import type { ServiceContext } from './context';

/** Largest serialized `data` of a draft, in bytes (a wizard's form state is a few KiB). */
export const MAX_DRAFT_BYTES = 256 * 1024;
/** Most open drafts a tenant may keep. */
export const MAX_DRAFTS = 200;

/**
 * Body of `POST /api/drafts` and `PUT /api/drafts/{id}`: a half-filled release as a client's form state. Loose on
 * purpose (the release schema wants tracks, codes and rights, which a draft does not have yet): any JSON object
 * within {@link MAX_DRAFT_BYTES}, and a title to list it by.
 */
export const DraftInputSchema = z
  .object({
    title: z.string().max(300).optional().describe('shown in the list of open drafts'),
    data: z
      .record(z.string(), z.unknown())
      .refine((d) => Buffer.byteLength(JSON.stringify(d), 'utf8') <= MAX_DRAFT_BYTES, {
        message: `The draft is larger than ${MAX_DRAFT_BYTES} bytes.`,
      })
      .describe('the client’s form state, stored as given'),
    version: z.number().int().min(1).optional().describe('the version the write is based on (or send If-Match)'),
  })
  .strict();

/** A stored draft as the API returns it. */
export const DraftViewSchema = z.object({
  id: z.string(),
  title: z.string(),
  version: z.number().int().describe('also the ETag; send it back as If-Match'),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  data: z.record(z.string(), z.unknown()),
});
/** A stored draft. */
export type DraftView = z.output<typeof DraftViewSchema>;

/** A draft in the list: everything but its data. */
export const DraftSummarySchema = DraftViewSchema.omit({ data: true });
/** A draft in the list. */
export type DraftSummary = z.output<typeof DraftSummarySchema>;

/** A write based on a stale version: carries the stored copy, so the client can compare. */
export class DraftConflictError extends DistroError {
  /** the draft as stored now */
  readonly current: DraftView;
  constructor(current: DraftView) {
    super('CONFLICT', `draft "${current.id}" is at version ${current.version}`);
    this.name = 'DraftConflictError';
    this.current = current;
  }
}

/** Server-side drafts of releases not yet complete enough to store as a release; tenant-scoped. */
export interface DraftService {
  /** Open drafts of the tenant, newest first (without their data). */
  list(principal: Principal): Promise<DraftSummary[]>;
  /** One draft; NOT_FOUND when absent or another tenant's. */
  get(principal: Principal, id: string): Promise<DraftView>;
  /** Stores a new draft at version 1. */
  create(principal: Principal, input: unknown): Promise<DraftView>;
  /** Replaces a draft's data; a stale `expected` version (If-Match or body `version`) throws {@link DraftConflictError}. */
  update(principal: Principal, id: string, input: unknown, expected?: number): Promise<DraftView>;
  /** Deletes a draft; NOT_FOUND when absent. */
  delete(principal: Principal, id: string): Promise<void>;
}

/**
 * Where drafts live: one small JSON document each in the tenant's asset store (as preferences and webhooks do), so
 * every catalog store keeps them without a schema change. The list reads the summary from each file's metadata.
 */
const PREFIX = '_distro/drafts/';
const keyOf = (id: string) => `${PREFIX}${id}.json`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** @internal */
export function draftService(ctx: ServiceContext): DraftService {
  const { assets } = ctx.store;
  // read-compare-write of one draft runs one at a time in this process, so two saves of version 3 cannot both win
  const locks = new Map<string, Promise<unknown>>();
  const serial = <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const run = (locks.get(key) ?? Promise.resolve()).then(work, work);
    const tail = run.catch(() => undefined);
    locks.set(key, tail);
    void tail.then(() => {
      if (locks.get(key) === tail) locks.delete(key);
    });
    return run;
  };
  const read = async (tenantId: string, id: string): Promise<DraftView> => {
    if (!UUID.test(id) || !(await assets.stat(tenantId, keyOf(id)))) throw notFound('draft', id);
    const chunks: Buffer[] = [];
    for await (const c of await assets.get(tenantId, keyOf(id))) chunks.push(Buffer.from(c as Uint8Array));
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as DraftView;
  };
  const write = async (tenantId: string, view: DraftView): Promise<DraftView> => {
    await assets.put(tenantId, keyOf(view.id), JSON.stringify(view), {
      contentType: 'application/json',
      // percent-encoded: some object stores take only ASCII metadata
      metadata: {
        title: encodeURIComponent(view.title),
        version: String(view.version),
        createdBy: encodeURIComponent(view.createdBy),
        createdAt: view.createdAt,
        updatedAt: view.updatedAt,
      },
    });
    return view;
  };
  const listAll = async (tenantId: string): Promise<DraftSummary[]> => {
    const out: DraftSummary[] = [];
    let cursor: string | undefined;
    do {
      const page = await assets.list(tenantId, { prefix: PREFIX, limit: 500, ...(cursor ? { cursor } : {}) });
      for (const info of page.items) {
        const m = info.metadata;
        out.push({
          id: info.key.slice(PREFIX.length, -'.json'.length),
          title: decodeURIComponent(m.title ?? ''),
          version: Number(m.version ?? 1),
          createdBy: decodeURIComponent(m.createdBy ?? ''),
          createdAt: m.createdAt ?? info.createdAt,
          updatedAt: m.updatedAt ?? info.createdAt,
        });
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return out;
  };
  return {
    async list(p) {
      authorize(p, 'catalog:read');
      const all = await listAll(p.tenantId);
      return all.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || b.id.localeCompare(a.id));
    },
    async get(p, id) {
      authorize(p, 'catalog:read');
      return read(p.tenantId, id);
    },
    async create(p, raw) {
      authorize(p, 'catalog:write');
      const input = parseInput(DraftInputSchema, raw);
      if ((await listAll(p.tenantId)).length >= MAX_DRAFTS) {
        throw new DistroError('INVALID_STATE', `a tenant may keep at most ${MAX_DRAFTS} open drafts`);
      }
      const now = new Date(ctx.now()).toISOString();
      const view: DraftView = {
        id: randomUUID(),
        title: input.title ?? '',
        version: 1,
        createdBy: p.actor,
        createdAt: now,
        updatedAt: now,
        data: input.data,
      };
      return write(p.tenantId, view);
    },
    async update(p, id, raw, expected) {
      authorize(p, 'catalog:write');
      const input = parseInput(DraftInputSchema, raw);
      if (expected !== undefined && input.version !== undefined && expected !== input.version) {
        invalid('version_mismatch', 'version', 'The body’s version and If-Match name different versions.');
      }
      const base = expected ?? input.version;
      return serial(`${p.tenantId}\u0000${id}`, async () => {
        const current = await read(p.tenantId, id);
        if (base !== undefined && base !== current.version) throw new DraftConflictError(current);
        return write(p.tenantId, {
          ...current,
          title: input.title ?? current.title,
          version: current.version + 1,
          updatedAt: new Date(ctx.now()).toISOString(),
          data: input.data,
        });
      });
    },
    async delete(p, id) {
      authorize(p, 'catalog:write');
      await serial(`${p.tenantId}\u0000${id}`, async () => {
        if (!UUID.test(id) || !(await assets.delete(p.tenantId, keyOf(id)))) throw notFound('draft', id);
      });
    },
  };
}
