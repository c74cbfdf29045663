import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeParseRelease } from '../src/index';
import { album, harness } from './support';

// Malformed release payloads: arbitrary JSON, and the canonical album with one field broken or removed.
const valid = album();

function setAt(doc: any, path: (string | number)[], value: unknown): any {
  const copy = structuredClone(doc);
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key];
  const last = path[path.length - 1]!;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

const fieldPaths: (string | number)[][] = [
  ['id'],
  ['type'],
  ['metadata'],
  ['metadata', 'title'],
  ['metadata', 'releaseDate'],
  ['metadata', 'barcode'],
  ['metadata', 'genre'],
  ['tracks'],
  ['tracks', 0, 'isrc'],
  ['tracks', 0, 'sequenceNumber'],
  ['tracks', 1, 'metadata', 'duration'],
  ['territories'],
  ['territories', 'included'],
  ['rights', 'startDate'],
  ['assets', 'audio', 0, 'format'],
];

const badValue = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.integer({ min: -5, max: 5 }),
  fc.string({ maxLength: 8 }),
  fc.constant(''),
  fc.constant([]),
  fc.constant({}),
  fc.boolean(),
);

const brokenAlbum = fc
  .tuple(fc.constantFrom(...fieldPaths), badValue)
  .map(([path, value]) => setAt(valid, path, value))
  // a mutation can leave a valid release (an id "abc"): only malformed ones count
  .filter((doc) => !safeParseRelease(doc).success);

const anyJson = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.dictionary(
    fc.constantFrom('id', 'type', 'metadata', 'tracks', 'status', '__proto__', 'constructor'),
    fc.jsonValue({ maxDepth: 2 }),
  ),
);

describe('malformed release payloads', () => {
  it('are all 400 with issues, never a 500, and nothing is stored', async () => {
    const h = await harness();
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(brokenAlbum, anyJson), fc.constantFrom('POST', 'PUT'), async (payload, method) => {
        runs++;
        const path = method === 'POST' ? '/api/releases' : '/api/releases/rel-polar-042';
        const res = await h.call(method, path, {
          key: h.a.manager,
          raw: JSON.stringify(payload),
          headers: { 'content-type': 'application/json' },
        });
        if (method === 'PUT' && res.status === 404) return; // a valid body for an absent release
        expect(res.status).toBe(400);
        const body = await res.json();
        expect(body.error.code).toBe('VALIDATION');
        expect(body.error.issues.length).toBeGreaterThan(0);
        for (const issue of body.error.issues) {
          expect(typeof issue.code).toBe('string');
          expect(typeof issue.path).toBe('string');
          expect(typeof issue.message).toBe('string');
        }
      }),
      { numRuns: 200, seed: 20271126 },
    );
    expect(runs).toBe(200);
    expect((await h.store.releases.list('tenant-a')).items).toHaveLength(0);
    expect((await h.store.audit.list('tenant-a')).items).toHaveLength(0);
  });

  it('ids with slashes, control characters or surrounding spaces are 400', async () => {
    const h = await harness();
    for (const id of [' ', ' x', 'a/b', 'a\\b', 'a\u0000b', 'x '.repeat(200)]) {
      const res = await h.call('POST', '/api/releases', { key: h.a.manager, body: album({ id }) });
      expect(res.status, JSON.stringify(id)).toBe(400);
      expect((await res.json()).error.issues[0].path).toBe('id');
    }
    expect(
      (await h.call('POST', '/api/releases', { key: h.a.manager, body: album({ id: 'POLAR 042:deluxe' }) })).status,
    ).toBe(201);
  });

  it('inputs on which the model check throws (territories "") are 400 with field issues, not 500', async () => {
    const h = await harness();
    for (const [field, value] of [
      ['territories', ''],
      ['assets', 'x'],
      ['metadata', 7],
      ['rights', 'all'],
    ] as const) {
      const res = await h.call('POST', '/api/releases', { key: h.a.manager, body: album({ [field]: value }) });
      expect(res.status, field).toBe(400);
      expect((await res.json()).error.issues.map((i: any) => i.path)).toContain(field);
    }
  });

  it('raw bodies that are not JSON objects are 400 too', async () => {
    const h = await harness();
    for (const raw of ['', 'null', '[]', '"x"', '42', '{', '{"a":1}}', '\u0000']) {
      const res = await h.call('POST', '/api/releases', {
        key: h.a.manager,
        raw,
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status, JSON.stringify(raw)).toBe(400);
    }
  });
});
