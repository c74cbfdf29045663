import { describe, expect, it } from 'vitest';
import { isErnValidationError, validateErn } from '../src/validate';
import { loadLibxmljs } from '../src/validate/libxmljs';
import { SCHEMA_DIR } from './support/ddex-paths';

function notFound(code: string): Error {
  return Object.assign(new Error("Cannot find package 'libxmljs2' imported from /app/x.js"), { code });
}

describe('loading libxmljs2 (optional peer dependency)', () => {
  it('loads the installed module once', async () => {
    const lib = await loadLibxmljs();
    expect(typeof lib.parseXml).toBe('function');
    expect(await loadLibxmljs()).toBe(lib);
  });

  it.each(['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND'])('not installed (%s): says to install it', async (code) => {
    const error = await loadLibxmljs(() => Promise.reject(notFound(code))).catch((e: unknown) => e);
    expect(isErnValidationError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'LIBXMLJS2_MISSING', cause: expect.any(Error) });
    expect((error as Error).message).toContain('npm install libxmljs2@0.35.0');
  });

  it('installed but its native addon is not built: says to rebuild it', async () => {
    const cause = new Error('Could not locate the bindings file. Tried:\n → /x/build/xmljs.node');
    const error = await loadLibxmljs(() => Promise.reject(cause)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'LIBXMLJS2_MISSING', cause });
    expect((error as Error).message).toContain('npm rebuild libxmljs2');
  });

  it('a module without parseXml', async () => {
    await expect(loadLibxmljs(() => Promise.resolve({ default: {} }))).rejects.toMatchObject({
      code: 'LIBXMLJS2_MISSING',
    });
  });

  it('an injected module is used instead of the import', async () => {
    const calls: string[] = [];
    const lib = await loadLibxmljs();
    const result = await validateErn('<NewReleaseMessage/>', {
      schemaDir: SCHEMA_DIR,
      lib: {
        parseXml(source, options) {
          calls.push(typeof source);
          return lib.parseXml(source, options);
        },
      },
    });
    expect(result.errors[0]?.code).toBe('not_ern');
    expect(calls).toEqual(['string']);
  });
});
