/**
 * @module Delivery transports: one {@link Transport} interface, typed factories per protocol (sftp, ftp, s3, http,
 * filesystem, memory) and the {@link createDeliveryRuntime} wrapper that adds retries, verification and safe paths.
 * @example
 * import { createDeliveryRuntime, sftp } from '@ddex/delivery-transports';
 * const target = createDeliveryRuntime(sftp({ host, username, privateKey, directory: '/incoming' }));
 * await target.put('20250114093015123/0094631432057/0094631432057.xml', { path: './ern.xml' });
 * await target.dispose();
 */
export * from './errors';
export * from './paths';
export * from './runtime';
export type { UploadSource } from './source';
export * from './types';
export { FILESYSTEM_TRANSPORT, type FilesystemOptions, filesystem } from './transports/filesystem';
export { MEMORY_TRANSPORT, type MemoryOptions, memory } from './transports/memory';
export {
  SFTP_DEPENDENCIES,
  SFTP_TRANSPORT,
  type SftpClientConstructor,
  type SftpClientLike,
  type SftpOptions,
  sftp,
} from './transports/sftp';
export {
  type BasicFtpModule,
  FTP_DEPENDENCIES,
  FTP_TRANSPORT,
  type FtpClientLike,
  type FtpOptions,
  ftp,
} from './transports/ftp';
