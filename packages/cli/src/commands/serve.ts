import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseEnv } from 'node:util';
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
  DEMO_USER,
  type DestinationStream,
  type Logger,
  outboxMailSender,
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
  /** built web app served at `/`: a folder, or false for API only (default: the reference app's dist, if built) */
  web?: string | boolean;
  /** PostgreSQL connection string: API and worker processes on several machines share this database */
  postgres?: string;
  /** S3 bucket for files with `--postgres` (otherwise files stay under `--data`) */
  s3Bucket?: string;
  /** S3 endpoint (MinIO, Ceph radosgw…) */
  s3Endpoint?: string;
  /** S3 region */
  s3Region?: string;
  /** key prefix inside the bucket */
  s3Prefix?: string;
  /** let anyone sign up a new organisation (tenant) in the web app (`DDEX_DISTRO_ALLOW_SIGNUP=1`) */
  allowSignup?: boolean;
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

function findUp(relative: string): string | undefined {
  for (let dir = process.cwd(); ; dir = dirname(dir)) {
    if (existsSync(join(dir, relative))) return join(dir, relative);
    if (dirname(dir) === dir) return undefined;
  }
}

/** The web app folder: `--web DIR`, `--no-web`, else the reference app's build when there is one. */
function webDir(web: string | boolean | undefined, env: NodeJS.ProcessEnv): string | undefined {
  if (web === false) return undefined;
  if (typeof web === 'string') {
    if (!existsSync(join(web, 'index.html'))) throw new CliError(`--web: no index.html in ${resolve(web)}`);
    return resolve(web);
  }
  if (env.DDEX_DISTRO_WEB_DIR) return resolve(env.DDEX_DISTRO_WEB_DIR);
  const index = findUp('examples/reference-app/dist/index.html');
  return index ? dirname(index) : undefined;
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

/**
 * The shared store of a scale-out deployment: PostgreSQL (`--postgres` or `DDEX_DISTRO_DATABASE_URL`) with files in
 * S3 (`--s3-bucket` or `DDEX_DISTRO_S3_BUCKET`; credentials from `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY` or the
 * SDK's usual chain) or, for a single machine, under `--data`.
 */
async function openSharedStore(
  url: string,
  opts: ServeOptions,
  dataDir: string,
  env: NodeJS.ProcessEnv,
): Promise<CatalogStore> {
  let pgAdapter: typeof import('@ddex/adapter-postgres');
  try {
    pgAdapter = await import('@ddex/adapter-postgres');
  } catch {
    throw new CliError('--postgres needs the @ddex/adapter-postgres package: npm install @ddex/adapter-postgres');
  }
  const bucket = opts.s3Bucket ?? env.DDEX_DISTRO_S3_BUCKET;
  const endpoint = opts.s3Endpoint ?? env.DDEX_DISTRO_S3_ENDPOINT;
  const assets = bucket
    ? pgAdapter.s3AssetStore({
        bucket,
        endpoint,
        region: opts.s3Region ?? env.DDEX_DISTRO_S3_REGION ?? env.AWS_REGION ?? 'us-east-1',
        prefix: opts.s3Prefix ?? env.DDEX_DISTRO_S3_PREFIX,
        forcePathStyle: Boolean(endpoint),
        credentials:
          env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
            ? { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY }
            : undefined,
      })
    : (await import('@ddex/adapter-sqlite')).fsAssets({ root: join(dataDir, 'assets') });
  try {
    return await pgAdapter.openPostgresStore({
      connectionString: url,
      assets,
      schema: env.DDEX_DISTRO_PG_SCHEMA || undefined,
      allowRlsBypass: env.DDEX_DISTRO_PG_ALLOW_RLS_BYPASS === '1',
    });
  } catch (error) {
    throw new CliError(`cannot open the PostgreSQL store: ${(error as Error).message}`);
  }
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
  const logger = createLogger({ destination: logDestination, level: env.LOG_LEVEL || undefined });
  const dataDir = resolve(opts.data);
  await mkdir(join(dataDir, 'dsp'), { recursive: true });
  const keys = await keyProvider(dataDir, logger, env);
  const pgUrl = opts.postgres ?? env.DDEX_DISTRO_DATABASE_URL;
  const store = pgUrl ? await openSharedStore(pgUrl, opts, dataDir, env) : await openStore(dataDir, logger);
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
    // no mail service here: mails (password-reset links) become files under the data folder, never log lines
    mailer: outboxMailSender(join(dataDir, 'outbox'), logger),
    publicUrl: env.DDEX_DISTRO_PUBLIC_URL || undefined,
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
    if (seeded.demoUser) {
      io.stdout(`Demo sign-in (web app): ${DEMO_USER.email} / ${DEMO_USER.password}\n`);
    }
  }
  let server: RunningServer;
  let staticDir: string | undefined;
  try {
    staticDir = webDir(opts.web, env);
  } catch (error) {
    await store.close();
    throw error;
  }
  try {
    const allowSignup = opts.allowSignup === true || env.DDEX_DISTRO_ALLOW_SIGNUP === '1';
    server = await startServer({
      services,
      port: opts.port,
      hostname: opts.host,
      workers: opts.workers,
      staticDir,
      allowSignup,
    });
  } catch (error) {
    await store.close();
    throw new CliError(`cannot listen on ${opts.host}:${opts.port}: ${(error as Error).message}`);
  }
  logger.info({ url: server.url, store: store.name, workers: opts.workers, web: staticDir }, 'DDEX Distro is running');
  io.stdout(`DDEX Distro listening on ${server.url} (store: ${store.name}, data: ${dataDir})\n`);
  return { server, logger, store: store.name };
}

