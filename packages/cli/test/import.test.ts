import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRelease } from '@ddex/ern-model';
import { describe, expect, it } from 'vitest';
import { cli, cliProcess, SHARED_DIR, tempDir } from './support';

const SAMPLES = join(SHARED_DIR, 'ddex/samples');

/** A previous distributor's deliveries: batch folders with a manifest, release folders, one broken file. */
function deliveries(): string {
  const dir = tempDir();
  const batch = join(dir, '20270305120000000');
  mkdirSync(join(batch, '00094631432057'), { recursive: true });
  mkdirSync(join(batch, '1199119911991'), { recursive: true });
  cpSync(join(SAMPLES, 'ern-43/1_Audio.xml'), join(batch, '00094631432057/00094631432057.xml'));
  cpSync(join(SAMPLES, 'ern-382/1199119911991.xml'), join(batch, '1199119911991/1199119911991.xml'));
  writeFileSync(join(batch, 'BatchComplete_20270305120000000.xml'), '<BatchComplete/>');
  mkdirSync(join(dir, 'older'));
  cpSync(join(SAMPLES, 'ern-42/2_Video.xml'), join(dir, 'older/video.xml'));
  cpSync(join(SAMPLES, 'ern-382/017_purged_release.xml'), join(dir, 'older/purge.xml'));
  writeFileSync(
    join(dir, 'older/broken.xml'),
    '<ern:NewReleaseMessage xmlns:ern="http://ddex.net/xml/ern/43"><MessageHeader>',
  );
  writeFileSync(join(dir, 'notes.txt'), 'not xml');
  return dir;
}

describe('ddex-distro import', () => {
  it('reads a folder of ERN files recursively into a JSON catalog, with progress and failures named', async () => {
    const dir = deliveries();
    const out = join(tempDir(), 'catalog.json');
    const r = await cli(['import', dir, '-o', out]);
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines, r.stderr).toHaveLength(7);
    expect(lines[0]).toMatch(
      /^\[1\/6\] 20270305120000000\/00094631432057\/00094631432057\.xml: ERN 4\.3, 1 release\(s\)/,
    );
    expect(lines[1]).toMatch(
      /^\[2\/6\] 20270305120000000\/1199119911991\/1199119911991\.xml: ERN 3\.8\.2, 1 release\(s\)/,
    );
    expect(lines[2]).toBe('[3/6] 20270305120000000/BatchComplete_20270305120000000.xml: skipped (batch manifest)');
    expect(lines[3]).toMatch(/^\[4\/6\] older\/broken\.xml: FAILED NOT_XML: /);
    expect(lines[4]).toMatch(/^\[5\/6\] older\/purge\.xml: ERN 3\.8\.2, 0 release\(s\), 1 takedown\(s\)/);
    expect(lines[5]).toMatch(/^\[6\/6\] older\/video\.xml: ERN 4\.2, 1 release\(s\)/);
    expect(lines[6]).toBe('imported 3 release(s) and 1 takedown(s) from 6 file(s); 1 failed: older/broken.xml');
    const catalog = JSON.parse(readFileSync(out, 'utf8'));
    expect(catalog.format).toBe('ddex-distro-catalog');
    expect(catalog.releases.map((x: { id: string }) => x.id).sort()).toEqual([
      '00094631432057',
      '05099962136853',
      '1199119911991',
    ]);
    for (const release of catalog.releases) expect(parseRelease(release).success).toBe(true);
    expect(catalog.takedowns).toMatchObject([{ method: 'Purge', file: 'older/purge.xml' }]);
    expect(catalog.files.map((f: { status: string }) => f.status)).toEqual([
      'read',
      'read',
      'skipped',
      'failed',
      'read',
      'read',
    ]);
  });

  it('reads one file into a catalog with -o', async () => {
    const out = join(tempDir(), 'one.json');
    const r = await cli(['import', join(SAMPLES, 'ern-43/4_SimpleAudioSingle.xml'), '-o', out]);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).releases).toHaveLength(1);
    expect(r.stderr).toContain('[1/1] 4_SimpleAudioSingle.xml: ERN 4.3, 1 release(s)');
  });

  it('exits 2 for a folder that does not exist', async () => {
    const r = await cli(['import', '/nonexistent/deliveries']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: cannot read \/nonexistent\/deliveries/);
  });

  it('runs as a process', () => {
    const dir = tempDir();
    cpSync(join(SAMPLES, 'ern-42/1_Audio.xml'), join(dir, 'a.xml'));
    const out = join(tempDir(), 'catalog.json');
    const r = cliProcess(['import', dir, '--track-releases', '-o', out]);
    expect(r.code).toBe(0);
    const catalog = JSON.parse(readFileSync(out, 'utf8'));
    expect(catalog.releases).toHaveLength(1);
    expect(catalog.trackReleases).toHaveLength(21);
  });
});
