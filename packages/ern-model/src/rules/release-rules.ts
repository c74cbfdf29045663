import type { ModelIssue } from '../issues';
import { isIsoDate, isIsoDateTime, toInstant } from '../plain';
import type { Release } from '../types';

/** A cross-field rule: reads a parsed release, returns the issues it finds. */
export type ReleaseRule = (release: Release) => ModelIssue[];

const issue = (code: string, path: string, message: string): ModelIssue => ({ code, path, message });

/** No two tracks share a disc and sequence number. */
export const uniqueTrackPositions: ReleaseRule = (release) => {
  const issues: ModelIssue[] = [];
  const seen = new Map<string, number>();
  const { tracks } = release;
  for (let i = 0; i < tracks.length; i++) {
    const track = tracks[i] as Release['tracks'][number];
    const key = `${track.discNumber}:${track.sequenceNumber}`;
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, i);
      continue;
    }
    issues.push(
      issue(
        'duplicate_track_position',
        `tracks.${i}.sequenceNumber`,
        `Track ${i + 1} is at disc ${track.discNumber}, position ${track.sequenceNumber}, like track ${first + 1}: each position on a disc holds one track.`,
      ),
    );
  }
  return issues;
};

/** Track ids are unique. */
export const uniqueTrackIds: ReleaseRule = (release) => {
  const issues: ModelIssue[] = [];
  const seen = new Set<string>();
  const { tracks } = release;
  for (let i = 0; i < tracks.length; i++) {
    const track = tracks[i] as Release['tracks'][number];
    if (!seen.has(track.id)) {
      seen.add(track.id);
      continue;
    }
    issues.push(
      issue('duplicate_track_id', `tracks.${i}.id`, `Track id "${track.id}" is used by more than one track.`),
    );
  }
  return issues;
};

/** No ISRC appears twice in a release. */
export const uniqueIsrcs: ReleaseRule = (release) => {
  const issues: ModelIssue[] = [];
  const seen = new Map<string, number>();
  const { tracks } = release;
  for (let i = 0; i < tracks.length; i++) {
    const track = tracks[i] as Release['tracks'][number];
    const first = seen.get(track.isrc);
    if (first === undefined) {
      seen.set(track.isrc, i);
      continue;
    }
    issues.push(
      issue(
        'duplicate_isrc',
        `tracks.${i}.isrc`,
        `ISRC ${track.isrc} is already used by track ${first + 1}: every recording has its own ISRC.`,
      ),
    );
  }
  return issues;
};

const ASSET_KINDS = ['audio', 'images', 'videos', 'documents'] as const;
// rules also run on a lenient view of unparsed input, where a list may have holes that forEach and map skip
const isHole = (list: readonly unknown[], i: number) => list[i] === undefined && !(i in list);
const MEDIA_KINDS = ['audio', 'videos'] as const;

/** Asset ids are unique across audio, images, videos and documents. */
export const uniqueAssetIds: ReleaseRule = (release) => {
  const seen = new Set<string>();
  const issues: ModelIssue[] = [];
  for (const kind of ASSET_KINDS) {
    const assets = release.assets[kind];
    for (let i = 0; i < assets.length; i++) {
      if (isHole(assets, i)) continue;
      const asset = assets[i] as { id: string };
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
    }
  }
  return issues;
};

function idsOf(assets: readonly { id: string }[]): Set<string> {
  const ids = new Set<string>();
  for (let i = 0; i < assets.length; i++) {
    // map keeps a hole, and the set then holds undefined
    ids.add(isHole(assets, i) ? (undefined as unknown as string) : (assets[i] as { id: string }).id);
  }
  return ids;
}

/** Every track has its media (audio or video), and its file id resolves to an asset of that kind. */
export const trackMediaResolves: ReleaseRule = (release) => {
  const audio = idsOf(release.assets.audio);
  const videos = idsOf(release.assets.videos);
  const issues: ModelIssue[] = [];
  const { tracks } = release;
  for (let i = 0; i < tracks.length; i++) {
    const track = tracks[i] as Release['tracks'][number];
    if (!track.audio && !track.video) {
      issues.push(
        issue(
          'missing_media',
          `tracks.${i}`,
          `Track ${i + 1} ("${track.metadata.title}") has neither audio nor video.`,
        ),
      );
      continue;
    }
    if (track.audio && !audio.has(track.audio.fileId)) {
      issues.push(
        issue(
          'unknown_asset',
          `tracks.${i}.audio.fileId`,
          `Track ${i + 1} uses audio file "${track.audio.fileId}", which is not among the release's audio assets.`,
        ),
      );
    }
    if (track.video && !videos.has(track.video.fileId)) {
      issues.push(
        issue(
          'unknown_asset',
          `tracks.${i}.video.fileId`,
          `Track ${i + 1} uses video file "${track.video.fileId}", which is not among the release's video assets.`,
        ),
      );
    }
  }
  return issues;
};

/** Every audio and video asset is used by a track (an unused master is usually a mistake). */
export const everyMediaAssetUsed: ReleaseRule = (release) => {
  const used = new Set<string | undefined>();
  const { tracks } = release;
  for (let i = 0; i < tracks.length; i++) {
    const track = tracks[i] as Release['tracks'][number];
    used.add(track.audio?.fileId);
    used.add(track.video?.fileId);
  }
  const issues: ModelIssue[] = [];
  for (const kind of MEDIA_KINDS) {
    const assets = release.assets[kind];
    for (let i = 0; i < assets.length; i++) {
      if (isHole(assets, i)) continue;
      const asset = assets[i] as { id: string; fileName: string };
      if (!used.has(asset.id)) {
        issues.push(
          issue(
            'unused_asset',
            `assets.${kind}.${i}.id`,
            `File "${asset.id}" (${asset.fileName}) is not used by any track.`,
          ),
        );
      }
    }
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
  const marksClean = releaseWarning === 'NotExplicit' || releaseWarning === 'ExplicitContentEdited';
  const issues: ModelIssue[] = [];
  let explicitTracks = 0;
  let tracksDeclared = true;
  const { tracks } = release;
  for (let i = 0; i < tracks.length; i++) {
    const warning = (tracks[i] as Release['tracks'][number]).metadata.parentalWarning;
    if (warning === undefined) tracksDeclared = false;
    if (warning !== 'Explicit') continue;
    explicitTracks++;
    if (marksClean) {
      issues.push(
        issue(
          'parental_warning_inconsistent',
          `tracks.${i}.metadata.parentalWarning`,
          `Track ${i + 1} is Explicit, but the release is marked ${releaseWarning}: a release with an explicit track is Explicit.`,
        ),
      );
    }
  }
  if (releaseWarning === 'Explicit' && tracksDeclared && explicitTracks === 0) {
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
export const previewsWithinTracks: ReleaseRule = (release) => {
  const issues: ModelIssue[] = [];
  const { tracks } = release;
  for (let i = 0; i < tracks.length; i++) {
    const track = tracks[i] as Release['tracks'][number];
    const p = track.preview;
    if (p === undefined || p.startTime + p.duration <= track.metadata.duration) continue;
    issues.push(
      issue(
        'preview_out_of_range',
        `tracks.${i}.preview`,
        `Track ${i + 1}'s preview (${p.startTime}s + ${p.duration}s) runs past the end of the track (${track.metadata.duration}s).`,
      ),
    );
  }
  return issues;
};

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
