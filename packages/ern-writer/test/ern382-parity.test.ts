import { ReleaseSchema, toIsoDuration } from '@ddex/ern-model';
import { describe, expect, it } from 'vitest';
import { ERN382_FIELD_SUPPORT, ERN382_VERSION, writeErn382 } from '../src/ern382';
import { escapeXml } from '../src/xml/escape';
import { canonicalInput, OPTIONS_382, parsed, type ReleaseJson } from './support/ern382-fixtures';
import { xmllintValidate } from './support/xmllint';

type Def = { type: string; shape?: Record<string, unknown>; innerType?: unknown; element?: unknown; in?: unknown };
const defOf = (schema: unknown) => (schema as { _zod: { def: Def } })._zod.def;

/** Every leaf path of a zod schema, `*` for array items (read from the schema, not a hand list). */
function leaves(schema: unknown, path = ''): string[] {
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'default':
    case 'prefault':
    case 'nullable':
      return leaves(def.innerType, path);
    case 'pipe':
      return leaves(def.in, path);
    case 'array':
      return leaves(def.element, `${path}.*`);
    case 'object':
      return Object.entries(def.shape ?? {}).flatMap(([key, child]) => leaves(child, path ? `${path}.${key}` : key));
    default:
      return [path];
  }
}

/** The values at a `*` path in a value. */
function valuesAt(value: unknown, segments: readonly string[]): unknown[] {
  if (value === undefined || value === null) return [];
  if (segments.length === 0) return [value];
  const [head, ...rest] = segments;
  if (head === '*') return Array.isArray(value) ? value.flatMap((v) => valuesAt(v, rest)) : [];
  return valuesAt((value as Record<string, unknown>)[head as string], rest);
}

const covers = (entry: string, leaf: string) => leaf === entry || leaf.startsWith(`${entry}.`);
const LEAVES = leaves(ReleaseSchema);
const { emitted, unsupported } = ERN382_FIELD_SUPPORT;

/** A release with every field the 3.8.2 message can carry set to a recognisable value. */
function fullRelease(): ReleaseJson {
  const input = canonicalInput();
  const ids = (tag: string) => ({
    isni: '0000000121032683',
    ipi: '00052210040',
    dpid: 'PADPIDA20270101016',
    proprietary: [{ namespace: `ns-${tag}`, value: `pid-${tag}` }],
  });
  const m = input.metadata;
  m.subtitle = 'Release Subtitle';
  m.artists = [{ name: 'Aurora Fields', role: 'MainArtist', ids: ids('release-artist') }];
  m.originalReleaseDate = '2026-11-20';
  m.proprietaryIds = [{ namespace: 'ns-release', value: 'pid-release' }];
  m.keywords = ['aurora', 'arctic'];
  m.marketingComment = 'A marketing comment';
  m.genre = ['Electronic', 'Ambient', 'Downtempo'];
  const t = input.tracks[0];
  t.metadata.subtitle = 'Track Subtitle';
  t.metadata.artists = [{ name: 'Aurora Fields', role: 'MainArtist', ids: ids('track-artist') }];
  t.metadata.contributors = [
    { name: 'Cellist Name', role: 'StudioMusician', instrument: 'Cello', ids: ids('contributor') },
  ];
  t.metadata.writers = [{ name: 'Writer Name', role: 'Composer', ids: ids('writer') }];
  t.metadata.publishers = [{ name: 'Publisher Name', ids: ids('publisher') }];
  t.metadata.pLine = { year: 2025, text: 'Track P Line' };
  t.metadata.genre = ['Track Genre', 'Track Subgenre'];
  t.metadata.language = 'nb';
  t.metadata.iswc = 'T-345.246.800-3';
  t.metadata.workTitle = 'Work Title';
  t.metadata.proprietaryIds = [{ namespace: 'ns-track', value: 'pid-track' }];
  t.metadata.isInstrumental = true;
  t.metadata.recordingDate = '2026-05';
  Object.assign(input.rights, { distributionChannels: ['Rights DSP'], preOrder: true, displayStartDate: '2027-02-20' });
  t.audio = { fileId: 'aud-01', format: 'FLAC', bitrate: 1411, sampleRate: 44100, bitDepth: 16, channels: 2 };
  Object.assign(input.assets.audio[0], { duration: 191, bitrate: 1411, codec: 'FLAC' });
  input.rights.endDate = '2031-12-31';
  input.deals = [
    {
      territories: { included: ['Worldwide'], excluded: ['KP'] },
      startDate: '2027-03-05',
      endDate: '2030-06-30',
      priceCode: 'DEALPRICE',
      commercialModels: ['PayAsYouGoModel'],
      useTypes: ['PermanentDownload'],
      distributionChannels: ['Deal DSP'],
      preOrder: false,
      displayStartDate: '2027-02-21T10:00:00Z',
    },
  ];
  return input;
}

