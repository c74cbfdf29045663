import { readFileSync } from 'node:fs';
import { parseRelease, type Release } from '@ddex/ern-model';
import { describe, expect, it } from 'vitest';
import { compareReleases } from '../src';
import { CANONICAL } from './support/paths';

function canonical(): Release {
  const parsed = parseRelease(JSON.parse(readFileSync(CANONICAL, 'utf8')));
  if (!parsed.success) throw new Error('the canonical album does not parse');
  return parsed.data;
}

describe('compareReleases', () => {
  it('finds no difference between a release and itself', () => {
    expect(compareReleases(canonical(), canonical())).toEqual([]);
  });

  it('reports changed identifiers, titles, artists, durations, deals and technical details', () => {
    const a = canonical();
    const b = structuredClone(a);
    b.metadata.barcode = '5012345678917';
    (b.tracks[2] as Release['tracks'][number]).metadata.title = 'Changed';
    (b.tracks[3] as Release['tracks'][number]).metadata.duration = 300;
    (b.tracks[4] as Release['tracks'][number]).metadata.contributors.push({ name: 'New Person', role: 'Remixer' });
    b.rights.useTypes = ['Stream'];
    (b.assets.audio[0] as Release['assets']['audio'][number]).sampleRate = 96000;
    expect(compareReleases(a, b).map((d) => d.path)).toEqual([
      'identifiers.barcode',
      'tracks.2.title',
      'tracks.3.duration',
      // credits are compared as a sorted list: the added one shifts those after it
      'tracks.4.credits.3',
      'tracks.4.credits.4',
      'tracks.4.credits.5',
      'deals.0.useTypes.0',
      'deals.0.useTypes.1',
      // files are compared in file-name order (the cover image sorts first)
      'technical.1.sampleRate',
    ]);
  });

  it('treats a deal split by commercial model, a date-time start and a renamed role as the same', () => {
    const a = canonical();
    const b = structuredClone(a);
    b.deals = [
      {
        territories: a.territories,
        startDate: '2027-03-05T00:00:00Z',
        commercialModels: ['SubscriptionModel', 'AdvertisementSupportedModel'],
        useTypes: ['Stream'],
      },
      {
        territories: a.territories,
        startDate: '2027-03-05',
        priceCode: 'FRONT',
        commercialModels: ['PayAsYouGoModel'],
        useTypes: ['PermanentDownload'],
      },
    ];
    for (const t of b.tracks)
      for (const c of t.metadata.contributors) if (c.role === 'Producer') c.role = 'StudioProducer';
    expect(compareReleases(a, b)).toEqual([]);
  });
});
