import { CatalogStoreError } from '@ddex/catalog-store';
import type { Database } from 'better-sqlite3';

/** One schema step; versions are 1, 2, 3… and never change once released. */
export interface Migration {
  /** the schema version this step produces */
  version: number;
  /** short description */
  name: string;
  /** DDL run in one transaction */
  sql: string;
}

/** Every migration of the SQLite catalog store, in order. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'catalog schema',
    sql: `
CREATE TABLE tenants (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, version INTEGER NOT NULL,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL, body TEXT NOT NULL
);
CREATE TABLE users (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, tenant_id TEXT NOT NULL REFERENCES tenants(id), id TEXT NOT NULL,
  email TEXT NOT NULL, name TEXT, role TEXT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0, version INTEGER NOT NULL,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL, UNIQUE (tenant_id, id), UNIQUE (tenant_id, email)
);
CREATE TABLE api_keys (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, tenant_id TEXT NOT NULL REFERENCES tenants(id),
  name TEXT NOT NULL, prefix TEXT NOT NULL, user_id TEXT, scopes TEXT NOT NULL, hash TEXT NOT NULL,
  created_at TEXT NOT NULL, expires_at TEXT, revoked_at TEXT, last_used_at TEXT
);
CREATE INDEX api_keys_tenant ON api_keys (tenant_id, seq);
CREATE TABLE releases (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, tenant_id TEXT NOT NULL REFERENCES tenants(id), id TEXT NOT NULL,
  version INTEGER NOT NULL, status TEXT NOT NULL, type TEXT NOT NULL, title TEXT NOT NULL, display_artist TEXT NOT NULL,
  label TEXT, label_key TEXT, release_date TEXT, barcode TEXT, catalog_number TEXT, grid TEXT,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL, body TEXT NOT NULL, UNIQUE (tenant_id, id)
);
CREATE INDEX releases_tenant_seq ON releases (tenant_id, seq);
CREATE INDEX releases_tenant_status ON releases (tenant_id, status, seq);
CREATE INDEX releases_tenant_type ON releases (tenant_id, type, seq);
CREATE INDEX releases_tenant_label ON releases (tenant_id, label_key, seq);
CREATE INDEX releases_tenant_date ON releases (tenant_id, release_date);
CREATE TABLE release_isrcs (
  release_seq INTEGER NOT NULL REFERENCES releases(seq) ON DELETE CASCADE, tenant_id TEXT NOT NULL, isrc TEXT NOT NULL,
  PRIMARY KEY (release_seq, isrc)
);
CREATE INDEX release_isrcs_lookup ON release_isrcs (tenant_id, isrc);
CREATE VIRTUAL TABLE releases_fts USING fts5 (
  headline, tracks, codes, tenant_id UNINDEXED, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4'
);
CREATE TABLE targets (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, tenant_id TEXT NOT NULL REFERENCES tenants(id), id TEXT NOT NULL,
  version INTEGER NOT NULL, active INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
  body TEXT NOT NULL, UNIQUE (tenant_id, id)
);
CREATE TABLE deliveries (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, tenant_id TEXT NOT NULL REFERENCES tenants(id), id TEXT NOT NULL,
  release_id TEXT NOT NULL, target_id TEXT NOT NULL, kind TEXT NOT NULL, status TEXT NOT NULL, package TEXT,
  scheduled TEXT, started TEXT, completed TEXT, error TEXT, version INTEGER NOT NULL,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL, UNIQUE (tenant_id, id)
);
CREATE INDEX deliveries_release ON deliveries (tenant_id, release_id, seq);
CREATE INDEX deliveries_target ON deliveries (tenant_id, target_id, seq);
CREATE TABLE delivery_attempts (
  delivery_seq INTEGER NOT NULL REFERENCES deliveries(seq), number INTEGER NOT NULL, started_at TEXT NOT NULL,
  finished_at TEXT, status TEXT NOT NULL, error TEXT, PRIMARY KEY (delivery_seq, number)
);
CREATE TABLE delivery_logs (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, delivery_seq INTEGER NOT NULL REFERENCES deliveries(seq), at TEXT NOT NULL,
  level TEXT NOT NULL, message TEXT NOT NULL, data TEXT
);
CREATE INDEX delivery_logs_delivery ON delivery_logs (delivery_seq, seq);
CREATE TABLE delivery_receipts (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, delivery_seq INTEGER NOT NULL REFERENCES deliveries(seq), id TEXT NOT NULL,
  received_at TEXT NOT NULL, dsp_message_id TEXT, acknowledgment TEXT, body TEXT, UNIQUE (delivery_seq, id)
);
CREATE TABLE jobs (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, tenant_id TEXT NOT NULL REFERENCES tenants(id),
  kind TEXT NOT NULL, payload TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL, max_attempts INTEGER NOT NULL,
  run_at_ms INTEGER NOT NULL, lease_expires_ms INTEGER, lease_token TEXT, locked_by TEXT, last_error TEXT, result TEXT,
  dedupe_key TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, finished_at TEXT
);
CREATE UNIQUE INDEX jobs_dedupe ON jobs (tenant_id, dedupe_key) WHERE dedupe_key IS NOT NULL;
CREATE INDEX jobs_queued ON jobs (status, run_at_ms, seq);
CREATE INDEX jobs_tenant ON jobs (tenant_id, seq);
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, tenant_id TEXT NOT NULL REFERENCES tenants(id), at TEXT NOT NULL,
  actor TEXT NOT NULL, action TEXT NOT NULL, subject_type TEXT, subject_id TEXT, data TEXT
);
CREATE INDEX audit_tenant ON audit_log (tenant_id, seq);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
`,
  },
  {
    version: 2,
    name: 'code lookups',
    sql: `
CREATE INDEX releases_tenant_barcode ON releases (tenant_id, barcode) WHERE barcode IS NOT NULL;
CREATE INDEX releases_tenant_catalog_number ON releases (tenant_id, catalog_number) WHERE catalog_number IS NOT NULL;
CREATE INDEX releases_tenant_grid ON releases (tenant_id, grid) WHERE grid IS NOT NULL;
`,
  },
  {
    version: 3,
    name: 'user passwords',
    sql: `
ALTER TABLE users ADD COLUMN password_hash TEXT;
CREATE INDEX users_email ON users (email) WHERE password_hash IS NOT NULL;
`,
  },
  {
    version: 4,
    name: 'delivery recurrence and batches',
    sql: `
ALTER TABLE deliveries ADD COLUMN recurrence TEXT;
ALTER TABLE deliveries ADD COLUMN batch TEXT;
`,
  },
  {
    // A prefix query ("aurora"*) longer than the longest indexed prefix merges the doclists of every matching term
    // before it can return its first (newest) row: ~7 ms for a word in 40% of 100,000 releases, on every search.
    // Prefix indexes up to 10 characters make it one doclist read (~0.05 ms), for ~50% more index.
    version: 5,
    name: 'search prefix indexes up to 10 characters',
    sql: `
CREATE VIRTUAL TABLE releases_fts_v5 USING fts5 (
  headline, tracks, codes, tenant_id UNINDEXED, tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3 4 5 6 7 8 9 10'
);
INSERT INTO releases_fts_v5 (rowid, headline, tracks, codes, tenant_id)
  SELECT rowid, headline, tracks, codes, tenant_id FROM releases_fts;
DROP TABLE releases_fts;
ALTER TABLE releases_fts_v5 RENAME TO releases_fts;
`,
  },
  {
    // Catalog pages list summaries read from columns alone: parsing 50 documents of ~4 KB each to count their
    // tracks cost more than the rest of the request. One pass over the table, on upgrade only.
    version: 6,
    name: 'release track counts',
    sql: `
ALTER TABLE releases ADD COLUMN track_count INTEGER NOT NULL DEFAULT 0;
UPDATE releases SET track_count = coalesce(json_array_length(body, '$.tracks'), 0);
`,
  },
  {
    // counted in memory and added with the once-a-minute last_used_at write (see createApiKeyUseCounter)
    version: 7,
    name: 'api key request counts',
    sql: `
ALTER TABLE api_keys ADD COLUMN request_count INTEGER NOT NULL DEFAULT 0;
`,
  },
  {
    // A catalog page sent as stored text: copying 15 columns a row out (or json_object over them) was most of the
    // cost of a list request. Written with every release write; filled in from the columns here, on upgrade only.
    version: 8,
    name: 'release summaries as JSON',
    sql: `
ALTER TABLE releases ADD COLUMN summary TEXT;
UPDATE releases SET summary = json_object('id', id, 'version', version, 'createdAt', created_at,
  'updatedAt', updated_at, 'status', status, 'type', type, 'title', title, 'displayArtist', display_artist,
  'label', label, 'releaseDate', release_date, 'barcode', barcode, 'catalogNumber', catalog_number,
  'trackCount', track_count);
`,
  },
  {
    // POST /api/deliveries with an Idempotency-Key: a repeat finds the deliveries of the first request by it
    version: 9,
    name: 'delivery idempotency keys',
    sql: `
ALTER TABLE deliveries ADD COLUMN idempotency_key TEXT;
CREATE INDEX deliveries_tenant_idempotency_key ON deliveries (tenant_id, idempotency_key)
  WHERE idempotency_key IS NOT NULL;
`,
  },
  {
    // A claim reads each priority level in turn (high, normal, low): with priority in the index between status and
    // run_at_ms, each level is one range seek on due jobs, oldest first, instead of a scan of every queued job.
    version: 10,
    name: 'delivery priorities',
    sql: `
ALTER TABLE jobs ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
DROP INDEX jobs_queued;
CREATE INDEX jobs_due ON jobs (status, priority, run_at_ms, seq);
ALTER TABLE deliveries ADD COLUMN priority TEXT;
`,
  },
  {
    // A catalog page reads only each release's summary, stored after the document: through the (tenant_id[, status |
    // label_key], seq) indexes that meant a table row and its overflow pages per release. With the summary in the
    // index entry a page of 50 is a few consecutive index pages (a list request took a sixth less CPU). These extend
    // the three indexes they replace; a page under other filters still reads the rows.
    version: 11,
    name: 'release summaries in the list indexes',
    sql: `
CREATE INDEX releases_tenant_seq_summary ON releases (tenant_id, seq, summary);
CREATE INDEX releases_tenant_status_summary ON releases (tenant_id, status, seq, summary);
CREATE INDEX releases_tenant_label_summary ON releases (tenant_id, label_key, seq, summary);
DROP INDEX releases_tenant_seq;
DROP INDEX releases_tenant_status;
DROP INDEX releases_tenant_label;
`,
  },
];

/** Result of {@link migrate}. */
export interface MigrationResult {
  /** version before */
  from: number;
  /** version after */
  to: number;
  /** versions applied now */
  applied: number[];
}

/**
 * Brings the schema up to the newest migration, each step in its own IMMEDIATE transaction (so two processes opening
 * the same file at once apply each step once). Refuses a database newer than this code with INCOMPATIBLE_SCHEMA.
 */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS, now = Date.now): MigrationResult {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  const current = () => db.pragma('user_version', { simple: true }) as number;
  const from = current();
  const latest = migrations.at(-1)?.version ?? 0;
  if (from > latest) {
    throw new CatalogStoreError(
      'INCOMPATIBLE_SCHEMA',
      `database schema version ${from} is newer than this code supports (${latest}); upgrade @ddex/adapter-sqlite`,
      { store: 'sqlite' },
    );
  }
  const applied: number[] = [];
  for (const m of migrations) {
    db.transaction(() => {
      if (current() >= m.version) return;
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        m.version,
        m.name,
        new Date(now()).toISOString(),
      );
      db.pragma(`user_version = ${Number(m.version)}`);
      applied.push(m.version);
    }).immediate();
  }
  return { from, to: current(), applied };
}
