import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as libxml2 from 'libxml2-wasm';
import { xmlRegisterFsInputProviders } from 'libxml2-wasm/lib/nodejs.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateErn } from '../src/validate';
import { XML_PARSE, XML_PARSE_FLAG } from '../src/validate/parse-options';
import { withSchemaFiles } from '../src/validate/schema-input';
import { SCHEMA_DIR } from './support/ddex-paths';
import { readSamples } from './support/samples';

const schemaDir = SCHEMA_DIR;
const MARKER = 'TOP-SECRET-7f3a9c';
const temp = mkdtempSync(join(tmpdir(), 'ern-validate-sec-'));
const secretFile = join(temp, 'secret.txt');
writeFileSync(secretFile, MARKER);

// a real local HTTP server: any request it gets means the validator went to the network
let server: Server;
let base: string;
const requests: string[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    res.end(`<!ENTITY leak "${MARKER}">`);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((done) => server.close(done));
  rmSync(temp, { recursive: true, force: true });
});

const sample = readSamples('valid').find((s) => s.name === 'ern-43/1_Audio.xml')!;
const body = sample.xml.replace(/^<\?xml[^>]*>\s*/, '');

function ern(doctype: string, entity = '&x;'): string {
  // the entity goes where the sample has the sender's name, so an expansion would be schema-valid text
  const withRef = body.replace(
    /<PartyName>\s*<FullName>[^<]*<\/FullName>/,
    `<PartyName><FullName>${entity}</FullName>`,
  );
  expect(withRef).not.toBe(body);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${doctype}\n${withRef}`;
}

function utf16(xml: string): Uint8Array {
  const text = `\uFEFF${xml.replace('encoding="UTF-8"', 'encoding="UTF-16"')}`;
  const bytes = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    bytes[2 * i] = text.charCodeAt(i) & 0xff;
    bytes[2 * i + 1] = text.charCodeAt(i) >> 8;
  }
  return bytes;
}

const attacks = {
  'external file entity': () => ern(`<!DOCTYPE ern:NewReleaseMessage [<!ENTITY x SYSTEM "file://${secretFile}">]>`),
  '/etc/passwd entity': () => ern('<!DOCTYPE ern:NewReleaseMessage [<!ENTITY x SYSTEM "file:///etc/passwd">]>'),
  'external parameter entity': () =>
    ern(`<!DOCTYPE ern:NewReleaseMessage [<!ENTITY % p SYSTEM "file://${secretFile}"> %p;]>`, 'x'),
  'network DTD': () => ern(`<!DOCTYPE ern:NewReleaseMessage SYSTEM "${base}/dtd">`, 'x'),
  'network entity': () => ern(`<!DOCTYPE ern:NewReleaseMessage [<!ENTITY x SYSTEM "${base}/entity">]>`),
  'network parameter entity': () =>
    ern(`<!DOCTYPE ern:NewReleaseMessage [<!ENTITY % p SYSTEM "${base}/pe"> %p;]>`, '&leak;'),
  'billion laughs': () => {
    const levels = ['<!ENTITY l0 "lol">'];
    for (let i = 1; i <= 9; i++) levels.push(`<!ENTITY l${i} "${`&l${i - 1};`.repeat(10)}">`);
    return ern(`<!DOCTYPE ern:NewReleaseMessage [${levels.join('')}]>`, '&l9;');
  },
};

describe('DTDs and entities are never loaded or expanded', () => {
  for (const [name, make] of Object.entries(attacks)) {
    for (const encoding of ['utf-8 text', 'utf-16 bytes'] as const) {
      it(`${name} (${encoding})`, async () => {
        const xml = make();
        const started = performance.now();
        const result = await validateErn(encoding === 'utf-8 text' ? xml : utf16(xml), { schemaDir });
        expect(performance.now() - started).toBeLessThan(5_000);
        expect(result.valid).toBe(false);
        expect(result.errors.length).toBeGreaterThan(0);
        const output = JSON.stringify(result);
        expect(output).not.toContain(MARKER);
        expect(output).not.toContain('root:x:0:0');
        expect(output).not.toContain('lollollol');
        expect(requests).toEqual([]);
        // refused by the pre-scan, before libxml2 sees it, at the DOCTYPE's line
        expect(result.errors).toEqual([expect.objectContaining({ code: 'doctype_forbidden', line: 2 })]);
        expect(result.version).toBe('4.3');
      });
    }
  }

  it('ignores a remote xsi:schemaLocation in the message', async () => {
    const xml = sample.xml.replace(
      /xsi:schemaLocation="[^"]*"/,
      `xsi:schemaLocation="http://ddex.net/xml/ern/43 ${base}/x.xsd"`,
    );
    expect(xml).toContain(base);
    expect((await validateErn(xml, { schemaDir })).valid).toBe(true);
    expect(requests).toEqual([]);
  });

  it('while a schema compiles, libxml2 may read only its listed files: other files and URLs are refused', () => {
    const xsd = (ns: string, imports = '') =>
      `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="${ns}">${imports}<xs:element name="e"/></xs:schema>`;
    const listed = join(temp, 'listed.xsd');
    const unlisted = join(temp, 'unlisted.xsd');
    writeFileSync(listed, xsd('urn:listed'));
    writeFileSync(unlisted, xsd('urn:unlisted'));
    const imports = [
      '<xs:import namespace="urn:listed" schemaLocation="listed.xsd"/>',
      '<xs:import namespace="urn:unlisted" schemaLocation="unlisted.xsd"/>',
      `<xs:import namespace="urn:net" schemaLocation="${base}/net.xsd"/>`,
    ].join('');
    const doc = libxml2.XmlDocument.fromString(xsd('urn:main', imports), {
      url: join(temp, 'main.xsd'),
      option: XML_PARSE.schema,
    });
    try {
      const reads = withSchemaFiles(libxml2, [listed], (progress) => {
        // libxml2 only warns about an import it cannot read, so the schema still compiles
        libxml2.XsdValidator.fromDoc(doc).dispose();
        return progress;
      });
      expect(reads).toEqual({ served: [listed], refused: [unlisted, `${base}/net.xsd`] });
    } finally {
      doc.dispose();
    }
    expect(requests).toEqual([]);
  });

  // last: it registers libxml2-wasm's file reader for the rest of this file
  it('libxml2 itself is run with options that neither load nor expand (second line of defence)', async () => {
    // libxml2 can now read any local file: only the parse options stand in the way
    expect(xmlRegisterFsInputProviders()).toBe(true);
    const parse = (xml: string, option: number) => {
      try {
        const doc = libxml2.XmlDocument.fromString(xml, { option, encoding: 'utf-8' });
        try {
          return doc.toString();
        } finally {
          doc.dispose();
        }
      } catch (error) {
        return `${String(error)} ${JSON.stringify((error as { details?: unknown }).details)}`;
      }
    };
    for (const [name, make] of Object.entries(attacks)) {
      const text = parse(make(), XML_PARSE.message);
      expect(text, name).not.toContain(MARKER);
      expect(text, name).not.toContain('root:x:0:0');
      expect(text, name).not.toContain('lollollol');
      const output = JSON.stringify(await validateErn(make(), { schemaDir }));
      expect(output, name).not.toContain(MARKER);
      expect(output, name).not.toContain('root:x:0:0');
    }
    expect(requests).toEqual([]);
    // and the same document does leak when entity substitution is turned on, so the check above can fail
    expect(parse(attacks['external file entity'](), XML_PARSE_FLAG.NOENT)).toContain(MARKER);
  });

  it('the attacks would leak without the safeguards (the server and file are reachable)', async () => {
    const res = await fetch(`${base}/probe`);
    expect(await res.text()).toContain(MARKER);
    expect(requests.splice(0)).toEqual(['/probe']);
  });
});
