import { randomBytes } from 'node:crypto';
import { isDeliveryError } from './errors';
import type { DeliveryRuntime } from './runtime';
import type { AbortableOptions } from './types';

/** One step of {@link probeTarget}. */
export interface ProbeStep {
  /** What was tried. */
  step: 'connect' | 'mkdir' | 'write' | 'stat' | 'read' | 'list' | 'remove';
  /** `ok`, `failed`, or `skipped` (the transport cannot do it, or an earlier step failed). */
  outcome: 'ok' | 'failed' | 'skipped';
  /** Duration in ms. */
  ms: number;
  /** Error code and message when it failed (no credentials), or why it was skipped. */
  detail?: string;
}

/** What {@link probeTarget} found. */
export interface ProbeResult {
  /** True when connect, write, read back (where supported) and remove all worked. */
  ok: boolean;
  steps: ProbeStep[];
}

/**
 * Checks a delivery target the way `ddex-distro target test` reports it: connect, create a probe folder, write a
 * small file, check its size, read it back, list the folder, delete the file. Never throws; each step says what
 * happened.
 */
export async function probeTarget(
  runtime: DeliveryRuntime,
  options: AbortableOptions & { folder?: string } = {},
): Promise<ProbeResult> {
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
      const detail = isDeliveryError(e) ? `${e.code}: ${e.message}` : String((e as Error)?.name ?? 'error');
      steps.push({ step, outcome: 'failed', ms: Date.now() - started, detail });
      if (step !== 'list' && step !== 'read') broken = true;
    }
  };
  const o = { signal: options.signal };
  await run('connect', () => runtime.connect(o));
  await run('mkdir', () => runtime.mkdir(folder, o));
  await run('write', async () => {
    const r = await runtime.put(name, { data: content }, o);
    return r.serverChecksum ? 'verified by the server checksum' : undefined;
  });
  await run('stat', async () => {
    const st = await runtime.stat(name, o);
    if (st?.size !== content.length) throw new Error(`size ${st?.size}, ${content.length} written`);
  });
  await run('read', async () => {
    const back = Buffer.from(await runtime.read(name, o));
    if (!back.equals(content)) throw new Error('read back different bytes');
  });
  await run(
    'list',
    async () => {
      const entries = await runtime.list(folder, o);
      if (!entries.some((e) => `${folder}/${e.name}` === name)) throw new Error('the probe file is not listed');
    },
    runtime.capabilities.list ? undefined : 'the transport cannot list',
  );
  broken = steps.some((s) => s.step === 'connect' && s.outcome === 'failed');
  await run('remove', async () => {
    await runtime.remove(name, o);
    if (await runtime.exists(name, o)) throw new Error('the probe file is still there');
  });
  const needed = steps.filter((s) => s.step !== 'list' && s.outcome !== 'skipped');
  return { ok: needed.length > 0 && needed.every((s) => s.outcome === 'ok'), steps };
}
