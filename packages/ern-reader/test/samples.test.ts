import { parseRelease } from '@ddex/ern-model';
import { describe, expect, it } from 'vitest';
import { readErn, readErnFile } from '../src';
import { readSamples } from './support/samples';

const samples = readSamples();

// what each official sample holds: main releases that are valid model releases, track releases with deals, takedowns
const EXPECTED: Record<string, { releases: number; trackReleases: number; takedowns: number }> = {
  'ern-382/017_purged_release.xml': { releases: 0, trackReleases: 0, takedowns: 1 },
  'ern-382/1199119911991.xml': { releases: 1, trackReleases: 9, takedowns: 0 },
  // the three DDEX profile examples carry no DealList: without defaultRights their releases cannot be model releases
  'ern-382/Profile_AudioAlbumMusicOnly.xml': { releases: 0, trackReleases: 0, takedowns: 0 },
  'ern-382/Profile_AudioBook.xml': { releases: 0, trackReleases: 0, takedowns: 0 },
  'ern-382/Profile_AudioSingle_WithCompoundArtistsAndTerritorialOverride.xml': {
    releases: 0,
    trackReleases: 0,
    takedowns: 0,
  },
  'ern-42/1_Audio.xml': { releases: 1, trackReleases: 21, takedowns: 0 },
  'ern-42/2_Video.xml': { releases: 1, trackReleases: 0, takedowns: 0 },
  'ern-42/3_MixedMedia.xml': { releases: 1, trackReleases: 15, takedowns: 0 },
  'ern-42/4_SimpleAudioSingle.xml': { releases: 1, trackReleases: 0, takedowns: 0 },
  'ern-42/5_SimpleVideoSingle.xml': { releases: 1, trackReleases: 0, takedowns: 0 },
  'ern-42/6_Ringtone.xml': { releases: 1, trackReleases: 0, takedowns: 0 },
  // its two videos are delivered without files: the model needs media for every track
  'ern-42/7_LongformMusicalWorkVideo.xml': { releases: 0, trackReleases: 0, takedowns: 0 },
  'ern-43/1_Audio.xml': { releases: 1, trackReleases: 21, takedowns: 0 },
  'ern-43/2_Video.xml': { releases: 1, trackReleases: 0, takedowns: 0 },
  'ern-43/3_MixedMedia.xml': { releases: 1, trackReleases: 15, takedowns: 0 },
  'ern-43/4_SimpleAudioSingle.xml': { releases: 1, trackReleases: 0, takedowns: 0 },
  'ern-43/5_SimpleVideoSingle.xml': { releases: 1, trackReleases: 0, takedowns: 0 },
  'ern-43/6_Ringtone.xml': { releases: 1, trackReleases: 0, takedowns: 0 },
  'ern-43/7_LongformMusicalWorkVideo.xml': { releases: 0, trackReleases: 0, takedowns: 0 },
};

describe('official DDEX samples', () => {
  it('finds the samples of all three versions', () => {
    expect(new Set(samples.map((s) => s.version))).toEqual(new Set(['3.8.2', '4.2', '4.3']));
    expect(samples.map((s) => s.name).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const s of samples) {
    describe(s.name, () => {
      const result = readErn(s.xml);

      it('reads without error, in the version its namespace names', () => {
        expect(result.version).toBe(s.version);
        expect({
          releases: result.releases.length,
          trackReleases: result.trackReleases.length,
          takedowns: result.takedowns.length,
        }).toEqual(EXPECTED[s.name]);
      });

      it('returns only valid model releases', () => {
        for (const release of [...result.releases, ...result.trackReleases]) {
          const again = parseRelease(release);
          expect(again.success ? [] : again.issues).toEqual([]);
          expect(release.ddex.version).toBe(s.version);
        }
      });

      it('gives every issue an XPath into the message', () => {
        for (const issue of result.issues) expect(issue.xpath).toMatch(/^\/[A-Za-z]+:[A-Za-z]+Message(\/|$)/);
        const rejected = result.issues.filter((i) => i.code === 'release_rejected');
        expect(rejected.length > 0).toBe(EXPECTED[s.name]?.releases === 0 && EXPECTED[s.name]?.takedowns === 0);
      });

      it('streams the file to the same result', async () => {
        expect(await readErnFile(s.path)).toEqual(result);
      });
    });
  }
});
