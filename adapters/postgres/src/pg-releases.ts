import {
  asStoreError,
  assertId,
  assertTenantId,
  decodeCursor,
  gtinForms,
  isCatalogStoreError,
  MAX_CODE_MATCHES,
  manyOf,
  NotFoundError,
  pageSize,
  prepareRelease,
  type ReleaseCodeKind,
  type ReleaseListQuery,
  type ReleaseRecord,
  type ReleaseRepository,
  releaseCodeKey,
  releaseCodeKeys,
  searchWords,
  type WriteManyResult,
} from '@ddex/catalog-store';
import type { Release } from '@ddex/ern-model';
import { ERR, type PgDb } from './db';
import { JSON_AS_TEXT } from './json-as-text';
import { assertNoNul } from './nul-escape';
import {
  codeRange,
  insertCodesCte,
  releaseCodes,
  seqInCodeRange,
  seqWithCodes,
  syncCodesCtes,
} from './pg-release-codes';
import { deleteWordsCte, insertWordsCte, rareWordCtes, releaseWords, syncWordsCtes } from './pg-release-words';
import { indexParams, pgWriteMany } from './pg-write-many';
import { insertError, isoOf, json, notFoundOrConflict, pageOf, Where } from './rows';

interface Row {
  seq: string;
  tenant_id: string;
  id: string;
  /** the document: JSON text from {@link PgDb.one} with {@link JSON_AS_TEXT}, parsed JSON from {@link PgDb.tx} */
  doc: string | Release;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const COLS = 'seq, tenant_id, id, doc, version, created_at, updated_at';

// Reads take the documents as text (JSON_AS_TEXT) and parse them here, once all rows are in: node-postgres parses
// each json value as its row arrives, between reads of the socket, so a young-generation GC then found a page's
// worth of fresh objects alive and copied them. At 51 documents (~200 KB) a page, that was most of a list's p95.
const toRecord = (r: Row): ReleaseRecord => ({
  tenantId: r.tenant_id,
  id: r.id,
  version: r.version,
  createdAt: isoOf(r.created_at),
  updatedAt: isoOf(r.updated_at),
  release: typeof r.doc === 'string' ? (JSON.parse(r.doc) as Release) : r.doc,
});

/** Search ranks at most this many matches (the newest); rarer words and codes have fewer, so are ranked exactly. */
export const RANK_WINDOW = 500;

/**
 * Search words as two tsqueries: every word as a prefix (`a:* & b:*`, what must match) and any word whole
 * (`a | b`, ranked up). Words are letters and digits only, so they are safe inside tsquery syntax.
 */
function tsQueries(text: string) {
  const words = searchWords(text);
  if (words.length === 0) return null;
  return {
    prefix: words.map((w) => `${w}:*`).join(' & '),
    exact: words.join(' | '),
    codes: codeRange(words),
    words,
  };
}

/**
 * Adds the conditions of a text query to `w` (whose `$1` is the tenant): every word as a tsvector prefix and, when
 * a word has a digit, the release codes in its prefix range. Otherwise returns the CTEs that probe for the releases
 * of the rarest word ({@link rareWordCtes}), for {@link matching}. Under row-level security those B-trees are the
 * only indexes the planner may use (`@@` is not leakproof): for a code or a rare word they turn a scan of the
 * tenant's releases into a lookup; a common word keeps the scan, which stops early. The probe is part of the
 * statement that reads the releases: one round trip, and no seqs sent to the process and back.
 */
function whereText(w: Where, ts: NonNullable<ReturnType<typeof tsQueries>>): { prefix: string; rare: string | null } {
  const prefix = w.param(ts.prefix);
  w.add(`search @@ to_tsquery('simple', ${prefix})`);
  if (ts.codes) {
    w.add(seqInCodeRange('$1', w.param(ts.codes.from), w.param(ts.codes.to)));
    return { prefix, rare: null };
  }
  return { prefix, rare: rareWordCtes('$1', ts.words, (v) => w.param(v)) };
}

/**
 * A statement's `WITH` clause and its source of releases: the first `n` rows of `w` in seq order (`dir`), with
 * columns `cols`. With rare-word CTEs, the union of a lookup of the rarest word's releases and the scan when every
 * word is common: gated by the CTE, only one of them reads rows.
 */
function matching(w: Where, rare: string | null, cols: string, dir: 'ASC' | 'DESC', n: number) {
  const rows = (also: string) => `(SELECT ${cols} FROM releases ${w}${also} ORDER BY seq ${dir} LIMIT ${n})`;
  if (rare === null) return { with: '', rows: rows('') };
  return {
    with: `WITH ${rare}`,
    rows: `(${rows(' AND seq = ANY((SELECT seqs FROM rare)::bigint[])')}
      UNION ALL ${rows(' AND NOT EXISTS (SELECT FROM rare)')})`,
  };
}

/** Releases on PostgreSQL: JSON documents, indexed columns, a weighted tsvector for search. @internal */
export function pgReleases(db: PgDb): ReleaseRepository {
  const find = async (tenantId: string, id: string): Promise<ReleaseRecord | null> => {
    db.checkOpen();
    assertTenantId(tenantId);
    assertId('release', id);
    const res = await db.one<Row>(
      { tenant: tenantId },
      `SELECT ${COLS} FROM releases WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
      JSON_AS_TEXT,
    );
    return res.rows[0] ? toRecord(res.rows[0]) : null;
  };

  const findCodes = async (tenantId: string, kind: ReleaseCodeKind, keys: string[]): Promise<ReleaseRecord[]> => {
    db.checkOpen();
    assertTenantId(tenantId);
    const limit = MAX_CODE_MATCHES * keys.length;
    const scope = { tenant: tenantId };
    const res =
      kind === 'isrc'
        ? // ISRCs are release codes (lower-cased search words): their index finds candidates, the tracks confirm
          await db.one<Row>(
            scope,
            `SELECT ${COLS} FROM releases WHERE tenant_id = $1 AND ${seqWithCodes('$1', '$2')}
               AND EXISTS (SELECT 1 FROM json_array_elements(doc->'tracks') t
                           WHERE upper(replace(t->>'isrc', '-', '')) = ANY($3::text[]))
             ORDER BY seq DESC LIMIT ${limit}`,
            [tenantId, keys.flatMap((k) => searchWords(k)), keys],
            JSON_AS_TEXT,
          )
        : // plain text columns: text equality is leakproof, so their indexes work under row-level security (an
          // expression index on doc->'metadata' would not be used); a GTIN key matches its zero-padded forms
          await db.one<Row>(
            scope,
            `SELECT ${COLS} FROM releases
             WHERE tenant_id = $1 AND ${kind === 'upc' ? 'barcode' : 'grid'} = ANY($2::text[])
             ORDER BY seq DESC LIMIT ${limit}`,
            [tenantId, kind === 'upc' ? keys.flatMap(gtinForms) : keys],
            JSON_AS_TEXT,
          );
    return res.rows.map(toRecord);
  };

  const repo: ReleaseRepository = {
    async create(tenantId, release) {
      db.checkOpen();
      const doc = prepareRelease(tenantId, release);
      const text = json(doc)!;
      assertNoNul(doc.id, text);
      const now = db.now();
      try {
        return await db.tx({ tenant: tenantId }, async (q) => {
          const ix = indexParams(doc);
          const res = await q.query<Row>(
            `WITH s AS (SELECT $2::text AS id, $13::text[] AS codes, $14::text[] AS words),
               w AS (INSERT INTO releases (tenant_id, id, doc, version, created_at, updated_at,
                 status, type, label_key, release_date, text_words, code_words, barcode, grid)
               VALUES ($1, $2, $3::json, 1, $4, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING ${COLS}),
             ${insertCodesCte('$1', 'w', 's')},
             ${insertWordsCte('$1', 'w', 's')}
             SELECT ${COLS} FROM w`,
            [tenantId, doc.id, text, now, ...ix, releaseCodes(ix[4]!, ix[5]!), releaseWords(ix[4]!, ix[5]!)],
          );
          return toRecord(res.rows[0]!);
        });
      } catch (error) {
        throw insertError(error, 'release', doc.id, tenantId);
      }
    },

    async get(tenantId, id) {
      const record = await find(tenantId, id);
      if (!record) throw new NotFoundError('release', id, ERR);
      return record;
    },

    find,

    async update(tenantId, id, release, options) {
      db.checkOpen();
      assertId('release', id);
      const doc = prepareRelease(tenantId, release, id);
      const text = json(doc)!;
      assertNoNul(id, text);
      const expected = options?.expectedVersion;
      return db.tx({ tenant: tenantId }, async (q) => {
        const ix = indexParams(doc);
        const res = await q.query<Row>(
          `WITH s AS (SELECT $2::text AS id, $14::text[] AS codes, $15::text[] AS words),
             o AS (SELECT seq, text_words, code_words FROM releases WHERE tenant_id = $1 AND id = $2),
             w AS (UPDATE releases SET doc = $3::json, version = version + 1, updated_at = $4,
               status = $5, type = $6, label_key = $7, release_date = $8, text_words = $9, code_words = $10,
               barcode = $11, grid = $12
             WHERE tenant_id = $1 AND id = $2 AND ($13::int IS NULL OR version = $13) RETURNING ${COLS}),
           ${syncCodesCtes('$1', 'w', 's')},
           ${syncWordsCtes('$1', 'w', 'o', 's')}
           SELECT ${COLS} FROM w`,
          [
            tenantId,
            id,
            text,
            db.now(),
            ...ix,
            expected ?? null,
            releaseCodes(ix[4]!, ix[5]!),
            releaseWords(ix[4]!, ix[5]!),
          ],
        );
        if (!res.rows[0]) return notFoundOrConflict(q, 'releases', 'release', { tenantId, id }, expected);
        return toRecord(res.rows[0]);
      });
    },

    async archive(tenantId, id, options) {
      db.checkOpen();
      assertTenantId(tenantId);
      assertId('release', id);
      const expected = options?.expectedVersion;
      return db.tx({ tenant: tenantId }, async (q) => {
        const res = await q.query<Row>(
          `UPDATE releases SET doc = jsonb_set(doc::jsonb, '{status}', '"archived"')::json, status = 'archived',
             version = version + 1, updated_at = $3
           WHERE tenant_id = $1 AND id = $2 AND ($4::int IS NULL OR version = $4) RETURNING ${COLS}`,
          [tenantId, id, db.now(), expected ?? null],
        );
        if (!res.rows[0]) return notFoundOrConflict(q, 'releases', 'release', { tenantId, id }, expected);
        return toRecord(res.rows[0]);
      });
    },

    async delete(tenantId, id, options) {
      db.checkOpen();
      assertTenantId(tenantId);
      assertId('release', id);
      const expected = options?.expectedVersion;
      await db.tx({ tenant: tenantId }, async (q) => {
        const res = await q.query(
          `WITH d AS (DELETE FROM releases WHERE tenant_id = $1 AND id = $2 AND ($3::int IS NULL OR version = $3)
             RETURNING seq, text_words, code_words),
           codes_gone AS (DELETE FROM release_codes WHERE tenant_id = $1 AND seq IN (SELECT seq FROM d)),
           ${deleteWordsCte('$1', 'd')}
           SELECT seq FROM d`,
          [tenantId, id, expected ?? null],
        );
        if (res.rowCount === 0) await notFoundOrConflict(q, 'releases', 'release', { tenantId, id }, expected);
      });
    },

    async list(tenantId, query: ReleaseListQuery = {}) {
      db.checkOpen();
      assertTenantId(tenantId);
      const limit = pageSize(query.limit);
      const after = decodeCursor(query.cursor);
      const desc = (query.order ?? 'desc') === 'desc';
      const w = new Where().add('tenant_id = $?', tenantId);
      const status = manyOf(query.status);
      if (status) w.oneOf('status', status);
      const type = manyOf(query.type);
      if (type) w.oneOf('type', type);
      if (query.label !== undefined) w.add('label_key = $?', query.label.toLowerCase());
      if (query.releaseDateFrom !== undefined) w.add('release_date >= $?', query.releaseDateFrom);
      if (query.releaseDateTo !== undefined) w.add('release_date <= $?', query.releaseDateTo);
      const ts = query.text === undefined ? null : tsQueries(query.text);
      if (after !== null) w.add(desc ? 'seq < $?' : 'seq > $?', after);
      const dir = desc ? 'DESC' : 'ASC';
      const rare = ts ? whereText(w, ts).rare : null;
      const m = matching(w, rare, COLS, dir, limit + 1);
      const res = await db.one<Row>(
        { tenant: tenantId },
        rare === null
          ? `SELECT ${COLS} FROM releases ${w} ORDER BY seq ${dir} LIMIT ${limit + 1}`
          : `${m.with} SELECT ${COLS} FROM ${m.rows} m ORDER BY seq ${dir} LIMIT ${limit + 1}`,
        w.params,
        JSON_AS_TEXT,
      );
      return pageOf(res.rows, limit, toRecord);
    },

    async search(tenantId, text, options = {}) {
      db.checkOpen();
      assertTenantId(tenantId);
      const limit = options.limit === undefined ? 20 : pageSize(options.limit);
      const ts = tsQueries(typeof text === 'string' ? text : '');
      if (!ts) return [];
      const w = new Where().add('tenant_id = $?', tenantId);
      const e = w.param(ts.exact);
      const status = manyOf(options.status);
      if (status) w.oneOf('status', status);
      // rank the newest RANK_WINDOW matches, as the SQLite store does: a common word matches a large share of
      // the catalog, and ranking all of them was 200 ms at 100,000 releases; newest first, the scan stops early
      const { prefix: p, rare } = whereText(w, ts);
      const m = matching(w, rare, `${COLS}, search`, 'DESC', RANK_WINDOW);
      const res = await db.one<Row>(
        { tenant: tenantId },
        `${m.with} SELECT ${COLS} FROM ${m.rows} m
         ORDER BY ts_rank(search, to_tsquery('simple', ${p})) + ts_rank(search, to_tsquery('simple', ${e})) DESC,
           seq DESC
         LIMIT ${limit}`,
        w.params,
        JSON_AS_TEXT,
      );
      return res.rows.map(toRecord);
    },
    async findByCode(tenantId, kind, code) {
      return findCodes(tenantId, kind, [releaseCodeKey(kind, code)]);
    },
    async findByCodes(tenantId, kind, codes) {
      return findCodes(tenantId, kind, releaseCodeKeys(kind, codes));
    },
  };
  const single = async (tenantId: string, release: Release, upsert: boolean): Promise<WriteManyResult> => {
    try {
      if (upsert && (await find(tenantId, release.id))) {
        return { ok: true, id: release.id, record: await repo.update(tenantId, release.id, release), created: false };
      }
      return { ok: true, id: release.id, record: await repo.create(tenantId, release), created: true };
    } catch (error) {
      if (isCatalogStoreError(error, 'CLOSED')) throw error;
      return { ok: false, id: release.id, error: asStoreError(error) };
    }
  };
  repo.writeMany = pgWriteMany(db, single);
  return repo;
}
