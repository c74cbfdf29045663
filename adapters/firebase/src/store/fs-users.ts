import { randomUUID } from 'node:crypto';
import {
  AlreadyExistsError,
  assertId,
  assertPasswordHash,
  ConflictError,
  NotFoundError,
  pageSize,
  type UserRecord,
  type UserRepository,
  validateUserInput,
} from '@ddex/catalog-store';
import type { DocumentSnapshot } from 'firebase-admin/firestore';
import { ERR, type FsDb, GRPC, grpcCode, pageQuery, withRetry } from './fs-db';

/** A user document `tenants/{tenantId}/users/{id}`. */
interface UserDoc extends UserRecord {
  seq: number;
}

/**
 * The password hash of a user, kept apart in `tenants/{tenantId}/credentials/{userId}` so that no user read ever
 * carries it (and the rules can refuse clients the whole collection).
 */
interface CredentialDoc {
  tenantId: string;
  userId: string;
  email: string;
  passwordHash: string;
  userSeq: number;
}

const toRecord = ({ seq: _seq, ...record }: UserDoc): UserRecord => record;

/** Users on Firestore; e-mails are unique per tenant through `userEmails/{email}` marker documents. @internal */
export function fsUsers(db: FsDb): UserRepository {
  const ref = (tenantId: string, id: string) => {
    db.check(tenantId);
    assertId('user', id);
    return db.doc(tenantId, 'users', id);
  };
  const existing = (snap: DocumentSnapshot, id: string): UserDoc => {
    if (!snap.exists) throw new NotFoundError('user', id, ERR);
    return snap.data() as UserDoc;
  };
  const emailRef = (tenantId: string, email: string) => db.doc(tenantId, 'userEmails', email);
  const credentialRef = (tenantId: string, id: string) => db.doc(tenantId, 'credentials', id);

  return {
    async create(tenantId, input) {
      db.check(tenantId);
      validateUserInput(input);
      const id = input.id ?? randomUUID();
      assertId('user', id);
      await db.requireTenant(tenantId);
      const now = db.now();
      const doc: UserDoc = {
        tenantId,
        id,
        email: input.email.toLowerCase(),
        name: input.name ?? null,
        role: input.role,
        disabled: false,
        version: 1,
        createdAt: now,
        updatedAt: now,
        seq: db.seq(),
      };
      const batch = db.db.batch();
      batch.create(ref(tenantId, id), doc);
      batch.create(emailRef(tenantId, doc.email), { userId: id });
      try {
        await batch.commit();
      } catch (error) {
        if (grpcCode(error) === GRPC.ALREADY_EXISTS) throw new AlreadyExistsError('user', id, ERR);
        throw error;
      }
      return toRecord(doc);
    },
    async get(tenantId, id) {
      return toRecord(existing(await ref(tenantId, id).get(), id));
    },
    async findByEmail(tenantId, email) {
      db.check(tenantId);
      const snap = await db.col(tenantId, 'users').where('email', '==', String(email).toLowerCase()).limit(1).get();
      return snap.empty ? null : toRecord(snap.docs[0]!.data() as UserDoc);
    },
    async update(tenantId, id, patch, options = {}) {
      if (patch.role !== undefined) validateUserInput({ email: 'x@x', role: patch.role });
      return withRetry(async () => {
        const r = ref(tenantId, id);
        const snap = await r.get();
        const current = existing(snap, id);
        if (options.expectedVersion !== undefined && current.version !== options.expectedVersion) {
          throw new ConflictError('user', id, options.expectedVersion, current.version, ERR);
        }
        const next: UserDoc = { ...current, version: current.version + 1, updatedAt: db.now() };
        if (patch.name !== undefined) next.name = patch.name;
        if (patch.role !== undefined) next.role = patch.role;
        if (patch.disabled !== undefined) next.disabled = patch.disabled;
        await r.update({ ...next }, { lastUpdateTime: snap.updateTime! });
        return toRecord(next);
      });
    },
    async delete(tenantId, id) {
      await withRetry(async () => {
        const r = ref(tenantId, id);
        const snap = await r.get();
        const current = existing(snap, id);
        const batch = db.db.batch();
        batch.delete(r, { lastUpdateTime: snap.updateTime! });
        batch.delete(emailRef(tenantId, current.email));
        batch.delete(credentialRef(tenantId, id));
        await batch.commit();
      });
    },
    async list(tenantId, options = {}) {
      db.check(tenantId);
      return pageQuery({
        query: db.col(tenantId, 'users'),
        cursor: options.cursor,
        limit: pageSize(options.limit),
        order: 'asc',
        map: (snap) => toRecord(snap.data() as UserDoc),
      });
    },
    async setPasswordHash(tenantId, id, passwordHash) {
      assertPasswordHash(passwordHash);
      return withRetry(async () => {
        const r = ref(tenantId, id);
        const snap = await r.get();
        const current = existing(snap, id);
        const next: UserDoc = { ...current, version: current.version + 1, updatedAt: db.now() };
        const batch = db.db.batch();
        batch.update(r, { version: next.version, updatedAt: next.updatedAt }, { lastUpdateTime: snap.updateTime! });
        if (passwordHash === null) batch.delete(credentialRef(tenantId, id));
        else {
          const credential: CredentialDoc = {
            tenantId,
            userId: id,
            email: current.email,
            passwordHash,
            userSeq: current.seq,
          };
          batch.set(credentialRef(tenantId, id), credential);
        }
        await batch.commit();
        return toRecord(next);
      });
    },
    async findCredentials(email) {
      db.check();
      const key = String(email).toLowerCase();
      const snap = await db.db.collectionGroup('credentials').where('email', '==', key).get();
      const found = snap.docs.map((d) => d.data() as CredentialDoc).sort((a, b) => a.userSeq - b.userSeq);
      if (found.length === 0) return [];
      const users = await db.db.getAll(...found.map((c) => db.doc(c.tenantId, 'users', c.userId)));
      return found.flatMap((c, i) => {
        const user = users[i];
        return user?.exists ? [{ user: toRecord(user.data() as UserDoc), passwordHash: c.passwordHash }] : [];
      });
    },
  };
}
