import { type AssetStore, memoryAssets } from '@ddex/catalog-store';
import { createDistroServices, type DistroServices, envKeyProvider, startDeliveryWorker } from '@ddex/distro-core';
import { createApp } from '@ddex/distro-core/http';
import { getApps, initializeApp } from 'firebase-admin/app';
import { getAuth } from 'firebase-admin/auth';
import { getFirestore } from 'firebase-admin/firestore';
import { onDocumentCreated } from 'firebase-functions/v2/firestore';
import { onRequest } from 'firebase-functions/v2/https';
import { onSchedule } from 'firebase-functions/v2/scheduler';
import { gcsAssetStore } from '../assets/gcs-assets';
import { withFirebaseAuth } from '../auth/firebase-auth';
import { firestoreStore } from '../store/firestore-store';
import { sendWebResponse, toWebRequest } from './web-bridge';

/** Options of {@link createDistroFunctions}. */
export interface DistroFunctionsOptions {
  /**
   * Region of the functions.
   * @default 'us-central1'
   */
  region?: string;
  /**
   * How often the scheduled worker drains the queue (Cloud Scheduler syntax).
   * @default 'every 5 minutes'
   */
  schedule?: string;
  /** builds the asset store; by default Cloud Storage through HMAC keys from `DDEX_GCS_BUCKET`, `DDEX_GCS_HMAC_ACCESS_ID`, `DDEX_GCS_HMAC_SECRET` */
  assets?: () => AssetStore;
  /** builds the services (tests, custom key providers); by default Firestore + `DDEX_DISTRO_SECRET_KEY` */
  services?: () => DistroServices;
}

/** The functions a DDEX Distro project exports. */
export interface DistroFunctions {
  /** the HTTP API (`/api/**`), authenticated by API keys or Firebase ID tokens with tenant claims */
  api: ReturnType<typeof onRequest>;
  /** drains due delivery jobs on a schedule (retries and scheduled deliveries) */
  deliveryWorker: ReturnType<typeof onSchedule>;
  /** drains the queue as soon as a job is enqueued */
  deliveryOnEnqueue: ReturnType<typeof onDocumentCreated>;
}

function defaultAssets(): AssetStore {
  const bucket = process.env.DDEX_GCS_BUCKET;
  const accessKeyId = process.env.DDEX_GCS_HMAC_ACCESS_ID;
  const secretAccessKey = process.env.DDEX_GCS_HMAC_SECRET;
  // the emulator suite has no S3 API: local runs keep files in memory
  if (!bucket || !accessKeyId || !secretAccessKey) return memoryAssets();
  return gcsAssetStore({ bucket, accessKeyId, secretAccessKey, prefix: 'catalog/' });
}

/** The services from the default Firebase app: the Firestore store, Cloud Storage files and Firebase Auth sign-in. */
function defaultServices(options: DistroFunctionsOptions): DistroServices {
  const app = getApps()[0] ?? initializeApp();
  const keys = envKeyProvider();
  if (!keys) throw new Error('set DDEX_DISTRO_SECRET_KEY (a Functions secret) to seal target credentials');
  const store = firestoreStore({ firestore: getFirestore(app), assets: (options.assets ?? defaultAssets)() });
  return withFirebaseAuth(createDistroServices({ store, keys }), getAuth(app));
}

/**
 * The HTTP API and the delivery worker as Cloud Functions (v2). Services are built once per instance, on the first
 * call, from the default Firebase app: the Firestore store, Cloud Storage files and Firebase Auth sign-in.
 */
export function createDistroFunctions(options: DistroFunctionsOptions = {}): DistroFunctions {
  const region = options.region ?? 'us-central1';
  let services: DistroServices | undefined;
  const get = (): DistroServices => {
    if (services) return services;
    services = options.services ? options.services() : defaultServices(options);
    return services;
  };
  let app: ReturnType<typeof createApp> | undefined;
  const drain = () => startDeliveryWorker(get(), { autoStart: false }).drain();

  return {
    api: onRequest({ region, secrets: ['DDEX_DISTRO_SECRET_KEY'] }, async (req, res) => {
      app ??= createApp(get());
      await sendWebResponse(res, await app.fetch(toWebRequest(req)));
    }),
    deliveryWorker: onSchedule(
      { region, secrets: ['DDEX_DISTRO_SECRET_KEY'], schedule: options.schedule ?? 'every 5 minutes' },
      async () => {
        await drain();
      },
    ),
    deliveryOnEnqueue: onDocumentCreated(
      { region, secrets: ['DDEX_DISTRO_SECRET_KEY'], document: 'tenants/{tenantId}/jobs/{jobId}' },
      async () => {
        await drain();
      },
    ),
  };
}
