import { ReleaseSchema } from '@ddex/ern-model';
import { t } from '../i18n';
import { errorsUnder, type FieldErrors, zodErrors } from '../validation';

/** A contributor of a track. */
export interface DraftContributor {
  name: string;
  role: string;
}
/** A track as the wizard edits it. */
export interface DraftTrack {
  id: string;
  title: string;
  displayArtist: string;
  isrc: string;
  duration?: number;
  explicit: boolean;
  contributors: DraftContributor[];
  audioFileId?: string;
}
/** The asset record the server wrote after probing an upload (as in the release's `assets`). */
export interface ProbedRecord {
  id: string;
  fileName: string;
  format: string;
  size?: number;
  md5?: string;
  sha256?: string;
  storageKey?: string;
  codec?: string;
  sampleRate?: number;
  bitDepth?: number;
  channels?: number;
  duration?: number;
  bitrate?: number;
  type?: string;
  width?: number;
  height?: number;
}
/** A file the user added: its name and size, the upload's state, and the server's probe once it is stored. */
export interface DraftFile {
  id: string;
  fileName: string;
  size: number;
  kind: 'audio' | 'image';
  /** queued → uploading → done, or failed (with `problem`) */
  state: 'uploading' | 'done' | 'failed';
  /** bytes the server has confirmed */
  received: number;
  /** the reason the file is refused (the server's probe, or the extension) */
  problem?: string;
  /** a rule the file breaks that does not block (e.g. cover size) */
  warning?: string;
  /** the track the audio belongs to */
  trackId?: string;
  /** audio: the asset record it fills, declared in the release before the upload (one per track) */
  assetId?: string;
  /** the probed record, once uploaded */
  record?: ProbedRecord;
  /** images: the colour space the probe found (`srgb`, `cmyk`, `b-w`…) */
  colorSpace?: string;
}
/** Everything the wizard collects; {@link toRelease} turns it into the API's release document. */
export interface Draft {
  id: string;
  type: 'Single' | 'EP' | 'Album' | 'Compilation';
  title: string;
  displayArtist: string;
  label: string;
  catalogNumber: string;
  barcode: string;
  releaseDate: string;
  originalReleaseDate: string;
  tracks: DraftTrack[];
  files: DraftFile[];
  genre: string;
  subgenre: string;
  language: string;
  parentalWarning: 'Explicit' | 'NotExplicit' | '';
  cYear: string;
  cText: string;
  pYear: string;
  pText: string;
  worldwide: boolean;
  included: string[];
  excluded: string[];
  startDate: string;
  endDate: string;
  ernVersion: '4.3' | '4.2' | '3.8.2';
}

/** DDEX contributor roles offered in the track editor. */
export const CONTRIBUTOR_ROLES = [
  'MainArtist',
  'FeaturedArtist',
  'Producer',
  'MixingEngineer',
  'MasteringEngineer',
  'Composer',
  'Lyricist',
  'Arranger',
  'Remixer',
] as const;

/** An empty draft with today's dates. */
export function emptyDraft(): Draft {
  const today = new Date().toISOString().slice(0, 10);
  return {
    id: `rel-${Date.now().toString(36)}`,
    type: 'Single',
    title: '',
    displayArtist: '',
    label: '',
    catalogNumber: '',
    barcode: '',
    releaseDate: today,
    originalReleaseDate: '',
    tracks: [],
    files: [],
    genre: '',
    subgenre: '',
    language: 'en',
    parentalWarning: 'NotExplicit',
    cYear: today.slice(0, 4),
    cText: '',
    pYear: today.slice(0, 4),
    pText: '',
    worldwide: true,
    included: [],
    excluded: [],
    startDate: today,
    endDate: '',
    ernVersion: '4.3',
  };
}

const AUDIO_FORMATS: Record<string, string> = { flac: 'FLAC', wav: 'WAV', mp3: 'MP3' };
/** The model's audio format for a file name's extension. */
export function audioFormatOf(fileName: string): string {
  return AUDIO_FORMATS[fileName.toLowerCase().split('.').pop() ?? ''] ?? 'FLAC';
}
/** The asset id a track's audio fills: stable, so a replacement upload fills the same record. */
export const audioAssetId = (trackId: string) => `A-${trackId}`.slice(0, 100);

const opt = (v: string) => (v.trim() === '' ? undefined : v.trim());

