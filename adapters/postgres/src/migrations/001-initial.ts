/** Tables of schema version 1. @internal */
const TABLES = `
CREATE TABLE tenants (
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  id text PRIMARY KEY,
  doc jsonb NOT NULL,
  version integer NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE releases (
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  tenant_id text NOT NULL REFERENCES tenants (id),
  id text NOT NULL,
  doc jsonb NOT NULL,
  version integer NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  status text NOT NULL,
  type text NOT NULL,
  label_key text,
  release_date text,
  text_words text NOT NULL,
  code_words text NOT NULL,
  search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple', code_words), 'A') || setweight(to_tsvector('simple', text_words), 'B')
  ) STORED,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX releases_tenant_seq ON releases (tenant_id, seq);
CREATE INDEX releases_tenant_status_seq ON releases (tenant_id, status, seq);
CREATE INDEX releases_search ON releases USING gin (search);

CREATE TABLE targets (
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  tenant_id text NOT NULL REFERENCES tenants (id),
  id text NOT NULL,
  doc jsonb NOT NULL,
  active boolean NOT NULL,
  version integer NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id)
);

CREATE TABLE deliveries (
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  tenant_id text NOT NULL REFERENCES tenants (id),
  id text NOT NULL,
  release_id text NOT NULL,
  target_id text NOT NULL,
  kind text NOT NULL,
  status text NOT NULL,
  package jsonb,
  scheduled text,
  started text,
  completed text,
  error jsonb,
  version integer NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX deliveries_tenant_seq ON deliveries (tenant_id, seq);

CREATE TABLE delivery_attempts (
  tenant_id text NOT NULL,
  delivery_id text NOT NULL,
  number integer NOT NULL,
  started_at text NOT NULL,
  finished_at text,
  status text NOT NULL,
  error jsonb,
  PRIMARY KEY (tenant_id, delivery_id, number),
  FOREIGN KEY (tenant_id, delivery_id) REFERENCES deliveries (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE delivery_logs (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id text NOT NULL,
  delivery_id text NOT NULL,
  at timestamptz NOT NULL,
  level text NOT NULL,
  message text NOT NULL,
  data jsonb,
  FOREIGN KEY (tenant_id, delivery_id) REFERENCES deliveries (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX delivery_logs_delivery ON delivery_logs (tenant_id, delivery_id, seq);

CREATE TABLE delivery_receipts (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id text NOT NULL,
  delivery_id text NOT NULL,
  id text NOT NULL,
  received_at text NOT NULL,
  dsp_message_id text,
  acknowledgment text,
  body text,
  UNIQUE (tenant_id, delivery_id, id),
  FOREIGN KEY (tenant_id, delivery_id) REFERENCES deliveries (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE jobs (
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  id text PRIMARY KEY,
  tenant_id text NOT NULL REFERENCES tenants (id),
  kind text NOT NULL,
  payload jsonb,
  status text NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'dead')),
  attempts integer NOT NULL,
  max_attempts integer NOT NULL,
  run_at timestamptz NOT NULL,
  lease_expires_at timestamptz,
  locked_by text,
  lease_token text,
  last_error text,
  result jsonb,
  dedupe_key text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  finished_at timestamptz
);
CREATE UNIQUE INDEX jobs_dedupe ON jobs (tenant_id, dedupe_key) WHERE dedupe_key IS NOT NULL;
CREATE INDEX jobs_due ON jobs (run_at, seq) WHERE status = 'queued';
CREATE INDEX jobs_leases ON jobs (lease_expires_at) WHERE status = 'running';
CREATE INDEX jobs_tenant_seq ON jobs (tenant_id, seq);

CREATE TABLE users (
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  tenant_id text NOT NULL REFERENCES tenants (id),
  id text NOT NULL,
  email text NOT NULL,
  name text,
  role text NOT NULL,
  disabled boolean NOT NULL,
  version integer NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  CONSTRAINT users_email UNIQUE (tenant_id, email)
);

CREATE TABLE api_keys (
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  id text PRIMARY KEY,
  tenant_id text NOT NULL REFERENCES tenants (id),
  name text NOT NULL,
  prefix text NOT NULL,
  user_id text,
  scopes jsonb NOT NULL,
  hash text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at text,
  revoked_at timestamptz,
  last_used_at timestamptz
);
CREATE INDEX api_keys_tenant_seq ON api_keys (tenant_id, seq);

CREATE TABLE audit_log (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id text NOT NULL REFERENCES tenants (id),
  at timestamptz NOT NULL,
  actor text NOT NULL,
  action text NOT NULL,
  subject_type text,
  subject_id text,
  data jsonb
);
CREATE INDEX audit_log_tenant_seq ON audit_log (tenant_id, seq);

-- the audit log is append-only, for the tables' owner too
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END
$fn$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
`;

const TENANT = `current_setting('ddex.tenant_id', true)`;

/** Tables whose only policy is "the row's tenant_id is the transaction's tenant". */
const TENANT_TABLES = [
  'releases',
  'targets',
  'deliveries',
  'delivery_attempts',
  'delivery_logs',
  'delivery_receipts',
  'users',
  'audit_log',
];

const policy = (table: string, using: string, check = using) => `
ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY;
ALTER TABLE ${table} FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON ${table} USING (${using}) WITH CHECK (${check});`;

// Row-level security: a tenant-owned row is visible and writable only when the transaction's ddex.tenant_id names
// its tenant. FORCE applies the policies to the tables' owner too (superusers and BYPASSRLS roles still bypass them,
// which is why the store refuses such roles). Three tables have one extra, named way in:
//   tenants  — '*' lists every tenant (the operator's tenant list);
//   jobs     — '*' lets a system worker claim across tenants (ALL_TENANTS);
//   api_keys — ddex.api_key_id lets authentication read exactly the presented key's row.
const POLICIES = [
  policy('tenants', `id = ${TENANT} OR ${TENANT} = '*'`, `id = ${TENANT}`),
  policy('jobs', `tenant_id = ${TENANT} OR ${TENANT} = '*'`),
  policy('api_keys', `tenant_id = ${TENANT} OR id = current_setting('ddex.api_key_id', true)`),
  ...TENANT_TABLES.map((t) => policy(t, `tenant_id = ${TENANT}`)),
].join('\n');

/** Schema version 1: tables, indexes, full-text search, the append-only audit trigger and row-level security. */
export const MIGRATION_001 = `${TABLES}\n${POLICIES}`;
