import { parseIsoDuration } from '@ddex/ern-model';
import type { XmlElement } from '../xml/element';
import type { LineDraft } from './draft';

/** A number from element text, undefined when absent or not a finite number. */
export function num(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

/** Seconds from an ISO 8601 duration (`PT3M11S`), or a plain number of seconds. */
export function seconds(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  return parseIsoDuration(text) ?? num(text);
}

/** True for `true`/`1` (xs:boolean). */
export function bool(text: string | undefined): boolean | undefined {
  if (text === undefined) return undefined;
  return text === 'true' || text === '1';
}

/** A P or C line: `Year` and `PLineText`/`CLineText`; the year is taken from the text when not given. */
export function line(el: XmlElement | undefined, textName: 'PLineText' | 'CLineText'): LineDraft | undefined {
  if (el === undefined) return undefined;
  const text = el.raw1(textName);
  if (text === undefined) return undefined;
  const year = num(el.text1('Year')) ?? num(/\b(1[0-9]{3}|2[0-9]{3})\b/.exec(text)?.[1]);
  return year === undefined ? { text } : { year, text };
}

/** The date part (YYYY-MM-DD) of a date or date-time. */
export function datePart(value: string | undefined): string | undefined {
  const m = value === undefined ? null : /^\d{4}-\d{2}-\d{2}/.exec(value);
  return m?.[0];
}

/**
 * The element meant for everyone among language or territory variants: the one marked `IsDefault="true"`, else
 * one without `LanguageAndScriptCode` whose territory (if any) is Worldwide, else the first. The others stay
 * unread and are reported.
 */
export function pickDefault(elements: readonly XmlElement[]): XmlElement | undefined {
  return elements.find(isMarkedDefault) ?? elements.find(isPlain) ?? elements[0];
}

// module functions, not closures: pickDefault runs for every resource
function isMarkedDefault(e: XmlElement): boolean {
  return e.attr('IsDefault') === 'true';
}

function isPlain(e: XmlElement): boolean {
  const t = e.attr('ApplicableTerritoryCode');
  return e.attr('LanguageAndScriptCode') === undefined && (t === undefined || t === 'Worldwide');
}

/** Among the children called `name`, the default one (see {@link pickDefault}), marked read; the rest stay unread. */
export function defaultChild(el: XmlElement, name: string): XmlElement | undefined {
  // most elements have one child of a name: find it without building a list
  if (el.count(name) <= 1) return el.child(name);
  const chosen = pickDefault(el.peekAll(name));
  if (chosen) chosen.used = true;
  return chosen;
}

const FORMAT_BY_EXTENSION: Record<string, string> = {
  wav: 'WAV',
  flac: 'FLAC',
  mp3: 'MP3',
  aac: 'AAC',
  m4a: 'AAC',
  alac: 'ALAC',
  aif: 'AIFF',
  aiff: 'AIFF',
  ogg: 'OGG',
  opus: 'OPUS',
  wma: 'WMA',
  jpg: 'JPEG',
  jpeg: 'JPEG',
  png: 'PNG',
  gif: 'GIF',
  tif: 'TIFF',
  tiff: 'TIFF',
  bmp: 'BMP',
  webp: 'WEBP',
  mp4: 'MP4',
  m4v: 'MP4',
  mov: 'MOV',
  mpg: 'MPEG',
  mpeg: 'MPEG',
  avi: 'AVI',
  mkv: 'MKV',
  webm: 'WEBM',
  mxf: 'MXF',
  pdf: 'PDF',
  txt: 'TXT',
};

const FORMAT_BY_CODEC: Record<string, string> = {
  // the model's own format names
  MQA: 'MQA',
  MPEG: 'MPEG',
  AVI: 'AVI',
  MKV: 'MKV',
  WEBM: 'WEBM',
  MXF: 'MXF',
  OPUS: 'OPUS',
  'Windows Media Audio': 'WMA',
  Matroska: 'MKV',
  QuickTime: 'MOV',
  PCM: 'WAV',
  WAV: 'WAV',
  FLAC: 'FLAC',
  MP3: 'MP3',
  'MPEG-1 Layer 3': 'MP3',
  AAC: 'AAC',
  'AAC-LC': 'AAC',
  ALAC: 'ALAC',
  AIFF: 'AIFF',
  OGG: 'OGG',
  'Ogg Vorbis': 'OGG',
  Vorbis: 'OGG',
  Opus: 'OPUS',
  WMA: 'WMA',
  JPEG: 'JPEG',
  JPG: 'JPEG',
  PNG: 'PNG',
  GIF: 'GIF',
  TIFF: 'TIFF',
  BMP: 'BMP',
  WEBP: 'WEBP',
  MP4: 'MP4',
  'H.264': 'MP4',
  H264: 'MP4',
  MPEG4: 'MP4',
  'MPEG-4': 'MP4',
  MOV: 'MOV',
  MPEG2: 'MPEG',
  'MPEG-2': 'MPEG',
  ProRes: 'PRORES',
  PRORES: 'PRORES',
};

const byCodec = (codec: string | undefined) =>
  codec === undefined ? undefined : (FORMAT_BY_CODEC[codec] ?? FORMAT_BY_CODEC[codec.toUpperCase()]);

// codecs that do not tell the file format (PCM is WAV or AIFF): the extension decides
const AMBIGUOUS_CODECS = new Set(['PCM']);

/**
 * A file format the model knows: from the container format, else a codec that names one format, else the file
 * name's extension, else an ambiguous codec (PCM → WAV).
 */
export function formatOf(
  fileName: string,
  container: string | undefined,
  ...codecs: (string | undefined)[]
): string | undefined {
  const fromContainer = byCodec(container);
  if (fromContainer !== undefined) return fromContainer;
  for (const codec of codecs) {
    if (codec !== undefined && AMBIGUOUS_CODECS.has(codec.toUpperCase())) continue;
    const f = byCodec(codec);
    if (f !== undefined) return f;
  }
  const ext = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase();
  const fromExtension = ext === undefined ? undefined : FORMAT_BY_EXTENSION[ext];
  if (fromExtension !== undefined) return fromExtension;
  for (const codec of codecs) {
    const f = byCodec(codec);
    if (f !== undefined) return f;
  }
  return undefined;
}

/** Hz from a SamplingRate value and its UnitOfMeasure (Hz by default; kHz is converted). */
export function hertz(el: XmlElement | undefined): number | undefined {
  const v = num(el?.text.trim());
  if (v === undefined) return undefined;
  const unit = el?.attr('UnitOfMeasure')?.toLowerCase();
  // some senders write 44100 with UnitOfMeasure="kHz": a value of 1000 or more is taken as Hz
  if ((unit === 'khz' || unit === undefined) && v < 1000) return Math.round(v * 1000);
  if (unit === 'mhz') return Math.round(v * 1_000_000);
  return Math.round(v);
}

/** kbit/s from a BitRate value and its UnitOfMeasure (kbps by default). */
export function kbps(el: XmlElement | undefined): number | undefined {
  const v = num(el?.text.trim());
  if (v === undefined) return undefined;
  const unit = el?.attr('UnitOfMeasure')?.toLowerCase();
  if (unit === 'bps') return Math.round(v / 1000);
  if (unit === 'mbps') return Math.round(v * 1000);
  if (unit === 'gbps') return Math.round(v * 1_000_000);
  return Math.round(v);
}

/** The value of an AVS-coded element: its text, or its `UserDefinedValue` when the text is `UserDefined`. */
export function coded(el: XmlElement | undefined): string | undefined {
  if (el === undefined) return undefined;
  const text = el.text.trim();
  if (text === 'UserDefined') return el.attr('UserDefinedValue') ?? text;
  return text === '' ? undefined : text;
}
