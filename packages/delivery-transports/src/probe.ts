import { randomBytes } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { connect as tcpConnect } from 'node:net';
import { DeliveryError, isDeliveryError } from './errors';
import type { DeliveryRuntime } from './runtime';
import type { AbortableOptions } from './types';

/** Steps of {@link probeTarget} in the order they run. */
export const PROBE_STEPS = ['resolve', 'reach', 'connect', 'mkdir', 'write', 'stat', 'read', 'list', 'remove'] as const;

/** One step of {@link probeTarget}. */
export interface ProbeStep {
  /**
   * What was tried: `resolve` the host name and `reach` its port (only with `endpoint`), `connect` (open the
   * session and authenticate), `mkdir` the probe folder, `write` the probe file, `stat` its size, `read` it back,
   * `list` the folder, `remove` it.
   */
  step: (typeof PROBE_STEPS)[number];
  /** `ok`, `failed`, or `skipped` (the transport cannot do it, or an earlier step failed). */
  outcome: 'ok' | 'failed' | 'skipped';
  /** Duration in ms. */
  ms: number;
  /** Error code and message when it failed (no credentials), what was found when it worked, or why it was skipped. */
  detail?: string;
  /** The {@link DeliveryError} code when it failed (`UNKNOWN` for anything else). */
  code?: string;
  /** The error message when it failed, without the `[ddex-delivery] [transport]` prefix (never credentials). */
  message?: string;
}

/** What {@link probeTarget} found. */
export interface ProbeResult {
  /** True when connect, write, read back (where supported) and remove all worked. */
  ok: boolean;
  steps: ProbeStep[];
}

/** Options of {@link probeTarget}. */
export interface ProbeOptions extends AbortableOptions {
  /**
   * Folder of the probe file, relative to the transport root.
   * @default '.ddex-probe'
   */
  folder?: string;
  /** The server behind the transport: when given, its name is looked up and its port reached before `connect`. */
  endpoint?: { host: string; port: number };
  /**
   * Time the `reach` step waits for the TCP connection, in ms.
   * @default 10000
   */
  reachTimeoutMs?: number;
}

/**
 * Checks a delivery target the way `ddex-distro target test` reports it: (with `endpoint`) look up the host and
 * reach its port, connect and log in, create a probe folder, write a small file, check its size, read it back, list
 * the folder, delete the file. Never throws; each step says what happened.
 */
export async function probeTarget(runtime: DeliveryRuntime, options: ProbeOptions = {}): Promise<ProbeResult> {
  const steps: ProbeStep[] = [];
  const folder = options.folder ?? '.ddex-probe';
  const name = `${folder}/probe-${randomBytes(4).toString('hex')}.txt`;
  const content = Buffer.from(`ddex-distro probe ${new Date().toISOString()}\n`);
  let broken = false;
  const run = async (step: ProbeStep['step'], fn: () => Promise<unknown>, skip?: string) => {
    if (broken || skip) {
      steps.push({ step, outcome: 'skipped', ms: 0, detail: skip ?? 'an earlier step failed' });
      return;
    }
    const started = Date.now();
    try {
      const detail = await fn();
      steps.push({ step, outcome: 'ok', ms: Date.now() - started, ...(typeof detail === 'string' ? { detail } : {}) });
    } catch (e) {
      if (isDeliveryError(e) && e.code === 'UNSUPPORTED') {
        steps.push({ step, outcome: 'skipped', ms: 0, detail: `the transport cannot ${step}` });
        return;
      }
      const code = isDeliveryError(e) ? e.code : 'UNKNOWN';
      const message = isDeliveryError(e) ? e.message.replace(/^\[ddex-delivery\] \[[^\]]*\] /, '') : 'unexpected error';
      const detail = isDeliveryError(e) ? `${e.code}: ${e.message}` : String((e as Error)?.name ?? 'error');
      steps.push({ step, outcome: 'failed', ms: Date.now() - started, detail, code, message });
      if (step !== 'list' && step !== 'read') broken = true;
    }
  };
  const o = { signal: options.signal };
  const check = (ok: boolean, message: string) => {
    if (!ok) throw new DeliveryError('INTEGRITY', message, { transport: runtime.name });
  };
  if (options.endpoint) {
    const { host, port } = options.endpoint;
    await run('resolve', () => resolveHost(host, runtime.name));
    await run('reach', () => reachPort(host, port, options.reachTimeoutMs ?? 10_000, runtime.name, options.signal));
  }
  await run('connect', () => runtime.connect(o));
  await run('mkdir', () => runtime.mkdir(folder, o));
  await run('write', async () => {
    const r = await runtime.put(name, { data: content }, o);
    return r.serverChecksum ? 'verified by the server checksum' : undefined;
  });
  await run('stat', async () => {
    const st = await runtime.stat(name, o);
    check(st?.size === content.length, `size ${st?.size}, ${content.length} written`);
  });
  await run('read', async () => {
    const back = Buffer.from(await runtime.read(name, o));
    check(back.equals(content), 'read back different bytes');
  });
  await run(
    'list',
    async () => {
      const entries = await runtime.list(folder, o);
      check(
        entries.some((e) => `${folder}/${e.name}` === name),
        'the probe file is not listed',
      );
    },
    runtime.capabilities.list ? undefined : 'the transport cannot list',
  );
  // the probe file is removed whenever a session was opened, even after a failed write or read
  broken = !steps.some((s) => s.step === 'connect' && s.outcome === 'ok');
  await run('remove', async () => {
    await runtime.remove(name, o);
    check(!(await runtime.exists(name, o)), 'the probe file is still there');
  });
  const needed = steps.filter((s) => s.step !== 'list' && s.outcome !== 'skipped');
  return { ok: needed.length > 0 && needed.every((s) => s.outcome === 'ok'), steps };
}