/** Settings `serve` takes from the environment when not given on the command line. */
const ENV_OPTIONS = [
  { option: 'data', env: 'DDEX_DISTRO_DATA' },
  { option: 'port', env: 'DDEX_DISTRO_PORT', parse: int(0, 65535) },
  { option: 'host', env: 'DDEX_DISTRO_HOST' },
  { option: 'workers', env: 'DDEX_DISTRO_WORKERS', parse: int(0, 64) },
  { option: 'tenant', env: 'DDEX_DISTRO_TENANT' },
] as const;

/**
 * The environment `serve` runs with: the variables of `--env-file` (when the file exists) under the process's own,
 * which win, as with dotenv. A missing file is not an error: a project's `.env` is not committed, so a fresh
 * checkout runs on the environment alone.
 */
export async function serveEnvironment(
  envFile: string | undefined,
  io: CliIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<NodeJS.ProcessEnv> {
  if (envFile === undefined) return env;
  let text: string;
  try {
    text = await readFile(envFile, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new CliError(`cannot read ${envFile}: ${(cause as Error).message}`, 2, { cause });
    }
    io.stderr(`note: no ${envFile}: settings come from the environment only (see .env.example)\n`);
    return env;
  }
  return { ...parseEnv(text), ...env };
}

/** Fills the options left at their defaults from `DDEX_DISTRO_DATA`, `_PORT`, `_HOST`, `_WORKERS`, `_TENANT`. */
export function applyEnvironment(opts: ServeOptions, isDefault: (option: string) => boolean, env: NodeJS.ProcessEnv) {
  for (const { option, env: name, ...rest } of ENV_OPTIONS) {
    const value = env[name];
    if (!value || !isDefault(option)) continue;
    const parse = 'parse' in rest ? rest.parse : undefined;
    try {
      (opts as unknown as Record<string, unknown>)[option] = parse ? parse(value) : value;
    } catch (error) {
      throw new CliError(`${name}: ${(error as Error).message}`, 2);
    }
  }
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
    .option(
      '--postgres <url>',
      'share a PostgreSQL database with other API/worker processes (DDEX_DISTRO_DATABASE_URL)',
    )
    .option('--s3-bucket <name>', 'with --postgres: keep files in this S3 bucket (DDEX_DISTRO_S3_BUCKET)')
    .option('--s3-endpoint <url>', 'S3 endpoint, e.g. MinIO or Ceph (DDEX_DISTRO_S3_ENDPOINT)')
    .option('--s3-region <region>', 'S3 region (DDEX_DISTRO_S3_REGION)')
    .option('--s3-prefix <prefix>', 'key prefix in the bucket (DDEX_DISTRO_S3_PREFIX)')
    .option('--allow-signup', 'let anyone sign up a new organisation in the web app (DDEX_DISTRO_ALLOW_SIGNUP=1)')
    .option('--web <dir>', 'built web app to serve at / (default: examples/reference-app/dist when built)')
    .option('--no-web', 'serve the API only')
    .option(
      '--env-file <file>',
      'read DDEX_DISTRO_* settings from this file when it exists (variables already set win)',
    )
    .addHelpText(
      'after',
      '\nEnvironment: DDEX_DISTRO_DATA, DDEX_DISTRO_PORT, DDEX_DISTRO_HOST, DDEX_DISTRO_WORKERS and DDEX_DISTRO_TENANT\n' +
        'stand in for the options above when they are not given; DDEX_DISTRO_SECRET_KEY, DDEX_DISTRO_ADMIN_KEY,\n' +
        'DDEX_DISTRO_SENDER (DPID:Name), DDEX_DISTRO_ALLOW_SIGNUP=1, DDEX_DISTRO_PUBLIC_URL (origin of e-mailed links),\n' +
        'DDEX_DISTRO_DATABASE_URL, DDEX_DISTRO_S3_*, DDEX_SCHEMA_DIR and LOG_LEVEL.\n',
    )
    .action(async (opts: ServeOptions & { envFile?: string }, command: Command) => {
      const env = await serveEnvironment(opts.envFile, io);
      applyEnvironment(opts, (option) => command.getOptionValueSource(option) === 'default', env);
      const { server, logger } = await startServe(opts, io, env);
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
