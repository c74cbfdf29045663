import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

// The web app talks to the API on the same origin only; inline styles are Vue style bindings.
const APP_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy':
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

/** A request handler for a built single-page app: files from a folder, `index.html` for every other GET path. */
export type StaticHandler = (request: Request) => Promise<Response | undefined>;

/**
 * Serves a built single-page app (e.g. the reference web app's `dist`) from `dir`. Answers GET and HEAD outside
 * `/api`; a path that names no file gets `index.html` (client-side routes). Returns undefined for everything else.
 * Hashed files under `/assets/` are cached for a year, `index.html` never.
 */
export function staticFiles(dir: string): StaticHandler {
  const root = resolve(dir);
  const index = join(root, 'index.html');
  if (!existsSync(index)) throw new Error(`no index.html in ${root}: build the web app first`);
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return undefined;
    const { pathname } = new URL(request.url);
    if (pathname === '/api' || pathname.startsWith('/api/')) return undefined;
    let file = index;
    try {
      const candidate = normalize(join(root, decodeURIComponent(pathname)));
      if (candidate.startsWith(root + sep) && statSync(candidate, { throwIfNoEntry: false })?.isFile()) {
        file = candidate;
      }
    } catch {
      // a malformed escape is just another client-side route
    }
    const hashed = file !== index && pathname.startsWith('/assets/');
    const body = request.method === 'HEAD' ? null : await readFile(file);
    return new Response(body, {
      status: 200,
      headers: {
        ...APP_HEADERS,
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Cache-Control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
      },
    });
  };
}
