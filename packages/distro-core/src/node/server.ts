import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from '../http/app';
import type { DistroServices } from '../services/index';
import { type DeliveryWorker, startDeliveryWorker } from '../worker/delivery-worker';
import { staticFiles } from './static-files';

/** Options of {@link startServer}. */
export interface ServerOptions {
  /** the services to serve. Required. */
  services: DistroServices;
  /**
   * TCP port; 0 picks a free one.
   * @default 8080
   */
  port?: number;
  /**
   * Address to listen on.
   * @default '127.0.0.1'
   */
  hostname?: string;
  /**
   * Delivery worker loops run in this process (0: API only).
   * @default 1
   */
  workers?: number;
  /** largest request body in bytes @default 2 MiB */
  maxBodyBytes?: number;
  /** a built single-page app (folder with index.html) served at `/`, beside the API under `/api` */
  staticDir?: string;
  /** offer self-service sign-up (a new tenant and its first admin) @default false */
  allowSignup?: boolean;
}

/** A running server. */
export interface RunningServer {
  /** base URL, e.g. `http://127.0.0.1:8080` */
  url: string;
  /** the port listened on */
  port: number;
  /** Stops accepting requests, stops the workers and closes the store. Idempotent. */
  close(): Promise<void>;
}

/** Serves the API on Node's HTTP server and runs delivery workers beside it. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { services } = options;
  const app = createApp(services, { maxBodyBytes: options.maxBodyBytes, allowSignup: options.allowSignup });
  const hostname = options.hostname ?? '127.0.0.1';
  const web = options.staticDir ? staticFiles(options.staticDir) : undefined;
  const fetch = web
    ? async (request: Request, env: unknown) => (await web(request)) ?? app.fetch(request, env)
    : app.fetch;
  const info = await new Promise<{ server: ReturnType<typeof serve>; address: AddressInfo }>((resolve, reject) => {
    const server = serve({ fetch, port: options.port ?? 8080, hostname }, (address) => resolve({ server, address }));
    server.once('error', reject);
  });
  const workers = options.workers ?? 1;
  const worker: DeliveryWorker | undefined =
    workers > 0 ? startDeliveryWorker(services, { concurrency: workers }) : undefined;
  let closing: Promise<void> | undefined;
  const host = hostname.includes(':') ? `[${hostname}]` : hostname;
  return {
    url: `http://${host}:${info.address.port}`,
    port: info.address.port,
    close() {
      closing ??= (async () => {
        // open event streams would hold the server open: end them first
        services.context.deliveryFeed.close();
        const closed = new Promise<void>((resolve) => info.server.close(() => resolve()));
        (info.server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
        await closed;
        await worker?.stop();
        await services.store.close();
      })();
      return closing;
    },
  };
}
