// Reference for the parity test: the cross-field rules before they were written as loops (flatMap and closures).
// A change to a rule in src/rules must be made here too.

import type { ModelIssue } from '../../../src/issues';
import { isIsoDate, isIsoDateTime, toInstant } from '../../../src/plain';
import type { Release } from '../../../src/types';

/** A cross-field rule: reads a parsed release, returns the issues it finds. */
export type ReleaseRule = (release: Release) => ModelIssue[];

const issue = (code: string, path: string, message: string): ModelIssue => ({ code, path, message });

/** No two tracks share a disc and sequence number. */
export const uniqueTrackPositions: ReleaseRule = (release) => {
  const seen = new Map<string, number>();
  return release.tracks.flatMap((track, i) => {
    const key = `${track.discNumber}:${track.sequenceNumber}`;
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, i);
      return [];
    }
    return [
      issue(
        'duplicate_track_position',
        `tracks.${i}.sequenceNumber`,
        `Track ${i + 1} is at disc ${track.discNumber}, position ${track.sequenceNumber}, like track ${first + 1}: each position on a disc holds one track.`,
      ),
    ];
  });
};

/** Track ids are unique. */
export const uniqueTrackIds: ReleaseRule = (release) => {
  const seen = new Set<string>();
  return release.tracks.flatMap((track, i) => {
    if (!seen.has(track.id)) {
      seen.add(track.id);
      return [];
    }
    return [issue('duplicate_track_id', `tracks.${i}.id`, `Track id "${track.id}" is used by more than one track.`)];
  });
};

/** No ISRC appears twice in a release. */
export const uniqueIsrcs: ReleaseRule = (release) => {
  const seen = new Map<string, number>();
  return release.tracks.flatMap((track, i) => {
    const first = seen.get(track.isrc);
    if (first === undefined) {
      seen.set(track.isrc, i);
      return [];
    }
    return [
      issue(
        'duplicate_isrc',
        `tracks.${i}.isrc`,
        `ISRC ${track.isrc} is already used by track ${first + 1}: every recording has its own ISRC.`,
      ),
    ];
  });
};

/** Asset ids are unique across audio, images, videos and documents. */
export const uniqueAssetIds: ReleaseRule = (release) => {
  const seen = new Set<string>();
  const issues: ModelIssue[] = [];
  for (const kind of ['audio', 'images', 'videos', 'documents'] as const) {
    release.assets[kind].forEach((asset, i) => {
      if (seen.has(asset.id)) {
        issues.push(
          issue(
            'duplicate_asset_id',
            `assets.${kind}.${i}.id`,
            `Asset id "${asset.id}" is used by more than one file.`,
          ),
        );
      }
      seen.add(asset.id);
    });
  }
  return issues;
};

/** Every track has its media (audio or video), and its file id resolves to an asset of that kind. */
export const trackMediaResolves: ReleaseRule = (release) => {
  const audio = new Set(release.assets.audio.map((a) => a.id));
  const videos = new Set(release.assets.videos.map((a) => a.id));
  return release.tracks.flatMap((track, i) => {
    if (!track.audio && !track.video) {
      return [
        issue(
          'missing_media',
          `tracks.${i}`,
          `Track ${i + 1} ("${track.metadata.title}") has neither audio nor video.`,
        ),
      ];
    }
    const found: ModelIssue[] = [];
    if (track.audio && !audio.has(track.audio.fileId)) {
      found.push(
        issue(
          'unknown_asset',
          `tracks.${i}.audio.fileId`,
          `Track ${i + 1} uses audio file "${track.audio.fileId}", which is not among the release's audio assets.`,
        ),
      );
    }
    if (track.video && !videos.has(track.video.fileId)) {
      found.push(
        issue(
          'unknown_asset',
          `tracks.${i}.video.fileId`,
          `Track ${i + 1} uses video file "${track.video.fileId}", which is not among the release's video assets.`,
        ),
      );
    }
    return found;
  });
};

/** Every audio and video asset is used by a track (an unused master is usually a mistake). */
export const everyMediaAssetUsed: ReleaseRule = (release) => {
  const used = new Set(release.tracks.flatMap((t) => [t.audio?.fileId, t.video?.fileId]));
  const issues: ModelIssue[] = [];
  for (const kind of ['audio', 'videos'] as const) {
    release.assets[kind].forEach((asset, i) => {
      if (!used.has(asset.id)) {
        issues.push(
          issue(
            'unused_asset',
            `assets.${kind}.${i}.id`,
            `File "${asset.id}" (${asset.fileName}) is not used by any track.`,
          ),
        );
      }
    });
  }
  return issues;
};

