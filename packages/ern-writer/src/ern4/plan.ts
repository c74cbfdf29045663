import type { Artist, AudioAsset, ImageAsset, Release, Track, VideoAsset } from '@ddex/ern-model/values';
import type { AvsValue, IssueLog } from './issues';
import { PartyTable } from './parties';

/** A display artist: party reference and role. */
export interface PlannedArtist {
  readonly ref: string;
  readonly role: AvsValue;
}

/** One Contributor composite: a party with all its roles (DDEX: one Contributor per party). */
export interface PlannedContributor {
  readonly ref: string;
  readonly roles: AvsValue[];
  readonly instruments: AvsValue[];
  featured: boolean;
}

/** A track as a resource: references, media and resolved parties. */
export interface PlannedTrack {
  readonly track: Track;
  readonly index: number;
  readonly path: string;
  /** `A1`… resource reference */
  readonly resourceRef: string;
  /** `T1`… technical details reference */
  readonly technicalRef: string;
  /** `R1`… track release reference */
  readonly releaseRef: string;
  /** `audio`: a SoundRecording; `video`: a Video */
  readonly kind: 'audio' | 'video';
  readonly audio: AudioAsset | undefined;
  readonly video: VideoAsset | undefined;
  /** release path of the audio or video asset (`assets.audio.3`), for issues */
  readonly assetPath: string;
  readonly artists: readonly PlannedArtist[];
  readonly contributors: readonly PlannedContributor[];
}

/** An image resource. */
export interface PlannedImage {
  readonly asset: ImageAsset;
  readonly path: string;
  readonly resourceRef: string;
  readonly technicalRef: string;
}

/** The resolved resources and parties of a release. */
export interface ResourcePlan {
  readonly parties: PartyTable;
  readonly labelRef: string;
  readonly releaseArtists: readonly PlannedArtist[];
  readonly tracks: readonly PlannedTrack[];
  /** tracks grouped by disc, discs in ascending order, tracks by sequence number */
  readonly discs: readonly (readonly PlannedTrack[])[];
  readonly images: readonly PlannedImage[];
}

/**
 * Contributor roles the model allows (from ERN 3.8.2's AVS) that ERN 4 names differently, with the same meaning, so
 * nothing is lost and no issue is raised. ERN 4's ContributorRole has no `Producer`: its `StudioProducer` is the
 * party who "directs, and has overall creative and technical oversight of, the entire recording project" (AVS
 * definition), i.e. the record producer (the ERN reader's comparison treats the two as one role).
 */
const CONTRIBUTOR_ROLE_EQUIVALENTS: Readonly<Record<string, string>> = { Producer: 'StudioProducer' };
const ARTIST_ROLE: AvsValue = { value: 'Artist' };
const PUBLISHER_ROLE: AvsValue = { value: 'MusicPublisher' };
const MAIN_ARTIST: AvsValue = { value: 'MainArtist' };
/** Display-artist roles, written as Contributor role Artist (featured artists flagged). */
const ARTIST_CONTRIBUTOR_ROLES: ReadonlySet<string> = new Set(['MainArtist', 'FeaturedArtist', 'Artist']);

function displayRole(role: string, base: string, i: number, log: IssueLog): AvsValue {
  if (log.allows('DisplayArtistRole', role)) return { value: role };
  const path = `${base}.${i}.role`;
  if (log.allows('DisplayArtistRole', 'UserDefined')) return log.avs('DisplayArtistRole', role, path);
  log.add('value_not_in_avs', path, `"${role}" is not a DisplayArtistRole of ERN ${log.version}; written as Artist.`);
  return { value: 'Artist' };
}

function artistsOf(list: readonly Artist[], path: string, parties: PartyTable, log: IssueLog): PlannedArtist[] {
  return list.map((a, i) => ({ ref: parties.ref(a.name, a.ids), role: displayRole(a.role, path, i, log) }));
}

function contributorRole(role: string, base: string, i: number, log: IssueLog): AvsValue {
  if (log.allows('ContributorRole', role)) return { value: role };
  const equivalent = CONTRIBUTOR_ROLE_EQUIVALENTS[role];
  if (equivalent !== undefined && log.allows('ContributorRole', equivalent)) return { value: equivalent };
  return log.avs('ContributorRole', role, base, `.${i}.role`);
}

function contributorOf(byRef: Map<string, PlannedContributor>, ref: string): PlannedContributor {
  let c = byRef.get(ref);
  if (c === undefined) {
    c = { ref, roles: [], instruments: [], featured: false };
    byRef.set(ref, c);
  }
  return c;
}

function addRole(c: PlannedContributor, role: AvsValue): void {
  for (const r of c.roles) if (r.value === role.value && r.userDefined === role.userDefined) return;
  c.roles.push(role);
}

