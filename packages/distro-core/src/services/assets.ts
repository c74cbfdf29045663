import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { isCatalogStoreError } from '@ddex/catalog-store';
import type { Release } from '@ddex/ern-model';
import { z } from 'zod';
import { DistroError, notFound, validationError } from '../errors';
import { invalid, parseInput } from '../input';
import { authorize, type Principal } from '../principal';
import type { ServiceContext } from './context';
import { type AudioProbe, type ImageProbe, probeAudio, probeImage } from './probe';
import { safeParseRelease } from './releases';

/** Largest file an upload accepts (a long 24-bit/192 kHz WAV fits). */
export const MAX_UPLOAD_BYTES = 4 * 1024 ** 3;

/** Body of `POST /api/releases/:id/assets/uploads`. */
export const UploadInputSchema = z
  .object({
    kind: z.enum(['audio', 'image']),
    fileName: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[^/\\\0]+$/, 'must be a file name without folders'),
    size: z.number().int().positive().max(MAX_UPLOAD_BYTES),
    /** checked when the upload completes */
    md5: z
      .string()
      .regex(/^[0-9a-fA-F]{32}$/)
      .optional(),
    /** the asset record to fill (an existing one is replaced); a new id when omitted */
    assetId: z
      .string()
      .min(1)
      .max(100)
      .regex(/^[A-Za-z0-9._-]+$/)
      .optional(),
    /** audio only: the track whose audio this file becomes */
    trackId: z.string().min(1).max(100).optional(),
  })
  .strict();

/** An upload in progress, as the API shows it. */
export interface UploadView {
  /** upload id */
  id: string;
  /** the release it belongs to */
  releaseId: string;
  /** audio or image */
  kind: 'audio' | 'image';
  /** the client's file name */
  fileName: string;
  /** total bytes */
  size: number;
  /** bytes received so far: the next chunk starts here */
  received: number;
  /** the asset record it fills */
  assetId: string;
  /** the track it attaches to (audio) */
  trackId?: string;
  /** expected MD5 */
  md5?: string;
  /** ISO instant of creation */
  createdAt: string;
}

/** A stored asset of a release: its record (from the probe) and what the store knows. */
export interface AssetView {
  /** audio or image */
  kind: 'audio' | 'image';
  /** the release's asset record */
  record: Release['assets']['audio'][number] | Release['assets']['images'][number];
  /** colour space of an image (not part of the release model) */
  colorSpace?: string;
}

/** The result of completing an upload. */
export interface CompletedUpload extends AssetView {
  /** the release's version after the record was written */
  releaseVersion: number;
}

/** Chunked, resumable uploads of a release's audio and artwork, probing, and removal. */
export interface AssetService {
  /** Lists the release's audio and image records. */
  list(principal: Principal, releaseId: string): Promise<AssetView[]>;
  /** Starts an upload. */
  createUpload(principal: Principal, releaseId: string, input: unknown): Promise<UploadView>;
  /** Reads an upload (how a client resumes: `received` is where the next chunk starts). */
  getUpload(principal: Principal, releaseId: string, uploadId: string): Promise<UploadView>;
  /** Stores one chunk of `range` (its start must equal `received`; 409 otherwise). */
  putChunk(
    principal: Principal,
    releaseId: string,
    uploadId: string,
    range: { start: number; end: number; total: number },
    body: AsyncIterable<Uint8Array>,
  ): Promise<UploadView>;
  /** Joins the chunks (MD5 computed on the way), probes the file and writes the release's asset record. */
  complete(principal: Principal, releaseId: string, uploadId: string): Promise<CompletedUpload>;
  /** Abandons an upload and its chunks. */
  abort(principal: Principal, releaseId: string, uploadId: string): Promise<void>;
  /** Removes an asset record and its file (409 while a track uses it). */
  remove(principal: Principal, releaseId: string, assetId: string, expectedVersion?: number): Promise<void>;
}

