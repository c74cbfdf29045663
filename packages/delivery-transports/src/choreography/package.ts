import { DeliveryError } from '../errors';
import { normalizeRemotePath } from '../paths';
import type { UploadSource } from '../source';
import type { DeliveryProfile } from './profile';

/** One file of a release, with the asset record it is checked against before sending. */
export interface DeliveryResource {
  /** What the file is: picks the naming template. */
  kind: 'audio' | 'image' | 'video' | 'document';
  /** The bytes. */
  source: UploadSource;
  /** File extension without the dot (`flac`, `jpg`). */
  ext: string;
  /** Disc number (audio and video). @default 1 */
  disc?: number;
  /** Track number on the disc (audio and video). */
  track?: number;
  /** Remote file name, overriding the profile's template. */
  name?: string;
  /** Size in bytes from the asset record; a different source size is an `INTEGRITY` error. */
  size?: number;
  /** Hex MD5 from the asset record; checked before sending. */
  md5?: string;
  /** Hex SHA-256 from the asset record; checked before sending. */
  sha256?: string;
  /** Format for the profile's requirements (`FLAC`, `JPEG`, ...). */
  format?: string;
  /** Sample rate in Hz (audio). */
  sampleRate?: number;
  /** Bit depth (audio). */
  bitDepth?: number;
  /** Channel count (audio). */
  channels?: number;
  /** Width in pixels (image). */
  width?: number;
  /** Height in pixels (image). */
  height?: number;
}

/** A release ready to send: its ERN (written with the file names of {@link resourceFileName}) and its files. */
export interface ReleaseDelivery {
  /** ICPN (UPC/EAN) of the release; names folders and files. */
  upc: string;
  /** The NewReleaseMessage (or PurgeReleaseMessage) XML, and its MessageId for the manifest. */
  ern: { data: string | Uint8Array; messageId: string; messageType?: string };
  /** Manifest DeliveryType. @default 'NewReleaseDelivery' */
  deliveryType?: 'NewReleaseDelivery' | 'ReDelivery' | 'TakeDown' | 'HighPriorityDelivery' | 'BackCatalogDelivery';
  /** Audio, artwork and other files (none for a metadata-only update). */
  resources: DeliveryResource[];
}

/** A problem with a release against a profile's requirements. */
export interface RequirementIssue {
  /** Stable code, e.g. `audio_format`. */
  code: string;
  /** Index of the resource in `resources`. */
  path: (string | number)[];
  /** Human-readable explanation. */
  message: string;
}

/** Renders a `{name}` / `{name:width}` template. */
export function renderTemplate(template: string, values: Record<string, string | number | undefined>): string {
  return template.replace(/\{(\w+)(?::(\d+))?\}/g, (_, key: string, width?: string) => {
    const v = values[key];
    if (v === undefined)
      throw new DeliveryError('CONFIG', `template ${template} needs {${key}}`, { transport: 'choreography' });
    return width ? String(v).padStart(Number(width), '0') : String(v);
  });
}

/** The remote file name of a resource under a profile (use the same names in the ERN's File/URI). */
export function resourceFileName(profile: DeliveryProfile, upc: string, resource: DeliveryResource, index = 1): string {
  const name =
    resource.name ??
    renderTemplate(profile.naming[resource.kind], {
      upc,
      disc: resource.disc ?? 1,
      track: resource.track,
      index,
      ext: resource.ext.replace(/^\./, '').toLowerCase(),
    });
  return normalizeRemotePath(name, 'choreography');
}

/** Remote names of all resources of a release, in order; duplicate names are a `CONFIG` error. */
export function resourceFileNames(profile: DeliveryProfile, release: ReleaseDelivery): string[] {
  const counters: Record<string, number> = {};
  const names = release.resources.map((r) => {
    counters[r.kind] = (counters[r.kind] ?? 0) + 1;
    return resourceFileName(profile, release.upc, r, counters[r.kind]);
  });
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup)
    throw new DeliveryError('CONFIG', `${release.upc}: two resources are named ${dup}`, { transport: 'choreography' });
  return names;
}

/** Checks a release's files against the profile's audio and image requirements. */
export function checkRequirements(profile: DeliveryProfile, release: ReleaseDelivery): RequirementIssue[] {
  const issues: RequirementIssue[] = [];
  const add = (i: number, code: string, message: string) =>
    issues.push({ code, path: ['resources', i], message: `${release.upc} resource ${i}: ${message}` });
  release.resources.forEach((r, i) => {
    const fmt = r.format?.toUpperCase();
    if (r.kind === 'audio' && profile.audio) {
      const a = profile.audio;
      if (fmt && a.formats && !a.formats.includes(fmt))
        add(i, 'audio_format', `${fmt} is not one of ${a.formats.join(', ')}`);
      if (r.sampleRate && a.minSampleRate && r.sampleRate < a.minSampleRate)
        add(i, 'audio_sample_rate', `${r.sampleRate} Hz is below ${a.minSampleRate} Hz`);
      if (r.bitDepth && a.bitDepths && !a.bitDepths.includes(r.bitDepth))
        add(i, 'audio_bit_depth', `${r.bitDepth}-bit is not one of ${a.bitDepths.join(', ')}`);
      if (r.channels && a.channels && r.channels !== a.channels)
        add(i, 'audio_channels', `${r.channels} channels, ${a.channels} required`);
      if (r.track === undefined) add(i, 'audio_track', 'an audio file needs its track number');
    }
    if (r.kind === 'image' && profile.image) {
      const m = profile.image;
      if (fmt && m.formats && !m.formats.includes(fmt))
        add(i, 'image_format', `${fmt} is not one of ${m.formats.join(', ')}`);
      if (r.width && m.minWidth && r.width < m.minWidth)
        add(i, 'image_size', `${r.width} px wide, at least ${m.minWidth}`);
      if (r.height && m.minHeight && r.height < m.minHeight)
        add(i, 'image_size', `${r.height} px high, at least ${m.minHeight}`);
      if (m.square && r.width && r.height && r.width !== r.height)
        add(i, 'image_square', `${r.width}×${r.height} is not square`);
    }
  });
  return issues;
}

/** `YYYYMMDDhhmmssnnn` in UTC: the batch id / folder timestamp of DDEX choreographies. */
export function formatTimestamp(date: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return (
    `${date.getUTCFullYear()}${p(date.getUTCMonth() + 1)}${p(date.getUTCDate())}` +
    `${p(date.getUTCHours())}${p(date.getUTCMinutes())}${p(date.getUTCSeconds())}${p(date.getUTCMilliseconds(), 3)}`
  );
}
