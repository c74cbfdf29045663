import { DeliveryError } from '../errors';
import type { LibImport } from '../types';

/**
 * Loads an optional peer dependency: the injected `lib` when given, else the dynamic import. A missing module becomes
 * a `CONFIG` error that names the package to install.
 */
export async function importLib<T>(
  transport: string,
  pkg: string,
  lib: LibImport<T> | undefined,
  load: () => Promise<T>,
): Promise<T> {
  try {
    if (lib !== undefined) return await (typeof lib === 'function' ? (lib as () => T | Promise<T>)() : lib);
    return await load();
  } catch (cause) {
    throw new DeliveryError('CONFIG', `the ${transport} transport needs "${pkg}": npm install ${pkg}`, {
      transport,
      cause: cause instanceof Error ? new Error(cause.message) : undefined,
    });
  }
}

/** Interop for a CommonJS default export loaded with `import()`. */
export function defaultExport<T>(mod: T | { default: T }): T {
  const m = mod as { default?: T };
  return (m && typeof m === 'object' && 'default' in m && m.default ? m.default : mod) as T;
}
