/**
 * @module
 * The embedded default catalog store for DDEX Distro: SQLite (better-sqlite3, WAL, FTS5, versioned migrations) with
 * files on the local filesystem written atomically. Passes the `@ddex/catalog-store/testing` contract suite.
 */
export { type FsAssetsOptions, fsAssets } from './fs-assets';
export { MIGRATIONS, type Migration, type MigrationResult, migrate } from './migrations';
export { type SqliteCatalogStore, type SqliteStoreOptions, sqliteStore } from './sqlite-store';
