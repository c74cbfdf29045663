import type { AssetStore } from '@ddex/catalog-store';
import {
  checkRequirements,
  type DeliveryProfile,
  type DeliveryResource,
  DSP_PROFILES,
  GENERIC_BATCH,
  GENERIC_RELEASE_BY_RELEASE,
  type ReleaseDelivery,
  resourceFileNames,
  type UploadSource,
} from '@ddex/delivery-transports';
import type { DeliveryTarget, Release } from '@ddex/ern-model';
import { DistroError, type Issue } from '../errors';

/** The choreographies a target can choose over its profile's own (`config.choreography`). */
export const CHOREOGRAPHIES = ['batch', 'release-by-release'] as const;

/**
 * The DSP profile of a target: `config.deliveryProfile` names one of `DSP_PROFILES` (the generic batch by default),
 * and `config.choreography` (`batch` or `release-by-release`), when given, replaces the profile's choreography with
 * the generic folders of that choreography (the profile's resources folder, naming and rules are kept).
 */
export function profileOf(target: DeliveryTarget): DeliveryProfile {
  const name = target.config.deliveryProfile;
  const profile =
    name === undefined
      ? GENERIC_BATCH
      : typeof name === 'string' && Object.hasOwn(DSP_PROFILES, name)
        ? DSP_PROFILES[name]
        : undefined;
  if (!profile) {
    throw configError('deliveryProfile', `unknown delivery profile ${JSON.stringify(name)}`, Object.keys(DSP_PROFILES));
  }
  const choreography = target.config.choreography;
  if (choreography === undefined || choreography === profile.choreography) return profile;
  if (choreography === 'batch') {
    return {
      ...profile,
      choreography,
      folders: { ...GENERIC_BATCH.folders, resources: profile.folders.resources },
      marker: profile.marker ?? GENERIC_BATCH.marker,
    };
  }
  if (choreography === 'release-by-release') {
    return {
      ...profile,
      choreography,
      folders: { ...GENERIC_RELEASE_BY_RELEASE.folders, resources: profile.folders.resources },
      marker: undefined,
    };
  }
  throw configError('choreography', `unknown choreography ${JSON.stringify(choreography)}`, CHOREOGRAPHIES);
}

function configError(field: string, message: string, allowed: readonly string[]): DistroError {
  return new DistroError('VALIDATION', message, {
    issues: [{ code: 'invalid_value', path: `config.${field}`, message: `use one of: ${allowed.join(', ')}` }],
  });
}

/** The files of a release to send, and a copy of the release whose file names are the remote ones (for its ERN). */
export interface PackagePlan {
  /** ICPN of the release, or its id when it has none */
  upc: string;
  /** resources whose files are in the asset store */
  resources: DeliveryResource[];
  /** the release with `fileName`s set to the remote names */
  release: Release;
  /** assets with no stored file (not sent) */
  missing: string[];
  /** the release path of each resource's asset record, e.g. `assets.images.0` */
  paths: string[];
}

const EXT: Record<string, string> = {
  JPEG: 'jpg',
  MP3: 'mp3',
  FLAC: 'flac',
  WAV: 'wav',
  PNG: 'png',
  AIFF: 'aif',
  AAC: 'm4a',
};
const extOf = (fileName: string, format: string) =>
  /\.([A-Za-z0-9]{1,5})$/.exec(fileName)?.[1] ?? EXT[format] ?? format.toLowerCase();

/**
 * Plans a delivery package: every audio and image asset of the release whose file is in the asset store becomes a
 * resource (checked later against its record's size and MD5), named by the profile; the release copy carries those
 * names so the ERN points at the files as sent.
 */
export async function planPackage(
  assets: AssetStore,
  tenantId: string,
  release: Release,
  profile: DeliveryProfile,
  stream: (key: string) => UploadSource,
): Promise<PackagePlan> {
  const upc = (release.metadata.barcode ?? release.id).replace(/[^A-Za-z0-9._-]/g, '_');
  const copy = structuredClone(release);
  const resources: DeliveryResource[] = [];
  const named: { fileName: string }[] = [];
  const missing: string[] = [];
  const paths: string[] = [];
  for (const [i, a] of copy.assets.audio.entries()) {
    const info = a.storageKey ? await assets.stat(tenantId, a.storageKey) : null;
    if (!a.storageKey || !info) {
      missing.push(a.id);
      continue;
    }
    const track = copy.tracks.find((t) => 'audio' in t && t.audio?.fileId === a.id);
    resources.push({
      kind: 'audio',
      source: stream(a.storageKey),
      ext: extOf(a.fileName, a.format),
      disc: track?.discNumber ?? 1,
      track: track?.sequenceNumber,
      size: info.size,
      md5: info.md5,
      format: a.format,
      sampleRate: a.sampleRate,
      bitDepth: a.bitDepth,
      channels: a.channels,
    });
    named.push(a);
    paths.push(`assets.audio.${i}`);
  }
  for (const [i, img] of copy.assets.images.entries()) {
    const info = img.storageKey ? await assets.stat(tenantId, img.storageKey) : null;
    if (!img.storageKey || !info) {
      missing.push(img.id);
      continue;
    }
    resources.push({
      kind: 'image',
      source: stream(img.storageKey),
      ext: extOf(img.fileName, img.format),
      size: info.size,
      md5: info.md5,
      format: img.format,
      width: img.width,
      height: img.height,
    });
    named.push(img);
    paths.push(`assets.images.${i}`);
  }
  const names = resourceFileNames(profile, {
    upc,
    ern: { data: '', messageId: '' },
    resources,
  } satisfies ReleaseDelivery);
  named.forEach((asset, i) => {
    asset.fileName = names[i]!;
  });
  return { upc, resources, release: copy, missing, paths };
}

/** The profile's audio and image requirements the release's stored files break, as issues at their asset records. */
export function requirementIssues(profile: DeliveryProfile, plan: PackagePlan): Issue[] {
  const delivery: ReleaseDelivery = { upc: plan.upc, ern: { data: '', messageId: '' }, resources: plan.resources };
  return checkRequirements(profile, delivery).map((i) => ({
    code: i.code,
    path: typeof i.path[1] === 'number' ? (plan.paths[i.path[1]] ?? 'assets') : 'assets',
    message: i.message,
  }));
}
