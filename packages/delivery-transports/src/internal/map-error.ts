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
  if (o.signal?.aborted) return cancelledError(transport, o.path);
  // an abort nobody asked for: the client library gave up on a request (lib-storage aborts the other parts of a
  // multipart upload when one fails), which a new attempt can fix
  const code = isAbortError(error) ? 'CONNECT' : (o.classify?.(error) ?? codeFromErrno(error) ?? 'UNKNOWN');
  const cause = sanitizeError(error, o.redact);
  const where = [o.op, o.path].filter(Boolean).join(' ');
  return new DeliveryError(code, `${where ? `${where}: ` : ''}${cause.message}`, {
    transport,
    cause,
    path: o.path,
    // a digest the server rejects was corrupted on the way: sending again can fix it
    retryable: code === 'INTEGRITY' ? true : undefined,
  });
}
