import type { LocalizedName, LocalizedTitle, RelatedRelease, Release } from '@ddex/ern-model/values';
import type { XmlWriter } from '../xml/xml-writer';
import { ERN4_LANGUAGE, type Ern4Context } from './context';

// Fields the model grew for real messages (issue 4, the ERN reader): localized titles and display artist names,
// sort names, related releases, recording facts and deal extras. Written by small functions the writers call at
// the place the schema has for each.

/** LanguageAndScriptCode and ApplicableTerritoryCode of a localized title or name; undefined when unusable. */
function localeAttributes(
  ctx: Ern4Context,
  v: { language?: string | undefined; territory?: string | undefined },
  path: string,
): Record<string, string | undefined> | undefined {
  if (v.language !== undefined && !ERN4_LANGUAGE.test(v.language)) {
    ctx.log.add(
      'unsupported_field',
      `${path}.language`,
      `"${v.language}" does not fit ERN 4's LanguageAndScriptCode pattern; this variant was left out.`,
    );
    return undefined;
  }
  return { LanguageAndScriptCode: v.language, ApplicableTerritoryCode: v.territory };
}

/** A DisplayTitle per localized title, after the main one. */
export function writeLocalizedTitles(
  x: XmlWriter,
  ctx: Ern4Context,
  titles: readonly LocalizedTitle[] | undefined,
  path: string,
): void {
  titles?.forEach((t, i) => {
    const attributes = localeAttributes(ctx, t, `${path}.${i}`);
    if (attributes === undefined) return;
    x.open('DisplayTitle', attributes).leaf('TitleText', t.title).leaf('SubTitle', t.subtitle).close();
  });
}

/** A DisplayArtistName per localized name, after the main one. */
export function writeLocalizedNames(
  x: XmlWriter,
  ctx: Ern4Context,
  names: readonly LocalizedName[] | undefined,
  path: string,
): void {
  names?.forEach((n, i) => {
    const attributes = localeAttributes(ctx, n, `${path}.${i}`);
    if (attributes !== undefined) x.leaf('DisplayArtistName', n.name, attributes);
  });
}

/** CreationDate (after Duration). */
export function writeRecordingDate(x: XmlWriter, date: string | undefined): void {
  x.leafSafe('CreationDate', date);
}

/** IsInstrumental (after the cover/vocal flags, before LanguageOfPerformance). */
export function writeIsInstrumental(x: XmlWriter, isInstrumental: boolean | undefined): void {
  x.leafSafe('IsInstrumental', isInstrumental);
}

const RELATIONS_42 = [
  'HasArtistFromEnsemble',
  'HasArtistFromSameEnsemble',
  'HasContentFrom',
  'HasEnsembleWithArtist',
  'HasSameArtist',
  'HasSameRecordingProject',
  'HasSimilarContent',
  'IsDifferentEncoding',
  'IsDigitalEquivalentToPhysical',
  'IsEquivalentToAudio',
  'IsEquivalentToVideo',
  'IsExtendedFromAlbum',
  'IsFromAudio',
  'IsFromVideo',
  'IsParentRelease',
  'IsPhysicalEquivalentToDigital',
  'IsReleaseFromRelease',
  'IsShortenedFromAlbum',
  'Unknown',
];
/** ReleaseRelationshipType values per version (the 4.3 set adds edition and tempo relations). */
const RELATIONS: Record<'4.2' | '4.3', ReadonlySet<string>> = {
  '4.2': new Set(RELATIONS_42),
  '4.3': new Set([
    ...RELATIONS_42,
    'IsAudioUsedFor',
    'IsEditedVersionOf',
    'IsImmersiveEditionOf',
    'IsNonImmersiveEditionOf',
    'IsSlowedDownOf',
    'IsSourceOfEditedVersion',
    'IsSpedUpOf',
    'IsVideoUsedFor',
  ]),
};

/** RelatedRelease composites (after ParentalWarningType); one without any identifier cannot be written. */
export function writeRelatedReleases(x: XmlWriter, ctx: Ern4Context, related: readonly RelatedRelease[] | undefined) {
  related?.forEach((r, i) => {
    const path = `metadata.relatedReleases.${i}`;
    if (r.grid === undefined && r.barcode === undefined && r.isrc === undefined && r.catalogNumber === undefined) {
      ctx.log.add(
        'unsupported_field',
        path,
        'An ERN 4 RelatedRelease needs a ReleaseId (GRid, ICPN, ISRC or catalog number); this one has none and was left out.',
      );
      return;
    }
    x.open('RelatedRelease');
    if (RELATIONS[ctx.log.version].has(r.relation)) x.leafSafe('ReleaseRelationshipType', r.relation);
    else x.leafSafe('ReleaseRelationshipType', 'UserDefined', { UserDefinedValue: r.relation });
    x.open('ReleaseId').leaf('GRid', r.grid).leaf('ICPN', r.barcode).leaf('ISRC', r.isrc);
    if (r.catalogNumber !== undefined) x.leaf('CatalogNumber', r.catalogNumber, { Namespace: ctx.namespace });
    x.close();
    if (r.title !== undefined) x.open('DisplayTitle').leaf('TitleText', r.title).close();
    x.leaf('DisplayArtistName', r.displayArtist);
    x.leafSafe('ReleaseDate', r.releaseDate);
    x.close();
  });
}

/** The sort name (FullNameIndexed) of each party name that has one, from the release's artists and credits. */
export function sortNamesOf(release: Release): Map<string, string> {
  const out = new Map<string, string>();
  const add = (parties: readonly { name: string; sortName?: string | undefined }[] | undefined) => {
    for (const p of parties ?? []) if (p.sortName !== undefined && !out.has(p.name)) out.set(p.name, p.sortName);
  };
  add(release.metadata.artists);
  for (const t of release.tracks) {
    add(t.metadata.artists);
    add(t.metadata.contributors);
    add(t.metadata.writers);
  }
  return out;
}

/** DistributionChannel composites of a deal (after UseType), one per service name. */
export function writeDistributionChannels(x: XmlWriter, channels: readonly string[] | undefined): void {
  for (const name of channels ?? [])
    x.open('DistributionChannel').open('PartyName').leaf('FullName', name).close().close();
}
