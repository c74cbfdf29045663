import { makeRelease } from '@ddex/catalog-store/testing';
import type { Release } from '@ddex/ern-model';

const WORDS = (
  'aurora north light echo polar night ice dream river stone fire ocean velvet glass summer winter golden ' +
  'shadow city neon silver wild heart storm quiet electric midnight garden desert signal orbit paper ' +
  'thunder honey crystal distant lunar solar violet ember harbor canyon prism static meadow tide'
).split(' ');
const STATUSES = ['draft', 'ready', 'delivered', 'archived'] as const;
const TYPES = ['Album', 'Single', 'EP'];

/** mulberry32: a small seeded PRNG, so every run generates the same catalog. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Options of {@link generateCatalog}. */
export interface CatalogGeneratorOptions {
  /** number of releases */
  releases: number;
  /**
   * Tracks per release.
   * @default 12
   */
  tracksPerRelease?: number;
  /**
   * PRNG seed.
   * @default 42
   */
  seed?: number;
}

/** A seeded, lazily generated catalog: `releases` valid releases with unique ids, UPCs, ISRCs and catalog numbers. */
export function* generateCatalog(options: CatalogGeneratorOptions): Generator<Release> {
  const rand = prng(options.seed ?? 42);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
  const tracks = options.tracksPerRelease ?? 12;
  for (let i = 1; i <= options.releases; i++) {
    const title = `${pick(WORDS)} ${pick(WORDS)}`;
    const artist = `${pick(WORDS)} ${pick(WORDS)}s`.replace(/^./, (c) => c.toUpperCase());
    const year = 1990 + Math.floor(rand() * 40);
    const month = String(1 + Math.floor(rand() * 12)).padStart(2, '0');
    yield makeRelease(i, {
      id: `rel-${String(i).padStart(7, '0')}`,
      title,
      artist,
      label: `Label ${Math.floor(rand() * 200)}`,
      status: pick(STATUSES),
      type: pick(TYPES),
      releaseDate: `${year}-${month}-15`,
      barcodeBase: `50${String(i).padStart(10, '0')}`,
      catalogNumber: `CAT-${String(i).padStart(7, '0')}`,
      isrcs: Array.from(
        { length: tracks },
        (_, k) => `QZ${String(i).padStart(7, '0')}${String(k + 1).padStart(3, '0')}`,
      ),
      trackTitles: Array.from({ length: tracks }, () => `${pick(WORDS)} ${pick(WORDS)}`),
    });
  }
}
