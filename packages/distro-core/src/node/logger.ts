import pino, { type DestinationStream, type Logger } from 'pino';

export type { DestinationStream, Logger };

import { REDACTED, SECRET_KEY_PATTERN } from '../secrets/config-secrets';

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /**
   * Lowest level written.
   * @default process.env.LOG_LEVEL ?? 'info'
   */
  level?: string;
  /**
   * Where lines go.
   * @default standard output
   */
  destination?: DestinationStream;
}

/** Paths pino redacts outright (request headers carrying credentials). */
export const REDACT_PATHS = [
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.cookie',
];

/** A deep copy of a log object with every value under a secret-looking key replaced by `[redacted]`. */
export function scrubSecrets(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrubSecrets(v, depth + 1));
  if (value instanceof Error) return { type: value.name, message: value.message };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SECRET_KEY_PATTERN.test(k) && v !== undefined && v !== null ? REDACTED : scrubSecrets(v, depth + 1);
  }
  return out;
}

/**
 * The service's pino logger (JSON lines): authorization headers are redacted by path, and any field whose name looks
 * like a secret (password, token, privateKey, apiKey, secret, credentials…) is replaced at any depth.
 * @example
 * const logger = createLogger({ level: 'debug' });
 * const services = createDistroServices({ store, keys, logger });
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      base: { service: 'ddex-distro' },
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      formatters: { log: (object) => scrubSecrets(object) as Record<string, unknown> },
    },
    options.destination,
  );
}
