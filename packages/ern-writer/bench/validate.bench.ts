// Offline XSD validation: validateErn on DDEX's official audio samples (ERN 4.3, 4.2, 3.8.2), milliseconds per
// message with the version's schema already compiled, and the one-off cost of compiling each schema. libxmljs2
// (the previous engine, which recompiled the XSD on every call) is measured beside it as the peer, installed on
// first use into .bench-peers/ (bench/peers.ts); without it the figures carry no peer. Schemas: $DDEX_SCHEMA_DIR, else <repo>/../shared/ddex/schemas.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Bench } from 'tinybench';
import type { BenchFigure } from '../../../bench/harness';
import { peakRssMb } from '../../../bench/harness';
import { requirePeer } from '../../../bench/peers';
import {
  clearErnSchemaCache,
  ERN_SCHEMA_VERSIONS,
  type ErnSchemaVersion,
  loadErnSchema,
  validateErn,
} from '../src/validate';
import { loadLibxml2Wasm } from '../src/validate/engine';

const SHARED = resolve(import.meta.dirname, '../../../../shared/ddex');
const SCHEMA_DIR = process.env.DDEX_SCHEMA_DIR ? resolve(process.env.DDEX_SCHEMA_DIR) : join(SHARED, 'schemas');

/** The official audio sample measured per version, and the figure's name. */
const CASES: ReadonlyArray<{ version: ErnSchemaVersion; sample: string; name: string }> = [
  { version: '4.3', sample: 'ern-43/1_Audio.xml', name: 'ern43' },
  { version: '4.2', sample: 'ern-42/1_Audio.xml', name: 'ern42' },
  { version: '3.8.2', sample: 'ern-382/Profile_AudioAlbumMusicOnly.xml', name: 'ern382' },
];

/** The part of libxmljs2 the peer measurement calls. */
interface LibxmljsPeer {
  parseXml(source: string, options?: object): { validate(xsd: unknown): boolean };
}

/**
 * `validate-<version>`: mean ms per message of `validateErn` (schema compiled and cached), with the median and
 * libxmljs2's figure for the same work when it is installed; `validate-compile-<version>`: ms to read and compile
 * the version's XSD once (first call); `validate-engine-load`: ms to import libxml2-wasm and instantiate its
 * WebAssembly module (once per process); `validate-peak-rss`: MB.
 */
export async function runValidateBench(): Promise<BenchFigure[]> {
  const loading = performance.now();
  await loadLibxml2Wasm();
  const figures: BenchFigure[] = [
    { bench: 'validate-engine-load', unit: 'ms', value: _round(performance.now() - loading) },
  ];
  const peer = await _libxmljs();
  for (const { version, sample, name } of CASES) {
    const xml = readFileSync(join(SHARED, 'samples', sample), 'utf8');
    clearErnSchemaCache();
    const started = performance.now();
    const schema = await loadErnSchema(version, { schemaDir: SCHEMA_DIR });
    const compileMs = performance.now() - started;
    const first = await validateErn(xml, { schemaDir: SCHEMA_DIR });
    if (!first.valid) throw new Error(`${sample} is not valid: ${JSON.stringify(first.errors.slice(0, 3))}`);
    figures.push({
      bench: `validate-compile-${name}`,
      unit: 'ms',
      value: _round(compileMs),
      files: schema.files.length,
    });

    const ours = await _msPerCall(() => validateErn(xml, { schemaDir: SCHEMA_DIR }));
    const figure: BenchFigure = {
      bench: `validate-${name}`,
      unit: 'ms/message',
      value: ours.mean,
      median: ours.median,
    };
    if (peer !== undefined) {
      const xsdPath = join(SCHEMA_DIR, ERN_SCHEMA_VERSIONS[version].folder, ERN_SCHEMA_VERSIONS[version].schemaFile);
      const xsd = peer.parseXml(readFileSync(xsdPath, 'utf8'), { baseUrl: xsdPath, nonet: true });
      const theirs = await _msPerCall(() => peer.parseXml(xml, { nonet: true }).validate(xsd), 2000);
      Object.assign(figure, { peer: 'libxmljs2@0.35.0', peerValue: theirs.mean });
    }
    figures.push(figure);
  }
  clearErnSchemaCache();
  figures.push({ bench: 'validate-peak-rss', unit: 'MB', value: peakRssMb() });
  return figures;
}

// --- Internal helpers ---

async function _msPerCall(fn: () => unknown, time = 1500): Promise<{ mean: number; median: number }> {
  const bench = new Bench({ time, warmupTime: 500 });
  bench.add('validate', fn);
  await bench.run();
  const result = bench.tasks[0]?.result as { latency?: { mean: number; p50: number } } | undefined;
  if (result?.latency === undefined) throw new Error('validate benchmark produced no result');
  return { mean: _round(result.latency.mean), median: _round(result.latency.p50) };
}

async function _libxmljs(): Promise<LibxmljsPeer | undefined> {
  try {
    // a bench peer only (no longer a devDependency): installed on first use into .bench-peers/
    const mod = requirePeer<{ default?: LibxmljsPeer } & Partial<LibxmljsPeer>>('libxmljs2', '0.35.0');
    const lib = mod.default ?? mod;
    return typeof lib.parseXml === 'function' ? (lib as LibxmljsPeer) : undefined;
  } catch {
    return undefined;
  }
}

function _round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
