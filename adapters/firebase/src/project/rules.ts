// The security rules and indexes of a DDEX Distro Firebase project. adapters/firebase/firebase/ holds the same files
// (test/project-files.test.ts keeps them equal); `ddex-distro init --firebase` and `create --template firebase` write
// them into a project.

/** `firestore.rules`: tenant isolation and roles for direct client reads; all writes go through the service. */
export const FIRESTORE_RULES = `rules_version = '2';

// DDEX Distro: direct client access (the web app with the Firebase JS SDK) to a tenant's data.
// Every write goes through the service (Cloud Functions with the Admin SDK, which these rules do not bind), so that
// releases are validated, versioned and audited: clients may only read, and only inside their own tenant, as their
// role allows. The tenant and role come from custom claims set by "ddex-distro firebase set-claims".
service cloud.firestore {
  match /databases/{database}/documents {
    function member(tenantId) {
      return request.auth != null && request.auth.token.tenantId == tenantId
        && request.auth.token.role in ['admin', 'manager', 'viewer'];
    }
    function manager(tenantId) {
      return member(tenantId) && request.auth.token.role in ['admin', 'manager'];
    }
    function admin(tenantId) {
      return member(tenantId) && request.auth.token.role == 'admin';
    }

    match /tenants/{tenantId} {
      allow get: if member(tenantId);

      // the catalog: every role reads
      match /releases/{releaseId} {
        allow read: if member(tenantId);
      }
      match /deliveries/{deliveryId} {
        allow read: if member(tenantId);
        match /{sub}/{entryId} {
          allow read: if member(tenantId) && sub in ['attempts', 'logs', 'receipts'];
        }
      }
      // delivery settings (connection secrets are sealed, still only for those who manage deliveries) and the queue
      match /targets/{targetId} {
        allow read: if manager(tenantId);
      }
      match /jobs/{jobId} {
        allow read: if manager(tenantId);
      }
      // administration
      match /users/{userId} {
        allow read: if admin(tenantId) || (member(tenantId) && request.auth.uid == userId);
      }
      match /audit/{entryId} {
        allow read: if admin(tenantId);
      }
      // apiKeys, credentials and userEmails hold secrets' hashes and lookups: no client ever reads them
    }
  }
}
`;

/** `storage.rules`: clients read their own tenant's files under `catalog/{tenantId}/`; nobody writes directly. */
export const STORAGE_RULES = `rules_version = '2';

// DDEX Distro files live at "catalog/{tenantId}/..." (the "prefix" of gcsAssetStore). The service writes them through
// the S3-compatible API with an HMAC key; clients may only read their own tenant's files. Temporary uploads
// ("catalog/.ddex-tmp/") and everything else are closed to clients.
service firebase.storage {
  match /b/{bucket}/o {
    match /catalog/{tenantId}/{allPaths=**} {
      allow read: if request.auth != null && request.auth.token.tenantId == tenantId
        && request.auth.token.role in ['admin', 'manager', 'viewer'];
      allow write: if false;
    }
  }
}
`;