/** The release document for the API (the JSON import format). */
export function toRelease(d: Draft): Record<string, unknown> {
  // audio is declared (id, name, format) while it uploads, so the release can be saved with every track's file;
  // the server's probe then fills the record in
  const audio = d.files
    .filter((f) => f.kind === 'audio' && !f.problem && f.assetId)
    .map((f) => f.record ?? { id: f.assetId!, fileName: f.fileName, format: audioFormatOf(f.fileName) });
  const images = d.files.filter((f) => f.kind === 'image' && f.state === 'done' && f.record).map((f) => f.record!);
  return {
    id: d.id,
    type: d.type,
    status: 'draft',
    metadata: {
      title: d.title,
      displayArtist: d.displayArtist,
      label: d.label,
      releaseDate: d.releaseDate,
      originalReleaseDate: opt(d.originalReleaseDate),
      catalogNumber: opt(d.catalogNumber),
      barcode: opt(d.barcode),
      genre: [d.genre, d.subgenre].map((g) => g.trim()).filter(Boolean),
      language: opt(d.language),
      parentalWarning: d.parentalWarning || undefined,
      cLine: d.cText ? { year: Number(d.cYear), text: d.cText } : undefined,
      pLine: d.pText ? { year: Number(d.pYear), text: d.pText } : undefined,
    },
    tracks: d.tracks.map((tr, i) => {
      const file = audio.find((f) => f.id === tr.audioFileId);
      const probed = file && { fileId: file.id, format: file.format, sampleRate: file.sampleRate };
      const more = file && { bitDepth: file.bitDepth, channels: file.channels };
      return {
        id: tr.id,
        sequenceNumber: i + 1,
        discNumber: 1,
        isrc: tr.isrc,
        metadata: {
          title: tr.title,
          displayArtist: opt(tr.displayArtist) ?? d.displayArtist,
          duration: tr.duration ?? file?.duration,
          parentalWarning: tr.explicit ? 'Explicit' : 'NotExplicit',
          contributors: tr.contributors
            .filter((c) => c.name.trim())
            .map((c) => ({ name: c.name.trim(), role: c.role })),
        },
        ...(file ? { audio: { ...probed, ...more } } : {}),
      };
    }),
    assets: {
      audio,
      images: images.map((f) => ({ ...f, type: f.type ?? 'FrontCoverImage' })),
      videos: [],
      documents: [],
    },
    territories: { included: d.worldwide ? ['Worldwide'] : d.included, excluded: d.excluded },
    rights: { startDate: d.startDate, endDate: opt(d.endDate) },
    ddex: { version: d.ernVersion },
  };
}

/** Field paths each step owns, so a step shows and blocks on its own messages only. */
export const STEP_FIELDS: Record<string, string[]> = {
  basic: [
    'id',
    'type',
    'metadata.title',
    'metadata.displayArtist',
    'metadata.label',
    'metadata.catalogNumber',
    'metadata.barcode',
    'metadata.releaseDate',
    'metadata.originalReleaseDate',
  ],
  tracks: ['tracks'],
  assets: ['assets'],
  metadata: ['metadata.genre', 'metadata.language', 'metadata.parentalWarning', 'metadata.cLine', 'metadata.pLine'],
  territories: ['territories', 'rights'],
  review: [],
};

/** The wizard's steps in order. */
// Metadata comes before files: the API only stores a complete release, and files are uploaded into that release.
export const STEPS = ['basic', 'tracks', 'metadata', 'assets', 'territories', 'review'] as const;
/** A step. */
export type Step = (typeof STEPS)[number];

/** Messages of the release schema (the API's), plus the wizard's own checks, limited to one step's fields. */
export function stepErrors(d: Draft, step: Step): FieldErrors {
  const all = zodErrors(ReleaseSchema, toRelease(d));
  if (step === 'tracks' && d.tracks.length === 0) all.tracks = t('wizard.needTrack');
  if (step === 'assets') {
    for (const f of d.files) {
      if (f.problem) all[`assets.${f.id}`] = f.problem;
      else if (f.state === 'uploading') all[`assets.${f.id}`] = t('upload.pending', { file: f.fileName });
    }
    d.tracks.forEach((tr, i) => {
      const stored = d.files.some((f) => f.state === 'done' && f.assetId && f.assetId === tr.audioFileId);
      if (!stored) all[`assets.track${i}`] = t('upload.trackNeedsAudio', { n: i + 1, title: tr.title });
    });
  }
  if (step === 'territories' && !d.worldwide && d.included.length === 0)
    all['territories.included'] = t('territory.needOne');
  if (step === 'territories' && d.endDate && d.startDate && d.endDate < d.startDate)
    all['rights.endDate'] = t('wizard.endBeforeStart');
  return errorsUnder(all, STEP_FIELDS[step] ?? []);
}

/** A release document as the API returns it (the parts the wizard reads). */
// biome-ignore lint/suspicious/noExplicitAny: documents of the API, merged field by field
type AnyRecord = Record<string, any>;

