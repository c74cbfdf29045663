import {
  AlreadyExistsError,
  asStoreError,
  assertId,
  decodeCursor,
  encodeCursor,
  gtinForms,
  isCatalogStoreError,
  MAX_CODE_MATCHES,
  manyOf,
  NotFoundError,
  pageSize,
  prepareRelease,
  type ReleaseCodeKind,
  type ReleaseIndex,
  type ReleaseListQuery,
  type ReleaseRecord,
  type ReleaseRepository,
  type ReleaseSummaryRecord,
  releaseCodeKey,
  releaseCodeKeys,
  releaseIndex,
  searchWords,
  summaryFromIndex,
  type WriteManyResult,
  type WriteOptions,
} from '@ddex/catalog-store';
import type { Release } from '@ddex/ern-model';
import { LIMIT, page, placeholders, type SqliteContext } from './context';
import { joinedSummaryPage } from './summary-page';

interface Row {
  seq: number;
  tenant_id: string;
  id: string;
  version: number;
  created_at: string;
  updated_at: string;
  body: string;
}

/** The columns of a {@link Row} (not `*`: the summary column is for lists alone). */
const ROW = 'seq, tenant_id, id, version, created_at, updated_at, body';
/** {@link ROW} of `releases r` */
const R_ROW = 'r.seq, r.tenant_id, r.id, r.version, r.created_at, r.updated_at, r.body';

const toRecord = (r: Row): ReleaseRecord => ({
  tenantId: r.tenant_id,
  id: r.id,
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  release: JSON.parse(r.body) as Release,
});

/** The columns of a summary: no `body`, so no document is copied out or parsed. */
const SUMMARY_COLUMNS = `r.seq, r.tenant_id, r.id, r.version, r.created_at, r.updated_at, r.status, r.type, r.title,
  r.display_artist, r.label, r.release_date, r.barcode, r.catalog_number, r.track_count`;

/**
 * A release's serialized summary: the `summary` column every write stores (see {@link summaryJson}), a quarter of the
 * cost of copying 15 columns a row into objects and stringifying them again. Built from the columns should a row lack
 * it, as migration 8 built it.
 */
const SUMMARY_TEXT = `coalesce(r.summary, json_object('id', r.id, 'version', r.version,
  'createdAt', r.created_at, 'updatedAt', r.updated_at, 'status', r.status, 'type', r.type, 'title', r.title,
  'displayArtist', r.display_artist, 'label', r.label, 'releaseDate', r.release_date, 'barcode', r.barcode,
  'catalogNumber', r.catalog_number, 'trackCount', r.track_count))`;

/** A serialized summary, seq first (the cursor). */
const SUMMARY_JSON = `r.seq, ${SUMMARY_TEXT}`;

/** The `summary` column: the release's summary record without its tenant, as JSON, keys in the record's order. */
function summaryJson(
  meta: { id: string; version: number; createdAt: string; updatedAt: string },
  ix: ReleaseIndex,
): string {
  return JSON.stringify(summaryFromIndex(meta, ix));
}

/** A summary row as an array, in SUMMARY_COLUMNS order (seq first: the cursor). */
type SummaryRow = [
  seq: number,
  tenantId: string,
  id: string,
  version: number,
  createdAt: string,
  updatedAt: string,
  status: string,
  type: string,
  title: string,
  displayArtist: string,
  label: string | null,
  releaseDate: string | null,
  barcode: string | null,
  catalogNumber: string | null,
  trackCount: number,
];

const toSummary = (r: SummaryRow): ReleaseSummaryRecord => ({
  tenantId: r[1],
  id: r[2],
  version: r[3],
  createdAt: r[4],
  updatedAt: r[5],
  status: r[6],
  type: r[7],
  title: r[8],
  displayArtist: r[9],
  label: r[10],
  releaseDate: r[11],
  barcode: r[12],
  catalogNumber: r[13],
  trackCount: r[14],
});