/** `firestore.indexes.json`: the composite indexes the store's queries need, and exemptions for large fields. */
export const FIRESTORE_INDEXES = {
  indexes: [
    {
      collectionGroup: 'releases',
      queryScope: 'COLLECTION',
      fields: [
        {
          fieldPath: 'status',
          order: 'ASCENDING',
        },
        {
          fieldPath: 'seq',
          order: 'ASCENDING',
        },
        {
          fieldPath: '__name__',
          order: 'ASCENDING',
        },
      ],
    },
    {
      collectionGroup: 'releases',
      queryScope: 'COLLECTION',
      fields: [
        {
          fieldPath: 'type',
          order: 'ASCENDING',
        },
        {
          fieldPath: 'seq',
          order: 'ASCENDING',
        },
        {
          fieldPath: '__name__',
          order: 'ASCENDING',
        },
      ],
    },
    {
      collectionGroup: 'releases',
      queryScope: 'COLLECTION',
      fields: [
        {
          fieldPath: 'labelKey',
          order: 'ASCENDING',
        },
        {
          fieldPath: 'seq',
          order: 'ASCENDING',
        },
        {
          fieldPath: '__name__',
          order: 'ASCENDING',
        },
      ],
    },
    {
      collectionGroup: 'releases',
      queryScope: 'COLLECTION',
      fields: [
        {
          fieldPath: 'searchTokens',
          arrayConfig: 'CONTAINS',
        },
        {
          fieldPath: 'seq',
          order: 'ASCENDING',
        },
        {
          fieldPath: '__name__',
          order: 'ASCENDING',
        },
      ],
    },
    {
      collectionGroup: 'releases',
      queryScope: 'COLLECTION',
      fields: [
        {
          fieldPath: 'status',
          order: 'ASCENDING',
        },
        {
          fieldPath: 'searchTokens',
          arrayConfig: 'CONTAINS',
        },
        {
          fieldPath: 'seq',
          order: 'ASCENDING',
        },
        {
          fieldPath: '__name__',
          order: 'ASCENDING',
        },
      ],
    },
    {
      collectionGroup: 'releases',
      queryScope: 'COLLECTION',
      fields: [
        {
          fieldPath: 'status',
          order: 'ASCENDING',
        },
        {
          fieldPath: 'type',
          order: 'ASCENDING',
        },
        {
          fieldPath: 'seq',
          order: 'ASCENDING',
        },
        {
          fieldPath: '__name__',
          order: 'ASCENDING',
        },
      ],
    },
    {
      collectionGroup: 'releases',
      queryScope: 'COLLECTION',
      fields: [
        {
          fieldPath: 'status',
          order: 'ASCENDING',
        },
        {
          fieldPath: 'labelKey',
          order: 'ASCENDING',
        },
        {
          fieldPath: 'seq',
          order: 'ASCENDING',
        },
        {
          fieldPath: '__name__',
          order: 'ASCENDING',
        },
      ],
    },
    {
      collectionGroup: 'releases',
      queryScope: 'COLLECTION',
      fields: [
        {
          fieldPath: 'status',
          order: 'ASCENDING',
        },
        {
          fieldPath: 'seq',
          order: 'DESCENDING',
        },
        {
          fieldPath: '__name__',
          order: 'DESCENDING',
        },
      ],
    },
    {
      collectionGroup: 'releases',
      queryScope: 'COLLECTION',
      fields: [
        {
          fieldPath: 'type',
          order: 'ASCENDING',
        },
        {
          fieldPath: 'seq',
          order: 'DESCENDING',
        },
        {
          fieldPath: '__name__',
          order: 'DESCENDING',
        },
      ],
    },
    {
      collectionGroup: 'releases',
      queryScope: 'COLLECTION',
      fields: [
        {
          fieldPath: 'labelKey',
          order: 'ASCENDING',
        },
        {
          fieldPath: 'seq',
          order: 'DESCENDING',
        },
        {
          fieldPath: '__name__',
          order: 'DESCENDING',
        },
      ],
    },
    {
      collectionGroup: 'releases',
      queryScope: 'COLLECTION',
      fields: [
        {
          fieldPath: 'searchTokens',
          arrayConfig: 'CONTAINS',
        },
        {
          fieldPath: 'seq',
          order: 'DESCENDING',
        },
        {
          fieldPath: '__name__',
          order: 'DESCENDING',
        },
      ],
    },
    {
      collectionGroup: 'releases',
      queryScope: 'COLLECTION',
      fields: [
        {
          fieldPath: 'status',
          order: 'ASCENDING',
        },
        {
          fieldPath: 'searchTokens',
          arrayConfig: 'CONTAINS',
        },
        {
          fieldPath: 'seq',
          order: 'DESCENDING',
        },
        {
          fieldPath: '__name__',
          order: 'DESCENDING',
        },
      ],
    },
    {
      collectionGroup: 'releases',
      queryScope: 'COLLECTION',
      fields: [
        {
          fieldPath: 'status',
          order: 'ASCENDING',
        },
        {
          fieldPath: 'type',
          order: 'ASCENDING',
        },
        {
          fieldPath: 'seq',
          order: 'DESCENDING',
        },
        {
          fieldPath: '__name__',
          order: 'DESCENDING',
        },
      ],
    },
    {
      collectionGroup: 'releases',
      queryScope: 'COLLECTION',
      fields: [
        {
          fieldPath: 'status',
          order: 'ASCENDING',
        },
        {
          fieldPath: 'labelKey',
          order: 'ASCENDING',
        },
        {
          fieldPath: 'seq',
          order: 'DESCENDING',
        },
        {
          fieldPath: '__name__',
          order: 'DESCENDING',
        },
      ],
    },
    {
      collectionGroup: 'releases',
      queryScope: 'COLLECTION',
      fields: [
        {
          fieldPath: 'upcKey',
          order: 'ASCENDING',
        },
        {
          fieldPath: 'seq',
          order: 'DESCENDING',
        },
      ],
    },
    {
      collectionGroup: 'releases',
      queryScope: 'COLLECTION',
      fields: [
        {
          fieldPath: 'gridKey',
          order: 'ASCENDING',
        },
        {
          fieldPath: 'seq',
          order: 'DESCENDING',
        },
      ],
    },
    {
      collectionGroup: 'releases',
      queryScope: 'COLLECTION',
      fields: [
        {
          fieldPath: 'isrcKeys',
          arrayConfig: 'CONTAINS',
        },
        {
          fieldPath: 'seq',
          order: 'DESCENDING',
        },
      ],
    },
    {
      collectionGroup: 'targets',
      queryScope: 'COLLECTION',
      fields: [
        {
          fieldPath: 'active',
          order: 'ASCENDING',
        },
        {
          fieldPath: 'seq',
          order: 'ASCENDING',
        },
        {
          fieldPath: '__name__',
          order: 'ASCENDING',
        },
      ],
    },
    {
      collectionGroup: 'deliveries',
      queryScope: 'COLLECTION',
      fields: [
        {
          fieldPath: 'releaseId',
          order: 'ASCENDING',
        },
        {
          fieldPath: 'seq',
          order: 'DESCENDING',
        },
        {
          fieldPath: '__name__',
          order: 'DESCENDING',
        },
      ],
    },
    {
      collectionGroup: 'deliveries',
      queryScope: 'COLLECTION',
      fields: [
        {
          fieldPath: 'targetId',
          order: 'ASCENDING',
        },
        {
          fieldPath: 'seq',
          order: 'DESCENDING',
        },
        {
          fieldPath: '__name__',
          order: 'DESCENDING',
        },
      ],
    },
    {
      collectionGroup: 'deliveries',
      queryScope: 'COLLECTION',
      fields: [
        {
          fieldPath: 'idempotencyKey',
          order: 'ASCENDING',
        },
        {
          fieldPath: 'seq',
          order: 'DESCENDING',
        },
        {
          fieldPath: '__name__',
          order: 'DESCENDING',
        },
      ],
    },
    {
      collectionGroup: 'deliveries',
      queryScope: 'COLLECTION',
      fields: [
        {
          fieldPath: 'status',
          order: 'ASCENDING',
        },
        {
          fieldPath: 'seq',
          order: 'DESCENDING',
        },
        {
          fieldPath: '__name__',
          order: 'DESCENDING',
        },
      ],
    },
    {
      collectionGroup: 'deliveries',
      queryScope: 'COLLECTION',
      fields: [
        {
          fieldPath: 'releaseId',
          order: 'ASCENDING',
        },
        {
          fieldPath: 'status',
          order: 'ASCENDING',
        },
        {
          fieldPath: 'seq',
          order: 'DESCENDING',
        },
        {
          fieldPath: '__name__',
          order: 'DESCENDING',
        },
      ],
    },
    {
      collectionGroup: 'jobs',
      queryScope: 'COLLECTION',
      fields: [
        {
          fieldPath: 'status',
          order: 'ASCENDING',
        },
        {
          fieldPath: 'seq',
          order: 'DESCENDING',
        },
        {
          fieldPath: '__name__',
          order: 'DESCENDING',
        },
      ],
    },
    {
      collectionGroup: 'jobs',
      queryScope: 'COLLECTION',
      fields: [
        {
          fieldPath: 'kind',
          order: 'ASCENDING',
        },
        {
          fieldPath: 'seq',
          order: 'DESCENDING',
        },
        {
          fieldPath: '__name__',
          order: 'DESCENDING',
        },
      ],
    },
    {
      collectionGroup: 'jobs',
      queryScope: 'COLLECTION',
      fields: [
        {
          fieldPath: 'status',
          order: 'ASCENDING',
        },
        {
          fieldPath: 'kind',
          order: 'ASCENDING',
        },
        {
          fieldPath: 'seq',
          order: 'DESCENDING',
        },
        {
          fieldPath: '__name__',
          order: 'DESCENDING',
        },
      ],
    },
    {
      collectionGroup: 'jobs',
      queryScope: 'COLLECTION',
      fields: [
        {
          fieldPath: 'claimable',
          order: 'ASCENDING',
        },
        {
          fieldPath: 'priority',
          order: 'ASCENDING',
        },
        {
          fieldPath: 'dueAt',
          order: 'ASCENDING',
        },
        {
          fieldPath: 'seq',
          order: 'ASCENDING',
        },
      ],
    },
    {
      collectionGroup: 'jobs',
      queryScope: 'COLLECTION',
      fields: [
        {
          fieldPath: 'claimable',
          order: 'ASCENDING',
        },
        {
          fieldPath: 'priority',
          order: 'ASCENDING',
        },
        {
          fieldPath: 'kind',
          order: 'ASCENDING',
        },
        {
          fieldPath: 'dueAt',
          order: 'ASCENDING',
        },
        {
          fieldPath: 'seq',
          order: 'ASCENDING',
        },
      ],
    },
    {
      collectionGroup: 'jobs',
      queryScope: 'COLLECTION_GROUP',
      fields: [
        {
          fieldPath: 'claimable',
          order: 'ASCENDING',
        },
        {
          fieldPath: 'priority',
          order: 'ASCENDING',
        },
        {
          fieldPath: 'dueAt',
          order: 'ASCENDING',
        },
        {
          fieldPath: 'seq',
          order: 'ASCENDING',
        },
      ],
    },
    {
      collectionGroup: 'jobs',
      queryScope: 'COLLECTION_GROUP',
      fields: [
        {
          fieldPath: 'claimable',
          order: 'ASCENDING',
        },
        {
          fieldPath: 'priority',
          order: 'ASCENDING',
        },
        {
          fieldPath: 'kind',
          order: 'ASCENDING',
        },
        {
          fieldPath: 'dueAt',
          order: 'ASCENDING',
        },
        {
          fieldPath: 'seq',
          order: 'ASCENDING',
        },
      ],
    },
    // the same without priority: the claim's last pass, for jobs written before priorities (see fs-queue.ts)
    {
      collectionGroup: 'jobs',
      queryScope: 'COLLECTION',
      fields: [
        {
          fieldPath: 'status',
          order: 'ASCENDING',
        },
        {
          fieldPath: 'seq',
          order: 'DESCENDING',
        },
        {
          fieldPath: '__name__',
          order: 'DESCENDING',
        },
      ],
    },
    {
      collectionGroup: 'jobs',
      queryScope: 'COLLECTION',
      fields: [
        {
          fieldPath: 'kind',
          order: 'ASCENDING',
        },
        {
          fieldPath: 'seq',
          order: 'DESCENDING',
        },
        {
          fieldPath: '__name__',
          order: 'DESCENDING',
        },
      ],
    },
    {
      collectionGroup: 'jobs',
      queryScope: 'COLLECTION',
      fields: [
        {
          fieldPath: 'status',
          order: 'ASCENDING',
        },
        {
          fieldPath: 'kind',
          order: 'ASCENDING',
        },
        {
          fieldPath: 'seq',
          order: 'DESCENDING',
        },
        {
          fieldPath: '__name__',
          order: 'DESCENDING',
        },
      ],
    },
    {
      collectionGroup: 'jobs',
      queryScope: 'COLLECTION',
      fields: [
        {
          fieldPath: 'claimable',
          order: 'ASCENDING',
        },
        {
          fieldPath: 'dueAt',
          order: 'ASCENDING',
        },
        {
          fieldPath: 'seq',
          order: 'ASCENDING',
        },
      ],
    },
    {
      collectionGroup: 'jobs',
      queryScope: 'COLLECTION',
      fields: [
        {
          fieldPath: 'claimable',
          order: 'ASCENDING',
        },
        {
          fieldPath: 'kind',
          order: 'ASCENDING',
        },
        {
          fieldPath: 'dueAt',
          order: 'ASCENDING',
        },
        {
          fieldPath: 'seq',
          order: 'ASCENDING',
        },
      ],
    },
    {
      collectionGroup: 'jobs',
      queryScope: 'COLLECTION_GROUP',
      fields: [
        {
          fieldPath: 'claimable',
          order: 'ASCENDING',
        },
        {
          fieldPath: 'dueAt',
          order: 'ASCENDING',
        },
        {
          fieldPath: 'seq',
          order: 'ASCENDING',
        },
      ],
    },
    {
      collectionGroup: 'jobs',
      queryScope: 'COLLECTION_GROUP',
      fields: [
        {
          fieldPath: 'claimable',
          order: 'ASCENDING',
        },
        {
          fieldPath: 'kind',
          order: 'ASCENDING',
        },
        {
          fieldPath: 'dueAt',
          order: 'ASCENDING',
        },
        {
          fieldPath: 'seq',
          order: 'ASCENDING',
        },
      ],
    },
    {
      collectionGroup: 'audit',
      queryScope: 'COLLECTION',
      fields: [
        {
          fieldPath: 'action',
          order: 'ASCENDING',
        },
        {
          fieldPath: 'seq',
          order: 'DESCENDING',
        },
        {
          fieldPath: '__name__',
          order: 'DESCENDING',
        },
      ],
    },
    {
      collectionGroup: 'audit',
      queryScope: 'COLLECTION',
      fields: [
        {
          fieldPath: 'subjectId',
          order: 'ASCENDING',
        },
        {
          fieldPath: 'seq',
          order: 'DESCENDING',
        },
        {
          fieldPath: '__name__',
          order: 'DESCENDING',
        },
      ],
    },
  ],
  fieldOverrides: [
    {
      collectionGroup: 'apiKeys',
      fieldPath: 'keyId',
      indexes: [
        {
          order: 'ASCENDING',
          queryScope: 'COLLECTION',
        },
        {
          order: 'ASCENDING',
          queryScope: 'COLLECTION_GROUP',
        },
      ],
    },
    {
      collectionGroup: 'credentials',
      fieldPath: 'email',
      indexes: [
        {
          order: 'ASCENDING',
          queryScope: 'COLLECTION',
        },
        {
          order: 'ASCENDING',
          queryScope: 'COLLECTION_GROUP',
        },
      ],
    },
    {
      collectionGroup: 'releases',
      fieldPath: 'release',
      indexes: [],
    },
    {
      collectionGroup: 'tenants',
      fieldPath: 'tenant',
      indexes: [],
    },
    {
      collectionGroup: 'targets',
      fieldPath: 'target',
      indexes: [],
    },
    {
      collectionGroup: 'jobs',
      fieldPath: 'payloadJson',
      indexes: [],
    },
    {
      collectionGroup: 'jobs',
      fieldPath: 'resultJson',
      indexes: [],
    },
    {
      collectionGroup: 'logs',
      fieldPath: 'data',
      indexes: [],
    },
    {
      collectionGroup: 'audit',
      fieldPath: 'data',
      indexes: [],
    },
    {
      collectionGroup: 'deliveries',
      fieldPath: 'package',
      indexes: [],
    },
    {
      collectionGroup: 'receipts',
      fieldPath: 'body',
      indexes: [],
    },
    {
      collectionGroup: 'credentials',
      fieldPath: 'passwordHash',
      indexes: [],
    },
    {
      collectionGroup: 'apiKeys',
      fieldPath: 'hash',
      indexes: [],
    },
  ],
};
