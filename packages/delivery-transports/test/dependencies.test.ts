import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinTransports, createTransport, memory, TRANSPORT_DEPENDENCIES, type TransportFactory } from '../src';

const root = join(__dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const FILES: Record<string, string> = { ftps: 'ftp' };

describe('optional dependencies (STYLE §6)', () => {
  for (const name of Object.keys(builtinTransports) as (keyof typeof builtinTransports)[]) {
    it(`${name}: TRANSPORT_DEPENDENCIES matches the lazy imports, and each is an optional peer`, () => {
      const src = readFileSync(join(root, 'src/transports', `${FILES[name] ?? name}.ts`), 'utf8');
      const imported = [...src.matchAll(/import\('([^']+)'\)/g)].map((m) => m[1]).sort();
      expect([...TRANSPORT_DEPENDENCIES[name]].sort()).toEqual(imported);
      for (const dep of imported) {
        expect(pkg.peerDependencies[dep as string]).toBeDefined();
        expect(pkg.peerDependenciesMeta[dep as string]?.optional).toBe(true);
      }
    });
  }
  it('no transport file imports a client library statically', () => {
    for (const file of ['sftp', 'ftp', 's3', 'http', 'http-auth']) {
      const src = readFileSync(join(root, 'src/transports', `${file}.ts`), 'utf8');
      expect(src).not.toMatch(/^import [^;]*from '(ssh2-sftp-client|basic-ftp|@aws-sdk\/[^']+|undici)'/m);
    }
  });
});

describe('createTransport (config edge)', () => {
  it('builds a built-in by protocol name', () => {
    expect(createTransport({ protocol: 'memory' }).name).toBe('memory');
    expect(createTransport({ protocol: 'sftp', host: 'h', username: 'u', password: 'p' }).name).toBe('sftp');
  });
  it('takes plugin factories', () => {
    const calls: unknown[] = [];
    const myproto: TransportFactory<{ region: string }> = (options) => {
      calls.push(options);
      return { ...memory(), name: 'myproto' };
    };
    const t = createTransport({ protocol: 'myproto', region: 'eu' }, { transports: { myproto } });
    expect(t.name).toBe('myproto');
    expect(calls).toEqual([{ region: 'eu' }]);
  });
  it('an unknown protocol is a CONFIG error naming the known ones', () => {
    expect(() => createTransport({ protocol: 'gopher' })).toThrowError(
      /unknown protocol "gopher"; known: filesystem, ftp/,
    );
    expect(() => createTransport({ protocol: 'toString' })).toThrowError(expect.objectContaining({ code: 'CONFIG' }));
  });
  it('factories validate required options with CONFIG errors and never connect', () => {
    expect(() => createTransport({ protocol: 'sftp', host: 'h' })).toThrowError(
      expect.objectContaining({ code: 'CONFIG' }),
    );
    expect(() => createTransport({ protocol: 's3' })).toThrowError(expect.objectContaining({ code: 'CONFIG' }));
    expect(() => createTransport({ protocol: 'http' })).toThrowError(expect.objectContaining({ code: 'CONFIG' }));
    expect(() => createTransport({ protocol: 'ftp', host: 'h', username: 'u' })).toThrowError(
      expect.objectContaining({ code: 'CONFIG' }),
    );
    expect(() => createTransport({ protocol: 'filesystem' })).toThrowError(expect.objectContaining({ code: 'CONFIG' }));
  });
});
