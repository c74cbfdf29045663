import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createWorkbenchClient,
  isWorkbenchError,
  type WorkbenchClient,
  type WorkbenchClientOptions,
  WorkbenchError,
} from '../src/index';
import { startWorkbenchServer, type WorkbenchTestServer } from './workbench-server';

const API_KEY = 'wb_test_9f8e7d6c5b4a3210_SECRET';
const VALID_XML =
  '<?xml version="1.0"?>\n<ern:NewReleaseMessage xmlns:ern="http://ddex.net/xml/ern/43">\n</ern:NewReleaseMessage>';
const INVALID_XML = [
  '<?xml version="1.0"?>',
  '<ern:NewReleaseMessage xmlns:ern="http://ddex.net/xml/ern/43">',
  '  <Bogus/>',
  '  <ReleaseList><Deprecated/></ReleaseList>',
  '      <Bogus>again</Bogus>',
  '</ern:NewReleaseMessage>',
].join('\n');

let server: WorkbenchTestServer;
const clients: WorkbenchClient[] = [];
const logLines: string[] = [];

/** A client on the test server with fast retries; every log line is kept to check for the key. */
function client(options: WorkbenchClientOptions = {}): WorkbenchClient {
  const c = createWorkbenchClient({
    baseUrl: server.baseUrl,
    apiKey: API_KEY,
    retryDelay: 10,
    maxRetryDelay: 2_000,
    timeout: 2_000,
    logger: {
      debug: (m, f) => logLines.push(`${m} ${JSON.stringify(f)}`),
      warn: (m, f) => logLines.push(`${m} ${JSON.stringify(f)}`),
    },
    ...options,
  });
  clients.push(c);
  return c;
}

/** Runs `fn`, expects a WorkbenchError and checks the key appears nowhere in it. */
async function failure(fn: () => Promise<unknown>): Promise<WorkbenchError> {
  const error = await fn().then(
    () => expect.fail('expected a WorkbenchError'),
    (e: unknown) => e,
  );
  expect(isWorkbenchError(error)).toBe(true);
  expect(error).toBeInstanceOf(WorkbenchError);
  const err = error as WorkbenchError;
  expect(inspect(err, { depth: 10 })).not.toContain(API_KEY);
  expect(JSON.stringify(err)).not.toContain(API_KEY);
  return err;
}

beforeAll(async () => {
  server = await startWorkbenchServer(API_KEY);
});
afterEach(() => {
  server.reset();
  for (const line of logLines.splice(0)) expect(line).not.toContain(API_KEY);
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await server.close();
});

describe('validate', () => {
  it('sends the documented request and maps a valid result', async () => {
    const result = await client().validate(VALID_XML, { version: '4.3', profile: 'AudioAlbum' });
    expect(result).toMatchObject({ valid: true, version: '4.3', errors: [], warnings: [] });
    expect(result.metadata).toMatchObject({ schemaVersion: 'ERN 4.3', profile: 'AudioAlbum', errorCount: 0 });

    expect(server.requests).toHaveLength(1);
    const [req] = server.requests;
    expect(req?.method).toBe('POST');
    expect(req?.url).toBe('/v1/validate');
    expect(req?.headers['x-api-key']).toBe(API_KEY);
    expect(req?.headers['content-type']).toBe('application/json');
    expect(req?.body).toEqual({ content: VALID_XML, type: 'ERN', version: '4.3', profile: 'AudioAlbum' });
  });

  it('omits profile when not given and accepts a base URL with a trailing slash', async () => {
    await client({ baseUrl: `${server.baseUrl}/` }).validate(VALID_XML, { version: '3.8.2' });
    expect(server.requests[0]?.url).toBe('/v1/validate');
    expect(server.requests[0]?.body).toEqual({ content: VALID_XML, type: 'ERN', version: '3.8.2' });
  });

  it('maps errors and warnings to the local issue shape', async () => {
    const result = await client().validate(INVALID_XML, { version: '4.2' });
    expect(result.valid).toBe(false);
    expect(result.version).toBe('4.2');
    expect(result.errors).toEqual([
      {
        line: 3,
        column: 3,
        message: "Element 'Bogus': This element is not expected.",
        severity: 'error',
        rule: 'XSD-Schema',
      },
      {
        line: 5,
        column: 7,
        message: "Element 'Bogus': This element is not expected.",
        severity: 'error',
        rule: 'XSD-Schema',
      },
    ]);
    expect(result.warnings).toEqual([
      { line: 4, column: 16, message: 'Deprecated element', severity: 'warning', rule: 'BP-1' },
    ]);
  });

  it('tolerates sparse issues: missing positions, unknown severity, string warnings', async () => {
    server.script({
      status: 200,
      json: {
        valid: false,
        errors: [{ message: 'no position' }, { line: '7', column: 0, message: 'm', severity: 'fatal', rule: '' }],
        warnings: ['plain text warning'],
      },
    });
    const result = await client().validate(VALID_XML, { version: '4.3' });
    expect(result.errors).toEqual([
      { message: 'no position', severity: 'error' },
      { line: 7, message: 'm', severity: 'error' },
    ]);
    expect(result.warnings).toEqual([{ message: 'plain text warning', severity: 'warning' }]);
    expect(result.metadata).toBeUndefined();
  });
});

