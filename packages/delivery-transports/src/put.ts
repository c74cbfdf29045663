import { randomBytes } from 'node:crypto';
import { pipeline } from 'node:stream';
import { DeliveryError } from './errors';
import {
  CountingHashStream,
  consumeInto,
  type HashAlgorithm,
  type HexDigests,
  hashFile,
  MultiHash,
} from './internal/hash';
import { dirname } from './paths';
import type { PutResult, RuntimeInternals, RuntimePutOptions } from './runtime';
import { openSource, sourceSize, type UploadSource } from './source';
import type { PutBody } from './types';

/**
 * The upload algorithm of the runtime: size the source, create the parent directory, upload to a temporary name
 * (resuming a partial upload where the transport can), check bytes sent, declared hashes and what the server reports,
 * rename into place, and remove the temporary file when everything failed.
 */
export async function putWithRetries(
  rt: RuntimeInternals,
  path: string,
  source: UploadSource,
  o: RuntimePutOptions,
): Promise<PutResult> {
  const { transport, options } = rt;
  const caps = transport.capabilities;
  const name = transport.name;
  const signal = o.signal;
  if (!path) throw new DeliveryError('INVALID_PATH', 'cannot put to the root', { transport: name });
  const size = await sourceSize(source, o.size, name);
  const rename = transport.rename;
  const useTemp = !caps.atomicPut && caps.atomicRename && rename !== undefined;
  const target = useTemp ? options.tempName(path, randomBytes(6).toString('hex')) : path;
  const algorithms = new Set<HashAlgorithm>();
  if (o.sha256) algorithms.add('sha256');
  if (o.md5) algorithms.add('md5');
  if (options.verify && caps.checksum) algorithms.add(caps.checksum);

  if (o.overwrite === false) {
    const exists = await rt.retry(`exists ${path}`, signal, () => rt.call(signal, () => transport.exists(path, o)));
    if (exists) throw new DeliveryError('EXISTS', `${path} exists`, { transport: name, path });
  }
  const parent = dirname(path);
  if (parent) await rt.retry(`mkdir ${parent}`, signal, () => rt.call(signal, () => transport.mkdir(parent, o)));

  let restart = false;
  let resumed = false;
  let attempts = 0;
  let digests: HexDigests = {};
  let serverChecksum = false;
  let landed = false;
  let sourceSizeWrong = false;
  let streamed = false;
  // end of the prefix the server acknowledged in the last attempt, when the transport reports acknowledgements
  let acknowledgedEnd: number | undefined;
  const integrity = (message: string, retryable: boolean) =>
    new DeliveryError('INTEGRITY', `${path}: ${message}`, { transport: name, path, retryable });

  const attempt = async (n: number) => {
    attempts = n;
    let offset = 0;
    // resume only after a streamed attempt or one whose acknowledged prefix is known: a transport reading localPath
    // may write out of order
    if (n > 1 && caps.resume && !restart && (streamed || acknowledgedEnd !== undefined)) {
      const st = await transport.stat(target, { signal });
      if (st?.type === 'file' && st.size <= size) offset = Math.min(st.size, acknowledgedEnd ?? st.size);
    }
    restart = false;
    landed = false;
    streamed = false;
    acknowledgedEnd = undefined;
    let hash = new MultiHash(algorithms);
    if (offset > 0 && !hash.empty) await consumeInto(openSource(source, 0), hash, offset);
    // bytes of localPath the transport fed to the hash as it read them for the upload
    let hashedLocal = 0;
    if (offset > 0) resumed = true;
    let counter: CountingHashStream | undefined;
    let acknowledging = false;
    const body: PutBody = {
      size,
      offset,
      sha256: o.sha256,
      md5: o.md5,
      localPath: 'path' in source && offset === 0 ? source.path : undefined,
      hashLocal(chunk) {
        if (counter) return;
        hashedLocal += chunk.length;
        if (!hash.empty) hash.update(chunk);
      },
      open() {
        if (counter) throw new DeliveryError('PROTOCOL', 'PutBody.open() called twice', { transport: name });
        const sizeError = (n: number) => {
          sourceSizeWrong = true;
          return integrity(
            `the source gave ${n > size - offset ? 'more than' : 'only'} ${offset + n} bytes, ${size} declared`,
            false,
          );
        };
        const progress = o.onProgress && ((bytes: number) => acknowledging || o.onProgress?.(offset + bytes));
        const c = new CountingHashStream(hash, size - offset, sizeError, progress);
        streamed = true;
        counter = c;
        return pipeline(openSource(source, offset), c, () => undefined);
      },
      acknowledged(bytes) {
        acknowledging = true;
        acknowledgedEnd = offset + bytes;
        o.onProgress?.(offset + bytes);
      },
    };
    if (offset < size || size === 0) await transport.put(target, body, { signal });
    landed = true;
    if (counter) {
      if (counter.bytes !== size - offset) {
        throw integrity(`the source gave ${offset + counter.bytes} bytes, ${size} expected`, false);
      }
    } else if (!hash.empty && 'path' in source && offset === 0) {
      // the file is read again only when the transport did not feed every byte to the hash as it read them
      if (hashedLocal !== size) {
        hash = new MultiHash(algorithms);
        await hashFile(source.path, hash);
      }
    } else if (!hash.empty) {
      await consumeInto(openSource(source, offset), hash);
    }
    digests = hash.digest();
    for (const a of ['sha256', 'md5'] as const) {
      const declared = o[a];
      if (declared && digests[a] !== declared.toLowerCase()) {
        throw integrity(`${a} of the source is ${digests[a]}, ${declared} declared`, false);
      }
    }
    if (!options.verify) return;
    const st = await transport.stat(target, { signal });
    if (!st) {
      restart = true;
      throw integrity('not found on the server after upload', true);
    }
    if (st.size !== size) {
      restart = true;
      throw integrity(`the server holds ${st.size} bytes, ${size} sent`, true);
    }
    const remote = caps.checksum ? st[caps.checksum] : undefined;
    if (caps.checksum && remote) {
      serverChecksum = true;
      if (remote !== digests[caps.checksum]) {
        restart = true;
        throw integrity(`the server's ${caps.checksum} is ${remote}, ${digests[caps.checksum]} sent`, true);
      }
    }
  };

  const guarded = async (n: number) => {
    try {
      return await attempt(n);
    } catch (error) {
      // the source, not the server, was wrong: whatever the transport made of the broken stream, do not retry
      if (sourceSizeWrong) throw integrity('the source size does not match the declared size', false);
      throw error;
    }
  };
  try {
    await rt.retry(`put ${path}`, signal, (n) => rt.call(signal, () => guarded(n)));
    if (useTemp && rename) {
      await rt.retry(`rename ${target}`, signal, (n) =>
        rt.call(signal, async () => {
          if (n > 1 && !(await transport.exists(target)) && (await transport.stat(path))?.size === size) return;
          await rename.call(transport, target, path, { signal });
        }),
      );
    }
  } catch (error) {
    // an atomic put that failed leaves nothing; one that landed but failed verification is removed
    await cleanup(rt, useTemp ? target : caps.atomicPut && !landed ? undefined : path);
    throw error;
  }
  rt.log('debug', `put ${path}: ${size} bytes in ${attempts} attempt(s)${resumed ? ', resumed' : ''}`);
  return { path, size, ...digests, attempts, resumed, serverChecksum };
}

/** Best effort: remove what a failed upload left behind, on a fresh connection if needed, never throwing. */
async function cleanup(rt: RuntimeInternals, leftover: string | undefined): Promise<void> {
  if (!leftover) return;
  try {
    await rt.call(AbortSignal.timeout(15_000), () => rt.transport.remove(leftover));
  } catch (error) {
    rt.log('warn', `could not remove ${leftover} after a failed upload: ${(error as Error).message}`);
  }
}
