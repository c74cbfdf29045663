import { describe, expect, it } from 'vitest';
import { csvLine, csvRecords } from '../src/catalog/csv';
import { jsonArrayElements, textLines } from '../src/catalog/json-stream';

/** The text in chunks of `size` characters, so every token is split somewhere. */
async function* chunks(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

const collect = async <T>(gen: AsyncIterable<T>) => {
  const out: T[] = [];
  for await (const x of gen) out.push(x);
  return out;
};

describe('streamed JSON arrays', () => {
  const values = [{ id: 'a', t: 'x, ] } [ {', n: [1, [2]] }, { id: 'b', q: 'say \\"hi\\" \\\\' }, 3, 'four', null];
  const text = `\uFEFF [ ${values.map((v) => JSON.stringify(v)).join(' ,\n')} ]\n`;

  it('yields each element whatever the chunk boundaries', async () => {
    for (const size of [1, 2, 3, 7, 64, 100_000]) {
      const got = await collect(jsonArrayElements(chunks(text, size), 'x.json'));
      expect(got.map((e) => e.value)).toEqual(values);
      expect(got.map((e) => e.index)).toEqual([1, 2, 3, 4, 5]);
    }
  });

  it('reads the releases array of a catalog object, and reports a bad element by position', async () => {
    const wrapped = `{"format":"ddex-distro-catalog","source":"releases","releases":[{"id":"a"},{"id":"b"}],"files":[{"id":"c"}]}`;
    expect((await collect(jsonArrayElements(chunks(wrapped, 5), 'c.json'))).map((e) => e.value)).toEqual([
      { id: 'a' },
      { id: 'b' },
    ]);
    const bad = await collect(jsonArrayElements(chunks('[{"id":"a"}, {"id": nope}, {"id":"c"}]', 4), 'b.json'));
    expect(bad.map((e) => e.error === undefined)).toEqual([true, false, true]);
    expect(bad[1]).toMatchObject({ index: 2, error: expect.any(String) });
  });

  it('rejects what is not an array of releases', async () => {
    await expect(collect(jsonArrayElements(chunks('"text"', 3), 'a.json'))).rejects.toThrow(/not a JSON array/);
    await expect(collect(jsonArrayElements(chunks('[{"id":1}', 3), 'a.json'))).rejects.toThrow(/ends early/);
    await expect(collect(jsonArrayElements(chunks('{"a":[1]}', 3), 'a.json'))).rejects.toThrow(/no array/);
  });

  it('splits lines across chunks', async () => {
    expect(await collect(textLines(chunks('a\r\nbb\n\nccc', 2)))).toEqual([
      { line: 1, text: 'a' },
      { line: 2, text: 'bb' },
      { line: 3, text: '' },
      { line: 4, text: 'ccc' },
    ]);
  });
});

describe('CSV', () => {
  it('parses quotes, commas, doubled quotes and line breaks inside fields across chunks, with line numbers', async () => {
    const rows = [
      ['id', 'title', 'note'],
      ['1', 'Hello, "World"', 'two\nlines'],
      ['2', '', '"'],
    ];
    const text = `\uFEFF${rows.map(csvLine).join('')}\r\n3,last,x`;
    for (const size of [1, 2, 5, 1000]) {
      const got = await collect(csvRecords(chunks(text, size)));
      expect(got.map((r) => r.fields)).toEqual([...rows, ['3', 'last', 'x']]);
      expect(got.map((r) => r.line)).toEqual([1, 2, 4, 6]);
    }
  });
});
