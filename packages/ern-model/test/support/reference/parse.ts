// Reference for the parity test: parse.ts as it was before parseRelease took zod's compiled fast path. It parses
// the current schemas with zod's plain runtime safeParse and reportInput, with the old rules and unknown-key walk
// beside it. Keep it as it is: it is what the new implementation is compared with.
import type { z } from 'zod';
import { fromZodIssue, type ModelIssue, type ParseResult } from '../../../src/issues';
import { ReleaseSchema } from '../../../src/schemas/release';
import { DeliverySchema, DeliveryTargetSchema, TenantSchema } from '../../../src/schemas/service';
import type { Delivery, DeliveryTarget, Release, Tenant } from '../../../src/types';
import { RELEASE_RULES } from './release-rules';
import { findUnknownKeys } from './unknown-keys';

function parseWith<T>(
  schema: z.ZodType<T>,
  input: unknown,
  rules: readonly ((data: T) => ModelIssue[])[] = [],
): ParseResult<T> {
  const result = schema.safeParse(input, { reportInput: true });
  if (!result.success) {
    const issues = result.error.issues.map(fromZodIssue);
    return { success: false, issues: [...issues, ...rulesOnRawInput(input, rules as readonly RawRule[], issues)] };
  }
  const issues = rules.flatMap((rule) => rule(result.data));
  if (issues.length > 0) return { success: false, issues };
  return { success: true, data: result.data, warnings: findUnknownKeys(schema, input) };
}

type RawRule = (data: unknown) => ModelIssue[];

/**
 * When field checks fail, the cross-field rules still run on a lenient view of the input, so one pass reports
 * everything (a bad ISRC and a track pointing at a missing file). A rule that meets malformed data reports
 * nothing: the field issue already covers it. Issues at a path that already has one are dropped.
 */
function rulesOnRawInput(input: unknown, rules: readonly RawRule[], fieldIssues: readonly ModelIssue[]): ModelIssue[] {
  const view = lenientView(input);
  if (view === undefined) return [];
  const taken = new Set(fieldIssues.map((i) => i.path));
  return rules.flatMap((rule) => {
    try {
      return rule(view).filter((i) => ![...taken].some((p) => i.path === p || i.path.startsWith(`${p}.`)));
    } catch {
      return [];
    }
  });
}

/** A plain object, or an empty one when the value is anything else (string, array, null). */
function objectOr(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function arrayOr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

// The cross-field rules read a release-shaped value; when fields failed, this view keeps what can be read and
// replaces wrong-typed containers with empty ones so the rules still run and report everything in one pass.
function lenientView(input: unknown): unknown {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return undefined;
  const raw = structuredClone(input) as Record<string, unknown>;
  raw.tracks = arrayOr(raw.tracks)
    .filter((t): t is Record<string, unknown> => t !== null && typeof t === 'object' && !Array.isArray(t))
    .map((track) => ({
      ...track,
      discNumber: track.discNumber ?? 1,
      metadata: objectOr(track.metadata),
      isrc: typeof track.isrc === 'string' ? track.isrc.replace(/-/g, '').toUpperCase() : track.isrc,
    }));
  const assets = objectOr(raw.assets);
  raw.assets = Object.fromEntries(
    ['audio', 'images', 'videos', 'documents'].map((kind) => [kind, arrayOr(assets[kind])]),
  );
  raw.metadata = objectOr(raw.metadata);
  raw.rights = objectOr(raw.rights);
  const territories = objectOr(raw.territories);
  raw.territories = {
    ...territories,
    included: arrayOr(territories.included),
    excluded: arrayOr(territories.excluded),
  };
  return raw;
}

/**
 * Parses and checks a release in the JSON import format: field types and formats, identifiers with their check
 * characters, DDEX allowed values, then the cross-field rules (unique positions and ISRCs, assets resolve and are
 * used, territories, dates in order, parental warnings consistent). Never throws on bad input.
 * @example
 * const result = parseRelease(JSON.parse(text));
 * if (!result.success) for (const i of result.issues) console.log(`${i.path}: ${i.code}: ${i.message}`);
 */
export function parseRelease(input: unknown): ParseResult<Release> {
  return parseWith(ReleaseSchema, input, RELEASE_RULES);
}

/** Parses a tenant; never throws on bad input. */
export function parseTenant(input: unknown): ParseResult<Tenant> {
  return parseWith(TenantSchema, input);
}

/** Parses a delivery target; never throws on bad input. */
export function parseDeliveryTarget(input: unknown): ParseResult<DeliveryTarget> {
  return parseWith(DeliveryTargetSchema, input);
}

/** Parses a delivery; never throws on bad input. */
export function parseDelivery(input: unknown): ParseResult<Delivery> {
  return parseWith(DeliverySchema, input);
}
