import {
  cancelledError,
  codeFromErrno,
  DeliveryError,
  type DeliveryErrorCode,
  isAbortError,
  isDeliveryError,
  type Redactor,
  sanitizeError,
} from '../errors';

/** Options of {@link mapError}. */
export interface MapErrorOptions {
  /** Removes the transport's secrets from messages. */
  redact: Redactor;
  /** Remote path concerned. */
  path?: string;
  /** The operation's signal: an abort becomes `CANCELLED`. */
  signal?: AbortSignal;
  /** Transport-specific classification, tried before the errno table. */
  classify?: (error: unknown) => DeliveryErrorCode | undefined;
  /** What was being done, for the message (`put`, `connect`, ...). */
  op?: string;
}

/** Turns anything a client library throws into a credential-free {@link DeliveryError}. */
export function mapError(transport: string, error: unknown, o: MapErrorOptions): DeliveryError {
  if (isDeliveryError(error)) return error;
  if (o.signal?.aborted || isAbortError(error, o.signal)) return cancelledError(transport, o.path);
  const code = o.classify?.(error) ?? codeFromErrno(error) ?? 'UNKNOWN';
  const cause = sanitizeError(error, o.redact);
  const where = [o.op, o.path].filter(Boolean).join(' ');
  return new DeliveryError(code, `${where ? `${where}: ` : ''}${cause.message}`, {
    transport,
    cause,
    path: o.path,
  });
}
