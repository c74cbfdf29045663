import fc from 'fast-check';
import { canonicalAlbum } from '../fixtures';

// Random releases for the parity test: the canonical album, a release with every optional field set, and a minimal
// one, each changed by a few random mutations. A mutation puts a value another field of the same name holds (or a
// near miss of it: lower case, hyphens, ISO durations), a wrong value, removes a key, adds an unknown one, or drops or
// repeats a list item, so some releases stay valid and some break in one or several places.

type Json = any;
type Path = (string | number)[];

/** The canonical album with every optional field of the model set, in forms the parser normalises. */
export function richRelease(): Json {
  const album = canonicalAlbum();
  const ids = {
    isni: '0000 0001 2103 2683',
    ipi: '00012345678',
    dpid: 'PA-DPIDA-2013042401-U',
    proprietary: [{ namespace: 'PADPIDA2013042401U', value: 'artist-1' }],
  };
  Object.assign(album.metadata, {
    subtitle: 'Deluxe Edition',
    artists: [{ name: 'Aurora Fields', role: 'MainArtist', ids, sortName: 'Fields, Aurora' }, { name: 'Guest' }],
    localizedTitles: [{ title: '北の光', subtitle: 'デラックス', language: 'ja-Jpan', territory: 'jp' }],
    localizedDisplayArtists: [{ name: 'オーロラ', language: 'ja', territory: 'worldwide' }],
    labelIds: { dpid: 'PADPIDA2013042401U' },
    proprietaryIds: [{ namespace: 'PADPIDA2013042401U', value: 'rel-1' }],
    keywords: ['aurora', 'night'],
    marketingComment: 'A winter album.',
    relatedReleases: [
      {
        relation: 'IsReleaseFromRelease',
        barcode: '5012345678900',
        grid: 'A1-QZ9PL-2700000001-C',
        isrc: 'qz-es7-27-00001',
        catalogNumber: 'POLAR-041',
        title: 'Northern Lights (Single)',
        displayArtist: 'Aurora Fields',
        releaseDate: '2026-12-01',
      },
    ],
  });
  const first = album.tracks[0];
  first.audio.format = 'flac';
  first.audio.bitrate = 1411;
  Object.assign(first.metadata, {
    subtitle: 'Radio Edit',
    artists: [{ name: 'Aurora Fields', role: 'FeaturedArtist' }],
    localizedTitles: [{ title: 'オーロラ', language: 'ja' }],
    localizedDisplayArtists: [{ name: 'オーロラ', territory: 'JP' }],
    duration: 'PT3M11S',
    genre: ['Ambient'],
    language: 'nb',
    iswc: 'T-034.524.680-1',
    workTitle: 'Aurora',
    proprietaryIds: [{ namespace: 'PADPIDA2013042401U', value: 'trk-1' }],
    isInstrumental: false,
    recordingDate: '2026-11',
  });
  first.metadata.writers[0].ids = { isni: '0000000121032683' };
  first.metadata.contributors.push({ name: 'Kari Nord', role: 'Musician', instrument: 'Piano', sortName: 'Nord, K' });
  album.tracks.push({
    id: 'trk-video',
    sequenceNumber: album.tracks.length + 1,
    isrc: 'QZES72700099',
    metadata: { title: 'Northern Lights (Video)', displayArtist: 'Aurora Fields', duration: 240.5 },
    video: { fileId: 'vid-01', format: 'mp4' },
  });
  album.assets.videos = [
    {
      id: 'vid-01',
      fileName: 'northern-lights.mp4',
      format: 'mp4',
      width: 1920,
      height: 1080,
      duration: 'PT4M0.5S',
      codec: 'h264',
      frameRate: 29.97,
      sha256: 'ab'.repeat(32),
    },
  ];
  album.assets.images = [
    ...(album.assets.images ?? []),
    { id: 'img-back', fileName: 'back.jpg', format: 'jpg', type: 'BackCoverImage', width: 1400, height: 1400 },
  ];
  album.assets.documents = [{ id: 'doc-01', fileName: 'notes.pdf', type: 'LinerNotes', format: 'PDF', size: 1000 }];
  album.territories.excluded = ['kp'];
  Object.assign(album.rights, {
    endDate: '2037-03-05T00:00:00Z',
    priceCode: 'FRONT',
    distributionChannels: ['Spotify'],
    preOrder: true,
    displayStartDate: '2027-02-01',
  });
  album.deals = [
    {
      territories: { included: ['no', 'SE'] },
      startDate: '2027-03-05',
      endDate: '2028-03-05T12:00:00+01:00',
      commercialModels: ['SubscriptionModel'],
      useTypes: ['Stream'],
      priceCode: 'MID',
    },
  ];
  album.ddex = {
    version: '4.2',
    profile: 'Audio',
    messageId: 'msg-1',
    lastGenerated: '2027-01-01T10:00:00Z',
    validationStatus: 'invalid',
    validationErrors: [{ code: 'x', path: 'metadata.title', message: 'bad' }, { message: 'worse' }],
  };
  Object.assign(album, { created: '2026-10-01T08:00:00Z', updated: '2026-10-02', createdBy: 'user-1' });
  return album;
}

