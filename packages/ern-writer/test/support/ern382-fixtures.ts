import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRelease, type Release } from '@ddex/ern-model';
import type { WriteErnOptions } from '../../src/types';
import { DDEX_SHARED_DIR } from './ddex-paths';

/** The canonical example release, as JSON input. */
export const CANONICAL_PATH = join(DDEX_SHARED_DIR, '../examples/release-album.json');

/** Options every 3.8.2 test writes with: fixed message id and creation time, so output is reproducible. */
export const OPTIONS_382: WriteErnOptions = {
  version: '3.8.2',
  sender: { dpid: 'PADPIDA20270101016', name: 'Polar Records' },
  recipient: { dpid: 'PADPIDA20270101024', name: 'Nordic Streams' },
  messageId: 'MSG-382-0001',
  threadId: 'THREAD-382-0001',
  createdAt: '2027-03-01T10:00:00Z',
};

/** Release input as JSON, edited freely by the tests (the model checks it when parsed). */
export type ReleaseJson = any;

/** A fresh copy of the canonical release input. */
export function canonicalInput(): ReleaseJson {
  return JSON.parse(readFileSync(CANONICAL_PATH, 'utf8'));
}

/** Parses an input, failing loudly with the model's issues. */
export function parsed(input: unknown): Release {
  const result = parseRelease(input);
  if (!result.success) throw new Error(`fixture is not a valid release:\n${JSON.stringify(result.issues, null, 2)}`);
  return result.data;
}

type Input = ReleaseJson;

/** The canonical release keeping only the first `n` tracks (and their audio files). */
function firstTracks(input: Input, n: number): Input {
  input.tracks = input.tracks.slice(0, n);
  const used = new Set(input.tracks.map((t: any) => t.audio.fileId));
  input.assets.audio = input.assets.audio.filter((a: any) => used.has(a.id));
  return input;
}

const SPECIAL = `& < > " ' — Ærøskøbing «ñ» 日本語 🎵`;

