import type { Release } from '@ddex/ern-model/values';

/** Deal terms beyond territories, period and models (issue 4): written by the ERN 4 and 3.8.2 deal writers. */
export interface DealExtras {
  readonly distributionChannels?: readonly string[] | undefined;
  readonly preOrder?: boolean | undefined;
  readonly displayStartDate?: string | undefined;
}

/** The extras of the model deal a planned deal comes from, by its path (`rights` or `deals.N`). */
export function dealExtrasAt(release: Release, path: string): DealExtras {
  if (path === 'rights') return release.rights;
  return release.deals?.[Number(path.slice('deals.'.length))] ?? {};
}