/** The draft of a stored release, for editing it in the wizard (every stored file counts as uploaded). */
export function fromRelease(release: AnyRecord): Draft {
  const m = release.metadata ?? {};
  const tracks = [...(release.tracks ?? [])].sort(
    (a: AnyRecord, b: AnyRecord) => (a.discNumber ?? 1) - (b.discNumber ?? 1) || a.sequenceNumber - b.sequenceNumber,
  );
  const included: string[] = release.territories?.included ?? ['Worldwide'];
  const worldwide = included.includes('Worldwide');
  const stored = (record: AnyRecord, kind: 'audio' | 'image'): DraftFile => ({
    id: `f-${record.id}`,
    fileName: record.fileName,
    size: record.size ?? 0,
    kind,
    state: 'done',
    received: record.size ?? 0,
    record: record as ProbedRecord,
    ...(kind === 'audio'
      ? { assetId: record.id, trackId: tracks.find((t: AnyRecord) => t.audio?.fileId === record.id)?.id }
      : {}),
  });
  return {
    id: release.id,
    type: release.type,
    title: m.title ?? '',
    displayArtist: m.displayArtist ?? '',
    label: m.label ?? '',
    catalogNumber: m.catalogNumber ?? '',
    barcode: m.barcode ?? '',
    releaseDate: m.releaseDate ?? '',
    originalReleaseDate: m.originalReleaseDate ?? '',
    tracks: tracks.map((t: AnyRecord) => ({
      id: t.id,
      title: t.metadata?.title ?? '',
      displayArtist:
        t.metadata?.displayArtist && t.metadata.displayArtist !== m.displayArtist ? t.metadata.displayArtist : '',
      isrc: t.isrc ?? '',
      duration: t.metadata?.duration,
      explicit: t.metadata?.parentalWarning === 'Explicit',
      contributors: (t.metadata?.contributors ?? []).map((c: AnyRecord) => ({ name: c.name, role: c.role })),
      audioFileId: t.audio?.fileId,
    })),
    files: [
      ...(release.assets?.audio ?? []).map((a: AnyRecord) => stored(a, 'audio')),
      ...(release.assets?.images ?? []).map((i: AnyRecord) => stored(i, 'image')),
    ],
    genre: m.genre?.[0] ?? '',
    subgenre: m.genre?.[1] ?? '',
    language: m.language ?? '',
    parentalWarning: m.parentalWarning ?? '',
    cYear: m.cLine ? String(m.cLine.year) : new Date().toISOString().slice(0, 4),
    cText: m.cLine?.text ?? '',
    pYear: m.pLine ? String(m.pLine.year) : new Date().toISOString().slice(0, 4),
    pText: m.pLine?.text ?? '',
    worldwide,
    included: worldwide ? [] : included,
    excluded: release.territories?.excluded ?? [],
    startDate: release.rights?.startDate ?? '',
    endDate: release.rights?.endDate ?? '',
    ernVersion: release.ddex?.version ?? '4.3',
  };
}

/**
 * The wizard's edit laid over the stored release: fields the wizard does not show (deals, localized titles, other
 * genres' ids, videos, a contributor's ids…) are kept, its status and each track's disc stay as they were, and a
 * field the user cleared is cleared.
 */
export function mergeRelease(base: AnyRecord, edited: AnyRecord): AnyRecord {
  const discs = new Map<number, number>();
  const tracks = (edited.tracks as AnyRecord[]).map((t) => {
    const before = (base.tracks as AnyRecord[] | undefined)?.find((b) => b.id === t.id);
    const disc = before?.discNumber ?? 1;
    const sequenceNumber = (discs.get(disc) ?? 0) + 1;
    discs.set(disc, sequenceNumber);
    if (!before) return { ...t, discNumber: disc, sequenceNumber };
    return {
      ...before,
      ...t,
      discNumber: disc,
      sequenceNumber,
      metadata: { ...before.metadata, ...t.metadata },
      ...(t.audio || before.audio ? { audio: { ...before.audio, ...t.audio } } : {}),
    };
  });
  return {
    ...base,
    ...edited,
    status: base.status ?? edited.status,
    metadata: {
      ...base.metadata,
      ...edited.metadata,
      // the wizard edits the first two genres and keeps the rest
      genre: [...edited.metadata.genre, ...((base.metadata?.genre as string[] | undefined)?.slice(2) ?? [])],
    },
    tracks,
    assets: { ...base.assets, audio: edited.assets.audio, images: edited.assets.images },
    rights: { ...base.rights, ...edited.rights },
    ddex: { ...base.ddex, ...edited.ddex },
  };
}

/** The wizard step that owns a field path of the release (`tracks.1.isrc` → tracks), for "fix" links. */
export function stepOfPath(path: string): Step {
  if (path.startsWith('tracks')) return 'tracks';
  if (/^(territories|rights|deals)/.test(path)) return 'territories';
  if (path.startsWith('assets')) return 'assets';
  const metadata = STEP_FIELDS.metadata ?? [];
  if (metadata.some((p) => path === p || path.startsWith(`${p}.`)) || /genre|language|cLine|pLine|parental/.test(path))
    return 'metadata';
  return 'basic';
}
