import {
  type ApiKeyRecord,
  type ApiKeyRepository,
  apiKeyIdOf,
  apiKeyMatches,
  assertId,
  createApiKeyUseCounter,
  invalidArgument,
  NotFoundError,
  newApiKeyRecord,
  newApiKeySecret,
  pageSize,
} from '@ddex/catalog-store';
import { ERR, type FsDb, pageQuery, withRetry } from './fs-db';

/** An API key document `tenants/{tenantId}/apiKeys/{id}`: the record, the secret's SHA-256 and the lookup field. */
interface ApiKeyDoc extends ApiKeyRecord {
  seq: number;
  /** the key id again, as a field: `authenticate` finds it with a collection-group query */
  keyId: string;
  hash: string;
}

// documents written before request counts have none
const toRecord = ({ seq: _s, keyId: _k, hash: _h, ...record }: ApiKeyDoc, pending = 0): ApiKeyRecord => ({
  ...record,
  requestCount: (record.requestCount ?? 0) + pending,
});

/** API keys on Firestore (hashes only). @internal */
export function fsApiKeys(db: FsDb): ApiKeyRepository {
  const uses = createApiKeyUseCounter();
  const view = (doc: ApiKeyDoc) => toRecord(doc, uses.pending(doc.id));
  const ref = (tenantId: string, id: string) => {
    db.check(tenantId);
    assertId('api key', id);
    return db.doc(tenantId, 'apiKeys', id);
  };
  const load = async (tenantId: string, id: string) => {
    const snap = await ref(tenantId, id).get();
    if (!snap.exists) throw new NotFoundError('api key', id, ERR);
    return snap;
  };

  return {
    async create(tenantId, input) {
      db.check(tenantId);
      if (typeof input?.name !== 'string' || input.name === '') throw invalidArgument('api key name is required', ERR);
      await db.requireTenant(tenantId);
      const { id, secret, hash, prefix } = newApiKeySecret();
      const record = newApiKeyRecord(tenantId, { id, prefix }, input, db.now());
      await ref(tenantId, id).create({ ...record, seq: db.seq(), keyId: id, hash } satisfies ApiKeyDoc);
      return { key: record, secret };
    },
    async get(tenantId, id) {
      return view((await load(tenantId, id)).data() as ApiKeyDoc);
    },
    async list(tenantId, options = {}) {
      db.check(tenantId);
      return pageQuery({
        query: db.col(tenantId, 'apiKeys'),
        cursor: options.cursor,
        limit: pageSize(options.limit),
        order: 'asc',
        map: (snap) => view(snap.data() as ApiKeyDoc),
      });
    },
    async revoke(tenantId, id) {
      return withRetry(async () => {
        const snap = await load(tenantId, id);
        const doc = snap.data() as ApiKeyDoc;
        if (doc.revokedAt !== null) return view(doc);
        const revokedAt = db.now();
        await snap.ref.update({ revokedAt }, { lastUpdateTime: snap.updateTime! });
        return view({ ...doc, revokedAt });
      });
    },
    async authenticate(secret) {
      db.check();
      const id = typeof secret === 'string' ? apiKeyIdOf(secret) : null;
      if (id === null) return null;
      const snap = await db.db.collectionGroup('apiKeys').where('keyId', '==', id).limit(1).get();
      const found = snap.docs[0];
      if (!found) return null;
      const doc = found.data() as ApiKeyDoc;
      if (!apiKeyMatches(secret, doc.hash) || doc.revokedAt !== null) return null;
      const nowMs = db.clock();
      if (doc.expiresAt !== null && Date.parse(doc.expiresAt) <= nowMs) return null;
      const lastUsedAt = db.now();
      // once a minute: a document takes about one sustained write a second, and every request authenticates; the
      // requests counted in memory since go with it (read-then-add: a concurrent flush of another process may be lost)
      uses.add(id);
      if (uses.due(id, doc.lastUsedAt, nowMs)) {
        const count = uses.take(id, nowMs);
        const requestCount = (doc.requestCount ?? 0) + count;
        try {
          await found.ref.update({ lastUsedAt, requestCount });
        } catch (error) {
          uses.restore(id, count);
          throw error;
        }
        return toRecord({ ...doc, lastUsedAt, requestCount });
      }
      return { ...view(doc), lastUsedAt };
    },
  };
}