/** A release with only the required fields and one track. */
export function minimalRelease(): Json {
  return {
    id: 'rel-min',
    type: 'Single',
    metadata: {
      title: 'One',
      displayArtist: 'Someone',
      releaseDate: '2027-01-01',
      label: 'Label',
      genre: ['Pop'],
    },
    tracks: [
      {
        id: 't1',
        sequenceNumber: 1,
        isrc: 'QZES72700001',
        metadata: { title: 'One', displayArtist: 'Someone', duration: 180 },
        audio: { fileId: 'a1' },
      },
    ],
    assets: { audio: [{ id: 'a1', fileName: 'one.wav', format: 'wav' }] },
    territories: { included: ['Worldwide'] },
    rights: { startDate: '2027-01-01' },
  };
}

// near misses and alternatives, by field name, beside the values the releases themselves hold
const EXTRA_VALUES: Record<string, unknown[]> = {
  isrc: ['qz-es7-27-00001', ' QZES72700012 ', 'QZES7270001', 'QZES7270000X', 'QZ-ES7-27-00099'],
  duration: ['PT3M11S', 'P0DT1H', 'PT191.5S', 'PT', 'P', 'PT0S', 0, -1, 1e-9, '191', 'P1DT'],
  format: ['flac', 'FLAC', 'jpg', 'JPG', 'jpeg', 'png', 'mp4', 'MOV', 'wav', 'MP3', 'bogus', 3, 'PDF'],
  releaseDate: ['2027-02-30', '2027-02-28', '2027', '2027-03', '2028-03-05', '2027-03-05T10:00:00Z'],
  originalReleaseDate: ['2027-03-06', '2020-01-01', '2027-13-01'],
  startDate: ['2027-03-05T00:00:00Z', '2027-03-05T24:00', '2030-01-01', '2027-03-05T10:00:60Z', 'soon'],
  endDate: ['2027-03-05', '2027-03-04', '2040-01-01T00:00:00.5-05:00', '2027-03-05T00:00'],
  displayStartDate: ['2027-02-01T10:00', 'tomorrow'],
  recordingDate: ['2026', '2026-13', '2026-02-29', '2024-02-29', '26'],
  created: ['2026-10-01T08:00:00Z', '2026-10-01T08:00:00', 'yesterday'],
  barcode: ['5012345678907', '501234567890', '05012345678900', '0-12345-67890-5', 'ABC'],
  grid: ['A12425GABC1234002M', 'A1-2425G-ABC1234002-N', 'B12425GABC1234002M', 'A1'],
  isni: ['0000 0001 2103 2684', '000000012103268X', '12345'],
  iswc: ['T0345246802', 'T0000000010', 'T-034.524.680-1', '0345246801'],
  dpid: ['PADPIDA2013042401V', 'PADPIDA', 'PBDPIDA2013042401U', 'padpida2013042401u'],
  ipi: ['123', '12345678901', '1234567890123'],
  md5: ['0'.repeat(32), 'g'.repeat(32), 'A'.repeat(32), '0'.repeat(31)],
  sha256: ['F'.repeat(64), 'f'.repeat(63)],
  parentalWarning: ['Explicit', 'ExplicitContentEdited', 'NotExplicit', 'NoAdviceAvailable', 'Unknown', 'explicit'],
  role: ['MainArtist', 'FeaturedArtist', 'Producer', 'Composer', 'Lyricist', 'Remixer', 'Chef'],
  type: ['Album', 'Single', 'EP', 'Video', 'Mixed', 'VideoSingle', 'Bundle', 'album', 'FrontCoverImage'],
  status: ['draft', 'ready', 'delivered', 'archived', 'deleted'],
  version: ['3.8.2', '4.2', '4.3', '4.1', 4.3],
  validationStatus: ['valid', 'invalid', 'unknown'],
  language: ['en', 'pt-BR', 'zh-Hant-TW', 'EN', 'x', 'en_US', 'toolonglanguage', 'i-klingon'],
  territory: ['no', 'NO', 'worldwide', 'WORLDWIDE', 'Worldwide', 'xx', 'ZZ', 'No'],
  'included[]': ['no', 'Worldwide', 'worldwide', 'US', 'us', 'xx', 'WORLDWIDE'],
  'excluded[]': ['kp', 'KP', 'Worldwide', 'CU', 'zz'],
  'commercialModels[]': ['SubscriptionModel', 'PayAsYouGoModel', 'FreeOfChargeModel', 'Subscription'],
  'useTypes[]': ['Stream', 'PermanentDownload', 'OnDemandStream', 'Download'],
  sequenceNumber: [1, 2, 3, 1.5, 0, -1, '2', 2 ** 53, 100],
  discNumber: [1, 2, 1.5, 0, '1', 2 ** 31],
  year: [999, 1000, 9999, 10000, 2027.5, '2027'],
  size: [0, -1, 1.5, 2 ** 53],
  sampleRate: [48000, 0, 44.1],
  startTime: [0, -1, 200, 1e6],
  frameRate: [25, 0, -1],
  preOrder: [true, false, 'yes'],
  isInstrumental: [true, 'no'],
  fileId: ['aud-01', 'aud-02', 'vid-01', 'img-01', 'missing', ''],
  id: ['trk-01', 'trk-02', 'aud-01', 'aud-02', 'img-back', 'x', ''],
};

