import { DeliveryError } from './errors';
import { filesystem } from './transports/filesystem';
import { FTP_DEPENDENCIES, type FtpOptions, ftp } from './transports/ftp';
import { HTTP_DEPENDENCIES, http } from './transports/http';
import { memory } from './transports/memory';
import { S3_DEPENDENCIES, s3 } from './transports/s3';
import { SFTP_DEPENDENCIES, sftp } from './transports/sftp';
import type { Transport, TransportFactory } from './types';

/** A name → factory map, used only at the config/CLI edge (STYLE §4 notes). */
// biome-ignore lint/suspicious/noExplicitAny: each factory takes its own options type
export type TransportFactories = Record<string, TransportFactory<any, unknown>>;

/** FTP with explicit TLS unless `secure` says otherwise: the `ftps` protocol of a target config. */
export const ftps: TransportFactory<FtpOptions, unknown> = (options) =>
  ftp({ ...options, secure: options.secure ?? true });

/** The built-in protocols, by the names a target config uses. */
export const builtinTransports = {
  sftp,
  ftp,
  ftps,
  s3,
  http,
  filesystem,
  memory,
} as const satisfies TransportFactories;

/** Optional peer dependencies of each built-in protocol (checked against the source and package.json by a test). */
export const TRANSPORT_DEPENDENCIES: Record<keyof typeof builtinTransports, readonly string[]> = {
  sftp: SFTP_DEPENDENCIES,
  ftp: FTP_DEPENDENCIES,
  ftps: FTP_DEPENDENCIES,
  s3: S3_DEPENDENCIES,
  http: HTTP_DEPENDENCIES,
  filesystem: [],
  memory: [],
};

/** Options of {@link createTransport}. */
export interface CreateTransportOptions {
  /** Extra protocols from plugins, e.g. `{ aspera: asperaFactory }`; they may also replace a built-in. */
  transports?: TransportFactories;
}

/**
 * Builds a transport from a target config `{ protocol, ...options }`: the built-ins plus the factories passed in.
 * An unknown protocol is a `CONFIG` error that lists the known ones.
 * @example createTransport({ protocol: 'myproto', host }, { transports: { myproto: myFactory } })
 */
export function createTransport(
  config: { protocol: string } & Record<string, unknown>,
  options: CreateTransportOptions = {},
): Transport {
  const factories: TransportFactories = { ...builtinTransports, ...options.transports };
  const { protocol, ...rest } = config;
  const factory = Object.hasOwn(factories, protocol) ? factories[protocol] : undefined;
  if (!factory) {
    throw new DeliveryError(
      'CONFIG',
      `unknown protocol ${JSON.stringify(protocol)}; known: ${Object.keys(factories).sort().join(', ')}`,
      { transport: String(protocol) },
    );
  }
  return factory(rest);
}
