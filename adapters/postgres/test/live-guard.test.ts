import { describe, expect, it } from 'vitest';
import { LIVE_VARS, missingVars } from './helpers/live';

// A live suite that silently skips is a check that cannot fail: under CI every one must run.
describe.runIf(process.env.CI === 'true')('adapter-postgres live suites under CI', () => {
  for (const suite of Object.keys(LIVE_VARS) as (keyof typeof LIVE_VARS)[]) {
    it(`${suite} has its server variables (.ci/servers/postgres.sh, .ci/servers/start.sh)`, () => {
      expect(missingVars(suite)).toEqual([]);
    });
  }
});
