import type { IncomingHttpHeaders } from 'node:http';

/** The parts of the Cloud Functions (Express) request the bridge reads. */
export interface FunctionsRequest {
  /** HTTP method */
  method: string;
  /** path and query as received */
  originalUrl?: string;
  /** path and query */
  url: string;
  /** request headers */
  headers: IncomingHttpHeaders;
  /** the body as received; Cloud Functions reads the stream before the handler runs */
  rawBody?: Buffer;
}

/** The parts of the Cloud Functions (Express) response the bridge writes. */
export interface FunctionsResponse {
  /** sets the status code */
  status(code: number): unknown;
  /** sets a header */
  setHeader(name: string, value: string | string[]): unknown;
  /** sends the body and ends the response */
  end(body?: Buffer): unknown;
}

/** A web-standard Request of a Cloud Functions request (its body comes from `rawBody`). */
export function toWebRequest(req: FunctionsRequest): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  const host = headers.get('x-forwarded-host') ?? headers.get('host') ?? 'localhost';
  const proto = headers.get('x-forwarded-proto') ?? 'https';
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD' && req.rawBody !== undefined;
  return new Request(`${proto}://${host}${req.originalUrl ?? req.url}`, {
    method: req.method,
    headers,
    body: hasBody ? new Uint8Array(req.rawBody!) : undefined,
  });
}

/** Writes a web-standard Response to a Cloud Functions response. */
export async function sendWebResponse(res: FunctionsResponse, response: Response): Promise<void> {
  res.status(response.status);
  const cookies = response.headers.getSetCookie();
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') res.setHeader(name, value);
  });
  if (cookies.length > 0) res.setHeader('set-cookie', cookies);
  res.end(Buffer.from(await response.arrayBuffer()));
}
