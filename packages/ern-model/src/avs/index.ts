import { AVS_DATA } from './avs-data';

/** ERN versions whose allowed-value sets this package carries. */
export type AvsVersion = keyof typeof AVS_DATA;

/** Names of the allowed-value sets carried (e.g. `ReleaseType`, `ContributorRole`, `CurrentTerritoryCode`). */
export type AvsSetName = string;

const cache = new Map<string, ReadonlySet<string>>();

/**
 * The allowed values of one DDEX allowed-value set in one ERN version (empty when that version has no such set).
 * @example avsValues('4.3', 'ReleaseType').has('Album') // true
 */
export function avsValues(version: AvsVersion, set: AvsSetName): ReadonlySet<string> {
  const key = `${version}:${set}`;
  let values = cache.get(key);
  if (values === undefined) {
    values = new Set(AVS_DATA[version][set] ?? []);
    cache.set(key, values);
  }
  return values;
}

/** True when `value` is in the named allowed-value set of the given ERN version. */
export function isAllowedValue(version: AvsVersion, set: AvsSetName, value: string): boolean {
  return avsValues(version, set).has(value);
}

/** The union of a set's values over the given versions, sorted; the model accepts a value any version allows. */
export function avsUnion(
  sets: readonly AvsSetName[],
  versions: readonly AvsVersion[] = ['3.8.2', '4.2', '4.3'],
): string[] {
  const all = new Set<string>();
  for (const v of versions) for (const s of sets) for (const value of avsValues(v, s)) all.add(value);
  return [...all].sort();
}

export { AVS_DATA };
