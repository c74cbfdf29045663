import type { AddressInfo } from 'node:net';
import { connect, createServer, type Socket } from 'node:net';

/** Options of {@link startCuttingProxy}. */
export interface CuttingProxyOptions {
  /** Port on 127.0.0.1 to forward to. */
  targetPort: number;
  /** Cut a connection once this many bytes went from client to server on it. */
  cutAfterBytes: number;
  /** How many connections to cut (the first ones that reach `cutAfterBytes`); later ones pass untouched. @default 1 */
  cutConnections?: number;
}

/**
 * A TCP proxy on loopback that destroys both sides of a connection in the middle of an upload: the fault a flaky
 * network or a restarted server gives a delivery.
 */
export async function startCuttingProxy(options: CuttingProxyOptions) {
  let connections = 0;
  let cuts = 0;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    connections++;
    const upstream = connect(options.targetPort, '127.0.0.1');
    sockets.add(client);
    sockets.add(upstream);
    let sent = 0;
    client.on('data', (chunk: Buffer) => {
      sent += chunk.length;
      if (sent >= options.cutAfterBytes && cuts < (options.cutConnections ?? 1)) {
        cuts++;
        client.destroy();
        upstream.destroy();
        return;
      }
      if (!upstream.write(chunk)) client.pause();
    });
    upstream.on('drain', () => client.resume());
    upstream.on('data', (chunk: Buffer) => {
      if (!client.write(chunk)) upstream.pause();
    });
    client.on('drain', () => upstream.resume());
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', close);
    upstream.on('close', close);
    client.on('error', close);
    upstream.on('error', close);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    get connections() {
      return connections;
    },
    get cuts() {
      return cuts;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
