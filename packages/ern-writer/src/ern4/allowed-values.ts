import { isAllowedValue } from '@ddex/ern-model';
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
const cache = new Map<string, ReadonlySet<string>>();

function localSet(version: Ern4Version, set: LocalSet): ReadonlySet<string> {
  const key = `${version}:${set}`;
  let values = cache.get(key);
  if (values === undefined) {
    values = new Set<string>(ERN4_AVS[version][set]);
    cache.set(key, values);
  }
  return values;
}

/**
 * True when the message schema of `version` accepts `value` in `set`. The sets `@ddex/ern-model` carries are
 * checked with its `isAllowedValue`; the narrower `_ERN` sets the message schema uses (ReleaseType_ERN4,
 * CommercialModelType_ERN, UseType_ERN) and the sets the model does not carry come from {@link ERN4_AVS}.
 */
export function isErn4Value(version: Ern4Version, set: Ern4ValueSet, value: string): boolean {
  if (LOCAL.has(set)) return localSet(version, set as LocalSet).has(value);
  return isAllowedValue(version, set as Parameters<typeof isAllowedValue>[1], value);
}
