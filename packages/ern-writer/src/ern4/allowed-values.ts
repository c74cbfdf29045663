import { avsValues } from '@ddex/ern-model/values';

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

/**
 * Where the message schema of a version uses a narrower AVS type than the set's name (e.g. `ReleaseType_ERN4`), the
 * name of that type in `@ddex/ern-model`'s generated sets; every other set has its own name there.
 */
const MESSAGE_SCHEMA_SETS: Readonly<Record<Ern4Version, Partial<Record<Ern4ValueSet, string>>>> = {
  '4.2': { ReleaseType: 'ReleaseType_ERN4', CommercialModelType: 'CommercialModelType_ERN', UseType: 'UseType_ERN' },
  '4.3': {
    ReleaseType: 'ReleaseType_ERN4',
    CommercialModelType: 'CommercialModelType_ERN',
    UseType: 'UseType_ERN',
    VideoType: 'VideoType_ERN43',
  },
};

const SETS: Record<Ern4Version, Partial<Record<Ern4ValueSet, ReadonlySet<string>>>> = { '4.2': {}, '4.3': {} };

/** The allowed values of a set in a version, looked up once (no per-call key building on the hot path). */
function valuesOf(version: Ern4Version, set: Ern4ValueSet): ReadonlySet<string> {
  const known = SETS[version][set];
  if (known !== undefined) return known;
  const values = avsValues(version, MESSAGE_SCHEMA_SETS[version][set] ?? set);
  SETS[version][set] = values;
  return values;
}

/**
 * True when the message schema of `version` accepts `value` in `set`, per the AVS types `@ddex/ern-model` generates
 * from DDEX's XSDs (`avsValues`), using the narrower `_ERN` types where the message schema does.
 */
export function isErn4Value(version: Ern4Version, set: Ern4ValueSet, value: string): boolean {
  return valuesOf(version, set).has(value);
}
