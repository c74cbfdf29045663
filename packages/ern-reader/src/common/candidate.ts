import type { CreditDraft, ResourceDraft } from './draft';
import type { Origins } from './origins';

// Builders of the parts of a candidate release (plain JSON checked later by parseRelease); each records where its
// object came from, for the XPath of an issue.

/** A candidate object, before parseRelease checks it. */
export type Json = Record<string, unknown>;

/** A model party (artist, contributor, writer, publisher) from a credit. */
export function party(c: CreditDraft, withRole: boolean, origins: Origins): Json {
  const out: Json = { name: c.name };
  if (withRole) out.role = c.role;
  if (c.sortName !== undefined) out.sortName = c.sortName;
  if (c.instrument !== undefined) out.instrument = c.instrument;
  if (c.ids !== undefined && Object.keys(c.ids).length > 0) out.ids = { ...c.ids };
  origins.set(out, c.el);
  return out;
}

const nameOf = (c: CreditDraft) => c.name;

/** Model parties from credits (a loop: it runs for every track). */
function parties(credits: readonly CreditDraft[], withRole: boolean, origins: Origins): Json[] {
  const out: Json[] = [];
  for (const c of credits) out.push(party(c, withRole, origins));
  return out;
}

/** Sets `key` unless the value is undefined or an empty list. */
export function put(target: Json, key: string, value: unknown): void {
  if (value === undefined) return;
  if (Array.isArray(value) && value.length === 0) return;
  target[key] = value;
}

/** A model track from a sound recording or video, at a disc and position. */
export function trackOf(
  r: ResourceDraft,
  disc: number,
  sequence: number,
  fallbackArtist: string | undefined,
  origins: Origins,
): Json {
  const metadata: Json = {};
  put(metadata, 'title', r.title);
  put(metadata, 'subtitle', r.subtitle);
  put(metadata, 'displayArtist', r.displayArtist ?? (r.artists.map(nameOf).join(', ') || fallbackArtist));
  put(metadata, 'artists', r.artists.length > 0 ? parties(r.artists, true, origins) : undefined);
  put(metadata, 'duration', r.duration ?? r.file?.duration);
  put(metadata, 'parentalWarning', r.parentalWarning);
  metadata.contributors = parties(r.contributors, true, origins);
  metadata.writers = parties(r.writers, true, origins);
  metadata.publishers = parties(r.publishers, false, origins);
  put(metadata, 'pLine', r.pLine && { ...r.pLine });
  put(metadata, 'genre', r.genre.length > 0 ? [...r.genre] : undefined);
  put(metadata, 'language', r.language);
  put(metadata, 'iswc', r.iswc);
  put(metadata, 'workTitle', r.workTitle);
  put(metadata, 'proprietaryIds', r.proprietaryIds.length > 0 ? r.proprietaryIds.map((p) => ({ ...p })) : undefined);
  for (const key in r.grown) metadata[key] = r.grown[key];
  origins.set(metadata, r.el);
  const track: Json = { id: r.ref, sequenceNumber: sequence, discNumber: disc };
  put(track, 'isrc', r.isrc);
  track.metadata = metadata;
  const f = r.file;
  if (f !== undefined) {
    const media: Json = { fileId: f.id };
    put(media, 'format', f.format);
    if (r.kind === 'SoundRecording') {
      put(media, 'bitrate', f.bitrate);
      put(media, 'sampleRate', f.sampleRate);
      put(media, 'bitDepth', f.bitDepth);
      put(media, 'channels', f.channels);
    }
    origins.set(media, f.el);
    track[r.kind === 'Video' ? 'video' : 'audio'] = media;
  }
  if (r.preview !== undefined) {
    const preview = { startTime: r.preview.startTime, duration: r.preview.duration };
    origins.set(preview, r.preview.el);
    track.preview = preview;
  }
  origins.set(track, r.el);
  return track;
}

// the technical fields of a file, in the order an asset lists them, and the ones each kind of resource carries
const FILE_KEYS = [
  'size',
  'md5',
  'sha256',
  'sampleRate',
  'bitDepth',
  'channels',
  'duration',
  'bitrate',
  'codec',
  'width',
  'height',
  'frameRate',
] as const;
type FileKey = (typeof FILE_KEYS)[number];
const only = (...keys: FileKey[]) => FILE_KEYS.filter((k) => keys.includes(k));
const except = (...keys: FileKey[]) => FILE_KEYS.filter((k) => !keys.includes(k));
const ASSET_KEYS: Readonly<Record<ResourceDraft['kind'], readonly FileKey[]>> = {
  Image: only('size', 'md5', 'sha256', 'width', 'height'),
  Text: only('size', 'md5', 'sha256'),
  Video: except('sampleRate', 'bitDepth', 'channels', 'bitrate'),
  SoundRecording: except('width', 'height', 'frameRate'),
  Other: FILE_KEYS,
};

/** A model asset (audio, image, video or document) from a resource's file, or undefined without a file. */
export function assetOf(r: ResourceDraft, origins: Origins): Json | undefined {
  const f = r.file;
  if (f === undefined) return undefined;
  const asset: Json = { id: f.id, fileName: f.fileName };
  if (r.kind === 'Image') put(asset, 'type', r.imageType);
  if (r.kind === 'Text') put(asset, 'type', r.imageType);
  put(asset, 'format', f.format);
  for (const key of ASSET_KEYS[r.kind]) put(asset, key, f[key]);
  origins.set(asset, f.el);
  return asset;
}
