import { randomUUID } from 'node:crypto';
import { ERN_VERSION_IDS } from '@ddex/ern-model';
import type { ErnValidationIssue, ErnVersion, WriterIssue } from '@ddex/ern-writer';
import { z } from 'zod';
import { notFound } from '../errors';
import { authorize, type Principal } from '../principal';
import type { ServiceContext } from './context';
import { suggestFix } from './issue-suggestions';

/** What checked a message: the built-in XSD validation, the DDEX Workbench API, or another injected validator. */
export const VALIDATION_ENGINES = ['offline', 'workbench', 'custom'] as const;
/** One of {@link VALIDATION_ENGINES}. */
export type ValidationEngine = (typeof VALIDATION_ENGINES)[number];

/** One problem of a stored validation: XSD errors have a line, writer issues a field path. */
export const ValidationIssueSchema = z.object({
  severity: z.enum(['error', 'warning']),
  rule: z.string().describe('stable code: `schema`, `not_well_formed`… for the XSD, the writer’s code otherwise'),
  line: z.number().int().describe('1-based; 0 when unknown or not an XML problem'),
  column: z.number().int().describe('1-based; 0 when unknown'),
  path: z.string().optional().describe('field of the release behind a writer issue'),
  message: z.string(),
  suggestion: z.string().optional().describe('how to fix it, when the message names what the XSD expects'),
});
/** One problem of a stored validation. */
export type ValidationIssue = z.output<typeof ValidationIssueSchema>;

/**
 * Stages of a validation, in order: `build` writes the message (the writer's AVS and version checks), `rules` runs
 * the release's cross-field business rules, then the message is checked by `schema` (the built-in XSD validation),
 * `workbench` (the DDEX Workbench API) or `custom` (another injected validator).
 */
export const VALIDATION_STAGES = ['build', 'rules', 'schema', 'workbench', 'custom'] as const;

/** How long one stage of a validation took and what it found. */
export const ValidationStageSchema = z.object({
  stage: z.enum(VALIDATION_STAGES),
  ms: z.number().describe('milliseconds, to 0.01'),
  issues: z.number().int().describe('problems the stage reported'),
});
/** One stage of a validation with its time. */
export type ValidationStage = z.output<typeof ValidationStageSchema>;

/** A stored validation result, as `GET /api/validations/{id}` returns it. */
export const ValidationReportSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  releaseId: z.string(),
  releaseVersion: z.number().int().describe('the release version (ETag) that was validated'),
  ernVersion: z.enum(ERN_VERSION_IDS),
  targetId: z.string().nullable().describe('the target whose version and recipient were used, if any'),
  engine: z.enum(VALIDATION_ENGINES),
  valid: z.boolean(),
  errors: z.array(ValidationIssueSchema).describe('XSD errors first, then business-rule errors, then writer warnings'),
  stages: z
    .array(ValidationStageSchema)
    .optional()
    .describe('each stage with its time, in order (absent on results stored before stages were recorded)'),
  createdAt: z.string(),
});
/** A stored validation result. */
export type ValidationReport = z.output<typeof ValidationReportSchema>;

/** Stored validation results of the caller's tenant. */
export interface ValidationService {
  /** Reads a stored result; NOT_FOUND when absent or another tenant's. */
  get(principal: Principal, id: string): Promise<ValidationReport>;
}

/** What {@link saveValidation} records. @internal */
export interface ValidationInput {
  releaseId: string;
  releaseVersion: number;
  ernVersion: ErnVersion;
  targetId?: string;
  valid: boolean;
  errors: readonly ErnValidationIssue[];
  /** the release's business-rule violations (ern-model's cross-field rules) */
  ruleIssues: readonly WriterIssue[];
  writerIssues: readonly WriterIssue[];
  stages: readonly ValidationStage[];
}

/**
 * Stores a validation result in the tenant's asset store (`_distro/validations/<id>.json`, like the ack collector's
 * state): results are written once and read by id, so an object store fits every catalog store without a
 * migration. @internal
 */
export async function saveValidation(
  ctx: ServiceContext,
  tenantId: string,
  input: ValidationInput,
): Promise<ValidationReport> {
  const report: ValidationReport = {
    id: randomUUID(),
    tenantId,
    releaseId: input.releaseId,
    releaseVersion: input.releaseVersion,
    ernVersion: input.ernVersion,
    targetId: input.targetId ?? null,
    engine: validationEngine(ctx),
    valid: input.valid,
    errors: [
      ...input.errors.map((e) => ({
        severity: 'error' as const,
        rule: e.code,
        line: e.line,
        column: e.column,
        message: e.message,
        ...withSuggestion(e.code, e.message),
      })),
      ...input.ruleIssues.map((r) => ({
        severity: 'error' as const,
        rule: r.code,
        line: 0,
        column: 0,
        path: r.path,
        message: r.message,
      })),
      ...input.writerIssues.map((w) => ({
        severity: 'warning' as const,
        rule: w.code,
        line: 0,
        column: 0,
        path: w.path,
        message: w.message,
      })),
    ],
    stages: [...input.stages],
    createdAt: new Date(ctx.now()).toISOString(),
  };
  await ctx.store.assets.put(tenantId, keyOf(report.id), JSON.stringify(report), { contentType: 'application/json' });
  return report;
}

/** What checks messages in this service: the configured engine, else `custom` for an injected validator. @internal */
export function validationEngine(ctx: ServiceContext): ValidationEngine {
  return ctx.options.validatorEngine ?? (ctx.options.validator ? 'custom' : 'offline');
}

/** @internal */
export function validationService(ctx: ServiceContext): ValidationService {
  return {
    async get(p, id) {
      authorize(p, 'catalog:read');
      if (!UUID.test(id)) throw notFound('validation', id);
      const key = keyOf(id);
      if (!(await ctx.store.assets.stat(p.tenantId, key))) throw notFound('validation', id);
      const chunks: Buffer[] = [];
      for await (const c of await ctx.store.assets.get(p.tenantId, key)) chunks.push(Buffer.from(c as Uint8Array));
      return JSON.parse(Buffer.concat(chunks).toString('utf8')) as ValidationReport;
    },
  };
}

const CSV_COLUMNS = ['severity', 'rule', 'line', 'column', 'path', 'message'] as const;

/**
 * The problems of a report as CSV (RFC 4180, CRLF, a header row; a valid report is the header alone). Cells that a
 * spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR) get a leading `'`.
 */
export function validationCsv(report: ValidationReport): string {
  const rows = report.errors.map((e) => CSV_COLUMNS.map((col) => csvCell(e[col])));
  return [CSV_COLUMNS.join(','), ...rows.map((r) => r.join(','))].join('\r\n') + '\r\n';
}

// --- Internal helpers ---

function withSuggestion(code: string, message: string): { suggestion?: string } {
  const suggestion = suggestFix(code, message);
  return suggestion === undefined ? {} : { suggestion };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function keyOf(id: string): string {
  return `_distro/validations/${id}.json`;
}

function csvCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
