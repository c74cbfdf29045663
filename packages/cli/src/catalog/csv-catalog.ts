import type { ImportRecord } from '@ddex/catalog-store';
import type { Release } from '@ddex/ern-model';
import type { CsvRecord } from './csv';

type Kind = 'text' | 'number' | 'list' | 'parties';
/** One CSV column: its name, whether it is per release or per track, and the JSON path it maps to. */
interface Column {
  name: string;
  level: 'release' | 'track';
  path: string;
  kind: Kind;
}

const col = (name: string, level: Column['level'], path: string, kind: Kind = 'text'): Column => ({
  name,
  level,
  path,
  kind,
});

/**
 * The CSV columns, in order: one row per track, the release columns repeated on each row of the release (rows of a
 * release are consecutive). Lists are `|`-separated; contributors and writers are `Role:Name|Role:Name`. The
 * README of the CLI documents each column.
 */
export const CSV_COLUMNS: readonly Column[] = [
  col('release_id', 'release', 'id'),
  col('upc', 'release', 'metadata.barcode'),
  col('grid', 'release', 'metadata.grid'),
  col('catalog_number', 'release', 'metadata.catalogNumber'),
  col('release_type', 'release', 'type'),
  col('status', 'release', 'status'),
  col('title', 'release', 'metadata.title'),
  col('subtitle', 'release', 'metadata.subtitle'),
  col('display_artist', 'release', 'metadata.displayArtist'),
  col('label', 'release', 'metadata.label'),
  col('release_date', 'release', 'metadata.releaseDate'),
  col('original_release_date', 'release', 'metadata.originalReleaseDate'),
  col('genres', 'release', 'metadata.genre', 'list'),
  col('language', 'release', 'metadata.language'),
  col('parental_warning', 'release', 'metadata.parentalWarning'),
  col('p_line_year', 'release', 'metadata.pLine.year', 'number'),
  col('p_line_text', 'release', 'metadata.pLine.text'),
  col('c_line_year', 'release', 'metadata.cLine.year', 'number'),
  col('c_line_text', 'release', 'metadata.cLine.text'),
  col('territories', 'release', 'territories.included', 'list'),
  col('excluded_territories', 'release', 'territories.excluded', 'list'),
  col('rights_start_date', 'release', 'rights.startDate'),
  col('rights_end_date', 'release', 'rights.endDate'),
  col('price_code', 'release', 'rights.priceCode'),
  col('commercial_models', 'release', 'rights.commercialModels', 'list'),
  col('use_types', 'release', 'rights.useTypes', 'list'),
  col('ern_version', 'release', 'ddex.version'),
  col('disc_number', 'track', 'discNumber', 'number'),
  col('track_number', 'track', 'sequenceNumber', 'number'),
  col('track_id', 'track', 'id'),
  col('isrc', 'track', 'isrc'),
  col('track_title', 'track', 'metadata.title'),
  col('track_subtitle', 'track', 'metadata.subtitle'),
  col('track_display_artist', 'track', 'metadata.displayArtist'),
  col('duration', 'track', 'metadata.duration', 'number'),
  col('track_parental_warning', 'track', 'metadata.parentalWarning'),
  col('iswc', 'track', 'metadata.iswc'),
  col('contributors', 'track', 'metadata.contributors', 'parties'),
  col('writers', 'track', 'metadata.writers', 'parties'),
  col('publishers', 'track', 'metadata.publishers', 'parties'),
  col('audio_file_id', 'track', 'audio.fileId'),
  col('audio_file_name', 'track', '#audioFileName'),
  col('audio_format', 'track', 'audio.format'),
];

/** The header line's column names. */
export const CSV_HEADER = CSV_COLUMNS.map((c) => c.name);

type Obj = Record<string, unknown>;

function getPath(obj: unknown, path: string): unknown {
  let v: unknown = obj;
  for (const k of path.split('.')) v = v && typeof v === 'object' ? (v as Obj)[k] : undefined;
  return v;
}

function setPath(obj: Obj, path: string, value: unknown): void {
  const keys = path.split('.');
  let o = obj;
  for (const k of keys.slice(0, -1)) {
    o[k] ??= {};
    o = o[k] as Obj;
  }
  o[keys.at(-1)!] = value;
}

