import { z } from 'zod';
import { type Issue, isDistroError } from '../errors';
import { parseInput } from '../input';
import { authorize, type Principal } from '../principal';
import { planPackage, profileOf, requirementIssues } from '../worker/build-package';
import type { ServiceContext } from './context';
import { applyGenreMap, type GenrePreview, unmappedGenreIssues } from './genre-mapping';

/** Body of `POST /api/deliveries/preflight`. */
export const PreflightInputSchema = z
  .object({
    releaseId: z.string().min(1).max(256),
    /** the targets to check; every active target when absent */
    targetIds: z.array(z.string().min(1).max(256)).max(100).optional(),
  })
  .strict();

/** One target's verdict on a release. */
export interface TargetReadiness {
  /** target id */
  targetId: string;
  /** target name */
  name: string;
  /** the DSP profile whose rules were checked */
  profile: string;
  /** true when a delivery would be queued (no issue) */
  ready: boolean;
  /** what breaks the target's rules, with the release field behind it (`path`): the delivery would be refused */
  issues: Issue[];
  /** what does not block but is likely a mistake: files declared but not uploaded are left out of the package */
  warnings: Issue[];
  /** the message type the history suggests: `Update` once the release reached the target, else `NewRelease` */
  suggestedKind: 'NewRelease' | 'Update';
  /** the last delivery of the release to the target, if any */
  last: { id: string; kind: string; status: string; at: string } | null;
  /** the genres the target's ERN would carry: original → mapped through its `genreMap` */
  genre: GenrePreview;
}

/** What `POST /api/deliveries/preflight` answers. */
export interface PreflightReport {
  /** the release checked */
  releaseId: string;
  /** one entry per target */
  targets: TargetReadiness[];
}

/** Statuses after which the target has the release (the next message is an update). */
const ARRIVED: ReadonlySet<string> = new Set(['completed', 'acknowledged']);

/**
 * Checks a release against each target's rules before anything is queued: the same checks `POST /api/deliveries`
 * makes (the target's DSP profile: cover size, ISRCs, audio formats…, and the target being active), reported per
 * target instead of refused, plus the message type its delivery history suggests.
 */
export async function preflight(ctx: ServiceContext, p: Principal, raw: unknown): Promise<PreflightReport> {
  authorize(p, 'catalog:read');
  const input = parseInput(PreflightInputSchema, raw);
  const { store } = ctx;
  const { release } = await store.releases.get(p.tenantId, input.releaseId);
  const targets = input.targetIds
    ? await Promise.all(input.targetIds.map((id) => store.targets.get(p.tenantId, id)))
    : (await store.targets.list(p.tenantId, { limit: 500 })).items.filter((t) => t.target.active);
  const history: { targetId: string; id: string; kind: string; status: string; updatedAt: string }[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.deliveries.list(p.tenantId, { releaseId: input.releaseId, cursor, limit: 500 });
    history.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  const out: TargetReadiness[] = [];
  for (const { id, target } of targets) {
    const issues: Issue[] = [];
    const warnings: Issue[] = [];
    let profileName = '';
    if (!target.active) issues.push({ code: 'target_inactive', path: '', message: `${target.name} is not active.` });
    try {
      const profile = profileOf(target);
      profileName = profile.name;
      const plan = await planPackage(store.assets, p.tenantId, release, profile, () => ({ data: '' }));
      issues.push(...requirementIssues(profile, plan));
      for (const [kind, list] of [
        ['audio', release.assets.audio],
        ['images', release.assets.images],
      ] as const) {
        list.forEach((asset, i) => {
          if (plan.missing.includes(asset.id))
            warnings.push({
              code: 'asset_not_uploaded',
              path: `assets.${kind}.${i}`,
              message: `${asset.fileName} has no uploaded file and is left out of the package.`,
            });
        });
      }
    } catch (error) {
      if (!isDistroError(error)) throw error;
      issues.push(...(error.issues.length ? error.issues : [{ code: error.code, path: '', message: error.message }]));
    }
    const { preview: genre } = applyGenreMap(release, target);
    warnings.push(...unmappedGenreIssues(genre, target.name));
    const mine = history.filter((d) => d.targetId === id); // newest first
    const last = mine[0];
    out.push({
      targetId: id,
      name: target.name,
      profile: profileName,
      ready: issues.length === 0,
      issues,
      warnings,
      suggestedKind: mine.some((d) => ARRIVED.has(d.status) && d.kind !== 'Takedown') ? 'Update' : 'NewRelease',
      last: last ? { id: last.id, kind: last.kind, status: last.status, at: last.updatedAt } : null,
      genre,
    });
  }
  return { releaseId: input.releaseId, targets: out };
}
