import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, resolve } from 'node:path';
import { createTransport, type DeliveryProfile, DSP_PROFILES, type Transport } from '@ddex/delivery-transports';
import { z } from 'zod';
import { CliError } from '../io';

// The target file is the object `/api/delivery-targets` takes, flat (issue 6 §4) or in the service's stored form
// (`protocol: 'SFTP'`, settings under `config`); both are read here, at the CLI edge (STYLE §17).

const party = z.object({ dpid: z.string().min(1), name: z.string().min(1) }).strict();
const secret = { password: z.string().min(1).optional(), passwordEnv: z.string().min(1).optional() };
const port = z.number().int().min(1).max(65535).optional();

// fields of the service's stored target the CLI has no use for; accepted so the same object works
const serviceFields = {
  id: z.string().optional(),
  tenantId: z.string().optional(),
  type: z.enum(['DSP', 'Aggregator', 'Test']).optional(),
  requirements: z
    .object({ ernVersion: z.enum(['4.3', '4.2', '3.8.2']).optional() })
    .loose()
    .optional(),
  schedule: z.unknown().optional(),
  active: z.boolean().optional(),
  lastDelivery: z.string().optional(),
  testMode: z.boolean().optional(),
};
const common = {
  name: z.string().min(1),
  profile: z.enum(Object.keys(DSP_PROFILES) as [string, ...string[]]).optional(),
  sender: party.optional(),
  recipient: party.optional(),
  ...serviceFields,
};

const SftpTarget = z
  .object({
    ...common,
    protocol: z.literal('sftp'),
    host: z.string().min(1),
    port,
    username: z.string().min(1),
    ...secret,
    privateKeyPath: z.string().min(1).optional(),
    passphrase: z.string().optional(),
    passphraseEnv: z.string().min(1).optional(),
    hostFingerprint: z.union([z.string().startsWith('SHA256:'), z.array(z.string().startsWith('SHA256:'))]).optional(),
    directory: z.string().optional(),
  })
  .strict();

const FtpTarget = z
  .object({
    ...common,
    protocol: z.enum(['ftp', 'ftps']),
    host: z.string().min(1),
    port,
    username: z.string().min(1),
    ...secret,
    directory: z.string().optional(),
    /** `implicit` for legacy implicit TLS (ftps only) */
    secure: z.union([z.boolean(), z.literal('implicit')]).optional(),
    /** PEM file of a private CA the FTPS server's certificate is signed by */
    caPath: z.string().min(1).optional(),
    /** TLS server name, when it differs from `host` */
    servername: z.string().min(1).optional(),
  })
  .strict();

const S3Target = z
  .object({
    ...common,
    protocol: z.literal('s3'),
    bucket: z.string().min(1),
    /** key prefix; `directory` is accepted as its synonym */
    prefix: z.string().optional(),
    directory: z.string().optional(),
    region: z.string().min(1).optional(),
    endpoint: z.url().optional(),
    forcePathStyle: z.boolean().optional(),
    accessKeyId: z.string().min(1).optional(),
    secretAccessKey: z.string().min(1).optional(),
    secretAccessKeyEnv: z.string().min(1).optional(),
  })
  .strict();

const HttpAuthSchema = z.discriminatedUnion('type', [
  z
    .object({ type: z.literal('bearer'), token: z.string().min(1).optional(), tokenEnv: z.string().optional() })
    .strict(),
  z.object({ type: z.literal('basic'), username: z.string().min(1), ...secret }).strict(),
  z
    .object({
      type: z.literal('oauth2'),
      tokenUrl: z.url(),
      clientId: z.string().min(1),
      clientSecret: z.string().min(1).optional(),
      clientSecretEnv: z.string().min(1).optional(),
      scope: z.string().optional(),
      audience: z.string().optional(),
    })
    .strict(),
]);

const HttpTarget = z
  .object({
    ...common,
    protocol: z.literal('http'),
    url: z.url(),
    auth: HttpAuthSchema.optional(),
    headers: z.record(z.string(), z.string()).optional(),
  })
  .strict();

