import { type Artist, toIsoDuration } from '@ddex/ern-model/values';
import type { Ern382Context } from './ern382-context';
import {
  trackArtists,
  writeCLine,
  writeDisplayArtist,
  writeGenres,
  writeParentalWarning,
  writePLine,
  writeReferenceTitle,
  writeTitles,
  writeWorldwide,
} from './ern382-parts';
import type { Ern382Plan, PlannedTrack } from './ern382-plan';
import { writeLanguageOfPerformance } from './ern382-resources';

const PRIMARY = { ReleaseResourceType: 'PrimaryResource' } as const;
const SECONDARY = { ReleaseResourceType: 'SecondaryResource' } as const;
const MAIN = { IsMainRelease: true } as const;

/** The main release's reference. */
export const MAIN_RELEASE_REF = 'R0';

/** `<ReleaseId>` of the main release: GRid, ICPN, catalog number, proprietary ids (the release id when none). */
export function writeMainReleaseId(ctx: Ern382Context, plan: Ern382Plan): void {
  const m = plan.release.metadata;
  const x = ctx.xml;
  x.open('ReleaseId');
  x.leaf('GRid', m.grid);
  x.leaf('ICPN', m.barcode);
  if (m.catalogNumber !== undefined) x.leaf('CatalogNumber', m.catalogNumber, { Namespace: plan.senderNamespace });
  if (m.proprietaryIds) for (const p of m.proprietaryIds) x.leaf('ProprietaryId', p.value, { Namespace: p.namespace });
  const identified = m.grid ?? m.barcode ?? m.catalogNumber ?? m.proprietaryIds?.[0];
  if (identified === undefined) x.leaf('ProprietaryId', plan.release.id, { Namespace: plan.senderNamespace });
  x.close();
}

function writeReleaseType(ctx: Ern382Context, plan: Ern382Plan): void {
  const type = plan.release.type;
  const mapped = (ctx.version.releaseTypes as Record<string, string>)[type] ?? type;
  if (mapped !== type)
    ctx.issue('value_changed', 'type', `Release type "${type}" was written as the ERN 3.8.2 ReleaseType "${mapped}".`);
  ctx.codedLeaf('ReleaseType', 'ReleaseType', mapped, 'type');
}

function writeContentItem(ctx: Ern382Context, sequence: number, ref: string): void {
  ctx.xml
    .open('ResourceGroupContentItem')
    .leaf('SequenceNumber', sequence)
    .leaf('ResourceType', 'SoundRecording')
    .leaf('ReleaseResourceReference', ref, PRIMARY)
    .close();
}

/** The main release: album, EP or single, with one sequenced ResourceGroup per disc. */
export function writeMainRelease(ctx: Ern382Context, plan: Ern382Plan): void {
  const x = ctx.xml;
  const { release } = plan;
  const m = release.metadata;
  ctx.path = 'metadata';
  x.open('Release', MAIN);
  writeMainReleaseId(ctx, plan);
  x.leaf('ReleaseReference', MAIN_RELEASE_REF);
  writeReferenceTitle(ctx, m.title, m.subtitle);
  x.open('ReleaseResourceReferenceList');
  for (const t of plan.tracks) x.leaf('ReleaseResourceReference', t.resourceRef, PRIMARY);
  for (const img of plan.images) x.leaf('ReleaseResourceReference', img.resourceRef, SECONDARY);
  x.close();
  writeReleaseType(ctx, plan);

  x.open('ReleaseDetailsByTerritory');
  writeWorldwide(ctx);
  x.leaf('DisplayArtistName', m.displayArtist);
  x.leaf('LabelName', m.label);
  writeTitles(ctx, m.title, m.subtitle);
  const artists = m.artists && m.artists.length > 0 ? m.artists : [{ name: m.displayArtist, role: 'MainArtist' }];
  for (let i = 0; i < artists.length; i++) writeDisplayArtist(ctx, artists[i] as Artist, i, 'metadata.artists');
  writeParentalWarning(ctx, m.parentalWarning, 'metadata.parentalWarning');
  x.leaf('MarketingComment', m.marketingComment);
  x.open('ResourceGroup');
  for (const disc of plan.discs) {
    x.open('ResourceGroup').leaf('SequenceNumber', disc.sequence);
    disc.tracks.forEach((t, i) => {
      writeContentItem(ctx, i + 1, t.resourceRef);
    });
    x.close();
  }
  for (const img of plan.images) {
    x.open('ResourceGroupContentItem')
      .leaf('ResourceType', 'Image')
      .leaf('ReleaseResourceReference', img.resourceRef, SECONDARY)
      .close();
  }
  x.close();
  writeGenres(ctx, m.genre);
  x.leaf('ReleaseDate', m.releaseDate);
  x.leaf('OriginalReleaseDate', m.originalReleaseDate);
  if (m.keywords) for (const k of m.keywords) x.leaf('Keywords', k);
  x.close();

  if (m.language !== undefined) writeLanguageOfPerformance(ctx, m.language, 'metadata.language');
  let seconds = 0;
  for (const t of release.tracks) seconds += t.metadata.duration;
  x.leaf('Duration', toIsoDuration(seconds));
  writePLine(ctx, m.pLine);
  writeCLine(ctx, m.cLine);
  x.leaf('GlobalReleaseDate', m.releaseDate);
  x.leaf('GlobalOriginalReleaseDate', m.originalReleaseDate);
  x.close();
}

/** A TrackRelease for one track (the Audio Album profile wants one per primary resource). */
export function writeTrackRelease(ctx: Ern382Context, plan: Ern382Plan, t: PlannedTrack): void {
  const x = ctx.xml;
  const m = plan.release.metadata;
  const meta = t.track.metadata;
  ctx.path = t.path;
  x.open('Release');
  x.open('ReleaseId').leaf('ISRC', t.track.isrc).close();
  x.leaf('ReleaseReference', t.releaseRef);
  writeReferenceTitle(ctx, meta.title, meta.subtitle);
  x.open('ReleaseResourceReferenceList').leaf('ReleaseResourceReference', t.resourceRef, PRIMARY).close();
  x.leaf('ReleaseType', 'TrackRelease');
  x.open('ReleaseDetailsByTerritory');
  writeWorldwide(ctx);
  x.leaf('DisplayArtistName', meta.displayArtist);
  x.leaf('LabelName', m.label);
  writeTitles(ctx, meta.title, meta.subtitle);
  const artists = trackArtists(meta);
  const artistsPath = meta.artists && meta.artists.length > 0 ? t.artistsPath : t.contributorsPath;
  for (let i = 0; i < artists.length; i++) writeDisplayArtist(ctx, artists[i] as Artist, i, artistsPath);
  writeParentalWarning(ctx, meta.parentalWarning, t.parentalWarningPath);
  x.open('ResourceGroup');
  writeContentItem(ctx, 1, t.resourceRef);
  x.close();
  writeGenres(ctx, meta.genre ?? m.genre);
  x.leaf('ReleaseDate', m.releaseDate);
  x.close();
  x.leaf('Duration', toIsoDuration(meta.duration));
  writePLine(ctx, meta.pLine ?? m.pLine);
  writeCLine(ctx, m.cLine);
  x.leaf('GlobalReleaseDate', m.releaseDate);
  x.close();
}

/** The `<ReleaseList>`: the main release, then one TrackRelease per track. */
export function writeReleaseList(ctx: Ern382Context, plan: Ern382Plan): void {
  ctx.xml.open('ReleaseList');
  writeMainRelease(ctx, plan);
  for (const t of plan.tracks) writeTrackRelease(ctx, plan, t);
  ctx.xml.close();
}
