import { afterEach, describe, expect, it, vi } from 'vitest';
import { CHUNK_BYTES, uploadAsset } from '../../src/wizard/upload';

// The chunked upload against a fake server: a chunk lost on the way is sent again from where the server says it
// is, and a cancelled upload is abandoned on the server.
type Seen = { method: string; url: string; range?: string };

function fakeServer(options: { failPut?: number; onPut?: (n: number) => void } = {}) {
  const seen: Seen[] = [];
  let received = 0;
  let puts = 0;
  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    const method = init.method ?? 'GET';
    const range = (init.headers as Record<string, string> | undefined)?.['content-range'];
    seen.push({ method, url, ...(range ? { range } : {}) });
    if (init.signal?.aborted) throw new DOMException('aborted', 'AbortError');
    if (method === 'POST' && url.endsWith('/uploads')) return json({ id: 'up1', received: 0 }, 201);
    if (method === 'PUT') {
      puts++;
      options.onPut?.(puts);
      if (init.signal?.aborted) throw new DOMException('aborted', 'AbortError');
      if (puts === options.failPut) throw new TypeError('network connection lost');
      const [, start, end] = /bytes (\d+)-(\d+)\//.exec(range!)!.map(Number);
      if (start !== received) return json({ error: { code: 'CONFLICT', message: 'wrong offset' } }, 409);
      received = end! + 1;
      return json({ id: 'up1', received });
    }
    if (method === 'GET') return json({ id: 'up1', received });
    if (method === 'POST' && url.endsWith('/complete')) return json({ record: { id: 'A-1' }, releaseVersion: 3 });
    if (method === 'DELETE') return new Response(null, { status: 204 });
    return json({ error: { code: 'NOT_FOUND', message: url } }, 404);
  });
  return seen;
}
const file = (size: number) => Object.assign(new Blob([new Uint8Array(size)]), { name: 'a.flac' });

afterEach(() => vi.unstubAllGlobals());

describe('uploadAsset', () => {
  it('resumes from the server after a lost chunk and reports monotone progress', async () => {
    const seen = fakeServer({ failPut: 2 });
    const size = 2 * CHUNK_BYTES + 1000;
    const progress: number[] = [];
    const done = await uploadAsset({
      releaseId: 'rel-1',
      file: file(size),
      kind: 'audio',
      onProgress: (n) => progress.push(n),
    });
    expect(done).toMatchObject({ record: { id: 'A-1' }, releaseVersion: 3 });
    const puts = seen.filter((s) => s.method === 'PUT').map((s) => s.range);
    const second = `bytes ${CHUNK_BYTES}-${2 * CHUNK_BYTES - 1}/${size}`;
    expect(puts).toEqual([
      `bytes 0-${CHUNK_BYTES - 1}/${size}`,
      second,
      second,
      `bytes ${2 * CHUNK_BYTES}-${size - 1}/${size}`,
    ]);
    expect(seen.filter((s) => s.method === 'GET')).toHaveLength(1); // asked where to resume
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(size);
  });

  it('abandons a cancelled upload on the server', async () => {
    const controller = new AbortController();
    const seen = fakeServer({ onPut: (n) => n === 2 && controller.abort() });
    await expect(
      uploadAsset({ releaseId: 'rel-1', file: file(3 * CHUNK_BYTES), kind: 'audio', signal: controller.signal }),
    ).rejects.toThrow(/abort/i);
    expect(seen.at(-1)).toMatchObject({ method: 'DELETE', url: '/api/releases/rel-1/assets/uploads/up1' });
    expect(seen.some((s) => s.url.endsWith('/complete'))).toBe(false);
  });
});