/** Codes only thrown by checks that run before any write. */
const CHECK_CODES = new Set(['INVALID_ARGUMENT', 'ALREADY_EXISTS', 'NOT_FOUND', 'CONFLICT']);

/** Marks a batch to redo release by release. */
class FallBack extends Error {
  constructor(cause: unknown) {
    super('bulk write fell back to one savepoint per release', { cause });
  }
}

/** Search ranks at most this many matches (the newest); rarer words and codes have fewer, so are ranked exactly. */
export const RANK_WINDOW = 500;

/** FTS5 query: every word must match the start of a token, in either column. */
export function ftsQuery(text: string): string | null {
  const words = searchWords(text);
  return words.length === 0 ? null : words.map((w) => `"${w}"*`).join(' AND ');
}

/** SQLite releases with an FTS5 index. @internal */
export function sqliteReleases(ctx: SqliteContext): ReleaseRepository {
  const row = (tenantId: string, id: string): Row => {
    ctx.check(tenantId);
    assertId('release', id);
    const r = ctx.stmt(`SELECT ${ROW} FROM releases WHERE tenant_id = ? AND id = ?`).get(tenantId, id) as
      | Row
      | undefined;
    if (!r) throw new NotFoundError('release', id, ctx.opts);
    return r;
  };

  const index = (seq: number, tenantId: string, release: Release, fresh = false) => {
    const ix = releaseIndex(release);
    if (!fresh) ctx.stmt('DELETE FROM releases_fts WHERE rowid = ?').run(seq);
    ctx
      .stmt('INSERT INTO releases_fts (rowid, headline, tracks, codes, tenant_id) VALUES (?, ?, ?, ?, ?)')
      .run(seq, ix.headline, ix.trackText, ix.codes, tenantId);
    if (!fresh) ctx.stmt('DELETE FROM release_isrcs WHERE release_seq = ?').run(seq);
    for (const isrc of ix.isrcs) {
      ctx.stmt('INSERT INTO release_isrcs (release_seq, tenant_id, isrc) VALUES (?, ?, ?)').run(seq, tenantId, isrc);
    }
    return ix;
  };

  const write = (r: Row, release: Release): ReleaseRecord => {
    const ix = releaseIndex(release);
    const now = ctx.now();
    ctx
      .stmt(
        `UPDATE releases SET version = version + 1, status = ?, type = ?, title = ?, display_artist = ?, label = ?,
         label_key = ?, release_date = ?, barcode = ?, catalog_number = ?, grid = ?, track_count = ?, updated_at = ?,
         body = ?, summary = ? WHERE seq = ?`,
      )
      .run(
        ix.status,
        ix.type,
        ix.title,
        ix.displayArtist,
        ix.label,
        ix.labelKey,
        ix.releaseDate,
        ix.barcode,
        ix.catalogNumber,
        ix.grid,
        ix.trackCount,
        now,
        JSON.stringify(release),
        summaryJson({ id: r.id, version: r.version + 1, createdAt: r.created_at, updatedAt: now }, ix),
        r.seq,
      );
    index(r.seq, r.tenant_id, release);
    return { ...toRecord(r), version: r.version + 1, updatedAt: now, release };
  };

  const createSync = (tenantId: string, release: Release, tenantChecked = false): ReleaseRecord => {
    if (!tenantChecked) ctx.requireTenant(tenantId);
    const doc = prepareRelease(tenantId, release);
    if (ctx.stmt('SELECT 1 FROM releases WHERE tenant_id = ? AND id = ?').get(tenantId, doc.id)) {
      throw new AlreadyExistsError('release', doc.id, ctx.opts);
    }
    const ix = releaseIndex(doc);
    const now = ctx.now();
    const info = ctx
      .stmt(
        `INSERT INTO releases (tenant_id, id, version, status, type, title, display_artist, label, label_key,
         release_date, barcode, catalog_number, grid, track_count, created_at, updated_at, body, summary)
         VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        tenantId,
        doc.id,
        ix.status,
        ix.type,
        ix.title,
        ix.displayArtist,
        ix.label,
        ix.labelKey,
        ix.releaseDate,
        ix.barcode,
        ix.catalogNumber,
        ix.grid,
        ix.trackCount,
        now,
        now,
        JSON.stringify(doc),
        summaryJson({ id: doc.id, version: 1, createdAt: now, updatedAt: now }, ix),
      );
    index(Number(info.lastInsertRowid), tenantId, doc, true);
    return { tenantId, id: doc.id, version: 1, createdAt: now, updatedAt: now, release: doc };
  };

  const updateSync = (tenantId: string, id: string, release: Release, options?: WriteOptions): ReleaseRecord => {
    const r = row(tenantId, id);
    const doc = prepareRelease(tenantId, release, id);
    ctx.checkVersion('release', id, options?.expectedVersion, r.version);
    return write(r, doc);
  };

  const filters = (tenantId: string, q: ReleaseListQuery) => {
    const where = ['r.tenant_id = ?'];
    const params: unknown[] = [tenantId];
    const status = manyOf(q.status);
    if (status) {
      where.push(`r.status IN (${placeholders(status.length)})`);
      params.push(...status);
    }
    const type = manyOf(q.type);
    if (type) {
      where.push(`r.type IN (${placeholders(type.length)})`);
      params.push(...type);
    }
    if (q.label !== undefined) {
      where.push('r.label_key = ?');
      params.push(q.label.toLowerCase());
    }
    if (q.releaseDateFrom !== undefined) {
      where.push('r.release_date >= ?');
      params.push(q.releaseDateFrom);
    }
    if (q.releaseDateTo !== undefined) {
      where.push('r.release_date <= ?');
      params.push(q.releaseDateTo);
    }
    return { where, params };
  };

  /**
   * The statement and arguments of one keyset page (plus one row, to tell whether another follows) of `columns` of the
   * releases a query selects, in page order.
   */
  const pageQuery = (columns: string, tenantId: string, query: ReleaseListQuery) => {
    ctx.check(tenantId);
    const limit = pageSize(query.limit);
    const after = decodeCursor(query.cursor);
    const desc = (query.order ?? 'desc') === 'desc';
    const { where, params } = filters(tenantId, query);
    const match = query.text === undefined ? null : ftsQuery(query.text);
    const dir = desc ? 'DESC' : 'ASC';
    if (match === null) {
      if (after !== null) {
        where.push(desc ? 'r.seq < ?' : 'r.seq > ?');
        params.push(after);
      }
      const sql = `SELECT ${columns} FROM releases r WHERE ${where.join(' AND ')} ORDER BY r.seq ${dir} ${LIMIT}`;
      return { sql, args: [...params, limit + 1], limit, desc };
    }
    // driven by the FTS index in rowid (= seq) order, so a page stops after `limit` hits. The tenant is checked on the
    // release row (where[0]), which the page reads anyway: the FTS table's copy of it is not stored in its index, so
    // checking that one too cost a read of the FTS content row per hit (a quarter of a search page).
    if (after !== null) {
      where.push(desc ? 'f.rowid < ?' : 'f.rowid > ?');
      params.push(after);
    }
    const sql = `SELECT ${columns} FROM releases_fts f JOIN releases r ON r.seq = f.rowid
      WHERE releases_fts MATCH ? AND ${where.join(' AND ')} ORDER BY f.rowid ${dir} ${LIMIT}`;
    return { sql, args: [match, ...params, limit + 1], limit, desc };
  };

  /** One keyset page (plus one row, to tell whether another follows) of `columns` of the releases a query selects. */
  const pageRows = <R>(columns: string, tenantId: string, query: ReleaseListQuery, raw = false) => {
    const { sql, args, limit } = pageQuery(columns, tenantId, query);
    return { rows: (raw ? ctx.rawStmt(sql) : ctx.stmt(sql)).all(...args) as R[], limit };
  };

  const findCodes = async (tenantId: string, kind: ReleaseCodeKind, keys: string[]): Promise<ReleaseRecord[]> => {
    ctx.check(tenantId);
    const limit = MAX_CODE_MATCHES * keys.length;
    if (kind === 'isrc') {
      const rows = ctx
        .stmt(
          `SELECT ${R_ROW} FROM releases r WHERE r.seq IN (SELECT i.release_seq FROM release_isrcs i
             WHERE i.tenant_id = ? AND i.isrc IN (SELECT value FROM json_each(?))) ORDER BY r.seq DESC ${LIMIT}`,
        )
        .all(tenantId, JSON.stringify(keys), limit) as Row[];
      return rows.map(toRecord);
    }
    // stored as written: a GTIN key matches its zero-padded forms (the indexes are on the raw columns)
    const forms = kind === 'upc' ? keys.flatMap(gtinForms) : keys;
    const rows = ctx
      .stmt(
        `SELECT ${ROW} FROM releases WHERE tenant_id = ? AND ${kind === 'upc' ? 'barcode' : 'grid'}
         IN (SELECT value FROM json_each(?)) ORDER BY seq DESC ${LIMIT}`,
      )
      .all(tenantId, JSON.stringify(forms), limit) as Row[];
    return rows.map(toRecord);
  };

  return {
    async writeMany(tenantId, releases, options = {}) {
      const one = (release: Release): WriteManyResult => {
        const id = String((release as { id?: unknown })?.id);
        if (
          options.mode === 'upsert' &&
          ctx.stmt('SELECT 1 FROM releases WHERE tenant_id = ? AND id = ?').get(tenantId, id)
        ) {
          return { ok: true, id, record: updateSync(tenantId, id, release), created: false };
        }
        return { ok: true, id, record: createSync(tenantId, release, true), created: true };
      };
      const failed = (release: Release, error: unknown): WriteManyResult => ({
        ok: false,
        id: String((release as { id?: unknown })?.id),
        error: asStoreError(error),
      });
      try {
        // fast path, one transaction: createSync/updateSync run every check before their first write, so a
        // check failure (these codes) leaves nothing half-written and the batch goes on
        return ctx.write(() => {
          ctx.requireTenant(tenantId);
          return releases.map((release) => {
            try {
              return one(release);
            } catch (error) {
              if (isCatalogStoreError(error) && CHECK_CODES.has(error.code)) return failed(release, error);
              throw new FallBack(error);
            }
          });
        });
      } catch (error) {
        if (!(error instanceof FallBack)) throw error;
      }
      // slow path after an unexpected failure mid-write: the batch was rolled back; redo it with a savepoint per
      // release (savepoints make FTS5 flush, hence not the default)
      return ctx.write(() => {
        ctx.requireTenant(tenantId);
        return releases.map((release) => {
          try {
            return ctx.db.transaction(() => one(release))();
          } catch (error) {
            return failed(release, error);
          }
        });
      });
    },
    async create(tenantId, release) {
      return ctx.write(() => createSync(tenantId, release));
    },
    async get(tenantId, id) {
      return toRecord(row(tenantId, id));
    },
    async getJson(tenantId, id) {
      // the stored text is JSON.stringify of the document (create and write), so it is what a stringify would give
      const r = row(tenantId, id);
      return {
        tenantId: r.tenant_id,
        id: r.id,
        version: r.version,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
        releaseJson: r.body,
      };
    },
    async find(tenantId, id) {
      ctx.check(tenantId);
      const r = ctx.stmt(`SELECT ${ROW} FROM releases WHERE tenant_id = ? AND id = ?`).get(tenantId, id) as
        | Row
        | undefined;
      return r ? toRecord(r) : null;
    },
    async update(tenantId, id, release, options) {
      return ctx.write(() => updateSync(tenantId, id, release, options));
    },
    async archive(tenantId, id, options) {
      return ctx.write(() => {
        const r = row(tenantId, id);
        ctx.checkVersion('release', id, options?.expectedVersion, r.version);
        return write(r, { ...(JSON.parse(r.body) as Release), status: 'archived' });
      });
    },
    async delete(tenantId, id, options) {
      ctx.write(() => {
        const r = row(tenantId, id);
        ctx.checkVersion('release', id, options?.expectedVersion, r.version);
        ctx.stmt('DELETE FROM releases_fts WHERE rowid = ?').run(r.seq);
        ctx.stmt('DELETE FROM releases WHERE seq = ?').run(r.seq);
      });
    },
    async list(tenantId, query = {}) {
      const { rows, limit } = pageRows<Row>(R_ROW, tenantId, query);
      return page(rows, limit, toRecord);
    },
    async listSummaries(tenantId, query = {}) {
      const { rows, limit } = pageRows<SummaryRow>(SUMMARY_COLUMNS, tenantId, query, true);
      const items = rows.slice(0, limit);
      const last = items[items.length - 1];
      return { items: items.map(toSummary), nextCursor: rows.length > limit && last ? encodeCursor(last[0]) : null };
    },
    async listSummariesJson(tenantId, query = {}) {
      const { sql, args, limit, desc } = pageQuery(`r.seq AS seq, ${SUMMARY_TEXT} AS summary`, tenantId, query);
      const joined = joinedSummaryPage(ctx, sql, args, limit, desc);
      if (joined) return joined;
      const { rows } = pageRows<[seq: number, json: string]>(SUMMARY_JSON, tenantId, query, true);
      const items = rows.slice(0, limit);
      const last = items[items.length - 1];
      return {
        itemsJson: `[${items.map((r) => r[1]).join(',')}]`,
        nextCursor: rows.length > limit && last ? encodeCursor(last[0]) : null,
      };
    },
    async findByCode(tenantId, kind, code) {
      return findCodes(tenantId, kind, [releaseCodeKey(kind, code)]);
    },
    async findByCodes(tenantId, kind, codes) {
      return findCodes(tenantId, kind, releaseCodeKeys(kind, codes));
    },
    async search(tenantId, text, options = {}) {
      ctx.check(tenantId);
      const limit = options.limit === undefined ? 20 : pageSize(options.limit);
      const match = ftsQuery(text);
      if (match === null) return [];
      const status = manyOf(options.status);
      // rank the newest RANK_WINDOW matches on the FTS table alone (tenant is an UNINDEXED column there), so a
      // broad word costs the same at 100k releases as at 1k: first matches on the release's own title, artist,
      // label and codes, then (when those are too few) matches that need track titles
      const sql = `SELECT f.rowid AS seq, bm25(releases_fts, 2.0, 1.0, 4.0) AS score FROM releases_fts f
        ${status ? `JOIN releases r ON r.seq = f.rowid AND r.status IN (${placeholders(status.length)})` : ''}
        WHERE releases_fts MATCH ? AND f.tenant_id = ? ORDER BY f.rowid DESC ${LIMIT}`;
      const rank = (q: string) =>
        (ctx.stmt(sql).all(...(status ?? []), q, tenantId, RANK_WINDOW) as { seq: number; score: number }[]).sort(
          (a, b) => a.score - b.score || b.seq - a.seq,
        );
      const ranked = rank(`{headline codes} : (${match})`).slice(0, limit);
      if (ranked.length < limit) {
        const seen = new Set(ranked.map((h) => h.seq));
        ranked.push(
          ...rank(match)
            .filter((h) => !seen.has(h.seq))
            .slice(0, limit - ranked.length),
        );
      }
      const rows = ranked.map(
        (h) =>
          ctx.stmt(`SELECT ${ROW} FROM releases WHERE seq = ? AND tenant_id = ?`).get(h.seq, tenantId) as
            | Row
            | undefined,
      );
      return rows.filter((r): r is Row => r !== undefined).map(toRecord);
    },
  };
}
