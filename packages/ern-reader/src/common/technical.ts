import type { XmlElement } from '../xml/element';
import type { FileDraft } from './draft';
import { coded, formatOf, hertz, kbps, num, seconds } from './values';

/** Reads `HashSum` (ERN 4: Algorithm + HashSumValue; ERN 3.8.2: HashSumAlgorithmType + HashSum) into md5/sha256. */
export function readHashSum(file: XmlElement, draft: FileDraft): void {
  for (const h of file.all('HashSum')) {
    const algorithm = (coded(h.child('Algorithm')) ?? coded(h.child('HashSumAlgorithmType')) ?? '').toUpperCase();
    const value = h.text1('HashSumValue') ?? h.text1('HashSum');
    if (value === undefined) continue;
    if (algorithm === 'MD5') draft.md5 = value;
    else if (algorithm === 'SHA256' || algorithm === 'SHA-256' || algorithm === 'SHA2') draft.sha256 = value;
    else h.used = false;
  }
}

/**
 * Reads the technical fields shared by ERN 3.8.2 and ERN 4 from the element that holds them (ERN 4.3
 * `DeliveryFile`, ERN 4.2 `TechnicalDetails`, ERN 3.8.2 `Technical*Details`).
 */
export function readTechnicalFields(
  holder: XmlElement,
  draft: FileDraft,
  kind: 'audio' | 'video' | 'image' | 'other',
): void {
  const audioCodec = kind === 'audio' ? coded(holder.child('AudioCodecType')) : undefined;
  const videoCodec = kind === 'video' ? coded(holder.child('VideoCodecType')) : undefined;
  const imageCodec = kind === 'image' ? coded(holder.child('ImageCodecType')) : undefined;
  const container = coded(holder.child('ContainerFormat'));
  const codec = videoCodec ?? audioCodec ?? imageCodec;
  if (codec !== undefined) draft.codec = codec;
  const format = formatOf(draft.fileName, container, imageCodec, videoCodec, audioCodec);
  if (format !== undefined) draft.format = format;
  if (kind === 'audio') {
    setPositive(draft, 'sampleRate', hertz(holder.child('SamplingRate')));
    setPositive(draft, 'bitDepth', num(holder.text1('BitsPerSample')));
    setPositive(draft, 'channels', num(holder.text1('NumberOfChannels')));
    setPositive(draft, 'bitrate', kbps(holder.child('BitRate')));
  }
  if (kind === 'video' || kind === 'image') {
    setPositive(draft, 'width', num(holder.text1('ImageWidth')));
    setPositive(draft, 'height', num(holder.text1('ImageHeight')));
  }
  if (kind === 'video') setPositive(draft, 'frameRate', num(holder.text1('FrameRate')));
  if (kind === 'audio' || kind === 'video') setPositive(draft, 'duration', seconds(holder.text1('Duration')));
}

// a module function, not a closure: this runs for every file of a message
function setPositive(draft: FileDraft, key: keyof FileDraft, value: number | undefined): void {
  if (value !== undefined && value > 0) (draft as unknown as Record<string, number>)[key] = value;
}
