import { createHash } from 'node:crypto';
import { DeliveryError } from '../errors';
import { consumeInto, MultiHash } from '../internal/hash';
import type { DeliveryRuntime } from '../runtime';
import { openSource, sourceSize, type UploadSource } from '../source';
import type { AbortableOptions } from '../types';
import { type ManifestEntry, type MessageParty, writeManifest } from './manifest';
import { checkRequirements, formatTimestamp, type ReleaseDelivery, renderTemplate, resourceFileNames } from './package';
import type { DeliveryProfile } from './profile';

/** Progress and milestones of a delivery. */
export type DeliveryEvent =
  | { type: 'start'; batchId: string; folder: string }
  | { type: 'file'; path: string; size: number; skipped: boolean }
  | { type: 'marker'; path: string };

/** What {@link DeliverOptions.onProgress} is told: bytes and files done so far over the totals. */
export interface DeliveryProgressEvent {
  /** bytes sent (or found complete) so far */
  bytes: number;
  /** bytes of every planned file (the marker aside) */
  totalBytes: number;
  /** files finished so far */
  files: number;
  /** planned files (the marker aside) */
  totalFiles: number;
  /** remote path of the file being sent; absent between files */
  path?: string;
}

/** Options of {@link deliver}. */
export interface DeliverOptions extends AbortableOptions {
  /** The DSP profile (folder layout, naming, marker). */
  profile: DeliveryProfile;
  /** Message sender, for the manifest. */
  sender: MessageParty;
  /** Message recipients, for the manifest. @default profile.recipients */
  recipients?: MessageParty[];
  /**
   * Complete this earlier, interrupted delivery (its `YYYYMMDDhhmmssnnn` id) instead of starting a new one: files
   * already on the server with the right size are skipped, leftover temporary uploads removed, then the marker is
   * written. When the marker is already there the batch counts as delivered if it holds these ERNs (otherwise the id
   * is another delivery's batch: `EXISTS`).
   */
  resume?: string;
  /** Check the profile's audio/image requirements first. @default true */
  checkRequirements?: boolean;
  /** Clock, for tests. @default () => new Date() */
  now?: () => Date;
  /** Milestones: start (with the batch id to resume with), each file, the marker. */
  onEvent?: (event: DeliveryEvent) => void;
  /** Bytes and files done so far over the totals, with the remote path of the file being sent while one is. */
  onProgress?: (p: DeliveryProgressEvent) => void;
}

/** What {@link deliver} did. */
export interface DeliveryResult {
  /** Batch id / folder timestamp. */
  batchId: string;
  /** Remote paths uploaded (or found complete), in upload order; the marker, if any, is last. */
  files: string[];
  /** Of those, the ones already complete on the server (resume). */
  skipped: string[];
  /** The completion marker's path (batch choreography). */
  marker?: string;
  /** What the marker holds: the manifest XML (`form: 'manifest'`) or '' for an empty marker; absent when not written. */
  markerContent?: string;
  /** The delivery was already complete (its marker existed): nothing was sent; `files` lists the batch as planned. */
  alreadyComplete: boolean;
}

interface PlannedFile {
  path: string;
  source: UploadSource;
  size: number;
  md5?: string;
  sha256?: string;
}

/**
 * Sends releases in DDEX order (delivery.md §1.4): every release's resources, then its ERN, and for the batch
 * choreography the completion marker last. Files are checked against their asset records (size, MD5, SHA-256) before
 * anything is sent. An interrupted delivery leaves no marker; pass its id as `resume` to complete the same batch.
 */
