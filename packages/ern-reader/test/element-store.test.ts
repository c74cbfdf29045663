import { describe, expect, it } from 'vitest';
import { readErn } from '../src';
import type { XmlElement } from '../src/xml/element';
import { createXmlTreeBuilder, parseXml } from '../src/xml/parse-xml';
import { bigMessage } from './support/big-message';
import { miniErn43 } from './support/mini';

// The tree is held in flat arrays (ElementStore) and seen through handles; these tests hold the parts the parser
// parity and round-trip tests pass over: handles, growing arrays, and arrays handed from one read to the next.
const LIMITS = { maxBytes: 100_000_000, maxDepth: 64 };

function shape(el: XmlElement): unknown {
  return [el.qname, el.uri, el.attributes, el.text, el.used, el.children.map(shape)];
}

describe('the element store', () => {
  it('gives handles that read and mark one element: compared with is(), not ===', () => {
    const { root } = parseXml('<R><A k="1">a</A><B/><A>c</A></R>', LIMITS);
    const first = root.child('A');
    const again = root.peek('A');
    expect(first?.is(again)).toBe(true);
    expect(first === again).toBe(false);
    expect(again?.used).toBe(true); // marked through the other handle
    expect(first?.is(root.peekAll('A')[1])).toBe(false);
    expect(root.peekAll('A').map((a) => a.used)).toEqual([true, false]); // peekAll marks nothing
    expect([root.childCount, root.count('A'), root.count('C')]).toEqual([3, 2, 0]);
    expect(root.children[2]?.xpath).toBe('/R/A[2]');
    expect(first?.parent?.is(root)).toBe(true);
    expect(root.parent).toBeUndefined();
    expect(first?.attributes).toEqual(['k', '1']);
  });

  it('marks a whole subtree read with useAll, and nothing beyond it', () => {
    const { root } = parseXml('<R><A><B><C/></B><D/></A><E/></R>', LIMITS);
    root.child('A')?.child('B')?.useAll();
    const used = (el: XmlElement): unknown => [el.name, el.used, el.children.map(used)];
    expect(used(root)).toEqual([
      'R',
      false,
      [
        [
          'A',
          true,
          [
            ['B', true, [['C', true, []]]],
            ['D', false, []],
          ],
        ],
        ['E', false, []],
      ],
    ]);
  });

  it('grows past its first estimate: 40,000 self-closing elements, scanned and streamed', () => {
    // half a `<` per element is the estimate; self-closing elements have one each
    const xml = `<R>${'<a x="1"/>'.repeat(40_000)}<b>end</b></R>`;
    const builder = createXmlTreeBuilder(LIMITS); // starts with room for 1,024 elements
    builder.write(xml);
    for (const { root } of [parseXml(xml, LIMITS), builder.close()]) {
      expect(root.childCount).toBe(40_001);
      expect(root.peekAll('a')[39_999]?.attr('x')).toBe('1');
      expect(root.text1('b')).toBe('end');
      expect(root.child('b')?.xpath).toBe('/R/b');
    }
  });

  it('builds the same tree from a 1 MB message scanned and streamed in chunks', () => {
    const { xml } = bigMessage(1);
    const builder = createXmlTreeBuilder(LIMITS);
    for (let at = 0; at < xml.length; at += 65_536) builder.write(xml.slice(at, at + 65_536));
    expect(shape(builder.close().root)).toEqual(shape(parseXml(xml, LIMITS).root));
  });

  it('reads the same after its arrays served a larger and a smaller message', () => {
    const small = miniErn43();
    const { xml: large } = bigMessage(1);
    const first = JSON.stringify(readErn(small));
    const firstLarge = JSON.stringify(readErn(large, { trackReleases: false }));
    expect(JSON.stringify(readErn(small))).toBe(first);
    expect(JSON.stringify(readErn(large, { trackReleases: false }))).toBe(firstLarge);
    expect(JSON.stringify(readErn(small))).toBe(first);
  });
});
