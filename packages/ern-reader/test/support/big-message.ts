import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLES_DIR } from './paths';

/**
 * An ERN 4.3 message of about `megabytes` MB: DDEX's 1_Audio sample with its first sound recording repeated (each
 * copy with its own reference, ISRC and file) and listed in the release's resource group, so the reader maps every
 * copy into a track.
 */
export function bigMessage(megabytes: number): { xml: string; tracks: number } {
  const sample = readFileSync(join(SAMPLES_DIR, 'ern-43/1_Audio.xml'), 'utf8');
  const start = sample.indexOf('<SoundRecording>');
  const end = sample.indexOf('</SoundRecording>', start) + '</SoundRecording>'.length;
  const recording = sample.slice(start, end);
  const groupStart = sample.indexOf('<ResourceGroupContentItem>');
  const groupEnd = sample.lastIndexOf('</ResourceGroupContentItem>') + '</ResourceGroupContentItem>'.length;
  const target = megabytes * 1024 * 1024;
  const recordings: string[] = [];
  const items: string[] = [];
  let size = sample.length;
  let n = 0;
  while (size < target) {
    n++;
    const id = String(n).padStart(7, '0');
    const copy = recording
      .replace('<ResourceReference>A1</ResourceReference>', `<ResourceReference>S${n}</ResourceReference>`)
      .replace('JPTO09404900', `QZZ99${id}`)
      .replace(
        '<TechnicalResourceDetailsReference>T1</TechnicalResourceDetailsReference>',
        `<TechnicalResourceDetailsReference>T${n}</TechnicalResourceDetailsReference>`,
      )
      .replace('0094631432057_01_001.wav', `big_${id}.wav`);
    const item = `<ResourceGroupContentItem><SequenceNumber>${n}</SequenceNumber><ReleaseResourceReference>S${n}</ReleaseResourceReference></ResourceGroupContentItem>`;
    recordings.push(copy);
    items.push(item);
    size += copy.length + item.length;
  }
  // keep the cover image (A22) and the deals; drop the sample's own recordings and track releases
  const resourcesEnd = sample.indexOf('<Image>', end);
  const releaseListStart = sample.indexOf('<ReleaseList>');
  const firstTrackRelease = sample.indexOf('<TrackRelease>');
  const releaseListEnd = sample.indexOf('</ReleaseList>');
  const xml =
    sample.slice(0, start) +
    recordings.join('\n') +
    sample.slice(resourcesEnd, releaseListStart) +
    sample.slice(releaseListStart, groupStart).replace('<ReleaseList>', '<ReleaseList>') +
    items.join('\n') +
    sample.slice(groupEnd, firstTrackRelease) +
    sample.slice(releaseListEnd);
  return { xml, tracks: n };
}
