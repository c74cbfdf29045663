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
      rewrites: [
        { source: '/api/**', function: { functionId: 'api', region } },
        { source: '**', destination: '/index.html' },
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