// values of the wrong kind, for any field
const WRONG_VALUES: unknown[] = [
  null,
  true,
  false,
  '',
  'x',
  '😀',
  '\uD800',
  0,
  -1,
  1.5,
  Number.NaN,
  [],
  [1],
  ['x'],
  {},
  { a: 1 },
  { title: 'T' },
];

const UNKNOWN_KEYS = ['parentalwarning', 'extra', 'Title', 'constructor', 'toString', '__proto__', '0'];

/** Values found under each field name of the releases, plus {@link EXTRA_VALUES}. */
function valuePools(docs: Json[]): Map<string, unknown[]> {
  const pools = new Map<string, unknown[]>();
  const add = (key: string, value: unknown) => {
    const pool = pools.get(key) ?? [];
    if (!pool.some((v) => JSON.stringify(v) === JSON.stringify(value))) pool.push(value);
    pools.set(key, pool);
  };
  const visit = (value: unknown, key: string) => {
    if (key !== '') add(key, value);
    if (Array.isArray(value)) for (const item of value) visit(item, `${key}[]`);
    else if (value !== null && typeof value === 'object')
      for (const [k, v] of Object.entries(value as object)) visit(v, k);
  };
  for (const doc of docs) visit(doc, '');
  for (const [key, values] of Object.entries(EXTRA_VALUES)) for (const v of values) add(key, v);
  return pools;
}

/** Every path in `doc`, containers and leaves, the root excluded. */
function pathsOf(doc: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (Array.isArray(doc)) {
    doc.forEach((item, i) => {
      out.push([...prefix, i]);
      pathsOf(item, [...prefix, i], out);
    });
  } else if (doc !== null && typeof doc === 'object') {
    for (const [k, v] of Object.entries(doc)) {
      out.push([...prefix, k]);
      pathsOf(v, [...prefix, k], out);
    }
  }
  return out;
}

