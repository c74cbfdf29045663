import { type DeliveryTarget, type GenreMapping, mapGenres, type Release } from '@ddex/ern-model';
import type { Issue } from '../errors';

/** What a target's genre map makes of a release: the release's genres and each track's own. */
export interface GenrePreview {
  /** the release's genres, original → mapped */
  release: GenreMapping;
  /** tracks that carry their own genres */
  tracks: { trackId: string; index: number; mapping: GenreMapping }[];
}

/**
 * The release as the target gets it: its genres (and each track's own) mapped through the target's `genreMap`.
 * The input is not changed; without a map the same release comes back.
 */
export function applyGenreMap(
  release: Release,
  target: Pick<DeliveryTarget, 'genreMap'> | undefined,
): { release: Release; preview: GenrePreview } {
  const map = target?.genreMap;
  const mapping = mapGenres(release.metadata.genre, map);
  const tracks = release.tracks.flatMap((t, index) =>
    t.metadata.genre?.length ? [{ trackId: t.id, index, mapping: mapGenres(t.metadata.genre, map) }] : [],
  );
  const preview = { release: mapping, tracks };
  if (!map) return { release, preview };
  const byTrack = new Map(tracks.map((t) => [t.trackId, t.mapping.to]));
  return {
    release: {
      ...release,
      metadata: { ...release.metadata, genre: [...mapping.to] },
      tracks: release.tracks.map((t) =>
        byTrack.has(t.id) ? { ...t, metadata: { ...t.metadata, genre: [...byTrack.get(t.id)!] } } : t,
      ),
    },
    preview,
  };
}

/** Warnings for genres the target's map neither names nor catches with a fallback. */
export function unmappedGenreIssues(preview: GenrePreview, targetName: string): Issue[] {
  const out: Issue[] = [];
  if (preview.release.source === 'unmapped') {
    out.push({
      code: 'genre_unmapped',
      path: 'metadata.genre',
      message: `${targetName} has no mapping for the genre "${preview.release.from.join(' > ')}"; it is sent as it is.`,
    });
  }
  for (const t of preview.tracks) {
    if (t.mapping.source !== 'unmapped') continue;
    out.push({
      code: 'genre_unmapped',
      path: `tracks.${t.index}.metadata.genre`,
      message: `${targetName} has no mapping for track ${t.trackId}'s genre "${t.mapping.from.join(' > ')}".`,
    });
  }
  return out;
}
