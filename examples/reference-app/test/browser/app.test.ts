// End-to-end: the built app served by `ddex-distro serve` on a temporary data folder, driven in Debian's chromium
// through playwright-core, against the real sshd of the CI servers; axe-core on every page and screenshots of every
// page at three widths in test-results/screenshots/. The tests run in order and share one signed-in page.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServe } from '../../../../packages/cli/src/commands/serve';
import { liveEnv } from '../../../../packages/delivery-transports/test/helpers/live';
import { flacTone, png } from './media';

const APP = join(import.meta.dirname, '../..');
const ROOT = join(APP, '../..');
const DIST = join(APP, 'dist');
const SHOTS = join(ROOT, 'test-results/screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const IN_CI = Boolean(process.env.CI) && process.env.CI !== 'false';
const ADMIN_KEY = 'ddx_e2e_admin_key_0123456789abcdefghijklmnop';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const sftp = liveEnv('sftp');

let data: string;
let media: string;
let url: string;
let close: () => Promise<void>;
let browser: BrowserContext;
let page: Page;
let releaseId: string;
let sftpDir: string;

/** Newest modification time under a folder. */
function newest(dir: string): number {
  let max = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    max = Math.max(max, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return max;
}
/** Builds the app when dist is missing or older than its sources (CI builds before testing; this is for local runs). */
async function ensureBuilt() {
  const index = join(DIST, 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= newest(join(APP, 'src'))) return;
  // asynchronously: a blocked worker misses vitest's RPC deadlines
  await promisify(execFile)('npm', ['run', 'build', '-w', '@ddex/reference-app'], { cwd: ROOT, timeout: 300_000 });
  if (!existsSync(index)) throw new Error(`building the app did not produce ${index}`);
}
/** All files under a folder, relative to it. */
function filesUnder(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}

const AXE = readFile(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
async function axe(p: Page, name: string) {
  await p.addScriptTag({ content: await AXE });
  const violations = await p.evaluate(async () => {
    const run = (window as unknown as { axe: { run: (o: unknown) => Promise<{ violations: unknown[] }> } }).axe.run;
    const result = await run({
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
    return result.violations.map((v) => {
      const x = v as { id: string; nodes: { target: string[] }[] };
      return `${x.id}: ${x.nodes.map((n) => n.target.join(' ')).join(', ')}`;
    });
  });
  expect(violations, `axe (WCAG 2.2 AA) on ${name}`).toEqual([]);
}
async function shoot(p: Page, name: string) {
  for (const width of [375, 768, 1280]) {
    await p.setViewportSize({ width, height: 900 });
    await p.screenshot({ path: join(SHOTS, `${name}-${width}.png`), fullPage: true });
  }
  await p.setViewportSize({ width: 1280, height: 900 });
}
async function api(path: string, init: RequestInit = {}, key = ADMIN_KEY) {
  const res = await fetch(url + path, {
    ...init,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...(init.headers ?? {}) },
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, unknown> };
}
const next = () => page.click('[data-testid=wizard-next]');

// Locally a missing browser or SFTP server skips the suite with the reason; under CI either is a failure.
const missing = [
  existsSync(CHROMIUM) ? '' : `no chromium at ${CHROMIUM} (apt-get install chromium)`,
  sftp ? '' : 'no SFTP test server (source /tmp/ddex-ci/env after .ci/servers/start.sh)',
].filter(Boolean);
if (missing.length && !IN_CI) {
  describe('reference app in chromium', () => {
    it.skip(`skipped: ${missing.join('; ')}; under CI=true this fails instead`);
  });
} else {
  describe('reference app in chromium', () => {
    beforeAll(async () => {
      if (!existsSync(CHROMIUM)) throw new Error(`CI needs chromium at ${CHROMIUM}: apt-get install chromium`);
      if (!sftp) throw new Error('the SFTP test server is not configured: source /tmp/ddex-ci/env (DDEX_TEST_SFTP_*)');
      await ensureBuilt();
      await mkdir(SHOTS, { recursive: true });
      data = await mkdtemp(join(tmpdir(), 'ddex-app-e2e-'));
      media = await mkdtemp(join(tmpdir(), 'ddex-app-media-'));
      sftpDir = join(sftp.DDEX_TEST_SFTP_DIR, `app-e2e-${process.pid}-${Date.now().toString(36)}`);
      await writeFile(join(media, '01 - Aurora.flac'), flacTone(22, 440));
      await writeFile(join(media, '02 - Borealis.flac'), flacTone(22, 660));
      await writeFile(join(media, 'cover.png'), png(3000, 3000));
      await writeFile(join(media, 'notes.flac'), 'These are liner notes, not audio.\n'.repeat(20));
      const io = { stdout: () => undefined, stderr: () => undefined } as never;
      const handle = await startServe(
        { data, port: 0, host: '127.0.0.1', workers: 1, tenant: 'default', seedDemo: true, web: DIST },
        io,
        {
          ...process.env,
          DDEX_DISTRO_ADMIN_KEY: ADMIN_KEY,
          DDEX_DISTRO_SECRET_KEY: Buffer.alloc(32, 7).toString('base64'),
        },
        { write: () => undefined } as never,
      );
      url = handle.server.url;
      close = () => handle.server.close();
      browser = await chromium.launchPersistentContext(await mkdtemp(join(tmpdir(), 'ddex-chromium-')), {
        executablePath: CHROMIUM,
        headless: true,
        args: FLAGS,
        viewport: { width: 1280, height: 900 },
        bypassCSP: true,
      });
      browser.setDefaultTimeout(20_000);
      page = await browser.newPage();
    }, 400_000);
    afterAll(async () => {
      await browser?.close();
      await close?.();
      for (const dir of [data, media, sftpDir]) if (dir) await rm(dir, { recursive: true, force: true });
    });

    // a failed step leaves the page as it was: a screenshot and its text, for CI artifacts
    afterEach(async (ctx) => {
      if (ctx.task.result?.state !== 'fail' || !page) return;
      const name = `failure-${ctx.task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}`;
      await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true }).catch(() => undefined);
      // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what a reader of the artifact wants
      const text = await page.innerText('body').catch(() => '');
      await writeFile(join(SHOTS, `${name}.txt`), `${page.url()}\n\n${text}`);
    });

    it('sign-in names a wrong password and returns to the page asked for', async () => {
      await page.goto(`${url}/catalog`);
      await page.waitForURL(/\/login\?next=/);
      await axe(page, 'sign-in');
      await shoot(page, 'sign-in');
      await page.fill('#email', 'demo@example.com');
      await page.fill('#password', 'wrong-password-1');
      await page.click('button[type=submit]');
      await expect.poll(() => page.textContent('[role=alert]')).toContain('do not match');
      await page.fill('#password', 'ddex-distro-demo');
      await page.click('button[type=submit]');
      await page.waitForURL(/\/catalog$/);
      await page.getByRole('link', { name: 'Northern Lights' }).waitFor();
    }, 60_000);

    it('a manager creates a release in the wizard: probe results, a refused file, a valid ERN at review', async () => {
      await page.getByRole('link', { name: 'New release' }).first().click();
      await page.waitForURL(/\/releases\/new$/);
      await page.fill('#w-title', 'Aurora Tapes');
      await page.fill('#w-artist', 'The Test Lights');
      await page.fill('#w-label', 'E2E Records');
      await page.fill('#w-barcode', '036000291452');
      await page.fill('#w-catno', 'E2E-001');
      await next();
      await page.click('[data-testid=add-track]');
      await page.click('[data-testid=add-track]');
      for (const [i, title] of ['Aurora', 'Borealis'].entries()) {
        await page.fill(`#t${i}-title`, title);
        await page.fill(`#t${i}-isrc`, `NO-XYZ-26-0000${i + 1}`);
        await page.fill(`#t${i}-duration`, '0:02');
      }
      await next();
      await page.fill('#w-genre', 'Electronic');
      await next();
      await page.locator('#step-assets').waitFor();

      // the server probes each upload: a text file named .flac (matched to track 2) is refused with its reason
      await page.setInputFiles(
        '#w-files',
        ['01 - Aurora.flac', 'notes.flac', 'cover.png'].map((f) => join(media, f)),
      );
      const probe = (name: string) => page.locator(`[data-testid="file-${name}"] [data-testid=probe]`);
      const broken = page.locator('[data-testid="file-notes.flac"] [data-testid=file-problem]');
      await expect.poll(() => broken.textContent(), { timeout: 60_000 }).toContain('is not a supported audio file');
      await expect.poll(() => probe('cover.png').textContent(), { timeout: 60_000 }).toContain('3000×3000 px');
      expect((await probe('01 - Aurora.flac').textContent())?.trim()).toMatch(
        /^FLAC · 44,100 Hz · 16 bit · 2 ch · 2 s/,
      );
      await axe(page, 'wizard-assets-refused');
      await page.locator('[data-testid="file-notes.flac"]').getByRole('button', { name: 'Remove' }).click();
      await page.setInputFiles('#w-files', [join(media, '02 - Borealis.flac')]);
      await expect.poll(() => probe('02 - Borealis.flac').textContent(), { timeout: 60_000 }).toContain('44,100 Hz');
      expect(await page.locator('[data-testid="file-02 - Borealis.flac"]').textContent()).toContain('track: Borealis');
      await shoot(page, 'wizard-assets');
      await next();
      await page.locator('[data-testid=tp-worldwide]').waitFor();
      await next();
      await page.click('[data-testid=validate-ern]');
      await expect
        .poll(() => page.textContent('[data-testid=ern-result]'), { timeout: 60_000 })
        .toContain('The ERN 4.3 message is valid');
      await axe(page, 'wizard-review');
      await shoot(page, 'wizard-review');
      await page.click('[data-testid=wizard-finish]');
      await page.waitForURL(/\/releases\/rel-/);
      releaseId = decodeURIComponent(page.url().split('/releases/')[1]!);
      const stored = await api(`/api/releases/${releaseId}`);
      const release = stored.body.release as { assets: { audio: { duration: number }[]; images: { width: number }[] } };
      expect(release.assets.audio.map((a) => a.duration)).toEqual([2.043, 2.043]);
      expect(release.assets.images[0]?.width).toBe(3000);
    }, 240_000);

    it('adds an SFTP target, tests it and delivers: complete in the history, files on the server', async () => {
      await page.getByRole('navigation').getByRole('link', { name: 'Targets' }).click();
      await page.click('[data-testid=add-target]');
      await page.fill('#tf-name', 'E2E SFTP');
      await page.selectOption('#tf-protocol', 'SFTP');
      await page.fill('#tf-host', sftp!.DDEX_TEST_SFTP_HOST);
      await page.fill('#tf-port', sftp!.DDEX_TEST_SFTP_PORT);
      await page.fill('#tf-username', sftp!.DDEX_TEST_SFTP_USER);
      await page.fill('#tf-privateKey', await readFile(sftp!.DDEX_TEST_SFTP_KEY, 'utf8'));
      if (process.env.DDEX_TEST_SFTP_HOST_FINGERPRINT)
        await page.fill('#tf-hostFingerprint', process.env.DDEX_TEST_SFTP_HOST_FINGERPRINT);
      await page.fill('#tf-directory', sftpDir);
      await page.fill('#tf-dpid', 'PADPIDA20270101099');
      await page.fill('#tf-rname', 'E2E Store');
      await axe(page, 'target-form');
      await page.click('.dialog button[type=submit]');
      await page.getByText('E2E SFTP saved').waitFor();
      const row = page.locator('tr', { hasText: 'E2E SFTP' });
      await row.getByRole('button', { name: 'Test connection' }).click();
      await expect
        .poll(() => row.locator('[data-testid=test-result]').textContent(), { timeout: 30_000 })
        .toMatch(/ok/i);

      await page.goto(`${url}/deliveries/new?releases=${encodeURIComponent(releaseId)}`);
      await page.getByLabel(/E2E SFTP/).check();
      await page.click('[data-testid=queue-delivery]');
      await page.waitForURL(/\/deliveries$/);
      await page.getByRole('tab', { name: 'History' }).click();
      const done = page.locator('tr', { hasText: releaseId }).locator('.badge.completed');
      await done.waitFor({ timeout: 90_000 });
      const files = filesUnder(sftpDir);
      expect(
        files.some((f) => f.endsWith('.xml')),
        files.join(', '),
      ).toBe(true);
      expect(files.filter((f) => f.endsWith('.flac'))).toHaveLength(2);
      expect(
        files.some((f) => f.endsWith('.png')),
        files.join(', '),
      ).toBe(true);

      await page.getByRole('navigation').getByRole('link', { name: 'Dashboard' }).click();
      await expect.poll(() => page.textContent('[data-testid=kpi-completed]'), { timeout: 20_000 }).toMatch(/[1-9]/);
    }, 180_000);

    it('every route is reachable from the navigation, passes axe and is photographed at 375, 768 and 1280 px', async () => {
      const expected = [
        '/',
        '/catalog',
        '/releases/new',
        '/releases/:id',
        '/deliveries',
        '/deliveries/new',
        '/targets',
        '/settings',
      ];
      const pattern = (path: string) => path.replace(/^\/releases\/(?!new$)[^/]+$/, '/releases/:id');
      const seen = new Set<string>();
      const queue = ['/'];
      while (queue.length) {
        const path = queue.shift()!;
        if (seen.has(pattern(path))) continue;
        seen.add(pattern(path));
        await page.goto(url + path);
        await page.locator('main h1').first().waitFor();
        expect(await page.locator('[data-testid=not-found]').count(), `${path} is a dead link`).toBe(0);
        const name = pattern(path).replace(/^\/$/, 'dashboard').replace(/^\//, '').replace(/[/:]/g, '-');
        await axe(page, path);
        await shoot(page, name);
        const links = await page.$$eval('a[href^="/"]', (as) =>
          as.map((a) => new URL((a as HTMLAnchorElement).href).pathname),
        );
        for (const link of links) if (!link.startsWith('/api') && !seen.has(pattern(link))) queue.push(link);
      }
      expect([...seen].sort()).toEqual(expect.arrayContaining(expected));
      await page.goto(`${url}/no/such/page`);
      await page.locator('[data-testid=not-found]').waitFor();
      await axe(page, 'not-found');
      await shoot(page, 'not-found');
    }, 240_000);

    it("a viewer sees no write actions and the API refuses them; another tenant's release is not found", async () => {
      const created = await api('/api/users', {
        method: 'POST',
        body: JSON.stringify({ email: 'viewer@example.com', role: 'viewer', password: 'viewer-password-1' }),
      });
      expect(created.status).toBe(201);
      const other = await api('/api/tenants', {
        method: 'POST',
        body: JSON.stringify({ id: 'other-label', name: 'Other', type: 'label' }),
      });
      expect(other.status).toBe(201);
      const otherKey = String(other.body.secret);
      const seed = JSON.parse(await readFile(join(ROOT, '../shared/examples/release-album.json'), 'utf8'));
      const put = await api(
        '/api/releases',
        { method: 'POST', body: JSON.stringify({ ...seed, id: 'rel-other-1', tenantId: undefined }) },
        otherKey,
      );
      expect(put.status).toBe(201);

      await browser.clearCookies();
      await page.goto(`${url}/login`);
      await page.fill('#email', 'viewer@example.com');
      await page.fill('#password', 'viewer-password-1');
      await page.click('button[type=submit]');
      await page.waitForURL(`${url}/`);
      await page.goto(`${url}/targets`);
      await page.getByText('E2E SFTP').first().waitFor();
      expect(await page.isDisabled('[data-testid=add-target]')).toBe(true);
      expect(await page.getByText('Your role can view but not change this.').count()).toBeGreaterThan(0);
      await page.goto(`${url}/catalog`);
      await page.getByRole('link', { name: 'Aurora Tapes' }).waitFor();
      expect(await page.getByRole('link', { name: 'New release' }).count()).toBe(0);
      const refused = await page.evaluate(async (id) => {
        const csrf = await (await fetch('/api/auth/session')).json();
        const headers = { 'content-type': 'application/json', 'x-csrf-token': String(csrf.csrfToken ?? '') };
        const post = await fetch('/api/targets', { method: 'POST', headers, body: '{}' });
        const del = await fetch(`/api/releases/${id}`, { method: 'DELETE', headers });
        return [post.status, del.status];
      }, releaseId);
      expect(refused).toEqual([403, 403]);
      await page.goto(`${url}/releases/rel-other-1`);
      await page.locator('[data-testid=not-found]').waitFor();
    }, 90_000);
  });
}
