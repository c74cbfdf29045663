import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CANONICAL, canonicalAlbum, cli, cliProcess, SHARED_DIR, tempDir } from './support';

const PARTIES = ['--sender', 'PADPIDA20270101016:Polar', '--recipient', 'PADPIDA20270101024:DSP'];
const SCHEMAS = process.env.DDEX_SCHEMA_DIR ?? join(SHARED_DIR, 'ddex/schemas');

describe.each(['4.3', '4.2', '3.8.2'])('ddex-distro ern generate | ern validate (ERN %s)', (version) => {
  it('generates the canonical album and validates it as valid, through a pipe', () => {
    const generated = cliProcess(['ern', 'generate', CANONICAL, '--ern', version, ...PARTIES]);
    expect(generated.code).toBe(0);
    expect(generated.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>/);
    const validated = cliProcess(['ern', 'validate', '-', '--schemas', SCHEMAS], generated.stdout);
    expect(validated.stdout).toBe(`valid (ERN ${version})\n`);
    expect(validated.code).toBe(0);
  });

  it('writes to a file with -o, byte-identical for the same message id and time', async () => {
    const dir = tempDir();
    const fixed = ['--message-id', 'MSG-1', '--created', '2027-01-01T00:00:00Z'];
    const a = await cli([
      'ern',
      'generate',
      CANONICAL,
      '--ern',
      version,
      ...PARTIES,
      ...fixed,
      '-o',
      join(dir, 'a.xml'),
    ]);
    const b = await cli([
      'ern',
      'generate',
      CANONICAL,
      '--ern',
      version,
      ...PARTIES,
      ...fixed,
      '-o',
      join(dir, 'b.xml'),
    ]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(readFileSync(join(dir, 'a.xml'), 'utf8')).toBe(readFileSync(join(dir, 'b.xml'), 'utf8'));
    const validated = await cli(['ern', 'validate', join(dir, 'a.xml'), '--schemas', SCHEMAS]);
    expect(validated.code).toBe(0);
  });

  it('generates valid test, update and takedown messages', async () => {
    for (const extra of [['--test'], ['--kind', 'update'], ['--kind', 'takedown']]) {
      const generated = await cli(['ern', 'generate', CANONICAL, '--ern', version, ...PARTIES, ...extra]);
      expect(generated.code, extra.join(' ')).toBe(0);
      const validated = await cli(['ern', 'validate', '-', '--schemas', SCHEMAS], generated.stdout);
      expect(validated.stdout, extra.join(' ')).toBe(`valid (ERN ${version})\n`);
    }
  });
});

describe('ddex-distro ern generate: bad input', () => {
  it('exits 1 with the model issues when the release is invalid, writing no XML', async () => {
    const album = canonicalAlbum();
    album.tracks[0].isrc = 'nope';
    const file = join(tempDir(), 'bad.json');
    writeFileSync(file, JSON.stringify(album));
    const r = await cli(['ern', 'generate', file, '--ern', '4.3', ...PARTIES]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('tracks.0.isrc: isrc_length:');
  });

  it('exits 2 on a sender DPID with a wrong check character', async () => {
    const r = await cli([
      'ern',
      'generate',
      CANONICAL,
      '--ern',
      '4.3',
      '--sender',
      'PADPIDA20270101017',
      '--recipient',
      'PADPIDA20270101024',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/check character/);
  });

  it('exits 2 on an unknown ERN version', async () => {
    const r = await cli(['ern', 'generate', CANONICAL, '--ern', '5.0', ...PARTIES]);
    expect(r.code).toBe(2);
  });
});

describe('ddex-distro ern validate: bad messages', () => {
  it('prints line:column: message per error and exits 1 for an invalid message', async () => {
    const r = await cli([
      'ern',
      'validate',
      join(SHARED_DIR, 'ddex/samples/ern-382/invalid/005_not_valid_xsd.xml'),
      '--schemas',
      SCHEMAS,
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^31:\d+: .*FakeTag/m);
  });

  it('exits 2 when the file cannot be read', async () => {
    const r = await cli(['ern', 'validate', '/nonexistent.xml', '--schemas', SCHEMAS]);
    expect(r.code).toBe(2);
  });
});
