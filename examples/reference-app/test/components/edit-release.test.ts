import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRelease } from '@ddex/ern-model';
import { describe, expect, it } from 'vitest';
import { fromRelease, mergeRelease, STEPS, stepErrors, toRelease } from '../../src/wizard/draft';

// Editing a stored release in the wizard: the draft read from it is valid as it stands, and saving the edit keeps
// every field the wizard does not show.
const stored = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../../../../shared/examples/release-album.json'), 'utf8'),
);
const release = parseRelease(stored);
if (!release.success) throw new Error('the shared example is not a valid release');
const base = release.data as unknown as Record<string, any>;

describe('editing a stored release', () => {
  it('reads every field the wizard shows, with its files counted as uploaded', () => {
    const draft = fromRelease(base);
    expect(draft).toMatchObject({
      id: base.id,
      title: 'Northern Lights',
      label: base.metadata.label,
      barcode: base.metadata.barcode,
      genre: base.metadata.genre[0],
      ernVersion: base.ddex.version,
    });
    expect(draft.tracks.map((t) => t.isrc)).toEqual(base.tracks.map((t: { isrc: string }) => t.isrc));
    expect(draft.files.filter((f) => f.kind === 'audio' && f.state === 'done')).toHaveLength(base.assets.audio.length);
    for (const step of STEPS) expect(stepErrors(draft, step), step).toEqual({});
  });

  it('saves the edit over the stored release: unseen fields, status and discs stay; cleared fields clear', () => {
    const withExtras = {
      ...base,
      status: 'ready',
      deals: [
        {
          territories: { included: ['NO'], excluded: [] },
          startDate: '2027-03-05',
          commercialModels: ['SubscriptionModel'],
          useTypes: ['Stream'],
        },
      ],
      metadata: { ...base.metadata, keywords: ['aurora'], genre: ['Electronic', 'Ambient', 'Downtempo'] },
      tracks: base.tracks.map((t: Record<string, any>, i: number) => ({ ...t, discNumber: i < 6 ? 1 : 2 })),
    };
    const draft = fromRelease(withExtras);
    draft.title = 'Northern Lights (Remastered)';
    draft.catalogNumber = '';
    draft.tracks.reverse();
    const merged = mergeRelease(withExtras, toRelease(draft));
    expect(merged.status).toBe('ready');
    expect(merged.deals).toEqual(withExtras.deals);
    expect(merged.metadata.keywords).toEqual(['aurora']);
    expect(merged.metadata.genre).toEqual(['Electronic', 'Ambient', 'Downtempo']);
    expect(merged.metadata.title).toBe('Northern Lights (Remastered)');
    expect(JSON.parse(JSON.stringify(merged)).metadata.catalogNumber).toBeUndefined();
    // reversed: disc 2's tracks come first and keep their disc, numbered within it
    expect(
      merged.tracks.map((t: { discNumber: number; sequenceNumber: number }) => [t.discNumber, t.sequenceNumber]),
    ).toEqual([...Array.from({ length: 6 }, (_, i) => [2, i + 1]), ...Array.from({ length: 6 }, (_, i) => [1, i + 1])]);
    expect(merged.tracks[0].audio.fileId).toBe(withExtras.tracks.at(-1).audio.fileId);
    const parsed = parseRelease(JSON.parse(JSON.stringify(merged)));
    expect(parsed.success, JSON.stringify(parsed.success ? [] : parsed.issues)).toBe(true);
  });
});
