import { type CatalogStoreError, isCatalogStoreError, prepareRelease } from '@ddex/catalog-store';
import { makeRelease } from '@ddex/catalog-store/testing';
import type { Release } from '@ddex/ern-model';
import { describe, expect, it } from 'vitest';
import { PG_URL } from './helpers/live';
import { useLiveStore } from './helpers/live-store';

/** Awaits `promise`, which must reject with INVALID_ARGUMENT of this store about a NUL in release `id`. */
async function expectNulRefused(promise: Promise<unknown>, id: string, field?: string): Promise<void> {
  const error = await promise.then(
    (value) => {
      throw new Error(`expected INVALID_ARGUMENT, resolved to ${JSON.stringify(value)}`);
    },
    (e: unknown) => e,
  );
  expectNulError(error, id, field);
}

function expectNulError(error: unknown, id: string, field?: string): void {
  expect(isCatalogStoreError(error, 'INVALID_ARGUMENT'), String(error)).toBe(true);
  const e = error as CatalogStoreError;
  expect(e.store).toBe('postgres');
  expect(e.message).toContain(`"${id}"`);
  expect(e.message).toMatch(/NUL character/);
  if (field !== undefined) expect(e.message).toContain(`: ${field} holds`);
}

/** A release whose title and first track title are `text`. */
const titled = (n: number, text: string, f: Parameters<typeof makeRelease>[1] = {}): Release =>
  makeRelease(n, { title: text, trackTitles: [`${text} (track)`], ...f });

