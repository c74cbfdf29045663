import { existsSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServe } from '../../../../packages/cli/src/commands/serve';
import { liveEnv } from '../../../../packages/delivery-transports/test/helpers/live';
import { DIST, ensureBuilt, ROOT } from './built-app';
import { flacTone, png } from './media';

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
      for (const dir of [data, media, sftpDir, sftpDir && `${sftpDir}-b`])
        if (dir) await rm(dir, { recursive: true, force: true });
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
      // the genre comes from the tree: typed to search (sub-genres too), picked with the keyboard
      await page.click('#w-genre');
      await page.keyboard.type('techno');
      await page.locator('#w-genre-tree [data-genre="Dance/Electronic > Techno"]').waitFor();
      await axe(page, 'wizard-genre-tree');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      expect(await page.inputValue('#w-genre')).toBe('Dance/Electronic');
      expect(await page.inputValue('#w-subgenre')).toBe('Techno');
      expect(await page.getAttribute('#w-genre', 'aria-expanded')).toBe('false');
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
      // each stored audio file plays inline, streamed from the API (the element seeks with Range requests)
      const players = page.locator('audio[data-testid=audio-player]');
      await expect.poll(() => players.count(), { timeout: 20_000 }).toBe(2);
      await expect
        .poll(() => players.first().evaluate((a) => (a as HTMLAudioElement).duration), { timeout: 20_000 })
        .toBeCloseTo(2.043, 1);
      const ranged = await page.evaluate(
        async (src) => {
          const r = await fetch(src!, { headers: { range: 'bytes=0-3' } });
          return [r.status, new TextDecoder().decode(await r.arrayBuffer())];
        },
        await players.first().getAttribute('src'),
      );
      expect(ranged).toEqual([206, 'fLaC']);
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
      expect((stored.body.release as { metadata: { genre: string[] } }).metadata.genre).toEqual([
        'Dance/Electronic',
        'Techno',
      ]);
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
      await page.fill('#tf-genremap', 'Dance/Electronic > Techno = Electronic > Techno\n* = Other');
      await axe(page, 'target-form');
      await page.click('.dialog button[type=submit]');
      await page.getByText('E2E SFTP saved').waitFor();
      const row = page.locator('tr', { hasText: 'E2E SFTP' });
      await row.getByRole('button', { name: 'Test connection' }).click();
      await expect
        .poll(() => row.locator('[data-testid=test-result]').textContent(), { timeout: 30_000 })
        .toMatch(/ok/i);
      // every step of the test, each ok with its time: the host looked up, its port reached, a probe file
      // written, read back and deleted on the real sshd
      await row.getByText('Test steps').click();
      const steps = row.locator('[data-testid=test-steps] li');
      expect(await steps.evaluateAll((els) => els.map((e) => `${e.dataset.step}:${e.dataset.outcome}`))).toEqual(
        ['prepare', 'resolve', 'reach', 'connect', 'mkdir', 'write', 'stat', 'read', 'list', 'remove'].map(
          (x) => `${x}:ok`,
        ),
      );
      expect(await steps.first().textContent()).toMatch(/Prepare the connection\s*\d+ ms/);
      expect(filesUnder(join(sftpDir, '.ddex-probe'))).toEqual([]);

      await page.goto(`${url}/deliveries/new?releases=${encodeURIComponent(releaseId)}`);
      await page.getByLabel(/E2E SFTP/).check();
      // the target's genre map: our genre → the DSP's, previewed before anything is queued
      const genreLine = page.locator('[data-testid=readiness] li', { hasText: 'E2E SFTP' }).locator('.genre-preview');
      await expect.poll(() => genreLine.textContent()).toBe('genre: Dance/Electronic > Techno → Electronic > Techno');
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
      const ernFile = files.find((f) => f.endsWith('.xml') && !f.includes('BatchComplete'))!;
      const sentErn = await readFile(join(sftpDir, ernFile), 'utf8');
      expect(sentErn).toContain('<GenreText>Electronic</GenreText>');
      expect(sentErn).toContain('<SubGenre>Techno</SubGenre>');
      expect(sentErn).not.toContain('<GenreText>Dance/Electronic</GenreText>');
      expect(
        files.some((f) => f.endsWith('.png')),
        files.join(', '),
      ).toBe(true);

      await page.getByRole('navigation').getByRole('link', { name: 'Dashboard' }).click();
      await expect.poll(() => page.textContent('[data-testid=kpi-completed]'), { timeout: 20_000 }).toMatch(/[1-9]/);
    }, 180_000);

    it('a validation report is stored: exported as JSON and CSV, its permalink shows it; errors show the request id', async () => {
      await page.goto(`${url}/releases/${encodeURIComponent(releaseId)}`);
      await page.getByRole('tab', { name: 'ERN' }).click();
      await page.click('[data-testid=validate-ern]');
      await expect.poll(() => page.textContent('[data-testid=ern-result]'), { timeout: 60_000 }).toContain('is valid');
      const permalink = await page.inputValue('[data-testid=validation-permalink]');
      expect(permalink).toMatch(new RegExp(`^${url}/validations/[0-9a-f-]{36}$`));
      const id = permalink.split('/').at(-1)!;
      const [csv] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-csv]')]);
      expect(csv.suggestedFilename()).toBe(`validation-${releaseId.replace(/[^A-Za-z0-9._-]/g, '_')}-${id}.csv`);
      // valid against the XSD: no error rows, only what the writer reported as warnings
      const rows = (await readFile((await csv.path())!, 'utf8')).split('\r\n');
      expect(rows[0]).toBe('severity,rule,line,column,path,message');
      expect(rows.slice(1, -1).every((r) => r.startsWith('warning,'))).toBe(true);
      const [json] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-json]')]);
      const stored = JSON.parse(await readFile((await json.path())!, 'utf8'));
      expect(stored).toMatchObject({ id, releaseId, ernVersion: '4.3', engine: 'offline', valid: true });
      expect(stored.errors).toHaveLength(rows.length - 2);
      expect(stored.targetId).toEqual(expect.any(String));

      // the permalink, opened fresh: the stored report, not a new validation
      await page.goto(permalink);
      await page.locator('[data-testid=validation-verdict]').waitFor();
      expect(await page.textContent('[data-testid=validation-verdict]')).toContain('Valid against the XSD');
      expect(await page.textContent('[data-testid=validation-report]')).toContain(releaseId);
      await axe(page, 'validation-report');
      await shoot(page, 'validation-report');

      // a failure toast quotes the request id the server logged and sent (X-Request-Id)
      const copy = (await api(`/api/releases/${encodeURIComponent(releaseId)}`)).body.release as Record<string, any>;
      const tmpId = `rel-e2e-gone-${Date.now().toString(36)}`;
      const { tenantId: _tenant, ...doc } = copy;
      const made = await api('/api/releases', {
        method: 'POST',
        body: JSON.stringify({ ...doc, id: tmpId, status: 'draft' }),
      });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      await page.goto(`${url}/releases/${tmpId}`);
      await page.getByRole('tab', { name: 'ERN' }).click();
      expect((await api(`/api/releases/${tmpId}`, { method: 'DELETE' })).status).toBe(204);
      await page.click('[data-testid=validate-ern]');
      const toastId = page.locator('[data-testid=toast-request-id] code');
      await toastId.waitFor();
      expect(await toastId.textContent()).toMatch(/^[0-9a-f-]{36}$/);
      await page.locator('[data-testid=toast]', { has: toastId }).getByRole('button', { name: 'Dismiss' }).click();

      // requests per API key, counted by the server, in the key list
      const key = await api('/api/api-keys', {
        method: 'POST',
        body: JSON.stringify({ name: 'Counted', role: 'viewer' }),
      });
      const secret = key.body.secret as string;
      for (let i = 0; i < 3; i++) expect((await api('/api/releases?limit=1', {}, secret)).status).toBe(200);
      await page.goto(`${url}/settings`);
      await expect
        .poll(() => page.locator('li', { hasText: 'Counted' }).locator('[data-testid=key-requests]').textContent())
        .toBe('3 requests');
    }, 180_000);

    it('a failed delivery shows its reason, attempts and log; the target is fixed and a confirmed retry completes', async () => {
      // a target whose password is wrong: the SFTP server refuses it and the delivery fails without retries
      await page.goto(`${url}/targets`);
      await page.click('[data-testid=add-target]');
      await page.fill('#tf-name', 'Broken SFTP');
      await page.selectOption('#tf-protocol', 'SFTP');
      await page.fill('#tf-host', sftp!.DDEX_TEST_SFTP_HOST);
      await page.fill('#tf-port', sftp!.DDEX_TEST_SFTP_PORT);
      await page.fill('#tf-username', sftp!.DDEX_TEST_SFTP_USER);
      await page.fill('#tf-password', 'not-the-password');
      await page.fill('#tf-directory', `${sftpDir}-b`);
      await page.fill('#tf-dpid', 'PADPIDA20270101098');
      await page.fill('#tf-rname', 'Broken Store');
      await page.fill('#tf-genremap', 'Rock = Rock');
      await page.click('.dialog button[type=submit]');
      await page.getByText('Broken SFTP saved').waitFor();

      // before queuing, the API checks the pair against the target's rules; the ERN can be previewed
      await page.goto(`${url}/deliveries/new?releases=${encodeURIComponent(releaseId)}`);
      await page.getByLabel(/Broken SFTP/).check();
      const readiness = page.locator('[data-testid=readiness]');
      await expect.poll(() => readiness.textContent()).toMatch(/ready\s*Aurora Tapes → Broken SFTP/);
      expect(await readiness.textContent()).toContain('suggested: New release');
      // its genre map does not name the release's genre: a warning, not a refusal
      await expect
        .poll(() => readiness.locator('.genre-preview').textContent())
        .toBe('genre: Dance/Electronic > Techno → not in the target’s genre map, sent as it is');
      expect(await readiness.textContent()).toContain(
        'Broken SFTP has no mapping for the genre "Dance/Electronic > Techno"; it is sent as it is.',
      );
      await readiness.getByRole('button', { name: 'Preview ERN' }).click();
      const previewDialog = page.getByRole('dialog', { name: /ERN of Aurora Tapes for Broken SFTP/ });
      await expect.poll(() => previewDialog.locator('.xml-view').textContent()).toContain('NewReleaseMessage');
      await page.keyboard.press('Escape');
      await previewDialog.waitFor({ state: 'detached' });
      await page.click('[data-testid=queue-delivery]');
      await page.waitForURL(/\/deliveries$/);
      // history, filtered by status and target: both kept in the URL
      await page.getByRole('tab', { name: 'History' }).click();
      await page.selectOption('#deliveries-status', 'failed');
      const brokenId = await page.$eval(
        '#deliveries-target',
        (el) => [...(el as HTMLSelectElement).options].find((o) => o.text === 'Broken SFTP')!.value,
      );
      await page.selectOption('#deliveries-target', brokenId);
      await page.waitForURL(/tab=history/);
      expect(page.url()).toContain('status=failed');
      expect(page.url()).toContain(`target=${encodeURIComponent(brokenId)}`);
      const row = page.locator('tr', { hasText: releaseId });
      await expect
        .poll(() => row.locator('[data-testid=delivery-error]').textContent(), { timeout: 60_000 })
        .toMatch(/AUTH/);
      expect(await page.locator('tbody tr').count()).toBe(1);
      expect(await row.textContent()).toContain('Broken SFTP');

      await row.getByRole('button', { name: /Details and log/ }).click();
      const dialog = page.getByRole('dialog');
      await expect.poll(() => dialog.locator('[data-testid=attempts]').textContent()).toMatch(/#1 · failed/);
      await expect.poll(() => dialog.locator('[data-testid=log-lines]').textContent()).toContain('failed: AUTH');
      await page.selectOption('#log-level', 'info');
      expect(await dialog.locator('[data-testid=log-lines] li[data-level=error]').count()).toBe(0);
      await page.selectOption('#log-level', 'error');
      expect(await dialog.locator('[data-testid=log-lines] li[data-level=error]').count()).toBeGreaterThan(0);
      await axe(page, 'delivery-detail');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });

      // fix the target: the stored password is write-only ("set"), the key replaces it
      await page.goto(`${url}/targets`);
      await page.locator('tr', { hasText: 'Broken SFTP' }).getByRole('button', { name: 'Edit' }).click();
      expect(await page.getAttribute('#tf-password', 'placeholder')).toMatch(/set/i);
      expect(await page.inputValue('#tf-password')).toBe('');
      await page.fill('#tf-name', 'Fixed SFTP');
      await page.fill('#tf-privateKey', await readFile(sftp!.DDEX_TEST_SFTP_KEY, 'utf8'));
      await page.click('.dialog button[type=submit]');
      await page.getByText('Fixed SFTP saved').waitFor();
      const stored = await api(`/api/targets/${brokenId}`);
      expect((stored.body.target as { config: Record<string, unknown> }).config.password).toBe('[redacted]');
      expect((stored.body.target as { genreMap?: unknown }).genreMap).toEqual({ genres: { Rock: 'Rock' } });

      // retry asks first, in a dialog; then the delivery completes
      await page.goto(`${url}/deliveries?tab=history&target=${encodeURIComponent(brokenId)}`);
      await page.locator('tr', { hasText: releaseId }).getByRole('button', { name: 'Retry' }).click();
      await page
        .getByRole('dialog')
        .getByText(/Fixed SFTP/)
        .waitFor();
      await page.click('[data-testid=confirm-retry]');
      await page.getByText('1 deliveries queued again').waitFor();
      await page.locator('tr', { hasText: releaseId }).locator('.badge.completed').waitFor({ timeout: 60_000 });
      expect(filesUnder(`${sftpDir}-b`).filter((f) => f.endsWith('.flac'))).toHaveLength(2);

      // the next message to a target that has the release is an update; the demo release's files were never
      // uploaded: a warning each, with a link to the wizard step that fixes it
      await page.goto(`${url}/deliveries/new?releases=${encodeURIComponent(releaseId)},rel-polar-042`);
      await page.getByLabel(/Fixed SFTP/).check();
      await expect
        .poll(() => readiness.textContent())
        .toMatch(/Aurora Tapes → Fixed SFTP.*last sent: New release\s*Completed/);
      expect(await page.isChecked('input[name=kind][value=Update]')).toBe(false); // the two releases disagree
      await page.getByLabel(/Northern Lights/).uncheck();
      await expect.poll(() => page.isChecked('input[name=kind][value=Update]')).toBe(true);
      await page.getByLabel(/Northern Lights/).check();
      const demo = page.locator('[data-testid=readiness] > ul > li', { hasText: 'Northern Lights' });
      await expect.poll(() => demo.textContent()).toContain('has no uploaded file');
      await axe(page, 'new-delivery-readiness');
      await demo.getByRole('link', { name: 'Fix in the wizard' }).first().click();
      await page.waitForURL(/\/releases\/rel-polar-042\/edit#step-assets$/);
      await page.locator('#step-assets').waitFor();
    }, 150_000);

    it('a manager edits a release: autosave, the server refusal at its field, a conflict compared, no silent loss', async () => {
      // the release's deliveries tab: the state per target, the last message, its ERN for that target
      await page.goto(`${url}/releases/${encodeURIComponent(releaseId)}`);
      await page.getByRole('tab', { name: 'Deliveries' }).click();
      const perTarget = page.locator('[data-testid=release-deliveries] tbody tr');
      await expect
        .poll(() => perTarget.allTextContents())
        .toEqual([
          // two attempts at the fixed target: the failed one and the retry
          expect.stringMatching(/^Fixed SFTP\s*New release\s*Completed\s*2(?!\d).*History \(1\)/),
          expect.stringMatching(/^E2E SFTP\s*New release\s*Completed\s*1(?!\d).*History \(1\)/),
        ]);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download XML for E2E SFTP' }).click(),
      ]);
      const ern = await readFile((await download.path())!, 'utf8');
      expect(ern).toContain('PADPIDA20270101099'); // the target's recipient
      await axe(page, 'release-deliveries');
      await page.click('[data-testid=edit-release]');
      await page.waitForURL(/\/edit$/);
      await page.getByRole('heading', { name: 'Edit Aurora Tapes' }).waitFor();
      expect(await page.textContent('[data-testid=save-status]')).toContain('All changes saved');
      await page.fill('#w-title', 'Aurora Tapes (Deluxe)');
      await expect.poll(() => page.textContent('[data-testid=save-status]'), { timeout: 10_000 }).toMatch(/^Saved /);
      const saved = await api(`/api/releases/${encodeURIComponent(releaseId)}`);
      const release = saved.body.release as {
        metadata: { title: string };
        status: string;
        assets: { audio: unknown[] };
      };
      expect(release.metadata.title).toBe('Aurora Tapes (Deluxe)');
      expect(release.assets.audio).toHaveLength(2); // the stored files are kept

      // two tracks with one ISRC: only the server's rules catch it, and its message lands at the field
      await page.getByRole('button', { name: /2\. Tracks/ }).click();
      await page.fill('#t1-isrc', 'NOXYZ2600001');
      await page.locator('#t1-isrc').blur();
      await expect.poll(() => page.getAttribute('#t1-isrc', 'aria-invalid'), { timeout: 10_000 }).toBe('true');
      const describedBy = (await page.getAttribute('#t1-isrc', 'aria-describedby'))!.split(' ');
      const messages = await Promise.all(
        describedBy.map((id) =>
          page
            .locator(`#${id}`)
            .textContent()
            .catch(() => ''),
        ),
      );
      expect(messages.join(' ')).toMatch(/ISRC/);
      expect(await page.textContent('[data-testid=step-summary]')).toContain('tracks.1.isrc');
      // Next says why it will not go on, and is described by that reason
      await page.click('[data-testid=wizard-next]');
      expect(await page.textContent('#next-why')).toBe('Fix 1 problems on this step to go on.');
      expect(await page.getAttribute('[data-testid=wizard-next]', 'aria-describedby')).toBe('next-why');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('t1-isrc'); // focus goes to the field
      await axe(page, 'wizard-edit-server-error');
      await page.fill('#t1-isrc', 'NOXYZ2600003');
      await page.locator('#t1-isrc').blur();
      await expect.poll(() => page.getAttribute('#t1-isrc', 'aria-invalid'), { timeout: 10_000 }).not.toBe('true');
      await expect.poll(() => page.textContent('[data-testid=save-status]'), { timeout: 10_000 }).toMatch(/^Saved /);

      // someone else saves meanwhile: the next autosave gets 409 and the dialog compares both
      const current = await api(`/api/releases/${encodeURIComponent(releaseId)}`);
      const theirs = current.body.release as { metadata: Record<string, unknown> };
      const put = await api(`/api/releases/${encodeURIComponent(releaseId)}`, {
        method: 'PUT',
        headers: { 'If-Match': `"${current.body.version}"` },
        body: JSON.stringify({ ...theirs, metadata: { ...theirs.metadata, label: 'Their Label' } }),
      });
      expect(put.status).toBe(200);
      await page.getByRole('button', { name: /1\. Basics/ }).click();
      await page.fill('#w-label', 'My Label');
      const diff = page.locator('[data-testid=conflict-diff]');
      await diff.waitFor({ timeout: 10_000 });
      expect(await diff.textContent()).toMatch(/label\s*My Label\s*Their Label/);
      await axe(page, 'wizard-conflict');
      await page.click('[data-testid=keep-mine]');
      await expect.poll(() => page.textContent('[data-testid=save-status]'), { timeout: 10_000 }).toMatch(/^Saved /);
      const after = await api(`/api/releases/${encodeURIComponent(releaseId)}`);
      expect((after.body.release as { metadata: { label: string } }).metadata.label).toBe('My Label');

      // Ctrl+S saves at once
      await page.fill('#w-catno', 'E2E-00X');
      await page.keyboard.press('Control+s');
      await expect.poll(() => page.textContent('[data-testid=save-status]')).toMatch(/^(Saving|Saved )/);
      await expect
        .poll(async () => (await api(`/api/releases/${encodeURIComponent(releaseId)}`)).body.release, { timeout: 5000 })
        .toMatchObject({ metadata: { catalogNumber: 'E2E-00X' } });

      // leaving before the autosave asks in a dialog (no confirm()); staying keeps the edit
      await page.fill('#w-catno', 'E2E-002');
      await page.getByRole('navigation').getByRole('link', { name: 'Catalog' }).click();
      await page.getByRole('dialog', { name: 'Leave with unsaved changes?' }).waitFor();
      expect(page.url()).toMatch(/\/edit$/);
      await page.getByRole('button', { name: 'Save and leave' }).click();
      await page.waitForURL(/\/catalog/);
      const left = await api(`/api/releases/${encodeURIComponent(releaseId)}`);
      expect((left.body.release as { metadata: { catalogNumber: string } }).metadata.catalogNumber).toBe('E2E-002');
    }, 90_000);

    it('catalog: search (non-ASCII too), filters, sort and paging live in the URL; bulk status reports each release', async () => {
      const seed = JSON.parse(await readFile(join(ROOT, '../shared/examples/release-album.json'), 'utf8'));
      const titles = ['Ágætis Byrjun', '東京 Nights', ...Array.from({ length: 10 }, (_, i) => `Filler ${i + 1}`)];
      for (const [i, title] of titles.entries()) {
        const created = await api('/api/releases', {
          method: 'POST',
          body: JSON.stringify({
            ...seed,
            id: `rel-cat-${i}`,
            tenantId: undefined,
            status: i % 2 ? 'ready' : 'draft',
            metadata: { ...seed.metadata, title, label: i < 2 ? 'Ísland Records' : 'Polar Records' },
          }),
        });
        expect(created.status, JSON.stringify(created.body)).toBe(201);
      }
      // at 375 px the navigation folds behind a menu button and the table turns into labelled cards
      await page.goto(`${url}/catalog`);
      await page.locator('tbody tr').first().waitFor();
      await page.setViewportSize({ width: 375, height: 800 });
      expect(await page.isVisible('#main-nav')).toBe(false);
      await page.getByRole('button', { name: 'Menu' }).click();
      expect(await page.isVisible('#main-nav')).toBe(true);
      expect(await page.getAttribute('.menu-toggle', 'aria-expanded')).toBe('true');
      const card = await page.$eval('tbody tr', (tr) => ({
        display: getComputedStyle(tr).display,
        label: getComputedStyle(tr.querySelector('td:nth-child(2)')!, '::before').content,
        head: tr.closest('table')!.querySelector('thead')!.getBoundingClientRect().height,
      }));
      expect(card).toEqual({ display: 'block', label: '"Title"', head: 1 });
      await page.setViewportSize({ width: 1280, height: 900 });
      expect(await page.isVisible('#main-nav')).toBe(true);
      await page.selectOption('#catalog-limit', '10');
      await page.waitForURL(/limit=10/);
      await expect.poll(() => page.locator('tbody tr').count()).toBe(10);
      const firstPage = await page.locator('tbody tr td:nth-child(2) a').allTextContents();
      await page.getByRole('button', { name: 'Next page' }).click();
      await page.waitForURL(/cursor=/);
      await expect.poll(() => page.locator('tbody tr td:nth-child(2) a').first().textContent()).not.toBe(firstPage[0]);
      const secondPage = await page.locator('tbody tr td:nth-child(2) a').allTextContents();
      expect(secondPage.filter((x) => firstPage.includes(x))).toEqual([]);
      await page.getByRole('button', { name: 'Previous page' }).click();
      await expect.poll(() => page.locator('tbody tr td:nth-child(2) a').allTextContents()).toEqual(firstPage);
      await page.selectOption('#catalog-order', 'asc');
      await expect.poll(() => page.locator('tbody tr td:nth-child(2) a').first().textContent()).toBe('Northern Lights');

      // upper-case, accented search finds the release; the URL keeps it through a reload
      await page.fill('#catalog-q', 'ÁGÆTIS');
      await page.waitForURL(/q=%C3%81G%C3%86TIS/);
      await expect.poll(() => page.locator('tbody tr td:nth-child(2) a').allTextContents()).toEqual(['Ágætis Byrjun']);
      await page.reload();
      expect(await page.inputValue('#catalog-q')).toBe('ÁGÆTIS');
      await expect.poll(() => page.locator('tbody tr td:nth-child(2) a').allTextContents()).toEqual(['Ágætis Byrjun']);
      await page.fill('#catalog-q', '東京');
      await expect.poll(() => page.locator('tbody tr td:nth-child(2) a').allTextContents()).toEqual(['東京 Nights']);
      await page.getByRole('button', { name: 'Clear filters' }).first().click();
      await page.fill('#catalog-label', 'Ísland Records');
      await page.selectOption('#catalog-status', 'draft');
      await expect.poll(() => page.locator('tbody tr td:nth-child(2) a').allTextContents()).toEqual(['Ágætis Byrjun']);
      await page.selectOption('#catalog-status', '');
      await page.fill('#catalog-from', '2099-01-01');
      await page.locator('#catalog-from').dispatchEvent('change');
      await page.getByText('Nothing matches these filters.').waitFor();
      await axe(page, 'catalog-no-matches');
      await page.getByRole('button', { name: 'Clear filters' }).first().click();

      // "select all matching" walks every page; bulk status: one release changed meanwhile is refused on its own
      await page.goto(`${url}/catalog?q=Filler&limit=5`);
      await expect.poll(() => page.locator('tbody tr').count()).toBe(5);
      await page.getByLabel('Select all on this page').check();
      await expect.poll(() => page.textContent('[data-testid=selected-count]')).toBe('5 selected');
      await page.click('[data-testid=select-all-matching]');
      await expect.poll(() => page.textContent('[data-testid=selected-count]')).toBe('10 selected');
      await page.goto(`${url}/catalog`);
      await expect.poll(() => page.locator('tbody tr').count()).toBe(14);
      await page.getByLabel('Select 東京 Nights').check();
      await page.getByLabel('Select Northern Lights').check();
      const stale = await api('/api/releases/rel-cat-1');
      await api('/api/releases/rel-cat-1', {
        method: 'PUT',
        headers: { 'If-Match': `"${stale.body.version}"` },
        body: JSON.stringify({ ...(stale.body.release as object), status: 'archived' }),
      });
      await page.selectOption('#bulk-status', 'delivered');
      await page.click('[data-testid=bulk-status-apply]');
      const report = page.locator('[data-testid=bulk-results]');
      await report.waitFor();
      await expect.poll(() => report.locator('li').count()).toBe(2);
      expect(await report.locator('li', { hasText: 'rel-cat-1' }).textContent()).toMatch(/failed/);
      expect(await report.locator('li', { hasText: seed.id }).textContent()).toMatch(/ok.*status set to Delivered/);
    }, 90_000);

    it('dashboard figures come from /api/metrics; shortcuts, locale and dark theme work; an API key shows its secret once', async () => {
      await page.goto(`${url}/`);
      await expect.poll(() => page.textContent('[data-testid=kpi-releases]')).toMatch(/^\s*14(?!\d)/);
      const perTarget = page.locator('[data-testid=chart-per-target] table');
      await expect.poll(() => perTarget.textContent()).toMatch(/E2E SFTP \(100\s?%\)\s*1\s*0/);
      expect(await perTarget.textContent()).toMatch(/Fixed SFTP \(100\s?%\)\s*1\s*0/);
      expect(await page.textContent('[data-testid=kpi-p50]')).toMatch(/\d/);
      const perDay = await page.locator('[data-testid=chart-per-day] tbody tr').allTextContents();
      expect(perDay).toHaveLength(14);
      await page.locator('[data-testid=chart-per-day]').getByRole('button', { name: 'Show table' }).click();
      await page.locator('[data-testid=chart-per-day] table:not(.visually-hidden)').waitFor();

      // keyboard: "/" focuses the search, "?" lists the shortcuts, Esc closes, "n" starts a release
      await page.goto(`${url}/catalog`);
      await page.locator('tbody tr').first().waitFor();
      await page.locator('h1').click();
      await page.keyboard.press('/');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('catalog-q');
      await page.locator('h1').click();
      await page.keyboard.press('?');
      await page.getByRole('dialog').waitFor();
      await axe(page, 'shortcuts');
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'detached' });
      await page.keyboard.press('n');
      await page.waitForURL(/\/releases\/new$/);

      // German: navigation, dates and numbers follow the locale, and <html lang> too
      await page.goto(`${url}/catalog?q=Northern`);
      await page.selectOption('#locale-select', 'de');
      await page.getByRole('navigation').getByRole('link', { name: 'Katalog' }).waitFor();
      expect(await page.getAttribute('html', 'lang')).toBe('de');
      expect(await page.locator('tbody tr', { hasText: 'Northern Lights' }).textContent()).toContain('05.03.2027');
      await axe(page, 'catalog-de');
      await page.selectOption('#locale-select', 'en');
      await page.getByRole('navigation').getByRole('link', { name: 'Catalog' }).waitFor();

      // dark theme, chosen once and kept, passes axe too
      await page.selectOption('#theme-select', 'dark');
      expect(await page.getAttribute('html', 'data-theme')).toBe('dark');
      await page.goto(`${url}/`);
      expect(await page.getAttribute('html', 'data-theme')).toBe('dark');
      await page.locator('[data-testid=kpi-releases]').waitFor();
      await axe(page, 'dashboard-dark');
      await shoot(page, 'dashboard-dark');
      await page.selectOption('#theme-select', 'light');

      // team: invite by e-mail with a role, change the role, remove after a confirmation; not oneself
      await page.goto(`${url}/settings`);
      await page.fill('#invite-email', 'newcomer@example.com');
      await page.selectOption('#invite-role', 'manager');
      await page.getByRole('button', { name: 'Add member' }).click();
      const member = page.locator('tr', { hasText: 'newcomer@example.com' });
      await member.waitFor();
      await member.getByLabel('Role').selectOption('viewer');
      await page.getByText('Role changed').waitFor();
      const users = (await api('/api/users?limit=500')).body.items as { email: string; role: string }[];
      expect(users.find((u) => u.email === 'newcomer@example.com')?.role).toBe('viewer');
      expect(
        await page.locator('tr', { hasText: 'demo@example.com' }).getByRole('button', { name: 'Remove' }).isDisabled(),
      ).toBe(true);
      await member.getByRole('button', { name: 'Remove' }).click();
      await page
        .getByRole('dialog', { name: 'Remove newcomer@example.com from the team?' })
        .getByRole('button', { name: 'Remove' })
        .click();
      await member.waitFor({ state: 'detached' });

      // API keys: the secret is shown once; revoking asks first
      await page.fill('#key-name', 'CI uploader');
      await page.selectOption('#key-role', 'manager');
      await page.getByRole('button', { name: 'Create key' }).click();
      const secret = (await page.locator('[data-testid=api-secret]').textContent())!.trim();
      expect((await api('/api/releases?limit=1', {}, secret)).status).toBe(200);
      await page
        .getByRole('status')
        .filter({ has: page.locator('[data-testid=api-secret]') })
        .getByRole('button', { name: 'Dismiss' })
        .click();
      expect(await page.locator('[data-testid=api-secret]').count()).toBe(0);
      expect(await page.content()).not.toContain(secret);
      await page.click('[data-testid="revoke-CI uploader"]');
      await page.getByRole('dialog', { name: /Revoke the key/ }).waitFor();
      await page.click('[data-testid=confirm-revoke]');
      await page.locator('li', { hasText: 'CI uploader' }).getByText('revoked').waitFor();
      expect((await api('/api/releases?limit=1', {}, secret)).status).toBe(401);

      // branding: colour and logo preview live, are stored on the tenant and paint every page after a reload
      await page.fill('#brand-color', '#aa3300');
      await expect
        .poll(() => page.evaluate(() => document.documentElement.style.getPropertyValue('--brand')))
        .toBe('#aa3300');
      await page.setInputFiles('#brand-logo', { name: 'logo.png', mimeType: 'image/png', buffer: png(64, 64) });
      await expect
        .poll(() => page.locator('[data-testid=brand-preview] img').getAttribute('src'))
        .toMatch(/^data:image\/png;base64,/);
      await page.getByRole('button', { name: 'Save' }).first().click();
      await page.getByText('Branding saved').waitFor();
      await page.reload();
      await page.locator('[data-testid=brand-logo][src^="data:image/png"]').waitFor();
      const tokens = await page.evaluate(() => [
        document.documentElement.style.getPropertyValue('--brand'),
        document.documentElement.style.getPropertyValue('--on-brand'),
      ]);
      expect(tokens).toEqual(['#aa3300', '#ffffff']);
      await axe(page, 'settings-branded');
    }, 90_000);

    it('every route is reachable from the navigation, passes axe and is photographed at 375, 768 and 1280 px', async () => {
      const expected = [
        '/',
        '/catalog',
        '/releases/new',
        '/releases/:id',
        '/releases/:id/edit',
        '/deliveries',
        '/deliveries/new',
        '/targets',
        '/settings',
      ];
      const pattern = (path: string) => path.replace(/^\/releases\/(?!new$)[^/]+(\/edit)?$/, '/releases/:id$1');
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
      await page.getByLabel('Select Aurora Tapes').check();
      expect(await page.isDisabled('[data-testid=bulk-status-apply]')).toBe(true);
      expect(await page.isDisabled('.actions button.danger')).toBe(true);
      await page.getByRole('link', { name: 'Aurora Tapes' }).click();
      await page.waitForURL(/\/releases\/rel-/);
      await page.getByText('Your role can view but not change this.').first().waitFor();
      expect(await page.locator('[data-testid=edit-release]').count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Edit' }).isDisabled()).toBe(true);
      expect(await page.getByRole('button', { name: 'Deliver' }).isDisabled()).toBe(true);
      await page.goto(`${url}/releases/${encodeURIComponent(releaseId)}/edit`);
      await page.getByText('Your role can view but not change this.').first().waitFor();
      expect(await page.locator('#w-title').count()).toBe(0);
      await page.goto(`${url}/settings`);
      await page.getByText(/only admins/i).waitFor();
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
