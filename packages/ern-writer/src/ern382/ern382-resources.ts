import { type Artist, type Contributor, type Publisher, toIsoDuration, type Writer } from '@ddex/ern-model/values';
import type { Ern382Context } from './ern382-context';
import {
  trackArtists,
  writeDisplayArtist,
  writeGenres,
  writeIndirectContributor,
  writeParentalWarning,
  writePLine,
  writeReferenceTitle,
  writeResourceContributor,
  writeTitles,
  writeWorldwide,
} from './ern382-parts';
import type { Ern382Plan, PlannedImage, PlannedTrack } from './ern382-plan';

const HZ = { UnitOfMeasure: 'Hz' } as const;
const KBPS = { UnitOfMeasure: 'kbps' } as const;
const PIXEL = { UnitOfMeasure: 'Pixel' } as const;
const MUSICAL_WORK_TITLE = { TitleType: 'MusicalWorkTitle' } as const;
const LANGUAGE_PRIMARY = /^([a-zA-Z]{2,3})(?:-|$)/;

/** A number as `xs:decimal` (never exponent notation), rounded to milliseconds. */
function decimal(n: number): string {
  const rounded = Math.round(n * 1000) / 1000;
  const s = String(rounded);
  return s.includes('e') ? rounded.toFixed(3) : s;
}

/** `<LanguageOfPerformance>` for a BCP 47 tag whose language is an ERN 3.8.2 IsoLanguageCode. */
export function writeLanguageOfPerformance(ctx: Ern382Context, tag: string | undefined, path: string): void {
  if (tag === undefined) return;
  const code = LANGUAGE_PRIMARY.exec(tag)?.[1]?.toLowerCase();
  if (code !== undefined && ctx.allowed('IsoLanguageCode').has(code)) {
    ctx.xml.leaf('LanguageOfPerformance', code);
    if (code !== tag)
      ctx.issue(
        'value_changed',
        path,
        `Language "${tag}" was written as "${code}": ERN 3.8.2 LanguageOfPerformance holds an ISO 639 code only.`,
      );
    return;
  }
  ctx.issue(
    'value_not_in_avs',
    path,
    `Language "${tag}" is not an ERN 3.8.2 IsoLanguageCode; LanguageOfPerformance was left out.`,
  );
}

/** One `<SoundRecording>` for a track. */
export function writeSoundRecording(ctx: Ern382Context, plan: Ern382Plan, t: PlannedTrack): void {
  const x = ctx.xml;
  const { track, path } = t;
  const meta = track.metadata;
  const release = plan.release;
  ctx.path = path;
  x.open('SoundRecording');
  x.leaf('SoundRecordingType', 'MusicalWorkSoundRecording');
  x.open('SoundRecordingId').leaf('ISRC', track.isrc);
  if (meta.proprietaryIds)
    for (const p of meta.proprietaryIds) x.leaf('ProprietaryId', p.value, { Namespace: p.namespace });
  x.close();
  if (meta.iswc !== undefined) x.open('IndirectSoundRecordingId').leaf('ISWC', meta.iswc).close();
  x.leaf('ResourceReference', t.resourceRef);
  writeReferenceTitle(ctx, meta.title, meta.subtitle);
  x.leafSafe('IsInstrumental', meta.isInstrumental);
  if (meta.language !== undefined) writeLanguageOfPerformance(ctx, meta.language, `${path}.metadata.language`);
  x.leaf('Duration', toIsoDuration(meta.duration));
  x.leafSafe('CreationDate', meta.recordingDate);

  x.open('SoundRecordingDetailsByTerritory');
  writeWorldwide(ctx);
  writeTitles(ctx, meta.title, meta.subtitle);
  if (meta.workTitle !== undefined) x.open('Title', MUSICAL_WORK_TITLE).leaf('TitleText', meta.workTitle).close();
  const artists = trackArtists(meta);
  const artistsPath = meta.artists && meta.artists.length > 0 ? t.artistsPath : t.contributorsPath;
  for (let i = 0; i < artists.length; i++) writeDisplayArtist(ctx, artists[i] as Artist, i, artistsPath);
  const { contributors, writers, publishers } = meta;
  for (let i = 0; i < contributors.length; i++)
    writeResourceContributor(ctx, contributors[i] as Contributor, i, t.contributorsPath);
  let n = 0;
  for (let i = 0; i < writers.length; i++) {
    const w = writers[i] as Writer;
    writeIndirectContributor(ctx, w, w.role, ++n, t.writersPath, i);
  }
  for (let i = 0; i < publishers.length; i++) {
    writeIndirectContributor(ctx, publishers[i] as Publisher, 'MusicPublisher', ++n, t.publishersPath, i);
  }
  x.leaf('DisplayArtistName', meta.displayArtist);
  x.leaf('LabelName', release.metadata.label);
  writePLine(ctx, meta.pLine ?? release.metadata.pLine);
  writeGenres(ctx, meta.genre ?? release.metadata.genre);
  writeParentalWarning(ctx, meta.parentalWarning, t.parentalWarningPath);
  writeAudioDetails(ctx, t);
  writePreviewDetails(ctx, t);
  x.close();
  x.close();
}

