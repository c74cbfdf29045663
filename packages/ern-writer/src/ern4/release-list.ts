import { toIsoDuration } from '@ddex/ern-model/values';
import type { XmlWriter } from '../xml/xml-writer';
import { writeDisplayArtists, writePLine, writeReleaseId, writeTitles } from './composites';
import type { Ern4Context } from './context';
import { writeLocalizedNames, writeLocalizedTitles, writeRelatedReleases } from './grown-fields';
import { avsAttributes } from './issues';
import type { PlannedTrack } from './plan';
import { ern4ReleaseType, isMultiArtistCompilation } from './release-facts';

/** Genre composites: the main genre with each sub-genre (a Genre carries one SubGenre). */
function writeGenres(x: XmlWriter, genres: readonly string[]): void {
  const main = genres[0];
  if (genres.length === 1) {
    x.open('Genre').leaf('GenreText', main).close();
    return;
  }
  for (let i = 1; i < genres.length; i++) x.open('Genre').leaf('GenreText', main).leaf('SubGenre', genres[i]).close();
}

function writeContentItems(x: XmlWriter, tracks: readonly PlannedTrack[]): void {
  for (const t of tracks) {
    x.open('ResourceGroupContentItem').leaf('SequenceNumber', t.track.sequenceNumber);
    x.leafSafe('ReleaseResourceReference', t.resourceRef).close();
  }
}

/** The main ResourceGroup: one nested group per disc when there are several, the cover image linked. */
function writeResourceGroup(x: XmlWriter, ctx: Ern4Context): void {
  const { discs, images } = ctx.plan;
  x.open('ResourceGroup');
  if (discs.length === 1) {
    x.leaf('SequenceNumber', 1);
    writeContentItems(x, discs[0] as PlannedTrack[]);
  } else {
    for (const disc of discs) {
      x.open('ResourceGroup', { ResourceGroupType: 'Component' });
      x.leaf('SequenceNumber', (disc[0] as PlannedTrack).track.discNumber);
      writeContentItems(x, disc);
      x.close();
    }
  }
  for (const image of images) x.leafSafe('LinkedReleaseResourceReference', image.resourceRef);
  x.close();
}

/** The main Release. */
function writeRelease(x: XmlWriter, ctx: Ern4Context): void {
  const { release, plan, log } = ctx;
  const m = release.metadata;
  x.open('Release').leafSafe('ReleaseReference', 'R0');
  const type = ern4ReleaseType(release, log);
  x.leafSafe('ReleaseType', type.value, avsAttributes(type));
  writeReleaseId(x, ctx);
  writeTitles(x, m.title, m.subtitle);
  writeLocalizedTitles(x, ctx, m.localizedTitles, 'metadata.localizedTitles');
  x.leaf('DisplayArtistName', m.displayArtist);
  writeLocalizedNames(x, ctx, m.localizedDisplayArtists, 'metadata.localizedDisplayArtists');
  writeDisplayArtists(x, plan.releaseArtists);
  x.leafSafe('ReleaseLabelReference', plan.labelRef);
  writePLine(x, m.pLine);
  if (m.cLine !== undefined) x.open('CLine').leaf('Year', m.cLine.year).leaf('CLineText', m.cLine.text).close();
  let seconds = 0;
  for (const t of release.tracks) seconds += t.metadata.duration;
  x.leafSafe('Duration', toIsoDuration(seconds));
  writeGenres(x, m.genre);
  x.leaf('ReleaseDate', m.releaseDate);
  x.leaf('OriginalReleaseDate', m.originalReleaseDate);
  let warning = m.parentalWarning;
  if (warning === undefined)
    warning = release.tracks.some((t) => t.metadata.parentalWarning === 'Explicit') ? 'Explicit' : 'NoAdviceAvailable';
  x.leaf('ParentalWarningType', warning);
  writeRelatedReleases(x, ctx, m.relatedReleases);
  if (isMultiArtistCompilation(release)) x.leafSafe('IsMultiArtistCompilation', true);
  writeResourceGroup(x, ctx);
  for (const keyword of m.keywords ?? []) x.leaf('Keywords', keyword);
  x.leaf('MarketingComment', m.marketingComment);
  x.close();
}

/** A TrackRelease per track: proprietary id `<ICPN>_<ISRC>`, the track's resource, label and genre. */
function writeTrackRelease(x: XmlWriter, ctx: Ern4Context, t: PlannedTrack): void {
  x.open('TrackRelease').leafSafe('ReleaseReference', t.releaseRef);
  x.open('ReleaseId').leaf('ProprietaryId', `${ctx.releaseKey}_${t.track.isrc}`, { Namespace: ctx.namespace }).close();
  x.leafSafe('ReleaseResourceReference', t.resourceRef);
  x.leafSafe('ReleaseLabelReference', ctx.plan.labelRef);
  writeGenres(x, t.track.metadata.genre ?? ctx.release.metadata.genre);
  x.close();
}

/** ReleaseList: the main release, then the track releases the profile needs. */
export function writeReleaseList(x: XmlWriter, ctx: Ern4Context): void {
  x.open('ReleaseList');
  writeRelease(x, ctx);
  if (ctx.trackReleases) for (const t of ctx.plan.tracks) writeTrackRelease(x, ctx, t);
  else {
    for (const t of ctx.plan.tracks) {
      if (t.track.metadata.genre !== undefined) {
        ctx.log.add(
          'unsupported_field',
          `${t.path}.metadata.genre`,
          `The ${ctx.profile} profile has no TrackRelease, so the track's own genre is not written.`,
        );
      }
    }
  }
  x.close();
}
