import { toIsoDuration } from '@ddex/ern-model/values';
import type { XmlWriter } from '../xml/xml-writer';
import type { Ern4Version } from './allowed-values';
import { writePLine, writeResourceId, writeVideoFields } from './composites';
import type { Ern4Context } from './context';
import { Ern42Writer } from './ern42-writer';
import type { PlannedTrack } from './plan';
import { audioTechnical, avsLeaf, HZ, KBPS, writeFile } from './technical';

/**
 * The ERN 4.3 writer: the 4.2 visitor with the hooks 4.3 changed (its `AvsVersionId` root attribute comes from the
 * version facts): the
 * mandatory SoundRecordingEdition/VideoEdition (ResourceId, PLine and TechnicalDetails move into it), DeliveryFile
 * inside TechnicalDetails, and ClipDetails instead of PreviewDetails.
 */
export class Ern43Writer extends Ern42Writer {
  override readonly version: Ern4Version = '4.3';

  /** SoundRecordingEdition / VideoEdition: ResourceId, PLine, TechnicalDetails. */
  protected override writeTrackEdition(x: XmlWriter, ctx: Ern4Context, t: PlannedTrack): void {
    x.open(t.kind === 'audio' ? 'SoundRecordingEdition' : 'VideoEdition');
    writeResourceId(x, t);
    writePLine(x, t.track.metadata.pLine);
    if (t.kind === 'audio') this.writeAudioTechnicalDetails(x, ctx, t);
    else this.writeVideoTechnicalDetails(x, ctx, t);
    x.close();
  }

  /** The P line is in the edition in 4.3. */
  protected override writeTrackLines(): void {}

  /** The technical details are in the edition in 4.3. */
  protected override writeTrackTechnical(): void {}

  /** TechnicalDetails with an AudioFile DeliveryFile and a Preview clip. */
  protected override writeAudioTechnicalDetails(x: XmlWriter, ctx: Ern4Context, t: PlannedTrack): void {
    const asset = t.audio;
    if (asset === undefined) return;
    const path = t.assetPath;
    const tech = audioTechnical(asset, t.track.audio, path, ctx.log, true);
    x.open('TechnicalDetails').leafSafe('TechnicalResourceDetailsReference', t.technicalRef);
    x.open('DeliveryFile').leafSafe('Type', 'AudioFile');
    avsLeaf(x, 'ContainerFormat', tech.container);
    avsLeaf(x, 'AudioCodecType', tech.codec);
    if (tech.bitrate !== undefined) x.leaf('BitRate', tech.bitrate, KBPS);
    x.leaf('NumberOfChannels', tech.channels);
    if (tech.sampleRate !== undefined) x.leaf('SamplingRate', tech.sampleRate, HZ);
    x.leaf('BitsPerSample', tech.bitDepth);
    if (asset.duration !== undefined) x.leafSafe('Duration', toIsoDuration(asset.duration));
    writeFile(x, asset, path, ctx.log);
    x.close();
    writeClipDetails(x, t);
    x.close();
  }

  /** TechnicalDetails with an AudioVisualFile DeliveryFile and a Preview clip. */
  protected override writeVideoTechnicalDetails(x: XmlWriter, ctx: Ern4Context, t: PlannedTrack): void {
    const asset = t.video;
    if (asset === undefined) return;
    const path = t.assetPath;
    x.open('TechnicalDetails').leafSafe('TechnicalResourceDetailsReference', t.technicalRef);
    x.open('DeliveryFile').leafSafe('Type', 'AudioVisualFile');
    writeVideoFields(x, ctx, asset, path, t.track.video?.format);
    writeFile(x, asset, path, ctx.log);
    x.close();
    writeClipDetails(x, t);
    x.close();
  }
}

/** ClipDetails of the preview: cut by the DSP from the full file (Instructive). */
function writeClipDetails(x: XmlWriter, t: PlannedTrack): void {
  const p = t.track.preview;
  if (p === undefined) return;
  x.open('ClipDetails')
    .leafSafe('TechnicalResourceDetailsReference', `${t.technicalRef}C`)
    .leafSafe('ClipType', 'Preview');
  x.open('Timing').leaf('StartPoint', p.startTime).leafSafe('DurationUsed', toIsoDuration(p.duration)).close();
  x.leafSafe('ExpressionType', 'Instructive').close();
}
