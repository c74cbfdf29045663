import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vitest from 'vitest';
import { createDeliveryRuntime, http, isDeliveryError } from '../src';
import { describeTransport } from '../src/testing';
import { type ReceiverAuth, startReceiver } from './helpers/http-receiver';

const { describe, it, expect, beforeAll, afterAll } = vitest;

const auths: [string, ReceiverAuth][] = [
  ['bearer', { type: 'bearer', token: 'bearer-token-s3cr3t' }],
  ['basic', { type: 'basic', username: 'label', password: 'basic-pa55word' }],
  ['oauth2', { type: 'oauth2', clientId: 'label-client', clientSecret: 'oauth-s3cr3t-value' }],
];

for (const [kind, auth] of auths) {
  describe(`http (${kind}) against a node:http receiver`, () => {
    let dir: string;
    let receiver: Awaited<ReturnType<typeof startReceiver>>;
    const clientAuth = () =>
      auth.type === 'bearer'
        ? auth
        : auth.type === 'basic'
          ? auth
          : auth.type === 'oauth2'
            ? { ...auth, tokenUrl: receiver.tokenUrl }
            : undefined;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'ddex-http-'));
      receiver = await startReceiver(dir, auth);
    });
    afterAll(async () => {
      await receiver.close();
      await rm(dir, { recursive: true, force: true });
    });

    describeTransport({
      name: `http ${kind}`,
      create: () => http({ url: receiver.url, auth: clientAuth() }),
      readBack: (path) => readFile(join(dir, path)).catch(() => undefined),
      vitest,
    });

    it('refuses wrong credentials with AUTH and does not retry', async () => {
      const wrong =
        auth.type === 'bearer'
          ? { type: 'bearer' as const, token: 'nope-wrong-token' }
          : auth.type === 'basic'
            ? { ...auth, password: 'wrong-password' }
            : {
                type: 'oauth2' as const,
                tokenUrl: receiver.tokenUrl,
                clientId: 'label-client',
                clientSecret: 'wrong-secret',
              };
      const warnings: string[] = [];
      const rt = createDeliveryRuntime(http({ url: receiver.url, auth: wrong as never }), {
        minTimeout: 10,
        logger: { warn: (m) => warnings.push(m) },
      });
      const error = await rt.put('a.txt', { data: 'x' }).catch((e: unknown) => e);
      expect(isDeliveryError(error) && error.code).toBe('AUTH');
      expect(warnings).toEqual([]);
      await rt.dispose();
    });

    if (auth.type === 'oauth2') {
      it('fetches a new token after a 401', async () => {
        const rt = createDeliveryRuntime(http({ url: receiver.url, auth: clientAuth() }));
        await rt.put('tok/a.txt', { data: 'a' });
        receiver.revokeTokens();
        await rt.put('tok/b.txt', { data: 'b' });
        expect(receiver.log.filter((l) => l === 'POST /token').length).toBeGreaterThanOrEqual(2);
        await rt.dispose();
      });
    }
  });
}
