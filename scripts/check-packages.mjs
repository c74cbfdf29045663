#!/usr/bin/env node
// Checks every built workspace package the way npm users will meet it: publint (package.json vs files) and
// @arethetypeswrong/cli (types resolve for import and require under node10, node16 and bundler).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const dirs = ['packages', 'adapters'].flatMap((group) =>
  existsSync(join(root, group)) ? readdirSync(join(root, group)).map((name) => join(root, group, name)) : [],
);
let failed = 0;
for (const dir of dirs) {
  const pkgFile = join(dir, 'package.json');
  if (!existsSync(pkgFile)) continue;
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'));
  if (pkg.private) continue;
  if (!existsSync(join(dir, 'dist'))) {
    console.error(`${pkg.name}: no dist/ (run npm run build first)`);
    failed++;
    continue;
  }
  for (const [tool, args] of [
    ['publint', ['publint', '--strict']],
    ['attw', ['attw', '--pack', '.', '--format', 'table-flipped', '--no-color']],
  ]) {
    try {
      execFileSync('npx', ['--no-install', ...args], { cwd: dir, stdio: 'pipe', encoding: 'utf8' });
      console.log(`${pkg.name}: ${tool} ok`);
    } catch (error) {
      failed++;
      console.error(`${pkg.name}: ${tool} failed\n${error.stdout ?? ''}${error.stderr ?? ''}`);
    }
  }
}
process.exit(failed === 0 ? 0 : 1);
