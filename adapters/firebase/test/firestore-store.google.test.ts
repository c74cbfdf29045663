import { describeCatalogStore } from '@ddex/catalog-store/testing';
import * as vitest from 'vitest';
import { googleEmulatorMissing, type RunningEmulator, startGoogleEmulator } from './helpers/emulators';
import { storeFactory } from './helpers/store-factory';

// The whole contract suite against Google's own Cloud Firestore emulator (the gcloud component; it runs on Java 17
// here), started as a child process. No case is skipped. Files go to the in-memory asset store: the S3 asset store
// that holds them in production is tested against a real S3 server in gcs-assets.test.ts and adapters/postgres.
const missing = googleEmulatorMissing();
vitest.describe.skipIf(missing !== null)(
  `firestore store on Google's emulator${missing ? ` (${missing})` : ''}`,
  () => {
    let emulator: RunningEmulator;
    const stores = storeFactory(() => emulator.host);
    vitest.beforeAll(async () => {
      emulator = await startGoogleEmulator();
    });
    vitest.afterAll(async () => {
      await stores.dispose();
      await emulator?.stop();
    });
    describeCatalogStore({ name: 'firestore (Google emulator)', vitest, create: stores.create });
  },
);
