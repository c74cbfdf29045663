import { randomBytes } from 'node:crypto';
import { memoryAssets } from '@ddex/catalog-store';
import { type App, deleteApp, initializeApp } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import { type FirestoreStore, firestoreStore } from '../../src/index';

/**
 * Makes stores on an emulator, each in a project of its own (so every test starts empty, and collection-group
 * queries see only that test's data). Call `dispose()` at the end.
 */
export function storeFactory(emulatorHost: () => string) {
  const run = randomBytes(3).toString('hex');
  const apps: App[] = [];
  let n = 0;
  return {
    create({ clock }: { clock: () => number }): FirestoreStore {
      process.env.FIRESTORE_EMULATOR_HOST = emulatorHost();
      const app = initializeApp({ projectId: `demo-ddex-${run}-${++n}` }, `ddex-${run}-${n}`);
      apps.push(app);
      return firestoreStore({ firestore: getFirestore(app), assets: memoryAssets({ clock }), clock });
    },
    async dispose() {
      await Promise.all(apps.splice(0).map((app) => deleteApp(app)));
    },
  };
}
