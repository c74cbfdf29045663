import type { DeliveryTarget, Release, Tenant } from '@ddex/ern-model';

/** Overrides of {@link makeRelease}. */
export interface ReleaseFixture {
  /** release id */
  id?: string;
  /** title */
  title?: string;
  /** display artist */
  artist?: string;
  /** label */
  label?: string;
  /** status */
  status?: Release['status'];
  /** type */
  type?: string;
  /** release date YYYY-MM-DD */
  releaseDate?: string;
  /** 12 digits: a check digit is appended to make an EAN-13 */
  barcodeBase?: string;
  /** catalog number */
  catalogNumber?: string;
  /** track ISRCs (one track each) */
  isrcs?: string[];
  /** track titles (parallel to isrcs) */
  trackTitles?: string[];
}

/** EAN-13 from 12 digits (appends the check digit). */
export function ean13(base12: string): string {
  const digits = base12.padStart(12, '0').slice(-12);
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(digits[i]) * (i % 2 === 0 ? 1 : 3);
  return digits + String((10 - (sum % 10)) % 10);
}

/** A valid release document for tests; `n` varies ids and codes. */
export function makeRelease(n: number, f: ReleaseFixture = {}): Release {
  const num = String(n).padStart(5, '0');
  const isrcs = f.isrcs ?? [`QZES7${num.slice(0, 2)}${num}`.slice(0, 12).padEnd(12, '0')];
  return {
    id: f.id ?? `rel-${num}`,
    type: f.type ?? 'Album',
    status: f.status ?? 'draft',
    metadata: {
      title: f.title ?? `Release ${num}`,
      displayArtist: f.artist ?? 'Test Artist',
      releaseDate: f.releaseDate ?? '2027-03-05',
      label: f.label ?? 'Test Label',
      catalogNumber: f.catalogNumber ?? `CAT-${num}`,
      barcode: ean13(f.barcodeBase ?? `501234${num}0`),
      genre: ['Electronic'],
    },
    tracks: isrcs.map((isrc, i) => ({
      id: `trk-${i + 1}`,
      sequenceNumber: i + 1,
      discNumber: 1,
      isrc,
      metadata: {
        title: f.trackTitles?.[i] ?? `Track ${i + 1}`,
        displayArtist: f.artist ?? 'Test Artist',
        duration: 180,
        contributors: [],
        writers: [],
        publishers: [],
      },
      audio: { fileId: `aud-${i + 1}`, format: 'FLAC' as const },
    })),
    assets: {
      audio: isrcs.map((_, i) => ({ id: `aud-${i + 1}`, fileName: `${i + 1}.flac`, format: 'FLAC' as const })),
      images: [],
      videos: [],
      documents: [],
    },
    territories: { included: ['Worldwide'], excluded: [] },
    rights: {
      startDate: '2027-03-05',
      commercialModels: ['SubscriptionModel'],
      useTypes: ['Stream'],
    },
    ddex: { version: '4.3' },
  } as Release;
}

/** A valid tenant document for tests. */
export function makeTenant(id: string, name = `Tenant ${id}`): Tenant {
  return {
    id,
    name,
    type: 'label',
    branding: { primaryColor: '#1f6feb', secondaryColor: '#0d1117' },
    settings: {
      defaultERNVersion: '4.3',
      defaultTerritories: ['Worldwide'],
      requireValidation: true,
      autoDeliver: false,
    },
    subscription: { plan: 'free' },
    users: [],
  };
}

/** A valid delivery target document for tests. */
export function makeTarget(id: string, overrides: Partial<DeliveryTarget> = {}): DeliveryTarget {
  return {
    id,
    name: `Target ${id}`,
    type: 'DSP',
    protocol: 'SFTP',
    config: { host: 'dsp.example', port: 22 },
    schedule: { type: 'immediate' },
    active: true,
    testMode: false,
    ...overrides,
  };
}