function format(value: unknown, kind: Kind): string {
  if (value === undefined || value === null) return '';
  if (kind === 'list') return Array.isArray(value) ? value.join('|') : String(value);
  if (kind === 'parties') {
    if (!Array.isArray(value)) return '';
    return (value as { name: string; role?: string }[]).map((p) => (p.role ? `${p.role}:${p.name}` : p.name)).join('|');
  }
  return String(value);
}

function parse(text: string, kind: Kind): unknown {
  if (kind === 'number') return /^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : text;
  if (kind === 'list') return text.split('|').map((s) => s.trim());
  if (kind === 'parties') {
    return text.split('|').map((p) => {
      const colon = p.indexOf(':');
      return colon < 0 ? { name: p.trim() } : { role: p.slice(0, colon).trim(), name: p.slice(colon + 1).trim() };
    });
  }
  return text;
}

/** The CSV rows of a release, one per track (a release without tracks gets one row of release columns). */
export function releaseToCsvRows(release: Release): string[][] {
  const audio = new Map((release.assets?.audio ?? []).map((a) => [a.id, a]));
  const tracks = release.tracks.length > 0 ? release.tracks : [undefined];
  return tracks.map((track) =>
    CSV_COLUMNS.map((c) => {
      if (c.level === 'release') return format(getPath(release, c.path), c.kind);
      if (!track) return '';
      if (c.path === '#audioFileName') return track.audio ? (audio.get(track.audio.fileId)?.fileName ?? '') : '';
      if (c.path === 'audio.format')
        return format(track.audio?.format ?? audio.get(track.audio?.fileId ?? '')?.format, 'text');
      return format(getPath(track, c.path), c.kind);
    }),
  );
}

/**
 * Groups CSV records (after the header) into import records, one per release: consecutive rows with the same
 * `release_id`. The release columns come from the release's first row; a release whose rows are not together, an
 * unknown column or a row without `release_id` are reported on their rows.
 */
export async function* csvImportRecords(
  records: AsyncIterable<CsvRecord>,
  name: string,
  split: ReadonlySet<string> = new Set(),
): AsyncGenerator<ImportRecord> {
  let header: string[] | undefined;
  let rows: CsvRecord[] = [];
  const seen = new Set<string>(split);
  const idAt = (r: CsvRecord) => (r.fields[header!.indexOf('release_id')] ?? '').trim();
  const group = (): ImportRecord => toRecord(header!, rows, name, seen);
  for await (const record of records) {
    if (!header) {
      header = record.fields.map((f) => f.trim());
      const unknown = header.filter((h) => !CSV_HEADER.includes(h));
      const missing = ['release_id'].filter((h) => !header!.includes(h));
      if (unknown.length > 0 || missing.length > 0) {
        yield {
          ref: `${name}:1`,
          value: undefined,
          issues: [
            {
              ref: `${name}:1`,
              field: [...unknown, ...missing].join(', '),
              code: 'bad_header',
              message: `${unknown.length ? `unknown column(s) ${unknown.join(', ')}` : ''}${unknown.length && missing.length ? '; ' : ''}${missing.length ? `missing column(s) ${missing.join(', ')}` : ''}; the columns are ${CSV_HEADER.join(', ')}`,
            },
          ],
        };
        return;
      }
      continue;
    }
    if (rows.length > 0 && idAt(record) !== idAt(rows[0]!)) {
      yield group();
      rows = [];
    }
    rows.push(record);
  }
  if (header && rows.length > 0) yield group();
}

/**
 * First pass over a CSV file: the release ids whose rows are not consecutive. Their rows are all rejected, rather
 * than importing the first group as the whole release. Keeps only ids in memory.
 */
export async function splitReleaseIds(records: AsyncIterable<CsvRecord>): Promise<Set<string>> {
  const seen = new Set<string>();
  const split = new Set<string>();
  let column = -1;
  let previous: string | undefined;
  for await (const record of records) {
    if (column < 0) {
      column = record.fields.findIndex((f) => f.trim() === 'release_id');
      if (column < 0) return split;
      continue;
    }
    const id = (record.fields[column] ?? '').trim();
    if (id === previous) continue;
    if (seen.has(id)) split.add(id);
    seen.add(id);
    previous = id;
  }
  return split;
}