const uploadPrefix = (id: string) => `uploads/${id}/`;
const stateKey = (id: string) => `uploads/${id}/upload.json`;
const partKey = (id: string, start: number) => `uploads/${id}/part-${String(start).padStart(13, '0')}`;
const safeName = (name: string) => name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');

async function readAll(stream: AsyncIterable<Uint8Array | string>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : Buffer.from(c));
  return Buffer.concat(chunks);
}

/** @internal */
export function assetService(ctx: ServiceContext): AssetService {
  const { store } = ctx;

  const load = async (p: Principal, releaseId: string, uploadId: string): Promise<UploadView> => {
    if (!/^[0-9a-f]{32}$/.test(uploadId)) throw notFound('upload', uploadId);
    try {
      const state = JSON.parse((await readAll(await store.assets.get(p.tenantId, stateKey(uploadId)))).toString());
      if (state.releaseId !== releaseId) throw notFound('upload', uploadId);
      return state as UploadView;
    } catch (error) {
      if (isCatalogStoreError(error, 'NOT_FOUND')) throw notFound('upload', uploadId);
      throw error;
    }
  };
  const save = (p: Principal, u: UploadView) =>
    store.assets.put(p.tenantId, stateKey(u.id), JSON.stringify(u), { contentType: 'application/json' });
  const dropUpload = async (p: Principal, id: string) => {
    let cursor: string | undefined;
    do {
      const page = await store.assets.list(p.tenantId, { prefix: uploadPrefix(id), cursor, limit: 500 });
      for (const a of page.items) await store.assets.delete(p.tenantId, a.key);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  };
  const parts = async function* (p: Principal, u: UploadView): AsyncIterable<Uint8Array> {
    const keys: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.assets.list(p.tenantId, { prefix: `${uploadPrefix(u.id)}part-`, cursor, limit: 500 });
      keys.push(...page.items.map((a) => a.key));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    for (const key of keys.sort()) yield* (await store.assets.get(p.tenantId, key)) as AsyncIterable<Uint8Array>;
  };

  /** Writes the probed record into the release (retrying a lost race), returning the new version. */
  const writeRecord = async (
    p: Principal,
    u: UploadView,
    storageKey: string,
    info: { size: number; md5: string; sha256: string },
    probe: AudioProbe | ImageProbe,
  ): Promise<{ version: number; record: AssetView['record']; oldKey?: string }> => {
    for (let attempt = 0; ; attempt++) {
      const current = await store.releases.get(p.tenantId, u.releaseId);
      const release = structuredClone(current.release) as Release;
      const file = { id: u.assetId, fileName: u.fileName, storageKey, ...info };
      let record: AssetView['record'];
      let oldKey: string | undefined;
      if (u.kind === 'audio') {
        const a = probe as AudioProbe;
        const i = release.assets.audio.findIndex((x) => x.id === u.assetId);
        oldKey = release.assets.audio[i]?.storageKey;
        record = { ...file, format: a.format, sampleRate: a.sampleRate, bitDepth: a.bitDepth, channels: a.channels };
        Object.assign(record, a.duration && { duration: a.duration }, a.bitrate && { bitrate: a.bitrate });
        Object.assign(record, a.codec && { codec: a.codec });
        if (i >= 0) release.assets.audio[i] = record as Release['assets']['audio'][number];
        else release.assets.audio.push(record as Release['assets']['audio'][number]);
        for (const t of release.tracks) {
          if (t.id === u.trackId || t.audio?.fileId === u.assetId) {
            const { format, sampleRate, bitDepth, channels } = a;
            t.audio = { ...t.audio, fileId: u.assetId, format, sampleRate, bitDepth, channels };
          }
        }
      } else {
        const m = probe as ImageProbe;
        const i = release.assets.images.findIndex((x) => x.id === u.assetId);
        oldKey = release.assets.images[i]?.storageKey;
        const type = release.assets.images[i]?.type ?? 'FrontCoverImage';
        record = { ...file, type, format: m.format, width: m.width, height: m.height };
        if (i >= 0) release.assets.images[i] = record as Release['assets']['images'][number];
        else release.assets.images.push(record as Release['assets']['images'][number]);
      }
      const parsed = safeParseRelease({ ...release, tenantId: p.tenantId });
      if (!parsed.success) throw validationError(parsed.issues, 'the release does not accept this file');
      try {
        const saved = await store.releases.update(p.tenantId, u.releaseId, parsed.data, {
          expectedVersion: current.version,
        });
        return { version: saved.version, record, oldKey: oldKey === storageKey ? undefined : oldKey };
      } catch (error) {
        if (!isCatalogStoreError(error, 'CONFLICT') || attempt >= 3) throw error;
      }
    }
  };

  return {
    async list(p, releaseId) {
      authorize(p, 'catalog:read');
      const { release } = await store.releases.get(p.tenantId, releaseId);
      const images = await Promise.all(
        release.assets.images.map(async (record) => {
          const info = record.storageKey ? await store.assets.stat(p.tenantId, record.storageKey) : null;
          const colorSpace = info?.metadata.colorSpace;
          return { kind: 'image' as const, record, ...(colorSpace ? { colorSpace } : {}) };
        }),
      );
      return [...release.assets.audio.map((record) => ({ kind: 'audio' as const, record })), ...images];
    },
    async createUpload(p, releaseId, raw) {
      authorize(p, 'catalog:write');
      const input = parseInput(UploadInputSchema, raw);
      const { release } = await store.releases.get(p.tenantId, releaseId);
      const assetId = input.assetId ?? `${input.kind === 'audio' ? 'A' : 'IMG'}-${randomBytes(4).toString('hex')}`;
      if (input.kind === 'audio') {
        if (input.trackId !== undefined && !release.tracks.some((t) => t.id === input.trackId)) {
          invalid('unknown_track', 'trackId', `The release has no track "${input.trackId}".`);
        }
        const declared = release.assets.audio.some((a) => a.id === assetId);
        if (!declared && input.trackId === undefined) {
          invalid('track_required', 'trackId', 'A new audio file needs the track it is the audio of (trackId).');
        }
      } else if (input.trackId !== undefined) {
        invalid('unexpected', 'trackId', 'Only audio files attach to a track.');
      }
      const u: UploadView = {
        id: randomBytes(16).toString('hex'),
        releaseId,
        kind: input.kind,
        fileName: input.fileName,
        size: input.size,
        received: 0,
        assetId,
        ...(input.trackId ? { trackId: input.trackId } : {}),
        ...(input.md5 ? { md5: input.md5.toLowerCase() } : {}),
        createdAt: new Date(ctx.now()).toISOString(),
      };
      await save(p, u);
      await ctx.audit(p, 'upload.create', 'release', releaseId, { uploadId: u.id, kind: u.kind, size: u.size });
      return u;
    },
    async getUpload(p, releaseId, uploadId) {
      authorize(p, 'catalog:read');
      return load(p, releaseId, uploadId);
    },
    async putChunk(p, releaseId, uploadId, { start, end, total }, body) {
      authorize(p, 'catalog:write');
      const u = await load(p, releaseId, uploadId);
      if (total !== u.size) invalid('size_mismatch', 'Content-Range', `The upload is ${u.size} bytes, not ${total}.`);
      if (start !== u.received) {
        throw new DistroError('CONFLICT', `the next chunk starts at byte ${u.received}, not ${start}`);
      }
      // a chunk is stored under its start offset, so a retried chunk replaces itself
      const info = await store.assets.put(p.tenantId, partKey(uploadId, start), body);
      if (info.size !== end - start + 1 || end >= u.size) {
        await store.assets.delete(p.tenantId, partKey(uploadId, start));
        invalid(
          'chunk_size',
          'Content-Range',
          `The body has ${info.size} bytes; bytes ${start}-${end} were announced.`,
        );
      }
      const next = { ...u, received: start + info.size };
      await save(p, next);
      return next;
    },
    async complete(p, releaseId, uploadId) {
      authorize(p, 'catalog:write');
      const u = await load(p, releaseId, uploadId);
      if (u.received !== u.size) {
        throw new DistroError('INVALID_STATE', `the upload has ${u.received} of ${u.size} bytes`);
      }
      // probe first, straight from the chunks: a rejected file is never stored as an asset
      let probe: AudioProbe | ImageProbe;
      try {
        const stream = Readable.from(parts(p, u), { objectMode: false }); // music-metadata needs a byte stream
        probe =
          u.kind === 'audio' ? await probeAudio(stream, u.fileName, u.size) : await probeImage(stream, u.fileName);
      } catch (error) {
        await dropUpload(p, uploadId).catch(() => undefined);
        throw error;
      }
      const key = `releases/${releaseId}/${u.assetId}/${uploadId.slice(0, 8)}-${safeName(u.fileName)}`;
      let info: Awaited<ReturnType<typeof store.assets.put>>;
      try {
        info = await store.assets.put(p.tenantId, key, parts(p, u), {
          expectedSize: u.size,
          expectedMd5: u.md5,
          contentType:
            u.kind === 'audio' ? `audio/${probe.format.toLowerCase()}` : `image/${probe.format.toLowerCase()}`,
          metadata: {
            releaseId,
            assetId: u.assetId,
            ...('colorSpace' in probe ? { colorSpace: probe.colorSpace } : {}),
          },
        });
      } catch (error) {
        if (isCatalogStoreError(error, 'INTEGRITY')) {
          await dropUpload(p, uploadId).catch(() => undefined);
          invalid('checksum_mismatch', 'md5', `"${u.fileName}" arrived with a different MD5 or size than declared.`);
        }
        throw error;
      }
      try {
        const { md5, sha256 } = info;
        const written = await writeRecord(p, u, key, { size: info.size, md5, sha256 }, probe);
        if (written.oldKey) await store.assets.delete(p.tenantId, written.oldKey).catch(() => false);
        await dropUpload(p, uploadId);
        await ctx.audit(p, 'asset.upload', 'release', releaseId, { assetId: u.assetId, md5, size: info.size });
        return {
          kind: u.kind,
          record: written.record,
          releaseVersion: written.version,
          ...('colorSpace' in probe ? { colorSpace: probe.colorSpace } : {}),
        };
      } catch (error) {
        await store.assets.delete(p.tenantId, key).catch(() => false); // nothing half-written
        throw error;
      }
    },
    async abort(p, releaseId, uploadId) {
      authorize(p, 'catalog:write');
      await load(p, releaseId, uploadId);
      await dropUpload(p, uploadId);
      await ctx.audit(p, 'upload.abort', 'release', releaseId, { uploadId });
    },
    async remove(p, releaseId, assetId, expectedVersion) {
      authorize(p, 'catalog:write');
      const current = await store.releases.get(p.tenantId, releaseId);
      const release = structuredClone(current.release) as Release;
      const audio = release.assets.audio.findIndex((a) => a.id === assetId);
      const image = release.assets.images.findIndex((a) => a.id === assetId);
      if (audio < 0 && image < 0) throw notFound('asset', assetId);
      const user = release.tracks.find((t) => t.audio?.fileId === assetId);
      if (user) {
        throw new DistroError(
          'INVALID_STATE',
          `asset "${assetId}" is the audio of track "${user.id}"; change it first`,
        );
      }
      const [removed] = audio >= 0 ? release.assets.audio.splice(audio, 1) : release.assets.images.splice(image, 1);
      const parsed = safeParseRelease({ ...release, tenantId: p.tenantId });
      if (!parsed.success) throw validationError(parsed.issues);
      await store.releases.update(p.tenantId, releaseId, parsed.data, {
        expectedVersion: expectedVersion ?? current.version,
      });
      if (removed?.storageKey?.startsWith(`releases/${releaseId}/`)) {
        await store.assets.delete(p.tenantId, removed.storageKey).catch(() => false);
      }
      await ctx.audit(p, 'asset.delete', 'release', releaseId, { assetId });
    },
  };
}
