import type { PartyIds } from '@ddex/ern-model/values';

/** A party of the PartyList: local reference, name and identifiers. */
export interface ListedParty {
  readonly reference: string;
  readonly name: string;
  readonly ids: PartyIds | undefined;
}

function sameIds(a: PartyIds, b: PartyIds): boolean {
  return (
    a.isni === b.isni &&
    a.ipi === b.ipi &&
    a.dpid === b.dpid &&
    JSON.stringify(a.proprietary ?? []) === JSON.stringify(b.proprietary ?? [])
  );
}

/**
 * The parties of one message, each listed once (artists, contributors, writers, publishers, labels). A name seen
 * again maps to the same party; a name with different identifiers is a different party. References are `P1`, `P2`…
 * in order of first appearance, so the output is deterministic.
 */
export class PartyTable {
  readonly parties: ListedParty[] = [];
  readonly #byName = new Map<string, ListedParty[]>();

  /** The reference of the party with this name (and identifiers), adding it when new. */
  ref(name: string, ids?: PartyIds): string {
    const known = this.#byName.get(name);
    if (known !== undefined) {
      if (ids === undefined) return (known[0] as ListedParty).reference;
      for (const party of known) {
        if (party.ids === undefined) {
          (party as { ids: PartyIds | undefined }).ids = ids;
          return party.reference;
        }
        if (sameIds(party.ids, ids)) return party.reference;
      }
    }
    const party: ListedParty = { reference: `P${this.parties.length + 1}`, name, ids };
    this.parties.push(party);
    if (known === undefined) this.#byName.set(name, [party]);
    else known.push(party);
    return party.reference;
  }
}
