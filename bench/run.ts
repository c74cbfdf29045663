// `npm run bench`: every package's benchmarks, one JSON object per line on stdout:
// {"bench": name, "unit": ..., "value": n, "peer": name?, "peerValue": n?}. Progress goes to stderr.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchFigure } from './harness';

type Suite = { file: string; run: string };
const SUITES: Suite[] = [
  { file: 'packages/ern-model/bench/parse-release.bench.ts', run: 'runParseReleaseBench' },
  { file: 'packages/ern-writer/bench/ern-writer.bench.ts', run: 'runErnWriterBench' },
  { file: 'packages/ern-writer/bench/validate.bench.ts', run: 'runValidateBench' },
  { file: 'packages/ern-reader/bench/ern-reader.bench.ts', run: 'runErnReaderBench' },
  { file: 'adapters/sqlite/bench/sqlite-store.bench.ts', run: 'runSqliteStoreBench' },
  { file: 'packages/delivery-transports/bench/delivery.bench.ts', run: 'runDeliveryBench' },
  { file: 'adapters/postgres/bench/postgres-store.bench.ts', run: 'runPostgresStoreBench' },
  { file: 'packages/distro-core/bench/service.bench.ts', run: 'runServiceBench' },
];

const only = process.argv.slice(2);
const root = join(import.meta.dirname, '..');
let failed = false;
for (const suite of SUITES) {
  if (only.length > 0 && !only.some((o) => suite.file.includes(o))) continue;
  const path = join(root, suite.file);
  if (!existsSync(path)) continue;
  process.stderr.write(`bench: ${suite.file}\n`);
  try {
    const mod = (await import(pathToFileURL(path).href)) as Record<string, () => Promise<BenchFigure[]>>;
    const run = mod[suite.run];
    if (typeof run !== 'function') throw new Error(`${suite.file} does not export ${suite.run}()`);
    for (const figure of await run()) process.stdout.write(`${JSON.stringify(figure)}\n`);
  } catch (error) {
    failed = true;
    process.stderr.write(`bench: ${suite.file} failed: ${(error as Error).stack ?? error}\n`);
  }
}
process.exitCode = failed ? 1 : 0;