// A NUL character cannot be stored in PostgreSQL text (which the json functions the store runs on documents need),
// so the store refuses it up front; six characters that only look like its JSON escape are ordinary text.
describe.skipIf(!PG_URL)('postgres store: NUL in release documents (live)', () => {
  const live = useLiveStore(['n-a', 'n-b']);
  const rowsOf = async (tenant: string, id: string) =>
    (
      await live.admin.query(
        `SELECT (SELECT count(*) FROM ddex.releases WHERE tenant_id = $1 AND id = $2)::int AS releases,
           (SELECT count(*) FROM ddex.release_codes c JOIN ddex.releases r USING (seq)
             WHERE r.tenant_id = $1 AND r.id = $2)::int AS codes,
           (SELECT count(*) FROM ddex.release_codes WHERE tenant_id = $1)::int AS tenant_codes,
           (SELECT count(*) FROM ddex.release_words WHERE tenant_id = $1)::int AS tenant_words`,
        [tenant, id],
      )
    ).rows[0];

  it('create refuses a NUL anywhere in the document (INVALID_ARGUMENT) and stores nothing', async () => {
    const r = live.store.releases;
    const empty = await rowsOf('n-b', 'rel-00001');
    expect(empty).toEqual({ releases: 0, codes: 0, tenant_codes: 0, tenant_words: 0 });
    const variants = [
      titled(1, 'Nul \u0000 Title'),
      titled(1, '\u0000'),
      // a backslash, or two, before the NUL: the JSON text is `\\\u0000`, `\\\\\u0000`
      titled(1, 'Slash \\\u0000'),
      titled(1, 'Slashes \\\\\u0000'),
      { ...makeRelease(1), tracks: [{ ...makeRelease(1).tracks[0]!, isrc: 'QZNUL2600001' }] },
    ];
    variants[4]!.tracks[0]!.metadata.title = 'deep \u0000 in a track';
    for (const [i, release] of variants.entries()) {
      // the error names the field: the release title, or the first track's
      await expectNulRefused(
        r.create('n-b', release),
        'rel-00001',
        i === 4 ? 'tracks[0].metadata.title' : 'metadata.title',
      );
      expect(await r.find('n-b', 'rel-00001')).toBeNull();
      expect(await rowsOf('n-b', 'rel-00001')).toEqual(empty);
    }
    expect(await r.search('n-b', 'nul')).toEqual([]);
    expect((await r.list('n-b')).items).toEqual([]);
    // the same release without the NUL is fine
    expect((await r.create('n-b', titled(1, 'Nul Title'))).version).toBe(1);
  });

  it('update refuses a NUL and leaves the stored release as it was', async () => {
    const r = live.store.releases;
    const original = await r.create('n-a', titled(2, 'Kept Original'));
    const before = await rowsOf('n-a', 'rel-00002');
    await expectNulRefused(r.update('n-a', 'rel-00002', titled(2, 'Changed \u0000 Title')), 'rel-00002');
    await expectNulRefused(
      r.update('n-a', 'rel-00002', titled(2, 'Changed \u0000'), { expectedVersion: 1 }),
      'rel-00002',
    );
    expect(await r.get('n-a', 'rel-00002')).toEqual(original);
    expect(await rowsOf('n-a', 'rel-00002')).toEqual(before);
    expect((await r.search('n-a', 'kept original')).map((x) => x.id)).toEqual(['rel-00002']);
    expect(await r.search('n-a', 'changed')).toEqual([]);
    // a valid update afterwards still expects version 1: the refused ones changed nothing
    const changed = await r.update('n-a', 'rel-00002', titled(2, 'Changed'), { expectedVersion: 1 });
    expect(changed.version).toBe(2);
    expect(changed.release).toEqual(prepareRelease('n-a', titled(2, 'Changed')));
  });

  it('writeMany refuses only the release with a NUL; the others of the batch are stored', async () => {
    const r = live.store.releases;
    const batch = [titled(11, 'Good Eleven'), titled(12, 'Bad \u0000 Twelve'), titled(13, 'Good Thirteen')];
    const results = await r.writeMany!('n-a', batch);
    expect(results.map((x) => [x.id, x.ok])).toEqual([
      ['rel-00011', true],
      ['rel-00012', false],
      ['rel-00013', true],
    ]);
    const failed = results[1]!;
    if (failed.ok) throw new Error('unreachable');
    expectNulError(failed.error, 'rel-00012', 'metadata.title');
    expect(await r.find('n-a', 'rel-00012')).toBeNull();
    expect(await rowsOf('n-a', 'rel-00012')).toMatchObject({ releases: 0, codes: 0 });
    expect(await r.search('n-a', 'twelve')).toEqual([]);
    expect((await r.search('n-a', 'good')).map((x) => x.id)).toEqual(['rel-00013', 'rel-00011']);
    expect((await r.get('n-a', 'rel-00011')).release).toEqual(prepareRelease('n-a', batch[0]!));

    // upsert: the update of a stored release to a NUL fails alone and keeps the stored version
    const again = await r.writeMany!(
      'n-a',
      [titled(11, 'Eleven \u0000 Again'), titled(14, 'Good Fourteen'), titled(13, 'Thirteen Updated')],
      { mode: 'upsert' },
    );
    expect(again.map((x) => [x.id, x.ok, x.ok && x.created])).toEqual([
      ['rel-00011', false, false],
      ['rel-00014', true, true],
      ['rel-00013', true, false],
    ]);
    expect((await r.get('n-a', 'rel-00011')).version).toBe(1);
    expect((await r.get('n-a', 'rel-00011')).release.metadata.title).toBe('Good Eleven');
    expect((await r.get('n-a', 'rel-00013')).release.metadata.title).toBe('Thirteen Updated');
    // a batch of nothing but a NUL release
    const alone = await r.writeMany!('n-a', [titled(15, '\u0000')]);
    expect(alone.map((x) => x.ok)).toEqual([false]);
    expect(await r.find('n-a', 'rel-00015')).toBeNull();
  });

  it('a backslash followed by "u0000" is text: it round-trips exactly through every write and read', async () => {
    const r = live.store.releases;
    const texts = [
      'Back\\u0000slash', // 6 characters: \ u 0 0 0 0
      'Two \\\\u0000 slashes',
      'Three \\\\\\u0000 slashes',
      '\\u0000',
      'Lookalike \u2400 and \\x00 and \\0',
    ];
    for (const [i, text] of texts.entries()) {
      const n = 21 + i;
      const id = `rel-000${n}`;
      const release = titled(n, `Literal ${text}`, { isrcs: [`QZLIT26000${n}`] });
      const created = await r.create('n-a', release);
      expect(created.release.metadata.title).toBe(`Literal ${text}`);
      const got = await r.get('n-a', id);
      expect(got.release).toEqual(prepareRelease('n-a', release));
      expect(got.release.tracks[0]!.metadata.title).toBe(`Literal ${text} (track)`);
      // the server holds the characters themselves, not a NUL
      const server = await live.admin.query(
        `SELECT doc->'metadata'->>'title' AS title FROM ddex.releases WHERE tenant_id = 'n-a' AND id = $1`,
        [id],
      );
      expect(server.rows[0].title).toBe(`Literal ${text}`);
      expect((await r.findByCode('n-a', 'isrc', `QZLIT26000${n}`)).map((x) => x.release)).toEqual([got.release]);
      const updated = await r.update('n-a', id, titled(n, `Updated ${text}`, { isrcs: [`QZLIT26000${n}`] }));
      expect((await r.get('n-a', id)).release.metadata.title).toBe(`Updated ${text}`);
      expect(updated.release.metadata.title).toBe(`Updated ${text}`);
      // archive rewrites the document through jsonb
      const archived = await r.archive('n-a', id);
      expect(archived.release.metadata.title).toBe(`Updated ${text}`);
      expect((await r.get('n-a', id)).release.tracks[0]!.metadata.title).toBe(`Updated ${text} (track)`);
    }
    const batch = texts.map((text, i) => titled(31 + i, `Batch ${text}`));
    const results = await r.writeMany!('n-a', batch);
    expect(results.every((x) => x.ok)).toBe(true);
    for (const release of batch)
      expect((await r.get('n-a', release.id)).release).toEqual(prepareRelease('n-a', release));
    const listed = (await r.list('n-a', { text: 'batch', limit: 100 })).items.map((x) => x.release.metadata.title);
    expect(listed).toEqual(texts.map((t) => `Batch ${t}`).reverse());
    expect((await r.search('n-a', 'literal')).length).toBe(0);
    expect((await r.search('n-a', 'updated slashes')).map((x) => x.release.metadata.title).sort()).toEqual(
      [`Updated ${texts[1]}`, `Updated ${texts[2]}`].sort(),
    );
  });
});
