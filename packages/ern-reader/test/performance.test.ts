import { describe, expect, it } from 'vitest';
import { readErn } from '../src';
import { bigMessage } from './support/big-message';

/** Best of `runs` CPU times (user + system) of `fn`, in ms: steadier than wall time on a busy machine. */
function cpuMs(runs: number, fn: () => unknown): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const before = process.cpuUsage();
    fn();
    const used = process.cpuUsage(before);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

describe('performance', () => {
  const small = bigMessage(1);
  const large = bigMessage(4);

  it('reads a generated 4 MB message completely: every track mapped', () => {
    const result = readErn(large.xml, { trackReleases: false });
    expect(result.releases[0]?.tracks).toHaveLength(large.tracks);
    expect(large.tracks).toBeGreaterThan(1500);
  });

  it('is linear: four times the message takes far less than sixteen times as long', () => {
    readErn(small.xml); // warm-up
    const t1 = cpuMs(3, () => readErn(small.xml, { trackReleases: false }));
    const t4 = cpuMs(3, () => readErn(large.xml, { trackReleases: false }));
    // linear is about 4x; quadratic would be 16x
    expect(t4 / t1).toBeLessThan(9);
    // and absolute: well over 2 MB/s of CPU even on a loaded CI machine (about 20 MB/s on an idle one)
    expect(t4).toBeLessThan(2000);
  });
});
