import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryStore } from '@ddex/catalog-store';
import { makeRelease, makeTenant } from '@ddex/catalog-store/testing';
import { createDistroServices, localKeyProvider } from '@ddex/distro-core';
import { createApp } from '@ddex/distro-core/http';
import { staticFiles } from '@ddex/distro-core/node';
import { serve } from '@hono/node-server';
import { type App, deleteApp, initializeApp } from 'firebase-admin/app';
import { type Auth, getAuth } from 'firebase-admin/auth';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTenantClaims, withFirebaseAuth } from '../../../../adapters/firebase/src/index';
import {
  findFirebaseTools,
  type RunningAuthEmulator,
  startAuthEmulator,
} from '../../../../adapters/firebase/test/helpers/auth-emulator';
import { DIST, ensureBuilt, ROOT } from './built-app';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const IN_CI = Boolean(process.env.CI) && process.env.CI !== 'false';
const PASSWORD = 'correct-horse-battery';
const READ_ONLY = 'Your role can view but not change this.';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'];

const tools = findFirebaseTools();
const missing = [
  typeof tools === 'string' ? tools : '',
  existsSync(CHROMIUM) ? '' : `no chromium at ${CHROMIUM} (apt-get install chromium)`,
].filter(Boolean);

const AXE_PATH = '/__test__/axe.min.js';
/** axe-core (WCAG 2.2 AA) on the page, as the session-mode suite runs it; loaded from the server (the CSP stays on). */
async function axe(p: Page, name: string) {
  await p.addScriptTag({ url: AXE_PATH });
  const violations = await p.evaluate(async () => {
    const run = (window as unknown as { axe: { run: (o: unknown) => Promise<{ violations: unknown[] }> } }).axe.run;
    const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
    const result = await run({ runOnly: { type: 'tag', values: tags } });
    return result.violations.map((v) => (v as { id: string }).id);
  });
  expect(violations, `axe (WCAG 2.2 AA) on ${name}`).toEqual([]);
}

