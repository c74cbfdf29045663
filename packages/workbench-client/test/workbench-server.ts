// A local HTTP server implementing the documented Workbench contract (peers.md §1.2), with scripted replies
// for the failure cases (429, 500, hang, malformed bodies).
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: unknown;
  /** performance.now() when the request arrived. */
  at: number;
}

/** A scripted reply: `hang` never answers; `raw` is sent as is. */
export type ScriptedReply = 'hang' | { status: number; headers?: Record<string, string>; json?: unknown; raw?: string };

export interface WorkbenchTestServer {
  baseUrl: string;
  requests: RecordedRequest[];
  /** Replies used, in order, before falling back to the contract implementation. */
  script(...replies: ScriptedReply[]): void;
  /** Forgets recorded requests and unused scripted replies. */
  reset(): void;
  close(): Promise<void>;
}

/** Starts the server on 127.0.0.1 with a random port; `apiKey` is the one key it accepts. */
export async function startWorkbenchServer(apiKey: string): Promise<WorkbenchTestServer> {
  const requests: RecordedRequest[] = [];
  const queue: ScriptedReply[] = [];

  const server = createServer((req, res) => {
    const at = performance.now();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {}
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, at });
      const scripted = queue.shift();
      if (scripted === 'hang') return;
      if (scripted) return send(res, scripted.status, scripted.json, scripted.headers, scripted.raw);
      contract(req.method, req.url, req.headers, body, res, apiKey);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    script: (...replies) => queue.push(...replies),
    reset: () => {
      requests.length = 0;
      queue.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(res: ServerResponse, status: number, json: unknown, headers: Record<string, string> = {}, raw?: string) {
  const text = raw ?? JSON.stringify(json);
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(text);
}

/** The documented behaviour: 401 without the right key, 400 on a bad body, else a validation result. */
function contract(
  method: string | undefined,
  url: string | undefined,
  headers: IncomingHttpHeaders,
  body: unknown,
  res: ServerResponse,
  apiKey: string,
) {
  if (method === 'GET' && url === '/v1/health') {
    return send(res, 200, { status: 'ok', timestamp: new Date().toISOString(), service: 'DDEX Workbench API' });
  }
  if (method !== 'POST' || url !== '/v1/validate') return send(res, 404, { error: { message: 'Not found' } });
  const key = headers['x-api-key'];
  if (key !== apiKey) {
    // a careless server echoing the key back: the client must redact it
    return send(res, 401, { error: { message: `Invalid API key: ${String(key)}` } });
  }
  const { content, type, version, profile } = (body ?? {}) as Record<string, unknown>;
  if (typeof content !== 'string' || !content) return send(res, 400, { error: { message: 'XML content is required' } });
  if (type !== 'ERN') return send(res, 400, { error: { message: 'Only ERN validation is currently supported' } });
  if (!version) return send(res, 400, { error: { message: 'Version is required' } });

  // "validation": every <Bogus> element is a schema error, every <Deprecated> a warning, at its position
  const errors: unknown[] = [];
  const warnings: unknown[] = [];
  content.split('\n').forEach((text, i) => {
    const bogus = text.indexOf('<Bogus');
    if (bogus >= 0) {
      errors.push({
        line: i + 1,
        column: bogus + 1,
        message: "Element 'Bogus': This element is not expected.",
        severity: 'error',
        rule: 'XSD-Schema',
      });
    }
    const deprecated = text.indexOf('<Deprecated');
    if (deprecated >= 0) {
      warnings.push({
        line: i + 1,
        column: deprecated + 1,
        message: 'Deprecated element',
        severity: 'warning',
        rule: 'BP-1',
      });
    }
  });
  send(res, 200, {
    valid: errors.length === 0,
    errors,
    warnings,
    svrl: null,
    metadata: {
      processingTime: 3,
      schemaVersion: `ERN ${String(version)}`,
      profile,
      validatedAt: new Date().toISOString(),
      errorCount: errors.length,
      warningCount: warnings.length,
      validationSteps: [{ type: 'XSD', duration: 2, errorCount: errors.length }],
    },
  });
}
