/**
 * @module
 * The S3 asset store of DDEX Distro (`@ddex/adapter-postgres/s3`): files in any S3-compatible bucket, usable with the
 * PostgreSQL or the SQLite catalog store. This entry does not load `pg`.
 */
export { type S3AssetStore, type S3AssetStoreOptions, s3AssetStore } from './s3-asset-store';
