import { type ModelIssue, parseRelease, type Release } from '@ddex/ern-model';
import type { IssueLog } from '../issues';
import type { XmlElement } from '../xml/element';
import type { Origins } from './origins';

// keys whose removal cannot make a release valid (the model requires them)
const REQUIRED = new Set([
  'id',
  'type',
  'metadata',
  'title',
  'displayArtist',
  'releaseDate',
  'label',
  'tracks',
  'sequenceNumber',
  'isrc',
  'duration',
  'territories',
  'rights',
  'startDate',
  'fileName',
  'fileId',
  'format',
  'name',
  'role',
  'namespace',
  'value',
  'year',
  'text',
  'startTime',
  'assets',
  'audio',
  'video',
  'ddex',
  'version',
  'deals',
]);
// arrays an element may be removed from without changing what the release is
const DROPPABLE_ARRAYS = new Set([
  'contributors',
  'writers',
  'publishers',
  'artists',
  'proprietaryIds',
  'proprietary',
  'keywords',
  'genre',
  'excluded',
  'included',
  'images',
  'documents',
  'commercialModels',
  'useTypes',
]);
// cross-field findings that only a person can resolve
const UNFIXABLE = new Set([
  'duplicate_track_id',
  'duplicate_track_position',
  'duplicate_isrc',
  'duplicate_asset_id',
  'missing_media',
  'unknown_asset',
  'end_before_start',
  'too_few',
  'required',
]);

const DROP = Symbol('drop');
type Json = Record<string | number, unknown>;

function segments(path: string): string[] {
  return path === '' ? [] : path.split('.');
}

/** The deepest object on `path` that has an origin, for the XPath of an issue. */
export function originOf(candidate: object, path: string, origins: Origins, fallback: XmlElement): XmlElement {
  let node: unknown = candidate;
  let found = origins.get(candidate) ?? fallback;
  for (const seg of segments(path)) {
    if (node === null || typeof node !== 'object') break;
    node = (node as Json)[seg];
    if (node !== null && typeof node === 'object') found = origins.get(node) ?? found;
  }
  return found;
}

/** Finds what to remove for an issue at `path`: [parent, key], or undefined when nothing can be removed. */
function dropTarget(candidate: object, issue: ModelIssue): [Json, string] | undefined {
  if (UNFIXABLE.has(issue.code)) return undefined;
  let segs = segments(issue.path);
  if (issue.code === 'unused_asset') segs = segs.slice(0, -1); // assets.audio.3.id → the asset
  if (issue.code === 'parental_warning_inconsistent') segs = ['metadata', 'parentalWarning'];
  const chain: Json[] = [candidate as Json];
  for (const seg of segs.slice(0, -1)) {
    const next = chain[chain.length - 1]?.[seg];
    if (next === null || typeof next !== 'object') return undefined;
    chain.push(next as Json);
  }
  for (let i = segs.length - 1; i >= 0; i--) {
    const seg = segs[i] as string;
    const parent = chain[i] as Json;
    if (/^\d+$/.test(seg)) {
      const arrayKey = segs[i - 1];
      if (
        arrayKey !== undefined &&
        (DROPPABLE_ARRAYS.has(arrayKey) || (issue.code === 'unused_asset' && arrayKey !== 'tracks'))
      )
        return [parent, seg];
    } else if (!REQUIRED.has(seg)) {
      return [parent, seg];
    }
  }
  return undefined;
}

function compact(node: unknown): void {
  if (Array.isArray(node)) {
    for (let i = node.length - 1; i >= 0; i--) if (node[i] === DROP) node.splice(i, 1);
    for (const item of node) compact(item);
  } else if (node !== null && typeof node === 'object') {
    for (const value of Object.values(node)) compact(value);
  }
}

/**
 * Checks a candidate release with `parseRelease`. Values the model rejects that the release can do without (an
 * unknown contributor role, a malformed ISNI, an inconsistent summary) are left out, each reported as
 * `value_rejected`, and the release is checked again. A release that stays invalid is reported as
 * `release_rejected`, one issue per problem, and undefined is returned.
 */
export function checkRelease(
  candidate: Json,
  origins: Origins,
  releaseEl: XmlElement,
  reference: string,
  log: IssueLog,
): Release | undefined {
  for (let round = 0; round < 6; round++) {
    const result = parseRelease(candidate);
    if (result.success) return result.data;
    const targets = result.issues.map((issue) => ({ issue, target: dropTarget(candidate, issue) }));
    const fixable = targets.filter((t) => t.target !== undefined);
    if (fixable.length === 0 || round === 5) {
      for (const { issue } of targets) {
        log.add(
          'release_rejected',
          'error',
          originOf(candidate, issue.path, origins, releaseEl),
          `${issue.code}: ${issue.message}`,
          {
            path: issue.path,
            release: reference,
          },
        );
      }
      return undefined;
    }
    const seen = new Set<unknown>();
    for (const { issue, target } of fixable) {
      const [parent, key] = target as [Json, string];
      if (seen.has(parent[key]) && parent[key] !== undefined && typeof parent[key] === 'object') continue;
      seen.add(parent[key]);
      const where = originOf(candidate, issue.path, origins, releaseEl);
      log.add('value_rejected', 'warning', where, `${issue.message} The value was left out of the release.`, {
        path: issue.path,
        release: reference,
      });
      if (Array.isArray(parent)) parent[Number(key)] = DROP;
      else delete parent[key];
    }
    compact(candidate);
  }
  return undefined;
}
