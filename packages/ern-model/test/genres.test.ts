import { describe, expect, it } from 'vitest';
import {
  DeliveryTargetSchema,
  GENRE_TAXONOMY,
  isKnownGenre,
  mapGenres,
  parseDeliveryTarget,
  splitGenrePath,
} from '../src/index';

const map = {
  genres: {
    Classical: 'Classical Music',
    'classical > baroque': 'Classical Music > Early Music',
    'Classical > Romantic': 'Classical Music > 19th Century',
    'Dance/Electronic > House': 'Electronic > House',
    'Dance/Electronic': 'Electronic',
  },
};

describe('genre taxonomy', () => {
  it('is a two-level tree with unique names, sorted at each level', () => {
    const names = GENRE_TAXONOMY.map((n) => n.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    for (const n of GENRE_TAXONOMY) {
      expect(n.subGenres.length).toBeGreaterThan(0);
      expect(new Set(n.subGenres).size).toBe(n.subGenres.length);
      expect([...n.subGenres]).toEqual([...n.subGenres].sort((a, b) => a.localeCompare(b)));
    }
    expect(GENRE_TAXONOMY.find((n) => n.name === 'Classical')?.subGenres).toContain('Baroque');
    expect(isKnownGenre(['Classical', 'Baroque'])).toBe(true);
    expect(isKnownGenre(['Rock', 'Baroque'])).toBe(false);
    expect(isKnownGenre(['Polka'])).toBe(false);
  });

  it('splits main > sub paths', () => {
    expect(splitGenrePath('Classical Music > Early Music')).toEqual(['Classical Music', 'Early Music']);
    expect(splitGenrePath(' Rock ')).toEqual(['Rock']);
  });
});

describe('mapGenres', () => {
  it('keeps the genres when the target has no map', () => {
    expect(mapGenres(['Rock', 'Punk'], undefined)).toEqual({
      from: ['Rock', 'Punk'],
      to: ['Rock', 'Punk'],
      source: 'unmapped-target',
    });
  });

  it('prefers a main > sub key (any case), then the main genre', () => {
    expect(mapGenres(['Classical', 'Baroque'], map)).toEqual({
      from: ['Classical', 'Baroque'],
      to: ['Classical Music', 'Early Music'],
      source: 'subgenre',
    });
    expect(mapGenres(['Classical', 'Opera'], map)).toMatchObject({ to: ['Classical Music'], source: 'genre' });
    expect(mapGenres(['  dance/electronic '], map)).toMatchObject({ to: ['Electronic'], source: 'genre' });
  });

  it('keeps every mapped sub-genre under the first one’s main genre', () => {
    expect(mapGenres(['Classical', 'Opera', 'Baroque', 'Romantic'], map).to).toEqual([
      'Classical Music',
      'Early Music',
      '19th Century',
    ]);
  });

  it('falls back, or reports the genre as unmapped', () => {
    expect(mapGenres(['Polka'], { ...map, fallback: 'Other' })).toMatchObject({ to: ['Other'], source: 'fallback' });
    expect(mapGenres(['Polka', 'Oompah'], map)).toEqual({
      from: ['Polka', 'Oompah'],
      to: ['Polka', 'Oompah'],
      source: 'unmapped',
    });
  });
});

describe('DeliveryTarget.genreMap', () => {
  const target = { id: 't', name: 'T', type: 'DSP', protocol: 'SFTP' };
  it('is optional and parsed with its fallback', () => {
    expect(parseDeliveryTarget(target).success).toBe(true);
    const parsed = parseDeliveryTarget({ ...target, genreMap: { genres: { Rock: 'Rock & Indie' }, fallback: 'Pop' } });
    expect(parsed.success && parsed.data.genreMap).toEqual({ genres: { Rock: 'Rock & Indie' }, fallback: 'Pop' });
    expect(parsed.success && parsed.warnings).toEqual([]);
  });
  it('refuses empty names', () => {
    const bad = DeliveryTargetSchema.safeParse({ ...target, genreMap: { genres: { Rock: '' } } });
    expect(bad.success).toBe(false);
  });
});
