import { WorkbenchError } from './errors';
import type {
  ErnVersion,
  WorkbenchHealth,
  WorkbenchIssue,
  WorkbenchMetadata,
  WorkbenchValidationResult,
} from './types';

/** Parses a 2xx body as JSON; throws `MALFORMED_RESPONSE`. */
export function parseJsonBody(text: string, status: number, attempts: number): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new WorkbenchError('MALFORMED_RESPONSE', `response body is not JSON (HTTP ${status}, ${text.length} bytes)`, {
      status,
      attempts,
      cause,
    });
  }
}

/**
 * Maps a `POST /validate` body `{ valid, errors, warnings, metadata }` to {@link WorkbenchValidationResult};
 * throws `MALFORMED_RESPONSE` when it does not follow the documented contract.
 */
export function mapValidateResponse(
  body: unknown,
  version: ErnVersion,
  status: number,
  attempts: number,
): WorkbenchValidationResult {
  const fail = (why: string): never => {
    throw new WorkbenchError('MALFORMED_RESPONSE', `unexpected validation response: ${why}`, { status, attempts });
  };
  if (!_isRecord(body)) return fail('not a JSON object');
  if (typeof body.valid !== 'boolean') return fail('"valid" is not a boolean');
  const errors = _issues(body.errors, 'error', 'errors', fail);
  const warnings = _issues(body.warnings, 'warning', 'warnings', fail);
  const result: WorkbenchValidationResult = { valid: body.valid, version, errors, warnings };
  if (_isRecord(body.metadata)) result.metadata = body.metadata as WorkbenchMetadata;
  return result;
}

/** Maps a `GET /health` body; throws `MALFORMED_RESPONSE` without a string `status`. */
export function mapHealthResponse(body: unknown, status: number, attempts: number): WorkbenchHealth {
  if (!_isRecord(body) || typeof body.status !== 'string') {
    throw new WorkbenchError('MALFORMED_RESPONSE', 'unexpected health response: no string "status"', {
      status,
      attempts,
    });
  }
  return body as WorkbenchHealth;
}

/** The API's own explanation of a non-2xx answer (`{ error: { message } }`), cut to 500 characters. */
export function errorBodyMessage(text: string): string | undefined {
  let message: unknown;
  try {
    const body: unknown = JSON.parse(text);
    if (_isRecord(body)) {
      message = _isRecord(body.error) ? body.error.message : (body.message ?? body.error);
    }
  } catch {
    message = text.trim() && !text.trimStart().startsWith('<') ? text.trim() : undefined;
  }
  if (typeof message !== 'string' || message === '') return undefined;
  return message.length > 500 ? `${message.slice(0, 500)}…` : message;
}

// --- Internal helpers ---

function _isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function _issues(
  value: unknown,
  defaultSeverity: 'error' | 'warning',
  field: string,
  fail: (why: string) => never,
): WorkbenchIssue[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return fail(`"${field}" is not an array`);
  return value.map((item, i) => {
    if (typeof item === 'string') return { message: item, severity: defaultSeverity };
    if (!_isRecord(item) || typeof item.message !== 'string') return fail(`${field}[${i}] has no string "message"`);
    const issue: WorkbenchIssue = { message: item.message };
    const line = _position(item.line);
    const column = _position(item.column);
    if (line !== undefined) issue.line = line;
    if (column !== undefined) issue.column = column;
    issue.severity = item.severity === 'error' || item.severity === 'warning' ? item.severity : defaultSeverity;
    if (typeof item.rule === 'string' && item.rule !== '') issue.rule = item.rule;
    return issue;
  });
}

function _position(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : undefined;
}
