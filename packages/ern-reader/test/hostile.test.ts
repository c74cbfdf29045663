import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErnReadError, isErnReadError, readErn, readErnFile } from '../src';
import { miniErn43 } from './support/mini';
import { sample } from './support/samples';

/** Runs `fn`, expecting an ErnReadError with `code`; returns it. */
function expectReadError(fn: () => unknown, code: string): ErnReadError {
  try {
    fn();
  } catch (error) {
    expect(isErnReadError(error)).toBe(true);
    expect((error as ErnReadError).code).toBe(code);
    return error as ErnReadError;
  }
  throw new Error(`expected an ErnReadError ${code}, but the read succeeded`);
}

const ROOT_OPEN = '<ern:NewReleaseMessage xmlns:ern="http://ddex.net/xml/ern/43"';

describe('hostile input', () => {
  // a real HTTP server: a request to it would mean the reader fetched something
  let server: Server;
  let requests = 0;
  let base = '';
  beforeAll(async () => {
    server = createServer((_req, res) => {
      requests++;
      res.end('<!ENTITY leak "LEAKED">');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('billion laughs: rejected at the DOCTYPE, fast, nothing expanded', () => {
    const levels = Array.from({ length: 10 }, (_, i) =>
      i === 0 ? '<!ENTITY lol0 "lol">' : `<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`,
    ).join('');
    const xml = miniErn43({ prolog: `<?xml version="1.0"?><!DOCTYPE ern:NewReleaseMessage [${levels}]>` }).replace(
      '<MessageId>M1</MessageId>',
      '<MessageId>&lol9;</MessageId>',
    );
    const started = performance.now();
    const error = expectReadError(() => readErn(xml), 'ENTITY_DECLARATION');
    expect(performance.now() - started).toBeLessThan(1000);
    expect(error.message).toMatch(/declares entities/);
    expect(error.line).toBe(1);
  });

  it('XXE to file:///etc/passwd: rejected, the file is never read', () => {
    const xml = miniErn43({
      prolog: '<?xml version="1.0"?><!DOCTYPE ern:NewReleaseMessage [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    }).replace('<MessageId>M1</MessageId>', '<MessageId>&xxe;</MessageId>');
    const error = expectReadError(() => readErn(xml), 'ENTITY_DECLARATION');
    expect(error.message).not.toContain('root:');
  });

  it('XXE over the network and parameter entities: rejected, no request is made', () => {
    const general = miniErn43({
      prolog: `<!DOCTYPE ern:NewReleaseMessage [<!ENTITY xxe SYSTEM "${base}/xxe">]>`,
    }).replace('<MessageId>M1</MessageId>', '<MessageId>&xxe;</MessageId>');
    expectReadError(() => readErn(general), 'ENTITY_DECLARATION');
    const parameter = miniErn43({
      prolog: `<!DOCTYPE ern:NewReleaseMessage [<!ENTITY % remote SYSTEM "${base}/dtd"> %remote;]>`,
    });
    expectReadError(() => readErn(parameter), 'ENTITY_DECLARATION');
    expect(requests).toBe(0);
  });

  it('an external DTD is never loaded: the message reads, the DOCTYPE is reported, no request is made', () => {
    const xml = miniErn43({ prolog: `<?xml version="1.0"?><!DOCTYPE ern:NewReleaseMessage SYSTEM "${base}/ern.dtd">` });
    const result = readErn(xml);
    expect(result.releases).toHaveLength(1);
    expect(result.issues).toContainEqual(expect.objectContaining({ code: 'doctype_ignored' }));
    expect(requests).toBe(0);
  });

  it('a reference to an undeclared entity is an error, not an expansion', () => {
    const xml = miniErn43().replace('<MessageId>M1</MessageId>', '<MessageId>&passwd;</MessageId>');
    expectReadError(() => readErn(xml), 'UNDEFINED_ENTITY');
  });

  it('10,000-deep nesting is rejected with TOO_DEEP, without a stack overflow', () => {
    const depth = 10_000;
    const xml = `${ROOT_OPEN}>${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}</ern:NewReleaseMessage>`;
    const error = expectReadError(() => readErn(xml), 'TOO_DEEP');
    expect(error.message).toMatch(/deeper than 256/);
    // a lower limit applies as given
    expectReadError(() => readErn(miniErn43(), { maxDepth: 4 }), 'TOO_DEEP');
  });

  it('a truncated file is NOT_XML', () => {
    const xml = sample('ern-43/1_Audio.xml');
    expectReadError(() => readErn(xml.slice(0, Math.floor(xml.length / 2))), 'NOT_XML');
  });

  it('text that is not XML, and empty input, are NOT_XML', () => {
    expectReadError(() => readErn('{"id": "rel-1"}'), 'NOT_XML');
    expectReadError(() => readErn('hello'), 'NOT_XML');
    expectReadError(() => readErn(''), 'NOT_XML');
    expectReadError(() => readErn(`${ROOT_OPEN}><a></b></ern:NewReleaseMessage>`), 'NOT_XML');
  });

  it('a wrong namespace or root element is NOT_ERN; another ERN version is UNSUPPORTED_VERSION', () => {
    const e1 = expectReadError(() => readErn(miniErn43({ namespace: 'urn:example:not-ddex' })), 'NOT_ERN');
    expect(e1.message).toContain('urn:example:not-ddex');
    expectReadError(() => readErn('<NewReleaseMessage><MessageHeader/></NewReleaseMessage>'), 'NOT_ERN');
    expectReadError(() => readErn('<ern:CatalogTransferMessage xmlns:ern="http://ddex.net/xml/ern/43"/>'), 'NOT_ERN');
    const e2 = expectReadError(
      () => readErn(miniErn43({ namespace: 'http://ddex.net/xml/ern/41' })),
      'UNSUPPORTED_VERSION',
    );
    expect(e2.message).toContain('http://ddex.net/xml/ern/41');
  });

  it('a 3.8.2 message with a 4.3 namespace (and the reverse) is VERSION_MISMATCH', () => {
    const ern382 = sample('ern-382/1199119911991.xml').replace(
      'http://ddex.net/xml/ern/382',
      'http://ddex.net/xml/ern/43',
    );
    const e = expectReadError(() => readErn(ern382), 'VERSION_MISMATCH');
    expect(e.message).toMatch(/says ERN 4.3.*belongs to ERN 3.8.2/);
    expect(e.xpath).toMatch(/DetailsByTerritory|SoundRecordingId/);
    const ern43 = sample('ern-43/1_Audio.xml').replace('http://ddex.net/xml/ern/43', 'http://ddex.net/xml/ern/382');
    expectReadError(() => readErn(ern43), 'VERSION_MISMATCH');
  });

  it('input over maxBytes is TOO_LARGE before parsing, as text, bytes or a file', () => {
    const xml = miniErn43();
    expectReadError(() => readErn(xml, { maxBytes: 1000 }), 'TOO_LARGE');
    expectReadError(() => readErn(new TextEncoder().encode(xml), { maxBytes: 1000 }), 'TOO_LARGE');
    const file = join(tmpdir(), `ern-reader-${process.pid}.xml`);
    writeFileSync(file, xml);
    return expect(readErnFile(file, { maxBytes: 1000 })).rejects.toMatchObject({ code: 'TOO_LARGE' });
  });

  it('a missing file is READ_FAILED', async () => {
    await expect(readErnFile('/nonexistent/message.xml')).rejects.toMatchObject({ code: 'READ_FAILED' });
  });

  it('errors carry a brand that survives package copies', () => {
    const error = new ErnReadError('NOT_XML', 'x');
    expect(isErnReadError(error)).toBe(true);
    // an error thrown by another copy of the package carries the same global symbol
    expect(isErnReadError({ [Symbol.for('ddex:ErnReadError')]: true })).toBe(true);
    expect(isErnReadError({ code: 'NOT_XML' })).toBe(false);
    expect(isErnReadError(new Error('x'))).toBe(false);
    expect(error.name).toBe('ErnReadError');
  });
});

describe('encodings', () => {
  it('reads UTF-8 bytes with a BOM and UTF-16 bytes', () => {
    const xml = miniErn43();
    const utf8 = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(xml)]);
    expect(readErn(utf8).releases[0]?.metadata.title).toBe('Aurora Over Tromsø');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml.replace('UTF-8', 'UTF-16'), 'utf16le')]);
    expect(readErn(utf16).releases[0]?.metadata.title).toBe('Aurora Over Tromsø');
  });

  it('streams UTF-16 and UTF-8 files, characters split across chunks included', async () => {
    const xml = miniErn43().replaceAll('Aurora Over Tromsø</TitleText>', `${'ø東🎵'.repeat(300_000)}</TitleText>`);
    const dir = join(tmpdir(), `ern-reader-enc-${process.pid}`);
    const utf8 = `${dir}-8.xml`;
    const utf16 = `${dir}-16.xml`;
    writeFileSync(utf8, xml);
    writeFileSync(
      utf16,
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml.replace('UTF-8', 'UTF-16'), 'utf16le')]),
    );
    const expected = readErn(xml).releases[0]?.metadata.title;
    expect(expected).toHaveLength(300_000 * 4);
    expect((await readErnFile(utf8)).releases[0]?.metadata.title).toBe(expected);
    expect((await readErnFile(utf16)).releases[0]?.metadata.title).toBe(expected);
  });
});