export async function deliver(
  runtime: DeliveryRuntime,
  releases: ReleaseDelivery[],
  options: DeliverOptions,
): Promise<DeliveryResult> {
  const { profile } = options;
  const signal = options.signal;
  if (options.checkRequirements ?? true) {
    const issues = releases.flatMap((r) => checkRequirements(profile, r));
    if (issues.length) {
      throw new DeliveryError('REQUIREMENTS', issues.map((i) => i.message).join('; '), { transport: 'choreography' });
    }
  }
  const ernMd5 = new Map<ReleaseDelivery, string>();
  for (const r of releases) {
    ernMd5.set(r, createHash('md5').update(r.ern.data).digest('hex'));
    for (const res of r.resources) await verifyAsset(r.upc, res, signal);
  }

  const batchId = options.resume ?? formatTimestamp((options.now ?? (() => new Date()))());
  const values = { batchId, timestamp: batchId, priority: profile.priority ?? 'N' };
  const batchFolder = profile.choreography === 'batch' ? renderTemplate(profile.folders.batch, values) : '';
  const join = (...parts: string[]) => parts.filter(Boolean).join('/');
  const marker =
    profile.choreography === 'batch' && profile.marker
      ? join(batchFolder, renderTemplate(profile.marker.name, values))
      : undefined;
  options.onEvent?.({ type: 'start', batchId, folder: batchFolder });

  const plan: PlannedFile[] = [];
  const entries: ManifestEntry[] = [];
  for (const r of releases) {
    const folder = join(batchFolder, renderTemplate(profile.folders.release, { ...values, upc: r.upc }));
    const names = resourceFileNames(profile, r);
    r.resources.forEach((res, i) => {
      plan.push({
        path: join(folder, profile.folders.resources, names[i]!),
        source: res.source,
        size: res.size ?? -1,
        md5: res.md5,
        sha256: res.sha256,
      });
    });
    const ernPath = join(folder, renderTemplate(profile.naming.ern, { ...values, upc: r.upc }));
    const data = typeof r.ern.data === 'string' ? Buffer.from(r.ern.data) : r.ern.data;
    plan.push({ path: ernPath, source: { data }, size: data.length, md5: ernMd5.get(r) });
    entries.push({
      messageType: r.ern.messageType ?? 'NewReleaseMessage',
      messageId: r.ern.messageId,
      url: ernPath.slice(batchFolder ? batchFolder.length + 1 : 0),
      upc: r.upc,
      deliveryType: r.deliveryType ?? 'NewReleaseDelivery',
      md5: ernMd5.get(r)!,
    });
  }
  for (const f of plan) if (f.size < 0) f.size = await sourceSize(f.source, undefined, 'choreography');

  if (options.resume && marker && (await runtime.exists(marker, { signal }))) {
    // a marker proves the batch whole only if it is this delivery's batch: its ERNs must be there
    const erns = plan.filter((f) => entries.some((e) => f.path === join(batchFolder, e.url)));
    for (const f of erns) {
      if (!(await alreadyThere(runtime, f, signal))) {
        throw new DeliveryError('EXISTS', `batch ${batchId} is complete but holds no ${f.path}: another delivery's`, {
          transport: 'choreography',
          path: f.path,
        });
      }
    }
    const all = [...plan.map((f) => f.path), marker];
    return { batchId, files: all, skipped: all, marker, alreadyComplete: true };
  }
  const totalBytes = plan.reduce((n, f) => n + f.size, 0);
  let doneBytes = 0;
  const files: string[] = [];
  const skipped: string[] = [];
  const progress = (extra = 0, path?: string) =>
    options.onProgress?.({
      bytes: doneBytes + extra,
      totalBytes,
      files: files.length,
      totalFiles: plan.length,
      ...(path ? { path } : {}),
    });
  for (const f of plan) {
    const complete = options.resume ? await alreadyThere(runtime, f, signal) : false;
    if (!complete) {
      await runtime.put(f.path, f.source, {
        size: f.size,
        md5: f.md5,
        sha256: f.sha256,
        signal,
        onProgress: options.onProgress && ((b) => progress(b, f.path)),
      });
    } else skipped.push(f.path);
    files.push(f.path);
    doneBytes += f.size;
    progress();
    options.onEvent?.({ type: 'file', path: f.path, size: f.size, skipped: complete });
  }
  // an interrupted attempt may have left `.name.random.part` uploads behind: a complete batch holds none
  if (options.resume && runtime.capabilities.list) {
    await removeLeftovers(runtime, marker ? [...plan, { path: marker } as PlannedFile] : plan, signal);
  }
  if (marker) {
    const content =
      profile.marker?.form === 'manifest'
        ? writeManifest({
            batchId,
            sender: options.sender,
            recipients: options.recipients ?? [...(profile.recipients ?? [])],
            createdAt: (options.now ?? (() => new Date()))(),
            isTest: profile.messageControlType === 'TestMessage',
            rootDirectory: `/${batchFolder}`,
            entries,
          })
        : '';
    await runtime.put(marker, { data: content }, { signal });
    files.push(marker);
    options.onEvent?.({ type: 'marker', path: marker });
    return { batchId, files, skipped, marker, markerContent: content, alreadyComplete: false };
  }
  return { batchId, files, skipped, marker, alreadyComplete: false };
}

