/**
 * @module
 * Catalog storage for DDEX Distro: tenant-scoped interfaces for releases, assets, delivery targets, deliveries, the
 * delivery queue, tenants, users, API keys and the audit log; typed errors; shared helpers adapters build on; and
 * `memoryStore()`, the in-memory reference implementation. The contract suite is at `@ddex/catalog-store/testing`.
 */
export * from './api-key-secret';
export type * from './assets';
export * from './common';
export * from './cursor';
export type * from './deliveries';
export * from './delivery-checks';
export * from './errors';
export * from './hashing';
export type * from './identity';
export * from './identity-checks';
export * from './import-releases';
export * from './keys';
export { type MemoryAssetsOptions, memoryAssets } from './memory/memory-assets';
export { type MemoryStoreOptions, memoryStore } from './memory/memory-store';
export * from './prepare';
export * from './queue';
export * from './queue-checks';
export * from './release-codes';
export * from './release-index';
export * from './release-summary';
export type * from './releases';
export type * from './store';
export type * from './targets';
export * from './write-releases';