/** The scenarios every version must write schema-valid: name → release input. */
export function scenarios382(): Record<string, Input> {
  const single = firstTracks(canonicalInput(), 1);
  single.type = 'Single';
  single.metadata.title = single.tracks[0].metadata.title;
  single.metadata.parentalWarning = 'NotExplicit';
  single.ddex = { version: '3.8.2' };

  const ep = firstTracks(canonicalInput(), 4);
  ep.type = 'EP';
  ep.metadata.parentalWarning = 'NotExplicit';
  ep.ddex = { version: '3.8.2' };

  const twoDiscs = canonicalInput();
  twoDiscs.tracks.forEach((t: any, i: number) => {
    t.discNumber = i < 6 ? 1 : 2;
    t.sequenceNumber = i < 6 ? i + 1 : i - 5;
  });

  const various = canonicalInput();
  various.metadata.displayArtist = 'Various Artists';
  various.metadata.artists = [{ name: 'Various Artists', role: 'MainArtist' }];
  various.tracks.forEach((t: any, i: number) => {
    const name = `Artist ${i + 1}`;
    t.metadata.displayArtist = i % 3 === 0 ? `${name} feat. Guest ${i}` : name;
    t.metadata.artists = [
      { name, role: 'MainArtist', ids: { isni: '0000000121032683' } },
      ...(i % 3 === 0 ? [{ name: `Guest ${i}`, role: 'FeaturedArtist' }] : []),
    ];
    t.metadata.contributors = [
      { name, role: 'MainArtist' },
      { name: 'Session Player', role: 'StudioMusician', instrument: 'Cello' },
    ];
  });

  const special = canonicalInput();
  const m = special.metadata;
  m.title = `Title ${SPECIAL}`;
  m.subtitle = `Subtitle ${SPECIAL}`;
  m.displayArtist = `Artist ${SPECIAL}`;
  m.artists = [
    {
      name: `Artist ${SPECIAL}`,
      role: 'MainArtist',
      ids: { proprietary: [{ namespace: `NS ${SPECIAL}`, value: `id ${SPECIAL}` }] },
    },
  ];
  m.label = `Label ${SPECIAL}`;
  m.catalogNumber = `CAT ${SPECIAL}`;
  m.genre = [`Genre ${SPECIAL}`, `Sub ${SPECIAL}`, `Sub2 ${SPECIAL}`];
  m.pLine = { year: 2027, text: `℗ 2027 ${SPECIAL}` };
  m.cLine = { year: 2027, text: `© 2027 ${SPECIAL}` };
  m.keywords = [`kw ${SPECIAL}`];
  m.marketingComment = `Comment ${SPECIAL}`;
  m.proprietaryIds = [{ namespace: `PADPIDA20270101016 ${SPECIAL}`, value: `P ${SPECIAL}` }];
  special.tracks.forEach((t: any) => {
    const tm = t.metadata;
    tm.title = `${tm.title} ${SPECIAL}`;
    tm.subtitle = `Mix ${SPECIAL}`;
    tm.displayArtist = `Artist ${SPECIAL}`;
    tm.workTitle = `Work ${SPECIAL}`;
    tm.genre = [`TGenre ${SPECIAL}`];
    tm.contributors = tm.contributors.map((c: any) => ({
      ...c,
      name: `${c.name} ${SPECIAL}`,
      instrument: `Instr ${SPECIAL}`,
    }));
    tm.writers = tm.writers.map((w: any) => ({ ...w, name: `${w.name} ${SPECIAL}` }));
    tm.publishers = [
      { name: `Pub ${SPECIAL}`, ids: { proprietary: [{ namespace: `N ${SPECIAL}`, value: `V ${SPECIAL}` }] } },
    ];
    tm.pLine = { year: 2027, text: `℗ ${SPECIAL}` };
    tm.proprietaryIds = [{ namespace: `N ${SPECIAL}`, value: `V ${SPECIAL}` }];
  });
  special.assets.audio.forEach((a: any) => {
    a.fileName = `${a.fileName} ${SPECIAL}`;
  });
  special.assets.images[0].fileName = `cover ${SPECIAL}.jpg`;
  special.rights.priceCode = `Price ${SPECIAL}`;

  const excluded = canonicalInput();
  excluded.territories = { included: ['Worldwide'], excluded: ['KP', 'IR', 'CU', 'SY'] };

  const dateTimes = canonicalInput();
  dateTimes.rights = { ...dateTimes.rights, startDate: '2027-03-05T00:00:00Z', endDate: '2029-03-05T23:59:59+01:00' };

  const explicit = canonicalInput();
  explicit.metadata.parentalWarning = 'Explicit';
  explicit.tracks.forEach((t: any, i: number) => {
    t.metadata.parentalWarning = i % 2 === 0 ? 'Explicit' : 'ExplicitContentEdited';
  });

  const multipleDeals = canonicalInput();
  multipleDeals.deals = [
    {
      territories: { included: ['US', 'CA'] },
      startDate: '2027-03-05',
      commercialModels: ['SubscriptionModel', 'AdvertisementSupportedModel'],
      useTypes: ['OnDemandStream', 'NonInteractiveStream'],
    },
    {
      territories: { included: ['NO', 'SE', 'DK'], excluded: ['SE'] },
      startDate: '2027-03-05T09:00:00+01:00',
      endDate: '2030-01-01',
      priceCode: 'MID',
      commercialModels: ['PayAsYouGoModel', 'SubscriptionModel'],
      useTypes: ['PermanentDownload', 'Stream'],
    },
    {
      territories: { included: ['Worldwide'], excluded: ['US', 'CA', 'NO', 'SE', 'DK'] },
      startDate: '2027-04-01',
      endDate: '2028-04-01',
      commercialModels: ['AdvertisementSupportedModel'],
      useTypes: ['Stream'],
    },
  ];

  const minimal = parsedMinimal();

  return { single, ep, twoDiscs, various, special, excluded, dateTimes, explicit, multipleDeals, minimal };
}

/** A release with only the required fields: no cover, no hashes, no ids but the catalog's, no lines. */
function parsedMinimal(): Input {
  return {
    id: 'rel-min',
    type: 'Album',
    metadata: { title: 'Minimal', displayArtist: 'Someone', releaseDate: '2027-01-01', label: 'Self', genre: ['Pop'] },
    tracks: [
      {
        id: 't1',
        sequenceNumber: 1,
        isrc: 'QZES72700101',
        metadata: { title: 'One', displayArtist: 'Someone', duration: 'PT2M5.5S' },
        audio: { fileId: 'a1' },
      },
      {
        id: 't2',
        sequenceNumber: 2,
        isrc: 'QZES72700102',
        metadata: { title: 'Two', displayArtist: 'Someone', duration: 61 },
        audio: { fileId: 'a2' },
      },
    ],
    assets: {
      audio: [
        { id: 'a1', fileName: 'one.wav', format: 'wav' },
        { id: 'a2', fileName: 'two.wav', format: 'WAV' },
      ],
    },
    territories: { included: ['NO'] },
    rights: { startDate: '2027-01-01' },
  };
}
