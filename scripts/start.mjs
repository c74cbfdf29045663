#!/usr/bin/env node
// `npm start`: the main job of DDEX Distro. Until the distribution service lands, it validates the canonical
// release with the built CLI and prints its summary.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const example = process.argv[2] ?? join(root, '../shared/examples/release-album.json');
if (!existsSync(example)) {
  console.error(`no release to validate at ${example}: pass a release JSON file (npm start -- path/to/release.json)`);
  process.exit(2);
}
const result = spawnSync(
  process.execPath,
  [join(root, 'packages/cli/dist/bin.js'), 'release', 'validate', example, '--summary'],
  {
    stdio: 'inherit',
  },
);
process.exit(result.status ?? 2);
