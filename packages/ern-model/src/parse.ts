import { runtimeParser, type SafeParser, tieredParser } from './fast-parse';
import { fromZodIssue, type ModelIssue, type ParseResult } from './issues';
import { RELEASE_RULES } from './rules/release-rules';
import { ReleaseSchema } from './schemas/release';
import { DeliverySchema, DeliveryTargetSchema, TenantSchema } from './schemas/service';
import type { Delivery, DeliveryTarget, Release, Tenant } from './types';
import { findUnknownKeys } from './unknown-keys';

function parseWith<T>(
  schema: Parameters<typeof findUnknownKeys>[0],
  parse: SafeParser<T>,
  input: unknown,
  rules: readonly ((data: T) => ModelIssue[])[] = [],
): ParseResult<T> {
  const result = parse(input);
  if (!result.success) {
    const issues = result.error.issues.map(fromZodIssue);
    return { success: false, issues: [...issues, ...rulesOnRawInput(input, rules as readonly RawRule[], issues)] };
  }
  let issues: ModelIssue[] | undefined;
  for (const rule of rules) {
    const found = rule(result.data);
    if (found.length > 0) issues = issues === undefined ? found : issues.concat(found);
  }
  if (issues !== undefined) return { success: false, issues };
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
  const covered = (path: string) => {
    for (const p of taken) if (path === p || path.startsWith(`${p}.`)) return true;
    return false;
  };
  const issues: ModelIssue[] = [];
  for (const rule of rules) {
    let found: ModelIssue[];
    try {
      found = rule(view);
    } catch {
      continue;
    }
    for (const i of found) if (!covered(i.path)) issues.push(i);
  }
  return issues;
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

// Releases go through zod's compiled parser (the parity test keeps it equal to the runtime parser) once about 3,000
// tracks have been parsed: generating it costs about 40 ms of CPU, what the runtime parser spends on that many tracks
// (about 10 µs each). The CLI checking one release never pays it; an import, the reader and the service soon do.
const parseReleaseFields = tieredParser<Release>(ReleaseSchema, { weigh: trackCount, compileAfter: 3000 });

function trackCount(input: unknown): number {
  const tracks = input !== null && typeof input === 'object' ? (input as { tracks?: unknown }).tracks : undefined;
  return 1 + (Array.isArray(tracks) ? tracks.length : 0);
}

/** @internal true once parseRelease uses zod's compiled parser (for tests). */
export function releaseParserCompiled(): boolean {
  return parseReleaseFields.compiled;
}

const parseTenantFields = runtimeParser<Tenant>(TenantSchema);
const parseDeliveryTargetFields = runtimeParser<DeliveryTarget>(DeliveryTargetSchema);
const parseDeliveryFields = runtimeParser<Delivery>(DeliverySchema);

/**
 * Parses and checks a release in the JSON import format: field types and formats, identifiers with their check
 * characters, DDEX allowed values, then the cross-field rules (unique positions and ISRCs, assets resolve and are
 * used, territories, dates in order, parental warnings consistent). Never throws on bad input.
 * @example
 * const result = parseRelease(JSON.parse(text));
 * if (!result.success) for (const i of result.issues) console.log(`${i.path}: ${i.code}: ${i.message}`);
 */
export function parseRelease(input: unknown): ParseResult<Release> {
  return parseWith(ReleaseSchema, parseReleaseFields, input, RELEASE_RULES);
}

/** Parses a tenant; never throws on bad input. */
export function parseTenant(input: unknown): ParseResult<Tenant> {
  return parseWith(TenantSchema, parseTenantFields, input);
}

/** Parses a delivery target; never throws on bad input. */
export function parseDeliveryTarget(input: unknown): ParseResult<DeliveryTarget> {
  return parseWith(DeliveryTargetSchema, parseDeliveryTargetFields, input);
}

/** Parses a delivery; never throws on bad input. */
export function parseDelivery(input: unknown): ParseResult<Delivery> {
  return parseWith(DeliverySchema, parseDeliveryFields, input);
}