const FilesystemTarget = z
  .object({ ...common, protocol: z.literal('filesystem'), directory: z.string().min(1) })
  .strict();

const TargetFileSchema = z.discriminatedUnion('protocol', [
  SftpTarget,
  FtpTarget,
  S3Target,
  HttpTarget,
  FilesystemTarget,
]);

/** A parsed target file. */
export type TargetFile = z.output<typeof TargetFileSchema>;

/** Protocols a target file may name (the service's `API` is `http`). */
export const TARGET_PROTOCOLS = ['sftp', 'ftp', 'ftps', 's3', 'http', 'filesystem'] as const;

/** A delivery target read from a file: what it is, and how to open it. */
export interface CliTarget {
  readonly file: TargetFile;
  /** `sftp://user@host:port/dir` and the like, without credentials */
  readonly label: string;
  /** the profile the file names, if any */
  readonly profile?: DeliveryProfile;
  /** Builds the transport, reading secrets from the environment and key files now (exit 2 when one is missing). */
  transport(env?: NodeJS.ProcessEnv): Promise<Transport>;
}

/**
 * Reads a target JSON file. Invalid JSON or an unreadable file is exit 2; a target that breaks a rule is exit 1
 * with one line per problem naming the field. Values are never echoed (they may be secrets).
 */
export async function readTargetFile(path: string): Promise<CliTarget> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    const reason = (cause as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (cause as Error).message;
    throw new CliError(`cannot read ${path}: ${reason}`, 2, { cause });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    // the parser's message quotes the file's text, which may hold a password
    throw new CliError(`${path} is not valid JSON`, 2);
  }
  return parseTarget(raw, path);
}

/** Validates a target object (see {@link readTargetFile}); `path` names it in messages and anchors relative paths. */
export function parseTarget(raw: unknown, path: string): CliTarget {
  const result = TargetFileSchema.safeParse(normalize(raw));
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new CliError(`${path} is not a valid delivery target:\n${lines.join('\n')}`, 1);
  }
  const file = result.data;
  const base = dirname(resolve(path));
  return {
    file,
    label: labelOf(file, base),
    profile: file.profile ? DSP_PROFILES[file.profile] : undefined,
    transport: async (env = process.env) =>
      createTransport({ protocol: file.protocol, ...(await transportOptions(file, base, env)) }),
  };
}

// --- Internal helpers ---

function normalize(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const { config, ...top } = raw as Record<string, unknown>;
  const settings = typeof config === 'object' && config !== null && !Array.isArray(config) ? config : {};
  const { deliveryProfile, ...rest } = settings as Record<string, unknown>;
  const merged: Record<string, unknown> = { ...rest, ...top };
  if (merged.profile === undefined && deliveryProfile !== undefined) merged.profile = deliveryProfile;
  if (typeof merged.protocol === 'string') {
    const p = merged.protocol.toLowerCase();
    merged.protocol = p === 'api' ? 'http' : p;
  }
  return merged;
}

function labelOf(t: TargetFile, base: string): string {
  switch (t.protocol) {
    case 'sftp':
    case 'ftp':
    case 'ftps':
      return `${t.protocol}://${t.username}@${t.host}${t.port ? `:${t.port}` : ''}${withSlash(t.directory)}`;
    case 's3':
      return `s3://${t.bucket}${withSlash(t.prefix ?? t.directory)}${t.endpoint ? ` at ${new URL(t.endpoint).host}` : ''}`;
    case 'http': {
      const u = new URL(t.url);
      return `${u.protocol}//${u.host}${u.pathname}`;
    }
    case 'filesystem':
      return `file://${resolve(base, t.directory)}`;
  }
}

const withSlash = (dir: string | undefined) => (dir ? (dir.startsWith('/') ? dir : `/${dir}`) : '');

function fromEnv(env: NodeJS.ProcessEnv, field: string, name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const value = env[name];
  if (!value) throw new CliError(`${field}: the environment variable ${name} is not set`, 2);
  return value;
}

