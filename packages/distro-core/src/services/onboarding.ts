import type { AuditEntry } from '@ddex/catalog-store';
import { authorize, type Principal } from '../principal';
import type { ServiceContext } from './context';

/** The first-run steps of a tenant, in the order a new label takes them. */
export const ONBOARDING_STEPS = [
  'targetAdded',
  'targetTested',
  'releaseCreated',
  'ernValidated',
  'delivered',
  'acknowledged',
] as const;

/** One of {@link ONBOARDING_STEPS}. */
export type OnboardingStepName = (typeof ONBOARDING_STEPS)[number];

/** One first-run step and whether the tenant's stored state shows it done. */
export interface OnboardingStep {
  /** which step */
  step: OnboardingStepName;
  /** true once the state shows it */
  done: boolean;
  /**
   * what shows it, for a deep link: a target id (`targetAdded`, `targetTested`), a release id (`releaseCreated`),
   * a stored validation id (`ernValidated`), a delivery id (`delivered`, `acknowledged`); null while not done
   */
  subjectId: string | null;
}

/** What `GET /api/onboarding` answers. */
export interface OnboardingReport {
  /** every step, in order */
  steps: OnboardingStep[];
  /** true when every step is done */
  complete: boolean;
}

/** Audit entries read at most, newest first, when looking for a passed test or a valid validation. */
const AUDIT_SCAN = 2000;

/**
 * The first-run checklist of the caller's tenant, from what the service stores: its targets and the audit log's
 * connection tests (`target.test`, the latest per target counts, and only for a target that still exists), its
 * releases, the validations it stored (`release.validate` with `valid: true`) and its deliveries (completed, then
 * acknowledged by the DSP).
 */
export async function onboardingReport(ctx: ServiceContext, p: Principal): Promise<OnboardingReport> {
  authorize(p, 'catalog:read');
  const { store } = ctx;
  const targets = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await store.targets.list(p.tenantId, { cursor, limit: 500 });
    for (const t of page.items) targets.add(t.id);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  const tested = await findInAudit(ctx, p.tenantId, 'target.test', (latest) => {
    // entries come newest first: the first one seen for a target is its last test
    return (e) => {
      const id = e.subjectId ?? '';
      if (latest.has(id)) return false;
      latest.add(id);
      return e.data?.ok === true && targets.has(id);
    };
  });
  const validated = await findInAudit(ctx, p.tenantId, 'release.validate', () => (e) => e.data?.valid === true);
  const release = (await store.releases.list(p.tenantId, { limit: 1 })).items[0];
  const delivered = (await store.deliveries.list(p.tenantId, { status: ['completed', 'acknowledged'], limit: 1 }))
    .items[0];
  const acked = (await store.deliveries.list(p.tenantId, { status: 'acknowledged', limit: 1 })).items[0];
  const subject: Record<OnboardingStepName, string | null> = {
    targetAdded: targets.values().next().value ?? null,
    targetTested: tested?.subjectId ?? null,
    releaseCreated: release?.id ?? null,
    ernValidated: typeof validated?.data?.validationId === 'string' ? validated.data.validationId : null,
    delivered: delivered?.id ?? null,
    acknowledged: acked?.id ?? null,
  };
  const steps = ONBOARDING_STEPS.map((step) => ({ step, done: subject[step] !== null, subjectId: subject[step] }));
  return { steps, complete: steps.every((s) => s.done) };
}

// --- Internal helpers ---

/** The newest entry of an action that `matches` accepts, within the last {@link AUDIT_SCAN} entries of it. */
async function findInAudit(
  ctx: ServiceContext,
  tenantId: string,
  action: string,
  matcher: (seen: Set<string>) => (entry: AuditEntry) => boolean,
): Promise<AuditEntry | undefined> {
  const matches = matcher(new Set());
  let cursor: string | undefined;
  let read = 0;
  do {
    const page = await ctx.store.audit.list(tenantId, { action, cursor, limit: 500 });
    const found = page.items.find(matches);
    if (found) return found;
    read += page.items.length;
    cursor = page.nextCursor ?? undefined;
  } while (cursor && read < AUDIT_SCAN);
  return undefined;
}
