import {
  AlreadyExistsError,
  asStoreError,
  assertTenantId,
  type CatalogStoreError,
  isCatalogStoreError,
  NotFoundError,
  prepareReleaseJson,
  type ReleaseRecord,
  type ReleaseRepository,
  releaseIndex,
  searchWords,
  type WriteManyResult,
} from '@ddex/catalog-store';
import type { Release } from '@ddex/ern-model';
import { ERR, type PgDb } from './db';
import { assertNoNul } from './nul-escape';
import { insertCodesCte, releaseCodes, syncCodesCtes } from './pg-release-codes';
import { insertWordsCte, releaseWords, syncWordsCtes } from './pg-release-words';
import type { PgQueryable } from './pg-types';
import { isoOf } from './rows';

/** The indexed columns of a release: status, type, label key, release date, text and code words, UPC, GRid. @internal */
export function indexParams(doc: Release): (string | null)[] {
  const ix = releaseIndex(doc);
  return [
    ix.status,
    ix.type,
    ix.labelKey,
    ix.releaseDate,
    searchWords(ix.text).join(' '),
    searchWords(ix.codes).join(' '),
    ix.barcode,
    ix.grid,
  ];
}

interface Item {
  /** position in the input */
  at: number;
  /** the release as given (indexed, and redone through `single` on fallback) */
  release: Release;
  id: string;
  /** the stored document as JSON text, from `prepareReleaseJson` */
  json: string;
}

interface Written {
  id: string;
  version: number;
  created_at: Date;
  updated_at: Date;
}

// a whole batch is two JSON parameters: the indexed columns of each release ($3, read by jsonb_to_recordset) and
// the documents ($4, a JSON array of their texts, read by json_array_elements), matched by position. One round trip,
// and no PG array literal of escaped documents for node-postgres to build (that escaping was a tenth of the import's
// CPU). Each document's text goes into the json column as it is, only checked: parsing the documents into jsonb (or
// into records with json_to_recordset) was most of the server's time of an import (migration 11)
const BATCH = `u AS (SELECT r.*, d.doc
  FROM ROWS FROM (jsonb_to_recordset($3::jsonb) AS (id text, status text, type text, label_key text,
      release_date text, text_words text, code_words text, barcode text, grid text, codes text[], words text[]))
    WITH ORDINALITY AS r(id, status, type, label_key, release_date, text_words, code_words, barcode, grid, codes,
      words, n)
  JOIN ROWS FROM (json_array_elements($4::json)) WITH ORDINALITY AS d(doc, n) ON d.n = r.n)`;

// each statement writes the releases and their release_codes and release_words rows together
const INSERT = `WITH ${BATCH},
  ins AS (INSERT INTO releases (tenant_id, id, doc, version, created_at, updated_at,
      status, type, label_key, release_date, text_words, code_words, barcode, grid)
    SELECT $1, u.id, u.doc, 1, $2, $2, u.status, u.type, u.label_key, u.release_date, u.text_words, u.code_words,
      u.barcode, u.grid
    FROM u ORDER BY u.n
    ON CONFLICT (tenant_id, id) DO NOTHING
    RETURNING seq, id, version, created_at, updated_at),
  ${insertCodesCte('$1', 'ins', 'u')},
  ${insertWordsCte('$1', 'ins', 'u')}
  SELECT id, version, created_at, updated_at FROM ins`;

const UPDATE = `WITH ${BATCH},
  old AS (SELECT r.seq, r.text_words, r.code_words FROM releases r JOIN u ON r.tenant_id = $1 AND r.id = u.id),
  up AS (UPDATE releases r SET doc = u.doc, version = r.version + 1, updated_at = $2, status = u.status,
      type = u.type, label_key = u.label_key, release_date = u.release_date, text_words = u.text_words,
      code_words = u.code_words, barcode = u.barcode, grid = u.grid
    FROM u WHERE r.tenant_id = $1 AND r.id = u.id
    RETURNING r.seq, r.id, r.version, r.created_at, r.updated_at),
  ${syncCodesCtes('$1', 'up', 'u')},
  ${syncWordsCtes('$1', 'up', 'old', 'u')}
  SELECT id, version, created_at, updated_at FROM up`;

/**
 * The batch as two JSON arrays, in the same order: the indexed columns of each release, and the documents (their
 * JSON texts spliced in as they are, never re-encoded).
 */
function batchJson(items: Item[]): { rows: string; docs: string } {
  const rows: unknown[] = [];
  for (const { release, id } of items) {
    const [status, type, label_key, release_date, text_words, code_words, barcode, grid] = indexParams(release);
    const codes = releaseCodes(text_words!, code_words!);
    const words = releaseWords(text_words!, code_words!);
    rows.push({ id, status, type, label_key, release_date, text_words, code_words, barcode, grid, codes, words });
  }
  return { rows: JSON.stringify(rows), docs: `[${items.map((i) => i.json).join(',')}]` };
}

