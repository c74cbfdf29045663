import type { CopyrightLine } from '@ddex/ern-model/values';
import { toIsoDuration } from '@ddex/ern-model/values';
import type { XmlWriter } from '../xml/xml-writer';
import type { Ern4Context } from './context';
import { avsAttributes } from './issues';
import type { PlannedArtist, PlannedTrack } from './plan';
import { avsLeaf, PIXEL, VIDEO_CONTAINERS } from './technical';

// Composites written the same way by ERN 4.2 and 4.3.

/** DisplayTitleText and DisplayTitle (with SubTitle). */
export function writeTitles(x: XmlWriter, title: string, subtitle: string | undefined): void {
  x.leaf('DisplayTitleText', subtitle === undefined ? title : `${title} (${subtitle})`);
  x.open('DisplayTitle').leaf('TitleText', title).leaf('SubTitle', subtitle).close();
}

/** DisplayArtist composites with sequence numbers. */
export function writeDisplayArtists(x: XmlWriter, artists: readonly PlannedArtist[]): void {
  for (let i = 0; i < artists.length; i++) {
    const a = artists[i] as PlannedArtist;
    x.open('DisplayArtist', { SequenceNumber: i + 1 }).leafSafe('ArtistPartyReference', a.ref);
    x.leafSafe('DisplayArtistRole', a.role.value, avsAttributes(a.role));
    x.close();
  }
}

/** A PLine. */
export function writePLine(x: XmlWriter, line: CopyrightLine | undefined): void {
  if (line !== undefined) x.open('PLine').leaf('Year', line.year).leaf('PLineText', line.text).close();
}

/** A track's ResourceId: ISRC and proprietary ids. */
export function writeResourceId(x: XmlWriter, t: PlannedTrack): void {
  x.open('ResourceId').leaf('ISRC', t.track.isrc);
  for (const p of t.track.metadata.proprietaryIds ?? []) x.leaf('ProprietaryId', p.value, { Namespace: p.namespace });
  x.close();
}

/** The main release's ReleaseId: GRid, ICPN, catalog number, proprietary ids (the release id when it has none). */
export function writeReleaseId(x: XmlWriter, ctx: Ern4Context): void {
  const m = ctx.release.metadata;
  x.open('ReleaseId').leaf('GRid', m.grid).leaf('ICPN', m.barcode);
  if (m.catalogNumber !== undefined) x.leaf('CatalogNumber', m.catalogNumber, { Namespace: ctx.namespace });
  const ids = m.proprietaryIds ?? [];
  for (const p of ids) x.leaf('ProprietaryId', p.value, { Namespace: p.namespace });
  if (m.grid === undefined && m.barcode === undefined && m.catalogNumber === undefined && ids.length === 0) {
    x.leaf('ProprietaryId', ctx.release.id, { Namespace: ctx.namespace });
  }
  x.close();
}

/** Video container, codec, frame rate, dimensions and duration (the same fields in 4.2 and 4.3, in this order). */
export function writeVideoFields(
  x: XmlWriter,
  ctx: Ern4Context,
  asset: {
    format: string;
    codec?: string | undefined;
    frameRate?: number | undefined;
    width?: number | undefined;
    height?: number | undefined;
    duration?: number | undefined;
  },
  path: string,
  trackFormat: string | undefined,
): void {
  const container = VIDEO_CONTAINERS[trackFormat ?? asset.format];
  if (container !== undefined)
    avsLeaf(x, 'ContainerFormat', ctx.log.avs('ContainerFormat', container, path, '.format'));
  if (asset.codec !== undefined)
    avsLeaf(x, 'VideoCodecType', ctx.log.avs('VideoCodecType', asset.codec, path, '.codec'));
  x.leaf('FrameRate', asset.frameRate);
  if (asset.height !== undefined) x.leaf('ImageHeight', asset.height, PIXEL);
  if (asset.width !== undefined) x.leaf('ImageWidth', asset.width, PIXEL);
  if (asset.duration !== undefined) x.leafSafe('Duration', toIsoDuration(asset.duration));
}
