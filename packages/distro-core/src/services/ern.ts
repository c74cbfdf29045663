import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { ERN_VERSION_IDS, RELEASE_RULES, type Release } from '@ddex/ern-model';
import {
  type ErnValidationIssue,
  type ErnVersion,
  type MessageParty,
  type WriterIssue,
  writeErn,
} from '@ddex/ern-writer';
import { z } from 'zod';
import { DistroError } from '../errors';
import { invalid, parseInput } from '../input';
import { authorize, type Principal } from '../principal';
import { emitEvent } from '../webhooks/service';
import type { ServiceContext } from './context';
import { applyGenreMap } from './genre-mapping';
import { suggestFix } from './issue-suggestions';
import { saveValidation, type ValidationStage, validationEngine } from './validations';

const party = z.object({ dpid: z.string().min(1), name: z.string().min(1) });

/** Body of `generate` and `validate`: every field optional; a target supplies version and recipient. */
export const GenerateInputSchema = z
  .object({
    version: z.enum(ERN_VERSION_IDS).optional(),
    targetId: z.string().min(1).optional(),
    kind: z.enum(['NewRelease', 'Update', 'Takedown']).optional(),
    takedownMethod: z.enum(['EndDatedDeal', 'EmptyDealList', 'Purge']).optional(),
    messageId: z.string().min(1).max(200).optional(),
    createdAt: z.iso.datetime({ offset: true }).optional(),
    profile: z.string().min(1).optional(),
    test: z.boolean().optional(),
    sender: party.optional(),
    recipient: party.optional(),
  })
  .strict();

/** Input of {@link ErnService.generate}. */
export type GenerateInput = z.input<typeof GenerateInputSchema>;

/** A generated ERN message. */
export interface GeneratedErn {
  /** ERN version written */
  version: ErnVersion;
  /** the XML */
  xml: string;
  /** what the version could not carry or had to change */
  issues: readonly WriterIssue[];
  /** the message sender written */
  sender: MessageParty;
  /** the message recipient written */
  recipient: MessageParty;
}

/** The outcome of validating a release's ERN message. */
export interface ReleaseValidation {
  /** id of the stored result: `GET /api/validations/{id}` (JSON, or `?format=csv`) */
  id: string;
  /** true when the message is valid against its XSD and the release breaks no business rule */
  valid: boolean;
  /** ERN version validated */
  version: ErnVersion;
  /** XSD problems with line and column, with a fix suggestion where the message names what the XSD expects */
  errors: readonly (ErnValidationIssue & { suggestion?: string })[];
  /** the release's business-rule violations (cross-field rules of the release model) */
  ruleIssues: readonly WriterIssue[];
  /** what the writer could not carry */
  writerIssues: readonly WriterIssue[];
  /** each stage (build, rules, schema or workbench) with its time */
  stages: readonly ValidationStage[];
}

/** ERN generation and offline validation of stored releases. */
export interface ErnService {
  /** Writes the ERN message of a release, for a target's version and recipient or the ones given. */
  generate(principal: Principal, releaseId: string, input?: unknown): Promise<GeneratedErn>;
  /** Generates, then validates the message against DDEX's XSD, and stores the result (see `ValidationService`). */
  validate(principal: Principal, releaseId: string, input?: unknown): Promise<ReleaseValidation>;
}

/** Builds the ERN message of a release as the worker and the API do. @internal */
export async function buildErn(
  ctx: ServiceContext,
  tenantId: string,
  release: Release,
  input: z.output<typeof GenerateInputSchema>,
): Promise<GeneratedErn> {
  const target = input.targetId ? (await ctx.store.targets.get(tenantId, input.targetId)).target : undefined;
  const version = input.version ?? target?.requirements?.ernVersion ?? release.ddex.version;
  const sender = input.sender ?? labelParty(release) ?? ctx.options.sender;
  const recipient = input.recipient ?? target?.recipient;
  if (!sender) invalid('sender_required', 'sender', 'Name a sender: { dpid, name } (or set the label DPID).');
  if (!recipient) invalid('recipient_required', 'recipient', 'Name a recipient, or a target that has one.');
  try {
    // the target's genre names, not ours: its genreMap applies to this message only
    const { xml, issues } = writeErn(applyGenreMap(release, target).release, {
      version,
      sender,
      recipient,
      messageId: input.messageId,
      createdAt: input.createdAt ?? new Date(ctx.now()).toISOString(),
      kind: input.kind,
      takedownMethod: input.takedownMethod,
      profile: input.profile ?? target?.requirements?.profile ?? release.ddex.profile,
      messageControlType: (input.test ?? target?.testMode) ? 'Test' : 'Live',
    });
    return { version, xml, issues, sender, recipient };
  } catch (cause) {
    throw new DistroError('VALIDATION', 'the ERN message could not be written', {
      cause,
      issues: [{ code: 'ern_write_failed', path: '', message: (cause as Error).message }],
    });
  }
}