async function readPrivate(field: string, path: string, base: string): Promise<string> {
  const full = path.startsWith('~/') ? resolve(homedir(), path.slice(2)) : resolve(base, path);
  try {
    return await readFile(full, 'utf8');
  } catch (cause) {
    const reason = (cause as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'unreadable';
    throw new CliError(`${field}: cannot read ${full}: ${reason}`, 2);
  }
}

async function transportOptions(t: TargetFile, base: string, env: NodeJS.ProcessEnv): Promise<Record<string, unknown>> {
  switch (t.protocol) {
    case 'sftp': {
      const password = t.password ?? fromEnv(env, 'passwordEnv', t.passwordEnv);
      const privateKey = t.privateKeyPath ? await readPrivate('privateKeyPath', t.privateKeyPath, base) : undefined;
      if (!password && !privateKey)
        throw new CliError('an sftp target needs password, passwordEnv or privateKeyPath', 1);
      return {
        host: t.host,
        port: t.port,
        username: t.username,
        password,
        privateKey,
        passphrase: t.passphrase ?? fromEnv(env, 'passphraseEnv', t.passphraseEnv),
        hostFingerprint: t.hostFingerprint,
        directory: t.directory,
      };
    }
    case 'ftp':
    case 'ftps': {
      const password = t.password ?? fromEnv(env, 'passwordEnv', t.passwordEnv);
      if (!password) throw new CliError(`an ${t.protocol} target needs password or passwordEnv`, 1);
      const ca = t.caPath ? await readPrivate('caPath', t.caPath, base) : undefined;
      const tls =
        ca || t.servername ? { ...(ca && { ca }), ...(t.servername && { servername: t.servername }) } : undefined;
      return {
        host: t.host,
        port: t.port,
        username: t.username,
        password,
        directory: t.directory,
        secure: t.protocol === 'ftps' ? (t.secure ?? true) : (t.secure ?? false),
        tls,
      };
    }
    case 's3': {
      const secretAccessKey = t.secretAccessKey ?? fromEnv(env, 'secretAccessKeyEnv', t.secretAccessKeyEnv);
      if (Boolean(t.accessKeyId) !== Boolean(secretAccessKey))
        throw new CliError('an s3 target needs both accessKeyId and secretAccessKey(Env), or neither', 1);
      return {
        bucket: t.bucket,
        prefix: t.prefix ?? t.directory,
        region: t.region,
        endpoint: t.endpoint,
        forcePathStyle: t.forcePathStyle,
        credentials: t.accessKeyId && secretAccessKey ? { accessKeyId: t.accessKeyId, secretAccessKey } : undefined,
      };
    }
    case 'http':
      return { url: t.url, headers: t.headers, auth: t.auth ? httpAuth(t.auth, env) : undefined };
    case 'filesystem':
      return { directory: resolve(base, t.directory) };
  }
}

function httpAuth(auth: z.output<typeof HttpAuthSchema>, env: NodeJS.ProcessEnv) {
  switch (auth.type) {
    case 'bearer': {
      const token = auth.token ?? fromEnv(env, 'auth.tokenEnv', auth.tokenEnv);
      if (!token) throw new CliError('auth: a bearer token needs token or tokenEnv', 1);
      return { type: 'bearer' as const, token };
    }
    case 'basic': {
      const password = auth.password ?? fromEnv(env, 'auth.passwordEnv', auth.passwordEnv);
      if (!password) throw new CliError('auth: basic auth needs password or passwordEnv', 1);
      return { type: 'basic' as const, username: auth.username, password };
    }
    case 'oauth2': {
      const clientSecret = auth.clientSecret ?? fromEnv(env, 'auth.clientSecretEnv', auth.clientSecretEnv);
      if (!clientSecret) throw new CliError('auth: oauth2 needs clientSecret or clientSecretEnv', 1);
      const { clientSecretEnv: _, ...rest } = auth;
      return { ...rest, clientSecret };
    }
  }
}
