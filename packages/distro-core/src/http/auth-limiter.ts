/** Options of {@link createAuthLimiter}. */
export interface AuthLimiterOptions {
  /**
   * Failed authentications a client may make within the window before it gets 429.
   * @default 30
   */
  max?: number;
  /**
   * Window length in ms.
   * @default 60000
   */
  windowMs?: number;
  /** time source @default Date.now */
  clock?: () => number;
}

/** Counts failed authentications per client and tells when a client must wait. */
export interface AuthLimiter {
  /** Seconds the client must wait, or 0 when it may try. */
  retryAfter(client: string): number;
  /** Records a failed authentication. */
  fail(client: string): void;
}

/** A fixed-window, in-process limiter of failed authentications (brute-force guard for API keys). */
export function createAuthLimiter(options: AuthLimiterOptions = {}): AuthLimiter {
  const max = options.max ?? 30;
  const windowMs = options.windowMs ?? 60_000;
  const now = options.clock ?? Date.now;
  const windows = new Map<string, { start: number; count: number }>();
  const current = (client: string) => {
    const t = now();
    let w = windows.get(client);
    if (!w || t - w.start >= windowMs) {
      w = { start: t, count: 0 };
      windows.set(client, w);
      if (windows.size > 10_000) {
        for (const [k, v] of windows) if (t - v.start >= windowMs) windows.delete(k);
      }
    }
    return w;
  };
  return {
    retryAfter(client) {
      const w = current(client);
      return w.count >= max ? Math.max(1, Math.ceil((w.start + windowMs - now()) / 1000)) : 0;
    },
    fail(client) {
      current(client).count++;
    },
  };
}
