import { FIRESTORE_INDEXES, FIRESTORE_RULES, STORAGE_RULES } from './rules';

/** What a DDEX Distro Firebase project is configured with (`ddex-distro init --firebase`). */
export interface FirebaseProjectOptions {
  /** the Firebase project id, e.g. `my-label-distro` (6–30 lower-case letters, digits and hyphens) */
  projectId: string;
  /**
   * Region of the Cloud Functions.
   * @default 'us-central1'
   */
  region?: string;
  /** path of a service account key file for local admin commands (kept out of the project: never committed) */
  serviceAccount?: string;
}

/** Local ports of `ddex-distro emulators` (the Firebase emulator suite defaults). */
export const EMULATOR_PORTS = { auth: 9099, functions: 5001, firestore: 8080, hosting: 5000, storage: 9199, ui: 4000 };

/** `Cache-Control` of files a deploy replaces under the same name: revalidated on every load, so a deploy shows at once. */
export const NO_CACHE = 'no-cache';
/** `Cache-Control` of the web app's hashed build output (`/assets/**`): a new build gets new names. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Hosting's `headers`, in order (when several match, the last one wins): index.html, config.json and every other
 * page or file at a stable name (the app's routes get index.html through the rewrite) are revalidated; the hashed
 * assets are cached for a year. `/api/**` is left to the service, which sets its own (`no-store`).
 */
export const HOSTING_HEADERS = [
  { source: '/', headers: [{ key: 'Cache-Control', value: NO_CACHE }] },
  { source: '/!(api|assets)', headers: [{ key: 'Cache-Control', value: NO_CACHE }] },
  { source: '/!(api|assets)/**', headers: [{ key: 'Cache-Control', value: NO_CACHE }] },
  { source: '/assets/**', headers: [{ key: 'Cache-Control', value: IMMUTABLE }] },
];

const PROJECT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
const REGION = /^[a-z]+-[a-z]+\d$/;

/** Checks project options; returns a message naming the field and the rule, or null. */
export function checkProjectOptions(options: FirebaseProjectOptions): string | null {
  if (!PROJECT_ID.test(options.projectId ?? ''))
    return `projectId ${JSON.stringify(options.projectId)} must be 6–30 lower-case letters, digits and hyphens, starting with a letter`;
  if (options.region !== undefined && !REGION.test(options.region))
    return `region ${JSON.stringify(options.region)} must look like us-central1 or europe-west1`;
  return null;
}

/** `firebase.json`: Functions from `functions/`, the web app on Hosting with `/api/**` rewritten to the API function. */
export function firebaseJson(options: FirebaseProjectOptions): Record<string, unknown> {
  const region = options.region ?? 'us-central1';
  return {
    functions: [
      {
        source: 'functions',
        codebase: 'ddex-distro',
        runtime: 'nodejs20',
        predeploy: ['npm --prefix "$RESOURCE_DIR" run build'],
      },
    ],
    hosting: {
      public: 'web/dist',
      ignore: ['firebase.json', '**/.*', '**/node_modules/**'],
      headers: HOSTING_HEADERS,
      rewrites: [
        { source: '/api/**', function: { functionId: 'api', region } },
        // every app route falls back to index.html, but not /assets/**: a missing hashed asset must be a 404, not
        // index.html cached as immutable under the asset's name
        { source: '/!(assets)', destination: '/index.html' },
        { source: '/!(assets)/**', destination: '/index.html' },
      ],
    },
    firestore: { rules: 'firestore.rules', indexes: 'firestore.indexes.json' },
    storage: { rules: 'storage.rules' },
    emulators: {
      auth: { port: EMULATOR_PORTS.auth },
      functions: { port: EMULATOR_PORTS.functions },
      firestore: { port: EMULATOR_PORTS.firestore },
      hosting: { port: EMULATOR_PORTS.hosting },
      storage: { port: EMULATOR_PORTS.storage },
      ui: { enabled: true, port: EMULATOR_PORTS.ui },
      singleProjectMode: true,
    },
  };
}

/** `.firebaserc`: the default project. */
export function firebaseRc(options: FirebaseProjectOptions): Record<string, unknown> {
  return { projects: { default: options.projectId } };
}

/** The Firebase files of a project, path → content: firebase.json, .firebaserc, rules and indexes. */
export function firebaseConfigFiles(options: FirebaseProjectOptions): Record<string, string> {
  const problem = checkProjectOptions(options);
  if (problem) throw new TypeError(problem);
  const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;
  return {
    'firebase.json': json(firebaseJson(options)),
    '.firebaserc': json(firebaseRc(options)),
    'firestore.rules': FIRESTORE_RULES,
    'firestore.indexes.json': json(FIRESTORE_INDEXES),
    'storage.rules': STORAGE_RULES,
  };
}