function poolKey(path: Path): string {
  let arrays = 0;
  for (let i = path.length - 1; i >= 0; i--) {
    if (typeof path[i] === 'number') arrays++;
    else return `${path[i]}${'[]'.repeat(arrays)}`;
  }
  return '';
}

function parentOf(doc: Json, path: Path): Json {
  let node = doc;
  for (const key of path.slice(0, -1)) node = node[key];
  return node;
}

// own data property, the way JSON.parse makes it (plain assignment of __proto__ would set the prototype)
function setOwn(node: Json, key: string | number, value: unknown): void {
  Object.defineProperty(node, key, { value, enumerable: true, writable: true, configurable: true });
}

type Mutation =
  | { op: 'same-field' | 'wrong'; pick: number; value: number }
  | { op: 'json'; pick: number; json: unknown }
  | { op: 'delete' | 'drop-item' | 'repeat-item' | 'share-item'; pick: number }
  | { op: 'unknown-key'; pick: number; key: number; json: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('same-field' as const), pick: fc.nat(), value: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('wrong' as const), pick: fc.nat(), value: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant('json' as const), pick: fc.nat(), json: fc.jsonValue({ maxDepth: 2 }) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constantFrom('delete', 'drop-item', 'repeat-item', 'share-item'), pick: fc.nat() }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('unknown-key' as const),
      pick: fc.nat(),
      key: fc.nat(),
      json: fc.jsonValue({ maxDepth: 1 }),
    }),
  },
);

function apply(doc: Json, m: Mutation, pools: Map<string, unknown[]>): void {
  const paths = pathsOf(doc);
  if (m.op === 'unknown-key') {
    const objects = [[], ...paths].filter((p) => {
      const v = p.length === 0 ? doc : parentOf(doc, p)[p[p.length - 1] as string];
      return v !== null && typeof v === 'object' && !Array.isArray(v);
    });
    const path = objects[m.pick % objects.length] as Path;
    const target = path.length === 0 ? doc : parentOf(doc, path)[path[path.length - 1] as string];
    setOwn(target, UNKNOWN_KEYS[m.key % UNKNOWN_KEYS.length] as string, m.json);
    return;
  }
  if (paths.length === 0) return;
  const path = paths[m.pick % paths.length] as Path;
  const parent = parentOf(doc, path);
  const key = path[path.length - 1] as string | number;
  switch (m.op) {
    case 'same-field': {
      const pool = pools.get(poolKey(path)) ?? WRONG_VALUES;
      setOwn(parent, key, structuredClone(pool[m.value % pool.length]));
      return;
    }
    case 'wrong':
      setOwn(parent, key, structuredClone(WRONG_VALUES[m.value % WRONG_VALUES.length]));
      return;
    case 'json':
      setOwn(parent, key, m.json);
      return;
    case 'delete':
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key];
      return;
    default: {
      // list operations act on the nearest list at or above the picked path
      for (let i = path.length - 1; i >= 0; i--) {
        if (typeof path[i] !== 'number') continue;
        const list = parentOf(doc, path.slice(0, i + 1)) as unknown[];
        const index = path[i] as number;
        if (m.op === 'drop-item') list.splice(index, 1);
        else list.push(m.op === 'share-item' ? list[index] : structuredClone(list[index]));
        return;
      }
    }
  }
}

const BASES = [canonicalAlbum(), richRelease(), minimalRelease()];
const POOLS = valuePools(BASES);

/** A release from one of the bases, changed by `min` to `max` random mutations. */
export function mutatedRelease(min: number, max: number): fc.Arbitrary<Json> {
  return fc
    .tuple(fc.nat({ max: BASES.length - 1 }), fc.array(mutation, { minLength: min, maxLength: max }))
    .map(([base, mutations]) => {
      const doc = structuredClone(BASES[base]);
      for (const m of mutations) apply(doc, m, POOLS);
      return doc;
    });
}

/** Any JSON, and objects with release keys holding any JSON. */
export const arbitraryJson: fc.Arbitrary<Json> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.dictionary(
    fc.constantFrom('id', 'type', 'metadata', 'tracks', 'assets', 'territories', 'rights', 'deals', '__proto__'),
    fc.jsonValue({ maxDepth: 2 }),
  ),
);
