import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '@vue/compiler-sfc';
import { describe, expect, it } from 'vitest';
import { de } from '../../src/i18n/de';
import { en } from '../../src/i18n/en';

// Every user-visible string is in the catalogue, and the second locale has every key with the same placeholders;
// no alert()/confirm() and no component left unused.
const SRC = join(import.meta.dirname, '../../src');
// technical tokens that read the same in every language
const ALLOWED = new Set([
  'ERN 4.3',
  'ERN 4.2',
  'ERN 3.8.2',
  'n',
  'Esc',
  'DSP',
  'KiB',
  'ms',
  'ISRC',
  'info',
  'warn',
  'error',
]);
const TEXT_ATTRS = new Set(['title', 'placeholder', 'aria-label', 'alt', 'label']);

function vueFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? vueFiles(join(dir, e.name)) : e.name.endsWith('.vue') ? [join(dir, e.name)] : [],
  );
}
type Node = {
  type: number;
  content?: string;
  children?: Node[];
  props?: { type: number; name: string; value?: { content: string } }[];
};

describe('i18n', () => {
  it('German has every English key, with the same {placeholders}', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    expect(Object.keys(de).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of Object.entries(en)) {
      expect(placeholders(de[key as keyof typeof de]), key).toEqual(placeholders(text));
      expect(de[key as keyof typeof de].trim(), key).not.toBe('');
    }
  });

  it('no template has text or a text attribute outside the catalogue', () => {
    const found: string[] = [];
    for (const file of vueFiles(SRC)) {
      const { descriptor } = parse(readFileSync(file, 'utf8'));
      const visit = (node: Node) => {
        const text = node.type === 2 && typeof node.content === 'string' ? node.content.trim() : '';
        if (node.type === 2 && /\p{L}/u.test(text) && !ALLOWED.has(text)) found.push(`${file}: ${text}`);
        for (const p of node.props ?? []) {
          const value = p.value?.content ?? '';
          if (p.type === 6 && TEXT_ATTRS.has(p.name) && /\p{L}/u.test(value) && !ALLOWED.has(value))
            found.push(`${file}: ${p.name}="${value}"`);
        }
        for (const child of node.children ?? []) visit(child);
      };
      if (descriptor.template) visit(descriptor.template.ast as unknown as Node);
    }
    expect(found).toEqual([]);
  });
});

describe('the source', () => {
  const sources = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? sources(join(dir, e.name)) : /\.(vue|ts)$/.test(e.name) ? [join(dir, e.name)] : [],
    );
  const all = sources(SRC).map((file) => ({ file, text: readFileSync(file, 'utf8') }));

  it('uses no alert(), confirm() or prompt(): dialogs and toasts instead', () => {
    const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|\s)\/\/.*$/gm, '');
    const calls = all
      .filter(({ text }) => /\b(window\.)?(alert|confirm|prompt)\s*\(/.test(code(text)))
      .map((x) => x.file);
    expect(calls).toEqual([]);
  });

  it('leaves no component unused', () => {
    const components = vueFiles(SRC).filter((f) => !f.endsWith('App.vue'));
    const unused = components.filter((file) => {
      const name = file.split('/').pop()!;
      return !all.some((x) => x.file !== file && x.text.includes(`/${name}'`));
    });
    expect(unused).toEqual([]);
  });
});