function writeAudioDetails(ctx: Ern382Context, t: PlannedTrack): void {
  const audio = t.track.audio;
  const asset = t.audio;
  if (audio === undefined && asset === undefined) return;
  const x = ctx.xml;
  // the format names a container (WAV, AIFF, Ogg) or, for the others, the codec itself; an explicit codec wins
  const format = audio?.format ?? asset?.format;
  const formatPath = audio?.format !== undefined ? `${t.path}.audio` : (t.audioPath as string);
  const container = format === undefined ? undefined : (ctx.version.audioContainers as Record<string, string>)[format];
  const formatCodec = format === undefined ? undefined : (ctx.version.audioCodecs as Record<string, string>)[format];
  x.open('TechnicalSoundRecordingDetails');
  x.leaf('TechnicalResourceDetailsReference', t.techRef);
  if (container !== undefined)
    ctx.codedLeaf('ContainerFormat', 'ContainerFormat', container, formatPath, undefined, 'format');
  if (asset?.codec !== undefined) {
    ctx.codedLeaf('AudioCodecType', 'AudioCodecType', asset.codec, t.audioPath as string, undefined, 'codec');
    if (container === undefined && formatCodec !== undefined && formatCodec !== asset.codec) {
      ctx.unsupported(
        `${formatPath}.format`,
        `the format ${format} names the codec ${formatCodec}, but AudioCodecType holds the asset's codec ${asset.codec}`,
      );
    }
  } else if (formatCodec !== undefined) {
    ctx.codedLeaf('AudioCodecType', 'AudioCodecType', formatCodec, formatPath, undefined, 'format');
  }
  const bitrate = audio?.bitrate ?? asset?.bitrate;
  if (bitrate !== undefined) x.leaf('BitRate', bitrate, KBPS);
  x.leaf('NumberOfChannels', audio?.channels ?? asset?.channels);
  const sampleRate = audio?.sampleRate ?? asset?.sampleRate;
  if (sampleRate !== undefined) x.leaf('SamplingRate', sampleRate, HZ);
  x.leaf('BitsPerSample', audio?.bitDepth ?? asset?.bitDepth);
  if (asset?.duration !== undefined) x.leaf('Duration', toIsoDuration(asset.duration));
  if (asset !== undefined) writeFile(ctx, asset, t.audioPath as string);
  x.close();
}

function writePreviewDetails(ctx: Ern382Context, t: PlannedTrack): void {
  const preview = t.track.preview;
  if (preview === undefined) return;
  const x = ctx.xml;
  x.open('TechnicalSoundRecordingDetails');
  x.leaf('TechnicalResourceDetailsReference', t.previewRef);
  x.leaf('IsPreview', true);
  x.open('PreviewDetails');
  x.leaf('StartPoint', decimal(preview.startTime));
  x.leaf('EndPoint', decimal(preview.startTime + preview.duration));
  x.leaf('Duration', toIsoDuration(preview.duration));
  // no preview file is delivered: the DSP cuts the clip from the full recording as instructed
  x.leaf('ExpressionType', 'Instructive');
  x.close();
  x.close();
}

/** `<File>` with FileName and one HashSum (MD5 preferred, else SHA-256). */
function writeFile(
  ctx: Ern382Context,
  file: { fileName: string; md5?: string | undefined; sha256?: string | undefined; size?: number | undefined },
  path: string,
): void {
  const x = ctx.xml;
  x.open('File').leaf('FileName', file.fileName);
  if (file.md5 !== undefined) {
    x.open('HashSum').leaf('HashSum', file.md5).leaf('HashSumAlgorithmType', 'MD5').close();
    if (file.sha256 !== undefined)
      ctx.unsupported(`${path}.sha256`, 'a 3.8.2 File holds one HashSum, and the MD5 was written');
  } else if (file.sha256 !== undefined) {
    x.open('HashSum').leaf('HashSum', file.sha256).leaf('HashSumAlgorithmType', 'SHA-256').close();
  }
  x.close();
  if (file.size !== undefined) ctx.unsupported(`${path}.size`, 'a 3.8.2 File has no file size');
}

/** One `<Image>`. */
export function writeImage(ctx: Ern382Context, plan: Ern382Plan, p: PlannedImage): void {
  const x = ctx.xml;
  const { image, path } = p;
  ctx.path = path;
  x.open('Image');
  ctx.codedLeaf('ImageType', 'ImageType', image.type, path, undefined, 'type');
  x.open('ImageId').leaf('ProprietaryId', image.id, { Namespace: plan.senderNamespace }).close();
  x.leaf('ResourceReference', p.resourceRef);
  x.open('ImageDetailsByTerritory');
  writeWorldwide(ctx);
  x.open('TechnicalImageDetails');
  x.leaf('TechnicalResourceDetailsReference', p.techRef);
  const codec = (ctx.version.imageCodecs as Record<string, string>)[image.format] ?? image.format;
  ctx.codedLeaf('ImageCodecType', 'ImageCodecType', codec, path, undefined, 'format');
  if (image.height !== undefined) x.leaf('ImageHeight', image.height, PIXEL);
  if (image.width !== undefined) x.leaf('ImageWidth', image.width, PIXEL);
  writeFile(ctx, image, path);
  x.close();
  x.close();
  x.close();
}

/** The `<ResourceList>`: sound recordings in disc and sequence order, then images. */
export function writeResourceList(ctx: Ern382Context, plan: Ern382Plan): void {
  ctx.xml.open('ResourceList');
  for (const t of plan.tracks) writeSoundRecording(ctx, plan, t);
  for (const img of plan.images) writeImage(ctx, plan, img);
  ctx.xml.close();
}
