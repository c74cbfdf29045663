import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isCatalogStoreError } from '@ddex/catalog-store';
import type { StaticApiKey } from '../options';
import { type Principal, systemPrincipal } from '../principal';
import { scopesFor } from '../services/identity';
import type { DistroServices } from '../services/index';

/** Name of the environment variable holding a fixed bootstrap admin key. */
export const ADMIN_KEY_ENV = 'DDEX_DISTRO_ADMIN_KEY';

/** Options of {@link bootstrapTenant}. */
export interface BootstrapOptions {
  /**
   * Id of the first tenant.
   * @default 'default'
   */
  tenantId?: string;
  /**
   * Its display name.
   * @default 'My Label'
   */
  tenantName?: string;
  /** a fixed admin key (`DDEX_DISTRO_ADMIN_KEY`): accepted as is, never stored; at least 24 characters */
  adminKey?: string;
}

/** What {@link bootstrapTenant} did. */
export interface BootstrapResult {
  /** the tenant */
  tenantId: string;
  /** true when the tenant was created now (first start) */
  created: boolean;
  /** the generated admin key, on first start without `adminKey`: show it once */
  generatedKey?: string;
}

/** The static key entry for a fixed admin key (see {@link BootstrapOptions.adminKey}). */
export function staticAdminKey(secret: string, tenantId: string): StaticApiKey {
  if (secret.length < 24) throw new Error(`${ADMIN_KEY_ENV} must be at least 24 characters`);
  const secretSha256 = createHash('sha256').update(secret, 'utf8').digest('hex');
  return { id: `env-${secretSha256.slice(0, 8)}`, tenantId, role: 'admin', operator: true, secretSha256 };
}

/**
 * Creates the first tenant on first start and, unless a fixed admin key is configured, an admin API key (with
 * operator rights) whose secret is returned once. Later starts change nothing.
 */
export async function bootstrapTenant(
  services: DistroServices,
  options: BootstrapOptions = {},
): Promise<BootstrapResult> {
  const tenantId = options.tenantId ?? 'default';
  const { store } = services;
  let created = false;
  try {
    await store.tenants.create({
      id: tenantId,
      name: options.tenantName ?? 'My Label',
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
    });
    created = true;
  } catch (error) {
    if (!isCatalogStoreError(error, 'ALREADY_EXISTS')) throw error;
  }
  if (!created || options.adminKey) return { tenantId, created };
  const { secret } = await store.apiKeys.create(tenantId, {
    name: 'bootstrap admin',
    scopes: scopesFor('admin', true),
  });
  await store.audit.append(tenantId, {
    actor: 'system',
    action: 'tenant.bootstrap',
    subjectType: 'tenant',
    subjectId: tenantId,
  });
  return { tenantId, created, generatedKey: secret };
}

/** Options of {@link seedDemo}. */
export interface SeedDemoOptions {
  /** the release JSON to load (the canonical album) */
  releasePath: string;
  /**
   * Folder of the filesystem "DSP", relative to the server's FILESYSTEM root.
   * @default 'demo-dsp'
   */
  targetDirectory?: string;
}

/** The demo admin the web app signs in with (`serve --seed-demo`); documented, so never use it beyond a demo. */
export const DEMO_USER = { email: 'demo@example.com', password: 'ddex-distro-demo', name: 'Demo Admin' } as const;

/**
 * Loads a demo release, a filesystem "DSP" target and the {@link DEMO_USER} admin into a tenant; existing ones are
 * left alone. `demoUser` is true when the user was created now.
 */
export async function seedDemo(
  services: DistroServices,
  tenantId: string,
  options: SeedDemoOptions,
): Promise<{ releaseId: string; targetId: string; demoUser: boolean }> {
  const p: Principal = systemPrincipal(tenantId);
  let demoUser = false;
  if (!(await services.store.users.findByEmail(tenantId, DEMO_USER.email))) {
    await services.users.create(p, { ...DEMO_USER, role: 'admin' });
    demoUser = true;
  }
  const release = JSON.parse(await readFile(options.releasePath, 'utf8')) as Record<string, unknown>;
  delete release.tenantId;
  const releaseId = String(release.id);
  if (!(await services.store.releases.find(tenantId, releaseId))) await services.releases.create(p, release);
  const targetId = 'demo-dsp';
  try {
    await services.targets.create(p, {
      id: targetId,
      name: 'Demo DSP (folder)',
      type: 'Test',
      protocol: 'FILESYSTEM',
      config: { directory: options.targetDirectory ?? 'demo-dsp' },
      recipient: { dpid: 'PADPIDA20270101024', name: 'Demo DSP' },
      testMode: true,
    });
  } catch (error) {
    if (!(error as { code?: string }).code?.includes('ALREADY_EXISTS')) throw error;
  }
  return { releaseId, targetId, demoUser };
}
