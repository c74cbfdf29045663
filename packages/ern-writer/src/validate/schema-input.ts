import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Libxml2InputProvider, Libxml2WasmLike } from './engine';
import { ErnValidationError } from './errors';

/** What libxml2 asked for while a schema compiles (filled in as it goes). */
export interface SchemaReads {
  /** files handed to libxml2, in order */
  readonly served: readonly string[];
  /** names libxml2 asked for and was refused (anything not in the schema's file list, network URLs included) */
  readonly refused: readonly string[];
}

/**
 * Runs `compile` (a synchronous libxml2 schema compilation, handed the reads so far) with libxml2's file access limited to `files`: an
 * input provider registered once per libxml2-wasm module claims every name libxml2 opens while `compile` runs,
 * serves the listed files from disk and refuses everything else, network URLs included. Outside `compile` the
 * provider matches nothing, so other code using the same libxml2-wasm module is not affected.
 */
export function withSchemaFiles<T>(
  lib: Libxml2WasmLike,
  files: readonly string[],
  compile: (reads: SchemaReads) => T,
): T {
  _register(lib);
  const previous = active;
  const reads = { allowed: new Set(files), served: [] as string[], refused: [] as string[] };
  active = reads;
  try {
    return compile({ served: reads.served, refused: reads.refused });
  } finally {
    active = previous;
  }
}

// --- Internal helpers ---

interface ActiveReads {
  readonly allowed: ReadonlySet<string>;
  readonly served: string[];
  readonly refused: string[];
}

let active: ActiveReads | undefined;
const registered = new WeakSet<Libxml2WasmLike>();
const handles = new Map<number, { readonly data: Uint8Array; at: number }>();
let nextHandle = 1;

const provider: Libxml2InputProvider = {
  match: () => active !== undefined,
  open(name) {
    const reads = active;
    if (reads === undefined) return undefined;
    const path = _localPaths(name).find((candidate) => reads.allowed.has(candidate));
    if (path === undefined) {
      reads.refused.push(name);
      return undefined;
    }
    let data: Uint8Array;
    try {
      data = readFileSync(path);
    } catch {
      reads.refused.push(name);
      return undefined;
    }
    reads.served.push(path);
    const handle = nextHandle++;
    handles.set(handle, { data, at: 0 });
    return handle;
  },
  read(handle, buf) {
    const file = handles.get(handle);
    if (file === undefined) return -1;
    const chunk = file.data.subarray(file.at, file.at + buf.byteLength);
    buf.set(chunk);
    file.at += chunk.byteLength;
    return chunk.byteLength;
  },
  close(handle) {
    return handles.delete(handle);
  },
};

function _register(lib: Libxml2WasmLike): void {
  if (registered.has(lib)) return;
  if (!lib.xmlRegisterInputProvider(provider)) {
    throw new ErnValidationError(
      'ENGINE_UNAVAILABLE',
      "libxml2-wasm refused the validator's schema input provider (its table of input callbacks is full)",
    );
  }
  registered.add(lib);
}

// the paths a name libxml2 opens may stand for (as given, then %-decoded); none for a URL other than file:
function _localPaths(name: string): string[] {
  if (/^file:/i.test(name)) {
    try {
      return [fileURLToPath(name)];
    } catch {
      return [];
    }
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(name) && !/^[a-z]:[\\/]/i.test(name)) return [];
  const paths = [resolve(name)];
  try {
    paths.push(resolve(decodeURI(name)));
  } catch {
    // not %-encoded
  }
  return paths;
}
