import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { CatalogStore } from '@ddex/catalog-store';
import {
  createDistroServices,
  envKeyProvider,
  type KeyProvider,
  localKeyProvider,
  SECRET_KEY_ENV,
} from '@ddex/distro-core';
import {
  ADMIN_KEY_ENV,
  bootstrapTenant,
  createLogger,
  type DestinationStream,
  type Logger,
  type RunningServer,
  seedDemo,
  startServer,
  staticAdminKey,
} from '@ddex/distro-core/node';
import type { MessageParty } from '@ddex/ern-writer';
import { type Command, InvalidArgumentError } from 'commander';
import { CliError, type CliIo } from '../io';
import type { ExitCodeSink } from '../program';

/** Options of `ddex-distro serve`. */
export interface ServeOptions {
  /** data folder (SQLite database, files, the local secret key) */
  data: string;
  /** TCP port (0: any free one) */
  port: number;
  /** address to listen on */
  host: string;
  /** delivery worker loops in this process */
  workers: number;
  /** id of the first tenant */
  tenant: string;
  /** load the canonical album and a filesystem "DSP" target: a path, or true to look for shared/examples */
  seedDemo?: string | boolean;
}

/** A started `serve`: the server, its logger and what the first start created. */
export interface ServeHandle {
  /** the running server */
  server: RunningServer;
  /** the pino logger */
  logger: Logger;
  /** which store backs it: `sqlite` or `memory` (fallback) */
  store: string;
}

const DEMO_SENDER: MessageParty = { dpid: 'PADPIDA20270101016', name: 'DDEX Distro Demo Label' };

function int(min: number, max: number) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}`);
    return n;
  };
}

function findShared(relative: string): string | undefined {
  for (let dir = process.cwd(); ; dir = dirname(dir)) {
    for (const candidate of [join(dir, 'shared', relative), join(dir, '..', 'shared', relative)]) {
      if (existsSync(candidate)) return candidate;
    }
    if (dirname(dir) === dir) return undefined;
  }
}

async function keyProvider(dataDir: string, logger: Logger, env: NodeJS.ProcessEnv): Promise<KeyProvider> {
  const fromEnv = envKeyProvider(env);
  if (fromEnv) return fromEnv;
  const file = join(dataDir, 'secret.key');
  if (!existsSync(file)) {
    await writeFile(file, randomBytes(32).toString('base64'), { mode: 0o600 });
    await chmod(file, 0o600);
  }
  logger.warn({ file }, `${SECRET_KEY_ENV} is not set: target secrets are encrypted with the key in this file`);
  return localKeyProvider({ key: (await readFile(file, 'utf8')).trim() });
}

async function openStore(dataDir: string, logger: Logger): Promise<CatalogStore> {
  try {
    const { sqliteStore } = await import('@ddex/adapter-sqlite');
    return sqliteStore({ dataDir });
  } catch (error) {
    logger.warn({ err: (error as Error).message }, 'the SQLite store is not available: data is kept in memory only');
    const { memoryStore } = await import('@ddex/catalog-store');
    return memoryStore();
  }
}

function parseSender(value: string | undefined): MessageParty | undefined {
  if (!value) return undefined;
  const colon = value.indexOf(':');
  return colon < 0 ? { dpid: value, name: value } : { dpid: value.slice(0, colon), name: value.slice(colon + 1) };
}

/**
 * Starts the service: the store under `--data` (SQLite; memory when the adapter cannot load), the first tenant and
 * admin key on first start, the optional demo seed, the API and the delivery workers.
 */
export async function startServe(
  opts: ServeOptions,
  io: CliIo,
  env: NodeJS.ProcessEnv = process.env,
  logDestination?: DestinationStream,
): Promise<ServeHandle> {
  const logger = createLogger({ destination: logDestination });
  const dataDir = resolve(opts.data);
  await mkdir(join(dataDir, 'dsp'), { recursive: true });
  const keys = await keyProvider(dataDir, logger, env);
  const store = await openStore(dataDir, logger);
  const adminKey = env[ADMIN_KEY_ENV] || undefined;
  let staticKeys: ReturnType<typeof staticAdminKey>[] = [];
  try {
    staticKeys = adminKey ? [staticAdminKey(adminKey, opts.tenant)] : [];
  } catch (error) {
    await store.close();
    throw new CliError((error as Error).message);
  }
  const services = createDistroServices({
    store,
    keys,
    staticKeys,
    filesystemRoot: join(dataDir, 'dsp'),
    schemaDir: env.DDEX_SCHEMA_DIR || findShared('ddex/schemas'),
    sender: parseSender(env.DDEX_DISTRO_SENDER) ?? (opts.seedDemo ? DEMO_SENDER : undefined),
    logger,
  });
  const boot = await bootstrapTenant(services, { tenantId: opts.tenant, adminKey });
  if (boot.created) logger.info({ tenantId: boot.tenantId }, 'created the first tenant');
  if (boot.generatedKey) {
    io.stdout(`\nAdmin API key for tenant "${boot.tenantId}" (shown once, keep it safe):\n  ${boot.generatedKey}\n\n`);
  }
  if (opts.seedDemo) {
    const path = typeof opts.seedDemo === 'string' ? resolve(opts.seedDemo) : findShared('examples/release-album.json');
    if (!path || !existsSync(path)) {
      await store.close();
      throw new CliError('--seed-demo: no release-album.json found; pass its path (--seed-demo path/to/release.json)');
    }
    const seeded = await seedDemo(services, boot.tenantId, { releasePath: path });
    logger.info({ ...seeded, tenantId: boot.tenantId }, 'demo release and filesystem target ready');
  }
  let server: RunningServer;
  try {
    server = await startServer({ services, port: opts.port, hostname: opts.host, workers: opts.workers });
  } catch (error) {
    await store.close();
    throw new CliError(`cannot listen on ${opts.host}:${opts.port}: ${(error as Error).message}`);
  }
  logger.info({ url: server.url, store: store.name, workers: opts.workers }, 'DDEX Distro is running');
  io.stdout(`DDEX Distro listening on ${server.url} (store: ${store.name}, data: ${dataDir})\n`);
  return { server, logger, store: store.name };
}

/** `ddex-distro serve`: the API and delivery workers on the embedded default (SQLite + files under --data). */
export function registerServe(program: Command, io: CliIo, exit: ExitCodeSink): void {
  program
    .command('serve')
    .description('run the distribution service: REST API and delivery workers (SQLite + files under --data)')
    .option('--data <dir>', 'data folder', './.ddex-distro')
    .option('--port <n>', 'TCP port', int(0, 65535), 8080)
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--workers <n>', 'delivery worker loops (0: API only)', int(0, 64), 1)
    .option('--tenant <id>', 'id of the first tenant', 'default')
    .option('--seed-demo [release.json]', 'load the canonical album and a filesystem "DSP" target')
    .action(async (opts: ServeOptions) => {
      const { server, logger } = await startServe(opts, io);
      await new Promise<void>((done) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          done();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      logger.info('shutting down');
      await server.close();
      exit(0);
    });
}