/** A written release's record; its document is parsed from the JSON text only when read. */
function lazyRecord(tenantId: string, item: Item, row: Written): ReleaseRecord {
  const record = {
    tenantId,
    id: item.id,
    version: row.version,
    createdAt: isoOf(row.created_at),
    updatedAt: isoOf(row.updated_at),
  } as ReleaseRecord;
  let doc: Release | undefined;
  Object.defineProperty(record, 'release', {
    enumerable: true,
    configurable: true,
    get: () => {
      doc ??= JSON.parse(item.json) as Release;
      return doc;
    },
    set: (value: Release) => {
      doc = value;
    },
  });
  return record;
}

/** Splits items into runs without a repeated id, so each statement touches a release at most once. */
function runsOfUniqueIds(items: Item[]): Item[][] {
  const runs: Item[][] = [];
  let run: Item[] = [];
  let ids = new Set<string>();
  for (const item of items) {
    if (ids.has(item.id)) {
      runs.push(run);
      run = [];
      ids = new Set();
    }
    run.push(item);
    ids.add(item.id);
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

/**
 * `writeMany` on PostgreSQL: per run of unique ids, one transaction with one SELECT of the existing ids, one
 * multi-row INSERT and (upsert) one multi-row UPDATE, each also writing the releases' code and word rows, whatever
 * the batch size. Checks that fail one release (bad document, ALREADY_EXISTS) are reported for it and the rest
 * commits. When a statement fails (e.g. a value PostgreSQL refuses), the transaction rolls back whole and the run is
 * redone release by release through `single`, so each release is still all-or-nothing. @internal
 */
export function pgWriteMany(
  db: PgDb,
  single: (tenantId: string, release: Release, upsert: boolean) => Promise<WriteManyResult>,
): NonNullable<ReleaseRepository['writeMany']> {
  return async (tenantId, releases, options = {}) => {
    db.checkOpen();
    assertTenantId(tenantId);
    const upsert = options.mode === 'upsert';
    const results: WriteManyResult[] = new Array(releases.length);
    const items: Item[] = [];
    releases.forEach((release, at) => {
      try {
        const prepared = prepareReleaseJson(tenantId, release);
        assertNoNul(prepared.id, prepared.json);
        items.push({ at, release, ...prepared });
      } catch (error) {
        results[at] = { ok: false, id: String((release as { id?: unknown })?.id), error: asStoreError(error) };
      }
    });
    for (const run of runsOfUniqueIds(items)) {
      try {
        await db.tx({ tenant: tenantId }, (q) => writeRun(q, db.now(), tenantId, run, upsert, results));
      } catch (error) {
        if (isCatalogStoreError(error, 'CLOSED')) throw error;
        for (const { at, release } of run) results[at] = await single(tenantId, release, upsert);
      }
    }
    return results;
  };
}

async function writeRun(
  q: PgQueryable,
  now: string,
  tenantId: string,
  run: Item[],
  upsert: boolean,
  results: WriteManyResult[],
): Promise<void> {
  const existing = new Set(
    (
      await q.query<{ id: string }>('SELECT id FROM releases WHERE tenant_id = $1 AND id = ANY($2::text[])', [
        tenantId,
        run.map((i) => i.id),
      ])
    ).rows.map((r) => r.id),
  );
  const toInsert = run.filter((i) => !existing.has(i.id));
  const toUpdate = upsert ? run.filter((i) => existing.has(i.id)) : [];
  const apply = async (sql: string, items: Item[], created: boolean) => {
    if (items.length === 0) return;
    const batch = batchJson(items);
    const rows = (await q.query<Written>(sql, [tenantId, now, batch.rows, batch.docs])).rows;
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const item of items) {
      const r = byId.get(item.id);
      results[item.at] = r
        ? { ok: true, id: item.id, created, record: lazyRecord(tenantId, item, r) }
        : { ok: false, id: item.id, error: lost(item.id, created) };
    }
  };
  await apply(INSERT, toInsert, true);
  await apply(UPDATE, toUpdate, false);
  if (!upsert) {
    for (const { at, id } of run) {
      if (existing.has(id)) results[at] = { ok: false, id, error: new AlreadyExistsError('release', id, ERR) };
    }
  }
}

/** A row another writer inserted (or deleted) between the SELECT and the write. */
function lost(id: string, created: boolean): CatalogStoreError {
  return created ? new AlreadyExistsError('release', id, ERR) : new NotFoundError('release', id, ERR);
}
