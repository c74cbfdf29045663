import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';

/** How the receiver checks requests. */
export type ReceiverAuth =
  | { type: 'none' }
  | { type: 'bearer'; token: string }
  | { type: 'basic'; username: string; password: string }
  | { type: 'oauth2'; clientId: string; clientSecret: string };

/**
 * A small HTTP delivery receiver on loopback (node:http): the server side of the `http()` transport's protocol, storing
 * files under `directory`. OAuth2 tokens come from `POST /token`; `revokeTokens()` makes the next call get a 401.
 */
export async function startReceiver(directory: string, auth: ReceiverAuth) {
  const tokens = new Set<string>();
  const log: string[] = [];
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e) => {
      res.statusCode = 500;
      res.end(String(e));
    });
  });
  const safe = (raw: string) => {
    const path = decodeURIComponent(raw).replace(/\/+$/, '');
    if (path.split('/').includes('..') || path.startsWith('/')) throw new Error('bad path');
    return path;
  };
  const authorized = (req: IncomingMessage) => {
    const h = req.headers.authorization ?? '';
    if (auth.type === 'none') return true;
    if (auth.type === 'bearer') return h === `Bearer ${auth.token}`;
    if (auth.type === 'basic')
      return h === `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
    return h.startsWith('Bearer ') && tokens.has(h.slice(7));
  };
  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://x');
    log.push(`${req.method} ${url.pathname}`);
    if (url.pathname === '/token' && req.method === 'POST' && auth.type === 'oauth2') {
      const body = new URLSearchParams((await readBody(req)).toString());
      const expected = `Basic ${Buffer.from(`${auth.clientId}:${auth.clientSecret}`).toString('base64')}`;
      if (body.get('grant_type') !== 'client_credentials' || req.headers.authorization !== expected) {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"invalid_client"}');
        return;
      }
      const token = randomBytes(16).toString('hex');
      tokens.add(token);
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ access_token: token, expires_in: 3600 }));
      return;
    }
    if (!url.pathname.startsWith('/files')) return void res.writeHead(404).end();
    if (!authorized(req)) return void res.writeHead(401).end('unauthorized');
    if (req.method === 'POST' && url.pathname === '/files') {
      const { fields, file } = parseMultipart(await readBody(req), String(req.headers['content-type']));
      const path = safe(fields.path ?? '');
      if (!file || !path) return void res.writeHead(400).end('missing path or file');
      const sha256 = createHash('sha256').update(file).digest('hex');
      if (fields.sha256 && fields.sha256 !== sha256) return void res.writeHead(422).end('sha256 mismatch');
      const target = join(directory, path);
      await mkdir(dirname(target), { recursive: true });
      const tmp = `${target}.${randomBytes(4).toString('hex')}.upload`;
      await writeFile(tmp, file);
      await rename(tmp, target);
      res
        .writeHead(201, { 'content-type': 'application/json' })
        .end(JSON.stringify({ path, size: file.length, sha256 }));
      return;
    }
    const path = safe(url.pathname.slice('/files/'.length));
    const target = join(directory, path);
    const st = await stat(target).catch(() => undefined);
    if (req.method === 'HEAD') {
      if (!st) return void res.writeHead(404).end();
      if (st.isDirectory()) return void res.writeHead(200, { 'x-entry-type': 'directory' }).end();
      const sha256 = createHash('sha256')
        .update(await readFile(target))
        .digest('hex');
      return void res.writeHead(200, { 'content-length': st.size, 'x-checksum-sha256': sha256 }).end();
    }
    if (req.method === 'GET' && st?.isDirectory()) {
      const entries = await readdir(target, { withFileTypes: true });
      const out = await Promise.all(
        entries.map(async (d) => ({
          name: d.name,
          type: d.isDirectory() ? 'directory' : 'file',
          size: d.isDirectory() ? 0 : (await stat(join(target, d.name))).size,
        })),
      );
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(out));
    }
    if (req.method === 'GET' && st?.isFile()) {
      return void res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(await readFile(target));
    }
    if (req.method === 'DELETE') {
      if (!st) return void res.writeHead(404).end();
      await rm(target, { force: true });
      return void res.writeHead(204).end();
    }
    res.writeHead(404).end();
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    tokenUrl: `http://127.0.0.1:${port}/token`,
    log,
    revokeTokens: () => tokens.clear(),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function parseMultipart(body: Buffer, contentType: string) {
  const boundary = /boundary=([^;]+)/.exec(contentType)?.[1];
  const fields: Record<string, string> = {};
  let file: Buffer | undefined;
  if (!boundary) return { fields, file };
  const delimiter = Buffer.from(`--${boundary}`);
  let pos = body.indexOf(delimiter);
  while (pos >= 0) {
    const start = pos + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, start);
    if (next < 0) break;
    const part = body.subarray(start + 2, next - 2);
    const split = part.indexOf('\r\n\r\n');
    const headers = part.subarray(0, split).toString();
    const content = part.subarray(split + 4);
    const name = /name="([^"]*)"/.exec(headers)?.[1] ?? '';
    if (/filename=/.test(headers)) file = Buffer.from(content);
    else fields[name] = content.toString();
    pos = next;
  }
  return { fields, file };
}
