import { describe, expect, it } from 'vitest';
import { LIVE_SUITES, type LiveSuite, missingVars } from './helpers/live';

// A live suite that silently skips is a check that cannot fail: under CI every one must run.
describe.runIf(process.env.CI === 'true')('live suites under CI', () => {
  for (const suite of Object.keys(LIVE_SUITES) as LiveSuite[]) {
    it(`${suite} has its server variables (run .ci/servers/start.sh and source /tmp/ddex-ci/env)`, () => {
      expect(missingVars(suite)).toEqual([]);
    });
  }
});
