import { type AvsSetName, avsValues } from '@ddex/ern-model';
import { ERN4_AVS } from './avs-data';

/** The ERN 4 versions. */
export type Ern4Version = '4.2' | '4.3';

/** Allowed-value sets the ERN 4 writers check values against. */
export type Ern4ValueSet =
  | 'ReleaseType'
  | 'CommercialModelType'
  | 'UseType'
  | 'InstrumentType'
  | 'ImageCodecType'
  | 'VideoCodecType'
  | 'ContainerFormat'
  | 'VideoType'
  | 'DisplayArtistRole'
  | 'ContributorRole'
  | 'ParentalWarningType'
  | 'CurrentTerritoryCode'
  | 'ImageType'
  | 'AudioCodecType'
  | 'SoundRecordingType';

type LocalSet = keyof (typeof ERN4_AVS)['4.3'];
const LOCAL = new Set<string>(Object.keys(ERN4_AVS['4.3']));
const SETS: Record<Ern4Version, Partial<Record<Ern4ValueSet, ReadonlySet<string>>>> = { '4.2': {}, '4.3': {} };

/** The allowed values of a set in a version, looked up once (no per-call key building on the hot path). */
function valuesOf(version: Ern4Version, set: Ern4ValueSet): ReadonlySet<string> {
  const known = SETS[version][set];
  if (known !== undefined) return known;
  const values: ReadonlySet<string> = LOCAL.has(set)
    ? new Set<string>(ERN4_AVS[version][set as LocalSet])
    : avsValues(version, set as AvsSetName);
  SETS[version][set] = values;
  return values;
}

/**
 * True when the message schema of `version` accepts `value` in `set`. The sets `@ddex/ern-model` carries come from
 * its `avsValues`; the narrower `_ERN` sets the message schema uses (ReleaseType_ERN4, CommercialModelType_ERN,
 * UseType_ERN) and the sets the model does not carry come from {@link ERN4_AVS}.
 */
export function isErn4Value(version: Ern4Version, set: Ern4ValueSet, value: string): boolean {
  return valuesOf(version, set).has(value);
}
