import { EMULATOR_HOSTING } from './emulator-hosting';
import { type FirebaseProjectOptions, firebaseConfigFiles } from './firebase-config';

/** Versions a scaffolded project pins (Node 20: firebase-admin 14 needs Node 22). */
export const TEMPLATE_VERSIONS = {
  firebaseAdmin: '13.10.0',
  firebaseFunctions: '7.4.0',
  ddex: '^0.1.0',
  typescript: '5.9.3',
} as const;

const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;

const FUNCTIONS_INDEX = `import { createDistroFunctions } from '@ddex/adapter-firebase/functions';

// The service's HTTP API, and the delivery worker on a schedule and on every new queue job.
export const { api, deliveryWorker, deliveryOnEnqueue } = createDistroFunctions({ region: process.env.FUNCTION_REGION });
`;

const WEB_INDEX = `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>DDEX Distro</title></head>
  <body><p>DDEX Distro is deployed. The API is at <a href="/api/health">/api/health</a>.</p></body>
</html>
`;

/** What the web app's `config.json` may name besides the project (see {@link firebaseWebConfig}). */
export interface FirebaseWebOptions {
  /** the project's Web API key; without it the app asks Hosting (`/__/firebase/init.json`) */
  apiKey?: string;
  /** @default '<projectId>.firebaseapp.com' */
  authDomain?: string;
  /** the Auth emulator for local runs, e.g. `http://127.0.0.1:9099` */
  authEmulatorUrl?: string;
}

/**
 * The reference web app's runtime config (`config.json` next to its index.html): sign in with Firebase Auth and send
 * the ID token to the API. The Web API key may stay out of it: on Firebase Hosting the app reads it from the reserved
 * `/__/firebase/init.json`.
 */
export function firebaseWebConfig(options: FirebaseProjectOptions & FirebaseWebOptions): Record<string, string> {
  return {
    auth: 'firebase',
    projectId: options.projectId,
    authDomain: options.authDomain ?? `${options.projectId}.firebaseapp.com`,
    ...(options.apiKey ? { apiKey: options.apiKey } : {}),
    ...(options.authEmulatorUrl ? { authEmulatorUrl: options.authEmulatorUrl } : {}),
  };
}

/**
 * The files of a new DDEX Distro Firebase project (`ddex-distro create <dir> --template firebase`), path →
 * content: the Firebase configuration and rules, a Functions package exporting the service, Hosting's public folder
 * `web/dist` with the web app's `config.json` (Firebase sign-in) and a placeholder page (the CLI puts the built
 * reference app in its place), and a package.json whose `npm run deploy` deploys it all.
 */
export function firebaseTemplateFiles(
  options: FirebaseProjectOptions & FirebaseWebOptions & { name: string },
): Record<string, string> {
  const region = options.region ?? 'us-central1';
  return {
    ...firebaseConfigFiles(options),
    'package.json': json({
      name: options.name,
      private: true,
      type: 'module',
      engines: { node: '>=20.19' },
      scripts: {
        build: 'npm --prefix functions run build',
        deploy: 'ddex-distro deploy',
        emulators: 'ddex-distro emulators',
      },
      devDependencies: { '@ddex/cli': TEMPLATE_VERSIONS.ddex, '@ddex/adapter-firebase': TEMPLATE_VERSIONS.ddex },
    }),
    'functions/package.json': json({
      name: `${options.name}-functions`,
      private: true,
      type: 'module',
      main: 'lib/index.js',
      engines: { node: '20' },
      scripts: { build: 'tsc -p tsconfig.json' },
      dependencies: {
        '@ddex/adapter-firebase': TEMPLATE_VERSIONS.ddex,
        'firebase-admin': TEMPLATE_VERSIONS.firebaseAdmin,
        'firebase-functions': TEMPLATE_VERSIONS.firebaseFunctions,
      },
      devDependencies: { typescript: TEMPLATE_VERSIONS.typescript },
    }),
    'functions/tsconfig.json': json({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        outDir: 'lib',
        strict: true,
        skipLibCheck: true,
      },
      include: ['src'],
    }),
    'functions/.env': `FUNCTION_REGION=${region}\n`,
    'functions/src/index.ts': FUNCTIONS_INDEX,
    'web/dist/index.html': WEB_INDEX,
    'web/dist/config.json': json(firebaseWebConfig(options)),
    // .firebase/ holds the Hosting content `ddex-distro emulators` serves, next to firebase-tools' cache
    '.gitignore': `node_modules/\nfunctions/lib/\n.firebase/\n${EMULATOR_HOSTING.config}\n*-debug.log\nservice-account*.json\n`,
  };
}