describe('errors that are not retried', () => {
  it('400: BAD_REQUEST with the server message, one request', async () => {
    server.script({ status: 400, json: { error: { message: 'Version is required' } } });
    const err = await failure(() => client().validate(VALID_XML, { version: '4.3' }));
    expect(err).toMatchObject({ code: 'BAD_REQUEST', status: 400, retryable: false, attempts: 1 });
    expect(err.message).toContain('Version is required');
    expect(server.requests).toHaveLength(1);
  });

  it('401 from the contract server (wrong key): AUTH, no retry, key redacted from the echoed message', async () => {
    const wrongKey = `${API_KEY}-wrong`;
    const err = await failure(() => client({ apiKey: wrongKey }).validate(VALID_XML, { version: '4.3' }));
    expect(err).toMatchObject({ code: 'AUTH', status: 401, retryable: false, attempts: 1 });
    expect(err.message).toContain('Invalid API key');
    expect(err.message).not.toContain(wrongKey);
    expect(err.message).toContain('[redacted]');
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.headers['x-api-key']).toBe(wrongKey);
  });

  it('403: AUTH', async () => {
    server.script({ status: 403, json: { error: { message: `key ${API_KEY} revoked` } } });
    const err = await failure(() => client().validate(VALID_XML, { version: '4.3' }));
    expect(err).toMatchObject({ code: 'AUTH', status: 403, retryable: false });
    expect(server.requests).toHaveLength(1);
  });

  it('malformed JSON in a 200: MALFORMED_RESPONSE, no retry', async () => {
    server.script({ status: 200, raw: '{"valid": tru' });
    const err = await failure(() => client().validate(VALID_XML, { version: '4.3' }));
    expect(err).toMatchObject({ code: 'MALFORMED_RESPONSE', status: 200, retryable: false });
    expect(err.cause).toBeInstanceOf(SyntaxError);
    expect(server.requests).toHaveLength(1);
  });

  it('JSON that breaks the contract: MALFORMED_RESPONSE', async () => {
    server.script(
      { status: 200, json: { valid: 'yes', errors: [] } },
      { status: 200, json: { valid: true, errors: {} } },
    );
    const c = client();
    expect((await failure(() => c.validate(VALID_XML, { version: '4.3' }))).code).toBe('MALFORMED_RESPONSE');
    expect((await failure(() => c.validate(VALID_XML, { version: '4.3' }))).message).toContain(
      '"errors" is not an array',
    );
  });

  it('rejects bad call options before sending', async () => {
    const c = client();
    const bad = { version: '5.0' } as unknown as { version: '4.3' };
    expect((await failure(() => c.validate(VALID_XML, bad))).code).toBe('INVALID_OPTIONS');
    expect((await failure(() => c.validate('', { version: '4.3' }))).code).toBe('INVALID_OPTIONS');
    expect(() => createWorkbenchClient({ baseUrl: 'ftp://example.com' })).toThrow(WorkbenchError);
    expect(() => createWorkbenchClient({ maxAttempts: 0 })).toThrow(/maxAttempts/);
    expect(server.requests).toHaveLength(0);
  });
});

