import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRelease } from '@ddex/ern-model';
import { describe, expect, it } from 'vitest';
import { cli, cliProcess, SHARED_DIR, tempDir } from './support';

const SAMPLES = join(SHARED_DIR, 'ddex/samples');

describe('ddex-distro ern read', () => {
  it('prints the release of an ERN 4.3 message as model JSON, issues on stderr, exit 0', async () => {
    const r = await cli(['ern', 'read', join(SAMPLES, 'ern-43/1_Audio.xml')]);
    expect(r.code).toBe(0);
    const release = JSON.parse(r.stdout);
    expect(Array.isArray(release)).toBe(false);
    expect(parseRelease(release).success).toBe(true);
    expect(release.metadata.title).toBe('Yume no Hajmari');
    expect(release.tracks).toHaveLength(21);
    expect(r.stderr).toContain(
      'warning unmapped_element /ern:NewReleaseMessage/ResourceList/SoundRecording[1]/CreationDate: ',
    );
    expect(r.stderr.trim().split('\n').at(-1)).toMatch(
      /^ERN 4\.3: 1 release\(s\), 21 track release\(s\), 0 takedown\(s\), \d+ issue\(s\)$/,
    );
  });

  it('reads ERN 3.8.2 and 4.2 too, and standard input for -', async () => {
    const r382 = await cli(['ern', 'read', join(SAMPLES, 'ern-382/1199119911991.xml')]);
    expect(r382.code).toBe(0);
    expect(JSON.parse(r382.stdout).ddex.version).toBe('3.8.2');
    const xml = readFileSync(join(SAMPLES, 'ern-42/4_SimpleAudioSingle.xml'), 'utf8');
    const r42 = await cli(['ern', 'read', '-'], xml);
    expect(r42.code).toBe(0);
    expect(JSON.parse(r42.stdout).ddex.version).toBe('4.2');
  });

  it('prints an array when the message holds several main releases', async () => {
    const xml = readFileSync(join(SAMPLES, 'ern-43/4_SimpleAudioSingle.xml'), 'utf8');
    const start = xml.indexOf('<Release>');
    const end = xml.indexOf('</Release>') + '</Release>'.length;
    const copy = xml
      .slice(start, end)
      .replace(/<ReleaseReference>(\w+)<\/ReleaseReference>/, '<ReleaseReference>RX</ReleaseReference>')
      .replace(/<ReleaseId>[\s\S]*?<\/ReleaseId>/, '<ReleaseId><ICPN>5012345678900</ICPN></ReleaseId>');
    const deal = xml.slice(xml.indexOf('<ReleaseDeal>'), xml.indexOf('</ReleaseDeal>') + '</ReleaseDeal>'.length);
    const twice = xml
      .replace('</Release>', `</Release>${copy}`)
      .replace(
        '</DealList>',
        `${deal.replace(/<DealReleaseReference>\w+<\/DealReleaseReference>/, '<DealReleaseReference>RX</DealReleaseReference>')}</DealList>`,
      );
    const file = join(tempDir(), 'two.xml');
    writeFileSync(file, twice);
    const r = await cli(['ern', 'read', file]);
    expect(r.code).toBe(0);
    const releases = JSON.parse(r.stdout);
    expect(Array.isArray(releases)).toBe(true);
    expect(releases.map((x: { id: string }) => x.id)).toContain('5012345678900');
    expect(releases).toHaveLength(2);
  });

  it('writes to -o, and --all prints everything read', async () => {
    const out = join(tempDir(), 'release.json');
    const r = await cli(['ern', 'read', join(SAMPLES, 'ern-43/2_Video.xml'), '-o', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(parseRelease(JSON.parse(readFileSync(out, 'utf8'))).success).toBe(true);
    const all = await cli(['ern', 'read', join(SAMPLES, 'ern-382/017_purged_release.xml'), '--all']);
    expect(all.code).toBe(0);
    expect(JSON.parse(all.stdout)).toMatchObject({ version: '3.8.2', releases: [], takedowns: [{ method: 'Purge' }] });
    expect(all.stderr).toContain('takedown Purge 7665431654967 "Whoa"');
  });

  it('--default-territories imports a message without deals', async () => {
    const file = join(SAMPLES, 'ern-382/Profile_AudioBook.xml');
    const without = await cli(['ern', 'read', file]);
    expect(without.code).toBe(1);
    expect(without.stdout.trim()).toBe('[]');
    expect(without.stderr).toContain('error release_rejected');
    const withDefaults = await cli(['ern', 'read', file, '--default-territories', 'Worldwide,-KP']);
    expect(withDefaults.code).toBe(0);
    expect(JSON.parse(withDefaults.stdout).territories).toEqual({ included: ['Worldwide'], excluded: ['KP'] });
  });

  it('exits 1 when the message is not a readable ERN, 2 when the file cannot be read', async () => {
    const dir = tempDir();
    const notXml = join(dir, 'not.xml');
    writeFileSync(notXml, 'this is not xml');
    const r1 = await cli(['ern', 'read', notXml]);
    expect(r1.code).toBe(1);
    expect(r1.stderr).toMatch(/is not a readable ERN message \(NOT_XML\)/);
    const wrongNs = join(dir, 'wrong.xml');
    writeFileSync(wrongNs, '<ern:NewReleaseMessage xmlns:ern="urn:other"/>');
    expect((await cli(['ern', 'read', wrongNs])).code).toBe(1);
    const bomb = join(dir, 'bomb.xml');
    writeFileSync(bomb, '<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><x>&b;</x>');
    const r3 = await cli(['ern', 'read', bomb]);
    expect(r3.code).toBe(1);
    expect(r3.stderr).toContain('ENTITY_DECLARATION');
    const r2 = await cli(['ern', 'read', '/nonexistent/message.xml']);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/^error: cannot read \/nonexistent\/message\.xml/);
  });

  it('runs as a process', () => {
    const r = cliProcess(['ern', 'read', join(SAMPLES, 'ern-43/5_SimpleVideoSingle.xml')]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).ddex.version).toBe('4.3');
    expect(cliProcess(['ern', 'read', '--help']).stdout).toContain('Usage: ddex-distro ern read');
  });
});