function planContributors(track: Track, path: string, parties: PartyTable, log: IssueLog): PlannedContributor[] {
  const byRef = new Map<string, PlannedContributor>();
  const m = track.metadata;
  const contributorsPath = `${path}.metadata.contributors`;
  for (let i = 0; i < m.contributors.length; i++) {
    const person = m.contributors[i] as Track['metadata']['contributors'][number];
    const c = contributorOf(byRef, parties.ref(person.name, person.ids));
    if (ARTIST_CONTRIBUTOR_ROLES.has(person.role)) {
      addRole(c, ARTIST_ROLE);
      if (person.role === 'FeaturedArtist') c.featured = true;
    } else {
      addRole(c, contributorRole(person.role, contributorsPath, i, log));
    }
    if (person.instrument !== undefined) {
      c.instruments.push(log.avs('InstrumentType', person.instrument, contributorsPath, `.${i}.instrument`));
    }
  }
  for (let i = 0; i < m.writers.length; i++) {
    const writer = m.writers[i] as Track['metadata']['writers'][number];
    addRole(
      contributorOf(byRef, parties.ref(writer.name, writer.ids)),
      contributorRole(writer.role, `${path}.metadata.writers`, i, log),
    );
  }
  for (const publisher of m.publishers)
    addRole(contributorOf(byRef, parties.ref(publisher.name, publisher.ids)), PUBLISHER_ROLE);
  return [...byRef.values()];
}

/** Display artists of a track: its artists, else its contributors with artist roles, else its display artist. */
function trackArtists(track: Track, path: string, parties: PartyTable, log: IssueLog): PlannedArtist[] {
  const m = track.metadata;
  if (m.artists !== undefined && m.artists.length > 0)
    return artistsOf(m.artists, `${path}.metadata.artists`, parties, log);
  const fromContributors: PlannedArtist[] = [];
  m.contributors.forEach((c, i) => {
    if (c.role === 'MainArtist' || c.role === 'FeaturedArtist') {
      fromContributors.push({
        ref: parties.ref(c.name, c.ids),
        role: displayRole(c.role, `${path}.metadata.contributors`, i, log),
      });
    }
  });
  if (fromContributors.length > 0) return fromContributors;
  return [{ ref: parties.ref(m.displayArtist), role: MAIN_ARTIST }];
}

/** A track is a Video when it has only video, or video in a Video release; otherwise a SoundRecording. */
export function isVideoTrack(release: Release, track: Track): boolean {
  return track.video !== undefined && (track.audio === undefined || release.type === 'Video');
}

/**
 * Resolves a release into resources and parties: references (`A`/`T`/`R`/`P`), assets, display artists and
 * contributors, discs. Runs before writing because the PartyList comes first in the message.
 */
export function planResources(release: Release, log: IssueLog): ResourcePlan {
  const parties = new PartyTable();
  const meta = release.metadata;
  const releaseArtists =
    meta.artists !== undefined && meta.artists.length > 0
      ? artistsOf(meta.artists, 'metadata.artists', parties, log)
      : [{ ref: parties.ref(meta.displayArtist), role: MAIN_ARTIST }];
  const audio = new Map<string, number>();
  release.assets.audio.forEach((a, i) => {
    audio.set(a.id, i);
  });
  const videos = new Map<string, number>();
  release.assets.videos.forEach((a, i) => {
    videos.set(a.id, i);
  });
  const order = release.tracks.map((track, index) => ({ track, index }));
  order.sort((a, b) => a.track.discNumber - b.track.discNumber || a.track.sequenceNumber - b.track.sequenceNumber);
  const tracks: PlannedTrack[] = order.map(({ track, index }, n) => {
    const path = `tracks.${index}`;
    const kind = isVideoTrack(release, track) ? 'video' : 'audio';
    const other = kind === 'video' ? track.audio : track.video;
    if (other !== undefined) {
      log.add(
        'unsupported_field',
        `${path}.${kind === 'video' ? 'audio' : 'video'}`,
        `Track ${index + 1} has both audio and video; only its ${kind} is written.`,
      );
    }
    const assetIndex = kind === 'audio' ? audio.get(track.audio?.fileId ?? '') : videos.get(track.video?.fileId ?? '');
    return {
      track,
      index,
      path,
      resourceRef: `A${n + 1}`,
      technicalRef: `T${n + 1}`,
      releaseRef: `R${n + 1}`,
      kind,
      audio: kind === 'audio' && assetIndex !== undefined ? release.assets.audio[assetIndex] : undefined,
      video: kind === 'video' && assetIndex !== undefined ? release.assets.videos[assetIndex] : undefined,
      assetPath: `assets.${kind === 'audio' ? 'audio' : 'videos'}.${assetIndex ?? -1}`,
      artists: trackArtists(track, path, parties, log),
      contributors: planContributors(track, path, parties, log),
    };
  });
  const labelRef = parties.ref(meta.label, meta.labelIds);
  const discs: PlannedTrack[][] = [];
  for (const t of tracks) {
    const last = discs.at(-1);
    if (last !== undefined && (last[0] as PlannedTrack).track.discNumber === t.track.discNumber) last.push(t);
    else discs.push([t]);
  }
  const images = release.assets.images.map((asset, i) => ({
    asset,
    path: `assets.images.${i}`,
    resourceRef: `A${tracks.length + i + 1}`,
    technicalRef: `T${tracks.length + i + 1}`,
  }));
  return { parties, labelRef, releaseArtists, tracks, discs, images };
}
