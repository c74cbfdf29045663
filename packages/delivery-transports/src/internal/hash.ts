import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Transform, type TransformCallback } from 'node:stream';

/** Hash algorithms the runtime computes. */
export type HashAlgorithm = 'md5' | 'sha256';

/** Hex digests by algorithm. */
export type HexDigests = Partial<Record<HashAlgorithm, string>>;

/** Several running hashes fed with the same bytes. */
export class MultiHash {
  readonly #hashes: [HashAlgorithm, Hash][];
  constructor(algorithms: Iterable<HashAlgorithm>) {
    this.#hashes = [...new Set(algorithms)].map((a) => [a, createHash(a)]);
  }
  /** True when no algorithm was asked for. */
  get empty(): boolean {
    return this.#hashes.length === 0;
  }
  update(chunk: Uint8Array): void {
    for (const [, h] of this.#hashes) h.update(chunk);
  }
  digest(): HexDigests {
    const out: HexDigests = {};
    for (const [a, h] of this.#hashes) out[a] = h.digest('hex');
    return out;
  }
}

/**
 * A pass-through that counts bytes and feeds them to `hash`. It fails when the source gives more or fewer bytes than
 * `expected`, so a transport never sends a short body under a longer Content-Length and waits for the rest.
 */
export class CountingHashStream extends Transform {
  bytes = 0;
  constructor(
    readonly hash: MultiHash,
    readonly expected: number,
    readonly sizeError: (bytes: number) => Error,
    readonly onBytes?: (bytes: number) => void,
  ) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.expected) {
      callback(this.sizeError(this.bytes));
      return;
    }
    if (!this.hash.empty) this.hash.update(chunk);
    this.onBytes?.(this.bytes);
    callback(null, chunk);
  }
  override _flush(callback: TransformCallback): void {
    callback(this.bytes === this.expected ? null : this.sizeError(this.bytes));
  }
}

/** Feeds the bytes of a readable (up to `limit` bytes when given) to `hash`; returns the count. */
export async function consumeInto(
  source: AsyncIterable<Uint8Array> & { destroy?: () => void },
  hash: MultiHash,
  limit = Number.POSITIVE_INFINITY,
): Promise<number> {
  let n = 0;
  try {
    for await (const raw of source) {
      const chunk = n + raw.length > limit ? raw.subarray(0, limit - n) : raw;
      hash.update(chunk);
      n += chunk.length;
      if (n >= limit) break;
    }
  } finally {
    source.destroy?.();
  }
  return n;
}

/** Hashes a local file. */
export function hashFile(path: string, hash: MultiHash): Promise<number> {
  return consumeInto(createReadStream(path), hash);
}