function labelParty(release: Release): MessageParty | undefined {
  const dpid = release.metadata.labelIds?.dpid;
  return dpid ? { dpid, name: release.metadata.label } : undefined;
}

/** @internal */
export function ernService(ctx: ServiceContext): ErnService {
  const load = async (p: Principal, releaseId: string, raw: unknown) => {
    authorize(p, 'catalog:read');
    const input = parseInput(GenerateInputSchema, raw ?? {});
    const record = await ctx.store.releases.get(p.tenantId, releaseId);
    return { input, record };
  };
  return {
    async generate(p, releaseId, raw) {
      const { input, record } = await load(p, releaseId, raw);
      return buildErn(ctx, p.tenantId, record.release, input);
    },
    async validate(p, releaseId, raw) {
      // the version stored with the result is the one whose document was written
      const { input, record } = await load(p, releaseId, raw);
      const stages: ValidationStage[] = [];
      const ern = await timed(
        stages,
        'build',
        () => buildErn(ctx, p.tenantId, record.release, input),
        (e) => e.issues.length,
      );
      const ruleIssues = await timed(
        stages,
        'rules',
        async () => RELEASE_RULES.flatMap((rule) => rule(record.release)),
        (issues) => issues.length,
      );
      const engine = validationEngine(ctx);
      let result: Awaited<ReturnType<typeof ctx.validator>>;
      try {
        result = await timed(
          stages,
          engine === 'offline' ? 'schema' : engine,
          () => ctx.validator(ern.xml),
          (r) => r.errors.length,
        );
      } catch (cause) {
        ctx.logger.warn?.({ err: (cause as Error).message }, 'ERN validation is not available');
        throw new DistroError('UNAVAILABLE', 'offline ERN validation is not configured (DDEX_SCHEMA_DIR)', { cause });
      }
      const valid = result.valid && ruleIssues.length === 0;
      const stored = await saveValidation(ctx, p.tenantId, {
        releaseId,
        releaseVersion: record.version,
        ernVersion: ern.version,
        targetId: input.targetId,
        valid,
        errors: result.errors,
        ruleIssues,
        writerIssues: ern.issues,
        stages,
      });
      // the first-run checklist reads "first validated ERN" from here (see onboarding)
      await ctx.audit(p, 'release.validate', 'release', releaseId, { valid, validationId: stored.id });
      await emitEvent(ctx, p.tenantId, 'release.validated', randomUUID(), {
        releaseId,
        releaseVersion: record.version,
        ernVersion: ern.version,
        valid,
        errors: result.errors.length + ruleIssues.length,
        validationId: stored.id,
      });
      return {
        id: stored.id,
        valid,
        version: ern.version,
        errors: result.errors.map((e) => {
          const suggestion = suggestFix(e.code, e.message);
          return suggestion === undefined ? e : { ...e, suggestion };
        }),
        ruleIssues,
        writerIssues: ern.issues,
        stages,
      };
    },
  };
}

// --- Internal helpers ---

/** Runs one stage of a validation and records its time (to 0.01 ms) and issue count. */
async function timed<T>(
  stages: ValidationStage[],
  stage: ValidationStage['stage'],
  run: () => Promise<T> | T,
  count: (result: T) => number,
): Promise<T> {
  const started = performance.now();
  const result = await run();
  stages.push({ stage, ms: Math.round((performance.now() - started) * 100) / 100, issues: count(result) });
  return result;
}
