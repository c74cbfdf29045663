import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { startDeliveryWorker } from '../src/index';
import { album, type Harness, harness, STORE_NAMES, STORES } from './support';

// the album's genres are ["Electronic", "Ambient"]; its second track has its own
const mapped = {
  id: 'mapped',
  name: 'Mapped DSP',
  type: 'Test',
  protocol: 'FILESYSTEM',
  config: { directory: 'mapped' },
  recipient: { dpid: 'PADPIDA20270101024', name: 'Mapped DSP' },
  genreMap: { genres: { Electronic: 'Electronica', 'Electronic > Ambient': 'Electronica > Chill' }, fallback: 'Other' },
};
const unmapped = {
  ...mapped,
  id: 'unmapped',
  name: 'Strict Genres DSP',
  config: { directory: 'unmapped' },
  genreMap: { genres: { Rock: 'Rock' } },
};
const genres = (xml: string) => [...xml.matchAll(/<(GenreText|SubGenre)>([^<]*)</g)].map((m) => `${m[1]}:${m[2]}`);

describe.each(STORE_NAMES)("a target's genre map (%s store)", (storeName) => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness({ store: await STORES[storeName]!() });
    const release = album();
    release.tracks[1].metadata.genre = ['Jazz'];
    await h.store.assets.put('tenant-a', 'uploads/aud-01.flac', 'fLaC-audio-bytes');
    release.assets.audio[0].storageKey = 'uploads/aud-01.flac';
    expect((await h.call('POST', '/api/releases', { key: h.a.manager, body: release })).status).toBe(201);
    for (const body of [mapped, unmapped]) {
      expect((await h.call('POST', '/api/targets', { key: h.a.manager, body })).status).toBe(201);
    }
  });

  it('is stored with the target and written into its ERN (release, track fallback); other ERNs keep ours', async () => {
    const stored = await (await h.call('GET', '/api/targets/mapped', { key: h.a.viewer })).json();
    expect(stored.target.genreMap).toEqual(mapped.genreMap);

    const generate = async (body: Record<string, unknown>) => {
      const res = await h.call('POST', '/api/releases/rel-polar-042/generate', { key: h.a.viewer, body });
      expect(res.status).toBe(200);
      return (await res.json()).xml as string;
    };
    const xml = await generate({ targetId: 'mapped' });
    expect(genres(xml)).toContain('GenreText:Electronica');
    expect(genres(xml)).toContain('SubGenre:Chill');
    expect(genres(xml)).toContain('GenreText:Other'); // the Jazz track: the fallback
    expect(genres(xml)).not.toContain('GenreText:Electronic');
    expect(genres(xml)).not.toContain('GenreText:Jazz');

    const plain = await generate({ recipient: { dpid: 'PADPIDA20270101024', name: 'Anyone' } });
    expect(genres(plain)).toContain('GenreText:Electronic');
    expect(genres(plain)).toContain('GenreText:Jazz');
    // the stored release is unchanged
    const release = await (await h.call('GET', '/api/releases/rel-polar-042', { key: h.a.viewer })).json();
    expect(release.release.metadata.genre).toEqual(['Electronic', 'Ambient']);
  });

  it('the delivered ERN carries the mapped genre', async () => {
    const res = await h.call('POST', '/api/deliveries', {
      key: h.a.manager,
      body: { releaseId: 'rel-polar-042', targetId: 'mapped' },
    });
    expect(res.status).toBe(201);
    expect(await startDeliveryWorker(h.services, { autoStart: false }).drain()).toBe(1);
    const root = join(h.fsRoot, 'mapped');
    const [batch] = readdirSync(root);
    const ern = readFileSync(join(root, batch!, '5012345678900', '5012345678900.xml'), 'utf8');
    expect(genres(ern)).toContain('GenreText:Electronica');
    expect(genres(ern)).not.toContain('GenreText:Electronic');
  });

  it('preflight previews original → mapped per target and warns about unmapped genres', async () => {
    const res = await h.call('POST', '/api/deliveries/preflight', {
      key: h.a.viewer,
      body: { releaseId: 'rel-polar-042', targetIds: ['mapped', 'unmapped'] },
    });
    expect(res.status).toBe(200);
    const report = await res.json();
    const [ok, strict] = ['mapped', 'unmapped'].map((id) => report.targets.find((x: any) => x.targetId === id));
    expect(ok.genre.release).toEqual({
      from: ['Electronic', 'Ambient'],
      to: ['Electronica', 'Chill'],
      source: 'subgenre',
    });
    expect(ok.genre.tracks).toEqual([
      { trackId: expect.any(String), index: 1, mapping: { from: ['Jazz'], to: ['Other'], source: 'fallback' } },
    ]);
    expect(ok.warnings.filter((w: any) => w.code === 'genre_unmapped')).toEqual([]);
    expect(strict.genre.release.source).toBe('unmapped');
    expect(strict.ready).toBe(true); // a warning, not a refusal
    expect(strict.warnings.filter((w: any) => w.code === 'genre_unmapped')).toEqual([
      { code: 'genre_unmapped', path: 'metadata.genre', message: expect.stringContaining('"Electronic > Ambient"') },
      { code: 'genre_unmapped', path: 'tracks.1.metadata.genre', message: expect.stringContaining('"Jazz"') },
    ]);
  });

  it('refuses a genre map with an empty DSP genre', async () => {
    const res = await h.call('POST', '/api/targets', {
      key: h.a.manager,
      body: { ...mapped, id: 'bad', genreMap: { genres: { Rock: ' ' } } },
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error.issues[0].path).toBe('genreMap.genres.Rock');
  });
});
