import { ApiError, call, writeHeaders } from '../api/client';
import type { CompletedUpload, UploadView } from '../api/types';

/** Bytes per chunk: small enough that the progress bar moves, large enough to keep requests few. */
export const CHUNK_BYTES = 1024 * 1024;
/** How often one chunk is retried (after asking the server where to resume) before the upload fails. */
const CHUNK_RETRIES = 3;

/** What to upload and where. */
export interface UploadRequest {
  releaseId: string;
  file: Blob & { name: string };
  kind: 'audio' | 'image';
  /** audio: the track this file is the audio of */
  trackId?: string;
  /** the asset record to fill (declared in the release, or new) */
  assetId?: string;
  /** called with the bytes the server has confirmed */
  onProgress?: (received: number, total: number) => void;
  signal?: AbortSignal;
}

const base = (releaseId: string) => `/api/releases/${encodeURIComponent(releaseId)}/assets/uploads`;

async function putChunk(url: string, body: Blob, start: number, total: number, signal?: AbortSignal) {
  const response = await fetch(url, {
    method: 'PUT',
    credentials: 'same-origin',
    headers: {
      ...(await writeHeaders()),
      'content-type': 'application/octet-stream',
      'content-range': `bytes ${start}-${start + body.size - 1}/${total}`,
    },
    body,
    signal,
  });
  const json = (await response.json().catch(() => undefined)) as
    | (UploadView & { error?: { code?: string; message?: string } })
    | undefined;
  if (!response.ok) {
    throw new ApiError(response.status, json?.error?.code ?? `HTTP_${response.status}`, json?.error?.message ?? '');
  }
  return json as UploadView;
}

/**
 * Uploads a file in chunks (`Content-Range`), resuming from the server's `received` after a failed chunk, then
 * completes it: the server probes the file and answers with the asset record (or a 400 naming the reason). An
 * aborted upload is abandoned on the server too.
 */
export async function uploadAsset(req: UploadRequest): Promise<CompletedUpload> {
  const { releaseId, file, kind, trackId, assetId, onProgress, signal } = req;
  const created = await call<UploadView>('POST', base(releaseId), {
    kind,
    fileName: file.name,
    size: file.size,
    ...(trackId ? { trackId } : {}),
    ...(assetId ? { assetId } : {}),
  });
  const url = `${base(releaseId)}/${created.id}`;
  try {
    let received = 0;
    let failures = 0;
    onProgress?.(0, file.size);
    while (received < file.size) {
      const end = Math.min(received + CHUNK_BYTES, file.size);
      try {
        received = (await putChunk(url, file.slice(received, end), received, file.size, signal)).received;
        failures = 0;
      } catch (error) {
        if (signal?.aborted || ++failures > CHUNK_RETRIES) throw error;
        received = (await call<UploadView>('GET', url)).received; // resume where the server is
      }
      onProgress?.(received, file.size);
    }
    return await call<CompletedUpload>('POST', `${url}/complete`);
  } catch (error) {
    if (signal?.aborted) await call('DELETE', url).catch(() => undefined);
    throw error;
  }
}
