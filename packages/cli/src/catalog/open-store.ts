import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CatalogStore } from '@ddex/catalog-store';
import { CliError } from '../io';

/** Where `import` and `export` find the catalog: `--data DIR` (SQLite + files) or `--postgres URL`. */
export interface StoreFlags {
  /** data folder of the embedded store (the one `serve --data` uses) */
  data?: string;
  /** PostgreSQL connection string */
  postgres?: string;
}

/** An opened store and a description of it for messages. */
export interface OpenedStore {
  store: CatalogStore;
  /** e.g. `sqlite ./.ddex-distro` */
  where: string;
}

/** The data folder `serve` uses by default. */
export const DEFAULT_DATA_DIR = './.ddex-distro';

/**
 * Opens the store the flags name (SQLite under `./.ddex-distro` by default). `mustExist` refuses a data folder
 * without a catalog (for `export`), so a typo does not silently create an empty one.
 */
export async function openCliStore(flags: StoreFlags, mustExist = false): Promise<OpenedStore> {
  if (flags.data !== undefined && flags.postgres !== undefined) {
    throw new CliError('give --data or --postgres, not both', 2);
  }
  if (flags.postgres !== undefined) {
    const { postgresStore } = await import('@ddex/adapter-postgres');
    const { memoryAssets } = await import('@ddex/catalog-store');
    // import and export move release documents only; files stay where the service keeps them (S3)
    const store = postgresStore({ connectionString: flags.postgres, assets: memoryAssets(), maxConnections: 4 });
    try {
      await store.ready();
    } catch (cause) {
      await store.close().catch(() => undefined);
      throw new CliError(`cannot open PostgreSQL: ${(cause as Error).message}`, 2, { cause });
    }
    return { store, where: `postgres ${redact(flags.postgres)}` };
  }
  const dir = resolve(flags.data ?? DEFAULT_DATA_DIR);
  if (mustExist && !existsSync(join(dir, 'catalog.db'))) {
    throw new CliError(`no catalog in ${dir} (catalog.db not found); give --data DIR or --postgres URL`, 2);
  }
  const { sqliteStore } = await import('@ddex/adapter-sqlite');
  try {
    return { store: sqliteStore({ dataDir: dir }), where: `sqlite ${dir}` };
  } catch (cause) {
    throw new CliError(`cannot open the catalog in ${dir}: ${(cause as Error).message}`, 2, { cause });
  }
}

/** A connection string without its password, for messages. */
export function redact(url: string): string {
  return url.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1***@');
}
