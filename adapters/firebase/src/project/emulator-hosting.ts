import { EMULATOR_PORTS } from './firebase-config';

// What `ddex-distro emulators` serves on the Hosting emulator instead of the deployed files: a copy of each Hosting
// public folder whose config.json points the web app at the emulators, named by a second firebase.json. The project's
// own firebase.json and public folder (what `ddex-distro deploy` ships) stay as they are.

/** Where `ddex-distro emulators` writes the Hosting content it serves, relative to the project folder. */
export const EMULATOR_HOSTING = {
  /**
   * The firebase.json the emulators start with (`firebase emulators:start --config`). It sits in the project folder
   * because firebase-tools resolves every path in it (functions source, rules) from the config file's folder.
   */
  config: '.firebase-emulators.json',
  /** The copies of the public folders (`.firebase/` is firebase-tools' own cache folder). */
  publicDir: '.firebase/emulators',
} as const;

/** The Web API key the web app sends to the emulators: the Auth emulator takes any (firebase-tools uses this one). */
export const EMULATOR_API_KEY = 'fake-api-key';

/** One Hosting site of a firebase.json whose public folder the emulators serve a copy of. */
export interface EmulatorHostingSite {
  /** the public folder of firebase.json, e.g. `web/dist` */
  public: string;
  /** its copy, e.g. `.firebase/emulators/hosting` */
  copy: string;
}

type Json = Record<string, unknown>;

const hostingEntries = (firebaseJson: Json): Json[] => {
  const hosting = firebaseJson.hosting;
  if (Array.isArray(hosting)) return hosting as Json[];
  return hosting && typeof hosting === 'object' ? [hosting as Json] : [];
};

/** The Hosting sites of `firebaseJson` that have a public folder, each with the folder its emulator copy goes to. */
export function emulatorHostingSites(firebaseJson: Json): EmulatorHostingSite[] {
  const array = Array.isArray(firebaseJson.hosting);
  return hostingEntries(firebaseJson).flatMap((entry, i) =>
    typeof entry.public === 'string'
      ? [{ public: entry.public, copy: `${EMULATOR_HOSTING.publicDir}/hosting${array ? `-${i}` : ''}` }]
      : [],
  );
}

/**
 * The firebase.json the emulators start with: `firebaseJson` with each Hosting public folder replaced by its copy
 * (see {@link emulatorHostingSites}); headers, rewrites and emulator ports stay the same.
 */
export function emulatorFirebaseJson(firebaseJson: Json): Json {
  const sites = emulatorHostingSites(firebaseJson);
  const entries = hostingEntries(firebaseJson).map((entry) => {
    const site = sites.find((s) => s.public === entry.public);
    return site ? { ...entry, public: site.copy } : entry;
  });
  return { ...firebaseJson, hosting: Array.isArray(firebaseJson.hosting) ? entries : entries[0] };
}

/** The Auth emulator's origin as a browser reaches it, from `emulators.auth` of firebase.json. */
export function authEmulatorUrl(firebaseJson: Json): string {
  const auth = ((firebaseJson.emulators as Json | undefined)?.auth ?? {}) as { host?: string; port?: number };
  // an emulator listening on every interface is reached on loopback
  const host = !auth.host || auth.host === '0.0.0.0' || auth.host === '::' ? '127.0.0.1' : auth.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${auth.port ?? EMULATOR_PORTS.auth}`;
}

/**
 * The web app's config.json under the emulators: the deployed one (`production`, when there is one) signing in
 * against the Auth emulator of `firebaseJson` for the emulated project, with a placeholder Web API key when the
 * deployed config leaves the key to Hosting's `/__/firebase/init.json` (which needs a login for a real project).
 * The API needs nothing: the app calls `/api` on its own origin, which the Hosting emulator sends to the Functions
 * emulator.
 */
export function emulatorWebConfig(options: {
  /** firebase.json of the project */
  firebaseJson: Json;
  /** the project the emulators run for */
  projectId: string;
  /** the public folder's config.json, parsed */
  production?: Json;
}): Json {
  const production = options.production ?? {};
  return {
    ...production,
    auth: 'firebase',
    projectId: options.projectId,
    apiKey: typeof production.apiKey === 'string' && production.apiKey ? production.apiKey : EMULATOR_API_KEY,
    authEmulatorUrl: authEmulatorUrl(options.firebaseJson),
  };
}
