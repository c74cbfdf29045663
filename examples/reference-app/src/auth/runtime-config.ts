import { z } from 'zod';

/** How the app signs in: the service's cookie session, or Firebase Auth ID tokens sent as bearer tokens. */
export type RuntimeConfig =
  | { auth: 'session' }
  | {
      auth: 'firebase';
      /** the Firebase project's Web API key (public: it names the project, it grants nothing) */
      apiKey: string;
      authDomain?: string;
      projectId?: string;
      /** the Auth emulator, e.g. `http://127.0.0.1:9099`: the same REST paths under this origin */
      authEmulatorUrl?: string;
    };

/** Why the runtime config could not be used: the file exists but is not a valid config. */
export class RuntimeConfigError extends Error {
  readonly code = 'BAD_RUNTIME_CONFIG';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RuntimeConfigError';
  }
}

const FirebaseConfig = z.object({
  auth: z.literal('firebase'),
  apiKey: z.string().min(1).optional(),
  authDomain: z.string().min(1).optional(),
  projectId: z.string().min(1).optional(),
  authEmulatorUrl: z.url({ protocol: /^https?$/ }).optional(),
});
const Config = z.union([z.object({ auth: z.literal('session') }), FirebaseConfig]);
const HostingInit = z.object({ apiKey: z.string().min(1), authDomain: z.string().optional(), projectId: z.string() });

type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

/** The JSON body of a response that is a JSON file, or undefined (404, or the SPA fallback's index.html). */
async function jsonFile(fetchFn: Fetch, url: string): Promise<unknown> {
  const response = await fetchFn(url, { cache: 'no-store', headers: { accept: 'application/json' } });
  if (!response.ok || !response.headers.get('content-type')?.includes('json')) return undefined;
  try {
    return await response.json();
  } catch (cause) {
    throw new RuntimeConfigError(`${url} is not JSON`, { cause });
  }
}

/**
 * Reads the runtime config `/config.json` next to index.html (written by `ddex-distro create --template firebase`).
 * No file means the cookie session, as under `ddex-distro serve`. A Firebase config without `apiKey` takes it from
 * Firebase Hosting's reserved `/__/firebase/init.json`, so a deployed project needs no key in its files.
 *
 * @throws {RuntimeConfigError} when the file is there but is not a valid config
 */
export async function loadRuntimeConfig(fetchFn: Fetch = fetch, base = ''): Promise<RuntimeConfig> {
  const raw = await jsonFile(fetchFn, `${base}/config.json`);
  if (raw === undefined) return { auth: 'session' };
  const parsed = Config.safeParse(raw);
  if (!parsed.success) throw new RuntimeConfigError(`/config.json is invalid: ${z.prettifyError(parsed.error)}`);
  const config = parsed.data;
  if (config.auth === 'session') return config;
  if (config.apiKey) return { ...config, apiKey: config.apiKey };
  const init = HostingInit.safeParse(await jsonFile(fetchFn, `${base}/__/firebase/init.json`));
  if (!init.success)
    throw new RuntimeConfigError('/config.json has no apiKey and Firebase Hosting gave none (/__/firebase/init.json)');
  return { ...init.data, ...config, apiKey: init.data.apiKey };
}
