import { isAbsolute, relative, resolve } from 'node:path';
import { type FtpOptions, filesystem, ftp, type SftpOptions, sftp, type Transport } from '@ddex/delivery-transports';
import type { DeliveryTarget } from '@ddex/ern-model';
import { DistroError } from './errors';
import type { TransportResolver } from './options';

/** Options of {@link defaultTransportResolver}. */
export interface DefaultTransportOptions {
  /** folder FILESYSTEM targets write under; without it FILESYSTEM targets are refused */
  filesystemRoot?: string;
}

/**
 * Resolves a FILESYSTEM target's directory under the root; throws `VALIDATION` when it would leave the root or no
 * root is configured (a tenant must never write anywhere on the server).
 */
export function filesystemDirectory(root: string | undefined, directory: unknown): string {
  const issue = (message: string) =>
    new DistroError('VALIDATION', message, {
      issues: [{ code: 'invalid_directory', path: 'config.directory', message }],
    });
  if (!root) throw issue('FILESYSTEM targets are not enabled on this server.');
  if (typeof directory !== 'string' || directory === '') throw issue('config.directory is required.');
  const base = resolve(root);
  const dir = resolve(base, directory.replace(/^\/+/, ''));
  const rel = relative(base, dir);
  if (rel.startsWith('..') || isAbsolute(rel)) throw issue('config.directory must stay inside the server folder.');
  return dir;
}

/** The built-in transports: FILESYSTEM (under `filesystemRoot`), SFTP, FTP and FTPS. */
export function defaultTransportResolver(options: DefaultTransportOptions = {}): TransportResolver {
  return (target: DeliveryTarget, config: Record<string, unknown>): Transport => {
    switch (target.protocol) {
      case 'FILESYSTEM':
        return filesystem({ directory: filesystemDirectory(options.filesystemRoot, config.directory) });
      case 'SFTP':
        return sftp(config as unknown as SftpOptions);
      case 'FTP':
      case 'FTPS':
        return ftp({
          ...(config as unknown as FtpOptions),
          secure: target.protocol === 'FTPS' ? ((config.secure as FtpOptions['secure']) ?? true) : false,
        });
      default:
        throw new DistroError('VALIDATION', `the ${target.protocol} protocol is not available on this server yet`, {
          issues: [
            { code: 'unsupported_protocol', path: 'protocol', message: `${target.protocol} is not supported yet.` },
          ],
        });
    }
  };
}
