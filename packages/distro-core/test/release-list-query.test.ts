import { Hono } from 'hono';
import { describe, expect, it, vi } from 'vitest';
import { toDistroError } from '../src/errors';
import { ReleaseListQuerySchema, releaseListQuery } from '../src/http/release-list-query';
import { query } from '../src/http/support';

/** What a parse gave: the input, or the error's code, message and issues. */
function outcome(parse: () => unknown): unknown {
  try {
    return { ok: parse() };
  } catch (error) {
    const e = toDistroError(error);
    return { error: { code: e.code, message: e.message, issues: e.issues } };
  }
}

const app = new Hono().get('/api/releases', (c) =>
  c.json({
    read: outcome(() => releaseListQuery(c)),
    schema: outcome(() => query(c, ReleaseListQuerySchema)),
  }),
);

const QUERIES = [
  '',
  'limit=50',
  'limit=1',
  'limit=500',
  'limit=501',
  'limit=0',
  'limit=050',
  'limit=%2050',
  'limit=5e1',
  'limit=1.5',
  'limit=-3',
  'limit=',
  'limit=abc',
  'limit=0x10',
  'limit=50&limit=20',
  'status=ready',
  'status=ready,draft',
  'status=ready,,draft,',
  'status=',
  'status=,',
  'status=bogus',
  'status=ready,bogus',
  'status=READY',
  'status=ready&status=draft',
  'type=Album',
  'type=Album,EP',
  'type=',
  'type=,,',
  'label=Label%207',
  'label=',
  `label=${'x'.repeat(200)}`,
  `label=${'x'.repeat(201)}`,
  'label=%C3%9Cn%C3%AF%20%F0%9F%8E%B5',
  'q=neon%20signal',
  'q=CAT-0001234',
  'q=a+b',
  'q=',
  `q=${'é'.repeat(200)}`,
  `q=${'é'.repeat(201)}`,
  'q=%F0%9F%8E%B5',
  'cursor=YzE6OTk5NTE',
  'cursor=',
  `cursor=${'c'.repeat(201)}`,
  'order=asc',
  'order=desc',
  'order=DESC',
  'order=',
  'releaseDateFrom=2020-01-01',
  'releaseDateFrom=2020-13-01',
  'releaseDateTo=2020-01-31&limit=5',
  'limit=50&status=ready',
  'limit=50&label=Label%20199',
  'limit=20&q=velvet%20storm&order=asc&cursor=abc',
  'limit=0&status=bogus',
  'bogus=1',
  'limit=50&bogus=1',
  'constructor=1',
  '__proto__=1',
  'toString=x',
  'hasOwnProperty=x',
  'q',
  'limit',
  'status=draft,ready,delivered,archived&type=Single&label=L&q=w&order=desc&limit=2',
];

describe('releaseListQuery', () => {
  it.each(QUERIES)('reads ?%s as ReleaseListQuerySchema does (same values, same errors)', async (q) => {
    const res = await app.request(`/api/releases?${q}`);
    const { read, schema } = (await res.json()) as { read: unknown; schema: unknown };
    expect(read).toStrictEqual(schema);
  });

  it("reads the catalog view's queries without the schema", async () => {
    const parse = vi.spyOn(ReleaseListQuerySchema, 'safeParse');
    try {
      for (const q of ['limit=50', 'limit=50&status=ready', 'limit=50&label=Label%207', 'limit=20&q=neon%20signal']) {
        await app.request(`/api/releases?${q}`);
      }
      // once per request: the schema's own half of the comparison
      expect(parse).toHaveBeenCalledTimes(4);
    } finally {
      parse.mockRestore();
    }
  });
});
