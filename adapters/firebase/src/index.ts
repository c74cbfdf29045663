/**
 * @module
 * DDEX Distro on Firebase (`@ddex/adapter-firebase`): the catalog store and delivery queue on Cloud Firestore
 * (`firestoreStore`), files in Cloud Storage through its S3-compatible API (`gcsAssetStore`), and Firebase Auth ID
 * tokens with `tenantId`/`role` custom claims as a way to call the service. The Cloud Functions entry is at
 * `@ddex/adapter-firebase/functions`, the project files (rules, indexes, firebase.json) at
 * `@ddex/adapter-firebase/project`.
 *
 * @example
 * import { initializeApp } from 'firebase-admin/app';
 * import { getFirestore } from 'firebase-admin/firestore';
 * import { firestoreStore, gcsAssetStore } from '@ddex/adapter-firebase';
 * const store = firestoreStore({ firestore: getFirestore(initializeApp()), assets: gcsAssetStore({ ... }) });
 */
export { GCS_S3_ENDPOINT, type GcsAssetStoreOptions, gcsAssetStore, gcsS3Client } from './assets/gcs-assets';
export {
  type BearerAuthenticator,
  type FirebaseAuthOptions,
  type FirebaseTokenRefusal,
  firebaseAuthenticator,
  principalOfClaims,
  setTenantClaims,
  type TenantClaims,
  verifyFirebaseToken,
  withFirebaseAuth,
} from './auth/firebase-auth';
export { type FirestoreStore, type FirestoreStoreOptions, firestoreStore } from './store/firestore-store';
export { lookupToken, MAX_TOKEN_LENGTH, searchTokens } from './store/search-tokens';
