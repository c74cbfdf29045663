import type { Release } from '@ddex/ern-model/values';
import { ERN4_PROFILES, type Ern4Profile } from '../versions';
import type { AvsValue, IssueLog } from './issues';
import { isVideoTrack } from './plan';

/** The model's basic release types → ERN 4 ReleaseType (Video depends on the number of tracks). */
const BASIC_RELEASE_TYPES: Readonly<Record<string, string>> = {
  Album: 'Album',
  Single: 'Single',
  EP: 'EP',
  Mixed: 'MultimediaAlbum',
};

/** Release types that make a one-track audio release a SimpleAudioSingle. */
const SINGLE_TYPES: ReadonlySet<string> = new Set(['Single', 'SingleResourceRelease']);

/** Display artist names that mark a multi-artist compilation. */
const VARIOUS_ARTISTS = /^various(?: artists)?$/i;

/** The release's ReleaseType in ERN 4. */
export function ern4ReleaseType(release: Release, log: IssueLog): AvsValue {
  const type =
    release.type === 'Video'
      ? release.tracks.length === 1
        ? 'VideoSingle'
        : 'VideoAlbum'
      : (BASIC_RELEASE_TYPES[release.type] ?? release.type);
  return log.avs('ReleaseType', type, 'type');
}

/** The profile a release gets when the options and the release name none. */
export function defaultProfile(release: Release): Ern4Profile {
  let video = 0;
  for (const track of release.tracks) if (isVideoTrack(release, track)) video++;
  if (video === release.tracks.length) return 'Video';
  if (video > 0 || release.type === 'Mixed') return 'MixedMedia';
  if (release.type === 'Video') return 'Video';
  return release.tracks.length === 1 && SINGLE_TYPES.has(release.type) ? 'SimpleAudioSingle' : 'Audio';
}

const PROFILE_SET: ReadonlySet<string> = new Set(ERN4_PROFILES);

/** The ReleaseProfileVersionId: the option, else the release's ddex.profile, else the default; unknown → issue. */
export function ern4Profile(release: Release, option: string | undefined, log: IssueLog): Ern4Profile {
  const fallback = defaultProfile(release);
  const chosen = option ?? release.ddex.profile;
  if (chosen === undefined || chosen === fallback) return fallback;
  if (PROFILE_SET.has(chosen)) return chosen as Ern4Profile;
  log.add(
    'unsupported_profile',
    option === undefined ? 'ddex.profile' : '',
    `"${chosen}" is not an ERN ${log.version} release profile (${ERN4_PROFILES.join(', ')}); ${fallback} was used.`,
  );
  return fallback;
}

/** Whether the profile carries one TrackRelease per primary resource (all but the simple single profiles). */
export function hasTrackReleases(profile: Ern4Profile): boolean {
  return profile !== 'SimpleAudioSingle' && profile !== 'SimpleVideoSingle';
}

/** True when the release is a multi-artist compilation ("Various Artists"). */
export function isMultiArtistCompilation(release: Release): boolean {
  return VARIOUS_ARTISTS.test(release.metadata.displayArtist.trim());
}