describe('retries', () => {
  it('429 with Retry-After: 1 waits a second, then succeeds', async () => {
    server.script({ status: 429, headers: { 'retry-after': '1' }, json: { error: { message: 'Too many requests' } } });
    const started = performance.now();
    const result = await client({ retryDelay: 1 }).validate(VALID_XML, { version: '4.3' });
    expect(result.valid).toBe(true);
    expect(server.requests).toHaveLength(2);
    const gap = server.requests[1]!.at - server.requests[0]!.at;
    expect(gap).toBeGreaterThanOrEqual(990);
    expect(performance.now() - started).toBeLessThan(2_500);
  });

  it('429: a Retry-After longer than maxRetryDelay is cut down to it', async () => {
    server.script({ status: 429, headers: { 'retry-after': '30' }, json: {} });
    const started = performance.now();
    await client({ maxRetryDelay: 50 }).validate(VALID_XML, { version: '4.3' });
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(server.requests).toHaveLength(2);
  });

  it('429 on every attempt: RATE_LIMITED with retryAfterMs', async () => {
    const limited = { status: 429, headers: { 'retry-after': '0' }, json: {} };
    server.script(limited, limited);
    const err = await failure(() => client({ maxAttempts: 2 }).validate(VALID_XML, { version: '4.3' }));
    expect(err).toMatchObject({ code: 'RATE_LIMITED', status: 429, retryable: true, retryAfterMs: 0, attempts: 2 });
    expect(server.requests).toHaveLength(2);
  });

  it('500 then success', async () => {
    server.script({ status: 500, json: { error: { message: 'Internal server error during validation' } } });
    const result = await client().validate(INVALID_XML, { version: '4.3' });
    expect(result.valid).toBe(false);
    expect(server.requests).toHaveLength(2);
  });

  it('5xx on every attempt: SERVER after maxAttempts', async () => {
    server.script(
      { status: 500, json: {} },
      { status: 502, raw: '<html>bad gateway</html>' },
      { status: 503, json: {} },
    );
    const err = await failure(() => client({ maxAttempts: 3 }).validate(VALID_XML, { version: '4.3' }));
    expect(err).toMatchObject({ code: 'SERVER', status: 503, retryable: true, attempts: 3 });
    expect(server.requests).toHaveLength(3);
    expect(logLines.filter((l) => l.includes('retrying in'))).toHaveLength(2);
  });

  it('maxAttempts: 1 disables retries', async () => {
    server.script({ status: 500, json: {} });
    const err = await failure(() => client({ maxAttempts: 1 }).validate(VALID_XML, { version: '4.3' }));
    expect(err).toMatchObject({ code: 'SERVER', attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });

  it('connection refused: NETWORK, retried', async () => {
    const closed = await startWorkbenchServer(API_KEY);
    await closed.close();
    const err = await failure(() =>
      client({ baseUrl: closed.baseUrl, maxAttempts: 2 }).validate(VALID_XML, { version: '4.3' }),
    );
    expect(err).toMatchObject({ code: 'NETWORK', retryable: true, attempts: 2 });
    expect(err.message).toContain('ECONNREFUSED');
  });
});

describe('timeouts and abort', () => {
  it('a server that never answers: TIMEOUT after the per-attempt timeout', async () => {
    server.script('hang');
    const started = performance.now();
    const err = await failure(() => client({ timeout: 150, maxAttempts: 1 }).validate(VALID_XML, { version: '4.3' }));
    const elapsed = performance.now() - started;
    expect(err).toMatchObject({ code: 'TIMEOUT', retryable: true, attempts: 1 });
    expect(elapsed).toBeGreaterThanOrEqual(140);
    expect(elapsed).toBeLessThan(1_000);
  });

  it('a timed-out attempt is retried', async () => {
    server.script('hang');
    const result = await client({ timeout: 150 }).validate(VALID_XML, { version: '4.3' });
    expect(result.valid).toBe(true);
    expect(server.requests).toHaveLength(2);
  });

  it('totalTimeout bounds the whole call', async () => {
    server.script('hang');
    const started = performance.now();
    const err = await failure(() =>
      client({ timeout: 5_000, totalTimeout: 200 }).validate(VALID_XML, { version: '4.3' }),
    );
    expect(err.code).toBe('TIMEOUT');
    expect(err.message).toContain('totalTimeout');
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('AbortSignal during a request: ABORTED with the reason as cause', async () => {
    server.script('hang');
    const reason = new Error('user cancelled');
    const ac = new AbortController();
    setTimeout(() => ac.abort(reason), 100);
    const err = await failure(() => client().validate(VALID_XML, { version: '4.3', signal: ac.signal }));
    expect(err).toMatchObject({ code: 'ABORTED', retryable: false, attempts: 1 });
    expect(err.cause).toBe(reason);
    expect(server.requests).toHaveLength(1);
  });

  it('AbortSignal during the wait between attempts', async () => {
    server.script({ status: 429, headers: { 'retry-after': '30' }, json: {} });
    const started = performance.now();
    const err = await failure(() =>
      client({ maxRetryDelay: 60_000 }).validate(VALID_XML, { version: '4.3', signal: AbortSignal.timeout(150) }),
    );
    expect(err.code).toBe('ABORTED');
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(server.requests).toHaveLength(1);
  });

  it('an already aborted signal sends nothing', async () => {
    const err = await failure(() => client().validate(VALID_XML, { version: '4.3', signal: AbortSignal.abort() }));
    expect(err).toMatchObject({ code: 'ABORTED', attempts: 0 });
    expect(server.requests).toHaveLength(0);
  });
});

describe('health', () => {
  it('GET /health', async () => {
    const health = await client().health();
    expect(health.status).toBe('ok');
    expect(server.requests[0]).toMatchObject({ method: 'GET', url: '/v1/health' });
    expect(server.requests[0]?.headers['x-api-key']).toBe(API_KEY);
  });

  it('a wrong base URL: NOT_FOUND', async () => {
    const err = await failure(() => client({ baseUrl: `${server.baseUrl}/nope` }).health());
    expect(err).toMatchObject({ code: 'NOT_FOUND', status: 404, retryable: false });
  });
});