/** How emitted values whose XML form differs from the model's are written. */
const TRANSFORMED: Record<string, (v: unknown) => string> = {
  type: (v) => String(v),
  'tracks.*.metadata.duration': (v) => `<Duration>${toIsoDuration(v as number)}</Duration>`,
  'assets.audio.*.duration': (v) => `<Duration>${toIsoDuration(v as number)}</Duration>`,
  'tracks.*.preview.startTime': (v) => `<StartPoint>${v}</StartPoint>`,
  'tracks.*.preview.duration': (v) => `<Duration>${toIsoDuration(v as number)}</Duration>`,
  'tracks.*.audio.format': (v) =>
    `<AudioCodecType>${(ERN382_VERSION.audioCodecs as Record<string, string>)[v as string]}<`,
  'assets.audio.*.format': (v) =>
    `<AudioCodecType>${(ERN382_VERSION.audioCodecs as Record<string, string>)[v as string]}<`,
  'assets.images.*.format': (v) => `<ImageCodecType>${v}<`,
  'tracks.*.sequenceNumber': () => '<SequenceNumber>1</SequenceNumber>',
  'tracks.*.discNumber': () => '<SequenceNumber>1</SequenceNumber>',
  'metadata.pLine.year': (v) => `<Year>${v}</Year>`,
  'metadata.cLine.year': (v) => `<Year>${v}</Year>`,
  'tracks.*.metadata.pLine.year': (v) => `<Year>${v}</Year>`,
  'tracks.*.metadata.iswc': () => '<ISWC>T3452468003</ISWC>',
  'tracks.*.metadata.language': (v) => `<LanguageOfPerformance>${v}</LanguageOfPerformance>`,
  'tracks.*.metadata.isInstrumental': (v) => `<IsInstrumental>${v}</IsInstrumental>`,
  'rights.preOrder': (v) => `<IsPreOrderDeal>${v}</IsPreOrderDeal>`,
  'deals.*.preOrder': (v) => `<IsPreOrderDeal>${v}</IsPreOrderDeal>`,
  'rights.displayStartDate': (v) => `<ReleaseDisplayStartDate>${v}</ReleaseDisplayStartDate>`,
  'deals.*.displayStartDate': (v) => `<ReleaseDisplayStartDateTime>${v}</ReleaseDisplayStartDateTime>`,
};

describe('ERN 3.8.2 field parity (derived from the model schema)', () => {
  it('covers every leaf of ReleaseSchema: emitted or listed as unsupported', () => {
    const uncovered = LEAVES.filter(
      (leaf) => !emitted.includes(leaf) && !unsupported.some((u) => covers(u.path, leaf)),
    );
    expect(uncovered).toEqual([]);
  });

  it('lists only real fields, each once', () => {
    expect(emitted.filter((e) => !LEAVES.includes(e))).toEqual([]);
    expect(unsupported.filter((u) => !LEAVES.some((leaf) => covers(u.path, leaf))).map((u) => u.path)).toEqual([]);
    expect(emitted.filter((e) => unsupported.some((u) => covers(u.path, e)))).toEqual([]);
    expect(new Set(emitted).size).toBe(emitted.length);
  });

  // two variants: with explicit deals (rights and territories are then not written) and MD5 hashes; without
  // deals and with SHA-256 hashes only (a 3.8.2 File holds one hash)
  const withDeals = parsed(fullRelease());
  const sha = fullRelease();
  sha.deals = undefined;
  delete sha.assets.audio[0].md5;
  sha.assets.audio[0].sha256 = 'c'.repeat(64);
  delete sha.assets.images[0].md5;
  sha.assets.images[0].sha256 = 'd'.repeat(64);
  const variants = [withDeals, parsed(sha)].map((release) => ({ release, xml: writeErn382(release, OPTIONS_382).xml }));

  it('the full releases are valid', () => {
    for (const v of variants) {
      const lint = xmllintValidate(v.xml, '3.8.2');
      expect(lint.valid, lint.output).toBe(true);
    }
  });

  it.each(emitted)('%s reaches the XML', (path) => {
    let seen = 0;
    for (const { release, xml } of variants) {
      if (release.deals !== undefined && /^(rights|territories)\./.test(path)) continue;
      for (const value of valuesAt(release, path.split('.'))) {
        seen++;
        expect(xml).toContain(TRANSFORMED[path]?.(value) ?? escapeXml(String(value)));
      }
    }
    expect(seen, `the full release sets ${path}`).toBeGreaterThan(0);
  });

  it('reports every lossy unsupported field the release holds', () => {
    const input = fullRelease();
    input.metadata.labelIds = { dpid: 'PADPIDA20270101016' };
    input.assets.documents = [{ id: 'doc-1', fileName: 'liner-notes.pdf', type: 'LinerNotes', format: 'PDF' }];
    input.assets.audio[0].sha256 = 'c'.repeat(64);
    input.assets.images[0].sha256 = 'd'.repeat(64);
    const { xml: out, issues } = writeErn382(parsed(input), OPTIONS_382);
    const reported = issues.filter((i) => i.code === 'unsupported_field').map((i) => i.path);
    expect(reported).toEqual(
      expect.arrayContaining([
        'metadata.labelIds',
        'assets.documents.0',
        'assets.audio.0.size',
        'assets.audio.0.sha256',
        'assets.images.0.sha256',
      ]),
    );
    expect(out).not.toContain('liner-notes.pdf');
    expect(out).not.toContain('c'.repeat(64));
  });
});