/** Excluded territories only make sense beside Worldwide, and a territory is not both included and excluded. */
export const territoriesConsistent: ReleaseRule = (release) => {
  const { included, excluded } = release.territories;
  if (excluded.length === 0) return [];
  if (!included.includes('Worldwide')) {
    return [
      issue(
        'excluded_without_worldwide',
        'territories.excluded',
        'Excluded territories can only be given when the included territories are Worldwide.',
      ),
    ];
  }
  return [];
};

// rules also run on unparsed input (see parse.ts), where a date may be malformed: compare only real dates
const isWhen = (v: unknown): v is string => typeof v === 'string' && (isIsoDate(v) || isIsoDateTime(v));
const endsBeforeStart = (start: unknown, end: unknown) =>
  isWhen(start) && isWhen(end) && toInstant(end) <= toInstant(start);

/** Validity periods end after they start, and the original release date is not after the release date. */
export const datesInOrder: ReleaseRule = (release) => {
  const issues: ModelIssue[] = [];
  const { startDate, endDate } = release.rights;
  if (endsBeforeStart(startDate, endDate)) {
    issues.push(
      issue(
        'end_before_start',
        'rights.endDate',
        `The rights end (${endDate}) on or before they start (${startDate}).`,
      ),
    );
  }
  release.deals?.forEach((deal, i) => {
    if (endsBeforeStart(deal.startDate, deal.endDate)) {
      issues.push(
        issue(
          'end_before_start',
          `deals.${i}.endDate`,
          `Deal ${i + 1} ends (${deal.endDate}) on or before it starts (${deal.startDate}).`,
        ),
      );
    }
  });
  const { originalReleaseDate, releaseDate } = release.metadata;
  if (isWhen(originalReleaseDate) && isWhen(releaseDate) && originalReleaseDate > releaseDate) {
    issues.push(
      issue(
        'original_after_release',
        'metadata.originalReleaseDate',
        `The original release date (${originalReleaseDate}) is after the release date (${releaseDate}).`,
      ),
    );
  }
  return issues;
};

/** Release and track parental warnings agree: explicit tracks make an explicit release, and vice versa. */
export const parentalWarningsConsistent: ReleaseRule = (release) => {
  const releaseWarning = release.metadata.parentalWarning;
  const explicitTracks = release.tracks.filter((t) => t.metadata.parentalWarning === 'Explicit');
  const issues: ModelIssue[] = [];
  if (releaseWarning === 'NotExplicit' || releaseWarning === 'ExplicitContentEdited') {
    release.tracks.forEach((track, i) => {
      if (track.metadata.parentalWarning === 'Explicit') {
        issues.push(
          issue(
            'parental_warning_inconsistent',
            `tracks.${i}.metadata.parentalWarning`,
            `Track ${i + 1} is Explicit, but the release is marked ${releaseWarning}: a release with an explicit track is Explicit.`,
          ),
        );
      }
    });
  }
  const tracksDeclared = release.tracks.every((t) => t.metadata.parentalWarning !== undefined);
  if (releaseWarning === 'Explicit' && tracksDeclared && explicitTracks.length === 0) {
    issues.push(
      issue(
        'parental_warning_inconsistent',
        'metadata.parentalWarning',
        'The release is marked Explicit, but none of its tracks is Explicit.',
      ),
    );
  }
  return issues;
};

/** A preview clip lies within its track. */
export const previewsWithinTracks: ReleaseRule = (release) =>
  release.tracks.flatMap((track, i) => {
    const p = track.preview;
    if (p === undefined || p.startTime + p.duration <= track.metadata.duration) return [];
    return [
      issue(
        'preview_out_of_range',
        `tracks.${i}.preview`,
        `Track ${i + 1}'s preview (${p.startTime}s + ${p.duration}s) runs past the end of the track (${track.metadata.duration}s).`,
      ),
    ];
  });

/** Every cross-field rule, in the order their issues are reported. */
export const RELEASE_RULES: readonly ReleaseRule[] = [
  uniqueTrackIds,
  uniqueTrackPositions,
  uniqueIsrcs,
  uniqueAssetIds,
  trackMediaResolves,
  everyMediaAssetUsed,
  territoriesConsistent,
  datesInOrder,
  parentalWarningsConsistent,
  previewsWithinTracks,
];
