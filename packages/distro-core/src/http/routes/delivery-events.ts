import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { DeliveryChange } from '../../services/delivery-feed';
import type { DistroServices } from '../../services/index';
import { type AppEnv, principal } from '../support';

/** Default wait between heartbeat comments on a quiet stream. */
export const HEARTBEAT_MS = 15_000;

/**
 * `GET /api/deliveries/events`: a `text/event-stream` of the caller's tenant's delivery changes. It opens with a
 * `ready` event (reload what you show: changes before it are not replayed), then sends a `delivery` event with the
 * delivery as JSON (`status`, `attemptCount`, `nextAttemptAt` while it waits to retry…) on every change, and a
 * `: heartbeat` comment after `heartbeatMs` of quiet so proxies keep it open. Authenticated like every /api route.
 */
export function deliveryEvents(services: DistroServices, heartbeatMs = HEARTBEAT_MS) {
  return (c: Context<AppEnv>) => {
    const waiting: DeliveryChange[] = [];
    let closed = false;
    let wake: (() => void) | undefined;
    const poke = () => wake?.();
    // subscribed before the response starts: a caller that may not read gets its error response, not a stream
    const unsubscribe = services.deliveries.subscribe(principal(c), {
      change(event) {
        waiting.push(event);
        poke();
      },
      close() {
        closed = true;
        poke();
      },
    });
    return streamSSE(c, async (stream) => {
      stream.onAbort(() => {
        closed = true;
        poke();
      });
      try {
        await stream.writeSSE({ event: 'ready', data: JSON.stringify({ at: new Date().toISOString() }), retry: 3000 });
        while (!closed && !stream.aborted) {
          for (let e = waiting.shift(); e; e = waiting.shift()) {
            await stream.writeSSE({ event: 'delivery', id: String(e.seq), data: JSON.stringify(e.delivery) });
          }
          let timer: ReturnType<typeof setTimeout> | undefined;
          const quiet = await new Promise<boolean>((resolve) => {
            wake = () => resolve(false);
            timer = setTimeout(() => resolve(true), heartbeatMs);
          });
          clearTimeout(timer);
          wake = undefined;
          if (quiet && !closed) await stream.write(': heartbeat\n\n');
        }
      } catch {
        // the client went away mid-write
      } finally {
        unsubscribe();
      }
    });
  };
}