/**
 * Batch folders at the root (17-digit `YYYYMMDDhhmmssnnn` names, after the template's prefix) that have no completion
 * marker: deliveries that were interrupted. Pass an id to {@link deliver} as `resume`.
 */
export async function findIncompleteBatches(
  runtime: DeliveryRuntime,
  profile: DeliveryProfile,
  options: AbortableOptions = {},
): Promise<string[]> {
  if (profile.choreography !== 'batch' || !profile.marker) return [];
  const probe = renderTemplate(profile.folders.batch, { batchId: '\u0000', priority: profile.priority ?? 'N' });
  const [before, after] = probe.split('\u0000') as [string, string];
  const out: string[] = [];
  for (const e of await runtime.list('', options)) {
    if (e.type !== 'directory' || !e.name.startsWith(before) || !e.name.endsWith(after)) continue;
    const id = e.name.slice(before.length, e.name.length - after.length);
    if (!/^\d{17}$/.test(id)) continue;
    const marker = `${e.name}/${renderTemplate(profile.marker.name, { batchId: id, priority: profile.priority ?? 'N' })}`;
    if (!(await runtime.exists(marker, options))) out.push(id);
  }
  return out.sort();
}

// --- Internal helpers ---

async function verifyAsset(upc: string, res: ReleaseDelivery['resources'][number], signal?: AbortSignal) {
  if (res.size === undefined && !res.md5 && !res.sha256) return;
  const algorithms = [...(res.md5 ? ['md5' as const] : []), ...(res.sha256 ? ['sha256' as const] : [])];
  const hash = new MultiHash(algorithms);
  const size = await consumeInto(openSource(res.source, 0), hash);
  if (signal?.aborted) throw new DeliveryError('CANCELLED', 'cancelled', { transport: 'choreography' });
  const digests = hash.digest();
  const what = `${upc} ${res.kind}${res.track !== undefined ? ` ${res.disc ?? 1}-${res.track}` : ''}`;
  const fail = (message: string) =>
    new DeliveryError('INTEGRITY', `${what}: ${message}; nothing was sent`, { transport: 'choreography' });
  if (res.size !== undefined && size !== res.size)
    throw fail(`the file has ${size} bytes, the asset record ${res.size}`);
  if (res.md5 && digests.md5 !== res.md5.toLowerCase()) throw fail(`MD5 ${digests.md5} differs from the asset record`);
  if (res.sha256 && digests.sha256 !== res.sha256.toLowerCase())
    throw fail(`SHA-256 ${digests.sha256} differs from the asset record`);
}

/** Removes the temporary uploads (`.<name>.<random>.part`, the runtime's default) of planned files. */
async function removeLeftovers(runtime: DeliveryRuntime, plan: PlannedFile[], signal?: AbortSignal): Promise<void> {
  const byFolder = new Map<string, Set<string>>();
  for (const f of plan) {
    const i = f.path.lastIndexOf('/');
    const folder = f.path.slice(0, Math.max(0, i));
    if (!byFolder.has(folder)) byFolder.set(folder, new Set());
    byFolder.get(folder)!.add(f.path.slice(i + 1));
  }
  for (const [folder, names] of byFolder) {
    for (const e of await runtime.list(folder, { signal })) {
      const m = /^\.(.+)\.[0-9a-f]+\.part$/.exec(e.name);
      if (e.type === 'file' && m && names.has(m[1]!))
        await runtime.remove(folder ? `${folder}/${e.name}` : e.name, { signal });
    }
  }
}

async function alreadyThere(runtime: DeliveryRuntime, f: PlannedFile, signal?: AbortSignal): Promise<boolean> {
  const st = await runtime.stat(f.path, { signal });
  if (st?.type !== 'file' || st.size !== f.size) return false;
  if (st.md5 && f.md5 && st.md5 !== f.md5) return false;
  if (st.sha256 && f.sha256 && st.sha256 !== f.sha256) return false;
  return true;
}
