// Rewrites the JSON files shipped in adapters/firebase/firebase from the code that `init` and `create` write them
// with (a test compares the two): run after changing firebase.json's layout or FIRESTORE_INDEXES.
//   node --conditions=@ddex/source --import tsx adapters/firebase/scripts/write-shipped-files.ts
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { firebaseConfigFiles } from '../src/project/index';

const files = firebaseConfigFiles({ projectId: 'demo-ddex-distro' });
for (const name of ['firebase.json', 'firestore.indexes.json']) {
  writeFileSync(
    join(import.meta.dirname, '../firebase', name),
    `${JSON.stringify(JSON.parse(files[name]!), null, 2)}\n`,
  );
}
