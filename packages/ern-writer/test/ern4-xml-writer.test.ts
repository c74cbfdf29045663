import { describe, expect, it } from 'vitest';
import { escapeXml, escapeXmlAttribute, hasForbiddenXmlChars, stripForbiddenXmlChars } from '../src/xml/escape';
import { XmlWriter } from '../src/xml/xml-writer';
import { xpathValues } from './support/parse-xml';

// The streaming serializer the ERN writers build on: escaping, forbidden characters, well-formedness.
describe('XmlWriter', () => {
  it('writes indented, well-formed XML with escaped texts and attributes', () => {
    const x = new XmlWriter();
    x.open('root', { a: 'x "y" & <z>\ttab\nline', skipped: undefined, n: 3 });
    x.leaf('text', `a & b < c > d " e ' f\r\n`).leaf('num', 42).leaf('flag', true).leaf('none', undefined);
    x.empty('empty', { k: 'v' }).leafSafe('safe', 'A1').close();
    const xml = x.toString();
    expect(xml).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<root a="x &quot;y&quot; &amp; &lt;z&gt;&#9;tab&#10;line" n="3">',
        `  <text>a &amp; b &lt; c &gt; d &quot; e ' f&#13;\n</text>`,
        '  <num>42</num>',
        '  <flag>true</flag>',
        '  <empty k="v"/>',
        '  <safe>A1</safe>',
        '</root>',
        '',
      ].join('\n'),
    );
    expect(xpathValues(xml, '/root/@a')).toEqual(['x "y" & <z>\ttab\nline']);
    expect(xpathValues(xml, '//text')).toEqual([`a & b < c > d " e ' f\r\n`]);
  });

  it('drops characters XML 1.0 cannot carry and tells the hook', () => {
    const seen: [string, string][] = [];
    const x = new XmlWriter({ declaration: false, onForbiddenChar: (element, text) => seen.push([element, text]) });
    x.open('r', { at: 'a\u0001b' }).leaf('t', 'x\u0000y\uFFFEz\uD800!').leaf('ok', '😀 paired surrogates').close();
    expect(x.toString()).toBe('<r at="ab">\n  <t>xyz!</t>\n  <ok>😀 paired surrogates</ok>\n</r>\n');
    expect(seen).toEqual([
      ['r', 'a\u0001b'],
      ['t', 'x\u0000y\uFFFEz\uD800!'],
    ]);
  });

  it('refuses to close what is not open and to finish with open elements', () => {
    expect(() => new XmlWriter().close()).toThrow(/without an open element/);
    expect(() => new XmlWriter().open('a').toString()).toThrow(/unclosed <a>/);
  });
});

describe('escape helpers', () => {
  it('escape, detect and strip', () => {
    expect(escapeXml('plain')).toBe('plain');
    expect(escapeXml('<&>"\r')).toBe('&lt;&amp;&gt;&quot;&#13;');
    expect(escapeXmlAttribute('\t\n"')).toBe('&#9;&#10;&quot;');
    expect(hasForbiddenXmlChars('ok\t\n\r😀')).toBe(false);
    expect(hasForbiddenXmlChars('\uDC00 lone low surrogate')).toBe(true);
    expect(stripForbiddenXmlChars('a\u0008b\uFFFFc')).toBe('abc');
  });
});
