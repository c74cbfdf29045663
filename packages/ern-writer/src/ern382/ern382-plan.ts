import type { AudioAsset, ImageAsset, Release, Track } from '@ddex/ern-model/values';
import type { MessageKind, TakedownMethod, WriteErnOptions } from '../types';
import { createdDateTime } from './ern382-dates';

/** A track with its place in the message: resource, technical-details and release references. */
export interface PlannedTrack {
  readonly track: Track;
  /** path of the track in the release, e.g. `tracks.3` */
  readonly path: string;
  /** `A1`, `A2`… in disc and sequence order */
  readonly resourceRef: string;
  /** `R1`, `R2`… the TrackRelease */
  readonly releaseRef: string;
  /** `T1`, `T2`… technical details of the audio file */
  readonly techRef: string;
  /** technical details of the preview clip */
  readonly previewRef: string;
  /** paths of the track's lists and fields, for issues */
  readonly artistsPath: string;
  readonly contributorsPath: string;
  readonly writersPath: string;
  readonly publishersPath: string;
  readonly parentalWarningPath: string;
  /** the track's audio file, when the release lists it */
  readonly audio: AudioAsset | undefined;
  readonly audioPath: string | undefined;
}

/** One disc: the tracks in sequence. */
export interface PlannedDisc {
  /** 1-based position of the disc */
  readonly sequence: number;
  readonly tracks: readonly PlannedTrack[];
}

/** An image resource. */
export interface PlannedImage {
  readonly image: ImageAsset;
  readonly path: string;
  readonly resourceRef: string;
  readonly techRef: string;
}

/** Everything the writer decides before it writes: order, references and message settings. */
export interface Ern382Plan {
  readonly release: Release;
  readonly options: WriteErnOptions;
  readonly tracks: readonly PlannedTrack[];
  readonly discs: readonly PlannedDisc[];
  readonly images: readonly PlannedImage[];
  readonly createdAt: string;
  readonly messageId: string;
  readonly threadId: string;
  readonly kind: MessageKind;
  readonly takedownMethod: TakedownMethod;
  /** namespace for proprietary ids and catalog numbers of the sender, `DPID:…` */
  readonly senderNamespace: string;
}

const NON_DIGIT = /[^0-9]/g;

/** Orders tracks by disc and sequence, numbers every reference and settles the message settings. */
export function planErn382(release: Release, options: WriteErnOptions): Ern382Plan {
  const createdAt = createdDateTime(options.createdAt);
  const audioById = new Map<string, [AudioAsset, number]>();
  release.assets.audio.forEach((a, i) => {
    audioById.set(a.id, [a, i]);
  });

  const order = release.tracks.map((track, i) => ({ track, i }));
  order.sort(
    (a, b) => a.track.discNumber - b.track.discNumber || a.track.sequenceNumber - b.track.sequenceNumber || a.i - b.i,
  );

  const tracks: PlannedTrack[] = [];
  const discs: { sequence: number; tracks: PlannedTrack[] }[] = [];
  let disc = Number.NaN;
  order.forEach(({ track, i }, n) => {
    const found = track.audio ? audioById.get(track.audio.fileId) : undefined;
    const planned: PlannedTrack = {
      track,
      path: `tracks.${i}`,
      artistsPath: `tracks.${i}.metadata.artists`,
      contributorsPath: `tracks.${i}.metadata.contributors`,
      writersPath: `tracks.${i}.metadata.writers`,
      publishersPath: `tracks.${i}.metadata.publishers`,
      parentalWarningPath: `tracks.${i}.metadata.parentalWarning`,
      resourceRef: `A${n + 1}`,
      releaseRef: `R${n + 1}`,
      techRef: `T${n + 1}`,
      previewRef: `TP${n + 1}`,
      audio: found?.[0],
      audioPath: found ? `assets.audio.${found[1]}` : undefined,
    };
    tracks.push(planned);
    if (track.discNumber !== disc) {
      disc = track.discNumber;
      discs.push({ sequence: discs.length + 1, tracks: [] });
    }
    discs.at(-1)?.tracks.push(planned);
  });

  const base = tracks.length;
  const images = release.assets.images.map((image, i) => ({
    image,
    path: `assets.images.${i}`,
    resourceRef: `A${base + i + 1}`,
    techRef: `T${base + i + 1}`,
  }));

  // same default as the ERN 4 writers: the release id and the creation instant's digits
  const messageId = options.messageId ?? `${release.id}-${createdAt.replace(NON_DIGIT, '')}`;
  return {
    release,
    options,
    tracks,
    discs,
    images,
    createdAt,
    messageId,
    threadId: options.threadId ?? messageId,
    kind: options.kind ?? 'NewRelease',
    takedownMethod: options.takedownMethod ?? 'EndDatedDeal',
    senderNamespace: `DPID:${options.sender.dpid}`,
  };
}
