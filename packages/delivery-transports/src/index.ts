/**
 * @module Delivery transports: one {@link Transport} interface, typed factories per protocol (sftp, ftp, s3, http,
 * filesystem, memory) and the {@link createDeliveryRuntime} wrapper that adds retries, verification and safe paths.
 * @example
 * import { createDeliveryRuntime, sftp } from '@ddex/delivery-transports';
 * const target = createDeliveryRuntime(sftp({ host, username, privateKey, directory: '/incoming' }));
 * await target.put('20250114093015123/0094631432057/0094631432057.xml', { path: './ern.xml' });
 * await target.dispose();
 */

export * from './choreography';
export * from './errors';
export * from './paths';
export {
  PROBE_STEPS,
  type ProbeOptions,
  type ProbeResult,
  type ProbeStep,
  probeEndpoint,
  probeTarget,
} from './probe';
export {
  builtinTransports,
  type CreateTransportOptions,
  createTransport,
  ftps,
  TRANSPORT_DEPENDENCIES,
  type TransportFactories,
} from './registry';
export * from './runtime';
export type { UploadSource } from './source';
export { FILESYSTEM_TRANSPORT, type FilesystemOptions, filesystem } from './transports/filesystem';
export {
  type BasicFtpModule,
  FTP_DEPENDENCIES,
  FTP_TRANSPORT,
  type FtpClientLike,
  type FtpOptions,
  ftp,
} from './transports/ftp';
export {
  HTTP_DEPENDENCIES,
  HTTP_TRANSPORT,
  type HttpAuth,
  type HttpOptions,
  type HttpResponseLike,
  http,
  type UndiciModule,
} from './transports/http';
export { MEMORY_TRANSPORT, type MemoryOptions, memory } from './transports/memory';
export {
  type LibStorageModule,
  S3_DEPENDENCIES,
  S3_TRANSPORT,
  type S3ClientLike,
  type S3CommandConstructor,
  type S3Module,
  type S3Options,
  s3,
} from './transports/s3';
export {
  SFTP_DEPENDENCIES,
  SFTP_TRANSPORT,
  type SftpCallback,
  type SftpClientConstructor,
  type SftpClientLike,
  type SftpOptions,
  type SftpSessionLike,
  type SftpStats,
  sftp,
} from './transports/sftp';
export * from './types';
