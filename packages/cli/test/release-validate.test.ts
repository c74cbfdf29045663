import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CANONICAL, canonicalAlbum, cli, cliProcess, tempDir } from './support';

describe('ddex-distro release validate', () => {
  it('prints valid for the canonical album and exits 0', async () => {
    const r = await cli(['release', 'validate', CANONICAL]);
    expect(r).toEqual({ code: 0, stdout: 'valid\n', stderr: '' });
  });

  it('prints a summary with --summary', async () => {
    const r = await cli(['release', 'validate', CANONICAL, '--summary']);
    expect(r.stdout).toContain('Album "Northern Lights" by Aurora Fields');
    expect(r.stdout).toContain('12 track(s) on 1 disc(s)');
  });

  it('prints one line per issue and exits 1: bad ISRC, bad UPC check digit, missing asset', async () => {
    const album = canonicalAlbum();
    album.tracks[2].isrc = 'QZES7270000';
    album.metadata.barcode = '5012345678901';
    album.tracks[4].audio.fileId = 'aud-nowhere';
    const file = join(tempDir(), 'bad.json');
    writeFileSync(file, JSON.stringify(album));
    const r = await cli(['release', 'validate', file]);
    expect(r.code).toBe(1);
    expect(r.stdout.trim().split('\n')).toEqual([
      'metadata.barcode: gtin_check_digit: "5012345678901" has check digit 1, but its digits give 0 (GS1 mod 10).',
      'tracks.2.isrc: isrc_length: "QZES7270000" is not an ISRC: an ISRC has 12 characters, this has 11.',
      `tracks.4.audio.fileId: unknown_asset: Track 5 uses audio file "aud-nowhere", which is not among the release's audio assets.`,
      'assets.audio.4.id: unused_asset: File "aud-05" (5012345678900_01_005.flac) is not used by any track.',
    ]);
  });

  it('reads standard input for -', async () => {
    const r = await cli(['release', 'validate', '-'], JSON.stringify(canonicalAlbum()));
    expect(r.code).toBe(0);
  });

  it('gives a one-line error and exit 2 for a missing file', async () => {
    const r = await cli(['release', 'validate', '/nonexistent/release.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: cannot read /nonexistent/release.json: no such file\n');
  });

  it('gives a one-line error and exit 2 for a file that is not JSON', async () => {
    const file = join(tempDir(), 'broken.json');
    writeFileSync(file, '{ "id": ');
    const r = await cli(['release', 'validate', file]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/is not valid JSON/);
  });

  it('prints JSON with --json', async () => {
    const r = await cli(['release', 'validate', CANONICAL, '--json']);
    expect(JSON.parse(r.stdout)).toEqual({ valid: true, warnings: [] });
  });
});

describe('ddex-distro (the executable)', () => {
  it('runs as a process: validate, --version and --help', () => {
    expect(cliProcess(['release', 'validate', CANONICAL])).toMatchObject({ code: 0, stdout: 'valid\n' });
    expect(cliProcess(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = cliProcess(['release', 'validate', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: ddex-distro release validate');
  });

  it('exits 2 on an unknown command', () => {
    expect(cliProcess(['frobnicate']).code).toBe(2);
  });
});
