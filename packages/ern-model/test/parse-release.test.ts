import { describe, expect, it } from 'vitest';
import { parseRelease } from '../src';
import { canonicalAlbum } from './fixtures';

function issuesOf(input: unknown) {
  const result = parseRelease(input);
  if (result.success) throw new Error('expected issues, the release parsed');
  return result.issues.map((i) => ({ code: i.code, path: i.path }));
}

describe('parseRelease', () => {
  it('accepts the canonical album unchanged, with no warnings', () => {
    const result = parseRelease(canonicalAlbum());
    expect(result.success).toBe(true);
    if (!result.success) return;
    expect(result.warnings).toEqual([]);
    expect(result.data.tracks).toHaveLength(12);
    expect(result.data.metadata.barcode).toBe('5012345678900');
    expect(result.data.territories).toEqual({ included: ['Worldwide'], excluded: ['KP'] });
  });

  it('reports a malformed ISRC, a wrong UPC check digit and a missing asset together, and the asset left unused', () => {
    const album = canonicalAlbum();
    album.tracks[3].isrc = 'QZES7270004X';
    album.metadata.barcode = '5012345678907';
    album.tracks[6].audio.fileId = 'aud-missing';
    expect(issuesOf(album)).toEqual([
      { code: 'gtin_check_digit', path: 'metadata.barcode' },
      { code: 'isrc_format', path: 'tracks.3.isrc' },
      { code: 'unknown_asset', path: 'tracks.6.audio.fileId' },
      { code: 'unused_asset', path: 'assets.audio.6.id' },
    ]);
  });

  it('normalises identifiers and fills defaults', () => {
    const album = canonicalAlbum();
    album.tracks[0].isrc = 'qz-es7-27-00001';
    delete album.tracks[0].discNumber;
    delete album.rights.commercialModels;
    const result = parseRelease(album);
    expect(result.success).toBe(true);
    if (!result.success) return;
    expect(result.data.tracks[0]?.isrc).toBe('QZES72700001');
    expect(result.data.tracks[0]?.discNumber).toBe(1);
    expect(result.data.rights.commercialModels.length).toBeGreaterThan(0);
  });

  it('accepts ISO 8601 durations and converts them to seconds', () => {
    const album = canonicalAlbum();
    album.tracks[0].metadata.duration = 'PT3M11S';
    const result = parseRelease(album);
    expect(result.success && result.data.tracks[0]?.metadata.duration).toBe(191);
  });

  it('warns about fields it does not know instead of dropping them silently', () => {
    const album = canonicalAlbum();
    album.metadata.parentalwarning = 'Explicit';
    const result = parseRelease(album);
    expect(result.success).toBe(true);
    if (!result.success) return;
    expect(result.warnings).toEqual([
      expect.objectContaining({ code: 'unknown_field', path: 'metadata.parentalwarning' }),
    ]);
  });

  describe('bad JSON types get an issue naming the field, never an exception', () => {
    it.each([
      ['null', null],
      ['a string', 'release'],
      ['an array', []],
      ['a number', 42],
    ])('%s', (_label, input) => {
      expect(() => parseRelease(input)).not.toThrow();
      expect(parseRelease(input).success).toBe(false);
    });

    it('names each wrongly typed field', () => {
      const album = canonicalAlbum();
      album.id = 42;
      album.metadata.title = ['Northern Lights'];
      album.tracks[1].sequenceNumber = '2';
      album.tracks[2].metadata.duration = -5;
      album.territories.included = 'Worldwide';
      album.assets.audio[0].size = 'big';
      const result = parseRelease(album);
      expect(result.success).toBe(false);
      if (result.success) return;
      const byPath = Object.fromEntries(result.issues.map((i) => [i.path, i]));
      expect(byPath.id?.code).toBe('invalid_type');
      expect(byPath.id?.message).toMatch(/id must be text/);
      expect(byPath['metadata.title']?.code).toBe('invalid_type');
      expect(byPath['tracks.1.sequenceNumber']?.message).toMatch(/sequenceNumber must be a number/);
      expect(byPath['tracks.2.metadata.duration']?.code).toBe('invalid_duration');
      expect(byPath['territories.included']?.code).toBe('invalid_type');
      expect(byPath['assets.audio.0.size']?.code).toBe('invalid_type');
    });

    it.each([
      ['territories', 'Worldwide'],
      ['assets', 'none'],
      ['metadata', 7],
      ['rights', ['all']],
      ['tracks', 'twelve'],
    ])('a non-object %s is reported at its own path and the other rules still run', (field, value) => {
      const album = canonicalAlbum();
      (album as Record<string, unknown>)[field] = value;
      album.tracks = field === 'tracks' ? album.tracks : [...album.tracks, { ...album.tracks[0] }];
      expect(() => parseRelease(album)).not.toThrow();
      const result = parseRelease(album);
      expect(result.success).toBe(false);
      if (result.success) return;
      expect(result.issues.some((i) => i.path === field && i.code === 'invalid_type')).toBe(true);
      // The duplicated track (same ISRC and position) must still be caught by the cross-field rules.
      if (field !== 'tracks') expect(result.issues.some((i) => /^tracks\.\d+/.test(i.path))).toBe(true);
    });

    it('reports missing required fields as required', () => {
      const album = canonicalAlbum();
      delete album.metadata.title;
      delete album.tracks[0].isrc;
      expect(issuesOf(album)).toEqual([
        { code: 'required', path: 'metadata.title' },
        { code: 'required', path: 'tracks.0.isrc' },
      ]);
    });
  });

  describe('field formats', () => {
    it.each([
      [
        'metadata.releaseDate',
        (a: any) => {
          a.metadata.releaseDate = '2027-02-30';
        },
        'invalid_date',
      ],
      [
        'metadata.language',
        (a: any) => {
          a.metadata.language = 'english!';
        },
        'invalid_language',
      ],
      [
        'territories.excluded.0',
        (a: any) => {
          a.territories.excluded = ['XX'];
        },
        'invalid_territory',
      ],
      [
        'rights.startDate',
        (a: any) => {
          a.rights.startDate = '05/03/2027';
        },
        'invalid_date',
      ],
      [
        'rights.commercialModels.0',
        (a: any) => {
          a.rights.commercialModels = ['FreeStuffModel'];
        },
        'invalid_value',
      ],
      [
        'tracks.0.metadata.contributors.1.role',
        (a: any) => {
          a.tracks[0].metadata.contributors[1].role = 'Barista';
        },
        'invalid_value',
      ],
      [
        'type',
        (a: any) => {
          a.type = 'Bootleg';
        },
        'invalid_value',
      ],
      [
        'metadata.grid',
        (a: any) => {
          a.metadata.grid = 'A1QZ9PL2700000001D';
        },
        'grid_check_character',
      ],
    ])('%s', (path, mutate, expected) => {
      const album = canonicalAlbum();
      mutate(album);
      expect(issuesOf(album)).toEqual([{ code: expected, path }]);
    });

    it('accepts lower-case country codes and date-time validity periods', () => {
      const album = canonicalAlbum();
      album.territories = { included: ['no', 'SE', 'dk'] };
      album.rights.startDate = '2027-03-05T00:00:00Z';
      album.rights.endDate = '2028-03-05T00:00:00+01:00';
      const result = parseRelease(album);
      expect(result.success && result.data.territories.included).toEqual(['NO', 'SE', 'DK']);
    });
  });

  describe('cross-field rules, one code and path each', () => {
    it('duplicate_track_position: two tracks at the same disc and position', () => {
      const album = canonicalAlbum();
      album.tracks[4].sequenceNumber = 4;
      expect(issuesOf(album)).toEqual([{ code: 'duplicate_track_position', path: 'tracks.4.sequenceNumber' }]);
    });

    it('the same position on two discs is fine', () => {
      const album = canonicalAlbum();
      album.tracks[4].discNumber = 2;
      album.tracks[4].sequenceNumber = 1;
      expect(parseRelease(album).success).toBe(true);
    });

    it('duplicate_track_id', () => {
      const album = canonicalAlbum();
      album.tracks[2].id = 'trk-01';
      expect(issuesOf(album)).toEqual([{ code: 'duplicate_track_id', path: 'tracks.2.id' }]);
    });

    it('duplicate_isrc', () => {
      const album = canonicalAlbum();
      album.tracks[5].isrc = album.tracks[1].isrc;
      expect(issuesOf(album)).toEqual([{ code: 'duplicate_isrc', path: 'tracks.5.isrc' }]);
    });

    it('duplicate_asset_id', () => {
      const album = canonicalAlbum();
      album.assets.images[0].id = 'aud-01';
      expect(issuesOf(album)).toEqual([{ code: 'duplicate_asset_id', path: 'assets.images.0.id' }]);
    });

    it('unknown_asset and unused_asset', () => {
      const album = canonicalAlbum();
      album.tracks[0].audio.fileId = 'aud-99';
      expect(issuesOf(album)).toEqual([
        { code: 'unknown_asset', path: 'tracks.0.audio.fileId' },
        { code: 'unused_asset', path: 'assets.audio.0.id' },
      ]);
    });

    it('missing_media: a track with neither audio nor video', () => {
      const album = canonicalAlbum();
      delete album.tracks[0].audio;
      album.assets.audio.shift();
      expect(issuesOf(album)).toEqual([{ code: 'missing_media', path: 'tracks.0' }]);
    });

    it('excluded_without_worldwide', () => {
      const album = canonicalAlbum();
      album.territories = { included: ['NO', 'SE'], excluded: ['KP'] };
      expect(issuesOf(album)).toEqual([{ code: 'excluded_without_worldwide', path: 'territories.excluded' }]);
    });

    it('end_before_start for rights and for deals', () => {
      const album = canonicalAlbum();
      album.rights.endDate = '2027-03-01';
      album.deals = [
        {
          territories: { included: ['NO'] },
          startDate: '2027-03-05T10:00:00Z',
          endDate: '2027-03-05T09:00:00Z',
          commercialModels: ['SubscriptionModel'],
          useTypes: ['Stream'],
        },
      ];
      expect(issuesOf(album)).toEqual([
        { code: 'end_before_start', path: 'rights.endDate' },
        { code: 'end_before_start', path: 'deals.0.endDate' },
      ]);
    });

    it('original_after_release', () => {
      const album = canonicalAlbum();
      album.metadata.originalReleaseDate = '2027-04-01';
      expect(issuesOf(album)).toEqual([{ code: 'original_after_release', path: 'metadata.originalReleaseDate' }]);
    });

    it('parental_warning_inconsistent: an explicit track on a release marked NotExplicit', () => {
      const album = canonicalAlbum();
      album.metadata.parentalWarning = 'NotExplicit';
      expect(issuesOf(album)).toEqual([
        { code: 'parental_warning_inconsistent', path: 'tracks.8.metadata.parentalWarning' },
      ]);
    });

    it('parental_warning_inconsistent: a release marked Explicit without an explicit track', () => {
      const album = canonicalAlbum();
      album.tracks[8].metadata.parentalWarning = 'NotExplicit';
      expect(issuesOf(album)).toEqual([{ code: 'parental_warning_inconsistent', path: 'metadata.parentalWarning' }]);
    });

    it('preview_out_of_range', () => {
      const album = canonicalAlbum();
      album.tracks[0].preview = { startTime: 180, duration: 30 };
      expect(issuesOf(album)).toEqual([{ code: 'preview_out_of_range', path: 'tracks.0.preview' }]);
    });
  });
});
