import {
  getReleaseJson,
  listReleaseSummaries,
  listReleaseSummariesJson,
  type ReleaseListQuery,
  type ReleaseRecord,
  type ReleaseSummaryRecord,
} from '@ddex/catalog-store';
import { fromZodIssue, parseRelease, type Release, ReleaseSchema } from '@ddex/ern-model';
import { z } from 'zod';
import { validationError } from '../errors';
import { invalid, ownedBy } from '../input';
import { authorize, type Principal } from '../principal';
import type { PageView, RecordView, ServiceContext } from './context';

/** A release as the API returns it. */
export interface ReleaseView extends RecordView {
  /** the release document */
  release: Release;
}

/**
 * A release as lists return it (`GET /api/releases`): bookkeeping and the catalog columns, not the document; read
 * one release (`GET /api/releases/{id}`) for its document.
 */
export const ReleaseSummaryViewSchema = z.object({
  id: z.string(),
  version: z.number().int().describe('optimistic-concurrency version (the ETag of GET /api/releases/{id})'),
  createdAt: z.string(),
  updatedAt: z.string(),
  status: z.string(),
  type: z.string().describe("'' when the release has none"),
  title: z.string(),
  displayArtist: z.string(),
  label: z.string().nullable(),
  releaseDate: z.string().nullable().describe('YYYY-MM-DD'),
  barcode: z.string().nullable().describe('UPC/EAN'),
  catalogNumber: z.string().nullable(),
  trackCount: z.number().int(),
});

/** A release as lists return it: see {@link ReleaseSummaryViewSchema}. */
export type ReleaseSummaryView = z.output<typeof ReleaseSummaryViewSchema>;

/** Filters of {@link ReleaseService.list}. */
export interface ReleaseListInput {
  /** statuses */
  status?: string[];
  /** release types */
  type?: string[];
  /** label (exact, case-insensitive) */
  label?: string;
  /** full-text query */
  q?: string;
  /** release date from (YYYY-MM-DD) */
  releaseDateFrom?: string;
  /** release date to (YYYY-MM-DD) */
  releaseDateTo?: string;
  /** paging cursor */
  cursor?: string;
  /** page size */
  limit?: number;
  /** creation order */
  order?: 'asc' | 'desc';
}

/** Releases CRUD: every write goes through `parseRelease`; stale writes fail with CONFLICT. */
export interface ReleaseService {
  /** Lists the tenant's releases as summaries (no documents: a page stays small and cheap at any catalog size). */
  list(principal: Principal, input?: ReleaseListInput): Promise<PageView<ReleaseSummaryView>>;
  /**
   * {@link list} as the JSON text of its page (what `GET /api/releases` sends): the store may serialize the
   * summaries itself, which costs half as much as building and stringifying objects.
   */
  listJson(principal: Principal, input?: ReleaseListInput): Promise<string>;
  /** Reads one release. */
  get(principal: Principal, id: string): Promise<ReleaseView>;
  /**
   * {@link get} as the JSON text of its view, with the version for the ETag: the store may hand over the document as
   * stored, instead of parsing it to stringify it again.
   */
  getJson(principal: Principal, id: string): Promise<{ version: number; json: string }>;
  /** Creates a release from the JSON import format. */
  create(principal: Principal, input: unknown): Promise<ReleaseView>;
  /** Replaces a release; `expectedVersion` enables optimistic concurrency. */
  update(principal: Principal, id: string, input: unknown, expectedVersion?: number): Promise<ReleaseView>;
  /** Deletes a release. */
  delete(principal: Principal, id: string, expectedVersion?: number): Promise<void>;
}

/** The view of a stored release. */
export function releaseView(record: ReleaseRecord): ReleaseView {
  const { id, version, createdAt, updatedAt, release } = record;
  return { id, version, createdAt, updatedAt, release };
}

/** The list view of a stored release's summary (without its tenant, like every view). */
export function releaseSummaryView(record: ReleaseSummaryRecord): ReleaseSummaryView {
  const { tenantId: _tenant, ...view } = record;
  return view;
}

