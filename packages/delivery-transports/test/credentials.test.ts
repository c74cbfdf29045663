import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createDeliveryRuntime, ftp, http, isDeliveryError, s3, sftp, type Transport } from '../src';
import { liveEnv } from './helpers/live';

const SECRET = 'Sup3r-S3cret-Passw0rd-xyzzy';

/** Runs one failing call; returns the error and every log line, checking the secret appears in none of them. */
async function failWithoutLeaking(transport: Transport, secrets: string[]) {
  const lines: string[] = [];
  const logger = {
    debug: (m: string) => lines.push(m),
    info: (m: string) => lines.push(m),
    warn: (m: string) => lines.push(m),
  };
  const rt = createDeliveryRuntime(transport, { retries: 1, minTimeout: 5, maxTimeout: 10, logger });
  const error = await rt.put('probe/x.txt', { data: 'x' }).catch((e: unknown) => e);
  await rt.dispose();
  expect(isDeliveryError(error)).toBe(true);
  const dumps = [
    inspect(error, { depth: 20, showHidden: true }),
    JSON.stringify(error),
    String((error as Error).stack),
    inspect((error as Error).cause, { depth: 20, showHidden: true }),
    inspect(transport, { depth: 20, showHidden: true }),
    ...lines,
  ].join('\n');
  for (const s of secrets) {
    expect(dumps).not.toContain(s);
    expect(dumps).not.toContain(Buffer.from(s).toString('base64'));
  }
  return { error: error as { code: string; retryable: boolean }, lines };
}

describe('credentials never appear in errors or logs', () => {
  it('http: a refused connection with Basic auth', async () => {
    const { error } = await failWithoutLeaking(
      http({ url: `http://user:${SECRET}@127.0.0.1:9/`, auth: { type: 'basic', username: 'u', password: SECRET } }),
      [SECRET],
    );
    expect(error.code).toBe('CONNECT');
  });

  it('http: an unreachable OAuth2 token endpoint', async () => {
    const { error } = await failWithoutLeaking(
      http({
        url: 'http://127.0.0.1:9/',
        auth: { type: 'oauth2', tokenUrl: 'http://127.0.0.1:9/token', clientId: 'id', clientSecret: SECRET },
      }),
      [SECRET],
    );
    expect(error.code).toBe('CONNECT');
  });

  it('sftp: a refused connection with a password and a key passphrase', async () => {
    const { error } = await failWithoutLeaking(
      sftp({ host: '127.0.0.1', port: 9, username: 'u', password: SECRET, passphrase: `${SECRET}-pp` }),
      [SECRET],
    );
    expect(error.code).toBe('CONNECT');
  });

  const sftpEnv = liveEnv('sftp');
  it.skipIf(!sftpEnv)('sftp: a wrong password is AUTH, not retried, not leaked', async () => {
    const { error, lines } = await failWithoutLeaking(
      sftp({
        host: sftpEnv!.DDEX_TEST_SFTP_HOST,
        port: Number(sftpEnv!.DDEX_TEST_SFTP_PORT),
        username: sftpEnv!.DDEX_TEST_SFTP_USER,
        password: SECRET,
      }),
      [SECRET],
    );
    expect(error).toMatchObject({ code: 'AUTH', retryable: false });
    expect(lines.filter((l) => l.includes('retrying'))).toEqual([]);
  });

  it.skipIf(!sftpEnv)('sftp: a host key that does not match the pin is AUTH', async () => {
    const { error } = await failWithoutLeaking(
      sftp({
        host: sftpEnv!.DDEX_TEST_SFTP_HOST,
        port: Number(sftpEnv!.DDEX_TEST_SFTP_PORT),
        username: sftpEnv!.DDEX_TEST_SFTP_USER,
        password: SECRET,
        hostFingerprint: 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      }),
      [SECRET],
    );
    expect(error).toMatchObject({ code: 'AUTH', retryable: false });
  });

  const ftpEnv = liveEnv('ftp');
  it.skipIf(!ftpEnv)('ftp: a wrong password is AUTH, not retried, not leaked', async () => {
    const { error, lines } = await failWithoutLeaking(
      ftp({
        host: ftpEnv!.DDEX_TEST_FTP_HOST,
        port: Number(ftpEnv!.DDEX_TEST_FTP_PORT),
        username: ftpEnv!.DDEX_TEST_FTP_USER,
        password: SECRET,
      }),
      [SECRET, ftpEnv!.DDEX_TEST_FTP_PASSWORD],
    );
    expect(error).toMatchObject({ code: 'AUTH', retryable: false });
    expect(lines.filter((l) => l.includes('retrying'))).toEqual([]);
  });

  const s3Env = liveEnv('s3');
  it.skipIf(!s3Env)('s3: a wrong secret is AUTH (radosgw checks signatures), not leaked', async () => {
    const { error } = await failWithoutLeaking(
      s3({
        bucket: s3Env!.DDEX_TEST_S3_BUCKET,
        endpoint: s3Env!.DDEX_TEST_S3_ENDPOINT,
        credentials: { accessKeyId: s3Env!.DDEX_TEST_S3_ACCESS, secretAccessKey: SECRET },
      }),
      [SECRET],
    );
    expect(error).toMatchObject({ code: 'AUTH', retryable: false });
  });
});