function toRecord(header: string[], rows: CsvRecord[], name: string, seen: Set<string>): ImportRecord {
  const first = rows[0]!;
  const last = rows.at(-1)!;
  const ref = `${name}:${first.line === last.line ? first.line : `${first.line}-${last.line}`}`;
  const cell = (r: CsvRecord, column: string) => {
    const i = header.indexOf(column);
    return i < 0 ? '' : (r.fields[i] ?? '').trim();
  };
  const id = cell(first, 'release_id');
  if (id === '') {
    return {
      ref,
      value: undefined,
      issues: [
        { ref: `${name}:${first.line}`, field: 'release_id', code: 'required', message: 'release_id is required.' },
      ],
    };
  }
  if (seen.has(id)) {
    return {
      ref,
      value: { id },
      issues: [
        {
          ref,
          field: 'release_id',
          code: 'not_together',
          message: `the rows of release ${id} must be consecutive; other rows of it are elsewhere in the file.`,
        },
      ],
    };
  }
  seen.add(id);
  const release: Obj = { tracks: [], assets: { audio: [], images: [], videos: [], documents: [] } };
  for (const c of CSV_COLUMNS) {
    const text = cell(first, c.name);
    if (c.level === 'release' && text !== '') setPath(release, c.path, parse(text, c.kind));
  }
  const audio = (release.assets as { audio: Obj[] }).audio;
  for (const row of rows) {
    const track: Obj = { metadata: {} };
    for (const c of CSV_COLUMNS) {
      const text = cell(row, c.name);
      if (c.level !== 'track' || text === '' || c.path === '#audioFileName') continue;
      setPath(track, c.path, parse(text, c.kind));
    }
    const fileId = getPath(track, 'audio.fileId');
    if (typeof fileId === 'string') {
      audio.push({
        id: fileId,
        fileName: cell(row, 'audio_file_name') || fileId,
        format: getPath(track, 'audio.format'),
      });
    }
    (release.tracks as Obj[]).push(track);
  }
  // issue paths back to rows and columns: tracks.3.isrc is the fourth row's isrc
  const locate = (path: string) => {
    const m = /^tracks\.(\d+)\.(.*)$/.exec(path);
    const row = m ? (rows[Number(m[1])] ?? first) : first;
    const rest = m ? m[2]! : path;
    const column = CSV_COLUMNS.find(
      (c) => c.level === (m ? 'track' : 'release') && (rest === c.path || rest.startsWith(`${c.path}.`)),
    );
    return { ref: `${name}:${row.line}`, field: column?.name ?? path };
  };
  return { ref, value: release, locate };
}

/**
 * Merges a CSV record into the stored release: the CSV's columns win; what CSV has no column for (deals, images,
 * display artists with roles, party ids, proprietary ids, previews, asset checksums and storage keys) is kept.
 * Tracks are matched on track id, then ISRC.
 */
export function mergeCsvRelease(stored: Release, incoming: Release): Release {
  const storedAudio = new Map((stored.assets?.audio ?? []).map((a) => [a.id, a]));
  const incomingAudio = incoming.assets?.audio ?? [];
  const audio = [
    ...(stored.assets?.audio ?? []).map((a) => ({ ...a, ...incomingAudio.find((b) => b.id === a.id) })),
    ...incomingAudio.filter((b) => !storedAudio.has(b.id)),
  ];
  return {
    ...stored,
    ...incoming,
    metadata: { ...stored.metadata, ...incoming.metadata },
    rights: { ...stored.rights, ...incoming.rights },
    ddex: { ...stored.ddex, ...incoming.ddex },
    ...(stored.deals && { deals: stored.deals }),
    assets: { ...stored.assets, audio },
    tracks: incoming.tracks.map((t) => {
      const old = stored.tracks.find((o) => o.id === t.id) ?? stored.tracks.find((o) => o.isrc === t.isrc);
      if (!old) return t;
      return {
        ...old,
        ...t,
        metadata: { ...old.metadata, ...t.metadata },
        ...(old.audio || t.audio ? { audio: { ...old.audio, ...t.audio } as NonNullable<typeof t.audio> } : {}),
      };
    }),
  };
}