/**
 * `parseRelease`, made total: should the model's cross-field pass throw on some malformed input, the field issues
 * of the schema alone are reported, so bad input is always a 400 and never a 500.
 */
export function safeParseRelease(input: unknown): ReturnType<typeof parseRelease> {
  try {
    return parseRelease(input);
  } catch {
    const result = ReleaseSchema.safeParse(input, { reportInput: true });
    if (result.success)
      return { success: false, issues: [{ code: 'invalid', path: '', message: 'The release could not be checked.' }] };
    return { success: false, issues: result.error.issues.map(fromZodIssue) };
  }
}

/** Release ids appear in URLs and file names: no slashes, control characters or surrounding spaces. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we reject
const SAFE_ID = /^[^\s/\\\u0000-\u001f\u007f](?:[^/\\\u0000-\u001f\u007f]{0,254}[^\s/\\\u0000-\u001f\u007f])?$/;

function parsed(input: unknown, tenantId: string): Release {
  const result = safeParseRelease(ownedBy(input, tenantId));
  if (!result.success) throw validationError(result.issues, 'the release is invalid');
  if (!SAFE_ID.test(result.data.id)) {
    invalid(
      'invalid_format',
      'id',
      'id must be 1-256 characters without slashes, control characters or surrounding spaces.',
    );
  }
  return result.data;
}

/** The store query of a list request. */
function listQuery(input: ReleaseListInput): ReleaseListQuery {
  return {
    status: input.status,
    type: input.type,
    label: input.label,
    text: input.q,
    releaseDateFrom: input.releaseDateFrom,
    releaseDateTo: input.releaseDateTo,
    cursor: input.cursor,
    limit: input.limit,
    order: input.order,
  };
}

/** @internal */
export function releaseService(ctx: ServiceContext): ReleaseService {
  const { store } = ctx;
  return {
    async list(p, input = {}) {
      authorize(p, 'catalog:read');
      const page = await listReleaseSummaries(store.releases, p.tenantId, listQuery(input));
      return { items: page.items.map(releaseSummaryView), nextCursor: page.nextCursor };
    },
    async listJson(p, input = {}) {
      authorize(p, 'catalog:read');
      const page = await listReleaseSummariesJson(store.releases, p.tenantId, listQuery(input));
      return `{"items":${page.itemsJson},"nextCursor":${JSON.stringify(page.nextCursor)}}`;
    },
    async get(p, id) {
      authorize(p, 'catalog:read');
      return releaseView(await store.releases.get(p.tenantId, id));
    },
    async getJson(p, id) {
      authorize(p, 'catalog:read');
      const r = await getReleaseJson(store.releases, p.tenantId, id);
      // the keys of releaseView, in its order
      const json = `{"id":${JSON.stringify(r.id)},"version":${r.version},"createdAt":${JSON.stringify(r.createdAt)},"updatedAt":${JSON.stringify(r.updatedAt)},"release":${r.releaseJson}}`;
      return { version: r.version, json };
    },
    async create(p, input) {
      authorize(p, 'catalog:write');
      const release = parsed(input, p.tenantId);
      const record = await store.releases.create(p.tenantId, release);
      await ctx.audit(p, 'release.create', 'release', record.id);
      return releaseView(record);
    },
    async update(p, id, input, expectedVersion) {
      authorize(p, 'catalog:write');
      const body = input !== null && typeof input === 'object' && !Array.isArray(input) ? { id, ...input } : input;
      if ((body as { id?: unknown })?.id !== id) invalid('id_mismatch', 'id', `id must be "${id}", as in the URL.`);
      const release = parsed(body, p.tenantId);
      const record = await store.releases.update(p.tenantId, id, release, { expectedVersion });
      await ctx.audit(p, 'release.update', 'release', id, { version: record.version });
      return releaseView(record);
    },
    async delete(p, id, expectedVersion) {
      authorize(p, 'catalog:write');
      await store.releases.delete(p.tenantId, id, { expectedVersion });
      await ctx.audit(p, 'release.delete', 'release', id);
    },
  };
}
