import { ALL_TENANTS } from '@ddex/catalog-store';
import { describeCatalogStore, makeTenant } from '@ddex/catalog-store/testing';
import { FieldValue } from 'firebase-admin/firestore';
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

    // a queue written before priorities: its job documents have no `priority` field, which no level query matches
    vitest.it(
      'claims queued jobs written before priorities (no priority field), and gives them their level',
      async () => {
        const store = stores.create({ clock: Date.now });
        await store.tenants.create(makeTenant('legacy'));
        const old = await store.queue.enqueue('legacy', { kind: 'deliver', payload: { n: 1 } });
        const current = await store.queue.enqueue('legacy', { kind: 'deliver', payload: { n: 2 }, priority: 'high' });
        const jobs = store.getFirestore().collection('tenants').doc('legacy').collection('jobs');
        const legacyRef = (await jobs.get()).docs.find((d) => d.data().id === old.id)!.ref;
        await legacyRef.update({ priority: FieldValue.delete() });
        vitest.expect((await legacyRef.get()).data()).not.toHaveProperty('priority');

        const claimed = await store.queue.claim(ALL_TENANTS, { workerId: 'w', leaseMs: 60_000, limit: 5 });
        vitest.expect(claimed.map((j) => j.id)).toEqual([current.id, old.id]);
        vitest.expect((await legacyRef.get()).data()).toMatchObject({ priority: 'normal', status: 'running' });
      },
    );
  },
);