if (missing.length && !IN_CI) {
  describe('reference app with Firebase Auth in chromium', () => {
    it.skip(`skipped: ${missing.join('; ')}; under CI=true this fails instead`);
  });
} else {
  describe('reference app with Firebase Auth in chromium', () => {
    let emulator: RunningAuthEmulator;
    let admin: App;
    let auth: Auth;
    let web: string;
    let server: Server;
    let url: string;
    let browser: BrowserContext;
    let page: Page;
    const users: Record<'viewer' | 'manager' | 'outsider', { uid: string; email: string }> = {} as never;
    const apiCalls: { path: string; authorization?: string; cookie?: string }[] = [];

    beforeAll(async () => {
      if (typeof tools === 'string') throw new Error(`CI needs firebase-tools: ${tools}`);
      if (!existsSync(CHROMIUM)) throw new Error(`CI needs chromium at ${CHROMIUM}: apt-get install chromium`);
      await ensureBuilt();
      emulator = await startAuthEmulator(tools);
      // firebase-admin verifies the emulator's tokens (and manages its users) when this is set
      process.env.FIREBASE_AUTH_EMULATOR_HOST = emulator.host;
      admin = initializeApp({ projectId: emulator.projectId }, `web-${randomBytes(3).toString('hex')}`);
      auth = getAuth(admin);
      for (const [name, claims] of [
        ['viewer', { tenantId: 'label-1', role: 'viewer' }],
        ['manager', { tenantId: 'label-1', role: 'manager' }],
        ['outsider', null],
      ] as const) {
        const email = `${name}-${randomBytes(3).toString('hex')}@example.com`;
        const { uid } = await auth.createUser({ email, password: PASSWORD });
        if (claims) await setTenantClaims(auth, uid, claims);
        users[name] = { uid, email };
      }

      const store = memoryStore();
      await store.tenants.create(makeTenant('label-1', 'Polar Records'));
      await store.tenants.create(makeTenant('label-2'));
      await store.releases.create('label-1', makeRelease(1));
      await store.releases.create('label-2', makeRelease(2));
      const services = createDistroServices({ store, keys: localKeyProvider({ key: Buffer.alloc(32, 7) }) });
      const api = createApp(withFirebaseAuth(services, auth, { checkRevoked: true }));

      // Hosting's public folder: the built app plus the config the scaffold writes (here pointing at the emulator)
      web = await mkdtemp(join(tmpdir(), 'ddex-firebase-web-'));
      await cp(DIST, web, { recursive: true });
      const emulatorUrl = `http://${emulator.host}`;
      const config = { auth: 'firebase', apiKey: 'fake-api-key', projectId: emulator.projectId };
      await writeFile(join(web, 'config.json'), JSON.stringify({ ...config, authEmulatorUrl: emulatorUrl }));
      const files = staticFiles(web);
      const axeSource = readFile(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
      server = await new Promise<Server>((resolve) => {
        const s = serve(
          {
            port: 0,
            hostname: '127.0.0.1',
            fetch: async (request, env) => {
              if (new URL(request.url).pathname === AXE_PATH)
                return new Response(await axeSource, { headers: { 'content-type': 'text/javascript' } });
              const file = await files(request);
              if (!file) return api.fetch(request, env);
              // the served CSP, opened only to the Auth endpoints (Hosting would send whatever firebase.json says)
              const csp = file.headers.get('content-security-policy');
              if (csp) file.headers.set('content-security-policy', `${csp}; connect-src 'self' ${emulatorUrl}`);
              return file;
            },
          },
          () => resolve(s as Server),
        ) as Server;
      });
      const address = server.address();
      url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

      browser = await chromium.launchPersistentContext(await mkdtemp(join(tmpdir(), 'ddex-chromium-fb-')), {
        executablePath: CHROMIUM,
        headless: true,
        args: FLAGS,
        viewport: { width: 1280, height: 900 },
      });
      browser.setDefaultTimeout(20_000);
      page = await browser.newPage();
      page.on('request', (request) => {
        const path = new URL(request.url()).pathname;
        if (!path.startsWith('/api/')) return;
        const headers = request.headers();
        apiCalls.push({ path, authorization: headers.authorization, cookie: headers.cookie });
      });
    }, 300_000);

    afterAll(async () => {
      await browser?.close();
      await new Promise((r) => (server ? server.close(r) : r(undefined)));
      if (admin) await deleteApp(admin);
      delete process.env.FIREBASE_AUTH_EMULATOR_HOST;
      await emulator?.stop();
      if (web) await rm(web, { recursive: true, force: true });
    });

    const signIn = async (email: string, password = PASSWORD) => {
      await page.fill('#email', email);
      await page.fill('#password', password);
      await page.click('button[type=submit]');
    };
    const storedTokens = () => page.evaluate(() => Object.keys(window.sessionStorage));

    it('the sign-in page signs in with Firebase: wrong password and claim-less users are told why', async () => {
      await page.goto(`${url}/catalog`);
      await page.waitForURL(/\/login\?next=/);
      // Firebase mode offers a real password reset instead of "ask an admin"
      await page.getByTestId('reset-password').waitFor();
      expect(await page.getByText('Ask an admin of your label to reset it').count()).toBe(0);
      await signIn(users.viewer.email, 'wrong-password-1');
      await expect.poll(() => page.textContent('[role=alert]')).toContain('do not match');
      await signIn(users.outsider.email);
      await expect.poll(() => page.textContent('[role=alert]')).toContain('no role in a label');
      await axe(page, 'Firebase sign-in');
      expect(await storedTokens()).toEqual([]);
      // nothing reached the service yet: sign-in talks to Firebase Auth only
      expect(apiCalls.filter((c) => c.path.startsWith('/api/auth/'))).toEqual([]);
    }, 60_000);

    it('a viewer sees the catalog of its tenant, every API call carries the ID token, writes are refused with the reason', async () => {
      await signIn(users.viewer.email);
      await page.waitForURL(/\/catalog$/);
      await page.getByRole('link', { name: 'Release 00001' }).waitFor();
      // label-2's release is not in label-1's catalog
      expect(await page.getByRole('link', { name: 'Release 00002' }).count()).toBe(0);
      expect(await page.textContent('header')).toContain('Polar Records');
      expect(await page.textContent('header')).toContain(users.viewer.email);
      expect(apiCalls.length).toBeGreaterThan(0);
      for (const c of apiCalls) {
        expect(c.authorization, c.path).toMatch(/^Bearer [\w-]+\.[\w-]+\./);
        expect(c.cookie, c.path).toBeUndefined();
      }

      expect(await page.getByRole('link', { name: 'New release' }).count()).toBe(0);
      await page.getByLabel('Select Release 00001').check();
      const apply = page.getByTestId('bulk-status-apply');
      expect(await apply.isDisabled()).toBe(true);
      expect(await apply.getAttribute('title')).toBe(READ_ONLY);
      expect(await page.isDisabled('.actions button.danger')).toBe(true);
      expect(await page.getByText(READ_ONLY).count()).toBeGreaterThan(0);
      await page.getByRole('link', { name: 'Targets' }).first().click();
      await page.waitForURL(/\/targets$/);
      const add = page.getByTestId('add-target');
      expect(await add.isDisabled()).toBe(true);
      expect(await add.getAttribute('title')).toBe(READ_ONLY);
      // the service agrees: the viewer's token may read but not write
      const refused = await page.evaluate(async (key) => {
        const { idToken } = JSON.parse(window.sessionStorage.getItem(key) ?? '{}') as { idToken?: string };
        const headers = { authorization: `Bearer ${idToken}`, 'content-type': 'application/json' };
        const list = await fetch('/api/releases', { headers });
        const del = await fetch('/api/releases/rel-00001', { method: 'DELETE', headers });
        return [list.status, del.status];
      }, 'ddex-distro:firebase:fake-api-key');
      expect(refused).toEqual([200, 403]);
    }, 60_000);

    it('a reload keeps the user signed in; sign-out forgets the tokens', async () => {
      await page.goto(`${url}/catalog`);
      await page.getByRole('link', { name: 'Release 00001' }).waitFor();
      expect(await storedTokens()).toEqual(['ddex-distro:firebase:fake-api-key']);
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(/\/login/);
      expect(await storedTokens()).toEqual([]);
      await page.goto(`${url}/catalog`);
      await page.waitForURL(/\/login\?next=/);
    }, 60_000);

    it('a manager may write; once its tokens are revoked, the next API call (401) sends it to sign-in', async () => {
      await signIn(users.manager.email);
      await page.waitForURL(/\/catalog$/);
      await page.getByRole('link', { name: 'New release' }).first().waitFor();
      await page.getByLabel('Select Release 00001').check();
      expect(await page.isDisabled('.actions button.danger')).toBe(false);
      expect(await page.getByText(READ_ONLY).count()).toBe(0);

      // revocation counts in whole seconds: revoke in the second after the sign-in
      await new Promise((r) => setTimeout(r, 1100 - (Date.now() % 1000)));
      await auth.revokeRefreshTokens(users.manager.uid);
      await page.getByRole('link', { name: 'Deliveries' }).first().click();
      await page.waitForURL(/\/login\?next=(%2F|\/)deliveries/);
      expect(await storedTokens()).toEqual([]);
    }, 60_000);

    it('the password reset e-mails a Firebase reset link', async () => {
      await page.fill('#email', users.viewer.email);
      await page.getByTestId('reset-password').click();
      await page.getByText('a reset link is on its way').waitFor();
      const res = await fetch(`http://${emulator.host}/emulator/v1/projects/${emulator.projectId}/oobCodes`);
      const { oobCodes } = (await res.json()) as { oobCodes: { email: string; requestType: string }[] };
      expect(oobCodes).toContainEqual(
        expect.objectContaining({ email: users.viewer.email, requestType: 'PASSWORD_RESET' }),
      );
    }, 60_000);
  });
}
