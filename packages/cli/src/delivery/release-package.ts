import { stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import {
  type DeliveryProfile,
  type DeliveryResource,
  type ReleaseDelivery,
  resourceFileNames,
} from '@ddex/delivery-transports';
import type { Release } from '@ddex/ern-model';
import { CliError } from '../io';

/** The files of a release found in an assets folder, named for a profile. */
export interface FolderPackage {
  /** ICPN of the release (its id when it has none): names the release folder and files */
  readonly upc: string;
  /** files to send, in release order: audio, images, videos */
  readonly resources: DeliveryResource[];
  /** a copy of the release whose `fileName`s are the remote names, so its ERN points at the files as sent */
  readonly release: Release;
  /** what is not sent, and why */
  readonly warnings: string[];
}

const EXT: Record<string, string> = { JPEG: 'jpg', AIFF: 'aif', AAC: 'm4a', MPEG4: 'mp4', QUICKTIME: 'mov' };
const extOf = (fileName: string, format: string) =>
  /\.([A-Za-z0-9]{1,5})$/.exec(fileName)?.[1] ?? EXT[format.toUpperCase()] ?? format.toLowerCase();

/**
 * Finds each audio, image and video asset of a release in `assetsDir` (by its `fileName`, relative to the folder)
 * and names it by the profile. A file that is missing, or outside the folder, is a CliError with exit code 2. The
 * asset record's size and MD5 travel with the file: `deliver` checks them before sending anything.
 */
export async function planFolderPackage(
  release: Release,
  assetsDir: string,
  profile: DeliveryProfile,
): Promise<FolderPackage> {
  const root = resolve(assetsDir);
  const info = await stat(root).catch(() => undefined);
  if (!info?.isDirectory()) throw new CliError(`--assets ${assetsDir}: not a folder`, 2);
  const upc = (release.metadata.barcode ?? release.id).replace(/[^A-Za-z0-9._-]/g, '_');
  const copy = structuredClone(release);
  const resources: DeliveryResource[] = [];
  const named: { fileName: string }[] = [];
  const locate = async (field: string, fileName: string) => {
    const path = resolve(root, fileName);
    const rel = relative(root, path);
    if (rel.startsWith('..') || isAbsolute(rel)) throw new CliError(`${field}: ${fileName} is outside --assets`, 2);
    const st = await stat(path).catch(() => undefined);
    if (!st?.isFile()) throw new CliError(`${field}: no file ${fileName} in ${assetsDir}`, 2);
    return path;
  };
  const file = (a: { size?: number; md5?: string; sha256?: string }) => ({
    ...(a.size !== undefined && { size: a.size }),
    ...(a.md5 && { md5: a.md5 }),
    ...(a.sha256 && { sha256: a.sha256 }),
  });

  for (const [i, a] of copy.assets.audio.entries()) {
    const track = copy.tracks.find((t) => t.audio?.fileId === a.id);
    resources.push({
      kind: 'audio',
      source: { path: await locate(`assets.audio.${i}.fileName`, a.fileName) },
      ext: extOf(a.fileName, a.format),
      disc: track?.discNumber ?? 1,
      track: track?.sequenceNumber,
      ...file(a),
      format: a.format,
      sampleRate: a.sampleRate,
      bitDepth: a.bitDepth,
      channels: a.channels,
    });
    named.push(a);
  }
  for (const [i, img] of copy.assets.images.entries()) {
    resources.push({
      kind: 'image',
      source: { path: await locate(`assets.images.${i}.fileName`, img.fileName) },
      ext: extOf(img.fileName, img.format),
      ...file(img),
      format: img.format,
      width: img.width,
      height: img.height,
    });
    named.push(img);
  }
  for (const [i, v] of copy.assets.videos.entries()) {
    const track = copy.tracks.find((t) => t.video?.fileId === v.id);
    resources.push({
      kind: 'video',
      source: { path: await locate(`assets.videos.${i}.fileName`, v.fileName) },
      ext: extOf(v.fileName, v.format),
      disc: track?.discNumber ?? 1,
      track: track?.sequenceNumber,
      ...file(v),
      format: v.format,
      width: v.width,
      height: v.height,
    });
    named.push(v);
  }
  const warnings = copy.assets.documents.map(
    (d, i) => `assets.documents.${i} (${d.fileName}): not sent; the ERN writers do not carry documents`,
  );
  const names = resourceFileNames(profile, { upc, ern: { data: '', messageId: '' }, resources });
  named.forEach((asset, i) => {
    asset.fileName = names[i]!;
  });
  return { upc, resources, release: copy, warnings };
}

/** The release as {@link deliver} takes it: the planned files and the ERN written for them. */
export function releaseDelivery(plan: FolderPackage, ern: { xml: string; messageId: string }): ReleaseDelivery {
  return { upc: plan.upc, ern: { data: ern.xml, messageId: ern.messageId }, resources: plan.resources };
}

/** Joins a folder and a remote path for display. */
export const remoteJoin = (...parts: string[]) => join(...parts.filter(Boolean)).replaceAll('\\', '/');