/**
 * The host and port a target's transport connects to, for the `resolve` and `reach` steps of {@link probeTarget};
 * undefined when it has none (filesystem, memory, S3 without `endpoint`). `protocol` is case-insensitive.
 */
export function probeEndpoint(
  protocol: string,
  config: Record<string, unknown>,
): { host: string; port: number } | undefined {
  const port = typeof config.port === 'number' ? config.port : undefined;
  const host = typeof config.host === 'string' && config.host !== '' ? config.host : undefined;
  switch (protocol.toLowerCase()) {
    case 'sftp':
      return host ? { host, port: port ?? 22 } : undefined;
    case 'ftp':
    case 'ftps':
      return host ? { host, port: port ?? (config.secure === 'implicit' ? 990 : 21) } : undefined;
    case 's3':
    case 'http':
    case 'https': {
      const raw = typeof config.endpoint === 'string' ? config.endpoint : config.url;
      if (typeof raw !== 'string') return undefined;
      try {
        const u = new URL(raw);
        return {
          host: u.hostname.replace(/^\[|\]$/g, ''),
          port: Number(u.port) || (u.protocol === 'http:' ? 80 : 443),
        };
      } catch {
        return undefined;
      }
    }
    default:
      return undefined;
  }
}

// --- Internal helpers ---

async function resolveHost(host: string, transport: string): Promise<string> {
  try {
    const { address } = await lookup(host);
    return address === host ? address : `${host} is ${address}`;
  } catch (cause) {
    const code = (cause as { code?: string }).code ?? 'error';
    throw new DeliveryError('CONNECT', `cannot resolve ${host} (${code})`, { transport, cause });
  }
}

function reachPort(host: string, port: number, timeoutMs: number, transport: string, signal?: AbortSignal) {
  return new Promise<string>((resolve, reject) => {
    const socket = tcpConnect({ host, port });
    const fail = (code: 'CONNECT' | 'TIMEOUT' | 'CANCELLED', message: string, cause?: unknown) => {
      socket.destroy();
      signal?.removeEventListener('abort', abort);
      reject(new DeliveryError(code, message, { transport, cause }));
    };
    const abort = () => fail('CANCELLED', 'aborted');
    if (signal?.aborted) return abort();
    signal?.addEventListener('abort', abort, { once: true });
    socket.setTimeout(timeoutMs, () => fail('TIMEOUT', `no answer from ${host}:${port} in ${timeoutMs} ms`));
    socket.once('error', (e: NodeJS.ErrnoException) =>
      fail('CONNECT', `cannot reach ${host}:${port} (${e.code ?? 'error'})`, e),
    );
    socket.once('connect', () => {
      socket.destroy();
      signal?.removeEventListener('abort', abort);
      resolve(`${host}:${port} answered`);
    });
  });
}
