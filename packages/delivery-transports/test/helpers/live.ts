/**
 * Environment of the live suites. `.ci/servers/start.sh` starts the servers and writes these variables to
 * /tmp/ddex-ci/env; `.ci/run` sources it. A suite whose variables are missing is skipped locally, and
 * `live-guard.test.ts` fails under CI=true when any would be skipped (STYLE §9).
 */
export const LIVE_SUITES = {
  sftp: [
    'DDEX_TEST_SFTP_HOST',
    'DDEX_TEST_SFTP_PORT',
    'DDEX_TEST_SFTP_USER',
    'DDEX_TEST_SFTP_KEY',
    'DDEX_TEST_SFTP_DIR',
  ],
  ftp: ['DDEX_TEST_FTP_HOST', 'DDEX_TEST_FTP_PORT', 'DDEX_TEST_FTP_USER', 'DDEX_TEST_FTP_PASSWORD', 'DDEX_TEST_FTP_CA'],
  s3: ['DDEX_TEST_S3_ENDPOINT', 'DDEX_TEST_S3_ACCESS', 'DDEX_TEST_S3_SECRET', 'DDEX_TEST_S3_BUCKET'],
  full: ['DDEX_TEST_FULL_DIR'],
} as const;

export type LiveSuite = keyof typeof LIVE_SUITES;

/** The suite's variables, or undefined when one is missing. */
export function liveEnv<S extends LiveSuite>(suite: S): Record<(typeof LIVE_SUITES)[S][number], string> | undefined {
  const out: Record<string, string> = {};
  for (const name of LIVE_SUITES[suite]) {
    const v = process.env[name];
    if (!v) return undefined;
    out[name] = v;
  }
  return out as Record<(typeof LIVE_SUITES)[S][number], string>;
}

/** Missing variables of a suite. */
export function missingVars(suite: LiveSuite): string[] {
  return LIVE_SUITES[suite].filter((name) => !process.env[name]);
}
