import type { AudioAsset, ImageAsset, VideoAsset } from '@ddex/ern-model/values';
import type { XmlWriter } from '../xml/xml-writer';
import type { AvsValue, IssueLog } from './issues';
import { avsAttributes } from './issues';

/** The model's audio formats → ERN 4 AudioCodecType (values outside the version's AVS become UserDefined). */
export const AUDIO_CODECS: Readonly<Record<string, string>> = {
  WAV: 'PCM',
  AIFF: 'PCM',
  FLAC: 'FLAC',
  MP3: 'MP3',
  AAC: 'AAC',
  ALAC: 'ALAC',
  OGG: 'Vorbis',
  OPUS: 'Opus',
  WMA: 'WMA',
  MQA: 'MQA',
};

/** The model's audio formats whose container ERN 4.3 names in DeliveryFile/ContainerFormat. */
export const AUDIO_CONTAINERS: Readonly<Record<string, string>> = { WAV: 'WAV', AIFF: 'AIFF', OGG: 'Ogg', OPUS: 'Ogg' };

/** The model's image formats → ImageCodecType. */
export const IMAGE_CODECS: Readonly<Record<string, string>> = {
  JPEG: 'JPEG',
  PNG: 'PNG',
  GIF: 'GIF',
  TIFF: 'TIFF',
  BMP: 'BMP',
  WEBP: 'WebP',
};

/** The model's video formats → ContainerFormat. */
export const VIDEO_CONTAINERS: Readonly<Record<string, string>> = {
  MP4: 'MP4',
  MOV: 'QuickTime',
  AVI: 'AVI',
  MPEG: 'MPEG',
  MKV: 'Matroska',
  WEBM: 'WebM',
  MXF: 'MXF',
  PRORES: 'QuickTime',
};

/** Resolved technical facts of an audio file (track values win over the asset's). */
export interface AudioTechnical {
  readonly codec: AvsValue | undefined;
  readonly container: AvsValue | undefined;
  readonly bitrate: number | undefined;
  readonly sampleRate: number | undefined;
  readonly bitDepth: number | undefined;
  readonly channels: number | undefined;
}

/** Resolves the audio codec and the numbers of a track's file. */
export function audioTechnical(
  asset: AudioAsset,
  track:
    | {
        format?: string | undefined;
        bitrate?: number | undefined;
        sampleRate?: number | undefined;
        bitDepth?: number | undefined;
        channels?: number | undefined;
      }
    | undefined,
  path: string,
  log: IssueLog,
  withContainer: boolean,
): AudioTechnical {
  const format = track?.format ?? asset.format;
  let codec: AvsValue | undefined;
  if (asset.codec !== undefined) codec = log.avs('AudioCodecType', asset.codec, path, '.codec');
  else {
    const mapped = AUDIO_CODECS[format];
    if (mapped !== undefined) codec = log.avs('AudioCodecType', mapped, path, '.format');
  }
  const containerName = withContainer ? AUDIO_CONTAINERS[format] : undefined;
  return {
    codec,
    container: containerName === undefined ? undefined : log.avs('ContainerFormat', containerName, path, '.format'),
    bitrate: track?.bitrate ?? asset.bitrate,
    sampleRate: track?.sampleRate ?? asset.sampleRate,
    bitDepth: track?.bitDepth ?? asset.bitDepth,
    channels: track?.channels ?? asset.channels,
  };
}

/** Writes an element holding an allowed value (or UserDefined). */
export function avsLeaf(x: XmlWriter, name: string, v: AvsValue | undefined): void {
  if (v !== undefined) x.leafSafe(name, v.value, avsAttributes(v));
}

/** Writes `File`: URI, HashSum (MD5, else SHA-256) and FileSize. A second hash cannot be carried: issue. */
export function writeFile(
  x: XmlWriter,
  asset: AudioAsset | ImageAsset | VideoAsset,
  path: string,
  log: IssueLog,
): void {
  x.open('File');
  x.leaf('URI', asset.fileName);
  if (asset.md5 !== undefined || asset.sha256 !== undefined) {
    x.open('HashSum');
    x.leafSafe('Algorithm', asset.md5 !== undefined ? 'MD5' : 'SHA-256');
    x.leaf('HashSumValue', asset.md5 ?? asset.sha256);
    x.close();
    if (asset.md5 !== undefined && asset.sha256 !== undefined) {
      log.add(
        'unsupported_field',
        `${path}.sha256`,
        `File carries one HashSum in ERN ${log.version}: the MD5 was written, the SHA-256 left out.`,
      );
    }
  }
  x.leaf('FileSize', asset.size);
  x.close();
}

/** Image technical details (the same in ERN 4.2 and 4.3). */
export function writeImageTechnicalDetails(
  x: XmlWriter,
  asset: ImageAsset,
  ref: string,
  path: string,
  log: IssueLog,
): void {
  x.open('TechnicalDetails');
  x.leafSafe('TechnicalResourceDetailsReference', ref);
  const codec = IMAGE_CODECS[asset.format];
  if (codec !== undefined) avsLeaf(x, 'ImageCodecType', log.avs('ImageCodecType', codec, path, '.format'));
  if (asset.height !== undefined) x.leaf('ImageHeight', asset.height, PIXEL);
  if (asset.width !== undefined) x.leaf('ImageWidth', asset.width, PIXEL);
  writeFile(x, asset, path, log);
  x.close();
}

/** `UnitOfMeasure` of image and video dimensions. */
export const PIXEL = { UnitOfMeasure: 'Pixel' } as const;
/** `UnitOfMeasure` of bit rates (the model's bitrate is kbit/s). */
export const KBPS = { UnitOfMeasure: 'kbps' } as const;
/** `UnitOfMeasure` of sampling rates. */
export const HZ = { UnitOfMeasure: 'Hz' } as const;
