import { describe, expect, it } from 'vitest';
import { isErnReadError } from '../src';
import { parseXml } from '../src/xml/parse-xml';

const LIMITS = { maxBytes: 1_000_000, maxDepth: 64 };

function codeOf(xml: string): string | undefined {
  try {
    parseXml(xml, LIMITS);
    return undefined;
  } catch (error) {
    return isErnReadError(error) ? error.code : 'other';
  }
}

describe('the element tree', () => {
  it('resolves namespaces itself: prefixed and default, redeclared below the root', () => {
    const { root } = parseXml(
      `<ern:M xmlns:ern="urn:ern" xmlns:x="urn:x"><A><x:B x:kind="k">t</x:B></A><C xmlns="urn:c"><D/></C><A/></ern:M>`,
      LIMITS,
    );
    expect([root.name, root.qname, root.uri]).toEqual(['M', 'ern:M', 'urn:ern']);
    const [a1, c, a2] = root.children;
    expect(a1?.uri).toBe('');
    expect(a1?.children[0]).toMatchObject({ name: 'B', qname: 'x:B', uri: 'urn:x', text: 't' });
    expect(a1?.children[0]?.attr('x:kind')).toBe('k');
    expect(c?.uri).toBe('urn:c');
    expect(c?.children[0]?.uri).toBe('urn:c');
    expect(a2?.xpath).toBe('/ern:M/A[2]');
    expect(c?.children[0]?.xpath).toBe('/ern:M/C/D');
  });

  it('keeps the text of leaves only, and the read flag apart from the line', () => {
    const { root } = parseXml('<R>\n  <A>one</A>\n  <B><![CDATA[<two>]]></B>\n</R>', LIMITS);
    expect(root.text).toBe('');
    expect(root.children.map((c) => c.text)).toEqual(['one', '<two>']);
    const b = root.children[1];
    expect(b?.line).toBe(3);
    expect(b?.used).toBe(false);
    if (b) b.used = true;
    expect([b?.used, b?.line]).toEqual([true, 3]);
  });

  it('gives every element the line of its start tag, counted only when asked', () => {
    const lines = ['<R>', '  <A>', '    <B/><C x="1"', '    />', '  </A>', '', '  <D>d</D>', '</R>'];
    const { root } = parseXml(lines.join('\r\n'), LIMITS);
    const [a, d] = root.children;
    expect([root.line, a?.line, a?.children[0]?.line, a?.children[1]?.line, d?.line]).toEqual([1, 2, 3, 3, 7]);
    // asked again, in any order
    expect([d?.line, root.line]).toEqual([7, 1]);
  });

  it('refuses unbound or malformed prefixes as NOT_XML', () => {
    expect(codeOf('<ern:M/>')).toBe('NOT_XML');
    expect(codeOf('<M><p:A/></M>')).toBe('NOT_XML');
    expect(codeOf('<M q:attr="1"/>')).toBe('NOT_XML');
    expect(codeOf('<M xmlns:p=""><p:A/></M>')).toBe('NOT_XML');
    expect(codeOf('<M xmlns:p="urn:p"><p:A:B/></M>')).toBe('NOT_XML');
    expect(codeOf('<M xmlns:p="urn:p" xml:lang="en"><p:A/></M>')).toBeUndefined();
  });
});
